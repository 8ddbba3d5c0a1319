/* dbo-gen-project N OUT — writes a generated group project with N objects
 * to OUT (a .dengbao file, or project.xml when OUT ends in .xml). */
#include "config.h"

#include "dbo-gen.h"
#include "dbo-project-xml.h"
#include "dbo-store.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboProject) project = NULL;
  guint64 n;

  if (argc != 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, 100000, &n, NULL))
    {
      g_printerr ("usage: dbo-gen-project N OUT.dengbao|OUT.xml\n");
      return 2;
    }
  rules = dbo_ruleset_load_default (&error);
  if (rules == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  project = dbo_gen_group_project (rules, (guint) n);
  if (g_str_has_suffix (argv[2], ".xml"))
    {
      if (!dbo_project_xml_write_file (project, argv[2], &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
    }
  else
    {
      g_autoptr(DboStore) store = dbo_store_create (argv[2], project, &error);

      if (store == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
    }
  return 0;
}
