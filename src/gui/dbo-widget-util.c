/* Small helpers shared by the window's widgets. */
#include "config.h"

#include "dbo-widget-util.h"

#include <glib/gi18n.h>

/* Sets @widget's tooltip to @text (NULL or "" for none).
 *
 * gtk_widget_set_tooltip_text() on a shown widget asks the display where the
 * pointer is, in case a tooltip is open there: on X11 a round trip to the
 * server. Views that mark hundreds of rows after every keystroke would pay it
 * hundreds of times, so an unchanged tooltip is left alone and a widget not
 * yet in a window (a row being built) gets its tooltip without asking. */
void
dbo_widget_set_tooltip (GtkWidget  *widget,
                        const char *text)
{
  const char *current;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  current = gtk_widget_get_tooltip_text (widget);
  if (g_strcmp0 (current, text) == 0)
    return;
  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    {
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
      return;
    }
  gtk_widget_set_tooltip_text (widget, text);
}

typedef struct
{
  GSourceFunc func;
  guint *source;
} AfterFrame;

G_DEFINE_QUARK (dbo-after-frame, after_frame)

static void
after_frame_cb (GdkFrameClock *clock,
                GtkWidget     *widget)
{
  g_autofree AfterFrame *after = g_object_steal_qdata (G_OBJECT (widget), after_frame_quark ());

  g_signal_handlers_disconnect_by_func (clock, after_frame_cb, widget);
  if (after != NULL && *after->source == 0)
    *after->source = g_idle_add_full (G_PRIORITY_LOW, after->func, widget, NULL);
}

/* Runs @func (@widget) from a low-priority idle once @widget's window has
 * drawn its next frame (from an idle at once when it has no frame clock
 * yet): work that may wait until the window shows what matters first.
 * *@source holds the idle's id; @func clears it when it is done, and the
 * owner removes the source when it goes away. One wait at a time: asking
 * again while a frame or the idle is pending does nothing. */
void
dbo_widget_idle_after_frame (GtkWidget   *widget,
                             GSourceFunc  func,
                             guint       *source)
{
  GdkFrameClock *clock;
  AfterFrame *after;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL && source != NULL);

  if (*source != 0 || g_object_get_qdata (G_OBJECT (widget), after_frame_quark ()) != NULL)
    return;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      *source = g_idle_add_full (G_PRIORITY_LOW, func, widget, NULL);
      return;
    }
  after = g_new (AfterFrame, 1);
  after->func = func;
  after->source = source;
  g_object_set_qdata_full (G_OBJECT (widget), after_frame_quark (), after, g_free);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_frame_cb), widget, 0);
}

char *
dbo_object_display_name (const DboProject *project, const DboObject *object)
{
  guint index = 0;

  if (!dbo_str_empty (object->name))
    return g_strdup (object->name);
  if (!g_ptr_array_find (project->objects, object, &index))
    return g_strdup (_("Unnamed object"));
  return g_strdup_printf (_("Unnamed object %u"), index + 1);
}
