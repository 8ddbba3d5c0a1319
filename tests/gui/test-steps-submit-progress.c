/* Steps 6 (提交) and 7 (进度), driven through their widgets on a copy of the
 * sample project: exporting and reading back bundles, refusing a changed one,
 * replacing the project by an imported one, and the timeline of deadlines
 * with its inline records. The saved file is reopened to check what was written. */
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <archive.h>
#include <archive_entry.h>
#include "dbo-bundle.h"
#include "dbo-checks.h"
#include "dbo-deadlines.h"
#include "dbo-project-xml.h"
#include "dbo-session.h"
#include "dbo-step-progress.h"
#include "dbo-step-submit.h"
#include "dbo-store.h"
#include "dbo-window.h"

typedef struct {
  char *dir;
  char *path;
  DboSession *session;
  GtkWidget *window;
  GtkWidget *step;
  /* The test emptied a list the store only ever adds to (attachments): the
   * file cannot follow, so it is not compared with the model at the end. */
  gboolean unsaved_by_design;
} Fixture;

static DboSession *
sample_session (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = dbo_test_sample_path ();
  DboProject *project = dbo_project_xml_read_file (sample, &error);
  DboSession *session;
  GDate today;

  g_assert_no_error (error);
  session = dbo_session_create (path, project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  /* After the certificate, before any assessment is due. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, 11, 2026);
  dbo_session_set_today (session, &today);
  return session;
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = dbo_test_mkdtemp ();
  fx->path = g_build_filename (fx->dir, "sample.dengbao", NULL);
  fx->session = sample_session (fx->path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  if (fx->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (fx->unsaved_by_design)
    g_assert_true (dbo_session_flush (fx->session, NULL));
  else
    dbo_test_assert_saved (fx->session);
  g_assert_finalize_object (fx->session);
  g_free (fx->path);
  g_free (fx->dir);
}

/* Shows @child in a window with a toast overlay, as the project window does. */
static void
show_in_window (Fixture *fx, GtkWidget *child, int width, int height)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fx->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fx->window), width, height);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
  gtk_window_set_child (GTK_WINDOW (fx->window), overlay);
  gtk_window_present (GTK_WINDOW (fx->window));
  fx->step = child;
}

static gboolean
submit_idle (gpointer step)
{
  return !dbo_step_submit_get_busy (step);
}

static void
wait_submit (DboStepSubmit *step)
{
  g_assert_true (dbo_test_run_until (submit_idle, step, 60000));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
named (GtkWidget *root, const char *name)
{
  GtkWidget *w = dbo_test_find_named (root, name);

  if (w == NULL)
    g_error ("no widget named %s", name);
  return w;
}

static GtkWidget *
template_child (gpointer widget, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c))
      n++;
  return n;
}

static DboProject *
reopen (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  DboProject *project;

  g_assert_no_error (error);
  project = dbo_store_load (store, &error);
  g_assert_no_error (error);
  return project;
}

static guint
count_snapshots (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  list = dbo_store_snapshot_list (store, &error);
  g_assert_no_error (error);
  return list->len;
}

/* The buttons follow their actions' enabled state. */
static gboolean
button_enabled (gpointer step, const char *name)
{
  return gtk_widget_get_sensitive (template_child (step, DBO_TYPE_STEP_SUBMIT, name));
}

/* ---------------------------------------------------------------- step 6 */

static DboStepSubmit *
show_submit (Fixture *fx)
{
  GtkWidget *step = dbo_step_submit_new ();

  dbo_step_set_session (DBO_STEP (step), fx->session);
  show_in_window (fx, step, 900, 800);
  dbo_test_run_for (50);
  return DBO_STEP_SUBMIT (step);
}

static void
test_submit_clean (Fixture *fx, gconstpointer data)
{
  DboStepSubmit *step = show_submit (fx);
  GtkWidget *button = template_child (step, DBO_TYPE_STEP_SUBMIT, "export_submission_button");
  GtkWidget *backup = template_child (step, DBO_TYPE_STEP_SUBMIT, "export_backup_button");
  GtkWidget *summary = template_child (step, DBO_TYPE_STEP_SUBMIT, "summary_row");
  GtkWidget *list = template_child (step, DBO_TYPE_STEP_SUBMIT, "findings_list");

  /* The sample passes every check. */
  g_assert_true (dbo_step_submit_get_can_submit (step));
  g_assert_null (dbo_step_submit_get_submit_reason (step));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_sensitive (backup));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (summary)), "0"));
  g_assert_false (gtk_widget_get_visible (list));
  g_assert_false (dbo_step_submit_get_busy (step));
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "result_group")));
}

static void
test_submit_blocked (Fixture *fx, gconstpointer data)
{
  DboStepSubmit *step = show_submit (fx);
  GtkWidget *button = template_child (step, DBO_TYPE_STEP_SUBMIT, "export_submission_button");
  GtkWidget *row = template_child (step, DBO_TYPE_STEP_SUBMIT, "submission_row");
  GtkWidget *list = template_child (step, DBO_TYPE_STEP_SUBMIT, "findings_list");
  GtkWidget *error_label = template_child (step, DBO_TYPE_STEP_SUBMIT, "export_error_label");
  g_autoptr(DboRemoval) removal = NULL;
  g_autofree char *zip = g_build_filename (fx->dir, "refused.zip", NULL);
  GtkWidget *first;
  guint n_errors;

  /* Four experts: an even panel breaks the panel rules. */
  removal = dbo_session_remove_member (fx->session, "m5");
  dbo_test_settle_session (fx->session);
  n_errors = dbo_checks_count (dbo_session_get_findings (fx->session), DBO_SEVERITY_ERROR);
  g_assert_cmpuint (n_errors, >, 0);

  g_assert_false (dbo_step_submit_get_can_submit (step));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (dbo_step_submit_get_submit_reason (step));
  /* The reason is shown on the row, and names how many errors there are. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, dbo_step_submit_get_submit_reason (step));
  {
    g_autofree char *count = g_strdup_printf ("%u", n_errors);
    g_assert_nonnull (strstr (dbo_step_submit_get_submit_reason (step), count));
  }
  /* The errors are listed, each leading to its field. */
  g_assert_true (gtk_widget_get_visible (list));
  first = gtk_widget_get_first_child (list);
  g_assert_true (ADW_IS_ACTION_ROW (first));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (first)));
  g_assert_true (g_str_has_prefix (g_object_get_data (G_OBJECT (first), "dbo-path"), "panel"));
  g_assert_cmpuint (count_rows (list), >=, MIN (n_errors, 50));
  /* Ctrl+E does nothing either. */
  g_assert_false (button_enabled (step, "export_submission_button"));
  g_assert_true (button_enabled (step, "export_backup_button"));

  /* The core refuses too, should the export be asked for anyway. */
  dbo_step_submit_export_to (step, DBO_BUNDLE_SUBMISSION, zip);
  wait_submit (step);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  g_assert_null (dbo_step_submit_get_exported (step));

  /* Undo: the panel is whole again, and so is the button. */
  dbo_session_undo_removal (fx->session, removal);
  dbo_test_settle_session (fx->session);
  g_assert_true (dbo_step_submit_get_can_submit (step));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_get_visible (list));
}

static void
add_attachments (DboSession *session, guint from, guint n)
{
  DboProject *p = dbo_session_get_project (session);

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("scan %u", i);
      g_autofree char *name = g_strdup_printf ("扫描件-%u.pdf", i);
      g_autoptr(GBytes) data = g_bytes_new (text, strlen (text));

      g_ptr_array_add (p->attachments, dbo_attachment_new (name, "application/pdf", data));
    }
  dbo_session_changed (session, DBO_PART_ATTACHMENTS, NULL);
}

/* Near a bundle's limits the step says so; over them the export is refused
 * and nothing is written (issue 12, item 10). */
static void
test_submit_attachment_limits (Fixture *fx, gconstpointer data)
{
  DboStepSubmit *step = show_submit (fx);
  GtkWidget *label = template_child (step, DBO_TYPE_STEP_SUBMIT, "limits_label");
  GtkWidget *error_label = template_child (step, DBO_TYPE_STEP_SUBMIT, "export_error_label");
  g_autofree char *zip = g_build_filename (fx->dir, "too-many.zip", NULL);
  guint near = DBO_BUNDLE_MAX_ENTRIES * 85 / 100;
  DboProject *p = dbo_session_get_project (fx->session);

  g_assert_false (gtk_widget_get_visible (label));
  add_attachments (fx->session, 0, near);
  g_assert_true (gtk_widget_get_visible (label));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "85%"));

  add_attachments (fx->session, near, DBO_BUNDLE_MAX_ENTRIES - near);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "more than a bundle may hold"));
  dbo_step_submit_export_to (step, DBO_BUNDLE_BACKUP, zip);
  wait_submit (step);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "10000"));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  g_assert_null (dbo_step_submit_get_exported (step));

  g_ptr_array_set_size (p->attachments, 0);
  dbo_session_changed (fx->session, DBO_PART_ATTACHMENTS, NULL);
  fx->unsaved_by_design = TRUE;
  g_assert_false (gtk_widget_get_visible (label));
}

/* A step out of sight keeps its verdict current but builds its rows of
 * findings only when it is shown again. */
static void
test_submit_hidden (Fixture *fx, gconstpointer data)
{
  DboStepSubmit *step = show_submit (fx);
  GtkWidget *list = template_child (step, DBO_TYPE_STEP_SUBMIT, "findings_list");
  g_autoptr(DboRemoval) removal = NULL;
  GtkWidget *first;

  gtk_widget_set_visible (GTK_WIDGET (step), FALSE);
  removal = dbo_session_remove_member (fx->session, "m5");
  dbo_test_settle_session (fx->session);
  g_assert_false (dbo_step_submit_get_can_submit (step));
  g_assert_nonnull (dbo_step_submit_get_submit_reason (step));

  gtk_widget_set_visible (GTK_WIDGET (step), TRUE);
  dbo_test_run_for (50);
  g_assert_true (gtk_widget_get_visible (list));
  first = gtk_widget_get_first_child (list);
  g_assert_true (ADW_IS_ACTION_ROW (first));
  g_assert_true (g_str_has_prefix (g_object_get_data (G_OBJECT (first), "dbo-path"), "panel"));

  /* Mended while hidden: shown again, the list is gone. */
  gtk_widget_set_visible (GTK_WIDGET (step), FALSE);
  dbo_session_undo_removal (fx->session, removal);
  dbo_test_settle_session (fx->session);
  g_assert_true (dbo_step_submit_get_can_submit (step));
  gtk_widget_set_visible (GTK_WIDGET (step), TRUE);
  dbo_test_run_for (50);
  g_assert_false (gtk_widget_get_visible (list));
  g_assert_cmpuint (count_rows (list), ==, 0);
}

static void
test_submit_export (Fixture *fx, gconstpointer data)
{
  DboStepSubmit *step = show_submit (fx);
  g_autofree char *zip = g_build_filename (fx->dir, "backup.zip", NULL);
  g_autofree char *sub_zip = g_build_filename (fx->dir, "submission.zip", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(DboBundleReport) again = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *result = template_child (step, DBO_TYPE_STEP_SUBMIT, "result_group");
  GtkWidget *files = template_child (step, DBO_TYPE_STEP_SUBMIT, "result_files_list");
  GtkWidget *sha_row = template_child (step, DBO_TYPE_STEP_SUBMIT, "result_sha_row");
  GtkWidget *kind = template_child (step, DBO_TYPE_STEP_SUBMIT, "result_kind_label");
  GtkWidget *progress = template_child (step, DBO_TYPE_STEP_SUBMIT, "progress_box");
  const DboBundleReport *report;

  dbo_step_submit_export_to (step, DBO_BUNDLE_BACKUP, zip);
  /* The work is in a thread; the step shows it and takes no second export. */
  g_assert_true (dbo_step_submit_get_busy (step));
  g_assert_true (gtk_widget_get_visible (progress));
  g_assert_false (button_enabled (step, "export_backup_button"));
  wait_submit (step);
  g_assert_false (gtk_widget_get_visible (progress));
  g_assert_true (button_enabled (step, "export_backup_button"));

  /* What was written verifies, and the summary lists it. */
  again = dbo_bundle_verify (zip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->kind, ==, DBO_BUNDLE_BACKUP);
  report = dbo_step_submit_get_exported (step);
  g_assert_nonnull (report);
  g_assert_cmpint (report->kind, ==, DBO_BUNDLE_BACKUP);
  g_assert_cmpuint (report->files->len, ==, again->files->len);
  g_assert_cmpuint (report->files->len, >=, 5);
  g_assert_nonnull (dbo_bundle_report_find (report, "project.xml"));
  g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex2.pdf"));
  g_assert_true (gtk_widget_get_visible (result));
  g_assert_cmpuint (count_rows (files), ==, report->files->len);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kind)), !=, "");
  g_assert_true (gtk_widget_has_css_class (kind, "backup"));
  sha = dbo_test_file_sha256 (zip);
  g_assert_cmpstr (dbo_step_submit_get_exported_sha256 (step), ==, sha);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (sha_row)), ==, sha);
  /* The first file's row names its role and path. */
  {
    GtkWidget *row = gtk_widget_get_first_child (files);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_assert_nonnull (strstr (subtitle, "project.xml"));
  }

  /* The clean sample exports as a submission too. */
  dbo_step_submit_export_to (step, DBO_BUNDLE_SUBMISSION, sub_zip);
  wait_submit (step);
  g_assert_cmpint (dbo_step_submit_get_exported (step)->kind, ==, DBO_BUNDLE_SUBMISSION);
  g_assert_true (gtk_widget_has_css_class (kind, "submission"));
  g_assert_true (g_file_test (sub_zip, G_FILE_TEST_IS_REGULAR));
}

static gboolean
has_change (GPtrArray *changes, const char *part)
{
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    if (g_str_equal (((DboBundleChange *) g_ptr_array_index (changes, i))->part, part))
      return TRUE;
  return FALSE;
}

/* A backup made from one copy of the project replaces another copy of it:
 * the report says what differs, "Replace" swaps, the old state is a snapshot. */
static void
test_submit_import_replace (Fixture *fx, gconstpointer data)
{
  g_autofree char *zip = g_build_filename (fx->dir, "from-a.zip", NULL);
  g_autofree char *copy_path = g_build_filename (fx->dir, "copy.dengbao", NULL);
  g_autoptr(DboSession) other = sample_session (copy_path);
  DboStepSubmit *exporter = DBO_STEP_SUBMIT (g_object_ref_sink (dbo_step_submit_new ()));
  DboStepSubmit *step;
  g_autoptr(GFile) file = g_file_new_for_path (zip);
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *title = NULL;
  GtkWidget *report_list, *replace, *status;
  DboProject *p;

  /* A: the bureau's answer is in (a decision for a new round); exported. */
  dbo_step_set_session (DBO_STEP (exporter), fx->session);
  dbo_set_str (&dbo_session_get_project (fx->session)->title, "金鼎煤业等保备案（审核后）");
  dbo_session_changed (fx->session, DBO_PART_HEADER, NULL);
  dbo_step_submit_export_to (exporter, DBO_BUNDLE_BACKUP, zip);
  wait_submit (exporter);
  g_assert_nonnull (dbo_step_submit_get_exported (exporter));
  g_clear_object (&exporter);

  /* B, the copy, still has the old title and an extra note. */
  p = dbo_session_get_project (other);
  title = g_strdup (p->title);
  dbo_set_str (&p->panel.conclusion.note, "只在副本中的备注");
  dbo_session_changed (other, DBO_PART_PANEL, NULL);

  step = DBO_STEP_SUBMIT (dbo_step_submit_new ());
  dbo_step_set_session (DBO_STEP (step), other);
  show_in_window (fx, GTK_WIDGET (step), 900, 800);
  dbo_step_submit_import_file (step, file);
  g_assert_true (dbo_step_submit_get_busy (step));
  wait_submit (step);

  g_assert_null (dbo_step_submit_get_import_error (step));
  g_assert_nonnull (dbo_step_submit_get_import_report (step));
  report_list = template_child (step, DBO_TYPE_STEP_SUBMIT, "report_list");
  g_assert_true (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "report_box")));
  g_assert_nonnull (dbo_test_find_named (report_list, "report-kind"));
  g_assert_nonnull (dbo_test_find_named (report_list, "report-files"));
  /* What differs, from the bundle API's diff. */
  changes = dbo_bundle_diff (p, dbo_step_submit_get_import_report (step)->project);
  g_assert_true (has_change (changes, "title"));
  g_assert_true (has_change (changes, "panel"));
  {
    GtkWidget *diff = named (report_list, "report-diff");
    g_autofree char *count = g_strdup_printf ("%u", changes->len);

    /* An expander listing each change, its count in the subtitle. */
    g_assert_true (ADW_IS_EXPANDER_ROW (diff));
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (diff)), count));
  }
  replace = template_child (step, DBO_TYPE_STEP_SUBMIT, "replace_button");
  g_assert_true (gtk_widget_get_visible (replace));
  g_assert_true (gtk_widget_is_sensitive (replace));
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "import_new_button")));
  /* Nothing happened yet: the report only asks. */
  g_assert_cmpstr (dbo_session_get_project (other)->title, ==, title);
  g_assert_cmpuint (count_snapshots (copy_path), ==, 0);

  g_signal_emit_by_name (replace, "clicked");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  p = dbo_session_get_project (other);
  g_assert_cmpstr (p->title, ==, "金鼎煤业等保备案（审核后）");
  g_assert_true (p->panel.conclusion.note == NULL || strstr (p->panel.conclusion.note, "副本") == NULL);
  g_assert_null (dbo_step_submit_get_import_report (step));
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "report_box")));
  status = template_child (step, DBO_TYPE_STEP_SUBMIT, "import_status_label");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "导入前"));
  g_assert_false (button_enabled (step, "replace_button"));

  /* The file holds the bundle's state, and the replaced one as a snapshot. */
  g_assert_cmpuint (count_snapshots (copy_path), ==, 1);
  {
    g_autoptr(DboProject) saved = reopen (copy_path);

    g_assert_cmpstr (saved->title, ==, "金鼎煤业等保备案（审核后）");
  }
  gtk_window_destroy (GTK_WINDOW (fx->window));
  fx->window = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (dbo_session_flush (other, NULL));
}

/* Copies @src to @dest entry by entry, changing one byte of @victim. */
static void
rewrite_with_changed_byte (const char *src, const char *dest, const char *victim)
{
  struct archive *in = archive_read_new ();
  struct archive *out = archive_write_new ();
  struct archive_entry *entry;
  gboolean changed = FALSE;

  archive_read_support_format_zip (in);
  g_assert_cmpint (archive_read_open_filename (in, src, 16384), ==, ARCHIVE_OK);
  archive_write_set_format_zip (out);
  g_assert_cmpint (archive_write_open_filename (out, dest), ==, ARCHIVE_OK);
  while (archive_read_next_header (in, &entry) == ARCHIVE_OK)
    {
      la_int64_t size = archive_entry_size (entry);
      g_autofree guchar *buf = g_malloc (size > 0 ? size : 1);
      la_ssize_t got = size > 0 ? archive_read_data (in, buf, size) : 0;

      g_assert_cmpint (got, ==, size);
      if (g_str_equal (archive_entry_pathname (entry), victim))
        {
          buf[size / 2] ^= 0x01;
          changed = TRUE;
        }
      g_assert_cmpint (archive_write_header (out, entry), ==, ARCHIVE_OK);
      if (size > 0)
        g_assert_cmpint (archive_write_data (out, buf, size), ==, size);
    }
  g_assert_true (changed);
  archive_write_close (out);
  archive_write_free (out);
  archive_read_free (in);
}

static void
test_submit_import_refused (Fixture *fx, gconstpointer data)
{
  g_autofree char *zip = g_build_filename (fx->dir, "good.zip", NULL);
  g_autofree char *bad = g_build_filename (fx->dir, "edited.zip", NULL);
  g_autofree char *cut = g_build_filename (fx->dir, "cut.zip", NULL);
  g_autofree char *title = NULL;
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) cut_file = g_file_new_for_path (cut);
  DboStepSubmit *step = show_submit (fx);
  GtkWidget *report_list = template_child (step, DBO_TYPE_STEP_SUBMIT, "report_list");
  const GError *refusal;
  g_autofree char *contents = NULL;
  gsize length = 0;

  dbo_step_submit_export_to (step, DBO_BUNDLE_BACKUP, zip);
  wait_submit (step);
  g_assert_true (dbo_session_flush (fx->session, NULL));
  title = g_strdup (dbo_session_get_project (fx->session)->title);

  /* Edited by hand: one byte of Annex 2 changed, the ZIP itself consistent. */
  rewrite_with_changed_byte (zip, bad, "documents/annex2.pdf");
  dbo_step_submit_import_file (step, bad_file);
  wait_submit (step);
  refusal = dbo_step_submit_get_import_error (step);
  g_assert_nonnull (refusal);
  g_assert_null (dbo_step_submit_get_import_report (step));
  g_assert_cmpstr (dbo_bundle_error_get_check (refusal), ==, "file-checksum");
  g_assert_cmpstr (dbo_bundle_error_get_file (refusal), ==, "documents/annex2.pdf");
  /* The report names the check and the file, clearly, and offers nothing to replace. */
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_SUBMIT, "report_box"), "dbo-refused"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (report_list, "report-check"))),
                            "file-checksum"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (report_list, "report-file"))), ==,
                   "documents/annex2.pdf");
  g_assert_nonnull (dbo_test_find_named (report_list, "report-message"));
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "replace_button")));
  g_assert_false (button_enabled (step, "replace_button"));
  g_assert_true (button_enabled (step, "dismiss_button"));

  /* Pulled out during the copy: cut in half, refused as incomplete or damaged. */
  g_assert_true (g_file_get_contents (zip, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
  dbo_step_submit_import_file (step, cut_file);
  wait_submit (step);
  refusal = dbo_step_submit_get_import_error (step);
  g_assert_nonnull (refusal);
  g_assert_nonnull (dbo_bundle_error_get_check (refusal));
  g_assert_nonnull (dbo_test_find_named (report_list, "report-check"));

  /* Nothing was imported anywhere. */
  g_assert_cmpuint (count_snapshots (fx->path), ==, 0);
  {
    g_autoptr(DboProject) saved = reopen (fx->path);

    g_assert_cmpstr (saved->title, ==, title);
  }

  gtk_widget_activate_action (GTK_WIDGET (step), "submit.dismiss", NULL);
  g_assert_null (dbo_step_submit_get_import_error (step));
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_SUBMIT, "report_box")));
}

/* In the project window, an error in the summary leads to its field. */
static void
test_submit_jump (Fixture *fx, gconstpointer data)
{
  GtkWidget *window = dbo_window_new (NULL);
  g_autoptr(DboRemoval) removal = NULL;
  DboStepSubmit *step;
  GtkWidget *first;

  fx->window = window;
  dbo_window_set_session (DBO_WINDOW (window), fx->session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));
  dbo_window_show_step (DBO_WINDOW (window), "submit");
  step = DBO_STEP_SUBMIT (dbo_window_get_step_widget (DBO_WINDOW (window), "submit"));
  removal = dbo_session_remove_member (fx->session, "m5");
  dbo_test_settle_session (fx->session);
  g_assert_false (dbo_step_submit_get_can_submit (step));

  first = gtk_widget_get_first_child (template_child (step, DBO_TYPE_STEP_SUBMIT, "findings_list"));
  g_assert_true (g_str_has_prefix (g_object_get_data (G_OBJECT (first), "dbo-path"), "panel"));
  g_signal_emit_by_name (first, "activated");
  dbo_test_run_for (50);
  g_assert_cmpstr (dbo_window_get_step (DBO_WINDOW (window)), ==, "panel");
  dbo_session_undo_removal (fx->session, removal);
}

/* A .zip dropped on the step is verified like a chosen one. */
static void
test_submit_drop (Fixture *fx, gconstpointer data)
{
  g_autofree char *zip = g_build_filename (fx->dir, "dropped.zip", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (zip);
  DboStepSubmit *step = show_submit (fx);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (step));
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  dbo_step_submit_export_to (step, DBO_BUNDLE_BACKUP, zip);
  wait_submit (step);

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_submit (step);
  g_assert_nonnull (dbo_step_submit_get_import_report (step));
  /* The same state as the open project: nothing would change. */
  g_assert_nonnull (dbo_test_find_named (template_child (step, DBO_TYPE_STEP_SUBMIT, "report_list"), "report-diff"));
}

/* ---------------------------------------------------------------- step 7 */

static DboStepProgress *
show_progress (Fixture *fx, int width)
{
  GtkWidget *step = dbo_step_progress_new ();

  dbo_step_set_session (DBO_STEP (step), fx->session);
  show_in_window (fx, step, width, 800);
  dbo_test_run_for (50);
  return DBO_STEP_PROGRESS (step);
}

static const char *
label_of (GtkWidget *row, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (named (row, name)));
}

/* The row of a deadline shows its due date and its status, coloured. */
static void
assert_deadline (DboStepProgress *step, const char *id, const char *object_id, int round, const char *due,
                 DboDeadlineStatus status)
{
  GtkWidget *row = dbo_step_progress_get_deadline_row (step, id, object_id, round);
  GtkWidget *status_label;
  const char *text;

  g_assert_nonnull (row);
  g_assert_cmpstr (label_of (row, "due"), ==, due);
  status_label = named (row, "status");
  text = gtk_label_get_text (GTK_LABEL (status_label));
  /* The catalogue's words: Chinese with the zh_CN one, English otherwise. */
  g_assert_true (g_strcmp0 (text, dbo_deadline_status_zh (status)) == 0 ||
                 (status == DBO_DEADLINE_MET && g_strcmp0 (text, "On time") == 0) ||
                 (status == DBO_DEADLINE_PENDING && g_strcmp0 (text, "To do") == 0) ||
                 (status == DBO_DEADLINE_OVERDUE && g_strcmp0 (text, "Overdue") == 0));
  g_assert_true (gtk_widget_has_css_class (status_label, dbo_deadline_status_token (status)));
}

typedef struct {
  DboStepProgress *step;
  const char *id;
  const char *object_id;
  int round;
  const char *due;
  DboDeadlineStatus status;
} Awaited;

static gboolean
deadline_shows (gpointer data)
{
  Awaited *a = data;
  GtkWidget *row = dbo_step_progress_get_deadline_row (a->step, a->id, a->object_id, a->round);

  return row != NULL && g_strcmp0 (label_of (row, "due"), a->due) == 0 &&
         gtk_widget_has_css_class (named (row, "status"), dbo_deadline_status_token (a->status));
}

/* The timeline follows an edit after a short delay, and after the frames the
 * main loop draws first (slow under the sanitizers, with CJK fonts to load). */
static void
await_deadline (DboStepProgress *step, const char *id, const char *object_id, int round, const char *due,
                DboDeadlineStatus status)
{
  Awaited a = { step, id, object_id, round, due, status };

  dbo_test_run_until (deadline_shows, &a, 90000);
  assert_deadline (step, id, object_id, round, due, status);
}

static void
test_progress_deadlines (Fixture *fx, gconstpointer data)
{
  DboStepProgress *step = show_progress (fx, 900);
  GtkWidget *row;
  g_autoptr(GPtrArray) deadlines = dbo_deadlines_compute (dbo_session_get_project (fx->session),
                                                          dbo_session_get_rules (fx->session),
                                                          dbo_session_get_calendar (fx->session),
                                                          dbo_session_get_today (fx->session));

  /* 申请审核: 5 working days after the 2026-09-28 conclusion, over 国庆. */
  assert_deadline (step, "apply-review", NULL, 0, "2026-10-10", DBO_DEADLINE_MET);
  row = dbo_step_progress_get_deadline_row (step, "apply-review", NULL, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "2026-09-30"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "§"));
  /* 审核意见: one per review round. */
  assert_deadline (step, "review-answer", NULL, 1, "2026-10-13", DBO_DEADLINE_MET);
  assert_deadline (step, "review-answer", NULL, 2, "2026-10-13", DBO_DEADLINE_MET);
  /* 公安备案 and 备案证明. */
  assert_deadline (step, "filing", NULL, 0, "2026-10-28", DBO_DEADLINE_MET);
  assert_deadline (step, "police-answer", NULL, 0, "2026-10-30", DBO_DEADLINE_MET);
  /* 等级测评 by level: two years at 第二级, one at 第三级. */
  assert_deadline (step, "assessment", "o1", 0, "2028-10-27", DBO_DEADLINE_PENDING);
  assert_deadline (step, "assessment", "o9", 0, "2027-10-27", DBO_DEADLINE_PENDING);
  /* Every deadline of the core is on the timeline. */
  for (guint i = 0; i < deadlines->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (deadlines, i);

      if (!g_str_equal (d->id, "review-answer"))
        g_assert_nonnull (dbo_step_progress_get_deadline_row (step, d->id, d->object_id, 0));
    }
  /* No year without calendar data here. */
  g_assert_false (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_PROGRESS, "fallback_box")));
  /* The stages up to the certificate are done. */
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "panel_dot"), "done"));
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "apply_dot"), "done"));
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "decisions_dot"), "done"));
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "filing_dot"), "done"));
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "certificate_dot"), "done"));
  g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_dot"), "current"));
  /* Who reviews and who files, from the rule set's routing. */
  g_assert_nonnull (dbo_test_find_named (template_child (step, DBO_TYPE_STEP_PROGRESS, "apply_list"), "route-authority"));
  g_assert_nonnull (dbo_test_find_named (template_child (step, DBO_TYPE_STEP_PROGRESS, "filing_list"), "route-police"));

  /* A conclusion in a year the calendar has no data for: counted Monday to
   * Friday, and said so. */
  {
    DboProject *p = dbo_session_get_project (fx->session);
    g_autofree char *concluded = g_strdup (p->panel.conclusion.concluded);
    GtkWidget *fallback = template_child (step, DBO_TYPE_STEP_PROGRESS, "fallback_box");

    dbo_set_str (&p->panel.conclusion.concluded, "2031-09-26T16:30:00+08:00");
    dbo_session_changed (fx->session, DBO_PART_PANEL, NULL);
    dbo_step_progress_refresh (step);
    g_assert_true (gtk_widget_get_visible (fallback));
    row = dbo_step_progress_get_deadline_row (step, "apply-review", NULL, 0);
    g_assert_nonnull (dbo_test_find_type (row, GTK_TYPE_IMAGE));
    g_assert_nonnull (gtk_widget_get_tooltip_text (dbo_test_find_type (row, GTK_TYPE_IMAGE)));
    dbo_set_str (&p->panel.conclusion.concluded, concluded);
    dbo_session_changed (fx->session, DBO_PART_PANEL, NULL);
    dbo_step_progress_refresh (step);
    g_assert_false (gtk_widget_get_visible (fallback));
  }

  /* Years later without an assessment: overdue, in red. */
  {
    GDate later;

    g_date_clear (&later, 1);
    g_date_set_dmy (&later, 1, 12, 2028);
    dbo_session_set_today (fx->session, &later);
    dbo_step_progress_refresh (step);
    assert_deadline (step, "assessment", "o9", 0, "2027-10-27", DBO_DEADLINE_OVERDUE);
    g_assert_true (gtk_widget_has_css_class (template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_dot"),
                                             "overdue"));
  }
}

static void
test_progress_assessment (Fixture *fx, gconstpointer data)
{
  DboStepProgress *step = show_progress (fx, 900);
  GtkWidget *form = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_form");
  GtkWidget *object = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_object_row");
  GtkWidget *date = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_date_row");
  GtkWidget *body = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_body_row");
  GtkWidget *problems = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessment_problems");
  GtkWidget *done = template_child (step, DBO_TYPE_STEP_PROGRESS, "assessments_list");
  DboProject *p = dbo_session_get_project (fx->session);

  assert_deadline (step, "assessment", "o1", 0, "2028-10-27", DBO_DEADLINE_PENDING);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (form), TRUE);
  /* Filed objects only: o1 … o7 and o9, not the level-1 office network. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (object))), ==, 8);
  adw_combo_row_set_selected (ADW_COMBO_ROW (object), 0);

  /* A date that does not exist is refused inline. */
  gtk_editable_set_text (GTK_EDITABLE (date), "2027-02-30");
  gtk_widget_activate_action (GTK_WIDGET (step), "progress.record-assessment", NULL);
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_cmpuint (p->assessments->len, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (date), "2027-05-10");
  g_assert_false (gtk_widget_has_css_class (date, "error"));
  gtk_editable_set_text (GTK_EDITABLE (body), "山西省信息安全等级保护测评中心");
  gtk_widget_activate_action (GTK_WIDGET (step), "progress.record-assessment", NULL);
  g_assert_false (gtk_widget_get_visible (problems));
  g_assert_cmpuint (p->assessments->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (done));
  g_assert_cmpuint (count_rows (done), ==, 1);

  /* The next one counts from the assessment: two years at 第二级. */
  assert_deadline (step, "assessment", "o1", 0, "2029-05-10", DBO_DEADLINE_PENDING);
  assert_deadline (step, "assessment", "o2", 0, "2028-10-27", DBO_DEADLINE_PENDING);
  {
    g_autoptr(DboProject) saved = reopen (fx->path);
    const DboAssessment *a;

    g_assert_cmpuint (saved->assessments->len, ==, 1);
    a = g_ptr_array_index (saved->assessments, 0);
    g_assert_cmpstr (a->object_id, ==, "o1");
    g_assert_cmpstr (a->date, ==, "2027-05-10");
    g_assert_cmpstr (a->body, ==, "山西省信息安全等级保护测评中心");
  }

  /* Removing it brings the old due date back. */
  {
    GtkWidget *trash = dbo_test_find_type (named (done, "assessment-0"), GTK_TYPE_BUTTON);

    g_assert_nonnull (trash);
    g_signal_emit_by_name (trash, "clicked");
  }
  g_assert_cmpuint (p->assessments->len, ==, 0);
  assert_deadline (step, "assessment", "o1", 0, "2028-10-27", DBO_DEADLINE_PENDING);
}

static void
test_progress_review (Fixture *fx, gconstpointer data)
{
  DboStepProgress *step = show_progress (fx, 900);
  GtkWidget *timeline = template_child (step, DBO_TYPE_STEP_PROGRESS, "timeline");
  GtkWidget *form = named (timeline, "new-review");
  GtkWidget *number, *problems, *submitted;
  DboProject *p = dbo_session_get_project (fx->session);
  g_autoptr(GError) expected = NULL;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (form), TRUE);
  number = named (form, "new-review-number");
  problems = named (form, "new-review-problems");
  submitted = named (form, "new-review-submitted");
  /* The round after the last, the bureau that reviews this mine, the panel's levels. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (named (form, "new-review-round"))), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (named (form, "new-review-authority"))), >, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (named (form, "level-o3"))), ==, 2);
  g_assert_null (dbo_test_find_named (form, "level-o8"));

  /* A malformed number is shown inline, with the rule set's reason. */
  gtk_editable_set_text (GTK_EDITABLE (number), "9-2026-42");
  g_assert_true (gtk_widget_has_css_class (number, "error"));
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_false (dbo_ruleset_check_review_number (dbo_session_get_rules (fx->session), "9-2026-42", &expected));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problems)), expected->message));
  /* … and nothing is recorded while it is wrong. */
  gtk_widget_activate_action (GTK_WIDGET (step), "progress.record-review", NULL);
  g_assert_cmpuint (p->reviews->len, ==, 2);

  /* Not a date either. */
  gtk_editable_set_text (GTK_EDITABLE (submitted), "2026/11/20");
  g_assert_true (gtk_widget_has_css_class (submitted, "error"));
  gtk_editable_set_text (GTK_EDITABLE (submitted), "2026-11-20");
  g_assert_false (gtk_widget_has_css_class (submitted, "error"));

  gtk_editable_set_text (GTK_EDITABLE (number), "09-2026-0077");
  g_assert_false (gtk_widget_has_css_class (number, "error"));
  g_assert_false (gtk_widget_get_visible (problems));
  gtk_widget_activate_action (GTK_WIDGET (step), "progress.record-review", NULL);
  g_assert_cmpuint (p->reviews->len, ==, 3);
  {
    const DboReview *r = dbo_project_latest_review (p);

    g_assert_cmpint (r->round, ==, 3);
    g_assert_cmpstr (r->authority, ==, "09");
    g_assert_cmpstr (r->number, ==, "09-2026-0077");
    g_assert_cmpstr (r->submitted, ==, "2026-11-20");
    g_assert_cmpuint (r->levels->len, ==, 7);
  }
  /* Its card and its answer's deadline: 5 working days. */
  g_assert_nonnull (dbo_test_find_named (timeline, "review-3"));
  assert_deadline (step, "review-answer", NULL, 3, "2026-11-27", DBO_DEADLINE_PENDING);
  {
    g_autoptr(DboProject) saved = reopen (fx->path);

    g_assert_cmpuint (saved->reviews->len, ==, 3);
    g_assert_cmpstr (dbo_project_latest_review (saved)->number, ==, "09-2026-0077");
  }

  /* The card edits the recorded review: a decision, then a wrong number is kept out. */
  {
    GtkWidget *card = named (timeline, "review-3");
    GtkWidget *decided, *card_number;

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (card), TRUE);
    decided = named (card, "review-3-decided");
    card_number = named (card, "review-3-number");
    gtk_editable_set_text (GTK_EDITABLE (decided), "2026-11-25");
    adw_combo_row_set_selected (ADW_COMBO_ROW (named (card, "review-3-outcome")), 1);
    gtk_editable_set_text (GTK_EDITABLE (card_number), "09-2026-00");
    g_assert_true (gtk_widget_has_css_class (card_number, "error"));
    g_assert_true (gtk_widget_get_visible (named (card, "review-3-problems")));
    g_assert_cmpstr (dbo_project_latest_review (p)->number, !=, "09-2026-00");
    await_deadline (step, "review-answer", NULL, 3, "2026-11-27", DBO_DEADLINE_MET);
    /* The wrong text survives the timeline's refresh until it is corrected. */
    g_assert_true (named (timeline, "review-3-number") == card_number);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (card_number)), ==, "09-2026-00");
    gtk_editable_set_text (GTK_EDITABLE (card_number), "09-2026-0088");
    g_assert_false (gtk_widget_has_css_class (card_number, "error"));
    g_assert_false (gtk_widget_get_visible (named (card, "review-3-problems")));
    g_assert_cmpstr (dbo_project_latest_review (p)->number, ==, "09-2026-0088");
    g_assert_true (dbo_session_flush (fx->session, NULL));
  }
  {
    g_autoptr(DboProject) saved = reopen (fx->path);
    const DboReview *r = dbo_project_latest_review (saved);

    g_assert_cmpstr (r->decided, ==, "2026-11-25");
    g_assert_true (r->has_outcome);
    g_assert_cmpint (r->outcome, ==, DBO_OUTCOME_APPROVED);
    g_assert_cmpstr (r->number, ==, "09-2026-0088");
  }
}

static void
test_progress_filing (Fixture *fx, gconstpointer data)
{
  DboStepProgress *step = show_progress (fx, 900);
  GtkWidget *date = template_child (step, DBO_TYPE_STEP_PROGRESS, "certificate_date_row");
  GtkWidget *number = template_child (step, DBO_TYPE_STEP_PROGRESS, "certificate_row");
  GtkWidget *problems = template_child (step, DBO_TYPE_STEP_PROGRESS, "certificate_problems");
  DboProject *p = dbo_session_get_project (fx->session);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (number)), ==, "14050043001-26017");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2026-10-27");

  gtk_editable_set_text (GTK_EDITABLE (date), "2026-1-29");
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_cmpstr (p->filing.certificate_date, !=, "2026-1-29");
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-10-29");
  g_assert_false (gtk_widget_get_visible (problems));
  g_assert_cmpstr (p->filing.certificate_date, ==, "2026-10-29");
  /* The assessments count from the certificate. */
  await_deadline (step, "assessment", "o1", 0, "2028-10-29", DBO_DEADLINE_PENDING);
  assert_deadline (step, "police-answer", NULL, 0, "2026-10-30", DBO_DEADLINE_MET);
  g_assert_true (dbo_session_flush (fx->session, NULL));
  {
    g_autoptr(DboProject) saved = reopen (fx->path);

    g_assert_cmpstr (saved->filing.certificate_date, ==, "2026-10-29");
  }

  /* A finding's path opens the field. */
  dbo_step_focus_path (DBO_STEP (step), "deadlines/assessment/o9");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (template_child (step, DBO_TYPE_STEP_PROGRESS,
                                                                                  "assessment_form"))));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (template_child (step, DBO_TYPE_STEP_PROGRESS,
                                                                               "assessment_object_row"))), ==, 7);
}

/* ---------------------------------------------------------------- screenshots */

static void
save_png (GtkWidget *widget, const char *dir, const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s (%d×%d)", path, w, h);
}

static void
scroll_to (GtkWidget *step, GtkWidget *target)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  dbo_test_run_for (300);
  if (scrolled != NULL && gtk_widget_compute_point (target, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + point.y - 48);
    }
  dbo_test_run_for (300);
}

static void
test_screenshots (Fixture *fx, gconstpointer data)
{
  const char *dir = g_getenv ("DBO_SCREENSHOT_DIR");
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  static const int widths[] = { 1280, 360 };
  g_autofree char *zip = g_build_filename (fx->dir, "金鼎煤业-submission.zip", NULL);
  g_autofree char *bad = g_build_filename (fx->dir, "edited.zip", NULL);

  if (dir == NULL)
    {
      g_test_skip ("DBO_SCREENSHOT_DIR not set");
      return;
    }
  /* The isolated test directories hide the system's icon themes. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "/usr/share/icons");
  /* Without an AdwApplication nobody loads the application's styles. */
  gtk_css_provider_load_from_resource (css, "/io/github/dengbao/Dengbao/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (gsize i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      int w = widths[i];
      GtkWidget *window = dbo_window_new (NULL);
      DboStepSubmit *submit;
      DboStepProgress *progress;
      g_autofree char *name = NULL;
      g_autoptr(GFile) bad_file = g_file_new_for_path (bad);

      dbo_window_set_session (DBO_WINDOW (window), fx->session);
      gtk_window_set_default_size (GTK_WINDOW (window), w, 800);
      gtk_window_present (GTK_WINDOW (window));
      dbo_test_run_for (400);

      dbo_window_show_step (DBO_WINDOW (window), "submit");
      submit = DBO_STEP_SUBMIT (dbo_window_get_step_widget (DBO_WINDOW (window), "submit"));
      dbo_step_submit_export_to (submit, DBO_BUNDLE_SUBMISSION, zip);
      wait_submit (submit);
      dbo_test_run_for (300);
      name = g_strdup_printf ("submit-%d.png", w);
      save_png (window, dir, name);

      /* The result of the export, then a refused import. */
      scroll_to (GTK_WIDGET (submit), template_child (submit, DBO_TYPE_STEP_SUBMIT, "result_group"));
      g_free (name);
      name = g_strdup_printf ("submit-exported-%d.png", w);
      save_png (window, dir, name);

      if (!g_file_test (bad, G_FILE_TEST_EXISTS))
        rewrite_with_changed_byte (zip, bad, "documents/annex2.pdf");
      dbo_step_submit_import_file (submit, bad_file);
      wait_submit (submit);
      dbo_test_run_for (5000);   /* the export's toast goes away */
      scroll_to (GTK_WIDGET (submit), template_child (submit, DBO_TYPE_STEP_SUBMIT, "import_group"));
      g_free (name);
      name = g_strdup_printf ("submit-refused-%d.png", w);
      save_png (window, dir, name);

      /* A bundle of this project with something else in it: what differs, and "Replace". */
      {
        g_autoptr(GFile) good = g_file_new_for_path (zip);
        DboProject *p = dbo_session_get_project (fx->session);
        g_autofree char *note = g_strdup (p->panel.conclusion.note);

        dbo_set_str (&p->panel.conclusion.note, "专家组一致同意上述定级意见（本机修改）。");
        dbo_session_changed (fx->session, DBO_PART_PANEL, NULL);
        dbo_step_submit_import_file (submit, good);
        wait_submit (submit);
        scroll_to (GTK_WIDGET (submit), template_child (submit, DBO_TYPE_STEP_SUBMIT, "report_box"));
        g_free (name);
        name = g_strdup_printf ("submit-import-%d.png", w);
        save_png (window, dir, name);
        gtk_widget_activate_action (GTK_WIDGET (submit), "submit.dismiss", NULL);
        dbo_set_str (&p->panel.conclusion.note, note);
        dbo_session_changed (fx->session, DBO_PART_PANEL, NULL);
      }

      dbo_window_show_step (DBO_WINDOW (window), "progress");
      progress = DBO_STEP_PROGRESS (dbo_window_get_step_widget (DBO_WINDOW (window), "progress"));
      /* The step was built in the background: let it lay out first. */
      dbo_test_run_for (1200);
      g_free (name);
      name = g_strdup_printf ("progress-%d.png", w);
      save_png (window, dir, name);

      scroll_to (GTK_WIDGET (progress), named (template_child (progress, DBO_TYPE_STEP_PROGRESS, "timeline"),
                                               "review-1"));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (named (GTK_WIDGET (progress), "review-1")), TRUE);
      dbo_test_run_for (400);
      g_free (name);
      name = g_strdup_printf ("progress-review-%d.png", w);
      save_png (window, dir, name);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (named (GTK_WIDGET (progress), "review-1")), FALSE);

      scroll_to (GTK_WIDGET (progress), template_child (progress, DBO_TYPE_STEP_PROGRESS, "filing_summary"));
      g_free (name);
      name = g_strdup_printf ("progress-filing-%d.png", w);
      save_png (window, dir, name);

      gtk_window_destroy (GTK_WINDOW (window));
      dbo_test_run_for (100);
    }
}

int
main (int argc, char *argv[])
{
  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS (GTK 4.8 passes no options on);
   * read the MIME database (SVG icons) before the isolation hides it. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/submit/clean", test_submit_clean);
  ADD ("/gui/submit/blocked", test_submit_blocked);
  ADD ("/gui/submit/hidden", test_submit_hidden);
  ADD ("/gui/submit/export", test_submit_export);
  ADD ("/gui/submit/import-replace", test_submit_import_replace);
  ADD ("/gui/submit/import-refused", test_submit_import_refused);
  ADD ("/gui/submit/drop", test_submit_drop);
  ADD ("/gui/submit/jump", test_submit_jump);
  ADD ("/gui/submit/attachment-limits", test_submit_attachment_limits);
  ADD ("/gui/progress/deadlines", test_progress_deadlines);
  ADD ("/gui/progress/assessment", test_progress_assessment);
  ADD ("/gui/progress/review", test_progress_review);
  ADD ("/gui/progress/filing", test_progress_filing);
  ADD ("/gui/screenshots", test_screenshots);
#undef ADD
  return g_test_run ();
}
