/* DboDeskWindow: a bureau's desk file (issue 17).
 *
 * The queue of received submissions, earliest due first, with what is
 * overdue marked; one submission read-only (the enterprise, its objects and
 * levels, what the checks find, its documents) with the decision form; the
 * Annex 3 the decision fills, printed or sent back as a review bundle; and
 * the quarterly report. Everything is the core's (dbo-desk.h): the window
 * only shows it and asks it. The desk stays open for editing while the
 * window is, so one bureau's two windows cannot decide the same thing twice.
 */
#define G_LOG_DOMAIN "dengbao-desk-window"
#include "config.h"

#include "dbo-desk-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dbo-bundle.h"
#include "dbo-checks.h"
#include "dbo-desk-report.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"
#include "dbo-findings-box.h"
#include "dbo-pdf-preview.h"
#include "dbo-print-operation.h"

#define N_QUARTERS 8

static const char *kind_labels[] = { N_("Production mine"), N_("Construction mine"), N_("Group company") };

typedef struct {
  DboDocKind kind;
  char *key;                      /* the report's object id or Annex 3's part key */
  gboolean answer;                /* Annex 3 of the bureau's decision */
} DeskDoc;

struct _DboDeskWindow
{
  AdwApplicationWindow parent_instance;

  DboDesk *desk;
  gboolean read_only;
  DboRuleset *rules;              /* the default rule set: regions, the report */
  DboCalendar *calendar;
  GDate today;
  GPtrArray *submissions;         /* of DboDeskSubmission*, by due date then id */
  DboDeskSubmission *current;     /* in @submissions, or NULL */
  DboProject *project;            /* the current submission as the enterprise sent it */
  DboRuleset *project_rules;
  GArray *docs;                   /* of DeskDoc, the document drop-down's entries */
  GPtrArray *rows;                /* the submission's own rows, of GtkWidget* (removed on change) */
  DboDeskReport *report;
  GtkPrintOperation *print_operation;
  GCancellable *cancellable;
  gboolean busy;                  /* receiving or saving a reply in a thread */
  gboolean filling;               /* the form is being filled, not edited */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *queue_pane;
  GtkWidget *content_pane;
  AdwWindowTitle *queue_title;
  AdwWindowTitle *content_title;
  GtkToggleButton *search_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *queue_stack;
  GtkListBox *queue_list;
  GtkStack *content_stack;
  GtkWidget *print_button;
  GtkWidget *reply_button;
  AdwPreferencesGroup *enterprise_group;
  AdwPreferencesGroup *objects_group;
  AdwPreferencesGroup *findings_group;
  AdwPreferencesGroup *decision_group;
  AdwComboRow *outcome_row;
  AdwEntryRow *opinion_row;
  AdwEntryRow *date_row;
  AdwActionRow *number_row;
  GtkLabel *decision_hint;
  GtkWidget *decide_button;
  GtkDropDown *document_dropdown;
  GtkStack *document_stack;
  GtkLabel *document_problem;
  GtkLabel *page_label;
  DboPdfPreview *preview;
  AdwComboRow *quarter_row;
  AdwActionRow *report_summary_row;
  GtkLabel *report_page_label;
  DboPdfPreview *report_preview;
};

G_DEFINE_FINAL_TYPE (DboDeskWindow, dbo_desk_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (DboDeskWindow *self);

/* ---- small helpers ---- */

static void
desk_doc_clear (DeskDoc *doc)
{
  g_clear_pointer (&doc->key, g_free);
}

static void
toast (DboDeskWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static const char *
outcome_label (DboOutcome outcome)
{
  switch (outcome)
    {
    case DBO_OUTCOME_APPROVED: return _("Approved");
    case DBO_OUTCOME_CORRECT: return _("To be corrected");
    case DBO_OUTCOME_REGRADE: return _("To be re-graded");
    default: return "";
    }
}

static const char *
region_authority (DboDeskWindow *self, const char *code)
{
  const DboRegion *region = code != NULL && self->rules != NULL ? dbo_ruleset_find_region (self->rules, code) : NULL;

  return region != NULL ? region->authority : code;
}

static const char *
region_name (DboDeskWindow *self, const char *code)
{
  const DboRegion *region = code != NULL && self->rules != NULL ? dbo_ruleset_find_region (self->rules, code) : NULL;

  return region != NULL ? region->name : code;
}

static const char *
standardization_label (DboStandardization std)
{
  switch (std)
    {
    case DBO_STD_LEVEL1: return _("Level 1");
    case DBO_STD_LEVEL2: return _("Level 2");
    default: return _("Not rated");
    }
}

static int
compare_due (gconstpointer a, gconstpointer b)
{
  const DboDeskSubmission *x = *(const DboDeskSubmission **) a;
  const DboDeskSubmission *y = *(const DboDeskSubmission **) b;
  int c = g_strcmp0 (x->due, y->due);

  return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

static DboDeskSubmission *
find_submission (DboDeskWindow *self, const char *id)
{
  for (guint i = 0; self->submissions != NULL && i < self->submissions->len; i++)
    {
      DboDeskSubmission *s = g_ptr_array_index (self->submissions, i);

      if (g_strcmp0 (s->id, id) == 0)
        return s;
    }
  return NULL;
}

/* ---- the queue ---- */

static GtkWidget *
queue_row_new (DboDeskWindow *self, const DboDeskSubmission *s)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = NULL;
  g_autofree char *subtitle = NULL;

  /* Activated by a click or Enter: on a narrow window that opens the submission. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->enterprise != NULL ? s->enterprise : s->credit_code);
  /* Translators: a submission in the queue: its number at the desk, round, due date. */
  subtitle = g_strdup_printf (_("No. %s · round %d · due %s"), s->id, s->round, s->due);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  if (dbo_desk_submission_is_overdue (s, &self->today))
    {
      mark = gtk_label_new (_("Overdue"));
      gtk_widget_set_name (mark, "desk-overdue");
      gtk_widget_add_css_class (mark, "error");
    }
  else if (s->has_outcome)
    {
      mark = gtk_label_new (outcome_label (s->outcome));
      gtk_widget_add_css_class (mark, s->outcome == DBO_OUTCOME_APPROVED ? "success" : "warning");
    }
  if (mark != NULL)
    {
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
  g_object_set_data_full (G_OBJECT (row), "submission-id", g_strdup (s->id), g_free);
  gtk_widget_set_name (row, "desk-row");
  return row;
}

static gboolean
filter_row_cb (GtkListBoxRow *row, gpointer user_data)
{
  DboDeskWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  DboDeskSubmission *s = find_submission (self, g_object_get_data (G_OBJECT (row), "submission-id"));
  g_autofree char *needle = NULL;
  g_autofree char *hay = NULL;

  if (text == NULL || *text == '\0' || s == NULL)
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  {
    g_autofree char *joined = g_strjoin ("\n", s->enterprise ? s->enterprise : "", s->credit_code ? s->credit_code : "",
                                         s->number ? s->number : "", s->id, region_name (self, s->city) ?: "",
                                         NULL);

    hay = g_utf8_casefold (joined, -1);
  }
  return strstr (hay, g_strstrip (needle)) != NULL;
}

static void
search_changed_cb (DboDeskWindow *self)
{
  gtk_list_box_invalidate_filter (self->queue_list);
}

static GtkListBoxRow *
row_for_id (DboDeskWindow *self, const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (g_object_get_data (G_OBJECT (child), "submission-id"), id) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

/* Reads the queue again and shows @select_id (NULL: nothing) selected. */
static void
reload_queue (DboDeskWindow *self, const char *select_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = dbo_desk_list (self->desk, &error);
  g_autofree char *keep = g_strdup (select_id);
  GtkWidget *child;
  GtkListBoxRow *row;

  if (list == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the desk: %s"), error->message);

      toast (self, text);
      return;
    }
  g_ptr_array_sort (list, compare_due);
  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);
  self->filling = FALSE;
  self->current = NULL;
  g_clear_pointer (&self->submissions, g_ptr_array_unref);
  self->submissions = g_steal_pointer (&list);
  for (guint i = 0; i < self->submissions->len; i++)
    gtk_list_box_append (self->queue_list, queue_row_new (self, g_ptr_array_index (self->submissions, i)));
  gtk_stack_set_visible_child_name (self->queue_stack, self->submissions->len > 0 ? "list" : "empty");
  row = keep != NULL ? row_for_id (self, keep) : NULL;
  if (row != NULL)
    gtk_list_box_select_row (self->queue_list, row);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "submission") == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      adw_window_title_set_title (self->content_title, "");
    }
  update_actions (self);
}

/* ---- one submission ---- */

static void
clear_submission_rows (DboDeskWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (DboDeskWindow *self, AdwPreferencesGroup *group, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* Wide enough for the value on one line where there is room. */
      gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, g_object_ref (row));
  return row;
}

static void
fill_enterprise (DboDeskWindow *self, const DboDeskSubmission *s)
{
  g_autofree char *city = g_strdup_printf ("%s (%s)", region_name (self, s->city) ?: "", s->city ? s->city : "");
  g_autofree char *round = NULL;
  g_autofree char *due = NULL;
  GtkWidget *row;

  add_row (self, self->enterprise_group, _("Enterprise"), s->enterprise);
  add_row (self, self->enterprise_group, _("Unified social credit code"), s->credit_code);
  add_row (self, self->enterprise_group, _("City"), city);
  add_row (self, self->enterprise_group, _("Kind"),
           (guint) s->kind < G_N_ELEMENTS (kind_labels) ? _(kind_labels[s->kind]) : "");
  if (s->kind == DBO_KIND_PRODUCTION)
    add_row (self, self->enterprise_group, _("Safety standardisation level"),
             standardization_label (s->standardization));
  if (s->previous != NULL)
    /* Translators: a later round of a project: "2 (after No. 0001)". */
    round = g_strdup_printf (_("%d (after No. %s)"), s->round, s->previous);
  else
    round = g_strdup_printf ("%d", s->round);
  add_row (self, self->enterprise_group, _("Round"), round);
  add_row (self, self->enterprise_group, _("Received"), s->received);
  if (dbo_desk_submission_is_overdue (s, &self->today))
    /* Translators: a due date that has passed without a decision. */
    due = g_strdup_printf (_("%s, overdue"), s->due);
  row = add_row (self, self->enterprise_group, _("Answer due"), due != NULL ? due : s->due);
  if (due != NULL)
    gtk_widget_add_css_class (row, "error");
}

static void
fill_objects (DboDeskWindow *self, const DboDeskSubmission *s)
{
  for (guint i = 0; i < s->objects->len; i++)
    {
      const DboDeskObject *o = g_ptr_array_index (s->objects, i);
      const DboObject *object = self->project != NULL ? dbo_project_find_object (self->project, o->id) : NULL;
      const char *reviewer = object != NULL && self->project_rules != NULL
                               ? dbo_doc_object_reviewer (self->project, self->project_rules, object) : NULL;
      g_autofree char *level = g_strdup_printf (_("Level %d"), o->level);
      g_autofree char *where = NULL;
      GtkWidget *row;

      if (o->reviewed_here)
        where = g_strdup (_("reviewed here"));
      else if (reviewer != NULL)
        /* Translators: an object another bureau reviews: "reviewed by 山西省能源局". */
        where = g_strdup_printf (_("reviewed by %s"), region_authority (self, reviewer));
      else
        where = g_strdup (_("not reviewed by a bureau"));
      row = add_row (self, self->objects_group, o->name, level);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      if (!o->reviewed_here)
        gtk_widget_add_css_class (row, "dim-label");
    }
}

static void
fill_findings (DboDeskWindow *self)
{
  g_autoptr(GPtrArray) findings = NULL;

  if (self->project == NULL || self->project_rules == NULL)
    return;
  findings = dbo_checks_run_for_forms (self->project, self->project_rules);
  if (findings->len == 0)
    {
      add_row (self, self->findings_group, _("No errors or warnings in the submitted data"), NULL);
      return;
    }
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);
      GtkWidget *row = add_row (self, self->findings_group, dbo_finding_describe (f), NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name (f->severity == DBO_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                                                       : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, f->severity == DBO_SEVERITY_ERROR ? "error" : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (f->clause != NULL && *f->clause != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), f->clause);
    }
}

/* ---- the decision form ---- */

static gboolean
form_date (DboDeskWindow *self, GDate *date)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));

  return dbo_date_parse (text, date, NULL);
}

static void
update_form (DboDeskWindow *self)
{
  const DboDeskSubmission *s = self->current;
  gboolean decided = s != NULL && s->has_outcome;
  gboolean editable = s != NULL && !decided && !self->read_only && !self->busy;
  g_autofree char *opinion = NULL;
  g_autofree char *hint = NULL;
  GDate date;
  gboolean date_ok;

  gtk_widget_set_sensitive (GTK_WIDGET (self->outcome_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->opinion_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->date_row), editable);
  opinion = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->opinion_row))));
  date_ok = form_date (self, &date);
  if (editable && !date_ok)
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_set_sensitive (self->decide_button, editable && *opinion != '\0' && date_ok);
  gtk_widget_set_visible (self->decide_button, !decided);
  gtk_widget_set_visible (self->reply_button, decided);
  gtk_widget_set_visible (GTK_WIDGET (self->number_row), decided && s->number != NULL);
  if (decided && s->number != NULL)
    adw_action_row_set_subtitle (self->number_row, s->number);

  if (s == NULL)
    return;
  if (decided && dbo_desk_submission_is_late (s))
    /* Translators: "Decided on DATE, after the due date DATE. A decision is final." */
    hint = g_strdup_printf (_("Decided on %s, after the due date %s. A decision is final."), s->decided, s->due);
  else if (decided)
    hint = g_strdup_printf (_("Decided on %s. A decision is final."), s->decided);
  else if (self->read_only)
    hint = g_strdup (_("The desk is open read-only: decisions cannot be recorded."));
  else if (adw_combo_row_get_selected (self->outcome_row) == DBO_OUTCOME_APPROVED)
    hint = g_strdup_printf (_("Approving assigns the bureau’s next review number (%s-YYYY-NNNN)."),
                            dbo_desk_get_authority (self->desk));
  else
    hint = g_strdup (_("The enterprise is told what to do again; no review number is assigned."));
  gtk_label_set_text (self->decision_hint, hint);
}

static void
fill_form (DboDeskWindow *self)
{
  const DboDeskSubmission *s = self->current;
  g_autofree char *today = dbo_date_format (&self->today);

  self->filling = TRUE;
  if (s->has_outcome)
    {
      adw_combo_row_set_selected (self->outcome_row, s->outcome);
      gtk_editable_set_text (GTK_EDITABLE (self->opinion_row), s->opinion != NULL ? s->opinion : "");
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), s->decided);
    }
  else
    {
      adw_combo_row_set_selected (self->outcome_row, DBO_OUTCOME_APPROVED);
      gtk_editable_set_text (GTK_EDITABLE (self->opinion_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
    }
  self->filling = FALSE;
  update_form (self);
}

static void
outcome_changed_cb (DboDeskWindow *self)
{
  if (!self->filling)
    update_form (self);
}

static void
form_changed_cb (DboDeskWindow *self)
{
  if (!self->filling)
    update_form (self);
}

static void
decide_clicked_cb (DboDeskWindow *self)
{
  g_autoptr(DboDeskSubmission) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opinion = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  guint outcome = adw_combo_row_get_selected (self->outcome_row);
  GDate date;

  if (self->current == NULL || self->current->has_outcome || self->read_only || self->busy)
    return;
  opinion = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->opinion_row))));
  if (*opinion == '\0' || !form_date (self, &date) || outcome > DBO_OUTCOME_REGRADE)
    return;
  id = g_strdup (self->current->id);
  decided = dbo_desk_decide (self->desk, id, (DboOutcome) outcome, opinion, &date, &error);
  if (decided == NULL)
    {
      text = g_strdup_printf (_("Could not record the decision: %s"), error->message);
      toast (self, text);
      reload_queue (self, id);
      return;
    }
  if (decided->number != NULL)
    text = g_strdup_printf (_("Approved with review number %s"), decided->number);
  else
    text = g_strdup_printf (_("Recorded: %s"), outcome_label (decided->outcome));
  toast (self, text);
  reload_queue (self, id);
}

/* ---- documents ---- */

static DboDocument *
build_current_document (DboDeskWindow *self, GError **error)
{
  guint n = gtk_drop_down_get_selected (self->document_dropdown);
  const DeskDoc *doc;

  if (self->current == NULL || n == GTK_INVALID_LIST_POSITION || n >= self->docs->len)
    {
      g_set_error_literal (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND, _("No document is selected"));
      return NULL;
    }
  doc = &g_array_index (self->docs, DeskDoc, n);
  if (doc->answer)
    {
      g_autofree char *part = NULL;
      g_autoptr(DboProject) answer = dbo_desk_answer_project (self->desk, self->current->id, &part, error);

      if (answer == NULL)
        return NULL;
      return dbo_document_build (answer, self->project_rules, DBO_DOC_ANNEX3, part, error);
    }
  if (self->project == NULL)
    {
      g_set_error_literal (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND, _("No document is selected"));
      return NULL;
    }
  return dbo_document_build (self->project, self->project_rules, doc->kind, doc->key, error);
}

static void
update_page_labels (DboDeskWindow *self)
{
  g_autofree char *page = dbo_pdf_preview_dup_page_label (self->preview);
  g_autofree char *report_page = dbo_pdf_preview_dup_page_label (self->report_preview);

  gtk_label_set_text (self->page_label, page);
  gtk_label_set_text (self->report_page_label, report_page);
  update_actions (self);
}

static void
show_document (DboDeskWindow *self)
{
  g_autoptr(GError) error = NULL;
  DboDocument *doc = build_current_document (self, &error);

  dbo_pdf_preview_set_document (self->preview, doc);
  if (doc != NULL)
    gtk_stack_set_visible_child_name (self->document_stack, "preview");
  else
    {
      gtk_label_set_text (self->document_problem, error->message);
      gtk_stack_set_visible_child_name (self->document_stack, "problem");
    }
  update_page_labels (self);
}

static void
document_changed_cb (DboDeskWindow *self)
{
  if (!self->filling)
    show_document (self);
}

/* The part of Annex 3 the enterprise filled for this bureau. */
static char *
enterprise_annex3_key (DboDeskWindow *self)
{
  g_autoptr(GPtrArray) keys = dbo_doc_annex3_keys (self->project, self->project_rules);
  const char *authority = dbo_desk_get_authority (self->desk);
  const char *last = NULL;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (strcmp (key, authority) == 0)
        return g_strdup (key);
      if (g_str_has_prefix (key, authority) && key[strlen (authority)] == '-')
        last = key;
    }
  return g_strdup (last);
}

static void
add_doc (DboDeskWindow *self, GtkStringList *labels, DboDocKind kind, const char *key, gboolean answer,
         const char *label)
{
  DeskDoc doc = { kind, g_strdup (key), answer };

  g_array_append_val (self->docs, doc);
  gtk_string_list_append (labels, label);
}

static void
fill_documents (DboDeskWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const DboDeskSubmission *s = self->current;

  g_array_set_size (self->docs, 0);
  if (s->has_outcome)
    add_doc (self, labels, DBO_DOC_ANNEX3, NULL, TRUE, _("Annex 3 with this bureau’s decision"));
  if (self->project != NULL)
    {
      g_autofree char *key = s->has_outcome ? NULL : enterprise_annex3_key (self);

      if (!s->has_outcome)
        add_doc (self, labels, DBO_DOC_ANNEX3, key, FALSE, _("Annex 3 as submitted (not decided yet)"));
      add_doc (self, labels, DBO_DOC_ANNEX2, NULL, FALSE, dbo_doc_kind_title (DBO_DOC_ANNEX2));
      add_doc (self, labels, DBO_DOC_ANNEX4, NULL, FALSE, dbo_doc_kind_title (DBO_DOC_ANNEX4));
      for (guint i = 0; i < s->objects->len; i++)
        {
          const DboDeskObject *o = g_ptr_array_index (s->objects, i);
          g_autofree char *label = g_strdup_printf ("%s · %s", dbo_doc_kind_title (DBO_DOC_REPORT), o->name);

          add_doc (self, labels, DBO_DOC_REPORT, o->id, FALSE, label);
        }
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->document_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->document_dropdown, 0);
  self->filling = FALSE;
  show_document (self);
}

static void
show_submission (DboDeskWindow *self, DboDeskSubmission *s)
{
  g_autoptr(GError) error = NULL;

  self->current = s;
  g_clear_pointer (&self->project, dbo_project_free);
  g_clear_pointer (&self->project_rules, dbo_ruleset_unref);
  clear_submission_rows (self);
  if (s == NULL)
    {
      dbo_pdf_preview_set_document (self->preview, NULL);
      update_actions (self);
      return;
    }

  self->project = dbo_desk_submitted_project (self->desk, s->id, &error);
  if (self->project != NULL)
    {
      const char *ruleset = !dbo_str_empty (self->project->ruleset) ? self->project->ruleset : DBO_DEFAULT_RULESET;

      g_clear_error (&error);
      self->project_rules = dbo_ruleset_load_named (ruleset, &error);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read submission %s: %s"), s->id, error->message);

      toast (self, text);
    }
  adw_window_title_set_title (self->content_title, s->enterprise != NULL ? s->enterprise : "");
  {
    g_autofree char *subtitle = g_strdup_printf (_("Submission %s · %s"), s->id, s->has_outcome
                                                 ? outcome_label (s->outcome) : _("Pending"));

    adw_window_title_set_subtitle (self->content_title, subtitle);
  }
  fill_enterprise (self, s);
  fill_objects (self, s);
  fill_findings (self);
  fill_form (self);
  fill_documents (self);
  gtk_stack_set_visible_child_name (self->content_stack, "submission");
  update_actions (self);
}

static void
row_selected_cb (DboDeskWindow *self, GtkListBoxRow *row)
{
  if (self->filling || row == NULL)
    return;
  show_submission (self, find_submission (self, g_object_get_data (G_OBJECT (row), "submission-id")));
}

static void
row_activated_cb (DboDeskWindow *self, GtkListBoxRow *row)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

gboolean
dbo_desk_window_select (DboDeskWindow *self, const char *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DBO_IS_DESK_WINDOW (self), FALSE);
  row = row_for_id (self, id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->queue_list, row);
  row_activated_cb (self, row);
  return TRUE;
}

/* The local path @chooser was answered with (NULL when cancelled); ends the chooser. */
static char *
chosen_path (GtkNativeDialog *chooser, int response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  return file != NULL ? g_file_get_path (file) : NULL;
}

/* ---- the quarterly report ---- */

static void
quarter_of (const GDate *date, int back, int *year, int *quarter)
{
  int index = g_date_get_year (date) * 4 + (g_date_get_month (date) - 1) / 3 - back;

  *year = index / 4;
  *quarter = index % 4 + 1;
}

static void
fill_quarters (DboDeskWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (int back = 0; back < N_QUARTERS; back++)
    {
      int year, quarter;
      g_autofree char *label = NULL;

      quarter_of (&self->today, back, &year, &quarter);
      /* Translators: a quarter of a year, "2026 Q3". */
      label = g_strdup_printf (_("%d Q%d"), year, quarter);
      gtk_string_list_append (labels, label);
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->quarter_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->quarter_row, 0);
  self->filling = FALSE;
}

static void
build_report (DboDeskWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint back = adw_combo_row_get_selected (self->quarter_row);
  int year, quarter;

  if (back == GTK_INVALID_LIST_POSITION)
    back = 0;
  quarter_of (&self->today, back, &year, &quarter);
  g_clear_pointer (&self->report, dbo_desk_report_free);
  self->report = dbo_desk_report_build (self->desk, self->calendar, year, quarter, &error);
  if (self->report == NULL)
    {
      adw_action_row_set_subtitle (self->report_summary_row, error->message);
      dbo_pdf_preview_set_document (self->report_preview, NULL);
    }
  else
    {
      g_autofree char *summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u enterprise, as of %s", "%u enterprises, as of %s",
                                      self->report->rows->len),
                         self->report->rows->len, self->report->date);

      adw_action_row_set_subtitle (self->report_summary_row, summary);
      dbo_pdf_preview_set_document (self->report_preview, dbo_desk_report_document (self->report, self->rules));
    }
  update_page_labels (self);
}

static void
quarter_changed_cb (DboDeskWindow *self)
{
  if (!self->filling)
    build_report (self);
}

static void
show_report_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);

  self->filling = TRUE;
  gtk_list_box_unselect_all (self->queue_list);
  self->filling = FALSE;
  show_submission (self, NULL);
  adw_window_title_set_title (self->content_title, _("Quarterly Report"));
  adw_window_title_set_subtitle (self->content_title, region_authority (self, dbo_desk_get_authority (self->desk)));
  gtk_stack_set_visible_child_name (self->content_stack, "report");
  build_report (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_actions (self);
}

static void
save_report_response_cb (GtkNativeDialog *chooser, int response, DboDeskWindow *self)
{
  g_autofree char *dir = chosen_path (chooser, response);

  if (dir != NULL && self->report != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) csv = dbo_desk_report_csv (self->report);
      g_autoptr(DboDocument) doc = dbo_desk_report_document (self->report, self->rules);
      g_autoptr(GBytes) pdf = dbo_document_to_pdf_bytes (doc, &error);
      g_autofree char *base = g_strdup_printf ("report-%dQ%d", self->report->year, self->report->quarter);
      g_autofree char *csv_path = g_strdup_printf ("%s/%s.csv", dir, base);
      g_autofree char *pdf_path = g_strdup_printf ("%s/%s.pdf", dir, base);
      g_autofree char *text = NULL;

      if (pdf != NULL
          && dbo_file_write_atomic (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), 0644,
                                    DBO_FILE_PUBLISH_REPLACE, &error)
          && dbo_file_write_atomic (pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), 0644,
                                    DBO_FILE_PUBLISH_REPLACE, &error))
        /* Translators: "Saved report-2026Q3.pdf and report-2026Q3.csv in FOLDER". */
        text = g_strdup_printf (_("Saved %s.pdf and %s.csv in %s"), base, base, dir);
      else
        text = g_strdup_printf (_("Could not save the report: %s"), error->message);
      toast (self, text);
    }
}

static void
save_report_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->report == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Quarterly Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_report_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- printing ---- */

static gboolean
showing_report (DboDeskWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "report") == 0;
}

static DboPdfPreview *
visible_preview (DboDeskWindow *self)
{
  return showing_report (self) ? self->report_preview : self->preview;
}

static void
print_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, DboDeskWindow *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);

          toast (self, text);
        }
    }
  g_clear_object (&self->print_operation);
  update_actions (self);
}

static void
print_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  DboDocument *doc;
  GtkPrintOperationResult res;

  if (self->print_operation != NULL)
    return;
  /* The print job gets its own copy: printing re-paginates it. */
  if (showing_report (self))
    doc = self->report != NULL ? dbo_desk_report_document (self->report, self->rules) : NULL;
  else
    doc = build_current_document (self, &error);
  if (doc == NULL)
    {
      if (error != NULL)
        toast (self, error->message);
      return;
    }
  self->print_operation = GTK_PRINT_OPERATION (dbo_print_operation_new (doc));
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (print_done_cb), self, 0);
  res = gtk_print_operation_run (self->print_operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                                 &error);
  if (res == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error ? error->message : "");

      toast (self, text);
    }
  /* Asynchronous runs report through "done"; the others are over already. */
  if (res != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_clear_object (&self->print_operation);
  update_actions (self);
}

/* ---- work in a thread: receiving, the reply ---- */

typedef struct DeskJob DeskJob;

/* Back in the main loop, for a window still there: @name is the file's,
 * @error says why the job failed (NULL when it did not). */
typedef void (*DeskJobFinished) (DboDeskWindow *self, DeskJob *job, const char *name, const GError *error);

struct DeskJob {
  GWeakRef self;
  DeskJobFinished finished;
  char *path;
  char *id;
  DboProject *project;            /* reply: the answer */
  DboRuleset *rules;
  DboDesk *desk;                  /* receive: the window's, kept alive by @keep */
  GObject *keep;                  /* receive: the window, until the thread is done with its desk */
  DboCalendar *calendar;
  GDate today;
  DboDeskSubmission *received;
  DboDeskReceived how;
};

static void
desk_job_free (DeskJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_object (&job->keep);
  g_free (job->path);
  g_free (job->id);
  g_clear_pointer (&job->project, dbo_project_free);
  g_clear_pointer (&job->rules, dbo_ruleset_unref);
  g_clear_pointer (&job->calendar, dbo_calendar_unref);
  g_clear_pointer (&job->received, dbo_desk_submission_free);
  g_free (job);
}

static DeskJob *
desk_job_new (DboDeskWindow *self, const char *path)
{
  DeskJob *job = g_new0 (DeskJob, 1);

  g_weak_ref_init (&job->self, self);
  job->path = g_strdup (path);
  return job;
}

static void
set_busy (DboDeskWindow *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), !busy);
  update_form (self);
  update_actions (self);
}

static void
job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeskJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(DboDeskWindow) self = g_weak_ref_get (&job->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (job->path);

  if (self == NULL)
    return;
  set_busy (self, FALSE);
  g_task_propagate_boolean (G_TASK (result), &error);
  job->finished (self, job, name, error);
}

/* Runs @thread on @job (which it takes) away from the main loop; the window
 * is busy until @finished. */
static void
run_job (DboDeskWindow *self, DeskJob *job, GCancellable *cancellable, GTaskThreadFunc thread,
         DeskJobFinished finished, gpointer source_tag)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, job_done_cb, NULL);

  job->finished = finished;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) desk_job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, thread);
}

/* In a job's thread: how it went, @error (taken) when it failed. */
static void
return_job (GTask *task, gboolean ok, GError *error)
{
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
reply_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DeskJob *job = task_data;
  GError *error = NULL;
  gboolean ok = dbo_bundle_export (job->project, job->rules, NULL, NULL, DBO_BUNDLE_REVIEW, job->path, &error);

  return_job (task, ok, error);
}

static void
reply_finished (DboDeskWindow *self, DeskJob *job, const char *name, const GError *error)
{
  g_autofree char *text = NULL;

  if (error == NULL)
    text = g_strdup_printf (_("Saved the reply “%s”"), name);
  else
    text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  toast (self, text);
}

static void
save_reply_response_cb (GtkNativeDialog *chooser, int response, DboDeskWindow *self)
{
  g_autofree char *path = chosen_path (chooser, response);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) answer = NULL;
  DeskJob *job;

  if (path == NULL || self->current == NULL || self->busy)
    return;
  if (!g_str_has_suffix (path, ".zip"))
    {
      char *with_suffix = g_strconcat (path, ".zip", NULL);

      g_free (path);
      path = with_suffix;
    }
  answer = dbo_desk_answer_project (self->desk, self->current->id, NULL, &error);
  if (answer == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the reply: %s"), error->message);

      toast (self, text);
      return;
    }
  job = desk_job_new (self, path);
  job->project = g_steal_pointer (&answer);
  job->rules = dbo_ruleset_ref (self->project_rules);
  run_job (self, job, self->cancellable, reply_thread, reply_finished, save_reply_response_cb);
}

static void
save_reply_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->current == NULL || !self->current->has_outcome || self->project_rules == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Reply"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Review bundles"));
  gtk_file_filter_add_pattern (filter, "*.zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the reply's suggested file name: enterprise, submission number. */
  name = g_strdup_printf (_("%s - reply %s.zip"), self->current->enterprise ? self->current->enterprise : "",
                          self->current->id);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_reply_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
receive_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DeskJob *job = task_data;
  GError *error = NULL;

  job->received = dbo_desk_receive (job->desk, job->path, &job->today, job->calendar, &job->how, &error);
  return_job (task, job->received != NULL, error);
}

static void
receive_finished (DboDeskWindow *self, DeskJob *job, const char *name, const GError *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      g_autoptr(AdwToast) t = NULL;

      text = g_strdup_printf (_("Did not receive “%s”: %s"), name, error->message);
      t = adw_toast_new (text);
      adw_toast_set_timeout (t, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, g_steal_pointer (&t));
      return;
    }
  if (job->how == DBO_DESK_RECEIVED_ALREADY)
    text = g_strdup_printf (_("“%s” was received already, as submission %s; nothing changed"), name,
                            job->received->id);
  else
    text = g_strdup_printf (_("Received “%s” as submission %s, due %s"), name, job->received->id,
                            job->received->due);
  toast (self, text);
  reload_queue (self, job->received->id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
receive_response_cb (GtkNativeDialog *chooser, int response, DboDeskWindow *self)
{
  g_autofree char *path = chosen_path (chooser, response);
  DeskJob *job;

  if (path == NULL || self->busy || self->read_only || self->calendar == NULL)
    return;
  job = desk_job_new (self, path);
  job->desk = self->desk;
  job->keep = g_object_ref (G_OBJECT (self));
  job->calendar = dbo_calendar_ref (self->calendar);
  job->today = self->today;
  /* The desk is used by the thread alone until it is done: the window waits. */
  run_job (self, job, NULL, receive_thread, receive_finished, receive_response_cb);
}

static void
receive_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Receive a Submission Bundle"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Receive"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Submission bundles"));
  gtk_file_filter_add_pattern (filter, "*.zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (receive_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- actions ---- */

static void
update_actions (DboDeskWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean report = showing_report (self);
  gboolean submission = !report && self->current != NULL;
  DboPdfPreview *preview = visible_preview (self);
  int page = dbo_pdf_preview_get_page (preview);
  int n = dbo_pdf_preview_get_n_pages (preview);

  gtk_widget_action_set_enabled (widget, "win.print", !self->busy && self->print_operation == NULL
                                 && dbo_pdf_preview_get_document (preview) != NULL && (report || submission));
  gtk_widget_action_set_enabled (widget, "win.save-reply", !self->busy && submission && self->current->has_outcome);
  gtk_widget_action_set_enabled (widget, "win.receive", !self->busy && !self->read_only);
  gtk_widget_action_set_enabled (widget, "win.save-report", !self->busy && report && self->report != NULL);
  gtk_widget_action_set_enabled (widget, "win.previous-page", page > 0);
  gtk_widget_action_set_enabled (widget, "win.next-page", page + 1 < n);
}

static void
page_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);
  DboPdfPreview *preview = visible_preview (self);

  if (g_str_equal (action_name, "win.next-page"))
    dbo_pdf_preview_next_page (preview);
  else
    dbo_pdf_preview_previous_page (preview);
  update_page_labels (self);
}

static void
back_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->queue_pane);
}

static void
search_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->queue_pane);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- GObject ---- */

static void
dbo_desk_window_dispose (GObject *object)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DBO_TYPE_DESK_WINDOW);
  G_OBJECT_CLASS (dbo_desk_window_parent_class)->dispose (object);
}

static void
dbo_desk_window_finalize (GObject *object)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->submissions, g_ptr_array_unref);
  g_clear_pointer (&self->project, dbo_project_free);
  g_clear_pointer (&self->project_rules, dbo_ruleset_unref);
  g_clear_pointer (&self->docs, g_array_unref);
  g_clear_pointer (&self->report, dbo_desk_report_free);
  g_clear_pointer (&self->rules, dbo_ruleset_unref);
  g_clear_pointer (&self->calendar, dbo_calendar_unref);
  g_clear_pointer (&self->desk, dbo_desk_close);
  g_clear_object (&self->print_operation);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dbo_desk_window_parent_class)->finalize (object);
}

/* A receive in a thread holds the desk: the window stays until it is done. */
static gboolean
dbo_desk_window_close_request (GtkWindow *window)
{
  DboDeskWindow *self = DBO_DESK_WINDOW (window);

  if (self->busy)
    {
      toast (self, _("Wait until the desk has finished"));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (dbo_desk_window_parent_class)->close_request (window);
}

static void
dbo_desk_window_class_init (DboDeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dbo_desk_window_dispose;
  object_class->finalize = dbo_desk_window_finalize;
  window_class->close_request = dbo_desk_window_close_request;

  g_type_ensure (DBO_TYPE_PDF_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, queue_pane);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, queue_title);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, reply_button);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, enterprise_group);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, objects_group);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, findings_group);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, decision_group);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, opinion_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, date_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, number_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, decision_hint);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, decide_button);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, document_stack);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, document_problem);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, quarter_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, report_summary_row);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, report_page_label);
  gtk_widget_class_bind_template_child (widget_class, DboDeskWindow, report_preview);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, outcome_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, decide_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, quarter_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-reply", NULL, save_reply_action_cb);
  gtk_widget_class_install_action (widget_class, "win.receive", NULL, receive_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-report", NULL, show_report_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action_cb);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
dbo_desk_window_init (DboDeskWindow *self)
{
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->docs = g_array_new (FALSE, TRUE, sizeof (DeskDoc));
  g_array_set_clear_func (self->docs, (GDestroyNotify) desk_doc_clear);
  self->cancellable = g_cancellable_new ();
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  for (int o = DBO_OUTCOME_APPROVED; o <= DBO_OUTCOME_REGRADE; o++)
    gtk_string_list_append (outcomes, outcome_label (o));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));
  gtk_list_box_set_filter_func (self->queue_list, filter_row_cb, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, self->queue_pane);
}

static void
set_desk (DboDeskWindow *self, DboDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *subtitle = NULL;

  self->desk = desk;
  self->read_only = dbo_desk_is_read_only (desk);
  self->rules = dbo_ruleset_load_default (&error);
  if (self->rules == NULL)
    g_warning ("no rule set: %s", error->message);
  g_clear_error (&error);
  self->calendar = dbo_calendar_load_default (&error);
  if (self->calendar == NULL)
    g_warning ("no working-day calendar: %s", error->message);
  base = g_path_get_basename (dbo_desk_get_path (desk));
  subtitle = self->read_only ? g_strdup_printf (_("%s (read-only)"), base) : g_strdup (base);
  adw_window_title_set_title (self->queue_title, region_authority (self, dbo_desk_get_authority (desk)));
  adw_window_title_set_subtitle (self->queue_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), base);
  fill_quarters (self);
  reload_queue (self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  update_actions (self);
}

GtkWidget *
dbo_desk_window_new (GtkApplication *application, DboDesk *desk)
{
  DboDeskWindow *self;

  g_return_val_if_fail (desk != NULL, NULL);
  self = g_object_new (DBO_TYPE_DESK_WINDOW, "application", application, NULL);
  set_desk (self, desk);
  return GTK_WIDGET (self);
}

const char *
dbo_desk_window_get_path (DboDeskWindow *self)
{
  g_return_val_if_fail (DBO_IS_DESK_WINDOW (self), NULL);
  return dbo_desk_get_path (self->desk);
}

void
dbo_desk_window_set_today (DboDeskWindow *self, const GDate *today)
{
  const char *id;

  g_return_if_fail (DBO_IS_DESK_WINDOW (self));
  g_return_if_fail (today != NULL);
  self->today = *today;
  id = self->current != NULL ? self->current->id : NULL;
  fill_quarters (self);
  {
    g_autofree char *keep = g_strdup (id);

    reload_queue (self, keep);
  }
}

void
dbo_desk_window_add_toast (DboDeskWindow *self, AdwToast *t)
{
  g_return_if_fail (DBO_IS_DESK_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}
