/* Every field of the model through project.xml and back. */
#include "config.h"
#include "dbo-test-project.h"
#include "dbo-test-utils.h"

#include "dbo-project-xml.h"

/* project.xml names attachments without their bytes and has no mobile for
 * the 单位负责人: everything else comes back. */
#define XML_HOLDS (DBO_TEST_COMPARE_NO_HEAD_MOBILE | DBO_TEST_COMPARE_NO_ATTACHMENT_DATA)

static void
test_write_read (void)
{
  g_autoptr(DboProject) p = dbo_test_project_full ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  gsize len = 0, len_again = 0;

  xml = dbo_project_xml_write (p, &len);
  g_assert_nonnull (xml);
  back = dbo_project_xml_read (xml, len, "project.xml", &error);
  g_assert_no_error (error);
  dbo_test_project_assert_equal (p, back, XML_HOLDS);

  /* Written again, the same bytes. */
  again = dbo_project_xml_write (back, &len_again);
  g_assert_cmpmem (xml, len, again, len_again);
}

/* Through a file: the reader then loads the attachments' bytes from the
 * folder beside it when they are there. */
static void
test_write_read_file (void)
{
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "project.xml", NULL);
  g_autoptr(DboProject) p = dbo_test_project_full ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dbo_project_xml_write_file (p, path, &error));
  g_assert_no_error (error);
  back = dbo_project_xml_read_file (path, &error);
  g_assert_no_error (error);
  dbo_test_project_assert_equal (p, back, XML_HOLDS);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/project-xml-roundtrip/write-read", test_write_read);
  g_test_add_func ("/project-xml-roundtrip/write-read-file", test_write_read_file);
  return g_test_run ();
}
