/* dbo-cli-desk.h — dengbao-cli desk: the bureau's receiving side (issue 17) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* dengbao-cli desk init|receive|list|decide|render|reply … */
int      dbo_cli_cmd_desk       (int argc, char **argv);

G_END_DECLS
