/* The form data of the 2007 template pack: complete, tied to the model and
 * to project.xsd, and refused when it is wrong. */
#include "dbo-test-utils.h"

#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "dbo-form-pack.h"
#include "dbo-xml.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"

/* The values project.xsd enumerates for its simple type @name. */
static GPtrArray *
xsd_enumeration (const char *name)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/dengbao/Dengbao/core/schema/project.xsd",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(xmlDoc) doc = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  gsize len = 0;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  doc = xmlReadMemory (data, (int) len, "project.xsd", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  for (xmlNode *type = xmlDocGetRootElement (doc)->children; type != NULL; type = type->next)
    {
      xmlChar *type_name;
      gboolean match;

      if (type->type != XML_ELEMENT_NODE || !xmlStrEqual (type->name, (const xmlChar *) "simpleType"))
        continue;
      type_name = xmlGetProp (type, (const xmlChar *) "name");
      match = type_name != NULL && g_str_equal ((const char *) type_name, name);
      xmlFree (type_name);
      if (!match)
        continue;
      for (xmlNode *r = type->children; r != NULL; r = r->next)
        for (xmlNode *e = r->children; e != NULL; e = e->next)
          if (e->type == XML_ELEMENT_NODE && xmlStrEqual (e->name, (const xmlChar *) "enumeration"))
            {
              xmlChar *value = xmlGetProp (e, (const xmlChar *) "value");

              g_ptr_array_add (values, g_strdup ((const char *) value));
              xmlFree (value);
            }
    }
  g_assert_cmpuint (values->len, >, 0);
  return values;
}

/* Each coded field of the pack, with the type project.xml gives its codes. */
static const struct {
  const char *id;
  const char *xsd_type;
} expected_fields[] = {
  { "affiliation", "Code12349" },
  { "unit-type", "Code12349" },
  { "industry", "Industry" },
  { "business-types", "BusinessType" },
  { "service-scope", "ServiceScope" },
  { "service-targets", "Code1239" },
  { "network-coverage", "Code1239" },
  { "network-nature", "Code129" },
  { "interconnection", "Code1239" },
};

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboFormPack) pack = dbo_form_pack_load_named (DBO_FORM_PACK_2007, &error);
  GPtrArray *fields;

  g_assert_no_error (error);
  g_assert_nonnull (pack);
  g_assert_cmpstr (dbo_form_pack_get_id (pack), ==, "mps-2007");
  g_assert_cmpstr (dbo_form_pack_form_title (pack, "annex4"), ==, "附件4 备案表");
  g_assert_null (dbo_form_pack_form_title (pack, "annex9"));
  fields = dbo_form_pack_get_fields (pack);
  g_assert_cmpuint (fields->len, ==, G_N_ELEMENTS (expected_fields));
  for (guint i = 0; i < G_N_ELEMENTS (expected_fields); i++)
    {
      const DboFormField *field = g_ptr_array_index (fields, i);

      g_assert_cmpstr (field->id, ==, expected_fields[i].id);
      g_assert_true (dbo_form_pack_find_field (pack, field->id) == field);
      g_assert_true (dbo_form_pack_find_path (pack, field->record, field->path) == field);
    }
  g_assert_null (dbo_form_pack_find_field (pack, "no-such-field"));

  /* The shipped pack is loaded once and shared. */
  g_assert_true (dbo_form_pack_get (DBO_FORM_PACK_2007) == dbo_form_pack_get (DBO_FORM_PACK_2007));
  g_assert_cmpuint (dbo_form_pack_get_fields (dbo_form_pack_get (DBO_FORM_PACK_2007))->len, ==, fields->len);
}

/* Every code has its form text, sentence text and label, the label starts
 * with the code as the form prints it, and the 其他 code has its text. */
static void
test_complete (void)
{
  const DboFormPack *pack = dbo_form_pack_get (DBO_FORM_PACK_2007);
  GPtrArray *fields = dbo_form_pack_get_fields (pack);

  for (guint i = 0; i < fields->len; i++)
    {
      const DboFormField *field = g_ptr_array_index (fields, i);
      const DboFormCode *other = dbo_form_field_other_code (field);

      g_assert_cmpstr (field->form, ==, "annex4");
      g_assert_true (g_str_has_prefix (field->item, "表一") || g_str_has_prefix (field->item, "表二"));
      g_assert_true ((field->record == DBO_FORM_RECORD_ENTERPRISE) == g_str_has_prefix (field->item, "表一"));
      g_assert_cmpstr (field->zh, !=, "");
      g_assert_cmpstr (field->en, !=, "");
      g_assert_true (g_strv_contains ((const char * const *) field->prints, "annex4"));
      g_assert_cmpint (field->required, !=, DBO_FORM_OPTIONAL);
      g_assert_true (g_strv_contains ((const char * const *) field->required_by, "annex4"));
      /* Every coded field of 表一 and 表二 has its 其他 and the text for it. */
      g_assert_nonnull (other);
      g_assert_cmpstr (other->zh, ==, "其他");
      g_assert_nonnull (field->other_path);
      g_assert_cmpint (field->other_offset, >=, 0);
      g_assert_cmpuint (field->codes->len, >=, 3);
      for (guint k = 0; k < field->codes->len; k++)
        {
          const DboFormCode *code = g_ptr_array_index (field->codes, k);
          g_autofree char *prefix = g_strconcat (code->value, " ", NULL);

          g_assert_cmpstr (code->zh, !=, "");
          g_assert_nonnull (code->sentence);
          g_assert_true (g_str_has_prefix (code->label, prefix));
          g_assert_true (dbo_form_field_find_code (field, code->value) == code);
        }
    }

  /* The one place where the form and the sentences differ, said explicitly. */
  {
    const DboFormField *targets = dbo_form_pack_find_field (pack, "service-targets");
    const DboFormCode *both = dbo_form_field_find_code (targets, "3");

    g_assert_cmpstr (both->zh, ==, "两者均包括");
    g_assert_cmpstr (both->sentence, ==, "单位内部人员和社会公众人员");
    g_assert_cmpstr (dbo_form_field_find_code (targets, "1")->sentence, ==, "单位内部人员");
  }
  /* 表二 04 asks "跨___个" after the two "across" scopes only. */
  {
    const DboFormField *scope = dbo_form_pack_find_field (pack, "service-scope");

    for (guint k = 0; k < scope->codes->len; k++)
      {
        const DboFormCode *code = g_ptr_array_index (scope->codes, k);

        g_assert_cmpint (code->counted, ==, g_str_equal (code->value, "11") || g_str_equal (code->value, "21"));
      }
  }
}

/* The codes a project may hold (project.xsd, which also guards the store)
 * are exactly the codes the form prints, and each reaches the model. */
static void
test_matches_model (void)
{
  const DboFormPack *pack = dbo_form_pack_get (DBO_FORM_PACK_2007);

  for (guint i = 0; i < G_N_ELEMENTS (expected_fields); i++)
    {
      const DboFormField *field = dbo_form_pack_find_field (pack, expected_fields[i].id);
      g_autoptr(GPtrArray) accepted = xsd_enumeration (expected_fields[i].xsd_type);
      g_autoptr(DboProject) project = dbo_project_new ();
      g_autoptr(DboObject) object = dbo_object_new ("o1");
      gpointer record = field->record == DBO_FORM_RECORD_ENTERPRISE ? (gpointer) &project->enterprise
                                                                    : (gpointer) object;

      g_test_message ("%s: %s", field->id, expected_fields[i].xsd_type);
      g_assert_cmpuint (accepted->len, ==, field->codes->len);
      for (guint k = 0; k < accepted->len; k++)
        {
          const DboFormCode *code = dbo_form_field_find_code (field, g_ptr_array_index (accepted, k));

          g_assert_nonnull (code);
          g_assert_true (dbo_xml_type_accepts ("project.xsd", expected_fields[i].xsd_type, code->value));
          dbo_form_field_set (field, record, code->value);
          g_assert_cmpstr (dbo_form_field_get (field, record), ==, code->value);
          g_assert_null (dbo_form_field_unknown_code (field, code->value));
        }
      dbo_form_field_set (field, record, "");
      g_assert_null (dbo_form_field_get (field, record));
      g_assert_null (dbo_form_field_get_other (field, record));
    }
}

static void
test_codes (void)
{
  const DboFormPack *pack = dbo_form_pack_get (DBO_FORM_PACK_2007);
  const DboFormField *business = dbo_form_pack_find_field (pack, "business-types");
  const DboFormField *coverage = dbo_form_pack_find_field (pack, "network-coverage");
  g_autofree char *bad_list = dbo_form_field_unknown_code (business, "1 7 9");
  g_autofree char *two = dbo_form_field_unknown_code (coverage, "1 2");
  g_autofree char *bad = dbo_form_field_unknown_code (coverage, "4");

  g_assert_true (business->multiple);
  g_assert_false (coverage->multiple);
  g_assert_cmpstr (bad_list, ==, "7");
  g_assert_cmpstr (two, ==, "1 2");
  g_assert_cmpstr (bad, ==, "4");
  g_assert_null (dbo_form_field_unknown_code (business, "1|3, 9"));
  g_assert_null (dbo_form_field_unknown_code (coverage, NULL));
  g_assert_true (dbo_form_value_has_code ("1 3", "3"));
  g_assert_true (dbo_form_value_has_code ("1|3", "1"));
  g_assert_false (dbo_form_value_has_code ("1 3", "2"));
  g_assert_false (dbo_form_value_has_code ("13", "1"));
  g_assert_false (dbo_form_value_has_code (NULL, "1"));
}

/* The shipped data with one change; asserts the change happened. */
static GBytes *
changed_pack (const char *from, const char *to)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/dengbao/Dengbao/core/forms/mps-2007.xml",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) parts = g_strsplit (text, from, 2);
  char *changed;

  g_assert_nonnull (parts[1]);
  changed = g_strconcat (parts[0], to, parts[1], NULL);
  return g_bytes_new_take (changed, strlen (changed));
}

static void
test_refused (void)
{
  static const struct {
    const char *from, *to, *says;
  } cases[] = {
    /* By the schema. */
    { "<code value=\"2\" zh=\"城域网\">", "<code value=\"1\" zh=\"城域网\">", "unique-code" },
    { "<code value=\"1\" zh=\"局域网\"><label>1 Local area network</label>",
      "<code value=\"1\" zh=\"局域网\">", "label" },
    { "<code value=\"3\" zh=\"广域网\">", "<code value=\"3\" zh=\"\">", "zh" },
    { "<code value=\"3\" zh=\"广域网\">", "<code value=\"3a\" zh=\"广域网\">", "value" },
    { "record=\"object\" path=\"network/@coverage\"", "record=\"system\" path=\"network/@coverage\"", "record" },
    { "<field id=\"affiliation\"", "<field id=\"unit-type\"", "unique-field" },
    /* By the loader. */
    { "path=\"network/@coverage\"", "path=\"network/@reach\"", "the model has no object “network/@reach”" },
    { "prints=\"annex4\" required=\"always\"", "prints=\"annex5\" required=\"always\"", "no <form id=\"annex5\">" },
    { "form=\"annex4\" item=\"表二06\"", "form=\"annex1\" item=\"表二06\"", "form=\"annex1\"" },
    { "<code value=\"2\" zh=\"互联网\">", "<code value=\"2\" zh=\"互联网\" other=\"true\">", "a second 其他 code" },
    { "other-path=\"network/@nature-other\"", "", "other-path go together" },
    { "path=\"network/@nature\"", "path=\"network/@coverage\"", "both describe" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = changed_pack (cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(DboFormPack) pack = dbo_form_pack_load_bytes (bytes, "changed.xml", &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error != NULL ? error->message : "(loaded)");
      g_assert_null (pack);
      g_assert_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_true (g_str_has_prefix (error->message, "changed.xml"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (dbo_form_pack_load_named ("mps-2031", &error));
    g_assert_error (error, DBO_FORM_PACK_ERROR, DBO_FORM_PACK_ERROR_NOT_FOUND);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/forms/load", test_load);
  g_test_add_func ("/core/forms/complete", test_complete);
  g_test_add_func ("/core/forms/matches-model", test_matches_model);
  g_test_add_func ("/core/forms/codes", test_codes);
  g_test_add_func ("/core/forms/refused", test_refused);
  return g_test_run ();
}
