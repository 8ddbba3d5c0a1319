/* test-window.c — the application shell and step 1, driven through their widgets */
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <sqlite3.h>
#include <unistd.h>

#include "dbo-application.h"
#include "dbo-ruleset.h"
#include "dbo-bundle.h"
#include "dbo-import.h"
#include "dbo-findings-box.h"
#include "dbo-gui-test-utils.h"
#include "dbo-new-project-dialog.h"
#include "dbo-project-xml.h"
#include "dbo-step-enterprise.h"
#include "dbo-store.h"
#include "dbo-window.h"

#define SAMPLE_CREDIT_CODE "91140525MA0JD8K2XK"

/* XDG_DATA_DIRS as it was before the test isolation (for the screenshots' icon theme). */
static char *system_data_dirs;

/* ---- helpers ---- */

static gboolean
timeout_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds (TRUE) or @ms pass (FALSE). */
static gboolean
spin_until (Condition cond, gpointer data, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gpointer
window_child (DboWindow *window, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), DBO_TYPE_WINDOW, name);
}

static gpointer
step_child (DboWindow *window, const char *name)
{
  return dbo_step_enterprise_get_row (DBO_STEP_ENTERPRISE (dbo_window_get_step_widget (window, "enterprise")), name);
}

static guint
count_descendants (GtkWidget *widget, GType type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_descendants (c, type);
  return n;
}

static gboolean
all_groups_cond (gpointer step)
{
  return count_descendants (step, ADW_TYPE_PREFERENCES_GROUP) == 6;
}

static gpointer
dialog_child (DboNewProjectDialog *dialog, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), DBO_TYPE_NEW_PROJECT_DIALOG, name);
}

static DboWindow *
new_window (void)
{
  DboWindow *window = DBO_WINDOW (dbo_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
destroy_window (DboWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (10);
}

/* Selects the combo row's item whose text is @text. */
static void
pick (AdwComboRow *row, const char *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("no item “%s” in the combo row", text);
}

static void
type_into (gpointer editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static DboProject *
load_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  DboProject *project;

  g_assert_no_error (error);
  project = dbo_store_load (store, &error);
  g_assert_no_error (error);
  return project;
}

/* The sample imported into a new project file, as the shell's tests and screenshots use it. */
static char *
import_sample (const char *dir)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *path = g_build_filename (dir, "sample.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
  g_autoptr(DboStore) store = NULL;

  g_assert_no_error (error);
  store = dbo_store_create (path, project, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static DboSession *
open_session (const char *path)
{
  g_autoptr(GError) error = NULL;
  DboSession *session = dbo_session_open (path, &error);
  GDate today;

  g_assert_no_error (error);
  /* A fixed day after the certificate, so deadline findings do not depend on the clock. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  dbo_session_set_today (session, &today);
  dbo_session_set_save_delay (session, 20);
  return session;
}

static gboolean
saved_cond (gpointer data)
{
  return dbo_session_get_saved (data);
}

static gboolean
save_error_cond (gpointer data)
{
  return dbo_session_get_save_error (data) != NULL;
}

/* Runs the activation of the window's own key binding for @keyval + @mods, as a key press would. */
static gboolean
press_binding (GtkWidget *widget, guint keyval, GdkModifierType mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (trigger != NULL && gtk_shortcut_trigger_equal (trigger, wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 widget, gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

/* ---- tests ---- */

static void
test_start_page (void)
{
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = import_sample (dir);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkWidget *recent_group = GTK_WIDGET (dbo_window_get_start_object (window, "recent_group"));
  GtkWidget *recent_list = GTK_WIDGET (dbo_window_get_start_object (window, "recent_list"));
  GtkWidget *row;

  g_assert_null (dbo_window_get_session (window));
  g_assert_null (dbo_window_get_step (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_child (window, "main_stack")), ==, "start");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dbo_window_get_start_object (window, "new_button"))));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (dbo_window_get_start_object (window, "new_button"))),
                   ==, "app.new");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (dbo_window_get_start_object (window, "open_button"))),
                   ==, "app.open");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (dbo_window_get_start_object (window,
                                                                                                "import_button"))),
                   ==, "app.import");
  g_assert_nonnull (adw_status_page_get_description (ADW_STATUS_PAGE (dbo_window_get_start_object (window,
                                                                                                   "status_page"))));
  /* Nothing opened yet in these isolated directories. */
  g_assert_false (gtk_widget_get_visible (recent_group));

  /* A project opened elsewhere shows up in the list. */
  dbo_test_ensure_recent_dir ();
  g_assert_true (gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri));
  g_assert_true (spin_until ((Condition) gtk_widget_get_visible, recent_group, 5000));
  row = gtk_widget_get_first_child (recent_list);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "sample");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "dbo-path"), ==, path);

  destroy_window (window);
}

static void
created_cb (DboNewProjectDialog *dialog, DboSession *session, DboSession **out)
{
  g_set_object (out, session);
}

static void
test_new_project_and_step1 (void)
{
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "金鼎.dengbao", NULL);
  g_autofree char *suggested = NULL;
  g_autoptr(DboSession) session = NULL;
  g_autoptr(DboSession) emitted = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) error = NULL;
  DboNewProjectDialog *dialog;

  dialog = DBO_NEW_PROJECT_DIALOG (dbo_new_project_dialog_new (GTK_WINDOW (window)));
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &emitted);

  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "create_button")));
  type_into (dialog_child (dialog, "name_row"), "山西泽州金鼎煤业有限公司");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "create_button")));
  type_into (dialog_child (dialog, "credit_row"), "91140525ma0jd8k2xk");
  g_assert_false (gtk_widget_has_css_class (dialog_child (dialog, "credit_row"), "error"));
  pick (dialog_child (dialog, "city_row"), "晋城");
  pick (dialog_child (dialog, "kind_row"), _("Production mine"));
  pick (dialog_child (dialog, "std_row"), _("Level 2"));
  suggested = dbo_new_project_dialog_suggest_name (dialog);
  g_assert_cmpstr (suggested, ==, "山西泽州金鼎煤业有限公司.dengbao");

  session = dbo_new_project_dialog_create_at (dialog, path, &error);
  g_assert_no_error (error);
  g_assert_true (DBO_IS_SESSION (session));
  g_assert_true (emitted == session);
  g_clear_object (&emitted);
  /* The dialog closed itself. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  /* Creating never overwrites. */
  {
    DboNewProjectDialog *again = DBO_NEW_PROJECT_DIALOG (dbo_new_project_dialog_new (NULL));
    g_autoptr(DboSession) none = NULL;

    type_into (dialog_child (again, "name_row"), "x");
    none = dbo_new_project_dialog_create_at (again, path, &error);
    g_assert_null (none);
    g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS);
    g_clear_error (&error);
    gtk_window_destroy (GTK_WINDOW (again));
  }

  dbo_session_set_save_delay (session, 20);
  dbo_window_set_session (window, session);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_child (window, "main_stack")), ==, "project");
  g_assert_cmpstr (dbo_window_get_step (window), ==, "enterprise");
  /* The first screen of step 1 comes first, its other groups once it is drawn. */
  g_assert_cmpuint (count_descendants (dbo_window_get_step_widget (window, "enterprise"),
                                       ADW_TYPE_PREFERENCES_GROUP), ==, 2);
  g_assert_true (spin_until (all_groups_cond, dbo_window_get_step_widget (window, "enterprise"), 5000));
  /* The dialog's answers are in step 1. */
  g_assert_cmpstr (gtk_editable_get_text (step_child (window, "name_row")), ==, "山西泽州金鼎煤业有限公司");
  g_assert_cmpstr (gtk_editable_get_text (step_child (window, "credit_row")), ==, SAMPLE_CREDIT_CODE);
  g_assert_cmpuint (adw_combo_row_get_selected (step_child (window, "std_row")), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (step_child (window, "std_row")));

  /* Typing into step 1 saves through the session. */
  type_into (step_child (window, "county_row"), "泽州县");
  type_into (step_child (window, "postcode_row"), "048012");
  type_into (step_child (window, "contact_name_row"), "王志强");
  type_into (step_child (window, "contact_mobile_row"), "13935601818");
  type_into (step_child (window, "head_email_row"), "lijianguo@jdmy.example.cn");
  pick (step_child (window, "affiliation_row"), _("3 Prefecture, region, city, autonomous prefecture or league"));
  pick (step_child (window, "unit_type_row"), _("9 Other"));
  g_assert_true (gtk_widget_get_visible (step_child (window, "unit_type_other_row")));
  type_into (step_child (window, "unit_type_other_row"), "股份制企业");
  pick (step_child (window, "kind_row"), _("Construction mine"));
  g_assert_false (gtk_widget_get_sensitive (step_child (window, "std_row")));
  /* Industry 38 is the default of a new project. */
  g_assert_cmpuint (adw_combo_row_get_selected (step_child (window, "industry_row")), >, 0);
  g_assert_true (spin_until (saved_cond, session, 5000));
  g_assert_true (dbo_session_flush (session, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_label_get_text (window_child (window, "save_label")), ==, _("Saved"));
  dbo_test_assert_saved (session);

  project = load_file (path);
  g_assert_cmpstr (project->enterprise.name, ==, "山西泽州金鼎煤业有限公司");
  g_assert_cmpstr (project->enterprise.credit_code, ==, SAMPLE_CREDIT_CODE);
  g_assert_cmpstr (project->enterprise.city, ==, "09");
  g_assert_cmpstr (project->enterprise.county, ==, "泽州县");
  g_assert_cmpstr (project->enterprise.postcode, ==, "048012");
  g_assert_cmpstr (project->enterprise.contact.name, ==, "王志强");
  g_assert_cmpstr (project->enterprise.contact.mobile, ==, "13935601818");
  g_assert_cmpstr (project->enterprise.head.email, ==, "lijianguo@jdmy.example.cn");
  g_assert_cmpstr (project->enterprise.affiliation_code, ==, "3");
  g_assert_cmpstr (project->enterprise.unit_type_code, ==, "9");
  g_assert_cmpstr (project->enterprise.unit_type_other, ==, "股份制企业");
  g_assert_cmpstr (project->enterprise.industry_code, ==, "38");
  g_assert_cmpint (project->enterprise.kind, ==, DBO_KIND_CONSTRUCTION);
  g_assert_cmpstr (project->title, ==, "山西泽州金鼎煤业有限公司网络安全等级保护定级备案");

  /* A finding's path focuses its row. */
  dbo_window_show_step (window, "panel");
  dbo_window_focus_path (window, "enterprise/contact/mobile");
  g_assert_cmpstr (dbo_window_get_step (window), ==, "enterprise");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         step_child (window, "contact_mobile_row")));

  /* Named systems (issue 16, item 7): with no objects, each is reported and
   * its row says so; the mine says it does not run one, and that one is no
   * longer reported. */
  {
    GtkWidget *row = step_child (window, "named_intelligent-face_row");
    GtkSwitch *sw = GTK_SWITCH (dbo_test_find_type (row, GTK_TYPE_SWITCH));
    g_autoptr(DboProject) saved = NULL;

    g_assert_nonnull (dbo_findings_box_find_for_path (session, "enterprise/named-systems/intelligent-face"));
    /* Under its own group, not under the name's ("enterprise/name" is no prefix of it). */
    g_assert_true (gtk_widget_get_visible (step_child (window, "named_findings")));
    g_assert_false (gtk_widget_get_visible (step_child (window, "name_findings")));
    g_assert_true (gtk_switch_get_active (sw));
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (sw)));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     _("Runs here, not added as a protected object yet"));
    gtk_switch_set_active (sw, FALSE);
    g_assert_false (gtk_switch_get_active (sw));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Not run by this mine"));
    g_assert_null (dbo_findings_box_find_for_path (session, "enterprise/named-systems/intelligent-face"));
    g_assert_nonnull (dbo_findings_box_find_for_path (session, "enterprise/named-systems/output"));
    g_assert_true (dbo_session_flush (session, &error));
    g_assert_no_error (error);
    saved = load_file (path);
    g_assert_cmpuint (saved->enterprise.not_run, ==, 1u << DBO_PRESET_INTELLIGENT_FACE);

    /* Its finding leads to its row. */
    dbo_window_show_step (window, "panel");
    dbo_window_focus_path (window, "enterprise/named-systems/output");
    g_assert_cmpstr (dbo_window_get_step (window), ==, "enterprise");
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                           step_child (window, "named_output_row")));

    /* An object graded as the system: the row names it, the switch stays on. */
    {
      DboObject *o = dbo_object_new ("o1");

      o->preset = DBO_PRESET_OUTPUT;
      dbo_session_add_object (session, o);
    }
    sw = GTK_SWITCH (dbo_test_find_type (step_child (window, "named_output_row"), GTK_TYPE_SWITCH));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sw)));
    {
      g_autofree char *unnamed = g_strdup_printf (_("Unnamed object %u"), 1);
      g_autofree char *graded = g_strdup_printf (_("Graded as the protected object “%s”"), unnamed);

      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (step_child (window, "named_output_row"))), ==,
                       graded);
    }
    g_assert_null (dbo_findings_box_find_for_path (session, "enterprise/named-systems/output"));
  }

  destroy_window (window);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_credit_code_live (void)
{
  DboNewProjectDialog *dialog = DBO_NEW_PROJECT_DIALOG (dbo_new_project_dialog_new (NULL));
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = import_sample (dir);
  g_autoptr(DboSession) session = open_session (path);
  g_autofree char *expected = g_strdup_printf (_("Wrong check character “%c”: expected “%c”"), 'A', 'K');
  g_autofree char *check17 = g_strdup_printf (_("The check character, the 18th, should be “%c”"), 'K');
  gboolean is_error;
  g_autofree char *hint = NULL;

  /* In the new-project dialog, at once. */
  gtk_window_present (GTK_WINDOW (dialog));
  type_into (dialog_child (dialog, "credit_row"), "91140525MA0JD8K2X");
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "credit_hint")), ==, check17);
  type_into (dialog_child (dialog, "credit_row"), "91140525MA0JD8K2XA");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "credit_hint")));
  g_assert_cmpstr (gtk_label_get_text (dialog_child (dialog, "credit_hint")), ==, expected);
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "credit_row"), "error"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The hint itself. */
  hint = dbo_credit_code_hint ("91140525MA0JD8K2XI", &is_error);
  g_assert_true (is_error);
  g_clear_pointer (&hint, g_free);
  hint = dbo_credit_code_hint ("9114", &is_error);
  g_assert_false (is_error);
  g_clear_pointer (&hint, g_free);
  hint = dbo_credit_code_hint ("91O4", &is_error);
  g_assert_true (is_error);
  g_assert_nonnull (strstr (hint, "“O”"));
  g_clear_pointer (&hint, g_free);
  g_assert_null (dbo_credit_code_hint ("", &is_error));

  /* In step 1: the row says it at once, the findings box once the core has checked. */
  dbo_window_set_session (window, session);
  g_assert_cmpstr (dbo_window_get_step_status (window, "enterprise"), ==, "✓");
  type_into (step_child (window, "credit_row"), "91140525MA0JD8K2XA");
  g_assert_cmpstr (gtk_label_get_text (step_child (window, "credit_hint")), ==, expected);
  g_assert_true (gtk_widget_has_css_class (step_child (window, "credit_row"), "error"));
  g_assert_true (spin_until ((Condition) gtk_widget_get_visible, step_child (window, "credit_findings"), 5000));
  g_assert_cmpstr (dbo_window_get_step_status (window, "enterprise"), ==, "✗ 1");
  g_assert_cmpstr (dbo_window_get_next_action (window), ==, _("Correct the unified social credit code"));
  /* Lower case is stored as the standard writes it. */
  type_into (step_child (window, "credit_row"), "91140525ma0jd8k2xk");
  g_assert_cmpstr (dbo_session_get_project (session)->enterprise.credit_code, ==, SAMPLE_CREDIT_CODE);
  g_assert_false (gtk_widget_has_css_class (step_child (window, "credit_row"), "error"));
  g_assert_true (spin_until (saved_cond, session, 5000));

  destroy_window (window);
}

static void
test_sample_steps_and_shortcuts (void)
{
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = import_sample (dir);
  g_autoptr(DboSession) session = open_session (path);

  dbo_window_set_session (window, session);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The sample is complete: every step with findings of its own is done. */
  g_assert_cmpstr (dbo_window_get_step_status (window, "enterprise"), ==, "✓");
  g_assert_cmpstr (dbo_window_get_step_status (window, "objects"), ==, "✓");
  g_assert_cmpstr (dbo_window_get_step_status (window, "grading"), ==, "✓");
  g_assert_cmpstr (dbo_window_get_step_status (window, "panel"), ==, "✓");
  g_assert_cmpstr (dbo_window_get_step_status (window, "documents"), ==, "");
  g_assert_cmpstr (dbo_window_get_next_action (window), ==, _("Keep the MLPS assessments on schedule"));
  g_assert_true (gtk_revealer_get_reveal_child (window_child (window, "banner_revealer")));
  g_assert_cmpstr (gtk_label_get_text (window_child (window, "banner_label")), ==,
                   dbo_window_get_next_action (window));
  g_assert_cmpstr (adw_window_title_get_title (window_child (window, "project_title")), ==,
                   "山西泽州金鼎煤业有限公司");

  /* Alt+3 is the drafted levels, Alt+7 the progress. */
  g_assert_true (press_binding (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK));
  g_assert_cmpstr (dbo_window_get_step (window), ==, "grading");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_child (window, "step_stack")), ==, "grading");
  g_assert_cmpstr (adw_window_title_get_title (window_child (window, "step_title")), ==, _("Drafted levels"));
  g_assert_true (press_binding (GTK_WIDGET (window), GDK_KEY_7, GDK_ALT_MASK));
  g_assert_cmpstr (dbo_window_get_step (window), ==, "progress");
  g_assert_true (press_binding (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK));
  g_assert_cmpstr (dbo_window_get_step (window), ==, "enterprise");
  /* Clicking a step in the sidebar. */
  g_signal_emit_by_name (window_child (window, "step_list"), "row-activated",
                         gtk_list_box_get_row_at_index (window_child (window, "step_list"), 4));
  g_assert_cmpstr (dbo_window_get_step (window), ==, "documents");

  destroy_window (window);
}

static void
test_banner_names_next_action (void)
{
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = import_sample (dir);
  g_autoptr(DboSession) session = open_session (path);
  DboProject *project = dbo_session_get_project (session);
  g_autofree char *sentence = NULL;

  /* Without its panel the sample's first blocking finding is the panel's composition. */
  while (project->panel.members->len > 0)
    {
      DboMember *m = g_ptr_array_index (project->panel.members, 0);
      g_autoptr(DboRemoval) removal = dbo_session_remove_member (session, m->id);
    }
  dbo_window_set_session (window, session);
  {
    const DboPanelRules *rules = dbo_ruleset_get_panel_rules (dbo_session_get_rules (session));

    /* The make-up as the rule set words it, in the UI's language. */
    sentence = g_strdup_printf (_("Organise the expert review: %s"), dbo_ruleset_pick_text (rules->text_zh, rules->text_en));
    /* Chinese with the zh_CN catalogue, English without: either way the minimum. */
    g_assert_true (strstr (sentence, "不少于3名") != NULL || strstr (sentence, "at least 3") != NULL);
  }
  g_assert_cmpstr (dbo_window_get_next_action (window), ==, sentence);
  g_assert_cmpstr (gtk_label_get_text (window_child (window, "banner_label")), ==, sentence);
  g_assert_cmpstr (dbo_window_get_step_status (window, "panel"), !=, "✓");
  g_assert_true (g_str_has_prefix (dbo_window_get_step_status (window, "panel"), "✗"));

  /* "Go" leads there. */
  g_assert_cmpstr (dbo_window_get_step (window), ==, "enterprise");
  g_signal_emit_by_name (window_child (window, "banner_button"), "clicked");
  g_assert_cmpstr (dbo_window_get_step (window), ==, "panel");

  /* The mapping from paths to steps. */
  g_assert_cmpint (dbo_step_for_path ("enterprise/contact/mobile"), ==, DBO_WIZARD_ENTERPRISE);
  g_assert_cmpint (dbo_step_for_path ("objects"), ==, DBO_WIZARD_OBJECTS);
  g_assert_cmpint (dbo_step_for_path ("objects/o3/owner/phone"), ==, DBO_WIZARD_OBJECTS);
  g_assert_cmpint (dbo_step_for_path ("objects/o3/materials/2"), ==, DBO_WIZARD_OBJECTS);
  g_assert_cmpint (dbo_step_for_path ("objects/o3/grading"), ==, DBO_WIZARD_GRADING);
  g_assert_cmpint (dbo_step_for_path ("objects/o3/grading/override/reason"), ==, DBO_WIZARD_GRADING);
  g_assert_cmpint (dbo_step_for_path ("objects/grading/name"), ==, DBO_WIZARD_OBJECTS);
  g_assert_cmpint (dbo_step_for_path ("panel/members"), ==, DBO_WIZARD_PANEL);
  g_assert_cmpint (dbo_step_for_path ("reviews/1/@number"), ==, DBO_WIZARD_PROGRESS);
  g_assert_cmpint (dbo_step_for_path ("deadlines/filing/o1"), ==, DBO_WIZARD_PROGRESS);
  g_assert_cmpint (dbo_step_for_path ("enterprises"), ==, -1);

  destroy_window (window);
}

/* Holds the project file's write lock from a second connection, so every write of the session fails. */
static sqlite3 *
lock_file (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
test_unwritable_file (void)
{
  DboWindow *window = new_window ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = import_sample (dir);
  g_autoptr(DboSession) session = open_session (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) on_disk = NULL;
  sqlite3 *lock = NULL;

  dbo_window_set_session (window, session);
  if (getuid () != 0)
    {
      g_assert_cmpint (g_chmod (path, 0400), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
    }
  else
    /* Permissions do not stop root: take the file's write lock instead. */
    lock = lock_file (path);

  type_into (step_child (window, "name_row"), "山西泽州金鼎煤业有限公司（新）");
  g_assert_true (spin_until (save_error_cond, session, 20000));
  g_assert_cmpstr (gtk_label_get_text (window_child (window, "save_label")), ==, _("Could not save"));
  g_assert_true (gtk_widget_has_css_class (window_child (window, "save_label"), "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (window_child (window, "save_box")));
  /* The edit stays: in the model and in the row. */
  g_assert_cmpstr (dbo_session_get_project (session)->enterprise.name, ==, "山西泽州金鼎煤业有限公司（新）");
  g_assert_cmpstr (gtk_editable_get_text (step_child (window, "name_row")), ==, "山西泽州金鼎煤业有限公司（新）");
  g_assert_false (dbo_session_get_saved (session));

  /* Closing would lose it: the window stays open and says why. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  spin (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  {
    GList *toplevels = gtk_window_list_toplevels ();
    AdwMessageDialog *dialog = NULL;

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        dialog = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (dialog);
    g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
    adw_message_dialog_response (dialog, "keep");
    spin (20);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* When the file takes writes again, the edit is saved. */
  if (lock != NULL)
    {
      sqlite3_exec (lock, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (lock);
    }
  else
    {
      g_chmod (dir, 0700);
      g_chmod (path, 0600);
    }
  g_assert_true (dbo_session_flush (session, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_label_get_text (window_child (window, "save_label")), ==, _("Saved"));
  on_disk = load_file (path);
  g_assert_cmpstr (on_disk->enterprise.name, ==, "山西泽州金鼎煤业有限公司（新）");

  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_object_unref (window);
}

/* The new project's default file: beside the source, named after the
 * enterprise, never over another file. */
static void
test_import_free_name (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *xml = g_build_filename (dir, "jincheng.xml", NULL);
  g_autofree char *first = g_build_filename (dir, "山西泽州金鼎煤业有限公司.dengbao", NULL);
  g_autofree char *second = g_build_filename (dir, "山西泽州金鼎煤业有限公司 (2).dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_assert_no_error (error);
  a = dbo_import_default_destination (xml, project);
  g_assert_cmpstr (a, ==, first);
  g_assert_true (g_file_set_contents (first, "taken", -1, NULL));
  b = dbo_import_default_destination (xml, project);
  g_assert_cmpstr (b, ==, second);
  /* No enterprise name: the source's. */
  dbo_set_str (&project->enterprise.name, NULL);
  c = dbo_import_default_destination (xml, project);
  g_assert_true (g_str_has_suffix (c, "/jincheng.dengbao"));
}

static gboolean
recent_cond (gpointer uri)
{
  GtkRecentInfo *info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri, NULL);

  if (info == NULL)
    return FALSE;
  gtk_recent_info_unref (info);
  return TRUE;
}

static gboolean
no_windows_cond (gpointer app)
{
  return gtk_application_get_windows (app) == NULL;
}

/* The last toplevel window of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
on_submit_cond (gpointer app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DBO_IS_WINDOW (l->data) && g_strcmp0 (dbo_window_get_step (l->data), "submit") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
message_dialog_cond (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_application (void)
{
  static const char *actions[] = { "new", "open", "import", "about", "shortcuts", "help", "quit" };
  g_autoptr(DboApplication) app = dbo_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *xml = g_build_filename (dir, "jincheng.xml", NULL);
  g_autofree char *imported = g_build_filename (dir, "jincheng.dengbao", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.dengbao", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  g_auto(GStrv) accels = NULL;
  GList *windows;
  DboWindow *window;
  gsize len;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.new");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>n"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));
  /* The installed schema is found (window size, last folder). */
  g_assert_nonnull (dbo_application_get_settings (app));

  /* A project.xml is read, what it holds is shown, and it opens as a new
   * project file where the user says. */
  g_assert_true (g_file_get_contents (sample, &contents, &len, &error));
  g_assert_true (g_file_set_contents (xml, contents, len, &error));
  dbo_test_ensure_recent_dir ();
  dbo_import_start (app, xml, imported, NULL);
  g_assert_true (spin_until (message_dialog_cond, NULL, 10000));
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "山西泽州金鼎煤业有限公司"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "9"));
    g_assert_false (g_file_test (imported, G_FILE_TEST_EXISTS));
    adw_message_dialog_response (dialog, "import");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  spin (20);
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  window = DBO_WINDOW (windows->data);
  g_assert_nonnull (dbo_window_get_session (window));
  g_assert_cmpstr (dbo_session_get_path (dbo_window_get_session (window)), ==, imported);
  {
    g_autofree char *last = g_settings_get_string (dbo_application_get_settings (app), "last-folder");

    g_assert_cmpstr (last, ==, dir);
  }
  uri = g_filename_to_uri (imported, NULL, NULL);
  /* Remembered as recent (the manager adds items asynchronously). */
  g_assert_true (spin_until (recent_cond, uri, 5000));

  /* Opening it again presents its window: no second window, no second file. */
  dbo_application_open_path (app, imported, NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* A file that is not a project is refused, in a window, and left alone. */
  g_assert_true (g_file_set_contents (junk, "not a project", -1, &error));
  dbo_application_open_path (app, junk, NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  {
    g_autofree char *after = NULL;

    g_assert_true (g_file_get_contents (junk, &after, NULL, &error));
    g_assert_cmpstr (after, ==, "not a project");
  }

  /* The about window builds with every property it is given. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  {
    GtkWindow *about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);

    g_assert_nonnull (about);
    g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
    gtk_window_destroy (about);
  }

  /* Ctrl+? builds the shortcuts window when asked, over the project. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  {
    GtkWindow *shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);

    g_assert_nonnull (shortcuts);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
    g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
    gtk_window_destroy (shortcuts);
  }
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.shortcuts");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_clear_pointer (&accels, g_strfreev);

  /* A backup bundle: verified in full, shown, opened as a new project. */
  {
    g_autofree char *zip = g_build_filename (dir, "backup.zip", NULL);
    g_autofree char *review = g_build_filename (dir, "review.zip", NULL);
    g_autofree char *dest = g_build_filename (dir, "from-bundle.dengbao", NULL);
    g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
    g_autoptr(DboRuleset) rules = dbo_ruleset_load_named (project->ruleset, &error);
    DboSession *found = NULL;

    g_assert_no_error (error);
    g_assert_true (dbo_bundle_export (project, rules, NULL, NULL, DBO_BUNDLE_BACKUP, zip, &error));
    g_assert_no_error (error);
    dbo_import_start (app, zip, dest, NULL);
    g_assert_true (spin_until (message_dialog_cond, NULL, 30000));
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "SHA-256"));
      adw_message_dialog_response (dialog, "import");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
    spin (20);
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
      if (DBO_IS_WINDOW (l->data) && dbo_window_get_session (l->data) != NULL &&
          g_strcmp0 (dbo_session_get_path (dbo_window_get_session (l->data)), dest) == 0)
        found = dbo_window_get_session (l->data);
    g_assert_nonnull (found);
    g_assert_cmpuint (dbo_session_get_project (found)->objects->len, ==, project->objects->len);

    /* A bureau's answer is no project of its own: it is led to the open
     * project it answers, on its Submission step. */
    g_assert_true (dbo_bundle_export (project, rules, NULL, NULL, DBO_BUNDLE_REVIEW, review, &error));
    g_assert_no_error (error);
    dbo_import_start (app, review, NULL, GTK_WINDOW (window));
    g_assert_true (spin_until (on_submit_cond, app, 30000));
    g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  }

  /* Quitting closes every window, writing each project first. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (spin_until (no_windows_cond, app, 5000));
}

static void
test_ui_resources (void)
{
  g_autoptr(GtkBuilder) overlay = gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-shortcuts-window.ui");
  g_autoptr(GtkBuilder) menu = gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-primary-menu.ui");
  GObject *window = gtk_builder_get_object (overlay, "help_overlay");
  GMenuModel *model = G_MENU_MODEL (gtk_builder_get_object (menu, "primary_menu"));

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (window));
  g_assert_cmpint (g_menu_model_get_n_items (model), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- screenshots (only with DBO_SCREENSHOT_DIR set) ---- */

static void
save_png (GtkWidget *widget, const char *dir, const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s (%d×%d)", path, w, h);
}

static void
noop_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
}

static DboWindow *
shot_window (int width, int height, DboSession *session)
{
  static const GActionEntry app_entries[] = {
    { "new", noop_activated, NULL, NULL, NULL },
    { "open", noop_activated, NULL, NULL, NULL },
    { "import", noop_activated, NULL, NULL, NULL },
  };
  DboWindow *window = DBO_WINDOW (dbo_window_new (NULL));
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();

  /* The application's actions, so that the buttons look as they do in the application. */
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "app", G_ACTION_GROUP (app));
  /* Without a window manager the window comes out 10 px smaller than its default size. */
  gtk_window_set_default_size (GTK_WINDOW (window), width + 10, height + 10);
  if (session != NULL)
    dbo_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  spin (400);
  return window;
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("DBO_SCREENSHOT_DIR");
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(DboSession) session = NULL;
  static const int widths[] = { 1280, 360 };

  if (dir == NULL)
    {
      g_test_skip ("DBO_SCREENSHOT_DIR not set");
      return;
    }
  /* Without an AdwApplication nobody loads the application's styles. */
  gtk_css_provider_load_from_resource (css, "/io/github/dengbao/Dengbao/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/dengbao/Dengbao/icons");
  {
    g_auto(GStrv) dirs = g_strsplit (system_data_dirs, ":", -1);

    for (guint i = 0; dirs[i] != NULL; i++)
      {
        g_autofree char *icons = g_build_filename (dirs[i], "icons", NULL);

        gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icons);
      }
  }
  /* Where a user would keep it: ~/Documents/<enterprise>.dengbao. */
  tmp = g_build_filename (g_get_home_dir (), "Documents", NULL);
  g_mkdir_with_parents (tmp, 0700);
  {
    g_autofree char *imported = import_sample (tmp);

    path = g_build_filename (tmp, "山西泽州金鼎煤业有限公司.dengbao", NULL);
    g_assert_cmpint (g_rename (imported, path), ==, 0);
  }
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  spin (300);
  session = open_session (path);

  for (gsize i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *start = g_strdup_printf ("start-%d.png", widths[i]);
      g_autofree char *enterprise = g_strdup_printf ("enterprise-%d.png", widths[i]);
      DboWindow *window = shot_window (widths[i], 800, NULL);

      save_png (GTK_WIDGET (window), dir, start);
      gtk_window_destroy (GTK_WINDOW (window));

      window = shot_window (widths[i], 800, session);
      dbo_window_show_step (window, "enterprise");
      spin (600);
      save_png (GTK_WIDGET (window), dir, enterprise);
      gtk_window_destroy (GTK_WINDOW (window));
      spin (50);
    }

  /* The new-project dialog, flagging a wrong check character as it is typed. */
  {
    DboWindow *window = shot_window (1280, 800, NULL);
    DboNewProjectDialog *dialog = DBO_NEW_PROJECT_DIALOG (dbo_new_project_dialog_new (GTK_WINDOW (window)));

    gtk_window_set_default_size (GTK_WINDOW (dialog), 530, 610);
    gtk_window_present (GTK_WINDOW (dialog));
    type_into (dialog_child (dialog, "name_row"), "山西泽州金鼎煤业有限公司");
    type_into (dialog_child (dialog, "credit_row"), "91140525MA0JD8K2XA");
    pick (dialog_child (dialog, "city_row"), "晋城");
    gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
    spin (400);
    save_png (GTK_WIDGET (dialog), dir, "new-project.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (window));
    spin (50);
  }
}

int
main (int argc, char *argv[])
{
  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS (GTK 4.8 passes no options on), and
   * without it the recent-files list and the temporary folders would be the user's own. */
  /* The isolation also hides /usr/share/mime, which gdk-pixbuf needs to load the
   * SVG icons: read the MIME database before it is hidden. */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") != NULL ? g_getenv ("XDG_DATA_DIRS")
                                                                 : "/usr/local/share:/usr/share");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/window/start-page", test_start_page);
  g_test_add_func ("/window/new-project-and-step1", test_new_project_and_step1);
  g_test_add_func ("/window/credit-code-live", test_credit_code_live);
  g_test_add_func ("/window/sample-steps-and-shortcuts", test_sample_steps_and_shortcuts);
  g_test_add_func ("/window/banner", test_banner_names_next_action);
  g_test_add_func ("/window/unwritable-file", test_unwritable_file);
  g_test_add_func ("/window/import-free-name", test_import_free_name);
  g_test_add_func ("/window/application", test_application);
  g_test_add_func ("/window/ui-resources", test_ui_resources);
  g_test_add_func ("/window/screenshots", test_screenshots);
  return g_test_run ();
}
