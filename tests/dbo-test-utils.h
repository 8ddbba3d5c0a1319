/* dbo-test-utils.h — helpers shared by the tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include "config.h"

G_BEGIN_DECLS

/* A path in the source tree: dbo_test_source_path ("data", "samples", "x.xml", NULL). */
char     *dbo_test_source_path (const char *first, ...) G_GNUC_NULL_TERMINATED;
/* The bundled sample project (data/samples/jincheng-sample.xml). */
char     *dbo_test_sample_path (void);
/* A fresh private directory for this test case, inside the isolated XDG
 * directories (removed when the test case ends). */
char     *dbo_test_mkdtemp     (void);
/* The names in @dir, sorted, joined by spaces ("" for an empty folder). */
char     *dbo_test_list_dir    (const char *dir);
/* SHA-256 hex of a file's bytes, or NULL when it does not exist. */
char     *dbo_test_file_sha256 (const char *path);
/* Runs the built dengbao-cli with @argv (NULL-terminated, without argv[0]).
 * Returns the exit status; *@out / *@err get stdout and stderr when non-NULL. */
int       dbo_test_run_cli     (const char * const *argv, char **out, char **err);
/* Messages through the build's zh_CN catalogue (DENGBAO_LOCALEDIR), numbers
 * and dates still C; FALSE when the catalogue or the locale is not at hand. */
gboolean  dbo_test_bind_zh_catalogue (void);

/* SQL that takes a project file of the current format back to format 1, as
 * Dengbao 1 made it: the tables and columns later formats added dropped. */
#define DBO_TEST_TO_FORMAT_1_SQL \
  "PRAGMA journal_mode = DELETE; DROP TABLE dissents; DROP TABLE previous_conclusions; DROP TABLE not_run;" \
  "ALTER TABLE objects DROP COLUMN service_targets_other;" \
  "ALTER TABLE objects DROP COLUMN network_nature_other; PRAGMA user_version = 1;"

G_END_DECLS
