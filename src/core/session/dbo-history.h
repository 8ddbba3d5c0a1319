/* dbo-history.h — undo and redo of a project's edits
 *
 * The history keeps whole states of the project (dbo_project_copy): a state
 * before each edit on the undo side, and the states undone on the redo side.
 * Edits to one record in quick succession (the keystrokes of one field) are
 * one step. A state is small beside what the window holds, and a whole state
 * is what makes an undo exact whatever the edit touched (a deleted object
 * takes the panel's opinion of it along, and brings it back).
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

typedef enum {
  DBO_EDIT_CHANGE,                /* a record edited */
  DBO_EDIT_ADD,                   /* a record added */
  DBO_EDIT_REMOVE,                /* a record deleted */
  DBO_EDIT_REPLACE,               /* the whole project replaced (an import) */
} DboEditKind;

/* What one step did, for the menu's "Undo …" label. */
typedef struct {
  DboEditKind kind;
  int part;                       /* DboPart (dbo-session.h) */
  char *name;                     /* the record's name then, or NULL */
} DboEditInfo;

typedef struct _DboHistory DboHistory;

/* @current: the state edits start from. At most @limit steps are kept. */
DboHistory        *dbo_history_new        (const DboProject *current, guint limit);
void               dbo_history_free       (DboHistory *history);

/* @current has changed by one edit: the state before it becomes an undo
 * step, unless this edit continues the last step (the same record changed
 * again within @merge_us microseconds of the last edit at @now_us). Any edit
 * forgets what was undone. */
void               dbo_history_record     (DboHistory *history, const DboProject *current, DboEditKind kind,
                                           int part, const char *id, const char *name, gint64 now_us,
                                           gint64 merge_us);

gboolean           dbo_history_can_undo   (DboHistory *history);
gboolean           dbo_history_can_redo   (DboHistory *history);
/* The step the next undo (redo) takes back (does again), or NULL. */
const DboEditInfo *dbo_history_peek_undo  (DboHistory *history);
const DboEditInfo *dbo_history_peek_redo  (DboHistory *history);

/* The state to put in place of @current to undo (redo) one step, owned by
 * the caller, or NULL when there is none. @current goes to the other side.
 * Call dbo_history_settle() once the state is in place. */
DboProject        *dbo_history_undo       (DboHistory *history, const DboProject *current);
DboProject        *dbo_history_redo       (DboHistory *history, const DboProject *current);
/* The project now stands at @current (after an undo, a redo, or a failed
 * attempt to put one in place): the next edit starts from it. */
void               dbo_history_settle     (DboHistory *history, const DboProject *current);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboHistory, dbo_history_free)

G_END_DECLS
