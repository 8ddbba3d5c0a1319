/* dbo-layout.h — a small page layout layer over pango + cairo (no GTK)
 *
 * A document is built as a list of blocks (paragraphs, tables, signature
 * rows, seal areas, page breaks, bookmarks), then laid out in two passes:
 *
 *   1. pagination (dbo_layout_get_n_pages) with a PangoContext at 72 dpi and
 *      unhinted metrics — the same rules as a GtkPrintContext in GTK_UNIT_POINTS —
 *      so that a PDF, a print job and a preview break pages identically;
 *   2. drawing any page onto any cairo_t (dbo_layout_draw_page), in points,
 *      origin at the top-left corner of the sheet; scale the cairo_t for a preview.
 *
 * Page: A4 portrait, 210 × 297 mm. Default margins (our choice for forms; GB/T 9704's
 * 37/35 mm are for official letters with a red header, too deep for dense forms):
 * top 30 mm, bottom 28 mm, left 28 mm (binding side), right 26 mm; text width 156 mm.
 * The footer "第 n 页 共 N 页" sits 14 mm above the bottom edge, centred.
 *
 * Text conventions, in every text of every block:
 *   - U+2610 ☐ (or U+25A1 □) is an empty tick box, U+2611 ☑ a ticked one, drawn as
 *     vector paths (the fonts have no such glyphs); write "☐1中央 ☑2省…".
 *   - When the style says markup, the text is Pango markup (<u>…</u> for a filled
 *     blank, <b>, <span size=…>); escape values with g_markup_escape_text().
 *   - In markup, DBO_WHOLE("label") keeps a short fixed label on one line
 *     (it still breaks when it is wider than the line, as every unit does).
 * Wrapping is always Pango's (WRAP_WORD_CHAR); never break Chinese text by hand.
 *
 * Fonts: see dbo-fonts.h; the language is zh-cn so Han characters take their
 * Simplified Chinese forms.
 */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pango.h>
#include "dbo-fonts.h"
#include "dbo-model.h"

G_BEGIN_DECLS

#define DBO_MM(mm)            ((mm) * 72.0 / 25.4)     /* millimetres → points */
#define DBO_PT_TO_MM(pt)      ((pt) * 25.4 / 72.0)
#define DBO_A4_WIDTH_PT       DBO_MM (210.0)
#define DBO_A4_HEIGHT_PT      DBO_MM (297.0)

/* Chinese type sizes, in points. */
#define DBO_SIZE_ER_HAO       22.0     /* 二号 */
#define DBO_SIZE_XIAO_ER      18.0     /* 小二 */
#define DBO_SIZE_SAN_HAO      16.0     /* 三号 */
#define DBO_SIZE_SI_HAO       14.0     /* 四号 */
#define DBO_SIZE_XIAO_SI      12.0     /* 小四 */
#define DBO_SIZE_WU_HAO       10.5     /* 五号 */
#define DBO_SIZE_XIAO_WU       9.0     /* 小五 */

/* The ticked / empty box characters the layer draws as vector boxes. */
#define DBO_BOX_EMPTY   "\xe2\x98\x90"   /* ☐ U+2610 */
#define DBO_BOX_TICKED  "\xe2\x98\x91"   /* ☑ U+2611 */
#define DBO_BOX(ticked) ((ticked) ? DBO_BOX_TICKED : DBO_BOX_EMPTY)

/* In a markup text, a fixed label no line breaks inside (a string literal);
 * or, between DBO_WHOLE_OPEN and DBO_WHOLE_CLOSE, a short blank with its unit
 * ("<u>泽州</u>县（区、市、旗）"). */
#define DBO_WHOLE_OPEN   "<span allow_breaks=\"false\">"
#define DBO_WHOLE_CLOSE  "</span>"
#define DBO_WHOLE(label) DBO_WHOLE_OPEN label DBO_WHOLE_CLOSE

typedef enum {
  DBO_ALIGN_LEFT,
  DBO_ALIGN_CENTER,
  DBO_ALIGN_RIGHT,
  DBO_ALIGN_JUSTIFY,   /* justified, last line left (Chinese paragraphs) */
} DboAlign;

typedef enum {
  DBO_VALIGN_TOP,
  DBO_VALIGN_MIDDLE,
  DBO_VALIGN_BOTTOM,
} DboVAlign;

/* How a run of text looks. Start from dbo_text_style_init() and change fields. */
typedef struct {
  DboFontRole role;
  double size_pt;
  gboolean bold;               /* the title role is always heavy */
  DboAlign align;
  double line_pitch_pt;        /* absolute baseline-to-baseline distance; 0 = 1.5 × size */
  double first_indent_em;      /* first-line indent in characters (2 for body text) */
  double left_indent_mm;       /* whole paragraph */
  double space_before_mm;
  double space_after_mm;
  double letter_spacing_pt;    /* extra space between characters (spaced titles) */
  gboolean markup;             /* the text is Pango markup */
  gboolean keep_with_next;     /* never the last thing on a page (headings) */
  double gray;                 /* text colour: 0 = black */
} DboTextStyle;

/* Defaults per role: TITLE 二号 centred; BODY 小四 justified, 2-character indent,
 * 1.6 × pitch; TABLE 五号; HEADING 四号 keep-with-next. */
void         dbo_text_style_init      (DboTextStyle *style, DboFontRole role);

typedef struct _DboLayout DboLayout;
typedef struct _DboTable DboTable;
typedef struct _DboCell DboCell;

DboLayout   *dbo_layout_new           (void);
void         dbo_layout_free          (DboLayout *layout);

/* Margins in mm; call before adding blocks. */
void         dbo_layout_set_margins   (DboLayout *layout, double top_mm, double bottom_mm,
                                       double left_mm, double right_mm);
/* Width available to blocks, in mm. */
double       dbo_layout_get_text_width_mm (DboLayout *layout);
/* Small grey text at the left of every page footer (e.g. a data digest); NULL = none. */
void         dbo_layout_set_footer_note (DboLayout *layout, const char *text);
/* Adds a word ("草稿", "已失效") to the red framed stamp drawn at the top
 * right of every page (words joined by a space, in the order added). */
void         dbo_layout_add_stamp     (DboLayout *layout, const char *text);
/* Turns the "第 n 页 共 N 页" footer off (on by default). */
void         dbo_layout_set_page_numbers (DboLayout *layout, gboolean on);

/* ---- blocks, in reading order ---- */

/* A paragraph; @text is plain or markup as the style says. */
void         dbo_layout_add_paragraph (DboLayout *layout, const DboTextStyle *style, const char *text);
void         dbo_layout_add_paragraphf (DboLayout *layout, const DboTextStyle *style,
                                        const char *format, ...) G_GNUC_PRINTF (3, 4);
/* Vertical space; swallowed at the top of a page. */
void         dbo_layout_add_space     (DboLayout *layout, double mm);
/* Starts a new page (nothing happens at the top of an empty page). */
void         dbo_layout_add_page_break (DboLayout *layout);
/* Starts a new page unless fewer than @mm remain free on the current one. */
void         dbo_layout_add_keep_space (DboLayout *layout, double mm);
/* Vertical space of @mm that shrinks, down to @min_mm, when the blocks after it
 * up to the next page break (or the end of the keep run it is in) would not
 * otherwise stay on the page — a cover that must stay one page. Swallowed at
 * the top of a page. */
void         dbo_layout_add_flex_space (DboLayout *layout, double mm, double min_mm);
/* Keep-together runs: the blocks added between dbo_layout_begin_keep() and
 * dbo_layout_end_keep() move to the next page as a unit when they do not fit in
 * the rest of the page but fit on an empty one (a caption and its table, a
 * closing paragraph with its seal). Runs nest.
 * dbo_layout_begin_keep_with_last() starts the run at the last paragraph
 * already added (with whatever follows it), so that a closing block keeps the
 * paragraph before it — no page holds only a seal or signatures (call
 * it outside any open run). A run too tall for a page that starts with a
 * paragraph keeps the rest on the page where that paragraph ends, carrying the
 * paragraph's last two lines over when needed; any other flows as usual. */
void         dbo_layout_begin_keep    (DboLayout *layout);
void         dbo_layout_begin_keep_with_last (DboLayout *layout);
void         dbo_layout_end_keep      (DboLayout *layout);
/* Orphan control for a closing block: when the blocks after this one, up to the
 * end of the keep run (or of the document), would land on a page of their own
 * with nothing before them (their run was too tall to move whole), @text — e.g.
 * "（此页无正文）" — is printed at the top of that page. Otherwise nothing. */
void         dbo_layout_add_alone_note (DboLayout *layout, const DboTextStyle *style, const char *text);
/* A PDF outline entry pointing at the next block (level 1 = top). */
void         dbo_layout_add_bookmark  (DboLayout *layout, const char *title, int level);

/* A clear area for a red seal (公章, ~42 mm): nothing is drawn inside. It takes
 * @height_mm of vertical room; the square of @diameter_mm is centred on
 * @center_x_mm (from the left margin) inside that room. */
void         dbo_layout_add_seal_area (DboLayout *layout, double center_x_mm, double diameter_mm,
                                       double height_mm);

/* One signature slot: captured strokes (DboMember.strokes: GArray* of DboPoint,
 * millimetres inside a box of @box_width_mm × @box_height_mm) or NULL for a
 * blank ruled line left for ink. */
typedef struct {
  const GPtrArray *strokes;
  double box_width_mm;
  double box_height_mm;
} DboSignatureInk;

/* Draws @ink's strokes as the documents print them: scaled (aspect kept) and
 * centred into the rectangle @x, @y, @width × @height (in the units of @cr,
 * points on paper), the pen width following the pressure. Nothing for a blank
 * slot. Signature pads use it to preview a signature as it will print. */
void         dbo_layout_draw_signature (cairo_t *cr, const DboSignatureInk *ink,
                                        double x, double y, double width, double height);

/* "@label ______ ______ …": a label followed by @n_slots ruled lines of
 * @slot_width_mm, each @slot_height_mm tall, wrapping onto more lines as needed;
 * the label starts the first line of every page the lines continue on.
 * Strokes are scaled (aspect kept) into their slot and drawn as vectors. */
void         dbo_layout_add_signatures (DboLayout *layout, const DboTextStyle *style,
                                        const char *label, double slot_width_mm,
                                        double slot_height_mm, const DboSignatureInk *inks,
                                        guint n_slots);

/* ---- tables ---- */

/* A table whose columns have these widths in mm (their sum should not exceed the
 * text width). The table belongs to @layout. Cells take @style (or the TABLE
 * defaults when NULL), are bordered, padded 1.5 mm × 1 mm. */
DboTable    *dbo_layout_add_table     (DboLayout *layout, const double *col_widths_mm, guint n_cols,
                                       const DboTextStyle *style);
/* The first @n rows repeat at the top of every continuation page. */
void         dbo_table_set_header_rows (DboTable *table, guint n);
/* The column widths come from the cells' text, within the table's width (the
 * sum of the widths it was made with): every column at least as wide as its
 * widest unbreakable unit and its short lines (a name, a level, up to 6
 * characters), the rest where the text is longer; when all of it fits on one
 * line, the spare width in proportion to the widths given. The font never
 * shrinks. A paragraph of a cell does not end in a line of one character
 * while a narrower line avoids it. */
void         dbo_table_fit_columns    (DboTable *table);
/* A line drawn above the repeated header on continuation pages, e.g. "表A（续）". */
void         dbo_table_set_continued_caption (DboTable *table, const char *text);
/* No lines at all (a table used for alignment only). */
void         dbo_table_set_borderless (DboTable *table, gboolean borderless);
/* Left offset of the table inside the text area, in mm. */
void         dbo_table_set_indent     (DboTable *table, double mm);
/* Adds a row (at least @min_height_mm tall; 0 = from content) and returns its index. */
guint        dbo_table_add_row        (DboTable *table, double min_height_mm);
/* Sets the text of the cell at (@row, @col) and returns it for further settings.
 * Positions covered by another cell's span are ignored (returns NULL). */
DboCell     *dbo_table_set            (DboTable *table, guint row, guint col, const char *text);
DboCell     *dbo_table_setf           (DboTable *table, guint row, guint col,
                                       const char *format, ...) G_GNUC_PRINTF (4, 5);
/* Adds a row and fills its cells left to right with the NULL-terminated texts. */
guint        dbo_table_add_cells      (DboTable *table, double min_height_mm, const char *first, ...)
                                       G_GNUC_NULL_TERMINATED;

void         dbo_cell_set_span        (DboCell *cell, guint rowspan, guint colspan);
void         dbo_cell_set_align       (DboCell *cell, DboAlign align, DboVAlign valign);
void         dbo_cell_set_style       (DboCell *cell, const DboTextStyle *style);
/* Background grey (0 = white … 1 = black; 0.2 looks like a print shade). */
void         dbo_cell_set_shade       (DboCell *cell, double gray);
/* Text written top to bottom, columns right to left, CJK upright. */
void         dbo_cell_set_vertical    (DboCell *cell, gboolean vertical);
/* A second text kept at the bottom of the cell (e.g. "（公章）\n年　月　日"). In
 * a cell with a seal square (dbo_cell_reserve_seal()) it is the mark the seal
 * is pressed on: laid out in the square's width, its first line at the
 * square's centre, the rest under it. */
void         dbo_cell_set_bottom_text (DboCell *cell, const char *text, DboAlign align);
/* Reserves a clear seal square of @diameter_mm at the bottom right of the cell
 * (kept 2 mm above the bottom rule when it holds the bottom text); the cell's
 * main text wraps to the left of it. Nothing but the bottom text is drawn in it. */
void         dbo_cell_reserve_seal    (DboCell *cell, double diameter_mm);

/* ---- pagination and drawing ---- */

/* Lays the blocks out with @context (NULL: the layer's own 72 dpi, unhinted
 * context; a GTK print job passes gtk_print_context_create_pango_context()).
 * The layer sets the context's language (zh-cn) and its shape renderer (tick
 * boxes). Adding blocks later drops the pagination; it is redone on demand.
 * Returns the number of pages. */
int          dbo_layout_paginate      (DboLayout *layout, PangoContext *context);
/* Paginates with the layer's own context on first use. */
int          dbo_layout_get_n_pages   (DboLayout *layout);
/* Before drawing onto a PDF surface: draws the text with small subsets of the
 * fonts made for this document (cairo 1.16 would embed 400 KB of Noto CJK
 * subroutines per face). The pages look the same. Returns TRUE (the font
 * subsetter, harfbuzz-subset, is a build requirement). */
gboolean     dbo_layout_use_compact_fonts (DboLayout *layout);
/* Draws @page (0-based) in points, sheet origin at the cairo origin; paints white first. */
void         dbo_layout_draw_page     (DboLayout *layout, cairo_t *cr, int page);

/* The text of @page in reading order, boxes as ☐/☑ (for tests and checks). */
char        *dbo_layout_get_page_text (DboLayout *layout, int page);
/* Seal areas on @page, as cairo rectangles in points (array of cairo_rectangle_t);
 * nothing is drawn in them but a cell's seal mark (dbo_cell_set_bottom_text()). */
GArray      *dbo_layout_get_seal_areas (DboLayout *layout, int page);
/* Bookmarks: where each dbo_layout_add_bookmark() landed. */
typedef struct {
  const char *title;
  int level;
  int page;            /* 0-based */
  double y_pt;
} DboBookmark;
GArray      *dbo_layout_get_bookmarks (DboLayout *layout);   /* of DboBookmark */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboLayout, dbo_layout_free)

G_END_DECLS
