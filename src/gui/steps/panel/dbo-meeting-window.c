/* DboMeetingWindow: the expert panel's meeting mode.
 *
 * During the review meeting the panel sits around one laptop or tablet, often
 * with a projector. This full-screen window shows one protected object at a
 * time, dark and in large type: what the object is (its business and service
 * descriptions), its harms and the drafted level with the reasoning
 * (dbo_grading_explain), and next to it the panel's decision: the recommended
 * level as five large toggle buttons, the reason, and any member's dissent.
 *
 * ← / → (or Page Up / Page Down, or a swipe: AdwCarousel) move between the
 * objects; Esc leaves. Every decision goes straight into the session like any
 * other edit (dbo_session_set_recommendation, dbo_session_changed), so leaving
 * the meeting mode returns to the wizard with everything saved.
 *
 * The dark style is the application's own (ADW_COLOR_SCHEME_FORCE_DARK while
 * the window is shown, the previous scheme restored after); the window's
 * "dbo-meeting" style class adds the high contrast and ~1.5× type.
 */
#define G_LOG_DOMAIN "dengbao-meeting"
#include "config.h"

#include "dbo-meeting-window.h"
#include "dbo-widget-util.h"

#include <glib/gi18n.h>
#include <string.h>
#include "dbo-findings-box.h"
#include "dbo-grading.h"

#define SESSION_KEY "dbo-meeting-window"

typedef struct _Page Page;

struct _DboMeetingWindow
{
  AdwWindow parent_instance;

  DboSession *session;
  GPtrArray *pages;              /* of Page*, in project order (owned by their widgets) */
  GtkStringList *member_names;   /* shared by every page's member drop-down */
  GPtrArray *member_ids;         /* parallel to member_names */
  guint position;
  int updating;
  gboolean scheme_saved;
  AdwColorScheme saved_scheme;

  /* Template widgets */
  AdwCarousel *carousel;
  GtkLabel *title_label;
  GtkLabel *position_label;
  GtkStack *content_stack;
};

G_DEFINE_FINAL_TYPE (DboMeetingWindow, dbo_meeting_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SESSION, PROP_POSITION, N_PROPS };
static GParamSpec *properties[N_PROPS];

struct _Page
{
  DboMeetingWindow *self;
  char *object_id;
  GtkWidget *root;
  GtkLabel *name;
  GtkLabel *meta;
  GtkLabel *business_text;
  GtkLabel *business_harms;
  GtkLabel *service_text;
  GtkLabel *service_harms;
  GtkLabel *drafted;
  GtkLabel *why;
  GtkLabel *override_text;
  GtkToggleButton *levels[5];
  GtkLabel *level_status;
  GtkEntry *reason;
  GtkDropDown *member;
  GtkEntry *dissent_text;
  GtkWidget *dissent_add;
  GtkListBox *dissents;
};

static void rebuild_pages (DboMeetingWindow *self);

/* ------------------------------------------------------------ helpers */

static void
page_free (Page *page)
{
  g_free (page->object_id);
  g_free (page);
}

static Page *
find_page (DboMeetingWindow *self, const char *object_id)
{
  for (guint i = 0; object_id != NULL && i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (g_strcmp0 (page->object_id, object_id) == 0)
        return page;
    }
  return NULL;
}

static void
set_name (GtkWidget *widget, const Page *page, const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("meeting-%s-%s", page->object_id, suffix);

  gtk_widget_set_name (widget, name);
}

static GtkLabel *
new_label (const char *css_class, gboolean wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

/* A card with a heading; returns the box to fill. */
static GtkWidget *
add_card (GtkWidget *parent, const char *heading)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkLabel *title = new_label ("dbo-meeting-heading", TRUE);

  gtk_label_set_text (title, heading);
  gtk_widget_add_css_class (card, "dbo-meeting-card");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (title));
  gtk_box_append (GTK_BOX (parent), card);
  return card;
}

static const char *
member_label (const DboMember *m)
{
  return !dbo_str_empty (m->name) ? m->name : m->id;
}

static void
set_error (GtkWidget *widget, gboolean error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* ------------------------------------------------------------ one object's page: showing */

static void
refresh_info (Page *page)
{
  DboMeetingWindow *self = page->self;
  const DboProject *p = dbo_session_get_project (self->session);
  const DboRuleset *rules = dbo_session_get_rules (self->session);
  const DboObject *o = dbo_project_find_object (p, page->object_id);
  const char *business, *service;
  g_autofree char *bwhy = NULL, *swhy = NULL, *why = NULL, *meta = NULL, *drafted = NULL;
  GString *m;

  if (o == NULL)
    return;
  m = g_string_new (dbo_token_label (dbo_object_type_tokens, o->type));
  g_string_append_printf (m, " · %s", dbo_token_label (dbo_scope_tokens, o->scope));
  if (!dbo_str_empty (o->department))
    g_string_append_printf (m, " · %s", o->department);
  meta = g_string_free (m, FALSE);

  gtk_label_set_text (page->name, !dbo_str_empty (o->name) ? o->name : _("Unnamed protected object"));
  gtk_label_set_text (page->meta, meta);

  business = !dbo_str_empty (o->aspects[DBO_ASPECT_BUSINESS].description)
             ? o->aspects[DBO_ASPECT_BUSINESS].description : o->business_description;
  service = o->aspects[DBO_ASPECT_SERVICE].description;
  gtk_label_set_text (page->business_text, !dbo_str_empty (business) ? business : _("No description yet."));
  gtk_label_set_text (page->service_text, !dbo_str_empty (service) ? service : _("No description yet."));
  bwhy = dbo_grading_explain_aspect (rules, o->aspects[DBO_ASPECT_BUSINESS].harms);
  swhy = dbo_grading_explain_aspect (rules, o->aspects[DBO_ASPECT_SERVICE].harms);
  gtk_label_set_text (page->business_harms, bwhy);
  gtk_label_set_text (page->service_harms, swhy);

  drafted = g_strdup (dbo_level_label (dbo_grading_drafted_level (rules, o)));
  gtk_label_set_text (page->drafted, drafted);
  why = dbo_grading_explain (rules, o);
  gtk_label_set_text (page->why, why);
  if (o->override_level > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Adjusted to %s: %s"), dbo_level_label (o->override_level),
                                               !dbo_str_empty (o->override_reason) ? o->override_reason : "");
      gtk_label_set_text (page->override_text, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (page->override_text), o->override_level > 0);
}

static void
remove_dissent_cb (GtkButton *button, Page *page)
{
  DboMeetingWindow *self = page->self;
  DboRecommendation *rec = dbo_project_find_recommendation (dbo_session_get_project (self->session), page->object_id);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "dbo-dissent-index"));

  if (rec == NULL || index >= rec->dissents->len)
    return;
  g_ptr_array_remove_index (rec->dissents, index);
  dbo_session_changed (self->session, DBO_PART_RECOMMENDATION, page->object_id);
}

static void
refresh_dissents (Page *page)
{
  DboMeetingWindow *self = page->self;
  const DboProject *p = dbo_session_get_project (self->session);
  const DboRecommendation *rec = dbo_project_find_recommendation (p, page->object_id);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (page->dissents))) != NULL)
    gtk_list_box_remove (page->dissents, child);
  for (guint i = 0; rec != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);
      const DboMember *m = dbo_project_find_member (p, d->member_id);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkLabel *who = new_label ("dbo-meeting-dissent-name", FALSE);
      GtkLabel *text = new_label (NULL, TRUE);
      GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      g_autofree char *accessible = NULL;

      gtk_label_set_text (who, m != NULL ? member_label (m) : d->member_id);
      gtk_widget_set_valign (GTK_WIDGET (who), GTK_ALIGN_START);
      gtk_label_set_text (text, !dbo_str_empty (d->text) ? d->text : _("(no reason given)"));
      gtk_widget_set_hexpand (GTK_WIDGET (text), TRUE);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      dbo_widget_set_tooltip (remove, _("Remove this dissent"));
      accessible = g_strdup_printf (_("Remove the dissent of %s"), m != NULL ? member_label (m) : d->member_id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data (G_OBJECT (remove), "dbo-dissent-index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_dissent_cb), page);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (who));
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (text));
      gtk_box_append (GTK_BOX (row), remove);
      gtk_widget_add_css_class (row, "dbo-meeting-dissent");
      gtk_list_box_append (page->dissents, row);
    }
}

static void
refresh_add_dissent (Page *page)
{
  DboMeetingWindow *self = page->self;
  const DboRecommendation *rec = dbo_project_find_recommendation (dbo_session_get_project (self->session),
                                                                  page->object_id);
  gboolean has_text = gtk_entry_get_text_length (page->dissent_text) > 0;
  gboolean has_member = gtk_drop_down_get_selected (page->member) < self->member_ids->len;

  gtk_widget_set_sensitive (page->dissent_add, rec != NULL && has_text && has_member);
  dbo_widget_set_tooltip (page->dissent_add,
                               rec == NULL ? _("Choose the panel’s level first")
                               : !has_member ? _("The panel has no members yet")
                               : !has_text ? _("Write the member’s dissent first") : NULL);
}

static void
mark_reason (Page *page)
{
  DboMeetingWindow *self = page->self;
  g_autofree char *path = g_strdup_printf ("panel/recommendations/%s/reason", page->object_id);
  const DboFinding *f = dbo_findings_box_find_for_path (self->session, path);

  set_error (GTK_WIDGET (page->reason), f != NULL && f->severity == DBO_SEVERITY_ERROR);
  dbo_widget_set_tooltip (GTK_WIDGET (page->reason), f != NULL ? dbo_finding_describe (f) : NULL);
}

static void
refresh_decision (Page *page)
{
  DboMeetingWindow *self = page->self;
  const DboProject *p = dbo_session_get_project (self->session);
  const DboObject *o = dbo_project_find_object (p, page->object_id);
  const DboRecommendation *rec = dbo_project_find_recommendation (p, page->object_id);
  int drafted;
  g_autofree char *status = NULL;
  gboolean problem = FALSE;

  if (o == NULL)
    return;
  drafted = dbo_grading_drafted_level (dbo_session_get_rules (self->session), o);

  self->updating++;
  for (int l = 1; l <= 5; l++)
    {
      GtkWidget *button = GTK_WIDGET (page->levels[l - 1]);

      gtk_toggle_button_set_active (page->levels[l - 1], rec != NULL && rec->level == l);
      if (l == drafted)
        {
          gtk_widget_add_css_class (button, "dbo-meeting-drafted");
          dbo_widget_set_tooltip (button, _("The drafted level"));
        }
      else
        {
          gtk_widget_remove_css_class (button, "dbo-meeting-drafted");
          dbo_widget_set_tooltip (button, NULL);
        }
    }
  /* Only when it differs: rewriting a field being typed in moves the cursor. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (page->reason)), rec != NULL && rec->reason ? rec->reason : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (page->reason), rec != NULL && rec->reason ? rec->reason : "");
  self->updating--;

  if (rec == NULL)
    status = g_strdup_printf (_("No recommendation yet: choose the panel’s level (drafted: %s)."), dbo_level_label (drafted));
  else if (rec->level == drafted)
    status = g_strdup (_("The panel agrees with the drafted level."));
  else if (dbo_str_empty (rec->reason))
    {
      status = g_strdup_printf (_("The panel recommends %s instead of the drafted %s: give the reason."),
                                dbo_level_label (rec->level), dbo_level_label (drafted));
      problem = TRUE;
    }
  else
    status = g_strdup_printf (_("The panel recommends %s instead of the drafted %s."), dbo_level_label (rec->level),
                              dbo_level_label (drafted));
  gtk_label_set_text (page->level_status, status);
  set_error (GTK_WIDGET (page->level_status), problem);

  refresh_dissents (page);
  refresh_add_dissent (page);
  mark_reason (page);
}

/* ------------------------------------------------------------ one object's page: editing */

static int
active_level (Page *page)
{
  for (int l = 1; l <= 5; l++)
    if (gtk_toggle_button_get_active (page->levels[l - 1]))
      return l;
  return 0;
}

static void
level_toggled_cb (GtkToggleButton *button, Page *page)
{
  DboMeetingWindow *self = page->self;
  int level = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "dbo-level"));

  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  dbo_session_set_recommendation (self->session, page->object_id, level,
                                  gtk_editable_get_text (GTK_EDITABLE (page->reason)));
}

static void
reason_changed_cb (GtkEditable *editable, Page *page)
{
  DboMeetingWindow *self = page->self;
  const DboProject *p;
  const DboObject *o;
  int level;

  if (self->updating)
    return;
  p = dbo_session_get_project (self->session);
  o = dbo_project_find_object (p, page->object_id);
  if (o == NULL)
    return;
  /* A reason before any level: the panel is speaking to the drafted level. */
  level = active_level (page);
  if (level == 0)
    level = dbo_grading_drafted_level (dbo_session_get_rules (self->session), o);
  dbo_session_set_recommendation (self->session, page->object_id, level, gtk_editable_get_text (editable));
}

static void
add_dissent (Page *page)
{
  DboMeetingWindow *self = page->self;
  DboRecommendation *rec = dbo_project_find_recommendation (dbo_session_get_project (self->session),
                                                            page->object_id);
  guint index = gtk_drop_down_get_selected (page->member);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (page->dissent_text));

  if (rec == NULL || index >= self->member_ids->len || dbo_str_empty (text))
    return;
  g_ptr_array_add (rec->dissents, dbo_dissent_new (g_ptr_array_index (self->member_ids, index), text));
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (page->dissent_text), "");
  self->updating--;
  dbo_session_changed (self->session, DBO_PART_RECOMMENDATION, page->object_id);
}

static void
dissent_add_clicked_cb (GtkButton *button, Page *page)
{
  add_dissent (page);
}

static void
dissent_text_changed_cb (GtkEditable *editable, Page *page)
{
  refresh_add_dissent (page);
}

static void
dissent_member_changed_cb (GtkDropDown *drop_down, GParamSpec *pspec, Page *page)
{
  refresh_add_dissent (page);
}

/* ------------------------------------------------------------ one object's page: building */

static GtkWidget *
new_page (DboMeetingWindow *self, const DboObject *o)
{
  Page *page = g_new0 (Page, 1);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  GtkWidget *card, *levels, *add_row, *heading;
  g_autofree char *page_name = NULL;

  page->self = self;
  page->object_id = g_strdup (o->id);
  page->root = scrolled;
  g_object_set_data_full (G_OBJECT (scrolled), "dbo-meeting-page", page, (GDestroyNotify) page_free);
  page_name = g_strdup_printf ("meeting-%s", o->id);
  gtk_widget_set_name (scrolled, page_name);
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1500);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1200);
  gtk_widget_set_margin_start (outer, 32);
  gtk_widget_set_margin_end (outer, 32);
  gtk_widget_set_margin_top (outer, 14);
  gtk_widget_set_margin_bottom (outer, 32);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_clamp_set_child (ADW_CLAMP (clamp), outer);

  /* The object: name across the top, then what it is and why it has its level. */
  page->name = new_label ("dbo-meeting-title", TRUE);
  page->meta = new_label ("dbo-meeting-meta", TRUE);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (page->name));
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (page->meta));
  gtk_widget_set_margin_top (columns, 10);
  gtk_box_append (GTK_BOX (outer), columns);
  gtk_widget_set_hexpand (left, TRUE);
  gtk_widget_set_hexpand (right, TRUE);
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_box_append (GTK_BOX (columns), left);
  gtk_box_append (GTK_BOX (columns), right);

  card = add_card (left, _("Business information security"));
  page->business_text = new_label (NULL, TRUE);
  page->business_harms = new_label ("dbo-meeting-harms", TRUE);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->business_text));
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->business_harms));

  card = add_card (left, _("System service security"));
  page->service_text = new_label (NULL, TRUE);
  page->service_harms = new_label ("dbo-meeting-harms", TRUE);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->service_text));
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->service_harms));

  card = add_card (left, _("Drafted level"));
  page->drafted = new_label ("dbo-meeting-level-big", TRUE);
  page->why = new_label ("dbo-meeting-why", TRUE);
  page->override_text = new_label ("dbo-meeting-why", TRUE);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->drafted));
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->why));
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->override_text));

  /* The panel's decision. */
  card = add_card (right, _("The panel’s recommended level"));
  gtk_widget_add_css_class (card, "dbo-meeting-decision");
  levels = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_set_homogeneous (GTK_BOX (levels), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (levels), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The panel’s recommended level"), -1);
  for (int l = 1; l <= 5; l++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (dbo_level_label (l));
      g_autofree char *suffix = g_strdup_printf ("level-%d", l);

      page->levels[l - 1] = GTK_TOGGLE_BUTTON (button);
      if (l > 1)
        gtk_toggle_button_set_group (page->levels[l - 1], page->levels[0]);
      g_object_set_data (G_OBJECT (button), "dbo-level", GINT_TO_POINTER (l));
      gtk_widget_add_css_class (button, "dbo-meeting-level");
      set_name (button, page, suffix);
      g_signal_connect (button, "toggled", G_CALLBACK (level_toggled_cb), page);
      gtk_box_append (GTK_BOX (levels), button);
    }
  gtk_box_append (GTK_BOX (card), levels);
  page->level_status = new_label ("dbo-meeting-status", TRUE);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->level_status));

  heading = GTK_WIDGET (new_label ("dbo-meeting-subheading", FALSE));
  gtk_label_set_text_with_mnemonic (GTK_LABEL (heading), _("_Reason"));
  page->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (page->reason, _("Needed when the level differs from the drafted level"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (heading), GTK_WIDGET (page->reason));
  set_name (GTK_WIDGET (page->reason), page, "reason");
  g_signal_connect (page->reason, "changed", G_CALLBACK (reason_changed_cb), page);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->reason));

  card = add_card (right, _("Dissent"));
  page->dissents = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (page->dissents, GTK_SELECTION_NONE);
  {
    GtkLabel *none = new_label ("dim-label", TRUE);

    gtk_label_set_text (none, _("No member dissents."));
    gtk_list_box_set_placeholder (page->dissents, GTK_WIDGET (none));
  }
  gtk_widget_add_css_class (GTK_WIDGET (page->dissents), "dbo-meeting-dissents");
  gtk_accessible_update_property (GTK_ACCESSIBLE (page->dissents), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dissents"), -1);
  set_name (GTK_WIDGET (page->dissents), page, "dissents");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->dissents));

  add_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (add_row, GTK_ALIGN_FILL);
  page->member = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->member_names)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (page->member), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The member who dissents"), -1);
  set_name (GTK_WIDGET (page->member), page, "dissent-member");
  g_signal_connect (page->member, "notify::selected", G_CALLBACK (dissent_member_changed_cb), page);
  page->dissent_text = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (page->dissent_text, _("The member’s view, in their words"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (page->dissent_text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dissent"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (page->dissent_text), TRUE);
  set_name (GTK_WIDGET (page->dissent_text), page, "dissent-text");
  g_signal_connect (page->dissent_text, "changed", G_CALLBACK (dissent_text_changed_cb), page);
  g_signal_connect_swapped (page->dissent_text, "activate", G_CALLBACK (add_dissent), page);
  page->dissent_add = gtk_button_new_with_mnemonic (_("_Add Dissent"));
  set_name (page->dissent_add, page, "dissent-add");
  g_signal_connect (page->dissent_add, "clicked", G_CALLBACK (dissent_add_clicked_cb), page);
  /* The member's words take the whole width; who and "Add" below them. */
  gtk_widget_set_hexpand (GTK_WIDGET (page->member), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (page->member), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (page->dissent_text));
  gtk_box_append (GTK_BOX (add_row), GTK_WIDGET (page->member));
  gtk_box_append (GTK_BOX (add_row), page->dissent_add);
  gtk_box_append (GTK_BOX (card), add_row);

  g_ptr_array_add (self->pages, page);
  refresh_info (page);
  refresh_decision (page);
  return scrolled;
}

/* ------------------------------------------------------------ the whole window */

static void
refresh_members (DboMeetingWindow *self)
{
  const DboProject *p = dbo_session_get_project (self->session);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (self->member_ids, 0);
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (p->panel.members, i);

      g_ptr_array_add (self->member_ids, g_strdup (m->id));
      g_ptr_array_add (names, m->leader ? g_strdup_printf (_("%s (leader)"), member_label (m))
                                        : g_strdup (member_label (m)));
    }
  g_ptr_array_add (names, NULL);
  self->updating++;
  gtk_string_list_splice (self->member_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->member_names)),
                          (const char * const *) names->pdata);
  self->updating--;
}

static void
update_position (DboMeetingWindow *self)
{
  guint n = self->pages->len;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup ("");
  else
    text = g_strdup_printf (_("Protected object %u of %u"), MIN (self->position, n - 1) + 1, n);
  gtk_label_set_text (self->position_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.previous", n > 0 && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.next", n > 0 && self->position + 1 < n);
}

static gboolean
objects_match_pages (DboMeetingWindow *self)
{
  const DboProject *p = dbo_session_get_project (self->session);

  if (p->objects->len != self->pages->len)
    return FALSE;
  for (guint i = 0; i < p->objects->len; i++)
    if (g_strcmp0 (((DboObject *) g_ptr_array_index (p->objects, i))->id,
                   ((Page *) g_ptr_array_index (self->pages, i))->object_id) != 0)
      return FALSE;
  return TRUE;
}

static void
rebuild_pages (DboMeetingWindow *self)
{
  const DboProject *p = dbo_session_get_project (self->session);
  g_autofree char *shown = NULL;
  guint keep = 0;

  if (self->position < self->pages->len)
    shown = g_strdup (((Page *) g_ptr_array_index (self->pages, self->position))->object_id);
  /* The pages own their Page; the widgets go, and their records with them. */
  g_ptr_array_set_size (self->pages, 0);
  while (adw_carousel_get_n_pages (self->carousel) > 0)
    adw_carousel_remove (self->carousel, adw_carousel_get_nth_page (self->carousel, 0));
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);

      adw_carousel_append (self->carousel, new_page (self, o));
      if (g_strcmp0 (o->id, shown) == 0)
        keep = i;
    }
  gtk_stack_set_visible_child_name (self->content_stack, p->objects->len > 0 ? "objects" : "empty");
  self->position = 0;
  if (p->objects->len > 0)
    dbo_meeting_window_show_object (self, keep, FALSE);
  update_position (self);
}

static void
focus_page (DboMeetingWindow *self)
{
  Page *page;
  int level;

  if (self->position >= self->pages->len)
    return;
  page = g_ptr_array_index (self->pages, self->position);
  level = active_level (page);
  gtk_widget_grab_focus (GTK_WIDGET (page->levels[level > 0 ? level - 1 : 0]));
}

static void
page_changed_cb (AdwCarousel *carousel, guint index, DboMeetingWindow *self)
{
  if (self->position == index)
    return;
  self->position = index;
  update_position (self);
  focus_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
session_changed_cb (DboSession *session, int part, const char *id, DboMeetingWindow *self)
{
  Page *page;

  switch ((DboPart) part)
    {
    case DBO_PART_OBJECT:
      if (!objects_match_pages (self))
        {
          rebuild_pages (self);
          break;
        }
      page = find_page (self, id);
      if (page != NULL)
        {
          refresh_info (page);
          refresh_decision (page);
        }
      break;
    case DBO_PART_RECOMMENDATION:
      page = find_page (self, id);
      if (page != NULL)
        refresh_decision (page);
      break;
    case DBO_PART_MEMBER:
      refresh_members (self);
      for (guint i = 0; i < self->pages->len; i++)
        {
          page = g_ptr_array_index (self->pages, i);
          refresh_dissents (page);
          refresh_add_dissent (page);
        }
      break;
    case DBO_PART_HEADER:
    case DBO_PART_ENTERPRISE:
    case DBO_PART_PANEL:
    case DBO_PART_REVIEWS:
    case DBO_PART_FILING:
    case DBO_PART_ASSESSMENTS:
    case DBO_PART_ATTACHMENTS:
    default:
      break;
    }
}

static void
findings_changed_cb (DboSession *session, DboMeetingWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    mark_reason (g_ptr_array_index (self->pages, i));
}

static void
refresh_title (DboMeetingWindow *self)
{
  const DboProject *p = dbo_session_get_project (self->session);
  g_autofree char *title = NULL;

  if (!dbo_str_empty (p->enterprise.name))
    title = g_strdup_printf (_("Expert review meeting · %s"), p->enterprise.name);
  else
    title = g_strdup (_("Expert review meeting"));
  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* ------------------------------------------------------------ keys and actions */

static void
previous_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (widget);

  if (self->position > 0)
    dbo_meeting_window_show_object (self, self->position - 1, TRUE);
}

static void
next_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (widget);

  if (self->position + 1 < self->pages->len)
    dbo_meeting_window_show_object (self, self->position + 1, TRUE);
}

static void
leave_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ← and → move between objects, except inside a text field where they move
 * the cursor (Alt+← / Alt+→ still move between objects there); Esc (or F11
 * again) leaves. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
                DboMeetingWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean in_text = focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  gboolean forward;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      forward = FALSE;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      forward = TRUE;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      forward = FALSE;
      in_text = FALSE;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      forward = TRUE;
      in_text = FALSE;
      break;
    case GDK_KEY_Escape:
    case GDK_KEY_F11:
      /* Leaves from anywhere, a text field included (a list that is open
       * is a popover of its own and closes first). */
      if (mods != 0)
        return GDK_EVENT_PROPAGATE;
      gtk_widget_activate_action (GTK_WIDGET (self), "meeting.leave", NULL);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  if (mods == GDK_ALT_MASK)
    in_text = FALSE;
  else if (mods != 0)
    return GDK_EVENT_PROPAGATE;
  if (in_text)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self), forward ? "meeting.next" : "meeting.previous", NULL);
  return GDK_EVENT_STOP;
}

/* ------------------------------------------------------------ GObject */

static void
set_dark (DboMeetingWindow *self, gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (dark && !self->scheme_saved)
    {
      self->saved_scheme = adw_style_manager_get_color_scheme (manager);
      self->scheme_saved = TRUE;
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
    }
  else if (!dark && self->scheme_saved)
    {
      self->scheme_saved = FALSE;
      adw_style_manager_set_color_scheme (manager, self->saved_scheme);
    }
}

static void
dbo_meeting_window_map (GtkWidget *widget)
{
  set_dark (DBO_MEETING_WINDOW (widget), TRUE);
  GTK_WIDGET_CLASS (dbo_meeting_window_parent_class)->map (widget);
  focus_page (DBO_MEETING_WINDOW (widget));
}

static void
dbo_meeting_window_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dbo_meeting_window_parent_class)->unmap (widget);
  set_dark (DBO_MEETING_WINDOW (widget), FALSE);
}

static gboolean
dbo_meeting_window_close_request (GtkWindow *window)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (window);

  /* Leaving returns to the wizard with everything written; a failure is
   * published by the session ("save-error") and retried there. */
  if (self->session != NULL)
    dbo_session_flush (self->session, NULL);
  return GTK_WINDOW_CLASS (dbo_meeting_window_parent_class)->close_request (window);
}

static void
dbo_meeting_window_constructed (GObject *object)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (object);

  G_OBJECT_CLASS (dbo_meeting_window_parent_class)->constructed (object);
  if (self->session == NULL)
    return;
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, 0);
  g_signal_connect_object (self->session, "findings-changed", G_CALLBACK (findings_changed_cb), self, 0);
  refresh_title (self);
  refresh_members (self);
  rebuild_pages (self);
}

static void
dbo_meeting_window_dispose (GObject *object)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (object);

  set_dark (self, FALSE);
  if (self->session != NULL)
    {
      if (g_object_get_data (G_OBJECT (self->session), SESSION_KEY) == self)
        g_object_set_data (G_OBJECT (self->session), SESSION_KEY, NULL);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dbo_meeting_window_parent_class)->dispose (object);
}

static void
dbo_meeting_window_finalize (GObject *object)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (object);

  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->member_ids);
  g_clear_object (&self->member_names);
  G_OBJECT_CLASS (dbo_meeting_window_parent_class)->finalize (object);
}

static void
dbo_meeting_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_meeting_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DboMeetingWindow *self = DBO_MEETING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbo_meeting_window_class_init (DboMeetingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dbo_meeting_window_constructed;
  object_class->dispose = dbo_meeting_window_dispose;
  object_class->finalize = dbo_meeting_window_finalize;
  object_class->get_property = dbo_meeting_window_get_property;
  object_class->set_property = dbo_meeting_window_set_property;
  widget_class->map = dbo_meeting_window_map;
  widget_class->unmap = dbo_meeting_window_unmap;
  window_class->close_request = dbo_meeting_window_close_request;

  /**
   * DboMeetingWindow:session:
   *
   * The open project the panel reviews.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DBO_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DboMeetingWindow:position:
   *
   * The index of the protected object shown, in project order.
   */
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dengbao/Dengbao/ui/dbo-meeting-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DboMeetingWindow, carousel);
  gtk_widget_class_bind_template_child (widget_class, DboMeetingWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DboMeetingWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, DboMeetingWindow, content_stack);

  gtk_widget_class_install_action (widget_class, "meeting.previous", NULL, previous_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.leave", NULL, leave_action_cb);
}

static void
dbo_meeting_window_init (DboMeetingWindow *self)
{
  GtkEventController *keys;

  self->pages = g_ptr_array_new ();
  self->member_ids = g_ptr_array_new_with_free_func (g_free);
  self->member_names = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->carousel, "page-changed", G_CALLBACK (page_changed_cb), self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "meeting-keys");
  /* Before the focused widget: buttons would take ← → to move the focus. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
dbo_meeting_window_new (DboSession *session)
{
  g_return_val_if_fail (DBO_IS_SESSION (session), NULL);
  return g_object_new (DBO_TYPE_MEETING_WINDOW, "session", session, NULL);
}

GtkWidget *
dbo_meeting_window_present (DboSession *session, GtkWindow *parent)
{
  GtkWidget *window;

  g_return_val_if_fail (DBO_IS_SESSION (session), NULL);

  window = g_object_get_data (G_OBJECT (session), SESSION_KEY);
  if (window == NULL)
    {
      window = dbo_meeting_window_new (session);
      g_object_set_data (G_OBJECT (session), SESSION_KEY, window);
      if (parent != NULL)
        {
          gtk_window_set_transient_for (GTK_WINDOW (window), parent);
          gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (parent));
        }
      /* Whatever the panel was last looking at in the wizard is flushed first. */
      dbo_session_flush (session, NULL);
    }
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

DboSession *
dbo_meeting_window_get_session (DboMeetingWindow *self)
{
  g_return_val_if_fail (DBO_IS_MEETING_WINDOW (self), NULL);
  return self->session;
}

guint
dbo_meeting_window_get_position (DboMeetingWindow *self)
{
  g_return_val_if_fail (DBO_IS_MEETING_WINDOW (self), 0);
  return self->position;
}

guint
dbo_meeting_window_get_n_objects (DboMeetingWindow *self)
{
  g_return_val_if_fail (DBO_IS_MEETING_WINDOW (self), 0);
  return self->pages->len;
}

const char *
dbo_meeting_window_get_object_id (DboMeetingWindow *self)
{
  g_return_val_if_fail (DBO_IS_MEETING_WINDOW (self), NULL);
  if (self->position >= self->pages->len)
    return NULL;
  return ((Page *) g_ptr_array_index (self->pages, self->position))->object_id;
}

void
dbo_meeting_window_show_object (DboMeetingWindow *self, guint index, gboolean animate)
{
  Page *page;

  g_return_if_fail (DBO_IS_MEETING_WINDOW (self));
  if (self->pages->len == 0)
    return;
  index = MIN (index, self->pages->len - 1);
  page = g_ptr_array_index (self->pages, index);
  adw_carousel_scroll_to (self->carousel, page->root, animate);
  /* The carousel reports the page once it is there; the position follows the
   * request at once so that quick key presses add up. */
  if (self->position != index)
    {
      self->position = index;
      update_position (self);
      focus_page (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

GtkWidget *
dbo_meeting_window_get_page (DboMeetingWindow *self, const char *object_id)
{
  Page *page;

  g_return_val_if_fail (DBO_IS_MEETING_WINDOW (self), NULL);
  page = find_page (self, object_id);
  return page != NULL ? page->root : NULL;
}
