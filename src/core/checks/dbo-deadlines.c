#define G_LOG_DOMAIN "dengbao-deadlines"
#include "config.h"

#include "dbo-deadlines.h"

#include "dbo-grading.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
dbo_deadline_free (DboDeadline *d)
{
  if (d == NULL)
    return;
  g_free (d->id);
  g_free (d->object_id);
  dbo_text_free (d->title);
  g_free (d->start);
  g_free (d->due);
  g_free (d->done);
  g_free (d->clause);
  g_free (d);
}

const char *
dbo_deadline_status_token (DboDeadlineStatus status)
{
  switch (status)
    {
    case DBO_DEADLINE_MET: return "met";
    case DBO_DEADLINE_OVERDUE: return "overdue";
    case DBO_DEADLINE_PENDING: return "pending";
    default: return "";
    }
}

const char *
dbo_deadline_status_zh (DboDeadlineStatus status)
{
  switch (status)
    {
    case DBO_DEADLINE_MET: return "已按期";
    case DBO_DEADLINE_OVERDUE: return "已逾期";
    case DBO_DEADLINE_PENDING: return "待办";
    default: return "";
    }
}

gboolean
dbo_deadlines_parse_day (const char *text, GDate *date)
{
  char day[11];

  if (text == NULL || strlen (text) < 10)
    return FALSE;
  memcpy (day, text, 10);
  day[10] = '\0';
  if (text[10] != '\0' && text[10] != 'T' && text[10] != ' ')
    return FALSE;
  return dbo_date_parse (day, date, NULL);
}

typedef struct {
  const DboRuleset *rules;
  const DboCalendar *calendar;
  const GDate *today;
  GPtrArray *out;
} Ctx;

/* Adds a deadline counted by @rule_id from @start; @done is the date the
 * awaited event happened (may be NULL). */
static DboDeadline *
add_counted (Ctx *ctx, const char *rule_id, const char *object_id, const GDate *start,
             const char *done)
{
  const DboDeadlineRule *rule = dbo_ruleset_find_deadline (ctx->rules, rule_id);
  DboCalendarResult due;
  DboDeadline *d;
  GDate done_date;

  if (rule == NULL)
    return NULL;
  if (rule->kind == DBO_DAYS_WORKING)
    due = dbo_calendar_add_working_days (ctx->calendar, start, rule->days);
  else
    due = dbo_calendar_add_days (ctx->calendar, start, rule->days);

  d = g_new0 (DboDeadline, 1);
  d->id = g_strdup (rule_id);
  d->object_id = g_strdup (object_id);
  d->title = dbo_text_pair (rule->title_zh, rule->title_en);
  d->start = dbo_date_format (start);
  d->due = dbo_date_format (&due.date);
  d->fallback = due.fallback;
  d->clause = g_strdup (rule->clause);
  if (done != NULL && dbo_deadlines_parse_day (done, &done_date))
    {
      d->done = dbo_date_format (&done_date);
      d->status = g_date_compare (&done_date, &due.date) <= 0 ? DBO_DEADLINE_MET : DBO_DEADLINE_OVERDUE;
    }
  else
    d->status = g_date_compare (ctx->today, &due.date) > 0 ? DBO_DEADLINE_OVERDUE : DBO_DEADLINE_PENDING;
  g_ptr_array_add (ctx->out, d);
  return d;
}

static const DboReview *
first_review (const DboProject *project)
{
  const DboReview *first = NULL;

  for (guint i = 0; i < project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (project->reviews, i);

      if (first == NULL || r->round < first->round)
        first = r;
    }
  return first;
}

static void
add_assessment (Ctx *ctx, const DboProject *project, const DboObject *object, int level)
{
  const DboAssessmentPeriod *period = dbo_ruleset_assessment_period (ctx->rules, level);
  GDate last, due;
  DboDeadline *d;

  if (!project->has_filing || !dbo_deadlines_parse_day (project->filing.certificate_date, &last))
    return;
  /* The next assessment counts from the newest one, or from the certificate. */
  for (guint i = 0; i < project->assessments->len; i++)
    {
      const DboAssessment *a = g_ptr_array_index (project->assessments, i);
      GDate when;

      if (g_strcmp0 (a->object_id, object->id) == 0 && dbo_deadlines_parse_day (a->date, &when) &&
          g_date_compare (&when, &last) > 0)
        last = when;
    }

  d = g_new0 (DboDeadline, 1);
  d->id = g_strdup ("assessment");
  d->object_id = g_strdup (object->id);
  d->title = dbo_text_new (NC_("finding", "MLPS assessment"), "等级测评", NULL);
  d->start = dbo_date_format (&last);
  d->clause = g_strdup (period ? period->clause : "");
  if (period == NULL || period->months == 0)
    {
      /* Level 5: by special security needs, no fixed period. */
      d->status = DBO_DEADLINE_PENDING;
      g_ptr_array_add (ctx->out, d);
      return;
    }
  due = last;
  g_date_add_months (&due, period->months);
  d->due = dbo_date_format (&due);
  d->status = g_date_compare (ctx->today, &due) > 0 ? DBO_DEADLINE_OVERDUE : DBO_DEADLINE_PENDING;
  g_ptr_array_add (ctx->out, d);
}

GPtrArray *
dbo_deadlines_compute (const DboProject *project, const DboRuleset *rules,
                       const DboCalendar *calendar, const GDate *today)
{
  Ctx ctx = { rules, calendar, today, g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_deadline_free) };
  int min_level = dbo_ruleset_filing_min_level (rules);
  const char *notice, *campaign_due, *campaign_clause;
  gboolean any_filed = FALSE, any_operating = FALSE;
  const char *filed_on = project->has_filing ? project->filing.submitted : NULL;
  GDate fixed, notice_date, campaign_date;
  gboolean has_fixed;
  g_autoptr(GHashTable) levels = dbo_grading_effective_levels (rules, project);

  dbo_ruleset_get_campaign (rules, &notice, &campaign_due, &campaign_clause);
  has_fixed = project->panel.conclusion.present &&
              dbo_deadlines_parse_day (project->panel.conclusion.concluded, &fixed);

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      int level = GPOINTER_TO_INT (g_hash_table_lookup (levels, o->id));
      GDate op;

      if (level < min_level)
        continue;
      any_filed = TRUE;
      if (o->status == DBO_STATUS_OPERATING)
        any_operating = TRUE;

      /* Networks already running when the notice came out belong to its campaign. */
      if (o->status == DBO_STATUS_OPERATING && dbo_deadlines_parse_day (o->operation_date, &op) &&
          notice != NULL && dbo_date_parse (notice, &notice_date, NULL) &&
          campaign_due != NULL && dbo_date_parse (campaign_due, &campaign_date, NULL) &&
          g_date_compare (&op, &notice_date) < 0)
        {
          DboDeadline *d = g_new0 (DboDeadline, 1);
          GDate done;

          d->id = g_strdup ("campaign");
          d->object_id = g_strdup (o->id);
          d->title = dbo_text_new (NC_("finding", "Existing networks graded and filed"), "已运行网络完成定级备案", NULL);
          d->start = g_strdup (notice);
          d->due = g_strdup (campaign_due);
          d->clause = g_strdup (campaign_clause);
          if (dbo_deadlines_parse_day (filed_on, &done))
            {
              d->done = dbo_date_format (&done);
              d->status = g_date_compare (&done, &campaign_date) <= 0 ? DBO_DEADLINE_MET : DBO_DEADLINE_OVERDUE;
            }
          else
            d->status = g_date_compare (today, &campaign_date) > 0 ? DBO_DEADLINE_OVERDUE : DBO_DEADLINE_PENDING;
          g_ptr_array_add (ctx.out, d);
        }

      /* A new network is filed within 30 days of going into operation. */
      if (o->status == DBO_STATUS_PLANNED && dbo_deadlines_parse_day (o->operation_date, &op))
        add_counted (&ctx, "filing-new", o->id, &op, filed_on);
    }

  if (any_filed && has_fixed)
    {
      const DboReview *first = first_review (project);

      add_counted (&ctx, "apply-review", NULL, &fixed, first ? first->submitted : NULL);
      for (guint i = 0; i < project->reviews->len; i++)
        {
          const DboReview *r = g_ptr_array_index (project->reviews, i);
          GDate submitted;

          if (dbo_deadlines_parse_day (r->submitted, &submitted))
            add_counted (&ctx, "review-answer", NULL, &submitted, r->decided);
        }
      if (any_operating)
        add_counted (&ctx, "filing", NULL, &fixed, filed_on);
    }

  if (any_filed && project->has_filing)
    {
      GDate submitted;

      if (dbo_deadlines_parse_day (project->filing.submitted, &submitted))
        add_counted (&ctx, "police-answer", NULL, &submitted, project->filing.certificate_date);
    }

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      int level = GPOINTER_TO_INT (g_hash_table_lookup (levels, o->id));

      if (level >= min_level)
        add_assessment (&ctx, project, o, level);
    }
  return ctx.out;
}
