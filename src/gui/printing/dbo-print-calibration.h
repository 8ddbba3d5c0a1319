/* dbo-print-calibration.h — per-printer offsets, so printed forms line up
 *
 * Offsets are millimetres, right and down (negative: left and up), kept in
 * GSettings ("printer-offsets", a{s(dd)}) by printer name, as GTK's print
 * settings name the printer. Every print job moves its pages by the offsets of
 * the printer chosen in the print dialog; PDFs are never moved.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Offsets beyond this are refused as typing errors (a sheet is 210 mm wide). */
#define DBO_PRINT_OFFSET_MAX_MM 30.0

/* The application's settings, or NULL where the schema is not installed (transfer full). */
GSettings         *dbo_print_calibration_get_settings  (void);
/* The offsets stored for @printer; FALSE (and 0, 0) when none are, or @settings is NULL. */
gboolean           dbo_print_calibration_lookup        (GSettings  *settings,
                                                        const char *printer,
                                                        double     *x_mm,
                                                        double     *y_mm);
/* Stores @printer's offsets (clamped to ±DBO_PRINT_OFFSET_MAX_MM). */
void               dbo_print_calibration_store         (GSettings  *settings,
                                                        const char *printer,
                                                        double      x_mm,
                                                        double      y_mm);
/* Forgets @printer's offsets. */
void               dbo_print_calibration_remove        (GSettings  *settings,
                                                        const char *printer);
/* The printers with offsets, sorted (NULL-terminated; never NULL). */
char             **dbo_print_calibration_list_printers (GSettings  *settings);
/* Moves @cr by the offsets of the printer @print_settings name (nothing for none).
 * Returns TRUE when it moved. */
gboolean           dbo_print_calibration_apply         (GSettings        *settings,
                                                        GtkPrintSettings *print_settings,
                                                        cairo_t          *cr);
/* Sets @operation up as every form is printed: A4 portrait, no margins
 * added, no scaling (the core places everything from the sheet's corner),
 * in points. */
void               dbo_print_calibration_setup_sheet   (GtkPrintOperation *operation);
/* A print job for the calibration sheet, A4 at 100 %; with @apply_offsets the
 * chosen printer's offsets move it, to check them. */
GtkPrintOperation *dbo_print_calibration_operation_new (gboolean apply_offsets);

G_END_DECLS
