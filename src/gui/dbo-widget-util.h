/* Small helpers shared by the window's widgets. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void dbo_widget_set_tooltip      (GtkWidget   *widget,
                                  const char  *text);
void dbo_widget_idle_after_frame (GtkWidget   *widget,
                                  GSourceFunc  func,
                                  guint       *source);

G_END_DECLS
