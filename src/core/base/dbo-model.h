/* dbo-model.h — the project as a person decided it
 *
 * Plain C structures mirroring data/schema/project-xml.md §2. They hold only what people
 * entered or decided; every level is derived by the rule set (dbo-grading.h),
 * never stored here. Strings are owned UTF-8 (NULL or "" mean "not filled").
 * Dates are "YYYY-MM-DD" strings, times ISO 8601 strings, as in project.xml.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- enumerations, each with the token used in project.xml and the store ---- */

typedef enum {
  DBO_KIND_PRODUCTION,
  DBO_KIND_CONSTRUCTION,
  DBO_KIND_GROUP,
} DboEnterpriseKind;

typedef enum {
  DBO_STD_UNRATED,
  DBO_STD_LEVEL1,
  DBO_STD_LEVEL2,
} DboStandardization;

typedef enum {
  DBO_OBJ_SYSTEM,
  DBO_OBJ_CLOUD,
  DBO_OBJ_IOT,
  DBO_OBJ_ICS,
  DBO_OBJ_MOBILE,
  DBO_OBJ_NETWORK,
  DBO_OBJ_DATA,
} DboObjectType;

typedef enum {
  DBO_STATUS_OPERATING,
  DBO_STATUS_PLANNED,
} DboObjectStatus;

/* The seven named systems of §三(一)2 (their names and defaults are in the
 * rule set); NONE for any other object. */
typedef enum {
  DBO_PRESET_NONE,
  DBO_PRESET_DISPATCH,
  DBO_PRESET_BROADCAST,
  DBO_PRESET_SAFETY_MONITORING,
  DBO_PRESET_PERSONNEL,
  DBO_PRESET_VIDEO,
  DBO_PRESET_OUTPUT,
  DBO_PRESET_INTELLIGENT_FACE,
} DboPreset;
#define DBO_N_PRESETS 8

typedef enum {
  DBO_SCOPE_LOCAL,
  DBO_SCOPE_CROSS_CITY,
  DBO_SCOPE_PROVINCE,
  DBO_SCOPE_NATIONAL,
} DboScope;

typedef enum {
  DBO_ASPECT_BUSINESS,
  DBO_ASPECT_SERVICE,
} DboAspect;
#define DBO_N_ASPECTS 2

/* 受侵害的客体: rows of the grading matrix. */
typedef enum {
  DBO_TARGET_CITIZEN,
  DBO_TARGET_SOCIAL,
  DBO_TARGET_NATIONAL,
} DboTarget;
#define DBO_N_TARGETS 3

/* 侵害程度: columns of the grading matrix. */
typedef enum {
  DBO_DEGREE_GENERAL,
  DBO_DEGREE_SERIOUS,
  DBO_DEGREE_ESPECIALLY_SERIOUS,
} DboDegree;
#define DBO_N_DEGREES 3

/* The kinds of expert; their names and which the panel needs are in the rule set. */
typedef enum {
  DBO_MEMBER_INFOSEC,
  DBO_MEMBER_COAL_IT,
} DboMemberKind;
#define DBO_N_MEMBER_KINDS 2

typedef enum {
  DBO_PRODUCT_SECURITY,
  DBO_PRODUCT_NETWORK,
  DBO_PRODUCT_OS,
  DBO_PRODUCT_DATABASE,
  DBO_PRODUCT_SERVER,
  DBO_PRODUCT_OTHER,
} DboProductKind;
#define DBO_N_PRODUCT_KINDS 6

typedef enum {
  DBO_DOMESTIC_ALL,
  DBO_DOMESTIC_NONE,
  DBO_DOMESTIC_PARTIAL,
} DboDomestic;

typedef enum {
  DBO_SERVICE_ASSESSMENT,
  DBO_SERVICE_RISK,
  DBO_SERVICE_RECOVERY,
  DBO_SERVICE_EMERGENCY,
  DBO_SERVICE_INTEGRATION,
  DBO_SERVICE_CONSULTING,
  DBO_SERVICE_TRAINING,
  DBO_SERVICE_OTHER,
} DboServiceKind;
#define DBO_N_SERVICE_KINDS 8

typedef enum {
  DBO_PROVIDER_NONE,            /* not given */
  DBO_PROVIDER_INDUSTRY,
  DBO_PROVIDER_DOMESTIC,
  DBO_PROVIDER_FOREIGN,
} DboProvider;

typedef enum {
  DBO_OUTCOME_APPROVED,
  DBO_OUTCOME_CORRECT,
  DBO_OUTCOME_REGRADE,
} DboOutcome;

/* A token table maps an enum value (its index) to its XML/store token. */
typedef struct {
  const char *token;
  const char *zh;               /* the Chinese label printed on documents; NULL where the rule set names it */
  const char *label;            /* the application's name for it, an English msgid; NULL: zh */
} DboToken;

extern const DboToken dbo_enterprise_kind_tokens[];
extern const DboToken dbo_standardization_tokens[];
extern const DboToken dbo_object_type_tokens[];
extern const DboToken dbo_object_status_tokens[];
extern const DboToken dbo_preset_tokens[];        /* index 0 = DBO_PRESET_NONE, token "" */
extern const DboToken dbo_scope_tokens[];
extern const DboToken dbo_aspect_tokens[];
extern const DboToken dbo_target_tokens[];
extern const DboToken dbo_degree_tokens[];
extern const DboToken dbo_member_kind_tokens[];
extern const DboToken dbo_product_kind_tokens[];
extern const DboToken dbo_domestic_tokens[];
extern const DboToken dbo_service_kind_tokens[];
extern const DboToken dbo_provider_tokens[];      /* index 0 = DBO_PROVIDER_NONE, token "" */
extern const DboToken dbo_outcome_tokens[];

/* Returns the index of @token in the NULL-terminated @table, or -1. */
int          dbo_token_lookup (const DboToken *table, const char *token);
const char  *dbo_token_name   (const DboToken *table, int value);
const char  *dbo_token_zh     (const DboToken *table, int value);
/* The name the application shows for @value, translated ("Industrial control
 * system", 工业控制系统 in Chinese); the zh label where the table has no
 * English one. Documents print dbo_token_zh(). */
const char  *dbo_token_label  (const DboToken *table, int value);

/* "第一级" … "第五级"; "" for anything else. */
const char  *dbo_level_zh     (int level);
/* The level as the application names it, translated: "Level 2" (第二级 in
 * Chinese); "" for anything else. Documents print dbo_level_zh(). */
const char  *dbo_level_label  (int level);

/* ---- records ---- */

typedef struct {
  char *name;
  char *title;
  char *office_phone;
  char *mobile;                 /* contact only */
  char *email;
} DboPerson;

typedef struct {
  DboEnterpriseKind kind;
  DboStandardization standardization;
  char *name;
  char *credit_code;
  char *city;                   /* "01".."11" */
  char *county;
  char *town;
  char *address_detail;
  char *postcode;
  char *division_code;
  char *group_company;
  DboPerson head;               /* 表一 05 */
  char *department;             /* 表一 06 */
  DboPerson contact;            /* 表一 07 */
  char *affiliation_code;       /* 表一 08: "1|2|3|4|9" */
  char *affiliation_other;
  char *unit_type_code;         /* 表一 09 */
  char *unit_type_other;
  char *industry_code;          /* 表一 10, "38" by default */
  char *industry_other;
  guint not_run;                /* the named systems of §三(一)2 the mine does not run
                                   (a construction mine may not yet): bits 1 << DboPreset */
} DboEnterprise;

typedef struct {
  DboTarget target;
  DboDegree degree;
} DboHarm;

typedef struct {
  DboProductKind kind;
  int count;                    /* -1 = not given */
  DboDomestic domestic;
  int percent;                  /* -1 = not given */
  char *other;
} DboProduct;

typedef struct {
  DboServiceKind kind;
  gboolean used;
  DboProvider provider;
  char *other;
} DboServiceUse;

typedef struct {
  int item;                     /* 1..7, 表四 01–07 */
  gboolean present;
  char *attachment;             /* SHA-256 hex of an attachment, or NULL */
} DboMaterial;

typedef struct {
  char *description;
  GArray *harms;                /* of DboHarm, at most one per target */
} DboAspectGrading;

typedef struct {
  char *id;                     /* "o1" … unique in the project */
  char *number;                 /* 表二 02 系统编号 */
  DboObjectType type;
  DboObjectStatus status;
  char *name;
  DboPreset preset;
  DboScope scope;
  gboolean aggregation_platform;
  char *department;
  char *owner_name;
  char *owner_phone;
  char *operation_date;

  char *business_types;         /* space-separated codes "1 2 9" (表二 03) */
  char *business_other;
  char *business_description;
  char *service_scope;          /* "10|11|20|21|30|99" */
  int service_scope_count;      /* -1 = not given */
  char *service_targets;        /* "1|2|3|9" */
  char *service_other;          /* 服务范围 99其他 */
  char *service_targets_other;  /* 服务对象 9其他 */
  char *network_coverage;       /* "1|2|3|9" */
  char *network_nature;         /* "1|2|9" */
  char *network_other;          /* 覆盖范围 9其他 */
  char *network_nature_other;   /* 网络性质 9其他 */
  char *interconnection_codes;  /* space-separated "1 2 3 9" */
  char *interconnection_other;
  GPtrArray *products;          /* of DboProduct* */
  GPtrArray *services;          /* of DboServiceUse* */
  char *assessment_body;
  char *parent_name;            /* 表二 12; NULL when not a subsystem */
  char *parent_unit;

  char *drafted;                /* date the grading was drafted */
  DboAspectGrading aspects[DBO_N_ASPECTS];
  int override_level;           /* 0 = no override */
  char *override_reason;
  GPtrArray *materials;         /* of DboMaterial* */
} DboObject;

typedef struct {
  double x, y, pressure;        /* millimetres inside the box; pressure 0..1 */
} DboPoint;

typedef struct {
  char *id;
  DboMemberKind kind;
  gboolean leader;
  char *name;
  char *unit;
  char *title;
  char *phone;
  /* signature: strokes == NULL means "not signed on screen" */
  double sig_width_mm;
  double sig_height_mm;
  char *sig_signed;
  GPtrArray *strokes;           /* of GArray* of DboPoint */
} DboMember;

/* A member's dissent from the panel's recommendation for one object. */
typedef struct {
  char *member_id;
  char *text;
} DboDissent;

typedef struct {
  char *object_id;
  int level;
  char *reason;
  GPtrArray *dissents;          /* of DboDissent*, in the order recorded; never NULL */
} DboRecommendation;

typedef struct {
  gboolean present;             /* FALSE: the panel has not concluded */
  gboolean materials_complete;
  gboolean division_reasonable;
  char *concluded;              /* ISO 8601 time */
  char *data_sha256;
  char *note;
} DboConclusion;

/* A conclusion the panel replaced when it confirmed its opinion again. */
typedef struct {
  gboolean materials_complete;
  gboolean division_reasonable;
  char *concluded;              /* ISO 8601 time */
  char *data_sha256;
  char *note;
  char *superseded;             /* ISO 8601 time it was replaced */
} DboPreviousConclusion;

typedef struct {
  char *date;
  char *organiser;
  char *location;
  GPtrArray *members;           /* of DboMember* */
  GPtrArray *recommendations;   /* of DboRecommendation* */
  GPtrArray *history;           /* of DboPreviousConclusion*, oldest first; never NULL */
  DboConclusion conclusion;
} DboPanel;

typedef struct {
  char *object_id;
  int value;
} DboReviewLevel;

typedef struct {
  int round;
  char *authority;              /* "00".."11" */
  char *submitted;
  char *decided;
  gboolean has_outcome;
  DboOutcome outcome;
  char *number;                 /* AA-YYYY-NNNN */
  GArray *levels;               /* of DboReviewLevel (object_id owned) */
  char *opinion;
} DboReview;

typedef struct {
  char *office;
  char *submitted;
  char *certificate;
  char *certificate_date;
} DboFiling;

typedef struct {
  char *object_id;
  char *date;
  char *body;
  char *report;
} DboAssessment;

typedef struct {
  char *sha256;
  char *name;
  char *media_type;
  GBytes *data;                 /* may be NULL when only described */
} DboAttachment;

typedef struct {
  char *id;                     /* UUID */
  char *format_version;         /* "1" */
  char *ruleset;                /* e.g. "shanxi-coal-2021" */
  char *title;
  DboEnterprise enterprise;
  GPtrArray *objects;           /* of DboObject* */
  DboPanel panel;
  GPtrArray *reviews;           /* of DboReview* */
  DboFiling filing;
  gboolean has_filing;
  GPtrArray *assessments;       /* of DboAssessment* */
  GPtrArray *attachments;       /* of DboAttachment* */
} DboProject;

/* ---- construction and lookup ---- */

DboProject        *dbo_project_new              (void);
void               dbo_project_free             (DboProject *project);
DboProject        *dbo_project_copy             (const DboProject *project);

DboObject         *dbo_object_new               (const char *id);
void               dbo_object_free              (DboObject *object);
DboObject         *dbo_object_copy              (const DboObject *object);
DboMember         *dbo_member_new               (const char *id);
void               dbo_member_free              (DboMember *member);
DboRecommendation *dbo_recommendation_new       (const char *object_id, int level, const char *reason);
void               dbo_recommendation_free      (DboRecommendation *rec);
/* A deep copy, dissents included. */
DboRecommendation *dbo_recommendation_copy      (const DboRecommendation *rec);
DboDissent        *dbo_dissent_new              (const char *member_id, const char *text);
void               dbo_dissent_free             (DboDissent *dissent);
DboPreviousConclusion *dbo_previous_conclusion_new  (void);
void               dbo_previous_conclusion_free (DboPreviousConclusion *previous);
DboReview         *dbo_review_new               (int round);
void               dbo_review_free              (DboReview *review);
DboAssessment     *dbo_assessment_new           (const char *object_id);
void               dbo_assessment_free          (DboAssessment *assessment);
DboAttachment     *dbo_attachment_new           (const char *name, const char *media_type, GBytes *data);
void               dbo_attachment_free          (DboAttachment *attachment);
DboProduct        *dbo_product_new              (DboProductKind kind);
void               dbo_product_free             (DboProduct *product);
DboServiceUse     *dbo_service_use_new          (DboServiceKind kind);
void               dbo_service_use_free         (DboServiceUse *service);
DboMaterial       *dbo_material_new             (int item, gboolean present, const char *attachment);
void               dbo_material_free            (DboMaterial *material);

DboObject         *dbo_project_find_object      (const DboProject *project, const char *id);
/* @object's name, or "Unnamed object N" (N its 1-based position in
 * @project, translated) when it has none: never its internal id. */
char              *dbo_object_display_name      (const DboProject *project, const DboObject *object);
DboMember         *dbo_project_find_member      (const DboProject *project, const char *id);
DboRecommendation *dbo_project_find_recommendation (const DboProject *project, const char *object_id);
/* The newest review round (highest @round), or NULL. */
DboReview         *dbo_project_latest_review    (const DboProject *project);
/* A fresh id "oN" / "mN" not used yet in the project. */
char              *dbo_project_next_object_id   (const DboProject *project);
char              *dbo_project_next_member_id   (const DboProject *project);

/* Moves the current conclusion (if the panel has concluded) into the history,
 * stamped @superseded, and returns the record added (owned by @panel) or NULL.
 * The current conclusion keeps its values: the caller concludes again. */
DboPreviousConclusion *dbo_panel_supersede_conclusion (DboPanel *panel, const char *superseded);

/* Sets a harm of @aspect (replacing any harm on the same target); degree < 0 removes it. */
void               dbo_object_set_harm          (DboObject *object, DboAspect aspect,
                                                 DboTarget target, int degree);
/* The degree set for @target in @aspect, or -1. */
int                dbo_object_get_harm          (const DboObject *object, DboAspect aspect,
                                                 DboTarget target);

/* Files from before each question of 表二 04 and 05 had its own "其他" text
 * (store format 2 and older; project.xml without targets-other or
 * nature-other) kept one text for two questions: 服务范围 and 服务对象 in
 * service_other, 覆盖范围 and 网络性质 in network_other. These give 服务对象
 * (网络性质) that text where its 其他 is ticked and it has no text of its own;
 * the text then stays with 服务范围 (覆盖范围) only where its 其他 is ticked too. */
void               dbo_object_split_service_other (DboObject *object);
void               dbo_object_split_network_other (DboObject *object);

/* The bureau's review round that decided @object's level: the newest round
 * (rounds may come from different bureaus) listing it with a level, or NULL.
 * *@level_out (nullable) gets that level, 0 without one. */
const DboReview   *dbo_project_deciding_review  (const DboProject *project, const DboObject *object,
                                                 int *level_out);

/* @object's 表四 material of item @item (1–7), or NULL when not recorded. */
DboMaterial       *dbo_object_find_material     (const DboObject *object, int item);

/* 表四's label of item @item (1–7) as the form prints it, without its
 * number ("系统拓扑结构及说明"); "" for another item. */
const char        *dbo_material_label           (int item);

/* The attachment with SHA-256 @sha256 (any case), or NULL. */
const DboAttachment *dbo_project_find_attachment (const DboProject *project, const char *sha256);

/* 表四 06 and 07 as the project itself knows them: 06 专家评审情况 once the
 * panel has concluded (its 专家评审意见书, Annex 2), 07 上级主管部门审批意见
 * once a bureau's review approved @object's level (its 定级审核意见书, with
 * the number). Returns FALSE for another item, or where the project does
 * not know: the user's tick stands. *@name_out (nullable) gets the
 * attachment's name. */
gboolean           dbo_project_known_material   (const DboProject *project, const DboObject *object,
                                                 int item, char **name_out);

/* The first object graded as named system @preset, or NULL. */
DboObject         *dbo_project_find_preset      (const DboProject *project, DboPreset preset);
/* Whether the mine runs named system @preset: TRUE unless the enterprise
 * says it does not (DboEnterprise.not_run). */
gboolean           dbo_enterprise_runs_preset   (const DboEnterprise *enterprise, DboPreset preset);

/* Replaces *@field with a copy of @value ("" is stored as NULL). */
void               dbo_set_str                  (char **field, const char *value);
/* @s trimmed, without trailing full stops or semicolons (。；.;), so that a
 * sentence can follow it; newly allocated ("" for NULL). */
char              *dbo_str_without_stop         (const char *s);
/* TRUE when @s is NULL or only white space. */
gboolean           dbo_str_empty                (const char *s);

/* Ids and hashes as project.xsd defines them, read from the schema itself, so
 * that the store, the file names built from ids and project.xml share one rule:
 * type Id, [A-Za-z0-9][A-Za-z0-9_.-]{0,63} (objects, members, the project, the
 * rule set), and type Sha256, [0-9a-f]{64} (attachments, the panel's data). */
gboolean           dbo_id_is_valid              (const char *id);
gboolean           dbo_sha256_is_valid          (const char *sha256);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboProject, dbo_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboObject, dbo_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboMember, dbo_member_free)

G_END_DECLS
