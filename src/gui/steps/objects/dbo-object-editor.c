/* DboObjectEditor: the 表二 fields of one protected object.
 *
 * The groups mirror the filing form's 表二 (信息系统情况): basic information,
 * business carried, service, network platform, interconnection, key products,
 * services used, the assessment body and the parent system. Every change is
 * written into the live model at once and announced to the session, which
 * saves it; the fields show the session's findings about them.
 */
#define G_LOG_DOMAIN "dengbao-object-editor"
#include "config.h"

#include "dbo-object-editor.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dbo-calendar.h"
#include "dbo-code-row.h"
#include "dbo-date-row.h"
#include "dbo-findings-box.h"
#include "dbo-form-pack.h"
#include "dbo-grading.h"
#include "dbo-materials-group.h"

/* The boxes of a field where several codes may be ticked (表二 03, 06):
 * one check row per code of the form data, in its order. */
typedef struct
{
  const DboFormField *field;
  GPtrArray *checks;            /* GtkCheckButton */
  GPtrArray *rows;              /* their AdwActionRow */
} CheckGroup;

typedef struct
{
  GtkWidget *expander;
  GtkWidget *domestic;          /* AdwComboRow: not filled, then dbo_domestic_tokens */
  GtkWidget *count_row;
  GtkWidget *count;             /* GtkSpinButton */
  GtkWidget *percent_row;
  GtkWidget *percent;
  GtkWidget *other;             /* AdwEntryRow, only for "other" */
} ProductWidgets;

typedef struct
{
  GtkWidget *expander;
  GtkWidget *used;              /* AdwComboRow: not filled, used, not used */
  GtkWidget *provider;          /* AdwComboRow: not given, then providers */
  GtkWidget *other;
} ServiceWidgets;

struct _DboObjectEditor
{
  AdwPreferencesPage parent_instance;

  DboSession *session;
  char *object_id;
  guint loading;                /* > 0 while the widgets follow the model */
  gboolean findings_pending;    /* changed since the last "findings-changed" */
  gulong changed_handler;
  gulong findings_handler;

  /* Template widgets */
  DboFindingsBox *findings;
  AdwEntryRow *name_row;
  AdwEntryRow *number_row;
  AdwComboRow *type_row;
  AdwComboRow *status_row;
  AdwActionRow *preset_row;
  AdwComboRow *scope_row;
  GtkSwitch *aggregation_switch;
  AdwEntryRow *department_row;
  AdwEntryRow *owner_name_row;
  AdwEntryRow *owner_phone_row;
  DboDateRow *operation_date_row;
  AdwPreferencesGroup *business_group;
  AdwEntryRow *business_other_row;
  GtkFrame *business_description_frame;
  GtkTextView *business_description;
  AdwComboRow *service_scope_row;
  AdwActionRow *scope_count_row;
  GtkSpinButton *scope_count_spin;
  AdwComboRow *service_targets_row;
  AdwEntryRow *service_other_row;
  AdwEntryRow *service_targets_other_row;
  AdwComboRow *coverage_row;
  AdwComboRow *nature_row;
  AdwEntryRow *network_other_row;
  AdwEntryRow *network_nature_other_row;
  AdwPreferencesGroup *interconnection_group;
  AdwEntryRow *interconnection_other_row;
  AdwPreferencesGroup *products_group;
  AdwPreferencesGroup *services_group;
  AdwEntryRow *assessment_body_row;
  GtkSwitch *subsystem_switch;
  AdwEntryRow *parent_name_row;
  AdwEntryRow *parent_unit_row;
  DboMaterialsGroup *materials_group;
  GtkButton *remove_button;

  CheckGroup business;
  CheckGroup interconnection;
  ProductWidgets products[DBO_N_PRODUCT_KINDS];
  ServiceWidgets services[DBO_N_SERVICE_KINDS];
};

G_DEFINE_FINAL_TYPE (DboObjectEditor, dbo_object_editor, ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_SESSION, PROP_OBJECT_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

#define W(f) G_STRUCT_OFFSET (DboObjectEditor, f)
#define O(f) G_STRUCT_OFFSET (DboObject, f)
#define WIDGET_AT(self, off) (*(GtkWidget **) G_STRUCT_MEMBER_P ((self), (off)))
#define STR_AT(obj, off) ((char **) G_STRUCT_MEMBER_P ((obj), (off)))
#define INT_AT(obj, off) ((int *) G_STRUCT_MEMBER_P ((obj), (off)))

/* Paths follow the findings' ("objects/<id>/" + path). */
typedef struct
{
  const char *path;
  gsize widget;
  gsize field;
} TextField;

static const TextField text_fields[] = {
  { "name", W (name_row), O (name) },
  { "number", W (number_row), O (number) },
  { "department", W (department_row), O (department) },
  { "owner/name", W (owner_name_row), O (owner_name) },
  { "owner/phone", W (owner_phone_row), O (owner_phone) },
  { "operation-date", W (operation_date_row), O (operation_date) },
  { "business/@other", W (business_other_row), O (business_other) },
  { "service/@other", W (service_other_row), O (service_other) },
  { "service/@targets-other", W (service_targets_other_row), O (service_targets_other) },
  { "network/@other", W (network_other_row), O (network_other) },
  { "network/@nature-other", W (network_nature_other_row), O (network_nature_other) },
  { "interconnection/@other", W (interconnection_other_row), O (interconnection_other) },
  { "assessment-body", W (assessment_body_row), O (assessment_body) },
  { "parent/@name", W (parent_name_row), O (parent_name) },
  { "parent/@unit", W (parent_unit_row), O (parent_unit) },
};

/* A field of one answer, as a combo row of its codes; its path, codes and
 * "other" code come from the form data. */
typedef struct
{
  const char *field_id;
  gsize widget;
  gsize other_widget;           /* the row of its 其他 text */
} CodeField;

static const CodeField code_fields[] = {
  { "service-scope", W (service_scope_row), W (service_other_row) },
  { "service-targets", W (service_targets_row), W (service_targets_other_row) },
  { "network-coverage", W (coverage_row), W (network_other_row) },
  { "network-nature", W (nature_row), W (network_nature_other_row) },
};

static const DboFormField *
form_field (const char *id)
{
  return dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007), id);
}

typedef struct
{
  const char *path;
  gsize widget;
  gsize field;
  const DboToken *tokens;
} EnumField;

static const EnumField enum_fields[] = {
  { "@type", W (type_row), O (type), dbo_object_type_tokens },
  { "@status", W (status_row), O (status), dbo_object_status_tokens },
  { "scope", W (scope_row), O (scope), dbo_scope_tokens },
};

#undef W
#undef O

/* ---- helpers ---- */

static DboObject *
get_object (DboObjectEditor *self)
{
  if (self->session == NULL || self->object_id == NULL)
    return NULL;
  return dbo_project_find_object (dbo_session_get_project (self->session), self->object_id);
}

static void
object_changed (DboObjectEditor *self)
{
  /* Our own edit: the widgets already show it (and a half-typed date stays). */
  self->loading++;
  dbo_session_changed (self->session, DBO_PART_OBJECT, self->object_id);
  self->loading--;
}

static GListModel *
token_model (const DboToken *tokens, const char *none)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (none != NULL)
    gtk_string_list_append (list, none);
  for (gsize i = 0; tokens[i].token != NULL; i++)
    if (*tokens[i].token != '\0')
      gtk_string_list_append (list, dbo_token_label (tokens, (int) i));
  return G_LIST_MODEL (list);
}

static void
set_combo_model (AdwComboRow *row, GListModel *model)
{
  adw_combo_row_set_model (row, model);
  g_object_unref (model);
}

static void
show_checks (CheckGroup *group, const DboObject *o)
{
  const char *value = dbo_form_field_get (group->field, o);

  for (guint i = 0; i < group->checks->len; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (g_ptr_array_index (group->checks, i)),
                                 dbo_form_value_has_code (value,
                                                          ((const DboFormCode *) g_ptr_array_index (group->field->codes, i))->value));
}

/* The check of @group's 其他 code is ticked. */
static gboolean
other_checked (const CheckGroup *group)
{
  for (guint i = 0; i < group->checks->len; i++)
    if (((const DboFormCode *) g_ptr_array_index (group->field->codes, i))->other &&
        gtk_check_button_get_active (GTK_CHECK_BUTTON (g_ptr_array_index (group->checks, i))))
      return TRUE;
  return FALSE;
}

static DboProduct *
find_product (DboObject *o, DboProductKind kind)
{
  for (guint i = 0; i < o->products->len; i++)
    {
      DboProduct *p = g_ptr_array_index (o->products, i);

      if (p->kind == kind)
        return p;
    }
  return NULL;
}

static DboServiceUse *
find_service (DboObject *o, DboServiceKind kind)
{
  for (guint i = 0; i < o->services->len; i++)
    {
      DboServiceUse *s = g_ptr_array_index (o->services, i);

      if (s->kind == kind)
        return s;
    }
  return NULL;
}

/* ---- showing the model ---- */

static void
update_visibility (DboObjectEditor *self, DboObject *o)
{
  const DboFormField *scope = form_field ("service-scope");
  const DboFormCode *scope_code = o != NULL ? dbo_form_field_find_code (scope, dbo_form_field_get (scope, o)) : NULL;
  gboolean subsystem = gtk_switch_get_active (self->subsystem_switch);

  /* "跨___个": only after the scopes the form counts. */
  gtk_widget_set_visible (GTK_WIDGET (self->scope_count_row), scope_code != NULL && scope_code->counted);
  /* Each question's "other" text: shown while its 其他 is chosen or it holds a text. */
  for (gsize i = 0; i < G_N_ELEMENTS (code_fields); i++)
    {
      const DboFormField *field = form_field (code_fields[i].field_id);
      const DboFormCode *other = dbo_form_field_other_code (field);

      gtk_widget_set_visible (WIDGET_AT (self, code_fields[i].other_widget),
                              o != NULL && ((other != NULL && dbo_form_value_has_code (dbo_form_field_get (field, o),
                                                                                      other->value)) ||
                                            !dbo_str_empty (dbo_form_field_get_other (field, o))));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->business_other_row),
                          other_checked (&self->business) ||
                          (o != NULL && !dbo_str_empty (dbo_form_field_get_other (self->business.field, o))));
  gtk_widget_set_visible (GTK_WIDGET (self->interconnection_other_row),
                          other_checked (&self->interconnection) ||
                          (o != NULL && !dbo_str_empty (dbo_form_field_get_other (self->interconnection.field, o))));
  gtk_widget_set_visible (GTK_WIDGET (self->parent_name_row), subsystem);
  gtk_widget_set_visible (GTK_WIDGET (self->parent_unit_row), subsystem);
}

static void
update_product_row (DboObjectEditor *self, DboObject *o, int kind)
{
  ProductWidgets *w = &self->products[kind];
  DboProduct *p = find_product (o, kind);
  g_autofree char *summary = NULL;

  gtk_widget_set_sensitive (w->count_row, p != NULL);
  gtk_widget_set_visible (w->percent_row, p != NULL && p->domestic == DBO_DOMESTIC_PARTIAL);
  if (p == NULL)
    summary = g_strdup (_("Not filled"));
  else if (p->count >= 0 && p->domestic == DBO_DOMESTIC_PARTIAL && p->percent >= 0)
    /* Translators: key products: count · domestic share, e.g. “4 · 部分使用 50 %” */
    summary = g_strdup_printf (_("%d · %s %d %%"), p->count, dbo_token_zh (dbo_domestic_tokens, p->domestic),
                               p->percent);
  else if (p->count >= 0)
    summary = g_strdup_printf ("%d · %s", p->count, dbo_token_zh (dbo_domestic_tokens, p->domestic));
  else
    summary = g_strdup (dbo_token_zh (dbo_domestic_tokens, p->domestic));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (w->expander), summary);
}

static void
update_service_row (DboObjectEditor *self, DboObject *o, int kind)
{
  ServiceWidgets *w = &self->services[kind];
  DboServiceUse *s = find_service (o, kind);
  const char *summary;

  gtk_widget_set_sensitive (w->provider, s != NULL && s->used);
  if (s == NULL)
    summary = _("Not filled");
  else if (!s->used)
    summary = _("Not used");
  else if (s->provider != DBO_PROVIDER_NONE)
    summary = dbo_token_zh (dbo_provider_tokens, s->provider);
  else
    summary = _("Used");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (w->expander), summary);
}

static void
load (DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->business_description);

  gtk_widget_set_sensitive (GTK_WIDGET (self), o != NULL);
  if (o == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button), NULL);
      return;
    }

  self->loading++;

  for (gsize i = 0; i < G_N_ELEMENTS (text_fields); i++)
    dbo_editable_set_text_kept (GTK_EDITABLE (WIDGET_AT (self, text_fields[i].widget)),
                                *STR_AT (o, text_fields[i].field));
  for (gsize i = 0; i < G_N_ELEMENTS (code_fields); i++)
    {
      const DboFormField *field = form_field (code_fields[i].field_id);

      dbo_code_row_set_value (DBO_CODE_ROW (WIDGET_AT (self, code_fields[i].widget)), dbo_form_field_get (field, o));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (enum_fields); i++)
    adw_combo_row_set_selected (ADW_COMBO_ROW (WIDGET_AT (self, enum_fields[i].widget)),
                                *INT_AT (o, enum_fields[i].field));

  adw_action_row_set_subtitle (self->preset_row,
                               o->preset != DBO_PRESET_NONE
                                 ? dbo_ruleset_preset_name (dbo_session_get_rules (self->session), o->preset)
                                 : _("None"));
  gtk_switch_set_active (self->aggregation_switch, o->aggregation_platform);
  gtk_switch_set_active (self->subsystem_switch,
                         !dbo_str_empty (o->parent_name) || !dbo_str_empty (o->parent_unit));
  gtk_spin_button_set_value (self->scope_count_spin, MAX (o->service_scope_count, 0));

  show_checks (&self->business, o);
  show_checks (&self->interconnection, o);

  {
    g_autofree char *old = NULL;
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    old = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    if (g_strcmp0 (old, o->business_description != NULL ? o->business_description : "") != 0)
      gtk_text_buffer_set_text (buffer, o->business_description != NULL ? o->business_description : "", -1);
  }

  for (int k = 0; k < DBO_N_PRODUCT_KINDS; k++)
    {
      DboProduct *p = find_product (o, k);
      ProductWidgets *w = &self->products[k];

      adw_combo_row_set_selected (ADW_COMBO_ROW (w->domestic), p != NULL ? p->domestic + 1 : 0);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (w->count), p != NULL ? MAX (p->count, 0) : 0);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (w->percent), p != NULL ? MAX (p->percent, 0) : 0);
      if (w->other != NULL)
        dbo_editable_set_text_kept (GTK_EDITABLE (w->other), p != NULL ? p->other : NULL);
      update_product_row (self, o, k);
    }
  for (int k = 0; k < DBO_N_SERVICE_KINDS; k++)
    {
      DboServiceUse *s = find_service (o, k);
      ServiceWidgets *w = &self->services[k];

      adw_combo_row_set_selected (ADW_COMBO_ROW (w->used), s == NULL ? 0 : s->used ? 1 : 2);
      adw_combo_row_set_selected (ADW_COMBO_ROW (w->provider), s != NULL ? s->provider : 0);
      if (w->other != NULL)
        dbo_editable_set_text_kept (GTK_EDITABLE (w->other), s != NULL ? s->other : NULL);
      update_service_row (self, o, k);
    }

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", o->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button), "objects.remove");
  update_visibility (self, o);
  {
    const DboRuleset *rules = dbo_session_get_rules (self->session);
    int min = dbo_ruleset_materials_min_level (rules, NULL);

    /* 表四 is filed for objects of the rule set's level and above. */
    dbo_materials_group_set_object (self->materials_group, self->session, o->id);
    gtk_widget_set_visible (GTK_WIDGET (self->materials_group),
                            min > 0 && dbo_grading_effective_level (rules, dbo_session_get_project (self->session), o)
                                       >= min);
  }

  self->loading--;
}

/* A finding about a single field marks its row and explains itself in the tooltip. */
static void
mark_widget (DboObjectEditor *self, GtkWidget *widget, const char *path)
{
  g_autofree char *full = NULL;
  const DboFinding *f;

  if (widget == GTK_WIDGET (self->operation_date_row) && dbo_date_row_mark_invalid (self->operation_date_row))
    return;
  /* The marks follow "findings-changed" (see update_marks()). */
  if (self->findings_pending)
    return;
  full = g_strdup_printf ("objects/%s/%s", self->object_id, path);
  f = dbo_findings_box_find_for_path (self->session, full);
  dbo_widget_mark_finding (widget, f, FALSE);
}

static void
update_marks (DboObjectEditor *self)
{
  /* Reading the findings between a change and "findings-changed" would
   * recompute them early and the session would then not announce them. */
  if (self->session == NULL || self->object_id == NULL || get_object (self) == NULL ||
      self->findings_pending)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (text_fields); i++)
    mark_widget (self, WIDGET_AT (self, text_fields[i].widget), text_fields[i].path);
  for (gsize i = 0; i < G_N_ELEMENTS (code_fields); i++)
    mark_widget (self, WIDGET_AT (self, code_fields[i].widget), form_field (code_fields[i].field_id)->path);
  for (guint i = 0; i < self->business.rows->len; i++)
    mark_widget (self, g_ptr_array_index (self->business.rows, i), self->business.field->path);
  for (guint i = 0; i < self->interconnection.rows->len; i++)
    mark_widget (self, g_ptr_array_index (self->interconnection.rows, i), self->interconnection.field->path);
  mark_widget (self, GTK_WIDGET (self->business_description_frame), "business");
  dbo_materials_group_update_marks (self->materials_group);
}

/* ---- writing the model ---- */

static void
entry_changed_cb (GtkEditable     *editable,
                  DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  const char *text = gtk_editable_get_text (editable);

  if (self->loading > 0 || o == NULL)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (WIDGET_AT (self, text_fields[i].widget) == GTK_WIDGET (editable))
      {
        if (GTK_WIDGET (editable) == GTK_WIDGET (self->operation_date_row))
          {
            g_autofree char *iso = dbo_date_row_dup_date (self->operation_date_row);

            /* Half-typed dates stay in the field; only whole ones reach the
             * project, as YYYY-MM-DD whatever way they were typed. */
            mark_widget (self, GTK_WIDGET (editable), text_fields[i].path);
            if (!dbo_date_row_get_valid (self->operation_date_row))
              return;
            if (iso != NULL)
              {
                dbo_set_str (STR_AT (o, text_fields[i].field), iso);
                update_visibility (self, o);
                object_changed (self);
                return;
              }
          }
        dbo_set_str (STR_AT (o, text_fields[i].field), text);
        update_visibility (self, o);
        object_changed (self);
        return;
      }

  for (int k = 0; k < DBO_N_PRODUCT_KINDS; k++)
    if (self->products[k].other == GTK_WIDGET (editable))
      {
        DboProduct *p = find_product (o, k);

        if (p != NULL)
          {
            dbo_set_str (&p->other, text);
            object_changed (self);
          }
        return;
      }
  for (int k = 0; k < DBO_N_SERVICE_KINDS; k++)
    if (self->services[k].other == GTK_WIDGET (editable))
      {
        DboServiceUse *s = find_service (o, k);

        if (s != NULL)
          {
            dbo_set_str (&s->other, text);
            object_changed (self);
          }
        return;
      }
}

static void
combo_changed_cb (AdwComboRow     *row,
                  GParamSpec      *pspec,
                  DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading > 0 || o == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (code_fields); i++)
    if (WIDGET_AT (self, code_fields[i].widget) == GTK_WIDGET (row))
      {
        const DboFormCode *code = dbo_code_row_get_code (DBO_CODE_ROW (row));

        dbo_form_field_set (form_field (code_fields[i].field_id), o, code != NULL ? code->value : NULL);
        /* The count belongs to the scopes that ask "跨___个". */
        if (row == self->service_scope_row && (code == NULL || !code->counted))
          o->service_scope_count = -1;
        update_visibility (self, o);
        object_changed (self);
        return;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (enum_fields); i++)
    if (WIDGET_AT (self, enum_fields[i].widget) == GTK_WIDGET (row))
      {
        *INT_AT (o, enum_fields[i].field) = (int) selected;
        object_changed (self);
        return;
      }
}

static void
spin_changed_cb (GtkSpinButton   *spin,
                 DboObjectEditor *self)
{
  DboObject *o = get_object (self);

  if (self->loading > 0 || o == NULL)
    return;
  o->service_scope_count = gtk_spin_button_get_value_as_int (spin);
  object_changed (self);
}

static void
switch_changed_cb (GtkSwitch       *sw,
                   GParamSpec      *pspec,
                   DboObjectEditor *self)
{
  DboObject *o = get_object (self);

  if (self->loading > 0 || o == NULL)
    return;

  if (sw == self->aggregation_switch)
    {
      o->aggregation_platform = gtk_switch_get_active (sw);
      object_changed (self);
    }
  else if (sw == self->subsystem_switch)
    {
      update_visibility (self, o);
      if (!gtk_switch_get_active (sw) && (o->parent_name != NULL || o->parent_unit != NULL))
        {
          /* Not a subsystem: 表二 12–13 stay empty. */
          dbo_set_str (&o->parent_name, NULL);
          dbo_set_str (&o->parent_unit, NULL);
          self->loading++;
          dbo_editable_set_text_kept (GTK_EDITABLE (self->parent_name_row), NULL);
          dbo_editable_set_text_kept (GTK_EDITABLE (self->parent_unit_row), NULL);
          self->loading--;
          object_changed (self);
        }
    }
}

static char *
join_checked (const CheckGroup *group)
{
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < group->checks->len; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (g_ptr_array_index (group->checks, i))))
      {
        if (codes->len > 0)
          g_string_append_c (codes, ' ');
        g_string_append (codes, ((const DboFormCode *) g_ptr_array_index (group->field->codes, i))->value);
      }
  return g_string_free (codes, FALSE);
}

static void
check_toggled_cb (GtkCheckButton  *check,
                  DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  g_autofree char *codes = NULL;

  if (self->loading > 0 || o == NULL)
    return;

  {
    const CheckGroup *group = g_ptr_array_find (self->business.checks, check, NULL) ? &self->business
                                                                                    : &self->interconnection;

    codes = join_checked (group);
    dbo_form_field_set (group->field, o, codes);
  }
  update_visibility (self, o);
  object_changed (self);
}

static void
description_changed_cb (GtkTextBuffer   *buffer,
                        DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading > 0 || o == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  dbo_set_str (&o->business_description, text);
  object_changed (self);
}

static void
insert_product (DboObject *o, DboProduct *p)
{
  guint pos = 0;

  /* Kept in 表二 07 order. */
  while (pos < o->products->len && ((DboProduct *) g_ptr_array_index (o->products, pos))->kind < p->kind)
    pos++;
  g_ptr_array_insert (o->products, pos, p);
}

static void
insert_service (DboObject *o, DboServiceUse *s)
{
  guint pos = 0;

  while (pos < o->services->len && ((DboServiceUse *) g_ptr_array_index (o->services, pos))->kind < s->kind)
    pos++;
  g_ptr_array_insert (o->services, pos, s);
}

static void
product_changed_cb (GObject         *widget,
                    GParamSpec      *pspec,
                    DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  int kind = GPOINTER_TO_INT (g_object_get_data (widget, "dbo-kind"));
  ProductWidgets *w = &self->products[kind];
  DboProduct *p;

  if (self->loading > 0 || o == NULL)
    return;

  p = find_product (o, kind);
  if (widget == G_OBJECT (w->domestic))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (w->domestic));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        {
          if (p != NULL)
            g_ptr_array_remove (o->products, p);
        }
      else
        {
          if (p == NULL)
            {
              p = dbo_product_new (kind);
              if (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (w->count)) > 0)
                p->count = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (w->count));
              if (w->other != NULL)
                dbo_set_str (&p->other, gtk_editable_get_text (GTK_EDITABLE (w->other)));
              insert_product (o, p);
            }
          p->domestic = selected - 1;
          if (p->domestic == DBO_DOMESTIC_PARTIAL)
            p->percent = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (w->percent));
          else
            p->percent = -1;
        }
    }
  else if (p == NULL)
    return;
  else if (widget == G_OBJECT (w->count))
    p->count = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (w->count));
  else if (widget == G_OBJECT (w->percent))
    p->percent = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (w->percent));

  update_product_row (self, o, kind);
  object_changed (self);
}

static void
product_spin_changed_cb (GtkSpinButton   *spin,
                         DboObjectEditor *self)
{
  product_changed_cb (G_OBJECT (spin), NULL, self);
}

static void
service_changed_cb (AdwComboRow     *row,
                    GParamSpec      *pspec,
                    DboObjectEditor *self)
{
  DboObject *o = get_object (self);
  int kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dbo-kind"));
  ServiceWidgets *w = &self->services[kind];
  guint selected = adw_combo_row_get_selected (row);
  DboServiceUse *s;

  if (self->loading > 0 || o == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  s = find_service (o, kind);
  if (GTK_WIDGET (row) == w->used)
    {
      if (selected == 0)
        {
          if (s != NULL)
            g_ptr_array_remove (o->services, s);
        }
      else
        {
          if (s == NULL)
            {
              s = dbo_service_use_new (kind);
              if (w->other != NULL)
                dbo_set_str (&s->other, gtk_editable_get_text (GTK_EDITABLE (w->other)));
              insert_service (o, s);
            }
          s->used = selected == 1;
          s->provider = s->used ? adw_combo_row_get_selected (ADW_COMBO_ROW (w->provider)) : DBO_PROVIDER_NONE;
        }
    }
  else if (s != NULL && s->used)
    s->provider = selected;
  else
    return;

  update_service_row (self, o, kind);
  object_changed (self);
}

/* A finding of the box above the form leads to its field. */
static void
finding_activated_cb (DboFindingsBox  *box,
                      const char      *path,
                      DboObjectEditor *self)
{
  const char *prefix = dbo_findings_box_get_prefix (box);

  if (prefix != NULL && g_str_has_prefix (path, prefix) && dbo_object_editor_focus_field (self, path + strlen (prefix)))
    return;
  /* Not on this page (the grading): the window knows whose it is. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-path", "s", path);
}

/* ---- session ---- */

static void
session_changed_cb (DboSession      *session,
                    int              part,
                    const char      *id,
                    DboObjectEditor *self)
{
  self->findings_pending = TRUE;
  /* Our own edits already show; others (undo, another step) are loaded. */
  if (self->loading > 0 || part != DBO_PART_OBJECT || g_strcmp0 (id, self->object_id) != 0)
    return;
  load (self);
}

static void
findings_changed_cb (DboSession      *session,
                     DboObjectEditor *self)
{
  self->findings_pending = FALSE;
  update_marks (self);
}

/* ---- building the generated rows ---- */

static GtkWidget *
check_row (const char *label, GtkWidget **check_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  *check_out = check;
  return row;
}

static void
build_checks (DboObjectEditor     *self,
              CheckGroup          *checks,
              const char          *field_id,
              AdwPreferencesGroup *group,
              AdwEntryRow         *other_row)
{
  checks->field = form_field (field_id);
  checks->checks = g_ptr_array_new ();
  checks->rows = g_ptr_array_new ();
  /* The "other" text row comes after the boxes. */
  g_object_ref (other_row);
  adw_preferences_group_remove (group, GTK_WIDGET (other_row));
  for (guint i = 0; i < checks->field->codes->len; i++)
    {
      const DboFormCode *code = g_ptr_array_index (checks->field->codes, i);
      GtkWidget *check = NULL;
      GtkWidget *row = check_row (_(code->label), &check);

      g_ptr_array_add (checks->checks, check);
      g_ptr_array_add (checks->rows, row);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_group_add (group, GTK_WIDGET (other_row));
  g_object_unref (other_row);
}

static GtkWidget *
spin_row (const char *title, int upper, GtkWidget **spin_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  *spin_out = spin;
  return row;
}

static void
build_products (DboObjectEditor *self)
{
  for (int k = 0; k < DBO_N_PRODUCT_KINDS; k++)
    {
      ProductWidgets *w = &self->products[k];

      w->expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->expander), dbo_token_zh (dbo_product_kind_tokens, k));

      w->domestic = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->domestic), _("Domestic products"));
      set_combo_model (ADW_COMBO_ROW (w->domestic), token_model (dbo_domestic_tokens, _("Not filled")));
      g_object_set_data (G_OBJECT (w->domestic), "dbo-kind", GINT_TO_POINTER (k));
      g_signal_connect (w->domestic, "notify::selected", G_CALLBACK (product_changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->domestic);

      w->count_row = spin_row (_("Count"), 999999, &w->count);
      g_object_set_data (G_OBJECT (w->count), "dbo-kind", GINT_TO_POINTER (k));
      g_signal_connect (w->count, "value-changed", G_CALLBACK (product_spin_changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->count_row);

      w->percent_row = spin_row (_("Share of domestic products (%)"), 100, &w->percent);
      g_object_set_data (G_OBJECT (w->percent), "dbo-kind", GINT_TO_POINTER (k));
      g_signal_connect (w->percent, "value-changed", G_CALLBACK (product_spin_changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->percent_row);

      if (k == DBO_PRODUCT_OTHER)
        {
          w->other = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->other), _("Kind of product"));
          g_signal_connect (w->other, "changed", G_CALLBACK (entry_changed_cb), self);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->other);
        }
      adw_preferences_group_add (self->products_group, w->expander);
    }
}

static void
build_services (DboObjectEditor *self)
{
  for (int k = 0; k < DBO_N_SERVICE_KINDS; k++)
    {
      ServiceWidgets *w = &self->services[k];
      GtkStringList *used = gtk_string_list_new (NULL);

      w->expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->expander), dbo_token_zh (dbo_service_kind_tokens, k));

      w->used = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->used), _("Used"));
      gtk_string_list_append (used, _("Not filled"));
      /* Translators: 表二 08 “□有 □无” */
      gtk_string_list_append (used, _("Yes"));
      gtk_string_list_append (used, _("No"));
      set_combo_model (ADW_COMBO_ROW (w->used), G_LIST_MODEL (used));
      g_object_set_data (G_OBJECT (w->used), "dbo-kind", GINT_TO_POINTER (k));
      g_signal_connect (w->used, "notify::selected", G_CALLBACK (service_changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->used);

      w->provider = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->provider), _("Provider"));
      set_combo_model (ADW_COMBO_ROW (w->provider), token_model (dbo_provider_tokens, _("Not filled")));
      g_object_set_data (G_OBJECT (w->provider), "dbo-kind", GINT_TO_POINTER (k));
      g_signal_connect (w->provider, "notify::selected", G_CALLBACK (service_changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->provider);

      if (k == DBO_SERVICE_OTHER)
        {
          w->other = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->other), _("Kind of service"));
          g_signal_connect (w->other, "changed", G_CALLBACK (entry_changed_cb), self);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->other);
        }
      adw_preferences_group_add (self->services_group, w->expander);
    }
}

/* ---- GObject ---- */

static void
dbo_object_editor_dispose (GObject *object)
{
  DboObjectEditor *self = DBO_OBJECT_EDITOR (object);

  dbo_object_editor_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_OBJECT_EDITOR);
  G_OBJECT_CLASS (dbo_object_editor_parent_class)->dispose (object);
}

static void
dbo_object_editor_finalize (GObject *object)
{
  DboObjectEditor *self = DBO_OBJECT_EDITOR (object);

  g_free (self->object_id);
  g_clear_pointer (&self->business.checks, g_ptr_array_unref);
  g_clear_pointer (&self->business.rows, g_ptr_array_unref);
  g_clear_pointer (&self->interconnection.checks, g_ptr_array_unref);
  g_clear_pointer (&self->interconnection.rows, g_ptr_array_unref);
  G_OBJECT_CLASS (dbo_object_editor_parent_class)->finalize (object);
}

static void
dbo_object_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DboObjectEditor *self = DBO_OBJECT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_object_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DboObjectEditor *self = DBO_OBJECT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dbo_object_editor_set_session (self, g_value_get_object (value));
      break;
    case PROP_OBJECT_ID:
      dbo_object_editor_set_object_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_object_editor_class_init (DboObjectEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dbo_object_editor_dispose;
  object_class->finalize = dbo_object_editor_finalize;
  object_class->get_property = dbo_object_editor_get_property;
  object_class->set_property = dbo_object_editor_set_property;

  /**
   * DboObjectEditor:session:
   *
   * The open project whose object is edited.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DboObjectEditor:object-id:
   *
   * The id ("o3") of the object edited, or %NULL.
   */
  properties[PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-object-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, findings);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, number_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, preset_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, scope_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, aggregation_switch);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, department_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, owner_name_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, owner_phone_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, operation_date_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, business_group);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, business_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, business_description_frame);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, business_description);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, service_scope_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, scope_count_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, scope_count_spin);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, service_targets_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, service_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, service_targets_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, coverage_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, nature_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, network_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, network_nature_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, interconnection_group);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, interconnection_other_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, products_group);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, services_group);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, assessment_body_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, subsystem_switch);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, parent_name_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, parent_unit_row);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, materials_group);
  gtk_widget_class_bind_template_child (widget_class, DboObjectEditor, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, finding_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, combo_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, switch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_changed_cb);
}

static void
dbo_object_editor_init (DboObjectEditor *self)
{
  g_type_ensure (DBO_TYPE_CODE_ROW);
  g_type_ensure (DBO_TYPE_DATE_ROW);
  g_type_ensure (DBO_TYPE_FINDINGS_BOX);
  g_type_ensure (DBO_TYPE_MATERIALS_GROUP);
  /* The rows exist before the template's signals can fire. */
  self->loading++;
  gtk_widget_init_template (GTK_WIDGET (self));

  set_combo_model (self->type_row, token_model (dbo_object_type_tokens, NULL));
  set_combo_model (self->status_row, token_model (dbo_object_status_tokens, NULL));
  set_combo_model (self->scope_row, token_model (dbo_scope_tokens, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (code_fields); i++)
    dbo_code_row_set_field (DBO_CODE_ROW (WIDGET_AT (self, code_fields[i].widget)),
                            form_field (code_fields[i].field_id),
                            /* Translators: an unanswered choice of the filing form */
                            _("Not filled"));

  build_checks (self, &self->business, "business-types", self->business_group, self->business_other_row);
  build_checks (self, &self->interconnection, "interconnection", self->interconnection_group,
                self->interconnection_other_row);
  build_products (self);
  build_services (self);

  g_signal_connect (gtk_text_view_get_buffer (self->business_description), "changed",
                    G_CALLBACK (description_changed_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  self->loading--;
}

/* ---- public ---- */

GtkWidget *
dbo_object_editor_new (void)
{
  return g_object_new (DBO_TYPE_OBJECT_EDITOR, NULL);
}

DboSession *
dbo_object_editor_get_session (DboObjectEditor *self)
{
  g_return_val_if_fail (DBO_IS_OBJECT_EDITOR (self), NULL);
  return self->session;
}

void
dbo_object_editor_set_session (DboObjectEditor *self,
                               DboSession      *session)
{
  g_return_if_fail (DBO_IS_OBJECT_EDITOR (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->session);
      g_clear_signal_handler (&self->findings_handler, self->session);
    }
  g_set_object (&self->session, session);
  self->findings_pending = FALSE;
  if (session != NULL)
    {
      self->changed_handler = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
      self->findings_handler = g_signal_connect (session, "findings-changed",
                                                 G_CALLBACK (findings_changed_cb), self);
    }
  if (self->findings != NULL)
    dbo_findings_box_set_session (self->findings, session);
  load (self);
  update_marks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
dbo_object_editor_get_object_id (DboObjectEditor *self)
{
  g_return_val_if_fail (DBO_IS_OBJECT_EDITOR (self), NULL);
  return self->object_id;
}

void
dbo_object_editor_set_object_id (DboObjectEditor *self,
                                 const char      *object_id)
{
  g_autofree char *prefix = NULL;

  g_return_if_fail (DBO_IS_OBJECT_EDITOR (self));

  if (g_strcmp0 (self->object_id, object_id) == 0)
    return;
  g_free (self->object_id);
  self->object_id = g_strdup (object_id);

  prefix = object_id != NULL ? g_strdup_printf ("objects/%s/", object_id) : NULL;
  dbo_findings_box_set_prefix (self->findings, prefix);
  /* Each object starts with its groups folded. */
  for (int k = 0; k < DBO_N_PRODUCT_KINDS; k++)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->products[k].expander), FALSE);
  for (int k = 0; k < DBO_N_SERVICE_KINDS; k++)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->services[k].expander), FALSE);
  load (self);
  update_marks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_ID]);
}

gboolean
dbo_object_editor_focus_field (DboObjectEditor *self,
                               const char      *field_path)
{
  GtkWidget *target = NULL;

  g_return_val_if_fail (DBO_IS_OBJECT_EDITOR (self), FALSE);

  if (field_path == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (text_fields) && target == NULL; i++)
    if (g_str_equal (field_path, text_fields[i].path))
      target = WIDGET_AT (self, text_fields[i].widget);
  for (gsize i = 0; i < G_N_ELEMENTS (code_fields) && target == NULL; i++)
    if (g_str_equal (field_path, form_field (code_fields[i].field_id)->path))
      target = WIDGET_AT (self, code_fields[i].widget);
  for (gsize i = 0; i < G_N_ELEMENTS (enum_fields) && target == NULL; i++)
    if (g_str_equal (field_path, enum_fields[i].path))
      target = WIDGET_AT (self, enum_fields[i].widget);
  if (target == NULL && g_str_equal (field_path, self->business.field->path))
    target = g_ptr_array_index (self->business.checks, 0);
  if (target == NULL && g_str_equal (field_path, self->interconnection.field->path))
    target = g_ptr_array_index (self->interconnection.checks, 0);
  if (target == NULL && (g_str_equal (field_path, "business") || g_str_equal (field_path, "business/description")))
    target = GTK_WIDGET (self->business_description);
  if (target == NULL && g_str_equal (field_path, "aggregation-platform"))
    target = GTK_WIDGET (self->aggregation_switch);
  if (target == NULL && g_str_has_prefix (field_path, "products"))
    target = self->products[0].expander;
  if (target == NULL && g_str_has_prefix (field_path, "services"))
    target = self->services[0].expander;
  if (target == NULL && g_str_has_prefix (field_path, "materials/"))
    return dbo_materials_group_focus_item (self->materials_group,
                                           (int) g_ascii_strtoll (field_path + strlen ("materials/"), NULL, 10));
  if (target == NULL)
    return FALSE;

  gtk_widget_set_visible (target, TRUE);
  /* Rows such as AdwExpanderRow pass the focus on to their inner widgets. */
  return gtk_widget_grab_focus (target) || gtk_widget_child_focus (target, GTK_DIR_TAB_FORWARD);
}
