/* dbo-layout-draw.c — draws a paginated page onto any cairo_t: texts, tick
 * boxes, ruled lines, signatures, the footer and the stamp. */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- tick boxes */

/* Where a box of a shape @em wide sits, from the shape's origin (@x, @y). */
void
_dbo_layout_box_geometry (double em, double x, double y, double *left, double *top, double *side)
{
  *left = x + em * 0.17;
  *top = y - em * 0.76;
  *side = em * 0.72;
}

static double
box_line_width (double em)
{
  return MAX (0.5, em * 0.055);
}

static double
tick_line_width (double em)
{
  return MAX (0.7, em * 0.10);
}

/* A tick that overshoots the box a little, as a pen would. */
static void
tick_path (cairo_t *cr, double left, double top, double side)
{
  cairo_move_to (cr, left + side * 0.16, top + side * 0.52);
  cairo_line_to (cr, left + side * 0.42, top + side * 0.80);
  cairo_line_to (cr, left + side * 0.98, top - side * 0.08);
}

void
_dbo_layout_draw_box_shape (cairo_t *cr, PangoAttrShape *attr, gboolean do_path, gpointer data)
{
  double x, y;
  double em = (double) attr->logical_rect.width / PANGO_SCALE / 1.05;
  double left, top, side;

  if (!cairo_has_current_point (cr))
    return;
  cairo_get_current_point (cr, &x, &y);
  _dbo_layout_box_geometry (em, x, y, &left, &top, &side);

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, left, top, side, side);
  if (!do_path)
    {
      cairo_set_line_width (cr, box_line_width (em));
      cairo_stroke (cr);
    }
  if (attr->data == BOX_TICKED_MARK)
    {
      tick_path (cr, left, top, side);
      if (!do_path)
        {
          cairo_set_line_width (cr, tick_line_width (em));
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
  if (!do_path)
    cairo_move_to (cr, x, y);
}

/* Replaces every box character of @text with a shape the renderer above draws. */
void
_dbo_layout_add_box_shapes (PangoAttrList *attrs, const char *text, double size_pt)
{
  int em = (int) lround (size_pt * PANGO_SCALE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gpointer mark;
      PangoRectangle ink, logical;
      PangoAttribute *attr;

      if (c == 0x2610 || c == 0x25A1)
        mark = BOX_EMPTY_MARK;
      else if (c == 0x2611)
        mark = BOX_TICKED_MARK;
      else
        continue;

      logical.x = 0;
      logical.y = -em * 88 / 100;
      logical.width = em * 105 / 100;
      logical.height = em;
      ink = logical;
      attr = pango_attr_shape_new_with_data (&ink, &logical, mark, NULL, NULL);
      attr->start_index = p - text;
      attr->end_index = g_utf8_next_char (p) - text;
      pango_attr_list_insert (attrs, attr);
    }
}

/* ---------------------------------------------------------------- drawing */

static void
draw_text_item (DboLayout *layout, cairo_t *cr, const Item *item)
{
  TextBox *tb = item->tb;

  cairo_set_source_rgb (cr, item->gray, item->gray, item->gray);
  for (int i = item->first; i < item->last; i++)
    _dbo_layout_show_line (layout, cr, tb->lines[i], item->x + tb->x[i], item->y + tb->baseline[i] - tb->top[item->first]);
}

static void
draw_vtext_item (DboLayout *layout, cairo_t *cr, const Item *item)
{
  TextBox *tb = item->tb;

  cairo_save (cr);
  cairo_set_source_rgb (cr, item->gray, item->gray, item->gray);
  cairo_translate (cr, item->x, item->y);
  cairo_rotate (cr, G_PI / 2);
  for (int i = 0; i < tb->n_lines; i++)
    _dbo_layout_show_line (layout, cr, tb->lines[i], tb->x[i], tb->baseline[i]);
  cairo_restore (cr);
}

static void
draw_ink_item (cairo_t *cr, const Item *item)
{
  DboSignatureInk ink = { item->ink->strokes, item->ink->box_w_mm, item->ink->box_h_mm };

  dbo_layout_draw_signature (cr, &ink, item->x, item->y, item->w, item->h);
}

void
dbo_layout_draw_signature (cairo_t *cr, const DboSignatureInk *ink, double x, double y,
                           double width, double height)
{
  const GPtrArray *strokes;
  double bw, bh;
  double scale, ox, oy;

  g_return_if_fail (cr != NULL && ink != NULL);
  strokes = ink->strokes;
  if (strokes == NULL || strokes->len == 0 || width <= 0 || height <= 0)
    return;
  bw = ink->box_width_mm;
  bh = ink->box_height_mm;
  if (!(bw > 0) || !(bh > 0))
    {
      /* No box recorded: use the strokes' own extent. */
      bw = bh = 1;
      for (guint s = 0; s < strokes->len; s++)
        {
          GArray *stroke = g_ptr_array_index (strokes, s);
          for (guint i = 0; stroke != NULL && i < stroke->len; i++)
            {
              DboPoint *p = &g_array_index (stroke, DboPoint, i);
              if (isfinite (p->x))
                bw = MAX (bw, MIN (p->x, 1000));
              if (isfinite (p->y))
                bh = MAX (bh, MIN (p->y, 1000));
            }
        }
    }
  scale = MIN (width / DBO_MM (bw), height / DBO_MM (bh));
  ox = x + (width - DBO_MM (bw) * scale) / 2;
  oy = y + (height - DBO_MM (bh) * scale) / 2;

  cairo_save (cr);
  cairo_rectangle (cr, x, y - DBO_MM (2), width, height + DBO_MM (4));
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.25);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (strokes, s);
      int level = -1;

      if (stroke == NULL)
        continue;

      for (guint i = 0; i < stroke->len; i++)
        {
          DboPoint *p = &g_array_index (stroke, DboPoint, i);
          double px = ox + DBO_MM (CLAMP (p->x, -1000, 1000)) * scale;
          double py = oy + DBO_MM (CLAMP (p->y, -1000, 1000)) * scale;
          /* Four pen widths from the pressure keep the path count small. */
          int lv = (int) floor (CLAMP (isfinite (p->pressure) ? p->pressure : 0.5, 0, 1) * 3.99);

          if (!isfinite (px) || !isfinite (py))
            continue;
          if (level < 0)
            {
              cairo_move_to (cr, px, py);
              if (stroke->len == 1)
                cairo_line_to (cr, px, py);
              level = lv;
              continue;
            }
          cairo_line_to (cr, px, py);
          if (lv != level || i + 1 == stroke->len)
            {
              cairo_set_line_width (cr, DBO_MM (0.25 + 0.15 * level) * MAX (scale, 0.5));
              cairo_stroke (cr);
              cairo_move_to (cr, px, py);
              level = lv;
            }
        }
      if (cairo_has_current_point (cr) && stroke->len == 1)
        {
          cairo_set_line_width (cr, DBO_MM (0.4));
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }
  cairo_restore (cr);
}

/* A horizontal (at = y) or vertical (at = x) rule from @from to @to. */
typedef struct {
  double at, from, to;
} Rule;

static int
rule_compare_from (const Rule *x, const Rule *y)
{
  return (x->from > y->from) - (x->from < y->from);
}

static int
rule_compare (gconstpointer a, gconstpointer b)
{
  const Rule *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return (x->from > y->from) - (x->from < y->from);
}

/* Rules closer than this are one (cells' edges differ by rounding only). */
#define RULE_SNAP 0.02

/* @rules as lines, each stretch once: neighbouring cells share their edges
 * and a row of cells its top and bottom, so a table is a few long lines. */
static void
add_rules (cairo_t *cr, GArray *rules, gboolean horizontal)
{
  g_array_sort (rules, rule_compare);
  for (guint i = 0, j; i < rules->len; i = j)
    {
      Rule *first = &g_array_index (rules, Rule, i);
      Rule run;

      /* The rules at (nearly) one height, from left to right. */
      for (j = i + 1; j < rules->len && g_array_index (rules, Rule, j).at - first->at <= RULE_SNAP; j++)
        ;
      qsort (first, j - i, sizeof (Rule), (int (*) (const void *, const void *)) rule_compare_from);
      run = *first;
      for (guint k = i + 1; k <= j; k++)
        {
          const Rule *r = k < j ? &g_array_index (rules, Rule, k) : NULL;

          if (r != NULL && r->from <= run.to + RULE_SNAP)
            {
              run.to = MAX (run.to, r->to);
              continue;
            }
          if (horizontal)
            {
              cairo_move_to (cr, run.from, run.at);
              cairo_line_to (cr, run.to, run.at);
            }
          else
            {
              cairo_move_to (cr, run.at, run.from);
              cairo_line_to (cr, run.at, run.to);
            }
          if (r != NULL)
            run = *r;
        }
    }
}

/* The page's cell borders and lines, in one stroke. */
static void
draw_rules (cairo_t *cr, GArray *items)
{
  g_autoptr(GArray) across = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_autoptr(GArray) down = g_array_new (FALSE, FALSE, sizeof (Rule));

  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      if (item->kind == ITEM_RECT)
        {
          Rule r[4] = { { item->y, item->x, item->x + item->w }, { item->y + item->h, item->x, item->x + item->w },
                        { item->x, item->y, item->y + item->h }, { item->x + item->w, item->y, item->y + item->h } };
          g_array_append_vals (across, r, 2);
          g_array_append_vals (down, r + 2, 2);
        }
      else if (item->kind == ITEM_LINE && item->h == 0)
        {
          Rule r = { item->y, MIN (item->x, item->x + item->w), MAX (item->x, item->x + item->w) };
          g_array_append_val (across, r);
        }
      else if (item->kind == ITEM_LINE && item->w == 0)
        {
          Rule r = { item->x, MIN (item->y, item->y + item->h), MAX (item->y, item->y + item->h) };
          g_array_append_val (down, r);
        }
      else if (item->kind == ITEM_LINE)
        {
          cairo_move_to (cr, item->x, item->y);
          cairo_line_to (cr, item->x + item->w, item->y + item->h);
        }
    }
  add_rules (cr, across, TRUE);
  add_rules (cr, down, FALSE);
  cairo_stroke (cr);
}

/* The tick boxes of the page in as few paths as their sizes allow, then
 * their ticks: the same marks _dbo_layout_draw_box_shape() makes one by one. */
void
_dbo_layout_flush_boxes (DboLayout *layout, cairo_t *cr)
{
  GArray *boxes = layout->pending_boxes;

  if (boxes == NULL || boxes->len == 0)
    return;
  cairo_save (cr);
  for (guint i = 0; i < boxes->len; i++)
    {
      const PendingBox *b = &g_array_index (boxes, PendingBox, i);

      if (b->fill_w <= 0)
        continue;
      cairo_set_matrix (cr, &b->matrix);
      cairo_set_source_rgb (cr, b->gray, b->gray, b->gray);
      cairo_rectangle (cr, b->left, b->top, b->fill_w, b->fill_h);
      cairo_fill (cr);
    }
  for (int ticks = 0; ticks <= 1; ticks++)
    {
      if (ticks)
        {
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        }
      for (guint i = 0, j; i < boxes->len; i = j)
        {
          const PendingBox *first = &g_array_index (boxes, PendingBox, i);
          double width = ticks ? tick_line_width (first->em) : box_line_width (first->em);
          gboolean any = FALSE;

          if (first->fill_w > 0)
            {
              j = i + 1;
              continue;
            }

          cairo_new_path (cr);
          cairo_set_matrix (cr, &first->matrix);
          for (j = i; j < boxes->len; j++)
            {
              const PendingBox *b = &g_array_index (boxes, PendingBox, j);

              if (b->fill_w > 0)
                continue;
              if (j > i && ((ticks ? tick_line_width (b->em) : box_line_width (b->em)) != width
                            || b->gray != first->gray
                            || memcmp (&b->matrix, &first->matrix, sizeof b->matrix) != 0))
                break;
              if (!ticks)
                {
                  /* One stroke each: cairo writes a lone rectangle as a
                   * short "re", several in one path as four lines each. */
                  cairo_set_source_rgb (cr, first->gray, first->gray, first->gray);
                  cairo_set_line_width (cr, width);
                  cairo_rectangle (cr, b->left, b->top, b->side, b->side);
                  cairo_stroke (cr);
                }
              else if (b->ticked)
                {
                  tick_path (cr, b->left, b->top, b->side);
                  any = TRUE;
                }
            }
          if (!any)
            continue;
          cairo_set_source_rgb (cr, first->gray, first->gray, first->gray);
          cairo_set_line_width (cr, width);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
  g_array_set_size (boxes, 0);
}

static void
draw_footer (DboLayout *layout, cairo_t *cr, Page *p)
{
  double baseline_y = DBO_A4_HEIGHT_PT - DBO_MM (FOOTER_FROM_BOTTOM_MM);

  if (p->page_number != NULL)
    {
      TextBox *tb = p->page_number;
      cairo_set_source_rgb (cr, 0, 0, 0);
      _dbo_layout_show_line (layout, cr, tb->lines[0], (DBO_A4_WIDTH_PT - tb->width) / 2, baseline_y);
    }
  if (layout->note_tb != NULL)
    {
      TextBox *tb = layout->note_tb;
      /* Right-aligned under the text area, below the page number. */
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      _dbo_layout_show_line (layout, cr, tb->lines[0], DBO_A4_WIDTH_PT - layout->right - tb->width,
                 baseline_y + DBO_MM (5));
    }
}

static void
draw_stamp (DboLayout *layout, cairo_t *cr)
{
  TextBox *tb = layout->stamp_tb;
  double pad = DBO_MM (2.5);

  cairo_save (cr);
  cairo_translate (cr, DBO_A4_WIDTH_PT - layout->right - DBO_MM (30), DBO_MM (16));
  cairo_rotate (cr, -12 * G_PI / 180);
  cairo_set_source_rgb (cr, 0.85, 0.05, 0.05);
  cairo_set_line_width (cr, 2.0);
  cairo_rectangle (cr, -tb->width / 2 - pad, -tb->height / 2 - pad, tb->width + 2 * pad, tb->height + 2 * pad);
  cairo_stroke (cr);
  _dbo_layout_show_line (layout, cr, tb->lines[0], -tb->width / 2, -tb->height / 2 + tb->baseline[0] - tb->top[0]);
  cairo_restore (cr);
}

void
dbo_layout_draw_page (DboLayout *layout, cairo_t *cr, int page)
{
  Page *p;

  dbo_layout_get_n_pages (layout);
  g_return_if_fail (page >= 0 && (guint) page < layout->pages->len);
  p = g_ptr_array_index (layout->pages, page);

  cairo_save (cr);
  /* A sheet for the screen; paper is white already. */
  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_PDF)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);

  /* Shades first, so that rules and text lie on top of them. */
  for (guint i = 0; i < p->items->len; i++)
    {
      const Item *item = &g_array_index (p->items, Item, i);
      if (item->kind == ITEM_FILL)
        {
          cairo_set_source_rgb (cr, item->gray, item->gray, item->gray);
          cairo_rectangle (cr, item->x, item->y, item->w, item->h);
          cairo_fill (cr);
        }
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, RULE_WIDTH);
  draw_rules (cr, p->items);

  for (guint i = 0; i < p->items->len; i++)
    {
      const Item *item = &g_array_index (p->items, Item, i);
      switch (item->kind)
        {
        case ITEM_TEXT:
          draw_text_item (layout, cr, item);
          break;
        case ITEM_VTEXT:
          draw_vtext_item (layout, cr, item);
          break;
        case ITEM_INK:
          draw_ink_item (cr, item);
          break;
        case ITEM_FILL:
        case ITEM_RECT:
        case ITEM_LINE:
        default:
          break;
        }
    }
  _dbo_layout_flush_boxes (layout, cr);
  draw_footer (layout, cr, p);
  if (layout->stamp_tb)
    draw_stamp (layout, cr);
  cairo_restore (cr);
}
