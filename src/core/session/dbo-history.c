/* dbo-history.c — undo and redo of a project's edits */
#include "config.h"

#include "dbo-history.h"

typedef struct {
  DboProject *state;
  DboEditInfo info;
} Step;

struct _DboHistory
{
  DboProject *base;               /* the state the next edit starts from */
  GPtrArray *undo;                /* of Step*, oldest first */
  GPtrArray *redo;                /* of Step*, the next redo last */
  guint limit;
  /* The last edit, to merge the next one of the same record into its step. */
  int last_part;
  char *last_id;
  gint64 last_us;
};

static void
step_free (Step *step)
{
  dbo_project_free (step->state);
  g_free (step->info.name);
  g_free (step);
}

static Step *
step_new (DboProject *state, DboEditKind kind, int part, const char *name)
{
  Step *step = g_new0 (Step, 1);

  step->state = state;
  step->info.kind = kind;
  step->info.part = part;
  step->info.name = g_strdup (name);
  return step;
}

DboHistory *
dbo_history_new (const DboProject *current, guint limit)
{
  DboHistory *history = g_new0 (DboHistory, 1);

  history->base = dbo_project_copy (current);
  history->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  history->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  history->limit = MAX (limit, 1);
  history->last_part = -1;
  return history;
}

void
dbo_history_free (DboHistory *history)
{
  if (history == NULL)
    return;
  dbo_project_free (history->base);
  g_ptr_array_unref (history->undo);
  g_ptr_array_unref (history->redo);
  g_free (history->last_id);
  g_free (history);
}

/* The next edit cannot continue the last step (after an undo, a redo, or a
 * structural edit). */
static void
break_step (DboHistory *history)
{
  history->last_part = -1;
  g_clear_pointer (&history->last_id, g_free);
}

void
dbo_history_record (DboHistory *history, const DboProject *current, DboEditKind kind, int part,
                    const char *id, const char *name, gint64 now_us, gint64 merge_us)
{
  gboolean merge = kind == DBO_EDIT_CHANGE && history->undo->len > 0 && part == history->last_part &&
                   g_strcmp0 (id, history->last_id) == 0 && now_us - history->last_us <= merge_us;

  if (!merge)
    {
      g_ptr_array_add (history->undo, step_new (history->base, kind, part, name));
      history->base = NULL;
      if (history->undo->len > history->limit)
        g_ptr_array_remove_index (history->undo, 0);
    }
  else
    {
      /* The step is named as the record is now ("Undo editing 'X'"). */
      Step *last = g_ptr_array_index (history->undo, history->undo->len - 1);

      g_free (last->info.name);
      last->info.name = g_strdup (name);
    }
  g_clear_pointer (&history->base, dbo_project_free);
  history->base = dbo_project_copy (current);
  g_ptr_array_set_size (history->redo, 0);
  if (kind == DBO_EDIT_CHANGE)
    {
      history->last_part = part;
      g_free (history->last_id);
      history->last_id = g_strdup (id);
      history->last_us = now_us;
    }
  else
    break_step (history);
}

gboolean
dbo_history_can_undo (DboHistory *history)
{
  return history->undo->len > 0;
}

gboolean
dbo_history_can_redo (DboHistory *history)
{
  return history->redo->len > 0;
}

const DboEditInfo *
dbo_history_peek_undo (DboHistory *history)
{
  return history->undo->len > 0 ? &((Step *) g_ptr_array_index (history->undo, history->undo->len - 1))->info
                                 : NULL;
}

const DboEditInfo *
dbo_history_peek_redo (DboHistory *history)
{
  return history->redo->len > 0 ? &((Step *) g_ptr_array_index (history->redo, history->redo->len - 1))->info
                                : NULL;
}

/* Takes the last step of @from; @current goes onto @to with the same
 * description (undoing an edit and redoing it name the same edit). */
static DboProject *
move_step (DboHistory *history, GPtrArray *from, GPtrArray *to, const DboProject *current)
{
  Step *step;
  DboProject *state;

  if (from->len == 0)
    return NULL;
  step = g_ptr_array_steal_index (from, from->len - 1);
  state = g_steal_pointer (&step->state);
  step->state = dbo_project_copy (current);
  g_ptr_array_add (to, step);
  break_step (history);
  return state;
}

DboProject *
dbo_history_undo (DboHistory *history, const DboProject *current)
{
  return move_step (history, history->undo, history->redo, current);
}

DboProject *
dbo_history_redo (DboHistory *history, const DboProject *current)
{
  return move_step (history, history->redo, history->undo, current);
}

void
dbo_history_settle (DboHistory *history, const DboProject *current)
{
  g_clear_pointer (&history->base, dbo_project_free);
  history->base = dbo_project_copy (current);
  break_step (history);
}
