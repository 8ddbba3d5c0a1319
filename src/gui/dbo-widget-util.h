/* Small helpers shared by the window's widgets. */
#pragma once

#include <gtk/gtk.h>
#include "dbo-model.h"

G_BEGIN_DECLS

void dbo_widget_set_tooltip      (GtkWidget   *widget,
                                  const char  *text);
/* @object's name, or "Unnamed object N" (N its 1-based position in
 * @project) when it has none: never its internal id. */
char *dbo_object_display_name    (const DboProject *project,
                                  const DboObject  *object);
void dbo_widget_idle_after_frame (GtkWidget   *widget,
                                  GSourceFunc  func,
                                  guint       *source);

G_END_DECLS
