/* dbo-documents.h — the forms the user prints, signs and stamps (data/forms/README.md)
 *
 * A document is laid out once (dbo-layout.h) and can then be drawn page by
 * page onto any cairo_t: a PDF file, a GTK print job, a preview. The same
 * project always gives the same bytes: the PDF dates come from the project,
 * never from the clock.
 */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pango.h>
#include "dbo-model.h"
#include "dbo-layout.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

#define DBO_DOCUMENT_ERROR (dbo_document_error_quark ())
typedef enum {
  DBO_DOCUMENT_ERROR_BLOCKED,     /* the project has errors that would make the form wrong */
  DBO_DOCUMENT_ERROR_NOT_FOUND,   /* no such object (report) */
  DBO_DOCUMENT_ERROR_FAILED,      /* cairo or the file system failed */
} DboDocumentError;
GQuark dbo_document_error_quark (void);

typedef enum {
  DBO_DOC_ANNEX2,                 /* 专家评审意见书 */
  DBO_DOC_ANNEX3,                 /* 定级审核意见书 */
  DBO_DOC_ANNEX4,                 /* 信息系统安全等级保护备案表 */
  DBO_DOC_REPORT,                 /* 定级报告, one per object */
  DBO_DOC_SIGNATURES,             /* 签字页: the panel's sheet for ink signatures (not submitted) */
} DboDocKind;
#define DBO_N_DOC_KINDS 5

/* "annex2" "annex3" "annex4" "report" "signatures" */
const char  *dbo_doc_kind_token       (DboDocKind kind);
/* Parses a token; returns FALSE for an unknown one. */
gboolean     dbo_doc_kind_from_token  (const char *token, DboDocKind *kind_out);
/* 专家评审意见书, 定级审核意见书, 信息系统安全等级保护备案表, 定级报告, 签字页 */
const char  *dbo_doc_kind_title       (DboDocKind kind);
/* The file name `render` writes: annex2.pdf … or report-<object id>.pdf, or
 * annex3-<part key>.pdf (annex3-09-1.pdf, annex3-09.pdf; annex3.pdf for no key).
 * The id becomes part of a file name, so it must be a valid id
 * (dbo_id_is_valid, as every loaded id is) or a valid Annex 3 key
 * (dbo_doc_annex3_key_is_valid): NULL otherwise, after a critical. */
char        *dbo_doc_file_name        (DboDocKind kind, const char *object_id);

/* Annex 3 is one form per answer of a bureau, never two bureaus on one form.
 * The parts of a project, in order (array of char*, the part keys):
 *  - one per recorded review round, "CC-N": CC the round's authority (a
 *    round without one takes the bureau its first object is routed to), N
 *    the round's 1-based position among the rounds of that authority, in
 *    the order of their round numbers (the model numbers rounds across the
 *    whole project, so the province's first round may be the project's
 *    round 2: it is still "00-1");
 *  - one enterprise part "CC" (the bureau's column, opinion, number and date
 *    left blank) per authority the rules route the objects to that no
 *    round has decided yet, in the order of their first object.
 * A project with neither gets the enterprise part for the bureau that
 * reviews the enterprise (dbo_ruleset_route_enterprise), so there is always
 * at least one part. The key is the @object_id of a DBO_DOC_ANNEX3 document. */
GPtrArray   *dbo_doc_annex3_keys      (const DboProject *project, const DboRuleset *rules);
/* The bureau (region code) that reviews @object at its effective level,
 * whether or not its level is one the bureaus review. */
const char  *dbo_doc_object_authority (const DboProject *project, const DboRuleset *rules,
                                       const DboObject *object);
/* The bureau that reviews @object, or NULL when no bureau does (its drafted,
 * recommended and decided levels are all below the filing minimum): the
 * rule Annex 2 and Annex 3 list objects by. */
const char  *dbo_doc_object_reviewer  (const DboProject *project, const DboRuleset *rules,
                                       const DboObject *object);
/* "CC" or "CC-N" (two digits, N 1–999). */
gboolean     dbo_doc_annex3_key_is_valid (const char *key);
/* Splits a valid key: the authority code (owned by the caller) and N (0 for
 * an enterprise part). FALSE for an invalid key. */
gboolean     dbo_doc_annex3_key_parse (const char *key, char **authority_out, int *round_out);
/* The document's title: 定级审核意见书（晋城市能源局 第1轮）, 定级审核意见书（晋城市能源局 待审核）. */
char        *dbo_doc_annex3_title     (const DboRuleset *rules, const char *key);

typedef struct _DboDocument DboDocument;

typedef enum {
  DBO_DOCUMENT_DEFAULT = 0,
  /* Made even where its data has errors, with 草稿 stamped on every page:
   * a draft to read over, never one to stamp and submit. */
  DBO_DOCUMENT_DRAFT   = 1 << 0,
} DboDocumentFlags;

/* Lays out a document. @object_id is needed for DBO_DOC_REPORT; for
 * DBO_DOC_ANNEX3 it is the part key (NULL: the first of dbo_doc_annex3_keys;
 * a key the project does not have: DBO_DOCUMENT_ERROR_NOT_FOUND). Returns NULL
 * with DBO_DOCUMENT_ERROR_BLOCKED and a message listing every blocking problem when
 * the project holds errors that would make the form wrong (never for the
 * signature sheet, which prints blanks as blanks). */
DboDocument *dbo_document_build       (const DboProject *project, const DboRuleset *rules,
                                       DboDocKind kind, const char *object_id, GError **error);
/* The same with @flags: a DBO_DOCUMENT_DRAFT is made whatever its errors
 * (dbo_document_get_problems lists them). */
DboDocument *dbo_document_build_full  (const DboProject *project, const DboRuleset *rules,
                                       DboDocKind kind, const char *object_id, DboDocumentFlags flags,
                                       GError **error);
void         dbo_document_free        (DboDocument *doc);
/* A document that is not one of the forms (a bureau's report): @layout,
 * filled by the caller, drawn and written like a form's (transfer full).
 * @date (ISO 8601) is the PDF's date; its kind is DBO_N_DOC_KINDS. */
DboDocument *dbo_document_new_for_layout (DboLayout *layout, const char *title, const char *author,
                                          const char *date);

DboDocKind   dbo_document_get_kind    (DboDocument *doc);
const char  *dbo_document_get_title   (DboDocument *doc);
int          dbo_document_get_n_pages (DboDocument *doc);
gboolean     dbo_document_is_draft    (DboDocument *doc);
/* The errors in the data a draft prints, one line each (empty when none). */
GPtrArray   *dbo_document_get_problems (DboDocument *doc);
/* Draws @page (0-based) in points with the sheet's origin at the cairo origin
 * (A4: 595.28 × 841.89 pt); scale @cr for a preview. */
void         dbo_document_draw_page   (DboDocument *doc, cairo_t *cr, int page);
/* Re-paginates with a print job's context (gtk_print_context_create_pango_context);
 * returns the number of pages. */
int          dbo_document_paginate    (DboDocument *doc, PangoContext *context);
/* The text of @page as laid out, tick boxes as ☐/☑ (for tests and checks). */
char        *dbo_document_get_page_text (DboDocument *doc, int page);
/* The clear seal areas of @page in points (array of cairo_rectangle_t). */
GArray      *dbo_document_get_seal_areas (DboDocument *doc, int page);

/* Written to a temporary file next to @path and renamed over it. */
gboolean     dbo_document_write_pdf   (DboDocument *doc, const char *path, GError **error);
GBytes      *dbo_document_to_pdf_bytes (DboDocument *doc, GError **error);
/* Writes rendered @pdf to @path the same way (temporary file, renamed). */
gboolean     dbo_document_save_pdf_bytes (GBytes *pdf, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboDocument, dbo_document_free)

G_END_DECLS
