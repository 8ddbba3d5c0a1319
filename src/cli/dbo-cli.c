/* dengbao-cli — the Dengbao core from a shell
 *
 * A thin front: every rule, level, route and deadline comes from the core.
 * Exit status: 0 success, 1 the project has errors (check), 2 bad usage or
 * unreadable input. A failing command prints one line on stderr and writes
 * nothing.
 */
#define G_LOG_DOMAIN "dengbao-cli"
#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "dbo-cli-common.h"
#include "dbo-cli-bundle.h"
#include "dbo-cli-desk.h"
#include "dbo-calendar.h"
#include "dbo-checks.h"
#include "dbo-deadlines.h"
#include "dbo-doc-set.h"
#include "dbo-documents.h"
#include "dbo-file-util.h"
#include "dbo-grading.h"
#include "dbo-model.h"
#include "dbo-project-file.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"
#include "dbo-store.h"

/* ---- new ---- */

static int
cmd_new (int argc, char **argv)
{
  g_autofree char *enterprise = NULL, *city = NULL, *kind = NULL, *standardization = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const DboRegion *region;
  const char *path;
  int kind_value, std_value = DBO_STD_UNRATED;
  GOptionEntry entries[] = {
    { "enterprise", 0, 0, G_OPTION_ARG_STRING, &enterprise, N_("Name of the enterprise (单位名称)"), N_("NAME") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("City code, 01 (太原) … 11 (运城)"), "01..11" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Kind of enterprise"), "production|construction|group" },
    { "standardization", 0, 0, G_OPTION_ARG_STRING, &standardization,
      N_("Safety standardisation level (安全生产标准化等级)"), "1|2|unrated" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("new", "FILE", _("Create a new project file (FILE.dengbao, or FILE.xml for a project.xml)."),
                     entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "new"))
    return EXIT_USAGE;
  path = argv[1];

  if (dbo_str_empty (enterprise))
    return dbo_cli_fail (_("new: --enterprise NAME is required"));
  if (city == NULL)
    return dbo_cli_fail (_("new: --city 01..11 is required"));
  if (kind == NULL)
    return dbo_cli_fail (_("new: --kind production|construction|group is required"));
  rules = dbo_ruleset_load_default (&error);
  if (rules == NULL)
    return dbo_cli_fail ("%s", error->message);
  region = dbo_ruleset_find_region (rules, city);
  if (region == NULL || region == dbo_ruleset_province_region (rules))
    return dbo_cli_fail (_("new: --city '%s' is not a city code of Shanxi (01 太原 … 11 运城)"), city);
  kind_value = dbo_token_lookup (dbo_enterprise_kind_tokens, kind);
  if (kind_value < 0)
    return dbo_cli_fail (_("new: --kind '%s' is not one of production, construction, group"), kind);
  if (standardization != NULL)
    {
      std_value = dbo_token_lookup (dbo_standardization_tokens, standardization);
      if (std_value < 0)
        return dbo_cli_fail (_("new: --standardization '%s' is not one of 1, 2, unrated"), standardization);
    }
  if (!dbo_cli_check_new_output (path, "new"))
    return EXIT_USAGE;

  project = dbo_project_new ();
  dbo_set_str (&project->ruleset, dbo_ruleset_get_id (rules));
  project->title = g_strdup_printf ("%s网络安全等级保护定级备案", enterprise);
  dbo_set_str (&project->enterprise.name, enterprise);
  dbo_set_str (&project->enterprise.city, city);
  project->enterprise.kind = kind_value;
  project->enterprise.standardization = std_value;

  if (g_str_has_suffix (path, ".xml"))
    {
      if (!dbo_project_xml_write_file (project, path, &error))
        return dbo_cli_fail ("%s", error->message);
    }
  else
    {
      g_autoptr(DboStore) store = dbo_store_create (path, project, &error);

      if (store == NULL)
        return dbo_cli_fail ("%s", error->message);
    }
  g_print (_("Created %s for %s (%s, reviewed by %s)\n"), path, enterprise, region->name,
           dbo_ruleset_enterprise_office (rules, &project->enterprise, NULL)->authority);
  return EXIT_OK;
}

/* ---- import / export-xml ---- */

static int
cmd_import (int argc, char **argv)
{
  g_autofree char *output = NULL, *into = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The new project file to create"), N_("FILE.dengbao") },
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into,
      N_("Record the bureau's review bundle in this existing project (after a snapshot)"), N_("PROJECT.dengbao") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("import", "project.xml|BUNDLE.zip",
                     _("Import a project.xml (validated against its schema) or a bundle into a new project file, "
                       "or record the bureau's review bundle in an existing project (--into)."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "import"))
    return EXIT_USAGE;
  if (into != NULL)
    {
      if (output != NULL)
        return dbo_cli_fail (_("import: -o and --into go one without the other"));
      if (!dbo_cli_is_zip (argv[1]))
        return dbo_cli_fail (_("import --into: %s is not a bundle (ZIP)"), argv[1]);
      return dbo_cli_bundle_import_review (argv[1], into);
    }
  if (!dbo_cli_check_new_output (output, "import -o"))
    return EXIT_USAGE;
  if (dbo_cli_is_zip (argv[1]))
    return dbo_cli_bundle_import (argv[1], output);
  project = dbo_project_xml_read_file (argv[1], &error);
  if (project == NULL)
    return dbo_cli_fail ("%s", error->message);
  store = dbo_store_create (output, project, &error);
  if (store == NULL)
    return dbo_cli_fail ("%s", error->message);
  g_print (_("Imported %s into %s (%u objects)\n"), argv[1], output, project->objects->len);
  return EXIT_OK;
}

static int
cmd_export_xml (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The project.xml to write"), N_("FILE.xml") },
    { NULL }
  };

  ctx = dbo_cli_new_context ("export-xml", "PROJECT", _("Write a project as project.xml, the interchange format every Dengbao reads."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "export-xml"))
    return EXIT_USAGE;
  if (output == NULL)
    return dbo_cli_fail (_("export-xml: -o FILE.xml is required"));
  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    return dbo_cli_fail (_("export-xml -o: '%s' is a directory"), output);
  if (!dbo_file_check_replaceable (output, &error))
    return dbo_cli_fail ("export-xml -o: %s", error->message);
  if (dbo_cli_same_file (output, argv[1]))
    return dbo_cli_fail (_("export-xml -o: '%s' is the project itself"), output);
  project = dbo_cli_load_project (argv[1]);
  if (project == NULL)
    return EXIT_USAGE;
  if (!dbo_project_xml_write_file (project, output, &error))
    return dbo_cli_fail ("export-xml -o: %s", error->message);
  g_print (_("Wrote %s\n"), output);
  return EXIT_OK;
}

/* ---- check ---- */

static int
cmd_check (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *today_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;
  guint errors, warnings;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Check deadlines as of this date"), "YYYY-MM-DD" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("check", "PROJECT",
                     _("List every finding for a project. Exit status 0 without errors, 1 with errors."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "check") ||
      !dbo_cli_parse_today (today_text, &today))
    return EXIT_USAGE;
  if (!dbo_cli_load_all (argv[1], &project, &rules, &calendar))
    return EXIT_USAGE;

  findings = dbo_checks_run (project, rules, calendar, &today);
  errors = dbo_checks_count (findings, DBO_SEVERITY_ERROR);
  warnings = dbo_checks_count (findings, DBO_SEVERITY_WARNING);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      g_string_append_printf (out, "\"errors\":%u,\"warnings\":%u,\"findings\":[", errors, warnings);
      /* The same words under every locale: the pinned Chinese, and English. */
      for (guint i = 0; i < findings->len; i++)
        {
          const DboFinding *f = g_ptr_array_index (findings, i);
          g_autofree char *zh = dbo_finding_describe_in (f, DBO_LANGUAGE_ZH);
          g_autofree char *en = dbo_finding_describe_in (f, DBO_LANGUAGE_EN);

          dbo_cli_json_open (out, '{');
          dbo_cli_json_member (out, "severity", dbo_severity_token (f->severity));
          dbo_cli_json_member (out, "code", f->code);
          dbo_cli_json_member (out, "path", f->path);
          dbo_cli_json_member (out, "message", zh);
          dbo_cli_json_member (out, "message_en", en);
          dbo_cli_json_member (out, "clause", f->clause);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      dbo_cli_json_print (out);
    }
  else
    {
      for (guint i = 0; i < findings->len; i++)
        {
          const DboFinding *f = g_ptr_array_index (findings, i);

          g_print ("%s\t%s\t%s\t%s%s%s%s\n",
                   f->severity == DBO_SEVERITY_ERROR ? _("error") : _("warning"),
                   f->code, f->path, dbo_finding_describe (f),
                   *f->clause ? "（" : "", f->clause, *f->clause ? "）" : "");
        }
      g_print (_("%u errors, %u warnings\n"), errors, warnings);
    }
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* ---- grade ---- */

static int
cmd_grade (int argc, char **argv)
{
  g_autofree char *business = NULL, *service = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GArray) bh = NULL, sh = NULL;
  g_autoptr(GError) error = NULL;
  int b, s, level;
  GOptionEntry entries[] = {
    { "business", 0, 0, G_OPTION_ARG_STRING, &business,
      N_("Harms to business information security: OBJECT:DEGREE,… or none"), N_("HARMS") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service,
      N_("Harms to system service security: OBJECT:DEGREE,… or none"), N_("HARMS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("grade", "", _("Grade by GB/T 22240-2020 from harmed objects and degrees."), entries);
  g_option_context_set_description (ctx,
    _("OBJECT is citizen, social or national; DEGREE is general, serious or especially-serious.\n"
      "Example: dengbao-cli grade --business social:general --service citizen:serious"));
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 0, "grade"))
    return EXIT_USAGE;
  if (business == NULL)
    return dbo_cli_fail (_("grade: --business HARMS is required (use 'none' for no harm)"));
  if (service == NULL)
    return dbo_cli_fail (_("grade: --service HARMS is required (use 'none' for no harm)"));
  bh = dbo_grading_parse_harms (business, &error);
  if (bh == NULL)
    return dbo_cli_fail ("--business: %s", error->message);
  sh = dbo_grading_parse_harms (service, &error);
  if (sh == NULL)
    return dbo_cli_fail ("--service: %s", error->message);
  rules = dbo_ruleset_load_default (&error);
  if (rules == NULL)
    return dbo_cli_fail ("%s", error->message);

  b = dbo_grading_aspect_level (rules, bh);
  s = dbo_grading_aspect_level (rules, sh);
  level = MAX (b, s);
  if (json)
    g_print ("{\"business\":%d,\"service\":%d,\"level\":%d}\n", b, s, level);
  else
    {
      g_autofree char *be = dbo_grading_explain_aspect (rules, bh);
      g_autofree char *se = dbo_grading_explain_aspect (rules, sh);

      g_print ("业务信息安全：%s\n", be);
      g_print ("系统服务安全：%s\n", se);
      g_print ("取两者较高者 → %s\n", dbo_level_zh (level));
      g_print (_("(%s; %s)\n"), dbo_ruleset_get_title (rules), dbo_ruleset_matrix_clause (rules));
    }
  return EXIT_OK;
}

/* ---- deadline ---- */

static int
cmd_deadline (int argc, char **argv)
{
  g_autofree char *from = NULL, *calendar_file = NULL;
  int days = -1;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  DboCalendarResult result;
  GDate start;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The day of the event"), "YYYY-MM-DD" },
    { "working-days", 0, 0, G_OPTION_ARG_INT, &days, N_("How many working days after it"), "N" },
    { "calendar", 0, 0, G_OPTION_ARG_FILENAME, &calendar_file, N_("A newer working-day calendar file"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("deadline", "",
                     _("The date N working days after an event (counting from the next day), by the State "
                       "Council's holiday arrangements."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 0, "deadline"))
    return EXIT_USAGE;
  if (from == NULL)
    return dbo_cli_fail (_("deadline: --from YYYY-MM-DD is required"));
  if (!dbo_date_parse (from, &start, &error))
    return dbo_cli_fail ("--from: %s", error->message);
  if (days < 0 || days > 3650)
    return dbo_cli_fail (_("deadline: --working-days N is required, 0 to 3650"));
  calendar = calendar_file ? dbo_calendar_load_file (calendar_file, &error)
                           : dbo_calendar_load_default (&error);
  if (calendar == NULL)
    return dbo_cli_fail ("%s", error->message);

  result = dbo_calendar_add_working_days (calendar, &start, days);
  date = dbo_date_format (&result.date);
  if (json)
    g_print ("{\"date\":\"%s\",\"calendar\":\"%s\"}\n", date, result.fallback ? "fallback" : "complete");
  else
    {
      g_print ("%s\n", date);
      if (result.fallback)
        g_print (_("Note: no holiday data for part of this period; counted Monday to Friday.\n"));
    }
  return EXIT_OK;
}

/* ---- route ---- */

static int
cmd_route (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const DboRegion *region;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Machine-readable output"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("route", "PROJECT",
                     _("Which energy bureau reviews and which police office files each object."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "route"))
    return EXIT_USAGE;
  if (!dbo_cli_load_all (argv[1], &project, &rules, NULL))
    return EXIT_USAGE;

  region = dbo_ruleset_enterprise_office (rules, &project->enterprise, NULL);
  if (region == NULL)
    return dbo_cli_fail (_("route: %s: the enterprise's city is not set or unknown"), argv[1]);

  if (json)
    {
      g_string_append (out, "{\"authority\":{");
      dbo_cli_json_member (out, "code", region->code);
      dbo_cli_json_member (out, "name", region->authority);
      g_string_append (out, "},\"objects\":[");
    }
  else
    g_string_append_printf (out, _("Enterprise networks are reviewed by %s (%s)\n"), region->authority, region->code);

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      int level = dbo_grading_effective_level (rules, project, o);
      DboRoute route;

      dbo_ruleset_route_object (rules, &project->enterprise, o, level, &route);
      if (json)
        {
          dbo_cli_json_open (out, '{');
          dbo_cli_json_member (out, "id", o->id);
          dbo_cli_json_member_int (out, "level", level);
          dbo_cli_json_member_bool (out, "reviewed", route.reviewed);
          dbo_cli_json_member_bool (out, "filed", route.filed);
          dbo_cli_json_member_or_null (out, "authority", route.authority);
          dbo_cli_json_member_or_null (out, "police", route.police);
          g_string_append_c (out, '}');
        }
      else
        {
          if (!route.reviewed)
            g_string_append_printf (out, "%s\t%s\t%s\t%s\n", o->id, o->name ? o->name : "",
                                    dbo_level_zh (level), _("kept on record; not reviewed, not filed"));
          else
            g_string_append_printf (out, "%s\t%s\t%s\t%s %s\t%s %s\n", o->id, o->name ? o->name : "",
                                    dbo_level_zh (level), _("review:"),
                                    route.review_office ? route.review_office->authority : route.authority,
                                    _("filing:"), route.police_office ? route.police_office->police : route.police);
        }
    }
  if (json)
    g_string_append (out, "]}");
  g_print ("%s%s", out->str, json ? "\n" : "");
  return EXIT_OK;
}

/* ---- show ---- */

static int
cmd_show (int argc, char **argv)
{
  g_autofree char *today_text = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboCalendar) calendar = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) deadlines = NULL;
  g_autoptr(GError) error = NULL;
  const DboEnterprise *e;
  const DboRegion *city, *authority;
  GDate today;
  GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Show deadlines as of this date"), "YYYY-MM-DD" },
    { NULL }
  };

  ctx = dbo_cli_new_context ("show", "PROJECT", _("A readable summary of a project."), entries);
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "show") ||
      !dbo_cli_parse_today (today_text, &today))
    return EXIT_USAGE;
  if (!dbo_cli_load_all (argv[1], &project, &rules, &calendar))
    return EXIT_USAGE;

  e = &project->enterprise;
  city = dbo_ruleset_find_region (rules, e->city);
  authority = dbo_ruleset_enterprise_office (rules, e, NULL);
  g_print ("%s\n", project->title ? project->title : "");
  g_print ("  企业：%s（%s，%s，安全生产标准化%s）\n", e->name ? e->name : "",
           dbo_token_zh (dbo_enterprise_kind_tokens, e->kind), city ? city->name : "?",
           dbo_token_zh (dbo_standardization_tokens, e->standardization));
  g_print ("  统一社会信用代码：%s\n", e->credit_code ? e->credit_code : "");
  g_print ("  定级审核：%s\n", authority ? authority->authority : "?");
  g_print ("  规则集：%s\n\n", dbo_ruleset_get_title (rules));

  g_print ("定级对象（%u）\n", project->objects->len);
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      const DboRecommendation *rec = dbo_project_find_recommendation (project, o->id);
      g_autofree char *why = dbo_grading_explain (rules, o);

      g_print ("  %s %s [%s] 拟定%s", o->id, o->name ? o->name : "",
               dbo_token_zh (dbo_object_type_tokens, o->type),
               dbo_level_zh (dbo_grading_drafted_level (rules, o)));
      if (rec != NULL)
        g_print ("，专家建议%s", dbo_level_zh (rec->level));
      g_print ("，现为%s\n", dbo_level_zh (dbo_grading_effective_level (rules, project, o)));
      g_print ("      %s\n", why);
    }

  g_print ("\n专家组（%u 人）%s%s\n", project->panel.members->len,
           project->panel.date ? "，评审日期 " : "", project->panel.date ? project->panel.date : "");
  for (guint i = 0; i < project->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (project->panel.members, i);

      g_print ("  %s %s，%s，%s，%s%s\n", m->id, m->name ? m->name : "", m->unit ? m->unit : "",
               m->title ? m->title : "", dbo_ruleset_member_kind_zh (rules, m->kind),
               m->leader ? "（组长）" : "");
    }
  g_print ("  评审结论：%s\n", project->panel.conclusion.present ? "已形成" : "尚未形成");
  {
    g_autofree char *sha = dbo_grading_data_sha256 (project);

    g_print ("  定级数据摘要 SHA-256：%s\n", sha);
  }

  deadlines = dbo_deadlines_compute (project, rules, calendar, &today);
  if (deadlines->len > 0)
    {
      g_print ("\n期限\n");
      for (guint i = 0; i < deadlines->len; i++)
        {
          const DboDeadline *d = g_ptr_array_index (deadlines, i);

          g_autofree char *title = dbo_text_say (d->title, DBO_LANGUAGE_ZH);

          g_print ("  %s%s%s%s：%s %s%s\n", title, d->object_id ? "（" : "",
                   d->object_id ? d->object_id : "", d->object_id ? "）" : "",
                   d->due ? d->due : "依据特殊安全需求", dbo_deadline_status_zh (d->status),
                   d->fallback ? "（按周一至周五计算）" : "");
        }
    }

  findings = dbo_checks_run (project, rules, calendar, &today);
  g_print ("\n检查：%u 个错误，%u 个警告\n", dbo_checks_count (findings, DBO_SEVERITY_ERROR),
           dbo_checks_count (findings, DBO_SEVERITY_WARNING));
  return EXIT_OK;
}

/* ---- render ---- */

/* Past this many documents waiting to be published, each further one is
 * closed under a hidden name instead of held open (a project may have a
 * thousand reports; a process has about as many descriptors). */
#define RENDER_MAX_OPEN 64

typedef struct {
  char *name;                   /* annex2.pdf, report-o3.pdf … */
  char *title;
  int n_pages;
  guint n_problems;
  DboTempFile *tmp;
} Staged;

static void
staged_free (Staged *st)
{
  g_free (st->name);
  g_free (st->title);
  dbo_temp_file_free (st->tmp);
  g_free (st);
}

typedef struct {
  const char *dir;
  gboolean blocked;
  gboolean reported;    /* the failure is already on stderr */
  GPtrArray *staged;    /* of Staged*, in the set's order */
} RenderOut;

/* Writes one rendered document into a temporary file in the folder; nothing
 * is put in place before the whole set is written. A blocked document prints
 * why and the others go on; a failure to write stops. */
static gboolean
write_rendered (DboRenderedDoc *doc, gpointer user_data, GError **error)
{
  RenderOut *out = user_data;
  g_autofree char *name = dbo_doc_file_name (doc->kind, doc->object_id);
  Staged *st;
  gsize len;
  const void *data;

  if (name == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("The report of an object with an invalid id cannot be written"));
      return FALSE;
    }
  if (doc->pdf == NULL)
    {
      g_printerr (_("dengbao-cli: %s cannot be produced: %s\n"), name, doc->error->message);
      if (!g_error_matches (doc->error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED))
        {
          g_propagate_error (error, g_error_copy (doc->error));
          out->reported = TRUE;
          return FALSE;
        }
      out->blocked = TRUE;
      return TRUE;
    }
  /* Only a plain name in the folder, whatever the project's ids hold. */
  if (strchr (name, G_DIR_SEPARATOR) != NULL || name[0] == '.')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("'%s' is not a file name render can write"), name);
      return FALSE;
    }
  st = g_new0 (Staged, 1);
  st->name = g_steal_pointer (&name);
  st->title = g_strdup (doc->title);
  st->n_pages = doc->n_pages;
  st->n_problems = doc->n_problems;
  g_ptr_array_add (out->staged, st);
  st->tmp = dbo_temp_file_new (out->dir, st->name, 0600, error);
  if (st->tmp == NULL)
    return FALSE;
  data = g_bytes_get_data (doc->pdf, &len);
  if (!dbo_temp_file_write (st->tmp, data, len, error))
    return FALSE;
  if (out->staged->len > RENDER_MAX_OPEN && !dbo_temp_file_close (st->tmp, error))
    return FALSE;
  return TRUE;
}

static gboolean
has_report (GPtrArray *docs)
{
  for (guint i = 0; i < docs->len; i++)
    if (((DboRenderedDoc *) g_ptr_array_index (docs, i))->kind == DBO_DOC_REPORT)
      return TRUE;
  return FALSE;
}

/* Whether @name is a file render writes for a document of @kind: annex2.pdf,
 * annex3*.pdf, annex4.pdf, report-*.pdf, signatures.pdf. */
static gboolean
is_set_file_of (const char *name, DboDocKind kind)
{
  if (!g_str_has_suffix (name, ".pdf"))
    return FALSE;
  switch (kind)
    {
    case DBO_DOC_ANNEX3:
      return g_str_has_prefix (name, "annex3");
    case DBO_DOC_REPORT:
      return g_str_has_prefix (name, "report-") && strlen (name) > strlen ("report-.pdf");
    case DBO_DOC_ANNEX2:
    case DBO_DOC_ANNEX4:
    case DBO_DOC_SIGNATURES:
    default:
      {
        g_autofree char *own = dbo_doc_file_name (kind, NULL);

        return g_str_equal (name, own);
      }
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Removes the files of the kinds asked for (@all: every kind) that this run
 * did not produce: what is left is one consistent set. Only regular files are
 * removed; every other name is left alone. The names removed are printed,
 * sorted. */
static gboolean
remove_earlier (const char *dir, gboolean all, DboDocKind kind, GHashTable *produced, GError **error)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      gboolean asked = FALSE;
      GStatBuf st;

      if (g_hash_table_contains (produced, name))
        continue;
      if (all)
        for (int k = 0; k < DBO_N_DOC_KINDS && !asked; k++)
          asked = is_set_file_of (name, (DboDocKind) k);
      else
        asked = is_set_file_of (name, kind);
      path = g_build_filename (dir, name, NULL);
      if (asked && g_lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_ptr_array_add (stale, g_strdup (name));
    }
  g_ptr_array_sort (stale, compare_names);
  for (guint i = 0; i < stale->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (stale, i), NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot remove the earlier '%s': %s"), path, g_strerror (saved));
          return FALSE;
        }
      g_print (_("Removed %s (an earlier document this render did not produce)\n"), path);
    }
  return TRUE;
}

static int
cmd_render (int argc, char **argv)
{
  g_autofree char *which = NULL, *dir = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(DboProject) project = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboTempFile) probe = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) staged = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_free);
  g_autoptr(GHashTable) produced = g_hash_table_new (g_str_hash, g_str_equal);
  RenderOut out = { NULL, FALSE, FALSE, staged };
  gboolean all, draft = FALSE;
  DboDocKind kind = DBO_DOC_ANNEX2;
  int min_level;
  GOptionEntry entries[] = {
    { "doc", 0, 0, G_OPTION_ARG_STRING, &which, N_("Which document (signatures: the panel's ink-signature sheet)"),
      "annex2|annex3|annex4|report|signatures|all" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("The folder to write the PDF files into"), N_("DIR") },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &draft,
      N_("Write every document even where its data has errors, with 草稿 (draft) on every page"), NULL },
    { NULL }
  };

  ctx = dbo_cli_new_context ("render", "PROJECT",
                             _("Render the documents as print-ready PDF: annex2.pdf; annex3-CC-N.pdf for each review "
                               "round (CC the bureau's code, N the round of that bureau) and annex3-CC.pdf, the "
                               "enterprise part, for each bureau objects not reviewed yet go to; annex4.pdf; "
                               "report-<object>.pdf for each object of level 2 or above; and signatures.pdf, the "
                               "panel's sheet for ink signatures. --doc all writes every one of them."), entries);
  g_option_context_set_description (ctx,
    _("The documents are put in place together once all are written; a failure leaves the folder as it was. "
      "Earlier files of the kinds asked for that this run does not produce (a document now blocked by errors, "
      "the report of an object that no longer gets one) are removed and listed; other files are left alone. "
      "A document whose data has errors is not written (the errors are listed and the exit status is 1) "
      "unless --draft asks for drafts."));
  if (!dbo_cli_parse_args (ctx, &argc, &argv, 1, "render"))
    return EXIT_USAGE;
  if (which == NULL)
    return dbo_cli_fail (_("render: --doc annex2|annex3|annex4|report|signatures|all is required"));
  all = g_strcmp0 (which, "all") == 0;
  if (!all && !dbo_doc_kind_from_token (which, &kind))
    return dbo_cli_fail (_("render: --doc '%s' is not one of annex2, annex3, annex4, report, signatures, all"), which);
  if (dir == NULL)
    return dbo_cli_fail (_("render: -o DIR is required"));
  if (!dbo_cli_load_all (argv[1], &project, &rules, NULL))
    return EXIT_USAGE;

  /* Find out now whether the folder can be written, before rendering anything. */
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return dbo_cli_fail (_("render -o: cannot create the folder '%s': %s"), dir, g_strerror (errno));
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return dbo_cli_fail (_("render -o: '%s' is not a folder"), dir);
  probe = dbo_temp_file_new (dir, "dengbao-write-test", 0600, &error);
  if (probe == NULL)
    return dbo_cli_fail (_("render -o: the folder '%s' cannot be written: %s"), dir, error->message);
  g_clear_pointer (&probe, dbo_temp_file_free);
  out.dir = dir;
  min_level = dbo_ruleset_filing_min_level (rules);

  /* "all" is the documents of a submission and the panel's ink-signature
   * sheet (which a bundle does not carry). */
  if (all)
    {
      docs = dbo_doc_set_submission (project, rules);
      dbo_doc_set_add_kind (docs, project, rules, DBO_DOC_SIGNATURES);
    }
  else
    {
      docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_rendered_doc_free);
      dbo_doc_set_add_kind (docs, project, rules, kind);
    }
  /* A name taken by a folder, device or FIFO is found before anything is
   * rendered, let alone replaced. */
  for (guint i = 0; i < docs->len; i++)
    {
      const DboRenderedDoc *doc = g_ptr_array_index (docs, i);
      g_autofree char *name = dbo_doc_file_name (doc->kind, doc->object_id);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!dbo_file_check_replaceable (path, &error))
        return dbo_cli_fail ("render -o: %s", error->message);
    }
  for (guint i = 0; draft && i < docs->len; i++)
    ((DboRenderedDoc *) g_ptr_array_index (docs, i))->flags |= DBO_DOCUMENT_DRAFT;
  if ((all || kind == DBO_DOC_REPORT) && !has_report (docs))
    g_print (_("No object of level %d or above: no grading report to write\n"), min_level);
  if (!dbo_doc_set_render (project, rules, docs, write_rendered, &out, &error))
    {
      if (!out.reported)
        dbo_cli_fail ("render: %s", error->message);
      return EXIT_USAGE;
    }

  /* Every document is written: now they replace the earlier ones together. */
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *st = g_ptr_array_index (staged, i);
      g_autofree char *path = g_build_filename (dir, st->name, NULL);

      if (!dbo_file_check_replaceable (path, &error))
        return dbo_cli_fail ("render -o: %s", error->message);
    }
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *st = g_ptr_array_index (staged, i);
      g_autofree char *path = g_build_filename (dir, st->name, NULL);

      if (!dbo_temp_file_publish (st->tmp, path, DBO_FILE_PUBLISH_REPLACE, &error))
        return dbo_cli_fail ("render -o: %s", error->message);
      g_hash_table_add (produced, st->name);
    }
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *st = g_ptr_array_index (staged, i);
      g_autofree char *path = g_build_filename (dir, st->name, NULL);

      if (st->n_problems > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%s, %d pages): a draft, its data has %u error\n",
                              "Wrote %s (%s, %d pages): a draft, its data has %u errors\n", st->n_problems),
                 path, st->title, st->n_pages, st->n_problems);
      else
        g_print (_("Wrote %s (%s, %d pages)\n"), path, st->title, st->n_pages);
    }
  if (!remove_earlier (dir, all, kind, produced, &error))
    return dbo_cli_fail ("render -o: %s", error->message);
  return out.blocked ? EXIT_FINDINGS : EXIT_OK;
}

/* ---- main ---- */

static const DboCliCommand commands[] = {
  { "new", "FILE --enterprise NAME --city CC --kind KIND", N_("Create a project"), cmd_new },
  { "import", "project.xml -o FILE.dengbao", N_("Import a project.xml"), cmd_import },
  { "export-xml", "PROJECT -o project.xml", N_("Export a project as project.xml"), cmd_export_xml },
  { "check", "PROJECT [--json]", N_("List every finding"), cmd_check },
  { "grade", "--business HARMS --service HARMS [--json]", N_("Grade from harms"), cmd_grade },
  { "deadline", "--from DATE --working-days N [--json]", N_("Count working days"), cmd_deadline },
  { "route", "PROJECT [--json]", N_("Where each object is reviewed and filed"), cmd_route },
  { "show", "PROJECT", N_("Summarise a project"), cmd_show },
  { "render", "PROJECT --doc DOC -o DIR", N_("Render the documents as PDF"), cmd_render },
  { "export", "PROJECT -o FILE.zip [--kind KIND]", N_("Write a submission or backup bundle"), dbo_cli_cmd_export },
  { "verify", "FILE.zip [--json]", N_("Verify a bundle (writes nothing)"), dbo_cli_cmd_verify },
  { "desk", "SUBCOMMAND DESK …", N_("The bureau's desk: receive, list, decide, reply"), dbo_cli_cmd_desk },
};

static void
usage (void)
{
  g_print (_("Usage: dengbao-cli COMMAND [OPTIONS…]\n\n"
             "Grade and file coal-mine networks under the Multi-Level Protection Scheme.\n"
             "PROJECT is a .dengbao project file or a project.xml.\n\nCommands:\n"));
  dbo_cli_print_commands (commands, G_N_ELEMENTS (commands), 11);
  g_print (_("\n'dengbao-cli COMMAND --help' describes one command.\n"));
}

int
main (int argc, char *argv[])
{
  const DboCliCommand *command;

  setlocale (LC_ALL, "");
  /* DENGBAO_LOCALEDIR: the build's po/ for uninstalled runs, as for the application. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DENGBAO_LOCALEDIR") != NULL ? g_getenv ("DENGBAO_LOCALEDIR")
                                                                          : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Past a file size limit a write fails (EFBIG) like one on a full disk,
   * and is reported as one, instead of killing the process half-way. */
  signal (SIGXFSZ, SIG_IGN);

  if (argc < 2)
    {
      usage ();
      return EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage ();
      return EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("dengbao-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  command = dbo_cli_find_command (commands, G_N_ELEMENTS (commands), argv[1]);
  /* The command sees itself as argv[0], so its --help names it. */
  if (command != NULL)
    return command->run (argc - 1, argv + 1);
  return dbo_cli_fail (_("'%s' is not a command; see 'dengbao-cli --help'"), argv[1]);
}
