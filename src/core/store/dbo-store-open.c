#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include "dbo-file-util.h"
#include "dbo-project-xml.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* Opening a project file: its header read without SQLite, an inspection
 * through an immutable connection, then the open for reading or editing;
 * and the creation of a new file. */

/* ---- opening ---- */

static void
finalize_stmt (gpointer st)
{
  sqlite3_finalize (st);
}

static DboStore *
store_new (const char *path)
{
  DboStore *self = g_new0 (DboStore, 1);

  self->path = g_strdup (path);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_stmt);
  return self;
}

static void
store_free (DboStore *self)
{
  g_clear_pointer (&self->migrating, dbo_project_free);
  g_hash_table_destroy (self->statements);
  if (self->db != NULL)
    sqlite3_close (self->db);
  /* After SQLite let go of the file: the next editor may take it. */
  g_clear_pointer (&self->lock, dbo_store_lock_release);
  g_free (self->path);
  g_free (self);
}

static void remember_wal (DboStore *self);

/* WAL needs shared memory between the processes that open the file, which
 * network file systems do not give: there, a rollback journal. */
static gboolean
on_network_file_system (const char *path)
{
  static const long network[] = {
    0x6969,                       /* NFS */
    0x517b,                       /* SMB */
    (long) 0xff534d42,            /* CIFS */
    (long) 0xfe534d42,            /* SMB2 */
    0x65735546,                   /* FUSE (sshfs, many sync clients) */
    0x73757245,                   /* Coda */
    0x5346414f,                   /* AFS */
    0x00c36400,                   /* Ceph */
    0x01021997,                   /* 9P (and shared folders of VMs) */
    0x47504653,                   /* GPFS */
    0x0bd00bd0,                   /* Lustre */
  };
  struct statfs st;

  if (statfs (path, &st) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    if ((long) st.f_type == network[i])
      return TRUE;
  return FALSE;
}

static gboolean
configure (DboStore *self, gboolean writable, GError **error)
{
  self->doing = N_("prepare the file");
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  dbo_db_harden (self->db);
  if (!dbo_db_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (writable && !dbo_db_exec (self, "PRAGMA synchronous = FULL", error))
    return FALSE;
  return TRUE;
}

/* The journal is chosen at the first write, not at open: opening and
 * closing without an edit leaves the file's bytes as they were. */
gboolean
dbo_store_choose_journal (DboStore *self, GError **error)
{
  if (self->journal_chosen)
    return TRUE;
  /* Changing the mode resets SQLite's pager, which moves data_version: ask
   * for anyone else's changes first, and count from after it. */
  if (!dbo_store_check_data_version (self, error)
      || !dbo_db_exec (self, on_network_file_system (self->path) ? "PRAGMA journal_mode = DELETE"
                                                           : "PRAGMA journal_mode = WAL", error)
      || (self->have_data_version && !dbo_store_note_data_version (self, error)))
    return FALSE;
  self->journal_chosen = TRUE;
  remember_wal (self);
  return TRUE;
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Looks at the 100-byte SQLite header without any SQLite at all. */
static gboolean
check_header (const char *path, int *version_out, GError **error)
{
  guchar header[SQLITE_HEADER_SIZE];
  gssize n = 0;
  /* O_NONBLOCK: a named pipe must not hang the open. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  struct stat st;
  gint32 version;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot open %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      dbo_store_set_not_a_project (error, path, _("not a regular file"));
      return FALSE;
    }
  while (n < (gssize) sizeof header)
    {
      gssize got = read (fd, header + n, sizeof header - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot read %s: %s"), path,
                       g_strerror (saved));
          return FALSE;
        }
      if (got == 0)
        break;
      n += got;
    }
  close (fd);

  if (n < 16 || memcmp (header, SQLITE_MAGIC, 16) != 0)
    {
      dbo_store_set_not_a_project (error, path, n == 0 ? _("the file is empty") : _("not an SQLite database"));
      return FALSE;
    }
  if (n < SQLITE_HEADER_SIZE)
    {
      dbo_store_set_corrupt (error, path, _("the file is truncated"));
      return FALSE;
    }
  if (read_be32 (header + 68) != DBO_STORE_APPLICATION_ID)
    {
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);

      /* Earlier versions created the file in place: killed then, it has no
       * application id yet and a hot journal beside it. */
      if (read_be32 (header + 68) == 0 && g_file_test (journal, G_FILE_TEST_IS_REGULAR))
        dbo_store_set_not_a_project (error, path, _("its creation was interrupted before it held a project; "
                                        "it can be deleted and created again"));
      else
        dbo_store_set_not_a_project (error, path, _("an SQLite database of another application"));
      return FALSE;
    }
  version = (gint32) read_be32 (header + 60);
  if (version > DBO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_TOO_NEW,
                   _("The project file %s was written by a newer version of Dengbao "
                   "(schema %d, this version reads up to %d); the file was not changed"),
                   path, version, DBO_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version < 0)
    {
      dbo_store_set_corrupt (error, path, _("its format number is invalid"));
      return FALSE;
    }
  *version_out = version;
  return TRUE;
}

static gboolean
table_exists (DboStore *self, const char *name, gboolean *exists, GError **error)
{
  return dbo_db_lookup (self, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", name,
                        exists, NULL, error);
}

/* @text on one line, cut after about @max bytes (on a character boundary). */
static char *
one_line (const char *text, gsize max)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (s->len >= max)
        {
          g_string_append (s, "…");
          break;
        }
      if (*p == '\n')
        g_string_append (s, "; ");
      else
        g_string_append_unichar (s, g_utf8_get_char (p));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Turns any error met while inspecting into "damaged", keeping its text. */
static void
inspection_failed (GError **error, const char *path, GError *local)
{
  if (local->domain == DBO_STORE_ERROR && local->code == DBO_STORE_ERROR_IO)
    g_propagate_error (error, local);
  else
    {
      dbo_store_set_corrupt (error, path, local->message);
      g_error_free (local);
    }
}

/* Checks the file through an immutable read-only connection: SQLite then
 * creates no -wal or -shm file and takes no lock, so a refused file is left
 * exactly as it was. A WAL left by a crash is not read here; the read-write
 * open that follows recovers it. */
static gboolean
inspect_with (const char *path, int version, gboolean immutable, GError **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file://localhost%s?mode=ro%s", escaped,
                                          immutable ? "&immutable=1" : "");
  DboStore *probe = store_new (path);
  GError *local = NULL;
  int rc;

  probe->probe = TRUE;
  rc = sqlite3_open_v2 (uri, &probe->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      dbo_db_set_error (probe, &local, rc);
      goto failed;
    }
  sqlite3_extended_result_codes (probe->db, 1);
  dbo_db_harden (probe->db);
  /* Before anything else reads the file: what its schema defines never runs. */
  if (!dbo_store_check_schema (probe->db, version, &local))
    goto failed;

  {
    g_auto(DboStmt) st = dbo_db_stmt (probe, "PRAGMA quick_check", &local);

    if (st == NULL)
      goto failed;
    rc = sqlite3_step (st);
    if (rc != SQLITE_ROW)
      {
        dbo_db_set_error (probe, &local, rc);
        goto failed;
      }
    if (g_strcmp0 ((const char *) sqlite3_column_text (st, 0), "ok") != 0)
      {
        g_autofree char *report = one_line ((const char *) sqlite3_column_text (st, 0), 240);

        g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT, _("integrity check: %s"),
                     report);
        goto failed;
      }
  }

  if (version == 0)
    {
      g_auto(DboStmt) st = NULL;
      g_autoptr(DboProject) project = NULL;
      g_autoptr(GError) xml_error = NULL;
      gboolean exists = FALSE;
      const char *xml;

      if (!table_exists (probe, "project", &exists, &local))
        goto failed;
      if (!exists)
        {
          g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       _("format 0 without its project table"));
          goto failed;
        }
      st = dbo_db_stmt (probe, "SELECT xml FROM project", &local);
      if (st == NULL)
        goto failed;
      rc = sqlite3_step (st);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                         _("format 0 without a project"));
          else
            dbo_db_set_error (probe, &local, rc);
          goto failed;
        }
      xml = (const char *) sqlite3_column_text (st, 0);
      project = dbo_project_xml_read (xml != NULL ? xml : "", sqlite3_column_bytes (st, 0),
                                      "project.xml", &xml_error);
      if (project == NULL)
        {
          g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       _("its project (format 0) cannot be read: %s"), xml_error->message);
          goto failed;
        }
    }
  else
    {
      gboolean exists = FALSE;

      if (!table_exists (probe, "meta", &exists, &local))
        goto failed;
      if (!exists)
        {
          g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       _("its tables are missing"));
          goto failed;
        }
    }
  store_free (probe);
  return TRUE;

failed:
  store_free (probe);
  inspection_failed (error, path, local);
  return FALSE;
}

static gboolean
inspect (const char *path, int version, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (inspect_with (path, version, TRUE, &local))
    return TRUE;
  /* While another connection has the file open, a checkpoint may be writing
   * pages under the immutable reader. Its -wal and -shm are there, so a
   * normal read-only connection creates nothing: ask again through it. */
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  if (g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT)
      && g_file_test (wal, G_FILE_TEST_EXISTS) && g_file_test (shm, G_FILE_TEST_EXISTS))
    return inspect_with (path, version, FALSE, error);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
read_header_pragmas (DboStore *self, int *version, GError **error)
{
  int app_id = 0;

  if (!dbo_db_pragma_int (self, "application_id", &app_id, error)
      || !dbo_db_pragma_int (self, "user_version", version, error))
    return FALSE;
  if ((guint32) app_id != DBO_STORE_APPLICATION_ID)
    {
      dbo_store_set_not_a_project (error, self->path, _("an SQLite database of another application"));
      return FALSE;
    }
  if (*version > DBO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_TOO_NEW,
                   _("The project file %s was written by a newer version of Dengbao "
                   "(schema %d, this version reads up to %d); the file was not changed"),
                   self->path, *version, DBO_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
remember_identity (DboStore *self, GError **error)
{
  int saved;

  if (!dbo_file_identity_read (self->path, &self->identity, &saved))
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot open %s: %s"), self->path,
                   g_strerror (saved));
      return FALSE;
    }
  self->have_identity = TRUE;
  return TRUE;
}

/* The -wal this connection writes, so that close can tell it from another. */
static void
remember_wal (DboStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  struct stat st;

  self->have_wal = g_stat (wal, &st) == 0;
  if (self->have_wal)
    {
      self->wal_dev = st.st_dev;
      self->wal_ino = st.st_ino;
    }
}

static gboolean
wal_is_ours (DboStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  struct stat st;

  if (g_stat (wal, &st) != 0)
    return !self->have_wal;
  return self->have_wal && st.st_dev == self->wal_dev && st.st_ino == self->wal_ino;
}

static int
open_uri (const char *path, gboolean immutable, sqlite3 **db)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file://localhost%s?mode=ro%s", escaped,
                                          immutable ? "&immutable=1" : "");

  return sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
}

/* Copies the open database into memory, where an older format can be
 * upgraded without touching the file. */
static gboolean
copy_into_memory (DboStore *self, GError **error)
{
  sqlite3 *mem = NULL;
  sqlite3_backup *backup;
  int rc = sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (mem, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (mem);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          rc = sqlite3_backup_finish (backup) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  if (rc != SQLITE_OK)
    {
      dbo_db_set_error (self, error, rc);
      sqlite3_close (mem);
      return FALSE;
    }
  g_hash_table_remove_all (self->statements);
  sqlite3_close (self->db);
  self->db = mem;
  return TRUE;
}

/* Read-only: no lock, no -wal or -shm made where none are, no checkpoint,
 * no migration in the file. */
static DboStore *
open_read_only (const char *path, GError **error)
{
  DboStore *self = store_new (path);
  int version = 0;
  int rc;

  self->read_only = TRUE;
  self->doing = N_("open the file");
  rc = open_uri (path, FALSE, &self->db);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      sqlite3_extended_result_codes (self->db, 1);
      if (!read_header_pragmas (self, &version, NULL))
        rc = SQLITE_CANTOPEN;
    }
  if (rc != SQLITE_OK)
    {
      /* A WAL file with no -shm beside it on read-only media: SQLite would
       * have to make one. Read the file alone, as it is. */
      g_hash_table_remove_all (self->statements);
      sqlite3_close (self->db);
      self->db = NULL;
      rc = open_uri (path, TRUE, &self->db);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot open the project file %s: %s"),
                       path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
          store_free (self);
          return NULL;
        }
      sqlite3_extended_result_codes (self->db, 1);
      if (!read_header_pragmas (self, &version, error))
        {
          store_free (self);
          return NULL;
        }
    }
  if (!remember_identity (self, error)
      || !dbo_db_exec (self, "PRAGMA foreign_keys = ON", error)
      || !dbo_store_note_data_version (self, error))
    {
      store_free (self);
      return NULL;
    }
  if (version < DBO_STORE_SCHEMA_VERSION)
    {
      /* Upgraded in memory: the file keeps its format for the editor that
       * opens it next. The copy is ours alone, so writes to it are allowed. */
      self->read_only = FALSE;
      self->have_identity = FALSE;
      self->have_data_version = FALSE;
      if (!copy_into_memory (self, error)
          || !dbo_db_exec (self, "PRAGMA foreign_keys = ON", error)
          || !dbo_store_migrate (self, error))
        {
          store_free (self);
          return NULL;
        }
      self->read_only = TRUE;
    }
  self->doing = NULL;
  return self;
}

static DboStore *
open_for_editing (const char *path, int version, GError **error)
{
  g_autoptr(DboStoreLock) lock = NULL;
  DboStore *self;
  int rc;

  lock = dbo_store_lock_acquire (path, error);
  if (lock == NULL)
    return NULL;

  self = store_new (path);
  self->lock = g_steal_pointer (&lock);
  self->doing = N_("open the file");
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot open the project file %s: %s"),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      goto failed;
    }
  if (sqlite3_db_readonly (self->db, "main"))
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY,
                   _("The project file %s cannot be written (read-only file, folder or medium); "
                   "it can be opened read-only"), path);
      goto failed;
    }
  if (!remember_identity (self, error))
    goto failed;
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* Read again through SQLite: a WAL left by a crash may hold newer pages. */
  if (!read_header_pragmas (self, &version, error))
    goto failed;
  if (version < DBO_STORE_SCHEMA_VERSION)
    {
      /* The copy is taken before anything in the file changes. */
      self->doing = N_("prepare the file");
      if (!dbo_store_backup_before_migration (self, version, error))
        goto failed;
    }
  if (!configure (self, TRUE, error) || !dbo_store_note_data_version (self, error))
    goto failed;
  if (version < DBO_STORE_SCHEMA_VERSION)
    {
      if (!dbo_store_migrate (self, error))
        goto failed;
      /* Put the new header into the file itself (see dbo_store_create). */
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
  remember_wal (self);
  self->doing = NULL;
  return self;

failed:
  store_free (self);
  return NULL;
}

DboStore *
dbo_store_open_full (const char *path, DboStoreOpenFlags flags, GError **error)
{
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, &version, error) || !inspect (path, version, error))
    return NULL;
  if (flags & DBO_STORE_OPEN_READ_ONLY)
    return open_read_only (path, error);
  return open_for_editing (path, version, error);
}

DboStore *
dbo_store_open (const char *path, GError **error)
{
  return dbo_store_open_full (path, DBO_STORE_OPEN_EDIT, error);
}

/* Writes the new project into @tmp, an empty file of ours. */
static gboolean
build_new_file (const char *tmp, const DboProject *project, GError **error)
{
  DboStore *self = store_new (tmp);
  gboolean ok;
  int rc;

  self->doing = N_("create the file");
  rc = sqlite3_open_v2 (tmp, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot create the project file %s: %s"),
                   tmp, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      store_free (self);
      return FALSE;
    }
  /* A rollback journal: at the commit the file itself holds the header
   * (application id, version) and the whole project. */
  if (!configure (self, FALSE, error) || !dbo_db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !dbo_store_begin (self, N_("create the file"), error))
    {
      store_free (self);
      return FALSE;
    }
  {
    g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                               (int) DBO_STORE_APPLICATION_ID);

    ok = dbo_db_exec (self, app_id, error) && dbo_store_create_schema (self, error);
  }
  ok = ok && dbo_store_set_user_version (self, DBO_STORE_SCHEMA_VERSION, error)
    && dbo_store_write_content (self, project, error);
  ok = dbo_store_finish (self, ok, error);
  g_hash_table_remove_all (self->statements);
  rc = sqlite3_close (self->db);
  self->db = NULL;
  store_free (self);
  if (ok && rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot finish the project file %s: %s"),
                   tmp, sqlite3_errstr (rc));
      return FALSE;
    }
  return ok;
}

static void
unlink_with_journals (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (journal);
  g_unlink (wal);
  g_unlink (shm);
}

DboStore *
dbo_store_create (const char *path, const DboProject *project, GError **error)
{
  g_autofree char *dir = NULL, *base = NULL, *tmp = NULL;
  g_autoptr(GError) local = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_lstat (path, &st) == 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS, _("The file %s already exists"), path);
      return NULL;
    }

  /* Built whole under a temporary name in the same folder and linked into
   * place: killed half way, the final name never holds half a project. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  fd = dbo_file_create_temp (dir, base, 0600, &tmp, &local);
  if (fd < 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot create %s: %s"), path, local->message);
      return NULL;
    }
  /* The umask may have taken bits away, never added: make it exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot set the mode of %s: %s"),
                   tmp, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (!build_new_file (tmp, project, error))
    {
      unlink_with_journals (tmp);
      return NULL;
    }
  dbo_file_remove_orphan_journals (path);
  if (!dbo_file_publish (tmp, path, DBO_FILE_PUBLISH_CREATE, &local))
    {
      unlink_with_journals (tmp);
      g_set_error (error, DBO_STORE_ERROR,
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS) ? DBO_STORE_ERROR_EXISTS
                                                                          : DBO_STORE_ERROR_IO,
                   "%s", local->message);
      return NULL;
    }
  unlink_with_journals (tmp);
  return dbo_store_open (path, error);
}

static gboolean
in_wal_mode (DboStore *self)
{
  sqlite3_stmt *st = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK
      && sqlite3_step (st) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (st, 0), "wal") == 0;
  sqlite3_finalize (st);
  return wal;
}

void
dbo_store_close (DboStore *self)
{
  if (self == NULL)
    return;
  g_hash_table_remove_all (self->statements);
  if (self->db != NULL && self->lock != NULL)
    {
      int gone = 0;
      gboolean same_file = dbo_store_identity_matches (self, &gone);

      if (in_wal_mode (self))
        {
          /* Fold the WAL back so the file alone is the whole project —
           * unless the names no longer lead to our file and WAL: then SQLite
           * must not touch (or delete) another file's -wal at close. */
          if (same_file || wal_is_ours (self))
            sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
          /* A file at rest is left in rollback-journal mode: a reader that
           * opens a WAL-mode file makes -wal and -shm beside it, and a read
           * must not write. (Refused while another connection has it open.) */
          if (same_file)
            sqlite3_exec (self->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        }
      if (!wal_is_ours (self))
        sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      else if (gone == ENOENT)
        {
          /* The file was deleted: SQLite keeps the side files of a file it
           * no longer finds; they are ours and name nothing now. */
          g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

          sqlite3_close (self->db);
          self->db = NULL;
          if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
            {
              g_unlink (wal);
              g_unlink (shm);
            }
        }
    }
  store_free (self);
}

const char *
dbo_store_get_path (DboStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

gboolean
dbo_store_is_sqlite_file (const char *path)
{
  char header[16];
  gssize n = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  {
    struct stat st;

    if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
      {
        close (fd);
        return FALSE;
      }
  }
  while (n < (gssize) sizeof header)
    {
      gssize got = read (fd, header + n, sizeof header - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += got;
    }
  close (fd);
  return n == sizeof header && memcmp (header, SQLITE_MAGIC, sizeof header) == 0;
}
