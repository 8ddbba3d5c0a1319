#define G_LOG_DOMAIN "dengbao-project-file"
#include "config.h"

#include "dbo-project-file.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"

#include <gio/gio.h>
#include <stdio.h>

/* A project.xml starts, after an optional BOM and white space, with '<'. */
static gboolean
looks_like_xml (const char *path)
{
  FILE *f = fopen (path, "rb");
  unsigned char buf[64];
  size_t n, i = 0;

  if (f == NULL)
    return FALSE;
  n = fread (buf, 1, sizeof buf, f);
  fclose (f);
  if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
    i = 3;
  while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
    i++;
  return i < n && buf[i] == '<';
}

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
  if (dbo_store_is_sqlite_file (path))
    {
      store = dbo_store_open (path, error);
      if (store == NULL)
        return NULL;
      return dbo_store_load (store, error);
    }
  if (looks_like_xml (path))
    return dbo_project_xml_read_file (path, error);

  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_NOT_A_PROJECT,
               "这不是等保备案项目文件 / not a Dengbao project file: %s", path);
  return NULL;
}
