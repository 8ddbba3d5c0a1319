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

/* A set resolves from the preferences it is given, beside the default set
 * and any other set of the same process. */
static void
test_font_sets (void)
{
  const char *sans[DBO_N_FONT_ROLES] = { NULL, "Noto Sans CJK SC", "", "方正仿宋_不存在的字体" };
  g_autoptr(DboFontSet) preferred = dbo_font_set_new (sans);
  g_autoptr(DboFontSet) plain = dbo_font_set_new (NULL);

  g_assert_cmpstr (dbo_font_set_get_family (preferred, DBO_FONT_BODY), ==, "Noto Sans CJK SC");
  g_assert_cmpstr (dbo_font_set_get_family (plain, DBO_FONT_BODY), !=, "Noto Sans CJK SC");
  for (int role = 0; role < DBO_N_FONT_ROLES; role++)
    if (role != DBO_FONT_BODY)
      g_assert_cmpstr (dbo_font_set_get_family (preferred, role), ==, dbo_font_set_get_family (plain, role));
  /* A role out of range reads as the body text. */
  g_assert_cmpstr (dbo_font_set_get_family (plain, DBO_N_FONT_ROLES), ==,
                   dbo_font_set_get_family (plain, DBO_FONT_BODY));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/fonts/preferred", test_preferred_fonts);
  g_test_add_func ("/core/fonts/sets", test_font_sets);
  return g_test_run ();
}
