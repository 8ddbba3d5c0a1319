#include "config.h"

#include "dbo-gui-test-utils.h"

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
