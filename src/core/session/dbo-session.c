/* DboSession: an open project for the fronts.
 *
 * The model in memory is the truth the window shows; the file follows it.
 * Pending writes are kept as keys ("enterprise", "object:o3" …) whose flush
 * makes the file match the model for that record (saving it, or deleting it
 * when the model no longer has it). A failed flush keeps every key pending,
 * publishes the error and retries, so an edit is never lost to a full disk.
 */
#define G_LOG_DOMAIN "dengbao-session"
#include "config.h"

#include "dbo-session.h"

#include "dbo-checks.h"
#include "dbo-grading.h"
#include "dbo-history.h"
#include "dbo-store.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#define DEFAULT_SAVE_DELAY_MS 400
#define RETRY_DELAY_MS 5000
#define FINDINGS_DELAY_MS 150
/* Undo steps kept for the session; keystrokes in one field this close
 * together are one step. */
#define HISTORY_LIMIT 200
#define HISTORY_MERGE_US (2 * G_USEC_PER_SEC)

struct _DboSession
{
  GObject parent_instance;

  DboStore *store;
  DboProject *project;
  DboRuleset *rules;
  GPtrArray *old_rules;           /* replaced rule sets, kept for pointers handed out */
  DboCalendar *calendar;
  GDate today;
  gboolean today_fixed;

  GHashTable *pending;            /* "part" or "part:id" → NULL; ordered by pending_order */
  GPtrArray *pending_order;
  guint save_source;
  guint save_delay_ms;
  char *save_error;
  gboolean save_blocked;          /* the file will not take writes: no retries */

  GPtrArray *findings;
  gboolean findings_stale;
  gboolean findings_unannounced;  /* changed since "findings-changed" was last emitted */
  guint findings_source;

  DboHistory *history;
  gboolean installing;            /* a state of the history is being put in place */
};

G_DEFINE_FINAL_TYPE (DboSession, dbo_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_SAVED, PROP_SAVE_ERROR, PROP_PATH, PROP_READ_ONLY, PROP_CAN_UNDO, PROP_CAN_REDO, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, FINDINGS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

struct _DboRemoval
{
  DboPart part;
  char *label;
  int position;
  DboObject *object;
  DboRecommendation *recommendation;
  DboMember *member;
};

static const char *part_names[] = {
  "header", "enterprise", "object", "panel", "member", "recommendation",
  "reviews", "filing", "assessments", "attachments",
};

static void schedule_save (DboSession *self, guint delay_ms);

/* ---- lifecycle ---- */

static void
dbo_session_finalize (GObject *object)
{
  DboSession *self = DBO_SESSION (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->findings_source, g_source_remove);
  if (self->store != NULL && g_hash_table_size (self->pending) > 0)
    {
      g_autoptr(GError) error = NULL;

      /* Last chance: the fronts flush on close, this catches the rest. */
      if (!dbo_session_flush (self, &error))
        g_debug ("unsaved changes lost at finalize: %s", error->message);
    }
  g_clear_pointer (&self->store, dbo_store_close);
  g_clear_pointer (&self->project, dbo_project_free);
  g_clear_pointer (&self->history, dbo_history_free);
  g_clear_pointer (&self->rules, dbo_ruleset_unref);
  g_clear_pointer (&self->old_rules, g_ptr_array_unref);
  g_clear_pointer (&self->calendar, dbo_calendar_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->pending_order, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_free (self->save_error);
  G_OBJECT_CLASS (dbo_session_parent_class)->finalize (object);
}

static void
dbo_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboSession *self = DBO_SESSION (object);

  switch (prop_id)
    {
    case PROP_SAVED:
      g_value_set_boolean (value, dbo_session_get_saved (self));
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    case PROP_PATH:
      g_value_set_string (value, dbo_session_get_path (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, dbo_session_get_read_only (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, dbo_session_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, dbo_session_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_session_class_init (DboSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dbo_session_finalize;
  object_class->get_property = dbo_session_get_property;

  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVE_ERROR] =
    g_param_spec_string ("save-error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DboSession::changed:
   * @part: a #DboPart
   * @id: (nullable): the record's id for parts that have one
   *
   * The model changed in memory (the write may still be pending).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  /**
   * DboSession::findings-changed:
   *
   * The findings were recomputed after changes.
   */
  signals[FINDINGS_CHANGED] = g_signal_new ("findings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
set_today_now (DboSession *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
dbo_session_init (DboSession *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->pending_order = g_ptr_array_new_with_free_func (g_free);
  self->save_delay_ms = DEFAULT_SAVE_DELAY_MS;
  self->findings_stale = TRUE;
  set_today_now (self);
}

static DboSession *
session_new (DboStore *store, DboProject *project, GError **error)
{
  g_autoptr(DboSession) self = g_object_new (DBO_TYPE_SESSION, NULL);
  const char *id = !dbo_str_empty (project->ruleset) ? project->ruleset : DBO_DEFAULT_RULESET;

  self->store = store;
  self->project = project;
  self->history = dbo_history_new (project, HISTORY_LIMIT);
  self->rules = dbo_ruleset_load_named (id, error);
  if (self->rules == NULL)
    return NULL;
  self->calendar = dbo_calendar_load_default (error);
  if (self->calendar == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

static DboSession *
session_open (const char *path, DboStoreOpenFlags flags, GError **error)
{
  g_autoptr(DboStore) store = dbo_store_open_full (path, flags, error);
  g_autoptr(DboProject) project = NULL;

  if (store == NULL)
    return NULL;
  project = dbo_store_load (store, error);
  if (project == NULL)
    return NULL;
  return session_new (g_steal_pointer (&store), g_steal_pointer (&project), error);
}

DboSession *
dbo_session_open (const char *path, GError **error)
{
  return session_open (path, DBO_STORE_OPEN_EDIT, error);
}

DboSession *
dbo_session_open_read_only (const char *path, GError **error)
{
  return session_open (path, DBO_STORE_OPEN_READ_ONLY, error);
}

gboolean
dbo_session_get_read_only (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), TRUE);
  return dbo_store_is_read_only (self->store);
}

DboSession *
dbo_session_create (const char *path, DboProject *project, GError **error)
{
  g_autoptr(DboProject) owned = project;
  g_autoptr(DboStore) store = dbo_store_create (path, owned, error);

  if (store == NULL)
    return NULL;
  return session_new (g_steal_pointer (&store), g_steal_pointer (&owned), error);
}

const char *
dbo_session_get_path (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return dbo_store_get_path (self->store);
}

gboolean
dbo_session_holds_file (DboSession *self, const char *path)
{
  GStatBuf st;
  guint64 dev, ino;

  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dbo_store_get_identity (self->store, &dev, &ino);
  if (g_stat (path, &st) != 0 || (dev == 0 && ino == 0))
    return FALSE;
  return (guint64) st.st_dev == dev && (guint64) st.st_ino == ino;
}

DboProject *
dbo_session_get_project (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return self->project;
}

const DboRuleset *
dbo_session_get_rules (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return self->rules;
}

const DboCalendar *
dbo_session_get_calendar (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return self->calendar;
}

/* ---- findings ---- */

static gboolean
findings_timeout_cb (gpointer user_data)
{
  DboSession *self = user_data;

  self->findings_source = 0;
  /* Someone may have read (and so recomputed) the findings since the change:
   * they are announced all the same. */
  if (self->findings_unannounced)
    {
      self->findings_unannounced = FALSE;
      dbo_session_get_findings (self);
      g_signal_emit (self, signals[FINDINGS_CHANGED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
invalidate_findings (DboSession *self)
{
  self->findings_stale = TRUE;
  self->findings_unannounced = TRUE;
  if (self->findings_source == 0)
    self->findings_source = g_timeout_add (FINDINGS_DELAY_MS, findings_timeout_cb, self);
}

GPtrArray *
dbo_session_get_findings (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  if (self->findings_stale || self->findings == NULL)
    {
      g_clear_pointer (&self->findings, g_ptr_array_unref);
      self->findings = dbo_checks_run (self->project, self->rules, self->calendar, &self->today);
      self->findings_stale = FALSE;
    }
  return self->findings;
}

void
dbo_session_set_today (DboSession *self, const GDate *today)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  if (today != NULL)
    self->today = *today;
  else
    set_today_now (self);
  invalidate_findings (self);
}

const GDate *
dbo_session_get_today (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return &self->today;
}

/* ---- saving ---- */

static char *
pending_key (DboPart part, const char *id)
{
  return id != NULL ? g_strdup_printf ("%s:%s", part_names[part], id) : g_strdup (part_names[part]);
}

static void
add_pending (DboSession *self, DboPart part, const char *id)
{
  char *key = pending_key (part, id);
  gboolean was_saved = g_hash_table_size (self->pending) == 0;

  if (g_hash_table_contains (self->pending, key))
    {
      g_free (key);
      return;
    }
  g_ptr_array_add (self->pending_order, key);
  g_hash_table_add (self->pending, key);
  if (was_saved)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
}

static int
object_position (DboProject *p, const char *id)
{
  for (guint i = 0; i < p->objects->len; i++)
    if (g_strcmp0 (((DboObject *) g_ptr_array_index (p->objects, i))->id, id) == 0)
      return (int) i;
  return -1;
}

static int
member_position (DboProject *p, const char *id)
{
  for (guint i = 0; i < p->panel.members->len; i++)
    if (g_strcmp0 (((DboMember *) g_ptr_array_index (p->panel.members, i))->id, id) == 0)
      return (int) i;
  return -1;
}

/* A record already gone from the file is as good as deleted. */
static gboolean
deleted (gboolean ok, GError **error)
{
  if (!ok && g_error_matches (*error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (error);
      return TRUE;
    }
  return ok;
}

/* Makes the file match the model for one pending key. */
static gboolean
write_key (DboSession *self, const char *key, GError **error)
{
  DboProject *p = self->project;
  const char *colon = strchr (key, ':');
  g_autofree char *name = colon ? g_strndup (key, colon - key) : g_strdup (key);
  const char *id = colon ? colon + 1 : NULL;

  if (g_str_equal (name, "header"))
    return dbo_store_save_header (self->store, p, error);
  if (g_str_equal (name, "enterprise"))
    return dbo_store_save_enterprise (self->store, &p->enterprise, error);
  if (g_str_equal (name, "panel"))
    return dbo_store_save_panel (self->store, &p->panel, error);
  if (g_str_equal (name, "reviews"))
    {
      for (guint i = 0; i < p->reviews->len; i++)
        if (!dbo_store_save_review (self->store, g_ptr_array_index (p->reviews, i), error))
          return FALSE;
      return TRUE;
    }
  if (g_str_equal (name, "filing"))
    return dbo_store_save_filing (self->store, p->has_filing ? &p->filing : NULL, error);
  if (g_str_equal (name, "assessments"))
    return dbo_store_save_assessments (self->store, p->assessments, error);
  if (g_str_equal (name, "attachments"))
    {
      for (guint i = 0; i < p->attachments->len; i++)
        if (!dbo_store_add_attachment (self->store, g_ptr_array_index (p->attachments, i), error))
          return FALSE;
      return TRUE;
    }
  if (g_str_equal (name, "object"))
    {
      int pos = object_position (p, id);

      if (pos >= 0)
        return dbo_store_save_object (self->store, g_ptr_array_index (p->objects, pos), pos, error);
      return deleted (dbo_store_delete_object (self->store, id, error), error);
    }
  if (g_str_equal (name, "member"))
    {
      int pos = member_position (p, id);

      if (pos >= 0)
        return dbo_store_save_member (self->store, g_ptr_array_index (p->panel.members, pos), pos, error);
      return deleted (dbo_store_delete_member (self->store, id, error), error);
    }
  if (g_str_equal (name, "recommendation"))
    {
      const DboRecommendation *rec = dbo_project_find_recommendation (p, id);

      if (rec != NULL)
        return dbo_store_save_recommendation (self->store, rec, error);
      return deleted (dbo_store_delete_recommendation (self->store, id, error), error);
    }
  g_return_val_if_reached (TRUE);
}

static void
set_save_error (DboSession *self, const char *message)
{
  if (g_strcmp0 (self->save_error, message) == 0)
    return;
  g_free (self->save_error);
  self->save_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_ERROR]);
}

static gboolean
is_blocking_error (const GError *error)
{
  return error->domain == DBO_STORE_ERROR
    && (error->code == DBO_STORE_ERROR_READ_ONLY || error->code == DBO_STORE_ERROR_REPLACED
        || error->code == DBO_STORE_ERROR_CHANGED);
}

gboolean
dbo_session_get_save_blocked (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return self->save_error != NULL && self->save_blocked;
}

gboolean
dbo_session_save_as (DboSession *self, const char *path, GError **error)
{
  DboStore *store;

  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  store = dbo_store_create (path, self->project, error);
  if (store == NULL)
    return FALSE;
  /* The new file holds every record: nothing is pending for it. */
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_pointer (&self->store, dbo_store_close);
  self->store = store;
  g_hash_table_remove_all (self->pending);
  g_ptr_array_set_size (self->pending_order, 0);
  self->save_blocked = FALSE;
  set_save_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
  return TRUE;
}

gboolean
dbo_session_flush (DboSession *self, GError **error)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  while (self->pending_order->len > 0)
    {
      const char *key = g_ptr_array_index (self->pending_order, 0);
      g_autoptr(GError) local = NULL;

      if (!write_key (self, key, &local))
        {
          /* It stays pending, with everything after it, and is retried —
           * unless the file will never take it: then it waits for Save As. */
          self->save_blocked = is_blocking_error (local);
          set_save_error (self, local->message);
          if (!self->save_blocked)
            schedule_save (self, RETRY_DELAY_MS);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_hash_table_remove (self->pending, key);
      g_ptr_array_remove_index (self->pending_order, 0);
    }
  self->save_blocked = FALSE;
  set_save_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  DboSession *self = user_data;

  self->save_source = 0;
  dbo_session_flush (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (DboSession *self, guint delay_ms)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (delay_ms, save_timeout_cb, self);
}

void
dbo_session_set_save_delay (DboSession *self, guint ms)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  self->save_delay_ms = ms;
}

gboolean
dbo_session_get_saved (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return g_hash_table_size (self->pending) == 0;
}

const char *
dbo_session_get_save_error (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return self->save_error;
}

/* ---- undo and redo ---- */

/* The name the menu gives the record an edit touched. */
static const char *
record_name (DboSession *self, DboPart part, const char *id)
{
  const DboObject *o;
  const DboMember *m;

  switch (part)
    {
    case DBO_PART_OBJECT:
    case DBO_PART_RECOMMENDATION:
      o = id ? dbo_project_find_object (self->project, id) : NULL;
      return o != NULL && !dbo_str_empty (o->name) ? o->name : id;
    case DBO_PART_MEMBER:
      m = id ? dbo_project_find_member (self->project, id) : NULL;
      return m != NULL && !dbo_str_empty (m->name) ? m->name : id;
    case DBO_PART_HEADER:
    case DBO_PART_ENTERPRISE:
    case DBO_PART_PANEL:
    case DBO_PART_REVIEWS:
    case DBO_PART_FILING:
    case DBO_PART_ASSESSMENTS:
    case DBO_PART_ATTACHMENTS:
    default:
      return NULL;
    }
}

static void
notify_history (DboSession *self, gboolean could_undo, gboolean could_redo)
{
  if (could_undo != dbo_session_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != dbo_session_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* The model has just changed by one edit: the state before it becomes an
 * undo step. @name: the record's name (NULL: looked up). */
static void
record_edit (DboSession *self, DboEditKind kind, DboPart part, const char *id, const char *name)
{
  gboolean could_undo, could_redo;

  if (self->installing || self->history == NULL)
    return;
  could_undo = dbo_session_can_undo (self);
  could_redo = dbo_session_can_redo (self);
  dbo_history_record (self->history, self->project, kind, (int) part, id,
                      name != NULL ? name : record_name (self, part, id), g_get_monotonic_time (),
                      HISTORY_MERGE_US);
  notify_history (self, could_undo, could_redo);
}

gboolean
dbo_session_can_undo (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return self->history != NULL && !dbo_session_get_read_only (self) && dbo_history_can_undo (self->history);
}

gboolean
dbo_session_can_redo (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return self->history != NULL && !dbo_session_get_read_only (self) && dbo_history_can_redo (self->history);
}

const DboEditInfo *
dbo_session_peek_undo (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return dbo_session_can_undo (self) ? dbo_history_peek_undo (self->history) : NULL;
}

const DboEditInfo *
dbo_session_peek_redo (DboSession *self)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  return dbo_session_can_redo (self) ? dbo_history_peek_redo (self->history) : NULL;
}

static gboolean rules_for (DboSession *self, const DboProject *project, DboRuleset **rules_out, GError **error);
static void install_project (DboSession *self, DboProject *incoming, DboRuleset *rules);

/* Puts the state one step back (@undo) or forward in place: the file first,
 * then the model. A failure leaves both, and the history, as they were. */
static gboolean
step_history (DboSession *self, gboolean undo, GError **error)
{
  gboolean could_undo = dbo_session_can_undo (self), could_redo = dbo_session_can_redo (self);
  g_autoptr(DboRuleset) rules = NULL;
  DboProject *state;

  if (!(undo ? could_undo : could_redo))
    return TRUE;
  if (!dbo_session_flush (self, error))
    return FALSE;
  state = undo ? dbo_history_undo (self->history, self->project) : dbo_history_redo (self->history, self->project);
  if (!rules_for (self, state, &rules, error) || !dbo_store_save_project (self->store, state, error))
    {
      /* Back to where it was: the step returns to its side. */
      g_autoptr(DboProject) back = undo ? dbo_history_redo (self->history, self->project)
                                        : dbo_history_undo (self->history, self->project);

      dbo_project_free (state);
      dbo_history_settle (self->history, self->project);
      return FALSE;
    }
  install_project (self, state, g_steal_pointer (&rules));
  dbo_history_settle (self->history, self->project);
  notify_history (self, could_undo, could_redo);
  return TRUE;
}

gboolean
dbo_session_undo (DboSession *self, GError **error)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return step_history (self, TRUE, error);
}

gboolean
dbo_session_redo (DboSession *self, GError **error)
{
  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  return step_history (self, FALSE, error);
}

void
dbo_session_changed (DboSession *self, DboPart part, const char *id)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  g_return_if_fail (part < G_N_ELEMENTS (part_names));

  add_pending (self, part, id);
  record_edit (self, DBO_EDIT_CHANGE, part, id, NULL);
  /* While the file refuses writes, keep retrying on the slow clock; a file
   * that will never take them is not written to again until Save As. */
  if (!dbo_session_get_save_blocked (self))
    schedule_save (self, self->save_error != NULL ? RETRY_DELAY_MS : self->save_delay_ms);
  invalidate_findings (self);
  g_signal_emit (self, signals[CHANGED], 0, (int) part, id);
}

/* A structural edit is written at once; a failure leaves it pending. */
static void
changed_now (DboSession *self, DboEditKind kind, DboPart part, const char *id, const char *name)
{
  add_pending (self, part, id);
  record_edit (self, kind, part, id, name);
  invalidate_findings (self);
  g_signal_emit (self, signals[CHANGED], 0, (int) part, id);
  dbo_session_flush (self, NULL);
}

void
dbo_session_add_object (DboSession *self, DboObject *object)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  g_return_if_fail (object != NULL && object->id != NULL);
  g_return_if_fail (dbo_project_find_object (self->project, object->id) == NULL);

  g_ptr_array_add (self->project->objects, object);
  changed_now (self, DBO_EDIT_ADD, DBO_PART_OBJECT, object->id, NULL);
}

void
dbo_session_add_member (DboSession *self, DboMember *member)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  g_return_if_fail (member != NULL && member->id != NULL);
  g_return_if_fail (dbo_project_find_member (self->project, member->id) == NULL);

  g_ptr_array_add (self->project->panel.members, member);
  changed_now (self, DBO_EDIT_ADD, DBO_PART_MEMBER, member->id, NULL);
}

void
dbo_session_set_recommendation (DboSession *self, const char *object_id, int level, const char *reason)
{
  DboRecommendation *rec;

  g_return_if_fail (DBO_IS_SESSION (self));
  g_return_if_fail (object_id != NULL);
  g_return_if_fail (level >= 0 && level <= 5);

  rec = dbo_project_find_recommendation (self->project, object_id);
  if (level == 0)
    {
      if (rec != NULL)
        g_ptr_array_remove (self->project->panel.recommendations, rec);
    }
  else if (rec == NULL)
    g_ptr_array_add (self->project->panel.recommendations, dbo_recommendation_new (object_id, level, reason));
  else
    {
      rec->level = level;
      dbo_set_str (&rec->reason, reason);
    }
  dbo_session_changed (self, DBO_PART_RECOMMENDATION, object_id);
}

/* ---- undoable removal ---- */

void
dbo_removal_free (DboRemoval *removal)
{
  if (removal == NULL)
    return;
  g_free (removal->label);
  g_clear_pointer (&removal->object, dbo_object_free);
  g_clear_pointer (&removal->recommendation, dbo_recommendation_free);
  g_clear_pointer (&removal->member, dbo_member_free);
  g_free (removal);
}

const char *
dbo_removal_get_label (DboRemoval *removal)
{
  return removal->label;
}

DboRemoval *
dbo_session_remove_object (DboSession *self, const char *object_id)
{
  DboRemoval *removal;
  DboRecommendation *rec;
  int pos;

  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  pos = object_position (self->project, object_id);
  g_return_val_if_fail (pos >= 0, NULL);

  removal = g_new0 (DboRemoval, 1);
  removal->part = DBO_PART_OBJECT;
  removal->position = pos;
  removal->object = g_ptr_array_steal_index (self->project->objects, pos);
  removal->label = g_strdup (!dbo_str_empty (removal->object->name) ? removal->object->name : object_id);
  /* The panel's word on the object goes with it, and comes back with it. */
  rec = dbo_project_find_recommendation (self->project, object_id);
  if (rec != NULL)
    {
      g_ptr_array_set_free_func (self->project->panel.recommendations, NULL);
      g_ptr_array_remove (self->project->panel.recommendations, rec);
      g_ptr_array_set_free_func (self->project->panel.recommendations, (GDestroyNotify) dbo_recommendation_free);
      removal->recommendation = rec;
      add_pending (self, DBO_PART_RECOMMENDATION, object_id);
    }
  changed_now (self, DBO_EDIT_REMOVE, DBO_PART_OBJECT, object_id, removal->label);
  return removal;
}

DboRemoval *
dbo_session_remove_member (DboSession *self, const char *member_id)
{
  DboRemoval *removal;
  int pos;

  g_return_val_if_fail (DBO_IS_SESSION (self), NULL);
  pos = member_position (self->project, member_id);
  g_return_val_if_fail (pos >= 0, NULL);

  removal = g_new0 (DboRemoval, 1);
  removal->part = DBO_PART_MEMBER;
  removal->position = pos;
  removal->member = g_ptr_array_steal_index (self->project->panel.members, pos);
  removal->label = g_strdup (!dbo_str_empty (removal->member->name) ? removal->member->name : member_id);
  changed_now (self, DBO_EDIT_REMOVE, DBO_PART_MEMBER, member_id, removal->label);
  return removal;
}

void
dbo_session_undo_removal (DboSession *self, DboRemoval *removal)
{
  g_return_if_fail (DBO_IS_SESSION (self));
  g_return_if_fail (removal != NULL);

  if (removal->object != NULL)
    {
      DboObject *o = g_steal_pointer (&removal->object);
      guint pos = MIN ((guint) removal->position, self->project->objects->len);

      g_ptr_array_insert (self->project->objects, pos, o);
      /* Later objects moved: their positions are written too. */
      for (guint i = pos; i < self->project->objects->len; i++)
        add_pending (self, DBO_PART_OBJECT, ((DboObject *) g_ptr_array_index (self->project->objects, i))->id);
      if (removal->recommendation != NULL)
        {
          g_ptr_array_add (self->project->panel.recommendations, g_steal_pointer (&removal->recommendation));
          add_pending (self, DBO_PART_RECOMMENDATION, o->id);
        }
      changed_now (self, DBO_EDIT_ADD, DBO_PART_OBJECT, o->id, NULL);
    }
  else if (removal->member != NULL)
    {
      DboMember *m = g_steal_pointer (&removal->member);
      guint pos = MIN ((guint) removal->position, self->project->panel.members->len);

      g_ptr_array_insert (self->project->panel.members, pos, m);
      for (guint i = pos; i < self->project->panel.members->len; i++)
        add_pending (self, DBO_PART_MEMBER, ((DboMember *) g_ptr_array_index (self->project->panel.members, i))->id);
      changed_now (self, DBO_EDIT_ADD, DBO_PART_MEMBER, m->id, NULL);
    }
}

/* ---- replacing the whole project (importing a bundle of it) ---- */

/* Every id of @get's records in @a and @b, each once, @a's first. */
static GPtrArray *
union_ids (GPtrArray *a, GPtrArray *b, const char *(*get) (gconstpointer))
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lists[2] = { a, b };

  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const char *id = get (g_ptr_array_index (lists[l], i));

        if (id != NULL && g_hash_table_add (seen, (gpointer) id))
          g_ptr_array_add (ids, g_strdup (id));
      }
  return ids;
}

static const char *
object_id_of (gconstpointer p)
{
  return ((const DboObject *) p)->id;
}

static const char *
member_id_of (gconstpointer p)
{
  return ((const DboMember *) p)->id;
}

/* The rule set @project names, when it is not the one in use (*@rules_out
 * NULL otherwise). */
static gboolean
rules_for (DboSession *self, const DboProject *project, DboRuleset **rules_out, GError **error)
{
  const char *ruleset_id = !dbo_str_empty (project->ruleset) ? project->ruleset : DBO_DEFAULT_RULESET;

  *rules_out = NULL;
  if (g_strcmp0 (ruleset_id, dbo_ruleset_get_id (self->rules)) == 0)
    return TRUE;
  *rules_out = dbo_ruleset_load_named (ruleset_id, error);
  return *rules_out != NULL;
}

/* Swaps in @incoming (taken; the file already holds it) and @rules (taken,
 * nullable), and announces every part and record of both states. */
static void
install_project (DboSession *self, DboProject *incoming, DboRuleset *rules)
{
  g_autoptr(GPtrArray) object_ids = union_ids (self->project->objects, incoming->objects, object_id_of);
  g_autoptr(GPtrArray) member_ids = union_ids (self->project->panel.members, incoming->panel.members,
                                               member_id_of);
  g_autoptr(DboProject) old = g_steal_pointer (&self->project);

  self->project = incoming;
  if (rules != NULL)
    {
      if (self->old_rules == NULL)
        self->old_rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_ruleset_unref);
      g_ptr_array_add (self->old_rules, self->rules);
      self->rules = rules;
    }
  invalidate_findings (self);

  /* Nothing is pending, only announced; the history does not record it. */
  self->installing = TRUE;
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_HEADER, NULL);
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_ENTERPRISE, NULL);
  for (guint i = 0; i < object_ids->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_OBJECT, g_ptr_array_index (object_ids, i));
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_PANEL, NULL);
  for (guint i = 0; i < member_ids->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_MEMBER, g_ptr_array_index (member_ids, i));
  for (guint i = 0; i < object_ids->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_RECOMMENDATION, g_ptr_array_index (object_ids, i));
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_REVIEWS, NULL);
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_FILING, NULL);
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_ASSESSMENTS, NULL);
  g_signal_emit (self, signals[CHANGED], 0, (int) DBO_PART_ATTACHMENTS, NULL);
  self->installing = FALSE;
}

gboolean
dbo_session_replace_project (DboSession *self, DboProject *project, const char *snapshot_name,
                             char **snapshot_out, GError **error)
{
  g_autoptr(DboProject) incoming = project;
  g_autoptr(DboRuleset) rules = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (DBO_IS_SESSION (self), FALSE);
  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (incoming->id, self->project->id) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s holds project %s, not %s: a project is only replaced by another state of itself",
                   dbo_store_get_path (self->store), self->project->id ? self->project->id : "",
                   incoming->id ? incoming->id : "");
      return FALSE;
    }
  /* Everything that can fail without touching the file comes first. */
  if (!rules_for (self, incoming, &rules, error))
    return FALSE;
  if (!dbo_session_flush (self, error))
    return FALSE;
  name = dbo_store_snapshot_name_for (self->store, snapshot_name, "导入前", error);
  if (name == NULL)
    return FALSE;
  /* The state being replaced is kept first: a failure after it loses nothing. */
  if (!dbo_store_snapshot_create (self->store, name, error) ||
      !dbo_store_save_project (self->store, incoming, error))
    return FALSE;
  install_project (self, g_steal_pointer (&incoming), g_steal_pointer (&rules));
  /* Undoable like any edit: the state before the import is one step back. */
  record_edit (self, DBO_EDIT_REPLACE, DBO_PART_HEADER, NULL, NULL);

  if (snapshot_out != NULL)
    *snapshot_out = g_steal_pointer (&name);
  return TRUE;
}
