#define G_LOG_DOMAIN "dengbao-xml"
#include "config.h"

#include "dbo-xml.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
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
                       "%s:%ld: %s: entity references are not accepted",
                       name, (long) xmlGetLineNo (n), path);
          return FALSE;
        }
      if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
          n->content != NULL && strlen ((const char *) n->content) > DBO_XML_MAX_TEXT)
        {
          g_autofree char *path = dbo_xml_node_path (n->parent);

          g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE,
                       "%s:%ld: %s: text longer than %d bytes",
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
                               "%s:%ld: %s/@%s: attribute longer than %d bytes",
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
                   "%s: the document is %" G_GSIZE_FORMAT " bytes, more than the %d allowed",
                   name, len, DBO_XML_MAX_DOCUMENT);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED, "%s: the file is empty", name);
      return NULL;
    }
  if (has_doctype (data, len))
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN,
                   "%s: a document type declaration (DOCTYPE) is not accepted", name);
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
                   "%s:%ld: the text is not valid UTF-8", name, line);
      return NULL;
    }
  if (!check_structure (data, len, name, error))
    return NULL;

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED, "%s: out of memory", name);
      return NULL;
    }
  doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, "UTF-8", options);
  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      char buf[512];

      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED,
                   "%s:%d: not well-formed XML: %s", name, e ? e->line : 0,
                   trim_message (e ? e->message : NULL, buf, sizeof buf));
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN,
                   "%s: a document type declaration is not accepted", name);
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
                   "the application's schema %s could not be loaded", xsd_name);
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
                   "%s: line %d: %s: %s", name, first.line,
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
                   "%s: the file is larger than the %d bytes allowed", path, DBO_XML_MAX_DOCUMENT);
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
