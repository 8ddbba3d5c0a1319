#include "config.h"

#include "dbo-xml-writer.h"

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

void
dbo_xml_append_escaped (GString *out, const char *text, gboolean in_attribute)
{
  g_autofree char *valid = NULL;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, in_attribute ? "&quot;" : "\"");
          break;
        case '\t':
          g_string_append (out, in_attribute ? "&#9;" : "\t");
          break;
        case '\n':
          g_string_append (out, in_attribute ? "&#10;" : "\n");
          break;
        case '\r':
          /* Escaped everywhere, or the reader's end-of-line handling drops it. */
          g_string_append (out, "&#13;");
          break;
        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
}

static void
writer_indent (DboXmlWriter *w)
{
  for (int i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

/* "<name"; follow with attribute calls and one of _empty, _open, _text. */
void
dbo_xml_writer_begin (DboXmlWriter *w, const char *name)
{
  writer_indent (w);
  g_string_append_c (w->out, '<');
  g_string_append (w->out, name);
}

/* Optional attributes: NULL or "" is left out. */
void
dbo_xml_writer_attr (DboXmlWriter *w, const char *name, const char *value)
{
  if (is_empty (value))
    return;
  g_string_append_c (w->out, ' ');
  g_string_append (w->out, name);
  g_string_append (w->out, "=\"");
  dbo_xml_append_escaped (w->out, value, TRUE);
  g_string_append_c (w->out, '"');
}

/* An attribute whose absence means something (an older file): written, empty
 * or not, when @kept; otherwise optional as dbo_xml_writer_attr. */
void
dbo_xml_writer_attr_kept (DboXmlWriter *w, const char *name, const char *value, gboolean kept)
{
  if (!kept || !is_empty (value))
    {
      dbo_xml_writer_attr (w, name, value);
      return;
    }
  g_string_append_printf (w->out, " %s=\"\"", name);
}

void
dbo_xml_writer_attr_int (DboXmlWriter *w, const char *name, int value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%d", value);
  dbo_xml_writer_attr (w, name, buf);
}

void
dbo_xml_writer_attr_bool (DboXmlWriter *w, const char *name, gboolean value)
{
  dbo_xml_writer_attr (w, name, value ? "true" : "false");
}

void
dbo_xml_writer_empty (DboXmlWriter *w)
{
  g_string_append (w->out, "/>\n");
}

void
dbo_xml_writer_open (DboXmlWriter *w)
{
  g_string_append (w->out, ">\n");
  w->depth++;
}

void
dbo_xml_writer_close (DboXmlWriter *w, const char *name)
{
  w->depth--;
  writer_indent (w);
  g_string_append (w->out, "</");
  g_string_append (w->out, name);
  g_string_append (w->out, ">\n");
}

/* Ends the start tag with text content and the end tag on the same line. */
void
dbo_xml_writer_text (DboXmlWriter *w, const char *name, const char *text)
{
  if (is_empty (text))
    {
      dbo_xml_writer_empty (w);
      return;
    }
  g_string_append_c (w->out, '>');
  dbo_xml_append_escaped (w->out, text, FALSE);
  g_string_append (w->out, "</");
  g_string_append (w->out, name);
  g_string_append (w->out, ">\n");
}

/* A required text element: written even when empty. */
void
dbo_xml_writer_element (DboXmlWriter *w, const char *name, const char *text)
{
  dbo_xml_writer_begin (w, name);
  dbo_xml_writer_text (w, name, text);
}

/* An optional text element: left out when empty. */
void
dbo_xml_writer_opt_element (DboXmlWriter *w, const char *name, const char *text)
{
  if (!is_empty (text))
    dbo_xml_writer_element (w, name, text);
}
