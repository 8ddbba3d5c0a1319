#define G_LOG_DOMAIN "dengbao-model"
#include "config.h"

#include "dbo-model.h"

#include "dbo-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

/* Tokens are those of project.xml (data/schema/project-xml.md §2); the Chinese
 * names are those printed on the forms (data/forms/README.md) and in the grading
 * matrix (data/rulesets/README.md §3). */

const DboToken dbo_enterprise_kind_tokens[] = {
  { "production", "生产煤矿" },
  { "construction", "建设煤矿" },
  { "group", "集团公司" },
  { NULL, NULL },
};

const DboToken dbo_standardization_tokens[] = {
  { "unrated", "未评级" },
  { "1", "一级" },
  { "2", "二级" },
  { NULL, NULL },
};

const DboToken dbo_object_type_tokens[] = {
  { "system", "信息系统", N_("Information system") },
  { "cloud", "云计算平台", N_("Cloud computing platform") },
  { "iot", "物联网", N_("Internet of Things") },
  { "ics", "工业控制系统", N_("Industrial control system") },
  { "mobile", "移动互联系统", N_("Mobile Internet system") },
  { "network", "通讯网络设施", N_("Communication network facility") },
  { "data", "数据资源", N_("Data resources") },
  { NULL, NULL },
};

const DboToken dbo_object_status_tokens[] = {
  { "operating", "已运行", N_("In operation") },
  { "planned", "新建", N_("Newly built") },
  { NULL, NULL },
};

/* The names of the named systems and of the kinds of expert are the rule
 * set's (dbo_ruleset_preset_name, dbo_ruleset_member_kind_zh). */
const DboToken dbo_preset_tokens[] = {
  { "", "" },
  { "dispatch", NULL },
  { "broadcast", NULL },
  { "safety-monitoring", NULL },
  { "personnel", NULL },
  { "video", NULL },
  { "output", NULL },
  { "intelligent-face", NULL },
  { NULL, NULL },
};

const DboToken dbo_scope_tokens[] = {
  { "local", "本地", N_("Local") },
  { "cross-city", "跨设区的市", N_("Across cities") },
  { "province", "全省", N_("Province-wide") },
  { "national", "全国", N_("Nationwide") },
  { NULL, NULL },
};

const DboToken dbo_aspect_tokens[] = {
  { "business", "业务信息安全" },
  { "service", "系统服务安全" },
  { NULL, NULL },
};

const DboToken dbo_target_tokens[] = {
  { "citizen", "公民、法人和其他组织的合法权益" },
  { "social", "社会秩序、公共利益" },
  { "national", "国家安全" },
  { NULL, NULL },
};

const DboToken dbo_degree_tokens[] = {
  { "general", "一般损害" },
  { "serious", "严重损害" },
  { "especially-serious", "特别严重损害" },
  { NULL, NULL },
};

const DboToken dbo_member_kind_tokens[] = {
  { "infosec", NULL },
  { "coal-it", NULL },
  { NULL, NULL },
};

const DboToken dbo_product_kind_tokens[] = {
  { "security", "安全专用产品" },
  { "network", "网络产品" },
  { "os", "操作系统" },
  { "database", "数据库" },
  { "server", "服务器" },
  { "other", "其他" },
  { NULL, NULL },
};

const DboToken dbo_domestic_tokens[] = {
  { "all", "全部使用" },
  { "none", "全部未使用" },
  { "partial", "部分使用" },
  { NULL, NULL },
};

const DboToken dbo_service_kind_tokens[] = {
  { "assessment", "等级测评" },
  { "risk", "风险评估" },
  { "recovery", "灾难恢复" },
  { "emergency", "应急响应" },
  { "integration", "系统集成" },
  { "consulting", "安全咨询" },
  { "training", "安全培训" },
  { "other", "其他" },
  { NULL, NULL },
};

const DboToken dbo_provider_tokens[] = {
  { "", "" },
  { "industry", "本行业（单位）" },
  { "domestic", "国内其他服务商" },
  { "foreign", "国外服务商" },
  { NULL, NULL },
};

const DboToken dbo_outcome_tokens[] = {
  { "approved", "审核通过" },
  { "correct", "通知改正" },
  { "regrade", "通知重新定级" },
  { NULL, NULL },
};

int
dbo_token_lookup (const DboToken *table, const char *token)
{
  if (token == NULL)
    return -1;
  for (int i = 0; table[i].token != NULL; i++)
    if (strcmp (table[i].token, token) == 0)
      return i;
  return -1;
}

static int
token_count (const DboToken *table)
{
  int n = 0;

  while (table[n].token != NULL)
    n++;
  return n;
}

const char *
dbo_token_name (const DboToken *table, int value)
{
  if (value < 0 || value >= token_count (table))
    return "";
  return table[value].token;
}

const char *
dbo_token_zh (const DboToken *table, int value)
{
  if (value < 0 || value >= token_count (table))
    return "";
  return table[value].zh;
}

const char *
dbo_token_label (const DboToken *table, int value)
{
  if (value < 0 || value >= token_count (table))
    return "";
  return table[value].label != NULL ? g_dgettext (GETTEXT_PACKAGE, table[value].label) : table[value].zh;
}

const char *
dbo_level_zh (int level)
{
  static const char *names[] = { "", "第一级", "第二级", "第三级", "第四级", "第五级" };

  if (level < 1 || level > 5)
    return "";
  return names[level];
}

const char *
dbo_level_label (int level)
{
  static const char *labels[] = {
    NULL, NC_("protection level", "Level 1"), NC_("protection level", "Level 2"),
    NC_("protection level", "Level 3"), NC_("protection level", "Level 4"), NC_("protection level", "Level 5"),
  };

  if (level < 1 || level > 5)
    return "";
  return g_dpgettext2 (GETTEXT_PACKAGE, "protection level", labels[level]);
}

void
dbo_set_str (char **field, const char *value)
{
  char *copy = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

gboolean
dbo_str_empty (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

gboolean
dbo_id_is_valid (const char *id)
{
  return id != NULL && dbo_xml_type_accepts ("project.xsd", "Id", id);
}

gboolean
dbo_sha256_is_valid (const char *sha256)
{
  return sha256 != NULL && dbo_xml_type_accepts ("project.xsd", "Sha256", sha256);
}

/* ---- records ---- */

static void
person_clear (DboPerson *p)
{
  g_clear_pointer (&p->name, g_free);
  g_clear_pointer (&p->title, g_free);
  g_clear_pointer (&p->office_phone, g_free);
  g_clear_pointer (&p->mobile, g_free);
  g_clear_pointer (&p->email, g_free);
}

static void
enterprise_clear (DboEnterprise *e)
{
  g_clear_pointer (&e->name, g_free);
  g_clear_pointer (&e->credit_code, g_free);
  g_clear_pointer (&e->city, g_free);
  g_clear_pointer (&e->county, g_free);
  g_clear_pointer (&e->town, g_free);
  g_clear_pointer (&e->address_detail, g_free);
  g_clear_pointer (&e->postcode, g_free);
  g_clear_pointer (&e->division_code, g_free);
  g_clear_pointer (&e->group_company, g_free);
  person_clear (&e->head);
  g_clear_pointer (&e->department, g_free);
  person_clear (&e->contact);
  g_clear_pointer (&e->affiliation_code, g_free);
  g_clear_pointer (&e->affiliation_other, g_free);
  g_clear_pointer (&e->unit_type_code, g_free);
  g_clear_pointer (&e->unit_type_other, g_free);
  g_clear_pointer (&e->industry_code, g_free);
  g_clear_pointer (&e->industry_other, g_free);
}

DboProduct *
dbo_product_new (DboProductKind kind)
{
  DboProduct *p = g_new0 (DboProduct, 1);

  p->kind = kind;
  p->count = -1;
  p->percent = -1;
  return p;
}

void
dbo_product_free (DboProduct *product)
{
  if (product == NULL)
    return;
  g_free (product->other);
  g_free (product);
}

DboServiceUse *
dbo_service_use_new (DboServiceKind kind)
{
  DboServiceUse *s = g_new0 (DboServiceUse, 1);

  s->kind = kind;
  return s;
}

void
dbo_service_use_free (DboServiceUse *service)
{
  if (service == NULL)
    return;
  g_free (service->other);
  g_free (service);
}

DboMaterial *
dbo_material_new (int item, gboolean present, const char *attachment)
{
  DboMaterial *m = g_new0 (DboMaterial, 1);

  m->item = item;
  m->present = present;
  dbo_set_str (&m->attachment, attachment);
  return m;
}

void
dbo_material_free (DboMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->attachment);
  g_free (material);
}

DboObject *
dbo_object_new (const char *id)
{
  DboObject *o = g_new0 (DboObject, 1);

  o->id = g_strdup (id);
  o->service_scope_count = -1;
  for (int a = 0; a < DBO_N_ASPECTS; a++)
    o->aspects[a].harms = g_array_new (FALSE, FALSE, sizeof (DboHarm));
  o->products = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_product_free);
  o->services = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_service_use_free);
  o->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_material_free);
  return o;
}

void
dbo_object_free (DboObject *o)
{
  if (o == NULL)
    return;
  g_free (o->id);
  g_free (o->number);
  g_free (o->name);
  g_free (o->department);
  g_free (o->owner_name);
  g_free (o->owner_phone);
  g_free (o->operation_date);
  g_free (o->business_types);
  g_free (o->business_other);
  g_free (o->business_description);
  g_free (o->service_scope);
  g_free (o->service_targets);
  g_free (o->service_other);
  g_free (o->service_targets_other);
  g_free (o->network_coverage);
  g_free (o->network_nature);
  g_free (o->network_other);
  g_free (o->network_nature_other);
  g_free (o->interconnection_codes);
  g_free (o->interconnection_other);
  g_ptr_array_unref (o->products);
  g_ptr_array_unref (o->services);
  g_free (o->assessment_body);
  g_free (o->parent_name);
  g_free (o->parent_unit);
  g_free (o->drafted);
  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      g_free (o->aspects[a].description);
      g_array_unref (o->aspects[a].harms);
    }
  g_free (o->override_reason);
  g_ptr_array_unref (o->materials);
  g_free (o);
}

DboObject *
dbo_object_copy (const DboObject *src)
{
  DboObject *o = dbo_object_new (src->id);

  o->number = g_strdup (src->number);
  o->type = src->type;
  o->status = src->status;
  o->name = g_strdup (src->name);
  o->preset = src->preset;
  o->scope = src->scope;
  o->aggregation_platform = src->aggregation_platform;
  o->department = g_strdup (src->department);
  o->owner_name = g_strdup (src->owner_name);
  o->owner_phone = g_strdup (src->owner_phone);
  o->operation_date = g_strdup (src->operation_date);
  o->business_types = g_strdup (src->business_types);
  o->business_other = g_strdup (src->business_other);
  o->business_description = g_strdup (src->business_description);
  o->service_scope = g_strdup (src->service_scope);
  o->service_scope_count = src->service_scope_count;
  o->service_targets = g_strdup (src->service_targets);
  o->service_other = g_strdup (src->service_other);
  o->service_targets_other = g_strdup (src->service_targets_other);
  o->network_coverage = g_strdup (src->network_coverage);
  o->network_nature = g_strdup (src->network_nature);
  o->network_other = g_strdup (src->network_other);
  o->network_nature_other = g_strdup (src->network_nature_other);
  o->interconnection_codes = g_strdup (src->interconnection_codes);
  o->interconnection_other = g_strdup (src->interconnection_other);
  for (guint i = 0; i < src->products->len; i++)
    {
      const DboProduct *p = g_ptr_array_index (src->products, i);
      DboProduct *c = dbo_product_new (p->kind);

      c->count = p->count;
      c->domestic = p->domestic;
      c->percent = p->percent;
      c->other = g_strdup (p->other);
      g_ptr_array_add (o->products, c);
    }
  for (guint i = 0; i < src->services->len; i++)
    {
      const DboServiceUse *s = g_ptr_array_index (src->services, i);
      DboServiceUse *c = dbo_service_use_new (s->kind);

      c->used = s->used;
      c->provider = s->provider;
      c->other = g_strdup (s->other);
      g_ptr_array_add (o->services, c);
    }
  o->assessment_body = g_strdup (src->assessment_body);
  o->parent_name = g_strdup (src->parent_name);
  o->parent_unit = g_strdup (src->parent_unit);
  o->drafted = g_strdup (src->drafted);
  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      o->aspects[a].description = g_strdup (src->aspects[a].description);
      g_array_append_vals (o->aspects[a].harms, src->aspects[a].harms->data,
                           src->aspects[a].harms->len);
    }
  o->override_level = src->override_level;
  o->override_reason = g_strdup (src->override_reason);
  for (guint i = 0; i < src->materials->len; i++)
    {
      const DboMaterial *m = g_ptr_array_index (src->materials, i);

      g_ptr_array_add (o->materials, dbo_material_new (m->item, m->present, m->attachment));
    }
  return o;
}

static void
stroke_free (GArray *stroke)
{
  g_array_unref (stroke);
}

DboMember *
dbo_member_new (const char *id)
{
  DboMember *m = g_new0 (DboMember, 1);

  m->id = g_strdup (id);
  return m;
}

void
dbo_member_free (DboMember *m)
{
  if (m == NULL)
    return;
  g_free (m->id);
  g_free (m->name);
  g_free (m->unit);
  g_free (m->title);
  g_free (m->phone);
  g_free (m->sig_signed);
  g_clear_pointer (&m->strokes, g_ptr_array_unref);
  g_free (m);
}

static DboMember *
member_copy (const DboMember *src)
{
  DboMember *m = dbo_member_new (src->id);

  m->kind = src->kind;
  m->leader = src->leader;
  m->name = g_strdup (src->name);
  m->unit = g_strdup (src->unit);
  m->title = g_strdup (src->title);
  m->phone = g_strdup (src->phone);
  m->sig_width_mm = src->sig_width_mm;
  m->sig_height_mm = src->sig_height_mm;
  m->sig_signed = g_strdup (src->sig_signed);
  if (src->strokes != NULL)
    {
      m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) stroke_free);
      for (guint i = 0; i < src->strokes->len; i++)
        {
          GArray *s = g_ptr_array_index (src->strokes, i);
          GArray *c = g_array_sized_new (FALSE, FALSE, sizeof (DboPoint), s->len);

          g_array_append_vals (c, s->data, s->len);
          g_ptr_array_add (m->strokes, c);
        }
    }
  return m;
}

DboRecommendation *
dbo_recommendation_new (const char *object_id, int level, const char *reason)
{
  DboRecommendation *r = g_new0 (DboRecommendation, 1);

  r->object_id = g_strdup (object_id);
  r->level = level;
  dbo_set_str (&r->reason, reason);
  r->dissents = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_dissent_free);
  return r;
}

void
dbo_recommendation_free (DboRecommendation *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->object_id);
  g_free (rec->reason);
  g_clear_pointer (&rec->dissents, g_ptr_array_unref);
  g_free (rec);
}

DboRecommendation *
dbo_recommendation_copy (const DboRecommendation *rec)
{
  DboRecommendation *r;

  g_return_val_if_fail (rec != NULL, NULL);
  r = dbo_recommendation_new (rec->object_id, rec->level, rec->reason);
  for (guint i = 0; rec->dissents != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);

      g_ptr_array_add (r->dissents, dbo_dissent_new (d->member_id, d->text));
    }
  return r;
}

DboDissent *
dbo_dissent_new (const char *member_id, const char *text)
{
  DboDissent *d = g_new0 (DboDissent, 1);

  d->member_id = g_strdup (member_id);
  dbo_set_str (&d->text, text);
  return d;
}

void
dbo_dissent_free (DboDissent *dissent)
{
  if (dissent == NULL)
    return;
  g_free (dissent->member_id);
  g_free (dissent->text);
  g_free (dissent);
}

DboPreviousConclusion *
dbo_previous_conclusion_new (void)
{
  return g_new0 (DboPreviousConclusion, 1);
}

void
dbo_previous_conclusion_free (DboPreviousConclusion *previous)
{
  if (previous == NULL)
    return;
  g_free (previous->concluded);
  g_free (previous->data_sha256);
  g_free (previous->note);
  g_free (previous->superseded);
  g_free (previous);
}

static DboPreviousConclusion *
previous_conclusion_copy (const DboPreviousConclusion *src)
{
  DboPreviousConclusion *c = dbo_previous_conclusion_new ();

  c->materials_complete = src->materials_complete;
  c->division_reasonable = src->division_reasonable;
  c->concluded = g_strdup (src->concluded);
  c->data_sha256 = g_strdup (src->data_sha256);
  c->note = g_strdup (src->note);
  c->superseded = g_strdup (src->superseded);
  return c;
}

DboPreviousConclusion *
dbo_panel_supersede_conclusion (DboPanel *panel, const char *superseded)
{
  const DboConclusion *cur;
  DboPreviousConclusion *c;

  g_return_val_if_fail (panel != NULL, NULL);
  cur = &panel->conclusion;
  if (!cur->present)
    return NULL;
  c = dbo_previous_conclusion_new ();
  c->materials_complete = cur->materials_complete;
  c->division_reasonable = cur->division_reasonable;
  c->concluded = g_strdup (cur->concluded);
  c->data_sha256 = g_strdup (cur->data_sha256);
  c->note = g_strdup (cur->note);
  dbo_set_str (&c->superseded, superseded);
  if (panel->history == NULL)
    panel->history = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_previous_conclusion_free);
  g_ptr_array_add (panel->history, c);
  return c;
}

static void
review_level_clear (gpointer p)
{
  DboReviewLevel *l = p;

  g_free (l->object_id);
}

DboReview *
dbo_review_new (int round)
{
  DboReview *r = g_new0 (DboReview, 1);

  r->round = round;
  r->levels = g_array_new (FALSE, TRUE, sizeof (DboReviewLevel));
  g_array_set_clear_func (r->levels, review_level_clear);
  return r;
}

void
dbo_review_free (DboReview *r)
{
  if (r == NULL)
    return;
  g_free (r->authority);
  g_free (r->submitted);
  g_free (r->decided);
  g_free (r->number);
  g_array_unref (r->levels);
  g_free (r->opinion);
  g_free (r);
}

static DboReview *
review_copy (const DboReview *src)
{
  DboReview *r = dbo_review_new (src->round);

  r->authority = g_strdup (src->authority);
  r->submitted = g_strdup (src->submitted);
  r->decided = g_strdup (src->decided);
  r->has_outcome = src->has_outcome;
  r->outcome = src->outcome;
  r->number = g_strdup (src->number);
  r->opinion = g_strdup (src->opinion);
  for (guint i = 0; i < src->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (src->levels, DboReviewLevel, i);
      DboReviewLevel c = { g_strdup (l->object_id), l->value };

      g_array_append_val (r->levels, c);
    }
  return r;
}

DboAssessment *
dbo_assessment_new (const char *object_id)
{
  DboAssessment *a = g_new0 (DboAssessment, 1);

  a->object_id = g_strdup (object_id);
  return a;
}

void
dbo_assessment_free (DboAssessment *a)
{
  if (a == NULL)
    return;
  g_free (a->object_id);
  g_free (a->date);
  g_free (a->body);
  g_free (a->report);
  g_free (a);
}

DboAttachment *
dbo_attachment_new (const char *name, const char *media_type, GBytes *data)
{
  DboAttachment *a = g_new0 (DboAttachment, 1);

  a->name = g_strdup (name);
  a->media_type = g_strdup (media_type);
  if (data != NULL)
    {
      a->data = g_bytes_ref (data);
      a->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
    }
  return a;
}

void
dbo_attachment_free (DboAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->sha256);
  g_free (a->name);
  g_free (a->media_type);
  g_clear_pointer (&a->data, g_bytes_unref);
  g_free (a);
}

DboProject *
dbo_project_new (void)
{
  DboProject *p = g_new0 (DboProject, 1);

  p->id = g_uuid_string_random ();
  p->format_version = g_strdup ("1");
  p->ruleset = g_strdup ("shanxi-coal-2021");
  p->enterprise.industry_code = g_strdup ("38");
  p->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_object_free);
  p->panel.members = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_member_free);
  p->panel.recommendations = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_recommendation_free);
  p->panel.history = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_previous_conclusion_free);
  p->reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_review_free);
  p->assessments = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_assessment_free);
  p->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_attachment_free);
  return p;
}

void
dbo_project_free (DboProject *p)
{
  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->format_version);
  g_free (p->ruleset);
  g_free (p->title);
  enterprise_clear (&p->enterprise);
  g_ptr_array_unref (p->objects);
  g_free (p->panel.date);
  g_free (p->panel.organiser);
  g_free (p->panel.location);
  g_ptr_array_unref (p->panel.members);
  g_ptr_array_unref (p->panel.recommendations);
  g_clear_pointer (&p->panel.history, g_ptr_array_unref);
  g_free (p->panel.conclusion.concluded);
  g_free (p->panel.conclusion.data_sha256);
  g_free (p->panel.conclusion.note);
  g_ptr_array_unref (p->reviews);
  g_free (p->filing.office);
  g_free (p->filing.submitted);
  g_free (p->filing.certificate);
  g_free (p->filing.certificate_date);
  g_ptr_array_unref (p->assessments);
  g_ptr_array_unref (p->attachments);
  g_free (p);
}

static void
person_copy (DboPerson *dst, const DboPerson *src)
{
  dst->name = g_strdup (src->name);
  dst->title = g_strdup (src->title);
  dst->office_phone = g_strdup (src->office_phone);
  dst->mobile = g_strdup (src->mobile);
  dst->email = g_strdup (src->email);
}

DboProject *
dbo_project_copy (const DboProject *src)
{
  DboProject *p = dbo_project_new ();
  const DboEnterprise *se = &src->enterprise;
  DboEnterprise *e = &p->enterprise;

  dbo_set_str (&p->id, src->id);
  dbo_set_str (&p->format_version, src->format_version);
  dbo_set_str (&p->ruleset, src->ruleset);
  p->title = g_strdup (src->title);

  g_clear_pointer (&e->industry_code, g_free);
  e->kind = se->kind;
  e->standardization = se->standardization;
  e->name = g_strdup (se->name);
  e->credit_code = g_strdup (se->credit_code);
  e->city = g_strdup (se->city);
  e->county = g_strdup (se->county);
  e->town = g_strdup (se->town);
  e->address_detail = g_strdup (se->address_detail);
  e->postcode = g_strdup (se->postcode);
  e->division_code = g_strdup (se->division_code);
  e->group_company = g_strdup (se->group_company);
  person_copy (&e->head, &se->head);
  e->department = g_strdup (se->department);
  person_copy (&e->contact, &se->contact);
  e->affiliation_code = g_strdup (se->affiliation_code);
  e->affiliation_other = g_strdup (se->affiliation_other);
  e->unit_type_code = g_strdup (se->unit_type_code);
  e->unit_type_other = g_strdup (se->unit_type_other);
  e->industry_code = g_strdup (se->industry_code);
  e->industry_other = g_strdup (se->industry_other);
  e->not_run = se->not_run;

  for (guint i = 0; i < src->objects->len; i++)
    g_ptr_array_add (p->objects, dbo_object_copy (g_ptr_array_index (src->objects, i)));

  p->panel.date = g_strdup (src->panel.date);
  p->panel.organiser = g_strdup (src->panel.organiser);
  p->panel.location = g_strdup (src->panel.location);
  for (guint i = 0; i < src->panel.members->len; i++)
    g_ptr_array_add (p->panel.members, member_copy (g_ptr_array_index (src->panel.members, i)));
  for (guint i = 0; i < src->panel.recommendations->len; i++)
    {
      const DboRecommendation *r = g_ptr_array_index (src->panel.recommendations, i);

      g_ptr_array_add (p->panel.recommendations, dbo_recommendation_copy (r));
    }
  for (guint i = 0; src->panel.history != NULL && i < src->panel.history->len; i++)
    g_ptr_array_add (p->panel.history, previous_conclusion_copy (g_ptr_array_index (src->panel.history, i)));
  p->panel.conclusion.present = src->panel.conclusion.present;
  p->panel.conclusion.materials_complete = src->panel.conclusion.materials_complete;
  p->panel.conclusion.division_reasonable = src->panel.conclusion.division_reasonable;
  p->panel.conclusion.concluded = g_strdup (src->panel.conclusion.concluded);
  p->panel.conclusion.data_sha256 = g_strdup (src->panel.conclusion.data_sha256);
  p->panel.conclusion.note = g_strdup (src->panel.conclusion.note);

  for (guint i = 0; i < src->reviews->len; i++)
    g_ptr_array_add (p->reviews, review_copy (g_ptr_array_index (src->reviews, i)));

  p->has_filing = src->has_filing;
  p->filing.office = g_strdup (src->filing.office);
  p->filing.submitted = g_strdup (src->filing.submitted);
  p->filing.certificate = g_strdup (src->filing.certificate);
  p->filing.certificate_date = g_strdup (src->filing.certificate_date);

  for (guint i = 0; i < src->assessments->len; i++)
    {
      const DboAssessment *a = g_ptr_array_index (src->assessments, i);
      DboAssessment *c = dbo_assessment_new (a->object_id);

      c->date = g_strdup (a->date);
      c->body = g_strdup (a->body);
      c->report = g_strdup (a->report);
      g_ptr_array_add (p->assessments, c);
    }
  for (guint i = 0; i < src->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (src->attachments, i);
      DboAttachment *c = dbo_attachment_new (a->name, a->media_type, a->data);

      dbo_set_str (&c->sha256, a->sha256);
      g_ptr_array_add (p->attachments, c);
    }
  return p;
}

/* ---- lookup ---- */

DboObject *
dbo_project_find_object (const DboProject *project, const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < project->objects->len; i++)
    {
      DboObject *o = g_ptr_array_index (project->objects, i);

      if (g_strcmp0 (o->id, id) == 0)
        return o;
    }
  return NULL;
}

DboMember *
dbo_project_find_member (const DboProject *project, const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < project->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (project->panel.members, i);

      if (g_strcmp0 (m->id, id) == 0)
        return m;
    }
  return NULL;
}

DboRecommendation *
dbo_project_find_recommendation (const DboProject *project, const char *object_id)
{
  if (object_id == NULL)
    return NULL;
  for (guint i = 0; i < project->panel.recommendations->len; i++)
    {
      DboRecommendation *r = g_ptr_array_index (project->panel.recommendations, i);

      if (g_strcmp0 (r->object_id, object_id) == 0)
        return r;
    }
  return NULL;
}

DboReview *
dbo_project_latest_review (const DboProject *project)
{
  DboReview *latest = NULL;

  for (guint i = 0; i < project->reviews->len; i++)
    {
      DboReview *r = g_ptr_array_index (project->reviews, i);

      if (latest == NULL || r->round > latest->round)
        latest = r;
    }
  return latest;
}

/* Ids are a letter and a number; the next one is one past the highest in use,
 * so a deleted id is never handed out again while the project holds it. */
static char *
next_id (GPtrArray *items, gsize id_offset, char prefix)
{
  guint64 max = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const char *id = *(char **) ((char *) g_ptr_array_index (items, i) + id_offset);
      guint64 n;

      if (id != NULL && id[0] == prefix && g_ascii_string_to_unsigned (id + 1, 10, 1, G_MAXUINT32, &n, NULL))
        max = MAX (max, n);
    }
  return g_strdup_printf ("%c%" G_GUINT64_FORMAT, prefix, max + 1);
}

char *
dbo_project_next_object_id (const DboProject *project)
{
  return next_id (project->objects, G_STRUCT_OFFSET (DboObject, id), 'o');
}

char *
dbo_project_next_member_id (const DboProject *project)
{
  return next_id (project->panel.members, G_STRUCT_OFFSET (DboMember, id), 'm');
}

void
dbo_object_set_harm (DboObject *object, DboAspect aspect, DboTarget target, int degree)
{
  GArray *harms = object->aspects[aspect].harms;

  for (guint i = 0; i < harms->len; i++)
    if (g_array_index (harms, DboHarm, i).target == target)
      {
        if (degree < 0)
          g_array_remove_index (harms, i);
        else
          g_array_index (harms, DboHarm, i).degree = degree;
        return;
      }
  if (degree >= 0)
    {
      DboHarm h = { target, degree };

      g_array_append_val (harms, h);
    }
}

int
dbo_object_get_harm (const DboObject *object, DboAspect aspect, DboTarget target)
{
  GArray *harms = object->aspects[aspect].harms;

  for (guint i = 0; i < harms->len; i++)
    if (g_array_index (harms, DboHarm, i).target == target)
      return g_array_index (harms, DboHarm, i).degree;
  return -1;
}

/* @first: the text both questions shared; @second: the second question's own. */
static void
split_other (char **first, gboolean first_ticked, char **second, gboolean second_ticked)
{
  if (!second_ticked || dbo_str_empty (*first) || !dbo_str_empty (*second))
    return;
  g_free (*second);
  *second = first_ticked ? g_strdup (*first) : g_steal_pointer (first);
}

void
dbo_object_split_service_other (DboObject *object)
{
  split_other (&object->service_other, g_strcmp0 (object->service_scope, "99") == 0,
               &object->service_targets_other, g_strcmp0 (object->service_targets, "9") == 0);
}

void
dbo_object_split_network_other (DboObject *object)
{
  split_other (&object->network_other, g_strcmp0 (object->network_coverage, "9") == 0,
               &object->network_nature_other, g_strcmp0 (object->network_nature, "9") == 0);
}

const DboReview *
dbo_project_deciding_review (const DboProject *project, const DboObject *object, int *level_out)
{
  const DboReview *best = NULL;
  int best_level = 0;

  for (guint i = 0; i < project->reviews->len; i++)
    {
      const DboReview *review = g_ptr_array_index (project->reviews, i);

      for (guint j = 0; review->levels != NULL && j < review->levels->len; j++)
        {
          const DboReviewLevel *rl = &g_array_index (review->levels, DboReviewLevel, j);

          if (g_strcmp0 (rl->object_id, object->id) == 0 && rl->value > 0
              && (best == NULL || review->round > best->round))
            {
              best = review;
              best_level = rl->value;
            }
        }
    }
  if (level_out)
    *level_out = best_level;
  return best;
}

DboMaterial *
dbo_object_find_material (const DboObject *object, int item)
{
  for (guint i = 0; object->materials != NULL && i < object->materials->len; i++)
    {
      DboMaterial *m = g_ptr_array_index (object->materials, i);

      if (m->item == item)
        return m;
    }
  return NULL;
}

const char *
dbo_material_label (int item)
{
  static const char *const labels[] = {
    "系统拓扑结构及说明",
    "系统安全组织机构及管理制度",
    "系统安全保护设施设计实施方案或改建实施方案",
    "系统使用的安全产品清单及认证、销售许可证明",
    "系统等级测评报告",
    "专家评审情况",
    "上级主管部门审批意见",
  };

  return item >= 1 && item <= (int) G_N_ELEMENTS (labels) ? labels[item - 1] : "";
}

const DboAttachment *
dbo_project_find_attachment (const DboProject *project, const char *sha256)
{
  for (guint i = 0; sha256 != NULL && project->attachments != NULL && i < project->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (project->attachments, i);

      if (a->sha256 != NULL && g_ascii_strcasecmp (a->sha256, sha256) == 0)
        return a;
    }
  return NULL;
}

gboolean
dbo_project_known_material (const DboProject *project, const DboObject *object, int item, char **name_out)
{
  const DboReview *review;

  if (item == 6 && project->panel.conclusion.present)
    {
      if (name_out)
        *name_out = g_strdup ("专家评审意见书");
      return TRUE;
    }
  if (item != 7)
    return FALSE;
  review = dbo_project_deciding_review (project, object, NULL);
  if (review == NULL || !review->has_outcome || review->outcome != DBO_OUTCOME_APPROVED)
    return FALSE;
  if (name_out)
    *name_out = !dbo_str_empty (review->number) ? g_strdup_printf ("定级审核意见书（审核编号：%s）", review->number)
                                                : g_strdup ("定级审核意见书");
  return TRUE;
}

char *
dbo_str_without_stop (const char *s)
{
  char *out = g_strstrip (g_strdup (s ? s : ""));
  gsize len = strlen (out);

  while (len >= 3 && (g_str_has_suffix (out, "。") || g_str_has_suffix (out, "；")))
    {
      len -= 3;
      out[len] = '\0';
    }
  while (len >= 1 && (out[len - 1] == '.' || out[len - 1] == ';'))
    out[--len] = '\0';
  return out;
}

DboObject *
dbo_project_find_preset (const DboProject *project, DboPreset preset)
{
  g_return_val_if_fail (project != NULL, NULL);

  for (guint i = 0; preset != DBO_PRESET_NONE && i < project->objects->len; i++)
    {
      DboObject *o = g_ptr_array_index (project->objects, i);

      if (o->preset == preset)
        return o;
    }
  return NULL;
}

gboolean
dbo_enterprise_runs_preset (const DboEnterprise *enterprise, DboPreset preset)
{
  g_return_val_if_fail (enterprise != NULL, TRUE);

  return (enterprise->not_run & (1u << preset)) == 0;
}

char *
dbo_object_display_name (const DboProject *project, const DboObject *object)
{
  guint index = 0;

  if (!dbo_str_empty (object->name))
    return g_strdup (object->name);
  if (!g_ptr_array_find (project->objects, object, &index))
    return g_strdup (_("Unnamed object"));
  return g_strdup_printf (_("Unnamed object %u"), index + 1);
}
