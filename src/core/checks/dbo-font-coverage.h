/* dbo-font-coverage.h — whether the installed fonts can print a text
 *
 * The documents draw with pango over fontconfig: each character comes from the
 * first face of the family list that has it, else from any installed face
 * fontconfig sorts after them (Noto CJK for the common characters, a face such
 * as HanaMinB for CJK Extension B and later). This unit asks fontconfig for
 * the union of that coverage, once per process, so that the checks (layer 2,
 * no pango) and the layout layer (layer 3) give the same answer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when every printable character of @text (UTF-8) is in some installed
 * font; otherwise FALSE and, when @missing_out is given, the first character
 * that is not. White space, format characters (word joiners …) and the tick
 * boxes the layout draws as vector paths count as printable. Cheap: ASCII is
 * answered without a look-up, anything else by one bitmap test. */
gboolean dbo_font_coverage_can_render (const char *text, gunichar *missing_out);

/* "U+20000 “𠀀”" for messages. */
char    *dbo_font_coverage_describe  (gunichar c);

G_END_DECLS
