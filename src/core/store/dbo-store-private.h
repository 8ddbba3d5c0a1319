/* dbo-store-private.h — what the store's files share, never installed
 *
 * The store is one connection (DboStore) seen from five files: dbo-db.c
 * (statements, values in column order, write transactions),
 * dbo-store-schema.c (the schema, migrations, the schema check),
 * dbo-store-map.c (the model to rows and back), dbo-store-open.c (opening
 * and creating files) and dbo-store-snapshot.c (snapshots and copies);
 * dbo-store.c holds the public calls that edit the project in place.
 */
#pragma once

#include "dbo-file-util.h"
#include "dbo-store.h"
#include "dbo-store-lock.h"

#include <sqlite3.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define BUSY_TIMEOUT_MS 5000
#define SQLITE_HEADER_SIZE 100
#define SQLITE_MAGIC "SQLite format 3"   /* followed by a NUL: 16 bytes */

struct _DboStore
{
  sqlite3 *db;
  char *path;
  GHashTable *statements;   /* SQL text → prepared sqlite3_stmt*, reused */
  const char *doing;        /* what the current public call is doing, for errors */
  gboolean probe;           /* an inspection: errors are worded by its caller */
  DboProject *migrating;    /* a format-0 project whose later parts wait for their tables */

  gboolean read_only;       /* opened read-only (or an older file upgraded in memory) */
  DboStoreLock *lock;       /* held while open for editing */
  gboolean have_identity;   /* identity names the file opened */
  DboFileIdentity identity;
  gboolean have_wal;        /* wal_dev/wal_ino name the -wal this connection uses */
  dev_t wal_dev;
  ino_t wal_ino;
  gboolean journal_chosen;   /* WAL (or, on a network file system, DELETE) set for writing */
  gboolean have_data_version;
  int data_version;         /* PRAGMA data_version as of the last read or write of ours */
};

/* A cached statement is reset when the variable holding it goes out of scope,
 * so no read transaction is left open by an early return. */
typedef sqlite3_stmt *DboStmt;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DboStmt, sqlite3_reset, NULL)

/* Binding proceeds in column order through a counter, so the column
 * descriptors (DboTable, below) are the single place that fixes the order. */
typedef struct {
  sqlite3_stmt *st;
  int i;
} DboBinder;

typedef struct {
  DboStore *store;
  sqlite3_stmt *st;
  const char *table;
  int c;                    /* next column */
  GError *error;            /* the first problem met */
  guint row;                /* the row being read, from 1 in reading order */
} DboReader;

/* ---- dbo-db.c: errors ---- */

int           dbo_db_error_code           (int rc);
void          dbo_db_set_error            (DboStore *self, GError **error, int rc);
void          dbo_store_set_not_a_project (GError **error, const char *path, const char *why);
void          dbo_store_set_corrupt       (GError **error, const char *path, const char *why);
/* A value from the file as a message may show it. */
char         *dbo_store_printable         (const char *text);

/* ---- dbo-db.c: statements ---- */

void          dbo_db_harden               (sqlite3 *db);
gboolean      dbo_db_exec                 (DboStore *self, const char *sql, GError **error);
sqlite3_stmt *dbo_db_stmt                 (DboStore *self, const char *sql, GError **error);
gboolean      dbo_db_run                  (DboStore *self, sqlite3_stmt *st, GError **error);
gboolean      dbo_db_run_with_text        (DboStore *self, const char *sql, const char *text,
                                           GError **error);
gboolean      dbo_db_run_with_int         (DboStore *self, const char *sql, gint64 value,
                                           GError **error);
gboolean      dbo_db_query_int64          (DboStore *self, const char *sql, gint64 *out,
                                           GError **error);
gboolean      dbo_db_lookup               (DboStore *self, const char *sql, const char *text,
                                           gboolean *found, gint64 *value, GError **error);
gboolean      dbo_db_pragma_int           (DboStore *self, const char *pragma, int *out,
                                           GError **error);
sqlite3_stmt *dbo_db_insert               (DboStore *self, const char *table,
                                           const char * const *columns, GError **error);
sqlite3_stmt *dbo_db_select               (DboStore *self, const char *table,
                                           const char * const *columns, const char *tail,
                                           GError **error);

/* ---- dbo-db.c: values in column order ---- */

void          dbo_bind_str                (DboBinder *b, const char *value);
void          dbo_bind_int                (DboBinder *b, gint64 value);
void          dbo_bind_bool               (DboBinder *b, gboolean value);
void          dbo_bind_double             (DboBinder *b, double value);
void          dbo_bind_token              (DboBinder *b, const DboToken *table, int value);
gboolean      dbo_bind_run                (DboStore *self, DboBinder *b, GError **error);

void          dbo_reader_fail             (DboReader *r, int column, const char *format, ...)
                                           G_GNUC_PRINTF (3, 4);
void          dbo_reader_start_row        (DboReader *r);
gboolean      dbo_reader_finish           (DboReader *r, int rc, GError **error);
char         *dbo_read_str                (DboReader *r);
void          dbo_read_str_into           (DboReader *r, char **field);
gint64        dbo_read_int_range          (DboReader *r, gint64 min, gint64 max);
int           dbo_read_int                (DboReader *r);
gboolean      dbo_read_bool               (DboReader *r);
double        dbo_read_double             (DboReader *r);
int           dbo_read_token              (DboReader *r, const DboToken *table);
char         *dbo_read_typed              (DboReader *r, const char *type, gboolean optional);
void          dbo_read_typed_into         (DboReader *r, char **field, const char *type);
char         *dbo_read_id                 (DboReader *r);
char         *dbo_read_sha256             (DboReader *r, gboolean optional);

/* ---- dbo-db.c: transactions ---- */

gboolean      dbo_store_identity_matches  (DboStore *self, int *errno_out);
gboolean      dbo_store_note_data_version (DboStore *self, GError **error);
gboolean      dbo_store_check_data_version (DboStore *self, GError **error);
gboolean      dbo_store_begin             (DboStore *self, const char *doing, GError **error);
gboolean      dbo_store_finish            (DboStore *self, gboolean ok, GError **error);

/* ---- dbo-store-schema.c ---- */

gboolean      dbo_store_create_schema     (DboStore *self, GError **error);
gboolean      dbo_store_migrate           (DboStore *self, GError **error);
gboolean      dbo_store_set_user_version  (DboStore *self, int version, GError **error);
gboolean      dbo_store_create_private_file (const char *path, GError **error);
gboolean      dbo_store_backup_before_migration (DboStore *self, int version, GError **error);
gboolean      dbo_store_check_schema      (sqlite3 *db, int version, GError **error);
gboolean      dbo_store_recheck_schema    (DboStore *self, GError **error);

/* ---- dbo-store-map.c: one descriptor per column ---- */

/* What a column holds. The first six are the row's place, given by the
 * caller (DboRowContext) when writing and read by the caller when loading;
 * the others are a field of the record at the column's offset. */
typedef enum {
  DBO_COLUMN_SINGLETON,       /* 1: a table of one row */
  DBO_COLUMN_POSITION,        /* the row's place among its siblings */
  DBO_COLUMN_PARENT,          /* the text id of the record the row belongs to */
  DBO_COLUMN_GROUP,           /* which of the parent's lists (a token) */
  DBO_COLUMN_ROWID,           /* the row's own integer id; a new one for 0 */
  DBO_COLUMN_PARENT_ROWID,    /* the integer id of the row it belongs to */
  DBO_COLUMN_STR,             /* char *, kept as it is (NULL, "" or text) */
  DBO_COLUMN_TYPED,           /* char *, a value of project.xsd's simple type @type or empty */
  DBO_COLUMN_ID,              /* char *, an id (dbo_id_is_valid) */
  DBO_COLUMN_SHA256,          /* char *, a SHA-256 in hex or empty */
  DBO_COLUMN_INT,             /* int */
  DBO_COLUMN_BOOL,            /* gboolean, 0 or 1 */
  DBO_COLUMN_DOUBLE,          /* double */
  DBO_COLUMN_TOKEN,           /* an enum, as its token in @tokens; "none" (token "") as NULL */
  DBO_COLUMN_OPTIONAL_TOKEN,  /* an enum that is there when the gboolean at @flag says so */
  DBO_COLUMN_CUSTOM,          /* converted by @bind and @read */
} DboColumnKind;

typedef struct {
  const char *name;
  DboColumnKind kind;
  gsize offset;               /* of the field in the record */
  const DboToken *tokens;     /* TOKEN, OPTIONAL_TOKEN, GROUP */
  const char *type;           /* TYPED */
  gsize flag;                 /* OPTIONAL_TOKEN */
  int since;                  /* the format that added the column; 0 for the first */
  void (*bind) (DboBinder *b, gconstpointer record);
  void (*read) (DboReader *r, gpointer record);
} DboColumn;

/* A table's columns in their order in the file: the one list that fixes
 * it for inserts, selects, binding and reading. */
typedef struct {
  const char *name;
  const DboColumn *columns;
  guint n_columns;
} DboTable;

/* The row's place, for the columns that are not fields of the record. */
typedef struct {
  gint64 position;
  const char *parent;
  gint64 rowid;
  int group;
} DboRowContext;

/* Every table the model is mapped to column by column, NULL-terminated
 * (attachments and snapshots, written with their own SQL, are not). */
extern const DboTable * const dbo_store_tables[];

/* ---- dbo-store-map.c ---- */

gboolean      dbo_store_write_enterprise  (DboStore *self, const DboEnterprise *e, GError **error);
gboolean      dbo_store_write_not_run     (DboStore *self, const DboEnterprise *e, GError **error);
gboolean      dbo_store_write_object      (DboStore *self, const DboObject *o, gint64 position,
                                           int version, GError **error);
gboolean      dbo_store_write_panel       (DboStore *self, const DboPanel *panel, GError **error);
gboolean      dbo_store_write_history     (DboStore *self, const DboPanel *panel, GError **error);
gboolean      dbo_store_write_member      (DboStore *self, const DboMember *m, gint64 position,
                                           GError **error);
gboolean      dbo_store_write_recommendation (DboStore *self, const DboRecommendation *rec,
                                              gint64 position, GError **error);
gboolean      dbo_store_write_dissents    (DboStore *self, const DboRecommendation *rec,
                                           GError **error);
gboolean      dbo_store_write_review      (DboStore *self, const DboReview *r, gint64 id,
                                           gint64 position, GError **error);
gboolean      dbo_store_write_filing      (DboStore *self, const DboFiling *f, GError **error);
gboolean      dbo_store_write_assessments (DboStore *self, GPtrArray *assessments, GError **error);
gboolean      dbo_store_write_attachment  (DboStore *self, const DboAttachment *a, gint64 position,
                                           GError **error);
gboolean      dbo_store_write_v2_parts    (DboStore *self, const DboProject *p, GError **error);
gboolean      dbo_store_write_content_at  (DboStore *self, const DboProject *p, int version,
                                           GError **error);
gboolean      dbo_store_write_content     (DboStore *self, const DboProject *p, GError **error);
gboolean      dbo_store_purge_attachments (DboStore *self, GError **error);
gboolean      dbo_store_replace_content   (DboStore *self, const DboProject *p, GError **error);
gboolean      dbo_store_load_objects      (DboStore *self, DboProject *p, GError **error);
DboProject   *dbo_store_load_content      (DboStore *self, GError **error);

/* ---- dbo-store-open.c ---- */

gboolean      dbo_store_choose_journal    (DboStore *self, GError **error);

G_END_DECLS
