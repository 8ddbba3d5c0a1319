#define G_LOG_DOMAIN "dengbao-project-xml"
#include "config.h"

#include "dbo-project-xml.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/c14n.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "dbo-file-util.h"
#include "dbo-xml.h"

typedef struct {
  const char *name;             /* prefixes every message */
  GError **error;
  /* Ids seen so far: a file may hold many thousands of rows, and a linear
   * search per row would let a hostile file keep us busy for hours. */
  GHashTable *objects;          /* object id → DboObject* */
  GHashTable *members;          /* member ids */
  GHashTable *recommendations;  /* object ids with a recommendation */
  GHashTable *attachments;      /* SHA-256 */
  GHashTable *rounds;           /* review rounds */
} Reader;

static gboolean G_GNUC_PRINTF (5, 6)
fail (Reader *r, xmlNode *node, const char *attribute, int code, const char *format, ...)
{
  g_autofree char *path = dbo_xml_node_path (node);
  g_autofree char *detail = NULL;
  va_list ap;

  va_start (ap, format);
  detail = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (r->error, DBO_XML_ERROR, code, "%s: line %ld: %s%s%s: %s",
               r->name, (long) xmlGetLineNo (node), path,
               attribute != NULL ? "/@" : "", attribute != NULL ? attribute : "", detail);
  return FALSE;
}

static gboolean
is_element (xmlNode *node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, (const xmlChar *) DBO_PROJECT_XML_NS) &&
         (name == NULL || xmlStrEqual (node->name, (const xmlChar *) name));
}

static gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What XSD's whiteSpace="collapse" does to a token value, in place. */
static void
collapse (char *s)
{
  char *out = s;
  gboolean pending_space = FALSE;

  for (const char *p = s; *p != '\0'; p++)
    {
      if (is_xml_space (*p))
        {
          pending_space = (out != s);
          continue;
        }
      if (pending_space)
        *out++ = ' ';
      pending_space = FALSE;
      *out++ = *p;
    }
  *out = '\0';
}

/* An attribute's value as written; NULL when absent or empty. */
static char *
attr_text (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *s = NULL;

  if (value != NULL && value[0] != '\0')
    s = g_strdup ((const char *) value);
  xmlFree (value);
  return s;
}

/* An attribute of a token type, whitespace collapsed; NULL when absent or empty. */
static char *
attr_token (xmlNode *node, const char *name)
{
  char *s = attr_text (node, name);

  if (s != NULL)
    {
      collapse (s);
      if (*s == '\0')
        g_clear_pointer (&s, g_free);
    }
  return s;
}

/* The text content of an element, as is (comments skipped). */
static gboolean
element_text (Reader *r, xmlNode *node, char **out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        {
          if (c->content != NULL)
            g_string_append (text, (const char *) c->content);
        }
      else if (c->type == XML_ELEMENT_NODE)
        return fail (r, c, NULL, DBO_XML_ERROR_INVALID, _("an element is not allowed here"));
      if (text->len > DBO_XML_MAX_TEXT)
        return fail (r, node, NULL, DBO_XML_ERROR_TOO_LARGE,
                     _("the text is longer than %d bytes"), DBO_XML_MAX_TEXT);
    }
  g_free (*out);
  *out = text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
  return TRUE;
}

static gboolean
element_token (Reader *r, xmlNode *node, char **out)
{
  if (!element_text (r, node, out))
    return FALSE;
  if (*out != NULL)
    {
      collapse (*out);
      if (**out == '\0')
        g_clear_pointer (out, g_free);
    }
  return TRUE;
}

static gboolean
has_attr (xmlNode *node, const char *name)
{
  return xmlHasNsProp (node, (const xmlChar *) name, NULL) != NULL;
}

static void
take_attr (xmlNode *node, const char *name, char **field)
{
  g_free (*field);
  *field = attr_text (node, name);
}

static void
take_attr_token (xmlNode *node, const char *name, char **field)
{
  g_free (*field);
  *field = attr_token (node, name);
}

static gboolean
parse_enum (Reader *r, xmlNode *node, const char *attribute, const char *value,
            const DboToken *table, int *out)
{
  int v = value != NULL ? dbo_token_lookup (table, value) : -1;

  /* Index 0 of some tables is "not given", with the token "". */
  if (v < 0 || table[v].token[0] == '\0')
    return fail (r, node, attribute, DBO_XML_ERROR_INVALID,
                 _("“%s” is not an accepted value"), value != NULL ? value : "");
  *out = v;
  return TRUE;
}

/* An enumerated attribute; @fallback < 0 when it is required. */
static gboolean
attr_enum (Reader *r, xmlNode *node, const char *attribute, const DboToken *table,
           int fallback, int *out)
{
  g_autofree char *value = attr_token (node, attribute);

  if (value == NULL)
    {
      if (fallback < 0)
        return fail (r, node, attribute, DBO_XML_ERROR_INVALID, _("the attribute is required"));
      *out = fallback;
      return TRUE;
    }
  return parse_enum (r, node, attribute, value, table, out);
}

static gboolean
parse_bool (Reader *r, xmlNode *node, const char *attribute, const char *value, gboolean *out)
{
  if (g_strcmp0 (value, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *out = FALSE;
  else
    return fail (r, node, attribute, DBO_XML_ERROR_INVALID,
                 _("“%s” is not true or false"), value != NULL ? value : "");
  return TRUE;
}

static gboolean
attr_bool (Reader *r, xmlNode *node, const char *attribute, gboolean *out)
{
  g_autofree char *value = attr_token (node, attribute);

  if (value == NULL)
    {
      *out = FALSE;
      return TRUE;
    }
  return parse_bool (r, node, attribute, value, out);
}

/* An integer attribute in [@min, @max]; @absent is stored when it is missing,
 * and a missing attribute is an error when @required. */
static gboolean
attr_int (Reader *r, xmlNode *node, const char *attribute, gboolean required,
          gint64 min, gint64 max, int absent, int *out)
{
  g_autofree char *value = attr_token (node, attribute);
  gint64 v;

  if (value == NULL)
    {
      if (required)
        return fail (r, node, attribute, DBO_XML_ERROR_INVALID, _("the attribute is required"));
      *out = absent;
      return TRUE;
    }
  /* Digits only: no sign, no spaces, as the schema says. */
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      goto bad;
  if (!g_ascii_string_to_signed (value, 10, min, max, &v, NULL))
    goto bad;
  *out = (int) v;
  return TRUE;

bad:
  {
    g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) min);
    g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) max);

    return fail (r, node, attribute, DBO_XML_ERROR_INVALID,
                 _("“%s” is not a whole number from %s to %s"), value, lo, hi);
  }
}

/* A plain decimal number ("12", "3.25"): no sign, exponent, hex, inf or nan,
 * all of which g_ascii_strtod would otherwise accept. */
static gboolean
parse_decimal (const char *s, gsize len, double *out)
{
  char buf[64];
  char *end = NULL;
  gsize i = 0, digits = 0;
  double v;

  if (len == 0 || len >= sizeof buf)
    return FALSE;
  while (i < len && g_ascii_isdigit (s[i]))
    i++, digits++;
  if (i < len && s[i] == '.')
    {
      i++;
      while (i < len && g_ascii_isdigit (s[i]))
        i++, digits++;
    }
  if (i != len || digits == 0)
    return FALSE;
  memcpy (buf, s, len);
  buf[len] = '\0';
  v = g_ascii_strtod (buf, &end);
  if (end != buf + len || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
attr_decimal (Reader *r, xmlNode *node, const char *attribute, double *out)
{
  g_autofree char *value = attr_token (node, attribute);

  if (value == NULL || !parse_decimal (value, strlen (value), out))
    return fail (r, node, attribute, DBO_XML_ERROR_INVALID,
                 _("“%s” is not a number of millimetres"), value != NULL ? value : "");
  return TRUE;
}

static gboolean
unexpected (Reader *r, xmlNode *node)
{
  return fail (r, node, NULL, DBO_XML_ERROR_INVALID, _("the element <%s> is not expected here"),
               (const char *) node->name);
}

/* ---- enterprise ---- */

static void
read_person (xmlNode *node, DboPerson *person, gboolean with_mobile)
{
  take_attr (node, "name", &person->name);
  take_attr (node, "title", &person->title);
  take_attr (node, "office-phone", &person->office_phone);
  if (with_mobile)
    take_attr (node, "mobile", &person->mobile);
  take_attr (node, "email", &person->email);
}

static gboolean
read_enterprise (Reader *r, xmlNode *node, DboEnterprise *e)
{
  int kind, std;

  if (!attr_enum (r, node, "kind", dbo_enterprise_kind_tokens, -1, &kind) ||
      !attr_enum (r, node, "standardization", dbo_standardization_tokens, DBO_STD_UNRATED, &std))
    return FALSE;
  e->kind = kind;
  e->standardization = std;
  /* dbo_project_new() fills in defaults; the file says what is there. */
  g_clear_pointer (&e->industry_code, g_free);

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "name"))
        {
          if (!element_text (r, c, &e->name))
            return FALSE;
        }
      else if (is_element (c, "credit-code"))
        {
          if (!element_token (r, c, &e->credit_code))
            return FALSE;
        }
      else if (is_element (c, "address"))
        {
          take_attr_token (c, "city", &e->city);
          take_attr (c, "county", &e->county);
          take_attr (c, "town", &e->town);
          take_attr (c, "detail", &e->address_detail);
          take_attr_token (c, "postcode", &e->postcode);
          take_attr_token (c, "division-code", &e->division_code);
        }
      else if (is_element (c, "group-company"))
        {
          if (!element_text (r, c, &e->group_company))
            return FALSE;
        }
      else if (is_element (c, "head"))
        read_person (c, &e->head, FALSE);
      else if (is_element (c, "department"))
        {
          if (!element_text (r, c, &e->department))
            return FALSE;
        }
      else if (is_element (c, "contact"))
        read_person (c, &e->contact, TRUE);
      else if (is_element (c, "affiliation"))
        {
          take_attr_token (c, "code", &e->affiliation_code);
          take_attr (c, "other", &e->affiliation_other);
        }
      else if (is_element (c, "unit-type"))
        {
          take_attr_token (c, "code", &e->unit_type_code);
          take_attr (c, "other", &e->unit_type_other);
        }
      else if (is_element (c, "industry"))
        {
          take_attr_token (c, "code", &e->industry_code);
          take_attr (c, "other", &e->industry_other);
        }
      else if (is_element (c, "named-systems"))
        {
          g_autofree char *list = attr_token (c, "not-run");
          g_auto(GStrv) tokens = g_strsplit (list != NULL ? list : "", " ", -1);

          for (guint i = 0; tokens[i] != NULL; i++)
            {
              int preset;

              if (*tokens[i] == '\0')
                continue;
              if (!parse_enum (r, c, "not-run", tokens[i], dbo_preset_tokens, &preset))
                return FALSE;
              e->not_run |= 1u << preset;
            }
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

/* ---- objects ---- */

static gboolean
read_aspect (Reader *r, xmlNode *node, DboAspectGrading *aspect)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "description"))
        {
          if (!element_text (r, c, &aspect->description))
            return FALSE;
        }
      else if (is_element (c, "harm"))
        {
          int target, degree;
          DboHarm harm;

          if (!attr_enum (r, c, "object", dbo_target_tokens, -1, &target) ||
              !attr_enum (r, c, "degree", dbo_degree_tokens, -1, &degree))
            return FALSE;
          for (guint i = 0; i < aspect->harms->len; i++)
            if (g_array_index (aspect->harms, DboHarm, i).target == (DboTarget) target)
              return fail (r, c, NULL, DBO_XML_ERROR_INVALID,
                           _("a second harm to “%s” in the same aspect; each object of harm "
                             "is given one degree"),
                           dbo_token_name (dbo_target_tokens, target));
          harm.target = target;
          harm.degree = degree;
          g_array_append_val (aspect->harms, harm);
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

static gboolean
read_grading (Reader *r, xmlNode *node, DboObject *o)
{
  take_attr_token (node, "drafted", &o->drafted);
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "business"))
        {
          if (!read_aspect (r, c, &o->aspects[DBO_ASPECT_BUSINESS]))
            return FALSE;
        }
      else if (is_element (c, "service"))
        {
          if (!read_aspect (r, c, &o->aspects[DBO_ASPECT_SERVICE]))
            return FALSE;
        }
      else if (is_element (c, "override"))
        {
          /* A missing reason is the checks' finding, not a reason to refuse the file. */
          if (!attr_int (r, c, "level", TRUE, 1, 5, 0, &o->override_level))
            return FALSE;
          for (xmlNode *rc = c->children; rc != NULL; rc = rc->next)
            {
              if (rc->type != XML_ELEMENT_NODE)
                continue;
              if (!is_element (rc, "reason"))
                return unexpected (r, rc);
              if (!element_text (r, rc, &o->override_reason))
                return FALSE;
            }
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

static gboolean
read_products (Reader *r, xmlNode *node, DboObject *o)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      int kind, domestic;
      DboProduct *p;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, "product"))
        return unexpected (r, c);
      if (!attr_enum (r, c, "kind", dbo_product_kind_tokens, -1, &kind) ||
          !attr_enum (r, c, "domestic", dbo_domestic_tokens, -1, &domestic))
        return FALSE;
      p = dbo_product_new (kind);
      g_ptr_array_add (o->products, p);
      p->domestic = domestic;
      take_attr (c, "other", &p->other);
      if (!attr_int (r, c, "count", FALSE, 0, 999999999, -1, &p->count) ||
          !attr_int (r, c, "percent", FALSE, 0, 100, -1, &p->percent))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_services (Reader *r, xmlNode *node, DboObject *o)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      int kind, provider;
      DboServiceUse *s;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, "service"))
        return unexpected (r, c);
      if (!attr_enum (r, c, "kind", dbo_service_kind_tokens, -1, &kind) ||
          !attr_enum (r, c, "provider", dbo_provider_tokens, DBO_PROVIDER_NONE, &provider))
        return FALSE;
      s = dbo_service_use_new (kind);
      g_ptr_array_add (o->services, s);
      s->provider = provider;
      take_attr (c, "other", &s->other);
      if (!attr_bool (r, c, "used", &s->used))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_materials (Reader *r, xmlNode *node, DboObject *o)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      g_autofree char *attachment = NULL;
      gboolean present;
      int item;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, "material"))
        return unexpected (r, c);
      if (!attr_int (r, c, "item", TRUE, 1, 7, 0, &item) ||
          !attr_bool (r, c, "present", &present))
        return FALSE;
      attachment = attr_token (c, "attachment");
      g_ptr_array_add (o->materials, dbo_material_new (item, present, attachment));
    }
  return TRUE;
}

static gboolean
read_object (Reader *r, xmlNode *node, DboProject *project)
{
  g_autofree char *id = attr_token (node, "id");
  DboObject *o;
  int type, status;

  if (id == NULL)
    return fail (r, node, "id", DBO_XML_ERROR_INVALID, _("the attribute is required"));
  if (!attr_enum (r, node, "type", dbo_object_type_tokens, DBO_OBJ_SYSTEM, &type) ||
      !attr_enum (r, node, "status", dbo_object_status_tokens, DBO_STATUS_OPERATING, &status))
    return FALSE;
  if (g_hash_table_contains (r->objects, id))
    return fail (r, node, "id", DBO_XML_ERROR_INVALID, _("the object id “%s” is used twice"), id);

  o = dbo_object_new (id);
  g_ptr_array_add (project->objects, o);
  g_hash_table_insert (r->objects, o->id, o);
  o->type = type;
  o->status = status;
  take_attr (node, "number", &o->number);

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "name"))
        {
          if (!element_text (r, c, &o->name))
            return FALSE;
        }
      else if (is_element (c, "preset"))
        {
          g_autofree char *value = NULL;
          int preset;

          if (!element_token (r, c, &value) || !parse_enum (r, c, NULL, value, dbo_preset_tokens, &preset))
            return FALSE;
          o->preset = preset;
        }
      else if (is_element (c, "scope"))
        {
          g_autofree char *value = NULL;
          int scope;

          if (!element_token (r, c, &value) || !parse_enum (r, c, NULL, value, dbo_scope_tokens, &scope))
            return FALSE;
          o->scope = scope;
        }
      else if (is_element (c, "aggregation-platform"))
        {
          g_autofree char *value = NULL;

          if (!element_token (r, c, &value) ||
              !parse_bool (r, c, NULL, value, &o->aggregation_platform))
            return FALSE;
        }
      else if (is_element (c, "department"))
        {
          if (!element_text (r, c, &o->department))
            return FALSE;
        }
      else if (is_element (c, "owner"))
        {
          take_attr (c, "name", &o->owner_name);
          take_attr (c, "phone", &o->owner_phone);
        }
      else if (is_element (c, "operation-date"))
        {
          if (!element_token (r, c, &o->operation_date))
            return FALSE;
        }
      else if (is_element (c, "business"))
        {
          take_attr_token (c, "types", &o->business_types);
          take_attr (c, "other", &o->business_other);
          if (!element_text (r, c, &o->business_description))
            return FALSE;
        }
      else if (is_element (c, "service"))
        {
          take_attr_token (c, "scope", &o->service_scope);
          take_attr_token (c, "targets", &o->service_targets);
          take_attr (c, "other", &o->service_other);
          if (has_attr (c, "targets-other"))
            take_attr (c, "targets-other", &o->service_targets_other);
          else
            dbo_object_split_service_other (o);
          if (!attr_int (r, c, "scope-count", FALSE, 0, 999999999, -1, &o->service_scope_count))
            return FALSE;
        }
      else if (is_element (c, "network"))
        {
          take_attr_token (c, "coverage", &o->network_coverage);
          take_attr_token (c, "nature", &o->network_nature);
          take_attr (c, "other", &o->network_other);
          if (has_attr (c, "nature-other"))
            take_attr (c, "nature-other", &o->network_nature_other);
          else
            dbo_object_split_network_other (o);
        }
      else if (is_element (c, "interconnection"))
        {
          take_attr_token (c, "codes", &o->interconnection_codes);
          take_attr (c, "other", &o->interconnection_other);
        }
      else if (is_element (c, "products"))
        {
          if (!read_products (r, c, o))
            return FALSE;
        }
      else if (is_element (c, "services"))
        {
          if (!read_services (r, c, o))
            return FALSE;
        }
      else if (is_element (c, "assessment-body"))
        {
          if (!element_text (r, c, &o->assessment_body))
            return FALSE;
        }
      else if (is_element (c, "parent-system"))
        {
          take_attr (c, "name", &o->parent_name);
          take_attr (c, "unit", &o->parent_unit);
        }
      else if (is_element (c, "grading"))
        {
          if (!read_grading (r, c, o))
            return FALSE;
        }
      else if (is_element (c, "materials"))
        {
          if (!read_materials (r, c, o))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

/* ---- panel ---- */

/* "x,y,pressure x,y,pressure …", every point inside the box. */
static gboolean
read_stroke (Reader *r, xmlNode *node, double width, double height, GPtrArray *strokes)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DboPoint));
  const char *p;
  guint n = 0;

  if (!element_text (r, node, &text))
    return FALSE;
  p = text != NULL ? text : "";
  for (;;)
    {
      const char *start, *end, *c1, *c2;
      DboPoint pt;

      while (is_xml_space (*p))
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && !is_xml_space (*p))
        p++;
      end = p;
      n++;
      c1 = memchr (start, ',', end - start);
      c2 = c1 != NULL ? memchr (c1 + 1, ',', end - c1 - 1) : NULL;
      if (c2 == NULL || memchr (c2 + 1, ',', end - c2 - 1) != NULL ||
          !parse_decimal (start, c1 - start, &pt.x) ||
          !parse_decimal (c1 + 1, c2 - c1 - 1, &pt.y) ||
          !parse_decimal (c2 + 1, end - c2 - 1, &pt.pressure))
        return fail (r, node, NULL, DBO_XML_ERROR_INVALID,
                     _("point %u “%.*s” is not of the form x,y,pressure with plain numbers"),
                     n, (int) MIN (end - start, 40), start);
      if (pt.x > width || pt.y > height || pt.pressure > 1.0)
        {
          char wbuf[G_ASCII_DTOSTR_BUF_SIZE], hbuf[G_ASCII_DTOSTR_BUF_SIZE];

          return fail (r, node, NULL, DBO_XML_ERROR_INVALID,
                       _("point %u “%.*s” lies outside the %s × %s mm box or has a pressure above 1"),
                       n, (int) MIN (end - start, 40), start,
                       g_ascii_formatd (wbuf, sizeof wbuf, "%.2f", width),
                       g_ascii_formatd (hbuf, sizeof hbuf, "%.2f", height));
        }
      g_array_append_val (points, pt);
    }
  if (points->len == 0)
    return fail (r, node, NULL, DBO_XML_ERROR_INVALID, _("the stroke has no points"));
  g_ptr_array_add (strokes, g_steal_pointer (&points));
  return TRUE;
}

static gboolean
read_signature (Reader *r, xmlNode *node, DboMember *m)
{
  if (!attr_decimal (r, node, "width-mm", &m->sig_width_mm) ||
      !attr_decimal (r, node, "height-mm", &m->sig_height_mm))
    return FALSE;
  take_attr_token (node, "signed", &m->sig_signed);
  g_clear_pointer (&m->strokes, g_ptr_array_unref);
  m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, "stroke"))
        return unexpected (r, c);
      if (!read_stroke (r, c, m->sig_width_mm, m->sig_height_mm, m->strokes))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_member (Reader *r, xmlNode *node, DboProject *project)
{
  g_autofree char *id = attr_token (node, "id");
  DboMember *m;
  int kind;

  if (id == NULL)
    return fail (r, node, "id", DBO_XML_ERROR_INVALID, _("the attribute is required"));
  if (g_hash_table_contains (r->members, id))
    return fail (r, node, "id", DBO_XML_ERROR_INVALID, _("the member id “%s” is used twice"), id);
  if (!attr_enum (r, node, "kind", dbo_member_kind_tokens, -1, &kind))
    return FALSE;
  m = dbo_member_new (id);
  g_ptr_array_add (project->panel.members, m);
  g_hash_table_add (r->members, m->id);
  m->kind = kind;
  if (!attr_bool (r, node, "leader", &m->leader))
    return FALSE;

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "name"))
        {
          if (!element_text (r, c, &m->name))
            return FALSE;
        }
      else if (is_element (c, "unit"))
        {
          if (!element_text (r, c, &m->unit))
            return FALSE;
        }
      else if (is_element (c, "title"))
        {
          if (!element_text (r, c, &m->title))
            return FALSE;
        }
      else if (is_element (c, "phone"))
        {
          if (!element_text (r, c, &m->phone))
            return FALSE;
        }
      else if (is_element (c, "signature"))
        {
          if (!read_signature (r, c, m))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

static gboolean
read_reason_child (Reader *r, xmlNode *node, const char *name, char **out)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, name))
        return unexpected (r, c);
      if (!element_text (r, c, out))
        return FALSE;
    }
  return TRUE;
}

/* <reason> then any number of <dissent member="…">, each naming a member
 * read before (members come first in a panel). */
static gboolean
read_recommendation_children (Reader *r, xmlNode *node, DboRecommendation *rec)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "reason"))
        {
          if (!element_text (r, c, &rec->reason))
            return FALSE;
        }
      else if (is_element (c, "dissent"))
        {
          g_autofree char *member = attr_token (c, "member");
          DboDissent *d;

          if (member == NULL)
            return fail (r, c, "member", DBO_XML_ERROR_INVALID, _("the attribute is required"));
          if (!g_hash_table_contains (r->members, member))
            return fail (r, c, "member", DBO_XML_ERROR_INVALID,
                         _("there is no panel member with the id “%s”"), member);
          d = dbo_dissent_new (member, NULL);
          g_ptr_array_add (rec->dissents, d);
          if (!element_text (r, c, &d->text))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

static gboolean
read_panel (Reader *r, xmlNode *node, DboProject *project)
{
  DboPanel *panel = &project->panel;

  take_attr_token (node, "date", &panel->date);
  take_attr (node, "organiser", &panel->organiser);
  take_attr (node, "location", &panel->location);

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "member"))
        {
          if (!read_member (r, c, project))
            return FALSE;
        }
      else if (is_element (c, "recommendation"))
        {
          g_autofree char *object = attr_token (c, "object");
          DboRecommendation *rec;
          int level;

          if (object == NULL)
            return fail (r, c, "object", DBO_XML_ERROR_INVALID, _("the attribute is required"));
          if (!g_hash_table_contains (r->objects, object))
            return fail (r, c, "object", DBO_XML_ERROR_INVALID,
                         _("there is no object with the id “%s”"), object);
          if (g_hash_table_contains (r->recommendations, object))
            return fail (r, c, "object", DBO_XML_ERROR_INVALID,
                         _("a second recommendation for the object “%s”"), object);
          if (!attr_int (r, c, "level", TRUE, 1, 5, 0, &level))
            return FALSE;
          rec = dbo_recommendation_new (object, level, NULL);
          g_ptr_array_add (panel->recommendations, rec);
          g_hash_table_add (r->recommendations, rec->object_id);
          if (!read_recommendation_children (r, c, rec))
            return FALSE;
        }
      else if (is_element (c, "previous-conclusion"))
        {
          DboPreviousConclusion *prev = dbo_previous_conclusion_new ();

          g_ptr_array_add (panel->history, prev);
          if (!attr_bool (r, c, "materials-complete", &prev->materials_complete) ||
              !attr_bool (r, c, "division-reasonable", &prev->division_reasonable))
            return FALSE;
          take_attr_token (c, "concluded", &prev->concluded);
          take_attr_token (c, "data-sha256", &prev->data_sha256);
          take_attr_token (c, "superseded", &prev->superseded);
          if (!read_reason_child (r, c, "note", &prev->note))
            return FALSE;
        }
      else if (is_element (c, "conclusion"))
        {
          DboConclusion *con = &panel->conclusion;

          con->present = TRUE;
          if (!attr_bool (r, c, "materials-complete", &con->materials_complete) ||
              !attr_bool (r, c, "division-reasonable", &con->division_reasonable))
            return FALSE;
          take_attr_token (c, "concluded", &con->concluded);
          take_attr_token (c, "data-sha256", &con->data_sha256);
          if (!read_reason_child (r, c, "note", &con->note))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

/* ---- reviews, filing, assessments, attachments ---- */

static gboolean
read_review (Reader *r, xmlNode *node, DboProject *project)
{
  g_autofree char *outcome = attr_token (node, "outcome");
  DboReview *review;
  int round;

  if (!attr_int (r, node, "round", TRUE, 1, 999, 0, &round))
    return FALSE;
  if (g_hash_table_contains (r->rounds, GINT_TO_POINTER (round)))
    return fail (r, node, "round", DBO_XML_ERROR_INVALID, _("round %d is given twice"), round);
  g_hash_table_add (r->rounds, GINT_TO_POINTER (round));

  review = dbo_review_new (round);
  g_ptr_array_add (project->reviews, review);
  take_attr_token (node, "authority", &review->authority);
  take_attr_token (node, "submitted", &review->submitted);
  take_attr_token (node, "decided", &review->decided);
  take_attr_token (node, "number", &review->number);
  if (outcome != NULL)
    {
      int v;

      if (!parse_enum (r, node, "outcome", outcome, dbo_outcome_tokens, &v))
        return FALSE;
      review->has_outcome = TRUE;
      review->outcome = v;
    }

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "level"))
        {
          g_autofree char *object = attr_token (c, "object");
          DboReviewLevel level = { NULL, 0 };

          if (object == NULL)
            return fail (r, c, "object", DBO_XML_ERROR_INVALID, _("the attribute is required"));
          if (!g_hash_table_contains (r->objects, object))
            return fail (r, c, "object", DBO_XML_ERROR_INVALID,
                         _("there is no object with the id “%s”"), object);
          /* A review lists each object once, so this stays small. */
          for (guint i = 0; i < review->levels->len; i++)
            if (g_strcmp0 (g_array_index (review->levels, DboReviewLevel, i).object_id, object) == 0)
              return fail (r, c, "object", DBO_XML_ERROR_INVALID,
                           _("a second level for the object “%s” in the same review"), object);
          if (!attr_int (r, c, "value", TRUE, 1, 5, 0, &level.value))
            return FALSE;
          level.object_id = g_steal_pointer (&object);
          g_array_append_val (review->levels, level);
        }
      else if (is_element (c, "opinion"))
        {
          if (!element_text (r, c, &review->opinion))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  return TRUE;
}

static gboolean
read_list (Reader *r, xmlNode *node, const char *child_name,
           gboolean (*read_one) (Reader *, xmlNode *, DboProject *), DboProject *project)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (c, child_name))
        return unexpected (r, c);
      if (!read_one (r, c, project))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_assessment (Reader *r, xmlNode *node, DboProject *project)
{
  g_autofree char *object = attr_token (node, "object");
  DboAssessment *a;

  if (object == NULL)
    return fail (r, node, "object", DBO_XML_ERROR_INVALID, _("the attribute is required"));
  if (!g_hash_table_contains (r->objects, object))
    return fail (r, node, "object", DBO_XML_ERROR_INVALID,
                 _("there is no object with the id “%s”"), object);
  a = dbo_assessment_new (object);
  g_ptr_array_add (project->assessments, a);
  take_attr_token (node, "date", &a->date);
  take_attr (node, "body", &a->body);
  take_attr (node, "report", &a->report);
  return TRUE;
}

static gboolean
read_attachment (Reader *r, xmlNode *node, DboProject *project)
{
  g_autofree char *sha256 = attr_token (node, "sha256");
  g_autofree char *name = attr_text (node, "name");
  g_autofree char *media_type = attr_token (node, "media-type");
  g_autofree char *path = attr_token (node, "path");
  g_autofree char *expected = NULL;
  DboAttachment *a;

  if (sha256 == NULL)
    return fail (r, node, "sha256", DBO_XML_ERROR_INVALID, _("the attribute is required"));
  if (g_hash_table_contains (r->attachments, sha256))
    return fail (r, node, "sha256", DBO_XML_ERROR_INVALID,
                 _("the attachment %s is listed twice"), sha256);
  /* The bytes live at a path derived from the hash, never at one the file chooses. */
  expected = g_strconcat ("attachments/", sha256, NULL);
  if (path != NULL && strcmp (path, expected) != 0)
    return fail (r, node, "path", DBO_XML_ERROR_INVALID,
                 _("the path “%s” is not %s"), path, expected);

  a = dbo_attachment_new (name, media_type, NULL);
  a->sha256 = g_steal_pointer (&sha256);
  g_ptr_array_add (project->attachments, a);
  g_hash_table_add (r->attachments, a->sha256);
  return TRUE;
}

static gboolean
read_project (Reader *r, xmlNode *root, DboProject *project)
{
  gboolean seen_enterprise = FALSE, seen_objects = FALSE;

  take_attr_token (root, "format-version", &project->format_version);
  take_attr_token (root, "id", &project->id);
  take_attr_token (root, "ruleset", &project->ruleset);
  if (project->id == NULL)
    return fail (r, root, "id", DBO_XML_ERROR_INVALID, _("the attribute is required"));
  if (project->ruleset == NULL)
    return fail (r, root, "ruleset", DBO_XML_ERROR_INVALID, _("the attribute is required"));

  for (xmlNode *c = root->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_element (c, "title"))
        {
          if (!element_text (r, c, &project->title))
            return FALSE;
        }
      else if (is_element (c, "enterprise"))
        {
          seen_enterprise = TRUE;
          if (!read_enterprise (r, c, &project->enterprise))
            return FALSE;
        }
      else if (is_element (c, "objects"))
        {
          seen_objects = TRUE;
          for (xmlNode *o = c->children; o != NULL; o = o->next)
            {
              if (o->type != XML_ELEMENT_NODE)
                continue;
              if (!is_element (o, "object"))
                return unexpected (r, o);
              if (!read_object (r, o, project))
                return FALSE;
            }
        }
      else if (is_element (c, "panel"))
        {
          if (!read_panel (r, c, project))
            return FALSE;
        }
      else if (is_element (c, "reviews"))
        {
          if (!read_list (r, c, "review", read_review, project))
            return FALSE;
        }
      else if (is_element (c, "filing"))
        {
          project->has_filing = TRUE;
          take_attr (c, "office", &project->filing.office);
          take_attr_token (c, "submitted", &project->filing.submitted);
          take_attr (c, "certificate", &project->filing.certificate);
          take_attr_token (c, "certificate-date", &project->filing.certificate_date);
        }
      else if (is_element (c, "assessments"))
        {
          if (!read_list (r, c, "assessment", read_assessment, project))
            return FALSE;
        }
      else if (is_element (c, "attachments"))
        {
          if (!read_list (r, c, "attachment", read_attachment, project))
            return FALSE;
        }
      else
        return unexpected (r, c);
    }
  if (!seen_enterprise)
    return fail (r, root, NULL, DBO_XML_ERROR_INVALID, _("the element <enterprise> is missing"));
  if (!seen_objects)
    return fail (r, root, NULL, DBO_XML_ERROR_INVALID, _("the element <objects> is missing"));
  return TRUE;
}

/* Says what the document is when it is not a project.xml we can read: a
 * clearer message than the schema's, and a newer format is named as such. */
static gboolean
check_root (Reader *r, xmlNode *root)
{
  const char *ns = (root->ns != NULL && root->ns->href != NULL) ? (const char *) root->ns->href : NULL;
  static const char ns_prefix[] = "urn:dengbao:project:";
  g_autofree char *version = NULL;

  if (!xmlStrEqual (root->name, (const xmlChar *) "project"))
    return fail (r, root, NULL, DBO_XML_ERROR_SCHEMA,
                 _("this is not a Dengbao project: the root element is <%s>, not <project> "
                   "in the namespace %s"), (const char *) root->name, DBO_PROJECT_XML_NS);

  if (ns != NULL && g_str_has_prefix (ns, ns_prefix) && strcmp (ns, DBO_PROJECT_XML_NS) != 0)
    {
      guint64 v;

      if (g_ascii_string_to_unsigned (ns + strlen (ns_prefix), 10, 2, G_MAXUINT32, &v, NULL))
        return fail (r, root, NULL, DBO_XML_ERROR_SCHEMA,
                     _("the namespace %s is of a newer project format than this application "
                       "supports (%s)"), ns, DBO_PROJECT_XML_NS);
    }
  if (ns == NULL)
    return fail (r, root, NULL, DBO_XML_ERROR_SCHEMA,
                 _("wrong namespace: <project> is in no namespace, a Dengbao project is in "
                   "the namespace %s"), DBO_PROJECT_XML_NS);
  if (strcmp (ns, DBO_PROJECT_XML_NS) != 0)
    return fail (r, root, NULL, DBO_XML_ERROR_SCHEMA,
                 _("wrong namespace: <project> is in the namespace %s, a Dengbao project is in "
                   "the namespace %s"), ns, DBO_PROJECT_XML_NS);

  version = attr_token (root, "format-version");
  if (version != NULL && strcmp (version, DBO_PROJECT_XML_FORMAT_VERSION) != 0)
    {
      guint64 v;

      if (g_ascii_string_to_unsigned (version, 10, 2, G_MAXUINT32, &v, NULL))
        return fail (r, root, "format-version", DBO_XML_ERROR_SCHEMA,
                     _("format-version %s is newer than this application supports (it reads "
                       "format-version %s)"), version, DBO_PROJECT_XML_FORMAT_VERSION);
      return fail (r, root, "format-version", DBO_XML_ERROR_SCHEMA,
                   _("format-version “%s” is not supported (this application reads "
                     "format-version %s)"), version, DBO_PROJECT_XML_FORMAT_VERSION);
    }
  return TRUE;
}

DboProject *
dbo_project_xml_read (const char *data, gsize len, const char *name_for_errors, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(DboProject) project = NULL;
  Reader r = { name_for_errors != NULL ? name_for_errors : "project.xml", error };
  xmlNode *root;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = dbo_xml_parse_untrusted (data != NULL ? data : "", len, r.name, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED,
                   _("%s: there is no root element"), r.name);
      return NULL;
    }
  if (!check_root (&r, root))
    return NULL;
  if (!dbo_xml_validate (doc, "project.xsd", r.name, error))
    return NULL;

  project = dbo_project_new ();
  /* The keys point into the project's own strings, which outlive the tables. */
  r.objects = g_hash_table_new (g_str_hash, g_str_equal);
  r.members = g_hash_table_new (g_str_hash, g_str_equal);
  r.recommendations = g_hash_table_new (g_str_hash, g_str_equal);
  r.attachments = g_hash_table_new (g_str_hash, g_str_equal);
  r.rounds = g_hash_table_new (NULL, NULL);
  ok = read_project (&r, root, project);
  g_hash_table_unref (r.objects);
  g_hash_table_unref (r.members);
  g_hash_table_unref (r.recommendations);
  g_hash_table_unref (r.attachments);
  g_hash_table_unref (r.rounds);
  if (!ok)
    return NULL;
  return g_steal_pointer (&project);
}

/* An unpacked bundle, or a project.xml kept with its files: the bytes of
 * each listed attachment are read from attachments/<sha256> beside it when
 * that file is there, and must have that SHA-256. An attachment without its
 * file stays described only (a paper attachment, named on 表四). */
static gboolean
load_attachments (DboProject *project, const char *folder, GError **error)
{
  for (guint i = 0; i < project->attachments->len; i++)
    {
      DboAttachment *a = g_ptr_array_index (project->attachments, i);
      g_autofree char *file = NULL, *display = NULL, *contents = NULL, *sha256 = NULL;
      GStatBuf st;
      gsize len = 0;

      if (a->data != NULL || a->sha256 == NULL)
        continue;
      file = g_build_filename (folder, "attachments", a->sha256, NULL);
      if (g_stat (file, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      display = g_filename_display_name (file);
      if (st.st_size > DBO_XML_MAX_ATTACHMENT)
        {
          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                       _("%s: the attachment is larger than the %d MiB allowed"), display,
                       DBO_XML_MAX_ATTACHMENT / (1024 * 1024));
          return FALSE;
        }
      if (!g_file_get_contents (file, &contents, &len, error))
        return FALSE;
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      if (g_ascii_strcasecmp (sha256, a->sha256) != 0)
        {
          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_INVALID,
                       _("%s: the file's SHA-256 is %s, not the %s its name and project.xml give"), display,
                       sha256, a->sha256);
          return FALSE;
        }
      a->data = g_bytes_new_take (g_steal_pointer (&contents), len);
    }
  return TRUE;
}

DboProject *
dbo_project_xml_read_file (const char *path, GError **error)
{
  g_autoptr(DboProject) project = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *display = NULL;
  g_autofree char *data = NULL;
  GStatBuf st;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  /* Refuse what is not a plain file of a sane size before reading a byte of it
   * (a FIFO or a device would block or never end). */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not open %s: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is not a regular file"), display);
      return NULL;
    }
  if (st.st_size > DBO_XML_MAX_DOCUMENT)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) st.st_size);

      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                   _("%s: the file is %s bytes, more than the %d allowed"),
                   display, size, DBO_XML_MAX_DOCUMENT);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  project = dbo_project_xml_read (data, len, display, error);
  if (project == NULL)
    return NULL;
  folder = g_path_get_dirname (path);
  if (!load_attachments (project, folder, error))
    return NULL;
  return g_steal_pointer (&project);
}

char *
dbo_project_xml_canonical (const char *data, gsize len, gsize *len_out, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlChar *c14n = NULL;
  char *out;
  int n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = dbo_xml_parse_untrusted (data != NULL ? data : "", len, "project.xml", error);
  if (doc == NULL)
    return NULL;
  n = xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 0, &c14n);
  if (n < 0 || c14n == NULL)
    {
      xmlFree (c14n);
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED,
                   _("project.xml: the canonical form could not be made"));
      return NULL;
    }
  out = g_malloc ((gsize) n + 1);
  memcpy (out, c14n, (gsize) n);
  out[n] = '\0';
  xmlFree (c14n);
  if (len_out != NULL)
    *len_out = (gsize) n;
  return out;
}
