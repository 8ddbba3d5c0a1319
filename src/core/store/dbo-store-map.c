#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include <math.h>
#include <string.h>

/* The store keeps the model in tables that mirror it one to one. Enumerations
 * are kept as their project.xml tokens so the file can be read with any SQLite
 * tool; "" and NULL strings are both kept as they are, so a load gives back
 * exactly what was saved. */

static const char * const meta_columns[] = {
  "singleton", "id", "format_version", "ruleset", "title", NULL
};
static const char * const enterprise_columns[] = {
  "singleton", "kind", "standardization",
  "name", "credit_code", "city", "county", "town", "address_detail",
  "postcode", "division_code", "group_company",
  "head_name", "head_title", "head_office_phone", "head_mobile", "head_email",
  "department",
  "contact_name", "contact_title", "contact_office_phone", "contact_mobile", "contact_email",
  "affiliation_code", "affiliation_other", "unit_type_code", "unit_type_other",
  "industry_code", "industry_other", NULL
};
static const char * const object_columns[] = {
  "id", "position", "number", "type", "status", "name", "preset", "scope",
  "aggregation_platform", "department", "owner_name", "owner_phone", "operation_date",
  "business_types", "business_other", "business_description",
  "service_scope", "service_scope_count", "service_targets", "service_other",
  "network_coverage", "network_nature", "network_other",
  "interconnection_codes", "interconnection_other", "assessment_body",
  "parent_name", "parent_unit", "drafted",
  "business_grading_description", "service_grading_description",
  "override_level", "override_reason",
  /* format 3 */
  "service_targets_other", "network_nature_other", NULL
};
/* How many of object_columns formats 1 and 2 have. */
#define OBJECT_COLUMNS_V1 (G_N_ELEMENTS (object_columns) - 1 - 2)
static const char * const not_run_columns[] = {
  "preset", NULL
};
static const char * const harm_columns[] = {
  "object_id", "aspect", "position", "target", "degree", NULL
};
static const char * const product_columns[] = {
  "object_id", "position", "kind", "count", "domestic", "percent", "other", NULL
};
static const char * const service_columns[] = {
  "object_id", "position", "kind", "used", "provider", "other", NULL
};
static const char * const material_columns[] = {
  "object_id", "position", "item", "present", "attachment", NULL
};
static const char * const panel_columns[] = {
  "singleton", "date", "organiser", "location", "concluded_present", "materials_complete",
  "division_reasonable", "concluded", "data_sha256", "note", NULL
};
static const char * const member_columns[] = {
  "id", "position", "kind", "leader", "name", "unit", "title", "phone",
  "sig_width_mm", "sig_height_mm", "sig_signed", "strokes", NULL
};
static const char * const recommendation_columns[] = {
  "object_id", "position", "level", "reason", NULL
};
static const char * const dissent_columns[] = {
  "object_id", "position", "member_id", "text", NULL
};
static const char * const previous_conclusion_columns[] = {
  "position", "materials_complete", "division_reasonable", "concluded", "data_sha256", "note",
  "superseded", NULL
};
static const char * const review_columns[] = {
  "id", "position", "round", "authority", "submitted", "decided", "outcome", "number",
  "opinion", NULL
};
static const char * const review_level_columns[] = {
  "review_id", "position", "object_id", "value", NULL
};
static const char * const filing_columns[] = {
  "singleton", "office", "submitted", "certificate", "certificate_date", NULL
};
static const char * const assessment_columns[] = {
  "position", "object_id", "date", "body", "report", NULL
};

/* The tables that hold the project (snapshots are not part of it). Children
 * go with their parents through ON DELETE CASCADE. */
static const char clear_content_sql[] =
  "DELETE FROM meta; DELETE FROM enterprise; DELETE FROM objects; DELETE FROM panel;"
  "DELETE FROM members; DELETE FROM recommendations; DELETE FROM reviews;"
  "DELETE FROM filing; DELETE FROM assessments; DELETE FROM previous_conclusions;"
  "UPDATE attachments SET listed = 0, position = 0;";

/* ---- writing the model ---- */

static gboolean
write_meta (DboStore *self, const DboProject *p, GError **error)
{
  DboBinder b = { dbo_db_insert (self, "meta", meta_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  dbo_bind_int (&b, 1);
  dbo_bind_str (&b, p->id);
  dbo_bind_str (&b, p->format_version);
  dbo_bind_str (&b, p->ruleset);
  dbo_bind_str (&b, p->title);
  return dbo_bind_run (self, &b, error);
}

static void
bind_person (DboBinder *b, const DboPerson *person)
{
  dbo_bind_str (b, person->name);
  dbo_bind_str (b, person->title);
  dbo_bind_str (b, person->office_phone);
  dbo_bind_str (b, person->mobile);
  dbo_bind_str (b, person->email);
}

gboolean
dbo_store_write_enterprise (DboStore *self, const DboEnterprise *e, GError **error)
{
  DboBinder b = { NULL, 0 };

  if (!dbo_db_exec (self, "DELETE FROM enterprise", error))
    return FALSE;
  b.st = dbo_db_insert (self, "enterprise", enterprise_columns, error);
  if (b.st == NULL)
    return FALSE;
  dbo_bind_int (&b, 1);
  dbo_bind_token (&b, dbo_enterprise_kind_tokens, e->kind);
  dbo_bind_token (&b, dbo_standardization_tokens, e->standardization);
  dbo_bind_str (&b, e->name);
  dbo_bind_str (&b, e->credit_code);
  dbo_bind_str (&b, e->city);
  dbo_bind_str (&b, e->county);
  dbo_bind_str (&b, e->town);
  dbo_bind_str (&b, e->address_detail);
  dbo_bind_str (&b, e->postcode);
  dbo_bind_str (&b, e->division_code);
  dbo_bind_str (&b, e->group_company);
  bind_person (&b, &e->head);
  dbo_bind_str (&b, e->department);
  bind_person (&b, &e->contact);
  dbo_bind_str (&b, e->affiliation_code);
  dbo_bind_str (&b, e->affiliation_other);
  dbo_bind_str (&b, e->unit_type_code);
  dbo_bind_str (&b, e->unit_type_other);
  dbo_bind_str (&b, e->industry_code);
  dbo_bind_str (&b, e->industry_other);
  return dbo_bind_run (self, &b, error);
}

/* The named systems the enterprise does not run (format 4). */
gboolean
dbo_store_write_not_run (DboStore *self, const DboEnterprise *e, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM not_run", error))
    return FALSE;
  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    {
      DboBinder b = { NULL, 0 };

      if (dbo_enterprise_runs_preset (e, preset))
        continue;
      b.st = dbo_db_insert (self, "not_run", not_run_columns, error);
      if (b.st == NULL)
        return FALSE;
      dbo_bind_token (&b, dbo_preset_tokens, preset);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* Inserts the object row and its children, as far as schema @version holds
 * them; the caller removed any old ones. */
gboolean
dbo_store_write_object (DboStore *self, const DboObject *o, gint64 position, int version, GError **error)
{
  DboBinder b = { version >= 3 ? dbo_db_insert (self, "objects", object_columns, error)
                            : dbo_db_insert_first (self, "objects", object_columns, OBJECT_COLUMNS_V1, error),
               0 };

  if (b.st == NULL)
    return FALSE;
  if (o->id == NULL || *o->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save an object in %s: the object has no id", self->path);
      return FALSE;
    }
  dbo_bind_str (&b, o->id);
  dbo_bind_int (&b, position);
  dbo_bind_str (&b, o->number);
  dbo_bind_token (&b, dbo_object_type_tokens, o->type);
  dbo_bind_token (&b, dbo_object_status_tokens, o->status);
  dbo_bind_str (&b, o->name);
  dbo_bind_token (&b, dbo_preset_tokens, o->preset);
  dbo_bind_token (&b, dbo_scope_tokens, o->scope);
  dbo_bind_bool (&b, o->aggregation_platform);
  dbo_bind_str (&b, o->department);
  dbo_bind_str (&b, o->owner_name);
  dbo_bind_str (&b, o->owner_phone);
  dbo_bind_str (&b, o->operation_date);
  dbo_bind_str (&b, o->business_types);
  dbo_bind_str (&b, o->business_other);
  dbo_bind_str (&b, o->business_description);
  dbo_bind_str (&b, o->service_scope);
  dbo_bind_int (&b, o->service_scope_count);
  dbo_bind_str (&b, o->service_targets);
  dbo_bind_str (&b, o->service_other);
  dbo_bind_str (&b, o->network_coverage);
  dbo_bind_str (&b, o->network_nature);
  dbo_bind_str (&b, o->network_other);
  dbo_bind_str (&b, o->interconnection_codes);
  dbo_bind_str (&b, o->interconnection_other);
  dbo_bind_str (&b, o->assessment_body);
  dbo_bind_str (&b, o->parent_name);
  dbo_bind_str (&b, o->parent_unit);
  dbo_bind_str (&b, o->drafted);
  G_STATIC_ASSERT (DBO_N_ASPECTS == 2);
  dbo_bind_str (&b, o->aspects[DBO_ASPECT_BUSINESS].description);
  dbo_bind_str (&b, o->aspects[DBO_ASPECT_SERVICE].description);
  dbo_bind_int (&b, o->override_level);
  dbo_bind_str (&b, o->override_reason);
  if (version >= 3)
    {
      dbo_bind_str (&b, o->service_targets_other);
      dbo_bind_str (&b, o->network_nature_other);
    }
  if (!dbo_bind_run (self, &b, error))
    return FALSE;

  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      GArray *harms = o->aspects[a].harms;

      for (guint i = 0; harms != NULL && i < harms->len; i++)
        {
          const DboHarm *h = &g_array_index (harms, DboHarm, i);

          b = (DboBinder) { dbo_db_insert (self, "harms", harm_columns, error), 0 };
          if (b.st == NULL)
            return FALSE;
          dbo_bind_str (&b, o->id);
          dbo_bind_token (&b, dbo_aspect_tokens, a);
          dbo_bind_int (&b, i);
          dbo_bind_token (&b, dbo_target_tokens, h->target);
          dbo_bind_token (&b, dbo_degree_tokens, h->degree);
          if (!dbo_bind_run (self, &b, error))
            return FALSE;
        }
    }

  for (guint i = 0; o->products != NULL && i < o->products->len; i++)
    {
      const DboProduct *p = g_ptr_array_index (o->products, i);

      b = (DboBinder) { dbo_db_insert (self, "products", product_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      dbo_bind_str (&b, o->id);
      dbo_bind_int (&b, i);
      dbo_bind_token (&b, dbo_product_kind_tokens, p->kind);
      dbo_bind_int (&b, p->count);
      dbo_bind_token (&b, dbo_domestic_tokens, p->domestic);
      dbo_bind_int (&b, p->percent);
      dbo_bind_str (&b, p->other);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }

  for (guint i = 0; o->services != NULL && i < o->services->len; i++)
    {
      const DboServiceUse *s = g_ptr_array_index (o->services, i);

      b = (DboBinder) { dbo_db_insert (self, "services", service_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      dbo_bind_str (&b, o->id);
      dbo_bind_int (&b, i);
      dbo_bind_token (&b, dbo_service_kind_tokens, s->kind);
      dbo_bind_bool (&b, s->used);
      dbo_bind_token (&b, dbo_provider_tokens, s->provider);
      dbo_bind_str (&b, s->other);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }

  for (guint i = 0; o->materials != NULL && i < o->materials->len; i++)
    {
      const DboMaterial *m = g_ptr_array_index (o->materials, i);

      b = (DboBinder) { dbo_db_insert (self, "materials", material_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      dbo_bind_str (&b, o->id);
      dbo_bind_int (&b, i);
      dbo_bind_int (&b, m->item);
      dbo_bind_bool (&b, m->present);
      dbo_bind_str (&b, m->attachment);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dbo_store_write_panel (DboStore *self, const DboPanel *panel, GError **error)
{
  DboBinder b = { NULL, 0 };

  if (!dbo_db_exec (self, "DELETE FROM panel", error))
    return FALSE;
  b.st = dbo_db_insert (self, "panel", panel_columns, error);
  if (b.st == NULL)
    return FALSE;
  dbo_bind_int (&b, 1);
  dbo_bind_str (&b, panel->date);
  dbo_bind_str (&b, panel->organiser);
  dbo_bind_str (&b, panel->location);
  dbo_bind_bool (&b, panel->conclusion.present);
  dbo_bind_bool (&b, panel->conclusion.materials_complete);
  dbo_bind_bool (&b, panel->conclusion.division_reasonable);
  dbo_bind_str (&b, panel->conclusion.concluded);
  dbo_bind_str (&b, panel->conclusion.data_sha256);
  dbo_bind_str (&b, panel->conclusion.note);
  return dbo_bind_run (self, &b, error);
}

gboolean
dbo_store_write_history (DboStore *self, const DboPanel *panel, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM previous_conclusions", error))
    return FALSE;
  for (guint i = 0; panel->history != NULL && i < panel->history->len; i++)
    {
      const DboPreviousConclusion *c = g_ptr_array_index (panel->history, i);
      DboBinder b = { dbo_db_insert (self, "previous_conclusions", previous_conclusion_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      dbo_bind_int (&b, i);
      dbo_bind_bool (&b, c->materials_complete);
      dbo_bind_bool (&b, c->division_reasonable);
      dbo_bind_str (&b, c->concluded);
      dbo_bind_str (&b, c->data_sha256);
      dbo_bind_str (&b, c->note);
      dbo_bind_str (&b, c->superseded);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

static char *
strokes_to_text (GPtrArray *strokes)
{
  GString *text;

  if (strokes == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint s = 0; s < strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (strokes, s);

      if (s > 0)
        g_string_append_c (text, ';');
      for (guint i = 0; stroke != NULL && i < stroke->len; i++)
        {
          const DboPoint *pt = &g_array_index (stroke, DboPoint, i);
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], pr[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (text, "%s%s,%s,%s", i > 0 ? " " : "",
                                  g_ascii_dtostr (x, sizeof x, pt->x),
                                  g_ascii_dtostr (y, sizeof y, pt->y),
                                  g_ascii_dtostr (pr, sizeof pr, pt->pressure));
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

/* Returns NULL and sets *@ok = FALSE on malformed text. */
static GPtrArray *
strokes_from_text (const char *text, gboolean *ok)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_auto(GStrv) parts = NULL;

  *ok = TRUE;
  if (*text == '\0')
    return g_steal_pointer (&strokes);
  parts = g_strsplit (text, ";", -1);
  for (guint s = 0; parts[s] != NULL; s++)
    {
      g_auto(GStrv) points = g_strsplit (parts[s], " ", -1);
      GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));

      g_ptr_array_add (strokes, stroke);
      for (guint i = 0; points[i] != NULL; i++)
        {
          g_auto(GStrv) xyp = NULL;
          DboPoint pt;

          if (*points[i] == '\0')
            continue;
          xyp = g_strsplit (points[i], ",", -1);
          if (g_strv_length (xyp) != 3
              || !parse_number (xyp[0], &pt.x)
              || !parse_number (xyp[1], &pt.y)
              || !parse_number (xyp[2], &pt.pressure))
            {
              *ok = FALSE;
              return NULL;
            }
          g_array_append_val (stroke, pt);
        }
    }
  return g_steal_pointer (&strokes);
}

gboolean
dbo_store_write_member (DboStore *self, const DboMember *m, gint64 position, GError **error)
{
  DboBinder b = { dbo_db_insert (self, "members", member_columns, error), 0 };
  g_autofree char *strokes = NULL;

  if (b.st == NULL)
    return FALSE;
  if (m->id == NULL || *m->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save a panel member in %s: the member has no id", self->path);
      return FALSE;
    }
  strokes = strokes_to_text (m->strokes);
  dbo_bind_str (&b, m->id);
  dbo_bind_int (&b, position);
  dbo_bind_token (&b, dbo_member_kind_tokens, m->kind);
  dbo_bind_bool (&b, m->leader);
  dbo_bind_str (&b, m->name);
  dbo_bind_str (&b, m->unit);
  dbo_bind_str (&b, m->title);
  dbo_bind_str (&b, m->phone);
  dbo_bind_double (&b, m->sig_width_mm);
  dbo_bind_double (&b, m->sig_height_mm);
  dbo_bind_str (&b, m->sig_signed);
  dbo_bind_str (&b, strokes);
  return dbo_bind_run (self, &b, error);
}

gboolean
dbo_store_write_recommendation (DboStore *self, const DboRecommendation *rec, gint64 position,
                      GError **error)
{
  DboBinder b = { dbo_db_insert (self, "recommendations", recommendation_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  dbo_bind_str (&b, rec->object_id);
  dbo_bind_int (&b, position);
  dbo_bind_int (&b, rec->level);
  dbo_bind_str (&b, rec->reason);
  return dbo_bind_run (self, &b, error);
}

/* The recommendation's row must be there (its dissents go with it). */
gboolean
dbo_store_write_dissents (DboStore *self, const DboRecommendation *rec, GError **error)
{
  for (guint i = 0; rec->dissents != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);
      DboBinder b = { dbo_db_insert (self, "dissents", dissent_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      if (d->member_id == NULL || *d->member_id == '\0')
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                       "Could not save a dissent on “%s” in %s: it names no panel member",
                       rec->object_id, self->path);
          return FALSE;
        }
      dbo_bind_str (&b, rec->object_id);
      dbo_bind_int (&b, i);
      dbo_bind_str (&b, d->member_id);
      dbo_bind_str (&b, d->text);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* @id is the row id to use, or 0 for a new one. */
gboolean
dbo_store_write_review (DboStore *self, const DboReview *r, gint64 id, gint64 position, GError **error)
{
  DboBinder b = { dbo_db_insert (self, "reviews", review_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  if (id > 0)
    dbo_bind_int (&b, id);
  else
    dbo_bind_str (&b, NULL);
  dbo_bind_int (&b, position);
  dbo_bind_int (&b, r->round);
  dbo_bind_str (&b, r->authority);
  dbo_bind_str (&b, r->submitted);
  dbo_bind_str (&b, r->decided);
  if (r->has_outcome)
    dbo_bind_token (&b, dbo_outcome_tokens, r->outcome);
  else
    dbo_bind_str (&b, NULL);
  dbo_bind_str (&b, r->number);
  dbo_bind_str (&b, r->opinion);
  if (!dbo_bind_run (self, &b, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; r->levels != NULL && i < r->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, i);

      b = (DboBinder) { dbo_db_insert (self, "review_levels", review_level_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      dbo_bind_int (&b, id);
      dbo_bind_int (&b, i);
      dbo_bind_str (&b, l->object_id);
      dbo_bind_int (&b, l->value);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dbo_store_write_filing (DboStore *self, const DboFiling *f, GError **error)
{
  DboBinder b = { NULL, 0 };

  if (!dbo_db_exec (self, "DELETE FROM filing", error))
    return FALSE;
  if (f == NULL)
    return TRUE;
  b.st = dbo_db_insert (self, "filing", filing_columns, error);
  if (b.st == NULL)
    return FALSE;
  dbo_bind_int (&b, 1);
  dbo_bind_str (&b, f->office);
  dbo_bind_str (&b, f->submitted);
  dbo_bind_str (&b, f->certificate);
  dbo_bind_str (&b, f->certificate_date);
  return dbo_bind_run (self, &b, error);
}

gboolean
dbo_store_write_assessments (DboStore *self, GPtrArray *assessments, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM assessments", error))
    return FALSE;
  for (guint i = 0; assessments != NULL && i < assessments->len; i++)
    {
      const DboAssessment *a = g_ptr_array_index (assessments, i);
      DboBinder b = { dbo_db_insert (self, "assessments", assessment_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      dbo_bind_int (&b, i);
      dbo_bind_str (&b, a->object_id);
      dbo_bind_str (&b, a->date);
      dbo_bind_str (&b, a->body);
      dbo_bind_str (&b, a->report);
      if (!dbo_bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* Lists @a in the project at @position. Bytes already stored under the same
 * SHA-256 are kept when @a carries none (a project.xml names attachments
 * without their data). */
gboolean
dbo_store_write_attachment (DboStore *self, const DboAttachment *a, gint64 position, GError **error)
{
  static const char sql[] =
    "INSERT INTO attachments (sha256, listed, position, name, media_type, data)"
    " VALUES (?, 1, ?, ?, ?, ?)"
    " ON CONFLICT (sha256) DO UPDATE SET listed = 1, position = excluded.position,"
    " name = excluded.name, media_type = excluded.media_type,"
    " data = coalesce (excluded.data, data)";
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *st;

  if (a->data != NULL)
    {
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);
      if (a->sha256 != NULL && g_ascii_strcasecmp (a->sha256, sha256) != 0)
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                       "Could not store the attachment “%s” in %s: its data does not match "
                       "its SHA-256 %s", a->name != NULL ? a->name : "", self->path, a->sha256);
          return FALSE;
        }
    }
  else if (a->sha256 != NULL && *a->sha256 != '\0')
    sha256 = g_ascii_strdown (a->sha256, -1);
  else
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not store the attachment “%s” in %s: it has neither data nor a SHA-256",
                   a->name != NULL ? a->name : "", self->path);
      return FALSE;
    }

  st = dbo_db_stmt (self, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, position);
  if (a->name != NULL)
    sqlite3_bind_text (st, 3, a->name, -1, SQLITE_TRANSIENT);
  if (a->media_type != NULL)
    sqlite3_bind_text (st, 4, a->media_type, -1, SQLITE_TRANSIENT);
  if (a->data != NULL)
    {
      gsize len = 0;
      const void *data = g_bytes_get_data (a->data, &len);

      /* A zero-length blob must not be taken for "no data". */
      if (len == 0)
        sqlite3_bind_zeroblob (st, 5, 0);
      else
        sqlite3_bind_blob64 (st, 5, data, len, SQLITE_STATIC);
    }
  return dbo_db_run (self, st, error);
}

/* The parts schema version 2 added: dissents and the conclusion history. */
gboolean
dbo_store_write_v2_parts (DboStore *self, const DboProject *p, GError **error)
{
  if (!dbo_store_write_history (self, &p->panel, error))
    return FALSE;
  for (guint i = 0; p->panel.recommendations != NULL && i < p->panel.recommendations->len; i++)
    if (!dbo_store_write_dissents (self, g_ptr_array_index (p->panel.recommendations, i), error))
      return FALSE;
  return TRUE;
}

/* Writes the whole project into tables the caller has emptied, as far as
 * schema @version holds it. */
gboolean
dbo_store_write_content_at (DboStore *self, const DboProject *p, int version, GError **error)
{
  if (!write_meta (self, p, error)
      || !dbo_store_write_enterprise (self, &p->enterprise, error)
      || !dbo_store_write_panel (self, &p->panel, error)
      || !dbo_store_write_filing (self, p->has_filing ? &p->filing : NULL, error)
      || !dbo_store_write_assessments (self, p->assessments, error))
    return FALSE;
  for (guint i = 0; p->objects != NULL && i < p->objects->len; i++)
    if (!dbo_store_write_object (self, g_ptr_array_index (p->objects, i), i, version, error))
      return FALSE;
  for (guint i = 0; p->panel.members != NULL && i < p->panel.members->len; i++)
    if (!dbo_store_write_member (self, g_ptr_array_index (p->panel.members, i), i, error))
      return FALSE;
  for (guint i = 0; p->panel.recommendations != NULL && i < p->panel.recommendations->len; i++)
    if (!dbo_store_write_recommendation (self, g_ptr_array_index (p->panel.recommendations, i), i, error))
      return FALSE;
  for (guint i = 0; p->reviews != NULL && i < p->reviews->len; i++)
    if (!dbo_store_write_review (self, g_ptr_array_index (p->reviews, i), 0, i, error))
      return FALSE;
  for (guint i = 0; p->attachments != NULL && i < p->attachments->len; i++)
    if (!dbo_store_write_attachment (self, g_ptr_array_index (p->attachments, i), i, error))
      return FALSE;
  if (version >= 2 && !dbo_store_write_v2_parts (self, p, error))
    return FALSE;
  if (version >= 4 && !dbo_store_write_not_run (self, &p->enterprise, error))
    return FALSE;
  return TRUE;
}

gboolean
dbo_store_write_content (DboStore *self, const DboProject *p, GError **error)
{
  return dbo_store_write_content_at (self, p, DBO_STORE_SCHEMA_VERSION, error);
}

/* Drops the bytes of attachments neither the project nor any snapshot names
 * any more (a SHA-256 in hex cannot appear in a snapshot by chance). */
gboolean
dbo_store_purge_attachments (DboStore *self, GError **error)
{
  return dbo_db_exec (self, "DELETE FROM attachments WHERE NOT listed AND NOT EXISTS"
               " (SELECT 1 FROM snapshots WHERE instr (snapshots.xml, attachments.sha256) > 0)",
               error);
}

gboolean
dbo_store_replace_content (DboStore *self, const DboProject *p, GError **error)
{
  return dbo_db_exec (self, clear_content_sql, error)
    && dbo_store_write_content (self, p, error)
    && dbo_store_purge_attachments (self, error);
}

/* ---- reading the model ---- */

static gboolean
load_meta (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "meta", meta_columns, "", error);
  DboReader r = { self, st, "meta", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      dbo_reader_start_row (&r);
      r.c++;
      dbo_read_typed_into (&r, &p->id, "Id");
      dbo_read_typed_into (&r, &p->format_version, "FormatVersion");
      dbo_read_typed_into (&r, &p->ruleset, "Id");
      dbo_read_str_into (&r, &p->title);
    }
  return dbo_reader_finish (&r, rc, error);
}

static void
read_person (DboReader *r, DboPerson *person)
{
  dbo_read_str_into (r, &person->name);
  dbo_read_str_into (r, &person->title);
  dbo_read_str_into (r, &person->office_phone);
  dbo_read_str_into (r, &person->mobile);
  dbo_read_str_into (r, &person->email);
}

static gboolean
load_enterprise (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "enterprise", enterprise_columns, "", error);
  DboReader r = { self, st, "enterprise", 0, NULL };
  DboEnterprise *e = &p->enterprise;
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      dbo_reader_start_row (&r);
      r.c++;
      e->kind = dbo_read_token (&r, dbo_enterprise_kind_tokens);
      e->standardization = dbo_read_token (&r, dbo_standardization_tokens);
      dbo_read_str_into (&r, &e->name);
      dbo_read_str_into (&r, &e->credit_code);
      dbo_read_typed_into (&r, &e->city, "City");
      dbo_read_str_into (&r, &e->county);
      dbo_read_str_into (&r, &e->town);
      dbo_read_str_into (&r, &e->address_detail);
      dbo_read_str_into (&r, &e->postcode);
      dbo_read_str_into (&r, &e->division_code);
      dbo_read_str_into (&r, &e->group_company);
      read_person (&r, &e->head);
      dbo_read_str_into (&r, &e->department);
      read_person (&r, &e->contact);
      dbo_read_typed_into (&r, &e->affiliation_code, "Code12349");
      dbo_read_str_into (&r, &e->affiliation_other);
      dbo_read_typed_into (&r, &e->unit_type_code, "Code12349");
      dbo_read_str_into (&r, &e->unit_type_other);
      dbo_read_typed_into (&r, &e->industry_code, "Industry");
      dbo_read_str_into (&r, &e->industry_other);
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_not_run (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "not_run", not_run_columns, "", error);
  DboReader r = { self, st, "not_run", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int preset;

      dbo_reader_start_row (&r);
      preset = dbo_read_token (&r, dbo_preset_tokens);
      if (r.error != NULL)
        break;
      if (preset == DBO_PRESET_NONE)
        {
          dbo_reader_fail (&r, 0, "a value is missing");
          break;
        }
      p->enterprise.not_run |= 1u << preset;
    }
  return dbo_reader_finish (&r, rc, error);
}

/* Finds the object a child row belongs to. */
static DboObject *
reader_object (DboReader *r, GHashTable *objects)
{
  int c = r->c;
  g_autofree char *id = dbo_read_id (r);
  DboObject *o = id != NULL ? g_hash_table_lookup (objects, id) : NULL;

  if (o == NULL && r->error == NULL)
    dbo_reader_fail (r, c, "no object has the id “%s”", id);
  return o;
}

gboolean
dbo_store_load_objects (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  {
    g_auto(DboStmt) st = dbo_db_select (self, "objects", object_columns, "ORDER BY position, id",
                                     error);
    DboReader r = { self, st, "objects", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        g_autofree char *id = NULL;
        DboObject *o;

        dbo_reader_start_row (&r);
        id = dbo_read_id (&r);
        if (id == NULL)
          break;
        o = dbo_object_new (id);
        g_ptr_array_add (p->objects, o);
        if (id != NULL)
          g_hash_table_insert (by_id, o->id, o);
        r.c++;   /* position */
        o->number = dbo_read_str (&r);
        o->type = dbo_read_token (&r, dbo_object_type_tokens);
        o->status = dbo_read_token (&r, dbo_object_status_tokens);
        o->name = dbo_read_str (&r);
        o->preset = dbo_read_token (&r, dbo_preset_tokens);
        o->scope = dbo_read_token (&r, dbo_scope_tokens);
        o->aggregation_platform = dbo_read_bool (&r);
        o->department = dbo_read_str (&r);
        o->owner_name = dbo_read_str (&r);
        o->owner_phone = dbo_read_str (&r);
        o->operation_date = dbo_read_str (&r);
        o->business_types = dbo_read_typed (&r, "BusinessTypes", TRUE);
        o->business_other = dbo_read_str (&r);
        o->business_description = dbo_read_str (&r);
        o->service_scope = dbo_read_typed (&r, "ServiceScope", TRUE);
        o->service_scope_count = dbo_read_int (&r);
        o->service_targets = dbo_read_typed (&r, "Code1239", TRUE);
        o->service_other = dbo_read_str (&r);
        o->network_coverage = dbo_read_typed (&r, "Code1239", TRUE);
        o->network_nature = dbo_read_typed (&r, "Code129", TRUE);
        o->network_other = dbo_read_str (&r);
        o->interconnection_codes = dbo_read_typed (&r, "InterconnectionCodes", TRUE);
        o->interconnection_other = dbo_read_str (&r);
        o->assessment_body = dbo_read_str (&r);
        o->parent_name = dbo_read_str (&r);
        o->parent_unit = dbo_read_str (&r);
        o->drafted = dbo_read_str (&r);
        o->aspects[DBO_ASPECT_BUSINESS].description = dbo_read_str (&r);
        o->aspects[DBO_ASPECT_SERVICE].description = dbo_read_str (&r);
        o->override_level = dbo_read_int (&r);
        o->override_reason = dbo_read_str (&r);
        o->service_targets_other = dbo_read_str (&r);
        o->network_nature_other = dbo_read_str (&r);
        if (r.error != NULL)
          break;
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = dbo_db_select (self, "harms", harm_columns,
                                     "ORDER BY object_id, aspect, position", error);
    DboReader r = { self, st, "harms", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboHarm h;
        int aspect;

        dbo_reader_start_row (&r);
        o = reader_object (&r, by_id);
        aspect = dbo_read_token (&r, dbo_aspect_tokens);
        r.c++;   /* position */
        h.target = dbo_read_token (&r, dbo_target_tokens);
        h.degree = dbo_read_token (&r, dbo_degree_tokens);
        if (r.error != NULL)
          break;
        g_array_append_val (o->aspects[aspect].harms, h);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = dbo_db_select (self, "products", product_columns,
                                     "ORDER BY object_id, position", error);
    DboReader r = { self, st, "products", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboProduct *prod;

        dbo_reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        prod = dbo_product_new (dbo_read_token (&r, dbo_product_kind_tokens));
        prod->count = dbo_read_int (&r);
        prod->domestic = dbo_read_token (&r, dbo_domestic_tokens);
        prod->percent = dbo_read_int (&r);
        prod->other = dbo_read_str (&r);
        if (r.error != NULL)
          {
            dbo_product_free (prod);
            break;
          }
        g_ptr_array_add (o->products, prod);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = dbo_db_select (self, "services", service_columns,
                                     "ORDER BY object_id, position", error);
    DboReader r = { self, st, "services", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboServiceUse *s;

        dbo_reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        s = dbo_service_use_new (dbo_read_token (&r, dbo_service_kind_tokens));
        s->used = dbo_read_bool (&r);
        s->provider = dbo_read_token (&r, dbo_provider_tokens);
        s->other = dbo_read_str (&r);
        if (r.error != NULL)
          {
            dbo_service_use_free (s);
            break;
          }
        g_ptr_array_add (o->services, s);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = dbo_db_select (self, "materials", material_columns,
                                     "ORDER BY object_id, position", error);
    DboReader r = { self, st, "materials", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboMaterial *m;

        dbo_reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        m = dbo_material_new (0, FALSE, NULL);
        m->item = dbo_read_int (&r);
        m->present = dbo_read_bool (&r);
        m->attachment = dbo_read_sha256 (&r, TRUE);
        if (r.error != NULL)
          {
            dbo_material_free (m);
            break;
          }
        g_ptr_array_add (o->materials, m);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
load_panel (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "panel", panel_columns, "", error);
  DboReader r = { self, st, "panel", 0, NULL };
  DboPanel *panel = &p->panel;
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      dbo_reader_start_row (&r);
      r.c++;
      dbo_read_str_into (&r, &panel->date);
      dbo_read_str_into (&r, &panel->organiser);
      dbo_read_str_into (&r, &panel->location);
      panel->conclusion.present = dbo_read_bool (&r);
      panel->conclusion.materials_complete = dbo_read_bool (&r);
      panel->conclusion.division_reasonable = dbo_read_bool (&r);
      dbo_read_str_into (&r, &panel->conclusion.concluded);
      g_free (panel->conclusion.data_sha256);
      panel->conclusion.data_sha256 = dbo_read_sha256 (&r, TRUE);
      dbo_read_str_into (&r, &panel->conclusion.note);
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_history (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "previous_conclusions", previous_conclusion_columns,
                                   "ORDER BY position", error);
  DboReader r = { self, st, "previous_conclusions", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboPreviousConclusion *c = dbo_previous_conclusion_new ();

      g_ptr_array_add (p->panel.history, c);
      dbo_reader_start_row (&r);
      r.c++;
      c->materials_complete = dbo_read_bool (&r);
      c->division_reasonable = dbo_read_bool (&r);
      c->concluded = dbo_read_str (&r);
      c->data_sha256 = dbo_read_sha256 (&r, TRUE);
      c->note = dbo_read_str (&r);
      c->superseded = dbo_read_str (&r);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_members (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "members", member_columns, "ORDER BY position, id",
                                   error);
  DboReader r = { self, st, "members", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *id = NULL;
      g_autofree char *strokes = NULL;
      DboMember *m;

      dbo_reader_start_row (&r);
      id = dbo_read_id (&r);
      if (id == NULL)
        break;
      m = dbo_member_new (id);
      g_ptr_array_add (p->panel.members, m);
      r.c++;
      m->kind = dbo_read_token (&r, dbo_member_kind_tokens);
      m->leader = dbo_read_bool (&r);
      m->name = dbo_read_str (&r);
      m->unit = dbo_read_str (&r);
      m->title = dbo_read_str (&r);
      m->phone = dbo_read_str (&r);
      m->sig_width_mm = dbo_read_double (&r);
      m->sig_height_mm = dbo_read_double (&r);
      m->sig_signed = dbo_read_str (&r);
      strokes = dbo_read_str (&r);
      if (strokes != NULL)
        {
          gboolean ok;

          m->strokes = strokes_from_text (strokes, &ok);
          if (!ok)
            dbo_reader_fail (&r, r.c - 1, "the signature strokes of member “%s” are malformed",
                         id != NULL ? id : "");
        }
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_recommendations (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "recommendations", recommendation_columns,
                                   "ORDER BY position, object_id", error);
  DboReader r = { self, st, "recommendations", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboRecommendation *rec = dbo_recommendation_new (NULL, 0, NULL);

      dbo_reader_start_row (&r);
      rec->object_id = dbo_read_id (&r);
      r.c++;
      rec->level = dbo_read_int (&r);
      rec->reason = dbo_read_str (&r);
      g_ptr_array_add (p->panel.recommendations, rec);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

/* After the recommendations: each dissent joins its recommendation. */
static gboolean
load_dissents (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) recs = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(DboStmt) st = NULL;
  DboReader r = { self, NULL, "dissents", 0, NULL };
  int rc;

  for (guint i = 0; i < p->panel.recommendations->len; i++)
    {
      DboRecommendation *rec = g_ptr_array_index (p->panel.recommendations, i);

      if (rec->object_id != NULL)
        g_hash_table_insert (recs, rec->object_id, rec);
    }
  st = dbo_db_select (self, "dissents", dissent_columns, "ORDER BY object_id, position", error);
  if (st == NULL)
    return FALSE;
  r.st = st;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *object_id = NULL;
      DboRecommendation *rec;
      DboDissent *d;

      dbo_reader_start_row (&r);
      object_id = dbo_read_id (&r);
      r.c++;
      rec = object_id != NULL ? g_hash_table_lookup (recs, object_id) : NULL;
      if (r.error != NULL)
        break;
      if (rec == NULL)
        {
          dbo_reader_fail (&r, 0, "a dissent on “%s”, which has no recommendation",
                       object_id != NULL ? object_id : "");
          break;
        }
      d = dbo_dissent_new (NULL, NULL);
      g_ptr_array_add (rec->dissents, d);
      d->member_id = dbo_read_id (&r);
      d->text = dbo_read_str (&r);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_reviews (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  {
    g_auto(DboStmt) st = dbo_db_select (self, "reviews", review_columns, "ORDER BY position, id",
                                     error);
    DboReader r = { self, st, "reviews", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReview *review = dbo_review_new (0);
        gint64 id;
        int c;
        g_autofree char *outcome = NULL;

        g_ptr_array_add (p->reviews, review);
        dbo_reader_start_row (&r);
        id = dbo_read_int_range (&r, G_MININT64, G_MAXINT64);
        r.c++;
        review->round = dbo_read_int (&r);
        review->authority = dbo_read_typed (&r, "Authority", TRUE);
        review->submitted = dbo_read_str (&r);
        review->decided = dbo_read_str (&r);
        c = r.c;
        outcome = dbo_read_str (&r);
        if (outcome != NULL)
          {
            int v = dbo_token_lookup (dbo_outcome_tokens, outcome);

            if (v < 0)
              dbo_reader_fail (&r, c, "unknown value “%s”", outcome);
            review->has_outcome = TRUE;
            review->outcome = MAX (v, 0);
          }
        review->number = dbo_read_str (&r);
        review->opinion = dbo_read_str (&r);
        if (r.error != NULL)
          break;
        g_array_append_val (ids, id);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  /* Keys point into @ids, which no longer grows. */
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (p->reviews, i));

  {
    g_auto(DboStmt) st = dbo_db_select (self, "review_levels", review_level_columns,
                                     "ORDER BY review_id, position", error);
    DboReader r = { self, st, "review_levels", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReviewLevel level;
        DboReview *review;
        gint64 id;

        dbo_reader_start_row (&r);
        id = dbo_read_int_range (&r, G_MININT64, G_MAXINT64);
        review = g_hash_table_lookup (by_id, &id);
        if (review == NULL)
          dbo_reader_fail (&r, 0, "no review has the id %" G_GINT64_FORMAT, id);
        r.c++;
        level.object_id = dbo_read_id (&r);
        level.value = dbo_read_int (&r);
        if (r.error != NULL)
          {
            g_free (level.object_id);
            break;
          }
        g_array_append_val (review->levels, level);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
load_filing (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "filing", filing_columns, "", error);
  DboReader r = { self, st, "filing", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      dbo_reader_start_row (&r);
      r.c++;
      p->has_filing = TRUE;
      dbo_read_str_into (&r, &p->filing.office);
      dbo_read_str_into (&r, &p->filing.submitted);
      dbo_read_str_into (&r, &p->filing.certificate);
      dbo_read_str_into (&r, &p->filing.certificate_date);
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_assessments (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = dbo_db_select (self, "assessments", assessment_columns, "ORDER BY position",
                                   error);
  DboReader r = { self, st, "assessments", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboAssessment *a = dbo_assessment_new (NULL);

      g_ptr_array_add (p->assessments, a);
      dbo_reader_start_row (&r);
      r.c++;
      a->object_id = dbo_read_id (&r);
      a->date = dbo_read_str (&r);
      a->body = dbo_read_str (&r);
      a->report = dbo_read_str (&r);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_attachments (DboStore *self, DboProject *p, GError **error)
{
  static const char sql[] =
    "SELECT sha256, name, media_type, data FROM attachments WHERE listed"
    " ORDER BY position, sha256";
  g_auto(DboStmt) st = dbo_db_stmt (self, sql, error);
  DboReader r = { self, st, "attachments", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboAttachment *a = dbo_attachment_new (NULL, NULL, NULL);

      g_ptr_array_add (p->attachments, a);
      dbo_reader_start_row (&r);
      a->sha256 = dbo_read_sha256 (&r, FALSE);
      a->name = dbo_read_str (&r);
      a->media_type = dbo_read_str (&r);
      if (sqlite3_column_type (st, 3) != SQLITE_NULL)
        a->data = g_bytes_new (sqlite3_column_blob (st, 3), sqlite3_column_bytes (st, 3));
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

/* Reads the project inside the caller's transaction. */
DboProject *
dbo_store_load_content (DboStore *self, GError **error)
{
  g_autoptr(DboProject) p = dbo_project_new ();

  if (!load_meta (self, p, error)
      || !load_enterprise (self, p, error)
      || !load_not_run (self, p, error)
      || !dbo_store_load_objects (self, p, error)
      || !load_panel (self, p, error)
      || !load_history (self, p, error)
      || !load_members (self, p, error)
      || !load_recommendations (self, p, error)
      || !load_dissents (self, p, error)
      || !load_reviews (self, p, error)
      || !load_filing (self, p, error)
      || !load_assessments (self, p, error)
      || !load_attachments (self, p, error))
    return NULL;
  return g_steal_pointer (&p);
}
