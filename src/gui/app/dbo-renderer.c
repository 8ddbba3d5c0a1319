/* Which GSK renderer the windows use.
 *
 * GTK 4.14 and later leave software OpenGL (Mesa's llvmpipe) to the cairo
 * renderer: through a software GL pipeline every new kind of drawing costs a
 * shader compile on the CPU and every pixel goes through the JIT, so a window
 * of forms opens and redraws slower than cairo would draw it. GTK 4.8
 * (Debian 12, the floor) still picks GL there, and mine offices often run on
 * virtual machines and remote desktops without a GPU. Dengbao makes the newer
 * GTK's choice on older ones; GSK_RENDERER, when set, still decides. */
#include "config.h"

#include "dbo-renderer.h"

#include <epoxy/gl.h>
#include <string.h>

static gboolean
has_render_node (void)
{
#ifdef __linux__
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
#else
  return TRUE;
#endif
}

/* TRUE when OpenGL on @display is drawn by the CPU; @renderer_out gets the
 * driver's name (GL_RENDERER) when there is one. */
gboolean
dbo_renderer_gl_is_software (GdkDisplay *display,
                             char      **renderer_out)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  if (renderer_out != NULL)
    *renderer_out = NULL;
  /* Without a GPU render node Mesa can only draw in software: no need to
   * spend the ~10 ms of making a GL context to ask it. */
  if (!has_render_node ())
    {
      if (renderer_out != NULL)
        *renderer_out = g_strdup ("software (no GPU render node in /dev/dri)");
      return TRUE;
    }
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      /* No OpenGL at all: GTK falls back to cairo by itself. */
      g_debug ("No OpenGL on this display: %s", error->message);
      return FALSE;
    }
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = name != NULL && (strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL);
  if (renderer_out != NULL)
    *renderer_out = g_strdup (name);
  gdk_gl_context_clear_current ();
  return software;
}

void
dbo_renderer_choose (GdkDisplay *display)
{
  g_autofree char *gl_name = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (gtk_get_major_version () > 4 || gtk_get_minor_version () >= 14)
    return;
  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  if (!dbo_renderer_gl_is_software (display, &gl_name))
    return;
  /* GTK 4.0 to 4.18 read the display's "gsk-renderer" before the environment
   * when they make a window's renderer; unlike setting GSK_RENDERER here, it
   * touches no environment other threads may be reading. */
  g_debug ("OpenGL is drawn in software (%s): windows use the cairo renderer", gl_name);
  g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
}
