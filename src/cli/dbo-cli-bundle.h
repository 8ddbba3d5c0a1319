/* dbo-cli-bundle.h — dengbao-cli export, verify and import of bundles (issue 6) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* dengbao-cli export PROJECT -o FILE.zip [--kind submission|backup|review] [--today DATE] */
int      dbo_cli_cmd_export     (int argc, char **argv);
/* dengbao-cli verify FILE.zip [--json] */
int      dbo_cli_cmd_verify     (int argc, char **argv);
/* The ZIP branch of `dengbao-cli import FILE.zip -o FILE.dengbao` (after its options are checked). */
int      dbo_cli_bundle_import  (const char *bundle, const char *output);
/* The ZIP branch of `dengbao-cli import REPLY.zip --into PROJECT`: records
 * the bureau's answer in the project. */
int      dbo_cli_bundle_import_review (const char *bundle, const char *project);
/* Prints a bundle refusal as one line naming the check and the file; returns EXIT_USAGE. */
int      dbo_cli_fail_bundle    (const char *command, const char *path, const GError *error);
/* TRUE when @path begins with a ZIP local header ("PK\3\4"). */
gboolean dbo_cli_is_zip         (const char *path);

G_END_DECLS
