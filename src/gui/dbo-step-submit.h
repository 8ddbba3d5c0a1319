/* dbo-step-submit.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_SUBMIT (dbo_step_submit_get_type ())
G_DECLARE_FINAL_TYPE (DboStepSubmit, dbo_step_submit, DBO, STEP_SUBMIT, AdwBin)

GtkWidget  *dbo_step_submit_new        (void);
DboSession *dbo_step_submit_get_session (DboStepSubmit *self);
void        dbo_step_submit_set_session (DboStepSubmit *self, DboSession *session);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_submit_focus_path  (DboStepSubmit *self, const char *path);

G_END_DECLS
