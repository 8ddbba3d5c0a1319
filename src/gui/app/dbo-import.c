/* dbo-import.c — a project.xml or a bundle opened as a new project */
#define G_LOG_DOMAIN "dengbao-import"
#include "config.h"

#include "dbo-import.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dbo-bundle.h"
#include "dbo-project-xml.h"
#include "dbo-step-submit.h"
#include "dbo-store.h"
#include "dbo-widget-util.h"
#include "dbo-window.h"

#define PROJECT_SUFFIX ".dengbao"

typedef struct {
  DboApplication *app;
  GtkWindow *parent;            /* weak: the window may close meanwhile */
  char *path;
  char *dest;
  DboProject *project;          /* what the file holds, once read */
  DboBundleReport *report;      /* a bundle's verification */
} Import;

static void
import_free (Import *im)
{
  if (im->app != NULL)
    g_application_release (G_APPLICATION (im->app));
  g_clear_object (&im->app);
  g_clear_weak_pointer (&im->parent);
  g_free (im->path);
  g_free (im->dest);
  g_clear_pointer (&im->project, dbo_project_free);
  g_clear_pointer (&im->report, dbo_bundle_report_free);
  g_free (im);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static gboolean
has_suffix (const char *path, const char *suffix)
{
  gsize n = strlen (path), k = strlen (suffix);

  return n > k && g_ascii_strcasecmp (path + n - k, suffix) == 0;
}

static gboolean
is_bundle (const char *path)
{
  return has_suffix (path, ".zip");
}

gboolean
dbo_import_handles (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);
  return (is_bundle (path) || has_suffix (path, ".xml")) && !dbo_store_is_sqlite_file (path);
}

/* The documents folder stands in for a folder that cannot be written: an
 * installed sample, a CD. */
char *
dbo_import_default_destination (const char *source, const DboProject *project)
{
  g_autofree char *dir = g_path_get_dirname (source);
  g_autofree char *stem = NULL;

  if (!dbo_str_empty (project->enterprise.name))
    stem = dbo_file_name_from (project->enterprise.name);
  else
    {
      g_autofree char *base = g_path_get_basename (source);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      stem = dbo_file_name_from (base);
    }
  if (g_access (dir, W_OK) != 0)
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

      g_free (dir);
      dir = g_strdup (documents != NULL ? documents : g_get_home_dir ());
      g_mkdir_with_parents (dir, 0700);
    }
  return dbo_application_free_path (dir, stem, PROJECT_SUFFIX);
}

/* The dialogs' window: the one the import started from, else the active
 * one, else a start window (a bundle opened from the file manager). */
static GtkWindow *
parent_of (Import *im)
{
  GtkWindow *window = im->parent;

  if (window == NULL)
    window = gtk_application_get_active_window (GTK_APPLICATION (im->app));
  if (window == NULL)
    {
      window = GTK_WINDOW (dbo_window_new (GTK_APPLICATION (im->app)));
      gtk_window_present (window);
    }
  g_set_weak_pointer (&im->parent, window);
  return window;
}

static void
show_message (Import *im, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_of (im), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The whole message, in the user's words first. */
static void
show_error (Import *im, const GError *error)
{
  g_autofree char *base = g_path_get_basename (im->path);
  g_autofree char *heading = g_strdup_printf (_("Could Not Import “%s”"), base);
  g_autofree char *body = NULL;

  if (error->domain == DBO_BUNDLE_ERROR)
    /* Translators: a refused import: what it means, then the details */
    body = g_strdup_printf (_("%s. Nothing was imported.\n\n%s"), dbo_bundle_error_describe (error), error->message);
  else
    body = g_strdup_printf (_("Nothing was imported.\n\n%s"), error->message);
  show_message (im, heading, body);
}

static void
create_project (Import *im, const char *dest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboSession) session = dbo_session_create (dest, dbo_project_copy (im->project), &error);

  if (session == NULL)
    {
      show_error (im, error);
      return;
    }
  dbo_application_show_session (im->app, session, parent_of (im));
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer data)
{
  Import *im = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *dest = file ? g_file_get_path (file) : NULL;

      if (dest != NULL)
        create_project (im, dest);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_destination (Import *im)
{
  g_autofree char *suggested = dbo_import_default_destination (im->path, im->project);
  g_autofree char *dir = g_path_get_dirname (suggested);
  g_autofree char *name = g_path_get_basename (suggested);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Imported Project"), parent_of (im), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Dengbao projects"));
  gtk_file_filter_add_pattern (filter, "*" PROJECT_SUFFIX);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The import lives as long as the chooser. */
  g_object_set_data_full (G_OBJECT (chooser), "dbo-import", im, (GDestroyNotify) import_free);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), im);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
confirm_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Import *im = g_object_steal_data (G_OBJECT (dialog), "dbo-import");

  if (g_strcmp0 (response, "import") != 0)
    {
      import_free (im);
      return;
    }
  if (im->dest != NULL)
    {
      create_project (im, im->dest);
      import_free (im);
      return;
    }
  choose_destination (im);
}

/* What the file holds, before anything is written. */
static void
confirm (Import *im)
{
  const DboProject *p = im->project;
  g_autofree char *base = g_path_get_basename (im->path);
  const char *who = !dbo_str_empty (p->enterprise.name) ? p->enterprise.name : base;
  g_autofree char *heading = g_strdup_printf (_("Import “%s”?"), who);
  GString *body = g_string_new (NULL);
  GtkWidget *dialog;

  if (im->report == NULL)
    g_string_append (body, _("Project data (project.xml), read and checked against its schema."));
  else
    g_string_append_printf (body, "%s %s",
                            im->report->kind == DBO_BUNDLE_BACKUP ? _("A backup bundle.") : _("A submission bundle."),
                            _("Every file’s size and SHA-256 was checked, and each document proved to be the one its "
                              "project data produces."));
  g_string_append (body, "\n\n");
  g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u protected object", "%u protected objects",
                                             p->objects->len), p->objects->len);
  if (im->report != NULL && !dbo_str_empty (im->report->created))
    /* Translators: when the bundle was made, as written in it */
    g_string_append_printf (body, _(" · made %.10s"), im->report->created);
  g_string_append (body, "\n\n");
  g_string_append (body, _("It becomes a new project file; the file imported from is not changed."));

  dialog = adw_message_dialog_new (parent_of (im), heading, body->str);
  g_string_free (body, TRUE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", im->dest != NULL ? _("_Import") : _("_Choose Where to Save…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dbo-import", im, (GDestroyNotify) import_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A bureau's answer goes into the project it answers: its open window's
 * Submission step takes it; otherwise the user is told which project. */
static void
lead_to_project (Import *im)
{
  const DboProject *p = im->report->project;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (im->app)); l != NULL; l = l->next)
    {
      DboSession *session = DBO_IS_WINDOW (l->data) ? dbo_window_get_session (DBO_WINDOW (l->data)) : NULL;
      GtkWidget *submit;

      if (session == NULL || g_strcmp0 (dbo_session_get_project (session)->id, p->id) != 0)
        continue;
      dbo_window_show_step (DBO_WINDOW (l->data), "submit");
      submit = dbo_window_get_step_widget (DBO_WINDOW (l->data), "submit");
      if (DBO_IS_STEP_SUBMIT (submit))
        {
          g_autoptr(GFile) file = g_file_new_for_path (im->path);

          dbo_step_submit_import_file (DBO_STEP_SUBMIT (submit), file);
        }
      gtk_window_present (GTK_WINDOW (l->data));
      return;
    }
  {
    g_autofree char *heading = g_strdup (_("An Energy Bureau’s Answer"));
    g_autofree char *body = g_strdup_printf (_("This file is the bureau’s answer to the filing project of %s, not a "
                                               "project of its own. Open that project, then import the answer on "
                                               "its Submission step: the decision is recorded there."),
                                             !dbo_str_empty (p->enterprise.name) ? p->enterprise.name : p->id);

    show_message (im, heading, body);
  }
}

static void
read_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Import *im = data;
  GError *error = NULL;

  if (is_bundle (im->path))
    im->report = dbo_bundle_verify (im->path, &error);
  else
    im->project = dbo_project_xml_read_file (im->path, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Import *im = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The import is this callback's now; from here on its dialogs keep it. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (im, error);
      import_free (im);
      return;
    }
  if (im->report != NULL && im->report->kind == DBO_BUNDLE_REVIEW)
    {
      lead_to_project (im);
      import_free (im);
      return;
    }
  if (im->report != NULL)
    im->project = dbo_project_copy (im->report->project);
  confirm (im);
}

void
dbo_import_start (DboApplication *app, const char *path, const char *dest, GtkWindow *parent)
{
  g_autoptr(GTask) task = NULL;
  Import *im;

  g_return_if_fail (DBO_IS_APPLICATION (app));
  g_return_if_fail (path != NULL);

  im = g_new0 (Import, 1);
  im->app = g_object_ref (app);
  /* Opened from the file manager there is no window yet: the application
   * stays while the file is checked, in a window the dialogs can stand on. */
  g_application_hold (G_APPLICATION (app));
  g_set_weak_pointer (&im->parent, parent);
  parent_of (im);
  im->path = g_strdup (path);
  im->dest = g_strdup (dest);
  task = g_task_new (NULL, NULL, read_done_cb, NULL);
  g_task_set_source_tag (task, dbo_import_start);
  g_task_set_task_data (task, im, NULL);
  g_task_run_in_thread (task, read_thread);
}
