/* dbo-step-enterprise.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_ENTERPRISE (dbo_step_enterprise_get_type ())
G_DECLARE_FINAL_TYPE (DboStepEnterprise, dbo_step_enterprise, DBO, STEP_ENTERPRISE, AdwBin)

GtkWidget  *dbo_step_enterprise_new        (void);
DboSession *dbo_step_enterprise_get_session (DboStepEnterprise *self);
void        dbo_step_enterprise_set_session (DboStepEnterprise *self, DboSession *session);
/* Shows and focuses the field a finding's path names (e.g. "objects/o3/owner/phone"). */
void        dbo_step_enterprise_focus_path  (DboStepEnterprise *self, const char *path);
GtkWidget  *dbo_step_enterprise_get_row     (DboStepEnterprise *self, const char *name);

/* What to say about a credit code while it is typed: its length so far, the check character the
 * first 17 need, or what is wrong (then *@is_error is TRUE). NULL for an empty text. */
char       *dbo_credit_code_hint            (const char *text, gboolean *is_error);

G_END_DECLS
