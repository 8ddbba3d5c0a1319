#define G_LOG_DOMAIN "dengbao-forms"
#include "config.h"

#include "dbo-form-pack.h"

#include <string.h>

#include "dbo-core-resources.h"
#include "dbo-xml.h"

#define FORMS_NS "urn:dengbao:forms:1"
#define FORMS_RESOURCE_DIR "/io/github/dengbao/Dengbao/core/forms/"

struct _DboFormPack {
  char *id;
  char *title;
  GHashTable *forms;              /* id → Chinese title */
  GPtrArray *fields;              /* of DboFormField */
};

G_DEFINE_QUARK (dbo-form-pack-error-quark, dbo_form_pack_error)

static void
code_free (DboFormCode *code)
{
  g_free (code->value);
  g_free (code->zh);
  g_free (code->sentence);
  g_free (code->label);
  g_free (code);
}

static void
field_free (DboFormField *field)
{
  g_free (field->id);
  g_free (field->path);
  g_free (field->other_path);
  g_free (field->form);
  g_free (field->item);
  g_free (field->zh);
  g_free (field->en);
  g_strfreev (field->prints);
  g_strfreev (field->required_by);
  g_ptr_array_unref (field->codes);
  g_free (field);
}

void
dbo_form_pack_free (DboFormPack *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_hash_table_unref (self->forms);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

/* ---- reading the document ---- */

typedef struct {
  const char *name;               /* for errors */
  DboFormPack *pack;
  GError **error;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
fail_at (Reader *r, xmlNode *node, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = dbo_xml_node_path (node);
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (r->error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_INVALID,
               "%s:%ld: %s: %s", r->name, (long) xmlGetLineNo (node), path, message);
  return FALSE;
}

static gboolean
is_element (xmlNode *node, const char *name)
{
  return dbo_xml_is_element (node, FORMS_NS, name);
}

static gboolean
get_bool (xmlNode *node, const char *name)
{
  g_autofree char *value = dbo_xml_get_token (node, name);

  return g_strcmp0 (value, "true") == 0;
}

/* A list of the pack's document ids; every one must be declared. */
static gboolean
get_forms (Reader *r, xmlNode *node, const char *attr, char ***out)
{
  g_autofree char *value = dbo_xml_get_token (node, attr);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  *out = NULL;
  if (value == NULL)
    return TRUE;
  parts = g_strsplit_set (value, " \t\r\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!g_hash_table_contains (r->pack->forms, parts[i]))
        return fail_at (r, node, "%s=\"%s\": the pack declares no <form id=\"%s\">", attr, value, parts[i]);
      g_strv_builder_add (ids, parts[i]);
    }
  *out = g_strv_builder_end (ids);
  return TRUE;
}

static gboolean
read_code (Reader *r, DboFormField *field, xmlNode *node)
{
  DboFormCode *code = g_new0 (DboFormCode, 1);

  g_ptr_array_add (field->codes, code);
  code->value = dbo_xml_get_token (node, "value");
  code->zh = dbo_xml_get_attr (node, "zh");
  code->sentence = dbo_xml_get_attr (node, "sentence");
  if (code->sentence == NULL)
    code->sentence = g_strdup (code->zh);
  code->other = get_bool (node, "other");
  code->counted = get_bool (node, "counted");
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (is_element (c, "label"))
      code->label = dbo_xml_get_text (c);
  if (code->other && dbo_form_field_other_code (field) != code)
    return fail_at (r, node, "a second 其他 code in field “%s”", field->id);
  return TRUE;
}

static gboolean
read_field (Reader *r, xmlNode *node)
{
  DboFormField *field = g_new0 (DboFormField, 1);
  g_autofree char *record = dbo_xml_get_token (node, "record");
  g_autofree char *required = dbo_xml_get_token (node, "required");

  field->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) code_free);
  g_ptr_array_add (r->pack->fields, field);
  field->id = dbo_xml_get_token (node, "id");
  field->record = g_strcmp0 (record, "object") == 0 ? DBO_FORM_RECORD_OBJECT : DBO_FORM_RECORD_ENTERPRISE;
  field->path = dbo_xml_get_token (node, "path");
  field->other_path = dbo_xml_get_token (node, "other-path");
  field->multiple = get_bool (node, "multiple");
  field->form = dbo_xml_get_token (node, "form");
  field->item = dbo_xml_get_attr (node, "item");
  field->zh = dbo_xml_get_attr (node, "zh");
  field->en = dbo_xml_get_attr (node, "en");
  field->required = g_strcmp0 (required, "always") == 0 ? DBO_FORM_REQUIRED_ALWAYS
                    : g_strcmp0 (required, "filed") == 0 ? DBO_FORM_REQUIRED_FILED
                    : DBO_FORM_OPTIONAL;
  if (!g_hash_table_contains (r->pack->forms, field->form))
    return fail_at (r, node, "form=\"%s\": the pack declares no <form id=\"%s\">", field->form, field->form);
  if (!get_forms (r, node, "prints", &field->prints) || !get_forms (r, node, "required-by", &field->required_by))
    return FALSE;
  if ((field->required == DBO_FORM_OPTIONAL) != (field->required_by == NULL))
    return fail_at (r, node, "field “%s”: required and required-by go together", field->id);

  /* The model must have the field, and its other text where the form has 其他. */
  field->value_offset = dbo_form_binding_offset (field->record, field->path);
  if (field->value_offset < 0)
    return fail_at (r, node, "field “%s”: the model has no %s “%s”", field->id, record, field->path);
  field->other_offset = dbo_form_binding_offset (field->record, field->other_path);
  if (field->other_path != NULL && field->other_offset < 0)
    return fail_at (r, node, "field “%s”: the model has no %s “%s”", field->id, record, field->other_path);

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (is_element (c, "code") && !read_code (r, field, c))
      return FALSE;
  if ((dbo_form_field_other_code (field) != NULL) != (field->other_path != NULL))
    return fail_at (r, node, "field “%s”: a 其他 code and other-path go together", field->id);
  return TRUE;
}

static DboFormPack *
pack_from_doc (xmlDoc *doc, const char *name, GError **error)
{
  g_autoptr(DboFormPack) self = g_new0 (DboFormPack, 1);
  Reader r = { name, self, error };
  xmlNode *root = xmlDocGetRootElement (doc);

  self->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  if (!is_element (root, "forms"))
    {
      g_set_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_INVALID,
                   "%s: not form data (root element <forms> in namespace %s expected)", name, FORMS_NS);
      return NULL;
    }
  self->id = dbo_xml_get_token (root, "pack");
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    {
      if (is_element (c, "title"))
        self->title = dbo_xml_get_text (c);
      else if (is_element (c, "form"))
        g_hash_table_insert (self->forms, dbo_xml_get_token (c, "id"), dbo_xml_get_attr (c, "zh"));
      else if (is_element (c, "field") && !read_field (&r, c))
        return NULL;
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      const DboFormField *field = g_ptr_array_index (self->fields, i);
      const DboFormField *first = dbo_form_pack_find_path (self, field->record, field->path);

      if (first != field)
        {
          g_set_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_INVALID,
                       "%s: fields “%s” and “%s” both describe “%s”", name, first->id, field->id, field->path);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

/* ---- loading ---- */

DboFormPack *
dbo_form_pack_load_bytes (GBytes *bytes, const char *name_for_errors, GError **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "form data";
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  doc = dbo_xml_load_validated (bytes, "forms.xsd", name, DBO_FORM_PACK_ERROR,
                                DBO_FORM_PACK_ERROR_INVALID, error);
  return doc != NULL ? pack_from_doc (doc, name, error) : NULL;
}

DboFormPack *
dbo_form_pack_load_named (const char *id, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DboFormPack) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  path = g_strconcat (FORMS_RESOURCE_DIR, id, ".xml", NULL);
  /* Through the resource itself, which keeps its object (and the
   * constructor that registers it) from being dropped by the linker. */
  bytes = g_resource_lookup_data (dbo_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_NOT_FOUND,
                   "No template pack “%s” is shipped with this version of the application", id);
      return NULL;
    }
  name = g_strdup_printf ("forms/%s.xml", id);
  self = dbo_form_pack_load_bytes (bytes, name, error);
  if (self == NULL)
    return NULL;
  if (g_strcmp0 (self->id, id) != 0)
    {
      g_set_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_INVALID,
                   "%s: the form data calls its pack “%s”, not “%s”", name, self->id, id);
      return NULL;
    }
  return g_steal_pointer (&self);
}

G_LOCK_DEFINE_STATIC (shipped);

const DboFormPack *
dbo_form_pack_get (const char *id)
{
  static GHashTable *shipped;     /* id → DboFormPack, never freed */
  DboFormPack *pack;

  g_return_val_if_fail (id != NULL, NULL);

  /* The renderers ask from several threads at once. */
  G_LOCK (shipped);
  if (shipped == NULL)
    shipped = g_hash_table_new (g_str_hash, g_str_equal);
  pack = g_hash_table_lookup (shipped, id);
  if (pack == NULL)
    {
      g_autoptr(GError) error = NULL;

      pack = dbo_form_pack_load_named (id, &error);
      if (pack != NULL)
        g_hash_table_insert (shipped, pack->id, pack);
      else
        g_critical ("%s", error->message);
    }
  G_UNLOCK (shipped);
  return pack;
}

/* ---- queries ---- */

const char *
dbo_form_pack_get_id (const DboFormPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

GPtrArray *
dbo_form_pack_get_fields (const DboFormPack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->fields;
}

const DboFormField *
dbo_form_pack_find_field (const DboFormPack *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->fields->len; i++)
    {
      const DboFormField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->id, id))
        return field;
    }
  return NULL;
}

const DboFormField *
dbo_form_pack_find_path (const DboFormPack *self, DboFormRecord record, const char *path)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; path != NULL && i < self->fields->len; i++)
    {
      const DboFormField *field = g_ptr_array_index (self->fields, i);

      if (field->record == record && g_str_equal (field->path, path))
        return field;
    }
  return NULL;
}

const char *
dbo_form_pack_form_title (const DboFormPack *self, const char *form_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return form_id != NULL ? g_hash_table_lookup (self->forms, form_id) : NULL;
}
