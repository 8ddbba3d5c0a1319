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

/* The documents whose printed data a finding is about, a bit per
 * DboDocKind (1 << kind, dbo-documents.h): an error blocks exactly these. */
typedef enum {
  DBO_PRINTS_ANNEX2     = 1 << 0,
  DBO_PRINTS_ANNEX3     = 1 << 1,
  DBO_PRINTS_ANNEX4     = 1 << 2,
  DBO_PRINTS_REPORT     = 1 << 3,
  DBO_PRINTS_SIGNATURES = 1 << 4,
} DboPrints;

typedef struct {
  DboSeverity severity;
  char *code;
  char *path;
  char *message;                  /* Chinese */
  char *message_en;
  char *clause;                   /* the source of the rule, "" when the rule is the form itself */
  guint prints;                   /* DboPrints: the documents that print the data (0: none) */
} DboFinding;

void        dbo_finding_free         (DboFinding *finding);
const char *dbo_severity_token       (DboSeverity severity);   /* "error", "warning" */

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
