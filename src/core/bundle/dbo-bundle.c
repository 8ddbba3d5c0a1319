#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle.h"
#include "dbo-doc-set.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <poppler.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dbo-checks.h"
#include "dbo-core-resources.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"
#include "dbo-grading.h"
#include "dbo-layout.h"
#include "dbo-project-xml.h"
#include "dbo-xml.h"

#define MANIFEST_NAME "manifest.xml"
#define PROJECT_NAME "project.xml"
#define GENERATOR "Dengbao " PACKAGE_VERSION

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define CHUNK (64 * 1024)
/* The central directory of DBO_BUNDLE_MAX_ENTRIES entries with short names
 * fits easily; anything bigger is not one of ours. */
#define MAX_CENTRAL_DIRECTORY (8 * 1024 * 1024)

static guint64 entry_limit (const char *name);
static char *format_size (guint64 bytes);
static GPtrArray *bundle_documents (const DboProject *project, const DboRuleset *rules, DboBundleKind kind);

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

/* ================================================================ errors */

typedef struct {
  char *file;
} DboBundleErrorPrivate;

static void
dbo_bundle_error_private_init (DboBundleErrorPrivate *priv)
{
  priv->file = NULL;
}

static void
dbo_bundle_error_private_copy (const DboBundleErrorPrivate *src, DboBundleErrorPrivate *dest)
{
  dest->file = g_strdup (src->file);
}

static void
dbo_bundle_error_private_clear (DboBundleErrorPrivate *priv)
{
  g_clear_pointer (&priv->file, g_free);
}

G_DEFINE_EXTENDED_ERROR (DboBundleError, dbo_bundle_error)

static const struct {
  const char *name;
  const char *zh;
} checks[DBO_BUNDLE_N_ERRORS] = {
  [DBO_BUNDLE_ERROR_IO] = { "io", "无法读写文件" },
  [DBO_BUNDLE_ERROR_PROJECT_ERRORS] = { "project-errors", "项目仍有错误" },
  [DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED] = { "document-blocked", "文书无法生成" },
  [DBO_BUNDLE_ERROR_NO_DECISION] = { "no-decision", "尚无审核结论" },
  [DBO_BUNDLE_ERROR_EXISTS] = { "exists", "目标文件已存在" },
  [DBO_BUNDLE_ERROR_OTHER_PROJECT] = { "other-project", "不是同一个项目" },
  [DBO_BUNDLE_ERROR_NOT_ZIP] = { "not-zip", "不是 ZIP 文件" },
  [DBO_BUNDLE_ERROR_INCOMPLETE] = { "incomplete", "文件不完整" },
  [DBO_BUNDLE_ERROR_DAMAGED] = { "damaged", "文件已损坏" },
  [DBO_BUNDLE_ERROR_UNSUPPORTED] = { "unsupported", "不支持的 ZIP 格式" },
  [DBO_BUNDLE_ERROR_ENTRY_COUNT] = { "entry-count", "文件数量超出上限" },
  [DBO_BUNDLE_ERROR_SIZE_LIMIT] = { "size-limit", "大小超出上限" },
  [DBO_BUNDLE_ERROR_COMPRESSION_RATIO] = { "compression-ratio", "压缩比异常（疑似 ZIP 炸弹）" },
  [DBO_BUNDLE_ERROR_ENTRY_NAME] = { "entry-name", "文件名不安全" },
  [DBO_BUNDLE_ERROR_ENTRY_TYPE] = { "entry-type", "不允许的文件类型" },
  [DBO_BUNDLE_ERROR_DUPLICATE_NAME] = { "duplicate-name", "文件名重复" },
  [DBO_BUNDLE_ERROR_MANIFEST_MISSING] = { "manifest-missing", "缺少清单 manifest.xml" },
  [DBO_BUNDLE_ERROR_XML_FORBIDDEN] = { "xml-forbidden", "XML 含有不允许的结构" },
  [DBO_BUNDLE_ERROR_XML_MALFORMED] = { "xml-malformed", "XML 格式错误" },
  [DBO_BUNDLE_ERROR_NAMESPACE] = { "namespace", "命名空间不符" },
  [DBO_BUNDLE_ERROR_FORMAT_VERSION] = { "format-version", "格式版本不受支持" },
  [DBO_BUNDLE_ERROR_SCHEMA] = { "schema", "不符合 XML 架构" },
  [DBO_BUNDLE_ERROR_FILE_MISSING] = { "file-missing", "缺少文件" },
  [DBO_BUNDLE_ERROR_FILE_UNLISTED] = { "file-unlisted", "清单中没有的文件" },
  [DBO_BUNDLE_ERROR_FILE_SIZE] = { "file-size", "文件大小不符" },
  [DBO_BUNDLE_ERROR_FILE_CHECKSUM] = { "file-checksum", "文件已被改动" },
  [DBO_BUNDLE_ERROR_FILE_ROLE] = { "file-role", "文件用途与路径不符" },
  [DBO_BUNDLE_ERROR_PROJECT_INVALID] = { "project-invalid", "项目数据无效" },
  [DBO_BUNDLE_ERROR_PROJECT_MISMATCH] = { "project-mismatch", "清单与项目数据不符" },
  [DBO_BUNDLE_ERROR_DOCUMENT_MISMATCH] = { "document-mismatch", "文书不是项目数据生成的" },
  [DBO_BUNDLE_ERROR_WRONG_KIND] = { "wrong-kind", "包的类型不符" },
};

const char *
dbo_bundle_check_name (DboBundleError code)
{
  if ((int) code < 0 || code >= DBO_BUNDLE_N_ERRORS)
    return "";
  return checks[code].name;
}

const char *
dbo_bundle_error_get_check (const GError *error)
{
  if (error == NULL || error->domain != DBO_BUNDLE_ERROR)
    return NULL;
  return dbo_bundle_check_name ((DboBundleError) error->code);
}

const char *
dbo_bundle_error_get_file (const GError *error)
{
  DboBundleErrorPrivate *priv;

  if (error == NULL || error->domain != DBO_BUNDLE_ERROR)
    return NULL;
  priv = dbo_bundle_error_get_private (error);
  return priv != NULL && priv->file != NULL ? priv->file : "";
}

/* Every refusal reads "<check>：<file> — <detail>", the detail in Chinese with
 * the English in brackets. */
static void G_GNUC_PRINTF (4, 5)
refuse (GError **error, DboBundleError code, const char *file, const char *format, ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  va_list ap;

  if (error == NULL)
    return;
  g_return_if_fail (*error == NULL);
  va_start (ap, format);
  detail = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (file != NULL && *file != '\0')
    message = g_strdup_printf ("%s：%s — %s", checks[code].zh, file, detail);
  else
    message = g_strdup_printf ("%s：%s", checks[code].zh, detail);
  g_set_error_literal (error, DBO_BUNDLE_ERROR, code, message);
  dbo_bundle_error_get_private (*error)->file = g_strdup (file != NULL ? file : "");
}

/* ================================================================ kinds and time */

static const char *const kind_tokens[] = { "submission", "backup", "review" };

const char *
dbo_bundle_kind_token (DboBundleKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_tokens), "");
  return kind_tokens[kind];
}

gboolean
dbo_bundle_kind_from_token (const char *token, DboBundleKind *kind_out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_tokens); i++)
    if (g_strcmp0 (token, kind_tokens[i]) == 0)
      {
        if (kind_out != NULL)
          *kind_out = (DboBundleKind) i;
        return TRUE;
      }
  return FALSE;
}

/* "YYYY-MM-DD…" → a date at midnight in +08:00, or a full ISO time. */
static GDateTime *
parse_project_time (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  GDate date;

  if (text == NULL || strlen (text) < 10)
    return NULL;
  if (strlen (text) >= 19 && text[10] == 'T')
    return g_date_time_new_from_iso8601 (text, tz);
  if (strlen (text) != 10 || !dbo_date_parse (text, &date, NULL))
    return NULL;
  return g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                          0, 0, 0);
}

char *
dbo_bundle_project_time (const DboProject *project)
{
  g_autoptr(GDateTime) t = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  if (project->panel.conclusion.present)
    t = parse_project_time (project->panel.conclusion.concluded);
  if (t == NULL)
    t = parse_project_time (project->panel.date);
  if (t == NULL)
    {
      const char *newest = NULL;

      for (guint i = 0; project->objects != NULL && i < project->objects->len; i++)
        {
          const DboObject *o = g_ptr_array_index (project->objects, i);
          g_autoptr(GDateTime) d = parse_project_time (o->drafted);

          if (d != NULL && (newest == NULL || strncmp (o->drafted, newest, 10) > 0))
            newest = o->drafted;
        }
      t = parse_project_time (newest);
    }
  if (t == NULL)
    return g_strdup ("2021-03-01T00:00:00+08:00");   /* the notice's date, never the clock */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
    g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);

    return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+08:00");
  }
}

/* ================================================================ report */

static void
bundle_file_free (DboBundleFile *f)
{
  if (f == NULL)
    return;
  g_free (f->path);
  g_free (f->role);
  g_free (f->title);
  g_free (f->sha256);
  g_free (f);
}

static void
bundle_font_free (DboBundleFont *f)
{
  if (f == NULL)
    return;
  g_free (f->family);
  g_free (f->file);
  g_free (f->sha256);
  g_free (f);
}

void
dbo_bundle_report_free (DboBundleReport *report)
{
  if (report == NULL)
    return;
  g_free (report->created);
  g_free (report->generator);
  g_clear_pointer (&report->fonts, g_ptr_array_unref);
  g_free (report->data_sha256);
  dbo_project_free (report->project);
  g_clear_pointer (&report->files, g_ptr_array_unref);
  g_free (report);
}

const DboBundleFile *
dbo_bundle_report_find (const DboBundleReport *report, const char *path)
{
  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; report->files != NULL && i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);

      if (g_strcmp0 (f->path, path) == 0)
        return f;
    }
  return NULL;
}

/* ================================================================ export */

typedef struct {
  struct archive *a;
  time_t mtime;
  GPtrArray *files;             /* of DboBundleFile*, the manifest's list */
  const char *path;             /* for messages */
  guint n_entries;              /* written so far, against the reader's limits */
  guint64 total;
} Writer;

/* An entry of @len bytes, the @n_entries-th, bringing the total to @total:
 * refused with the limit dbo_bundle_verify() would refuse it by. */
static gboolean
check_entry_fits (const char *name, guint64 len, guint n_entries, guint64 total, GError **error)
{
  if (len > entry_limit (name))
    {
      g_autofree char *size = format_size (len);
      g_autofree char *lim = format_size (entry_limit (name));

      refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
              "有 %s，超过包中单个文件 %s 的上限（it is %s, more than the %s one file of a bundle may have）",
              size, lim, size, lim);
      return FALSE;
    }
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, name,
              "包中的文件将超过 %d 个的上限（the bundle would hold more than the %d entries allowed）",
              DBO_BUNDLE_MAX_ENTRIES, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (total > DBO_BUNDLE_MAX_TOTAL)
    {
      g_autofree char *lim = format_size (DBO_BUNDLE_MAX_TOTAL);

      refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
              "加上这个文件，包中的文件共超过 %s 的上限（with it, the bundle's entries take more than the %s "
              "allowed）", lim, lim);
      return FALSE;
    }
  return TRUE;
}

/* The attachments' part of @usage; n_entries is left to the caller. */
static void
attachment_usage (const DboProject *project, DboBundleUsage *usage)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  memset (usage, 0, sizeof *usage);
  for (guint i = 0; project->attachments != NULL && i < project->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (project->attachments, i);
      char *key;
      gsize len;

      /* Described only: no file in the bundle. */
      if (a->data == NULL)
        continue;
      /* Equal bytes are stored once; the SHA-256 the model keeps saves hashing them. */
      key = a->sha256 != NULL ? g_ascii_strdown (a->sha256, -1)
                              : g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);
      if (!g_hash_table_add (seen, key))
        continue;
      len = g_bytes_get_size (a->data);
      usage->n_attachments++;
      usage->total += len;
      if (len > usage->largest)
        {
          usage->largest = len;
          usage->largest_name = a->name;
        }
    }
}

void
dbo_bundle_usage (const DboProject *project, const DboRuleset *rules, DboBundleUsage *usage)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_if_fail (project != NULL && rules != NULL && usage != NULL);

  docs = bundle_documents (project, rules, DBO_BUNDLE_SUBMISSION);
  attachment_usage (project, usage);
  usage->n_entries = 1 + docs->len + usage->n_attachments + 1;
}

double
dbo_bundle_usage_fraction (const DboBundleUsage *usage)
{
  g_return_val_if_fail (usage != NULL, 0);

  return MAX (MAX ((double) usage->n_entries / DBO_BUNDLE_MAX_ENTRIES,
                   (double) usage->total / DBO_BUNDLE_MAX_TOTAL),
              (double) usage->largest / DBO_BUNDLE_MAX_ENTRY);
}

/* The reader's limits on what is known before anything is written: the
 * project.xml, the number of documents and the attachments. A bundle that
 * passes is one dbo_bundle_verify() accepts (writer_add() checks the
 * documents as they are rendered). */
static gboolean
check_limits (const DboProject *project, gsize xml_len, guint n_documents, GError **error)
{
  DboBundleUsage usage;
  guint64 n_entries;

  if (!check_entry_fits (PROJECT_NAME, xml_len, 1, xml_len, error))
    return FALSE;
  attachment_usage (project, &usage);
  for (guint i = 0; project->attachments != NULL && i < project->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (project->attachments, i);
      guint64 len = a->data != NULL ? g_bytes_get_size (a->data) : 0;

      if (len > DBO_BUNDLE_MAX_ENTRY)
        {
          g_autofree char *size = format_size (len);
          g_autofree char *lim = format_size (DBO_BUNDLE_MAX_ENTRY);

          refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, a->name,
                  "附件有 %s，超过包中单个文件 %s 的上限（the attachment is %s, more than the %s one file of "
                  "a bundle may have）", size, lim, size, lim);
          return FALSE;
        }
    }
  /* project.xml, the documents, the attachments and manifest.xml. */
  n_entries = 1 + (guint64) n_documents + usage.n_attachments + 1;
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, NULL,
              "包中将有 %" G_GUINT64_FORMAT " 个文件（其中附件 %u 个），超过 %d 个的上限，核验时会被拒绝"
              "（the bundle would hold %" G_GUINT64_FORMAT " entries, %u of them attachments: more than the %d "
              "a bundle may hold）", n_entries, usage.n_attachments, DBO_BUNDLE_MAX_ENTRIES,
              n_entries, usage.n_attachments, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (xml_len + usage.total > DBO_BUNDLE_MAX_TOTAL)
    {
      g_autofree char *att = format_size (usage.total);
      g_autofree char *lim = format_size (DBO_BUNDLE_MAX_TOTAL);

      refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL,
              "%u 个附件共 %s，超过包中文件合计 %s 的上限，核验时会被拒绝"
              "（the %u attachments take %s: more than the %s all files of a bundle may take）",
              usage.n_attachments, att, lim, usage.n_attachments, att, lim);
      return FALSE;
    }
  return TRUE;
}

static gboolean
writer_failed (Writer *w, const char *what, GError **error)
{
  const char *msg = archive_error_string (w->a);

  refuse (error, DBO_BUNDLE_ERROR_IO, w->path, "写入 %s 失败（could not write %s: %s）",
          what, what, msg != NULL ? msg : g_strerror (archive_errno (w->a)));
  return FALSE;
}

/* Whether @data would deflate past what verify accepts (DBO_BUNDLE_MAX_RATIO
 * once over DBO_BUNDLE_RATIO_FLOOR, a ZIP bomb to the reader): a blank page
 * scanned to an uncompressed TIFF does. Such an entry is stored instead.
 * Deflates as libarchive does and stops once the output is large enough,
 * within the first per cent of a scan or a photo; half the limit leaves room
 * for how libarchive feeds zlib. */
static gboolean
deflates_too_well (GBytes *data)
{
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (data, &len);
  guint64 enough, produced = 0;
  g_autofree guint8 *out = NULL;
  z_stream z = { 0 };
  gboolean too_well = TRUE;
  int rc;

  if (len <= DBO_BUNDLE_RATIO_FLOOR)
    return FALSE;
  enough = len / (DBO_BUNDLE_MAX_RATIO / 2);
  /* The same parameters as libarchive's ZIP writer. */
  if (len > G_MAXUINT || deflateInit2 (&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return TRUE;
  out = g_malloc (CHUNK);
  z.next_in = (Bytef *) p;
  z.avail_in = (uInt) len;
  do
    {
      z.next_out = out;
      z.avail_out = CHUNK;
      rc = deflate (&z, Z_FINISH);
      produced += CHUNK - z.avail_out;
      if (produced > enough)
        {
          too_well = FALSE;
          break;
        }
    }
  while (rc == Z_OK);
  deflateEnd (&z);
  return too_well;
}

/* Adds one entry; @role NULL keeps it out of the manifest (manifest.xml itself).
 * PDFs are stored as they are: their streams are compressed already, and
 * deflating them again costs seconds for a few per cent. */
static gboolean
writer_add (Writer *w, const char *name, const char *role, const char *title, GBytes *data,
            gboolean deflated, GError **error)
{
  struct archive_entry *e;
  gsize len = 0, off = 0;
  const guint8 *p = g_bytes_get_data (data, &len);
  int rc;

  /* The documents' sizes are known only now: the reader's limits again, so
   * that nothing verify would refuse is ever renamed into place. */
  if (!check_entry_fits (name, len, w->n_entries + 1, w->total + len, error))
    return FALSE;
  w->n_entries++;
  w->total += len;

  /* Fixed metadata: nothing of this machine, this user or this moment. */
  e = archive_entry_new ();
  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) len);
  archive_entry_set_mtime (e, w->mtime, 0);
  archive_entry_set_uid (e, 0);
  archive_entry_set_gid (e, 0);
  if (deflated && deflates_too_well (data))
    deflated = FALSE;
  rc = deflated ? archive_write_zip_set_compression_deflate (w->a) : archive_write_zip_set_compression_store (w->a);
  if (rc == ARCHIVE_OK)
    rc = archive_write_header (w->a, e);
  archive_entry_free (e);
  if (rc != ARCHIVE_OK)
    return writer_failed (w, name, error);
  while (off < len)
    {
      la_ssize_t n = archive_write_data (w->a, p + off, MIN (len - off, (gsize) 1 << 20));

      if (n <= 0)
        return writer_failed (w, name, error);
      off += (gsize) n;
    }
  if (archive_write_finish_entry (w->a) != ARCHIVE_OK)
    return writer_failed (w, name, error);

  if (role != NULL)
    {
      DboBundleFile *f = g_new0 (DboBundleFile, 1);

      f->path = g_strdup (name);
      f->role = g_strdup (role);
      f->title = g_strdup (title);
      f->size = len;
      f->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
      g_ptr_array_add (w->files, f);
    }
  return TRUE;
}

static void
append_attr (GString *out, const char *name, const char *value)
{
  g_string_append_printf (out, " %s=\"", name);
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\t': g_string_append (out, "&#9;"); break;
      case '\n': g_string_append (out, "&#10;"); break;
      case '\r': g_string_append (out, "&#13;"); break;
      default: g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

static GBytes *
manifest_bytes (const DboProject *project, DboBundleKind kind, const char *created,
                const char *data_sha256, const GPtrArray *fonts, GPtrArray *files)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  const DboEnterprise *ent = &project->enterprise;

  g_string_append (out, "<bundle xmlns=\"" DBO_BUNDLE_NS "\"");
  append_attr (out, "format-version", DBO_BUNDLE_FORMAT_VERSION);
  append_attr (out, "kind", dbo_bundle_kind_token (kind));
  append_attr (out, "created", created);
  append_attr (out, "generator", GENERATOR);
  g_string_append (out, ">\n  <project");
  append_attr (out, "id", project->id);
  append_attr (out, "ruleset", project->ruleset);
  append_attr (out, "data-sha256", data_sha256);
  g_string_append (out, "/>\n");
  /* The files the documents were drawn with: a verifier with the same
   * version and the same files can compare bytes (dbo_bundle_verify()). */
  if (fonts->len > 0)
    {
      g_string_append (out, "  <fonts>\n");
      for (guint i = 0; i < fonts->len; i++)
        {
          const DboFontFile *f = g_ptr_array_index (fonts, i);

          g_string_append (out, "    <font");
          append_attr (out, "family", f->family);
          append_attr (out, "file", f->file);
          append_attr (out, "sha256", f->sha256);
          g_string_append (out, "/>\n");
        }
      g_string_append (out, "  </fonts>\n");
    }
  g_string_append (out, "  <enterprise");
  if (!dbo_str_empty (ent->name))
    append_attr (out, "name", ent->name);
  if (!dbo_str_empty (ent->credit_code))
    append_attr (out, "credit-code", ent->credit_code);
  if (!dbo_str_empty (ent->city))
    append_attr (out, "city", ent->city);
  g_string_append (out, "/>\n");
  for (guint i = 0; i < files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (files, i);
      char size[32];

      g_snprintf (size, sizeof size, "%" G_GUINT64_FORMAT, f->size);
      g_string_append (out, "  <file");
      append_attr (out, "path", f->path);
      append_attr (out, "role", f->role);
      if (f->title != NULL)
        append_attr (out, "title", f->title);
      append_attr (out, "size", size);
      append_attr (out, "sha256", f->sha256);
      g_string_append (out, "/>\n");
    }
  g_string_append (out, "</bundle>\n");
  return g_string_free_to_bytes (out);
}

/* ---- documents: rendered on every core (dbo-doc-set.h), written in order ---- */

typedef struct {
  Writer *w;
  DboBundleKind kind;
} DocWrite;

/* Writes one rendered document. A blocked document refuses a submission or
 * a review, and is left out of a backup. */
static gboolean
write_document (DboRenderedDoc *doc, gpointer user_data, GError **error)
{
  DocWrite *dw = user_data;
  g_autofree char *file = dbo_doc_file_name (doc->kind, doc->object_id);
  g_autofree char *name = NULL;

  if (file == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, "documents/", "定级对象编号无效（an object id is invalid）");
      return FALSE;
    }
  name = g_strconcat ("documents/", file, NULL);
  if (doc->pdf != NULL)
    return writer_add (dw->w, name, dbo_doc_kind_token (doc->kind), doc->title, doc->pdf, FALSE, error);
  if (doc->error == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, name, "未生成（it was not rendered）");
      return FALSE;
    }
  if (g_error_matches (doc->error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED))
    {
      if (dw->kind == DBO_BUNDLE_BACKUP)
        {
          g_debug ("backup bundle: %s left out: %s", name, doc->error->message);
          return TRUE;
        }
      refuse (error, DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED, name,
              "《%s》无法生成，不能导出%s包（the document cannot be rendered）：\n%s",
              dbo_doc_kind_title (doc->kind), dw->kind == DBO_BUNDLE_REVIEW ? "审核答复" : "报送",
              doc->error->message);
      return FALSE;
    }
  refuse (error, DBO_BUNDLE_ERROR_IO, name, "PDF 生成失败（the PDF could not be made: %s）", doc->error->message);
  return FALSE;
}

/* The documents of a bundle of @kind: a review carries the bureau's Annex 3
 * forms (one per recorded round; the enterprise parts when no round is
 * recorded yet), the others the whole submission set. */
static GPtrArray *
bundle_documents (const DboProject *project, const DboRuleset *rules, DboBundleKind kind)
{
  GPtrArray *docs;
  g_autoptr(GPtrArray) keys = NULL;
  gboolean any_round = FALSE;

  if (kind != DBO_BUNDLE_REVIEW)
    return dbo_doc_set_submission (project, rules);
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_rendered_doc_free);
  keys = dbo_doc_annex3_keys (project, rules);
  for (guint i = 0; i < keys->len; i++)
    any_round |= strchr (g_ptr_array_index (keys, i), '-') != NULL;
  for (guint i = 0; i < keys->len; i++)
    if (!any_round || strchr (g_ptr_array_index (keys, i), '-') != NULL)
      g_ptr_array_add (docs, dbo_rendered_doc_new (DBO_DOC_ANNEX3, g_ptr_array_index (keys, i)));
  return docs;
}

static gboolean
add_documents (Writer *w, const DboProject *project, const DboRuleset *rules, DboBundleKind kind,
               GPtrArray *docs, GError **error)
{
  DocWrite dw = { w, kind };

  return dbo_doc_set_render (project, rules, docs, write_document, &dw, error);
}

static gboolean
add_attachments (Writer *w, const DboProject *project, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; project->attachments != NULL && i < project->attachments->len; i++)
    {
      const DboAttachment *a = g_ptr_array_index (project->attachments, i);
      g_autofree char *sha256 = NULL;
      g_autofree char *name = NULL;

      /* Described only: listed in project.xml, no file in the bundle. */
      if (a->data == NULL)
        continue;
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, a->data);
      if (a->sha256 != NULL && g_ascii_strcasecmp (a->sha256, sha256) != 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, a->name,
                  "附件的内容与其 SHA-256 %s 不符（the attachment's data does not match its SHA-256）",
                  a->sha256);
          return FALSE;
        }
      if (g_hash_table_contains (seen, sha256))
        continue;
      name = g_strconcat ("attachments/", sha256, NULL);
      if (!writer_add (w, name, "attachment", dbo_str_empty (a->name) ? NULL : a->name, a->data, TRUE, error))
        return FALSE;
      g_hash_table_add (seen, g_steal_pointer (&sha256));
    }
  return TRUE;
}

static gboolean
refuse_with_findings (const DboProject *project, const DboRuleset *rules, const DboCalendar *calendar,
                      const GDate *today, GError **error)
{
  g_autoptr(GPtrArray) findings = dbo_checks_run (project, rules, calendar, today);
  guint n = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  GString *list;

  if (n == 0)
    return TRUE;
  list = g_string_new (NULL);
  g_string_append_printf (list, "项目中有 %u 处错误，不能导出报送包，可导出备份包"
                          "（the project has %u error%s: a submission bundle cannot be written; "
                          "a backup bundle can）：", n, n, n == 1 ? "" : "s");
  for (guint i = 0; i < findings->len; i++)
    {
      const DboFinding *f = g_ptr_array_index (findings, i);

      if (f->severity != DBO_SEVERITY_ERROR)
        continue;
      g_autofree char *text = dbo_finding_describe_in (f, DBO_LANGUAGE_ZH);

      /* Chinese like the words around it. */
      g_string_append_printf (list, "\n%s %s: %s", f->code, f->path, text);
    }
  refuse (error, DBO_BUNDLE_ERROR_PROJECT_ERRORS, NULL, "%s", list->str);
  g_string_free (list, TRUE);
  return FALSE;
}

/* libarchive writes the MS-DOS time fields in the machine's local time zone;
 * rewriting them as Beijing time keeps the bytes the same on every machine
 * (the UT extra field already holds the instant). */
static gboolean
fix_dos_times (int fd, GDateTime *t)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) bj = g_date_time_to_timezone (t, tz);
  guint8 dos[4], eocd[22], h[46];
  guint16 dtime, ddate;
  off_t end = lseek (fd, 0, SEEK_END);
  gint64 pos;
  guint n;

  if (g_date_time_get_year (bj) < 1980)
    return TRUE;
  dtime = (guint16) ((g_date_time_get_hour (bj) << 11) | (g_date_time_get_minute (bj) << 5)
                     | (g_date_time_get_second (bj) / 2));
  ddate = (guint16) (((g_date_time_get_year (bj) - 1980) << 9) | (g_date_time_get_month (bj) << 5)
                     | g_date_time_get_day_of_month (bj));
  dos[0] = dtime & 0xff; dos[1] = dtime >> 8; dos[2] = ddate & 0xff; dos[3] = ddate >> 8;

  /* Our own archive: no comment, so the record is the last 22 bytes. */
  if (end < 22 || pread (fd, eocd, 22, end - 22) != 22 || memcmp (eocd, "PK\5\6", 4) != 0)
    return FALSE;
  n = le16 (eocd + 10);
  pos = le32 (eocd + 16);
  for (guint i = 0; i < n; i++)
    {
      gint64 local;

      if (pread (fd, h, 46, pos) != 46 || memcmp (h, "PK\1\2", 4) != 0)
        return FALSE;
      local = le32 (h + 42);
      if (pwrite (fd, dos, 4, pos + 12) != 4 || pwrite (fd, dos, 4, local + 10) != 4)
        return FALSE;
      pos += 46 + le16 (h + 28) + le16 (h + 30) + le16 (h + 32);
    }
  return TRUE;
}

gboolean
dbo_bundle_export (const DboProject *project, const DboRuleset *rules, const DboCalendar *calendar,
                   const GDate *today, DboBundleKind kind, const char *path, GError **error)
{
  g_autofree char *created = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *data_sha256 = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr(DboTempFile) tmp = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GBytes) manifest = NULL;
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GError) local = NULL;
  Writer w = { 0 };
  struct stat st;
  gsize xml_len = 0, canonical_len = 0;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (project != NULL && rules != NULL && path != NULL, FALSE);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_tokens), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, path, "这是一个文件夹（it is a folder）");
      return FALSE;
    }
  /* Never a device, FIFO or socket. */
  if (!dbo_file_check_replaceable (path, &local))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, path, "这不是普通文件，未做任何改动（%s）", local->message);
      return FALSE;
    }
  if (kind == DBO_BUNDLE_SUBMISSION)
    {
      g_return_val_if_fail (calendar != NULL && today != NULL, FALSE);
      if (!refuse_with_findings (project, rules, calendar, today, error))
        return FALSE;
    }
  if (kind == DBO_BUNDLE_REVIEW)
    {
      const DboReview *review = dbo_project_latest_review (project);

      if (review == NULL || !review->has_outcome)
        {
          refuse (error, DBO_BUNDLE_ERROR_NO_DECISION, NULL,
                  "尚未记录能源主管部门的审核结论，不能导出审核答复包"
                  "（a review bundle needs the bureau's decision; none is recorded）");
          return FALSE;
        }
    }

  /* The manifest names the fonts by their SHA-256 (hashed once per process). */
  if (!dbo_layout_font_files_hash (&local))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法读取字体文件（a font file cannot be read: %s）",
              local->message);
      return FALSE;
    }
  created = dbo_bundle_project_time (project);
  t = g_date_time_new_from_iso8601 (created, NULL);
  xml = dbo_project_xml_write (project, &xml_len);
  canonical = dbo_project_xml_canonical (xml, xml_len, &canonical_len, &local);
  if (canonical == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, PROJECT_NAME, "%s", local->message);
      return FALSE;
    }
  data_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) canonical, canonical_len);
  docs = bundle_documents (project, rules, kind);
  if (!check_limits (project, xml_len, docs->len, error))
    return FALSE;

  /* Beside the destination, so the final rename stays on one file system;
   * nameless where the system allows, so a killed export leaves nothing. 0600
   * like the project: the bundle holds the same personal data. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = dbo_temp_file_new (dir, base, 0600, &local);
  if (tmp == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, path, "无法在 %s 中创建文件（%s）", dir, local->message);
      return FALSE;
    }
  fd = dbo_temp_file_get_fd (tmp);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) bundle_file_free);
  w.a = archive_write_new ();
  w.mtime = t != NULL ? (time_t) g_date_time_to_unix (t) : 0;
  w.files = files;
  w.path = path;
  if (archive_write_set_format_zip (w.a) != ARCHIVE_OK
      || archive_write_zip_set_compression_deflate (w.a) != ARCHIVE_OK
      || archive_write_set_bytes_in_last_block (w.a, 1) != ARCHIVE_OK
      || archive_write_open_fd (w.a, fd) != ARCHIVE_OK)
    {
      writer_failed (&w, path, error);
      goto out;
    }

  {
    g_autoptr(GBytes) project_bytes = g_bytes_new_take (g_steal_pointer (&xml), xml_len);

    if (!writer_add (&w, PROJECT_NAME, "data", NULL, project_bytes, TRUE, error))
      goto out;
  }
  if (!add_documents (&w, project, rules, kind, docs, error) || !add_attachments (&w, project, error))
    goto out;
  /* Last, once every size and checksum is known: no document is held in
   * memory longer than it takes to write it. */
  manifest = manifest_bytes (project, kind, created, data_sha256, dbo_layout_font_files (), files);
  if (!writer_add (&w, MANIFEST_NAME, NULL, NULL, manifest, TRUE, error))
    goto out;
  if (archive_write_close (w.a) != ARCHIVE_OK)
    {
      writer_failed (&w, path, error);
      goto out;
    }
  /* (Flushed to the disk when published.) */
  if ((t != NULL && !fix_dos_times (fd, t)) || fstat (fd, &st) != 0)
    {
      int saved = errno;

      refuse (error, DBO_BUNDLE_ERROR_IO, path, "写入磁盘失败（could not write to the disk: %s）",
              g_strerror (saved));
      goto out;
    }
  /* Stored PDFs and the headers can take the file past the entries' total. */
  if (st.st_size > DBO_BUNDLE_MAX_ARCHIVE)
    {
      g_autofree char *lim = format_size (DBO_BUNDLE_MAX_ARCHIVE);

      refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL, "包文件将大于 %s 的上限（the bundle would be larger than "
              "the %s allowed）", lim, lim);
      goto out;
    }
  ok = TRUE;

out:
  archive_write_free (w.a);
  /* Flushed, then renamed over @path; on any failure the temporary file goes. */
  if (ok && !dbo_temp_file_publish (tmp, path, DBO_FILE_PUBLISH_REPLACE, &local))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, path, "无法写入（could not be written: %s）", local->message);
      ok = FALSE;
    }
  return ok;
}

/* ================================================================ reading: the source */

typedef struct {
  int fd;                       /* -1 for memory */
  const guint8 *mem;
  gint64 size;
} Source;

static gboolean
source_read (const Source *src, gint64 offset, void *buf, gsize n)
{
  gsize done = 0;

  if (offset < 0 || offset > src->size || (gint64) n > src->size - offset)
    return FALSE;
  if (src->mem != NULL)
    {
      memcpy (buf, src->mem + offset, n);
      return TRUE;
    }
  while (done < n)
    {
      ssize_t r = pread (src->fd, (char *) buf + done, n - done, (off_t) (offset + (gint64) done));

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return FALSE;
      done += (gsize) r;
    }
  return TRUE;
}

static struct archive *
source_open_archive (const Source *src, gboolean seekable)
{
  struct archive *a = archive_read_new ();
  int rc;

  /* ZIP only, nothing else: no tar, no compression filters. */
  if (seekable)
    archive_read_support_format_zip_seekable (a);
  else
    archive_read_support_format_zip_streamable (a);
  if (src->mem != NULL)
    rc = archive_read_open_memory (a, src->mem, (size_t) src->size);
  else
    {
      lseek (src->fd, 0, SEEK_SET);
      rc = archive_read_open_fd (a, src->fd, CHUNK);
    }
  if (rc != ARCHIVE_OK)
    {
      archive_read_free (a);
      return NULL;
    }
  return a;
}

/* A name as it can be shown: printable ASCII kept, every other byte as \xNN. */
static char *
printable_name (const guint8 *name, gsize len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len && i < 2 * DBO_BUNDLE_MAX_NAME; i++)
    {
      if (name[i] >= 0x20 && name[i] < 0x7f)
        g_string_append_c (out, (char) name[i]);
      else
        g_string_append_printf (out, "\\x%02X", name[i]);
    }
  if (len > 2 * DBO_BUNDLE_MAX_NAME)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* ================================================================ reading: phase A, the directory */

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

static void
entry_free (Entry *e)
{
  g_free (e->name);
  g_free (e->sha256);
  g_clear_pointer (&e->data, g_bytes_unref);
  g_free (e);
}

typedef struct {
  Source src;
  const char *only;             /* read_file: keep this entry, skip the others unhashed */
  gboolean documents_only;      /* keep the documents' data (and nothing else) */
  GPtrArray *entries;           /* of Entry*, in the order of their data in the file */
  GHashTable *by_name;          /* name → Entry* */
  guint64 total;                /* bytes decompressed so far */
} Scan;

static void
scan_clear (Scan *s)
{
  g_clear_pointer (&s->by_name, g_hash_table_unref);
  g_clear_pointer (&s->entries, g_ptr_array_unref);
}

static gboolean
is_alpha (guint8 c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static gboolean
is_name_char (guint8 c)
{
  return is_alpha (c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Bundle names are relative ASCII paths of plain segments. */
static gboolean
check_name (const guint8 *raw, gsize len, GError **error)
{
  g_autofree char *shown = printable_name (raw, len);
  gsize body = len;

  if (len == 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, "", "有一个文件没有名字（an entry has an empty name）");
      return FALSE;
    }
  if (len > DBO_BUNDLE_MAX_NAME)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown, "文件名长于 %d 字节（the name is longer than %d bytes）",
              DBO_BUNDLE_MAX_NAME, DBO_BUNDLE_MAX_NAME);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (raw[i] >= 0x80)
      {
        refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                "文件名含非 ASCII 字符；包内文件名只用 ASCII，中文标题写在清单中"
                "（the name is not ASCII; names inside a bundle are ASCII, the Chinese titles are in the manifest）");
        return FALSE;
      }
  for (gsize i = 0; i < len; i++)
    if (raw[i] < 0x20 || raw[i] == 0x7f)
      {
        refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown, "文件名含控制字符（the name holds a control character）");
        return FALSE;
      }
  if (len >= 2 && is_alpha (raw[0]) && raw[1] == ':')
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
              "文件名以盘符开头，是绝对路径（the name starts with a drive letter: an absolute path）");
      return FALSE;
    }
  if (raw[0] == '/')
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
              "文件名是绝对路径（the name is an absolute path）");
      return FALSE;
    }
  if (memchr (raw, '\\', len) != NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
              "文件名含反斜杠（the name holds a backslash）");
      return FALSE;
    }
  if (raw[len - 1] == '/')
    body = len - 1;             /* a folder */
  for (gsize start = 0; start <= body;)
    {
      const guint8 *slash = memchr (raw + start, '/', body - start);
      gsize end = slash != NULL ? (gsize) (slash - raw) : body;
      gsize n = end - start;

      if (n == 2 && raw[start] == '.' && raw[start + 1] == '.')
        {
          refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                  "文件名含上级目录“..”，会写到包外（the name holds a “..” component: path traversal）");
          return FALSE;
        }
      if (n == 0 || (n == 1 && raw[start] == '.'))
        {
          refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                  "文件名含空的或“.”路径段（the name holds an empty or “.” component）");
          return FALSE;
        }
      start = end + 1;
    }
  for (gsize i = 0; i < body; i++)
    if (raw[i] != '/' && !is_name_char (raw[i]))
      {
        refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                "文件名含不允许的字符“%c”（the character “%c” is not allowed in a name）", raw[i], raw[i]);
        return FALSE;
      }
  return TRUE;
}

/* The Unix file type from the external attributes, when the entry was made on Unix. */
static gboolean
check_type (const char *name, guint16 made_by, guint32 external, gboolean *is_dir, GError **error)
{
  guint32 mode = external >> 16;
  const char *what_zh = NULL, *what_en = NULL;

  *is_dir = g_str_has_suffix (name, "/");
  if ((made_by >> 8) != 3 || mode == 0)
    {
      /* MS-DOS attributes: only the folder bit means anything. */
      if ((external & 0x10) != 0)
        *is_dir = TRUE;
      return TRUE;
    }
  switch (mode & S_IFMT)
    {
    case S_IFREG: return TRUE;
    case S_IFDIR: *is_dir = TRUE; return TRUE;
    case S_IFLNK: what_zh = "符号链接"; what_en = "a symbolic link"; break;
    case S_IFCHR: what_zh = "字符设备"; what_en = "a character device"; break;
    case S_IFBLK: what_zh = "块设备"; what_en = "a block device"; break;
    case S_IFIFO: what_zh = "命名管道（FIFO）"; what_en = "a FIFO"; break;
    case S_IFSOCK: what_zh = "套接字"; what_en = "a socket"; break;
    default: what_zh = "未知类型的文件"; what_en = "of an unknown file type"; break;
    }
  refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, name,
          "是%s；包中只能有普通文件（it is %s; a bundle holds regular files only）", what_zh, what_en);
  return FALSE;
}

static guint64
entry_limit (const char *name)
{
  if (strcmp (name, MANIFEST_NAME) == 0)
    return DBO_BUNDLE_MAX_MANIFEST;
  if (strcmp (name, PROJECT_NAME) == 0)
    return DBO_XML_MAX_DOCUMENT;
  return DBO_BUNDLE_MAX_ENTRY;
}

static gboolean
refuse_too_large (GError **error, const char *name, guint64 limit)
{
  g_autofree char *lim = format_size (limit);

  refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
          "解压后超过 %s 的上限（it is larger than the %s allowed）", lim, lim);
  return FALSE;
}

static gboolean
refuse_ratio (GError **error, const char *name, guint64 usize, guint64 csize)
{
  g_autofree char *u = format_size (usize);
  g_autofree char *c = format_size (csize);

  refuse (error, DBO_BUNDLE_ERROR_COMPRESSION_RATIO, name,
          "%s 的压缩数据解压为 %s 以上，超过 %d 倍（%s compressed expands to %s or more: over %d times, a ZIP bomb）",
          c, u, DBO_BUNDLE_MAX_RATIO, c, u, DBO_BUNDLE_MAX_RATIO);
  return FALSE;
}

static int
compare_offset (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(Entry * const *) a, *y = *(Entry * const *) b;

  return x->local_offset < y->local_offset ? -1 : x->local_offset > y->local_offset;
}

/* Which entry a truncated archive breaks off in: read it as a stream (the
 * directory at its end is missing) until the data stops. Bounded like the
 * real reading. Returns a description for the message, the entry's name in
 * *@file_out ("" when it cannot be told). */
static char *
find_cut (const Source *src, char **file_out)
{
  struct archive *a = source_open_archive (src, FALSE);
  struct archive_entry *ae;
  g_autofree char *last = NULL;
  g_autofree guint8 *buf = NULL;
  guint64 total = 0;
  guint count = 0;

  *file_out = g_strdup ("");
  if (a == NULL)
    return g_strdup ("文件开头即已中断（the archive breaks off at its start）");
  buf = g_malloc (CHUNK);
  for (;;)
    {
      int rc = archive_read_next_header (a, &ae);
      const char *name;

      if (rc == ARCHIVE_EOF)
        {
          archive_read_free (a);
          return g_strdup ("所有文件都完整，但文件末尾的目录缺失或损坏"
                           "（every entry is whole, but the central directory at the end is missing or damaged）");
        }
      if (rc < ARCHIVE_WARN || ++count > DBO_BUNDLE_MAX_ENTRIES)
        {
          archive_read_free (a);
          if (last == NULL)
            return g_strdup ("第一个文件头即已中断（the first entry's header is cut off）");
          return g_strdup_printf ("在 %s 之后的文件头处中断（the archive breaks off in the header after %s）",
                                  last, last);
        }
      name = archive_entry_pathname (ae);
      g_free (last);
      last = name != NULL ? printable_name ((const guint8 *) name, strlen (name)) : g_strdup ("?");
      for (;;)
        {
          la_ssize_t n = archive_read_data (a, buf, CHUNK);

          if (n == 0)
            break;
          if (n < 0)
            {
              archive_read_free (a);
              g_free (*file_out);
              *file_out = g_strdup (last);
              return g_strdup_printf ("该文件的数据被截断，或导出时中断（the data of %s is cut off: "
                                      "the copy was interrupted）", last);
            }
          total += (guint64) n;
          if (total > DBO_BUNDLE_MAX_TOTAL)
            {
              archive_read_free (a);
              return g_strdup ("文件末尾的目录缺失（the central directory at the end is missing）");
            }
        }
    }
}

/* Finds the end-of-central-directory record; FALSE when the file has none
 * where it must be (the archive is cut off). */
static gboolean
find_eocd (const Source *src, gint64 *eocd_offset, guint8 eocd[22])
{
  gint64 tail = MIN (src->size, (gint64) 22 + 65535);
  g_autofree guint8 *buf = NULL;

  if (src->size < 22)
    return FALSE;
  buf = g_malloc ((gsize) tail);
  if (!source_read (src, src->size - tail, buf, (gsize) tail))
    return FALSE;
  for (gint64 i = tail - 22; i >= 0; i--)
    if (buf[i] == 'P' && buf[i + 1] == 'K' && buf[i + 2] == 5 && buf[i + 3] == 6
        && i + 22 + le16 (buf + i + 20) == tail)
      {
        memcpy (eocd, buf + i, 22);
        *eocd_offset = src->size - tail + i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
scan_directory (Scan *s, GError **error)
{
  guint8 head[4], eocd[22];
  gint64 eocd_offset = 0, cd_offset, cd_size;
  guint n_entries;
  g_autofree guint8 *cd = NULL;
  g_autoptr(GHashTable) folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 declared_total = 0;
  gsize pos = 0;

  if (s->src.size == 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_NOT_ZIP, NULL, "文件是空的（the file is empty）");
      return FALSE;
    }
  if (s->src.size > DBO_BUNDLE_MAX_ARCHIVE)
    {
      g_autofree char *lim = format_size (DBO_BUNDLE_MAX_ARCHIVE);

      refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL, "文件大于 %s（the file is larger than %s）", lim, lim);
      return FALSE;
    }
  if (s->src.size < 4 || !source_read (&s->src, 0, head, 4) || memcmp (head, "PK\3\4", 4) != 0)
    {
      if (s->src.size >= 4 && memcmp (head, "PK\5\6", 4) == 0)
        refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
                "ZIP 文件中没有任何文件（the ZIP archive is empty）");
      else
        refuse (error, DBO_BUNDLE_ERROR_NOT_ZIP, NULL,
                "这不是等保备案报送包：文件不是 ZIP 格式（this is not a Dengbao bundle: not a ZIP archive）");
      return FALSE;
    }
  if (!find_eocd (&s->src, &eocd_offset, eocd))
    {
      g_autofree char *file = NULL;
      g_autofree char *what = find_cut (&s->src, &file);

      refuse (error, DBO_BUNDLE_ERROR_INCOMPLETE, file, "%s", what);
      return FALSE;
    }
  if (le16 (eocd + 4) != 0 || le16 (eocd + 6) != 0 || le16 (eocd + 8) != le16 (eocd + 10))
    {
      refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "分卷 ZIP 文件（a multi-part ZIP archive）");
      return FALSE;
    }
  n_entries = le16 (eocd + 10);
  cd_size = le32 (eocd + 12);
  cd_offset = le32 (eocd + 16);
  if (n_entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF)
    {
      refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "ZIP64 格式（a ZIP64 archive, bigger than any bundle）");
      return FALSE;
    }
  if (eocd_offset >= 20)
    {
      guint8 loc[4];

      if (source_read (&s->src, eocd_offset - 20, loc, 4) && memcmp (loc, "PK\6\7", 4) == 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "ZIP64 格式（a ZIP64 archive, bigger than any bundle）");
          return FALSE;
        }
    }
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, NULL,
              "包中有 %u 个文件，上限为 %d 个（the archive holds %u entries, more than the %d allowed）",
              n_entries, DBO_BUNDLE_MAX_ENTRIES, n_entries, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (n_entries == 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
              "ZIP 文件中没有任何文件（the ZIP archive is empty）");
      return FALSE;
    }
  if (cd_offset + cd_size != eocd_offset || cd_size > MAX_CENTRAL_DIRECTORY)
    {
      refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
              "ZIP 目录的位置或大小不对（the central directory's offset or size is wrong）");
      return FALSE;
    }
  cd = g_malloc ((gsize) cd_size + 1);
  if (!source_read (&s->src, cd_offset, cd, (gsize) cd_size))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法读取 ZIP 目录（the central directory cannot be read）");
      return FALSE;
    }

  for (guint i = 0; i < n_entries; i++)
    {
      const guint8 *h = cd + pos;
      gsize name_len, extra_len, comment_len;
      Entry *e;
      char *key;

      if ((gsize) cd_size - pos < 46 || memcmp (h, "PK\1\2", 4) != 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
                  "ZIP 目录第 %u 项损坏（entry %u of the central directory is damaged）", i + 1, i + 1);
          return FALSE;
        }
      name_len = le16 (h + 28);
      extra_len = le16 (h + 30);
      comment_len = le16 (h + 32);
      if ((gsize) cd_size - pos - 46 < name_len + extra_len + comment_len)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
                  "ZIP 目录第 %u 项损坏（entry %u of the central directory is damaged）", i + 1, i + 1);
          return FALSE;
        }
      if (!check_name (h + 46, name_len, error))
        return FALSE;

      e = g_new0 (Entry, 1);
      e->name = g_strndup ((const char *) h + 46, name_len);
      e->flags = le16 (h + 8);
      e->method = le16 (h + 10);
      e->csize = le32 (h + 20);
      e->usize = le32 (h + 24);
      e->local_offset = le32 (h + 42);
      g_ptr_array_add (s->entries, e);
      pos += 46 + name_len + extra_len + comment_len;

      if (!check_type (e->name, le16 (h + 4), le32 (h + 38), &e->is_dir, error))
        return FALSE;
      if ((e->flags & 0x41) != 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name, "文件已加密（the entry is encrypted）");
          return FALSE;
        }
      if (e->method != 0 && e->method != 8)
        {
          refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name,
                  "压缩方法 %u 不受支持，只接受 deflate 与不压缩（compression method %u; only deflate and "
                  "stored are accepted）", e->method, e->method);
          return FALSE;
        }
      if (e->csize == 0xFFFFFFFF || e->usize == 0xFFFFFFFF || e->local_offset == 0xFFFFFFFF)
        {
          refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name, "ZIP64 格式（a ZIP64 entry）");
          return FALSE;
        }

      /* Twice, or twice but for case (or a folder named like a file): on a
       * case-insensitive disk one would overwrite the other. */
      key = g_ascii_strdown (e->name, e->is_dir && g_str_has_suffix (e->name, "/") ? (gssize) name_len - 1
                                                                                  : (gssize) name_len);
      if (g_hash_table_contains (s->by_name, e->name) || g_hash_table_contains (folded, key))
        {
          gboolean exact = g_hash_table_contains (s->by_name, e->name);

          refuse (error, DBO_BUNDLE_ERROR_DUPLICATE_NAME, e->name,
                  exact ? "文件名出现了两次（the name occurs twice）"
                        : "与另一个文件仅大小写不同（the name differs from another only in case）");
          g_free (key);
          return FALSE;
        }
      g_hash_table_insert (s->by_name, e->name, e);
      g_hash_table_add (folded, key);

      /* From the headers alone, before anything is decompressed. */
      if (e->usize > DBO_BUNDLE_RATIO_FLOOR && e->usize > (guint64) DBO_BUNDLE_MAX_RATIO * MAX (e->csize, 1))
        return refuse_ratio (error, e->name, e->usize, e->csize);
      if (e->usize > entry_limit (e->name))
        return refuse_too_large (error, e->name, entry_limit (e->name));
      declared_total += e->usize;
      if (declared_total > DBO_BUNDLE_MAX_TOTAL)
        {
          g_autofree char *lim = format_size (DBO_BUNDLE_MAX_TOTAL);

          refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, e->name,
                  "所有文件解压后共超过 %s（all entries together expand to more than %s）", lim, lim);
          return FALSE;
        }
    }
  if (pos != (gsize) cd_size)
    {
      refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
              "ZIP 目录与其记录的大小不符（the central directory does not match its recorded size）");
      return FALSE;
    }

  /* Each entry's data must lie between its header and the next one:
   * overlapping entries are a ZIP bomb trick, and data past the directory a
   * damaged file. */
  g_ptr_array_sort (s->entries, compare_offset);
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);
      gint64 limit = i + 1 < s->entries->len ? ((Entry *) g_ptr_array_index (s->entries, i + 1))->local_offset
                                              : cd_offset;
      guint8 lh[30];
      gsize name_len = strlen (e->name);
      g_autofree guint8 *lname = NULL;
      gint64 data_end;

      if (!source_read (&s->src, e->local_offset, lh, sizeof lh) || memcmp (lh, "PK\3\4", 4) != 0
          || le16 (lh + 26) != name_len)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "文件头缺失或与 ZIP 目录不符（its local header is missing or differs from the central directory）");
          return FALSE;
        }
      lname = g_malloc (name_len + 1);
      if (!source_read (&s->src, e->local_offset + 30, lname, name_len) || memcmp (lname, e->name, name_len) != 0
          || (le16 (lh + 6) & 0x41) != (e->flags & 0x41) || le16 (lh + 8) != e->method)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "文件头与 ZIP 目录不符（its local header differs from the central directory）");
          return FALSE;
        }
      data_end = e->local_offset + 30 + (gint64) name_len + le16 (lh + 28) + (gint64) e->csize;
      if (data_end > limit)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "数据与下一个文件重叠（its data overlaps the next entry: a ZIP bomb trick or a damaged file）");
          return FALSE;
        }
    }
  return TRUE;
}

/* ================================================================ reading: phase B, the data */

static gboolean
refuse_archive (struct archive *a, const char *name, GError **error)
{
  const char *msg = archive_error_string (a);

  if (msg == NULL)
    msg = "unknown error";
  if (strstr (msg, "runcated") != NULL)
    refuse (error, DBO_BUNDLE_ERROR_INCOMPLETE, name,
            "该文件的数据被截断（the data is cut off: %s）", msg);
  else if (strstr (msg, "CRC") != NULL)
    refuse (error, DBO_BUNDLE_ERROR_DAMAGED, name,
            "数据校验（CRC）不符，文件已损坏（the data fails its CRC check: %s）", msg);
  else
    refuse (error, DBO_BUNDLE_ERROR_DAMAGED, name, "无法解压（it cannot be read: %s）", msg);
  return FALSE;
}

static gboolean
wants_data (const char *name)
{
  return strcmp (name, MANIFEST_NAME) == 0 || strcmp (name, PROJECT_NAME) == 0
    || g_str_has_prefix (name, "attachments/");
}

static gboolean
read_entry_data (Scan *s, struct archive *a, Entry *e, guint8 *buf, GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GByteArray) kept = NULL;
  guint64 limit = entry_limit (e->name);
  guint64 count = 0;

  /* Sized by the directory, which phase A bounded; more than it says is refused below. */
  if (s->only != NULL ? strcmp (e->name, s->only) == 0
      : s->documents_only ? g_str_has_prefix (e->name, "documents/") : wants_data (e->name))
    kept = g_byte_array_sized_new (e->usize);
  for (;;)
    {
      la_ssize_t n = archive_read_data (a, buf, CHUNK);

      if (n == 0)
        break;
      if (n < 0)
        return refuse_archive (a, e->name, error);
      count += (guint64) n;
      s->total += (guint64) n;
      /* Counted as read: the headers may lie. */
      if (count > e->usize)
        {
          g_autofree char *declared = format_size (e->usize);

          refuse (error, DBO_BUNDLE_ERROR_COMPRESSION_RATIO, e->name,
                  "解压后超过 ZIP 目录中声明的 %s（it expands beyond the %s its header declares: a ZIP bomb trick）",
                  declared, declared);
          return FALSE;
        }
      if (count > DBO_BUNDLE_RATIO_FLOOR && count > (guint64) DBO_BUNDLE_MAX_RATIO * MAX (e->csize, 1))
        return refuse_ratio (error, e->name, count, e->csize);
      if (count > limit)
        return refuse_too_large (error, e->name, limit);
      if (s->total > DBO_BUNDLE_MAX_TOTAL)
        return refuse_too_large (error, e->name, DBO_BUNDLE_MAX_TOTAL);
      g_checksum_update (sum, buf, (gsize) n);
      if (kept != NULL)
        g_byte_array_append (kept, buf, (guint) n);
    }
  if (count != e->usize)
    {
      refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
              "解压后的大小 %" G_GUINT64_FORMAT " 与 ZIP 目录中的 %u 不符（it expands to %" G_GUINT64_FORMAT
              " bytes, the central directory says %u）", count, e->usize, count, e->usize);
      return FALSE;
    }
  e->size = count;
  e->sha256 = g_strdup (g_checksum_get_string (sum));
  if (kept != NULL)
    e->data = g_byte_array_free_to_bytes (g_steal_pointer (&kept));
  return TRUE;
}

static gboolean
scan_data (Scan *s, GError **error)
{
  struct archive *a = source_open_archive (&s->src, TRUE);
  struct archive_entry *ae;
  g_autofree guint8 *buf = NULL;
  gboolean ok = FALSE;
  guint index = 0;

  if (a == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL, "无法作为 ZIP 文件打开（it cannot be opened as a ZIP archive）");
      return FALSE;
    }
  buf = g_malloc (CHUNK);
  for (;; index++)
    {
      Entry *expected = index < s->entries->len ? g_ptr_array_index (s->entries, index) : NULL;
      int rc = archive_read_next_header (a, &ae);
      const char *name;
      Entry *e;
      int type;

      if (rc == ARCHIVE_EOF)
        break;
      if (rc < ARCHIVE_WARN)
        {
          refuse_archive (a, expected != NULL ? expected->name : "", error);
          goto out;
        }
      name = archive_entry_pathname (ae);
      e = name != NULL ? g_hash_table_lookup (s->by_name, name) : NULL;
      if (e == NULL || e->seen)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, expected != NULL ? expected->name : "",
                  "文件头与 ZIP 目录不符（the archive's headers disagree with its central directory）");
          goto out;
        }
      e->seen = TRUE;
      type = archive_entry_filetype (ae);
      if (archive_entry_hardlink (ae) != NULL)
        {
          refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
                  "是硬链接；包中只能有普通文件（it is a hard link; a bundle holds regular files only）");
          goto out;
        }
      if (type == AE_IFDIR || e->is_dir)
        {
          if (type != AE_IFDIR || archive_entry_size (ae) > 0 || e->usize > 0)
            {
              refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
                      "文件夹项带有数据（a folder entry that carries data）");
              goto out;
            }
          e->size = 0;
          continue;
        }
      if (type != AE_IFREG)
        {
          refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
                  "不是普通文件（类型 0%o）（it is not a regular file: type 0%o）", type, type);
          goto out;
        }
      if (s->only != NULL && strcmp (e->name, s->only) != 0)
        {
          if (archive_read_data_skip (a) != ARCHIVE_OK)
            {
              refuse_archive (a, e->name, error);
              goto out;
            }
          continue;
        }
      if (!read_entry_data (s, a, e, buf, error))
        goto out;
    }
  /* An entry of the directory that the reader never showed (hidden as
   * metadata, or unreachable) is not one we can vouch for. */
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);

      if (!e->seen)
        {
          refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "列在 ZIP 目录中却无法读出（it is in the central directory but cannot be read）");
          goto out;
        }
    }
  ok = TRUE;
out:
  archive_read_free (a);
  return ok;
}

/* ================================================================ reading: phase C, the content */

static DboBundleError
xml_error_to_check (const GError *e)
{
  if (e->domain != DBO_XML_ERROR)
    return DBO_BUNDLE_ERROR_SCHEMA;
  switch (e->code)
    {
    case DBO_XML_ERROR_FORBIDDEN: return DBO_BUNDLE_ERROR_XML_FORBIDDEN;
    case DBO_XML_ERROR_MALFORMED: return DBO_BUNDLE_ERROR_XML_MALFORMED;
    case DBO_XML_ERROR_TOO_LARGE: return DBO_BUNDLE_ERROR_SIZE_LIMIT;
    case DBO_XML_ERROR_INVALID: return DBO_BUNDLE_ERROR_PROJECT_INVALID;
    case DBO_XML_ERROR_SCHEMA:
    default: return DBO_BUNDLE_ERROR_SCHEMA;
    }
}

/* The XML reader's message without its own "name: " prefix (refuse() names the file). */
static const char *
inner_message (const GError *e, const char *name)
{
  gsize n = strlen (name);

  if (strncmp (e->message, name, n) == 0 && e->message[n] == ':' && e->message[n + 1] == ' ')
    return e->message + n + 2;
  return e->message;
}

static char *
get_attr (xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *out = g_strdup ((const char *) v);

  xmlFree (v);
  return out;
}

static xmlNode *
next_element (xmlNode *n)
{
  while (n != NULL && n->type != XML_ELEMENT_NODE)
    n = n->next;
  return n;
}

/* What a refused DOCTYPE tried to do, for the message (nothing of it was
 * loaded or expanded: the parser refuses any DOCTYPE before reading it). */
static const char *
doctype_hint (const char *data, gsize len)
{
  const char *doctype = g_strstr_len (data, (gssize) MIN (len, (gsize) G_MAXSSIZE), "<!DOCTYPE");
  gsize rest, span;
  gboolean entity, external;

  if (doctype == NULL)
    return "";
  rest = len - (gsize) (doctype - data);
  span = MIN (rest, 64 * 1024);
  entity = g_strstr_len (doctype, (gssize) span, "<!ENTITY") != NULL;
  external = g_strstr_len (doctype, (gssize) span, "SYSTEM") != NULL
    || g_strstr_len (doctype, (gssize) span, "PUBLIC") != NULL;
  if (entity && external)
    return "；其中声明了外部实体（XXE），未被读取（it declares an external entity, XXE; nothing was read）";
  if (entity)
    return "；其中声明了实体（可被用于“十亿笑声”式膨胀），未被展开（it declares entities, as in the "
           "billion-laughs entity expansion; nothing was expanded）";
  if (external)
    return "；其中引用了外部 DTD，未被加载（it refers to an external DTD; nothing was loaded）";
  return "";
}

/* Parses untrusted XML and checks its root is <@root_name> in @ns with
 * format-version "1" — before any schema, so the message says what is wrong. */
static xmlDoc *
parse_checked (GBytes *bytes, const char *name, const char *root_name, const char *ns, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *version = NULL;
  xmlNode *root;
  const char *found_ns;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  doc = dbo_xml_parse_untrusted (data != NULL ? data : "", len, name, &local);
  if (doc == NULL)
    {
      DboBundleError code = xml_error_to_check (local);

      refuse (error, code, name, "%s%s", inner_message (local, name),
              code == DBO_BUNDLE_ERROR_XML_FORBIDDEN ? doctype_hint (data != NULL ? data : "", len) : "");
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  found_ns = root != NULL && root->ns != NULL ? (const char *) root->ns->href : NULL;
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) root_name) || g_strcmp0 (found_ns, ns) != 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_NAMESPACE, name,
              "根元素是 {%s}%s，应为命名空间 %s 中的 <%s>（the root element is {%s}%s, not <%s> in the namespace %s）",
              found_ns ? found_ns : "", root ? (const char *) root->name : "", ns, root_name,
              found_ns ? found_ns : "", root ? (const char *) root->name : "", root_name, ns);
      return NULL;
    }
  version = get_attr (root, "format-version");
  if (g_strcmp0 (version, "1") != 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_FORMAT_VERSION, name,
              "格式版本为“%s”，本程序只读取版本 1；请用更新版本的等保备案助手打开"
              "（format-version “%s”: this application reads format-version 1; a newer Dengbao wrote it）",
              version ? version : "", version ? version : "");
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* The part key of "documents/annex3-<key>.pdf", or NULL when the path has
 * another shape (dbo_doc_annex3_key_is_valid). */
static char *
annex3_key_of_path (const char *path)
{
  const char *prefix = "documents/annex3-";
  g_autofree char *key = NULL;

  if (!g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, ".pdf"))
    return NULL;
  key = g_strndup (path + strlen (prefix), strlen (path) - strlen (prefix) - strlen (".pdf"));
  return dbo_doc_annex3_key_is_valid (key) ? g_steal_pointer (&key) : NULL;
}

static const char *
doc_role_path (const char *role)
{
  if (strcmp (role, "annex2") == 0) return "documents/annex2.pdf";
  if (strcmp (role, "annex4") == 0) return "documents/annex4.pdf";
  return NULL;
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
check_role (const DboBundleFile *f, const Entry *e, const DboProject *project, GError **error)
{
  const char *expected = NULL;
  g_autofree char *owned = NULL;

  if (strcmp (f->role, "data") == 0)
    expected = PROJECT_NAME;
  else if ((expected = doc_role_path (f->role)) != NULL)
    ;
  else if (strcmp (f->role, "annex3") == 0)
    {
      /* documents/annex3-CC-N.pdf (a review round) or annex3-CC.pdf (an enterprise part). */
      g_autofree char *key = annex3_key_of_path (f->path);

      if (key == NULL)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "定级审核意见书应为 documents/annex3-<审核部门编号>-<轮次>.pdf 或 documents/annex3-<审核部门编号>.pdf"
                  "（Annex 3 must be documents/annex3-CC-N.pdf or documents/annex3-CC.pdf）");
          return FALSE;
        }
      return TRUE;
    }
  else if (strcmp (f->role, "report") == 0)
    {
      const char *id = NULL;

      if (g_str_has_prefix (f->path, "documents/report-") && g_str_has_suffix (f->path, ".pdf"))
        {
          owned = g_strndup (f->path + strlen ("documents/report-"),
                             strlen (f->path) - strlen ("documents/report-") - strlen (".pdf"));
          id = owned;
        }
      if (id == NULL || dbo_project_find_object (project, id) == NULL)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "定级报告应为 documents/report-<定级对象编号>.pdf，且该对象须在 project.xml 中"
                  "（a report must be documents/report-<object id>.pdf for an object of project.xml）");
          return FALSE;
        }
      return TRUE;
    }
  else if (strcmp (f->role, "attachment") == 0)
    {
      const char *hex = f->path + strlen ("attachments/");
      gboolean described = FALSE;

      if (!g_str_has_prefix (f->path, "attachments/") || !is_sha256_hex (hex) || strcmp (hex, e->sha256) != 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "附件应存为 attachments/<内容的 SHA-256>（an attachment is stored as attachments/<SHA-256 of "
                  "its content>）");
          return FALSE;
        }
      for (guint i = 0; project->attachments != NULL && i < project->attachments->len; i++)
        {
          const DboAttachment *a = g_ptr_array_index (project->attachments, i);

          if (g_ascii_strcasecmp (a->sha256, hex) == 0)
            described = TRUE;
        }
      if (!described)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
                  "project.xml 的附件列表中没有这个附件（project.xml does not list this attachment）");
          return FALSE;
        }
      return TRUE;
    }
  if (expected == NULL || strcmp (expected, f->path) != 0)
    {
      refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, f->path,
              "用途“%s”的文件应为 %s（a file of role “%s” is %s）", f->role, expected ? expected : "?",
              f->role, expected ? expected : "?");
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_text (const char *a, const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static DboBundleReport *
check_content (Scan *s, GError **error)
{
  g_autoptr(DboBundleReport) report = g_new0 (DboBundleReport, 1);
  g_autoptr(xmlDoc) mdoc = NULL;
  g_autoptr(xmlDoc) pdoc = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *kind = NULL;
  g_autofree char *pid = NULL, *pruleset = NULL, *psha = NULL;
  g_autofree char *ename = NULL, *ecredit = NULL, *ecity = NULL;
  Entry *manifest = g_hash_table_lookup (s->by_name, MANIFEST_NAME);
  Entry *project_entry;
  xmlNode *root, *n;
  xmlChar *c14n = NULL;
  int c14n_len;

  (void) dbo_core_get_resource ();    /* keeps the schemas linked in */
  if (manifest == NULL || manifest->is_dir || manifest->data == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
              "包中没有清单 manifest.xml，这不是等保备案报送包（there is no manifest.xml: not a Dengbao bundle）");
      return NULL;
    }
  mdoc = parse_checked (manifest->data, MANIFEST_NAME, "bundle", DBO_BUNDLE_NS, error);
  if (mdoc == NULL)
    return NULL;
  if (!dbo_xml_validate (mdoc, "manifest.xsd", MANIFEST_NAME, &local))
    {
      refuse (error, DBO_BUNDLE_ERROR_SCHEMA, MANIFEST_NAME, "%s", inner_message (local, MANIFEST_NAME));
      return NULL;
    }

  root = xmlDocGetRootElement (mdoc);
  kind = get_attr (root, "kind");
  dbo_bundle_kind_from_token (kind, &report->kind);
  report->created = get_attr (root, "created");
  report->generator = get_attr (root, "generator");
  report->files = g_ptr_array_new_with_free_func ((GDestroyNotify) bundle_file_free);
  report->fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) bundle_font_free);
  /* The schema fixed the order: project, fonts?, enterprise, file+. */
  n = next_element (root->children);
  pid = get_attr (n, "id");
  pruleset = get_attr (n, "ruleset");
  psha = get_attr (n, "data-sha256");
  n = next_element (n->next);
  if (xmlStrcmp (n->name, (const xmlChar *) "fonts") == 0)
    {
      for (xmlNode *font = next_element (n->children); font != NULL; font = next_element (font->next))
        {
          DboBundleFont *f = g_new0 (DboBundleFont, 1);

          f->family = get_attr (font, "family");
          f->file = get_attr (font, "file");
          f->sha256 = get_attr (font, "sha256");
          g_ptr_array_add (report->fonts, f);
        }
      n = next_element (n->next);
    }
  ename = get_attr (n, "name");
  ecredit = get_attr (n, "credit-code");
  ecity = get_attr (n, "city");
  for (n = next_element (n->next); n != NULL; n = next_element (n->next))
    {
      DboBundleFile *f = g_new0 (DboBundleFile, 1);
      g_autofree char *size = get_attr (n, "size");
      Entry *e;

      f->path = get_attr (n, "path");
      f->role = get_attr (n, "role");
      f->title = get_attr (n, "title");
      f->sha256 = get_attr (n, "sha256");
      f->size = g_ascii_strtoull (size, NULL, 10);
      g_ptr_array_add (report->files, f);
      g_hash_table_add (listed, f->path);
      report->total_size += f->size;

      e = g_hash_table_lookup (s->by_name, f->path);
      if (e == NULL || e->is_dir)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, f->path,
                  "清单中列出的文件不在包中（it is listed in manifest.xml but not in the archive）");
          return NULL;
        }
      if (e->size != f->size)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_SIZE, f->path,
                  "大小为 %" G_GUINT64_FORMAT " 字节，清单中为 %" G_GUINT64_FORMAT " 字节（it is %" G_GUINT64_FORMAT
                  " bytes, manifest.xml says %" G_GUINT64_FORMAT "）", e->size, f->size, e->size, f->size);
          return NULL;
        }
      if (strcmp (e->sha256, f->sha256) != 0)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, f->path,
                  "SHA-256 与清单不符，文件在导出后被改动过（its SHA-256 differs from manifest.xml: the file was "
                  "changed after export）");
          return NULL;
        }
    }

  /* Nothing but what is listed (and folders on the way to it). */
  for (guint i = 0; i < s->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (s->entries, i);
      gboolean ok = strcmp (e->name, MANIFEST_NAME) == 0 || g_hash_table_contains (listed, e->name);

      if (!ok && e->is_dir)
        for (guint j = 0; j < report->files->len && !ok; j++)
          ok = g_str_has_prefix (((DboBundleFile *) g_ptr_array_index (report->files, j))->path, e->name);
      if (!ok)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_UNLISTED, e->name,
                  "包中有清单未列出的文件（the archive holds a file that manifest.xml does not list）");
          return NULL;
        }
    }

  /* project.xml: its own root checks, its canonical hash, then the full reader. */
  project_entry = g_hash_table_lookup (s->by_name, PROJECT_NAME);
  if (!g_hash_table_contains (listed, PROJECT_NAME) || project_entry == NULL || project_entry->data == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, PROJECT_NAME,
              "包中没有项目数据 project.xml（there is no project.xml）");
      return NULL;
    }
  pdoc = parse_checked (project_entry->data, PROJECT_NAME, "project", DBO_PROJECT_XML_NS, error);
  if (pdoc == NULL)
    return NULL;
  c14n_len = xmlC14NDocDumpMemory (pdoc, NULL, XML_C14N_1_0, NULL, 0, &c14n);
  if (c14n_len < 0 || c14n == NULL)
    {
      xmlFree (c14n);
      refuse (error, DBO_BUNDLE_ERROR_XML_MALFORMED, PROJECT_NAME,
              "无法生成规范形式（the canonical form could not be made）");
      return NULL;
    }
  report->data_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, c14n, (gsize) c14n_len);
  xmlFree (c14n);
  g_clear_pointer (&pdoc, xmlFreeDoc);
  {
    gsize len = 0;
    const char *data = g_bytes_get_data (project_entry->data, &len);

    report->project = dbo_project_xml_read (data, len, PROJECT_NAME, &local);
  }
  if (report->project == NULL)
    {
      refuse (error, xml_error_to_check (local), PROJECT_NAME, "%s", inner_message (local, PROJECT_NAME));
      return NULL;
    }

  /* The manifest describes this project.xml and no other. */
  {
    const DboProject *p = report->project;
    const char *what = NULL;

    if (!same_text (pid, p->id))
      what = "project/@id";
    else if (!same_text (pruleset, p->ruleset))
      what = "project/@ruleset";
    else if (!same_text (psha, report->data_sha256))
      what = "project/@data-sha256";
    else if (!same_text (ename, p->enterprise.name))
      what = "enterprise/@name";
    else if (!same_text (ecredit, p->enterprise.credit_code))
      what = "enterprise/@credit-code";
    else if (!same_text (ecity, p->enterprise.city))
      what = "enterprise/@city";
    if (what != NULL)
      {
        refuse (error, DBO_BUNDLE_ERROR_PROJECT_MISMATCH, MANIFEST_NAME,
                "清单的 %s 与 project.xml 不符（manifest.xml's %s does not match project.xml）", what, what);
        return NULL;
      }
  }

  /* Roles fit paths; the documents a kind must carry are there. */
  {
    gboolean has_data = FALSE;
    gboolean has[5] = { FALSE };

    for (guint i = 0; i < report->files->len; i++)
      {
        const DboBundleFile *f = g_ptr_array_index (report->files, i);
        const Entry *e = g_hash_table_lookup (s->by_name, f->path);

        if (!check_role (f, e, report->project, error))
          return NULL;
        if (strcmp (f->role, "data") == 0)
          has_data = TRUE;
        else if (g_str_has_prefix (f->role, "annex"))
          has[f->role[5] - '0'] = TRUE;
      }
    if (!has_data)
      {
        refuse (error, DBO_BUNDLE_ERROR_FILE_ROLE, PROJECT_NAME,
                "清单未将 project.xml 列为项目数据（manifest.xml does not list project.xml as the data）");
        return NULL;
      }
    for (int k = 2; k <= 4; k++)
      {
        gboolean needed = report->kind == DBO_BUNDLE_SUBMISSION || (report->kind == DBO_BUNDLE_REVIEW && k == 3);

        if (needed && !has[k])
          {
            g_autofree char *file = k == 3 ? g_strdup ("documents/annex3-CC-N.pdf")
                                                    : g_strdup_printf ("documents/annex%d.pdf", k);

            refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file,
                    "%s包必须包含此文书（a %s bundle must hold this document）",
                    report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "审核答复", kind);
            return NULL;
          }
      }
  }

  /* The attachments' bytes go with the project. */
  for (guint i = 0; report->project->attachments != NULL && i < report->project->attachments->len; i++)
    {
      DboAttachment *a = g_ptr_array_index (report->project->attachments, i);
      g_autofree char *name = g_strconcat ("attachments/", a->sha256, NULL);
      Entry *e = g_hash_table_lookup (s->by_name, name);

      if (e != NULL && e->data != NULL && g_hash_table_contains (listed, name))
        a->data = g_bytes_ref (e->data);
    }
  return g_steal_pointer (&report);
}

/* ================================================================ reading: phase D, the documents are project.xml's */

/* The manifest is written by the same party as the documents: its checksums
 * prove only that nothing changed after export. Here each document is
 * re-rendered from project.xml and compared, and a submission or review is
 * checked as of its date (dbo_bundle_verify() says which comparison counts). */

static gboolean
is_document_role (const char *role)
{
  DboDocKind kind;

  return dbo_doc_kind_from_token (role, &kind) && kind != DBO_DOC_SIGNATURES;
}

/* The documents the manifest lists, as render requests in manifest order;
 * @files_out gets each one's DboBundleFile at the same index. */
static GPtrArray *
listed_documents (const DboBundleReport *report, GPtrArray *files_out)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_rendered_doc_free);

  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);
      g_autofree char *object_id = NULL;
      DboDocKind kind;

      if (!dbo_doc_kind_from_token (f->role, &kind) || kind == DBO_DOC_SIGNATURES)
        continue;
      /* check_role() made sure of the shape and of the object. */
      if (kind == DBO_DOC_REPORT)
        object_id = g_strndup (f->path + strlen ("documents/report-"),
                               strlen (f->path) - strlen ("documents/report-") - strlen (".pdf"));
      else if (kind == DBO_DOC_ANNEX3)
        object_id = annex3_key_of_path (f->path);
      g_ptr_array_add (docs, dbo_rendered_doc_new (kind, object_id));
      g_ptr_array_add (files_out, (gpointer) f);
    }
  return docs;
}

/* Whether this build would draw the bundle's documents with the same bytes:
 * the same generator, and font files of the same names and SHA-256. The
 * fonts are hashed only when everything else matches (once per process). */
static gboolean
same_renderer (const DboBundleReport *report)
{
  const GPtrArray *mine;

  if (!same_text (report->generator, GENERATOR) || report->fonts == NULL || report->fonts->len == 0)
    return FALSE;
  mine = dbo_layout_font_files ();
  if (mine->len != report->fonts->len)
    return FALSE;
  for (guint i = 0; i < mine->len; i++)
    {
      const DboFontFile *a = g_ptr_array_index (mine, i);
      const DboBundleFont *b = g_ptr_array_index (report->fonts, i);

      if (!same_text (a->family, b->family) || !same_text (a->file, b->file))
        return FALSE;
    }
  if (!dbo_layout_font_files_hash (NULL))
    return FALSE;
  for (guint i = 0; i < mine->len; i++)
    if (!same_text (((const DboFontFile *) g_ptr_array_index (mine, i))->sha256,
                    ((const DboBundleFont *) g_ptr_array_index (report->fonts, i))->sha256))
      return FALSE;
  return TRUE;
}

/* The documents' bytes, read again (the first pass keeps only the XML and
 * the attachments), each checked against the manifest once more. */
static GHashTable *
read_documents (const Source *src, const DboBundleReport *report, GError **error)
{
  Scan s = { 0 };
  GHashTable *out = NULL;

  s.src = *src;
  s.documents_only = TRUE;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (scan_directory (&s, error) && scan_data (&s, error))
    {
      out = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref);
      for (guint i = 0; i < report->files->len; i++)
        {
          const DboBundleFile *f = g_ptr_array_index (report->files, i);
          Entry *e;

          if (!is_document_role (f->role))
            continue;
          e = g_hash_table_lookup (s.by_name, f->path);
          if (e == NULL || e->data == NULL || e->size != f->size || strcmp (e->sha256, f->sha256) != 0)
            {
              refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, f->path,
                      "与验证时的内容不同，包在验证过程中被改动过（it differs from when the bundle was "
                      "verified: the bundle changed while it was read）");
              g_clear_pointer (&out, g_hash_table_unref);
              break;
            }
          g_hash_table_insert (out, f->path, g_bytes_ref (e->data));
        }
    }
  scan_clear (&s);
  return out;
}

/* The text of @page as poppler extracts it, without any whitespace: line
 * and column breaks are where the fonts put them, the words are the project's. */
static char *
page_text (PopplerPage *page)
{
  g_autofree char *raw = poppler_page_get_text (page);
  g_autofree char *text = g_utf8_make_valid (raw != NULL ? raw : "", -1);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x200B && c != 0xFEFF)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
refuse_document (GError **error, const DboBundleFile *f, const char *zh, const char *en)
{
  refuse (error, DBO_BUNDLE_ERROR_DOCUMENT_MISMATCH, f->path,
          "不是 project.xml 生成的文书：%s（%s is not the document project.xml produces: %s）",
          zh, f->path, en);
  return FALSE;
}

/* Another generator or other fonts: @theirs must be a PDF of @mine's page
 * count whose pages read as @mine's do. */
static gboolean
compare_text (const DboBundleFile *f, GBytes *theirs, const DboRenderedDoc *mine, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(PopplerDocument) their_doc = NULL;
  g_autoptr(PopplerDocument) my_doc = NULL;
  gsize len = 0;
  const char *data = theirs != NULL ? g_bytes_get_data (theirs, &len) : NULL;
  int n_theirs, n_mine;

  if (data == NULL || len < 5 || memcmp (data, "%PDF-", 5) != 0)
    return refuse_document (error, f, "不是 PDF 文件", "it is not a PDF file");
  their_doc = poppler_document_new_from_bytes (theirs, NULL, &local);
  if (their_doc == NULL)
    {
      g_autofree char *zh = g_strdup_printf ("PDF 无法读取：%s", local->message);
      g_autofree char *en = g_strdup_printf ("the PDF cannot be read: %s", local->message);

      return refuse_document (error, f, zh, en);
    }
  my_doc = poppler_document_new_from_bytes (mine->pdf, NULL, &local);
  if (my_doc == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, f->path, "重新生成的文书无法读取（the re-rendered document cannot be "
              "read: %s）", local->message);
      return FALSE;
    }
  n_theirs = poppler_document_get_n_pages (their_doc);
  n_mine = poppler_document_get_n_pages (my_doc);
  if (n_theirs != n_mine)
    {
      g_autofree char *zh = g_strdup_printf ("它有 %d 页，应为 %d 页", n_theirs, n_mine);
      g_autofree char *en = g_strdup_printf ("it has %d page%s, the document has %d", n_theirs,
                                             n_theirs == 1 ? "" : "s", n_mine);

      return refuse_document (error, f, zh, en);
    }
  for (int i = 0; i < n_mine; i++)
    {
      g_autoptr(PopplerPage) their_page = poppler_document_get_page (their_doc, i);
      g_autoptr(PopplerPage) my_page = poppler_document_get_page (my_doc, i);
      g_autofree char *a = their_page != NULL ? page_text (their_page) : NULL;
      g_autofree char *b = my_page != NULL ? page_text (my_page) : NULL;

      if (a == NULL || b == NULL || strcmp (a, b) != 0)
        {
          g_autofree char *zh = g_strdup_printf ("第 %d 页的文字不同", i + 1);
          g_autofree char *en = g_strdup_printf ("the text of page %d differs", i + 1);

          return refuse_document (error, f, zh, en);
        }
    }
  return TRUE;
}

typedef struct {
  const Source *src;
  const DboBundleReport *report;
  GPtrArray *files;             /* DboBundleFile* of each document, in render order */
  guint next;
  int same_renderer;            /* -1 until needed */
  GHashTable *pdfs;             /* path → GBytes: the bundle's documents, read when a text is compared */
  guint by_text;                /* documents proved by their text */
} Proof;

/* Bytes identical to the re-render prove a document whatever the manifest
 * claims. Other bytes refuse it where this build and these fonts made it
 * (the comparison is exact); otherwise its text must be the project's. */
static gboolean
prove_document (DboRenderedDoc *doc, gpointer user_data, GError **error)
{
  Proof *p = user_data;
  const DboBundleFile *f = g_ptr_array_index (p->files, p->next++);
  g_autofree char *sha256 = NULL;

  if (doc->pdf == NULL)
    {
      const char *why = doc->error != NULL ? doc->error->message : "";
      g_autofree char *zh = g_strdup_printf ("project.xml 不能生成它：%s", why);
      g_autofree char *en = g_strdup_printf ("project.xml cannot produce it: %s", why);

      return refuse_document (error, f, zh, en);
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, doc->pdf);
  if (strcmp (sha256, f->sha256) == 0)
    return TRUE;
  if (p->same_renderer < 0)
    p->same_renderer = same_renderer (p->report);
  if (p->same_renderer)
    return refuse_document (error, f, "与按 project.xml 重新生成的文书不同（同一版本、同一字体）",
                            "its bytes differ from the re-rendered document (same version, same fonts)");
  if (p->pdfs == NULL)
    {
      p->pdfs = read_documents (p->src, p->report, error);
      if (p->pdfs == NULL)
        return FALSE;
    }
  p->by_text++;
  return compare_text (f, g_hash_table_lookup (p->pdfs, f->path), doc, error);
}

/* The date a bundle speaks for: `created`, in Beijing time. */
static gboolean
created_date (const DboBundleReport *report, GDate *date, GError **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (report->created, tz);
  g_autoptr(GDateTime) bj = NULL;

  if (t == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_SCHEMA, MANIFEST_NAME, "created 不是有效的时间“%s”（created is not a valid "
              "time: “%s”）", report->created, report->created);
      return FALSE;
    }
  bj = g_date_time_to_timezone (t, tz);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (bj), (GDateMonth) g_date_time_get_month (bj),
                  (GDateYear) g_date_time_get_year (bj));
  return TRUE;
}

/* A submission or review is what a project without errors sends: the
 * checks run as of the manifest's date, as `dengbao-cli check` runs them. */
static gboolean
check_project (const DboBundleReport *report, const DboRuleset *rules, GError **error)
{
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GString) codes = NULL;
  const char *kind = dbo_bundle_kind_token (report->kind);
  GDate date;
  guint n, listed = 0;

  if (report->kind == DBO_BUNDLE_BACKUP)
    return TRUE;
  if (!created_date (report, &date, error))
    return FALSE;
  calendar = dbo_calendar_load_default (&local);
  if (calendar == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法载入工作日历（the working-day calendar cannot be loaded: %s）",
              local->message);
      return FALSE;
    }
  findings = dbo_checks_run (report->project, rules, calendar, &date);
  n = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  if (n == 0)
    return TRUE;
  codes = g_string_new (NULL);
  for (guint i = 0; i < findings->len && listed < 3; i++)
    {
      const DboFinding *fi = g_ptr_array_index (findings, i);

      if (fi->severity != DBO_SEVERITY_ERROR)
        continue;
      g_string_append_printf (codes, "%s%s %s", listed > 0 ? ", " : "", fi->code, fi->path);
      listed++;
    }
  if (n > listed)
    g_string_append (codes, ", …");
  {
    char day[16];

    g_date_strftime (day, sizeof day, "%Y-%m-%d", &date);
    refuse (error, DBO_BUNDLE_ERROR_PROJECT_ERRORS, PROJECT_NAME,
            "%s包的项目截至 %s 有 %u 处错误，不能接受：%s（a %s bundle, but as of %s its project has %u error%s: %s）",
            report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "审核答复", day, n, codes->str,
            kind, day, n, n == 1 ? "" : "s", codes->str);
  }
  return FALSE;
}

/* A submission holds the whole set its project gives: Annex 2, 3 and 4 (as
 * check_content() made sure) and a grading report per object of the filing
 * level or above — none left out. */
static gboolean
check_complete (const DboBundleReport *report, const DboRuleset *rules, GError **error)
{
  g_autoptr(GPtrArray) expected = NULL;

  if (report->kind != DBO_BUNDLE_SUBMISSION)
    return TRUE;
  expected = dbo_doc_set_submission (report->project, rules);
  for (guint i = 0; i < expected->len; i++)
    {
      const DboRenderedDoc *doc = g_ptr_array_index (expected, i);
      g_autofree char *file = dbo_doc_file_name (doc->kind, doc->object_id);
      g_autofree char *name = g_strconcat ("documents/", file, NULL);

      if (dbo_bundle_report_find (report, name) == NULL)
        {
          refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, name,
                  "报送包必须包含此文书（a submission bundle must hold this document）");
          return FALSE;
        }
    }
  return TRUE;
}

/* Phase D: the checks (submission, review), then every document re-rendered
 * and compared, by bytes or by text. */
static gboolean
prove_content (const Source *src, DboBundleReport *report, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) docs = listed_documents (report, files);
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) local = NULL;
  const char *ruleset = dbo_str_empty (report->project->ruleset) ? DBO_DEFAULT_RULESET : report->project->ruleset;
  Proof p = { src, report, files, 0, -1, NULL, 0 };
  gboolean ok;

  report->proof = DBO_BUNDLE_PROOF_NONE;
  if (docs->len == 0 && report->kind == DBO_BUNDLE_BACKUP)
    return TRUE;
  rules = dbo_ruleset_load_named (ruleset, &local);
  if (rules == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, PROJECT_NAME,
              "无法载入规则集“%s”（the rule set “%s” cannot be loaded: %s）", ruleset, ruleset, local->message);
      return FALSE;
    }
  if (!check_project (report, rules, error) || !check_complete (report, rules, error))
    return FALSE;
  if (docs->len == 0)
    return TRUE;
  ok = dbo_doc_set_render (report->project, rules, docs, prove_document, &p, error);
  g_clear_pointer (&p.pdfs, g_hash_table_unref);
  if (ok)
    report->proof = p.by_text > 0 ? DBO_BUNDLE_PROOF_TEXT : DBO_BUNDLE_PROOF_BYTES;
  return ok;
}

/* ================================================================ reading: entry points */

static DboBundleReport *
verify_source (const Source *src, gboolean prove, GError **error)
{
  Scan s = { 0 };
  DboBundleReport *report = NULL;

  s.src = *src;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (scan_directory (&s, error) && scan_data (&s, error))
    report = check_content (&s, error);
  scan_clear (&s);
  if (report != NULL && prove && !prove_content (src, report, error))
    g_clear_pointer (&report, dbo_bundle_report_free);
  return report;
}

/* Opens @path for reading without blocking on a FIFO or device; a regular file only. */
static int
open_bundle (const char *path, gint64 *size, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

  if (fd < 0)
    {
      int saved = errno;

      refuse (error, DBO_BUNDLE_ERROR_IO, display, "无法打开（cannot be opened: %s）", g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      refuse (error, DBO_BUNDLE_ERROR_IO, display, "不是普通文件（it is not a regular file）");
      return -1;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  *size = st.st_size;
  return fd;
}

static DboBundleReport *
verify_path (const char *path, gboolean prove_documents, GError **error)
{
  Source src = { -1, NULL, 0 };
  DboBundleReport *report;

  src.fd = open_bundle (path, &src.size, error);
  if (src.fd < 0)
    return NULL;
  report = verify_source (&src, prove_documents, error);
  close (src.fd);
  return report;
}

DboBundleReport *
dbo_bundle_verify (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return verify_path (path, TRUE, error);
}

DboBundleReport *
dbo_bundle_verify_exported (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return verify_path (path, FALSE, error);
}

DboBundleReport *
dbo_bundle_verify_bytes (GBytes *bytes, const char *name_for_errors, GError **error)
{
  Source src = { -1, NULL, 0 };
  gsize len = 0;
  static const guint8 empty[1] = { 0 };
  DboBundleReport *report;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  src.mem = g_bytes_get_data (bytes, &len);
  if (src.mem == NULL)
    src.mem = empty;
  src.size = (gint64) len;
  report = verify_source (&src, TRUE, error);
  if (report == NULL && error != NULL && *error != NULL && name_for_errors != NULL)
    g_prefix_error (error, "%s: ", name_for_errors);
  return report;
}

GBytes *
dbo_bundle_read_file (const char *path, const DboBundleReport *report, const char *file, GError **error)
{
  const DboBundleFile *f;
  Scan s = { 0 };
  Entry *e;
  GBytes *out = NULL;

  g_return_val_if_fail (path != NULL && report != NULL && file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  f = dbo_bundle_report_find (report, file);
  if (f == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file, "清单中没有这个文件（manifest.xml does not list it）");
      return NULL;
    }
  s.src.fd = open_bundle (path, &s.src.size, error);
  if (s.src.fd < 0)
    return NULL;
  s.only = file;
  s.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  s.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  if (scan_directory (&s, error) && scan_data (&s, error))
    {
      e = g_hash_table_lookup (s.by_name, file);
      if (e == NULL || e->data == NULL)
        refuse (error, DBO_BUNDLE_ERROR_FILE_MISSING, file, "包中没有这个文件（it is not in the archive）");
      else if (e->size != f->size || strcmp (e->sha256, f->sha256) != 0)
        refuse (error, DBO_BUNDLE_ERROR_FILE_CHECKSUM, file,
                "与验证时的内容不同，包在验证后被改动过（it differs from when the bundle was verified）");
      else
        out = g_bytes_ref (e->data);
    }
  close (s.src.fd);
  scan_clear (&s);
  return out;
}

/* ================================================================ import */

static char *
unique_snapshot_name (DboStore *store, const char *base, GError **error)
{
  g_autoptr(GPtrArray) list = dbo_store_snapshot_list (store, error);

  if (list == NULL)
    return NULL;
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s (%u)", base, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < list->len && !taken; i++)
        taken = g_strcmp0 (((DboSnapshotInfo *) g_ptr_array_index (list, i))->name, name) == 0;
      if (!taken)
        return g_steal_pointer (&name);
    }
}

/* @given, or "@prefix <time>" made unique among the store's snapshots. */
static char *
snapshot_name_for (DboStore *store, const char *given, const char *prefix, GError **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL, *base = NULL;

  if (given != NULL)
    return g_strdup (given);
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  base = g_strdup_printf ("%s %s", prefix, stamp);
  return unique_snapshot_name (store, base, error);
}

gboolean
dbo_bundle_import_into (DboStore *store, const DboBundleReport *report, const char *snapshot_name,
                        GError **error)
{
  g_autoptr(DboProject) current = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (store != NULL && report != NULL && report->project != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = dbo_store_load (store, &local);
  if (current == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  if (!same_text (current->id, report->project->id))
    {
      refuse (error, DBO_BUNDLE_ERROR_OTHER_PROJECT, dbo_store_get_path (store),
              "此文件中是另一个项目（%s），报送包中的项目是 %s（the file holds another project）",
              current->id ? current->id : "", report->project->id);
      return FALSE;
    }
  name = snapshot_name_for (store, snapshot_name, "导入前", &local);
  if (name == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  /* The state being replaced is kept first; a failure after it loses nothing. */
  if (!dbo_store_snapshot_create (store, name, &local)
      || !dbo_store_save_project (store, report->project, &local))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
review_same_round (gconstpointer a, gconstpointer b)
{
  return ((const DboReview *) a)->round == ((const DboReview *) b)->round;
}

/* A round the bureau's reply holds that @current lacks or holds otherwise. */
static gboolean
review_differs (const DboProject *current, const DboReview *theirs)
{
  g_autoptr(DboProject) a = dbo_project_new ();
  g_autoptr(DboProject) b = dbo_project_new ();
  g_autoptr(GPtrArray) changes = NULL;

  for (guint i = 0; i < current->reviews->len; i++)
    {
      const DboReview *mine = g_ptr_array_index (current->reviews, i);

      if (mine->round != theirs->round)
        continue;
      /* Compared as project.xml writes them, like every import diff. */
      g_ptr_array_add (a->reviews, (gpointer) mine);
      g_ptr_array_add (b->reviews, (gpointer) theirs);
      changes = dbo_bundle_diff (a, b);
      g_ptr_array_set_free_func (a->reviews, NULL);
      g_ptr_array_set_free_func (b->reviews, NULL);
      return changes->len > 0;
    }
  return TRUE;
}

GPtrArray *
dbo_bundle_import_review (DboStore *store, const DboBundleReport *report, const char *snapshot_name,
                          GError **error)
{
  g_autoptr(DboProject) current = NULL;
  g_autoptr(DboProject) after = NULL;
  g_autoptr(GPtrArray) rounds = g_ptr_array_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (store != NULL && report != NULL && report->project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report->kind != DBO_BUNDLE_REVIEW)
    {
      refuse (error, DBO_BUNDLE_ERROR_WRONG_KIND, NULL,
              "这是%s包，不是能源主管部门的审核答复包（a %s bundle, not the bureau's review bundle）",
              report->kind == DBO_BUNDLE_SUBMISSION ? "报送" : "备份", dbo_bundle_kind_token (report->kind));
      return NULL;
    }
  current = dbo_store_load (store, &local);
  if (current == NULL)
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return NULL;
    }
  if (!same_text (current->id, report->project->id))
    {
      refuse (error, DBO_BUNDLE_ERROR_OTHER_PROJECT, dbo_store_get_path (store),
              "此文件中是另一个项目（%s），审核答复是给项目 %s 的（the reply is meant for another project）",
              current->id ? current->id : "", report->project->id);
      return NULL;
    }
  for (guint i = 0; i < report->project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (report->project->reviews, i);

      if (r->has_outcome && review_differs (current, r))
        g_ptr_array_add (rounds, (gpointer) r);
    }
  if (rounds->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_bundle_change_free);

  /* What the project will hold: the bureau's rounds, the rest as it is. */
  after = dbo_project_copy (current);
  for (guint i = 0; i < rounds->len; i++)
    {
      const DboReview *r = g_ptr_array_index (rounds, i);
      g_autoptr(DboProject) one = dbo_project_copy (report->project);

      for (guint j = after->reviews->len; j > 0; j--)
        if (((DboReview *) g_ptr_array_index (after->reviews, j - 1))->round == r->round)
          g_ptr_array_remove_index (after->reviews, j - 1);
      for (guint j = 0; j < one->reviews->len; j++)
        if (((DboReview *) g_ptr_array_index (one->reviews, j))->round == r->round)
          g_ptr_array_add (after->reviews, g_ptr_array_steal_index (one->reviews, j));
    }
  name = snapshot_name_for (store, snapshot_name, "导入审核答复前", &local);
  if (name == NULL || !dbo_store_snapshot_create (store, name, &local))
    {
      refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
      return NULL;
    }
  for (guint i = 0; i < after->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (after->reviews, i);

      if (g_ptr_array_find_with_equal_func (rounds, r, review_same_round, NULL)
          && !dbo_store_save_review (store, r, &local))
        {
          refuse (error, DBO_BUNDLE_ERROR_IO, dbo_store_get_path (store), "%s", local->message);
          return NULL;
        }
    }
  return dbo_bundle_diff (current, after);
}

DboBundleReport *
dbo_bundle_import (const char *path, const char *dest, DboBundleImportFlags flags, GError **error)
{
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL && dest != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (dest);
  if (g_file_test (dest, G_FILE_TEST_EXISTS) && !(flags & DBO_BUNDLE_IMPORT_REPLACE))
    {
      refuse (error, DBO_BUNDLE_ERROR_EXISTS, display, "文件已存在，未做任何改动（it already exists; nothing was written）");
      return NULL;
    }
  report = dbo_bundle_verify (path, error);
  if (report == NULL)
    return NULL;

  /* Only when asked to replace: a file that appeared meanwhile (another
   * import to the same name) is not taken over. */
  if ((flags & DBO_BUNDLE_IMPORT_REPLACE) && g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_autoptr(DboStore) store = dbo_store_open (dest, &local);

      if (store == NULL)
        {
          refuse (error, DBO_BUNDLE_ERROR_IO, display, "%s", local->message);
          return NULL;
        }
      if (!dbo_bundle_import_into (store, report, NULL, error))
        return NULL;
      return g_steal_pointer (&report);
    }

  /* The store builds it under a temporary name beside @dest and links it
   * into place: @dest never holds half a project, and is never taken if it
   * appeared meanwhile. */
  {
    g_autoptr(DboStore) store = dbo_store_create (dest, report->project, &local);

    if (store == NULL)
      {
        if (g_error_matches (local, DBO_STORE_ERROR, DBO_STORE_ERROR_EXISTS))
          refuse (error, DBO_BUNDLE_ERROR_EXISTS, display, "文件已存在，未做任何改动（it already exists; nothing was written）");
        else
          refuse (error, DBO_BUNDLE_ERROR_IO, display, "无法写入（could not be written: %s）", local->message);
        return NULL;
      }
  }
  return g_steal_pointer (&report);
}

/* ================================================================ diff */

void
dbo_bundle_change_free (DboBundleChange *change)
{
  if (change == NULL)
    return;
  g_free (change->part);
  g_free (change->label);
  g_free (change);
}

typedef struct {
  char *key;
  char *label;                  /* what it is: 定级对象“…” */
  char *text;                   /* its serialised form */
} Part;

static void
part_free (Part *p)
{
  g_free (p->key);
  g_free (p->label);
  g_free (p->text);
  g_free (p);
}

static char *
node_text (xmlNode *node)
{
  xmlBuffer *buf = xmlBufferCreate ();
  char *out;

  xmlNodeDump (buf, node->doc, node, 0, 0);
  out = g_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return out;
}

static char *
child_text (xmlNode *node, const char *child)
{
  for (xmlNode *c = next_element (node->children); c != NULL; c = next_element (c->next))
    if (xmlStrEqual (c->name, (const xmlChar *) child))
      {
        xmlChar *v = xmlNodeGetContent (c);
        char *out = g_strdup ((const char *) v);

        xmlFree (v);
        return out;
      }
  return NULL;
}

static void
add_part (GPtrArray *parts, char *key, char *label, char *text)
{
  Part *p = g_new0 (Part, 1);

  p->key = key;
  p->label = label;
  p->text = text;
  g_ptr_array_add (parts, p);
}

/* The project cut into the parts a person recognises, each serialised. */
static GPtrArray *
project_parts (const DboProject *project)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  gsize len = 0;
  g_autofree char *xml = dbo_project_xml_write (project, &len);
  g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

  if (root == NULL)
    return parts;
  add_part (parts, g_strdup ("ruleset"), g_strdup ("规则集"), get_attr (root, "ruleset"));
  for (xmlNode *c = next_element (root->children); c != NULL; c = next_element (c->next))
    {
      const char *name = (const char *) c->name;

      if (strcmp (name, "objects") == 0)
        {
          for (xmlNode *o = next_element (c->children); o != NULL; o = next_element (o->next))
            {
              g_autofree char *id = get_attr (o, "id");
              g_autofree char *oname = child_text (o, "name");

              add_part (parts, g_strdup_printf ("objects/%s", id), g_strdup_printf ("定级对象“%s”", oname ? oname : id),
                        node_text (o));
            }
        }
      else if (strcmp (name, "panel") == 0)
        {
          GString *rest = g_string_new (NULL);

          for (xmlAttr *a = c->properties; a != NULL; a = a->next)
            {
              xmlChar *v = xmlNodeGetContent ((xmlNode *) a);

              g_string_append_printf (rest, "%s=%s;", a->name, v);
              xmlFree (v);
            }
          for (xmlNode *m = next_element (c->children); m != NULL; m = next_element (m->next))
            {
              if (xmlStrEqual (m->name, (const xmlChar *) "member"))
                {
                  g_autofree char *id = get_attr (m, "id");
                  g_autofree char *mname = child_text (m, "name");

                  add_part (parts, g_strdup_printf ("panel/members/%s", id),
                            g_strdup_printf ("评审专家“%s”", mname ? mname : id), node_text (m));
                }
              else
                {
                  g_autofree char *t = node_text (m);

                  g_string_append (rest, t);
                }
            }
          add_part (parts, g_strdup ("panel"), g_strdup ("专家评审（日期、建议级别、结论）"), g_string_free (rest, FALSE));
        }
      else if (strcmp (name, "reviews") == 0)
        {
          for (xmlNode *r = next_element (c->children); r != NULL; r = next_element (r->next))
            {
              g_autofree char *round = get_attr (r, "round");

              add_part (parts, g_strdup_printf ("reviews/%s", round), g_strdup_printf ("第 %s 轮审核", round),
                        node_text (r));
            }
        }
      else if (strcmp (name, "attachments") == 0)
        {
          for (xmlNode *a = next_element (c->children); a != NULL; a = next_element (a->next))
            {
              g_autofree char *sha = get_attr (a, "sha256");
              g_autofree char *aname = get_attr (a, "name");

              add_part (parts, g_strdup_printf ("attachments/%s", sha),
                        g_strdup_printf ("附件“%s”", aname ? aname : sha), node_text (a));
            }
        }
      else
        {
          const char *label = strcmp (name, "title") == 0 ? "项目标题"
            : strcmp (name, "enterprise") == 0 ? "单位信息"
            : strcmp (name, "filing") == 0 ? "公安备案"
            : strcmp (name, "assessments") == 0 ? "等级测评" : name;

          add_part (parts, g_strdup (name), g_strdup (label), node_text (c));
        }
    }
  return parts;
}

GPtrArray *
dbo_bundle_diff (const DboProject *current, const DboProject *incoming)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) before_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) after_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_bundle_change_free);

  g_return_val_if_fail (current != NULL && incoming != NULL, changes);

  before = project_parts (current);
  after = project_parts (incoming);
  for (guint i = 0; i < before->len; i++)
    {
      Part *p = g_ptr_array_index (before, i);

      g_hash_table_insert (before_by_key, p->key, p);
    }
  for (guint i = 0; i < after->len; i++)
    {
      Part *p = g_ptr_array_index (after, i);

      g_hash_table_insert (after_by_key, p->key, p);
    }

  for (guint i = 0; i < after->len; i++)
    {
      Part *a = g_ptr_array_index (after, i);
      Part *b = g_hash_table_lookup (before_by_key, a->key);
      DboBundleChange *c;

      if (b != NULL && g_strcmp0 (a->text, b->text) == 0)
        continue;
      c = g_new0 (DboBundleChange, 1);
      c->kind = b == NULL ? DBO_BUNDLE_CHANGE_ADDED : DBO_BUNDLE_CHANGE_CHANGED;
      c->part = g_strdup (a->key);
      c->label = g_strdup_printf ("%s：%s", a->label, b == NULL ? "新增" : "已修改");
      g_ptr_array_add (changes, c);
    }
  for (guint i = 0; i < before->len; i++)
    {
      Part *b = g_ptr_array_index (before, i);
      DboBundleChange *c;

      if (g_hash_table_contains (after_by_key, b->key))
        continue;
      c = g_new0 (DboBundleChange, 1);
      c->kind = DBO_BUNDLE_CHANGE_REMOVED;
      c->part = g_strdup (b->key);
      c->label = g_strdup_printf ("%s：将被删除", b->label);
      g_ptr_array_add (changes, c);
    }
  return changes;
}
