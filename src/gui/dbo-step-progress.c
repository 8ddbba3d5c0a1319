/* DboStepProgress: in progress — the skeleton every step shares:
 * an AdwBin with a "session" property. */
#define G_LOG_DOMAIN "dengbao-step-progress"
#include "config.h"

#include "dbo-step-progress.h"

struct _DboStepProgress
{
  AdwBin parent_instance;
  DboSession *session;
};

G_DEFINE_FINAL_TYPE (DboStepProgress, dbo_step_progress, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
dbo_step_progress_dispose (GObject *object)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (dbo_step_progress_parent_class)->dispose (object);
}

static void
dbo_step_progress_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_progress_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dbo_step_progress_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_progress_class_init (DboStepProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dbo_step_progress_dispose;
  object_class->get_property = dbo_step_progress_get_property;
  object_class->set_property = dbo_step_progress_set_property;
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dbo_step_progress_init (DboStepProgress *self)
{
}

GtkWidget *
dbo_step_progress_new (void)
{
  return g_object_new (DBO_TYPE_STEP_PROGRESS, NULL);
}

DboSession *
dbo_step_progress_get_session (DboStepProgress *self)
{
  return self->session;
}

void
dbo_step_progress_set_session (DboStepProgress *self, DboSession *session)
{
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
dbo_step_progress_focus_path (DboStepProgress *self, const char *path)
{
}
