/* dbo-xml-writer.h — writing XML byte for byte the same every time
 *
 * Our own small serializer rather than xmlTextWriter, because the output
 * must be byte-for-byte stable, and libxml2 2.9 writes non-ASCII attribute
 * values as character references when it has no document.
 *
 * XML 1.0 cannot carry most C0 control characters, U+FFFE or U+FFFF, and the
 * writer never fails: such characters, and any invalid UTF-8, are written as
 * U+FFFD. Text fields should be checked where people type them; this is the
 * last line of defence so that every file we write can be read back.
 *
 * Elements are indented by two spaces a level, one per line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GString *out;
  int depth;
} DboXmlWriter;

/* @text escaped for element content, or for an attribute value in double
 * quotes when @in_attribute. */
void dbo_xml_append_escaped        (GString *out, const char *text, gboolean in_attribute);

/* "<name"; follow with attribute calls and one of _empty, _open, _text. */
void dbo_xml_writer_begin          (DboXmlWriter *w, const char *name);
/* Optional attributes: NULL or "" is left out. */
void dbo_xml_writer_attr           (DboXmlWriter *w, const char *name, const char *value);
/* An attribute whose absence means something (an older file): written, empty
 * or not, when @kept; otherwise optional as dbo_xml_writer_attr. */
void dbo_xml_writer_attr_kept      (DboXmlWriter *w, const char *name, const char *value,
                                    gboolean kept);
void dbo_xml_writer_attr_int       (DboXmlWriter *w, const char *name, int value);
void dbo_xml_writer_attr_bool      (DboXmlWriter *w, const char *name, gboolean value);
/* Ends the start tag as an empty element. */
void dbo_xml_writer_empty          (DboXmlWriter *w);
/* Ends the start tag; children follow one level deeper. */
void dbo_xml_writer_open           (DboXmlWriter *w);
void dbo_xml_writer_close          (DboXmlWriter *w, const char *name);
/* Ends the start tag with text content and the end tag on the same line
 * (an empty element for NULL or ""). */
void dbo_xml_writer_text           (DboXmlWriter *w, const char *name, const char *text);
/* A required text element: written even when empty. */
void dbo_xml_writer_element        (DboXmlWriter *w, const char *name, const char *text);
/* An optional text element: left out when empty. */
void dbo_xml_writer_opt_element    (DboXmlWriter *w, const char *name, const char *text);

G_END_DECLS
