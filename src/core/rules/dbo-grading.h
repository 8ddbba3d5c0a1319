/* dbo-grading.h — levels derived from harms (GB/T 22240-2020), never stored
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

/* One aspect's level: the highest over its harms, at least 1. */
int    dbo_grading_aspect_level  (const DboRuleset *rules, const GArray *harms);
/* The computed level: the higher of the two aspects (override ignored). */
int    dbo_grading_computed_level (const DboRuleset *rules, const DboObject *object);
/* The drafted level (分类拟定安全等级): the override when there is one, else computed. */
int    dbo_grading_drafted_level (const DboRuleset *rules, const DboObject *object);
/* The level proposed to the bureau: the panel's recommendation, else the
 * drafted level. What the bureau is asked to confirm, and what Annex 2 prints
 * as the panel's level. */
int    dbo_grading_proposed_level (const DboRuleset *rules, const DboProject *project,
                                   const DboObject *object);
/* The objects a review round covers, of const DboObject*, in project order:
 * those it already names with a level, and those whose proposed level the
 * bureau reviews and that go to its authority (any, when it names none). */
GPtrArray *dbo_grading_review_scope (const DboRuleset *rules, const DboProject *project,
                                     const DboReview *review);
/* The level the object now has: the bureau's decided level in the latest
 * approved review, else the panel's recommendation, else the drafted level. */
int    dbo_grading_effective_level (const DboRuleset *rules, const DboProject *project,
                                    const DboObject *object);

/* Why the object's level differs from the matrix's (max of the two aspects),
 * one sentence per step that changed it, in the order they happened: the
 * enterprise's override with its reason, the panel's recommendation with its
 * reason and, with @with_review, the bureau's decision with its opinion.
 * NULL when no step changed the level. Plain text (not markup); the 定级报告,
 * 表三 of the 备案表 and Annex 2 all print this. */
char  *dbo_grading_adjustment_text (const DboRuleset *rules, const DboProject *project,
                                    const DboObject *object, gboolean with_review);

/* The date the object's level was fixed, "YYYY-MM-DD": the bureau's decision
 * date when its review changed the level, else the panel's conclusion date
 * (else its meeting date) when the panel has concluded or recommended a level
 * for the object, else the drafted date. NULL when none is recorded. 表三 04
 * 定级时间 and the 定级报告's date. */
char  *dbo_grading_level_fixed_date (const DboRuleset *rules, const DboProject *project,
                                     const DboObject *object);

/* The effective level of every object at once, in linear time: a table from
 * object id (the project's own string) to GINT_TO_POINTER (level). Valid while
 * the project is not changed. */
GHashTable *dbo_grading_effective_levels (const DboRuleset *rules, const DboProject *project);

/* The why-chain in Chinese, e.g.
 * "业务信息安全：社会秩序、公共利益 × 一般损害 → 第二级；系统服务安全：… → 第二级；取两者较高者 → 第二级" */
char  *dbo_grading_explain       (const DboRuleset *rules, const DboObject *object);
/* The same for one aspect: "社会秩序、公共利益 × 一般损害 → 第二级" (or "未选择受侵害的客体 → 第一级"). */
char  *dbo_grading_explain_aspect (const DboRuleset *rules, const GArray *harms);

/* Parses a CLI harm list: "citizen:general,social:serious" or "none". */
GArray *dbo_grading_parse_harms  (const char *text, GError **error);

/* The canonical text of the graded data (objects, harms, overrides,
 * recommendations; see data/schema/graded-data.md) and its SHA-256 (hex). */
char  *dbo_grading_canonical_data (const DboProject *project);
char  *dbo_grading_data_sha256    (const DboProject *project);

/* Whether anyone has graded @object yet: a harm chosen for either aspect,
 * an override, the panel's level or a bureau's. An object nobody graded has
 * the lowest level by the method, which is no level at all to show. */
gboolean dbo_grading_is_graded (const DboProject *project, const DboObject *object);

G_END_DECLS
