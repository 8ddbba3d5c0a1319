/* The reference for bench-startup: the smallest libadwaita program, built
 * like dengbao. Prints "first-frame" once its window has painted, then quits. */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

static gint64 start_time;

/* DBO_BENCH_VERBOSE=1: where the time goes, on stderr. */
static void
phase (const char *what)
{
  if (g_getenv ("DBO_BENCH_VERBOSE") != NULL)
    fprintf (stderr, "%8.1f ms  %s\n", (g_get_monotonic_time () - start_time) / 1000.0, what);
}

static void
after_paint_cb (GdkFrameClock *clock, GApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  phase ("first frame painted");
  /* The renderer that drew it, for bench-startup's report. */
  printf ("first-frame %s\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (gtk_application_get_active_window (GTK_APPLICATION (app))))));
  fflush (stdout);
  g_application_quit (app);
}

static void
realize_cb (GtkWidget *window, GApplication *app)
{
  phase ("window realized");
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window;

  phase ("startup done");
  window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  start_time = g_get_monotonic_time ();
  app = adw_application_new ("io.github.dengbao.BenchBare", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
