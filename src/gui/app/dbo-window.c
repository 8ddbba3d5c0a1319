/* DboWindow: one window per project.
 *
 * Without a project it shows the start page (what Dengbao does, new / open /
 * import, recent projects). With one it shows the seven steps: a sidebar that
 * gives each step's state from the core's findings, and the content: the
 * step's title, the save state, a banner naming the next thing to do, and the
 * step itself. Closing the window writes everything still pending; if that
 * fails the window stays open unless the user insists.
 *
 * Only what the first frame shows is built before it: the start page when
 * there is no project, the step shown when there is one; the other steps
 * follow right after the first frame (or when first shown).
 */
#define G_LOG_DOMAIN "dengbao-window"
#include "config.h"

#include "dbo-window.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dbo-advice.h"
#include "dbo-application.h"
#include "dbo-checks.h"
#include "dbo-findings-box.h"
#include "dbo-help.h"
#include "dbo-meeting-window.h"
#include "dbo-step-documents.h"
#include "dbo-step-enterprise.h"
#include "dbo-step-grading.h"
#include "dbo-step-objects.h"
#include "dbo-step-panel.h"
#include "dbo-step-progress.h"
#include "dbo-step-submit.h"

#define MAX_RECENT 8

/* The steps in order: the one list of their names (also their help pages'). */
typedef struct {
  const char *name;
  const char *title;
  gboolean shows_done;            /* "✓" when no finding belongs to it */
  GType (*get_type) (void);
} StepInfo;

static const StepInfo steps[DBO_N_STEPS] = {
  { "enterprise", N_("Enterprise"), TRUE, dbo_step_enterprise_get_type },
  { "objects", N_("Protected objects"), TRUE, dbo_step_objects_get_type },
  { "grading", N_("Drafted levels"), TRUE, dbo_step_grading_get_type },
  { "panel", N_("Expert review"), TRUE, dbo_step_panel_get_type },
  { "documents", N_("Documents"), FALSE, dbo_step_documents_get_type },
  { "submit", N_("Submission"), FALSE, dbo_step_submit_get_type },
  { "progress", N_("Progress"), FALSE, dbo_step_progress_get_type },
};

struct _DboWindow
{
  AdwApplicationWindow parent_instance;

  DboSession *session;
  DboWizardStep step;
  gboolean force_close;
  gboolean save_error_shown;
  char *next_action;
  char *next_action_path;
  DboWizardStep next_action_step;
  GtkWidget *step_widgets[DBO_N_STEPS];   /* built when first needed */
  GMenu *history_section;                 /* Undo …, Redo … at the top of the project's menu */
  guint build_steps_source;
  GtkWidget *step_rows[DBO_N_STEPS];
  GtkLabel *step_status[DBO_N_STEPS];

  /* The start page, built when a window first shows no project */
  GtkBuilder *start_builder;
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkMenuButton *project_menu_button;
  AdwLeaflet *leaflet;
  AdwWindowTitle *project_title;
  GtkListBox *step_list;
  AdwWindowTitle *step_title;
  GtkImage *save_icon;
  GtkLabel *save_label;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkButton *banner_button;
  GtkStack *step_stack;
};

G_DEFINE_FINAL_TYPE (DboWindow, dbo_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ---- steps and finding paths ---- */

const char *
dbo_wizard_step_get_name (DboWizardStep step)
{
  g_return_val_if_fail (step < DBO_N_STEPS, NULL);
  return steps[step].name;
}

static int
step_index (const char *name)
{
  for (int i = 0; i < DBO_N_STEPS; i++)
    if (g_strcmp0 (steps[i].name, name) == 0)
      return i;
  return -1;
}

static gboolean
path_is (const char *path, const char *head)
{
  gsize n = strlen (head);

  return strncmp (path, head, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* objects/<id>/grading… is the grading step (the matrix, descriptions,
 * override, drafting date); everything else under an object, including its
 * 表四 materials, is edited on the object's page. Reviews, deadlines, the
 * filing and assessments are followed in Progress. Documents and Submission
 * only summarise the others, so no finding belongs to them. */
int
dbo_step_for_path (const char *path)
{
  if (path == NULL)
    return -1;
  if (path_is (path, "enterprise"))
    return DBO_WIZARD_ENTERPRISE;
  if (path_is (path, "objects"))
    {
      const char *rest = path + strlen ("objects");
      const char *after_id;

      if (*rest == '\0')
        return DBO_WIZARD_OBJECTS;
      after_id = strchr (rest + 1, '/');
      if (after_id != NULL && path_is (after_id + 1, "grading"))
        return DBO_WIZARD_GRADING;
      return DBO_WIZARD_OBJECTS;
    }
  if (path_is (path, "panel"))
    return DBO_WIZARD_PANEL;
  if (path_is (path, "reviews") || path_is (path, "deadlines") || path_is (path, "filing") ||
      path_is (path, "assessments"))
    return DBO_WIZARD_PROGRESS;
  return -1;
}

/* The core words the advice; the window only knows which step it leads to. */
char *
dbo_next_action_describe (DboSession *session, DboWizardStep *step_out, char **path_out)
{
  const DboFinding *f = NULL;
  DboNextStage stage;
  char *text = dbo_advice_next (dbo_session_get_project (session), dbo_session_get_rules (session),
                                dbo_session_get_findings (session), &stage, &f);
  int step;

  if (path_out != NULL)
    *path_out = f != NULL ? g_strdup (f->path) : NULL;
  switch (stage)
    {
    case DBO_NEXT_FIX:
      step = dbo_step_for_path (f->path);
      *step_out = step >= 0 ? (DboWizardStep) step : DBO_WIZARD_SUBMIT;
      break;
    case DBO_NEXT_SUBMIT:
      *step_out = DBO_WIZARD_SUBMIT;
      break;
    case DBO_NEXT_FILE:
    case DBO_NEXT_ASSESS:
    default:
      *step_out = DBO_WIZARD_PROGRESS;
      break;
    }
  return text;
}

/* ---- window state ---- */

static GSettings *
get_settings (DboWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return DBO_IS_APPLICATION (app) ? dbo_application_get_settings (DBO_APPLICATION (app)) : NULL;
}

static void
restore_window_state (DboWindow *self)
{
  GSettings *settings = get_settings (self);
  int width, height;

  if (settings == NULL)
    return;
  width = g_settings_get_int (settings, "window-width");
  height = g_settings_get_int (settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (DboWindow *self)
{
  GSettings *settings = get_settings (self);
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

/* ---- recent projects ---- */

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (ib), gtk_recent_info_get_modified (ia));
}

static char *
display_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *home = g_get_home_dir ();

  if (home != NULL && g_str_has_prefix (dir, home) && (dir[strlen (home)] == '/' || dir[strlen (home)] == '\0'))
    return g_strconcat ("~", dir + strlen (home), NULL);
  return g_steal_pointer (&dir);
}

static void
refresh_recent (DboWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  GSettings *settings = get_settings (self);
  guint max = settings != NULL ? g_settings_get_uint (settings, "recent-max") : MAX_RECENT;
  guint shown = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_str_has_suffix (gtk_recent_info_get_uri (info), ".dengbao") && gtk_recent_info_is_local (info) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < infos->len && shown < max; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autofree char *base = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (path == NULL)
        continue;
      base = g_path_get_basename (path);
      title = g_strndup (base, strlen (base) - strlen (".dengbao"));
      folder = display_folder (path);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "dbo-path", g_steal_pointer (&path), g_free);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

static void
recent_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         DboWindow     *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "dbo-path");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (path != NULL && DBO_IS_APPLICATION (app))
    dbo_application_open_path (DBO_APPLICATION (app), path, GTK_WINDOW (self));
}

/* The popover is built on first use: building it for every window would
 * slow down opening a project for a menu that is rarely opened at once. */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  static GMenuModel *menu;

  if (menu == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-primary-menu.ui");

      menu = g_object_ref (G_MENU_MODEL (gtk_builder_get_object (builder, "primary_menu")));
    }
  gtk_menu_button_set_menu_model (button, menu);
}

static void
recent_changed_cb (DboWindow        *self,
                   GtkRecentManager *manager)
{
  if (self->session == NULL)
    refresh_recent (self);
}

static void
ensure_start_page (DboWindow *self)
{
  if (self->start_builder != NULL)
    return;
  self->start_builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (self->start_builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (self->start_builder, "/io/github/dengbao/Dengbao/ui/dbo-window-start.ui", NULL))
    g_assert_not_reached ();
  self->recent_group = ADW_PREFERENCES_GROUP (gtk_builder_get_object (self->start_builder, "recent_group"));
  self->recent_list = GTK_LIST_BOX (gtk_builder_get_object (self->start_builder, "recent_list"));
  g_signal_connect_object (self->recent_list, "row-activated", G_CALLBACK (recent_row_activated_cb), self, 0);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (gtk_builder_get_object (self->start_builder,
                                                                                   "start_menu_button")),
                                         create_primary_menu_cb, NULL, NULL);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (gtk_builder_get_object (self->start_builder, "start_page")),
                       "start");
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh_recent (self);
}

GObject *
dbo_window_get_start_object (DboWindow  *self,
                             const char *id)
{
  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  ensure_start_page (self);
  return gtk_builder_get_object (self->start_builder, id);
}

/* ---- sidebar, save state, banner ---- */

static void
update_step_statuses (DboWindow *self)
{
  guint errors[DBO_N_STEPS] = { 0 }, warnings[DBO_N_STEPS] = { 0 };
  GPtrArray *findings = dbo_session_get_findings (self->session);

  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);
      int step = dbo_step_for_path (f->path);

      if (step < 0)
        continue;
      if (f->severity == DBO_SEVERITY_ERROR)
        errors[step]++;
      else
        warnings[step]++;
    }

  for (int i = 0; i < DBO_N_STEPS; i++)
    {
      GtkWidget *label = GTK_WIDGET (self->step_status[i]);
      g_autofree char *text = NULL;
      g_autofree char *a11y = NULL;

      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      gtk_widget_remove_css_class (label, "success");
      if (errors[i] > 0)
        {
          text = g_strdup_printf ("✗ %u", errors[i]);
          /* Translators: the sidebar's accessible text for a step, e.g. "Enterprise: 2 errors". */
          a11y = g_strdup_printf (ngettext ("%s: %u error", "%s: %u errors", errors[i]), _(steps[i].title), errors[i]);
          gtk_widget_add_css_class (label, "error");
        }
      else if (warnings[i] > 0)
        {
          text = g_strdup_printf ("⚠ %u", warnings[i]);
          a11y = g_strdup_printf (ngettext ("%s: %u warning", "%s: %u warnings", warnings[i]), _(steps[i].title),
                                  warnings[i]);
          gtk_widget_add_css_class (label, "warning");
        }
      /* Nothing to grade is nothing done: no tick without objects. */
      else if (steps[i].shows_done &&
               (i != DBO_WIZARD_GRADING || dbo_session_get_project (self->session)->objects->len > 0))
        {
          text = g_strdup ("✓");
          a11y = g_strdup_printf (_("%s: complete"), _(steps[i].title));
          gtk_widget_add_css_class (label, "success");
        }
      else
        {
          text = g_strdup ("");
          a11y = g_strdup (_(steps[i].title));
        }
      gtk_label_set_text (self->step_status[i], text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->step_rows[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    }
}

static void
update_next_action (DboWindow *self)
{
  g_autofree char *path = NULL;
  DboWizardStep step = DBO_WIZARD_ENTERPRISE;

  g_clear_pointer (&self->next_action, g_free);
  g_clear_pointer (&self->next_action_path, g_free);
  if (self->session != NULL)
    {
      self->next_action = dbo_next_action_describe (self->session, &step, &path);
      self->next_action_path = g_steal_pointer (&path);
      self->next_action_step = step;
    }
  gtk_label_set_text (self->banner_label, self->next_action != NULL ? self->next_action : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, self->next_action != NULL);
}

static void
update_titles (DboWindow *self)
{
  DboProject *project = dbo_session_get_project (self->session);
  g_autofree char *base = g_path_get_basename (dbo_session_get_path (self->session));
  const char *name = !dbo_str_empty (project->enterprise.name) ? project->enterprise.name : base;

  adw_window_title_set_title (self->project_title, name);
  if (dbo_session_get_read_only (self->session))
    {
      /* Translators: the window's subtitle: "FILE.dengbao (read-only)" */
      g_autofree char *subtitle = g_strdup_printf (_("%s (read-only)"), base);

      adw_window_title_set_subtitle (self->project_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->project_title, base);
  gtk_window_set_title (GTK_WINDOW (self), name);
}

static void
update_save_state (DboWindow *self)
{
  const char *error = dbo_session_get_save_error (self->session);
  GtkWidget *label = GTK_WIDGET (self->save_label);

  /* Narrow, the header has no room for words: an error still shows as an icon. */
  gtk_widget_set_visible (label, !adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", TRUE);
  if (error != NULL)
    {
      gboolean blocked = dbo_session_get_save_blocked (self->session);

      gtk_label_set_text (self->save_label, blocked ? _("Not saved") : _("Could not save"));
      dbo_widget_set_tooltip (gtk_widget_get_parent (label), error);
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "error");
      gtk_image_set_from_icon_name (self->save_icon, "dialog-warning-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->save_icon), TRUE);
      /* Said once per failure; the indicator keeps saying it. */
      if (!self->save_error_shown)
        {
          g_autofree char *message = NULL;
          AdwToast *toast;

          if (blocked)
            message = g_strdup_printf (_("Not saved: %s"), error);
          else
            message = g_strdup_printf (_("Could not save: %s. Your changes are kept and saving is "
                                         "retried."), error);
          toast = adw_toast_new (message);
          if (blocked)
            {
              /* Retrying cannot help: the way on is another file. */
              adw_toast_set_timeout (toast, 0);
              adw_toast_set_button_label (toast, _("_Save As…"));
              adw_toast_set_action_name (toast, "win.save-as");
            }
          else
            adw_toast_set_timeout (toast, 8);
          dbo_window_add_toast (self, toast);
          self->save_error_shown = TRUE;
        }
      return;
    }
  if (dbo_session_get_read_only (self->session) && dbo_session_get_saved (self->session))
    {
      self->save_error_shown = FALSE;
      gtk_label_set_text (self->save_label, _("Read-only"));
      dbo_widget_set_tooltip (gtk_widget_get_parent (label),
                              _("Opened read-only: nothing is written to this file. "
                                "“Save As” keeps changes in a new file."));
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_image_set_from_icon_name (self->save_icon, "changes-prevent-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->save_icon), TRUE);
      return;
    }
  self->save_error_shown = FALSE;
  gtk_label_set_text (self->save_label, dbo_session_get_saved (self->session) ? _("Saved") : _("Saving…"));
  dbo_widget_set_tooltip (gtk_widget_get_parent (label),
                               dbo_session_get_saved (self->session) ? _("Every change is saved in the project file")
                                                                     : NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->save_icon), FALSE);
}

static void
session_findings_changed_cb (DboWindow  *self,
                             DboSession *session)
{
  update_step_statuses (self);
  update_next_action (self);
}

/* ---- undo and redo ---- */

/* What a step did, as the menu says it after "Undo" or "Redo". */
static char *
describe_edit (const DboEditInfo *info)
{
  const char *name = info->name;

  switch (info->kind)
    {
    case DBO_EDIT_ADD:
      /* Translators: completes "Undo …" / "Redo …": adding an object or a panel member */
      return g_strdup_printf (_("Adding “%s”"), name ? name : "");
    case DBO_EDIT_REMOVE:
      /* Translators: completes "Undo …" / "Redo …" */
      return g_strdup_printf (_("Deleting “%s”"), name ? name : "");
    case DBO_EDIT_REPLACE:
      return g_strdup (_("Import"));
    case DBO_EDIT_CHANGE:
    default:
      if (info->part == DBO_PART_RECOMMENDATION && name != NULL)
        /* Translators: completes "Undo …": the panel's recommended level for an object */
        return g_strdup_printf (_("Panel’s Level for “%s”"), name);
      if (name != NULL)
        /* Translators: completes "Undo …" / "Redo …" */
        return g_strdup_printf (_("Editing “%s”"), name);
      if (info->part == DBO_PART_ENTERPRISE)
        return g_strdup (_("Editing the Enterprise"));
      if (info->part == DBO_PART_PANEL)
        return g_strdup (_("Editing the Panel"));
      return g_strdup (_("Editing the Project"));
    }
}

static void
update_history (DboWindow *self)
{
  gboolean can_undo = self->session != NULL && dbo_session_can_undo (self->session);
  gboolean can_redo = self->session != NULL && dbo_session_can_redo (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);
  if (self->history_section == NULL)
    return;
  g_menu_remove_all (self->history_section);
  {
    g_autofree char *what = can_undo ? describe_edit (dbo_session_peek_undo (self->session)) : NULL;
    /* Translators: a menu item, "Undo Editing “煤矿安全监控系统”" */
    g_autofree char *label = what ? g_strdup_printf (_("_Undo %s"), what) : g_strdup (_("_Undo"));

    g_menu_append (self->history_section, label, "win.undo");
  }
  {
    g_autofree char *what = can_redo ? describe_edit (dbo_session_peek_redo (self->session)) : NULL;
    /* Translators: a menu item, "Redo Deleting “煤矿安全监控系统”" */
    g_autofree char *label = what ? g_strdup_printf (_("_Redo %s"), what) : g_strdup (_("_Redo"));

    g_menu_append (self->history_section, label, "win.redo");
  }
}

static void
step_history_action (DboWindow *self, gboolean undo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const DboEditInfo *info;

  if (self->session == NULL)
    return;
  info = undo ? dbo_session_peek_undo (self->session) : dbo_session_peek_redo (self->session);
  if (info == NULL)
    return;
  what = describe_edit (info);
  if (!(undo ? dbo_session_undo (self->session, &error) : dbo_session_redo (self->session, &error)))
    {
      /* Translators: a toast; %s is the reason */
      g_autofree char *text = g_strdup_printf (undo ? _("Could not undo: %s") : _("Could not redo: %s"),
                                               error->message);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      dbo_window_add_toast (self, toast);
    }
  update_history (self);
}

static void
undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step_history_action (DBO_WINDOW (widget), TRUE);
}

static void
redo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step_history_action (DBO_WINDOW (widget), FALSE);
}

/* The project's menu: the history's two items, then the primary menu. */
static void
create_project_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  DboWindow *self = DBO_WINDOW (user_data);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-primary-menu.ui");
  GMenu *menu = G_MENU (gtk_builder_get_object (builder, "primary_menu"));

  if (self->history_section == NULL)
    self->history_section = g_menu_new ();
  g_menu_prepend_section (menu, NULL, G_MENU_MODEL (self->history_section));
  update_history (self);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
session_changed_cb (DboWindow  *self,
                    int         part,
                    const char *id,
                    DboSession *session)
{
  if (part == DBO_PART_ENTERPRISE || part == DBO_PART_HEADER)
    update_titles (self);
  /* Each edit renames the next undo. */
  update_history (self);
}

static void
session_save_state_cb (DboWindow  *self,
                       GParamSpec *pspec,
                       DboSession *session)
{
  update_save_state (self);
}

/* Saved under another name: the window follows the new file. */
static void
session_path_cb (DboWindow  *self,
                 GParamSpec *pspec,
                 DboSession *session)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *uri = g_filename_to_uri (dbo_session_get_path (session), NULL, NULL);

  update_titles (self);
  update_save_state (self);
  if (uri != NULL && app != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* ---- steps ---- */

/* The steps are built when first shown, or soon after the window has
 * painted: building all seven before the first frame would make opening a
 * project noticeably slower than opening an empty window. */
static GtkWidget *
ensure_step (DboWindow *self, DboWizardStep step)
{
  if (self->step_widgets[step] == NULL)
    {
      GtkWidget *widget = g_object_new (steps[step].get_type (),
                                        "name", steps[step].name,
                                        "title", _(steps[step].title),
                                        "help-page", dbo_help_page_for_step (steps[step].name),
                                        "session", self->session,
                                        NULL);

      gtk_stack_add_named (self->step_stack, widget, steps[step].name);
      self->step_widgets[step] = widget;
      /* A step reading the findings as it starts, between an edit and the
       * session's announcement, recomputes them silently: the session then
       * announces nothing and the other views would miss the edit. Announce
       * on its behalf. */
      if (self->session != NULL)
        g_signal_emit_by_name (self->session, "findings-changed");
    }
  return self->step_widgets[step];
}

static gboolean
build_steps_cb (gpointer user_data)
{
  DboWindow *self = user_data;

  /* One step per idle turn, so input is never held up for long. */
  for (int i = 0; i < DBO_N_STEPS; i++)
    if (self->step_widgets[i] == NULL)
      {
        ensure_step (self, i);
        return G_SOURCE_CONTINUE;
      }
  self->build_steps_source = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_build_steps (DboWindow *self)
{
  dbo_widget_idle_after_frame (GTK_WIDGET (self), build_steps_cb, &self->build_steps_source);
}

GtkWidget *
dbo_window_get_step_widget (DboWindow  *self,
                            const char *step_name)
{
  int step;

  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  step = step_index (step_name);
  g_return_val_if_fail (step >= 0, NULL);
  return ensure_step (self, step);
}

static void
show_step (DboWindow *self, DboWizardStep step, gboolean navigate)
{
  if (self->session != NULL && step != self->step)
    {
      /* Leaving a step writes what was typed in it; a failure shows in the header. */
      dbo_session_flush (self->session, NULL);
    }
  self->step = step;
  ensure_step (self, step);
  gtk_stack_set_visible_child_name (self->step_stack, steps[step].name);
  adw_window_title_set_title (self->step_title, dbo_step_get_title (DBO_STEP (self->step_widgets[step])));
  gtk_list_box_select_row (self->step_list, GTK_LIST_BOX_ROW (self->step_rows[step]));
  if (navigate)
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

void
dbo_window_show_step (DboWindow  *self,
                      const char *step_name)
{
  int step;

  g_return_if_fail (DBO_IS_WINDOW (self));
  step = step_index (step_name);
  g_return_if_fail (step >= 0);
  show_step (self, step, TRUE);
}

const char *
dbo_window_get_step (DboWindow *self)
{
  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  return self->session != NULL ? steps[self->step].name : NULL;
}

void
dbo_window_focus_path (DboWindow  *self,
                       const char *finding_path)
{
  g_autofree char *path = NULL;
  int step;

  g_return_if_fail (DBO_IS_WINDOW (self));
  g_return_if_fail (finding_path != NULL);
  step = dbo_step_for_path (finding_path);
  if (step < 0 || self->session == NULL)
    return;
  /* Showing the step may refresh the findings, and with them the banner's path. */
  path = g_strdup (finding_path);
  show_step (self, step, TRUE);
  dbo_step_focus_path (DBO_STEP (ensure_step (self, step)), path);
}

const char *
dbo_window_get_step_status (DboWindow  *self,
                            const char *step_name)
{
  int step;

  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  step = step_index (step_name);
  g_return_val_if_fail (step >= 0, NULL);
  return gtk_label_get_text (self->step_status[step]);
}

const char *
dbo_window_get_next_action (DboWindow *self)
{
  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  return self->next_action;
}

static void
step_row_activated_cb (GtkListBox    *list,
                       GtkListBoxRow *row,
                       DboWindow     *self)
{
  show_step (self, gtk_list_box_row_get_index (row), TRUE);
}

static void
leaflet_folded_cb (DboWindow *self)
{
  if (self->session != NULL)
    update_save_state (self);
  /* Folded, the list is a page of its own: keep the selection only when both are shown. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_unselect_all (self->step_list);
  else if (self->session != NULL)
    gtk_list_box_select_row (self->step_list, GTK_LIST_BOX_ROW (self->step_rows[self->step]));
}

static void
build_step_rows (DboWindow *self)
{
  for (int i = 0; i < DBO_N_STEPS; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      GtkWidget *num = gtk_label_new (number);
      GtkWidget *title = gtk_label_new (_(steps[i].title));
      GtkWidget *status = gtk_label_new (NULL);

      gtk_widget_add_css_class (num, "dim-label");
      gtk_widget_add_css_class (num, "numeric");
      gtk_widget_add_css_class (box, "dbo-step-row");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (status, "dbo-step-status");
      gtk_box_append (GTK_BOX (box), num);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), status);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_name (row, steps[i].name);
      gtk_list_box_append (self->step_list, row);
      self->step_rows[i] = row;
      self->step_status[i] = GTK_LABEL (status);
    }
}

/* ---- session ---- */

DboSession *
dbo_window_get_session (DboWindow *self)
{
  g_return_val_if_fail (DBO_IS_WINDOW (self), NULL);
  return self->session;
}

void
dbo_window_set_session (DboWindow  *self,
                        DboSession *session)
{
  g_return_if_fail (DBO_IS_WINDOW (self));
  g_return_if_fail (session == NULL || DBO_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      dbo_session_flush (self->session, NULL);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_set_object (&self->session, session);
  for (int i = 0; i < DBO_N_STEPS; i++)
    if (self->step_widgets[i] != NULL)
      g_object_set (self->step_widgets[i], "session", session, NULL);

  if (session != NULL)
    {
      g_signal_connect_object (session, "findings-changed", G_CALLBACK (session_findings_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::saved", G_CALLBACK (session_save_state_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::save-error", G_CALLBACK (session_save_state_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::path", G_CALLBACK (session_path_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::can-undo", G_CALLBACK (update_history), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::can-redo", G_CALLBACK (update_history), self,
                               G_CONNECT_SWAPPED);
      self->save_error_shown = FALSE;
      update_titles (self);
      update_save_state (self);
      update_step_statuses (self);
      update_next_action (self);
      /* Folded, the step list comes first. */
      show_step (self, DBO_WIZARD_ENTERPRISE, FALSE);
      adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
      gtk_stack_set_visible_child_name (self->main_stack, "project");
      schedule_build_steps (self);
    }
  else
    {
      update_next_action (self);
      gtk_window_set_title (GTK_WINDOW (self), _("Dengbao"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", FALSE);
      ensure_start_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "start");
    }
  update_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
dbo_window_add_toast (DboWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (DBO_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- closing ---- */

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DboWindow        *self)
{
  if (g_strcmp0 (response, "close") == 0)
    {
      /* Closed once the dialog has finished with its parent: destroying the
       * window under its own transient dialog's response crashes GTK 4.8. */
      self->force_close = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save-as") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
}

static gboolean
dbo_window_close_request (GtkWindow *window)
{
  DboWindow *self = DBO_WINDOW (window);

  save_window_state (self);
  if (self->session != NULL && !self->force_close)
    {
      g_autoptr(GError) error = NULL;

      if (!dbo_session_flush (self->session, &error))
        {
          g_autofree char *base = g_path_get_basename (dbo_session_get_path (self->session));
          GtkWidget *dialog = adw_message_dialog_new (window, _("The Project Could Not Be Saved"), NULL);

          /* Losing typed work silently is the one thing worth interrupting for. */
          adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                          _("The last changes could not be written to “%s”: %s\n\n"
                                            "If you close the window now, they are lost."),
                                          base, error->message);
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                            "close", _("_Close Anyway"),
                                            "keep", _("_Keep Open"),
                                            NULL);
          if (dbo_session_get_save_blocked (self->session))
            {
              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save-as", _("_Save As…"));
              adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save-as",
                                                          ADW_RESPONSE_SUGGESTED);
            }
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                                      ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
          adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
          g_signal_connect_object (dialog, "response", G_CALLBACK (unsaved_response_cb), self, 0);
          gtk_window_present (GTK_WINDOW (dialog));
          return TRUE;
        }
    }
  return GTK_WINDOW_CLASS (dbo_window_parent_class)->close_request (window);
}

/* ---- actions ---- */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DboWindow *self = DBO_WINDOW (widget);
  int n = g_variant_get_int32 (parameter);

  if (self->session != NULL && n >= 1 && n <= DBO_N_STEPS)
    show_step (self, n - 1, TRUE);
}

static void
focus_path_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  dbo_window_focus_path (DBO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_steps_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DboWindow *self = DBO_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
next_action_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DboWindow *self = DBO_WINDOW (widget);

  if (self->session == NULL || self->next_action == NULL)
    return;
  if (self->next_action_path != NULL && dbo_step_for_path (self->next_action_path) >= 0)
    dbo_window_focus_path (self, self->next_action_path);
  else
    show_step (self, self->next_action_step, TRUE);
}

gboolean
dbo_window_save_as (DboWindow   *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (DBO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  if (!dbo_session_save_as (self->session, path, error))
    return FALSE;
  self->save_error_shown = FALSE;
  base = g_path_get_basename (path);
  message = g_strdup_printf (_("Saved as “%s”"), base);
  dbo_window_add_toast (self, adw_toast_new (message));
  return TRUE;
}

static void
save_as_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     DboWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL || self->session == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      dbo_window_add_toast (self, adw_toast_new (_("Projects can only be saved in a local folder")));
      return;
    }
  if (!g_str_has_suffix (path, ".dengbao"))
    {
      char *with_suffix = g_strconcat (path, ".dengbao", NULL);

      g_free (path);
      path = with_suffix;
    }
  if (!dbo_window_save_as (self, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      dbo_window_add_toast (self, toast);
    }
}

/* A copy of the project as it is in memory, in a new file that this window
 * then edits: the way on from a read-only, replaced or changed file. */
static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DboWindow *self = DBO_WINDOW (widget);
  g_autofree char *dir = NULL, *base = NULL, *stem = NULL, *suggested = NULL, *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->session == NULL)
    return;
  dir = g_path_get_dirname (dbo_session_get_path (self->session));
  base = g_path_get_basename (dbo_session_get_path (self->session));
  stem = g_str_has_suffix (base, ".dengbao") ? g_strndup (base, strlen (base) - 8) : g_strdup (base);
  if (g_access (dir, W_OK) != 0)
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

      g_free (dir);
      dir = g_strdup (documents != NULL ? documents : g_get_home_dir ());
    }
  suggested = dbo_application_free_path (dir, stem, ".dengbao");
  name = g_path_get_basename (suggested);

  chooser = gtk_file_chooser_native_new (_("Save Project As"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* F11: the expert panel's meeting mode, full screen (issue 5). */
static void
meeting_mode_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DboWindow *self = DBO_WINDOW (widget);

  if (self->session != NULL)
    dbo_meeting_window_present (self->session, GTK_WINDOW (self));
}

/* ---- GObject ---- */

static void
dbo_window_show (GtkWidget *widget)
{
  DboWindow *self = DBO_WINDOW (widget);

  /* A window shown without a project shows the start page. */
  if (self->session == NULL && self->start_builder == NULL)
    {
      ensure_start_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "start");
    }
  GTK_WIDGET_CLASS (dbo_window_parent_class)->show (widget);
}

static void
dbo_window_constructed (GObject *object)
{
  DboWindow *self = DBO_WINDOW (object);

  G_OBJECT_CLASS (dbo_window_parent_class)->constructed (object);
  restore_window_state (self);
}

static void
dbo_window_dispose (GObject *object)
{
  DboWindow *self = DBO_WINDOW (object);

  if (self->session != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_signal_handlers_disconnect_by_data (self->session, self);
      if (!dbo_session_flush (self->session, &error))
        g_debug ("closing with unsaved changes: %s", error->message);
    }
  g_clear_object (&self->session);
  g_clear_handle_id (&self->build_steps_source, g_source_remove);
  g_clear_object (&self->start_builder);
  g_clear_object (&self->history_section);
  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_WINDOW);
  G_OBJECT_CLASS (dbo_window_parent_class)->dispose (object);
}

static void
dbo_window_finalize (GObject *object)
{
  DboWindow *self = DBO_WINDOW (object);

  g_free (self->next_action);
  g_free (self->next_action_path);
  G_OBJECT_CLASS (dbo_window_parent_class)->finalize (object);
}

static void
dbo_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DboWindow *self = DBO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DboWindow *self = DBO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dbo_window_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_window_class_init (DboWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dbo_window_constructed;
  object_class->dispose = dbo_window_dispose;
  object_class->finalize = dbo_window_finalize;
  object_class->get_property = dbo_window_get_property;
  object_class->set_property = dbo_window_set_property;
  widget_class->show = dbo_window_show;
  window_class->close_request = dbo_window_close_request;

  /**
   * DboWindow:session:
   *
   * The open project, or %NULL while the window shows the start page.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DboWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, project_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, project_title);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, step_list);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, step_title);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, save_icon);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, DboWindow, step_stack);
  /* Reached by name only (tests). */
  gtk_widget_class_bind_template_child_full (widget_class, "save_box", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, step_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.step", "i", step_action);
  /* The steps' way to a finding's field on another step. */
  gtk_widget_class_install_action (widget_class, "win.focus-path", "s", focus_path_action);
  gtk_widget_class_install_action (widget_class, "win.show-steps", NULL, show_steps_action);
  gtk_widget_class_install_action (widget_class, "win.next-action", NULL, next_action_action);
  gtk_widget_class_install_action (widget_class, "win.meeting-mode", NULL, meeting_mode_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  /* Bubble phase: a focused entry undoes its own typing first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.meeting-mode", NULL);

  for (int i = 0; i < DBO_N_STEPS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.step", "i", i + 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dbo_window_init (DboWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_step_rows (self);
  gtk_menu_button_set_create_popup_func (self->project_menu_button, create_project_menu_cb, self, NULL);
  update_history (self);
}

GtkWidget *
dbo_window_new (GtkApplication *application)
{
  return g_object_new (DBO_TYPE_WINDOW, "application", application, NULL);
}
