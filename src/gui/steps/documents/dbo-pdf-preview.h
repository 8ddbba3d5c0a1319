/* dbo-pdf-preview.h — one page of a document, drawn by the core, fitted to the width */
#pragma once

#include <gtk/gtk.h>
#include "dbo-documents.h"

G_BEGIN_DECLS

#define DBO_TYPE_PDF_PREVIEW (dbo_pdf_preview_get_type ())
G_DECLARE_FINAL_TYPE (DboPdfPreview, dbo_pdf_preview, DBO, PDF_PREVIEW, GtkWidget)

GtkWidget   *dbo_pdf_preview_new           (void);
/* Shows @document (taken; NULL clears) from its first page. */
void         dbo_pdf_preview_set_document  (DboPdfPreview *self, DboDocument *document);
DboDocument *dbo_pdf_preview_get_document  (DboPdfPreview *self);
/* As set_document(), but hands the previous document (or NULL) back to the
 * caller instead of freeing it: freeing a long document takes a while, and a
 * caller who built it with a font map of its own can free it in a thread. */
DboDocument *dbo_pdf_preview_replace_document (DboPdfPreview *self, DboDocument *document);
/* 0-based; clamped to the document's pages. */
void         dbo_pdf_preview_set_page      (DboPdfPreview *self, int page);
int          dbo_pdf_preview_get_page      (DboPdfPreview *self);
int          dbo_pdf_preview_get_n_pages   (DboPdfPreview *self);
gboolean     dbo_pdf_preview_next_page     (DboPdfPreview *self);
gboolean     dbo_pdf_preview_previous_page (DboPdfPreview *self);
/* 0 fits the page to the width; otherwise the page's size, 1.0 = 100 %
 * (0.25–4; the widget then needs a scrolled window that scrolls both ways). */
void         dbo_pdf_preview_set_zoom      (DboPdfPreview *self, double zoom);
double       dbo_pdf_preview_get_zoom      (DboPdfPreview *self);
/* One step in (or out) from the zoom or the fitted size. */
void         dbo_pdf_preview_zoom_step     (DboPdfPreview *self, gboolean in);
/* "Page 2 of 5" (translated), or "" without a document. */
char        *dbo_pdf_preview_dup_page_label (DboPdfPreview *self);
/* Draws the current page scaled to @width pixels (height = @width × 297/210)
 * with the origin at the page's corner; what the widget shows. */
void         dbo_pdf_preview_draw          (DboPdfPreview *self, cairo_t *cr, double width);

G_END_DECLS
