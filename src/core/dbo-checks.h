/* dbo-checks.h — every finding for a project
 *
 * One function returns everything the rule set, the calendar and the forms
 * say is wrong or missing. Codes are stable (the CLI, the GUI and the tests
 * rely on them); paths name the field ("enterprise/credit-code",
 * "objects/o3/grading/override/reason", "panel/members/m2/phone").
 */
#pragma once

#include <glib.h>
#include "dbo-calendar.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

typedef enum {
  DBO_SEVERITY_ERROR,
  DBO_SEVERITY_WARNING,
} DboSeverity;

typedef struct {
  DboSeverity severity;
  char *code;
  char *path;
  char *message;                  /* Chinese */
  char *message_en;
  char *clause;                   /* the source of the rule, "" when the rule is the form itself */
} DboFinding;

void        dbo_finding_free         (DboFinding *finding);
const char *dbo_severity_token       (DboSeverity severity);   /* "error", "warning" */

/* All findings, errors first in project order; @today dates the deadline checks. */
GPtrArray  *dbo_checks_run           (const DboProject *project, const DboRuleset *rules,
                                      const DboCalendar *calendar, const GDate *today);
/* Only the findings that would make a printed form wrong (a missing
 * enterprise or object name, a level below its minimum, an override or a
 * panel level without its reason), for every object or just @object_id. */
GPtrArray  *dbo_checks_run_for_forms (const DboProject *project, const DboRuleset *rules,
                                      const char *object_id);
guint       dbo_checks_count         (GPtrArray *findings, DboSeverity severity);

G_END_DECLS
