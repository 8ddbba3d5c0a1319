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
/* JSON string (escaped per RFC 8259) and "key": */
void             dbo_cli_json_str        (GString *out, const char *s);
void             dbo_cli_json_key        (GString *out, const char *key);
GOptionContext  *dbo_cli_new_context     (const char *command, const char *args, const char *summary,
                                          GOptionEntry *entries);
/* Parses options; prints the error and returns FALSE on bad ones. */
gboolean         dbo_cli_parse_options   (GOptionContext *ctx, int *argc, char ***argv);
/* Exactly @want positional arguments remain. */
gboolean         dbo_cli_check_args      (int argc, char **argv, int want, const char *command);
/* @path is given and does not exist yet. */
gboolean         dbo_cli_check_new_output (const char *path, const char *option);
/* The project's rule set (or the default). */
DboRuleset      *dbo_cli_load_rules_for  (const DboProject *project, GError **error);
/* A .dengbao or project.xml; prints the error and returns NULL on failure. */
DboProject      *dbo_cli_load_project    (const char *path);
/* Today, or the --today text; prints the error and returns FALSE on a bad date. */
gboolean         dbo_cli_parse_today     (const char *text, GDate *today);

G_END_DECLS
