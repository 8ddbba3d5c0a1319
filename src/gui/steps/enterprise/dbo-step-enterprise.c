/* DboStepEnterprise: step 1, the enterprise and the fields of 表一.
 *
 * Every row writes straight into the live model and tells the session, which
 * saves shortly after (and at once when focus leaves a group). The credit code
 * is checked as it is typed, so a wrong check character is named at once with
 * the one expected; everything else the core finds shows under its group and
 * on the row it concerns.
 *
 * Opening a project shows this step first, so only the groups of the first
 * screen come from the template; the rest are built just after the window is
 * first drawn (ensure_later_groups), which keeps the first frame of a project
 * window quick.
 */
#define G_LOG_DOMAIN "dengbao-step-enterprise"
#include "config.h"

#include "dbo-step-enterprise.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dbo-code-row.h"
#include "dbo-credit-code.h"
#include "dbo-field-row.h"
#include "dbo-findings-box.h"
#include "dbo-form-pack.h"
#include "dbo-region-row.h"

#define CREDIT_CODE_LENGTH 18

/* The text rows (DboFieldRow), which mark themselves with the findings
 * about their path; the credit code's is marked here, as typed. */
typedef struct {
  const char *row;
  const char *path;               /* the findings' path for this field */
  gsize offset;                   /* of a char* in DboEnterprise */
} TextField;

#define E(f) G_STRUCT_OFFSET (DboEnterprise, f)
static const TextField text_fields[] = {
  { "name_row", "enterprise/name", E (name) },
  { "credit_row", "enterprise/credit-code", E (credit_code) },
  { "group_row", "enterprise/group-company", E (group_company) },
  { "county_row", "enterprise/address/county", E (county) },
  { "town_row", "enterprise/address/town", E (town) },
  { "detail_row", "enterprise/address/detail", E (address_detail) },
  { "postcode_row", "enterprise/address/postcode", E (postcode) },
  { "division_row", "enterprise/address/division-code", E (division_code) },
  { "head_name_row", "enterprise/head/name", E (head.name) },
  { "head_title_row", "enterprise/head/title", E (head.title) },
  { "head_phone_row", "enterprise/head/office-phone", E (head.office_phone) },
  { "head_email_row", "enterprise/head/email", E (head.email) },
  { "department_row", "enterprise/department", E (department) },
  { "contact_name_row", "enterprise/contact/name", E (contact.name) },
  { "contact_title_row", "enterprise/contact/title", E (contact.title) },
  { "contact_phone_row", "enterprise/contact/office-phone", E (contact.office_phone) },
  { "contact_mobile_row", "enterprise/contact/mobile", E (contact.mobile) },
  { "contact_email_row", "enterprise/contact/email", E (contact.email) },
  { "affiliation_other_row", "enterprise/affiliation/other", E (affiliation_other) },
  { "unit_type_other_row", "enterprise/unit-type/other", E (unit_type_other) },
  { "industry_other_row", "enterprise/industry/other", E (industry_other) },
};

/* 表一 08–10: combo rows of the codes of the form data (its labels, in the
 * form's order), each with the row of its 其他 text. */
typedef struct {
  const char *row;
  const char *field_id;
  const char *other_row;          /* shown when the 其他 code is chosen */
} CodeCombo;

static const CodeCombo code_combos[] = {
  { "affiliation_row", "affiliation", "affiliation_other_row" },
  { "unit_type_row", "unit-type", "unit_type_other_row" },
  { "industry_row", "industry", "industry_other_row" },
};

static const DboFormField *
combo_field (const CodeCombo *combo)
{
  return dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007), combo->field_id);
}

/* The findings' path of the combo's field: "enterprise/industry". */
static char *
combo_path (const CodeCombo *combo)
{
  return g_strconcat ("enterprise/", combo_field (combo)->path, NULL);
}
#undef E

static const struct {
  const char *box;
  const char *prefix;
} findings_boxes[] = {
  { "name_findings", "enterprise/name" },
  { "credit_findings", "enterprise/credit-code" },
  { "address_findings", "enterprise/address/" },
  { "head_findings", "enterprise/head/" },
  { "department_findings", "enterprise/department" },
  { "contact_findings", "enterprise/contact/" },
  { "affiliation_findings", "enterprise/affiliation" },
  { "unit_type_findings", "enterprise/unit-type" },
  { "industry_findings", "enterprise/industry" },
  { "named_findings", "enterprise/named-systems/" },
};

static const char *kind_labels[] = { N_("Production mine"), N_("Construction mine"), N_("Group company") };
/* In the order people read them; the model's enum starts with "unrated". */
static const DboStandardization std_values[] = { DBO_STD_LEVEL1, DBO_STD_LEVEL2, DBO_STD_UNRATED };
static const char *std_labels[] = { N_("Level 1"), N_("Level 2"), N_("Not rated") };

static const char *group_names[] = { "basic_group", "address_group", "head_group", "contact_group", "form_group",
                                     "named_group" };

struct _DboStepEnterprise
{
  DboStep parent_instance;

  gboolean loading;               /* filling the rows from the model */
  gboolean writing;               /* inside our own dbo_session_changed() */
  gboolean credit_typed;          /* the credit code was edited here, not just loaded */
  GHashTable *widgets;            /* builder id → widget, for the tables above */
  GtkBuilder *later;              /* the groups below the first screen, once built */
  guint later_source;

  /* Template widgets (the page itself is the bin's child and is not bound:
   * gtk_widget_dispose_template() would unparent it behind AdwBin's back) */
  AdwEntryRow *credit_row;
  GtkLabel *credit_hint;
  AdwComboRow *kind_row;
  AdwComboRow *std_row;
  DboRegionRow *city_row;

  /* The named systems' rows, "named_<preset token>_row", once built. */
  GtkWidget *named_rows[DBO_N_PRESETS];
  GtkSwitch *named_switches[DBO_N_PRESETS];
};

G_DEFINE_FINAL_TYPE (DboStepEnterprise, dbo_step_enterprise, DBO_TYPE_STEP)

static void ensure_later_groups     (DboStepEnterprise *self);
static void dbo_step_enterprise_map (GtkWidget *widget);

/* The widget with builder id @name, NULL while its group is not built yet. */
static GtkWidget *
child (DboStepEnterprise *self, const char *name)
{
  return g_hash_table_lookup (self->widgets, name);
}

static void
index_widgets (DboStepEnterprise *self, GtkWidget *widget)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (id != NULL)
    g_hash_table_insert (self->widgets, (gpointer) id, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    index_widgets (self, c);
}

static char **
field_slot (DboStepEnterprise *self, gsize offset)
{
  return (char **) ((char *) &dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)))->enterprise + offset);
}

/* ---- the credit code, as typed ---- */

/* Position (0-based) of the first character of @code that GB 32100 does not
 * allow among the first @n, or -1. Asks the core, one character at a time,
 * by putting it into an otherwise valid body. */
static int
first_bad_character (const char *code, gsize n)
{
  for (gsize i = 0; i < n && i < CREDIT_CODE_LENGTH - 1; i++)
    {
      char probe[CREDIT_CODE_LENGTH + 1];
      char expected = '\0';

      memset (probe, '0', CREDIT_CODE_LENGTH);
      probe[CREDIT_CODE_LENGTH] = '\0';
      probe[i] = code[i];
      dbo_credit_code_validate (probe, &expected, NULL);
      if (expected == '\0')
        return (int) i;
    }
  return -1;
}

char *
dbo_credit_code_hint (const char *text, gboolean *is_error)
{
  g_autofree char *code = g_ascii_strup (text != NULL ? text : "", -1);
  char expected = '\0';
  gsize n;
  int bad;

  *is_error = FALSE;
  g_strstrip (code);
  n = strlen (code);
  if (n == 0)
    return NULL;
  if (!g_utf8_validate (code, -1, NULL) || g_utf8_strlen (code, -1) != (glong) n)
    {
      *is_error = TRUE;
      return g_strdup (_("Only digits and capital letters are allowed"));
    }
  bad = first_bad_character (code, n);
  if (bad >= 0)
    {
      *is_error = TRUE;
      /* Translators: %d is a position in the code, %c the character typed there. */
      return g_strdup_printf (_("Character %d (“%c”) is not allowed: use digits and capital letters except I, O, "
                                "S, V and Z"), bad + 1, code[bad]);
    }
  if (n > CREDIT_CODE_LENGTH)
    {
      *is_error = TRUE;
      return g_strdup_printf (_("Too long: a credit code has %d characters"), CREDIT_CODE_LENGTH);
    }
  if (n < CREDIT_CODE_LENGTH - 1)
    return g_strdup_printf (_("%d of %d characters"), (int) n, CREDIT_CODE_LENGTH);
  if (n == CREDIT_CODE_LENGTH - 1)
    {
      g_autofree char *probe = g_strconcat (code, "0", NULL);

      dbo_credit_code_validate (probe, &expected, NULL);
      if (expected == '0' || expected == '\0')
        expected = '0';
      return g_strdup_printf (_("The check character, the 18th, should be “%c”"), expected);
    }
  if (dbo_credit_code_validate (code, &expected, NULL))
    return g_strdup (_("Valid credit code"));
  *is_error = TRUE;
  if (expected == '\0')
    return g_strdup (_("Not a valid credit code"));
  return g_strdup_printf (_("Wrong check character “%c”: expected “%c”"), code[CREDIT_CODE_LENGTH - 1], expected);
}

static gboolean
update_credit_hint (DboStepEnterprise *self)
{
  gboolean is_error = FALSE;
  g_autofree char *hint = dbo_credit_code_hint (gtk_editable_get_text (GTK_EDITABLE (self->credit_row)), &is_error);

  gtk_label_set_text (self->credit_hint, hint != NULL ? hint : "");
  /* A good code that was only loaded needs no comment. */
  gtk_widget_set_visible (GTK_WIDGET (self->credit_hint), hint != NULL && (is_error || self->credit_typed));
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_hint), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->credit_hint), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->credit_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_hint), "dim-label");
    }
  return is_error;
}

/* ---- findings on rows ---- */

static void
mark_row (GtkWidget *row, const DboFinding *finding, gboolean live_error)
{
  /* This page has always marked a warning like an error. */
  dbo_widget_mark_finding (row, finding, TRUE);
  if (finding == NULL && live_error)
    gtk_widget_add_css_class (row, "error");
}

static void
update_row_findings (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  GtkWidget *credit = GTK_WIDGET (self->credit_row);

  if (session == NULL)
    return;
  /* A credit code being typed is judged as typed; the core's word may be a
   * keystroke old. The other text rows mark themselves. */
  mark_row (credit,
            *gtk_editable_get_text (GTK_EDITABLE (credit)) != '\0'
              ? NULL : dbo_findings_box_find_for_path (session, "enterprise/credit-code"),
            update_credit_hint (self));
  for (guint i = 0; i < G_N_ELEMENTS (code_combos); i++)
    if (child (self, code_combos[i].row) != NULL)
      {
        g_autofree char *path = combo_path (&code_combos[i]);

        mark_row (child (self, code_combos[i].row), dbo_findings_box_find_for_path (session, path), FALSE);
      }
  mark_row (GTK_WIDGET (self->city_row), dbo_findings_box_find_for_path (session, "enterprise/address/city"),
            FALSE);
}

static void
session_findings_changed_cb (DboStepEnterprise *self,
                             DboSession        *session)
{
  update_row_findings (self);
}

/* ---- writing to the model ---- */

static void
mark_changed (DboStepEnterprise *self)
{
  self->writing = TRUE;
  dbo_session_changed (dbo_step_get_session (DBO_STEP (self)), DBO_PART_ENTERPRISE, NULL);
  self->writing = FALSE;
}

static void
text_changed_cb (GtkEditable       *editable,
                 DboStepEnterprise *self)
{
  const TextField *field = g_object_get_data (G_OBJECT (editable), "dbo-field");
  const char *text = gtk_editable_get_text (editable);

  if (GTK_WIDGET (editable) == GTK_WIDGET (self->credit_row))
    {
      gboolean live;

      if (!self->loading)
        self->credit_typed = TRUE;
      live = update_credit_hint (self);

      if (live)
        gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
    }
  if (self->loading || dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;

  if (GTK_WIDGET (editable) == GTK_WIDGET (self->credit_row))
    {
      /* Stored as the standard writes it, whatever case was typed. */
      g_autofree char *code = g_ascii_strup (text, -1);

      dbo_set_str (field_slot (self, field->offset), g_strstrip (code));
    }
  else
    dbo_set_str (field_slot (self, field->offset), text);
  mark_changed (self);
}

static void
update_other_rows (DboStepEnterprise *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_combos); i++)
    {
      const CodeCombo *combo = &code_combos[i];
      const DboFormCode *code;

      if (child (self, combo->row) == NULL)
        continue;
      code = dbo_code_row_get_code (DBO_CODE_ROW (child (self, combo->row)));
      gtk_widget_set_visible (child (self, combo->other_row), code != NULL && code->other);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->std_row),
                            adw_combo_row_get_selected (self->kind_row) == DBO_KIND_PRODUCTION);
}

static void
code_combo_changed_cb (DboCodeRow        *row,
                       GParamSpec        *pspec,
                       DboStepEnterprise *self)
{
  const CodeCombo *combo = g_object_get_data (G_OBJECT (row), "dbo-combo");
  const DboFormCode *code;

  update_other_rows (self);
  if (self->loading || dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;
  code = dbo_code_row_get_code (row);
  dbo_form_field_set (combo_field (combo), &dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)))->enterprise,
                      code != NULL ? code->value : NULL);
  mark_changed (self);
}

static void
kind_changed_cb (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  guint selected = adw_combo_row_get_selected (self->kind_row);

  update_other_rows (self);
  if (self->loading || session == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  dbo_session_get_project (session)->enterprise.kind = (DboEnterpriseKind) selected;
  mark_changed (self);
}

static void
std_changed_cb (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  guint selected = adw_combo_row_get_selected (self->std_row);

  if (self->loading || session == NULL || selected >= G_N_ELEMENTS (std_values))
    return;
  dbo_session_get_project (session)->enterprise.standardization = std_values[selected];
  mark_changed (self);
}

static void
city_changed_cb (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  if (self->loading || session == NULL)
    return;
  dbo_set_str (&dbo_session_get_project (session)->enterprise.city, dbo_region_row_get_code (self->city_row));
  mark_changed (self);
}

static void
group_focus_leave_cb (GtkEventControllerFocus *controller,
                      DboStepEnterprise       *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  /* Leaving a group writes what was typed in it; a failure shows in the header. */
  if (session != NULL)
    dbo_session_flush (session, NULL);
}

/* ---- reading from the model ---- */

static void
fill_city_model (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  dbo_region_row_set_rules (self->city_row, session != NULL ? dbo_session_get_rules (session) : NULL);
}

/* ---- the named systems (§三(一)2) ---- */

/* Each row says whether the system is graded; its switch says whether the
 * mine runs it, fixed on while an object grades it. */
static void
update_named_rows (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;

  if (session == NULL)
    return;
  p = dbo_session_get_project (session);
  self->loading = TRUE;
  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    {
      const DboObject *object = dbo_project_find_preset (p, preset);
      gboolean runs = object != NULL || dbo_enterprise_runs_preset (&p->enterprise, preset);
      g_autofree char *subtitle = NULL;

      if (self->named_rows[preset] == NULL)
        continue;
      /* The names are the rule set's, known once there is a session. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->named_rows[preset]),
                                     dbo_ruleset_preset_name (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))), preset));
      if (object != NULL)
        {
          g_autofree char *name = dbo_object_display_name (p, object);

          subtitle = g_strdup_printf (_("Graded as the protected object “%s”"), name);
        }
      else if (runs)
        subtitle = g_strdup (_("Runs here, not added as a protected object yet"));
      else
        subtitle = g_strdup (_("Not run by this mine"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->named_rows[preset]), subtitle);
      gtk_switch_set_active (self->named_switches[preset], runs);
      gtk_widget_set_sensitive (GTK_WIDGET (self->named_switches[preset]), object == NULL);
    }
  self->loading = FALSE;
}

static void
named_switch_cb (GtkSwitch         *sw,
                 GParamSpec        *pspec,
                 DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboEnterprise *e;
  int preset = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sw), "dbo-preset"));

  if (self->loading || session == NULL)
    return;
  e = &dbo_session_get_project (session)->enterprise;
  if (gtk_switch_get_active (sw))
    e->not_run &= ~(1u << preset);
  else
    e->not_run |= 1u << preset;
  mark_changed (self);
  update_named_rows (self);
}

static void
build_named_rows (DboStepEnterprise *self)
{
  GtkListBox *list = GTK_LIST_BOX (child (self, "named_list"));

  if (list == NULL || self->named_rows[DBO_PRESET_NONE + 1] != NULL)
    return;
  for (int preset = DBO_PRESET_NONE + 1; preset < DBO_N_PRESETS; preset++)
    {
      g_autofree char *id = g_strdup_printf ("named_%s_row", dbo_token_name (dbo_preset_tokens, preset));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The mine runs this system"), -1);
      gtk_widget_set_tooltip_text (sw, _("The mine runs this system"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      gtk_widget_set_name (row, id);
      g_object_set_data (G_OBJECT (sw), "dbo-preset", GINT_TO_POINTER (preset));
      g_signal_connect (sw, "notify::active", G_CALLBACK (named_switch_cb), self);
      gtk_list_box_append (list, row);
      self->named_rows[preset] = row;
      self->named_switches[preset] = GTK_SWITCH (sw);
      g_hash_table_insert (self->widgets, (gpointer) g_intern_string (id), row);
    }
}

static void
load_from_model (DboStepEnterprise *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboEnterprise *e;

  if (session == NULL)
    return;
  e = &dbo_session_get_project (session)->enterprise;
  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (child (self, text_fields[i].row) != NULL)
      dbo_field_row_set_text (DBO_FIELD_ROW (child (self, text_fields[i].row)),
                              *field_slot (self, text_fields[i].offset));

  adw_combo_row_set_selected (self->kind_row, e->kind);
  for (guint i = 0; i < G_N_ELEMENTS (std_values); i++)
    if (std_values[i] == e->standardization)
      adw_combo_row_set_selected (self->std_row, i);

  dbo_region_row_set_code (self->city_row, e->city);

  for (guint i = 0; i < G_N_ELEMENTS (code_combos); i++)
    {
      GtkWidget *row = child (self, code_combos[i].row);

      if (row != NULL)
        dbo_code_row_set_value (DBO_CODE_ROW (row), dbo_form_field_get (combo_field (&code_combos[i]), e));
    }
  update_other_rows (self);
  self->loading = FALSE;
  update_named_rows (self);
  update_row_findings (self);
}

static void
session_changed_cb (DboStepEnterprise *self,
                    int                part,
                    const char        *id,
                    DboSession        *session)
{
  /* Someone else changed the enterprise (an import, an undo): show it. */
  if (part == DBO_PART_ENTERPRISE && !self->writing)
    load_from_model (self);
  else if (part == DBO_PART_OBJECT)
    update_named_rows (self);
}

/* ---- public ---- */

GtkWidget *
dbo_step_enterprise_new (void)
{
  return g_object_new (DBO_TYPE_STEP_ENTERPRISE, NULL);
}

static void
dbo_step_enterprise_session_set (DboStep    *step,
                                 DboSession *session)
{
  DboStepEnterprise *self = DBO_STEP_ENTERPRISE (step);

  self->credit_typed = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (child (self, text_fields[i].row) != NULL)
      dbo_field_row_set_session (DBO_FIELD_ROW (child (self, text_fields[i].row)), session);
  for (guint i = 0; i < G_N_ELEMENTS (findings_boxes); i++)
    if (child (self, findings_boxes[i].box) != NULL)
      dbo_findings_box_set_session (DBO_FINDINGS_BOX (child (self, findings_boxes[i].box)), session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "findings-changed", G_CALLBACK (session_findings_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  self->loading = TRUE;
  fill_city_model (self);
  self->loading = FALSE;
  load_from_model (self);
}

/* The row a path names: the field itself, or the first row of its group (a
 * named system: its switch). */
static GtkWidget *
row_for_path (DboStepEnterprise *self, const char *path)
{
  static const struct { const char *prefix; const char *row; } groups[] = {
    { "enterprise/address/", "city_row" },
    { "enterprise/head/", "head_name_row" },
    { "enterprise/contact/", "contact_name_row" },
  };

  if (g_strcmp0 (path, "enterprise/address/city") == 0)
    return GTK_WIDGET (self->city_row);
  if (g_strcmp0 (path, "enterprise/kind") == 0)
    return GTK_WIDGET (self->kind_row);
  if (g_strcmp0 (path, "enterprise/standardization") == 0)
    return GTK_WIDGET (self->std_row);
  if (g_str_has_prefix (path, "enterprise/named-systems/"))
    {
      int preset = dbo_token_lookup (dbo_preset_tokens, path + strlen ("enterprise/named-systems/"));

      if (preset > DBO_PRESET_NONE && self->named_rows[preset] != NULL)
        return GTK_WIDGET (self->named_switches[preset]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (text_fields[i].path, path) == 0)
      return child (self, text_fields[i].row);
  for (guint i = 0; i < G_N_ELEMENTS (code_combos); i++)
    {
      g_autofree char *combo = combo_path (&code_combos[i]);

      if (g_str_has_prefix (path, combo))
        return child (self, code_combos[i].row);
    }
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_str_has_prefix (path, groups[i].prefix))
      return child (self, groups[i].row);
  return child (self, "name_row");
}

static void
dbo_step_enterprise_focus_path (DboStep    *step,
                                const char *path)
{
  DboStepEnterprise *self = DBO_STEP_ENTERPRISE (step);
  GtkWidget *row;

  ensure_later_groups (self);
  row = row_for_path (self, path);
  if (!gtk_widget_get_visible (row))
    row = child (self, "name_row");
  gtk_widget_grab_focus (row);
}

/* ---- GObject ---- */

static void
dbo_step_enterprise_dispose (GObject *object)
{
  DboStepEnterprise *self = DBO_STEP_ENTERPRISE (object);

  g_clear_handle_id (&self->later_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_STEP_ENTERPRISE);
  g_clear_object (&self->later);
  G_OBJECT_CLASS (dbo_step_enterprise_parent_class)->dispose (object);
}

static void
dbo_step_enterprise_finalize (GObject *object)
{
  DboStepEnterprise *self = DBO_STEP_ENTERPRISE (object);

  g_clear_pointer (&self->widgets, g_hash_table_unref);
  G_OBJECT_CLASS (dbo_step_enterprise_parent_class)->finalize (object);
}

static void
dbo_step_enterprise_class_init (DboStepEnterpriseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_enterprise_dispose;
  object_class->finalize = dbo_step_enterprise_finalize;
  step_class->session_set = dbo_step_enterprise_session_set;
  step_class->focus_path = dbo_step_enterprise_focus_path;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dengbao/Dengbao/ui/dbo-step-enterprise.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepEnterprise, credit_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepEnterprise, credit_hint);
  gtk_widget_class_bind_template_child (widget_class, DboStepEnterprise, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepEnterprise, std_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepEnterprise, city_row);
  /* The rest are reached by their builder ids through the tables above. */
  widget_class->map = dbo_step_enterprise_map;
}

/* Connects the rows of the tables that are built and not yet connected. */
static void
setup_widgets (DboStepEnterprise *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GtkWidget *row = child (self, text_fields[i].row);

      if (row == NULL || g_object_get_data (G_OBJECT (row), "dbo-field") != NULL)
        continue;
      g_object_set_data (G_OBJECT (row), "dbo-field", (gpointer) &text_fields[i]);
      /* This page has always marked a warning like an error. */
      dbo_field_row_set_warning_as_error (DBO_FIELD_ROW (row), TRUE);
      if (row != GTK_WIDGET (self->credit_row))
        dbo_field_row_set_path (DBO_FIELD_ROW (row), text_fields[i].path);
      dbo_field_row_set_session (DBO_FIELD_ROW (row), dbo_step_get_session (DBO_STEP (self)));
      g_signal_connect (row, "changed", G_CALLBACK (text_changed_cb), self);
    }
  for (guint i = 0; i < G_N_ELEMENTS (code_combos); i++)
    {
      GtkWidget *row = child (self, code_combos[i].row);

      if (row == NULL || g_object_get_data (G_OBJECT (row), "dbo-combo") != NULL)
        continue;
      dbo_code_row_set_field (DBO_CODE_ROW (row), combo_field (&code_combos[i]), _("Not chosen"));
      g_object_set_data (G_OBJECT (row), "dbo-combo", (gpointer) &code_combos[i]);
      g_signal_connect (row, "notify::selected", G_CALLBACK (code_combo_changed_cb), self);
    }
  for (guint i = 0; i < G_N_ELEMENTS (findings_boxes); i++)
    {
      GtkWidget *box = child (self, findings_boxes[i].box);

      if (box != NULL && dbo_findings_box_get_prefix (DBO_FINDINGS_BOX (box)) == NULL)
        {
          dbo_findings_box_set_prefix (DBO_FINDINGS_BOX (box), findings_boxes[i].prefix);
          dbo_findings_box_set_session (DBO_FINDINGS_BOX (box), dbo_step_get_session (DBO_STEP (self)));
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    {
      GtkWidget *group = child (self, group_names[i]);
      GtkEventController *focus;

      if (group == NULL || g_object_get_data (G_OBJECT (group), "dbo-group") != NULL)
        continue;
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (group_focus_leave_cb), self);
      gtk_widget_add_controller (group, focus);
      g_object_set_data (G_OBJECT (group), "dbo-group", GINT_TO_POINTER (TRUE));
    }
  build_named_rows (self);
}

/* Builds the groups below the first screen, if not done yet. */
static void
ensure_later_groups (DboStepEnterprise *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_bin_get_child (ADW_BIN (self)));

  g_clear_handle_id (&self->later_source, g_source_remove);
  if (self->later != NULL)
    return;
  self->later = gtk_builder_new_from_resource ("/io/github/dengbao/Dengbao/ui/dbo-step-enterprise-more.ui");
  /* In the order of group_names, which is the order on the page. */
  for (guint i = 0; i < G_N_ELEMENTS (group_names); i++)
    {
      GObject *group = gtk_builder_get_object (self->later, group_names[i]);

      if (group != NULL)
        {
          adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
          index_widgets (self, GTK_WIDGET (group));
        }
    }
  setup_widgets (self);
  load_from_model (self);
}

static gboolean
later_groups_cb (gpointer user_data)
{
  DboStepEnterprise *self = user_data;

  self->later_source = 0;
  ensure_later_groups (self);
  return G_SOURCE_REMOVE;
}

static void
dbo_step_enterprise_map (GtkWidget *widget)
{
  DboStepEnterprise *self = DBO_STEP_ENTERPRISE (widget);

  GTK_WIDGET_CLASS (dbo_step_enterprise_parent_class)->map (widget);
  /* The rest of the page once this screen has been drawn. */
  if (self->later == NULL)
    dbo_widget_idle_after_frame (widget, later_groups_cb, &self->later_source);
}

GtkWidget *
dbo_step_enterprise_get_row (DboStepEnterprise *self,
                             const char        *name)
{
  g_return_val_if_fail (DBO_IS_STEP_ENTERPRISE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  ensure_later_groups (self);
  return child (self, name);
}

static void
dbo_step_enterprise_init (DboStepEnterprise *self)
{
  g_type_ensure (DBO_TYPE_CODE_ROW);
  g_type_ensure (DBO_TYPE_FIELD_ROW);
  g_type_ensure (DBO_TYPE_FINDINGS_BOX);
  g_type_ensure (DBO_TYPE_REGION_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->widgets = g_hash_table_new (g_str_hash, g_str_equal);
  index_widgets (self, GTK_WIDGET (self));

  self->loading = TRUE;
  setup_widgets (self);
  {
    g_autoptr(GListModel) kinds = dbo_label_model_new (kind_labels, G_N_ELEMENTS (kind_labels));
    g_autoptr(GListModel) stds = dbo_label_model_new (std_labels, G_N_ELEMENTS (std_labels));

    adw_combo_row_set_model (self->kind_row, kinds);
    adw_combo_row_set_model (self->std_row, stds);
  }
  fill_city_model (self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->std_row, "notify::selected", G_CALLBACK (std_changed_cb), self);
  g_signal_connect_swapped (self->city_row, "notify::selected", G_CALLBACK (city_changed_cb), self);
  update_other_rows (self);
  self->loading = FALSE;
}
