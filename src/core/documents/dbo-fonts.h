/* dbo-fonts.h — the font roles of the documents and the families they resolve to
 *
 * Each role resolves to an installed family: the one preferred for it when it
 * is installed, else the first installed of the role's built-in list, else
 * Noto Serif CJK SC (bold where the role wants a heavy face). A DboFontSet
 * holds one such resolution; the documents are laid out with the default
 * set, resolved once per process from the preferences given to
 * dbo_layout_prefer_font().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DBO_FONT_TITLE,     /* 方正小标宋简体, 小标宋 … else Noto Serif CJK SC Bold */
  DBO_FONT_BODY,      /* 仿宋_GB2312, FangSong, 仿宋 … else Noto Serif CJK SC */
  DBO_FONT_TABLE,     /* 宋体, SimSun … else Noto Serif CJK SC */
  DBO_FONT_HEADING,   /* 黑体, SimHei … else Noto Serif CJK SC Bold (no extra face) */
} DboFontRole;
#define DBO_N_FONT_ROLES 4

typedef struct _DboFontSet DboFontSet;

/* Resolves every role, trying @preferred[role] first (an array of
 * DBO_N_FONT_ROLES families, each NULL or "" for none; or NULL for no
 * preferences). Asks fontconfig which families are installed. */
DboFontSet  *dbo_font_set_new         (const char *const *preferred);
void         dbo_font_set_free        (DboFontSet *set);
/* The family @role resolved to in @set (e.g. "Noto Serif CJK SC"). */
const char  *dbo_font_set_get_family  (const DboFontSet *set, DboFontRole role);
/* The set the documents are laid out with; resolved on first use and then
 * kept for the process (owned by the layer). */
const DboFontSet *dbo_font_set_get_default (void);

/* A family the user prefers for @role (tried before the built-in list when it
 * is installed). Call at start-up, before the first document is laid out:
 * fonts are resolved once per process. NULL or "" removes the preference. */
void         dbo_layout_prefer_font   (DboFontRole role, const char *family);
/* The installed family chosen for @role in the default set (e.g. "Noto Serif CJK SC"). */
const char  *dbo_layout_font_family   (DboFontRole role);

/* Whether the installed fonts can print every character of @text; otherwise
 * FALSE and the first character none has in @missing_out (see
 * dbo-font-coverage.h: the checks ask the same question without pango). */
gboolean     dbo_layout_can_render    (const char *text, gunichar *missing_out);

/* One font file the documents are drawn with on this machine. */
typedef struct {
  char *family;       /* the family asked for: "Noto Serif CJK SC" */
  char *path;         /* where this machine has it (never written into a bundle) */
  char *file;         /* its base name: "NotoSerifCJK-Regular.ttc" */
  char *sha256;       /* NULL until dbo_layout_font_files_hash() */
} DboFontFile;

/* The font files of every role, regular and bold, of the Noto fallback and of
 * the fallback faces for rarer characters (HanaMinA/B) where installed,
 * each once, in role order: what a document laid out in this process embeds
 * (the fonts a bundle's manifest lists). Resolved once per process; owned by
 * the layer. */
const GPtrArray *dbo_layout_font_files (void);
/* Fills in the SHA-256 of each of dbo_layout_font_files(), reading each file
 * once per process (a CJK font is 20–30 MB); thread-safe. FALSE with @error
 * (G_FILE_ERROR) when a file cannot be read. */
gboolean     dbo_layout_font_files_hash (GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboFontSet, dbo_font_set_free)

G_END_DECLS
