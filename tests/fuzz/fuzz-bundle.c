/* libFuzzer target: the bundle reader (dbo_bundle_verify_bytes) on any bytes.
 * It must refuse or accept, never crash, leak or trip a sanitizer.
 *
 * The first byte picks what the input is, so that mutations also reach the
 * checks behind the ZIP layer (whose CRCs stop most random changes):
 *   'M' + bytes  manifest.xml, in a well-formed ZIP beside a fixed project.xml;
 *   'X' + bytes  project.xml, in a well-formed ZIP with a manifest made for it —
 *                and a project.xml the reader accepts must give a valid bundle;
 *   anything else: the whole input is the bundle file. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "dbo-bundle.h"
#include "dbo-project-xml.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char fixed_project[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"0b6a1c52-3f0e-4b7e-9d1a-5c2e8f4a7b10\" "
  "ruleset=\"shanxi-coal-2021\">\n"
  "  <enterprise kind=\"production\" standardization=\"unrated\">\n"
  "    <name>示例煤矿</name>\n"
  "    <address city=\"09\"/>\n"
  "  </enterprise>\n"
  "  <objects>\n"
  "    <object id=\"o1\" type=\"system\" status=\"operating\">\n"
  "      <name>安全监控系统</name>\n"
  "      <scope>local</scope>\n"
  "      <aggregation-platform>false</aggregation-platform>\n"
  "    </object>\n"
  "  </objects>\n"
  "</project>\n";

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical or a warning is a bug the fuzzer should stop on. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* A ZIP of the given entries, written by libarchive in memory. */
static GBytes *
zip_of (const char *const *names, const void *const *datas, const size_t *lens, guint n)
{
  size_t cap = 4096, used = 0;
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();
  guint8 *buf;

  for (guint i = 0; i < n; i++)
    cap += lens[i] + lens[i] / 8 + 512;
  buf = g_malloc (cap);
  archive_write_set_format_zip (a);
  archive_write_set_bytes_in_last_block (a, 1);
  archive_write_open_memory (a, buf, cap, &used);
  for (guint i = 0; i < n; i++)
    {
      archive_entry_clear (e);
      archive_entry_set_pathname (e, names[i]);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, (la_int64_t) lens[i]);
      archive_write_header (a, e);
      if (lens[i] > 0)
        archive_write_data (a, datas[i], lens[i]);
    }
  archive_write_close (a);
  archive_write_free (a);
  archive_entry_free (e);
  return g_bytes_new_take (buf, used);
}

static void
check (GBytes *bytes, gboolean must_pass)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = dbo_bundle_verify_bytes (bytes, "fuzz.zip", &error);

  /* Exactly one of the two, and a refusal always names its check. */
  if ((report == NULL) == (error == NULL))
    __builtin_trap ();
  if (error != NULL && dbo_bundle_error_get_check (error) == NULL)
    __builtin_trap ();
  if (report != NULL && (report->project == NULL || report->files->len == 0))
    __builtin_trap ();
  if (must_pass && report == NULL)
    {
      g_printerr ("a bundle made around an accepted project.xml is refused: %s\n", error->message);
      __builtin_trap ();
    }
}

static void
fuzz_manifest (const uint8_t *data, size_t size)
{
  const char *names[] = { "project.xml", "manifest.xml" };
  const void *datas[] = { fixed_project, data };
  size_t lens[] = { sizeof fixed_project - 1, size };
  g_autoptr(GBytes) zip = zip_of (names, datas, lens, 2);

  check (zip, FALSE);
}

static void
fuzz_project (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read ((const char *) data, size, "fuzz.xml", &error);
  g_autofree char *canonical = NULL;
  g_autofree char *data_sha = NULL;
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GBytes) zip = NULL;
  gsize clen = 0;

  canonical = dbo_project_xml_canonical ((const char *) data, size, &clen, NULL);
  data_sha = canonical != NULL ? g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) canonical, clen)
                               : g_strnfill (64, '0');
  g_string_append_printf (manifest,
                          "<bundle xmlns=\"urn:dengbao:bundle:1\" format-version=\"1\" kind=\"backup\" "
                          "created=\"2021-03-01T00:00:00+08:00\" generator=\"fuzz\">"
                          "<project id=\"%s\" ruleset=\"%s\" data-sha256=\"%s\"/><enterprise",
                          project ? project->id : "x", project ? project->ruleset : "x", data_sha);
  /* Attribute values from an accepted project, escaped. */
  if (project != NULL)
    {
      const char *keys[] = { "name", "credit-code", "city" };
      const char *vals[] = { project->enterprise.name, project->enterprise.credit_code, project->enterprise.city };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (vals[i] != NULL && *vals[i] != '\0')
          {
            g_string_append_printf (manifest, " %s=\"", keys[i]);
            for (const char *c = vals[i]; *c != '\0'; c++)
              {
                if (*c == '&' || *c == '<' || *c == '>' || *c == '"' || (guchar) *c < 0x20)
                  g_string_append_printf (manifest, "&#%d;", (guchar) *c);
                else
                  g_string_append_c (manifest, *c);
              }
            g_string_append_c (manifest, '"');
          }
    }
  g_string_append_printf (manifest, "/><file path=\"project.xml\" role=\"data\" size=\"%zu\" sha256=\"%s\"/>"
                          "</bundle>", size, sha);
  {
    const char *names[] = { "project.xml", "manifest.xml" };
    const void *datas[] = { data, manifest->str };
    size_t lens[] = { size, manifest->len };

    zip = zip_of (names, datas, lens, 2);
  }
  /* Attachments with data would need their files: only then may it fail. */
  check (zip, project != NULL && project->attachments->len == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 0 && data[0] == 'M')
    fuzz_manifest (data + 1, size - 1);
  else if (size > 0 && data[0] == 'X')
    fuzz_project (data + 1, size - 1);
  else
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);

      check (bytes, FALSE);
    }
  return 0;
}
