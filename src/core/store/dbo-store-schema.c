#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include "dbo-project-xml.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The store's schema, format by format, the migrations between formats (with
 * the copy kept before one), and the check that a file's schema is ours. */

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

/* ---- migrations ---- */

typedef gboolean (*MigrateFunc) (DboStore *self, GError **error);

/* Version 0, the prototype: one table project(xml) holding a whole project.xml. */
static gboolean
migrate_0_to_1 (DboStore *self, GError **error)
{
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) local = NULL;

  {
    g_auto(DboStmt) st = dbo_db_stmt (self, "SELECT xml FROM project", error);
    const char *xml;
    int rc;

    if (st == NULL)
      return FALSE;
    rc = sqlite3_step (st);
    if (rc != SQLITE_ROW)
      {
        if (rc == SQLITE_DONE)
          g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                       _("The project file %s (format 0) holds no project"), self->path);
        else
          dbo_db_set_error (self, error, rc);
        return FALSE;
      }
    xml = (const char *) sqlite3_column_text (st, 0);
    project = dbo_project_xml_read (xml != NULL ? xml : "", sqlite3_column_bytes (st, 0),
                                    "project.xml", &local);
    if (project == NULL)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     _("The project in %s (format 0) cannot be read: %s"), self->path,
                     local->message);
        return FALSE;
      }
  }
  /* The statement on the old table must be gone before the table is. */
  g_hash_table_remove (self->statements, "SELECT xml FROM project");

  if (!dbo_db_exec (self, schema_v1, error)
      || !dbo_store_write_content_at (self, project, 1, error)
      || !dbo_db_exec (self, "DROP TABLE project", error))
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
  if (!dbo_db_exec (self, schema_v2, error))
    return FALSE;
  if (self->migrating != NULL)
    return dbo_store_write_v2_parts (self, self->migrating, error);
  return TRUE;
}

/* The "其他" texts of 表二 04 and 05 of @o, in its row. */
static gboolean
write_other_texts (DboStore *self, const DboObject *o, GError **error)
{
  DboBinder b = { dbo_db_stmt (self, "UPDATE objects SET service_other = ?, service_targets_other = ?,"
                         " network_other = ?, network_nature_other = ? WHERE id = ?", error), 0 };

  if (b.st == NULL)
    return FALSE;
  dbo_bind_str (&b, o->service_other);
  dbo_bind_str (&b, o->service_targets_other);
  dbo_bind_str (&b, o->network_other);
  dbo_bind_str (&b, o->network_nature_other);
  dbo_bind_str (&b, o->id);
  return dbo_bind_run (self, &b, error);
}

/* Version 2 → 3: 服务对象 and 网络性质 get their own "其他" text, from the
 * one they shared with 服务范围 and 覆盖范围. A format-0 project was split
 * when its XML was read. */
static gboolean
migrate_2_to_3 (DboStore *self, GError **error)
{
  g_autoptr(DboProject) read = NULL;
  DboProject *p = self->migrating;

  if (!dbo_db_exec (self, schema_v3, error))
    return FALSE;
  if (p == NULL)
    {
      p = read = dbo_project_new ();
      if (!dbo_store_load_objects (self, p, error))
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
  if (!dbo_db_exec (self, schema_v4, error))
    return FALSE;
  if (self->migrating != NULL)
    return dbo_store_write_not_run (self, &self->migrating->enterprise, error);
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

gboolean
dbo_store_set_user_version (DboStore *self, int version, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return dbo_db_exec (self, sql, error);
}

/* Runs the migrations from the file's version up, in one write transaction
 * that reads the version again: a second process that waited for the lock
 * finds the file already upgraded and leaves it. */
gboolean
dbo_store_migrate (DboStore *self, GError **error)
{
  int version = 0;

  if (!dbo_store_begin (self, N_("upgrade the file"), error))
    return FALSE;
  if (!dbo_db_pragma_int (self, "user_version", &version, error))
    return dbo_store_finish (self, FALSE, error);
  for (int v = version; v < DBO_STORE_SCHEMA_VERSION; v++)
    {
      if (!migrations[v] (self, error) || !dbo_store_set_user_version (self, v + 1, error))
        return dbo_store_finish (self, FALSE, error);
      g_debug ("Upgraded %s from format %d to %d", self->path, v, v + 1);
    }
  g_clear_pointer (&self->migrating, dbo_project_free);
  return dbo_store_finish (self, TRUE, error);
}

/* A new file's tables: version 1, then every later step on empty tables. */
gboolean
dbo_store_create_schema (DboStore *self, GError **error)
{
  if (!dbo_db_exec (self, schema_v1, error))
    return FALSE;
  for (int v = 1; v < DBO_STORE_SCHEMA_VERSION; v++)
    if (!migrations[v] (self, error))
      return FALSE;
  return TRUE;
}

/* Creates an empty file only we can read; EEXIST is reported as such. */
gboolean
dbo_store_create_private_file (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, DBO_STORE_ERROR,
                   saved == EEXIST ? DBO_STORE_ERROR_EXISTS : DBO_STORE_ERROR_IO,
                   saved == EEXIST ? _("The file %s already exists") : _("Cannot create %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  /* The umask may have taken bits away, never added: make it exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot set the mode of %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Copies the file beside itself as "<path>.v<N>.bak" (or .v<N>.<k>.bak when
 * that name is taken) before a migration changes it. */
gboolean
dbo_store_backup_before_migration (DboStore *self, int version, GError **error)
{
  g_autofree char *dest = NULL;
  sqlite3_stmt *st;

  for (int k = 0; dest == NULL; k++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *name = k == 0
        ? g_strdup_printf ("%s.v%d.bak", self->path, version)
        : g_strdup_printf ("%s.v%d.%d.bak", self->path, version, k);

      if (dbo_store_create_private_file (name, &local))
        dest = g_steal_pointer (&name);
      else if (!g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS) || k >= 1000)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                      _("Cannot keep a copy of %s before upgrading it: "),
                                      self->path);
          return FALSE;
        }
    }

  self->doing = N_("copy the file before upgrading it");
  st = dbo_db_stmt (self, "VACUUM INTO ?", error);
  if (st == NULL || (sqlite3_bind_text (st, 1, dest, -1, SQLITE_TRANSIENT), !dbo_db_run (self, st, error)))
    {
      g_unlink (dest);
      return FALSE;
    }
  g_debug ("Kept a copy of %s (format %d) as %s", self->path, version, dest);
  return TRUE;
}

/* ---- the file's schema ---- */

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
  if (g_strcmp0 (type, "table") == 0) return _("a table");
  if (g_strcmp0 (type, "index") == 0) return _("an index");
  if (g_strcmp0 (type, "view") == 0) return _("a view");
  if (g_strcmp0 (type, "trigger") == 0) return _("a trigger");
  return _("an object");
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
      g_set_error (error, DBO_STORE_ERROR, dbo_db_error_code (rc),
                   _("its list of tables cannot be read: %s"), sqlite3_errmsg (db));
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
    dbo_db_harden (db);
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
                   _("the schema of format %d cannot be built: %s"), version,
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
gboolean
dbo_store_check_schema (sqlite3 *db, int version, GError **error)
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
      g_autofree char *name = dbo_store_printable (space + 1);

      if (want != NULL && strcmp (want, value) == 0)
        {
          g_hash_table_remove (expected, key);
          continue;
        }
      if (want == NULL && is_sqlite_own_table (key, value))
        continue;
      if (want != NULL)
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     _("%s “%s” is not defined as Dengbao defines it"), schema_object_kind (type), name);
      else
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     _("it holds %s “%s” that is not part of a Dengbao project (format %d)"),
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
                     _("%s “%s” of a Dengbao project (format %d) is missing"),
                     schema_object_kind (type), space + 1, version);
      }
      return FALSE;
    }
  return TRUE;
}

/* The schema again, as this connection sees it: the inspection before the
 * open read the file alone, and a -wal beside it may have changed it. */
gboolean
dbo_store_recheck_schema (DboStore *self, GError **error)
{
  g_autoptr(GError) local = NULL;
  int version = 0;

  if (!dbo_db_pragma_int (self, "user_version", &version, error))
    return FALSE;
  if (dbo_store_check_schema (self->db, version, &local))
    return TRUE;
  if (local->domain == DBO_STORE_ERROR && local->code == DBO_STORE_ERROR_CORRUPT)
    dbo_store_set_corrupt (error, self->path, local->message);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}
