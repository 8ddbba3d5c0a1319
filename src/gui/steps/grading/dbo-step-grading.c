/* DboStepGrading: wizard step 3, 拟定等级 (drafting each object's level).
 *
 * One object at a time (a selector on top): the two aspects' matrices side by
 * side, stacked when the window is narrow, each with the level it yields, the
 * why-chain and the description the documents print; then the object's drafted
 * level with its explanation, and an adjustment that needs a written reason.
 * Every level and explanation comes from the core (dbo-grading.h); findings
 * such as a minimum not met show right under the matrices.
 */
#define G_LOG_DOMAIN "dengbao-step-grading"
#include "config.h"

#include "dbo-step-grading.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>

#include "dbo-calendar.h"
#include "dbo-findings-box.h"
#include "dbo-grading.h"
#include "dbo-grading-matrix.h"

struct _DboStepGrading
{
  AdwBin parent_instance;

  DboSession *session;
  gulong changed_handler;
  gulong findings_handler;
  char *object_id;              /* the object shown */
  GPtrArray *ids;               /* object ids in the selector's order */
  GPtrArray *names;             /* their names as listed */
  guint loading;                /* > 0 while the widgets follow the model */
  gboolean drafted_invalid;
  gboolean findings_pending;    /* changed since the last "findings-changed" */

  /* Template widgets */
  GtkStack *stack;
  AdwComboRow *object_row;
  GtkFlowBox *aspects_box;
  DboGradingMatrix *business_matrix;
  DboGradingMatrix *service_matrix;
  GtkLabel *business_level;
  GtkLabel *service_level;
  GtkLabel *business_why;
  GtkLabel *service_why;
  GtkFrame *business_description_frame;
  GtkFrame *service_description_frame;
  GtkTextView *business_description;
  GtkTextView *service_description;
  DboFindingsBox *findings;
  AdwActionRow *level_row;
  GtkLabel *level_label;
  AdwExpanderRow *override_row;
  AdwComboRow *override_level_row;
  AdwEntryRow *override_reason_row;
  AdwEntryRow *drafted_row;
};

G_DEFINE_FINAL_TYPE (DboStepGrading, dbo_step_grading, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static DboObject *
get_object (DboStepGrading *self)
{
  if (self->session == NULL || self->object_id == NULL)
    return NULL;
  return dbo_project_find_object (dbo_session_get_project (self->session), self->object_id);
}

static void
object_changed (DboStepGrading *self)
{
  /* Our own edit: the widgets already show it. */
  self->loading++;
  dbo_session_changed (self->session, DBO_PART_OBJECT, self->object_id);
  self->loading--;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextView *view, const char *text)
{
  g_autofree char *old = buffer_text (view);

  if (g_strcmp0 (old, text != NULL ? text : "") != 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
set_entry_text (AdwEntryRow *row, const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* ---- what the core derives ---- */

static void
mark_widget (DboStepGrading *self, GtkWidget *widget, const char *path)
{
  g_autofree char *full = NULL;
  const DboFinding *f;

  if (widget == GTK_WIDGET (self->drafted_row) && self->drafted_invalid)
    {
      gtk_widget_add_css_class (widget, "error");
      dbo_widget_set_tooltip (widget, _("Enter the date as YYYY-MM-DD, e.g. 2021-07-31"));
      return;
    }
  /* The marks follow "findings-changed" (see update_marks()). */
  if (self->findings_pending)
    return;
  full = g_strdup_printf ("objects/%s/%s", self->object_id, path);
  f = dbo_findings_box_find_for_path (self->session, full);
  if (f != NULL)
    {
      gtk_widget_add_css_class (widget, f->severity == DBO_SEVERITY_ERROR ? "error" : "warning");
      dbo_widget_set_tooltip (widget, dbo_finding_describe (f));
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_remove_css_class (widget, "warning");
      dbo_widget_set_tooltip (widget, NULL);
    }
}

static void
update_marks (DboStepGrading *self)
{
  /* Reading the findings between a change and "findings-changed" would
   * recompute them early and the session would then not announce them. */
  if (get_object (self) == NULL || self->findings_pending)
    return;
  mark_widget (self, GTK_WIDGET (self->override_reason_row), "grading/override/reason");
  mark_widget (self, GTK_WIDGET (self->business_description_frame), "grading/business/description");
  mark_widget (self, GTK_WIDGET (self->service_description_frame), "grading/service/description");
  mark_widget (self, GTK_WIDGET (self->drafted_row), "grading/@drafted");
}

static void
update_derived (DboStepGrading *self)
{
  DboObject *o = get_object (self);
  const DboRuleset *rules;
  g_autofree char *business_why = NULL;
  g_autofree char *service_why = NULL;
  g_autofree char *why = NULL;

  if (o == NULL)
    return;
  rules = dbo_session_get_rules (self->session);

  /* An aspect's level is the method's, with its why (未选择 → 第一级). */
  dbo_widget_set_level_badge (GTK_WIDGET (self->business_level),
                              dbo_grading_aspect_level (rules, o->aspects[DBO_ASPECT_BUSINESS].harms));
  dbo_widget_set_level_badge (GTK_WIDGET (self->service_level),
                              dbo_grading_aspect_level (rules, o->aspects[DBO_ASPECT_SERVICE].harms));
  business_why = dbo_grading_explain_aspect (rules, o->aspects[DBO_ASPECT_BUSINESS].harms);
  service_why = dbo_grading_explain_aspect (rules, o->aspects[DBO_ASPECT_SERVICE].harms);
  gtk_label_set_label (self->business_why, business_why);
  gtk_label_set_label (self->service_why, service_why);

  dbo_widget_set_level_badge (GTK_WIDGET (self->level_label),
                              dbo_grading_is_graded (dbo_session_get_project (self->session), o)
                              ? dbo_grading_drafted_level (rules, o) : 0);
  why = dbo_grading_explain (rules, o);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), why);
  update_marks (self);
}

/* ---- showing the model ---- */

static void
load_object (DboStepGrading *self)
{
  DboObject *o = get_object (self);
  g_autofree char *prefix = NULL;
  const DboRuleset *rules;
  int shown_level;

  gtk_stack_set_visible_child_name (self->stack, o != NULL ? "grading" : "empty");
  if (o == NULL)
    {
      dbo_findings_box_set_prefix (self->findings, NULL);
      return;
    }
  rules = dbo_session_get_rules (self->session);

  self->loading++;
  prefix = g_strdup_printf ("objects/%s/grading", o->id);
  dbo_findings_box_set_prefix (self->findings, prefix);

  dbo_grading_matrix_set_rules (self->business_matrix, rules);
  dbo_grading_matrix_set_rules (self->service_matrix, rules);
  dbo_grading_matrix_set_harms (self->business_matrix, o->aspects[DBO_ASPECT_BUSINESS].harms);
  dbo_grading_matrix_set_harms (self->service_matrix, o->aspects[DBO_ASPECT_SERVICE].harms);
  set_buffer_text (self->business_description, o->aspects[DBO_ASPECT_BUSINESS].description);
  set_buffer_text (self->service_description, o->aspects[DBO_ASPECT_SERVICE].description);

  /* Not adjusted yet: adjusting starts from the method's level, or from the
   * minimum the rules require when the method's is below it. */
  shown_level = o->override_level > 0 ? o->override_level
                                      : MAX (dbo_grading_computed_level (rules, o),
                                             dbo_ruleset_minimum_for (rules, o, NULL));
  adw_combo_row_set_selected (self->override_level_row, CLAMP (shown_level, 1, 5) - 1);
  adw_expander_row_set_enable_expansion (self->override_row, o->override_level > 0);
  /* A reason typed while the adjustment was off stays in the field. */
  if (o->override_level > 0 || !dbo_str_empty (o->override_reason))
    set_entry_text (self->override_reason_row, o->override_reason);

  self->drafted_invalid = FALSE;
  set_entry_text (self->drafted_row, o->drafted);
  self->loading--;

  update_derived (self);
}

static const char *
selector_label (const DboObject *o)
{
  return !dbo_str_empty (o->name) ? o->name : _("Unnamed object");
}

/* TRUE when the selector lists the project's objects in order; names that
 * changed (an object being renamed as it is typed) are replaced in place, one
 * item each, instead of rebuilding a list of a thousand. */
static gboolean
selector_matches (DboStepGrading *self, DboProject *p)
{
  GListModel *model;
  guint selected;

  if (self->ids->len != p->objects->len)
    return FALSE;
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);

      if (g_strcmp0 (g_ptr_array_index (self->ids, i), o->id) != 0)
        return FALSE;
    }
  model = adw_combo_row_get_model (self->object_row);
  if (!GTK_IS_STRING_LIST (model) || g_list_model_get_n_items (model) != p->objects->len)
    return FALSE;
  selected = adw_combo_row_get_selected (self->object_row);
  self->loading++;
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      const char *label[] = { selector_label (o), NULL };

      if (g_strcmp0 (g_ptr_array_index (self->names, i), o->name) == 0)
        continue;
      g_free (g_ptr_array_index (self->names, i));
      g_ptr_array_index (self->names, i) = g_strdup (o->name);
      gtk_string_list_splice (GTK_STRING_LIST (model), i, 1, label);
    }
  /* Replacing the selected item may move the selection: put it back. */
  if (selected != GTK_INVALID_LIST_POSITION && adw_combo_row_get_selected (self->object_row) != selected)
    adw_combo_row_set_selected (self->object_row, selected);
  self->loading--;
  return TRUE;
}

/* Lists the objects in the selector; keeps the one shown if it still exists. */
static void
refresh_selector (DboStepGrading *self)
{
  DboProject *p = self->session != NULL ? dbo_session_get_project (self->session) : NULL;
  GtkStringList *names;
  guint selected = 0;

  if (p == NULL)
    {
      g_ptr_array_set_size (self->ids, 0);
      g_ptr_array_set_size (self->names, 0);
      g_clear_pointer (&self->object_id, g_free);
      load_object (self);
      return;
    }
  if (selector_matches (self, p) && get_object (self) != NULL)
    return;

  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->names, 0);
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);

      g_ptr_array_add (self->ids, g_strdup (o->id));
      g_ptr_array_add (self->names, g_strdup (o->name));
      gtk_string_list_append (names, selector_label (o));
      if (g_strcmp0 (o->id, self->object_id) == 0)
        selected = i;
    }

  self->loading++;
  adw_combo_row_set_model (self->object_row, G_LIST_MODEL (names));
  g_object_unref (names);
  if (p->objects->len > 0)
    adw_combo_row_set_selected (self->object_row, selected);
  self->loading--;

  if (p->objects->len == 0)
    {
      g_clear_pointer (&self->object_id, g_free);
      load_object (self);
    }
  else if (g_strcmp0 (self->object_id, g_ptr_array_index (self->ids, selected)) != 0)
    {
      g_free (self->object_id);
      self->object_id = g_strdup (g_ptr_array_index (self->ids, selected));
      load_object (self);
    }
}

/* ---- writing the model ---- */

static void
object_selected_cb (DboStepGrading *self)
{
  guint selected = adw_combo_row_get_selected (self->object_row);

  if (self->loading > 0 || selected == GTK_INVALID_LIST_POSITION || selected >= self->ids->len)
    return;
  if (self->session != NULL)
    dbo_session_flush (self->session, NULL);
  g_free (self->object_id);
  self->object_id = g_strdup (g_ptr_array_index (self->ids, selected));
  load_object (self);
}

static void
harm_changed_cb (DboGradingMatrix *matrix,
                 int               target,
                 int               degree,
                 DboStepGrading   *self)
{
  DboObject *o = get_object (self);
  DboAspect aspect = matrix == self->business_matrix ? DBO_ASPECT_BUSINESS : DBO_ASPECT_SERVICE;

  if (self->loading > 0 || o == NULL)
    return;

  dbo_object_set_harm (o, aspect, target, degree);
  /* 表三 04: the grading is dated the day it is first drafted. */
  if (dbo_str_empty (o->drafted))
    {
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", dbo_session_get_today (self->session));
      dbo_set_str (&o->drafted, text);
      self->loading++;
      set_entry_text (self->drafted_row, text);
      self->loading--;
    }
  object_changed (self);
  update_derived (self);
}

static void
description_changed_cb (GtkTextBuffer  *buffer,
                        DboStepGrading *self)
{
  DboObject *o = get_object (self);
  GtkTextView *view;
  DboAspect aspect;
  g_autofree char *text = NULL;

  if (self->loading > 0 || o == NULL)
    return;
  aspect = buffer == gtk_text_view_get_buffer (self->business_description) ? DBO_ASPECT_BUSINESS
                                                                            : DBO_ASPECT_SERVICE;
  view = aspect == DBO_ASPECT_BUSINESS ? self->business_description : self->service_description;
  text = buffer_text (view);
  dbo_set_str (&o->aspects[aspect].description, text);
  object_changed (self);
}

static void
override_toggled_cb (DboStepGrading *self)
{
  DboObject *o = get_object (self);

  if (self->loading > 0 || o == NULL)
    return;

  if (adw_expander_row_get_enable_expansion (self->override_row))
    {
      guint selected = adw_combo_row_get_selected (self->override_level_row);

      o->override_level = selected != GTK_INVALID_LIST_POSITION ? (int) selected + 1
                                                                : dbo_grading_computed_level (dbo_session_get_rules (self->session), o);
      dbo_set_str (&o->override_reason, gtk_editable_get_text (GTK_EDITABLE (self->override_reason_row)));
      adw_expander_row_set_expanded (self->override_row, TRUE);
    }
  else
    {
      /* Without an adjustment the reason means nothing; the field keeps it. */
      o->override_level = 0;
      dbo_set_str (&o->override_reason, NULL);
    }
  object_changed (self);
  update_derived (self);
}

static void
override_level_changed_cb (DboStepGrading *self)
{
  DboObject *o = get_object (self);
  guint selected = adw_combo_row_get_selected (self->override_level_row);

  if (self->loading > 0 || o == NULL || selected == GTK_INVALID_LIST_POSITION ||
      !adw_expander_row_get_enable_expansion (self->override_row))
    return;
  o->override_level = (int) selected + 1;
  object_changed (self);
  update_derived (self);
}

static void
override_reason_changed_cb (DboStepGrading *self)
{
  DboObject *o = get_object (self);

  if (self->loading > 0 || o == NULL || !adw_expander_row_get_enable_expansion (self->override_row))
    return;
  dbo_set_str (&o->override_reason, gtk_editable_get_text (GTK_EDITABLE (self->override_reason_row)));
  object_changed (self);
  update_derived (self);
}

static void
drafted_changed_cb (DboStepGrading *self)
{
  DboObject *o = get_object (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->drafted_row));
  GDate date;

  if (self->loading > 0 || o == NULL)
    return;
  self->drafted_invalid = *text != '\0' && !dbo_date_parse (text, &date, NULL);
  mark_widget (self, GTK_WIDGET (self->drafted_row), "grading/@drafted");
  if (self->drafted_invalid)
    return;
  dbo_set_str (&o->drafted, text);
  object_changed (self);
}

/* ---- session ---- */

static void
session_changed_cb (DboSession     *session,
                    int             part,
                    const char     *id,
                    DboStepGrading *self)
{
  self->findings_pending = TRUE;
  if (self->loading > 0)
    return;
  if (part == DBO_PART_OBJECT)
    {
      refresh_selector (self);
      if (g_strcmp0 (id, self->object_id) == 0)
        load_object (self);
    }
  else if (part == DBO_PART_HEADER)
    load_object (self);
}

static void
findings_changed_cb (DboSession     *session,
                     DboStepGrading *self)
{
  self->findings_pending = FALSE;
  update_marks (self);
}

/* ---- GObject ---- */

static void
dbo_step_grading_dispose (GObject *object)
{
  DboStepGrading *self = DBO_STEP_GRADING (object);

  dbo_step_grading_set_session (self, NULL);
  /* AdwBin unparents the template's root itself: no gtk_widget_dispose_template(). */
  G_OBJECT_CLASS (dbo_step_grading_parent_class)->dispose (object);
}

static void
dbo_step_grading_finalize (GObject *object)
{
  DboStepGrading *self = DBO_STEP_GRADING (object);

  g_free (self->object_id);
  g_ptr_array_unref (self->ids);
  g_ptr_array_unref (self->names);
  G_OBJECT_CLASS (dbo_step_grading_parent_class)->finalize (object);
}

static void
dbo_step_grading_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DboStepGrading *self = DBO_STEP_GRADING (object);

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
dbo_step_grading_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DboStepGrading *self = DBO_STEP_GRADING (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dbo_step_grading_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_grading_unmap (GtkWidget *widget)
{
  DboStepGrading *self = DBO_STEP_GRADING (widget);

  /* Leaving the step writes what was typed in it. */
  if (self->session != NULL)
    dbo_session_flush (self->session, NULL);
  GTK_WIDGET_CLASS (dbo_step_grading_parent_class)->unmap (widget);
}

static void
dbo_step_grading_class_init (DboStepGradingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_step_grading_dispose;
  object_class->finalize = dbo_step_grading_finalize;
  object_class->get_property = dbo_step_grading_get_property;
  object_class->set_property = dbo_step_grading_set_property;
  widget_class->unmap = dbo_step_grading_unmap;

  /**
   * DboStepGrading:session:
   *
   * The open project, set by the window.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-grading.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, stack);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, object_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, aspects_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, business_matrix);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, service_matrix);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, business_level);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, service_level);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, business_why);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, service_why);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, business_description_frame);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, service_description_frame);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, business_description);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, service_description);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, level_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, level_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, override_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, override_level_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, override_reason_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepGrading, drafted_row);
  gtk_widget_class_bind_template_callback (widget_class, object_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, harm_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_level_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, drafted_changed_cb);
}

static void
dbo_step_grading_init (DboStepGrading *self)
{
  GtkStringList *levels = gtk_string_list_new (NULL);

  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->names = g_ptr_array_new_with_free_func (g_free);

  g_type_ensure (DBO_TYPE_GRADING_MATRIX);
  g_type_ensure (DBO_TYPE_FINDINGS_BOX);
  self->loading++;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (int l = 1; l <= 5; l++)
    gtk_string_list_append (levels, dbo_level_zh (l));
  adw_combo_row_set_model (self->override_level_row, G_LIST_MODEL (levels));
  g_object_unref (levels);

  g_signal_connect (gtk_text_view_get_buffer (self->business_description), "changed",
                    G_CALLBACK (description_changed_cb), self);
  g_signal_connect (gtk_text_view_get_buffer (self->service_description), "changed",
                    G_CALLBACK (description_changed_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  self->loading--;
}

/* ---- public ---- */

GtkWidget *
dbo_step_grading_new (void)
{
  return g_object_new (DBO_TYPE_STEP_GRADING, NULL);
}

DboSession *
dbo_step_grading_get_session (DboStepGrading *self)
{
  g_return_val_if_fail (DBO_IS_STEP_GRADING (self), NULL);
  return self->session;
}

void
dbo_step_grading_set_session (DboStepGrading *self, DboSession *session)
{
  g_return_if_fail (DBO_IS_STEP_GRADING (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->session);
      g_clear_signal_handler (&self->findings_handler, self->session);
    }
  g_set_object (&self->session, session);
  self->findings_pending = FALSE;
  g_clear_pointer (&self->object_id, g_free);
  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->names, 0);
  if (session != NULL)
    {
      self->changed_handler = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
      self->findings_handler = g_signal_connect (session, "findings-changed",
                                                 G_CALLBACK (findings_changed_cb), self);
    }
  if (self->findings != NULL)
    {
      dbo_findings_box_set_session (self->findings, session);
      refresh_selector (self);
      if (self->object_id == NULL)
        load_object (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
dbo_step_grading_get_object_id (DboStepGrading *self)
{
  g_return_val_if_fail (DBO_IS_STEP_GRADING (self), NULL);
  return self->object_id;
}

void
dbo_step_grading_show_object (DboStepGrading *self, const char *object_id)
{
  g_return_if_fail (DBO_IS_STEP_GRADING (self));

  refresh_selector (self);
  for (guint i = 0; i < self->ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->ids, i), object_id) == 0)
      {
        /* The selector's handler loads the object. */
        if (adw_combo_row_get_selected (self->object_row) != i)
          adw_combo_row_set_selected (self->object_row, i);
        return;
      }
}

void
dbo_step_grading_focus_path (DboStepGrading *self, const char *path)
{
  g_auto(GStrv) parts = NULL;
  const char *rest;
  GtkWidget *target = NULL;

  g_return_if_fail (DBO_IS_STEP_GRADING (self));

  if (path == NULL || self->session == NULL)
    return;
  parts = g_strsplit (path, "/", 3);
  if (g_strcmp0 (parts[0], "objects") != 0 || parts[1] == NULL)
    return;
  dbo_step_grading_show_object (self, parts[1]);
  if (g_strcmp0 (self->object_id, parts[1]) != 0)
    return;

  rest = parts[2] != NULL ? parts[2] : "";
  if (g_str_has_prefix (rest, "grading/override"))
    {
      adw_expander_row_set_expanded (self->override_row, TRUE);
      target = GTK_WIDGET (self->override_reason_row);
    }
  else if (g_str_has_prefix (rest, "grading/business/description"))
    target = GTK_WIDGET (self->business_description);
  else if (g_str_has_prefix (rest, "grading/service/description"))
    target = GTK_WIDGET (self->service_description);
  else if (g_str_has_prefix (rest, "grading/service"))
    target = dbo_grading_matrix_get_cell (self->service_matrix, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  else if (g_str_has_prefix (rest, "grading/@drafted"))
    target = GTK_WIDGET (self->drafted_row);
  else if (g_str_equal (rest, "grading"))
    /* The level itself (below its minimum): the way to adjust it. */
    target = GTK_WIDGET (self->override_row);
  else
    target = dbo_grading_matrix_get_cell (self->business_matrix, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  /* Rows such as AdwExpanderRow pass the focus on to their inner widgets. */
  if (!gtk_widget_grab_focus (target))
    gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD);
}
