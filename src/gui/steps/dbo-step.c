/* DboStep: what the seven wizard steps share.
 *
 * A step shows one part of the project held by its session. The base keeps
 * the session, the step's title and help page (its name is the widget's
 * name), and writes what was typed when the step is left (unmapped). A
 * subclass connects to the session in session_set; whatever it connected
 * with the step as data is disconnected here when the session changes or the
 * step goes. Steps reach the window only through its actions
 * ("win.focus-path", "app.open-path"), and show toasts through the toast
 * overlay around them.
 */
#define G_LOG_DOMAIN "dengbao-step"
#include "config.h"

#include "dbo-step.h"
#include "dbo-widget-util.h"

typedef struct
{
  DboSession *session;
  char *title;
  char *help_page;
} DboStepPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (DboStep, dbo_step, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, PROP_TITLE, PROP_HELP_PAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

DboSession *
dbo_step_get_session (DboStep *self)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  g_return_val_if_fail (DBO_IS_STEP (self), NULL);
  return priv->session;
}

void
dbo_step_set_session (DboStep    *self,
                      DboSession *session)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  g_return_if_fail (DBO_IS_STEP (self));
  g_return_if_fail (session == NULL || DBO_IS_SESSION (session));

  if (priv->session == session)
    return;
  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_set_object (&priv->session, session);
  if (DBO_STEP_GET_CLASS (self)->session_set != NULL)
    DBO_STEP_GET_CLASS (self)->session_set (self, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
dbo_step_get_name (DboStep *self)
{
  g_return_val_if_fail (DBO_IS_STEP (self), NULL);
  return gtk_widget_get_name (GTK_WIDGET (self));
}

const char *
dbo_step_get_title (DboStep *self)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  g_return_val_if_fail (DBO_IS_STEP (self), NULL);
  return priv->title;
}

const char *
dbo_step_get_help_page (DboStep *self)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  g_return_val_if_fail (DBO_IS_STEP (self), NULL);
  return priv->help_page;
}

void
dbo_step_focus_path (DboStep    *self,
                     const char *path)
{
  g_return_if_fail (DBO_IS_STEP (self));
  if (path != NULL && DBO_STEP_GET_CLASS (self)->focus_path != NULL)
    DBO_STEP_GET_CLASS (self)->focus_path (self, path);
}

void
dbo_step_flush (DboStep *self)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  g_return_if_fail (DBO_IS_STEP (self));
  if (priv->session != NULL)
    dbo_session_flush (priv->session, NULL);
}

void
dbo_step_flush_on_focus_leave (DboStep *self)
{
  GtkEventController *focus;

  g_return_if_fail (DBO_IS_STEP (self));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (dbo_step_flush), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

void
dbo_step_add_toast (DboStep  *self,
                    AdwToast *toast)
{
  g_return_if_fail (DBO_IS_STEP (self));
  dbo_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
dbo_step_unmap (GtkWidget *widget)
{
  /* Leaving the step writes what was typed in it; a failure shows in the header. */
  dbo_step_flush (DBO_STEP (widget));
  GTK_WIDGET_CLASS (dbo_step_parent_class)->unmap (widget);
}

static void
dbo_step_dispose (GObject *object)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (DBO_STEP (object));

  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, object);
  g_clear_object (&priv->session);
  G_OBJECT_CLASS (dbo_step_parent_class)->dispose (object);
}

static void
dbo_step_finalize (GObject *object)
{
  DboStepPrivate *priv = dbo_step_get_instance_private (DBO_STEP (object));

  g_free (priv->title);
  g_free (priv->help_page);
  G_OBJECT_CLASS (dbo_step_parent_class)->finalize (object);
}

static void
dbo_step_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DboStep *self = DBO_STEP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, dbo_step_get_session (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, dbo_step_get_title (self));
      break;
    case PROP_HELP_PAGE:
      g_value_set_string (value, dbo_step_get_help_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DboStep *self = DBO_STEP (object);
  DboStepPrivate *priv = dbo_step_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      dbo_step_set_session (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      g_free (priv->title);
      priv->title = g_value_dup_string (value);
      break;
    case PROP_HELP_PAGE:
      g_free (priv->help_page);
      priv->help_page = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_class_init (DboStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_step_dispose;
  object_class->finalize = dbo_step_finalize;
  object_class->get_property = dbo_step_get_property;
  object_class->set_property = dbo_step_set_property;
  widget_class->unmap = dbo_step_unmap;

  /**
   * DboStep:session:
   *
   * The open project the step shows, set by the window.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DboStep:title:
   *
   * The step's title, as the sidebar and the header say it.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DboStep:help-page:
   *
   * The help page F1 opens on this step.
   */
  properties[PROP_HELP_PAGE] =
    g_param_spec_string ("help-page", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dbo_step_init (DboStep *self)
{
}
