/* dbo-file-util: files written whole, then put in place under their name. */
#include "dbo-test-utils.h"

#include <errno.h>
#include <gio/gio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbo-file-util.h"

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_replace_leaves_no_temp_and_is_private (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "project.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL, *text = NULL;
  mode_t old_mask = umask (022);
  GStatBuf st;

  g_assert_true (g_file_set_contents_full (path, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
  g_assert_true (dbo_file_write_atomic (path, "new", 3, 0600, DBO_FILE_PUBLISH_REPLACE, &error));
  g_assert_no_error (error);
  umask (old_mask);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "new");
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "project.xml");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_replace_refuses_non_regular (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.xml", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.xml", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  g_assert_false (dbo_file_write_atomic (fifo, "x", 1, 0600, DBO_FILE_PUBLISH_REPLACE, &e1));
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_false (dbo_file_write_atomic (folder, "x", 1, 0600, DBO_FILE_PUBLISH_REPLACE, &e2));
  g_assert_error (e2, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_false (dbo_file_check_replaceable ("/dev/null", &e3));
  g_assert_error (e3, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);

  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "folder.xml pipe.xml");
}

static void
test_create_refuses_existing (gconstpointer data)
{
  DboFilePublishFlags flags = GPOINTER_TO_INT (data);
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "a.dengbao", NULL);
  g_autofree char *tmp_path = NULL, *listing = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_true (g_file_set_contents (path, "first", -1, NULL));
  g_assert_false (dbo_file_write_atomic (path, "second", 6, 0600, flags, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  fd = dbo_file_create_temp (dir, "a.dengbao", 0600, &tmp_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_false (dbo_file_publish (tmp_path, path, flags, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  /* Left for the caller to remove. */
  g_assert_true (g_file_test (tmp_path, G_FILE_TEST_EXISTS));
  g_unlink (tmp_path);

  text = read_text (path);
  g_assert_cmpstr (text, ==, "first");
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "a.dengbao");
}

/* Eight processes create one new name at the same moment: one wins, the
 * others are told it exists; with hard links and without. */
static void
test_create_concurrent_one_wins (gconstpointer data)
{
  DboFilePublishFlags flags = GPOINTER_TO_INT (data);
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "new.dengbao", NULL);
  g_autofree char *listing = NULL, *text = NULL, *expected = NULL;
  pid_t pids[8];
  int gate[2];
  guint won = 0, exists = 0, winner = 0;

  g_assert_cmpint (pipe (gate), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        {
          char content[32], c;
          GError *error = NULL;
          DboTempFile *tmp;
          int rc;

          close (gate[1]);
          g_snprintf (content, sizeof content, "writer %u", i);
          tmp = dbo_temp_file_new (dir, "new.dengbao", 0600, &error);
          if (tmp == NULL || !dbo_temp_file_write (tmp, content, strlen (content), &error))
            _exit (4);
          /* Everyone waits here until the gate opens. */
          if (read (gate[0], &c, 1) < 0)
            _exit (5);
          if (dbo_temp_file_publish (tmp, path, flags, &error))
            rc = 0;
          else
            rc = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? 3 : 4;
          /* Removes the loser's temporary file. */
          dbo_temp_file_free (tmp);
          _exit (rc);
        }
    }
  close (gate[0]);
  close (gate[1]);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) == 0)
        {
          won++;
          winner = i;
        }
      else
        {
          g_assert_cmpint (WEXITSTATUS (status), ==, 3);
          exists++;
        }
    }
  g_assert_cmpuint (won, ==, 1);
  g_assert_cmpuint (exists, ==, G_N_ELEMENTS (pids) - 1);
  text = read_text (path);
  expected = g_strdup_printf ("writer %u", winner);
  g_assert_cmpstr (text, ==, expected);
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "new.dengbao");
}

/* A writer killed before it publishes leaves nothing where O_TMPFILE works,
 * and a failed one removes its hidden name. */
static void
test_killed_writer_leaves_nothing (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "out.zip", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      DboTempFile *tmp = dbo_temp_file_new (dir, "out.zip", 0600, NULL);

      if (tmp == NULL || !dbo_temp_file_write (tmp, "partial", 7, NULL))
        _exit (4);
      _exit (dbo_temp_file_is_anonymous (tmp) ? 0 : 3);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 3)
    {
      g_test_skip ("no O_TMPFILE on this file system");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  /* A hidden name given for a moment is removed with the file. */
  {
    g_autoptr(DboTempFile) tmp = dbo_temp_file_new (dir, "out.zip", 0600, &error);

    g_assert_no_error (error);
    g_assert_true (dbo_temp_file_write (tmp, "x", 1, &error));
    g_assert_true (dbo_temp_file_close (tmp, &error));
    g_assert_no_error (error);
    g_assert_false (dbo_temp_file_is_anonymous (tmp));
  }
  g_free (listing);
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
}

/* Journals beside a free name are a deleted file's: removed. Beside a name
 * that holds a file they are its own: left. */
static void
test_remove_orphan_journals (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mine.dengbao", NULL);
  static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *j = g_strconcat (path, suffixes[i], NULL);
      g_assert_true (g_file_set_contents (j, "stale", -1, NULL));
    }
  g_assert_true (g_file_set_contents (path, "live", -1, NULL));
  dbo_file_remove_orphan_journals (path);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *j = g_strconcat (path, suffixes[i], NULL);
      g_assert_true (g_file_test (j, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (g_unlink (path), ==, 0);
  dbo_file_remove_orphan_journals (path);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *j = g_strconcat (path, suffixes[i], NULL);
      g_assert_false (g_file_test (j, G_FILE_TEST_EXISTS));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/file-util/replace/leaves-no-temp-and-is-private", test_replace_leaves_no_temp_and_is_private);
  g_test_add_func ("/file-util/replace/refuses-non-regular", test_replace_refuses_non_regular);
  g_test_add_data_func ("/file-util/create/refuses-existing/link", GINT_TO_POINTER (DBO_FILE_PUBLISH_CREATE),
                        test_create_refuses_existing);
  g_test_add_data_func ("/file-util/create/refuses-existing/no-link", GINT_TO_POINTER (DBO_FILE_PUBLISH_NO_LINK),
                        test_create_refuses_existing);
  g_test_add_data_func ("/file-util/create/concurrent-one-wins/link", GINT_TO_POINTER (DBO_FILE_PUBLISH_CREATE),
                        test_create_concurrent_one_wins);
  g_test_add_data_func ("/file-util/create/concurrent-one-wins/no-link", GINT_TO_POINTER (DBO_FILE_PUBLISH_NO_LINK),
                        test_create_concurrent_one_wins);
  g_test_add_func ("/file-util/killed-writer-leaves-nothing", test_killed_writer_leaves_nothing);
  g_test_add_func ("/file-util/remove-orphan-journals", test_remove_orphan_journals);
  return g_test_run ();
}
