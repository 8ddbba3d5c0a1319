/* dbo-calibration.h — a one-page sheet for lining a printer up (no GTK)
 *
 * Five crosses sit at known distances from the sheet's edges (A4 portrait),
 * with millimetre rulers between them. Printed at 100 %, the distance a user
 * measures from the paper's left and top edges to cross A, against the 20 mm
 * it should be, gives the printer's offsets (dbo-print-calibration.h in the
 * GUI applies them). The sheet is drawn in points with the sheet's corner at
 * the cairo origin, like every document.
 */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* Where the crosses are, in mm from the sheet's left and top edges. */
#define DBO_CALIBRATION_INSET_MM 20.0
typedef struct {
  const char *label;      /* "A" … "E" */
  double x_mm;
  double y_mm;
} DboCalibrationMark;

/* The marks, A (top left), B (top right), C (bottom left), D (bottom right),
 * E (centre); @n_out receives their number. */
const DboCalibrationMark *dbo_calibration_marks     (guint *n_out);
/* Draws the sheet onto @cr (points, origin at the sheet's corner; paints white first). */
void                      dbo_calibration_draw      (cairo_t *cr);
/* Writes the sheet as a one-page PDF, through a temporary file renamed over @path. */
gboolean                  dbo_calibration_write_pdf (const char *path, GError **error);

G_END_DECLS
