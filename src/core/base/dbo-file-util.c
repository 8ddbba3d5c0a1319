/* dbo-file-util.c — files written whole, then put in place under their name */
#define _GNU_SOURCE
#include "config.h"

#include "dbo-file-util.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _DboTempFile {
  int fd;                       /* -1 once closed */
  char *dir;
  char *final_name;             /* a base name, for the hidden name and messages */
  char *path;                   /* NULL while anonymous */
  gboolean published;
};

/* @format has one %s for the file (its display name) and one for the reason. */
static void
set_errno_error (GError **error, int saved, const char *format, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  message = g_strdup_printf (format, display, g_strerror (saved));
#pragma GCC diagnostic pop
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), message);
}

static void
sync_directory (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/* A file system that cannot make hard links says so with one of these. */
static gboolean
link_unsupported (int saved)
{
  return saved == EPERM || saved == ENOTSUP || saved == EOPNOTSUPP || saved == ENOSYS || saved == EMLINK;
}

gboolean
dbo_file_check_replaceable (const char *path, GError **error)
{
  GStatBuf st;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      set_errno_error (error, saved, _("cannot look at '%s': %s"), path);
      return FALSE;
    }
  if (S_ISREG (st.st_mode))
    return TRUE;
  display = g_filename_display_name (path);
  if (S_ISDIR (st.st_mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("'%s' is a folder; nothing was written"), display);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("'%s' is not a regular file (a device, a pipe or a socket); nothing was written"), display);
  return FALSE;
}

int
dbo_file_create_temp (const char *dir, const char *hint, int mode, char **tmp_path_out, GError **error)
{
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (dir != NULL && hint != NULL && tmp_path_out != NULL, -1);

  path = g_strdup_printf ("%s/.%s.XXXXXX", dir, hint);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("cannot create a file in the folder '%s': %s"), dir);
      return -1;
    }
  *tmp_path_out = g_steal_pointer (&path);
  return fd;
}

/* Creating @final_path failed with @saved: "exists" (G_IO_ERROR_EXISTS) or why. */
static void
set_create_error (GError **error, int saved, const char *final_path)
{
  if (saved == EEXIST)
    {
      g_autofree char *display = g_filename_display_name (final_path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("'%s' already exists; nothing was written"), display);
    }
  else
    set_errno_error (error, saved, _("cannot create '%s': %s"), final_path);
}

/* Takes @final_path with O_EXCL, then renames @tmp_path over the claim: for
 * file systems without hard links. */
static gboolean
publish_claimed (const char *tmp_path, const char *final_path, GError **error)
{
  int fd = open (final_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_create_error (error, errno, final_path);
      return FALSE;
    }
  close (fd);
  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;

      g_unlink (final_path);
      set_errno_error (error, saved, _("cannot create '%s': %s"), final_path);
      return FALSE;
    }
  return TRUE;
}

gboolean
dbo_file_publish (const char *tmp_path, const char *final_path, DboFilePublishFlags flags, GError **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (tmp_path != NULL && final_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (final_path);
  if (flags & DBO_FILE_PUBLISH_REPLACE)
    {
      if (!dbo_file_check_replaceable (final_path, error))
        return FALSE;
      if (g_rename (tmp_path, final_path) != 0)
        {
          set_errno_error (error, errno, _("cannot write '%s': %s"), final_path);
          return FALSE;
        }
    }
  else if (!(flags & DBO_FILE_PUBLISH_NO_LINK) && link (tmp_path, final_path) == 0)
    g_unlink (tmp_path);
  else
    {
      int saved = (flags & DBO_FILE_PUBLISH_NO_LINK) ? EPERM : errno;

      if (saved == EEXIST)
        {
          set_create_error (error, saved, final_path);
          return FALSE;
        }
      if (!link_unsupported (saved))
        {
          set_errno_error (error, saved, _("cannot create '%s': %s"), final_path);
          return FALSE;
        }
      if (!publish_claimed (tmp_path, final_path, error))
        return FALSE;
    }
  sync_directory (dir);
  return TRUE;
}

/* ---------------------------------------------------------------- DboTempFile */

DboTempFile *
dbo_temp_file_new (const char *dir, const char *final_name, int mode, GError **error)
{
  g_autoptr(DboTempFile) tmp = NULL;

  g_return_val_if_fail (dir != NULL && final_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tmp = g_new0 (DboTempFile, 1);
  tmp->fd = -1;
  tmp->dir = g_strdup (dir);
  tmp->final_name = g_strdup (final_name);
#ifdef O_TMPFILE
  /* Nameless until published: a killed process leaves nothing behind. */
  tmp->fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
#endif
  if (tmp->fd < 0)
    {
      tmp->fd = dbo_file_create_temp (dir, final_name, mode, &tmp->path, error);
      if (tmp->fd < 0)
        return NULL;
    }
  return g_steal_pointer (&tmp);
}

int
dbo_temp_file_get_fd (DboTempFile *tmp)
{
  g_return_val_if_fail (tmp != NULL, -1);
  return tmp->fd;
}

gboolean
dbo_temp_file_is_anonymous (DboTempFile *tmp)
{
  g_return_val_if_fail (tmp != NULL, FALSE);
  return tmp->path == NULL;
}

gboolean
dbo_temp_file_write (DboTempFile *tmp, const void *data, gsize len, GError **error)
{
  const char *p = data;

  g_return_val_if_fail (tmp != NULL && tmp->fd >= 0, FALSE);

  while (len > 0)
    {
      gssize n = write (tmp->fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_autofree char *path = g_build_filename (tmp->dir, tmp->final_name, NULL);

          set_errno_error (error, n < 0 ? errno : ENOSPC, _("cannot write '%s': %s"), path);
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Links the open anonymous file to @path. */
static int
link_anonymous (int fd, const char *path)
{
  char proc[64];

  g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (linkat (AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  if (errno != ENOENT)
    return -1;
  /* No /proc: needs CAP_DAC_READ_SEARCH, but try. */
  return linkat (fd, "", AT_FDCWD, path, AT_EMPTY_PATH);
}

/* Gives an anonymous file a hidden name beside its final one. */
static gboolean
name_anonymous (DboTempFile *tmp, GError **error)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *path = g_strdup_printf ("%s/.%s.%08x", tmp->dir, tmp->final_name, g_random_int ());

      if (link_anonymous (tmp->fd, path) == 0)
        {
          tmp->path = g_steal_pointer (&path);
          return TRUE;
        }
      if (errno != EEXIST)
        {
          set_errno_error (error, errno, _("cannot create a file in the folder '%s': %s"), tmp->dir);
          return FALSE;
        }
    }
  set_errno_error (error, EEXIST, _("cannot create a file in the folder '%s': %s"), tmp->dir);
  return FALSE;
}

static gboolean
flush (DboTempFile *tmp, GError **error)
{
  if (tmp->fd >= 0 && fsync (tmp->fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      g_autofree char *path = g_build_filename (tmp->dir, tmp->final_name, NULL);

      set_errno_error (error, errno, _("cannot write '%s': %s"), path);
      return FALSE;
    }
  return TRUE;
}

gboolean
dbo_temp_file_close (DboTempFile *tmp, GError **error)
{
  g_return_val_if_fail (tmp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tmp->fd < 0)
    return TRUE;
  if (!flush (tmp, error))
    return FALSE;
  if (tmp->path == NULL && !name_anonymous (tmp, error))
    return FALSE;
  if (close (tmp->fd) != 0 && errno != EINTR)
    {
      tmp->fd = -1;
      set_errno_error (error, errno, _("cannot write '%s': %s"), tmp->path);
      return FALSE;
    }
  tmp->fd = -1;
  return TRUE;
}

gboolean
dbo_temp_file_publish (DboTempFile *tmp, const char *final_path, DboFilePublishFlags flags, GError **error)
{
  g_return_val_if_fail (tmp != NULL && final_path != NULL, FALSE);
  g_return_val_if_fail (!tmp->published, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!flush (tmp, error))
    return FALSE;
  if (tmp->path == NULL && !(flags & (DBO_FILE_PUBLISH_REPLACE | DBO_FILE_PUBLISH_NO_LINK)))
    {
      /* Straight to the final name: fails when it exists. */
      if (link_anonymous (tmp->fd, final_path) != 0)
        {
          set_create_error (error, errno, final_path);
          return FALSE;
        }
      {
        g_autofree char *dir = g_path_get_dirname (final_path);

        sync_directory (dir);
      }
      tmp->published = TRUE;
      return TRUE;
    }
  /* Refused before a hidden name is made for it. */
  if ((flags & DBO_FILE_PUBLISH_REPLACE) && !dbo_file_check_replaceable (final_path, error))
    return FALSE;
  if (!dbo_temp_file_close (tmp, error))
    return FALSE;
  if (!dbo_file_publish (tmp->path, final_path, flags, error))
    return FALSE;
  tmp->published = TRUE;
  return TRUE;
}

void
dbo_temp_file_free (DboTempFile *tmp)
{
  if (tmp == NULL)
    return;
  if (tmp->fd >= 0)
    close (tmp->fd);
  if (!tmp->published && tmp->path != NULL)
    g_unlink (tmp->path);
  g_free (tmp->dir);
  g_free (tmp->final_name);
  g_free (tmp->path);
  g_free (tmp);
}

gboolean
dbo_file_write_atomic (const char *path, const void *data, gsize len, int mode, DboFilePublishFlags flags,
                       GError **error)
{
  g_autoptr(DboTempFile) tmp = NULL;
  g_autofree char *dir = NULL, *base = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Refused before anything is written. */
  if ((flags & DBO_FILE_PUBLISH_REPLACE) && !dbo_file_check_replaceable (path, error))
    return FALSE;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = dbo_temp_file_new (dir, base, mode, error);
  return tmp != NULL && dbo_temp_file_write (tmp, data, len, error) && dbo_temp_file_publish (tmp, path, flags, error);
}

void
dbo_file_remove_orphan_journals (const char *path)
{
  static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
  GStatBuf st;

  g_return_if_fail (path != NULL);
  if (g_lstat (path, &st) == 0 || errno != ENOENT)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *journal = g_strconcat (path, suffixes[i], NULL);

      if (g_lstat (journal, &st) == 0 && S_ISREG (st.st_mode) && g_unlink (journal) != 0)
        g_debug ("cannot remove the orphaned %s: %s", journal, g_strerror (errno));
    }
}

/* ---- file identity ---- */

gboolean
dbo_file_identity_read (const char *path, DboFileIdentity *identity, int *errno_out)
{
  struct stat st;

  *errno_out = 0;
  if (g_stat (path, &st) != 0)
    {
      *errno_out = errno;
      return FALSE;
    }
  identity->dev = (guint64) st.st_dev;
  identity->ino = (guint64) st.st_ino;
  return TRUE;
}

gboolean
dbo_file_identity_matches (const char *path, const DboFileIdentity *identity, int *errno_out)
{
  DboFileIdentity now;

  return dbo_file_identity_read (path, &now, errno_out) && now.dev == identity->dev && now.ino == identity->ino;
}
