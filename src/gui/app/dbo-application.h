/* dbo-application.h — the Dengbao application: windows, files, app-wide actions */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_APPLICATION (dbo_application_get_type ())
G_DECLARE_FINAL_TYPE (DboApplication, dbo_application, DBO, APPLICATION, AdwApplication)

DboApplication *dbo_application_new            (void);
/* The application's settings, or NULL when the schema is not installed (uninstalled runs, tests). */
GSettings      *dbo_application_get_settings   (DboApplication *self);

/* Opens @path in a project window: a project file directly; a project.xml or a bundle by
 * importing it into a new project file where the user says (dbo-import.h). A project that is
 * already open only has its window presented. Errors are shown as a toast on @parent (or on a
 * start window). */
void            dbo_application_open_path      (DboApplication *self, const char *path, GtkWindow *parent);
/* Shows @session in @parent when it shows no project yet, else in a new window; remembers it as recent. */
GtkWindow      *dbo_application_show_session   (DboApplication *self, DboSession *session, GtkWindow *parent);

/* The first free "<dir>/<stem><suffix>", "<dir>/<stem> (2)<suffix>" … */
char           *dbo_application_free_path      (const char *dir, const char *stem, const char *suffix);

G_END_DECLS
