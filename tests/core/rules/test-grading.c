/* test-grading.c — levels from harms (GB/T 22240-2020), explanations,
 * the harm list of the CLI and the canonical graded data
 */
#include "dbo-test-utils.h"

#include <string.h>

#include "dbo-grading.h"

static DboRuleset *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  DboRuleset *rules = dbo_ruleset_load_default (&error);

  g_assert_no_error (error);
  return rules;
}

static GArray *
harms_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  GArray *harms = dbo_grading_parse_harms (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (harms);
  return harms;
}

/* Sets an object's harms from two CLI-style lists. */
static void
set_harms (DboObject *object, const char *business, const char *service)
{
  const char *lists[DBO_N_ASPECTS] = { business, service };

  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      g_autoptr(GArray) harms = harms_of (lists[a]);

      for (int t = 0; t < DBO_N_TARGETS; t++)
        dbo_object_set_harm (object, a, t, -1);
      for (guint i = 0; i < harms->len; i++)
        {
          DboHarm *h = &g_array_index (harms, DboHarm, i);

          dbo_object_set_harm (object, a, h->target, h->degree);
        }
    }
}

/* ---- single cells, both aspects ---- */

typedef struct {
  const char *harm;
  int level;
  const char *explain;
} CellCase;

static const CellCase cell_cases[] = {
  { "citizen:general", 1, "公民、法人和其他组织的合法权益 × 一般损害 → 第一级" },
  { "citizen:serious", 2, "公民、法人和其他组织的合法权益 × 严重损害 → 第二级" },
  { "citizen:especially-serious", 2, "公民、法人和其他组织的合法权益 × 特别严重损害 → 第二级" },
  { "social:general", 2, "社会秩序、公共利益 × 一般损害 → 第二级" },
  { "social:serious", 3, "社会秩序、公共利益 × 严重损害 → 第三级" },
  { "social:especially-serious", 4, "社会秩序、公共利益 × 特别严重损害 → 第四级" },
  { "national:general", 3, "国家安全 × 一般损害 → 第三级" },
  { "national:serious", 4, "国家安全 × 严重损害 → 第四级" },
  { "national:especially-serious", 5, "国家安全 × 特别严重损害 → 第五级" },
};

static void
test_cell (gconstpointer data)
{
  const CellCase *c = data;
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GArray) harms = harms_of (c->harm);
  g_autofree char *aspect_text = dbo_grading_explain_aspect (rules, harms);

  g_assert_cmpint (dbo_grading_aspect_level (rules, harms), ==, c->level);
  g_assert_cmpstr (aspect_text, ==, c->explain);

  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      g_autoptr(DboObject) object = dbo_object_new ("o1");
      g_autofree char *expected = NULL;
      g_autofree char *text = NULL;

      set_harms (object, a == DBO_ASPECT_BUSINESS ? c->harm : "none",
                 a == DBO_ASPECT_SERVICE ? c->harm : "none");
      g_assert_cmpint (dbo_grading_aspect_level (rules, object->aspects[a].harms), ==, c->level);
      g_assert_cmpint (dbo_grading_aspect_level (rules, object->aspects[1 - a].harms), ==, 1);
      g_assert_cmpint (dbo_grading_computed_level (rules, object), ==, c->level);
      g_assert_cmpint (dbo_grading_drafted_level (rules, object), ==, c->level);

      if (a == DBO_ASPECT_BUSINESS)
        expected = g_strdup_printf ("业务信息安全：%s；系统服务安全：未选择受侵害的客体 → 第一级；取两者较高者 → %s",
                                    c->explain, dbo_level_zh (c->level));
      else
        expected = g_strdup_printf ("业务信息安全：未选择受侵害的客体 → 第一级；系统服务安全：%s；取两者较高者 → %s",
                                    c->explain, dbo_level_zh (c->level));
      text = dbo_grading_explain (rules, object);
      g_assert_cmpstr (text, ==, expected);
    }
}

/* ---- several harms, both aspects ---- */

typedef struct {
  const char *name;
  const char *business;
  const char *service;
  int business_level;
  int service_level;
  int computed;
  const char *explain;
} ObjectCase;

static const ObjectCase object_cases[] = {
  { "none", "none", "none", 1, 1, 1,
    "业务信息安全：未选择受侵害的客体 → 第一级；系统服务安全：未选择受侵害的客体 → 第一级；取两者较高者 → 第一级" },
  { "issue-example", "social:general", "citizen:general", 2, 1, 2,
    "业务信息安全：社会秩序、公共利益 × 一般损害 → 第二级；"
    "系统服务安全：公民、法人和其他组织的合法权益 × 一般损害 → 第一级；取两者较高者 → 第二级" },
  { "service-higher", "social:general", "national:general", 2, 3, 3,
    "业务信息安全：社会秩序、公共利益 × 一般损害 → 第二级；"
    "系统服务安全：国家安全 × 一般损害 → 第三级；取两者较高者 → 第三级" },
  { "multi-business", "citizen:serious,national:general", "social:general", 3, 2, 3,
    "业务信息安全：公民、法人和其他组织的合法权益 × 严重损害 → 第二级，国家安全 × 一般损害 → 第三级，取最高 → 第三级；"
    "系统服务安全：社会秩序、公共利益 × 一般损害 → 第二级；取两者较高者 → 第三级" },
  /* Listed in matrix order whatever order they were given in. */
  { "multi-reversed", "national:general,citizen:serious", "social:general", 3, 2, 3,
    "业务信息安全：公民、法人和其他组织的合法权益 × 严重损害 → 第二级，国家安全 × 一般损害 → 第三级，取最高 → 第三级；"
    "系统服务安全：社会秩序、公共利益 × 一般损害 → 第二级；取两者较高者 → 第三级" },
  { "three-harms", "citizen:general,social:especially-serious,national:serious", "none", 4, 1, 4,
    "业务信息安全：公民、法人和其他组织的合法权益 × 一般损害 → 第一级，社会秩序、公共利益 × 特别严重损害 → 第四级，"
    "国家安全 × 严重损害 → 第四级，取最高 → 第四级；系统服务安全：未选择受侵害的客体 → 第一级；取两者较高者 → 第四级" },
  { "citizen-only-both", "citizen:especially-serious", "citizen:serious", 2, 2, 2,
    "业务信息安全：公民、法人和其他组织的合法权益 × 特别严重损害 → 第二级；"
    "系统服务安全：公民、法人和其他组织的合法权益 × 严重损害 → 第二级；取两者较高者 → 第二级" },
  { "both-multi", "citizen:general,social:general", "social:serious,national:especially-serious", 2, 5, 5,
    "业务信息安全：公民、法人和其他组织的合法权益 × 一般损害 → 第一级，社会秩序、公共利益 × 一般损害 → 第二级，取最高 → 第二级；"
    "系统服务安全：社会秩序、公共利益 × 严重损害 → 第三级，国家安全 × 特别严重损害 → 第五级，取最高 → 第五级；"
    "取两者较高者 → 第五级" },
};

static void
test_object (gconstpointer data)
{
  const ObjectCase *c = data;
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboObject) object = dbo_object_new ("o1");
  g_autofree char *text = NULL;

  set_harms (object, c->business, c->service);
  g_assert_cmpint (dbo_grading_aspect_level (rules, object->aspects[DBO_ASPECT_BUSINESS].harms), ==,
                   c->business_level);
  g_assert_cmpint (dbo_grading_aspect_level (rules, object->aspects[DBO_ASPECT_SERVICE].harms), ==,
                   c->service_level);
  g_assert_cmpint (dbo_grading_computed_level (rules, object), ==, c->computed);
  g_assert_cmpint (dbo_grading_drafted_level (rules, object), ==, c->computed);
  text = dbo_grading_explain (rules, object);
  g_assert_cmpstr (text, ==, c->explain);
}

static void
test_no_harms (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (DboHarm));
  g_autofree char *text = dbo_grading_explain_aspect (rules, NULL);
  g_autofree char *text2 = dbo_grading_explain_aspect (rules, empty);

  g_assert_cmpint (dbo_grading_aspect_level (rules, NULL), ==, 1);
  g_assert_cmpint (dbo_grading_aspect_level (rules, empty), ==, 1);
  g_assert_cmpstr (text, ==, "未选择受侵害的客体 → 第一级");
  g_assert_cmpstr (text2, ==, text);
}

/* ---- overrides ---- */

static void
test_override (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboObject) object = dbo_object_new ("o1");
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  set_harms (object, "social:general", "citizen:general");
  object->override_level = 3;
  dbo_set_str (&object->override_reason, "承载全矿安全监测数据");

  /* The computed level ignores the override; the drafted level takes it. */
  g_assert_cmpint (dbo_grading_computed_level (rules, object), ==, 2);
  g_assert_cmpint (dbo_grading_drafted_level (rules, object), ==, 3);
  text = dbo_grading_explain (rules, object);
  g_assert_cmpstr (text, ==,
                   "业务信息安全：社会秩序、公共利益 × 一般损害 → 第二级；"
                   "系统服务安全：公民、法人和其他组织的合法权益 × 一般损害 → 第一级；"
                   "取两者较高者 → 第二级；调整为第三级（理由：承载全矿安全监测数据）");

  /* An override may also lower the level; it is still shown. */
  object->override_level = 1;
  g_assert_cmpint (dbo_grading_drafted_level (rules, object), ==, 1);
  g_assert_cmpint (dbo_grading_computed_level (rules, object), ==, 2);

  /* No reason given: said so, not hidden. */
  object->override_level = 4;
  dbo_set_str (&object->override_reason, NULL);
  text2 = dbo_grading_explain (rules, object);
  g_assert_true (g_str_has_suffix (text2, "；调整为第四级（理由：未填写）"));

  object->override_level = 0;
  g_assert_cmpint (dbo_grading_drafted_level (rules, object), ==, 2);
}

/* ---- the effective level ---- */

static DboReview *
add_review (DboProject *project, int round, gboolean has_outcome, DboOutcome outcome,
            const char *object_id, int value)
{
  DboReview *review = dbo_review_new (round);

  review->has_outcome = has_outcome;
  review->outcome = outcome;
  if (object_id != NULL)
    {
      DboReviewLevel level = { g_strdup (object_id), value };

      g_array_append_val (review->levels, level);
    }
  g_ptr_array_add (project->reviews, review);
  return review;
}

/* A round covers the objects it names, and the reviewed ones routed to its bureau. */
static void
test_review_scope (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboProject) project = dbo_project_new ();
  DboObject *local = dbo_object_new ("o1");
  DboObject *wide = dbo_object_new ("o2");
  DboObject *kept = dbo_object_new ("o3");
  DboReview *city, *province;
  g_autoptr(GPtrArray) city_scope = NULL;
  g_autoptr(GPtrArray) province_scope = NULL;
  g_autoptr(GPtrArray) named = NULL;

  dbo_set_str (&project->enterprise.city, "09");
  g_ptr_array_add (project->objects, local);
  g_ptr_array_add (project->objects, wide);
  g_ptr_array_add (project->objects, kept);
  set_harms (local, "social:general", "none");       /* 2, local: the city */
  set_harms (wide, "social:serious", "none");        /* 3, cross-city: the province */
  wide->scope = DBO_SCOPE_CROSS_CITY;
  set_harms (kept, "citizen:general", "none");       /* 1: not reviewed */

  city = add_review (project, 1, FALSE, DBO_OUTCOME_APPROVED, NULL, 0);
  dbo_set_str (&city->authority, "09");
  province = add_review (project, 2, FALSE, DBO_OUTCOME_APPROVED, NULL, 0);
  dbo_set_str (&province->authority, "00");
  city_scope = dbo_grading_review_scope (rules, project, city);
  province_scope = dbo_grading_review_scope (rules, project, province);
  g_assert_cmpuint (city_scope->len, ==, 1);
  g_assert_true (g_ptr_array_index (city_scope, 0) == local);
  g_assert_cmpuint (province_scope->len, ==, 1);
  g_assert_true (g_ptr_array_index (province_scope, 0) == wide);

  /* A level the round already gives keeps the object in it. */
  {
    DboReviewLevel level = { g_strdup ("o3"), 2 };

    g_array_append_val (city->levels, level);
  }
  named = dbo_grading_review_scope (rules, project, city);
  g_assert_cmpuint (named->len, ==, 2);
  g_assert_true (g_ptr_array_index (named, 1) == kept);
}

static void
test_effective (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboProject) project = dbo_project_new ();
  DboObject *object = dbo_object_new ("o1");
  DboObject *other = dbo_object_new ("o2");
  DboReview *review;

  g_ptr_array_add (project->objects, object);
  g_ptr_array_add (project->objects, other);
  set_harms (object, "social:general", "none");      /* computed 2 */
  set_harms (other, "national:general", "none");     /* computed 3 */

  /* Nothing decided yet: the drafted level. */
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);
  object->override_level = 3;
  dbo_set_str (&object->override_reason, "reason");
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 3);
  g_assert_cmpint (dbo_grading_proposed_level (rules, project, object), ==, 3);

  /* The panel's recommendation wins over the draft. */
  g_ptr_array_add (project->panel.recommendations, dbo_recommendation_new ("o2", 5, "other object"));
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 3);
  g_ptr_array_add (project->panel.recommendations, dbo_recommendation_new ("o1", 2, "panel"));
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);
  g_assert_cmpint (dbo_grading_effective_level (rules, project, other), ==, 5);
  g_assert_cmpint (dbo_grading_proposed_level (rules, project, object), ==, 2);

  /* A review without a decision, or asking for corrections, changes nothing. */
  review = add_review (project, 1, FALSE, DBO_OUTCOME_APPROVED, "o1", 4);
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);
  review->has_outcome = TRUE;
  review->outcome = DBO_OUTCOME_CORRECT;
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);
  review->outcome = DBO_OUTCOME_REGRADE;
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);

  /* Approved: the bureau's value. */
  review->outcome = DBO_OUTCOME_APPROVED;
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 4);
  /* What was proposed to the bureau stays the panel's level. */
  g_assert_cmpint (dbo_grading_proposed_level (rules, project, object), ==, 2);
  /* An approved review that does not list the object: the recommendation. */
  g_assert_cmpint (dbo_grading_effective_level (rules, project, other), ==, 5);

  /* A later round asking for corrections supersedes the approval… */
  review = add_review (project, 2, TRUE, DBO_OUTCOME_CORRECT, "o1", 3);
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 2);
  /* …and its approval counts, even stored before the older round. */
  review->outcome = DBO_OUTCOME_APPROVED;
  g_ptr_array_remove_index (project->reviews, 1);      /* frees round 2 */
  review = dbo_review_new (2);
  review->has_outcome = TRUE;
  review->outcome = DBO_OUTCOME_APPROVED;
  {
    DboReviewLevel l1 = { g_strdup ("o2"), 4 };
    DboReviewLevel l2 = { g_strdup ("o1"), 3 };

    g_array_append_val (review->levels, l1);
    g_array_append_val (review->levels, l2);
  }
  g_ptr_array_insert (project->reviews, 0, review);
  g_assert_cmpint (dbo_grading_effective_level (rules, project, object), ==, 3);
  g_assert_cmpint (dbo_grading_effective_level (rules, project, other), ==, 4);
}

/* ---- the CLI harm list ---- */

typedef struct {
  const char *text;
  int n;
  DboHarm harms[3];
} ParseCase;

static const ParseCase parse_good[] = {
  { "none", 0, { { 0 } } },
  { " none ", 0, { { 0 } } },
  { "citizen:general", 1, { { DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL } } },
  { "national:especially-serious", 1, { { DBO_TARGET_NATIONAL, DBO_DEGREE_ESPECIALLY_SERIOUS } } },
  { "citizen:general,social:serious", 2,
    { { DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL }, { DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS } } },
  { "social:serious, citizen:general", 2,
    { { DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS }, { DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL } } },
  { "citizen:especially-serious,social:general,national:serious", 3,
    { { DBO_TARGET_CITIZEN, DBO_DEGREE_ESPECIALLY_SERIOUS }, { DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL },
      { DBO_TARGET_NATIONAL, DBO_DEGREE_SERIOUS } } },
};

static void
test_parse_good (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(GArray) harms = harms_of (c->text);

  g_assert_cmpuint (harms->len, ==, (guint) c->n);
  for (int i = 0; i < c->n; i++)
    {
      g_assert_cmpint (g_array_index (harms, DboHarm, i).target, ==, c->harms[i].target);
      g_assert_cmpint (g_array_index (harms, DboHarm, i).degree, ==, c->harms[i].degree);
    }
}

typedef struct {
  const char *text;
  const char *in_message;
} BadParse;

static const BadParse parse_bad[] = {
  { "", "no harm given" },
  { NULL, "no harm given" },
  { "   ", "no harm given" },
  { "citizen", "“citizen” is not target:degree" },
  { "foo:general", "unknown target “foo” in “foo:general”" },
  { "citizen:bad", "unknown degree “bad” in “citizen:bad”" },
  { "Citizen:general", "unknown target “Citizen”" },
  { ":general", "unknown target “”" },
  { "citizen:", "unknown degree “”" },
  { "citizen:general,citizen:serious", "“citizen:serious”: the target citizen is given twice" },
  { "citizen:general,,social:serious", "item 2 is empty" },
  { "citizen:general,", "item 2 is empty" },
  { ",citizen:general", "item 1 is empty" },
  { "none,citizen:general", "“none” is not target:degree" },
  { "citizen:general:serious", "unknown degree “general:serious”" },
  { "social=serious", "“social=serious” is not target:degree" },
};

static void
test_parse_bad (gconstpointer data)
{
  const BadParse *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) harms = dbo_grading_parse_harms (c->text, &error);

  g_assert_null (harms);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  if (strstr (error->message, c->in_message) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, c->in_message);
}

/* ---- canonical graded data ---- */

static DboProject *
small_project (void)
{
  DboProject *project = dbo_project_new ();
  DboObject *o;

  /* Added out of order: the text sorts by id, byte-wise (o1 < o10 < o2). */
  o = dbo_object_new ("o2");
  dbo_set_str (&o->name, "Tab\tNew\nCR\rBack\\slash");
  o->preset = DBO_PRESET_VIDEO;
  o->scope = DBO_SCOPE_CROSS_CITY;
  dbo_set_str (&o->department, "调度室");
  g_ptr_array_add (project->objects, o);

  o = dbo_object_new ("o1");
  dbo_set_str (&o->name, "矿用有线调度通信系统");
  o->preset = DBO_PRESET_DISPATCH;
  o->scope = DBO_SCOPE_LOCAL;
  dbo_set_str (&o->department, "信息中心");
  /* Business harms given social first: the text lists citizen first. */
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  g_ptr_array_add (project->objects, o);

  o = dbo_object_new ("o10");
  dbo_set_str (&o->name, "数据汇聚平台");
  o->preset = DBO_PRESET_NONE;
  o->scope = DBO_SCOPE_PROVINCE;
  o->aggregation_platform = TRUE;
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_NATIONAL, DBO_DEGREE_GENERAL);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
  o->override_level = 4;
  dbo_set_str (&o->override_reason, "全省联网\t(见附件)");
  g_ptr_array_add (project->objects, o);

  g_ptr_array_add (project->panel.recommendations, dbo_recommendation_new ("o2", 2, "同意"));
  g_ptr_array_add (project->panel.recommendations, dbo_recommendation_new ("o10", 4, "line1\nline2\r\n"));
  g_ptr_array_add (project->panel.recommendations, dbo_recommendation_new ("o1", 2, NULL));

  dbo_set_str (&project->title, "测试项目");
  dbo_set_str (&project->enterprise.name, "某煤矿");
  dbo_set_str (&project->enterprise.department, "信息中心");
  return project;
}

static const char expected_small[] =
  "dengbao-graded-data 1\n"
  "object\to1\t矿用有线调度通信系统\tdispatch\tlocal\tfalse\n"
  "harm\tbusiness\tcitizen\tserious\n"
  "harm\tbusiness\tsocial\tgeneral\n"
  "harm\tservice\tcitizen\tgeneral\n"
  "object\to10\t数据汇聚平台\t-\tprovince\ttrue\n"
  "harm\tbusiness\tsocial\tserious\n"
  "harm\tservice\tnational\tgeneral\n"
  "override\t4\t全省联网\\t(见附件)\n"
  "object\to2\tTab\\tNew\\nCR\\rBack\\\\slash\tvideo\tcross-city\tfalse\n"
  "recommendation\to1\t2\t\n"
  "recommendation\to10\t4\tline1\\nline2\\r\\n\n"
  "recommendation\to2\t2\t同意\n";

static void
test_canonical_small (void)
{
  g_autoptr(DboProject) project = small_project ();
  g_autofree char *text = dbo_grading_canonical_data (project);
  g_autofree char *hash = dbo_grading_data_sha256 (project);
  g_autofree char *expected_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expected_small, -1);

  g_assert_cmpstr (text, ==, expected_small);
  g_assert_cmpstr (hash, ==, expected_hash);
  g_assert_cmpuint (strlen (hash), ==, 64);
  for (const char *p = hash; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
}

static void
test_canonical_empty (void)
{
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autofree char *text = dbo_grading_canonical_data (project);
  g_autofree char *hash = dbo_grading_data_sha256 (project);
  DboObject *o = dbo_object_new ("o1");

  g_assert_cmpstr (text, ==, "dengbao-graded-data 1\n");
  /* SHA-256 of "dengbao-graded-data 1\n", computed independently. */
  g_assert_cmpstr (hash, ==, "5dcb4db5fd41092712a821195c8c7609eed53ae164700539941eca25f1e82b67");

  /* An object with nothing filled: empty name, no preset, local. */
  g_ptr_array_add (project->objects, o);
  g_clear_pointer (&text, g_free);
  text = dbo_grading_canonical_data (project);
  g_assert_cmpstr (text, ==, "dengbao-graded-data 1\nobject\to1\t\t-\tlocal\tfalse\n");
}

/* The hash follows what the panel judged, and nothing else. */
typedef void (*Edit) (DboProject *project);

static void edit_harm_degree (DboProject *p) { dbo_object_set_harm (dbo_project_find_object (p, "o1"), DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS); }
static void edit_harm_added (DboProject *p) { dbo_object_set_harm (dbo_project_find_object (p, "o2"), DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL); }
static void edit_harm_removed (DboProject *p) { dbo_object_set_harm (dbo_project_find_object (p, "o1"), DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, -1); }
static void edit_harm_aspect (DboProject *p)
{
  DboObject *o = dbo_project_find_object (p, "o1");

  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, -1);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_NATIONAL, DBO_DEGREE_GENERAL);
}
static void edit_override_level (DboProject *p) { dbo_project_find_object (p, "o10")->override_level = 3; }
static void edit_override_reason (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o10")->override_reason, "另一理由"); }
static void edit_override_added (DboProject *p) { dbo_project_find_object (p, "o1")->override_level = 3; }
static void edit_name (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->name, "调度系统"); }
static void edit_preset (DboProject *p) { dbo_project_find_object (p, "o1")->preset = DBO_PRESET_BROADCAST; }
static void edit_scope (DboProject *p) { dbo_project_find_object (p, "o1")->scope = DBO_SCOPE_NATIONAL; }
static void edit_aggregation (DboProject *p) { dbo_project_find_object (p, "o1")->aggregation_platform = TRUE; }
static void edit_recommendation_level (DboProject *p) { ((DboRecommendation *) g_ptr_array_index (p->panel.recommendations, 0))->level = 3; }
static void edit_recommendation_reason (DboProject *p) { dbo_set_str (&((DboRecommendation *) g_ptr_array_index (p->panel.recommendations, 2))->reason, "同意"); }
static void edit_object_added (DboProject *p) { g_ptr_array_add (p->objects, dbo_object_new ("o3")); }
static void edit_object_removed (DboProject *p) { g_ptr_array_remove_index (p->objects, 0); }

static void edit_department (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->department, "调度室"); }
static void edit_owner (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->owner_name, "张三"); }
static void edit_description (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->aspects[0].description, "说明"); }
static void edit_business (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->business_description, "业务"); }
static void edit_number (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->number, "001"); }
static void edit_enterprise (DboProject *p) { dbo_set_str (&p->enterprise.name, "另一煤矿"); }
static void edit_title (DboProject *p) { dbo_set_str (&p->title, "新标题"); }
static void edit_panel_date (DboProject *p) { dbo_set_str (&p->panel.date, "2021-05-01"); }
static void edit_drafted (DboProject *p) { dbo_set_str (&dbo_project_find_object (p, "o1")->drafted, "2021-04-01"); }
static void edit_reordered (DboProject *p)
{
  gpointer first = g_ptr_array_steal_index (p->objects, 0);

  g_ptr_array_add (p->objects, first);
  first = g_ptr_array_steal_index (p->panel.recommendations, 0);
  g_ptr_array_add (p->panel.recommendations, first);
}
static void edit_harm_order (DboProject *p)
{
  DboObject *o = dbo_project_find_object (p, "o1");

  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, -1);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_SERIOUS);
}
static void edit_review (DboProject *p) { add_review (p, 1, TRUE, DBO_OUTCOME_APPROVED, "o1", 3); }

typedef struct {
  const char *name;
  Edit edit;
  gboolean changes;
} EditCase;

static const EditCase edit_cases[] = {
  { "harm-degree", edit_harm_degree, TRUE },
  { "harm-added", edit_harm_added, TRUE },
  { "harm-removed", edit_harm_removed, TRUE },
  { "harm-aspect", edit_harm_aspect, TRUE },
  { "override-level", edit_override_level, TRUE },
  { "override-reason", edit_override_reason, TRUE },
  { "override-added", edit_override_added, TRUE },
  { "name", edit_name, TRUE },
  { "preset", edit_preset, TRUE },
  { "scope", edit_scope, TRUE },
  { "aggregation", edit_aggregation, TRUE },
  { "recommendation-level", edit_recommendation_level, TRUE },
  { "recommendation-reason", edit_recommendation_reason, TRUE },
  { "object-added", edit_object_added, TRUE },
  { "object-removed", edit_object_removed, TRUE },
  { "department", edit_department, FALSE },
  { "owner", edit_owner, FALSE },
  { "aspect-description", edit_description, FALSE },
  { "business-description", edit_business, FALSE },
  { "number", edit_number, FALSE },
  { "enterprise", edit_enterprise, FALSE },
  { "title", edit_title, FALSE },
  { "panel-date", edit_panel_date, FALSE },
  { "drafted-date", edit_drafted, FALSE },
  { "reordered", edit_reordered, FALSE },
  { "harm-order", edit_harm_order, FALSE },
  { "review", edit_review, FALSE },
};

static void
test_hash_edit (gconstpointer data)
{
  const EditCase *c = data;
  g_autoptr(DboProject) project = small_project ();
  g_autofree char *before = dbo_grading_data_sha256 (project);
  g_autofree char *after = NULL;

  c->edit (project);
  after = dbo_grading_data_sha256 (project);
  if (c->changes)
    g_assert_cmpstr (before, !=, after);
  else
    g_assert_cmpstr (before, ==, after);

  /* A copy hashes the same as its original. */
  {
    g_autoptr(DboProject) copy = dbo_project_copy (project);
    g_autofree char *copied = dbo_grading_data_sha256 (copy);

    g_assert_cmpstr (copied, ==, after);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grading/cell/%s", cell_cases[i].harm);

      g_test_add_data_func (path, &cell_cases[i], test_cell);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (object_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grading/object/%s", object_cases[i].name);

      g_test_add_data_func (path, &object_cases[i], test_object);
    }
  g_test_add_func ("/grading/no-harms", test_no_harms);
  g_test_add_func ("/grading/override", test_override);
  g_test_add_func ("/grading/effective", test_effective);
  g_test_add_func ("/grading/review-scope", test_review_scope);
  for (gsize i = 0; i < G_N_ELEMENTS (parse_good); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grading/parse/good/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &parse_good[i], test_parse_good);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (parse_bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grading/parse/bad/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &parse_bad[i], test_parse_bad);
    }
  g_test_add_func ("/grading/canonical/small", test_canonical_small);
  g_test_add_func ("/grading/canonical/empty", test_canonical_empty);
  for (gsize i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/grading/hash/%s", edit_cases[i].name);

      g_test_add_data_func (path, &edit_cases[i], test_hash_edit);
    }

  return g_test_run ();
}
