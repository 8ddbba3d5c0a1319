/* Benchmark: typing in a field of the 1,000-object project (issue 4: it must
 * not stall; each edit saved in well under a frame).
 *
 * The real window on a generated group project of 1,000 objects, step 2 with
 * the editor of the 500th object open; 200 keys typed into its name field
 * through the entry, as a keyboard and an input method deliver them. For each:
 * the time the keystroke takes in the window (the entry, the editor, the
 * model, the step's list and sidebar), the time to save it (the session's
 * write of that object, done at once here instead of after the typing
 * pause), and the longest main-loop dispatch in the 20 ms after it (findings
 * recomputed and shown, redraws). Needs a display: run under xvfb-run. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "dbo-gen.h"
#include "dbo-renderer.h"
#include "dbo-session.h"
#include "dbo-store.h"
#include "dbo-window.h"

#define N_KEYS 200
#define OBJECT_ID "o500"
#define TARGET_SAVED_MS 8.0        /* keystroke + save: half a 60 Hz frame */

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what, double *ms, int n, double *p95_out, double *max_out)
{
  double sum = 0;

  qsort (ms, n, sizeof (double), (int (*) (const void *, const void *)) compare_double);
  for (int i = 0; i < n; i++)
    sum += ms[i];
  *p95_out = ms[(n * 95) / 100];
  *max_out = ms[n - 1];
  printf ("%-40s mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, sum / n, *p95_out, *max_out);
}

/* Runs the main loop for @ms of wall time; returns the longest dispatch. */
static double
run_for (double ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) (ms * 1000);
  double longest = 0;

  while (g_get_monotonic_time () < end)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (g_main_context_iteration (NULL, FALSE))
        longest = MAX (longest, (g_get_monotonic_time () - t0) / 1000.0);
      else
        g_usleep (200);
    }
  return longest;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  DboSession *session;
  GtkWidget *window, *focus;
  DboProject *project;
  double key_ms[N_KEYS], save_ms[N_KEYS], saved_ms[N_KEYS], loop_ms[N_KEYS];
  double p95, max, saved_p95, saved_max, loop_p95, loop_max;
  gboolean ok;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("SKIP bench-typing: no display; run it under xvfb-run "
              "(xvfb-run -a meson test -C build --benchmark --suite bench)\n");
      return 77;
    }
  gtk_init ();
  adw_init ();
  /* As the application does at start-up. */
  dbo_renderer_choose (gdk_display_get_default ());

  rules = dbo_ruleset_load_default (&error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("dengbao-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "group.dengbao", NULL);
  session = dbo_session_create (path, dbo_gen_group_project (rules, 1000), &error);
  g_assert_no_error (error);
  project = dbo_session_get_project (session);

  window = dbo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  dbo_window_set_session (DBO_WINDOW (window), session);
  gtk_window_present (GTK_WINDOW (window));
  run_for (300);
  /* Typing starts once the window has built every step and the rows of the
   * objects list (appended a few per main loop turn), as after a while. */
  for (int i = 0; i < DBO_N_STEPS; i++)
    dbo_window_get_step_widget (DBO_WINDOW (window), dbo_wizard_step_get_name (i));
  run_for (1500);
  dbo_window_focus_path (DBO_WINDOW (window), "objects/" OBJECT_ID "/name");
  run_for (300);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_cmpstr (dbo_window_get_step (DBO_WINDOW (window)), ==, "objects");

  /* A name typed as people type it: an input method commits a word or two
   * of Chinese at a time, digits and brackets one key each, a backspace now
   * and then; the name is cleared and typed again until N_KEYS keys. */
  static const char *keys[] = {
    "", "长兴", "煤矿", "7", "2", "号", "井", "安全", "监控", "系统", "（", "东区", "\b", "\b", "西区", "）",
  };
  g_autoptr(GString) expected = g_string_new (gtk_editable_get_text (GTK_EDITABLE (focus)));

  for (int i = 0; i < N_KEYS; i++)
    {
      const char *key = keys[i % G_N_ELEMENTS (keys)];
      int pos;
      gint64 t0, t1, t2;

      gtk_editable_set_position (GTK_EDITABLE (focus), -1);
      pos = gtk_editable_get_position (GTK_EDITABLE (focus));
      t0 = g_get_monotonic_time ();
      if (*key == '\0')
        {
          /* Select all and type over it: the first commit replaces the name. */
          gtk_editable_delete_text (GTK_EDITABLE (focus), 0, -1);
          g_string_truncate (expected, 0);
        }
      else if (*key == '\b')
        {
          gtk_editable_delete_text (GTK_EDITABLE (focus), pos - 1, pos);
          g_string_truncate (expected, g_utf8_offset_to_pointer (expected->str, pos - 1) - expected->str);
        }
      else
        {
          gtk_editable_insert_text (GTK_EDITABLE (focus), key, -1, &pos);
          g_string_append (expected, key);
        }
      t1 = g_get_monotonic_time ();
      g_assert_true (dbo_session_flush (session, &error));
      t2 = g_get_monotonic_time ();
      key_ms[i] = (t1 - t0) / 1000.0;
      save_ms[i] = (t2 - t1) / 1000.0;
      saved_ms[i] = (t2 - t0) / 1000.0;
      loop_ms[i] = run_for (20);
    }
  run_for (400);

  /* What was typed is in the model and in the file. */
  {
    DboObject *o = dbo_project_find_object (project, OBJECT_ID);
    g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(DboProject) saved = NULL;

    g_assert_no_error (error);
    saved = dbo_store_load (store, &error);
    g_assert_no_error (error);
    g_assert_nonnull (o);
    g_assert_cmpstr (o->name, ==, expected->str);
    g_assert_cmpstr (dbo_project_find_object (saved, OBJECT_ID)->name, ==, o->name);
    g_assert_cmpuint (saved->objects->len, ==, 1000);
  }

  printf ("1,000-object project, %d keys (input-method commits, digits, backspaces) typed into object %s's name:\n", N_KEYS, OBJECT_ID);
  report ("keystroke in the window", key_ms, N_KEYS, &p95, &max);
  report ("saving it (one object written)", save_ms, N_KEYS, &p95, &max);
  report ("keystroke and save", saved_ms, N_KEYS, &saved_p95, &saved_max);
  report ("longest main-loop dispatch after it", loop_ms, N_KEYS, &loop_p95, &loop_max);
  /* p95: a shared machine's disk can hold one fsync now and then. */
  ok = saved_p95 < TARGET_SAVED_MS;
  printf ("target (each edit saved in well under a frame: keystroke and save p95 < %.0f ms: %.2f ms, "
          "longest %.2f ms): %s\n", TARGET_SAVED_MS, saved_p95, saved_max, ok ? "met" : "MISSED");
  /* Not a pass/fail line: under Xvfb the frames are drawn in software. */
  printf ("the window's own work after a keystroke (layout, drawing, findings): p95 %.1f ms, longest %.1f ms "
          "(a 60 Hz frame is 16.7 ms)\n", loop_p95, loop_max);

  gtk_window_destroy (GTK_WINDOW (window));
  run_for (50);
  g_object_unref (session);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (dir);
  }
  return ok ? 0 : 1;
}
