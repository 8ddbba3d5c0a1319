/* dbo-text.h — words said in the user's language, and in pinned Chinese
 *
 * A text is an English msgid, marked NC_("finding", …) for the catalogue,
 * with the Chinese wording pinned beside it and arguments that are texts in
 * turn (a field's label, an object's name, a value as typed). Said in
 * DBO_LANGUAGE_UI it goes through the catalogue; in DBO_LANGUAGE_ZH it is
 * the pinned Chinese, whatever the locale and whether or not a catalogue is
 * installed, which is what `check --json` prints and the bureaus read; in
 * DBO_LANGUAGE_EN it is the msgid itself. The zh_CN catalogue translates
 * each msgid to its pinned Chinese: build-aux/check-pinned-chinese.py and
 * test-checks hold them equal, so the Chinese interface and the JSON say the
 * same. A third language needs only its catalogue.
 *
 * Formats take %s, %N$s (any order, any subset) and %%, nothing else, so a
 * language may leave out an argument the other one names.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DBO_LANGUAGE_UI,                /* the catalogue's, for the user's locale */
  DBO_LANGUAGE_ZH,                /* the pinned Chinese */
  DBO_LANGUAGE_EN,                /* the English msgid */
} DboLanguage;

typedef struct _DboText DboText;

/* @msgid (context "finding") and @zh are static strings; the arguments are
 * DboText*, NULL-terminated, and the text takes them. */
DboText    *dbo_text_new          (const char *msgid, const char *zh, ...) G_GNUC_NULL_TERMINATED;
/* The same, for a msgid of another context (one word of two meanings). */
DboText    *dbo_text_new_in       (const char *context, const char *msgid, const char *zh,
                                   ...) G_GNUC_NULL_TERMINATED;
/* A value shown as it is in every language (a name, a date, a code). */
DboText    *dbo_text_literal      (const char *value);
DboText    *dbo_text_printf       (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Words the data itself gives in both languages (a rule set's title). */
DboText    *dbo_text_pair         (const char *zh, const char *en);
DboText    *dbo_text_copy         (const DboText *text);
void        dbo_text_free         (DboText *text);
char       *dbo_text_say          (const DboText *text, DboLanguage language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboText, dbo_text_free)

G_END_DECLS
