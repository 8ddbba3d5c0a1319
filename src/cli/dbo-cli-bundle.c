#define G_LOG_DOMAIN "dengbao-cli"
#include "config.h"

#include "dbo-cli-bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbo-bundle.h"
#include "dbo-cli-common.h"
#include "dbo-file-util.h"

gboolean
dbo_cli_is_zip (const char *path)
{
  char head[4];
  gboolean zip = FALSE;
  int fd;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return FALSE;
  zip = read (fd, head, sizeof head) == (ssize_t) sizeof head && memcmp (head, "PK\3\4", 4) == 0;
  close (fd);
  return zip;
}

int
dbo_cli_fail_bundle (const char *command, const char *path, const GError *error)
{
  const char *check = dbo_bundle_error_get_check (error);
  const char *file = dbo_bundle_error_get_file (error);

  if (check == NULL)
    return dbo_cli_fail ("%s: %s", command, error->message);
  if (file != NULL && *file != '\0')
    return dbo_cli_fail (_("%s: %s refused (check %s, file %s): %s"), command, path, check, file, error->message);
  return dbo_cli_fail (_("%s: %s refused (check %s): %s"), command, path, check, error->message);
}

/* ---- export ---- */

int
dbo_cli_cmd_export (int argc, char **argv)
{
  g_autofree char *output = NULL, *kind_text = NULL, *today_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  DboBundleKind kind = DBO_BUNDLE_SUBMISSION;
  GDate today;
  GStatBuf st;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The bundle to write"), N_("FILE.zip") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("submission (default) or backup"), "submission|backup" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Check deadlines as of this date"), "YYYY-MM-DD" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("export", "PROJECT",
                             _("Write a bundle (ZIP: manifest.xml, project.xml, the documents as PDF and the "
                               "attachments). A submission is refused while the project has errors (exit 1, "
                               "the errors on stderr); a backup is written whatever the state."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "export")
      || !dbo_cli_parse_today (today_text, &today))
    return EXIT_USAGE;
  if (kind_text != NULL && !dbo_bundle_kind_from_token (kind_text, &kind))
    return dbo_cli_fail (_("export: --kind '%s' is not one of submission, backup"), kind_text);
  /* The bureau answers from its desk, which knows the decision it writes. */
  if (kind == DBO_BUNDLE_REVIEW)
    return dbo_cli_fail (_("export: a review bundle is the energy bureau's answer: it is written by "
                           "'dengbao-cli desk reply'"));
  if (output == NULL)
    return dbo_cli_fail (_("export: -o FILE.zip is required"));
  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    return dbo_cli_fail (_("export -o: '%s' is a folder"), output);
  if (!dbo_file_check_replaceable (output, &error))
    return dbo_cli_fail ("export -o: %s", error->message);
  if (dbo_cli_same_file (output, argv[1]))
    return dbo_cli_fail (_("export -o: '%s' is the project itself"), output);
  if (!dbo_cli_load_all (argv[1], &project, &rules, &calendar))
    return EXIT_USAGE;

  if (!dbo_bundle_export (project, rules, calendar, &today, kind, output, &error))
    {
      if (g_error_matches (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_PROJECT_ERRORS)
          || g_error_matches (error, DBO_BUNDLE_ERROR, DBO_BUNDLE_ERROR_DOCUMENT_BLOCKED))
        {
          g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);
          guint n = g_strv_length (lines);

          /* The first line is the summary; the others are the errors, one each. */
          for (guint i = 1; i < n; i++)
            g_printerr ("%s\n", g_strstrip (lines[i]));
          g_printerr (_("dengbao-cli: export refused, nothing was written: %s\n"), lines[0]);
          return EXIT_FINDINGS;
        }
      return dbo_cli_fail_bundle ("export", output, error);
    }
  if (g_stat (output, &st) != 0)
    st.st_size = 0;
  {
    g_autofree char *size = g_format_size ((guint64) st.st_size);

    g_print (_("Wrote %s (%s bundle, %s)\n"), output, dbo_bundle_kind_token (kind), size);
  }
  return EXIT_OK;
}

/* ---- verify ---- */

static void
json_report (GString *out, const DboBundleReport *report)
{
  const DboProject *p = report->project;

  dbo_cli_json_open (out, '{');
  dbo_cli_json_member_bool (out, "valid", TRUE);
  dbo_cli_json_member (out, "kind", dbo_bundle_kind_token (report->kind));
  dbo_cli_json_member (out, "created", report->created);
  dbo_cli_json_member (out, "generator", report->generator);
  dbo_cli_json_member (out, "documents", report->proof == DBO_BUNDLE_PROOF_BYTES ? "same-bytes"
                                         : report->proof == DBO_BUNDLE_PROOF_TEXT ? "same-text" : "none");
  dbo_cli_json_key (out, "project");
  dbo_cli_json_open (out, '{');
  dbo_cli_json_member (out, "id", p->id);
  dbo_cli_json_member (out, "ruleset", p->ruleset);
  dbo_cli_json_member (out, "enterprise", p->enterprise.name);
  dbo_cli_json_member (out, "credit-code", p->enterprise.credit_code);
  dbo_cli_json_member (out, "city", p->enterprise.city);
  dbo_cli_json_member_int (out, "objects", p->objects->len);
  dbo_cli_json_member (out, "data-sha256", report->data_sha256);
  g_string_append_c (out, '}');
  dbo_cli_json_member_int (out, "total-size", (gint64) report->total_size);
  dbo_cli_json_key (out, "files");
  dbo_cli_json_open (out, '[');
  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);

      dbo_cli_json_open (out, '{');
      dbo_cli_json_member (out, "path", f->path);
      dbo_cli_json_member (out, "role", f->role);
      dbo_cli_json_member (out, "title", f->title);
      dbo_cli_json_member_int (out, "size", (gint64) f->size);
      dbo_cli_json_member (out, "sha256", f->sha256);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

int
dbo_cli_cmd_verify (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("verify", "FILE.zip",
                             _("Verify a bundle without writing anything: archive structure, names, sizes, "
                               "manifest, checksums, project.xml; each document re-rendered from project.xml "
                               "and compared (bytes, or text when another version or other fonts made it); "
                               "a submission or review checked as of its date. Exit status 0 when valid, "
                               "2 when refused."),
                             entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "verify"))
    return EXIT_USAGE;

  report = dbo_bundle_verify (argv[1], &error);
  if (report == NULL)
    {
      if (json)
        {
          g_autoptr(GString) out = g_string_new ("{");
          const char *check = dbo_bundle_error_get_check (error);

          dbo_cli_json_member_bool (out, "valid", FALSE);
          dbo_cli_json_member (out, "check", check ? check : "io");
          dbo_cli_json_member (out, "file", dbo_bundle_error_get_file (error));
          dbo_cli_json_member (out, "message", error->message);
          g_string_append_c (out, '}');
          dbo_cli_json_print (out);
        }
      return dbo_cli_fail_bundle ("verify", argv[1], error);
    }

  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      json_report (out, report);
      dbo_cli_json_print (out);
      return EXIT_OK;
    }
  g_print (_("%s: valid %s bundle, made %s by %s\n"), argv[1], dbo_bundle_kind_token (report->kind),
           report->created, report->generator);
  g_print (_("Project %s: %s (%u objects)\n"), report->project->id,
           report->project->enterprise.name ? report->project->enterprise.name : "",
           report->project->objects->len);
  for (guint i = 0; i < report->files->len; i++)
    {
      const DboBundleFile *f = g_ptr_array_index (report->files, i);

      g_print ("%s\t%s\t%" G_GUINT64_FORMAT "\t%s\t%s\n", f->path, f->role, f->size, f->sha256,
               f->title ? f->title : "");
    }
  {
    /* The number is formatted first: a format macro inside a translatable
     * string would cut it short for xgettext. */
    g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) report->total_size);

    g_print (_("%u files, %s bytes, every size and SHA-256 checked\n"), report->files->len, bytes);
  }
  if (report->proof == DBO_BUNDLE_PROOF_BYTES)
    g_print (_("Documents re-rendered from project.xml: the same bytes\n"));
  else if (report->proof == DBO_BUNDLE_PROOF_TEXT)
    g_print (_("Documents re-rendered from project.xml: the same pages and text (made by %s or with other "
               "fonts; the bytes differ)\n"), report->generator);
  return EXIT_OK;
}

/* ---- import (the ZIP branch) ---- */

int
dbo_cli_bundle_import (const char *bundle, const char *output)
{
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint n_data = 0;

  report = dbo_bundle_import (bundle, output, DBO_BUNDLE_IMPORT_DEFAULT, &error);
  if (report == NULL)
    return dbo_cli_fail_bundle ("import", bundle, error);
  for (guint i = 0; report->project->attachments != NULL && i < report->project->attachments->len; i++)
    if (((DboAttachment *) g_ptr_array_index (report->project->attachments, i))->data != NULL)
      n_data++;
  g_print (_("Imported %s (%s bundle, %u files verified) into %s (%u objects, %u attachments with data)\n"),
           bundle, dbo_bundle_kind_token (report->kind), report->files->len, output,
           report->project->objects->len, n_data);
  return EXIT_OK;
}

/* ---- import --into (a review bundle) ---- */

int
dbo_cli_bundle_import_review (const char *bundle, const char *project)
{
  g_autoptr(DboBundleReport) report = NULL;
  g_autoptr(DboStore) store = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  report = dbo_bundle_verify (bundle, &error);
  if (report == NULL)
    return dbo_cli_fail_bundle ("import", bundle, error);
  if (report->kind != DBO_BUNDLE_REVIEW)
    return dbo_cli_fail (_("import --into: %s is a %s bundle; only the bureau's review bundle is recorded into a "
                           "project (import a submission or backup with -o NEW.dengbao)"),
                         bundle, dbo_bundle_kind_token (report->kind));
  store = dbo_store_open (project, &error);
  if (store == NULL)
    return dbo_cli_fail ("import --into: %s", error->message);
  changes = dbo_bundle_import_review (store, report, NULL, &error);
  if (changes == NULL)
    return dbo_cli_fail_bundle ("import", bundle, error);
  if (changes->len == 0)
    {
      g_print (_("%s already holds the bureau's answer in %s; nothing changed\n"), project, bundle);
      return EXIT_OK;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      const DboBundleChange *c = g_ptr_array_index (changes, i);
      const DboReview *r = NULL;
      int round = g_str_has_prefix (c->part, "reviews/") ? atoi (c->part + strlen ("reviews/")) : 0;

      for (guint j = 0; round > 0 && j < report->project->reviews->len; j++)
        if (((DboReview *) g_ptr_array_index (report->project->reviews, j))->round == round)
          r = g_ptr_array_index (report->project->reviews, j);
      if (r == NULL)
        g_print ("%s\n", c->label);
      else
        g_print (_("%s: bureau %s, %s on %s%s%s\n"), c->label, r->authority ? r->authority : "",
                 dbo_token_name (dbo_outcome_tokens, r->outcome), r->decided ? r->decided : "",
                 r->number ? _(", review number ") : "", r->number ? r->number : "");
    }
  g_print (_("Recorded the bureau's answer from %s in %s (the state before is kept as a snapshot)\n"), bundle,
           project);
  return EXIT_OK;
}
