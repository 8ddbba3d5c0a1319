/* DboGradingMatrix: one aspect's grading grid (GB/T 22240-2020).
 *
 * Rows are the harmed objects (受侵害的客体), columns the degrees of harm
 * (侵害程度); each cell is a toggle that shows the level it yields. A row holds
 * at most one degree: choosing a cell clears the others in its row, choosing
 * the active cell clears the row. The user's choices are announced with
 * "harm-changed"; the matrix never computes anything itself, the levels come
 * from the rule set.
 */
#define G_LOG_DOMAIN "dengbao-grading-matrix"
#include "config.h"

#include "dbo-grading-matrix.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>

struct _DboGradingMatrix
{
  GtkWidget parent_instance;

  DboRuleset *rules;
  char *title;
  gboolean updating;            /* set while the cells follow the model */

  GtkWidget *grid;
  GtkWidget *cells[DBO_N_TARGETS][DBO_N_DEGREES];
  GtkWidget *levels[DBO_N_TARGETS][DBO_N_DEGREES];
  GtkWidget *marks[DBO_N_TARGETS][DBO_N_DEGREES];
};

G_DEFINE_FINAL_TYPE (DboGradingMatrix, dbo_grading_matrix, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { HARM_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
cell_level (DboGradingMatrix *self, int t, int d)
{
  if (self->rules == NULL)
    return 0;
  return dbo_ruleset_matrix_level (self->rules, t, d);
}

static void
update_cell (DboGradingMatrix *self, int t, int d)
{
  int level = cell_level (self, t, d);
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->cells[t][d]));
  g_autofree char *name = NULL;

  gtk_label_set_label (GTK_LABEL (self->levels[t][d]), dbo_level_label (level));
  for (int l = 1; l <= 5; l++)
    {
      g_autofree char *cls = g_strdup_printf ("level-%d", l);

      if (l == level)
        gtk_widget_add_css_class (self->cells[t][d], cls);
      else
        gtk_widget_remove_css_class (self->cells[t][d], cls);
    }
  gtk_widget_set_visible (self->marks[t][d], active);

  /* Read out as "社会秩序、公共利益 × 一般损害 → 第二级". */
  name = g_strdup_printf ("%s × %s → %s", dbo_token_zh (dbo_target_tokens, t),
                          dbo_token_zh (dbo_degree_tokens, d), dbo_level_zh (level));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[t][d]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  dbo_widget_set_tooltip (self->cells[t][d], name);
}

static void
update_all (DboGradingMatrix *self)
{
  for (int t = 0; t < DBO_N_TARGETS; t++)
    for (int d = 0; d < DBO_N_DEGREES; d++)
      update_cell (self, t, d);
}

static void
cell_toggled_cb (GtkToggleButton  *button,
                 DboGradingMatrix *self)
{
  int target = -1, degree = -1;

  if (self->updating)
    return;

  for (int t = 0; t < DBO_N_TARGETS; t++)
    for (int d = 0; d < DBO_N_DEGREES; d++)
      if (self->cells[t][d] == GTK_WIDGET (button))
        target = t, degree = d;
  g_return_if_fail (target >= 0);

  self->updating = TRUE;
  if (gtk_toggle_button_get_active (button))
    {
      for (int d = 0; d < DBO_N_DEGREES; d++)
        if (d != degree)
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->cells[target][d]), FALSE);
    }
  else
    degree = -1;
  self->updating = FALSE;

  for (int d = 0; d < DBO_N_DEGREES; d++)
    update_cell (self, target, d);

  g_signal_emit (self, signals[HARM_CHANGED], 0, target, degree);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DboGradingMatrix      *self)
{
  int dt = 0, dd = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dt = -1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dt = 1; break;
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dd = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dd = 1; break;
    default: return FALSE;
    }

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    dd = -dd;

  /* Arrows move within the grid and stop at its edges, like a table. */
  for (int t = 0; t < DBO_N_TARGETS; t++)
    for (int d = 0; d < DBO_N_DEGREES; d++)
      if (gtk_widget_has_focus (self->cells[t][d]))
        {
          int nt = CLAMP (t + dt, 0, DBO_N_TARGETS - 1);
          int nd = CLAMP (d + dd, 0, DBO_N_DEGREES - 1);

          gtk_widget_grab_focus (self->cells[nt][nd]);
          return TRUE;
        }
  return FALSE;
}

static GtkWidget *
header_label (const char *text, gboolean row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), row ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), row ? 8 : 4);
  gtk_label_set_xalign (GTK_LABEL (label), row ? 0.0 : 0.5);
  gtk_widget_add_css_class (label, row ? "matrix-row-header" : "matrix-column-header");
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

static void
build_grid (DboGradingMatrix *self)
{
  /* The cells are generated from the matrix's dimensions, not from a template. */
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), FALSE);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (int d = 0; d < DBO_N_DEGREES; d++)
    {
      GtkWidget *label = header_label (dbo_token_zh (dbo_degree_tokens, d), FALSE);

      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_grid_attach (GTK_GRID (self->grid), label, d + 1, 0, 1, 1);
    }

  for (int t = 0; t < DBO_N_TARGETS; t++)
    {
      GtkWidget *label = header_label (dbo_token_zh (dbo_target_tokens, t), TRUE);

      gtk_widget_set_hexpand (label, FALSE);
      gtk_grid_attach (GTK_GRID (self->grid), label, 0, t + 1, 1, 1);

      for (int d = 0; d < DBO_N_DEGREES; d++)
        {
          GtkWidget *button = gtk_toggle_button_new ();
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");
          GtkWidget *level = gtk_label_new (NULL);

          gtk_widget_add_css_class (button, "matrix-cell");
          gtk_widget_set_hexpand (button, TRUE);
          gtk_widget_set_focus_on_click (button, TRUE);
          gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (level, "matrix-level");
          gtk_widget_add_css_class (level, "caption");
          gtk_box_append (GTK_BOX (box), mark);
          gtk_box_append (GTK_BOX (box), level);
          gtk_button_set_child (GTK_BUTTON (button), box);
          gtk_grid_attach (GTK_GRID (self->grid), button, d + 1, t + 1, 1, 1);
          g_signal_connect (button, "toggled", G_CALLBACK (cell_toggled_cb), self);

          self->cells[t][d] = button;
          self->levels[t][d] = level;
          self->marks[t][d] = mark;
        }
    }
}

static void
dbo_grading_matrix_dispose (GObject *object)
{
  DboGradingMatrix *self = DBO_GRADING_MATRIX (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->rules, dbo_ruleset_unref);
  G_OBJECT_CLASS (dbo_grading_matrix_parent_class)->dispose (object);
}

static void
dbo_grading_matrix_finalize (GObject *object)
{
  DboGradingMatrix *self = DBO_GRADING_MATRIX (object);

  g_free (self->title);
  G_OBJECT_CLASS (dbo_grading_matrix_parent_class)->finalize (object);
}

static void
dbo_grading_matrix_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DboGradingMatrix *self = DBO_GRADING_MATRIX (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_grading_matrix_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DboGradingMatrix *self = DBO_GRADING_MATRIX (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      dbo_grading_matrix_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_grading_matrix_class_init (DboGradingMatrixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_grading_matrix_dispose;
  object_class->finalize = dbo_grading_matrix_finalize;
  object_class->get_property = dbo_grading_matrix_get_property;
  object_class->set_property = dbo_grading_matrix_set_property;

  /**
   * DboGradingMatrix:title:
   *
   * The aspect the matrix grades ("业务信息安全"); it names the grid for
   * assistive technologies.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DboGradingMatrix::harm-changed:
   * @target: the row (a DboTarget)
   * @degree: the chosen DboDegree, or -1 when the row was cleared
   *
   * Emitted when the user changes a row; not when dbo_grading_matrix_set_harms()
   * changes it.
   */
  signals[HARM_CHANGED] =
    g_signal_new ("harm-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gradingmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dbo_grading_matrix_init (DboGradingMatrix *self)
{
  GtkEventController *keys;

  build_grid (self);
  gtk_widget_add_css_class (GTK_WIDGET (self), "grading-matrix");

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  update_all (self);
}

GtkWidget *
dbo_grading_matrix_new (void)
{
  return g_object_new (DBO_TYPE_GRADING_MATRIX, NULL);
}

void
dbo_grading_matrix_set_rules (DboGradingMatrix *self,
                              const DboRuleset *rules)
{
  g_return_if_fail (DBO_IS_GRADING_MATRIX (self));

  if (self->rules == rules)
    return;
  g_clear_pointer (&self->rules, dbo_ruleset_unref);
  if (rules != NULL)
    self->rules = dbo_ruleset_ref ((DboRuleset *) rules);
  update_all (self);
}

const char *
dbo_grading_matrix_get_title (DboGradingMatrix *self)
{
  g_return_val_if_fail (DBO_IS_GRADING_MATRIX (self), NULL);
  return self->title;
}

void
dbo_grading_matrix_set_title (DboGradingMatrix *self,
                              const char       *title)
{
  g_return_if_fail (DBO_IS_GRADING_MATRIX (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
dbo_grading_matrix_set_harms (DboGradingMatrix *self,
                              const GArray     *harms)
{
  int chosen[DBO_N_TARGETS];

  g_return_if_fail (DBO_IS_GRADING_MATRIX (self));

  for (int t = 0; t < DBO_N_TARGETS; t++)
    chosen[t] = -1;
  for (guint i = 0; harms != NULL && i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);

      if ((int) h->target >= 0 && h->target < DBO_N_TARGETS &&
          (int) h->degree >= 0 && h->degree < DBO_N_DEGREES)
        chosen[h->target] = h->degree;
    }

  self->updating = TRUE;
  for (int t = 0; t < DBO_N_TARGETS; t++)
    for (int d = 0; d < DBO_N_DEGREES; d++)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->cells[t][d]), chosen[t] == d);
  self->updating = FALSE;
  update_all (self);
}

int
dbo_grading_matrix_get_degree (DboGradingMatrix *self,
                               DboTarget         target)
{
  g_return_val_if_fail (DBO_IS_GRADING_MATRIX (self), -1);
  g_return_val_if_fail (target < DBO_N_TARGETS, -1);

  for (int d = 0; d < DBO_N_DEGREES; d++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->cells[target][d])))
      return d;
  return -1;
}

GtkWidget *
dbo_grading_matrix_get_cell (DboGradingMatrix *self,
                             DboTarget         target,
                             DboDegree         degree)
{
  g_return_val_if_fail (DBO_IS_GRADING_MATRIX (self), NULL);
  g_return_val_if_fail (target < DBO_N_TARGETS && degree < DBO_N_DEGREES, NULL);

  return self->cells[target][degree];
}
