/* Per-printer offsets and the calibration sheet's print job. */
#define G_LOG_DOMAIN "dengbao-print"
#include "config.h"

#include "dbo-print-calibration.h"

#include <math.h>

#include "dbo-calibration.h"
#include "dbo-layout.h"

#define OFFSETS_KEY "printer-offsets"

GSettings *
dbo_print_calibration_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Uninstalled runs without GSETTINGS_SCHEMA_DIR: no offsets, never a crash. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, OFFSETS_KEY))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static double
sane_offset (double mm)
{
  if (!isfinite (mm))
    return 0.0;
  return CLAMP (mm, -DBO_PRINT_OFFSET_MAX_MM, DBO_PRINT_OFFSET_MAX_MM);
}

gboolean
dbo_print_calibration_lookup (GSettings  *settings,
                              const char *printer,
                              double     *x_mm,
                              double     *y_mm)
{
  g_autoptr(GVariant) offsets = NULL;
  double x = 0.0, y = 0.0;
  gboolean found = FALSE;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);

  if (settings != NULL && printer != NULL && *printer != '\0')
    {
      offsets = g_settings_get_value (settings, OFFSETS_KEY);
      found = g_variant_lookup (offsets, printer, "(dd)", &x, &y);
    }
  if (x_mm != NULL)
    *x_mm = found ? sane_offset (x) : 0.0;
  if (y_mm != NULL)
    *y_mm = found ? sane_offset (y) : 0.0;
  return found;
}

/* Writes the dictionary with @printer set to (@x, @y), or removed when @remove. */
static void
update (GSettings *settings, const char *printer, gboolean remove, double x, double y)
{
  g_autoptr(GVariant) offsets = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  double ox, oy;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (printer != NULL && *printer != '\0');

  offsets = g_settings_get_value (settings, OFFSETS_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(dd)}"));
  g_variant_iter_init (&iter, offsets);
  while (g_variant_iter_next (&iter, "{&s(dd)}", &name, &ox, &oy))
    if (g_strcmp0 (name, printer) != 0)
      g_variant_builder_add (&builder, "{s(dd)}", name, ox, oy);
  if (!remove)
    g_variant_builder_add (&builder, "{s(dd)}", printer, sane_offset (x), sane_offset (y));
  g_settings_set_value (settings, OFFSETS_KEY, g_variant_builder_end (&builder));
}

void
dbo_print_calibration_store (GSettings  *settings,
                             const char *printer,
                             double      x_mm,
                             double      y_mm)
{
  update (settings, printer, FALSE, x_mm, y_mm);
}

void
dbo_print_calibration_remove (GSettings  *settings,
                              const char *printer)
{
  update (settings, printer, TRUE, 0, 0);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

char **
dbo_print_calibration_list_printers (GSettings *settings)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GVariant) offsets = NULL;
  GVariantIter iter;
  const char *name;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (settings != NULL)
    {
      offsets = g_settings_get_value (settings, OFFSETS_KEY);
      g_variant_iter_init (&iter, offsets);
      while (g_variant_iter_next (&iter, "{&s(dd)}", &name, NULL, NULL))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_steal (names, NULL);
}

gboolean
dbo_print_calibration_apply (GSettings        *settings,
                             GtkPrintSettings *print_settings,
                             cairo_t          *cr)
{
  double x, y;

  g_return_val_if_fail (cr != NULL, FALSE);

  if (print_settings == NULL ||
      !dbo_print_calibration_lookup (settings, gtk_print_settings_get_printer (print_settings), &x, &y))
    return FALSE;
  if (x == 0.0 && y == 0.0)
    return FALSE;
  /* The print context is in points from the sheet's corner (GTK_UNIT_POINTS, full page). */
  cairo_translate (cr, DBO_MM (x), DBO_MM (y));
  return TRUE;
}

/* ---- the calibration sheet's print job ---- */

typedef struct {
  gboolean apply_offsets;
  GSettings *settings;
} SheetJob;

static void
sheet_job_free (gpointer data)
{
  SheetJob *job = data;

  g_clear_object (&job->settings);
  g_free (job);
}

static void
sheet_begin_print (GtkPrintOperation *operation, GtkPrintContext *context, gpointer user_data)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

static void
sheet_draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page_nr, gpointer user_data)
{
  SheetJob *job = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_save (cr);
  if (job->apply_offsets)
    dbo_print_calibration_apply (job->settings, gtk_print_operation_get_print_settings (operation), cr);
  dbo_calibration_draw (cr);
  cairo_restore (cr);
}

void
dbo_print_calibration_setup_sheet (GtkPrintOperation *operation)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, FALSE);
}

GtkPrintOperation *
dbo_print_calibration_operation_new (gboolean apply_offsets)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  SheetJob *job = g_new0 (SheetJob, 1);

  /* As the forms. */
  dbo_print_calibration_setup_sheet (operation);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, "打印机校准页");

  job->apply_offsets = apply_offsets;
  job->settings = dbo_print_calibration_get_settings ();
  g_object_set_data_full (G_OBJECT (operation), "dbo-sheet-job", job, sheet_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (sheet_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (sheet_draw_page), job);
  return operation;
}
