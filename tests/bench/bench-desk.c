/* Benchmark: a province's year at the bureau's desk (issue 17 target, on a
 * 2-core machine): 800 submission bundles of 10 objects each received with
 * full verification (documents included) in under 2 minutes, the queue
 * listed in under 100 ms, the quarterly report over them in under 1 s.
 *
 * `bench-desk [N]` uses N bundles (default 800). The bundles are exported once
 * into the build tree (tests/bench/desk-bundles-N/) and reused by later runs:
 * exporting is the mines' work, not the desk's, and is not timed. */
#include "config.h"

#include <glib/gstdio.h>
#include <time.h>

#include "dbo-bundle.h"
#include "dbo-calendar.h"
#include "dbo-credit-code.h"
#include "dbo-desk-report.h"
#include "dbo-desk.h"
#include "dbo-gen.h"
#include "dbo-ruleset.h"

#define OBJECTS_PER_BUNDLE 10

static double
seconds_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* The process's CPU time (all threads): on a shared machine the wall clock
 * also counts the time others had the cores, so both are printed. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The @i-th group company: its own id, name and a valid credit code (the
 * 9-digit organisation part numbered, the check character computed). */
static void
make_distinct (DboProject *p, guint i)
{
  g_autofree char *first17 = g_strdup_printf ("91140000%09u", 110000000 + i);
  g_autofree char *probe = g_strconcat (first17, "0", NULL);
  char check = '\0';

  if (!dbo_credit_code_validate (probe, &check, NULL))
    g_assert (check != '\0');
  g_free (p->id);
  p->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i + 1);
  g_free (p->enterprise.name);
  p->enterprise.name = g_strdup_printf ("山西第%u能源集团有限公司", i + 1);
  g_free (p->panel.organiser);
  p->panel.organiser = g_strdup (p->enterprise.name);
  g_free (p->enterprise.credit_code);
  p->enterprise.credit_code = check != '\0' ? g_strdup_printf ("%s%c", first17, check) : g_steal_pointer (&probe);
}

/* The folder of @n bundles, exported now if an earlier run did not. */
static char *
ensure_bundles (const DboRuleset *rules, const DboCalendar *calendar, guint n)
{
  g_autofree char *name = g_strdup_printf ("desk-bundles-%u", n);
  char *dir = g_build_filename (g_get_current_dir (), name, NULL);
  g_autofree char *done = g_build_filename (dir, "complete", NULL);
  GDate today;
  gint64 t0;

  if (g_file_test (done, G_FILE_TEST_EXISTS))
    return dir;
  g_mkdir_with_parents (dir, 0700);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 10, G_DATE_OCTOBER, 2026);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DboProject) p = dbo_gen_group_project (rules, OBJECTS_PER_BUNDLE);
      g_autofree char *file = g_strdup_printf ("%04u.zip", i + 1);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GError) error = NULL;

      make_distinct (p, i);
      g_unlink (path);
      if (!dbo_bundle_export (p, rules, calendar, &today, DBO_BUNDLE_SUBMISSION, path, &error))
        g_error ("export %u: %s", i + 1, error->message);
    }
  g_print ("# exported %u bundles once (not timed as the desk's work): %.1f s\n", n, seconds_since (t0));
  g_file_set_contents (done, "", 0, NULL);
  return dir;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 800;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_default (&error);
  g_autoptr(DboCalendar) calendar = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *desk_path = NULL;
  g_autoptr(DboDesk) desk = NULL;
  double receive = 0, receive_cpu, first = 0, list_best = G_MAXDOUBLE, report_time;
  guint listed = 0;
  GDate received;
  gint64 t0;

  g_assert_no_error (error);
  calendar = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  if (n == 0)
    n = 800;
  dir = ensure_bundles (rules, calendar, n);

  tmp = g_dir_make_tmp ("bench-desk-XXXXXX", &error);
  g_assert_no_error (error);
  desk_path = g_build_filename (tmp, "province.dengbao-desk", NULL);
  desk = dbo_desk_create (desk_path, "00", rules, &error);
  g_assert_no_error (error);

  /* Receipt through the year: a few bundles a working day from January on. */
  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 5, G_DATE_JANUARY, 2026);
  receive_cpu = cpu_seconds ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *file = g_strdup_printf ("%04u.zip", i + 1);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(DboDeskSubmission) s = NULL;
      DboDeskReceived what;
      double t;

      if (i > 0 && i % 3 == 0)
        g_date_add_days (&received, 1);
      t0 = g_get_monotonic_time ();
      s = dbo_desk_receive (desk, path, &received, calendar, &what, &error);
      t = seconds_since (t0);
      if (s == NULL)
        g_error ("receive %s: %s", file, error->message);
      g_assert (what == DBO_DESK_RECEIVED_NEW);
      if (i == 0)
        first = t;
      receive += t;
    }
  receive_cpu = cpu_seconds () - receive_cpu;

  for (int run = 0; run < 5; run++)
    {
      g_autoptr(GPtrArray) list = NULL;

      t0 = g_get_monotonic_time ();
      list = dbo_desk_list (desk, &error);
      g_assert_no_error (error);
      list_best = MIN (list_best, seconds_since (t0));
      listed = list->len;
    }
  g_assert_cmpuint (listed, ==, n);

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(DboDeskReport) report = dbo_desk_report_build (desk, calendar, 2026, 4, &error);
    double built = seconds_since (t0), written;
    g_autoptr(GBytes) csv = NULL;
    g_autoptr(DboDocument) doc = NULL;
    g_autoptr(GBytes) pdf = NULL;

    g_assert_no_error (error);
    csv = dbo_desk_report_csv (report);
    written = seconds_since (t0);
    doc = dbo_desk_report_document (report, rules);
    pdf = dbo_document_to_pdf_bytes (doc, &error);
    g_assert_no_error (error);
    report_time = seconds_since (t0);
    g_print ("# report: %u rows, CSV %.0f KB, PDF %d pages %.0f KB; rows %.2f s, CSV %.2f s, PDF %.2f s\n",
             report->rows->len, g_bytes_get_size (csv) / 1024.0, dbo_document_get_n_pages (doc),
             g_bytes_get_size (pdf) / 1024.0, built, written - built, report_time - written);
  }

  g_print ("# receive %u bundles of %d objects (full verification): %.1f s (target < 120 s), "
           "%.0f ms each on average, the first %.0f ms; CPU time %.1f s\n",
           n, OBJECTS_PER_BUNDLE, receive, receive * 1000 / n, first * 1000, receive_cpu);
  g_print ("# list %u submissions: %.1f ms (target < 100 ms)\n", listed, list_best * 1000);
  g_print ("# quarterly report (CSV and PDF): %.2f s (target < 1 s)\n", report_time);

  dbo_desk_close (g_steal_pointer (&desk));
  g_unlink (desk_path);
  g_rmdir (tmp);
  return 0;
}
