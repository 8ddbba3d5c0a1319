/* Checks: the sample is clean; each rule is broken once, table-driven. */
#include "dbo-test-utils.h"

#include "dbo-calendar.h"
#include "dbo-checks.h"
#include "dbo-grading.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"

static DboRuleset *rules;
static DboCalendar *calendar;
static gboolean zh_catalogue;   /* the build's zh_CN catalogue is bound */

static DboProject *
load_sample (void)
{
  g_autofree char *path = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_project_xml_read_file (path, &error);

  g_assert_no_error (error);
  return p;
}

static GPtrArray *
run (const DboProject *p, const char *today_text)
{
  GDate today;

  g_assert_true (dbo_date_parse (today_text, &today, NULL));
  return dbo_checks_run (p, rules, calendar, &today);
}

static const DboFinding *
find (GPtrArray *findings, const char *code, const char *path)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (g_strcmp0 (f->code, code) == 0 && (path == NULL || g_strcmp0 (f->path, path) == 0))
        return f;
    }
  return NULL;
}

/* A finding's words as `check --json` gives them, freed with the test. */
static const char *
say (const DboFinding *f, DboLanguage language)
{
  char *text = dbo_finding_describe_in (f, language);

  g_test_queue_free (text);
  return text;
}

static void
dump (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      g_test_message ("%s %s %s %s", dbo_severity_token (f->severity), f->code, f->path, say (f, DBO_LANGUAGE_ZH));
    }
}

static void
test_sample_clean (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = run (p, "2026-11-24");

  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);
}

/* ---- one mutation per case ---- */

static DboObject *
obj (DboProject *p, const char *id)
{
  DboObject *o = dbo_project_find_object (p, id);

  g_assert_nonnull (o);
  return o;
}

static void
remove_member (DboProject *p, const char *id)
{
  DboMember *m = dbo_project_find_member (p, id);

  g_assert_nonnull (m);
  g_ptr_array_remove (p->panel.members, m);
}

static void mut_override_low (DboProject *p)
{
  obj (p, "o9")->override_level = 2;
  dbo_set_str (&obj (p, "o9")->override_reason, "仅本矿使用");
}
static void mut_harm_low (DboProject *p)
{
  DboObject *o = obj (p, "o3");

  g_array_set_size (o->aspects[DBO_ASPECT_BUSINESS].harms, 0);
  g_array_set_size (o->aspects[DBO_ASPECT_SERVICE].harms, 0);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
}
static void mut_recommend_low (DboProject *p)
{
  dbo_project_find_recommendation (p, "o9")->level = 2;
}
static void mut_override_no_reason (DboProject *p) { obj (p, "o1")->override_level = 3; }
static void mut_panel_four (DboProject *p) { remove_member (p, "m5"); }
static void mut_panel_one (DboProject *p) { remove_member (p, "m5"); remove_member (p, "m4"); remove_member (p, "m3"); remove_member (p, "m2"); }
static void mut_panel_none (DboProject *p) { g_ptr_array_set_size (p->panel.members, 0); }
static void mut_panel_no_coal (DboProject *p) { remove_member (p, "m3"); remove_member (p, "m4"); }
static void mut_panel_no_infosec (DboProject *p)
{
  remove_member (p, "m2");
  remove_member (p, "m5");
  dbo_project_find_member (p, "m1")->kind = DBO_MEMBER_COAL_IT;
}
static void mut_no_leader (DboProject *p) { dbo_project_find_member (p, "m1")->leader = FALSE; }
static void mut_two_leaders (DboProject *p) { dbo_project_find_member (p, "m2")->leader = TRUE; }
static void mut_no_recommendation (DboProject *p)
{
  g_ptr_array_remove (p->panel.recommendations, dbo_project_find_recommendation (p, "o4"));
}
static void mut_recommend_no_reason (DboProject *p)
{
  DboRecommendation *r = dbo_project_find_recommendation (p, "o5");

  r->level = 3;
  dbo_set_str (&r->reason, NULL);
}
static void mut_credit (DboProject *p) { dbo_set_str (&p->enterprise.credit_code, "91140525MA0JD8K2X1"); }
static void mut_credit_length (DboProject *p) { dbo_set_str (&p->enterprise.credit_code, "9114052"); }
static void mut_no_credit (DboProject *p) { dbo_set_str (&p->enterprise.credit_code, NULL); }
static void mut_no_phone (DboProject *p) { dbo_set_str (&obj (p, "o2")->owner_phone, "  "); }
static void mut_no_number (DboProject *p) { dbo_set_str (&obj (p, "o1")->number, NULL); }
static void mut_no_head (DboProject *p) { dbo_set_str (&p->enterprise.head.name, NULL); }
/* The coded fields, as the form data describes them. */
static void mut_no_coverage (DboProject *p) { dbo_set_str (&obj (p, "o1")->network_coverage, NULL); }
static void mut_no_industry (DboProject *p) { dbo_set_str (&p->enterprise.industry_code, NULL); }
static void mut_coverage_unknown (DboProject *p) { dbo_set_str (&obj (p, "o1")->network_coverage, "7"); }
static void mut_business_unknown (DboProject *p) { dbo_set_str (&obj (p, "o1")->business_types, "1 6"); }
static void mut_industry_unknown (DboProject *p) { dbo_set_str (&p->enterprise.industry_code, "60"); }
static void mut_no_member_unit (DboProject *p) { dbo_set_str (&dbo_project_find_member (p, "m3")->unit, NULL); }
static void mut_no_panel_date (DboProject *p) { dbo_set_str (&p->panel.date, NULL); }
static void mut_no_harm (DboProject *p) { g_array_set_size (obj (p, "o6")->aspects[DBO_ASPECT_SERVICE].harms, 0); }
static void mut_material (DboProject *p) { g_ptr_array_remove_index (obj (p, "o9")->materials, 4); }
static void mut_material_absent (DboProject *p) { ((DboMaterial *) g_ptr_array_index (obj (p, "o9")->materials, 0))->present = FALSE; }
static void mut_stale (DboProject *p) { dbo_set_str (&p->panel.conclusion.data_sha256, "0000000000000000000000000000000000000000000000000000000000000000"); }
static void mut_not_concluded (DboProject *p) { p->panel.conclusion.present = FALSE; }
static void mut_no_reviews (DboProject *p)
{
  g_ptr_array_set_size (p->reviews, 0);
  p->has_filing = FALSE;
}
static void mut_late_review (DboProject *p)
{
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 0))->submitted, "2026-10-20");
}
static void mut_review_number (DboProject *p)
{
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 0))->number, "9-2026-42");
}
static void mut_review_number_authority (DboProject *p)
{
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 0))->number, "08-2026-0042");
}
static void mut_review_authority (DboProject *p)
{
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 0))->authority, "08");
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 0))->number, "08-2026-0042");
}
static void mut_no_objects (DboProject *p) { g_ptr_array_set_size (p->objects, 0); g_ptr_array_set_size (p->panel.recommendations, 0); g_ptr_array_set_size (p->reviews, 0); }
static void mut_postcode (DboProject *p) { dbo_set_str (&p->enterprise.address_detail, "x"); dbo_set_str (&p->enterprise.postcode, "04801"); }
static void mut_city (DboProject *p) { dbo_set_str (&p->enterprise.city, "12"); }
static void mut_graded_late (DboProject *p) { dbo_set_str (&obj (p, "o1")->drafted, "2026-10-20"); }
static void mut_campaign (DboProject *p) { dbo_set_str (&obj (p, "o1")->operation_date, "2019-05-01"); }
static void mut_operation_late (DboProject *p) { dbo_set_str (&obj (p, "o1")->operation_date, "2026-10-08"); }
static void mut_duplicate_name (DboProject *p) { dbo_set_str (&obj (p, "o2")->name, obj (p, "o1")->name); }
static void mut_fallback (DboProject *p)
{
  g_ptr_array_set_size (p->reviews, 0);
  p->has_filing = FALSE;
  dbo_set_str (&p->panel.conclusion.concluded, "2026-12-28T10:00:00+08:00");
}

typedef struct {
  const char *name;
  void (*mutate) (DboProject *p);
  const char *today;
  DboSeverity severity;
  const char *code;
  const char *path;
  const char *message_part;      /* NULL or a part of the Chinese message */
  const char *clause_part;       /* NULL or a part of the clause */
} CheckCase;

static const CheckCase cases[] = {
  { "override-below-minimum", mut_override_low, NULL, DBO_SEVERITY_ERROR, "level-below-minimum", "objects/o9/grading", "第三级", "§三(一)2" },
  { "harms-below-minimum", mut_harm_low, NULL, DBO_SEVERITY_ERROR, "level-below-minimum", "objects/o3/grading", "第二级", "§三(一)2" },
  { "recommendation-below-minimum", mut_recommend_low, NULL, DBO_SEVERITY_ERROR, "level-below-minimum", "panel/recommendations/o9", NULL, "§三(一)2" },
  { "override-without-reason", mut_override_no_reason, NULL, DBO_SEVERITY_ERROR, "override-without-reason", "objects/o1/grading/override/reason", "理由", NULL },
  { "panel-four", mut_panel_four, NULL, DBO_SEVERITY_ERROR, "panel-size", "panel/members", "4", "§三(一)3" },
  { "panel-one", mut_panel_one, NULL, DBO_SEVERITY_ERROR, "panel-size", "panel/members", "1", "§三(一)3" },
  { "panel-none", mut_panel_none, NULL, DBO_SEVERITY_ERROR, "panel-size", "panel/members", "0", "§三(一)3" },
  { "panel-no-coal-it", mut_panel_no_coal, NULL, DBO_SEVERITY_ERROR, "panel-composition", "panel/members", "煤炭行业信息化专家", "§三(一)3" },
  { "panel-no-infosec", mut_panel_no_infosec, NULL, DBO_SEVERITY_ERROR, "panel-composition", "panel/members", "信息安全专家", "§三(一)3" },
  { "panel-no-leader", mut_no_leader, NULL, DBO_SEVERITY_ERROR, "panel-leader", "panel/members", "0", NULL },
  { "panel-two-leaders", mut_two_leaders, NULL, DBO_SEVERITY_ERROR, "panel-leader", "panel/members", "2", NULL },
  { "recommendation-missing", mut_no_recommendation, NULL, DBO_SEVERITY_ERROR, "recommendation-missing", "panel/recommendations/o4", "煤矿井下作业人员管理系统", NULL },
  { "recommendation-without-reason", mut_recommend_no_reason, NULL, DBO_SEVERITY_ERROR, "recommendation-without-reason", "panel/recommendations/o5/reason", NULL, NULL },
  { "credit-code-check", mut_credit, NULL, DBO_SEVERITY_ERROR, "credit-code", "enterprise/credit-code", "应为“K”", "GB 32100" },
  { "credit-code-length", mut_credit_length, NULL, DBO_SEVERITY_ERROR, "credit-code", "enterprise/credit-code", "18 位", NULL },
  { "credit-code-missing", mut_no_credit, NULL, DBO_SEVERITY_ERROR, "missing-field", "enterprise/credit-code", NULL, NULL },
  { "owner-phone", mut_no_phone, NULL, DBO_SEVERITY_ERROR, "missing-field", "objects/o2/owner/phone", "联系电话", NULL },
  { "number-filed", mut_no_number, NULL, DBO_SEVERITY_ERROR, "missing-field", "objects/o1/number", "系统编号", "表二02" },
  { "head-name", mut_no_head, NULL, DBO_SEVERITY_ERROR, "missing-field", "enterprise/head/name", NULL, "表一05" },
  { "coverage-filed", mut_no_coverage, NULL, DBO_SEVERITY_ERROR, "missing-field", "objects/o1/network/@coverage", "覆盖范围", "附件4 备案表 表二05" },
  { "industry-missing", mut_no_industry, NULL, DBO_SEVERITY_ERROR, "missing-field", "enterprise/industry", "行业类别", "表一10" },
  { "unknown-code", mut_coverage_unknown, NULL, DBO_SEVERITY_ERROR, "unknown-code", "objects/o1/network/@coverage", "覆盖范围“7”", "表二05" },
  { "unknown-code-list", mut_business_unknown, NULL, DBO_SEVERITY_ERROR, "unknown-code", "objects/o1/business/@types", "业务类型“6”", "表二03" },
  { "unknown-code-enterprise", mut_industry_unknown, NULL, DBO_SEVERITY_ERROR, "unknown-code", "enterprise/industry", "行业类别“60”", "表一10" },
  { "member-unit", mut_no_member_unit, NULL, DBO_SEVERITY_ERROR, "missing-field", "panel/members/m3/unit", "张伟", NULL },
  { "panel-date", mut_no_panel_date, NULL, DBO_SEVERITY_ERROR, "missing-field", "panel/@date", NULL, NULL },
  { "harm-missing", mut_no_harm, NULL, DBO_SEVERITY_ERROR, "missing-field", "objects/o6/grading/service/harm", "系统服务安全", NULL },
  { "materials-missing", mut_material, NULL, DBO_SEVERITY_WARNING, "materials-missing", "objects/o9/materials/5", "第三级", NULL },
  { "materials-absent", mut_material_absent, NULL, DBO_SEVERITY_WARNING, "materials-missing", "objects/o9/materials/1", NULL, NULL },
  { "panel-opinion-stale", mut_stale, NULL, DBO_SEVERITY_ERROR, "panel-opinion-stale", "panel/conclusion/@data-sha256", "已失效", NULL },
  { "panel-not-concluded", mut_not_concluded, NULL, DBO_SEVERITY_ERROR, "panel-not-concluded", "panel/conclusion", NULL, NULL },
  { "apply-review-overdue", mut_no_reviews, "2026-11-24", DBO_SEVERITY_WARNING, "deadline-overdue", "deadlines/apply-review", "2026-10-10", "§三(一)3" },
  { "apply-review-late", mut_late_review, NULL, DBO_SEVERITY_WARNING, "deadline-missed", "deadlines/apply-review", "2026-10-20", NULL },
  { "review-number-format", mut_review_number, NULL, DBO_SEVERITY_ERROR, "review-number", "reviews/1/@number", "9-2026-42", NULL },
  { "review-number-authority", mut_review_number_authority, NULL, DBO_SEVERITY_ERROR, "review-number", "reviews/1/@number", "09", NULL },
  { "review-authority", mut_review_authority, NULL, DBO_SEVERITY_WARNING, "review-authority", "reviews/1/@authority", "晋城市能源局", "§三(一)4" },
  { "no-objects", mut_no_objects, NULL, DBO_SEVERITY_ERROR, "no-objects", "objects", NULL, NULL },
  { "postcode", mut_postcode, NULL, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/postcode", "6 位数字", NULL },
  { "city", mut_city, NULL, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/city", NULL, NULL },
  { "graded-late", mut_graded_late, NULL, DBO_SEVERITY_WARNING, "graded-late", "objects/o1/grading/@drafted", "规划、设计阶段", NULL },
  { "campaign-missed", mut_campaign, NULL, DBO_SEVERITY_WARNING, "deadline-missed", "deadlines/campaign/o1", "2021-07-31", "§三(一)2" },
  { "operation-date", mut_operation_late, NULL, DBO_SEVERITY_WARNING, "operation-date", "objects/o1/operation-date", "何时投入运行使用（2026-10-08）晚于定级时间（2026-09-28", "表三04" },
  { "duplicate-name", mut_duplicate_name, NULL, DBO_SEVERITY_WARNING, "duplicate-name", "objects/o2/name", NULL, NULL },
  { "calendar-fallback", mut_fallback, "2026-12-30", DBO_SEVERITY_WARNING, "calendar-fallback", NULL, "周一至周五", NULL },
};

/* Answers of one form that contradict each other (issue 13, item 12). */
static void
mut_assessment_unused (DboProject *p)
{
  DboObject *o = obj (p, "o1");

  for (guint i = 0; i < o->services->len; i++)
    {
      DboServiceUse *use = g_ptr_array_index (o->services, i);

      if (use->kind == DBO_SERVICE_ASSESSMENT)
        use->used = FALSE;
    }
}

static void
mut_partial_at_100 (DboProject *p)
{
  DboProduct *prod = g_ptr_array_index (obj (p, "o1")->products, 0);

  prod->domestic = DBO_DOMESTIC_PARTIAL;
  prod->percent = 100;
}

static void
mut_county_code (DboProject *p)
{
  dbo_set_str (&p->enterprise.division_code, "140525");
}

static void
mut_no_panel_opinion_material (DboProject *p)
{
  DboObject *o = obj (p, "o9");

  for (guint i = 0; i < o->materials->len; i++)
    {
      DboMaterial *m = g_ptr_array_index (o->materials, i);

      if (m->item == 6)
        m->present = FALSE;
    }
}

static void
mut_material_unnamed (DboProject *p)
{
  DboObject *o = obj (p, "o9");

  for (guint i = 0; i < o->materials->len; i++)
    {
      DboMaterial *m = g_ptr_array_index (o->materials, i);

      if (m->item == 2)
        g_clear_pointer (&m->attachment, g_free);
    }
}

/* 表四 06 and 07 come from the project once it knows them: not recorded is
 * neither missing nor a contradiction; an attachment the project lacks is
 * no name. */
static void
test_materials_known (void)
{
  g_autoptr(DboProject) p = load_sample ();
  DboObject *o = obj (p, "o9");
  g_autoptr(GPtrArray) findings = NULL;

  for (guint i = o->materials->len; i > 0; i--)
    if (((DboMaterial *) g_ptr_array_index (o->materials, i - 1))->item >= 6)
      g_ptr_array_remove_index (o->materials, i - 1);
  findings = run (p, "2026-11-24");
  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);

  g_ptr_array_set_size (p->attachments, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = run (p, "2026-11-24");
  g_assert_cmpuint (findings->len, ==, 5);
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (((DboFinding *) g_ptr_array_index (findings, i))->code, ==, "materials-attachment");
}

/* A valid code registered in 长治 (140425) for a 晋城 mine. */
static void mut_credit_other_city (DboProject *p) { dbo_set_str (&p->enterprise.credit_code, "91140425MA0JD8K2XE"); }
/* The sample's code (泽州县, 140525) for a mine the project places in 长治. */
static void mut_city_other_than_credit (DboProject *p)
{
  dbo_set_str (&p->enterprise.city, "08");
  dbo_set_str (&p->enterprise.division_code, "140400");
}

/* Dates before the grading (date-order): o3 drafted after the panel met. */
static void mut_panel_before_drafted (DboProject *p) { dbo_set_str (&obj (p, "o3")->drafted, "2026-09-29"); }
static void mut_panel_date_early (DboProject *p) { dbo_set_str (&p->panel.date, "2026-09-01"); }
static void mut_concluded_early (DboProject *p)
{
  dbo_set_str (&p->panel.conclusion.concluded, "2026-09-09T16:30:00+08:00");
}
static void mut_review_submitted_early (DboProject *p)
{
  dbo_set_str (&((DboReview *) g_ptr_array_index (p->reviews, 1))->submitted, "2026-09-09");
}
static void mut_review_decided_before_drafted (DboProject *p)
{
  /* o1 is in round 1 (晋城); its grading redone after that round decided. */
  dbo_set_str (&obj (p, "o1")->drafted, "2026-10-13");
}

/* 煤矿产量监控系统 deleted (issue 16, item 7). */
static void mut_no_output_system (DboProject *p) { g_ptr_array_remove (p->objects, obj (p, "o6")); }

static void mut_bad_email (DboProject *p) { dbo_set_str (&p->enterprise.contact.email, "wangzq@jdmy"); }
static void mut_bad_mobile (DboProject *p) { dbo_set_str (&p->enterprise.contact.mobile, "1393560181"); }
static void mut_bad_phone (DboProject *p) { dbo_set_str (&obj (p, "o3")->owner_phone, "电话待定"); }
static void
mut_other_without_text (DboProject *p)
{
  dbo_set_str (&obj (p, "o3")->service_scope, "99");
  dbo_set_str (&obj (p, "o3")->service_other, NULL);
}

static void
mut_affiliation_without_text (DboProject *p)
{
  dbo_set_str (&p->enterprise.affiliation_code, "9");
  dbo_set_str (&p->enterprise.affiliation_other, NULL);
}

static const CheckCase cross_cases[] = {
  { "email-format", mut_bad_email, NULL, DBO_SEVERITY_WARNING, "field-format", "enterprise/contact/email",
    "电子邮件", NULL },
  { "mobile-format", mut_bad_mobile, NULL, DBO_SEVERITY_WARNING, "field-format", "enterprise/contact/mobile",
    "11 位", NULL },
  { "phone-format", mut_bad_phone, NULL, DBO_SEVERITY_WARNING, "field-format", "objects/o3/owner/phone",
    "电话号码", NULL },
  { "other-without-text", mut_other_without_text, NULL, DBO_SEVERITY_WARNING, "missing-field",
    "objects/o3/service/@other", "其他", "表二04" },
  { "other-without-text-enterprise", mut_affiliation_without_text, NULL, DBO_SEVERITY_WARNING, "missing-field",
    "enterprise/affiliation/other", "隶属关系选了“其他”", "表一08" },
  { "named-system-missing", mut_no_output_system, NULL, DBO_SEVERITY_WARNING, "named-system-missing",
    "enterprise/named-systems/output", "“煤矿产量监控系统”尚未作为定级对象添加并定级", "§三(一)2" },
  { "date-order-panel", mut_panel_before_drafted, NULL, DBO_SEVERITY_ERROR, "date-order", "panel/@date",
    "专家评审日期（2026-09-28）早于“煤矿安全监控系统”的定级时间（2026-09-29）", "§三(一)" },
  { "date-order-panel-all", mut_panel_date_early, NULL, DBO_SEVERITY_ERROR, "date-order", "panel/@date",
    "“矿用有线调度通信系统”的定级时间（2026-09-10）：应先拟定等级，再评审、审核，请核对这两个日期（晚于该日期定级的对象共 9 个）",
    NULL },
  { "date-order-conclusion", mut_concluded_early, NULL, DBO_SEVERITY_ERROR, "date-order",
    "panel/conclusion/@concluded", "专家组形成评审结论的日期（2026-09-09）早于", NULL },
  { "date-order-review-submitted", mut_review_submitted_early, NULL, DBO_SEVERITY_ERROR, "date-order",
    "reviews/2/@submitted", "第 2 轮审核的申请日期（2026-09-09）早于“集团安全生产数据汇聚平台（金鼎煤业节点）”", NULL },
  { "date-order-review-decided", mut_review_decided_before_drafted, NULL, DBO_SEVERITY_ERROR, "date-order",
    "reviews/1/@decided", "第 1 轮审核的审核日期（2026-10-12）早于“矿用有线调度通信系统”的定级时间（2026-10-13）", NULL },
  { "credit-code-region", mut_credit_other_city, NULL, DBO_SEVERITY_WARNING, "credit-code-region",
    "enterprise/credit-code", "行政区划码 140425 不在所在市晋城市（1405 开头）", "GB 32100" },
  { "credit-code-region-city", mut_city_other_than_credit, NULL, DBO_SEVERITY_WARNING, "credit-code-region",
    "enterprise/credit-code", "140525 不在所在市长治市（1404 开头）", NULL },
  { "materials-attachment", mut_material_unnamed, NULL, DBO_SEVERITY_WARNING, "materials-attachment",
    "objects/o9/materials/2", "附件名称", "表四" },
  { "assessment-contradiction", mut_assessment_unused, NULL, DBO_SEVERITY_WARNING, "assessment-contradiction",
    "objects/o1/assessment-body", "测评机构", "表二08" },
  { "product-use", mut_partial_at_100, NULL, DBO_SEVERITY_WARNING, "product-use", NULL, "100%", "表二07" },
  { "division-code", mut_county_code, NULL, DBO_SEVERITY_WARNING, "division-code",
    "enterprise/address/division-code", "140500", "填表说明八" },
  { "materials-contradiction", mut_no_panel_opinion_material, NULL, DBO_SEVERITY_WARNING,
    "materials-contradiction", "objects/o9/materials/6", "已评审", "表四06" },
};

static void
test_case (gconstpointer data)
{
  const CheckCase *c = data;
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;
  const DboFinding *f;

  c->mutate (p);
  findings = run (p, c->today ? c->today : "2026-11-24");
  dump (findings);
  f = find (findings, c->code, c->path);
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, c->severity);
  g_assert_true (g_utf8_validate (say (f, DBO_LANGUAGE_ZH), -1, NULL));
  g_assert_cmpstr (say (f, DBO_LANGUAGE_EN), !=, "");
  if (c->message_part)
    g_assert_nonnull (strstr (say (f, DBO_LANGUAGE_ZH), c->message_part));
  if (c->clause_part)
    g_assert_nonnull (strstr (f->clause, c->clause_part));
  /* The zh_CN catalogue says what the pinned Chinese says. */
  if (zh_catalogue)
    for (guint i = 0; i < findings->len; i++)
      g_assert_cmpstr (dbo_finding_describe (g_ptr_array_index (findings, i)), ==,
                       say (g_ptr_array_index (findings, i), DBO_LANGUAGE_ZH));
  /* Errors come first. */
  for (guint i = 1; i < findings->len; i++)
    g_assert_cmpint (((DboFinding *) g_ptr_array_index (findings, i - 1))->severity, <=,
                     ((DboFinding *) g_ptr_array_index (findings, i))->severity);
}

/* The documents a coded field's finding holds back are those the form data
 * requires it for: 表二 04 is quoted in Annex 2 but only needed for filing. */
static void
test_form_prints (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;

  dbo_set_str (&obj (p, "o1")->service_scope, NULL);
  dbo_set_str (&obj (p, "o1")->network_coverage, "7");
  dbo_set_str (&p->enterprise.unit_type_code, "0");
  findings = run (p, "2026-11-24");
  dump (findings);
  g_assert_cmpuint (find (findings, "missing-field", "objects/o1/service/@scope")->prints, ==,
                    DBO_PRINTS_ANNEX4 | DBO_PRINTS_REPORT);
  g_assert_cmpuint (find (findings, "unknown-code", "objects/o1/network/@coverage")->prints, ==,
                    DBO_PRINTS_ANNEX4 | DBO_PRINTS_REPORT);
  g_assert_cmpuint (find (findings, "unknown-code", "enterprise/unit-type")->prints, ==, DBO_PRINTS_ANNEX4);
  g_assert_cmpstr (find (findings, "unknown-code", "enterprise/unit-type")->clause, ==, "附件4 备案表 表一09");
}

/* A level-1 object needs no 表二 fields, and a panel of three is enough. */
static void
test_not_over_strict (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;

  dbo_set_str (&obj (p, "o8")->number, NULL);
  dbo_set_str (&obj (p, "o8")->business_types, NULL);
  remove_member (p, "m4");
  remove_member (p, "m5");
  findings = run (p, "2026-11-24");
  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);
}

/* operation-date: only an operating object that starts after its level was
 * fixed (the panel's conclusion, or a later bureau decision that changed it). */
static void
test_operation_date_otherwise (void)
{
  static const struct {
    const char *operation_date;
    gboolean planned;
    int bureau_level;             /* o1's level in review round 1; 2 = unchanged */
    const char *concluded;        /* NULL: the panel's conclusion time not recorded */
    gboolean fires;
  } cases[] = {
    { "2026-09-28", FALSE, 2, "2026-09-28T16:30:00+08:00", FALSE },  /* the day it was fixed */
    { "2026-09-29", FALSE, 2, "2026-09-28T16:30:00+08:00", TRUE },
    { "2026-10-08", TRUE, 2, "2026-09-28T16:30:00+08:00", FALSE },   /* planned: not marked operating */
    { "2026-10-08", FALSE, 3, "2026-09-28T16:30:00+08:00", FALSE },  /* the bureau fixed it on 10-12 */
    { "2026-10-13", FALSE, 3, "2026-09-28T16:30:00+08:00", TRUE },
    { "2026-09-29", FALSE, 2, NULL, TRUE },                          /* the meeting date, 09-28 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DboProject) p = load_sample ();
      g_autoptr(GPtrArray) findings = NULL;
      DboObject *o1 = obj (p, "o1");
      DboReview *r1 = g_ptr_array_index (p->reviews, 0);

      dbo_set_str (&o1->operation_date, cases[i].operation_date);
      if (cases[i].planned)
        o1->status = DBO_STATUS_PLANNED;
      g_assert_cmpstr (g_array_index (r1->levels, DboReviewLevel, 0).object_id, ==, "o1");
      g_array_index (r1->levels, DboReviewLevel, 0).value = cases[i].bureau_level;
      dbo_set_str (&p->panel.conclusion.concluded, cases[i].concluded);
      findings = run (p, "2026-11-24");
      dump (findings);
      g_assert_cmpint (find (findings, "operation-date", "objects/o1/operation-date") != NULL, ==, cases[i].fires);
      g_assert_null (find (findings, "operation-date", "objects/o2/operation-date"));
    }
}

/* Whether @text holds an id like "o3" or "m12" as a word of its own. */
static gboolean
holds_id (const char *text, char kind)
{
  for (const char *s = text; *s != '\0'; s++)
    {
      const char *e = s + 1;

      if (*s != kind || (s > text && g_ascii_isalnum (s[-1])) || !g_ascii_isdigit (*e))
        continue;
      while (g_ascii_isdigit (*e))
        e++;
      if (!g_ascii_isalnum (*e))
        return TRUE;
    }
  return FALSE;
}

/* Every opening bracket or quote of @text closed, in order. */
static gboolean
brackets_balance (const char *text)
{
  static const char *const pairs[][2] = { { "（", "）" }, { "(", ")" }, { "“", "”" }, { "《", "》" }, { "〔", "〕" } };
  GString *open = g_string_new (NULL);   /* indices into pairs, as chars */
  gboolean ok = TRUE;

  for (const char *s = text; *s != '\0' && ok; s = g_utf8_next_char (s))
    for (guint k = 0; k < G_N_ELEMENTS (pairs); k++)
      {
        if (g_str_has_prefix (s, pairs[k][0]))
          g_string_append_c (open, (char) ('0' + k));
        else if (g_str_has_prefix (s, pairs[k][1]))
          {
            ok = open->len > 0 && open->str[open->len - 1] == (char) ('0' + k);
            if (ok)
              g_string_truncate (open, open->len - 1);
          }
      }
  ok = ok && open->len == 0;
  g_string_free (open, TRUE);
  return ok;
}

static void
test_holds_id (void)
{
  g_assert_true (holds_id ("（o1：应于", 'o'));
  g_assert_true (holds_id ("object o12: x", 'o'));
  g_assert_false (holds_id ("fonts-hanazono", 'o'));
  g_assert_false (holds_id ("no1", 'o'));
  g_assert_true (brackets_balance ("“a”（b（c））"));
  g_assert_false (brackets_balance ("（o1：应于 2021-07-31 前完成，已逾期"));
  g_assert_false (brackets_balance ("“a（”）"));
}

/* Issue 16 item 6: with no names, every message names each object and member
 * by its kind and position, never by its id, and its brackets close. */
static void
test_unnamed_no_ids (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;
  gboolean unnamed_seen = FALSE;

  for (guint i = 0; i < p->objects->len; i++)
    {
      DboObject *o = g_ptr_array_index (p->objects, i);

      dbo_set_str (&o->name, NULL);
      /* Each object misses the 2021 campaign: a deadline finding per object. */
      dbo_set_str (&o->operation_date, "2019-05-01");
    }
  for (guint i = 0; i < p->panel.members->len; i++)
    dbo_set_str (&((DboMember *) g_ptr_array_index (p->panel.members, i))->name, NULL);
  g_ptr_array_set_size (p->reviews, 0);
  p->has_filing = FALSE;

  findings = run (p, "2026-11-24");
  dump (findings);
  g_assert_nonnull (find (findings, "deadline-overdue", "deadlines/campaign/o1"));
  g_assert_nonnull (find (findings, "deadline-overdue", "deadlines/apply-review"));
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      g_assert_false (holds_id (say (f, DBO_LANGUAGE_ZH), 'o'));
      g_assert_false (holds_id (say (f, DBO_LANGUAGE_EN), 'o'));
      g_assert_false (holds_id (say (f, DBO_LANGUAGE_ZH), 'm'));
      g_assert_false (holds_id (say (f, DBO_LANGUAGE_EN), 'm'));
      if (!brackets_balance (say (f, DBO_LANGUAGE_ZH)) || !brackets_balance (say (f, DBO_LANGUAGE_EN)))
        g_error ("unbalanced: %s / %s", say (f, DBO_LANGUAGE_ZH), say (f, DBO_LANGUAGE_EN));
      if (strstr (say (f, DBO_LANGUAGE_ZH), "未命名对象 3") != NULL)
        unnamed_seen = TRUE;
    }
  g_assert_true (unnamed_seen);
  g_assert_cmpstr (say (find (findings, "deadline-overdue", "deadlines/campaign/o2"), DBO_LANGUAGE_ZH), ==,
                   "已运行网络完成定级备案（未命名对象 2）：应于 2021-07-31 前完成，已逾期");
  g_assert_cmpstr (say (find (findings, "deadline-overdue", "deadlines/campaign/o2"), DBO_LANGUAGE_EN), ==,
                   "Existing networks graded and filed (unnamed object 2): due 2021-07-31, overdue");
  g_assert_nonnull (strstr (say (find (findings, "missing-field", "panel/members/m3/name"), DBO_LANGUAGE_ZH),
                            "未命名专家 3"));
}

/* credit-code-region stays silent for a provincial registration, and for a
 * code already reported as invalid. */
static void
test_credit_code_region_otherwise (void)
{
  static const char *const codes[] = { "91140000MA0JD8K2XJ", "91140425MA0JD8K2X1", "91140525MA0JD8K2XK" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(DboProject) p = load_sample ();
      g_autoptr(GPtrArray) findings = NULL;

      dbo_set_str (&p->enterprise.credit_code, codes[i]);
      findings = run (p, "2026-11-24");
      dump (findings);
      g_assert_null (find (findings, "credit-code-region", NULL));
    }
}

/* named-system-missing: silent for a system the mine does not run, and for
 * one graded under another name; each missing one named once. */
static void
test_named_systems_otherwise (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;
  guint n = 0;

  mut_no_output_system (p);
  p->enterprise.not_run = 1u << DBO_PRESET_OUTPUT;
  dbo_set_str (&obj (p, "o7")->name, "综采工作面控制系统");
  /* The graded data changed: no panel hash to compare with. */
  dbo_set_str (&p->panel.conclusion.data_sha256, NULL);
  findings = run (p, "2026-11-24");
  dump (findings);
  g_assert_cmpuint (findings->len, ==, 0);

  /* Not run, yet graded: the object is what counts. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  p->enterprise.not_run = 1u << DBO_PRESET_DISPATCH;
  findings = run (p, "2026-11-24");
  g_assert_nonnull (find (findings, "named-system-missing", "enterprise/named-systems/output"));
  g_assert_null (find (findings, "named-system-missing", "enterprise/named-systems/dispatch"));

  /* A new project: all seven, as warnings that block nothing. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_ptr_array_set_size (p->objects, 0);
  p->enterprise.not_run = 0;
  findings = run (p, "2026-11-24");
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (f->code, "named-system-missing"))
        {
          n++;
          g_assert_cmpint (f->severity, ==, DBO_SEVERITY_WARNING);
          g_assert_cmpuint (f->prints, ==, DBO_PRINTS_ANNEX2 | DBO_PRINTS_ANNEX4);
        }
    }
  g_assert_cmpuint (n, ==, 7);
}

static void
test_count (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) findings = NULL;

  mut_panel_four (p);
  mut_material (p);
  findings = run (p, "2026-11-24");
  g_assert_cmpuint (dbo_checks_count (findings, DBO_SEVERITY_ERROR), ==, 1);
  g_assert_cmpuint (dbo_checks_count (findings, DBO_SEVERITY_WARNING), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Where the build's catalogue and the zh_CN locale are at hand, the
   * cases say each finding through the catalogue too. */
  zh_catalogue = dbo_test_bind_zh_catalogue ();
  rules = dbo_ruleset_load_default (&error);
  g_assert_no_error (error);
  calendar = dbo_calendar_load_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/checks/sample-clean", test_sample_clean);
  g_test_add_func ("/core/checks/materials-known", test_materials_known);
  g_test_add_func ("/core/checks/not-over-strict", test_not_over_strict);
  g_test_add_func ("/core/checks/count", test_count);
  g_test_add_func ("/core/checks/holds-id", test_holds_id);
  g_test_add_func ("/core/checks/form-prints", test_form_prints);
  g_test_add_func ("/core/checks/named-systems-otherwise", test_named_systems_otherwise);
  g_test_add_func ("/core/checks/credit-code-region-otherwise", test_credit_code_region_otherwise);
  g_test_add_func ("/core/checks/unnamed-no-ids", test_unnamed_no_ids);
  for (gsize i = 0; i < G_N_ELEMENTS (cross_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/checks/cross/%s", cross_cases[i].name);

      g_test_add_data_func (name, &cross_cases[i], test_case);
    }
  g_test_add_func ("/core/checks/operation-date-otherwise", test_operation_date_otherwise);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/checks/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  rc = g_test_run ();
  dbo_ruleset_unref (rules);
  dbo_calendar_unref (calendar);
  return rc;
}
