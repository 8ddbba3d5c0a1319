#define G_LOG_DOMAIN "dengbao-checks"
#include "config.h"

#include "dbo-checks.h"

#include "dbo-credit-code.h"
#include "dbo-deadlines.h"
#include "dbo-font-coverage.h"
#include "dbo-grading.h"
#include "dbo-panel-rules.h"

#include <stddef.h>
#include <string.h>

#define FORM_ANNEX2 "附件2 专家评审意见书"
#define FORM_ANNEX4 "附件4 备案表"

void
dbo_finding_free (DboFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->code);
  g_free (f->path);
  g_free (f->message);
  g_free (f->message_en);
  g_free (f->clause);
  g_free (f);
}

const char *
dbo_severity_token (DboSeverity severity)
{
  return severity == DBO_SEVERITY_ERROR ? "error" : "warning";
}

char *
dbo_finding_object_id (const char *path)
{
  const char *start = NULL, *end;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "objects/"))
    start = path + strlen ("objects/");
  else if (g_str_has_prefix (path, "panel/recommendations/"))
    start = path + strlen ("panel/recommendations/");
  if (start == NULL || *start == '\0')
    return NULL;
  end = strchr (start, '/');
  return end ? g_strndup (start, end - start) : g_strdup (start);
}

guint
dbo_checks_count (GPtrArray *findings, DboSeverity severity)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    if (((DboFinding *) g_ptr_array_index (findings, i))->severity == severity)
      n++;
  return n;
}

typedef struct {
  const DboProject *project;
  const DboRuleset *rules;
  const DboCalendar *calendar;
  const GDate *today;
  GPtrArray *out;
  GHashTable *levels;             /* object id → effective level */
  GHashTable *recs;               /* object id → DboRecommendation* */
  GHashTable *labels;             /* DboObject*, DboMember* → "未命名对象 N"… (zh, then en) */
} Ctx;

static int
level_of (Ctx *ctx, const DboObject *o)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ctx->levels, o->id));
}

static guint path_prints (const char *code, const char *path);

/* Takes ownership of @zh and @en. */
static void
add (Ctx *ctx, DboSeverity severity, const char *code, const char *path, const char *clause,
     char *zh, char *en)
{
  DboFinding *f = g_new0 (DboFinding, 1);

  f->severity = severity;
  f->code = g_strdup (code);
  f->path = g_strdup (path);
  f->clause = g_strdup (clause ? clause : "");
  f->message = zh;
  f->message_en = en;
  f->prints = path_prints (code, path);
  g_ptr_array_add (ctx->out, f);
}

/* What the user calls a record: its name, or its kind and 1-based position
 * among its kind when it has none, never its internal id ("o3", "m2"). The
 * strings live as long as @ctx. */
static const char *
record_label (Ctx *ctx, gconstpointer record, const char *name, GPtrArray *all, gboolean english,
              const char *unnamed_zh, const char *unnamed_en)
{
  char **pair;
  guint index = 0;

  if (!dbo_str_empty (name))
    return name;
  pair = g_hash_table_lookup (ctx->labels, record);
  if (pair == NULL)
    {
      if (!g_ptr_array_find (all, record, &index))
        index = all->len;
      pair = g_new0 (char *, 3);
      pair[0] = g_strdup_printf ("%s %u", unnamed_zh, index + 1);
      pair[1] = g_strdup_printf ("%s %u", unnamed_en, index + 1);
      g_hash_table_insert (ctx->labels, (gpointer) record, pair);
    }
  return pair[english ? 1 : 0];
}

static const char *
object_label (Ctx *ctx, const DboObject *o)
{
  return record_label (ctx, o, o->name, ctx->project->objects, FALSE, "未命名对象", "unnamed object");
}

static const char *
object_label_en (Ctx *ctx, const DboObject *o)
{
  return record_label (ctx, o, o->name, ctx->project->objects, TRUE, "未命名对象", "unnamed object");
}

static const char *
member_label (Ctx *ctx, const DboMember *m, gboolean english)
{
  return record_label (ctx, m, m->name, ctx->project->panel.members, english, "未命名专家", "unnamed member");
}

/* ---- fields the documents need ---- */

typedef struct {
  const char *path;               /* relative to the record */
  gsize offset;                   /* of a char* field */
  const char *zh;
  const char *en;
  const char *form;               /* which document prints it */
  guint prints;                   /* DboPrints: every document that prints it */
} FieldRule;

#define LEVEL_DOCS (DBO_PRINTS_ANNEX2 | DBO_PRINTS_ANNEX3 | DBO_PRINTS_ANNEX4 | DBO_PRINTS_REPORT)
#define A4 DBO_PRINTS_ANNEX4
#define A4_REPORT (DBO_PRINTS_ANNEX4 | DBO_PRINTS_REPORT)
#define A2_REPORT (DBO_PRINTS_ANNEX2 | DBO_PRINTS_REPORT)
#define A2_SIGNATURES (DBO_PRINTS_ANNEX2 | DBO_PRINTS_SIGNATURES)

#define E(f) G_STRUCT_OFFSET (DboEnterprise, f)
static const FieldRule enterprise_fields[] = {
  { "name", E (name), "单位名称", "enterprise name", FORM_ANNEX4 " 表一01", LEVEL_DOCS },
  { "credit-code", E (credit_code), "统一社会信用代码", "unified social credit code", FORM_ANNEX4 " 表一", A4 },
  { "address/city", E (city), "所在市", "city", FORM_ANNEX4 " 表一02", DBO_PRINTS_ANNEX3 | A4 },
  { "address/county", E (county), "县（区）", "county", FORM_ANNEX4 " 表一02", DBO_PRINTS_ANNEX3 | A4 },
  { "address/town", E (town), "乡（镇）", "town", "附件3 注册地址", DBO_PRINTS_ANNEX3 | A4 },
  { "address/postcode", E (postcode), "邮政编码", "postcode", FORM_ANNEX4 " 表一03", A4 },
  { "address/division-code", E (division_code), "行政区划代码", "administrative division code", FORM_ANNEX4 " 表一04", A4 },
  { "head/name", E (head.name), "单位负责人姓名", "head of the enterprise: name", FORM_ANNEX4 " 表一05", A4 },
  { "head/title", E (head.title), "单位负责人职务/职称", "head of the enterprise: title", FORM_ANNEX4 " 表一05", A4 },
  { "head/office-phone", E (head.office_phone), "单位负责人办公电话", "head of the enterprise: office phone", FORM_ANNEX4 " 表一05", A4 },
  { "head/email", E (head.email), "单位负责人电子邮件", "head of the enterprise: e-mail", FORM_ANNEX4 " 表一05", A4 },
  { "department", E (department), "责任部门", "responsible department", FORM_ANNEX4 " 表一06", A4 },
  { "contact/name", E (contact.name), "责任部门联系人姓名", "contact: name", FORM_ANNEX4 " 表一07", A4 },
  { "contact/title", E (contact.title), "责任部门联系人职务/职称", "contact: title", FORM_ANNEX4 " 表一07", A4 },
  { "contact/office-phone", E (contact.office_phone), "责任部门联系人办公电话", "contact: office phone", FORM_ANNEX4 " 表一07", A4 },
  { "contact/mobile", E (contact.mobile), "责任部门联系人移动电话", "contact: mobile", FORM_ANNEX4 " 表一07", A4 },
  { "contact/email", E (contact.email), "责任部门联系人电子邮件", "contact: e-mail", FORM_ANNEX4 " 表一07", A4 },
  { "affiliation", E (affiliation_code), "隶属关系", "affiliation", FORM_ANNEX4 " 表一08", A4 },
  { "unit-type", E (unit_type_code), "单位类型", "unit type", FORM_ANNEX4 " 表一09", A4 },
  { "industry", E (industry_code), "行业类别", "industry", FORM_ANNEX4 " 表一10", A4 },
};
#undef E

/* Fields of every object (Annex 2 table A and the detailed opinion). */
#define O(f) G_STRUCT_OFFSET (DboObject, f)
static const FieldRule object_fields[] = {
  { "name", O (name), "系统名称", "name", FORM_ANNEX2, LEVEL_DOCS },
  { "department", O (department), "责任部门", "responsible department", FORM_ANNEX2, A2_REPORT },
  { "owner/name", O (owner_name), "责任人", "person responsible", FORM_ANNEX2, A2_REPORT },
  { "owner/phone", O (owner_phone), "联系电话", "phone", FORM_ANNEX2, A2_REPORT },
  { "grading/business/description", O (aspects[DBO_ASPECT_BUSINESS].description),
    "业务信息描述", "business information description", FORM_ANNEX2 " / 定级报告", A2_REPORT },
  { "grading/service/description", O (aspects[DBO_ASPECT_SERVICE].description),
    "系统服务描述", "system service description", "定级报告", DBO_PRINTS_REPORT },
};

/* Fields of objects that are filed (表二). */
static const FieldRule filed_object_fields[] = {
  { "number", O (number), "系统编号", "system number", FORM_ANNEX4 " 表二02", A4_REPORT },
  { "business/@types", O (business_types), "业务类型", "business types", FORM_ANNEX4 " 表二03", A4_REPORT },
  { "business", O (business_description), "业务描述", "business description", FORM_ANNEX4 " 表二03", A4_REPORT },
  { "service/@scope", O (service_scope), "服务范围", "service scope", FORM_ANNEX4 " 表二04", A4_REPORT },
  { "service/@targets", O (service_targets), "服务对象", "service targets", FORM_ANNEX4 " 表二04", A4_REPORT },
  { "network/@coverage", O (network_coverage), "覆盖范围", "network coverage", FORM_ANNEX4 " 表二05", A4_REPORT },
  { "network/@nature", O (network_nature), "网络性质", "network nature", FORM_ANNEX4 " 表二05", A4_REPORT },
  { "interconnection/@codes", O (interconnection_codes), "系统互联情况", "interconnection", FORM_ANNEX4 " 表二06", A4_REPORT },
  { "operation-date", O (operation_date), "何时投入运行使用", "operation date", FORM_ANNEX4 " 表二10", A4_REPORT },
  { "grading/@drafted", O (drafted), "定级时间", "grading date", FORM_ANNEX4 " 表三04", A4 },
};
#undef O

/* Free texts no form requires but every one that prints them must print
 * whole: checked only for characters no font has. */
#define E(f) G_STRUCT_OFFSET (DboEnterprise, f)
static const FieldRule enterprise_texts[] = {
  { "affiliation/other", E (affiliation_other), "隶属关系（其他）", "affiliation (other)", FORM_ANNEX4 " 表一08", A4 },
  { "unit-type/other", E (unit_type_other), "单位类型（其他）", "unit type (other)", FORM_ANNEX4 " 表一09", A4 },
  { "industry/other", E (industry_other), "行业类别（其他）", "industry (other)", FORM_ANNEX4 " 表一10", A4 },
};
#undef E

#define O(f) G_STRUCT_OFFSET (DboObject, f)
static const FieldRule object_texts[] = {
  { "business/@other", O (business_other), "业务类型（其他）", "business type (other)", FORM_ANNEX4 " 表二03",
    A4_REPORT },
  { "service/@other", O (service_other), "服务范围（其他）", "service scope (other)", FORM_ANNEX4 " 表二04",
    DBO_PRINTS_ANNEX2 | A4_REPORT },
  { "service/@targets-other", O (service_targets_other), "服务对象（其他）", "service targets (other)",
    FORM_ANNEX4 " 表二04", DBO_PRINTS_ANNEX2 | A4_REPORT },
  { "network/@other", O (network_other), "覆盖范围（其他）", "network coverage (other)", FORM_ANNEX4 " 表二05",
    A4_REPORT },
  { "network/@nature-other", O (network_nature_other), "网络性质（其他）", "network nature (other)",
    FORM_ANNEX4 " 表二05", A4_REPORT },
  { "interconnection/@other", O (interconnection_other), "系统互联情况（其他）", "interconnection (other)",
    FORM_ANNEX4 " 表二06", A4_REPORT },
  { "assessment-body", O (assessment_body), "测评机构", "assessment body", FORM_ANNEX4 " 表二09", A4 },
  { "parent/@name", O (parent_name), "所属上级系统名称", "parent system", FORM_ANNEX4 " 表二12", A4_REPORT },
  { "parent/@unit", O (parent_unit), "上级系统所属单位", "parent system's unit", FORM_ANNEX4 " 表二12", A4_REPORT },
  { "grading/override/reason", O (override_reason), "调整等级的理由", "reason for the adjusted level",
    "定级报告", DBO_PRINTS_ANNEX2 | A4_REPORT },
};
#undef O

#define M(f) G_STRUCT_OFFSET (DboMember, f)
static const FieldRule member_fields[] = {
  { "name", M (name), "姓名", "name", FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "unit", M (unit), "单位", "unit", FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "title", M (title), "职称/职务", "title", FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "phone", M (phone), "联系电话", "phone", FORM_ANNEX2 " 评审专家组成员", DBO_PRINTS_ANNEX2 },
};
#undef M

static const FieldRule *
find_rule (const FieldRule *rules, gsize n_rules, const char *path)
{
  for (gsize i = 0; i < n_rules; i++)
    if (g_str_equal (rules[i].path, path))
      return &rules[i];
  return NULL;
}

/* The part of @path after "@prefix<id>/", or NULL. */
static const char *
after_id (const char *path, const char *prefix)
{
  const char *slash;

  if (!g_str_has_prefix (path, prefix))
    return NULL;
  slash = strchr (path + strlen (prefix), '/');
  return slash ? slash + 1 : NULL;
}

/* The documents that print the data at @path: a field prints where its
 * rule says; an object's grading (and the panel's level) prints its level
 * everywhere; the panel's make-up and its date print in Annex 2 and on the
 * signature sheet, its other words in Annex 2 only; a review in its Annex 3
 * (dbo-documents.c narrows that to the review's own round). A field
 * left empty prints as a blank line on the signature sheet, to be filled
 * in by hand, so only a wrong value blocks that sheet. */
static guint
path_prints (const char *code, const char *path)
{
  const FieldRule *rule = NULL;
  const char *rest;
  guint prints;

  /* Annex 2 shows these itself: an open conclusion as boxes to tick by
   * hand, an out-of-date one under its 已失效 mark (bundle.md §1). */
  if (g_str_equal (code, "panel-not-concluded") || g_str_equal (code, "panel-opinion-stale"))
    return 0;
  /* A level adjusted without its reason is a level no document may print. */
  if (g_str_equal (code, "override-without-reason"))
    return LEVEL_DOCS;
  /* A named system not graded would be missing from the objects Annex 2
   * and Annex 4 list. */
  if (g_str_has_prefix (path, "enterprise/named-systems/"))
    prints = DBO_PRINTS_ANNEX2 | A4;
  else if (g_str_has_prefix (path, "enterprise/"))
    {
      rule = find_rule (enterprise_fields, G_N_ELEMENTS (enterprise_fields), path + strlen ("enterprise/"));
      if (rule == NULL)
        rule = find_rule (enterprise_texts, G_N_ELEMENTS (enterprise_texts), path + strlen ("enterprise/"));
      prints = rule ? rule->prints : A4;
    }
  else if ((rest = after_id (path, "objects/")) != NULL)
    {
      rule = find_rule (object_fields, G_N_ELEMENTS (object_fields), rest);
      if (rule == NULL)
        rule = find_rule (filed_object_fields, G_N_ELEMENTS (filed_object_fields), rest);
      if (rule == NULL)
        rule = find_rule (object_texts, G_N_ELEMENTS (object_texts), rest);
      prints = rule ? rule->prints : LEVEL_DOCS;
    }
  else if (g_str_equal (path, "objects"))
    prints = DBO_PRINTS_ANNEX2 | A4;
  else if ((rest = after_id (path, "panel/members/")) != NULL)
    {
      rule = find_rule (member_fields, G_N_ELEMENTS (member_fields), rest);
      prints = rule ? rule->prints : DBO_PRINTS_ANNEX2;
    }
  else if (g_str_equal (path, "panel/members") || g_str_equal (path, "panel/@date"))
    prints = A2_SIGNATURES;
  else if (g_str_has_prefix (path, "panel/recommendations/") && after_id (path, "panel/recommendations/") == NULL)
    prints = DBO_PRINTS_ANNEX2 | DBO_PRINTS_ANNEX3;
  else if (g_str_has_prefix (path, "panel/"))
    prints = DBO_PRINTS_ANNEX2;
  else if (g_str_has_prefix (path, "reviews/"))
    prints = DBO_PRINTS_ANNEX3;
  else
    prints = 0;
  if (g_str_equal (code, "missing-field"))
    prints &= ~(guint) DBO_PRINTS_SIGNATURES;
  return prints;
}

static void
check_fields (Ctx *ctx, const void *record, const char *prefix, const char *who_zh,
              const char *who_en, const FieldRule *rules, gsize n_rules)
{
  for (gsize i = 0; i < n_rules; i++)
    {
      const char *value = *(const char * const *) ((const char *) record + rules[i].offset);
      g_autofree char *path = NULL;

      if (!dbo_str_empty (value))
        continue;
      path = g_strconcat (prefix, rules[i].path, NULL);
      add (ctx, DBO_SEVERITY_ERROR, "missing-field", path, rules[i].form,
           g_strdup_printf ("%s%s未填写（%s 需要）", who_zh, rules[i].zh, rules[i].form),
           g_strdup_printf ("%s%s is empty (needed by %s)", who_en, rules[i].en, rules[i].form));
    }
}

static gboolean
all_digits (const char *s, gsize n)
{
  if (s == NULL || strlen (s) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* ---- answers of one form that contradict each other (warnings) ---- */

static gboolean
uses_service (const DboObject *o, DboServiceKind kind)
{
  for (guint i = 0; i < o->services->len; i++)
    {
      const DboServiceUse *use = g_ptr_array_index (o->services, i);

      if (use->kind == kind && use->used)
        return TRUE;
    }
  return FALSE;
}

static void
check_cross_fields (Ctx *ctx, const DboObject *o, const char *prefix, gboolean files_materials)
{
  const DboProject *p = ctx->project;

  /* 表二 08 等级测评 ticked 无, 09 naming the company that assessed it. */
  if (!dbo_str_empty (o->assessment_body) && !uses_service (o, DBO_SERVICE_ASSESSMENT))
    {
      g_autofree char *path = g_strconcat (prefix, "assessment-body", NULL);

      add (ctx, DBO_SEVERITY_WARNING, "assessment-contradiction", path, FORM_ANNEX4 " 表二08/09",
           g_strdup_printf ("“%s”表二 08 等级测评服务选“无”，而 09 填写了测评机构“%s”", object_label (ctx, o),
                            o->assessment_body),
           g_strdup_printf ("%s: 表二 08 says no level assessment, but 09 names the assessment body '%s'",
                            object_label_en (ctx, o), o->assessment_body));
    }

  /* 表二 07 部分使用 at 100 %. */
  for (guint i = 0; i < o->products->len; i++)
    {
      const DboProduct *prod = g_ptr_array_index (o->products, i);

      if (prod->domestic == DBO_DOMESTIC_PARTIAL && prod->percent >= 100)
        {
          const char *kind = dbo_token_name (dbo_product_kind_tokens, prod->kind);
          g_autofree char *path = g_strdup_printf ("%sproducts/%s/percent", prefix, kind);

          add (ctx, DBO_SEVERITY_WARNING, "product-use", path, FORM_ANNEX4 " 表二07",
               g_strdup_printf ("“%s”的%s选“部分使用”，国产品使用率却为 100%%", object_label (ctx, o),
                                dbo_token_zh (dbo_product_kind_tokens, prod->kind)),
               g_strdup_printf ("%s: %s marked partly domestic at 100 %%", object_label_en (ctx, o), kind));
        }
    }

  if (!files_materials)
    return;
  /* 表四: the project fills in 06 and 07 where it knows them
   * (dbo_project_known_material), and a 无 the user ticked there contradicts
   * 表三 05/08; any other item ticked 有 names its attachment. */
  for (int item = 1; item <= 7; item++)
    {
      const DboMaterial *m = dbo_object_find_material (o, item);
      g_autofree char *path = g_strdup_printf ("%smaterials/%d", prefix, item);
      const DboAttachment *att;

      if (m == NULL)
        continue;
      if (dbo_project_known_material (p, o, item, NULL))
        {
          if (m->present)
            continue;
          if (item == 6)
            add (ctx, DBO_SEVERITY_WARNING, "materials-contradiction", path, FORM_ANNEX4 " 表三05/表四06",
                 g_strdup_printf ("“%s”表三为“已评审”，表四第 06 项专家评审情况却勾选为“无”", object_label (ctx, o)),
                 g_strdup_printf ("%s: 表三 says reviewed by the panel, 表四 item 06 is ticked no panel opinion",
                                  object_label_en (ctx, o)));
          else
            add (ctx, DBO_SEVERITY_WARNING, "materials-contradiction", path, FORM_ANNEX4 " 表三08/表四07",
                 g_strdup_printf ("“%s”表三为“已审批”，表四第 07 项上级主管部门审批意见却勾选为“无”",
                                  object_label (ctx, o)),
                 g_strdup_printf ("%s: 表三 says approved by the bureau, 表四 item 07 is ticked no approval",
                                  object_label_en (ctx, o)));
          continue;
        }
      att = m->present ? dbo_project_find_attachment (p, m->attachment) : NULL;
      if (m->present && (att == NULL || dbo_str_empty (att->name)))
        add (ctx, DBO_SEVERITY_WARNING, "materials-attachment", path, FORM_ANNEX4 " 表四",
             g_strdup_printf ("“%s”表四第 %02d 项“%s”勾选为“有”，却没有附件名称：请添加该材料的附件",
                              object_label (ctx, o), item, dbo_material_label (item)),
             g_strdup_printf ("%s: 表四 item %02d is ticked present but names no attachment; attach the material",
                              object_label_en (ctx, o), item));
    }
}

/* 表一 04 asks for the 地（区、市、州、盟）code, not the county's. */
static void
check_division_code (Ctx *ctx)
{
  const DboEnterprise *e = &ctx->project->enterprise;
  const DboRegion *region = dbo_str_empty (e->city) ? NULL : dbo_ruleset_find_region (ctx->rules, e->city);

  if (region == NULL || region->division == NULL || dbo_str_empty (e->division_code)
      || !all_digits (e->division_code, 6) || g_strcmp0 (e->division_code, region->division) == 0)
    return;
  add (ctx, DBO_SEVERITY_WARNING, "division-code", "enterprise/address/division-code",
       FORM_ANNEX4 " 填表说明八",
       g_strdup_printf ("行政区划代码“%s”不是%s市的代码 %s：表一 04 填地（区、市、州、盟）的行政区划代码",
                        e->division_code, region->name, region->division),
       g_strdup_printf ("division code %s is not %s's code %s: 表一 04 asks for the prefecture's code",
                        e->division_code, region->name, region->division));
}

/* ---- how a contact field is written (warnings: the form prints it as typed) ---- */

typedef enum { FORMAT_EMAIL, FORMAT_MOBILE, FORMAT_PHONE } ContactFormat;

static gboolean
format_ok (ContactFormat format, const char *value)
{
  switch (format)
    {
    case FORMAT_EMAIL:
      return g_regex_match_simple ("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$", value, 0, 0);
    case FORMAT_MOBILE:
      /* A mainland mobile number: 11 digits from 1, maybe written +86. */
      return g_regex_match_simple ("^(\\+?86[- ]?)?1[3-9][0-9]{9}$", value, 0, 0);
    case FORMAT_PHONE:
    default:
      /* An office line (0356-3861001, (0356)3861001, …转8001) or a mobile. */
      return g_regex_match_simple ("^[+(]?[0-9][0-9 ()+-]{5,}[0-9](转[0-9]{1,6})?$", value, 0, 0);
    }
}

static void
check_format (Ctx *ctx, ContactFormat format, const char *value, const char *path, const char *what_zh,
              const char *what_en)
{
  static const char *const how_zh[] = { "应为电子邮件地址，如 name@example.cn", "应为 11 位手机号码，如 13912345678",
                                        "应为电话号码，如 0356-3861001" };
  static const char *const how_en[] = { "must be an e-mail address, e.g. name@example.cn",
                                        "must be an 11-digit mobile number, e.g. 13912345678",
                                        "must be a phone number, e.g. 0356-3861001" };

  if (dbo_str_empty (value) || format_ok (format, value))
    return;
  add (ctx, DBO_SEVERITY_WARNING, "field-format", path, "",
       g_strdup_printf ("%s“%s”%s", what_zh, value, how_zh[format]),
       g_strdup_printf ("%s '%s' %s", what_en, value, how_en[format]));
}

static void
check_person (Ctx *ctx, const DboPerson *person, const char *prefix, const char *who_zh, const char *who_en)
{
  g_autofree char *office = g_strconcat (prefix, "office-phone", NULL);
  g_autofree char *mobile = g_strconcat (prefix, "mobile", NULL);
  g_autofree char *email = g_strconcat (prefix, "email", NULL);
  g_autofree char *office_zh = g_strconcat (who_zh, "办公电话", NULL);
  g_autofree char *mobile_zh = g_strconcat (who_zh, "移动电话", NULL);
  g_autofree char *email_zh = g_strconcat (who_zh, "电子邮件", NULL);
  g_autofree char *office_en = g_strconcat (who_en, " office phone", NULL);
  g_autofree char *mobile_en = g_strconcat (who_en, " mobile", NULL);
  g_autofree char *email_en = g_strconcat (who_en, " e-mail", NULL);

  check_format (ctx, FORMAT_PHONE, person->office_phone, office, office_zh, office_en);
  check_format (ctx, FORMAT_MOBILE, person->mobile, mobile, mobile_zh, mobile_en);
  check_format (ctx, FORMAT_EMAIL, person->email, email, email_zh, email_en);
}

/* A form's 其他 ticked without saying what: the form prints a blank line. */
static void
check_other_text (Ctx *ctx, const char *codes, const char *code, const char *text, const char *path,
                  const char *what_zh, const char *what_en, const char *form)
{
  g_auto(GStrv) list = NULL;

  if (dbo_str_empty (codes) || !dbo_str_empty (text))
    return;
  list = g_strsplit_set (codes, " |", -1);
  if (!g_strv_contains ((const char * const *) list, code))
    return;
  add (ctx, DBO_SEVERITY_WARNING, "missing-field", path, form,
       g_strdup_printf ("%s选了“其他”，却未写明是什么", what_zh),
       g_strdup_printf ("%s: “other” is chosen but not said what", what_en));
}

/* Characters 3–8 of a credit code are the registering authority's GB/T 2260
 * division code; its first four digits name the prefecture. A code from
 * another city may be right (a company registered elsewhere), so this only
 * warns; a provincial or national authority's code (…0000) names no city. */
static void
check_credit_code_region (Ctx *ctx)
{
  const DboEnterprise *e = &ctx->project->enterprise;
  const DboRegion *region = dbo_str_empty (e->city) ? NULL : dbo_ruleset_find_region (ctx->rules, e->city);
  g_autofree char *part = NULL;

  if (region == NULL || region->division == NULL || !all_digits (region->division, 6)
      || dbo_str_empty (e->credit_code) || !dbo_credit_code_validate (e->credit_code, NULL, NULL))
    return;
  part = g_strndup (e->credit_code + 2, 6);
  if (!all_digits (part, 6) || g_str_has_suffix (part, "0000") || strncmp (part, region->division, 4) == 0)
    return;
  add (ctx, DBO_SEVERITY_WARNING, "credit-code-region", "enterprise/credit-code", "GB 32100-2015 / GB/T 2260",
       g_strdup_printf ("统一社会信用代码“%s”第 3–8 位的登记管理机关行政区划码 %s 不在所在市%s市（%.4s 开头）："
                        "请核对统一社会信用代码或所在市", e->credit_code, part, region->name, region->division),
       g_strdup_printf ("the unified social credit code %s has the division code %s in characters 3–8, which is "
                        "not in the enterprise's city %s (codes %.4s…): check the credit code or the city",
                        e->credit_code, part, region->name, region->division));
}

static void
check_enterprise (Ctx *ctx)
{
  const DboEnterprise *e = &ctx->project->enterprise;
  g_autoptr(GError) error = NULL;
  char expected = '\0';

  check_fields (ctx, e, "enterprise/", "", "", enterprise_fields, G_N_ELEMENTS (enterprise_fields));

  if (!dbo_str_empty (e->credit_code) && !dbo_credit_code_validate (e->credit_code, &expected, &error))
    add (ctx, DBO_SEVERITY_ERROR, "credit-code", "enterprise/credit-code", "GB 32100-2015",
         g_strdup_printf ("统一社会信用代码“%s”无效：%s", e->credit_code, error->message),
         expected ? g_strdup_printf ("credit code %s: wrong check character, expected '%c'", e->credit_code, expected)
                  : g_strdup_printf ("credit code %s is not a valid GB 32100 code", e->credit_code));

  if (!dbo_str_empty (e->city) && dbo_ruleset_find_region (ctx->rules, e->city) == NULL)
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/city", "附件3 注2",
         g_strdup_printf ("所在市代码“%s”不是山西省的设区市编号（01–11）", e->city),
         g_strdup_printf ("city code '%s' is not one of 01–11", e->city));
  if (!dbo_str_empty (e->postcode) && !all_digits (e->postcode, 6))
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/postcode", FORM_ANNEX4 " 表一03",
         g_strdup_printf ("邮政编码“%s”应为 6 位数字", e->postcode),
         g_strdup_printf ("postcode '%s' must be 6 digits", e->postcode));
  if (!dbo_str_empty (e->division_code) && !all_digits (e->division_code, 6))
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/division-code", FORM_ANNEX4 " 表一04",
         g_strdup_printf ("行政区划代码“%s”应为 6 位数字", e->division_code),
         g_strdup_printf ("division code '%s' must be 6 digits", e->division_code));
  check_division_code (ctx);

  check_person (ctx, &e->head, "enterprise/head/", "单位负责人", "head of the enterprise:");
  check_person (ctx, &e->contact, "enterprise/contact/", "责任部门联系人", "contact:");
  check_other_text (ctx, e->affiliation_code, "9", e->affiliation_other, "enterprise/affiliation/other",
                    "隶属关系", "affiliation", FORM_ANNEX4 " 表一08");
  check_other_text (ctx, e->unit_type_code, "9", e->unit_type_other, "enterprise/unit-type/other",
                    "单位类型", "unit type", FORM_ANNEX4 " 表一09");
  check_other_text (ctx, e->industry_code, "99", e->industry_other, "enterprise/industry/other",
                    "行业类别", "industry", FORM_ANNEX4 " 表一10");
  check_credit_code_region (ctx);
}

static void
check_minimum (Ctx *ctx, const DboObject *o, int level, const char *path, const char *what_zh,
               const char *what_en)
{
  const DboMinimumRule *rule = NULL;
  int min = dbo_ruleset_minimum_for (ctx->rules, o, &rule);

  if (rule == NULL || level >= min)
    return;
  add (ctx, DBO_SEVERITY_ERROR, "level-below-minimum", path, rule->clause,
       g_strdup_printf ("“%s”的%s为%s，低于规定的最低等级%s：%s", object_label (ctx, o), what_zh,
                        dbo_level_zh (level), dbo_level_zh (min), rule->text_zh),
       g_strdup_printf ("%s: the %s is level %d, below the required minimum level %d: %s",
                        object_label_en (ctx, o), what_en, level, min, rule->text_en));
}

/* The grading of one object: what would make its forms wrong. */
static void
check_object_grading (Ctx *ctx, const DboObject *o)
{
  g_autofree char *prefix = g_strdup_printf ("objects/%s/", o->id);
  int drafted = dbo_grading_drafted_level (ctx->rules, o);

  if (o->override_level > 0 && dbo_str_empty (o->override_reason))
    {
      g_autofree char *path = g_strconcat (prefix, "grading/override/reason", NULL);

      add (ctx, DBO_SEVERITY_ERROR, "override-without-reason", path,
           dbo_ruleset_requirement_clause (ctx->rules, "method"),
           g_strdup_printf ("“%s”的等级被调整为%s（按定级方法为%s），但未写明理由", object_label (ctx, o),
                            dbo_level_zh (o->override_level),
                            dbo_level_zh (dbo_grading_computed_level (ctx->rules, o))),
           g_strdup_printf ("%s: the level is overridden to %d (the method gives %d) without a reason",
                            object_label_en (ctx, o), o->override_level,
                            dbo_grading_computed_level (ctx->rules, o)));
    }

  {
    g_autofree char *path = g_strconcat (prefix, "grading", NULL);

    check_minimum (ctx, o, drafted, path, "拟定等级", "drafted level");
  }
}

/* The panel's word on one object: its level against the minimum, and a
 * reason wherever it departs from the draft. */
static void
check_recommendation (Ctx *ctx, const DboObject *o, const DboRecommendation *rec)
{
  g_autofree char *path = g_strdup_printf ("panel/recommendations/%s", o->id);
  int drafted = dbo_grading_drafted_level (ctx->rules, o);

  check_minimum (ctx, o, rec->level, path, "专家评审建议等级", "panel's recommended level");
  if (rec->level != drafted && dbo_str_empty (rec->reason))
    {
      g_autofree char *rpath = g_strconcat (path, "/reason", NULL);

      add (ctx, DBO_SEVERITY_ERROR, "recommendation-without-reason", rpath, FORM_ANNEX2,
           g_strdup_printf ("专家组对“%s”建议%s，与拟定的%s不同，但未写明理由", object_label (ctx, o),
                            dbo_level_zh (rec->level), dbo_level_zh (drafted)),
           g_strdup_printf ("the panel recommends level %d for %s, unlike the drafted level %d, without a reason",
                            rec->level, object_label_en (ctx, o), drafted));
    }
}

/* Every named system of the notice the mine runs is graded: present as an
 * object with its preset, or marked as not run (DboEnterprise.not_run). A
 * warning, so that a bundle can still be made while the answer is pending. */
static void
check_named_systems (Ctx *ctx)
{
  const DboEnterprise *e = &ctx->project->enterprise;
  const char *clause = NULL;
  guint named = dbo_ruleset_named_systems (ctx->rules, &clause);

  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    {
      const char *name = dbo_ruleset_preset_name (ctx->rules, preset);
      g_autofree char *path = NULL;

      if (!(named & (1u << preset)) || !dbo_enterprise_runs_preset (e, preset)
          || dbo_project_find_preset (ctx->project, preset) != NULL)
        continue;
      path = g_strdup_printf ("enterprise/named-systems/%s", dbo_token_name (dbo_preset_tokens, preset));
      add (ctx, DBO_SEVERITY_WARNING, "named-system-missing", path, clause,
           g_strdup_printf ("通知列明的“%s”尚未作为定级对象添加并定级：本矿运行该系统时，请添加并定级；"
                            "本矿未运行时，请在“企业信息”的“重点系统”中注明", name),
           g_strdup_printf ("the named system “%s” of the notice is not graded as a protected object: add and "
                            "grade it if the mine runs it, or mark it as not run under Enterprise, Named Systems",
                            name));
    }
}

static void
check_objects (Ctx *ctx)
{
  const DboProject *p = ctx->project;
  int min_filed = dbo_ruleset_filing_min_level (ctx->rules);
  const char *materials_clause = NULL;
  int min_materials = dbo_ruleset_materials_min_level (ctx->rules, &materials_clause);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (p->objects->len == 0)
    add (ctx, DBO_SEVERITY_ERROR, "no-objects", "objects", dbo_ruleset_requirement_clause (ctx->rules, "objects"),
         g_strdup ("尚未添加定级对象：企业建设、运行的各类网络均应作为定级对象"),
         g_strdup ("no protected objects yet: every network the enterprise runs is an object"));

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      g_autofree char *prefix = g_strdup_printf ("objects/%s/", o->id);
      g_autofree char *who_zh = g_strdup_printf ("定级对象“%s”的", object_label (ctx, o));
      g_autofree char *who_en = g_strdup_printf ("%s: ", object_label_en (ctx, o));
      int level = level_of (ctx, o);

      check_fields (ctx, o, prefix, who_zh, who_en, object_fields, G_N_ELEMENTS (object_fields));
      if (level >= min_filed)
        check_fields (ctx, o, prefix, who_zh, who_en, filed_object_fields, G_N_ELEMENTS (filed_object_fields));

      if (!dbo_str_empty (o->name))
        {
          if (g_hash_table_contains (names, o->name))
            {
              g_autofree char *path = g_strconcat (prefix, "name", NULL);

              add (ctx, DBO_SEVERITY_WARNING, "duplicate-name", path, "",
                   g_strdup_printf ("有两个定级对象都叫“%s”，文件中无法区分", o->name),
                   g_strdup_printf ("two objects are named '%s'; the documents cannot tell them apart", o->name));
            }
          g_hash_table_add (names, o->name);
        }

      for (int a = 0; a < DBO_N_ASPECTS; a++)
        if (o->aspects[a].harms->len == 0)
          {
            g_autofree char *path = g_strdup_printf ("%sgrading/%s/harm", prefix,
                                                     dbo_token_name (dbo_aspect_tokens, a));

            add (ctx, DBO_SEVERITY_ERROR, "missing-field", path,
                 dbo_ruleset_requirement_clause (ctx->rules, "method"),
                 g_strdup_printf ("%s%s未选择受侵害的客体和侵害程度", who_zh, dbo_token_zh (dbo_aspect_tokens, a)),
                 g_strdup_printf ("%sno harmed object and degree chosen for %s", who_en,
                                  a == DBO_ASPECT_BUSINESS ? "business information security"
                                                           : "system service security"));
          }

      check_object_grading (ctx, o);
      check_cross_fields (ctx, o, prefix, min_materials > 0 && level >= min_materials);
      {
        g_autofree char *phone = g_strconcat (prefix, "owner/phone", NULL);
        g_autofree char *phone_zh = g_strconcat (who_zh, "联系电话", NULL);
        g_autofree char *phone_en = g_strconcat (who_en, "phone", NULL);

        check_format (ctx, FORMAT_PHONE, o->owner_phone, phone, phone_zh, phone_en);
      }
      if (level >= min_filed)
        {
          static const struct {
            gsize codes, text;
            const char *code, *path, *zh, *en, *form;
          } others[] = {
            { G_STRUCT_OFFSET (DboObject, business_types), G_STRUCT_OFFSET (DboObject, business_other), "9",
              "business/@other", "业务类型", "business type", FORM_ANNEX4 " 表二03" },
            { G_STRUCT_OFFSET (DboObject, service_scope), G_STRUCT_OFFSET (DboObject, service_other), "99",
              "service/@other", "服务范围", "service scope", FORM_ANNEX4 " 表二04" },
            { G_STRUCT_OFFSET (DboObject, service_targets), G_STRUCT_OFFSET (DboObject, service_targets_other), "9",
              "service/@targets-other", "服务对象", "service targets", FORM_ANNEX4 " 表二04" },
            { G_STRUCT_OFFSET (DboObject, network_coverage), G_STRUCT_OFFSET (DboObject, network_other), "9",
              "network/@other", "覆盖范围", "network coverage", FORM_ANNEX4 " 表二05" },
            { G_STRUCT_OFFSET (DboObject, network_nature), G_STRUCT_OFFSET (DboObject, network_nature_other), "9",
              "network/@nature-other", "网络性质", "network nature", FORM_ANNEX4 " 表二05" },
            { G_STRUCT_OFFSET (DboObject, interconnection_codes), G_STRUCT_OFFSET (DboObject, interconnection_other),
              "9", "interconnection/@other", "系统互联情况", "interconnection", FORM_ANNEX4 " 表二06" },
          };

          for (gsize k = 0; k < G_N_ELEMENTS (others); k++)
            {
              const char *codes = *(const char * const *) ((const char *) o + others[k].codes);
              const char *text = *(const char * const *) ((const char *) o + others[k].text);
              g_autofree char *path = g_strconcat (prefix, others[k].path, NULL);
              g_autofree char *what_zh = g_strconcat (who_zh, others[k].zh, NULL);
              g_autofree char *what_en = g_strconcat (who_en, others[k].en, NULL);

              check_other_text (ctx, codes, others[k].code, text, path, what_zh, what_en, others[k].form);
            }
        }

      if (o->status == DBO_STATUS_OPERATING && !dbo_str_empty (o->drafted) && !dbo_str_empty (o->operation_date))
        {
          const char *notice = NULL, *deadline = NULL, *clause = NULL;
          GDate drafted_on, op, notice_date;

          dbo_ruleset_get_campaign (ctx->rules, &notice, &deadline, &clause);
          /* A network built after the notice is graded in its planning stage. */
          if (dbo_date_parse (o->drafted, &drafted_on, NULL) && dbo_date_parse (o->operation_date, &op, NULL) &&
              notice != NULL && dbo_date_parse (notice, &notice_date, NULL) &&
              g_date_compare (&op, &notice_date) >= 0 && g_date_compare (&drafted_on, &op) > 0)
            {
              g_autofree char *path = g_strconcat (prefix, "grading/@drafted", NULL);

              add (ctx, DBO_SEVERITY_WARNING, "graded-late", path, clause,
                   g_strdup_printf ("“%s”于 %s 投入运行，定级时间 %s 晚于投入运行：新建网络须在规划、设计阶段完成定级",
                                    object_label (ctx, o), o->operation_date, o->drafted),
                   g_strdup_printf ("%s went into operation on %s but was graded on %s: new networks are graded "
                                    "in their planning stage", object_label_en (ctx, o), o->operation_date, o->drafted));
            }
        }

      if (level >= min_materials && min_materials > 0)
        {
          for (int item = 1; item <= 7; item++)
            {
              gboolean present = FALSE;

              for (guint k = 0; k < o->materials->len; k++)
                {
                  const DboMaterial *m = g_ptr_array_index (o->materials, k);

                  if (m->item == item && m->present)
                    present = TRUE;
                }
              if (!present && !dbo_project_known_material (ctx->project, o, item, NULL))
                {
                  g_autofree char *path = g_strdup_printf ("%smaterials/%d", prefix, item);

                  add (ctx, DBO_SEVERITY_WARNING, "materials-missing", path, materials_clause,
                       g_strdup_printf ("“%s”为%s，表四第 %02d 项材料“%s”尚未提供", object_label (ctx, o),
                                        dbo_level_zh (level), item, dbo_material_label (item)),
                       g_strdup_printf ("%s is level %d: 表四 item %02d is not provided yet", object_label_en (ctx, o),
                                        level, item));
                }
            }
        }
    }
}

/* An object marked operating (投入运行) whose 表二 10 date is after the date
 * its level was fixed: the 定级报告 and 表三 04, dated that day, would state
 * an operation that had not happened yet. */
static void
check_operation_date (Ctx *ctx)
{
  for (guint i = 0; i < ctx->project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (ctx->project->objects, i);
      g_autofree char *fixed = NULL;
      g_autofree char *path = NULL;
      GDate op, fixed_on;

      if (o->status != DBO_STATUS_OPERATING || !dbo_date_parse (o->operation_date, &op, NULL))
        continue;
      fixed = dbo_grading_level_fixed_date (ctx->rules, ctx->project, o);
      if (fixed == NULL || !dbo_date_parse (fixed, &fixed_on, NULL) || g_date_compare (&op, &fixed_on) <= 0)
        continue;
      path = g_strdup_printf ("objects/%s/operation-date", o->id);
      add (ctx, DBO_SEVERITY_WARNING, "operation-date", path, FORM_ANNEX4 " 表二10 / 表三04",
           g_strdup_printf ("“%s”标记为已投入运行，但何时投入运行使用（%s）晚于定级时间（%s，等级确定之日）："
                            "请核对投入运行日期，或将其标记为新建系统", object_label (ctx, o), o->operation_date, fixed),
           g_strdup_printf ("%s is marked operating, but its operation date (%s) is after the date its level was "
                            "fixed (%s): check the operation date, or mark it as planned", object_label_en (ctx, o),
                            o->operation_date, fixed));
    }
}

static void
check_panel (Ctx *ctx)
{
  const DboProject *p = ctx->project;
  const DboPanelRules *rules = dbo_ruleset_get_panel_rules (ctx->rules);
  guint n = p->panel.members->len;
  g_autoptr(GPtrArray) results = dbo_panel_rules_evaluate (ctx->rules, &p->panel);
  gboolean size_met = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);
      g_autofree char *prefix = g_strdup_printf ("panel/members/%s/", m->id);
      g_autofree char *who_zh = g_strdup_printf ("专家“%s”的", member_label (ctx, m, FALSE));
      g_autofree char *who_en = g_strdup_printf ("panel member %s: ", member_label (ctx, m, TRUE));

      check_fields (ctx, m, prefix, who_zh, who_en, member_fields, G_N_ELEMENTS (member_fields));
      {
        g_autofree char *phone = g_strconcat (prefix, "phone", NULL);
        g_autofree char *phone_zh = g_strconcat (who_zh, "联系电话", NULL);
        g_autofree char *phone_en = g_strconcat (who_en, "phone", NULL);

        check_format (ctx, FORMAT_PHONE, m->phone, phone, phone_zh, phone_en);
      }
    }

  /* The odd number and the minimum make one finding: the size. */
  for (guint i = 0; i < results->len; i++)
    {
      const DboPanelRuleResult *r = g_ptr_array_index (results, i);

      if (r->rule == DBO_PANEL_RULE_ODD || r->rule == DBO_PANEL_RULE_MIN_MEMBERS)
        size_met = size_met && r->met;
    }
  if (!size_met)
    add (ctx, DBO_SEVERITY_ERROR, "panel-size", "panel/members", rules->clause,
         g_strdup_printf ("专家组现有 %u 名成员：专家组成员总数应为单数，且最低不少于 %d 名", n, rules->min_members),
         g_strdup_printf ("the panel has %u members: it must have an odd number of members, at least %d",
                          n, rules->min_members));

  for (guint i = 0; i < results->len; i++)
    {
      const DboPanelRuleResult *r = g_ptr_array_index (results, i);

      if (r->met)
        continue;
      if (r->rule == DBO_PANEL_RULE_KIND)
        add (ctx, DBO_SEVERITY_ERROR, "panel-composition", "panel/members", r->clause,
             g_strdup_printf ("专家组中没有%s：%s", r->kind->name_zh, rules->composition_zh),
             g_strdup_printf ("the panel has no %s: %s", r->kind->name_en, rules->composition_en));
      else if (r->rule == DBO_PANEL_RULE_LEADERS)
        add (ctx, DBO_SEVERITY_ERROR, "panel-leader", "panel/members", r->clause,
             g_strdup_printf ("专家组应有且只有 %d 名组长，现有 %d 名", r->required, r->counted),
             g_strdup_printf ("the panel must have exactly %d leader, it has %d", r->required, r->counted));
    }

  if (dbo_str_empty (p->panel.date))
    add (ctx, DBO_SEVERITY_ERROR, "missing-field", "panel/@date", FORM_ANNEX2,
         g_strdup ("评审日期未填写（附件2 专家评审意见书 需要）"),
         g_strdup ("the review date is empty (needed by Annex 2)"));

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      const DboRecommendation *rec = g_hash_table_lookup (ctx->recs, o->id);
      g_autofree char *path = g_strdup_printf ("panel/recommendations/%s", o->id);

      if (rec == NULL)
        {
          add (ctx, DBO_SEVERITY_ERROR, "recommendation-missing", path,
               dbo_ruleset_requirement_clause (ctx->rules, "recommendation"),
               g_strdup_printf ("专家组尚未给出“%s”的评审建议等级", object_label (ctx, o)),
               g_strdup_printf ("the panel has not recommended a level for %s", object_label_en (ctx, o)));
          continue;
        }
      check_recommendation (ctx, o, rec);
    }

  if (!p->panel.conclusion.present)
    add (ctx, DBO_SEVERITY_ERROR, "panel-not-concluded", "panel/conclusion",
         dbo_ruleset_requirement_clause (ctx->rules, "conclusion"),
         g_strdup ("专家组尚未形成评审结论"),
         g_strdup ("the panel has not concluded its review"));
  else
    {
      g_autofree char *now = dbo_grading_data_sha256 (p);
      const char *then = p->panel.conclusion.data_sha256;

      if (!dbo_str_empty (then) && g_ascii_strcasecmp (then, now) != 0)
        add (ctx, DBO_SEVERITY_ERROR, "panel-opinion-stale", "panel/conclusion/@data-sha256", FORM_ANNEX2,
             g_strdup ("专家组评审结论形成后，定级数据已被修改：评审意见已失效，需专家组重新确认"),
             g_strdup ("the graded data changed after the panel concluded: its opinion is out of date until the "
                       "panel confirms it again"));
    }
}

static void
check_reviews (Ctx *ctx)
{
  const DboProject *p = ctx->project;
  const char *clause = NULL;
  const char *authority = dbo_ruleset_route_enterprise (ctx->rules, &p->enterprise, &clause);

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);
      g_autofree char *path = g_strdup_printf ("reviews/%d", r->round);
      g_autoptr(GError) error = NULL;

      if (!dbo_str_empty (r->number) &&
          !dbo_ruleset_check_review_number (ctx->rules, r->number, &error))
        {
          g_autofree char *npath = g_strconcat (path, "/@number", NULL);

          add (ctx, DBO_SEVERITY_ERROR, "review-number", npath, dbo_ruleset_review_number_clause (ctx->rules),
               g_strdup_printf ("审核编号“%s”格式错误：%s", r->number, error->message),
               g_strdup_printf ("review number '%s' is malformed: %s", r->number, error->message));
        }
      else if (!dbo_str_empty (r->number) && !dbo_str_empty (r->authority) &&
               strncmp (r->number, r->authority, 2) != 0)
        {
          g_autofree char *npath = g_strconcat (path, "/@number", NULL);

          add (ctx, DBO_SEVERITY_ERROR, "review-number", npath, dbo_ruleset_review_number_clause (ctx->rules),
               g_strdup_printf ("审核编号“%s”的前 2 位应为审核部门编号 %s", r->number, r->authority),
               g_strdup_printf ("review number '%s' must start with the authority code %s", r->number,
                                r->authority));
        }

      if (!dbo_str_empty (r->authority) && authority != NULL && g_strcmp0 (r->authority, authority) != 0)
        {
          gboolean province_objects = FALSE;

          /* A cross-city network goes to the province even for a city-reviewed mine. */
          for (guint k = 0; k < p->objects->len; k++)
            {
              const DboObject *o = g_ptr_array_index (p->objects, k);
              DboRoute route;

              dbo_ruleset_route_object (ctx->rules, &p->enterprise, o,
                                        level_of (ctx, o), &route);
              if (route.authority != NULL && g_strcmp0 (route.authority, r->authority) == 0)
                province_objects = TRUE;
            }
          if (!province_objects)
            {
              const DboRegion *want = dbo_ruleset_find_region (ctx->rules, authority);
              g_autofree char *apath = g_strconcat (path, "/@authority", NULL);

              add (ctx, DBO_SEVERITY_WARNING, "review-authority", apath, clause,
                   g_strdup_printf ("审核部门编号为 %s，但本企业的网络应由%s（%s）审核", r->authority,
                                    want ? want->authority : authority, authority),
                   g_strdup_printf ("reviewed by authority %s, but this enterprise's networks are reviewed by %s",
                                    r->authority, authority));
            }
        }
    }
}

/* ---- dates that come before the grading they are about ---- */

/* Error when @text (a date, or a time whose date counts) is before the
 * drafting date of an object of @objects (NULL: every object): the panel or
 * the bureau would have reviewed a grading not yet made. Names the object
 * drafted last, and how many more were drafted after that day. */
static void
check_after_drafting (Ctx *ctx, const char *text, GPtrArray *objects, const char *path, const char *what_zh,
                      const char *what_en)
{
  GPtrArray *all = objects != NULL ? objects : ctx->project->objects;
  const DboObject *last = NULL;
  GDate when, last_drafted;
  guint later = 0;
  g_autofree char *more_zh = NULL;
  g_autofree char *more_en = NULL;

  if (dbo_str_empty (text) || !dbo_deadlines_parse_day (text, &when))
    return;
  for (guint i = 0; i < all->len; i++)
    {
      const DboObject *o = g_ptr_array_index (all, i);
      GDate drafted;

      if (!dbo_date_parse (o->drafted, &drafted, NULL) || g_date_compare (&drafted, &when) <= 0)
        continue;
      later++;
      if (last == NULL || g_date_compare (&drafted, &last_drafted) > 0)
        {
          last = o;
          last_drafted = drafted;
        }
    }
  if (last == NULL)
    return;
  more_zh = later > 1 ? g_strdup_printf ("（晚于该日期定级的对象共 %u 个）", later) : g_strdup ("");
  more_en = later > 1 ? g_strdup_printf (" (%u objects were graded after that day)", later) : g_strdup ("");
  add (ctx, DBO_SEVERITY_ERROR, "date-order", path, dbo_ruleset_requirement_clause (ctx->rules, "order"),
       g_strdup_printf ("%s（%.10s）早于“%s”的定级时间（%s）：应先拟定等级，再评审、审核，请核对这两个日期%s",
                        what_zh, text, object_label (ctx, last), last->drafted, more_zh),
       g_strdup_printf ("%s (%.10s) is before the grading date of %s (%s): the levels are drafted first, then "
                        "reviewed; check both dates%s", what_en, text, object_label_en (ctx, last), last->drafted,
                        more_en));
}

/* The workflow's order (§三(一)): drafted levels, then the panel, then the
 * bureau. A panel or review dated before a grading it covers is a wrong date
 * on the document that prints it: Annex 2, or that round's Annex 3. */
static void
check_date_order (Ctx *ctx)
{
  const DboProject *p = ctx->project;

  check_after_drafting (ctx, p->panel.date, NULL, "panel/@date", "专家评审日期", "the panel's review date");
  if (p->panel.conclusion.present)
    check_after_drafting (ctx, p->panel.conclusion.concluded, NULL, "panel/conclusion/@concluded",
                          "专家组形成评审结论的日期", "the date the panel concluded");

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);
      g_autoptr(GPtrArray) listed = g_ptr_array_new ();
      g_autofree char *submitted = g_strdup_printf ("reviews/%d/@submitted", r->round);
      g_autofree char *decided = g_strdup_printf ("reviews/%d/@decided", r->round);
      g_autofree char *submitted_zh = g_strdup_printf ("第 %d 轮审核的申请日期", r->round);
      g_autofree char *submitted_en = g_strdup_printf ("the application date of review round %d", r->round);
      g_autofree char *decided_zh = g_strdup_printf ("第 %d 轮审核的审核日期", r->round);
      g_autofree char *decided_en = g_strdup_printf ("the decision date of review round %d", r->round);

      /* A round is about the objects it lists; one listing none, about all. */
      for (guint k = 0; k < r->levels->len; k++)
        {
          DboObject *o = dbo_project_find_object (p, g_array_index (r->levels, DboReviewLevel, k).object_id);

          if (o != NULL)
            g_ptr_array_add (listed, o);
        }
      check_after_drafting (ctx, r->submitted, listed->len > 0 ? listed : NULL, submitted, submitted_zh,
                            submitted_en);
      check_after_drafting (ctx, r->decided, listed->len > 0 ? listed : NULL, decided, decided_zh, decided_en);
    }
}

static void
check_deadlines (Ctx *ctx)
{
  g_autoptr(GPtrArray) deadlines = dbo_deadlines_compute (ctx->project, ctx->rules, ctx->calendar, ctx->today);
  gboolean fallback_reported = FALSE;

  for (guint i = 0; i < deadlines->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (deadlines, i);
      g_autofree char *path = d->object_id ? g_strdup_printf ("deadlines/%s/%s", d->id, d->object_id)
                                           : g_strdup_printf ("deadlines/%s", d->id);
      g_autofree char *what_zh = NULL;
      g_autofree char *what_en = NULL;
      const DboObject *object;

      if (d->fallback && !fallback_reported)
        {
          fallback_reported = TRUE;
          add (ctx, DBO_SEVERITY_WARNING, "calendar-fallback", path, "国务院办公厅节假日安排",
               g_strdup_printf ("“%s”的期限 %s 按周一至周五计算：该年度尚无节假日安排数据，请核对", d->title_zh, d->due),
               g_strdup_printf ("%s: due %s counted Monday–Friday, as there is no holiday data for that year",
                                d->title_en, d->due));
        }
      if (d->status != DBO_DEADLINE_OVERDUE)
        continue;
      object = d->object_id ? dbo_project_find_object (ctx->project, d->object_id) : NULL;
      what_zh = object ? g_strdup_printf ("%s（%s）", d->title_zh, object_label (ctx, object)) : g_strdup (d->title_zh);
      what_en = object ? g_strdup_printf ("%s (%s)", d->title_en, object_label_en (ctx, object)) : g_strdup (d->title_en);
      if (d->done != NULL)
        add (ctx, DBO_SEVERITY_WARNING, "deadline-missed", path, d->clause,
             g_strdup_printf ("%s：应于 %s 前完成，实际 %s", what_zh, d->due, d->done),
             g_strdup_printf ("%s: due %s, done %s", what_en, d->due, d->done));
      else
        add (ctx, DBO_SEVERITY_WARNING, "deadline-overdue", path, d->clause,
             g_strdup_printf ("%s：应于 %s 前完成，已逾期", what_zh, d->due),
             g_strdup_printf ("%s: due %s, overdue", what_en, d->due));
    }
}

/* ---- characters no installed font has ---- */

/* A character no font can print would leave a blank in the printed name and a
 * gap in the PDF's text: block, naming the character and the field. */
static void
check_glyph_fields (Ctx *ctx, const void *record, const char *prefix, const char *who_zh,
                    const char *who_en, const FieldRule *rules, gsize n_rules)
{
  for (gsize i = 0; i < n_rules; i++)
    {
      const char *value = *(const char * const *) ((const char *) record + rules[i].offset);
      gunichar missing = 0;
      g_autofree char *path = NULL;
      g_autofree char *what = NULL;

      if (dbo_str_empty (value) || dbo_font_coverage_can_render (value, &missing))
        continue;
      path = g_strconcat (prefix, rules[i].path, NULL);
      what = dbo_font_coverage_describe (missing);
      add (ctx, DBO_SEVERITY_ERROR, "glyph-missing", path, rules[i].form,
           g_strdup_printf ("%s%s中的字符 %s 没有已安装的字体可以打印（会印成空白）：请安装含该字的字体（如 fonts-hanazono）",
                            who_zh, rules[i].zh, what),
           g_strdup_printf ("%s%s: no installed font has the character %s (it would print as a blank); "
                            "install a font that has it (e.g. fonts-hanazono)", who_en, rules[i].en, what));
    }
}

static void
check_glyphs (Ctx *ctx)
{
  const DboProject *p = ctx->project;

  check_glyph_fields (ctx, &p->enterprise, "enterprise/", "", "", enterprise_fields,
                      G_N_ELEMENTS (enterprise_fields));
  check_glyph_fields (ctx, &p->enterprise, "enterprise/", "", "", enterprise_texts,
                      G_N_ELEMENTS (enterprise_texts));
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      g_autofree char *prefix = g_strdup_printf ("objects/%s/", o->id);
      g_autofree char *who_zh = g_strdup_printf ("定级对象“%s”的", object_label (ctx, o));
      g_autofree char *who_en = g_strdup_printf ("%s: ", object_label_en (ctx, o));

      check_glyph_fields (ctx, o, prefix, who_zh, who_en, object_fields, G_N_ELEMENTS (object_fields));
      check_glyph_fields (ctx, o, prefix, who_zh, who_en, filed_object_fields,
                          G_N_ELEMENTS (filed_object_fields));
      check_glyph_fields (ctx, o, prefix, who_zh, who_en, object_texts, G_N_ELEMENTS (object_texts));
    }
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);
      g_autofree char *prefix = g_strdup_printf ("panel/members/%s/", m->id);
      g_autofree char *who_zh = g_strdup_printf ("专家“%s”的", member_label (ctx, m, FALSE));
      g_autofree char *who_en = g_strdup_printf ("panel member %s: ", member_label (ctx, m, TRUE));

      check_glyph_fields (ctx, m, prefix, who_zh, who_en, member_fields, G_N_ELEMENTS (member_fields));
    }
}

/* Every check; the deadlines only with a @calendar. */
static GPtrArray *
run_checks (const DboProject *project, const DboRuleset *rules, const DboCalendar *calendar,
            const GDate *today)
{
  Ctx ctx = { project, rules, calendar, today,
              g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_finding_free),
              dbo_grading_effective_levels (rules, project),
              g_hash_table_new (g_str_hash, g_str_equal),
              g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_strfreev) };
  g_autoptr(GPtrArray) sorted = NULL;

  for (guint i = 0; i < project->panel.recommendations->len; i++)
    {
      DboRecommendation *r = g_ptr_array_index (project->panel.recommendations, i);

      if (r->object_id != NULL && !g_hash_table_contains (ctx.recs, r->object_id))
        g_hash_table_insert (ctx.recs, r->object_id, r);
    }

  check_enterprise (&ctx);
  check_glyphs (&ctx);
  check_objects (&ctx);
  check_named_systems (&ctx);
  check_operation_date (&ctx);
  check_panel (&ctx);
  check_reviews (&ctx);
  check_date_order (&ctx);
  if (calendar != NULL)
    check_deadlines (&ctx);

  /* Errors first; within a severity, the order the checks found them. */
  sorted = g_ptr_array_new_full (ctx.out->len, (GDestroyNotify) dbo_finding_free);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ctx.out->len; i++)
      {
        DboFinding *f = g_ptr_array_index (ctx.out, i);

        if ((int) f->severity == pass)
          g_ptr_array_add (sorted, f);
      }
  g_ptr_array_set_free_func (ctx.out, NULL);
  g_ptr_array_unref (ctx.out);
  g_hash_table_unref (ctx.levels);
  g_hash_table_unref (ctx.recs);
  g_hash_table_unref (ctx.labels);
  return g_steal_pointer (&sorted);
}

GPtrArray *
dbo_checks_run (const DboProject *project, const DboRuleset *rules, const DboCalendar *calendar,
                const GDate *today)
{
  g_return_val_if_fail (calendar != NULL && today != NULL, NULL);
  return run_checks (project, rules, calendar, today);
}

GPtrArray *
dbo_checks_run_for_forms (const DboProject *project, const DboRuleset *rules)
{
  return run_checks (project, rules, NULL, NULL);
}
