#include "config.h"

#include "dbo-gui-test-utils.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"

#include <stdlib.h>
#include <string.h>

void
dbo_test_ensure_recent_dir (void)
{
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;

  g_object_get (gtk_recent_manager_get_default (), "filename", &file, NULL);
  dir = g_path_get_dirname (file);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
}

DboApplication *
dbo_test_new_application (void)
{
  DboApplication *application = dbo_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  return application;
}

void
dbo_test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

gboolean
dbo_test_run_until (DboTestCondition cond, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
counted (gpointer data)
{
  return *(guint *) data > 0;
}

void
dbo_test_settle_session (DboSession *session)
{
  guint n = 0;
  gulong id = g_signal_connect_swapped (session, "findings-changed", G_CALLBACK (count_cb), &n);

  g_assert_true (dbo_test_run_until (counted, &n, 20000));
  g_signal_handler_disconnect (session, id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
compare_lines (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

void
dbo_test_assert_saved (DboSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = NULL;
  g_autoptr(DboProject) reloaded = NULL;
  g_autofree char *live_xml = NULL;
  g_autofree char *saved_xml = NULL;

  g_assert_true (dbo_session_flush (session, &error));
  g_assert_no_error (error);
  store = dbo_store_open_full (dbo_session_get_path (session), DBO_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  reloaded = dbo_store_load (store, &error);
  g_assert_no_error (error);
  live_xml = dbo_project_xml_write (dbo_session_get_project (session), NULL);
  saved_xml = dbo_project_xml_write (reloaded, NULL);
  if (g_strcmp0 (saved_xml, live_xml) != 0)
    {
      g_auto(GStrv) live = g_strsplit (live_xml, "\n", -1);
      g_auto(GStrv) saved = g_strsplit (saved_xml, "\n", -1);
      guint i = 0;

      /* The store lists some parts in its own order (recommendations by
       * object, not as they were made): compare the lines as sets, and name
       * the first one the file lacks, not the whole project. */
      qsort (live, g_strv_length (live), sizeof (char *), compare_lines);
      qsort (saved, g_strv_length (saved), sizeof (char *), compare_lines);
      while (live[i] != NULL && saved[i] != NULL && g_str_equal (live[i], saved[i]))
        i++;
      if (live[i] != NULL || saved[i] != NULL)
        g_error ("the file does not hold the live model (an edit without dbo_session_changed?): "
                 "the model has\n  %s\nwhere the file has\n  %s", live[i] != NULL ? live[i] : "(nothing)",
                 saved[i] != NULL ? saved[i] : "(nothing)");
    }
}

GtkWidget *
dbo_test_find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = dbo_test_find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
dbo_test_find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = dbo_test_find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
