#define G_LOG_DOMAIN "dengbao-project-xml"
#include "config.h"

#include "dbo-project-xml.h"

#include <math.h>

#include "dbo-file-util.h"
#include "dbo-xml-writer.h"

/* Writing project.xml: the same project always gives the same bytes. */

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static void
write_person (DboXmlWriter *w, const char *element, const DboPerson *person, gboolean with_mobile)
{
  if (is_empty (person->name) && is_empty (person->title) && is_empty (person->office_phone) &&
      is_empty (person->email) && (!with_mobile || is_empty (person->mobile)))
    return;
  dbo_xml_writer_begin (w, element);
  dbo_xml_writer_attr (w, "name", person->name);
  dbo_xml_writer_attr (w, "title", person->title);
  dbo_xml_writer_attr (w, "office-phone", person->office_phone);
  if (with_mobile)
    dbo_xml_writer_attr (w, "mobile", person->mobile);
  dbo_xml_writer_attr (w, "email", person->email);
  dbo_xml_writer_empty (w);
}

static void
write_code_other (DboXmlWriter *w, const char *element, const char *code, const char *other)
{
  if (is_empty (code) && is_empty (other))
    return;
  dbo_xml_writer_begin (w, element);
  dbo_xml_writer_attr (w, "code", code);
  dbo_xml_writer_attr (w, "other", other);
  dbo_xml_writer_empty (w);
}

static void
write_enterprise (DboXmlWriter *w, const DboEnterprise *e)
{
  dbo_xml_writer_begin (w, "enterprise");
  dbo_xml_writer_attr (w, "kind", dbo_token_name (dbo_enterprise_kind_tokens, e->kind));
  dbo_xml_writer_attr (w, "standardization", dbo_token_name (dbo_standardization_tokens, e->standardization));
  dbo_xml_writer_open (w);

  dbo_xml_writer_element (w, "name", e->name);
  dbo_xml_writer_opt_element (w, "credit-code", e->credit_code);
  if (!is_empty (e->city) || !is_empty (e->county) || !is_empty (e->town) ||
      !is_empty (e->address_detail) || !is_empty (e->postcode) || !is_empty (e->division_code))
    {
      dbo_xml_writer_begin (w, "address");
      dbo_xml_writer_attr (w, "city", e->city);
      dbo_xml_writer_attr (w, "county", e->county);
      dbo_xml_writer_attr (w, "town", e->town);
      dbo_xml_writer_attr (w, "detail", e->address_detail);
      dbo_xml_writer_attr (w, "postcode", e->postcode);
      dbo_xml_writer_attr (w, "division-code", e->division_code);
      dbo_xml_writer_empty (w);
    }
  dbo_xml_writer_opt_element (w, "group-company", e->group_company);
  /* The 单位负责人 has no mobile in 表一 05, so project.xml has none either. */
  write_person (w, "head", &e->head, FALSE);
  dbo_xml_writer_opt_element (w, "department", e->department);
  write_person (w, "contact", &e->contact, TRUE);
  write_code_other (w, "affiliation", e->affiliation_code, e->affiliation_other);
  write_code_other (w, "unit-type", e->unit_type_code, e->unit_type_other);
  write_code_other (w, "industry", e->industry_code, e->industry_other);
  if (e->not_run != 0)
    {
      g_autoptr(GString) tokens = g_string_new (NULL);

      for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
        if (!dbo_enterprise_runs_preset (e, preset))
          g_string_append_printf (tokens, "%s%s", tokens->len > 0 ? " " : "",
                                  dbo_token_name (dbo_preset_tokens, preset));
      dbo_xml_writer_begin (w, "named-systems");
      dbo_xml_writer_attr (w, "not-run", tokens->str);
      dbo_xml_writer_empty (w);
    }

  dbo_xml_writer_close (w, "enterprise");
}

static gboolean
aspect_is_empty (const DboAspectGrading *aspect)
{
  return is_empty (aspect->description) && (aspect->harms == NULL || aspect->harms->len == 0);
}

static void
write_aspect (DboXmlWriter *w, const char *element, const DboAspectGrading *aspect)
{
  if (aspect_is_empty (aspect))
    return;
  dbo_xml_writer_begin (w, element);
  dbo_xml_writer_open (w);
  dbo_xml_writer_opt_element (w, "description", aspect->description);
  for (guint i = 0; aspect->harms != NULL && i < aspect->harms->len; i++)
    {
      const DboHarm *harm = &g_array_index (aspect->harms, DboHarm, i);

      dbo_xml_writer_begin (w, "harm");
      dbo_xml_writer_attr (w, "object", dbo_token_name (dbo_target_tokens, harm->target));
      dbo_xml_writer_attr (w, "degree", dbo_token_name (dbo_degree_tokens, harm->degree));
      dbo_xml_writer_empty (w);
    }
  dbo_xml_writer_close (w, element);
}

static void
write_object (DboXmlWriter *w, const DboObject *o)
{
  dbo_xml_writer_begin (w, "object");
  dbo_xml_writer_attr (w, "id", o->id);
  dbo_xml_writer_attr (w, "number", o->number);
  dbo_xml_writer_attr (w, "type", dbo_token_name (dbo_object_type_tokens, o->type));
  dbo_xml_writer_attr (w, "status", dbo_token_name (dbo_object_status_tokens, o->status));
  dbo_xml_writer_open (w);

  dbo_xml_writer_element (w, "name", o->name);
  if (o->preset != DBO_PRESET_NONE)
    dbo_xml_writer_opt_element (w, "preset", dbo_token_name (dbo_preset_tokens, o->preset));
  dbo_xml_writer_element (w, "scope", dbo_token_name (dbo_scope_tokens, o->scope));
  dbo_xml_writer_element (w, "aggregation-platform", o->aggregation_platform ? "true" : "false");
  dbo_xml_writer_opt_element (w, "department", o->department);
  if (!is_empty (o->owner_name) || !is_empty (o->owner_phone))
    {
      dbo_xml_writer_begin (w, "owner");
      dbo_xml_writer_attr (w, "name", o->owner_name);
      dbo_xml_writer_attr (w, "phone", o->owner_phone);
      dbo_xml_writer_empty (w);
    }
  dbo_xml_writer_opt_element (w, "operation-date", o->operation_date);

  if (!is_empty (o->business_types) || !is_empty (o->business_other) ||
      !is_empty (o->business_description))
    {
      dbo_xml_writer_begin (w, "business");
      dbo_xml_writer_attr (w, "types", o->business_types);
      dbo_xml_writer_attr (w, "other", o->business_other);
      dbo_xml_writer_text (w, "business", o->business_description);
    }
  /* "other" is the first question's text; the second's is written, even
   * empty, where its 其他 is ticked: read without it, a file is an older one
   * whose "other" served both (dbo_object_split_service_other). */
  if (!is_empty (o->service_scope) || o->service_scope_count >= 0 ||
      !is_empty (o->service_targets) || !is_empty (o->service_other) ||
      !is_empty (o->service_targets_other))
    {
      dbo_xml_writer_begin (w, "service");
      dbo_xml_writer_attr (w, "scope", o->service_scope);
      if (o->service_scope_count >= 0)
        dbo_xml_writer_attr_int (w, "scope-count", o->service_scope_count);
      dbo_xml_writer_attr (w, "targets", o->service_targets);
      dbo_xml_writer_attr (w, "other", o->service_other);
      dbo_xml_writer_attr_kept (w, "targets-other", o->service_targets_other,
                   g_strcmp0 (o->service_targets, "9") == 0);
      dbo_xml_writer_empty (w);
    }
  if (!is_empty (o->network_coverage) || !is_empty (o->network_nature) || !is_empty (o->network_other) ||
      !is_empty (o->network_nature_other))
    {
      dbo_xml_writer_begin (w, "network");
      dbo_xml_writer_attr (w, "coverage", o->network_coverage);
      dbo_xml_writer_attr (w, "nature", o->network_nature);
      dbo_xml_writer_attr (w, "other", o->network_other);
      dbo_xml_writer_attr_kept (w, "nature-other", o->network_nature_other,
                   g_strcmp0 (o->network_nature, "9") == 0);
      dbo_xml_writer_empty (w);
    }
  if (!is_empty (o->interconnection_codes) || !is_empty (o->interconnection_other))
    {
      dbo_xml_writer_begin (w, "interconnection");
      dbo_xml_writer_attr (w, "codes", o->interconnection_codes);
      dbo_xml_writer_attr (w, "other", o->interconnection_other);
      dbo_xml_writer_empty (w);
    }

  if (o->products != NULL && o->products->len > 0)
    {
      dbo_xml_writer_begin (w, "products");
      dbo_xml_writer_open (w);
      for (guint i = 0; i < o->products->len; i++)
        {
          const DboProduct *p = g_ptr_array_index (o->products, i);

          dbo_xml_writer_begin (w, "product");
          dbo_xml_writer_attr (w, "kind", dbo_token_name (dbo_product_kind_tokens, p->kind));
          if (p->count >= 0)
            dbo_xml_writer_attr_int (w, "count", p->count);
          dbo_xml_writer_attr (w, "domestic", dbo_token_name (dbo_domestic_tokens, p->domestic));
          if (p->percent >= 0)
            dbo_xml_writer_attr_int (w, "percent", p->percent);
          dbo_xml_writer_attr (w, "other", p->other);
          dbo_xml_writer_empty (w);
        }
      dbo_xml_writer_close (w, "products");
    }
  if (o->services != NULL && o->services->len > 0)
    {
      dbo_xml_writer_begin (w, "services");
      dbo_xml_writer_open (w);
      for (guint i = 0; i < o->services->len; i++)
        {
          const DboServiceUse *s = g_ptr_array_index (o->services, i);

          dbo_xml_writer_begin (w, "service");
          dbo_xml_writer_attr (w, "kind", dbo_token_name (dbo_service_kind_tokens, s->kind));
          dbo_xml_writer_attr_bool (w, "used", s->used);
          dbo_xml_writer_attr (w, "provider", dbo_token_name (dbo_provider_tokens, s->provider));
          dbo_xml_writer_attr (w, "other", s->other);
          dbo_xml_writer_empty (w);
        }
      dbo_xml_writer_close (w, "services");
    }

  dbo_xml_writer_opt_element (w, "assessment-body", o->assessment_body);
  if (!is_empty (o->parent_name) || !is_empty (o->parent_unit))
    {
      dbo_xml_writer_begin (w, "parent-system");
      dbo_xml_writer_attr (w, "name", o->parent_name);
      dbo_xml_writer_attr (w, "unit", o->parent_unit);
      dbo_xml_writer_empty (w);
    }

  if (!is_empty (o->drafted) || !aspect_is_empty (&o->aspects[DBO_ASPECT_BUSINESS]) ||
      !aspect_is_empty (&o->aspects[DBO_ASPECT_SERVICE]) || o->override_level != 0)
    {
      dbo_xml_writer_begin (w, "grading");
      dbo_xml_writer_attr (w, "drafted", o->drafted);
      dbo_xml_writer_open (w);
      write_aspect (w, "business", &o->aspects[DBO_ASPECT_BUSINESS]);
      write_aspect (w, "service", &o->aspects[DBO_ASPECT_SERVICE]);
      if (o->override_level != 0)
        {
          dbo_xml_writer_begin (w, "override");
          dbo_xml_writer_attr_int (w, "level", o->override_level);
          if (is_empty (o->override_reason))
            dbo_xml_writer_empty (w);
          else
            {
              dbo_xml_writer_open (w);
              dbo_xml_writer_element (w, "reason", o->override_reason);
              dbo_xml_writer_close (w, "override");
            }
        }
      dbo_xml_writer_close (w, "grading");
    }

  if (o->materials != NULL && o->materials->len > 0)
    {
      dbo_xml_writer_begin (w, "materials");
      dbo_xml_writer_open (w);
      for (guint i = 0; i < o->materials->len; i++)
        {
          const DboMaterial *m = g_ptr_array_index (o->materials, i);

          dbo_xml_writer_begin (w, "material");
          dbo_xml_writer_attr_int (w, "item", m->item);
          dbo_xml_writer_attr_bool (w, "present", m->present);
          dbo_xml_writer_attr (w, "attachment", m->attachment);
          dbo_xml_writer_empty (w);
        }
      dbo_xml_writer_close (w, "materials");
    }

  dbo_xml_writer_close (w, "object");
}

/* Points lie inside the signature box by definition; a pen that strayed
 * outside is kept on its edge so that what we write can always be read. */
static double
clamp_coordinate (double v, double max)
{
  if (isnan (v) || v <= 0.0)
    return 0.0;
  if (v > max)
    return max;
  return v;
}

static double
clamp_box (double v)
{
  if (isnan (v) || v <= 0.0)
    return 0.0;
  return MIN (v, 9999.0);
}

static void
append_number (GString *out, const char *format, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, v));
}

static void
write_signature (DboXmlWriter *w, const DboMember *m)
{
  double width = clamp_box (m->sig_width_mm);
  double height = clamp_box (m->sig_height_mm);
  char wbuf[G_ASCII_DTOSTR_BUF_SIZE], hbuf[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean any = FALSE;

  dbo_xml_writer_begin (w, "signature");
  dbo_xml_writer_attr (w, "width-mm", g_ascii_formatd (wbuf, sizeof wbuf, "%.2f", width));
  dbo_xml_writer_attr (w, "height-mm", g_ascii_formatd (hbuf, sizeof hbuf, "%.2f", height));
  dbo_xml_writer_attr (w, "signed", m->sig_signed);

  for (guint i = 0; i < m->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (m->strokes, i);
      g_autoptr(GString) text = NULL;

      /* A stroke without points draws nothing. */
      if (stroke == NULL || stroke->len == 0)
        continue;
      if (!any)
        {
          dbo_xml_writer_open (w);
          any = TRUE;
        }
      text = g_string_new (NULL);
      for (guint j = 0; j < stroke->len; j++)
        {
          const DboPoint *pt = &g_array_index (stroke, DboPoint, j);

          if (j > 0)
            g_string_append_c (text, ' ');
          append_number (text, "%.2f", clamp_coordinate (pt->x, width));
          g_string_append_c (text, ',');
          append_number (text, "%.2f", clamp_coordinate (pt->y, height));
          g_string_append_c (text, ',');
          append_number (text, "%.3f", clamp_coordinate (pt->pressure, 1.0));
        }
      dbo_xml_writer_element (w, "stroke", text->str);
    }
  if (any)
    dbo_xml_writer_close (w, "signature");
  else
    dbo_xml_writer_empty (w);
}

static gboolean
panel_is_empty (const DboPanel *panel)
{
  return is_empty (panel->date) && is_empty (panel->organiser) && is_empty (panel->location) &&
         (panel->members == NULL || panel->members->len == 0) &&
         (panel->recommendations == NULL || panel->recommendations->len == 0) &&
         (panel->history == NULL || panel->history->len == 0) &&
         !panel->conclusion.present;
}

static gboolean
panel_has_member (const DboPanel *panel, const char *id)
{
  for (guint i = 0; id != NULL && panel->members != NULL && i < panel->members->len; i++)
    if (g_strcmp0 (((const DboMember *) g_ptr_array_index (panel->members, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/* A dissent is written only while its member is on the panel: a removed
 * member's words wait in memory for an undo, and would break the member
 * reference the schema checks. */
static gboolean
dissent_writable (const DboPanel *panel, const DboDissent *d)
{
  return d != NULL && panel_has_member (panel, d->member_id);
}

static void
write_recommendation (DboXmlWriter *w, const DboPanel *panel, const DboRecommendation *r)
{
  guint n_dissents = 0;

  for (guint i = 0; r->dissents != NULL && i < r->dissents->len; i++)
    if (dissent_writable (panel, g_ptr_array_index (r->dissents, i)))
      n_dissents++;

  dbo_xml_writer_begin (w, "recommendation");
  dbo_xml_writer_attr (w, "object", r->object_id);
  dbo_xml_writer_attr_int (w, "level", r->level);
  if (is_empty (r->reason) && n_dissents == 0)
    {
      dbo_xml_writer_empty (w);
      return;
    }
  dbo_xml_writer_open (w);
  dbo_xml_writer_opt_element (w, "reason", r->reason);
  for (guint i = 0; n_dissents > 0 && i < r->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (r->dissents, i);

      if (!dissent_writable (panel, d))
        continue;
      dbo_xml_writer_begin (w, "dissent");
      dbo_xml_writer_attr (w, "member", d->member_id);
      dbo_xml_writer_text (w, "dissent", d->text);
    }
  dbo_xml_writer_close (w, "recommendation");
}

static void
write_previous_conclusion (DboXmlWriter *w, const DboPreviousConclusion *c)
{
  dbo_xml_writer_begin (w, "previous-conclusion");
  dbo_xml_writer_attr_bool (w, "materials-complete", c->materials_complete);
  dbo_xml_writer_attr_bool (w, "division-reasonable", c->division_reasonable);
  dbo_xml_writer_attr (w, "concluded", c->concluded);
  dbo_xml_writer_attr (w, "data-sha256", c->data_sha256);
  dbo_xml_writer_attr (w, "superseded", c->superseded);
  if (is_empty (c->note))
    dbo_xml_writer_empty (w);
  else
    {
      dbo_xml_writer_open (w);
      dbo_xml_writer_element (w, "note", c->note);
      dbo_xml_writer_close (w, "previous-conclusion");
    }
}

static void
write_panel (DboXmlWriter *w, const DboPanel *panel)
{
  if (panel_is_empty (panel))
    return;
  dbo_xml_writer_begin (w, "panel");
  dbo_xml_writer_attr (w, "date", panel->date);
  dbo_xml_writer_attr (w, "organiser", panel->organiser);
  dbo_xml_writer_attr (w, "location", panel->location);
  dbo_xml_writer_open (w);

  for (guint i = 0; panel->members != NULL && i < panel->members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (panel->members, i);

      dbo_xml_writer_begin (w, "member");
      dbo_xml_writer_attr (w, "id", m->id);
      dbo_xml_writer_attr (w, "kind", dbo_token_name (dbo_member_kind_tokens, m->kind));
      dbo_xml_writer_attr_bool (w, "leader", m->leader);
      if (is_empty (m->name) && is_empty (m->unit) && is_empty (m->title) &&
          is_empty (m->phone) && m->strokes == NULL)
        {
          dbo_xml_writer_empty (w);
          continue;
        }
      dbo_xml_writer_open (w);
      dbo_xml_writer_opt_element (w, "name", m->name);
      dbo_xml_writer_opt_element (w, "unit", m->unit);
      dbo_xml_writer_opt_element (w, "title", m->title);
      dbo_xml_writer_opt_element (w, "phone", m->phone);
      if (m->strokes != NULL)
        write_signature (w, m);
      dbo_xml_writer_close (w, "member");
    }

  for (guint i = 0; panel->recommendations != NULL && i < panel->recommendations->len; i++)
    write_recommendation (w, panel, g_ptr_array_index (panel->recommendations, i));

  for (guint i = 0; panel->history != NULL && i < panel->history->len; i++)
    write_previous_conclusion (w, g_ptr_array_index (panel->history, i));

  if (panel->conclusion.present)
    {
      const DboConclusion *c = &panel->conclusion;

      dbo_xml_writer_begin (w, "conclusion");
      dbo_xml_writer_attr_bool (w, "materials-complete", c->materials_complete);
      dbo_xml_writer_attr_bool (w, "division-reasonable", c->division_reasonable);
      dbo_xml_writer_attr (w, "concluded", c->concluded);
      dbo_xml_writer_attr (w, "data-sha256", c->data_sha256);
      if (is_empty (c->note))
        dbo_xml_writer_empty (w);
      else
        {
          dbo_xml_writer_open (w);
          dbo_xml_writer_element (w, "note", c->note);
          dbo_xml_writer_close (w, "conclusion");
        }
    }

  dbo_xml_writer_close (w, "panel");
}

static void
write_review (DboXmlWriter *w, const DboReview *r)
{
  dbo_xml_writer_begin (w, "review");
  dbo_xml_writer_attr_int (w, "round", r->round);
  dbo_xml_writer_attr (w, "authority", r->authority);
  dbo_xml_writer_attr (w, "submitted", r->submitted);
  dbo_xml_writer_attr (w, "decided", r->decided);
  if (r->has_outcome)
    dbo_xml_writer_attr (w, "outcome", dbo_token_name (dbo_outcome_tokens, r->outcome));
  dbo_xml_writer_attr (w, "number", r->number);
  if ((r->levels == NULL || r->levels->len == 0) && is_empty (r->opinion))
    {
      dbo_xml_writer_empty (w);
      return;
    }
  dbo_xml_writer_open (w);
  for (guint i = 0; r->levels != NULL && i < r->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, i);

      dbo_xml_writer_begin (w, "level");
      dbo_xml_writer_attr (w, "object", l->object_id);
      dbo_xml_writer_attr_int (w, "value", l->value);
      dbo_xml_writer_empty (w);
    }
  dbo_xml_writer_opt_element (w, "opinion", r->opinion);
  dbo_xml_writer_close (w, "review");
}

char *
dbo_project_xml_write (const DboProject *project, gsize *len_out)
{
  DboXmlWriter w = { g_string_new (NULL), 0 };

  g_return_val_if_fail (project != NULL, NULL);

  g_string_append (w.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  dbo_xml_writer_begin (&w, "project");
  dbo_xml_writer_attr (&w, "xmlns", DBO_PROJECT_XML_NS);
  /* We write format 1 whatever the model was read from. */
  dbo_xml_writer_attr (&w, "format-version", DBO_PROJECT_XML_FORMAT_VERSION);
  dbo_xml_writer_attr (&w, "id", project->id);
  dbo_xml_writer_attr (&w, "ruleset", project->ruleset);
  dbo_xml_writer_open (&w);

  dbo_xml_writer_opt_element (&w, "title", project->title);
  write_enterprise (&w, &project->enterprise);

  if (project->objects == NULL || project->objects->len == 0)
    {
      dbo_xml_writer_begin (&w, "objects");
      dbo_xml_writer_empty (&w);
    }
  else
    {
      dbo_xml_writer_begin (&w, "objects");
      dbo_xml_writer_open (&w);
      for (guint i = 0; i < project->objects->len; i++)
        write_object (&w, g_ptr_array_index (project->objects, i));
      dbo_xml_writer_close (&w, "objects");
    }

  write_panel (&w, &project->panel);

  if (project->reviews != NULL && project->reviews->len > 0)
    {
      dbo_xml_writer_begin (&w, "reviews");
      dbo_xml_writer_open (&w);
      for (guint i = 0; i < project->reviews->len; i++)
        write_review (&w, g_ptr_array_index (project->reviews, i));
      dbo_xml_writer_close (&w, "reviews");
    }

  if (project->has_filing)
    {
      dbo_xml_writer_begin (&w, "filing");
      dbo_xml_writer_attr (&w, "office", project->filing.office);
      dbo_xml_writer_attr (&w, "submitted", project->filing.submitted);
      dbo_xml_writer_attr (&w, "certificate", project->filing.certificate);
      dbo_xml_writer_attr (&w, "certificate-date", project->filing.certificate_date);
      dbo_xml_writer_empty (&w);
    }

  if (project->assessments != NULL && project->assessments->len > 0)
    {
      dbo_xml_writer_begin (&w, "assessments");
      dbo_xml_writer_open (&w);
      for (guint i = 0; i < project->assessments->len; i++)
        {
          const DboAssessment *a = g_ptr_array_index (project->assessments, i);

          dbo_xml_writer_begin (&w, "assessment");
          dbo_xml_writer_attr (&w, "object", a->object_id);
          dbo_xml_writer_attr (&w, "date", a->date);
          dbo_xml_writer_attr (&w, "body", a->body);
          dbo_xml_writer_attr (&w, "report", a->report);
          dbo_xml_writer_empty (&w);
        }
      dbo_xml_writer_close (&w, "assessments");
    }

  if (project->attachments != NULL && project->attachments->len > 0)
    {
      dbo_xml_writer_begin (&w, "attachments");
      dbo_xml_writer_open (&w);
      for (guint i = 0; i < project->attachments->len; i++)
        {
          const DboAttachment *a = g_ptr_array_index (project->attachments, i);
          g_autofree char *path = NULL;

          if (!is_empty (a->sha256))
            path = g_strconcat ("attachments/", a->sha256, NULL);
          dbo_xml_writer_begin (&w, "attachment");
          dbo_xml_writer_attr (&w, "sha256", a->sha256);
          dbo_xml_writer_attr (&w, "name", a->name);
          dbo_xml_writer_attr (&w, "media-type", a->media_type);
          dbo_xml_writer_attr (&w, "path", path);
          dbo_xml_writer_empty (&w);
        }
      dbo_xml_writer_close (&w, "attachments");
    }

  dbo_xml_writer_close (&w, "project");

  if (len_out != NULL)
    *len_out = w.out->len;
  return g_string_free (w.out, FALSE);
}

gboolean
dbo_project_xml_write_file (const DboProject *project, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = dbo_project_xml_write (project, &len);
  /* A temporary file beside @path, fsync'd, then renamed over it: a crash
   * leaves either the old file or the new one, never half of one. 0600: it
   * holds the same personal data as the project. */
  return dbo_file_write_atomic (path, data, len, 0600, DBO_FILE_PUBLISH_REPLACE, error);
}
