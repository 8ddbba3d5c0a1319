#include "dbo-test-project.h"

#include <string.h>

static DboObject *
full_object (const char *id, int k)
{
  DboObject *o = dbo_object_new (id);
  DboProduct *prod;
  DboServiceUse *s;

  o->number = g_strdup_printf ("obj-%d-number", k);
  o->type = k == 1 ? DBO_OBJ_ICS : DBO_OBJ_DATA;
  o->status = DBO_STATUS_PLANNED;
  o->name = g_strdup_printf ("obj-%d-name", k);
  o->preset = k == 1 ? DBO_PRESET_BROADCAST : DBO_PRESET_INTELLIGENT_FACE;
  o->scope = k == 1 ? DBO_SCOPE_NATIONAL : DBO_SCOPE_PROVINCE;
  o->aggregation_platform = TRUE;
  o->department = g_strdup_printf ("obj-%d-department", k);
  o->owner_name = g_strdup_printf ("obj-%d-owner-name", k);
  o->owner_phone = g_strdup_printf ("obj-%d-owner-phone", k);
  o->operation_date = g_strdup_printf ("2019-0%d-05", k);
  o->business_types = g_strdup (k == 1 ? "2 9" : "1 5");
  o->business_other = g_strdup_printf ("obj-%d-business-other", k);
  o->business_description = g_strdup_printf ("obj-%d-business-description", k);
  o->service_scope = g_strdup (k == 1 ? "21" : "99");
  o->service_scope_count = 16 + k;
  o->service_targets = g_strdup (k == 1 ? "9" : "3");
  o->service_other = g_strdup_printf ("obj-%d-service-other", k);
  o->service_targets_other = g_strdup_printf ("obj-%d-service-targets-other", k);
  o->network_coverage = g_strdup (k == 1 ? "3" : "9");
  o->network_nature = g_strdup (k == 1 ? "9" : "2");
  o->network_other = g_strdup_printf ("obj-%d-network-other", k);
  o->network_nature_other = g_strdup_printf ("obj-%d-network-nature-other", k);
  o->interconnection_codes = g_strdup (k == 1 ? "1 9" : "2 3");
  o->interconnection_other = g_strdup_printf ("obj-%d-interconnection-other", k);

  prod = dbo_product_new (DBO_PRODUCT_DATABASE);
  prod->count = 30 + k;
  prod->domestic = DBO_DOMESTIC_PARTIAL;
  prod->percent = 40 + k;
  prod->other = g_strdup_printf ("obj-%d-product-1-other", k);
  g_ptr_array_add (o->products, prod);
  prod = dbo_product_new (DBO_PRODUCT_OTHER);
  prod->count = 50 + k;
  prod->domestic = DBO_DOMESTIC_NONE;
  prod->percent = 60 + k;
  prod->other = g_strdup_printf ("obj-%d-product-2-other", k);
  g_ptr_array_add (o->products, prod);

  s = dbo_service_use_new (DBO_SERVICE_CONSULTING);
  s->used = TRUE;
  s->provider = DBO_PROVIDER_FOREIGN;
  s->other = g_strdup_printf ("obj-%d-service-1-other", k);
  g_ptr_array_add (o->services, s);
  s = dbo_service_use_new (DBO_SERVICE_OTHER);
  s->used = TRUE;
  s->provider = DBO_PROVIDER_DOMESTIC;
  s->other = g_strdup_printf ("obj-%d-service-2-other", k);
  g_ptr_array_add (o->services, s);

  o->assessment_body = g_strdup_printf ("obj-%d-assessment-body", k);
  o->parent_name = g_strdup_printf ("obj-%d-parent-name", k);
  o->parent_unit = g_strdup_printf ("obj-%d-parent-unit", k);
  o->drafted = g_strdup_printf ("2020-0%d-02", k);
  o->aspects[DBO_ASPECT_BUSINESS].description = g_strdup_printf ("obj-%d-business-grading", k);
  o->aspects[DBO_ASPECT_SERVICE].description = g_strdup_printf ("obj-%d-service-grading", k);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_ESPECIALLY_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_NATIONAL, DBO_DEGREE_GENERAL);
  o->override_level = 2 + k;
  o->override_reason = g_strdup_printf ("obj-%d-override-reason", k);
  return o;
}

static DboMember *
full_member (const char *id, int k)
{
  DboMember *m = dbo_member_new (id);

  m->kind = k == 1 ? DBO_MEMBER_COAL_IT : DBO_MEMBER_INFOSEC;
  m->leader = k == 1;
  m->name = g_strdup_printf ("member-%d-name", k);
  m->unit = g_strdup_printf ("member-%d-unit", k);
  m->title = g_strdup_printf ("member-%d-title", k);
  m->phone = g_strdup_printf ("member-%d-phone", k);
  /* Values project.xml writes exactly (two decimals, pressure three). */
  m->sig_width_mm = 60.25 + k;
  m->sig_height_mm = 20.5 + k;
  m->sig_signed = g_strdup_printf ("2021-03-0%dT05:06:07+08:00", k);
  m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (int s = 0; s < 2; s++)
    {
      GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));

      for (int i = 0; i < 3; i++)
        {
          DboPoint pt = { 1.25 * (i + 1) + s + k, 0.75 * (i + 2) + s, 0.125 * (i + 1 + s) };

          g_array_append_val (stroke, pt);
        }
      g_ptr_array_add (m->strokes, stroke);
    }
  return m;
}

static DboReview *
full_review (int round)
{
  DboReview *r = dbo_review_new (round);
  DboReviewLevel level;

  r->authority = g_strdup_printf ("0%d", 4 + round);
  r->submitted = g_strdup_printf ("2022-0%d-11", round);
  r->decided = g_strdup_printf ("2022-0%d-21", round);
  r->has_outcome = TRUE;
  r->outcome = round == 1 ? DBO_OUTCOME_REGRADE : DBO_OUTCOME_CORRECT;
  r->number = g_strdup_printf ("0%d-2022-004%d", 4 + round, round);
  level.object_id = g_strdup ("o7");
  level.value = 2 + round;
  g_array_append_val (r->levels, level);
  level.object_id = g_strdup ("o8");
  level.value = 1 + round;
  g_array_append_val (r->levels, level);
  r->opinion = g_strdup_printf ("review-%d-opinion", round);
  return r;
}

DboProject *
dbo_test_project_full (void)
{
  DboProject *p = dbo_project_new ();
  DboEnterprise *e = &p->enterprise;
  DboPanel *panel = &p->panel;
  DboRecommendation *rec;
  DboPreviousConclusion *prev;
  DboAssessment *as;
  DboAttachment *at;
  g_autoptr(GBytes) data1 = g_bytes_new_static ("attachment one", 14);
  g_autoptr(GBytes) data2 = g_bytes_new_static ("attachment two!", 15);
  DboObject *o;

  dbo_set_str (&p->id, "project-rt.1");
  dbo_set_str (&p->format_version, "1");
  dbo_set_str (&p->ruleset, "shanxi-coal-2021");
  dbo_set_str (&p->title, "project-title");

  e->kind = DBO_KIND_GROUP;
  e->standardization = DBO_STD_LEVEL2;
  dbo_set_str (&e->name, "enterprise-name");
  dbo_set_str (&e->credit_code, "91140525MA0JD8K2XK");
  dbo_set_str (&e->city, "07");
  dbo_set_str (&e->county, "enterprise-county");
  dbo_set_str (&e->town, "enterprise-town");
  dbo_set_str (&e->address_detail, "enterprise-address-detail");
  dbo_set_str (&e->postcode, "030006");
  dbo_set_str (&e->division_code, "140105");
  dbo_set_str (&e->group_company, "enterprise-group-company");
  dbo_set_str (&e->head.name, "head-name");
  dbo_set_str (&e->head.title, "head-title");
  dbo_set_str (&e->head.office_phone, "head-office-phone");
  dbo_set_str (&e->head.mobile, "head-mobile");
  dbo_set_str (&e->head.email, "head-email");
  dbo_set_str (&e->department, "enterprise-department");
  dbo_set_str (&e->contact.name, "contact-name");
  dbo_set_str (&e->contact.title, "contact-title");
  dbo_set_str (&e->contact.office_phone, "contact-office-phone");
  dbo_set_str (&e->contact.mobile, "contact-mobile");
  dbo_set_str (&e->contact.email, "contact-email");
  dbo_set_str (&e->affiliation_code, "4");
  dbo_set_str (&e->affiliation_other, "affiliation-other");
  dbo_set_str (&e->unit_type_code, "9");
  dbo_set_str (&e->unit_type_other, "unit-type-other");
  dbo_set_str (&e->industry_code, "99");
  dbo_set_str (&e->industry_other, "industry-other");
  e->not_run = (1u << DBO_PRESET_VIDEO) | (1u << DBO_PRESET_OUTPUT);

  /* dbo_attachment_new () names each by its bytes' SHA-256. */
  at = dbo_attachment_new ("attachment-1-name.pdf", "application/pdf", data1);
  g_ptr_array_add (p->attachments, at);
  at = dbo_attachment_new ("attachment-2-name.png", "image/png", data2);
  g_ptr_array_add (p->attachments, at);

  o = full_object ("o7", 1);
  g_ptr_array_add (o->materials,
                   dbo_material_new (3, TRUE, ((DboAttachment *) p->attachments->pdata[0])->sha256));
  g_ptr_array_add (o->materials, dbo_material_new (5, FALSE, NULL));
  g_ptr_array_add (p->objects, o);
  o = full_object ("o8", 2);
  g_ptr_array_add (o->materials,
                   dbo_material_new (2, TRUE, ((DboAttachment *) p->attachments->pdata[1])->sha256));
  g_ptr_array_add (p->objects, o);

  dbo_set_str (&panel->date, "2021-03-01");
  dbo_set_str (&panel->organiser, "panel-organiser");
  dbo_set_str (&panel->location, "panel-location");
  g_ptr_array_add (panel->members, full_member ("m3", 1));
  g_ptr_array_add (panel->members, full_member ("m4", 2));
  rec = dbo_recommendation_new ("o7", 3, "recommendation-1-reason");
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m4", "dissent-1-text"));
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m3", "dissent-2-text"));
  g_ptr_array_add (panel->recommendations, rec);
  rec = dbo_recommendation_new ("o8", 2, "recommendation-2-reason");
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m3", "dissent-3-text"));
  g_ptr_array_add (panel->recommendations, rec);
  for (int k = 1; k <= 2; k++)
    {
      prev = dbo_previous_conclusion_new ();
      prev->materials_complete = k == 1;
      prev->division_reasonable = k == 2;
      prev->concluded = g_strdup_printf ("2021-02-0%dT10:00:00+08:00", k);
      prev->data_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, k == 1 ? "a" : "b", -1);
      prev->note = g_strdup_printf ("previous-%d-note", k);
      prev->superseded = g_strdup_printf ("2021-02-0%dT11:00:00+08:00", k + 2);
      g_ptr_array_add (panel->history, prev);
    }
  panel->conclusion.present = TRUE;
  panel->conclusion.materials_complete = TRUE;
  panel->conclusion.division_reasonable = TRUE;
  dbo_set_str (&panel->conclusion.concluded, "2021-03-01T16:30:00+08:00");
  g_free (panel->conclusion.data_sha256);
  panel->conclusion.data_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "c", -1);
  dbo_set_str (&panel->conclusion.note, "conclusion-note");

  g_ptr_array_add (p->reviews, full_review (1));
  g_ptr_array_add (p->reviews, full_review (2));

  p->has_filing = TRUE;
  dbo_set_str (&p->filing.office, "filing-office");
  dbo_set_str (&p->filing.submitted, "2022-05-06");
  dbo_set_str (&p->filing.certificate, "filing-certificate");
  dbo_set_str (&p->filing.certificate_date, "2022-06-07");

  for (int k = 1; k <= 2; k++)
    {
      as = dbo_assessment_new (k == 1 ? "o8" : "o7");
      as->date = g_strdup_printf ("2023-0%d-08", k);
      as->body = g_strdup_printf ("assessment-%d-body", k);
      as->report = g_strdup_printf ("assessment-%d-report", k);
      g_ptr_array_add (p->assessments, as);
    }
  return p;
}

/* ---- comparison ---- */

#define STR(field) cmp_str (path, #field, a->field, b->field)
#define INT(field) cmp_int (path, #field, a->field, b->field)
#define DBL(field) cmp_double (path, #field, a->field, b->field)

static void
cmp_str (const char *path, const char *field, const char *a, const char *b)
{
  if (g_strcmp0 (a, b) != 0)
    g_error ("%s.%s differs: \"%s\" != \"%s\"", path, field, a != NULL ? a : "(null)",
             b != NULL ? b : "(null)");
}

static void
cmp_int (const char *path, const char *field, gint64 a, gint64 b)
{
  if (a != b)
    g_error ("%s.%s differs: %" G_GINT64_FORMAT " != %" G_GINT64_FORMAT, path, field, a, b);
}

static void
cmp_double (const char *path, const char *field, double a, double b)
{
  if (a != b)
    g_error ("%s.%s differs: %g != %g", path, field, a, b);
}

static void
cmp_len (const char *path, const char *field, guint a, guint b)
{
  cmp_int (path, field, a, b);
}

static guint
ptr_len (GPtrArray *array)
{
  return array != NULL ? array->len : 0;
}

static guint
array_len (GArray *array)
{
  return array != NULL ? array->len : 0;
}

typedef void (*CmpFunc) (const char *path, gconstpointer a, gconstpointer b);

/* Lists of pointers: the same length, then item by item as "@name[i]". */
static void
cmp_list (const char *parent, const char *name, GPtrArray *a, GPtrArray *b, CmpFunc cmp)
{
  g_autofree char *len = g_strdup_printf ("%s.len", name);

  cmp_len (parent, len, ptr_len (a), ptr_len (b));
  for (guint i = 0; i < ptr_len (a); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, name, i);

      cmp (path, a->pdata[i], b->pdata[i]);
    }
}

static void
cmp_product (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboProduct *a = pa, *b = pb;

  INT (kind);
  INT (count);
  INT (domestic);
  INT (percent);
  STR (other);
}

static void
cmp_service (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboServiceUse *a = pa, *b = pb;

  INT (kind);
  INT (used);
  INT (provider);
  STR (other);
}

static void
cmp_material (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboMaterial *a = pa, *b = pb;

  INT (item);
  INT (present);
  STR (attachment);
}

static void
cmp_dissent (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboDissent *a = pa, *b = pb;

  STR (member_id);
  STR (text);
}

static void
cmp_recommendation (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboRecommendation *a = pa, *b = pb;

  STR (object_id);
  INT (level);
  STR (reason);
  cmp_list (path, "dissents", a->dissents, b->dissents, cmp_dissent);
}

static void
cmp_previous_conclusion (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboPreviousConclusion *a = pa, *b = pb;

  INT (materials_complete);
  INT (division_reasonable);
  STR (concluded);
  STR (data_sha256);
  STR (note);
  STR (superseded);
}

static void
cmp_assessment (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboAssessment *a = pa, *b = pb;

  STR (object_id);
  STR (date);
  STR (body);
  STR (report);
}

static void
cmp_person (const char *parent, const char *which, const DboPerson *a, const DboPerson *b,
            gboolean with_mobile)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, which);

  STR (name);
  STR (title);
  STR (office_phone);
  if (with_mobile)
    STR (mobile);
  STR (email);
}

static void
cmp_enterprise (const DboEnterprise *a, const DboEnterprise *b, DboTestCompareFlags flags)
{
  const char *path = "enterprise";

  INT (kind);
  INT (standardization);
  STR (name);
  STR (credit_code);
  STR (city);
  STR (county);
  STR (town);
  STR (address_detail);
  STR (postcode);
  STR (division_code);
  STR (group_company);
  cmp_person (path, "head", &a->head, &b->head, !(flags & DBO_TEST_COMPARE_NO_HEAD_MOBILE));
  STR (department);
  cmp_person (path, "contact", &a->contact, &b->contact, TRUE);
  STR (affiliation_code);
  STR (affiliation_other);
  STR (unit_type_code);
  STR (unit_type_other);
  STR (industry_code);
  STR (industry_other);
  INT (not_run);
}

static void
cmp_object (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboObject *a = pa, *b = pb;

  STR (id);
  STR (number);
  INT (type);
  INT (status);
  STR (name);
  INT (preset);
  INT (scope);
  INT (aggregation_platform);
  STR (department);
  STR (owner_name);
  STR (owner_phone);
  STR (operation_date);
  STR (business_types);
  STR (business_other);
  STR (business_description);
  STR (service_scope);
  INT (service_scope_count);
  STR (service_targets);
  STR (service_other);
  STR (service_targets_other);
  STR (network_coverage);
  STR (network_nature);
  STR (network_other);
  STR (network_nature_other);
  STR (interconnection_codes);
  STR (interconnection_other);
  STR (assessment_body);
  STR (parent_name);
  STR (parent_unit);
  STR (drafted);
  INT (override_level);
  STR (override_reason);

  for (int k = 0; k < DBO_N_ASPECTS; k++)
    {
      g_autofree char *ap = g_strdup_printf ("%s.aspects[%d]", path, k);
      const DboAspectGrading *ga = &a->aspects[k], *gb = &b->aspects[k];

      cmp_str (ap, "description", ga->description, gb->description);
      cmp_len (ap, "harms.len", array_len (ga->harms), array_len (gb->harms));
      for (guint j = 0; j < array_len (ga->harms); j++)
        {
          const DboHarm *ha = &g_array_index (ga->harms, DboHarm, j);
          const DboHarm *hb = &g_array_index (gb->harms, DboHarm, j);

          cmp_int (ap, "harm.target", ha->target, hb->target);
          cmp_int (ap, "harm.degree", ha->degree, hb->degree);
        }
    }

  cmp_list (path, "products", a->products, b->products, cmp_product);
  cmp_list (path, "services", a->services, b->services, cmp_service);
  cmp_list (path, "materials", a->materials, b->materials, cmp_material);
}

static void
cmp_member (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboMember *a = pa, *b = pb;

  STR (id);
  INT (kind);
  INT (leader);
  STR (name);
  STR (unit);
  STR (title);
  STR (phone);
  DBL (sig_width_mm);
  DBL (sig_height_mm);
  STR (sig_signed);
  cmp_int (path, "strokes != NULL", a->strokes != NULL, b->strokes != NULL);
  cmp_len (path, "strokes.len", ptr_len (a->strokes), ptr_len (b->strokes));
  for (guint s = 0; s < ptr_len (a->strokes); s++)
    {
      GArray *sa = a->strokes->pdata[s], *sb = b->strokes->pdata[s];
      g_autofree char *sp = g_strdup_printf ("%s.strokes[%u]", path, s);

      cmp_len (sp, "len", array_len (sa), array_len (sb));
      for (guint j = 0; j < array_len (sa); j++)
        {
          const DboPoint *qa = &g_array_index (sa, DboPoint, j);
          const DboPoint *qb = &g_array_index (sb, DboPoint, j);

          cmp_double (sp, "x", qa->x, qb->x);
          cmp_double (sp, "y", qa->y, qb->y);
          cmp_double (sp, "pressure", qa->pressure, qb->pressure);
        }
    }
}

static void
cmp_panel (const DboPanel *a, const DboPanel *b)
{
  const char *path = "panel";

  STR (date);
  STR (organiser);
  STR (location);
  INT (conclusion.present);
  INT (conclusion.materials_complete);
  INT (conclusion.division_reasonable);
  STR (conclusion.concluded);
  STR (conclusion.data_sha256);
  STR (conclusion.note);

  cmp_list (path, "members", a->members, b->members, cmp_member);

  cmp_list (path, "recommendations", a->recommendations, b->recommendations, cmp_recommendation);
  cmp_list (path, "history", a->history, b->history, cmp_previous_conclusion);
}

static void
cmp_review (const char *path, gconstpointer pa, gconstpointer pb)
{
  const DboReview *a = pa, *b = pb;

  INT (round);
  STR (authority);
  STR (submitted);
  STR (decided);
  INT (has_outcome);
  INT (outcome);
  STR (number);
  STR (opinion);
  cmp_len (path, "levels.len", array_len (a->levels), array_len (b->levels));
  for (guint j = 0; j < array_len (a->levels); j++)
    {
      const DboReviewLevel *la = &g_array_index (a->levels, DboReviewLevel, j);
      const DboReviewLevel *lb = &g_array_index (b->levels, DboReviewLevel, j);

      cmp_str (path, "level.object_id", la->object_id, lb->object_id);
      cmp_int (path, "level.value", la->value, lb->value);
    }
}

void
dbo_test_project_assert_equal (const DboProject *a, const DboProject *b, DboTestCompareFlags flags)
{
  const char *path = "project";

  STR (id);
  STR (format_version);
  STR (ruleset);
  STR (title);
  cmp_enterprise (&a->enterprise, &b->enterprise, flags);

  cmp_list (path, "objects", a->objects, b->objects, cmp_object);

  cmp_panel (&a->panel, &b->panel);

  cmp_list (path, "reviews", a->reviews, b->reviews, cmp_review);

  INT (has_filing);
  STR (filing.office);
  STR (filing.submitted);
  STR (filing.certificate);
  STR (filing.certificate_date);

  cmp_list (path, "assessments", a->assessments, b->assessments, cmp_assessment);

  cmp_len (path, "attachments.len", ptr_len (a->attachments), ptr_len (b->attachments));
  for (guint i = 0; i < ptr_len (a->attachments); i++)
    {
      const DboAttachment *ta = a->attachments->pdata[i], *tb = b->attachments->pdata[i];
      g_autofree char *tp = g_strdup_printf ("attachments[%u]", i);

      cmp_str (tp, "sha256", ta->sha256, tb->sha256);
      cmp_str (tp, "name", ta->name, tb->name);
      cmp_str (tp, "media_type", ta->media_type, tb->media_type);
      if (!(flags & DBO_TEST_COMPARE_NO_ATTACHMENT_DATA))
        {
          cmp_int (tp, "data != NULL", ta->data != NULL, tb->data != NULL);
          if (ta->data != NULL && tb->data != NULL && !g_bytes_equal (ta->data, tb->data))
            g_error ("%s.data differs", tp);
        }
    }
}
