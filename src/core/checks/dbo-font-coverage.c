#define G_LOG_DOMAIN "dengbao-fonts"
#include "config.h"
#include "dbo-font-coverage.h"

#include <fontconfig/fontconfig.h>

/* The union of the character sets of every face fontconfig would fall back
 * to for the documents' families (the list always ends with Noto Serif CJK SC
 * and the sort covers all installed faces, so the union does not depend on
 * the role). FcFontSort's trimmed list keeps exactly the faces adding coverage. */
static gpointer
coverage_once (gpointer data)
{
  FcConfig *config = FcConfigGetCurrent ();
  FcPattern *pattern = FcPatternCreate ();
  FcCharSet *coverage = NULL;
  FcResult result = FcResultNoMatch;
  FcFontSet *set;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) "Noto Serif CJK SC");
  FcPatternAddString (pattern, FC_LANG, (const FcChar8 *) "zh-cn");
  FcConfigSubstitute (config, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  set = FcFontSort (config, pattern, FcTrue, &coverage, &result);
  if (set != NULL)
    FcFontSetDestroy (set);
  FcPatternDestroy (pattern);
  if (coverage == NULL)
    coverage = FcCharSetCreate ();
  g_debug ("installed fonts cover %u characters", FcCharSetCount (coverage));
  return coverage;
}

static gboolean
needs_no_glyph (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      /* ☐ ☑: drawn as vector boxes by the layout layer. */
      return c == 0x2610 || c == 0x2611;
    }
}

gboolean
dbo_font_coverage_can_render (const char *text, gunichar *missing_out)
{
  static GOnce once = G_ONCE_INIT;
  const FcCharSet *coverage = NULL;

  if (missing_out)
    *missing_out = 0;
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        continue;
      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        return TRUE;   /* not UTF-8: the model never holds such text */
      if (needs_no_glyph (c))
        continue;
      if (coverage == NULL)
        coverage = g_once (&once, coverage_once, NULL);
      if (!FcCharSetHasChar (coverage, c))
        {
          if (missing_out)
            *missing_out = c;
          return FALSE;
        }
    }
  return TRUE;
}

char *
dbo_font_coverage_describe (gunichar c)
{
  char utf8[7] = { 0 };

  g_unichar_to_utf8 (c, utf8);
  return g_strdup_printf ("U+%04X “%s”", c, utf8);
}
