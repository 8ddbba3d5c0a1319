/* dbo-layout-private.h — what the parts of the layout layer share (not installed)
 *
 * dbo-layout.c holds the model (blocks, tables, cells) and its inspection,
 * dbo-layout-measure.c lays texts out, dbo-layout-paginate.c places the
 * blocks on pages, dbo-layout-draw.c draws a page, dbo-fonts.c resolves the
 * font roles and dbo-pdf-fonts.c subsets the fonts for a PDF.
 */
#pragma once

#include <pango/pangocairo.h>
#include "dbo-layout.h"

G_BEGIN_DECLS

/* Geometry shared by every document (points unless the name says mm). */
#define DEFAULT_TOP_MM      30.0
#define DEFAULT_BOTTOM_MM   28.0
#define DEFAULT_LEFT_MM     28.0
#define DEFAULT_RIGHT_MM    26.0
#define FOOTER_FROM_BOTTOM_MM 14.0
#define CELL_PAD_X          DBO_MM (1.5)
#define CELL_PAD_Y          DBO_MM (1.0)
#define RULE_WIDTH          0.6
#define EPSILON             0.01
/* Between a seal square that holds its mark and the cell's bottom rule, mm. */
#define SEAL_MARK_CLEARANCE 2.0

/* A tick box drawn to PDF, kept until the page's text is out. */
typedef struct {
  cairo_matrix_t matrix;
  double gray;
  double em;
  double left, top, side;
  gboolean ticked;
  double fill_w, fill_h;       /* > 0: an underline to fill, not a box */
} PendingBox;

typedef struct {
  int start, end;                  /* byte range in the layout's text */
} BreakUnit;

/* A laid-out text with the geometry of each line (points, layout coordinates). */
typedef struct {
  PangoLayout *pl;
  int n_lines;
  PangoLayoutLine **lines;
  double *top;
  double *bottom;
  double *baseline;
  double *x;
  double width;
  double height;
  gboolean vertical;
  double gray;
} TextBox;

typedef enum {
  BLOCK_PARAGRAPH,
  BLOCK_SPACE,
  BLOCK_BREAK,
  BLOCK_KEEP,
  BLOCK_FLEX,                  /* space that shrinks to keep what follows on the page */
  BLOCK_RUN_BEGIN,             /* a keep-together run, see dbo_layout_begin_keep() */
  BLOCK_RUN_END,
  BLOCK_ALONE_NOTE,            /* see dbo_layout_add_alone_note() */
  BLOCK_BOOKMARK,
  BLOCK_SEAL,
  BLOCK_SIGNATURES,
  BLOCK_TABLE,
} BlockKind;

typedef struct {
  GPtrArray *strokes;          /* of GArray* of DboPoint, deep copies; NULL = blank */
  double box_w_mm, box_h_mm;
} Ink;

struct _DboCell {
  gboolean set;
  char *text;
  DboTextStyle style;
  DboVAlign valign;
  guint rowspan, colspan;
  double shade;
  gboolean vertical;
  char *bottom_text;
  DboAlign bottom_align;
  double seal_mm;
  gboolean covered;            /* inside another cell's span */
  /* pagination results */
  TextBox *tb;
  TextBox *bottom_tb;
  double text_dx;              /* where a narrowed text starts, see measure_table() */
  double need_h;               /* height the content needs, padding included */
};

typedef struct {
  double min_h;
  double h;                    /* computed */
  DboCell *cells;              /* n_cols */
} Row;

struct _DboTable {
  DboLayout *layout;
  double *widths;              /* points, as laid out */
  double *base_widths;         /* points, as made */
  gboolean fit;                /* see dbo_table_fit_columns() */
  guint n_cols;
  DboTextStyle style;
  guint header_rows;
  char *caption;
  gboolean borderless;
  double indent;               /* points */
  GPtrArray *rows;             /* of Row* */
  TextBox *caption_tb;
};

typedef struct {
  BlockKind kind;
  DboTextStyle style;
  char *text;
  double mm;
  double min_mm;               /* BLOCK_FLEX: the least it shrinks to */
  int break_line;              /* paragraph: > 0 starts a page at this line (set by place_run) */
  double seal_x_mm, seal_d_mm;
  int level;
  double slot_w_mm, slot_h_mm;
  GPtrArray *inks;             /* of Ink* */
  DboTable *table;
  /* pagination results */
  TextBox *tb;
} Block;

typedef enum {
  ITEM_TEXT,
  ITEM_VTEXT,
  ITEM_FILL,
  ITEM_RECT,
  ITEM_LINE,
  ITEM_INK,
} ItemKind;

typedef struct {
  ItemKind kind;
  double x, y, w, h;           /* for LINE: from (x, y) to (x + w, y + h) */
  TextBox *tb;
  int first, last;             /* line range [first, last) */
  double gray;
  const Ink *ink;
} Item;

typedef struct {
  GArray *items;               /* of Item */
  GArray *seals;               /* of cairo_rectangle_t */
  TextBox *page_number;        /* "第 n 页 共 N 页", or NULL */
} Page;

struct _DboLayout {
  double top, bottom, left, right;   /* margins, points */
  char *footer_note;
  char *stamp;
  gboolean page_numbers;
  GPtrArray *blocks;                 /* of Block* */
  /* pagination */
  gboolean paginated;
  PangoContext *context;
  PangoContext *vcontext;            /* base gravity east, for vertical cells */
  const DboFontSet *fonts;           /* the font roles' families */
  GPtrArray *text_boxes;             /* every TextBox made by pagination */
  GHashTable *same_boxes;            /* key of text, style and width → TextBox, see make_text_box() */
  GPtrArray *pages;                  /* of Page* */
  GArray *bookmarks;                 /* of DboBookmark */
  TextBox *note_tb;                  /* footer note */
  TextBox *stamp_tb;
  GHashTable *subsets;               /* compact PDF fonts, see dbo_layout_use_compact_fonts() */
  GArray *pending_boxes;             /* PendingBox: tick boxes of the page being drawn to PDF */
  /* placement cursor */
  Page *page;
  double y;
};

/* ---- dbo-layout.c ---- */

/* Drops the pages: the blocks or their settings changed. */
void          _dbo_layout_clear_pagination (DboLayout *layout);
/* Width between the margins, in points. */
double        _dbo_layout_text_width      (const DboLayout *layout);
/* Row @r of @table, or NULL past the last. */
Row          *_dbo_table_row               (DboTable *table, guint r);

/* ---- dbo-fonts.c ---- */

/* The family list, size and weight of @style's role in @fonts. */
PangoFontDescription *_dbo_font_description_for (const DboFontSet *fonts, const DboTextStyle *style);
/* "file#index" of @font (and the file and face index), or NULL when it is
 * not a fontconfig font. */
char         *_dbo_font_key                (PangoFont *font, char **file_out, int *index_out);

/* ---- dbo-layout-measure.c ---- */

void          _dbo_text_box_free           (gpointer data);
/* @text in @style laid out @width wide (0: unwrapped), made once per layout. */
TextBox      *_dbo_layout_make_text_box    (DboLayout *layout, PangoContext *context,
                                            const DboTextStyle *style, const char *text,
                                            double width, gboolean vertical);
/* Lays out the texts of @block and, for a table, its rows' heights. */
void          _dbo_layout_measure_block    (DboLayout *layout, Block *block);
double        _dbo_table_cell_width        (const DboTable *table, guint col, guint colspan);
double        _dbo_table_rows_height       (const DboTable *table, guint r0, guint r1);

/* ---- dbo-layout-draw.c ---- */

/* Shape data marks: 1 = empty box, 2 = ticked box. */
#define BOX_EMPTY_MARK  GINT_TO_POINTER (1)
#define BOX_TICKED_MARK GINT_TO_POINTER (2)

/* Replaces every box character of @text with a shape the renderer draws. */
void          _dbo_layout_add_box_shapes   (PangoAttrList *attrs, const char *text, double size_pt);
/* The shape renderer of the layout's contexts (tick boxes). */
void          _dbo_layout_draw_box_shape   (cairo_t *cr, PangoAttrShape *attr, gboolean do_path,
                                            gpointer data);
/* Where a box of a shape @em wide sits, from the shape's origin (@x, @y). */
void          _dbo_layout_box_geometry     (double em, double x, double y, double *left, double *top,
                                            double *side);
/* Draws the tick boxes kept while the page's text was drawn to PDF. */
void          _dbo_layout_flush_boxes      (DboLayout *layout, cairo_t *cr);

/* ---- dbo-pdf-fonts.c ---- */

/* Draws @line with its baseline origin at (@x, @y), with the document's font
 * subsets when dbo_layout_use_compact_fonts() made them. */
void          _dbo_layout_show_line        (DboLayout *layout, cairo_t *cr, PangoLayoutLine *line,
                                            double x, double y);

G_END_DECLS
