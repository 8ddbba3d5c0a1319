/* dbo-step-progress.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_PROGRESS (dbo_step_progress_get_type ())
G_DECLARE_FINAL_TYPE (DboStepProgress, dbo_step_progress, DBO, STEP_PROGRESS, AdwBin)

GtkWidget  *dbo_step_progress_new        (void);
DboSession *dbo_step_progress_get_session (DboStepProgress *self);
void        dbo_step_progress_set_session (DboStepProgress *self, DboSession *session);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_progress_focus_path  (DboStepProgress *self, const char *path);

G_END_DECLS
