/* Bundles (issue 6): export, verify, import, and a corpus of hostile bundles
 * built here, each refused by its own check with nothing written. */
#include "config.h"
#include "dbo-test-utils.h"

#include "dbo-bundle.h"
#include "dbo-calendar.h"
#include "dbo-doc-set.h"
#include "dbo-documents.h"
#include "dbo-layout.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"
#include "dbo-store.h"

#include <archive.h>
#include <gio/gio.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

/* ================================================================ helpers */

static char *
path_in (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = path_in (dir, name);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char *path, GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data ? data : "", (gssize) len, &error);
  g_assert_no_error (error);
}

static DboProject *
load_sample (void)
{
  g_autofree char *path = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_project_xml_read_file (path, &error);

  g_assert_no_error (error);
  return p;
}

static DboRuleset *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  DboRuleset *r = dbo_ruleset_load_named (DBO_DEFAULT_RULESET, &error);

  g_assert_no_error (error);
  return r;
}

static DboCalendar *
load_calendar (void)
{
  g_autoptr(GError) error = NULL;
  DboCalendar *c = dbo_calendar_load_default (&error);

  g_assert_no_error (error);
  return c;
}

static GDate
today (void)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 24, 11, 2026);
  return d;
}

static char *
canonical_of (const DboProject *p)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *xml = dbo_project_xml_write (p, &len);
  char *c = dbo_project_xml_canonical (xml, len, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static char *
sha256_hex (const void *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* The sample with two attachments: one with its bytes, one described only. */
static DboProject *
sample_with_attachments (void)
{
  DboProject *p = load_sample ();
  static const char scan[] = "%PDF-1.4 a scanned, stamped page";
  g_autoptr(GBytes) data = g_bytes_new_static (scan, sizeof scan - 1);
  DboAttachment *described;

  g_ptr_array_add (p->attachments, dbo_attachment_new ("盖章页.pdf", "application/pdf", data));
  described = dbo_attachment_new ("拓扑图.png", "image/png", NULL);
  described->sha256 = g_strdup ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_ptr_array_add (p->attachments, described);
  return p;
}

/* ---- a ZIP writer of our own, for archives libarchive would never write ---- */

static guint32 crc_table[256];

static guint32
crc32_of (const guint8 *p, gsize n)
{
  guint32 c = 0xFFFFFFFFu;

  if (crc_table[1] == 0)
    for (guint32 i = 0; i < 256; i++)
      {
        guint32 v = i;

        for (int k = 0; k < 8; k++)
          v = (v & 1) ? 0xEDB88320u ^ (v >> 1) : v >> 1;
        crc_table[i] = v;
      }
  for (gsize i = 0; i < n; i++)
    c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static void
put16 (GByteArray *a, guint v)
{
  guint8 b[2] = { v & 0xFF, (v >> 8) & 0xFF };

  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };

  g_byte_array_append (a, b, 4);
}

typedef struct {
  GByteArray *out;
  GByteArray *cd;
  guint n;
} Zip;

static Zip *
zip_new (void)
{
  Zip *z = g_new0 (Zip, 1);

  z->out = g_byte_array_new ();
  z->cd = g_byte_array_new ();
  return z;
}

/* A stored entry; @mode is the Unix mode (type and permissions), @method is
 * written as given (the data stays stored). @cd_local_offset < 0: this entry. */
static void
zip_add_full (Zip *z, const char *name, gssize name_len, const void *data, gsize len, guint32 mode,
              guint16 flags, guint16 method, gint64 cd_local_offset)
{
  gsize nl = name_len < 0 ? strlen (name) : (gsize) name_len;
  guint32 crc = crc32_of (data, len);
  guint32 offset = z->out->len;

  if (cd_local_offset < 0)
    {
      put32 (z->out, 0x04034b50);
      put16 (z->out, 20);
      put16 (z->out, flags);
      put16 (z->out, method);
      put16 (z->out, 0);
      put16 (z->out, 0x21);
      put32 (z->out, crc);
      put32 (z->out, (guint32) len);
      put32 (z->out, (guint32) len);
      put16 (z->out, (guint) nl);
      put16 (z->out, 0);
      g_byte_array_append (z->out, (const guint8 *) name, (guint) nl);
      g_byte_array_append (z->out, data, (guint) len);
    }
  else
    offset = (guint32) cd_local_offset;

  put32 (z->cd, 0x02014b50);
  put16 (z->cd, 0x031e);         /* made on Unix */
  put16 (z->cd, 20);
  put16 (z->cd, flags);
  put16 (z->cd, method);
  put16 (z->cd, 0);
  put16 (z->cd, 0x21);
  put32 (z->cd, crc);
  put32 (z->cd, (guint32) len);
  put32 (z->cd, (guint32) len);
  put16 (z->cd, (guint) nl);
  put16 (z->cd, 0);
  put16 (z->cd, 0);
  put16 (z->cd, 0);
  put16 (z->cd, 0);
  put32 (z->cd, mode << 16);
  put32 (z->cd, offset);
  g_byte_array_append (z->cd, (const guint8 *) name, (guint) nl);
  z->n++;
}

static void
zip_add (Zip *z, const char *name, const void *data, gsize len)
{
  zip_add_full (z, name, -1, data, len, 0100644, 0, 0, -1);
}

static GBytes *
zip_finish (Zip *z)
{
  guint32 cd_offset = z->out->len;
  guint32 cd_size = z->cd->len;
  GBytes *out;

  g_byte_array_append (z->out, z->cd->data, z->cd->len);
  put32 (z->out, 0x06054b50);
  put16 (z->out, 0);
  put16 (z->out, 0);
  put16 (z->out, z->n & 0xFFFF);
  put16 (z->out, z->n & 0xFFFF);
  put32 (z->out, cd_size);
  put32 (z->out, cd_offset);
  put16 (z->out, 0);
  g_byte_array_unref (z->cd);
  out = g_byte_array_free_to_bytes (z->out);
  g_free (z);
  return out;
}

/* ---- a small valid bundle, built here from the format description ---- */

typedef struct {
  char *name;
  char *role;                   /* NULL: in the archive, not in the manifest */
  GBytes *data;
  guint32 mode;
  gboolean listed;
} Item;

static void
item_free (Item *it)
{
  g_free (it->name);
  g_free (it->role);
  g_bytes_unref (it->data);
  g_free (it);
}

typedef struct {
  GPtrArray *items;             /* of Item*, in archive order; manifest.xml goes last */
  char *kind;
  char *ns;
  char *version;
  char *data_sha256;            /* NULL: computed from project.xml */
  char *project_id;             /* NULL: the project's */
  char *manifest;               /* set: used as is */
  gboolean no_manifest;
} Mini;

static void
mini_free (Mini *m)
{
  g_ptr_array_unref (m->items);
  g_free (m->kind);
  g_free (m->ns);
  g_free (m->version);
  g_free (m->data_sha256);
  g_free (m->project_id);
  g_free (m->manifest);
  g_free (m);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mini, mini_free)

static Item *
mini_add (Mini *m, const char *name, const char *role, GBytes *data)
{
  Item *it = g_new0 (Item, 1);

  it->name = g_strdup (name);
  it->role = g_strdup (role);
  it->data = g_bytes_ref (data);
  it->mode = 0100644;
  it->listed = role != NULL;
  g_ptr_array_add (m->items, it);
  return it;
}

static Item *
mini_find (Mini *m, const char *name)
{
  for (guint i = 0; i < m->items->len; i++)
    {
      Item *it = g_ptr_array_index (m->items, i);

      if (strcmp (it->name, name) == 0)
        return it;
    }
  return NULL;
}

static const char attachment_text[] = "a topology diagram";

static char *
attachment_name (void)
{
  g_autofree char *sha = sha256_hex (attachment_text, sizeof attachment_text - 1);

  return g_strconcat ("attachments/", sha, NULL);
}

/* The sample project.xml with one attachment described in it. */
static GBytes *
mini_project_xml (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GBytes) data = g_bytes_new_static (attachment_text, sizeof attachment_text - 1);
  gsize len = 0;
  char *xml;

  /* Its one attachment only: not the sample's own scans. */
  for (guint i = 0; i < p->objects->len; i++)
    {
      DboObject *o = g_ptr_array_index (p->objects, i);

      for (guint k = 0; k < o->materials->len; k++)
        g_clear_pointer (&((DboMaterial *) g_ptr_array_index (o->materials, k))->attachment, g_free);
    }
  g_ptr_array_set_size (p->attachments, 0);
  g_ptr_array_add (p->attachments, dbo_attachment_new ("拓扑图.txt", "text/plain", data));
  xml = dbo_project_xml_write (p, &len);
  return g_bytes_new_take (xml, len);
}

static Mini *
mini_new (void)
{
  Mini *m = g_new0 (Mini, 1);
  g_autoptr(GBytes) project = mini_project_xml ();
  g_autoptr(GBytes) att = g_bytes_new_static (attachment_text, sizeof attachment_text - 1);
  g_autofree char *att_name = attachment_name ();

  m->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  m->kind = g_strdup ("backup");
  m->ns = g_strdup (DBO_BUNDLE_NS);
  m->version = g_strdup ("1");
  mini_add (m, "project.xml", "data", project);
  mini_add (m, att_name, "attachment", att);
  return m;
}

static char *
mini_manifest (Mini *m)
{
  GString *s = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  Item *project = mini_find (m, "project.xml");
  g_autofree char *data_sha = NULL;
  const char *id = "6f1c2a4e-8d3b-4c7a-9e15-2b8f0d6a3c91";

  if (m->manifest != NULL)
    {
      g_string_free (s, TRUE);
      return g_strdup (m->manifest);
    }
  if (m->data_sha256 != NULL)
    data_sha = g_strdup (m->data_sha256);
  else
    {
      gsize len = 0, clen = 0;
      const char *xml = g_bytes_get_data (project->data, &len);
      g_autofree char *c = dbo_project_xml_canonical (xml, len, &clen, NULL);

      data_sha = c != NULL ? sha256_hex (c, clen) : g_strnfill (64, '0');
    }
  g_string_append_printf (s, "<bundle xmlns=\"%s\" format-version=\"%s\" kind=\"%s\" "
                          "created=\"2026-09-28T16:30:00+08:00\" generator=\"test\">\n",
                          m->ns, m->version, m->kind);
  g_string_append_printf (s, "  <project id=\"%s\" ruleset=\"shanxi-coal-2021\" data-sha256=\"%s\"/>\n",
                          m->project_id ? m->project_id : id, data_sha);
  g_string_append (s, "  <enterprise name=\"山西泽州金鼎煤业有限公司\" credit-code=\"91140525MA0JD8K2XK\" city=\"09\"/>\n");
  for (guint i = 0; i < m->items->len; i++)
    {
      Item *it = g_ptr_array_index (m->items, i);
      gsize len = 0;
      const void *d = g_bytes_get_data (it->data, &len);
      g_autofree char *sha = sha256_hex (d, len);

      if (!it->listed)
        continue;
      g_string_append_printf (s, "  <file path=\"%s\" role=\"%s\" size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\"/>\n",
                              it->name, it->role, len, sha);
    }
  g_string_append (s, "</bundle>\n");
  return g_string_free (s, FALSE);
}

static GBytes *
mini_zip (Mini *m)
{
  Zip *z = zip_new ();

  for (guint i = 0; i < m->items->len; i++)
    {
      Item *it = g_ptr_array_index (m->items, i);
      gsize len = 0;
      const void *d = g_bytes_get_data (it->data, &len);

      zip_add_full (z, it->name, -1, d, len, it->mode, 0, 0, -1);
    }
  if (!m->no_manifest)
    {
      g_autofree char *manifest = mini_manifest (m);

      zip_add (z, "manifest.xml", manifest, strlen (manifest));
    }
  return zip_finish (z);
}

static void
mini_write (Mini *m, const char *path)
{
  g_autoptr(GBytes) zip = mini_zip (m);

  write_bytes (path, zip);
}

static void
mini_set_project (Mini *m, const char *xml)
{
  Item *it = mini_find (m, "project.xml");

  g_bytes_unref (it->data);
  it->data = g_bytes_new (xml, strlen (xml));
}

/* project.xml with @from replaced by @to (once). */
static char *
project_xml_with (const char *from, const char *to)
{
  g_autoptr(GBytes) b = mini_project_xml ();
  gsize len = 0;
  const char *data = g_bytes_get_data (b, &len);
  g_autofree char *xml = g_strndup (data, len);
  char *at = strstr (xml, from);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (xml, at - xml);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  return g_string_free (s, FALSE);
}

/* ---- one exported sample, shared by the tests that only read it ---- */

static char *shared_dir;
static char *shared_path;

/* The sample with its attachments, exported as a submission once per run. */
static const char *
shared_bundle (void)
{
  if (shared_path == NULL)
    {
      g_autoptr(DboProject) p = sample_with_attachments ();
      g_autoptr(DboRuleset) rules = load_rules ();
      g_autoptr(DboCalendar) cal = load_calendar ();
      g_autoptr(GError) error = NULL;
      GDate t = today ();

      shared_path = path_in (shared_dir, "shared.zip");
      g_assert_true (dbo_bundle_export (p, rules, cal, &t, DBO_BUNDLE_SUBMISSION, shared_path, &error));
      g_assert_no_error (error);
    }
  return shared_path;
}

/* ================================================================ export */

static void
test_export_deterministic (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *a = path_in (dir, "a.zip");
  g_autoptr(DboProject) p = sample_with_attachments ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboCalendar) cal = load_calendar ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sha_shared = dbo_test_file_sha256 (shared_bundle ());
  g_autofree char *sha_a = NULL, *sha_again = NULL, *listing = NULL;
  g_autofree char *tz = g_strdup (g_getenv ("TZ"));
  g_autoptr(GBytes) before = NULL;
  GDate t = today ();

  /* In another time zone (ZIP's MS-DOS times are local): the same bytes. */
  g_setenv ("TZ", "America/New_York", TRUE);
  tzset ();
  g_assert_true (dbo_bundle_export (p, rules, cal, &t, DBO_BUNDLE_SUBMISSION, a, &error));
  if (tz != NULL)
    g_setenv ("TZ", tz, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();
  g_assert_no_error (error);
  sha_a = dbo_test_file_sha256 (a);
  g_assert_cmpstr (sha_a, ==, sha_shared);

  /* Over its own earlier bundle (a backup of another state): replaced whole. */
  before = read_bytes (a);
  {
    g_autoptr(DboProject) small = load_sample ();

    g_ptr_array_set_size (small->reviews, 0);
    g_assert_true (dbo_bundle_export (small, rules, NULL, NULL, DBO_BUNDLE_BACKUP, a, &error));
    g_assert_no_error (error);
  }
  sha_again = dbo_test_file_sha256 (a);
  g_assert_cmpstr (sha_again, !=, sha_a);
  {
    g_autoptr(DboBundleReport) r = dbo_bundle_verify (a, &error);

    g_assert_no_error (error);
    g_assert_cmpint (r->kind, ==, DBO_BUNDLE_BACKUP);
  }

  /* No temporary file left beside it. */
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "a.zip");
  remove_tree (dir);
}

/* What the archive holds, as libarchive reads it: names in order, and the
 * metadata that must not depend on the machine. */
static void
test_export_contents (void)
{
  const char *path = shared_bundle ();
  g_autoptr(DboProject) p = sample_with_attachments ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) concluded = NULL;
  g_autofree char *created = dbo_bundle_project_time (p);
  g_autofree char *expected_attachment = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  struct archive *a;
  struct archive_entry *e;

  g_assert_cmpstr (created, ==, "2026-09-28T16:30:00+08:00");
  concluded = g_date_time_new_from_iso8601 (created, NULL);

  a = archive_read_new ();
  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &e) == ARCHIVE_OK)
    {
      g_ptr_array_add (names, g_strdup (archive_entry_pathname (e)));
      g_assert_cmpint (archive_entry_filetype (e), ==, AE_IFREG);
      g_assert_cmpint (archive_entry_perm (e), ==, 0644);
      g_assert_cmpint (archive_entry_uid (e), ==, 0);
      g_assert_cmpint (archive_entry_gid (e), ==, 0);
      g_assert_cmpint (archive_entry_mtime (e), ==, g_date_time_to_unix (concluded));
    }
  archive_read_free (a);

  /* The sample's five scans, then the stamped page (the described one has no bytes). */
  g_assert_cmpuint (p->attachments->len, ==, 5 + 2);
  expected_attachment = g_strconcat ("attachments/",
                                     ((DboAttachment *) g_ptr_array_index (p->attachments, 5))->sha256, NULL);
  /* Annex 3 once per review round: the city's round and the province's. */
  g_assert_cmpuint (names->len, ==, 1 + 4 + 8 + 6 + 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "project.xml");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "documents/annex2.pdf");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "documents/annex3-09-1.pdf");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "documents/annex3-00-1.pdf");
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "documents/report-o1.pdf");
  g_assert_cmpstr (g_ptr_array_index (names, names->len - 8), ==, "documents/annex4.pdf");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *scan = g_strconcat ("attachments/",
                                           ((DboAttachment *) g_ptr_array_index (p->attachments, i))->sha256, NULL);
      g_assert_cmpstr (g_ptr_array_index (names, names->len - 7 + i), ==, scan);
    }
  g_assert_cmpstr (g_ptr_array_index (names, names->len - 2), ==, expected_attachment);
  g_assert_cmpstr (g_ptr_array_index (names, names->len - 1), ==, "manifest.xml");

  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->kind, ==, DBO_BUNDLE_SUBMISSION);
  g_assert_cmpstr (report->created, ==, created);
  g_assert_cmpstr (report->generator, ==, "Dengbao " PACKAGE_VERSION);
  g_assert_cmpuint (report->files->len, ==, names->len - 1);
  g_assert_cmpstr (dbo_bundle_report_find (report, "documents/annex2.pdf")->title, ==, "专家评审意见书");
  g_assert_cmpstr (dbo_bundle_report_find (report, "documents/annex3-09-1.pdf")->title, ==,
                   "定级审核意见书（晋城市能源局 第1轮）");
  g_assert_cmpstr (dbo_bundle_report_find (report, "documents/annex3-00-1.pdf")->role, ==, "annex3");
  g_assert_cmpstr (dbo_bundle_report_find (report, "documents/annex4.pdf")->role, ==, "annex4");
  g_assert_cmpstr (dbo_bundle_report_find (report, "project.xml")->role, ==, "data");
  g_assert_cmpstr (dbo_bundle_report_find (report, expected_attachment)->title, ==, "盖章页.pdf");
  /* The described-only attachment is in project.xml, not in the archive. */
  g_assert_cmpuint (report->project->attachments->len, ==, 7);
  g_assert_nonnull (((DboAttachment *) g_ptr_array_index (report->project->attachments, 5))->data);
  g_assert_null (((DboAttachment *) g_ptr_array_index (report->project->attachments, 6))->data);
  {
    g_autofree char *c1 = canonical_of (p);
    g_autofree char *sha = sha256_hex (c1, strlen (c1));

    g_assert_cmpstr (report->data_sha256, ==, sha);
  }
}

static void
test_submission_refused (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "s.zip");
  g_autofree char *backup = path_in (dir, "b.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboCalendar) cal = load_calendar ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  g_autofree char *listing = NULL;
  GDate t = today ();

  dbo_set_str (&p->enterprise.credit_code, "91140525MA0JD8K2X0");   /* wrong check character */
  dbo_set_str (&p->enterprise.name, NULL);
  g_assert_false (dbo_bundle_export (p, rules, cal, &t, DBO_BUNDLE_SUBMISSION, path, &error));
  g_assert_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_PROJECT_ERRORS);
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, "project-errors");
  g_test_message ("%s", error->message);
  /* One line per error: code, path, message. */
  g_assert_nonnull (strstr (error->message, "\n"));
  g_assert_nonnull (strstr (error->message, "enterprise/credit-code"));
  g_assert_nonnull (strstr (error->message, "enterprise/name"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A backup is always possible, and marked as such. */
  g_assert_true (dbo_bundle_export (p, rules, cal, &t, DBO_BUNDLE_BACKUP, backup, &error));
  g_assert_no_error (error);
  report = dbo_bundle_verify (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->kind, ==, DBO_BUNDLE_BACKUP);
  g_assert_null (report->project->enterprise.name);

  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "b.zip");
  remove_tree (dir);
}

/* A backup holds whatever can be rendered, and lists exactly that. */
static void
test_backup_leaves_out_blocked (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "b.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  guint blocked = 0;

  /* Without the enterprise's name, the forms that print it cannot be made. */
  dbo_set_str (&p->enterprise.name, NULL);
  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, path, &error));
  g_assert_no_error (error);
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  /* The signature sheet is a working paper, never in a bundle. */
  for (int k = 0; k < DBO_N_DOC_KINDS; k++)
    for (guint i = 0; i < (k == DBO_DOC_REPORT ? p->objects->len : k == DBO_DOC_SIGNATURES ? 0 : 1); i++)
      {
        const char *id = k == DBO_DOC_REPORT ? ((DboObject *) g_ptr_array_index (p->objects, i))->id : NULL;
        g_autoptr(GError) local = NULL;
        g_autoptr(DboDocument) doc = dbo_document_build (p, rules, k, id, &local);
        g_autofree char *file = dbo_doc_file_name (k, id);
        g_autofree char *name = g_strconcat ("documents/", file, NULL);
        const DboBundleFile *f = dbo_bundle_report_find (report, name);

        if (doc == NULL)
          {
            g_assert_error (local, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED);
            g_assert_null (f);
            blocked++;
          }
        else if (k != DBO_DOC_REPORT)
          g_assert_nonnull (f);
      }
  g_assert_cmpuint (blocked, >, 0);
  g_assert_nonnull (dbo_bundle_report_find (report, "project.xml"));
  remove_tree (dir);
}

static void
test_review_bundle (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "r.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboProject) undecided = NULL;
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;

  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_REVIEW, path, &error));
  g_assert_no_error (error);
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->kind, ==, DBO_BUNDLE_REVIEW);
  g_assert_cmpuint (report->files->len, ==, 3 + 5);   /* project.xml, two Annex 3, the five scans */
  g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex3-09-1.pdf"));
  g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex3-00-1.pdf"));
  g_assert_null (dbo_bundle_report_find (report, "documents/annex4.pdf"));

  undecided = load_sample ();
  g_ptr_array_set_size (undecided->reviews, 0);
  g_unlink (path);
  g_assert_false (dbo_bundle_export (undecided, rules, NULL, NULL, DBO_BUNDLE_REVIEW, path, &error));
  g_assert_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_NO_DECISION);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

/* The export of a folder that cannot be written leaves nothing and says so. */
static void
test_export_unwritable (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;

  g_assert_false (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, "/nonexistent-dir/x.zip", &error));
  g_assert_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_IO);
}

/* ================================================================ round trip */

/* ---- the writer keeps the reader's limits (issue 12, item 10) ---- */

/* @n small attachments, each of other bytes. */
static void
add_small_attachments (DboProject *p, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("scan %u", i);
      g_autofree char *name = g_strdup_printf ("扫描件-%u.pdf", i);
      g_autoptr(GBytes) data = g_bytes_new (text, strlen (text));

      g_ptr_array_add (p->attachments, dbo_attachment_new (name, "application/pdf", data));
    }
}

static void
unmap_cb (gpointer data)
{
  GBytes *sizes = data;

  munmap ((void *) g_bytes_get_data (sizes, NULL), g_bytes_get_size (sizes));
  g_bytes_unref (sizes);
}

/* @len bytes of address space no page of which is ever touched: the limits
 * are checked from the sizes the model holds, before any byte is read. */
static GBytes *
untouched_bytes (gsize len)
{
  void *p = mmap (NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

  g_assert_true (p != MAP_FAILED);
  return g_bytes_new_with_free_func (p, len, unmap_cb, g_bytes_new_static (p, len));
}

/* An attachment of @data whose SHA-256 the model already holds (@seed makes it). */
static DboAttachment *
big_attachment (const char *name, GBytes *data, char seed)
{
  DboAttachment *a = dbo_attachment_new (name, "image/tiff", NULL);

  a->data = g_bytes_ref (data);
  a->sha256 = g_strnfill (64, seed);
  return a;
}

static void
assert_export_refused (const DboProject *p, const char *check, const char *file, const char *needle)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *zip = path_in (dir, "b.zip");
  g_autofree char *listing = NULL;
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;

  g_assert_false (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, zip, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, check);
  g_assert_cmpstr (dbo_bundle_error_get_file (error), ==, file);
  g_assert_nonnull (strstr (error->message, needle));
  /* Nothing written: no bundle, no temporary file. */
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  remove_tree (dir);
}

/* 10,000 entries and one more: an export the reader would refuse is refused,
 * and one exactly at the limit is written and verifies. */
static void
test_export_entry_count_limit (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GPtrArray) docs = dbo_doc_set_submission (p, rules);
  /* project.xml, the documents, the attachments (the sample's own first), manifest.xml */
  guint fit = DBO_BUNDLE_MAX_ENTRIES - 2 - docs->len - p->attachments->len;
  g_autofree char *needle = g_strdup_printf ("more than the %d", DBO_BUNDLE_MAX_ENTRIES);
  DboBundleUsage usage;

  add_small_attachments (p, fit + 1);
  dbo_bundle_usage (p, rules, &usage);
  g_assert_cmpuint (usage.n_attachments, ==, p->attachments->len);
  g_assert_cmpuint (usage.n_entries, ==, DBO_BUNDLE_MAX_ENTRIES + 1);
  g_assert_cmpfloat (dbo_bundle_usage_fraction (&usage), >, 1.0);
  assert_export_refused (p, "entry-count", "", needle);

  g_ptr_array_remove_index (p->attachments, p->attachments->len - 1);
  dbo_bundle_usage (p, rules, &usage);
  g_assert_cmpuint (usage.n_entries, ==, DBO_BUNDLE_MAX_ENTRIES);
  g_assert_cmpfloat (dbo_bundle_usage_fraction (&usage), ==, 1.0);
  {
    g_autofree char *dir = dbo_test_mkdtemp ();
    g_autofree char *zip = path_in (dir, "b.zip");
    g_autoptr(GError) error = NULL;
    g_autoptr(DboBundleReport) report = NULL;

    g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, zip, &error));
    g_assert_no_error (error);
    report = dbo_bundle_verify (zip, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->files->len + 1, ==, DBO_BUNDLE_MAX_ENTRIES);
    remove_tree (dir);
  }
}

/* Nine 60 MB scans (issue 12: 567 MB) and one over the limit of a single
 * file, from sizes alone: no byte of them is read or written. */
static void
test_export_size_limits (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GBytes) scan = untouched_bytes ((gsize) 60 << 20);
  g_autoptr(GBytes) huge = untouched_bytes ((gsize) DBO_BUNDLE_MAX_ENTRY + (1 << 20));
  g_autofree char *total = g_format_size_full (DBO_BUNDLE_MAX_TOTAL, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *one = g_format_size_full (DBO_BUNDLE_MAX_ENTRY, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *nine = g_format_size_full ((guint64) 9 * (60 << 20), G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *needle = g_strdup_printf ("the 9 attachments take %s: more than the %s", nine, total);
  g_autofree char *needle2 = g_strdup_printf ("more than the %s one file", one);
  DboBundleUsage usage;

  {
    g_autoptr(DboProject) p = load_sample ();

    /* Only the scans: not the sample's own small ones. */
    g_ptr_array_set_size (p->attachments, 0);
    for (char c = 'a'; c < 'a' + 9; c++)
      {
        g_autofree char *name = g_strdup_printf ("扫描件-%c.tif", c);

        g_ptr_array_add (p->attachments, big_attachment (name, scan, c));
      }
    dbo_bundle_usage (p, rules, &usage);
    g_assert_cmpuint (usage.n_attachments, ==, 9);
    g_assert_cmpuint (usage.total, ==, (guint64) 9 * (60 << 20));
    g_assert_cmpfloat (dbo_bundle_usage_fraction (&usage), >, 1.0);
    assert_export_refused (p, "size-limit", "", needle);
  }
  {
    g_autoptr(DboProject) p = load_sample ();

    g_ptr_array_add (p->attachments, big_attachment ("全景.tif", huge, 'f'));
    assert_export_refused (p, "size-limit", "全景.tif", needle2);
  }
}

/* A blank page scanned to an uncompressed TIFF deflates far past the ratio
 * verify takes for a ZIP bomb: the export stores it, and verify accepts it. */
static void
test_export_compressible_attachment (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *zip = path_in (dir, "b.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  gsize len = 4 << 20;
  guint8 *white = g_malloc (len);
  g_autoptr(GBytes) data = NULL;
  GStatBuf st;

  memset (white, 0xFF, len);
  data = g_bytes_new_take (white, len);
  g_ptr_array_add (p->attachments, dbo_attachment_new ("空白页.tif", "image/tiff", data));
  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, zip, &error));
  g_assert_no_error (error);
  report = dbo_bundle_verify (zip, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (g_stat (zip, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, (goffset) len);
  remove_tree (dir);
}

/* The command line: exit 2, the check named, nothing at -o. */
static void
test_export_limit_cli (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *project = path_in (dir, "p.dengbao");
  g_autofree char *zip = path_in (dir, "b.zip");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *listing = NULL;
  const char *argv[] = { "export", project, "-o", zip, "--kind", "backup", NULL };

  {
    g_autoptr(DboProject) p = load_sample ();
    g_autoptr(GError) error = NULL;
    g_autoptr(DboStore) store = NULL;

    add_small_attachments (p, DBO_BUNDLE_MAX_ENTRIES - p->attachments->len);
    store = dbo_store_create (project, p, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "check entry-count"));
  g_assert_nonnull (strstr (err, "10000 of them attachments"));
  g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "p.dengbao");
  remove_tree (dir);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  const char *zip = shared_bundle ();
  g_autofree char *dest = path_in (dir, "imported.dengbao");
  g_autoptr(DboProject) p = sample_with_attachments ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(DboStore) store = NULL;
  g_autoptr(DboProject) back = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *listing = NULL;
  guint n_docs = 0;

  report = dbo_bundle_import (zip, dest, DBO_BUNDLE_IMPORT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "imported.dengbao");

  store = dbo_store_open (dest, &error);
  g_assert_no_error (error);
  back = dbo_store_load (store, &error);
  g_assert_no_error (error);
  c1 = canonical_of (p);
  c2 = canonical_of (back);
  g_assert_cmpstr (c1, ==, c2);
  /* The attachment's bytes came along. */
  {
    DboAttachment *a0 = g_ptr_array_index (p->attachments, 0);
    DboAttachment *b0 = NULL;

    for (guint i = 0; i < back->attachments->len; i++)
      if (g_strcmp0 (((DboAttachment *) g_ptr_array_index (back->attachments, i))->sha256, a0->sha256) == 0)
        b0 = g_ptr_array_index (back->attachments, i);
    g_assert_nonnull (b0);
    g_assert_nonnull (b0->data);
    g_assert_true (g_bytes_equal (a0->data, b0->data));
  }

  /* Every document re-rendered from the imported project is byte-identical. */
  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);
      DboDocKind kind;
      g_autoptr(GBytes) in_bundle = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(DboDocument) doc = NULL;
      g_autofree char *object_id = NULL;

      if (!dbo_doc_kind_from_token (f->role, &kind))
        continue;
      if (kind == DBO_DOC_REPORT)
        object_id = g_strndup (f->path + strlen ("documents/report-"),
                               strlen (f->path) - strlen ("documents/report-") - strlen (".pdf"));
      else if (kind == DBO_DOC_ANNEX3)
        object_id = g_strndup (f->path + strlen ("documents/annex3-"),
                               strlen (f->path) - strlen ("documents/annex3-") - strlen (".pdf"));
      in_bundle = dbo_bundle_read_file (zip, report, f->path, &error);
      g_assert_no_error (error);
      doc = dbo_document_build (back, rules, kind, object_id, &error);
      g_assert_no_error (error);
      again = dbo_document_to_pdf_bytes (doc, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (in_bundle, again));
      n_docs++;
    }
  g_assert_cmpuint (n_docs, ==, 4 + 8);
  remove_tree (dir);
}

/* Six imports of one bundle to one new name at the same moment: exactly one
 * creates it, the others say it already exists; no temporary file stays. */
static void
test_import_concurrent_one_wins (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *dest = path_in (dir, "same.dengbao");
  g_autofree char *listing = NULL;
  const char *zip = shared_bundle ();
  const char *cli = g_getenv ("DENGBAO_CLI");
  GSubprocess *procs[6];
  guint won = 0, exists = 0;

  g_assert_nonnull (cli);
  for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
    {
      g_autoptr(GError) error = NULL;

      procs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                   cli, "import", zip, "-o", dest, NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (procs[i], NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_test_message ("import %u: exit %d %s", i, g_subprocess_get_exit_status (procs[i]), err);
      if (g_subprocess_get_exit_status (procs[i]) == 0)
        won++;
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (procs[i]), ==, 2);
          g_assert_nonnull (strstr (err, "already exists"));
          exists++;
        }
      g_object_unref (procs[i]);
    }
  g_assert_cmpuint (won, ==, 1);
  g_assert_cmpuint (exists, ==, G_N_ELEMENTS (procs) - 1);
  listing = dbo_test_list_dir (dir);
  g_assert_cmpstr (listing, ==, "same.dengbao");
  remove_tree (dir);
}

static void
test_import_replace (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *zip = path_in (dir, "b.zip");
  g_autofree char *dest = path_in (dir, "p.dengbao");
  g_autofree char *other = path_in (dir, "other.dengbao");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboProject) changed = load_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(GPtrArray) diff = NULL;
  g_autofree char *sha_before = NULL, *sha_after = NULL;
  DboObject *o2;

  {
    g_autoptr(DboStore) s = dbo_store_create (dest, p, &error);

    g_assert_no_error (error);
  }
  o2 = g_ptr_array_index (changed->objects, 1);
  dbo_set_str (&o2->name, "井下应急广播系统（改）");
  dbo_set_str (&changed->title, "新标题");
  g_ptr_array_set_size (changed->assessments, 0);
  /* A bundle without documents is enough here (and quick to make). */
  {
    g_autoptr(Mini) m = mini_new ();
    g_autofree char *att = attachment_name ();
    g_autofree char *xml = dbo_project_xml_write (changed, NULL);

    g_ptr_array_remove (m->items, mini_find (m, att));
    mini_set_project (m, xml);
    mini_write (m, zip);
  }

  /* Without asking: refused, the file untouched. */
  sha_before = dbo_test_file_sha256 (dest);
  g_assert_null (dbo_bundle_import (zip, dest, DBO_BUNDLE_IMPORT_DEFAULT, &error));
  g_assert_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_EXISTS);
  g_clear_error (&error);
  sha_after = dbo_test_file_sha256 (dest);
  g_assert_cmpstr (sha_before, ==, sha_after);

  /* What would change, for the GUI to show. */
  report = dbo_bundle_verify (zip, &error);
  g_assert_no_error (error);
  diff = dbo_bundle_diff (p, report->project);
  g_assert_cmpuint (diff->len, >=, 2);
  {
    gboolean saw_title = FALSE, saw_o2 = FALSE;

    for (guint i = 0; i < diff->len; i++)
      {
        const DboBundleChange *c = g_ptr_array_index (diff, i);

        g_test_message ("change: %s %s", c->part, c->label);
        if (strcmp (c->part, "title") == 0)
          saw_title = c->kind == DBO_BUNDLE_CHANGE_CHANGED;
        if (strcmp (c->part, "objects/o2") == 0)
          saw_o2 = c->kind == DBO_BUNDLE_CHANGE_CHANGED && strstr (c->label, "井下应急广播系统（改）") != NULL;
      }
    g_assert_true (saw_title);
    g_assert_true (saw_o2);
  }
  {
    g_autoptr(GPtrArray) none = dbo_bundle_diff (p, p);

    g_assert_cmpuint (none->len, ==, 0);
  }
  g_clear_pointer (&report, dbo_bundle_report_free);

  /* Asked to replace: the old state is kept as a snapshot. */
  report = dbo_bundle_import (zip, dest, DBO_BUNDLE_IMPORT_REPLACE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DboStore) s = dbo_store_open (dest, &error);
    g_autoptr(DboProject) now = NULL;
    g_autoptr(GPtrArray) snaps = NULL;
    g_autofree char *c_now = NULL, *c_changed = NULL;

    g_assert_no_error (error);
    now = dbo_store_load (s, &error);
    g_assert_no_error (error);
    c_now = canonical_of (now);
    c_changed = canonical_of (changed);
    g_assert_cmpstr (c_now, ==, c_changed);
    snaps = dbo_store_snapshot_list (s, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (snaps->len, ==, 1);
    g_assert_true (g_str_has_prefix (((DboSnapshotInfo *) g_ptr_array_index (snaps, 0))->name, "导入前"));
    /* Twice: a second snapshot with its own name. */
    g_assert_true (dbo_bundle_import_into (s, report, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&snaps, g_ptr_array_unref);
    snaps = dbo_store_snapshot_list (s, &error);
    g_assert_cmpuint (snaps->len, ==, 2);
  }

  /* Into a file holding another project: refused, untouched. */
  {
    g_autoptr(DboProject) q = load_sample ();
    g_autofree char *sha1 = NULL, *sha2 = NULL;

    dbo_set_str (&q->id, "0000aaaa-0000-4000-8000-000000000000");
    {
      g_autoptr(DboStore) s = dbo_store_create (other, q, &error);

      g_assert_no_error (error);
    }
    sha1 = dbo_test_file_sha256 (other);
    g_assert_null (dbo_bundle_import (zip, other, DBO_BUNDLE_IMPORT_REPLACE, &error));
    g_assert_error (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_OTHER_PROJECT);
    sha2 = dbo_test_file_sha256 (other);
    g_assert_cmpstr (sha1, ==, sha2);
  }
  remove_tree (dir);
}

/* ================================================================ the hostile corpus */

typedef void (*Builder) (const char *path);

typedef struct {
  const char *name;
  Builder build;
  const char *check;
  const char *file;             /* the file the refusal names; NULL: not asserted, "" none */
  const char *message_part;     /* a part of the message, or NULL */
} Hostile;

/* -- names and types -- */

static void
build_named (const char *path, const char *name, guint32 mode)
{
  g_autoptr(Mini) m = mini_new ();
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;
  static const char payload[] = "owned";

  zip_add_full (z, name, -1, payload, sizeof payload - 1, mode, 0, 0, -1);
  for (guint i = 0; i < m->items->len; i++)
    {
      Item *it = g_ptr_array_index (m->items, i);
      gsize len = 0;
      const void *d = g_bytes_get_data (it->data, &len);

      zip_add (z, it->name, d, len);
    }
  {
    g_autofree char *manifest = mini_manifest (m);

    zip_add (z, "manifest.xml", manifest, strlen (manifest));
  }
  zip = zip_finish (z);
  write_bytes (path, zip);
}

static void build_dotdot (const char *p) { build_named (p, "../x", 0100644); }
static void build_deep_dotdot (const char *p) { build_named (p, "a/../../x", 0100644); }
static void build_absolute (const char *p) { build_named (p, "/etc/x", 0100644); }
static void build_drive_backslash (const char *p) { build_named (p, "C:\\x", 0100644); }
static void build_drive_slash (const char *p) { build_named (p, "C:/x", 0100644); }
static void build_backslash (const char *p) { build_named (p, "documents\\..\\..\\x", 0100644); }
static void build_symlink (const char *p) { build_named (p, "attachments/link", 0120777); }
static void build_chardev (const char *p) { build_named (p, "attachments/tty", 0020644); }
static void build_blockdev (const char *p) { build_named (p, "attachments/sda", 0060644); }
static void build_fifo (const char *p) { build_named (p, "attachments/fifo", 0010644); }
static void build_socket (const char *p) { build_named (p, "attachments/sock", 0140644); }
static void build_non_ascii (const char *p) { build_named (p, "documents/附件.pdf", 0100644); }
static void build_dot_segment (const char *p) { build_named (p, "documents/./annex2.pdf", 0100644); }
static void build_colon (const char *p) { build_named (p, "documents/annex2.pdf:stream", 0100644); }

/* ZIP has no hard links: libarchive's writer stores one as an empty regular
 * entry. Such an entry is not in the manifest. */
static void
build_hardlink (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *manifest = mini_manifest (m);
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < m->items->len; i++)
    {
      Item *it = g_ptr_array_index (m->items, i);
      gsize len = 0;
      const void *d = g_bytes_get_data (it->data, &len);

      archive_entry_clear (e);
      archive_entry_set_pathname (e, it->name);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, (la_int64_t) len);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, d, len), ==, (la_ssize_t) len);
    }
  archive_entry_clear (e);
  archive_entry_set_pathname (e, "attachments/hardlink");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_hardlink (e, "project.xml");
  archive_entry_set_size (e, 0);
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  archive_entry_clear (e);
  archive_entry_set_pathname (e, "manifest.xml");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) strlen (manifest));
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  archive_write_data (a, manifest, strlen (manifest));
  archive_entry_free (e);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static void
build_duplicate (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  Item *project = mini_find (m, "project.xml");

  mini_add (m, "project.xml", NULL, project->data)->listed = FALSE;
  mini_write (m, path);
}

static void
build_case_duplicate (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  Item *project = mini_find (m, "project.xml");

  mini_add (m, "Project.XML", NULL, project->data)->listed = FALSE;
  mini_write (m, path);
}

/* -- bombs -- */

static void
write_deflated_zeros (struct archive *a, const char *name, guint64 bytes)
{
  struct archive_entry *e = archive_entry_new ();
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);

  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) bytes);
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  for (guint64 done = 0; done < bytes; done += 1 << 20)
    g_assert_cmpint (archive_write_data (a, zeros, 1 << 20), ==, 1 << 20);
  archive_entry_free (e);
}

static void
build_bomb_ratio (const char *path)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_deflate (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  /* 200 MB of zeros, streamed: the test never holds more than 1 MB of it. */
  write_deflated_zeros (a, "attachments/zeros", (guint64) 200 << 20);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static guint
find_cd_entry (const guint8 *d, gsize len, const char *name, gsize *cd_pos)
{
  gsize nl = strlen (name);

  for (gsize i = 0; i + 46 + nl <= len; i++)
    if (memcmp (d + i, "PK\1\2", 4) == 0 && (gsize) (d[i + 28] | (d[i + 29] << 8)) == nl
        && memcmp (d + i + 46, name, nl) == 0)
      {
        *cd_pos = i;
        return 1;
      }
  return 0;
}

/* The same bomb, its headers claiming it expands to 1000 bytes: only counting
 * what is actually decompressed can catch it. */
static void
build_bomb_lying (const char *path)
{
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GByteArray) d = NULL;
  gsize cd = 0, local;

  build_bomb_ratio (path);
  b = read_bytes (path);
  d = g_bytes_unref_to_array (g_steal_pointer (&b));
  g_assert_true (find_cd_entry (d->data, d->len, "attachments/zeros", &cd));
  d->data[cd + 24] = 0xE8; d->data[cd + 25] = 0x03; d->data[cd + 26] = 0; d->data[cd + 27] = 0;
  local = d->data[cd + 42] | (d->data[cd + 43] << 8) | (d->data[cd + 44] << 16) | ((gsize) d->data[cd + 45] << 24);
  g_assert_cmpuint (local, ==, 0);
  {
    g_autoptr(GBytes) out = g_byte_array_free_to_bytes (g_steal_pointer (&d));

    write_bytes (path, out);
  }
}

static void
build_bomb_count (const char *path)
{
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "attachments/f%05u", i);
      zip_add (z, name, "x", 1);
    }
  zip = zip_finish (z);
  write_bytes (path, zip);
}

/* Two directory records pointing at one local header: overlapping entries. */
static void
build_overlap (const char *path)
{
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;
  static const char data[] = "abc";

  zip_add (z, "attachments/a", data, 3);
  zip_add_full (z, "attachments/b", -1, data, 3, 0100644, 0, 0, 0);
  zip = zip_finish (z);
  write_bytes (path, zip);
}

/* -- broken archives -- */


static void
truncate_to (const char *path, double fraction, gssize from_end)
{
  g_autoptr(GBytes) b = read_bytes (shared_bundle ());
  gsize len = g_bytes_get_size (b);
  gsize cut = from_end > 0 ? len - (gsize) from_end : (gsize) (len * fraction);
  g_autoptr(GBytes) part = g_bytes_new_from_bytes (b, 0, cut);

  write_bytes (path, part);
}

static void build_cut_half (const char *p) { truncate_to (p, 0.5, 0); }
static void build_cut_start (const char *p) { truncate_to (p, 0.0001, 0); }
static void build_cut_directory (const char *p) { truncate_to (p, 0, 200); }
static void build_cut_end_record (const char *p) { truncate_to (p, 0, 10); }

static void
build_trailing_garbage (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GBytes) zip = mini_zip (m);
  g_autoptr(GByteArray) d = g_bytes_unref_to_array (g_steal_pointer (&zip));
  g_autoptr(GBytes) out = NULL;

  g_byte_array_append (d, (const guint8 *) "garbage", 7);
  out = g_byte_array_free_to_bytes (g_steal_pointer (&d));
  write_bytes (path, out);
}

static void
build_not_zip (const char *path)
{
  g_autoptr(GBytes) b = g_bytes_new_static ("<project>not a zip</project>\n", 29);

  write_bytes (path, b);
}

static void
build_empty (const char *path)
{
  g_autoptr(GBytes) b = g_bytes_new_static ("", 0);

  write_bytes (path, b);
}

static void
build_empty_zip (const char *path)
{
  g_autoptr(GBytes) b = zip_finish (zip_new ());

  write_bytes (path, b);
}

/* A byte changed in the stored data, the CRC left as it was. */
static void
build_crc (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GBytes) zip = mini_zip (m);
  g_autoptr(GByteArray) d = g_bytes_unref_to_array (g_steal_pointer (&zip));
  g_autoptr(GBytes) out = NULL;

  d->data[30 + strlen ("project.xml") + 100] ^= 0x01;
  out = g_byte_array_free_to_bytes (g_steal_pointer (&d));
  write_bytes (path, out);
}

static void
build_encrypted (const char *path)
{
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;

  zip_add_full (z, "project.xml", -1, "secret", 6, 0100644, 0x1, 0, -1);
  zip = zip_finish (z);
  write_bytes (path, zip);
}

static void
build_method (const char *path)
{
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;

  zip_add_full (z, "project.xml", -1, "BZh91AY", 7, 0100644, 0, 12, -1);
  zip = zip_finish (z);
  write_bytes (path, zip);
}

static void
build_folder_unlisted (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GBytes) none = g_bytes_new_static ("", 0);

  mini_add (m, "extra/", NULL, none)->mode = 040755;
  mini_write (m, path);
}

/* -- the listing -- */

/* A changed byte, the archive rebuilt around it (CRC right): only the SHA-256 tells. */
static void
build_changed_byte (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *manifest = mini_manifest (m);
  Item *project = mini_find (m, "project.xml");
  g_autoptr(GByteArray) d = g_bytes_unref_to_array (g_bytes_ref (project->data));

  m->manifest = g_steal_pointer (&manifest);   /* listing made before the change */
  g_assert_cmpint (d->data[200], !=, 'Z');
  d->data[200] = 'Z';
  g_bytes_unref (project->data);
  project->data = g_byte_array_free_to_bytes (g_steal_pointer (&d));
  mini_write (m, path);
}

static void
build_unlisted (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GBytes) extra = g_bytes_new_static ("#!/bin/sh\n", 10);

  mini_add (m, "attachments/run.sh", NULL, extra);
  mini_write (m, path);
}

static void
build_missing (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *att = attachment_name ();
  g_autofree char *manifest = mini_manifest (m);

  m->manifest = g_steal_pointer (&manifest);
  g_ptr_array_remove (m->items, mini_find (m, att));
  mini_write (m, path);
}

static void
build_wrong_size (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *manifest = mini_manifest (m);
  g_autofree char *att = attachment_name ();
  g_autofree char *from = g_strdup_printf ("path=\"%s\" role=\"attachment\" size=\"%u\"", att,
                                           (guint) (sizeof attachment_text - 1));
  g_autofree char *to = g_strdup_printf ("path=\"%s\" role=\"attachment\" size=\"%u\"", att,
                                         (guint) (sizeof attachment_text + 10));
  char *at = strstr (manifest, from);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (manifest, at - manifest);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  m->manifest = g_string_free (s, FALSE);
  mini_write (m, path);
}

static void
build_no_manifest (const char *path)
{
  g_autoptr(Mini) m = mini_new ();

  m->no_manifest = TRUE;
  mini_write (m, path);
}

static void
build_wrong_role (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *att = attachment_name ();

  g_free (mini_find (m, att)->role);
  mini_find (m, att)->role = g_strdup ("annex2");
  mini_write (m, path);
}

/* -- the manifest's XML -- */

static void
build_manifest_text (const char *path, const char *text)
{
  g_autoptr(Mini) m = mini_new ();

  m->manifest = g_strdup (text);
  mini_write (m, path);
}

static void
build_manifest_xxe (const char *path)
{
  build_manifest_text (path,
                       "<?xml version=\"1.0\"?>\n<!DOCTYPE bundle [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                       "<bundle xmlns=\"urn:dengbao:bundle:1\" format-version=\"1\" kind=\"backup\" "
                       "created=\"2026-09-28T16:30:00+08:00\" generator=\"&x;\"/>\n");
}

static void
build_billion_laughs (const char *path)
{
  GString *s = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE bundle [\n <!ENTITY lol \"lol\">\n");

  for (int i = 1; i <= 9; i++)
    {
      g_string_append_printf (s, " <!ENTITY lol%d \"", i);
      for (int k = 0; k < 10; k++)
        {
          if (i == 1)
            g_string_append (s, "&lol;");
          else
            g_string_append_printf (s, "&lol%d;", i - 1);
        }
      g_string_append (s, "\">\n");
    }
  g_string_append (s, "]>\n<bundle xmlns=\"urn:dengbao:bundle:1\" generator=\"&lol9;\"/>\n");
  build_manifest_text (path, s->str);
  g_string_free (s, TRUE);
}

static void
build_external_dtd (const char *path)
{
  build_manifest_text (path,
                       "<?xml version=\"1.0\"?>\n<!DOCTYPE bundle SYSTEM \"http://evil.example/bundle.dtd\">\n"
                       "<bundle xmlns=\"urn:dengbao:bundle:1\" format-version=\"1\" kind=\"backup\" "
                       "created=\"2026-09-28T16:30:00+08:00\" generator=\"x\"/>\n");
}

static void
build_wrong_namespace (const char *path)
{
  g_autoptr(Mini) m = mini_new ();

  g_free (m->ns);
  m->ns = g_strdup ("urn:example:bundle");
  mini_write (m, path);
}

static void
build_format_version (const char *path)
{
  g_autoptr(Mini) m = mini_new ();

  g_free (m->version);
  m->version = g_strdup ("2");
  mini_write (m, path);
}

static void
build_invalid_utf8 (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *manifest = mini_manifest (m);
  char *at = strstr (manifest, "generator=\"test\"");

  g_assert_nonnull (at);
  at[strlen ("generator=\"")] = (char) 0xC3;   /* a lead byte with no continuation */
  at[strlen ("generator=\"") + 1] = (char) 0x28;
  m->manifest = g_steal_pointer (&manifest);
  mini_write (m, path);
}

static void
build_manifest_schema (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *manifest = mini_manifest (m);
  char *at = strstr (manifest, " sha256=\"");

  g_assert_nonnull (at);
  memcpy (at, " sha999=\"", strlen (" sha999=\""));
  m->manifest = g_steal_pointer (&manifest);
  mini_write (m, path);
}

static void
build_data_sha_mismatch (const char *path)
{
  g_autoptr(Mini) m = mini_new ();

  m->data_sha256 = g_strnfill (64, 'a');
  mini_write (m, path);
}

static void
build_project_id_mismatch (const char *path)
{
  g_autoptr(Mini) m = mini_new ();

  m->project_id = g_strdup ("11111111-2222-4333-8444-555555555555");
  mini_write (m, path);
}

/* -- project.xml -- */

static void
build_project_xxe (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *xml = project_xml_with ("<project ", "<!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<project ");
  g_autofree char *xml2 = NULL;

  /* …and the entity used in the title. */
  {
    char *t = strstr (xml, "<title>");
    GString *s = g_string_new_len (xml, t - xml);

    g_string_append (s, "<title>&x;");
    g_string_append (s, t + strlen ("<title>"));
    xml2 = g_string_free (s, FALSE);
  }
  mini_set_project (m, xml2);
  m->data_sha256 = g_strnfill (64, 'b');
  mini_write (m, path);
}

static void
build_project_schema (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *xml = project_xml_with ("<title>", "<unexpected>boom</unexpected><title>");

  mini_set_project (m, xml);
  m->data_sha256 = g_strnfill (64, 'c');
  mini_write (m, path);
}

static void
build_project_namespace (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *xml = project_xml_with ("urn:dengbao:project:1", "urn:dengbao:project:2");

  mini_set_project (m, xml);
  m->data_sha256 = g_strnfill (64, 'd');
  mini_write (m, path);
}

/* " a0=\"1\" a1=\"1\" …": libxml2 2.9 compares each attribute of an element
 * with every earlier one, half a minute for these (issue 12, item 9). */
static char *
many_attributes (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, " a%u=\"1\"", i);
  return g_string_free (s, FALSE);
}

static void
build_manifest_many_attributes (const char *path)
{
  g_autofree char *attrs = many_attributes (100000);
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                                          "<bundle xmlns=\"urn:dengbao:bundle:1\" format-version=\"1\" "
                                          "kind=\"backup\"\n created=\"2026-09-28T16:30:00+08:00\" "
                                          "generator=\"test\"%s/>\n", attrs);

  build_manifest_text (path, xml);
}

static void
build_project_many_attributes (const char *path)
{
  g_autoptr(Mini) m = mini_new ();
  g_autofree char *attrs = many_attributes (100000);
  g_autofree char *title = g_strconcat ("<title", attrs, ">", NULL);
  g_autofree char *xml = project_xml_with ("<title>", title);

  mini_set_project (m, xml);
  m->data_sha256 = g_strnfill (64, 'd');
  mini_write (m, path);
}

/* 100 MB of text in project.xml's <title>, written as a stream: neither the
 * test nor the reader ever holds it. */
static void
build_huge_text (const char *path)
{
  g_autoptr(GBytes) b = mini_project_xml ();
  gsize len = 0;
  const char *xml = g_bytes_get_data (b, &len);
  const char *title = strstr (xml, "<title>");
  gsize head = (gsize) (title - xml) + strlen ("<title>");
  const guint64 filler = (guint64) 100 << 20;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *chunk = g_malloc (1 << 20);
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();
  guint32 seed = 12345;
  g_autofree char *manifest = NULL;

  for (gsize i = 0; i < (1 << 20); i++)
    {
      seed = seed * 1103515245u + 12345u;
      chunk[i] = (char) ('a' + (seed >> 16) % 26);
    }
  archive_write_set_format_zip (a);
  archive_write_set_format_option (a, "zip", "compression", "store");
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  archive_entry_set_pathname (e, "project.xml");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) (len + filler));
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  archive_write_data (a, xml, head);
  g_checksum_update (sum, (const guchar *) xml, head);
  for (guint64 done = 0; done < filler; done += 1 << 20)
    {
      archive_write_data (a, chunk, 1 << 20);
      g_checksum_update (sum, (const guchar *) chunk, 1 << 20);
    }
  archive_write_data (a, xml + head, len - head);
  g_checksum_update (sum, (const guchar *) xml + head, len - head);
  manifest = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<bundle xmlns=\"urn:dengbao:bundle:1\" format-version=\"1\" kind=\"backup\" "
                              "created=\"2026-09-28T16:30:00+08:00\" generator=\"test\">\n"
                              "  <project id=\"6f1c2a4e-8d3b-4c7a-9e15-2b8f0d6a3c91\" ruleset=\"shanxi-coal-2021\" "
                              "data-sha256=\"%s\"/>\n  <enterprise/>\n"
                              "  <file path=\"project.xml\" role=\"data\" size=\"%" G_GUINT64_FORMAT "\" sha256=\"%s\"/>\n"
                              "</bundle>\n", g_checksum_get_string (sum), (guint64) len + filler,
                              g_checksum_get_string (sum));
  archive_entry_clear (e);
  archive_entry_set_pathname (e, "manifest.xml");
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) strlen (manifest));
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  archive_write_data (a, manifest, strlen (manifest));
  archive_entry_free (e);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static const Hostile hostile[] = {
  { "dotdot", build_dotdot, "entry-name", "../x", "path traversal" },
  { "deep-dotdot", build_deep_dotdot, "entry-name", "a/../../x", "path traversal" },
  { "absolute", build_absolute, "entry-name", "/etc/x", "absolute path" },
  { "drive-backslash", build_drive_backslash, "entry-name", "C:\\x", "drive letter" },
  { "drive-slash", build_drive_slash, "entry-name", "C:/x", "drive letter" },
  { "backslash", build_backslash, "entry-name", "documents\\..\\..\\x", "backslash" },
  { "non-ascii", build_non_ascii, "entry-name", "documents/\\xE9\\x99\\x84\\xE4\\xBB\\xB6.pdf", "not ASCII" },
  { "dot-segment", build_dot_segment, "entry-name", "documents/./annex2.pdf", "component" },
  { "colon", build_colon, "entry-name", "documents/annex2.pdf:stream", "not allowed" },
  { "symlink", build_symlink, "entry-type", "attachments/link", "symbolic link" },
  { "hardlink", build_hardlink, "file-unlisted", "attachments/hardlink", "does not list" },
  { "char-device", build_chardev, "entry-type", "attachments/tty", "character device" },
  { "block-device", build_blockdev, "entry-type", "attachments/sda", "block device" },
  { "fifo", build_fifo, "entry-type", "attachments/fifo", "FIFO" },
  { "socket", build_socket, "entry-type", "attachments/sock", "socket" },
  { "duplicate", build_duplicate, "duplicate-name", "project.xml", "occurs twice" },
  { "case-duplicate", build_case_duplicate, "duplicate-name", "Project.XML", "only in case" },
  { "bomb-ratio", build_bomb_ratio, "compression-ratio", "attachments/zeros", "ZIP bomb" },
  { "bomb-lying-sizes", build_bomb_lying, "compression-ratio", "attachments/zeros", "header declares" },
  { "bomb-count", build_bomb_count, "entry-count", "", "20000 entries" },
  { "overlapping-entries", build_overlap, "damaged", NULL, "overlaps" },
  { "cut-half", build_cut_half, "incomplete", NULL, "cut off" },
  { "cut-start", build_cut_start, "incomplete", "project.xml", "cut off" },
  { "cut-directory", build_cut_directory, "incomplete", "", "central directory" },
  { "cut-end-record", build_cut_end_record, "incomplete", "", "central directory" },
  { "trailing-garbage", build_trailing_garbage, "incomplete", "", "central directory" },
  { "not-zip", build_not_zip, "not-zip", "", "not a ZIP" },
  { "empty-file", build_empty, "not-zip", "", "empty" },
  { "empty-zip", build_empty_zip, "manifest-missing", "manifest.xml", "empty" },
  { "crc", build_crc, "damaged", "project.xml", "CRC" },
  { "encrypted", build_encrypted, "unsupported", "project.xml", "encrypted" },
  { "compression-method", build_method, "unsupported", "project.xml", "method 12" },
  { "folder-unlisted", build_folder_unlisted, "file-unlisted", "extra/", NULL },
  { "changed-byte", build_changed_byte, "file-checksum", "project.xml", "changed" },
  { "unlisted-file", build_unlisted, "file-unlisted", "attachments/run.sh", "does not list" },
  { "missing-file", build_missing, "file-missing", NULL, "not in the archive" },
  { "wrong-size", build_wrong_size, "file-size", NULL, "manifest.xml says" },
  { "no-manifest", build_no_manifest, "manifest-missing", "manifest.xml", "no manifest.xml" },
  { "wrong-role", build_wrong_role, "file-role", NULL, "role" },
  { "manifest-xxe", build_manifest_xxe, "xml-forbidden", "manifest.xml", "external entity, XXE" },
  { "billion-laughs", build_billion_laughs, "xml-forbidden", "manifest.xml", "billion-laughs" },
  { "external-dtd", build_external_dtd, "xml-forbidden", "manifest.xml", "external DTD" },
  { "wrong-namespace", build_wrong_namespace, "namespace", "manifest.xml", "urn:example:bundle" },
  { "format-version-2", build_format_version, "format-version", "manifest.xml", "format-version “2”" },
  { "invalid-utf8", build_invalid_utf8, "xml-malformed", "manifest.xml", "UTF-8" },
  { "manifest-schema", build_manifest_schema, "schema", "manifest.xml", "sha999" },
  { "data-sha256-mismatch", build_data_sha_mismatch, "project-mismatch", "manifest.xml", "data-sha256" },
  { "project-id-mismatch", build_project_id_mismatch, "project-mismatch", "manifest.xml", "project/@id" },
  { "project-xxe", build_project_xxe, "xml-forbidden", "project.xml", "external entity, XXE" },
  { "project-schema", build_project_schema, "schema", "project.xml", "unexpected" },
  { "project-namespace", build_project_namespace, "namespace", "project.xml", "urn:dengbao:project:2" },
  { "huge-text-field", build_huge_text, "size-limit", "project.xml", "larger than" },
  { "manifest-many-attributes", build_manifest_many_attributes, "size-limit", "manifest.xml",
    "manifest.xml:2: the element <bundle> has more than 64 attributes" },
  { "project-many-attributes", build_project_many_attributes, "size-limit", "project.xml",
    "project.xml:3: the element <title> has more than 64 attributes" },
};

/* Peak resident memory of this process so far, in kB. */
static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (p = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return strtol (p + 6, NULL, 10);
}

static gboolean
starts_like_zip (const char *path)
{
  g_autoptr(GBytes) b = read_bytes (path);

  return g_bytes_get_size (b) >= 4 && memcmp (g_bytes_get_data (b, NULL), "PK\3\4", 4) == 0;
}

static void
test_hostile (gconstpointer data)
{
  const Hostile *h = data;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *in_dir = path_in (dir, "in");
  g_autofree char *out_dir = path_in (dir, "out");
  g_autofree char *bundle = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *sha_before = NULL, *sha_after = NULL;
  g_autofree char *listing_before = NULL, *listing_after = NULL, *in_listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  long rss_before;

  g_mkdir (in_dir, 0700);
  g_mkdir (out_dir, 0700);
  bundle = path_in (in_dir, "hostile.zip");
  dest = path_in (out_dir, "new.dengbao");
  existing = path_in (out_dir, "existing.dengbao");
  {
    g_autoptr(DboProject) p = load_sample ();
    g_autoptr(DboStore) s = dbo_store_create (existing, p, &error);

    g_assert_no_error (error);
  }
  sha_before = dbo_test_file_sha256 (existing);
  listing_before = dbo_test_list_dir (out_dir);

  h->build (bundle);

  /* verify */
  rss_before = peak_rss_kb ();
  report = dbo_bundle_verify (bundle, &error);
  g_test_message ("%s: %s", h->name, error ? error->message : "(accepted)");
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_true (error->domain == DBO_BUNDLE_ERROR);
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, h->check);
  if (h->file != NULL)
    g_assert_cmpstr (dbo_bundle_error_get_file (error), ==, h->file);
  if (*dbo_bundle_error_get_file (error) != '\0')
    g_assert_nonnull (strstr (error->message, dbo_bundle_error_get_file (error)));
  if (h->message_part != NULL)
    g_assert_nonnull (strstr (error->message, h->message_part));
  /* The big ones are refused without holding them in memory. */
  if (strcmp (h->name, "huge-text-field") == 0 || g_str_has_prefix (h->name, "bomb"))
    {
      long grown = peak_rss_kb () - rss_before;

      g_test_message ("%s: peak memory grew by %ld kB while verifying", h->name, grown);
      /* AddressSanitizer's quarantine keeps freed memory: measure without it. */
      if (!UNDER_SANITIZER)
        g_assert_cmpint (grown, <, 16 * 1024);
    }
  g_clear_error (&error);

  /* in memory, as the GUI's drag and drop does */
  if (g_file_test (bundle, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      g_stat (bundle, &st);
      if (st.st_size < 16 << 20)
        {
          g_autoptr(GBytes) bytes = read_bytes (bundle);
          g_autoptr(DboBundleReport) r2 = dbo_bundle_verify_bytes (bytes, "dropped.zip", &error);

          g_assert_null (r2);
          g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, h->check);
          g_clear_error (&error);
        }
    }

  /* import into a new file, and into an existing project asked to replace */
  g_assert_null (dbo_bundle_import (bundle, dest, DBO_BUNDLE_IMPORT_DEFAULT, &error));
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, h->check);
  g_clear_error (&error);
  g_assert_null (dbo_bundle_import (bundle, existing, DBO_BUNDLE_IMPORT_REPLACE, &error));
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, h->check);
  g_clear_error (&error);

  /* the command line: exit 2, one line naming the check */
  {
    const char *argv[] = { "verify", bundle, "--json", NULL };
    const char *argv2[] = { "import", bundle, "-o", dest, NULL };
    g_autofree char *out = NULL, *err = NULL, *want = NULL;

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
    want = g_strdup_printf ("\"check\":\"%s\"", h->check);
    g_assert_nonnull (strstr (out, "\"valid\":false"));
    g_assert_nonnull (strstr (out, want));
    g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (dbo_test_run_cli (argv2, &out, &err), ==, 2);
    /* What does not begin like a ZIP goes to the project.xml reader, which
     * refuses it in its own words. */
    if (starts_like_zip (bundle))
      g_assert_nonnull (strstr (err, h->check));
  }

  /* nothing was written */
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  sha_after = dbo_test_file_sha256 (existing);
  g_assert_cmpstr (sha_before, ==, sha_after);
  listing_after = dbo_test_list_dir (out_dir);
  g_assert_cmpstr (listing_before, ==, listing_after);
  in_listing = dbo_test_list_dir (in_dir);
  g_assert_cmpstr (in_listing, ==, "hostile.zip");
  remove_tree (dir);
}

/* The corpus is only worth something if the same bundle, untouched, passes. */
static void
test_mini_valid (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "mini.zip");
  g_autofree char *dest = path_in (dir, "mini.dengbao");
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  g_autofree char *att = attachment_name ();

  mini_write (m, path);
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->kind, ==, DBO_BUNDLE_BACKUP);
  g_assert_cmpuint (report->files->len, ==, 2);
  g_assert_nonnull (((DboAttachment *) g_ptr_array_index (report->project->attachments, 0))->data);
  g_clear_pointer (&report, dbo_bundle_report_free);

  /* With folder entries on the way to listed files, too. */
  {
    g_autoptr(GBytes) none = g_bytes_new_static ("", 0);
    Item *folder = mini_add (m, "attachments/", NULL, none);

    folder->mode = 040755;
    g_ptr_array_remove_index_fast (m->items, m->items->len - 1);
    folder = g_new0 (Item, 1);
    folder->name = g_strdup ("attachments/");
    folder->data = g_bytes_ref (none);
    folder->mode = 040755;
    g_ptr_array_insert (m->items, 0, folder);
  }
  mini_write (m, path);
  report = dbo_bundle_import (path, dest, DBO_BUNDLE_IMPORT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dbo_bundle_report_find (report, att));
  remove_tree (dir);
}

/* Scenario 5: the stick was pulled during export. Whatever the point of the
 * cut, the bundle is refused as incomplete, naming the entry it broke in. */
static void
test_truncated_everywhere (void)
{
  g_autoptr(GBytes) b = read_bytes (shared_bundle ());
  gsize len = g_bytes_get_size (b);
  g_autoptr(GError) error = NULL;

  for (int i = 1; i < 20; i++)
    {
      gsize cut = len * i / 20;
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (b, 0, cut);
      g_autoptr(DboBundleReport) report = dbo_bundle_verify_bytes (part, NULL, &error);
      const char *file;

      g_assert_null (report);
      g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, "incomplete");
      g_assert_true (g_str_has_prefix (error->message, "文件不完整"));
      file = dbo_bundle_error_get_file (error);
      g_test_message ("cut at %" G_GSIZE_FORMAT ": %s", cut, error->message);
      g_assert_true (*file != '\0');
      g_assert_nonnull (strstr (error->message, file));
      g_clear_error (&error);
    }
}

/* Every single changed byte of a small bundle is caught by some check. */
static void
test_every_byte (void)
{
  g_autoptr(Mini) m = mini_new ();
  g_autoptr(GBytes) zip = mini_zip (m);
  gsize len = g_bytes_get_size (zip);
  const guint8 *orig = g_bytes_get_data (zip, NULL);
  g_autofree guint8 *copy = g_memdup2 (orig, len);
  guint step = (guint) (len / 400) + 1;
  guint refused = 0, tried = 0;

  for (gsize i = 0; i < len; i += step)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(DboBundleReport) report = NULL;
      g_autoptr(GError) error = NULL;

      copy[i] ^= 0x20;
      bytes = g_bytes_new (copy, len);
      report = dbo_bundle_verify_bytes (bytes, NULL, &error);
      copy[i] = orig[i];
      tried++;
      if (report == NULL)
        {
          g_assert_nonnull (dbo_bundle_error_get_check (error));
          refused++;
        }
    }
  g_test_message ("%u of %u changed bytes refused", refused, tried);
  /* A few header bytes (times, versions, internal attributes) carry no meaning. */
  g_assert_cmpuint (refused, >=, tried * 9 / 10);
}

/* ================================================================ the command line */

static void
test_cli (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *zip = path_in (dir, "s.zip");
  g_autofree char *backup = path_in (dir, "b.zip");
  g_autofree char *dest = path_in (dir, "p.dengbao");
  g_autofree char *bad = path_in (dir, "bad.xml");
  g_autofree char *bad_zip = path_in (dir, "bad.zip");
  g_autofree char *out = NULL, *err = NULL;

  {
    const char *argv[] = { "export", sample, "-o", zip, "--today", "2026-11-24", NULL };
    int rc = dbo_test_run_cli (argv, &out, &err);

    g_test_message ("export: %s%s", out, err);
    g_assert_cmpint (rc, ==, 0);
    g_assert_nonnull (strstr (out, "submission"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "verify", zip, NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "valid submission bundle"));
    g_assert_nonnull (strstr (out, "documents/annex2.pdf\tannex2\t"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "verify", zip, "--json", NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "{\"valid\":true,\"kind\":\"submission\","));
    g_assert_nonnull (strstr (out, "\"enterprise\":\"山西泽州金鼎煤业有限公司\""));
    g_assert_nonnull (strstr (out, "{\"path\":\"documents/annex4.pdf\",\"role\":\"annex4\""));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "import", zip, "-o", dest, NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_true (g_file_test (dest, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    /* again: the file is there now */
    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "already exists"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* a project with errors: exit 1, one error per line, a summary, nothing written */
    g_autofree char *xml = NULL;
    g_autofree char *broken = NULL;
    const char *argv[] = { "export", bad, "-o", bad_zip, "--today", "2026-11-24", NULL };
    const char *argv_backup[] = { "export", bad, "-o", backup, "--kind", "backup", NULL };
    g_auto(GStrv) lines = NULL;
    guint n;

    g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
    broken = project_xml_with ("<name>山西泽州金鼎煤业有限公司</name>\n    <credit-code>91140525MA0JD8K2XK</credit-code>",
                               "<name></name>\n    <credit-code>91140525MA0JD8K2X0</credit-code>");
    (void) xml;
    g_assert_true (g_file_set_contents (bad, broken, -1, NULL));
    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 1);
    g_test_message ("%s", err);
    lines = g_strsplit (err, "\n", -1);
    n = g_strv_length (lines);
    g_assert_cmpuint (n, >=, 3);              /* ≥1 error, the summary, the final "" */
    g_assert_nonnull (strstr (err, "\ncredit-code enterprise/credit-code: ")
                      ? strstr (err, "\ncredit-code enterprise/credit-code: ")
                      : strstr (err, "enterprise/credit-code: "));
    g_assert_nonnull (strstr (err, "enterprise/name: "));
    for (guint i = 0; i + 2 < n; i++)
      g_assert_true (strchr (lines[i], ' ') != NULL && strstr (lines[i], ": ") != NULL);
    g_assert_true (g_str_has_prefix (lines[n - 2], "dengbao-cli: export refused"));
    g_assert_false (g_file_test (bad_zip, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (dbo_test_run_cli (argv_backup, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "backup"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "export", sample, "-o", zip, "--kind", "everything", NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--kind"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "--help", NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "export"));
    g_assert_nonnull (strstr (out, "verify"));
  }
  remove_tree (dir);
}

/* ================================================================ documents are project.xml's (issue 12) */

typedef struct {
  char *name;
  GBytes *data;
} Stored;

static void
stored_free (Stored *e)
{
  g_free (e->name);
  g_bytes_unref (e->data);
  g_free (e);
}

/* Every entry of the bundle at @path, in archive order. */
static GPtrArray *
read_stored (const char *path)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *ae;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 1 << 16), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &ae) == ARCHIVE_OK)
    {
      Stored *e = g_new0 (Stored, 1);
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint8 buf[1 << 14];
      la_ssize_t n;

      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_byte_array_append (data, buf, (guint) n);
      g_assert_cmpint (n, ==, 0);
      e->name = g_strdup (archive_entry_pathname (ae));
      e->data = g_byte_array_free_to_bytes (g_steal_pointer (&data));
      g_ptr_array_add (entries, e);
    }
  archive_read_free (a);
  return entries;
}

static Stored *
stored_find (GPtrArray *entries, const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Stored *e = g_ptr_array_index (entries, i);

      if (strcmp (e->name, name) == 0)
        return e;
    }
  g_assert_not_reached ();
}

/* @text with the first @from replaced by @to. */
static char *
replace_once (const char *text, const char *from, const char *to)
{
  const char *at = strstr (text, from);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (text, at - text);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  return g_string_free (s, FALSE);
}

/* Rewrites the bundle at @path with @name's data replaced by @data and the
 * manifest's size and SHA-256 of it recomputed — a forger who knows the
 * format — (@data NULL: @name and its manifest line left out), and then
 * @from replaced by @to in the manifest (NULL: nothing more). */
static void
rewrite_bundle (const char *path, const char *name, GBytes *data, const char *from, const char *to)
{
  g_autoptr(GPtrArray) entries = read_stored (path);
  Stored *manifest = stored_find (entries, "manifest.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (manifest->data, NULL), g_bytes_get_size (manifest->data));
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;

  if (name != NULL && data == NULL)
    {
      g_autofree char *attr = g_strdup_printf ("  <file path=\"%s\"", name);
      const char *line = strstr (text, attr);
      const char *end = line != NULL ? strchr (line, '\n') : NULL;
      g_autofree char *fixed = NULL;

      g_assert_nonnull (end);
      fixed = g_strdup_printf ("%.*s%s", (int) (line - text), text, end + 1);
      g_free (text);
      text = g_steal_pointer (&fixed);
      g_ptr_array_remove (entries, stored_find (entries, name));
    }
  else if (name != NULL)
    {
      Stored *e = stored_find (entries, name);
      g_autofree char *old_sha = sha256_hex (g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data));
      g_autofree char *new_sha = sha256_hex (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
      g_autofree char *old_size = g_strdup_printf ("size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\"",
                                                   g_bytes_get_size (e->data), old_sha);
      g_autofree char *new_size = g_strdup_printf ("size=\"%" G_GSIZE_FORMAT "\" sha256=\"%s\"",
                                                   g_bytes_get_size (data), new_sha);
      g_autofree char *fixed = replace_once (text, old_size, new_size);

      g_free (text);
      text = g_steal_pointer (&fixed);
      g_bytes_unref (e->data);
      e->data = g_bytes_ref (data);
    }
  if (from != NULL)
    {
      g_autofree char *fixed = replace_once (text, from, to);

      g_free (text);
      text = g_steal_pointer (&fixed);
    }
  g_bytes_unref (manifest->data);
  manifest->data = g_bytes_new (text, strlen (text));
  for (guint i = 0; i < entries->len; i++)
    {
      Stored *e = g_ptr_array_index (entries, i);

      zip_add (z, e->name, g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data));
    }
  zip = zip_finish (z);
  write_bytes (path, zip);
}

/* A copy of the shared submission bundle in @dir. */
static char *
copy_of_shared (const char *dir)
{
  g_autoptr(GBytes) b = read_bytes (shared_bundle ());
  char *path = path_in (dir, "copy.zip");

  write_bytes (path, b);
  return path;
}

static GBytes *
render (const DboProject *p, DboDocKind kind)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = dbo_document_build (p, rules, kind, NULL, &error);
  GBytes *pdf;

  g_assert_no_error (error);
  pdf = dbo_document_to_pdf_bytes (doc, &error);
  g_assert_no_error (error);
  return pdf;
}

static void
assert_refused (const char *path, const char *check, const char *file, const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = dbo_bundle_verify (path, &error);

  g_assert_null (report);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (dbo_bundle_error_get_check (error), ==, check);
  if (file != NULL)
    g_assert_cmpstr (dbo_bundle_error_get_file (error), ==, file);
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
}

#define OTHER_GENERATOR "generator=\"Dengbao 0.0.1\""

/* Annex 3 per part under documents/: the city's recorded round as
 * annex3-09-1.pdf, and for o9, not reviewed yet, the enterprise part for
 * the province as annex3-00.pdf; the export verifies (re-rendered). */
static void
test_annex3_parts (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "a3.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;

  g_ptr_array_remove_index (p->reviews, 1);     /* the province's round, for o9 */
  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, path, &error));
  g_assert_no_error (error);
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex3-09-1.pdf"));
  g_assert_cmpstr (dbo_bundle_report_find (report, "documents/annex3-00.pdf")->title, ==,
                   "定级审核意见书（山西省能源局 待审核）");
  g_assert_null (dbo_bundle_report_find (report, "documents/annex3.pdf"));
  g_assert_null (dbo_bundle_report_find (report, "documents/annex3-00-1.pdf"));
  remove_tree (dir);
}

static char *
this_generator (void)
{
  return g_strdup ("generator=\"Dengbao " PACKAGE_VERSION "\"");
}

/* Renames @from to @to in the bundle at @path, its manifest line made to fit. */
static void
rename_in_bundle (const char *path, const char *from, const char *to)
{
  g_autoptr(GPtrArray) entries = read_stored (path);
  Stored *manifest = stored_find (entries, "manifest.xml");
  Stored *renamed = stored_find (entries, from);
  g_autofree char *text = g_strndup (g_bytes_get_data (manifest->data, NULL), g_bytes_get_size (manifest->data));
  g_autofree char *old_attr = g_strdup_printf ("path=\"%s\"", from);
  g_autofree char *new_attr = g_strdup_printf ("path=\"%s\"", to);
  g_autofree char *fixed = replace_once (text, old_attr, new_attr);
  Zip *z = zip_new ();
  g_autoptr(GBytes) zip = NULL;

  g_free (renamed->name);
  renamed->name = g_strdup (to);
  g_bytes_unref (manifest->data);
  manifest->data = g_bytes_new (fixed, strlen (fixed));
  for (guint i = 0; i < entries->len; i++)
    {
      Stored *e = g_ptr_array_index (entries, i);

      zip_add (z, e->name, g_bytes_get_data (e->data, NULL), g_bytes_get_size (e->data));
    }
  zip = zip_finish (z);
  write_bytes (path, zip);
}

/* Annex 3 is named by its part: the one merged documents/annex3.pdf of
 * earlier versions is refused, naming the file; a round the project does
 * not have is refused too (re-rendering finds no such round). */
static void
test_documents_annex3_names (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;

  rename_in_bundle (path, "documents/annex3-09-1.pdf", "documents/annex3.pdf");
  assert_refused (path, "file-role", "documents/annex3.pdf", "annex3-CC-N.pdf");

  g_unlink (path);
  g_free (path);
  path = copy_of_shared (dir);
  rename_in_bundle (path, "documents/annex3-09-1.pdf", "documents/annex3-09-2.pdf");
  report = dbo_bundle_verify (path, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  remove_tree (dir);
}

/* The export as it is: every document proved byte for byte. */
static void
test_documents_unmodified (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = dbo_bundle_verify (shared_bundle (), &error);
  const GPtrArray *fonts;

  g_assert_no_error (error);
  g_assert_cmpint (report->proof, ==, DBO_BUNDLE_PROOF_BYTES);
  /* The manifest names the fonts, by base name and SHA-256. */
  fonts = dbo_layout_font_files ();
  g_assert_cmpuint (fonts->len, >, 0);
  g_assert_cmpuint (report->fonts->len, ==, fonts->len);
  for (guint i = 0; i < fonts->len; i++)
    {
      const DboFontFile *mine = g_ptr_array_index (fonts, i);
      const DboBundleFont *theirs = g_ptr_array_index (report->fonts, i);

      g_assert_cmpstr (theirs->file, ==, mine->file);
      g_assert_null (strchr (theirs->file, '/'));
      g_assert_cmpstr (theirs->sha256, ==, mine->sha256);
      g_assert_cmpstr (theirs->family, ==, mine->family);
    }
  /* Read back right after the export: the structure, no second rendering. */
  {
    g_autoptr(DboBundleReport) own = dbo_bundle_verify_exported (shared_bundle (), &error);

    g_assert_no_error (error);
    g_assert_cmpint (own->proof, ==, DBO_BUNDLE_PROOF_NONE);
    g_assert_cmpuint (own->files->len, ==, report->files->len);
  }
}

/* Annex 4 of a project with another head and mobile, the manifest's
 * checksums made to fit: refused, naming the document. */
static void
test_documents_other_annex4 (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  g_autoptr(DboProject) other = sample_with_attachments ();
  g_autoptr(GBytes) annex4 = NULL;

  dbo_set_str (&other->enterprise.head.name, "王五");
  dbo_set_str (&other->enterprise.head.mobile, "13900000000");
  annex4 = render (other, DBO_DOC_ANNEX4);
  rewrite_bundle (path, "documents/annex4.pdf", annex4, NULL, NULL);
  assert_refused (path, "document-mismatch", "documents/annex4.pdf",
                  "documents/annex4.pdf is not the document project.xml produces");

  /* Made by "another version": the text tells the head apart. */
  {
    g_autofree char *mine = this_generator ();

    rewrite_bundle (path, NULL, NULL, mine, OTHER_GENERATOR);
    assert_refused (path, "document-mismatch", "documents/annex4.pdf", "text of page");
  }
  remove_tree (dir);
}

/* 30 bytes that are no PDF, listed with their own size and SHA-256. */
static void
test_documents_not_pdf (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  static const char junk[] = "this is not a PDF, 30 bytes!!\n";
  g_autoptr(GBytes) annex2 = g_bytes_new_static (junk, 30);

  g_assert_cmpuint (sizeof junk - 1, ==, 30);
  rewrite_bundle (path, "documents/annex2.pdf", annex2, NULL, NULL);
  assert_refused (path, "document-mismatch", "documents/annex2.pdf", "is not the document project.xml produces");
  {
    g_autofree char *mine = this_generator ();

    rewrite_bundle (path, NULL, NULL, mine, OTHER_GENERATOR);
    assert_refused (path, "document-mismatch", "documents/annex2.pdf", "not a PDF");
  }
  remove_tree (dir);
}

/* A backup of a project with errors, relabelled a submission: the checks
 * (as of the manifest's date) refuse it, naming the error. */
static void
test_documents_backup_relabelled (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = path_in (dir, "b.zip");
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;

  /* An error in 表一: the backup leaves out Annex 4, which prints it, and
   * holds the others. */
  dbo_set_str (&p->enterprise.credit_code, "91140525MA0JD8K2X0");
  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(DboBundleReport) report = dbo_bundle_verify (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex2.pdf"));
    g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex3-09-1.pdf"));
    g_assert_nonnull (dbo_bundle_report_find (report, "documents/report-o3.pdf"));
    g_assert_null (dbo_bundle_report_find (report, "documents/annex4.pdf"));
  }
  /* An error no document prints (Annex 2 leaves an open conclusion's boxes
   * to tick by hand): the backup holds the whole set, and relabelled a
   * submission it is refused by the checks. */
  dbo_set_str (&p->enterprise.credit_code, "91140525MA0JD8K2XK");
  p->panel.conclusion.present = FALSE;
  g_assert_true (dbo_bundle_export (p, rules, NULL, NULL, DBO_BUNDLE_BACKUP, path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(DboBundleReport) report = dbo_bundle_verify (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex2.pdf"));
    g_assert_nonnull (dbo_bundle_report_find (report, "documents/annex4.pdf"));
  }
  rewrite_bundle (path, NULL, NULL, "kind=\"backup\"", "kind=\"submission\"");
  assert_refused (path, "project-errors", "project.xml", "panel-not-concluded");
  remove_tree (dir);
}

/* "Another version" made it (manifest edited, checksums consistent) and the
 * documents are genuine: proved by their text. */
static void
test_documents_other_generator (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  g_autofree char *mine = this_generator ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;

  rewrite_bundle (path, NULL, NULL, mine, OTHER_GENERATOR);
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->generator, ==, "Dengbao 0.0.1");
  /* The bytes are this build's, so they prove it without the text. */
  g_assert_cmpint (report->proof, ==, DBO_BUNDLE_PROOF_BYTES);
  g_clear_pointer (&report, dbo_bundle_report_free);

  /* Another generator's bytes (its own creator string, say) but the same
   * pages: proved by the text. */
  {
    g_autoptr(GPtrArray) entries = read_stored (path);
    Stored *annex2 = stored_find (entries, "documents/annex2.pdf");
    g_autoptr(GByteArray) bytes = g_bytes_unref_to_array (g_bytes_ref (annex2->data));
    g_autoptr(GBytes) changed = NULL;

    /* A comment after the end: still the same PDF to any reader. */
    g_byte_array_append (bytes, (const guint8 *) "% made by Dengbao 0.0.1\n", 24);
    changed = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
    rewrite_bundle (path, "documents/annex2.pdf", changed, NULL, NULL);
  }
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->proof, ==, DBO_BUNDLE_PROOF_TEXT);
  g_clear_pointer (&report, dbo_bundle_report_free);

  /* The same bytes labelled as this version: exact comparison, refused. */
  rewrite_bundle (path, NULL, NULL, OTHER_GENERATOR, mine);
  assert_refused (path, "document-mismatch", "documents/annex2.pdf", "bytes differ");
  remove_tree (dir);
}

/* The same version with other fonts (one font's SHA-256 differs in the
 * manifest): bytes that differ from the re-render are compared by text, and
 * a genuine document passes. */
static void
test_documents_other_fonts (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  const DboFontFile *font = g_ptr_array_index (dbo_layout_font_files (), 0);
  g_autofree char *sha = g_strdup_printf ("sha256=\"%s\"", font->sha256);
  g_autofree char *other = g_strdup_printf ("sha256=\"%s\"", "00000000000000000000000000000000"
                                            "00000000000000000000000000000000");
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = NULL;

  g_assert_nonnull (font->sha256);      /* hashed by the export of the shared bundle */
  rewrite_bundle (path, NULL, NULL, sha, other);
  {
    g_autoptr(GPtrArray) entries = read_stored (path);
    Stored *annex3 = stored_find (entries, "documents/annex3-09-1.pdf");
    g_autoptr(GByteArray) bytes = g_bytes_unref_to_array (g_bytes_ref (annex3->data));
    g_autoptr(GBytes) changed = NULL;

    g_byte_array_append (bytes, (const guint8 *) "% other fonts\n", 14);
    changed = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
    rewrite_bundle (path, "documents/annex3-09-1.pdf", changed, NULL, NULL);
  }
  report = dbo_bundle_verify (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->proof, ==, DBO_BUNDLE_PROOF_TEXT);
  remove_tree (dir);
}

/* A submission without one of its grading reports, the manifest made to
 * fit: refused, naming the report. */
static void
test_documents_report_left_out (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);

  rewrite_bundle (path, "documents/report-o1.pdf", NULL, NULL, NULL);
  assert_refused (path, "file-missing", "documents/report-o1.pdf", "must hold this document");
  remove_tree (dir);
}

/* The command line: verify and import refuse the forged Annex 4 (exit 2,
 * the check and the file named, nothing imported); verify says how it
 * proved a genuine bundle. */
static void
test_documents_cli (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = copy_of_shared (dir);
  g_autofree char *dest = path_in (dir, "p.dengbao");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(DboProject) other = sample_with_attachments ();
  g_autoptr(GBytes) annex4 = NULL;

  {
    const char *argv[] = { "verify", path, "--json", NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"documents\":\"same-bytes\""));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  dbo_set_str (&other->enterprise.head.name, "王五");
  dbo_set_str (&other->enterprise.head.mobile, "13900000000");
  annex4 = render (other, DBO_DOC_ANNEX4);
  rewrite_bundle (path, "documents/annex4.pdf", annex4, NULL, NULL);
  {
    const char *argv[] = { "verify", path, NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "check document-mismatch, file documents/annex4.pdf"));
    g_assert_nonnull (strstr (err, "documents/annex4.pdf is not the document project.xml produces"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "import", path, "-o", dest, NULL };

    g_assert_cmpint (dbo_test_run_cli (argv, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "document-mismatch"));
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  }
  remove_tree (dir);
}

/* ================================================================ errors */

static void
test_check_names (void)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(GError) copy = NULL;

  for (int c = 0; c < DBO_BUNDLE_N_ERRORS; c++)
    {
      g_assert_cmpstr (dbo_bundle_check_name (c), !=, "");
      for (int d = 0; d < c; d++)
        g_assert_cmpstr (dbo_bundle_check_name (c), !=, dbo_bundle_check_name (d));
    }
  /* The file travels with copies of the error. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("x", 1);
    g_autoptr(DboBundleReport) r = dbo_bundle_verify_bytes (b, "x.zip", &e);

    g_assert_null (r);
    copy = g_error_copy (e);
    g_assert_cmpstr (dbo_bundle_error_get_check (copy), ==, "not-zip");
    g_assert_true (g_str_has_prefix (copy->message, "x.zip: "));
  }
  g_assert_null (dbo_bundle_error_get_check (NULL));
}

int
main (int argc, char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Outside the per-test directories, which exist only while a case runs. */
  shared_dir = g_dir_make_tmp ("dengbao-bundle-XXXXXX", NULL);
  g_assert_nonnull (shared_dir);

  g_test_add_func ("/bundle/check-names", test_check_names);
  g_test_add_func ("/bundle/export/deterministic", test_export_deterministic);
  g_test_add_func ("/bundle/export/contents", test_export_contents);
  g_test_add_func ("/bundle/export/submission-refused", test_submission_refused);
  g_test_add_func ("/bundle/export/backup-leaves-out-blocked", test_backup_leaves_out_blocked);
  g_test_add_func ("/bundle/export/review", test_review_bundle);
  g_test_add_func ("/bundle/export/annex3-parts", test_annex3_parts);
  g_test_add_func ("/bundle/documents/annex3-names", test_documents_annex3_names);
  g_test_add_func ("/bundle/export/unwritable", test_export_unwritable);
  g_test_add_func ("/bundle/export/refused-over-entry-count", test_export_entry_count_limit);
  g_test_add_func ("/bundle/export/refused-over-size-limits", test_export_size_limits);
  g_test_add_func ("/bundle/export/cli-refused-over-limits", test_export_limit_cli);
  g_test_add_func ("/bundle/export/compressible-attachment-stored", test_export_compressible_attachment);
  g_test_add_func ("/bundle/round-trip", test_round_trip);
  g_test_add_func ("/bundle/import/replace", test_import_replace);
  g_test_add_func ("/bundle/import/concurrent-one-wins", test_import_concurrent_one_wins);
  g_test_add_func ("/bundle/hostile/control-is-valid", test_mini_valid);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *name = g_strdup_printf ("/bundle/hostile/%s", hostile[i].name);

      g_test_add_data_func (name, &hostile[i], test_hostile);
    }
  g_test_add_func ("/bundle/hostile/truncated-everywhere", test_truncated_everywhere);
  g_test_add_func ("/bundle/hostile/every-byte", test_every_byte);
  g_test_add_func ("/bundle/cli", test_cli);
  g_test_add_func ("/bundle/documents/unmodified-verifies-by-bytes", test_documents_unmodified);
  g_test_add_func ("/bundle/documents/annex4-of-another-head-refused", test_documents_other_annex4);
  g_test_add_func ("/bundle/documents/non-pdf-annex2-refused", test_documents_not_pdf);
  g_test_add_func ("/bundle/documents/backup-with-errors-relabelled-submission-refused",
                   test_documents_backup_relabelled);
  g_test_add_func ("/bundle/documents/other-generator-verifies-by-text", test_documents_other_generator);
  g_test_add_func ("/bundle/documents/other-fonts-verifies-by-text", test_documents_other_fonts);
  g_test_add_func ("/bundle/documents/submission-without-a-report-refused", test_documents_report_left_out);
  g_test_add_func ("/bundle/documents/cli-refuses-forged-annex4", test_documents_cli);

  rc = g_test_run ();
  remove_tree (shared_dir);
  g_free (shared_dir);
  g_free (shared_path);
  return rc;
}
