/* dbo-file-util.h — files written whole, then put in place under their name
 *
 * Every file Dengbao writes for the user (a project, a project.xml, a bundle,
 * a rendered PDF) is first written as a temporary file in the folder of its
 * final name, then published: renamed over an earlier file (replace), or
 * linked to a name that must not exist yet (create). A reader of the final
 * name sees the old file or the whole new one, never a part; a process killed
 * while writing leaves the final name as it was.
 *
 * Two ways to hold the temporary file:
 *
 * - DboTempFile: anonymous where the file system allows it (Linux O_TMPFILE):
 *   a process killed before dbo_temp_file_publish() leaves nothing at all in
 *   the folder. Elsewhere it falls back to a hidden name ".NAME.XXXXXX",
 *   removed by dbo_temp_file_free() on every failure.
 * - dbo_file_create_temp() + dbo_file_publish(): a hidden name from the start,
 *   for writers that need a path (SQLite opens its database by name).
 *
 * Publishing without DBO_FILE_PUBLISH_REPLACE never takes a name that exists,
 * even against another process publishing to it at the same moment: the
 * temporary file is hard-linked to the final name, which fails when it is
 * there (G_IO_ERROR_EXISTS). Where the file system has no hard links (FAT,
 * exFAT, some SMB shares) the final name is first claimed with O_EXCL, then the
 * temporary file renamed over the claim.
 *
 * Publishing with DBO_FILE_PUBLISH_REPLACE refuses an existing final name that
 * is not a regular file (a folder, device, FIFO, socket: G_IO_ERROR_NOT_REGULAR_FILE)
 * and replaces a regular one.
 *
 * Every failure is a GError in G_IO_ERROR with a message naming the file.
 * Nothing here is thread-safe for one DboTempFile; different ones may be used
 * from different threads.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DBO_FILE_PUBLISH_CREATE  = 0,        /* the final name must not exist (G_IO_ERROR_EXISTS) */
  DBO_FILE_PUBLISH_REPLACE = 1 << 0,   /* an existing regular file is replaced */
  DBO_FILE_PUBLISH_NO_LINK = 1 << 1,   /* (tests) behave as on a file system without hard links */
} DboFilePublishFlags;

/* Fails with G_IO_ERROR_NOT_REGULAR_FILE (or G_IO_ERROR_IS_DIRECTORY) when
 * @path exists and is not a regular file (symbolic links are followed);
 * TRUE when it is a regular file or does not exist. */
gboolean     dbo_file_check_replaceable (const char *path, GError **error);

/* Which file a path named when it was opened (device and inode), so that a
 * write can first make sure the path still names that file and not one put
 * in its place (or nothing). Both return FALSE with *@errno_out set when
 * @path cannot be examined; _matches also returns FALSE, *@errno_out 0, when
 * @path now names another file. */
typedef struct {
  guint64 dev;
  guint64 ino;
} DboFileIdentity;
gboolean     dbo_file_identity_read     (const char *path, DboFileIdentity *identity, int *errno_out);
gboolean     dbo_file_identity_matches  (const char *path, const DboFileIdentity *identity, int *errno_out);

/* Creates a new hidden file ".@hint.XXXXXX" in @dir (O_EXCL, close-on-exec,
 * @mode less the umask) and returns its descriptor, open for reading and
 * writing; *@tmp_path_out gets its path. -1 on failure. */
int          dbo_file_create_temp       (const char *dir, const char *hint, int mode,
                                         char **tmp_path_out, GError **error);

/* Publishes the file at @tmp_path (in the folder of @final_path) as
 * @final_path, see above. On success @tmp_path no longer exists; on failure
 * it is left as it was, for the caller to remove. Syncs the folder. */
/* Before an SQLite file (a project, a desk) takes the free name @path: a
 * -wal, -shm or -journal left beside it belongs to a file deleted while it
 * was open (a process killed), and SQLite would play it into the new file.
 * Regular files only; nothing is removed while @path names a file. */
void         dbo_file_remove_orphan_journals (const char *path);
gboolean     dbo_file_publish           (const char *tmp_path, const char *final_path,
                                         DboFilePublishFlags flags, GError **error);

typedef struct _DboTempFile DboTempFile;

/* A new temporary file in @dir (created with @mode less the umask) that is to
 * become a file named like @final_name (a base name; used for the fallback's
 * hidden name and for messages). */
DboTempFile *dbo_temp_file_new          (const char *dir, const char *final_name, int mode, GError **error);
/* Its descriptor, open for reading and writing (owned by @tmp). */
int          dbo_temp_file_get_fd       (DboTempFile *tmp);
/* TRUE when the file has no name yet (O_TMPFILE). */
gboolean     dbo_temp_file_is_anonymous (DboTempFile *tmp);
/* Appends @len bytes; a short write (a full disk, a file size limit) fails. */
gboolean     dbo_temp_file_write        (DboTempFile *tmp, const void *data, gsize len, GError **error);
/* Flushes the data to the disk and closes the descriptor, keeping the file
 * (an anonymous one gets a hidden name first): for a caller holding many
 * temporary files at once. dbo_temp_file_publish() does the same itself. */
gboolean     dbo_temp_file_close        (DboTempFile *tmp, GError **error);
/* Flushes, then publishes the file as @final_path (a path in the folder given
 * to dbo_temp_file_new()). Once published, dbo_temp_file_free() leaves it. */
gboolean     dbo_temp_file_publish      (DboTempFile *tmp, const char *final_path,
                                         DboFilePublishFlags flags, GError **error);
/* Closes, and removes the temporary file unless it was published. */
void         dbo_temp_file_free         (DboTempFile *tmp);

/* Writes @data to @path whole through a DboTempFile (see above); @mode as for
 * open(2), less the umask. */
gboolean     dbo_file_write_atomic      (const char *path, const void *data, gsize len, int mode,
                                         DboFilePublishFlags flags, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboTempFile, dbo_temp_file_free)

G_END_DECLS
