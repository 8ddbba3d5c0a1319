/* dengbao-cli: the built binary, run as a user would. */
#include "dbo-test-utils.h"

#include <json-glib/json-glib.h>
#include <poppler.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A failing command: exit 2, exactly one line on stderr, nothing on stdout. */
static void
assert_usage_error (const char * const *argv, const char *part)
{
  g_autofree char *out = NULL, *err = NULL;
  int rc = dbo_test_run_cli (argv, &out, &err);

  g_test_message ("stderr: %s", err);
  g_assert_cmpint (rc, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "dengbao-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  if (part)
    g_assert_nonnull (strstr (err, part));
}

static void
test_help (void)
{
  static const char *commands[] = { "new", "import", "export-xml", "check", "grade", "deadline", "route", "show" };
  const char *argv[] = { "--help", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *cargv[] = { commands[i], "--help", NULL };
      g_autofree char *cout = NULL;

      g_assert_nonnull (strstr (out, commands[i]));
      g_assert_cmpint (dbo_test_run_cli (cargv, &cout, NULL), ==, 0);
      g_assert_nonnull (strstr (cout, commands[i]));
    }
}

static void
test_bad_usage (void)
{
  const char *a1[] = { "frobnicate", NULL };
  const char *a2[] = { "grade", "--business", "social:general", NULL };
  const char *a3[] = { "grade", "--business", "social:terrible", "--service", "none", NULL };
  const char *a4[] = { "grade", "--business", "martian:general", "--service", "none", NULL };
  const char *a5[] = { "deadline", "--from", "2026-02-30", "--working-days", "5", NULL };
  const char *a6[] = { "deadline", "--from", "2026-09-30", NULL };
  const char *a7[] = { "check", NULL };
  const char *a8[] = { "check", "/nonexistent/x.dengbao", NULL };
  const char *a9[] = { "show", "a", "b", NULL };
  const char *a10[] = { "check", "--jsno", "x", NULL };
  const char *a11[] = { "deadline", "--from", "2026-09-30", "--working-days", "-3", NULL };

  assert_usage_error (a1, "frobnicate");
  assert_usage_error (a2, "--service");
  assert_usage_error (a3, "terrible");
  assert_usage_error (a4, "martian");
  assert_usage_error (a5, "2026-02-30");
  assert_usage_error (a6, "--working-days");
  assert_usage_error (a7, "missing");
  assert_usage_error (a8, "/nonexistent/x.dengbao");
  assert_usage_error (a9, "'b'");
  assert_usage_error (a10, "jsno");
  assert_usage_error (a11, "--working-days");
}

typedef struct {
  const char *business;
  const char *service;
  int b, s, level;
} GradeCase;

static const GradeCase grade_cases[] = {
  { "citizen:general", "none", 1, 1, 1 },
  { "citizen:serious", "none", 2, 1, 2 },
  { "citizen:especially-serious", "none", 2, 1, 2 },
  { "social:general", "none", 2, 1, 2 },
  { "social:serious", "none", 3, 1, 3 },
  { "social:especially-serious", "none", 4, 1, 4 },
  { "national:general", "none", 3, 1, 3 },
  { "national:serious", "none", 4, 1, 4 },
  { "national:especially-serious", "none", 5, 1, 5 },
  { "none", "social:serious", 1, 3, 3 },
  { "citizen:serious,social:general", "citizen:general", 2, 1, 2 },
  { "citizen:especially-serious,national:general", "social:especially-serious", 3, 4, 4 },
  { "none", "none", 1, 1, 1 },
};

static void
test_grade (gconstpointer data)
{
  const GradeCase *c = data;
  const char *argv[] = { "grade", "--business", c->business, "--service", c->service, "--json", NULL };
  const char *text_argv[] = { "grade", "--business", c->business, "--service", c->service, NULL };
  g_autofree char *out = NULL, *text = NULL;
  g_autoptr(JsonObject) obj = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  obj = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (obj, "business"), ==, c->b);
  g_assert_cmpint (json_object_get_int_member (obj, "service"), ==, c->s);
  g_assert_cmpint (json_object_get_int_member (obj, "level"), ==, c->level);

  g_assert_cmpint (dbo_test_run_cli (text_argv, &text, NULL), ==, 0);
  g_assert_nonnull (strstr (text, "业务信息安全"));
  g_assert_nonnull (strstr (text, "取两者较高者"));
}

typedef struct {
  const char *from;
  const char *days;
  const char *date;
  const char *calendar;
} DeadlineCase;

static const DeadlineCase deadline_cases[] = {
  { "2026-09-30", "5", "2026-10-13", "complete" },   /* 国庆 2026, Sat 10-10 works */
  { "2026-09-28", "5", "2026-10-10", "complete" },
  { "2025-01-27", "1", "2025-02-05", "complete" },   /* 春节 2025 */
  { "2021-09-17", "1", "2021-09-18", "complete" },   /* Sat 2021-09-18 is a working day */
  { "2026-11-24", "0", "2026-11-24", "complete" },
  { "2027-03-01", "3", "2027-03-04", "fallback" },
  { "2026-12-30", "3", "2027-01-04", "fallback" },
};

static void
test_deadline (gconstpointer data)
{
  const DeadlineCase *c = data;
  const char *argv[] = { "deadline", "--from", c->from, "--working-days", c->days, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  obj = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (obj, "date"), ==, c->date);
  g_assert_cmpstr (json_object_get_string_member (obj, "calendar"), ==, c->calendar);
}

static void
test_check_sample (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  const char *argv[] = { "check", sample, "--json", "--today", "2026-11-24", NULL };
  const char *text_argv[] = { "check", sample, "--today", "2026-11-24", NULL };
  g_autofree char *out = NULL, *text = NULL;
  g_autoptr(JsonObject) obj = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  obj = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (obj, "errors"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "warnings"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "findings")), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (text_argv, &text, NULL), ==, 0);
  g_assert_nonnull (strstr (text, "0 errors, 0 warnings"));
}

/* A legal name with a character no installed font has (the fallback faces
 * hidden from fontconfig for the CLI): check names it and the field, and
 * render refuses the documents that print it instead of leaving a blank. */
static void
test_check_glyph_missing (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "rare.xml", NULL);
  g_autofree char *conf = g_build_filename (dir, "fonts.conf", NULL);
  g_autofree char *outdir = g_build_filename (dir, "out", NULL);
  g_autofree char *annex3 = g_build_filename (outdir, "annex3.pdf", NULL);
  g_autofree char *xml = NULL, *changed = NULL, *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *check_argv[] = { "check", file, "--json", "--today", "2026-11-24", NULL };
  const char *render_argv[] = { "render", file, "--doc", "annex3", "-o", outdir, NULL };
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *findings;
  gboolean seen = FALSE;

  g_assert_true (g_file_get_contents (sample, &xml, NULL, &error));
  g_assert_nonnull (strstr (xml, "<name>山西泽州金鼎煤业有限公司</name>"));
  {
    const char *at = strstr (xml, "煤业有限公司</name>");

    changed = g_strdup_printf ("%.*s\xf0\xa0\x80\x80%s", (int) (at - xml), xml, at);
  }
  g_assert_true (g_file_set_contents (file, changed, -1, &error));
  g_assert_true (g_file_set_contents (conf,
    "<?xml version=\"1.0\"?>\n<fontconfig>\n"
    "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
    "  <selectfont><rejectfont><pattern><patelt name=\"family\"><string>HanaMinA</string></patelt></pattern>"
    "<pattern><patelt name=\"family\"><string>HanaMinB</string></patelt></pattern>"
    "<pattern><patelt name=\"family\"><string>BabelStone Han</string></patelt></pattern>"
    "</rejectfont></selectfont>\n</fontconfig>\n", -1, &error));
  g_setenv ("FONTCONFIG_FILE", conf, TRUE);

  dbo_test_run_cli (check_argv, &out, NULL);
  obj = parse_json (out);
  findings = json_object_get_array_member (obj, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (f, "code"), "glyph-missing") != 0)
        continue;
      seen = TRUE;
      g_assert_cmpstr (json_object_get_string_member (f, "severity"), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (f, "path"), ==, "enterprise/name");
      g_assert_nonnull (strstr (json_object_get_string_member (f, "message"), "U+20000 “\xf0\xa0\x80\x80”"));
    }
  g_assert_true (seen);

  g_assert_cmpint (dbo_test_run_cli (render_argv, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "U+20000"));
  g_assert_false (g_file_test (annex3, G_FILE_TEST_EXISTS));
  g_unsetenv ("FONTCONFIG_FILE");
}

/* An opinion concluded over other data than the file now holds is out of date. */
static void
test_check_stale_opinion (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "stale.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) re = g_regex_new ("data-sha256=\"[0-9a-f]{64}\"", 0, 0, NULL);
  g_autofree char *changed = NULL;
  g_autoptr(JsonObject) obj = NULL;
  const char *argv[] = { "check", file, "--json", "--today", "2026-11-24", NULL };
  JsonArray *findings;
  gboolean seen = FALSE;

  g_assert_true (g_file_get_contents (sample, &xml, NULL, &error));
  g_assert_no_error (error);
  changed = g_regex_replace_literal (re, xml, -1, 0,
                                     "data-sha256=\"00000000000000000000000000000000000000000000000000000000000000aa\"",
                                     0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed, !=, xml);
  g_assert_true (g_file_set_contents (file, changed, -1, &error));
  g_assert_no_error (error);

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 1);
  obj = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (obj, "errors"), ==, 1);
  findings = json_object_get_array_member (obj, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (f, "code"), "panel-opinion-stale") == 0)
        {
          seen = TRUE;
          g_assert_cmpstr (json_object_get_string_member (f, "path"), ==, "panel/conclusion/@data-sha256");
        }
    }
  g_assert_true (seen);
}

static void
test_new_and_check (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "mine.dengbao", NULL);
  const char *new_argv[] = { "new", file, "--enterprise", "山西测试煤业有限公司", "--city", "09",
                             "--kind", "production", "--standardization", "2", NULL };
  const char *check_argv[] = { "check", file, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autofree char *before = NULL, *after = NULL;
  JsonArray *findings;
  gboolean seen_panel = FALSE, seen_missing = FALSE;
  GStatBuf st;

  g_assert_cmpint (dbo_test_run_cli (new_argv, NULL, NULL), ==, 0);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (dbo_test_run_cli (check_argv, &out, NULL), ==, 1);
  obj = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (obj, "errors"), >, 0);
  findings = json_object_get_array_member (obj, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      g_assert_true (json_object_has_member (f, "severity"));
      g_assert_true (json_object_has_member (f, "path"));
      g_assert_true (json_object_has_member (f, "message"));
      g_assert_true (json_object_has_member (f, "clause"));
      if (g_strcmp0 (json_object_get_string_member (f, "code"), "panel-size") == 0)
        seen_panel = TRUE;
      if (g_strcmp0 (json_object_get_string_member (f, "code"), "missing-field") == 0)
        seen_missing = TRUE;
    }
  g_assert_true (seen_panel);
  g_assert_true (seen_missing);

  /* A second `new` on the same path refuses and leaves the file alone. */
  before = dbo_test_file_sha256 (file);
  assert_usage_error (new_argv, "already exists");
  after = dbo_test_file_sha256 (file);
  g_assert_cmpstr (before, ==, after);
}

static void
test_new_refusals (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "x.dengbao", NULL);
  const char *a1[] = { "new", file, "--enterprise", "甲", "--city", "12", "--kind", "production", NULL };
  const char *a2[] = { "new", file, "--enterprise", "甲", "--city", "00", "--kind", "production", NULL };
  const char *a3[] = { "new", file, "--enterprise", "甲", "--city", "09", "--kind", "mine", NULL };
  const char *a4[] = { "new", file, "--enterprise", "甲", "--city", "09", "--kind", "group", "--standardization", "3", NULL };
  const char *a5[] = { "new", file, "--city", "09", "--kind", "group", NULL };

  assert_usage_error (a1, "'12'");
  assert_usage_error (a2, "'00'");
  assert_usage_error (a3, "'mine'");
  assert_usage_error (a4, "'3'");
  assert_usage_error (a5, "--enterprise");
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static void
test_route_sample (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  const char *argv[] = { "route", sample, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonObject *authority;
  JsonArray *objects;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  obj = parse_json (out);
  authority = json_object_get_object_member (obj, "authority");
  g_assert_cmpstr (json_object_get_string_member (authority, "code"), ==, "09");
  g_assert_cmpstr (json_object_get_string_member (authority, "name"), ==, "晋城市能源局");
  objects = json_object_get_array_member (obj, "objects");
  g_assert_cmpuint (json_array_get_length (objects), ==, 9);
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      const char *id = json_object_get_string_member (o, "id");

      if (g_str_equal (id, "o8"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "level"), ==, 1);
          g_assert_false (json_object_get_boolean_member (o, "reviewed"));
          g_assert_false (json_object_get_boolean_member (o, "filed"));
          g_assert_true (json_object_get_null_member (o, "authority"));
        }
      else if (g_str_equal (id, "o9"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "level"), ==, 3);
          g_assert_true (json_object_get_boolean_member (o, "reviewed"));
          g_assert_true (json_object_get_boolean_member (o, "filed"));
          g_assert_cmpstr (json_object_get_string_member (o, "authority"), ==, "00");
          g_assert_cmpstr (json_object_get_string_member (o, "police"), ==, "province");
        }
      else
        {
          g_assert_cmpint (json_object_get_int_member (o, "level"), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (o, "authority"), ==, "09");
          g_assert_cmpstr (json_object_get_string_member (o, "police"), ==, "city");
        }
    }
}

typedef struct {
  const char *city;
  const char *kind;
  const char *standardization;
  const char *authority;
  const char *name;
} RouteCase;

static const RouteCase route_cases[] = {
  { "01", "production", "2", "01", "太原市能源局" },
  { "02", "production", "unrated", "02", "大同市能源局" },
  { "03", "construction", "unrated", "03", "朔州市能源局" },
  { "04", "production", "1", "00", "山西省能源局" },
  { "05", "group", "unrated", "00", "山西省能源局" },
  { "06", "production", "2", "06", "晋中市能源局" },
  { "07", "production", "2", "07", "阳泉市能源局" },
  { "08", "construction", "unrated", "08", "长治市能源局" },
  { "09", "production", "2", "09", "晋城市能源局" },
  { "10", "group", "unrated", "00", "山西省能源局" },
  { "11", "production", "1", "00", "山西省能源局" },
};

static void
test_route_new (gconstpointer data)
{
  const RouteCase *c = data;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "p.xml", NULL);
  const char *new_argv[] = { "new", file, "--enterprise", "某煤业", "--city", c->city, "--kind", c->kind,
                             "--standardization", c->standardization, NULL };
  const char *argv[] = { "route", file, "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonObject *authority;

  g_assert_cmpint (dbo_test_run_cli (new_argv, NULL, NULL), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  obj = parse_json (out);
  authority = json_object_get_object_member (obj, "authority");
  g_assert_cmpstr (json_object_get_string_member (authority, "code"), ==, c->authority);
  g_assert_cmpstr (json_object_get_string_member (authority, "name"), ==, c->name);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "objects")), ==, 0);
}

/* A group company's local network is reviewed by the province but filed
 * with the police of the mine's own city; a cross-city one with the province's. */
static void
test_route_group_police (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "group.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *group = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) halves = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "route", file, NULL };
  guint seen = 0;

  g_file_get_contents (sample, &text, NULL, &error);
  g_assert_no_error (error);
  halves = g_strsplit (text, "<enterprise kind=\"production\"", 2);
  g_assert_nonnull (halves[1]);
  group = g_strjoin ("<enterprise kind=\"group\"", halves[0], halves[1], NULL);
  g_file_set_contents (file, group, -1, &error);
  g_assert_no_error (error);

  /* The office names are Chinese whatever the language: print them as UTF-8. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  g_unsetenv ("LC_ALL");
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "o1\t"))
        {
          g_assert_nonnull (strstr (lines[i], "山西省能源局"));
          g_assert_nonnull (strstr (lines[i], "晋城市公安局"));
          seen++;
        }
      else if (g_str_has_prefix (lines[i], "o9\t"))
        {
          g_assert_nonnull (strstr (lines[i], "山西省公安厅"));
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 2);
}

static void
test_import_export_round_trip (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *a = g_build_filename (dir, "a.xml", NULL);
  g_autofree char *b = g_build_filename (dir, "b.xml", NULL);
  g_autofree char *db = g_build_filename (dir, "mine.dengbao", NULL);
  const char *x1[] = { "export-xml", sample, "-o", a, NULL };
  const char *x2[] = { "import", sample, "-o", db, NULL };
  const char *x3[] = { "export-xml", db, "-o", b, NULL };
  const char *x4[] = { "import", sample, "-o", db, NULL };
  const char *x5[] = { "export-xml", db, "-o", db, NULL };
  g_autofree char *ha = NULL, *hb = NULL, *hdb = NULL, *hdb2 = NULL;

  g_assert_cmpint (dbo_test_run_cli (x1, NULL, NULL), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (x2, NULL, NULL), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (x3, NULL, NULL), ==, 0);
  ha = dbo_test_file_sha256 (a);
  hb = dbo_test_file_sha256 (b);
  g_assert_cmpstr (ha, ==, hb);

  hdb = dbo_test_file_sha256 (db);
  assert_usage_error (x4, "already exists");
  assert_usage_error (x5, "the project itself");
  hdb2 = dbo_test_file_sha256 (db);
  g_assert_cmpstr (hdb, ==, hdb2);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *junk = g_build_filename (dir, "junk.dengbao", NULL);
  g_autofree char *badxml = g_build_filename (dir, "bad.xml", NULL);
  g_autofree char *out = g_build_filename (dir, "out.dengbao", NULL);
  const char *a1[] = { "check", junk, NULL };
  const char *a2[] = { "import", badxml, "-o", out, NULL };
  const char *a3[] = { "show", badxml, NULL };
  const char *a4[] = { "route", dir, NULL };
  g_autofree char *h1 = NULL, *h2 = NULL;

  g_assert_true (g_file_set_contents (junk, "PK\003\004 this is no project", -1, NULL));
  g_assert_true (g_file_set_contents (badxml,
    "<?xml version=\"1.0\"?>\n<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"x\" ruleset=\"shanxi-coal-2021\">\n"
    "  <enterprise kind=\"mine\"><name>甲</name></enterprise>\n</project>\n", -1, NULL));
  h1 = dbo_test_file_sha256 (junk);
  assert_usage_error (a1, "这不是等保备案项目文件");
  assert_usage_error (a2, "line 3");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_usage_error (a3, "bad.xml");
  assert_usage_error (a4, "directory");
  h2 = dbo_test_file_sha256 (junk);
  g_assert_cmpstr (h1, ==, h2);
}

static void
test_show (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  const char *argv[] = { "show", sample, "--today", "2026-11-24", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "山西泽州金鼎煤业有限公司"));
  g_assert_nonnull (strstr (out, "晋城市能源局"));
  g_assert_nonnull (strstr (out, "煤矿安全监控系统"));
  g_assert_nonnull (strstr (out, "第三级"));
  g_assert_nonnull (strstr (out, "0 个错误"));
}

static void
test_render (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "docs", NULL);
  g_autofree char *blocker = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "docs", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.xml", NULL);
  g_autofree char *broken_out = g_build_filename (dir, "broken-docs", NULL);
  const char *all[] = { "render", sample, "--doc", "all", "-o", out, NULL };
  const char *bad_doc[] = { "render", sample, "--doc", "annex9", "-o", out, NULL };
  const char *no_dir[] = { "render", sample, "--doc", "annex3", "-o", under_file, NULL };
  const char *blocked[] = { "render", broken, "--doc", "annex2", "-o", broken_out, NULL };
  g_autoptr(GDir) listing = NULL;
  g_autofree char *xml = NULL, *err = NULL;
  const char *name;
  guint n = 0, reports = 0;

  g_assert_cmpint (dbo_test_run_cli (all, NULL, NULL), ==, 0);
  listing = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      n++;
      if (g_str_has_prefix (name, "report-"))
        reports++;
      else
        g_assert_true (g_str_equal (name, "annex2.pdf") || g_str_equal (name, "annex3-09-1.pdf") ||
                       g_str_equal (name, "annex3-00-1.pdf") || g_str_equal (name, "annex4.pdf") ||
                       g_str_equal (name, "signatures.pdf"));
    }
  /* Eight objects of level 2 or above; the level-1 office network has no report.
   * Annex 3 once per review round: the city's and the province's. And the
   * panel's signature sheet. */
  g_assert_cmpuint (reports, ==, 8);
  g_assert_cmpuint (n, ==, 13);

  assert_usage_error (bad_doc, "annex9");
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  assert_usage_error (no_dir, "docs");

  /* A project whose draft breaks a mandatory minimum: the form is refused, and says why. */
  g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
  {
    /* The aggregation platform's serious harm to social order becomes one to citizens: 第二级. */
    g_auto(GStrv) parts = g_strsplit (xml, "<harm object=\"social\" degree=\"serious\"/>", -1);
    g_autofree char *damaged = g_strjoinv ("<harm object=\"citizen\" degree=\"serious\"/>", parts);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_assert_true (g_file_set_contents (broken, damaged, -1, NULL));
  }
  g_assert_cmpint (dbo_test_run_cli (blocked, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "annex2.pdf"));
  g_assert_nonnull (strstr (err, "§三(一)2"));
  {
    g_autofree char *not_written = g_build_filename (broken_out, "annex2.pdf", NULL);

    g_assert_false (g_file_test (not_written, G_FILE_TEST_EXISTS));
  }
}

/* ---- atomic outputs ---- */

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit;

  limit.rlim_cur = limit.rlim_max = (rlim_t) GPOINTER_TO_SIZE (user_data);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs dengbao-cli with the size of any file it writes limited to @bytes (a
 * full disk, without filling one). */
static int
run_cli_limited (gsize bytes, const char * const *argv, char **out, char **err)
{
  const char *cli = g_getenv ("DENGBAO_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (gsize i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, limit_file_size, GSIZE_TO_POINTER (bytes),
                out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Every name in @dir with its SHA-256, sorted: "name=sha\n…". */
static char *
snapshot_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sha = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? dbo_test_file_sha256 (path) : g_strdup ("-");

      g_ptr_array_add (lines, g_strdup_printf ("%s=%s", name, sha));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* No hidden temporary file in @dir. */
static void
assert_no_hidden (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.')
      g_error ("a temporary file was left behind: %s", name);
}

static void
set_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static gboolean
file_exists_in (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
sha_in (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return dbo_test_file_sha256 (path);
}

/* The sample whose aggregation platform drops to 第二级 against a mandatory
 * minimum: Annex 2 is refused. */
static char *
write_blocked_project (const char *dir)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *xml = NULL;
  char *path = g_build_filename (dir, "blocked.xml", NULL);
  g_auto(GStrv) parts = NULL;
  g_autofree char *damaged = NULL;

  g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
  parts = g_strsplit (xml, "<harm object=\"social\" degree=\"serious\"/>", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  damaged = g_strjoinv ("<harm object=\"citizen\" degree=\"serious\"/>", parts);
  g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
  return path;
}

/* The earlier annex2.pdf (stating the old level) does not stay beside the new
 * documents when Annex 2 is now blocked; nor does the report of an object
 * that no longer gets one. Both are listed; other files are left alone, and
 * the signature sheet, which states no level, is written again. */
static void
test_render_removes_blocked_and_stale (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "docs", NULL);
  g_autofree char *blocked = write_blocked_project (dir);
  const char *first[] = { "render", sample, "--doc", "all", "-o", out_dir, NULL };
  const char *again[] = { "render", blocked, "--doc", "all", "-o", out_dir, NULL };
  g_autofree char *out = NULL, *err = NULL, *notes = NULL, *signatures = NULL, *unrelated = NULL;

  g_assert_cmpint (dbo_test_run_cli (first, NULL, NULL), ==, 0);
  g_assert_true (file_exists_in (out_dir, "annex2.pdf"));
  signatures = sha_in (out_dir, "signatures.pdf");
  g_assert_nonnull (signatures);
  set_file (out_dir, "report-gone.pdf", "the report of an object deleted since");
  set_file (out_dir, "notes.txt", "mine");
  set_file (out_dir, "signatures.pdf", "an earlier sheet");
  set_file (out_dir, "annex2.pdf.bak", "not a name render writes");
  notes = sha_in (out_dir, "notes.txt");
  unrelated = sha_in (out_dir, "annex2.pdf.bak");

  g_assert_cmpint (dbo_test_run_cli (again, &out, &err), ==, 1);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_nonnull (strstr (err, "annex2.pdf"));
  g_assert_false (file_exists_in (out_dir, "annex2.pdf"));
  g_assert_false (file_exists_in (out_dir, "report-gone.pdf"));
  g_assert_nonnull (strstr (out, "annex2.pdf"));
  g_assert_nonnull (strstr (out, "report-gone.pdf"));
  /* Annex 3 and 4 are blocked too; the reports and the signature sheet are new. */
  g_assert_true (file_exists_in (out_dir, "report-o1.pdf"));
  g_assert_nonnull (strstr (out, "signatures.pdf (签字页"));
  {
    g_autofree char *a = sha_in (out_dir, "notes.txt");
    g_autofree char *b = sha_in (out_dir, "signatures.pdf");
    g_autofree char *c = sha_in (out_dir, "annex2.pdf.bak");

    g_assert_cmpstr (a, ==, notes);
    g_assert_cmpstr (b, ==, signatures);
    g_assert_cmpstr (c, ==, unrelated);
  }
  assert_no_hidden (out_dir);
}

/* A panel of four: `render --doc all` writes the documents its errors do
 * not touch, names the refused one and exits 1; with --draft every document
 * is written, 草稿 on Annex 2's pages, and it exits 0. */
static void
test_render_draft (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *even = g_build_filename (dir, "even.xml", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "docs", NULL);
  g_autofree char *draft_dir = g_build_filename (dir, "drafts", NULL);
  g_autofree char *xml = NULL, *out = NULL, *err = NULL, *draft_out = NULL;
  const char *plain[] = { "render", even, "--doc", "all", "-o", out_dir, NULL };
  const char *draft[] = { "render", even, "--doc", "all", "--draft", "-o", draft_dir, NULL };
  const char *start;

  g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
  start = strstr (xml, "<member id=\"m5\"");
  g_assert_nonnull (start);
  {
    GString *s = g_string_new (NULL);

    /* Drop m5: everything from its start tag to its end tag. */
    g_string_append_len (s, xml, start - xml);
    g_string_append (s, strstr (start, "</member>") + strlen ("</member>"));
    g_assert_true (g_file_set_contents (even, s->str, -1, NULL));
    g_string_free (s, TRUE);
  }

  g_assert_cmpint (dbo_test_run_cli (plain, &out, &err), ==, 1);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_nonnull (strstr (err, "annex2.pdf"));
  g_assert_nonnull (strstr (err, "专家组现有 4 名成员"));
  g_assert_false (file_exists_in (out_dir, "annex2.pdf"));
  g_assert_true (file_exists_in (out_dir, "annex4.pdf"));
  g_assert_true (file_exists_in (out_dir, "report-o3.pdf"));
  g_assert_true (file_exists_in (out_dir, "annex3-09-1.pdf"));

  g_assert_cmpint (dbo_test_run_cli (draft, &draft_out, NULL), ==, 0);
  g_assert_nonnull (strstr (draft_out, "annex2.pdf"));
  g_assert_true (file_exists_in (draft_dir, "annex2.pdf"));
  {
    g_autofree char *path = g_build_filename (draft_dir, "annex2.pdf", NULL);
    g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
    PopplerDocument *pdf = poppler_document_new_from_file (uri, NULL, NULL);

    g_assert_nonnull (pdf);
    for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
      {
        PopplerPage *page = poppler_document_get_page (pdf, i);
        g_autofree char *text = poppler_page_get_text (page);

        g_assert_nonnull (strstr (text, "草稿"));
        g_object_unref (page);
      }
    g_object_unref (pdf);
  }
}

/* Review bundles are the bureau's: export does not write them. */
static void
test_export_review_refused (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *zip = g_build_filename (dir, "r.zip", NULL);
  g_autofree char *err = NULL;
  const char *argv[] = { "export", sample, "--kind", "review", "-o", zip, NULL };

  g_assert_cmpint (dbo_test_run_cli (argv, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "desk reply"));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
}

/* --doc annex3 replaces the Annex 3 files and nothing else. */
static void
test_render_one_kind_replaces_only_its_files (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "docs", NULL);
  const char *all[] = { "render", sample, "--doc", "all", "-o", out_dir, NULL };
  const char *annex3[] = { "render", sample, "--doc", "annex3", "-o", out_dir, NULL };
  g_autofree char *before = NULL, *after = NULL, *out = NULL, *fresh = NULL, *now = NULL;

  g_assert_cmpint (dbo_test_run_cli (all, NULL, NULL), ==, 0);
  fresh = sha_in (out_dir, "annex3-09-1.pdf");
  set_file (out_dir, "annex3-09-1.pdf", "old annex 3");
  set_file (out_dir, "annex3.pdf", "the one form of an earlier version, both bureaus on it");
  set_file (out_dir, "annex3-earlier.pdf", "an Annex 3 file this run does not write");
  set_file (out_dir, "annex2.pdf", "old annex 2, to keep");
  set_file (out_dir, "report-gone.pdf", "a report, to keep");
  set_file (out_dir, "notes.txt", "mine");
  g_assert_cmpint (dbo_test_run_cli (annex3, &out, NULL), ==, 0);
  g_test_message ("stdout: %s", out);
  now = sha_in (out_dir, "annex3-09-1.pdf");
  g_assert_cmpstr (now, ==, fresh);
  g_assert_true (file_exists_in (out_dir, "annex3-00-1.pdf"));
  g_assert_false (file_exists_in (out_dir, "annex3-earlier.pdf"));
  g_assert_nonnull (strstr (out, "annex3-earlier.pdf"));
  g_assert_false (file_exists_in (out_dir, "annex3.pdf"));
  g_assert_nonnull (strstr (out, "annex3.pdf (an earlier document"));

  /* Everything but Annex 3 is as it was. */
  set_file (out_dir, "annex3-09-1.pdf", "old annex 3");
  before = snapshot_dir (out_dir);
  g_assert_cmpint (dbo_test_run_cli (annex3, NULL, NULL), ==, 0);
  set_file (out_dir, "annex3-09-1.pdf", "old annex 3");
  after = snapshot_dir (out_dir);
  g_assert_cmpstr (after, ==, before);
  assert_no_hidden (out_dir);
}

/* --doc annex3 writes one form per review round, annex3-CC-N.pdf, and the
 * enterprise part annex3-CC.pdf for objects not reviewed yet (o7, left out
 * of the city's round, goes to 09). */
static void
test_render_annex3_names (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *project = g_build_filename (dir, "p.xml", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "docs", NULL);
  const char *annex3[] = { "render", project, "--doc", "annex3", "-o", out_dir, NULL };
  g_autofree char *xml = NULL, *out = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *name;

  g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (xml, "<level object=\"o7\" value=\"2\"/>", -1);
    g_autofree char *changed = g_strjoinv ("", parts);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_assert_true (g_file_set_contents (project, changed, -1, NULL));
  }
  g_assert_cmpint (dbo_test_run_cli (annex3, &out, NULL), ==, 0);
  g_test_message ("stdout: %s", out);
  listing = g_dir_open (out_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (" ", (char **) names->pdata);
  g_assert_cmpstr (joined, ==, "annex3-00-1.pdf annex3-09-1.pdf annex3-09.pdf");
}

/* A render that fails half-way (a full disk; a target that is a folder)
 * leaves the previous set byte for byte, and no temporary file. */
static void
test_render_failure_keeps_previous_set (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "docs", NULL);
  g_autofree char *annex4 = g_build_filename (out_dir, "annex4.pdf", NULL);
  const char *all[] = { "render", sample, "--doc", "all", "-o", out_dir, NULL };
  g_autofree char *before = NULL, *after = NULL, *after2 = NULL, *out = NULL, *err = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_cmpint (dbo_test_run_cli (all, NULL, NULL), ==, 0);
  /* The previous set: every file different from what a render writes. */
  d = g_dir_open (out_dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *text = g_strdup_printf ("previous %s", name);

      set_file (out_dir, name, text);
    }
  before = snapshot_dir (out_dir);

  /* 120 KiB per file: Annex 2 and 3 and the reports fit, Annex 4, the
   * last, does not (with the fonts of Debian 12). */
  g_assert_cmpint (run_cli_limited (120 * 1024, all, &out, &err), ==, 2);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (g_str_has_prefix (err, "dengbao-cli: "));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  after = snapshot_dir (out_dir);
  g_assert_cmpstr (after, ==, before);
  assert_no_hidden (out_dir);

  /* A folder named like the last document: found before anything is replaced. */
  g_assert_cmpint (g_unlink (annex4), ==, 0);
  g_assert_cmpint (g_mkdir (annex4, 0700), ==, 0);
  before = (g_free (before), snapshot_dir (out_dir));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (dbo_test_run_cli (all, NULL, &err), ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "annex4.pdf"));
  after2 = snapshot_dir (out_dir);
  g_assert_cmpstr (after2, ==, before);
  assert_no_hidden (out_dir);
}

/* export-xml and export never write into a FIFO, a device or a folder at -o. */
static void
test_export_refuses_non_regular_output (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  const char *x1[] = { "export-xml", sample, "-o", fifo, NULL };
  const char *x2[] = { "export", sample, "--kind", "backup", "-o", fifo, NULL };
  const char *x3[] = { "export-xml", sample, "-o", folder, NULL };
  const char *x4[] = { "export", sample, "--kind", "backup", "-o", folder, NULL };
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_usage_error (x1, "pipe");
  assert_usage_error (x2, "pipe");
  assert_usage_error (x3, "folder");
  assert_usage_error (x4, "folder");
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (g_lstat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  assert_no_hidden (dir);
}

/* project.xml holds the personal data of the 0600 project: 0600 too, also
 * when it replaces a 0644 file. */
static void
test_export_xml_output_is_private (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *fresh = g_build_filename (dir, "fresh.xml", NULL);
  g_autofree char *earlier = g_build_filename (dir, "earlier.xml", NULL);
  const char *x1[] = { "export-xml", sample, "-o", fresh, NULL };
  const char *x2[] = { "export-xml", sample, "-o", earlier, NULL };
  mode_t old_mask = umask (022);
  GStatBuf st;

  g_assert_true (g_file_set_contents_full (earlier, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
  g_assert_cmpint (dbo_test_run_cli (x1, NULL, NULL), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (x2, NULL, NULL), ==, 0);
  umask (old_mask);
  g_assert_cmpint (g_stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (earlier, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 3);
  assert_no_hidden (dir);
}

/* An export that cannot finish (a full disk) exits 2 with one line, leaves
 * the earlier file as it was and no temporary file. */
static void
test_export_failure_leaves_nothing (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *zip = g_build_filename (dir, "backup.zip", NULL);
  g_autofree char *xml = g_build_filename (dir, "project.xml", NULL);
  const char *x1[] = { "export", sample, "--kind", "backup", "-o", zip, NULL };
  const char *x2[] = { "export-xml", sample, "-o", xml, NULL };
  g_autofree char *before = NULL, *after = NULL, *err1 = NULL, *err2 = NULL;

  set_file (dir, "backup.zip", "the earlier bundle");
  set_file (dir, "project.xml", "the earlier project.xml");
  before = snapshot_dir (dir);
  g_assert_cmpint (run_cli_limited (1024, x1, NULL, &err1), ==, 2);
  g_assert_cmpint (run_cli_limited (1024, x2, NULL, &err2), ==, 2);
  g_test_message ("stderr: %s%s", err1, err2);
  g_assert_true (g_str_has_prefix (err1, "dengbao-cli: "));
  g_assert_true (g_str_has_prefix (err2, "dengbao-cli: "));
  after = snapshot_dir (dir);
  g_assert_cmpstr (after, ==, before);
  assert_no_hidden (dir);
}

/* Files whose names are not those of @names, anywhere under @dir. */
static guint
count_other_files (const char *dir, const char * const *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_other_files (path, names);
      else if (!g_strv_contains (names, name))
        {
          g_test_message ("unexpected file %s", path);
          n++;
        }
    }
  return n;
}

#define TRAVERSAL_ID "x/../../../pwned"

/* The sample as a project file whose object of level 2 or above has the id
 * "x/../../../pwned" in every table, crafted with SQLite itself. */
static void
make_traversal_project (const char *db)
{
  g_autofree char *sample = dbo_test_sample_path ();
  const char *import[] = { "import", sample, "-o", db, NULL };
  static const char * const tables[] = {
    "harms", "products", "services", "materials", "recommendations", "dissents", "review_levels",
    "assessments", NULL
  };
  g_autofree char *victim = NULL;
  sqlite3 *conn = NULL;
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (dbo_test_run_cli (import, NULL, NULL), ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT object_id FROM recommendations WHERE level >= 2"
                                       " ORDER BY position LIMIT 1", -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  victim = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET object_id = '%s' WHERE object_id = '%s'",
                                              tables[i], TRAVERSAL_ID, victim);

      g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE objects SET id = '%s' WHERE id = '%s'", TRAVERSAL_ID,
                                            victim);

    g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_changes (conn), ==, 1);
  }
  g_assert_cmpint (sqlite3_close (conn), ==, SQLITE_OK);
}

/* render with an id that climbs out of -o: refused, nothing written, and
 * certainly nothing outside the folder. */
static void
test_render_never_writes_outside_output (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "crafted.dengbao", NULL);
  g_autofree char *out = g_build_filename (dir, "a", "b", "docs", NULL);
  /* Where the climb would resolve to, made reachable as an attacker would hope. */
  g_autofree char *step = g_build_filename (out, "report-x", NULL);
  const char *render[] = { "render", db, "--doc", "all", "-o", out, NULL };
  static const char * const allowed[] = { "crafted.dengbao", NULL };
  g_autofree char *err = NULL;

  make_traversal_project (db);
  g_assert_cmpint (g_mkdir_with_parents (step, 0700), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (render, NULL, &err), ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, TRAVERSAL_ID));
  g_assert_cmpuint (count_other_files (dir, allowed), ==, 0);
}

/* export with such an id: refused, no bundle (so no traversal path in a ZIP). */
static void
test_export_never_writes_traversal_path (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "crafted.dengbao", NULL);
  g_autofree char *zip = g_build_filename (dir, "bundle.zip", NULL);
  const char *export[] = { "export", db, "--kind", "backup", "-o", zip, NULL };
  static const char * const allowed[] = { "crafted.dengbao", NULL };
  g_autofree char *err = NULL;

  make_traversal_project (db);
  g_assert_cmpint (dbo_test_run_cli (export, NULL, &err), ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, TRAVERSAL_ID));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_other_files (dir, allowed), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/render/never-writes-outside-output", test_render_never_writes_outside_output);
  g_test_add_func ("/cli/export/never-writes-traversal-path", test_export_never_writes_traversal_path);
  g_test_add_func ("/cli/bad-usage", test_bad_usage);
  for (gsize i = 0; i < G_N_ELEMENTS (grade_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/grade/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &grade_cases[i], test_grade);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (deadline_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/deadline/%s+%s", deadline_cases[i].from, deadline_cases[i].days);

      g_test_add_data_func (path, &deadline_cases[i], test_deadline);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (route_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/route/city-%s-%s-%s", route_cases[i].city,
                                               route_cases[i].kind, route_cases[i].standardization);

      g_test_add_data_func (path, &route_cases[i], test_route_new);
    }
  g_test_add_func ("/cli/check/sample", test_check_sample);
  g_test_add_func ("/cli/check/glyph-missing", test_check_glyph_missing);
  g_test_add_func ("/cli/check/stale-opinion", test_check_stale_opinion);
  g_test_add_func ("/cli/new-and-check", test_new_and_check);
  g_test_add_func ("/cli/new-refusals", test_new_refusals);
  g_test_add_func ("/cli/route/sample", test_route_sample);
  g_test_add_func ("/cli/route/group-police", test_route_group_police);
  g_test_add_func ("/cli/import-export", test_import_export_round_trip);
  g_test_add_func ("/cli/bad-files", test_bad_files);
  g_test_add_func ("/cli/show", test_show);
  g_test_add_func ("/cli/render", test_render);
  g_test_add_func ("/cli/render/removes-blocked-and-stale", test_render_removes_blocked_and_stale);
  g_test_add_func ("/cli/render/draft", test_render_draft);
  g_test_add_func ("/cli/export/review-refused", test_export_review_refused);
  g_test_add_func ("/cli/render/one-kind-replaces-only-its-files", test_render_one_kind_replaces_only_its_files);
  g_test_add_func ("/cli/render/failure-keeps-previous-set", test_render_failure_keeps_previous_set);
  g_test_add_func ("/cli/render/annex3-names", test_render_annex3_names);
  g_test_add_func ("/cli/export/refuses-non-regular-output", test_export_refuses_non_regular_output);
  g_test_add_func ("/cli/export-xml/output-is-private", test_export_xml_output_is_private);
  g_test_add_func ("/cli/export/failure-leaves-nothing", test_export_failure_leaves_nothing);
  return g_test_run ();
}
