/* test-ruleset.c — every rule of the default rule set, and refused rule sets
 *
 * Expected values come from the seed notice as data/rulesets/README.md
 * summarises it, not from the shipped XML.
 */
#include "dbo-test-utils.h"

#include <string.h>

#include "dbo-ruleset.h"

#define SEED "晋能源信监发〔2021〕94号"

static DboRuleset *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  DboRuleset *rules = dbo_ruleset_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” should contain “%s”", haystack ? haystack : "(null)", needle);
}

/* ---- identity ---- */

static void
test_default (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  g_autoptr(DboRuleset) named = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (dbo_ruleset_get_id (rules), ==, "shanxi-coal-2021");
  g_assert_cmpstr (dbo_ruleset_get_id (rules), ==, DBO_DEFAULT_RULESET);
  g_assert_cmpstr (dbo_ruleset_get_title (rules), ==,
                   "Shanxi coal 2021 (晋能源信监发〔2021〕94号, GB/T 22240-2020, MPS 2007 备案表)");

  named = dbo_ruleset_load_named ("shanxi-coal-2021", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dbo_ruleset_get_title (named), ==, dbo_ruleset_get_title (rules));
}

/* The shipped file also loads as an outside file, i.e. it passes ruleset.xsd. */
static void
test_source_file_validates (void)
{
  g_autofree char *path = dbo_test_source_path ("data", "rulesets", "shanxi-coal-2021.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dbo_ruleset_get_id (rules), ==, "shanxi-coal-2021");
  g_assert_cmpint (dbo_ruleset_matrix_level (rules, DBO_TARGET_NATIONAL, DBO_DEGREE_ESPECIALLY_SERIOUS), ==, 5);
}

static const char *bad_ids[] = {
  "../shanxi-coal-2021", "rulesets/shanxi-coal-2021", "/etc/passwd", "..", "a/../b",
  "shanxi coal", "", "no-such-set", "shanxi-coal-2021.xml",
};

static void
test_named_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DboRuleset) rules = dbo_ruleset_load_named (bad_ids[i], &error);

      g_assert_null (rules);
      g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_NOT_FOUND);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DboRuleset) rules = dbo_ruleset_load_named (NULL, &error);

    g_assert_null (rules);
    g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_NOT_FOUND);
  }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_file ("/nonexistent/rules.xml", &error);

  g_assert_null (rules);
  g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_NOT_FOUND);
  assert_contains (error->message, "/nonexistent/rules.xml");
}

/* ---- the matrix (GB/T 22240-2020) ---- */

typedef struct {
  DboTarget target;
  DboDegree degree;
  int level;
} Cell;

static const Cell cells[] = {
  { DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL, 1 },
  { DBO_TARGET_CITIZEN, DBO_DEGREE_SERIOUS, 2 },
  { DBO_TARGET_CITIZEN, DBO_DEGREE_ESPECIALLY_SERIOUS, 2 },
  { DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL, 2 },
  { DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS, 3 },
  { DBO_TARGET_SOCIAL, DBO_DEGREE_ESPECIALLY_SERIOUS, 4 },
  { DBO_TARGET_NATIONAL, DBO_DEGREE_GENERAL, 3 },
  { DBO_TARGET_NATIONAL, DBO_DEGREE_SERIOUS, 4 },
  { DBO_TARGET_NATIONAL, DBO_DEGREE_ESPECIALLY_SERIOUS, 5 },
};

static void
test_matrix_cell (gconstpointer data)
{
  const Cell *c = data;
  g_autoptr(DboRuleset) rules = load_default ();

  g_assert_cmpint (dbo_ruleset_matrix_level (rules, c->target, c->degree), ==, c->level);
}

static void
test_matrix_clause (void)
{
  g_autoptr(DboRuleset) rules = load_default ();

  g_assert_cmpstr (dbo_ruleset_matrix_clause (rules), ==, "GB/T 22240-2020 表2");
  /* Out of range asks get 0, never a crash. */
  g_assert_cmpint (dbo_ruleset_matrix_level (rules, (DboTarget) 7, DBO_DEGREE_GENERAL), ==, 0);
  g_assert_cmpint (dbo_ruleset_matrix_level (rules, DBO_TARGET_SOCIAL, (DboDegree) -1), ==, 0);
}

/* ---- minimums (§三(一)2) ---- */

typedef struct {
  const char *name;
  DboPreset preset;
  DboScope scope;
  gboolean aggregation;
  int level;                      /* 0 = no minimum */
  const char *rule_id;
} MinimumCase;

static const MinimumCase minimum_cases[] = {
  { "dispatch", DBO_PRESET_DISPATCH, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "broadcast", DBO_PRESET_BROADCAST, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "safety-monitoring", DBO_PRESET_SAFETY_MONITORING, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "personnel", DBO_PRESET_PERSONNEL, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "video", DBO_PRESET_VIDEO, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "output", DBO_PRESET_OUTPUT, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "intelligent-face", DBO_PRESET_INTELLIGENT_FACE, DBO_SCOPE_LOCAL, FALSE, 2, "named-systems" },
  { "preset-national", DBO_PRESET_SAFETY_MONITORING, DBO_SCOPE_NATIONAL, FALSE, 2, "named-systems" },
  { "none-local", DBO_PRESET_NONE, DBO_SCOPE_LOCAL, FALSE, 0, NULL },
  { "none-national", DBO_PRESET_NONE, DBO_SCOPE_NATIONAL, FALSE, 0, NULL },
  { "none-cross-city", DBO_PRESET_NONE, DBO_SCOPE_CROSS_CITY, FALSE, 0, NULL },
  { "aggregation-local", DBO_PRESET_NONE, DBO_SCOPE_LOCAL, TRUE, 0, NULL },
  { "aggregation-cross-city", DBO_PRESET_NONE, DBO_SCOPE_CROSS_CITY, TRUE, 3, "aggregation-platform" },
  { "aggregation-province", DBO_PRESET_NONE, DBO_SCOPE_PROVINCE, TRUE, 3, "aggregation-platform" },
  { "aggregation-national", DBO_PRESET_NONE, DBO_SCOPE_NATIONAL, TRUE, 3, "aggregation-platform" },
  /* Both rules apply: the higher wins. */
  { "preset-and-aggregation", DBO_PRESET_OUTPUT, DBO_SCOPE_PROVINCE, TRUE, 3, "aggregation-platform" },
  { "preset-and-local-aggregation", DBO_PRESET_OUTPUT, DBO_SCOPE_LOCAL, TRUE, 2, "named-systems" },
};

static void
test_minimum (gconstpointer data)
{
  const MinimumCase *c = data;
  g_autoptr(DboRuleset) rules = load_default ();
  g_autoptr(DboObject) object = dbo_object_new ("o1");
  const DboMinimumRule *rule = (const DboMinimumRule *) 0x1;

  object->preset = c->preset;
  object->scope = c->scope;
  object->aggregation_platform = c->aggregation;
  g_assert_cmpint (dbo_ruleset_minimum_for (rules, object, &rule), ==, c->level);
  if (c->rule_id == NULL)
    {
      g_assert_null (rule);
      return;
    }
  g_assert_nonnull (rule);
  g_assert_cmpstr (rule->id, ==, c->rule_id);
  g_assert_cmpint (rule->level, ==, c->level);
  g_assert_cmpstr (rule->clause, ==, SEED " §三(一)2");
  g_assert_nonnull (rule->text_en);
  g_assert_cmpuint (strlen (rule->text_en), >, 20);
  if (g_str_equal (c->rule_id, "named-systems"))
    {
      assert_contains (rule->text_zh, "矿用有线调度通信系统、井下应急广播系统、煤矿安全监控系统、"
                                      "煤矿井下作业人员管理系统、煤矿图像监视系统、煤矿产量监控系统");
      assert_contains (rule->text_zh, "智能化工业控制系统");
      assert_contains (rule->text_zh, "第二级及以上");
      g_assert_cmpuint (rule->presets, ==, 0xfe);   /* the seven presets, not "none" */
      g_assert_cmpuint (rule->scopes, ==, 0);
      g_assert_false (rule->needs_aggregation);
    }
  else
    {
      assert_contains (rule->text_zh, "跨设区的市或者全省、全国统一联网运行的数据汇聚平台");
      assert_contains (rule->text_zh, "不低于第三级");
      g_assert_cmpuint (rule->presets, ==, 0);
      g_assert_cmpuint (rule->scopes, ==, (1u << DBO_SCOPE_CROSS_CITY) | (1u << DBO_SCOPE_PROVINCE) |
                                          (1u << DBO_SCOPE_NATIONAL));
      g_assert_true (rule->needs_aggregation);
    }
  /* The out-parameter is optional. */
  g_assert_cmpint (dbo_ruleset_minimum_for (rules, object, NULL), ==, c->level);
}

/* ---- panel (§三(一)3), filing and materials ---- */

static void
test_panel (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  const DboPanelRules *panel = dbo_ruleset_get_panel_rules (rules);

  g_assert_cmpint (panel->min_members, ==, 3);
  g_assert_true (panel->odd);
  g_assert_cmpint (panel->leaders, ==, 1);
  g_assert_cmpuint (panel->required_kinds, ==, (1u << DBO_MEMBER_INFOSEC) | (1u << DBO_MEMBER_COAL_IT));
  g_assert_cmpstr (panel->clause, ==, SEED " §三(一)3");
  assert_contains (panel->text_zh, "信息安全专家和煤炭行业信息化专家");
  assert_contains (panel->text_zh, "单数");
  assert_contains (panel->text_zh, "不少于3名");
  assert_contains (panel->text_en, "odd");
  g_assert_true (panel->kinds[DBO_MEMBER_INFOSEC].required);
  g_assert_cmpstr (dbo_ruleset_member_kind_zh (rules, DBO_MEMBER_INFOSEC), ==, "信息安全专家");
  g_assert_cmpstr (dbo_ruleset_member_kind_zh (rules, DBO_MEMBER_COAL_IT), ==, "煤炭行业信息化专家");
  g_assert_cmpstr (panel->kinds[DBO_MEMBER_COAL_IT].name_en, ==, "coal-industry IT expert");
  assert_contains (panel->composition_zh, "信息安全专家和煤炭行业信息化专家构成");
  assert_contains (panel->composition_en, "coal-industry IT experts");
}

/* The named systems: names and what a new object for one starts with. */
static void
test_presets (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  GPtrArray *presets = dbo_ruleset_get_presets (rules);
  const DboPresetRule *face = dbo_ruleset_find_preset (rules, DBO_PRESET_INTELLIGENT_FACE);

  g_assert_cmpuint (presets->len, ==, DBO_N_PRESETS - 1);
  g_assert_cmpint (((DboPresetRule *) g_ptr_array_index (presets, 0))->preset, ==, DBO_PRESET_DISPATCH);
  g_assert_cmpstr (dbo_ruleset_preset_name (rules, DBO_PRESET_DISPATCH), ==, "矿用有线调度通信系统");
  g_assert_cmpstr (dbo_ruleset_preset_name (rules, DBO_PRESET_NONE), ==, "");
  g_assert_null (dbo_ruleset_find_preset (rules, DBO_PRESET_NONE));
  g_assert_cmpstr (face->name, ==, "智能化综采（掘）工作面工业控制系统");
  g_assert_cmpint (face->type, ==, DBO_OBJ_ICS);
  g_assert_cmpstr (face->business_types, ==, "1 3");
  assert_contains (face->description, "采掘设备远程集中控制");
}

static void
test_requirements (void)
{
  g_autoptr(DboRuleset) rules = load_default ();

  g_assert_cmpstr (dbo_ruleset_requirement_clause (rules, "objects"), ==, SEED " §三(一)1");
  g_assert_cmpstr (dbo_ruleset_requirement_clause (rules, "recommendation"), ==, SEED " §三(一)3");
  g_assert_cmpstr (dbo_ruleset_requirement_clause (rules, "conclusion"), ==, SEED " §三(一)3");
  g_assert_cmpstr (dbo_ruleset_requirement_clause (rules, "order"), ==, SEED " §三(一)");
  g_assert_cmpstr (dbo_ruleset_requirement_clause (rules, "method"), ==, "GB/T 22240-2020");
  g_assert_null (dbo_ruleset_requirement_clause (rules, "no-such-step"));
}

static void
test_filing_levels (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  const char *clause = NULL;

  g_assert_cmpint (dbo_ruleset_filing_min_level (rules), ==, 2);
  g_assert_cmpint (dbo_ruleset_materials_min_level (rules, &clause), ==, 3);
  g_assert_cmpstr (clause, ==, "公通字[2007]43号 第十六条 / 填表说明 二");
  g_assert_cmpint (dbo_ruleset_materials_min_level (rules, NULL), ==, 3);
}

/* ---- regions (附件3 注2) ---- */

typedef struct {
  const char *code;
  const char *name;
  const char *authority;
  const char *police;
} RegionCase;

static const RegionCase region_cases[] = {
  { "00", "省级", "山西省能源局", "山西省公安厅" },
  { "01", "太原", "太原市能源局", "太原市公安局" },
  { "02", "大同", "大同市能源局", "大同市公安局" },
  { "03", "朔州", "朔州市能源局", "朔州市公安局" },
  { "04", "忻州", "忻州市能源局", "忻州市公安局" },
  { "05", "吕梁", "吕梁市能源局", "吕梁市公安局" },
  { "06", "晋中", "晋中市能源局", "晋中市公安局" },
  { "07", "阳泉", "阳泉市能源局", "阳泉市公安局" },
  { "08", "长治", "长治市能源局", "长治市公安局" },
  { "09", "晋城", "晋城市能源局", "晋城市公安局" },
  { "10", "临汾", "临汾市能源局", "临汾市公安局" },
  { "11", "运城", "运城市能源局", "运城市公安局" },
};

static void
test_region (gconstpointer data)
{
  const RegionCase *c = data;
  g_autoptr(DboRuleset) rules = load_default ();
  const DboRegion *region = dbo_ruleset_find_region (rules, c->code);

  g_assert_nonnull (region);
  g_assert_cmpstr (region->code, ==, c->code);
  g_assert_cmpstr (region->name, ==, c->name);
  g_assert_cmpstr (region->authority, ==, c->authority);
  g_assert_cmpstr (region->police, ==, c->police);
}

static void
test_regions_list (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  GPtrArray *regions = dbo_ruleset_get_regions (rules);

  g_assert_cmpuint (regions->len, ==, G_N_ELEMENTS (region_cases));
  for (guint i = 0; i < regions->len; i++)
    {
      const DboRegion *region = g_ptr_array_index (regions, i);

      g_assert_cmpstr (region->code, ==, region_cases[i].code);
    }
  g_assert_null (dbo_ruleset_find_region (rules, "12"));
  g_assert_null (dbo_ruleset_find_region (rules, "1"));
  g_assert_null (dbo_ruleset_find_region (rules, ""));
  g_assert_null (dbo_ruleset_find_region (rules, NULL));
}

/* ---- routing (§三(一)4–5) ---- */

static const DboEnterpriseKind kinds[] = { DBO_KIND_PRODUCTION, DBO_KIND_CONSTRUCTION, DBO_KIND_GROUP };
static const DboStandardization standards[] = { DBO_STD_UNRATED, DBO_STD_LEVEL1, DBO_STD_LEVEL2 };
static const DboScope scopes[] = { DBO_SCOPE_LOCAL, DBO_SCOPE_CROSS_CITY, DBO_SCOPE_PROVINCE, DBO_SCOPE_NATIONAL };

/* For one city: every enterprise kind × standardisation × object scope × level. */
static void
test_route_city (gconstpointer data)
{
  const RegionCase *city = data;
  g_autoptr(DboRuleset) rules = load_default ();
  int checked = 0;

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (gsize s = 0; s < G_N_ELEMENTS (standards); s++)
      {
        DboEnterprise enterprise = { 0 };
        const char *clause = NULL;
        const char *authority;
        /* data/rulesets/README.md §7: a group company or a standardisation-level-1 mine → the province. */
        gboolean province = kinds[k] == DBO_KIND_GROUP || standards[s] == DBO_STD_LEVEL1;
        const char *expected = province ? "00" : city->code;

        enterprise.kind = kinds[k];
        enterprise.standardization = standards[s];
        enterprise.city = (char *) city->code;

        authority = dbo_ruleset_route_enterprise (rules, &enterprise, &clause);
        g_assert_cmpstr (authority, ==, expected);
        assert_contains (clause, SEED " §三(一)4");
        if (kinds[k] == DBO_KIND_GROUP)
          assert_contains (clause, "附件1");
        g_assert_cmpstr (dbo_ruleset_route_enterprise (rules, &enterprise, NULL), ==, expected);

        for (gsize sc = 0; sc < G_N_ELEMENTS (scopes); sc++)
          for (int level = 1; level <= 5; level++)
            {
              g_autoptr(DboObject) object = dbo_object_new ("o1");
              DboRoute route;

              object->scope = scopes[sc];
              memset (&route, 0xa5, sizeof route);
              dbo_ruleset_route_object (rules, &enterprise, object, level, &route);

              if (level < 2)
                {
                  /* Level 1: graded and kept, neither reviewed nor filed. */
                  g_assert_false (route.reviewed);
                  g_assert_false (route.filed);
                  g_assert_null (route.authority);
                  g_assert_null (route.police);
                  g_assert_null (route.review_office);
                  g_assert_null (route.police_office);
                }
              else if (scopes[sc] != DBO_SCOPE_LOCAL)
                {
                  g_assert_true (route.reviewed);
                  g_assert_true (route.filed);
                  g_assert_cmpstr (route.authority, ==, "00");
                  g_assert_cmpstr (route.police, ==, "province");
                  g_assert_cmpstr (route.review_office->authority, ==, "山西省能源局");
                  g_assert_cmpstr (route.police_office->police, ==, "山西省公安厅");
                  assert_contains (route.clause, "§三(一)4");
                  assert_contains (route.clause, "§三(一)5");
                }
              else
                {
                  g_assert_true (route.reviewed);
                  g_assert_true (route.filed);
                  g_assert_cmpstr (route.authority, ==, expected);
                  g_assert_cmpstr (route.police, ==, "city");
                  g_assert_cmpstr (route.review_office->code, ==, expected);
                  /* Filed with the police of the mine's own city, even when the province reviews. */
                  g_assert_cmpstr (route.police_office->police, ==, city->police);
                  assert_contains (route.clause, "§三(一)5");
                }
              checked++;
            }
      }
  g_assert_cmpint (checked, ==, 3 * 3 * 4 * 5);
}

static void
test_route_unknown_city (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  g_autoptr(DboObject) object = dbo_object_new ("o1");
  DboEnterprise enterprise = { 0 };
  const char *clause = NULL;
  DboRoute route;

  /* A city-reviewed mine without a (known) city has no bureau yet. */
  enterprise.kind = DBO_KIND_PRODUCTION;
  enterprise.standardization = DBO_STD_LEVEL2;
  enterprise.city = NULL;
  g_assert_null (dbo_ruleset_route_enterprise (rules, &enterprise, &clause));
  g_assert_nonnull (clause);
  enterprise.city = (char *) "12";
  g_assert_null (dbo_ruleset_route_enterprise (rules, &enterprise, NULL));
  dbo_ruleset_route_object (rules, &enterprise, object, 2, &route);
  g_assert_true (route.reviewed);
  g_assert_null (route.authority);
  g_assert_cmpstr (route.police, ==, "city");
  g_assert_null (route.review_office);
  g_assert_null (route.police_office);
  g_assert_null (dbo_ruleset_enterprise_office (rules, &enterprise, NULL));

  /* …but a level-1 mine still goes to the province, and a wide network too. */
  enterprise.standardization = DBO_STD_LEVEL1;
  g_assert_cmpstr (dbo_ruleset_route_enterprise (rules, &enterprise, NULL), ==, "00");
  enterprise.standardization = DBO_STD_LEVEL2;
  object->scope = DBO_SCOPE_PROVINCE;
  dbo_ruleset_route_object (rules, &enterprise, object, 3, &route);
  g_assert_cmpstr (route.authority, ==, "00");
  g_assert_cmpstr (route.police, ==, "province");
  g_assert_true (route.police_office == dbo_ruleset_province_region (rules));
  g_assert_cmpstr (dbo_ruleset_province_region (rules)->code, ==, "00");
}

/* ---- review numbers (附件3 注1) ---- */

static const char *good_numbers[] = {
  "09-2021-0042", "00-2021-0001", "11-2026-9999", "01-2030-0000", "05-2022-1234",
};

typedef struct {
  const char *number;
  const char *in_message;
} BadNumber;

static const BadNumber bad_numbers[] = {
  { "12-2021-0001", "unknown authority code “12”" },
  { "99-2021-0001", "unknown authority code “99”" },
  { "09-21-0042", "the year must be 4 digits" },
  { "09-2021-042", "the serial number must be 4 digits" },
  { "09-2021-00420", "the serial number must be 4 digits, not “00420”" },
  { "9-2021-0042", "the authority code must be 2 digits" },
  { "ab-2021-0042", "the authority code must be 2 digits" },
  { "09_2021_0042", "“-” expected at character 3" },
  { "09-2021-0042x", "extra characters" },
  { "09-2021-0042 ", "extra characters" },
  { " 09-2021-0042", "the authority code must be 2 digits" },
  { "0920210042", "the authority code must be 2 digits" },
  { "09-２０２１-0042", "the year must be 4 digits" },
  { "", "empty" },
  { NULL, "empty" },
};

static void
test_review_numbers_good (void)
{
  g_autoptr(DboRuleset) rules = load_default ();

  for (gsize i = 0; i < G_N_ELEMENTS (good_numbers); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dbo_ruleset_check_review_number (rules, good_numbers[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpstr (dbo_ruleset_review_number_clause (rules), ==, SEED " 附件3 注1");
}

static void
test_review_number_bad (gconstpointer data)
{
  const BadNumber *c = data;
  g_autoptr(DboRuleset) rules = load_default ();
  g_autoptr(GError) error = NULL;

  g_assert_false (dbo_ruleset_check_review_number (rules, c->number, &error));
  g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID);
  assert_contains (error->message, c->in_message);
  if (c->number != NULL && c->number[0] != '\0')
    assert_contains (error->message, c->number);
  g_assert_false (dbo_ruleset_check_review_number (rules, c->number, NULL));
}

/* ---- deadlines, campaign, assessment ---- */

typedef struct {
  const char *id;
  DboDayKind kind;
  int days;
  const char *clause;
} DeadlineCase;

static const DeadlineCase deadline_cases[] = {
  { "apply-review", DBO_DAYS_WORKING, 5, SEED " §三(一)3" },
  { "review-answer", DBO_DAYS_WORKING, 5, SEED " §三(一)4" },
  { "police-answer", DBO_DAYS_WORKING, 10, SEED " §三(一)5" },
  { "filing", DBO_DAYS_CALENDAR, 30, "公通字[2007]43号 第十五条" },
  { "filing-new", DBO_DAYS_CALENDAR, 30, "公通字[2007]43号 第十五条" },
  { "change", DBO_DAYS_WORKING, 10, SEED " §三(一)5 末段" },
};

static void
test_deadline (gconstpointer data)
{
  const DeadlineCase *c = data;
  g_autoptr(DboRuleset) rules = load_default ();
  const DboDeadlineRule *rule = dbo_ruleset_find_deadline (rules, c->id);

  g_assert_nonnull (rule);
  g_assert_cmpstr (rule->id, ==, c->id);
  g_assert_cmpint (rule->kind, ==, c->kind);
  g_assert_cmpint (rule->days, ==, c->days);
  g_assert_cmpstr (rule->clause, ==, c->clause);
  g_assert_nonnull (rule->title_zh);
  g_assert_nonnull (rule->title_en);
  g_assert_cmpuint (strlen (rule->title_zh), >, 0);
  g_assert_cmpuint (strlen (rule->title_en), >, 0);
}

static void
test_deadline_unknown (void)
{
  g_autoptr(DboRuleset) rules = load_default ();

  g_assert_null (dbo_ruleset_find_deadline (rules, "no-such-deadline"));
  g_assert_null (dbo_ruleset_find_deadline (rules, NULL));
}

static void
test_campaign (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  const char *notice = NULL, *deadline = NULL, *clause = NULL;

  dbo_ruleset_get_campaign (rules, &notice, &deadline, &clause);
  g_assert_cmpstr (notice, ==, "2021-03-01");
  g_assert_cmpstr (deadline, ==, "2021-07-31");
  g_assert_cmpstr (clause, ==, SEED " §三(一)2");
  dbo_ruleset_get_campaign (rules, NULL, NULL, NULL);
}

static void
test_assessment_periods (void)
{
  g_autoptr(DboRuleset) rules = load_default ();
  static const int months[] = { -1, -1, 24, 12, 6, 0, -1 };

  for (int level = 0; level <= 6; level++)
    {
      const DboAssessmentPeriod *period = dbo_ruleset_assessment_period (rules, level);

      if (months[level] < 0)
        {
          g_assert_null (period);
          continue;
        }
      g_assert_nonnull (period);
      g_assert_cmpint (period->level, ==, level);
      g_assert_cmpint (period->months, ==, months[level]);
      g_assert_cmpstr (period->clause, ==, SEED " §三(二)");
    }
}

/* ---- rule-set files from outside ---- */

static char *
shipped_text (void)
{
  g_autofree char *path = dbo_test_source_path ("data", "rulesets", "shanxi-coal-2021.xml", NULL);
  char *xml = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  return xml;
}

/* The shipped text with @old replaced by @replacement (@old must occur). */
static char *
edited (const char *old, const char *replacement)
{
  g_autofree char *xml = shipped_text ();
  char *at = strstr (xml, old);

  if (at == NULL)
    g_error ("the shipped rule set no longer contains “%s”", old);
  *at = '\0';
  return g_strconcat (xml, replacement, at + strlen (old), NULL);
}

static DboRuleset *
load_text (const char *text, char **path_out, GError **error)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "rules.xml", NULL);
  g_autoptr(GError) local = NULL;
  DboRuleset *rules;

  g_file_set_contents (path, text, -1, &local);
  g_assert_no_error (local);
  rules = dbo_ruleset_load_file (path, error);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return rules;
}

typedef struct {
  const char *what;
  const char *old;                /* NULL: @replacement is the whole file */
  const char *replacement;
  const char *in_message;
} BadRuleset;

static const BadRuleset bad_rulesets[] = {
  { "not-xml", NULL, "matrix: citizen general 1", "not well-formed" },
  { "empty", NULL, "", "empty" },
  { "truncated", NULL, "<?xml version=\"1.0\"?>\n<ruleset xmlns=\"urn:dengbao:ruleset:1\" id=\"x\"", "not well-formed" },
  { "wrong-namespace", "urn:dengbao:ruleset:1", "urn:example:rules", "No matching global declaration" },
  { "no-namespace", " xmlns=\"urn:dengbao:ruleset:1\"", "", "No matching global declaration" },
  { "dtd", "<ruleset ", "<!DOCTYPE ruleset [<!ENTITY x \"3\">]>\n<ruleset ", "DOCTYPE" },
  { "matrix-value-6", "degree=\"especially-serious\" level=\"5\"", "degree=\"especially-serious\" level=\"6\"", "'6'" },
  { "matrix-value-0", "degree=\"general\" level=\"1\"", "degree=\"general\" level=\"0\"", "'0'" },
  { "matrix-missing-cell", "    <cell target=\"social\" degree=\"serious\" level=\"3\"/>\n", "", "line" },
  { "matrix-cell-twice", "<cell target=\"social\" degree=\"serious\" level=\"3\"/>",
    "<cell target=\"social\" degree=\"general\" level=\"3\"/>", "the cell social × general is given twice" },
  { "matrix-unknown-target", "target=\"social\" degree=\"serious\"", "target=\"society\" degree=\"serious\"", "society" },
  { "minimum-level-7", "<minimum id=\"named-systems\" level=\"2\"", "<minimum id=\"named-systems\" level=\"7\"", "'7'" },
  { "minimum-unknown-preset", "presets=\"dispatch ", "presets=\"telephone ", "telephone" },
  { "minimum-no-clause", "\n             clause=\"晋能源信监发〔2021〕94号 §三(一)2\">\n      <text-zh>各煤矿企业须将",
    ">\n      <text-zh>各煤矿企业须将", "clause" },
  { "region-twice", "<region code=\"11\"", "<region code=\"10\"", "Duplicate" },
  { "region-code-3-digits", "<region code=\"11\"", "<region code=\"111\"", "111" },
  { "route-unknown-region", "kinds=\"group\" authority=\"00\"", "kinds=\"group\" authority=\"12\"",
    "authority=\"12\" is neither “city” nor a region code" },
  { "route-no-catch-all", "<enterprise-route authority=\"city\"", "<enterprise-route kinds=\"production\" authority=\"city\"",
    "the last enterprise-route must have no condition" },
  { "object-route-no-catch-all", "<object-route authority=\"enterprise\"", "<object-route scopes=\"local\" authority=\"enterprise\"",
    "the last object-route must have no condition" },
  { "route-bad-police", "police=\"province\"", "police=\"county\"", "county" },
  { "review-format-short-year", "format=\"AA-YYYY-NNNN\"", "format=\"AA-YY-NNNN\"", "the year (Y) must have 4 digits" },
  { "review-format-no-serial", "format=\"AA-YYYY-NNNN\"", "format=\"AA-YYYY\"", "one run each of A" },
  { "review-format-letters", "format=\"AA-YYYY-NNNN\"", "format=\"AA-YYYY-XXXX\"", "XXXX" },
  { "deadline-missing", "<deadline id=\"change\"", "<deadline id=\"changes\"", "the deadline “change” is missing" },
  { "deadline-twice", "<deadline id=\"filing-new\"", "<deadline id=\"filing\"", "Duplicate" },
  { "deadline-kind", "kind=\"calendar\" days=\"30\"", "kind=\"lunar\" days=\"30\"", "lunar" },
  { "campaign-bad-date", "deadline=\"2021-07-31\"", "deadline=\"2021-07-32\"", "2021-07-32" },
  { "campaign-reversed", "deadline=\"2021-07-31\"", "deadline=\"2020-07-31\"", "before the notice" },
  { "period-twice", "<period level=\"5\"", "<period level=\"4\"", "Duplicate" },
  { "materials-below-filing", "<materials min-level=\"3\"", "<materials min-level=\"1\"", "below the filing level 2" },
  { "panel-leaders", "leaders=\"1\"", "leaders=\"4\"", "4 leaders" },
  { "panel-unknown-kind", "<member-kind id=\"coal-it\"", "<member-kind id=\"lawyer\"", "lawyer" },
  { "panel-kind-missing", "<member-kind id=\"coal-it\"", "<member-kind id=\"infosec\"", "Duplicate" },
  { "preset-missing", "<preset id=\"video\"", "<preset id=\"output\"", "Duplicate" },
  { "panel-kind-absent", "    <member-kind id=\"coal-it\" required=\"true\" name-zh=\"煤炭行业信息化专家\" name-en=\"coal-industry IT expert\"/>\n",
    "", "the member kind “coal-it” is missing" },
  { "preset-absent", "    <preset id=\"video\" name=\"煤矿图像监视系统\" type=\"system\" business-types=\"3\">煤矿图像监视：井上下重要场所视频监视、录像存储及回放。</preset>\n",
    "", "the preset “video” is missing" },
  { "preset-unknown-type", "type=\"network\" business-types", "type=\"telephone\" business-types", "telephone" },
  { "requirement-missing", "<requirement id=\"order\"", "<requirement id=\"sequence\"",
    "the requirement “order” is missing" },
  { "province-unknown", "<regions province=\"00\"", "<regions province=\"12\"", "province=\"12\" is not a region" },
  { "no-title", "  <title>Shanxi coal 2021 (晋能源信监发〔2021〕94号, GB/T 22240-2020, MPS 2007 备案表)</title>\n", "", "line" },
  { "unknown-element", "<campaign ", "<bonus/>\n  <campaign ", "bonus" },
};

static void
test_bad_ruleset (gconstpointer data)
{
  const BadRuleset *c = data;
  g_autofree char *text = c->old != NULL ? edited (c->old, c->replacement) : g_strdup (c->replacement);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = load_text (text, &path, &error);

  g_assert_null (rules);
  g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID);
  g_test_message ("%s", error->message);
  assert_contains (error->message, path);
  assert_contains (error->message, c->in_message);
}

/* Errors found by the loader (not the schema) name the line. */
static void
test_bad_ruleset_line (void)
{
  g_autofree char *text = edited ("kinds=\"group\" authority=\"00\"", "kinds=\"group\" authority=\"12\"");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = load_text (text, &path, &error);
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  int line = 0;

  /* libxml2 gives an element the line where its start tag ends. */
  for (int i = 0; lines[i] != NULL && line == 0; i++)
    if (strstr (lines[i], "authority=\"12\"") != NULL)
      for (int j = i; lines[j] != NULL && line == 0; j++)
        if (strchr (lines[j], '>') != NULL)
          line = j + 1;
  g_assert_cmpint (line, >, 0);
  expected = g_strdup_printf ("%s:%d: /ruleset/routing/enterprise-route[1]:", path, line);
  g_assert_null (rules);
  assert_contains (error->message, expected);
}

/* A later rule set can route differently without any code change. */
static void
test_other_routing (void)
{
  g_autofree char *text = edited ("<enterprise-route standardizations=\"1\" authority=\"00\"",
                                  "<enterprise-route kinds=\"construction\" authority=\"09\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = load_text (text, NULL, &error);
  DboEnterprise enterprise = { 0 };

  g_assert_no_error (error);
  enterprise.kind = DBO_KIND_CONSTRUCTION;
  enterprise.standardization = DBO_STD_UNRATED;
  enterprise.city = (char *) "01";
  g_assert_cmpstr (dbo_ruleset_route_enterprise (rules, &enterprise, NULL), ==, "09");
  enterprise.kind = DBO_KIND_PRODUCTION;
  enterprise.standardization = DBO_STD_LEVEL1;
  g_assert_cmpstr (dbo_ruleset_route_enterprise (rules, &enterprise, NULL), ==, "01");
}

/* Values in a rule set are data: a changed period is simply read. */
static void
test_other_periods (void)
{
  g_autofree char *text = edited ("<period level=\"4\" months=\"6\"", "<period level=\"4\" months=\"12\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = load_text (text, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (dbo_ruleset_assessment_period (rules, 4)->months, ==, 12);
}

static void
test_load_bytes (void)
{
  g_autofree char *text = shipped_text ();
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_bytes (bytes, "memory", &error);
  g_autoptr(GBytes) junk = g_bytes_new_static ("<ruleset/>", 10);
  g_autoptr(DboRuleset) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (dbo_ruleset_get_id (rules), ==, "shanxi-coal-2021");

  none = dbo_ruleset_load_bytes (junk, "junk", &error);
  g_assert_null (none);
  g_assert_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID);
  assert_contains (error->message, "junk");
}

static void
test_refcount (void)
{
  DboRuleset *rules = load_default ();

  g_assert_true (dbo_ruleset_ref (rules) == rules);
  dbo_ruleset_unref (rules);
  g_assert_cmpint (dbo_ruleset_filing_min_level (rules), ==, 2);
  dbo_ruleset_unref (rules);
  dbo_ruleset_unref (NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ruleset/default", test_default);
  g_test_add_func ("/ruleset/source-file-validates", test_source_file_validates);
  g_test_add_func ("/ruleset/named-refused", test_named_refused);
  g_test_add_func ("/ruleset/missing-file", test_missing_file);
  g_test_add_func ("/ruleset/load-bytes", test_load_bytes);
  g_test_add_func ("/ruleset/refcount", test_refcount);

  for (gsize i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/matrix/%s-%s",
                                               dbo_token_name (dbo_target_tokens, cells[i].target),
                                               dbo_token_name (dbo_degree_tokens, cells[i].degree));

      g_test_add_data_func (path, &cells[i], test_matrix_cell);
    }
  g_test_add_func ("/ruleset/matrix/clause", test_matrix_clause);

  for (gsize i = 0; i < G_N_ELEMENTS (minimum_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/minimum/%s", minimum_cases[i].name);

      g_test_add_data_func (path, &minimum_cases[i], test_minimum);
    }

  g_test_add_func ("/ruleset/panel", test_panel);
  g_test_add_func ("/ruleset/presets", test_presets);
  g_test_add_func ("/ruleset/requirements", test_requirements);
  g_test_add_func ("/ruleset/filing-levels", test_filing_levels);

  for (gsize i = 0; i < G_N_ELEMENTS (region_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/region/%s", region_cases[i].code);
      g_autofree char *rpath = g_strdup_printf ("/ruleset/route/city-%s", region_cases[i].code);

      g_test_add_data_func (path, &region_cases[i], test_region);
      if (i > 0)
        g_test_add_data_func (rpath, &region_cases[i], test_route_city);
    }
  g_test_add_func ("/ruleset/regions", test_regions_list);
  g_test_add_func ("/ruleset/route/unknown-city", test_route_unknown_city);

  g_test_add_func ("/ruleset/review-number/good", test_review_numbers_good);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/review-number/bad/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &bad_numbers[i], test_review_number_bad);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (deadline_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/deadline/%s", deadline_cases[i].id);

      g_test_add_data_func (path, &deadline_cases[i], test_deadline);
    }
  g_test_add_func ("/ruleset/deadline/unknown", test_deadline_unknown);
  g_test_add_func ("/ruleset/campaign", test_campaign);
  g_test_add_func ("/ruleset/assessment-periods", test_assessment_periods);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_rulesets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ruleset/file/refused/%s", bad_rulesets[i].what);

      g_test_add_data_func (path, &bad_rulesets[i], test_bad_ruleset);
    }
  g_test_add_func ("/ruleset/file/refused-line", test_bad_ruleset_line);
  g_test_add_func ("/ruleset/file/other-routing", test_other_routing);
  g_test_add_func ("/ruleset/file/other-periods", test_other_periods);

  return g_test_run ();
}
