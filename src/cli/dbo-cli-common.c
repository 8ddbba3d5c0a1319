#define G_LOG_DOMAIN "dengbao-cli"
#include "config.h"

#include "dbo-cli-common.h"

#include <string.h>

#include "dbo-project-file.h"

int
dbo_cli_fail (const char *format, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* One line, whatever the message holds. */
  g_strdelimit (msg, "\n\r", ' ');
  g_printerr ("dengbao-cli: %s\n", msg);
  return EXIT_USAGE;
}

/* ---- a small JSON writer (strings escaped per RFC 8259) ---- */

void
dbo_cli_json_str (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s ? s : ""; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* A comma, unless @out is empty or what comes next opens its object or array
 * or is the value of a key. */
static void
json_separate (GString *out)
{
  if (out->len > 0 && strchr ("{[:,", out->str[out->len - 1]) == NULL)
    g_string_append_c (out, ',');
}

void
dbo_cli_json_key (GString *out, const char *key)
{
  json_separate (out);
  dbo_cli_json_str (out, key);
  g_string_append_c (out, ':');
}

void
dbo_cli_json_open (GString *out, char bracket)
{
  json_separate (out);
  g_string_append_c (out, bracket);
}

void
dbo_cli_json_member (GString *out, const char *key, const char *value)
{
  dbo_cli_json_key (out, key);
  dbo_cli_json_str (out, value);
}

void
dbo_cli_json_member_or_null (GString *out, const char *key, const char *value)
{
  dbo_cli_json_key (out, key);
  if (value == NULL)
    g_string_append (out, "null");
  else
    dbo_cli_json_str (out, value);
}

void
dbo_cli_json_member_int (GString *out, const char *key, gint64 value)
{
  dbo_cli_json_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
dbo_cli_json_member_bool (GString *out, const char *key, gboolean value)
{
  dbo_cli_json_key (out, key);
  g_string_append (out, value ? "true" : "false");
}

void
dbo_cli_json_print (const GString *out)
{
  g_print ("%s\n", out->str);
}

/* ---- shared helpers ---- */

GOptionContext *
dbo_cli_new_context (const char *command, const char *args, const char *summary, GOptionEntry *entries)
{
  g_autofree char *param = g_strdup_printf ("%s %s", command, args);
  GOptionContext *ctx = g_option_context_new (param);

  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  return ctx;
}

static gboolean
parse_options (GOptionContext *ctx, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      dbo_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

DboRuleset *
dbo_cli_load_rules_for (const DboProject *project, GError **error)
{
  const char *id = project && !dbo_str_empty (project->ruleset) ? project->ruleset : DBO_DEFAULT_RULESET;

  return dbo_ruleset_load_named (id, error);
}

DboProject *
dbo_cli_load_project (const char *path)
{
  g_autoptr(GError) error = NULL;
  DboProject *project = dbo_project_file_load (path, &error);

  if (project == NULL)
    dbo_cli_fail ("%s", error->message);
  return project;
}

gboolean
dbo_cli_load_all (const char *path, DboProject **project_out, DboRuleset **rules_out, DboCalendar **calendar_out)
{
  g_autoptr(GError) error = NULL;

  *project_out = dbo_cli_load_project (path);
  if (*project_out == NULL)
    return FALSE;
  *rules_out = dbo_cli_load_rules_for (*project_out, &error);
  if (*rules_out == NULL)
    {
      dbo_cli_fail ("%s", error->message);
      return FALSE;
    }
  if (calendar_out == NULL)
    return TRUE;
  *calendar_out = dbo_calendar_load_default (&error);
  if (*calendar_out == NULL)
    {
      dbo_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
dbo_cli_same_file (const char *output, const char *input)
{
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) b = NULL;

  if (!g_file_test (output, G_FILE_TEST_EXISTS))
    return FALSE;
  a = g_file_new_for_path (output);
  b = g_file_new_for_path (input);
  return g_file_equal (a, b);
}

gboolean
dbo_cli_parse_today (const char *text, GDate *today)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (today, 1);
      g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      return TRUE;
    }
  if (!dbo_date_parse (text, today, &error))
    {
      dbo_cli_fail (_("--today: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

/* Checks the positional arguments left after option parsing: exactly @want. */
static gboolean
check_args (int argc, char **argv, int want, const char *command)
{
  if (argc - 1 < want)
    {
      dbo_cli_fail (_("%s: missing argument (see 'dengbao-cli %s --help')"), command, command);
      return FALSE;
    }
  if (argc - 1 > want)
    {
      dbo_cli_fail (_("%s: unexpected argument '%s' (see 'dengbao-cli %s --help')"), command, argv[want + 1], command);
      return FALSE;
    }
  return TRUE;
}

gboolean
dbo_cli_parse_args (GOptionContext *ctx, int *argc, char ***argv, int want, const char *command)
{
  return parse_options (ctx, argc, argv) && check_args (*argc, *argv, want, command);
}

/* Refuses to write over an existing file or onto an input. */
gboolean
dbo_cli_check_new_output (const char *path, const char *option)
{
  if (path == NULL || *path == '\0')
    {
      dbo_cli_fail (_("%s: an output file is required"), option);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      dbo_cli_fail (_("%s: '%s' already exists; choose another name (nothing was written)"), option, path);
      return FALSE;
    }
  return TRUE;
}

void
dbo_cli_print_commands (const DboCliCommand *commands, gsize n_commands, int name_width)
{
  for (gsize i = 0; i < n_commands; i++)
    g_print ("  %-*s %-44s %s\n", name_width, commands[i].name, commands[i].args, _(commands[i].summary));
}

const DboCliCommand *
dbo_cli_find_command (const DboCliCommand *commands, gsize n_commands, const char *name)
{
  for (gsize i = 0; i < n_commands; i++)
    if (strcmp (name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}
