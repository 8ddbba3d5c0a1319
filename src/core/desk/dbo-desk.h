/* dbo-desk.h — a bureau's desk: the submissions it received and its answers
 *
 * One SQLite file per bureau (*.dengbao-desk), with the project store's
 * safety: built whole under a temporary name and linked into place (an
 * existing file is never taken), mode 0600, one writer at a time through the
 * store's lock (dbo-store-lock.h), read-only opens that take no lock and
 * write nothing, every change one transaction with synchronous=FULL, a file
 * that is not a desk or is newer refused untouched, and a consistent backup
 * through SQLite's backup API.
 *
 * A submission is one verified `submission` bundle (dbo-bundle.h) holding an
 * object the desk's bureau reviews; it keeps the bundle's project.xml, so the
 * bureau's Annex 3 and the reply bundle are made from the very data the
 * enterprise sent. Rules (routing, the answer's deadline, the review number's
 * format) come from the project's rule set and the working-day calendar.
 */
#pragma once

#include <glib.h>
#include "dbo-calendar.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

#define DBO_DESK_ERROR (dbo_desk_error_quark ())
typedef enum {
  DBO_DESK_ERROR_NOT_A_DESK,      /* not a desk file (a project, another SQLite file …) */
  DBO_DESK_ERROR_TOO_NEW,         /* written by a newer Dengbao */
  DBO_DESK_ERROR_EXISTS,          /* create: the file is already there */
  DBO_DESK_ERROR_IO,              /* cannot open, read or write the file */
  DBO_DESK_ERROR_INVALID,         /* a bad authority code, date or outcome */
  DBO_DESK_ERROR_NOT_FOUND,       /* no such submission */
  DBO_DESK_ERROR_REFUSED,         /* a bundle this desk does not take */
  DBO_DESK_ERROR_DECIDED,         /* the submission is decided already */
  DBO_DESK_ERROR_NOT_DECIDED,     /* the submission has no decision yet */
  DBO_DESK_ERROR_READ_ONLY,       /* opened read-only */
} DboDeskError;
GQuark dbo_desk_error_quark (void);

/* The "application_id" in the SQLite header that marks desk files ("DBD1"). */
#define DBO_DESK_APPLICATION_ID 0x44424431
#define DBO_DESK_SCHEMA_VERSION 2

typedef struct _DboDesk DboDesk;

typedef struct {
  char *id;                       /* the object's id in the project ("o3") */
  char *name;
  int level;                      /* its effective level as submitted */
  gboolean reviewed_here;         /* this bureau reviews it */
} DboDeskObject;

typedef struct {
  char *id;                       /* "0001": the desk's own id, zero-padded so it sorts */
  char *project_id;
  char *enterprise;
  char *credit_code;
  char *city;                     /* "01".."11" */
  DboEnterpriseKind kind;
  DboStandardization standardization;
  int round;                      /* 1 for the project's first bundle at this desk */
  char *previous;                 /* the id of the project's earlier round here, or NULL */
  char *received;                 /* YYYY-MM-DD */
  char *due;                      /* the answer's deadline */
  gboolean has_outcome;
  DboOutcome outcome;
  char *decided;                  /* NULL until decided */
  char *number;                   /* approved only */
  char *opinion;
  GPtrArray *objects;             /* of DboDeskObject*, in project order */
} DboDeskSubmission;

void                dbo_desk_submission_free (DboDeskSubmission *submission);
/* "pending" or the outcome's token. */
const char         *dbo_desk_submission_status (const DboDeskSubmission *submission);
/* Not decided and @today is past the due date. */
gboolean            dbo_desk_submission_is_overdue (const DboDeskSubmission *submission, const GDate *today);
/* Decided after the due date. */
gboolean            dbo_desk_submission_is_late (const DboDeskSubmission *submission);

/* Creates @path (refusing an existing file) for the bureau @authority, a
 * region code of @rules ("00" the province, "01".."11" the cities). */
DboDesk            *dbo_desk_create        (const char *path, const char *authority, const DboRuleset *rules,
                                            GError **error);
typedef enum {
  DBO_DESK_OPEN_EDIT = 0,         /* takes the lock */
  DBO_DESK_OPEN_READ_ONLY = 1 << 0,
} DboDeskOpenFlags;
DboDesk            *dbo_desk_open          (const char *path, DboDeskOpenFlags flags, GError **error);
void                dbo_desk_close         (DboDesk *self);
const char         *dbo_desk_get_path      (DboDesk *self);
/* The bureau's region code. */
const char         *dbo_desk_get_authority (DboDesk *self);
/* Opened with DBO_DESK_OPEN_READ_ONLY: it receives and decides nothing. */
gboolean            dbo_desk_is_read_only  (DboDesk *self);

typedef enum {
  DBO_DESK_RECEIVED_NEW,          /* a new submission (a first round or a later one) */
  DBO_DESK_RECEIVED_ALREADY,      /* the same manifest was received before: nothing changed */
} DboDeskReceived;

/* Verifies the bundle at @bundle_path completely (dbo_bundle_verify) and
 * registers it as received on @received, due the rule set's "review-answer"
 * working days later on @calendar. Refused, with nothing stored: a bundle
 * verification refuses (its DBO_BUNDLE_ERROR), one that is not a submission,
 * or one without an object this bureau reviews (DBO_DESK_ERROR_REFUSED, the
 * message naming the bureau that does). Returns the submission (transfer
 * full); *@received_out says whether it is new. */
DboDeskSubmission  *dbo_desk_receive       (DboDesk *self, const char *bundle_path, const GDate *received,
                                            const DboCalendar *calendar, DboDeskReceived *received_out,
                                            GError **error);
/* Every submission, by received date then id (of DboDeskSubmission*). */
GPtrArray          *dbo_desk_list          (DboDesk *self, GError **error);
/* One submission by its id ("0001" or "1"). */
DboDeskSubmission  *dbo_desk_find          (DboDesk *self, const char *id, GError **error);
/* Records the bureau's decision on @decided. An approval takes the bureau's
 * next review number for that year (CC-YYYY-NNNN from 0001, never reused).
 * A decided submission is refused (DBO_DESK_ERROR_DECIDED). */
DboDeskSubmission  *dbo_desk_decide        (DboDesk *self, const char *id, DboOutcome outcome, const char *opinion,
                                            const GDate *decided, GError **error);
/* The project as the enterprise sent it, with the bureau's decision added as
 * its newest review round; *@part_out (nullable) gets that round's Annex 3
 * key ("09-1"). Refused before a decision (DBO_DESK_ERROR_NOT_DECIDED). */
DboProject         *dbo_desk_answer_project (DboDesk *self, const char *id, char **part_out, GError **error);
/* The project as the enterprise sent it. */
DboProject         *dbo_desk_submitted_project (DboDesk *self, const char *id, GError **error);

/* Named snapshots of what the desk holds (submissions, decisions, serials),
 * oldest first in the list (of DboSnapshotInfo*). A restore keeps the state
 * it replaces as a snapshot of its own (*@automatic_out gets its name), and
 * never takes the review numbers back: a number given is never given again. */
gboolean            dbo_desk_snapshot_create  (DboDesk *self, const char *name, GError **error);
GPtrArray          *dbo_desk_snapshot_list    (DboDesk *self, GError **error);
gboolean            dbo_desk_snapshot_restore (DboDesk *self, const char *name, char **automatic_out,
                                               GError **error);

/* A consistent copy of the whole desk (refuses an existing @dest). */
gboolean            dbo_desk_backup          (DboDesk *self, const char *dest, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboDesk, dbo_desk_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboDeskSubmission, dbo_desk_submission_free)

G_END_DECLS
