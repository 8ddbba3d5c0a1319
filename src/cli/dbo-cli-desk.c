/* dengbao-cli desk — the bureau's receiving side (issue 17)
 *
 * A thin front over dbo-desk.h: the desk verifies, routes, counts the
 * deadline and numbers the decisions; these commands parse, print and map
 * failures to the exit status (0 done, 1 decided already, 2 refused or bad
 * usage: one line on stderr, nothing stored).
 */
#define G_LOG_DOMAIN "dengbao-cli"
#include "config.h"

#include "dbo-cli-desk.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dbo-bundle.h"
#include "dbo-cli-bundle.h"
#include "dbo-cli-common.h"
#include "dbo-desk.h"
#include "dbo-desk-report.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"

/* A desk failure: exit 1 for a decision already taken, 2 for the rest. */
static int
fail_desk (const char *command, const GError *error)
{
  dbo_cli_fail ("%s: %s", command, error->message);
  return g_error_matches (error, DBO_DESK_ERROR, DBO_DESK_ERROR_DECIDED) ? EXIT_FINDINGS : EXIT_USAGE;
}

/* One submission as `desk list --json` shows it. */
static void
json_submission (GString *out, const DboDeskSubmission *s, const GDate *today)
{
  dbo_cli_json_open (out, '{');
  dbo_cli_json_member (out, "id", s->id);
  dbo_cli_json_member (out, "enterprise", s->enterprise);
  dbo_cli_json_member (out, "credit_code", s->credit_code);
  dbo_cli_json_member (out, "city", s->city);
  dbo_cli_json_member_int (out, "round", s->round);
  dbo_cli_json_member (out, "received", s->received);
  dbo_cli_json_member (out, "due", s->due);
  dbo_cli_json_member (out, "status", dbo_desk_submission_status (s));
  dbo_cli_json_member_bool (out, "overdue", dbo_desk_submission_is_overdue (s, today));
  dbo_cli_json_member_or_null (out, "decided", s->decided);
  dbo_cli_json_member_bool (out, "late", dbo_desk_submission_is_late (s));
  dbo_cli_json_member_or_null (out, "number", s->number);
  dbo_cli_json_member_or_null (out, "opinion", s->has_outcome ? s->opinion : NULL);
  dbo_cli_json_key (out, "objects");
  dbo_cli_json_open (out, '[');
  for (guint i = 0; i < s->objects->len; i++)
    {
      const DboDeskObject *o = g_ptr_array_index (s->objects, i);

      dbo_cli_json_open (out, '{');
      dbo_cli_json_member (out, "id", o->id);
      dbo_cli_json_member (out, "name", o->name);
      dbo_cli_json_member_int (out, "level", o->level);
      dbo_cli_json_member_bool (out, "reviewed_here", o->reviewed_here);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

/* One line of the queue: id, dates, status, enterprise. */
static void
print_submission (const DboDeskSubmission *s, const GDate *today)
{
  const char *marks = dbo_desk_submission_is_overdue (s, today) ? _("overdue")
                      : dbo_desk_submission_is_late (s) ? _("late") : "";

  g_print ("%s\t%s\t%s\t%s\t%s%s%s\t%s (%s)\t%s %d\n", s->id, s->received, s->due, dbo_desk_submission_status (s),
           s->number ? s->number : "", *marks && s->number ? " " : "", marks,
           s->enterprise ? s->enterprise : "", s->credit_code ? s->credit_code : "", _("round"), s->round);
}

static gboolean
parse_date_option (const char *option, const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return dbo_cli_parse_today (NULL, date);
  if (!dbo_date_parse (text, date, &error))
    {
      dbo_cli_fail ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- init ---- */

static int
cmd_init (int argc, char **argv)
{
  g_autofree char *authority = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "authority", 0, 0, G_OPTION_ARG_STRING, &authority,
      N_("The bureau: 00 the provincial energy bureau, 01 (太原) … 11 (运城) a city's"), "CC" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk init", "DESK.dengbao-desk", _("Create a bureau's desk file."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "desk init"))
    return EXIT_USAGE;
  if (authority == NULL)
    return dbo_cli_fail (_("desk init: --authority CC is required (00 the province, 01 … 11 a city)"));
  if (!dbo_cli_check_new_output (argv[1], "desk init"))
    return EXIT_USAGE;
  rules = dbo_ruleset_load_default (&error);
  if (rules == NULL)
    return dbo_cli_fail ("%s", error->message);
  desk = dbo_desk_create (argv[1], authority, rules, &error);
  if (desk == NULL)
    return fail_desk ("desk init", error);
  g_print (_("Created the desk %s of %s (%s)\n"), argv[1],
           dbo_ruleset_find_region (rules, authority)->authority, authority);
  return EXIT_OK;
}

/* ---- receive ---- */

static int
cmd_receive (int argc, char **argv)
{
  g_autofree char *date_text = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(DboDeskSubmission) s = NULL;
  g_autoptr(GError) error = NULL;
  DboDeskReceived received;
  GDate date;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The day the bundle was received (default: today)"),
      "YYYY-MM-DD" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the submission as 'desk list --json' shows it"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk receive", "DESK BUNDLE.zip",
                             _("Verify a submission bundle completely (as 'verify' does) and register it: the "
                               "enterprise, its objects and levels, the received date and the answer's due "
                               "date. Receiving the same bundle again changes nothing."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk receive")
      || !parse_date_option ("--date", date_text, &date))
    return EXIT_USAGE;
  calendar = dbo_calendar_load_default (&error);
  if (calendar == NULL)
    return dbo_cli_fail ("%s", error->message);
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_EDIT, &error);
  if (desk == NULL)
    return fail_desk ("desk receive", error);
  s = dbo_desk_receive (desk, argv[2], &date, calendar, &received, &error);
  if (s == NULL)
    return error->domain == DBO_BUNDLE_ERROR ? dbo_cli_fail_bundle ("desk receive", argv[2], error)
                                             : fail_desk ("desk receive", error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      json_submission (out, s, &date);
      dbo_cli_json_print (out);
    }
  else if (received == DBO_DESK_RECEIVED_ALREADY)
    g_print (_("%s was received already as submission %s on %s; nothing changed\n"), argv[2], s->id, s->received);
  else
    {
      guint here = 0;

      for (guint i = 0; i < s->objects->len; i++)
        here += ((DboDeskObject *) g_ptr_array_index (s->objects, i))->reviewed_here;
      g_print (_("Received %s as submission %s: %s, round %d, %u of %u objects reviewed here, due %s\n"), argv[2],
               s->id, s->enterprise ? s->enterprise : "", s->round, here, s->objects->len, s->due);
    }
  return EXIT_OK;
}

/* ---- list ---- */

static int
cmd_list (int argc, char **argv)
{
  g_autofree char *today_text = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Mark what is overdue as of this date"), "YYYY-MM-DD" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk list", "DESK",
                             _("List the submissions, by received date: id, received, due, status, number, "
                               "enterprise."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "desk list")
      || !dbo_cli_parse_today (today_text, &today))
    return EXIT_USAGE;
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_READ_ONLY, &error);
  if (desk == NULL)
    return fail_desk ("desk list", error);
  list = dbo_desk_list (desk, &error);
  if (list == NULL)
    return fail_desk ("desk list", error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"submissions\":[");

      for (guint i = 0; i < list->len; i++)
        json_submission (out, g_ptr_array_index (list, i), &today);
      g_string_append (out, "]}");
      dbo_cli_json_print (out);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    print_submission (g_ptr_array_index (list, i), &today);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u submission\n", "%u submissions\n", list->len), list->len);
  return EXIT_OK;
}

/* ---- decide ---- */

static int
cmd_decide (int argc, char **argv)
{
  g_autofree char *outcome_text = NULL, *opinion = NULL, *date_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(DboDeskSubmission) s = NULL;
  g_autoptr(GError) error = NULL;
  int outcome;
  GDate date;
  GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome_text,
      N_("approved (审核通过), correct (材料不符合要求，通知改正) or regrade (定级不准，通知重新确定等级)"),
      "approved|correct|regrade" },
    { "opinion", 0, 0, G_OPTION_ARG_STRING, &opinion, N_("The bureau's opinion"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The day of the decision (default: today)"), "YYYY-MM-DD" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk decide", "DESK SUBMISSION",
                             _("Record the bureau's decision. An approval takes the bureau's next review number "
                               "of the decision's year (CC-YYYY-NNNN). A decided submission cannot be decided "
                               "again (exit status 1)."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk decide")
      || !parse_date_option ("--date", date_text, &date))
    return EXIT_USAGE;
  if (outcome_text == NULL)
    return dbo_cli_fail (_("desk decide: --outcome approved|correct|regrade is required"));
  outcome = dbo_token_lookup (dbo_outcome_tokens, outcome_text);
  if (outcome < 0)
    return dbo_cli_fail (_("desk decide: --outcome '%s' is not one of approved, correct, regrade"), outcome_text);
  if (dbo_str_empty (opinion))
    return dbo_cli_fail (_("desk decide: --opinion TEXT is required"));
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_EDIT, &error);
  if (desk == NULL)
    return fail_desk ("desk decide", error);
  s = dbo_desk_decide (desk, argv[2], outcome, opinion, &date, &error);
  if (s == NULL)
    return fail_desk ("desk decide", error);
  if (s->number != NULL)
    g_print (_("Submission %s: %s on %s, review number %s\n"), s->id, dbo_desk_submission_status (s), s->decided,
             s->number);
  else
    g_print (_("Submission %s: %s on %s\n"), s->id, dbo_desk_submission_status (s), s->decided);
  if (dbo_desk_submission_is_late (s))
    g_print (_("Late: the answer was due on %s\n"), s->due);
  return EXIT_OK;
}

/* ---- snapshots and backup ---- */

/* For the commands without options of their own. */
static GOptionEntry no_entries[] = { { NULL } };

static int
cmd_snapshot (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  ctx = dbo_cli_new_context ("desk snapshot", "DESK NAME",
                             _("Keep what the desk holds now (submissions, decisions, review numbers) as a named "
                               "snapshot inside the desk file."), no_entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk snapshot"))
    return EXIT_USAGE;
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_EDIT, &error);
  if (desk == NULL || !dbo_desk_snapshot_create (desk, argv[2], &error))
    return fail_desk ("desk snapshot", error);
  g_print (_("Took the snapshot “%s” of %s\n"), argv[2], argv[1]);
  return EXIT_OK;
}

static int
cmd_snapshots (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  ctx = dbo_cli_new_context ("desk snapshots", "DESK", _("List the desk's snapshots, oldest first: time and name."),
                             no_entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "desk snapshots"))
    return EXIT_USAGE;
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_READ_ONLY, &error);
  list = desk != NULL ? dbo_desk_snapshot_list (desk, &error) : NULL;
  if (list == NULL)
    return fail_desk ("desk snapshots", error);
  for (guint i = 0; i < list->len; i++)
    {
      const DboSnapshotInfo *info = g_ptr_array_index (list, i);

      g_print ("%s\t%s\n", info->created, info->name);
    }
  return EXIT_OK;
}

static int
cmd_restore (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *automatic = NULL;

  ctx = dbo_cli_new_context ("desk restore", "DESK NAME",
                             _("Put the desk back as the snapshot NAME holds it. What it holds now is kept as a "
                               "snapshot first; review numbers already given are never given again."), no_entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk restore"))
    return EXIT_USAGE;
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_EDIT, &error);
  if (desk == NULL || !dbo_desk_snapshot_restore (desk, argv[2], &automatic, &error))
    return fail_desk ("desk restore", error);
  g_print (_("Restored the snapshot “%s”; what the desk held before is the snapshot “%s”\n"), argv[2], automatic);
  return EXIT_OK;
}

static int
cmd_backup (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The copy to write (must not exist)"), N_("FILE") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk backup", "DESK",
                             _("Write a consistent copy of the whole desk file, snapshots included."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "desk backup"))
    return EXIT_USAGE;
  if (output == NULL)
    return dbo_cli_fail (_("desk backup: -o FILE is required"));
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_READ_ONLY, &error);
  if (desk == NULL || !dbo_desk_backup (desk, output, &error))
    return fail_desk ("desk backup", error);
  g_print (_("Wrote %s, a copy of %s\n"), output, argv[1]);
  return EXIT_OK;
}

/* ---- render and reply ---- */

/* The decided submission's project with the bureau's round, its rule set,
 * and the round's Annex 3 key; prints the failure and returns NULL. */
static DboProject *
load_answer (const char *command, const char *path, const char *id, DboRuleset **rules_out, char **part_out,
             int *status)
{
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) error = NULL;

  *status = EXIT_USAGE;
  desk = dbo_desk_open (path, DBO_DESK_OPEN_READ_ONLY, &error);
  if (desk != NULL)
    project = dbo_desk_answer_project (desk, id, part_out, &error);
  if (project != NULL)
    *rules_out = dbo_cli_load_rules_for (project, &error);
  if (project == NULL || *rules_out == NULL)
    {
      *status = fail_desk (command, error);
      return NULL;
    }
  return g_steal_pointer (&project);
}

static int
cmd_render (int argc, char **argv)
{
  g_autofree char *dir = NULL, *part = NULL, *name = NULL, *path = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("The folder to write the PDF into"), N_("DIR") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk render", "DESK SUBMISSION",
                             _("Write the decided submission's Annex 3 (定级审核意见书) with the bureau's part "
                               "filled: the objects reviewed here, the opinion, the number and the date; the "
                               "seal area left clear."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk render"))
    return EXIT_USAGE;
  if (dir == NULL)
    return dbo_cli_fail (_("desk render: -o DIR is required"));
  project = load_answer ("desk render", argv[1], argv[2], &rules, &part, &status);
  if (project == NULL)
    return status;
  doc = dbo_document_build (project, rules, DBO_DOC_ANNEX3, part, &error);
  if (doc == NULL)
    return dbo_cli_fail ("desk render: %s", error->message);
  if (g_mkdir_with_parents (dir, 0755) != 0 || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return dbo_cli_fail (_("desk render -o: cannot create the folder '%s': %s"), dir, g_strerror (errno));
  name = dbo_doc_file_name (DBO_DOC_ANNEX3, part);
  path = g_build_filename (dir, name, NULL);
  if (!dbo_document_write_pdf (doc, path, &error))
    return dbo_cli_fail ("desk render -o: %s", error->message);
  g_print (_("Wrote %s (%s, %d pages)\n"), path, dbo_document_get_title (doc), dbo_document_get_n_pages (doc));
  return EXIT_OK;
}

static int
cmd_reply (int argc, char **argv)
{
  g_autofree char *output = NULL, *part = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The review bundle to write"), N_("REPLY.zip") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk reply", "DESK SUBMISSION",
                             _("Write the bureau's answer to a decided submission as a review bundle: the "
                               "enterprise's project.xml with the bureau's round added, and its Annex 3. The "
                               "mine records it with 'dengbao-cli import REPLY.zip --into PROJECT'."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 2, "desk reply"))
    return EXIT_USAGE;
  if (output == NULL)
    return dbo_cli_fail (_("desk reply: -o REPLY.zip is required"));
  project = load_answer ("desk reply", argv[1], argv[2], &rules, &part, &status);
  if (project == NULL)
    return status;
  if (!dbo_bundle_export (project, rules, NULL, NULL, DBO_BUNDLE_REVIEW, output, &error))
    return dbo_cli_fail_bundle ("desk reply", output, error);
  g_print (_("Wrote %s (review bundle of submission %s)\n"), output, argv[2]);
  return EXIT_OK;
}

/* ---- report ---- */

static int
cmd_report (int argc, char **argv)
{
  g_autofree char *quarter_text = NULL, *dir = NULL, *base = NULL, *csv_path = NULL, *pdf_path = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboDesk) desk = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboDeskReport) report = NULL;
  g_autoptr(DboDocument) doc = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  int year, quarter;
  GOptionEntry entries[] = {
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter_text, N_("The quarter to report"), "YYYYQN" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("The folder to write the PDF and the CSV into"), N_("DIR") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("desk report", "DESK",
                             _("Write the quarterly report of every enterprise the desk knows, as of the "
                               "quarter's last working day: report-YYYYQN.pdf (to print and stamp) and "
                               "report-YYYYQN.csv (UTF-8 with a BOM)."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "desk report"))
    return EXIT_USAGE;
  if (quarter_text == NULL || !dbo_desk_quarter_parse (quarter_text, &year, &quarter))
    return dbo_cli_fail (_("desk report: --quarter YYYYQN is required (for example 2026Q3)"));
  if (dir == NULL)
    return dbo_cli_fail (_("desk report: -o DIR is required"));
  calendar = dbo_calendar_load_default (&error);
  rules = calendar != NULL ? dbo_ruleset_load_default (&error) : NULL;
  if (rules == NULL)
    return dbo_cli_fail ("%s", error->message);
  desk = dbo_desk_open (argv[1], DBO_DESK_OPEN_READ_ONLY, &error);
  if (desk == NULL)
    return fail_desk ("desk report", error);
  report = dbo_desk_report_build (desk, calendar, year, quarter, &error);
  if (report == NULL)
    return fail_desk ("desk report", error);
  csv = dbo_desk_report_csv (report);
  doc = dbo_desk_report_document (report, rules);
  pdf = dbo_document_to_pdf_bytes (doc, &error);
  if (pdf == NULL)
    return dbo_cli_fail ("desk report: %s", error->message);
  if (g_mkdir_with_parents (dir, 0755) != 0 || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return dbo_cli_fail (_("desk report -o: cannot create the folder '%s': %s"), dir, g_strerror (errno));
  base = g_strdup_printf ("report-%dQ%d", year, quarter);
  {
    g_autofree char *csv_name = g_strconcat (base, ".csv", NULL);
    g_autofree char *pdf_name = g_strconcat (base, ".pdf", NULL);

    csv_path = g_build_filename (dir, csv_name, NULL);
    pdf_path = g_build_filename (dir, pdf_name, NULL);
  }
  if (!dbo_file_write_atomic (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), 0644,
                              DBO_FILE_PUBLISH_REPLACE, &error)
      || !dbo_file_write_atomic (pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), 0644,
                                 DBO_FILE_PUBLISH_REPLACE, &error))
    return dbo_cli_fail ("desk report -o: %s", error->message);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s and %s (%u enterprise, as of %s)\n",
                        "Wrote %s and %s (%u enterprises, as of %s)\n", report->rows->len),
           pdf_path, csv_path, report->rows->len, report->date);
  return EXIT_OK;
}

/* ---- the command ---- */

static const DboCliCommand desk_commands[] = {
  { "init", "DESK --authority CC", N_("Create a bureau's desk file"), cmd_init },
  { "receive", "DESK BUNDLE.zip [--date DATE] [--json]", N_("Verify and register a submission"), cmd_receive },
  { "list", "DESK [--json] [--today DATE]", N_("The submissions and their state"), cmd_list },
  { "decide", "DESK SUBMISSION --outcome O --opinion TEXT", N_("Record the bureau's decision"), cmd_decide },
  { "render", "DESK SUBMISSION -o DIR", N_("Write the submission's Annex 3"), cmd_render },
  { "reply", "DESK SUBMISSION -o REPLY.zip", N_("Write the review bundle for the mine"), cmd_reply },
  { "report", "DESK --quarter YYYYQN -o DIR", N_("Write the quarterly report (PDF and CSV)"), cmd_report },
  { "snapshot", "DESK NAME", N_("Keep the desk as it is now as a named snapshot"), cmd_snapshot },
  { "snapshots", "DESK", N_("List the desk's snapshots"), cmd_snapshots },
  { "restore", "DESK NAME", N_("Put the desk back as a snapshot holds it"), cmd_restore },
  { "backup", "DESK -o FILE", N_("Write a copy of the whole desk file"), cmd_backup },
};

int
dbo_cli_cmd_desk (int argc, char **argv)
{
  const DboCliCommand *command;

  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      g_print (_("Usage: dengbao-cli desk SUBCOMMAND [OPTIONS…]\n\nThe bureau's receiving side.\n\n"));
      dbo_cli_print_commands (desk_commands, G_N_ELEMENTS (desk_commands), 9);
      return EXIT_OK;
    }
  if (argc < 2)
    return dbo_cli_fail (_("desk: a subcommand is required (see 'dengbao-cli desk --help')"));
  command = dbo_cli_find_command (desk_commands, G_N_ELEMENTS (desk_commands), argv[1]);
  if (command != NULL)
    return command->run (argc - 1, argv + 1);
  return dbo_cli_fail (_("desk: '%s' is not a subcommand; see 'dengbao-cli desk --help'"), argv[1]);
}
