/* dbo-preferences-window.h — printer calibration: the sheet and each printer's offsets */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DBO_TYPE_PREFERENCES_WINDOW (dbo_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DboPreferencesWindow, dbo_preferences_window, DBO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @parent may be NULL. */
GtkWidget     *dbo_preferences_window_new         (GtkWindow *parent);
/* Adds @printer to the list with no offsets yet (nothing if listed). */
void           dbo_preferences_window_add_printer (DboPreferencesWindow *self, const char *printer);
/* The spin button of @printer's horizontal (or vertical) offset, or NULL (tests). */
GtkSpinButton *dbo_preferences_window_get_spin    (DboPreferencesWindow *self, const char *printer,
                                                   gboolean vertical);

G_END_DECLS
