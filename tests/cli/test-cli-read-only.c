/* dengbao-cli: the commands that only read never write — not in the
 * project's folder, not the project, not when another session edits it. */
#include "dbo-test-utils.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY 65534

static char *
new_project (const char *dir, const char *name)
{
  g_autofree char *xml = dbo_test_sample_path ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) p = dbo_project_xml_read_file (xml, &error);
  g_autoptr(DboStore) store = NULL;

  g_assert_no_error (error);
  store = dbo_store_create (path, p, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The reading commands, each writing (if at all) only into @out_dir. */
static void
run_reading_commands (const char *project, const char *out_dir)
{
  g_autofree char *xml = g_build_filename (out_dir, "rescued.xml", NULL);
  g_autofree char *docs = g_build_filename (out_dir, "docs", NULL);
  const char *show[] = { "show", project, NULL };
  const char *check[] = { "check", project, "--json", "--today", "2026-11-24", NULL };
  const char *route[] = { "route", project, "--json", NULL };
  const char *export_xml[] = { "export-xml", project, "-o", xml, NULL };
  const char *render[] = { "render", project, "--doc", "annex3", "-o", docs, NULL };
  const char * const *commands[] = { show, check, route, export_xml, render };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int rc = dbo_test_run_cli (commands[i], &out, &err);

      if (rc != 0 && rc != 1)
        g_error ("%s: exit %d: %s", commands[i][0], rc, err);
    }
  g_assert_true (g_file_test (xml, G_FILE_TEST_IS_REGULAR));
}

/* While the project is open for editing in another window, reading it works
 * and leaves the lock and the file to their editor. */
static void
test_read_while_edited (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out_dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao");
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) editor = dbo_store_open (path, &error);
  g_autoptr(DboProject) p = NULL;

  g_assert_no_error (error);
  run_reading_commands (path, out_dir);
  /* The editor still holds it and writes. */
  p = dbo_store_load (editor, &error);
  g_assert_no_error (error);
  dbo_set_str (&p->enterprise.department, "信息中心");
  g_assert_true (dbo_store_save_enterprise (editor, &p->enterprise, &error));
  g_assert_no_error (error);
}

/* `show` of a file in an older format neither upgrades it nor copies it. */
static void
test_show_older_format_untouched (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *out_dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "old.dengbao");
  g_autofree char *before = NULL, *after = NULL, *names = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, DBO_TEST_TO_FORMAT_1_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = dbo_test_file_sha256 (path);
  run_reading_commands (path, out_dir);
  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  names = dbo_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "old.dengbao");
}

/* A named pipe is refused at once (it used to hang `check`). */
static void
test_check_fifo_refused (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.dengbao", NULL);
  const char *argv[] = { "check", fifo, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "not a regular file"));
}

/* On read-only media or in a folder the user may not write, as a user
 * without write permission (root would write anyway): the project can be
 * read, and rescued with export-xml to another disk. */
static void
test_read_only_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dengbao-ro-XXXXXX", &error);
  g_autofree char *project_dir = NULL, *out_dir = NULL, *path = NULL, *cli = NULL;
  g_autofree char *before = NULL, *after = NULL, *names = NULL;
  g_autofree char *cli_bytes = NULL;
  gsize cli_len = 0;
  pid_t pid;
  int status = 0;

  g_assert_no_error (error);
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  project_dir = g_build_filename (dir, "usb", NULL);
  out_dir = g_build_filename (dir, "out", NULL);
  g_assert_cmpint (g_mkdir (project_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out_dir, 0777), ==, 0);
  g_assert_cmpint (chmod (out_dir, 0777), ==, 0);
  path = new_project (project_dir, "mine.dengbao");
  g_assert_cmpint (chmod (path, 0444), ==, 0);
  g_assert_cmpint (chmod (project_dir, 0555), ==, 0);
  before = dbo_test_file_sha256 (path);

  /* The program itself where that user may run it, whatever the checkout's modes. */
  cli = g_build_filename (dir, "dengbao-cli", NULL);
  g_assert_true (g_file_get_contents (g_getenv ("DENGBAO_CLI"), &cli_bytes, &cli_len, &error));
  g_assert_true (g_file_set_contents (cli, cli_bytes, cli_len, &error));
  g_assert_cmpint (chmod (cli, 0755), ==, 0);
  /* Under the sanitizers, their suppressions where that user may read them. */
  {
    const char *lsan = g_getenv ("LSAN_OPTIONS");
    /* (not "print_suppressions=") */
    const char *supp = lsan == NULL ? NULL
                       : g_str_has_prefix (lsan, "suppressions=") ? lsan
                       : strstr (lsan, ":suppressions=") != NULL ? strstr (lsan, ":suppressions=") + 1 : NULL;

    if (supp != NULL)
      {
        g_autofree char *from = g_strndup (supp + strlen ("suppressions="),
                                           strcspn (supp + strlen ("suppressions="), ":"));
        g_autofree char *text = NULL;
        g_autofree char *copy = g_build_filename (dir, "lsan.supp", NULL);
        g_autofree char *prefix = g_strndup (lsan, supp - lsan);
        g_autofree char *options = NULL;
        gsize text_len = 0;

        g_file_get_contents (from, &text, &text_len, &error);
        g_assert_no_error (error);
        g_assert_true (g_file_set_contents (copy, text, text_len, &error));
        g_assert_cmpint (chmod (copy, 0644), ==, 0);
        options = g_strconcat (prefix, "suppressions=", copy, NULL);
        g_setenv ("LSAN_OPTIONS", options, TRUE);
      }
  }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (getuid () == 0 && (setgid (NOBODY) != 0 || setuid (NOBODY) != 0))
        _exit (10);
      if (access (project_dir, W_OK) == 0)
        _exit (11);
      g_setenv ("DENGBAO_CLI", cli, TRUE);
      g_setenv ("HOME", out_dir, TRUE);
      run_reading_commands (path, out_dir);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  names = dbo_test_list_dir (project_dir);
  g_assert_cmpstr (names, ==, "mine.dengbao");

  chmod (project_dir, 0755);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/read-only/read-while-edited", test_read_while_edited);
  g_test_add_func ("/cli/read-only/show-older-format-untouched", test_show_older_format_untouched);
  g_test_add_func ("/cli/read-only/check-fifo-refused", test_check_fifo_refused);
  g_test_add_func ("/cli/read-only/read-only-folder", test_read_only_folder);
  return g_test_run ();
}
