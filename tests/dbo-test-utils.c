#include "dbo-test-utils.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdarg.h>
#include <sys/wait.h>

char *
dbo_test_source_path (const char *first, ...)
{
  const char *root = g_getenv ("DENGBAO_SOURCE_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list ap;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
dbo_test_sample_path (void)
{
  return dbo_test_source_path ("data", "samples", "jincheng-sample.xml", NULL);
}

char *
dbo_test_mkdtemp (void)
{
  /* Inside the per-test directories of G_TEST_OPTION_ISOLATE_DIRS, which
   * GLib removes when the test case ends. */
  char *dir = g_build_filename (g_get_user_cache_dir (), "dengbao-test-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

char *
dbo_test_file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

int
dbo_test_run_cli (const char * const *argv, char **out, char **err)
{
  const char *cli = g_getenv ("DENGBAO_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *captured_out = NULL, *captured_err = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (gsize i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  /* Always captured: the child's output must not mix into our TAP stream. */
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &captured_out, &captured_err, &status, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&captured_out);
  if (err != NULL)
    *err = g_steal_pointer (&captured_err);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
dbo_test_list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

gboolean
dbo_test_bind_zh_catalogue (void)
{
  const char *localedir = g_getenv ("DENGBAO_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0' || setlocale (LC_MESSAGES, "zh_CN.UTF-8") == NULL)
    return FALSE;
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return TRUE;
}
