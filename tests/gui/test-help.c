/* test-help.c — F1: which page for which step, the fallback chain, finding
 * the built pages by language, and the help window that shows a page's text. */
#include "dbo-test-utils.h"

#include <adwaita.h>

#include "dbo-help.h"

/* ---- which page ---- */

typedef struct {
  const char *step;
  const char *page;
} PageCase;

static const PageCase page_cases[] = {
  { "enterprise", "enterprise" },
  { "objects", "objects" },
  { "grading", "grading" },
  { "panel", "panel" },
  { "documents", "documents" },
  { "submit", "submit" },
  { "progress", "progress" },
  { NULL, "index" },              /* the start page */
  { "meeting", "index" },         /* not a step of the wizard */
  { "", "index" },
};

static void
test_page_for_step (gconstpointer data)
{
  const PageCase *c = data;

  g_assert_cmpstr (dbo_help_page_for_step (c->step), ==, c->page);
}

/* Every step's page exists in the sources, in English. */
static void
test_pages_exist (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_cases); i++)
    {
      g_autofree char *name = g_strconcat (page_cases[i].page, ".page", NULL);
      g_autofree char *path = dbo_test_source_path ("help", "C", name, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

/* ---- which route ---- */

typedef struct {
  DboHelpRoute first;
  gboolean viewer;
  gboolean browser;
  gboolean html;
  gboolean page;
  DboHelpRoute expected;
} RouteCase;

static const RouteCase route_cases[] = {
  /* first try: the help viewer wins whenever it is there */
  { DBO_HELP_ROUTE_VIEWER, TRUE, TRUE, TRUE, TRUE, DBO_HELP_ROUTE_VIEWER },
  { DBO_HELP_ROUTE_VIEWER, TRUE, FALSE, FALSE, FALSE, DBO_HELP_ROUTE_VIEWER },
  /* no viewer (Debian's default): HTML in the browser */
  { DBO_HELP_ROUTE_VIEWER, FALSE, TRUE, TRUE, TRUE, DBO_HELP_ROUTE_HTML },
  /* no browser, or no HTML built: the page in our own window */
  { DBO_HELP_ROUTE_VIEWER, FALSE, FALSE, TRUE, TRUE, DBO_HELP_ROUTE_INLINE },
  { DBO_HELP_ROUTE_VIEWER, FALSE, TRUE, FALSE, TRUE, DBO_HELP_ROUTE_INLINE },
  /* nothing installed */
  { DBO_HELP_ROUTE_VIEWER, FALSE, TRUE, FALSE, FALSE, DBO_HELP_ROUTE_NONE },
  { DBO_HELP_ROUTE_VIEWER, FALSE, FALSE, FALSE, FALSE, DBO_HELP_ROUTE_NONE },
  /* after the viewer failed to start */
  { DBO_HELP_ROUTE_HTML, TRUE, TRUE, TRUE, TRUE, DBO_HELP_ROUTE_HTML },
  { DBO_HELP_ROUTE_HTML, TRUE, FALSE, TRUE, TRUE, DBO_HELP_ROUTE_INLINE },
  /* after the browser failed too */
  { DBO_HELP_ROUTE_INLINE, TRUE, TRUE, TRUE, TRUE, DBO_HELP_ROUTE_INLINE },
  { DBO_HELP_ROUTE_INLINE, TRUE, TRUE, TRUE, FALSE, DBO_HELP_ROUTE_NONE },
  { DBO_HELP_ROUTE_NONE, TRUE, TRUE, TRUE, TRUE, DBO_HELP_ROUTE_NONE },
};

static void
test_choose_route (gconstpointer data)
{
  const RouteCase *c = data;

  g_assert_cmpint (dbo_help_choose_route (c->first, c->viewer, c->browser,
                                          c->html ? "/x/index.html" : NULL,
                                          c->page ? "/x/index.page" : NULL), ==, c->expected);
}

/* ---- finding the built pages ---- */

static void
test_find_by_language (void)
{
  g_autofree char *zh_page = NULL;
  g_autofree char *zh_html = NULL;
  g_autofree char *c_page = NULL;
  g_autofree char *fallback = NULL;

  g_assert_nonnull (g_getenv ("DENGBAO_HELP_DIR"));

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  zh_page = dbo_help_find_file ("enterprise", ".page");
  zh_html = dbo_help_find_file ("enterprise", ".html");
  g_assert_nonnull (zh_page);
  g_assert_nonnull (zh_html);
  g_assert_true (g_str_has_suffix (zh_page, "/zh_CN/enterprise.page"));
  g_assert_true (g_str_has_suffix (zh_html, "/zh_CN/enterprise.html"));

  g_setenv ("LANGUAGE", "de:en", TRUE);
  c_page = dbo_help_find_file ("rules", ".page");
  g_assert_nonnull (c_page);
  g_assert_true (g_str_has_suffix (c_page, "/C/rules.page"));

  /* A language without help falls back to English; names never leave the folder. */
  g_setenv ("LANGUAGE", "fr_FR", TRUE);
  fallback = dbo_help_find_file ("index", ".html");
  g_assert_nonnull (fallback);
  g_assert_true (g_str_has_suffix (fallback, "/C/index.html"));
  g_assert_null (dbo_help_find_file ("../../etc/passwd", ".page"));
  g_assert_null (dbo_help_find_file ("no-such-page", ".page"));
  g_assert_null (dbo_help_find_file ("", ".page"));
  g_assert_null (dbo_help_find_file (NULL, ".page"));
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
}

/* ---- the help window ---- */

static void
spin_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
built_page (const char *lang, const char *page)
{
  g_autofree char *name = g_strconcat (page, ".page", NULL);

  return g_build_filename (g_getenv ("DENGBAO_HELP_DIR"), lang, name, NULL);
}

static void
test_window_english (void)
{
  g_autofree char *path = built_page ("C", "enterprise");
  g_autofree char *rules = built_page ("C", "rules");
  g_autoptr(GError) error = NULL;
  DboHelpWindow *window;
  g_autofree char *text = NULL;
  g_autofree char *rules_text = NULL;

  window = DBO_HELP_WINDOW (dbo_help_window_new (NULL, path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (window);
  gtk_window_present (GTK_WINDOW (window));
  spin_main_loop ();
  g_assert_cmpstr (dbo_help_window_get_title_text (window), ==, "Enterprise");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Enterprise");
  text = dbo_help_window_get_text (window);
  /* Terms, inline GUI words, and a link resolved to its page's title. */
  g_assert_nonnull (strstr (text, "Basic Information"));
  g_assert_nonnull (strstr (text, "unified social credit code"));
  g_assert_nonnull (strstr (text, "See The grading method and the rules."));
  g_assert_null (strstr (text, "  "));

  /* Another page in the same window: the matrix table comes out row by row. */
  g_assert_true (dbo_help_window_load (window, rules, &error));
  g_assert_no_error (error);
  rules_text = dbo_help_window_get_text (window);
  g_assert_nonnull (strstr (rules_text, "Social order and public interest | Level 2 | Level 3 | Level 4"));
  g_assert_nonnull (strstr (rules_text, "公通字[2007]43号 第十五条"));
  g_assert_nonnull (strstr (rules_text, "§三(一)2"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin_main_loop ();
}

/* The index lists each section's pages under its heading, the seven steps
 * in the wizard's order, not by title (issue 16, item 11). */
static void
test_index_sections (void)
{
  g_autofree char *path = built_page ("zh_CN", "index");
  g_autoptr(GError) error = NULL;
  DboHelpWindow *window = DBO_HELP_WINDOW (dbo_help_window_new (NULL, path, &error));
  g_autofree char *text = NULL;
  static const char *const steps[] = { "企业信息", "定级对象", "拟定等级", "专家评审", "文件", "提交", "进度" };
  const char *at;

  g_assert_no_error (error);
  text = dbo_help_window_get_text (window);
  at = strstr (text, "七个步骤");
  g_assert_nonnull (at);
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", steps[i]);
      const char *found = strstr (at, line);

      if (found == NULL)
        g_error ("step %s not listed in order under the steps in “%s”", steps[i], at);
      at = found + 1;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  spin_main_loop ();
}

static void
test_window_chinese (void)
{
  g_autofree char *path = built_page ("zh_CN", "grading");
  g_autoptr(GError) error = NULL;
  DboHelpWindow *window;
  g_autofree char *text = NULL;

  window = DBO_HELP_WINDOW (dbo_help_window_new (NULL, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dbo_help_window_get_title_text (window), ==, "拟定等级");
  text = dbo_help_window_get_text (window);
  g_assert_nonnull (strstr (text, "业务信息安全"));
  g_assert_nonnull (strstr (text, "系统服务安全"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin_main_loop ();
}

/* Files that are not help pages are refused, never shown half-parsed. */
static void
test_window_refuses (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *dtd = g_build_filename (dir, "dtd.page", NULL);
  g_autofree char *other = g_build_filename (dir, "other.page", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.page", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.page", NULL);
  const char *paths[] = { dtd, other, broken, missing };

  g_assert_true (g_file_set_contents (dtd,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE page [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<page xmlns=\"http://projectmallard.org/1.0/\" id=\"dtd\"><title>&x;</title></page>", -1, NULL));
  g_assert_true (g_file_set_contents (other, "<html><title>Not Mallard</title></html>", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "<page xmlns=\"http://projectmallard.org/1.0/\"><title>", -1,
                                      NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (dbo_help_window_new (NULL, paths[i], &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", paths[i], error->message);
    }
}

/* ---- screenshot (only with DBO_SCREENSHOT_DIR set) ---- */

static void
test_screenshot (void)
{
  const char *dir = g_getenv ("DBO_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window;
  gint64 end;
  int w, h;

  if (dir == NULL)
    {
      g_test_skip ("DBO_SCREENSHOT_DIR not set");
      return;
    }
  path = built_page ("zh_CN", "rules");
  window = dbo_help_window_new (NULL, path, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 770, 810);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 800 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  png = g_build_filename (dir, "help-window-zh_CN.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  gtk_window_destroy (GTK_WINDOW (window));
  spin_main_loop ();
}

int
main (int argc, char *argv[])
{
  /* The isolation hides /usr/share/mime, which gdk-pixbuf needs for SVG icons: read it first. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (page_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/help/page-for-step/%s",
                                               page_cases[i].step == NULL ? "(start page)"
                                               : *page_cases[i].step == '\0' ? "(empty)" : page_cases[i].step);

      g_test_add_data_func (name, &page_cases[i], test_page_for_step);
    }
  g_test_add_func ("/help/pages-exist", test_pages_exist);
  for (guint i = 0; i < G_N_ELEMENTS (route_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/help/choose-route/%u", i);

      g_test_add_data_func (name, &route_cases[i], test_choose_route);
    }
  g_test_add_func ("/help/find-by-language", test_find_by_language);
  g_test_add_func ("/help/window-english", test_window_english);
  g_test_add_func ("/help/window-chinese", test_window_chinese);
  g_test_add_func ("/help/index-sections", test_index_sections);
  g_test_add_func ("/help/window-refuses", test_window_refuses);
  g_test_add_func ("/help/screenshot", test_screenshot);
  return g_test_run ();
}
