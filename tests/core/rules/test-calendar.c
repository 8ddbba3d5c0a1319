/* test-calendar.c — working days from the State Council notices 2021–2026
 *
 * The expected data below is transcribed independently from
 * the notices (data/calendar/README.md §2), not from the shipped XML.
 */
#include "dbo-test-utils.h"

#include <gio/gio.h>
#include <string.h>

#include "dbo-calendar.h"

static DboCalendar *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DboCalendar *cal;

  /* The embedded data, whatever overrides the environment has. */
  bytes = g_resources_lookup_data ("/io/github/dengbao/Dengbao/core/calendar/cn-workdays.xml",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  cal = dbo_calendar_load_bytes (bytes, "cn-workdays.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (cal);
  return cal;
}

static void
parse (const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dbo_date_parse (text, date, &error));
  g_assert_no_error (error);
}

static void
assert_date (const GDate *date, const char *expected)
{
  g_autofree char *text = dbo_date_format (date);

  g_assert_cmpstr (text, ==, expected);
}

/* ---- every rest range and every adjusted working day ---- */

typedef struct {
  const char *name;
  const char *start;
  const char *end;
  const char *work[3];
} Holiday;

typedef struct {
  int year;
  const char *document;
  Holiday holidays[8];
} YearData;

static const YearData years[] = {
  { 2021, "国办发明电〔2020〕27号", {
      { "元旦", "2021-01-01", "2021-01-03", { NULL } },
      { "春节", "2021-02-11", "2021-02-17", { "2021-02-07", "2021-02-20", NULL } },
      { "清明节", "2021-04-03", "2021-04-05", { NULL } },
      { "劳动节", "2021-05-01", "2021-05-05", { "2021-04-25", "2021-05-08", NULL } },
      { "端午节", "2021-06-12", "2021-06-14", { NULL } },
      { "中秋节", "2021-09-19", "2021-09-21", { "2021-09-18", NULL } },
      { "国庆节", "2021-10-01", "2021-10-07", { "2021-09-26", "2021-10-09", NULL } },
      { NULL } } },
  { 2022, "国办发明电〔2021〕11号", {
      { "元旦", "2022-01-01", "2022-01-03", { NULL } },
      { "春节", "2022-01-31", "2022-02-06", { "2022-01-29", "2022-01-30", NULL } },
      { "清明节", "2022-04-03", "2022-04-05", { "2022-04-02", NULL } },
      { "劳动节", "2022-04-30", "2022-05-04", { "2022-04-24", "2022-05-07", NULL } },
      { "端午节", "2022-06-03", "2022-06-05", { NULL } },
      { "中秋节", "2022-09-10", "2022-09-12", { NULL } },
      { "国庆节", "2022-10-01", "2022-10-07", { "2022-10-08", "2022-10-09", NULL } },
      { NULL } } },
  { 2023, "国办发明电〔2022〕16号", {
      { "元旦", "2022-12-31", "2023-01-02", { NULL } },
      { "春节", "2023-01-21", "2023-01-27", { "2023-01-28", "2023-01-29", NULL } },
      { "清明节", "2023-04-05", "2023-04-05", { NULL } },
      { "劳动节", "2023-04-29", "2023-05-03", { "2023-04-23", "2023-05-06", NULL } },
      { "端午节", "2023-06-22", "2023-06-24", { "2023-06-25", NULL } },
      { "中秋节、国庆节", "2023-09-29", "2023-10-06", { "2023-10-07", "2023-10-08", NULL } },
      { NULL } } },
  { 2024, "国办发明电〔2023〕7号", {
      { "元旦", "2024-01-01", "2024-01-01", { NULL } },
      { "春节", "2024-02-10", "2024-02-17", { "2024-02-04", "2024-02-18", NULL } },
      { "清明节", "2024-04-04", "2024-04-06", { "2024-04-07", NULL } },
      { "劳动节", "2024-05-01", "2024-05-05", { "2024-04-28", "2024-05-11", NULL } },
      { "端午节", "2024-06-10", "2024-06-10", { NULL } },
      { "中秋节", "2024-09-15", "2024-09-17", { "2024-09-14", NULL } },
      { "国庆节", "2024-10-01", "2024-10-07", { "2024-09-29", "2024-10-12", NULL } },
      { NULL } } },
  { 2025, "国办发明电〔2024〕12号", {
      { "元旦", "2025-01-01", "2025-01-01", { NULL } },
      { "春节", "2025-01-28", "2025-02-04", { "2025-01-26", "2025-02-08", NULL } },
      { "清明节", "2025-04-04", "2025-04-06", { NULL } },
      { "劳动节", "2025-05-01", "2025-05-05", { "2025-04-27", NULL } },
      { "端午节", "2025-05-31", "2025-06-02", { NULL } },
      { "国庆节、中秋节", "2025-10-01", "2025-10-08", { "2025-09-28", "2025-10-11", NULL } },
      { NULL } } },
  { 2026, "国办发明电〔2025〕7号", {
      { "元旦", "2026-01-01", "2026-01-03", { "2026-01-04", NULL } },
      { "春节", "2026-02-15", "2026-02-23", { "2026-02-14", "2026-02-28", NULL } },
      { "清明节", "2026-04-04", "2026-04-06", { NULL } },
      { "劳动节", "2026-05-01", "2026-05-05", { "2026-05-09", NULL } },
      { "端午节", "2026-06-19", "2026-06-21", { NULL } },
      { "中秋节", "2026-09-25", "2026-09-27", { NULL } },
      { "国庆节", "2026-10-01", "2026-10-07", { "2026-09-20", "2026-10-10", NULL } },
      { NULL } } },
};

static void
test_holiday (gconstpointer data)
{
  const Holiday *h = data;
  g_autoptr(DboCalendar) cal = load_shipped ();
  GDate start, end, d;
  int days = 0;

  parse (h->start, &start);
  parse (h->end, &end);
  g_assert_cmpint (g_date_compare (&start, &end), <=, 0);

  /* Every day of the range is off, weekday or not, and none is a fallback. */
  for (d = start; g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 1))
    {
      gboolean fallback = TRUE;
      g_autofree char *text = dbo_date_format (&d);

      if (dbo_calendar_is_working_day (cal, &d, &fallback))
        g_error ("%s (%s) should be a rest day", text, h->name);
      g_assert_false (fallback);
      days++;
    }
  g_assert_cmpint (days, >=, 1);
  g_assert_cmpint (days, <=, 9);

  for (int i = 0; h->work[i] != NULL; i++)
    {
      gboolean fallback = TRUE;
      GDateWeekday wd;

      parse (h->work[i], &d);
      wd = g_date_get_weekday (&d);
      /* The notices only ever move weekend days. */
      g_assert_true (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY);
      if (!dbo_calendar_is_working_day (cal, &d, &fallback))
        g_error ("%s (adjusted for %s) should be a working day", h->work[i], h->name);
      g_assert_false (fallback);
    }
}

/* Outside the listed days, a data year is plain Monday–Friday. */
static void
test_year_rest_count (gconstpointer data)
{
  const YearData *y = data;
  g_autoptr(DboCalendar) cal = load_shipped ();
  GDate d, end;
  int off_weekdays = 0, worked_weekends = 0, expected_off = 0, expected_worked = 0;

  g_assert_true (dbo_calendar_has_year (cal, y->year));

  g_date_clear (&d, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, y->year);
  g_date_set_dmy (&end, 31, G_DATE_DECEMBER, y->year);
  for (; g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 1))
    {
      GDateWeekday wd = g_date_get_weekday (&d);
      gboolean weekend = wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
      gboolean fallback = TRUE;
      gboolean working = dbo_calendar_is_working_day (cal, &d, &fallback);

      g_assert_false (fallback);
      if (!weekend && !working)
        off_weekdays++;
      if (weekend && working)
        worked_weekends++;
    }

  /* Count the same from the table: weekdays inside ranges of this year,
   * plus those of next year's ranges that reach back into it. */
  for (gsize k = 0; k < G_N_ELEMENTS (years); k++)
    for (int i = 0; years[k].holidays[i].name != NULL; i++)
      {
        const Holiday *h = &years[k].holidays[i];
        GDate s, e;

        parse (h->start, &s);
        parse (h->end, &e);
        for (; g_date_compare (&s, &e) <= 0; g_date_add_days (&s, 1))
          {
            GDateWeekday wd = g_date_get_weekday (&s);

            if ((int) g_date_get_year (&s) == y->year && wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY)
              expected_off++;
          }
        for (int w = 0; h->work[w] != NULL; w++)
          {
            GDate wdate;

            parse (h->work[w], &wdate);
            if ((int) g_date_get_year (&wdate) == y->year)
              expected_worked++;
          }
      }
  g_assert_cmpint (off_weekdays, ==, expected_off);
  g_assert_cmpint (worked_weekends, ==, expected_worked);
}

static void
test_range (void)
{
  g_autoptr(DboCalendar) cal = load_shipped ();
  int first = 0, last = 0;

  dbo_calendar_get_range (cal, &first, &last);
  g_assert_cmpint (first, ==, 2021);
  g_assert_cmpint (last, ==, 2026);
  for (int y = 2021; y <= 2026; y++)
    g_assert_true (dbo_calendar_has_year (cal, y));
  g_assert_false (dbo_calendar_has_year (cal, 2020));
  g_assert_false (dbo_calendar_has_year (cal, 2027));
}

/* The shipped XML names each year's notice. */
static void
test_documents (void)
{
  g_autofree char *path = dbo_test_source_path ("data", "calendar", "cn-workdays.xml", NULL);
  g_autofree char *xml = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  for (gsize k = 0; k < G_N_ELEMENTS (years); k++)
    {
      g_autofree char *needle = g_strdup_printf ("<year value=\"%d\" document=\"%s\"",
                                                 years[k].year, years[k].document);

      g_assert_nonnull (strstr (xml, needle));
    }
}

/* ---- single days ---- */

typedef struct {
  const char *date;
  gboolean working;
  gboolean fallback;
} DayCase;

static const DayCase day_cases[] = {
  { "2024-02-09", TRUE, FALSE },    /* 除夕 2024 is not an official rest day */
  { "2024-02-18", TRUE, FALSE },    /* Sunday worked */
  { "2024-02-19", TRUE, FALSE },
  { "2022-12-31", FALSE, FALSE },   /* 2023's 元旦 reaching back */
  { "2022-12-30", TRUE, FALSE },
  { "2023-01-03", TRUE, FALSE },
  { "2021-06-15", TRUE, FALSE },
  { "2021-06-19", FALSE, FALSE },   /* an ordinary Saturday */
  { "2021-06-20", FALSE, FALSE },   /* an ordinary Sunday */
  { "2025-01-27", TRUE, FALSE },    /* the Monday before 除夕 2025 */
  { "2025-01-28", FALSE, FALSE },   /* 除夕 2025 is a rest day under the 2025 rule */
  { "2026-12-31", TRUE, FALSE },
  /* Years without data: Monday–Friday, flagged. */
  { "2027-01-01", TRUE, TRUE },     /* a Friday; no data, so it counts */
  { "2027-01-02", FALSE, TRUE },
  { "2027-10-01", TRUE, TRUE },
  { "2020-01-24", TRUE, TRUE },
  { "2020-10-01", TRUE, TRUE },
  { "2020-12-31", TRUE, TRUE },
  { "2020-12-27", FALSE, TRUE },
};

static void
test_day (gconstpointer data)
{
  const DayCase *c = data;
  g_autoptr(DboCalendar) cal = load_shipped ();
  gboolean fallback = !c->fallback;
  GDate d;

  parse (c->date, &d);
  g_assert_cmpint (dbo_calendar_is_working_day (cal, &d, &fallback), ==, c->working);
  g_assert_cmpint (fallback, ==, c->fallback);
  /* The out-parameter is optional. */
  g_assert_cmpint (dbo_calendar_is_working_day (cal, &d, NULL), ==, c->working);
}

/* ---- sums of working days ---- */

typedef struct {
  const char *from;
  int n;
  const char *expected;
  gboolean fallback;
} SumCase;

static const SumCase sum_cases[] = {
  /* 国庆 2026: 10-01..10-07 off, 10-10 Saturday worked. */
  { "2026-09-30", 5, "2026-10-13", FALSE },
  { "2026-09-30", 1, "2026-10-08", FALSE },
  { "2026-09-30", 3, "2026-10-10", FALSE },
  { "2026-09-30", 4, "2026-10-12", FALSE },
  { "2026-09-18", 1, "2026-09-20", FALSE },   /* Friday → Sunday worked */
  { "2026-09-24", 1, "2026-09-28", FALSE },   /* 中秋 09-25..27 */
  /* 春节 2025: 01-28..02-04 off. */
  { "2025-01-27", 1, "2025-02-05", FALSE },
  { "2025-01-24", 1, "2025-01-26", FALSE },   /* Sunday 01-26 worked */
  { "2025-02-07", 1, "2025-02-08", FALSE },   /* Saturday 02-08 worked */
  /* 春节 2024: 02-09 Friday is worked (除夕 not official), 02-18 Sunday worked. */
  { "2024-02-08", 1, "2024-02-09", FALSE },
  { "2024-02-08", 2, "2024-02-18", FALSE },
  { "2024-02-08", 3, "2024-02-19", FALSE },
  { "2024-02-09", 1, "2024-02-18", FALSE },
  { "2024-09-30", 5, "2024-10-12", FALSE },   /* Saturday 10-12 worked */
  { "2024-12-31", 1, "2025-01-02", FALSE },
  /* 2021 */
  { "2020-12-31", 1, "2021-01-04", FALSE },   /* only days after `from` are examined */
  { "2021-02-10", 1, "2021-02-18", FALSE },
  { "2021-02-10", 3, "2021-02-20", FALSE },
  { "2021-04-30", 1, "2021-05-06", FALSE },
  { "2021-04-30", 3, "2021-05-08", FALSE },
  { "2021-09-17", 1, "2021-09-18", FALSE },
  { "2021-09-30", 1, "2021-10-08", FALSE },
  { "2021-09-30", 2, "2021-10-09", FALSE },
  { "2021-09-30", 3, "2021-10-11", FALSE },
  /* 2022 */
  { "2022-01-28", 1, "2022-01-29", FALSE },
  { "2022-01-28", 3, "2022-02-07", FALSE },
  { "2022-04-01", 1, "2022-04-02", FALSE },
  { "2022-04-01", 2, "2022-04-06", FALSE },
  { "2022-09-30", 1, "2022-10-08", FALSE },
  { "2022-09-30", 3, "2022-10-10", FALSE },
  { "2022-12-30", 1, "2023-01-03", FALSE },   /* 12-31 off by the 2023 notice */
  /* 2023 */
  { "2023-04-04", 1, "2023-04-06", FALSE },
  { "2023-06-21", 1, "2023-06-25", FALSE },
  { "2023-09-28", 1, "2023-10-07", FALSE },
  { "2023-09-28", 3, "2023-10-09", FALSE },
  { "2023-01-20", 1, "2023-01-28", FALSE },
  /* 2026 */
  { "2025-12-31", 1, "2026-01-04", FALSE },
  { "2026-02-13", 1, "2026-02-14", FALSE },
  { "2026-02-13", 2, "2026-02-24", FALSE },
  { "2026-04-30", 1, "2026-05-06", FALSE },
  { "2026-04-30", 3, "2026-05-08", FALSE },
  { "2026-04-30", 4, "2026-05-09", FALSE },   /* Saturday 05-09 worked */
  /* The 10 working days of the police, across 国庆 2021. */
  { "2021-09-24", 10, "2021-10-13", FALSE },
  /* Zero returns the day itself. */
  { "2026-10-01", 0, "2026-10-01", FALSE },
  { "2027-03-03", 0, "2027-03-03", FALSE },
  /* Crossing into a year without data. */
  { "2026-12-30", 1, "2026-12-31", FALSE },
  { "2026-12-30", 2, "2027-01-01", TRUE },
  { "2026-12-30", 3, "2027-01-04", TRUE },
  { "2026-12-31", 1, "2027-01-01", TRUE },
  { "2027-01-01", 1, "2027-01-04", TRUE },
  { "2027-06-01", 10, "2027-06-15", TRUE },
  { "2020-01-23", 1, "2020-01-24", TRUE },
  { "2020-12-30", 1, "2020-12-31", TRUE },
  { "2020-12-30", 2, "2021-01-04", TRUE },
  /* Backwards. */
  { "2026-10-08", -1, "2026-09-30", FALSE },
  { "2026-10-13", -5, "2026-09-30", FALSE },
  { "2021-01-04", -1, "2020-12-31", TRUE },
};

static void
test_sum (gconstpointer data)
{
  const SumCase *c = data;
  g_autoptr(DboCalendar) cal = load_shipped ();
  DboCalendarResult r;
  GDate from;

  parse (c->from, &from);
  r = dbo_calendar_add_working_days (cal, &from, c->n);
  g_assert_true (g_date_valid (&r.date));
  assert_date (&r.date, c->expected);
  g_assert_cmpint (r.fallback, ==, c->fallback);
}

static void
test_add_days (void)
{
  g_autoptr(DboCalendar) cal = load_shipped ();
  DboCalendarResult r;
  GDate from;

  parse ("2021-06-01", &from);
  r = dbo_calendar_add_days (cal, &from, 30);
  assert_date (&r.date, "2021-07-01");
  g_assert_false (r.fallback);

  /* Calendar days ignore holidays and never fall back. */
  parse ("2026-12-15", &from);
  r = dbo_calendar_add_days (cal, &from, 30);
  assert_date (&r.date, "2027-01-14");
  g_assert_false (r.fallback);

  parse ("2024-02-10", &from);
  r = dbo_calendar_add_days (cal, &from, 0);
  assert_date (&r.date, "2024-02-10");
  r = dbo_calendar_add_days (cal, &from, 20);
  assert_date (&r.date, "2024-03-01");     /* 2024 is a leap year */
  r = dbo_calendar_add_days (cal, &from, -10);
  assert_date (&r.date, "2024-01-31");
}

/* ---- dates ---- */

static const char *good_dates[][2] = {
  { "2021-03-01", "2021-03-01" },
  { "2024-02-29", "2024-02-29" },
  { "2000-02-29", "2000-02-29" },
  { "1999-12-31", "1999-12-31" },
  { "0001-01-01", "0001-01-01" },
};

static void
test_date_parse_good (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_dates); i++)
    {
      GDate d;

      parse (good_dates[i][0], &d);
      assert_date (&d, good_dates[i][1]);
    }
}

typedef struct {
  const char *text;
  const char *in_message;
} BadDate;

static const BadDate bad_dates[] = {
  { "2026-02-30", "“2026-02-30” is not a real date" },
  { "2025-02-29", "“2025-02-29” is not a real date" },
  { "1900-02-29", "not a real date" },
  { "2026-13-01", "not a real date" },
  { "2026-00-10", "not a real date" },
  { "2026-01-00", "not a real date" },
  { "2026-04-31", "not a real date" },
  { "0000-01-01", "not a real date" },
  { "2026-1-5", "“2026-1-5” is not a date in the form YYYY-MM-DD" },
  { "26-01-05", "YYYY-MM-DD" },
  { "2026/01/05", "“2026/01/05”" },
  { " 2026-01-05", "YYYY-MM-DD" },
  { "2026-01-05 ", "YYYY-MM-DD" },
  { "2026-01-05T00:00:00", "“2026-01-05T00:00:00”" },
  { "20260105", "YYYY-MM-DD" },
  { "+2026-01-05", "YYYY-MM-DD" },
  { "２０２６-01-05", "YYYY-MM-DD" },
  { "abcd-ef-gh", "“abcd-ef-gh”" },
  { "", "No date given" },
  { NULL, "No date given" },
};

static void
test_date_parse_bad (gconstpointer data)
{
  const BadDate *c = data;
  g_autoptr(GError) error = NULL;
  GDate d;

  g_assert_false (dbo_date_parse (c->text, &d, &error));
  g_assert_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_DATE);
  if (strstr (error->message, c->in_message) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, c->in_message);
}

static void
test_date_format (void)
{
  GDate d;
  g_autofree char *text = NULL;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 5, G_DATE_MARCH, 2021);
  text = dbo_date_format (&d);
  g_assert_cmpstr (text, ==, "2021-03-05");
}

/* ---- replacement and broken files ---- */

#define FILE_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
                  "<calendar xmlns=\"urn:dengbao:calendar:1\" version=\"1\" updated=\"2026-11-01\">\n" \
                  "  <year value=\"2027\" document=\"test notice\">\n"
#define FILE_TAIL "  </year>\n</calendar>\n"

/* Invented 2027 data (the real notice is not out): enough to tell it apart. */
static const char year_2027[] =
  "  <year value=\"2027\" document=\"国办发明电〔2026〕test\" issued=\"2026-11-01\">\n"
  "    <holiday name=\"元旦\" start=\"2027-01-01\" end=\"2027-01-03\"/>\n"
  "    <holiday name=\"春节\" start=\"2027-02-05\" end=\"2027-02-12\">\n"
  "      <workday date=\"2027-02-14\"/>\n"
  "    </holiday>\n"
  "  </year>\n";

/* The shipped file with 2027 added before its end. */
static char *
shipped_plus_2027 (void)
{
  g_autofree char *path = dbo_test_source_path ("data", "calendar", "cn-workdays.xml", NULL);
  g_autofree char *xml = NULL;
  char *end;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  end = strstr (xml, "</calendar>");
  g_assert_nonnull (end);
  *end = '\0';
  return g_strconcat (xml, year_2027, "</calendar>\n", NULL);
}

static char *
write_temp (const char *dir, const char *name, const char *content)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_2027_known (DboCalendar *cal)
{
  GDate d;
  gboolean fallback = TRUE;
  DboCalendarResult r;
  int first, last;

  g_assert_true (dbo_calendar_has_year (cal, 2027));
  dbo_calendar_get_range (cal, &first, &last);
  g_assert_cmpint (first, ==, 2021);
  g_assert_cmpint (last, ==, 2027);

  parse ("2027-01-01", &d);
  g_assert_false (dbo_calendar_is_working_day (cal, &d, &fallback));
  g_assert_false (fallback);
  parse ("2027-02-14", &d);
  g_assert_true (dbo_calendar_is_working_day (cal, &d, &fallback));
  g_assert_false (fallback);

  parse ("2026-12-30", &d);
  r = dbo_calendar_add_working_days (cal, &d, 2);
  assert_date (&r.date, "2027-01-04");
  g_assert_false (r.fallback);

  /* The old years are still there. */
  parse ("2026-09-30", &d);
  r = dbo_calendar_add_working_days (cal, &d, 5);
  assert_date (&r.date, "2026-10-13");
  g_assert_false (r.fallback);
}

static void
test_replacement_file (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *xml = shipped_plus_2027 ();
  g_autofree char *path = write_temp (dir, "calendar.xml", xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = NULL;

  cal = dbo_calendar_load_file (path, &error);
  g_assert_no_error (error);
  assert_2027_known (cal);
}

static void
test_default_override_env (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *xml = shipped_plus_2027 ();
  g_autofree char *path = write_temp (dir, "newer.xml", xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = NULL;
  g_autoptr(DboCalendar) plain = NULL;

  plain = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  g_assert_false (dbo_calendar_has_year (plain, 2027));

  g_setenv ("DENGBAO_CALENDAR", path, TRUE);
  cal = dbo_calendar_load_default (&error);
  g_unsetenv ("DENGBAO_CALENDAR");
  g_assert_no_error (error);
  assert_2027_known (cal);
}

static void
test_default_override_user_dir (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "dengbao", NULL);
  g_autofree char *xml = shipped_plus_2027 ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = write_temp (dir, "calendar.xml", xml);
  cal = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  assert_2027_known (cal);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

typedef struct {
  const char *what;
  const char *content;
} OverrideCase;

static const OverrideCase ignored_overrides[] = {
  { "broken", "<calendar xmlns=\"urn:dengbao:calendar:1\"" },
  { "only 2027", FILE_HEAD "    <holiday name=\"元旦\" start=\"2027-01-01\" end=\"2027-01-03\"/>\n" FILE_TAIL },
  { "inconsistent", FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-05\" end=\"2027-05-01\"/>\n" FILE_TAIL },
};

/* A bad or incomplete replacement leaves the shipped data in force. */
static void
test_default_override_ignored (gconstpointer data)
{
  const OverrideCase *c = data;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "dengbao", NULL);
  g_autofree char *tmp = dbo_test_mkdtemp ();
  g_autofree char *path = NULL;
  g_autofree char *env_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = NULL;
  g_autoptr(DboCalendar) cal2 = NULL;
  DboCalendarResult r;
  GDate d;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = write_temp (dir, "calendar.xml", c->content);
  cal = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  g_assert_true (dbo_calendar_has_year (cal, 2021));
  g_assert_true (dbo_calendar_has_year (cal, 2026));
  g_assert_false (dbo_calendar_has_year (cal, 2027));
  parse ("2026-09-30", &d);
  r = dbo_calendar_add_working_days (cal, &d, 5);
  assert_date (&r.date, "2026-10-13");

  /* The same through the environment variable, and a missing file. */
  env_path = write_temp (tmp, "env.xml", c->content);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_setenv ("DENGBAO_CALENDAR", env_path, TRUE);
  cal2 = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  g_assert_false (dbo_calendar_has_year (cal2, 2027));
  g_assert_true (dbo_calendar_has_year (cal2, 2024));
  g_setenv ("DENGBAO_CALENDAR", "/nonexistent/calendar.xml", TRUE);
  g_clear_pointer (&cal2, dbo_calendar_unref);
  cal2 = dbo_calendar_load_default (&error);
  g_unsetenv ("DENGBAO_CALENDAR");
  g_assert_no_error (error);
  g_assert_true (dbo_calendar_has_year (cal2, 2024));
}

typedef struct {
  const char *what;
  const char *content;
  const char *in_message;         /* the message names the file and this */
} BrokenCase;

/* Line 4 is the first line after FILE_HEAD. */
static const BrokenCase broken_files[] = {
  { "end-before-start",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-05\" end=\"2027-05-01\"/>\n" FILE_TAIL,
    ":4: the rest range ends (2027-05-01) before it starts (2027-05-05)" },
  { "end-wrong-year",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-01-01\" end=\"2027-01-02\"/>\n"
              "    <holiday name=\"y\" start=\"2028-01-01\" end=\"2028-01-02\"/>\n" FILE_TAIL,
    ":5: start=\"2028-01-01\" is not in the year 2027" },
  { "range-in-previous-year",
    FILE_HEAD "    <holiday name=\"x\" start=\"2026-12-01\" end=\"2026-12-02\"/>\n" FILE_TAIL,
    ":4: end=\"2026-12-02\" is not in the year 2027" },
  { "workday-wrong-year",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-03\">\n"
              "      <workday date=\"2025-05-10\"/>\n"
              "    </holiday>\n" FILE_TAIL,
    ":5: date=\"2025-05-10\" is not in the year 2027" },
  { "rest-and-work",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-05\">\n"
              "      <workday date=\"2027-05-02\"/>\n"
              "    </holiday>\n" FILE_TAIL,
    ":5: 2027-05-02 is listed as a working day but is inside the rest range on line 4" },
  { "rest-and-work-across-holidays",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-05\"/>\n"
              "    <holiday name=\"y\" start=\"2027-10-01\" end=\"2027-10-07\">\n"
              "      <workday date=\"2027-05-01\"/>\n"
              "    </holiday>\n" FILE_TAIL,
    ":6: 2027-05-01 is listed as a working day but is inside the rest range on line 4" },
  { "workday-on-weekday",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-03\">\n"
              "      <workday date=\"2027-05-06\"/>\n"
              "    </holiday>\n" FILE_TAIL,
    ":5: 2027-05-06 is a weekday" },
  { "overlap",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-05\"/>\n"
              "    <holiday name=\"y\" start=\"2027-05-05\" end=\"2027-05-06\"/>\n" FILE_TAIL,
    ":5: 2027-05-05 is already in the rest range on line 4" },
  { "workday-twice",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\" end=\"2027-05-03\">\n"
              "      <workday date=\"2027-05-08\"/>\n"
              "      <workday date=\"2027-05-08\"/>\n"
              "    </holiday>\n" FILE_TAIL,
    ":6: 2027-05-08 is listed twice" },
  { "year-twice",
    FILE_HEAD "  </year>\n  <year value=\"2027\" document=\"again\">\n" FILE_TAIL,
    "line 5" },
  { "impossible-date",
    FILE_HEAD "    <holiday name=\"x\" start=\"2027-02-30\" end=\"2027-03-01\"/>\n" FILE_TAIL,
    "line 4" },
  { "missing-document",
    "<?xml version=\"1.0\"?>\n<calendar xmlns=\"urn:dengbao:calendar:1\" version=\"1\" updated=\"2026-11-01\">\n"
    "  <year value=\"2027\"/>\n</calendar>\n",
    "line 3" },
  { "wrong-namespace",
    "<?xml version=\"1.0\"?>\n<calendar xmlns=\"urn:example:other\" version=\"1\" updated=\"2026-11-01\">\n"
    "  <year value=\"2027\" document=\"x\"/>\n</calendar>\n",
    "line 2" },
  { "not-xml", "holidays: 2027-01-01", "not well-formed" },
  { "truncated", FILE_HEAD "    <holiday name=\"x\" start=\"2027-05-01\"", "not well-formed" },
  { "empty", "", "empty" },
  { "dtd",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE calendar [<!ENTITY x \"2027-01-01\">]>\n"
    "<calendar xmlns=\"urn:dengbao:calendar:1\" version=\"1\" updated=\"2026-11-01\">\n"
    "  <year value=\"2027\" document=\"x\"><holiday name=\"a\" start=\"&x;\" end=\"&x;\"/></year>\n</calendar>\n",
    "DOCTYPE" },
};

static void
test_broken_file (gconstpointer data)
{
  const BrokenCase *c = data;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = write_temp (dir, "broken.xml", c->content);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = NULL;

  cal = dbo_calendar_load_file (path, &error);
  g_assert_null (cal);
  g_assert_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  if (strstr (error->message, path) == NULL || strstr (error->message, c->in_message) == NULL)
    g_error ("%s: message “%s” should name %s and say “%s”", c->what, error->message, path,
             c->in_message);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = dbo_calendar_load_file ("/nonexistent/dir/calendar.xml", &error);

  g_assert_null (cal);
  g_assert_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/calendar.xml"));
}

/* A notice may start the New Year break in December of the previous year. */
static void
test_previous_december (void)
{
  static const char content[] =
    FILE_HEAD "    <holiday name=\"元旦\" start=\"2026-12-31\" end=\"2027-01-02\">\n"
              "      <workday date=\"2026-12-27\"/>\n"
              "    </holiday>\n" FILE_TAIL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (content, sizeof content - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboCalendar) cal = dbo_calendar_load_bytes (bytes, "test", &error);
  gboolean fallback = FALSE;
  GDate d;

  g_assert_no_error (error);
  g_assert_false (dbo_calendar_has_year (cal, 2026));
  parse ("2026-12-31", &d);
  /* Off by the 2027 notice, though 2026 itself has no data here. */
  g_assert_false (dbo_calendar_is_working_day (cal, &d, &fallback));
  g_assert_true (fallback);
  parse ("2026-12-27", &d);
  g_assert_true (dbo_calendar_is_working_day (cal, &d, &fallback));
}

static void
test_refcount (void)
{
  DboCalendar *cal = load_shipped ();

  g_assert_true (dbo_calendar_ref (cal) == cal);
  dbo_calendar_unref (cal);
  g_assert_true (dbo_calendar_has_year (cal, 2021));
  dbo_calendar_unref (cal);
  dbo_calendar_unref (NULL);
}

/* Dates as people type them are read; anything else, or a day that does
 * not exist, is not. */
static void
test_date_parse_lenient (void)
{
  static const char *const good[] = { "2019-6-1", "2019/06/01", "2019.6.1", "2019年6月1日", " 2019-06-01 ",
                                      "2019 年 6 月 1 日" };
  static const char *const bad[] = { "2019-13-1", "2019-2-30", "19-6-1", "2019-6", "2019-6-1x", "", "六月" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      GDate d;
      g_autofree char *iso = NULL;

      if (!dbo_date_parse_lenient (good[i], &d))
        g_error ("“%s” not read", good[i]);
      iso = dbo_date_format (&d);
      g_assert_cmpstr (iso, ==, "2019-06-01");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate d;

      if (dbo_date_parse_lenient (bad[i], &d))
        g_error ("“%s” read as a date", bad[i]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/calendar/range", test_range);
  g_test_add_func ("/calendar/documents", test_documents);
  for (gsize k = 0; k < G_N_ELEMENTS (years); k++)
    {
      g_autofree char *ypath = g_strdup_printf ("/calendar/year/%d", years[k].year);

      g_test_add_data_func (ypath, &years[k], test_year_rest_count);
      for (int i = 0; years[k].holidays[i].name != NULL; i++)
        {
          g_autofree char *path = g_strdup_printf ("/calendar/holiday/%d/%d-%s", years[k].year, i,
                                                   years[k].holidays[i].start);

          g_test_add_data_func (path, &years[k].holidays[i], test_holiday);
        }
    }
  for (gsize i = 0; i < G_N_ELEMENTS (day_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/day/%s", day_cases[i].date);

      g_test_add_data_func (path, &day_cases[i], test_day);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (sum_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/working-days/%s%+d", sum_cases[i].from,
                                               sum_cases[i].n);

      g_test_add_data_func (path, &sum_cases[i], test_sum);
    }
  g_test_add_func ("/calendar/calendar-days", test_add_days);
  g_test_add_func ("/calendar/date/parse-good", test_date_parse_good);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/date/parse-bad/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &bad_dates[i], test_date_parse_bad);
    }
  g_test_add_func ("/calendar/date/format", test_date_format);
  g_test_add_func ("/calendar/file/replacement", test_replacement_file);
  g_test_add_func ("/calendar/file/previous-december", test_previous_december);
  g_test_add_func ("/calendar/file/missing", test_missing_file);
  g_test_add_func ("/calendar/default/env", test_default_override_env);
  g_test_add_func ("/calendar/default/user-dir", test_default_override_user_dir);
  for (gsize i = 0; i < G_N_ELEMENTS (ignored_overrides); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/default/ignored/%s", ignored_overrides[i].what);

      g_test_add_data_func (path, &ignored_overrides[i], test_default_override_ignored);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (broken_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/file/broken/%s", broken_files[i].what);

      g_test_add_data_func (path, &broken_files[i], test_broken_file);
    }
  g_test_add_func ("/calendar/refcount", test_refcount);
  g_test_add_func ("/calendar/date-parse-lenient", test_date_parse_lenient);

  return g_test_run ();
}
