#define G_LOG_DOMAIN "dengbao-checks"
#include "config.h"

#include "dbo-checks.h"

#include "dbo-credit-code.h"
#include "dbo-deadlines.h"
#include "dbo-font-coverage.h"
#include "dbo-form-pack.h"
#include "dbo-grading.h"
#include "dbo-panel-rules.h"

#include <glib/gi18n-lib.h>
#include <stddef.h>
#include <string.h>

#define FORM_ANNEX2 "附件2 专家评审意见书"
#define FORM_ANNEX4 "附件4 备案表"

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
  GHashTable *labels;             /* DboObject*, DboMember* without a name → its 1-based position */
} Ctx;

static int
level_of (Ctx *ctx, const DboObject *o)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ctx->levels, o->id));
}

static guint path_prints (const char *code, const char *path);

/* Takes @text. */
static void
add (Ctx *ctx, DboSeverity severity, const char *code, const char *path, const char *clause, DboText *text)
{
  g_ptr_array_add (ctx->out, dbo_finding_new (severity, code, path, clause, path_prints (code, path), text));
}

static DboText *
lit (const char *value)
{
  return dbo_text_literal (value);
}

/* A level as the Chinese forms write it (第二级), or its number. */
static DboText *
level_text (int level)
{
  g_autofree char *number = g_strdup_printf ("%d", level);

  return dbo_text_pair (dbo_level_zh (level), number);
}

/* Two texts one after the other. */
static DboText *
join (DboText *first, DboText *second)
{
  /* Translators: a finding's start ("Dispatch: ") and a field's name. */
  return dbo_text_new (NC_("finding", "%s%s"), "%s%s", first, second, NULL);
}

/* What the user calls a record: its name, or its kind and 1-based position
 * among its kind when it has none, never its internal id ("o3", "m2"). */
static DboText *
record_label (Ctx *ctx, gconstpointer record, const char *name, GPtrArray *all, gboolean member)
{
  guint index;

  if (!dbo_str_empty (name))
    return lit (name);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->labels, record));
  if (index == 0)
    {
      if (!g_ptr_array_find (all, record, &index))
        index = all->len;
      index++;
      g_hash_table_insert (ctx->labels, (gpointer) record, GUINT_TO_POINTER (index));
    }
  if (member)
    return dbo_text_new (NC_("finding", "unnamed member %s"), "未命名专家 %s", dbo_text_printf ("%u", index), NULL);
  return dbo_text_new (NC_("finding", "unnamed object %s"), "未命名对象 %s", dbo_text_printf ("%u", index), NULL);
}

static DboText *
object_label (Ctx *ctx, const DboObject *o)
{
  return record_label (ctx, o, o->name, ctx->project->objects, FALSE);
}

static DboText *
member_label (Ctx *ctx, const DboMember *m)
{
  return record_label (ctx, m, m->name, ctx->project->panel.members, TRUE);
}

/* "定级对象“…”的", the start of what is said about one object's field. */
static DboText *
object_who (Ctx *ctx, const DboObject *o)
{
  /* Translators: the start of a finding about a field of the protected
   * object named %s, followed by the field ("Dispatch: phone"). */
  return dbo_text_new (NC_("finding", "%s: "), "定级对象“%s”的", object_label (ctx, o), NULL);
}

static DboText *
member_who (Ctx *ctx, const DboMember *m)
{
  return dbo_text_new (NC_("finding", "panel member %s: "), "专家“%s”的", member_label (ctx, m), NULL);
}

/* ---- fields the documents need ---- */

typedef struct {
  const char *path;               /* relative to the record */
  gsize offset;                   /* of a char* field */
  const char *zh;
  const char *en;                 /* msgid, context "finding" ("panel member" for a member's) */
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
  { "name", E (name), "单位名称", NC_("finding", "enterprise name"), FORM_ANNEX4 " 表一01", LEVEL_DOCS },
  { "credit-code", E (credit_code), "统一社会信用代码", NC_("finding", "unified social credit code"), FORM_ANNEX4 " 表一", A4 },
  { "address/city", E (city), "所在市", NC_("finding", "city"), FORM_ANNEX4 " 表一02", DBO_PRINTS_ANNEX3 | A4 },
  { "address/county", E (county), "县（区）", NC_("finding", "county"), FORM_ANNEX4 " 表一02", DBO_PRINTS_ANNEX3 | A4 },
  { "address/town", E (town), "乡（镇）", NC_("finding", "town"), "附件3 注册地址", DBO_PRINTS_ANNEX3 | A4 },
  { "address/postcode", E (postcode), "邮政编码", NC_("finding", "postcode"), FORM_ANNEX4 " 表一03", A4 },
  { "address/division-code", E (division_code), "行政区划代码", NC_("finding", "administrative division code"), FORM_ANNEX4 " 表一04", A4 },
  { "head/name", E (head.name), "单位负责人姓名", NC_("finding", "head of the enterprise: name"), FORM_ANNEX4 " 表一05", A4 },
  { "head/title", E (head.title), "单位负责人职务/职称", NC_("finding", "head of the enterprise: title"), FORM_ANNEX4 " 表一05", A4 },
  { "head/office-phone", E (head.office_phone), "单位负责人办公电话", NC_("finding", "head of the enterprise: office phone"), FORM_ANNEX4 " 表一05", A4 },
  { "head/email", E (head.email), "单位负责人电子邮件", NC_("finding", "head of the enterprise: e-mail"), FORM_ANNEX4 " 表一05", A4 },
  { "department", E (department), "责任部门", NC_("finding", "responsible department"), FORM_ANNEX4 " 表一06", A4 },
  { "contact/name", E (contact.name), "责任部门联系人姓名", NC_("finding", "contact: name"), FORM_ANNEX4 " 表一07", A4 },
  { "contact/title", E (contact.title), "责任部门联系人职务/职称", NC_("finding", "contact: title"), FORM_ANNEX4 " 表一07", A4 },
  { "contact/office-phone", E (contact.office_phone), "责任部门联系人办公电话", NC_("finding", "contact: office phone"), FORM_ANNEX4 " 表一07", A4 },
  { "contact/mobile", E (contact.mobile), "责任部门联系人移动电话", NC_("finding", "contact: mobile"), FORM_ANNEX4 " 表一07", A4 },
  { "contact/email", E (contact.email), "责任部门联系人电子邮件", NC_("finding", "contact: e-mail"), FORM_ANNEX4 " 表一07", A4 },
};
#undef E

/* Fields of every object (Annex 2 table A and the detailed opinion). */
#define O(f) G_STRUCT_OFFSET (DboObject, f)
static const FieldRule object_fields[] = {
  { "name", O (name), "系统名称", NC_("finding", "name"), FORM_ANNEX2, LEVEL_DOCS },
  { "department", O (department), "责任部门", NC_("finding", "responsible department"), FORM_ANNEX2, A2_REPORT },
  { "owner/name", O (owner_name), "责任人", NC_("finding", "person responsible"), FORM_ANNEX2, A2_REPORT },
  { "owner/phone", O (owner_phone), "联系电话", NC_("finding", "phone"), FORM_ANNEX2, A2_REPORT },
  { "grading/business/description", O (aspects[DBO_ASPECT_BUSINESS].description),
    "业务信息描述", NC_("finding", "business information description"), FORM_ANNEX2 " / 定级报告", A2_REPORT },
  { "grading/service/description", O (aspects[DBO_ASPECT_SERVICE].description),
    "系统服务描述", NC_("finding", "system service description"), "定级报告", DBO_PRINTS_REPORT },
};

/* Fields of objects that are filed (表二). */
static const FieldRule filed_object_fields[] = {
  { "number", O (number), "系统编号", NC_("finding", "system number"), FORM_ANNEX4 " 表二02", A4_REPORT },
  { "business", O (business_description), "业务描述", NC_("finding", "business description"), FORM_ANNEX4 " 表二03", A4_REPORT },
  { "operation-date", O (operation_date), "何时投入运行使用", NC_("finding", "operation date"), FORM_ANNEX4 " 表二10", A4_REPORT },
  { "grading/@drafted", O (drafted), "定级时间", NC_("finding", "grading date"), FORM_ANNEX4 " 表三04", A4 },
};
#undef O

/* Free texts no form requires but every one that prints them must print
 * whole: checked only for characters no font has. (The coded fields' 其他
 * texts come from the form data: form_rules().) */
#define O(f) G_STRUCT_OFFSET (DboObject, f)
static const FieldRule object_texts[] = {
  { "assessment-body", O (assessment_body), "测评机构", NC_("finding", "assessment body"), FORM_ANNEX4 " 表二09", A4 },
  { "parent/@name", O (parent_name), "所属上级系统名称", NC_("finding", "parent system"), FORM_ANNEX4 " 表二12", A4_REPORT },
  { "parent/@unit", O (parent_unit), "上级系统所属单位", NC_("finding", "parent system's unit"), FORM_ANNEX4 " 表二12", A4_REPORT },
  { "grading/override/reason", O (override_reason), "调整等级的理由", NC_("finding", "reason for the adjusted level"),
    "定级报告", DBO_PRINTS_ANNEX2 | A4_REPORT },
};
#undef O

#define M(f) G_STRUCT_OFFSET (DboMember, f)
static const FieldRule member_fields[] = {
  { "name", M (name), "姓名", NC_("panel member", "name"), FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "unit", M (unit), "单位", NC_("panel member", "unit"), FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "title", M (title), "职称/职务", NC_("panel member", "title"), FORM_ANNEX2 " 评审专家组成员", A2_SIGNATURES },
  { "phone", M (phone), "联系电话", NC_("panel member", "phone"), FORM_ANNEX2 " 评审专家组成员", DBO_PRINTS_ANNEX2 },
};
#undef M

/* The coded fields of the 2007 forms (表一 08–10, 表二 03–06) come from the
 * form data: one FieldRule for each field, required where the data says,
 * and one for each field's 其他 text. Built once, like the pack, and kept. */
typedef struct {
  GArray *fields[2];              /* of FieldRule, by DboFormRecord */
  GArray *others[2];
  GPtrArray *form_fields[2];      /* the DboFormField of each fields[] rule */
} FormRules;

static guint
prints_of (const DboFormPack *pack, char **forms)
{
  static const struct {
    const char *id;
    guint prints;
  } documents[] = {
    { "annex2", DBO_PRINTS_ANNEX2 },
    { "annex3", DBO_PRINTS_ANNEX3 },
    { "annex4", DBO_PRINTS_ANNEX4 },
    { "report", DBO_PRINTS_REPORT },
  };
  guint prints = 0;

  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    for (gsize k = 0; k < G_N_ELEMENTS (documents); k++)
      if (g_str_equal (forms[i], documents[k].id))
        prints |= documents[k].prints;
  return prints;
}

static const FormRules *
form_rules (void)
{
  static FormRules rules;
  static gsize built;

  if (g_once_init_enter (&built))
    {
      const DboFormPack *pack = dbo_form_pack_get (DBO_FORM_PACK_2007);
      GPtrArray *fields = dbo_form_pack_get_fields (pack);

      for (int r = 0; r < 2; r++)
        {
          rules.fields[r] = g_array_new (FALSE, TRUE, sizeof (FieldRule));
          rules.others[r] = g_array_new (FALSE, TRUE, sizeof (FieldRule));
          rules.form_fields[r] = g_ptr_array_new ();
        }
      for (guint i = 0; i < fields->len; i++)
        {
          const DboFormField *f = g_ptr_array_index (fields, i);
          /* "附件4 备案表 表二05": the document and item the findings cite. */
          char *form = g_strdup_printf ("%s %s", dbo_form_pack_form_title (pack, f->form), f->item);
          FieldRule rule = { f->path, f->value_offset, f->zh, f->en, form, prints_of (pack, f->required_by) };

          g_array_append_val (rules.fields[f->record], rule);
          g_ptr_array_add (rules.form_fields[f->record], (gpointer) f);
          if (f->other_path != NULL)
            {
              FieldRule other = { f->other_path, f->other_offset, g_strconcat (f->zh, "（其他）", NULL),
                                  g_strconcat (f->en, " (other)", NULL), form, prints_of (pack, f->prints) };

              g_array_append_val (rules.others[f->record], other);
            }
        }
      g_once_init_leave (&built, 1);
    }
  return &rules;
}

#define FORM_RULES(kind, record) \
  (const FieldRule *) form_rules ()->kind[record]->data, form_rules ()->kind[record]->len

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
   * hand, an out-of-date one under its 已失效 mark (data/schema/project-xml.md §3). */
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
      rest = path + strlen ("enterprise/");
      rule = find_rule (enterprise_fields, G_N_ELEMENTS (enterprise_fields), rest);
      if (rule == NULL)
        rule = find_rule (FORM_RULES (fields, DBO_FORM_RECORD_ENTERPRISE), rest);
      if (rule == NULL)
        rule = find_rule (FORM_RULES (others, DBO_FORM_RECORD_ENTERPRISE), rest);
      prints = rule ? rule->prints : A4;
    }
  else if ((rest = after_id (path, "objects/")) != NULL)
    {
      rule = find_rule (object_fields, G_N_ELEMENTS (object_fields), rest);
      if (rule == NULL)
        rule = find_rule (filed_object_fields, G_N_ELEMENTS (filed_object_fields), rest);
      if (rule == NULL)
        rule = find_rule (FORM_RULES (fields, DBO_FORM_RECORD_OBJECT), rest);
      if (rule == NULL)
        rule = find_rule (FORM_RULES (others, DBO_FORM_RECORD_OBJECT), rest);
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

/* A field's name: a msgid of @context with its pinned Chinese, or (@context
 * NULL) the form data's own two names, the catalogue choosing between them. */
static DboText *
rule_label (const FieldRule *rule, const char *context)
{
  return context != NULL ? dbo_text_new_in (context, rule->en, rule->zh, NULL) : dbo_text_pair (rule->zh, rule->en);
}

/* @who starts what is said about the record's fields ("" for the enterprise);
 * @context is the labels' msgctxt (NULL: the form data's names). */
static void
check_fields (Ctx *ctx, const void *record, const char *prefix, const DboText *who, const char *context,
              const FieldRule *rules, gsize n_rules)
{
  for (gsize i = 0; i < n_rules; i++)
    {
      const char *value = *(const char * const *) ((const char *) record + rules[i].offset);
      g_autofree char *path = NULL;

      if (!dbo_str_empty (value))
        continue;
      path = g_strconcat (prefix, rules[i].path, NULL);
      add (ctx, DBO_SEVERITY_ERROR, "missing-field", path, rules[i].form,
           dbo_text_new (NC_("finding", "%s%s is empty (needed by %s)"), "%s%s未填写（%s 需要）", dbo_text_copy (who),
                         rule_label (&rules[i], context), lit (rules[i].form), NULL));
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
           dbo_text_new (NC_("finding", "%s: 表二 08 says no level assessment, but 09 names the assessment body '%s'"),
                         "“%s”表二 08 等级测评服务选“无”，而 09 填写了测评机构“%s”", object_label (ctx, o),
                         lit (o->assessment_body), NULL));
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
               dbo_text_new (NC_("finding", "%s: %s marked partly domestic at 100 %%"),
                             "“%s”的%s选“部分使用”，国产品使用率却为 100%%", object_label (ctx, o),
                             dbo_text_pair (dbo_token_zh (dbo_product_kind_tokens, prod->kind), kind), NULL));
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
                 dbo_text_new (NC_("finding", "%s: 表三 says reviewed by the panel, 表四 item 06 is ticked no panel "
                                   "opinion"), "“%s”表三为“已评审”，表四第 06 项专家评审情况却勾选为“无”",
                               object_label (ctx, o), NULL));
          else
            add (ctx, DBO_SEVERITY_WARNING, "materials-contradiction", path, FORM_ANNEX4 " 表三08/表四07",
                 dbo_text_new (NC_("finding", "%s: 表三 says approved by the bureau, 表四 item 07 is ticked no "
                                   "approval"), "“%s”表三为“已审批”，表四第 07 项上级主管部门审批意见却勾选为“无”",
                               object_label (ctx, o), NULL));
          continue;
        }
      att = m->present ? dbo_project_find_attachment (p, m->attachment) : NULL;
      if (m->present && (att == NULL || dbo_str_empty (att->name)))
        add (ctx, DBO_SEVERITY_WARNING, "materials-attachment", path, FORM_ANNEX4 " 表四",
             /* xgettext:no-c-format (%3$s, the material, is said in Chinese only) */
             dbo_text_new (NC_("finding", "%1$s: 表四 item %2$s is ticked present but names no attachment; attach "
                               "the material"), "“%1$s”表四第 %2$s 项“%3$s”勾选为“有”，却没有附件名称：请添加该材料的附件",
                           object_label (ctx, o), dbo_text_printf ("%02d", item), lit (dbo_material_label (item)),
                           NULL));
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
       dbo_text_new (NC_("finding", "division code %s is not %s's code %s: 表一 04 asks for the prefecture's code"),
                     "行政区划代码“%s”不是%s市的代码 %s：表一 04 填地（区、市、州、盟）的行政区划代码",
                     lit (e->division_code), lit (region->name), lit (region->division), NULL));
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

/* Takes @what. */
static void
check_format (Ctx *ctx, ContactFormat format, const char *value, const char *path, DboText *what)
{
  static const struct {
    const char *msgid, *zh;
  } how[] = {
    { NC_("finding", "must be an e-mail address, e.g. name@example.cn"), "应为电子邮件地址，如 name@example.cn" },
    { NC_("finding", "must be an 11-digit mobile number, e.g. 13912345678"), "应为 11 位手机号码，如 13912345678" },
    { NC_("finding", "must be a phone number, e.g. 0356-3861001"), "应为电话号码，如 0356-3861001" },
  };

  if (dbo_str_empty (value) || format_ok (format, value))
    {
      dbo_text_free (what);
      return;
    }
  add (ctx, DBO_SEVERITY_WARNING, "field-format", path, "",
       dbo_text_new (NC_("finding", "%s '%s' %s"), "%s“%s”%s", what, lit (value),
                     dbo_text_new (how[format].msgid, how[format].zh, NULL), NULL));
}

/* Takes @who. */
static void
check_person (Ctx *ctx, const DboPerson *person, const char *prefix, DboText *who)
{
  g_autoptr(DboText) owned = who;
  g_autofree char *office = g_strconcat (prefix, "office-phone", NULL);
  g_autofree char *mobile = g_strconcat (prefix, "mobile", NULL);
  g_autofree char *email = g_strconcat (prefix, "email", NULL);

  check_format (ctx, FORMAT_PHONE, person->office_phone, office,
                dbo_text_new (NC_("finding", "%s office phone"), "%s办公电话", dbo_text_copy (who), NULL));
  check_format (ctx, FORMAT_MOBILE, person->mobile, mobile,
                dbo_text_new (NC_("finding", "%s mobile"), "%s移动电话", dbo_text_copy (who), NULL));
  check_format (ctx, FORMAT_EMAIL, person->email, email,
                dbo_text_new (NC_("finding", "%s e-mail"), "%s电子邮件", dbo_text_copy (who), NULL));
}

/* A form's 其他 ticked without saying what: the form prints a blank line.
 * Takes @what. */
static void
check_other_text (Ctx *ctx, const char *codes, const char *code, const char *text, const char *path,
                  DboText *what, const char *form)
{
  g_autoptr(DboText) owned = what;
  g_auto(GStrv) list = NULL;

  if (dbo_str_empty (codes) || !dbo_str_empty (text))
    return;
  list = g_strsplit_set (codes, " |", -1);
  if (!g_strv_contains ((const char * const *) list, code))
    return;
  add (ctx, DBO_SEVERITY_WARNING, "missing-field", path, form,
       dbo_text_new (NC_("finding", "%s: “other” is chosen but not said what"), "%s选了“其他”，却未写明是什么",
                     g_steal_pointer (&owned), NULL));
}

/* Does @field's requirement apply: always, or for a filed object (@filed)? */
static gboolean
required_here (const DboFormField *field, gboolean filed)
{
  return field->required == DBO_FORM_REQUIRED_ALWAYS || (field->required == DBO_FORM_REQUIRED_FILED && filed);
}

/* The coded fields of @record (a @kind): each required one answered, and
 * every answer a code the form has (the store keeps what it is given). */
static void
check_form_fields (Ctx *ctx, const void *record, DboFormRecord kind, const char *prefix, const DboText *who,
                   gboolean filed)
{
  const FormRules *rules = form_rules ();

  for (guint i = 0; i < rules->fields[kind]->len; i++)
    {
      const FieldRule *rule = &g_array_index (rules->fields[kind], FieldRule, i);
      const DboFormField *field = g_ptr_array_index (rules->form_fields[kind], i);
      g_autofree char *unknown = dbo_form_field_unknown_code (field, dbo_form_field_get (field, record));
      g_autofree char *path = NULL;

      if (required_here (field, filed))
        check_fields (ctx, record, prefix, who, NULL, rule, 1);
      if (unknown == NULL)
        continue;
      path = g_strconcat (prefix, rule->path, NULL);
      add (ctx, DBO_SEVERITY_ERROR, "unknown-code", path, rule->form,
           dbo_text_new (NC_("finding", "%s%s '%s' is not a code of %s"), "%s%s“%s”不是%s的代码", dbo_text_copy (who),
                         rule_label (rule, NULL), lit (unknown), lit (rule->form), NULL));
    }
}

/* The 其他 of each coded field of @record that applies, said. */
static void
check_form_others (Ctx *ctx, const void *record, DboFormRecord kind, const char *prefix, const DboText *who,
                   gboolean filed)
{
  const FormRules *rules = form_rules ();

  for (guint i = 0; i < rules->fields[kind]->len; i++)
    {
      const FieldRule *rule = &g_array_index (rules->fields[kind], FieldRule, i);
      const DboFormField *field = g_ptr_array_index (rules->form_fields[kind], i);
      const DboFormCode *other = dbo_form_field_other_code (field);
      g_autofree char *path = NULL;

      if (other == NULL || !required_here (field, filed))
        continue;
      path = g_strconcat (prefix, field->other_path, NULL);
      check_other_text (ctx, dbo_form_field_get (field, record), other->value, dbo_form_field_get_other (field, record),
                        path, join (dbo_text_copy (who), rule_label (rule, NULL)), rule->form);
    }
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
       dbo_text_new (NC_("finding", "the unified social credit code %s has the division code %s in characters "
                         "3–8, which is not in the enterprise's city %s (codes %s…): check the credit code or the "
                         "city"), "统一社会信用代码“%s”第 3–8 位的登记管理机关行政区划码 %s 不在所在市%s市（%s 开头）："
                     "请核对统一社会信用代码或所在市", lit (e->credit_code), lit (part), lit (region->name),
                     dbo_text_printf ("%.4s", region->division), NULL));
}

static void
check_enterprise (Ctx *ctx)
{
  const DboEnterprise *e = &ctx->project->enterprise;
  g_autoptr(GError) error = NULL;
  char expected = '\0';

  g_autoptr(DboText) nobody = lit ("");

  check_fields (ctx, e, "enterprise/", nobody, "finding", enterprise_fields, G_N_ELEMENTS (enterprise_fields));
  check_form_fields (ctx, e, DBO_FORM_RECORD_ENTERPRISE, "enterprise/", nobody, TRUE);

  /* The validator's own message (Chinese / English) is what the Chinese
   * says; the English names the check character it wants. */
  if (!dbo_str_empty (e->credit_code) && !dbo_credit_code_validate (e->credit_code, &expected, &error))
    add (ctx, DBO_SEVERITY_ERROR, "credit-code", "enterprise/credit-code", "GB 32100-2015",
         expected
           /* xgettext:no-c-format (%3$s, the validator's message, is said in Chinese only) */
           ? dbo_text_new (NC_("finding", "credit code %1$s: wrong check character, expected '%2$s'"),
                           "统一社会信用代码“%1$s”无效：%3$s", lit (e->credit_code), dbo_text_printf ("%c", expected),
                           lit (error->message), NULL)
           /* xgettext:no-c-format (%2$s, the validator's message, is said in Chinese only) */
           : dbo_text_new (NC_("finding", "credit code %1$s is not a valid GB 32100 code"),
                           "统一社会信用代码“%1$s”无效：%2$s", lit (e->credit_code), lit (error->message), NULL));

  if (!dbo_str_empty (e->city) && dbo_ruleset_find_region (ctx->rules, e->city) == NULL)
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/city", "附件3 注2",
         dbo_text_new (NC_("finding", "city code '%s' is not one of 01–11"),
                       "所在市代码“%s”不是山西省的设区市编号（01–11）", lit (e->city), NULL));
  if (!dbo_str_empty (e->postcode) && !all_digits (e->postcode, 6))
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/postcode", FORM_ANNEX4 " 表一03",
         dbo_text_new (NC_("finding", "postcode '%s' must be 6 digits"), "邮政编码“%s”应为 6 位数字",
                       lit (e->postcode), NULL));
  if (!dbo_str_empty (e->division_code) && !all_digits (e->division_code, 6))
    add (ctx, DBO_SEVERITY_ERROR, "field-format", "enterprise/address/division-code", FORM_ANNEX4 " 表一04",
         dbo_text_new (NC_("finding", "division code '%s' must be 6 digits"), "行政区划代码“%s”应为 6 位数字",
                       lit (e->division_code), NULL));
  check_division_code (ctx);

  check_person (ctx, &e->head, "enterprise/head/",
                dbo_text_new (NC_("finding", "head of the enterprise:"), "单位负责人", NULL));
  check_person (ctx, &e->contact, "enterprise/contact/", dbo_text_new (NC_("finding", "contact:"), "责任部门联系人", NULL));
  check_form_others (ctx, e, DBO_FORM_RECORD_ENTERPRISE, "enterprise/", nobody, TRUE);
  check_credit_code_region (ctx);
}

/* Takes @what. The rule's own words are cited as the rule set gives them. */
static void
check_minimum (Ctx *ctx, const DboObject *o, int level, const char *path, DboText *what)
{
  g_autoptr(DboText) owned = what;
  const DboMinimumRule *rule = NULL;
  int min = dbo_ruleset_minimum_for (ctx->rules, o, &rule);

  if (rule == NULL || level >= min)
    return;
  add (ctx, DBO_SEVERITY_ERROR, "level-below-minimum", path, rule->clause,
       dbo_text_new (NC_("finding", "%s: the %s is level %s, below the required minimum level %s: %s"),
                     "“%s”的%s为%s，低于规定的最低等级%s：%s", object_label (ctx, o), g_steal_pointer (&owned),
                     level_text (level), level_text (min), dbo_text_pair (rule->text_zh, rule->text_en), NULL));
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
           dbo_text_new (NC_("finding", "%s: the level is overridden to %s (the method gives %s) without a reason"),
                         "“%s”的等级被调整为%s（按定级方法为%s），但未写明理由", object_label (ctx, o),
                         level_text (o->override_level), level_text (dbo_grading_computed_level (ctx->rules, o)),
                         NULL));
    }

  {
    g_autofree char *path = g_strconcat (prefix, "grading", NULL);

    check_minimum (ctx, o, drafted, path, dbo_text_new (NC_("finding", "drafted level"), "拟定等级", NULL));
  }
}

/* The panel's word on one object: its level against the minimum, and a
 * reason wherever it departs from the draft. */
static void
check_recommendation (Ctx *ctx, const DboObject *o, const DboRecommendation *rec)
{
  g_autofree char *path = g_strdup_printf ("panel/recommendations/%s", o->id);
  int drafted = dbo_grading_drafted_level (ctx->rules, o);

  check_minimum (ctx, o, rec->level, path,
                 dbo_text_new (NC_("finding", "panel's recommended level"), "专家评审建议等级", NULL));
  if (rec->level != drafted && dbo_str_empty (rec->reason))
    {
      g_autofree char *rpath = g_strconcat (path, "/reason", NULL);

      add (ctx, DBO_SEVERITY_ERROR, "recommendation-without-reason", rpath, FORM_ANNEX2,
           dbo_text_new (NC_("finding", "the panel recommends level %2$s for %1$s, unlike the drafted level %3$s, "
                             "without a reason"), "专家组对“%s”建议%s，与拟定的%s不同，但未写明理由",
                         object_label (ctx, o), level_text (rec->level), level_text (drafted), NULL));
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
           dbo_text_new (NC_("finding", "the named system “%s” of the notice is not graded as a protected object: "
                             "add and grade it if the mine runs it, or mark it as not run under Enterprise, Named "
                             "Systems"), "通知列明的“%s”尚未作为定级对象添加并定级：本矿运行该系统时，请添加并定级；"
                         "本矿未运行时，请在“企业信息”的“重点系统”中注明", lit (name), NULL));
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
         dbo_text_new (NC_("finding", "no protected objects yet: every network the enterprise runs is an object"),
                       "尚未添加定级对象：企业建设、运行的各类网络均应作为定级对象", NULL));

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      g_autofree char *prefix = g_strdup_printf ("objects/%s/", o->id);
      g_autoptr(DboText) who = object_who (ctx, o);
      int level = level_of (ctx, o);

      check_fields (ctx, o, prefix, who, "finding", object_fields, G_N_ELEMENTS (object_fields));
      if (level >= min_filed)
        check_fields (ctx, o, prefix, who, "finding", filed_object_fields, G_N_ELEMENTS (filed_object_fields));
      check_form_fields (ctx, o, DBO_FORM_RECORD_OBJECT, prefix, who, level >= min_filed);

      if (!dbo_str_empty (o->name))
        {
          if (g_hash_table_contains (names, o->name))
            {
              g_autofree char *path = g_strconcat (prefix, "name", NULL);

              add (ctx, DBO_SEVERITY_WARNING, "duplicate-name", path, "",
                   dbo_text_new (NC_("finding", "two objects are named '%s'; the documents cannot tell them apart"),
                                 "有两个定级对象都叫“%s”，文件中无法区分", lit (o->name), NULL));
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
                 dbo_text_new (NC_("finding", "%sno harmed object and degree chosen for %s"),
                               "%s%s未选择受侵害的客体和侵害程度", dbo_text_copy (who),
                               a == DBO_ASPECT_BUSINESS
                                 ? dbo_text_new (NC_("finding", "business information security"), "业务信息安全", NULL)
                                 : dbo_text_new (NC_("finding", "system service security"), "系统服务安全", NULL),
                               NULL));
          }

      check_object_grading (ctx, o);
      check_cross_fields (ctx, o, prefix, min_materials > 0 && level >= min_materials);
      {
        g_autofree char *phone = g_strconcat (prefix, "owner/phone", NULL);

        check_format (ctx, FORMAT_PHONE, o->owner_phone, phone,
                      dbo_text_new (NC_("finding", "%sphone"), "%s联系电话", dbo_text_copy (who), NULL));
      }
      check_form_others (ctx, o, DBO_FORM_RECORD_OBJECT, prefix, who, level >= min_filed);

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
                   dbo_text_new (NC_("finding", "%s went into operation on %s but was graded on %s: new networks "
                                     "are graded in their planning stage"),
                                 "“%s”于 %s 投入运行，定级时间 %s 晚于投入运行：新建网络须在规划、设计阶段完成定级",
                                 object_label (ctx, o), lit (o->operation_date), lit (o->drafted), NULL));
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
                       /* xgettext:no-c-format (%4$s, the material, is said in Chinese only) */
                       dbo_text_new (NC_("finding", "%1$s is level %2$s: 表四 item %3$s is not provided yet"),
                                     "“%1$s”为%2$s，表四第 %3$s 项材料“%4$s”尚未提供", object_label (ctx, o),
                                     level_text (level), dbo_text_printf ("%02d", item),
                                     lit (dbo_material_label (item)), NULL));
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
           dbo_text_new (NC_("finding", "%s is marked operating, but its operation date (%s) is after the date its "
                             "level was fixed (%s): check the operation date, or mark it as planned"),
                         "“%s”标记为已投入运行，但何时投入运行使用（%s）晚于定级时间（%s，等级确定之日）："
                         "请核对投入运行日期，或将其标记为新建系统", object_label (ctx, o), lit (o->operation_date),
                         lit (fixed), NULL));
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
      g_autoptr(DboText) who = member_who (ctx, m);

      check_fields (ctx, m, prefix, who, "panel member", member_fields, G_N_ELEMENTS (member_fields));
      {
        g_autofree char *phone = g_strconcat (prefix, "phone", NULL);

        check_format (ctx, FORMAT_PHONE, m->phone, phone,
                      dbo_text_new (NC_("finding", "%sphone"), "%s联系电话", dbo_text_copy (who), NULL));
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
         dbo_text_new (NC_("finding", "the panel has %s members: it must have an odd number of members, at least %s"),
                       "专家组现有 %s 名成员：专家组成员总数应为单数，且最低不少于 %s 名", dbo_text_printf ("%u", n),
                       dbo_text_printf ("%d", rules->min_members), NULL));

  for (guint i = 0; i < results->len; i++)
    {
      const DboPanelRuleResult *r = g_ptr_array_index (results, i);

      if (r->met)
        continue;
      if (r->rule == DBO_PANEL_RULE_KIND)
        add (ctx, DBO_SEVERITY_ERROR, "panel-composition", "panel/members", r->clause,
             dbo_text_new (NC_("finding", "the panel has no %s: %s"), "专家组中没有%s：%s",
                           dbo_text_pair (r->kind->name_zh, r->kind->name_en),
                           dbo_text_pair (rules->composition_zh, rules->composition_en), NULL));
      else if (r->rule == DBO_PANEL_RULE_LEADERS)
        add (ctx, DBO_SEVERITY_ERROR, "panel-leader", "panel/members", r->clause,
             dbo_text_new (NC_("finding", "the panel must have exactly %s leader, it has %s"),
                           "专家组应有且只有 %s 名组长，现有 %s 名", dbo_text_printf ("%d", r->required),
                           dbo_text_printf ("%d", r->counted), NULL));
    }

  if (dbo_str_empty (p->panel.date))
    add (ctx, DBO_SEVERITY_ERROR, "missing-field", "panel/@date", FORM_ANNEX2,
         dbo_text_new (NC_("finding", "the review date is empty (needed by Annex 2)"),
                       "评审日期未填写（附件2 专家评审意见书 需要）", NULL));

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      const DboRecommendation *rec = g_hash_table_lookup (ctx->recs, o->id);
      g_autofree char *path = g_strdup_printf ("panel/recommendations/%s", o->id);

      if (rec == NULL)
        {
          add (ctx, DBO_SEVERITY_ERROR, "recommendation-missing", path,
               dbo_ruleset_requirement_clause (ctx->rules, "recommendation"),
               dbo_text_new (NC_("finding", "the panel has not recommended a level for %s"),
                             "专家组尚未给出“%s”的评审建议等级", object_label (ctx, o), NULL));
          continue;
        }
      check_recommendation (ctx, o, rec);
    }

  if (!p->panel.conclusion.present)
    add (ctx, DBO_SEVERITY_ERROR, "panel-not-concluded", "panel/conclusion",
         dbo_ruleset_requirement_clause (ctx->rules, "conclusion"),
         dbo_text_new (NC_("finding", "the panel has not concluded its review"), "专家组尚未形成评审结论", NULL));
  else
    {
      g_autofree char *now = dbo_grading_data_sha256 (p);
      const char *then = p->panel.conclusion.data_sha256;

      if (!dbo_str_empty (then) && g_ascii_strcasecmp (then, now) != 0)
        add (ctx, DBO_SEVERITY_ERROR, "panel-opinion-stale", "panel/conclusion/@data-sha256", FORM_ANNEX2,
             dbo_text_new (NC_("finding", "the graded data changed after the panel concluded: its opinion is out of "
                               "date until the panel confirms it again"),
                           "专家组评审结论形成后，定级数据已被修改：评审意见已失效，需专家组重新确认", NULL));
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
          !dbo_ruleset_check_review_number_as_written (ctx->rules, r->number, &error))
        {
          g_autofree char *npath = g_strconcat (path, "/@number", NULL);

          add (ctx, DBO_SEVERITY_ERROR, "review-number", npath, dbo_ruleset_review_number_clause (ctx->rules),
               dbo_text_new (NC_("finding", "review number '%s' is malformed: %s"), "审核编号“%s”格式错误：%s",
                             lit (r->number), lit (error->message), NULL));
        }
      else if (!dbo_str_empty (r->number) && !dbo_str_empty (r->authority) &&
               strncmp (r->number, r->authority, 2) != 0)
        {
          g_autofree char *npath = g_strconcat (path, "/@number", NULL);

          add (ctx, DBO_SEVERITY_ERROR, "review-number", npath, dbo_ruleset_review_number_clause (ctx->rules),
               dbo_text_new (NC_("finding", "review number '%s' must start with the authority code %s"),
                             "审核编号“%s”的前 2 位应为审核部门编号 %s", lit (r->number), lit (r->authority), NULL));
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
                   /* xgettext:no-c-format (%2$s, the authority's name, is said in Chinese only) */
                   dbo_text_new (NC_("finding", "reviewed by authority %1$s, but this enterprise's networks are "
                                     "reviewed by %3$s"), "审核部门编号为 %1$s，但本企业的网络应由%2$s（%3$s）审核",
                                 lit (r->authority), lit (want ? want->authority : authority), lit (authority),
                                 NULL));
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
check_after_drafting (Ctx *ctx, const char *text, GPtrArray *objects, const char *path, DboText *what)
{
  g_autoptr(DboText) owned = what;
  GPtrArray *all = objects != NULL ? objects : ctx->project->objects;
  const DboObject *last = NULL;
  GDate when, last_drafted;
  guint later = 0;
  DboText *more;

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
  more = later > 1 ? dbo_text_new (NC_("finding", " (%s objects were graded after that day)"),
                                   "（晚于该日期定级的对象共 %s 个）", dbo_text_printf ("%u", later), NULL)
                    : lit ("");
  add (ctx, DBO_SEVERITY_ERROR, "date-order", path, dbo_ruleset_requirement_clause (ctx->rules, "order"),
       dbo_text_new (NC_("finding", "%s (%s) is before the grading date of %s (%s): the levels are drafted first, "
                         "then reviewed; check both dates%s"),
                     "%s（%s）早于“%s”的定级时间（%s）：应先拟定等级，再评审、审核，请核对这两个日期%s",
                     g_steal_pointer (&owned), dbo_text_printf ("%.10s", text), object_label (ctx, last),
                     lit (last->drafted), more, NULL));
}

/* The workflow's order (§三(一)): drafted levels, then the panel, then the
 * bureau. A panel or review dated before a grading it covers is a wrong date
 * on the document that prints it: Annex 2, or that round's Annex 3. */
static void
check_date_order (Ctx *ctx)
{
  const DboProject *p = ctx->project;

  check_after_drafting (ctx, p->panel.date, NULL, "panel/@date",
                        dbo_text_new (NC_("finding", "the panel's review date"), "专家评审日期", NULL));
  if (p->panel.conclusion.present)
    check_after_drafting (ctx, p->panel.conclusion.concluded, NULL, "panel/conclusion/@concluded",
                          dbo_text_new (NC_("finding", "the date the panel concluded"), "专家组形成评审结论的日期",
                                        NULL));

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);
      g_autoptr(GPtrArray) listed = g_ptr_array_new ();
      g_autofree char *submitted = g_strdup_printf ("reviews/%d/@submitted", r->round);
      g_autofree char *decided = g_strdup_printf ("reviews/%d/@decided", r->round);

      /* A round is about the objects it lists; one listing none, about all. */
      for (guint k = 0; k < r->levels->len; k++)
        {
          DboObject *o = dbo_project_find_object (p, g_array_index (r->levels, DboReviewLevel, k).object_id);

          if (o != NULL)
            g_ptr_array_add (listed, o);
        }
      check_after_drafting (ctx, r->submitted, listed->len > 0 ? listed : NULL, submitted,
                            dbo_text_new (NC_("finding", "the application date of review round %s"),
                                          "第 %s 轮审核的申请日期", dbo_text_printf ("%d", r->round), NULL));
      check_after_drafting (ctx, r->decided, listed->len > 0 ? listed : NULL, decided,
                            dbo_text_new (NC_("finding", "the decision date of review round %s"),
                                          "第 %s 轮审核的审核日期", dbo_text_printf ("%d", r->round), NULL));
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
      DboText *what;
      const DboObject *object;

      if (d->fallback && !fallback_reported)
        {
          fallback_reported = TRUE;
          add (ctx, DBO_SEVERITY_WARNING, "calendar-fallback", path, "国务院办公厅节假日安排",
               dbo_text_new (NC_("finding", "%s: due %s counted Monday–Friday, as there is no holiday data for "
                                 "that year"), "“%s”的期限 %s 按周一至周五计算：该年度尚无节假日安排数据，请核对",
                             dbo_text_copy (d->title), lit (d->due), NULL));
        }
      if (d->status != DBO_DEADLINE_OVERDUE)
        continue;
      object = d->object_id ? dbo_project_find_object (ctx->project, d->object_id) : NULL;
      what = object ? dbo_text_new (NC_("finding", "%s (%s)"), "%s（%s）", dbo_text_copy (d->title),
                                    object_label (ctx, object), NULL)
                    : dbo_text_copy (d->title);
      if (d->done != NULL)
        add (ctx, DBO_SEVERITY_WARNING, "deadline-missed", path, d->clause,
             dbo_text_new (NC_("finding", "%s: due %s, done %s"), "%s：应于 %s 前完成，实际 %s", what, lit (d->due),
                           lit (d->done), NULL));
      else
        add (ctx, DBO_SEVERITY_WARNING, "deadline-overdue", path, d->clause,
             dbo_text_new (NC_("finding", "%s: due %s, overdue"), "%s：应于 %s 前完成，已逾期", what, lit (d->due),
                           NULL));
    }
}

/* ---- characters no installed font has ---- */

/* A character no font can print would leave a blank in the printed name and a
 * gap in the PDF's text: block, naming the character and the field. */
static void
check_glyph_fields (Ctx *ctx, const void *record, const char *prefix, const DboText *who, const char *context,
                    const FieldRule *rules, gsize n_rules)
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
           dbo_text_new (NC_("finding", "%s%s: no installed font has the character %s (it would print as a blank); "
                             "install a font that has it (e.g. fonts-hanazono)"),
                         "%s%s中的字符 %s 没有已安装的字体可以打印（会印成空白）：请安装含该字的字体（如 fonts-hanazono）",
                         dbo_text_copy (who), rule_label (&rules[i], context), lit (what), NULL));
    }
}

static void
check_glyphs (Ctx *ctx)
{
  const DboProject *p = ctx->project;
  g_autoptr(DboText) nobody = lit ("");

  check_glyph_fields (ctx, &p->enterprise, "enterprise/", nobody, "finding", enterprise_fields,
                      G_N_ELEMENTS (enterprise_fields));
  check_glyph_fields (ctx, &p->enterprise, "enterprise/", nobody, NULL, FORM_RULES (others, DBO_FORM_RECORD_ENTERPRISE));
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      g_autofree char *prefix = g_strdup_printf ("objects/%s/", o->id);
      g_autoptr(DboText) who = object_who (ctx, o);

      check_glyph_fields (ctx, o, prefix, who, "finding", object_fields, G_N_ELEMENTS (object_fields));
      check_glyph_fields (ctx, o, prefix, who, "finding", filed_object_fields, G_N_ELEMENTS (filed_object_fields));
      check_glyph_fields (ctx, o, prefix, who, NULL, FORM_RULES (others, DBO_FORM_RECORD_OBJECT));
      check_glyph_fields (ctx, o, prefix, who, "finding", object_texts, G_N_ELEMENTS (object_texts));
    }
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);
      g_autofree char *prefix = g_strdup_printf ("panel/members/%s/", m->id);
      g_autoptr(DboText) who = member_who (ctx, m);

      check_glyph_fields (ctx, m, prefix, who, "panel member", member_fields, G_N_ELEMENTS (member_fields));
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
              g_hash_table_new (g_direct_hash, g_direct_equal) };
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
