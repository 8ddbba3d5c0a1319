/* dbo-bundle.c — what every part of the bundle layer shares: the refusals
 * (one named check each), the kinds of bundle, the project's time and the
 * report of a verified bundle. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"

#include <string.h>

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
void G_GNUC_PRINTF (4, 5)
_dbo_bundle_refuse (GError **error, DboBundleError code, const char *file, const char *format, ...)
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

char *
dbo_bundle_time (const DboProject *project, DboBundleKind kind)
{
  const char *newest = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  /* A review is the bureau's answer: it speaks for the day of its decision. */
  for (guint i = 0; kind == DBO_BUNDLE_REVIEW && project->reviews != NULL && i < project->reviews->len; i++)
    {
      const DboReview *r = g_ptr_array_index (project->reviews, i);
      g_autoptr(GDateTime) d = r->has_outcome ? parse_project_time (r->decided) : NULL;

      if (d != NULL && (newest == NULL || strncmp (r->decided, newest, 10) > 0))
        newest = r->decided;
    }
  if (newest != NULL)
    {
      g_autoptr(GDateTime) t = parse_project_time (newest);

      return g_date_time_format (t, "%Y-%m-%dT%H:%M:%S+08:00");
    }
  return dbo_bundle_project_time (project);
}

/* ================================================================ report */

void
_dbo_bundle_file_free (DboBundleFile *f)
{
  if (f == NULL)
    return;
  g_free (f->path);
  g_free (f->role);
  g_free (f->title);
  g_free (f->sha256);
  g_free (f);
}

void
_dbo_bundle_font_free (DboBundleFont *f)
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
