/* dbo-step-objects.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_OBJECTS (dbo_step_objects_get_type ())
G_DECLARE_FINAL_TYPE (DboStepObjects, dbo_step_objects, DBO, STEP_OBJECTS, AdwBin)

GtkWidget  *dbo_step_objects_new        (void);
DboSession *dbo_step_objects_get_session (DboStepObjects *self);
void        dbo_step_objects_set_session (DboStepObjects *self, DboSession *session);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_objects_focus_path  (DboStepObjects *self, const char *path);

G_END_DECLS
