/* The documents' fonts: a user's preferred family is used where installed. */
#include "dbo-test-utils.h"

#include "dbo-layout.h"

static void
test_preferred_fonts (void)
{
  /* Fonts are resolved once per process: the preferences come first. */
  dbo_layout_prefer_font (DBO_FONT_BODY, "Noto Sans CJK SC");
  dbo_layout_prefer_font (DBO_FONT_TABLE, "方正仿宋_不存在的字体");
  dbo_layout_prefer_font (DBO_FONT_TITLE, "");

  g_assert_cmpstr (dbo_layout_font_family (DBO_FONT_BODY), ==, "Noto Sans CJK SC");
  /* A family that is not installed is passed over. */
  g_assert_cmpstr (dbo_layout_font_family (DBO_FONT_TABLE), !=, "方正仿宋_不存在的字体");
  g_assert_nonnull (strstr (dbo_layout_font_family (DBO_FONT_TABLE), "CJK"));
  g_assert_nonnull (strstr (dbo_layout_font_family (DBO_FONT_TITLE), "CJK"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/fonts/preferred", test_preferred_fonts);
  return g_test_run ();
}
