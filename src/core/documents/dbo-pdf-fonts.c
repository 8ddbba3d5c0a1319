/* dbo-pdf-fonts.c — small font subsets for PDFs, drawn with a pango renderer
 * of our own.
 *
 * A workaround for cairo 1.16 (Debian 12): it embeds a CFF subset of Noto CJK
 * with its subroutines, and its charstring parser loses count of the hints in
 * subroutines it has already seen, after which it embeds all of them: a
 * one-page form weighs 400–500 KB. With harfbuzz's subsetter we hand cairo a
 * small desubroutinized font holding just the glyphs of the document, and draw
 * the runs with it ourselves (text and clusters kept, so the PDF's text stays
 * extractable). Remove when cairo ≥ 1.18 is the floor (check the PDFs' size
 * first), together with the harfbuzz-subset dependency.
 */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-layout-private.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <math.h>
#include <pango/pangofc-font.h>

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

static void
collect_glyphs (DboLayout *layout, TextBox *tb)
{
  for (int i = 0; tb && i < tb->n_lines; i++)
    for (GSList *r = tb->lines[i]->runs; r != NULL; r = r->next)
      {
        PangoGlyphItem *run = r->data;
        char *file = NULL;
        int index = 0;
        g_autofree char *key = _dbo_font_key (run->item->analysis.font, &file, &index);
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
  g_autofree char *key = _dbo_font_key (font, NULL, NULL);
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

  /* Underlines too wait for the page's text to be out (_dbo_layout_flush_boxes()). */
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

  /* Drawn with the others once the page's text is out (_dbo_layout_flush_boxes()): one
   * path for all of them instead of a stroke that breaks the text apart. */
  cairo_get_matrix (self->cr, &box.matrix);
  cairo_pattern_get_rgba (cairo_get_source (self->cr), &box.gray, NULL, NULL, NULL);
  _dbo_layout_box_geometry (box.em, (double) x / PANGO_SCALE, (double) y / PANGO_SCALE, &box.left, &box.top, &box.side);
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

void
_dbo_layout_show_line (DboLayout *layout, cairo_t *cr, PangoLayoutLine *line, double x, double y)
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
