#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store.h"

#include "dbo-file-util.h"
#include "dbo-project-xml.h"
#include "dbo-store-lock.h"
#include "dbo-xml.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The store keeps the model in tables that mirror it one to one. Enumerations
 * are kept as their project.xml tokens so the file can be read with any SQLite
 * tool; "" and NULL strings are both kept as they are, so a load gives back
 * exactly what was saved. */

G_DEFINE_QUARK (dbo-store-error-quark, dbo_store_error)

#define BUSY_TIMEOUT_MS 5000
#define SQLITE_HEADER_SIZE 100
#define SQLITE_MAGIC "SQLite format 3"   /* followed by a NUL: 16 bytes */

struct _DboStore
{
  sqlite3 *db;
  char *path;
  GHashTable *statements;   /* SQL text → prepared sqlite3_stmt*, reused */
  const char *doing;        /* what the current public call is doing, for errors */
  gboolean probe;           /* an inspection: errors are worded by its caller */
  DboProject *migrating;    /* a format-0 project whose later parts wait for their tables */

  gboolean read_only;       /* opened read-only (or an older file upgraded in memory) */
  DboStoreLock *lock;       /* held while open for editing */
  gboolean have_identity;   /* dev/ino below name the file opened */
  dev_t dev;
  ino_t ino;
  gboolean have_wal;        /* wal_dev/wal_ino name the -wal this connection uses */
  dev_t wal_dev;
  ino_t wal_ino;
  gboolean journal_chosen;   /* WAL (or, on a network file system, DELETE) set for writing */
  gboolean have_data_version;
  int data_version;         /* PRAGMA data_version as of the last read or write of ours */
};

/* A cached statement is reset when the variable holding it goes out of scope,
 * so no read transaction is left open by an early return. */
typedef sqlite3_stmt *DboStmt;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DboStmt, sqlite3_reset, NULL)

/* ---- errors ---- */

static int
error_code_for_sqlite (int rc)
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

static void
set_db_error (DboStore *self, GError **error, int rc)
{
  if (error != NULL && *error != NULL)
    return;
  if (self->probe)
    {
      g_set_error_literal (error, DBO_STORE_ERROR, error_code_for_sqlite (rc),
                           sqlite3_errmsg (self->db));
      return;
    }
  g_set_error (error, DBO_STORE_ERROR, error_code_for_sqlite (rc),
               "Could not %s in the project file %s: %s",
               self->doing != NULL ? self->doing : "access the data",
               self->path, sqlite3_errmsg (self->db));
}

static void
set_not_a_project (GError **error, const char *path, const char *why)
{
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT,
               "Not a Dengbao project file: %s (%s)", path, why);
}

static void
set_corrupt (GError **error, const char *path, const char *why)
{
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
               "The project file %s is damaged and cannot be opened (%s); the file was not changed",
               path, why);
}

/* ---- statements ---- */

static gboolean
exec (DboStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
get_stmt (DboStore *self, const char *sql, GError **error)
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
      set_db_error (self, error, rc);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), st);
  return st;
}

/* Steps a statement that returns no rows. */
static gboolean
run (DboStore *self, sqlite3_stmt *st, GError **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Prepares (once) and runs a statement with one text parameter. */
static gboolean
run_with_text (DboStore *self, const char *sql, const char *text, GError **error)
{
  sqlite3_stmt *st = get_stmt (self, sql, error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, text, -1, SQLITE_TRANSIENT);
  return run (self, st, error);
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

static sqlite3_stmt *
get_insert (DboStore *self, const char *table, const char * const *columns, GError **error)
{
  g_autofree char *sql = insert_sql (table, columns);

  return get_stmt (self, sql, error);
}

/* An insert into the first @n of @columns: a table an older format made
 * with fewer columns. */
static sqlite3_stmt *
get_insert_first (DboStore *self, const char *table, const char * const *columns, gsize n,
                  GError **error)
{
  g_autofree const char **first = g_new0 (const char *, n + 1);

  memcpy (first, columns, n * sizeof *first);
  return get_insert (self, table, first, error);
}

static sqlite3_stmt *
get_select (DboStore *self, const char *table, const char * const *columns, const char *tail,
            GError **error)
{
  g_autofree char *list = columns_list (columns);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s %s", list, table, tail);

  return get_stmt (self, sql, error);
}

/* ---- binding values ---- */

/* Binding proceeds in column order through a counter, so the lists of
 * columns below are the single place that fixes the order. */
typedef struct {
  sqlite3_stmt *st;
  int i;
} Binder;

static void
bind_str (Binder *b, const char *value)
{
  b->i++;
  if (value != NULL)
    sqlite3_bind_text (b->st, b->i, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (b->st, b->i);
}

static void
bind_int (Binder *b, gint64 value)
{
  sqlite3_bind_int64 (b->st, ++b->i, value);
}

static void
bind_bool (Binder *b, gboolean value)
{
  bind_int (b, value ? 1 : 0);
}

static void
bind_double (Binder *b, double value)
{
  sqlite3_bind_double (b->st, ++b->i, value);
}

/* An empty token (a "none" value) is stored as NULL. */
static void
bind_token (Binder *b, const DboToken *table, int value)
{
  const char *token = dbo_token_name (table, value);

  bind_str (b, (token != NULL && *token != '\0') ? token : NULL);
}

static gboolean
bind_run (DboStore *self, Binder *b, GError **error)
{
  g_warn_if_fail (b->i == sqlite3_bind_parameter_count (b->st));
  return run (self, b->st, error);
}

/* ---- reading values ---- */

typedef struct {
  DboStore *store;
  sqlite3_stmt *st;
  const char *table;
  int c;                    /* next column */
  GError *error;            /* the first problem met */
  guint row;                /* the row being read, from 1 in reading order */
} Reader;

static void
reader_fail (Reader *r, int column, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
reader_fail (Reader *r, int column, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  if (r->error != NULL)
    return;
  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (&r->error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
               "The project file %s holds inconsistent data: table %s, row %u, column %s: %s",
               r->store->path, r->table, r->row, sqlite3_column_name (r->st, column), what);
}

static char *
read_str (Reader *r)
{
  int c = r->c++;
  const char *text = (const char *) sqlite3_column_text (r->st, c);
  int len = sqlite3_column_bytes (r->st, c);

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate_len (text, len, NULL))
    {
      reader_fail (r, c, "the text is not valid UTF-8");
      return NULL;
    }
  return g_strndup (text, len);
}

/* Replaces *@field, for structures that come with default values. */
static void
read_str_into (Reader *r, char **field)
{
  g_free (*field);
  *field = read_str (r);
}

static gint64
read_int_range (Reader *r, gint64 min, gint64 max)
{
  int c = r->c++;
  gint64 v;

  if (sqlite3_column_type (r->st, c) != SQLITE_INTEGER)
    {
      reader_fail (r, c, "an integer is expected");
      return min;
    }
  v = sqlite3_column_int64 (r->st, c);
  if (v < min || v > max)
    {
      reader_fail (r, c, "%" G_GINT64_FORMAT " is out of range", v);
      return min;
    }
  return v;
}

static int
read_int (Reader *r)
{
  return (int) read_int_range (r, G_MININT, G_MAXINT);
}

static gboolean
read_bool (Reader *r)
{
  return read_int_range (r, 0, 1) != 0;
}

static double
read_double (Reader *r)
{
  int c = r->c++;
  int type = sqlite3_column_type (r->st, c);

  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
    {
      reader_fail (r, c, "a number is expected");
      return 0.0;
    }
  return sqlite3_column_double (r->st, c);
}

/* NULL reads as the table's empty token (index 0 of the "none" tables). */
static int
read_token (Reader *r, const DboToken *table)
{
  int c = r->c;
  g_autofree char *token = read_str (r);
  int value;

  if (token == NULL || *token == '\0')
    {
      if (table[0].token != NULL && table[0].token[0] == '\0')
        return 0;
      if (r->error == NULL)
        reader_fail (r, c, "a value is missing");
      return 0;
    }
  value = dbo_token_lookup (table, token);
  if (value < 0)
    {
      reader_fail (r, c, "unknown value “%s”", token);
      return 0;
    }
  return value;
}

/* A value from the file as a message may show it: control characters as
 * "?", at most 80 characters. */
static char *
printable (const char *text)
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
static char *
read_typed (Reader *r, const char *type, gboolean optional)
{
  int c = r->c;
  g_autofree char *value = read_str (r);

  if (r->error != NULL)
    return NULL;
  if (optional && (value == NULL || *value == '\0'))
    return g_steal_pointer (&value);
  if (value == NULL)
    {
      reader_fail (r, c, "a value is missing");
      return NULL;
    }
  if (!dbo_xml_type_accepts ("project.xsd", type, value))
    {
      g_autofree char *shown = printable (value);

      reader_fail (r, c, "“%s” is not a value project.xml allows here (type %s)", shown, type);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* An id (type Id of project.xsd, as dbo_id_is_valid): ids become parts of
 * file names and of paths inside bundles, so no other text is ever let in. */
static char *
read_id (Reader *r)
{
  int c = r->c;
  g_autofree char *id = read_str (r);

  if (r->error != NULL)
    return NULL;
  if (!dbo_id_is_valid (id))
    {
      g_autofree char *shown = printable (id);

      reader_fail (r, c, id == NULL ? "an id is missing"
                   : "“%s” is not a valid id (1 to 64 letters, digits, “_”, “.” or “-”, "
                     "starting with a letter or digit)", shown);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* A SHA-256 in lower-case hex (type Sha256 of project.xsd); NULL and ""
 * are kept with @optional. */
static char *
read_sha256 (Reader *r, gboolean optional)
{
  int c = r->c;
  g_autofree char *sha = read_str (r);

  if (r->error != NULL)
    return NULL;
  if (optional && (sha == NULL || *sha == '\0'))
    return g_steal_pointer (&sha);
  if (!dbo_sha256_is_valid (sha))
    {
      g_autofree char *shown = printable (sha);

      reader_fail (r, c, "“%s” is not a SHA-256 (64 hex digits)", shown);
      return NULL;
    }
  return g_steal_pointer (&sha);
}

/* Replaces *@field with read_typed(). */
static void
read_typed_into (Reader *r, char **field, const char *type)
{
  g_free (*field);
  *field = read_typed (r, type, TRUE);
}

static void
reader_start_row (Reader *r)
{
  r->c = 0;
  r->row++;
}

/* Finishes a loop over rows: TRUE when it ended cleanly. */
static gboolean
reader_finish (Reader *r, int rc, GError **error)
{
  if (r->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (r->store, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* ---- schema ---- */

/* Version 1: the model's tables. New files get this, then every later step. */
static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  id TEXT, format_version TEXT, ruleset TEXT, title TEXT);"
  "CREATE TABLE enterprise ("
  "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  kind TEXT NOT NULL, standardization TEXT NOT NULL,"
  "  name TEXT, credit_code TEXT, city TEXT, county TEXT, town TEXT, address_detail TEXT,"
  "  postcode TEXT, division_code TEXT, group_company TEXT,"
  "  head_name TEXT, head_title TEXT, head_office_phone TEXT, head_mobile TEXT, head_email TEXT,"
  "  department TEXT,"
  "  contact_name TEXT, contact_title TEXT, contact_office_phone TEXT, contact_mobile TEXT,"
  "  contact_email TEXT,"
  "  affiliation_code TEXT, affiliation_other TEXT, unit_type_code TEXT, unit_type_other TEXT,"
  "  industry_code TEXT, industry_other TEXT);"
  "CREATE TABLE objects ("
  "  id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL,"
  "  number TEXT, type TEXT NOT NULL, status TEXT NOT NULL, name TEXT, preset TEXT,"
  "  scope TEXT NOT NULL, aggregation_platform INTEGER NOT NULL,"
  "  department TEXT, owner_name TEXT, owner_phone TEXT, operation_date TEXT,"
  "  business_types TEXT, business_other TEXT, business_description TEXT,"
  "  service_scope TEXT, service_scope_count INTEGER NOT NULL, service_targets TEXT,"
  "  service_other TEXT, network_coverage TEXT, network_nature TEXT, network_other TEXT,"
  "  interconnection_codes TEXT, interconnection_other TEXT, assessment_body TEXT,"
  "  parent_name TEXT, parent_unit TEXT, drafted TEXT,"
  "  business_grading_description TEXT, service_grading_description TEXT,"
  "  override_level INTEGER NOT NULL, override_reason TEXT);"
  "CREATE INDEX objects_by_position ON objects (position);"
  "CREATE TABLE harms ("
  "  object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,"
  "  aspect TEXT NOT NULL, position INTEGER NOT NULL,"
  "  target TEXT NOT NULL, degree TEXT NOT NULL,"
  "  PRIMARY KEY (object_id, aspect, position));"
  "CREATE TABLE products ("
  "  object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL,"
  "  domestic TEXT NOT NULL, percent INTEGER NOT NULL, other TEXT,"
  "  PRIMARY KEY (object_id, position));"
  "CREATE TABLE services ("
  "  object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, kind TEXT NOT NULL, used INTEGER NOT NULL,"
  "  provider TEXT, other TEXT,"
  "  PRIMARY KEY (object_id, position));"
  "CREATE TABLE materials ("
  "  object_id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, item INTEGER NOT NULL, present INTEGER NOT NULL,"
  "  attachment TEXT,"
  "  PRIMARY KEY (object_id, position));"
  "CREATE TABLE panel ("
  "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  date TEXT, organiser TEXT, location TEXT,"
  "  concluded_present INTEGER NOT NULL, materials_complete INTEGER NOT NULL,"
  "  division_reasonable INTEGER NOT NULL, concluded TEXT, data_sha256 TEXT, note TEXT);"
  /* strokes: "x,y,p x,y,p;x,y,p …" in millimetres; NULL = not signed on screen. */
  "CREATE TABLE members ("
  "  id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, leader INTEGER NOT NULL,"
  "  name TEXT, unit TEXT, title TEXT, phone TEXT,"
  "  sig_width_mm REAL NOT NULL, sig_height_mm REAL NOT NULL, sig_signed TEXT, strokes TEXT);"
  "CREATE INDEX members_by_position ON members (position);"
  "CREATE TABLE recommendations ("
  "  object_id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL,"
  "  level INTEGER NOT NULL, reason TEXT);"
  "CREATE TABLE reviews ("
  "  id INTEGER PRIMARY KEY, position INTEGER NOT NULL, round INTEGER NOT NULL,"
  "  authority TEXT, submitted TEXT, decided TEXT, outcome TEXT, number TEXT, opinion TEXT);"
  "CREATE TABLE review_levels ("
  "  review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, object_id TEXT, value INTEGER NOT NULL,"
  "  PRIMARY KEY (review_id, position));"
  "CREATE TABLE filing ("
  "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
  "  office TEXT, submitted TEXT, certificate TEXT, certificate_date TEXT);"
  "CREATE TABLE assessments ("
  "  position INTEGER PRIMARY KEY, object_id TEXT, date TEXT, body TEXT, report TEXT);"
  /* Attachments are content-addressed. A row no longer listed in the project
   * (listed = 0) keeps its bytes for the snapshots that still name it. */
  "CREATE TABLE attachments ("
  "  sha256 TEXT PRIMARY KEY NOT NULL, listed INTEGER NOT NULL, position INTEGER NOT NULL,"
  "  name TEXT, media_type TEXT, data BLOB);"
  "CREATE TABLE snapshots ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,"
  "  xml TEXT NOT NULL);";

/* Version 2: members' dissents and the conclusions the panel replaced. */
static const char schema_v2[] =
  "CREATE TABLE dissents ("
  "  object_id TEXT NOT NULL REFERENCES recommendations (object_id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, member_id TEXT NOT NULL, text TEXT,"
  "  PRIMARY KEY (object_id, position));"
  "CREATE TABLE previous_conclusions ("
  "  position INTEGER PRIMARY KEY, materials_complete INTEGER NOT NULL,"
  "  division_reasonable INTEGER NOT NULL, concluded TEXT, data_sha256 TEXT, note TEXT,"
  "  superseded TEXT);";

/* Version 3: 服务对象 and 网络性质 have a "其他" text of their own (before,
 * service_other and network_other served two questions each). The columns
 * come last in the table, as ALTER TABLE puts them: an upgraded file and a
 * new one are alike. */
static const char schema_v3[] =
  "ALTER TABLE objects ADD COLUMN service_targets_other TEXT;"
  "ALTER TABLE objects ADD COLUMN network_nature_other TEXT;";

/* Version 4: the named systems of §三(一)2 the mine does not run
 * (DboEnterprise.not_run), a row each, in a table of their own: the
 * enterprise's row stays as earlier formats have it. */
static const char schema_v4[] =
  "CREATE TABLE not_run (preset TEXT PRIMARY KEY NOT NULL);";

/* Format 0, the prototype: one table holding a whole project.xml. */
static const char schema_v0[] =
  "CREATE TABLE project (xml TEXT NOT NULL);";

/* The tables SQLite itself may add to any file (AUTOINCREMENT, ANALYZE),
 * with the SQL SQLite gives them; nothing in them runs. */
static const char * const sqlite_own_tables[][2] = {
  { "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)" },
  { "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)" },
  { "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)" },
};

static const char * const meta_columns[] = {
  "singleton", "id", "format_version", "ruleset", "title", NULL
};
static const char * const enterprise_columns[] = {
  "singleton", "kind", "standardization",
  "name", "credit_code", "city", "county", "town", "address_detail",
  "postcode", "division_code", "group_company",
  "head_name", "head_title", "head_office_phone", "head_mobile", "head_email",
  "department",
  "contact_name", "contact_title", "contact_office_phone", "contact_mobile", "contact_email",
  "affiliation_code", "affiliation_other", "unit_type_code", "unit_type_other",
  "industry_code", "industry_other", NULL
};
static const char * const object_columns[] = {
  "id", "position", "number", "type", "status", "name", "preset", "scope",
  "aggregation_platform", "department", "owner_name", "owner_phone", "operation_date",
  "business_types", "business_other", "business_description",
  "service_scope", "service_scope_count", "service_targets", "service_other",
  "network_coverage", "network_nature", "network_other",
  "interconnection_codes", "interconnection_other", "assessment_body",
  "parent_name", "parent_unit", "drafted",
  "business_grading_description", "service_grading_description",
  "override_level", "override_reason",
  /* format 3 */
  "service_targets_other", "network_nature_other", NULL
};
/* How many of object_columns formats 1 and 2 have. */
#define OBJECT_COLUMNS_V1 (G_N_ELEMENTS (object_columns) - 1 - 2)
static const char * const not_run_columns[] = {
  "preset", NULL
};
static const char * const harm_columns[] = {
  "object_id", "aspect", "position", "target", "degree", NULL
};
static const char * const product_columns[] = {
  "object_id", "position", "kind", "count", "domestic", "percent", "other", NULL
};
static const char * const service_columns[] = {
  "object_id", "position", "kind", "used", "provider", "other", NULL
};
static const char * const material_columns[] = {
  "object_id", "position", "item", "present", "attachment", NULL
};
static const char * const panel_columns[] = {
  "singleton", "date", "organiser", "location", "concluded_present", "materials_complete",
  "division_reasonable", "concluded", "data_sha256", "note", NULL
};
static const char * const member_columns[] = {
  "id", "position", "kind", "leader", "name", "unit", "title", "phone",
  "sig_width_mm", "sig_height_mm", "sig_signed", "strokes", NULL
};
static const char * const recommendation_columns[] = {
  "object_id", "position", "level", "reason", NULL
};
static const char * const dissent_columns[] = {
  "object_id", "position", "member_id", "text", NULL
};
static const char * const previous_conclusion_columns[] = {
  "position", "materials_complete", "division_reasonable", "concluded", "data_sha256", "note",
  "superseded", NULL
};
static const char * const review_columns[] = {
  "id", "position", "round", "authority", "submitted", "decided", "outcome", "number",
  "opinion", NULL
};
static const char * const review_level_columns[] = {
  "review_id", "position", "object_id", "value", NULL
};
static const char * const filing_columns[] = {
  "singleton", "office", "submitted", "certificate", "certificate_date", NULL
};
static const char * const assessment_columns[] = {
  "position", "object_id", "date", "body", "report", NULL
};

/* The tables that hold the project (snapshots are not part of it). Children
 * go with their parents through ON DELETE CASCADE. */
static const char clear_content_sql[] =
  "DELETE FROM meta; DELETE FROM enterprise; DELETE FROM objects; DELETE FROM panel;"
  "DELETE FROM members; DELETE FROM recommendations; DELETE FROM reviews;"
  "DELETE FROM filing; DELETE FROM assessments; DELETE FROM previous_conclusions;"
  "UPDATE attachments SET listed = 0, position = 0;";

/* ---- writing the model ---- */

static gboolean
write_meta (DboStore *self, const DboProject *p, GError **error)
{
  Binder b = { get_insert (self, "meta", meta_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  bind_int (&b, 1);
  bind_str (&b, p->id);
  bind_str (&b, p->format_version);
  bind_str (&b, p->ruleset);
  bind_str (&b, p->title);
  return bind_run (self, &b, error);
}

static void
bind_person (Binder *b, const DboPerson *person)
{
  bind_str (b, person->name);
  bind_str (b, person->title);
  bind_str (b, person->office_phone);
  bind_str (b, person->mobile);
  bind_str (b, person->email);
}

static gboolean
write_enterprise (DboStore *self, const DboEnterprise *e, GError **error)
{
  Binder b = { NULL, 0 };

  if (!exec (self, "DELETE FROM enterprise", error))
    return FALSE;
  b.st = get_insert (self, "enterprise", enterprise_columns, error);
  if (b.st == NULL)
    return FALSE;
  bind_int (&b, 1);
  bind_token (&b, dbo_enterprise_kind_tokens, e->kind);
  bind_token (&b, dbo_standardization_tokens, e->standardization);
  bind_str (&b, e->name);
  bind_str (&b, e->credit_code);
  bind_str (&b, e->city);
  bind_str (&b, e->county);
  bind_str (&b, e->town);
  bind_str (&b, e->address_detail);
  bind_str (&b, e->postcode);
  bind_str (&b, e->division_code);
  bind_str (&b, e->group_company);
  bind_person (&b, &e->head);
  bind_str (&b, e->department);
  bind_person (&b, &e->contact);
  bind_str (&b, e->affiliation_code);
  bind_str (&b, e->affiliation_other);
  bind_str (&b, e->unit_type_code);
  bind_str (&b, e->unit_type_other);
  bind_str (&b, e->industry_code);
  bind_str (&b, e->industry_other);
  return bind_run (self, &b, error);
}

/* The named systems the enterprise does not run (format 4). */
static gboolean
write_not_run (DboStore *self, const DboEnterprise *e, GError **error)
{
  if (!exec (self, "DELETE FROM not_run", error))
    return FALSE;
  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    {
      Binder b = { NULL, 0 };

      if (dbo_enterprise_runs_preset (e, preset))
        continue;
      b.st = get_insert (self, "not_run", not_run_columns, error);
      if (b.st == NULL)
        return FALSE;
      bind_token (&b, dbo_preset_tokens, preset);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* Inserts the object row and its children, as far as schema @version holds
 * them; the caller removed any old ones. */
static gboolean
write_object (DboStore *self, const DboObject *o, gint64 position, int version, GError **error)
{
  Binder b = { version >= 3 ? get_insert (self, "objects", object_columns, error)
                            : get_insert_first (self, "objects", object_columns, OBJECT_COLUMNS_V1, error),
               0 };

  if (b.st == NULL)
    return FALSE;
  if (o->id == NULL || *o->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save an object in %s: the object has no id", self->path);
      return FALSE;
    }
  bind_str (&b, o->id);
  bind_int (&b, position);
  bind_str (&b, o->number);
  bind_token (&b, dbo_object_type_tokens, o->type);
  bind_token (&b, dbo_object_status_tokens, o->status);
  bind_str (&b, o->name);
  bind_token (&b, dbo_preset_tokens, o->preset);
  bind_token (&b, dbo_scope_tokens, o->scope);
  bind_bool (&b, o->aggregation_platform);
  bind_str (&b, o->department);
  bind_str (&b, o->owner_name);
  bind_str (&b, o->owner_phone);
  bind_str (&b, o->operation_date);
  bind_str (&b, o->business_types);
  bind_str (&b, o->business_other);
  bind_str (&b, o->business_description);
  bind_str (&b, o->service_scope);
  bind_int (&b, o->service_scope_count);
  bind_str (&b, o->service_targets);
  bind_str (&b, o->service_other);
  bind_str (&b, o->network_coverage);
  bind_str (&b, o->network_nature);
  bind_str (&b, o->network_other);
  bind_str (&b, o->interconnection_codes);
  bind_str (&b, o->interconnection_other);
  bind_str (&b, o->assessment_body);
  bind_str (&b, o->parent_name);
  bind_str (&b, o->parent_unit);
  bind_str (&b, o->drafted);
  G_STATIC_ASSERT (DBO_N_ASPECTS == 2);
  bind_str (&b, o->aspects[DBO_ASPECT_BUSINESS].description);
  bind_str (&b, o->aspects[DBO_ASPECT_SERVICE].description);
  bind_int (&b, o->override_level);
  bind_str (&b, o->override_reason);
  if (version >= 3)
    {
      bind_str (&b, o->service_targets_other);
      bind_str (&b, o->network_nature_other);
    }
  if (!bind_run (self, &b, error))
    return FALSE;

  for (int a = 0; a < DBO_N_ASPECTS; a++)
    {
      GArray *harms = o->aspects[a].harms;

      for (guint i = 0; harms != NULL && i < harms->len; i++)
        {
          const DboHarm *h = &g_array_index (harms, DboHarm, i);

          b = (Binder) { get_insert (self, "harms", harm_columns, error), 0 };
          if (b.st == NULL)
            return FALSE;
          bind_str (&b, o->id);
          bind_token (&b, dbo_aspect_tokens, a);
          bind_int (&b, i);
          bind_token (&b, dbo_target_tokens, h->target);
          bind_token (&b, dbo_degree_tokens, h->degree);
          if (!bind_run (self, &b, error))
            return FALSE;
        }
    }

  for (guint i = 0; o->products != NULL && i < o->products->len; i++)
    {
      const DboProduct *p = g_ptr_array_index (o->products, i);

      b = (Binder) { get_insert (self, "products", product_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      bind_str (&b, o->id);
      bind_int (&b, i);
      bind_token (&b, dbo_product_kind_tokens, p->kind);
      bind_int (&b, p->count);
      bind_token (&b, dbo_domestic_tokens, p->domestic);
      bind_int (&b, p->percent);
      bind_str (&b, p->other);
      if (!bind_run (self, &b, error))
        return FALSE;
    }

  for (guint i = 0; o->services != NULL && i < o->services->len; i++)
    {
      const DboServiceUse *s = g_ptr_array_index (o->services, i);

      b = (Binder) { get_insert (self, "services", service_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      bind_str (&b, o->id);
      bind_int (&b, i);
      bind_token (&b, dbo_service_kind_tokens, s->kind);
      bind_bool (&b, s->used);
      bind_token (&b, dbo_provider_tokens, s->provider);
      bind_str (&b, s->other);
      if (!bind_run (self, &b, error))
        return FALSE;
    }

  for (guint i = 0; o->materials != NULL && i < o->materials->len; i++)
    {
      const DboMaterial *m = g_ptr_array_index (o->materials, i);

      b = (Binder) { get_insert (self, "materials", material_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      bind_str (&b, o->id);
      bind_int (&b, i);
      bind_int (&b, m->item);
      bind_bool (&b, m->present);
      bind_str (&b, m->attachment);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_panel (DboStore *self, const DboPanel *panel, GError **error)
{
  Binder b = { NULL, 0 };

  if (!exec (self, "DELETE FROM panel", error))
    return FALSE;
  b.st = get_insert (self, "panel", panel_columns, error);
  if (b.st == NULL)
    return FALSE;
  bind_int (&b, 1);
  bind_str (&b, panel->date);
  bind_str (&b, panel->organiser);
  bind_str (&b, panel->location);
  bind_bool (&b, panel->conclusion.present);
  bind_bool (&b, panel->conclusion.materials_complete);
  bind_bool (&b, panel->conclusion.division_reasonable);
  bind_str (&b, panel->conclusion.concluded);
  bind_str (&b, panel->conclusion.data_sha256);
  bind_str (&b, panel->conclusion.note);
  return bind_run (self, &b, error);
}

static gboolean
write_history (DboStore *self, const DboPanel *panel, GError **error)
{
  if (!exec (self, "DELETE FROM previous_conclusions", error))
    return FALSE;
  for (guint i = 0; panel->history != NULL && i < panel->history->len; i++)
    {
      const DboPreviousConclusion *c = g_ptr_array_index (panel->history, i);
      Binder b = { get_insert (self, "previous_conclusions", previous_conclusion_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      bind_int (&b, i);
      bind_bool (&b, c->materials_complete);
      bind_bool (&b, c->division_reasonable);
      bind_str (&b, c->concluded);
      bind_str (&b, c->data_sha256);
      bind_str (&b, c->note);
      bind_str (&b, c->superseded);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

static char *
strokes_to_text (GPtrArray *strokes)
{
  GString *text;

  if (strokes == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint s = 0; s < strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (strokes, s);

      if (s > 0)
        g_string_append_c (text, ';');
      for (guint i = 0; stroke != NULL && i < stroke->len; i++)
        {
          const DboPoint *pt = &g_array_index (stroke, DboPoint, i);
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], pr[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (text, "%s%s,%s,%s", i > 0 ? " " : "",
                                  g_ascii_dtostr (x, sizeof x, pt->x),
                                  g_ascii_dtostr (y, sizeof y, pt->y),
                                  g_ascii_dtostr (pr, sizeof pr, pt->pressure));
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

/* Returns NULL and sets *@ok = FALSE on malformed text. */
static GPtrArray *
strokes_from_text (const char *text, gboolean *ok)
{
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_auto(GStrv) parts = NULL;

  *ok = TRUE;
  if (*text == '\0')
    return g_steal_pointer (&strokes);
  parts = g_strsplit (text, ";", -1);
  for (guint s = 0; parts[s] != NULL; s++)
    {
      g_auto(GStrv) points = g_strsplit (parts[s], " ", -1);
      GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));

      g_ptr_array_add (strokes, stroke);
      for (guint i = 0; points[i] != NULL; i++)
        {
          g_auto(GStrv) xyp = NULL;
          DboPoint pt;

          if (*points[i] == '\0')
            continue;
          xyp = g_strsplit (points[i], ",", -1);
          if (g_strv_length (xyp) != 3
              || !parse_number (xyp[0], &pt.x)
              || !parse_number (xyp[1], &pt.y)
              || !parse_number (xyp[2], &pt.pressure))
            {
              *ok = FALSE;
              return NULL;
            }
          g_array_append_val (stroke, pt);
        }
    }
  return g_steal_pointer (&strokes);
}

static gboolean
write_member (DboStore *self, const DboMember *m, gint64 position, GError **error)
{
  Binder b = { get_insert (self, "members", member_columns, error), 0 };
  g_autofree char *strokes = NULL;

  if (b.st == NULL)
    return FALSE;
  if (m->id == NULL || *m->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save a panel member in %s: the member has no id", self->path);
      return FALSE;
    }
  strokes = strokes_to_text (m->strokes);
  bind_str (&b, m->id);
  bind_int (&b, position);
  bind_token (&b, dbo_member_kind_tokens, m->kind);
  bind_bool (&b, m->leader);
  bind_str (&b, m->name);
  bind_str (&b, m->unit);
  bind_str (&b, m->title);
  bind_str (&b, m->phone);
  bind_double (&b, m->sig_width_mm);
  bind_double (&b, m->sig_height_mm);
  bind_str (&b, m->sig_signed);
  bind_str (&b, strokes);
  return bind_run (self, &b, error);
}

static gboolean
write_recommendation (DboStore *self, const DboRecommendation *rec, gint64 position,
                      GError **error)
{
  Binder b = { get_insert (self, "recommendations", recommendation_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  bind_str (&b, rec->object_id);
  bind_int (&b, position);
  bind_int (&b, rec->level);
  bind_str (&b, rec->reason);
  return bind_run (self, &b, error);
}

/* The recommendation's row must be there (its dissents go with it). */
static gboolean
write_dissents (DboStore *self, const DboRecommendation *rec, GError **error)
{
  for (guint i = 0; rec->dissents != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);
      Binder b = { get_insert (self, "dissents", dissent_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      if (d->member_id == NULL || *d->member_id == '\0')
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                       "Could not save a dissent on “%s” in %s: it names no panel member",
                       rec->object_id, self->path);
          return FALSE;
        }
      bind_str (&b, rec->object_id);
      bind_int (&b, i);
      bind_str (&b, d->member_id);
      bind_str (&b, d->text);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* @id is the row id to use, or 0 for a new one. */
static gboolean
write_review (DboStore *self, const DboReview *r, gint64 id, gint64 position, GError **error)
{
  Binder b = { get_insert (self, "reviews", review_columns, error), 0 };

  if (b.st == NULL)
    return FALSE;
  if (id > 0)
    bind_int (&b, id);
  else
    bind_str (&b, NULL);
  bind_int (&b, position);
  bind_int (&b, r->round);
  bind_str (&b, r->authority);
  bind_str (&b, r->submitted);
  bind_str (&b, r->decided);
  if (r->has_outcome)
    bind_token (&b, dbo_outcome_tokens, r->outcome);
  else
    bind_str (&b, NULL);
  bind_str (&b, r->number);
  bind_str (&b, r->opinion);
  if (!bind_run (self, &b, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; r->levels != NULL && i < r->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, i);

      b = (Binder) { get_insert (self, "review_levels", review_level_columns, error), 0 };
      if (b.st == NULL)
        return FALSE;
      bind_int (&b, id);
      bind_int (&b, i);
      bind_str (&b, l->object_id);
      bind_int (&b, l->value);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_filing (DboStore *self, const DboFiling *f, GError **error)
{
  Binder b = { NULL, 0 };

  if (!exec (self, "DELETE FROM filing", error))
    return FALSE;
  if (f == NULL)
    return TRUE;
  b.st = get_insert (self, "filing", filing_columns, error);
  if (b.st == NULL)
    return FALSE;
  bind_int (&b, 1);
  bind_str (&b, f->office);
  bind_str (&b, f->submitted);
  bind_str (&b, f->certificate);
  bind_str (&b, f->certificate_date);
  return bind_run (self, &b, error);
}

static gboolean
write_assessments (DboStore *self, GPtrArray *assessments, GError **error)
{
  if (!exec (self, "DELETE FROM assessments", error))
    return FALSE;
  for (guint i = 0; assessments != NULL && i < assessments->len; i++)
    {
      const DboAssessment *a = g_ptr_array_index (assessments, i);
      Binder b = { get_insert (self, "assessments", assessment_columns, error), 0 };

      if (b.st == NULL)
        return FALSE;
      bind_int (&b, i);
      bind_str (&b, a->object_id);
      bind_str (&b, a->date);
      bind_str (&b, a->body);
      bind_str (&b, a->report);
      if (!bind_run (self, &b, error))
        return FALSE;
    }
  return TRUE;
}

/* Lists @a in the project at @position. Bytes already stored under the same
 * SHA-256 are kept when @a carries none (a project.xml names attachments
 * without their data). */
static gboolean
write_attachment (DboStore *self, const DboAttachment *a, gint64 position, GError **error)
{
  static const char sql[] =
    "INSERT INTO attachments (sha256, listed, position, name, media_type, data)"
    " VALUES (?, 1, ?, ?, ?, ?)"
    " ON CONFLICT (sha256) DO UPDATE SET listed = 1, position = excluded.position,"
    " name = excluded.name, media_type = excluded.media_type,"
    " data = coalesce (excluded.data, data)";
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *st;

  if (a->data != NULL)
    {
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);
      if (a->sha256 != NULL && g_ascii_strcasecmp (a->sha256, sha256) != 0)
        {
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                       "Could not store the attachment “%s” in %s: its data does not match "
                       "its SHA-256 %s", a->name != NULL ? a->name : "", self->path, a->sha256);
          return FALSE;
        }
    }
  else if (a->sha256 != NULL && *a->sha256 != '\0')
    sha256 = g_ascii_strdown (a->sha256, -1);
  else
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not store the attachment “%s” in %s: it has neither data nor a SHA-256",
                   a->name != NULL ? a->name : "", self->path);
      return FALSE;
    }

  st = get_stmt (self, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, position);
  if (a->name != NULL)
    sqlite3_bind_text (st, 3, a->name, -1, SQLITE_TRANSIENT);
  if (a->media_type != NULL)
    sqlite3_bind_text (st, 4, a->media_type, -1, SQLITE_TRANSIENT);
  if (a->data != NULL)
    {
      gsize len = 0;
      const void *data = g_bytes_get_data (a->data, &len);

      /* A zero-length blob must not be taken for "no data". */
      if (len == 0)
        sqlite3_bind_zeroblob (st, 5, 0);
      else
        sqlite3_bind_blob64 (st, 5, data, len, SQLITE_STATIC);
    }
  return run (self, st, error);
}

/* The parts schema version 2 added: dissents and the conclusion history. */
static gboolean
write_v2_parts (DboStore *self, const DboProject *p, GError **error)
{
  if (!write_history (self, &p->panel, error))
    return FALSE;
  for (guint i = 0; p->panel.recommendations != NULL && i < p->panel.recommendations->len; i++)
    if (!write_dissents (self, g_ptr_array_index (p->panel.recommendations, i), error))
      return FALSE;
  return TRUE;
}

/* Writes the whole project into tables the caller has emptied, as far as
 * schema @version holds it. */
static gboolean
write_content_at (DboStore *self, const DboProject *p, int version, GError **error)
{
  if (!write_meta (self, p, error)
      || !write_enterprise (self, &p->enterprise, error)
      || !write_panel (self, &p->panel, error)
      || !write_filing (self, p->has_filing ? &p->filing : NULL, error)
      || !write_assessments (self, p->assessments, error))
    return FALSE;
  for (guint i = 0; p->objects != NULL && i < p->objects->len; i++)
    if (!write_object (self, g_ptr_array_index (p->objects, i), i, version, error))
      return FALSE;
  for (guint i = 0; p->panel.members != NULL && i < p->panel.members->len; i++)
    if (!write_member (self, g_ptr_array_index (p->panel.members, i), i, error))
      return FALSE;
  for (guint i = 0; p->panel.recommendations != NULL && i < p->panel.recommendations->len; i++)
    if (!write_recommendation (self, g_ptr_array_index (p->panel.recommendations, i), i, error))
      return FALSE;
  for (guint i = 0; p->reviews != NULL && i < p->reviews->len; i++)
    if (!write_review (self, g_ptr_array_index (p->reviews, i), 0, i, error))
      return FALSE;
  for (guint i = 0; p->attachments != NULL && i < p->attachments->len; i++)
    if (!write_attachment (self, g_ptr_array_index (p->attachments, i), i, error))
      return FALSE;
  if (version >= 2 && !write_v2_parts (self, p, error))
    return FALSE;
  if (version >= 4 && !write_not_run (self, &p->enterprise, error))
    return FALSE;
  return TRUE;
}

static gboolean
write_content (DboStore *self, const DboProject *p, GError **error)
{
  return write_content_at (self, p, DBO_STORE_SCHEMA_VERSION, error);
}

/* Drops the bytes of attachments neither the project nor any snapshot names
 * any more (a SHA-256 in hex cannot appear in a snapshot by chance). */
static gboolean
purge_attachments (DboStore *self, GError **error)
{
  return exec (self, "DELETE FROM attachments WHERE NOT listed AND NOT EXISTS"
               " (SELECT 1 FROM snapshots WHERE instr (snapshots.xml, attachments.sha256) > 0)",
               error);
}

static gboolean
replace_content (DboStore *self, const DboProject *p, GError **error)
{
  return exec (self, clear_content_sql, error)
    && write_content (self, p, error)
    && purge_attachments (self, error);
}

/* ---- reading the model ---- */

static gboolean
load_meta (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "meta", meta_columns, "", error);
  Reader r = { self, st, "meta", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      reader_start_row (&r);
      r.c++;
      read_typed_into (&r, &p->id, "Id");
      read_typed_into (&r, &p->format_version, "FormatVersion");
      read_typed_into (&r, &p->ruleset, "Id");
      read_str_into (&r, &p->title);
    }
  return reader_finish (&r, rc, error);
}

static void
read_person (Reader *r, DboPerson *person)
{
  read_str_into (r, &person->name);
  read_str_into (r, &person->title);
  read_str_into (r, &person->office_phone);
  read_str_into (r, &person->mobile);
  read_str_into (r, &person->email);
}

static gboolean
load_enterprise (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "enterprise", enterprise_columns, "", error);
  Reader r = { self, st, "enterprise", 0, NULL };
  DboEnterprise *e = &p->enterprise;
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      reader_start_row (&r);
      r.c++;
      e->kind = read_token (&r, dbo_enterprise_kind_tokens);
      e->standardization = read_token (&r, dbo_standardization_tokens);
      read_str_into (&r, &e->name);
      read_str_into (&r, &e->credit_code);
      read_typed_into (&r, &e->city, "City");
      read_str_into (&r, &e->county);
      read_str_into (&r, &e->town);
      read_str_into (&r, &e->address_detail);
      read_str_into (&r, &e->postcode);
      read_str_into (&r, &e->division_code);
      read_str_into (&r, &e->group_company);
      read_person (&r, &e->head);
      read_str_into (&r, &e->department);
      read_person (&r, &e->contact);
      read_typed_into (&r, &e->affiliation_code, "Code12349");
      read_str_into (&r, &e->affiliation_other);
      read_typed_into (&r, &e->unit_type_code, "Code12349");
      read_str_into (&r, &e->unit_type_other);
      read_typed_into (&r, &e->industry_code, "Industry");
      read_str_into (&r, &e->industry_other);
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_not_run (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "not_run", not_run_columns, "", error);
  Reader r = { self, st, "not_run", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int preset;

      reader_start_row (&r);
      preset = read_token (&r, dbo_preset_tokens);
      if (r.error != NULL)
        break;
      if (preset == DBO_PRESET_NONE)
        {
          reader_fail (&r, 0, "a value is missing");
          break;
        }
      p->enterprise.not_run |= 1u << preset;
    }
  return reader_finish (&r, rc, error);
}

/* Finds the object a child row belongs to. */
static DboObject *
reader_object (Reader *r, GHashTable *objects)
{
  int c = r->c;
  g_autofree char *id = read_id (r);
  DboObject *o = id != NULL ? g_hash_table_lookup (objects, id) : NULL;

  if (o == NULL && r->error == NULL)
    reader_fail (r, c, "no object has the id “%s”", id);
  return o;
}

static gboolean
load_objects (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  {
    g_auto(DboStmt) st = get_select (self, "objects", object_columns, "ORDER BY position, id",
                                     error);
    Reader r = { self, st, "objects", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        g_autofree char *id = NULL;
        DboObject *o;

        reader_start_row (&r);
        id = read_id (&r);
        if (id == NULL)
          break;
        o = dbo_object_new (id);
        g_ptr_array_add (p->objects, o);
        if (id != NULL)
          g_hash_table_insert (by_id, o->id, o);
        r.c++;   /* position */
        o->number = read_str (&r);
        o->type = read_token (&r, dbo_object_type_tokens);
        o->status = read_token (&r, dbo_object_status_tokens);
        o->name = read_str (&r);
        o->preset = read_token (&r, dbo_preset_tokens);
        o->scope = read_token (&r, dbo_scope_tokens);
        o->aggregation_platform = read_bool (&r);
        o->department = read_str (&r);
        o->owner_name = read_str (&r);
        o->owner_phone = read_str (&r);
        o->operation_date = read_str (&r);
        o->business_types = read_typed (&r, "BusinessTypes", TRUE);
        o->business_other = read_str (&r);
        o->business_description = read_str (&r);
        o->service_scope = read_typed (&r, "ServiceScope", TRUE);
        o->service_scope_count = read_int (&r);
        o->service_targets = read_typed (&r, "Code1239", TRUE);
        o->service_other = read_str (&r);
        o->network_coverage = read_typed (&r, "Code1239", TRUE);
        o->network_nature = read_typed (&r, "Code129", TRUE);
        o->network_other = read_str (&r);
        o->interconnection_codes = read_typed (&r, "InterconnectionCodes", TRUE);
        o->interconnection_other = read_str (&r);
        o->assessment_body = read_str (&r);
        o->parent_name = read_str (&r);
        o->parent_unit = read_str (&r);
        o->drafted = read_str (&r);
        o->aspects[DBO_ASPECT_BUSINESS].description = read_str (&r);
        o->aspects[DBO_ASPECT_SERVICE].description = read_str (&r);
        o->override_level = read_int (&r);
        o->override_reason = read_str (&r);
        o->service_targets_other = read_str (&r);
        o->network_nature_other = read_str (&r);
        if (r.error != NULL)
          break;
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = get_select (self, "harms", harm_columns,
                                     "ORDER BY object_id, aspect, position", error);
    Reader r = { self, st, "harms", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboHarm h;
        int aspect;

        reader_start_row (&r);
        o = reader_object (&r, by_id);
        aspect = read_token (&r, dbo_aspect_tokens);
        r.c++;   /* position */
        h.target = read_token (&r, dbo_target_tokens);
        h.degree = read_token (&r, dbo_degree_tokens);
        if (r.error != NULL)
          break;
        g_array_append_val (o->aspects[aspect].harms, h);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = get_select (self, "products", product_columns,
                                     "ORDER BY object_id, position", error);
    Reader r = { self, st, "products", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboProduct *prod;

        reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        prod = dbo_product_new (read_token (&r, dbo_product_kind_tokens));
        prod->count = read_int (&r);
        prod->domestic = read_token (&r, dbo_domestic_tokens);
        prod->percent = read_int (&r);
        prod->other = read_str (&r);
        if (r.error != NULL)
          {
            dbo_product_free (prod);
            break;
          }
        g_ptr_array_add (o->products, prod);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = get_select (self, "services", service_columns,
                                     "ORDER BY object_id, position", error);
    Reader r = { self, st, "services", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboServiceUse *s;

        reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        s = dbo_service_use_new (read_token (&r, dbo_service_kind_tokens));
        s->used = read_bool (&r);
        s->provider = read_token (&r, dbo_provider_tokens);
        s->other = read_str (&r);
        if (r.error != NULL)
          {
            dbo_service_use_free (s);
            break;
          }
        g_ptr_array_add (o->services, s);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }

  {
    g_auto(DboStmt) st = get_select (self, "materials", material_columns,
                                     "ORDER BY object_id, position", error);
    Reader r = { self, st, "materials", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboObject *o;
        DboMaterial *m;

        reader_start_row (&r);
        o = reader_object (&r, by_id);
        r.c++;
        m = dbo_material_new (0, FALSE, NULL);
        m->item = read_int (&r);
        m->present = read_bool (&r);
        m->attachment = read_sha256 (&r, TRUE);
        if (r.error != NULL)
          {
            dbo_material_free (m);
            break;
          }
        g_ptr_array_add (o->materials, m);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
load_panel (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "panel", panel_columns, "", error);
  Reader r = { self, st, "panel", 0, NULL };
  DboPanel *panel = &p->panel;
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      reader_start_row (&r);
      r.c++;
      read_str_into (&r, &panel->date);
      read_str_into (&r, &panel->organiser);
      read_str_into (&r, &panel->location);
      panel->conclusion.present = read_bool (&r);
      panel->conclusion.materials_complete = read_bool (&r);
      panel->conclusion.division_reasonable = read_bool (&r);
      read_str_into (&r, &panel->conclusion.concluded);
      g_free (panel->conclusion.data_sha256);
      panel->conclusion.data_sha256 = read_sha256 (&r, TRUE);
      read_str_into (&r, &panel->conclusion.note);
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_history (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "previous_conclusions", previous_conclusion_columns,
                                   "ORDER BY position", error);
  Reader r = { self, st, "previous_conclusions", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboPreviousConclusion *c = dbo_previous_conclusion_new ();

      g_ptr_array_add (p->panel.history, c);
      reader_start_row (&r);
      r.c++;
      c->materials_complete = read_bool (&r);
      c->division_reasonable = read_bool (&r);
      c->concluded = read_str (&r);
      c->data_sha256 = read_sha256 (&r, TRUE);
      c->note = read_str (&r);
      c->superseded = read_str (&r);
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_members (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "members", member_columns, "ORDER BY position, id",
                                   error);
  Reader r = { self, st, "members", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *id = NULL;
      g_autofree char *strokes = NULL;
      DboMember *m;

      reader_start_row (&r);
      id = read_id (&r);
      if (id == NULL)
        break;
      m = dbo_member_new (id);
      g_ptr_array_add (p->panel.members, m);
      r.c++;
      m->kind = read_token (&r, dbo_member_kind_tokens);
      m->leader = read_bool (&r);
      m->name = read_str (&r);
      m->unit = read_str (&r);
      m->title = read_str (&r);
      m->phone = read_str (&r);
      m->sig_width_mm = read_double (&r);
      m->sig_height_mm = read_double (&r);
      m->sig_signed = read_str (&r);
      strokes = read_str (&r);
      if (strokes != NULL)
        {
          gboolean ok;

          m->strokes = strokes_from_text (strokes, &ok);
          if (!ok)
            reader_fail (&r, r.c - 1, "the signature strokes of member “%s” are malformed",
                         id != NULL ? id : "");
        }
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_recommendations (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "recommendations", recommendation_columns,
                                   "ORDER BY position, object_id", error);
  Reader r = { self, st, "recommendations", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboRecommendation *rec = dbo_recommendation_new (NULL, 0, NULL);

      reader_start_row (&r);
      rec->object_id = read_id (&r);
      r.c++;
      rec->level = read_int (&r);
      rec->reason = read_str (&r);
      g_ptr_array_add (p->panel.recommendations, rec);
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

/* After the recommendations: each dissent joins its recommendation. */
static gboolean
load_dissents (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) recs = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(DboStmt) st = NULL;
  Reader r = { self, NULL, "dissents", 0, NULL };
  int rc;

  for (guint i = 0; i < p->panel.recommendations->len; i++)
    {
      DboRecommendation *rec = g_ptr_array_index (p->panel.recommendations, i);

      if (rec->object_id != NULL)
        g_hash_table_insert (recs, rec->object_id, rec);
    }
  st = get_select (self, "dissents", dissent_columns, "ORDER BY object_id, position", error);
  if (st == NULL)
    return FALSE;
  r.st = st;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *object_id = NULL;
      DboRecommendation *rec;
      DboDissent *d;

      reader_start_row (&r);
      object_id = read_id (&r);
      r.c++;
      rec = object_id != NULL ? g_hash_table_lookup (recs, object_id) : NULL;
      if (r.error != NULL)
        break;
      if (rec == NULL)
        {
          reader_fail (&r, 0, "a dissent on “%s”, which has no recommendation",
                       object_id != NULL ? object_id : "");
          break;
        }
      d = dbo_dissent_new (NULL, NULL);
      g_ptr_array_add (rec->dissents, d);
      d->member_id = read_id (&r);
      d->text = read_str (&r);
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_reviews (DboStore *self, DboProject *p, GError **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  {
    g_auto(DboStmt) st = get_select (self, "reviews", review_columns, "ORDER BY position, id",
                                     error);
    Reader r = { self, st, "reviews", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReview *review = dbo_review_new (0);
        gint64 id;
        int c;
        g_autofree char *outcome = NULL;

        g_ptr_array_add (p->reviews, review);
        reader_start_row (&r);
        id = read_int_range (&r, G_MININT64, G_MAXINT64);
        r.c++;
        review->round = read_int (&r);
        review->authority = read_typed (&r, "Authority", TRUE);
        review->submitted = read_str (&r);
        review->decided = read_str (&r);
        c = r.c;
        outcome = read_str (&r);
        if (outcome != NULL)
          {
            int v = dbo_token_lookup (dbo_outcome_tokens, outcome);

            if (v < 0)
              reader_fail (&r, c, "unknown value “%s”", outcome);
            review->has_outcome = TRUE;
            review->outcome = MAX (v, 0);
          }
        review->number = read_str (&r);
        review->opinion = read_str (&r);
        if (r.error != NULL)
          break;
        g_array_append_val (ids, id);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }

  /* Keys point into @ids, which no longer grows. */
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (p->reviews, i));

  {
    g_auto(DboStmt) st = get_select (self, "review_levels", review_level_columns,
                                     "ORDER BY review_id, position", error);
    Reader r = { self, st, "review_levels", 0, NULL };

    if (st == NULL)
      return FALSE;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        DboReviewLevel level;
        DboReview *review;
        gint64 id;

        reader_start_row (&r);
        id = read_int_range (&r, G_MININT64, G_MAXINT64);
        review = g_hash_table_lookup (by_id, &id);
        if (review == NULL)
          reader_fail (&r, 0, "no review has the id %" G_GINT64_FORMAT, id);
        r.c++;
        level.object_id = read_id (&r);
        level.value = read_int (&r);
        if (r.error != NULL)
          {
            g_free (level.object_id);
            break;
          }
        g_array_append_val (review->levels, level);
      }
    if (!reader_finish (&r, rc, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
load_filing (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "filing", filing_columns, "", error);
  Reader r = { self, st, "filing", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      reader_start_row (&r);
      r.c++;
      p->has_filing = TRUE;
      read_str_into (&r, &p->filing.office);
      read_str_into (&r, &p->filing.submitted);
      read_str_into (&r, &p->filing.certificate);
      read_str_into (&r, &p->filing.certificate_date);
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_assessments (DboStore *self, DboProject *p, GError **error)
{
  g_auto(DboStmt) st = get_select (self, "assessments", assessment_columns, "ORDER BY position",
                                   error);
  Reader r = { self, st, "assessments", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboAssessment *a = dbo_assessment_new (NULL);

      g_ptr_array_add (p->assessments, a);
      reader_start_row (&r);
      r.c++;
      a->object_id = read_id (&r);
      a->date = read_str (&r);
      a->body = read_str (&r);
      a->report = read_str (&r);
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

static gboolean
load_attachments (DboStore *self, DboProject *p, GError **error)
{
  static const char sql[] =
    "SELECT sha256, name, media_type, data FROM attachments WHERE listed"
    " ORDER BY position, sha256";
  g_auto(DboStmt) st = get_stmt (self, sql, error);
  Reader r = { self, st, "attachments", 0, NULL };
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboAttachment *a = dbo_attachment_new (NULL, NULL, NULL);

      g_ptr_array_add (p->attachments, a);
      reader_start_row (&r);
      a->sha256 = read_sha256 (&r, FALSE);
      a->name = read_str (&r);
      a->media_type = read_str (&r);
      if (sqlite3_column_type (st, 3) != SQLITE_NULL)
        a->data = g_bytes_new (sqlite3_column_blob (st, 3), sqlite3_column_bytes (st, 3));
      if (r.error != NULL)
        break;
    }
  return reader_finish (&r, rc, error);
}

/* Reads the project inside the caller's transaction. */
static DboProject *
load_content (DboStore *self, GError **error)
{
  g_autoptr(DboProject) p = dbo_project_new ();

  if (!load_meta (self, p, error)
      || !load_enterprise (self, p, error)
      || !load_not_run (self, p, error)
      || !load_objects (self, p, error)
      || !load_panel (self, p, error)
      || !load_history (self, p, error)
      || !load_members (self, p, error)
      || !load_recommendations (self, p, error)
      || !load_dissents (self, p, error)
      || !load_reviews (self, p, error)
      || !load_filing (self, p, error)
      || !load_assessments (self, p, error)
      || !load_attachments (self, p, error))
    return NULL;
  return g_steal_pointer (&p);
}

/* ---- transactions ---- */

static gboolean
identity_matches (DboStore *self, int *errno_out)
{
  struct stat st;

  *errno_out = 0;
  if (!self->have_identity)
    return TRUE;
  if (g_stat (self->path, &st) != 0)
    {
      *errno_out = errno;
      return FALSE;
    }
  return st.st_dev == self->dev && st.st_ino == self->ino;
}

gboolean
dbo_store_check_identity (DboStore *self, GError **error)
{
  g_autofree char *display = NULL;
  int saved;

  g_return_val_if_fail (self != NULL, FALSE);

  if (identity_matches (self, &saved))
    return TRUE;
  display = g_filename_display_name (self->path);
  if (saved != 0 && saved != ENOENT && saved != ENOTDIR)
    g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO,
                 "Cannot check the project file %s before writing: %s", display, g_strerror (saved));
  else
    g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED,
                 saved != 0
                 ? "The project file %s was deleted or moved while it was open; nothing more is written "
                   "to it. Your changes are kept: save them under a new name, or reopen the file"
                 : "The project file %s was replaced by another file while it was open; nothing is written "
                   "to the new file. Your changes are kept: save them under a new name, or reopen the file",
                 display);
  return FALSE;
}

void
dbo_store_get_identity (DboStore *self, guint64 *dev, guint64 *ino)
{
  g_return_if_fail (self != NULL);
  *dev = self->have_identity ? (guint64) self->dev : 0;
  *ino = self->have_identity ? (guint64) self->ino : 0;
}

gboolean
dbo_store_is_read_only (DboStore *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->read_only;
}

static gboolean pragma_int (DboStore *self, const char *pragma, int *out, GError **error);

/* Remembers what the file holds as of now: a change by another connection
 * after this moves PRAGMA data_version. */
static gboolean
note_data_version (DboStore *self, GError **error)
{
  if (!pragma_int (self, "data_version", &self->data_version, error))
    return FALSE;
  self->have_data_version = TRUE;
  return TRUE;
}

/* Inside a write transaction: has anyone else written since we last looked? */
static gboolean
check_data_version (DboStore *self, GError **error)
{
  g_autofree char *display = NULL;
  int now = 0;

  if (!self->have_data_version)
    return TRUE;
  if (!pragma_int (self, "data_version", &now, error))
    return FALSE;
  if (now == self->data_version)
    return TRUE;
  display = g_filename_display_name (self->path);
  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CHANGED,
               "The project file %s was changed by another program since it was opened; nothing was "
               "written over those changes. Your changes are kept: save them under a new name, or reopen "
               "the file", display);
  return FALSE;
}

static void rollback (DboStore *self);
static void remember_wal (DboStore *self);
static gboolean choose_journal (DboStore *self, GError **error);
static gboolean check_data_version (DboStore *self, GError **error);

/* Starts a write: only in a file opened for editing, still at its path and
 * unchanged by anyone else since we read it. */
static gboolean
begin (DboStore *self, const char *doing, GError **error)
{
  self->doing = doing;
  if (self->read_only)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY,
                   "The project file %s is open read-only; nothing can be written to it", display);
      return FALSE;
    }
  /* An editor's first write chooses the journal (which writes the header):
   * only into the file it opened. */
  if (self->lock != NULL && !self->journal_chosen
      && !(dbo_store_check_identity (self, error) && choose_journal (self, error)))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Checked with the write lock held: nothing can slip in between. */
  if (!dbo_store_check_identity (self, error) || !check_data_version (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (DboStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Commits when @ok, otherwise (or when the commit fails) rolls back. */
static gboolean
finish (DboStore *self, gboolean ok, GError **error)
{
  if (ok && exec (self, "COMMIT", error))
    return TRUE;
  rollback (self);
  return FALSE;
}

/* ---- migrations ---- */

typedef gboolean (*MigrateFunc) (DboStore *self, GError **error);

/* Version 0, the prototype: one table project(xml) holding a whole project.xml. */
static gboolean
migrate_0_to_1 (DboStore *self, GError **error)
{
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) local = NULL;

  {
    g_auto(DboStmt) st = get_stmt (self, "SELECT xml FROM project", error);
    const char *xml;
    int rc;

    if (st == NULL)
      return FALSE;
    rc = sqlite3_step (st);
    if (rc != SQLITE_ROW)
      {
        if (rc == SQLITE_DONE)
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       "The project file %s (format 0) holds no project", self->path);
        else
          set_db_error (self, error, rc);
        return FALSE;
      }
    xml = (const char *) sqlite3_column_text (st, 0);
    project = dbo_project_xml_read (xml != NULL ? xml : "", sqlite3_column_bytes (st, 0),
                                    "project.xml", &local);
    if (project == NULL)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     "The project in %s (format 0) cannot be read: %s", self->path,
                     local->message);
        return FALSE;
      }
  }
  /* The statement on the old table must be gone before the table is. */
  g_hash_table_remove (self->statements, "SELECT xml FROM project");

  if (!exec (self, schema_v1, error)
      || !write_content_at (self, project, 1, error)
      || !exec (self, "DROP TABLE project", error))
    return FALSE;
  /* What the XML held beyond version 1 is written once its tables exist. */
  g_clear_pointer (&self->migrating, dbo_project_free);
  self->migrating = g_steal_pointer (&project);
  return TRUE;
}

/* Version 1 → 2: tables for dissents and for replaced conclusions. A version 1
 * file had neither, so its data stays as it is. */
static gboolean
migrate_1_to_2 (DboStore *self, GError **error)
{
  if (!exec (self, schema_v2, error))
    return FALSE;
  if (self->migrating != NULL)
    return write_v2_parts (self, self->migrating, error);
  return TRUE;
}

/* The "其他" texts of 表二 04 and 05 of @o, in its row. */
static gboolean
write_other_texts (DboStore *self, const DboObject *o, GError **error)
{
  Binder b = { get_stmt (self, "UPDATE objects SET service_other = ?, service_targets_other = ?,"
                         " network_other = ?, network_nature_other = ? WHERE id = ?", error), 0 };

  if (b.st == NULL)
    return FALSE;
  bind_str (&b, o->service_other);
  bind_str (&b, o->service_targets_other);
  bind_str (&b, o->network_other);
  bind_str (&b, o->network_nature_other);
  bind_str (&b, o->id);
  return bind_run (self, &b, error);
}

/* Version 2 → 3: 服务对象 and 网络性质 get their own "其他" text, from the
 * one they shared with 服务范围 and 覆盖范围. A format-0 project was split
 * when its XML was read. */
static gboolean
migrate_2_to_3 (DboStore *self, GError **error)
{
  g_autoptr(DboProject) read = NULL;
  DboProject *p = self->migrating;

  if (!exec (self, schema_v3, error))
    return FALSE;
  if (p == NULL)
    {
      p = read = dbo_project_new ();
      if (!load_objects (self, p, error))
        return FALSE;
      for (guint i = 0; i < p->objects->len; i++)
        {
          dbo_object_split_service_other (g_ptr_array_index (p->objects, i));
          dbo_object_split_network_other (g_ptr_array_index (p->objects, i));
        }
    }
  for (guint i = 0; i < p->objects->len; i++)
    if (!write_other_texts (self, g_ptr_array_index (p->objects, i), error))
      return FALSE;
  return TRUE;
}

/* Version 3 → 4: the table of named systems not run. Files before had no
 * such answer: the mine runs them all, so the table stays empty (a format-0
 * project read from XML may say otherwise). */
static gboolean
migrate_3_to_4 (DboStore *self, GError **error)
{
  if (!exec (self, schema_v4, error))
    return FALSE;
  if (self->migrating != NULL)
    return write_not_run (self, &self->migrating->enterprise, error);
  return TRUE;
}

/* migrations[v] takes a file from version v to v + 1. */
static const MigrateFunc migrations[] = {
  migrate_0_to_1,
  migrate_1_to_2,
  migrate_2_to_3,
  migrate_3_to_4,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DBO_STORE_SCHEMA_VERSION);

static gboolean
set_user_version (DboStore *self, int version, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return exec (self, sql, error);
}

/* Creates an empty file only we can read; EEXIST is reported as such. */
static gboolean
create_private_file (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, DBO_STORE_ERROR,
                   saved == EEXIST ? DBO_STORE_ERROR_EXISTS : DBO_STORE_ERROR_IO,
                   saved == EEXIST ? "The file %s already exists" : "Cannot create %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  /* The umask may have taken bits away, never added: make it exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot set the mode of %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Copies the file beside itself as "<path>.v<N>.bak" (or .v<N>.<k>.bak when
 * that name is taken) before a migration changes it. */
static gboolean
backup_before_migration (DboStore *self, int version, GError **error)
{
  g_autofree char *dest = NULL;
  sqlite3_stmt *st;

  for (int k = 0; dest == NULL; k++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *name = k == 0
        ? g_strdup_printf ("%s.v%d.bak", self->path, version)
        : g_strdup_printf ("%s.v%d.%d.bak", self->path, version, k);

      if (create_private_file (name, &local))
        dest = g_steal_pointer (&name);
      else if (!g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS) || k >= 1000)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                      "Cannot keep a copy of %s before upgrading it: ",
                                      self->path);
          return FALSE;
        }
    }

  self->doing = "copy the file before upgrading it";
  st = get_stmt (self, "VACUUM INTO ?", error);
  if (st == NULL || (sqlite3_bind_text (st, 1, dest, -1, SQLITE_TRANSIENT), !run (self, st, error)))
    {
      g_unlink (dest);
      return FALSE;
    }
  g_debug ("Kept a copy of %s (format %d) as %s", self->path, version, dest);
  return TRUE;
}

/* ---- the file's schema ---- */

/* A file from outside may hold anything SQLite can: nothing in its schema is
 * trusted to run functions with side effects, and the connection refuses
 * the ways of corrupting a file on purpose (writable_schema and the like).
 * Called on every connection the store opens. */
static void
harden_connection (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *) NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *) NULL);
  sqlite3_exec (db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
}

/* @sql with its layout taken out: runs of white space outside quotes become
 * one space, and none is kept beside "(", ")" and ",". Files written by
 * earlier versions laid out the same statements differently. */
static char *
normalize_sql (const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char quote = 0;
  gboolean space = FALSE;

  for (const char *p = sql != NULL ? sql : ""; *p != '\0'; p++)
    {
      char ch = *p;

      if (quote != 0)
        {
          g_string_append_c (out, ch);
          if (ch == quote)
            quote = 0;
          continue;
        }
      if (g_ascii_isspace (ch))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && strchr ("(),", ch) == NULL
          && strchr ("(),", out->str[out->len - 1]) == NULL)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, ch);
      if (ch == '\'' || ch == '"' || ch == '`')
        quote = ch;
      else if (ch == '[')
        quote = ']';
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
schema_object_kind (const char *type)
{
  if (g_strcmp0 (type, "table") == 0) return "a table";
  if (g_strcmp0 (type, "index") == 0) return "an index";
  if (g_strcmp0 (type, "view") == 0) return "a view";
  if (g_strcmp0 (type, "trigger") == 0) return "a trigger";
  return "an object";
}

/* Reads sqlite_schema into @into: "type name" → "table\nnormalized SQL". */
static gboolean
read_schema (sqlite3 *db, GHashTable *into, GError **error)
{
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema", -1, &st,
                               NULL);

  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      g_autofree char *sql = NULL;
      char *key;

      rc = sqlite3_step (st);
      if (rc != SQLITE_ROW)
        break;
      /* An index SQLite makes itself has no SQL: told apart from "". */
      sql = sqlite3_column_type (st, 3) == SQLITE_NULL
            ? g_strdup ("\x01") : normalize_sql ((const char *) sqlite3_column_text (st, 3));
      key = g_strdup_printf ("%s %s", (const char *) sqlite3_column_text (st, 0),
                             (const char *) sqlite3_column_text (st, 1));
      g_hash_table_replace (into, key,
                            g_strdup_printf ("%s\n%s", (const char *) sqlite3_column_text (st, 2),
                                             sql));
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DBO_STORE_ERROR, error_code_for_sqlite (rc),
                   "its list of tables cannot be read: %s", sqlite3_errmsg (db));
      sqlite3_finalize (st);
      return FALSE;
    }
  sqlite3_finalize (st);
  return TRUE;
}

/* The objects format @version is made of, read back from an in-memory
 * database built with that version's schema: the schema strings above are
 * the one list. */
static GHashTable *
expected_schema (int version, GError **error)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = NULL;
  gboolean ok;

  ok = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL)
       == SQLITE_OK;
  if (ok)
    harden_connection (db);
  if (ok && version == 0)
    ok = sqlite3_exec (db, schema_v0, NULL, NULL, NULL) == SQLITE_OK;
  else if (ok)
    ok = sqlite3_exec (db, schema_v1, NULL, NULL, NULL) == SQLITE_OK
         && (version < 2 || sqlite3_exec (db, schema_v2, NULL, NULL, NULL) == SQLITE_OK)
         && (version < 3 || sqlite3_exec (db, schema_v3, NULL, NULL, NULL) == SQLITE_OK)
         && (version < 4 || sqlite3_exec (db, schema_v4, NULL, NULL, NULL) == SQLITE_OK);
  G_STATIC_ASSERT (DBO_STORE_SCHEMA_VERSION == 4);
  if (!ok)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "the schema of format %d cannot be built: %s", version,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  ok = read_schema (db, expected, error);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&expected) : NULL;
}

static gboolean
is_sqlite_own_table (const char *key, const char *value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sqlite_own_tables); i++)
    {
      g_autofree char *k = g_strconcat ("table ", sqlite_own_tables[i][0], NULL);
      g_autofree char *sql = normalize_sql (sqlite_own_tables[i][1]);
      g_autofree char *v = g_strdup_printf ("%s\n%s", sqlite_own_tables[i][0], sql);

      if (strcmp (key, k) == 0 && strcmp (value, v) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "type name" keys: an index last (a table named is clearer than the index
 * SQLite made for it), then by name. */
static int
compare_schema_keys (gconstpointer a, gconstpointer b)
{
  const char *ka = *(const char * const *) a;
  const char *kb = *(const char * const *) b;
  int ia = g_str_has_prefix (ka, "index ");
  int ib = g_str_has_prefix (kb, "index ");

  return ia != ib ? ia - ib : strcmp (ka, kb);
}

/* The keys of @table in compare_schema_keys order; still owned by @table. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_schema_keys);
  return keys;
}

/* The file's schema must be exactly the one Dengbao made for its format
 * @version: any other table, view, trigger or index (a trigger could change
 * what is saved, a view could make a query run forever) or a table defined
 * otherwise is refused, naming it. Only SQLite's own tables may be added. */
static gboolean
check_schema (sqlite3 *db, int version, GError **error)
{
  g_autoptr(GHashTable) expected = expected_schema (version, error);
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  if (expected == NULL)
    return FALSE;
  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!read_schema (db, found, error))
    return FALSE;

  /* In a fixed order, so that the same file always names the same object. */
  keys = sorted_keys (found);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *value = g_hash_table_lookup (found, key);
      const char *want = g_hash_table_lookup (expected, key);
      const char *space = strchr (key, ' ');
      g_autofree char *type = g_strndup (key, space - key);
      g_autofree char *name = printable (space + 1);

      if (want != NULL && strcmp (want, value) == 0)
        {
          g_hash_table_remove (expected, key);
          continue;
        }
      if (want == NULL && is_sqlite_own_table (key, value))
        continue;
      if (want != NULL)
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     "%s “%s” is not defined as Dengbao defines it", schema_object_kind (type), name);
      else
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     "it holds %s “%s” that is not part of a Dengbao project (format %d)",
                     schema_object_kind (type), name, version);
      return FALSE;
    }
  if (g_hash_table_size (expected) > 0)
    {
      g_autoptr(GPtrArray) missing = sorted_keys (expected);
      const char *key;
      const char *space;

      key = g_ptr_array_index (missing, 0);
      space = strchr (key, ' ');
      {
        g_autofree char *type = g_strndup (key, space - key);

        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     "%s “%s” of a Dengbao project (format %d) is missing",
                     schema_object_kind (type), space + 1, version);
      }
      return FALSE;
    }
  return TRUE;
}

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
pragma_int (DboStore *self, const char *pragma, int *out, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, rc);
      sqlite3_finalize (st);
      return FALSE;
    }
  *out = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  return TRUE;
}

static gboolean
configure (DboStore *self, gboolean writable, GError **error)
{
  self->doing = "prepare the file";
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  harden_connection (self->db);
  if (!exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (writable && !exec (self, "PRAGMA synchronous = FULL", error))
    return FALSE;
  return TRUE;
}

/* The journal is chosen at the first write, not at open: opening and
 * closing without an edit leaves the file's bytes as they were. */
static gboolean
choose_journal (DboStore *self, GError **error)
{
  if (self->journal_chosen)
    return TRUE;
  /* Changing the mode resets SQLite's pager, which moves data_version: ask
   * for anyone else's changes first, and count from after it. */
  if (!check_data_version (self, error)
      || !exec (self, on_network_file_system (self->path) ? "PRAGMA journal_mode = DELETE"
                                                           : "PRAGMA journal_mode = WAL", error)
      || (self->have_data_version && !note_data_version (self, error)))
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

      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot open %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_a_project (error, path, "not a regular file");
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
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot read %s: %s", path,
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
      set_not_a_project (error, path, n == 0 ? "the file is empty" : "not an SQLite database");
      return FALSE;
    }
  if (n < SQLITE_HEADER_SIZE)
    {
      set_corrupt (error, path, "the file is truncated");
      return FALSE;
    }
  if (read_be32 (header + 68) != DBO_STORE_APPLICATION_ID)
    {
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);

      /* Earlier versions created the file in place: killed then, it has no
       * application id yet and a hot journal beside it. */
      if (read_be32 (header + 68) == 0 && g_file_test (journal, G_FILE_TEST_IS_REGULAR))
        set_not_a_project (error, path, "its creation was interrupted before it held a project; "
                                        "it can be deleted and created again");
      else
        set_not_a_project (error, path, "an SQLite database of another application");
      return FALSE;
    }
  version = (gint32) read_be32 (header + 60);
  if (version > DBO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_TOO_NEW,
                   "The project file %s was written by a newer version of Dengbao "
                   "(schema %d, this version reads up to %d); the file was not changed",
                   path, version, DBO_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version < 0)
    {
      set_corrupt (error, path, "its format number is invalid");
      return FALSE;
    }
  *version_out = version;
  return TRUE;
}

static gboolean
table_exists (DboStore *self, const char *name, gboolean *exists, GError **error)
{
  g_auto(DboStmt) st = get_stmt (self, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                 error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
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
      set_corrupt (error, path, local->message);
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
      set_db_error (probe, &local, rc);
      goto failed;
    }
  sqlite3_extended_result_codes (probe->db, 1);
  harden_connection (probe->db);
  /* Before anything else reads the file: what its schema defines never runs. */
  if (!check_schema (probe->db, version, &local))
    goto failed;

  {
    g_auto(DboStmt) st = get_stmt (probe, "PRAGMA quick_check", &local);

    if (st == NULL)
      goto failed;
    rc = sqlite3_step (st);
    if (rc != SQLITE_ROW)
      {
        set_db_error (probe, &local, rc);
        goto failed;
      }
    if (g_strcmp0 ((const char *) sqlite3_column_text (st, 0), "ok") != 0)
      {
        g_autofree char *report = one_line ((const char *) sqlite3_column_text (st, 0), 240);

        g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT, "integrity check: %s",
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
                       "format 0 without its project table");
          goto failed;
        }
      st = get_stmt (probe, "SELECT xml FROM project", &local);
      if (st == NULL)
        goto failed;
      rc = sqlite3_step (st);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                         "format 0 without a project");
          else
            set_db_error (probe, &local, rc);
          goto failed;
        }
      xml = (const char *) sqlite3_column_text (st, 0);
      project = dbo_project_xml_read (xml != NULL ? xml : "", sqlite3_column_bytes (st, 0),
                                      "project.xml", &xml_error);
      if (project == NULL)
        {
          g_set_error (&local, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       "its project (format 0) cannot be read: %s", xml_error->message);
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
                       "its tables are missing");
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

/* Runs the migrations from the file's version up, in one write transaction
 * that reads the version again: a second process that waited for the lock
 * finds the file already upgraded and leaves it. */
static gboolean
migrate (DboStore *self, GError **error)
{
  int version = 0;

  if (!begin (self, "upgrade the file", error))
    return FALSE;
  if (!pragma_int (self, "user_version", &version, error))
    return finish (self, FALSE, error);
  for (int v = version; v < DBO_STORE_SCHEMA_VERSION; v++)
    {
      if (!migrations[v] (self, error) || !set_user_version (self, v + 1, error))
        return finish (self, FALSE, error);
      g_debug ("Upgraded %s from format %d to %d", self->path, v, v + 1);
    }
  g_clear_pointer (&self->migrating, dbo_project_free);
  return finish (self, TRUE, error);
}

static gboolean
read_header_pragmas (DboStore *self, int *version, GError **error)
{
  int app_id = 0;

  if (!pragma_int (self, "application_id", &app_id, error)
      || !pragma_int (self, "user_version", version, error))
    return FALSE;
  if ((guint32) app_id != DBO_STORE_APPLICATION_ID)
    {
      set_not_a_project (error, self->path, "an SQLite database of another application");
      return FALSE;
    }
  if (*version > DBO_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_TOO_NEW,
                   "The project file %s was written by a newer version of Dengbao "
                   "(schema %d, this version reads up to %d); the file was not changed",
                   self->path, *version, DBO_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
remember_identity (DboStore *self, GError **error)
{
  struct stat st;

  if (g_stat (self->path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot open %s: %s", self->path,
                   g_strerror (saved));
      return FALSE;
    }
  self->dev = st.st_dev;
  self->ino = st.st_ino;
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
      set_db_error (self, error, rc);
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
  self->doing = "open the file";
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
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot open the project file %s: %s",
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
      || !exec (self, "PRAGMA foreign_keys = ON", error)
      || !note_data_version (self, error))
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
          || !exec (self, "PRAGMA foreign_keys = ON", error)
          || !migrate (self, error))
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
  self->doing = "open the file";
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot open the project file %s: %s",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      goto failed;
    }
  if (sqlite3_db_readonly (self->db, "main"))
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY,
                   "The project file %s cannot be written (read-only file, folder or medium); "
                   "it can be opened read-only", path);
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
      self->doing = "prepare the file";
      if (!backup_before_migration (self, version, error))
        goto failed;
    }
  if (!configure (self, TRUE, error) || !note_data_version (self, error))
    goto failed;
  if (version < DBO_STORE_SCHEMA_VERSION)
    {
      if (!migrate (self, error))
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

  self->doing = "create the file";
  rc = sqlite3_open_v2 (tmp, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot create the project file %s: %s",
                   tmp, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      store_free (self);
      return FALSE;
    }
  /* A rollback journal: at the commit the file itself holds the header
   * (application id, version) and the whole project. */
  if (!configure (self, FALSE, error) || !exec (self, "PRAGMA synchronous = FULL", error) ||
      !begin (self, "create the file", error))
    {
      store_free (self);
      return FALSE;
    }
  {
    g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                               (int) DBO_STORE_APPLICATION_ID);

    ok = exec (self, app_id, error) && exec (self, schema_v1, error);
  }
  for (int v = 1; ok && v < DBO_STORE_SCHEMA_VERSION; v++)
    ok = migrations[v] (self, error);
  ok = ok && set_user_version (self, DBO_STORE_SCHEMA_VERSION, error)
    && write_content (self, project, error);
  ok = finish (self, ok, error);
  g_hash_table_remove_all (self->statements);
  rc = sqlite3_close (self->db);
  self->db = NULL;
  store_free (self);
  if (ok && rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot finish the project file %s: %s",
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
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS, "The file %s already exists", path);
      return NULL;
    }

  /* Built whole under a temporary name in the same folder and linked into
   * place: killed half way, the final name never holds half a project. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  fd = dbo_file_create_temp (dir, base, 0600, &tmp, &local);
  if (fd < 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot create %s: %s", path, local->message);
      return NULL;
    }
  /* The umask may have taken bits away, never added: make it exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, "Cannot set the mode of %s: %s",
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
      gboolean same_file = identity_matches (self, &gone);

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

/* The schema again, as this connection sees it: the inspection before the
 * open read the file alone, and a -wal beside it may have changed it. */
static gboolean
recheck_schema (DboStore *self, GError **error)
{
  g_autoptr(GError) local = NULL;
  int version = 0;

  if (!pragma_int (self, "user_version", &version, error))
    return FALSE;
  if (check_schema (self->db, version, &local))
    return TRUE;
  if (local->domain == DBO_STORE_ERROR && local->code == DBO_STORE_ERROR_CORRUPT)
    set_corrupt (error, self->path, local->message);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

DboProject *
dbo_store_load (DboStore *self, GError **error)
{
  DboProject *project;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->doing = "read the project";
  /* One read transaction, so the tables are read at one moment. */
  if (!exec (self, "BEGIN", error))
    return NULL;
  project = recheck_schema (self, error) ? load_content (self, error) : NULL;
  /* What we show is what the file holds now: later writes compare with it. */
  if (project != NULL && !note_data_version (self, error))
    g_clear_pointer (&project, dbo_project_free);
  if (!finish (self, project != NULL, error))
    g_clear_pointer (&project, dbo_project_free);
  return project;
}

/* ---- edits ---- */

gboolean
dbo_store_save_project (DboStore *self, const DboProject *project, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (project != NULL, FALSE);

  if (!begin (self, "save the project", error))
    return FALSE;
  return finish (self, replace_content (self, project, error), error);
}

gboolean
dbo_store_save_header (DboStore *self, const DboProject *project, GError **error)
{
  static const char sql[] = "UPDATE meta SET title = ?, ruleset = ?";
  sqlite3_stmt *st;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (project != NULL, FALSE);

  if (!begin (self, "save the project title", error))
    return FALSE;
  st = get_stmt (self, sql, error);
  ok = st != NULL;
  if (ok)
    {
      Binder b = { st, 0 };

      bind_str (&b, project->title);
      bind_str (&b, project->ruleset);
      ok = bind_run (self, &b, error);
    }
  return finish (self, ok, error);
}

gboolean
dbo_store_save_enterprise (DboStore *self, const DboEnterprise *enterprise, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (enterprise != NULL, FALSE);

  if (!begin (self, "save the enterprise", error))
    return FALSE;
  return finish (self, write_enterprise (self, enterprise, error) && write_not_run (self, enterprise, error),
                 error);
}

/* Makes a gap at @position among the rows of @table (positions 0…n-1) for a
 * row the caller has just deleted from @old (-1 for a new row) and will
 * insert again; a negative or too large @position means the end. *@out gets
 * the position to insert at. */
static gboolean
make_room (DboStore *self, const char *table, gint64 old, int position, gint64 *out,
           GError **error)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *close_sql = g_strdup_printf ("UPDATE %s SET position = position - 1"
                                                " WHERE position > ?", table);
  g_autofree char *open_sql = g_strdup_printf ("UPDATE %s SET position = position + 1"
                                               " WHERE position >= ?", table);
  gint64 n;

  /* A row written back where it was (an edit) leaves the others alone: with
   * a thousand objects, shifting them down and up again was most of a save. */
  if (old >= 0 && position == old)
    {
      *out = old;
      return TRUE;
    }
  {
    g_auto(DboStmt) st = get_stmt (self, count_sql, error);
    int rc;

    if (st == NULL)
      return FALSE;
    rc = sqlite3_step (st);
    if (rc != SQLITE_ROW)
      {
        set_db_error (self, error, rc);
        return FALSE;
      }
    n = sqlite3_column_int64 (st, 0);
  }
  if (old >= 0)
    {
      sqlite3_stmt *st = get_stmt (self, close_sql, error);

      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, old);
      if (!run (self, st, error))
        return FALSE;
    }
  if (position < 0 || position > n)
    *out = n;
  else
    {
      sqlite3_stmt *st = get_stmt (self, open_sql, error);

      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, position);
      if (!run (self, st, error))
        return FALSE;
      *out = position;
    }
  return TRUE;
}

/* The position of row @id in @table, or -1. */
static gboolean
find_position (DboStore *self, const char *table, const char *key, const char *id, gint64 *out,
               GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT position FROM %s WHERE %s = ?", table, key);
  g_auto(DboStmt) st = get_stmt (self, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (st, 0);
  else if (rc == SQLITE_DONE)
    *out = -1;
  else
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_object (DboStore *self, const DboObject *object, int position, GError **error)
{
  gint64 old, pos;
  sqlite3_stmt *st;

  if (!find_position (self, "objects", "id", object->id, &old, error))
    return FALSE;
  if (old >= 0)
    {
      /* The children go with the row (ON DELETE CASCADE). */
      st = get_stmt (self, "DELETE FROM objects WHERE id = ?", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, object->id, -1, SQLITE_TRANSIENT);
      if (!run (self, st, error))
        return FALSE;
    }
  return make_room (self, "objects", old, position, &pos, error)
    && write_object (self, object, pos, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_save_object (DboStore *self, const DboObject *object, int position, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (object->id == NULL || *object->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save an object in %s: the object has no id", self->path);
      return FALSE;
    }
  if (!begin (self, "save the object", error))
    return FALSE;
  return finish (self, save_object (self, object, position, error), error);
}

/* Deletes the row of @id and closes the gap in the positions. */
static gboolean
delete_positioned (DboStore *self, const char *table, const char *key, const char *id,
                   const char *what, GError **error)
{
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?", table, key);
  g_autofree char *close_sql = g_strdup_printf ("UPDATE %s SET position = position - 1"
                                                " WHERE position > ?", table);
  sqlite3_stmt *st;
  gint64 old;

  if (!find_position (self, table, key, id, &old, error))
    return FALSE;
  if (old < 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                   "The project file %s has no %s “%s”", self->path, what, id);
      return FALSE;
    }
  st = get_stmt (self, delete_sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  if (!run (self, st, error))
    return FALSE;
  st = get_stmt (self, close_sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, old);
  return run (self, st, error);
}

gboolean
dbo_store_delete_object (DboStore *self, const char *object_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object_id != NULL, FALSE);

  if (!begin (self, "delete the object", error))
    return FALSE;
  return finish (self, delete_positioned (self, "objects", "id", object_id, "object", error),
                 error);
}

gboolean
dbo_store_save_panel (DboStore *self, const DboPanel *panel, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (panel != NULL, FALSE);

  if (!begin (self, "save the panel", error))
    return FALSE;
  return finish (self, write_panel (self, panel, error) && write_history (self, panel, error), error);
}

static gboolean
save_member (DboStore *self, const DboMember *member, int position, GError **error)
{
  gint64 old, pos;

  if (!find_position (self, "members", "id", member->id, &old, error))
    return FALSE;
  if (old >= 0 && !run_with_text (self, "DELETE FROM members WHERE id = ?", member->id, error))
    return FALSE;
  return make_room (self, "members", old, position, &pos, error)
    && write_member (self, member, pos, error);
}

gboolean
dbo_store_save_member (DboStore *self, const DboMember *member, int position, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (member->id == NULL || *member->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not save a panel member in %s: the member has no id", self->path);
      return FALSE;
    }
  if (!begin (self, "save the panel member", error))
    return FALSE;
  return finish (self, save_member (self, member, position, error), error);
}

gboolean
dbo_store_delete_member (DboStore *self, const char *member_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  if (!begin (self, "delete the panel member", error))
    return FALSE;
  return finish (self, delete_positioned (self, "members", "id", member_id, "panel member", error),
                 error);
}

static gboolean
save_recommendation (DboStore *self, const DboRecommendation *rec, GError **error)
{
  gint64 pos;

  if (!find_position (self, "recommendations", "object_id", rec->object_id, &pos, error))
    return FALSE;
  if (pos >= 0)
    {
      if (!run_with_text (self, "DELETE FROM recommendations WHERE object_id = ?",
                          rec->object_id, error))
        return FALSE;
    }
  else
    {
      g_auto(DboStmt) st = get_stmt (self, "SELECT count(*) FROM recommendations", error);
      int rc;

      if (st == NULL)
        return FALSE;
      rc = sqlite3_step (st);
      if (rc != SQLITE_ROW)
        {
          set_db_error (self, error, rc);
          return FALSE;
        }
      pos = sqlite3_column_int64 (st, 0);
    }
  /* The old row took its dissents with it (ON DELETE CASCADE). */
  return write_recommendation (self, rec, pos, error) && write_dissents (self, rec, error);
}

gboolean
dbo_store_save_recommendation (DboStore *self, const DboRecommendation *rec, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rec != NULL && rec->object_id != NULL, FALSE);

  if (!begin (self, "save the recommendation", error))
    return FALSE;
  return finish (self, save_recommendation (self, rec, error), error);
}

gboolean
dbo_store_delete_recommendation (DboStore *self, const char *object_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object_id != NULL, FALSE);

  if (!begin (self, "delete the recommendation", error))
    return FALSE;
  return finish (self, delete_positioned (self, "recommendations", "object_id", object_id,
                                          "recommendation for the object", error),
                 error);
}

/* Replaces the review of the same round, or adds it after the others. */
static gboolean
save_review (DboStore *self, const DboReview *review, GError **error)
{
  gint64 id = 0, pos = -1;

  {
    g_auto(DboStmt) st = get_stmt (self, "SELECT id, position FROM reviews WHERE round = ?"
                                   " ORDER BY position LIMIT 1", error);
    int rc;

    if (st == NULL)
      return FALSE;
    sqlite3_bind_int (st, 1, review->round);
    rc = sqlite3_step (st);
    if (rc == SQLITE_ROW)
      {
        id = sqlite3_column_int64 (st, 0);
        pos = sqlite3_column_int64 (st, 1);
      }
    else if (rc != SQLITE_DONE)
      {
        set_db_error (self, error, rc);
        return FALSE;
      }
  }
  if (id > 0)
    {
      sqlite3_stmt *st = get_stmt (self, "DELETE FROM reviews WHERE id = ?", error);

      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, id);
      if (!run (self, st, error))
        return FALSE;
    }
  else
    {
      g_auto(DboStmt) st = get_stmt (self, "SELECT coalesce (max (position) + 1, 0) FROM reviews",
                                     error);
      int rc;

      if (st == NULL)
        return FALSE;
      rc = sqlite3_step (st);
      if (rc != SQLITE_ROW)
        {
          set_db_error (self, error, rc);
          return FALSE;
        }
      pos = sqlite3_column_int64 (st, 0);
    }
  return write_review (self, review, id, pos, error);
}

gboolean
dbo_store_save_review (DboStore *self, const DboReview *review, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (review != NULL, FALSE);

  if (!begin (self, "save the review", error))
    return FALSE;
  return finish (self, save_review (self, review, error), error);
}

gboolean
dbo_store_save_filing (DboStore *self, const DboFiling *filing, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!begin (self, "save the filing", error))
    return FALSE;
  return finish (self, write_filing (self, filing, error), error);
}

gboolean
dbo_store_save_assessments (DboStore *self, GPtrArray *assessments, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!begin (self, "save the assessments", error))
    return FALSE;
  return finish (self, write_assessments (self, assessments, error), error);
}

gboolean
dbo_store_add_attachment (DboStore *self, const DboAttachment *attachment, GError **error)
{
  g_autofree char *sha256 = NULL;
  gint64 pos = -1;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (attachment != NULL, FALSE);

  sha256 = attachment->data != NULL
    ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, attachment->data)
    : g_strdup (attachment->sha256);

  if (!begin (self, "store the attachment", error))
    return FALSE;
  {
    g_auto(DboStmt) st = NULL;
    int rc;

    /* An attachment already listed keeps its place. */
    st = get_stmt (self, "SELECT CASE WHEN listed THEN position END FROM attachments"
                   " WHERE sha256 = lower (?)", error);
    ok = st != NULL;
    if (ok && sha256 != NULL)
      {
        sqlite3_bind_text (st, 1, sha256, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step (st);
        if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
          pos = sqlite3_column_int64 (st, 0);
        else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
          {
            set_db_error (self, error, rc);
            ok = FALSE;
          }
      }
  }
  if (ok && pos < 0)
    {
      g_auto(DboStmt) st = get_stmt (self, "SELECT coalesce (max (position) + 1, 0)"
                                     " FROM attachments WHERE listed", error);
      int rc;

      ok = st != NULL;
      if (ok)
        {
          rc = sqlite3_step (st);
          if (rc == SQLITE_ROW)
            pos = sqlite3_column_int64 (st, 0);
          else
            {
              set_db_error (self, error, rc);
              ok = FALSE;
            }
        }
    }
  ok = ok && write_attachment (self, attachment, pos, error);
  return finish (self, ok, error);
}

/* ---- snapshots ---- */

void
dbo_snapshot_info_free (DboSnapshotInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->created);
  g_free (info);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
snapshot_exists (DboStore *self, const char *name, gboolean *exists, GError **error)
{
  g_auto(DboStmt) st = get_stmt (self, "SELECT 1 FROM snapshots WHERE name = ?", error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Stores the project as it is now under @name (inside the caller's transaction). */
static gboolean
snapshot_write (DboStore *self, const char *name, GError **error)
{
  g_autoptr(DboProject) project = load_content (self, error);
  g_autofree char *xml = NULL;
  g_autofree char *created = NULL;
  sqlite3_stmt *st;
  gsize len = 0;

  if (project == NULL)
    return FALSE;
  xml = dbo_project_xml_write (project, &len);
  if (xml == NULL)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "Could not write the snapshot “%s” of %s: the project cannot be written as XML",
                   name, self->path);
      return FALSE;
    }
  /* A snapshot that could not be read back could never be restored: refuse
   * it now (a field may hold a value project.xml does not accept yet). */
  {
    g_autoptr(GError) local = NULL;
    g_autoptr(DboProject) back = dbo_project_xml_read (xml, len, "project.xml", &local);

    if (back == NULL)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                     "Could not take the snapshot “%s” of %s: the project as it is now "
                     "would not be readable (%s)", name, self->path, local->message);
        return FALSE;
      }
  }
  created = now_iso8601 ();
  st = get_stmt (self, "INSERT INTO snapshots (name, created, xml) VALUES (?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, xml, len, SQLITE_TRANSIENT);
  return run (self, st, error);
}

static gboolean
snapshot_create (DboStore *self, const char *name, GError **error)
{
  gboolean exists = FALSE;

  if (!snapshot_exists (self, name, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS,
                   "The project file %s already has a snapshot named “%s”", self->path, name);
      return FALSE;
    }
  return snapshot_write (self, name, error);
}

gboolean
dbo_store_snapshot_create (DboStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (dbo_str_empty (name))
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   "A snapshot of %s needs a name", self->path);
      return FALSE;
    }
  if (!begin (self, "take a snapshot", error))
    return FALSE;
  return finish (self, snapshot_create (self, name, error), error);
}

GPtrArray *
dbo_store_snapshot_list (DboStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_auto(DboStmt) st = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  self->doing = "list the snapshots";
  st = get_stmt (self, "SELECT name, created FROM snapshots ORDER BY created, id", error);
  if (st == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_snapshot_info_free);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      DboSnapshotInfo *info = g_new0 (DboSnapshotInfo, 1);

      info->name = g_strdup ((const char *) sqlite3_column_text (st, 0));
      info->created = g_strdup ((const char *) sqlite3_column_text (st, 1));
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
snapshot_restore (DboStore *self, const char *name, GError **error)
{
  g_autoptr(DboProject) project = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *automatic = NULL;

  {
    g_auto(DboStmt) st = get_stmt (self, "SELECT xml FROM snapshots WHERE name = ?", error);
    g_autoptr(GError) local = NULL;
    int rc;

    if (st == NULL)
      return FALSE;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (st);
    if (rc == SQLITE_DONE)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                     "The project file %s has no snapshot named “%s”", self->path, name);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      {
        set_db_error (self, error, rc);
        return FALSE;
      }
    project = dbo_project_xml_read ((const char *) sqlite3_column_text (st, 0),
                                    sqlite3_column_bytes (st, 0), name, &local);
    if (project == NULL)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     "The snapshot “%s” in %s cannot be read: %s", name, self->path,
                     local->message);
        return FALSE;
      }
  }

  /* Keep the state being replaced, under a name not taken yet. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  }
  for (int k = 1; automatic == NULL; k++)
    {
      g_autofree char *candidate = k == 1
        ? g_strdup_printf ("restore-before-%s-%s", name, stamp)
        : g_strdup_printf ("restore-before-%s-%s-%d", name, stamp, k);
      gboolean exists = TRUE;

      if (!snapshot_exists (self, candidate, &exists, error))
        return FALSE;
      if (!exists)
        automatic = g_steal_pointer (&candidate);
    }
  if (!snapshot_write (self, automatic, error))
    {
      g_prefix_error (error, "Could not restore the snapshot “%s”: ", name);
      return FALSE;
    }
  return replace_content (self, project, error);
}

gboolean
dbo_store_snapshot_restore (DboStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!begin (self, "restore the snapshot", error))
    return FALSE;
  return finish (self, snapshot_restore (self, name, error), error);
}

static gboolean
snapshot_delete (DboStore *self, const char *name, GError **error)
{
  if (!run_with_text (self, "DELETE FROM snapshots WHERE name = ?", name, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                   "The project file %s has no snapshot named “%s”", self->path, name);
      return FALSE;
    }
  return purge_attachments (self, error);
}

gboolean
dbo_store_snapshot_delete (DboStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!begin (self, "delete the snapshot", error))
    return FALSE;
  return finish (self, snapshot_delete (self, name, error), error);
}

/* ---- backup ---- */

gboolean
dbo_store_backup (DboStore *self, const char *dest, GError **error)
{
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (!create_private_file (dest, error))
    return FALSE;
  rc = sqlite3_open_v2 (dest, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      harden_connection (db);
      backup = sqlite3_backup_init (db, "main", self->db, "main");
      if (backup != NULL)
        {
          do
            {
              rc = sqlite3_backup_step (backup, -1);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (50);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          rc = sqlite3_backup_finish (backup);
        }
      else
        rc = sqlite3_errcode (db);
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      g_autofree char *journal = g_strconcat (dest, "-journal", NULL);

      g_set_error (error, DBO_STORE_ERROR, error_code_for_sqlite (rc),
                   "Could not copy the project file %s to %s: %s", self->path, dest,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      g_unlink (dest);
      g_unlink (journal);
      return FALSE;
    }
  rc = sqlite3_close (db);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO,
                   "Could not finish the copy %s: %s", dest, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
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
