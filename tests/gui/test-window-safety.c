/* test-window-safety.c — no lost edits in the window: a project open
 * elsewhere, opened read-only, replaced under the window. */
#include "dbo-test-utils.h"
#include "dbo-gui-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "dbo-application.h"
#include "dbo-project-xml.h"
#include "dbo-store.h"
#include "dbo-store-lock.h"
#include "dbo-window.h"

/* ---- helpers ---- */

static char *
new_project (const char *dir, const char *name, const char *enterprise)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read_file (sample, &error);
  g_autoptr(DboStore) store = NULL;

  g_assert_no_error (error);
  if (enterprise != NULL)
    dbo_set_str (&project->enterprise.name, enterprise);
  store = dbo_store_create (path, project, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
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

/* One application for every test: it exports itself on the session bus
 * once per process. */
static DboApplication *app;

static AdwMessageDialog *
find_message_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
dialog_cond (gpointer data)
{
  return find_message_dialog () != NULL;
}

static DboWindow *
only_window (DboApplication *application)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  return DBO_WINDOW (windows->data);
}

static const char *
save_label (DboWindow *window)
{
  return gtk_label_get_text ((GtkLabel *) gtk_widget_get_template_child (GTK_WIDGET (window), DBO_TYPE_WINDOW, "save_label"));
}

static const char *
subtitle (DboWindow *window)
{
  return adw_window_title_get_subtitle ((AdwWindowTitle *) gtk_widget_get_template_child (GTK_WIDGET (window), DBO_TYPE_WINDOW,
                                                                       "project_title"));
}

static gboolean
blocked_cond (gpointer session)
{
  return dbo_session_get_save_blocked (session);
}

static void
close_all (DboApplication *application)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    gtk_window_destroy (windows->data);
  dbo_test_run_for (20);
}

/* ---- tests ---- */

/* Another name of an open project (a symlink, a hard link) brings its
 * window forward instead of a second window on the same file. */
static void
test_other_name_presents_window (void)
{
  dbo_test_ensure_recent_dir ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.dengbao", NULL);
  g_autofree char *soft = g_build_filename (dir, "soft.dengbao", NULL);

  g_assert_cmpint (link (path, hard), ==, 0);
  g_assert_cmpint (symlink (path, soft), ==, 0);
  dbo_application_open_path (app, path, NULL);
  only_window (app);
  dbo_application_open_path (app, hard, NULL);
  dbo_application_open_path (app, soft, NULL);
  only_window (app);
  g_assert_null (find_message_dialog ());
  close_all (app);
}

/* Open elsewhere: the dialog names who has it; read-only shows it, says so
 * in the header bar, and an edit there goes nowhere but Save As. */
static void
test_locked_opens_read_only (void)
{
  dbo_test_ensure_recent_dir ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *copy = g_build_filename (dir, "mine-copy.dengbao", NULL);
  g_autofree char *before = dbo_test_file_sha256 (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) elsewhere = dbo_store_open (path, &error);
  AdwMessageDialog *dialog;
  DboWindow *window;
  DboSession *session;

  g_assert_no_error (error);
  dbo_application_open_path (app, path, NULL);
  g_assert_true (dbo_test_run_until (dialog_cond, NULL, 2000));
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), g_get_host_name ()));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), g_get_user_name ()));
  g_assert_true (adw_message_dialog_has_response (dialog, "read-only"));
  g_assert_true (adw_message_dialog_has_response (dialog, "break"));
  adw_message_dialog_response (dialog, "read-only");
  dbo_test_run_for (20);

  window = only_window (app);
  session = dbo_window_get_session (window);
  g_assert_nonnull (session);
  g_assert_true (dbo_session_get_read_only (session));
  g_assert_cmpstr (save_label (window), ==, _("Read-only"));
  {
    g_autofree char *expected = g_strdup_printf (_("%s (read-only)"), "mine.dengbao");

    g_assert_cmpstr (subtitle (window), ==, expected);
  }

  /* An edit is kept in memory, not written, and Save As takes it away. */
  dbo_session_set_save_delay (session, 10);
  dbo_set_str (&dbo_session_get_project (session)->enterprise.department, "只读窗口里的编辑");
  dbo_session_changed (session, DBO_PART_ENTERPRISE, NULL);
  g_assert_true (dbo_test_run_until (blocked_cond, session, 2000));
  g_assert_cmpstr (save_label (window), ==, _("Not saved"));
  g_assert_true (dbo_window_save_as (window, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (save_label (window), ==, _("Saved"));
  g_assert_false (dbo_session_get_read_only (session));
  g_assert_cmpstr (subtitle (window), ==, "mine-copy.dengbao");
  {
    g_autoptr(DboProject) saved = load_file (copy);
    g_autofree char *after = NULL;

    g_assert_cmpstr (saved->enterprise.department, ==, "只读窗口里的编辑");
    g_clear_pointer (&elsewhere, dbo_store_close);
    after = dbo_test_file_sha256 (path);
    g_assert_cmpstr (after, ==, before);
  }
  /* Everything is saved: the window closes without asking. */
  gtk_window_close (GTK_WINDOW (window));
  dbo_test_run_for (20);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

/* Another computer's lock: broken only when the user says so. */
static void
test_break_lock (void)
{
  dbo_test_ensure_recent_dir ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  DboWindow *window;

  g_assert_true (g_file_set_contents (lock_path, "host=调度室\nuser=wang\npid=1\n", -1, &error));
  dbo_application_open_path (app, path, NULL);
  g_assert_true (dbo_test_run_until (dialog_cond, NULL, 2000));
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "调度室"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "wang"));
  adw_message_dialog_response (dialog, "break");
  dbo_test_run_for (20);
  window = only_window (app);
  g_assert_nonnull (dbo_window_get_session (window));
  g_assert_false (dbo_session_get_read_only (dbo_window_get_session (window)));
  {
    g_autoptr(DboLockInfo) info = dbo_store_lock_query (path);

    g_assert_cmpint (info->pid, ==, getpid ());
  }
  close_all (app);
}

/* The file is replaced under the open window (a backup restored, a sync
 * client): the edit is not written into the new file, the window says so,
 * and closing offers Save As. */
static void
test_replaced_under_window (void)
{
  dbo_test_ensure_recent_dir ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *other = new_project (dir, "restored.dengbao", "恢复的备份");
  AdwMessageDialog *dialog;
  DboWindow *window;
  DboSession *session;

  dbo_application_open_path (app, path, NULL);
  window = only_window (app);
  session = dbo_window_get_session (window);
  dbo_session_set_save_delay (session, 10);
  g_assert_cmpint (g_rename (other, path), ==, 0);

  dbo_set_str (&dbo_session_get_project (session)->enterprise.department, "替换后的编辑");
  dbo_session_changed (session, DBO_PART_ENTERPRISE, NULL);
  g_assert_true (dbo_test_run_until (blocked_cond, session, 2000));
  g_assert_cmpstr (save_label (window), ==, _("Not saved"));
  {
    g_autoptr(DboProject) on_disk = load_file (path);

    g_assert_cmpstr (on_disk->enterprise.name, ==, "恢复的备份");
    g_assert_cmpstr (on_disk->enterprise.department, !=, "替换后的编辑");
  }

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (dbo_test_run_until (dialog_cond, NULL, 2000));
  dialog = find_message_dialog ();
  g_assert_true (adw_message_dialog_has_response (dialog, "save-as"));
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  adw_message_dialog_response (dialog, "close");
  dbo_test_run_for (20);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

/* ---- undo (issue 16, item 1) ---- */

static gboolean
has_o3 (gpointer session)
{
  return dbo_project_find_object (dbo_session_get_project (session), "o3") != NULL;
}

/* Deleting an object the panel judged asks first; once deleted it comes back
 * by Ctrl+Z long after its toast is gone, with the panel's word on it, and
 * the menu names what the next undo and redo do. */
static void
test_undo_deletion (void)
{
  dbo_test_ensure_recent_dir ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  DboWindow *window;
  DboSession *session;
  GtkWidget *objects;
  AdwMessageDialog *dialog;
  GMenuModel *menu;
  GtkMenuButton *button;

  dbo_application_open_path (app, path, NULL);
  window = only_window (app);
  session = dbo_window_get_session (window);
  g_assert_false (dbo_session_can_undo (session));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", "i", 2);
  objects = dbo_window_get_step_widget (window, "objects");
  g_assert_nonnull (objects);

  /* The panel recommended a level for o3: a confirmation, then the deletion. */
  g_assert_true (gtk_widget_activate_action (objects, "objects.remove", "s", "o3"));
  g_assert_true (dbo_test_run_until (dialog_cond, NULL, 5000));
  dialog = find_message_dialog ();
  g_assert_true (has_o3 (session));
  adw_message_dialog_response (dialog, "delete");
  dbo_test_run_for (50);
  g_assert_false (has_o3 (session));
  g_assert_null (dbo_project_find_recommendation (dbo_session_get_project (session), "o3"));

  /* Long after the toast (the history does not depend on it). */
  dbo_test_run_for (200);
  g_assert_true (dbo_session_can_undo (session));
  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), DBO_TYPE_WINDOW,
                                                           "project_menu_button"));
  gtk_menu_button_popup (button);
  dbo_test_run_for (50);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  {
    g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autofree char *label = NULL;

    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_nonnull (strstr (label, "煤矿安全监控系统"));
  }
  gtk_menu_button_popdown (button);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (dbo_test_run_until (has_o3, session, 5000));
  g_assert_nonnull (dbo_project_find_recommendation (dbo_session_get_project (session), "o3"));
  g_assert_true (dbo_session_can_redo (session));
  dbo_session_flush (session, NULL);
  {
    g_autoptr(DboProject) saved = load_file (path);

    g_assert_nonnull (dbo_project_find_object (saved, "o3"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  dbo_test_run_for (50);
  g_assert_false (has_o3 (session));
  close_all (app);
}

int
main (int argc, char *argv[])
{
  int status;

  /* The isolation hides /usr/share/mime, which gdk-pixbuf needs for the SVG
   * icons: read the MIME database first (as test-window does). */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/window-safety/other-name-presents-window", test_other_name_presents_window);
  g_test_add_func ("/window-safety/locked-opens-read-only", test_locked_opens_read_only);
  g_test_add_func ("/window-safety/break-lock", test_break_lock);
  g_test_add_func ("/window-safety/replaced-under-window", test_replaced_under_window);
  g_test_add_func ("/window-safety/undo-deletion", test_undo_deletion);
  app = dbo_test_new_application ();
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
