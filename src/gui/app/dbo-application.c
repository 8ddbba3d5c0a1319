/* DboApplication: windows, files and the application-wide actions.
 *
 * Each project has its own window; opening a project that is already open
 * presents its window. A project.xml or a bundle is never edited in
 * place: it is imported into a new project file (dbo-import.c).
 */
#define G_LOG_DOMAIN "dengbao-application"
#include "config.h"

#include "dbo-application.h"
#include "dbo-import.h"
#include "dbo-renderer.h"

#include "dbo-layout.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dbo-desk.h"
#include "dbo-desk-window.h"
#include "dbo-help.h"
#include "dbo-new-project-dialog.h"
#include "dbo-preferences-window.h"
#include "dbo-project-xml.h"
#include "dbo-store.h"
#include "dbo-step.h"
#include "dbo-store-lock.h"
#include "dbo-window.h"

#define PROJECT_SUFFIX ".dengbao"
#define DESK_SUFFIX ".dengbao-desk"

struct _DboApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (DboApplication, dbo_application, ADW_TYPE_APPLICATION)

GSettings *
dbo_application_get_settings (DboApplication *self)
{
  g_return_val_if_fail (DBO_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* ---- windows ---- */

static GtkWindow *
active_window (DboApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/* A window showing the start page, for a new project or an error to land in. */
static DboWindow *
find_start_window (DboApplication *self, GtkWindow *preferred)
{
  if (DBO_IS_WINDOW (preferred) && dbo_window_get_session (DBO_WINDOW (preferred)) == NULL)
    return DBO_WINDOW (preferred);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DBO_IS_WINDOW (l->data) && dbo_window_get_session (DBO_WINDOW (l->data)) == NULL)
      return DBO_WINDOW (l->data);
  return NULL;
}

static DboWindow *
window_for_errors (DboApplication *self, GtkWindow *parent)
{
  DboWindow *window;

  if (DBO_IS_WINDOW (parent))
    return DBO_WINDOW (parent);
  if (DBO_IS_WINDOW (active_window (self)))
    return DBO_WINDOW (active_window (self));
  window = find_start_window (self, NULL);
  if (window == NULL)
    window = DBO_WINDOW (dbo_window_new (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
report_error (DboApplication *self, GtkWindow *parent, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  if (DBO_IS_DESK_WINDOW (parent))
    dbo_desk_window_add_toast (DBO_DESK_WINDOW (parent), toast);
  else
    dbo_window_add_toast (window_for_errors (self, parent), toast);
}

/* "Could not open" the file @path, and why. */
static void
report_open_error (DboApplication *self, GtkWindow *parent, const char *path, const char *why)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), base, why);

  report_error (self, parent, message);
}

/* The window of the file @path names, whatever the name it was opened by. */
static DboWindow *
window_for_path (DboApplication *self, const char *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      DboSession *session;

      if (!DBO_IS_WINDOW (l->data))
        continue;
      session = dbo_window_get_session (DBO_WINDOW (l->data));
      if (session != NULL && dbo_session_holds_file (session, path))
        return DBO_WINDOW (l->data);
    }
  return NULL;
}

static void
remember_recent (DboApplication *self, const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (uri != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-folder", dir);
}

GtkWindow *
dbo_application_show_session (DboApplication *self,
                              DboSession     *session,
                              GtkWindow      *parent)
{
  DboWindow *window;

  g_return_val_if_fail (DBO_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (DBO_IS_SESSION (session), NULL);

  window = find_start_window (self, parent);
  if (window == NULL)
    window = DBO_WINDOW (dbo_window_new (GTK_APPLICATION (self)));
  dbo_window_set_session (window, session);
  remember_recent (self, dbo_session_get_path (session));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* ---- files ---- */

char *
dbo_application_free_path (const char *dir,
                           const char *stem,
                           const char *suffix)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (stem, suffix, NULL)
                                     : g_strdup_printf ("%s (%u)%s", stem, n, suffix);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* ---- a project open elsewhere, or on read-only media ---- */

static char *
lock_holder_text (const DboLockInfo *info)
{
  g_autofree char *since = dbo_lock_info_since_text (info);
  const char *host = info->host != NULL ? info->host : _("another computer");
  const char *user = info->user != NULL ? info->user : _("another user");

  if (since != NULL)
    /* Translators: "open on HOST by USER since DATE TIME" */
    return g_strdup_printf (_("open on %s by %s since %s"), host, user, since);
  return g_strdup_printf (_("open on %s by %s"), host, user);
}

static void
open_elsewhere_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DboApplication   *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "read-only") == 0)
    {
      g_autoptr(DboSession) session = dbo_session_open_read_only (path, &error);

      if (session == NULL)
        {
          report_open_error (self, parent, path, error->message);
          return;
        }
      dbo_application_show_session (self, session, parent);
    }
  else if (g_strcmp0 (response, "break") == 0)
    {
      if (!dbo_store_lock_break (path, &error))
        {
          report_open_error (self, parent, path, error->message);
          return;
        }
      dbo_application_open_path (self, path, parent);
    }
}

/* Another session edits the file: say who, and offer to read it or to
 * break the lock. */
static void
ask_how_to_open (DboApplication *self, const char *path, GtkWindow *parent, const GError *error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(DboLockInfo) info = dbo_store_lock_query (path);
  g_autofree char *holder = info != NULL ? lock_holder_text (info) : g_strdup (_("open in another window"));
  GtkWidget *dialog;

  if (!DBO_IS_WINDOW (parent))
    parent = GTK_WINDOW (window_for_errors (self, parent));
  dialog = adw_message_dialog_new (parent, _("Project Is Open Elsewhere"), NULL);
  if (info != NULL && info->stale)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("“%s” is marked %s, but that program is no longer running. "
                                      "Open it read-only, or break the lock to edit it."),
                                    base, holder);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("“%s” is %s. Two people editing one project would undo each "
                                      "other’s changes. Open it read-only to look at it; break the "
                                      "lock only if you are sure it is no longer open there."),
                                    base, holder);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "break", _("_Break Lock and Edit"),
                                    "read-only", _("Open _Read-Only"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "break", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "read-only", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "read-only");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_elsewhere_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- bureau desks ---- */

/* The desk window of the file @path names, whatever the name it was opened by. */
static DboDeskWindow *
desk_window_for_path (DboApplication *self, const char *path)
{
  GStatBuf want, have;

  if (g_stat (path, &want) != 0)
    return NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DBO_IS_DESK_WINDOW (l->data) && g_stat (dbo_desk_window_get_path (l->data), &have) == 0
        && have.st_dev == want.st_dev && have.st_ino == want.st_ino)
      return l->data;
  return NULL;
}

static GtkWindow *
show_desk (DboApplication *self, DboDesk *desk, GtkWindow *parent)
{
  GtkWidget *window = dbo_desk_window_new (GTK_APPLICATION (self), desk);

  remember_recent (self, dbo_desk_get_path (desk));
  gtk_window_present (GTK_WINDOW (window));
  /* A start page that only led here has done its work. */
  if (DBO_IS_WINDOW (parent) && dbo_window_get_session (DBO_WINDOW (parent)) == NULL)
    gtk_window_close (parent);
  return GTK_WINDOW (window);
}

/* Opens @path in a desk window when it is a desk file; FALSE when it is not one. */
static gboolean
open_desk (DboApplication *self, const char *path, GtkWindow *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) edit_error = NULL;
  DboDesk *desk;
  GtkWindow *window;

  if (!g_str_has_suffix (path, DESK_SUFFIX) && !dbo_store_is_sqlite_file (path))
    return FALSE;
  desk = dbo_desk_open (path, DBO_DESK_OPEN_EDIT, &edit_error);
  if (desk == NULL && g_error_matches (edit_error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_A_DESK))
    return FALSE;
  /* Held by another session, or on read-only media: shown read-only, and said so. */
  if (desk == NULL && (g_error_matches (edit_error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO)
                       || g_error_matches (edit_error, DBO_DESK_ERROR, DBO_DESK_ERROR_READ_ONLY)))
    desk = dbo_desk_open (path, DBO_DESK_OPEN_READ_ONLY, &error);
  if (desk == NULL)
    {
      report_open_error (self, parent, path, error != NULL ? error->message : edit_error->message);
      return TRUE;
    }
  window = show_desk (self, desk, parent);
  if (edit_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Opened read-only: %s"), edit_error->message);

      dbo_desk_window_add_toast (DBO_DESK_WINDOW (window), adw_toast_new (message));
    }
  return TRUE;
}

void
dbo_application_open_path (DboApplication *self,
                           const char     *path,
                           GtkWindow      *parent)
{
  g_autoptr(DboSession) session = NULL;
  g_autoptr(GError) error = NULL;
  DboWindow *open;
  DboDeskWindow *open_desk_window;

  g_return_if_fail (DBO_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  open = window_for_path (self, path);
  if (open != NULL)
    {
      gtk_window_present (GTK_WINDOW (open));
      return;
    }
  open_desk_window = desk_window_for_path (self, path);
  if (open_desk_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (open_desk_window));
      return;
    }
  if (open_desk (self, path, parent))
    return;

  /* A project.xml or a bundle becomes a new project, where the user says. */
  if (dbo_import_handles (path))
    {
      dbo_import_start (self, path, NULL, parent);
      return;
    }
  session = dbo_session_open (path, &error);

  if (session == NULL && g_error_matches (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED))
    {
      ask_how_to_open (self, path, parent, error);
      return;
    }
  /* Read-only media, a folder or file the user cannot write: shown
   * read-only, as the header bar then says. */
  if (session == NULL && g_error_matches (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY))
    {
      g_clear_error (&error);
      session = dbo_session_open_read_only (path, &error);
      if (session != NULL)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("“%s” cannot be written here: it is open read-only"),
                                                      base);

          parent = dbo_application_show_session (self, session, parent);
          dbo_window_add_toast (DBO_WINDOW (parent), adw_toast_new (message));
          return;
        }
    }
  if (session == NULL)
    {
      report_open_error (self, parent, path, error->message);
      return;
    }
  dbo_application_show_session (self, session, parent);
}

/* ---- file choosers ---- */

/* The file chosen in @chooser, or NULL; the chooser is done with. */
static GFile *
take_chosen_file (GtkNativeDialog *chooser, int response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  return file;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  DboApplication  *self)
{
  GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
  g_autoptr(GFile) file = take_chosen_file (chooser, response);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        dbo_application_open_path (self, path, parent);
      else
        report_error (self, parent, _("Projects can only be opened from a local folder"));
    }
}

static void
choose_file (DboApplication *self, const char *title, const char *accept, const char *filter_name,
             const char *pattern, const char *other_pattern)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-folder") : NULL;

  chooser = gtk_file_chooser_native_new (title, active_window (self), GTK_FILE_CHOOSER_ACTION_OPEN, accept,
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (other_pattern != NULL)
    gtk_file_filter_add_pattern (filter, other_pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (last);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- actions ---- */

/* @parent, or a new window shown for a dialog to stand on. */
static GtkWindow *
window_for_dialog (DboApplication *self, GtkWindow *parent)
{
  if (parent == NULL)
    {
      parent = GTK_WINDOW (dbo_window_new (GTK_APPLICATION (self)));
      gtk_window_present (parent);
    }
  return parent;
}

static void
new_created_cb (DboNewProjectDialog *dialog,
                DboSession          *session,
                DboApplication      *self)
{
  dbo_application_show_session (self, session, gtk_window_get_transient_for (GTK_WINDOW (dialog)));
}

static void
new_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DboApplication *self = user_data;
  GtkWindow *parent = active_window (self);
  GtkWidget *dialog;

  dialog = dbo_new_project_dialog_new (window_for_dialog (self, parent));
  g_signal_connect_object (dialog, "created", G_CALLBACK (new_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* New Bureau Desk: which bureau, then where to save its file. */
static void
new_desk_saved_cb (GtkNativeDialog *chooser,
                   int              response,
                   DboApplication  *self)
{
  g_autofree char *authority = g_strdup (g_object_get_data (G_OBJECT (chooser), "authority"));
  GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) error = NULL;
  DboDesk *desk = NULL;

  file = take_chosen_file (chooser, response);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      report_error (self, parent, _("Desks can only be saved in a local folder"));
      return;
    }
  if (!g_str_has_suffix (path, DESK_SUFFIX))
    {
      char *with_suffix = g_strconcat (path, DESK_SUFFIX, NULL);

      g_free (path);
      path = with_suffix;
    }
  rules = dbo_ruleset_load_default (&error);
  if (rules != NULL)
    desk = dbo_desk_create (path, authority, rules, &error);
  if (desk == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Could not create “%s”: %s"), base, error->message);

      report_error (self, parent, message);
      return;
    }
  show_desk (self, desk, parent);
}

static void
new_desk_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DboApplication   *self)
{
  GtkDropDown *bureaus = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GPtrArray *codes = g_object_get_data (G_OBJECT (dialog), "codes");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  guint n = gtk_drop_down_get_selected (bureaus);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());
  GtkFileChooserNative *chooser;

  if (g_strcmp0 (response, "create") != 0 || n >= codes->len)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the New Desk"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Create"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Bureau desks"));
  gtk_file_filter_add_pattern (filter, "*" DESK_SUFFIX);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  /* Translators: the new desk's suggested file name; %s is the bureau's code. */
  name = g_strdup_printf (_("desk-%s"), (const char *) g_ptr_array_index (codes, n));
  {
    g_autofree char *full = g_strconcat (name, DESK_SUFFIX, NULL);

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), full);
  }
  g_object_set_data_full (G_OBJECT (chooser), "authority", g_strdup (g_ptr_array_index (codes, n)), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (new_desk_saved_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_desk_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DboApplication *self = user_data;
  GtkWindow *parent = active_window (self);
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog;
  GtkWidget *bureaus;

  rules = dbo_ruleset_load_default (&error);
  if (rules == NULL)
    {
      g_ptr_array_unref (codes);
      report_error (self, parent, error->message);
      return;
    }
  for (guint i = 0; i < dbo_ruleset_get_regions (rules)->len; i++)
    {
      const DboRegion *region = g_ptr_array_index (dbo_ruleset_get_regions (rules), i);
      g_autofree char *label = g_strdup_printf ("%s %s", region->code, region->authority);

      gtk_string_list_append (labels, label);
      g_ptr_array_add (codes, g_strdup (region->code));
    }
  parent = window_for_dialog (self, parent);
  dialog = adw_message_dialog_new (parent, _("New Bureau Desk"),
                                   _("A desk receives the submission bundles of the enterprises a bureau reviews, "
                                     "records its decisions and writes its replies and quarterly reports. "
                                     "Choose the bureau; its code cannot be changed later."));
  bureaus = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_widget_set_name (bureaus, "desk-authority");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bureaus), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bureau"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bureaus);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "codes", codes, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_desk_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  choose_file (user_data, _("Open Project"), _("_Open"), _("Dengbao projects and desks"), "*" PROJECT_SUFFIX,
               "*" DESK_SUFFIX);
}

/* A file a step made (an imported bundle's new project) opened by the steps,
 * which know the application only by its actions. */
static void
open_path_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  dbo_application_open_path (user_data, g_variant_get_string (parameter, NULL), active_window (user_data));
}

static void
import_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  choose_file (user_data, _("Import a Project"), _("_Import"), _("Bundles and project XML files"), "*.zip", "*.xml");
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  DboApplication *self = user_data;
  static const char *developers[] = { "The Dengbao developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", active_window (self),
                "application-name", _("Dengbao"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Dengbao developers"),
                "developers", developers,
                "comments", _("Grades a coal mine’s networks under Multi-Level Protection (MLPS) by the rules of the "
                              "Shanxi energy bureau’s notice, prepares the expert review and the filing documents, "
                              "and follows the filing to its certificate."),
                "license-type", GTK_LICENSE_GPL_3_0,
                /* Translators: put your names here, one per line. */
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The shortcuts window is built when asked for: at GTK's automatic path
 * (gtk/help-overlay.ui) every project window would build one as it opens. */
static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, active_window (user_data));
  gtk_window_present (shortcuts);
}

/* F1: the page of the step shown, through the help viewer, else the HTML
 * pages in a browser, else the page's text in a window (dbo-help.h). */
static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = active_window (user_data);
  const char *step = DBO_IS_WINDOW (window) ? dbo_window_get_step (DBO_WINDOW (window)) : NULL;
  const char *page = "index";

  if (DBO_IS_DESK_WINDOW (window))
    page = "desk";
  else if (step != NULL)
    page = dbo_step_get_help_page (DBO_STEP (dbo_window_get_step_widget (DBO_WINDOW (window), step)));
  dbo_help_show (window, page);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (dbo_preferences_window_new (active_window (user_data))));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Each window writes its project as it closes and stays open if it cannot;
   * the application ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_entries[] = {
  { "new", new_activated, NULL, NULL, NULL },
  { "new-desk", new_desk_activated, NULL, NULL, NULL },
  { "open", open_activated, NULL, NULL, NULL },
  { "open-path", open_path_activated, "s", NULL, NULL },
  { "import", import_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
  { "shortcuts", shortcuts_activated, NULL, NULL, NULL },
  { "help", help_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "quit", quit_activated, NULL, NULL, NULL },
};

/* ---- GApplication ---- */

/* Reading the icon theme (its index files and directories, ~10 ms) is the
 * first icon lookup's job. GtkIconTheme, once made on the main thread, takes
 * lookups from any thread: a thread does the first one while the project
 * opens and its window is built. */
static gpointer
load_icon_theme_thread (gpointer data)
{
  g_autoptr(GtkIconTheme) theme = data;
  g_autoptr(GtkIconPaintable) icon =
    gtk_icon_theme_lookup_icon (theme, "document-edit-symbolic", NULL, 16, 1, GTK_TEXT_DIR_NONE, 0);

  return NULL;
}

static void
dbo_application_startup (GApplication *application)
{
  DboApplication *self = DBO_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.help", { "F1", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
  };
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (dbo_application_parent_class)->startup (application);
  if (gdk_display_get_default () != NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

      g_thread_unref (g_thread_new ("dbo-icon-theme", load_icon_theme_thread, g_object_ref (theme)));
      dbo_renderer_choose (gdk_display_get_default ());
    }

  /* Uninstalled runs have no compiled schema: they simply remember nothing. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  if (self->settings != NULL)
    {
      /* The documents' fonts: the user's choice first, where installed. */
      g_autofree char *title = g_settings_get_string (self->settings, "font-title");
      g_autofree char *body = g_settings_get_string (self->settings, "font-body");
      g_autofree char *table = g_settings_get_string (self->settings, "font-table");

      dbo_layout_prefer_font (DBO_FONT_TITLE, title);
      dbo_layout_prefer_font (DBO_FONT_BODY, body);
      dbo_layout_prefer_font (DBO_FONT_TABLE, table);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
  /* Dark style follows the system. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
dbo_application_activate (GApplication *application)
{
  DboApplication *self = DBO_APPLICATION (application);
  GtkWindow *window = active_window (self);

  if (window == NULL)
    window = GTK_WINDOW (dbo_window_new (GTK_APPLICATION (self)));
  gtk_window_present (window);
}

static void
dbo_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  DboApplication *self = DBO_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        dbo_application_open_path (self, path, NULL);
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("Could not open “%s”: only local files can be opened"), uri);

          report_error (self, NULL, message);
        }
    }
}

static void
dbo_application_dispose (GObject *object)
{
  DboApplication *self = DBO_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (dbo_application_parent_class)->dispose (object);
}

static void
dbo_application_class_init (DboApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dbo_application_dispose;
  app_class->startup = dbo_application_startup;
  app_class->activate = dbo_application_activate;
  app_class->open = dbo_application_open;
}

static void
dbo_application_init (DboApplication *self)
{
}

DboApplication *
dbo_application_new (void)
{
  return g_object_new (DBO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/dengbao/Dengbao",
                       NULL);
}
