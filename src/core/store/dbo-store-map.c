#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

/* The store keeps the model in tables that mirror it one to one. Enumerations
 * are kept as their project.xml tokens so the file can be read with any SQLite
 * tool; "" and NULL strings are both kept as they are, so a load gives back
 * exactly what was saved.
 *
 * Each table is described once, column by column in the file's order
 * (DboColumn): inserts, selects, binding and reading all walk that list,
 * and the tests hold it against the schema of dbo-store-schema.c. */

/* Tokens are read and written through an int. */
G_STATIC_ASSERT (sizeof (DboEnterpriseKind) == sizeof (int));
G_STATIC_ASSERT (sizeof (DboObjectType) == sizeof (int));
G_STATIC_ASSERT (sizeof (DboPreset) == sizeof (int));
G_STATIC_ASSERT (sizeof (DboTarget) == sizeof (int));
G_STATIC_ASSERT (sizeof (DboProvider) == sizeof (int));
G_STATIC_ASSERT (sizeof (DboOutcome) == sizeof (int));

static void bind_strokes (DboBinder *b, gconstpointer record);
static void read_strokes (DboReader *r, gpointer record);

/* Descriptors for the record type T. */
#define SINGLETON(column)       { column, DBO_COLUMN_SINGLETON }
#define POSITION(column)        { column, DBO_COLUMN_POSITION }
#define PARENT(column)          { column, DBO_COLUMN_PARENT }
#define GROUP(column, tokens)   { column, DBO_COLUMN_GROUP, 0, tokens }
#define ROWID(column)           { column, DBO_COLUMN_ROWID }
#define PARENT_ROWID(column)    { column, DBO_COLUMN_PARENT_ROWID }
#define STR(column, field)      { column, DBO_COLUMN_STR, offsetof (T, field) }
#define TYPED(column, field, type) { column, DBO_COLUMN_TYPED, offsetof (T, field), NULL, type }
#define ID(column, field)       { column, DBO_COLUMN_ID, offsetof (T, field) }
#define SHA256(column, field)   { column, DBO_COLUMN_SHA256, offsetof (T, field) }
#define INT(column, field)      { column, DBO_COLUMN_INT, offsetof (T, field) }
#define BOOL(column, field)     { column, DBO_COLUMN_BOOL, offsetof (T, field) }
#define DOUBLE(column, field)   { column, DBO_COLUMN_DOUBLE, offsetof (T, field) }
#define TOKEN(column, field, tokens) { column, DBO_COLUMN_TOKEN, offsetof (T, field), tokens }
#define OPTIONAL_TOKEN(column, field, tokens, flag_field) \
  { column, DBO_COLUMN_OPTIONAL_TOKEN, offsetof (T, field), tokens, NULL, offsetof (T, flag_field) }
#define STR_SINCE(column, field, format) \
  { column, DBO_COLUMN_STR, offsetof (T, field), NULL, NULL, 0, format }
#define CUSTOM(column, bind, read) { column, DBO_COLUMN_CUSTOM, 0, NULL, NULL, 0, 0, bind, read }
#define TABLE(name, columns) { name, columns, G_N_ELEMENTS (columns) }

#define T DboProject
static const DboColumn meta_columns[] = {
  SINGLETON ("singleton"),
  TYPED ("id", id, "Id"),
  TYPED ("format_version", format_version, "FormatVersion"),
  TYPED ("ruleset", ruleset, "Id"),
  STR ("title", title),
};
#undef T

#define T DboEnterprise
static const DboColumn enterprise_columns[] = {
  SINGLETON ("singleton"),
  TOKEN ("kind", kind, dbo_enterprise_kind_tokens),
  TOKEN ("standardization", standardization, dbo_standardization_tokens),
  STR ("name", name),
  STR ("credit_code", credit_code),
  TYPED ("city", city, "City"),
  STR ("county", county),
  STR ("town", town),
  STR ("address_detail", address_detail),
  STR ("postcode", postcode),
  STR ("division_code", division_code),
  STR ("group_company", group_company),
  STR ("head_name", head.name),
  STR ("head_title", head.title),
  STR ("head_office_phone", head.office_phone),
  STR ("head_mobile", head.mobile),
  STR ("head_email", head.email),
  STR ("department", department),
  STR ("contact_name", contact.name),
  STR ("contact_title", contact.title),
  STR ("contact_office_phone", contact.office_phone),
  STR ("contact_mobile", contact.mobile),
  STR ("contact_email", contact.email),
  TYPED ("affiliation_code", affiliation_code, "Code12349"),
  STR ("affiliation_other", affiliation_other),
  TYPED ("unit_type_code", unit_type_code, "Code12349"),
  STR ("unit_type_other", unit_type_other),
  TYPED ("industry_code", industry_code, "Industry"),
  STR ("industry_other", industry_other),
};
#undef T

/* One row per named system the enterprise does not run (format 4); written
 * and read from DboEnterprise.not_run by hand. */
static const DboColumn not_run_columns[] = {
  { "preset", DBO_COLUMN_TOKEN, 0, dbo_preset_tokens },
};

#define T DboObject
static const DboColumn object_columns[] = {
  ID ("id", id),
  POSITION ("position"),
  STR ("number", number),
  TOKEN ("type", type, dbo_object_type_tokens),
  TOKEN ("status", status, dbo_object_status_tokens),
  STR ("name", name),
  TOKEN ("preset", preset, dbo_preset_tokens),
  TOKEN ("scope", scope, dbo_scope_tokens),
  BOOL ("aggregation_platform", aggregation_platform),
  STR ("department", department),
  STR ("owner_name", owner_name),
  STR ("owner_phone", owner_phone),
  STR ("operation_date", operation_date),
  TYPED ("business_types", business_types, "BusinessTypes"),
  STR ("business_other", business_other),
  STR ("business_description", business_description),
  TYPED ("service_scope", service_scope, "ServiceScope"),
  INT ("service_scope_count", service_scope_count),
  TYPED ("service_targets", service_targets, "Code1239"),
  STR ("service_other", service_other),
  TYPED ("network_coverage", network_coverage, "Code1239"),
  TYPED ("network_nature", network_nature, "Code129"),
  STR ("network_other", network_other),
  TYPED ("interconnection_codes", interconnection_codes, "InterconnectionCodes"),
  STR ("interconnection_other", interconnection_other),
  STR ("assessment_body", assessment_body),
  STR ("parent_name", parent_name),
  STR ("parent_unit", parent_unit),
  STR ("drafted", drafted),
  STR ("business_grading_description", aspects[DBO_ASPECT_BUSINESS].description),
  STR ("service_grading_description", aspects[DBO_ASPECT_SERVICE].description),
  INT ("override_level", override_level),
  STR ("override_reason", override_reason),
  /* Added by format 3 at the end, as ALTER TABLE adds them. */
  STR_SINCE ("service_targets_other", service_targets_other, 3),
  STR_SINCE ("network_nature_other", network_nature_other, 3),
};
#undef T
G_STATIC_ASSERT (DBO_N_ASPECTS == 2);

#define T DboHarm
static const DboColumn harm_columns[] = {
  PARENT ("object_id"),
  GROUP ("aspect", dbo_aspect_tokens),
  POSITION ("position"),
  TOKEN ("target", target, dbo_target_tokens),
  TOKEN ("degree", degree, dbo_degree_tokens),
};
#undef T

#define T DboProduct
static const DboColumn product_columns[] = {
  PARENT ("object_id"),
  POSITION ("position"),
  TOKEN ("kind", kind, dbo_product_kind_tokens),
  INT ("count", count),
  TOKEN ("domestic", domestic, dbo_domestic_tokens),
  INT ("percent", percent),
  STR ("other", other),
};
#undef T

#define T DboServiceUse
static const DboColumn service_columns[] = {
  PARENT ("object_id"),
  POSITION ("position"),
  TOKEN ("kind", kind, dbo_service_kind_tokens),
  BOOL ("used", used),
  TOKEN ("provider", provider, dbo_provider_tokens),
  STR ("other", other),
};
#undef T

#define T DboMaterial
static const DboColumn material_columns[] = {
  PARENT ("object_id"),
  POSITION ("position"),
  INT ("item", item),
  BOOL ("present", present),
  SHA256 ("attachment", attachment),
};
#undef T

#define T DboPanel
static const DboColumn panel_columns[] = {
  SINGLETON ("singleton"),
  STR ("date", date),
  STR ("organiser", organiser),
  STR ("location", location),
  BOOL ("concluded_present", conclusion.present),
  BOOL ("materials_complete", conclusion.materials_complete),
  BOOL ("division_reasonable", conclusion.division_reasonable),
  STR ("concluded", conclusion.concluded),
  SHA256 ("data_sha256", conclusion.data_sha256),
  STR ("note", conclusion.note),
};
#undef T

#define T DboPreviousConclusion
static const DboColumn previous_conclusion_columns[] = {
  POSITION ("position"),
  BOOL ("materials_complete", materials_complete),
  BOOL ("division_reasonable", division_reasonable),
  STR ("concluded", concluded),
  SHA256 ("data_sha256", data_sha256),
  STR ("note", note),
  STR ("superseded", superseded),
};
#undef T

#define T DboMember
static const DboColumn member_columns[] = {
  ID ("id", id),
  POSITION ("position"),
  TOKEN ("kind", kind, dbo_member_kind_tokens),
  BOOL ("leader", leader),
  STR ("name", name),
  STR ("unit", unit),
  STR ("title", title),
  STR ("phone", phone),
  DOUBLE ("sig_width_mm", sig_width_mm),
  DOUBLE ("sig_height_mm", sig_height_mm),
  STR ("sig_signed", sig_signed),
  /* "x,y,p x,y,p;x,y,p …" in millimetres; NULL = not signed on screen. */
  CUSTOM ("strokes", bind_strokes, read_strokes),
};
#undef T

#define T DboRecommendation
static const DboColumn recommendation_columns[] = {
  ID ("object_id", object_id),
  POSITION ("position"),
  INT ("level", level),
  STR ("reason", reason),
};
#undef T

#define T DboDissent
static const DboColumn dissent_columns[] = {
  PARENT ("object_id"),
  POSITION ("position"),
  ID ("member_id", member_id),
  STR ("text", text),
};
#undef T

#define T DboReview
static const DboColumn review_columns[] = {
  ROWID ("id"),
  POSITION ("position"),
  INT ("round", round),
  TYPED ("authority", authority, "Authority"),
  STR ("submitted", submitted),
  STR ("decided", decided),
  OPTIONAL_TOKEN ("outcome", outcome, dbo_outcome_tokens, has_outcome),
  STR ("number", number),
  STR ("opinion", opinion),
};
#undef T

#define T DboReviewLevel
static const DboColumn review_level_columns[] = {
  PARENT_ROWID ("review_id"),
  POSITION ("position"),
  ID ("object_id", object_id),
  INT ("value", value),
};
#undef T

#define T DboFiling
static const DboColumn filing_columns[] = {
  SINGLETON ("singleton"),
  STR ("office", office),
  STR ("submitted", submitted),
  STR ("certificate", certificate),
  STR ("certificate_date", certificate_date),
};
#undef T

#define T DboAssessment
static const DboColumn assessment_columns[] = {
  POSITION ("position"),
  ID ("object_id", object_id),
  STR ("date", date),
  STR ("body", body),
  STR ("report", report),
};
#undef T

static const DboTable meta_table = TABLE ("meta", meta_columns);
static const DboTable enterprise_table = TABLE ("enterprise", enterprise_columns);
static const DboTable not_run_table = TABLE ("not_run", not_run_columns);
static const DboTable object_table = TABLE ("objects", object_columns);
static const DboTable harm_table = TABLE ("harms", harm_columns);
static const DboTable product_table = TABLE ("products", product_columns);
static const DboTable service_table = TABLE ("services", service_columns);
static const DboTable material_table = TABLE ("materials", material_columns);
static const DboTable panel_table = TABLE ("panel", panel_columns);
static const DboTable previous_conclusion_table = TABLE ("previous_conclusions",
                                                         previous_conclusion_columns);
static const DboTable member_table = TABLE ("members", member_columns);
static const DboTable recommendation_table = TABLE ("recommendations", recommendation_columns);
static const DboTable dissent_table = TABLE ("dissents", dissent_columns);
static const DboTable review_table = TABLE ("reviews", review_columns);
static const DboTable review_level_table = TABLE ("review_levels", review_level_columns);
static const DboTable filing_table = TABLE ("filing", filing_columns);
static const DboTable assessment_table = TABLE ("assessments", assessment_columns);

const DboTable * const dbo_store_tables[] = {
  &meta_table, &enterprise_table, &not_run_table, &object_table, &harm_table, &product_table,
  &service_table, &material_table, &panel_table, &previous_conclusion_table, &member_table,
  &recommendation_table, &dissent_table, &review_table, &review_level_table, &filing_table,
  &assessment_table, NULL
};

/* The tables that hold the project (snapshots are not part of it). Children
 * go with their parents through ON DELETE CASCADE. */
static const char clear_content_sql[] =
  "DELETE FROM meta; DELETE FROM enterprise; DELETE FROM objects; DELETE FROM panel;"
  "DELETE FROM members; DELETE FROM recommendations; DELETE FROM reviews;"
  "DELETE FROM filing; DELETE FROM assessments; DELETE FROM previous_conclusions;"
  "UPDATE attachments SET listed = 0, position = 0;";

/* ---- rows from descriptors ---- */

/* The names of @t's columns that format @version has, NULL-terminated. */
static const char **
column_names (const DboTable *t, int version)
{
  const char **names = g_new0 (const char *, t->n_columns + 1);
  guint n = 0;

  for (guint i = 0; i < t->n_columns; i++)
    if (t->columns[i].since <= version)
      names[n++] = t->columns[i].name;
  return names;
}

static sqlite3_stmt *
table_select (DboStore *self, const DboTable *t, const char *tail, GError **error)
{
  g_autofree const char **names = column_names (t, DBO_STORE_SCHEMA_VERSION);

  return dbo_db_select (self, t->name, names, tail, error);
}

static sqlite3_stmt *
table_insert (DboStore *self, const DboTable *t, int version, GError **error)
{
  g_autofree const char **names = column_names (t, version);

  return dbo_db_insert (self, t->name, names, error);
}

static void
bind_row (DboBinder *b, const DboTable *t, gconstpointer record, const DboRowContext *ctx,
          int version)
{
  static const DboRowContext none = { 0 };

  if (ctx == NULL)
    ctx = &none;
  for (guint i = 0; i < t->n_columns; i++)
    {
      const DboColumn *col = &t->columns[i];
      const guchar *at = (const guchar *) record + col->offset;

      if (col->since > version)
        continue;
      switch (col->kind)
        {
        case DBO_COLUMN_SINGLETON:
          dbo_bind_int (b, 1);
          break;
        case DBO_COLUMN_POSITION:
          dbo_bind_int (b, ctx->position);
          break;
        case DBO_COLUMN_PARENT:
          dbo_bind_str (b, ctx->parent);
          break;
        case DBO_COLUMN_GROUP:
          dbo_bind_token (b, col->tokens, ctx->group);
          break;
        case DBO_COLUMN_ROWID:
          if (ctx->rowid > 0)
            dbo_bind_int (b, ctx->rowid);
          else
            dbo_bind_str (b, NULL);
          break;
        case DBO_COLUMN_PARENT_ROWID:
          dbo_bind_int (b, ctx->rowid);
          break;
        case DBO_COLUMN_STR:
        case DBO_COLUMN_TYPED:
        case DBO_COLUMN_ID:
        case DBO_COLUMN_SHA256:
          dbo_bind_str (b, *(char * const *) at);
          break;
        case DBO_COLUMN_INT:
          dbo_bind_int (b, *(const int *) at);
          break;
        case DBO_COLUMN_BOOL:
          dbo_bind_bool (b, *(const gboolean *) at);
          break;
        case DBO_COLUMN_DOUBLE:
          dbo_bind_double (b, *(const double *) at);
          break;
        case DBO_COLUMN_TOKEN:
          dbo_bind_token (b, col->tokens, *(const int *) at);
          break;
        case DBO_COLUMN_OPTIONAL_TOKEN:
          if (*(const gboolean *) ((const guchar *) record + col->flag))
            dbo_bind_token (b, col->tokens, *(const int *) at);
          else
            dbo_bind_str (b, NULL);
          break;
        case DBO_COLUMN_CUSTOM:
          col->bind (b, record);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Inserts one row of @t for @record, as far as format @version has columns. */
static gboolean
insert_row (DboStore *self, const DboTable *t, gconstpointer record, const DboRowContext *ctx,
            int version, GError **error)
{
  DboBinder b = { table_insert (self, t, version, error), 0 };

  if (b.st == NULL)
    return FALSE;
  bind_row (&b, t, record, ctx, version);
  return dbo_bind_run (self, &b, error);
}

static void
replace_str (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

/* Reads the rest of the row, from column r->c on, into @record: the
 * columns of the row's place that the caller did not read are skipped. */
static void
read_row (DboReader *r, const DboTable *t, gpointer record)
{
  while ((guint) r->c < t->n_columns)
    {
      const DboColumn *col = &t->columns[r->c];
      guchar *at = (guchar *) record + col->offset;

      switch (col->kind)
        {
        case DBO_COLUMN_SINGLETON:
        case DBO_COLUMN_POSITION:
        case DBO_COLUMN_PARENT:
        case DBO_COLUMN_GROUP:
        case DBO_COLUMN_ROWID:
        case DBO_COLUMN_PARENT_ROWID:
          r->c++;
          break;
        case DBO_COLUMN_STR:
          replace_str ((char **) at, dbo_read_str (r));
          break;
        case DBO_COLUMN_TYPED:
          replace_str ((char **) at, dbo_read_typed (r, col->type, TRUE));
          break;
        case DBO_COLUMN_ID:
          replace_str ((char **) at, dbo_read_id (r));
          break;
        case DBO_COLUMN_SHA256:
          replace_str ((char **) at, dbo_read_sha256 (r, TRUE));
          break;
        case DBO_COLUMN_INT:
          *(int *) at = dbo_read_int (r);
          break;
        case DBO_COLUMN_BOOL:
          *(gboolean *) at = dbo_read_bool (r);
          break;
        case DBO_COLUMN_DOUBLE:
          *(double *) at = dbo_read_double (r);
          break;
        case DBO_COLUMN_TOKEN:
          *(int *) at = dbo_read_token (r, col->tokens);
          break;
        case DBO_COLUMN_OPTIONAL_TOKEN:
          {
            int c = r->c;
            g_autofree char *token = dbo_read_str (r);
            gboolean *has = (gboolean *) ((guchar *) record + col->flag);

            *has = token != NULL;
            if (token != NULL)
              {
                int v = dbo_token_lookup (col->tokens, token);

                if (v < 0)
                  dbo_reader_fail (r, c, _("unknown value “%s”"), token);
                *(int *) at = MAX (v, 0);
              }
          }
          break;
        case DBO_COLUMN_CUSTOM:
          col->read (r, record);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---- writing the model ---- */

static gboolean
write_meta (DboStore *self, const DboProject *p, GError **error)
{
  return insert_row (self, &meta_table, p, NULL, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_write_enterprise (DboStore *self, const DboEnterprise *e, GError **error)
{
  return dbo_db_exec (self, "DELETE FROM enterprise", error)
    && insert_row (self, &enterprise_table, e, NULL, DBO_STORE_SCHEMA_VERSION, error);
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
      b.st = table_insert (self, &not_run_table, DBO_STORE_SCHEMA_VERSION, error);
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
  DboRowContext ctx = { position };

  if (o->id == NULL || *o->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   _("Could not save an object in %s: the object has no id"), self->path);
      return FALSE;
    }
  if (!insert_row (self, &object_table, o, &ctx, version, error))
    return FALSE;

  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      GArray *harms = o->aspects[a].harms;

      for (guint i = 0; harms != NULL && i < harms->len; i++)
        {
          ctx = (DboRowContext) { .position = i, .parent = o->id, .group = a };
          if (!insert_row (self, &harm_table, &g_array_index (harms, DboHarm, i), &ctx, version,
                           error))
            return FALSE;
        }
    }
  for (guint i = 0; o->products != NULL && i < o->products->len; i++)
    {
      ctx = (DboRowContext) { .position = i, .parent = o->id };
      if (!insert_row (self, &product_table, o->products->pdata[i], &ctx, version, error))
        return FALSE;
    }
  for (guint i = 0; o->services != NULL && i < o->services->len; i++)
    {
      ctx = (DboRowContext) { .position = i, .parent = o->id };
      if (!insert_row (self, &service_table, o->services->pdata[i], &ctx, version, error))
        return FALSE;
    }
  for (guint i = 0; o->materials != NULL && i < o->materials->len; i++)
    {
      ctx = (DboRowContext) { .position = i, .parent = o->id };
      if (!insert_row (self, &material_table, o->materials->pdata[i], &ctx, version, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dbo_store_write_panel (DboStore *self, const DboPanel *panel, GError **error)
{
  return dbo_db_exec (self, "DELETE FROM panel", error)
    && insert_row (self, &panel_table, panel, NULL, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_write_history (DboStore *self, const DboPanel *panel, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM previous_conclusions", error))
    return FALSE;
  for (guint i = 0; panel->history != NULL && i < panel->history->len; i++)
    {
      DboRowContext ctx = { .position = i };

      if (!insert_row (self, &previous_conclusion_table, panel->history->pdata[i], &ctx,
                       DBO_STORE_SCHEMA_VERSION, error))
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

static void
bind_strokes (DboBinder *b, gconstpointer record)
{
  const DboMember *m = record;
  g_autofree char *text = strokes_to_text (m->strokes);

  dbo_bind_str (b, text);
}

static void
read_strokes (DboReader *r, gpointer record)
{
  DboMember *m = record;
  int c = r->c;
  g_autofree char *text = dbo_read_str (r);
  gboolean ok;

  if (text == NULL)
    return;
  g_clear_pointer (&m->strokes, g_ptr_array_unref);
  m->strokes = strokes_from_text (text, &ok);
  if (!ok)
    dbo_reader_fail (r, c, _("the signature strokes of member “%s” are malformed"),
                     m->id != NULL ? m->id : "");
}

gboolean
dbo_store_write_member (DboStore *self, const DboMember *m, gint64 position, GError **error)
{
  DboRowContext ctx = { .position = position };

  if (m->id == NULL || *m->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   _("Could not save a panel member in %s: the member has no id"), self->path);
      return FALSE;
    }
  return insert_row (self, &member_table, m, &ctx, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_write_recommendation (DboStore *self, const DboRecommendation *rec, gint64 position,
                                GError **error)
{
  DboRowContext ctx = { .position = position };

  return insert_row (self, &recommendation_table, rec, &ctx, DBO_STORE_SCHEMA_VERSION, error);
}

/* The recommendation's row must be there (its dissents go with it). */
gboolean
dbo_store_write_dissents (DboStore *self, const DboRecommendation *rec, GError **error)
{
  for (guint i = 0; rec->dissents != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);
      DboRowContext ctx = { .position = i, .parent = rec->object_id };

      if (d->member_id == NULL || *d->member_id == '\0')
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                       _("Could not save a dissent on “%s” in %s: it names no panel member"),
                       rec->object_id, self->path);
          return FALSE;
        }
      if (!insert_row (self, &dissent_table, d, &ctx, DBO_STORE_SCHEMA_VERSION, error))
        return FALSE;
    }
  return TRUE;
}

/* @id is the row id to use, or 0 for a new one. */
gboolean
dbo_store_write_review (DboStore *self, const DboReview *r, gint64 id, gint64 position, GError **error)
{
  DboRowContext ctx = { .position = position, .rowid = id };

  if (!insert_row (self, &review_table, r, &ctx, DBO_STORE_SCHEMA_VERSION, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; r->levels != NULL && i < r->levels->len; i++)
    {
      ctx = (DboRowContext) { .position = i, .rowid = id };
      if (!insert_row (self, &review_level_table, &g_array_index (r->levels, DboReviewLevel, i),
                       &ctx, DBO_STORE_SCHEMA_VERSION, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dbo_store_write_filing (DboStore *self, const DboFiling *f, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM filing", error))
    return FALSE;
  if (f == NULL)
    return TRUE;
  return insert_row (self, &filing_table, f, NULL, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_write_assessments (DboStore *self, GPtrArray *assessments, GError **error)
{
  if (!dbo_db_exec (self, "DELETE FROM assessments", error))
    return FALSE;
  for (guint i = 0; assessments != NULL && i < assessments->len; i++)
    {
      DboRowContext ctx = { .position = i };

      if (!insert_row (self, &assessment_table, assessments->pdata[i], &ctx,
                       DBO_STORE_SCHEMA_VERSION, error))
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
                       _("Could not store the attachment “%s” in %s: its data does not match "
                       "its SHA-256 %s"), a->name != NULL ? a->name : "", self->path, a->sha256);
          return FALSE;
        }
    }
  else if (a->sha256 != NULL && *a->sha256 != '\0')
    sha256 = g_ascii_strdown (a->sha256, -1);
  else
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   _("Could not store the attachment “%s” in %s: it has neither data nor a SHA-256"),
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

/* Reads the one row of a table of one row into @record (no row: nothing). */
static gboolean
load_single (DboStore *self, const DboTable *t, gpointer record, gboolean *found, GError **error)
{
  g_auto(DboStmt) st = table_select (self, t, "", error);
  DboReader r = { self, st, t->name, 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      dbo_reader_start_row (&r);
      if (found != NULL)
        *found = TRUE;
      read_row (&r, t, record);
    }
  return dbo_reader_finish (&r, rc, error);
}

static gboolean
load_meta (DboStore *self, DboProject *p, GError **error)
{
  return load_single (self, &meta_table, p, NULL, error);
}

static gboolean
load_enterprise (DboStore *self, DboProject *p, GError **error)
{
  return load_single (self, &enterprise_table, &p->enterprise, NULL, error);
}

static gboolean
load_not_run (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = table_select (self, &not_run_table, "", error);
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
          dbo_reader_fail (&r, 0, _("a value is missing"));
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
    dbo_reader_fail (r, c, _("no object has the id “%s”"), id);
  return o;
}

static gpointer
new_product (void)
{
  return dbo_product_new (0);
}

static gpointer
new_service_use (void)
{
  return dbo_service_use_new (0);
}

static gpointer
new_material (void)
{
  return dbo_material_new (0, FALSE, NULL);
}

/* Rows of @t (object_id, position, fields…) into the list at @list_offset
 * of the object each names. */
static gboolean
load_object_list (DboStore *self, const DboTable *t, GHashTable *by_id, glong list_offset,
                  gpointer (*new_record) (void), GDestroyNotify free_record, GError **error)
{
  g_auto(DboStmt) st = table_select (self, t, "ORDER BY object_id, position", error);
  DboReader r = { self, st, t->name, 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboObject *o;
      gpointer record;

      dbo_reader_start_row (&r);
      o = reader_object (&r, by_id);
      record = new_record ();
      read_row (&r, t, record);
      if (r.error != NULL)
        {
          free_record (record);
          break;
        }
      g_ptr_array_add (G_STRUCT_MEMBER (GPtrArray *, o, list_offset), record);
    }
  return dbo_reader_finish (&r, rc, error);
}

/* Every row of @t in @order, each a record from @new_record added to @list. */
static gboolean
load_list (DboStore *self, const DboTable *t, const char *order, GPtrArray *list,
           gpointer (*new_record) (void), GError **error)
{
  g_auto(DboStmt) st = table_select (self, t, order, error);
  DboReader r = { self, st, t->name, 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gpointer record = new_record ();

      g_ptr_array_add (list, record);
      dbo_reader_start_row (&r);
      read_row (&r, t, record);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

gboolean
dbo_store_load_objects (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  {
    g_auto(DboStmt) st = table_select (self, &object_table, "ORDER BY position, id", error);
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
        g_hash_table_insert (by_id, o->id, o);
        read_row (&r, &object_table, o);
        if (r.error != NULL)
          break;
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = table_select (self, &harm_table, "ORDER BY object_id, aspect, position",
                                       error);
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
        read_row (&r, &harm_table, &h);
        if (r.error != NULL)
          break;
        g_array_append_val (o->aspects[aspect].harms, h);
      }
    if (!dbo_reader_finish (&r, rc, error))
      return FALSE;
  }

  return load_object_list (self, &product_table, by_id, G_STRUCT_OFFSET (DboObject, products),
                           new_product, (GDestroyNotify) dbo_product_free, error)
    && load_object_list (self, &service_table, by_id, G_STRUCT_OFFSET (DboObject, services),
                         new_service_use, (GDestroyNotify) dbo_service_use_free, error)
    && load_object_list (self, &material_table, by_id, G_STRUCT_OFFSET (DboObject, materials),
                         new_material, (GDestroyNotify) dbo_material_free, error);
}

static gboolean
load_panel (DboStore *self, DboProject *p, GError **error)
{
  return load_single (self, &panel_table, &p->panel, NULL, error);
}

static gpointer
new_previous_conclusion (void)
{
  return dbo_previous_conclusion_new ();
}

static gboolean
load_history (DboStore *self, DboProject *p, GError **error)
{
  return load_list (self, &previous_conclusion_table, "ORDER BY position", p->panel.history,
                    new_previous_conclusion, error);
}

static gboolean
load_members (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = table_select (self, &member_table, "ORDER BY position, id", error);
  DboReader r = { self, st, "members", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *id = NULL;
      DboMember *m;

      dbo_reader_start_row (&r);
      id = dbo_read_id (&r);
      if (id == NULL)
        break;
      m = dbo_member_new (id);
      g_ptr_array_add (p->panel.members, m);
      read_row (&r, &member_table, m);
      if (r.error != NULL)
        break;
    }
  return dbo_reader_finish (&r, rc, error);
}

static gpointer
new_recommendation (void)
{
  return dbo_recommendation_new (NULL, 0, NULL);
}

static gboolean
load_recommendations (DboStore *self, DboProject *p, GError **error)
{
  return load_list (self, &recommendation_table, "ORDER BY position, object_id",
                    p->panel.recommendations, new_recommendation, error);
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
  st = table_select (self, &dissent_table, "ORDER BY object_id, position", error);
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
      rec = object_id != NULL ? g_hash_table_lookup (recs, object_id) : NULL;
      if (r.error != NULL)
        break;
      if (rec == NULL)
        {
          dbo_reader_fail (&r, 0, _("a dissent on “%s”, which has no recommendation"),
                           object_id != NULL ? object_id : "");
          break;
        }
      d = dbo_dissent_new (NULL, NULL);
      g_ptr_array_add (rec->dissents, d);
      read_row (&r, &dissent_table, d);
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
    g_auto(DboStmt) st = table_select (self, &review_table, "ORDER BY position, id", error);
    DboReader r = { self, st, "reviews", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReview *review = dbo_review_new (0);
        gint64 id;

        g_ptr_array_add (p->reviews, review);
        dbo_reader_start_row (&r);
        id = dbo_read_int_range (&r, G_MININT64, G_MAXINT64);
        read_row (&r, &review_table, review);
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
    g_auto(DboStmt) st = table_select (self, &review_level_table, "ORDER BY review_id, position",
                                       error);
    DboReader r = { self, st, "review_levels", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReviewLevel level = { NULL, 0 };
        DboReview *review;
        gint64 id;

        dbo_reader_start_row (&r);
        id = dbo_read_int_range (&r, G_MININT64, G_MAXINT64);
        review = g_hash_table_lookup (by_id, &id);
        if (review == NULL)
          {
            g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, id);

            dbo_reader_fail (&r, 0, _("no review has the id %s"), shown);
          }
        read_row (&r, &review_level_table, &level);
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
  return load_single (self, &filing_table, &p->filing, &p->has_filing, error);
}

static gpointer
new_assessment (void)
{
  return dbo_assessment_new (NULL);
}

static gboolean
load_assessments (DboStore *self, DboProject *p, GError **error)
{
  return load_list (self, &assessment_table, "ORDER BY position", p->assessments, new_assessment,
                    error);
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
