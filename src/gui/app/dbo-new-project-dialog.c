/* DboNewProjectDialog: the few facts a filing project starts from.
 *
 * The enterprise's name, its credit code (checked as typed), its city, what
 * kind of mine it is and its safety standardisation level; then a save
 * dialog for the project file. Everything else is filled in the project.
 * The dialog is modal but never blocks the main loop.
 */
#define G_LOG_DOMAIN "dengbao-new-project"
#include "config.h"

#include "dbo-new-project-dialog.h"

#include <glib/gi18n.h>

#include "dbo-step-enterprise.h"

#define PROJECT_SUFFIX ".dengbao"

static const char *kind_labels[] = { N_("Production mine"), N_("Construction mine"), N_("Group company") };
static const DboStandardization std_values[] = { DBO_STD_LEVEL1, DBO_STD_LEVEL2, DBO_STD_UNRATED };
static const char *std_labels[] = { N_("Level 1"), N_("Level 2"), N_("Not rated") };

struct _DboNewProjectDialog
{
  AdwWindow parent_instance;

  DboRuleset *rules;
  GPtrArray *city_codes;          /* combo position - 1 → region code */
  GtkNativeDialog *chooser;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkButton *create_button;
  AdwEntryRow *name_row;
  AdwEntryRow *credit_row;
  GtkLabel *credit_hint;
  AdwComboRow *city_row;
  AdwComboRow *kind_row;
  AdwComboRow *std_row;
};

G_DEFINE_FINAL_TYPE (DboNewProjectDialog, dbo_new_project_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_error (DboNewProjectDialog *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
name_changed_cb (DboNewProjectDialog *self)
{
  g_autofree char *name = stripped_text (self->name_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), *name != '\0');
}

static void
credit_changed_cb (DboNewProjectDialog *self)
{
  gboolean is_error = FALSE;
  g_autofree char *hint = dbo_credit_code_hint (gtk_editable_get_text (GTK_EDITABLE (self->credit_row)), &is_error);

  gtk_label_set_text (self->credit_hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->credit_hint), hint != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_hint), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->credit_hint), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->credit_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->credit_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_hint), "dim-label");
    }
}

static void
kind_changed_cb (DboNewProjectDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->std_row),
                            adw_combo_row_get_selected (self->kind_row) == DBO_KIND_PRODUCTION);
}

DboProject *
dbo_new_project_dialog_build_project (DboNewProjectDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *credit = NULL;
  DboProject *project;
  guint city, kind, std;

  g_return_val_if_fail (DBO_IS_NEW_PROJECT_DIALOG (self), NULL);

  name = stripped_text (self->name_row);
  credit = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->credit_row)), -1);
  g_strstrip (credit);
  project = dbo_project_new ();
  dbo_set_str (&project->enterprise.name, name);
  dbo_set_str (&project->enterprise.credit_code, credit);
  if (*name != '\0')
    /* The title is printed on the documents, which are Chinese whatever the UI language. */
    project->title = g_strdup_printf ("%s网络安全等级保护定级备案", name);

  city = adw_combo_row_get_selected (self->city_row);
  if (city != GTK_INVALID_LIST_POSITION && city > 0 && city <= self->city_codes->len)
    dbo_set_str (&project->enterprise.city, g_ptr_array_index (self->city_codes, city - 1));

  kind = adw_combo_row_get_selected (self->kind_row);
  project->enterprise.kind = kind < G_N_ELEMENTS (kind_labels) ? (DboEnterpriseKind) kind : DBO_KIND_PRODUCTION;
  std = adw_combo_row_get_selected (self->std_row);
  project->enterprise.standardization = project->enterprise.kind == DBO_KIND_PRODUCTION &&
                                          std < G_N_ELEMENTS (std_values)
                                        ? std_values[std]
                                        : DBO_STD_UNRATED;
  return project;
}

char *
dbo_new_project_dialog_suggest_name (DboNewProjectDialog *self)
{
  g_autofree char *name = NULL;
  g_autoptr(GString) safe = NULL;

  g_return_val_if_fail (DBO_IS_NEW_PROJECT_DIALOG (self), NULL);
  name = stripped_text (self->name_row);
  /* A name with a slash would name a folder. */
  safe = g_string_new (name);
  g_string_replace (safe, "/", "-", 0);
  if (safe->len == 0)
    g_string_assign (safe, _("New project"));
  g_string_append (safe, PROJECT_SUFFIX);
  return g_string_free (g_steal_pointer (&safe), FALSE);
}

DboSession *
dbo_new_project_dialog_create_at (DboNewProjectDialog *self,
                                  const char          *path,
                                  GError             **error)
{
  g_autoptr(DboSession) session = NULL;

  g_return_val_if_fail (DBO_IS_NEW_PROJECT_DIALOG (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  session = dbo_session_create (path, dbo_new_project_dialog_build_project (self), error);
  if (session == NULL)
    return NULL;
  g_signal_emit (self, signals[CREATED], 0, session);
  gtk_window_close (GTK_WINDOW (self));
  return g_steal_pointer (&session);
}

static void
save_response_cb (GtkNativeDialog     *chooser,
                  int                  response,
                  DboNewProjectDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DboSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Projects can only be saved in a local folder"));
      return;
    }
  if (!g_str_has_suffix (path, PROJECT_SUFFIX))
    {
      char *with_suffix = g_strconcat (path, PROJECT_SUFFIX, NULL);

      g_free (path);
      path = with_suffix;
    }
  session = dbo_new_project_dialog_create_at (self, path, &error);
  if (session == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Could not create “%s”: %s"), base, error->message);

      show_error (self, message);
    }
}

static void
create_clicked_cb (DboNewProjectDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = dbo_new_project_dialog_suggest_name (self);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the New Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("C_reate"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Dengbao projects"));
  gtk_file_filter_add_pattern (filter, "*" PROJECT_SUFFIX);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static GListModel *
label_model (const char * const *labels, guint n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(labels[i]));
  return G_LIST_MODEL (list);
}

static void
fill_cities (DboNewProjectDialog *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  gtk_string_list_append (list, _("Not chosen"));
  self->rules = dbo_ruleset_load_default (&error);
  if (self->rules == NULL)
    g_warning ("no rule set, no cities to offer: %s", error->message);
  else
    {
      GPtrArray *regions = dbo_ruleset_get_regions (self->rules);

      for (guint i = 0; i < regions->len; i++)
        {
          const DboRegion *region = g_ptr_array_index (regions, i);

          /* The province itself is not a city. */
          if (region == dbo_ruleset_province_region (self->rules))
            continue;
          gtk_string_list_append (list, region->name);
          g_ptr_array_add (self->city_codes, g_strdup (region->code));
        }
    }
  adw_combo_row_set_model (self->city_row, G_LIST_MODEL (list));
}

static void
dbo_new_project_dialog_dispose (GObject *object)
{
  DboNewProjectDialog *self = DBO_NEW_PROJECT_DIALOG (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_NEW_PROJECT_DIALOG);
  G_OBJECT_CLASS (dbo_new_project_dialog_parent_class)->dispose (object);
}

static void
dbo_new_project_dialog_finalize (GObject *object)
{
  DboNewProjectDialog *self = DBO_NEW_PROJECT_DIALOG (object);

  g_clear_pointer (&self->rules, dbo_ruleset_unref);
  g_clear_pointer (&self->city_codes, g_ptr_array_unref);
  G_OBJECT_CLASS (dbo_new_project_dialog_parent_class)->finalize (object);
}

static void
dbo_new_project_dialog_class_init (DboNewProjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_new_project_dialog_dispose;
  object_class->finalize = dbo_new_project_dialog_finalize;

  /**
   * DboNewProjectDialog::created:
   * @session: the new project, open
   *
   * The project file was created; the dialog closes after this.
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, DBO_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dengbao/Dengbao/ui/dbo-new-project-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, credit_row);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, credit_hint);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DboNewProjectDialog, std_row);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, credit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dbo_new_project_dialog_init (DboNewProjectDialog *self)
{
  g_autoptr(GListModel) kinds = label_model (kind_labels, G_N_ELEMENTS (kind_labels));
  g_autoptr(GListModel) stds = label_model (std_labels, G_N_ELEMENTS (std_labels));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->city_codes = g_ptr_array_new_with_free_func (g_free);
  fill_cities (self);
  adw_combo_row_set_model (self->kind_row, kinds);
  adw_combo_row_set_model (self->std_row, stds);
  adw_combo_row_set_selected (self->kind_row, DBO_KIND_PRODUCTION);
  adw_combo_row_set_selected (self->std_row, G_N_ELEMENTS (std_values) - 1);
}

GtkWidget *
dbo_new_project_dialog_new (GtkWindow *parent)
{
  return g_object_new (DBO_TYPE_NEW_PROJECT_DIALOG, "transient-for", parent, NULL);
}
