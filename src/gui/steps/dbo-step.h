/* dbo-step.h — the base of the seven wizard steps */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP (dbo_step_get_type ())
G_DECLARE_DERIVABLE_TYPE (DboStep, dbo_step, DBO, STEP, AdwBin)

struct _DboStepClass
{
  AdwBinClass parent_class;

  /* The step now shows @session (may be NULL); the one before, if any, has
   * already lost every handler connected with the step as data. */
  void (*session_set) (DboStep    *self,
                       DboSession *session);
  /* Shows and focuses the field a finding's path names. */
  void (*focus_path)  (DboStep    *self,
                       const char *path);

  gpointer padding[4];
};

DboSession *dbo_step_get_session   (DboStep    *self);
void        dbo_step_set_session   (DboStep    *self,
                                    DboSession *session);
/* The step's name ("enterprise" … "progress") is its widget name. */
const char *dbo_step_get_name      (DboStep    *self);
const char *dbo_step_get_title     (DboStep    *self);
const char *dbo_step_get_help_page (DboStep    *self);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_focus_path    (DboStep    *self,
                                    const char *path);
/* Writes what is pending in the session now; a failure is published by the
 * session ("save-error") and retried. The step does it when it is left. */
void        dbo_step_flush         (DboStep    *self);
/* Also writes what is pending whenever the keyboard focus leaves the step
 * (for steps whose fields are typed in and left in turn). */
void        dbo_step_flush_on_focus_leave (DboStep *self);
/* Shows @toast (taking it) in the toast overlay around the step, if any. */
void        dbo_step_add_toast     (DboStep    *self,
                                    AdwToast   *toast);

G_END_DECLS
