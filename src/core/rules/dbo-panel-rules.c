#define G_LOG_DOMAIN "dengbao-panel-rules"
#include "config.h"

#include "dbo-panel-rules.h"

#include <glib/gi18n-lib.h>

void
dbo_panel_rule_result_free (DboPanelRuleResult *result)
{
  if (result == NULL)
    return;
  g_free (result->text);
  g_free (result);
}

static DboPanelRuleResult *
add_result (GPtrArray *out, const DboPanelRules *rules, DboPanelRuleId rule, gboolean met, int required,
            int counted, char *text)
{
  DboPanelRuleResult *result = g_new0 (DboPanelRuleResult, 1);

  result->rule = rule;
  result->met = met;
  result->required = required;
  result->counted = counted;
  result->clause = rules->clause;
  result->text = text;
  g_ptr_array_add (out, result);
  return result;
}

GPtrArray *
dbo_panel_rules_evaluate (const DboRuleset *ruleset, const DboPanel *panel)
{
  const DboPanelRules *rules;
  GPtrArray *out;
  int per_kind[DBO_N_MEMBER_KINDS] = { 0 };
  int n, leaders = 0;

  g_return_val_if_fail (ruleset != NULL, NULL);
  g_return_val_if_fail (panel != NULL, NULL);

  rules = dbo_ruleset_get_panel_rules (ruleset);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_panel_rule_result_free);
  n = (int) panel->members->len;
  for (int i = 0; i < n; i++)
    {
      const DboMember *m = g_ptr_array_index (panel->members, i);

      if ((guint) m->kind < DBO_N_MEMBER_KINDS)
        per_kind[m->kind]++;
      leaders += m->leader ? 1 : 0;
    }

  if (rules->odd)
    add_result (out, rules, DBO_PANEL_RULE_ODD, n % 2 == 1, 0, n, g_strdup (_("Odd number of members")));
  add_result (out, rules, DBO_PANEL_RULE_MIN_MEMBERS, n >= rules->min_members, rules->min_members, n,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %d member", "At least %d members",
                                            rules->min_members), rules->min_members));
  for (int k = 0; k < DBO_N_MEMBER_KINDS; k++)
    {
      const DboMemberKindRule *kind = &rules->kinds[k];
      DboPanelRuleResult *result;

      if (!kind->required)
        continue;
      result = add_result (out, rules, DBO_PANEL_RULE_KIND, per_kind[k] > 0, 1, per_kind[k],
                           /* TRANSLATORS: %s is a kind of expert from the rule set, e.g. "information-security expert". */
                           g_strdup_printf (_("At least one %s"), dbo_ruleset_pick_text (kind->name_zh, kind->name_en)));
      result->kind = kind;
    }
  add_result (out, rules, DBO_PANEL_RULE_LEADERS, leaders == rules->leaders, rules->leaders, leaders,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exactly %d panel leader", "Exactly %d panel leaders",
                                            rules->leaders), rules->leaders));
  return out;
}

char *
dbo_panel_rules_describe (const DboRuleset *ruleset)
{
  const DboPanelRules *rules;

  g_return_val_if_fail (ruleset != NULL, NULL);

  rules = dbo_ruleset_get_panel_rules (ruleset);
  return g_strdup_printf ("%s（%s）", dbo_ruleset_pick_text (rules->text_zh, rules->text_en),
                          rules->clause ? rules->clause : "");
}
