/* dbo-step-grading.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_GRADING (dbo_step_grading_get_type ())
G_DECLARE_FINAL_TYPE (DboStepGrading, dbo_step_grading, DBO, STEP_GRADING, AdwBin)

GtkWidget  *dbo_step_grading_new        (void);
DboSession *dbo_step_grading_get_session (DboStepGrading *self);
void        dbo_step_grading_set_session (DboStepGrading *self, DboSession *session);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_grading_focus_path  (DboStepGrading *self, const char *path);
/* The object graded on the page (NULL: none), and showing another one. */
const char *dbo_step_grading_get_object_id (DboStepGrading *self);
void        dbo_step_grading_show_object (DboStepGrading *self, const char *object_id);

G_END_DECLS
