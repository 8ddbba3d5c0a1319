#define G_LOG_DOMAIN "dengbao-store"
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* F_OFD_SETLK */
#endif
#include "config.h"

#include "dbo-store-lock.h"

#include "dbo-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A byte SQLite's unix VFS never locks: its locks live at 1 GiB
 * (0x40000000 … 0x400001ff) on the database and in the -shm file. */
#define OFD_LOCK_OFFSET 0x3fff0000
#define LOCK_FILE_MAX 4096

struct _DboStoreLock
{
  char *lock_path;
  dev_t lock_dev;         /* the lock file we created, to remove only ours */
  ino_t lock_ino;
  int fd;                 /* the project file, holding the OFD lock; -1 where unsupported */
};

void
dbo_lock_info_free (DboLockInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->host);
  g_free (info->user);
  g_free (info->since);
  g_free (info);
}

char *
dbo_lock_info_since_text (const DboLockInfo *info)
{
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (info->since == NULL)
    return NULL;
  t = g_date_time_new_from_iso8601 (info->since, NULL);
  local = t != NULL ? g_date_time_to_local (t) : NULL;
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
}

char *
dbo_lock_info_describe (const DboLockInfo *info)
{
  g_autofree char *since = dbo_lock_info_since_text (info);

  const char *host = info->host != NULL ? info->host : _("another computer");
  const char *user = info->user != NULL ? info->user : _("another user");

  /* Whole sentences, so that a translation can order them its own way. */
  if (since != NULL && info->stale)
    return g_strdup_printf (_("open on %s by %s since %s (that program is no longer running: "
                              "the lock is stale)"), host, user, since);
  if (since != NULL)
    return g_strdup_printf (_("open on %s by %s since %s"), host, user, since);
  if (info->stale)
    return g_strdup_printf (_("open on %s by %s (that program is no longer running: the lock is "
                              "stale)"), host, user);
  return g_strdup_printf (_("open on %s by %s"), host, user);
}

char *
dbo_store_lock_path (const char *path)
{
  g_autofree char *real = realpath (path, NULL);
  const char *target = real != NULL ? real : path;
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = g_strdup_printf (".%s.lock", base);

  return g_build_filename (dir, name, NULL);
}

/* ---- the lock file ---- */

static void
set_text (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static const char *
host_name (void)
{
  return g_get_host_name ();
}

static char *
lock_file_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *since = g_date_time_format_iso8601 (now);

  return g_strdup_printf ("# Dengbao: this project is open for editing\n"
                          "host=%s\nuser=%s\npid=%ld\nsince=%s\n",
                          host_name (), g_get_user_name (), (long) getpid (), since);
}

/* Parses a lock file; an unreadable or half-written one still means "locked". */
static DboLockInfo *
read_lock_file (const char *lock_path, gboolean *exists)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_auto(GStrv) lines = NULL;
  DboLockInfo *info;
  struct stat st;

  *exists = g_lstat (lock_path, &st) == 0;
  if (!*exists)
    return NULL;
  info = g_new0 (DboLockInfo, 1);
  if (!S_ISREG (st.st_mode) || st.st_size > LOCK_FILE_MAX
      || !g_file_get_contents (lock_path, &text, &len, NULL))
    return info;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      char *eq = strchr (*l, '=');
      const char *value;

      if (eq == NULL || **l == '#')
        continue;
      *eq = '\0';
      value = eq + 1;
      if (!g_utf8_validate (value, -1, NULL) || strlen (value) > 255)
        continue;
      if (g_str_equal (*l, "host"))
        set_text (&info->host, value);
      else if (g_str_equal (*l, "user"))
        set_text (&info->user, value);
      else if (g_str_equal (*l, "since"))
        set_text (&info->since, value);
      else if (g_str_equal (*l, "pid"))
        info->pid = g_ascii_strtoll (value, NULL, 10);
    }
  return info;
}

/* ---- the lock on the file itself ---- */

static struct flock
ofd_range (short type)
{
  struct flock fl = { 0 };

  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = OFD_LOCK_OFFSET;
  fl.l_len = 1;
  return fl;
}

typedef enum { OFD_TAKEN, OFD_BUSY, OFD_UNSUPPORTED } OfdResult;

static OfdResult
ofd_try (int fd)
{
  struct flock fl = ofd_range (F_WRLCK);

  if (fcntl (fd, F_OFD_SETLK, &fl) == 0)
    return OFD_TAKEN;
  if (errno == EAGAIN || errno == EACCES)
    return OFD_BUSY;
  /* NFS without lockd, some FUSE file systems: the lock file alone decides. */
  return OFD_UNSUPPORTED;
}

/* Is the project file held by a live session? Asked without taking it. */
static OfdResult
ofd_probe (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  struct flock fl = ofd_range (F_WRLCK);
  OfdResult result;

  if (fd < 0)
    return OFD_UNSUPPORTED;
  if (fcntl (fd, F_OFD_GETLK, &fl) != 0)
    result = OFD_UNSUPPORTED;
  else
    result = fl.l_type == F_UNLCK ? OFD_TAKEN : OFD_BUSY;
  close (fd);
  return result;
}

/* A lock file of this host whose process is gone, or whose file nobody
 * holds, was left by a crash. Another host's lock cannot be judged. */
static void
judge_staleness (DboLockInfo *info, const char *path)
{
  if (info->host == NULL || g_strcmp0 (info->host, host_name ()) != 0)
    return;
  if (info->pid > 0 && kill ((pid_t) info->pid, 0) != 0 && errno == ESRCH)
    info->stale = TRUE;
  else if (ofd_probe (path) == OFD_TAKEN)
    info->stale = TRUE;
}

DboLockInfo *
dbo_store_lock_query (const char *path)
{
  g_autofree char *lock_path = dbo_store_lock_path (path);
  gboolean exists = FALSE;
  DboLockInfo *info = read_lock_file (lock_path, &exists);

  if (info != NULL)
    {
      judge_staleness (info, path);
      return info;
    }
  /* No lock file: another name of the same file (a hard link) may be open. */
  if (ofd_probe (path) == OFD_BUSY)
    {
      info = g_new0 (DboLockInfo, 1);
      info->host = g_strdup (host_name ());
      return info;
    }
  return NULL;
}

static void
set_locked_error (GError **error, const char *path, const DboLockInfo *info)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *who = dbo_lock_info_describe (info);

  g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_LOCKED,
               _("The project file %s is %s; it can be opened read-only"), display, who);
}

DboStoreLock *
dbo_store_lock_acquire (const char *path, GError **error)
{
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autofree char *text = NULL;
  g_autofree char *display = NULL;
  DboStoreLock *lock;
  struct stat st;
  int lfd, saved;
  gsize len, done = 0;

  g_return_val_if_fail (path != NULL, NULL);

  lock = g_new0 (DboStoreLock, 1);
  lock->fd = g_open (path, O_RDWR | O_CLOEXEC | O_NONBLOCK, 0);
  if (lock->fd < 0)
    {
      saved = errno;
      display = g_filename_display_name (path);
      g_set_error (error, DBO_STORE_ERROR,
                   saved == EACCES || saved == EROFS ? DBO_STORE_ERROR_READ_ONLY : DBO_STORE_ERROR_IO,
                   _("Cannot open %s for editing: %s"), display, g_strerror (saved));
      g_free (lock);
      return NULL;
    }
  switch (ofd_try (lock->fd))
    {
    case OFD_BUSY:
      {
        g_autoptr(DboLockInfo) info = dbo_store_lock_query (path);

        if (info == NULL)
          {
            info = g_new0 (DboLockInfo, 1);
            info->host = g_strdup (host_name ());
          }
        info->stale = FALSE;
        set_locked_error (error, path, info);
        dbo_store_lock_release (lock);
        return NULL;
      }
    case OFD_UNSUPPORTED:
      close (lock->fd);
      lock->fd = -1;
      break;
    case OFD_TAKEN:
      break;
    }

  for (int attempt = 0;; attempt++)
    {
      gboolean exists = FALSE;
      g_autoptr(DboLockInfo) info = NULL;

      lfd = g_open (lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (lfd >= 0 || errno != EEXIST || attempt > 0)
        break;
      /* Left by a crash of this host's Dengbao: the kernel let go of the
       * file when its process died and the process is gone — nobody to
       * ask, so the lock is taken over. Anything less certain is asked. */
      info = read_lock_file (lock_path, &exists);
      if (info == NULL || lock->fd < 0 || g_strcmp0 (info->host, host_name ()) != 0 || info->pid <= 0
          || kill ((pid_t) info->pid, 0) == 0 || errno != ESRCH)
        {
          errno = EEXIST;
          break;
        }
      g_debug ("Taking over the stale lock of %s (process %" G_GINT64_FORMAT " is gone)", path, info->pid);
      if (g_unlink (lock_path) != 0 && errno != ENOENT)
        {
          errno = EEXIST;
          break;
        }
    }
  if (lfd < 0)
    {
      saved = errno;
      if (saved == EEXIST)
        {
          gboolean exists = FALSE;
          g_autoptr(DboLockInfo) info = read_lock_file (lock_path, &exists);

          if (info == NULL)
            info = g_new0 (DboLockInfo, 1);
          judge_staleness (info, path);
          set_locked_error (error, path, info);
        }
      else
        {
          display = g_filename_display_name (lock_path);
          g_set_error (error, DBO_STORE_ERROR,
                       saved == EACCES || saved == EROFS ? DBO_STORE_ERROR_READ_ONLY : DBO_STORE_ERROR_IO,
                       _("Cannot lock the project for editing (creating %s: %s); it can be opened read-only"),
                       display, g_strerror (saved));
        }
      dbo_store_lock_release (lock);
      return NULL;
    }
  text = lock_file_text ();
  len = strlen (text);
  while (done < len)
    {
      gssize n = write (lfd, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  if (done < len || fstat (lfd, &st) != 0)
    {
      saved = errno;
      close (lfd);
      g_unlink (lock_path);
      display = g_filename_display_name (lock_path);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot write the lock file %s: %s"),
                   display, g_strerror (saved != 0 ? saved : ENOSPC));
      dbo_store_lock_release (lock);
      return NULL;
    }
  fsync (lfd);
  close (lfd);
  lock->lock_path = g_steal_pointer (&lock_path);
  lock->lock_dev = st.st_dev;
  lock->lock_ino = st.st_ino;
  return lock;
}

void
dbo_store_lock_release (DboStoreLock *lock)
{
  struct stat st;

  if (lock == NULL)
    return;
  /* Remove the lock file only while it is the one we made: after a break,
   * another session's file is in its place. */
  if (lock->lock_path != NULL && g_lstat (lock->lock_path, &st) == 0
      && st.st_dev == lock->lock_dev && st.st_ino == lock->lock_ino)
    g_unlink (lock->lock_path);
  if (lock->fd >= 0)
    close (lock->fd);       /* drops the OFD lock */
  g_free (lock->lock_path);
  g_free (lock);
}

gboolean
dbo_store_lock_break (const char *path, GError **error)
{
  g_autofree char *lock_path = dbo_store_lock_path (path);
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (ofd_probe (path) == OFD_BUSY)
    {
      g_autoptr(DboLockInfo) info = dbo_store_lock_query (path);

      if (info == NULL)
        info = g_new0 (DboLockInfo, 1);
      info->stale = FALSE;
      set_locked_error (error, path, info);
      return FALSE;
    }
  if (g_unlink (lock_path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      display = g_filename_display_name (lock_path);
      g_set_error (error, DBO_STORE_ERROR, DBO_STORE_ERROR_IO, _("Cannot remove the lock file %s: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  g_debug ("Broke the lock of %s", path);
  return TRUE;
}
