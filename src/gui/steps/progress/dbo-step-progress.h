/* dbo-step-progress.h — wizard step 7, 进度: the timeline after submission */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_PROGRESS (dbo_step_progress_get_type ())
G_DECLARE_FINAL_TYPE (DboStepProgress, dbo_step_progress, DBO, STEP_PROGRESS, DboStep)

GtkWidget  *dbo_step_progress_new        (void);

/* The timeline follows edits after a short delay; this brings it up to date now (tests). */
void        dbo_step_progress_refresh     (DboStepProgress *self);
/* The row showing the deadline @id (for @object_id, or for review round @round
 * when > 0), or NULL when the timeline has none. Its name is
 * "deadline-<id>[-<object id or round>]". */
GtkWidget  *dbo_step_progress_get_deadline_row (DboStepProgress *self, const char *id,
                                                const char *object_id, int round);

G_END_DECLS
