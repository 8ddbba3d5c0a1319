/* dbo-step-objects.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_OBJECTS (dbo_step_objects_get_type ())
G_DECLARE_FINAL_TYPE (DboStepObjects, dbo_step_objects, DBO, STEP_OBJECTS, DboStep)

GtkWidget  *dbo_step_objects_new        (void);

G_END_DECLS
