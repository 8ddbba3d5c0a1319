/* pdf-glyphs.h — the characters of a PDF page with their boxes, as poppler
 * reads them back, and the lines they stand on (for the tests that check
 * where a text breaks). */
#pragma once

#include <math.h>
#include <string.h>
#include <poppler.h>

/* One character of a PDF page with its box (points, origin top left). */
typedef struct {
  gunichar c;
  double x1, y1, x2, y2;
} Glyph;

/* The visible characters of @page as poppler reads them, in its reading order. */
static inline GArray *
page_glyphs (PopplerDocument *pdf, int index)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0, i = 0;
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  g_assert_cmpuint (n_rects, ==, g_utf8_strlen (text, -1));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      Glyph g = { g_utf8_get_char (p), rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2 };

      if (!g_unichar_isspace (g.c))
        g_array_append_val (glyphs, g);
    }
  g_free (rects);
  g_object_unref (page);
  return glyphs;
}

static inline int
compare_glyph_rows (gconstpointer a, gconstpointer b)
{
  const Glyph *ga = a, *gb = b;
  double ya = (ga->y1 + ga->y2) / 2, yb = (gb->y1 + gb->y2) / 2;

  if (fabs (ya - yb) > 2.0)
    return ya < yb ? -1 : 1;
  return ga->x1 < gb->x1 ? -1 : ga->x1 > gb->x1;
}

/* The glyphs of @page as printed: line by line from the top (one baseline,
 * ± 2 pt), left to right; each line a GArray of Glyph. */
static inline GPtrArray *
page_rows (PopplerDocument *pdf, int index)
{
  g_autoptr(GArray) glyphs = page_glyphs (pdf, index);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *row = NULL;
  double row_y = 0;

  g_array_sort (glyphs, compare_glyph_rows);
  for (guint i = 0; i < glyphs->len; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);
      double y = (g->y1 + g->y2) / 2;

      if (row == NULL || fabs (y - row_y) > 2.0)
        {
          row = g_array_new (FALSE, FALSE, sizeof (Glyph));
          g_ptr_array_add (rows, row);
          row_y = y;
        }
      g_array_append_vals (row, g, 1);
    }
  return rows;
}

/* The characters of @glyphs [@from, @to) as UTF-8. */
static inline char *
glyphs_text (const GArray *glyphs, guint from, guint to)
{
  GString *out = g_string_new (NULL);

  for (guint i = from; i < to && i < glyphs->len; i++)
    g_string_append_unichar (out, g_array_index (glyphs, Glyph, i).c);
  return g_string_free (out, FALSE);
}

/* Whether one line of @page holds @text whole (its characters without white
 * space, one after the other). */
static inline gboolean
page_line_holds (PopplerDocument *pdf, int index, const char *text)
{
  g_autoptr(GPtrArray) rows = page_rows (pdf, index);

  for (guint l = 0; l < rows->len; l++)
    {
      const GArray *row = g_ptr_array_index (rows, l);
      g_autofree char *line = glyphs_text (row, 0, row->len);

      if (strstr (line, text) != NULL)
        return TRUE;
    }
  return FALSE;
}
