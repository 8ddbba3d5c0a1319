/* DboSignaturePad: a panel member signs on screen.
 *
 * A dialog-sized window that does not block the main window: a white box of
 * 60 × 20 mm (shown larger, same proportions) to sign in with a mouse, a
 * finger or a pen. A pen's pressure (GtkGestureStylus, GDK_AXIS_PRESSURE) sets
 * the width of the line; mouse and touch come through GtkGestureDrag at a
 * middle pressure. The strokes are drawn with the documents' own code
 * (dbo_layout_draw_signature), so what the panel sees is what Annex 2 prints;
 * a second, small preview shows it at the size of Annex 2's signature line.
 *
 * "Clear" empties the pad; "Confirm" stores the strokes (millimetres inside
 * the box) in the member with the time of signing, saves and closes.
 */
#define G_LOG_DOMAIN "dengbao-signature-pad"
#include "config.h"

#include "dbo-signature-pad.h"

#include <glib/gi18n.h>
#include <math.h>
#include "dbo-layout.h"

/* Mouse and touch give no pressure: a middle pen. */
#define DEFAULT_PRESSURE 0.5
/* Points closer than this to the last one add nothing visible (mm). */
#define MIN_STEP_MM 0.15
/* Annex 2's leader line: 50 × 12 mm, the strokes in all but its last half millimetre. */
#define ANNEX2_SLOT_WIDTH_MM 50.0
#define ANNEX2_SLOT_HEIGHT_MM 12.0

struct _DboSignaturePad
{
  AdwWindow parent_instance;

  DboSession *session;
  char *member_id;
  GPtrArray *strokes;            /* of GArray* of DboPoint, millimetres */
  gboolean in_stroke;
  gboolean dragging;
  double drag_x, drag_y;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkDrawingArea *canvas;
  GtkDrawingArea *preview;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (DboSignaturePad, dbo_signature_pad, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SESSION, PROP_MEMBER_ID, PROP_N_STROKES, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------ helpers */

static DboMember *
find_member (DboSignaturePad *self)
{
  if (self->session == NULL || self->member_id == NULL)
    return NULL;
  return dbo_project_find_member (dbo_session_get_project (self->session), self->member_id);
}

static GPtrArray *
copy_strokes (const GPtrArray *strokes)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    {
      GArray *s = g_ptr_array_index (strokes, i);
      GArray *c = g_array_sized_new (FALSE, FALSE, sizeof (DboPoint), s->len);

      g_array_append_vals (c, s->data, s->len);
      g_ptr_array_add (copy, c);
    }
  return copy;
}

static void
update_state (DboSignaturePad *self)
{
  const DboMember *m = find_member (self);
  gboolean had = m != NULL && m->strokes != NULL && m->strokes->len > 0;
  gboolean has = self->strokes->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.clear", has);
  /* Confirming an empty pad removes a signature there was; with none, it would do nothing. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.confirm", m != NULL && (has || had));
  if (m == NULL)
    gtk_label_set_text (self->status_label, _("This member is no longer on the panel."));
  else if (has)
    gtk_label_set_text (self->status_label, _("Confirm to keep this signature, or clear it and sign again."));
  else if (had)
    gtk_label_set_text (self->status_label, _("The pad is empty: confirming removes the signature."));
  else
    gtk_label_set_text (self->status_label, _("Sign inside the white box with the mouse, a finger or a pen."));
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
refresh_title (DboSignaturePad *self)
{
  const DboMember *m = find_member (self);

  adw_window_title_set_subtitle (self->window_title,
                                 m != NULL && !dbo_str_empty (m->name) ? m->name : "");
}

/* Canvas pixels → millimetres inside the box, kept inside it. */
static DboPoint
to_mm (DboSignaturePad *self, double x, double y, double pressure)
{
  double w = MAX (gtk_widget_get_width (GTK_WIDGET (self->canvas)), 1);
  double h = MAX (gtk_widget_get_height (GTK_WIDGET (self->canvas)), 1);
  DboPoint p;

  p.x = CLAMP (x / w * DBO_SIGNATURE_WIDTH_MM, 0.0, DBO_SIGNATURE_WIDTH_MM);
  p.y = CLAMP (y / h * DBO_SIGNATURE_HEIGHT_MM, 0.0, DBO_SIGNATURE_HEIGHT_MM);
  p.pressure = (pressure >= 0.0 && isfinite (pressure)) ? CLAMP (pressure, 0.0, 1.0) : DEFAULT_PRESSURE;
  return p;
}

/* ------------------------------------------------------------ drawing */

static void
draw_canvas_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (data);
  DboSignatureInk ink = { self->strokes, DBO_SIGNATURE_WIDTH_MM, DBO_SIGNATURE_HEIGHT_MM };
  double base = height * 0.78;

  /* Paper. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* A signature line with its cross, as on a form. */
  cairo_set_source_rgb (cr, 0.72, 0.74, 0.78);
  cairo_set_line_width (cr, MAX (1.0, height / 160.0));
  cairo_move_to (cr, width * 0.06, base);
  cairo_line_to (cr, width * 0.94, base);
  cairo_stroke (cr);
  cairo_move_to (cr, width * 0.06, base - height * 0.12);
  cairo_line_to (cr, width * 0.06 + height * 0.08, base - height * 0.04);
  cairo_move_to (cr, width * 0.06 + height * 0.08, base - height * 0.12);
  cairo_line_to (cr, width * 0.06, base - height * 0.04);
  cairo_stroke (cr);

  dbo_layout_draw_signature (cr, &ink, 0, 0, width, height);
}

static void
draw_preview_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (data);
  DboSignatureInk ink = { self->strokes, DBO_SIGNATURE_WIDTH_MM, DBO_SIGNATURE_HEIGHT_MM };
  double mm = width / ANNEX2_SLOT_WIDTH_MM;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* The ruled line of Annex 2, the ink above it as the layout places it. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, 0, height - 0.5);
  cairo_line_to (cr, width, height - 0.5);
  cairo_stroke (cr);
  dbo_layout_draw_signature (cr, &ink, 0, 0, width, height - 0.5 * mm);
}

/* ------------------------------------------------------------ strokes */

void
dbo_signature_pad_stroke_begin (DboSignaturePad *self, double x, double y, double pressure)
{
  GArray *stroke;
  DboPoint p;

  g_return_if_fail (DBO_IS_SIGNATURE_PAD (self));

  p = to_mm (self, x, y, pressure);
  stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));
  g_array_append_val (stroke, p);
  g_ptr_array_add (self->strokes, stroke);
  self->in_stroke = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
  update_state (self);
}

void
dbo_signature_pad_stroke_extend (DboSignaturePad *self, double x, double y, double pressure)
{
  GArray *stroke;
  DboPoint p;
  const DboPoint *last;

  g_return_if_fail (DBO_IS_SIGNATURE_PAD (self));
  if (!self->in_stroke || self->strokes->len == 0)
    {
      dbo_signature_pad_stroke_begin (self, x, y, pressure);
      return;
    }
  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  p = to_mm (self, x, y, pressure);
  last = &g_array_index (stroke, DboPoint, stroke->len - 1);
  if (hypot (p.x - last->x, p.y - last->y) < MIN_STEP_MM && fabs (p.pressure - last->pressure) < 0.1)
    return;
  g_array_append_val (stroke, p);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

void
dbo_signature_pad_stroke_end (DboSignaturePad *self)
{
  g_return_if_fail (DBO_IS_SIGNATURE_PAD (self));
  self->in_stroke = FALSE;
  update_state (self);
}

/* A pen's events come through the stylus gesture; the drag gesture leaves them. */
static gboolean
event_is_from_pen (GtkEventController *controller)
{
  GdkEvent *event = gtk_event_controller_get_current_event (controller);
  GdkDeviceTool *tool = event != NULL ? gdk_event_get_device_tool (event) : NULL;
  GdkDevice *device = event != NULL ? gdk_event_get_device (event) : NULL;

  if (tool != NULL)
    {
      switch (gdk_device_tool_get_tool_type (tool))
        {
        case GDK_DEVICE_TOOL_TYPE_PEN:
        case GDK_DEVICE_TOOL_TYPE_ERASER:
        case GDK_DEVICE_TOOL_TYPE_BRUSH:
        case GDK_DEVICE_TOOL_TYPE_PENCIL:
        case GDK_DEVICE_TOOL_TYPE_AIRBRUSH:
          return TRUE;
        default:
          break;
        }
    }
  return device != NULL && gdk_device_get_source (device) == GDK_SOURCE_PEN;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, DboSignaturePad *self)
{
  if (event_is_from_pen (GTK_EVENT_CONTROLLER (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  dbo_signature_pad_stroke_begin (self, x, y, -1);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, DboSignaturePad *self)
{
  if (self->dragging)
    dbo_signature_pad_stroke_extend (self, self->drag_x + dx, self->drag_y + dy, -1);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, DboSignaturePad *self)
{
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  dbo_signature_pad_stroke_extend (self, self->drag_x + dx, self->drag_y + dy, -1);
  dbo_signature_pad_stroke_end (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double value;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &value))
    return value;
  return -1;
}

static void
stylus_down_cb (GtkGestureStylus *gesture, double x, double y, DboSignaturePad *self)
{
  dbo_signature_pad_stroke_begin (self, x, y, stylus_pressure (gesture));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture, double x, double y, DboSignaturePad *self)
{
  /* Motion of a pen hovering above the tablet draws nothing. */
  if (self->in_stroke)
    dbo_signature_pad_stroke_extend (self, x, y, stylus_pressure (gesture));
}

static void
stylus_up_cb (GtkGestureStylus *gesture, double x, double y, DboSignaturePad *self)
{
  if (!self->in_stroke)
    return;
  dbo_signature_pad_stroke_extend (self, x, y, stylus_pressure (gesture));
  dbo_signature_pad_stroke_end (self);
}

/* ------------------------------------------------------------ actions */

void
dbo_signature_pad_clear (DboSignaturePad *self)
{
  g_return_if_fail (DBO_IS_SIGNATURE_PAD (self));
  g_ptr_array_set_size (self->strokes, 0);
  self->in_stroke = FALSE;
  self->dragging = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
  update_state (self);
}

void
dbo_signature_pad_confirm (DboSignaturePad *self)
{
  DboMember *m;
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (DBO_IS_SIGNATURE_PAD (self));
  m = find_member (self);
  if (m == NULL)
    return;

  g_clear_pointer (&m->strokes, g_ptr_array_unref);
  if (self->strokes->len > 0)
    {
      now = g_date_time_new_now_local ();
      m->strokes = copy_strokes (self->strokes);
      m->sig_width_mm = DBO_SIGNATURE_WIDTH_MM;
      m->sig_height_mm = DBO_SIGNATURE_HEIGHT_MM;
      g_free (m->sig_signed);
      m->sig_signed = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
    }
  else
    {
      m->sig_width_mm = 0;
      m->sig_height_mm = 0;
      g_clear_pointer (&m->sig_signed, g_free);
    }
  dbo_session_changed (self->session, DBO_PART_MEMBER, m->id);
  /* A failure is published by the session ("save-error") and retried. */
  dbo_session_flush (self->session, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
clear_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  dbo_signature_pad_clear (DBO_SIGNATURE_PAD (widget));
}

static void
confirm_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  dbo_signature_pad_confirm (DBO_SIGNATURE_PAD (widget));
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboSignaturePad *self)
{
  if (part == DBO_PART_MEMBER)
    {
      refresh_title (self);
      update_state (self);
    }
}

/* ------------------------------------------------------------ GObject */

static void
dbo_signature_pad_constructed (GObject *object)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (object);
  const DboMember *m;

  G_OBJECT_CLASS (dbo_signature_pad_parent_class)->constructed (object);

  m = find_member (self);
  if (m != NULL && m->strokes != NULL)
    {
      g_ptr_array_unref (self->strokes);
      self->strokes = copy_strokes (m->strokes);
    }
  if (self->session != NULL)
    g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, 0);
  refresh_title (self);
  update_state (self);
}

static void
dbo_signature_pad_dispose (GObject *object)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dbo_signature_pad_parent_class)->dispose (object);
}

static void
dbo_signature_pad_finalize (GObject *object)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (object);

  g_free (self->member_id);
  g_ptr_array_unref (self->strokes);
  G_OBJECT_CLASS (dbo_signature_pad_parent_class)->finalize (object);
}

static void
dbo_signature_pad_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MEMBER_ID:
      g_value_set_string (value, self->member_id);
      break;
    case PROP_N_STROKES:
      g_value_set_uint (value, self->strokes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_signature_pad_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DboSignaturePad *self = DBO_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MEMBER_ID:
      self->member_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_signature_pad_class_init (DboSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dbo_signature_pad_constructed;
  object_class->dispose = dbo_signature_pad_dispose;
  object_class->finalize = dbo_signature_pad_finalize;
  object_class->get_property = dbo_signature_pad_get_property;
  object_class->set_property = dbo_signature_pad_set_property;

  /**
   * DboSignaturePad:session:
   *
   * The open project whose panel member signs.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DboSignaturePad:member-id:
   *
   * The id of the member who signs ("m3").
   */
  properties[PROP_MEMBER_ID] =
    g_param_spec_string ("member-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DboSignaturePad:n-strokes:
   *
   * The number of strokes on the pad, confirmed or not.
   */
  properties[PROP_N_STROKES] =
    g_param_spec_uint ("n-strokes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dengbao/Dengbao/ui/dbo-signature-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, DboSignaturePad, window_title);
  gtk_widget_class_bind_template_child (widget_class, DboSignaturePad, canvas);
  gtk_widget_class_bind_template_child (widget_class, DboSignaturePad, preview);
  gtk_widget_class_bind_template_child (widget_class, DboSignaturePad, status_label);

  gtk_widget_class_install_action (widget_class, "pad.clear", NULL, clear_action_cb);
  gtk_widget_class_install_action (widget_class, "pad.confirm", NULL, confirm_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "pad.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "pad.clear", NULL);
}

static void
dbo_signature_pad_init (DboSignaturePad *self)
{
  GtkGesture *drag, *stylus;

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drawing_area_set_draw_func (self->canvas, draw_canvas_cb, self, NULL);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), "crosshair");
  gtk_drawing_area_set_draw_func (self->preview, draw_preview_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature box: sign here with the mouse, a finger or a pen"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The signature as printed on Annex 2"), -1);

  stylus = gtk_gesture_stylus_new ();
  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (stylus));

  drag = gtk_gesture_drag_new ();
  /* Every button and touch: whatever the user signs with. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
dbo_signature_pad_new (DboSession *session, const char *member_id)
{
  g_return_val_if_fail (DBO_IS_SESSION (session), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  return g_object_new (DBO_TYPE_SIGNATURE_PAD, "session", session, "member-id", member_id, NULL);
}

DboSession *
dbo_signature_pad_get_session (DboSignaturePad *self)
{
  g_return_val_if_fail (DBO_IS_SIGNATURE_PAD (self), NULL);
  return self->session;
}

const char *
dbo_signature_pad_get_member_id (DboSignaturePad *self)
{
  g_return_val_if_fail (DBO_IS_SIGNATURE_PAD (self), NULL);
  return self->member_id;
}

GtkWidget *
dbo_signature_pad_get_canvas (DboSignaturePad *self)
{
  g_return_val_if_fail (DBO_IS_SIGNATURE_PAD (self), NULL);
  return GTK_WIDGET (self->canvas);
}

guint
dbo_signature_pad_get_n_strokes (DboSignaturePad *self)
{
  g_return_val_if_fail (DBO_IS_SIGNATURE_PAD (self), 0);
  return self->strokes->len;
}

const GPtrArray *
dbo_signature_pad_get_strokes (DboSignaturePad *self)
{
  g_return_val_if_fail (DBO_IS_SIGNATURE_PAD (self), NULL);
  return self->strokes;
}
