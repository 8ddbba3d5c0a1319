#define G_LOG_DOMAIN "dengbao-xml"
#include "config.h"

#include "dbo-xml.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (dbo-xml-error-quark, dbo_xml_error)

#define SCHEMA_RESOURCE "/io/github/dengbao/Dengbao/core/schema/"

/* None of our formats uses a DTD, so any DOCTYPE is refused before libxml2
 * sees it: that closes XXE, external DTDs and entity expansion at once. */
static gboolean
has_doctype (const char *data, gsize len)
{
  static const char needle[] = "<!DOCTYPE";
  const gsize n = sizeof needle - 1;

  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == '<' && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The end of the first @needle at or after @p, or @end; counts the lines passed. */
static const char *
skip_past (const char *p, const char *end, const char *needle, long *line)
{
  const gsize n = strlen (needle);

  for (; p < end; p++)
    {
      if (*p == '\n')
        (*line)++;
      else if (*p == needle[0] && (gsize) (end - p) >= n && memcmp (p, needle, n) == 0)
        return p + n;
    }
  return end;
}

static const char *
skip_space (const char *p, const char *end, long *line)
{
  for (; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
    if (*p == '\n')
      (*line)++;
  return p;
}

static gboolean
is_name_end (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/' || c == '=';
}

/* libxml2 2.9 checks each attribute (and namespace declaration) of an element
 * against every earlier one: 100,000 attributes take half a minute. One
 * linear pass over the bytes bounds attributes, names and depth before it
 * parses. It is lenient: what it does not understand it leaves to the parser,
 * which refuses it; it only ever counts too much on malformed input. */
static gboolean
check_structure (const char *data, gsize len, const char *name, GError **error)
{
  const char *p = data, *end = data + len;
  long line = 1;
  int depth = 0;

  while (p < end)
    {
      const char *tag;
      long tag_line;
      int tag_len;
      int n_attributes = 0;
      gboolean empty = FALSE;

      p = skip_past (p, end, "<", &line);
      if (p >= end)
        break;
      if (*p == '?')
        {
          p = skip_past (p, end, "?>", &line);
          continue;
        }
      if (*p == '!')
        {
          if ((gsize) (end - p) >= 3 && memcmp (p, "!--", 3) == 0)
            p = skip_past (p + 3, end, "-->", &line);
          else if ((gsize) (end - p) >= 8 && memcmp (p, "![CDATA[", 8) == 0)
            p = skip_past (p + 8, end, "]]>", &line);
          else
            p = skip_past (p, end, ">", &line);
          continue;
        }
      if (*p == '/')
        {
          depth = MAX (depth - 1, 0);
          p = skip_past (p, end, ">", &line);
          continue;
        }

      tag = p;
      tag_line = line;
      while (p < end && !is_name_end (*p))
        p++;
      tag_len = (int) (p - tag);
      if (tag_len > DBO_XML_MAX_NAME)
        {
          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                       _("%s:%ld: an element name is longer than %d bytes"),
                       name, tag_line, DBO_XML_MAX_NAME);
          return FALSE;
        }
      for (;;)
        {
          const char *attribute;

          p = skip_space (p, end, &line);
          if (p >= end)
            break;
          if (*p == '>')
            {
              p++;
              break;
            }
          if (*p == '/')
            {
              if (++p < end && *p == '>')
                {
                  empty = TRUE;
                  p++;
                  break;
                }
              continue;
            }
          attribute = p;
          while (p < end && !is_name_end (*p))
            p++;
          if (p == attribute)
            {
              p++;            /* a stray "=": the parser will say so */
              continue;
            }
          if (++n_attributes > DBO_XML_MAX_ATTRIBUTES)
            {
              g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                           _("%s:%ld: the element <%.*s> has more than %d attributes"),
                           name, tag_line, tag_len, tag, DBO_XML_MAX_ATTRIBUTES);
              return FALSE;
            }
          if (p - attribute > DBO_XML_MAX_NAME)
            {
              g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                           _("%s:%ld: an attribute name is longer than %d bytes"),
                           name, line, DBO_XML_MAX_NAME);
              return FALSE;
            }
          p = skip_space (p, end, &line);
          if (p < end && *p == '=')
            {
              p = skip_space (p + 1, end, &line);
              if (p < end && (*p == '"' || *p == '\''))
                {
                  char quote[2] = { *p, '\0' };

                  p = skip_past (p + 1, end, quote, &line);
                }
            }
        }
      if (!empty && ++depth > DBO_XML_MAX_DEPTH)
        {
          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                       _("%s:%ld: the elements are nested more than %d deep"),
                       name, tag_line, DBO_XML_MAX_DEPTH);
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
trim_message (const char *msg, char *buf, gsize size)
{
  gsize n;

  if (msg == NULL)
    return "unknown error";
  g_strlcpy (buf, msg, size);
  n = strlen (buf);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
    buf[--n] = '\0';
  return buf;
}

/* Walks the tree: every text node and attribute within bounds, no entity
 * references left over, no construct we never write. */
static gboolean
check_tree (xmlNode *node, const char *name, GError **error)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE ||
          n->type == XML_DTD_NODE || n->type == XML_ENTITY_DECL)
        {
          g_autofree char *path = dbo_xml_node_path (n->parent);

          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN,
                       _("%s:%ld: %s: entity references are not accepted"),
                       name, (long) xmlGetLineNo (n), path);
          return FALSE;
        }
      if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
          n->content != NULL && strlen ((const char *) n->content) > DBO_XML_MAX_TEXT)
        {
          g_autofree char *path = dbo_xml_node_path (n->parent);

          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                       _("%s:%ld: %s: text longer than %d bytes"),
                       name, (long) xmlGetLineNo (n->parent), path, DBO_XML_MAX_TEXT);
          return FALSE;
        }
      if (n->type == XML_ELEMENT_NODE)
        {
          for (xmlAttr *a = n->properties; a != NULL; a = a->next)
            {
              if (a->children != NULL && a->children->content != NULL &&
                  strlen ((const char *) a->children->content) > DBO_XML_MAX_TEXT)
                {
                  g_autofree char *path = dbo_xml_node_path (n);

                  g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                               _("%s:%ld: %s/@%s: attribute longer than %d bytes"),
                               name, (long) xmlGetLineNo (n), path, a->name, DBO_XML_MAX_TEXT);
                  return FALSE;
                }
            }
          if (!check_tree (n->children, name, error))
            return FALSE;
        }
    }
  return TRUE;
}

xmlDoc *
dbo_xml_parse_untrusted (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlParserCtxt *ctxt;
  /* No NOENT, DTDLOAD, DTDATTR or HUGE: libxml2 keeps its own limits too. */
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

  if (name == NULL)
    name = "(xml)";
  if (len > DBO_XML_MAX_DOCUMENT)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                   _("%s: the document is %lu bytes, more than the %d allowed"),
                   name, (unsigned long) len, DBO_XML_MAX_DOCUMENT);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED, _("%s: the file is empty"), name);
      return NULL;
    }
  if (has_doctype (data, len))
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN,
                   _("%s: a document type declaration (DOCTYPE) is not accepted"), name);
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      const char *end = NULL;
      long line = 1;

      g_utf8_validate_len (data, len, &end);
      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED,
                   _("%s:%ld: the text is not valid UTF-8"), name, line);
      return NULL;
    }
  if (!check_structure (data, len, name, error))
    return NULL;

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED, _("%s: out of memory"), name);
      return NULL;
    }
  doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, "UTF-8", options);
  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      char buf[512];

      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED,
                   _("%s:%d: not well-formed XML: %s"), name, e ? e->line : 0,
                   trim_message (e ? e->message : NULL, buf, sizeof buf));
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN,
                   _("%s: a document type declaration is not accepted"), name);
      return NULL;
    }
  if (!check_tree (xmlDocGetRootElement (doc), name, error))
    return NULL;
  return g_steal_pointer (&doc);
}

/* Parsed schemas are kept for the life of the process: they come from our own
 * resources and are immutable. */
static GMutex schema_lock;
static GHashTable *schemas;

static xmlSchema *
get_schema (const char *xsd_name, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  xmlSchemaParserCtxt *pctxt;
  xmlSchema *schema;
  gsize len;
  const char *data;

  g_mutex_lock (&schema_lock);
  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  schema = g_hash_table_lookup (schemas, xsd_name);
  if (schema != NULL)
    {
      g_mutex_unlock (&schema_lock);
      return schema;
    }

  path = g_strconcat (SCHEMA_RESOURCE, xsd_name, NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    {
      g_mutex_unlock (&schema_lock);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  xmlInitParser ();
  pctxt = xmlSchemaNewMemParserCtxt (data, (int) len);
  schema = pctxt ? xmlSchemaParse (pctxt) : NULL;
  xmlSchemaFreeParserCtxt (pctxt);
  if (schema == NULL)
    {
      g_mutex_unlock (&schema_lock);
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_SCHEMA,
                   _("the application's schema %s could not be loaded"), xsd_name);
      return NULL;
    }
  g_hash_table_insert (schemas, g_strdup (xsd_name), schema);
  g_mutex_unlock (&schema_lock);
  return schema;
}

typedef struct {
  gboolean seen;
  int line;
  char *path;
  char *message;
} FirstError;

static void
record_first_error (void *user_data, xmlError *e)
{
  FirstError *first = user_data;

  if (first->seen || e == NULL)
    return;
  first->seen = TRUE;
  first->line = e->line;
  if (e->node != NULL)
    {
      xmlNode *node = e->node;

      first->path = dbo_xml_node_path (node);
      if (first->line == 0)
        first->line = (int) xmlGetLineNo (node);
    }
  first->message = g_strdup (e->message);
}

gboolean
dbo_xml_validate (xmlDoc *doc, const char *xsd_name, const char *name, GError **error)
{
  xmlSchema *schema = get_schema (xsd_name, error);
  xmlSchemaValidCtxt *vctxt;
  FirstError first = { 0 };
  int rc;

  if (schema == NULL)
    return FALSE;
  if (name == NULL)
    name = "(xml)";
  vctxt = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (vctxt, record_first_error, &first);
  rc = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);
  if (rc != 0)
    {
      char buf[512];

      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_SCHEMA,
                   _("%s: line %d: %s: %s"), name, first.line,
                   first.path ? first.path : "/",
                   trim_message (first.message, buf, sizeof buf));
      g_free (first.path);
      g_free (first.message);
      return FALSE;
    }
  return TRUE;
}

char *
dbo_xml_node_path (xmlNode *node)
{
  GString *path = g_string_new (NULL);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      int index = 0, count = 0;

      /* Position among same-named siblings, only when there are several. */
      for (xmlNode *s = n->parent ? n->parent->children : NULL; s != NULL; s = s->next)
        if (s->type == XML_ELEMENT_NODE && xmlStrEqual (s->name, n->name))
          {
            count++;
            if (s == n)
              index = count;
          }
      if (count > 1)
        g_ptr_array_add (parts, g_strdup_printf ("%s[%d]", n->name, index));
      else
        g_ptr_array_add (parts, g_strdup ((const char *) n->name));
    }
  for (guint i = parts->len; i > 0; i--)
    {
      g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (parts, i - 1));
    }
  if (path->len == 0)
    g_string_append_c (path, '/');
  return g_string_free (path, FALSE);
}

GBytes *
dbo_xml_read_file_bounded (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  GStatBuf st;
  gsize len = 0;

  /* Refuse a huge file before reading it all. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > DBO_XML_MAX_DOCUMENT)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                   _("%s: the file is larger than the %d bytes allowed"), path, DBO_XML_MAX_DOCUMENT);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

xmlDoc *
dbo_xml_parse_validated (const char *data, gsize len, const char *xsd_name, const char *name_for_errors,
                         GError **error)
{
  g_autoptr(xmlDoc) doc = dbo_xml_parse_untrusted (data, len, name_for_errors, error);

  if (doc == NULL || !dbo_xml_validate (doc, xsd_name, name_for_errors, error))
    return NULL;
  return g_steal_pointer (&doc);
}

xmlDoc *
dbo_xml_load_validated (GBytes *bytes, const char *xsd_name, const char *name_for_errors, GQuark domain,
                        int code, GError **error)
{
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDoc *doc = dbo_xml_parse_validated (data, len, xsd_name, name_for_errors, &local);

  if (doc == NULL)
    g_set_error_literal (error, domain, code, local != NULL ? local->message : name_for_errors);
  return doc;
}

gboolean
dbo_xml_is_element (xmlNode *node, const char *ns, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, ns) == 0 &&
         (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0);
}

char *
dbo_xml_get_attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

char *
dbo_xml_get_token (xmlNode *node, const char *name)
{
  char *value = dbo_xml_get_attr (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

char *
dbo_xml_get_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

/* ---- simple types of our schemas, for values that come without XML ----
 *
 * The store keeps ids, hashes and codes in SQLite, where no XSD applies. So
 * that a value read there is held to exactly the rules project.xml is held
 * to, the enumerations, patterns and lists of the schema's named simple types
 * are read from the schema itself (one definition) and applied here. The
 * built-in base types (xs:date …) are not checked; a type derived from xs:token
 * must be given in its collapsed form (no leading, trailing or double spaces),
 * which is how every value we write looks. */

#define XSD_NS "http://www.w3.org/2001/XMLSchema"

typedef struct SimpleType SimpleType;

struct SimpleType {
  GPtrArray *enumeration;   /* char *, or NULL when the type has none */
  GPtrArray *patterns;      /* xmlRegexp *; one of them must match */
  char *base;               /* a named type of the same schema it restricts, or NULL */
  char *item;               /* the named item type of a list, or NULL */
  SimpleType *inner;        /* an anonymous type it restricts, or NULL */
  gboolean token;           /* whitespace collapses */
  int min_length;           /* items of a list, characters otherwise; 0 = none */
};

static GMutex types_lock;
static GHashTable *type_tables;   /* xsd name → (type name → SimpleType) */

static gboolean
is_xsd (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL
         && xmlStrEqual (node->ns->href, BAD_CAST XSD_NS) && xmlStrEqual (node->name, BAD_CAST name);
}

static char *
xsd_attr (xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetProp (node, BAD_CAST name);
  char *copy = v != NULL ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return copy;
}

/* "p:Id" → "Id" for a type of this schema; NULL for a built-in "xs:…" type. */
static char *
local_type (const char *qname)
{
  const char *colon = qname != NULL ? strchr (qname, ':') : NULL;

  if (qname == NULL || g_str_has_prefix (qname, "xs:"))
    return NULL;
  return g_strdup (colon != NULL ? colon + 1 : qname);
}

static SimpleType *
parse_simple_type (xmlNode *node)
{
  SimpleType *t = g_new0 (SimpleType, 1);

  t->patterns = g_ptr_array_new ();
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (is_xsd (c, "list"))
        {
          g_autofree char *item = xsd_attr (c, "itemType");

          t->item = local_type (item);
          t->token = TRUE;
        }
      else if (is_xsd (c, "restriction"))
        {
          g_autofree char *base = xsd_attr (c, "base");

          t->base = local_type (base);
          t->token = g_strcmp0 (base, "xs:token") == 0;
          for (xmlNode *f = c->children; f != NULL; f = f->next)
            {
              g_autofree char *value = f->type == XML_ELEMENT_NODE ? xsd_attr (f, "value") : NULL;

              if (is_xsd (f, "simpleType"))
                t->inner = parse_simple_type (f);
              else if (is_xsd (f, "enumeration") && value != NULL)
                {
                  if (t->enumeration == NULL)
                    t->enumeration = g_ptr_array_new ();
                  g_ptr_array_add (t->enumeration, g_steal_pointer (&value));
                }
              else if (is_xsd (f, "pattern") && value != NULL)
                {
                  xmlRegexp *re = xmlRegexpCompile (BAD_CAST value);

                  if (re == NULL)
                    g_critical ("the schema pattern “%s” does not compile", value);
                  else
                    g_ptr_array_add (t->patterns, re);
                }
              else if (is_xsd (f, "minLength") && value != NULL)
                t->min_length = atoi (value);
            }
        }
    }
  return t;
}

static GHashTable *
load_types (const char *xsd_name)
{
  g_autofree char *path = g_strconcat (SCHEMA_RESOURCE, xsd_name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(xmlDoc) doc = NULL;
  GHashTable *types;
  xmlNode *root;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  xmlInitParser ();
  doc = xmlReadMemory (data, (int) len, xsd_name, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    return NULL;
  types = g_hash_table_new (g_str_hash, g_str_equal);
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_xsd (c, "simpleType"))
      {
        char *name = xsd_attr (c, "name");

        if (name != NULL)
          g_hash_table_insert (types, name, parse_simple_type (c));
      }
  return types;
}

static gboolean
is_collapsed (const char *value)
{
  if (*value == ' ')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r' || (*p == ' ' && (p[1] == ' ' || p[1] == '\0')))
      return FALSE;
  return TRUE;
}

static gboolean type_accepts (GHashTable *types, const SimpleType *t, const char *value, int depth);

static gboolean
named_accepts (GHashTable *types, const char *name, const char *value, int depth)
{
  const SimpleType *t = g_hash_table_lookup (types, name);

  if (t == NULL)
    {
      g_critical ("the schema has no simple type “%s”", name);
      return FALSE;
    }
  return type_accepts (types, t, value, depth + 1);
}

static gboolean
is_list (const SimpleType *t)
{
  return t->item != NULL || (t->inner != NULL && is_list (t->inner));
}

static gboolean
type_accepts (GHashTable *types, const SimpleType *t, const char *value, int depth)
{
  gboolean matched;

  if (depth > 8)
    return FALSE;
  if (t->token && !is_collapsed (value))
    return FALSE;
  if (t->base != NULL && !named_accepts (types, t->base, value, depth))
    return FALSE;
  if (t->inner != NULL && !type_accepts (types, t->inner, value, depth + 1))
    return FALSE;
  if (t->item != NULL)
    {
      g_auto(GStrv) items = g_strsplit (value, " ", -1);

      for (guint i = 0; items[i] != NULL; i++)
        if (*items[i] != '\0' && !named_accepts (types, t->item, items[i], depth))
          return FALSE;
    }
  if (t->min_length > 0)
    {
      glong n;

      if (is_list (t))
        {
          g_auto(GStrv) items = g_strsplit (value, " ", -1);

          n = *value == '\0' ? 0 : (glong) g_strv_length (items);
        }
      else
        n = g_utf8_strlen (value, -1);
      if (n < t->min_length)
        return FALSE;
    }
  if (t->enumeration != NULL)
    {
      matched = FALSE;
      for (guint i = 0; i < t->enumeration->len && !matched; i++)
        matched = strcmp (g_ptr_array_index (t->enumeration, i), value) == 0;
      if (!matched)
        return FALSE;
    }
  if (t->patterns->len > 0)
    {
      matched = FALSE;
      for (guint i = 0; i < t->patterns->len && !matched; i++)
        matched = xmlRegexpExec (g_ptr_array_index (t->patterns, i), BAD_CAST value) == 1;
      if (!matched)
        return FALSE;
    }
  return TRUE;
}

gboolean
dbo_xml_type_accepts (const char *xsd_name, const char *type_name, const char *value)
{
  GHashTable *types;
  gboolean ok;

  g_return_val_if_fail (xsd_name != NULL, FALSE);
  g_return_val_if_fail (type_name != NULL, FALSE);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return FALSE;
  g_mutex_lock (&types_lock);
  if (type_tables == NULL)
    type_tables = g_hash_table_new (g_str_hash, g_str_equal);
  types = g_hash_table_lookup (type_tables, xsd_name);
  if (types == NULL)
    {
      types = load_types (xsd_name);
      if (types == NULL)
        {
          g_mutex_unlock (&types_lock);
          g_critical ("the application's schema %s could not be loaded", xsd_name);
          return FALSE;
        }
      g_hash_table_insert (type_tables, g_strdup (xsd_name), types);
    }
  ok = named_accepts (types, type_name, value, 0);
  g_mutex_unlock (&types_lock);
  return ok;
}
