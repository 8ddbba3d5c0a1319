#define G_LOG_DOMAIN "dengbao-grading"
#include "config.h"

#include "dbo-grading.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---- levels ---- */

int
dbo_grading_aspect_level (const DboRuleset *rules, const GArray *harms)
{
  int level = 1;

  g_return_val_if_fail (rules != NULL, 1);

  if (harms == NULL)
    return level;
  for (guint i = 0; i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);

      level = MAX (level, dbo_ruleset_matrix_level (rules, h->target, h->degree));
    }
  return level;
}

int
dbo_grading_computed_level (const DboRuleset *rules, const DboObject *object)
{
  g_return_val_if_fail (object != NULL, 1);

  return MAX (dbo_grading_aspect_level (rules, object->aspects[DBO_ASPECT_BUSINESS].harms),
              dbo_grading_aspect_level (rules, object->aspects[DBO_ASPECT_SERVICE].harms));
}

int
dbo_grading_drafted_level (const DboRuleset *rules, const DboObject *object)
{
  g_return_val_if_fail (object != NULL, 1);

  if (object->override_level > 0)
    return object->override_level;
  return dbo_grading_computed_level (rules, object);
}

/* The review with the highest round that lists @object_id, and its value. */
static const DboReview *
find_deciding_review (const DboProject *project, const char *object_id, int *value_out)
{
  const DboReview *best = NULL;

  for (guint i = 0; i < project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (project->reviews, i);

      if (best != NULL && r->round <= best->round)
        continue;
      for (guint k = 0; r->levels != NULL && k < r->levels->len; k++)
        {
          const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, k);

          if (g_strcmp0 (l->object_id, object_id) == 0)
            {
              best = r;
              *value_out = l->value;
              break;
            }
        }
    }
  return best;
}

/* The level before the bureau: the panel's recommendation, else the draft. */
static int
proposed_from (const DboRuleset *rules, const DboObject *object, const DboRecommendation *rec)
{
  if (rec != NULL && rec->level > 0)
    return rec->level;
  return dbo_grading_drafted_level (rules, object);
}

int
dbo_grading_proposed_level (const DboRuleset *rules, const DboProject *project, const DboObject *object)
{
  g_return_val_if_fail (project != NULL, 1);
  g_return_val_if_fail (object != NULL, 1);

  return proposed_from (rules, object, dbo_project_find_recommendation (project, object->id));
}

static gboolean
review_names (const DboReview *review, const char *object_id)
{
  for (guint i = 0; review->levels != NULL && i < review->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (review->levels, DboReviewLevel, i);

      if (g_strcmp0 (l->object_id, object_id) == 0 && l->value > 0)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
dbo_grading_review_scope (const DboRuleset *rules, const DboProject *project, const DboReview *review)
{
  GPtrArray *scope = g_ptr_array_new ();
  int min;

  g_return_val_if_fail (rules != NULL, scope);
  g_return_val_if_fail (project != NULL, scope);
  g_return_val_if_fail (review != NULL, scope);

  min = dbo_ruleset_filing_min_level (rules);
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      gboolean in = review_names (review, o->id);
      int level = dbo_grading_proposed_level (rules, project, o);

      if (!in && level >= min)
        {
          DboRoute route;

          dbo_ruleset_route_object (rules, &project->enterprise, o, level, &route);
          in = route.reviewed && (review->authority == NULL || g_strcmp0 (route.authority, review->authority) == 0);
        }
      if (in)
        g_ptr_array_add (scope, (gpointer) o);
    }
  return scope;
}

/* The precedence, once: the deciding review's approval, else the proposed level. */
static int
effective_from (const DboRuleset *rules, const DboObject *object, const DboReview *review, int value,
                const DboRecommendation *rec)
{
  if (review != NULL && review->has_outcome && review->outcome == DBO_OUTCOME_APPROVED && value > 0)
    return value;
  return proposed_from (rules, object, rec);
}

int
dbo_grading_effective_level (const DboRuleset *rules, const DboProject *project,
                             const DboObject *object)
{
  const DboReview *review;
  int value = 0;

  g_return_val_if_fail (project != NULL, 1);
  g_return_val_if_fail (object != NULL, 1);

  /* The newest round that names the object decides: an approval gives the
   * bureau's level; a later request for corrections or re-grading supersedes
   * an earlier approval. Parallel reviews (a city bureau for local networks,
   * the province for cross-city ones) each name their own objects. */
  review = find_deciding_review (project, object->id, &value);
  return effective_from (rules, object, review, value,
                         dbo_project_find_recommendation (project, object->id));
}

/* The proposed level, and the recommendation it may come from. */
static int
panel_level (const DboRuleset *rules, const DboProject *project, const DboObject *object,
             const DboRecommendation **rec_out)
{
  const DboRecommendation *rec = dbo_project_find_recommendation (project, object->id);

  if (rec_out)
    *rec_out = rec;
  return proposed_from (rules, object, rec);
}

/* The approved review that changed the level after the panel (NULL when none). */
static const DboReview *
changing_review (const DboRuleset *rules, const DboProject *project, const DboObject *object, int *value_out)
{
  int value = 0;
  const DboReview *review = find_deciding_review (project, object->id, &value);

  if (review == NULL || !review->has_outcome || review->outcome != DBO_OUTCOME_APPROVED || value <= 0 ||
      value == panel_level (rules, project, object, NULL))
    return NULL;
  if (value_out)
    *value_out = value;
  return review;
}

char *
dbo_grading_adjustment_text (const DboRuleset *rules, const DboProject *project,
                             const DboObject *object, gboolean with_review)
{
  const DboRecommendation *rec = NULL;
  int computed, drafted, panel, decided = 0;
  const DboReview *review;
  GString *out;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  computed = dbo_grading_computed_level (rules, object);
  drafted = dbo_grading_drafted_level (rules, object);
  panel = panel_level (rules, project, object, &rec);
  review = with_review ? changing_review (rules, project, object, &decided) : NULL;
  out = g_string_new (NULL);

  if (drafted != computed)
    {
      g_autofree char *reason = dbo_str_without_stop (object->override_reason);

      g_string_append_printf (out, "调整定级：本单位综合考虑以下理由，将安全保护等级由按矩阵确定的%s调整为%s。调整理由：%s。",
                              dbo_level_zh (computed), dbo_level_zh (drafted), *reason ? reason : "未填写");
    }
  if (panel != drafted)
    {
      g_autofree char *reason = dbo_str_without_stop (rec ? rec->reason : NULL);

      g_string_append_printf (out, "该系统分类拟定安全等级为%s，专家组建议定为%s，理由：%s。",
                              dbo_level_zh (drafted), dbo_level_zh (panel), reason);
    }
  if (review != NULL)
    {
      const DboRegion *region = dbo_ruleset_find_region (rules, review->authority);
      g_autofree char *opinion = dbo_str_without_stop (review->opinion);

      g_string_append_printf (out, "经%s审核，安全保护等级由%s调整为%s",
                              region && region->authority ? region->authority : "行业主管部门",
                              dbo_level_zh (panel), dbo_level_zh (decided));
      if (*opinion)
        g_string_append_printf (out, "，审核意见：%s", opinion);
      g_string_append (out, "。");
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* "YYYY-MM-DD" of an ISO date or time; NULL when it does not start with one. */
static char *
day_of (const char *text)
{
  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return NULL;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return NULL;
  return g_strndup (text, 10);
}

char *
dbo_grading_level_fixed_date (const DboRuleset *rules, const DboProject *project, const DboObject *object)
{
  const DboReview *review;
  const DboPanel *panel;
  char *day = NULL;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  /* A later decision that changed the level fixed it. */
  review = changing_review (rules, project, object, NULL);
  if (review != NULL && (day = day_of (review->decided)) != NULL)
    return day;

  /* The panel fixed it when it concluded (or, its time not recorded, at its meeting). */
  panel = &project->panel;
  if (panel->conclusion.present || dbo_project_find_recommendation (project, object->id) != NULL)
    {
      if (panel->conclusion.present && (day = day_of (panel->conclusion.concluded)) != NULL)
        return day;
      if ((day = day_of (panel->date)) != NULL)
        return day;
    }
  return day_of (object->drafted);
}

typedef struct {
  const DboReview *review;
  int value;
} Decision;

GHashTable *
dbo_grading_effective_levels (const DboRuleset *rules, const DboProject *project)
{
  g_autoptr(GHashTable) recs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) decisions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GHashTable *levels = g_hash_table_new (g_str_hash, g_str_equal);

  /* Indexes first, so a project of thousands of objects stays linear. */
  for (guint i = 0; i < project->panel.recommendations->len; i++)
    {
      DboRecommendation *r = g_ptr_array_index (project->panel.recommendations, i);

      if (r->object_id != NULL && !g_hash_table_contains (recs, r->object_id))
        g_hash_table_insert (recs, r->object_id, r);
    }
  for (guint i = 0; i < project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (project->reviews, i);

      for (guint k = 0; r->levels != NULL && k < r->levels->len; k++)
        {
          const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, k);
          Decision *d = l->object_id ? g_hash_table_lookup (decisions, l->object_id) : NULL;

          if (l->object_id == NULL || (d != NULL && d->review->round >= r->round))
            continue;
          if (d == NULL)
            {
              d = g_new0 (Decision, 1);
              g_hash_table_insert (decisions, l->object_id, d);
            }
          d->review = r;
          d->value = l->value;
        }
    }
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      const Decision *d = g_hash_table_lookup (decisions, o->id);

      g_hash_table_insert (levels, o->id,
                           GINT_TO_POINTER (effective_from (rules, o, d ? d->review : NULL, d ? d->value : 0,
                                                            g_hash_table_lookup (recs, o->id))));
    }
  return levels;
}

/* ---- explanations ---- */

static int
compare_harms (gconstpointer a, gconstpointer b)
{
  const DboHarm *ha = a, *hb = b;

  if (ha->target != hb->target)
    return ha->target < hb->target ? -1 : 1;
  if (ha->degree != hb->degree)
    return ha->degree < hb->degree ? -1 : 1;
  return 0;
}

/* The harms in matrix order, so the text never depends on click order. */
static GArray *
sorted_harms (const GArray *harms)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (DboHarm));

  if (harms != NULL && harms->len > 0)
    g_array_append_vals (copy, harms->data, harms->len);
  g_array_sort (copy, compare_harms);
  return copy;
}

char *
dbo_grading_explain_aspect (const DboRuleset *rules, const GArray *harms)
{
  g_autoptr(GArray) sorted = NULL;
  GString *text;

  g_return_val_if_fail (rules != NULL, NULL);

  if (harms == NULL || harms->len == 0)
    return g_strdup_printf ("未选择受侵害的客体 → %s", dbo_level_zh (1));

  sorted = sorted_harms (harms);
  text = g_string_new (NULL);
  for (guint i = 0; i < sorted->len; i++)
    {
      const DboHarm *h = &g_array_index (sorted, DboHarm, i);

      if (i > 0)
        g_string_append (text, "，");
      g_string_append_printf (text, "%s × %s → %s",
                              dbo_token_zh (dbo_target_tokens, h->target),
                              dbo_token_zh (dbo_degree_tokens, h->degree),
                              dbo_level_zh (dbo_ruleset_matrix_level (rules, h->target, h->degree)));
    }
  if (sorted->len > 1)
    g_string_append_printf (text, "，取最高 → %s",
                            dbo_level_zh (dbo_grading_aspect_level (rules, harms)));
  return g_string_free (text, FALSE);
}

char *
dbo_grading_explain (const DboRuleset *rules, const DboObject *object)
{
  GString *text;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  text = g_string_new (NULL);
  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      g_autofree char *aspect = dbo_grading_explain_aspect (rules, object->aspects[a].harms);

      g_string_append_printf (text, "%s：%s；", dbo_token_zh (dbo_aspect_tokens, a), aspect);
    }
  g_string_append_printf (text, "取两者较高者 → %s",
                          dbo_level_zh (dbo_grading_computed_level (rules, object)));
  if (object->override_level > 0)
    g_string_append_printf (text, "；调整为%s（理由：%s）",
                            dbo_level_zh (object->override_level),
                            dbo_str_empty (object->override_reason) ? "未填写" : object->override_reason);
  return g_string_free (text, FALSE);
}

/* ---- the CLI harm list ---- */

static gboolean G_GNUC_PRINTF (3, 4)
harm_error (GError **error, const char *text, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list ap;

  va_start (ap, format);
  detail = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Harms “%s”: %s (expected “none” or a comma-separated list of target:degree, "
               "targets citizen, social, national; degrees general, serious, especially-serious)"),
               text, detail);
  return FALSE;
}

GArray *
dbo_grading_parse_harms (const char *text, GError **error)
{
  g_autoptr(GArray) harms = g_array_new (FALSE, FALSE, sizeof (DboHarm));
  g_autofree char *shown = NULL;
  g_auto(GStrv) items = NULL;

  if (text == NULL)
    text = "";
  shown = g_utf8_make_valid (text, -1);

  {
    g_autofree char *trimmed = g_strstrip (g_strdup (shown));

    if (trimmed[0] == '\0')
      {
        harm_error (error, shown, "no harm given");
        return NULL;
      }
    if (g_str_equal (trimmed, "none"))
      return g_steal_pointer (&harms);
  }

  items = g_strsplit (shown, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      const char *colon = strchr (item, ':');
      g_autofree char *target_text = NULL;
      g_autofree char *degree_text = NULL;
      DboHarm harm;
      int target, degree;

      if (item[0] == '\0')
        {
          harm_error (error, shown, "item %u is empty", i + 1);
          return NULL;
        }
      if (colon == NULL)
        {
          harm_error (error, shown, "“%s” is not target:degree", item);
          return NULL;
        }
      target_text = g_strstrip (g_strndup (item, colon - item));
      degree_text = g_strstrip (g_strdup (colon + 1));
      target = dbo_token_lookup (dbo_target_tokens, target_text);
      degree = dbo_token_lookup (dbo_degree_tokens, degree_text);
      if (target < 0)
        {
          harm_error (error, shown, "unknown target “%s” in “%s”", target_text, item);
          return NULL;
        }
      if (degree < 0)
        {
          harm_error (error, shown, "unknown degree “%s” in “%s”", degree_text, item);
          return NULL;
        }
      for (guint j = 0; j < harms->len; j++)
        if ((int) g_array_index (harms, DboHarm, j).target == target)
          {
            harm_error (error, shown, "“%s”: the target %s is given twice", item, target_text);
            return NULL;
          }
      harm.target = target;
      harm.degree = degree;
      g_array_append_val (harms, harm);
    }
  return g_steal_pointer (&harms);
}

/* ---- canonical graded data (data/schema/graded-data.md) ---- */

static void
append_escaped (GString *out, const char *text)
{
  if (text == NULL)
    return;
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

static int
compare_objects (gconstpointer a, gconstpointer b)
{
  const DboObject *oa = *(DboObject * const *) a;
  const DboObject *ob = *(DboObject * const *) b;

  return strcmp (oa->id ? oa->id : "", ob->id ? ob->id : "");
}

static int
compare_recommendations (gconstpointer a, gconstpointer b)
{
  const DboRecommendation *ra = *(DboRecommendation * const *) a;
  const DboRecommendation *rb = *(DboRecommendation * const *) b;
  int c = strcmp (ra->object_id ? ra->object_id : "", rb->object_id ? rb->object_id : "");

  /* Ties only in a damaged project; still give them one order. */
  if (c == 0)
    c = (ra->level > rb->level) - (ra->level < rb->level);
  if (c == 0)
    c = strcmp (ra->reason ? ra->reason : "", rb->reason ? rb->reason : "");
  return c;
}

char *
dbo_grading_canonical_data (const DboProject *project)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) recs = NULL;
  GString *out;

  g_return_val_if_fail (project != NULL, NULL);

  out = g_string_new ("dengbao-graded-data 1\n");

  objects = g_ptr_array_new ();
  if (project->objects != NULL)
    for (guint i = 0; i < project->objects->len; i++)
      g_ptr_array_add (objects, g_ptr_array_index (project->objects, i));
  g_ptr_array_sort (objects, compare_objects);

  for (guint i = 0; i < objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (objects, i);
      const char *preset = dbo_token_name (dbo_preset_tokens, o->preset);

      g_string_append (out, "object\t");
      append_escaped (out, o->id);
      g_string_append_c (out, '\t');
      append_escaped (out, o->name);
      g_string_append_printf (out, "\t%s\t%s\t%s\n",
                              preset[0] != '\0' ? preset : "-",
                              dbo_token_name (dbo_scope_tokens, o->scope),
                              o->aggregation_platform ? "true" : "false");

      for (int a = 0; a < DBO_N_ASPECTS; a++)
        {
          g_autoptr(GArray) harms = sorted_harms (o->aspects[a].harms);

          for (guint h = 0; h < harms->len; h++)
            {
              const DboHarm *harm = &g_array_index (harms, DboHarm, h);

              g_string_append_printf (out, "harm\t%s\t%s\t%s\n",
                                      dbo_token_name (dbo_aspect_tokens, a),
                                      dbo_token_name (dbo_target_tokens, harm->target),
                                      dbo_token_name (dbo_degree_tokens, harm->degree));
            }
        }

      if (o->override_level > 0)
        {
          g_string_append_printf (out, "override\t%d\t", o->override_level);
          append_escaped (out, o->override_reason);
          g_string_append_c (out, '\n');
        }
    }

  recs = g_ptr_array_new ();
  if (project->panel.recommendations != NULL)
    for (guint i = 0; i < project->panel.recommendations->len; i++)
      g_ptr_array_add (recs, g_ptr_array_index (project->panel.recommendations, i));
  g_ptr_array_sort (recs, compare_recommendations);

  for (guint i = 0; i < recs->len; i++)
    {
      const DboRecommendation *r = g_ptr_array_index (recs, i);

      g_string_append (out, "recommendation\t");
      append_escaped (out, r->object_id);
      g_string_append_printf (out, "\t%d\t", r->level);
      append_escaped (out, r->reason);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

char *
dbo_grading_data_sha256 (const DboProject *project)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  data = dbo_grading_canonical_data (project);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
}

gboolean
dbo_grading_is_graded (const DboProject *project, const DboObject *object)
{
  for (int a = 0; a < DBO_N_ASPECTS; a++)
    if (object->aspects[a].harms->len > 0)
      return TRUE;
  return object->override_level > 0 || dbo_project_find_recommendation (project, object->id) != NULL ||
         dbo_project_deciding_review (project, object, NULL) != NULL;
}
