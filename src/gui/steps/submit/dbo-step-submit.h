/* dbo-step-submit.h — wizard step 6, 提交: checks, bundle export and import */
#pragma once

#include <adwaita.h>
#include "dbo-bundle.h"
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_SUBMIT (dbo_step_submit_get_type ())
G_DECLARE_FINAL_TYPE (DboStepSubmit, dbo_step_submit, DBO, STEP_SUBMIT, DboStep)

GtkWidget  *dbo_step_submit_new        (void);

/* Whether a submission bundle can be exported now ("can-submit") and, when
 * not, why ("submit-reason", as shown under the button). */
gboolean    dbo_step_submit_get_can_submit    (DboStepSubmit *self);
const char *dbo_step_submit_get_submit_reason (DboStepSubmit *self);
/* TRUE while an export, a verification or an import runs in its thread ("busy"). */
gboolean    dbo_step_submit_get_busy          (DboStepSubmit *self);

/* Exports a bundle of @kind to @path in a thread, as the export buttons do
 * once their file chooser has answered; the result shows in the step. */
void        dbo_step_submit_export_to         (DboStepSubmit *self, DboBundleKind kind, const char *path);
/* The bundle last exported, as read back from the disk (NULL before), and the
 * SHA-256 of its file. */
const DboBundleReport *dbo_step_submit_get_exported        (DboStepSubmit *self);
const char            *dbo_step_submit_get_exported_sha256 (DboStepSubmit *self);

/* Verifies the bundle @file in a thread and shows the report, as the file
 * chooser and drag and drop do. Replacing is then the "submit.replace" action. */
void        dbo_step_submit_import_file       (DboStepSubmit *self, GFile *file);
/* The bundle shown as accepted (NULL when none or refused) … */
const DboBundleReport *dbo_step_submit_get_import_report (DboStepSubmit *self);
/* … or the refusal shown (NULL when none or accepted). */
const GError          *dbo_step_submit_get_import_error  (DboStepSubmit *self);

G_END_DECLS
