/* dbo-step-enterprise.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_ENTERPRISE (dbo_step_enterprise_get_type ())
G_DECLARE_FINAL_TYPE (DboStepEnterprise, dbo_step_enterprise, DBO, STEP_ENTERPRISE, DboStep)

GtkWidget  *dbo_step_enterprise_new        (void);
GtkWidget  *dbo_step_enterprise_get_row     (DboStepEnterprise *self, const char *name);

/* What to say about a credit code while it is typed: its length so far, the check character the
 * first 17 need, or what is wrong (then *@is_error is TRUE). NULL for an empty text. */
char       *dbo_credit_code_hint            (const char *text, gboolean *is_error);

G_END_DECLS
