/* Small helpers shared by the window's widgets. */
#include "config.h"

#include "dbo-widget-util.h"

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
