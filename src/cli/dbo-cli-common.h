/* dbo-cli-common.h — what every dengbao-cli command shares */
#pragma once

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "dbo-calendar.h"
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

enum {
  EXIT_OK = 0,
  EXIT_FINDINGS = 1,
  EXIT_USAGE = 2,
};

/* Prints "dengbao-cli: <message>" as one line on stderr; returns EXIT_USAGE. */
int              dbo_cli_fail            (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* A small JSON writer: a string (escaped per RFC 8259, "" for NULL); a key
 * ("key":), after a comma unless it opens its object; an object or array
 * opened ('{' or '['), after a comma unless it is the first in its array. */
void             dbo_cli_json_str        (GString *out, const char *s);
void             dbo_cli_json_key        (GString *out, const char *key);
void             dbo_cli_json_open       (GString *out, char bracket);
/* "key":"value" ("" for NULL), "key":"value" or null, "key":N, "key":true|false. */
void             dbo_cli_json_member     (GString *out, const char *key, const char *value);
void             dbo_cli_json_member_or_null (GString *out, const char *key, const char *value);
void             dbo_cli_json_member_int (GString *out, const char *key, gint64 value);
void             dbo_cli_json_member_bool (GString *out, const char *key, gboolean value);
/* Prints @out and a newline on stdout. */
void             dbo_cli_json_print      (const GString *out);
GOptionContext  *dbo_cli_new_context     (const char *command, const char *args, const char *summary,
                                          GOptionEntry *entries);
/* Parses the options, then checks that exactly @want positional arguments
 * remain; prints what is wrong and returns FALSE. */
gboolean         dbo_cli_parse_args      (GOptionContext *ctx, int *argc, char ***argv, int want,
                                          const char *command);
/* @path is given and does not exist yet. */
gboolean         dbo_cli_check_new_output (const char *path, const char *option);
/* The project's rule set (or the default). */
DboRuleset      *dbo_cli_load_rules_for  (const DboProject *project, GError **error);
/* A .dengbao or project.xml; prints the error and returns NULL on failure. */
DboProject      *dbo_cli_load_project    (const char *path);
/* The project at @path, its rule set and, when @calendar_out is not NULL, the
 * working-day calendar; prints the first failure and returns FALSE. */
gboolean         dbo_cli_load_all        (const char *path, DboProject **project_out, DboRuleset **rules_out,
                                          DboCalendar **calendar_out);
/* @output exists and is the same file as @input. */
gboolean         dbo_cli_same_file       (const char *output, const char *input);
/* Today, or the --today text; prints the error and returns FALSE on a bad date. */
gboolean         dbo_cli_parse_today     (const char *text, GDate *today);

/* A command (or a desk subcommand): its name, its arguments and summary for
 * the usage text, and what runs it with itself as argv[0]. */
typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  int (*run) (int argc, char **argv);
} DboCliCommand;

/* One usage line per command, the names in a column @name_width wide. */
void             dbo_cli_print_commands  (const DboCliCommand *commands, gsize n_commands, int name_width);
/* The command called @name, or NULL. */
const DboCliCommand *dbo_cli_find_command (const DboCliCommand *commands, gsize n_commands, const char *name);

G_END_DECLS
