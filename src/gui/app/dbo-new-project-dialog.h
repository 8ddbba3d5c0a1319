/* dbo-new-project-dialog.h — asks what a new filing project needs to start, then where to save it */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_NEW_PROJECT_DIALOG (dbo_new_project_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DboNewProjectDialog, dbo_new_project_dialog, DBO, NEW_PROJECT_DIALOG, AdwWindow)

/* A modal dialog over @parent (nullable). "created" (DboSession *) is emitted once the project
 * file exists; the dialog then closes. */
GtkWidget  *dbo_new_project_dialog_new           (GtkWindow *parent);
/* The project the fields describe (what "Create" would save). */
DboProject *dbo_new_project_dialog_build_project (DboNewProjectDialog *self);
/* "<enterprise>.dengbao", the name offered in the save dialog. */
char       *dbo_new_project_dialog_suggest_name  (DboNewProjectDialog *self);
/* Creates the project at @path (never overwriting), emits "created" and closes; this is what the
 * save dialog's answer runs, and what tests call instead of it. */
DboSession *dbo_new_project_dialog_create_at     (DboNewProjectDialog *self, const char *path, GError **error);

G_END_DECLS
