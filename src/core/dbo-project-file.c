#define G_LOG_DOMAIN "dengbao-project-file"
#include "config.h"

#include "dbo-project-file.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"

#include <gio/gio.h>

DboProject *
dbo_project_file_load (const char *path, GError **error)
{
  g_autoptr(DboStore) store = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such file", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "%s: is a directory, not a project", path);
      return NULL;
    }
  if (!dbo_store_is_sqlite_file (path))
    return dbo_project_xml_read_file (path, error);

  store = dbo_store_open (path, error);
  if (store == NULL)
    return NULL;
  return dbo_store_load (store, error);
}
