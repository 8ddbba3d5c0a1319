/* test-print-calibration.c — printer offsets: stored per printer, applied when
 * printing (checked in the exported PDF with poppler), the calibration sheet,
 * and the preferences window that edits them. */
#include "dbo-test-utils.h"

#include <adwaita.h>
#include <math.h>
#include <poppler.h>

#include "dbo-calibration.h"
#include "dbo-documents.h"
#include "dbo-layout.h"
#include "dbo-preferences-window.h"
#include "dbo-print-calibration.h"
#include "dbo-print-operation.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"

#define PRINTER "Office LaserJet (3rd floor)"

static GSettings *
fresh_settings (void)
{
  GSettings *settings = dbo_print_calibration_get_settings ();

  g_assert_nonnull (settings);   /* GSETTINGS_SCHEMA_DIR points at the build's data/ */
  g_settings_reset (settings, "printer-offsets");
  return settings;
}

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* Where @text first appears on page 0, in points; poppler_page_find_text()
 * measures y from the bottom edge (PDF coordinates): moving down lowers y. */
static void
find_text (const char *pdf, const char *text, double *x, double *y)
{
  PopplerDocument *doc = open_pdf (pdf);
  PopplerPage *page = poppler_document_get_page (doc, 0);
  GList *hits = poppler_page_find_text (page, text);
  PopplerRectangle *r;

  if (hits == NULL)
    {
      g_autofree char *all = poppler_page_get_text (page);

      g_test_message ("“%s” is not on the first page of %s, which reads:\n%s", text, pdf, all);
    }
  g_assert_nonnull (hits);
  r = hits->data;
  *x = r->x1;
  *y = r->y1;
  g_list_free_full (hits, (GDestroyNotify) poppler_rectangle_free);
  g_object_unref (page);
  g_object_unref (doc);
}

/* ---- storage ---- */

static void
test_store_lookup (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_auto(GStrv) names = NULL;
  double x = 99, y = 99;

  g_assert_false (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat (y, ==, 0.0);
  g_assert_false (dbo_print_calibration_lookup (settings, NULL, NULL, NULL));
  g_assert_false (dbo_print_calibration_lookup (NULL, PRINTER, NULL, NULL));

  dbo_print_calibration_store (settings, PRINTER, -1.5, 2.25);
  dbo_print_calibration_store (settings, "Archive printer", 0.5, 0.0);
  g_assert_true (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat (x, ==, -1.5);
  g_assert_cmpfloat (y, ==, 2.25);

  /* Stored again: replaced, not doubled. */
  dbo_print_calibration_store (settings, PRINTER, 1.0, -1.0);
  names = dbo_print_calibration_list_printers (settings);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Archive printer");
  g_assert_cmpstr (names[1], ==, PRINTER);
  g_assert_true (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat (x, ==, 1.0);
  g_assert_cmpfloat (y, ==, -1.0);

  /* Typing errors are clamped; values written by hand that are not numbers count as 0. */
  dbo_print_calibration_store (settings, PRINTER, 500.0, -500.0);
  g_assert_true (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat (x, ==, DBO_PRINT_OFFSET_MAX_MM);
  g_assert_cmpfloat (y, ==, -DBO_PRINT_OFFSET_MAX_MM);
  g_settings_set_value (settings, "printer-offsets",
                        g_variant_new_parsed ("{'x': (nan, inf)}"));
  g_assert_true (dbo_print_calibration_lookup (settings, "x", &x, &y));
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat (y, ==, 0.0);

  dbo_print_calibration_remove (settings, "x");
  g_assert_false (dbo_print_calibration_lookup (settings, "x", NULL, NULL));
  g_clear_pointer (&names, g_strfreev);
  names = dbo_print_calibration_list_printers (settings);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

/* ---- the calibration sheet ---- */

static void
test_sheet_renders (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "calibration.pdf", NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc;
  PopplerPage *page;
  g_autofree char *text = NULL;
  double width, height, x, y;
  guint n_marks;
  const DboCalibrationMark *marks = dbo_calibration_marks (&n_marks);

  g_assert_true (dbo_calibration_write_pdf (path, &error));
  g_assert_no_error (error);
  doc = open_pdf (path);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, DBO_A4_WIDTH_PT, 0.5);
  g_assert_cmpfloat_with_epsilon (height, DBO_A4_HEIGHT_PT, 0.5);
  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, "打印机校准页"));
  g_assert_nonnull (strstr (text, "A (20, 20)"));
  g_assert_nonnull (strstr (text, "42 毫米印章区"));
  g_object_unref (page);
  g_object_unref (doc);

  /* Cross A's letter sits just right of and below its centre, 20 mm from the edges. */
  g_assert_cmpuint (n_marks, ==, 5);
  g_assert_cmpstr (marks[0].label, ==, "A");
  g_assert_cmpfloat (marks[0].x_mm, ==, DBO_CALIBRATION_INSET_MM);
  g_assert_cmpfloat (marks[3].y_mm, ==, 297.0 - DBO_CALIBRATION_INSET_MM);
  find_text (path, "170", &x, &y);       /* a ruler number, 170 mm from the left edge */
  g_assert_cmpfloat (fabs (x + 0.0 - DBO_MM (170.0)), <, DBO_MM (3.0));
}

/* ---- offsets applied when printing ---- */

static DboDocument *
sample_document (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
  g_autoptr(DboRuleset) rules = NULL;
  DboDocument *doc;

  g_assert_no_error (error);
  rules = dbo_ruleset_load_default (&error);
  g_assert_no_error (error);
  doc = dbo_document_build (project, rules, DBO_DOC_ANNEX4, NULL, &error);
  g_assert_no_error (error);
  return doc;
}

/* Prints through GTK's export path (no dialog) to @pdf, as if on @printer. */
static void
print_to_pdf (GtkPrintOperation *operation, const char *printer, const char *pdf)
{
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  gtk_print_settings_set_printer (settings, printer);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_export_filename (operation, pdf);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
}

static void
test_offsets_applied (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *plain = g_build_filename (dir, "plain.pdf", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved.pdf", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pdf", NULL);
  const char *word = "中华人民共和国公安部监制";
  double x0, y0, x1, y1, x2, y2;

  {
    g_autoptr(DboPrintOperation) op = dbo_print_operation_new (sample_document ());

    print_to_pdf (GTK_PRINT_OPERATION (op), PRINTER, plain);
  }
  dbo_print_calibration_store (settings, PRINTER, 5.0, -3.0);
  {
    g_autoptr(DboPrintOperation) op = dbo_print_operation_new (sample_document ());

    print_to_pdf (GTK_PRINT_OPERATION (op), PRINTER, moved);
  }
  {
    g_autoptr(DboPrintOperation) op = dbo_print_operation_new (sample_document ());

    print_to_pdf (GTK_PRINT_OPERATION (op), "Another printer", other);
  }

  find_text (plain, word, &x0, &y0);
  find_text (moved, word, &x1, &y1);
  find_text (other, word, &x2, &y2);
  g_test_message ("plain (%.2f, %.2f) moved (%.2f, %.2f)", x0, y0, x1, y1);
  /* 5 mm right, 3 mm up. */
  g_assert_cmpfloat_with_epsilon (x1 - x0, DBO_MM (5.0), 0.3);
  g_assert_cmpfloat_with_epsilon (y1 - y0, DBO_MM (3.0), 0.3);
  /* Another printer's pages are not moved. */
  g_assert_cmpfloat_with_epsilon (x2, x0, 0.01);
  g_assert_cmpfloat_with_epsilon (y2, y0, 0.01);
}

static void
test_sheet_print_job (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *plain = g_build_filename (dir, "sheet.pdf", NULL);
  g_autofree char *checked = g_build_filename (dir, "sheet-checked.pdf", NULL);
  g_autofree char *raw = g_build_filename (dir, "sheet-raw.pdf", NULL);
  double x0, y0, x1, y1, x2, y2;

  dbo_print_calibration_store (settings, PRINTER, -2.0, 1.5);
  {
    g_autoptr(GtkPrintOperation) op = dbo_print_calibration_operation_new (FALSE);

    print_to_pdf (op, PRINTER, plain);
  }
  {
    g_autoptr(GtkPrintOperation) op = dbo_print_calibration_operation_new (TRUE);

    print_to_pdf (op, PRINTER, checked);
  }
  g_assert_true (dbo_calibration_write_pdf (raw, NULL));

  find_text (plain, "打印机校准页", &x0, &y0);
  find_text (checked, "打印机校准页", &x1, &y1);
  find_text (raw, "打印机校准页", &x2, &y2);
  /* Measuring prints the sheet as it is; checking moves it by the offsets. */
  g_assert_cmpfloat_with_epsilon (x0, x2, 0.05);
  g_assert_cmpfloat_with_epsilon (y0, y2, 0.05);
  g_assert_cmpfloat_with_epsilon (x1 - x0, DBO_MM (-2.0), 0.3);
  g_assert_cmpfloat_with_epsilon (y1 - y0, DBO_MM (-1.5), 0.3);
  {
    PopplerDocument *doc = open_pdf (checked);

    g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
    g_object_unref (doc);
  }
}

/* ---- the preferences window ---- */

static void
spin_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  DboPreferencesWindow *window;
  GtkSpinButton *sx, *sy;
  double x, y;

  dbo_print_calibration_store (settings, "Archive printer", 0.5, 0.0);
  window = DBO_PREFERENCES_WINDOW (dbo_preferences_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  spin_main_loop ();

  /* Listed from the settings, with their values. */
  sx = dbo_preferences_window_get_spin (window, "Archive printer", FALSE);
  g_assert_nonnull (sx);
  g_assert_cmpfloat (gtk_spin_button_get_value (sx), ==, 0.5);
  g_assert_null (dbo_preferences_window_get_spin (window, PRINTER, FALSE));

  /* Typed in by name (what printing the sheet does with the chosen printer). */
  dbo_preferences_window_add_printer (window, "  " PRINTER " ");
  sx = dbo_preferences_window_get_spin (window, PRINTER, FALSE);
  sy = dbo_preferences_window_get_spin (window, PRINTER, TRUE);
  g_assert_nonnull (sx);
  g_assert_nonnull (sy);
  g_assert_true (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat (x, ==, 0.0);

  gtk_spin_button_set_value (sx, -1.5);
  gtk_spin_button_set_value (sy, 0.7);
  spin_main_loop ();
  g_assert_true (dbo_print_calibration_lookup (settings, PRINTER, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, -1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.7, 1e-9);
  /* The other printer is untouched. */
  g_assert_true (dbo_print_calibration_lookup (settings, "Archive printer", &x, &y));
  g_assert_cmpfloat (x, ==, 0.5);

  if (g_getenv ("DBO_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("DBO_SCREENSHOT_DIR"), "printer-calibration.png", NULL);
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int w = gtk_widget_get_width (GTK_WIDGET (window)), h = gtk_widget_get_height (GTK_WIDGET (window));
      gint64 end = g_get_monotonic_time () + 600 * 1000;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_to_node (snapshot);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, w, h));
      g_assert_true (gdk_texture_save_to_png (texture, png));
    }
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

  g_test_add_func ("/print-calibration/store-lookup", test_store_lookup);
  g_test_add_func ("/print-calibration/sheet-renders", test_sheet_renders);
  g_test_add_func ("/print-calibration/offsets-applied", test_offsets_applied);
  g_test_add_func ("/print-calibration/sheet-print-job", test_sheet_print_job);
  g_test_add_func ("/print-calibration/preferences-window", test_preferences_window);
  return g_test_run ();
}
