/* DboFieldRow: an AdwEntryRow for one field of the project, named by its
 * findings' path. It marks itself whenever the session's findings change,
 * so a step no longer walks its rows to mark them. */
#define G_LOG_DOMAIN "dengbao-field-row"
#include "config.h"

#include "dbo-field-row.h"
#include "dbo-findings-box.h"
#include "dbo-widget-util.h"

struct _DboFieldRow
{
  AdwEntryRow parent_instance;

  char *path;
  gboolean warning_as_error;
  DboSession *session;
  gulong findings_handler;
};

G_DEFINE_FINAL_TYPE (DboFieldRow, dbo_field_row, ADW_TYPE_ENTRY_ROW)

GtkWidget *
dbo_field_row_new (void)
{
  return g_object_new (DBO_TYPE_FIELD_ROW, NULL);
}

static void
update_mark (DboFieldRow *self)
{
  const DboFinding *finding = NULL;

  /* Without a path the step marks the row itself. */
  if (self->path == NULL)
    return;
  if (self->session != NULL)
    finding = dbo_findings_box_find_for_path (self->session, self->path);
  dbo_widget_mark_finding (GTK_WIDGET (self), finding, self->warning_as_error);
}

void
dbo_field_row_set_path (DboFieldRow *self,
                        const char  *path)
{
  g_return_if_fail (DBO_IS_FIELD_ROW (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  update_mark (self);
}

const char *
dbo_field_row_get_path (DboFieldRow *self)
{
  g_return_val_if_fail (DBO_IS_FIELD_ROW (self), NULL);

  return self->path;
}

void
dbo_field_row_set_warning_as_error (DboFieldRow *self,
                                    gboolean     warning_as_error)
{
  g_return_if_fail (DBO_IS_FIELD_ROW (self));

  self->warning_as_error = warning_as_error;
  update_mark (self);
}

void
dbo_field_row_set_session (DboFieldRow *self,
                           DboSession  *session)
{
  g_return_if_fail (DBO_IS_FIELD_ROW (self));
  g_return_if_fail (session == NULL || DBO_IS_SESSION (session));

  if (self->session != session)
    {
      if (self->session != NULL)
        g_clear_signal_handler (&self->findings_handler, self->session);
      g_set_object (&self->session, session);
      if (session != NULL)
        self->findings_handler = g_signal_connect_swapped (session, "findings-changed",
                                                           G_CALLBACK (update_mark), self);
    }
  update_mark (self);
}

void
dbo_field_row_set_text (DboFieldRow *self,
                        const char  *text)
{
  g_return_if_fail (DBO_IS_FIELD_ROW (self));

  dbo_editable_set_text_kept (GTK_EDITABLE (self), text);
}

static void
dbo_field_row_dispose (GObject *object)
{
  DboFieldRow *self = DBO_FIELD_ROW (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->findings_handler, self->session);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dbo_field_row_parent_class)->dispose (object);
}

static void
dbo_field_row_finalize (GObject *object)
{
  g_free (DBO_FIELD_ROW (object)->path);
  G_OBJECT_CLASS (dbo_field_row_parent_class)->finalize (object);
}

static void
dbo_field_row_class_init (DboFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dbo_field_row_dispose;
  object_class->finalize = dbo_field_row_finalize;
}

static void
dbo_field_row_init (DboFieldRow *self)
{
}
