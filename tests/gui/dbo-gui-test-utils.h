/* dbo-gui-test-utils.h — main-loop and widget-tree helpers for the GUI tests */
#pragma once

#include <gtk/gtk.h>
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
/* The first widget named @name (gtk_widget_set_name / the .ui "name") under @root. */
GtkWidget *dbo_test_find_named     (GtkWidget *root, const char *name);
/* The first widget of @type under @root, depth first. */
GtkWidget *dbo_test_find_type      (GtkWidget *root, GType type);

G_END_DECLS
