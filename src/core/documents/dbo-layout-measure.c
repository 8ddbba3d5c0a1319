/* dbo-layout-measure.c — texts laid out with pango: the units no line breaks
 * inside, text boxes, column widths and the heights of rows and blocks. */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout-private.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- line breaks */

/* Runs of text a line never breaks inside: an e-mail address between the
 * places it may break (after "." or "@", never with a hyphen: a clerk copies
 * the address as printed), a telephone number, and a tick box with its code
 * and label ("☐9其他", "☐20全省（区、市）"). Pango's allow-breaks attribute
 * (1.44) does it without touching the text, so the PDF's text layer stays the
 * address itself. A unit that is wider than the line anyway is let go again
 * (see release_wide_units()) rather than run past the cell. */

#define UNIT_LABEL_MAX_CHARS 16    /* longer: a sentence after a box, not a label */

/* Pango may not break inside bytes @start…@end; remembered in @units. */
static void
keep_unit (PangoAttrList *attrs, GArray *units, int start, int end)
{
  BreakUnit u = { start, end };
  PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

  attr->start_index = u.start;
  attr->end_index = u.end;
  pango_attr_list_insert (attrs, attr);
  g_array_append_val (units, u);
}

static gboolean
is_address_local_char (gunichar c)
{
  return c < 0x80 && (g_ascii_isalnum (c) || strchr ("._%+-", (int) c) != NULL);
}

static gboolean
is_address_domain_char (gunichar c)
{
  return c < 0x80 && (g_ascii_isalnum (c) || c == '.' || c == '-');
}

static gboolean
is_unit_end (gunichar c)
{
  return c == 0 || c == 0x2610 || c == 0x2611 || c == 0x25A1 || c == '\n' || c == '\t'
         || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

static gboolean
is_phone_char (gunichar c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '+' || c == '(' || c == ')'
         || c == 0xFF08 || c == 0xFF09 || c == 0x2060;
}

/* Adds the units of @text to @units and the attributes that keep them whole. */
static void
find_break_units (const char *text, PangoAttrList *attrs, GArray *units)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '@' && p > text)
        {
          /* an address: local part back from the "@", domain forward from it */
          const char *start = p, *end = p + 1, *dot = NULL;

          while (start > text && is_address_local_char ((guchar) start[-1]))
            start--;
          while (is_address_domain_char ((guchar) *end))
            {
              if (*end == '.')
                dot = end;
              end++;
            }
          while (end > p + 1 && (end[-1] == '.' || end[-1] == '-'))
            end--;                                   /* a full stop after the address */
          if (start < p && dot != NULL && dot < end - 1)
            {
              PangoAttribute *attr = pango_attr_insert_hyphens_new (FALSE);
              const char *seg = start;

              attr->start_index = start - text;
              attr->end_index = end - text;
              pango_attr_list_insert (attrs, attr);
              for (const char *q = start; q < end; q++)
                if (*q == '@' || *q == '.' || q == end - 1)
                  {
                    BreakUnit u = { seg - text, q + 1 - text };

                    attr = pango_attr_allow_breaks_new (FALSE);
                    attr->start_index = u.start;
                    attr->end_index = u.end;
                    pango_attr_list_insert (attrs, attr);
                    g_array_append_val (units, u);
                    seg = q + 1;
                  }
              p = end;
              continue;
            }
        }
      else if (c == 0x2610 || c == 0x2611 || c == 0x25A1)
        {
          /* a box, its code and its label up to the next space or box */
          const char *end = g_utf8_next_char (p);
          int n = 0;

          while (!is_unit_end (g_utf8_get_char (end)) && n <= UNIT_LABEL_MAX_CHARS)
            {
              end = g_utf8_next_char (end);
              n++;
            }
          if (n > 1 && n <= UNIT_LABEL_MAX_CHARS)
            {
              keep_unit (attrs, units, p - text, end - text);
            }
          p = end;
          continue;
        }
      else if (g_ascii_isdigit (c) && (p == text || !g_ascii_isalnum (p[-1])))
        {
          /* a telephone number: 7 digits or more with its separators */
          const char *end = p;
          int digits = 0;

          while (*end != '\0' && is_phone_char (g_utf8_get_char (end)))
            {
              digits += g_ascii_isdigit (*end) ? 1 : 0;
              end = g_utf8_next_char (end);
            }
          if (digits >= 7 && !g_ascii_isalpha (*end))
            {
              keep_unit (attrs, units, p - text, end - text);
            }
          p = end;
          continue;
        }
      p = g_utf8_next_char (p);
    }
}

typedef struct {
  int start, end;
} ByteRange;

static gboolean
attr_in_range (PangoAttribute *attr, gpointer data)
{
  const GArray *ranges = data;

  if (attr->klass->type != PANGO_ATTR_ALLOW_BREAKS)
    return FALSE;
  for (guint i = 0; i < ranges->len; i++)
    {
      const ByteRange *r = &g_array_index (ranges, ByteRange, i);

      if ((int) attr->start_index < r->end && (int) attr->end_index > r->start)
        return TRUE;
    }
  return FALSE;
}

/* Lines wider than @width hold a unit that does not fit any line: let the
 * units on them break again (insert-hyphens stays off), a few times at most. */
static void
release_wide_units (PangoLayout *pl, const GArray *units, int width)
{
  for (int round = 0; round < 3 && units->len > 0; round++)
    {
      g_autoptr(GArray) wide = g_array_new (FALSE, FALSE, sizeof (ByteRange));
      PangoLayoutIter *iter = pango_layout_get_iter (pl);
      PangoAttrList *copy;

      do
        {
          PangoRectangle logical;
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (logical.x + logical.width > width || logical.x < 0)
            {
              ByteRange r = { line->start_index, line->start_index + line->length };
              g_array_append_val (wide, r);
            }
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      if (wide->len == 0)
        return;
      copy = pango_attr_list_copy (pango_layout_get_attributes (pl));
      pango_attr_list_unref (pango_attr_list_filter (copy, attr_in_range, wide));
      pango_layout_set_attributes (pl, copy);
      pango_attr_list_unref (copy);
    }
}

void
_dbo_text_box_free (gpointer data)
{
  TextBox *tb = data;

  if (tb == NULL)
    return;
  g_clear_object (&tb->pl);
  g_free (tb->lines);
  g_free (tb->top);
  g_free (tb->bottom);
  g_free (tb->baseline);
  g_free (tb->x);
  g_free (tb);
}

/* ---------------------------------------------------------------- measuring */

/* Pango justifies a line by widening its ASCII spaces only, which tears a
 * Chinese line apart at "GB/T 22240"; an en space is not stretched. Tags of
 * markup keep their spaces. */
static char *
unstretchable_spaces (const char *text, gboolean markup)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  gboolean in_tag = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (markup && *p == '<')
        in_tag = TRUE;
      else if (markup && *p == '>')
        in_tag = FALSE;
      if (*p == ' ' && !in_tag)
        g_string_append (out, "\xe2\x80\x82");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Adds to @units the text's own units: runs the markup keeps whole
 * (<span allow_breaks="false">, see DBO_WHOLE()). */
static void
add_markup_units (PangoAttrList *attrs, GArray *units)
{
  GSList *list = pango_attr_list_get_attributes (attrs);

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_ALLOW_BREAKS && !((PangoAttrInt *) attr)->value)
        {
          BreakUnit u = { (int) attr->start_index, (int) attr->end_index };

          g_array_append_val (units, u);
        }
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
}

/* A PangoLayout of @text in @style: its font, its fixed pitch, its markup
 * and its tick boxes; with @units, also the units no line breaks inside
 * (added to @units). Width, wrapping and alignment are the caller's. */
static PangoLayout *
text_layout_new (PangoContext *context, const DboFontSet *fonts, const DboTextStyle *style, const char *text,
                 GArray *units)
{
  PangoLayout *pl = pango_layout_new (context);
  PangoAttrList *attrs = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *justified = NULL;
  PangoFontDescription *desc;
  double pitch = style->line_pitch_pt > 0 ? style->line_pitch_pt : style->size_pt * 1.5;

  if (style->align == DBO_ALIGN_JUSTIFY)
    text = justified = unstretchable_spaces (text, style->markup);
  if (style->markup)
    {
      g_autoptr(GError) error = NULL;
      if (!pango_parse_markup (text, -1, 0, &attrs, &plain, NULL, &error))
        {
          /* A renderer bug, not user input: show the raw text rather than nothing. */
          g_warning ("bad markup in a document text (%s): %s", error->message, text);
          attrs = NULL;
          g_clear_pointer (&plain, g_free);
        }
    }
  if (plain == NULL)
    plain = g_strdup (text);
  if (attrs == NULL)
    attrs = pango_attr_list_new ();
  else if (units != NULL)
    add_markup_units (attrs, units);

  desc = _dbo_font_description_for (fonts, style);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (pl, plain, -1);

  /* Fixed line pitch, as official documents have; it goes first so markup can override. */
  pango_attr_list_insert_before (attrs, pango_attr_line_height_new_absolute ((int) lround (pitch * PANGO_SCALE)));
  if (style->letter_spacing_pt > 0)
    pango_attr_list_insert_before (attrs, pango_attr_letter_spacing_new ((int) lround (style->letter_spacing_pt * PANGO_SCALE)));
  _dbo_layout_add_box_shapes (attrs, plain, style->size_pt);
  if (units != NULL)
    find_break_units (plain, attrs, units);
  pango_layout_set_attributes (pl, attrs);
  pango_attr_list_unref (attrs);
  return pl;
}

TextBox *
_dbo_layout_make_text_box (DboLayout *layout, PangoContext *context, const DboTextStyle *style, const char *text,
               double width, gboolean vertical)
{
  /* A form repeats its labels (表二 and 表三 once per object): the same text in
   * the same style and width is laid out once and drawn wherever it is used. */
  g_autofree char *key = g_strdup_printf ("%p|%d|%a|%d|%d|%a|%a|%a|%d|%a|%a|%d|%s", (void *) context, style->role,
                                          style->size_pt, style->bold, style->align, style->line_pitch_pt,
                                          style->first_indent_em, style->letter_spacing_pt, style->markup,
                                          style->gray, width, vertical, text);
  TextBox *tb = g_hash_table_lookup (layout->same_boxes, key);

  if (tb != NULL)
    return tb;
  tb = g_new0 (TextBox, 1);
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (BreakUnit));
  PangoLayoutIter *iter;
  PangoRectangle logical;
  int i;

  tb->pl = text_layout_new (context, layout->fonts, style, text, !vertical && width > 0 ? units : NULL);
  tb->vertical = vertical;
  tb->gray = style->gray;

  if (width > 0)
    {
      pango_layout_set_width (tb->pl, (int) floor (width * PANGO_SCALE));
      pango_layout_set_wrap (tb->pl, PANGO_WRAP_WORD_CHAR);
    }
  switch (style->align)
    {
    case DBO_ALIGN_CENTER:
      pango_layout_set_alignment (tb->pl, PANGO_ALIGN_CENTER);
      break;
    case DBO_ALIGN_RIGHT:
      pango_layout_set_alignment (tb->pl, PANGO_ALIGN_RIGHT);
      break;
    case DBO_ALIGN_JUSTIFY:
      pango_layout_set_alignment (tb->pl, PANGO_ALIGN_LEFT);
      pango_layout_set_justify (tb->pl, TRUE);
      break;
    case DBO_ALIGN_LEFT:
    default:
      pango_layout_set_alignment (tb->pl, PANGO_ALIGN_LEFT);
      break;
    }
  if (style->first_indent_em != 0)
    pango_layout_set_indent (tb->pl, (int) lround (style->first_indent_em * style->size_pt * PANGO_SCALE));
  if (units->len > 0)
    release_wide_units (tb->pl, units, (int) floor (width * PANGO_SCALE));

  tb->n_lines = pango_layout_get_line_count (tb->pl);
  tb->lines = g_new0 (PangoLayoutLine *, tb->n_lines);
  tb->top = g_new0 (double, tb->n_lines);
  tb->bottom = g_new0 (double, tb->n_lines);
  tb->baseline = g_new0 (double, tb->n_lines);
  tb->x = g_new0 (double, tb->n_lines);
  iter = pango_layout_get_iter (tb->pl);
  i = 0;
  do
    {
      if (i >= tb->n_lines)
        break;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      tb->lines[i] = pango_layout_iter_get_line_readonly (iter);
      tb->top[i] = (double) logical.y / PANGO_SCALE;
      tb->bottom[i] = (double) (logical.y + logical.height) / PANGO_SCALE;
      tb->baseline[i] = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      tb->x[i] = (double) logical.x / PANGO_SCALE;
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  tb->n_lines = i;

  pango_layout_get_extents (tb->pl, NULL, &logical);
  tb->width = (double) logical.width / PANGO_SCALE;
  tb->height = tb->n_lines > 0 ? tb->bottom[tb->n_lines - 1] - tb->top[0] : 0;
  if (width > 0 && !vertical)
    tb->width = width;
  g_ptr_array_add (layout->text_boxes, tb);
  g_hash_table_insert (layout->same_boxes, g_steal_pointer (&key), tb);
  return tb;
}

double
_dbo_table_cell_width (const DboTable *table, guint col, guint colspan)
{
  double w = 0;

  for (guint c = col; c < col + colspan && c < table->n_cols; c++)
    w += table->widths[c];
  return w;
}

double
_dbo_table_rows_height (const DboTable *table, guint r0, guint r1)
{
  double h = 0;

  for (guint r = r0; r <= r1 && r < table->rows->len; r++)
    h += ((Row *) g_ptr_array_index (table->rows, r))->h;
  return h;
}

/* ---- columns from their content (dbo_table_fit_columns) ---- */

/* A line of a cell this short (a name, a title, a level, "分类拟定") is
 * treated as one word: it is not broken while the table has room. */
#define SHORT_LINE_CHARS 6

/* Characters of @text[@start, @start + @length) that are not white space. */
static int
count_visible (const char *text, int start, int length)
{
  int n = 0;

  for (const char *p = text + start; p < text + start + length; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;
  return n;
}

/* The least width @text takes in @style (its widest unbreakable unit, or its
 * widest short line) and its natural width (its widest line unbroken), in
 * points, cell padding included. */
static void
cell_text_widths (DboLayout *layout, const DboTextStyle *style, const char *text, double *min, double *nat)
{
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (BreakUnit));
  PangoLayout *pl = text_layout_new (layout->context, layout->fonts, style, text, units);
  PangoLayoutIter *iter;
  const char *plain = pango_layout_get_text (pl);
  PangoRectangle logical;

  *min = *nat = 0;
  /* Unbroken: the natural width, and the short lines. */
  iter = pango_layout_get_iter (pl);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double w;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      w = (double) logical.width / PANGO_SCALE;
      *nat = MAX (*nat, w);
      if (count_visible (plain, line->start_index, line->length) <= SHORT_LINE_CHARS)
        *min = MAX (*min, w);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  /* Broken wherever it may be: the widest unit. */
  pango_layout_set_width (pl, 1);
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
  iter = pango_layout_get_iter (pl);
  do
    {
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      *min = MAX (*min, (double) logical.width / PANGO_SCALE);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_object_unref (pl);
  *min += 2 * CELL_PAD_X;
  *nat += 2 * CELL_PAD_X;
}

/* Raises @w[@col, @col + @span) so that they add up to at least @need,
 * spreading what they lack in proportion to @weight. */
static void
spread_need (double *w, const double *weight, guint col, guint span, double need)
{
  double have = 0, total_weight = 0;

  for (guint c = col; c < col + span; c++)
    {
      have += w[c];
      total_weight += weight[c];
    }
  if (have >= need || total_weight <= 0)
    return;
  for (guint c = col; c < col + span; c++)
    w[c] += (need - have) * weight[c] / total_weight;
}

/* The column widths from the cells' content, within the table's width (the
 * sum of the widths it was made with). Every column gets its least width;
 * when everything fits unbroken, every column its natural width and the rest
 * in proportion to the widths the table was made with; otherwise what is
 * left above the least widths goes where the text is longer than that, in
 * proportion to how much longer. The font never shrinks. */
static void
fit_columns (DboLayout *layout, DboTable *table)
{
  guint n = table->n_cols;
  g_autofree double *mins = g_new0 (double, n);
  g_autofree double *nats = g_new0 (double, n);
  double total = 0, sum_min = 0, sum_nat = 0;

  for (guint c = 0; c < n; c++)
    {
      total += table->base_widths[c];
      /* A column of blanks (for ink) still holds a character. */
      mins[c] = nats[c] = 2 * CELL_PAD_X + table->style.size_pt;
    }
  /* One-column cells first; then a span gets what its columns lack. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint r = 0; r < table->rows->len; r++)
      for (guint c = 0; c < n; c++)
        {
          DboCell *cell = &_dbo_table_row (table, r)->cells[c];
          double min, nat;

          if (cell->covered || cell->vertical || cell->text == NULL || cell->text[0] == '\0'
              || (pass == 0) != (cell->colspan == 1))
            continue;
          cell_text_widths (layout, &cell->style, cell->text, &min, &nat);
          spread_need (mins, table->base_widths, c, cell->colspan, min);
          spread_need (nats, table->base_widths, c, cell->colspan, MAX (nat, min));
        }
  for (guint c = 0; c < n; c++)
    {
      nats[c] = MAX (nats[c], mins[c]);
      sum_min += mins[c];
      sum_nat += nats[c];
    }
  for (guint c = 0; c < n; c++)
    {
      if (sum_nat <= total)
        table->widths[c] = nats[c] + (total - sum_nat) * table->base_widths[c] / total;
      else if (sum_min < total)
        table->widths[c] = mins[c] + (total - sum_min) * (nats[c] - mins[c]) / (sum_nat - sum_min);
      else
        table->widths[c] = total * mins[c] / sum_min;
    }
}

/* Whether a paragraph of @tb that wraps ends in a line of one character
 * ("…通信系" / "统"). */
static gboolean
has_lone_last_char (const TextBox *tb)
{
  const char *text = pango_layout_get_text (tb->pl);

  for (int i = 1; i < tb->n_lines; i++)
    {
      const PangoLayoutLine *line = tb->lines[i];

      if (!line->is_paragraph_start && (i + 1 == tb->n_lines || tb->lines[i + 1]->is_paragraph_start)
          && count_visible (text, line->start_index, line->length) == 1)
        return TRUE;
    }
  return FALSE;
}

/* @cell's text laid out in @width; in a fitted table, a last line of one
 * character is avoided by laying the text out a character or two narrower,
 * as many lines tall (cell->text_dx keeps it aligned in the cell). */
static TextBox *
cell_text_box (DboLayout *layout, DboTable *table, DboCell *cell, double width)
{
  TextBox *tb = _dbo_layout_make_text_box (layout, layout->context, &cell->style, cell->text, width, FALSE);

  cell->text_dx = 0;
  if (!table->fit || !has_lone_last_char (tb))
    return tb;
  for (int k = 1; k <= 2; k++)
    {
      double narrow = width - k * cell->style.size_pt;
      TextBox *other;

      if (narrow < cell->style.size_pt * 2)
        break;
      other = _dbo_layout_make_text_box (layout, layout->context, &cell->style, cell->text, narrow, FALSE);
      if (other->n_lines == tb->n_lines && !has_lone_last_char (other))
        {
          if (cell->style.align == DBO_ALIGN_CENTER)
            cell->text_dx = (width - narrow) / 2;
          else if (cell->style.align == DBO_ALIGN_RIGHT)
            cell->text_dx = width - narrow;
          return other;
        }
    }
  return tb;
}

static void
measure_table (DboLayout *layout, DboTable *table)
{
  guint n_rows = table->rows->len;

  /* Spans: clamp them and mark the positions they cover. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      _dbo_table_row (table, r)->cells[c].covered = FALSE;
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &_dbo_table_row (table, r)->cells[c];
        if (cell->covered)
          continue;
        cell->rowspan = MIN (cell->rowspan, n_rows - r);
        cell->colspan = MIN (cell->colspan, table->n_cols - c);
        for (guint rr = r; rr < r + cell->rowspan; rr++)
          for (guint cc = c; cc < c + cell->colspan; cc++)
            if (rr != r || cc != c)
              _dbo_table_row (table, rr)->cells[cc].covered = TRUE;
      }
  if (table->fit)
    fit_columns (layout, table);

  /* Content of every cell. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &_dbo_table_row (table, r)->cells[c];
        double inner = _dbo_table_cell_width (table, c, cell->colspan) - 2 * CELL_PAD_X;

        cell->tb = NULL;
        cell->bottom_tb = NULL;
        cell->text_dx = 0;
        cell->need_h = 2 * CELL_PAD_Y;
        if (cell->covered)
          continue;
        if (cell->text != NULL && cell->text[0] != '\0')
          {
            if (cell->vertical)
              {
                /* Unwrapped first: its length along the column and its thickness. */
                TextBox *probe = _dbo_layout_make_text_box (layout, layout->vcontext, &cell->style, cell->text, -1, TRUE);
                double thickness = MAX (probe->height, 1.0);
                int columns = MAX (1, (int) floor (inner / thickness));
                cell->need_h += probe->width / columns + cell->style.size_pt;
              }
            else
              {
                /* Beside a seal, the text keeps to the left of it (but keeps some room). */
                double tw = cell->seal_mm > 0 ? MAX (inner - DBO_MM (cell->seal_mm + 4.0), DBO_MM (10)) : inner;
                cell->tb = cell_text_box (layout, table, cell, tw);
                cell->need_h += cell->tb->height;
              }
          }
        if (cell->bottom_text != NULL && cell->bottom_text[0] != '\0')
          {
            DboTextStyle bs = cell->style;
            bs.align = cell->bottom_align;
            if (cell->seal_mm > 0)
              {
                /* The mark the seal is pressed on, in the seal's square (see
                 * emit_rows()), which keeps clear of the cell's bottom rule. */
                cell->bottom_tb = _dbo_layout_make_text_box (layout, layout->context, &bs, cell->bottom_text,
                                                 DBO_MM (cell->seal_mm), FALSE);
                cell->need_h += DBO_MM (SEAL_MARK_CLEARANCE);
              }
            else
              {
                cell->bottom_tb = _dbo_layout_make_text_box (layout, layout->context, &bs, cell->bottom_text, inner, FALSE);
                cell->need_h += cell->bottom_tb->height + DBO_MM (2.0);
              }
          }
        if (cell->seal_mm > 0)
          cell->need_h = MAX (cell->need_h, cell->need_h - (cell->tb ? cell->tb->height : 0)
                                            + DBO_MM (cell->seal_mm + 2.0));
      }

  /* Row heights: single-row cells first, then grow the last row under a taller span. */
  for (guint r = 0; r < n_rows; r++)
    {
      Row *row = _dbo_table_row (table, r);
      double pitch = table->style.line_pitch_pt > 0 ? table->style.line_pitch_pt : table->style.size_pt * 1.5;

      row->h = MAX (row->min_h, pitch + 2 * CELL_PAD_Y);
      for (guint c = 0; c < table->n_cols; c++)
        {
          DboCell *cell = &row->cells[c];
          if (!cell->covered && cell->rowspan == 1)
            row->h = MAX (row->h, cell->need_h);
        }
    }
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &_dbo_table_row (table, r)->cells[c];
        double have;
        if (cell->covered || cell->rowspan == 1)
          continue;
        have = _dbo_table_rows_height (table, r, r + cell->rowspan - 1);
        if (cell->need_h > have)
          _dbo_table_row (table, r + cell->rowspan - 1)->h += cell->need_h - have;
      }

  /* Vertical cells now know their length. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &_dbo_table_row (table, r)->cells[c];
        if (cell->covered || !cell->vertical || cell->text == NULL || cell->text[0] == '\0')
          continue;
        cell->tb = _dbo_layout_make_text_box (layout, layout->vcontext, &cell->style, cell->text,
                                  _dbo_table_rows_height (table, r, r + cell->rowspan - 1) - 2 * CELL_PAD_Y, TRUE);
      }

  if (table->caption != NULL)
    {
      DboTextStyle cs = table->style;
      cs.align = DBO_ALIGN_LEFT;
      table->caption_tb = _dbo_layout_make_text_box (layout, layout->context, &cs, table->caption,
                                         _dbo_layout_text_width (layout), FALSE);
    }
  else
    table->caption_tb = NULL;
}

void
_dbo_layout_measure_block (DboLayout *layout, Block *block)
{
  double width = _dbo_layout_text_width (layout) - DBO_MM (block->style.left_indent_mm);

  block->tb = NULL;
  switch (block->kind)
    {
    case BLOCK_PARAGRAPH:
    case BLOCK_ALONE_NOTE:
      block->tb = _dbo_layout_make_text_box (layout, layout->context, &block->style, block->text, width, FALSE);
      break;
    case BLOCK_SIGNATURES:
      block->tb = _dbo_layout_make_text_box (layout, layout->context, &block->style, block->text, -1, FALSE);
      break;
    case BLOCK_TABLE:
      measure_table (layout, block->table);
      break;
    case BLOCK_SPACE:
    case BLOCK_BREAK:
    case BLOCK_KEEP:
    case BLOCK_FLEX:
    case BLOCK_RUN_BEGIN:
    case BLOCK_RUN_END:
    case BLOCK_BOOKMARK:
    case BLOCK_SEAL:
    default:
      break;
    }
}
