#define G_LOG_DOMAIN "dengbao-store"
#include "config.h"

#include "dbo-store-private.h"

#include <glib/gi18n-lib.h>

/* The store's public calls that read or change the project in place. */

G_DEFINE_QUARK (dbo-store-error-quark, dbo_store_error)

DboProject *
dbo_store_load (DboStore *self, GError **error)
{
  DboProject *project;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->doing = N_("read the project");
  /* One read transaction, so the tables are read at one moment. */
  if (!dbo_db_exec (self, "BEGIN", error))
    return NULL;
  project = dbo_store_recheck_schema (self, error) ? dbo_store_load_content (self, error) : NULL;
  /* What we show is what the file holds now: later writes compare with it. */
  if (project != NULL && !dbo_store_note_data_version (self, error))
    g_clear_pointer (&project, dbo_project_free);
  if (!dbo_store_finish (self, project != NULL, error))
    g_clear_pointer (&project, dbo_project_free);
  return project;
}

/* ---- edits ---- */

gboolean
dbo_store_save_project (DboStore *self, const DboProject *project, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (project != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the project"), error))
    return FALSE;
  return dbo_store_finish (self, dbo_store_replace_content (self, project, error), error);
}

gboolean
dbo_store_save_header (DboStore *self, const DboProject *project, GError **error)
{
  static const char sql[] = "UPDATE meta SET title = ?, ruleset = ?";
  sqlite3_stmt *st;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (project != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the project title"), error))
    return FALSE;
  st = dbo_db_stmt (self, sql, error);
  ok = st != NULL;
  if (ok)
    {
      DboBinder b = { st, 0 };

      dbo_bind_str (&b, project->title);
      dbo_bind_str (&b, project->ruleset);
      ok = dbo_bind_run (self, &b, error);
    }
  return dbo_store_finish (self, ok, error);
}

gboolean
dbo_store_save_enterprise (DboStore *self, const DboEnterprise *enterprise, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (enterprise != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the enterprise"), error))
    return FALSE;
  return dbo_store_finish (self, dbo_store_write_enterprise (self, enterprise, error) && dbo_store_write_not_run (self, enterprise, error),
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
  if (!dbo_db_query_int64 (self, count_sql, &n, error))
    return FALSE;
  if (old >= 0 && !dbo_db_run_with_int (self, close_sql, old, error))
    return FALSE;
  if (position < 0 || position > n)
    *out = n;
  else
    {
      if (!dbo_db_run_with_int (self, open_sql, position, error))
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
  gboolean found;

  if (!dbo_db_lookup (self, sql, id, &found, out, error))
    return FALSE;
  if (!found)
    *out = -1;
  return TRUE;
}

static gboolean
save_object (DboStore *self, const DboObject *object, int position, GError **error)
{
  gint64 old, pos;

  if (!find_position (self, "objects", "id", object->id, &old, error))
    return FALSE;
  /* The children go with the row (ON DELETE CASCADE). */
  if (old >= 0 && !dbo_db_run_with_text (self, "DELETE FROM objects WHERE id = ?", object->id, error))
    return FALSE;
  return make_room (self, "objects", old, position, &pos, error)
    && dbo_store_write_object (self, object, pos, DBO_STORE_SCHEMA_VERSION, error);
}

gboolean
dbo_store_save_object (DboStore *self, const DboObject *object, int position, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (object->id == NULL || *object->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   _("Could not save an object in %s: the object has no id"), self->path);
      return FALSE;
    }
  if (!dbo_store_begin (self, N_("save the object"), error))
    return FALSE;
  return dbo_store_finish (self, save_object (self, object, position, error), error);
}

/* Deletes the row of @id and closes the gap in the positions. */
static gboolean
delete_positioned (DboStore *self, const char *table, const char *key, const char *id,
                   const char *what, GError **error)
{
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?", table, key);
  g_autofree char *close_sql = g_strdup_printf ("UPDATE %s SET position = position - 1"
                                                " WHERE position > ?", table);
  gint64 old;

  if (!find_position (self, table, key, id, &old, error))
    return FALSE;
  if (old < 0)
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND,
                   _("The project file %s has no %s “%s”"), self->path, _(what), id);
      return FALSE;
    }
  return dbo_db_run_with_text (self, delete_sql, id, error)
    && dbo_db_run_with_int (self, close_sql, old, error);
}

gboolean
dbo_store_delete_object (DboStore *self, const char *object_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object_id != NULL, FALSE);

  if (!dbo_store_begin (self, N_("delete the object"), error))
    return FALSE;
  return dbo_store_finish (self, delete_positioned (self, "objects", "id", object_id, N_("object"), error),
                 error);
}

gboolean
dbo_store_save_panel (DboStore *self, const DboPanel *panel, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (panel != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the panel"), error))
    return FALSE;
  return dbo_store_finish (self, dbo_store_write_panel (self, panel, error) && dbo_store_write_history (self, panel, error), error);
}

static gboolean
save_member (DboStore *self, const DboMember *member, int position, GError **error)
{
  gint64 old, pos;

  if (!find_position (self, "members", "id", member->id, &old, error))
    return FALSE;
  if (old >= 0 && !dbo_db_run_with_text (self, "DELETE FROM members WHERE id = ?", member->id, error))
    return FALSE;
  return make_room (self, "members", old, position, &pos, error)
    && dbo_store_write_member (self, member, pos, error);
}

gboolean
dbo_store_save_member (DboStore *self, const DboMember *member, int position, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (member->id == NULL || *member->id == '\0')
    {
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_FAILED,
                   _("Could not save a panel member in %s: the member has no id"), self->path);
      return FALSE;
    }
  if (!dbo_store_begin (self, N_("save the panel member"), error))
    return FALSE;
  return dbo_store_finish (self, save_member (self, member, position, error), error);
}

gboolean
dbo_store_delete_member (DboStore *self, const char *member_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  if (!dbo_store_begin (self, N_("delete the panel member"), error))
    return FALSE;
  return dbo_store_finish (self, delete_positioned (self, "members", "id", member_id, N_("panel member"), error),
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
      if (!dbo_db_run_with_text (self, "DELETE FROM recommendations WHERE object_id = ?",
                          rec->object_id, error))
        return FALSE;
    }
  else if (!dbo_db_query_int64 (self, "SELECT count(*) FROM recommendations", &pos, error))
    return FALSE;
  /* The old row took its dissents with it (ON DELETE CASCADE). */
  return dbo_store_write_recommendation (self, rec, pos, error) && dbo_store_write_dissents (self, rec, error);
}

gboolean
dbo_store_save_recommendation (DboStore *self, const DboRecommendation *rec, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rec != NULL && rec->object_id != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the recommendation"), error))
    return FALSE;
  return dbo_store_finish (self, save_recommendation (self, rec, error), error);
}

gboolean
dbo_store_delete_recommendation (DboStore *self, const char *object_id, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object_id != NULL, FALSE);

  if (!dbo_store_begin (self, N_("delete the recommendation"), error))
    return FALSE;
  return dbo_store_finish (self, delete_positioned (self, "recommendations", "object_id", object_id,
                                          N_("recommendation for the object"), error),
                 error);
}

/* Replaces the review of the same round, or adds it after the others. */
static gboolean
save_review (DboStore *self, const DboReview *review, GError **error)
{
  gint64 id = 0, pos = -1;

  {
    g_auto(DboStmt) st = dbo_db_stmt (self, "SELECT id, position FROM reviews WHERE round = ?"
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
        dbo_db_set_error (self, error, rc);
        return FALSE;
      }
  }
  if (id > 0)
    {
      if (!dbo_db_run_with_int (self, "DELETE FROM reviews WHERE id = ?", id, error))
        return FALSE;
    }
  else if (!dbo_db_query_int64 (self, "SELECT coalesce (max (position) + 1, 0) FROM reviews", &pos,
                                error))
    return FALSE;
  return dbo_store_write_review (self, review, id, pos, error);
}

gboolean
dbo_store_save_review (DboStore *self, const DboReview *review, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (review != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the review"), error))
    return FALSE;
  return dbo_store_finish (self, save_review (self, review, error), error);
}

gboolean
dbo_store_save_filing (DboStore *self, const DboFiling *filing, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the filing"), error))
    return FALSE;
  return dbo_store_finish (self, dbo_store_write_filing (self, filing, error), error);
}

gboolean
dbo_store_save_assessments (DboStore *self, GPtrArray *assessments, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!dbo_store_begin (self, N_("save the assessments"), error))
    return FALSE;
  return dbo_store_finish (self, dbo_store_write_assessments (self, assessments, error), error);
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

  if (!dbo_store_begin (self, N_("store the attachment"), error))
    return FALSE;
  {
    g_auto(DboStmt) st = NULL;
    int rc;

    /* An attachment already listed keeps its place. */
    st = dbo_db_stmt (self, "SELECT CASE WHEN listed THEN position END FROM attachments"
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
            dbo_db_set_error (self, error, rc);
            ok = FALSE;
          }
      }
  }
  if (ok && pos < 0)
    ok = dbo_db_query_int64 (self, "SELECT coalesce (max (position) + 1, 0)"
                             " FROM attachments WHERE listed", &pos, error);
  ok = ok && dbo_store_write_attachment (self, attachment, pos, error);
  return dbo_store_finish (self, ok, error);
}
