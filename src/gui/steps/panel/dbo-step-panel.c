/* DboStepPanel: step 4, 专家评审 — the expert panel and its opinion.
 *
 * Four groups: the review details (date, organiser, location); the panel's
 * members, with the rule set's panel rules as a live checklist above them;
 * the recommended level for every object; and the conclusion. "Conclude the
 * Review" stays disabled, with the reasons beside it, while the panel breaks
 * its rules (size, composition, leader) or an object has no recommended
 * level. Concluding records the time and the fingerprint of the graded data
 * (dbo_grading_data_sha256), so that a later change to the grading shows the
 * panel's opinion as out of date: a banner at the top of the step says so,
 * with "Confirm Again", which keeps the replaced conclusion in the history
 * shown under the conclusion.
 *
 * The "Meeting and Signatures" group opens the meeting mode
 * (DboMeetingWindow), prints or saves the signature sheet (DBO_DOC_SIGNATURES)
 * and attaches the scan of the signed sheet; each member row has a "Sign…"
 * button (DboSignaturePad) and shows the signature once there is one.
 *
 * Every edit goes straight into the live model and is announced with
 * dbo_session_changed(); the rows follow the session's "changed" and
 * "findings-changed" signals. While the step writes model values into its
 * widgets, self->updating keeps its own handlers quiet.
 */
#define G_LOG_DOMAIN "dengbao-step-panel"
#include "config.h"

#include "dbo-step-panel.h"
#include "dbo-widget-util.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include "dbo-checks.h"
#include "dbo-date-row.h"
#include "dbo-documents.h"
#include "dbo-field-row.h"
#include "dbo-findings-box.h"
#include "dbo-grading.h"
#include "dbo-layout.h"
#include "dbo-meeting-window.h"
#include "dbo-panel-rules.h"
#include "dbo-print-operation.h"
#include "dbo-signature-pad.h"

/* Attachments that are scans of the signed signature sheet carry this name prefix. */
#define SCAN_NAME_PREFIX "签字页扫描件-"

struct _DboStepPanel
{
  DboStep parent_instance;


  /* Template widgets */
  AdwPreferencesPage *page;
  DboDateRow *date_row;
  DboFieldRow *organiser_row;     /* marked by themselves */
  DboFieldRow *location_row;
  DboFindingsBox *details_findings;
  AdwPreferencesGroup *members_group;
  GtkWidget *add_member_button;
  GtkLabel *rules_label;
  GtkFlowBox *rules_box;
  GtkListBox *members_list;
  DboFindingsBox *members_findings;
  GtkListBox *recommendations_list;
  GtkWidget *agree_all_button;
  DboFindingsBox *opinion_findings;
  GtkSwitch *materials_switch;
  GtkSwitch *division_switch;
  AdwEntryRow *note_row;
  GtkWidget *conclude_button;
  GtkLabel *conclude_status;
  DboFindingsBox *conclusion_findings;
  GtkWidget *stale_group;
  GtkLabel *stale_message;
  GtkListBox *scans_list;
  GtkWidget *history_list;
  AdwExpanderRow *history_row;

  GPtrArray *history_rows;       /* rows added to history_row */
  GtkPrintOperation *print_operation;

  GtkCheckButton *leader_group;  /* the first leader radio: the others join its group */
  GHashTable *member_rows;       /* member id → MemberRow (owned by the row widget) */
  GHashTable *rec_rows;          /* object id → RecRow (owned by the row widget) */
  guint rec_limit;               /* objects shown in the opinion group */
  GtkWidget *more_row;           /* "show more", when there are more */
  guint rec_total;               /* objects when the rows were built */
  gboolean recs_stale;           /* the opinion rows wait for the step to be shown */
  int updating;
  gboolean can_conclude;
  char *conclude_reason;
};

G_DEFINE_FINAL_TYPE (DboStepPanel, dbo_step_panel, DBO_TYPE_STEP)

enum { PROP_0, PROP_CAN_CONCLUDE, PROP_CONCLUDE_REASON, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The finding codes that keep the panel from concluding. */
/* Every error about the panel stands in the way of its conclusion, except
 * the ones concluding puts right (and the missing recommendations, which
 * are counted instead of listed). */
static gboolean
blocks_conclusion (const DboFinding *f)
{
  return f->severity == DBO_SEVERITY_ERROR && g_str_has_prefix (f->path, "panel/") &&
         g_strcmp0 (f->code, "panel-not-concluded") != 0 && g_strcmp0 (f->code, "panel-opinion-stale") != 0 &&
         g_strcmp0 (f->code, "recommendation-missing") != 0;
}

typedef struct {
  DboStepPanel *self;
  char *id;
  AdwExpanderRow *row;
  GtkCheckButton *leader;
  AdwEntryRow *name;
  AdwEntryRow *unit;
  AdwEntryRow *title;
  AdwEntryRow *phone;
  AdwComboRow *kind;
  GtkWidget *thumb;              /* the signature, small, once signed */
  GtkWidget *sign;
} MemberRow;

typedef struct {
  DboStepPanel *self;
  char *object_id;
  AdwExpanderRow *row;
  GtkDropDown *level;
  GtkWidget *agree;
  AdwEntryRow *reason;
  AdwActionRow *dissent;         /* the members' dissents, read-only (recorded in meeting mode) */
} RecRow;

/* Objects shown at a time in the opinion group. */
#define REC_PAGE 50

static void update_conclude (DboStepPanel *self);
static void update_stale (DboStepPanel *self);
static void refresh_history (DboStepPanel *self);
static void refresh_scans (DboStepPanel *self);
static void rebuild_recommendations (DboStepPanel *self);
static void build_recommendations   (DboStepPanel *self);
static void mark_all                (DboStepPanel *self);
static void mark_all (DboStepPanel *self);

/* ------------------------------------------------------------ helpers */

/* Marks @row with the finding at @path. */
static void
mark_row (DboStepPanel *self, GtkWidget *row, const char *path)
{
  dbo_widget_mark_finding (row, dbo_findings_box_find_for_path (dbo_step_get_session (DBO_STEP (self)), path), FALSE);
}

/* ------------------------------------------------------------ review details */

static void
details_changed_cb (GtkEditable *editable, DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;
  const char *text = gtk_editable_get_text (editable);

  if (self->updating || session == NULL)
    return;
  p = dbo_session_get_project (session);

  if (editable == GTK_EDITABLE (self->date_row))
    {
      g_autofree char *date = NULL;

      /* Keep the last good date in the model until this one is. */
      if (dbo_date_row_mark_invalid (self->date_row))
        return;
      dbo_widget_mark_finding (GTK_WIDGET (self->date_row), NULL, FALSE);
      date = dbo_date_row_dup_date (self->date_row);
      dbo_set_str (&p->panel.date, date);
    }
  else if (editable == GTK_EDITABLE (self->organiser_row))
    dbo_set_str (&p->panel.organiser, text);
  else if (editable == GTK_EDITABLE (self->location_row))
    dbo_set_str (&p->panel.location, text);
  else if (editable == GTK_EDITABLE (self->note_row))
    dbo_set_str (&p->panel.conclusion.note, text);
  dbo_session_changed (session, DBO_PART_PANEL, NULL);
}

static void
switch_changed_cb (GtkSwitch *sw, GParamSpec *pspec, DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;

  if (self->updating || session == NULL)
    return;
  p = dbo_session_get_project (session);
  if (sw == self->materials_switch)
    p->panel.conclusion.materials_complete = gtk_switch_get_active (sw);
  else
    p->panel.conclusion.division_reasonable = gtk_switch_get_active (sw);
  dbo_session_changed (session, DBO_PART_PANEL, NULL);
}

static void
refresh_details (DboStepPanel *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));

  self->updating++;
  /* A date being typed stays as typed until it is valid. */
  if (dbo_date_row_get_valid (self->date_row))
    dbo_date_row_set_date (self->date_row, p->panel.date);
  dbo_field_row_set_text (self->organiser_row, p->panel.organiser);
  dbo_field_row_set_text (self->location_row, p->panel.location);
  dbo_editable_set_text_kept (GTK_EDITABLE (self->note_row), p->panel.conclusion.note);
  gtk_switch_set_active (self->materials_switch, p->panel.conclusion.materials_complete);
  gtk_switch_set_active (self->division_switch, p->panel.conclusion.division_reasonable);
  self->updating--;
}

/* ------------------------------------------------------------ panel rules */

static void
add_rule (DboStepPanel *self, gboolean met, const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (met ? "object-select-symbolic" : "window-close-symbolic");
  GtkWidget *label = gtk_label_new (text);
  g_autofree char *accessible = g_strdup_printf (met ? _("Met: %s") : _("Not met: %s"), text);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "dbo-panel-rule");
  gtk_widget_add_css_class (box, met ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->rules_box, box);
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
}

/* The rule set's panel rules as a checklist, as the core counts them on the live panel. */
static void
refresh_rules (DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboRuleset *rules = dbo_session_get_rules (session);
  g_autoptr(GPtrArray) results = dbo_panel_rules_evaluate (rules, &dbo_session_get_project (session)->panel);
  g_autofree char *description = dbo_panel_rules_describe (rules);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules_box))) != NULL)
    gtk_flow_box_remove (self->rules_box, child);
  for (guint i = 0; i < results->len; i++)
    {
      const DboPanelRuleResult *result = g_ptr_array_index (results, i);

      add_rule (self, result->met, result->text);
    }
  /* Not the group's description: a long one pushes the header's button out. */
  gtk_label_set_text (self->rules_label, description);
}

/* ------------------------------------------------------------ members */

static void
member_row_free (MemberRow *mr)
{
  g_free (mr->id);
  g_free (mr);
}

static const char *
member_kind_label (DboMemberKind kind)
{
  return kind == DBO_MEMBER_COAL_IT ? _("Coal-industry IT expert") : _("Information security expert");
}

static void
refresh_member_header (MemberRow *mr, const DboMember *m)
{
  GString *subtitle = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  const char *name = !dbo_str_empty (m->name) ? m->name : _("Unnamed member");

  if (m->leader)
    g_string_append_printf (subtitle, "%s · ", _("Panel leader"));
  g_string_append (subtitle, member_kind_label (m->kind));
  if (!dbo_str_empty (m->unit))
    g_string_append_printf (subtitle, " · %s", m->unit);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mr->row), name);
  adw_expander_row_set_subtitle (mr->row, subtitle->str);
  g_string_free (subtitle, TRUE);

  accessible = g_strdup_printf (_("%s is the panel leader"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mr->leader), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_check_button_set_active (mr->leader, m->leader);

  if (m->strokes != NULL && m->strokes->len > 0)
    {
      g_autoptr(GDateTime) when = m->sig_signed ? g_date_time_new_from_iso8601 (m->sig_signed, NULL) : NULL;
      g_autofree char *at = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : NULL;
      g_autofree char *tip = at ? g_strdup_printf (_("✓ Signed on screen on %s"), at) : g_strdup (_("✓ Signed on screen"));
      g_autofree char *sign_label = g_strdup_printf (_("Sign %s again"), name);

      gtk_widget_set_visible (mr->thumb, TRUE);
      dbo_widget_set_tooltip (mr->thumb, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mr->thumb), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_button_set_label (GTK_BUTTON (mr->sign), _("_Sign Again…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (mr->sign), GTK_ACCESSIBLE_PROPERTY_LABEL, sign_label, -1);
    }
  else
    {
      g_autofree char *sign_label = g_strdup_printf (_("Sign for %s"), name);

      gtk_widget_set_visible (mr->thumb, FALSE);
      gtk_button_set_label (GTK_BUTTON (mr->sign), _("_Sign…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (mr->sign), GTK_ACCESSIBLE_PROPERTY_LABEL, sign_label, -1);
    }
  gtk_widget_queue_draw (mr->thumb);
}

/* The member's signature as it prints, small, with a check mark. */
static void
draw_thumb_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MemberRow *mr = data;
  DboSession *session = dbo_step_get_session (DBO_STEP (mr->self));
  const DboMember *m = session != NULL ? dbo_project_find_member (dbo_session_get_project (session), mr->id) : NULL;
  DboSignatureInk ink = { NULL, 0, 0 };
  double check = height * 0.55;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (m == NULL || m->strokes == NULL)
    return;
  ink.strokes = m->strokes;
  ink.box_width_mm = m->sig_width_mm;
  ink.box_height_mm = m->sig_height_mm;
  dbo_layout_draw_signature (cr, &ink, 2, 1, width - check - 6, height - 2);
  /* ✓ */
  cairo_set_source_rgb (cr, 0.15, 0.55, 0.25);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, width - check - 2, height * 0.55);
  cairo_line_to (cr, width - check * 0.6 - 2, height * 0.8);
  cairo_line_to (cr, width - 3, height * 0.25);
  cairo_stroke (cr);
}

static void
refresh_member_row (DboStepPanel *self, MemberRow *mr)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboMember *m = dbo_project_find_member (dbo_session_get_project (session), mr->id);

  if (m == NULL)
    return;
  self->updating++;
  dbo_editable_set_text_kept (GTK_EDITABLE (mr->name), m->name);
  dbo_editable_set_text_kept (GTK_EDITABLE (mr->unit), m->unit);
  dbo_editable_set_text_kept (GTK_EDITABLE (mr->title), m->title);
  dbo_editable_set_text_kept (GTK_EDITABLE (mr->phone), m->phone);
  adw_combo_row_set_selected (mr->kind, m->kind == DBO_MEMBER_COAL_IT ? 1 : 0);
  refresh_member_header (mr, m);
  self->updating--;
}

static void
mark_member_row (DboStepPanel *self, MemberRow *mr)
{
  const struct { AdwEntryRow *row; const char *field; } fields[] = {
    { mr->name, "name" }, { mr->unit, "unit" }, { mr->title, "title" }, { mr->phone, "phone" },
  };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *path = g_strdup_printf ("panel/members/%s/%s", mr->id, fields[i].field);
      mark_row (self, GTK_WIDGET (fields[i].row), path);
      any |= gtk_widget_has_css_class (GTK_WIDGET (fields[i].row), "error");
    }
  /* A folded row with a problem inside still says so. */
  if (any)
    gtk_widget_add_css_class (GTK_WIDGET (mr->row), "dbo-has-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (mr->row), "dbo-has-error");
}

static void
member_field_changed_cb (GtkEditable *editable, MemberRow *mr)
{
  DboStepPanel *self = mr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboMember *m;
  const char *field = g_object_get_data (G_OBJECT (editable), "dbo-field");
  const char *text = gtk_editable_get_text (editable);

  if (self->updating || session == NULL)
    return;
  m = dbo_project_find_member (dbo_session_get_project (session), mr->id);
  if (m == NULL)
    return;

  if (g_str_equal (field, "name"))
    dbo_set_str (&m->name, text);
  else if (g_str_equal (field, "unit"))
    dbo_set_str (&m->unit, text);
  else if (g_str_equal (field, "title"))
    dbo_set_str (&m->title, text);
  else if (g_str_equal (field, "phone"))
    dbo_set_str (&m->phone, text);
  self->updating++;
  refresh_member_header (mr, m);
  self->updating--;
  dbo_session_changed (session, DBO_PART_MEMBER, m->id);
}

static void
member_kind_changed_cb (AdwComboRow *combo, GParamSpec *pspec, MemberRow *mr)
{
  DboStepPanel *self = mr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboMember *m;

  if (self->updating || session == NULL)
    return;
  m = dbo_project_find_member (dbo_session_get_project (session), mr->id);
  if (m == NULL)
    return;
  m->kind = adw_combo_row_get_selected (combo) == 1 ? DBO_MEMBER_COAL_IT : DBO_MEMBER_INFOSEC;
  self->updating++;
  refresh_member_header (mr, m);
  self->updating--;
  dbo_session_changed (session, DBO_PART_MEMBER, m->id);
  refresh_rules (self);
}

static void
leader_toggled_cb (GtkCheckButton *button, MemberRow *mr)
{
  DboStepPanel *self = mr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;

  if (self->updating || session == NULL || !gtk_check_button_get_active (button))
    return;
  p = dbo_session_get_project (session);

  /* One leader: choosing one clears the others. */
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (p->panel.members, i);
      gboolean leader = g_strcmp0 (m->id, mr->id) == 0;

      if (m->leader != leader)
        {
          m->leader = leader;
          dbo_session_changed (session, DBO_PART_MEMBER, m->id);
        }
    }
  refresh_rules (self);
}

static AdwEntryRow *
add_member_entry (AdwExpanderRow *row, MemberRow *mr, const char *title, const char *field,
                  GtkInputPurpose purpose)
{
  AdwEntryRow *entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *name = g_strdup_printf ("member-%s-%s", mr->id, field);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
  adw_entry_row_set_input_purpose (entry, purpose);
  gtk_widget_set_name (GTK_WIDGET (entry), name);
  g_object_set_data (G_OBJECT (entry), "dbo-field", (gpointer) field);
  g_signal_connect (entry, "changed", G_CALLBACK (member_field_changed_cb), mr);
  adw_expander_row_add_row (row, GTK_WIDGET (entry));
  return entry;
}

static GtkWidget *
new_member_row (DboStepPanel *self, const DboMember *m)
{
  MemberRow *mr = g_new0 (MemberRow, 1);
  g_autofree char *name = g_strdup_printf ("member-%s", m->id);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  AdwActionRow *remove_row;
  GtkWidget *remove;

  mr->self = self;
  mr->id = g_strdup (m->id);
  mr->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  gtk_widget_set_name (GTK_WIDGET (mr->row), name);
  g_object_set_data_full (G_OBJECT (mr->row), "dbo-member-row", mr, (GDestroyNotify) member_row_free);

  mr->leader = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (mr->leader), GTK_ALIGN_CENTER);
  dbo_widget_set_tooltip (GTK_WIDGET (mr->leader), _("Panel leader"));
  if (self->leader_group == NULL)
    self->leader_group = mr->leader;
  else
    gtk_check_button_set_group (mr->leader, self->leader_group);
  g_signal_connect (mr->leader, "toggled", G_CALLBACK (leader_toggled_cb), mr);
  adw_expander_row_add_prefix (mr->row, GTK_WIDGET (mr->leader));

  mr->thumb = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (mr->thumb), 84);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (mr->thumb), 26);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (mr->thumb), draw_thumb_cb, mr, NULL);
  gtk_widget_set_valign (mr->thumb, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mr->thumb, "dbo-signature-thumb");
  adw_expander_row_add_action (mr->row, mr->thumb);
  mr->sign = gtk_button_new_with_mnemonic (_("_Sign…"));
  g_free (name);
  name = g_strdup_printf ("member-%s-sign", m->id);
  gtk_widget_set_name (mr->sign, name);
  gtk_widget_set_valign (mr->sign, GTK_ALIGN_CENTER);
  dbo_widget_set_tooltip (mr->sign, _("Sign on screen with the mouse, a finger or a pen"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (mr->sign), "panel.sign");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (mr->sign), g_variant_new_string (m->id));
  adw_expander_row_add_action (mr->row, mr->sign);

  mr->name = add_member_entry (mr->row, mr, _("_Name"), "name", GTK_INPUT_PURPOSE_NAME);
  mr->unit = add_member_entry (mr->row, mr, _("_Unit"), "unit", GTK_INPUT_PURPOSE_FREE_FORM);
  mr->title = add_member_entry (mr->row, mr, _("_Title or position"), "title", GTK_INPUT_PURPOSE_FREE_FORM);
  mr->phone = add_member_entry (mr->row, mr, _("_Phone"), "phone", GTK_INPUT_PURPOSE_PHONE);

  gtk_string_list_append (kinds, member_kind_label (DBO_MEMBER_INFOSEC));
  gtk_string_list_append (kinds, member_kind_label (DBO_MEMBER_COAL_IT));
  mr->kind = ADW_COMBO_ROW (adw_combo_row_new ());
  g_free (name);
  name = g_strdup_printf ("member-%s-kind", m->id);
  gtk_widget_set_name (GTK_WIDGET (mr->kind), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mr->kind), _("_Kind of expert"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (mr->kind), TRUE);
  adw_combo_row_set_model (mr->kind, G_LIST_MODEL (kinds));
  g_signal_connect (mr->kind, "notify::selected", G_CALLBACK (member_kind_changed_cb), mr);
  adw_expander_row_add_row (mr->row, GTK_WIDGET (mr->kind));

  remove_row = ADW_ACTION_ROW (adw_action_row_new ());
  remove = gtk_button_new_with_mnemonic (_("_Remove Member"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "panel.remove-member");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_string (m->id));
  adw_action_row_add_suffix (remove_row, remove);
  adw_expander_row_add_row (mr->row, GTK_WIDGET (remove_row));

  g_hash_table_insert (self->member_rows, mr->id, mr);
  /* Marked on the next "findings-changed" (see update_conclude). */
  refresh_member_row (self, mr);
  return GTK_WIDGET (mr->row);
}

static gboolean
members_match_rows (DboStepPanel *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list));

  for (guint i = 0; i < p->panel.members->len; i++, child = gtk_widget_get_next_sibling (child))
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);
      MemberRow *mr = child ? g_object_get_data (G_OBJECT (child), "dbo-member-row") : NULL;

      if (mr == NULL || g_strcmp0 (mr->id, m->id) != 0)
        return FALSE;
    }
  return child == NULL || g_object_get_data (G_OBJECT (child), "dbo-member-row") == NULL;
}

static void
rebuild_members (DboStepPanel *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  MemberRow *mr;

  /* Rows that were open stay open. */
  g_hash_table_iter_init (&iter, self->member_rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &mr))
    if (adw_expander_row_get_expanded (mr->row))
      g_hash_table_add (expanded, g_strdup (mr->id));

  self->updating++;
  g_hash_table_remove_all (self->member_rows);
  self->leader_group = NULL;
  dbo_list_box_remove_all (self->members_list);
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);
      GtkWidget *row = new_member_row (self, m);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (expanded, m->id));
      gtk_list_box_append (self->members_list, row);
    }
  if (p->panel.members->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No members yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add the experts who review the drafted levels, and choose their leader."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->members_list, row);
    }
  self->updating--;
}

static void
add_member_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p;
  g_autofree char *id = NULL;
  DboMember *m;
  g_autoptr(GPtrArray) results = NULL;
  MemberRow *mr;

  if (session == NULL)
    return;
  p = dbo_session_get_project (session);
  results = dbo_panel_rules_evaluate (dbo_session_get_rules (session), &p->panel);

  id = dbo_project_next_member_id (p);
  m = dbo_member_new (id);
  /* The kind the panel still lacks is the likelier one. */
  m->kind = DBO_MEMBER_INFOSEC;
  for (guint i = results->len; i > 0; i--)
    {
      const DboPanelRuleResult *result = g_ptr_array_index (results, i - 1);

      if (result->rule == DBO_PANEL_RULE_KIND && !result->met)
        m->kind = result->kind->kind;
    }
  m->leader = p->panel.members->len == 0;
  dbo_session_add_member (session, m);

  mr = g_hash_table_lookup (self->member_rows, id);
  if (mr != NULL)
    {
      adw_expander_row_set_expanded (mr->row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (mr->name));
    }
}

static void
undo_removal_cb (AdwToast *toast, gpointer user_data)
{
  DboSession *session = g_object_get_data (G_OBJECT (toast), "dbo-session");
  DboRemoval *removal = g_object_steal_data (G_OBJECT (toast), "dbo-removal");

  if (session != NULL && removal != NULL)
    dbo_session_undo_removal (session, removal);
  dbo_removal_free (removal);
}

static void
remove_member (DboStepPanel *self, const char *id)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboRemoval *removal;
  AdwToast *toast;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;

  if (session == NULL || dbo_project_find_member (dbo_session_get_project (session), id) == NULL)
    return;
  removal = dbo_session_remove_member (session, id);
  if (removal == NULL)
    return;

  escaped = g_markup_escape_text (dbo_removal_get_label (removal), -1);
  title = g_strdup_printf (_("Removed “%s”"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "dbo-session", g_object_ref (session), g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "dbo-removal", removal, (GDestroyNotify) dbo_removal_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_removal_cb), NULL);
  dbo_step_add_toast (DBO_STEP (self), toast);
}

static void
confirm_remove_member_cb (AdwMessageDialog *dialog, const char *response, DboStepPanel *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    remove_member (self, g_object_get_data (G_OBJECT (dialog), "dbo-member-id"));
}

static void
remove_member_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const char *id = g_variant_get_string (parameter, NULL);
  const DboMember *m = session ? dbo_project_find_member (dbo_session_get_project (session), id) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (m == NULL)
    return;
  /* A member who has signed on screen takes the signature along: ask. */
  if (m->strokes == NULL || m->strokes->len == 0 || !GTK_IS_WINDOW (root))
    {
      remove_member (self, id);
      return;
    }
  /* Translators: a dialog's heading; %s is the panel member's name */
  heading = g_strdup_printf (_("Remove “%s” from the Panel?"), !dbo_str_empty (m->name) ? m->name : id);
  dialog = dbo_confirm_dialog_new (widget, heading,
                                   _("The signature given on screen is removed with the member. "
                                     "Undo (Ctrl+Z) brings both back."), "remove", _("_Remove"));
  g_object_set_data_full (G_OBJECT (dialog), "dbo-member-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_remove_member_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------ recommendations */

static void
rec_row_free (RecRow *rr)
{
  g_free (rr->object_id);
  g_free (rr);
}

static void
refresh_rec_row (DboStepPanel *self, RecRow *rr)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  const DboRuleset *rules = dbo_session_get_rules (session);
  const DboObject *o = dbo_project_find_object (p, rr->object_id);
  const DboRecommendation *rec = dbo_project_find_recommendation (p, rr->object_id);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  int drafted;
  int shown;

  if (o == NULL)
    return;
  drafted = dbo_grading_drafted_level (rules, o);
  /* Until the panel says otherwise, the drafted level is the proposal. */
  shown = dbo_grading_proposed_level (rules, p, o);

  self->updating++;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rr->row),
                                 !dbo_str_empty (o->name) ? o->name : _("Unnamed protected object"));
  if (rec == NULL)
    subtitle = g_strdup_printf (_("Drafted level: %s · no recommendation yet"), dbo_level_label (drafted));
  else if (rec->level != drafted)
    subtitle = g_strdup_printf (_("Drafted level: %s · the panel recommends %s"), dbo_level_label (drafted),
                                dbo_level_label (rec->level));
  else
    subtitle = g_strdup_printf (_("Drafted level: %s · the panel agrees"), dbo_level_label (drafted));
  adw_expander_row_set_subtitle (rr->row, subtitle);
  if (shown >= 1 && shown <= 5)
    gtk_drop_down_set_selected (rr->level, shown - 1);
  gtk_widget_set_visible (rr->agree, rec == NULL);
  dbo_editable_set_text_kept (GTK_EDITABLE (rr->reason), rec ? rec->reason : NULL);
  if (rec != NULL && rec->dissents->len > 0)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member dissents",
                                                             "%u members dissent", rec->dissents->len),
                                                rec->dissents->len);

      for (guint i = 0; i < rec->dissents->len; i++)
        {
          const DboDissent *d = g_ptr_array_index (rec->dissents, i);
          const DboMember *m = dbo_project_find_member (p, d->member_id);

          g_string_append_printf (text, "%s%s：%s", i > 0 ? "\n" : "",
                                  m != NULL && !dbo_str_empty (m->name) ? m->name : d->member_id,
                                  d->text != NULL ? d->text : "");
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rr->dissent), title);
      adw_action_row_set_subtitle (rr->dissent, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (rr->dissent), rec != NULL && rec->dissents->len > 0);
  accessible = g_strdup_printf (_("Recommended level for %s"), !dbo_str_empty (o->name) ? o->name : rr->object_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (rr->level), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  self->updating--;
}

static void
mark_rec_row (DboStepPanel *self, RecRow *rr)
{
  g_autofree char *path = g_strdup_printf ("panel/recommendations/%s/reason", rr->object_id);

  mark_row (self, GTK_WIDGET (rr->reason), path);
  if (gtk_widget_has_css_class (GTK_WIDGET (rr->reason), "error"))
    gtk_widget_add_css_class (GTK_WIDGET (rr->row), "dbo-has-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (rr->row), "dbo-has-error");
}

static void
rec_level_changed_cb (GtkDropDown *drop_down, GParamSpec *pspec, RecRow *rr)
{
  DboStepPanel *self = rr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (self->updating || session == NULL)
    return;
  dbo_session_set_recommendation (session, rr->object_id, (int) gtk_drop_down_get_selected (drop_down) + 1,
                                  gtk_editable_get_text (GTK_EDITABLE (rr->reason)));
}

static void
rec_reason_changed_cb (GtkEditable *editable, RecRow *rr)
{
  DboStepPanel *self = rr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (self->updating || session == NULL)
    return;
  dbo_session_set_recommendation (session, rr->object_id, (int) gtk_drop_down_get_selected (rr->level) + 1,
                                  gtk_editable_get_text (editable));
}

static void
rec_agree_cb (GtkButton *button, RecRow *rr)
{
  DboStepPanel *self = rr->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboObject *o;

  if (session == NULL)
    return;
  o = dbo_project_find_object (dbo_session_get_project (session), rr->object_id);
  if (o != NULL)
    dbo_session_set_recommendation (session, rr->object_id,
                                    dbo_grading_drafted_level (dbo_session_get_rules (session), o),
                                    gtk_editable_get_text (GTK_EDITABLE (rr->reason)));
}

static GtkWidget *
new_rec_row (DboStepPanel *self, const DboObject *o)
{
  RecRow *rr = g_new0 (RecRow, 1);
  g_autofree char *name = g_strdup_printf ("recommendation-%s", o->id);
  g_autofree char *reason_name = g_strdup_printf ("recommendation-%s-reason", o->id);
  const char *levels[6];

  for (int l = 1; l <= 5; l++)
    levels[l - 1] = dbo_level_label (l);
  levels[5] = NULL;

  rr->self = self;
  rr->object_id = g_strdup (o->id);
  rr->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  gtk_widget_set_name (GTK_WIDGET (rr->row), name);
  g_object_set_data_full (G_OBJECT (rr->row), "dbo-rec-row", rr, (GDestroyNotify) rec_row_free);

  rr->agree = gtk_button_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_valign (rr->agree, GTK_ALIGN_CENTER);
  dbo_widget_set_tooltip (rr->agree, _("Agree with the drafted level"));
  gtk_widget_add_css_class (rr->agree, "flat");
  g_signal_connect (rr->agree, "clicked", G_CALLBACK (rec_agree_cb), rr);
  adw_expander_row_add_action (rr->row, rr->agree);

  rr->level = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (levels));
  g_free (name);
  name = g_strdup_printf ("recommendation-%s-level", o->id);
  gtk_widget_set_name (GTK_WIDGET (rr->level), name);
  gtk_widget_set_valign (GTK_WIDGET (rr->level), GTK_ALIGN_CENTER);
  dbo_widget_set_tooltip (GTK_WIDGET (rr->level), _("The panel’s recommended level"));
  g_signal_connect (rr->level, "notify::selected", G_CALLBACK (rec_level_changed_cb), rr);
  adw_expander_row_add_action (rr->row, GTK_WIDGET (rr->level));

  rr->reason = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rr->reason), _("_Reason"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (rr->reason), TRUE);
  gtk_widget_set_name (GTK_WIDGET (rr->reason), reason_name);
  g_signal_connect (rr->reason, "changed", G_CALLBACK (rec_reason_changed_cb), rr);
  adw_expander_row_add_row (rr->row, GTK_WIDGET (rr->reason));

  rr->dissent = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rr->dissent), FALSE);
  adw_action_row_add_prefix (rr->dissent, gtk_image_new_from_icon_name ("user-available-symbolic"));
  dbo_widget_set_tooltip (GTK_WIDGET (rr->dissent), _("Dissents are recorded in meeting mode"));
  gtk_widget_set_visible (GTK_WIDGET (rr->dissent), FALSE);
  adw_expander_row_add_row (rr->row, GTK_WIDGET (rr->dissent));

  g_hash_table_insert (self->rec_rows, rr->object_id, rr);
  refresh_rec_row (self, rr);
  return GTK_WIDGET (rr->row);
}

static guint
rec_rows_wanted (DboStepPanel *self)
{
  return MIN (dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)))->objects->len, self->rec_limit);
}

static gboolean
objects_match_rows (DboStepPanel *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->recommendations_list));
  guint shown = rec_rows_wanted (self);

  for (guint i = 0; i < shown; i++, child = gtk_widget_get_next_sibling (child))
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      RecRow *rr = child ? g_object_get_data (G_OBJECT (child), "dbo-rec-row") : NULL;

      if (rr == NULL || g_strcmp0 (rr->object_id, o->id) != 0)
        return FALSE;
    }
  if (child != NULL && g_object_get_data (G_OBJECT (child), "dbo-rec-row") != NULL)
    return FALSE;
  /* The "show more" row says how many are left. */
  return (child != NULL && child == self->more_row) == (shown < p->objects->len)
         && self->rec_total == p->objects->len;
}

static void
show_more_cb (AdwActionRow *row, DboStepPanel *self)
{
  self->rec_limit += REC_PAGE;
  rebuild_recommendations (self);
  mark_all (self);
}

/* The opinion rows are built while the step is on screen: fifty of them for
 * a large project held the window for a fifth of a second when the window
 * made its steps in the background. A step out of sight builds them when it
 * is shown (see map), or when a path inside them is asked for. */
static void
rebuild_recommendations (DboStepPanel *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->recs_stale = TRUE;
      return;
    }
  build_recommendations (self);
}

static void
ensure_recommendations (DboStepPanel *self)
{
  if (self->recs_stale && dbo_step_get_session (DBO_STEP (self)) != NULL)
    {
      build_recommendations (self);
      mark_all (self);
    }
}

static void
build_recommendations (DboStepPanel *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  RecRow *rr;

  self->recs_stale = FALSE;
  g_hash_table_iter_init (&iter, self->rec_rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &rr))
    if (adw_expander_row_get_expanded (rr->row))
      g_hash_table_add (expanded, g_strdup (rr->object_id));

  self->updating++;
  g_hash_table_remove_all (self->rec_rows);
  dbo_list_box_remove_all (self->recommendations_list);
  self->more_row = NULL;
  for (guint i = 0; i < rec_rows_wanted (self); i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      GtkWidget *row = new_rec_row (self, o);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (expanded, o->id));
      gtk_list_box_append (self->recommendations_list, row);
    }
  if (p->objects->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No protected objects yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->recommendations_list, row);
    }
  else if (rec_rows_wanted (self) < p->objects->len)
    {
      /* A group's thousand objects would make a page nobody can use: a page at a time. */
      guint left = p->objects->len - rec_rows_wanted (self);

      self->more_row = dbo_show_more_row_new (MIN (left, REC_PAGE), left);
      g_signal_connect (self->more_row, "activated", G_CALLBACK (show_more_cb), self);
      gtk_list_box_append (self->recommendations_list, self->more_row);
    }
  self->rec_total = p->objects->len;
  self->updating--;
}

static void
agree_all_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p;
  const DboRuleset *rules;

  if (session == NULL)
    return;
  p = dbo_session_get_project (session);
  rules = dbo_session_get_rules (session);
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);

      if (dbo_project_find_recommendation (p, o->id) == NULL)
        dbo_session_set_recommendation (session, o->id, dbo_grading_drafted_level (rules, o), NULL);
    }
}

/* ------------------------------------------------------------ conclusion */

static void
set_conclude_state (DboStepPanel *self, gboolean can, const char *reason)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.conclude", can);
  if (self->can_conclude != can)
    {
      self->can_conclude = can;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CONCLUDE]);
    }
  if (g_strcmp0 (self->conclude_reason, reason) != 0)
    {
      g_free (self->conclude_reason);
      self->conclude_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCLUDE_REASON]);
    }
}

/* What keeps the panel from concluding, from the session's findings. Called
 * on "findings-changed" (asking for the findings earlier would recompute them
 * ahead of the session's own signal). */
static void
update_conclude (DboStepPanel *self)
{
  GString *why = g_string_new (NULL);
  const DboProject *p;
  GPtrArray *findings;
  guint missing = 0;
  g_autofree char *status = NULL;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL)
    {
      set_conclude_state (self, FALSE, NULL);
      gtk_label_set_text (self->conclude_status, "");
      g_string_free (why, TRUE);
      return;
    }

  p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  findings = dbo_session_get_findings (dbo_step_get_session (DBO_STEP (self)));
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (blocks_conclusion (f))
        g_string_append_printf (why, "%s%s", why->len ? "\n" : "", dbo_finding_describe (f));
      if (g_strcmp0 (f->code, "recommendation-missing") == 0)
        missing++;
    }
  if (missing > 0)
    g_string_append_printf (why, "%s", why->len ? "\n" : "");
  if (missing > 0)
    g_string_append_printf (why, g_dngettext (GETTEXT_PACKAGE, "%u protected object has no recommended level yet",
                                              "%u protected objects have no recommended level yet", missing),
                            missing);

  if (why->len > 0)
    {
      set_conclude_state (self, FALSE, why->str);
      gtk_label_set_text (self->conclude_status, why->str);
      gtk_widget_add_css_class (GTK_WIDGET (self->conclude_status), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->conclude_status), "dim-label");
    }
  else
    {
      if (p->panel.conclusion.present)
        {
          g_autoptr(GDateTime) when = p->panel.conclusion.concluded
                                      ? g_date_time_new_from_iso8601 (p->panel.conclusion.concluded, NULL) : NULL;
          g_autofree char *text = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : NULL;

          status = text ? g_strdup_printf (_("The panel concluded on %s. Conclude again after changes the panel agrees to."), text)
                        : g_strdup (_("The panel has concluded. Conclude again after changes the panel agrees to."));
        }
      else
        status = g_strdup (_("The panel can conclude its review."));
      set_conclude_state (self, TRUE, NULL);
      gtk_label_set_text (self->conclude_status, status);
      gtk_widget_remove_css_class (GTK_WIDGET (self->conclude_status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->conclude_status), "dim-label");
    }
  gtk_widget_set_visible (self->agree_all_button, missing > 0);
  g_string_free (why, TRUE);
}

static void
conclude_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboProject *p;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GError) error = NULL;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;
  /* The findings may be a moment old: decide on fresh ones (the change below
   * makes the session announce them again). */
  update_conclude (self);
  if (!self->can_conclude)
    return;

  p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  sha = dbo_grading_data_sha256 (p);
  /* Concluding again (after a change, typically): the earlier conclusion is kept. */
  dbo_panel_supersede_conclusion (&p->panel, time);
  p->panel.conclusion.present = TRUE;
  dbo_set_str (&p->panel.conclusion.concluded, time);
  dbo_set_str (&p->panel.conclusion.data_sha256, sha);
  dbo_session_changed (dbo_step_get_session (DBO_STEP (self)), DBO_PART_PANEL, NULL);
  if (dbo_session_flush (dbo_step_get_session (DBO_STEP (self)), &error))
    dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("The panel’s conclusion is recorded")));
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *text = g_strdup_printf (_("The conclusion is kept but not saved yet: %s"), escaped);
      dbo_step_add_toast (DBO_STEP (self), adw_toast_new (text));
    }
  /* The status follows on "findings-changed". */
}

/* ------------------------------------------------------------ tamper evidence */

/* The banner at the top: shown while the graded data differs from what the
 * panel concluded on (the core's finding "panel-opinion-stale"). */
static void
update_stale (DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboFinding *stale = NULL;
  GPtrArray *findings;

  if (session != NULL)
    {
      findings = dbo_session_get_findings (session);
      for (guint i = 0; i < findings->len && stale == NULL; i++)
        {
          const DboFinding *f = g_ptr_array_index (findings, i);

          if (g_strcmp0 (f->code, "panel-opinion-stale") == 0)
            stale = f;
        }
    }
  gtk_widget_set_visible (self->stale_group, stale != NULL);
  gtk_label_set_text (self->stale_message, stale != NULL ? dbo_finding_describe (stale) : "");
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup (iso != NULL ? iso : "?");
}

/* The conclusions the panel replaced, newest first. */
static void
refresh_history (DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = session ? dbo_session_get_project (session) : NULL;
  guint n = p != NULL && p->panel.history != NULL ? p->panel.history->len : 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_expander_row_remove (self->history_row, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);
  gtk_widget_set_visible (self->history_list, n > 0);
  if (n == 0)
    return;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u conclusion replaced when the panel confirmed its opinion again",
                                           "%u conclusions replaced when the panel confirmed its opinion again", n), n);
  adw_expander_row_set_subtitle (self->history_row, subtitle);
  for (guint i = n; i-- > 0;)
    {
      const DboPreviousConclusion *c = g_ptr_array_index (p->panel.history, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *concluded = format_time (c->concluded);
      g_autofree char *superseded = format_time (c->superseded);
      g_autofree char *title = g_strdup_printf (_("Concluded on %s, replaced on %s"), concluded, superseded);
      g_autofree char *sub = NULL;

      sub = g_strdup_printf (_("Graded data SHA-256 %.16s%s%s"), c->data_sha256 ? c->data_sha256 : "?",
                             dbo_str_empty (c->note) ? "" : " · ", dbo_str_empty (c->note) ? "" : c->note);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      adw_expander_row_add_row (self->history_row, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

/* ------------------------------------------------------------ meeting mode and signatures */

static GtkWindow *
parent_window (DboStepPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
meeting_mode_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (session != NULL)
    dbo_meeting_window_present (session, parent_window (self));
}

static void
sign_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const char *id = g_variant_get_string (parameter, NULL);
  GtkWindow *parent = parent_window (self);
  g_autoptr(GListModel) toplevels = NULL;
  GtkWidget *pad = NULL;

  if (session == NULL || dbo_project_find_member (dbo_session_get_project (session), id) == NULL)
    return;
  /* One pad per member: a second click brings the open one forward. */
  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && pad == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (DBO_IS_SIGNATURE_PAD (w) && dbo_signature_pad_get_session (DBO_SIGNATURE_PAD (w)) == session
          && g_strcmp0 (dbo_signature_pad_get_member_id (DBO_SIGNATURE_PAD (w)), id) == 0)
        pad = GTK_WIDGET (w);
    }
  if (pad == NULL)
    {
      pad = dbo_signature_pad_new (session, id);
      if (parent != NULL)
        {
          gtk_window_set_transient_for (GTK_WINDOW (pad), parent);
          gtk_window_set_application (GTK_WINDOW (pad), gtk_window_get_application (parent));
        }
    }
  gtk_window_present (GTK_WINDOW (pad));
}

static DboDocument *
build_signature_sheet (DboStepPanel *self, GError **error)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  dbo_session_flush (session, NULL);
  return dbo_document_build (dbo_session_get_project (session), dbo_session_get_rules (session),
                             DBO_DOC_SIGNATURES, NULL, error);
}

static void toast_error (DboStepPanel *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* A toast with a message that may hold anything (the title is markup). */
static void
toast_error (DboStepPanel *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  escaped = g_markup_escape_text (text, -1);
  dbo_step_add_toast (DBO_STEP (self), adw_toast_new (escaped));
}

static void
print_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      toast_error (self, _("Could not print: %s"), error != NULL ? error->message : "");
    }
  g_clear_object (&self->print_operation);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.print-signatures", session != NULL);
}

static void
print_signatures_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  g_autoptr(GError) error = NULL;
  DboDocument *doc;
  GtkPrintOperationResult res;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL || self->print_operation != NULL)
    return;
  doc = build_signature_sheet (self, &error);
  if (doc == NULL)
    {
      toast_error (self, _("Could not make the signature sheet: %s"), error->message);
      return;
    }
  self->print_operation = GTK_PRINT_OPERATION (dbo_print_operation_new (doc));
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  gtk_print_operation_set_job_name (self->print_operation, dbo_doc_kind_title (DBO_DOC_SIGNATURES));
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (print_done_cb), self, 0);
  gtk_widget_action_set_enabled (widget, "panel.print-signatures", FALSE);
  res = gtk_print_operation_run (self->print_operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                 parent_window (self), &error);
  if (res == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast_error (self, _("Could not print: %s"), error != NULL ? error->message : "");
  /* Asynchronous runs report through "done"; the others are over already. */
  if (res != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && self->print_operation != NULL)
    {
      g_clear_object (&self->print_operation);
      gtk_widget_action_set_enabled (widget, "panel.print-signatures", TRUE);
    }
}

gboolean
dbo_step_panel_save_signature_sheet (DboStepPanel *self, const char *path, GError **error)
{
  g_autoptr(DboDocument) doc = NULL;

  g_return_val_if_fail (DBO_IS_STEP_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (dbo_step_get_session (DBO_STEP (self)) != NULL, FALSE);

  doc = build_signature_sheet (self, error);
  return doc != NULL && dbo_document_write_pdf (doc, path, error);
}

static void
save_signatures_response_cb (GtkNativeDialog *chooser, int response, DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (response == GTK_RESPONSE_ACCEPT && session != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        {
          g_autofree char *dir = g_path_get_dirname (path);

          dbo_session_remember_output_folder (session, dir);
        }
      if (path != NULL && !dbo_step_panel_save_signature_sheet (self, path, &error))
        toast_error (self, _("Could not save the signature sheet: %s"), error->message);
      else if (path != NULL)
        dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("The signature sheet is saved")));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_signatures_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (session == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Signature Sheet as PDF"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  dbo_chooser_start_in_output_folder (GTK_FILE_CHOOSER (chooser), session);
  /* The file name stays Chinese like the document itself. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "专家评审签字页.pdf");
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_signatures_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
dbo_step_panel_attach_scan (DboStepPanel *self, GFile *file, GError **error)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboAttachment *attachment;
  DboProject *p;

  g_return_val_if_fail (DBO_IS_STEP_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  attachment = dbo_attachment_load_scan (file, SCAN_NAME_PREFIX, FALSE, error);
  if (attachment == NULL)
    return FALSE;
  p = dbo_session_get_project (session);
  for (guint i = 0; i < p->attachments->len; i++)
    if (g_strcmp0 (((DboAttachment *) g_ptr_array_index (p->attachments, i))->sha256, attachment->sha256) == 0)
      {
        /* The same bytes are attached once. */
        dbo_attachment_free (attachment);
        return TRUE;
      }
  g_ptr_array_add (p->attachments, attachment);
  dbo_session_changed (session, DBO_PART_ATTACHMENTS, NULL);
  if (!dbo_session_flush (session, error))
    return FALSE;
  return TRUE;
}

static void
attach_scan_response_cb (GtkNativeDialog *chooser, int response, DboStepPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT && dbo_step_get_session (DBO_STEP (self)) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !dbo_step_panel_attach_scan (self, file, &error))
        toast_error (self, _("Could not attach the scan: %s"), error->message);
      else if (file != NULL)
        dbo_step_add_toast (DBO_STEP (self), adw_toast_new (_("The scan of the signed sheet is attached")));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_scan_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboStepPanel *self = DBO_STEP_PANEL (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach a Scan of the Signed Sheet"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Scans, photos and PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (attach_scan_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The attached scans of the signed sheet, each with the start of its SHA-256. */
static void
refresh_scans (DboStepPanel *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = session ? dbo_session_get_project (session) : NULL;
  guint n = 0;

  dbo_list_box_remove_all (self->scans_list);
  for (guint i = 0; p != NULL && i < p->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (p->attachments, i);
      GtkWidget *row;
      GtkWidget *icon;
      g_autofree char *subtitle = NULL;

      if (a->name == NULL || !g_str_has_prefix (a->name, SCAN_NAME_PREFIX))
        continue;
      row = adw_action_row_new ();
      icon = gtk_image_new_from_icon_name (g_strcmp0 (a->media_type, "application/pdf") == 0
                                           ? "x-office-document-symbolic" : "image-x-generic-symbolic");
      subtitle = g_strdup_printf ("SHA-256 %.16s", a->sha256 != NULL ? a->sha256 : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name + strlen (SCAN_NAME_PREFIX));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      dbo_widget_set_tooltip (row, a->sha256);
      gtk_widget_set_name (row, "scan-row");
      gtk_list_box_append (self->scans_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scans_list), n > 0);
}

/* ------------------------------------------------------------ following the session */

static void
mark_all (DboStepPanel *self)
{
  GHashTableIter iter;
  gpointer row;

  if (dbo_date_row_get_valid (self->date_row)
      || dbo_findings_box_find_for_path (dbo_step_get_session (DBO_STEP (self)), "panel/@date") != NULL)
    mark_row (self, GTK_WIDGET (self->date_row), "panel/@date");
  g_hash_table_iter_init (&iter, self->member_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    mark_member_row (self, row);
  g_hash_table_iter_init (&iter, self->rec_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    mark_rec_row (self, row);
}

static void
findings_changed_cb (DboSession *session, DboStepPanel *self)
{
  mark_all (self);
  update_conclude (self);
  update_stale (self);
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboStepPanel *self)
{
  switch ((DboPart) part)
    {
    case DBO_PART_PANEL:
      refresh_details (self);
      refresh_history (self);
      break;
    case DBO_PART_MEMBER:
      if (!members_match_rows (self))
        rebuild_members (self);
      else if (id != NULL && g_hash_table_lookup (self->member_rows, id) != NULL)
        refresh_member_row (self, g_hash_table_lookup (self->member_rows, id));
      refresh_rules (self);
      break;
    case DBO_PART_OBJECT:
      if (!objects_match_rows (self))
        rebuild_recommendations (self);
      else if (id != NULL && g_hash_table_lookup (self->rec_rows, id) != NULL)
        refresh_rec_row (self, g_hash_table_lookup (self->rec_rows, id));
      break;
    case DBO_PART_RECOMMENDATION:
      if (id != NULL && g_hash_table_lookup (self->rec_rows, id) != NULL)
        refresh_rec_row (self, g_hash_table_lookup (self->rec_rows, id));
      break;
    case DBO_PART_HEADER:
    case DBO_PART_ENTERPRISE:
    case DBO_PART_REVIEWS:
    case DBO_PART_ATTACHMENTS:
      refresh_scans (self);
      break;
    case DBO_PART_FILING:
    case DBO_PART_ASSESSMENTS:
    default:
      break;
    }
}

static void
dbo_step_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dbo_step_panel_parent_class)->map (widget);
  ensure_recommendations (DBO_STEP_PANEL (widget));
}

static void
set_session_actions (DboStepPanel *self, gboolean on)
{
  static const char * const actions[] = {
    "panel.meeting-mode", "panel.sign", "panel.print-signatures", "panel.save-signatures", "panel.attach-scan",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], on);
}

static void dbo_step_panel_session_set (DboStep *step, DboSession *session);
static void dbo_step_panel_focus_path (DboStep *step, const char *path);

/* ------------------------------------------------------------ GObject */

static void
dbo_step_panel_dispose (GObject *object)
{
  DboStepPanel *self = DBO_STEP_PANEL (object);

  if (self->print_operation != NULL)
    g_signal_handlers_disconnect_by_data (self->print_operation, self);
  g_clear_object (&self->print_operation);
  self->updating++;
  /* AdwBin unparents the template's root itself: no gtk_widget_dispose_template(). */
  G_OBJECT_CLASS (dbo_step_panel_parent_class)->dispose (object);
}

static void
dbo_step_panel_finalize (GObject *object)
{
  DboStepPanel *self = DBO_STEP_PANEL (object);

  g_clear_pointer (&self->member_rows, g_hash_table_unref);
  g_clear_pointer (&self->rec_rows, g_hash_table_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_free (self->conclude_reason);
  G_OBJECT_CLASS (dbo_step_panel_parent_class)->finalize (object);
}

static void
dbo_step_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboStepPanel *self = DBO_STEP_PANEL (object);

  switch (prop_id)
    {
    case PROP_CAN_CONCLUDE:
      g_value_set_boolean (value, self->can_conclude);
      break;
    case PROP_CONCLUDE_REASON:
      g_value_set_string (value, self->conclude_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_step_panel_class_init (DboStepPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_panel_dispose;
  object_class->finalize = dbo_step_panel_finalize;
  object_class->get_property = dbo_step_panel_get_property;
  widget_class->map = dbo_step_panel_map;
  step_class->session_set = dbo_step_panel_session_set;
  step_class->focus_path = dbo_step_panel_focus_path;

  /* Whether "Conclude the Review" can be used now … */
  properties[PROP_CAN_CONCLUDE] =
    g_param_spec_boolean ("can-conclude", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* … and if not, why (one reason a line), as shown beside the button. */
  properties[PROP_CONCLUDE_REASON] =
    g_param_spec_string ("conclude-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, page);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, date_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, organiser_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, location_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, details_findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, members_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, add_member_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, rules_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, rules_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, members_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, members_findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, recommendations_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, agree_all_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, opinion_findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, materials_switch);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, division_switch);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, note_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, conclude_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, conclude_status);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, conclusion_findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, stale_group);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, stale_message);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, scans_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepPanel, history_row);
  /* Reached by name only (tests). */
  gtk_widget_class_bind_template_child_full (widget_class, "reconfirm_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "meeting_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "panel.add-member", NULL, add_member_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.remove-member", "s", remove_member_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.agree-all", NULL, agree_all_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.conclude", NULL, conclude_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.meeting-mode", NULL, meeting_mode_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.sign", "s", sign_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.print-signatures", NULL, print_signatures_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.save-signatures", NULL, save_signatures_action_cb);
  gtk_widget_class_install_action (widget_class, "panel.attach-scan", NULL, attach_scan_action_cb);
}

static void
dbo_step_panel_init (DboStepPanel *self)
{
  g_type_ensure (DBO_TYPE_DATE_ROW);
  g_type_ensure (DBO_TYPE_FIELD_ROW);
  g_type_ensure (DBO_TYPE_FINDINGS_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->member_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->rec_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->history_rows = g_ptr_array_new ();
  self->rec_limit = REC_PAGE;

  dbo_field_row_set_path (self->organiser_row, "panel/@organiser");
  dbo_field_row_set_path (self->location_row, "panel/@location");
  g_signal_connect (self->date_row, "changed", G_CALLBACK (details_changed_cb), self);
  g_signal_connect (self->organiser_row, "changed", G_CALLBACK (details_changed_cb), self);
  g_signal_connect (self->location_row, "changed", G_CALLBACK (details_changed_cb), self);
  g_signal_connect (self->note_row, "changed", G_CALLBACK (details_changed_cb), self);
  g_signal_connect (self->materials_switch, "notify::active", G_CALLBACK (switch_changed_cb), self);
  g_signal_connect (self->division_switch, "notify::active", G_CALLBACK (switch_changed_cb), self);

  /* Leaving the step's fields writes what is pending at once. */
  dbo_step_flush_on_focus_leave (DBO_STEP (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.add-member", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.agree-all", FALSE);
  set_session_actions (self, FALSE);
  set_conclude_state (self, FALSE, NULL);
}

GtkWidget *
dbo_step_panel_new (void)
{
  return g_object_new (DBO_TYPE_STEP_PANEL, NULL);
}

static void
dbo_step_panel_session_set (DboStep *step, DboSession *session)
{
  DboStepPanel *self = DBO_STEP_PANEL (step);
  DboFindingsBox *boxes[4];

  boxes[0] = self->details_findings;
  boxes[1] = self->members_findings;
  boxes[2] = self->opinion_findings;
  boxes[3] = self->conclusion_findings;
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    dbo_findings_box_set_session (boxes[i], session);
  dbo_field_row_set_session (self->organiser_row, session);
  dbo_field_row_set_session (self->location_row, session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.add-member", session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.agree-all", session != NULL);
  set_session_actions (self, session != NULL);
  g_hash_table_remove_all (self->member_rows);
  g_hash_table_remove_all (self->rec_rows);
  self->rec_limit = REC_PAGE;
  self->more_row = NULL;
  self->leader_group = NULL;
  dbo_list_box_remove_all (self->members_list);
  dbo_list_box_remove_all (self->recommendations_list);

  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, 0);
      g_signal_connect_object (session, "findings-changed", G_CALLBACK (findings_changed_cb), self, 0);
      /* A date half typed for the previous project goes with it. */
      self->updating++;
      dbo_date_row_set_date (self->date_row, NULL);
      self->updating--;
      dbo_widget_mark_finding (GTK_WIDGET (self->date_row), NULL, FALSE);
      refresh_details (self);
      refresh_rules (self);
      rebuild_members (self);
      rebuild_recommendations (self);
      mark_all (self);
    }
  refresh_history (self);
  refresh_scans (self);
  update_conclude (self);
  update_stale (self);
}

gboolean
dbo_step_panel_get_can_conclude (DboStepPanel *self)
{
  g_return_val_if_fail (DBO_IS_STEP_PANEL (self), FALSE);
  return self->can_conclude;
}

const char *
dbo_step_panel_get_conclude_reason (DboStepPanel *self)
{
  g_return_val_if_fail (DBO_IS_STEP_PANEL (self), NULL);
  return self->conclude_reason;
}

static gboolean
focus_later_cb (gpointer data)
{
  g_autoptr(GtkWidget) widget = data;

  if (gtk_widget_get_root (widget) != NULL)
    gtk_widget_grab_focus (widget);
  return G_SOURCE_REMOVE;
}

/* A field inside a row that is only now expanding takes the focus once its
 * revealer has opened, so that the page scrolls to where it really is. */
static void
focus_later (GtkWidget *widget)
{
  g_timeout_add (300, focus_later_cb, g_object_ref (widget));
}

static void
dbo_step_panel_focus_path (DboStep *step, const char *path)
{
  DboStepPanel *self = DBO_STEP_PANEL (step);
  g_auto(GStrv) parts = NULL;
  GtkWidget *target = NULL;
  gboolean expanding = FALSE;

  if (dbo_step_get_session (step) == NULL || !g_str_has_prefix (path, "panel"))
    return;
  parts = g_strsplit (path, "/", 4);

  if (parts[1] == NULL || g_str_equal (parts[1], "@date"))
    target = GTK_WIDGET (self->date_row);
  else if (g_str_equal (parts[1], "@organiser"))
    target = GTK_WIDGET (self->organiser_row);
  else if (g_str_equal (parts[1], "@location"))
    target = GTK_WIDGET (self->location_row);
  else if (g_str_equal (parts[1], "members"))
    {
      MemberRow *mr = parts[2] ? g_hash_table_lookup (self->member_rows, parts[2]) : NULL;

      if (mr == NULL)
        target = self->add_member_button;
      else
        {
          const char *field = parts[3] ? parts[3] : "name";

          expanding = !adw_expander_row_get_expanded (mr->row);
          adw_expander_row_set_expanded (mr->row, TRUE);
          target = g_str_equal (field, "unit") ? GTK_WIDGET (mr->unit)
                   : g_str_equal (field, "title") ? GTK_WIDGET (mr->title)
                   : g_str_equal (field, "phone") ? GTK_WIDGET (mr->phone)
                   : g_str_equal (field, "kind") ? GTK_WIDGET (mr->kind)
                   : GTK_WIDGET (mr->name);
        }
    }
  else if (g_str_equal (parts[1], "recommendations"))
    {
      const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
      RecRow *rr = NULL;

      ensure_recommendations (self);
      /* An object further down than shown: show up to it. */
      for (guint i = 0; parts[2] != NULL && i < p->objects->len; i++)
        if (g_strcmp0 (((DboObject *) g_ptr_array_index (p->objects, i))->id, parts[2]) == 0 && i >= self->rec_limit)
          {
            self->rec_limit = (i / REC_PAGE + 1) * REC_PAGE;
            build_recommendations (self);
            mark_all (self);
            break;
          }
      rr = parts[2] ? g_hash_table_lookup (self->rec_rows, parts[2]) : NULL;

      if (rr != NULL)
        {
          expanding = parts[3] != NULL && !adw_expander_row_get_expanded (rr->row);
          adw_expander_row_set_expanded (rr->row, TRUE);
          target = parts[3] ? GTK_WIDGET (rr->reason) : GTK_WIDGET (rr->level);
        }
    }
  else if (g_str_has_prefix (parts[1], "conclusion") && parts[2] != NULL && g_str_equal (parts[2], "@data-sha256")
           && gtk_widget_get_visible (self->stale_group))
    /* The opinion is out of date: the banner's "Confirm Again". */
    target = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), DBO_TYPE_STEP_PANEL, "reconfirm_button"));
  else if (g_str_has_prefix (parts[1], "conclusion"))
    target = gtk_widget_get_sensitive (self->conclude_button) ? self->conclude_button : GTK_WIDGET (self->note_row);

  if (target == NULL)
    return;
  if (expanding || !gtk_widget_grab_focus (target))
    focus_later (target);
}
