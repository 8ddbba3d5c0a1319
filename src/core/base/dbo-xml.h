/* dbo-xml.h — reading XML from outside safely (libxml2)
 *
 * No network, no DTD at all (a document with one is refused), no external
 * entities, bounded size and depth; validation against our own XSDs only,
 * loaded from the application's resources, with errors that carry line numbers.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define DBO_XML_ERROR (dbo_xml_error_quark ())
typedef enum {
  DBO_XML_ERROR_MALFORMED,        /* not well-formed XML, or not UTF-8 */
  DBO_XML_ERROR_FORBIDDEN,        /* a DTD, entity or other construct we never accept */
  DBO_XML_ERROR_TOO_LARGE,        /* over the size limits */
  DBO_XML_ERROR_SCHEMA,           /* fails its XSD */
  DBO_XML_ERROR_INVALID,          /* valid by the schema but not by the rules (duplicate id …) */
} DboXmlError;
GQuark dbo_xml_error_quark (void);

/* The project.xml of a generated 1,000-object project is 1.4 MB, the
 * sample's 18 kB: 16 MB leaves room for the 2025 forms' data per object. */
#define DBO_XML_MAX_DOCUMENT   (16 * 1024 * 1024)
#define DBO_XML_MAX_ATTACHMENT (256 * 1024 * 1024) /* attachments/<sha256> beside a project.xml */
#define DBO_XML_MAX_TEXT       (1024 * 1024)     /* one text node or attribute */
/* Checked on the bytes before libxml2 parses them: libxml2 2.9 looks for
 * duplicate attributes in quadratic time. Our formats use at most 6
 * attributes on an element, names of 20 bytes and 6 levels. */
#define DBO_XML_MAX_ATTRIBUTES 64                /* on one element, xmlns included */
#define DBO_XML_MAX_NAME       128               /* an element or attribute name, with its prefix */
#define DBO_XML_MAX_DEPTH      32

/* Parses untrusted bytes; @name_for_errors prefixes every message. A
 * document over DBO_XML_MAX_ATTRIBUTES, DBO_XML_MAX_NAME or DBO_XML_MAX_DEPTH
 * is refused (DBO_XML_ERROR_TOO_LARGE, naming the line) before it is parsed. */
xmlDoc   *dbo_xml_parse_untrusted (const char *data, gsize len, const char *name_for_errors,
                                   GError **error);
/* Reads a file from outside, refusing one over DBO_XML_MAX_DOCUMENT before
 * reading it all. Errors are G_FILE_ERROR (NOENT for a missing file) or
 * DBO_XML_ERROR_TOO_LARGE, each naming @path. */
GBytes   *dbo_xml_read_file_bounded (const char *path, GError **error);
/* dbo_xml_parse_untrusted() then dbo_xml_validate() against @xsd_name. */
xmlDoc   *dbo_xml_parse_validated (const char *data, gsize len, const char *xsd_name,
                                   const char *name_for_errors, GError **error);
/* dbo_xml_parse_validated() on @bytes, every way of refusing them reported
 * as @domain/@code (the error domain of the file's own loader). */
xmlDoc   *dbo_xml_load_validated  (GBytes *bytes, const char *xsd_name, const char *name_for_errors,
                                   GQuark domain, int code, GError **error);

/* Validates @doc against the schema resource @xsd_name ("project.xsd", "ruleset.xsd",
 * "calendar.xsd", "manifest.xsd"). The first error is reported with its line. */
gboolean  dbo_xml_validate        (xmlDoc *doc, const char *xsd_name, const char *name_for_errors,
                                   GError **error);
/* The element path of @node, e.g. "/project/objects/object[2]/grading". */
char     *dbo_xml_node_path       (xmlNode *node);

/* Reading a validated document of our data files. */
/* TRUE when @node is the element @name (any name for NULL) of namespace @ns. */
gboolean  dbo_xml_is_element      (xmlNode *node, const char *ns, const char *name);
/* The attribute @name (no namespace) of @node, newly allocated, or NULL. */
char     *dbo_xml_get_attr        (xmlNode *node, const char *name);
/* The same with the white space an XSD token collapses stripped at its ends. */
char     *dbo_xml_get_token       (xmlNode *node, const char *name);
/* The text content of @node, newly allocated. */
char     *dbo_xml_get_text        (xmlNode *node);

/* TRUE when @value is a value of the simple type @type_name of the schema
 * resource @xsd_name, by the schema's own enumerations, patterns and lists:
 * how values kept outside XML (the project store) meet the rules of
 * project.xml. NULL is never accepted. */
gboolean  dbo_xml_type_accepts    (const char *xsd_name, const char *type_name, const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
