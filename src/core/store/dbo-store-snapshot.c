#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include "dbo-project-xml.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* Snapshots of the project inside the file, and copies of the whole file. */

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
  return dbo_db_lookup (self, "SELECT 1 FROM snapshots WHERE name = ?", name, exists, NULL, error);
}

/* Stores the project as it is now under @name (inside the caller's transaction). */
static gboolean
snapshot_write (DboStore *self, const char *name, GError **error)
{
  g_autoptr(DboProject) project = dbo_store_load_content (self, error);
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
                   _("Could not write the snapshot “%s” of %s: the project cannot be written as XML"),
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
                     _("Could not take the snapshot “%s” of %s: the project as it is now "
                     "would not be readable (%s)"), name, self->path, local->message);
        return FALSE;
      }
  }
  created = now_iso8601 ();
  st = dbo_db_stmt (self, "INSERT INTO snapshots (name, created, xml) VALUES (?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, xml, len, SQLITE_TRANSIENT);
  return dbo_db_run (self, st, error);
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
                   _("The project file %s already has a snapshot named “%s”"), self->path, name);
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
                   _("A snapshot of %s needs a name"), self->path);
      return FALSE;
    }
  if (!dbo_store_begin (self, N_("take a snapshot"), error))
    return FALSE;
  return dbo_store_finish (self, snapshot_create (self, name, error), error);
}

GPtrArray *
dbo_store_snapshot_list (DboStore *self, GError **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_auto(DboStmt) st = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  self->doing = N_("list the snapshots");
  st = dbo_db_stmt (self, "SELECT name, created FROM snapshots ORDER BY created, id", error);
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
      dbo_db_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
dbo_store_snapshot_name_for (DboStore *self, const char *given, const char *prefix, GError **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *stamp = NULL, *base = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (given != NULL)
    return g_strdup (given);
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  base = g_strdup_printf ("%s %s", prefix, stamp);
  list = dbo_store_snapshot_list (self, error);
  if (list == NULL)
    return NULL;
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s (%u)", base, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < list->len && !taken; i++)
        taken = g_strcmp0 (((DboSnapshotInfo *) g_ptr_array_index (list, i))->name, name) == 0;
      if (!taken)
        return g_steal_pointer (&name);
    }
}

static gboolean
snapshot_restore (DboStore *self, const char *name, GError **error)
{
  g_autoptr(DboProject) project = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *automatic = NULL;

  {
    g_auto(DboStmt) st = dbo_db_stmt (self, "SELECT xml FROM snapshots WHERE name = ?", error);
    g_autoptr(GError) local = NULL;
    int rc;

    if (st == NULL)
      return FALSE;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (st);
    if (rc == SQLITE_DONE)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                     _("The project file %s has no snapshot named “%s”"), self->path, name);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      {
        dbo_db_set_error (self, error, rc);
        return FALSE;
      }
    project = dbo_project_xml_read ((const char *) sqlite3_column_text (st, 0),
                                    sqlite3_column_bytes (st, 0), name, &local);
    if (project == NULL)
      {
        g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_CORRUPT,
                     _("The snapshot “%s” in %s cannot be read: %s"), name, self->path,
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
      g_prefix_error (error, _("Could not restore the snapshot “%s”: "), name);
      return FALSE;
    }
  return dbo_store_replace_content (self, project, error);
}

gboolean
dbo_store_snapshot_restore (DboStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!dbo_store_begin (self, N_("restore the snapshot"), error))
    return FALSE;
  return dbo_store_finish (self, snapshot_restore (self, name, error), error);
}

static gboolean
snapshot_delete (DboStore *self, const char *name, GError **error)
{
  if (!dbo_db_run_with_text (self, "DELETE FROM snapshots WHERE name = ?", name, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                   _("The project file %s has no snapshot named “%s”"), self->path, name);
      return FALSE;
    }
  return dbo_store_purge_attachments (self, error);
}

gboolean
dbo_store_snapshot_delete (DboStore *self, const char *name, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!dbo_store_begin (self, N_("delete the snapshot"), error))
    return FALSE;
  return dbo_store_finish (self, snapshot_delete (self, name, error), error);
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

  if (!dbo_store_create_private_file (dest, error))
    return FALSE;
  rc = sqlite3_open_v2 (dest, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      dbo_db_harden (db);
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

      g_set_error (error, DBO_STORE_ERROR, dbo_db_error_code (rc),
                   _("Could not copy the project file %s to %s: %s"), self->path, dest,
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
                   _("Could not finish the copy %s: %s"), dest, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}
