/* test-desk.c — the bureau's desk window (issue 17): the queue earliest due
 * first with overdue marks, a decision through the form as the desk file
 * records it, and a decided submission's form that takes no second one. */
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dbo-application.h"
#include "dbo-bundle.h"
#include "dbo-desk.h"
#include "dbo-desk-window.h"
#include "dbo-pdf-preview.h"
#include "dbo-project-xml.h"

/* Bundles take seconds to make and to receive: one desk for every test,
 * copied into each test's folder. */
static char *shared_dir;
static char *shared_desk;
static DboApplication *app;

/* The sample without its review rounds, as another enterprise (@variant
 * the credit code's 17th character), exported as a submission bundle. */
static char *
make_bundle (const char *dir, const char *name, const char *id, char variant, const DboRuleset *rules,
             const DboCalendar *calendar)
{
  g_autofree char *sample = dbo_test_sample_path ();
  char *zip = g_strdup_printf ("%s/%s.zip", dir, name);
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  p = dbo_project_xml_read_file (sample, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (p->reviews, 0);
  if (id != NULL)
    {
      static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
      char code[19] = "91140525MA0JD8K2X0";
      int sum = 0;

      /* A valid credit code (GB 32100) that differs from the sample's. */
      code[16] = variant;
      for (int i = 0; i < 17; i++)
        {
          int w = 1;

          for (int k = 0; k < i; k++)
            w = w * 3 % 31;
          sum += (int) (strchr (alphabet, code[i]) - alphabet) * w;
        }
      code[17] = alphabet[(31 - sum % 31) % 31];
      dbo_set_str (&p->id, id);
      dbo_set_str (&p->enterprise.credit_code, code);
      dbo_set_str (&p->enterprise.name, name);
    }
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, 9, 2026);
  g_assert_true (dbo_bundle_export (p, rules, calendar, &today, DBO_BUNDLE_SUBMISSION, zip, &error));
  g_assert_no_error (error);
  return zip;
}

static void
receive (DboDesk *desk, const char *zip, int day, const DboCalendar *calendar)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDeskSubmission) s = NULL;
  DboDeskReceived how;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, 10, 2026);
  s = dbo_desk_receive (desk, zip, &date, calendar, &how, &error);
  g_assert_no_error (error);
  g_assert_cmpint (how, ==, DBO_DESK_RECEIVED_NEW);
}

/* Desk 09 (晋城): 0001 received 10-12 (due 10-19), 0002 received 10-09
 * (due 10-16), 0003 received 10-14 and approved on 10-15 (09-2026-0001). */
static char *
make_desk (const char *dir)
{
  char *path = g_build_filename (dir, "09.dengbao-desk", NULL);
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(DboDeskSubmission) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  GDate date;

  rules = dbo_ruleset_load_default (&error);
  g_assert_no_error (error);
  calendar = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  a = make_bundle (dir, "sample", NULL, 0, rules, calendar);
  b = make_bundle (dir, "山西阳城皇城煤业有限公司", "7a0e9c54-1b2d-4e6f-8a9b-0c1d2e3f4a5b", '3', rules, calendar);
  c = make_bundle (dir, "晋城沁水新峰煤业有限公司", "5b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d", '5', rules, calendar);
  desk = dbo_desk_create (path, "09", rules, &error);
  g_assert_no_error (error);
  receive (desk, a, 12, calendar);
  receive (desk, b, 9, calendar);
  receive (desk, c, 14, calendar);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, 10, 2026);
  decided = dbo_desk_decide (desk, "0003", DBO_OUTCOME_APPROVED, "同意", &date, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decided->number, ==, "09-2026-0001");
  return path;
}

/* A copy of the shared desk in this test's own folder. */
static char *
desk_copy (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  char *path = g_build_filename (dir, "09.dengbao-desk", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (shared_desk, &bytes, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
  return path;
}

/* Opens @path as a double-click would and returns its (only) desk window. */
static DboDeskWindow *
open_desk (const char *path)
{
  DboDeskWindow *found = NULL;
  GDate today;

  dbo_test_ensure_recent_dir ();
  dbo_application_open_path (app, path, NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DBO_IS_DESK_WINDOW (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  g_assert_nonnull (found);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 19, 10, 2026);
  dbo_desk_window_set_today (found, &today);
  dbo_test_run_for (50);
  return found;
}

static void
close_all (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  dbo_test_run_for (20);
}

static gpointer
child (DboDeskWindow *window, const char *id)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), DBO_TYPE_DESK_WINDOW, id);
}

/* The queue's rows as shown (filtered ones left out): "0002!" for an overdue one. */
static char *
queue_text (DboDeskWindow *window)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (child (window, "queue_list")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) || !gtk_widget_get_child_visible (row))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_object_get_data (G_OBJECT (row), "submission-id"));
      if (dbo_test_find_named (row, "desk-overdue") != NULL)
        g_string_append_c (out, '!');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static DboDeskSubmission *
find_on_disk (const char *path, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDesk) desk = dbo_desk_open (path, DBO_DESK_OPEN_READ_ONLY, &error);
  DboDeskSubmission *s;

  g_assert_no_error (error);
  s = dbo_desk_find (desk, id, &error);
  g_assert_no_error (error);
  return s;
}

/* ---- tests ---- */

/* Earliest due first, overdue marked; the search narrows the queue. */
static void
test_queue (void)
{
  g_autofree char *path = desk_copy ();
  DboDeskWindow *window = open_desk (path);
  g_autofree char *all = queue_text (window);
  g_autofree char *found = NULL;

  g_assert_cmpstr (all, ==, "0002! 0001 0003");
  /* Ctrl+F opens the search. */
  g_assert_false (gtk_search_bar_get_search_mode (child (window, "search_bar")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (child (window, "search_bar")));
  gtk_editable_set_text (GTK_EDITABLE (child (window, "search_entry")), "沁水");
  /* The search entry reports its change after a short delay. */
  dbo_test_run_for (400);
  found = queue_text (window);
  g_assert_cmpstr (found, ==, "0003");
  gtk_editable_set_text (GTK_EDITABLE (child (window, "search_entry")), "");
  dbo_test_run_for (400);
  g_free (found);
  found = queue_text (window);
  g_assert_cmpstr (found, ==, "0002! 0001 0003");

  /* The same file by another name brings the same window forward. */
  dbo_application_open_path (app, path, NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  close_all ();
}

/* An approval through the form: the desk file records the outcome, the
 * opinion, the date and the bureau's next number; the form then closes. */
static void
test_decide (void)
{
  g_autofree char *path = desk_copy ();
  DboDeskWindow *window = open_desk (path);
  g_autoptr(DboDeskSubmission) before = NULL;
  g_autoptr(DboDeskSubmission) after = NULL;
  GtkWidget *decide = child (window, "decide_button");
  g_autofree char *queue = NULL;

  g_assert_true (dbo_desk_window_select (window, "0001"));
  dbo_test_run_for (50);
  g_assert_true (gtk_widget_get_sensitive (child (window, "outcome_row")));
  adw_combo_row_set_selected (child (window, "outcome_row"), DBO_OUTCOME_APPROVED);
  /* No opinion, no decision. */
  g_assert_false (gtk_widget_get_sensitive (decide));
  gtk_editable_set_text (GTK_EDITABLE (child (window, "opinion_row")), "同意该单位的定级");
  gtk_editable_set_text (GTK_EDITABLE (child (window, "date_row")), "2026-10-2x");
  g_assert_false (gtk_widget_get_sensitive (decide));
  gtk_editable_set_text (GTK_EDITABLE (child (window, "date_row")), "2026-10-20");
  g_assert_true (gtk_widget_get_sensitive (decide));
  before = find_on_disk (path, "0001");
  g_assert_false (before->has_outcome);

  g_signal_emit_by_name (decide, "clicked");
  dbo_test_run_for (50);

  after = find_on_disk (path, "0001");
  g_assert_true (after->has_outcome);
  g_assert_cmpint (after->outcome, ==, DBO_OUTCOME_APPROVED);
  g_assert_cmpstr (after->number, ==, "09-2026-0002");
  g_assert_cmpstr (after->opinion, ==, "同意该单位的定级");
  g_assert_cmpstr (after->decided, ==, "2026-10-20");
  g_assert_true (dbo_desk_submission_is_late (after));

  /* The form shows the decision and takes no other. */
  g_assert_false (gtk_widget_get_sensitive (child (window, "outcome_row")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "opinion_row")));
  g_assert_false (gtk_widget_get_visible (decide) && gtk_widget_get_sensitive (decide));
  g_assert_true (gtk_widget_get_visible (child (window, "number_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (window, "number_row")), ==, "09-2026-0002");
  /* Nothing in the queue is overdue now, and the reply can be saved. */
  queue = queue_text (window);
  g_assert_cmpstr (queue, ==, "0002! 0001 0003");
  g_assert_true (gtk_widget_is_sensitive (child (window, "reply_button")));
  close_all ();
}

/* A submission decided before the window opened shows its decision, read-only. */
static void
test_decided_is_insensitive (void)
{
  g_autofree char *path = desk_copy ();
  DboDeskWindow *window = open_desk (path);
  g_autofree char *before = dbo_test_file_sha256 (path);
  g_autofree char *after = NULL;

  g_assert_true (dbo_desk_window_select (window, "0003"));
  dbo_test_run_for (50);
  g_assert_false (gtk_widget_get_sensitive (child (window, "outcome_row")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "opinion_row")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "date_row")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "decide_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "opinion_row"))), ==, "同意");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "date_row"))), ==, "2026-10-15");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (window, "number_row")), ==, "09-2026-0001");
  /* Even a click that got through changes nothing. */
  g_signal_emit_by_name (child (window, "decide_button"), "clicked");
  dbo_test_run_for (20);
  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  /* The preview shows the bureau's Annex 3. */
  g_assert_nonnull (dbo_pdf_preview_get_document (child (window, "preview")));
  close_all ();
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* A phone-sized window (360 px) takes every page of the desk: the leaflet
 * folds, and a submission chosen in the queue opens in its place. */
static void
test_narrow (void)
{
  g_autofree char *path = desk_copy ();
  DboDeskWindow *window = open_desk (path);
  AdwLeaflet *leaflet = child (window, "leaflet");

  g_assert_cmpint (min_width (child (window, "queue_pane")), <=, 360);
  g_assert_cmpint (min_width (child (window, "content_pane")), <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  dbo_test_run_for (300);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == child (window, "queue_pane"));
  g_signal_emit_by_name (child (window, "queue_list"), "row-activated",
                         gtk_list_box_get_row_at_index (child (window, "queue_list"), 0));
  gtk_list_box_select_row (child (window, "queue_list"), gtk_list_box_get_row_at_index (child (window, "queue_list"), 0));
  dbo_test_run_for (100);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == child (window, "content_pane"));
  g_assert_cmpint (min_width (child (window, "content_pane")), <=, 360);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-report", NULL);
  dbo_test_run_for (100);
  g_assert_cmpint (min_width (child (window, "content_pane")), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  close_all ();
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  int status;

  /* The isolation hides /usr/share/mime, which gdk-pixbuf needs for the SVG
   * icons: read the MIME database first (as test-window does). */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/desk/queue", test_queue);
  g_test_add_func ("/desk/decide", test_decide);
  g_test_add_func ("/desk/decided-is-insensitive", test_decided_is_insensitive);
  g_test_add_func ("/desk/narrow", test_narrow);
  /* Made before the test cases' own folders exist, so in one of its own. */
  shared_dir = g_dir_make_tmp ("dengbao-test-desk-XXXXXX", NULL);
  g_assert_nonnull (shared_dir);
  shared_desk = make_desk (shared_dir);
  app = dbo_test_new_application ();
  status = g_test_run ();
  g_object_unref (app);
  remove_dir (shared_dir);
  g_free (shared_desk);
  g_free (shared_dir);
  return status;
}
