/* dbo-gui-test-utils.h — main-loop and widget-tree helpers for the GUI tests */
#pragma once

#include <gtk/gtk.h>
#include "dbo-application.h"
#include "dbo-session.h"

G_BEGIN_DECLS

typedef gboolean (*DboTestCondition) (gpointer data);

/* Runs the main loop for @ms milliseconds. */
void       dbo_test_run_for        (guint ms);
/* Runs the main loop until @cond holds; FALSE after @timeout_ms. */
gboolean   dbo_test_run_until      (DboTestCondition cond, gpointer data, guint timeout_ms);
/* Waits until the session announces its findings after an edit, then lets
 * the widgets follow them. */
void       dbo_test_settle_session (DboSession *session);
/* Flushes @session, reads its file back and asserts that it holds the live
 * model (its project.xml, line for line in any order): an edit a step made
 * without dbo_session_changed() never reaches the file and fails here
 * instead of being lost. */
void       dbo_test_assert_saved   (DboSession *session);
/* The recent-files manager is made once, with the data directory of the test
 * that first asked for it, and writes there later from the main loop: makes
 * that directory in the running test's folders. */
void       dbo_test_ensure_recent_dir (void);
/* A registered application for a whole test program: it exports itself on
 * the session bus once per process (non-unique, so tests can run side by side). */
DboApplication *dbo_test_new_application (void);
/* The first widget named @name (gtk_widget_set_name / the .ui "name") under @root. */
GtkWidget *dbo_test_find_named     (GtkWidget *root, const char *name);
/* The first widget of @type under @root, depth first. */
GtkWidget *dbo_test_find_type      (GtkWidget *root, GType type);

G_END_DECLS
