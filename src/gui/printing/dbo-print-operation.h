/* dbo-print-operation.h — printing a document through the system print dialog */
#pragma once

#include <gtk/gtk.h>
#include "dbo-documents.h"

G_BEGIN_DECLS

#define DBO_TYPE_PRINT_OPERATION (dbo_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (DboPrintOperation, dbo_print_operation, DBO, PRINT_OPERATION, GtkPrintOperation)

/* Prints @document (taken) page by page with the same drawing code as the PDFs:
 * A4 portrait, full page, in points. */
DboPrintOperation *dbo_print_operation_new          (DboDocument *document);
DboDocument       *dbo_print_operation_get_document (DboPrintOperation *self);

G_END_DECLS
