#define G_LOG_DOMAIN "dengbao-calibration"
#include "config.h"
#include "dbo-calibration.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>

#include "dbo-documents.h"
#include "dbo-layout.h"

#define I DBO_CALIBRATION_INSET_MM

static const DboCalibrationMark marks[] = {
  { "A", I, I },
  { "B", 210.0 - I, I },
  { "C", I, 297.0 - I },
  { "D", 210.0 - I, 297.0 - I },
  { "E", 105.0, 148.5 },
};

const DboCalibrationMark *
dbo_calibration_marks (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (marks);
  return marks;
}

/* Text in the documents' body face, Simplified Chinese forms, with its top
 * at (x, y) mm; @anchor_x: 0 left, 0.5 centre, 1 right of the point. Wraps
 * at @width_mm when it is not 0. Returns the height used, in mm. */
static double
text_at (cairo_t *cr, double x_mm, double y_mm, double anchor_x, double width_mm, double size_pt,
         gboolean bold, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *desc = pango_font_description_new ();
  g_autofree char *family = g_strdup_printf ("%s,Noto Sans CJK SC", dbo_layout_font_family (DBO_FONT_BODY));
  cairo_font_options_t *options = cairo_font_options_create ();
  int width, height;

  /* Unhinted metrics, as the documents: the sheet looks the same on paper and in a PDF. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);

  pango_font_description_set_family (desc, family);
  pango_font_description_set_size (desc, (int) (size_pt * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (DBO_MM (width_mm) * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &width, &height);

  cairo_move_to (cr, DBO_MM (x_mm) - anchor_x * width / PANGO_SCALE, DBO_MM (y_mm));
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return DBO_PT_TO_MM ((double) height / PANGO_SCALE);
}

static void
line_mm (cairo_t *cr, double x0, double y0, double x1, double y1, double width_pt)
{
  cairo_set_line_width (cr, width_pt);
  cairo_move_to (cr, DBO_MM (x0), DBO_MM (y0));
  cairo_line_to (cr, DBO_MM (x1), DBO_MM (y1));
  cairo_stroke (cr);
}

/* A cross of 16 mm with a 4 mm circle round its centre and its letter. */
static void
draw_cross (cairo_t *cr, const DboCalibrationMark *m)
{
  line_mm (cr, m->x_mm - 8, m->y_mm, m->x_mm + 8, m->y_mm, 0.35);
  line_mm (cr, m->x_mm, m->y_mm - 8, m->x_mm, m->y_mm + 8, 0.35);
  cairo_set_line_width (cr, 0.35);
  cairo_new_sub_path (cr);
  cairo_arc (cr, DBO_MM (m->x_mm), DBO_MM (m->y_mm), DBO_MM (2.0), 0, 2 * G_PI);
  cairo_stroke (cr);
  text_at (cr, m->x_mm + 2.5, m->y_mm + 2.0, 0.0, 0, 10.0, TRUE, m->label);
}

/* A ruler from @from to @to mm along one axis at @at mm on the other:
 * ticks every mm, longer every 5, numbered every 10 with the distance from
 * the sheet's edge. */
static void
draw_ruler (cairo_t *cr, gboolean horizontal, double at, double from, double to)
{
  line_mm (cr, horizontal ? from : at, horizontal ? at : from, horizontal ? to : at, horizontal ? at : to, 0.3);
  for (int mm = (int) from; mm <= (int) to; mm++)
    {
      double len = mm % 10 == 0 ? 4.0 : mm % 5 == 0 ? 2.5 : 1.5;

      if (horizontal)
        line_mm (cr, mm, at, mm, at + len, 0.25);
      else
        line_mm (cr, at, mm, at + len, mm, 0.25);
      if (mm % 10 == 0 && mm != (int) from && mm != (int) to)
        {
          g_autofree char *n = g_strdup_printf ("%d", mm);

          if (horizontal)
            text_at (cr, mm, at + 4.5, 0.5, 0, 6.0, FALSE, n);
          else
            text_at (cr, at + 5.0, mm - 1.2, 0.0, 0, 6.0, FALSE, n);
        }
    }
}

void
dbo_calibration_draw (cairo_t *cr)
{
  static const char *lines[] = {
    "1. 用 A4 纸按 100% 打印（关闭“适合页面”等缩放）。",
    "2. 用直尺量出纸张左边缘到十字 A 竖线的距离、上边缘到十字 A 横线的距离，应均为 20 毫米。",
    "3. 在“打印机校准”中为该打印机填写偏移：向右 = 20 − 左边距实测值，向下 = 20 − 上边距实测值（毫米）。"
    "例：十字 A 距左边缘 21.5 毫米，则向右填 −1.5。",
    "4. 十字 A 与 B 相距 170 毫米，A 与 C 相距 257 毫米；量得偏小说明打印机在缩放页面。",
    "5. 开启“应用偏移”再打印一次本页，十字应正好距纸边 20 毫米。",
  };
  guint n_marks;
  const DboCalibrationMark *m = dbo_calibration_marks (&n_marks);

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  for (guint i = 0; i < n_marks; i++)
    draw_cross (cr, &m[i]);

  /* Rulers between the crosses, along the top and the left, numbered from the sheet's edges. */
  draw_ruler (cr, TRUE, I, I + 10, 210.0 - I - 10);
  draw_ruler (cr, FALSE, I, I + 10, 297.0 - I - 10);

  {
    /* The text block sits clear of the rulers, between 36 and 184 mm. */
    double y = 38.0;

    y += text_at (cr, 110.0, y, 0.5, 0, DBO_SIZE_XIAO_ER, TRUE, "打印机校准页") + 3.0;
    y += text_at (cr, 36.0, y, 0.0, 148.0, DBO_SIZE_WU_HAO, FALSE,
                  "十字中心距纸张左边缘、上边缘（毫米）：A (20, 20)　B (190, 20)　C (20, 277)　"
                  "D (190, 277)　E (105, 148.5)") + 4.0;
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      y += text_at (cr, 36.0, y, 0.0, 148.0, DBO_SIZE_WU_HAO, FALSE, lines[i]) + 1.5;
  }

  /* A 42 mm seal square outline, as the forms leave free for the 公章. */
  cairo_set_line_width (cr, 0.3);
  cairo_set_dash (cr, (double[]) { DBO_MM (1.5), DBO_MM (1.5) }, 2, 0);
  cairo_rectangle (cr, DBO_MM (140.0), DBO_MM (200.0), DBO_MM (42.0), DBO_MM (42.0));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  text_at (cr, 161.0, 244.0, 0.5, 0, DBO_SIZE_XIAO_WU, FALSE, "42 毫米印章区");
  cairo_restore (cr);
}

gboolean
dbo_calibration_write_pdf (const char *path, GError **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);

  tmp = g_strconcat (path, ".tmp", NULL);
  surface = cairo_pdf_surface_create (tmp, DBO_A4_WIDTH_PT, DBO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "打印机校准页");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dengbao " PACKAGE_VERSION);
  cr = cairo_create (surface);
  dbo_calibration_draw (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_FAILED,
                   "cannot write the calibration sheet “%s”: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_FAILED,
                   "cannot write the calibration sheet “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
