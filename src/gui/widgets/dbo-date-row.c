/* DboDateRow: an AdwEntryRow for a date.
 *
 * The text is read with the core's date parser: YYYY-MM-DD, or with
 * "lenient" also the ways people type a date (2019-6-1, 2019/06/01,
 * 2019年6月1日), always given back as YYYY-MM-DD. A text that is not a whole
 * date yet is "not valid" and left to the page to mark as it marks its fields. With
 * "show-calendar" a button beside the text opens a calendar on the date typed
 * (else today); picking a day writes it as YYYY-MM-DD.
 */
#define G_LOG_DOMAIN "dengbao-date-row"
#include "config.h"

#include "dbo-date-row.h"
#include "dbo-calendar.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>

struct _DboDateRow
{
  AdwEntryRow parent_instance;

  gboolean valid;
  gboolean lenient;
  gboolean selecting;           /* showing the typed date in the calendar */

  /* Template widgets */
  GtkWidget *calendar_button;
  GtkCalendar *calendar;
};

G_DEFINE_FINAL_TYPE (DboDateRow, dbo_date_row, ADW_TYPE_ENTRY_ROW)

enum { PROP_0, PROP_VALID, PROP_LENIENT, PROP_SHOW_CALENDAR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
parse_text (DboDateRow *self, GDate *date)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));

  g_date_clear (date, 1);
  if (*text == '\0')
    return TRUE;
  return self->lenient ? dbo_date_parse_lenient (text, date) : dbo_date_parse (text, date, NULL);
}

static void
changed_cb (DboDateRow *self)
{
  GDate date;
  gboolean valid = parse_text (self, &date);

  if (valid == self->valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
popover_show_cb (DboDateRow *self)
{
  GDate date;
  g_autoptr(GDateTime) shown = NULL;

  if (parse_text (self, &date) && g_date_valid (&date))
    shown = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                   0, 0, 0);
  else
    shown = g_date_time_new_now_local ();
  self->selecting = TRUE;
  gtk_calendar_select_day (self->calendar, shown);
  self->selecting = FALSE;
}

static void
day_selected_cb (DboDateRow *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->selecting)
    return;
  date = gtk_calendar_get_date (self->calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->calendar_button));
}

GtkWidget *
dbo_date_row_new (void)
{
  return g_object_new (DBO_TYPE_DATE_ROW, NULL);
}

gboolean
dbo_date_row_get_valid (DboDateRow *self)
{
  g_return_val_if_fail (DBO_IS_DATE_ROW (self), FALSE);
  return self->valid;
}

char *
dbo_date_row_dup_date (DboDateRow *self)
{
  GDate date;

  g_return_val_if_fail (DBO_IS_DATE_ROW (self), NULL);

  if (!parse_text (self, &date) || !g_date_valid (&date))
    return NULL;
  return dbo_date_format (&date);
}

gboolean
dbo_date_row_mark_invalid (DboDateRow *self)
{
  g_return_val_if_fail (DBO_IS_DATE_ROW (self), FALSE);

  if (self->valid)
    return FALSE;
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  dbo_widget_set_tooltip (GTK_WIDGET (self), _("Enter the date as YYYY-MM-DD, e.g. 2021-07-31"));
  return TRUE;
}

void
dbo_date_row_set_date (DboDateRow *self,
                       const char *date)
{
  g_return_if_fail (DBO_IS_DATE_ROW (self));
  dbo_editable_set_text_kept (GTK_EDITABLE (self), date);
}

void
dbo_date_row_set_lenient (DboDateRow *self,
                          gboolean    lenient)
{
  GDate date;

  g_return_if_fail (DBO_IS_DATE_ROW (self));

  if (self->lenient == !!lenient)
    return;
  self->lenient = !!lenient;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENIENT]);
  if (self->valid != parse_text (self, &date))
    {
      self->valid = !self->valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

gboolean
dbo_date_row_get_show_calendar (DboDateRow *self)
{
  g_return_val_if_fail (DBO_IS_DATE_ROW (self), FALSE);
  return gtk_widget_get_visible (self->calendar_button);
}

void
dbo_date_row_set_show_calendar (DboDateRow *self,
                                gboolean    show_calendar)
{
  g_return_if_fail (DBO_IS_DATE_ROW (self));

  if (show_calendar == dbo_date_row_get_show_calendar (self))
    return;
  gtk_widget_set_visible (self->calendar_button, show_calendar);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CALENDAR]);
}

static void
dbo_date_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DboDateRow *self = DBO_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_LENIENT:
      g_value_set_boolean (value, self->lenient);
      break;
    case PROP_SHOW_CALENDAR:
      g_value_set_boolean (value, dbo_date_row_get_show_calendar (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_date_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DboDateRow *self = DBO_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_LENIENT:
      dbo_date_row_set_lenient (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_CALENDAR:
      dbo_date_row_set_show_calendar (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DBO_TYPE_DATE_ROW);
  G_OBJECT_CLASS (dbo_date_row_parent_class)->dispose (object);
}

static void
dbo_date_row_class_init (DboDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_date_row_dispose;
  object_class->get_property = dbo_date_row_get_property;
  object_class->set_property = dbo_date_row_set_property;

  /**
   * DboDateRow:valid:
   *
   * Whether the text is empty or a whole date.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DboDateRow:lenient:
   *
   * Whether dates typed in other ways than YYYY-MM-DD are read too.
   */
  properties[PROP_LENIENT] =
    g_param_spec_boolean ("lenient", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DboDateRow:show-calendar:
   *
   * Whether a button beside the text opens a calendar.
   */
  properties[PROP_SHOW_CALENDAR] =
    g_param_spec_boolean ("show-calendar", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DboDateRow, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, DboDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
}

static void
dbo_date_row_init (DboDateRow *self)
{
  self->valid = TRUE;
  /* The template connects "changed" before the page's own handlers: they find the new validity. */
  gtk_widget_init_template (GTK_WIDGET (self));
}
