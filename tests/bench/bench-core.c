/* Benchmark: open and check large group projects (issue 2 targets:
 * 1,000 objects open < 100 ms, checked < 50 ms; 2,000 objects < 2.2x the time). */
#include "config.h"

#include <glib/gstdio.h>

#include "dbo-calendar.h"
#include "dbo-checks.h"
#include "dbo-gen.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"
#include "dbo-store.h"
#include "dbo-xml.h"

#define RUNS 15

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return v[n / 2];
}

typedef struct {
  double open_ms, check_ms, xml_write_ms, xml_read_ms;
  gsize file_bytes;
} Figures;

static Figures
measure (const DboRuleset *rules, const DboCalendar *calendar, guint n, const char *dir)
{
  g_autoptr(DboProject) project = dbo_gen_group_project (rules, n);
  g_autofree char *path = g_strdup_printf ("%s/group-%u.dengbao", dir, n);
  g_autoptr(GError) error = NULL;
  double open_t[RUNS], check_t[RUNS], wr_t[RUNS], rd_t[RUNS];
  Figures f = { 0 };
  GDate today;
  GStatBuf st;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, 11, 2026);
  {
    g_autoptr(DboStore) store = dbo_store_create (path, project, &error);

    g_assert_no_error (error);
  }
  g_stat (path, &st);
  f.file_bytes = st.st_size;

  for (int r = 0; r < RUNS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(DboStore) store = dbo_store_open (path, &error);
      g_autoptr(DboProject) loaded = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      g_autofree char *xml = NULL;
      gsize len = 0;
      gint64 t1, t2, t3, t4;

      g_assert_no_error (error);
      loaded = dbo_store_load (store, &error);
      g_assert_no_error (error);
      t1 = g_get_monotonic_time ();
      findings = dbo_checks_run (loaded, rules, calendar, &today);
      t2 = g_get_monotonic_time ();
      xml = dbo_project_xml_write (loaded, &len);
      t3 = g_get_monotonic_time ();
      {
        g_autoptr(DboProject) again = dbo_project_xml_read (xml, len, "bench", &error);

        g_assert_no_error (error);
      }
      t4 = g_get_monotonic_time ();
      open_t[r] = (t1 - t0) / 1000.0;
      check_t[r] = (t2 - t1) / 1000.0;
      wr_t[r] = (t3 - t2) / 1000.0;
      rd_t[r] = (t4 - t3) / 1000.0;
      if (r == 0)
        g_print ("# %u objects: %u findings (%u errors)\n", n, findings->len,
                 dbo_checks_count (findings, DBO_SEVERITY_ERROR));
    }
  f.open_ms = median (open_t, RUNS);
  f.check_ms = median (check_t, RUNS);
  f.xml_write_ms = median (wr_t, RUNS);
  f.xml_read_ms = median (rd_t, RUNS);
  return f;
}

/* Issue 12, item 9: a project.xml of the 1,000-object project against the
 * size limit, and how long a hostile one (100,000 attributes on one element,
 * half a minute in libxml2 2.9) takes to be refused. */
static gboolean
measure_hostile_xml (const DboRuleset *rules)
{
  g_autoptr(DboProject) project = dbo_gen_group_project (rules, 1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  GString *hostile = g_string_new ("<?xml version=\"1.0\"?>\n<project xmlns=\"urn:dengbao:project:1\">\n<title");
  gsize len = 0;
  double t[RUNS];

  xml = dbo_project_xml_write (project, &len);
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (hostile, " a%u=\"1\"", i);
  g_string_append (hostile, ">t</title>\n</project>\n");
  for (int r = 0; r < RUNS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(DboProject) p = dbo_project_xml_read (hostile->str, hostile->len, "hostile.xml", &error);

      t[r] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_null (p);
      g_clear_error (&error);
    }
  g_print ("project.xml of 1,000 objects: %.0f kB (limit %d kB); hostile project.xml (%.0f kB, "
           "100,000 attributes) refused in %.2f ms (median of %d)\n", len / 1024.0, DBO_XML_MAX_DOCUMENT / 1024,
           hostile->len / 1024.0, median (t, RUNS), RUNS);
  g_string_free (hostile, TRUE);
  return median (t, RUNS) < 1000;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_default (&error);
  g_autoptr(DboCalendar) calendar = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dengbao-bench-XXXXXX", &error);
  Figures f1, f2;
  gboolean ok;

  g_assert_no_error (error);
  calendar = dbo_calendar_load_default (&error);
  g_assert_no_error (error);

  f1 = measure (rules, calendar, 1000, dir);
  f2 = measure (rules, calendar, 2000, dir);

  g_print ("objects  file(KB)  open+load(ms)  check(ms)  xml-write(ms)  xml-read(ms)   (median of %d)\n", RUNS);
  g_print ("%7u  %8.0f  %13.1f  %9.1f  %13.1f  %12.1f\n", 1000, f1.file_bytes / 1024.0, f1.open_ms, f1.check_ms,
           f1.xml_write_ms, f1.xml_read_ms);
  g_print ("%7u  %8.0f  %13.1f  %9.1f  %13.1f  %12.1f\n", 2000, f2.file_bytes / 1024.0, f2.open_ms, f2.check_ms,
           f2.xml_write_ms, f2.xml_read_ms);
  g_print ("ratio 2000/1000: open %.2fx, check %.2fx\n", f2.open_ms / f1.open_ms, f2.check_ms / f1.check_ms);

  ok = f1.open_ms < 100 && f1.check_ms < 50 &&
       f2.open_ms < 2.2 * f1.open_ms && f2.check_ms < 2.2 * f1.check_ms;
  g_print ("targets (open < 100 ms, check < 50 ms, 2,000 < 2.2x): %s\n", ok ? "met" : "MISSED");
  ok = measure_hostile_xml (rules) && ok;

  {
    g_autofree char *a = g_strdup_printf ("%s/group-1000.dengbao", dir);
    g_autofree char *b = g_strdup_printf ("%s/group-2000.dengbao", dir);
    g_autofree char *aw = g_strconcat (a, "-wal", NULL), *as = g_strconcat (a, "-shm", NULL);
    g_autofree char *bw = g_strconcat (b, "-wal", NULL), *bs = g_strconcat (b, "-shm", NULL);

    g_unlink (a); g_unlink (b); g_unlink (aw); g_unlink (as); g_unlink (bw); g_unlink (bs);
    g_rmdir (dir);
  }
  return ok ? 0 : 1;
}
