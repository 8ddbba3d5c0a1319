/* dbo-session.h — an open project: its model, its file, its findings
 *
 * The fronts edit the live model in memory and then say what they changed
 * (dbo_session_changed). The session writes each changed part to the project
 * file in its own transaction, shortly after the last change, at
 * dbo_session_flush (focus leaving a field, closing the window) or at once for
 * structural edits. When the file cannot be written the edit stays in memory,
 * the error is published ("save-error") and the write is retried, so nothing
 * typed is lost. Findings are recomputed after changes ("findings-changed").
 */
#pragma once

#include <glib-object.h>
#include "dbo-calendar.h"
#include "dbo-history.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

/* What changed. Parts with an id name one record; the others the whole part. */
typedef enum {
  DBO_PART_HEADER,                /* title, rule set */
  DBO_PART_ENTERPRISE,
  DBO_PART_OBJECT,                /* id = object id; also its position, harms, products … */
  DBO_PART_PANEL,                 /* date, organiser, location, conclusion */
  DBO_PART_MEMBER,                /* id = member id */
  DBO_PART_RECOMMENDATION,        /* id = object id */
  DBO_PART_REVIEWS,
  DBO_PART_FILING,
  DBO_PART_ASSESSMENTS,
  DBO_PART_ATTACHMENTS,
} DboPart;

#define DBO_TYPE_SESSION (dbo_session_get_type ())
G_DECLARE_FINAL_TYPE (DboSession, dbo_session, DBO, SESSION, GObject)

/* Opens an existing project file to edit it (taking its lock). */
DboSession        *dbo_session_open          (const char *path, GError **error);
/* Opens it read-only: no lock, nothing written; edits stay in memory until
 * dbo_session_save_as. */
DboSession        *dbo_session_open_read_only (const char *path, GError **error);
gboolean           dbo_session_get_read_only (DboSession *self);
/* Creates @path (refusing an existing file) holding @project, which is taken. */
DboSession        *dbo_session_create        (const char *path, DboProject *project, GError **error);

const char        *dbo_session_get_path      (DboSession *self);
/* TRUE when @path names the file this session opened (by device and inode:
 * a symlink, a hard link or another spelling of the path is the same file). */
gboolean           dbo_session_holds_file    (DboSession *self, const char *path);
/* The live model: change it, then call dbo_session_changed(). */
DboProject        *dbo_session_get_project   (DboSession *self);
const DboRuleset  *dbo_session_get_rules     (DboSession *self);
const DboCalendar *dbo_session_get_calendar  (DboSession *self);

/* Marks a part changed: "changed" is emitted now, the write happens after a
 * short delay (or at dbo_session_flush). */
void               dbo_session_changed       (DboSession *self, DboPart part, const char *id);
/* Writes every pending change now. FALSE (and the error) when the file cannot
 * be written; the changes stay pending. */
gboolean           dbo_session_flush         (DboSession *self, GError **error);
/* TRUE when everything is written. */
gboolean           dbo_session_get_saved     (DboSession *self);
/* The last write error, or NULL. */
const char        *dbo_session_get_save_error (DboSession *self);
/* TRUE when retrying cannot help: the file is read-only, was replaced or
 * deleted, or was changed by another program. The edits stay in memory; the
 * way on is dbo_session_save_as (or reopening the file). */
gboolean           dbo_session_get_save_blocked (DboSession *self);
/* Writes the whole project as it is in memory to the new file @path
 * (refusing an existing one) and goes on editing that file. On failure
 * nothing changes. */
gboolean           dbo_session_save_as       (DboSession *self, const char *path, GError **error);

/* Structural edits, written at once. */
void               dbo_session_add_object    (DboSession *self, DboObject *object);   /* taken */
void               dbo_session_add_member    (DboSession *self, DboMember *member);   /* taken */
/* Sets (level 1–5) or clears (level 0) the panel's recommendation for an object. */
void               dbo_session_set_recommendation (DboSession *self, const char *object_id, int level,
                                                   const char *reason);

/* Replaces the whole project by @project (taken; it must have the same
 * project id) after keeping the current state as a snapshot in the file,
 * named @snapshot_name (NULL: "导入前 <time>", made unique). Pending edits are
 * written first. On success the model is swapped and "changed" is emitted for
 * every part and record, and @snapshot_out (nullable) gets the snapshot's
 * name. On failure the model and the file's current project are unchanged. */
gboolean           dbo_session_replace_project (DboSession *self, DboProject *project,
                                                const char *snapshot_name, char **snapshot_out,
                                                GError **error);

/* Undo and redo of the project's edits, for the session (dbo-history.h):
 * every edit, removal and import is a step; the keystrokes of one field are
 * one. The state is written to the file before the model changes; a
 * failure changes nothing. Properties "can-undo" and "can-redo" follow. */
gboolean           dbo_session_can_undo      (DboSession *self);
gboolean           dbo_session_can_redo      (DboSession *self);
/* What the next undo (redo) takes back (does again), or NULL. */
const DboEditInfo *dbo_session_peek_undo     (DboSession *self);
const DboEditInfo *dbo_session_peek_redo     (DboSession *self);
gboolean           dbo_session_undo          (DboSession *self, GError **error);
gboolean           dbo_session_redo          (DboSession *self, GError **error);

/* Removal that can be undone (the GUI's "已删除 … 撤销" toast). */
typedef struct _DboRemoval DboRemoval;
DboRemoval        *dbo_session_remove_object (DboSession *self, const char *object_id);
DboRemoval        *dbo_session_remove_member (DboSession *self, const char *member_id);
/* Puts the removed record back where it was. */
void               dbo_session_undo_removal  (DboSession *self, DboRemoval *removal);
const char        *dbo_removal_get_label     (DboRemoval *removal);
void               dbo_removal_free          (DboRemoval *removal);

/* The current findings (recomputed when stale); array of DboFinding*. */
GPtrArray         *dbo_session_get_findings  (DboSession *self);
/* The date deadlines are checked against (today by default; tests fix it). */
void               dbo_session_set_today     (DboSession *self, const GDate *today);
const GDate       *dbo_session_get_today     (DboSession *self);

/* Delay before changes are written, in milliseconds (default 400). */
void               dbo_session_set_save_delay (DboSession *self, guint ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboRemoval, dbo_removal_free)

G_END_DECLS
