/* dbo-window.h — a project window: the start page, or the seven steps of one project */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_WINDOW (dbo_window_get_type ())
G_DECLARE_FINAL_TYPE (DboWindow, dbo_window, DBO, WINDOW, AdwApplicationWindow)

/* The seven steps, in order; their names are the "step_name"s below. */
typedef enum {
  DBO_WIZARD_ENTERPRISE,
  DBO_WIZARD_OBJECTS,
  DBO_WIZARD_GRADING,
  DBO_WIZARD_PANEL,
  DBO_WIZARD_DOCUMENTS,
  DBO_WIZARD_SUBMIT,
  DBO_WIZARD_PROGRESS,
} DboWizardStep;
#define DBO_N_STEPS 7

/* @application may be NULL (tests). */
GtkWidget  *dbo_window_new              (GtkApplication *application);
DboSession *dbo_window_get_session      (DboWindow *self);
/* Shows @session's project (NULL: the start page). */
void        dbo_window_set_session      (DboWindow *self, DboSession *session);
void        dbo_window_add_toast        (DboWindow *self, AdwToast *toast);
/* Saves the project as it is in memory into the new file @path and goes on
 * editing it there (the Save As dialog's end). */
gboolean    dbo_window_save_as          (DboWindow *self, const char *path, GError **error);
/* "enterprise", "objects", "grading", "panel", "documents", "submit", "progress". */
void        dbo_window_show_step        (DboWindow *self, const char *step_name);
/* The widget of a step (a DboStep of the step's name), built now if it was not yet. */
GtkWidget  *dbo_window_get_step_widget  (DboWindow *self, const char *step_name);
/* An object of the start page by its id in dbo-window-start.ui (tests), building the page if needed. */
GObject    *dbo_window_get_start_object (DboWindow *self, const char *id);
/* The step shown, or NULL on the start page. */
const char *dbo_window_get_step         (DboWindow *self);
/* Switches to the step a finding's path belongs to and focuses the field it names. */
void        dbo_window_focus_path       (DboWindow *self, const char *finding_path);

/* The sidebar text of a step's status: "✓", "⚠ 2", "✗ 3" or "". */
const char *dbo_window_get_step_status  (DboWindow *self, const char *step_name);
/* The next-action sentence the banner shows, or NULL when hidden. */
const char *dbo_window_get_next_action  (DboWindow *self);

/* Which step a finding's path belongs to (-1: none; documents and submission summarise the others). */
int         dbo_step_for_path           (const char *path);
const char *dbo_wizard_step_get_name    (DboWizardStep step);
/* One sentence naming the next thing to do for the project, with the step and (nullable) path
 * it leads to. */
char       *dbo_next_action_describe    (DboSession *session, DboWizardStep *step_out, char **path_out);

G_END_DECLS
