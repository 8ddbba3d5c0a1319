/* DboPdfPreview: shows one page of a document, fitted to the width or at a
 * zoom the user chose (Ctrl+plus, Ctrl+minus; Ctrl+0 fits the width again).
 *
 * The page is drawn by the core's own renderer (dbo_document_draw_page) onto
 * the widget's cairo node, so the preview shows exactly what is printed and
 * saved as PDF. Drawing a page takes a few milliseconds and happens only when
 * the page, the document or the size changes, so it stays on the main thread.
 * The widget asks for a height for its width (A4 portrait): put it in a
 * scrolled window with valign START.
 */
#define G_LOG_DOMAIN "dengbao-pdf-preview"
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include "dbo-pdf-preview.h"

/* Every form is A4 portrait (dbo-documents.h), in points. */
#define PAGE_WIDTH_PT (210.0 * 72.0 / 25.4)
#define PAGE_HEIGHT_PT (297.0 * 72.0 / 25.4)
#define PAGE_RATIO (PAGE_HEIGHT_PT / PAGE_WIDTH_PT)
/* 100 %: the page at its size on a 96 dpi screen. */
#define PAGE_WIDTH_PX (PAGE_WIDTH_PT * 96.0 / 72.0)
#define ZOOM_STEP 1.25
#define ZOOM_MIN 0.25
#define ZOOM_MAX 4.0

struct _DboPdfPreview
{
  GtkWidget parent_instance;
  DboDocument *document;
  int page;
  double zoom;                  /* 0: fit the width; else 1.0 = 100 % */
};

G_DEFINE_FINAL_TYPE (DboPdfPreview, dbo_pdf_preview, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PAGE, PROP_N_PAGES, PROP_HAS_DOCUMENT, PROP_ZOOM, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
update_accessible (DboPdfPreview *self)
{
  g_autofree char *label = NULL;

  if (self->document != NULL)
    {
      g_autofree char *page = dbo_pdf_preview_dup_page_label (self);
      /* Translators: a document title, then "Page 2 of 5" */
      label = g_strdup_printf (_("Preview of %s, %s"), dbo_document_get_title (self->document), page);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label ? label : _("Document preview"), -1);
}

static void
dbo_pdf_preview_finalize (GObject *object)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (object);

  g_clear_pointer (&self->document, dbo_document_free);
  G_OBJECT_CLASS (dbo_pdf_preview_parent_class)->finalize (object);
}

static void
dbo_pdf_preview_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_int (value, dbo_pdf_preview_get_n_pages (self));
      break;
    case PROP_HAS_DOCUMENT:
      g_value_set_boolean (value, self->document != NULL);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_pdf_preview_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      dbo_pdf_preview_set_page (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkSizeRequestMode
dbo_pdf_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dbo_pdf_preview_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Fitted: small enough for a 360 px window, natural the page at 100 %.
       * Zoomed: exactly that wide (the scrolled window scrolls). */
      *minimum = self->zoom > 0 ? (int) ceil (PAGE_WIDTH_PX * self->zoom) : 120;
      *natural = self->zoom > 0 ? *minimum : (int) PAGE_WIDTH_PT;
    }
  else
    {
      int width = self->zoom > 0 ? (int) ceil (PAGE_WIDTH_PX * self->zoom)
                                 : for_size > 0 ? for_size : (int) PAGE_WIDTH_PT;
      *minimum = *natural = (int) ceil (width * PAGE_RATIO);
    }
}

void
dbo_pdf_preview_draw (DboPdfPreview *self, cairo_t *cr, double width)
{
  double scale;

  g_return_if_fail (DBO_IS_PDF_PREVIEW (self));
  if (self->document == NULL || width <= 0)
    return;

  scale = width / PAGE_WIDTH_PT;
  cairo_save (cr);
  /* The renderer paints its white sheet over the whole clip: keep it on the page. */
  cairo_rectangle (cr, 0, 0, width, width * PAGE_RATIO);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  dbo_document_draw_page (self->document, cr, self->page);
  cairo_restore (cr);
}

static void
dbo_pdf_preview_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->document == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  dbo_pdf_preview_draw (self, cr, MIN (width, height / PAGE_RATIO));
  cairo_destroy (cr);
}

static void update_actions (DboPdfPreview *self);

static void
page_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboPdfPreview *self = DBO_PDF_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.next-page"))
    dbo_pdf_preview_next_page (self);
  else if (g_str_equal (action_name, "preview.previous-page"))
    dbo_pdf_preview_previous_page (self);
  else if (g_str_equal (action_name, "preview.first-page"))
    dbo_pdf_preview_set_page (self, 0);
  else if (g_str_equal (action_name, "preview.last-page"))
    dbo_pdf_preview_set_page (self, dbo_pdf_preview_get_n_pages (self) - 1);
  else if (g_str_equal (action_name, "preview.fit-width"))
    dbo_pdf_preview_set_zoom (self, 0);
  else
    dbo_pdf_preview_zoom_step (self, g_str_equal (action_name, "preview.zoom-in"));
}

void
dbo_pdf_preview_zoom_step (DboPdfPreview *self, gboolean in)
{
  /* From the fitted size when not zoomed yet. */
  double now;

  g_return_if_fail (DBO_IS_PDF_PREVIEW (self));
  now = self->zoom > 0 ? self->zoom : MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1) / PAGE_WIDTH_PX;
  dbo_pdf_preview_set_zoom (self, in ? now * ZOOM_STEP : now / ZOOM_STEP);
}

void
dbo_pdf_preview_set_zoom (DboPdfPreview *self, double zoom)
{
  g_return_if_fail (DBO_IS_PDF_PREVIEW (self));

  zoom = zoom > 0 ? CLAMP (zoom, ZOOM_MIN, ZOOM_MAX) : 0;
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
dbo_pdf_preview_get_zoom (DboPdfPreview *self)
{
  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), 0);
  return self->zoom;
}

static void
update_actions (DboPdfPreview *self)
{
  int n = dbo_pdf_preview_get_n_pages (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.last-page", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.first-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in", self->zoom == 0 || self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out", self->zoom == 0 || self->zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.fit-width", self->zoom > 0);
}

static void
dbo_pdf_preview_class_init (DboPdfPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dbo_pdf_preview_finalize;
  object_class->get_property = dbo_pdf_preview_get_property;
  object_class->set_property = dbo_pdf_preview_set_property;
  widget_class->get_request_mode = dbo_pdf_preview_get_request_mode;
  widget_class->measure = dbo_pdf_preview_measure;
  widget_class->snapshot = dbo_pdf_preview_snapshot;

  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_int ("n-pages", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_DOCUMENT] =
    g_param_spec_boolean ("has-document", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, ZOOM_MAX, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "preview.first-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "preview.last-page", NULL, page_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "preview.first-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "preview.last-page", NULL);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "preview.fit-width", NULL, page_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.fit-width", NULL);

  gtk_widget_class_set_css_name (widget_class, "dbo-pdf-preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dbo_pdf_preview_init (DboPdfPreview *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  update_actions (self);
  update_accessible (self);
}

GtkWidget *
dbo_pdf_preview_new (void)
{
  return g_object_new (DBO_TYPE_PDF_PREVIEW, NULL);
}

void
dbo_pdf_preview_set_document (DboPdfPreview *self, DboDocument *document)
{
  g_return_if_fail (DBO_IS_PDF_PREVIEW (self));
  if (document != self->document)
    dbo_document_free (dbo_pdf_preview_replace_document (self, document));
}

DboDocument *
dbo_pdf_preview_replace_document (DboPdfPreview *self, DboDocument *document)
{
  DboDocument *old;
  int old_n;

  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), NULL);
  if (document == self->document)
    return NULL;

  old_n = dbo_pdf_preview_get_n_pages (self);
  old = self->document;
  self->document = document;
  self->page = 0;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  if (old_n != dbo_pdf_preview_get_n_pages (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_DOCUMENT]);
  g_object_thaw_notify (G_OBJECT (self));
  update_actions (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return old;
}

DboDocument *
dbo_pdf_preview_get_document (DboPdfPreview *self)
{
  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), NULL);
  return self->document;
}

void
dbo_pdf_preview_set_page (DboPdfPreview *self, int page)
{
  int n;

  g_return_if_fail (DBO_IS_PDF_PREVIEW (self));
  n = dbo_pdf_preview_get_n_pages (self);
  page = CLAMP (page, 0, MAX (n - 1, 0));
  if (page == self->page)
    return;

  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  update_actions (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
dbo_pdf_preview_get_page (DboPdfPreview *self)
{
  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), 0);
  return self->page;
}

int
dbo_pdf_preview_get_n_pages (DboPdfPreview *self)
{
  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), 0);
  return self->document ? dbo_document_get_n_pages (self->document) : 0;
}

gboolean
dbo_pdf_preview_next_page (DboPdfPreview *self)
{
  int old = dbo_pdf_preview_get_page (self);

  dbo_pdf_preview_set_page (self, old + 1);
  return self->page != old;
}

gboolean
dbo_pdf_preview_previous_page (DboPdfPreview *self)
{
  int old = dbo_pdf_preview_get_page (self);

  dbo_pdf_preview_set_page (self, old - 1);
  return self->page != old;
}

char *
dbo_pdf_preview_dup_page_label (DboPdfPreview *self)
{
  g_return_val_if_fail (DBO_IS_PDF_PREVIEW (self), NULL);
  if (self->document == NULL)
    return g_strdup ("");
  /* Translators: page number in a document preview */
  return g_strdup_printf (_("Page %d of %d"), self->page + 1, dbo_pdf_preview_get_n_pages (self));
}
