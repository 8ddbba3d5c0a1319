/* dbo-step-grading.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_GRADING (dbo_step_grading_get_type ())
G_DECLARE_FINAL_TYPE (DboStepGrading, dbo_step_grading, DBO, STEP_GRADING, DboStep)

GtkWidget  *dbo_step_grading_new        (void);
/* The object graded on the page (NULL: none), and showing another one. */
const char *dbo_step_grading_get_object_id (DboStepGrading *self);
void        dbo_step_grading_show_object (DboStepGrading *self, const char *object_id);

G_END_DECLS
