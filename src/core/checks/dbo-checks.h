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
#include "dbo-finding.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

/* All findings, errors first in project order; @today dates the deadline checks. */
GPtrArray  *dbo_checks_run           (const DboProject *project, const DboRuleset *rules,
                                      const DboCalendar *calendar, const GDate *today);
/* The findings about the data the documents print (no deadlines, so no
 * calendar): an error among them whose @prints names a document blocks it. */
GPtrArray  *dbo_checks_run_for_forms (const DboProject *project, const DboRuleset *rules);
guint       dbo_checks_count         (GPtrArray *findings, DboSeverity severity);
/* The id of the object a finding's path is about ("objects/o3/…",
 * "panel/recommendations/o3…"), or NULL. */
char       *dbo_finding_object_id    (const char *path);

G_END_DECLS
