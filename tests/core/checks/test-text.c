/* DboText: the three ways to say a finding's words, and formats a catalogue
 * might get wrong. */
#include "dbo-test-utils.h"

#include "dbo-ruleset.h"
#include "dbo-text.h"

#include <glib/gi18n-lib.h>

static gboolean zh_catalogue;   /* the build's zh_CN catalogue is bound */

static char *
say (DboText *text, DboLanguage language)
{
  char *said = dbo_text_say (text, language);

  g_test_queue_free (said);
  return said;
}

static void
test_languages (void)
{
  g_autoptr(DboText) text = dbo_text_new (NC_("finding", "the panel has %s members: it must have an odd number of "
                                                          "members, at least %s"),
                                          "专家组现有 %s 名成员：专家组成员总数应为单数，且最低不少于 %s 名",
                                          dbo_text_literal ("4"), dbo_text_printf ("%d", 5), NULL);

  g_assert_cmpstr (say (text, DBO_LANGUAGE_ZH), ==, "专家组现有 4 名成员：专家组成员总数应为单数，且最低不少于 5 名");
  g_assert_cmpstr (say (text, DBO_LANGUAGE_EN), ==,
                   "the panel has 4 members: it must have an odd number of members, at least 5");
  /* The user's language is the catalogue's; without one, the msgid. */
  g_assert_cmpstr (say (text, DBO_LANGUAGE_UI), ==,
                   say (text, zh_catalogue ? DBO_LANGUAGE_ZH : DBO_LANGUAGE_EN));
}

static void
test_nested_and_pairs (void)
{
  g_autoptr(DboText) text = dbo_text_new (NC_("finding", "%s: due %s, overdue"), "%s：应于 %s 前完成，已逾期",
                                          dbo_text_new (NC_("finding", "%s (%s)"), "%s（%s）",
                                                        dbo_text_pair ("等级测评", "MLPS assessment"),
                                                        dbo_text_literal ("调度系统"), NULL),
                                          dbo_text_literal ("2027-01-04"), NULL);
  g_autoptr(DboText) copy = dbo_text_copy (text);

  g_assert_cmpstr (say (text, DBO_LANGUAGE_ZH), ==, "等级测评（调度系统）：应于 2027-01-04 前完成，已逾期");
  g_assert_cmpstr (say (text, DBO_LANGUAGE_EN), ==, "MLPS assessment (调度系统): due 2027-01-04, overdue");
  g_assert_cmpstr (say (copy, DBO_LANGUAGE_ZH), ==, say (text, DBO_LANGUAGE_ZH));
  g_assert_cmpstr (say (copy, DBO_LANGUAGE_EN), ==, say (text, DBO_LANGUAGE_EN));
  /* The data's own two texts follow the catalogue too. */
  g_assert_cmpstr (dbo_ruleset_pick_text ("中文", "English"), ==, zh_catalogue ? "中文" : "English");
}

/* Only %s, %N$s and %% are formats: anything else shows as written, and an
 * argument a format does not name is left out, one it names but lacks is
 * empty. */
static void
test_formats (void)
{
  g_autoptr(DboText) text = dbo_text_new ("b=%2$s a=%1$s 100%% %d %5$s %", "%1$s、%s、%s、%s",
                                          dbo_text_literal ("A"), dbo_text_literal ("B"), dbo_text_literal ("C"),
                                          NULL);

  g_assert_cmpstr (say (text, DBO_LANGUAGE_EN), ==, "b=B a=A 100% %d  %");
  g_assert_cmpstr (say (text, DBO_LANGUAGE_ZH), ==, "A、A、B、C");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  zh_catalogue = dbo_test_bind_zh_catalogue ();
  g_test_add_func ("/core/text/languages", test_languages);
  g_test_add_func ("/core/text/nested-and-pairs", test_nested_and_pairs);
  g_test_add_func ("/core/text/formats", test_formats);
  return g_test_run ();
}
