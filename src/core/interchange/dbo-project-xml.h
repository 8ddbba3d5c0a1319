/* dbo-project-xml.h — project.xml (namespace urn:dengbao:project:1), data/schema/project-xml.md
 *
 * Reading validates against data/schema/project.xsd, with the safe parser of
 * dbo-xml.h; errors name the element path and line. Writing is deterministic:
 * the same project gives the same bytes.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

#define DBO_PROJECT_XML_NS "urn:dengbao:project:1"
#define DBO_PROJECT_XML_FORMAT_VERSION "1"

DboProject *dbo_project_xml_read       (const char *data, gsize len, const char *name_for_errors,
                                        GError **error);
DboProject *dbo_project_xml_read_file  (const char *path, GError **error);
/* NUL-terminated UTF-8; @len_out may be NULL. */
char       *dbo_project_xml_write      (const DboProject *project, gsize *len_out);
/* Written to a temporary file and renamed over @path (mode 0600; an existing
 * @path that is not a regular file is refused: see dbo_file_write_atomic()). */
gboolean    dbo_project_xml_write_file (const DboProject *project, const char *path, GError **error);
/* The canonical (C14N 1.0) form of a project.xml, for comparing and hashing. */
char       *dbo_project_xml_canonical  (const char *data, gsize len, gsize *len_out, GError **error);

G_END_DECLS
