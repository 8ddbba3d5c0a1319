/* dbo-desk-window.h — a bureau's desk: the queue of submissions, one submission, the decision, the report */
#pragma once

#include <adwaita.h>
#include "dbo-desk.h"

G_BEGIN_DECLS

#define DBO_TYPE_DESK_WINDOW (dbo_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (DboDeskWindow, dbo_desk_window, DBO, DESK_WINDOW, AdwApplicationWindow)

/* Shows @desk (taken); @application may be NULL (tests). */
GtkWidget  *dbo_desk_window_new        (GtkApplication *application, DboDesk *desk);
/* The desk file's path. */
const char *dbo_desk_window_get_path   (DboDeskWindow *self);
/* The day overdue marks and the decision's default date count from (tests; the clock's day otherwise). */
void        dbo_desk_window_set_today  (DboDeskWindow *self, const GDate *today);
void        dbo_desk_window_add_toast  (DboDeskWindow *self, AdwToast *toast);
/* Shows the submission @id ("0001") as if chosen in the queue; FALSE when the queue does not show it. */
gboolean    dbo_desk_window_select     (DboDeskWindow *self, const char *id);

G_END_DECLS
