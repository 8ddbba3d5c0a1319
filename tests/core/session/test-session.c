/* DboSession: edits reach the file, failures keep the edit, removal undoes. */
#include "dbo-test-utils.h"

#include <gio/gio.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "dbo-checks.h"
#include "dbo-project-xml.h"
#include "dbo-session.h"
#include "dbo-store.h"

static DboSession *
new_session (char **path_out)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autoptr(GError) error = NULL;
  DboProject *project = dbo_project_xml_read_file (sample, &error);
  DboSession *session;
  GDate today;

  g_assert_no_error (error);
  *path_out = g_build_filename (dir, "mine.dengbao", NULL);
  session = dbo_session_create (*path_out, project, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, 11, 2026);
  dbo_session_set_today (session, &today);
  return session;
}

static DboProject *
reload (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  DboProject *p;

  g_assert_no_error (error);
  p = dbo_store_load (store, &error);
  g_assert_no_error (error);
  return p;
}

static void
count_changed (DboSession *session, int part, const char *id, int *count)
{
  (*count)++;
}

static void
test_edit_and_flush (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  g_autoptr(DboProject) again = NULL;
  g_autoptr(GError) error = NULL;
  DboObject *o3 = dbo_project_find_object (dbo_session_get_project (s), "o3");
  int changed = 0;

  g_signal_connect (s, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (dbo_session_get_saved (s));
  dbo_set_str (&o3->owner_phone, "0356-9999999");
  dbo_session_changed (s, DBO_PART_OBJECT, "o3");
  dbo_set_str (&dbo_session_get_project (s)->enterprise.department, "信息化部");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);
  g_assert_cmpint (changed, ==, 2);
  g_assert_false (dbo_session_get_saved (s));
  g_assert_true (dbo_session_flush (s, &error));
  g_assert_no_error (error);
  g_assert_true (dbo_session_get_saved (s));

  again = reload (path);
  g_assert_cmpstr (dbo_project_find_object (again, "o3")->owner_phone, ==, "0356-9999999");
  g_assert_cmpstr (again->enterprise.department, ==, "信息化部");
}

static void
test_delayed_save (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  g_autoptr(DboProject) again = NULL;
  DboObject *o1 = dbo_project_find_object (dbo_session_get_project (s), "o1");

  dbo_session_set_save_delay (s, 10);
  dbo_set_str (&o1->name, "调度通信系统（新）");
  dbo_session_changed (s, DBO_PART_OBJECT, "o1");
  while (!dbo_session_get_saved (s))
    g_main_context_iteration (NULL, TRUE);
  again = reload (path);
  g_assert_cmpstr (dbo_project_find_object (again, "o1")->name, ==, "调度通信系统（新）");
}

static void
test_remove_and_undo (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  DboProject *p = dbo_session_get_project (s);
  g_autoptr(DboRemoval) removal = NULL;
  g_autoptr(DboRemoval) mremoval = NULL;

  removal = dbo_session_remove_object (s, "o4");
  g_assert_cmpstr (dbo_removal_get_label (removal), ==, "煤矿井下作业人员管理系统");
  g_assert_null (dbo_project_find_object (p, "o4"));
  g_assert_null (dbo_project_find_recommendation (p, "o4"));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_null (dbo_project_find_object (again, "o4"));
    g_assert_null (dbo_project_find_recommendation (again, "o4"));
    g_assert_cmpuint (again->objects->len, ==, 8);
  }
  dbo_session_undo_removal (s, removal);
  g_assert_true (dbo_session_get_saved (s));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (((DboObject *) g_ptr_array_index (again->objects, 3))->id, ==, "o4");
    g_assert_nonnull (dbo_project_find_recommendation (again, "o4"));
    g_assert_cmpuint (again->objects->len, ==, 9);
  }

  mremoval = dbo_session_remove_member (s, "m2");
  g_assert_cmpuint (p->panel.members->len, ==, 4);
  dbo_session_undo_removal (s, mremoval);
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (((DboMember *) g_ptr_array_index (again->panel.members, 1))->id, ==, "m2");
  }
}

static void
test_findings_follow (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  DboProject *p = dbo_session_get_project (s);
  g_autoptr(DboRemoval) removal = NULL;
  gboolean found = FALSE;
  GPtrArray *findings;

  g_assert_cmpuint (dbo_session_get_findings (s)->len, ==, 0);
  removal = dbo_session_remove_member (s, "m5");
  findings = dbo_session_get_findings (s);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((DboFinding *) g_ptr_array_index (findings, i))->code, "panel-size"))
      found = TRUE;
  g_assert_true (found);
  dbo_session_set_recommendation (s, "o9", 2, NULL);
  g_assert_cmpint (dbo_project_find_recommendation (p, "o9")->level, ==, 2);
  dbo_session_set_recommendation (s, "o9", 0, NULL);
  g_assert_null (dbo_project_find_recommendation (p, "o9"));
  g_assert_true (dbo_session_flush (s, NULL));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_null (dbo_project_find_recommendation (again, "o9"));
  }
}

/* The disk is full (a file-size limit, which holds for root too): the edits
 * stay in memory, the error is published, and once there is room they land. */
static void
test_write_failure_keeps_edit (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  DboProject *p = dbo_session_get_project (s);
  DboObject *o2 = dbo_project_find_object (p, "o2");
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (2 * 1024 * 1024);
  g_autoptr(GBytes) bytes = NULL;
  struct rlimit saved, limited;
  void (*old_handler) (int);
  gboolean ok;

  guint n_attachments = p->attachments->len;

  for (gsize i = 0; i < 2 * 1024 * 1024; i++)
    big[i] = (char) g_test_rand_int ();
  bytes = g_bytes_new (big, 2 * 1024 * 1024);
  g_ptr_array_add (p->attachments, dbo_attachment_new ("盖章页扫描.png", "image/png", bytes));
  dbo_session_changed (s, DBO_PART_ATTACHMENTS, NULL);
  dbo_set_str (&o2->owner_name, "新责任人");
  dbo_session_changed (s, DBO_PART_OBJECT, "o2");

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 1024 * 1024;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  ok = dbo_session_flush (s, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO);
  g_assert_nonnull (dbo_session_get_save_error (s));
  g_assert_false (dbo_session_get_saved (s));
  g_assert_cmpstr (o2->owner_name, ==, "新责任人");
  g_assert_cmpuint (p->attachments->len, ==, n_attachments + 1);
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (dbo_project_find_object (again, "o2")->owner_name, ==, "赵海军");
    g_assert_cmpuint (again->attachments->len, ==, n_attachments);
  }

  g_assert_true (dbo_session_flush (s, NULL));
  g_assert_null (dbo_session_get_save_error (s));
  g_assert_true (dbo_session_get_saved (s));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (dbo_project_find_object (again, "o2")->owner_name, ==, "新责任人");
    g_assert_cmpuint (again->attachments->len, ==, n_attachments + 1);
  }
}

typedef struct {
  guint objects, members, recommendations, reviews, others;
  gboolean saw_new_object;
} ChangeLog;

static void
log_changed (DboSession *session, int part, const char *id, ChangeLog *log)
{
  switch ((DboPart) part)
    {
    case DBO_PART_OBJECT:
      log->objects++;
      /* Listeners already see the new model. */
      if (g_strcmp0 (id, "o10") == 0)
        log->saw_new_object = dbo_project_find_object (dbo_session_get_project (session), "o10") != NULL;
      break;
    case DBO_PART_MEMBER:
      log->members++;
      break;
    case DBO_PART_RECOMMENDATION:
      log->recommendations++;
      break;
    case DBO_PART_REVIEWS:
      log->reviews++;
      break;
    default:
      log->others++;
    }
}

static gboolean
has_snapshot (const char *path, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboStore) store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  list = dbo_store_snapshot_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (name == NULL || g_strcmp0 (((DboSnapshotInfo *) g_ptr_array_index (list, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Importing a bundle of the open project: the old state is kept as a
 * snapshot, the file and the model hold the new one, everyone is told. */
static void
test_replace_project (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  DboProject *incoming = dbo_project_copy (dbo_session_get_project (s));
  DboObject *extra = dbo_object_new ("o10");
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;
  ChangeLog log = { 0 };
  DboProject *p;

  /* A pending edit in the old state is written before the snapshot. */
  dbo_set_str (&dbo_session_get_project (s)->enterprise.department, "旧部门");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);

  dbo_set_str (&incoming->title, "审核后的项目");
  dbo_set_str (&extra->name, "新增的网络");
  g_ptr_array_add (incoming->objects, extra);
  g_ptr_array_remove_index (incoming->panel.members, 4);     /* m5 */
  g_ptr_array_set_size (incoming->reviews, 1);

  g_signal_connect (s, "changed", G_CALLBACK (log_changed), &log);
  g_assert_true (dbo_session_replace_project (s, incoming, NULL, &snapshot, &error));
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_true (g_str_has_prefix (snapshot, "导入前 "));
  g_assert_true (dbo_session_get_saved (s));

  p = dbo_session_get_project (s);
  g_assert_cmpstr (p->title, ==, "审核后的项目");
  g_assert_nonnull (dbo_project_find_object (p, "o10"));
  /* Every record old or new is announced: 10 objects, 5 members. */
  g_assert_cmpuint (log.objects, ==, 10);
  g_assert_cmpuint (log.recommendations, ==, 10);
  g_assert_cmpuint (log.members, ==, 5);
  g_assert_cmpuint (log.reviews, ==, 1);
  g_assert_cmpuint (log.others, ==, 6);
  g_assert_true (log.saw_new_object);

  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (again->title, ==, "审核后的项目");
    g_assert_cmpuint (again->objects->len, ==, 10);
    g_assert_cmpuint (again->panel.members->len, ==, 4);
    g_assert_cmpuint (again->reviews->len, ==, 1);
  }
  /* The same name twice is refused by the store, and nothing changes. */
  {
    g_autoptr(GError) local = NULL;
    DboProject *again = dbo_project_copy (dbo_session_get_project (s));

    dbo_set_str (&again->title, "不会生效");
    g_assert_false (dbo_session_replace_project (s, again, snapshot, NULL, &local));
    g_assert_error (local, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS);
    g_assert_cmpstr (dbo_session_get_project (s)->title, ==, "审核后的项目");
  }
  /* The snapshot holds the state before: restored by the file's next editor. */
  g_clear_object (&s);
  g_assert_true (has_snapshot (path, snapshot));
  {
    g_autoptr(GError) local = NULL;
    g_autoptr(DboStore) store = dbo_store_open (path, &local);
    g_autoptr(DboProject) before = NULL;

    g_assert_no_error (local);
    g_assert_true (dbo_store_snapshot_restore (store, snapshot, &local));
    g_assert_no_error (local);
    before = dbo_store_load (store, &local);
    g_assert_no_error (local);
    g_assert_cmpstr (before->enterprise.department, ==, "旧部门");
    g_assert_cmpuint (before->objects->len, ==, 9);
    g_assert_cmpuint (before->reviews->len, ==, 2);
  }

}

/* Another project's state never replaces this one, and nothing is written. */
static void
test_replace_other_project (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  DboProject *other = dbo_project_copy (dbo_session_get_project (s));
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (dbo_session_flush (s, NULL));
  before = dbo_test_file_sha256 (path);
  dbo_set_str (&other->id, "00000000-0000-4000-8000-000000000000");
  dbo_set_str (&other->title, "另一个项目");
  g_assert_false (dbo_session_replace_project (s, other, "不应存在", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (dbo_session_get_project (s)->title, !=, "另一个项目");
  after = dbo_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (has_snapshot (path, NULL));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (again->title, !=, "另一个项目");
  }
}


/* Two sessions on one file: the second cannot edit it. The one that edits
 * keeps its edit, the other's deletion is refused with a message; nothing
 * is silently lost. */
static void
test_two_sessions_lose_nothing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) a = new_session (&path);
  g_autoptr(DboSession) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) after = NULL;

  dbo_set_str (&dbo_session_get_project (a)->enterprise.department, "信息中心");
  dbo_session_changed (a, DBO_PART_ENTERPRISE, NULL);

  b = dbo_session_open (path, &error);
  g_assert_null (b);
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Read-only, the other window can look but its deletion is not written. */
  b = dbo_session_open_read_only (path, &error);
  g_assert_no_error (error);
  g_assert_true (dbo_session_get_read_only (b));
  dbo_removal_free (dbo_session_remove_object (b, "o1"));
  g_assert_false (dbo_session_flush (b, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_true (dbo_session_get_save_blocked (b));
  g_assert_nonnull (dbo_session_get_save_error (b));

  g_assert_true (dbo_session_flush (a, &error));
  g_assert_no_error (error);
  after = reload (path);
  g_assert_cmpstr (after->enterprise.department, ==, "信息中心");
  g_assert_nonnull (dbo_project_find_object (after, "o1"));
}

/* The file is replaced under the open session: nothing is written to the
 * new file, the edits stay in memory and Save As keeps them. */
static void
test_replaced_file_keeps_edits (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *other = g_build_filename (dir, "restored.dengbao", NULL);
  g_autofree char *rescue = g_build_filename (dir, "rescued.dengbao", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DboProject) copy = dbo_project_copy (dbo_session_get_project (s));
    g_autoptr(DboSession) o = NULL;

    dbo_set_str (&copy->enterprise.name, "另一个项目");
    o = dbo_session_create (other, g_steal_pointer (&copy), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_rename (other, path), ==, 0);

  dbo_set_str (&dbo_session_get_project (s)->enterprise.department, "替换后的编辑");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);
  g_assert_false (dbo_session_flush (s, &error));
  g_assert_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_REPLACED);
  g_clear_error (&error);
  g_assert_true (dbo_session_get_save_blocked (s));
  g_assert_false (dbo_session_get_saved (s));

  {
    g_autoptr(DboProject) now = reload (path);

    g_assert_cmpstr (now->enterprise.name, ==, "另一个项目");
    g_assert_cmpstr (now->enterprise.department, !=, "替换后的编辑");
  }

  g_assert_true (dbo_session_save_as (s, rescue, &error));
  g_assert_no_error (error);
  g_assert_true (dbo_session_get_saved (s));
  g_assert_false (dbo_session_get_save_blocked (s));
  g_assert_cmpstr (dbo_session_get_path (s), ==, rescue);
  /* Editing goes on in the new file. */
  dbo_set_str (&dbo_session_get_project (s)->enterprise.postcode, "048000");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);
  g_assert_true (dbo_session_flush (s, &error));
  g_clear_object (&s);
  {
    g_autoptr(DboProject) saved = reload (rescue);

    g_assert_cmpstr (saved->enterprise.department, ==, "替换后的编辑");
    g_assert_cmpstr (saved->enterprise.postcode, ==, "048000");
  }
}

/* ---- undo and redo (issue 16, item 1) ---- */

static void
test_undo_edits (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_session_get_project (s);
  g_autofree char *original = g_strdup (dbo_project_find_object (p, "o2")->name);
  const DboEditInfo *info;

  g_assert_false (dbo_session_can_undo (s));
  /* Two keystrokes in one field: one step. */
  dbo_set_str (&dbo_project_find_object (p, "o2")->name, "井下应急广播系统A");
  dbo_session_changed (s, DBO_PART_OBJECT, "o2");
  dbo_set_str (&dbo_project_find_object (p, "o2")->name, "井下应急广播系统AB");
  dbo_session_changed (s, DBO_PART_OBJECT, "o2");
  /* Another record: a step of its own. */
  dbo_set_str (&p->enterprise.postcode, "048001");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);
  g_assert_true (dbo_session_can_undo (s));
  info = dbo_session_peek_undo (s);
  g_assert_cmpint (info->kind, ==, DBO_EDIT_CHANGE);
  g_assert_cmpint (info->part, ==, DBO_PART_ENTERPRISE);

  g_assert_true (dbo_session_undo (s, &error));
  g_assert_no_error (error);
  p = dbo_session_get_project (s);
  g_assert_cmpstr (p->enterprise.postcode, !=, "048001");
  g_assert_cmpstr (dbo_project_find_object (p, "o2")->name, ==, "井下应急广播系统AB");
  info = dbo_session_peek_undo (s);
  g_assert_cmpint (info->part, ==, DBO_PART_OBJECT);
  g_assert_cmpstr (info->name, ==, "井下应急广播系统AB");

  g_assert_true (dbo_session_undo (s, &error));
  p = dbo_session_get_project (s);
  g_assert_cmpstr (dbo_project_find_object (p, "o2")->name, ==, original);
  g_assert_false (dbo_session_can_undo (s));
  /* The file holds the undone state too. */
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_cmpstr (dbo_project_find_object (again, "o2")->name, ==, original);
  }

  /* Redo brings both back; a new edit forgets what is left to redo. */
  g_assert_true (dbo_session_redo (s, &error));
  p = dbo_session_get_project (s);
  g_assert_cmpstr (dbo_project_find_object (p, "o2")->name, ==, "井下应急广播系统AB");
  g_assert_true (dbo_session_can_redo (s));
  dbo_set_str (&p->panel.location, "调度楼三层会议室");
  dbo_session_changed (s, DBO_PART_PANEL, NULL);
  g_assert_false (dbo_session_can_redo (s));
}

/* A deleted object comes back long after its toast, with the panel's word
 * on it, in its place; redo deletes it again. */
static void
test_undo_removal (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DboSession) s = new_session (&path);
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_session_get_project (s);
  guint n = p->objects->len;
  DboRemoval *removal = dbo_session_remove_object (s, "o3");
  const DboEditInfo *info = dbo_session_peek_undo (s);

  g_assert_cmpint (info->kind, ==, DBO_EDIT_REMOVE);
  g_assert_cmpstr (info->name, ==, "煤矿安全监控系统");
  dbo_removal_free (removal);
  /* Later edits, then the undo of all of them. */
  dbo_set_str (&p->enterprise.postcode, "048001");
  dbo_session_changed (s, DBO_PART_ENTERPRISE, NULL);
  g_assert_true (dbo_session_undo (s, &error));
  g_assert_true (dbo_session_undo (s, &error));
  g_assert_no_error (error);
  p = dbo_session_get_project (s);
  g_assert_cmpuint (p->objects->len, ==, n);
  g_assert_cmpstr (((DboObject *) g_ptr_array_index (p->objects, 2))->id, ==, "o3");
  g_assert_nonnull (dbo_project_find_recommendation (p, "o3"));
  {
    g_autoptr(DboProject) again = reload (path);

    g_assert_nonnull (dbo_project_find_object (again, "o3"));
    g_assert_nonnull (dbo_project_find_recommendation (again, "o3"));
  }
  g_assert_true (dbo_session_redo (s, &error));
  g_assert_null (dbo_project_find_object (dbo_session_get_project (s), "o3"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/session/edit-and-flush", test_edit_and_flush);
  g_test_add_func ("/core/session/delayed-save", test_delayed_save);
  g_test_add_func ("/core/session/remove-and-undo", test_remove_and_undo);
  g_test_add_func ("/core/session/findings-follow", test_findings_follow);
  g_test_add_func ("/core/session/write-failure-keeps-edit", test_write_failure_keeps_edit);
  g_test_add_func ("/core/session/replace-project", test_replace_project);
  g_test_add_func ("/core/session/replace-other-project", test_replace_other_project);
  g_test_add_func ("/core/session/two-sessions-lose-nothing", test_two_sessions_lose_nothing);
  g_test_add_func ("/core/session/replaced-file-keeps-edits", test_replaced_file_keeps_edits);
  g_test_add_func ("/core/session/undo-edits", test_undo_edits);
  g_test_add_func ("/core/session/undo-removal", test_undo_removal);
  return g_test_run ();
}
