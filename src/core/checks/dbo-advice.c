#define G_LOG_DOMAIN "dengbao-advice"
#include "config.h"

#include "dbo-advice.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* objects/<id>/grading…: the levels, not the object's own details. */
static gboolean
is_grading_path (const char *path, const char *id)
{
  const char *rest;

  if (!g_str_has_prefix (path, "objects/"))
    return FALSE;
  rest = path + strlen ("objects/") + strlen (id);
  return g_str_has_prefix (rest, "/grading") && (rest[8] == '\0' || rest[8] == '/');
}

char *
dbo_advice_for_finding (const DboFinding *f, const DboProject *project, const DboRuleset *rules)
{
  g_autofree char *id = NULL;
  gboolean grading;
  const DboObject *object;
  g_autofree char *name = NULL;

  g_return_val_if_fail (f != NULL, NULL);
  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  id = dbo_finding_object_id (f->path);
  object = id != NULL ? dbo_project_find_object (project, id) : NULL;
  grading = id != NULL && is_grading_path (f->path, id);
  name = object == NULL ? g_strdup ("") : dbo_object_display_name (project, object);

  if (g_str_equal (f->code, "credit-code"))
    return g_strdup (_("Correct the unified social credit code"));
  if (g_str_has_prefix (f->path, "enterprise/"))
    {
      if (g_str_equal (f->code, "field-format"))
        return g_strdup (_("Correct the enterprise’s address"));
      return g_strdup (_("Complete the enterprise information the filing form needs"));
    }
  if (g_str_equal (f->code, "no-objects"))
    return g_strdup (_("Add the protected objects: every network the enterprise runs"));
  if (g_str_equal (f->code, "level-below-minimum") && object != NULL && g_str_has_prefix (f->path, "objects/"))
    return g_strdup_printf (_("Raise the drafted level of “%s” to the required minimum"), name);
  if (g_str_equal (f->code, "level-below-minimum") && object != NULL)
    return g_strdup_printf (_("Raise the panel’s recommended level for “%s” to the required minimum"), name);
  if (g_str_equal (f->code, "override-without-reason") && object != NULL)
    return g_strdup_printf (_("Give the reason for adjusting the level of “%s”"), name);
  if (object != NULL && grading && g_str_has_suffix (f->path, "/harm"))
    return g_strdup_printf (_("Grade “%s”: choose the harmed objects and degrees of harm"), name);
  if (object != NULL && grading)
    return g_strdup_printf (_("Complete the grading of “%s”"), name);
  if (object != NULL && g_str_has_prefix (f->path, "objects/"))
    return g_strdup_printf (_("Complete the details of protected object “%s”"), name);
  if (g_str_equal (f->code, "panel-size") || g_str_equal (f->code, "panel-composition"))
    {
      const DboPanelRules *panel = dbo_ruleset_get_panel_rules (rules);

      /* The make-up as the rule set words it. */
      return g_strdup_printf (_("Organise the expert review: %s"),
                              dbo_ruleset_pick_text (panel->text_zh, panel->text_en));
    }
  if (g_str_equal (f->code, "panel-leader"))
    return g_strdup (_("Choose the panel leader"));
  if (g_str_has_prefix (f->path, "panel/members/"))
    return g_strdup (_("Complete the panel members’ details"));
  if (g_str_equal (f->path, "panel/@date"))
    return g_strdup (_("Enter the date of the expert review"));
  if (g_str_equal (f->code, "recommendation-missing") && object != NULL)
    return g_strdup_printf (_("Record the panel’s recommended level for “%s”"), name);
  if (g_str_equal (f->code, "recommendation-without-reason") && object != NULL)
    return g_strdup_printf (_("Record the panel’s reason for its recommendation for “%s”"), name);
  if (g_str_equal (f->code, "panel-not-concluded"))
    return g_strdup (_("Record the panel’s conclusion"));
  if (g_str_equal (f->code, "panel-opinion-stale"))
    return g_strdup (_("Have the panel confirm its opinion again: the graded data changed after it concluded"));
  if (g_str_equal (f->code, "review-number"))
    return g_strdup (_("Correct the review number"));
  /* A finding this list does not know yet: its own words still say what to do. */
  return g_strdup (dbo_finding_describe (f));
}

char *
dbo_advice_next (const DboProject *project, const DboRuleset *rules, GPtrArray *findings,
                 DboNextStage *stage_out, const DboFinding **finding_out)
{
  const DboFinding *f = NULL;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (findings != NULL, NULL);
  g_return_val_if_fail (stage_out != NULL, NULL);

  if (findings->len > 0 && ((DboFinding *) g_ptr_array_index (findings, 0))->severity == DBO_SEVERITY_ERROR)
    f = g_ptr_array_index (findings, 0);
  if (finding_out != NULL)
    *finding_out = f;
  if (f != NULL)
    {
      *stage_out = DBO_NEXT_FIX;
      return dbo_advice_for_finding (f, project, rules);
    }

  /* Nothing blocks: the next thing is the next stage of the filing. */
  if (project->reviews->len == 0)
    {
      *stage_out = DBO_NEXT_SUBMIT;
      return g_strdup (_("Export the submission bundle and apply for the review"));
    }
  if (!project->has_filing || dbo_str_empty (project->filing.certificate))
    {
      *stage_out = DBO_NEXT_FILE;
      return g_strdup (_("Record the review and file with the police"));
    }
  *stage_out = DBO_NEXT_ASSESS;
  return g_strdup (_("Keep the MLPS assessments on schedule"));
}
