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

#include <math.h>
#include <string.h>
#include <zlib.h>

typedef struct {
  guint num;
  gsize start;          /* offset of "N 0 obj" */
  gsize end;            /* offset just past "endobj" */
  gsize label_len;      /* of "N 0 obj\n" */
  const char *body;     /* just past the label */
  gsize body_len;
  gboolean dropped;     /* a length now written in its stream */
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

/* "/Key N 0 R" within [@p, @end). */
static gboolean
dict_ref (const char *p, const char *end, const char *key, guint64 *out)
{
  const char *at = g_strstr_len (p, end - p, key);

  if (at == NULL)
    return FALSE;
  at += strlen (key);
  return skip_space (&at, end) && read_uint (&at, end, out) && skip (&at, end, " 0 R");
}

static GBytes *
deflated (const guint8 *data, gsize len, int level)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, len, level) != Z_OK)
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

/* ---- page content: numbers to the precision the paper holds ---- */

static GByteArray *
inflated (const guint8 *data, gsize len)
{
  z_stream z = { 0 };
  GByteArray *out = g_byte_array_new ();
  guint8 buf[16384];
  int rc;

  if (inflateInit (&z) != Z_OK)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) len;
  do
    {
      z.next_out = buf;
      z.avail_out = sizeof buf;
      rc = inflate (&z, Z_NO_FLUSH);
      g_byte_array_append (out, buf, sizeof buf - z.avail_out);
      if (out->len > 64 * 1024 * 1024)
        rc = Z_DATA_ERROR;
    }
  while (rc == Z_OK);
  inflateEnd (&z);
  if (rc != Z_STREAM_END)
    g_clear_pointer (&out, g_byte_array_unref);
  return out;
}

/* A number as PDF writes them: [+-]digits[.digits] (no exponent). */
static double
parse_number (const char *p, const char *end, const char **stop)
{
  gboolean negative = FALSE;
  double whole = 0, frac = 0, scale = 1;
  const char *start;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  start = p;
  while (p < end && g_ascii_isdigit (*p))
    whole = whole * 10 + (*p++ - '0');
  if (p < end && *p == '.')
    for (p++; p < end && g_ascii_isdigit (*p); p++)
      {
        frac = frac * 10 + (*p - '0');
        scale *= 10;
      }
  /* Not a number at all: no digit. */
  *stop = (p == start || (p == start + 1 && *start == '.')) ? NULL : p;
  return (negative ? -1 : 1) * (whole + frac / scale);
}

typedef struct {
  gsize start, len;     /* in the input */
  double value;
  gboolean number;
} Token;

static void
put_number (GString *out, double v, int decimals)
{
  static const gint64 scales[] = { 1, 10, 100, 1000 };
  gint64 scale = scales[CLAMP (decimals, 0, 3)];
  gint64 fixed = (gint64) llround (v * (double) scale);
  gint64 whole, frac;
  char digits[8];
  int n = decimals;

  /* Fixed point by hand: printf's %f is most of the time this takes. */
  if (fixed < 0)
    {
      g_string_append_c (out, '-');
      fixed = -fixed;
    }
  whole = fixed / scale;
  frac = fixed % scale;
  {
    char buf[24];
    int k = sizeof buf;

    do
      {
        buf[--k] = (char) ('0' + whole % 10);
        whole /= 10;
      }
    while (whole > 0 && k > 0);
    g_string_append_len (out, buf + k, sizeof buf - k);
  }
  if (frac == 0)
    return;
  while (frac % 10 == 0)
    {
      frac /= 10;
      n--;
    }
  for (int k = n - 1; k >= 0; k--, frac /= 10)
    digits[k] = (char) ('0' + frac % 10);
  g_string_append_c (out, '.');
  g_string_append_len (out, digits, n);
}

/* The value @v is written as at @decimals; returns what was written. */
static double
rounded (double v, int decimals)
{
  double scale = decimals == 1 ? 10.0 : decimals == 2 ? 100.0 : 1000.0;

  return round (v * scale) / scale;
}

/* Rewrites a page's content stream with coordinates to 0.1 pt (0.035 mm,
 * finer than a 600 dpi printer's dot), text moves to 0.01 of the font size
 * (0.1 pt at 五号) and scales and colours to 0.001; a line's relative move
 * carries its rounding over to the next, so text never drifts. cairo writes
 * six decimals. Returns NULL on anything it does not understand. */
static GString *
rewrite_content (const char *c, gsize len)
{
  GString *out = g_string_sized_new (len);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (Token));
  double carry_x = 0, carry_y = 0;
  gsize i = 0;

  while (i < len)
    {
      char ch = c[i];
      Token t = { i, 1, 0, FALSE };

      if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
        {
          while (t.start + t.len < len && strchr (" \n\r\t", c[t.start + t.len]) != NULL)
            t.len++;
        }
      else if (ch == '(')
        {
          int depth = 0;
          gsize k = i;

          for (; k < len; k++)
            {
              if (c[k] == '\\')
                k++;
              else if (c[k] == '(')
                depth++;
              else if (c[k] == ')' && --depth == 0)
                break;
            }
          if (k >= len)
            goto fail;
          t.len = k + 1 - i;
        }
      else if (ch == '<' && i + 1 < len && c[i + 1] == '<')
        t.len = 2;
      else if (ch == '>' && i + 1 < len && c[i + 1] == '>')
        t.len = 2;
      else if (ch == '<')
        {
          const char *close = memchr (c + i, '>', len - i);

          if (close == NULL)
            goto fail;
          t.len = (gsize) (close - (c + i)) + 1;
        }
      else if (ch == '[' || ch == ']' || ch == '{' || ch == '}')
        t.len = 1;
      else if (ch == '/')
        {
          while (t.start + t.len < len && strchr (" \n\r\t/[]()<>{}%", c[t.start + t.len]) == NULL)
            t.len++;
        }
      else if (g_ascii_isdigit (ch) || ch == '-' || ch == '+' || ch == '.')
        {
          const char *end = NULL;

          t.value = parse_number (c + i, c + len, &end);
          if (end == NULL || end == c + i)
            goto fail;
          t.len = (gsize) (end - (c + i));
          t.number = TRUE;
        }
      else if (g_ascii_isalpha (ch) || ch == '\'' || ch == '"' || ch == '*')
        {
          const char *op;
          gsize op_len;
          guint n_numbers = 0, k_number = 0;
          gboolean td, tm, geometry;

          while (t.start + t.len < len && (g_ascii_isalnum (c[t.start + t.len]) || c[t.start + t.len] == '*'))
            t.len++;
          op = c + t.start;
          op_len = t.len;
          td = op_len == 2 && op[0] == 'T' && op[1] == 'd';
          tm = op_len == 2 && ((op[0] == 'T' && op[1] == 'm') || (op[0] == 'c' && op[1] == 'm'));
          geometry = (op_len == 1 && strchr ("mlcvyw", op[0]) != NULL) || (op_len == 2 && op[0] == 'r' && op[1] == 'e');
          if (op_len == 2 && ((op[0] == 'B' && op[1] == 'T') || (op[0] == 'T' && op[1] == 'm')))
            carry_x = carry_y = 0;
          for (guint k = 0; k < pending->len; k++)
            n_numbers += g_array_index (pending, Token, k).number;
          for (guint k = 0; k < pending->len; k++)
            {
              Token *p = &g_array_index (pending, Token, k);

              if (!p->number && g_ascii_isspace (c[p->start]))
                {
                  /* cairo folds long lines with a space and a newline. */
                  g_string_append_c (out, memchr (c + p->start, '\n', p->len) != NULL ? '\n' : ' ');
                  continue;
                }
              if (!p->number)
                {
                  g_string_append_len (out, c + p->start, p->len);
                  continue;
                }
              if (td && n_numbers == 2)
                {
                  double *carry = k_number == 0 ? &carry_x : &carry_y;
                  double want = p->value + *carry;
                  double got = rounded (want, 2);

                  *carry = want - got;
                  put_number (out, got, 2);
                }
              else if ((tm && n_numbers == 6 && k_number >= 4) || geometry)
                put_number (out, rounded (p->value, 1), 1);
              else
                put_number (out, rounded (p->value, 3), 3);
              k_number++;
            }
          g_array_set_size (pending, 0);
          g_string_append_len (out, op, op_len);
          i += t.len;
          continue;
        }
      else
        goto fail;
      g_array_append_val (pending, t);
      i += t.len;
    }
  /* Nothing may follow the last operator but white space. */
  for (guint k = 0; k < pending->len; k++)
    {
      Token *p = &g_array_index (pending, Token, k);

      if (p->number)
        goto fail;
      g_string_append_len (out, c + p->start, p->len);
    }
  return out;

fail:
  g_string_free (out, TRUE);
  return NULL;
}

/* The body of a stream object rewritten as rewrite_content() says, with its
 * length in it; NULL to keep it as it is. Its /Length in @d is that of the
 * object numbered @length_num. */
static GByteArray *
repacked_content (const char *d, const Obj *o, const char *length_text)
{
  static const char head[] = "<< /Length ";
  const char *body = d + o->start + o->label_len;
  const char *dict_end, *data;
  guint64 length;
  const char *p = length_text;
  g_autoptr(GByteArray) raw = NULL;
  g_autoptr(GBytes) packed = NULL;
  GString *text;
  GByteArray *out;
  g_autofree char *dict = NULL;

  /* Only cairo's plain "<< /Length N 0 R /Filter /FlateDecode >>". */
  dict_end = g_strstr_len (body, MIN ((gssize) 128, (gssize) (d + o->end - body)), ">>\nstream\n");
  if (dict_end == NULL || strncmp (body, head, strlen (head)) != 0)
    return NULL;
  dict = g_strndup (body, dict_end - body);
  if (g_strstr_len (dict, -1, "/Filter /FlateDecode") == NULL || g_strstr_len (dict, -1, "/Type") != NULL
      || g_strstr_len (dict, -1, "/Subtype") != NULL || g_strstr_len (dict, -1, "/DecodeParms") != NULL)
    return NULL;
  while (*p == ' ' || *p == '\n')
    p++;
  if (!read_uint (&p, p + 20, &length))
    return NULL;
  data = dict_end + strlen (">>\nstream\n");
  if (data + length > d + o->end)
    return NULL;
  raw = inflated ((const guint8 *) data, length);
  if (raw == NULL)
    return NULL;
  text = rewrite_content ((const char *) raw->data, raw->len);
  if (text == NULL)
    return NULL;
  /* zlib's default level, as cairo's: level 9 would make pages 1 % smaller
   * and Annex 4 of a large group a second slower. */
  packed = deflated ((const guint8 *) text->str, text->len, Z_DEFAULT_COMPRESSION);
  g_string_free (text, TRUE);
  if (packed == NULL)
    return NULL;
  out = g_byte_array_new ();
  {
    g_autofree char *h = g_strdup_printf ("%u 0 obj\n<< /Length %" G_GSIZE_FORMAT " /Filter /FlateDecode >>\nstream\n",
                                          o->num, g_bytes_get_size (packed));
    append_str (out, h);
  }
  g_byte_array_append (out, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  append_str (out, "\nendstream\nendobj");
  return out;
}


/* When the object [@body, @end) is a page, notes its content stream and the
 * object holding that stream's length. */
static void
page_contents (const char *body, const char *end, Obj **by_num, guint64 count, GHashTable *contents)
{
  const char *type = g_strstr_len (body, end - body, "/Type /Page");
  guint64 stream, length;
  const Obj *s;

  if (type == NULL || (type + 11 < end && type[11] == 's'))
    return;
  if (!dict_ref (body, end, "/Contents", &stream) || stream == 0 || stream >= count)
    return;
  s = by_num[stream];
  if (s == NULL || !s->stream)
    return;
  if (!dict_ref (s->body, s->body + MIN ((gsize) 64, s->body_len), "/Length", &length) || length == 0
      || length >= count)
    return;
  g_hash_table_insert (contents, GUINT_TO_POINTER ((guint) stream), GUINT_TO_POINTER ((guint) length));
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
  g_autofree Obj **by_num = NULL;
  g_autoptr(GHashTable) contents = NULL;
  g_autoptr(GHashTable) rewritten = NULL;
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
  if (!skip (&p, end, "trailer\n") || !dict_ref (trailer, tail, "/Root", &root)
      || !dict_ref (trailer, tail, "/Info", &info) || root == 0 || root >= count || info == 0 || info >= count)
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
      o->body = body;
      o->body_len = (gsize) (stop - body);
      while (stop > body && (stop[-1] == '\n' || stop[-1] == '\r' || stop[-1] == ' '))
        stop--;
      if (stop - body < 6 || memcmp (stop - 6, "endobj", 6) != 0)
        return g_bytes_ref (pdf);
      o->end = (gsize) (stop - d);
      /* A stream's data ends with "endstream" right before "endobj". */
      o->stream = stop - body >= 16 && find_last (stop - 16, 16, "endstream") != NULL;
    }

  by_num = g_new0 (Obj *, count);
  for (guint i = 0; i < objs->len; i++)
    by_num[g_array_index (objs, Obj, i).num] = &g_array_index (objs, Obj, i);
  contents = g_hash_table_new (NULL, NULL);
  rewritten = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_byte_array_unref);

  /* The pages' contents, rewritten; their lengths are then written in them
   * and the objects that held them are no longer needed. */
  for (guint64 n = 1; n < count; n++)
    if (by_num[n] != NULL && !by_num[n]->stream)
      page_contents (by_num[n]->body, by_num[n]->body + by_num[n]->body_len, by_num, count, contents);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, contents);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        Obj *o = by_num[GPOINTER_TO_UINT (key)];
        Obj *lo = by_num[GPOINTER_TO_UINT (value)];
        GByteArray *content = lo != NULL && !lo->stream ? repacked_content (d, o, lo->body) : NULL;

        if (content != NULL)
          {
            g_hash_table_insert (rewritten, key, content);
            lo->dropped = TRUE;
          }
      }
  }

  /* The plain objects, in number order, into one object stream. */
  offsets = g_new0 (gsize, count);
  index = g_string_new (NULL);
  packed = g_byte_array_new ();
  for (guint64 n = 1; n < count; n++)
    {
      Obj *o = by_num[n];
      gsize body;

      if (o == NULL || o->stream || o->dropped)
        continue;
      body = o->start + o->label_len;
      g_string_append_printf (index, "%u %u ", o->num, packed->len);
      g_byte_array_append (packed, (const guint8 *) d + body, o->end - 6 - body);
      o->packed_index = n_packed++;
    }
  if (n_packed == 0)
    return g_bytes_ref (pdf);
  g_byte_array_prepend (packed, (const guint8 *) index->str, index->len);
  objstm = deflated (packed->data, packed->len, Z_BEST_COMPRESSION);
  if (objstm == NULL)
    return g_bytes_ref (pdf);

  /* Header, the stream objects (pages' contents rewritten), the object
   * stream, the cross-reference stream. */
  out = g_byte_array_sized_new (len);
  g_byte_array_append (out, (const guint8 *) d, header_len);
  for (guint i = 0; i < objs->len; i++)
    {
      Obj *o = &g_array_index (objs, Obj, i);
      GByteArray *content = g_hash_table_lookup (rewritten, GUINT_TO_POINTER (o->num));

      if (!o->stream)
        continue;
      offsets[o->num] = out->len;
      if (content != NULL)
        g_byte_array_append (out, content->data, content->len);
      else
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
    for (guint64 n = 1; n < count; n++)
      {
        Obj *o = by_num[n];

        if (o == NULL || o->dropped)
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
  xref = deflated (entries->data, entries->len, Z_BEST_COMPRESSION);
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
