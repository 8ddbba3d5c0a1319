/* dbo-step-documents.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"
#include "dbo-pdf-preview.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_DOCUMENTS (dbo_step_documents_get_type ())
G_DECLARE_FINAL_TYPE (DboStepDocuments, dbo_step_documents, DBO, STEP_DOCUMENTS, DboStep)

GtkWidget  *dbo_step_documents_new        (void);

/* The documents listed, in order; their keys are "annex2", "annex3-<CC>-<N>"
 * (one per review round) and "annex3-<CC>" (the enterprise part per bureau
 * not answered yet; dbo_doc_annex3_keys), "annex4" and "report-<object id>"
 * (the PDF file name without ".pdf"). */
guint          dbo_step_documents_get_n_documents  (DboStepDocuments *self);
char          *dbo_step_documents_dup_key          (DboStepDocuments *self, guint position);
/* Selects the document with @key and starts preparing its preview; FALSE when
 * there is no such document. */
gboolean       dbo_step_documents_select           (DboStepDocuments *self, const char *key);
const char    *dbo_step_documents_get_selected_key (DboStepDocuments *self);
/* TRUE while the selected document is being prepared ("loading" property). */
gboolean       dbo_step_documents_get_loading      (DboStepDocuments *self);
DboPdfPreview *dbo_step_documents_get_preview      (DboStepDocuments *self);

/* Writes the selected document to @path as PDF, built off the main thread
 * from a copy of the project; what "Save as PDF…" does after the file chooser. */
void           dbo_step_documents_save_pdf_async   (DboStepDocuments *self, const char *path,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean       dbo_step_documents_save_pdf_finish  (DboStepDocuments *self, GAsyncResult *result,
                                                    GError **error);
/* Writes every document that can be produced into @folder (annex2.pdf …
 * report-o3.pdf), off the main thread with progress; blocked ones are skipped. */
void           dbo_step_documents_save_all_async   (DboStepDocuments *self, const char *folder,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback, gpointer user_data);
/* @n_written and @n_skipped may be NULL. */
gboolean       dbo_step_documents_save_all_finish  (DboStepDocuments *self, GAsyncResult *result,
                                                    guint *n_written, guint *n_skipped, GError **error);

/* The file name each document gets from "Save All", in the list's order
 * (named after what it holds, unique). */
char      **dbo_step_documents_dup_file_names (DboStepDocuments *self);

G_END_DECLS
