/* Every field of the model through the project file and back. */
#include "config.h"
#include "dbo-test-project.h"
#include "dbo-test-utils.h"

#include "dbo-store-private.h"

#include <sqlite3.h>

static char *
file_in_tmp (const char *name, char **dir_out)
{
  *dir_out = dbo_test_mkdtemp ();
  return g_build_filename (*dir_out, name, NULL);
}

static DboProject *
load_from (const char *path, DboStoreOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  DboStore *store = dbo_store_open_full (path, flags, &error);
  DboProject *loaded;

  g_assert_no_error (error);
  loaded = dbo_store_load (store, &error);
  g_assert_no_error (error);
  dbo_store_close (store);
  return loaded;
}

static DboStore *
create_ok (const char *path, const DboProject *p)
{
  g_autoptr(GError) error = NULL;
  DboStore *store = dbo_store_create (path, p, &error);

  g_assert_no_error (error);
  return store;
}

/* Opened for editing (or read-only, with @flags), @path gives back @p. */
static void
assert_file_holds (const char *path, DboStoreOpenFlags flags, const DboProject *p)
{
  g_autoptr(DboProject) loaded = load_from (path, flags);

  dbo_test_project_assert_equal (p, loaded, DBO_TEST_COMPARE_ALL);
}

/* Created whole, then read back by an editor and by a reader. */
static void
test_create_load (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = file_in_tmp ("full.dengbao", &dir);
  g_autoptr(DboProject) p = dbo_test_project_full ();

  dbo_store_close (create_ok (path, p));
  assert_file_holds (path, DBO_STORE_OPEN_EDIT, p);
  assert_file_holds (path, DBO_STORE_OPEN_READ_ONLY, p);
}

/* Saved over an empty project in one call. */
static void
test_save_project (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = file_in_tmp ("saved.dengbao", &dir);
  g_autoptr(DboProject) empty = dbo_project_new ();
  g_autoptr(DboProject) p = dbo_test_project_full ();
  g_autoptr(GError) error = NULL;
  DboStore *store = create_ok (path, empty);

  g_assert_true (dbo_store_save_project (store, p, &error));
  g_assert_no_error (error);
  dbo_store_close (store);
  assert_file_holds (path, DBO_STORE_OPEN_EDIT, p);
}

/* Built up part by part through the calls an editor makes. */
static void
test_edits (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = file_in_tmp ("edited.dengbao", &dir);
  g_autoptr(DboProject) p = dbo_test_project_full ();
  g_autoptr(DboProject) start = dbo_project_new ();
  g_autoptr(GError) error = NULL;
  DboStore *store;

  /* The header is written whole at creation; the rest comes by edits. */
  dbo_set_str (&start->id, p->id);
  dbo_set_str (&start->format_version, p->format_version);
  store = create_ok (path, start);
  g_assert_true (dbo_store_save_header (store, p, &error));
  g_assert_true (dbo_store_save_enterprise (store, &p->enterprise, &error));
  for (guint i = 0; i < p->attachments->len; i++)
    g_assert_true (dbo_store_add_attachment (store, p->attachments->pdata[i], &error));
  for (guint i = 0; i < p->objects->len; i++)
    g_assert_true (dbo_store_save_object (store, p->objects->pdata[i], i, &error));
  g_assert_true (dbo_store_save_panel (store, &p->panel, &error));
  for (guint i = 0; i < p->panel.members->len; i++)
    g_assert_true (dbo_store_save_member (store, p->panel.members->pdata[i], i, &error));
  for (guint i = 0; i < p->panel.recommendations->len; i++)
    g_assert_true (dbo_store_save_recommendation (store, p->panel.recommendations->pdata[i], &error));
  for (guint i = 0; i < p->reviews->len; i++)
    g_assert_true (dbo_store_save_review (store, p->reviews->pdata[i], &error));
  g_assert_true (dbo_store_save_filing (store, &p->filing, &error));
  g_assert_true (dbo_store_save_assessments (store, p->assessments, &error));
  g_assert_no_error (error);
  dbo_store_close (store);

  assert_file_holds (path, DBO_STORE_OPEN_EDIT, p);
}

static const char *
declared_type (DboColumnKind kind)
{
  switch (kind)
    {
    case DBO_COLUMN_SINGLETON:
    case DBO_COLUMN_POSITION:
    case DBO_COLUMN_ROWID:
    case DBO_COLUMN_PARENT_ROWID:
    case DBO_COLUMN_INT:
    case DBO_COLUMN_BOOL:
      return "INTEGER";
    case DBO_COLUMN_DOUBLE:
      return "REAL";
    default:
      return "TEXT";
    }
}

/* The column descriptors name the columns of a new file, in its order and
 * with its types: the schema and the mapping cannot drift apart. */
static void
test_columns_match_schema (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = file_in_tmp ("schema.dengbao", &dir);
  g_autoptr(DboProject) p = dbo_project_new ();
  sqlite3 *db = NULL;
  guint tables = 0;

  dbo_store_close (create_ok (path, p));
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (const DboTable * const *t = dbo_store_tables; *t != NULL; t++, tables++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", (*t)->name);
      sqlite3_stmt *st = NULL;
      guint n = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (st, 1);
          const char *type = (const char *) sqlite3_column_text (st, 2);

          g_test_message ("%s.%s %s", (*t)->name, name, type);
          g_assert_cmpuint (n, <, (*t)->n_columns);
          g_assert_cmpstr ((*t)->columns[n].name, ==, name);
          g_assert_cmpstr (declared_type ((*t)->columns[n].kind), ==, type);
          n++;
        }
      sqlite3_finalize (st);
      g_assert_cmpuint (n, ==, (*t)->n_columns);
    }
  sqlite3_close (db);
  /* Every table but attachments and snapshots (their own SQL). */
  g_assert_cmpuint (tables, ==, 17);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-roundtrip/columns-match-schema", test_columns_match_schema);
  g_test_add_func ("/store-roundtrip/create-load", test_create_load);
  g_test_add_func ("/store-roundtrip/save-project", test_save_project);
  g_test_add_func ("/store-roundtrip/edits", test_edits);
  return g_test_run ();
}
