#define G_LOG_DOMAIN "dengbao-forms"
#include "config.h"

#include "dbo-form-field.h"

#include <string.h>

/* The model's side of the form data: which char* of a record holds each
 * path. The data names fields by path; this is the one place that knows
 * the C structures. */
typedef struct {
  DboFormRecord record;
  const char *path;
  gsize offset;
} Binding;

#define E(f) G_STRUCT_OFFSET (DboEnterprise, f)
#define O(f) G_STRUCT_OFFSET (DboObject, f)
static const Binding bindings[] = {
  { DBO_FORM_RECORD_ENTERPRISE, "affiliation", E (affiliation_code) },
  { DBO_FORM_RECORD_ENTERPRISE, "affiliation/other", E (affiliation_other) },
  { DBO_FORM_RECORD_ENTERPRISE, "unit-type", E (unit_type_code) },
  { DBO_FORM_RECORD_ENTERPRISE, "unit-type/other", E (unit_type_other) },
  { DBO_FORM_RECORD_ENTERPRISE, "industry", E (industry_code) },
  { DBO_FORM_RECORD_ENTERPRISE, "industry/other", E (industry_other) },
  { DBO_FORM_RECORD_OBJECT, "business/@types", O (business_types) },
  { DBO_FORM_RECORD_OBJECT, "business/@other", O (business_other) },
  { DBO_FORM_RECORD_OBJECT, "service/@scope", O (service_scope) },
  { DBO_FORM_RECORD_OBJECT, "service/@other", O (service_other) },
  { DBO_FORM_RECORD_OBJECT, "service/@targets", O (service_targets) },
  { DBO_FORM_RECORD_OBJECT, "service/@targets-other", O (service_targets_other) },
  { DBO_FORM_RECORD_OBJECT, "network/@coverage", O (network_coverage) },
  { DBO_FORM_RECORD_OBJECT, "network/@other", O (network_other) },
  { DBO_FORM_RECORD_OBJECT, "network/@nature", O (network_nature) },
  { DBO_FORM_RECORD_OBJECT, "network/@nature-other", O (network_nature_other) },
  { DBO_FORM_RECORD_OBJECT, "interconnection/@codes", O (interconnection_codes) },
  { DBO_FORM_RECORD_OBJECT, "interconnection/@other", O (interconnection_other) },
};
#undef E
#undef O

gssize
dbo_form_binding_offset (DboFormRecord record, const char *path)
{
  for (gsize i = 0; path != NULL && i < G_N_ELEMENTS (bindings); i++)
    if (bindings[i].record == record && g_str_equal (bindings[i].path, path))
      return (gssize) bindings[i].offset;
  return -1;
}

const DboFormCode *
dbo_form_field_find_code (const DboFormField *field, const char *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; value != NULL && i < field->codes->len; i++)
    {
      const DboFormCode *code = g_ptr_array_index (field->codes, i);

      if (g_str_equal (code->value, value))
        return code;
    }
  return NULL;
}

const DboFormCode *
dbo_form_field_other_code (const DboFormField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < field->codes->len; i++)
    {
      const DboFormCode *code = g_ptr_array_index (field->codes, i);

      if (code->other)
        return code;
    }
  return NULL;
}

static char **
slot (gconstpointer record, gssize offset)
{
  return (char **) ((const char *) record + offset);
}

const char *
dbo_form_field_get (const DboFormField *field, gconstpointer record)
{
  g_return_val_if_fail (field != NULL && record != NULL, NULL);
  return *slot (record, field->value_offset);
}

const char *
dbo_form_field_get_other (const DboFormField *field, gconstpointer record)
{
  g_return_val_if_fail (field != NULL && record != NULL, NULL);
  return field->other_offset >= 0 ? *slot (record, field->other_offset) : NULL;
}

void
dbo_form_field_set (const DboFormField *field, gpointer record, const char *value)
{
  g_return_if_fail (field != NULL && record != NULL);
  dbo_set_str (slot (record, field->value_offset), dbo_str_empty (value) ? NULL : value);
}

gboolean
dbo_form_value_has_code (const char *value, const char *code)
{
  g_auto(GStrv) parts = NULL;

  if (value == NULL || code == NULL)
    return FALSE;
  parts = g_strsplit_set (value, " \t|,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_strcmp0 (g_strstrip (parts[i]), code) == 0)
      return TRUE;
  return FALSE;
}

char *
dbo_form_field_unknown_code (const DboFormField *field, const char *value)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return NULL;
  /* One answer: the whole value must be a code. */
  if (!field->multiple)
    {
      g_autofree char *one = g_strstrip (g_strdup (value));

      return *one == '\0' || dbo_form_field_find_code (field, one) != NULL ? NULL : g_steal_pointer (&one);
    }
  parts = g_strsplit_set (value, " \t|,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *code = g_strstrip (parts[i]);

      if (*code != '\0' && dbo_form_field_find_code (field, code) == NULL)
        return g_strdup (code);
    }
  return NULL;
}
