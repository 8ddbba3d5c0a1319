/* dbo-fonts.c — the font roles: which installed family each one uses, and
 * the font files a document is drawn with. */
#define G_LOG_DOMAIN "dengbao-layout"
#include "config.h"
#include "dbo-fonts.h"

#include <math.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>
#include <string.h>

#include "dbo-font-coverage.h"
#include "dbo-layout-private.h"

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

struct _DboFontSet {
  ResolvedFont fonts[DBO_N_FONT_ROLES];
};

/* The user's own choice per role (GSettings font-title …), tried first by the
 * default set. */
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

DboFontSet *
dbo_font_set_new (const char *const *preferred)
{
  DboFontSet *set = g_new0 (DboFontSet, 1);
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
      ResolvedFont *font = &set->fonts[role];
      const char *mine = preferred != NULL ? preferred[role] : NULL;

      if (mine != NULL && *mine != '\0')
        {
          g_autofree char *key = g_utf8_casefold (mine, -1);

          /* An uninstalled choice is passed over like any missing face. */
          if (g_hash_table_contains (installed, key))
            font->family = g_strdup (mine);
        }
      for (int j = 0; prefs->prefs[j] != NULL && font->family == NULL; j++)
        {
          g_autofree char *key = g_utf8_casefold (prefs->prefs[j], -1);
          if (g_hash_table_contains (installed, key))
            font->family = g_strdup (prefs->prefs[j]);
        }
      if (font->family == NULL)
        {
          font->family = g_strdup (prefs->fallback);
          font->bold = prefs->fallback_bold;
        }
      g_debug ("font role %d → %s%s", role, font->family, font->bold ? " Bold" : "");
    }
  return set;
}

void
dbo_font_set_free (DboFontSet *set)
{
  if (set == NULL)
    return;
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    g_free (set->fonts[role].family);
  g_free (set);
}

static gpointer
default_set_once (gpointer data)
{
  char *preferred[DBO_N_FONT_ROLES];
  DboFontSet *set;

  g_mutex_lock (&preferred_lock);
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    preferred[role] = g_strdup (preferred_fonts[role]);
  g_mutex_unlock (&preferred_lock);
  set = dbo_font_set_new ((const char *const *) preferred);
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    g_free (preferred[role]);
  return set;
}

const DboFontSet *
dbo_font_set_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, default_set_once, NULL);
}

static const ResolvedFont *
resolved_font (const DboFontSet *set, DboFontRole role)
{
  if ((int) role < 0 || role >= DBO_N_FONT_ROLES)
    role = DBO_FONT_BODY;
  return &set->fonts[role];
}

const char *
dbo_font_set_get_family (const DboFontSet *set, DboFontRole role)
{
  return resolved_font (set, role)->family;
}

const char *
dbo_layout_font_family (DboFontRole role)
{
  return dbo_font_set_get_family (dbo_font_set_get_default (), role);
}

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
  g_autofree char *key = _dbo_font_key (font, &path, NULL);
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
  const DboFontSet *fonts = dbo_font_set_get_default ();
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) font_file_free);

  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    for (int bold = 0; bold <= 1; bold++)
      {
        DboTextStyle style;
        PangoFontDescription *desc;

        dbo_text_style_init (&style, role);
        style.bold = bold;
        desc = _dbo_font_description_for (fonts, &style);
        add_font_file (files, context, resolved_font (fonts, role)->family, desc);
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

PangoFontDescription *
_dbo_font_description_for (const DboFontSet *fonts, const DboTextStyle *style)
{
  const ResolvedFont *font = resolved_font (fonts, style->role);
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

char *
_dbo_font_key (PangoFont *font, char **file_out, int *index_out)
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
