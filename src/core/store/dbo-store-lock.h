/* dbo-store-lock.h — one writer per project file
 *
 * Opening a project to edit it takes two locks:
 *  - a lock file beside the project (".NAME.lock", created with O_EXCL) that
 *    names the holder — host, user, process, since when. It works across
 *    machines on a shared folder and is what the messages quote;
 *  - an open-file-description lock on the project file itself, on a byte
 *    SQLite never locks. It follows the file, not its name (a hard link or
 *    another spelling of the path finds it), and the kernel drops it when the
 *    holder dies, which tells a stale lock file from a live one. Unlike a
 *    POSIX lock it is not dropped when SQLite closes its own descriptor.
 * Read-only opens take neither.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *host;
  char *user;
  gint64 pid;
  char *since;            /* ISO 8601, the holder's clock; may be NULL */
  gboolean stale;         /* held by a process of this host that is gone */
} DboLockInfo;
void         dbo_lock_info_free      (DboLockInfo *info);
/* When the holder took the lock, in local time ("2026-12-07 09:30"), or NULL. */
char        *dbo_lock_info_since_text (const DboLockInfo *info);
/* "open on HOST by USER since 2026-12-07 09:30" (English, for the CLI and logs). */
char        *dbo_lock_info_describe  (const DboLockInfo *info);

typedef struct _DboStoreLock DboStoreLock;

/* Locks @path (an existing project file) for editing. Fails with
 * DBO_STORE_ERROR_LOCKED naming the holder when another session has it. */
DboStoreLock *dbo_store_lock_acquire (const char *path, GError **error);
/* Releases the lock; the lock file is removed only while it is still ours. */
void          dbo_store_lock_release (DboStoreLock *lock);

/* Who holds @path's lock, or NULL when nobody does. */
DboLockInfo  *dbo_store_lock_query   (const char *path);
/* Removes @path's lock file (after the user confirmed the holder is gone).
 * Refuses while a live process of this host still holds the file. */
gboolean      dbo_store_lock_break   (const char *path, GError **error);

/* The lock file's path for @path (beside the file symlinks lead to). */
char         *dbo_store_lock_path    (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboLockInfo, dbo_lock_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboStoreLock, dbo_store_lock_release)

G_END_DECLS
