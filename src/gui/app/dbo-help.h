/* dbo-help.h — opening the help page of a step, offline
 *
 * F1 opens the Mallard page of the step shown (help/C/<step>.page). The routes
 * are tried in order, each falling through to the next when it is missing or
 * fails: the desktop's help viewer (help:dengbao/<page>, yelp); the page built
 * as HTML at build time (<datadir>/dengbao/help/<lang>/<page>.html) in the web
 * browser; the page's text in a window of the application's own.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum {
  DBO_HELP_ROUTE_VIEWER,          /* help:dengbao/<page> in the help viewer */
  DBO_HELP_ROUTE_HTML,            /* file:///…/<page>.html in the browser */
  DBO_HELP_ROUTE_INLINE,          /* the page's text in a DboHelpWindow */
  DBO_HELP_ROUTE_NONE,            /* no help installed at all */
} DboHelpRoute;

/* The help page of a wizard step ("enterprise" … "progress"); "index" for NULL
 * (the start page) or a step without a page. */
const char   *dbo_help_page_for_step  (const char *step);
/* The first route at or after @first that is available: a help viewer is
 * installed (@have_viewer), an HTML file exists and something opens HTML
 * (@html_path != NULL && @have_browser), the page file exists (@page_path != NULL). */
DboHelpRoute  dbo_help_choose_route   (DboHelpRoute first,
                                       gboolean     have_viewer,
                                       gboolean     have_browser,
                                       const char  *html_path,
                                       const char  *page_path);
/* The file of @page with @suffix (".html", ".page") in the user's first
 * language that has one, or NULL. Looks in $DENGBAO_HELP_DIR/<lang>/ (an
 * uninstalled build), <datadir>/dengbao/help/<lang>/, and for pages also the
 * help viewer's <datadir>/help/<lang>/dengbao/. */
char         *dbo_help_find_file      (const char *page,
                                       const char *suffix);
/* Opens @page for @parent (may be NULL) by the first route that works. */
void          dbo_help_show           (GtkWindow  *parent,
                                       const char *page);

/* A window showing a Mallard page's text, with links to the other pages of
 * its folder; NULL with an error when the file cannot be read or is not a page. */
#define DBO_TYPE_HELP_WINDOW (dbo_help_window_get_type ())
G_DECLARE_FINAL_TYPE (DboHelpWindow, dbo_help_window, DBO, HELP_WINDOW, AdwWindow)

GtkWidget    *dbo_help_window_new     (GtkWindow   *parent,
                                       const char  *page_path,
                                       GError     **error);
/* Shows another page in the same window. */
gboolean      dbo_help_window_load    (DboHelpWindow *self,
                                       const char    *page_path,
                                       GError       **error);
/* The page's title and its text as shown, paragraphs separated by blank lines (tests). */
const char   *dbo_help_window_get_title_text (DboHelpWindow *self);
char         *dbo_help_window_get_text       (DboHelpWindow *self);

G_END_DECLS
