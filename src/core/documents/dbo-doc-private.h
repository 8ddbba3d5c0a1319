/* dbo-doc-private.h — what the document renderers share (not installed)
 *
 * A renderer fills @build->layout from the project; dbo-documents.c has
 * already checked the project (no blocking errors), set up the layout with
 * the default A4 margins, and will add the PDF metadata and write the file.
 */
#pragma once

#include <glib.h>
#include "dbo-documents.h"
#include "dbo-form-pack.h"
#include "dbo-layout.h"
#include "dbo-grading.h"

G_BEGIN_DECLS

typedef struct {
  const DboProject *project;
  const DboRuleset *rules;
  const DboObject *object;        /* DBO_DOC_REPORT: the object; else NULL */
  const char *part;               /* DBO_DOC_ANNEX3: the part key ("09-1", "09"); else NULL */
  DboLayout *layout;              /* to fill */
  char *subject;                  /* PDF subject; the renderer may set it (g_free'd) */
} DboDocBuild;

/* A renderer: fills build->layout; returns FALSE with an error only for a
 * condition the pre-checks could not see. */
typedef gboolean (*DboDocRenderer) (DboDocBuild *build, GError **error);

gboolean     dbo_doc_render_annex2 (DboDocBuild *build, GError **error);
gboolean     dbo_doc_render_annex3 (DboDocBuild *build, GError **error);
gboolean     dbo_doc_render_annex4 (DboDocBuild *build, GError **error);
gboolean     dbo_doc_render_report (DboDocBuild *build, GError **error);
gboolean     dbo_doc_render_signatures (DboDocBuild *build, GError **error);

/* ---- helpers (dbo-documents.c) ---- */

/* "2026-09-28" (or an ISO time) → "2026年9月28日"; NULL/invalid → NULL. */
char        *dbo_doc_date_zh       (const char *date);
/* "2026年9月28日", or the blank form "    年   月   日" when @date is not usable. */
char        *dbo_doc_date_or_blank (const char *date);
/* Year, month, day of a date ("2026-09-28…"); FALSE when not a date. */
gboolean     dbo_doc_date_parts    (const char *date, int *year, int *month, int *day);
/* @s markup-escaped, or "" for NULL (result owned by the caller). */
char        *dbo_doc_escape        (const char *s);
/* @value escaped and underlined for a filled blank, padded to at least @min_chars
 * characters with spaces; an empty value gives an underlined blank. Markup. */
char        *dbo_doc_blank         (const char *value, int min_chars);
/* @s or "" (never NULL). */
const char  *dbo_doc_str           (const char *s);
/* The objects filed: effective level (dbo_grading_effective_level) ≥ the rule
 * set's filing minimum, in project order (array of const DboObject*, not owned). */
GPtrArray   *dbo_doc_filed_objects (const DboProject *project, const DboRuleset *rules);
/* The objects the panel and the bureau review: drafted, recommended or decided
 * level ≥ the filing minimum (Annex 2, Annex 3), in project order. */
GPtrArray   *dbo_doc_reviewed_objects (const DboProject *project, const DboRuleset *rules);
/* The region's name for a code ("09" → "晋城"), or "" */
const char  *dbo_doc_region_name   (const DboRuleset *rules, const char *code);
/* @name without a last character that is one of @units ("泽州县", "县区" →
 * "泽州"), for a blank the form follows with its own unit ("____（县/区）");
 * a name that would be left with one character ("城区") is kept whole.
 * NULL for NULL. */
char        *dbo_doc_without_unit  (const char *name, const char *units);
/* The level as printed: "第二级", or "" for 0. */
const char  *dbo_doc_level         (int level);
/* The panel's recommended level for @object (0 when none). */
int          dbo_doc_recommended_level (const DboProject *project, const DboObject *object);
/* The bureau's decided level for @object: from the newest review round that
 * lists it (rounds may come from different bureaus); 0 when none. */
int          dbo_doc_decided_level (const DboProject *project, const DboObject *object);
/* That review round (NULL when none); @level_out may be NULL. */
const DboReview *dbo_doc_deciding_review (const DboProject *project, const DboObject *object,
                                          int *level_out);
/* The review round an Annex 3 key "CC-N" names (NULL for an enterprise part
 * "CC" or a key the project does not have). */
const DboReview *dbo_doc_annex3_review (const DboProject *project, const DboRuleset *rules, const char *key);
/* The objects one Annex 3 part lists, in project order (const DboObject*, not
 * owned): a round's, the objects it lists (none listed: those routed to its
 * authority); an enterprise part's, the objects no round has decided yet
 * that the rules route to its authority. */
GPtrArray   *dbo_doc_annex3_objects (const DboProject *project, const DboRuleset *rules, const char *key);
/* The answer of the 2007 pack's field @field_id in @record as sentences
 * print it: the sentence texts of its codes joined with 、 (“局域网、广域网”);
 * the 其他 code gives the record's other text, or nothing when that is
 * empty. Plain text. */
char        *dbo_doc_codes_text    (const char *field_id, gconstpointer record);
/* 表二 04 as a clause: "服务范围为跨地（市、区），跨2个，服务对象为单位内部人员"
 * (either part alone when the other is not filled; "" when neither is). Plain text. */
char        *dbo_doc_service_text  (const DboObject *object);
/* Harms of one aspect as "社会秩序、公共利益（一般损害）；公民、法人和其他组织的合法权益（严重损害）". */
char        *dbo_doc_harms_text    (const DboObject *object, DboAspect aspect);

G_END_DECLS
