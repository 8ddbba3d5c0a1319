/* DboStepProgress: step 7, 进度 — the timeline after submission.
 *
 * Six stages down a vertical line: 专家评审 → 申请审核 → 审核意见 → 公安备案 →
 * 备案证明 → 等级测评. Each shows what was recorded and every deadline the core
 * computes for it (dbo_deadlines_compute: due date, status, clause, and the
 * Monday–Friday fallback when the calendar has no data for a year); nothing
 * here counts a day itself. The dot on the line shows the stage's state.
 *
 * Everything is recorded inline: a review (round, authority, dates, outcome,
 * 审核编号, the levels decided per object) in its own card, a new one in the
 * "Record a Review" form; the filing and the certificate in their fields; an
 * assessment in its form. A malformed date or number is shown under the form
 * and kept out of the model until it is right. Edits go into the live model
 * and are announced with dbo_session_changed(); the timeline follows after a
 * short delay, rebuilding only its read-only rows so that the field being
 * typed in keeps its focus.
 */
#define G_LOG_DOMAIN "dengbao-step-progress"
#include "config.h"

#include "dbo-step-progress.h"
#include "dbo-widget-util.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include "dbo-date-row.h"
#include "dbo-deadlines.h"
#include "dbo-findings-box.h"
#include "dbo-grading.h"

#define REFRESH_DELAY_MS 150
/* Per-object rows shown at a time (a project may have a thousand objects). */
#define ROW_PAGE 50

typedef enum {
  STAGE_FUTURE,
  STAGE_CURRENT,
  STAGE_DONE,
  STAGE_OVERDUE,
  STAGE_SKIPPED,
} StageState;

typedef struct _ReviewForm ReviewForm;

struct _DboStepProgress
{
  DboStep parent_instance;


  /* Template widgets */
  AdwPreferencesPage *page;
  GtkWidget *fallback_box;
  GtkLabel *fallback_label;
  GtkWidget *timeline;
  GtkImage *panel_dot;
  GtkImage *apply_dot;
  GtkImage *decisions_dot;
  GtkImage *filing_dot;
  GtkImage *certificate_dot;
  GtkImage *assessment_dot;
  GtkLabel *panel_summary;
  GtkLabel *apply_summary;
  GtkLabel *decisions_summary;
  GtkLabel *filing_summary;
  GtkLabel *certificate_summary;
  GtkLabel *assessment_summary;
  GtkListBox *panel_list;
  GtkListBox *apply_list;
  GtkListBox *filing_list;
  GtkListBox *certificate_list;
  GtkListBox *assessment_list;
  GtkBox *reviews_box;
  GtkListBox *new_review_list;
  DboFindingsBox *reviews_findings;
  AdwEntryRow *office_row;
  AdwEntryRow *filed_row;
  GtkLabel *filing_problems;
  AdwEntryRow *certificate_row;
  AdwEntryRow *certificate_date_row;
  GtkLabel *certificate_problems;
  GtkListBox *assessments_list;
  AdwExpanderRow *assessment_form;
  AdwComboRow *assessment_object_row;
  AdwEntryRow *assessment_date_row;
  AdwEntryRow *assessment_body_row;
  AdwEntryRow *assessment_report_row;
  GtkLabel *assessment_problems;
  GtkWidget *assessment_record_button;

  GHashTable *review_forms;      /* round → ReviewForm* (owned by its row) */
  ReviewForm *new_review;        /* owned by its row */
  GPtrArray *assessment_objects; /* object ids, in the order of assessment_object_row */
  GPtrArray *deadlines;          /* of DboDeadline*, as last computed */
  guint due_limit;
  guint refresh_source;
  gboolean dirty;
  int updating;
};

G_DEFINE_FINAL_TYPE (DboStepProgress, dbo_step_progress, DBO_TYPE_STEP)

struct _ReviewForm
{
  DboStepProgress *self;
  int round;                     /* 0: the "Record a Review" form */
  DboReview *draft;              /* that form's review until it is recorded */
  GtkWidget *card;               /* a recorded review's boxed list, or NULL */
  AdwExpanderRow *row;
  GtkWidget *deadline_row;
  gboolean built;
  GtkWidget *round_row;
  GtkSpinButton *round_spin;
  AdwComboRow *authority;
  AdwEntryRow *submitted;
  AdwEntryRow *decided;
  AdwComboRow *outcome;
  AdwEntryRow *number;
  AdwEntryRow *opinion;
  GPtrArray *level_rows;         /* of AdwComboRow*, "dbo-object" = object id */
  GtkWidget *problems_row;
  GtkLabel *problems;
};

static void schedule_refresh (DboStepProgress *self);
static void refresh_all (DboStepProgress *self);
static void review_form_build (ReviewForm *f);

/* ------------------------------------------------------------ helpers */

static const char *
status_text (DboDeadlineStatus status)
{
  switch (status)
    {
    case DBO_DEADLINE_MET: return _("On time");
    case DBO_DEADLINE_OVERDUE: return _("Overdue");
    case DBO_DEADLINE_PENDING:
    default: return _("To do");
    }
}

static void
show_list (GtkListBox *list)
{
  gtk_widget_set_visible (GTK_WIDGET (list), gtk_widget_get_first_child (GTK_WIDGET (list)) != NULL);
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  return (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
}

/* Marks @row with a problem (error style, tooltip) or clears it (@message NULL). */
static void
mark_problem (GtkWidget *row, const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  dbo_widget_set_tooltip (row, message);
  g_object_set_data_full (G_OBJECT (row), "dbo-problem", g_strdup (message), g_free);
}

static const char *
problem_of (gpointer row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "dbo-problem") : NULL;
}

/* Shows the problems of @rows (NULL-terminated) in @label; TRUE when there are none. */
static gboolean
show_problems (GtkLabel *label, GtkWidget *holder, gpointer *rows)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; rows[i] != NULL; i++)
    {
      const char *p = problem_of (rows[i]);

      if (p != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", p);
    }
  gtk_label_set_text (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
  if (holder != NULL)
    gtk_widget_set_visible (holder, text->len > 0);
  return text->len == 0;
}

/* Writes model text into a field, unless someone is typing in it or it holds
 * text that is not right yet (kept until it is corrected, never lost). */
static void
sync_entry (AdwEntryRow *row, const char *text)
{
  if (has_focus_within (GTK_WIDGET (row)) || problem_of (row) != NULL)
    return;
  dbo_editable_set_text_kept (GTK_EDITABLE (row), text);
}

/* Reads a date field: TRUE with *@value (NULL when empty) when it holds a real
 * date or nothing; else marks the field and returns FALSE. */
static gboolean
read_date (AdwEntryRow *row, const char *label, char **value)
{
  *value = NULL;
  if (!dbo_date_row_get_valid (DBO_DATE_ROW (row)))
    {
      g_autofree char *message = g_strdup_printf (_("%s: enter a real date as YYYY-MM-DD, for example 2026-09-30"),
                                                  label);
      mark_problem (GTK_WIDGET (row), message);
      return FALSE;
    }
  mark_problem (GTK_WIDGET (row), NULL);
  *value = dbo_date_row_dup_date (DBO_DATE_ROW (row));
  return TRUE;
}

static DboReview *
find_review (const DboProject *p, int round)
{
  for (guint i = 0; i < p->reviews->len; i++)
    {
      DboReview *r = g_ptr_array_index (p->reviews, i);

      if (r->round == round)
        return r;
    }
  return NULL;
}

static const DboReview *
first_review (const DboProject *p)
{
  const DboReview *first = NULL;

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);

      if (first == NULL || r->round < first->round)
        first = r;
    }
  return first;
}

static int
next_round (const DboProject *p)
{
  const DboReview *latest = dbo_project_latest_review (p);

  return latest != NULL ? latest->round + 1 : 1;
}

/* Interned: the few labels of unnamed objects live as long as the process. */
static const char *
object_label (const DboProject *p, const char *object_id)
{
  const DboObject *o = dbo_project_find_object (p, object_id);
  g_autofree char *label = NULL;

  if (o == NULL)
    return object_id;
  if (!dbo_str_empty (o->name))
    return o->name;
  label = dbo_object_display_name (p, o);
  return g_intern_string (label);
}

/* What the bureau is asked to confirm, and what routes it. */
static int
proposed_level (DboStepProgress *self, const DboObject *o)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  return dbo_grading_proposed_level (dbo_session_get_rules (session), dbo_session_get_project (session), o);
}

static const DboDeadline *
find_deadline (DboStepProgress *self, const char *id, const char *object_id)
{
  for (guint i = 0; self->deadlines != NULL && i < self->deadlines->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (self->deadlines, i);

      if (g_str_equal (d->id, id) && g_strcmp0 (d->object_id, object_id) == 0)
        return d;
    }
  return NULL;
}

/* The core lists one "review-answer" per review with an application date, in
 * the project's order of reviews. */
static const DboDeadline *
review_deadline (DboStepProgress *self, const DboReview *target)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  guint k = 0;

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);
      GDate day;

      if (!dbo_deadlines_parse_day (r->submitted, &day))
        continue;
      for (guint j = 0, seen = 0; self->deadlines != NULL && j < self->deadlines->len; j++)
        {
          const DboDeadline *d = g_ptr_array_index (self->deadlines, j);

          if (!g_str_equal (d->id, "review-answer"))
            continue;
          if (seen++ == k)
            {
              if (r == target)
                return d;
              break;
            }
        }
      k++;
    }
  return NULL;
}

static void
set_stage (GtkImage *dot, StageState state)
{
  static const char *classes[] = { "future", "current", "done", "overdue", "skipped" };
  GtkWidget *w = GTK_WIDGET (dot);
  const char *label;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (w, classes[i]);
  gtk_widget_add_css_class (w, classes[state]);
  switch (state)
    {
    case STAGE_DONE:
      gtk_image_set_from_icon_name (dot, "object-select-symbolic");
      label = _("Done");
      break;
    case STAGE_OVERDUE:
      gtk_image_set_from_icon_name (dot, "dialog-warning-symbolic");
      label = _("Overdue");
      break;
    case STAGE_CURRENT:
      gtk_image_set_from_icon_name (dot, "media-record-symbolic");
      label = _("In progress");
      break;
    case STAGE_SKIPPED:
      gtk_image_set_from_icon_name (dot, "list-remove-symbolic");
      label = _("Not needed");
      break;
    case STAGE_FUTURE:
    default:
      gtk_image_set_from_icon_name (dot, "media-record-symbolic");
      label = _("Not yet");
    }
  dbo_widget_set_tooltip (w, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* When the awaited event happened, in words that fit it. */
static char *
done_text (const char *id, const char *date)
{
  if (g_str_equal (id, "apply-review"))
    return g_strdup_printf (_("applied on %s"), date);
  if (g_str_equal (id, "review-answer"))
    return g_strdup_printf (_("answered on %s"), date);
  if (g_str_equal (id, "police-answer"))
    return g_strdup_printf (_("certificate issued on %s"), date);
  if (g_str_equal (id, "filing") || g_str_equal (id, "filing-new") || g_str_equal (id, "campaign"))
    return g_strdup_printf (_("filed on %s"), date);
  return g_strdup_printf (_("done on %s"), date);
}

/* A deadline as a row: title, what it counts from and when it was met, the
 * clause; the due date and its status (coloured) at the end. */
static GtkWidget *
deadline_row_new (const DboDeadline *d, const char *title, const char *detail, const char *name)
{
  g_autofree char *own_title = title == NULL ? dbo_text_say (d->title, DBO_LANGUAGE_UI) : NULL;
  GtkWidget *row = dbo_plain_row_new (title != NULL ? title : own_title, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *due = gtk_label_new (d->due != NULL ? d->due : _("No fixed date"));
  GtkWidget *status = gtk_label_new (status_text (d->status));
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autofree char *a11y = NULL;

  if (detail != NULL)
    g_string_append (sub, detail);
  else if (d->start != NULL)
    g_string_append_printf (sub, _("Counted from %s"), d->start);
  if (d->done != NULL)
    {
      g_autofree char *done = done_text (d->id, d->done);

      g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", done);
    }
  if (d->clause != NULL && *d->clause != '\0')
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? "\n" : "", d->clause);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub->str);

  gtk_widget_set_name (due, "due");
  gtk_widget_add_css_class (due, "dbo-due");
  gtk_widget_add_css_class (due, "numeric");
  gtk_label_set_xalign (GTK_LABEL (due), 1);
  gtk_widget_set_name (status, "status");
  gtk_widget_add_css_class (status, "dbo-deadline-status");
  gtk_widget_add_css_class (status, dbo_deadline_status_token (d->status));
  gtk_widget_set_halign (status, GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), due);
  gtk_box_append (GTK_BOX (box), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  if (d->fallback)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      dbo_widget_set_tooltip (icon, _("Counted Monday to Friday: the calendar has no holiday data for this year"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Counted Monday to Friday"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  gtk_widget_add_css_class (row, "dbo-deadline");
  gtk_widget_set_name (row, name);
  a11y = g_strdup_printf ("%s %s", d->due != NULL ? d->due : "", status_text (d->status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

static char *
deadline_name (const char *id, const char *suffix)
{
  return suffix != NULL ? g_strdup_printf ("deadline-%s-%s", id, suffix) : g_strdup_printf ("deadline-%s", id);
}

static void
go_to_path_cb (AdwActionRow *row, DboStepProgress *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "dbo-path");

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-path", "s", path);
}

/* ------------------------------------------------------------ review forms */

static void
review_form_free (gpointer data)
{
  ReviewForm *f = data;

  g_clear_pointer (&f->draft, dbo_review_free);
  g_clear_pointer (&f->level_rows, g_ptr_array_unref);
  g_free (f);
}

static DboReview *
form_review (ReviewForm *f)
{
  if (f->round == 0)
    return f->draft;
  if (dbo_step_get_session (DBO_STEP (f->self)) == NULL)
    return NULL;
  return find_review (dbo_session_get_project (dbo_step_get_session (DBO_STEP (f->self))), f->round);
}

static const char *
outcome_label (const DboReview *r)
{
  if (!r->has_outcome)
    return NULL;
  switch (r->outcome)
    {
    case DBO_OUTCOME_APPROVED: return _("Approved");
    case DBO_OUTCOME_CORRECT: return _("To be corrected");
    case DBO_OUTCOME_REGRADE: return _("To be re-graded");
    default: return NULL;
    }
}

static void
review_form_update_header (ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboReview *r = form_review (f);
  const DboRegion *region;
  g_autofree char *title = NULL;
  g_autoptr(GString) sub = g_string_new (NULL);

  if (f->round == 0 || r == NULL)
    return;
  region = r->authority != NULL ? dbo_ruleset_find_region (dbo_session_get_rules (session), r->authority) : NULL;
  title = g_strdup_printf (_("Round %d · %s"), r->round,
                           region != NULL ? region->authority
                           : r->authority != NULL ? r->authority : _("authority not chosen"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), title);
  if (!dbo_str_empty (r->submitted))
    g_string_append_printf (sub, _("applied on %s"), r->submitted);
  if (!dbo_str_empty (r->decided))
    {
      g_string_append (sub, sub->len > 0 ? " · " : "");
      g_string_append_printf (sub, _("decided on %s"), r->decided);
    }
  if (outcome_label (r) != NULL)
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", outcome_label (r));
  if (!dbo_str_empty (r->number))
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", r->number);
  if (r->levels->len > 0)
    {
      g_string_append (sub, sub->len > 0 ? " · " : "");
      g_string_append_printf (sub, g_dngettext (GETTEXT_PACKAGE, "%u level decided", "%u levels decided",
                                                r->levels->len), r->levels->len);
    }
  adw_expander_row_set_subtitle (f->row, sub->len > 0 ? sub->str : _("Nothing recorded yet"));
}

static gboolean
review_form_show_problems (ReviewForm *f)
{
  gpointer rows[] = { f->round_row, f->authority, f->submitted, f->decided, f->number, NULL, NULL };

  if (!f->built)
    return TRUE;
  /* The round row exists only in the "Record a Review" form. */
  if (rows[0] == NULL)
    return show_problems (f->problems, f->round == 0 ? NULL : f->problems_row, rows + 1);
  return show_problems (f->problems, f->round == 0 ? NULL : f->problems_row, rows);
}

static void
review_form_changed (ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));

  review_form_update_header (f);
  review_form_show_problems (f);
  if (f->round != 0 && session != NULL)
    dbo_session_changed (session, DBO_PART_REVIEWS, NULL);
}

static int
review_level_of (const DboReview *r, const char *object_id)
{
  for (guint i = 0; i < r->levels->len; i++)
    {
      const DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, i);

      if (g_strcmp0 (l->object_id, object_id) == 0)
        return l->value;
    }
  return 0;
}

static void
set_review_level (DboReview *r, const char *object_id, int value)
{
  for (guint i = 0; i < r->levels->len; i++)
    {
      DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, i);

      if (g_strcmp0 (l->object_id, object_id) == 0)
        {
          if (value > 0)
            l->value = value;
          else
            g_array_remove_index (r->levels, i);
          return;
        }
    }
  if (value > 0)
    {
      DboReviewLevel l = { g_strdup (object_id), value };

      g_array_append_val (r->levels, l);
    }
}

static void
level_selected_cb (AdwComboRow *combo, GParamSpec *pspec, ReviewForm *f)
{
  DboReview *r = form_review (f);

  if (f->self->updating || r == NULL)
    return;
  set_review_level (r, g_object_get_data (G_OBJECT (combo), "dbo-object"), (int) adw_combo_row_get_selected (combo));
  review_form_changed (f);
}

static void
review_form_build_levels (ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboReview *r = form_review (f);
  g_autoptr(GPtrArray) scope = NULL;
  g_autoptr(GtkStringList) model = NULL;

  if (r == NULL)
    return;
  for (guint i = 0; i < f->level_rows->len; i++)
    adw_expander_row_remove (f->row, g_ptr_array_index (f->level_rows, i));
  g_ptr_array_set_size (f->level_rows, 0);

  scope = dbo_grading_review_scope (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))), dbo_session_get_project (dbo_step_get_session (DBO_STEP (self))), r);
  /* The draft proposes the panel's levels; a recorded review keeps its own. */
  if (f->round == 0)
    {
      g_array_set_size (r->levels, 0);
      for (guint i = 0; i < scope->len; i++)
        {
          const DboObject *o = g_ptr_array_index (scope, i);
          set_review_level (r, o->id, proposed_level (self, o));
        }
    }

  self->updating++;
  g_object_ref (f->problems_row);
  adw_expander_row_remove (f->row, f->problems_row);
  for (guint i = 0; i < scope->len; i++)
    {
      const DboObject *o = g_ptr_array_index (scope, i);
      GtkStringList *levels = gtk_string_list_new (NULL);
      GtkWidget *combo = adw_combo_row_new ();
      g_autofree char *name = g_strdup_printf ("level-%s", o->id);
      g_autofree char *label = dbo_object_display_name (dbo_session_get_project (session), o);

      gtk_string_list_append (levels, _("Not in this review"));
      for (int l = 1; l <= 5; l++)
        gtk_string_list_append (levels, dbo_level_label (l));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (combo), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), _("Reviewed level"));
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (levels));
      g_object_unref (levels);
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), review_level_of (r, o->id));
      gtk_widget_set_name (combo, name);
      g_object_set_data_full (G_OBJECT (combo), "dbo-object", g_strdup (o->id), g_free);
      g_signal_connect (combo, "notify::selected", G_CALLBACK (level_selected_cb), f);
      adw_expander_row_add_row (f->row, combo);
      g_ptr_array_add (f->level_rows, combo);
    }
  adw_expander_row_add_row (f->row, f->problems_row);
  g_object_unref (f->problems_row);
  self->updating--;
}

/* Writes the number when it is right; else keeps it out of the model. */
static void
review_form_apply_number (ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboReview *r = form_review (f);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (r == NULL || f->number == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->number))));
  if (*text == '\0')
    {
      mark_problem (GTK_WIDGET (f->number), NULL);
      dbo_set_str (&r->number, NULL);
      return;
    }
  if (!dbo_ruleset_check_review_number (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))), text, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Review number: %s"), error->message);

      mark_problem (GTK_WIDGET (f->number), message);
      return;
    }
  if (r->authority != NULL && strncmp (text, r->authority, strlen (r->authority)) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Review number: it starts with the reviewing authority’s code, %s"), r->authority);

      mark_problem (GTK_WIDGET (f->number), message);
      return;
    }
  mark_problem (GTK_WIDGET (f->number), NULL);
  dbo_set_str (&r->number, text);
}

static void
authority_selected_cb (AdwComboRow *combo, GParamSpec *pspec, ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboReview *r = form_review (f);
  GPtrArray *regions;
  guint index;

  if (self->updating || r == NULL)
    return;
  regions = dbo_ruleset_get_regions (dbo_session_get_rules (dbo_step_get_session (DBO_STEP (self))));
  index = adw_combo_row_get_selected (combo);
  dbo_set_str (&r->authority, index > 0 && index <= regions->len
                              ? ((DboRegion *) g_ptr_array_index (regions, index - 1))->code : NULL);
  mark_problem (GTK_WIDGET (combo), NULL);
  review_form_build_levels (f);
  review_form_apply_number (f);
  review_form_changed (f);
}

static void
outcome_selected_cb (AdwComboRow *combo, GParamSpec *pspec, ReviewForm *f)
{
  DboReview *r = form_review (f);
  guint index = adw_combo_row_get_selected (combo);

  if (f->self->updating || r == NULL)
    return;
  r->has_outcome = index > 0;
  r->outcome = index > 0 ? (DboOutcome) (index - 1) : DBO_OUTCOME_APPROVED;
  review_form_changed (f);
}

static void
review_entry_changed_cb (GtkEditable *editable, ReviewForm *f)
{
  DboReview *r = form_review (f);

  if (f->self->updating || r == NULL)
    return;
  if (editable == GTK_EDITABLE (f->submitted) || editable == GTK_EDITABLE (f->decided))
    {
      gboolean submitted = editable == GTK_EDITABLE (f->submitted);
      g_autofree char *value = NULL;

      if (read_date (ADW_ENTRY_ROW (editable), submitted ? _("Applied on") : _("Decided on"), &value))
        dbo_set_str (submitted ? &r->submitted : &r->decided, value);
    }
  else if (editable == GTK_EDITABLE (f->number))
    review_form_apply_number (f);
  else if (editable == GTK_EDITABLE (f->opinion))
    dbo_set_str (&r->opinion, gtk_editable_get_text (editable));
  review_form_changed (f);
}

static void
round_changed_cb (GtkSpinButton *spin, ReviewForm *f)
{
  if (f->self->updating || f->draft == NULL)
    return;
  f->draft->round = gtk_spin_button_get_value_as_int (spin);
  mark_problem (f->round_row, NULL);
  review_form_show_problems (f);
}

static void
review_expanded_cb (AdwExpanderRow *row, GParamSpec *pspec, ReviewForm *f)
{
  if (adw_expander_row_get_expanded (row) && !f->built)
    review_form_build (f);
}

static AdwEntryRow *
form_entry (ReviewForm *f, GtkWidget *entry, const char *title, const char *name, const char *text)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_widget_set_name (entry, name);
  g_signal_connect (entry, "changed", G_CALLBACK (review_entry_changed_cb), f);
  adw_expander_row_add_row (f->row, entry);
  return ADW_ENTRY_ROW (entry);
}

static char *
form_name (ReviewForm *f, const char *field)
{
  return f->round == 0 ? g_strdup_printf ("new-review-%s", field) : g_strdup_printf ("review-%d-%s", f->round, field);
}

/* The fields are made the first time the row opens: a project may have many reviews. */
static void
review_form_build (ReviewForm *f)
{
  DboStepProgress *self = f->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboReview *r = form_review (f);
  const DboRuleset *rules;
  GPtrArray *regions;
  g_autoptr(GtkStringList) authorities = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  g_autofree char *name = NULL;
  guint selected = 0;
  GtkWidget *box;

  if (r == NULL || f->built || session == NULL)
    return;
  f->built = TRUE;
  rules = dbo_session_get_rules (session);
  regions = dbo_ruleset_get_regions (rules);
  self->updating++;

  if (f->round == 0)
    {
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 99, 1);

      f->round_row = dbo_plain_row_new (_("_Round"), _("Each application to the bureau is a round: 1, then 2 after a "
                                               "correction or a re-grading"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (f->round_row), TRUE);
      f->round_spin = GTK_SPIN_BUTTON (spin);
      gtk_spin_button_set_value (f->round_spin, r->round);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_name (spin, "new-review-round");
      adw_action_row_add_suffix (ADW_ACTION_ROW (f->round_row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (f->round_row), spin);
      g_signal_connect (spin, "value-changed", G_CALLBACK (round_changed_cb), f);
      adw_expander_row_add_row (f->row, f->round_row);
      if (r->authority == NULL)
        dbo_set_str (&r->authority, dbo_ruleset_route_enterprise (rules, &dbo_session_get_project (session)->enterprise,
                                                                  NULL));
    }

  gtk_string_list_append (authorities, _("Not chosen"));
  for (guint i = 0; i < regions->len; i++)
    {
      const DboRegion *region = g_ptr_array_index (regions, i);
      g_autofree char *item = g_strdup_printf ("%s %s", region->code, region->authority);

      gtk_string_list_append (authorities, item);
      if (g_strcmp0 (region->code, r->authority) == 0)
        selected = i + 1;
    }
  f->authority = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->authority), _("Reviewing _authority"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (f->authority), TRUE);
  adw_combo_row_set_model (f->authority, G_LIST_MODEL (authorities));
  adw_combo_row_set_selected (f->authority, selected);
  name = form_name (f, "authority");
  gtk_widget_set_name (GTK_WIDGET (f->authority), name);
  g_signal_connect (f->authority, "notify::selected", G_CALLBACK (authority_selected_cb), f);
  adw_expander_row_add_row (f->row, GTK_WIDGET (f->authority));

  g_free (name);
  name = form_name (f, "submitted");
  f->submitted = form_entry (f, dbo_date_row_new (), _("A_pplied on (YYYY-MM-DD)"), name, r->submitted);
  g_free (name);
  name = form_name (f, "decided");
  f->decided = form_entry (f, dbo_date_row_new (), _("_Decided on (YYYY-MM-DD)"), name, r->decided);

  gtk_string_list_append (outcomes, _("Not decided yet"));
  gtk_string_list_append (outcomes, _("Approved"));
  gtk_string_list_append (outcomes, _("To be corrected"));
  gtk_string_list_append (outcomes, _("To be re-graded"));
  f->outcome = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->outcome), _("_Outcome"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (f->outcome), TRUE);
  adw_combo_row_set_model (f->outcome, G_LIST_MODEL (outcomes));
  adw_combo_row_set_selected (f->outcome, r->has_outcome ? (guint) r->outcome + 1 : 0);
  g_free (name);
  name = form_name (f, "outcome");
  gtk_widget_set_name (GTK_WIDGET (f->outcome), name);
  g_signal_connect (f->outcome, "notify::selected", G_CALLBACK (outcome_selected_cb), f);
  adw_expander_row_add_row (f->row, GTK_WIDGET (f->outcome));

  g_free (name);
  name = form_name (f, "number");
  f->number = form_entry (f, adw_entry_row_new (), _("Review _number (AA-YYYY-NNNN)"), name, r->number);
  g_free (name);
  name = form_name (f, "opinion");
  f->opinion = form_entry (f, adw_entry_row_new (), _("O_pinion"), name, r->opinion);

  /* Problems, and for a new review the button that records it, come last. */
  f->problems_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f->problems_row), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  f->problems = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (f->problems, 0);
  gtk_label_set_wrap (f->problems, TRUE);
  gtk_label_set_wrap_mode (f->problems, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (f->problems), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (f->problems), "error");
  gtk_widget_add_css_class (GTK_WIDGET (f->problems), "dbo-form-problems");
  g_free (name);
  name = form_name (f, "problems");
  gtk_widget_set_name (GTK_WIDGET (f->problems), name);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->problems));
  if (f->round == 0)
    {
      GtkWidget *record = gtk_button_new_with_mnemonic (_("Re_cord"));

      gtk_widget_set_name (record, "new-review-record");
      gtk_widget_set_valign (record, GTK_ALIGN_CENTER);
      gtk_widget_set_halign (record, GTK_ALIGN_END);
      gtk_widget_set_hexpand (record, TRUE);
      gtk_widget_add_css_class (record, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (record), "progress.record-review");
      gtk_box_append (GTK_BOX (box), record);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->problems_row), box);
  adw_expander_row_add_row (f->row, f->problems_row);

  self->updating--;
  review_form_build_levels (f);
  review_form_show_problems (f);
}

static ReviewForm *
review_form_new (DboStepProgress *self, int round)
{
  ReviewForm *f = g_new0 (ReviewForm, 1);

  f->self = self;
  f->round = round;
  f->level_rows = g_ptr_array_new ();
  f->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (f->row), FALSE);
  g_object_set_data_full (G_OBJECT (f->row), "dbo-form", f, review_form_free);
  g_signal_connect (f->row, "notify::expanded", G_CALLBACK (review_expanded_cb), f);

  if (round == 0)
    {
      f->draft = dbo_review_new (next_round (dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)))));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), _("Record a Review"));
      adw_expander_row_set_subtitle (f->row, _("The application to the bureau and, once it answers, its decision, "
                                               "review number and levels"));
      adw_expander_row_set_icon_name (f->row, "list-add-symbolic");
      gtk_widget_set_name (GTK_WIDGET (f->row), "new-review");
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("review-%d", round);

      f->card = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (f->card), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (f->card, "boxed-list");
      gtk_list_box_append (GTK_LIST_BOX (f->card), GTK_WIDGET (f->row));
      gtk_widget_set_name (GTK_WIDGET (f->row), name);
      review_form_update_header (f);
    }
  return f;
}

static void
reset_new_review (DboStepProgress *self)
{
  ReviewForm *f;

  dbo_list_box_remove_all (self->new_review_list);
  self->new_review = NULL;
  if (dbo_step_get_session (DBO_STEP (self)) == NULL)
    return;
  f = review_form_new (self, 0);
  self->new_review = f;
  gtk_list_box_append (self->new_review_list, GTK_WIDGET (f->row));
}

static void
record_review_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  ReviewForm *f = self->new_review;
  DboProject *p;
  DboReview *r;
  gboolean ok;
  int round;

  if (session == NULL || f == NULL)
    return;
  if (!f->built)
    review_form_build (f);
  p = dbo_session_get_project (session);
  r = f->draft;
  mark_problem (GTK_WIDGET (f->authority), r->authority == NULL ? _("Reviewing authority: choose the bureau "
                                                                     "that reviews this application") : NULL);
  if (find_review (p, r->round) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Round: round %d is already recorded; change it there, or "
                                                    "give this one the next number"), r->round);
      mark_problem (f->round_row, message);
    }
  else
    mark_problem (f->round_row, NULL);
  ok = review_form_show_problems (f);
  if (!ok)
    {
      adw_expander_row_set_expanded (f->row, TRUE);
      return;
    }

  round = r->round;
  g_ptr_array_add (p->reviews, g_steal_pointer (&f->draft));
  dbo_session_changed (session, DBO_PART_REVIEWS, NULL);
  /* A new record is written at once, like the other structural edits. */
  dbo_session_flush (session, NULL);
  reset_new_review (self);
  refresh_all (self);
  {
    ReviewForm *card = g_hash_table_lookup (self->review_forms, GINT_TO_POINTER (round));

    if (card != NULL)
      gtk_widget_grab_focus (GTK_WIDGET (card->row));
  }
  dbo_step_add_toast (DBO_STEP (self), adw_toast_new_format (_("Review round %d recorded"), round));
}

/* ------------------------------------------------------------ stages */

static void
refresh_fallback (DboStepProgress *self)
{
  guint n = 0;

  for (guint i = 0; i < self->deadlines->len; i++)
    if (((DboDeadline *) g_ptr_array_index (self->deadlines, i))->fallback)
      n++;
  gtk_label_set_text (self->fallback_label,
                      _("Some due dates are counted Monday to Friday: the working-day calendar has no holiday data "
                        "for their year. Check them against the State Council’s holiday notice, or update the "
                        "calendar."));
  gtk_widget_set_visible (self->fallback_box, n > 0);
}

static gboolean
any_filed (DboStepProgress *self, GHashTable *levels)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  int min = dbo_ruleset_filing_min_level (dbo_session_get_rules (session));

  for (guint i = 0; i < p->objects->len; i++)
    if (GPOINTER_TO_INT (g_hash_table_lookup (levels, ((DboObject *) g_ptr_array_index (p->objects, i))->id)) >= min)
      return TRUE;
  return FALSE;
}

static void
refresh_panel (DboStepProgress *self)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  gboolean done = p->panel.conclusion.present;
  g_autofree char *day = done && p->panel.conclusion.concluded != NULL
                         ? g_strndup (p->panel.conclusion.concluded, 10) : NULL;
  g_autofree char *summary = NULL;
  GtkWidget *row;

  dbo_list_box_remove_all (self->panel_list);
  if (done)
    {
      summary = g_strdup_printf (_("The panel concluded on %s; the levels are fixed from that day."), day ? day : "");
      row = dbo_plain_row_new (_("Panel’s conclusion"), day);
      gtk_widget_set_name (row, "panel-concluded");
    }
  else
    {
      summary = g_strdup (_("The panel has not concluded yet: every later due date counts from its conclusion."));
      row = dbo_plain_row_new (_("Conclude the expert review"), _("In step 4, Expert Review"));
      gtk_widget_set_name (row, "panel-not-concluded");
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "dbo-path", g_strdup ("panel/conclusion"), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (go_to_path_cb), self, 0);
  gtk_list_box_append (self->panel_list, row);
  gtk_label_set_text (self->panel_summary, summary);
  set_stage (self->panel_dot, done ? STAGE_DONE : STAGE_CURRENT);
  show_list (self->panel_list);
}

/* One row per authority (or police office) with how many objects go there. */
typedef struct {
  char *name;
  const char *clause;
  guint count;
} RouteCount;

static void
route_count_free (RouteCount *rc)
{
  g_free (rc->name);
  g_free (rc);
}

static void
count_route (GPtrArray *counts, const char *name, const char *clause)
{
  for (guint i = 0; i < counts->len; i++)
    {
      RouteCount *rc = g_ptr_array_index (counts, i);

      if (g_strcmp0 (rc->name, name) == 0)
        {
          rc->count++;
          return;
        }
    }
  {
    RouteCount *rc = g_new0 (RouteCount, 1);

    rc->name = g_strdup (name);
    rc->clause = clause;
    rc->count = 1;
    g_ptr_array_add (counts, rc);
  }
}

static GPtrArray *
count_routes (DboStepProgress *self, GHashTable *levels, gboolean police)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  const DboRuleset *rules = dbo_session_get_rules (session);
  GPtrArray *counts = g_ptr_array_new_with_free_func ((GDestroyNotify) route_count_free);

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      int level = GPOINTER_TO_INT (g_hash_table_lookup (levels, o->id));
      DboRoute route;

      dbo_ruleset_route_object (rules, &p->enterprise, o, level, &route);
      if (!police && route.reviewed && route.authority != NULL)
        count_route (counts, route.review_office != NULL ? route.review_office->authority : route.authority,
                     route.clause);
      else if (police && route.filed && route.police != NULL)
        count_route (counts, route.police_office != NULL ? route.police_office->police : route.police, route.clause);
    }
  return counts;
}

static void
append_route_rows (GtkListBox *list, GPtrArray *counts, gboolean police)
{
  for (guint i = 0; i < counts->len; i++)
    {
      RouteCount *rc = g_ptr_array_index (counts, i);
      g_autofree char *what = police
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Files %u protected object", "Files %u protected objects",
                                        rc->count), rc->count)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reviews %u protected object", "Reviews %u protected objects",
                                        rc->count), rc->count);
      g_autofree char *sub = rc->clause != NULL && *rc->clause != '\0' ? g_strdup_printf ("%s\n%s", what, rc->clause)
                                                                       : g_strdup (what);
      GtkWidget *row = dbo_plain_row_new (rc->name, sub);
      GtkWidget *icon = gtk_image_new_from_icon_name (police ? "security-high-symbolic" : "mail-send-symbolic");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_name (row, police ? "route-police" : "route-authority");
      gtk_list_box_append (list, row);
    }
}

static void
refresh_apply (DboStepProgress *self, GHashTable *levels, gboolean filed)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  const DboReview *first = first_review (p);
  const DboDeadline *d = find_deadline (self, "apply-review", NULL);
  gboolean done = first != NULL && !dbo_str_empty (first->submitted);
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  StageState state;

  dbo_list_box_remove_all (self->apply_list);
  if (!filed)
    {
      int min = dbo_ruleset_filing_min_level (dbo_session_get_rules (session));

      summary = g_strdup_printf (_("No protected object is at %s or above: nothing goes to the bureau or the "
                                   "police."), dbo_level_label (min));
      gtk_label_set_text (self->apply_summary, summary);
      set_stage (self->apply_dot, STAGE_SKIPPED);
      show_list (self->apply_list);
      return;
    }
  routes = count_routes (self, levels, FALSE);
  append_route_rows (self->apply_list, routes, FALSE);
  if (d != NULL)
    {
      g_autofree char *name = deadline_name (d->id, NULL);

      gtk_list_box_append (self->apply_list, deadline_row_new (d, NULL, NULL, name));
    }

  if (done)
    summary = g_strdup_printf (_("Applied on %s with Annex 2 and the grading reports. Record later rounds with the "
                                 "reviews below."), first->submitted);
  else if (d != NULL)
    summary = g_strdup_printf (_("Apply by %s with Annex 2 and the grading reports, then record the application "
                                 "below as round 1."), d->due);
  else
    summary = g_strdup (_("The due date counts from the panel’s conclusion."));
  gtk_label_set_text (self->apply_summary, summary);

  if (done)
    state = STAGE_DONE;
  else if (d != NULL && d->status == DBO_DEADLINE_OVERDUE)
    state = STAGE_OVERDUE;
  else
    state = p->panel.conclusion.present ? STAGE_CURRENT : STAGE_FUTURE;
  set_stage (self->apply_dot, state);
  show_list (self->apply_list);
}

static gint
compare_round (gconstpointer a, gconstpointer b)
{
  const DboReview *ra = *(DboReview * const *) a;
  const DboReview *rb = *(DboReview * const *) b;

  return ra->round - rb->round;
}

static void
refresh_decisions (DboStepProgress *self, gboolean filed)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  GtkWidget *prev = NULL;
  gboolean all_decided = p->reviews->len > 0, overdue = FALSE, approved = FALSE;
  g_autofree char *summary = NULL;

  /* Cards of reviews that are gone (another state of the project was imported). */
  g_hash_table_iter_init (&iter, self->review_forms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (find_review (p, GPOINTER_TO_INT (key)) == NULL)
      {
        gtk_box_remove (self->reviews_box, ((ReviewForm *) value)->card);
        g_hash_table_iter_remove (&iter);
      }

  for (guint i = 0; i < p->reviews->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (p->reviews, i));
  g_ptr_array_sort (sorted, compare_round);
  for (guint i = 0; i < sorted->len; i++)
    {
      const DboReview *r = g_ptr_array_index (sorted, i);
      ReviewForm *f = g_hash_table_lookup (self->review_forms, GINT_TO_POINTER (r->round));
      const DboDeadline *d = review_deadline (self, r);

      if (f == NULL)
        {
          f = review_form_new (self, r->round);
          g_hash_table_insert (self->review_forms, GINT_TO_POINTER (r->round), f);
          gtk_box_insert_child_after (self->reviews_box, f->card, prev);
        }
      else if (gtk_widget_get_prev_sibling (f->card) != prev)
        gtk_box_reorder_child_after (self->reviews_box, f->card, prev);
      prev = f->card;

      if (f->deadline_row != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (f->card), f->deadline_row);
      f->deadline_row = NULL;
      if (d != NULL)
        {
          g_autofree char *round = g_strdup_printf ("%d", r->round);
          g_autofree char *name = deadline_name (d->id, round);

          f->deadline_row = deadline_row_new (d, NULL, NULL, name);
          gtk_list_box_append (GTK_LIST_BOX (f->card), f->deadline_row);
          if (d->status == DBO_DEADLINE_OVERDUE && d->done == NULL)
            overdue = TRUE;
        }
      review_form_update_header (f);
      /* Another state of the project was imported: its fields show it. */
      if (f->built)
        {
          sync_entry (f->submitted, r->submitted);
          sync_entry (f->decided, r->decided);
          sync_entry (f->number, r->number);
          sync_entry (f->opinion, r->opinion);
          review_form_show_problems (f);
        }
      if (dbo_str_empty (r->decided) || !r->has_outcome)
        all_decided = FALSE;
      if (r->has_outcome && r->outcome == DBO_OUTCOME_APPROVED)
        approved = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reviews_box), sorted->len > 0);

  if (self->new_review == NULL)
    reset_new_review (self);
  else if (!adw_expander_row_get_expanded (self->new_review->row) && self->new_review->draft != NULL &&
           !self->new_review->built)
    self->new_review->draft->round = next_round (p);

  if (sorted->len == 0)
    summary = g_strdup (_("No review recorded yet. Record the application when it is made, and the bureau’s "
                          "decision when it answers."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u review recorded. The bureau answers within 5 working days of each "
                                            "application.",
                                            "%u reviews recorded. The bureau answers within 5 working days of each "
                                            "application.", sorted->len), sorted->len);
  gtk_label_set_text (self->decisions_summary, summary);

  if (!filed)
    set_stage (self->decisions_dot, STAGE_SKIPPED);
  else if (overdue)
    set_stage (self->decisions_dot, STAGE_OVERDUE);
  else if (all_decided && approved)
    set_stage (self->decisions_dot, STAGE_DONE);
  else
    set_stage (self->decisions_dot, sorted->len > 0 ? STAGE_CURRENT : STAGE_FUTURE);
}

static void
append_object_deadlines (DboStepProgress *self, GtkListBox *list, const char *id)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));

  for (guint i = 0; i < self->deadlines->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (self->deadlines, i);
      g_autofree char *name = NULL;
      g_autofree char *title = NULL;

      if (!g_str_equal (d->id, id))
        continue;
      name = deadline_name (d->id, d->object_id);
      title = dbo_text_say (d->title, DBO_LANGUAGE_UI);
      if (d->object_id != NULL)
        {
          g_autofree char *deadline = g_steal_pointer (&title);

          title = g_strdup_printf ("%s · %s", deadline, object_label (p, d->object_id));
        }
      gtk_list_box_append (list, deadline_row_new (d, title, NULL, name));
    }
}

static void
refresh_filing (DboStepProgress *self, GHashTable *levels, gboolean filed)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  const DboDeadline *d = find_deadline (self, "filing", NULL);
  const char *submitted = p->has_filing ? p->filing.submitted : NULL;
  g_autoptr(GPtrArray) routes = NULL;
  g_autofree char *summary = NULL;
  gboolean decided = FALSE;
  gpointer rows[] = { self->office_row, self->filed_row, NULL };

  for (guint i = 0; i < p->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (p->reviews, i);

      if (r->has_outcome && r->outcome == DBO_OUTCOME_APPROVED)
        decided = TRUE;
    }

  dbo_list_box_remove_all (self->filing_list);
  sync_entry (self->office_row, p->has_filing ? p->filing.office : NULL);
  sync_entry (self->filed_row, submitted);
  show_problems (self->filing_problems, NULL, rows);
  if (!filed)
    {
      gtk_label_set_text (self->filing_summary, _("Not needed for objects below the filing level."));
      set_stage (self->filing_dot, STAGE_SKIPPED);
      show_list (self->filing_list);
      return;
    }

  routes = count_routes (self, levels, TRUE);
  append_route_rows (self->filing_list, routes, TRUE);
  if (d != NULL)
    {
      g_autofree char *name = deadline_name (d->id, NULL);

      gtk_list_box_append (self->filing_list, deadline_row_new (d, NULL, NULL, name));
    }
  append_object_deadlines (self, self->filing_list, "campaign");
  append_object_deadlines (self, self->filing_list, "filing-new");
  append_object_deadlines (self, self->filing_list, "change");

  if (!dbo_str_empty (submitted))
    summary = g_strdup_printf (_("Filed on %s with Annex 4 and the bureau’s Annex 3."), submitted);
  else if (d != NULL)
    summary = g_strdup_printf (_("File Annex 4 with the police by %s, once the bureau’s Annex 3 has arrived."), d->due);
  else
    summary = g_strdup (_("File Annex 4 with the police once the bureau’s Annex 3 has arrived."));
  gtk_label_set_text (self->filing_summary, summary);

  if (!dbo_str_empty (submitted))
    set_stage (self->filing_dot, STAGE_DONE);
  else if (d != NULL && d->status == DBO_DEADLINE_OVERDUE)
    set_stage (self->filing_dot, STAGE_OVERDUE);
  else
    set_stage (self->filing_dot, decided ? STAGE_CURRENT : STAGE_FUTURE);
  show_list (self->filing_list);
}

static void
refresh_certificate (DboStepProgress *self, gboolean filed)
{
  const DboProject *p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  const DboDeadline *d = find_deadline (self, "police-answer", NULL);
  const char *number = p->has_filing ? p->filing.certificate : NULL;
  const char *date = p->has_filing ? p->filing.certificate_date : NULL;
  g_autofree char *summary = NULL;
  gpointer rows[] = { self->certificate_row, self->certificate_date_row, NULL };

  dbo_list_box_remove_all (self->certificate_list);
  sync_entry (self->certificate_row, number);
  sync_entry (self->certificate_date_row, date);
  show_problems (self->certificate_problems, NULL, rows);
  if (!filed)
    {
      gtk_label_set_text (self->certificate_summary, _("Not needed for objects below the filing level."));
      set_stage (self->certificate_dot, STAGE_SKIPPED);
      show_list (self->certificate_list);
      return;
    }
  if (d != NULL)
    {
      g_autofree char *name = deadline_name (d->id, NULL);

      gtk_list_box_append (self->certificate_list, deadline_row_new (d, NULL, NULL, name));
    }
  if (!dbo_str_empty (number) && !dbo_str_empty (date))
    summary = g_strdup_printf (_("Certificate %s, issued on %s."), number, date);
  else if (d != NULL)
    summary = g_strdup_printf (_("The police answer by %s: record the certificate (Annex 5) when it arrives."), d->due);
  else
    summary = g_strdup (_("The police answer within 10 working days of the filing."));
  gtk_label_set_text (self->certificate_summary, summary);

  if (!dbo_str_empty (number) && !dbo_str_empty (date))
    set_stage (self->certificate_dot, STAGE_DONE);
  else if (d != NULL && d->status == DBO_DEADLINE_OVERDUE)
    set_stage (self->certificate_dot, STAGE_OVERDUE);
  else
    set_stage (self->certificate_dot, p->has_filing && !dbo_str_empty (p->filing.submitted) ? STAGE_CURRENT
                                                                                             : STAGE_FUTURE);
  show_list (self->certificate_list);
}

static gint
compare_due (gconstpointer a, gconstpointer b)
{
  const DboDeadline *da = *(DboDeadline * const *) a;
  const DboDeadline *db = *(DboDeadline * const *) b;

  if (da->due == NULL || db->due == NULL)
    return (da->due == NULL) - (db->due == NULL);
  return strcmp (da->due, db->due);
}

static void
show_more_cb (AdwActionRow *row, DboStepProgress *self)
{
  self->due_limit += ROW_PAGE;
  refresh_all (self);
}

typedef struct {
  DboStepProgress *self;
  DboAssessment *assessment;
  guint index;
} AssessmentUndo;

static void
assessment_undo_free (gpointer data, GClosure *closure)
{
  AssessmentUndo *undo = data;

  g_clear_pointer (&undo->assessment, dbo_assessment_free);
  g_object_unref (undo->self);
  g_free (undo);
}

static void
assessment_undo_cb (AdwToast *toast, AssessmentUndo *undo)
{
  DboStepProgress *self = undo->self;
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;

  if (session == NULL || undo->assessment == NULL)
    return;
  p = dbo_session_get_project (session);
  g_ptr_array_insert (p->assessments, MIN (undo->index, p->assessments->len), g_steal_pointer (&undo->assessment));
  dbo_session_changed (session, DBO_PART_ASSESSMENTS, NULL);
  dbo_session_flush (session, NULL);
  refresh_all (self);
}

static void
remove_assessment_cb (GtkButton *button, DboStepProgress *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "dbo-index"));
  DboProject *p;
  AssessmentUndo *undo;
  AdwToast *toast;

  if (session == NULL)
    return;
  p = dbo_session_get_project (session);
  if (index >= p->assessments->len)
    return;
  undo = g_new0 (AssessmentUndo, 1);
  undo->self = g_object_ref (self);
  undo->index = index;
  undo->assessment = g_ptr_array_steal_index (p->assessments, index);
  dbo_session_changed (session, DBO_PART_ASSESSMENTS, NULL);
  dbo_session_flush (session, NULL);

  toast = adw_toast_new (_("Assessment removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (assessment_undo_cb), undo, assessment_undo_free, 0);
  dbo_step_add_toast (DBO_STEP (self), toast);
  refresh_all (self);
}

/* The objects an assessment can be recorded for: the filed ones, with their level. */
static void
refresh_assessment_objects (DboStepProgress *self, GHashTable *levels)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  int min = dbo_ruleset_filing_min_level (dbo_session_get_rules (session));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GListModel *model = adw_combo_row_get_model (self->assessment_object_row);
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *selected_id = NULL;
  guint selected = 0;
  gboolean same;

  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);
      int level = GPOINTER_TO_INT (g_hash_table_lookup (levels, o->id));

      if (level < min)
        continue;
      g_ptr_array_add (ids, g_strdup (o->id));
      g_ptr_array_add (labels, g_strdup_printf ("%s（%s）", object_label (p, o->id), dbo_level_label (level)));
    }
  same = self->assessment_objects != NULL && self->assessment_objects->len == ids->len &&
         model != NULL && g_list_model_get_n_items (model) == ids->len;
  for (guint i = 0; same && i < ids->len; i++)
    same = g_str_equal (g_ptr_array_index (ids, i), g_ptr_array_index (self->assessment_objects, i)) &&
           g_str_equal (g_ptr_array_index (labels, i), gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  if (same)
    return;

  if (self->assessment_objects != NULL)
    {
      guint index = adw_combo_row_get_selected (self->assessment_object_row);

      if (index < self->assessment_objects->len)
        selected_id = g_strdup (g_ptr_array_index (self->assessment_objects, index));
    }
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      gtk_string_list_append (names, g_ptr_array_index (labels, i));
      if (g_strcmp0 (g_ptr_array_index (ids, i), selected_id) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->assessment_object_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->assessment_object_row, selected);
  g_clear_pointer (&self->assessment_objects, g_ptr_array_unref);
  self->assessment_objects = g_steal_pointer (&ids);
}

static void
refresh_assessments (DboStepProgress *self, GHashTable *levels, gboolean filed)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p = dbo_session_get_project (session);
  const DboRuleset *rules = dbo_session_get_rules (session);
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  gboolean overdue = FALSE;
  g_autofree char *summary = NULL;
  gboolean certified = p->has_filing && !dbo_str_empty (p->filing.certificate_date);

  dbo_list_box_remove_all (self->assessment_list);
  dbo_list_box_remove_all (self->assessments_list);
  refresh_assessment_objects (self, levels);

  for (guint i = 0; i < self->deadlines->len; i++)
    {
      DboDeadline *d = g_ptr_array_index (self->deadlines, i);

      if (g_str_equal (d->id, "assessment"))
        {
          g_ptr_array_add (due, d);
          if (d->status == DBO_DEADLINE_OVERDUE)
            overdue = TRUE;
        }
    }
  g_ptr_array_sort (due, compare_due);
  for (guint i = 0; i < due->len && i < self->due_limit; i++)
    {
      const DboDeadline *d = g_ptr_array_index (due, i);
      int level = GPOINTER_TO_INT (g_hash_table_lookup (levels, d->object_id));
      const DboAssessmentPeriod *period = dbo_ruleset_assessment_period (rules, level);
      g_autofree char *name = deadline_name (d->id, d->object_id);
      g_autofree char *every = NULL;
      g_autofree char *detail = NULL;

      if (period == NULL || period->months == 0)
        every = g_strdup (_("when special security needs require it"));
      else
        every = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "at least every %d month", "at least every %d months",
                                              period->months), period->months);
      /* Translators: "第二级 · at least every 24 months, counted from 2026-10-27". */
      detail = g_strdup_printf (_("%s · %s, counted from %s"), dbo_level_label (level), every, d->start ? d->start : "");
      gtk_list_box_append (self->assessment_list,
                           deadline_row_new (d, object_label (p, d->object_id), detail, name));
    }
  if (due->len > self->due_limit)
    {
      guint left = due->len - self->due_limit;
      GtkWidget *row = dbo_show_more_row_new (MIN (left, ROW_PAGE), left);

      g_signal_connect_object (row, "activated", G_CALLBACK (show_more_cb), self, 0);
      gtk_list_box_append (self->assessment_list, row);
    }

  for (guint i = 0; i < p->assessments->len; i++)
    {
      const DboAssessment *a = g_ptr_array_index (p->assessments, i);
      g_autoptr(GString) sub = g_string_new (a->date ? a->date : "");
      GtkWidget *row, *button;
      g_autofree char *name = g_strdup_printf ("assessment-%u", i);

      if (!dbo_str_empty (a->body))
        g_string_append_printf (sub, " · %s", a->body);
      if (!dbo_str_empty (a->report))
        g_string_append_printf (sub, " · %s", a->report);
      row = dbo_plain_row_new (object_label (p, a->object_id), sub->str);
      gtk_widget_set_name (row, name);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("object-select-symbolic"));
      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      dbo_widget_set_tooltip (button, _("Remove this assessment"));
      g_object_set_data (G_OBJECT (button), "dbo-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_assessment_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->assessments_list, row);
    }
  show_list (self->assessments_list);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assessment_form), filed);

  if (!filed)
    summary = g_strdup (_("Not needed for objects below the filing level."));
  else if (!certified)
    summary = g_strdup (_("Each filed object is assessed periodically by its level; the first period counts from the "
                          "certificate date."));
  else if (due->len > 0 && ((DboDeadline *) g_ptr_array_index (due, 0))->due != NULL)
    summary = g_strdup_printf (_("Next assessment due %s. A recorded assessment starts the next period."),
                               ((DboDeadline *) g_ptr_array_index (due, 0))->due);
  else
    summary = g_strdup (_("A recorded assessment starts the next period."));
  gtk_label_set_text (self->assessment_summary, summary);

  if (!filed)
    set_stage (self->assessment_dot, STAGE_SKIPPED);
  else if (overdue)
    set_stage (self->assessment_dot, STAGE_OVERDUE);
  else
    set_stage (self->assessment_dot, certified ? STAGE_CURRENT : STAGE_FUTURE);
  show_list (self->assessment_list);
}

static void
refresh_all (DboStepProgress *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  const DboProject *p;
  g_autoptr(GHashTable) levels = NULL;
  gboolean filed;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->dirty = FALSE;
  if (session == NULL)
    return;

  p = dbo_session_get_project (session);
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  self->deadlines = dbo_deadlines_compute (p, dbo_session_get_rules (session),
                                           dbo_session_get_calendar (session),
                                           dbo_session_get_today (session));
  levels = dbo_grading_effective_levels (dbo_session_get_rules (session), p);
  filed = any_filed (self, levels);

  self->updating++;
  refresh_fallback (self);
  refresh_panel (self);
  refresh_apply (self, levels, filed);
  refresh_decisions (self, filed);
  refresh_filing (self, levels, filed);
  refresh_certificate (self, filed);
  refresh_assessments (self, levels, filed);
  self->updating--;
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  DboStepProgress *self = data;

  self->refresh_source = 0;
  refresh_all (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (DboStepProgress *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* Nobody looks: catch up when the step is shown. */
      self->dirty = TRUE;
      return;
    }
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

/* ------------------------------------------------------------ filing and assessment fields */

static void
filing_changed_cb (GtkEditable *editable, DboStepProgress *self)
{
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  DboProject *p;
  DboFiling *f;
  gpointer filing_rows[] = { self->office_row, self->filed_row, NULL };
  gpointer cert_rows[] = { self->certificate_row, self->certificate_date_row, NULL };

  if (self->updating || session == NULL)
    return;
  p = dbo_session_get_project (session);
  f = &p->filing;

  if (editable == GTK_EDITABLE (self->office_row))
    dbo_set_str (&f->office, gtk_editable_get_text (editable));
  else if (editable == GTK_EDITABLE (self->certificate_row))
    dbo_set_str (&f->certificate, gtk_editable_get_text (editable));
  else
    {
      gboolean filed = editable == GTK_EDITABLE (self->filed_row);
      g_autofree char *value = NULL;
      gboolean ok = read_date (ADW_ENTRY_ROW (editable), filed ? _("Filed on") : _("Certificate date"), &value);

      show_problems (self->filing_problems, NULL, filing_rows);
      show_problems (self->certificate_problems, NULL, cert_rows);
      if (!ok)
        return;
      dbo_set_str (filed ? &f->submitted : &f->certificate_date, value);
    }
  p->has_filing = !dbo_str_empty (f->office) || !dbo_str_empty (f->submitted) ||
                  !dbo_str_empty (f->certificate) || !dbo_str_empty (f->certificate_date);
  dbo_session_changed (session, DBO_PART_FILING, NULL);
}

static void
assessment_field_changed_cb (GtkEditable *editable, DboStepProgress *self)
{
  gpointer rows[] = { self->assessment_date_row, NULL };

  /* A problem shown after "Record" goes away as soon as the field is right. */
  if (problem_of (self->assessment_date_row) != NULL)
    {
      g_autofree char *value = NULL;

      read_date (self->assessment_date_row, _("Assessed on"), &value);
      show_problems (self->assessment_problems, NULL, rows);
    }
}

static void
record_assessment_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (widget);
  DboSession *session = dbo_step_get_session (DBO_STEP (self));
  gpointer rows[] = { self->assessment_object_row, self->assessment_date_row, NULL };
  g_autofree char *date = NULL;
  DboAssessment *a;
  DboProject *p;
  guint index;
  gboolean ok;

  if (session == NULL)
    return;
  p = dbo_session_get_project (session);
  index = adw_combo_row_get_selected (self->assessment_object_row);
  ok = read_date (self->assessment_date_row, _("Assessed on"), &date);
  if (ok && date == NULL)
    {
      mark_problem (GTK_WIDGET (self->assessment_date_row), _("Assessed on: enter the date of the assessment"));
      ok = FALSE;
    }
  if (self->assessment_objects == NULL || index >= self->assessment_objects->len)
    {
      mark_problem (GTK_WIDGET (self->assessment_object_row), _("Protected object: only filed objects are assessed"));
      ok = FALSE;
    }
  else
    mark_problem (GTK_WIDGET (self->assessment_object_row), NULL);
  show_problems (self->assessment_problems, NULL, rows);
  if (!ok)
    return;

  a = dbo_assessment_new (g_ptr_array_index (self->assessment_objects, index));
  dbo_set_str (&a->date, date);
  dbo_set_str (&a->body, gtk_editable_get_text (GTK_EDITABLE (self->assessment_body_row)));
  dbo_set_str (&a->report, gtk_editable_get_text (GTK_EDITABLE (self->assessment_report_row)));
  g_ptr_array_add (p->assessments, a);
  dbo_session_changed (session, DBO_PART_ASSESSMENTS, NULL);
  dbo_session_flush (session, NULL);

  /* The body is often the same next time; the date and report are not. */
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->assessment_date_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->assessment_report_row), "");
  self->updating--;
  dbo_step_add_toast (DBO_STEP (self),
                      adw_toast_new_format (_("Assessment of “%s” recorded"), object_label (p, a->object_id)));
  refresh_all (self);
}

/* ------------------------------------------------------------ session */

static void
session_changed_cb (DboSession *session, int part, const char *id, DboStepProgress *self)
{
  schedule_refresh (self);
}

static void
dbo_step_progress_map (GtkWidget *widget)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (widget);

  GTK_WIDGET_CLASS (dbo_step_progress_parent_class)->map (widget);
  if (self->dirty)
    refresh_all (self);
}

static void dbo_step_progress_session_set (DboStep *step, DboSession *session);
static void dbo_step_progress_focus_path (DboStep *step, const char *path);

/* ------------------------------------------------------------ GObject */

static void
dbo_step_progress_dispose (GObject *object)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->updating++;
  self->new_review = NULL;
  g_hash_table_remove_all (self->review_forms);
  G_OBJECT_CLASS (dbo_step_progress_parent_class)->dispose (object);
}

static void
dbo_step_progress_finalize (GObject *object)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (object);

  g_clear_pointer (&self->review_forms, g_hash_table_unref);
  g_clear_pointer (&self->assessment_objects, g_ptr_array_unref);
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  G_OBJECT_CLASS (dbo_step_progress_parent_class)->finalize (object);
}

static void
dbo_step_progress_class_init (DboStepProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DboStepClass *step_class = DBO_STEP_CLASS (klass);

  object_class->dispose = dbo_step_progress_dispose;
  object_class->finalize = dbo_step_progress_finalize;
  widget_class->map = dbo_step_progress_map;
  step_class->session_set = dbo_step_progress_session_set;
  step_class->focus_path = dbo_step_progress_focus_path;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dengbao/Dengbao/ui/dbo-step-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, page);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, fallback_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, timeline);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, panel_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, apply_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, decisions_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, filing_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_dot);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, panel_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, apply_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, decisions_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, filing_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_summary);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, panel_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, apply_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, filing_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, reviews_box);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, new_review_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, reviews_findings);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, office_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, filed_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, filing_problems);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_date_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, certificate_problems);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessments_list);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_form);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_object_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_date_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_body_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_report_row);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_problems);
  gtk_widget_class_bind_template_child (widget_class, DboStepProgress, assessment_record_button);

  gtk_widget_class_install_action (widget_class, "progress.record-review", NULL, record_review_action_cb);
  gtk_widget_class_install_action (widget_class, "progress.record-assessment", NULL, record_assessment_action_cb);
}

static void
dbo_step_progress_init (DboStepProgress *self)
{
  g_type_ensure (DBO_TYPE_DATE_ROW);
  g_type_ensure (DBO_TYPE_FINDINGS_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->review_forms = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->due_limit = ROW_PAGE;

  g_signal_connect (self->office_row, "changed", G_CALLBACK (filing_changed_cb), self);
  g_signal_connect (self->filed_row, "changed", G_CALLBACK (filing_changed_cb), self);
  g_signal_connect (self->certificate_row, "changed", G_CALLBACK (filing_changed_cb), self);
  g_signal_connect (self->certificate_date_row, "changed", G_CALLBACK (filing_changed_cb), self);
  g_signal_connect (self->assessment_date_row, "changed", G_CALLBACK (assessment_field_changed_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->assessment_problems), FALSE);

  /* Leaving the step's fields writes what is pending at once. */
  dbo_step_flush_on_focus_leave (DBO_STEP (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.record-review", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.record-assessment", FALSE);
}

GtkWidget *
dbo_step_progress_new (void)
{
  return g_object_new (DBO_TYPE_STEP_PROGRESS, NULL);
}

static void
dbo_step_progress_session_set (DboStep *step, DboSession *session)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (step);
  GHashTableIter iter;
  gpointer value;

  /* Forms of the previous project go with it. */
  g_hash_table_iter_init (&iter, self->review_forms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_box_remove (self->reviews_box, ((ReviewForm *) value)->card);
  g_hash_table_remove_all (self->review_forms);
  dbo_list_box_remove_all (self->new_review_list);
  self->new_review = NULL;
  g_clear_pointer (&self->assessment_objects, g_ptr_array_unref);
  self->due_limit = ROW_PAGE;

  dbo_findings_box_set_session (self->reviews_findings, session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.record-review", session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.record-assessment", session != NULL);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, 0);
      reset_new_review (self);
      refresh_all (self);
    }
}

void
dbo_step_progress_refresh (DboStepProgress *self)
{
  g_return_if_fail (DBO_IS_STEP_PROGRESS (self));
  refresh_all (self);
}

GtkWidget *
dbo_step_progress_get_deadline_row (DboStepProgress *self, const char *id, const char *object_id, int round)
{
  g_autofree char *suffix = round > 0 ? g_strdup_printf ("%d", round) : g_strdup (object_id);
  g_autofree char *name = deadline_name (id, suffix);

  g_return_val_if_fail (DBO_IS_STEP_PROGRESS (self), NULL);
  return find_named (self->timeline, name);
}

static gboolean
focus_later_cb (gpointer data)
{
  g_autoptr(GtkWidget) widget = data;

  if (gtk_widget_get_root (widget) != NULL)
    gtk_widget_grab_focus (widget);
  return G_SOURCE_REMOVE;
}

/* A field in a row that is only now opening gets the focus once its revealer
 * has opened, so that the page scrolls to where it really is. */
static void
focus_field (GtkWidget *widget, gboolean later)
{
  if (later || !gtk_widget_grab_focus (widget))
    g_timeout_add (300, focus_later_cb, g_object_ref (widget));
}

static void
focus_review (ReviewForm *f, const char *field)
{
  gboolean later = !adw_expander_row_get_expanded (f->row);
  GtkWidget *target;

  adw_expander_row_set_expanded (f->row, TRUE);
  review_form_build (f);
  if (field == NULL)
    target = GTK_WIDGET (f->decided);
  else if (g_str_has_prefix (field, "@number"))
    target = GTK_WIDGET (f->number);
  else if (g_str_has_prefix (field, "@authority"))
    target = GTK_WIDGET (f->authority);
  else if (g_str_has_prefix (field, "@submitted"))
    target = GTK_WIDGET (f->submitted);
  else if (g_str_has_prefix (field, "@outcome"))
    target = GTK_WIDGET (f->outcome);
  else if (g_str_has_prefix (field, "levels/") && f->level_rows->len > 0)
    {
      target = g_ptr_array_index (f->level_rows, 0);
      for (guint i = 0; i < f->level_rows->len; i++)
        if (g_strcmp0 (g_object_get_data (g_ptr_array_index (f->level_rows, i), "dbo-object"),
                       field + strlen ("levels/")) == 0)
          target = g_ptr_array_index (f->level_rows, i);
    }
  else
    target = GTK_WIDGET (f->decided);
  focus_field (target, later);
}

static void
dbo_step_progress_focus_path (DboStep *step, const char *path)
{
  DboStepProgress *self = DBO_STEP_PROGRESS (step);
  g_auto(GStrv) parts = NULL;
  const DboProject *p;

  if (dbo_step_get_session (step) == NULL)
    return;
  if (self->dirty || self->refresh_source != 0)
    refresh_all (self);
  p = dbo_session_get_project (dbo_step_get_session (DBO_STEP (self)));
  parts = g_strsplit (path, "/", 4);

  if (g_str_equal (parts[0], "reviews"))
    {
      ReviewForm *f = parts[1] != NULL ? g_hash_table_lookup (self->review_forms,
                                                              GINT_TO_POINTER (atoi (parts[1]))) : NULL;

      if (f == NULL)
        f = self->new_review;
      if (f != NULL)
        focus_review (f, parts[1] != NULL ? parts[2] : NULL);
      return;
    }
  if (g_str_equal (parts[0], "deadlines") && parts[1] != NULL)
    {
      const char *id = parts[1];

      if (g_str_equal (id, "apply-review") || g_str_equal (id, "review-answer"))
        {
          const DboReview *open = NULL;
          ReviewForm *f;

          /* The review waiting for its answer, else the first; else a new one. */
          for (guint i = 0; i < p->reviews->len && open == NULL; i++)
            {
              const DboReview *r = g_ptr_array_index (p->reviews, i);

              if (dbo_str_empty (r->decided))
                open = r;
            }
          if (open == NULL)
            open = first_review (p);
          f = open != NULL ? g_hash_table_lookup (self->review_forms, GINT_TO_POINTER (open->round)) : NULL;
          if (f == NULL)
            f = self->new_review;
          if (f != NULL)
            focus_review (f, g_str_equal (id, "apply-review") ? "@submitted" : NULL);
          return;
        }
      if (g_str_equal (id, "police-answer"))
        {
          focus_field (GTK_WIDGET (self->certificate_date_row), FALSE);
          return;
        }
      if (g_str_equal (id, "assessment"))
        {
          gboolean later = !adw_expander_row_get_expanded (self->assessment_form);

          for (guint i = 0; parts[2] != NULL && self->assessment_objects != NULL &&
                            i < self->assessment_objects->len; i++)
            if (g_str_equal (g_ptr_array_index (self->assessment_objects, i), parts[2]))
              adw_combo_row_set_selected (self->assessment_object_row, i);
          adw_expander_row_set_expanded (self->assessment_form, TRUE);
          focus_field (GTK_WIDGET (self->assessment_date_row), later);
          return;
        }
      focus_field (GTK_WIDGET (self->filed_row), FALSE);
      return;
    }
  if (g_str_equal (parts[0], "filing"))
    {
      const char *field = parts[1] != NULL ? parts[1] : "";

      focus_field (g_str_has_prefix (field, "@office") ? GTK_WIDGET (self->office_row)
                   : g_str_has_prefix (field, "@certificate-date") ? GTK_WIDGET (self->certificate_date_row)
                   : g_str_has_prefix (field, "@certificate") ? GTK_WIDGET (self->certificate_row)
                   : GTK_WIDGET (self->filed_row), FALSE);
      return;
    }
  if (g_str_equal (parts[0], "assessments"))
    {
      gboolean later = !adw_expander_row_get_expanded (self->assessment_form);

      adw_expander_row_set_expanded (self->assessment_form, TRUE);
      focus_field (GTK_WIDGET (self->assessment_date_row), later);
    }
}
