#include "dbo-test-utils.h"
#include "dbo-layout.h"
#include "dbo-pdf-pack.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <poppler.h>

/* ---- helpers ---- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The layout as a PDF, the way the documents write it. */
static GBytes *
layout_pdf (DboLayout *layout)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  int n = dbo_layout_get_n_pages (layout);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, DBO_A4_WIDTH_PT, DBO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-09-28T16:30:00+08:00");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, "2026-09-28T16:30:00+08:00");
  dbo_layout_use_compact_fonts (layout);
  cr = cairo_create (surface);
  for (int i = 0; i < n; i++)
    {
      dbo_layout_draw_page (layout, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static char *
pdf_page_text (PopplerDocument *doc, int page)
{
  PopplerPage *p = poppler_document_get_page (doc, page);
  char *text = poppler_page_get_text (p);

  g_object_unref (p);
  return text;
}

/* Text without any white space, so that wrapped lines join again. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A byte search that does not stop at NUL (PDFs are binary). */
static gboolean
bytes_contain (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* Renders @page into an RGB image at 2 px per point (poppler-free preview path). */
static cairo_surface_t *
render_page (DboLayout *layout, int page)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (DBO_A4_WIDTH_PT * 2),
                                                       (int) (DBO_A4_HEIGHT_PT * 2));
  cairo_t *cr = cairo_create (image);

  cairo_scale (cr, 2, 2);
  dbo_layout_draw_page (layout, cr, page);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

/* Pixels in a rectangle (points) whose grey value lies in [lo, hi]. */
static guint
count_pixels (cairo_surface_t *image, double x, double y, double w, double h, int lo, int hi)
{
  unsigned char *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  int width = cairo_image_surface_get_width (image), height = cairo_image_surface_get_height (image);
  guint n = 0;

  for (int py = MAX (0, (int) (y * 2)); py < MIN (height, (int) ((y + h) * 2)); py++)
    for (int px = MAX (0, (int) (x * 2)); px < MIN (width, (int) ((x + w) * 2)); px++)
      {
        guint32 pixel = *(guint32 *) (data + py * stride + px * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
        int grey = (r + g + b) / 3;
        if (grey >= lo && grey <= hi)
          n++;
      }
  return n;
}

static DboTextStyle
plain_style (void)
{
  DboTextStyle style;

  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_LEFT;
  return style;
}

/* ---- tests ---- */

static void
test_fonts_resolved (void)
{
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    {
      const char *family = dbo_layout_font_family (role);
      g_assert_nonnull (family);
      /* A missing 仿宋/宋体 must never end up as DejaVu, which has no Chinese. */
      g_assert_null (strstr (family, "DejaVu"));
    }
}

static DboLayout *
long_table_layout (guint n_rows)
{
  DboLayout *layout = dbo_layout_new ();
  const double cols[] = { 20, 96, 40 };
  DboTable *table;
  DboTextStyle style = plain_style ();

  dbo_layout_add_paragraph (layout, &style, "长表测试");
  table = dbo_layout_add_table (layout, cols, 3, NULL);
  dbo_table_set_header_rows (table, 1);
  dbo_table_set_continued_caption (table, "测试表（续）");
  dbo_table_add_cells (table, 0, "序号", "信息系统名称", "安全保护等级", NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *num = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = g_strdup_printf ("第%u行的信息系统，名称较长，需要在单元格内由 Pango 自动换行显示", i + 1);
      dbo_table_add_cells (table, 0, num, name, "第二级", NULL);
    }
  return layout;
}

static void
test_table_repeats_header (void)
{
  g_autoptr(DboLayout) layout = long_table_layout (60);
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  int n = dbo_layout_get_n_pages (layout);
  g_autofree char *all = g_strdup ("");

  g_assert_cmpint (n, >=, 3);
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, n);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *raw = pdf_page_text (doc, i);
      g_autofree char *text = squeeze (raw);
      /* poppler drops the spaces of "第 1 页 共 N 页": compare without them. */
      g_autofree char *footer = g_strdup_printf ("第%d页共%d页", i + 1, n);
      char *joined;

      /* Every page: its number, and the header row; continuation pages: the caption. */
      g_assert_nonnull (strstr (text, footer));
      g_assert_nonnull (strstr (text, "信息系统名称"));
      g_assert_nonnull (strstr (text, "安全保护等级"));
      if (i == 0)
        g_assert_null (strstr (text, "测试表（续）"));
      else
        g_assert_nonnull (strstr (text, "测试表（续）"));
      joined = g_strconcat (all, text, NULL);
      g_free (all);
      all = joined;
    }
  /* Every row once, none lost at a page break. */
  for (guint i = 1; i <= 60; i++)
    {
      g_autofree char *row = g_strdup_printf ("第%u行的信息系统", i);
      g_assert_cmpuint (count_occurrences (all, row), ==, 1);
    }
  g_object_unref (doc);
}

static void
test_row_split_and_keep (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  const double cols[] = { 30, 126 };
  DboTable *table = dbo_layout_add_table (layout, cols, 2, NULL);
  GString *huge = g_string_new (NULL);
  GString *medium = g_string_new (NULL);
  DboTextStyle left;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  int n, first_page = -1, last_page = -1;

  dbo_text_style_init (&left, DBO_FONT_TABLE);
  left.align = DBO_ALIGN_LEFT;
  dbo_table_set_header_rows (table, 1);
  dbo_table_set_continued_caption (table, "拆分表（续）");
  dbo_table_add_cells (table, 0, "项目", "内容", NULL);
  for (int i = 0; i < 30; i++)
    dbo_table_add_cells (table, 0, "填充", "普通的一行", NULL);
  /* A row of ~120 mm: too tall for the rest of page 1, kept whole on page 2. */
  for (int i = 0; i < 40; i++)
    g_string_append_printf (medium, "整行句子%02d。", i);
  dbo_cell_set_style (dbo_table_set (table, dbo_table_add_row (table, 0), 1, medium->str), &left);
  /* A row taller than a page: split line by line. */
  for (int i = 0; i < 400; i++)
    g_string_append_printf (huge, "拆分句子%03d。", i);
  dbo_cell_set_style (dbo_table_set (table, dbo_table_add_row (table, 0), 1, huge->str), &left);

  n = dbo_layout_get_n_pages (layout);
  g_assert_cmpint (n, >=, 4);
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  {
    GString *all = g_string_new (NULL);
    for (int i = 0; i < n; i++)
      {
        g_autofree char *raw = pdf_page_text (doc, i);
        g_autofree char *text = squeeze (raw);
        if (strstr (text, "整行句子00"))
          first_page = i;
        if (strstr (text, "整行句子39"))
          last_page = i;
        g_string_append (all, text);
        /* Without the page's furniture, a sentence cut by the page break
         * joins up again. */
        {
          g_autofree char *footer = g_strdup_printf ("第%d页共%d页", i + 1, n);
          char *at;

          if ((at = strstr (all->str, footer)) != NULL)
            g_string_erase (all, at - all->str, strlen (footer));
          if (i > 0 && (at = strstr (all->str + all->len - strlen (text), "拆分表（续）项目内容")) != NULL)
            g_string_erase (all, at - all->str, strlen ("拆分表（续）项目内容"));
        }
      }
    g_assert_cmpint (first_page, >=, 0);
    g_assert_cmpint (first_page, ==, last_page);
    for (int i = 0; i < 400; i++)
      {
        g_autofree char *sentence = g_strdup_printf ("拆分句子%03d。", i);
        g_assert_cmpuint (count_occurrences (all->str, sentence), ==, 1);
      }
    g_string_free (all, TRUE);
  }
  g_string_free (huge, TRUE);
  g_string_free (medium, TRUE);
  g_object_unref (doc);
}

static void
test_tick_boxes_are_vectors (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  g_autoptr(DboLayout) ticked = dbo_layout_new ();
  g_autoptr(DboLayout) empty = dbo_layout_new ();
  DboTextStyle style = plain_style ();
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  g_autofree char *raw = NULL, *text = NULL, *laid = NULL;
  cairo_surface_t *image_ticked, *image_empty;
  guint dark_ticked, dark_empty;

  dbo_layout_add_paragraph (layout, &style, "隶属关系 " DBO_BOX_EMPTY "1中央 " DBO_BOX_TICKED "2省（自治区、直辖市） □3地");
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  raw = pdf_page_text (doc, 0);
  text = squeeze (raw);
  g_assert_nonnull (strstr (text, "1中央"));
  g_assert_nonnull (strstr (text, "2省（自治区、直辖市）"));
  /* Drawn as paths, never as (missing) glyphs. */
  g_assert_null (strstr (raw, DBO_BOX_EMPTY));
  g_assert_null (strstr (raw, DBO_BOX_TICKED));
  g_assert_null (strstr (raw, "□"));
  laid = dbo_layout_get_page_text (layout, 0);
  g_assert_nonnull (strstr (laid, DBO_BOX_TICKED "2省"));
  g_assert_nonnull (strstr (laid, DBO_BOX_EMPTY "1中央"));
  g_object_unref (doc);

  /* A lone box: ink where the box is, more of it with the tick. */
  dbo_layout_set_page_numbers (ticked, FALSE);
  dbo_layout_set_page_numbers (empty, FALSE);
  dbo_layout_add_paragraph (ticked, &style, DBO_BOX_TICKED);
  dbo_layout_add_paragraph (empty, &style, DBO_BOX_EMPTY);
  image_ticked = render_page (ticked, 0);
  image_empty = render_page (empty, 0);
  dark_ticked = count_pixels (image_ticked, DBO_MM (28), DBO_MM (30), 20, 20, 0, 128);
  dark_empty = count_pixels (image_empty, DBO_MM (28), DBO_MM (30), 20, 20, 0, 128);
  g_assert_cmpuint (dark_empty, >, 20);
  g_assert_cmpuint (dark_ticked, >, dark_empty + 10);
  cairo_surface_destroy (image_ticked);
  cairo_surface_destroy (image_empty);
}

static void
test_shaded_cell (void)
{
  const double cols[] = { 50, 50, 50 };

  for (int shade = 0; shade < 2; shade++)
    {
      g_autoptr(DboLayout) layout = dbo_layout_new ();
      DboTable *table = dbo_layout_add_table (layout, cols, 3, NULL);
      cairo_surface_t *image;
      guint grey;

      for (int r = 0; r < 3; r++)
        {
          guint row = dbo_table_add_row (table, 12);
          for (int c = 0; c < 3; c++)
            {
              DboCell *cell = dbo_table_setf (table, row, c, "%d×%d", r, c);
              if (shade && r == 1 && c == 2)
                dbo_cell_set_shade (cell, 0.2);
            }
        }
      image = render_page (layout, 0);
      /* 0.2 shade = grey 204; only the one hit cell (≈ 50 × 12 mm) is shaded. */
      grey = count_pixels (image, 0, 0, DBO_A4_WIDTH_PT, DBO_A4_HEIGHT_PT, 196, 212);
      if (shade)
        {
          g_assert_cmpuint (grey, >, 4 * DBO_MM (45) * DBO_MM (10));
          g_assert_cmpuint (grey, <, 4 * DBO_MM (52) * DBO_MM (14));
          /* …and it is the cell at row 1, column 2. */
          g_assert_cmpuint (count_pixels (image, DBO_MM (28 + 100 + 5), DBO_MM (30 + 12 + 2), 10, 10, 196, 212), >, 100);
        }
      else
        g_assert_cmpuint (grey, <, 3000);   /* anti-aliased glyph edges only */
      cairo_surface_destroy (image);
    }
}

static void
test_vertical_text (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  const double cols[] = { 14, 100, 42 };
  DboTable *table = dbo_layout_add_table (layout, cols, 3, NULL);
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  PopplerPage *page;
  GList *hits_a, *hits_b;
  PopplerRectangle *a, *b;
  g_autofree char *laid = NULL;
  guint row = dbo_table_add_row (table, 0);
  DboCell *cell = dbo_table_set (table, row, 0, "01 确定业务信息安全保护等级");

  dbo_cell_set_vertical (cell, TRUE);
  dbo_cell_set_span (cell, 6, 1);
  dbo_table_set (table, row, 1, DBO_BOX_EMPTY "仅对公民、法人和其他组织的合法权益造成损害");
  for (int i = 1; i < 6; i++)
    dbo_table_add_cells (table, 9, "行", NULL);   /* column 0 is covered: goes to column 1 */

  laid = dbo_layout_get_page_text (layout, 0);
  g_assert_nonnull (strstr (laid, "01 确定业务信息安全保护等级"));
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  page = poppler_document_get_page (doc, 0);
  hits_a = poppler_page_find_text (page, "确");
  hits_b = poppler_page_find_text (page, "业");
  g_assert_nonnull (hits_a);
  g_assert_nonnull (hits_b);
  a = hits_a->data;
  b = hits_b->data;
  /* Written top to bottom: same column, "业" below "确" (PDF y grows upwards). */
  g_assert_cmpfloat (fabs ((a->x1 + a->x2) / 2 - (b->x1 + b->x2) / 2), <, 3);
  g_assert_cmpfloat ((a->y1 + a->y2) / 2, >, (b->y1 + b->y2) / 2 + 10);
  /* Inside the first column (28 mm from the left, 14 mm wide). */
  g_assert_cmpfloat (a->x1, >, DBO_MM (28));
  g_assert_cmpfloat (a->x2, <, DBO_MM (28 + 14));
  g_list_free_full (hits_a, (GDestroyNotify) poppler_rectangle_free);
  g_list_free_full (hits_b, (GDestroyNotify) poppler_rectangle_free);
  g_object_unref (page);
  g_object_unref (doc);
}

static DboLayout *
sample_layout (void)
{
  DboLayout *layout = dbo_layout_new ();
  DboTextStyle title, body = plain_style ();
  const double cols[] = { 40, 116 };
  DboTable *table;

  dbo_text_style_init (&title, DBO_FONT_TITLE);
  dbo_layout_add_bookmark (layout, "封面", 1);
  dbo_layout_add_paragraph (layout, &title, "网络安全等级保护定级\n专家评审意见书");
  body.markup = TRUE;
  dbo_layout_add_paragraph (layout, &body, "评 审 单 位：<u>　山西泽州金鼎煤业有限公司　</u>（盖章）");
  dbo_layout_add_seal_area (layout, 110, 42, 44);
  dbo_layout_add_paragraph (layout, &body, "评 审 日 期：<u>　2026年9月28日　</u>");
  dbo_layout_add_page_break (layout);
  dbo_layout_add_bookmark (layout, "表格", 1);
  table = dbo_layout_add_table (layout, cols, 2, NULL);
  dbo_table_add_cells (table, 0, "系统名称", "煤矿安全监控系统", NULL);
  dbo_table_add_cells (table, 0, "联系电话", "0356-3861031", NULL);
  dbo_layout_set_footer_note (layout, "评审数据摘要 SHA-256: 0123456789abcdef");
  return layout;
}

static void
test_same_input_same_bytes (void)
{
  g_autoptr(DboLayout) one = sample_layout ();
  g_autoptr(DboLayout) two = sample_layout ();
  g_autoptr(GBytes) a = layout_pdf (one);
  g_autoptr(GBytes) b = layout_pdf (two);
  g_autoptr(GBytes) c = layout_pdf (one);   /* the same layout drawn again */

  g_assert_true (g_bytes_equal (a, b));
  g_assert_true (g_bytes_equal (a, c));
}

static void
test_fonts_embedded (void)
{
  g_autoptr(DboLayout) layout = sample_layout ();
  g_autoptr(GBytes) pdf = layout_pdf (layout);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);
  PopplerDocument *doc = open_pdf (pdf);
  g_autofree char *raw = pdf_page_text (doc, 0);
  g_autofree char *text = squeeze (raw);
  g_autofree char *raw2 = pdf_page_text (doc, 1);

  g_assert_true (bytes_contain (data, len, "/FontFile3") || bytes_contain (data, len, "/FontFile2"));
  g_assert_true (bytes_contain (data, len, "NotoSerifCJK") || !g_str_has_prefix (dbo_layout_font_family (DBO_FONT_BODY), "Noto"));
  g_assert_false (bytes_contain (data, len, "DejaVu"));
  /* The real characters come back, not tofu or radicals. */
  g_assert_nonnull (strstr (text, "网络安全等级保护定级"));
  g_assert_nonnull (strstr (text, "专家评审意见书"));
  g_assert_nonnull (strstr (text, "山西泽州金鼎煤业有限公司"));
  g_assert_nonnull (strstr (raw2, "0356-3861031"));
  g_assert_nonnull (strstr (raw2, "评审数据摘要 SHA-256: 0123456789abcdef"));
  g_assert_nonnull (strstr (text, "第1页共2页"));
  g_object_unref (doc);
}

static void
test_seal_area_clear (void)
{
  g_autoptr(DboLayout) layout = sample_layout ();
  g_autoptr(GBytes) pdf = layout_pdf (layout);
  g_autoptr(GArray) seals = dbo_layout_get_seal_areas (layout, 0);
  PopplerDocument *doc = open_pdf (pdf);
  PopplerPage *page = poppler_document_get_page (doc, 0);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  double page_h;

  g_assert_cmpuint (seals->len, ==, 1);
  poppler_page_get_size (page, NULL, &page_h);
  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  g_assert_cmpuint (n_rects, >, 10);
  /* Origin at the top left: the title's first character lies near the top. */
  g_assert_cmpfloat (rects[0].y1, <, DBO_MM (70));
  for (guint s = 0; s < seals->len; s++)
    {
      const cairo_rectangle_t *seal = &g_array_index (seals, cairo_rectangle_t, s);
      g_assert_cmpfloat (seal->width, >, DBO_MM (41));
      for (guint i = 0; i < n_rects; i++)
        {
          /* poppler's text layout: points, origin at the top left. */
          const PopplerRectangle *r = &rects[i];
          gboolean overlaps = r->x2 > seal->x && r->x1 < seal->x + seal->width
                              && r->y2 > seal->y && r->y1 < seal->y + seal->height;
          g_assert_false (overlaps);
        }
    }
  g_free (rects);
  g_object_unref (page);
  g_object_unref (doc);
}

static void
test_signature_strokes (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));
  DboTextStyle style = plain_style ();
  DboSignatureInk inks[2] = { { strokes, 60, 20 }, { NULL, 0, 0 } };
  cairo_surface_t *image;
  double slot_x, slot_y = DBO_MM (30);
  g_autofree char *laid = NULL;

  for (int i = 0; i <= 50; i++)
    {
      DboPoint p = { 5 + i, 10 + 6 * sin (i / 4.0), 0.6 };
      g_array_append_val (stroke, p);
    }
  g_ptr_array_add (strokes, stroke);
  dbo_layout_set_page_numbers (layout, FALSE);
  dbo_layout_add_signatures (layout, &style, "评审专家组成员（签字）：", 40, 14, inks, 2);
  laid = dbo_layout_get_page_text (layout, 0);
  g_assert_nonnull (strstr (laid, "评审专家组成员（签字）："));

  image = render_page (layout, 0);
  /* The label is ~12 characters of 12 pt; the first slot follows it. Ink lies
   * above the rule of the first slot, none above the second. */
  slot_x = DBO_MM (28) + 12 * 12 + DBO_MM (1);
  g_assert_cmpuint (count_pixels (image, slot_x, slot_y, DBO_MM (38), DBO_MM (12), 0, 160), >, 200);
  g_assert_cmpuint (count_pixels (image, slot_x + DBO_MM (44), slot_y, DBO_MM (36), DBO_MM (12), 0, 160), ==, 0);
  /* …while the second rule itself is there. */
  g_assert_cmpuint (count_pixels (image, slot_x + DBO_MM (44), slot_y + DBO_MM (13), DBO_MM (36), DBO_MM (2), 0, 160), >, 50);
  cairo_surface_destroy (image);
}

static void
test_stamp_and_bookmarks (void)
{
  g_autoptr(DboLayout) layout = sample_layout ();
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;

  dbo_layout_add_stamp (layout, "草稿");
  dbo_layout_add_stamp (layout, "已失效");
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autofree char *raw = pdf_page_text (doc, i);
      /* poppler orders the words of a rotated line as it likes */
      g_assert_nonnull (strstr (raw, "草稿"));
      g_assert_nonnull (strstr (raw, "失效"));
    }
  marks = dbo_layout_get_bookmarks (layout);
  g_assert_cmpuint (marks->len, ==, 2);
  g_assert_cmpstr (g_array_index (marks, DboBookmark, 0).title, ==, "封面");
  g_assert_cmpint (g_array_index (marks, DboBookmark, 0).page, ==, 0);
  g_assert_cmpint (g_array_index (marks, DboBookmark, 1).page, ==, 1);
  g_object_unref (doc);
}

static void
test_compact_fonts (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  DboTextStyle style;
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;

  /* ~600 different characters of a realistic form. */
  for (gunichar c = 0x4E00; c < 0x4E00 + 1800; c += 3)
    g_string_append_unichar (text, c);
  dbo_text_style_init (&style, DBO_FONT_BODY);
  dbo_layout_add_paragraph (layout, &style, text->str);
  if (!dbo_layout_use_compact_fonts (layout))
    {
      g_test_skip ("this build has no font subsetter (harfbuzz-subset)");
      g_string_free (text, TRUE);
      return;
    }
  pdf = layout_pdf (layout);
  g_test_message ("600 characters: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (pdf));
  g_assert_cmpuint (g_bytes_get_size (pdf), <, 150 * 1024);
  {
    PopplerDocument *doc = open_pdf (pdf);
    g_autofree char *raw = pdf_page_text (doc, 0);
    g_autofree char *squeezed = squeeze (raw);
    g_autofree char *expected = squeeze (text->str);
    g_assert_nonnull (strstr (squeezed, expected));
    g_object_unref (doc);
  }
  g_string_free (text, TRUE);
}

/* The packed file reads as the plain one did, and is smaller; what is not
 * cairo's layout comes back untouched. */
static void
test_pdf_pack (void)
{
  g_autoptr(DboLayout) layout = sample_layout ();
  g_autoptr(GBytes) plain = layout_pdf (layout);
  g_autoptr(GBytes) packed = dbo_pdf_pack (plain);
  g_autoptr(GBytes) again = dbo_pdf_pack (plain);
  g_autoptr(GBytes) twice = dbo_pdf_pack (packed);
  PopplerDocument *a = open_pdf (plain);
  PopplerDocument *b = open_pdf (packed);
  gsize len;
  const char *data = g_bytes_get_data (plain, &len);

  g_assert_cmpuint (g_bytes_get_size (packed), <, g_bytes_get_size (plain));
  g_assert_true (g_bytes_equal (packed, again));
  g_assert_true (g_bytes_equal (packed, twice));     /* already packed: left as it is */
  g_assert_cmpint (poppler_document_get_n_pages (a), ==, poppler_document_get_n_pages (b));
  for (int i = 0; i < poppler_document_get_n_pages (a); i++)
    {
      g_autofree char *ta = pdf_page_text (a, i);
      g_autofree char *tb = pdf_page_text (b, i);
      g_assert_cmpstr (ta, ==, tb);
    }
  g_assert_cmpstr (poppler_document_get_title (b), ==, poppler_document_get_title (a));
  g_object_unref (a);
  g_object_unref (b);

  /* Cut anywhere, or not a PDF at all: the same bytes back. */
  for (gsize cut = 0; cut < len; cut += len / 97 + 1)
    {
      g_autoptr(GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr(GBytes) out = dbo_pdf_pack (part);
      g_assert_true (g_bytes_equal (out, part));
    }
  {
    static const char bad_table[] = "%PDF-1.5\n%\xb5\xed\xae\xfb\nxref\n0 99999999\n0000000000 65535 f \n"
                                    "trailer\n<< /Size 2 /Root 1 0 R /Info 1 0 R >>\nstartxref\n15\n%%EOF\n";
    g_autoptr(GBytes) junk = g_bytes_new_static (bad_table, sizeof bad_table - 1);
    g_autoptr(GBytes) out = dbo_pdf_pack (junk);
    g_assert_true (g_bytes_equal (out, junk));
  }
}

/* ---- line breaks (issue 13, item 10) ---- */

/* The lines of a one-cell table @width_mm wide holding @text in @style (NULL:
 * the table default), columns fitted to the text or not, as poppler reads
 * them back from the PDF, and every character's box in points. */
static char **
styled_cell_lines (const char *text, const DboTextStyle *style, gboolean fit, double width_mm, double *right_pt,
                   double *max_x2_pt)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  const double cols[] = { width_mm };
  DboTable *table = dbo_layout_add_table (layout, cols, 1, style);
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  PopplerPage *page;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  g_autofree char *raw = NULL;
  char **lines;

  dbo_layout_set_page_numbers (layout, FALSE);
  if (fit)
    dbo_table_fit_columns (table);
  dbo_table_add_cells (table, 0, text, NULL);
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  raw = pdf_page_text (doc, 0);
  page = poppler_document_get_page (doc, 0);
  *max_x2_pt = 0;
  if (poppler_page_get_text_layout (page, &rects, &n_rects))
    for (guint i = 0; i < n_rects; i++)
      if (rects[i].x2 - rects[i].x1 > 0.5)
        *max_x2_pt = MAX (*max_x2_pt, rects[i].x2);
  g_free (rects);
  g_object_unref (page);
  g_object_unref (doc);
  *right_pt = DBO_MM (28 + width_mm);
  lines = g_strsplit (g_strstrip (raw), "\n", -1);
  for (char **l = lines; *l; l++)
    g_strstrip (*l);
  return lines;
}

static char **
cell_lines (const char *text, double width_mm, double *right_pt, double *max_x2_pt)
{
  return styled_cell_lines (text, NULL, FALSE, width_mm, right_pt, max_x2_pt);
}

/* @text, a unit wider than a cell @width_mm wide, breaks over several lines
 * inside the cell and reads back as @expected. */
static void
assert_broken_inside (const char *text, const DboTextStyle *style, double width_mm, const char *expected)
{
  double right, max_x2;
  g_auto(GStrv) lines = styled_cell_lines (text, style, FALSE, width_mm, &right, &max_x2);
  g_autofree char *joined = g_strjoinv ("", lines);

  g_assert_cmpuint (g_strv_length (lines), >, 1);
  g_assert_cmpstr (joined, ==, expected);
  g_assert_cmpfloat (max_x2, <=, right);
}

/* An address wraps only after "." or "@", and never with a hyphen. */
static void
test_break_address (void)
{
  static const char *address = "director@jinding-coal.example.cn";
  double right, max_x2;
  g_auto(GStrv) lines = cell_lines (address, 34, &right, &max_x2);
  g_autofree char *joined = g_strjoinv ("", lines);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 1);                            /* the test means something */
  g_assert_cmpstr (joined, ==, address);                 /* no hyphen added, nothing lost */
  for (guint i = 0; i + 1 < n; i++)
    {
      gsize len = strlen (lines[i]);

      g_assert_cmpuint (len, >, 0);
      if (lines[i][len - 1] != '.' && lines[i][len - 1] != '@')
        g_error ("the address breaks after “%s”", lines[i]);
    }
  g_assert_cmpfloat (max_x2, <=, right);
}

/* A tick box, its code and its label are one unit; a label longer than the
 * cell still breaks rather than running past the rule; phone numbers stay whole. */
static void
test_break_options (void)
{
  double right, max_x2;

  {
    g_auto(GStrv) lines = cell_lines (DBO_BOX_EMPTY "1局域网\u3000" DBO_BOX_EMPTY "2城域网\u3000"
                                      DBO_BOX_EMPTY "3两者均包括\u3000" DBO_BOX_EMPTY "9其他\u3000"
                                      DBO_BOX_TICKED "20全省（区、市）\u3000" DBO_BOX_EMPTY "3与本单位其他系统连接",
                                      50, &right, &max_x2);
    static const char *units[] = { "1局域网", "2城域网", "3两者均包括", "9其他", "20全省（区、市）", "3与本单位其他系统连接" };

    g_assert_cmpuint (g_strv_length (lines), >, 2);
    for (guint u = 0; u < G_N_ELEMENTS (units); u++)
      {
        gboolean whole = FALSE;

        for (char **l = lines; *l && !whole; l++)
          whole = strstr (*l, units[u]) != NULL;
        if (!whole)
          {
            g_autofree char *all = g_strjoinv (" / ", lines);
            g_error ("“%s” is split: %s", units[u], all);
          }
      }
    g_assert_cmpfloat (max_x2, <=, right);
  }
  {
    g_auto(GStrv) lines = cell_lines ("电话0356-3861001，手机13935601818", 30, &right, &max_x2);
    g_autofree char *all = g_strjoinv ("\n", lines);

    g_assert_nonnull (strstr (all, "0356-3861001"));
    g_assert_nonnull (strstr (all, "13935601818"));
  }
  /* wider than the cell: broken, all there, inside the cell */
  assert_broken_inside (DBO_BOX_EMPTY "3与本单位其他系统连接", NULL, 12, "3与本单位其他系统连接");
}

/* A fixed label in DBO_WHOLE() goes to the next line whole, wherever the
 * text before it ends; one wider than the cell still breaks inside it. */
static void
test_break_whole_label (void)
{
  DboTextStyle markup;
  double right, max_x2;
  guint moved = 0;

  dbo_text_style_init (&markup, DBO_FONT_TABLE);
  markup.align = DBO_ALIGN_LEFT;
  markup.markup = TRUE;
  for (guint n = 1; n <= 16; n++)
    {
      g_autofree char *before = g_strnfill (n, 'x');
      g_autofree char *text = g_strdup_printf ("%s" DBO_WHOLE ("县（区、市、旗）") "止", before);
      g_auto(GStrv) lines = styled_cell_lines (text, &markup, FALSE, 40, &right, &max_x2);
      gboolean whole = FALSE;

      for (char **l = lines; *l != NULL; l++)
        whole = whole || strstr (*l, "县（区、市、旗）") != NULL;
      if (!whole)
        {
          g_autofree char *all = g_strjoinv (" / ", lines);
          g_error ("the label is broken: %s", all);
        }
      moved += g_str_has_prefix (lines[1] ? lines[1] : "", "县");
      g_assert_cmpfloat (max_x2, <=, right);
    }
  g_assert_cmpuint (moved, >, 0);                       /* the test means something */
  assert_broken_inside (DBO_WHOLE ("与本单位其他系统连接的说明文字"), &markup, 20, "与本单位其他系统连接的说明文字");
}

/* A fitted column does not leave one character of its text on a line. */
static void
test_fit_lone_char (void)
{
  static const char text[] = "煤矿井下作业人员管理系统";   /* 12 characters */
  double right, max_x2;
  /* 11 characters and the padding: unfitted, "统" goes alone. */
  double width = (11.5 * DBO_SIZE_WU_HAO) * 25.4 / 72 + 3;
  g_auto(GStrv) plain = styled_cell_lines (text, NULL, FALSE, width, &right, &max_x2);
  g_auto(GStrv) fitted = styled_cell_lines (text, NULL, TRUE, width, &right, &max_x2);

  g_assert_cmpuint (g_strv_length (plain), ==, 2);
  g_assert_cmpstr (plain[1], ==, "统");
  g_assert_cmpuint (g_strv_length (fitted), ==, 2);
  g_assert_cmpuint (g_utf8_strlen (fitted[1], -1), >=, 2);
  g_assert_cmpfloat (max_x2, <=, right);
}

/* Fitted columns: a column of long names takes the room a column of short
 * ones does not need; short texts (a name, a level) stay whole. */
static void
test_fit_columns (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  const double cols[] = { 20, 60, 40, 36 };
  DboTable *table = dbo_layout_add_table (layout, cols, 4, NULL);
  static const char *const names[] = { "煤矿井下作业人员管理系统", "集团安全生产数据汇聚平台（金鼎煤业节点）" };
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *doc;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;

  dbo_table_fit_columns (table);
  dbo_table_add_cells (table, 0, "系统名称", "责任人", "分类拟定\n安全等级", "联系电话", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    dbo_table_add_cells (table, 7, names[i], "赵海军", "第二级", "0356-3861020", NULL);
  pdf = layout_pdf (layout);
  doc = open_pdf (pdf);
  raw = pdf_page_text (doc, 0);
  /* Every name on one line (a wrapped one would have a line break in it): the
   * table has the room once the widths follow the text. In the 20 mm given,
   * the first would take three lines. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (strstr (raw, names[i]));
  g_assert_nonnull (strstr (raw, "0356-3861020"));
  g_assert_nonnull (strstr (raw, "分类拟定"));
  g_assert_nonnull (strstr (raw, "安全等级"));
  g_object_unref (doc);
}

/* ---- flow control (issue 13) ---- */

/* The page (0-based) whose layout text holds @needle, or -1. */
static int
page_of (DboLayout *layout, const char *needle)
{
  for (int i = 0; i < dbo_layout_get_n_pages (layout); i++)
    {
      g_autofree char *text = dbo_layout_get_page_text (layout, i);
      if (strstr (text, needle))
        return i;
    }
  return -1;
}

/* @n one-line filler paragraphs, then a caption and a 3-row table, in a keep
 * run or not. */
static DboLayout *
captioned_table_layout (guint n, gboolean keep)
{
  DboLayout *layout = dbo_layout_new ();
  DboTextStyle style = plain_style ();
  const double cols[] = { 50, 50 };
  DboTable *table;

  for (guint i = 0; i < n; i++)
    dbo_layout_add_paragraphf (layout, &style, "填充第%u行", i);
  if (keep)
    dbo_layout_begin_keep (layout);
  dbo_layout_add_paragraph (layout, &style, "表题");
  table = dbo_layout_add_table (layout, cols, 2, NULL);
  dbo_table_add_cells (table, 12, "甲行", "一", NULL);
  dbo_table_add_cells (table, 12, "乙行", "二", NULL);
  dbo_table_add_cells (table, 12, "丙行", "三", NULL);
  if (keep)
    dbo_layout_end_keep (layout);
  dbo_layout_add_paragraph (layout, &style, "后文");
  return layout;
}

/* A keep run moves as a unit; where it fits it changes nothing. */
static void
test_keep_together (void)
{
  guint moved = 0;

  for (guint n = 20; n < 40; n++)
    {
      g_autoptr(DboLayout) plain = captioned_table_layout (n, FALSE);
      g_autoptr(DboLayout) kept = captioned_table_layout (n, TRUE);
      int cap = page_of (kept, "表题");

      g_assert_cmpint (cap, ==, page_of (kept, "甲行"));
      g_assert_cmpint (cap, ==, page_of (kept, "丙行"));
      if (page_of (plain, "表题") == page_of (plain, "丙行"))
        {
          g_assert_cmpint (dbo_layout_get_n_pages (plain), ==, dbo_layout_get_n_pages (kept));
          for (int i = 0; i < dbo_layout_get_n_pages (plain); i++)
            {
              g_autofree char *a = dbo_layout_get_page_text (plain, i);
              g_autofree char *b = dbo_layout_get_page_text (kept, i);
              g_assert_cmpstr (a, ==, b);
            }
        }
      else
        {
          /* It moved whole to the next page, which starts with it. */
          g_autofree char *text = dbo_layout_get_page_text (kept, cap);
          g_assert_cmpint (cap, ==, 1);
          g_assert_true (g_str_has_prefix (text, "表题"));
          moved++;
        }
    }
  g_assert_cmpuint (moved, >, 0);
}

static DboLayout *
cover_layout (guint n, gboolean flex)
{
  DboLayout *layout = dbo_layout_new ();
  DboTextStyle style = plain_style ();

  dbo_layout_add_paragraph (layout, &style, "封面");
  dbo_layout_add_bookmark (layout, "before", 1);
  if (flex)
    dbo_layout_add_flex_space (layout, 100, 20);
  else
    dbo_layout_add_space (layout, 100);
  dbo_layout_add_bookmark (layout, "after", 1);
  for (guint i = 0; i < n; i++)
    dbo_layout_add_paragraphf (layout, &style, "名称第%u行", i);
  dbo_layout_add_paragraph (layout, &style, "监制");
  dbo_layout_add_page_break (layout);
  dbo_layout_add_paragraph (layout, &style, "说明");
  return layout;
}

/* Flexible space shrinks to keep what follows on the page, never below its
 * minimum; where the full space fits it is a plain space. */
static void
test_flex_space (void)
{
  guint shrunk = 0, full = 0;

  for (guint n = 0; n < 40; n += 2)
    {
      g_autoptr(DboLayout) layout = cover_layout (n, TRUE);
      g_autoptr(DboLayout) fixed = cover_layout (n, FALSE);
      g_autoptr(GArray) marks = dbo_layout_get_bookmarks (layout);
      double gap = DBO_PT_TO_MM (g_array_index (marks, DboBookmark, 1).y_pt - g_array_index (marks, DboBookmark, 0).y_pt);

      g_assert_cmpfloat (gap, >=, 20 - 0.01);
      g_assert_cmpfloat (gap, <=, 100 + 0.01);
      if (page_of (fixed, "监制") == 0)
        {
          g_assert_cmpfloat (gap, >=, 100 - 0.01);
          full++;
        }
      else if (gap < 100 - 0.01)
        {
          g_assert_cmpint (page_of (layout, "监制"), ==, 0);
          g_assert_cmpint (page_of (layout, "说明"), ==, 1);
          shrunk++;
        }
      else
        /* Not even the minimum would do: left as it was. */
        g_assert_cmpint (page_of (layout, "监制"), ==, 1);
    }
  g_assert_cmpuint (shrunk, >, 0);
  g_assert_cmpuint (full, >, 0);
}

/* A run taller than a page: its tail keeps the end of its first paragraph, else
 * the page that holds only the tail says so. */
static void
test_closing_orphans (void)
{
  DboTextStyle style = plain_style ();
  g_autoptr(DboLayout) carried = dbo_layout_new ();
  g_autoptr(DboLayout) alone = dbo_layout_new ();
  g_autoptr(GString) long_text = g_string_new (NULL);
  const double cols[] = { 100 };
  DboTable *table;
  int n;

  /* A paragraph of ~30 lines and a 150 mm closing block: together too tall. */
  for (int i = 0; i < 30; i++)
    g_string_append_printf (long_text, "正文句子%02d，这一句话足够长，可以占满一整行的宽度而不多出来。", i);
  dbo_layout_add_paragraph (carried, &style, "开头");
  dbo_layout_add_paragraph (carried, &style, long_text->str);
  dbo_layout_begin_keep_with_last (carried);
  dbo_layout_add_alone_note (carried, &style, "（此页无正文）");
  dbo_layout_add_seal_area (carried, 100, 42, 150);
  dbo_layout_add_paragraph (carried, &style, "落款");
  dbo_layout_end_keep (carried);
  n = dbo_layout_get_n_pages (carried);
  {
    g_autofree char *last = dbo_layout_get_page_text (carried, n - 1);
    GArray *seals = dbo_layout_get_seal_areas (carried, n - 1);
    g_assert_nonnull (strstr (last, "正文句子29"));
    g_assert_nonnull (strstr (last, "落款"));
    g_assert_null (strstr (last, "（此页无正文）"));
    g_assert_cmpuint (seals->len, ==, 1);
    g_array_unref (seals);
  }

  /* A run that starts with a table: nothing to carry, the note instead. */
  dbo_layout_add_paragraph (alone, &style, "开头");
  dbo_layout_begin_keep (alone);
  table = dbo_layout_add_table (alone, cols, 1, NULL);
  dbo_table_add_cells (table, 200, "高表", NULL);
  dbo_layout_add_alone_note (alone, &style, "（此页无正文）");
  dbo_layout_add_seal_area (alone, 100, 42, 46);
  dbo_layout_add_paragraph (alone, &style, "落款");
  dbo_layout_end_keep (alone);
  n = dbo_layout_get_n_pages (alone);
  g_assert_cmpint (n, ==, 2);
  {
    g_autofree char *last = dbo_layout_get_page_text (alone, n - 1);
    GArray *seals = dbo_layout_get_seal_areas (alone, n - 1);
    g_assert_true (g_str_has_prefix (last, "（此页无正文）"));
    g_assert_nonnull (strstr (last, "落款"));
    g_assert_cmpuint (seals->len, ==, 1);
    g_array_unref (seals);
  }
}

/* Signature lines continued on another page start with their label again. */
static void
test_signature_label_repeats (void)
{
  g_autoptr(DboLayout) layout = dbo_layout_new ();
  DboTextStyle style = plain_style ();

  for (int i = 0; i < 24; i++)
    dbo_layout_add_paragraphf (layout, &style, "填充第%d行", i);
  dbo_layout_add_signatures (layout, &style, "成员（签字）：", 42, 12, NULL, 30);
  g_assert_cmpint (dbo_layout_get_n_pages (layout), ==, 2);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *text = dbo_layout_get_page_text (layout, i);
      g_assert_cmpuint (count_occurrences (text, "成员（签字）："), ==, 1);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/layout/fonts/resolved", test_fonts_resolved);
  g_test_add_func ("/layout/table/repeats-header", test_table_repeats_header);
  g_test_add_func ("/layout/table/row-split-and-keep", test_row_split_and_keep);
  g_test_add_func ("/layout/boxes/vectors", test_tick_boxes_are_vectors);
  g_test_add_func ("/layout/table/shaded-cell", test_shaded_cell);
  g_test_add_func ("/layout/table/vertical-text", test_vertical_text);
  g_test_add_func ("/layout/pdf/same-bytes", test_same_input_same_bytes);
  g_test_add_func ("/layout/pdf/fonts-embedded", test_fonts_embedded);
  g_test_add_func ("/layout/seal-area-clear", test_seal_area_clear);
  g_test_add_func ("/layout/signature-strokes", test_signature_strokes);
  g_test_add_func ("/layout/stamp-and-bookmarks", test_stamp_and_bookmarks);
  g_test_add_func ("/layout/pdf/compact-fonts", test_compact_fonts);
  g_test_add_func ("/layout/flow/keep-together", test_keep_together);
  g_test_add_func ("/layout/flow/flex-space", test_flex_space);
  g_test_add_func ("/layout/flow/closing-orphans", test_closing_orphans);
  g_test_add_func ("/layout/flow/signature-label-repeats", test_signature_label_repeats);
  g_test_add_func ("/layout/pdf/pack", test_pdf_pack);
  g_test_add_func ("/layout/break/address", test_break_address);
  g_test_add_func ("/layout/break/options", test_break_options);
  g_test_add_func ("/layout/break/whole-label", test_break_whole_label);
  g_test_add_func ("/layout/table/fit-lone-char", test_fit_lone_char);
  g_test_add_func ("/layout/table/fit-columns", test_fit_columns);
  return g_test_run ();
}
