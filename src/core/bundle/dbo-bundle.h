/* dbo-bundle.h — submission bundles: export, verify, import (data/schema/bundle.md)
 *
 * A bundle is a ZIP file holding manifest.xml, project.xml, the rendered
 * documents and the attachments, each listed in the manifest with its size
 * and SHA-256. XML and attachments are deflated; the PDFs, compressed inside
 * already, are stored. Export is deterministic: the same project gives the
 * same bytes on any machine (fixed entry order: project.xml, Annex 2, Annex 3,
 * the grading reports, Annex 4, attachments, manifest.xml last — documents are
 * rendered on every core, written in that order; permissions 0644, uid/gid 0, every time
 * taken from the project — see dbo_bundle_project_time() — with the MS-DOS
 * time fields in Beijing time whatever the machine's time zone). The manifest
 * records the generator ("Dengbao " PACKAGE_VERSION) and the font files the
 * documents were drawn with (<fonts>: family, base name, SHA-256), which tell
 * a reader whether it can compare the documents byte for byte.
 *
 * Reading never trusts the file: dbo_bundle_verify() runs every check of
 * data/schema/bundle.md §4 (archive structure, entry names and types, size, count and
 * ratio limits, manifest and project.xml schemas, sizes and checksums) before
 * anything is written anywhere. The manifest is written by the same party as
 * the documents, so its checksums prove only that nothing changed after
 * export; verification then proves that each document is the one the
 * bundle's project.xml produces (see dbo_bundle_verify()), and that a
 * submission or review has no errors as of its `created` date. A refusal is a GError in DBO_BUNDLE_ERROR whose
 * code is the check; dbo_bundle_error_get_check() gives its stable name and
 * dbo_bundle_error_get_file() the entry (or file) it concerns.
 */
#pragma once

#include <glib.h>
#include "dbo-calendar.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"
#include "dbo-store.h"

G_BEGIN_DECLS

#define DBO_BUNDLE_NS "urn:dengbao:bundle:1"
#define DBO_BUNDLE_FORMAT_VERSION "1"

/* Limits applied while reading; a bundle over any of them is refused.
 * dbo_bundle_export() applies the same ones, so it never writes a bundle
 * verify refuses. */
#define DBO_BUNDLE_MAX_ARCHIVE   (G_GINT64_CONSTANT (512) * 1024 * 1024)  /* the ZIP file itself */
#define DBO_BUNDLE_MAX_ENTRIES   10000
#define DBO_BUNDLE_MAX_TOTAL     (G_GINT64_CONSTANT (512) * 1024 * 1024)  /* all entries, uncompressed */
#define DBO_BUNDLE_MAX_ENTRY     (G_GINT64_CONSTANT (256) * 1024 * 1024)  /* one entry, uncompressed */
#define DBO_BUNDLE_MAX_MANIFEST  (4 * 1024 * 1024)
#define DBO_BUNDLE_MAX_NAME      255
/* An entry may expand at most this many times its compressed size once it is
 * past DBO_BUNDLE_RATIO_FLOOR bytes (deflate tops out near 1032:1). */
#define DBO_BUNDLE_MAX_RATIO     200
#define DBO_BUNDLE_RATIO_FLOOR   (1024 * 1024)

#define DBO_BUNDLE_ERROR (dbo_bundle_error_quark ())
/* Each code is one check; dbo_bundle_error_get_check() names it. */
typedef enum {
  DBO_BUNDLE_ERROR_IO,                 /* "io": the file cannot be read or written */
  DBO_BUNDLE_ERROR_PROJECT_ERRORS,     /* "project-errors": a submission while the project has errors */
  DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED,   /* "document-blocked": a document cannot be rendered */
  DBO_BUNDLE_ERROR_NO_DECISION,        /* "no-decision": a review bundle without the bureau's decision */
  DBO_BUNDLE_ERROR_EXISTS,             /* "exists": the import destination is already there */
  DBO_BUNDLE_ERROR_OTHER_PROJECT,      /* "other-project": import into a file holding another project */
  /* verification */
  DBO_BUNDLE_ERROR_NOT_ZIP,            /* "not-zip": empty, or not a ZIP archive */
  DBO_BUNDLE_ERROR_INCOMPLETE,         /* "incomplete": 文件不完整, the archive is cut off */
  DBO_BUNDLE_ERROR_DAMAGED,            /* "damaged": CRC or compressed data wrong, headers inconsistent */
  DBO_BUNDLE_ERROR_UNSUPPORTED,        /* "unsupported": encryption, ZIP64, another compression method */
  DBO_BUNDLE_ERROR_ENTRY_COUNT,        /* "entry-count": more than DBO_BUNDLE_MAX_ENTRIES */
  DBO_BUNDLE_ERROR_SIZE_LIMIT,         /* "size-limit": an entry, the total or the file too large */
  DBO_BUNDLE_ERROR_COMPRESSION_RATIO,  /* "compression-ratio": a ZIP bomb */
  DBO_BUNDLE_ERROR_ENTRY_NAME,         /* "entry-name": absolute, "..", backslash, drive, not ASCII */
  DBO_BUNDLE_ERROR_ENTRY_TYPE,         /* "entry-type": a link, device, FIFO or socket */
  DBO_BUNDLE_ERROR_DUPLICATE_NAME,     /* "duplicate-name": twice, also differing only in case */
  DBO_BUNDLE_ERROR_MANIFEST_MISSING,   /* "manifest-missing" */
  DBO_BUNDLE_ERROR_XML_FORBIDDEN,      /* "xml-forbidden": a DTD, entity or external reference */
  DBO_BUNDLE_ERROR_XML_MALFORMED,      /* "xml-malformed": not well-formed, not UTF-8 */
  DBO_BUNDLE_ERROR_NAMESPACE,          /* "namespace": not a Dengbao bundle manifest / project */
  DBO_BUNDLE_ERROR_FORMAT_VERSION,     /* "format-version": written by a newer Dengbao */
  DBO_BUNDLE_ERROR_SCHEMA,             /* "schema": manifest.xml or project.xml fails its XSD */
  DBO_BUNDLE_ERROR_FILE_MISSING,       /* "file-missing": listed, not in the archive */
  DBO_BUNDLE_ERROR_FILE_UNLISTED,      /* "file-unlisted": in the archive, not listed */
  DBO_BUNDLE_ERROR_FILE_SIZE,          /* "file-size": size differs from the manifest */
  DBO_BUNDLE_ERROR_FILE_CHECKSUM,      /* "file-checksum": SHA-256 differs (the file was changed) */
  DBO_BUNDLE_ERROR_FILE_ROLE,          /* "file-role": role and path do not fit together */
  DBO_BUNDLE_ERROR_PROJECT_INVALID,    /* "project-invalid": project.xml breaks a rule beyond its schema */
  DBO_BUNDLE_ERROR_PROJECT_MISMATCH,   /* "project-mismatch": manifest and project.xml disagree */
  DBO_BUNDLE_ERROR_DOCUMENT_MISMATCH,  /* "document-mismatch": a document is not one project.xml produces
                                          (other bytes or text, not a PDF, other page count) */
  DBO_BUNDLE_ERROR_WRONG_KIND,         /* "wrong-kind": another kind of bundle than the one asked for */
} DboBundleError;
#define DBO_BUNDLE_N_ERRORS (DBO_BUNDLE_ERROR_WRONG_KIND + 1)

GQuark       dbo_bundle_error_quark     (void);
/* The stable name of a check ("incomplete", "file-checksum" …). */
const char  *dbo_bundle_check_name      (DboBundleError code);
/* For an error in DBO_BUNDLE_ERROR: the check's name and the entry or file it
 * names ("" when none). NULL for an error of another domain. */
const char  *dbo_bundle_error_get_check (const GError *error);
const char  *dbo_bundle_error_get_file  (const GError *error);

typedef enum {
  DBO_BUNDLE_SUBMISSION,               /* to the bureau: only without errors */
  DBO_BUNDLE_BACKUP,                   /* any state, never accepted as a submission */
  DBO_BUNDLE_REVIEW,                   /* the bureau's answer: Annex 3 and its decision */
} DboBundleKind;

/* "submission" "backup" "review" */
const char  *dbo_bundle_kind_token      (DboBundleKind kind);
gboolean     dbo_bundle_kind_from_token (const char *token, DboBundleKind *kind_out);

/* The time a bundle of @project carries (manifest `created`, entry mtimes):
 * the panel's conclusion, else the panel date, else the newest drafted date,
 * else 2021-03-01 — never the clock. ISO 8601 with +08:00. */
char        *dbo_bundle_project_time    (const DboProject *project);
/* The time a bundle of @kind carries: a review's is the day of the newest
 * decision it records (midnight, +08:00), any other's the project's time. */
char        *dbo_bundle_time            (const DboProject *project, DboBundleKind kind);

/* Writes the bundle to a temporary file beside @path (nameless where the file
 * system allows: a killed export leaves nothing) and renames it over @path (an
 * earlier bundle there is replaced; a failure leaves @path as it was; a @path
 * that is a folder, device, FIFO or socket is refused, DBO_BUNDLE_ERROR_IO).
 * The file is 0600, like the project whose personal data it holds. A submission is refused with DBO_BUNDLE_ERROR_PROJECT_ERRORS while
 * dbo_checks_run() reports errors — the message lists them, one per line, as
 * "code path: message"; a document that cannot be rendered refuses it too
 * (DOCUMENT_BLOCKED). A backup leaves blocked documents out. A review needs the
 * bureau's decision and holds project.xml and Annex 3; attachments that
 * come without their bytes (a desk keeps none) are named, not carried.
 * A bundle over the limits above is refused (ENTRY_COUNT, SIZE_LIMIT) before
 * anything is written for what the project holds, and before the rename for
 * the rendered documents. */
gboolean     dbo_bundle_export          (const DboProject *project, const DboRuleset *rules,
                                         const DboCalendar *calendar, const GDate *today,
                                         DboBundleKind kind, const char *path, GError **error);

/* What a bundle of a project takes of the limits above, from the model
 * alone (nothing rendered): its entries, and its attachments with data,
 * equal bytes counted once as a bundle stores them. */
typedef struct {
  guint n_entries;                     /* project.xml, the documents, the attachments, manifest.xml */
  guint n_attachments;
  guint64 total;                       /* the attachments' bytes */
  guint64 largest;                     /* the largest attachment's */
  const char *largest_name;            /* its name (owned by the project); may be NULL */
} DboBundleUsage;

/* For a submission bundle of @project (a backup's is no larger). */
void         dbo_bundle_usage           (const DboProject *project, const DboRuleset *rules,
                                         DboBundleUsage *usage);
/* The largest share of a limit @usage takes: of DBO_BUNDLE_MAX_ENTRIES,
 * DBO_BUNDLE_MAX_TOTAL or (its largest attachment) DBO_BUNDLE_MAX_ENTRY;
 * over 1.0, an export is refused. */
double       dbo_bundle_usage_fraction  (const DboBundleUsage *usage);

typedef struct {
  char *path;                          /* "documents/annex2.pdf" */
  char *role;                          /* data annex2 annex3 annex4 report attachment */
  char *title;                         /* 专家评审意见书 …; NULL for data and attachments */
  guint64 size;
  char *sha256;
} DboBundleFile;

/* A font file the documents were rendered with (manifest <fonts>). */
typedef struct {
  char *family;                        /* "Noto Serif CJK SC" */
  char *file;                          /* base name: "NotoSerifCJK-Regular.ttc" */
  char *sha256;
} DboBundleFont;

/* How the documents were proved to be project.xml's. */
typedef enum {
  DBO_BUNDLE_PROOF_NONE,               /* the bundle holds no document */
  DBO_BUNDLE_PROOF_BYTES,              /* same generator and fonts: byte for byte with a re-render */
  DBO_BUNDLE_PROOF_TEXT,               /* another generator or other fonts: page count and text */
} DboBundleProof;

typedef struct {
  DboBundleKind kind;
  char *created;                       /* as in the manifest */
  char *generator;                     /* "Dengbao 0.1.0" */
  GPtrArray *fonts;                    /* of DboBundleFont*; empty when the manifest lists none */
  DboBundleProof proof;
  char *data_sha256;                   /* SHA-256 of the canonical project.xml */
  DboProject *project;                 /* attachments carry their data when the bundle has it */
  GPtrArray *files;                    /* of DboBundleFile*, in manifest order */
  guint64 total_size;                  /* sum of the files' sizes */
} DboBundleReport;

void         dbo_bundle_report_free     (DboBundleReport *report);
/* The listed file at @path, or NULL. */
const DboBundleFile *dbo_bundle_report_find (const DboBundleReport *report, const char *path);

/* Verifies the bundle at @path completely; writes nothing anywhere.
 *
 * After the archive, manifest and checksum checks, every document is proved
 * to be the one the bundle's project.xml produces, by re-rendering it here
 * (on every core, as export does):
 *  - where the manifest's generator is this build's ("Dengbao " PACKAGE_VERSION)
 *    and its <fonts> are the files this machine renders with (same names and
 *    SHA-256), the bytes must be identical (DBO_BUNDLE_PROOF_BYTES) — authoritative;
 *  - otherwise each document must be a PDF (%PDF- header, read by poppler)
 *    with the re-rendered document's page count, and the text of each page
 *    (poppler, whitespace removed) must equal the re-rendered page's
 *    (DBO_BUNDLE_PROOF_TEXT) — the content is proved, not the drawing.
 * A document project.xml cannot produce (blocked by its errors) is refused
 * as well. A submission or review bundle is refused
 * (DBO_BUNDLE_ERROR_PROJECT_ERRORS) when dbo_checks_run() finds errors as of
 * the manifest's `created` date; a backup is not checked this way. */
DboBundleReport *dbo_bundle_verify      (const char *path, GError **error);
/* Reads back a bundle this process has just written with dbo_bundle_export():
 * every check of dbo_bundle_verify() except re-rendering the documents and
 * running the project's checks, which the export did itself (its documents
 * are this process's renders); report->proof is DBO_BUNDLE_PROOF_NONE. Never
 * for a bundle that came from anywhere else. */
DboBundleReport *dbo_bundle_verify_exported (const char *path, GError **error);
/* The same for a bundle in memory (drag and drop, fuzzing); @name_for_errors
 * names it in messages. */
DboBundleReport *dbo_bundle_verify_bytes (GBytes *bytes, const char *name_for_errors, GError **error);

/* One listed file's bytes from the bundle at @path (for a preview, or to
 * compare with a re-rendered document), checked against @report's size and
 * SHA-256. */
GBytes      *dbo_bundle_read_file       (const char *path, const DboBundleReport *report,
                                         const char *file, GError **error);

typedef enum {
  DBO_BUNDLE_IMPORT_DEFAULT = 0,
  DBO_BUNDLE_IMPORT_REPLACE = 1 << 0,  /* @dest may exist: snapshot it, then replace its project */
} DboBundleImportFlags;

/* Verifies the bundle, then creates the project file @dest (through a
 * temporary file beside it, so @dest never holds half a project). An existing
 * @dest is refused (DBO_BUNDLE_ERROR_EXISTS) unless DBO_BUNDLE_IMPORT_REPLACE,
 * which goes through dbo_bundle_import_into(). Returns the verification
 * report; on any refusal nothing is written. */
DboBundleReport *dbo_bundle_import      (const char *path, const char *dest,
                                         DboBundleImportFlags flags, GError **error);

/* Replaces the project in @store by the bundle's (verified) project, after
 * keeping the current state as a snapshot named @snapshot_name (NULL: "导入前
 * <time>"). Refuses a store holding another project id
 * (DBO_BUNDLE_ERROR_OTHER_PROJECT). */
gboolean     dbo_bundle_import_into     (DboStore *store, const DboBundleReport *report,
                                         const char *snapshot_name, GError **error);

typedef enum {
  DBO_BUNDLE_CHANGE_ADDED,
  DBO_BUNDLE_CHANGE_REMOVED,
  DBO_BUNDLE_CHANGE_CHANGED,
} DboBundleChangeKind;

typedef struct {
  DboBundleChangeKind kind;
  char *part;                          /* "title" "enterprise" "objects/o3" "panel" "panel/members/m2"
                                          "reviews/1" "filing" "assessments" "attachments/<sha256>" */
  char *label;                         /* Chinese, for the user: 定级对象“…”已修改 */
} DboBundleChange;

void         dbo_bundle_change_free     (DboBundleChange *change);

/* Records the bureau's answer from a verified review bundle in @store: each
 * decided round it holds that the project lacks or holds otherwise is saved
 * (round, authority, dates, outcome, number, levels, opinion), after keeping
 * the current state as a snapshot named @snapshot_name (NULL: "导入审核答复前
 * <time>"); nothing else of the project changes. Refuses another kind of
 * bundle (DBO_BUNDLE_ERROR_WRONG_KIND) and a store holding another project
 * (DBO_BUNDLE_ERROR_OTHER_PROJECT). Returns what changed (of
 * DboBundleChange*, as dbo_bundle_diff() gives them; empty when the project
 * held the answer already: then nothing is written). */
GPtrArray   *dbo_bundle_import_review   (DboStore *store, const DboBundleReport *report,
                                         const char *snapshot_name, GError **error);
/* What importing @incoming over @current would change, in project order
 * (of DboBundleChange*; empty when the two are the same). */
GPtrArray   *dbo_bundle_diff            (const DboProject *current, const DboProject *incoming);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboBundleReport, dbo_bundle_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboBundleChange, dbo_bundle_change_free)

G_END_DECLS
