#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout.h"
#include "dbo-font-coverage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <pango/pangocairo.h>

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

/* ---------------------------------------------------------------- fonts */

typedef struct {
  const char *prefs[8];
  const char *fallback;
  gboolean fallback_bold;
} FontPrefs;

static const FontPrefs font_prefs[DBO_N_FONT_ROLES] = {
  [DBO_FONT_TITLE]   = { { "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋",
                           "华文中宋", "STZhongsong", NULL }, "Noto Serif CJK SC", TRUE },
  [DBO_FONT_BODY]    = { { "仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "华文仿宋",
                           "STFangsong", NULL }, "Noto Serif CJK SC", FALSE },
  [DBO_FONT_TABLE]   = { { "宋体", "SimSun", "NSimSun", "新宋体", NULL }, "Noto Serif CJK SC", FALSE },
  /* 黑体 where installed; otherwise the bold face the title already embeds. */
  [DBO_FONT_HEADING] = { { "黑体", "SimHei", NULL }, "Noto Serif CJK SC", TRUE },
};

typedef struct {
  char *family;
  gboolean bold;      /* the family is the fallback and needs the heavy weight */
} ResolvedFont;

static ResolvedFont resolved_fonts[DBO_N_FONT_ROLES];
/* The user's own choice per role (GSettings font-title …), tried first. */
static char *preferred_fonts[DBO_N_FONT_ROLES];
static GMutex preferred_lock;

void
dbo_layout_prefer_font (DboFontRole role, const char *family)
{
  g_return_if_fail ((int) role >= 0 && role < DBO_N_FONT_ROLES);

  g_mutex_lock (&preferred_lock);
  g_free (preferred_fonts[role]);
  preferred_fonts[role] = (family != NULL && *family != '\0') ? g_strdup (family) : NULL;
  g_mutex_unlock (&preferred_lock);
}

static gpointer
resolve_fonts_once (gpointer data)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoFontFamily **families = NULL;
  int n_families = 0;
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Only families really installed: fontconfig aliases would quietly map a
   * missing 仿宋 to DejaVu, which has no Chinese. */
  pango_font_map_list_families (map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    g_hash_table_add (installed, g_utf8_casefold (pango_font_family_get_name (families[i]), -1));
  g_free (families);

  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    {
      const FontPrefs *prefs = &font_prefs[role];

      resolved_fonts[role].family = NULL;
      g_mutex_lock (&preferred_lock);
      if (preferred_fonts[role] != NULL)
        {
          g_autofree char *key = g_utf8_casefold (preferred_fonts[role], -1);

          /* An uninstalled choice is passed over like any missing face. */
          if (g_hash_table_contains (installed, key))
            resolved_fonts[role].family = g_strdup (preferred_fonts[role]);
        }
      g_mutex_unlock (&preferred_lock);
      for (int j = 0; prefs->prefs[j] != NULL && resolved_fonts[role].family == NULL; j++)
        {
          g_autofree char *key = g_utf8_casefold (prefs->prefs[j], -1);
          if (g_hash_table_contains (installed, key))
            resolved_fonts[role].family = g_strdup (prefs->prefs[j]);
        }
      if (resolved_fonts[role].family == NULL)
        {
          resolved_fonts[role].family = g_strdup (prefs->fallback);
          resolved_fonts[role].bold = prefs->fallback_bold;
        }
      g_debug ("font role %d → %s%s", role, resolved_fonts[role].family,
               resolved_fonts[role].bold ? " Bold" : "");
    }
  return NULL;
}

static const ResolvedFont *
resolved_font (DboFontRole role)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, resolve_fonts_once, NULL);
  if ((int) role < 0 || role >= DBO_N_FONT_ROLES)
    role = DBO_FONT_BODY;
  return &resolved_fonts[role];
}

const char *
dbo_layout_font_family (DboFontRole role)
{
  return resolved_font (role)->family;
}

static PangoFontDescription *font_description_for (const DboTextStyle *style);
static char *font_key (PangoFont *font, char **file_out, int *index_out);

static void
font_file_free (DboFontFile *f)
{
  g_free (f->family);
  g_free (f->path);
  g_free (f->file);
  g_free (f->sha256);
  g_free (f);
}

static GMutex font_hash_lock;

static void
add_font_file (GPtrArray *files, PangoContext *context, const char *family, PangoFontDescription *desc)
{
  g_autoptr(PangoFont) font = pango_font_map_load_font (pango_context_get_font_map (context), context, desc);
  g_autofree char *path = NULL;
  g_autofree char *key = font_key (font, &path, NULL);
  DboFontFile *f;

  if (key == NULL)
    return;
  for (guint i = 0; i < files->len; i++)
    if (strcmp (((DboFontFile *) g_ptr_array_index (files, i))->path, path) == 0)
      return;
  f = g_new0 (DboFontFile, 1);
  f->family = g_strdup (family);
  {
    /* The file's own name, not an alternatives link to it
     * (fonts-japanese-mincho.ttf → HanaMinA.ttf). */
    g_autofree char *real = realpath (path, NULL);

    f->file = g_path_get_basename (real != NULL ? real : path);
  }
  f->path = g_steal_pointer (&path);
  g_ptr_array_add (files, f);
}

/* fonts-hanazono (build-aux/dev installs it): HanaMinA has the BMP and
 * Extension A, HanaMinB Extensions B–F. They are never named in a family list:
 * fontconfig's fallback finds them for exactly the characters the main faces
 * lack, so text without such characters is drawn as before, byte for byte. */
static const char * const fallback_families[] = { "HanaMinA", "HanaMinB" };

static gboolean
family_installed (const char *family)
{
  PangoFontFamily **families = NULL;
  int n_families = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (pango_cairo_font_map_get_default (), &families, &n_families);
  for (int i = 0; i < n_families && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), family) == 0;
  g_free (families);
  return found;
}

gboolean
dbo_layout_can_render (const char *text, gunichar *missing_out)
{
  return dbo_font_coverage_can_render (text, missing_out);
}

static gpointer
list_font_files_once (gpointer data)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) font_file_free);

  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    for (int bold = 0; bold <= 1; bold++)
      {
        DboTextStyle style;
        PangoFontDescription *desc;

        dbo_text_style_init (&style, role);
        style.bold = bold;
        desc = font_description_for (&style);
        add_font_file (files, context, resolved_font (role)->family, desc);
        pango_font_description_free (desc);
      }
  /* The fallback every family list ends with. */
  for (int bold = 0; bold <= 1; bold++)
    {
      PangoFontDescription *desc = pango_font_description_from_string ("Noto Serif CJK SC 12");

      if (bold)
        pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
      add_font_file (files, context, "Noto Serif CJK SC", desc);
      pango_font_description_free (desc);
    }
  /* The faces fontconfig falls back to for the characters Noto CJK lacks (CJK
   * Extension B and later, as in some registered names), when installed: a
   * document using one of them is the same bytes only with the same file. */
  for (guint i = 0; i < G_N_ELEMENTS (fallback_families); i++)
    if (family_installed (fallback_families[i]))
      {
        PangoFontDescription *desc = pango_font_description_new ();

        pango_font_description_set_family (desc, fallback_families[i]);
        pango_font_description_set_size (desc, 12 * PANGO_SCALE);
        add_font_file (files, context, fallback_families[i], desc);
        pango_font_description_free (desc);
      }
  g_object_unref (context);
  return files;
}

const GPtrArray *
dbo_layout_font_files (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, list_font_files_once, NULL);
}

gboolean
dbo_layout_font_files_hash (GError **error)
{
  const GPtrArray *files = dbo_layout_font_files ();
  gboolean ok = TRUE;

  g_mutex_lock (&font_hash_lock);
  for (guint i = 0; i < files->len && ok; i++)
    {
      DboFontFile *f = g_ptr_array_index (files, i);
      g_autoptr(GMappedFile) mapped = NULL;

      if (f->sha256 != NULL)
        continue;
      mapped = g_mapped_file_new (f->path, FALSE, error);
      if (mapped == NULL)
        ok = FALSE;
      else
        f->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                 (const guchar *) g_mapped_file_get_contents (mapped),
                                                 g_mapped_file_get_length (mapped));
    }
  g_mutex_unlock (&font_hash_lock);
  return ok;
}

static PangoFontDescription *
font_description_for (const DboTextStyle *style)
{
  const ResolvedFont *font = resolved_font (style->role);
  PangoFontDescription *desc = pango_font_description_new ();
  /* The list always ends with the Simplified Chinese Noto face. */
  g_autofree char *families = g_strcmp0 (font->family, "Noto Serif CJK SC") == 0
                              ? g_strdup (font->family)
                              : g_strdup_printf ("%s,Noto Serif CJK SC", font->family);

  pango_font_description_set_family (desc, families);
  pango_font_description_set_size (desc, (int) lround (style->size_pt * PANGO_SCALE));
  if (font->bold || style->bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  return desc;
}

void
dbo_text_style_init (DboTextStyle *style, DboFontRole role)
{
  memset (style, 0, sizeof *style);
  style->role = role;
  switch (role)
    {
    case DBO_FONT_TITLE:
      style->size_pt = DBO_SIZE_ER_HAO;
      style->align = DBO_ALIGN_CENTER;
      style->line_pitch_pt = DBO_SIZE_ER_HAO * 1.5;
      style->keep_with_next = TRUE;
      break;
    case DBO_FONT_HEADING:
      style->size_pt = DBO_SIZE_SI_HAO;
      style->align = DBO_ALIGN_LEFT;
      style->line_pitch_pt = DBO_SIZE_SI_HAO * 1.6;
      style->space_before_mm = 2.0;
      style->space_after_mm = 1.0;
      style->keep_with_next = TRUE;
      break;
    case DBO_FONT_TABLE:
      style->size_pt = DBO_SIZE_WU_HAO;
      style->align = DBO_ALIGN_CENTER;
      style->line_pitch_pt = DBO_SIZE_WU_HAO * 1.45;
      break;
    case DBO_FONT_BODY:
    default:
      style->role = DBO_FONT_BODY;
      style->size_pt = DBO_SIZE_XIAO_SI;
      style->align = DBO_ALIGN_JUSTIFY;
      style->line_pitch_pt = DBO_SIZE_XIAO_SI * 1.6;
      style->first_indent_em = 2.0;
      break;
    }
}

/* ---------------------------------------------------------------- tick boxes */

/* Shape data marks: 1 = empty box, 2 = ticked box. */
#define BOX_EMPTY_MARK  GINT_TO_POINTER (1)
#define BOX_TICKED_MARK GINT_TO_POINTER (2)

/* Where a box of a shape @em wide sits, from the shape's origin (@x, @y). */
static void
box_geometry (double em, double x, double y, double *left, double *top, double *side)
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

static void
draw_box_shape (cairo_t *cr, PangoAttrShape *attr, gboolean do_path, gpointer data)
{
  double x, y;
  double em = (double) attr->logical_rect.width / PANGO_SCALE / 1.05;
  double left, top, side;

  if (!cairo_has_current_point (cr))
    return;
  cairo_get_current_point (cr, &x, &y);
  box_geometry (em, x, y, &left, &top, &side);

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
static void
add_box_shapes (PangoAttrList *attrs, const char *text, double size_pt)
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

/* A tick box drawn to PDF, kept until the page's text is out. */
typedef struct {
  cairo_matrix_t matrix;
  double gray;
  double em;
  double left, top, side;
  gboolean ticked;
  double fill_w, fill_h;       /* > 0: an underline to fill, not a box */
} PendingBox;

/* ---------------------------------------------------------------- line breaks */

/* Runs of text a line never breaks inside: an e-mail address between the
 * places it may break (after "." or "@", never with a hyphen: a clerk copies
 * the address as printed), a telephone number, and a tick box with its code
 * and label ("☐9其他", "☐20全省（区、市）"). Pango's allow-breaks attribute
 * (1.44) does it without touching the text, so the PDF's text layer stays the
 * address itself. A unit that is wider than the line anyway is let go again
 * (see release_wide_units()) rather than run past the cell. */

#define UNIT_LABEL_MAX_CHARS 16    /* longer: a sentence after a box, not a label */

typedef struct {
  int start, end;                  /* byte range in the layout's text */
} BreakUnit;

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

/* ---------------------------------------------------------------- text boxes */

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

static void
text_box_free (gpointer data)
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

/* ---------------------------------------------------------------- model */

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

static void
page_free (gpointer data)
{
  Page *page = data;

  g_array_unref (page->items);
  g_array_unref (page->seals);
  g_free (page);
}

static void
clear_pagination (DboLayout *layout)
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
  clear_pagination (layout);
  g_ptr_array_unref (layout->blocks);
  g_free (layout->footer_note);
  g_free (layout->stamp);
  g_free (layout);
}

void
dbo_layout_set_margins (DboLayout *layout, double top_mm, double bottom_mm, double left_mm,
                        double right_mm)
{
  clear_pagination (layout);
  layout->top = DBO_MM (top_mm);
  layout->bottom = DBO_MM (bottom_mm);
  layout->left = DBO_MM (left_mm);
  layout->right = DBO_MM (right_mm);
}

static double
text_width (const DboLayout *layout)
{
  return DBO_A4_WIDTH_PT - layout->left - layout->right;
}

double
dbo_layout_get_text_width_mm (DboLayout *layout)
{
  return DBO_PT_TO_MM (text_width (layout));
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

  clear_pagination (layout);
  block->kind = kind;
  g_ptr_array_add (layout->blocks, block);
  return block;
}

void
dbo_layout_add_paragraph (DboLayout *layout, const DboTextStyle *style, const char *text)
{
  Block *block = add_block (layout, BLOCK_PARAGRAPH);

  if (style)
    block->style = *style;
  else
    dbo_text_style_init (&block->style, DBO_FONT_BODY);
  block->text = g_strdup (text ? text : "");
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
  Block *block = add_block (layout, BLOCK_ALONE_NOTE);

  if (style)
    block->style = *style;
  else
    dbo_text_style_init (&block->style, DBO_FONT_BODY);
  block->text = g_strdup (text ? text : "");
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
  Block *block = add_block (layout, BLOCK_SIGNATURES);

  if (style)
    block->style = *style;
  else
    dbo_text_style_init (&block->style, DBO_FONT_BODY);
  block->style.first_indent_em = 0;
  block->style.align = DBO_ALIGN_LEFT;
  block->text = g_strdup (label ? label : "");
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
  clear_pagination (table->layout);
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

  clear_pagination (table->layout);
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

static Row *
table_row (DboTable *table, guint r)
{
  return r < table->rows->len ? g_ptr_array_index (table->rows, r) : NULL;
}

/* TRUE when (@row, @col) lies inside the span of another cell. */
static gboolean
position_covered (DboTable *table, guint row, guint col)
{
  for (guint r = 0; r <= row; r++)
    {
      Row *rr = table_row (table, r);
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
  Row *rr = table_row (table, row);
  DboCell *cell;

  g_return_val_if_fail (rr != NULL && col < table->n_cols, NULL);
  clear_pagination (table->layout);
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
text_layout_new (PangoContext *context, const DboTextStyle *style, const char *text, GArray *units)
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

  desc = font_description_for (style);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (pl, plain, -1);

  /* Fixed line pitch, as official documents have; it goes first so markup can override. */
  pango_attr_list_insert_before (attrs, pango_attr_line_height_new_absolute ((int) lround (pitch * PANGO_SCALE)));
  if (style->letter_spacing_pt > 0)
    pango_attr_list_insert_before (attrs, pango_attr_letter_spacing_new ((int) lround (style->letter_spacing_pt * PANGO_SCALE)));
  add_box_shapes (attrs, plain, style->size_pt);
  if (units != NULL)
    find_break_units (plain, attrs, units);
  pango_layout_set_attributes (pl, attrs);
  pango_attr_list_unref (attrs);
  return pl;
}

static TextBox *
make_text_box (DboLayout *layout, PangoContext *context, const DboTextStyle *style, const char *text,
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

  tb->pl = text_layout_new (context, style, text, !vertical && width > 0 ? units : NULL);
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

static double
cell_width (const DboTable *table, guint col, guint colspan)
{
  double w = 0;

  for (guint c = col; c < col + colspan && c < table->n_cols; c++)
    w += table->widths[c];
  return w;
}

static double
rows_height (const DboTable *table, guint r0, guint r1)
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
  PangoLayout *pl = text_layout_new (layout->context, style, text, units);
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
          DboCell *cell = &table_row (table, r)->cells[c];
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
  TextBox *tb = make_text_box (layout, layout->context, &cell->style, cell->text, width, FALSE);

  cell->text_dx = 0;
  if (!table->fit || !has_lone_last_char (tb))
    return tb;
  for (int k = 1; k <= 2; k++)
    {
      double narrow = width - k * cell->style.size_pt;
      TextBox *other;

      if (narrow < cell->style.size_pt * 2)
        break;
      other = make_text_box (layout, layout->context, &cell->style, cell->text, narrow, FALSE);
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
      table_row (table, r)->cells[c].covered = FALSE;
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &table_row (table, r)->cells[c];
        if (cell->covered)
          continue;
        cell->rowspan = MIN (cell->rowspan, n_rows - r);
        cell->colspan = MIN (cell->colspan, table->n_cols - c);
        for (guint rr = r; rr < r + cell->rowspan; rr++)
          for (guint cc = c; cc < c + cell->colspan; cc++)
            if (rr != r || cc != c)
              table_row (table, rr)->cells[cc].covered = TRUE;
      }
  if (table->fit)
    fit_columns (layout, table);

  /* Content of every cell. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &table_row (table, r)->cells[c];
        double inner = cell_width (table, c, cell->colspan) - 2 * CELL_PAD_X;

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
                TextBox *probe = make_text_box (layout, layout->vcontext, &cell->style, cell->text, -1, TRUE);
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
                cell->bottom_tb = make_text_box (layout, layout->context, &bs, cell->bottom_text,
                                                 DBO_MM (cell->seal_mm), FALSE);
                cell->need_h += DBO_MM (SEAL_MARK_CLEARANCE);
              }
            else
              {
                cell->bottom_tb = make_text_box (layout, layout->context, &bs, cell->bottom_text, inner, FALSE);
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
      Row *row = table_row (table, r);
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
        DboCell *cell = &table_row (table, r)->cells[c];
        double have;
        if (cell->covered || cell->rowspan == 1)
          continue;
        have = rows_height (table, r, r + cell->rowspan - 1);
        if (cell->need_h > have)
          table_row (table, r + cell->rowspan - 1)->h += cell->need_h - have;
      }

  /* Vertical cells now know their length. */
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        DboCell *cell = &table_row (table, r)->cells[c];
        if (cell->covered || !cell->vertical || cell->text == NULL || cell->text[0] == '\0')
          continue;
        cell->tb = make_text_box (layout, layout->vcontext, &cell->style, cell->text,
                                  rows_height (table, r, r + cell->rowspan - 1) - 2 * CELL_PAD_Y, TRUE);
      }

  if (table->caption != NULL)
    {
      DboTextStyle cs = table->style;
      cs.align = DBO_ALIGN_LEFT;
      table->caption_tb = make_text_box (layout, layout->context, &cs, table->caption,
                                         text_width (layout), FALSE);
    }
  else
    table->caption_tb = NULL;
}

static void
measure_block (DboLayout *layout, Block *block)
{
  double width = text_width (layout) - DBO_MM (block->style.left_indent_mm);

  block->tb = NULL;
  switch (block->kind)
    {
    case BLOCK_PARAGRAPH:
    case BLOCK_ALONE_NOTE:
      block->tb = make_text_box (layout, layout->context, &block->style, block->text, width, FALSE);
      break;
    case BLOCK_SIGNATURES:
      block->tb = make_text_box (layout, layout->context, &block->style, block->text, -1, FALSE);
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

/* ---------------------------------------------------------------- placing */

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
        DboCell *cell = &table_row (table, rr)->cells[c];
        if (!cell->covered && rr + cell->rowspan - 1 > end)
          end = rr + cell->rowspan - 1;
      }
  return end;
}

static double
table_header_height (DboTable *table)
{
  guint n = MIN (table->header_rows, table->rows->len);

  return n > 0 ? rows_height (table, 0, n - 1) : 0;
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
          h += rows_height (table, hr, table_group_end (table, hr));
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
      Row *row = table_row (table, r);
      double cx = x0;

      for (guint c = 0; c < table->n_cols; c++)
        {
          DboCell *cell = &row->cells[c];
          double w, h, top, bottom;

          cx = x0 + cell_width (table, 0, c);
          if (cell->covered)
            continue;
          w = cell_width (table, c, cell->colspan);
          h = rows_height (table, r, MIN (r + cell->rowspan - 1, r1));
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
      layout->y += rows_height (table, 0, hr - 1);
    }
}

static gboolean
row_splittable (DboTable *table, guint r)
{
  Row *row = table_row (table, r);

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
  Row *row = table_row (table, r);
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

          cx = x0 + cell_width (table, 0, c);
          if (cell->covered)
            continue;
          w = cell_width (table, c, cell->colspan);
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
      double gh = rows_height (table, r, end);
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

  clear_pagination (layout);
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
  /* The fonts' own advances: rounded to whole points (at 72 dpi) a 五号
   * character would take 11 pt instead of 10.5, and every glyph a PDF
   * position correction of its own. */
  pango_context_set_round_glyph_positions (layout->context, FALSE);
  pango_cairo_context_set_shape_renderer (layout->context, draw_box_shape, NULL, NULL);

  layout->vcontext = pango_font_map_create_context (pango_context_get_font_map (layout->context));
  pango_cairo_context_set_font_options (layout->vcontext, pango_cairo_context_get_font_options (layout->context));
  pango_cairo_context_set_resolution (layout->vcontext, pango_cairo_context_get_resolution (layout->context));
  pango_context_set_language (layout->vcontext, pango_language_from_string ("zh-cn"));
  pango_context_set_base_gravity (layout->vcontext, PANGO_GRAVITY_EAST);
  pango_context_set_gravity_hint (layout->vcontext, PANGO_GRAVITY_HINT_STRONG);
  pango_context_set_round_glyph_positions (layout->vcontext, FALSE);
  pango_cairo_context_set_shape_renderer (layout->vcontext, draw_box_shape, NULL, NULL);

  layout->text_boxes = g_ptr_array_new_with_free_func (text_box_free);
  layout->same_boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layout->pages = g_ptr_array_new_with_free_func (page_free);
  layout->bookmarks = g_array_new (FALSE, TRUE, sizeof (DboBookmark));

  for (guint i = 0; i < layout->blocks->len; i++)
    measure_block (layout, g_ptr_array_index (layout->blocks, i));

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
        p->page_number = make_text_box (layout, layout->context, &fs, text, -1, FALSE);
      }
    if (layout->footer_note)
      {
        dbo_text_style_init (&fs, DBO_FONT_TABLE);
        fs.size_pt = 7.0;
        fs.align = DBO_ALIGN_LEFT;
        layout->note_tb = make_text_box (layout, layout->context, &fs, layout->footer_note, -1, FALSE);
      }
    if (layout->stamp)
      {
        dbo_text_style_init (&fs, DBO_FONT_TITLE);
        fs.size_pt = 26;
        fs.align = DBO_ALIGN_LEFT;
        layout->stamp_tb = make_text_box (layout, layout->context, &fs, layout->stamp, -1, FALSE);
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

/* ---------------------------------------------------------------- compact PDF fonts */

/* cairo 1.16 embeds a CFF subset of Noto CJK with its subroutines, and its
 * charstring parser loses count of the hints in subroutines it has already
 * seen, after which it embeds all of them: a one-page form weighs 400–500 KB.
 * With harfbuzz's subsetter we hand cairo a small desubroutinized font holding
 * just the glyphs of the document, and draw the runs with it ourselves (text
 * and clusters kept, so the PDF's text stays extractable). */

#if HAVE_HB_SUBSET
#include <hb.h>
#include <hb-subset.h>
#include <hb-ot.h>
#include <cairo-ft.h>
#include <pango/pangofc-font.h>
#include <ft2build.h>
#include FT_FREETYPE_H

/* A font of the glyphs most documents use (see common_face()). */
typedef struct {
  hb_face_t *face;
  hb_set_t *glyphs;            /* original glyph ids it holds */
  hb_map_t *map;               /* original → its glyph ids */
  /* cairo faces over it not in use by a document: one per document being
   * rendered at a time, as cairo serialises all work on one face. */
  GPtrArray *idle;
} CommonFace;

static GMutex common_lock;

typedef struct {
  hb_set_t *glyphs;            /* original glyph ids used */
  GHashTable *map;             /* original id + 1 → subset id */
  cairo_font_face_t *face;     /* the subset; NULL: draw with the original */
  CommonFace *common;          /* the face is one of its idle ones, given back */
  char *file;
  int index;
} SubsetFont;

typedef struct {
  FT_Face ft;
  hb_blob_t *blob;
} SubsetFace;

static GMutex ft_lock;
static FT_Library ft_library;
static const cairo_user_data_key_t subset_face_key;

static void
subset_font_free (gpointer data)
{
  SubsetFont *sf = data;

  hb_set_destroy (sf->glyphs);
  if (sf->map)
    g_hash_table_unref (sf->map);
  if (sf->face && sf->common)
    {
      g_mutex_lock (&common_lock);
      g_ptr_array_add (sf->common->idle, sf->face);
      g_mutex_unlock (&common_lock);
    }
  else if (sf->face)
    cairo_font_face_destroy (sf->face);
  g_free (sf->file);
  g_free (sf);
}

static void
subset_face_free (void *data)
{
  SubsetFace *face = data;

  g_mutex_lock (&ft_lock);
  FT_Done_Face (face->ft);
  g_mutex_unlock (&ft_lock);
  hb_blob_destroy (face->blob);
  g_free (face);
}

static char *
font_key (PangoFont *font, char **file_out, int *index_out)
{
  FcPattern *pattern;
  FcChar8 *file = NULL;
  int index = 0;

  if (font == NULL || !PANGO_IS_FC_FONT (font))
    return NULL;
  pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
  if (pattern == NULL || FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return NULL;
  FcPatternGetInteger (pattern, FC_INDEX, 0, &index);
  if (file_out)
    *file_out = g_strdup ((const char *) file);
  if (index_out)
    *index_out = index;
  return g_strdup_printf ("%s#%d", (const char *) file, index);
}

static void
collect_glyphs (DboLayout *layout, TextBox *tb)
{
  for (int i = 0; tb && i < tb->n_lines; i++)
    for (GSList *r = tb->lines[i]->runs; r != NULL; r = r->next)
      {
        PangoGlyphItem *run = r->data;
        char *file = NULL;
        int index = 0;
        g_autofree char *key = font_key (run->item->analysis.font, &file, &index);
        SubsetFont *sf;

        if (key == NULL)
          continue;
        sf = g_hash_table_lookup (layout->subsets, key);
        if (sf == NULL)
          {
            sf = g_new0 (SubsetFont, 1);
            sf->glyphs = hb_set_create ();
            sf->file = file;
            sf->index = index;
            g_hash_table_insert (layout->subsets, g_strdup (key), sf);
          }
        else
          g_free (file);
        for (int g = 0; g < run->glyphs->num_glyphs; g++)
          {
            PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
            if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
              hb_set_add (sf->glyphs, glyph);
          }
      }
}

static hb_face_t *
cached_hb_face (const char *file, int index)
{
  static GMutex lock;
  static GHashTable *faces;
  g_autofree char *key = g_strdup_printf ("%s#%d", file, index);
  hb_face_t *face;

  g_mutex_lock (&lock);
  if (faces == NULL)
    faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) hb_face_destroy);
  face = g_hash_table_lookup (faces, key);
  if (face == NULL)
    {
      hb_blob_t *blob = hb_blob_create_from_file_or_fail (file);
      if (blob != NULL)
        {
          face = hb_face_create (blob, index);
          hb_blob_destroy (blob);
          g_hash_table_insert (faces, g_steal_pointer (&key), face);
        }
    }
  if (face)
    hb_face_reference (face);
  g_mutex_unlock (&lock);
  return face;
}

/* Cuts @glyphs (and what they are drawn with) out of @face, with subroutines
 * expanded and hints and layout tables dropped; *@map gets the old → new
 * glyph ids. New ids keep the font small: a font that kept the original ids
 * would carry 65,535 slots that cairo reads for every document. */
static hb_face_t *
subset_face (hb_face_t *face, const hb_set_t *glyphs, hb_map_t **map)
{
  static const char *const drop[] = { "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx",
                                      "VORG", "DSIG", "morx", "kern" };
  hb_subset_input_t *input = hb_subset_input_create_or_fail ();
  hb_subset_plan_t *plan;
  hb_face_t *sub = NULL;

  *map = NULL;
  if (input == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (drop); i++)
    hb_set_add (hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG), hb_tag_from_string (drop[i], -1));
  hb_set_union (hb_subset_input_glyph_set (input), glyphs);
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NO_HINTING);
  plan = hb_subset_plan_create_or_fail (face, input);
  if (plan != NULL)
    {
      sub = hb_subset_plan_execute_or_fail (plan);
      if (sub != NULL)
        *map = hb_map_copy (hb_subset_plan_old_to_new_glyph_mapping (plan));
      hb_subset_plan_destroy (plan);
    }
  hb_subset_input_destroy (input);
  return sub;
}

/* A cairo font face over the font data of @sub (which it keeps alive). */
static cairo_font_face_t *
cairo_face_for (hb_face_t *sub)
{
  SubsetFace *holder = g_new0 (SubsetFace, 1);
  cairo_font_face_t *cface;
  FT_Error ft_error;

  holder->blob = hb_face_reference_blob (sub);
  g_mutex_lock (&ft_lock);
  if (ft_library == NULL && FT_Init_FreeType (&ft_library) != 0)
    ft_library = NULL;
  ft_error = ft_library ? FT_New_Memory_Face (ft_library, (const FT_Byte *) hb_blob_get_data (holder->blob, NULL),
                                              hb_blob_get_length (holder->blob), 0, &holder->ft)
                        : 1;
  g_mutex_unlock (&ft_lock);
  if (ft_error != 0)
    {
      hb_blob_destroy (holder->blob);
      g_free (holder);
      return NULL;
    }
  cface = cairo_ft_font_face_create_for_ft_face (holder->ft, FT_LOAD_NO_HINTING);
  if (cairo_font_face_set_user_data (cface, &subset_face_key, holder, subset_face_free) != CAIRO_STATUS_SUCCESS)
    {
      subset_face_free (holder);
      cairo_font_face_destroy (cface);
      return NULL;
    }
  return cface;
}

/* The characters nearly every form uses, cut once per face and process
 * (≈ 50–90 ms) into a font cairo can take as it is, after which a document
 * needs no subsetting of its own unless it holds a rarer character. Two
 * tiers, because cairo copies the whole font it is given for every document
 * (twice): the first holds the symbols and the 3,755 common hanzi of GB 2312
 * (≈ 1 MB), the second all of GB 2312 and what shaping may turn it into
 * (≈ 4 MB), for the documents with a rarer character. */
typedef enum {
  COMMON_FREQUENT,
  COMMON_GB2312,
  N_COMMON_TIERS
} CommonTier;


static void
add_common_unicodes (hb_set_t *unicodes, hb_set_t *hanzi, CommonTier tier)
{
  /* GB 2312 rows A1–A9 are symbols, B0–D7 the first level of hanzi. */
  int last_row = tier == COMMON_FREQUENT ? 0xD7 : 0xF7;

  for (int hi = 0xA1; hi <= last_row; hi++)
    for (int lo = 0xA1; lo <= 0xFE; lo++)
      {
        char gb[2] = { (char) hi, (char) lo };
        g_autofree char *utf8 = g_convert (gb, 2, "UTF-8", "GB2312", NULL, NULL, NULL);
        if (utf8 != NULL)
          hb_set_add (hi >= 0xB0 ? hanzi : unicodes, g_utf8_get_char (utf8));
      }
  hb_set_add_range (unicodes, 0x20, 0x7E);
  hb_set_add_range (unicodes, 0xA0, 0xFF);
  hb_set_add_range (unicodes, 0x2000, 0x206F);
  hb_set_add_range (unicodes, 0x2460, 0x24FF);
  hb_set_add_range (unicodes, 0x3000, 0x303F);
  hb_set_add_range (unicodes, 0xFF00, 0xFFEF);
}

static CommonFace *
common_face (const char *file, int index, CommonTier tier)
{
  static GMutex lock;
  static GHashTable *faces;
  g_autofree char *key = g_strdup_printf ("%s#%d#%d", file, index, (int) tier);
  CommonFace *common;

  g_mutex_lock (&lock);
  if (faces == NULL)
    faces = g_hash_table_new (g_str_hash, g_str_equal);
  if (!g_hash_table_lookup_extended (faces, key, NULL, (gpointer *) &common))
    {
      hb_face_t *face = cached_hb_face (file, index);

      common = NULL;
      if (face != NULL)
        {
          hb_set_t *unicodes = hb_set_create ();
          hb_set_t *hanzi = hb_set_create ();
          hb_font_t *font = hb_font_create (face);
          hb_set_t *shaped = hb_set_create ();
          hb_codepoint_t u = HB_SET_VALUE_INVALID, glyph;

          add_common_unicodes (unicodes, hanzi, tier);
          common = g_new0 (CommonFace, 1);
          common->glyphs = hb_set_create ();
          hb_set_add (common->glyphs, 0);
          while (hb_set_next (unicodes, &u))
            if (hb_font_get_nominal_glyph (font, u, &glyph))
              hb_set_add (shaped, glyph);
          {
            /* …and what shaping turns them into: Latin ligatures, vertical
             * punctuation; the second tier also the hanzi's variants. */
            static const hb_tag_t features[] = { HB_TAG ('c','c','m','p'), HB_TAG ('l','o','c','l'),
                                                 HB_TAG ('r','l','i','g'), HB_TAG ('c','a','l','t'),
                                                 HB_TAG ('c','l','i','g'), HB_TAG ('l','i','g','a'),
                                                 HB_TAG ('r','c','l','t'), HB_TAG ('v','e','r','t'),
                                                 HB_TAG ('v','r','t','2'), HB_TAG_NONE };
            hb_set_t *lookups = hb_set_create ();
            hb_set_t *nominal_hanzi = hb_set_create ();

            u = HB_SET_VALUE_INVALID;
            while (hb_set_next (hanzi, &u))
              if (hb_font_get_nominal_glyph (font, u, &glyph))
                hb_set_add (tier == COMMON_FREQUENT ? nominal_hanzi : shaped, glyph);
            hb_ot_layout_collect_lookups (face, HB_OT_TAG_GSUB, NULL, NULL, features, lookups);
            hb_ot_layout_lookups_substitute_closure (face, lookups, shaped);
            hb_set_union (common->glyphs, shaped);
            hb_set_union (common->glyphs, nominal_hanzi);
            hb_set_destroy (nominal_hanzi);
            hb_set_destroy (lookups);
          }
          hb_font_destroy (font);
          hb_set_destroy (shaped);
          hb_set_destroy (hanzi);
          hb_set_destroy (unicodes);
          common->face = subset_face (face, common->glyphs, &common->map);
          common->idle = g_ptr_array_new ();
          if (common->face == NULL)
            {
              hb_set_destroy (common->glyphs);
              g_ptr_array_unref (common->idle);
              g_clear_pointer (&common, g_free);
            }
          hb_face_destroy (face);
        }
      /* Kept for the life of the process, like fontconfig's own caches. */
      g_hash_table_insert (faces, g_steal_pointer (&key), common);
    }
  g_mutex_unlock (&lock);
  return common;
}

static void
build_subset (SubsetFont *sf)
{
  hb_map_t *own_map = NULL;
  const hb_map_t *map = NULL;
  hb_codepoint_t g = HB_SET_VALUE_INVALID;

  hb_set_add (sf->glyphs, 0);
  for (int tier = 0; tier < N_COMMON_TIERS && sf->face == NULL; tier++)
    {
      CommonFace *common = common_face (sf->file, sf->index, (CommonTier) tier);

      if (common != NULL && hb_set_is_subset (sf->glyphs, common->glyphs))
        {
          g_mutex_lock (&common_lock);
          sf->face = common->idle->len > 0 ? g_ptr_array_steal_index_fast (common->idle, common->idle->len - 1)
                                           : NULL;
          g_mutex_unlock (&common_lock);
          if (sf->face == NULL)
            sf->face = cairo_face_for (common->face);
          sf->common = sf->face ? common : NULL;
          map = common->map;
        }
    }
  if (sf->face == NULL)
    {
      /* A rarer character: a subset of this document's own. */
      hb_face_t *face = cached_hb_face (sf->file, sf->index);
      hb_face_t *sub = face ? subset_face (face, sf->glyphs, &own_map) : NULL;

      g_debug ("a glyph beyond GB 2312 in %s: subsetting for this document", sf->file);
      sf->face = sub ? cairo_face_for (sub) : NULL;
      map = own_map;
      if (sub)
        hb_face_destroy (sub);
      if (face)
        hb_face_destroy (face);
    }
  if (sf->face != NULL)
    {
      sf->map = g_hash_table_new (g_direct_hash, g_direct_equal);
      while (hb_set_next (sf->glyphs, &g))
        if (hb_map_has (map, g))
          g_hash_table_insert (sf->map, GUINT_TO_POINTER (g + 1), GUINT_TO_POINTER (hb_map_get (map, g)));
    }
  if (own_map)
    hb_map_destroy (own_map);
}

/* A PangoRenderer that draws glyph runs with the subset faces. */

typedef struct {
  PangoRenderer parent;
  cairo_t *cr;
  DboLayout *layout;
} DboPdfRenderer;

typedef struct {
  PangoRendererClass parent_class;
} DboPdfRendererClass;

static GType dbo_pdf_renderer_get_type (void);
G_DEFINE_TYPE (DboPdfRenderer, dbo_pdf_renderer, PANGO_TYPE_RENDERER)

/* TRUE when @len bytes of @text are only zero-width joiners and spaces. */
static gboolean
invisible_only (const char *text, int len)
{
  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0x2060 && c != 0x200B && c != 0x200D && c != 0xFEFF)
        return FALSE;
    }
  return len > 0;
}

static void
pdf_renderer_show (DboPdfRenderer *self, const char *text, PangoGlyphItem *glyph_item, PangoFont *font,
                   PangoGlyphString *gs, int x, int y)
{
  cairo_t *cr = self->cr;
  g_autofree char *key = font_key (font, NULL, NULL);
  SubsetFont *sf = key ? g_hash_table_lookup (self->layout->subsets, key) : NULL;
  cairo_scaled_font_t *scaled = PANGO_IS_CAIRO_FONT (font) ? pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font)) : NULL;
  gboolean subset = sf != NULL && sf->face != NULL;
  cairo_glyph_t *glyphs;
  int *kept;
  int n = 0, pos = 0;
  double base_x = (double) x / PANGO_SCALE, base_y = (double) y / PANGO_SCALE;

  if (scaled == NULL || gs->num_glyphs == 0)
    return;
  if (glyph_item != NULL && glyph_item->item->analysis.level % 2 != 0)
    subset = FALSE;            /* right-to-left runs: the original font, as pango would */
  for (int i = 0; subset && i < gs->num_glyphs; i++)
    {
      PangoGlyph glyph = gs->glyphs[i].glyph;
      if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG)
          && !g_hash_table_contains (sf->map, GUINT_TO_POINTER (glyph + 1)))
        subset = FALSE;
    }

  glyphs = g_new (cairo_glyph_t, gs->num_glyphs);
  kept = g_new0 (int, gs->num_glyphs);
  for (int i = 0; i < gs->num_glyphs; i++)
    {
      PangoGlyphInfo *gi = &gs->glyphs[i];
      if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        {
          glyphs[n].index = subset ? GPOINTER_TO_UINT (g_hash_table_lookup (sf->map, GUINT_TO_POINTER (gi->glyph + 1)))
                                   : gi->glyph;
          glyphs[n].x = base_x + (double) (pos + gi->geometry.x_offset) / PANGO_SCALE;
          glyphs[n].y = base_y + (double) gi->geometry.y_offset / PANGO_SCALE;
          kept[i] = 1;
          n++;
        }
      pos += gi->geometry.width;
    }

  if (subset)
    {
      cairo_matrix_t matrix;
      cairo_font_options_t *options = cairo_font_options_create ();
      cairo_scaled_font_get_font_matrix (scaled, &matrix);
      cairo_scaled_font_get_font_options (scaled, options);
      cairo_set_font_face (cr, sf->face);
      cairo_set_font_matrix (cr, &matrix);
      cairo_set_font_options (cr, options);
      cairo_font_options_destroy (options);
    }
  else
    cairo_set_scaled_font (cr, scaled);

  if (n > 0 && text != NULL && glyph_item != NULL && glyph_item->item->analysis.level % 2 == 0)
    {
      /* Clusters tie the glyphs to their text, for copying and searching. */
      GArray *clusters = g_array_new (FALSE, FALSE, sizeof (cairo_text_cluster_t));
      PangoGlyphItemIter iter;
      gboolean have;

      GString *utf8 = g_string_sized_new (glyph_item->item->length);

      for (have = pango_glyph_item_iter_init_start (&iter, glyph_item, text); have;
           have = pango_glyph_item_iter_next_cluster (&iter))
        {
          cairo_text_cluster_t c = { iter.end_index - iter.start_index, 0 };
          for (int g = iter.start_glyph; g < iter.end_glyph; g++)
            c.num_glyphs += kept[g];
          /* A word joiner (it keeps a tick box with its label) has no glyph;
           * cairo would wrap each in a marked-content span of its own. */
          if (c.num_glyphs == 0 && invisible_only (text + iter.start_index, c.num_bytes))
            continue;
          g_string_append_len (utf8, text + iter.start_index, c.num_bytes);
          g_array_append_val (clusters, c);
        }
      cairo_show_text_glyphs (cr, utf8->str, (int) utf8->len, glyphs, n,
                              (cairo_text_cluster_t *) clusters->data, clusters->len, 0);
      g_string_free (utf8, TRUE);
      g_array_unref (clusters);
    }
  else if (n > 0)
    cairo_show_glyphs (cr, glyphs, n);
  g_free (glyphs);
  g_free (kept);
}

static void
pdf_renderer_draw_glyph_item (PangoRenderer *renderer, const char *text, PangoGlyphItem *glyph_item, int x, int y)
{
  pdf_renderer_show ((DboPdfRenderer *) renderer, text, glyph_item, glyph_item->item->analysis.font,
                     glyph_item->glyphs, x, y);
}

static void
pdf_renderer_draw_glyphs (PangoRenderer *renderer, PangoFont *font, PangoGlyphString *glyphs, int x, int y)
{
  pdf_renderer_show ((DboPdfRenderer *) renderer, NULL, NULL, font, glyphs, x, y);
}

static void
pdf_renderer_draw_rectangle (PangoRenderer *renderer, PangoRenderPart part, int x, int y, int width, int height)
{
  DboPdfRenderer *self = (DboPdfRenderer *) renderer;
  PendingBox fill = { .left = (double) x / PANGO_SCALE, .top = (double) y / PANGO_SCALE,
                      .fill_w = (double) width / PANGO_SCALE, .fill_h = (double) height / PANGO_SCALE };

  /* Underlines too wait for the page's text to be out (flush_boxes()). */
  if (fill.fill_w <= 0 || fill.fill_h <= 0)
    return;
  cairo_get_matrix (self->cr, &fill.matrix);
  cairo_pattern_get_rgba (cairo_get_source (self->cr), &fill.gray, NULL, NULL, NULL);
  if (self->layout->pending_boxes == NULL)
    self->layout->pending_boxes = g_array_new (FALSE, FALSE, sizeof (PendingBox));
  g_array_append_val (self->layout->pending_boxes, fill);
}

static void
pdf_renderer_draw_shape (PangoRenderer *renderer, PangoAttrShape *attr, int x, int y)
{
  DboPdfRenderer *self = (DboPdfRenderer *) renderer;
  PendingBox box = { .em = (double) attr->logical_rect.width / PANGO_SCALE / 1.05,
                     .ticked = attr->data == BOX_TICKED_MARK };

  /* Drawn with the others once the page's text is out (flush_boxes()): one
   * path for all of them instead of a stroke that breaks the text apart. */
  cairo_get_matrix (self->cr, &box.matrix);
  cairo_pattern_get_rgba (cairo_get_source (self->cr), &box.gray, NULL, NULL, NULL);
  box_geometry (box.em, (double) x / PANGO_SCALE, (double) y / PANGO_SCALE, &box.left, &box.top, &box.side);
  if (self->layout->pending_boxes == NULL)
    self->layout->pending_boxes = g_array_new (FALSE, FALSE, sizeof (PendingBox));
  g_array_append_val (self->layout->pending_boxes, box);
}

static void
dbo_pdf_renderer_class_init (DboPdfRendererClass *klass)
{
  PangoRendererClass *renderer_class = PANGO_RENDERER_CLASS (klass);

  renderer_class->draw_glyph_item = pdf_renderer_draw_glyph_item;
  renderer_class->draw_glyphs = pdf_renderer_draw_glyphs;
  renderer_class->draw_rectangle = pdf_renderer_draw_rectangle;
  renderer_class->draw_shape = pdf_renderer_draw_shape;
}

static void
dbo_pdf_renderer_init (DboPdfRenderer *self)
{
}

gboolean
dbo_layout_use_compact_fonts (DboLayout *layout)
{
  GHashTableIter iter;
  gpointer value;

  dbo_layout_get_n_pages (layout);
  if (layout->subsets != NULL)
    return TRUE;
  layout->subsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, subset_font_free);
  for (guint i = 0; i < layout->text_boxes->len; i++)
    collect_glyphs (layout, g_ptr_array_index (layout->text_boxes, i));
  g_hash_table_iter_init (&iter, layout->subsets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    build_subset (value);
  return TRUE;
}

static void
show_line (DboLayout *layout, cairo_t *cr, PangoLayoutLine *line, double x, double y)
{
  DboPdfRenderer *renderer;

  if (layout->subsets == NULL)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout_line (cr, line);
      return;
    }
  renderer = g_object_new (dbo_pdf_renderer_get_type (), NULL);
  renderer->cr = cr;
  renderer->layout = layout;
  cairo_save (cr);
  pango_renderer_draw_layout_line (PANGO_RENDERER (renderer), line, (int) lround (x * PANGO_SCALE),
                                   (int) lround (y * PANGO_SCALE));
  cairo_restore (cr);
  g_object_unref (renderer);
}

#else  /* !HAVE_HB_SUBSET */

gboolean
dbo_layout_use_compact_fonts (DboLayout *layout)
{
  return FALSE;
}

static void
show_line (DboLayout *layout, cairo_t *cr, PangoLayoutLine *line, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout_line (cr, line);
}

#endif

/* ---------------------------------------------------------------- drawing */

static void
draw_text_item (DboLayout *layout, cairo_t *cr, const Item *item)
{
  TextBox *tb = item->tb;

  cairo_set_source_rgb (cr, item->gray, item->gray, item->gray);
  for (int i = item->first; i < item->last; i++)
    show_line (layout, cr, tb->lines[i], item->x + tb->x[i], item->y + tb->baseline[i] - tb->top[item->first]);
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
    show_line (layout, cr, tb->lines[i], tb->x[i], tb->baseline[i]);
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
 * their ticks: the same marks draw_box_shape() makes one by one. */
static void
flush_boxes (DboLayout *layout, cairo_t *cr)
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
      show_line (layout, cr, tb->lines[0], (DBO_A4_WIDTH_PT - tb->width) / 2, baseline_y);
    }
  if (layout->note_tb != NULL)
    {
      TextBox *tb = layout->note_tb;
      /* Right-aligned under the text area, below the page number. */
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      show_line (layout, cr, tb->lines[0], DBO_A4_WIDTH_PT - layout->right - tb->width,
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
  show_line (layout, cr, tb->lines[0], -tb->width / 2, -tb->height / 2 + tb->baseline[0] - tb->top[0]);
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
  flush_boxes (layout, cr);
  draw_footer (layout, cr, p);
  if (layout->stamp_tb)
    draw_stamp (layout, cr);
  cairo_restore (cr);
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
