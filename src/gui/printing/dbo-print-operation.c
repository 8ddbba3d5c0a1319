/* DboPrintOperation: a thin GtkPrintOperation over a DboDocument.
 *
 * The pages are drawn by the core (dbo_document_draw_page), exactly as in the
 * PDFs and the preview. GTK_UNIT_POINTS with the full page makes the print
 * context's cairo origin the sheet's corner in points, and the print context's
 * PangoContext (72 dpi, unhinted metrics) paginates as the PDF export does.
 * The chosen printer's calibration offsets (dbo-print-calibration.h) move
 * every page so that stamped forms line up.
 */
#define G_LOG_DOMAIN "dengbao-print"
#include "config.h"

#include "dbo-print-operation.h"
#include "dbo-print-calibration.h"

struct _DboPrintOperation
{
  GtkPrintOperation parent_instance;
  DboDocument *document;
  GSettings *settings;            /* printer offsets; NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (DboPrintOperation, dbo_print_operation, GTK_TYPE_PRINT_OPERATION)

/* The choices of the last print dialog, for the next one in this process. */
static GtkPrintSettings *last_settings;

static void
dbo_print_operation_finalize (GObject *object)
{
  DboPrintOperation *self = DBO_PRINT_OPERATION (object);

  g_clear_pointer (&self->document, dbo_document_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (dbo_print_operation_parent_class)->finalize (object);
}

static void
dbo_print_operation_begin_print (GtkPrintOperation *operation, GtkPrintContext *context)
{
  DboPrintOperation *self = DBO_PRINT_OPERATION (operation);
  PangoContext *pango;
  int n_pages;

  /* The printer's context: the same pagination rules as the PDF export. */
  pango = gtk_print_context_create_pango_context (context);
  n_pages = dbo_document_paginate (self->document, pango);
  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, MAX (n_pages, 1));
}

static void
dbo_print_operation_draw_page (GtkPrintOperation *operation, GtkPrintContext *context, int page_nr)
{
  DboPrintOperation *self = DBO_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  if (page_nr < 0 || page_nr >= dbo_document_get_n_pages (self->document))
    return;
  cairo_save (cr);
  dbo_print_calibration_apply (self->settings, gtk_print_operation_get_print_settings (operation), cr);
  dbo_document_draw_page (self->document, cr, page_nr);
  cairo_restore (cr);
}

static void
dbo_print_operation_done (GtkPrintOperation *operation, GtkPrintOperationResult result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
}

static void
dbo_print_operation_class_init (DboPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = dbo_print_operation_finalize;
  print_class->begin_print = dbo_print_operation_begin_print;
  print_class->draw_page = dbo_print_operation_draw_page;
  print_class->done = dbo_print_operation_done;
}

static void
dbo_print_operation_init (DboPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);

  dbo_print_calibration_setup_sheet (operation);
  self->settings = dbo_print_calibration_get_settings ();
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
}

DboPrintOperation *
dbo_print_operation_new (DboDocument *document)
{
  DboPrintOperation *self;

  g_return_val_if_fail (document != NULL, NULL);

  self = g_object_new (DBO_TYPE_PRINT_OPERATION, NULL);
  self->document = document;
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), dbo_document_get_title (document));
  gtk_print_operation_set_n_pages (GTK_PRINT_OPERATION (self), MAX (dbo_document_get_n_pages (document), 1));
  return self;
}

DboDocument *
dbo_print_operation_get_document (DboPrintOperation *self)
{
  g_return_val_if_fail (DBO_IS_PRINT_OPERATION (self), NULL);
  return self->document;
}
