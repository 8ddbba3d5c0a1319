/* No lost edits: one writer per project file, reads that never write, files
 * created whole. Each test names what it proves. */
#include "config.h"
#include "dbo-test-utils.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"
#include "dbo-store-lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_OPEN_AND_DIE "--child-open-and-die"
#define CHILD_CREATE "--child-create"
#define NOBODY 65534

/* ---- helpers ---- */

static DboProject *
sample (void)
{
  g_autofree char *xml = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_project_xml_read_file (xml, &error);

  g_assert_no_error (error);
  return p;
}

static char *
new_project (const char *dir, const char *name, const char *enterprise)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(DboProject) p = sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = NULL;

  if (enterprise != NULL)
    dbo_set_str (&p->enterprise.name, enterprise);
  store = dbo_store_create (path, p, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static DboProject *
read_back (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  DboProject *p;

  g_assert_no_error (error);
  p = dbo_store_load (store, &error);
  g_assert_no_error (error);
  return p;
}

static gboolean
exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
side_file (const char *path, const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

static int
run_child (const char *mode, const char *path, GPid *pid_out)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self_exe, mode, path, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status = 0;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  if (pid_out != NULL)
    {
      *pid_out = pid;
      return 0;
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* ---- the lock ---- */

static void
test_second_editor_refused (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) first = dbo_store_open (path, &error);
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autofree char *expected = NULL;
  g_autoptr(DboLockInfo) info = NULL;
  DboStore *second;

  g_assert_no_error (error);
  g_assert_true (exists (lock_path));

  second = dbo_store_open (path, &error);
  g_assert_null (second);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED);
  /* The message names the holder and says what can be done. */
  expected = g_strdup_printf ("open on %s by %s since ", g_get_host_name (), g_get_user_name ());
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "read-only"));

  info = dbo_store_lock_query (path);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->host, ==, g_get_host_name ());
  g_assert_cmpint (info->pid, ==, getpid ());
  g_assert_false (info->stale);
  /* A live holder's lock is not broken. */
  g_clear_error (&error);
  g_assert_false (dbo_store_lock_break (path, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Closed, the next editor gets it and the lock file is gone. */
  g_clear_pointer (&first, dbo_store_close);
  g_assert_false (exists (lock_path));
  second = dbo_store_open (path, &error);
  g_assert_no_error (error);
  dbo_store_close (second);
}

/* The lock follows the file, not the name it was opened by. */
static void
test_other_spellings_refused (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *symlinked = g_build_filename (dir, "link.dengbao", NULL);
  g_autofree char *hardlinked = g_build_filename (sub, "hard.dengbao", NULL);
  g_autofree char *dotted = g_build_filename (dir, "sub", "..", "mine.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) first = NULL;
  const char *others[] = { symlinked, hardlinked, dotted };
  guint64 dev1, ino1, dev2, ino2;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink (path, symlinked), ==, 0);
  g_assert_cmpint (link (path, hardlinked), ==, 0);

  first = dbo_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      DboStore *second = dbo_store_open (others[i], &error);

      g_assert_null (second);
      g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED);
      g_clear_error (&error);
    }
  /* The same file is recognised whatever its name. */
  {
    g_autoptr(DboStore) ro = dbo_store_open_full (hardlinked, DBO_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    dbo_store_get_identity (first, &dev1, &ino1);
    dbo_store_get_identity (ro, &dev2, &ino2);
    g_assert_cmpuint (dev1, ==, dev2);
    g_assert_cmpuint (ino1, ==, ino2);
  }
}

/* A read-only open takes no lock, writes nothing, and cannot write. */
static void
test_read_only_while_locked (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) editor = dbo_store_open (path, &error);
  g_autoptr(DboStore) reader = NULL;
  g_autoptr(DboProject) p = NULL;

  g_assert_no_error (error);
  reader = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (dbo_store_is_read_only (reader));
  p = dbo_store_load (reader, &error);
  g_assert_no_error (error);
  dbo_set_str (&p->enterprise.name, "不该写入");
  g_assert_false (dbo_store_save_enterprise (reader, &p->enterprise, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY);
  g_clear_pointer (&reader, dbo_store_close);

  /* The editor's writes go on. */
  g_clear_error (&error);
  dbo_set_str (&p->enterprise.name, "编辑者写入");
  g_assert_true (dbo_store_save_enterprise (editor, &p->enterprise, &error));
  g_assert_no_error (error);
}

/* A crash leaves the lock file; the next open on this host takes it over,
 * since the kernel dropped the dead process's lock on the file. */
static void
test_stale_lock_taken_over (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboLockInfo) info = NULL;
  DboStore *store;
  int status = run_child (CHILD_OPEN_AND_DIE, path, NULL);

  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_true (exists (lock_path));
  info = dbo_store_lock_query (path);
  g_assert_nonnull (info);
  g_assert_true (info->stale);

  store = dbo_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, dbo_lock_info_free);
  info = dbo_store_lock_query (path);
  g_assert_cmpint (info->pid, ==, getpid ());
  dbo_store_close (store);
  g_assert_false (exists (lock_path));
}

/* Another computer's lock cannot be judged here: refused until the user
 * breaks it. */
static void
test_other_host_lock_until_broken (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboLockInfo) info = NULL;
  DboStore *store;

  g_assert_true (g_file_set_contents (lock_path, "host=矿调度室-PC\nuser=wang\npid=4242\n"
                                      "since=2026-12-07T09:30:00+08:00\n", -1, &error));
  store = dbo_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "open on 矿调度室-PC by wang since 2026-12-07 09:30"));
  g_clear_error (&error);
  info = dbo_store_lock_query (path);
  g_assert_false (info->stale);

  g_assert_true (dbo_store_lock_break (path, &error));
  g_assert_no_error (error);
  store = dbo_store_open (path, &error);
  g_assert_no_error (error);
  dbo_store_close (store);
}

/* ---- the file under the open store ---- */

static void
test_replaced_file_not_written (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", "本矿");
  g_autofree char *other = new_project (dir, "backup-copy.dengbao", "另一个矿");
  g_autofree char *other_hash = dbo_test_file_sha256 (other);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open (path, &error);
  g_autoptr(DboProject) p = NULL;
  g_autoptr(DboProject) after = NULL;

  g_assert_no_error (error);
  p = dbo_store_load (store, &error);
  g_assert_no_error (error);
  dbo_set_str (&p->enterprise.contact.name, "第一次编辑");
  g_assert_true (dbo_store_save_enterprise (store, &p->enterprise, &error));

  /* A backup restored over the open file (mv, a sync client). */
  g_assert_cmpint (g_rename (other, path), ==, 0);
  dbo_set_str (&p->enterprise.contact.name, "替换后的编辑");
  g_assert_false (dbo_store_save_enterprise (store, &p->enterprise, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, "replaced"));
  g_clear_error (&error);
  g_assert_false (dbo_store_delete_object (store, "o1", &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED);
  g_clear_pointer (&store, dbo_store_close);

  /* The new file is whole, untouched, and takes nothing of the old one. */
  after = read_back (path);
  g_assert_cmpstr (after->enterprise.name, ==, "另一个矿");
  g_assert_cmpuint (after->objects->len, ==, p->objects->len);
  {
    g_autofree char *wal = side_file (path, "-wal");
    g_autofree char *hash = dbo_test_file_sha256 (path);

    GStatBuf st;

    /* SQLite leaves the -wal of a moved file at close; ours was folded back
     * into the old file first, so the new one finds nothing to apply. */
    g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
    g_assert_cmpstr (hash, ==, other_hash);
  }
}

static void
test_deleted_file_not_written (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open (path, &error);
  g_autoptr(DboProject) p = NULL;
  g_autofree char *names = NULL;

  g_assert_no_error (error);
  p = dbo_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  dbo_set_str (&p->enterprise.contact.name, "删除后的编辑");
  g_assert_false (dbo_store_save_enterprise (store, &p->enterprise, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, "deleted or moved"));
  g_clear_pointer (&store, dbo_store_close);
  /* No -wal, -shm or lock left behind for a file that is gone. */
  names = dbo_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "");
}

/* Another writer (an old Dengbao, a broken lock, a SQLite tool) changed the
 * file: the store does not write over what it has not seen. */
static void
test_other_writer_not_overwritten (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open (path, &error);
  g_autoptr(DboProject) p = NULL;
  g_autoptr(DboProject) after = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  p = dbo_store_load (store, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON; DELETE FROM objects WHERE id = 'o2'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* Our stale copy still has o2: saving it would bring it back. */
  g_assert_false (dbo_store_save_object (store, dbo_project_find_object (p, "o2"), 1, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "changed by another program"));
  g_clear_pointer (&store, dbo_store_close);

  after = read_back (path);
  g_assert_null (dbo_project_find_object (after, "o2"));
  g_assert_cmpuint (after->objects->len, ==, p->objects->len - 1);
}

/* ---- reading never writes ---- */

static int
read_as_nobody (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = NULL;
  g_autoptr(DboProject) p = NULL;

  if (getuid () == 0 && (setgid (NOBODY) != 0 || setuid (NOBODY) != 0))
    return 10;
  if (access (path, W_OK) == 0)
    return 11;                  /* the test would prove nothing */
  store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      fprintf (stderr, "read-only open: %s\n", error->message);
      return 12;
    }
  p = dbo_store_load (store, &error);
  if (p == NULL)
    {
      fprintf (stderr, "load: %s\n", error->message);
      return 13;
    }
  /* Opening to edit is refused with a reason, and nothing is made. */
  {
    g_autoptr(GError) local = NULL;
    DboStore *editor = dbo_store_open (path, &local);

    if (editor != NULL || !g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY))
      return 14;
  }
  return 0;
}

/* A project on read-only media or in a folder the user cannot write: read
 * by a user without write permission (the tests run as root in CI). */
static void
test_read_only_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dengbao-ro-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL, *after = NULL, *names = NULL;
  pid_t pid;
  int status = 0;

  g_assert_no_error (error);
  path = new_project (dir, "mine.dengbao", NULL);
  /* In WAL mode, as a crashed editor or an older Dengbao leaves it: SQLite
   * would want -wal and -shm beside it to read it. Readable by everyone. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (chmod (path, 0444), ==, 0);
  g_assert_cmpint (chmod (dir, 0555), ==, 0);
  before = dbo_test_file_sha256 (path);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (read_as_nobody (path));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  names = dbo_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "mine.dengbao");
  chmod (dir, 0700);
  g_unlink (path);
  g_rmdir (dir);
}

/* Format 1 of the schema (the v1 tables), enough to be read. */
static void
downgrade_to_v1 (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, DBO_TEST_TO_FORMAT_1_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* An older file read for a `show` is upgraded in memory, never in place. */
static void
test_older_format_read_untouched (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "old.dengbao", NULL);
  g_autofree char *before = NULL, *after = NULL, *names = NULL;
  g_autoptr(DboProject) p = NULL;

  downgrade_to_v1 (path);
  before = dbo_test_file_sha256 (path);
  p = read_back (path);
  g_assert_cmpuint (p->objects->len, >, 0);
  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  names = dbo_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "old.dengbao");

  /* Opened to edit, it is upgraded (after a copy). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DboStore) store = dbo_store_open (path, &error);

    g_assert_no_error (error);
  }
  g_clear_pointer (&names, g_free);
  names = dbo_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "old.dengbao old.dengbao.v1.bak");
}

/* ---- creating ---- */

static int
child_create (const char *path)
{
  g_autoptr(DboProject) p = sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = NULL;
  DboObject *first = g_ptr_array_index (p->objects, 0);

  /* Large enough to be caught half way. */
  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("x%d", i);
      DboObject *o = dbo_object_copy (first);

      dbo_set_str (&o->id, id);
      g_ptr_array_add (p->objects, o);
    }
  store = dbo_store_create (path, p, &error);
  return store != NULL ? 0 : 1;
}

/* Killed while creating, `new` and `import` leave no file at the final name
 * to block a retry. */
static void
test_killed_creation_leaves_no_file (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "new.dengbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  GPid pid;
  int status = 0;
  gboolean caught = FALSE;

  run_child (CHILD_CREATE, path, &pid);
  /* Kill it as soon as its temporary file is there. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *names = dbo_test_list_dir (dir);

      if (g_str_has_prefix (names, ".new.dengbao."))
        {
          kill (pid, SIGKILL);
          caught = TRUE;
          break;
        }
      if (waitpid (pid, &status, WNOHANG) == pid)
        break;
      g_usleep (200);
    }
  if (caught)
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  if (!caught || !WIFSIGNALED (status))
    {
      g_test_message ("the child finished before it could be killed");
      g_assert_true (exists (path));
    }
  else
    g_assert_false (exists (path));

  /* A retry works (or, had it finished, refuses the existing file). */
  {
    g_autoptr(DboProject) p = sample ();

    store = dbo_store_create (path, p, &error);
  }
  if (caught && WIFSIGNALED (status))
    g_assert_no_error (error);
  else
    g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS);
}

/* A file left by an earlier version's interrupted creation is told apart
 * from another application's database. */
static void
test_interrupted_creation_told_apart (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "half.dengbao", NULL);
  g_autofree char *journal = side_file (path, "-journal");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  DboStore *store;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_set_contents (journal, "hot journal", -1, NULL));

  store = dbo_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT);
  g_assert_nonnull (strstr (error->message, "creation was interrupted"));
  g_clear_error (&error);

  g_unlink (journal);
  store = dbo_store_open (path, &error);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT);
  g_assert_nonnull (strstr (error->message, "another application"));
}

/* A named pipe given as a project is refused at once, not read forever. */
static void
test_fifo_refused (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "pipe.dengbao", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (dbo_store_is_sqlite_file (path));
  g_assert_null (dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT);
}

/* A project deleted while a process had it open in WAL mode (killed, so the
 * -wal stayed): a new project of the same name must not get its pages. */
static void
test_create_over_orphan_wal (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = new_project (dir, "mine.dengbao", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db = NULL;

      if (sqlite3_open (path, &db) != SQLITE_OK ||
          sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE junk (a);"
                        "INSERT INTO junk VALUES (randomblob(50000));", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      _exit (0);                /* no close, no checkpoint: the -wal stays */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (path), ==, 0);

  {
    g_autoptr(DboProject) p = sample ();
    g_autoptr(DboStore) store = NULL;
    g_autoptr(DboProject) loaded = NULL;

    dbo_set_str (&p->enterprise.name, "新建煤矿");
    store = dbo_store_create (path, p, &error);
    g_assert_no_error (error);
    g_assert_nonnull (store);
    loaded = dbo_store_load (store, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (loaded->enterprise.name, ==, "新建煤矿");
  }
  {
    g_autoptr(DboStore) again = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
}

int
main (int argc, char *argv[])
{
  if (argc == 3 && strcmp (argv[1], CHILD_OPEN_AND_DIE) == 0)
    {
      DboStore *store = dbo_store_open (argv[2], NULL);

      if (store == NULL)
        return 2;
      kill (getpid (), SIGKILL);
    }
  if (argc == 3 && strcmp (argv[1], CHILD_CREATE) == 0)
    return child_create (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-safety/lock/second-editor-refused", test_second_editor_refused);
  g_test_add_func ("/store-safety/lock/other-spellings-refused", test_other_spellings_refused);
  g_test_add_func ("/store-safety/lock/read-only-while-locked", test_read_only_while_locked);
  g_test_add_func ("/store-safety/lock/stale-lock-taken-over", test_stale_lock_taken_over);
  g_test_add_func ("/store-safety/lock/other-host-lock-until-broken", test_other_host_lock_until_broken);
  g_test_add_func ("/store-safety/identity/replaced-file-not-written", test_replaced_file_not_written);
  g_test_add_func ("/store-safety/identity/deleted-file-not-written", test_deleted_file_not_written);
  g_test_add_func ("/store-safety/identity/other-writer-not-overwritten", test_other_writer_not_overwritten);
  g_test_add_func ("/store-safety/read-only/read-only-folder", test_read_only_folder);
  g_test_add_func ("/store-safety/read-only/older-format-read-untouched", test_older_format_read_untouched);
  g_test_add_func ("/store-safety/create/killed-creation-leaves-no-file", test_killed_creation_leaves_no_file);
  g_test_add_func ("/store-safety/create/interrupted-creation-told-apart", test_interrupted_creation_told_apart);
  g_test_add_func ("/store-safety/fifo-refused", test_fifo_refused);
  g_test_add_func ("/store-safety/create/over-orphan-wal", test_create_over_orphan_wal);
  return g_test_run ();
}
