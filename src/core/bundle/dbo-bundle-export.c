/* dbo-bundle-export.c — writes a bundle: project.xml, the documents rendered
 * from it, the attachments and the manifest, within the limits the reader
 * applies. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"
#include "dbo-doc-set.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dbo-checks.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"
#include "dbo-layout.h"
#include "dbo-project-xml.h"

static GPtrArray *bundle_documents (const DboProject *project, const DboRuleset *rules, DboBundleKind kind);

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
  if (len > _dbo_zip_entry_limit (name))
    {
      g_autofree char *size = _dbo_bundle_format_size (len);
      g_autofree char *lim = _dbo_bundle_format_size (_dbo_zip_entry_limit (name));

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
              "有 %s，超过包中单个文件 %s 的上限（it is %s, more than the %s one file of a bundle may have）",
              size, lim, size, lim);
      return FALSE;
    }
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, name,
              "包中的文件将超过 %d 个的上限（the bundle would hold more than the %d entries allowed）",
              DBO_BUNDLE_MAX_ENTRIES, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (total > DBO_BUNDLE_MAX_TOTAL)
    {
      g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_TOTAL);

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
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
          g_autofree char *size = _dbo_bundle_format_size (len);
          g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_ENTRY);

          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, a->name,
                  "附件有 %s，超过包中单个文件 %s 的上限（the attachment is %s, more than the %s one file of "
                  "a bundle may have）", size, lim, size, lim);
          return FALSE;
        }
    }
  /* project.xml, the documents, the attachments and manifest.xml. */
  n_entries = 1 + (guint64) n_documents + usage.n_attachments + 1;
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, NULL,
              "包中将有 %" G_GUINT64_FORMAT " 个文件（其中附件 %u 个），超过 %d 个的上限，核验时会被拒绝"
              "（the bundle would hold %" G_GUINT64_FORMAT " entries, %u of them attachments: more than the %d "
              "a bundle may hold）", n_entries, usage.n_attachments, DBO_BUNDLE_MAX_ENTRIES,
              n_entries, usage.n_attachments, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (xml_len + usage.total > DBO_BUNDLE_MAX_TOTAL)
    {
      g_autofree char *att = _dbo_bundle_format_size (usage.total);
      g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_TOTAL);

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL,
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

  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, w->path, "写入 %s 失败（could not write %s: %s）",
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
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, "documents/", "定级对象编号无效（an object id is invalid）");
      return FALSE;
    }
  name = g_strconcat ("documents/", file, NULL);
  if (doc->pdf != NULL)
    return writer_add (dw->w, name, dbo_doc_kind_token (doc->kind), doc->title, doc->pdf, FALSE, error);
  if (doc->error == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, name, "未生成（it was not rendered）");
      return FALSE;
    }
  if (g_error_matches (doc->error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED))
    {
      if (dw->kind == DBO_BUNDLE_BACKUP)
        {
          g_debug ("backup bundle: %s left out: %s", name, doc->error->message);
          return TRUE;
        }
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED, name,
              "《%s》无法生成，不能导出%s包（the document cannot be rendered）：\n%s",
              dbo_doc_kind_title (doc->kind), dw->kind == DBO_BUNDLE_REVIEW ? "审核答复" : "报送",
              doc->error->message);
      return FALSE;
    }
  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, name, "PDF 生成失败（the PDF could not be made: %s）", doc->error->message);
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, a->name,
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
  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_ERRORS, NULL, "%s", list->str);
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
  g_return_val_if_fail ((guint) kind <= DBO_BUNDLE_REVIEW, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, path, "这是一个文件夹（it is a folder）");
      return FALSE;
    }
  /* Never a device, FIFO or socket. */
  if (!dbo_file_check_replaceable (path, &local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, path, "这不是普通文件，未做任何改动（%s）", local->message);
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_NO_DECISION, NULL,
                  "尚未记录能源主管部门的审核结论，不能导出审核答复包"
                  "（a review bundle needs the bureau's decision; none is recorded）");
          return FALSE;
        }
    }

  /* The manifest names the fonts by their SHA-256 (hashed once per process). */
  if (!dbo_layout_font_files_hash (&local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法读取字体文件（a font file cannot be read: %s）",
              local->message);
      return FALSE;
    }
  created = dbo_bundle_time (project, kind);
  t = g_date_time_new_from_iso8601 (created, NULL);
  xml = dbo_project_xml_write (project, &xml_len);
  canonical = dbo_project_xml_canonical (xml, xml_len, &canonical_len, &local);
  if (canonical == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_PROJECT_INVALID, PROJECT_NAME, "%s", local->message);
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
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, path, "无法在 %s 中创建文件（%s）", dir, local->message);
      return FALSE;
    }
  fd = dbo_temp_file_get_fd (tmp);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) _dbo_bundle_file_free);
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

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, path, "写入磁盘失败（could not write to the disk: %s）",
              g_strerror (saved));
      goto out;
    }
  /* Stored PDFs and the headers can take the file past the entries' total. */
  if (st.st_size > DBO_BUNDLE_MAX_ARCHIVE)
    {
      g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_ARCHIVE);

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL, "包文件将大于 %s 的上限（the bundle would be larger than "
              "the %s allowed）", lim, lim);
      goto out;
    }
  ok = TRUE;

out:
  archive_write_free (w.a);
  /* Flushed, then renamed over @path; on any failure the temporary file goes. */
  if (ok && !dbo_temp_file_publish (tmp, path, DBO_FILE_PUBLISH_REPLACE, &local))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, path, "无法写入（could not be written: %s）", local->message);
      ok = FALSE;
    }
  return ok;
}
