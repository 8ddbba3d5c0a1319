/* The renderer Dengbao's windows draw with (src/gui/app/dbo-renderer.c): cairo
 * when OpenGL is drawn in software, GL otherwise, the user's GSK_RENDERER
 * always. Each case runs in a process of its own: GTK reads GSK_RENDERER once. */
#include "config.h"

#include <gtk/gtk.h>

#include "dbo-renderer.h"

static const char *
renderer_of_new_window (void)
{
  GtkWidget *window = gtk_window_new ();
  const char *name;

  gtk_widget_realize (window);
  name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  return name;
}

static void
test_default_choice (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *gl_name = NULL;
      GdkDisplay *display;
      gboolean software;

      g_unsetenv ("GSK_RENDERER");
      gtk_init ();
      display = gdk_display_get_default ();
      software = dbo_renderer_gl_is_software (display, &gl_name);
      g_test_message ("OpenGL renderer: %s", gl_name != NULL ? gl_name : "(none)");
      dbo_renderer_choose (display);
      if (gtk_get_minor_version () >= 14)
        g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
      else if (software)
        g_assert_cmpstr (renderer_of_new_window (), ==, "GskCairoRenderer");
      else
        g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_user_choice_wins (void)
{
  if (g_test_subprocess ())
    {
      GdkDisplay *display;

      g_setenv ("GSK_RENDERER", "gl", TRUE);
      gtk_init ();
      display = gdk_display_get_default ();
      dbo_renderer_choose (display);
      g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
      /* Where there is OpenGL at all, the window gets what was asked for. */
      if (dbo_renderer_gl_is_software (display, NULL))
        g_assert_cmpstr (renderer_of_new_window (), !=, "GskCairoRenderer");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/default-choice", test_default_choice);
  g_test_add_func ("/renderer/user-choice-wins", test_user_choice_wins);
  return g_test_run ();
}
