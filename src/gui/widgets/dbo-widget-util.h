/* Small helpers shared by the window's widgets. */
#pragma once

#include <adwaita.h>
#include "dbo-checks.h"
#include "dbo-model.h"
#include "dbo-session.h"

G_BEGIN_DECLS

void dbo_widget_set_tooltip      (GtkWidget   *widget,
                                  const char  *text);
void dbo_widget_idle_after_frame (GtkWidget   *widget,
                                  GSourceFunc  func,
                                  guint       *source);
/* Shows @toast (taking it) in the AdwToastOverlay around @widget; without
 * one (a widget tested on its own) it is only logged. */
void dbo_widget_add_toast        (GtkWidget   *widget,
                                  AdwToast    *toast);
/* Sets an editable's text only when it differs: rewriting the text of a
 * field being typed in would move the cursor. NULL is "". */
void dbo_editable_set_text_kept  (GtkEditable *editable,
                                  const char  *text);
/* Marks the field @widget with @finding, NULL clearing the mark: the
 * finding's message as tooltip and the style "error", or "warning" for a
 * warning unless @warning_as_error. */
void dbo_widget_mark_finding     (GtkWidget        *widget,
                                  const DboFinding *finding,
                                  gboolean          warning_as_error);
/* The last row of a list shown a page at a time: "Show @n_next more
 * protected objects", "@n_left not shown"; activating it shows the next page. */
GtkWidget *dbo_show_more_row_new (guint n_next,
                                  guint n_left);
/* An action row showing @title and @subtitle (may be NULL) as plain text. */
GtkWidget  *dbo_plain_row_new   (const char         *title,
                                 const char         *subtitle);
/* A list of the translations of @labels (@n of them, marked N_()), for a combo row. */
GListModel *dbo_label_model_new (const char * const *labels,
                                 guint               n);
/* Removes every row of @list. */
void dbo_list_box_remove_all     (GtkListBox  *list);

/* A scan, photo or PDF read from @file as an attachment named @name_prefix
 * and the file's name (without its extension when @strip_extension).
 * Refuses what is not one (by its first bytes) or larger than 64 MB. */
DboAttachment *dbo_attachment_load_scan (GFile      *file,
                                         const char *name_prefix,
                                         gboolean    strip_extension,
                                         GError    **error);

/* What a bundle's refusal (DBO_BUNDLE_ERROR, dbo-bundle.h) means, translated. */
const char    *dbo_bundle_error_describe (const GError *error);
/* @text as a file name: no separators or characters Windows refuses, not
 * hidden, not empty. */
char          *dbo_file_name_from        (const char *text);

/* A level's badge (第二级, coloured by level); 0: "not graded yet". */
void           dbo_widget_set_level_badge (GtkWidget *badge, int level);

/* A dialog on @widget's window asking before a destructive @response
 * (labelled @label) that takes more than it says; Cancel is the default. */
GtkWidget     *dbo_confirm_dialog_new    (GtkWidget  *widget,
                                          const char *heading,
                                          const char *body,
                                          const char *response,
                                          const char *label);

/* A chooser for a file the project makes opens in the folder last chosen
 * for this project's files, else the project's own folder. */
void           dbo_chooser_start_in_output_folder (GtkFileChooser *chooser, DboSession *session);
void           dbo_session_remember_output_folder (DboSession *session, const char *folder);

G_END_DECLS
