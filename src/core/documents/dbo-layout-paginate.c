/* dbo-layout-paginate.c — places the measured blocks on pages: tables split
 * between rows, keep-together runs, flexible space and orphan notes. */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout-private.h"

/* ---------------------------------------------------------------- placing */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_array_unref (page->items);
  g_array_unref (page->seals);
  g_free (page);
}

static double
page_bottom (const DboLayout *layout)
{
  return DBO_A4_HEIGHT_PT - layout->bottom;
}

static double
page_room (const DboLayout *layout)
{
  return page_bottom (layout) - layout->top;
}

static gboolean
page_empty (const DboLayout *layout)
{
  return layout->page->items->len == 0 && layout->page->seals->len == 0;
}

static void
new_page (DboLayout *layout)
{
  Page *page = g_new0 (Page, 1);

  page->items = g_array_new (FALSE, TRUE, sizeof (Item));
  page->seals = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
  g_ptr_array_add (layout->pages, page);
  layout->page = page;
  layout->y = layout->top;
}

static void
emit (DboLayout *layout, const Item *item)
{
  g_array_append_vals (layout->page->items, item, 1);
}

static void
emit_text (DboLayout *layout, TextBox *tb, int first, int last, double x, double y)
{
  Item item = { .kind = ITEM_TEXT, .x = x, .y = y, .tb = tb, .first = first, .last = last };

  if (tb == NULL || first >= last)
    return;
  item.w = tb->width;
  item.h = tb->bottom[last - 1] - tb->top[first];
  item.gray = tb->gray;
  emit (layout, &item);
}

static void
emit_box (DboLayout *layout, ItemKind kind, double x, double y, double w, double h, double gray)
{
  Item item = { .kind = kind, .x = x, .y = y, .w = w, .h = h, .gray = gray };

  emit (layout, &item);
}

static void
add_seal (DboLayout *layout, double x, double y, double d)
{
  cairo_rectangle_t rect = { x, y, d, d };

  g_array_append_val (layout->page->seals, rect);
}

static int
table_group_end (DboTable *table, guint r)
{
  guint end = r;

  for (guint rr = r; rr <= end && rr < table->rows->len; rr++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &_dbo_table_row (table, rr)->cells[c];
        if (!cell->covered && rr + cell->rowspan - 1 > end)
          end = rr + cell->rowspan - 1;
      }
  return end;
}

static double
table_header_height (DboTable *table)
{
  guint n = MIN (table->header_rows, table->rows->len);

  return n > 0 ? _dbo_table_rows_height (table, 0, n - 1) : 0;
}

/* The least room a block needs at the bottom of a page before it starts. */
static double
block_min_start (DboLayout *layout, guint index, int depth)
{
  Block *block;
  double h = 0;

  if (index >= layout->blocks->len || depth > 8)
    return 0;
  block = g_ptr_array_index (layout->blocks, index);
  switch (block->kind)
    {
    case BLOCK_PARAGRAPH:
      {
        TextBox *tb = block->tb;
        int n = MIN (tb->n_lines, 2);
        h = DBO_MM (block->style.space_before_mm) + (n > 0 ? tb->bottom[n - 1] - tb->top[0] : 0);
        if (block->style.keep_with_next)
          h = DBO_MM (block->style.space_before_mm) + tb->height + DBO_MM (block->style.space_after_mm)
              + block_min_start (layout, index + 1, depth + 1);
        break;
      }
    case BLOCK_SPACE:
    case BLOCK_FLEX:
      h = DBO_MM (block->mm) + block_min_start (layout, index + 1, depth + 1);
      break;
    case BLOCK_RUN_BEGIN:
    case BLOCK_RUN_END:
    case BLOCK_ALONE_NOTE:
    case BLOCK_BOOKMARK:
      h = block_min_start (layout, index + 1, depth + 1);
      break;
    case BLOCK_SEAL:
      h = DBO_MM (block->mm);
      break;
    case BLOCK_SIGNATURES:
      h = DBO_MM (block->slot_h_mm);
      break;
    case BLOCK_TABLE:
      {
        DboTable *table = block->table;
        guint hr = MIN (table->header_rows, table->rows->len);
        h = table_header_height (table);
        if (hr < table->rows->len)
          h += _dbo_table_rows_height (table, hr, table_group_end (table, hr));
        break;
      }
    case BLOCK_BREAK:
    case BLOCK_KEEP:
    default:
      break;
    }
  return MIN (h, page_room (layout));
}

static void
place_paragraph (DboLayout *layout, Block *block, guint index)
{
  TextBox *tb = block->tb;
  double x = layout->left + DBO_MM (block->style.left_indent_mm);
  double need;
  int i = 0;

  if (!page_empty (layout))
    layout->y += DBO_MM (block->style.space_before_mm);
  /* Keep a heading with what follows; keep two lines together at the bottom. */
  need = block_min_start (layout, index, 0) - (page_empty (layout) ? 0 : DBO_MM (block->style.space_before_mm));
  if (!page_empty (layout) && layout->y + need > page_bottom (layout) + EPSILON)
    new_page (layout);

  while (i < tb->n_lines)
    {
      int start = i;
      double y0 = layout->y;

      while (i < tb->n_lines
             && (i == start || y0 + tb->bottom[i] - tb->top[start] <= page_bottom (layout) + EPSILON)
             && (i != block->break_line || i == start))
        i++;
      if (i == start + 1 && i < tb->n_lines && !page_empty (layout)
          && y0 + tb->bottom[start] - tb->top[start] > page_bottom (layout) + EPSILON)
        {
          /* Not even one line fits here. */
          new_page (layout);
          i = start;
          continue;
        }
      /* No single last line alone on the next page. */
      if (i < tb->n_lines && i != block->break_line && tb->n_lines - i == 1 && i - start >= 3)
        i--;
      emit_text (layout, tb, start, i, x, y0);
      layout->y = y0 + tb->bottom[i - 1] - tb->top[start];
      if (i < tb->n_lines)
        new_page (layout);
    }
  layout->y += DBO_MM (block->style.space_after_mm);
}

static void
place_signatures (DboLayout *layout, Block *block)
{
  TextBox *tb = block->tb;
  double slot_w = DBO_MM (block->slot_w_mm);
  double slot_h = DBO_MM (block->slot_h_mm);
  double gap = DBO_MM (4.0);
  double x_start = layout->left + DBO_MM (block->style.left_indent_mm);
  double right = DBO_A4_WIDTH_PT - layout->right;
  double label_w = tb->width + DBO_MM (1.0);
  double x;
  gboolean first_row = TRUE;

  if (!page_empty (layout))
    layout->y += DBO_MM (block->style.space_before_mm);
  if (x_start + label_w + slot_w > right)
    label_w = MAX (0, right - slot_w - x_start);
  x = x_start + label_w;
  for (guint i = 0; i < block->inks->len; i++)
    {
      const Ink *ink = g_ptr_array_index (block->inks, i);
      Item item = { .kind = ITEM_INK };

      if (i > 0 && x + slot_w > right + EPSILON)
        {
          layout->y += slot_h + DBO_MM (1.0);
          x = x_start + label_w;
        }
      if (i == 0 || x == x_start + label_w)
        {
          if (layout->y + slot_h > page_bottom (layout) + EPSILON && !page_empty (layout))
            {
              new_page (layout);
              first_row = TRUE;   /* the label again: lines without it are nobody's */
            }
          if (first_row)
            {
              /* The label sits on the first rule, like handwriting. */
              double baseline = layout->y + slot_h - DBO_MM (1.2);
              emit_text (layout, tb, 0, tb->n_lines, x_start, baseline - (tb->baseline[0] - tb->top[0]));
              first_row = FALSE;
            }
        }
      emit_box (layout, ITEM_LINE, x, layout->y + slot_h, slot_w, 0, 0);
      if (ink->strokes != NULL && ink->strokes->len > 0)
        {
          item.x = x;
          item.y = layout->y;
          item.w = slot_w;
          item.h = slot_h - DBO_MM (0.5);
          item.ink = ink;
          emit (layout, &item);
        }
      x += slot_w + gap;
    }
  layout->y += slot_h + DBO_MM (block->style.space_after_mm);
}

/* Draws the cells that start in rows @r0..@r1 with the first at page y @y. */
static void
emit_rows (DboLayout *layout, DboTable *table, guint r0, guint r1, double y)
{
  double x0 = layout->left + table->indent;
  double row_y = y;

  for (guint r = r0; r <= r1 && r < table->rows->len; r++)
    {
      Row *row = _dbo_table_row (table, r);
      double cx = x0;

      for (guint c = 0; c < table->n_cols; c++)
        {
          DboCell *cell = &row->cells[c];
          double w, h, top, bottom;

          cx = x0 + _dbo_table_cell_width (table, 0, c);
          if (cell->covered)
            continue;
          w = _dbo_table_cell_width (table, c, cell->colspan);
          h = _dbo_table_rows_height (table, r, MIN (r + cell->rowspan - 1, r1));
          if (cell->shade > 0)
            emit_box (layout, ITEM_FILL, cx, row_y, w, h, 1.0 - cell->shade);
          if (!table->borderless)
            emit_box (layout, ITEM_RECT, cx, row_y, w, h, 0);

          top = row_y + CELL_PAD_Y;
          bottom = row_y + h - CELL_PAD_Y;
          if (cell->bottom_tb && cell->seal_mm > 0)
            {
              /* The seal's square at the bottom right, clear of the rule; the
               * mark ("（公章）") at its centre, the date under it: a seal
               * pressed on the mark stays inside the cell. */
              double d = DBO_MM (cell->seal_mm);
              double sx = cx + w - CELL_PAD_X - d - DBO_MM (2.0);
              double sy = MAX (top, bottom - DBO_MM (SEAL_MARK_CLEARANCE) - d);
              TextBox *mark = cell->bottom_tb;

              add_seal (layout, sx, sy, d);
              emit_text (layout, mark, 0, mark->n_lines, sx, sy + (d - (mark->bottom[0] - mark->top[0])) / 2);
            }
          else if (cell->bottom_tb)
            {
              double by = bottom - cell->bottom_tb->height;
              emit_text (layout, cell->bottom_tb, 0, cell->bottom_tb->n_lines, cx + CELL_PAD_X, by);
              bottom = by - DBO_MM (2.0);
            }
          if (cell->seal_mm > 0 && cell->bottom_tb == NULL)
            {
              /* Top right, beside the text, clear of the bottom text. */
              double d = DBO_MM (cell->seal_mm);
              add_seal (layout, cx + w - CELL_PAD_X - d - DBO_MM (2.0), MAX (top, bottom - d), d);
            }
          if (cell->tb != NULL && cell->vertical)
            {
              Item item = { .kind = ITEM_VTEXT, .tb = cell->tb, .gray = cell->tb->gray };
              /* Columns run right to left, centred in the cell. */
              item.x = cx + (w + cell->tb->height) / 2;
              item.y = top;
              item.w = cell->tb->height;
              item.h = bottom - top;
              emit (layout, &item);
            }
          else if (cell->tb != NULL)
            {
              double ty = top;
              if (cell->bottom_tb == NULL && cell->seal_mm <= 0)
                {
                  if (cell->valign == DBO_VALIGN_MIDDLE)
                    ty = top + MAX (0, (bottom - top - cell->tb->height) / 2);
                  else if (cell->valign == DBO_VALIGN_BOTTOM)
                    ty = MAX (top, bottom - cell->tb->height);
                }
              emit_text (layout, cell->tb, 0, cell->tb->n_lines, cx + CELL_PAD_X + cell->text_dx, ty);
            }
        }
      row_y += row->h;
    }
}

/* Continuation page: caption and header rows again. */
static void
table_continue (DboLayout *layout, DboTable *table)
{
  guint hr = MIN (table->header_rows, table->rows->len);

  new_page (layout);
  if (table->caption_tb)
    {
      emit_text (layout, table->caption_tb, 0, table->caption_tb->n_lines, layout->left + table->indent, layout->y);
      layout->y += table->caption_tb->height + DBO_MM (1.0);
    }
  if (hr > 0)
    {
      emit_rows (layout, table, 0, hr - 1, layout->y);
      layout->y += _dbo_table_rows_height (table, 0, hr - 1);
    }
}

static gboolean
row_splittable (DboTable *table, guint r)
{
  Row *row = _dbo_table_row (table, r);

  for (guint c = 0; c < table->n_cols; c++)
    {
      DboCell *cell = &row->cells[c];
      if (cell->covered)
        continue;
      if (cell->rowspan > 1 || cell->vertical || cell->bottom_tb || cell->seal_mm > 0)
        return FALSE;
    }
  return TRUE;
}

/* A row taller than a page: cut it between lines, top-aligned, over several pages. */
static void
place_split_row (DboLayout *layout, DboTable *table, guint r)
{
  Row *row = _dbo_table_row (table, r);
  double x0 = layout->left + table->indent;
  TextBox *tall = NULL;
  double s = 0;                 /* row coordinate where the current slice starts */
  gboolean fresh = FALSE;       /* the current page holds nothing of the row yet, after the header */

  for (guint c = 0; c < table->n_cols; c++)
    {
      DboCell *cell = &row->cells[c];
      if (!cell->covered && cell->tb && (tall == NULL || cell->tb->height > tall->height))
        tall = cell->tb;
    }

  while (TRUE)
    {
      double lead = s > 0 ? CELL_PAD_Y : 0;   /* padding above a continued slice */
      double room = page_bottom (layout) - layout->y;
      double rest = row->h - s + lead;
      double e, slice_h, cx;

      if (rest <= room + EPSILON)
        {
          e = G_MAXDOUBLE;
          slice_h = rest;
        }
      else
        {
          e = -1;
          for (int i = 0; tall && i < tall->n_lines; i++)
            {
              double b = CELL_PAD_Y + tall->bottom[i] - tall->top[0];
              double t = CELL_PAD_Y + tall->top[i] - tall->top[0];
              if (t >= s - EPSILON && b - s + lead + CELL_PAD_Y <= room + EPSILON)
                e = b;
            }
          if (e <= s && !fresh)
            {
              table_continue (layout, table);
              fresh = TRUE;
              continue;
            }
          if (e <= s)
            {
              /* Not one line fits even on a fresh page (a huge font): take one anyway. */
              for (int i = 0; tall && i < tall->n_lines && e <= s; i++)
                if (CELL_PAD_Y + tall->top[i] - tall->top[0] >= s - EPSILON)
                  e = CELL_PAD_Y + tall->bottom[i] - tall->top[0];
              if (e <= s)
                e = row->h;
            }
          slice_h = e - s + lead + CELL_PAD_Y;
        }

      for (guint c = 0; c < table->n_cols; c++)
        {
          DboCell *cell = &row->cells[c];
          double w;

          cx = x0 + _dbo_table_cell_width (table, 0, c);
          if (cell->covered)
            continue;
          w = _dbo_table_cell_width (table, c, cell->colspan);
          if (cell->shade > 0)
            emit_box (layout, ITEM_FILL, cx, layout->y, w, slice_h, 1.0 - cell->shade);
          if (!table->borderless)
            emit_box (layout, ITEM_RECT, cx, layout->y, w, slice_h, 0);
          if (cell->tb)
            {
              int first = -1, last = -1;
              for (int i = 0; i < cell->tb->n_lines; i++)
                {
                  double t = CELL_PAD_Y + cell->tb->top[i] - cell->tb->top[0];
                  if (t >= s - EPSILON && t < e - EPSILON)
                    {
                      if (first < 0)
                        first = i;
                      last = i + 1;
                    }
                }
              if (first >= 0)
                emit_text (layout, cell->tb, first, last, cx + CELL_PAD_X + cell->text_dx,
                           layout->y + lead + (CELL_PAD_Y + cell->tb->top[first] - cell->tb->top[0]) - s);
            }
        }
      layout->y += slice_h;
      if (e == G_MAXDOUBLE || e >= row->h)
        return;
      s = e;
      table_continue (layout, table);
      fresh = TRUE;
    }
}

static void
place_table (DboLayout *layout, Block *block, guint index)
{
  DboTable *table = block->table;
  guint n_rows = table->rows->len;
  guint hr = MIN (table->header_rows, n_rows);
  double header_h = table_header_height (table);
  double caption_h = table->caption_tb ? table->caption_tb->height + DBO_MM (1.0) : 0;
  guint r;

  if (n_rows == 0)
    return;
  if (!page_empty (layout) && layout->y + block_min_start (layout, index, 0) > page_bottom (layout) + EPSILON)
    new_page (layout);
  if (hr > 0)
    {
      emit_rows (layout, table, 0, hr - 1, layout->y);
      layout->y += header_h;
    }
  r = hr;
  while (r < n_rows)
    {
      guint end = table_group_end (table, r);
      double gh = _dbo_table_rows_height (table, r, end);
      double fresh = page_room (layout) - header_h - caption_h;

      if (layout->y + gh <= page_bottom (layout) + EPSILON)
        {
          emit_rows (layout, table, r, end, layout->y);
          layout->y += gh;
          r = end + 1;
          continue;
        }
      if (end == r && gh > fresh && row_splittable (table, r))
        {
          /* Start on this page if at least a few lines fit, else on the next. */
          if (page_bottom (layout) - layout->y < DBO_MM (25))
            table_continue (layout, table);
          place_split_row (layout, table, r);
          r++;
          continue;
        }
      /* Keep the row (group) whole on a continuation page; a group taller than a
       * page overflows rather than being cut through a spanning cell. */
      table_continue (layout, table);
      emit_rows (layout, table, r, end, layout->y);
      layout->y += gh;
      r = end + 1;
    }
}

/* ---------------------------------------------------------------- flow control
 *
 * Keep-together runs, flexible space and the alone note are placed by trial:
 * the blocks are placed, and when the result breaks a rule the placement is
 * rolled back (pages, items, seals, bookmarks, cursor) and redone otherwise.
 * Placing never measures, so a trial costs only the arithmetic. */

typedef struct {
  guint n_pages;
  guint n_items, n_seals;       /* of the page that was current */
  guint n_marks;
  double y;
} Mark;

static void
mark_save (DboLayout *layout, Mark *m)
{
  m->n_pages = layout->pages->len;
  m->n_items = layout->page->items->len;
  m->n_seals = layout->page->seals->len;
  m->n_marks = layout->bookmarks->len;
  m->y = layout->y;
}

static void
mark_restore (DboLayout *layout, const Mark *m)
{
  g_ptr_array_set_size (layout->pages, m->n_pages);
  layout->page = g_ptr_array_index (layout->pages, m->n_pages - 1);
  g_array_set_size (layout->page->items, m->n_items);
  g_array_set_size (layout->page->seals, m->n_seals);
  g_array_set_size (layout->bookmarks, m->n_marks);
  layout->y = m->y;
}

/* The BLOCK_RUN_END matching the BLOCK_RUN_BEGIN at @begin, or @to. */
static guint
run_end (DboLayout *layout, guint begin, guint to)
{
  int depth = 0;

  for (guint i = begin; i < to; i++)
    {
      Block *b = g_ptr_array_index (layout->blocks, i);
      if (b->kind == BLOCK_RUN_BEGIN)
        depth++;
      else if (b->kind == BLOCK_RUN_END && --depth == 0)
        return i;
    }
  return to;
}

static void place_range (DboLayout *layout, guint from, guint to);

/* Places blocks [@from, @to) from the cursor; TRUE when they stayed on its page. */
static gboolean
place_trial (DboLayout *layout, guint from, guint to)
{
  guint n = layout->pages->len;

  place_range (layout, from, to);
  return layout->pages->len == n;
}

/* A keep-together run [@from, @to): on the current page if it fits there, else
 * on a new page if it fits on one, else flowing from the cursor as usual. */
static void
place_run (DboLayout *layout, guint from, guint to)
{
  Mark m, fresh;
  Block *first;

  if (page_empty (layout))
    {
      place_range (layout, from, to);
      return;
    }
  mark_save (layout, &m);
  if (place_trial (layout, from, to))
    return;
  mark_restore (layout, &m);
  new_page (layout);
  mark_save (layout, &fresh);
  if (place_trial (layout, from, to))
    return;
  mark_restore (layout, &m);

  /* Taller than a page. When it starts with a paragraph, what follows the
   * paragraph stays on the page where the paragraph ends — carrying its last
   * two lines over when it does not fit after them. Else it flows. */
  first = g_ptr_array_index (layout->blocks, from);
  if (first->kind == BLOCK_PARAGRAPH && to > from + 1)
    {
      place_range (layout, from, from + 1);
      if (place_trial (layout, from + 1, to))
        return;
      mark_restore (layout, &m);
      if (first->tb->n_lines >= 4)
        {
          first->break_line = first->tb->n_lines - 2;
          place_range (layout, from, from + 1);
          first->break_line = 0;
          if (place_trial (layout, from + 1, to))
            return;
          mark_restore (layout, &m);
        }
    }
  place_range (layout, from, to);
}

/* Flexible space at @index: as much of it as lets the blocks up to the next
 * page break (or @to) stay on this page, but never less than its minimum. */
static void
place_flex (DboLayout *layout, guint index, guint to)
{
  Block *block = g_ptr_array_index (layout->blocks, index);
  double full = DBO_MM (block->mm), least = DBO_MM (block->min_mm), gap;
  guint end = index + 1;
  Mark m;

  if (page_empty (layout))
    return;
  while (end < to && ((Block *) g_ptr_array_index (layout->blocks, end))->kind != BLOCK_BREAK)
    end++;
  mark_save (layout, &m);
  layout->y = MIN (m.y + full, page_bottom (layout));
  gap = full;
  if (!place_trial (layout, index + 1, end) && least < full)
    {
      mark_restore (layout, &m);
      layout->y = MIN (m.y + least, page_bottom (layout));
      if (place_trial (layout, index + 1, end))
        {
          /* Everything moves down with the space as long as nothing changes page. */
          gap = MIN (full, least + MAX (0, page_bottom (layout) - layout->y - EPSILON));
          mark_restore (layout, &m);
          layout->y = MIN (m.y + gap, page_bottom (layout));
          if (!place_trial (layout, index + 1, end))
            gap = least;
        }
    }
  mark_restore (layout, &m);
  layout->y = MIN (m.y + gap, page_bottom (layout));
}

/* The alone note at @index: when the blocks after it, up to @to, would all land
 * on a later page, leaving them with nothing else on their page, the note is
 * printed at the top of that page first. */
static void
place_alone_note (DboLayout *layout, guint index, guint to)
{
  Block *block = g_ptr_array_index (layout->blocks, index);
  gboolean alone;
  Mark m;

  if (page_empty (layout))
    alone = layout->pages->len > 1;
  else
    {
      mark_save (layout, &m);
      place_range (layout, index + 1, to);
      alone = layout->pages->len > m.n_pages
              && ((Page *) g_ptr_array_index (layout->pages, m.n_pages - 1))->items->len == m.n_items
              && ((Page *) g_ptr_array_index (layout->pages, m.n_pages - 1))->seals->len == m.n_seals;
      mark_restore (layout, &m);
      if (alone)
        new_page (layout);
    }
  if (alone)
    {
      emit_text (layout, block->tb, 0, block->tb->n_lines, layout->left + DBO_MM (block->style.left_indent_mm),
                 layout->y);
      layout->y += block->tb->height + DBO_MM (block->style.space_after_mm);
    }
}

static void
place_range (DboLayout *layout, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      Block *block = g_ptr_array_index (layout->blocks, i);

      switch (block->kind)
        {
        case BLOCK_PARAGRAPH:
          place_paragraph (layout, block, i);
          break;
        case BLOCK_SPACE:
          if (!page_empty (layout))
            layout->y = MIN (layout->y + DBO_MM (block->mm), page_bottom (layout));
          break;
        case BLOCK_BREAK:
          if (!page_empty (layout))
            new_page (layout);
          break;
        case BLOCK_KEEP:
          if (!page_empty (layout) && page_bottom (layout) - layout->y < DBO_MM (block->mm))
            new_page (layout);
          break;
        case BLOCK_BOOKMARK:
          {
            DboBookmark mark = { block->text, block->level, layout->pages->len - 1, layout->y };
            g_array_append_val (layout->bookmarks, mark);
            break;
          }
        case BLOCK_SEAL:
          {
            double h = DBO_MM (block->mm);
            double d = DBO_MM (block->seal_d_mm);
            if (!page_empty (layout) && layout->y + h > page_bottom (layout) + EPSILON)
              new_page (layout);
            add_seal (layout, layout->left + DBO_MM (block->seal_x_mm) - d / 2, layout->y + (h - d) / 2, d);
            layout->y += h;
            break;
          }
        case BLOCK_SIGNATURES:
          place_signatures (layout, block);
          break;
        case BLOCK_TABLE:
          place_table (layout, block, i);
          break;
        case BLOCK_FLEX:
          place_flex (layout, i, to);
          break;
        case BLOCK_RUN_BEGIN:
          {
            guint end = run_end (layout, i, to);
            place_run (layout, i + 1, end);
            i = end;
            break;
          }
        case BLOCK_ALONE_NOTE:
          place_alone_note (layout, i, to);
          break;
        case BLOCK_RUN_END:
        default:
          break;
        }
    }
}

int
dbo_layout_paginate (DboLayout *layout, PangoContext *context)
{
  cairo_font_options_t *options;

  _dbo_layout_clear_pagination (layout);
  if (context != NULL)
    layout->context = g_object_ref (context);
  else
    {
      /* As a GtkPrintContext in points: 72 dpi, unhinted metrics. */
      layout->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      options = cairo_font_options_create ();
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (layout->context, options);
      cairo_font_options_destroy (options);
      pango_cairo_context_set_resolution (layout->context, 72.0);
    }
  pango_context_set_language (layout->context, pango_language_from_string ("zh-cn"));
  layout->fonts = dbo_font_set_get_default ();
  /* The fonts' own advances: rounded to whole points (at 72 dpi) a 五号
   * character would take 11 pt instead of 10.5, and every glyph a PDF
   * position correction of its own. */
  pango_context_set_round_glyph_positions (layout->context, FALSE);
  pango_cairo_context_set_shape_renderer (layout->context, _dbo_layout_draw_box_shape, NULL, NULL);

  layout->vcontext = pango_font_map_create_context (pango_context_get_font_map (layout->context));
  pango_cairo_context_set_font_options (layout->vcontext, pango_cairo_context_get_font_options (layout->context));
  pango_cairo_context_set_resolution (layout->vcontext, pango_cairo_context_get_resolution (layout->context));
  pango_context_set_language (layout->vcontext, pango_language_from_string ("zh-cn"));
  pango_context_set_base_gravity (layout->vcontext, PANGO_GRAVITY_EAST);
  pango_context_set_gravity_hint (layout->vcontext, PANGO_GRAVITY_HINT_STRONG);
  pango_context_set_round_glyph_positions (layout->vcontext, FALSE);
  pango_cairo_context_set_shape_renderer (layout->vcontext, _dbo_layout_draw_box_shape, NULL, NULL);

  layout->text_boxes = g_ptr_array_new_with_free_func (_dbo_text_box_free);
  layout->same_boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layout->pages = g_ptr_array_new_with_free_func (page_free);
  layout->bookmarks = g_array_new (FALSE, TRUE, sizeof (DboBookmark));

  for (guint i = 0; i < layout->blocks->len; i++)
    _dbo_layout_measure_block (layout, g_ptr_array_index (layout->blocks, i));

  new_page (layout);
  place_range (layout, 0, layout->blocks->len);
  /* Footers now that the number of pages is known (their glyphs count for the font subsets). */
  {
    DboTextStyle fs;
    dbo_text_style_init (&fs, DBO_FONT_BODY);
    fs.size_pt = DBO_SIZE_WU_HAO;
    fs.first_indent_em = 0;
    fs.align = DBO_ALIGN_LEFT;
    for (guint i = 0; layout->page_numbers && i < layout->pages->len; i++)
      {
        Page *p = g_ptr_array_index (layout->pages, i);
        g_autofree char *text = g_strdup_printf ("第 %u 页 共 %u 页", i + 1, layout->pages->len);
        p->page_number = _dbo_layout_make_text_box (layout, layout->context, &fs, text, -1, FALSE);
      }
    if (layout->footer_note)
      {
        dbo_text_style_init (&fs, DBO_FONT_TABLE);
        fs.size_pt = 7.0;
        fs.align = DBO_ALIGN_LEFT;
        layout->note_tb = _dbo_layout_make_text_box (layout, layout->context, &fs, layout->footer_note, -1, FALSE);
      }
    if (layout->stamp)
      {
        dbo_text_style_init (&fs, DBO_FONT_TITLE);
        fs.size_pt = 26;
        fs.align = DBO_ALIGN_LEFT;
        layout->stamp_tb = _dbo_layout_make_text_box (layout, layout->context, &fs, layout->stamp, -1, FALSE);
      }
  }
  layout->page = NULL;
  layout->paginated = TRUE;
  return layout->pages->len;
}

int
dbo_layout_get_n_pages (DboLayout *layout)
{
  if (!layout->paginated)
    dbo_layout_paginate (layout, NULL);
  return layout->pages->len;
}
