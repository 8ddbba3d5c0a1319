/* dbo-layout.c — the layout model: blocks, tables and cells as the renderers
 * add them, and what pagination made of them (page text, seals, bookmarks). */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout-private.h"

static void
ink_free (gpointer data)
{
  Ink *ink = data;

  if (ink->strokes)
    g_ptr_array_unref (ink->strokes);
  g_free (ink);
}

static void
cell_clear (DboCell *cell)
{
  g_free (cell->text);
  g_free (cell->bottom_text);
}

static void
table_free (DboTable *table)
{
  for (guint i = 0; i < table->rows->len; i++)
    {
      Row *row = g_ptr_array_index (table->rows, i);
      for (guint c = 0; c < table->n_cols; c++)
        cell_clear (&row->cells[c]);
      g_free (row->cells);
      g_free (row);
    }
  g_ptr_array_unref (table->rows);
  g_free (table->widths);
  g_free (table->base_widths);
  g_free (table->caption);
  g_free (table);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  if (block->inks)
    g_ptr_array_unref (block->inks);
  if (block->table)
    table_free (block->table);
  g_free (block);
}

void
_dbo_layout_clear_pagination (DboLayout *layout)
{
  g_clear_pointer (&layout->pages, g_ptr_array_unref);
  g_clear_pointer (&layout->same_boxes, g_hash_table_unref);
  g_clear_pointer (&layout->text_boxes, g_ptr_array_unref);
  g_clear_pointer (&layout->bookmarks, g_array_unref);
  g_clear_pointer (&layout->subsets, g_hash_table_unref);
  g_clear_pointer (&layout->pending_boxes, g_array_unref);
  layout->note_tb = NULL;
  layout->stamp_tb = NULL;
  g_clear_object (&layout->context);
  g_clear_object (&layout->vcontext);
  layout->paginated = FALSE;
  layout->page = NULL;
}

DboLayout *
dbo_layout_new (void)
{
  DboLayout *layout = g_new0 (DboLayout, 1);

  layout->top = DBO_MM (DEFAULT_TOP_MM);
  layout->bottom = DBO_MM (DEFAULT_BOTTOM_MM);
  layout->left = DBO_MM (DEFAULT_LEFT_MM);
  layout->right = DBO_MM (DEFAULT_RIGHT_MM);
  layout->page_numbers = TRUE;
  layout->blocks = g_ptr_array_new_with_free_func (block_free);
  return layout;
}

void
dbo_layout_free (DboLayout *layout)
{
  if (layout == NULL)
    return;
  _dbo_layout_clear_pagination (layout);
  g_ptr_array_unref (layout->blocks);
  g_free (layout->footer_note);
  g_free (layout->stamp);
  g_free (layout);
}

void
dbo_layout_set_margins (DboLayout *layout, double top_mm, double bottom_mm, double left_mm,
                        double right_mm)
{
  _dbo_layout_clear_pagination (layout);
  layout->top = DBO_MM (top_mm);
  layout->bottom = DBO_MM (bottom_mm);
  layout->left = DBO_MM (left_mm);
  layout->right = DBO_MM (right_mm);
}

double
_dbo_layout_text_width (const DboLayout *layout)
{
  return DBO_A4_WIDTH_PT - layout->left - layout->right;
}

double
dbo_layout_get_text_width_mm (DboLayout *layout)
{
  return DBO_PT_TO_MM (_dbo_layout_text_width (layout));
}

void
dbo_layout_set_footer_note (DboLayout *layout, const char *text)
{
  g_free (layout->footer_note);
  layout->footer_note = g_strdup (text);
}

void
dbo_layout_add_stamp (DboLayout *layout, const char *text)
{
  char *joined = layout->stamp ? g_strconcat (layout->stamp, "　", text, NULL) : g_strdup (text);

  g_free (layout->stamp);
  layout->stamp = joined;
}

void
dbo_layout_set_page_numbers (DboLayout *layout, gboolean on)
{
  layout->page_numbers = on;
}

static Block *
add_block (DboLayout *layout, BlockKind kind)
{
  Block *block = g_new0 (Block, 1);

  _dbo_layout_clear_pagination (layout);
  block->kind = kind;
  g_ptr_array_add (layout->blocks, block);
  return block;
}

/* A block of @text in @style (the body style for NULL). */
static Block *
add_text_block (DboLayout *layout, BlockKind kind, const DboTextStyle *style, const char *text)
{
  Block *block = add_block (layout, kind);

  if (style)
    block->style = *style;
  else
    dbo_text_style_init (&block->style, DBO_FONT_BODY);
  block->text = g_strdup (text ? text : "");
  return block;
}

void
dbo_layout_add_paragraph (DboLayout *layout, const DboTextStyle *style, const char *text)
{
  add_text_block (layout, BLOCK_PARAGRAPH, style, text);
}

void
dbo_layout_add_paragraphf (DboLayout *layout, const DboTextStyle *style, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  dbo_layout_add_paragraph (layout, style, text);
}

void
dbo_layout_add_space (DboLayout *layout, double mm)
{
  add_block (layout, BLOCK_SPACE)->mm = mm;
}

void
dbo_layout_add_page_break (DboLayout *layout)
{
  add_block (layout, BLOCK_BREAK);
}

void
dbo_layout_add_keep_space (DboLayout *layout, double mm)
{
  add_block (layout, BLOCK_KEEP)->mm = mm;
}

void
dbo_layout_add_flex_space (DboLayout *layout, double mm, double min_mm)
{
  Block *block = add_block (layout, BLOCK_FLEX);

  block->mm = mm;
  block->min_mm = CLAMP (min_mm, 0, mm);
}

void
dbo_layout_begin_keep (DboLayout *layout)
{
  add_block (layout, BLOCK_RUN_BEGIN);
}

void
dbo_layout_begin_keep_with_last (DboLayout *layout)
{
  Block *block;
  guint at = layout->blocks->len;

  /* Back to the last paragraph (with the blocks after it). */
  for (guint i = layout->blocks->len; i > 0; i--)
    {
      Block *b = g_ptr_array_index (layout->blocks, i - 1);
      if (b->kind == BLOCK_PARAGRAPH)
        {
          at = i - 1;
          break;
        }
    }
  block = add_block (layout, BLOCK_RUN_BEGIN);
  g_ptr_array_steal_index (layout->blocks, layout->blocks->len - 1);
  g_ptr_array_insert (layout->blocks, at, block);
}

void
dbo_layout_end_keep (DboLayout *layout)
{
  add_block (layout, BLOCK_RUN_END);
}

void
dbo_layout_add_alone_note (DboLayout *layout, const DboTextStyle *style, const char *text)
{
  add_text_block (layout, BLOCK_ALONE_NOTE, style, text);
}

void
dbo_layout_add_bookmark (DboLayout *layout, const char *title, int level)
{
  Block *block = add_block (layout, BLOCK_BOOKMARK);

  block->text = g_strdup (title ? title : "");
  block->level = MAX (level, 1);
}

void
dbo_layout_add_seal_area (DboLayout *layout, double center_x_mm, double diameter_mm, double height_mm)
{
  Block *block = add_block (layout, BLOCK_SEAL);

  block->seal_x_mm = center_x_mm;
  block->seal_d_mm = diameter_mm;
  block->mm = MAX (height_mm, diameter_mm);
}

static GPtrArray *
copy_strokes (const GPtrArray *strokes)
{
  GPtrArray *copy;

  if (strokes == NULL)
    return NULL;
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);
      GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (DboPoint), stroke ? stroke->len : 0);
      if (stroke)
        g_array_append_vals (points, stroke->data, stroke->len);
      g_ptr_array_add (copy, points);
    }
  return copy;
}

void
dbo_layout_add_signatures (DboLayout *layout, const DboTextStyle *style, const char *label,
                           double slot_width_mm, double slot_height_mm, const DboSignatureInk *inks,
                           guint n_slots)
{
  Block *block = add_text_block (layout, BLOCK_SIGNATURES, style, label);

  block->style.first_indent_em = 0;
  block->style.align = DBO_ALIGN_LEFT;
  block->slot_w_mm = MAX (slot_width_mm, 5.0);
  block->slot_h_mm = MAX (slot_height_mm, 5.0);
  block->inks = g_ptr_array_new_with_free_func (ink_free);
  for (guint i = 0; i < MAX (n_slots, 1); i++)
    {
      Ink *ink = g_new0 (Ink, 1);
      if (inks != NULL && i < n_slots)
        {
          ink->strokes = copy_strokes (inks[i].strokes);
          ink->box_w_mm = inks[i].box_width_mm;
          ink->box_h_mm = inks[i].box_height_mm;
        }
      g_ptr_array_add (block->inks, ink);
    }
}

/* ---------------------------------------------------------------- tables */

DboTable *
dbo_layout_add_table (DboLayout *layout, const double *col_widths_mm, guint n_cols,
                      const DboTextStyle *style)
{
  Block *block = add_block (layout, BLOCK_TABLE);
  DboTable *table = g_new0 (DboTable, 1);

  g_return_val_if_fail (n_cols > 0, NULL);
  table->layout = layout;
  table->n_cols = n_cols;
  table->widths = g_new0 (double, n_cols);
  table->base_widths = g_new0 (double, n_cols);
  for (guint c = 0; c < n_cols; c++)
    table->widths[c] = table->base_widths[c] = DBO_MM (col_widths_mm[c]);
  if (style)
    table->style = *style;
  else
    dbo_text_style_init (&table->style, DBO_FONT_TABLE);
  table->style.first_indent_em = 0;
  table->rows = g_ptr_array_new ();
  block->table = table;
  return table;
}

void
dbo_table_set_header_rows (DboTable *table, guint n)
{
  table->header_rows = n;
}

void
dbo_table_set_continued_caption (DboTable *table, const char *text)
{
  g_free (table->caption);
  table->caption = g_strdup (text);
}

void
dbo_table_fit_columns (DboTable *table)
{
  _dbo_layout_clear_pagination (table->layout);
  table->fit = TRUE;
}

void
dbo_table_set_borderless (DboTable *table, gboolean borderless)
{
  table->borderless = borderless;
}

void
dbo_table_set_indent (DboTable *table, double mm)
{
  table->indent = DBO_MM (mm);
}

guint
dbo_table_add_row (DboTable *table, double min_height_mm)
{
  Row *row = g_new0 (Row, 1);

  _dbo_layout_clear_pagination (table->layout);
  row->min_h = DBO_MM (MAX (min_height_mm, 0.0));
  row->cells = g_new0 (DboCell, table->n_cols);
  for (guint c = 0; c < table->n_cols; c++)
    {
      row->cells[c].style = table->style;
      row->cells[c].valign = DBO_VALIGN_MIDDLE;
      row->cells[c].rowspan = 1;
      row->cells[c].colspan = 1;
    }
  g_ptr_array_add (table->rows, row);
  return table->rows->len - 1;
}

Row *
_dbo_table_row (DboTable *table, guint r)
{
  return r < table->rows->len ? g_ptr_array_index (table->rows, r) : NULL;
}

/* TRUE when (@row, @col) lies inside the span of another cell. */
static gboolean
position_covered (DboTable *table, guint row, guint col)
{
  for (guint r = 0; r <= row; r++)
    {
      Row *rr = _dbo_table_row (table, r);
      for (guint c = 0; c <= col; c++)
        {
          DboCell *cell = &rr->cells[c];
          if ((r != row || c != col) && cell->set && !cell->covered
              && r + cell->rowspan > row && c + cell->colspan > col)
            return TRUE;
        }
    }
  return FALSE;
}

DboCell *
dbo_table_set (DboTable *table, guint row, guint col, const char *text)
{
  Row *rr = _dbo_table_row (table, row);
  DboCell *cell;

  g_return_val_if_fail (rr != NULL && col < table->n_cols, NULL);
  _dbo_layout_clear_pagination (table->layout);
  if (position_covered (table, row, col))
    return NULL;
  cell = &rr->cells[col];
  cell->set = TRUE;
  g_free (cell->text);
  cell->text = g_strdup (text ? text : "");
  return cell;
}

DboCell *
dbo_table_setf (DboTable *table, guint row, guint col, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return dbo_table_set (table, row, col, text);
}

guint
dbo_table_add_cells (DboTable *table, double min_height_mm, const char *first, ...)
{
  va_list args;
  guint row = dbo_table_add_row (table, min_height_mm);
  const char *text = first;
  guint col = 0;

  va_start (args, first);
  while (text != NULL && col < table->n_cols)
    {
      while (col < table->n_cols && position_covered (table, row, col))
        col++;
      if (col >= table->n_cols)
        break;
      dbo_table_set (table, row, col, text);
      col++;
      text = va_arg (args, const char *);
    }
  va_end (args);
  return row;
}

void
dbo_cell_set_span (DboCell *cell, guint rowspan, guint colspan)
{
  if (cell == NULL)
    return;
  cell->rowspan = MAX (rowspan, 1);
  cell->colspan = MAX (colspan, 1);
}

void
dbo_cell_set_align (DboCell *cell, DboAlign align, DboVAlign valign)
{
  if (cell == NULL)
    return;
  cell->style.align = align;
  cell->valign = valign;
}

void
dbo_cell_set_style (DboCell *cell, const DboTextStyle *style)
{
  if (cell == NULL || style == NULL)
    return;
  cell->style = *style;
  cell->style.first_indent_em = 0;
}

void
dbo_cell_set_shade (DboCell *cell, double gray)
{
  if (cell)
    cell->shade = CLAMP (gray, 0.0, 1.0);
}

void
dbo_cell_set_vertical (DboCell *cell, gboolean vertical)
{
  if (cell)
    cell->vertical = vertical;
}

void
dbo_cell_set_bottom_text (DboCell *cell, const char *text, DboAlign align)
{
  if (cell == NULL)
    return;
  g_free (cell->bottom_text);
  cell->bottom_text = g_strdup (text);
  cell->bottom_align = align;
}

void
dbo_cell_reserve_seal (DboCell *cell, double diameter_mm)
{
  if (cell)
    cell->seal_mm = MAX (diameter_mm, 0.0);
}

/* ---------------------------------------------------------------- inspection */

char *
dbo_layout_get_page_text (DboLayout *layout, int page)
{
  GString *out = g_string_new (NULL);
  Page *p;

  dbo_layout_get_n_pages (layout);
  g_return_val_if_fail (page >= 0 && (guint) page < layout->pages->len, g_string_free (out, FALSE));
  p = g_ptr_array_index (layout->pages, page);
  if (layout->stamp)
    g_string_append_printf (out, "%s\n", layout->stamp);
  for (guint i = 0; i < p->items->len; i++)
    {
      const Item *item = &g_array_index (p->items, Item, i);
      const char *text;

      if (item->kind == ITEM_VTEXT)
        g_string_append_printf (out, "%s\n", pango_layout_get_text (item->tb->pl));
      if (item->kind != ITEM_TEXT)
        continue;
      text = pango_layout_get_text (item->tb->pl);
      for (int l = item->first; l < item->last; l++)
        {
          PangoLayoutLine *line = item->tb->lines[l];
          g_string_append_len (out, text + line->start_index, line->length);
          g_string_append_c (out, '\n');
        }
    }
  if (layout->page_numbers)
    g_string_append_printf (out, "第 %d 页 共 %d 页\n", page + 1, (int) layout->pages->len);
  if (layout->footer_note)
    g_string_append_printf (out, "%s\n", layout->footer_note);
  return g_string_free (out, FALSE);
}

GArray *
dbo_layout_get_seal_areas (DboLayout *layout, int page)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
  Page *p;

  dbo_layout_get_n_pages (layout);
  if (page < 0 || (guint) page >= layout->pages->len)
    return out;
  p = g_ptr_array_index (layout->pages, page);
  g_array_append_vals (out, p->seals->data, p->seals->len);
  return out;
}

GArray *
dbo_layout_get_bookmarks (DboLayout *layout)
{
  dbo_layout_get_n_pages (layout);
  return g_array_ref (layout->bookmarks);
}
