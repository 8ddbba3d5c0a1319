/* The desk file's safety (issue 17 item 1, "the same safety" as a project);
 * its format 1 opened by this version. Safety:
 * a write first makes sure the path still names the file opened, so a desk
 * replaced or deleted while open takes no write and the file now there is
 * left as it was. */
#include "config.h"

#include "dbo-calendar.h"
#include "dbo-desk.h"
#include "dbo-ruleset.h"
#include "dbo-test-utils.h"

#include <sqlite3.h>

typedef struct {
  char *dir;
  char *desk;          /* the desk opened for editing */
  char *other;         /* another desk of the same bureau */
  char *bundle;        /* the sample's submission */
} Fixture;

static char *
bundle_of_sample (const char *dir)
{
  g_autofree char *sample = dbo_test_sample_path ();
  char *zip = g_build_filename (dir, "sample.zip", NULL);
  const char *argv[] = { "export", sample, "-o", zip, "--kind", "submission", "--today", "2026-09-30", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (dbo_test_run_cli (argv, NULL, &err), ==, 0);
  return zip;
}

static void
create_desk (const char *path, const DboRuleset *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDesk) desk = dbo_desk_create (path, "09", rules, &error);

  g_assert_no_error (error);
  g_assert_nonnull (desk);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = dbo_ruleset_load_default (&error);

  g_assert_no_error (error);
  f->dir = dbo_test_mkdtemp ();
  f->desk = g_build_filename (f->dir, "jincheng.dengbao-desk", NULL);
  f->other = g_build_filename (f->dir, "other.dengbao-desk", NULL);
  f->bundle = bundle_of_sample (f->dir);
  create_desk (f->desk, rules);
  create_desk (f->other, rules);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_free (f->dir);
  g_free (f->desk);
  g_free (f->other);
  g_free (f->bundle);
}

static DboDeskSubmission *
receive (DboDesk *desk, const char *bundle, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(DboCalendar) calendar = dbo_calendar_load_default (&local);
  DboDeskReceived what;
  GDate day;

  g_assert_no_error (local);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 8, G_DATE_OCTOBER, 2026);
  return dbo_desk_receive (desk, bundle, &day, calendar, &what, error);
}

static guint
count_submissions (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDesk) desk = dbo_desk_open (path, DBO_DESK_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  list = dbo_desk_list (desk, &error);
  g_assert_no_error (error);
  return list->len;
}

/* A backup copied over the desk while it is open: the decision is refused, naming the file, and the copy keeps what it held. */
static void
test_replaced (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDesk) desk = dbo_desk_open (f->desk, DBO_DESK_OPEN_EDIT, &error);
  g_autoptr(DboDeskSubmission) first = NULL;
  g_autoptr(DboDeskSubmission) decided = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GDate day;

  g_assert_no_error (error);
  first = receive (desk, f->bundle, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  g_assert_cmpint (g_rename (f->other, f->desk), ==, 0);
  before = dbo_test_file_sha256 (f->desk);

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 9, G_DATE_OCTOBER, 2026);
  decided = dbo_desk_decide (desk, first->id, DBO_OUTCOME_APPROVED, "同意。", &day, &error);
  g_assert_null (decided);
  g_assert_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "jincheng.dengbao-desk"));
  g_clear_error (&error);

  dbo_desk_close (g_steal_pointer (&desk));
  after = dbo_test_file_sha256 (f->desk);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_submissions (f->desk), ==, 0);
}

/* The desk deleted while open: nothing is written anywhere. */
static void
test_deleted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDesk) desk = dbo_desk_open (f->desk, DBO_DESK_OPEN_EDIT, &error);
  g_autoptr(DboDeskSubmission) s = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (f->desk), ==, 0);
  s = receive (desk, f->bundle, &error);
  g_assert_null (s);
  g_assert_error (error, DBO_DESK_ERROR, DBO_DESK_ERROR_IO);
  dbo_desk_close (g_steal_pointer (&desk));
  g_assert_false (g_file_test (f->desk, G_FILE_TEST_EXISTS));
}

/* A desk of format 1 (before snapshots): read-only it is read as it is and
 * not changed; opened for editing it gains the snapshots table. */
static void
test_format_1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->desk, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE snapshots; PRAGMA user_version = 1", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  before = dbo_test_file_sha256 (f->desk);

  {
    g_autoptr(DboDesk) desk = dbo_desk_open (f->desk, DBO_DESK_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    none = dbo_desk_snapshot_list (desk, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  after = dbo_test_file_sha256 (f->desk);
  g_assert_cmpstr (after, ==, before);

  {
    g_autoptr(DboDesk) desk = dbo_desk_open (f->desk, DBO_DESK_OPEN_EDIT, &error);

    g_assert_no_error (error);
    g_assert_true (dbo_desk_snapshot_create (desk, "升级后", &error));
    g_assert_no_error (error);
    one = dbo_desk_snapshot_list (desk, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (one->len, ==, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/desk/safety/replaced", Fixture, NULL, fixture_set_up, test_replaced, fixture_tear_down);
  g_test_add ("/desk/safety/deleted", Fixture, NULL, fixture_set_up, test_deleted, fixture_tear_down);
  g_test_add ("/desk/format-1", Fixture, NULL, fixture_set_up, test_format_1, fixture_tear_down);
  return g_test_run ();
}
