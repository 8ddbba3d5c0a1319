/* DboStepSubmit: step 6, 提交 — the checks, then the bundles.
 *
 * The check summary lists the errors that keep the submission bundle back,
 * each leading to its field. "Export…" on the submission row stays disabled,
 * with the reason under it, while errors remain; a backup can be exported in
 * any state. An export runs in a thread on a copy of the project (the live
 * model is never touched from a thread) and is never cancelled: a write that
 * has started finishes. What was written is then read back with
 * dbo_bundle_verify() and summarised with the file's SHA-256.
 *
 * Import: a chosen or dropped .zip is verified in a thread. A refusal names
 * the check, the file and the message, and nothing is written. An accepted
 * bundle of the open project shows what would change and waits for "Replace"
 * (an inline confirmation, not a modal dialog); replacing keeps the state
 * before as a snapshot in the project file. A bundle of another project can
 * be imported into a new project file instead.
 */
#define G_LOG_DOMAIN "dengbao-step-submit"
#include "config.h"

#include "dbo-step-submit.h"
#include "dbo-widget-util.h"

#include <string.h>
#include <glib/gi18n.h>
#include "dbo-checks.h"
#include "dbo-findings-box.h"

/* Rows listed at most in one list; the rest are counted. */
#define MAX_FINDING_ROWS 50
#define MAX_FILE_ROWS 100
#define MAX_CHANGE_ROWS 100
#define PULSE_MS 100
#define REDIFF_DELAY_MS 300
/* The share of a bundle's limits from which the attachments are pointed out. */
#define LIMITS_WARN_FRACTION 0.8

struct _DboStepSubmit
{
  DboStep parent_instance;

  gboolean rows_stale;            /* the Checks rows wait for the step to be shown */

  /* Template widgets */
  AdwPreferencesPage *page;
  AdwPreferencesGroup *checks_group;
  AdwActionRow *summary_row;
  GtkImage *summary_icon;
  GtkListBox *findings_list;
  AdwPreferencesGroup *export_group;
  AdwActionRow *submission_row;
  GtkWidget *export_submission_button;
  GtkWidget *export_backup_button;
  GtkWidget *progress_box;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel *export_error_label;
  GtkLabel *limits_label;
  AdwPreferencesGroup *result_group;
  AdwActionRow *result_file_row;
  GtkLabel *result_kind_label;
  AdwActionRow *result_sha_row;
  GtkListBox *result_files_list;
  AdwPreferencesGroup *import_group;
  GtkWidget *import_button;
  GtkWidget *verify_box;
  GtkSpinner *verify_spinner;
  GtkLabel *verify_label;
  GtkWidget *report_box;
  GtkListBox *report_list;
  GtkLabel *confirm_label;
  GtkWidget *confirm_buttons;
  GtkWidget *dismiss_button;
  GtkWidget *import_new_button;
  GtkWidget *replace_button;
  GtkLabel *import_status_label;

  gboolean disposed;
  gboolean can_submit;
  char *submit_reason;

  /* export */
  gboolean exporting;
  guint pulse_source;
  GtkNativeDialog *chooser;
  DboBundleReport *exported;
  char *exported_path;
  char *exported_sha256;

  /* import */
  gboolean verifying;
  gboolean importing;           /* into a new project file */
  DboBundleReport *import_report;
  GError *import_error;
  GFile *import_file;
  char *import_name;
  gboolean import_same_project;
  GPtrArray *import_diff;       /* of DboBundleChange* */
  guint rediff_source;
};

G_DEFINE_FINAL_TYPE (DboStepSubmit, dbo_step_submit, DBO_TYPE_STEP)

enum { PROP_0, PROP_CAN_SUBMIT, PROP_SUBMIT_REASON, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_actions (DboStepSubmit *self);
static void show_report (DboStepSubmit *self);

/* ------------------------------------------------------------ helpers */

static void
row_add_icon (GtkWidget *row, const char *icon_name, const char *css_class)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  if (css_class != NULL)
    gtk_widget_add_css_class (icon, css_class);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
}

static const char *
kind_label (DboBundleKind kind)
{
  switch (kind)
    {
    case DBO_BUNDLE_SUBMISSION: return _("Submission bundle");
    case DBO_BUNDLE_BACKUP: return _("Backup bundle");
    case DBO_BUNDLE_REVIEW: return _("Review bundle");
    default: return "";
    }
}

static const char *
verified_text (DboBundleKind kind, gboolean same_project)
{
  switch (kind)
    {
    case DBO_BUNDLE_SUBMISSION:
      return same_project ? _("Verified: a submission bundle of this project")
                          : _("Verified: a submission bundle of another project");
    case DBO_BUNDLE_BACKUP:
      return same_project ? _("Verified: a backup bundle of this project")
                          : _("Verified: a backup bundle of another project");
    case DBO_BUNDLE_REVIEW:
    default:
      return same_project ? _("Verified: a review bundle of this project")
                          : _("Verified: a review bundle of another project");
    }
}

static const char *
role_label (const DboBundleFile *file)
{
  if (file->title != NULL && *file->title != '\0')
    return file->title;
  if (g_strcmp0 (file->role, "data") == 0)
    return _("Project data");
  if (g_strcmp0 (file->role, "attachment") == 0)
    return _("Attachment");
  return file->role;
}

/* "<enterprise>-<kind>-<date>.zip", without characters a file name cannot hold. */
static char *
default_bundle_name (DboStepSubmit *self, DboBundleKind kind)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  const char *name = !dbo_str_empty (p->enterprise.name) ? p->enterprise.name
                     : !dbo_str_empty (p->title) ? p->title : _("project");
  g_autofree char *clean = dbo_file_name_from (name);
  g_autofree char *date = dbo_date_format (dbo_session_get_today (session));
  /* Translators: part of a bundle's default file name, "<enterprise>-submission-<date>.zip". */
  const char *word = kind == DBO_BUNDLE_SUBMISSION ? C_("file name", "submission") : C_("file name", "backup");

  return g_strdup_printf ("%s-%s-%s.zip", clean, word, date);
}

static GtkFileFilter *
zip_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Bundles (ZIP)"));
  gtk_file_filter_add_pattern (filter, "*.zip");
  gtk_file_filter_add_pattern (filter, "*.ZIP");
  gtk_file_filter_add_mime_type (filter, "application/zip");
  return filter;
}

static char *
file_sha256 (const char *path, guint64 *size_out, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (64 * 1024);
  guint64 size = 0;
  gssize n;

  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, 64 * 1024, NULL, error)) > 0)
    {
      g_checksum_update (sum, buf, n);
      size += n;
    }
  if (n < 0)
    return NULL;
  *size_out = size;
  return g_strdup (g_checksum_get_string (sum));
}

static GtkWidget *
file_row (const DboBundleFile *file)
{
  g_autofree char *size = g_format_size (file->size);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", file->path, size);
  GtkWidget *row = dbo_plain_row_new (role_label (file), subtitle);

  dbo_widget_set_tooltip (row, file->sha256);
  row_add_icon (row, g_strcmp0 (file->role, "data") == 0 ? "text-x-generic-symbolic"
                     : g_strcmp0 (file->role, "attachment") == 0 ? "mail-attachment-symbolic"
                     : "x-office-document-symbolic", NULL);
  return row;
}

static void
fill_file_rows (GtkListBox *list, AdwExpanderRow *expander, const DboBundleReport *report)
{
  for (guint i = 0; i < report->files->len && i < MAX_FILE_ROWS; i++)
    {
      GtkWidget *row = file_row (g_ptr_array_index (report->files, i));

      if (expander != NULL)
        adw_expander_row_add_row (expander, row);
      else
        gtk_list_box_append (list, row);
    }
  if (report->files->len > MAX_FILE_ROWS)
    {
      guint more = report->files->len - MAX_FILE_ROWS;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more file",
                                                             "And %u more files", more), more);
      GtkWidget *row = dbo_plain_row_new (title, NULL);

      gtk_widget_add_css_class (row, "dim-label");
      if (expander != NULL)
        adw_expander_row_add_row (expander, row);
      else
        gtk_list_box_append (list, row);
    }
}

static char *
files_summary (const DboBundleReport *report)
{
  g_autofree char *size = g_format_size (report->total_size);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file, %s", "%u files, %s", report->files->len),
                          report->files->len, size);
}

/* ------------------------------------------------------------ checks */

static void
finding_activated_cb (AdwActionRow *row, DboStepSubmit *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "dbo-path");

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-path", "s", path);
}

static GtkWidget *
finding_row (DboStepSubmit *self, const DboFinding *f)
{
  gboolean error = f->severity == DBO_SEVERITY_ERROR;
  GtkWidget *row = dbo_plain_row_new (dbo_finding_describe (f),
                                      f->clause != NULL && *f->clause != '\0' ? f->clause : f->path);
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? _("Error") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  dbo_widget_set_tooltip (row, f->code);
  g_object_set_data_full (G_OBJECT (row), "dbo-path", g_strdup (f->path), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (finding_activated_cb), self, 0);
  return row;
}

static GtkWidget *
more_row (guint more, gboolean errors)
{
  g_autofree char *title = errors
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more error", "And %u more errors", more), more)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more warning", "And %u more warnings", more), more);
  GtkWidget *row = dbo_plain_row_new (title, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
set_submit_state (DboStepSubmit *self, gboolean can, const char *reason)
{
  if (self->can_submit != can)
    {
      self->can_submit = can;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SUBMIT]);
    }
  if (g_strcmp0 (self->submit_reason, reason) != 0)
    {
      g_free (self->submit_reason);
      self->submit_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMIT_REASON]);
    }
  if (can)
    {
      adw_action_row_set_subtitle (self->submission_row,
                                   _("For the energy bureau: the project data, the documents and the attachments"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->submission_row), "dbo-blocked");
    }
  else
    {
      adw_action_row_set_subtitle (self->submission_row, reason ? reason : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->submission_row), "dbo-blocked");
    }
  update_actions (self);
}

/* The rows of the Checks list. Rebuilt only while the step is on screen:
 * after every keystroke in another step it would build dozens of rows that
 * nobody sees; a step shown again rebuilds them once (see map). */
static void
refresh_finding_rows (DboStepSubmit *self)
{
  GPtrArray *findings = dbo_session_get_findings (dbo_step_get_session (DBO_STEP (self)));
  guint n_errors = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  guint n_warnings = dbo_checks_count (findings, DBO_SEVERITY_WARNING);
  guint shown = 0;

  self->rows_stale = FALSE;
  dbo_list_box_remove_all (self->findings_list);
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (f->severity != DBO_SEVERITY_ERROR)
        continue;
      if (shown++ < MAX_FINDING_ROWS)
        gtk_list_box_append (self->findings_list, finding_row (self, f));
    }
  if (n_errors > MAX_FINDING_ROWS)
    gtk_list_box_append (self->findings_list, more_row (n_errors - MAX_FINDING_ROWS, TRUE));

  if (n_warnings > 0)
    {
      g_autofree char *warnings_text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings), n_warnings);
      GtkWidget *warnings_row = adw_expander_row_new ();

      shown = 0;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (warnings_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (warnings_row), warnings_text);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (warnings_row), _("They do not keep the submission back"));
      gtk_widget_set_name (warnings_row, "warnings");
      for (guint i = 0; i < findings->len; i++)
        {
          const DboFinding *f = g_ptr_array_index (findings, i);

          if (f->severity != DBO_SEVERITY_WARNING)
            continue;
          if (shown++ < MAX_FINDING_ROWS)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (warnings_row), finding_row (self, f));
        }
      if (n_warnings > MAX_FINDING_ROWS)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (warnings_row), more_row (n_warnings - MAX_FINDING_ROWS, FALSE));
      gtk_list_box_append (self->findings_list, warnings_row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), n_errors + n_warnings > 0);
}

static void
refresh_checks (DboStepSubmit *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  GPtrArray *findings;
  guint n_errors, n_warnings;
  g_autofree char *errors_text = NULL;
  g_autofree char *warnings_text = NULL;
  g_autofree char *title = NULL;

  if (session == NULL)
    {
      dbo_list_box_remove_all (self->findings_list);
      self->rows_stale = FALSE;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), _("No project is open"));
      adw_action_row_set_subtitle (self->summary_row, "");
      gtk_widget_set_visible (GTK_WIDGET (self->findings_list), FALSE);
      set_submit_state (self, FALSE, _("No project is open"));
      return;
    }

  findings = dbo_session_get_findings (session);
  n_errors = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  n_warnings = dbo_checks_count (findings, DBO_SEVERITY_WARNING);
  errors_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  warnings_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                                   n_warnings);
  /* Translators: "3 errors, 2 warnings". */
  title = g_strdup_printf (C_("check summary", "%s, %s"), errors_text, warnings_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), title);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), "success");
  if (n_errors > 0)
    {
      gtk_image_set_from_icon_name (self->summary_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "error");
      adw_action_row_set_subtitle (self->summary_row,
                                   _("Correct the errors before exporting the submission bundle"));
    }
  else
    {
      gtk_image_set_from_icon_name (self->summary_icon, "object-select-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "success");
      adw_action_row_set_subtitle (self->summary_row,
                                   n_warnings > 0 ? _("Ready to submit; the warnings are worth a look")
                                                  : _("Ready to submit"));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  n_errors > 0 ? _("Errors") : _("No errors"), -1);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_finding_rows (self);
  else
    {
      self->rows_stale = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->findings_list), n_errors + n_warnings > 0);
    }

  if (n_errors == 0)
    set_submit_state (self, TRUE, NULL);
  else
    {
      g_autofree char *reason =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Not possible while the project has %u error: correct it first (see Checks)",
                                      "Not possible while the project has %u errors: correct them first (see Checks)",
                                      n_errors), n_errors);
      set_submit_state (self, FALSE, reason);
    }
}

/* Says so while the attachments come near what a bundle may hold: over it,
 * the export is refused (dbo_bundle_export() keeps verify's limits). */
static void
refresh_limits (DboStepSubmit *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = session != NULL ? dbo_session_get_project (session) : NULL;
  g_autofree char *size = NULL, *total = NULL, *one = NULL, *text = NULL;
  DboBundleUsage usage;
  double fraction;

  if (p == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->limits_label), FALSE);
      return;
    }
  dbo_bundle_usage (p, dbo_session_get_rules (session), &usage);
  fraction = dbo_bundle_usage_fraction (&usage);
  if (fraction <= LIMITS_WARN_FRACTION)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->limits_label), FALSE);
      return;
    }
  size = g_format_size_full (usage.total, G_FORMAT_SIZE_IEC_UNITS);
  total = g_format_size_full (DBO_BUNDLE_MAX_TOTAL, G_FORMAT_SIZE_IEC_UNITS);
  one = g_format_size_full (DBO_BUNDLE_MAX_ENTRY, G_FORMAT_SIZE_IEC_UNITS);
  if (fraction > 1.0)
    /* Translators: "9 attachments (540.0 MiB) are more than … at most 10000 files, 512.0 MiB in all and
     * 256.0 MiB for one file." */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u attachment (%s) is more than a bundle may hold: at most %d files, "
                                         "%s in all and %s for one file. Remove attachments to export a bundle.",
                                         "%u attachments (%s) are more than a bundle may hold: at most %d files, "
                                         "%s in all and %s for one file. Remove attachments to export a bundle.",
                                         usage.n_attachments),
                            usage.n_attachments, size, DBO_BUNDLE_MAX_ENTRIES, total, one);
  else
    /* Translators: "8 attachments (480.0 MiB) take 94% of what a bundle may hold: at most 10000 files, …". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u attachment (%s) takes %d%% of what a bundle may hold: at most %d "
                                         "files, %s in all and %s for one file. A bundle over these limits "
                                         "cannot be exported.",
                                         "%u attachments (%s) take %d%% of what a bundle may hold: at most %d "
                                         "files, %s in all and %s for one file. A bundle over these limits "
                                         "cannot be exported.",
                                         usage.n_attachments),
                            usage.n_attachments, size, (int) (fraction * 100), DBO_BUNDLE_MAX_ENTRIES, total, one);
  gtk_label_set_text (self->limits_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->limits_label), TRUE);
}

/* ------------------------------------------------------------ actions state */

static void
set_busy_notify (DboStepSubmit *self, gboolean was_busy)
{
  if (was_busy != dbo_step_submit_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (DboStepSubmit *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean has = dbo_step_get_session (DBO_STEP (self)) != NULL;

  gtk_widget_action_set_enabled (w, "submit.export-submission", has && self->can_submit && !self->exporting);
  gtk_widget_action_set_enabled (w, "submit.export-backup", has && !self->exporting);
  gtk_widget_action_set_enabled (w, "submit.import", has && !self->verifying && !self->importing);
  gtk_widget_action_set_enabled (w, "submit.replace", has && self->import_report != NULL &&
                                 self->import_same_project && !self->importing);
  gtk_widget_action_set_enabled (w, "submit.import-new", has && self->import_report != NULL &&
                                 !self->import_same_project && !self->importing);
  gtk_widget_action_set_enabled (w, "submit.dismiss", self->import_report != NULL || self->import_error != NULL);
  gtk_widget_action_set_enabled (w, "submit.show-folder", self->exported_path != NULL);
  gtk_widget_action_set_enabled (w, "submit.copy-sha256", self->exported_sha256 != NULL);
}

/* ------------------------------------------------------------ export */

typedef struct {
  DboProject *project;
  DboRuleset *rules;
  DboCalendar *calendar;
  GDate today;
  DboBundleKind kind;
  char *path;
} ExportJob;

typedef struct {
  DboBundleReport *report;
  char *sha256;
  char *path;
} ExportResult;

static void
export_job_free (ExportJob *job)
{
  dbo_project_free (job->project);
  dbo_ruleset_unref (job->rules);
  dbo_calendar_unref (job->calendar);
  g_free (job->path);
  g_free (job);
}

static void
export_result_free (ExportResult *result)
{
  g_clear_pointer (&result->report, dbo_bundle_report_free);
  g_free (result->sha256);
  g_free (result->path);
  g_free (result);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  ExportResult *result;
  GError *error = NULL;
  guint64 size = 0;

  if (!dbo_bundle_export (job->project, job->rules, job->calendar, &job->today, job->kind, job->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* What the summary shows is what is on the disk, read back as a reader
   * would — without rendering the documents a second time. */
  result = g_new0 (ExportResult, 1);
  result->path = g_strdup (job->path);
  result->report = dbo_bundle_verify_exported (job->path, &error);
  if (result->report != NULL)
    result->sha256 = file_sha256 (job->path, &size, &error);
  if (error != NULL)
    {
      export_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) export_result_free);
}

static gboolean
pulse_cb (gpointer data)
{
  DboStepSubmit *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
stop_pulse (DboStepSubmit *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_set_visible (self->progress_box, FALSE);
}

static void
show_exported (DboStepSubmit *self)
{
  g_autofree char *base = g_path_get_basename (self->exported_path);
  g_autofree char *summary = files_summary (self->exported);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", summary, self->exported_path);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_file_row), base);
  adw_action_row_set_subtitle (self->result_file_row, subtitle);
  gtk_label_set_text (self->result_kind_label, kind_label (self->exported->kind));
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_kind_label), "submission");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_kind_label), "backup");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_kind_label), "review");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_kind_label), dbo_bundle_kind_token (self->exported->kind));
  adw_action_row_set_subtitle (self->result_sha_row, self->exported_sha256);
  dbo_list_box_remove_all (self->result_files_list);
  fill_file_rows (self->result_files_list, NULL, self->exported);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
}

static void
export_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (source);
  g_autoptr(GError) error = NULL;
  ExportResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->disposed)
    {
      g_clear_pointer (&result, export_result_free);
      return;
    }
  self->exporting = FALSE;
  stop_pulse (self);
  if (result == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The bundle was not written: %s"), error->message);

      gtk_label_set_text (self->export_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->export_error_label), TRUE);
      dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("The bundle could not be exported")));
    }
  else
    {
      g_autofree char *base = g_path_get_basename (result->path);
      AdwToast *toast = adw_toast_new_format (_("Exported “%s”"), base);

      g_clear_pointer (&self->exported, dbo_bundle_report_free);
      self->exported = g_steal_pointer (&result->report);
      g_free (self->exported_path);
      self->exported_path = g_steal_pointer (&result->path);
      g_free (self->exported_sha256);
      self->exported_sha256 = g_steal_pointer (&result->sha256);
      export_result_free (result);
      show_exported (self);
      dbo_step_add_toast (DBO_STEP (self), toast);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
dbo_step_submit_export_to (DboStepSubmit *self, DboBundleKind kind, const char *path)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  gboolean was_busy;

  g_return_if_fail (DBO_IS_STEP_SUBMIT (self));
  g_return_if_fail (path != NULL);
  if (session == NULL || self->exporting)
    return;

  was_busy = dbo_step_submit_get_busy (self);
  job = g_new0 (ExportJob, 1);
  job->project = dbo_project_copy (dbo_session_get_project (session));
  job->rules = dbo_ruleset_ref ((DboRuleset *) dbo_session_get_rules (session));
  job->calendar = dbo_calendar_ref ((DboCalendar *) dbo_session_get_calendar (session));
  job->today = *dbo_session_get_today (session);
  job->kind = kind;
  job->path = g_strdup (path);

  self->exporting = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->export_error_label), FALSE);
  gtk_label_set_text (self->progress_label, kind == DBO_BUNDLE_SUBMISSION
                                            ? _("Writing the submission bundle: rendering the documents…")
                                            : _("Writing the backup bundle: rendering the documents…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (self->progress_box, TRUE);
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add (PULSE_MS, pulse_cb, self);
  update_actions (self);

  /* No cancellable: a write that has started always finishes. */
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, dbo_step_submit_export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
  set_busy_notify (self, was_busy);
}

static void
export_chooser_response_cb (GtkNativeDialog *chooser, int response, DboStepSubmit *self)
{
  DboBundleKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "dbo-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *dir = g_path_get_dirname (path);

          dbo_session_remember_output_folder (dbo_step_get_session (DBO_STEP (self)), dir);
          dbo_step_submit_export_to (self, kind, path);
        }
      else
        dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("Bundles can only be written to a local folder")));
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_export_file (DboStepSubmit *self, DboBundleKind kind)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = zip_filter ();
  GtkFileChooserNative *chooser;

  if (session == NULL || self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (kind == DBO_BUNDLE_SUBMISSION ? _("Export the Submission Bundle")
                                                                       : _("Export a Backup Bundle"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = default_bundle_name (self, kind);
  dbo_chooser_start_in_output_folder (GTK_FILE_CHOOSER (chooser), session);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "dbo-kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
export_submission_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  choose_export_file (DBO_STEP_SUBMIT (widget), DBO_BUNDLE_SUBMISSION);
}

static void
export_backup_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  choose_export_file (DBO_STEP_SUBMIT (widget), DBO_BUNDLE_BACKUP);
}

static void
show_folder_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->exported_path == NULL)
    return;
  dir = g_path_get_dirname (self->exported_path);
  uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
copy_sha256_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);

  if (self->exported_sha256 == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->exported_sha256);
  dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("SHA-256 copied")));
}

/* ------------------------------------------------------------ import: verification */

typedef struct {
  GFile *file;
  DboProject *current;          /* a copy, for the diff */
} VerifyJob;

typedef struct {
  DboBundleReport *report;
  GError *error;
  GPtrArray *diff;
  gboolean same_project;
} VerifyResult;

static void
verify_job_free (VerifyJob *job)
{
  g_object_unref (job->file);
  dbo_project_free (job->current);
  g_free (job);
}

static void
verify_result_free (VerifyResult *result)
{
  g_clear_pointer (&result->report, dbo_bundle_report_free);
  g_clear_error (&result->error);
  g_clear_pointer (&result->diff, g_ptr_array_unref);
  g_free (result);
}

static DboBundleReport *
verify_file (GFile *file, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize length = 0;

  if (path != NULL)
    return dbo_bundle_verify (path, error);

  /* Not on a local disk (a dropped URI): read it into memory, within the limit. */
  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > DBO_BUNDLE_MAX_ARCHIVE)
    {
      g_set_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_SIZE_LIMIT,
                   _("%s is larger than any bundle may be"), name);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  bytes = g_bytes_new_take (data, length);
  return dbo_bundle_verify_bytes (bytes, name, error);
}

static void
verify_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  VerifyResult *result = g_new0 (VerifyResult, 1);

  result->report = verify_file (job->file, &result->error);
  if (result->report != NULL && job->current != NULL)
    {
      result->same_project = g_strcmp0 (result->report->project->id, job->current->id) == 0;
      if (result->same_project)
        result->diff = dbo_bundle_diff (job->current, result->report->project);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) verify_result_free);
}

static void
clear_import (DboStepSubmit *self)
{
  g_clear_pointer (&self->import_report, dbo_bundle_report_free);
  g_clear_error (&self->import_error);
  g_clear_pointer (&self->import_diff, g_ptr_array_unref);
  g_clear_handle_id (&self->rediff_source, g_source_remove);
  self->import_same_project = FALSE;
}

static void
verify_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (source);
  VerifyResult *result = g_task_propagate_pointer (G_TASK (res), NULL);

  if (self->disposed || result == NULL)
    {
      g_clear_pointer (&result, verify_result_free);
      return;
    }
  self->verifying = FALSE;
  gtk_spinner_stop (self->verify_spinner);
  gtk_widget_set_visible (self->verify_box, FALSE);
  clear_import (self);
  self->import_report = g_steal_pointer (&result->report);
  self->import_error = g_steal_pointer (&result->error);
  self->import_diff = g_steal_pointer (&result->diff);
  self->import_same_project = result->same_project;
  verify_result_free (result);
  show_report (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
dbo_step_submit_import_file (DboStepSubmit *self, GFile *file)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  VerifyJob *job;
  gboolean was_busy;

  g_return_if_fail (DBO_IS_STEP_SUBMIT (self));
  g_return_if_fail (G_IS_FILE (file));
  if (session == NULL || self->verifying)
    return;

  was_busy = dbo_step_submit_get_busy (self);
  job = g_new0 (VerifyJob, 1);
  job->file = g_object_ref (file);
  job->current = dbo_project_copy (dbo_session_get_project (session));

  g_set_object (&self->import_file, file);
  g_free (self->import_name);
  self->import_name = g_file_get_basename (file);
  self->verifying = TRUE;
  clear_import (self);
  gtk_widget_set_visible (self->report_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_status_label), FALSE);
  text = g_strdup_printf (_("Checking “%s”…"), self->import_name);
  gtk_label_set_text (self->verify_label, text);
  gtk_widget_set_visible (self->verify_box, TRUE);
  gtk_spinner_start (self->verify_spinner);
  update_actions (self);

  task = g_task_new (self, NULL, verify_done_cb, NULL);
  g_task_set_source_tag (task, dbo_step_submit_import_file);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
  set_busy_notify (self, was_busy);
}

static GtkWidget *
named_row (const char *name, const char *title, const char *subtitle)
{
  GtkWidget *row = dbo_plain_row_new (title, subtitle);

  gtk_widget_set_name (row, name);
  return row;
}

static const char *
change_icon (DboBundleChangeKind kind)
{
  switch (kind)
    {
    case DBO_BUNDLE_CHANGE_ADDED: return "list-add-symbolic";
    case DBO_BUNDLE_CHANGE_REMOVED: return "list-remove-symbolic";
    case DBO_BUNDLE_CHANGE_CHANGED:
    default: return "document-edit-symbolic";
    }
}

static void
show_diff_rows (DboStepSubmit *self)
{
  GPtrArray *diff = self->import_diff;
  GtkWidget *row;

  if (diff == NULL || diff->len == 0)
    {
      row = named_row ("report-diff", _("What differs"), _("Nothing: the bundle holds the project as it is now"));
      row_add_icon (row, "object-select-symbolic", NULL);
      gtk_list_box_append (self->report_list, row);
      return;
    }
  row = adw_expander_row_new ();
  gtk_widget_set_name (row, "report-diff");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("What differs"));
  {
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change from the open project",
                                                              "%u changes from the open project", diff->len),
                                                 diff->len);
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  }
  for (guint i = 0; i < diff->len && i < MAX_CHANGE_ROWS; i++)
    {
      const DboBundleChange *c = g_ptr_array_index (diff, i);
      GtkWidget *crow = dbo_plain_row_new (c->label, c->part);

      row_add_icon (crow, change_icon (c->kind), NULL);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), crow);
    }
  if (diff->len > MAX_CHANGE_ROWS)
    {
      guint more = diff->len - MAX_CHANGE_ROWS;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more change",
                                                             "And %u more changes", more), more);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), dbo_plain_row_new (title, NULL));
    }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), diff->len <= 12);
  gtk_list_box_append (self->report_list, row);
}

static void
show_report (DboStepSubmit *self)
{
  GtkWidget *row;

  dbo_list_box_remove_all (self->report_list);
  if (self->import_report == NULL && self->import_error == NULL)
    {
      gtk_widget_set_visible (self->report_box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->report_box, TRUE);
  gtk_widget_remove_css_class (self->report_box, "dbo-refused");
  gtk_widget_remove_css_class (self->report_box, "dbo-accepted");

  if (self->import_error != NULL)
    {
      const char *check = dbo_bundle_error_get_check (self->import_error);
      const char *file = dbo_bundle_error_get_file (self->import_error);
      g_autofree char *check_text = NULL;

      gtk_widget_add_css_class (self->report_box, "dbo-refused");
      row = named_row ("report-status", _("Refused: nothing was imported"), self->import_name);
      row_add_icon (row, "dialog-error-symbolic", "error");
      gtk_widget_add_css_class (row, "dbo-report-refused");
      gtk_list_box_append (self->report_list, row);

      check_text = check != NULL ? g_strdup_printf ("%s — %s", check, dbo_bundle_error_describe (self->import_error))
                                 : g_strdup (dbo_bundle_error_describe (self->import_error));
      gtk_list_box_append (self->report_list, named_row ("report-check", _("Check"), check_text));
      if (file != NULL && *file != '\0')
        gtk_list_box_append (self->report_list, named_row ("report-file", _("File"), file));
      gtk_list_box_append (self->report_list, named_row ("report-message", _("Details"), self->import_error->message));

      gtk_label_set_text (self->confirm_label, _("The bundle was checked and refused. No project was changed."));
      gtk_widget_set_visible (self->replace_button, FALSE);
      gtk_widget_set_visible (self->import_new_button, FALSE);
      return;
    }

  {
    const DboBundleReport *r = self->import_report;
    const DboProject *p = r->project;
    g_autofree char *status = NULL;
    g_autofree char *project_sub = NULL;
    g_autofree char *files = files_summary (r);
    AdwExpanderRow *files_row;

    gtk_widget_add_css_class (self->report_box, "dbo-accepted");
    status = g_strdup (verified_text (r->kind, self->import_same_project));
    row = named_row ("report-status", status, self->import_name);
    row_add_icon (row, "object-select-symbolic", "success");
    gtk_list_box_append (self->report_list, row);

    row = named_row ("report-kind", _("Kind"), kind_label (r->kind));
    if (r->kind == DBO_BUNDLE_BACKUP)
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Backup bundle: restores a saved state, never a submission"));
    gtk_list_box_append (self->report_list, row);

    project_sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u protected object · made %s by %s",
                                                "%u protected objects · made %s by %s", p->objects->len),
                                   p->objects->len, r->created ? r->created : "", r->generator ? r->generator : "");
    row = named_row ("report-project", !dbo_str_empty (p->enterprise.name) ? p->enterprise.name
                                       : !dbo_str_empty (p->title) ? p->title : p->id,
                     project_sub);
    adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
    gtk_list_box_append (self->report_list, row);

    files_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
    gtk_widget_set_name (GTK_WIDGET (files_row), "report-files");
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (files_row), FALSE);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (files_row), _("Contents"));
    adw_expander_row_set_subtitle (files_row, files);
    fill_file_rows (NULL, files_row, r);
    gtk_list_box_append (self->report_list, GTK_WIDGET (files_row));

    if (self->import_same_project)
      {
        show_diff_rows (self);
        gtk_label_set_text (self->confirm_label,
                            _("Replace the open project with the bundle’s? Its current state is kept as a snapshot "
                              "in the project file."));
      }
    else
      {
        g_autofree char *text =
          g_strdup_printf (_("This bundle holds another project (%s). It can be imported into a new project "
                             "file; the open project stays as it is."),
                           !dbo_str_empty (p->enterprise.name) ? p->enterprise.name : p->id);
        gtk_label_set_text (self->confirm_label, text);
      }
    gtk_widget_set_visible (self->replace_button, self->import_same_project);
    gtk_widget_set_visible (self->import_new_button, !self->import_same_project);
  }
}

/* The open project changed under a shown report: what differs changes too. */
static gboolean
rediff_cb (gpointer data)
{
  DboStepSubmit *self = data;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  self->rediff_source = 0;
  if (self->import_report == NULL || !self->import_same_project || session == NULL)
    return G_SOURCE_REMOVE;
  g_clear_pointer (&self->import_diff, g_ptr_array_unref);
  self->import_diff = dbo_bundle_diff (dbo_session_get_project (session), self->import_report->project);
  show_report (self);
  return G_SOURCE_REMOVE;
}

static void
import_chooser_response_cb (GtkNativeDialog *chooser, int response, DboStepSubmit *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        dbo_step_submit_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
import_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = zip_filter ();
  GtkFileChooserNative *chooser;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL || self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import a Review Bundle"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("C_heck"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
set_import_status (DboStepSubmit *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->import_status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->import_status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->import_status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->import_status_label), TRUE);
}

static void
replace_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;
  DboProject *incoming;

  if (session == NULL || self->import_report == NULL || !self->import_same_project)
    return;
  incoming = dbo_project_copy (self->import_report->project);
  if (!dbo_session_replace_project (session, incoming, NULL, &snapshot, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The project was not replaced: %s"), error->message);

      set_import_status (self, text, TRUE);
      return;
    }
  clear_import (self);
  show_report (self);
  {
    g_autofree char *text = g_strdup_printf (_("The project now holds the bundle’s data. The state before is kept "
                                               "as the snapshot “%s”."), snapshot);
    set_import_status (self, text, FALSE);
  }
  dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("Project replaced by the imported bundle")));
  update_actions (self);
}

static void
dismiss_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);

  clear_import (self);
  show_report (self);
  gtk_widget_set_visible (GTK_WIDGET (self->import_status_label), FALSE);
  update_actions (self);
  gtk_widget_grab_focus (self->import_button);
}

/* ------------------------------------------------------------ import: as a new project */

typedef struct {
  GFile *bundle;
  char *dest;
} ImportNewJob;

static void
import_new_job_free (ImportNewJob *job)
{
  g_object_unref (job->bundle);
  g_free (job->dest);
  g_free (job);
}

static void
import_new_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportNewJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->bundle);
  g_autoptr(DboBundleReport) report = NULL;
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only a bundle in a local folder can be imported as a new project"));
      return;
    }
  report = dbo_bundle_import (path, job->dest, DBO_BUNDLE_IMPORT_DEFAULT, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (job->dest), g_free);
}

static void
import_new_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->disposed)
    return;
  self->importing = FALSE;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (dest == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The bundle was not imported: %s"), error->message);

      set_import_status (self, text, TRUE);
      return;
    }
  {
    g_autofree char *base = g_path_get_basename (dest);
    g_autofree char *text = g_strdup_printf (_("Imported into the new project file “%s”."), base);

    set_import_status (self, text, FALSE);
  }
  clear_import (self);
  show_report (self);
  update_actions (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-path", "s", dest);
}

static void
import_new_chooser_response_cb (GtkNativeDialog *chooser, int response, DboStepSubmit *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->import_file != NULL && !self->importing)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *dest = file ? g_file_get_path (file) : NULL;

      if (dest != NULL)
        {
          g_autoptr(GTask) task = g_task_new (self, NULL, import_new_done_cb, NULL);
          ImportNewJob *job = g_new0 (ImportNewJob, 1);

          job->bundle = g_object_ref (self->import_file);
          job->dest = g_steal_pointer (&dest);
          self->importing = TRUE;
          update_actions (self);
          g_task_set_source_tag (task, import_new_chooser_response_cb);
          g_task_set_task_data (task, job, (GDestroyNotify) import_new_job_free);
          g_task_run_in_thread (task, import_new_thread);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
        }
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
import_new_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const DboProject *p;
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->import_report == NULL || self->chooser != NULL)
    return;
  p = self->import_report->project;
  {
    g_autofree char *clean = dbo_file_name_from (!dbo_str_empty (p->enterprise.name) ? p->enterprise.name : p->id);

    name = g_strconcat (clean, ".dengbao", NULL);
  }
  gtk_file_filter_set_name (filter, _("Dengbao projects"));
  gtk_file_filter_add_pattern (filter, "*.dengbao");
  chooser = gtk_file_chooser_native_new (_("Import as a New Project"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_new_chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------ drag and drop */

static GFile *
first_file (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    return g_value_get_object (value);
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      GFile *file = files != NULL ? files->data : NULL;

      g_slist_free (files);
      return file;
    }
  return NULL;
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, DboStepSubmit *self)
{
  GFile *file = first_file (value);

  gtk_widget_remove_css_class (GTK_WIDGET (self->import_group), "dbo-drop-highlight");
  if (file == NULL || dbo_step_get_session (DBO_STEP (self)) == NULL || self->verifying)
    return FALSE;
  dbo_step_submit_import_file (self, file);
  gtk_widget_grab_focus (self->import_button);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target, double x, double y, DboStepSubmit *self)
{
  if (dbo_step_get_session (DBO_STEP (self)) == NULL || self->verifying)
    return 0;
  gtk_widget_add_css_class (GTK_WIDGET (self->import_group), "dbo-drop-highlight");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target, DboStepSubmit *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->import_group), "dbo-drop-highlight");
}

/* ------------------------------------------------------------ session */

static void
findings_changed_cb (DboSession *session, DboStepSubmit *self)
{
  refresh_checks (self);
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboStepSubmit *self)
{
  if (part == DBO_PART_ATTACHMENTS)
    refresh_limits (self);
  if (self->import_report != NULL && self->import_same_project)
    {
      g_clear_handle_id (&self->rediff_source, g_source_remove);
      self->rediff_source = g_timeout_add (REDIFF_DELAY_MS, rediff_cb, self);
    }
}

static void dbo_step_submit_session_set (DboStep *step, DboSession *session);
static void dbo_step_submit_focus_path (DboStep *step, const char *path);

/* ------------------------------------------------------------ GObject */

static void
dbo_step_submit_map (GtkWidget *widget)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (widget);

  GTK_WIDGET_CLASS (dbo_step_submit_parent_class)->map (widget);
  if (self->rows_stale && dbo_step_get_session (DBO_STEP (self)) != NULL)
    refresh_finding_rows (self);
}

static void
dbo_step_submit_dispose (GObject *object)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_handle_id (&self->rediff_source, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  G_OBJECT_CLASS (dbo_step_submit_parent_class)->dispose (object);
}

static void
dbo_step_submit_finalize (GObject *object)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (object);

  g_free (self->submit_reason);
  g_clear_pointer (&self->exported, dbo_bundle_report_free);
  g_free (self->exported_path);
  g_free (self->exported_sha256);
  clear_import (self);
  g_clear_object (&self->import_file);
  g_free (self->import_name);
  G_OBJECT_CLASS (dbo_step_submit_parent_class)->finalize (object);
}

static void
dbo_step_submit_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (object);

  switch (prop_id)
    {
    case PROP_CAN_SUBMIT:
      g_value_set_boolean (value, self->can_submit);
      break;
    case PROP_SUBMIT_REASON:
      g_value_set_string (value, self->submit_reason);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, dbo_step_submit_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_submit_class_init (DboStepSubmitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_submit_dispose;
  object_class->finalize = dbo_step_submit_finalize;
  object_class->get_property = dbo_step_submit_get_property;
  widget_class->map = dbo_step_submit_map;
  step_class->session_set = dbo_step_submit_session_set;
  step_class->focus_path = dbo_step_submit_focus_path;

  /* Whether the submission bundle can be exported now … */
  properties[PROP_CAN_SUBMIT] =
    g_param_spec_boolean ("can-submit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* … and if not, why. */
  properties[PROP_SUBMIT_REASON] =
    g_param_spec_string ("submit-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An export, a verification or an import is running. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-submit.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, page);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, checks_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, summary_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, findings_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, export_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, submission_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, export_submission_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, export_backup_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, export_error_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, limits_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, result_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, result_file_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, result_kind_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, result_sha_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, result_files_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, import_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, import_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, verify_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, verify_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, report_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, report_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, confirm_buttons);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, import_new_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, replace_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepSubmit, import_status_label);

  gtk_widget_class_install_action (widget_class, "submit.export-submission", NULL, export_submission_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.export-backup", NULL, export_backup_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.replace", NULL, replace_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.import-new", NULL, import_new_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.dismiss", NULL, dismiss_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.show-folder", NULL, show_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "submit.copy-sha256", NULL, copy_sha256_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "submit.export-submission", NULL);
}

static void
dbo_step_submit_init (DboStepSubmit *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  refresh_checks (self);
  update_actions (self);
}

GtkWidget *
dbo_step_submit_new (void)
{
  return g_object_new (DBO_TYPE_STEP_SUBMIT, NULL);
}

static void
dbo_step_submit_session_set (DboStep *step, DboSession *session)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (step);

  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, 0);
      g_signal_connect_object (session, "findings-changed", G_CALLBACK (findings_changed_cb), self, 0);
    }

  /* A bundle of the previous project means nothing for this one. */
  clear_import (self);
  show_report (self);
  gtk_widget_set_visible (GTK_WIDGET (self->import_status_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_error_label), FALSE);
  refresh_checks (self);
  refresh_limits (self);
  update_actions (self);
}

static void
dbo_step_submit_focus_path (DboStep *step, const char *path)
{
  DboStepSubmit *self = DBO_STEP_SUBMIT (step);
  GtkWidget *target = NULL;

  if (dbo_step_get_session (step) == NULL)
    return;
  /* A listed finding's row, else the first thing to do here. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list)); row != NULL && path != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "dbo-path"), path) == 0)
      {
        target = row;
        break;
      }
  if (target == NULL)
    {
      GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list));

      target = self->can_submit ? self->export_submission_button
               : first != NULL ? first : self->export_backup_button;
    }
  gtk_widget_grab_focus (target);
}

gboolean
dbo_step_submit_get_can_submit (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), FALSE);
  return self->can_submit;
}

const char *
dbo_step_submit_get_submit_reason (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), NULL);
  return self->submit_reason;
}

gboolean
dbo_step_submit_get_busy (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), FALSE);
  return self->exporting || self->verifying || self->importing;
}

const DboBundleReport *
dbo_step_submit_get_exported (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), NULL);
  return self->exported;
}

const char *
dbo_step_submit_get_exported_sha256 (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), NULL);
  return self->exported_sha256;
}

const DboBundleReport *
dbo_step_submit_get_import_report (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), NULL);
  return self->import_report;
}

const GError *
dbo_step_submit_get_import_error (DboStepSubmit *self)
{
  g_return_val_if_fail (DBO_IS_STEP_SUBMIT (self), NULL);
  return self->import_error;
}
