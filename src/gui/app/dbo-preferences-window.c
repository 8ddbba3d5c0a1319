/* DboPreferencesWindow: printer calibration.
 *
 * The offsets live in GSettings (dbo-print-calibration.h); this window only
 * edits them. A printer appears here once the calibration sheet was printed
 * on it, or when its name is typed in.
 */
#define G_LOG_DOMAIN "dengbao-preferences"
#include "config.h"

#include "dbo-preferences-window.h"

#include <glib/gi18n.h>

#include "dbo-print-calibration.h"

struct _DboPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkWidget *print_button;
  GtkSwitch *apply_switch;
  GtkListBox *printer_list;
  GtkWidget *empty_label;
  AdwEntryRow *add_row;

  GSettings *settings;            /* NULL when the schema is not installed */
  GHashTable *spins;              /* "printer\x1fx|y" → GtkSpinButton* (not owned) */
};

G_DEFINE_FINAL_TYPE (DboPreferencesWindow, dbo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
spin_key (const char *printer, gboolean vertical)
{
  return g_strconcat (printer, "\x1f", vertical ? "y" : "x", NULL);
}

static char *
offsets_subtitle (double x, double y)
{
  if (x == 0.0 && y == 0.0)
    return g_strdup (_("Not moved"));
  /* Translators: a printer's calibration offsets in millimetres, e.g. "Right −1.5 mm, down 0.5 mm". */
  return g_strdup_printf (_("Right %.1f mm, down %.1f mm"), x, y);
}

static void
offset_changed_cb (GtkSpinButton        *spin,
                   DboPreferencesWindow *self)
{
  const char *printer = g_object_get_data (G_OBJECT (spin), "dbo-printer");
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (spin), "dbo-printer-row");
  g_autofree char *kx = spin_key (printer, FALSE);
  g_autofree char *ky = spin_key (printer, TRUE);
  GtkSpinButton *sx = g_hash_table_lookup (self->spins, kx);
  GtkSpinButton *sy = g_hash_table_lookup (self->spins, ky);
  g_autofree char *subtitle = NULL;
  double x, y;

  if (self->settings == NULL || sx == NULL || sy == NULL)
    return;
  x = gtk_spin_button_get_value (sx);
  y = gtk_spin_button_get_value (sy);
  dbo_print_calibration_store (self->settings, printer, x, y);
  subtitle = offsets_subtitle (x, y);
  adw_expander_row_set_subtitle (row, subtitle);
}

static void refresh (DboPreferencesWindow *self, const char *expand);

static void
remove_clicked_cb (GtkButton            *button,
                   DboPreferencesWindow *self)
{
  const char *printer = g_object_get_data (G_OBJECT (button), "dbo-printer");

  if (self->settings != NULL && printer != NULL)
    {
      g_autofree char *name = g_strdup (printer);

      dbo_print_calibration_remove (self->settings, name);
      refresh (self, NULL);
    }
}

static GtkWidget *
offset_row (DboPreferencesWindow *self, AdwExpanderRow *parent, const char *printer, gboolean vertical,
            double value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (-DBO_PRINT_OFFSET_MAX_MM, DBO_PRINT_OFFSET_MAX_MM, 0.1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vertical ? _("_Down (mm)") : _("_Right (mm)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               vertical ? _("20 minus the distance from the top edge to cross A")
                                        : _("20 minus the distance from the left edge to cross A"));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  vertical ? _("Down, in millimetres") : _("Right, in millimetres"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_set_data_full (G_OBJECT (spin), "dbo-printer", g_strdup (printer), g_free);
  g_object_set_data (G_OBJECT (spin), "dbo-printer-row", parent);
  g_hash_table_insert (self->spins, spin_key (printer, vertical), spin);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (offset_changed_cb), self, 0);
  return row;
}

static void
refresh (DboPreferencesWindow *self, const char *expand)
{
  g_auto(GStrv) printers = dbo_print_calibration_list_printers (self->settings);
  GtkWidget *child;

  g_hash_table_remove_all (self->spins);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->printer_list))) != NULL)
    gtk_list_box_remove (self->printer_list, child);

  for (guint i = 0; printers[i] != NULL; i++)
    {
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *remove_row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Forget This Printer"));
      g_autofree char *subtitle = NULL;
      double x, y;

      dbo_print_calibration_lookup (self->settings, printers[i], &x, &y);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), printers[i]);
      subtitle = offsets_subtitle (x, y);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), offset_row (self, ADW_EXPANDER_ROW (row), printers[i], FALSE, x));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), offset_row (self, ADW_EXPANDER_ROW (row), printers[i], TRUE, y));

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "destructive-action");
      g_object_set_data_full (G_OBJECT (remove), "dbo-printer", g_strdup (printers[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), remove_row);

      if (g_strcmp0 (expand, printers[i]) == 0)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      gtk_list_box_append (self->printer_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->printer_list), printers[0] != NULL);
  gtk_widget_set_visible (self->empty_label, printers[0] == NULL);
}

void
dbo_preferences_window_add_printer (DboPreferencesWindow *self,
                                    const char           *printer)
{
  g_autofree char *name = NULL;

  g_return_if_fail (DBO_IS_PREFERENCES_WINDOW (self));
  if (printer == NULL || self->settings == NULL)
    return;
  name = g_strstrip (g_strdup (printer));
  if (*name == '\0')
    return;
  if (!dbo_print_calibration_lookup (self->settings, name, NULL, NULL))
    dbo_print_calibration_store (self->settings, name, 0.0, 0.0);
  refresh (self, name);
}

GtkSpinButton *
dbo_preferences_window_get_spin (DboPreferencesWindow *self,
                                 const char           *printer,
                                 gboolean              vertical)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (DBO_IS_PREFERENCES_WINDOW (self), NULL);
  key = spin_key (printer, vertical);
  return g_hash_table_lookup (self->spins, key);
}

static void
add_apply_cb (DboPreferencesWindow *self,
              AdwEntryRow          *row)
{
  dbo_preferences_window_add_printer (self, gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
sheet_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               DboPreferencesWindow    *self)
{
  GtkPrintSettings *settings;
  const char *printer;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error != NULL ? error->message : _("Printing failed")));
      return;
    }
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    return;
  settings = gtk_print_operation_get_print_settings (operation);
  printer = settings != NULL ? gtk_print_settings_get_printer (settings) : NULL;
  if (printer != NULL && *printer != '\0')
    dbo_preferences_window_add_printer (self, printer);
}

static void
print_clicked_cb (DboPreferencesWindow *self)
{
  g_autoptr(GtkPrintOperation) operation = dbo_print_calibration_operation_new (gtk_switch_get_active (self->apply_switch));
  g_autoptr(GError) error = NULL;

  g_signal_connect_object (operation, "done", G_CALLBACK (sheet_done_cb), self, 0);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
dbo_preferences_window_dispose (GObject *object)
{
  DboPreferencesWindow *self = DBO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (dbo_preferences_window_parent_class)->dispose (object);
}

static void
dbo_preferences_window_finalize (GObject *object)
{
  DboPreferencesWindow *self = DBO_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_hash_table_unref (self->spins);
  G_OBJECT_CLASS (dbo_preferences_window_parent_class)->finalize (object);
}

static void
dbo_preferences_window_class_init (DboPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_preferences_window_dispose;
  object_class->finalize = dbo_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dengbao/Dengbao/ui/dbo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DboPreferencesWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, DboPreferencesWindow, apply_switch);
  gtk_widget_class_bind_template_child (widget_class, DboPreferencesWindow, printer_list);
  gtk_widget_class_bind_template_child (widget_class, DboPreferencesWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DboPreferencesWindow, add_row);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);
}

static void
dbo_preferences_window_init (DboPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->spins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = dbo_print_calibration_get_settings ();
  if (self->settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), FALSE);
      gtk_label_set_text (GTK_LABEL (self->empty_label),
                          _("Printer offsets cannot be kept: the application’s settings schema is not installed."));
    }
  refresh (self, NULL);
}

GtkWidget *
dbo_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (DBO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
