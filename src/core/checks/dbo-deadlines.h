/* dbo-deadlines.h — every deadline of data/rulesets/README.md §5 and §8 for a project
 *
 * Derived, never stored: each deadline follows from the dates people recorded
 * (panel conclusion, application, decisions, filing, certificate, assessments)
 * and the rule set's periods, counted on the working-day calendar.
 */
#pragma once

#include <glib.h>
#include "dbo-calendar.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"
#include "dbo-text.h"

G_BEGIN_DECLS

typedef enum {
  DBO_DEADLINE_MET,               /* the event happened on or before the due date */
  DBO_DEADLINE_OVERDUE,           /* it did not happen in time (late, or not yet and the date passed) */
  DBO_DEADLINE_PENDING,           /* not yet, and the due date has not passed */
} DboDeadlineStatus;

typedef struct {
  char *id;                       /* the rule: apply-review, review-answer, police-answer, filing,
                                     filing-new, campaign, assessment */
  char *object_id;                /* per-object deadlines; NULL for the project */
  DboText *title;                 /* the rule set's title, or the core's words */
  char *start;                    /* the date counted from */
  char *due;                      /* YYYY-MM-DD; NULL when the rule has no fixed period */
  char *done;                     /* the date the awaited event happened, or NULL */
  DboDeadlineStatus status;
  gboolean fallback;              /* counted Monday–Friday: no holiday data for some year */
  char *clause;
} DboDeadline;

void        dbo_deadline_free          (DboDeadline *deadline);
const char *dbo_deadline_status_token  (DboDeadlineStatus status);   /* met, overdue, pending */
const char *dbo_deadline_status_zh     (DboDeadlineStatus status);   /* 已按期, 已逾期, 待办 */

/* All deadlines of @project as of @today, in workflow order; array of DboDeadline*. */
GPtrArray  *dbo_deadlines_compute      (const DboProject *project, const DboRuleset *rules,
                                        const DboCalendar *calendar, const GDate *today);

/* The date part of an ISO 8601 date or time ("2026-09-28T10:00:00+08:00" → 2026-09-28). */
gboolean    dbo_deadlines_parse_day    (const char *text, GDate *date);

G_END_DECLS
