/* dengbao-cli desk: the bureau's receiving side, run as a bureau would, on
 * bundles exported from the sample and from variants of it (another city,
 * a province-reviewed mine, a later round). */
#include "dbo-test-utils.h"

#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "dbo-credit-code.h"
#include "dbo-model.h"
#include "dbo-project-xml.h"
#include "dbo-store.h"

/* Bundles are slow to make: made once, in a folder every test case shares. */
static char *bundles_dir;

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

/* Runs the CLI; asserts the exit status; a refusal is one line on stderr. */
static char *
run (int want, const char * const *argv)
{
  g_autofree char *out = NULL, *err = NULL;
  int rc = dbo_test_run_cli (argv, &out, &err);

  g_test_message ("%s %s: %d\n%s%s", argv[0], argv[1] ? argv[1] : "", rc, out, err);
  g_assert_cmpint (rc, ==, want);
  if (want != 0)
    {
      g_assert_true (g_str_has_prefix (err, "dengbao-cli: "));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
      return g_steal_pointer (&err);
    }
  return g_steal_pointer (&out);
}

/* A valid credit code that differs from the sample's in one place. */
static char *
credit_code (char variant)
{
  char code[19] = "91140525MA0JD8K2X0";
  char check = '\0';

  code[16] = variant;
  dbo_credit_code_validate (code, &check, NULL);
  g_assert_cmpint (check, !=, '\0');
  code[17] = check;
  return g_strdup (code);
}

typedef struct {
  const char *name;
  const char *id;               /* the project's id; NULL: the sample's */
  char code_variant;            /* '\0': the sample's credit code */
  const char *city;
  DboStandardization standardization;
  const char *title;            /* NULL: the sample's */
  const char *kind;             /* "submission" or "backup" */
} Variant;

/* The sample without its review rounds (a project the bureau has not
 * answered yet), changed as @v says, exported as a bundle. */
static char *
bundle (const Variant *v)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *xml = g_strdup_printf ("%s/%s.xml", bundles_dir, v->name);
  char *zip = g_strdup_printf ("%s/%s.zip", bundles_dir, v->name);
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (zip, G_FILE_TEST_EXISTS))
    return zip;
  p = dbo_project_xml_read_file (sample, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (p->reviews, 0);
  if (v->id != NULL)
    dbo_set_str (&p->id, v->id);
  if (v->code_variant != '\0')
    {
      g_autofree char *code = credit_code (v->code_variant);

      dbo_set_str (&p->enterprise.credit_code, code);
    }
  dbo_set_str (&p->enterprise.city, v->city);
  p->enterprise.standardization = v->standardization;
  if (v->title != NULL)
    dbo_set_str (&p->title, v->title);
  g_assert_true (dbo_project_xml_write_file (p, xml, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "export", xml, "-o", zip, "--kind", v->kind, "--today", "2026-09-30", NULL };
    g_autofree char *out = run (0, argv);
  }
  return zip;
}

static const Variant jincheng = { "jincheng", NULL, '\0', "09", DBO_STD_LEVEL2, NULL, "submission" };
static const Variant jincheng_later = { "jincheng-later", NULL, '\0', "09", DBO_STD_LEVEL2,
                                        "山西泽州金鼎煤业有限公司网络安全等级保护定级备案（补正）", "submission" };
static const Variant taiyuan = { "taiyuan", "7a0e9c54-1b2d-4e6f-8a9b-0c1d2e3f4a5b", '3', "01", DBO_STD_LEVEL2, NULL,
                                 "submission" };
static const Variant province = { "province", "5b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d", '7', "09", DBO_STD_LEVEL1, NULL,
                                  "submission" };
static const Variant backup = { "backup", NULL, '\0', "09", DBO_STD_LEVEL2, NULL, "backup" };

static char *
new_desk (const char *dir, const char *authority)
{
  char *path = g_strdup_printf ("%s/%s.dengbao-desk", dir, authority);
  const char *argv[] = { "desk", "init", path, "--authority", authority, NULL };
  g_autofree char *out = run (0, argv);

  return path;
}

static JsonObject *
receive (const char *desk, const char *zip, const char *date)
{
  const char *argv[] = { "desk", "receive", desk, zip, "--date", date, "--json", NULL };
  g_autofree char *out = run (0, argv);

  return parse_json (out);
}

static JsonArray *
list (const char *desk, const char *today, JsonObject **root_out)
{
  const char *argv[] = { "desk", "list", desk, "--json", "--today", today, NULL };
  g_autofree char *out = run (0, argv);

  *root_out = parse_json (out);
  return json_object_get_array_member (*root_out, "submissions");
}

static char *
decide (int want, const char *desk, const char *id, const char *outcome, const char *date)
{
  const char *argv[] = { "desk", "decide", desk, id, "--outcome", outcome, "--opinion", "经审核，同意该定级。",
                         "--date", date, NULL };

  return run (want, argv);
}

static void
assert_file_unchanged (const char *path, const char *sha256)
{
  g_autofree char *now = dbo_test_file_sha256 (path);

  g_assert_cmpstr (now, ==, sha256);
}

static void
test_init (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *desk = new_desk (dir, "09");
  g_autofree char *bad = g_build_filename (dir, "x.dengbao-desk", NULL);
  g_autofree char *sha = dbo_test_file_sha256 (desk);
  const char *again[] = { "desk", "init", desk, "--authority", "09", NULL };
  const char *wrong[] = { "desk", "init", bad, "--authority", "12", NULL };
  const char *none[] = { "desk", "init", bad, NULL };
  g_autofree char *e1 = run (2, again);
  g_autofree char *e2 = run (2, wrong);
  g_autofree char *e3 = run (2, none);
  g_autofree char *province = new_desk (dir, "00");
  GStatBuf st;

  assert_file_unchanged (desk, sha);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (e2, "12"));
  g_assert_cmpint (g_stat (desk, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    /* A project file is not a desk, and is left as it was. */
    g_autofree char *sample = dbo_test_sample_path ();
    g_autofree char *project = g_build_filename (dir, "p.dengbao", NULL);
    const char *import[] = { "import", sample, "-o", project, NULL };
    const char *list_project[] = { "desk", "list", project, NULL };
    g_autofree char *o1 = run (0, import);
    g_autofree char *psha = dbo_test_file_sha256 (project);
    g_autofree char *e4 = run (2, list_project);

    assert_file_unchanged (project, psha);
  }
}

static void
test_receive_routing (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *ty = bundle (&taiyuan);
  g_autofree char *pr = bundle (&province);
  g_autofree char *bk = bundle (&backup);
  g_autofree char *d09 = new_desk (dir, "09");
  g_autofree char *d01 = new_desk (dir, "01");
  g_autofree char *d00 = new_desk (dir, "00");
  g_autofree char *sha = dbo_test_file_sha256 (d01);
  g_autoptr(JsonObject) s = NULL, p = NULL, t = NULL;
  JsonArray *objects;

  /* Jincheng's mine: the city reviews o1–o7 (level 2), the province the
   * cross-city o9; o8 (level 1) nobody. */
  s = receive (d09, jc, "2026-09-30");
  g_assert_cmpstr (json_object_get_string_member (s, "id"), ==, "0001");
  g_assert_cmpstr (json_object_get_string_member (s, "city"), ==, "09");
  g_assert_cmpstr (json_object_get_string_member (s, "received"), ==, "2026-09-30");
  /* 5 working days from the day after: 10-01…10-07 are the National Day
   * holidays, 10-10 (Saturday) is worked. */
  g_assert_cmpstr (json_object_get_string_member (s, "due"), ==, "2026-10-13");
  g_assert_cmpstr (json_object_get_string_member (s, "status"), ==, "pending");
  g_assert_true (json_object_get_null_member (s, "number"));
  g_assert_true (json_object_get_null_member (s, "decided"));
  g_assert_true (json_object_get_null_member (s, "opinion"));
  g_assert_cmpint (json_object_get_int_member (s, "round"), ==, 1);
  objects = json_object_get_array_member (s, "objects");
  g_assert_cmpint (json_array_get_length (objects), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);

      g_assert_cmpint (json_object_get_boolean_member (o, "reviewed_here"), ==, i < 7);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (objects, 8), "level"), ==, 3);

  p = receive (d00, jc, "2026-09-30");
  objects = json_object_get_array_member (p, "objects");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (objects, 8), "reviewed_here"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (objects, 0), "reviewed_here"));

  /* Taiyuan's bureau reviews none of Jincheng's objects: refused, naming who does. */
  {
    const char *argv[] = { "desk", "receive", d01, jc, NULL };
    g_autofree char *err = run (2, argv);

    g_assert_nonnull (strstr (err, "晋城市能源局"));
    assert_file_unchanged (d01, sha);
  }
  t = receive (d01, ty, "2026-09-30");
  g_assert_cmpstr (json_object_get_string_member (t, "city"), ==, "01");

  /* A level-1 mine: the province reviews all; the city refuses. */
  {
    const char *argv[] = { "desk", "receive", d09, pr, "--date", "2026-09-30", NULL };
    g_autofree char *err = run (2, argv);
    g_autoptr(JsonObject) q = receive (d00, pr, "2026-09-30");
    JsonArray *qo = json_object_get_array_member (q, "objects");

    g_assert_nonnull (strstr (err, "山西省能源局"));
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (qo, 0), "reviewed_here"));
  }
  /* A backup is never a submission. */
  {
    g_autofree char *before = dbo_test_file_sha256 (d09);
    const char *argv[] = { "desk", "receive", d09, bk, NULL };
    g_autofree char *err = run (2, argv);

    g_assert_nonnull (strstr (err, "backup"));
    assert_file_unchanged (d09, before);
  }
}

static void
test_receive_idempotent_and_rounds (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *later = bundle (&jincheng_later);
  g_autofree char *d09 = new_desk (dir, "09");
  g_autoptr(JsonObject) a = receive (d09, jc, "2026-09-30");
  g_autofree char *sha = dbo_test_file_sha256 (d09);
  g_autoptr(JsonObject) root = NULL;
  JsonArray *subs;

  {
    const char *argv[] = { "desk", "receive", d09, jc, "--date", "2026-10-09", NULL };
    g_autofree char *out = run (0, argv);

    g_assert_nonnull (strstr (out, "nothing changed"));
    assert_file_unchanged (d09, sha);
  }
  {
    g_autoptr(JsonObject) b = receive (d09, later, "2026-10-09");

    g_assert_cmpstr (json_object_get_string_member (b, "id"), ==, "0002");
    g_assert_cmpint (json_object_get_int_member (b, "round"), ==, 2);
  }
  subs = list (d09, "2026-10-20", &root);
  g_assert_cmpint (json_array_get_length (subs), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subs, 0), "id"), ==, "0001");
  /* Past its due date undecided: overdue. */
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (subs, 0), "overdue"));
}

static void
test_decide_numbers (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *later = bundle (&jincheng_later);
  g_autofree char *pr = bundle (&province);
  g_autofree char *d00 = new_desk (dir, "00");
  g_autoptr(JsonObject) a = receive (d00, jc, "2026-12-28");
  g_autoptr(JsonObject) b = receive (d00, pr, "2026-12-29");
  g_autoptr(JsonObject) c = receive (d00, later, "2027-01-04");
  g_autoptr(JsonObject) root = NULL;
  JsonArray *subs;

  {
    g_autofree char *o1 = decide (0, d00, "0001", "correct", "2026-12-30");
    g_autofree char *o2 = decide (0, d00, "2", "approved", "2026-12-31");
    g_autofree char *o3 = decide (0, d00, "0003", "approved", "2027-01-05");
    g_autofree char *e4 = decide (1, d00, "0002", "regrade", "2027-01-05");
    g_autofree char *e5 = decide (2, d00, "0009", "approved", "2027-01-05");
    g_autofree char *e6 = decide (2, d00, "0001", "maybe", "2027-01-05");

    g_assert_nonnull (strstr (o2, "00-2026-0001"));
    /* A new year starts from 0001 again. */
    g_assert_nonnull (strstr (o3, "00-2027-0001"));
  }
  subs = list (d00, "2027-01-06", &root);
  g_assert_cmpint (json_array_get_length (subs), ==, 3);
  {
    JsonObject *s1 = json_array_get_object_element (subs, 0);
    JsonObject *s2 = json_array_get_object_element (subs, 1);

    g_assert_cmpstr (json_object_get_string_member (s1, "status"), ==, "correct");
    g_assert_true (json_object_get_null_member (s1, "number"));
    g_assert_cmpstr (json_object_get_string_member (s1, "opinion"), ==, "经审核，同意该定级。");
    g_assert_cmpstr (json_object_get_string_member (s2, "number"), ==, "00-2026-0001");
    g_assert_cmpstr (json_object_get_string_member (s2, "decided"), ==, "2026-12-31");
    g_assert_false (json_object_get_boolean_member (s2, "late"));
  }

  /* Late: received 2026-09-30, due 10-13, decided 10-14. */
  {
    g_autofree char *d09 = new_desk (dir, "09");
    g_autoptr(JsonObject) s = receive (d09, jc, "2026-09-30");
    g_autofree char *o = decide (0, d09, "0001", "approved", "2026-10-14");
    g_autoptr(JsonObject) r = NULL;
    JsonObject *first;

    g_assert_nonnull (strstr (o, "09-2026-0001"));
    first = json_array_get_object_element (list (d09, "2026-10-20", &r), 0);
    g_assert_true (json_object_get_boolean_member (first, "late"));
    g_assert_false (json_object_get_boolean_member (first, "overdue"));
  }
}

/* Named snapshots and the backup: a restore takes the decision back but not
 * its review number (it went out with the reply), and keeps what it replaced;
 * a desk of format 1 gains snapshots when opened for editing. */
static void
test_snapshots_backup (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *d09 = new_desk (dir, "09");
  g_autofree char *copy = g_build_filename (dir, "copy.dengbao-desk", NULL);
  g_autoptr(JsonObject) s = receive (d09, jc, "2026-09-30");
  g_autoptr(JsonObject) root = NULL;
  JsonArray *subs;

  {
    const char *snap[] = { "desk", "snapshot", d09, "收件后", NULL };
    const char *again[] = { "desk", "snapshot", d09, "收件后", NULL };
    const char *blank[] = { "desk", "snapshot", d09, " ", NULL };
    const char *restore[] = { "desk", "restore", d09, "收件后", NULL };
    const char *unknown[] = { "desk", "restore", d09, "没有这个", NULL };
    const char *listing[] = { "desk", "snapshots", d09, NULL };
    g_autofree char *o1 = run (0, snap);
    g_autofree char *e1 = run (2, again);
    g_autofree char *e2 = run (2, blank);
    g_autofree char *o2 = decide (0, d09, "0001", "approved", "2026-10-09");
    g_autofree char *o3 = run (0, restore);
    g_autofree char *e3 = run (2, unknown);
    g_autofree char *o4 = decide (0, d09, "0001", "approved", "2026-10-10");
    g_autofree char *o5 = run (0, listing);

    g_assert_nonnull (strstr (e1, "收件后"));
    g_assert_nonnull (strstr (o2, "09-2026-0001"));
    g_assert_nonnull (strstr (o3, "恢复“收件后”前"));
    g_assert_nonnull (strstr (e3, "没有这个"));
    /* The number given before the restore is not given again. */
    g_assert_nonnull (strstr (o4, "09-2026-0002"));
    g_assert_nonnull (strstr (o5, "\t收件后\n"));
    g_assert_nonnull (strstr (o5, "\t恢复“收件后”前\n"));
  }
  subs = list (d09, "2026-10-20", &root);
  g_assert_cmpint (json_array_get_length (subs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subs, 0), "number"), ==,
                   "09-2026-0002");

  {
    const char *backup[] = { "desk", "backup", d09, "-o", copy, NULL };
    g_autofree char *o = run (0, backup);
    g_autofree char *e = run (2, backup);
    g_autoptr(JsonObject) r = NULL;
    JsonArray *copied = list (copy, "2026-10-20", &r);

    g_assert_nonnull (strstr (e, "copy.dengbao-desk"));
    g_assert_cmpint (json_array_get_length (copied), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (copied, 0), "number"), ==,
                     "09-2026-0002");
  }
}

/* The reply carries the bureau's round into the mine's project: levels and
 * number the same on both sides. */
static void
test_render_reply_round_trip (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *ty = bundle (&taiyuan);
  g_autofree char *d09 = new_desk (dir, "09");
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *reply = g_build_filename (dir, "reply.zip", NULL);
  g_autofree char *mine = g_build_filename (dir, "mine.dengbao", NULL);
  g_autofree char *other = g_build_filename (dir, "other.dengbao", NULL);
  g_autoptr(JsonObject) s = receive (d09, jc, "2026-09-30");
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;
  const DboReview *r;

  {
    const char *render[] = { "desk", "render", d09, "0001", "-o", out_dir, NULL };
    const char *early[] = { "desk", "reply", d09, "0001", "-o", reply, NULL };
    g_autofree char *e = run (2, render);
    g_autofree char *e2 = run (2, early);
  }
  g_free (decide (0, d09, "0001", "approved", "2026-10-12"));
  {
    const char *render[] = { "desk", "render", d09, "0001", "-o", out_dir, NULL };
    const char *argv[] = { "desk", "reply", d09, "0001", "-o", reply, NULL };
    const char *verify[] = { "verify", reply, "--json", NULL };
    g_autofree char *o1 = run (0, render);
    g_autofree char *o2 = run (0, argv);
    g_autofree char *o3 = run (0, verify);
    g_autoptr(JsonObject) v = parse_json (o3);
    g_autofree char *pdf = g_build_filename (out_dir, "annex3-09-1.pdf", NULL);

    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpstr (json_object_get_string_member (v, "kind"), ==, "review");
    /* The reply speaks for the day of the decision, not the panel's. */
    g_assert_cmpstr (json_object_get_string_member (v, "created"), ==, "2026-10-12T00:00:00+08:00");
  }
  {
    const char *import[] = { "import", jc, "-o", mine, NULL };
    const char *import_other[] = { "import", ty, "-o", other, NULL };
    const char *into[] = { "import", reply, "--into", mine, NULL };
    const char *wrong[] = { "import", reply, "--into", other, NULL };
    const char *not_review[] = { "import", jc, "--into", mine, NULL };
    g_autofree char *o1 = run (0, import);
    g_autofree char *o2 = run (0, import_other);
    g_autofree char *other_sha = dbo_test_file_sha256 (other);
    g_autofree char *e1 = run (2, wrong);
    g_autofree char *e2 = run (2, not_review);
    g_autofree char *o3 = run (0, into);
    g_autofree char *o4 = run (0, into);

    assert_file_unchanged (other, other_sha);
    g_assert_nonnull (strstr (o4, "nothing changed"));
  }
  {
    g_autoptr(DboStore) store = dbo_store_open_full (mine, DBO_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) snapshots = NULL;

    g_assert_no_error (error);
    p = dbo_store_load (store, &error);
    g_assert_no_error (error);
    snapshots = dbo_store_snapshot_list (store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (snapshots->len, ==, 1);
  }
  g_assert_cmpint (p->reviews->len, ==, 1);
  r = g_ptr_array_index (p->reviews, 0);
  g_assert_cmpstr (r->authority, ==, "09");
  g_assert_cmpstr (r->number, ==, "09-2026-0001");
  g_assert_cmpstr (r->decided, ==, "2026-10-12");
  g_assert_cmpstr (r->submitted, ==, "2026-09-30");
  g_assert_cmpint (r->outcome, ==, DBO_OUTCOME_APPROVED);
  g_assert_cmpstr (r->opinion, ==, "经审核，同意该定级。");
  /* The levels the desk listed are the levels recorded. */
  {
    JsonArray *objects = json_object_get_array_member (s, "objects");
    guint here = 0;

    for (guint i = 0; i < json_array_get_length (objects); i++)
      {
        JsonObject *o = json_array_get_object_element (objects, i);

        if (!json_object_get_boolean_member (o, "reviewed_here"))
          continue;
        g_assert_cmpstr (g_array_index (r->levels, DboReviewLevel, here).object_id, ==,
                         json_object_get_string_member (o, "id"));
        g_assert_cmpint (g_array_index (r->levels, DboReviewLevel, here).value, ==,
                         json_object_get_int_member (o, "level"));
        here++;
      }
    g_assert_cmpint (here, ==, r->levels->len);
  }
}

/* The quarterly CSV: BOM, the exact header, one row per enterprise, totals
 * that are the sums of the rows. */
static void
test_report_csv (void)
{
  static const char header[] = "企业名称,统一社会信用代码,地市,企业类型,安全生产标准化等级,定级对象数,第二级,第三级,"
                               "第四级,已审核通过,通知改正,重新定级,已备案,测评到期,测评逾期";
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *jc = bundle (&jincheng);
  g_autofree char *pr = bundle (&province);
  g_autofree char *d00 = new_desk (dir, "00");
  g_autofree char *out_dir = g_build_filename (dir, "report", NULL);
  g_autofree char *csv_path = g_build_filename (out_dir, "report-2026Q4.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (out_dir, "report-2026Q4.pdf", NULL);
  g_autoptr(JsonObject) a = receive (d00, jc, "2026-10-09");
  g_autoptr(JsonObject) b = receive (d00, pr, "2026-10-09");
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint sums[10] = { 0 };

  g_free (decide (0, d00, "0001", "approved", "2026-10-12"));
  g_free (decide (0, d00, "0002", "correct", "2026-10-12"));
  {
    const char *argv[] = { "desk", "report", d00, "--quarter", "2026Q4", "-o", out_dir, NULL };
    const char *bad[] = { "desk", "report", d00, "--quarter", "2026Q5", "-o", out_dir, NULL };
    g_autofree char *o = run (0, argv);
    g_autofree char *e = run (2, bad);
  }
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf"));
  lines = g_strsplit (csv + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, header);
  g_assert_cmpint (g_strv_length (lines), ==, 5);   /* header, 2 enterprises, 合计, "" */
  for (guint i = 1; i <= 2; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);

      g_assert_cmpint (g_strv_length (f), ==, 15);
      g_assert_cmpstr (f[2], ==, "09");
      g_assert_cmpstr (f[5], ==, "9");
      for (guint k = 0; k < 10; k++)
        sums[k] += (guint) g_ascii_strtoull (f[5 + k], NULL, 10);
    }
  {
    g_auto(GStrv) total = g_strsplit (lines[3], ",", -1);

    g_assert_cmpstr (total[0], ==, "合计");
    for (guint k = 0; k < 10; k++)
      g_assert_cmpuint ((guint) g_ascii_strtoull (total[5 + k], NULL, 10), ==, sums[k]);
    g_assert_cmpstr (total[9], ==, "1");    /* 已审核通过 */
    g_assert_cmpstr (total[10], ==, "1");   /* 通知改正 */
  }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  bundles_dir = g_dir_make_tmp ("dengbao-desk-XXXXXX", NULL);
  g_assert_nonnull (bundles_dir);
  g_test_add_func ("/cli/desk/init", test_init);
  g_test_add_func ("/cli/desk/receive/routing", test_receive_routing);
  g_test_add_func ("/cli/desk/receive/idempotent-and-rounds", test_receive_idempotent_and_rounds);
  g_test_add_func ("/cli/desk/decide/numbers", test_decide_numbers);
  g_test_add_func ("/cli/desk/reply/round-trip", test_render_reply_round_trip);
  g_test_add_func ("/cli/desk/report/csv", test_report_csv);
  g_test_add_func ("/cli/desk/snapshots-backup", test_snapshots_backup);
  rc = g_test_run ();
  remove_tree (bundles_dir);
  g_free (bundles_dir);
  return rc;
}
