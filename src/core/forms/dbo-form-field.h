/* dbo-form-field.h — one coded field of a form and its code list
 *
 * A field is described once, in a template pack's form data (dbo-form-pack.h):
 * its codes, the Chinese text each prints on the form and in sentences, the
 * application's English label for each, where the model keeps its value and
 * its 其他 text, which documents print it and when the checks need it. The
 * GUI builds its rows from it, the renderers print from it, the checks
 * validate against it.
 */
#pragma once

#include <glib.h>
#include "dbo-model.h"

G_BEGIN_DECLS

/* The record a field belongs to; its path is relative to it. */
typedef enum {
  DBO_FORM_RECORD_ENTERPRISE,     /* DboEnterprise, paths under "enterprise/" */
  DBO_FORM_RECORD_OBJECT,         /* DboObject, paths under "objects/<id>/" */
} DboFormRecord;

typedef enum {
  DBO_FORM_OPTIONAL,
  DBO_FORM_REQUIRED_ALWAYS,       /* every project */
  DBO_FORM_REQUIRED_FILED,        /* objects at the rule set's filing level */
} DboFormRequired;

typedef struct {
  char *value;                    /* "1", "99" */
  char *zh;                       /* printed after the code on the form: "局域网" */
  char *sentence;                 /* printed in sentences (the report, Annex 2): zh unless the form differs */
  char *label;                    /* the application's label, an English msgid: "1 Local area network" */
  gboolean other;                 /* 其他: the field's other text fills its blank */
  gboolean counted;               /* the form asks "跨___个" after it */
} DboFormCode;

typedef struct {
  char *id;                       /* "network-coverage" */
  DboFormRecord record;
  char *path;                     /* "network/@coverage" */
  char *other_path;               /* "network/@other", or NULL */
  gboolean multiple;              /* several codes may be ticked: "1 3" */
  char *form;                     /* the pack's document whose boxes it fills: "annex4" */
  char *item;                     /* its item there: "表二05" */
  char *zh;                       /* the form's label for it: "覆盖范围" */
  char *en;                       /* its English name in findings: "network coverage" */
  char **prints;                  /* ids of the pack's documents that print it */
  DboFormRequired required;
  char **required_by;             /* the documents it is required for (NULL when optional) */
  GPtrArray *codes;               /* of DboFormCode, in the form's order */
  /* Where the model keeps the value and the other text (offsets of char*
   * in the record; -1 for none), bound when the pack is loaded. */
  gssize value_offset;
  gssize other_offset;
} DboFormField;

/* The code @value of @field, or NULL when the form has no such code. */
const DboFormCode *dbo_form_field_find_code   (const DboFormField *field, const char *value);
/* The 其他 code of @field, or NULL when it has none. */
const DboFormCode *dbo_form_field_other_code  (const DboFormField *field);
/* The value of @field in @record (a DboEnterprise or DboObject as its
 * record says): a code or a space-separated list of codes, may be NULL. */
const char        *dbo_form_field_get         (const DboFormField *field, gconstpointer record);
/* Its 其他 text in @record (NULL when the field has none). */
const char        *dbo_form_field_get_other   (const DboFormField *field, gconstpointer record);
/* Replaces the value of @field in @record (NULL or "" empties it). */
void               dbo_form_field_set         (const DboFormField *field, gpointer record, const char *value);
/* TRUE when @value ticks @code: @value is one code or a list ("1 2 9", "1|3"). */
gboolean           dbo_form_value_has_code    (const char *value, const char *code);
/* The first code of @value (a list) that @field does not have, newly
 * allocated; NULL when every code is the form's. */
char              *dbo_form_field_unknown_code (const DboFormField *field, const char *value);

/* Where the model keeps @path of @record (the offset of a char* field), or
 * -1 when the model has no such field. */
gssize             dbo_form_binding_offset    (DboFormRecord record, const char *path);

G_END_DECLS
