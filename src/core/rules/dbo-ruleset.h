/* dbo-ruleset.h — the rules of a grading campaign, loaded from data
 *
 * A rule set (data/rulesets/<id>.xml, validated against data/schema/ruleset.xsd)
 * holds every number the application applies: the grading matrix, mandatory
 * minimums, panel rules, authority and police routing, region codes, the
 * review-number format, deadlines and assessment periods, the named systems
 * and the kinds of expert with their names, and the clauses of the steps that
 * carry no number. Every rule carries the clause of its source document. No
 * rule value lives in C: the enumerations of dbo-model.h only give the
 * project.xml tokens the rule set refers to.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

#define DBO_RULESET_ERROR (dbo_ruleset_error_quark ())
typedef enum {
  DBO_RULESET_ERROR_NOT_FOUND,
  DBO_RULESET_ERROR_INVALID,      /* not well-formed or fails the schema */
} DboRulesetError;
GQuark dbo_ruleset_error_quark (void);

#define DBO_DEFAULT_RULESET "shanxi-coal-2021"

typedef struct _DboRuleset DboRuleset;

/* A minimum level an object must reach (§三(一)2). An object matches when
 * (presets is empty or holds its preset) and (scopes is empty or holds its
 * scope) and (!needs_aggregation or it is an aggregation platform). */
typedef struct {
  char *id;                       /* "named-systems", "aggregation-platform" */
  int level;
  guint presets;                  /* bit mask of 1 << DboPreset; 0 = any */
  guint scopes;                   /* bit mask of 1 << DboScope; 0 = any */
  gboolean needs_aggregation;
  char *clause;                   /* "§三(一)2" */
  char *text_zh;                  /* the rule as the seed says it */
  char *text_en;
} DboMinimumRule;

/* A named system of the notice (§三(一)2) and what a new object for it
 * starts with. */
typedef struct {
  DboPreset preset;
  char *name;                     /* "矿用有线调度通信系统": the object's name */
  DboObjectType type;             /* 表二 05 */
  char *business_types;           /* 表二 02 codes: "1 3" */
  char *description;              /* 表二 03, document text */
} DboPresetRule;

/* A kind of expert the panel is made of. */
typedef struct {
  DboMemberKind kind;
  gboolean required;              /* must sit on the panel */
  char *name_zh;                  /* "信息安全专家" */
  char *name_en;                  /* "information-security expert" */
} DboMemberKindRule;

typedef struct {
  int min_members;                /* 3 */
  gboolean odd;                   /* TRUE */
  int leaders;                    /* exactly this many leaders: 1 */
  guint required_kinds;           /* bit mask of 1 << DboMemberKind */
  DboMemberKindRule kinds[DBO_N_MEMBER_KINDS];   /* by DboMemberKind */
  char *clause;
  char *text_zh;
  char *text_en;
  char *composition_zh;           /* "专家组应由信息安全专家和煤炭行业信息化专家构成" */
  char *composition_en;
} DboPanelRules;

typedef struct {
  char *code;                     /* "00".."11" */
  char *name;                     /* "晋城" ("省级" for 00) */
  char *authority;                /* "晋城市能源局" / "山西省能源局" */
  char *police;                   /* "晋城市公安局" / "山西省公安厅" */
  char *division;                 /* "140500": the 地（市）division code 表一 04 asks for; may be NULL */
} DboRegion;

typedef enum {
  DBO_DAYS_WORKING,
  DBO_DAYS_CALENDAR,
} DboDayKind;

/* Deadline ids used by the core:
 *   "apply-review"   panel conclusion → application to the bureau (5 working days)
 *   "review-answer"  application → bureau's answer (5 working days)
 *   "police-answer"  filing with the police → certificate (10 working days)
 *   "filing"         level fixed (conclusion) → police filing (30 calendar days)
 *   "filing-new"     going into operation → police filing (30 calendar days)
 *   "change"         change or revocation → notice to bureau and police (10 working days)
 */
typedef struct {
  char *id;
  DboDayKind kind;
  int days;
  char *clause;
  char *title_zh;
  char *title_en;
} DboDeadlineRule;

typedef struct {
  int level;
  int months;                     /* 0 = no fixed period (by special need) */
  char *clause;
} DboAssessmentPeriod;

typedef struct {
  gboolean reviewed;              /* goes to the energy bureau at all */
  gboolean filed;                 /* goes to the police at all */
  const char *authority;          /* region code of the reviewing bureau, or NULL */
  const char *police;             /* "city" or "province", or NULL */
  const char *clause;             /* the routing rule's source */
  const DboRegion *review_office; /* the bureau that reviews it, or NULL */
  const DboRegion *police_office; /* the police that file it, or NULL (no or an unknown city) */
} DboRoute;

DboRuleset  *dbo_ruleset_load_default    (GError **error);
/* Loads a rule set shipped with the application, by id. */
DboRuleset  *dbo_ruleset_load_named      (const char *id, GError **error);
/* Loads and validates a rule-set file from outside. */
DboRuleset  *dbo_ruleset_load_file       (const char *path, GError **error);
DboRuleset  *dbo_ruleset_load_bytes      (GBytes *bytes, const char *name_for_errors, GError **error);
DboRuleset  *dbo_ruleset_ref             (DboRuleset *self);
void         dbo_ruleset_unref           (DboRuleset *self);

const char  *dbo_ruleset_get_id          (const DboRuleset *self);
const char  *dbo_ruleset_get_title       (const DboRuleset *self);   /* with its sources */

/* The grading matrix (GB/T 22240-2020): level for one harmed object × degree. */
int          dbo_ruleset_matrix_level    (const DboRuleset *self, DboTarget target, DboDegree degree);
const char  *dbo_ruleset_matrix_clause   (const DboRuleset *self);

/* The highest minimum that applies to @object (0 when none); @rule_out gets it. */
int          dbo_ruleset_minimum_for     (const DboRuleset *self, const DboObject *object,
                                          const DboMinimumRule **rule_out);
/* The named systems every mine has (§三(一)2): the presets the minimums
 * name, a bit mask of 1 << DboPreset; @clause_out (nullable) gets the
 * clause of the first minimum naming one (NULL when none does). */
guint        dbo_ruleset_named_systems   (const DboRuleset *self, const char **clause_out);
const DboPanelRules *dbo_ruleset_get_panel_rules (const DboRuleset *self);
/* The named systems in the rule set's order, of DboPresetRule*; one per preset. */
GPtrArray   *dbo_ruleset_get_presets     (const DboRuleset *self);
/* NULL for DBO_PRESET_NONE. */
const DboPresetRule *dbo_ruleset_find_preset (const DboRuleset *self, DboPreset preset);
/* The object's name as the notice lists the system: "" for DBO_PRESET_NONE. */
const char  *dbo_ruleset_preset_name     (const DboRuleset *self, DboPreset preset);
/* The name of a kind of expert, Chinese or in the UI's language. */
const char  *dbo_ruleset_member_kind_zh  (const DboRuleset *self, DboMemberKind kind);
const char  *dbo_ruleset_member_kind_name (const DboRuleset *self, DboMemberKind kind);
/* The clause of a step that carries no number, by id: "objects" (every
 * network is an object), "recommendation" (the panel recommends a level for
 * each), "conclusion" (the panel concludes), "order" (drafted, then reviewed),
 * "method" (levels from harms, an override with its reason). */
const char  *dbo_ruleset_requirement_clause (const DboRuleset *self, const char *id);

/* Of a text the data gives in Chinese and English (a rule set's, a form's):
 * the one the catalogue says the UI reads, else the other. */
const char  *dbo_ruleset_pick_text       (const char *zh, const char *en);

/* Objects below this level are graded and kept but neither reviewed nor filed (2). */
int          dbo_ruleset_filing_min_level    (const DboRuleset *self);
/* Objects at or above this level need the 表四 materials (3); the clause in @clause_out. */
int          dbo_ruleset_materials_min_level (const DboRuleset *self, const char **clause_out);

const DboRegion *dbo_ruleset_find_region  (const DboRuleset *self, const char *code);
/* The region of the provincial bureau and police ("00"). */
const DboRegion *dbo_ruleset_province_region (const DboRuleset *self);
/* All regions, "00" first; array of DboRegion*, owned by the rule set. */
GPtrArray   *dbo_ruleset_get_regions      (const DboRuleset *self);

/* The bureau that reviews the enterprise's own (local) networks (§三(一)4). */
const char  *dbo_ruleset_route_enterprise (const DboRuleset *self, const DboEnterprise *enterprise,
                                           const char **clause_out);
/* The same bureau, resolved (NULL when the enterprise's city is unknown). */
const DboRegion *dbo_ruleset_enterprise_office (const DboRuleset *self, const DboEnterprise *enterprise,
                                                const char **clause_out);
/* Where an object of effective @level goes (§三(一)4–5), with the offices resolved. */
void         dbo_ruleset_route_object     (const DboRuleset *self, const DboEnterprise *enterprise,
                                           const DboObject *object, int level, DboRoute *route);

/* Checks a 审核编号 against the format (AA-YYYY-NNNN, AA a known region);
 * the message in the user's language, or as written (English) for the words
 * a finding cites, which must not change with the locale. */
gboolean     dbo_ruleset_check_review_number (const DboRuleset *self, const char *number, GError **error);
gboolean     dbo_ruleset_check_review_number_as_written (const DboRuleset *self, const char *number,
                                                         GError **error);
const char  *dbo_ruleset_review_number_clause (const DboRuleset *self);

const DboDeadlineRule *dbo_ruleset_find_deadline (const DboRuleset *self, const char *id);
/* The campaign: networks operating before @notice_out must be filed by @deadline_out. */
void         dbo_ruleset_get_campaign     (const DboRuleset *self, const char **notice_out,
                                           const char **deadline_out, const char **clause_out);
/* NULL when the level has no period in this rule set. */
const DboAssessmentPeriod *dbo_ruleset_assessment_period (const DboRuleset *self, int level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboRuleset, dbo_ruleset_unref)

G_END_DECLS
