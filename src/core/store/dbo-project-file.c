#define G_LOG_DOMAIN "dengbao-project-file"
#include "config.h"

#include "dbo-project-file.h"

#include "dbo-project-xml.h"
#include "dbo-store.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>

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
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   saved == ENOENT ? _("no such file") : g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s: is a directory, not a project"), path);
      return NULL;
    }
  /* A named pipe or a device would block the read or never end. */
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s: not a regular file, not a project"),
                   path);
      return NULL;
    }
  if (dbo_store_is_sqlite_file (path))
    {
      /* Reading never writes: no lock, no migration, no checkpoint. */
      store = dbo_store_open_full (path, DBO_STORE_OPEN_READ_ONLY, error);
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
