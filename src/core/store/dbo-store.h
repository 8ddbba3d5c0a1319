/* dbo-store.h — one SQLite file per project (*.dengbao)
 *
 * Schema version in PRAGMA user_version, migrations one transaction per step,
 * WAL with synchronous=FULL (a rollback journal on network file systems,
 * where WAL does not work), every edit its own transaction, quick_check on
 * open. A file that is not a project, is newer than this application or is
 * corrupt is refused and never modified. New files are mode 0600, built
 * under a temporary name and linked into place.
 *
 * One writer per file: opening to edit takes the file's lock
 * (dbo-store-lock.h); opening read-only takes none, writes nothing, never
 * checkpoints and never migrates (an older file is upgraded in memory).
 * Before each write the store checks that its path still names the file it
 * opened and that no other connection changed it since (PRAGMA
 * data_version); if not, it refuses to write.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

#define DBO_STORE_ERROR (dbo_store_error_quark ())
typedef enum {
  DBO_STORE_ERROR_NOT_A_PROJECT,  /* "这不是等保备案项目文件" */
  DBO_STORE_ERROR_TOO_NEW,        /* written by a newer Dengbao */
  DBO_STORE_ERROR_CORRUPT,        /* quick_check failed or the data is inconsistent */
  DBO_STORE_ERROR_EXISTS,         /* create: the file is already there */
  DBO_STORE_ERROR_IO,             /* cannot open, read or write the file */
  DBO_STORE_ERROR_NOT_FOUND,      /* no such object, member or snapshot */
  DBO_STORE_ERROR_FAILED,         /* any other SQLite failure */
  DBO_STORE_ERROR_LOCKED,         /* open for editing by another session (dbo-store-lock.h) */
  DBO_STORE_ERROR_READ_ONLY,      /* opened read-only, or the file or its folder cannot be written */
  DBO_STORE_ERROR_REPLACED,       /* the path no longer names the file that was opened */
  DBO_STORE_ERROR_CHANGED,        /* another writer changed the file since it was read */
} DboStoreError;
GQuark dbo_store_error_quark (void);

/* The "application_id" in the SQLite header that marks our files ("DBO1"). */
#define DBO_STORE_APPLICATION_ID 0x44424f31
#define DBO_STORE_SCHEMA_VERSION 4

typedef struct _DboStore DboStore;

typedef struct {
  char *name;
  char *created;                  /* ISO 8601 */
} DboSnapshotInfo;
void dbo_snapshot_info_free (DboSnapshotInfo *info);

/* Creates @path (refusing an existing file) holding @project. */
DboStore   *dbo_store_create          (const char *path, const DboProject *project, GError **error);
typedef enum {
  DBO_STORE_OPEN_EDIT = 0,        /* lock, migrate an older schema (after a copy beside it) */
  DBO_STORE_OPEN_READ_ONLY = 1 << 0,
} DboStoreOpenFlags;

/* Opens and checks @path. */
DboStore   *dbo_store_open_full       (const char *path, DboStoreOpenFlags flags, GError **error);
/* dbo_store_open_full (@path, DBO_STORE_OPEN_EDIT, @error) */
DboStore   *dbo_store_open            (const char *path, GError **error);
void        dbo_store_close           (DboStore *self);
const char *dbo_store_get_path        (DboStore *self);
gboolean    dbo_store_is_read_only    (DboStore *self);
/* TRUE while @path still names the file this store opened. */
gboolean    dbo_store_check_identity  (DboStore *self, GError **error);
/* The device and inode of the file this store opened. */
void        dbo_store_get_identity    (DboStore *self, guint64 *dev, guint64 *ino);
/* Reads the whole project. */
DboProject *dbo_store_load            (DboStore *self, GError **error);

/* Edits: each is one transaction; on failure nothing of it is stored. */
gboolean    dbo_store_save_project    (DboStore *self, const DboProject *project, GError **error);
gboolean    dbo_store_save_header     (DboStore *self, const DboProject *project, GError **error); /* title, ruleset */
gboolean    dbo_store_save_enterprise (DboStore *self, const DboEnterprise *enterprise, GError **error);
gboolean    dbo_store_save_object     (DboStore *self, const DboObject *object, int position, GError **error);
gboolean    dbo_store_delete_object   (DboStore *self, const char *object_id, GError **error);
gboolean    dbo_store_save_panel      (DboStore *self, const DboPanel *panel, GError **error); /* date, organiser, location, conclusion, history */
gboolean    dbo_store_save_member     (DboStore *self, const DboMember *member, int position, GError **error);
gboolean    dbo_store_delete_member   (DboStore *self, const char *member_id, GError **error);
gboolean    dbo_store_save_recommendation (DboStore *self, const DboRecommendation *rec, GError **error); /* with its dissents */
gboolean    dbo_store_delete_recommendation (DboStore *self, const char *object_id, GError **error);
gboolean    dbo_store_save_review     (DboStore *self, const DboReview *review, GError **error);
gboolean    dbo_store_save_filing     (DboStore *self, const DboFiling *filing, GError **error); /* NULL clears */
gboolean    dbo_store_save_assessments (DboStore *self, GPtrArray *assessments, GError **error);
gboolean    dbo_store_add_attachment  (DboStore *self, const DboAttachment *attachment, GError **error);

/* Named snapshots ("专家评审前", "已报送" …) of the whole project. */
gboolean    dbo_store_snapshot_create  (DboStore *self, const char *name, GError **error);
GPtrArray  *dbo_store_snapshot_list    (DboStore *self, GError **error);  /* of DboSnapshotInfo*, oldest first */
/* @given, or "@prefix <local time>" made unique among the snapshots (" (2)" …),
 * for the snapshot an import takes first. */
char       *dbo_store_snapshot_name_for (DboStore *self, const char *given, const char *prefix,
                                         GError **error);
gboolean    dbo_store_snapshot_restore (DboStore *self, const char *name, GError **error);
gboolean    dbo_store_snapshot_delete  (DboStore *self, const char *name, GError **error);

/* A consistent copy through the SQLite backup API (refuses an existing @dest). */
gboolean    dbo_store_backup          (DboStore *self, const char *dest, GError **error);

/* TRUE when the first bytes of @path are an SQLite header (not a proof it is a project). */
gboolean    dbo_store_is_sqlite_file  (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboStore, dbo_store_close)

G_END_DECLS
