/* test-advice.c — what to do next, for a finding and for a project
 */
#include "dbo-test-utils.h"

#include <string.h>

#include "dbo-advice.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboFinding, dbo_finding_free)

/* The shipped rule set, loaded once in main (). */
static DboRuleset *shipped;

static DboFinding *
finding (const char *code, const char *path)
{
  /* Tests run without the catalogue: the finding says its English. */
  return dbo_finding_new (DBO_SEVERITY_ERROR, code, path, "", 0, dbo_text_pair ("消息", "the message"));
}

typedef struct {
  const char *code;
  const char *path;
  const char *advice;             /* the untranslated sentence */
} AdviceCase;

static const AdviceCase cases[] = {
  { "credit-code", "enterprise/credit-code", "Correct the unified social credit code" },
  { "missing-field", "enterprise/contact/mobile", "Complete the enterprise information the filing form needs" },
  { "no-objects", "objects", "Add the protected objects: every network the enterprise runs" },
  { "level-below-minimum", "objects/o1/grading", "Raise the drafted level of “调度” to the required minimum" },
  { "level-below-minimum", "panel/recommendations/o1",
    "Raise the panel’s recommended level for “调度” to the required minimum" },
  { "missing-field", "objects/o1/grading/business/harm", "Grade “调度”: choose the harmed objects and degrees of harm" },
  { "missing-field", "objects/o1/grading/drafted", "Complete the grading of “调度”" },
  { "missing-field", "objects/o1/gradings", "Complete the details of protected object “调度”" },
  { "missing-field", "objects/o1/owner/phone", "Complete the details of protected object “调度”" },
  { "missing-field", "objects/o2/name", "Complete the details of protected object “Unnamed object 2”" },
  { "panel-leader", "panel/members", "Choose the panel leader" },
  { "recommendation-missing", "panel/recommendations/o1", "Record the panel’s recommended level for “调度”" },
  { "panel-not-concluded", "panel/conclusion", "Record the panel’s conclusion" },
  { "deadline-overdue", "deadlines/filing/o1", "the message" },
};

static void
test_for_finding (void)
{
  const DboRuleset *rules = shipped;
  g_autoptr(DboProject) project = dbo_project_new ();
  DboObject *named = dbo_object_new ("o1");

  dbo_set_str (&named->name, "调度");
  g_ptr_array_add (project->objects, named);
  g_ptr_array_add (project->objects, dbo_object_new ("o2"));
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DboFinding) f = finding (cases[i].code, cases[i].path);
      g_autofree char *advice = dbo_advice_for_finding (f, project, rules);

      g_assert_cmpstr (advice, ==, cases[i].advice);
    }
}

/* The panel's make-up is the rule set's own words. */
static void
test_panel_from_rules (void)
{
  const DboRuleset *rules = shipped;
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autoptr(DboFinding) f = finding ("panel-composition", "panel/members");
  g_autofree char *advice = dbo_advice_for_finding (f, project, rules);

  g_assert_true (g_str_has_prefix (advice, "Organise the expert review: "));
  g_assert_nonnull (strstr (advice, dbo_ruleset_get_panel_rules (rules)->text_en));
}

static void
test_next (void)
{
  const DboRuleset *rules = shipped;
  g_autoptr(DboProject) project = dbo_project_new ();
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_finding_free);
  const DboFinding *f = NULL;
  DboNextStage stage;
  g_autofree char *submit = NULL;
  g_autofree char *file = NULL;
  g_autofree char *assess = NULL;
  g_autofree char *fix = NULL;

  submit = dbo_advice_next (project, rules, findings, &stage, &f);
  g_assert_cmpint (stage, ==, DBO_NEXT_SUBMIT);
  g_assert_null (f);
  g_assert_cmpstr (submit, ==, "Export the submission bundle and apply for the review");
  g_ptr_array_add (project->reviews, dbo_review_new (1));
  file = dbo_advice_next (project, rules, findings, &stage, NULL);
  g_assert_cmpint (stage, ==, DBO_NEXT_FILE);
  project->has_filing = TRUE;
  dbo_set_str (&project->filing.certificate, "14050099001-21001");
  assess = dbo_advice_next (project, rules, findings, &stage, NULL);
  g_assert_cmpint (stage, ==, DBO_NEXT_ASSESS);
  g_assert_cmpstr (assess, ==, "Keep the MLPS assessments on schedule");

  /* A warning does not block; an error first in the list does. */
  g_ptr_array_add (findings, finding ("panel-not-concluded", "panel/conclusion"));
  ((DboFinding *) g_ptr_array_index (findings, 0))->severity = DBO_SEVERITY_WARNING;
  g_free (dbo_advice_next (project, rules, findings, &stage, &f));
  g_assert_cmpint (stage, ==, DBO_NEXT_ASSESS);
  ((DboFinding *) g_ptr_array_index (findings, 0))->severity = DBO_SEVERITY_ERROR;
  fix = dbo_advice_next (project, rules, findings, &stage, &f);
  g_assert_cmpint (stage, ==, DBO_NEXT_FIX);
  g_assert_true (f == g_ptr_array_index (findings, 0));
  g_assert_cmpstr (fix, ==, "Record the panel’s conclusion");
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/advice/for-finding", test_for_finding);
  g_test_add_func ("/advice/panel-from-rules", test_panel_from_rules);
  g_test_add_func ("/advice/next", test_next);
  shipped = dbo_ruleset_load_default (NULL);
  g_assert_nonnull (shipped);
  status = g_test_run ();
  dbo_ruleset_unref (shipped);
  return status;
}
