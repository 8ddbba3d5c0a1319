/* DboFindingsBox: the findings of a path prefix as a boxed list of rows
 * (error or warning icon, the message, the rule's source clause). Hidden
 * when there is nothing to say; refreshed when the session recomputes.
 * Activating a row emits "finding-activated" with the finding's path.
 *
 * Above a form the user is filling in, a box that shrinks as findings are
 * fixed moves the form under the pointer: with "keep-height" it never gets
 * lower while it shows the same prefix (it says when nothing is left), and
 * it shows fewer rows. */
#define G_LOG_DOMAIN "dengbao-findings-box"
#include "config.h"

#include "dbo-findings-box.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <string.h>

/* A fresh project of a thousand objects has a thousand findings: the box
 * shows the first few and says how many more there are. */
#define MAX_ROWS 12
#define MAX_ROWS_KEPT 4

struct _DboFindingsBox
{
  GtkBox parent_instance;

  GtkListBox *list;
  DboSession *session;
  gulong findings_handler;
  char *prefix;
  guint count;
  gboolean keep_height;
  int kept_height;              /* the highest it has been for this prefix */
};

G_DEFINE_FINAL_TYPE (DboFindingsBox, dbo_findings_box, GTK_TYPE_BOX)

enum { PROP_0, PROP_SESSION, PROP_PREFIX, PROP_COUNT, PROP_KEEP_HEIGHT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { FINDING_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

const DboFinding *
dbo_findings_box_find_for_path (DboSession *session, const char *path)
{
  GPtrArray *findings;

  if (session == NULL || path == NULL)
    return NULL;
  findings = dbo_session_get_findings (session);
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (g_strcmp0 (f->path, path) == 0)
        return f;
    }
  return NULL;
}

/* Whether @path is @prefix or lies under it, whole segments only:
 * "enterprise/name" holds neither "enterprise/named-systems/output" nor, for
 * "panel/members/m1", "panel/members/m10". */
static gboolean
path_under (const char *path, const char *prefix)
{
  gsize n = strlen (prefix);

  if (strncmp (path, prefix, n) != 0)
    return FALSE;
  return n == 0 || prefix[n - 1] == '/' || path[n] == '\0' || path[n] == '/';
}

static void
refresh (DboFindingsBox *self)
{
  GtkWidget *child;
  guint count = 0;
  guint max_rows = self->keep_height ? MAX_ROWS_KEPT : MAX_ROWS;

  /* The height it has on screen now, wrapped at its real width. */
  if (self->keep_height && gtk_widget_get_visible (GTK_WIDGET (self)))
    self->kept_height = MAX (self->kept_height, gtk_widget_get_height (GTK_WIDGET (self)));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->session != NULL && self->prefix != NULL)
    {
      GPtrArray *findings = dbo_session_get_findings (self->session);

      for (guint i = 0; i < findings->len; i++)
        {
          const DboFinding *f = g_ptr_array_index (findings, i);
          GtkWidget *row, *icon;

          if (!path_under (f->path, self->prefix))
            continue;
          if (++count > max_rows)
            continue;
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dbo_finding_describe (f));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          if (f->clause != NULL && *f->clause != '\0')
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), f->clause);
          icon = gtk_image_new_from_icon_name (f->severity == DBO_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                                                : "dialog-warning-symbolic");
          gtk_widget_add_css_class (icon, f->severity == DBO_SEVERITY_ERROR ? "error" : "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          f->severity == DBO_SEVERITY_ERROR ? _("Error") : _("Warning"), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "dbo-path", g_strdup (f->path), g_free);
          gtk_widget_add_css_class (row, f->severity == DBO_SEVERITY_ERROR ? "finding-error" : "finding-warning");
          gtk_list_box_append (self->list, row);
        }
      if (count > max_rows)
        {
          GtkWidget *more = adw_action_row_new ();
          g_autofree char *title = g_strdup_printf (ngettext ("And %u more finding", "And %u more findings",
                                                              count - max_rows), count - max_rows);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), title);
          gtk_widget_add_css_class (more, "dim-label");
          gtk_list_box_append (self->list, more);
        }
    }
  if (self->keep_height && count == 0 && self->kept_height > 0)
    {
      GtkWidget *done = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (done), _("Nothing left to correct here"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (done), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_widget_add_css_class (done, "dim-label");
      gtk_list_box_append (self->list, done);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), count > 0 || (self->keep_height && self->kept_height > 0));
  if (self->keep_height && gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      int natural = 0;

      gtk_widget_set_size_request (GTK_WIDGET (self), -1, -1);
      gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      self->kept_height = MAX (self->kept_height, natural);
      gtk_widget_set_size_request (GTK_WIDGET (self), -1, self->kept_height);
    }
  if (count != self->count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
}

static void
on_findings_changed (DboSession *session, DboFindingsBox *self)
{
  refresh (self);
}

void
dbo_findings_box_set_session (DboFindingsBox *self, DboSession *session)
{
  g_return_if_fail (DBO_IS_FINDINGS_BOX (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_clear_signal_handler (&self->findings_handler, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    self->findings_handler = g_signal_connect (session, "findings-changed", G_CALLBACK (on_findings_changed), self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
dbo_findings_box_set_prefix (DboFindingsBox *self, const char *prefix)
{
  g_return_if_fail (DBO_IS_FINDINGS_BOX (self));

  if (g_strcmp0 (self->prefix, prefix) == 0)
    return;
  g_free (self->prefix);
  self->prefix = g_strdup (prefix);
  /* Another record: its form starts below its own findings. */
  self->kept_height = 0;
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, -1);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIX]);
}

const char *
dbo_findings_box_get_prefix (DboFindingsBox *self)
{
  g_return_val_if_fail (DBO_IS_FINDINGS_BOX (self), NULL);
  return self->prefix;
}

guint
dbo_findings_box_get_count (DboFindingsBox *self)
{
  g_return_val_if_fail (DBO_IS_FINDINGS_BOX (self), 0);
  return self->count;
}

static void
dbo_findings_box_dispose (GObject *object)
{
  DboFindingsBox *self = DBO_FINDINGS_BOX (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->findings_handler, self->session);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dbo_findings_box_parent_class)->dispose (object);
}

static void
dbo_findings_box_finalize (GObject *object)
{
  g_free (DBO_FINDINGS_BOX (object)->prefix);
  G_OBJECT_CLASS (dbo_findings_box_parent_class)->finalize (object);
}

static void
dbo_findings_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboFindingsBox *self = DBO_FINDINGS_BOX (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_PREFIX: g_value_set_string (value, self->prefix); break;
    case PROP_COUNT: g_value_set_uint (value, self->count); break;
    case PROP_KEEP_HEIGHT: g_value_set_boolean (value, self->keep_height); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_findings_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DboFindingsBox *self = DBO_FINDINGS_BOX (object);

  switch (prop_id)
    {
    case PROP_SESSION: dbo_findings_box_set_session (self, g_value_get_object (value)); break;
    case PROP_PREFIX: dbo_findings_box_set_prefix (self, g_value_get_string (value)); break;
    case PROP_KEEP_HEIGHT:
      self->keep_height = g_value_get_boolean (value);
      refresh (self);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_findings_box_class_init (DboFindingsBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dbo_findings_box_dispose;
  object_class->finalize = dbo_findings_box_finalize;
  object_class->get_property = dbo_findings_box_get_property;
  object_class->set_property = dbo_findings_box_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_HEIGHT] = g_param_spec_boolean ("keep-height", NULL, NULL, FALSE,
                                                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /**
   * DboFindingsBox::finding-activated:
   * @path: the finding's path ("objects/o3/owner/phone")
   *
   * A finding's row was activated: its field should be shown.
   */
  signals[FINDING_ACTIVATED] = g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "findingsbox");
}

static void
row_activated_cb (GtkListBox *list, GtkListBoxRow *row, DboFindingsBox *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "dbo-path");

  if (path != NULL)
    g_signal_emit (self, signals[FINDING_ACTIVATED], 0, path);
}

static void
dbo_findings_box_init (DboFindingsBox *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 6);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
dbo_findings_box_new (void)
{
  return g_object_new (DBO_TYPE_FINDINGS_BOX, NULL);
}
