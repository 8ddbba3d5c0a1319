/* dbo-bundle-private.h — what the parts of the bundle layer share (not installed)
 *
 * dbo-bundle.c holds the errors, kinds and reports; dbo-bundle-export.c writes
 * a bundle; dbo-zip-scan.c reads an untrusted ZIP (central directory, limits,
 * data); dbo-bundle-verify.c checks what it holds; dbo-bundle-import.c and
 * dbo-project-diff.c take a verified bundle into a project.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include "dbo-bundle.h"

G_BEGIN_DECLS

#define MANIFEST_NAME "manifest.xml"
#define PROJECT_NAME "project.xml"
#define GENERATOR "Dengbao " PACKAGE_VERSION

#define CHUNK (64 * 1024)

/* ZIP fields are little-endian. */
static inline guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* ---- dbo-bundle.c ---- */

/* Every refusal reads "<check>：<file> — <detail>", the detail in Chinese with
 * the English in brackets. */
void          _dbo_bundle_refuse       (GError **error, DboBundleError code, const char *file,
                                        const char *format, ...) G_GNUC_PRINTF (4, 5);
void          _dbo_bundle_file_free    (DboBundleFile *f);
void          _dbo_bundle_font_free    (DboBundleFont *f);

/* ---- dbo-zip-scan.c: the untrusted ZIP ---- */

/* Where a bundle is read from: a file descriptor or memory. */
typedef struct {
  int fd;                       /* -1 for memory */
  const guint8 *mem;
  gint64 size;
} Source;

/* An entry of the central directory, and what reading its data found. */
typedef struct {
  char *name;                   /* as stored: ASCII, checked */
  gboolean is_dir;
  guint16 flags;
  guint16 method;
  guint32 csize;
  guint32 usize;
  gint64 local_offset;
  /* filled in phase B */
  gboolean seen;
  guint64 size;
  char *sha256;
  GBytes *data;                 /* kept for manifest.xml, project.xml, attachments */
} Entry;

/* One reading of a bundle: its entries, by order and by name. */
typedef struct {
  Source src;
  const char *only;             /* read_file: keep this entry, skip the others unhashed */
  gboolean documents_only;      /* keep the documents' data (and nothing else) */
  GPtrArray *entries;           /* of Entry*, in the order of their data in the file */
  GHashTable *by_name;          /* name → Entry* */
  guint64 total;                /* bytes decompressed so far */
} Scan;

void          _dbo_zip_entry_free      (Entry *e);
void          _dbo_zip_scan_clear      (Scan *s);
/* Phase A: reads and checks the central directory (names, types, sizes,
 * ratios, overlaps) into @s's entries. */
gboolean      _dbo_zip_scan_directory  (Scan *s, GError **error);
/* Phase B: decompresses the entries, within the limits, hashing each and
 * keeping the data the later checks read. */
gboolean      _dbo_zip_scan_data       (Scan *s, GError **error);
/* The largest an entry of this name may be, uncompressed. */
guint64       _dbo_zip_entry_limit     (const char *name);
/* @bytes in IEC units ("1.5 MiB"). */
char         *_dbo_bundle_format_size  (guint64 bytes);

/* ---- dbo-bundle-verify.c ---- */

/* The attribute @name of @node, without a namespace, or NULL. */
char         *_dbo_bundle_get_attr     (xmlNode *node, const char *name);
/* @n, or the first element after it, or NULL. */
xmlNode      *_dbo_bundle_next_element (xmlNode *n);
/* Equal, NULL and "" alike. */
gboolean      _dbo_bundle_same_text    (const char *a, const char *b);

G_END_DECLS
