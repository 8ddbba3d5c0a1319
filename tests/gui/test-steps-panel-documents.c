/* Steps 4 (专家评审) and 5 (文件), driven through their widgets on a copy of
 * the sample project; the saved file is reopened to check what was written. */
#include "config.h"
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <poppler.h>
#include "dbo-checks.h"
#include "dbo-documents.h"
#include "dbo-findings-box.h"
#include "dbo-grading.h"
#include "dbo-print-operation.h"
#include "dbo-project-xml.h"
#include "dbo-session.h"
#include "dbo-step-documents.h"
#include "dbo-step-panel.h"
#include "dbo-store.h"

typedef struct {
  char *dir;
  char *path;
  DboSession *session;
  GtkWidget *window;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = dbo_test_sample_path ();
  DboProject *project = dbo_project_xml_read_file (sample, &error);

  g_assert_no_error (error);
  fx->dir = dbo_test_mkdtemp ();
  fx->path = g_build_filename (fx->dir, "sample.dengbao", NULL);
  fx->session = dbo_session_create (fx->path, project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->session);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  if (fx->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
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
}

/* Longer than the documents step waits after an edit. */
#define REFRESH_WAIT_MS 600

static GtkWidget *
template_child (gpointer widget, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const DboFinding *
find_code (DboSession *session, const char *code, const char *path)
{
  GPtrArray *findings = dbo_session_get_findings (session);

  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);
      if (g_strcmp0 (f->code, code) == 0 && (path == NULL || g_strcmp0 (f->path, path) == 0))
        return f;
    }
  return NULL;
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

/* ---------------------------------------------------------------- step 4 */

static void
assert_blocked (DboStepPanel *step, const char *expected_part)
{
  GtkWidget *button = template_child (step, DBO_TYPE_STEP_PANEL, "conclude_button");
  GtkWidget *status = template_child (step, DBO_TYPE_STEP_PANEL, "conclude_status");
  const char *reason = dbo_step_panel_get_conclude_reason (step);

  g_assert_false (dbo_step_panel_get_can_conclude (step));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, expected_part));
  /* The reason is shown beside the button. */
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, reason);
}

static void
assert_can_conclude (DboStepPanel *step)
{
  g_assert_true (dbo_step_panel_get_can_conclude (step));
  g_assert_true (gtk_widget_is_sensitive (template_child (step, DBO_TYPE_STEP_PANEL, "conclude_button")));
  g_assert_null (dbo_step_panel_get_conclude_reason (step));
}

static void
test_panel_conclude (Fixture *fx, gconstpointer data)
{
  GtkWidget *widget = dbo_step_panel_new ();
  DboStepPanel *step = DBO_STEP_PANEL (widget);
  DboProject *live = dbo_session_get_project (fx->session);
  const DboFinding *f;
  GtkWidget *kind;
  g_autofree char *new_id = NULL;
  g_autoptr(DboProject) saved = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GDateTime) when = NULL;

  show_in_window (fx, widget, 1280, 800);
  dbo_step_set_session (DBO_STEP (step), fx->session);
  dbo_test_run_for (300);

  /* The sample's panel: five members, both kinds, one leader, every level recommended. */
  g_assert_cmpuint (live->panel.members->len, ==, 5);
  assert_can_conclude (step);
  g_assert_nonnull (dbo_test_find_named (widget, "member-m5"));

  /* Four members: an even panel cannot conclude. */
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m5"));
  dbo_test_settle_session (fx->session);
  g_assert_cmpuint (live->panel.members->len, ==, 4);
  g_assert_null (dbo_test_find_named (widget, "member-m5"));
  f = find_code (fx->session, "panel-size", NULL);
  g_assert_nonnull (f);
  assert_blocked (step, dbo_finding_describe (f));
  g_assert_cmpuint (dbo_findings_box_get_count (DBO_FINDINGS_BOX (template_child (step, DBO_TYPE_STEP_PANEL,
                                                                                  "members_findings"))), >=, 1);

  /* One more member: five again, and the button comes back. */
  new_id = dbo_project_next_member_id (live);
  g_assert_true (gtk_widget_activate_action (widget, "panel.add-member", NULL));
  dbo_test_settle_session (fx->session);
  g_assert_cmpuint (live->panel.members->len, ==, 5);
  g_assert_nonnull (dbo_project_find_member (live, new_id));
  {
    g_autofree char *name = g_strdup_printf ("member-%s", new_id);
    g_assert_nonnull (dbo_test_find_named (widget, name));
  }
  /* A blank member is an error the panel cannot conclude over (issue 16, item 10). */
  f = find_code (fx->session, "missing-field", NULL);
  g_assert_nonnull (f);
  g_assert_false (dbo_step_panel_get_can_conclude (step));

  /* Type the new member's name, unit, title and phone into its row. */
  {
    static const char *const fields[][2] = { { "name", "刘晓东" }, { "unit", "晋城市能源局" },
                                             { "title", "高级工程师" }, { "phone", "13803560606" } };

    for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autofree char *name = g_strdup_printf ("member-%s-%s", new_id, fields[i][0]);
        GtkWidget *entry = dbo_test_find_named (widget, name);

        g_assert_nonnull (entry);
        gtk_editable_set_text (GTK_EDITABLE (entry), fields[i][1]);
      }
    g_assert_cmpstr (dbo_project_find_member (live, new_id)->name, ==, "刘晓东");
  }
  dbo_test_settle_session (fx->session);
  assert_can_conclude (step);

  /* Three members, none a coal-industry IT expert. */
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m3"));
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m4"));
  dbo_test_settle_session (fx->session);
  g_assert_cmpuint (live->panel.members->len, ==, 3);
  g_assert_null (find_code (fx->session, "panel-size", NULL));
  f = find_code (fx->session, "panel-composition", NULL);
  g_assert_nonnull (f);
  assert_blocked (step, dbo_finding_describe (f));

  /* Making the new member a coal-industry IT expert fixes it. */
  {
    g_autofree char *name = g_strdup_printf ("member-%s-kind", new_id);
    kind = dbo_test_find_named (widget, name);
  }
  g_assert_nonnull (kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), 1);
  g_assert_cmpint (dbo_project_find_member (live, new_id)->kind, ==, DBO_MEMBER_COAL_IT);
  dbo_test_settle_session (fx->session);
  assert_can_conclude (step);

  /* The leader radio: choosing another member clears the first. */
  {
    g_autofree char *name = g_strdup_printf ("member-%s", new_id);
    GtkWidget *row = dbo_test_find_named (widget, name);
    GtkWidget *radio = dbo_test_find_type (row, GTK_TYPE_CHECK_BUTTON);

    g_assert_nonnull (radio);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
    g_assert_true (dbo_project_find_member (live, new_id)->leader);
    g_assert_false (dbo_project_find_member (live, "m1")->leader);
    dbo_test_settle_session (fx->session);
    assert_can_conclude (step);
  }

  /* Conclude: written at once, with the fingerprint of the graded data. */
  g_assert_true (gtk_widget_activate_action (widget, "panel.conclude", NULL));
  saved = reopen (fx->path);
  g_assert_true (saved->panel.conclusion.present);
  sha = dbo_grading_data_sha256 (saved);
  g_assert_cmpstr (saved->panel.conclusion.data_sha256, ==, sha);
  g_assert_nonnull (saved->panel.conclusion.concluded);
  when = g_date_time_new_from_iso8601 (saved->panel.conclusion.concluded, NULL);
  g_assert_nonnull (when);
  /* With its offset. */
  g_assert_true (g_str_has_suffix (saved->panel.conclusion.concluded, "+08:00")
                 || g_str_has_suffix (saved->panel.conclusion.concluded, "Z")
                 || strchr (saved->panel.conclusion.concluded + 19, '-') != NULL);
  g_assert_cmpuint (saved->panel.members->len, ==, 3);
  g_assert_cmpstr (dbo_project_find_member (saved, new_id)->name, ==, "刘晓东");
  g_assert_true (dbo_project_find_member (saved, new_id)->leader);
  dbo_test_settle_session (fx->session);
  g_assert_null (find_code (fx->session, "panel-not-concluded", NULL));
  g_assert_null (find_code (fx->session, "panel-opinion-stale", NULL));
}

static void
test_panel_recommendation (Fixture *fx, gconstpointer data)
{
  GtkWidget *widget = dbo_step_panel_new ();
  DboStepPanel *step = DBO_STEP_PANEL (widget);
  DboProject *live = dbo_session_get_project (fx->session);
  GtkWidget *reason = NULL;
  GtkWidget *level = NULL;
  GtkWidget *date = template_child (step, DBO_TYPE_STEP_PANEL, "date_row");
  const DboObject *o1 = dbo_project_find_object (live, "o1");
  int drafted = dbo_grading_drafted_level (dbo_session_get_rules (fx->session), o1);
  g_autoptr(DboProject) saved = NULL;

  show_in_window (fx, widget, 1280, 800);
  dbo_step_set_session (DBO_STEP (step), fx->session);
  dbo_test_run_for (300);

  reason = dbo_test_find_named (widget, "recommendation-o1-reason");
  level = dbo_test_find_named (widget, "recommendation-o1-level");
  g_assert_nonnull (reason);
  g_assert_nonnull (level);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (level)), ==, (guint) drafted - 1);
  g_assert_false (gtk_widget_has_css_class (reason, "error"));

  /* Another level without a reason: the finding shows at the reason. */
  gtk_editable_set_text (GTK_EDITABLE (reason), "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (level), drafted);   /* one level higher */
  g_assert_cmpint (dbo_project_find_recommendation (live, "o1")->level, ==, drafted + 1);
  dbo_test_settle_session (fx->session);
  g_assert_nonnull (find_code (fx->session, "recommendation-without-reason", "panel/recommendations/o1/reason"));
  g_assert_true (gtk_widget_has_css_class (reason, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (reason));
  g_assert_cmpuint (dbo_findings_box_get_count (DBO_FINDINGS_BOX (template_child (step, DBO_TYPE_STEP_PANEL,
                                                                                  "opinion_findings"))), >=, 1);
  g_assert_true (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_PANEL, "opinion_findings")));
  /* Changing the graded data after the conclusion makes the opinion stale. */
  g_assert_nonnull (find_code (fx->session, "panel-opinion-stale", NULL));

  /* A reason clears it. */
  gtk_editable_set_text (GTK_EDITABLE (reason), "调度系统承载全矿生产指挥，专家组建议提高一级。");
  dbo_test_settle_session (fx->session);
  g_assert_null (find_code (fx->session, "recommendation-without-reason", NULL));
  g_assert_false (gtk_widget_has_css_class (reason, "error"));

  /* The date takes YYYY-MM-DD only; a wrong one stays out of the model. */
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-13-01");
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_cmpstr (live->panel.date, !=, "2026-13-01");
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-09-29");
  g_assert_false (gtk_widget_has_css_class (date, "error"));
  g_assert_cmpstr (live->panel.date, ==, "2026-09-29");

  g_assert_true (dbo_session_flush (fx->session, NULL));
  saved = reopen (fx->path);
  g_assert_cmpint (dbo_project_find_recommendation (saved, "o1")->level, ==, drafted + 1);
  g_assert_cmpstr (dbo_project_find_recommendation (saved, "o1")->reason, ==,
                   "调度系统承载全矿生产指挥，专家组建议提高一级。");
  g_assert_cmpstr (saved->panel.date, ==, "2026-09-29");
}

static void
test_panel_missing_recommendation (Fixture *fx, gconstpointer data)
{
  GtkWidget *widget = dbo_step_panel_new ();
  DboStepPanel *step = DBO_STEP_PANEL (widget);
  DboProject *live = dbo_session_get_project (fx->session);

  show_in_window (fx, widget, 1280, 800);
  dbo_step_set_session (DBO_STEP (step), fx->session);
  dbo_test_run_for (300);

  /* Without a recommendation for o2 the panel cannot conclude … */
  dbo_session_set_recommendation (fx->session, "o2", 0, NULL);
  dbo_test_settle_session (fx->session);
  g_assert_null (dbo_project_find_recommendation (live, "o2"));
  g_assert_false (dbo_step_panel_get_can_conclude (step));
  g_assert_true (gtk_widget_get_visible (template_child (step, DBO_TYPE_STEP_PANEL, "agree_all_button")));

  /* … until it agrees with the drafted levels. */
  g_assert_true (gtk_widget_activate_action (widget, "panel.agree-all", NULL));
  dbo_test_settle_session (fx->session);
  g_assert_nonnull (dbo_project_find_recommendation (live, "o2"));
  assert_can_conclude (step);
}

static guint
count_rec_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_str_has_prefix (gtk_widget_get_name (c), "recommendation-"))
      n++;
  return n;
}

/* A group's project: the opinion group shows its objects a page at a time. */
static void
test_panel_many_objects (Fixture *fx, gconstpointer data)
{
  GtkWidget *widget = dbo_step_panel_new ();
  DboStepPanel *step = DBO_STEP_PANEL (widget);
  DboProject *live = dbo_session_get_project (fx->session);
  GtkWidget *list = template_child (step, DBO_TYPE_STEP_PANEL, "recommendations_list");
  g_autofree char *last_id = NULL;
  g_autofree char *last_reason = NULL;
  g_autofree char *path = NULL;
  GtkWidget *more = NULL;
  guint total;

  for (guint i = 0; i < 120; i++)
    {
      DboObject *o = dbo_object_copy (dbo_project_find_object (live, "o1"));

      g_free (o->id);
      o->id = dbo_project_next_object_id (live);
      dbo_session_add_object (fx->session, o);
    }
  total = live->objects->len;
  last_id = g_strdup (((DboObject *) g_ptr_array_index (live->objects, total - 1))->id);

  show_in_window (fx, widget, 1280, 800);
  dbo_step_set_session (DBO_STEP (step), fx->session);
  dbo_test_run_for (300);
  g_assert_cmpuint (count_rec_rows (list), ==, 50);
  more = gtk_widget_get_last_child (list);
  g_assert_true (ADW_IS_ACTION_ROW (more));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (more)));

  /* "Show more" adds the next page. */
  adw_action_row_activate (ADW_ACTION_ROW (more));
  g_assert_cmpuint (count_rec_rows (list), ==, 100);

  /* A finding's path further down shows up to that object and focuses it. */
  last_reason = g_strdup_printf ("recommendation-%s-reason", last_id);
  g_assert_null (dbo_test_find_named (list, last_reason));
  path = g_strdup_printf ("panel/recommendations/%s/reason", last_id);
  dbo_step_focus_path (DBO_STEP (step), path);
  g_assert_cmpuint (count_rec_rows (list), ==, total);
  g_assert_nonnull (dbo_test_find_named (list, last_reason));
  /* No "show more" row once all are shown. */
  g_assert_true (g_str_has_prefix (gtk_widget_get_name (gtk_widget_get_last_child (list)), "recommendation-"));

  /* Out of sight, the step builds no opinion rows (a window makes its steps
   * in the background); shown, it has them, with the edits made meanwhile. */
  gtk_widget_set_visible (widget, FALSE);
  dbo_step_set_session (DBO_STEP (step), NULL);
  dbo_step_set_session (DBO_STEP (step), fx->session);
  g_assert_cmpuint (count_rec_rows (list), ==, 0);
  dbo_session_set_recommendation (fx->session, "o1", 3, "隐藏时填写的理由");
  dbo_test_run_for (50);
  g_assert_cmpuint (count_rec_rows (list), ==, 0);
  gtk_widget_set_visible (widget, TRUE);
  dbo_test_run_for (100);
  g_assert_cmpuint (count_rec_rows (list), ==, 50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dbo_test_find_named (list, "recommendation-o1-reason"))), ==,
                   "隐藏时填写的理由");
}

/* ---------------------------------------------------------------- step 5 */

static gboolean
preview_ready (gpointer data)
{
  DboStepDocuments *step = data;

  return !dbo_step_documents_get_loading (step)
         && dbo_pdf_preview_get_document (dbo_step_documents_get_preview (step)) != NULL;
}

static gboolean
not_loading (gpointer data)
{
  return !dbo_step_documents_get_loading (DBO_STEP_DOCUMENTS (data));
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static guint
count_ink (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        /* Opaque and darker than light grey: ink. */
        if ((px >> 24) == 0xff && ((px >> 16) & 0xff) < 0xc0 && ((px >> 8) & 0xff) < 0xc0 && (px & 0xff) < 0xc0)
          n++;
      }
  return n;
}

static int
pdf_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  int n;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  n = poppler_document_get_n_pages (doc);
  g_object_unref (doc);
  return n;
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dbo_step_documents_save_pdf_finish (DBO_STEP_DOCUMENTS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

typedef struct {
  gboolean done;
  guint written;
  guint skipped;
} SaveAll;

static void
save_all_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SaveAll *sa = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dbo_step_documents_save_all_finish (DBO_STEP_DOCUMENTS (source), result, &sa->written,
                                                     &sa->skipped, &error));
  g_assert_no_error (error);
  sa->done = TRUE;
}

/* The label under @root showing @text, or NULL. */
static GtkWidget *
find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_documents (Fixture *fx, gconstpointer data)
{
  GtkWidget *widget = dbo_step_documents_new ();
  DboStepDocuments *step = DBO_STEP_DOCUMENTS (widget);
  DboProject *live = dbo_session_get_project (fx->session);
  const DboRuleset *rules = dbo_session_get_rules (fx->session);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) annex2 = NULL;
  DboPdfPreview *preview = dbo_step_documents_get_preview (step);
  GtkWidget *page_label = template_child (step, DBO_TYPE_STEP_DOCUMENTS, "page_label");
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autofree char *label = NULL;
  g_autofree char *pdf = g_build_filename (fx->dir, "annex2 saved.pdf", NULL);
  g_autofree char *folder = g_build_filename (fx->dir, "all", NULL);
  gboolean saved = FALSE;
  SaveAll sa = { 0 };
  guint n_reports = 0;

  show_in_window (fx, widget, 1280, 800);
  dbo_step_set_session (DBO_STEP (step), fx->session);

  /* Annex 2, 3, 4 and one report per object at the filing level or above (8 in the sample). */
  g_ptr_array_add (expected, g_strdup ("annex2"));
  /* Annex 3 once per review round: the city's o1–o7, the province's o9. */
  g_ptr_array_add (expected, g_strdup ("annex3-09-1"));
  g_ptr_array_add (expected, g_strdup ("annex3-00-1"));
  g_ptr_array_add (expected, g_strdup ("annex4"));
  for (guint i = 0; i < live->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (live->objects, i);
      if (dbo_grading_effective_level (rules, live, o) >= dbo_ruleset_filing_min_level (rules))
        {
          g_ptr_array_add (expected, g_strdup_printf ("report-%s", o->id));
          n_reports++;
        }
    }
  g_assert_cmpuint (n_reports, ==, 8);
  g_assert_cmpuint (dbo_step_documents_get_n_documents (step), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *key = dbo_step_documents_dup_key (step, i);
      g_assert_cmpstr (key, ==, g_ptr_array_index (expected, i));
    }

  /* Each listed with its bureau and round. */
  {
    g_autofree char *city = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s (%s, round %d)"), "定级审核意见书",
                                             "晋城市能源局", 1);
    g_autofree char *province = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s (%s, round %d)"),
                                                 "定级审核意见书", "山西省能源局", 1);

    dbo_test_run_for (100);
    g_assert_nonnull (find_label (widget, city));
    g_assert_nonnull (find_label (widget, province));
  }

  /* Annex 2 is selected first; its preview shows page 1 of N. */
  g_assert_true (dbo_step_documents_select (step, "annex2"));
  g_assert_cmpstr (dbo_step_documents_get_selected_key (step), ==, "annex2");
  g_assert_true (dbo_test_run_until (preview_ready, step, 20000));
  annex2 = dbo_document_build (live, rules, DBO_DOC_ANNEX2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dbo_pdf_preview_get_n_pages (preview), ==, dbo_document_get_n_pages (annex2));
  g_assert_cmpint (dbo_pdf_preview_get_page (preview), ==, 0);
  label = dbo_pdf_preview_dup_page_label (preview);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_label)), ==, label);
  g_free (label);
  /* "Page 1 of N", in whatever language. */
  label = g_strdup_printf ("%d", dbo_document_get_n_pages (annex2));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_label)), "1"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_label)), label));

  /* The preview draws the page: ink on an offscreen surface. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 600);
  cr = cairo_create (surface);
  dbo_pdf_preview_draw (preview, cr, 420);
  cairo_destroy (cr);
  g_assert_cmpuint (count_ink (surface), >, 500);
  cairo_surface_destroy (surface);
  /* And on screen. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (preview)), >, 100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (preview)), >, gtk_widget_get_width (GTK_WIDGET (preview)));

  /* Page by page. */
  g_assert_true (gtk_widget_activate_action (widget, "documents.next-page", NULL));
  g_assert_cmpint (dbo_pdf_preview_get_page (preview), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_label)), "2"));
  g_assert_true (gtk_widget_activate_action (widget, "documents.previous-page", NULL));
  g_assert_cmpint (dbo_pdf_preview_get_page (preview), ==, 0);

  /* Save as PDF (what the file chooser's answer does): poppler opens it. */
  dbo_step_documents_save_pdf_async (step, pdf, NULL, save_done_cb, &saved);
  g_assert_true (dbo_test_run_until (is_true, &saved, 20000));
  g_assert_cmpint (pdf_pages (pdf), ==, dbo_document_get_n_pages (annex2));

  /* Another document: a report. */
  g_assert_true (dbo_step_documents_select (step, "report-o3"));
  g_assert_true (dbo_test_run_until (preview_ready, step, 20000));
  g_assert_cmpint (dbo_pdf_preview_get_page (preview), ==, 0);
  g_assert_cmpint (dbo_pdf_preview_get_n_pages (preview), >=, 1);

  /* Zoom: in from the fitted width, a wider page; Ctrl+0 fits it again. */
  {
    int fitted = gtk_widget_get_width (GTK_WIDGET (preview));

    g_assert_cmpfloat (dbo_pdf_preview_get_zoom (preview), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (step), "documents.zoom-in", NULL));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (step), "documents.zoom-in", NULL));
    dbo_test_run_for (100);
    g_assert_cmpfloat (dbo_pdf_preview_get_zoom (preview), >, 0);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (preview)), >, fitted);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (step), "documents.fit-width", NULL));
    dbo_test_run_for (100);
    g_assert_cmpfloat (dbo_pdf_preview_get_zoom (preview), ==, 0);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (preview)), ==, fitted);
  }

  /* Everything into a folder, off the main thread. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  dbo_step_documents_save_all_async (step, folder, NULL, save_all_done_cb, &sa);
  g_assert_true (dbo_test_run_until (is_true, &sa.done, 60000));
  g_assert_cmpuint (sa.written, ==, expected->len);
  g_assert_cmpuint (sa.skipped, ==, 0);
  /* Each file is named after what it holds, not by an id (issue 16, item 6). */
  {
    g_auto(GStrv) names = dbo_step_documents_dup_file_names (step);

    g_assert_cmpuint (g_strv_length (names), ==, expected->len);
    g_assert_cmpstr (names[0], ==, "专家评审意见书.pdf");
    g_assert_nonnull (g_strv_contains ((const char * const *) names, "定级报告 - 煤矿安全监控系统.pdf") ? "" : NULL);
    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *path = g_build_filename (folder, names[i], NULL);

        g_assert_null (strstr (names[i], "report-o"));
        g_assert_cmpint (pdf_pages (path), >=, 1);
      }
  }

  /* An override without a reason blocks the object's report: the reasons show. */
  {
    DboObject *o3 = dbo_project_find_object (live, "o3");
    GtkWidget *stack = template_child (step, DBO_TYPE_STEP_DOCUMENTS, "preview_stack");
    GtkWidget *blocked = template_child (step, DBO_TYPE_STEP_DOCUMENTS, "blocked_label");

    o3->override_level = 3;
    dbo_set_str (&o3->override_reason, NULL);
    dbo_session_changed (fx->session, DBO_PART_OBJECT, "o3");
    dbo_test_run_for (REFRESH_WAIT_MS);
    g_assert_true (dbo_test_run_until (not_loading, step, 20000));
    g_assert_cmpstr (dbo_step_documents_get_selected_key (step), ==, "report-o3");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "blocked");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (blocked)), "objects/o3/grading/override/reason"));
    g_assert_null (dbo_pdf_preview_get_document (preview));
    /* Nothing to print or save. */
    g_assert_false (gtk_widget_is_sensitive (template_child (step, DBO_TYPE_STEP_DOCUMENTS, "save_button")));
    g_assert_false (gtk_widget_is_sensitive (template_child (step, DBO_TYPE_STEP_DOCUMENTS, "print_button")));
    /* Except as a draft, offered beside the reasons. */
    g_assert_true (gtk_widget_is_sensitive (template_child (step, DBO_TYPE_STEP_DOCUMENTS, "print_draft_button")));
    g_assert_true (gtk_widget_is_drawable (template_child (step, DBO_TYPE_STEP_DOCUMENTS, "print_draft_button")));
  }
}

static void
test_print_export (Fixture *fx, gconstpointer data)
{
  DboProject *live = dbo_session_get_project (fx->session);
  const DboRuleset *rules = dbo_session_get_rules (fx->session);
  const DboDocKind kinds[] = { DBO_DOC_ANNEX2, DBO_DOC_ANNEX4, DBO_DOC_REPORT };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *object_id = kinds[i] == DBO_DOC_REPORT ? "o1" : NULL;
      g_autoptr(DboDocument) reference = dbo_document_build (live, rules, kinds[i], object_id, &error);
      DboDocument *doc = dbo_document_build (live, rules, kinds[i], object_id, &error);
      g_autofree char *file = dbo_doc_file_name (kinds[i], object_id);
      g_autofree char *path = g_build_filename (fx->dir, file, NULL);
      DboPrintOperation *op;
      GtkPrintOperationResult result;

      g_assert_no_error (error);
      op = dbo_print_operation_new (doc);
      g_assert_true (dbo_print_operation_get_document (op) == doc);
      gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (op), path);
      result = gtk_print_operation_run (GTK_PRINT_OPERATION (op), GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
      g_assert_finalize_object (op);
      /* Printed through GTK with the print context's pagination: the same pages. */
      g_assert_cmpint (pdf_pages (path), ==, dbo_document_get_n_pages (reference));
    }
}

int
main (int argc, char *argv[])
{
  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS (GTK 4.8 passes no options on).
   * The isolation hides /usr/share/mime, which gdk-pixbuf needs for the SVG icons:
   * read the MIME database before it is hidden. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/panel/conclude", Fixture, NULL, fixture_setup, test_panel_conclude, fixture_teardown);
  g_test_add ("/panel/recommendation", Fixture, NULL, fixture_setup, test_panel_recommendation, fixture_teardown);
  g_test_add ("/panel/missing-recommendation", Fixture, NULL, fixture_setup, test_panel_missing_recommendation,
              fixture_teardown);
  g_test_add ("/panel/many-objects", Fixture, NULL, fixture_setup, test_panel_many_objects, fixture_teardown);
  g_test_add ("/documents/list-preview-save", Fixture, NULL, fixture_setup, test_documents, fixture_teardown);
  g_test_add ("/documents/print-export", Fixture, NULL, fixture_setup, test_print_export, fixture_teardown);
  return g_test_run ();
}
