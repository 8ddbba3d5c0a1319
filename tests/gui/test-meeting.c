/* test-meeting.c — the expert panel's meeting (issue 5), driven through the widgets
 *
 * The panel rules at step 4; signatures drawn with the pad's gestures and
 * found again, as vector ink, inside Annex 2's signature line; the opinion
 * going out of date when a harm changes (banner in the window, 已失效 on the
 * PDF), back in date when the change is undone, and re-confirmed with the
 * earlier conclusion kept; the meeting mode moving with the arrow keys,
 * recording a level, a reason and a dissent that are saved and printed.
 * With DBO_SCREENSHOT_DIR set, it also writes meeting-1280.png and
 * signature-pad-1280.png there.
 */
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <math.h>
#include <poppler.h>
#include "dbo-checks.h"
#include "dbo-documents.h"
#include "dbo-findings-box.h"
#include "dbo-grading.h"
#include "dbo-meeting-window.h"
#include "dbo-project-xml.h"
#include "dbo-session.h"
#include "dbo-signature-pad.h"
#include "dbo-step-panel.h"
#include "dbo-store.h"
#include "dbo-window.h"

/* poppler-glib on Debian 12 defines no g_autoptr() cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static void
rectangles_free (GList *list)
{
  g_list_free_full (list, (GDestroyNotify) poppler_rectangle_free);
}

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
destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (w);
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  fx->window = NULL;
  destroy_toplevels ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dbo_test_assert_saved (fx->session);
  g_assert_finalize_object (fx->session);
  /* Without isolated directories (see main): the test's own folder goes. */
  remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

/* ---- helpers ---- */

static GtkWidget *
template_child (gpointer widget, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const DboFinding *
find_code (DboSession *session, const char *code)
{
  GPtrArray *findings = dbo_session_get_findings (session);

  for (guint i = 0; i < findings->len; i++)
    if (g_strcmp0 (((const DboFinding *) g_ptr_array_index (findings, i))->code, code) == 0)
      return g_ptr_array_index (findings, i);
  return NULL;
}

static gboolean
has_finding (DboSession *session, const char *code)
{
  return find_code (session, code) != NULL;
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

/* Step 4 in a window with a toast overlay, as the project window has it. */
static DboStepPanel *
show_step_panel (Fixture *fx)
{
  GtkWidget *step = dbo_step_panel_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  fx->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1280, 800);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), step);
  gtk_window_set_child (GTK_WINDOW (fx->window), overlay);
  gtk_window_present (GTK_WINDOW (fx->window));
  dbo_step_set_session (DBO_STEP (step), fx->session);
  dbo_test_run_for (300);
  return DBO_STEP_PANEL (step);
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type, const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && (name == NULL || g_strcmp0 (gtk_event_controller_get_name (c), name) == 0))
        return c;
    }
  return NULL;
}

static PopplerDocument *
render_pdf (DboSession *session, DboDocKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = dbo_document_build (dbo_session_get_project (session), dbo_session_get_rules (session),
                                                   kind, NULL, &error);
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *poppler;

  g_assert_no_error (error);
  pdf = dbo_document_to_pdf_bytes (doc, &error);
  g_assert_no_error (error);
  poppler = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  return poppler;
}

/* All the text of a PDF, white space removed. */
static char *
pdf_text (PopplerDocument *doc)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);

      for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (out, g_utf8_get_char (p));
    }
  return g_string_free (out, FALSE);
}

/* ---- the panel's rules, at step 4 ---- */

static void
test_panel_rules (Fixture *fx, gconstpointer data)
{
  DboStepPanel *step = show_step_panel (fx);
  GtkWidget *widget = GTK_WIDGET (step);
  DboProject *live = dbo_session_get_project (fx->session);
  GtkWidget *button = template_child (step, DBO_TYPE_STEP_PANEL, "conclude_button");

  /* The sample's five members, both kinds, one leader. */
  g_assert_true (dbo_step_panel_get_can_conclude (step));

  /* A panel of four cannot conclude, and says why next to the button. */
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m5"));
  dbo_test_settle_session (fx->session);
  g_assert_cmpuint (live->panel.members->len, ==, 4);
  g_assert_false (dbo_step_panel_get_can_conclude (step));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (dbo_step_panel_get_conclude_reason (step));
  g_assert_true (has_finding (fx->session, "panel-size"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (step, DBO_TYPE_STEP_PANEL, "conclude_status"))), ==,
                   dbo_step_panel_get_conclude_reason (step));

  /* Three, none of them a coal-industry IT expert (m3 and m4 are the two). */
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m3"));
  g_assert_true (gtk_widget_activate_action (widget, "panel.remove-member", "s", "m4"));
  g_assert_true (gtk_widget_activate_action (widget, "panel.add-member", NULL));
  dbo_test_settle_session (fx->session);
  g_assert_cmpuint (live->panel.members->len, ==, 3);
  for (guint i = 0; i < live->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (live->panel.members, i);

      if (m->kind == DBO_MEMBER_COAL_IT)
        {
          /* The new member's row: make them an information security expert. */
          g_autofree char *name = g_strdup_printf ("member-%s-kind", m->id);
          GtkWidget *kind = dbo_test_find_named (widget, name);

          g_assert_nonnull (kind);
          adw_combo_row_set_selected (ADW_COMBO_ROW (kind), 0);
        }
    }
  dbo_test_settle_session (fx->session);
  g_assert_false (has_finding (fx->session, "panel-size"));
  g_assert_true (has_finding (fx->session, "panel-composition"));
  g_assert_false (dbo_step_panel_get_can_conclude (step));
  g_assert_false (gtk_widget_is_sensitive (button));
  /* The reason shown is the finding's own message. */
  g_assert_nonnull (strstr (dbo_step_panel_get_conclude_reason (step),
                            dbo_finding_describe (find_code (fx->session, "panel-composition"))));
  /* Activating the action anyway records nothing. */
  {
    g_autofree char *before = g_strdup (live->panel.conclusion.concluded);

    gtk_widget_activate_action (widget, "panel.conclude", NULL);
    g_assert_cmpstr (live->panel.conclusion.concluded, ==, before);
    g_assert_cmpuint (live->panel.history->len, ==, 0);
  }
}

/* ---- signatures ---- */

typedef struct {
  double x0, y0, x1, y1;       /* points, origin top-left */
} Box;

/* Pixels of the captured ink (its dark blue, antialiased against white) in
 * @box of @page rendered at @scale. Text is grey or black, the stamp red. */
static guint
count_ink (PopplerPage *page, const Box *box, double scale)
{
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n = 0;
  int stride;
  guchar *px;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * scale), (int) (h * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  stride = cairo_image_surface_get_stride (surface);
  px = cairo_image_surface_get_data (surface);
  for (int y = MAX (0, (int) (box->y0 * scale)); y < MIN ((int) (h * scale), (int) (box->y1 * scale)); y++)
    for (int x = MAX (0, (int) (box->x0 * scale)); x < MIN ((int) (w * scale), (int) (box->x1 * scale)); x++)
      {
        guint32 v = *(guint32 *) (px + y * stride + x * 4);
        int r = (v >> 16) & 0xff, b = v & 0xff;

        if (b - r >= 20 && r < 230)
          n++;
      }
  cairo_surface_destroy (surface);
  return n;
}

/* Where the leader signs on Annex 2's second page: right of the label, on its line. */
static gboolean
leader_line_box (PopplerPage *page, Box *box)
{
  GList *found = poppler_page_find_text (page, "评审专家组组长（签字）：");
  PopplerRectangle *r;
  double w, h;

  if (found == NULL)
    return FALSE;
  r = poppler_rectangle_copy (found->data);
  rectangles_free (found);
  poppler_page_get_size (page, &w, &h);
  /* find_text reports PDF coordinates (origin bottom-left). */
  box->x0 = MAX (r->x1, r->x2);
  box->x1 = box->x0 + 50 * 72 / 25.4 + 4;
  box->y1 = h - MIN (r->y1, r->y2) + 6;
  box->y0 = box->y1 - 12 * 72 / 25.4 - 12;
  poppler_rectangle_free (r);
  return TRUE;
}

static guint
leader_ink_in_annex2 (DboSession *session)
{
  g_autoptr(PopplerDocument) doc = render_pdf (session, DBO_DOC_ANNEX2);
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, 1);
  Box box = { 0 };

  g_assert_true (leader_line_box (page, &box));
  return count_ink (page, &box, 3.0);
}

static gboolean
canvas_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 100;
}

static void
test_signature (Fixture *fx, gconstpointer data)
{
  DboStepPanel *step = show_step_panel (fx);
  DboProject *live = dbo_session_get_project (fx->session);
  DboMember *leader = dbo_project_find_member (live, "m1");
  DboSignaturePad *pad;
  GtkWidget *canvas;
  GtkGesture *drag;
  GtkWidget *thumb_row;
  int w, h;
  g_autoptr(DboProject) saved = NULL;
  guint before, after;

  g_assert_true (leader->leader);
  g_assert_null (leader->strokes);
  before = leader_ink_in_annex2 (fx->session);
  g_assert_cmpuint (before, ==, 0);

  /* "Sign…" on the leader's row opens a pad beside the window, not blocking it. */
  g_assert_nonnull (dbo_test_find_named (GTK_WIDGET (step), "member-m1-sign"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (step), "panel.sign", "s", "m1"));
  pad = find_toplevel (DBO_TYPE_SIGNATURE_PAD);
  g_assert_nonnull (pad);
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (pad)));
  g_assert_cmpstr (dbo_signature_pad_get_member_id (pad), ==, "m1");
  canvas = dbo_signature_pad_get_canvas (pad);
  g_assert_true (dbo_test_run_until (canvas_allocated, canvas, 5000));
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  /* The box keeps the 60 × 20 mm proportions. */
  g_assert_cmpfloat (fabs ((double) w / h - 3.0), <, 0.05);

  /* A stroke through the pointer's own gesture (mouse or finger). */
  drag = GTK_GESTURE (find_controller (canvas, GTK_TYPE_GESTURE_DRAG, NULL));
  g_assert_nonnull (drag);
  g_assert_nonnull (find_controller (canvas, GTK_TYPE_GESTURE_STYLUS, NULL));
  g_signal_emit_by_name (drag, "drag-begin", w * 0.10, h * 0.60);
  for (int i = 1; i <= 40; i++)
    g_signal_emit_by_name (drag, "drag-update", w * 0.7 * i / 40.0, -h * 0.3 * sin (i / 4.0));
  g_signal_emit_by_name (drag, "drag-end", w * 0.7, 0.0);
  g_assert_cmpuint (dbo_signature_pad_get_n_strokes (pad), ==, 1);

  /* Clear, and sign again: two strokes this time. */
  gtk_widget_activate_action (GTK_WIDGET (pad), "pad.clear", NULL);
  g_assert_cmpuint (dbo_signature_pad_get_n_strokes (pad), ==, 0);
  for (int s = 0; s < 2; s++)
    {
      g_signal_emit_by_name (drag, "drag-begin", w * (0.1 + 0.4 * s), h * 0.3);
      for (int i = 1; i <= 30; i++)
        g_signal_emit_by_name (drag, "drag-update", w * 0.35 * i / 30.0, h * 0.4 * cos (i / 3.0));
      g_signal_emit_by_name (drag, "drag-end", w * 0.35, h * 0.4 * cos (10.0));
    }
  g_assert_cmpuint (dbo_signature_pad_get_n_strokes (pad), ==, 2);
  /* Nothing is stored until confirmed. */
  g_assert_null (leader->strokes);

  gtk_widget_activate_action (GTK_WIDGET (pad), "pad.confirm", NULL);
  dbo_test_run_for (100);
  g_assert_null (find_toplevel (DBO_TYPE_SIGNATURE_PAD));
  g_assert_nonnull (leader->strokes);
  g_assert_cmpuint (leader->strokes->len, ==, 2);
  g_assert_cmpfloat (leader->sig_width_mm, ==, DBO_SIGNATURE_WIDTH_MM);
  g_assert_cmpfloat (leader->sig_height_mm, ==, DBO_SIGNATURE_HEIGHT_MM);
  g_assert_nonnull (leader->sig_signed);
  for (guint s = 0; s < leader->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (leader->strokes, s);

      g_assert_cmpuint (stroke->len, >, 10);
      for (guint i = 0; i < stroke->len; i++)
        {
          const DboPoint *p = &g_array_index (stroke, DboPoint, i);

          g_assert_cmpfloat (p->x, >=, 0);
          g_assert_cmpfloat (p->x, <=, DBO_SIGNATURE_WIDTH_MM);
          g_assert_cmpfloat (p->y, >=, 0);
          g_assert_cmpfloat (p->y, <=, DBO_SIGNATURE_HEIGHT_MM);
          g_assert_cmpfloat (p->pressure, ==, 0.5);
        }
    }

  /* Saved as vectors in the project file. */
  saved = reopen (fx->path);
  g_assert_cmpuint (dbo_project_find_member (saved, "m1")->strokes->len, ==, 2);
  g_assert_cmpstr (dbo_project_find_member (saved, "m1")->sig_signed, ==, leader->sig_signed);

  /* The row shows the signature now. */
  dbo_test_settle_session (fx->session);
  thumb_row = dbo_test_find_named (GTK_WIDGET (step), "member-m1");
  g_assert_nonnull (thumb_row);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dbo_test_find_named (GTK_WIDGET (step), "member-m1-sign"))), ==,
                   g_dgettext (GETTEXT_PACKAGE, "_Sign Again…"));

  /* And Annex 2 draws it, as vector ink, inside the leader's signature line. */
  after = leader_ink_in_annex2 (fx->session);
  g_test_message ("ink pixels in the leader's line: %u", after);
  g_assert_cmpuint (after, >, 150);

  /* A pen's pressure sets the width: the stroke API takes it as given. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (step), "panel.sign", "s", "m2"));
  pad = find_toplevel (DBO_TYPE_SIGNATURE_PAD);
  g_assert_nonnull (pad);
  canvas = dbo_signature_pad_get_canvas (pad);
  g_assert_true (dbo_test_run_until (canvas_allocated, canvas, 5000));
  dbo_signature_pad_stroke_begin (pad, 20, 20, 0.9);
  dbo_signature_pad_stroke_extend (pad, 80, 40, 0.2);
  dbo_signature_pad_stroke_end (pad);
  gtk_widget_activate_action (GTK_WIDGET (pad), "pad.confirm", NULL);
  {
    GArray *stroke = g_ptr_array_index (dbo_project_find_member (live, "m2")->strokes, 0);

    g_assert_cmpfloat (g_array_index (stroke, DboPoint, 0).pressure, ==, 0.9);
    g_assert_cmpfloat (g_array_index (stroke, DboPoint, 1).pressure, ==, 0.2);
  }
}

/* The printed sheet for ink signatures, and the scan of it attached. */
static void
test_signature_sheet_and_scan (Fixture *fx, gconstpointer data)
{
  DboStepPanel *step = show_step_panel (fx);
  DboProject *live = dbo_session_get_project (fx->session);
  g_autofree char *pdf_path = g_build_filename (fx->dir, "签字页.pdf", NULL);
  g_autofree char *scan_path = g_build_filename (fx->dir, "scan.png", NULL);
  g_autofree char *junk_path = g_build_filename (fx->dir, "notes.txt", NULL);
  g_autoptr(GFile) scan = g_file_new_for_path (scan_path);
  g_autoptr(GFile) junk = g_file_new_for_path (junk_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) saved = NULL;
  g_autofree char *sha = NULL;
  GtkWidget *list = template_child (step, DBO_TYPE_STEP_PANEL, "scans_list");
  GtkWidget *row;
  guint n_attachments = live->attachments->len;

  /* The sheet: names, units and titles already on it. */
  g_assert_true (dbo_step_panel_save_signature_sheet (step, pdf_path, &error));
  g_assert_no_error (error);
  {
    g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
    g_autoptr(PopplerDocument) doc = poppler_document_new_from_file (uri, NULL, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = pdf_text (doc);
    g_assert_nonnull (strstr (text, "专家评审签字页"));
    for (guint i = 0; i < live->panel.members->len; i++)
      {
        const DboMember *m = g_ptr_array_index (live->panel.members, i);

        g_assert_nonnull (strstr (text, m->name));
        g_assert_nonnull (strstr (text, m->title));
      }
  }

  /* The scan: refused when it is no picture or PDF, kept with its SHA-256 when it is. */
  g_assert_true (g_file_set_contents (junk_path, "not a scan", -1, NULL));
  g_assert_false (dbo_step_panel_attach_scan (step, junk, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpuint (live->attachments->len, ==, n_attachments);
  g_assert_false (gtk_widget_get_visible (list));
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 20);

    g_assert_cmpint (cairo_surface_write_to_png (surface, scan_path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);
  }
  sha = dbo_test_file_sha256 (scan_path);
  g_assert_true (dbo_step_panel_attach_scan (step, scan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (live->attachments->len, ==, n_attachments + 1);
  dbo_test_run_for (50);
  g_assert_true (gtk_widget_get_visible (list));
  row = dbo_test_find_named (list, "scan-row");
  g_assert_nonnull (row);
  {
    g_autofree char *expected = g_strdup_printf ("SHA-256 %.16s", sha);

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "scan.png");
  }
  /* The same file twice is one attachment. */
  g_assert_true (dbo_step_panel_attach_scan (step, scan, &error));
  g_assert_cmpuint (live->attachments->len, ==, n_attachments + 1);

  saved = reopen (fx->path);
  g_assert_cmpuint (saved->attachments->len, ==, n_attachments + 1);
  {
    const DboAttachment *a = g_ptr_array_index (saved->attachments, saved->attachments->len - 1);

    g_assert_cmpstr (a->sha256, ==, sha);
    g_assert_cmpstr (a->media_type, ==, "image/png");
    g_assert_nonnull (a->data);
  }
}

/* ---- tamper evidence ---- */

static gboolean
stale_in_pdf (DboSession *session)
{
  g_autoptr(PopplerDocument) doc = render_pdf (session, DBO_DOC_ANNEX2);
  g_autofree char *text = pdf_text (doc);

  return strstr (text, "已失效") != NULL;
}

static void
test_stale_and_reconfirm (Fixture *fx, gconstpointer data)
{
  DboStepPanel *step = show_step_panel (fx);
  DboProject *live = dbo_session_get_project (fx->session);
  DboObject *o1 = dbo_project_find_object (live, "o1");
  GtkWidget *stale = template_child (step, DBO_TYPE_STEP_PANEL, "stale_group");
  GtkWidget *history = template_child (step, DBO_TYPE_STEP_PANEL, "history_list");
  GtkWidget *reconfirm = template_child (step, DBO_TYPE_STEP_PANEL, "reconfirm_button");
  int degree = dbo_object_get_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL);
  g_autofree char *concluded_sha = g_strdup (live->panel.conclusion.data_sha256);
  g_autofree char *concluded_at = g_strdup (live->panel.conclusion.concluded);
  g_autoptr(DboProject) saved = NULL;

  /* The sample as concluded: in date. */
  g_assert_false (has_finding (fx->session, "panel-opinion-stale"));
  g_assert_false (gtk_widget_get_visible (stale));
  g_assert_false (gtk_widget_get_visible (history));
  g_assert_false (stale_in_pdf (fx->session));

  /* Someone changes a harm degree: out of date, in the window and on Annex 2. */
  g_assert_cmpint (degree, ==, DBO_DEGREE_GENERAL);
  dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
  dbo_session_changed (fx->session, DBO_PART_OBJECT, "o1");
  dbo_test_settle_session (fx->session);
  g_assert_true (has_finding (fx->session, "panel-opinion-stale"));
  g_assert_true (gtk_widget_get_visible (stale));
  g_assert_true (gtk_widget_get_child_visible (stale) || gtk_widget_get_mapped (stale));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (template_child (step, DBO_TYPE_STEP_PANEL, "stale_message"))), !=, "");
  g_assert_true (stale_in_pdf (fx->session));

  /* Undone: the data is what the panel saw, the mark goes. */
  dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL);
  dbo_session_changed (fx->session, DBO_PART_OBJECT, "o1");
  dbo_test_settle_session (fx->session);
  g_assert_false (has_finding (fx->session, "panel-opinion-stale"));
  g_assert_false (gtk_widget_get_visible (stale));
  g_assert_false (stale_in_pdf (fx->session));

  /* Changed again, and this time the panel confirms its opinion on the new data. */
  dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
  dbo_session_changed (fx->session, DBO_PART_OBJECT, "o1");
  dbo_test_settle_session (fx->session);
  g_assert_true (gtk_widget_get_visible (stale));
  g_assert_true (gtk_widget_is_sensitive (reconfirm));
  /* The finding leads to the banner's button. */
  dbo_step_focus_path (DBO_STEP (step), find_code (fx->session, "panel-opinion-stale")->path);
  dbo_test_run_for (400);
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (reconfirm)) == reconfirm);
  g_signal_emit_by_name (reconfirm, "clicked");
  dbo_test_settle_session (fx->session);
  g_assert_false (has_finding (fx->session, "panel-opinion-stale"));
  g_assert_false (gtk_widget_get_visible (stale));
  g_assert_false (stale_in_pdf (fx->session));
  g_assert_cmpuint (live->panel.history->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (history));
  {
    g_autofree char *now = dbo_grading_data_sha256 (live);

    g_assert_cmpstr (live->panel.conclusion.data_sha256, ==, now);
    g_assert_cmpstr (live->panel.conclusion.data_sha256, !=, concluded_sha);
  }

  /* Both conclusions are in the file: the earlier one in the history. */
  saved = reopen (fx->path);
  g_assert_cmpuint (saved->panel.history->len, ==, 1);
  {
    const DboPreviousConclusion *prev = g_ptr_array_index (saved->panel.history, 0);

    g_assert_cmpstr (prev->data_sha256, ==, concluded_sha);
    g_assert_cmpstr (prev->concluded, ==, concluded_at);
    g_assert_cmpstr (prev->superseded, ==, saved->panel.conclusion.concluded);
    g_assert_true (prev->materials_complete);
  }
  g_assert_cmpstr (saved->panel.conclusion.data_sha256, ==, live->panel.conclusion.data_sha256);
  /* And in project.xml. */
  {
    g_autofree char *xml = dbo_project_xml_write (saved, NULL);
    g_autofree char *needle = g_strdup_printf ("<previous-conclusion materials-complete=\"true\" "
                                               "division-reasonable=\"true\" concluded=\"%s\" data-sha256=\"%s\"",
                                               concluded_at, concluded_sha);

    g_assert_nonnull (strstr (xml, needle));
  }
}

/* ---- meeting mode ---- */

static gboolean
press_key (GtkWidget *window, guint keyval)
{
  GtkEventController *keys = find_controller (window, GTK_TYPE_EVENT_CONTROLLER_KEY, "meeting-keys");
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

static gboolean
meeting_gone (gpointer data)
{
  return find_toplevel (DBO_TYPE_MEETING_WINDOW) == NULL;
}

static void
test_meeting_mode (Fixture *fx, gconstpointer data)
{
  DboProject *live = dbo_session_get_project (fx->session);
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme scheme = adw_style_manager_get_color_scheme (style);
  DboMeetingWindow *meeting;
  GtkWidget *page, *level3, *reason, *member, *text, *add;
  const DboMember *m3 = dbo_project_find_member (live, "m3");
  const DboObject *o2 = dbo_project_find_object (live, "o2");
  g_autoptr(DboProject) saved = NULL;
  const DboRecommendation *rec;
  int drafted = dbo_grading_drafted_level (dbo_session_get_rules (fx->session), o2);

  /* F11 in the project window. */
  fx->window = dbo_window_new (NULL);
  dbo_window_set_session (DBO_WINDOW (fx->window), fx->session);
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fx->window));
  dbo_test_run_for (300);
  g_assert_true (gtk_widget_activate_action (fx->window, "win.meeting-mode", NULL));
  meeting = find_toplevel (DBO_TYPE_MEETING_WINDOW);
  g_assert_nonnull (meeting);
  dbo_test_run_for (300);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (meeting), "dbo-meeting"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpuint (dbo_meeting_window_get_n_objects (meeting), ==, live->objects->len);
  g_assert_cmpuint (dbo_meeting_window_get_position (meeting), ==, 0);
  /* Asking again shows the same window. */
  g_assert_true (dbo_meeting_window_present (fx->session, GTK_WINDOW (fx->window)) == GTK_WIDGET (meeting));

  /* → moves to the next object, ← back, → again. */
  g_assert_true (press_key (GTK_WIDGET (meeting), GDK_KEY_Right));
  g_assert_cmpuint (dbo_meeting_window_get_position (meeting), ==, 1);
  g_assert_true (press_key (GTK_WIDGET (meeting), GDK_KEY_Left));
  g_assert_cmpuint (dbo_meeting_window_get_position (meeting), ==, 0);
  g_assert_true (press_key (GTK_WIDGET (meeting), GDK_KEY_Right));
  g_assert_cmpstr (dbo_meeting_window_get_object_id (meeting), ==, "o2");
  dbo_test_run_for (400);

  page = dbo_meeting_window_get_page (meeting, "o2");
  g_assert_nonnull (page);
  level3 = dbo_test_find_named (page, "meeting-o2-level-3");
  reason = dbo_test_find_named (page, "meeting-o2-reason");
  member = dbo_test_find_named (page, "meeting-o2-dissent-member");
  text = dbo_test_find_named (page, "meeting-o2-dissent-text");
  add = dbo_test_find_named (page, "meeting-o2-dissent-add");
  g_assert_nonnull (level3);
  g_assert_nonnull (reason);
  g_assert_nonnull (member);
  g_assert_nonnull (text);
  g_assert_nonnull (add);
  g_assert_cmpint (drafted, ==, 2);
  g_assert_true (gtk_widget_has_css_class (dbo_test_find_named (page, "meeting-o2-level-2"), "dbo-meeting-drafted"));

  /* Inside a text field the arrows move the cursor, not the page. */
  gtk_widget_grab_focus (reason);
  g_assert_false (press_key (GTK_WIDGET (meeting), GDK_KEY_Left));
  g_assert_cmpuint (dbo_meeting_window_get_position (meeting), ==, 1);

  /* The panel raises the level with a large button and gives its reason. */
  g_signal_emit_by_name (level3, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (level3)));
  g_assert_cmpint (dbo_project_find_recommendation (live, "o2")->level, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (reason), "广播系统承担井下紧急撤人通知，专家组建议提高一级。");
  g_assert_cmpstr (dbo_project_find_recommendation (live, "o2")->reason, ==,
                   "广播系统承担井下紧急撤人通知，专家组建议提高一级。");

  /* 张伟 (m3) dissents. */
  g_assert_false (gtk_widget_get_sensitive (add));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (member), 2);
  gtk_editable_set_text (GTK_EDITABLE (text), "该系统仅用于日常广播，维持第二级即可");
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  rec = dbo_project_find_recommendation (live, "o2");
  g_assert_cmpuint (rec->dissents->len, ==, 1);
  g_assert_cmpstr (((DboDissent *) g_ptr_array_index (rec->dissents, 0))->member_id, ==, "m3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "");
  /* Listed with the member's name. */
  {
    GtkWidget *list = dbo_test_find_named (page, "meeting-o2-dissents");
    GtkWidget *label;

    g_assert_nonnull (list);
    label = gtk_widget_get_first_child (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, m3->name);
  }

  /* Esc leaves, everything saved; the wizard's colours come back. */
  gtk_widget_grab_focus (level3);
  g_assert_true (press_key (GTK_WIDGET (meeting), GDK_KEY_Escape));
  g_assert_true (dbo_test_run_until (meeting_gone, NULL, 5000));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, scheme);

  saved = reopen (fx->path);
  rec = dbo_project_find_recommendation (saved, "o2");
  g_assert_nonnull (rec);
  g_assert_cmpint (rec->level, ==, 3);
  g_assert_cmpstr (rec->reason, ==, "广播系统承担井下紧急撤人通知，专家组建议提高一级。");
  g_assert_cmpuint (rec->dissents->len, ==, 1);
  g_assert_cmpstr (((DboDissent *) g_ptr_array_index (rec->dissents, 0))->member_id, ==, "m3");
  g_assert_cmpstr (((DboDissent *) g_ptr_array_index (rec->dissents, 0))->text, ==, "该系统仅用于日常广播，维持第二级即可");

  /* Annex 2's detailed opinion says so, with the expert's name. */
  {
    g_autoptr(PopplerDocument) doc = render_pdf (fx->session, DBO_DOC_ANNEX2);
    g_autofree char *all = pdf_text (doc);
    g_autofree char *sentence = g_strdup_printf ("专家%s持不同意见：该系统仅用于日常广播，维持第二级即可。", m3->name);
    g_autofree char *raised = g_strdup_printf ("专家组建议定为第三级，理由：广播系统承担井下紧急撤人通知，专家组建议提高一级。");

    g_assert_nonnull (strstr (all, sentence));
    g_assert_nonnull (strstr (all, raised));
  }
}

/* ---- screenshots (only with DBO_SCREENSHOT_DIR set) ---- */

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
test_screenshots (Fixture *fx, gconstpointer data)
{
  const char *dir = g_getenv ("DBO_SCREENSHOT_DIR");
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  DboMeetingWindow *meeting;
  GtkWidget *pad;
  GtkWidget *canvas;
  DboRecommendation *rec;
  int w, h;

  if (dir == NULL)
    {
      g_test_skip ("DBO_SCREENSHOT_DIR not set");
      return;
    }
  /* Without an AdwApplication nobody loads the application's styles. */
  gtk_css_provider_load_from_resource (css, "/io/github/dengbao/Dengbao/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* Scenario 2: the panel raises one object and an expert dissents. */
  rec = dbo_project_find_recommendation (dbo_session_get_project (fx->session), "o2");
  rec->level = 3;
  dbo_set_str (&rec->reason, "广播系统承担井下紧急撤人通知，专家组建议提高一级。");
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m3", "该系统仅用于日常广播，维持第二级即可。"));
  dbo_session_changed (fx->session, DBO_PART_RECOMMENDATION, "o2");

  meeting = DBO_MEETING_WINDOW (dbo_meeting_window_present (fx->session, NULL));
  gtk_window_set_default_size (GTK_WINDOW (meeting), 1280, 800);
  dbo_test_run_for (300);
  dbo_meeting_window_show_object (meeting, 1, FALSE);
  dbo_test_run_for (800);
  save_png (GTK_WIDGET (meeting), dir, "meeting-1280.png");
  gtk_window_destroy (GTK_WINDOW (meeting));
  dbo_test_run_for (100);

  pad = dbo_signature_pad_new (fx->session, "m1");
  gtk_window_set_default_size (GTK_WINDOW (pad), 1280, 800);
  gtk_window_present (GTK_WINDOW (pad));
  canvas = dbo_signature_pad_get_canvas (DBO_SIGNATURE_PAD (pad));
  g_assert_true (dbo_test_run_until (canvas_allocated, canvas, 5000));
  w = gtk_widget_get_width (canvas);
  h = gtk_widget_get_height (canvas);
  /* A hand-like signature: a looping cursive run and an underline, the pen
   * pressing harder in the middle of each stroke. */
  dbo_signature_pad_stroke_begin (DBO_SIGNATURE_PAD (pad), w * 0.16, h * 0.62, 0.3);
  for (int i = 1; i <= 160; i++)
    {
      double t = i / 160.0;
      double a = t * 6.5 * 2 * G_PI;
      double x = w * (0.16 + 0.58 * t) + w * 0.035 * cos (a + G_PI / 2);
      double y = h * (0.50 - 0.07 * sin (t * G_PI)) - h * 0.16 * sin (a + G_PI / 2) * (0.6 + 0.4 * sin (t * 5.0));

      dbo_signature_pad_stroke_extend (DBO_SIGNATURE_PAD (pad), x, y, 0.25 + 0.7 * sin (t * G_PI));
    }
  dbo_signature_pad_stroke_end (DBO_SIGNATURE_PAD (pad));
  dbo_signature_pad_stroke_begin (DBO_SIGNATURE_PAD (pad), w * 0.12, h * 0.80, 0.2);
  for (int i = 1; i <= 40; i++)
    {
      double t = i / 40.0;

      dbo_signature_pad_stroke_extend (DBO_SIGNATURE_PAD (pad), w * (0.12 + 0.72 * t), h * (0.80 - 0.06 * t * t),
                                       0.2 + 0.6 * sin (t * G_PI));
    }
  dbo_signature_pad_stroke_end (DBO_SIGNATURE_PAD (pad));
  dbo_test_run_for (400);
  save_png (pad, dir, "signature-pad-1280.png");
  gtk_window_destroy (GTK_WINDOW (pad));
  dbo_test_run_for (50);
  /* Step 4 with the opinion out of date and a signed member (for review, not committed). */
  if (g_getenv ("DBO_SCREENSHOT_MORE") != NULL)
    {
      DboObject *o1 = dbo_project_find_object (dbo_session_get_project (fx->session), "o1");
      DboStepPanel *step;

      dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
      dbo_session_changed (fx->session, DBO_PART_OBJECT, "o1");
      step = show_step_panel (fx);
      dbo_test_run_for (500);
      save_png (fx->window, dir, "more-panel-stale-1280.png");
      gtk_widget_grab_focus (template_child (step, DBO_TYPE_STEP_PANEL, "meeting_button"));
      dbo_test_run_for (300);
      save_png (fx->window, dir, "more-panel-meeting-1280.png");
      gtk_widget_activate_action (GTK_WIDGET (step), "panel.conclude", NULL);
      dbo_test_settle_session (fx->session);
      {
        GtkWidget *scroller = gtk_widget_get_ancestor (template_child (step, DBO_TYPE_STEP_PANEL, "history_list"),
                                                       GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      }
      dbo_test_run_for (300);
      save_png (fx->window, dir, "more-panel-history-1280.png");
    }
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

int
main (int argc, char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's MIME data to load
   * its icons; the fixture makes and removes its own directory instead. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/meeting/panel-rules", Fixture, NULL, fixture_setup, test_panel_rules, fixture_teardown);
  g_test_add ("/meeting/signature", Fixture, NULL, fixture_setup, test_signature, fixture_teardown);
  g_test_add ("/meeting/signature-sheet-and-scan", Fixture, NULL, fixture_setup, test_signature_sheet_and_scan,
              fixture_teardown);
  g_test_add ("/meeting/stale-and-reconfirm", Fixture, NULL, fixture_setup, test_stale_and_reconfirm,
              fixture_teardown);
  g_test_add ("/meeting/meeting-mode", Fixture, NULL, fixture_setup, test_meeting_mode, fixture_teardown);
  g_test_add ("/meeting/screenshots", Fixture, NULL, fixture_setup, test_screenshots, fixture_teardown);
  return g_test_run ();
}
