#define G_LOG_DOMAIN "dengbao-ruleset"
#include "config.h"

#include "dbo-ruleset.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dbo-calendar.h"
#include "dbo-core-resources.h"
#include "dbo-xml.h"

#define RULESET_NS "urn:dengbao:ruleset:1"
#define RULESET_RESOURCE_DIR "/io/github/dengbao/Dengbao/core/rulesets/"

/* The deadlines the core asks for by id (dbo-ruleset.h). */
static const char * const required_deadlines[] = {
  "apply-review", "review-answer", "police-answer", "filing", "filing-new", "change",
};

/* The requirements the checks cite by id (dbo-ruleset.h). */
static const char * const required_requirements[] = {
  "objects", "recommendation", "conclusion", "order", "method",
};

typedef struct {
  char *id;
  char *clause;
} Requirement;

typedef struct {
  guint kinds;                    /* 1 << DboEnterpriseKind; 0 = any */
  guint standardizations;         /* 1 << DboStandardization; 0 = any */
  char *authority;                /* region code, or "city" */
  char *clause;
} EnterpriseRoute;

typedef struct {
  guint scopes;                   /* 1 << DboScope; 0 = any */
  char *authority;                /* region code, or "enterprise" */
  char *police;                   /* "city" | "province" */
  char *clause;
} ObjectRoute;

struct _DboRuleset
{
  gatomicrefcount ref_count;
  char *id;
  char *title;

  int matrix[DBO_N_TARGETS][DBO_N_DEGREES];
  char *matrix_clause;

  GPtrArray *presets;             /* of DboPresetRule*, in the file's order */
  char *presets_clause;
  GPtrArray *minimums;            /* of DboMinimumRule* */
  DboPanelRules panel;
  GPtrArray *requirements;        /* of Requirement* */

  int filing_min;
  char *filing_clause;
  int materials_min;
  char *materials_clause;

  GPtrArray *regions;             /* of DboRegion*, sorted by code */
  char *regions_clause;
  char *province;                 /* region code */

  GPtrArray *enterprise_routes;   /* of EnterpriseRoute* */
  GPtrArray *object_routes;       /* of ObjectRoute* */

  char *review_format;
  char *review_clause;

  GPtrArray *deadlines;           /* of DboDeadlineRule* */

  char *campaign_notice;
  char *campaign_deadline;
  char *campaign_clause;

  GPtrArray *periods;             /* of DboAssessmentPeriod* */
};

G_DEFINE_QUARK (dbo-ruleset-error-quark, dbo_ruleset_error)

/* ---- memory ---- */

static void
minimum_free (DboMinimumRule *rule)
{
  g_free (rule->id);
  g_free (rule->clause);
  g_free (rule->text_zh);
  g_free (rule->text_en);
  g_free (rule);
}

static void
preset_free (DboPresetRule *rule)
{
  g_free (rule->name);
  g_free (rule->business_types);
  g_free (rule->description);
  g_free (rule);
}

static void
requirement_free (Requirement *requirement)
{
  g_free (requirement->id);
  g_free (requirement->clause);
  g_free (requirement);
}

static void
region_free (DboRegion *region)
{
  g_free (region->code);
  g_free (region->name);
  g_free (region->authority);
  g_free (region->police);
  g_free (region->division);
  g_free (region);
}

static void
enterprise_route_free (EnterpriseRoute *route)
{
  g_free (route->authority);
  g_free (route->clause);
  g_free (route);
}

static void
object_route_free (ObjectRoute *route)
{
  g_free (route->authority);
  g_free (route->police);
  g_free (route->clause);
  g_free (route);
}

static void
deadline_free (DboDeadlineRule *rule)
{
  g_free (rule->id);
  g_free (rule->clause);
  g_free (rule->title_zh);
  g_free (rule->title_en);
  g_free (rule);
}

static void
period_free (DboAssessmentPeriod *period)
{
  g_free (period->clause);
  g_free (period);
}

static DboRuleset *
ruleset_new (void)
{
  DboRuleset *self = g_new0 (DboRuleset, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->presets = g_ptr_array_new_with_free_func ((GDestroyNotify) preset_free);
  self->minimums = g_ptr_array_new_with_free_func ((GDestroyNotify) minimum_free);
  self->requirements = g_ptr_array_new_with_free_func ((GDestroyNotify) requirement_free);
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) region_free);
  self->enterprise_routes = g_ptr_array_new_with_free_func ((GDestroyNotify) enterprise_route_free);
  self->object_routes = g_ptr_array_new_with_free_func ((GDestroyNotify) object_route_free);
  self->deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) deadline_free);
  self->periods = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  return self;
}

DboRuleset *
dbo_ruleset_ref (DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dbo_ruleset_unref (DboRuleset *self)
{
  if (self == NULL)
    return;
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->matrix_clause);
  g_ptr_array_unref (self->presets);
  g_free (self->presets_clause);
  g_ptr_array_unref (self->minimums);
  g_ptr_array_unref (self->requirements);
  g_free (self->panel.clause);
  g_free (self->panel.text_zh);
  g_free (self->panel.text_en);
  g_free (self->panel.composition_zh);
  g_free (self->panel.composition_en);
  for (int k = 0; k < DBO_N_MEMBER_KINDS; k++)
    {
      g_free (self->panel.kinds[k].name_zh);
      g_free (self->panel.kinds[k].name_en);
    }
  g_free (self->filing_clause);
  g_free (self->materials_clause);
  g_ptr_array_unref (self->regions);
  g_free (self->regions_clause);
  g_free (self->province);
  g_ptr_array_unref (self->enterprise_routes);
  g_ptr_array_unref (self->object_routes);
  g_free (self->review_format);
  g_free (self->review_clause);
  g_ptr_array_unref (self->deadlines);
  g_free (self->campaign_notice);
  g_free (self->campaign_deadline);
  g_free (self->campaign_clause);
  g_ptr_array_unref (self->periods);
  g_free (self);
}

/* ---- reading the document ---- */

typedef struct {
  const char *name;               /* for errors */
  GError **error;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
fail_at (Reader *r, xmlNode *node, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  path = dbo_xml_node_path (node);
  g_set_error (r->error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
               "%s:%ld: %s: %s", r->name, (long) xmlGetLineNo (node), path, message);
  return FALSE;
}

static gboolean
is_element (xmlNode *node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, RULESET_NS) == 0 &&
         (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0);
}

static xmlNode *
first_child (xmlNode *node, const char *name)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (is_element (c, name))
      return c;
  return NULL;
}

static char *
get_attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

/* An attribute after XSD whitespace collapsing, for tokens and numbers. */
static char *
get_token (xmlNode *node, const char *name)
{
  char *value = get_attr (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

static char *
get_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
child_text (xmlNode *node, const char *name)
{
  xmlNode *child = first_child (node, name);

  return child != NULL ? get_text (child) : NULL;
}

static gboolean
get_int (Reader *r, xmlNode *node, const char *attr, int min, int max, int *out)
{
  g_autofree char *text = get_token (node, attr);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return fail_at (r, node, _("%s=\"%s\" is not a number from %d to %d"),
                    attr, text ? text : "", min, max);
  *out = (int) value;
  return TRUE;
}

static gboolean
get_bool (xmlNode *node, const char *attr, gboolean dflt)
{
  g_autofree char *text = get_token (node, attr);

  if (text == NULL)
    return dflt;
  return g_str_equal (text, "true") || g_str_equal (text, "1");
}

/* Reads a whitespace-separated token list into a bit mask over @table. */
static gboolean
get_mask (Reader *r, xmlNode *node, const char *attr, const DboToken *table, guint *mask)
{
  g_autofree char *text = get_attr (node, attr);
  g_auto(GStrv) items = NULL;

  *mask = 0;
  if (text == NULL)
    return TRUE;
  items = g_strsplit_set (text, " \t\r\n", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      int value;

      if (items[i][0] == '\0')
        continue;
      value = dbo_token_lookup (table, items[i]);
      /* Index 0 of the preset table is "no preset": never a condition. */
      if (value < 0 || value >= 32)
        return fail_at (r, node, _("%s: unknown token “%s”"), attr, items[i]);
      *mask |= 1u << value;
    }
  return TRUE;
}

static DboRegion *
find_region (const DboRuleset *self, const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < self->regions->len; i++)
    {
      DboRegion *region = g_ptr_array_index (self->regions, i);

      if (g_str_equal (region->code, code))
        return region;
    }
  return NULL;
}

static gboolean
read_matrix (Reader *r, DboRuleset *self, xmlNode *node)
{
  gboolean seen[DBO_N_TARGETS][DBO_N_DEGREES] = { { FALSE } };

  self->matrix_clause = get_attr (node, "clause");
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      g_autofree char *target_text = NULL;
      g_autofree char *degree_text = NULL;
      int target, degree, level;

      if (!is_element (c, "cell"))
        continue;
      target_text = get_token (c, "target");
      degree_text = get_token (c, "degree");
      target = dbo_token_lookup (dbo_target_tokens, target_text);
      degree = dbo_token_lookup (dbo_degree_tokens, degree_text);
      if (target < 0 || target >= DBO_N_TARGETS)
        return fail_at (r, c, _("unknown target “%s”"), target_text ? target_text : "");
      if (degree < 0 || degree >= DBO_N_DEGREES)
        return fail_at (r, c, _("unknown degree “%s”"), degree_text ? degree_text : "");
      if (!get_int (r, c, "level", 1, 5, &level))
        return FALSE;
      if (seen[target][degree])
        return fail_at (r, c, _("the cell %s × %s is given twice"), target_text, degree_text);
      seen[target][degree] = TRUE;
      self->matrix[target][degree] = level;
    }

  for (int t = 0; t < DBO_N_TARGETS; t++)
    for (int d = 0; d < DBO_N_DEGREES; d++)
      if (!seen[t][d])
        return fail_at (r, node, _("the cell %s × %s is missing"),
                        dbo_token_name (dbo_target_tokens, t), dbo_token_name (dbo_degree_tokens, d));
  return TRUE;
}

/* A token of @table (index 0 allowed only when @allow_zero). */
static gboolean
get_enum (Reader *r, xmlNode *node, const char *attr, const DboToken *table, int *out)
{
  g_autofree char *text = get_token (node, attr);

  *out = dbo_token_lookup (table, text);
  if (*out < 0)
    return fail_at (r, node, _("%s: unknown token “%s”"), attr, text ? text : "");
  return TRUE;
}

static gboolean
read_presets (Reader *r, DboRuleset *self, xmlNode *node)
{
  self->presets_clause = get_attr (node, "clause");
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboPresetRule *rule;
      int preset, type;

      if (!is_element (c, "preset"))
        continue;
      if (!get_enum (r, c, "id", dbo_preset_tokens, &preset) ||
          !get_enum (r, c, "type", dbo_object_type_tokens, &type))
        return FALSE;
      if (preset == DBO_PRESET_NONE)
        return fail_at (r, c, _("id: an empty preset names no system"));
      if (dbo_ruleset_find_preset (self, preset) != NULL)
        return fail_at (r, c, _("the preset “%s” is given twice"), dbo_token_name (dbo_preset_tokens, preset));
      rule = g_new0 (DboPresetRule, 1);
      g_ptr_array_add (self->presets, rule);
      rule->preset = preset;
      rule->type = type;
      rule->name = get_attr (c, "name");
      rule->business_types = get_token (c, "business-types");
      rule->description = get_text (c);
    }
  /* Projects may hold any preset token: each needs its name. */
  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    if (dbo_ruleset_find_preset (self, preset) == NULL)
      return fail_at (r, node, _("the preset “%s” is missing"), dbo_token_name (dbo_preset_tokens, preset));
  return TRUE;
}

static gboolean
read_minimums (Reader *r, DboRuleset *self, xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboMinimumRule *rule;

      if (!is_element (c, "minimum"))
        continue;
      rule = g_new0 (DboMinimumRule, 1);
      g_ptr_array_add (self->minimums, rule);
      rule->id = get_token (c, "id");
      rule->clause = get_attr (c, "clause");
      rule->text_zh = child_text (c, "text-zh");
      rule->text_en = child_text (c, "text-en");
      rule->needs_aggregation = get_bool (c, "aggregation", FALSE);
      if (!get_int (r, c, "level", 1, 5, &rule->level) ||
          !get_mask (r, c, "presets", dbo_preset_tokens, &rule->presets) ||
          !get_mask (r, c, "scopes", dbo_scope_tokens, &rule->scopes))
        return FALSE;
      if (rule->presets & 1u)
        return fail_at (r, c, _("presets: an empty preset is not a condition"));

      for (guint i = 0; i + 1 < self->minimums->len; i++)
        {
          DboMinimumRule *other = g_ptr_array_index (self->minimums, i);

          if (g_strcmp0 (other->id, rule->id) == 0)
            return fail_at (r, c, _("the minimum “%s” is given twice"), rule->id);
        }
    }
  return TRUE;
}

static gboolean
read_panel (Reader *r, DboRuleset *self, xmlNode *node)
{
  DboPanelRules *panel = &self->panel;

  panel->clause = get_attr (node, "clause");
  panel->text_zh = child_text (node, "text-zh");
  panel->text_en = child_text (node, "text-en");
  panel->composition_zh = child_text (node, "composition-zh");
  panel->composition_en = child_text (node, "composition-en");
  panel->odd = get_bool (node, "odd", FALSE);
  if (!get_int (r, node, "min-members", 1, 99, &panel->min_members) ||
      !get_int (r, node, "leaders", 0, 9, &panel->leaders))
    return FALSE;
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboMemberKindRule *kind;
      int value;

      if (!is_element (c, "member-kind"))
        continue;
      if (!get_enum (r, c, "id", dbo_member_kind_tokens, &value))
        return FALSE;
      kind = &panel->kinds[value];
      if (kind->name_zh != NULL)
        return fail_at (r, c, _("the member kind “%s” is given twice"), dbo_token_name (dbo_member_kind_tokens, value));
      kind->kind = value;
      kind->required = get_bool (c, "required", FALSE);
      kind->name_zh = get_attr (c, "name-zh");
      kind->name_en = get_attr (c, "name-en");
      if (kind->required)
        panel->required_kinds |= 1u << value;
    }
  /* Projects may hold any kind token: each needs its name. */
  for (int k = 0; k < DBO_N_MEMBER_KINDS; k++)
    if (panel->kinds[k].name_zh == NULL)
      return fail_at (r, node, _("the member kind “%s” is missing"), dbo_token_name (dbo_member_kind_tokens, k));
  if (panel->leaders > panel->min_members)
    return fail_at (r, node, _("%d leaders cannot sit on a panel of at least %d members"),
                    panel->leaders, panel->min_members);
  return TRUE;
}

static gboolean
read_regions (Reader *r, DboRuleset *self, xmlNode *node)
{
  self->regions_clause = get_attr (node, "clause");
  self->province = get_token (node, "province");
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboRegion *region;

      if (!is_element (c, "region"))
        continue;
      region = g_new0 (DboRegion, 1);
      region->code = get_token (c, "code");
      region->name = get_attr (c, "name");
      region->authority = get_attr (c, "authority");
      region->police = get_attr (c, "police");
      region->division = get_token (c, "division");
      if (region->code == NULL || strlen (region->code) != 2 ||
          !g_ascii_isdigit (region->code[0]) || !g_ascii_isdigit (region->code[1]))
        {
          fail_at (r, c, _("code=\"%s\" is not a two-digit region code"), region->code ? region->code : "");
          region_free (region);
          return FALSE;
        }
      if (find_region (self, region->code) != NULL)
        {
          fail_at (r, c, _("the region code %s is given twice"), region->code);
          region_free (region);
          return FALSE;
        }
      g_ptr_array_add (self->regions, region);
    }
  if (self->regions->len == 0)
    return fail_at (r, node, _("no region is given"));
  if (find_region (self, self->province) == NULL)
    return fail_at (r, node, _("province=\"%s\" is not a region code of this rule set"),
                    self->province ? self->province : "");
  return TRUE;
}

static int
compare_regions (gconstpointer a, gconstpointer b)
{
  const DboRegion *ra = *(DboRegion * const *) a;
  const DboRegion *rb = *(DboRegion * const *) b;

  return strcmp (ra->code, rb->code);
}

static gboolean
check_authority (Reader *r, DboRuleset *self, xmlNode *node, const char *authority,
                 const char *symbolic)
{
  if (g_strcmp0 (authority, symbolic) == 0)
    return TRUE;
  if (find_region (self, authority) == NULL)
    return fail_at (r, node, _("authority=\"%s\" is neither “%s” nor a region code of this rule set"),
                    authority ? authority : "", symbolic);
  return TRUE;
}

static gboolean
read_routing (Reader *r, DboRuleset *self, xmlNode *node)
{
  xmlNode *last_enterprise = NULL, *last_object = NULL;

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (is_element (c, "enterprise-route"))
        {
          EnterpriseRoute *route = g_new0 (EnterpriseRoute, 1);

          g_ptr_array_add (self->enterprise_routes, route);
          route->authority = get_token (c, "authority");
          route->clause = get_attr (c, "clause");
          if (!get_mask (r, c, "kinds", dbo_enterprise_kind_tokens, &route->kinds) ||
              !get_mask (r, c, "standardizations", dbo_standardization_tokens, &route->standardizations) ||
              !check_authority (r, self, c, route->authority, "city"))
            return FALSE;
          last_enterprise = c;
        }
      else if (is_element (c, "object-route"))
        {
          ObjectRoute *route = g_new0 (ObjectRoute, 1);

          g_ptr_array_add (self->object_routes, route);
          route->authority = get_token (c, "authority");
          route->police = get_token (c, "police");
          route->clause = get_attr (c, "clause");
          if (!get_mask (r, c, "scopes", dbo_scope_tokens, &route->scopes) ||
              !check_authority (r, self, c, route->authority, "enterprise"))
            return FALSE;
          if (g_strcmp0 (route->police, "city") != 0 && g_strcmp0 (route->police, "province") != 0)
            return fail_at (r, c, _("police=\"%s\" is neither “city” nor “province”"),
                            route->police ? route->police : "");
          last_object = c;
        }
    }

  /* Every enterprise and every object must land somewhere. */
  if (last_enterprise == NULL)
    return fail_at (r, node, _("no enterprise-route is given"));
  if (last_object == NULL)
    return fail_at (r, node, _("no object-route is given"));
  {
    EnterpriseRoute *e = g_ptr_array_index (self->enterprise_routes, self->enterprise_routes->len - 1);
    ObjectRoute *o = g_ptr_array_index (self->object_routes, self->object_routes->len - 1);

    if (e->kinds != 0 || e->standardizations != 0)
      return fail_at (r, last_enterprise, _("the last enterprise-route must have no condition (it catches every "
                                            "other enterprise)"));
    if (o->scopes != 0)
      return fail_at (r, last_object, _("the last object-route must have no condition (it catches every other "
                                        "object)"));
  }
  return TRUE;
}

static gboolean
read_review_number (Reader *r, DboRuleset *self, xmlNode *node)
{
  int runs[3] = { 0, 0, 0 };      /* A, Y, N: number of runs */
  int lengths[3] = { 0, 0, 0 };
  const char *letters = "AYN";
  const char *f;

  self->review_format = get_attr (node, "format");
  self->review_clause = get_attr (node, "clause");
  f = self->review_format != NULL ? self->review_format : "";

  for (const char *p = f; *p != '\0';)
    {
      const char *which = strchr (letters, *p);
      const char *q = p;

      if (which == NULL)
        {
          p++;
          continue;
        }
      while (*q == *p)
        q++;
      runs[which - letters]++;
      lengths[which - letters] = (int) (q - p);
      p = q;
    }
  if (runs[0] != 1 || runs[1] != 1 || runs[2] != 1)
    return fail_at (r, node, _("format=\"%s\" must hold one run each of A (authority), Y (year) and N (serial)"), f);
  if (lengths[0] != 2)
    return fail_at (r, node, _("format=\"%s\": the authority code (A) must have 2 digits, as region codes do"), f);
  if (lengths[1] != 4)
    return fail_at (r, node, _("format=\"%s\": the year (Y) must have 4 digits"), f);
  return TRUE;
}

static gboolean
read_deadlines (Reader *r, DboRuleset *self, xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboDeadlineRule *rule;
      g_autofree char *kind = NULL;

      if (!is_element (c, "deadline"))
        continue;
      rule = g_new0 (DboDeadlineRule, 1);
      g_ptr_array_add (self->deadlines, rule);
      rule->id = get_token (c, "id");
      rule->clause = get_attr (c, "clause");
      rule->title_zh = get_attr (c, "title-zh");
      rule->title_en = get_attr (c, "title-en");
      kind = get_token (c, "kind");
      if (g_strcmp0 (kind, "working") == 0)
        rule->kind = DBO_DAYS_WORKING;
      else if (g_strcmp0 (kind, "calendar") == 0)
        rule->kind = DBO_DAYS_CALENDAR;
      else
        return fail_at (r, c, _("kind=\"%s\" is neither “working” nor “calendar”"), kind ? kind : "");
      if (!get_int (r, c, "days", 1, 366, &rule->days))
        return FALSE;
      for (guint i = 0; i + 1 < self->deadlines->len; i++)
        if (g_strcmp0 (((DboDeadlineRule *) g_ptr_array_index (self->deadlines, i))->id, rule->id) == 0)
          return fail_at (r, c, _("the deadline “%s” is given twice"), rule->id);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (required_deadlines); i++)
    if (dbo_ruleset_find_deadline (self, required_deadlines[i]) == NULL)
      return fail_at (r, node, _("the deadline “%s” is missing"), required_deadlines[i]);
  return TRUE;
}

static gboolean
read_campaign (Reader *r, DboRuleset *self, xmlNode *node)
{
  g_autoptr(GError) local = NULL;
  GDate notice, deadline;

  self->campaign_notice = get_token (node, "notice");
  self->campaign_deadline = get_token (node, "deadline");
  self->campaign_clause = get_attr (node, "clause");
  if (!dbo_date_parse (self->campaign_notice, &notice, &local) ||
      !dbo_date_parse (self->campaign_deadline, &deadline, &local))
    return fail_at (r, node, "%s", local->message);
  if (g_date_compare (&deadline, &notice) < 0)
    return fail_at (r, node, _("the deadline %s is before the notice %s"),
                    self->campaign_deadline, self->campaign_notice);
  return TRUE;
}

static gboolean
read_assessment (Reader *r, DboRuleset *self, xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      DboAssessmentPeriod *period;

      if (!is_element (c, "period"))
        continue;
      period = g_new0 (DboAssessmentPeriod, 1);
      g_ptr_array_add (self->periods, period);
      period->clause = get_attr (c, "clause");
      if (!get_int (r, c, "level", 1, 5, &period->level) ||
          !get_int (r, c, "months", 0, 120, &period->months))
        return FALSE;
      for (guint i = 0; i + 1 < self->periods->len; i++)
        if (((DboAssessmentPeriod *) g_ptr_array_index (self->periods, i))->level == period->level)
          return fail_at (r, c, _("the period for level %d is given twice"), period->level);
    }
  return TRUE;
}

static gboolean
read_requirements (Reader *r, DboRuleset *self, xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      Requirement *requirement;

      if (!is_element (c, "requirement"))
        continue;
      requirement = g_new0 (Requirement, 1);
      requirement->id = get_token (c, "id");
      requirement->clause = get_attr (c, "clause");
      g_ptr_array_add (self->requirements, requirement);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (required_requirements); i++)
    if (dbo_ruleset_requirement_clause (self, required_requirements[i]) == NULL)
      return fail_at (r, node, _("the requirement “%s” is missing"), required_requirements[i]);
  return TRUE;
}

static DboRuleset *
ruleset_from_doc (xmlDoc *doc, const char *name, GError **error)
{
  g_autoptr(DboRuleset) self = ruleset_new ();
  Reader r = { name, error };
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *node;
  struct {
    const char *name;
    gboolean (*read) (Reader *, DboRuleset *, xmlNode *);
  } sections[] = {
    { "matrix", read_matrix },
    { "presets", read_presets },
    { "minimums", read_minimums },
    { "panel", read_panel },
    { "regions", read_regions },
    { "routing", read_routing },
    { "review-number", read_review_number },
    { "deadlines", read_deadlines },
    { "campaign", read_campaign },
    { "assessment", read_assessment },
    { "requirements", read_requirements },
  };

  if (root == NULL || !is_element (root, "ruleset"))
    {
      g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                   _("%s: not a rule set (root element <ruleset> in namespace %s expected)"),
                   name, RULESET_NS);
      return NULL;
    }

  self->id = get_token (root, "id");
  self->title = child_text (root, "title");

  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      node = first_child (root, sections[i].name);
      if (node == NULL)
        {
          g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                       _("%s: the rule set has no <%s>"), name, sections[i].name);
          return NULL;
        }
      if (!sections[i].read (&r, self, node))
        return NULL;
    }
  g_ptr_array_sort (self->regions, compare_regions);

  node = first_child (root, "filing");
  if (node == NULL || !get_int (&r, node, "min-level", 1, 5, &self->filing_min))
    {
      if (node == NULL)
        g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                     _("%s: the rule set has no <filing>"), name);
      return NULL;
    }
  self->filing_clause = get_attr (node, "clause");

  node = first_child (root, "materials");
  if (node == NULL || !get_int (&r, node, "min-level", 1, 5, &self->materials_min))
    {
      if (node == NULL)
        g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                     _("%s: the rule set has no <materials>"), name);
      return NULL;
    }
  self->materials_clause = get_attr (node, "clause");
  if (self->materials_min < self->filing_min)
    {
      fail_at (&r, node, _("min-level=\"%d\": the materials of the filing cannot be needed below the filing "
                           "level %d"),
               self->materials_min, self->filing_min);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* ---- loading ---- */

DboRuleset *
dbo_ruleset_load_bytes (GBytes *bytes, const char *name_for_errors, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  const char *name = name_for_errors != NULL ? name_for_errors : "rule set";

  g_return_val_if_fail (bytes != NULL, NULL);

  doc = dbo_xml_load_validated (bytes, "ruleset.xsd", name, DBO_RULESET_ERROR,
                                DBO_RULESET_ERROR_INVALID, error);
  return doc != NULL ? ruleset_from_doc (doc, name, error) : NULL;
}

DboRuleset *
dbo_ruleset_load_file (const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = dbo_xml_read_file_bounded (path, &local);
  if (bytes == NULL)
    {
      g_set_error (error, DBO_RULESET_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? DBO_RULESET_ERROR_NOT_FOUND : DBO_RULESET_ERROR_INVALID,
                   _("cannot read the rule set: %s"), local->message);
      return NULL;
    }
  return dbo_ruleset_load_bytes (bytes, path, error);
}

static gboolean
valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64 || strstr (id, "..") != NULL)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

DboRuleset *
dbo_ruleset_load_named (const char *id, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DboRuleset) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (!valid_id (id))
    {
      g_autofree char *shown = id ? g_utf8_make_valid (id, MIN (strlen (id), 64)) : g_strdup ("");

      g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_NOT_FOUND,
                   _("“%s” is not a rule-set id (letters, digits, “-”, “_” and “.” only)"), shown);
      return NULL;
    }

  path = g_strconcat (RULESET_RESOURCE_DIR, id, ".xml", NULL);
  /* Through the resource itself: this also keeps its object (and the
   * constructor that registers it) from being dropped by the static linker. */
  bytes = g_resource_lookup_data (dbo_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_NOT_FOUND,
                   _("No rule set “%s” is shipped with this version of the application"), id);
      return NULL;
    }

  name = g_strdup_printf ("rulesets/%s.xml", id);
  self = dbo_ruleset_load_bytes (bytes, name, error);
  if (self == NULL)
    return NULL;
  if (g_strcmp0 (self->id, id) != 0)
    {
      g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                   _("%s: the rule set calls itself “%s”, not “%s”"), name, self->id, id);
      return NULL;
    }
  return g_steal_pointer (&self);
}

DboRuleset *
dbo_ruleset_load_default (GError **error)
{
  return dbo_ruleset_load_named (DBO_DEFAULT_RULESET, error);
}

/* ---- queries ---- */

const char *
dbo_ruleset_get_id (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
dbo_ruleset_get_title (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

int
dbo_ruleset_matrix_level (const DboRuleset *self, DboTarget target, DboDegree degree)
{
  g_return_val_if_fail (self != NULL, 0);
  if ((int) target < 0 || target >= DBO_N_TARGETS || (int) degree < 0 || degree >= DBO_N_DEGREES)
    return 0;
  return self->matrix[target][degree];
}

const char *
dbo_ruleset_matrix_clause (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->matrix_clause;
}

static gboolean
minimum_applies (const DboMinimumRule *rule, const DboObject *object)
{
  if (rule->presets != 0 && ((guint) object->preset >= 32 || !(rule->presets & (1u << object->preset))))
    return FALSE;
  if (rule->scopes != 0 && ((guint) object->scope >= 32 || !(rule->scopes & (1u << object->scope))))
    return FALSE;
  if (rule->needs_aggregation && !object->aggregation_platform)
    return FALSE;
  return TRUE;
}

guint
dbo_ruleset_named_systems (const DboRuleset *self, const char **clause_out)
{
  guint presets = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (clause_out != NULL)
    *clause_out = NULL;
  for (guint i = 0; i < self->minimums->len; i++)
    {
      const DboMinimumRule *rule = g_ptr_array_index (self->minimums, i);

      if (rule->presets != 0 && clause_out != NULL && *clause_out == NULL)
        *clause_out = rule->clause;
      presets |= rule->presets;
    }
  return presets;
}

int
dbo_ruleset_minimum_for (const DboRuleset *self, const DboObject *object,
                         const DboMinimumRule **rule_out)
{
  const DboMinimumRule *best = NULL;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (object != NULL, 0);

  for (guint i = 0; i < self->minimums->len; i++)
    {
      const DboMinimumRule *rule = g_ptr_array_index (self->minimums, i);

      if (minimum_applies (rule, object) && (best == NULL || rule->level > best->level))
        best = rule;
    }
  if (rule_out != NULL)
    *rule_out = best;
  return best != NULL ? best->level : 0;
}

const DboPanelRules *
dbo_ruleset_get_panel_rules (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->panel;
}

GPtrArray *
dbo_ruleset_get_presets (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->presets;
}

const DboPresetRule *
dbo_ruleset_find_preset (const DboRuleset *self, DboPreset preset)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->presets->len; i++)
    {
      const DboPresetRule *rule = g_ptr_array_index (self->presets, i);

      if (rule->preset == preset)
        return rule;
    }
  return NULL;
}

const char *
dbo_ruleset_preset_name (const DboRuleset *self, DboPreset preset)
{
  const DboPresetRule *rule = dbo_ruleset_find_preset (self, preset);

  return rule != NULL ? rule->name : "";
}

const char *
dbo_ruleset_member_kind_zh (const DboRuleset *self, DboMemberKind kind)
{
  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail ((guint) kind < DBO_N_MEMBER_KINDS, "");
  return self->panel.kinds[kind].name_zh;
}

const char *
dbo_ruleset_member_kind_name (const DboRuleset *self, DboMemberKind kind)
{
  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail ((guint) kind < DBO_N_MEMBER_KINDS, "");
  return dbo_ruleset_pick_text (self->panel.kinds[kind].name_zh, self->panel.kinds[kind].name_en);
}

const char *
dbo_ruleset_requirement_clause (const DboRuleset *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->requirements->len; i++)
    {
      const Requirement *requirement = g_ptr_array_index (self->requirements, i);

      if (g_strcmp0 (requirement->id, id) == 0)
        return requirement->clause;
    }
  return NULL;
}

const char *
dbo_ruleset_pick_text (const char *zh, const char *en)
{
  /* Translators: the language of a rule set's own texts (its titles and
   * cited rules) to show: "zh" for Chinese, "en" for English. */
  const char *which = C_("rule set text", "en");

  if (g_str_equal (which, "zh"))
    return zh != NULL ? zh : en;
  return en != NULL ? en : zh;
}

int
dbo_ruleset_filing_min_level (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->filing_min;
}

int
dbo_ruleset_materials_min_level (const DboRuleset *self, const char **clause_out)
{
  g_return_val_if_fail (self != NULL, 0);
  if (clause_out != NULL)
    *clause_out = self->materials_clause;
  return self->materials_min;
}

const DboRegion *
dbo_ruleset_find_region (const DboRuleset *self, const char *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_region (self, code);
}

GPtrArray *
dbo_ruleset_get_regions (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->regions;
}

static const EnterpriseRoute *
match_enterprise_route (const DboRuleset *self, const DboEnterprise *enterprise)
{
  for (guint i = 0; i < self->enterprise_routes->len; i++)
    {
      const EnterpriseRoute *route = g_ptr_array_index (self->enterprise_routes, i);

      if (route->kinds != 0 &&
          ((guint) enterprise->kind >= 32 || !(route->kinds & (1u << enterprise->kind))))
        continue;
      if (route->standardizations != 0 &&
          ((guint) enterprise->standardization >= 32 ||
           !(route->standardizations & (1u << enterprise->standardization))))
        continue;
      return route;
    }
  return NULL;                    /* not reached: the loader demands a catch-all */
}

const DboRegion *
dbo_ruleset_province_region (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_region (self, self->province);
}

const DboRegion *
dbo_ruleset_enterprise_office (const DboRuleset *self, const DboEnterprise *enterprise,
                               const char **clause_out)
{
  return find_region (self, dbo_ruleset_route_enterprise (self, enterprise, clause_out));
}

const char *
dbo_ruleset_route_enterprise (const DboRuleset *self, const DboEnterprise *enterprise,
                              const char **clause_out)
{
  const EnterpriseRoute *route;
  const DboRegion *region;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (enterprise != NULL, NULL);

  route = match_enterprise_route (self, enterprise);
  if (clause_out != NULL)
    *clause_out = route != NULL ? route->clause : NULL;
  if (route == NULL)
    return NULL;

  /* The strings returned belong to the rule set, never to the enterprise. */
  if (g_str_equal (route->authority, "city"))
    region = find_region (self, enterprise->city);
  else
    region = find_region (self, route->authority);
  return region != NULL ? region->code : NULL;
}

void
dbo_ruleset_route_object (const DboRuleset *self, const DboEnterprise *enterprise,
                          const DboObject *object, int level, DboRoute *route)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (enterprise != NULL);
  g_return_if_fail (object != NULL);
  g_return_if_fail (route != NULL);

  memset (route, 0, sizeof *route);
  if (level < self->filing_min)
    {
      route->clause = self->filing_clause;
      return;
    }

  for (guint i = 0; i < self->object_routes->len; i++)
    {
      const ObjectRoute *r = g_ptr_array_index (self->object_routes, i);

      if (r->scopes != 0 && ((guint) object->scope >= 32 || !(r->scopes & (1u << object->scope))))
        continue;

      route->reviewed = TRUE;
      route->filed = TRUE;
      route->police = r->police;
      route->clause = r->clause;
      if (g_str_equal (r->authority, "enterprise"))
        route->authority = dbo_ruleset_route_enterprise (self, enterprise, NULL);
      else
        {
          const DboRegion *region = find_region (self, r->authority);

          route->authority = region != NULL ? region->code : NULL;
        }
      route->review_office = find_region (self, route->authority);
      /* "city": the police of the enterprise's own city, wherever it is reviewed. */
      route->police_office = g_str_equal (r->police, "province") ? dbo_ruleset_province_region (self)
                                                                 : find_region (self, enterprise->city);
      return;
    }
}

/* @msgid in the user's language, or as written when @translate is FALSE. */
static const char * G_GNUC_FORMAT (2)
words (gboolean translate, const char *msgid)
{
  return translate ? g_dgettext (GETTEXT_PACKAGE, msgid) : msgid;
}

static gboolean G_GNUC_PRINTF (4, 5)
review_number_error (GError **error, const char *number, gboolean translate, const char *format, ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *shown = g_utf8_make_valid (number, MIN (strlen (number), 40));
  va_list ap;

  va_start (ap, format);
  detail = g_strdup_vprintf (words (translate, format), ap);
  va_end (ap);
  g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
               words (translate, N_("“%s” is not a review number (审核编号): %s")), shown, detail);
  return FALSE;
}

static const char *
run_name (char letter, gboolean translate)
{
  switch (letter)
    {
    case 'A': return words (translate, N_("the authority code"));
    case 'Y': return words (translate, N_("the year"));
    default: return words (translate, N_("the serial number"));
    }
}

/* A finding cites the message as written: its words in `check --json`
 * must not change with the locale. */
static gboolean
check_review_number (const DboRuleset *self, const char *number, gboolean translate, GError **error)
{
  const char *f;
  const char *p;

  g_return_val_if_fail (self != NULL, FALSE);

  f = self->review_format;
  if (number == NULL || *number == '\0')
    {
      g_set_error (error, DBO_RULESET_ERROR, DBO_RULESET_ERROR_INVALID,
                   words (translate, N_("The review number (审核编号) is empty; expected %s")), f);
      return FALSE;
    }

  p = number;
  while (*f != '\0')
    {
      if (*f == 'A' || *f == 'Y' || *f == 'N')
        {
          char letter = *f;
          int want = 0, got = 0;

          while (*f == letter)
            {
              f++;
              want++;
            }
          while (g_ascii_isdigit (p[got]))
            got++;
          if (got != want)
            {
              g_autofree char *digits = g_strndup (p, got);

              if (got == 0)
                return review_number_error (error, number, translate, N_("%s must be %d digits; expected %s"),
                                            run_name (letter, translate), want, self->review_format);
              return review_number_error (error, number, translate,
                                          N_("%s must be %d digits, not “%s”; expected %s"),
                                          run_name (letter, translate), want, digits, self->review_format);
            }
          if (letter == 'A')
            {
              g_autofree char *code = g_strndup (p, got);

              if (find_region (self, code) == NULL)
                {
                  const DboRegion *first = g_ptr_array_index (self->regions, 0);
                  const DboRegion *last = g_ptr_array_index (self->regions, self->regions->len - 1);

                  return review_number_error (error, number, translate,
                                              N_("unknown authority code “%s” (the codes are %s to %s)"),
                                              code, first->code, last->code);
                }
            }
          p += got;
        }
      else
        {
          if (*p != *f)
            return review_number_error (error, number, translate, N_("“%c” expected at character %d; expected %s"),
                                        *f, (int) (p - number) + 1, self->review_format);
          p++;
          f++;
        }
    }
  if (*p != '\0')
    return review_number_error (error, number, translate,
                                N_("extra characters after the serial number; expected %s"), self->review_format);
  return TRUE;
}

gboolean
dbo_ruleset_check_review_number (const DboRuleset *self, const char *number, GError **error)
{
  return check_review_number (self, number, TRUE, error);
}

gboolean
dbo_ruleset_check_review_number_as_written (const DboRuleset *self, const char *number, GError **error)
{
  return check_review_number (self, number, FALSE, error);
}

const char *
dbo_ruleset_review_number_clause (const DboRuleset *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->review_clause;
}

const DboDeadlineRule *
dbo_ruleset_find_deadline (const DboRuleset *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->deadlines->len; i++)
    {
      const DboDeadlineRule *rule = g_ptr_array_index (self->deadlines, i);

      if (g_strcmp0 (rule->id, id) == 0)
        return rule;
    }
  return NULL;
}

void
dbo_ruleset_get_campaign (const DboRuleset *self, const char **notice_out,
                          const char **deadline_out, const char **clause_out)
{
  g_return_if_fail (self != NULL);
  if (notice_out != NULL)
    *notice_out = self->campaign_notice;
  if (deadline_out != NULL)
    *deadline_out = self->campaign_deadline;
  if (clause_out != NULL)
    *clause_out = self->campaign_clause;
}

const DboAssessmentPeriod *
dbo_ruleset_assessment_period (const DboRuleset *self, int level)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->periods->len; i++)
    {
      const DboAssessmentPeriod *period = g_ptr_array_index (self->periods, i);

      if (period->level == level)
        return period;
    }
  return NULL;
}
