/* dbo-doc-set.h — many documents rendered at once
 *
 * A set of documents (a bundle's, `render all`'s) is rendered on every core
 * and handed back in order, in the calling thread, as each is ready; only a
 * few finished documents wait in memory. The bytes of each document do not
 * depend on the thread or on the order.
 */
#pragma once

#include "dbo-documents.h"

G_BEGIN_DECLS

typedef struct {
  DboDocKind kind;
  char *object_id;      /* reports: the object; Annex 3: the part key ("09-1", "09") */
  DboDocumentFlags flags;
  /* set once rendered */
  GBytes *pdf;          /* NULL when the document could not be made: see error */
  char *title;
  int n_pages;
  guint n_problems;     /* a draft: the errors in its data (dbo_document_get_problems) */
  GError *error;        /* DBO_DOCUMENT_ERROR_BLOCKED: the project's errors */
} DboRenderedDoc;

/* An empty request for @kind (and @object_id for a report or an Annex 3 part). */
DboRenderedDoc *dbo_rendered_doc_new  (DboDocKind kind, const char *object_id);
void            dbo_rendered_doc_free (DboRenderedDoc *doc);

/* The documents of a submission in their bundle order: Annex 2, Annex 3
 * (one per part: dbo_doc_annex3_keys), one grading report per object of the
 * filing level or above, Annex 4. */
GPtrArray      *dbo_doc_set_submission (const DboProject *project, const DboRuleset *rules);
/* Adds to @docs every document of @kind the project has: a report per object
 * of the filing level or above, an Annex 3 per part, else the one document. */
void            dbo_doc_set_add_kind   (GPtrArray *docs, const DboProject *project, const DboRuleset *rules,
                                        DboDocKind kind);

/* Called in the calling thread, once per document of the set and in its
 * order. Returns FALSE with @error set to stop: the rest is not rendered. */
typedef gboolean (*DboRenderedFunc) (DboRenderedDoc *doc, gpointer user_data, GError **error);

/* Renders every DboRenderedDoc of @docs (on $DENGBAO_RENDER_THREADS threads,
 * by default one per core) and calls @func on each in order. The PDF bytes
 * of a document are released after @func has returned. */
gboolean        dbo_doc_set_render (const DboProject *project, const DboRuleset *rules, GPtrArray *docs,
                                    DboRenderedFunc func, gpointer user_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboRenderedDoc, dbo_rendered_doc_free)

G_END_DECLS
