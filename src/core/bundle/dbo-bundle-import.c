/* dbo-bundle-import.c — a verified bundle into a project file: a new project,
 * or the bureau's review recorded in an existing one after a snapshot. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"

/* ================================================================ import */

gboolean
dbo_bundle_import_into (DboStore *store, const DboBundleReport *report, const char *snapshot_name,
                        GError **error)
{
  g_autoptr(DboProject) current = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (store != NULL && report != NULL && report->project != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = dbo_store_load (store, &local);
  if (current == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  if (!_dbo_bundle_same_text (current->id, report->project->id))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_OTHER_PROJECT, dbo_store_get_path (store),
              "此文件中是另一个项目（%s），报送包中的项目是 %s（the file holds another project）",
              current->id ? current->id : "", report->project->id);
      return FALSE;
    }
  name = dbo_store_snapshot_name_for (store, snapshot_name, "导入前", &local);
  if (name == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  /* The state being replaced is kept first; a failure after it loses nothing. */
  if (!dbo_store_snapshot_create (store, name, &local)
      || !dbo_store_save_project (store, report->project, &local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
review_same_round (gconstpointer a, gconstpointer b)
{
  return ((const DboReview *) a)->round == ((const DboReview *) b)->round;
}

/* A round the bureau's reply holds that @current lacks or holds otherwise. */
static gboolean
review_differs (const DboProject *current, const DboReview *theirs)
{
  g_autoptr(DboProject) a = dbo_project_new ();
  g_autoptr(DboProject) b = dbo_project_new ();
  g_autoptr(GPtrArray) changes = NULL;

  for (guint i = 0; i < current->reviews->len; i++)
    {
      const DboReview *mine = g_ptr_array_index (current->reviews, i);

      if (mine->round != theirs->round)
        continue;
      /* Compared as project.xml writes them, like every import diff. */
      g_ptr_array_add (a->reviews, (gpointer) mine);
      g_ptr_array_add (b->reviews, (gpointer) theirs);
      changes = dbo_bundle_diff (a, b);
      g_ptr_array_set_free_func (a->reviews, NULL);
      g_ptr_array_set_free_func (b->reviews, NULL);
      return changes->len > 0;
    }
  return TRUE;
}

GPtrArray *
dbo_bundle_import_review (DboStore *store, const DboBundleReport *report, const char *snapshot_name,
                          GError **error)
{
  g_autoptr(DboProject) current = NULL;
  g_autoptr(DboProject) after = NULL;
  g_autoptr(GPtrArray) rounds = g_ptr_array_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (store != NULL && report != NULL && report->project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report->kind != DBO_BUNDLE_REVIEW)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_WRONG_KIND, NULL,
              "这是%s包，不是能源主管部门的审核答复包（a %s bundle, not the bureau's review bundle）",
              report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "备份", dbo_bundle_kind_token (report->kind));
      return NULL;
    }
  current = dbo_store_load (store, &local);
  if (current == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return NULL;
    }
  if (!_dbo_bundle_same_text (current->id, report->project->id))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_OTHER_PROJECT, dbo_store_get_path (store),
              "此文件中是另一个项目（%s），审核答复是给项目 %s 的（the reply is meant for another project）",
              current->id ? current->id : "", report->project->id);
      return NULL;
    }
  for (guint i = 0; i < report->project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (report->project->reviews, i);

      if (r->has_outcome && review_differs (current, r))
        g_ptr_array_add (rounds, (gpointer) r);
    }
  if (rounds->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_bundle_change_free);

  /* What the project will hold: the bureau's rounds, the rest as it is. */
  after = dbo_project_copy (current);
  for (guint i = 0; i < rounds->len; i++)
    {
      const DboReview *r = g_ptr_array_index (rounds, i);
      g_autoptr(DboProject) one = dbo_project_copy (report->project);

      for (guint j = after->reviews->len; j > 0; j--)
        if (((DboReview *) g_ptr_array_index (after->reviews, j - 1))->round == r->round)
          g_ptr_array_remove_index (after->reviews, j - 1);
      for (guint j = 0; j < one->reviews->len; j++)
        if (((DboReview *) g_ptr_array_index (one->reviews, j))->round == r->round)
          g_ptr_array_add (after->reviews, g_ptr_array_steal_index (one->reviews, j));
    }
  name = dbo_store_snapshot_name_for (store, snapshot_name, "导入审核答复前", &local);
  if (name == NULL || !dbo_store_snapshot_create (store, name, &local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return NULL;
    }
  for (guint i = 0; i < after->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (after->reviews, i);

      if (g_ptr_array_find_with_equal_func (rounds, r, review_same_round, NULL)
          && !dbo_store_save_review (store, r, &local))
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
          return NULL;
        }
    }
  return dbo_bundle_diff (current, after);
}

DboBundleReport *
dbo_bundle_import (const char *path, const char *dest, DboBundleImportFlags flags, GError **error)
{
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL && dest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (dest);
  if (g_file_test (dest, G_FILE_TEST_EXISTS) && !(flags & DBO_BUNDLE_IMPORT_REPLACE))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_EXISTS, display, "文件已存在，未做任何改动（it already exists; nothing was written）");
      return NULL;
    }
  report = dbo_bundle_verify (path, error);
  if (report == NULL)
    return NULL;

  /* Only when asked to replace: a file that appeared meanwhile (another
   * import to the same name) is not taken over. */
  if ((flags & DBO_BUNDLE_IMPORT_REPLACE) && g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_autoptr(DboStore) store = dbo_store_open (dest, &local);

      if (store == NULL)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, display, "%s", local->message);
          return NULL;
        }
      if (!dbo_bundle_import_into (store, report, NULL, error))
        return NULL;
      return g_steal_pointer (&report);
    }

  /* The store builds it under a temporary name beside @dest and links it
   * into place: @dest never holds half a project, and is never taken if it
   * appeared meanwhile. */
  {
    g_autoptr(DboStore) store = dbo_store_create (dest, report->project, &local);

    if (store == NULL)
      {
        if (g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS))
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_EXISTS, display, "文件已存在，未做任何改动（it already exists; nothing was written）");
        else
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, display, "无法写入（could not be written: %s）", local->message);
        return NULL;
      }
  }
  return g_steal_pointer (&report);
}
