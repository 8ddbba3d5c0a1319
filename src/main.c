/* dengbao — the desktop application: sets up translations and runs DboApplication. */
#define G_LOG_DOMAIN "dengbao"
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dbo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DboApplication) app = NULL;

  /* The projects are Chinese whatever the desktop's language: Han text is
   * shown with its Simplified Chinese forms and fonts (in a C or English
   * locale Pango would otherwise pick Japanese ones). */
  g_setenv ("PANGO_LANGUAGE", "zh-cn", FALSE);
  setlocale (LC_ALL, "");
  /* DENGBAO_LOCALEDIR: the build's po/ for uninstalled runs (meson devenv, tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DENGBAO_LOCALEDIR") != NULL ? g_getenv ("DENGBAO_LOCALEDIR")
                                                                          : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dbo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
