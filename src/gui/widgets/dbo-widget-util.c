/* Small helpers shared by the window's widgets. */
#include "config.h"

#include "dbo-widget-util.h"

#include "dbo-bundle.h"
#include "dbo-findings-box.h"
#include "dbo-model.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

/* Sets @widget's tooltip to @text (NULL or "" for none).
 *
 * gtk_widget_set_tooltip_text() on a shown widget asks the display where the
 * pointer is, in case a tooltip is open there: on X11 a round trip to the
 * server. Views that mark hundreds of rows after every keystroke would pay it
 * hundreds of times, so an unchanged tooltip is left alone and a widget not
 * yet in a window (a row being built) gets its tooltip without asking. */
void
dbo_widget_set_tooltip (GtkWidget  *widget,
                        const char *text)
{
  const char *current;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  current = gtk_widget_get_tooltip_text (widget);
  if (g_strcmp0 (current, text) == 0)
    return;
  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    {
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
      return;
    }
  gtk_widget_set_tooltip_text (widget, text);
}

void
dbo_widget_add_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  g_debug ("%s", adw_toast_get_title (toast));
  g_object_unref (toast);
}

void
dbo_editable_set_text_kept (GtkEditable *editable,
                            const char  *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

void
dbo_widget_mark_finding (GtkWidget        *widget,
                         const DboFinding *finding,
                         gboolean          warning_as_error)
{
  gboolean error;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  error = finding != NULL && (finding->severity == DBO_SEVERITY_ERROR || warning_as_error);
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  if (finding != NULL && !error)
    gtk_widget_add_css_class (widget, "warning");
  else
    gtk_widget_remove_css_class (widget, "warning");
  dbo_widget_set_tooltip (widget, finding != NULL ? dbo_finding_describe (finding) : NULL);
}

GtkWidget *
dbo_show_more_row_new (guint n_next,
                       guint n_left)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u more protected object",
                                                         "Show %u more protected objects", n_next), n_next);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not shown", "%u not shown", n_left),
                                               n_left);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("view-more-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

GtkWidget *
dbo_plain_row_new (const char *title,
                   const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

GListModel *
dbo_label_model_new (const char * const *labels,
                     guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(labels[i]));
  return G_LIST_MODEL (list);
}

void
dbo_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

typedef struct
{
  GSourceFunc func;
  guint *source;
} AfterFrame;

G_DEFINE_QUARK (dbo-after-frame, after_frame)

static void
after_frame_cb (GdkFrameClock *clock,
                GtkWidget     *widget)
{
  g_autofree AfterFrame *after = g_object_steal_qdata (G_OBJECT (widget), after_frame_quark ());

  g_signal_handlers_disconnect_by_func (clock, after_frame_cb, widget);
  if (after != NULL && *after->source == 0)
    *after->source = g_idle_add_full (G_PRIORITY_LOW, after->func, widget, NULL);
}

/* Runs @func (@widget) from a low-priority idle once @widget's window has
 * drawn its next frame (from an idle at once when it has no frame clock
 * yet): work that may wait until the window shows what matters first.
 * *@source holds the idle's id; @func clears it when it is done, and the
 * owner removes the source when it goes away. One wait at a time: asking
 * again while a frame or the idle is pending does nothing. */
void
dbo_widget_idle_after_frame (GtkWidget   *widget,
                             GSourceFunc  func,
                             guint       *source)
{
  GdkFrameClock *clock;
  AfterFrame *after;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL && source != NULL);

  if (*source != 0 || g_object_get_qdata (G_OBJECT (widget), after_frame_quark ()) != NULL)
    return;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      *source = g_idle_add_full (G_PRIORITY_LOW, func, widget, NULL);
      return;
    }
  after = g_new (AfterFrame, 1);
  after->func = func;
  after->source = source;
  g_object_set_qdata_full (G_OBJECT (widget), after_frame_quark (), after, g_free);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_frame_cb), widget, 0);
}

/* ---- scans ---- */

/* A scan or photo larger than this is refused (it lives in the project file). */
#define SCAN_MAX_BYTES (64 * 1024 * 1024)

/* The media type of a scan, from its first bytes; NULL when it is neither a
 * picture we know nor a PDF. */
static const char *
sniff_scan_type (const guchar *data, gsize len)
{
  static const guchar pdf[] = { '%', 'P', 'D', 'F', '-' };
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff };
  static const guchar png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
  static const guchar tiff_le[] = { 'I', 'I', 0x2a, 0x00 };
  static const guchar tiff_be[] = { 'M', 'M', 0x00, 0x2a };

  if (len >= sizeof pdf && memcmp (data, pdf, sizeof pdf) == 0)
    return "application/pdf";
  if (len >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (len >= sizeof tiff_le && (memcmp (data, tiff_le, sizeof tiff_le) == 0 || memcmp (data, tiff_be, sizeof tiff_be) == 0))
    return "image/tiff";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  return NULL;
}

DboAttachment *
dbo_attachment_load_scan (GFile *file, const char *name_prefix, gboolean strip_extension, GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  const char *type;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  display = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a file"), display);
      return NULL;
    }
  if (g_file_info_get_size (info) > SCAN_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is larger than %d MB"), display,
                   SCAN_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  len = g_bytes_get_size (bytes);
  type = sniff_scan_type (g_bytes_get_data (bytes, NULL), len);
  if (len > SCAN_MAX_BYTES || type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a scan or photo (JPEG, PNG, TIFF, WebP) or a PDF"), display);
      return NULL;
    }
  basename = g_file_get_basename (file);
  if (!g_utf8_validate (basename, -1, NULL))
    dbo_set_str (&basename, display);
  if (strip_extension)
    {
      char *dot = strrchr (basename, '.');

      if (dot != NULL && dot != basename)
        *dot = '\0';
    }
  name = g_strconcat (name_prefix ? name_prefix : "", basename, NULL);
  return dbo_attachment_new (name, type, bytes);
}

/* ---- words for the user ---- */

/* What a bundle's refusal means, in the user's language. */
/* One sentence for each check of data/schema/bundle.md §4, for the refusal report. */
const char *
dbo_bundle_error_describe (const GError *error)
{
  if (error->domain != DBO_BUNDLE_ERROR)
    return _("The file could not be read");
  switch ((DboBundleError) error->code)
    {
    case DBO_BUNDLE_ERROR_IO: return _("The file could not be read or written");
    case DBO_BUNDLE_ERROR_PROJECT_ERRORS: return _("The project has errors");
    case DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED: return _("A document cannot be produced");
    case DBO_BUNDLE_ERROR_NO_DECISION: return _("A review bundle needs the bureau’s decision");
    case DBO_BUNDLE_ERROR_EXISTS: return _("The destination already exists");
    case DBO_BUNDLE_ERROR_OTHER_PROJECT: return _("The file holds another project");
    case DBO_BUNDLE_ERROR_NOT_ZIP: return _("The file is empty or not a ZIP archive");
    case DBO_BUNDLE_ERROR_INCOMPLETE: return _("The archive is incomplete: it was cut off while being written or copied");
    case DBO_BUNDLE_ERROR_DAMAGED: return _("The archive is damaged");
    case DBO_BUNDLE_ERROR_UNSUPPORTED: return _("The archive uses encryption, ZIP64 or a compression Dengbao does not read");
    case DBO_BUNDLE_ERROR_ENTRY_COUNT: return _("The archive holds too many files");
    case DBO_BUNDLE_ERROR_SIZE_LIMIT: return _("A file, or the whole archive, is too large");
    case DBO_BUNDLE_ERROR_COMPRESSION_RATIO: return _("A file expands far more than any document does (a ZIP bomb)");
    case DBO_BUNDLE_ERROR_ENTRY_NAME: return _("A file name is not allowed: absolute, with “..”, a drive letter or not ASCII");
    case DBO_BUNDLE_ERROR_ENTRY_TYPE: return _("An entry is a link or a device, not a file");
    case DBO_BUNDLE_ERROR_DUPLICATE_NAME: return _("A file name appears twice");
    case DBO_BUNDLE_ERROR_MANIFEST_MISSING: return _("The manifest (manifest.xml) is missing");
    case DBO_BUNDLE_ERROR_XML_FORBIDDEN: return _("The XML declares a DTD, an entity or an external reference");
    case DBO_BUNDLE_ERROR_XML_MALFORMED: return _("The XML is not well-formed UTF-8");
    case DBO_BUNDLE_ERROR_NAMESPACE: return _("This is not a Dengbao bundle");
    case DBO_BUNDLE_ERROR_FORMAT_VERSION: return _("The bundle was written by a newer version of Dengbao");
    case DBO_BUNDLE_ERROR_SCHEMA: return _("The manifest or the project data does not follow its schema");
    case DBO_BUNDLE_ERROR_FILE_MISSING: return _("A file listed in the manifest is missing");
    case DBO_BUNDLE_ERROR_FILE_UNLISTED: return _("The archive holds a file the manifest does not list");
    case DBO_BUNDLE_ERROR_FILE_SIZE: return _("A file’s size differs from the manifest");
    case DBO_BUNDLE_ERROR_FILE_CHECKSUM: return _("A file was changed after the bundle was made: its SHA-256 differs");
    case DBO_BUNDLE_ERROR_FILE_ROLE: return _("A file’s role does not fit its name");
    case DBO_BUNDLE_ERROR_PROJECT_INVALID: return _("The project data breaks a rule");
    case DBO_BUNDLE_ERROR_PROJECT_MISMATCH: return _("The manifest and the project data disagree");
    case DBO_BUNDLE_ERROR_DOCUMENT_MISMATCH: return _("A document is not the one the project data produces");
    default: return _("The bundle was refused");
    }
}

char *
dbo_file_name_from (const char *text)
{
  char *clean = g_strdup (text != NULL ? text : "");

  g_strdelimit (g_strstrip (clean), "/\\:*?\"<>|", '_');
  /* Not hidden, not empty. */
  while (*clean == '.')
    *clean = '_';
  if (*clean == '\0')
    {
      g_free (clean);
      clean = g_strdup (_("project"));
    }
  return clean;
}

/* ---- level badges ---- */

void
dbo_widget_set_level_badge (GtkWidget *badge, int level)
{
  g_return_if_fail (GTK_IS_LABEL (badge));

  /* Setting a label, even to its own text, lays it out again: a thousand
   * rows refreshed after every edit must not. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (badge), "dbo-level")) == level + 1)
    return;
  g_object_set_data (G_OBJECT (badge), "dbo-level", GINT_TO_POINTER (level + 1));
  for (int l = 1; l <= 5; l++)
    {
      g_autofree char *cls = g_strdup_printf ("level-%d", l);

      if (l == level)
        gtk_widget_add_css_class (badge, cls);
      else
        gtk_widget_remove_css_class (badge, cls);
    }
  if (level >= 1 && level <= 5)
    gtk_widget_remove_css_class (badge, "dim-label");
  else
    gtk_widget_add_css_class (badge, "dim-label");
  /* Translators: the badge of an object no harm has been chosen for yet */
  gtk_label_set_label (GTK_LABEL (badge), level >= 1 && level <= 5 ? dbo_level_label (level) : _("Not graded"));
}

/* ---- asking before a deletion that takes more along ---- */

GtkWidget *
dbo_confirm_dialog_new (GtkWidget  *widget,
                        const char *heading,
                        const char *body,
                        const char *response,
                        const char *label)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (root), NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape both keep what there is. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* ---- where the files a project makes go ---- */

#define OUTPUT_FOLDER_KEY "dbo-output-folder"

void
dbo_session_remember_output_folder (DboSession *session, const char *folder)
{
  g_return_if_fail (DBO_IS_SESSION (session));
  g_object_set_data_full (G_OBJECT (session), OUTPUT_FOLDER_KEY, g_strdup (folder), g_free);
}

void
dbo_chooser_start_in_output_folder (GtkFileChooser *chooser, DboSession *session)
{
  const char *last = session ? g_object_get_data (G_OBJECT (session), OUTPUT_FOLDER_KEY) : NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;

  if (session == NULL)
    return;
  /* The folder last chosen for this project's files, else the project's own
   * (never the process's working directory). */
  if (last != NULL && g_file_test (last, G_FILE_TEST_IS_DIR))
    folder = g_strdup (last);
  else
    folder = g_path_get_dirname (dbo_session_get_path (session));
  file = g_file_new_for_path (folder);
  gtk_file_chooser_set_current_folder (chooser, file, NULL);
}
