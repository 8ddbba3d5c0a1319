/* dbo-project-file.h — a project from a path, whatever its form
 *
 * Every command that takes a project accepts a *.dengbao store or a
 * project.xml; this is the one place that tells them apart.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

/* Reads the project at @path: an SQLite project file or a project.xml. */
DboProject *dbo_project_file_load (const char *path, GError **error);

G_END_DECLS
