#define G_LOG_DOMAIN "dengbao-desk"
#include "config.h"

#include "dbo-desk.h"

#include "dbo-bundle.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"
#include "dbo-grading.h"
#include "dbo-project-xml.h"
#include "dbo-store-lock.h"
#include "dbo-store.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (dbo-desk-error-quark, dbo_desk_error)

#define BUSY_TIMEOUT_MS 5000
#define SQLITE_HEADER_SIZE 100

struct _DboDesk
{
  sqlite3 *db;
  char *path;
  char *authority;
  gboolean read_only;
  DboStoreLock *lock;       /* held while open for editing */
  DboFileIdentity identity; /* the file opened: each write first checks the path still names it */
  int version;              /* the schema's (user_version) */
};

/* The desk keeps what the bureau received and decided; every level, route
 * and date shown comes from the kept project.xml and the rules. */
static const char schema_v1[] =
  "CREATE TABLE desk (authority TEXT NOT NULL, created TEXT NOT NULL);"
  "CREATE TABLE submissions ("
  "  id INTEGER PRIMARY KEY,"
  "  manifest_sha256 TEXT NOT NULL UNIQUE,"
  "  project_id TEXT NOT NULL,"
  "  round INTEGER NOT NULL,"
  "  previous INTEGER REFERENCES submissions (id),"
  "  enterprise TEXT, credit_code TEXT, city TEXT,"
  "  kind TEXT NOT NULL, standardization TEXT NOT NULL,"
  "  received TEXT NOT NULL, due TEXT NOT NULL,"
  "  outcome TEXT, decided TEXT, number TEXT UNIQUE, opinion TEXT,"
  "  project_xml BLOB NOT NULL);"
  "CREATE INDEX submissions_project ON submissions (project_id, round);"
  "CREATE TABLE objects ("
  "  submission INTEGER NOT NULL REFERENCES submissions (id),"
  "  position INTEGER NOT NULL,"
  "  object_id TEXT NOT NULL, name TEXT, level INTEGER NOT NULL,"
  "  reviewed_here INTEGER NOT NULL,"
  "  PRIMARY KEY (submission, position));"
  /* The last serial each year: numbers are never given twice. */
  "CREATE TABLE serials (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);";

/* Version 2: named snapshots. Each holds the submissions, objects and serials
 * as they were, as an SQLite database image of their own. */
static const char schema_v2[] =
  "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,"
  "  image BLOB NOT NULL);";

/* ---- errors and statements ---- */

static gboolean
db_failed (DboDesk *self, sqlite3 *db, const char *doing, GError **error)
{
  /* @doing is for the log; the message names the file and SQLite's reason. */
  g_debug ("cannot %s %s", doing, self != NULL ? self->path : "");
  g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot read or write the desk file %s: %s"),
               self != NULL ? self->path : "", db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  return FALSE;
}

static gboolean
exec (DboDesk *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_failed (self, self->db, "write", error);
  return TRUE;
}

static sqlite3_stmt *
prepare (DboDesk *self, const char *sql, GError **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      db_failed (self, self->db, "read", error);
      return NULL;
    }
  return st;
}

typedef sqlite3_stmt DboDeskStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboDeskStmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *st, int column, const char *value)
{
  if (value == NULL)
    sqlite3_bind_null (st, column);
  else
    sqlite3_bind_text (st, column, value, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *st, int column)
{
  const char *text = (const char *) sqlite3_column_text (st, column);

  return text != NULL ? g_strdup (text) : NULL;
}

/* Before a write: the path must still name the file opened. SQLite writes
 * through its open descriptor, so a desk file replaced (a backup copied over
 * it) or deleted while open would silently take the write elsewhere or lose it. */
static gboolean
check_identity (DboDesk *self, GError **error)
{
  g_autofree char *display = NULL;
  int saved = 0;

  if (dbo_file_identity_matches (self->path, &self->identity, &saved))
    return TRUE;
  display = g_filename_display_name (self->path);
  if (saved != 0 && saved != ENOENT && saved != ENOTDIR)
    g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot check the desk file %s before writing: %s"),
                 display, g_strerror (saved));
  else
    g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO,
                 saved != 0
                 ? _("The desk file %s was deleted or moved while it was open; nothing is written. Reopen it "
                     "where it is now")
                 : _("The desk file %s was replaced by another file while it was open; nothing is written to "
                     "the new file. Reopen it to work on the file now there"),
                 display);
  return FALSE;
}

/* Writes are one IMMEDIATE transaction each: the whole change or none. */
static gboolean
begin (DboDesk *self, GError **error)
{
  if (self->read_only)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_READ_ONLY, _("The desk file %s is open read-only"),
                   self->path);
      return FALSE;
    }
  if (!check_identity (self, error))
    return FALSE;
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
finish (DboDesk *self, gboolean ok, GError **error)
{
  if (ok && sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  if (ok)
    db_failed (self, self->db, "write", error);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* ---- submissions ---- */

static void
desk_object_free (DboDeskObject *o)
{
  g_free (o->id);
  g_free (o->name);
  g_free (o);
}

void
dbo_desk_submission_free (DboDeskSubmission *s)
{
  if (s == NULL)
    return;
  g_free (s->id);
  g_free (s->project_id);
  g_free (s->enterprise);
  g_free (s->credit_code);
  g_free (s->city);
  g_free (s->previous);
  g_free (s->received);
  g_free (s->due);
  g_free (s->decided);
  g_free (s->number);
  g_free (s->opinion);
  g_clear_pointer (&s->objects, g_ptr_array_unref);
  g_free (s);
}

const char *
dbo_desk_submission_status (const DboDeskSubmission *s)
{
  return s->has_outcome ? dbo_token_name (dbo_outcome_tokens, s->outcome) : "pending";
}

gboolean
dbo_desk_submission_is_overdue (const DboDeskSubmission *s, const GDate *today)
{
  g_autofree char *day = dbo_date_format (today);

  return !s->has_outcome && g_strcmp0 (day, s->due) > 0;
}

gboolean
dbo_desk_submission_is_late (const DboDeskSubmission *s)
{
  return s->has_outcome && g_strcmp0 (s->decided, s->due) > 0;
}

static char *
format_id (gint64 id)
{
  return g_strdup_printf ("%04" G_GINT64_FORMAT, id);
}

static gboolean
parse_id (const char *text, gint64 *id, GError **error)
{
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_FOUND,
                   _("'%s' is not a submission id (a number such as 0001)"), text ? text : "");
      return FALSE;
    }
  *id = (gint64) n;
  return TRUE;
}

#define SUBMISSION_COLUMNS \
  "id, project_id, enterprise, credit_code, city, kind, standardization, round, previous, received, due, " \
  "outcome, decided, number, opinion"

static DboDeskSubmission *
read_submission (sqlite3_stmt *st)
{
  DboDeskSubmission *s = g_new0 (DboDeskSubmission, 1);
  g_autofree char *outcome = NULL;
  int value;

  s->id = format_id (sqlite3_column_int64 (st, 0));
  s->project_id = column_text (st, 1);
  s->enterprise = column_text (st, 2);
  s->credit_code = column_text (st, 3);
  s->city = column_text (st, 4);
  value = dbo_token_lookup (dbo_enterprise_kind_tokens, (const char *) sqlite3_column_text (st, 5));
  s->kind = value < 0 ? DBO_KIND_PRODUCTION : value;
  value = dbo_token_lookup (dbo_standardization_tokens, (const char *) sqlite3_column_text (st, 6));
  s->standardization = value < 0 ? DBO_STD_UNRATED : value;
  s->round = sqlite3_column_int (st, 7);
  if (sqlite3_column_type (st, 8) != SQLITE_NULL)
    s->previous = format_id (sqlite3_column_int64 (st, 8));
  s->received = column_text (st, 9);
  s->due = column_text (st, 10);
  outcome = column_text (st, 11);
  value = outcome != NULL ? dbo_token_lookup (dbo_outcome_tokens, outcome) : -1;
  s->has_outcome = value >= 0;
  s->outcome = value < 0 ? DBO_OUTCOME_APPROVED : value;
  s->decided = column_text (st, 12);
  s->number = column_text (st, 13);
  s->opinion = column_text (st, 14);
  s->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_object_free);
  return s;
}

/* Reads the submissions @where selects (bound to @id when > 0), with their objects. */
static GPtrArray *
read_submissions (DboDesk *self, const char *where, gint64 id, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " SUBMISSION_COLUMNS " FROM submissions %s "
                                          "ORDER BY received, id", where);
  g_autoptr(DboDeskStmt) st = prepare (self, sql, error);
  g_autoptr(DboDeskStmt) ost = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_desk_submission_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = NULL;
  int rc;

  if (st == NULL)
    return NULL;
  if (id > 0)
    sqlite3_bind_int64 (st, 1, id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (out, read_submission (st));
  if (rc != SQLITE_DONE)
    {
      db_failed (self, self->db, "read", error);
      return NULL;
    }
  ids = g_new (gint64, out->len + 1);
  for (guint i = 0; i < out->len; i++)
    {
      ids[i] = g_ascii_strtoll (((DboDeskSubmission *) g_ptr_array_index (out, i))->id, NULL, 10);
      g_hash_table_insert (by_id, &ids[i], g_ptr_array_index (out, i));
    }
  ost = prepare (self, id > 0 ? "SELECT submission, object_id, name, level, reviewed_here FROM objects "
                                "WHERE submission = ? ORDER BY submission, position"
                              : "SELECT submission, object_id, name, level, reviewed_here FROM objects "
                                "ORDER BY submission, position", error);
  if (ost == NULL)
    return NULL;
  if (id > 0)
    sqlite3_bind_int64 (ost, 1, id);
  while ((rc = sqlite3_step (ost)) == SQLITE_ROW)
    {
      gint64 sid = sqlite3_column_int64 (ost, 0);
      DboDeskSubmission *s = g_hash_table_lookup (by_id, &sid);
      DboDeskObject *o;

      if (s == NULL)
        continue;
      o = g_new0 (DboDeskObject, 1);
      o->id = column_text (ost, 1);
      o->name = column_text (ost, 2);
      o->level = sqlite3_column_int (ost, 3);
      o->reviewed_here = sqlite3_column_int (ost, 4) != 0;
      g_ptr_array_add (s->objects, o);
    }
  if (rc != SQLITE_DONE)
    {
      db_failed (self, self->db, "read", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
dbo_desk_list (DboDesk *self, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return read_submissions (self, "", 0, error);
}

static DboDeskSubmission *
find_by_id (DboDesk *self, gint64 id, const char *text, GError **error)
{
  g_autoptr(GPtrArray) found = read_submissions (self, "WHERE id = ?", id, error);

  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_FOUND, _("The desk %s has no submission %s"),
                   self->path, text);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

DboDeskSubmission *
dbo_desk_find (DboDesk *self, const char *id, GError **error)
{
  gint64 n;

  g_return_val_if_fail (self != NULL, NULL);
  if (!parse_id (id, &n, error))
    return NULL;
  return find_by_id (self, n, id, error);
}

/* ---- opening and creating ---- */

static void
desk_free (DboDesk *self)
{
  if (self->db != NULL)
    sqlite3_close (self->db);
  /* After SQLite let go of the file: the next editor may take it. */
  g_clear_pointer (&self->lock, dbo_store_lock_release);
  g_free (self->path);
  g_free (self->authority);
  g_free (self);
}

void
dbo_desk_close (DboDesk *self)
{
  if (self != NULL)
    desk_free (self);
}

const char *
dbo_desk_get_path (DboDesk *self)
{
  return self->path;
}

const char *
dbo_desk_get_authority (DboDesk *self)
{
  return self->authority;
}

gboolean
dbo_desk_is_read_only (DboDesk *self)
{
  return self->read_only;
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Looks at the SQLite header before any SQLite: a file that is not a desk
 * is refused without being opened by SQLite, let alone changed. */
static gboolean
check_header (const char *path, GError **error)
{
  guchar header[SQLITE_HEADER_SIZE];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  struct stat st;
  gssize n;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot open %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = fstat (fd, &st) == 0 && S_ISREG (st.st_mode) ? read (fd, header, sizeof header) : -1;
  close (fd);
  if (n != (gssize) sizeof header || memcmp (header, "SQLite format 3", 16) != 0
      || read_be32 (header + 68) != DBO_DESK_APPLICATION_ID)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_A_DESK, _("%s is not a Dengbao desk file"), path);
      return FALSE;
    }
  if ((gint32) read_be32 (header + 60) > DBO_DESK_SCHEMA_VERSION)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_TOO_NEW,
                   _("The desk file %s was written by a newer Dengbao; it was not changed"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_authority (DboDesk *self, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "SELECT authority FROM desk", error);

  if (st == NULL)
    return FALSE;
  if (sqlite3_step (st) != SQLITE_ROW || sqlite3_column_text (st, 0) == NULL)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_A_DESK, _("%s is not a Dengbao desk file"),
                   self->path);
      return FALSE;
    }
  self->authority = column_text (st, 0);
  return TRUE;
}

static gboolean
read_version (DboDesk *self, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "PRAGMA user_version", error);

  if (st == NULL)
    return FALSE;
  if (sqlite3_step (st) != SQLITE_ROW)
    return db_failed (self, self->db, "read", error);
  self->version = sqlite3_column_int (st, 0);
  return TRUE;
}

/* Version 1 → 2 (snapshots), in one transaction, when opened for editing; a
 * read-only open changes nothing and sees no snapshots. */
static gboolean
migrate (DboDesk *self, GError **error)
{
  g_autofree char *bump = NULL;

  if (self->version >= DBO_DESK_SCHEMA_VERSION)
    return TRUE;
  bump = g_strdup_printf ("PRAGMA user_version = %d", DBO_DESK_SCHEMA_VERSION);
  if (!begin (self, error))
    return FALSE;
  if (!finish (self, exec (self, schema_v2, error) && exec (self, bump, error), error))
    return FALSE;
  self->version = DBO_DESK_SCHEMA_VERSION;
  return TRUE;
}

static int
open_uri_read_only (const char *path, sqlite3 **db)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file://localhost%s?mode=ro", escaped);

  return sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
}

DboDesk *
dbo_desk_open (const char *path, DboDeskOpenFlags flags, GError **error)
{
  DboDesk *self;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, error))
    return NULL;
  self = g_new0 (DboDesk, 1);
  self->path = g_strdup (path);
  self->read_only = (flags & DBO_DESK_OPEN_READ_ONLY) != 0;
  if (!self->read_only)
    {
      g_autoptr(GError) local = NULL;

      self->lock = dbo_store_lock_acquire (path, &local);
      if (self->lock == NULL)
        {
          g_set_error (error, DBO_DESK_ERROR,
                       g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY)
                         ? DBO_DESK_ERROR_READ_ONLY : DBO_DESK_ERROR_IO, "%s", local->message);
          desk_free (self);
          return NULL;
        }
      if (!dbo_file_identity_read (path, &self->identity, &rc))
        {
          g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot open %s: %s"), path, g_strerror (rc));
          desk_free (self);
          return NULL;
        }
      rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
    }
  else
    rc = open_uri_read_only (path, &self->db);
  if (rc != SQLITE_OK)
    {
      db_failed (self, self->db, "open", error);
      desk_free (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  /* A rollback journal rather than WAL: the desk is one file, also on a
   * shared folder where WAL's shared memory does not work. */
  if ((!self->read_only && !exec (self, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL", error))
      || !exec (self, "PRAGMA foreign_keys = ON", error) || !read_authority (self, error)
      || !read_version (self, error) || (!self->read_only && !migrate (self, error)))
    {
      desk_free (self);
      return NULL;
    }
  return self;
}

static gboolean
build_new_file (const char *tmp, const char *authority, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *header = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                             (int) DBO_DESK_APPLICATION_ID, DBO_DESK_SCHEMA_VERSION);
  DboDesk probe = { NULL, (char *) tmp, NULL, FALSE, NULL };
  g_autoptr(DboDeskStmt) st = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (tmp, &probe.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      db_failed (&probe, probe.db, "create", error);
      sqlite3_close (probe.db);
      return FALSE;
    }
  ok = exec (&probe, "PRAGMA synchronous = FULL", error) && exec (&probe, "BEGIN", error)
       && exec (&probe, header, error) && exec (&probe, schema_v1, error)
       && exec (&probe, schema_v2, error);
  if (ok)
    {
      st = prepare (&probe, "INSERT INTO desk (authority, created) VALUES (?, ?)", error);
      ok = st != NULL;
    }
  if (ok)
    {
      bind_text (st, 1, authority);
      bind_text (st, 2, created);
      ok = sqlite3_step (st) == SQLITE_DONE || db_failed (&probe, probe.db, "create", error);
    }
  g_clear_pointer (&st, sqlite3_finalize);
  ok = finish (&probe, ok, error);
  if (sqlite3_close (probe.db) != SQLITE_OK && ok)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot finish the desk file %s"), tmp);
      return FALSE;
    }
  return ok;
}

static void
unlink_with_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (journal);
}

/* A new private file beside @dest to build it in: its descriptor, or -1. */
static int
create_temp_beside (const char *dest, char **tmp, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autoptr(GError) local = NULL;
  int fd = dbo_file_create_temp (dir, base, 0600, tmp, &local);

  if (fd < 0)
    g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, "%s", local->message);
  return fd;
}

/* Links the finished @tmp in as @dest, which must not exist yet; @tmp is
 * removed either way. */
static gboolean
publish_new (const char *tmp, const char *dest, GError **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok = dbo_file_publish (tmp, dest, DBO_FILE_PUBLISH_CREATE, &local);

  unlink_with_journal (tmp);
  if (!ok)
    g_set_error (error, DBO_DESK_ERROR,
                 g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS) ? DBO_DESK_ERROR_EXISTS
                                                                        : DBO_DESK_ERROR_IO,
                 "%s", local->message);
  return ok;
}

DboDesk *
dbo_desk_create (const char *path, const char *authority, const DboRuleset *rules, GError **error)
{
  g_autofree char *tmp = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL && rules != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (authority == NULL || strlen (authority) != 2 || dbo_ruleset_find_region (rules, authority) == NULL)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID,
                   _("'%s' is not a bureau's code: 00 (the province) or 01 … 11 (the cities)"),
                   authority ? authority : "");
      return NULL;
    }
  if (g_lstat (path, &st) == 0)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_EXISTS, _("The file %s already exists; nothing was written"),
                   path);
      return NULL;
    }
  /* Built whole under a temporary name and linked into place, as a project
   * is: the final name never holds half a desk, nor is taken if it appeared. */
  fd = create_temp_beside (path, &tmp, error);
  if (fd < 0)
    return NULL;
  /* The umask may have taken bits away, never added: exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Cannot set the mode of %s: %s"), tmp,
                   g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (!build_new_file (tmp, authority, error))
    {
      unlink_with_journal (tmp);
      return NULL;
    }
  dbo_file_remove_orphan_journals (path);
  if (!publish_new (tmp, path, error))
    return NULL;
  return dbo_desk_open (path, DBO_DESK_OPEN_EDIT, error);
}

/* ---- receiving ---- */

/* What identifies a bundle's manifest: its kind, time, generator, project
 * data and every file's path, role, size and SHA-256. */
static char *
manifest_digest (const DboBundleReport *report)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n%s\n%s\n%s\n", dbo_bundle_kind_token (report->kind), report->created,
                          report->generator, report->data_sha256);
  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);

      g_string_append_printf (text, "%s\t%s\t%" G_GUINT64_FORMAT "\t%s\n", f->path, f->role, f->size, f->sha256);
    }
  g_checksum_update (sum, (const guchar *) text->str, text->len);
  return g_strdup (g_checksum_get_string (sum));
}

static DboRuleset *
rules_for (const DboProject *project, GError **error)
{
  return dbo_ruleset_load_named (dbo_str_empty (project->ruleset) ? DBO_DEFAULT_RULESET : project->ruleset, error);
}

/* The bureaus that review the project's objects, by name, for a refusal. */
static char *
reviewing_bureaus (const DboProject *project, const DboRuleset *rules)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < project->objects->len; i++)
    {
      const char *code = dbo_doc_object_reviewer (project, rules, g_ptr_array_index (project->objects, i));
      const DboRegion *region = code != NULL ? dbo_ruleset_find_region (rules, code) : NULL;

      if (region == NULL || g_ptr_array_find_with_equal_func (seen, code, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) code);
      g_string_append_printf (names, "%s%s (%s)", names->len > 0 ? ", " : "", region->authority, code);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
insert_objects (DboDesk *self, gint64 id, const DboProject *project, const DboRuleset *rules, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "INSERT INTO objects (submission, position, object_id, name, level, "
                                             "reviewed_here) VALUES (?, ?, ?, ?, ?, ?)", error);

  if (st == NULL)
    return FALSE;
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);

      sqlite3_reset (st);
      sqlite3_bind_int64 (st, 1, id);
      sqlite3_bind_int (st, 2, (int) i);
      bind_text (st, 3, o->id);
      bind_text (st, 4, o->name);
      sqlite3_bind_int (st, 5, dbo_grading_effective_level (rules, project, o));
      sqlite3_bind_int (st, 6, g_strcmp0 (dbo_doc_object_reviewer (project, rules, o), self->authority) == 0);
      if (sqlite3_step (st) != SQLITE_DONE)
        return db_failed (self, self->db, "write", error);
    }
  return TRUE;
}

/* The first row @sql gives for @text: two integers (0 when no row). */
static gboolean
lookup (DboDesk *self, const char *sql, const char *text, gint64 *first, int *second, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  bind_text (st, 1, text);
  *first = 0;
  if (second != NULL)
    *second = 0;
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *first = sqlite3_column_int64 (st, 0);
      if (second != NULL)
        *second = sqlite3_column_int (st, 1);
    }
  else if (rc != SQLITE_DONE)
    return db_failed (self, self->db, "read", error);
  return TRUE;
}

/* The project's latest round at this desk: its id and round (0 when none). */
static gboolean
latest_round (DboDesk *self, const char *project_id, gint64 *id, int *round, GError **error)
{
  return lookup (self, "SELECT id, round FROM submissions WHERE project_id = ? ORDER BY round DESC LIMIT 1",
                 project_id, id, round, error);
}

static gboolean
find_manifest (DboDesk *self, const char *digest, gint64 *id, GError **error)
{
  return lookup (self, "SELECT id FROM submissions WHERE manifest_sha256 = ?", digest, id, NULL, error);
}

static gboolean
insert_submission (DboDesk *self, const DboProject *p, const DboRuleset *rules, const char *digest,
                   const char *received, const char *due, gint64 *id_out, GError **error)
{
  g_autoptr(DboDeskStmt) st = NULL;
  g_autofree char *xml = NULL;
  gsize len = 0;
  gint64 previous;
  int round;

  if (!latest_round (self, p->id, &previous, &round, error))
    return FALSE;
  xml = dbo_project_xml_write (p, &len);
  st = prepare (self, "INSERT INTO submissions (manifest_sha256, project_id, round, previous, enterprise, "
                      "credit_code, city, kind, standardization, received, due, project_xml) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL || xml == NULL)
    return st != NULL ? db_failed (self, NULL, "write", error) : FALSE;
  bind_text (st, 1, digest);
  bind_text (st, 2, p->id);
  sqlite3_bind_int (st, 3, round + 1);
  if (previous > 0)
    sqlite3_bind_int64 (st, 4, previous);
  bind_text (st, 5, p->enterprise.name);
  bind_text (st, 6, p->enterprise.credit_code);
  bind_text (st, 7, p->enterprise.city);
  bind_text (st, 8, dbo_token_name (dbo_enterprise_kind_tokens, p->enterprise.kind));
  bind_text (st, 9, dbo_token_name (dbo_standardization_tokens, p->enterprise.standardization));
  bind_text (st, 10, received);
  bind_text (st, 11, due);
  sqlite3_bind_blob (st, 12, xml, (int) len, SQLITE_TRANSIENT);
  if (sqlite3_step (st) != SQLITE_DONE)
    return db_failed (self, self->db, "write", error);
  *id_out = sqlite3_last_insert_rowid (self->db);
  return insert_objects (self, *id_out, p, rules, error);
}

DboDeskSubmission *
dbo_desk_receive (DboDesk *self, const char *bundle_path, const GDate *received, const DboCalendar *calendar,
                  DboDeskReceived *received_out, GError **error)
{
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autofree char *digest = NULL, *received_text = NULL, *due_text = NULL;
  const DboDeadlineRule *rule;
  DboCalendarResult due;
  const DboProject *p;
  gboolean here = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (self != NULL && bundle_path != NULL && received != NULL && calendar != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = dbo_bundle_verify (bundle_path, error);
  if (report == NULL)
    return NULL;
  p = report->project;
  if (report->kind != DBO_BUNDLE_SUBMISSION)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_REFUSED,
                   _("%s is a %s bundle, not a submission; nothing was stored"), bundle_path,
                   dbo_bundle_kind_token (report->kind));
      return NULL;
    }
  rules = rules_for (p, error);
  if (rules == NULL)
    return NULL;
  for (guint i = 0; i < p->objects->len && !here; i++)
    here = g_strcmp0 (dbo_doc_object_reviewer (p, rules, g_ptr_array_index (p->objects, i)), self->authority) == 0;
  if (!here)
    {
      g_autofree char *bureaus = reviewing_bureaus (p, rules);
      const DboRegion *own = dbo_ruleset_find_region (rules, self->authority);

      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_REFUSED,
                   _("%s holds no object %s reviews; it goes to %s; nothing was stored"), bundle_path,
                   own != NULL ? own->authority : self->authority,
                   *bureaus ? bureaus : _("no bureau (no object of a level the bureaus review)"));
      return NULL;
    }

  digest = manifest_digest (report);
  if (!find_manifest (self, digest, &id, error))
    return NULL;
  if (id > 0)
    {
      if (received_out != NULL)
        *received_out = DBO_DESK_RECEIVED_ALREADY;
      return find_by_id (self, id, "", error);
    }

  rule = dbo_ruleset_find_deadline (rules, "review-answer");
  if (rule == NULL)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID,
                   _("The rule set %s has no deadline for the bureau's answer"), dbo_ruleset_get_id (rules));
      return NULL;
    }
  due = rule->kind == DBO_DAYS_WORKING ? dbo_calendar_add_working_days (calendar, received, rule->days)
                                       : dbo_calendar_add_days (calendar, received, rule->days);
  received_text = dbo_date_format (received);
  due_text = dbo_date_format (&due.date);
  if (!begin (self, error))
    return NULL;
  if (!finish (self, insert_submission (self, p, rules, digest, received_text, due_text, &id, error), error))
    return NULL;
  if (received_out != NULL)
    *received_out = DBO_DESK_RECEIVED_NEW;
  return find_by_id (self, id, "", error);
}

/* ---- deciding ---- */

static gboolean
next_serial (DboDesk *self, int year, int *serial, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "INSERT INTO serials (year, last) VALUES (?, 1) "
                                             "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
                                       error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int (st, 1, year);
  if (sqlite3_step (st) != SQLITE_ROW)
    return db_failed (self, self->db, "write", error);
  *serial = sqlite3_column_int (st, 0);
  return TRUE;
}

static gboolean
record_decision (DboDesk *self, const DboRuleset *rules, gint64 id, DboOutcome outcome, const char *opinion,
                 const GDate *decided, GError **error)
{
  g_autoptr(DboDeskStmt) st = NULL;
  g_autofree char *number = NULL, *day = dbo_date_format (decided);

  if (outcome == DBO_OUTCOME_APPROVED)
    {
      int serial = 0;

      if (!next_serial (self, g_date_get_year (decided), &serial, error))
        return FALSE;
      if (serial > 9999)
        {
          g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID,
                       _("The bureau has given every review number of %d (9999)"), g_date_get_year (decided));
          return FALSE;
        }
      number = g_strdup_printf ("%s-%04d-%04d", self->authority, g_date_get_year (decided), serial);
      /* What a number must look like is the rule set's to say. */
      if (!dbo_ruleset_check_review_number (rules, number, error))
        return FALSE;
    }
  /* Only a submission not decided yet: a second decision changes nothing. */
  st = prepare (self, "UPDATE submissions SET outcome = ?, decided = ?, number = ?, opinion = ? "
                      "WHERE id = ? AND outcome IS NULL", error);
  if (st == NULL)
    return FALSE;
  bind_text (st, 1, dbo_token_name (dbo_outcome_tokens, outcome));
  bind_text (st, 2, day);
  bind_text (st, 3, number);
  bind_text (st, 4, opinion);
  sqlite3_bind_int64 (st, 5, id);
  if (sqlite3_step (st) != SQLITE_DONE)
    return db_failed (self, self->db, "write", error);
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_DECIDED, _("The submission is decided already"));
      return FALSE;
    }
  return TRUE;
}

DboDeskSubmission *
dbo_desk_decide (DboDesk *self, const char *id, DboOutcome outcome, const char *opinion, const GDate *decided,
                 GError **error)
{
  g_autoptr(DboDeskSubmission) s = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autofree char *day = NULL;
  gint64 n;

  g_return_val_if_fail (self != NULL && decided != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  s = dbo_desk_find (self, id, error);
  if (s == NULL)
    return NULL;
  if (s->has_outcome)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_DECIDED,
                   _("Submission %s was decided on %s (%s%s%s); a decision is never changed"), s->id, s->decided,
                   dbo_desk_submission_status (s), s->number ? ", " : "", s->number ? s->number : "");
      return NULL;
    }
  if (dbo_str_empty (opinion))
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID, _("A decision needs the bureau's opinion"));
      return NULL;
    }
  day = dbo_date_format (decided);
  if (strcmp (day, s->received) < 0)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID,
                   _("The decision's date %s is before the submission was received (%s)"), day, s->received);
      return NULL;
    }
  project = dbo_desk_submitted_project (self, s->id, error);
  rules = project != NULL ? rules_for (project, error) : NULL;
  if (rules == NULL)
    return NULL;
  parse_id (s->id, &n, NULL);
  if (!begin (self, error)
      || !finish (self, record_decision (self, rules, n, outcome, opinion, decided, error), error))
    return NULL;
  return find_by_id (self, n, s->id, error);
}

/* ---- the answer ---- */

DboProject *
dbo_desk_submitted_project (DboDesk *self, const char *id, GError **error)
{
  g_autoptr(DboDeskStmt) st = NULL;
  g_autoptr(GError) local = NULL;
  DboProject *project;
  gint64 n;

  g_return_val_if_fail (self != NULL, NULL);
  if (!parse_id (id, &n, error))
    return NULL;
  st = prepare (self, "SELECT project_xml FROM submissions WHERE id = ?", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, n);
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_FOUND, _("The desk %s has no submission %s"),
                   self->path, id);
      return NULL;
    }
  project = dbo_project_xml_read (sqlite3_column_blob (st, 0), (gsize) sqlite3_column_bytes (st, 0),
                                  "project.xml", &local);
  if (project == NULL)
    g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("The project of submission %s cannot be read: %s"),
                 id, local->message);
  return project;
}

DboProject *
dbo_desk_answer_project (DboDesk *self, const char *id, char **part_out, GError **error)
{
  g_autoptr(DboDeskSubmission) s = dbo_desk_find (self, id, error);
  g_autoptr(DboProject) project = NULL;
  DboReview *review;
  int round = 0, of_authority = 0;

  if (s == NULL)
    return NULL;
  if (!s->has_outcome)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_DECIDED,
                   _("Submission %s is not decided yet; decide it first (desk decide)"), s->id);
      return NULL;
    }
  project = dbo_desk_submitted_project (self, id, error);
  if (project == NULL)
    return NULL;
  for (guint i = 0; i < project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (project->reviews, i);

      round = MAX (round, r->round);
      of_authority += g_strcmp0 (r->authority, self->authority) == 0;
    }
  /* The project numbers rounds across every bureau; this is the newest. */
  review = dbo_review_new (round + 1);
  dbo_set_str (&review->authority, self->authority);
  dbo_set_str (&review->submitted, s->received);
  dbo_set_str (&review->decided, s->decided);
  review->has_outcome = TRUE;
  review->outcome = s->outcome;
  dbo_set_str (&review->number, s->number);
  dbo_set_str (&review->opinion, s->opinion);
  /* Only an approval fixes levels; a notice to correct or re-grade lists none. */
  for (guint i = 0; s->outcome == DBO_OUTCOME_APPROVED && i < s->objects->len; i++)
    {
      const DboDeskObject *o = g_ptr_array_index (s->objects, i);
      DboReviewLevel rl = { NULL, o->level };

      if (!o->reviewed_here)
        continue;
      rl.object_id = g_strdup (o->id);
      g_array_append_val (review->levels, rl);
    }
  g_ptr_array_add (project->reviews, review);
  if (part_out != NULL)
    *part_out = g_strdup_printf ("%s-%d", self->authority, of_authority + 1);
  return g_steal_pointer (&project);
}

/* ---- snapshots ---- */

/* ATTACH and DETACH cannot run inside a transaction: the schemas an image is
 * built in (or read from) are attached around it. */
static gboolean
attach_memory (DboDesk *self, const char *schema, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE ':memory:' AS %s", schema);

  return exec (self, sql, error);
}

static void
detach (DboDesk *self, const char *schema)
{
  g_autofree char *sql = g_strdup_printf ("DETACH DATABASE %s", schema);

  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/* Within the open transaction: the desk's submissions, objects and serials
 * copied into the attached @schema, and stored as the snapshot @name. */
static gboolean
snapshot_write (DboDesk *self, const char *schema, const char *name, GError **error)
{
  g_autofree char *copy = g_strdup_printf ("CREATE TABLE %1$s.submissions AS SELECT * FROM main.submissions;"
                                           "CREATE TABLE %1$s.objects AS SELECT * FROM main.objects;"
                                           "CREATE TABLE %1$s.serials AS SELECT * FROM main.serials;", schema);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%FT%T%:z");
  g_autoptr(DboDeskStmt) st = NULL;
  sqlite3_int64 size = 0;
  unsigned char *image;
  int rc;

  if (!exec (self, copy, error))
    return FALSE;
  image = sqlite3_serialize (self->db, schema, &size, 0);
  if (image == NULL)
    return db_failed (self, self->db, "snapshot", error);
  st = prepare (self, "INSERT INTO snapshots (name, created, image) VALUES (?, ?, ?)", error);
  if (st == NULL)
    {
      sqlite3_free (image);
      return FALSE;
    }
  bind_text (st, 1, name);
  bind_text (st, 2, created);
  sqlite3_bind_blob64 (st, 3, image, (sqlite3_uint64) size, sqlite3_free);
  rc = sqlite3_step (st);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_EXISTS, _("The desk file %s already has a snapshot named “%s”"),
                   self->path, name);
      return FALSE;
    }
  return rc == SQLITE_DONE || db_failed (self, self->db, "snapshot", error);
}

/* A snapshot is taken or restored by a name, on a desk open for editing. */
static gboolean
may_use_snapshot (DboDesk *self, const char *name, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (*stripped == '\0')
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_INVALID, _("A snapshot of %s needs a name"), self->path);
      return FALSE;
    }
  if (self->read_only)
    return begin (self, error);              /* refused, saying so */
  return TRUE;
}

gboolean
dbo_desk_snapshot_create (DboDesk *self, const char *name, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL && name != NULL, FALSE);

  if (!may_use_snapshot (self, name, error))
    return FALSE;
  if (!attach_memory (self, "snap", error))
    return FALSE;
  ok = begin (self, error);
  if (ok)
    ok = finish (self, snapshot_write (self, "snap", name, error), error);
  detach (self, "snap");
  return ok;
}

GPtrArray *
dbo_desk_snapshot_list (DboDesk *self, GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_snapshot_info_free);
  g_autoptr(DboDeskStmt) st = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->version < 2)
    return g_steal_pointer (&list);          /* a version 1 desk opened read-only: none yet */
  st = prepare (self, "SELECT name, created FROM snapshots ORDER BY created, id", error);
  if (st == NULL)
    return NULL;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboSnapshotInfo *info = g_new0 (DboSnapshotInfo, 1);

      info->name = column_text (st, 0);
      info->created = column_text (st, 1);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      db_failed (self, self->db, "read", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The image of the snapshot @name, loaded into the attached schema "old". */
static gboolean
load_snapshot (DboDesk *self, const char *name, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "SELECT image FROM snapshots WHERE name = ?", error);
  const void *blob;
  sqlite3_int64 size;
  unsigned char *copy;

  if (st == NULL)
    return FALSE;
  bind_text (st, 1, name);
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_NOT_FOUND, _("The desk file %s has no snapshot named “%s”"),
                   self->path, name);
      return FALSE;
    }
  blob = sqlite3_column_blob (st, 0);
  size = sqlite3_column_bytes (st, 0);
  copy = size > 0 ? sqlite3_malloc64 ((sqlite3_uint64) size) : NULL;
  if (copy == NULL)
    return db_failed (self, NULL, "snapshot", error);
  memcpy (copy, blob, (size_t) size);
  if (sqlite3_deserialize (self->db, "old", copy, size, size,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
    return db_failed (self, self->db, "snapshot", error);
  return TRUE;
}

/* A free name for the state a restore replaces: "恢复“NAME”前", then (2) … */
static char *
automatic_name (DboDesk *self, const char *name, GError **error)
{
  g_autoptr(DboDeskStmt) st = prepare (self, "SELECT 1 FROM snapshots WHERE name = ?", error);
  g_autofree char *base = g_strdup_printf ("恢复“%s”前", name);

  if (st == NULL)
    return NULL;
  for (int n = 1;; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (base) : g_strdup_printf ("%s（%d）", base, n);
      int rc;

      sqlite3_reset (st);
      bind_text (st, 1, candidate);
      rc = sqlite3_step (st);
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&candidate);
      if (rc != SQLITE_ROW)
        {
          db_failed (self, self->db, "read", error);
          return NULL;
        }
    }
}

static gboolean
restore_from_old (DboDesk *self, const char *name, char **automatic_out, GError **error)
{
  g_autofree char *automatic = automatic_name (self, name, error);

  /* Review numbers went out with the replies: the serials never go back, so
   * no number is given twice even after a restore. */
  if (automatic == NULL || !snapshot_write (self, "now", automatic, error)
      || !exec (self, "DELETE FROM objects; DELETE FROM submissions;"
                      "INSERT INTO submissions SELECT * FROM old.submissions ORDER BY id;"
                      "INSERT INTO objects SELECT * FROM old.objects;"
                      "INSERT INTO serials (year, last) SELECT year, last FROM old.serials WHERE true"
                      "  ON CONFLICT (year) DO UPDATE SET last = MAX (last, excluded.last);", error))
    return FALSE;
  if (automatic_out != NULL)
    *automatic_out = g_steal_pointer (&automatic);
  return TRUE;
}

gboolean
dbo_desk_snapshot_restore (DboDesk *self, const char *name, char **automatic_out, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL && name != NULL, FALSE);

  if (!may_use_snapshot (self, name, error))
    return FALSE;
  /* The snapshot is loaded before the transaction: SQLite does not take a
   * database image into a schema the open transaction holds. */
  ok = attach_memory (self, "now", error);
  if (ok && !attach_memory (self, "old", error))
    {
      detach (self, "now");
      return FALSE;
    }
  ok = ok && load_snapshot (self, name, error) && begin (self, error);
  if (ok)
    ok = finish (self, restore_from_old (self, name, automatic_out, error), error);
  detach (self, "old");
  detach (self, "now");
  return ok;
}

/* ---- backup ---- */

gboolean
dbo_desk_backup (DboDesk *self, const char *dest, GError **error)
{
  g_autofree char *tmp = NULL;
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  int fd, rc;

  g_return_val_if_fail (self != NULL && dest != NULL, FALSE);

  fd = create_temp_beside (dest, &tmp, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (db, "main", self->db, "main");
      rc = backup == NULL ? sqlite3_errcode (db) : sqlite3_backup_step (backup, -1);
      if (backup != NULL)
        rc = sqlite3_backup_finish (backup) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  if (rc != SQLITE_OK || sqlite3_close (db) != SQLITE_OK)
    {
      g_set_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO, _("Could not copy the desk file %s to %s: %s"),
                   self->path, dest, sqlite3_errstr (rc));
      if (rc != SQLITE_OK)
        sqlite3_close (db);
      unlink_with_journal (tmp);
      return FALSE;
    }
  return publish_new (tmp, dest, error);
}
