#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include "dbo-xml.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* The SQLite side of the store: errors, statements, binding and reading values
 * in column order, and write transactions. */

/* ---- errors ---- */

int
dbo_db_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DBO_STORE_ERROR_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DBO_STORE_ERROR_CORRUPT;
    default:
      return DBO_STORE_ERROR_FAILED;
    }
}

void
dbo_db_set_error (DboStore *self, GError **error, int rc)
{
  if (error != NULL && *error != NULL)
    return;
  if (self->probe)
    {
      g_set_error_literal (error, DBO_STORE_ERROR, dbo_db_error_code (rc),
                           sqlite3_errmsg (self->db));
      return;
    }
  g_set_error (error, DBO_STORE_ERROR, dbo_db_error_code (rc),
               _("Could not %s in the project file %s: %s"),
               self->doing != NULL ? _(self->doing) : _("access the data"),
               self->path, sqlite3_errmsg (self->db));
}

void
dbo_store_set_not_a_project (GError **error, const char *path, const char *why)
{
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT,
               _("Not a Dengbao project file: %s (%s)"), path, why);
}

void
dbo_store_set_corrupt (GError **error, const char *path, const char *why)
{
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
               _("The project file %s is damaged and cannot be opened (%s); the file was not changed"),
               path, why);
}

/* ---- statements ---- */

gboolean
dbo_db_exec (DboStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      dbo_db_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
dbo_db_stmt (DboStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *st = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (st != NULL)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
  if (rc != SQLITE_OK)
    {
      dbo_db_set_error (self, error, rc);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), st);
  return st;
}

/* Steps a statement that returns no rows. */
gboolean
dbo_db_run (DboStore *self, sqlite3_stmt *st, GError **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      dbo_db_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Prepares (once) and runs a statement with one text parameter. */
gboolean
dbo_db_run_with_text (DboStore *self, const char *sql, const char *text, GError **error)
{
  sqlite3_stmt *st = dbo_db_stmt (self, sql, error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, text, -1, SQLITE_TRANSIENT);
  return dbo_db_run (self, st, error);
}

/* Prepares (once) and runs a statement with one integer parameter. */
gboolean
dbo_db_run_with_int (DboStore *self, const char *sql, gint64 value, GError **error)
{
  sqlite3_stmt *st = dbo_db_stmt (self, sql, error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, value);
  return dbo_db_run (self, st, error);
}

/* Runs a query without parameters that always gives a row (a count, a
 * maximum); *@out gets its first column. */
gboolean
dbo_db_query_int64 (DboStore *self, const char *sql, gint64 *out, GError **error)
{
  g_auto(DboStmt) st = dbo_db_stmt (self, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      dbo_db_set_error (self, error, rc);
      return FALSE;
    }
  *out = sqlite3_column_int64 (st, 0);
  return TRUE;
}

/* Runs a query with one text parameter that gives one row or none: *@found
 * says which, and *@value (unless NULL) gets the row's first column. */
gboolean
dbo_db_lookup (DboStore *self, const char *sql, const char *text, gboolean *found, gint64 *value,
               GError **error)
{
  g_auto(DboStmt) st = dbo_db_stmt (self, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dbo_db_set_error (self, error, rc);
      return FALSE;
    }
  *found = rc == SQLITE_ROW;
  if (*found && value != NULL)
    *value = sqlite3_column_int64 (st, 0);
  return TRUE;
}

static char *
columns_list (const char * const *columns)
{
  return g_strjoinv (", ", (char **) columns);
}

static char *
insert_sql (const char *table, const char * const *columns)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *list = columns_list (columns);

  g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES (", table, list);
  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append_c (sql, ')');
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

sqlite3_stmt *
dbo_db_insert (DboStore *self, const char *table, const char * const *columns, GError **error)
{
  g_autofree char *sql = insert_sql (table, columns);

  return dbo_db_stmt (self, sql, error);
}

sqlite3_stmt *
dbo_db_select (DboStore *self, const char *table, const char * const *columns, const char *tail,
            GError **error)
{
  g_autofree char *list = columns_list (columns);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s %s", list, table, tail);

  return dbo_db_stmt (self, sql, error);
}

/* ---- binding values ---- */

/* A file from outside may hold anything SQLite can: nothing in its schema is
 * trusted to run functions with side effects, and the connection refuses
 * the ways of corrupting a file on purpose (writable_schema and the like).
 * Called on every connection the store opens. */
void
dbo_db_harden (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *) NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *) NULL);
  sqlite3_exec (db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
}

gboolean
dbo_db_pragma_int (DboStore *self, const char *pragma, int *out, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      dbo_db_set_error (self, error, rc);
      sqlite3_finalize (st);
      return FALSE;
    }
  *out = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  return TRUE;
}

void
dbo_bind_str (DboBinder *b, const char *value)
{
  b->i++;
  if (value != NULL)
    sqlite3_bind_text (b->st, b->i, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (b->st, b->i);
}

void
dbo_bind_int (DboBinder *b, gint64 value)
{
  sqlite3_bind_int64 (b->st, ++b->i, value);
}

void
dbo_bind_bool (DboBinder *b, gboolean value)
{
  dbo_bind_int (b, value ? 1 : 0);
}

void
dbo_bind_double (DboBinder *b, double value)
{
  sqlite3_bind_double (b->st, ++b->i, value);
}

/* An empty token (a "none" value) is stored as NULL. */
void
dbo_bind_token (DboBinder *b, const DboToken *table, int value)
{
  const char *token = dbo_token_name (table, value);

  dbo_bind_str (b, (token != NULL && *token != '\0') ? token : NULL);
}

gboolean
dbo_bind_run (DboStore *self, DboBinder *b, GError **error)
{
  g_warn_if_fail (b->i == sqlite3_bind_parameter_count (b->st));
  return dbo_db_run (self, b->st, error);
}

/* ---- reading values ---- */

void
dbo_reader_fail (DboReader *r, int column, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  if (r->error != NULL)
    return;
  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (&r->error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
               _("The project file %s holds inconsistent data: table %s, row %u, column %s: %s"),
               r->store->path, r->table, r->row, sqlite3_column_name (r->st, column), what);
}

char *
dbo_read_str (DboReader *r)
{
  int c = r->c++;
  const char *text = (const char *) sqlite3_column_text (r->st, c);
  int len = sqlite3_column_bytes (r->st, c);

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate_len (text, len, NULL))
    {
      dbo_reader_fail (r, c, _("the text is not valid UTF-8"));
      return NULL;
    }
  return g_strndup (text, len);
}

/* Replaces *@field, for structures that come with default values. */
void
dbo_read_str_into (DboReader *r, char **field)
{
  g_free (*field);
  *field = dbo_read_str (r);
}

gint64
dbo_read_int_range (DboReader *r, gint64 min, gint64 max)
{
  int c = r->c++;
  gint64 v;

  if (sqlite3_column_type (r->st, c) != SQLITE_INTEGER)
    {
      dbo_reader_fail (r, c, _("an integer is expected"));
      return min;
    }
  v = sqlite3_column_int64 (r->st, c);
  if (v < min || v > max)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, v);

      dbo_reader_fail (r, c, _("%s is out of range"), shown);
      return min;
    }
  return v;
}

int
dbo_read_int (DboReader *r)
{
  return (int) dbo_read_int_range (r, G_MININT, G_MAXINT);
}

gboolean
dbo_read_bool (DboReader *r)
{
  return dbo_read_int_range (r, 0, 1) != 0;
}

double
dbo_read_double (DboReader *r)
{
  int c = r->c++;
  int type = sqlite3_column_type (r->st, c);

  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
    {
      dbo_reader_fail (r, c, _("a number is expected"));
      return 0.0;
    }
  return sqlite3_column_double (r->st, c);
}

/* NULL reads as the table's empty token (index 0 of the "none" tables). */
int
dbo_read_token (DboReader *r, const DboToken *table)
{
  int c = r->c;
  g_autofree char *token = dbo_read_str (r);
  int value;

  if (token == NULL || *token == '\0')
    {
      if (table[0].token != NULL && table[0].token[0] == '\0')
        return 0;
      if (r->error == NULL)
        dbo_reader_fail (r, c, _("a value is missing"));
      return 0;
    }
  value = dbo_token_lookup (table, token);
  if (value < 0)
    {
      dbo_reader_fail (r, c, _("unknown value “%s”"), token);
      return 0;
    }
  return value;
}

/* A value from the file as a message may show it: control characters as
 * "?", at most 80 characters. */
char *
dbo_store_printable (const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar ch = g_utf8_get_char (p);

      if (n >= 80)
        {
          g_string_append (s, "…");
          break;
        }
      if (g_unichar_iscntrl (ch) || !g_unichar_isdefined (ch))
        g_string_append_c (s, '?');
      else
        g_string_append_unichar (s, ch);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Reads a text that must be a value of the simple type @type of
 * project.xsd: the same rule as project.xml (see dbo_xml_type_accepts). With
 * @optional, NULL and "" (the value is not given) are kept as they are. */
char *
dbo_read_typed (DboReader *r, const char *type, gboolean optional)
{
  int c = r->c;
  g_autofree char *value = dbo_read_str (r);

  if (r->error != NULL)
    return NULL;
  if (optional && (value == NULL || *value == '\0'))
    return g_steal_pointer (&value);
  if (value == NULL)
    {
      dbo_reader_fail (r, c, _("a value is missing"));
      return NULL;
    }
  if (!dbo_xml_type_accepts ("project.xsd", type, value))
    {
      g_autofree char *shown = dbo_store_printable (value);

      dbo_reader_fail (r, c, _("“%s” is not a value project.xml allows here (type %s)"), shown, type);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* An id (type Id of project.xsd, as dbo_id_is_valid): ids become parts of
 * file names and of paths inside bundles, so no other text is ever let in. */
char *
dbo_read_id (DboReader *r)
{
  int c = r->c;
  g_autofree char *id = dbo_read_str (r);

  if (r->error != NULL)
    return NULL;
  if (!dbo_id_is_valid (id))
    {
      g_autofree char *shown = dbo_store_printable (id);

      dbo_reader_fail (r, c, id == NULL ? _("an id is missing")
                   : _("“%s” is not a valid id (1 to 64 letters, digits, “_”, “.” or “-”, "
                     "starting with a letter or digit)"), shown);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* A SHA-256 in lower-case hex (type Sha256 of project.xsd); NULL and ""
 * are kept with @optional. */
char *
dbo_read_sha256 (DboReader *r, gboolean optional)
{
  int c = r->c;
  g_autofree char *sha = dbo_read_str (r);

  if (r->error != NULL)
    return NULL;
  if (optional && (sha == NULL || *sha == '\0'))
    return g_steal_pointer (&sha);
  if (!dbo_sha256_is_valid (sha))
    {
      g_autofree char *shown = dbo_store_printable (sha);

      dbo_reader_fail (r, c, _("“%s” is not a SHA-256 (64 hex digits)"), shown);
      return NULL;
    }
  return g_steal_pointer (&sha);
}

/* Replaces *@field with read_typed(). */
void
dbo_read_typed_into (DboReader *r, char **field, const char *type)
{
  g_free (*field);
  *field = dbo_read_typed (r, type, TRUE);
}

void
dbo_reader_start_row (DboReader *r)
{
  r->c = 0;
  r->row++;
}

/* Finishes a loop over rows: TRUE when it ended cleanly. */
gboolean
dbo_reader_finish (DboReader *r, int rc, GError **error)
{
  if (r->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      dbo_db_set_error (r->store, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* ---- transactions ---- */

gboolean
dbo_store_identity_matches (DboStore *self, int *errno_out)
{
  *errno_out = 0;
  return !self->have_identity || dbo_file_identity_matches (self->path, &self->identity, errno_out);
}

gboolean
dbo_store_check_identity (DboStore *self, GError **error)
{
  g_autofree char *display = NULL;
  int saved;

  g_return_val_if_fail (self != NULL, FALSE);

  if (dbo_store_identity_matches (self, &saved))
    return TRUE;
  display = g_filename_display_name (self->path);
  if (saved != 0 && saved != ENOENT && saved != ENOTDIR)
    g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO,
                 _("Cannot check the project file %s before writing: %s"), display, g_strerror (saved));
  else
    g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED,
                 saved != 0
                 ? _("The project file %s was deleted or moved while it was open; nothing more is written "
                   "to it. Your changes are kept: save them under a new name, or reopen the file")
                 : _("The project file %s was replaced by another file while it was open; nothing is written "
                   "to the new file. Your changes are kept: save them under a new name, or reopen the file"),
                 display);
  return FALSE;
}

void
dbo_store_get_identity (DboStore *self, guint64 *dev, guint64 *ino)
{
  g_return_if_fail (self != NULL);
  *dev = self->have_identity ? self->identity.dev : 0;
  *ino = self->have_identity ? self->identity.ino : 0;
}

gboolean
dbo_store_is_read_only (DboStore *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->read_only;
}

/* Remembers what the file holds as of now: a change by another connection
 * after this moves PRAGMA data_version. */
gboolean
dbo_store_note_data_version (DboStore *self, GError **error)
{
  if (!dbo_db_pragma_int (self, "data_version", &self->data_version, error))
    return FALSE;
  self->have_data_version = TRUE;
  return TRUE;
}

/* Inside a write transaction: has anyone else written since we last looked? */
gboolean
dbo_store_check_data_version (DboStore *self, GError **error)
{
  g_autofree char *display = NULL;
  int now = 0;

  if (!self->have_data_version)
    return TRUE;
  if (!dbo_db_pragma_int (self, "data_version", &now, error))
    return FALSE;
  if (now == self->data_version)
    return TRUE;
  display = g_filename_display_name (self->path);
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CHANGED,
               _("The project file %s was changed by another program since it was opened; nothing was "
               "written over those changes. Your changes are kept: save them under a new name, or reopen "
               "the file"), display);
  return FALSE;
}

static void
rollback (DboStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Starts a write: only in a file opened for editing, still at its path and
 * unchanged by anyone else since we read it. */
gboolean
dbo_store_begin (DboStore *self, const char *doing, GError **error)
{
  self->doing = doing;
  if (self->read_only)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY,
                   _("The project file %s is open read-only; nothing can be written to it"), display);
      return FALSE;
    }
  /* An editor's first write chooses the journal (which writes the header):
   * only into the file it opened. */
  if (self->lock != NULL && !self->journal_chosen
      && !(dbo_store_check_identity (self, error) && dbo_store_choose_journal (self, error)))
    return FALSE;
  if (!dbo_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Checked with the write lock held: nothing can slip in between. */
  if (!dbo_store_check_identity (self, error) || !dbo_store_check_data_version (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Commits when @ok, otherwise (or when the commit fails) rolls back. */
gboolean
dbo_store_finish (DboStore *self, gboolean ok, GError **error)
{
  if (ok && dbo_db_exec (self, "COMMIT", error))
    return TRUE;
  rollback (self);
  return FALSE;
}
