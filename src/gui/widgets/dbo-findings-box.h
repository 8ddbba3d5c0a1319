/* dbo-findings-box.h — the findings about one part of a project, shown inline */
#pragma once

#include <adwaita.h>
#include "dbo-checks.h"
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_FINDINGS_BOX (dbo_findings_box_get_type ())
G_DECLARE_FINAL_TYPE (DboFindingsBox, dbo_findings_box, DBO, FINDINGS_BOX, GtkBox)

GtkWidget        *dbo_findings_box_new         (void);
void              dbo_findings_box_set_session (DboFindingsBox *self, DboSession *session);
/* Shows the findings whose path starts with @prefix ("objects/o3/", "panel/members"). */
void              dbo_findings_box_set_prefix  (DboFindingsBox *self, const char *prefix);
const char       *dbo_findings_box_get_prefix  (DboFindingsBox *self);
guint             dbo_findings_box_get_count   (DboFindingsBox *self);

/* The first finding of @session whose path is exactly @path, or NULL. */
const DboFinding *dbo_findings_box_find_for_path (DboSession *session, const char *path);

G_END_DECLS
