/* test-panel-rules.c — the panel rules counted on a panel, one result per rule
 */
#include "dbo-test-utils.h"

#include <string.h>

#include "dbo-panel-rules.h"

/* The shipped rule set, loaded once in main (). */
static DboRuleset *shipped;

static void
add_member (DboProject *project, DboMemberKind kind, gboolean leader)
{
  g_autofree char *id = g_strdup_printf ("m%u", project->panel.members->len + 1);
  DboMember *m = dbo_member_new (id);

  m->kind = kind;
  m->leader = leader;
  g_ptr_array_add (project->panel.members, m);
}

static const DboPanelRuleResult *
result (GPtrArray *results, guint i)
{
  g_assert_cmpuint (i, <, results->len);
  return g_ptr_array_index (results, i);
}

/* The order is fixed: odd, minimum, each required kind, leaders. */
static void
test_empty_panel (void)
{
  const DboRuleset *rules = shipped;
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autoptr(GPtrArray) results = dbo_panel_rules_evaluate (rules, &project->panel);

  g_assert_cmpuint (results->len, ==, 5);
  g_assert_cmpint (result (results, 0)->rule, ==, DBO_PANEL_RULE_ODD);
  g_assert_cmpint (result (results, 1)->rule, ==, DBO_PANEL_RULE_MIN_MEMBERS);
  g_assert_cmpint (result (results, 1)->required, ==, 3);
  g_assert_cmpint (result (results, 2)->rule, ==, DBO_PANEL_RULE_KIND);
  g_assert_cmpint (result (results, 2)->kind->kind, ==, DBO_MEMBER_INFOSEC);
  g_assert_cmpint (result (results, 3)->kind->kind, ==, DBO_MEMBER_COAL_IT);
  g_assert_cmpint (result (results, 4)->rule, ==, DBO_PANEL_RULE_LEADERS);
  for (guint i = 0; i < results->len; i++)
    {
      g_assert_false (result (results, i)->met);
      g_assert_cmpstr (result (results, i)->clause, ==, "晋能源信监发〔2021〕94号 §三(一)3");
      g_assert_true (result (results, i)->text != NULL && *result (results, i)->text != '\0');
    }
  g_assert_cmpint (result (results, 4)->counted, ==, 0);
}

static void
test_counts (void)
{
  const DboRuleset *rules = shipped;
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autoptr(GPtrArray) four = NULL;
  g_autoptr(GPtrArray) three = NULL;

  add_member (project, DBO_MEMBER_INFOSEC, TRUE);
  add_member (project, DBO_MEMBER_INFOSEC, TRUE);
  add_member (project, DBO_MEMBER_INFOSEC, FALSE);
  add_member (project, DBO_MEMBER_INFOSEC, FALSE);
  four = dbo_panel_rules_evaluate (rules, &project->panel);
  g_assert_false (result (four, 0)->met);        /* 4 is even */
  g_assert_true (result (four, 1)->met);         /* at least 3 */
  g_assert_true (result (four, 2)->met);
  g_assert_cmpint (result (four, 2)->counted, ==, 4);
  g_assert_false (result (four, 3)->met);        /* no coal-industry IT expert */
  g_assert_false (result (four, 4)->met);        /* two leaders */
  g_assert_cmpint (result (four, 4)->counted, ==, 2);

  g_ptr_array_remove_index (project->panel.members, 0);
  ((DboMember *) g_ptr_array_index (project->panel.members, 2))->kind = DBO_MEMBER_COAL_IT;
  three = dbo_panel_rules_evaluate (rules, &project->panel);
  for (guint i = 0; i < three->len; i++)
    g_assert_true (result (three, i)->met);
}

/* A rule set that does not ask for an odd number has no such result. */
static void
test_rules_are_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dbo_test_source_path ("data", "rulesets", "shanxi-coal-2021.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DboRuleset) rules = NULL;
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_auto(GStrv) parts = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (text, "odd=\"true\"", 2);
  g_assert_nonnull (parts[1]);
  edited = g_strjoin ("odd=\"false\"", parts[0], parts[1], NULL);
  bytes = g_bytes_new (edited, strlen (edited));
  rules = dbo_ruleset_load_bytes (bytes, "edited", &error);
  g_assert_no_error (error);
  results = dbo_panel_rules_evaluate (rules, &project->panel);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpint (result (results, 0)->rule, ==, DBO_PANEL_RULE_MIN_MEMBERS);
}

static void
test_describe (void)
{
  const DboRuleset *rules = shipped;
  g_autofree char *text = dbo_panel_rules_describe (rules);

  g_assert_true (g_str_has_suffix (text, "（晋能源信监发〔2021〕94号 §三(一)3）"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/panel-rules/empty", test_empty_panel);
  g_test_add_func ("/panel-rules/counts", test_counts);
  g_test_add_func ("/panel-rules/rules-are-data", test_rules_are_data);
  g_test_add_func ("/panel-rules/describe", test_describe);
  shipped = dbo_ruleset_load_default (NULL);
  g_assert_nonnull (shipped);
  status = g_test_run ();
  dbo_ruleset_unref (shipped);
  return status;
}
