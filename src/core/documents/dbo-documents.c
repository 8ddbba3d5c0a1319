#define G_LOG_DOMAIN "dengbao-documents"
#include "config.h"
#include "dbo-documents.h"
#include "dbo-pdf-pack.h"

#include "dbo-checks.h"
#include "dbo-doc-private.h"

#include <string.h>
#include <cairo-pdf.h>

G_DEFINE_QUARK (dbo-document-error-quark, dbo_document_error)

struct _DboDocument {
  DboDocKind kind;
  DboLayout *layout;
  char *title;
  char *subject;
  char *author;
  char *date;                   /* ISO 8601, from the project */
  gboolean draft;
  GPtrArray *problems;          /* of char*: the errors a draft was made with */
};

static const struct {
  const char *token;
  const char *title;
  DboDocRenderer render;
} doc_kinds[DBO_N_DOC_KINDS] = {
  [DBO_DOC_ANNEX2] = { "annex2", "专家评审意见书", dbo_doc_render_annex2 },
  [DBO_DOC_ANNEX3] = { "annex3", "定级审核意见书", dbo_doc_render_annex3 },
  [DBO_DOC_ANNEX4] = { "annex4", "信息系统安全等级保护备案表", dbo_doc_render_annex4 },
  [DBO_DOC_REPORT] = { "report", "定级报告", dbo_doc_render_report },
  [DBO_DOC_SIGNATURES] = { "signatures", "签字页", dbo_doc_render_signatures },
};

const char *
dbo_doc_kind_token (DboDocKind kind)
{
  g_return_val_if_fail ((int) kind >= 0 && kind < DBO_N_DOC_KINDS, "");
  return doc_kinds[kind].token;
}

gboolean
dbo_doc_kind_from_token (const char *token, DboDocKind *kind_out)
{
  for (int k = 0; k < DBO_N_DOC_KINDS; k++)
    if (g_strcmp0 (token, doc_kinds[k].token) == 0)
      {
        if (kind_out)
          *kind_out = k;
        return TRUE;
      }
  return FALSE;
}

const char *
dbo_doc_kind_title (DboDocKind kind)
{
  g_return_val_if_fail ((int) kind >= 0 && kind < DBO_N_DOC_KINDS, "");
  return doc_kinds[kind].title;
}

char *
dbo_doc_file_name (DboDocKind kind, const char *object_id)
{
  if (kind == DBO_DOC_REPORT)
    {
      /* The store and project.xml refuse any other id; this guards the
       * file name itself ("x/../../y" must never reach a path). */
      g_return_val_if_fail (dbo_id_is_valid (object_id), NULL);
      return g_strdup_printf ("report-%s.pdf", object_id);
    }
  if (kind == DBO_DOC_ANNEX3 && object_id != NULL)
    {
      g_return_val_if_fail (dbo_doc_annex3_key_is_valid (object_id), NULL);
      return g_strdup_printf ("annex3-%s.pdf", object_id);
    }
  return g_strdup_printf ("%s.pdf", dbo_doc_kind_token (kind));
}

/* ---------------------------------------------------------------- helpers */

const char *
dbo_doc_str (const char *s)
{
  return s ? s : "";
}

gboolean
dbo_doc_date_parts (const char *date, int *year, int *month, int *day)
{
  int y, m, d;

  if (date == NULL || strlen (date) < 10 || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y))
    return FALSE;
  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;
  return TRUE;
}

char *
dbo_doc_date_zh (const char *date)
{
  int y, m, d;

  if (!dbo_doc_date_parts (date, &y, &m, &d))
    return NULL;
  return g_strdup_printf ("%d年%d月%d日", y, m, d);
}

char *
dbo_doc_date_or_blank (const char *date)
{
  char *zh = dbo_doc_date_zh (date);

  return zh ? zh : g_strdup ("　　　　年　　月　　日");
}

char *
dbo_doc_escape (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

char *
dbo_doc_blank (const char *value, int min_chars)
{
  g_autofree char *escaped = dbo_doc_escape (value);
  GString *out = g_string_new ("<u>\u2002");
  double width = 1;             /* the two en spaces around the value */

  /* Width in Chinese characters: ASCII counts half, so does an en space. */
  for (const char *p = value ? value : ""; *p; p = g_utf8_next_char (p))
    width += g_utf8_get_char (p) < 0x80 ? 0.5 : 1.0;
  g_string_append (out, escaped);
  for (; width < min_chars; width += 0.5)
    g_string_append (out, "\u2002");
  g_string_append (out, "\u2002</u>");
  return g_string_free (out, FALSE);
}

char *
dbo_doc_without_unit (const char *name, const char *units)
{
  const char *last;

  if (name == NULL)
    return NULL;
  if (g_utf8_strlen (name, -1) <= 2)
    return g_strdup (name);
  last = g_utf8_find_prev_char (name, name + strlen (name));
  if (g_utf8_strchr (units, -1, g_utf8_get_char (last)) != NULL)
    return g_strndup (name, last - name);
  return g_strdup (name);
}

const char *
dbo_doc_level (int level)
{
  return level > 0 ? dbo_level_zh (level) : "";
}

int
dbo_doc_recommended_level (const DboProject *project, const DboObject *object)
{
  const DboRecommendation *rec = dbo_project_find_recommendation (project, object->id);

  return rec ? rec->level : 0;
}

const DboReview *
dbo_doc_deciding_review (const DboProject *project, const DboObject *object, int *level_out)
{
  return dbo_project_deciding_review (project, object, level_out);
}

int
dbo_doc_decided_level (const DboProject *project, const DboObject *object)
{
  int level = 0;

  dbo_doc_deciding_review (project, object, &level);
  return level;
}

GPtrArray *
dbo_doc_filed_objects (const DboProject *project, const DboRuleset *rules)
{
  GPtrArray *out = g_ptr_array_new ();
  int min = dbo_ruleset_filing_min_level (rules);

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      if (dbo_grading_effective_level (rules, project, o) >= min)
        g_ptr_array_add (out, (gpointer) o);
    }
  return out;
}

static gboolean
is_reviewed (const DboProject *project, const DboRuleset *rules, const DboObject *o)
{
  int min = dbo_ruleset_filing_min_level (rules);

  return dbo_grading_drafted_level (rules, o) >= min || dbo_doc_recommended_level (project, o) >= min
         || dbo_doc_decided_level (project, o) >= min;
}

GPtrArray *
dbo_doc_reviewed_objects (const DboProject *project, const DboRuleset *rules)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      if (is_reviewed (project, rules, o))
        g_ptr_array_add (out, (gpointer) o);
    }
  return out;
}

const char *
dbo_doc_region_name (const DboRuleset *rules, const char *code)
{
  const DboRegion *region = code ? dbo_ruleset_find_region (rules, code) : NULL;

  return region && region->name ? region->name : "";
}

char *
dbo_doc_harms_text (const DboObject *object, DboAspect aspect)
{
  const GArray *harms = object->aspects[aspect].harms;
  GString *out = g_string_new (NULL);

  for (guint i = 0; harms && i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);
      if (out->len > 0)
        g_string_append (out, "；");
      g_string_append_printf (out, "%s（%s）", dbo_token_zh (dbo_target_tokens, h->target),
                              dbo_token_zh (dbo_degree_tokens, h->degree));
    }
  return g_string_free (out, FALSE);
}

char *
dbo_doc_codes_text (const char *field_id, gconstpointer record)
{
  const DboFormField *field = dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007), field_id);
  g_auto(GStrv) parts = g_strsplit_set (dbo_doc_str (dbo_form_field_get (field, record)), " \t|,", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const DboFormCode *code = dbo_form_field_find_code (field, g_strstrip (parts[i]));
      const char *text = code != NULL ? code->sentence : NULL;

      if (code != NULL && code->other)
        {
          const char *other = dbo_form_field_get_other (field, record);

          text = dbo_str_empty (other) ? NULL : other;
        }
      if (text == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, "、");
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

char *
dbo_doc_service_text (const DboObject *object)
{
  g_autofree char *scope = dbo_doc_codes_text ("service-scope", object);
  g_autofree char *targets = dbo_doc_codes_text ("service-targets", object);
  const DboFormField *scope_field = dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007),
                                                              "service-scope");
  const DboFormCode *scope_code = dbo_form_field_find_code (scope_field, object->service_scope);
  /* 跨___个 belongs to the scopes the form counts only. */
  gboolean across = scope_code != NULL && scope_code->counted;
  GString *out = g_string_new (NULL);

  if (*scope)
    g_string_append_printf (out, "服务范围为%s", scope);
  if (*scope && across && object->service_scope_count > 0)
    g_string_append_printf (out, "，跨%d个", object->service_scope_count);
  if (*targets)
    g_string_append_printf (out, "%s服务对象为%s", out->len > 0 ? "，" : "", targets);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- Annex 3 parts */

gboolean
dbo_doc_annex3_key_is_valid (const char *key)
{
  guint64 n;

  if (key == NULL || !g_ascii_isdigit (key[0]) || !g_ascii_isdigit (key[1]))
    return FALSE;
  if (key[2] == '\0')
    return TRUE;
  if (key[2] != '-' || key[3] == '0' || strlen (key + 3) > 3)
    return FALSE;
  for (const char *c = key + 3; *c; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return g_ascii_string_to_unsigned (key + 3, 10, 1, 999, &n, NULL);
}

gboolean
dbo_doc_annex3_key_parse (const char *key, char **authority_out, int *round_out)
{
  if (!dbo_doc_annex3_key_is_valid (key))
    return FALSE;
  if (authority_out)
    *authority_out = g_strndup (key, 2);
  if (round_out)
    *round_out = key[2] == '-' ? (int) g_ascii_strtoll (key + 3, NULL, 10) : 0;
  return TRUE;
}

const char *
dbo_doc_object_authority (const DboProject *project, const DboRuleset *rules, const DboObject *o)
{
  DboRoute route = { 0 };

  dbo_ruleset_route_object (rules, &project->enterprise, o, dbo_grading_effective_level (rules, project, o), &route);
  if (route.authority != NULL)
    return route.authority;
  return dbo_ruleset_route_enterprise (rules, &project->enterprise, NULL);
}

const char *
dbo_doc_object_reviewer (const DboProject *project, const DboRuleset *rules, const DboObject *object)
{
  return is_reviewed (project, rules, object) ? dbo_doc_object_authority (project, rules, object) : NULL;
}

/* The round's authority: as recorded, else where its first object goes. */
static const char *
review_authority (const DboProject *project, const DboRuleset *rules, const DboReview *r)
{
  if (!dbo_str_empty (r->authority))
    return r->authority;
  for (guint j = 0; r->levels != NULL && j < r->levels->len; j++)
    {
      const DboReviewLevel *rl = &g_array_index (r->levels, DboReviewLevel, j);
      const DboObject *o = dbo_project_find_object (project, rl->object_id);

      if (o != NULL)
        return dbo_doc_object_authority (project, rules, o);
    }
  return dbo_ruleset_route_enterprise (rules, &project->enterprise, NULL);
}

static int
compare_rounds (gconstpointer a, gconstpointer b)
{
  const DboReview *ra = *(const DboReview * const *) a, *rb = *(const DboReview * const *) b;

  return (ra->round > rb->round) - (ra->round < rb->round);
}

/* The project's rounds in round order, and each one's key (same index). */
static GPtrArray *
rounds_in_order (const DboProject *project, const DboRuleset *rules, GPtrArray *keys_out)
{
  GPtrArray *rounds = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < project->reviews->len; i++)
    g_ptr_array_add (rounds, g_ptr_array_index (project->reviews, i));
  g_ptr_array_sort (rounds, compare_rounds);
  for (guint i = 0; i < rounds->len; i++)
    {
      const char *authority = review_authority (project, rules, g_ptr_array_index (rounds, i));
      int n;

      if (authority == NULL)
        authority = "";
      n = GPOINTER_TO_INT (g_hash_table_lookup (counts, authority)) + 1;

      g_hash_table_replace (counts, g_strdup (authority), GINT_TO_POINTER (n));
      g_ptr_array_add (keys_out, g_strdup_printf ("%.2s-%d", authority, n));
    }
  return rounds;
}

GPtrArray *
dbo_doc_annex3_keys (const DboProject *project, const DboRuleset *rules)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rounds = rounds_in_order (project, rules, keys);
  g_autoptr(GPtrArray) objects = dbo_doc_reviewed_objects (project, rules);

  /* A round whose authority is not a two-digit code has no form of its own. */
  for (guint i = keys->len; i > 0; i--)
    if (!dbo_doc_annex3_key_is_valid (g_ptr_array_index (keys, i - 1)))
      g_ptr_array_remove_index (keys, i - 1);
  for (guint i = 0; i < objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (objects, i);
      const char *authority;

      if (dbo_doc_deciding_review (project, o, NULL) != NULL)
        continue;
      authority = dbo_doc_object_authority (project, rules, o);
      if (dbo_doc_annex3_key_is_valid (authority)
          && !g_ptr_array_find_with_equal_func (keys, authority, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (authority));
    }
  if (keys->len == 0)
    {
      const char *authority = dbo_ruleset_route_enterprise (rules, &project->enterprise, NULL);

      g_ptr_array_add (keys, g_strdup (dbo_doc_annex3_key_is_valid (authority) ? authority : "00"));
    }
  return keys;
}

const DboReview *
dbo_doc_annex3_review (const DboProject *project, const DboRuleset *rules, const char *key)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rounds = rounds_in_order (project, rules, keys);

  for (guint i = 0; key != NULL && i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      return g_ptr_array_index (rounds, i);
  return NULL;
}

static gboolean
review_lists (const DboReview *r, const char *object_id)
{
  for (guint j = 0; r->levels != NULL && j < r->levels->len; j++)
    if (g_strcmp0 (g_array_index (r->levels, DboReviewLevel, j).object_id, object_id) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
dbo_doc_annex3_objects (const DboProject *project, const DboRuleset *rules, const char *key)
{
  const DboReview *review = dbo_doc_annex3_review (project, rules, key);
  g_autoptr(GPtrArray) reviewed = dbo_doc_reviewed_objects (project, rules);
  g_autofree char *authority = NULL;
  GPtrArray *out = g_ptr_array_new ();
  gboolean lists_any = FALSE;

  if (!dbo_doc_annex3_key_parse (key, &authority, NULL))
    return out;
  if (review != NULL)
    {
      for (guint i = 0; i < project->objects->len; i++)
        {
          const DboObject *o = g_ptr_array_index (project->objects, i);

          if (review_lists (review, o->id))
            {
              g_ptr_array_add (out, (gpointer) o);
              lists_any = TRUE;
            }
        }
      if (lists_any)
        return out;
    }
  /* An enterprise part, or a round that names no object (sent back for
   * correction): the objects that go to this bureau. */
  for (guint i = 0; i < reviewed->len; i++)
    {
      const DboObject *o = g_ptr_array_index (reviewed, i);

      if ((review != NULL || dbo_doc_deciding_review (project, o, NULL) == NULL)
          && g_strcmp0 (dbo_doc_object_authority (project, rules, o), authority) == 0)
        g_ptr_array_add (out, (gpointer) o);
    }
  return out;
}

char *
dbo_doc_annex3_title (const DboRuleset *rules, const char *key)
{
  g_autofree char *authority = NULL;
  const DboRegion *region;
  const char *bureau;
  int n = 0;

  if (!dbo_doc_annex3_key_parse (key, &authority, &n))
    return g_strdup (dbo_doc_kind_title (DBO_DOC_ANNEX3));
  region = dbo_ruleset_find_region (rules, authority);
  bureau = region != NULL && region->authority != NULL ? region->authority : authority;
  if (n > 0)
    return g_strdup_printf ("%s（%s 第%d轮）", dbo_doc_kind_title (DBO_DOC_ANNEX3), bureau, n);
  return g_strdup_printf ("%s（%s 待审核）", dbo_doc_kind_title (DBO_DOC_ANNEX3), bureau);
}

/* ---------------------------------------------------------------- refusal */

static gboolean
holds_object (GPtrArray *objects, const char *id)
{
  for (guint i = 0; i < objects->len; i++)
    if (g_strcmp0 (((const DboObject *) g_ptr_array_index (objects, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/* Whether error @f makes document @kind wrong: it prints the data (the
 * finding's DboPrints), and for an object's data, prints that object — its
 * own report, the Annex 3 of its round, Annex 4 when it is filed; a
 * review's number only its own Annex 3. */
static gboolean
finding_blocks (const DboFinding *f, const DboProject *project, const DboRuleset *rules, DboDocKind kind,
                const DboObject *report_object, const char *part)
{
  g_autofree char *object_id = NULL;

  if (f->severity != DBO_SEVERITY_ERROR || !(f->prints & (1u << kind)))
    return FALSE;
  /* No panel yet: the sheet is blank rows to fill in by hand. */
  if (kind == DBO_DOC_SIGNATURES && project->panel.members->len == 0)
    return FALSE;
  object_id = dbo_finding_object_id (f->path);
  if (object_id != NULL)
    {
      if (kind == DBO_DOC_REPORT)
        return g_strcmp0 (object_id, report_object->id) == 0;
      if (kind == DBO_DOC_ANNEX3)
        {
          g_autoptr(GPtrArray) objects = dbo_doc_annex3_objects (project, rules, part);
          return holds_object (objects, object_id);
        }
      if (kind == DBO_DOC_ANNEX4)
        {
          g_autoptr(GPtrArray) filed = dbo_doc_filed_objects (project, rules);
          return holds_object (filed, object_id);
        }
    }
  if (kind == DBO_DOC_ANNEX3 && g_str_has_prefix (f->path, "reviews/"))
    {
      const DboReview *review = dbo_doc_annex3_review (project, rules, part);
      return review != NULL && review->round == (int) g_ascii_strtoll (f->path + strlen ("reviews/"), NULL, 10);
    }
  return TRUE;
}

G_STATIC_ASSERT (DBO_PRINTS_ANNEX2 == 1 << DBO_DOC_ANNEX2 && DBO_PRINTS_ANNEX3 == 1 << DBO_DOC_ANNEX3 &&
                 DBO_PRINTS_ANNEX4 == 1 << DBO_DOC_ANNEX4 && DBO_PRINTS_REPORT == 1 << DBO_DOC_REPORT &&
                 DBO_PRINTS_SIGNATURES == 1 << DBO_DOC_SIGNATURES);

/* The errors in the data @kind prints, one Chinese line each: a document is
 * refused rather than printed wrong. Missing optional fields print as
 * blanks instead. */
static GPtrArray *
blocking_problems (const DboProject *project, const DboRuleset *rules, DboDocKind kind,
                   const DboObject *report_object, const char *part)
{
  g_autoptr(GPtrArray) findings = dbo_checks_run_for_forms (project, rules);
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *text = NULL;

      if (!finding_blocks (f, project, rules, kind, report_object, part))
        continue;
      /* Chinese like the refusal that lists them. */
      text = dbo_finding_describe_in (f, DBO_LANGUAGE_ZH);
      if (f->clause != NULL && *f->clause != '\0')
        g_ptr_array_add (problems, g_strdup_printf ("%s（%s；%s）", text, f->clause, f->path));
      else
        g_ptr_array_add (problems, g_strdup_printf ("%s（%s）", text, f->path));
    }
  return problems;
}

/* ---------------------------------------------------------------- dates */

/* The PDF date, from the project so that the same project gives the same bytes. */
static char *
project_pdf_date (const DboProject *project)
{
  const char *candidates[2] = { project->panel.conclusion.present ? project->panel.conclusion.concluded : NULL,
                                project->panel.date };
  const char *newest = NULL;
  int y, m, d;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *c = candidates[i];
      if (!dbo_doc_date_parts (c, &y, &m, &d))
        continue;
      if (strlen (c) >= 19 && c[10] == 'T')
        {
          g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (c, tz);
          if (dt != NULL)
            return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
        }
      return g_strdup_printf ("%04d-%02d-%02dT00:00:00+08:00", y, m, d);
    }
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      if (dbo_doc_date_parts (o->drafted, NULL, NULL, NULL) && (newest == NULL || strncmp (o->drafted, newest, 10) > 0))
        newest = o->drafted;
    }
  if (newest != NULL && dbo_doc_date_parts (newest, &y, &m, &d))
    return g_strdup_printf ("%04d-%02d-%02dT00:00:00+08:00", y, m, d);
  /* The notice's date: a fixed point, never the clock. */
  return g_strdup ("2021-03-01T00:00:00+08:00");
}

/* ---------------------------------------------------------------- build */

DboDocument *
dbo_document_build (const DboProject *project, const DboRuleset *rules, DboDocKind kind,
                    const char *object_id, GError **error)
{
  return dbo_document_build_full (project, rules, kind, object_id, DBO_DOCUMENT_DEFAULT, error);
}

DboDocument *
dbo_document_build_full (const DboProject *project, const DboRuleset *rules, DboDocKind kind,
                         const char *object_id, DboDocumentFlags flags, GError **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DboDocument) doc = NULL;
  DboDocBuild build = { 0 };
  const DboObject *object = NULL;
  g_autofree char *part = NULL;

  g_return_val_if_fail (project != NULL && rules != NULL, NULL);
  if ((int) kind < 0 || kind >= DBO_N_DOC_KINDS)
    {
      g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND, "未知的文书类型 %d", (int) kind);
      return NULL;
    }
  if (kind == DBO_DOC_REPORT)
    {
      object = object_id ? dbo_project_find_object (project, object_id) : NULL;
      if (object == NULL)
        {
          g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND,
                       "无法生成《定级报告》：项目中没有定级对象“%s”", object_id ? object_id : "(未指定)");
          return NULL;
        }
    }
  if (kind == DBO_DOC_ANNEX3)
    {
      g_autoptr(GPtrArray) keys = dbo_doc_annex3_keys (project, rules);

      if (object_id == NULL)
        part = g_strdup (g_ptr_array_index (keys, 0));
      else if (g_ptr_array_find_with_equal_func (keys, object_id, g_str_equal, NULL))
        part = g_strdup (object_id);
      else
        {
          g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND,
                       "无法生成《定级审核意见书》：项目中没有“%s”这一审核轮次或待审核部分", object_id);
          return NULL;
        }
    }

  problems = blocking_problems (project, rules, kind, object, part);
  if (problems->len > 0 && !(flags & DBO_DOCUMENT_DRAFT))
    {
      GString *msg = g_string_new (NULL);
      g_string_append_printf (msg, "无法生成《%s》，项目中有 %u 处错误会使文书内容有误：", dbo_doc_kind_title (kind),
                              problems->len);
      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (msg, "\n  %u. %s", i + 1, (char *) g_ptr_array_index (problems, i));
      g_set_error_literal (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED, msg->str);
      g_string_free (msg, TRUE);
      return NULL;
    }

  doc = g_new0 (DboDocument, 1);
  doc->kind = kind;
  doc->layout = dbo_layout_new ();
  doc->draft = (flags & DBO_DOCUMENT_DRAFT) != 0;
  doc->problems = g_steal_pointer (&problems);
  if (doc->draft)
    dbo_layout_add_stamp (doc->layout, "草稿");
  if (kind == DBO_DOC_REPORT)
    doc->title = g_strdup_printf ("%s — %s", dbo_doc_kind_title (kind), dbo_doc_str (object->name));
  else if (kind == DBO_DOC_ANNEX3)
    doc->title = dbo_doc_annex3_title (rules, part);
  else
    doc->title = g_strdup (dbo_doc_kind_title (kind));
  if (doc->draft)
    {
      char *title = g_strconcat (doc->title, "（草稿）", NULL);

      g_free (doc->title);
      doc->title = title;
    }
  doc->author = g_strdup (dbo_doc_str (project->enterprise.name));
  doc->date = project_pdf_date (project);

  build.project = project;
  build.rules = rules;
  build.object = object;
  build.part = part;
  build.layout = doc->layout;
  if (!doc_kinds[kind].render (&build, error))
    {
      g_free (build.subject);
      return NULL;
    }
  doc->subject = build.subject ? build.subject
                               : g_strdup_printf ("网络安全等级保护 · %s · %s", doc->title, doc->author);
  dbo_layout_get_n_pages (doc->layout);
  return g_steal_pointer (&doc);
}

DboDocument *
dbo_document_new_for_layout (DboLayout *layout, const char *title, const char *author, const char *date)
{
  DboDocument *doc = g_new0 (DboDocument, 1);

  doc->kind = DBO_N_DOC_KINDS;
  doc->layout = layout;
  doc->title = g_strdup (title);
  doc->author = g_strdup (author);
  doc->subject = g_strdup (title);
  doc->date = g_strdup (date);
  doc->problems = g_ptr_array_new_with_free_func (g_free);
  dbo_layout_get_n_pages (doc->layout);
  return doc;
}

void
dbo_document_free (DboDocument *doc)
{
  if (doc == NULL)
    return;
  dbo_layout_free (doc->layout);
  g_clear_pointer (&doc->problems, g_ptr_array_unref);
  g_free (doc->title);
  g_free (doc->subject);
  g_free (doc->author);
  g_free (doc->date);
  g_free (doc);
}

DboDocKind
dbo_document_get_kind (DboDocument *doc)
{
  return doc->kind;
}

const char *
dbo_document_get_title (DboDocument *doc)
{
  return doc->title;
}

int
dbo_document_get_n_pages (DboDocument *doc)
{
  return dbo_layout_get_n_pages (doc->layout);
}

gboolean
dbo_document_is_draft (DboDocument *doc)
{
  return doc->draft;
}

GPtrArray *
dbo_document_get_problems (DboDocument *doc)
{
  return doc->problems;
}

void
dbo_document_draw_page (DboDocument *doc, cairo_t *cr, int page)
{
  dbo_layout_draw_page (doc->layout, cr, page);
}

int
dbo_document_paginate (DboDocument *doc, PangoContext *context)
{
  return dbo_layout_paginate (doc->layout, context);
}

char *
dbo_document_get_page_text (DboDocument *doc, int page)
{
  return dbo_layout_get_page_text (doc->layout, page);
}

GArray *
dbo_document_get_seal_areas (DboDocument *doc, int page)
{
  return dbo_layout_get_seal_areas (doc->layout, page);
}

/* ---------------------------------------------------------------- PDF */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
dbo_document_to_pdf_bytes (DboDocument *doc, GError **error)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GArray) marks = NULL;
  int n_pages = dbo_document_get_n_pages (doc);
  int parents[8] = { 0 };

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, DBO_A4_WIDTH_PT, DBO_A4_HEIGHT_PT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, doc->author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dengbao");
  /* Dates from the project: cairo would otherwise stamp the clock. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, doc->date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, doc->date);

  /* Small embedded fonts; without a subsetter the PDF is right but larger. */
  dbo_layout_use_compact_fonts (doc->layout);
  cr = cairo_create (surface);
  for (int i = 0; i < n_pages; i++)
    {
      dbo_layout_draw_page (doc->layout, cr, i);
      cairo_show_page (cr);
    }

  /* Bookmarks for documents with several parts. */
  marks = dbo_layout_get_bookmarks (doc->layout);
  for (guint i = 0; i < marks->len; i++)
    {
      const DboBookmark *mark = &g_array_index (marks, DboBookmark, i);
      int level = CLAMP (mark->level, 1, (int) G_N_ELEMENTS (parents) - 1);
      g_autofree char *link = g_strdup_printf ("page=%d pos=[0 %.1f]", mark->page + 1, mark->y_pt);
      int parent = parents[level - 1];

      parents[level] = cairo_pdf_surface_add_outline (surface, parent, mark->title, link,
                                                      level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
      for (int l = level + 1; l < (int) G_N_ELEMENTS (parents); l++)
        parents[l] = parents[level];
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_FAILED, "生成 PDF 失败（%s）：%s", doc->title,
                   cairo_status_to_string (status));
      g_byte_array_unref (bytes);
      return NULL;
    }
  {
    g_autoptr(GBytes) plain = g_byte_array_free_to_bytes (bytes);

    return dbo_pdf_pack (plain);
  }
}

gboolean
dbo_document_save_pdf_bytes (GBytes *pdf, const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);

  /* A temporary file beside @path, renamed over it: never a half-written PDF. */
  if (!g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_FAILED, "无法写入 %s：%s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
dbo_document_write_pdf (DboDocument *doc, const char *path, GError **error)
{
  g_autoptr(GBytes) pdf = dbo_document_to_pdf_bytes (doc, error);

  return pdf != NULL && dbo_document_save_pdf_bytes (pdf, path, error);
}
