/* dbo-import.h — a project.xml or a bundle opened as a new project
 *
 * From the start page, the menu or the file manager: the file is read and
 * verified first (a bundle completely, documents included, in a thread),
 * then what it holds is shown, and the user says where the new project file
 * goes (beside the source, named after the enterprise). Nothing is written
 * before that. A bureau's answer (a review bundle) is not a project of its
 * own: it is led to the project it answers.
 */
#pragma once

#include <gtk/gtk.h>
#include "dbo-application.h"

G_BEGIN_DECLS

/* Starts importing @path (*.xml or *.zip). @dest (nullable): the new
 * project file, instead of asking (tests, "open with"). Errors are shown in
 * a dialog on @parent's side. */
void   dbo_import_start        (DboApplication *app,
                                const char     *path,
                                const char     *dest,
                                GtkWindow      *parent);
/* Where the new project goes unless the user says otherwise: beside
 * @source when that folder can be written (else the documents folder),
 * named after the enterprise, under a name no file has yet. */
char    *dbo_import_default_destination (const char *source, const DboProject *project);
/* Whether @path is a file dbo_import_start() takes rather than a project. */
gboolean dbo_import_handles    (const char *path);

G_END_DECLS
