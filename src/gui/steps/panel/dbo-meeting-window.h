/* dbo-meeting-window.h — the expert panel's meeting mode: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_MEETING_WINDOW (dbo_meeting_window_get_type ())
G_DECLARE_FINAL_TYPE (DboMeetingWindow, dbo_meeting_window, DBO, MEETING_WINDOW, AdwWindow)

GtkWidget  *dbo_meeting_window_new        (DboSession *session);
/* Shows the meeting mode of @session full screen over @parent (nullable),
 * reusing the one already open for it. Returns it (owned by GTK). */
GtkWidget  *dbo_meeting_window_present    (DboSession *session, GtkWindow *parent);

DboSession *dbo_meeting_window_get_session (DboMeetingWindow *self);
/* The object shown (0-based, in project order) and how many there are. */
guint       dbo_meeting_window_get_position (DboMeetingWindow *self);
guint       dbo_meeting_window_get_n_objects (DboMeetingWindow *self);
const char *dbo_meeting_window_get_object_id (DboMeetingWindow *self);
/* Moves to object @index (clamped), with the carousel's animation when @animate. */
void        dbo_meeting_window_show_object  (DboMeetingWindow *self, guint index, gboolean animate);
/* The page of an object: a widget tree whose controls are named
 * "meeting-<object id>-level-<1..5>", "-reason", "-dissent-member", "-dissent-text",
 * "-dissent-add" (for tests and screen readers' sake). */
GtkWidget  *dbo_meeting_window_get_page    (DboMeetingWindow *self, const char *object_id);

G_END_DECLS
