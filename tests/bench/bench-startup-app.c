/* dengbao as bench-startup measures it: the application itself (the same
 * library and resources as src/main.c), opening the file given on the
 * command line. Prints "first-frame" once the first window has painted. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "dbo-application.h"

static gint64 start_time;

/* DBO_BENCH_VERBOSE=1: where the time goes, on stderr. */
static void
phase (const char *what)
{
  if (g_getenv ("DBO_BENCH_VERBOSE") != NULL)
    fprintf (stderr, "%8.1f ms  %s\n", (g_get_monotonic_time () - start_time) / 1000.0, what);
}

static void
startup_cb (GApplication *app)
{
  phase ("startup done");
}

static void
open_cb (GApplication *app)
{
  phase ("open");
}

static void
open_after_cb (GApplication *app)
{
  phase ("open done (project shown)");
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

/* Connected after GTK's own handlers: each marks the end of that phase. */
static void
layout_done_cb (GdkFrameClock *clock)
{
  phase ("layout done");
}

static void
paint_done_cb (GdkFrameClock *clock)
{
  phase ("paint done (snapshot and render)");
}

static void
realize_cb (GtkWidget *window, GApplication *app)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autofree char *what = g_strdup_printf ("window realized (%s)", G_OBJECT_TYPE_NAME (renderer));

  phase (what);
  g_signal_connect (gtk_widget_get_frame_clock (window), "layout", G_CALLBACK (layout_done_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "paint", G_CALLBACK (paint_done_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
window_added_cb (GtkApplication *app, GtkWindow *window)
{
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), G_APPLICATION (app));
  else
    g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), app);
}

int
main (int argc, char *argv[])
{
  g_autoptr(DboApplication) app = NULL;

  start_time = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dbo_application_new ();
  /* A running dengbao must not receive the file instead. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect (app, "open", G_CALLBACK (open_cb), NULL);
  g_signal_connect_after (app, "open", G_CALLBACK (open_after_cb), NULL);
  phase ("main");
  return g_application_run (G_APPLICATION (app), argc, argv);
}
