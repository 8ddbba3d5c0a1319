/* dbo-advice.h — what to do next, for a finding and for a project
 *
 * The advice sits beside the checks that raise the findings, so the GUI's
 * banner and any other front give the same words. Translated.
 */
#pragma once

#include <glib.h>
#include "dbo-checks.h"

G_BEGIN_DECLS

/* Where the work stands when nothing blocks it, or that something does. */
typedef enum {
  DBO_NEXT_FIX,                   /* an error blocks: the finding names what to fix */
  DBO_NEXT_SUBMIT,                /* no review yet: export the bundle and apply */
  DBO_NEXT_FILE,                  /* reviewed: record the review, file with the police */
  DBO_NEXT_ASSESS,                /* filed: keep the assessments on schedule */
} DboNextStage;

/* One sentence that says how to resolve @finding. */
char *dbo_advice_for_finding (const DboFinding *finding, const DboProject *project, const DboRuleset *rules);
/* The next thing to do for @project with @findings (dbo_checks_run's order:
 * errors first): the first error's advice, else the next stage of the work.
 * @finding_out (nullable) gets the error, or NULL. */
char *dbo_advice_next        (const DboProject *project, const DboRuleset *rules, GPtrArray *findings,
                              DboNextStage *stage_out, const DboFinding **finding_out);

G_END_DECLS
