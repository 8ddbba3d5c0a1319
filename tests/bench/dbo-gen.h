/* dbo-gen.h — large, realistic projects for benchmarks */
#pragma once

#include "dbo-model.h"
#include "dbo-ruleset.h"

/* A group company (集团公司) with @n_objects objects across its mines,
 * graded, reviewed by a five-member panel, every field filled. Deterministic. */
DboProject *dbo_gen_group_project (const DboRuleset *rules, guint n_objects);
