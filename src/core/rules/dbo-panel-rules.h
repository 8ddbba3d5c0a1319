/* dbo-panel-rules.h — the rule set's panel rules counted on a panel
 *
 * One evaluation, one result per rule, for everyone who shows or enforces
 * them: the checks turn the unmet ones into findings, the panel step shows
 * them all as a checklist.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

typedef enum {
  DBO_PANEL_RULE_ODD,             /* an odd number of members */
  DBO_PANEL_RULE_MIN_MEMBERS,     /* at least min_members */
  DBO_PANEL_RULE_KIND,            /* at least one member of a required kind */
  DBO_PANEL_RULE_LEADERS,         /* exactly this many leaders */
} DboPanelRuleId;

typedef struct {
  DboPanelRuleId rule;
  gboolean met;
  int required;                   /* the minimum, the number of leaders; 1 for a kind; 0 for odd */
  int counted;                    /* members, leaders, or members of the kind, on the panel now */
  const DboMemberKindRule *kind;  /* DBO_PANEL_RULE_KIND only */
  const char *clause;             /* the rule's source, owned by the rule set */
  char *text;                     /* the rule in the UI's language: "At least 3 members" */
} DboPanelRuleResult;

void       dbo_panel_rule_result_free (DboPanelRuleResult *result);

/* The results in a fixed order: odd (when the rules ask for it), minimum,
 * each required kind in DboMemberKind order, leaders. The array frees them;
 * the results borrow from @rules. */
GPtrArray *dbo_panel_rules_evaluate   (const DboRuleset *rules, const DboPanel *panel);
/* The panel rule as the rule set words it, with its clause, in the UI's
 * language: "网络安全等级保护定级专家组应由…（晋能源信监发〔2021〕94号 §三(一)3）". */
char      *dbo_panel_rules_describe   (const DboRuleset *rules);

G_END_DECLS
