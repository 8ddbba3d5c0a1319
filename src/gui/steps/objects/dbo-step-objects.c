/* DboStepObjects: wizard step 2, 定级对象 (protected objects).
 *
 * A list of the project's objects (type, drafted or decided level, open
 * findings) that opens each object's 表二 fields in a DboObjectEditor, one page
 * further in a folded leaflet so the step works at phone width. "Add" offers
 * the seven named systems of §三(一)2 with sensible defaults, and a custom
 * object. Deleting an object can be undone from the toast.
 */
#define G_LOG_DOMAIN "dengbao-step-objects"
#include "config.h"

#include "dbo-step-objects.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dbo-checks.h"
#include "dbo-grading.h"
#include "dbo-object-editor.h"

static const char *type_icons[] = {
  [DBO_OBJ_SYSTEM] = "computer-symbolic",
  [DBO_OBJ_CLOUD] = "weather-overcast-symbolic",
  [DBO_OBJ_IOT] = "network-wireless-symbolic",
  [DBO_OBJ_ICS] = "applications-engineering-symbolic",
  [DBO_OBJ_MOBILE] = "phone-symbolic",
  [DBO_OBJ_NETWORK] = "network-wired-symbolic",
  [DBO_OBJ_DATA] = "drive-multidisk-symbolic",
};

/* A deletion a toast can still undo. */
typedef struct
{
  DboSession *session;          /* weak: compared, never dereferenced after it is gone */
  char *id;
  DboRemoval *removal;
} PendingRemoval;

struct _DboStepObjects
{
  DboStep parent_instance;

  GHashTable *removed_ids;      /* ids a toast may still bring back: not handed out again */
  GHashTable *counts;           /* object id → errors << 16 | warnings */
  guint rows_source;            /* appends the rest of a long list, a few rows at a time */

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkListBox *list;
  GtkMenuButton *add_button;
  GtkPopover *add_popover;
  GtkListBox *preset_list;
  AdwActionRow *custom_row;
  GtkLabel *editor_title;
  GtkLabel *editor_level;
  DboObjectEditor *editor;

  GtkWidget *preset_rows[DBO_N_PRESETS];
  GtkWidget *preset_added[DBO_N_PRESETS];
};

G_DEFINE_FINAL_TYPE (DboStepObjects, dbo_step_objects, DBO_TYPE_STEP)

static void
pending_removal_free (PendingRemoval *pending)
{
  g_free (pending->id);
  dbo_removal_free (pending->removal);
  g_free (pending);
}

static DboProject *
get_project (DboStepObjects *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  return session != NULL ? dbo_session_get_project (session) : NULL;
}

static const char *
object_title (const DboObject *o)
{
  return !dbo_str_empty (o->name) ? o->name : _("Unnamed object");
}

/* ---- the list ---- */

/* Findings per object, read only when the session announces them: reading
 * them right after a change would keep the session from announcing them. */
static void
update_counts (DboStepObjects *self)
{
  GPtrArray *findings;

  g_hash_table_remove_all (self->counts);
  if (dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;
  findings = dbo_session_get_findings (dbo_step_get_session (DBO_STEP (self)));
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);
      const char *id, *end;
      g_autofree char *key = NULL;
      guint packed;

      if (!g_str_has_prefix (f->path, "objects/"))
        continue;
      id = f->path + strlen ("objects/");
      end = strchr (id, '/');
      if (end == NULL)
        continue;
      key = g_strndup (id, end - id);
      packed = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));
      packed += f->severity == DBO_SEVERITY_ERROR ? 0x10000 : 1;
      g_hash_table_insert (self->counts, g_steal_pointer (&key), GUINT_TO_POINTER (packed));
    }
}

static void
count_findings (DboStepObjects *self, const char *id, guint *errors, guint *warnings)
{
  guint packed = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, id));

  *errors = packed >> 16;
  *warnings = packed & 0xffff;
}

/* Shows @errors and @warnings in a row's findings slot (hidden when none). */
static void
set_findings_indicator (GtkWidget *box, guint errors, guint warnings)
{
  GtkWidget *icon, *label, *child;
  g_autofree char *count = NULL;
  g_autofree char *tip = NULL;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
  gtk_widget_remove_css_class (box, "error");
  gtk_widget_remove_css_class (box, "warning");
  gtk_widget_set_visible (box, errors + warnings > 0);
  if (errors + warnings == 0)
    return;
  if (errors > 0)
    {
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (box, "error");
      count = g_strdup_printf ("%u", errors);
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (box, "warning");
      count = g_strdup_printf ("%u", warnings);
    }
  label = gtk_label_new (count);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  if (errors > 0 && warnings > 0)
    tip = g_strdup_printf (_("%u errors, %u warnings"), errors, warnings);
  else if (errors > 0)
    tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
  else
    tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings), warnings);
  dbo_widget_set_tooltip (box, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
}

/* Brings a row up to date with its object: title, kind, findings, level. */
static void
update_row (DboStepObjects *self, GtkWidget *row, const DboObject *o)
{
  const DboRuleset *rules = dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self)));
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "dbo-icon");
  GtkWidget *findings = g_object_get_data (G_OBJECT (row), "dbo-findings");
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "dbo-badge");
  guint errors, warnings, packed;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), object_title (o)) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), object_title (o));
  if (o->preset != DBO_PRESET_NONE && g_strcmp0 (o->name, dbo_ruleset_preset_name (rules, o->preset)) != 0)
    subtitle = g_strdup_printf ("%s · %s", dbo_token_label (dbo_object_type_tokens, o->type),
                                dbo_ruleset_preset_name (rules, o->preset));
  else
    subtitle = g_strdup (dbo_token_label (dbo_object_type_tokens, o->type));
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dbo-type")) != (int) o->type + 1)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), type_icons[CLAMP ((int) o->type, 0, DBO_OBJ_DATA)]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dbo_token_label (dbo_object_type_tokens, o->type), -1);
      g_object_set_data (G_OBJECT (row), "dbo-type", GINT_TO_POINTER ((int) o->type + 1));
    }

  count_findings (self, o->id, &errors, &warnings);
  packed = (errors << 16 | warnings) + 1;
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "dbo-counts")) != packed)
    {
      set_findings_indicator (findings, errors, warnings);
      g_object_set_data (G_OBJECT (row), "dbo-counts", GUINT_TO_POINTER (packed));
    }
  dbo_widget_set_level_badge (badge, dbo_grading_is_graded (get_project (self), o)
                                     ? dbo_grading_effective_level (rules, get_project (self), o) : 0);
}

static GtkWidget *
object_row (DboStepObjects *self, const DboObject *o)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *findings = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *badge = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (findings, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (findings, "dbo-findings-count");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), findings);
  gtk_widget_add_css_class (badge, "dbo-level-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "objects.open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", o->id);
  g_object_set_data_full (G_OBJECT (row), "dbo-id", g_strdup (o->id), g_free);
  g_object_set_data (G_OBJECT (row), "dbo-icon", icon);
  g_object_set_data (G_OBJECT (row), "dbo-findings", findings);
  g_object_set_data (G_OBJECT (row), "dbo-badge", badge);
  update_row (self, row, o);
  return row;
}

static void
update_presets (DboStepObjects *self)
{
  DboProject *p = get_project (self);
  gboolean any_missing = FALSE;

  for (int k = 1; k < DBO_N_PRESETS; k++)
    {
      gboolean added = FALSE;

      /* The names are the rule set's, known once there is a session. */
      if (p != NULL)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preset_rows[k]),
                                       dbo_ruleset_preset_name (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))), k));

      for (guint i = 0; p != NULL && i < p->objects->len; i++)
        if (((DboObject *) g_ptr_array_index (p->objects, i))->preset == (DboPreset) k)
          added = TRUE;
      gtk_widget_set_sensitive (self->preset_rows[k], p != NULL && !added);
      gtk_widget_set_visible (self->preset_added[k], added);
      any_missing |= !added;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->custom_row), p != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.add-all-presets", p != NULL && any_missing);
}

static void
update_editor_bar (DboStepObjects *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p = get_project (self);
  const char *id = dbo_object_editor_get_object_id (self->editor);
  DboObject *o = p != NULL && id != NULL ? dbo_project_find_object (p, id) : NULL;

  if (o == NULL)
    return;
  gtk_label_set_label (self->editor_title, object_title (o));
  dbo_widget_set_level_badge (GTK_WIDGET (self->editor_level),
                              dbo_grading_is_graded (p, o)
                              ? dbo_grading_effective_level (dbo_session_get_rules (session), p, o) : 0);
}

/* The rows again, in place when the list holds the same objects in the same
 * order (an edit of one object must not rebuild a thousand rows), or only
 * the row of @only_id when it is given. */
static gboolean
update_rows_in_place (DboStepObjects *self, const char *only_id)
{
  DboProject *p = get_project (self);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
  guint i = 0;

  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const DboObject *o;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      if (p == NULL || i >= p->objects->len)
        return FALSE;
      o = g_ptr_array_index (p->objects, i++);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "dbo-id"), o->id) != 0)
        return FALSE;
    }
  /* While a long list is still being appended to, its rows are the first
   * objects' and the rest come from the model as it is then. */
  if (p == NULL || (i != p->objects->len && self->rows_source == 0))
    return FALSE;
  i = 0;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      {
        const DboObject *o = g_ptr_array_index (p->objects, i++);

        if (only_id == NULL || g_str_equal (o->id, only_id))
          update_row (self, child, o);
      }
  update_presets (self);
  update_editor_bar (self);
  return TRUE;
}

#define FIRST_ROWS 24
#define ROWS_PER_TURN 25

/* Appends rows for up to @n more objects after those listed; TRUE when
 * some are still to come. */
static gboolean
append_rows (DboStepObjects *self, guint n)
{
  DboProject *p = get_project (self);
  guint listed = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c))
      listed++;
  for (guint i = listed; p != NULL && i < p->objects->len && i - listed < n; i++)
    gtk_list_box_append (self->list, object_row (self, g_ptr_array_index (p->objects, i)));
  return p != NULL && n < p->objects->len - MIN (listed, p->objects->len);
}

static gboolean
append_rows_cb (gpointer user_data)
{
  DboStepObjects *self = user_data;

  if (append_rows (self, ROWS_PER_TURN))
    return G_SOURCE_CONTINUE;
  self->rows_source = 0;
  return G_SOURCE_REMOVE;
}

static void
refresh_list (DboStepObjects *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *child, *focus;
  g_autofree char *focus_id = NULL;

  /* Keep the keyboard on the same object across the rebuild. */
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

      if (row != NULL)
        focus_id = g_strdup (g_object_get_data (G_OBJECT (row), "dbo-id"));
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      /* The placeholder is a child too, and stays. */
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->list, child);
      child = next;
    }
  g_clear_handle_id (&self->rows_source, g_source_remove);
  /* The first screen at once; the rest of a long list a few rows per main
   * loop turn (a thousand rows at once held the window for half a second),
   * all at once when the keyboard was on a row below. */
  if (append_rows (self, focus_id != NULL ? G_MAXUINT : FIRST_ROWS))
    self->rows_source = g_idle_add (append_rows_cb, self);
  if (focus_id != NULL)
    {
      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (g_object_get_data (G_OBJECT (child), "dbo-id"), focus_id) == 0)
          gtk_widget_grab_focus (child);
    }
  update_presets (self);
  update_editor_bar (self);
}

/* ---- navigation ---- */

static void
open_object (DboStepObjects *self, const char *id)
{
  dbo_object_editor_set_object_id (self->editor, id);
  update_editor_bar (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "editor");
}

static void
show_list (DboStepObjects *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
visible_child_changed_cb (DboStepObjects *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const char *name = adw_leaflet_get_visible_child_name (self->leaflet);

  /* Leaving an object's page is the natural moment to write it. */
  if (g_strcmp0 (name, "list") == 0 && session != NULL)
    dbo_session_flush (session, NULL);
}

/* ---- adding and removing ---- */

static char *
new_object_id (DboStepObjects *self)
{
  char *id = dbo_project_next_object_id (get_project (self));
  guint64 n = g_ascii_strtoull (id + 1, NULL, 10);

  while (g_hash_table_contains (self->removed_ids, id))
    {
      g_free (id);
      id = g_strdup_printf ("o%" G_GUINT64_FORMAT, ++n);
    }
  return id;
}

/* Adds named system @preset with its defaults, unless the project has it;
 * returns the new object's id (NULL when not added). */
static char *
add_preset (DboStepObjects *self, DboPreset preset)
{
  DboProject *p = get_project (self);
  const DboPresetRule *defaults;
  char *id;
  DboObject *o;

  if (p == NULL || preset <= DBO_PRESET_NONE)
    return NULL;
  for (guint i = 0; i < p->objects->len; i++)
    if (((DboObject *) g_ptr_array_index (p->objects, i))->preset == preset)
      return NULL;
  defaults = dbo_ruleset_find_preset (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))), preset);
  g_return_val_if_fail (defaults != NULL, NULL);

  id = new_object_id (self);
  o = dbo_object_new (id);
  o->preset = preset;
  o->type = defaults->type;
  o->status = DBO_STATUS_OPERATING;
  o->scope = DBO_SCOPE_LOCAL;
  dbo_set_str (&o->name, defaults->name);
  dbo_set_str (&o->business_types, defaults->business_types);
  dbo_set_str (&o->business_description, defaults->description);
  dbo_session_add_object (dbo_step_get_session (DBO_STEP (self)), o);
  return id;
}

static void
add_preset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (widget);
  int preset = dbo_token_lookup (dbo_preset_tokens, g_variant_get_string (parameter, NULL));
  g_autofree char *id = preset > DBO_PRESET_NONE ? add_preset (self, (DboPreset) preset) : NULL;

  if (id == NULL)
    return;
  gtk_popover_popdown (self->add_popover);
  open_object (self, id);
}

/* Every named system the mine runs that the project does not have yet, in
 * one go: the list shows them, each to be opened and completed. */
static void
add_all_presets_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (widget);
  guint n = 0;

  for (int k = DBO_PRESET_NONE + 1; k < DBO_N_PRESETS; k++)
    {
      g_autofree char *id = NULL;

      /* Not the ones step 1 says the mine does not run. */
      if (!dbo_enterprise_runs_preset (&get_project (self)->enterprise, (DboPreset) k))
        continue;
      id = add_preset (self, (DboPreset) k);

      if (id != NULL)
        n++;
    }
  gtk_popover_popdown (self->add_popover);
  show_list (self);
  if (n > 0)
    {
      /* Translators: a toast after adding the named systems at once */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u named system added",
                                                            "%u named systems added", n), n);

      dbo_step_add_toast (DBO_STEP (self), adw_toast_new (text));
    }
}

static void
add_custom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  g_autofree char *id = NULL;
  DboObject *o;

  if (session == NULL)
    return;
  id = new_object_id (self);
  o = dbo_object_new (id);
  o->type = DBO_OBJ_SYSTEM;
  o->status = DBO_STATUS_OPERATING;
  o->scope = DBO_SCOPE_LOCAL;
  dbo_session_add_object (session, o);

  gtk_popover_popdown (self->add_popover);
  open_object (self, id);
  dbo_object_editor_focus_field (self->editor, "name");
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (get_project (self) != NULL && dbo_project_find_object (get_project (self), id) != NULL)
    open_object (self, id);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_list (DBO_STEP_OBJECTS (widget));
}

static void
toast_undo_cb (AdwToast       *toast,
               DboStepObjects *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  PendingRemoval *pending = g_object_get_data (G_OBJECT (toast), "dbo-removal");

  if (pending == NULL || pending->session != session || session == NULL)
    return;
  if (dbo_project_find_object (get_project (self), pending->id) != NULL)
    return;
  dbo_session_undo_removal (session, pending->removal);
  g_hash_table_remove (self->removed_ids, pending->id);
}

static void
toast_dismissed_cb (AdwToast       *toast,
                    DboStepObjects *self)
{
  PendingRemoval *pending = g_object_get_data (G_OBJECT (toast), "dbo-removal");

  if (pending != NULL)
    g_hash_table_remove (self->removed_ids, pending->id);
}

static void
remove_object (DboStepObjects *self, const char *id)
{
  PendingRemoval *pending;
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (get_project (self) == NULL || dbo_project_find_object (get_project (self), id) == NULL)
    return;

  if (g_strcmp0 (dbo_object_editor_get_object_id (self->editor), id) == 0)
    show_list (self);

  pending = g_new0 (PendingRemoval, 1);
  pending->session = dbo_step_get_session (DBO_STEP (self));
  pending->id = g_strdup (id);
  pending->removal = dbo_session_remove_object (dbo_step_get_session (DBO_STEP (self)), id);
  g_hash_table_add (self->removed_ids, g_strdup (id));

  /* Translators: a toast after deleting a protected object; “已删除 “%s”” */
  title = g_strdup_printf (_("“%s” deleted"), dbo_removal_get_label (pending->removal));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "dbo-removal", pending, (GDestroyNotify) pending_removal_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  dbo_step_add_toast (DBO_STEP (self), toast);
}

static void
confirm_remove_cb (AdwMessageDialog *dialog, const char *response, DboStepObjects *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "dbo-object-id");

  if (g_strcmp0 (response, "delete") == 0 && dbo_step_get_session (DBO_STEP (self)) != NULL)
    remove_object (self, id);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const DboObject *o = get_project (self) ? dbo_project_find_object (get_project (self), id) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (o == NULL)
    return;
  /* Deleting an object the panel has judged takes its opinion along: ask. */
  if (dbo_project_find_recommendation (get_project (self), id) == NULL || !GTK_IS_WINDOW (root))
    {
      remove_object (self, id);
      return;
    }
  /* Translators: a dialog's heading; %s is the object's name */
  heading = g_strdup_printf (_("Delete “%s”?"), !dbo_str_empty (o->name) ? o->name : id);
  dialog = dbo_confirm_dialog_new (widget, heading,
                                   _("The expert panel’s recommended level for it is deleted with it. "
                                     "Undo (Ctrl+Z) brings both back."), "delete", _("_Delete"));
  g_object_set_data_full (G_OBJECT (dialog), "dbo-object-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_remove_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- session ---- */

static void
session_changed_cb (DboSession     *session,
                    int             part,
                    const char     *id,
                    DboStepObjects *self)
{
  const char *shown = dbo_object_editor_get_object_id (self->editor);

  if (part != DBO_PART_OBJECT && part != DBO_PART_RECOMMENDATION && part != DBO_PART_REVIEWS &&
      part != DBO_PART_HEADER)
    return;
  /* One object's fields or its recommendation: its row alone. */
  if (!update_rows_in_place (self, part == DBO_PART_OBJECT || part == DBO_PART_RECOMMENDATION ? id : NULL))
    refresh_list (self);
  /* The object on the editor page is gone (deleted here or elsewhere). */
  if (shown != NULL && dbo_project_find_object (get_project (self), shown) == NULL)
    show_list (self);
}

static void
findings_changed_cb (DboSession     *session,
                     DboStepObjects *self)
{
  update_counts (self);
  if (!update_rows_in_place (self, NULL))
    refresh_list (self);
}

static void
build_presets (DboStepObjects *self)
{
  for (int k = 1; k < DBO_N_PRESETS; k++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *added = gtk_label_new (_("Added"));

      gtk_widget_add_css_class (added, "dim-label");
      gtk_widget_add_css_class (added, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), added);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "objects.add-preset");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", dbo_token_name (dbo_preset_tokens, k));
      gtk_list_box_append (self->preset_list, row);
      self->preset_rows[k] = row;
      self->preset_added[k] = added;
    }
  update_presets (self);
}

static void
dbo_step_objects_session_set (DboStep *step, DboSession *session)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (step);

  g_hash_table_remove_all (self->removed_ids);
  if (session != NULL)
    {
      g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
      g_signal_connect (session, "findings-changed", G_CALLBACK (findings_changed_cb), self);
    }
  if (self->editor != NULL)
    {
      dbo_object_editor_set_object_id (self->editor, NULL);
      dbo_object_editor_set_session (self->editor, session);
      show_list (self);
      update_counts (self);
      refresh_list (self);
    }
}

static void dbo_step_objects_focus_path (DboStep *step, const char *path);

/* ---- GObject ---- */

static void
dbo_step_objects_dispose (GObject *object)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (object);

  g_clear_handle_id (&self->rows_source, g_source_remove);
  /* AdwBin unparents the template's root itself: no gtk_widget_dispose_template(). */
  G_OBJECT_CLASS (dbo_step_objects_parent_class)->dispose (object);
}

static void
dbo_step_objects_finalize (GObject *object)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (object);

  g_hash_table_unref (self->removed_ids);
  g_hash_table_unref (self->counts);
  G_OBJECT_CLASS (dbo_step_objects_parent_class)->finalize (object);
}

static void
dbo_step_objects_class_init (DboStepObjectsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_objects_dispose;
  object_class->finalize = dbo_step_objects_finalize;
  step_class->session_set = dbo_step_objects_session_set;
  step_class->focus_path = dbo_step_objects_focus_path;

  gtk_widget_class_install_action (widget_class, "objects.add-preset", "s", add_preset_action);
  gtk_widget_class_install_action (widget_class, "objects.add-custom", NULL, add_custom_action);
  gtk_widget_class_install_action (widget_class, "objects.add-all-presets", NULL, add_all_presets_action);
  gtk_widget_class_install_action (widget_class, "objects.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "objects.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "objects.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "objects.back", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-objects.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, list);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, add_button);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, preset_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, custom_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, editor_title);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, editor_level);
  gtk_widget_class_bind_template_child (widget_class, DboStepObjects, editor);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_changed_cb);
}

static void
dbo_step_objects_init (DboStepObjects *self)
{
  self->removed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_type_ensure (DBO_TYPE_OBJECT_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));
  build_presets (self);
}

/* ---- public ---- */

GtkWidget *
dbo_step_objects_new (void)
{
  return g_object_new (DBO_TYPE_STEP_OBJECTS, NULL);
}

static void
dbo_step_objects_focus_path (DboStep *step, const char *path)
{
  DboStepObjects *self = DBO_STEP_OBJECTS (step);
  g_auto(GStrv) parts = NULL;

  if (get_project (self) == NULL)
    return;
  parts = g_strsplit (path, "/", 3);
  if (g_strcmp0 (parts[0], "objects") != 0)
    return;
  if (parts[1] == NULL || dbo_project_find_object (get_project (self), parts[1]) == NULL)
    {
      /* "objects": the list itself (e.g. no objects yet). */
      show_list (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
      return;
    }
  open_object (self, parts[1]);
  if (parts[2] == NULL || !dbo_object_editor_focus_field (self->editor, parts[2]))
    gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}
