/* dbo-step-panel.h — wizard step: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"
#include "dbo-step.h"

G_BEGIN_DECLS

#define DBO_TYPE_STEP_PANEL (dbo_step_panel_get_type ())
G_DECLARE_FINAL_TYPE (DboStepPanel, dbo_step_panel, DBO, STEP_PANEL, DboStep)

GtkWidget  *dbo_step_panel_new        (void);

/* Whether "Conclude the Review" can be used ("can-conclude" property), and if
 * not, why: one reason a line, as shown beside the button ("conclude-reason"). */
gboolean    dbo_step_panel_get_can_conclude     (DboStepPanel *self);
const char *dbo_step_panel_get_conclude_reason  (DboStepPanel *self);

/* Reads @file, a scan or photo (JPEG, PNG, TIFF, WebP) or a PDF of the signed
 * signature sheet, and adds it to the project's attachments with its SHA-256
 * (what "Attach Scan…" does with the chosen file). */
gboolean    dbo_step_panel_attach_scan          (DboStepPanel *self, GFile *file, GError **error);
/* Writes the signature sheet (签字页) of the project as PDF to @path. */
gboolean    dbo_step_panel_save_signature_sheet (DboStepPanel *self, const char *path, GError **error);

G_END_DECLS
