/* libFuzzer target: the project.xml reader on any bytes. Whatever it accepts
 * must write back and read again to the same canonical form. */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "dbo-project-xml.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) project = dbo_project_xml_read ((const char *) data, size, "fuzz.xml", &error);
  g_autoptr(DboProject) again = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL;
  gsize len = 0, len2 = 0;

  if ((project == NULL) == (error == NULL))
    __builtin_trap ();
  if (project == NULL)
    return 0;
  /* Round trip: written, read back, written again — the same bytes. */
  xml = dbo_project_xml_write (project, &len);
  again = dbo_project_xml_read (xml, len, "fuzz-again.xml", &error);
  if (again == NULL)
    {
      g_printerr ("an accepted project.xml does not read back: %s\n", error->message);
      __builtin_trap ();
    }
  xml2 = dbo_project_xml_write (again, &len2);
  if (len != len2 || memcmp (xml, xml2, len) != 0)
    {
      g_printerr ("an accepted project.xml does not write back the same\n");
      __builtin_trap ();
    }
  return 0;
}
