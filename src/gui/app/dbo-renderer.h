/* Which GSK renderer the windows use on this display. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean dbo_renderer_gl_is_software (GdkDisplay *display,
                                      char      **renderer_out);
void     dbo_renderer_choose         (GdkDisplay *display);

G_END_DECLS
