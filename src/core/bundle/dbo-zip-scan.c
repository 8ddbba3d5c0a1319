/* dbo-zip-scan.c — the untrusted ZIP, read without trusting any of it: phase
 * A reads and checks the central directory (names, types, sizes and the
 * limits), phase B decompresses each entry within the limits and hashes it.
 * What the entries mean is dbo-bundle-verify.c's business. */
#define G_LOG_DOMAIN "dengbao-bundle"
#include "config.h"

#include "dbo-bundle-private.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dbo-xml.h"

/* The central directory of DBO_BUNDLE_MAX_ENTRIES entries with short names
 * fits easily; anything bigger is not one of ours. */
#define MAX_CENTRAL_DIRECTORY (8 * 1024 * 1024)

/* ================================================================ reading: the source */

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

char *
_dbo_bundle_format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* ================================================================ reading: phase A, the directory */

void
_dbo_zip_entry_free (Entry *e)
{
  g_free (e->name);
  g_free (e->sha256);
  g_clear_pointer (&e->data, g_bytes_unref);
  g_free (e);
}

void
_dbo_zip_scan_clear (Scan *s)
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
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, "", "有一个文件没有名字（an entry has an empty name）");
      return FALSE;
    }
  if (len > DBO_BUNDLE_MAX_NAME)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown, "文件名长于 %d 字节（the name is longer than %d bytes）",
              DBO_BUNDLE_MAX_NAME, DBO_BUNDLE_MAX_NAME);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (raw[i] >= 0x80)
      {
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                "文件名含非 ASCII 字符；包内文件名只用 ASCII，中文标题写在清单中"
                "（the name is not ASCII; names inside a bundle are ASCII, the Chinese titles are in the manifest）");
        return FALSE;
      }
  for (gsize i = 0; i < len; i++)
    if (raw[i] < 0x20 || raw[i] == 0x7f)
      {
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown, "文件名含控制字符（the name holds a control character）");
        return FALSE;
      }
  if (len >= 2 && is_alpha (raw[0]) && raw[1] == ':')
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
              "文件名以盘符开头，是绝对路径（the name starts with a drive letter: an absolute path）");
      return FALSE;
    }
  if (raw[0] == '/')
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
              "文件名是绝对路径（the name is an absolute path）");
      return FALSE;
    }
  if (memchr (raw, '\\', len) != NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                  "文件名含上级目录“..”，会写到包外（the name holds a “..” component: path traversal）");
          return FALSE;
        }
      if (n == 0 || (n == 1 && raw[start] == '.'))
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
                  "文件名含空的或“.”路径段（the name holds an empty or “.” component）");
          return FALSE;
        }
      start = end + 1;
    }
  for (gsize i = 0; i < body; i++)
    if (raw[i] != '/' && !is_name_char (raw[i]))
      {
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_NAME, shown,
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
  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, name,
          "是%s；包中只能有普通文件（it is %s; a bundle holds regular files only）", what_zh, what_en);
  return FALSE;
}

guint64
_dbo_zip_entry_limit (const char *name)
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
  g_autofree char *lim = _dbo_bundle_format_size (limit);

  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, name,
          "解压后超过 %s 的上限（it is larger than the %s allowed）", lim, lim);
  return FALSE;
}

static gboolean
refuse_ratio (GError **error, const char *name, guint64 usize, guint64 csize)
{
  g_autofree char *u = _dbo_bundle_format_size (usize);
  g_autofree char *c = _dbo_bundle_format_size (csize);

  _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_COMPRESSION_RATIO, name,
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

gboolean
_dbo_zip_scan_directory (Scan *s, GError **error)
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
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_NOT_ZIP, NULL, "文件是空的（the file is empty）");
      return FALSE;
    }
  if (s->src.size > DBO_BUNDLE_MAX_ARCHIVE)
    {
      g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_ARCHIVE);

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, NULL, "文件大于 %s（the file is larger than %s）", lim, lim);
      return FALSE;
    }
  if (s->src.size < 4 || !source_read (&s->src, 0, head, 4) || memcmp (head, "PK\3\4", 4) != 0)
    {
      if (s->src.size >= 4 && memcmp (head, "PK\5\6", 4) == 0)
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
                "ZIP 文件中没有任何文件（the ZIP archive is empty）");
      else
        _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_NOT_ZIP, NULL,
                "这不是等保备案报送包：文件不是 ZIP 格式（this is not a Dengbao bundle: not a ZIP archive）");
      return FALSE;
    }
  if (!find_eocd (&s->src, &eocd_offset, eocd))
    {
      g_autofree char *file = NULL;
      g_autofree char *what = find_cut (&s->src, &file);

      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_INCOMPLETE, file, "%s", what);
      return FALSE;
    }
  if (le16 (eocd + 4) != 0 || le16 (eocd + 6) != 0 || le16 (eocd + 8) != le16 (eocd + 10))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "分卷 ZIP 文件（a multi-part ZIP archive）");
      return FALSE;
    }
  n_entries = le16 (eocd + 10);
  cd_size = le32 (eocd + 12);
  cd_offset = le32 (eocd + 16);
  if (n_entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "ZIP64 格式（a ZIP64 archive, bigger than any bundle）");
      return FALSE;
    }
  if (eocd_offset >= 20)
    {
      guint8 loc[4];

      if (source_read (&s->src, eocd_offset - 20, loc, 4) && memcmp (loc, "PK\6\7", 4) == 0)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, NULL, "ZIP64 格式（a ZIP64 archive, bigger than any bundle）");
          return FALSE;
        }
    }
  if (n_entries > DBO_BUNDLE_MAX_ENTRIES)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_COUNT, NULL,
              "包中有 %u 个文件，上限为 %d 个（the archive holds %u entries, more than the %d allowed）",
              n_entries, DBO_BUNDLE_MAX_ENTRIES, n_entries, DBO_BUNDLE_MAX_ENTRIES);
      return FALSE;
    }
  if (n_entries == 0)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_MANIFEST_MISSING, MANIFEST_NAME,
              "ZIP 文件中没有任何文件（the ZIP archive is empty）");
      return FALSE;
    }
  if (cd_offset + cd_size != eocd_offset || cd_size > MAX_CENTRAL_DIRECTORY)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
              "ZIP 目录的位置或大小不对（the central directory's offset or size is wrong）");
      return FALSE;
    }
  cd = g_malloc ((gsize) cd_size + 1);
  if (!source_read (&s->src, cd_offset, cd, (gsize) cd_size))
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_IO, NULL, "无法读取 ZIP 目录（the central directory cannot be read）");
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
                  "ZIP 目录第 %u 项损坏（entry %u of the central directory is damaged）", i + 1, i + 1);
          return FALSE;
        }
      name_len = le16 (h + 28);
      extra_len = le16 (h + 30);
      comment_len = le16 (h + 32);
      if ((gsize) cd_size - pos - 46 < name_len + extra_len + comment_len)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name, "文件已加密（the entry is encrypted）");
          return FALSE;
        }
      if (e->method != 0 && e->method != 8)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name,
                  "压缩方法 %u 不受支持，只接受 deflate 与不压缩（compression method %u; only deflate and "
                  "stored are accepted）", e->method, e->method);
          return FALSE;
        }
      if (e->csize == 0xFFFFFFFF || e->usize == 0xFFFFFFFF || e->local_offset == 0xFFFFFFFF)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_UNSUPPORTED, e->name, "ZIP64 格式（a ZIP64 entry）");
          return FALSE;
        }

      /* Twice, or twice but for case (or a folder named like a file): on a
       * case-insensitive disk one would overwrite the other. */
      key = g_ascii_strdown (e->name, e->is_dir && g_str_has_suffix (e->name, "/") ? (gssize) name_len - 1
                                                                                  : (gssize) name_len);
      if (g_hash_table_contains (s->by_name, e->name) || g_hash_table_contains (folded, key))
        {
          gboolean exact = g_hash_table_contains (s->by_name, e->name);

          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DUPLICATE_NAME, e->name,
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
      if (e->usize > _dbo_zip_entry_limit (e->name))
        return refuse_too_large (error, e->name, _dbo_zip_entry_limit (e->name));
      declared_total += e->usize;
      if (declared_total > DBO_BUNDLE_MAX_TOTAL)
        {
          g_autofree char *lim = _dbo_bundle_format_size (DBO_BUNDLE_MAX_TOTAL);

          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_SIZE_LIMIT, e->name,
                  "所有文件解压后共超过 %s（all entries together expand to more than %s）", lim, lim);
          return FALSE;
        }
    }
  if (pos != (gsize) cd_size)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL,
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "文件头缺失或与 ZIP 目录不符（its local header is missing or differs from the central directory）");
          return FALSE;
        }
      lname = g_malloc (name_len + 1);
      if (!source_read (&s->src, e->local_offset + 30, lname, name_len) || memcmp (lname, e->name, name_len) != 0
          || (le16 (lh + 6) & 0x41) != (e->flags & 0x41) || le16 (lh + 8) != e->method)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "文件头与 ZIP 目录不符（its local header differs from the central directory）");
          return FALSE;
        }
      data_end = e->local_offset + 30 + (gint64) name_len + le16 (lh + 28) + (gint64) e->csize;
      if (data_end > limit)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
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
    _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_INCOMPLETE, name,
            "该文件的数据被截断（the data is cut off: %s）", msg);
  else if (strstr (msg, "CRC") != NULL)
    _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, name,
            "数据校验（CRC）不符，文件已损坏（the data fails its CRC check: %s）", msg);
  else
    _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, name, "无法解压（it cannot be read: %s）", msg);
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
  guint64 limit = _dbo_zip_entry_limit (e->name);
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
          g_autofree char *declared = _dbo_bundle_format_size (e->usize);

          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_COMPRESSION_RATIO, e->name,
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
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
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

gboolean
_dbo_zip_scan_data (Scan *s, GError **error)
{
  struct archive *a = source_open_archive (&s->src, TRUE);
  struct archive_entry *ae;
  g_autofree guint8 *buf = NULL;
  gboolean ok = FALSE;
  guint index = 0;

  if (a == NULL)
    {
      _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, NULL, "无法作为 ZIP 文件打开（it cannot be opened as a ZIP archive）");
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, expected != NULL ? expected->name : "",
                  "文件头与 ZIP 目录不符（the archive's headers disagree with its central directory）");
          goto out;
        }
      e->seen = TRUE;
      type = archive_entry_filetype (ae);
      if (archive_entry_hardlink (ae) != NULL)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
                  "是硬链接；包中只能有普通文件（it is a hard link; a bundle holds regular files only）");
          goto out;
        }
      if (type == AE_IFDIR || e->is_dir)
        {
          if (type != AE_IFDIR || archive_entry_size (ae) > 0 || e->usize > 0)
            {
              _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
                      "文件夹项带有数据（a folder entry that carries data）");
              goto out;
            }
          e->size = 0;
          continue;
        }
      if (type != AE_IFREG)
        {
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_ENTRY_TYPE, e->name,
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
          _dbo_bundle_refuse (error, DBO_BUNDLE_ERROR_DAMAGED, e->name,
                  "列在 ZIP 目录中却无法读出（it is in the central directory but cannot be read）");
          goto out;
        }
    }
  ok = TRUE;
out:
  archive_read_free (a);
  return ok;
}
