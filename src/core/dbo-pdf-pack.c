/* dbo-pdf-pack.c — cairo's plain dictionaries gathered into an object stream
 *
 * Reads the file the way cairo 1.16 writes it: "%PDF-1.5", numbered objects of
 * generation 0, one classic cross-reference table, a trailer with /Size, /Root
 * and /Info. Anything else is handed back untouched. Objects are cut at the
 * offsets the cross-reference table gives, never found by searching, so no
 * string or stream content can confuse the reader.
 */
#include "config.h"

#include "dbo-pdf-pack.h"

#include <string.h>
#include <zlib.h>

typedef struct {
  guint num;
  gsize start;          /* offset of "N 0 obj" */
  gsize end;            /* offset just past "endobj" */
  gsize label_len;      /* of "N 0 obj\n" */
  gboolean stream;
  guint packed_index;   /* its place in the object stream */
} Obj;

static int
obj_by_start (gconstpointer a, gconstpointer b)
{
  const Obj *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* Parses an unsigned decimal at @p (within @end); moves @p past it. */
static gboolean
read_uint (const char **p, const char *end, guint64 *out)
{
  const char *q = *p;
  guint64 v = 0;

  if (q >= end || !g_ascii_isdigit (*q))
    return FALSE;
  while (q < end && g_ascii_isdigit (*q))
    {
      v = v * 10 + (guint64) (*q - '0');
      if (v > G_MAXUINT32)
        return FALSE;
      q++;
    }
  *p = q;
  *out = v;
  return TRUE;
}

static gboolean
skip (const char **p, const char *end, const char *literal)
{
  gsize n = strlen (literal);

  if ((gsize) (end - *p) < n || memcmp (*p, literal, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

static gboolean
skip_space (const char **p, const char *end)
{
  const char *q = *p;

  while (q < end && (*q == ' ' || *q == '\n' || *q == '\r'))
    q++;
  if (q == *p)
    return FALSE;
  *p = q;
  return TRUE;
}

/* The last @needle in binary @d (g_strrstr_len stops at a NUL byte). */
static const char *
find_last (const char *d, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = len >= n ? len - n + 1 : 0; i-- > 0;)
    if (d[i] == needle[0] && memcmp (d + i, needle, n) == 0)
      return d + i;
  return NULL;
}

/* "/Key N 0 R" in the trailer. */
static gboolean
trailer_ref (const char *trailer, const char *end, const char *key, guint64 *out)
{
  const char *p = g_strstr_len (trailer, end - trailer, key);

  if (p == NULL)
    return FALSE;
  p += strlen (key);
  return skip_space (&p, end) && read_uint (&p, end, out) && skip (&p, end, " 0 R");
}

static GBytes *
deflated (const guint8 *data, gsize len)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, len, Z_BEST_COMPRESSION) != Z_OK)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, out_len);
}

static void
put_be (GByteArray *a, guint64 v, int width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      guint8 b = (guint8) (v >> (8 * i));
      g_byte_array_append (a, &b, 1);
    }
}

static void
append_str (GByteArray *a, const char *s)
{
  g_byte_array_append (a, (const guint8 *) s, strlen (s));
}

GBytes *
dbo_pdf_pack (GBytes *pdf)
{
  gsize len;
  const char *d = g_bytes_get_data (pdf, &len);
  const char *end = d + len, *p, *trailer, *tail;
  guint64 xref_at, count, root, info;
  g_autoptr(GArray) objs = g_array_new (FALSE, TRUE, sizeof (Obj));
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) packed = NULL;
  g_autoptr(GString) index = NULL;
  g_autoptr(GBytes) objstm = NULL;
  g_autoptr(GBytes) xref = NULL;
  g_autoptr(GByteArray) entries = NULL;
  g_autofree gsize *offsets = NULL;
  guint n_packed = 0, stm_num, xref_num;
  gsize header_len, stm_at, xref_stream_at;
  g_autofree char *head = NULL;

  /* Header: "%PDF-1.5\n%" and four binary bytes and a newline. */
  if (len < 64 || memcmp (d, "%PDF-1.5\n%", 10) != 0)
    return g_bytes_ref (pdf);
  header_len = 15;
  if (d[header_len - 1] != '\n')
    return g_bytes_ref (pdf);

  /* startxref N %%EOF at the very end. */
  tail = find_last (d, len, "startxref\n");
  if (tail == NULL)
    return g_bytes_ref (pdf);
  p = tail + strlen ("startxref\n");
  if (!read_uint (&p, end, &xref_at) || !skip (&p, end, "\n%%EOF") || xref_at >= len)
    return g_bytes_ref (pdf);

  /* One classic table from object 0. */
  p = d + xref_at;
  if (!skip (&p, end, "xref\n0 ") || !read_uint (&p, end, &count) || !skip (&p, end, "\n") || count < 2
      || (gsize) (end - p) < count * 20)
    return g_bytes_ref (pdf);
  for (guint64 i = 0; i < count; i++, p += 20)
    {
      const char *e = p;
      guint64 off, gen;
      Obj o = { 0 };

      if (!read_uint (&e, end, &off) || !skip (&e, end, " ") || !read_uint (&e, end, &gen))
        return g_bytes_ref (pdf);
      if (i == 0)
        {
          if (!skip (&e, end, " f"))
            return g_bytes_ref (pdf);
          continue;
        }
      if (gen != 0 || !skip (&e, end, " n") || off < header_len || off >= xref_at)
        return g_bytes_ref (pdf);
      o.num = (guint) i;
      o.start = off;
      g_array_append_val (objs, o);
    }
  trailer = p;
  if (!skip (&p, end, "trailer\n") || !trailer_ref (trailer, tail, "/Root", &root)
      || !trailer_ref (trailer, tail, "/Info", &info) || root == 0 || root >= count || info == 0 || info >= count)
    return g_bytes_ref (pdf);
  /* Nothing but /Size, /Root and /Info (no /Encrypt, no /ID) may be in it. */
  if (g_strstr_len (trailer, tail - trailer, "/Encrypt") || g_strstr_len (trailer, tail - trailer, "/ID")
      || g_strstr_len (trailer, tail - trailer, "/Prev"))
    return g_bytes_ref (pdf);

  /* Each object runs from its offset to the next one's (or to the table). */
  g_array_sort (objs, obj_by_start);
  for (guint i = 0; i < objs->len; i++)
    {
      Obj *o = &g_array_index (objs, Obj, i);
      gsize next = i + 1 < objs->len ? g_array_index (objs, Obj, i + 1).start : xref_at;
      g_autofree char *label = g_strdup_printf ("%u 0 obj\n", o->num);
      const char *body = d + o->start, *stop = d + next;

      if (!skip (&body, stop, label))
        return g_bytes_ref (pdf);
      o->label_len = strlen (label);
      while (stop > body && (stop[-1] == '\n' || stop[-1] == '\r' || stop[-1] == ' '))
        stop--;
      if (stop - body < 6 || memcmp (stop - 6, "endobj", 6) != 0)
        return g_bytes_ref (pdf);
      o->end = (gsize) (stop - d);
      /* A stream's data ends with "endstream" right before "endobj". */
      o->stream = stop - body >= 16 && find_last (stop - 16, 16, "endstream") != NULL;
    }

  /* The plain objects, in number order, into one object stream. */
  offsets = g_new0 (gsize, count);
  index = g_string_new (NULL);
  packed = g_byte_array_new ();
  {
    g_autofree Obj **by_num = g_new0 (Obj *, count);

    for (guint i = 0; i < objs->len; i++)
      by_num[g_array_index (objs, Obj, i).num] = &g_array_index (objs, Obj, i);
    for (guint64 n = 1; n < count; n++)
      {
        Obj *o = by_num[n];
        gsize body;

        if (o == NULL || o->stream)
          continue;
        body = o->start + o->label_len;
        g_string_append_printf (index, "%u %u ", o->num, packed->len);
        g_byte_array_append (packed, (const guint8 *) d + body, o->end - 6 - body);
        o->packed_index = n_packed++;
      }
  }
  if (n_packed == 0)
    return g_bytes_ref (pdf);
  g_byte_array_prepend (packed, (const guint8 *) index->str, index->len);
  objstm = deflated (packed->data, packed->len);
  if (objstm == NULL)
    return g_bytes_ref (pdf);

  /* Header, the stream objects as they were, the object stream, the
   * cross-reference stream. */
  out = g_byte_array_sized_new (len);
  g_byte_array_append (out, (const guint8 *) d, header_len);
  for (guint i = 0; i < objs->len; i++)
    {
      Obj *o = &g_array_index (objs, Obj, i);

      if (!o->stream)
        continue;
      offsets[o->num] = out->len;
      g_byte_array_append (out, (const guint8 *) d + o->start, o->end - o->start);
      append_str (out, "\n");
    }
  stm_num = (guint) count;
  xref_num = stm_num + 1;
  stm_at = out->len;
  head = g_strdup_printf ("%u 0 obj\n<< /Type /ObjStm /N %u /First %" G_GSIZE_FORMAT " /Filter /FlateDecode "
                          "/Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          stm_num, n_packed, index->len, g_bytes_get_size (objstm));
  append_str (out, head);
  g_byte_array_append (out, g_bytes_get_data (objstm, NULL), g_bytes_get_size (objstm));
  append_str (out, "\nendstream\nendobj\n");

  /* Entries: type 1 (offset), type 2 (object stream, index), W [1 4 2]. */
  entries = g_byte_array_new ();
  put_be (entries, 0, 1), put_be (entries, 0, 4), put_be (entries, 65535, 2);
  {
    g_autofree Obj **by_num = g_new0 (Obj *, count);

    for (guint i = 0; i < objs->len; i++)
      by_num[g_array_index (objs, Obj, i).num] = &g_array_index (objs, Obj, i);
    for (guint64 n = 1; n < count; n++)
      {
        Obj *o = by_num[n];

        if (o == NULL)
          put_be (entries, 0, 1), put_be (entries, 0, 4), put_be (entries, 0, 2);
        else if (o->stream)
          put_be (entries, 1, 1), put_be (entries, offsets[n], 4), put_be (entries, 0, 2);
        else
          put_be (entries, 2, 1), put_be (entries, stm_num, 4), put_be (entries, o->packed_index, 2);
      }
  }
  put_be (entries, 1, 1), put_be (entries, stm_at, 4), put_be (entries, 0, 2);
  xref_stream_at = out->len;
  put_be (entries, 1, 1), put_be (entries, xref_stream_at, 4), put_be (entries, 0, 2);
  if (xref_stream_at > G_MAXUINT32)
    return g_bytes_ref (pdf);
  xref = deflated (entries->data, entries->len);
  if (xref == NULL)
    return g_bytes_ref (pdf);
  g_free (head);
  head = g_strdup_printf ("%u 0 obj\n<< /Type /XRef /Size %u /W [1 4 2] /Root %u 0 R /Info %u 0 R "
                          "/Filter /FlateDecode /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          xref_num, xref_num + 1, (guint) root, (guint) info, g_bytes_get_size (xref));
  append_str (out, head);
  g_byte_array_append (out, g_bytes_get_data (xref, NULL), g_bytes_get_size (xref));
  g_free (head);
  head = g_strdup_printf ("\nendstream\nendobj\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref_stream_at);
  append_str (out, head);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
