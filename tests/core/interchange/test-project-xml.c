#include "config.h"
#include "dbo-test-utils.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "dbo-model.h"
#include "dbo-project-xml.h"
#include "dbo-xml.h"

#define SHA_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define SHA_B "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

/* ---- helpers ---- */

static char *
fixture_path (const char *name)
{
  return dbo_test_source_path ("tests", "data", "xml", name, NULL);
}

static char *
load_fixture (const char *name, gsize *len)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static DboProject *
read_string (const char *xml, GError **error)
{
  return dbo_project_xml_read (xml, strlen (xml), "test.xml", error);
}

/* Whether project.xml (its XSD) accepts @value where @xml_format has "%s". */
static gboolean
xml_accepts (const char *xml_format, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);
  g_auto(GStrv) parts = g_strsplit (xml_format, "%s", 2);
  g_autofree char *xml = g_strjoinv (escaped, parts);
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;

  p = read_string (xml, &error);
  return p != NULL;
}

#define ID_XML \
  "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"%s\" ruleset=\"shanxi-coal-2021\">" \
  "<enterprise kind=\"production\"><name>甲</name></enterprise><objects/></project>"
#define SHA_XML \
  "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"p1\" ruleset=\"shanxi-coal-2021\">" \
  "<enterprise kind=\"production\"><name>甲</name></enterprise><objects/>" \
  "<panel><conclusion data-sha256=\"%s\"/></panel></project>"
#define CITY_XML \
  "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"p1\" ruleset=\"shanxi-coal-2021\">" \
  "<enterprise kind=\"production\"><name>甲</name><address city=\"%s\"/></enterprise><objects/></project>"

/* The store's checks of ids, hashes and codes (which have no XML to
 * validate) accept exactly what project.xml accepts: one rule, the XSD's. */
static void
test_store_rules_are_the_xsd_rules (void)
{
  static const char * const ids[] = {
    "o1", "m12", "a", "0", "A-b_c.d", "6f1c2a4e-8d3b-4c7a-9e15-2b8f0d6a3c91",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "", "-a", ".a", "_a", "..", "x/../../../pwned", "/tmp/x", "a/b", "a\\b", "a:b", "a+b", "a%2fb",
    "中文", "é", NULL
  };
  static const char * const hashes[] = {
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
    "../../../../etc/passwd", "", "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL
  };
  static const char * const cities[] = { "01", "09", "11", "1", "12", "00", "x", "", NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_test_message ("id “%s”", ids[i]);
      g_assert_cmpint (dbo_id_is_valid (ids[i]), ==, xml_accepts (ID_XML, ids[i]));
    }
  g_assert_true (dbo_id_is_valid ("o1"));
  g_assert_false (dbo_id_is_valid ("x/../../../pwned"));
  g_assert_false (dbo_id_is_valid (NULL));
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_test_message ("sha256 “%s”", hashes[i]);
      g_assert_cmpint (dbo_sha256_is_valid (hashes[i]), ==, xml_accepts (SHA_XML, hashes[i]));
    }
  g_assert_true (dbo_sha256_is_valid (hashes[0]));
  for (guint i = 0; cities[i] != NULL; i++)
    {
      g_test_message ("city “%s”", cities[i]);
      g_assert_cmpint (dbo_xml_type_accepts ("project.xsd", "City", cities[i]), ==,
                       xml_accepts (CITY_XML, cities[i]));
    }
  /* Lists: every item, at least one. */
  g_assert_true (dbo_xml_type_accepts ("project.xsd", "InterconnectionCodes", "1 2 9"));
  g_assert_false (dbo_xml_type_accepts ("project.xsd", "InterconnectionCodes", "1 5"));
  g_assert_false (dbo_xml_type_accepts ("project.xsd", "InterconnectionCodes", ""));
  g_assert_true (dbo_xml_type_accepts ("project.xsd", "BusinessTypes", "1 9"));
  g_assert_false (dbo_xml_type_accepts ("project.xsd", "BusinessTypes", "1  9"));
}

static GArray *
make_stroke (const DboPoint *points, guint n)
{
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));

  g_array_append_vals (stroke, points, n);
  return stroke;
}

/* Every field of every record filled. */
static DboProject *
build_full_project (void)
{
  DboProject *p = dbo_project_new ();
  DboEnterprise *e = &p->enterprise;
  DboObject *o;
  DboMember *m;
  DboReview *review;
  DboAssessment *a;
  DboAttachment *att;
  DboProduct *product;
  DboServiceUse *service;
  DboReviewLevel level;
  static const DboPoint s1[] = { { 1.5, 2.25, 0.5 }, { 3, 4.75, 0.625 }, { 5.126, 6, 1 } };
  static const DboPoint s2[] = { { 10, 10, 0.25 } };

  dbo_set_str (&p->id, "7d0f3c52-5a55-4c1e-9a57-3f0b8f3d2a11");
  dbo_set_str (&p->title, "晋城示例煤业 网络安全等级保护定级备案");

  e->kind = DBO_KIND_PRODUCTION;
  e->standardization = DBO_STD_LEVEL1;
  dbo_set_str (&e->name, "山西晋城示例煤业有限公司");
  dbo_set_str (&e->credit_code, "91140500MA0GRXXX1X");
  dbo_set_str (&e->city, "09");
  dbo_set_str (&e->county, "泽州县");
  dbo_set_str (&e->town, "巴公镇");
  dbo_set_str (&e->address_detail, "矿区路 1 号");
  dbo_set_str (&e->postcode, "048000");
  dbo_set_str (&e->division_code, "140525");
  dbo_set_str (&e->group_company, "示例煤业集团有限责任公司");
  dbo_set_str (&e->head.name, "张建国");
  dbo_set_str (&e->head.title, "矿长");
  dbo_set_str (&e->head.office_phone, "0356-3000001");
  dbo_set_str (&e->head.email, "zhang@example.cn");
  dbo_set_str (&e->department, "信息化中心");
  dbo_set_str (&e->contact.name, "李明");
  dbo_set_str (&e->contact.title, "主任");
  dbo_set_str (&e->contact.office_phone, "0356-3000002");
  dbo_set_str (&e->contact.mobile, "13800000000");
  dbo_set_str (&e->contact.email, "li@example.cn");
  dbo_set_str (&e->affiliation_code, "9");
  dbo_set_str (&e->affiliation_other, "集团公司");
  dbo_set_str (&e->unit_type_code, "4");
  dbo_set_str (&e->unit_type_other, "国有企业");
  dbo_set_str (&e->industry_code, "99");
  dbo_set_str (&e->industry_other, "煤炭");
  e->not_run = 1u << DBO_PRESET_INTELLIGENT_FACE | 1u << DBO_PRESET_OUTPUT;

  o = dbo_object_new ("o1");
  dbo_set_str (&o->number, "JC-2021-01");
  o->type = DBO_OBJ_ICS;
  o->status = DBO_STATUS_OPERATING;
  dbo_set_str (&o->name, "煤矿安全监控系统");
  o->preset = DBO_PRESET_SAFETY_MONITORING;
  o->scope = DBO_SCOPE_CROSS_CITY;
  o->aggregation_platform = TRUE;
  dbo_set_str (&o->department, "调度室");
  dbo_set_str (&o->owner_name, "王强");
  dbo_set_str (&o->owner_phone, "13900000000");
  dbo_set_str (&o->operation_date, "2019-05-01");
  dbo_set_str (&o->business_types, "1 2 9");
  dbo_set_str (&o->business_other, "瓦斯抽采");
  dbo_set_str (&o->business_description, "监测井下瓦斯、一氧化碳 & 风速 <实时>");
  dbo_set_str (&o->service_scope, "21");
  o->service_scope_count = 2;
  dbo_set_str (&o->service_targets, "1");
  dbo_set_str (&o->service_other, "集团调度");
  dbo_set_str (&o->service_targets_other, "外包运维人员");
  dbo_set_str (&o->network_coverage, "1");
  dbo_set_str (&o->network_nature, "1");
  dbo_set_str (&o->network_other, "工业环网");
  dbo_set_str (&o->network_nature_other, "矿区无线专网");
  dbo_set_str (&o->interconnection_codes, "2 3");
  dbo_set_str (&o->interconnection_other, "省局联网");
  product = dbo_product_new (DBO_PRODUCT_SECURITY);
  product->count = 3;
  product->domestic = DBO_DOMESTIC_PARTIAL;
  product->percent = 60;
  g_ptr_array_add (o->products, product);
  product = dbo_product_new (DBO_PRODUCT_OTHER);
  product->count = 12;
  product->domestic = DBO_DOMESTIC_ALL;
  dbo_set_str (&product->other, "PLC 分站");
  g_ptr_array_add (o->products, product);
  service = dbo_service_use_new (DBO_SERVICE_ASSESSMENT);
  service->used = TRUE;
  service->provider = DBO_PROVIDER_INDUSTRY;
  g_ptr_array_add (o->services, service);
  service = dbo_service_use_new (DBO_SERVICE_OTHER);
  service->used = FALSE;
  dbo_set_str (&service->other, "运维外包");
  g_ptr_array_add (o->services, service);
  dbo_set_str (&o->assessment_body, "山西某等级测评中心");
  dbo_set_str (&o->parent_name, "集团安全生产综合管控平台");
  dbo_set_str (&o->parent_unit, "示例煤业集团有限责任公司");
  dbo_set_str (&o->drafted, "2021-04-01");
  dbo_set_str (&o->aspects[DBO_ASPECT_BUSINESS].description, "监测数据被篡改将影响安全生产");
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_ESPECIALLY_SERIOUS);
  dbo_set_str (&o->aspects[DBO_ASPECT_SERVICE].description, "服务中断将导致停产撤人");
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL);
  o->override_level = 3;
  dbo_set_str (&o->override_reason, "跨市联网的数据汇聚平台，按通知不低于第三级");
  g_ptr_array_add (o->materials, dbo_material_new (1, TRUE, SHA_A));
  g_ptr_array_add (o->materials, dbo_material_new (5, FALSE, NULL));
  g_ptr_array_add (p->objects, o);

  o = dbo_object_new ("o2");
  o->type = DBO_OBJ_SYSTEM;
  o->status = DBO_STATUS_PLANNED;
  dbo_set_str (&o->name, "办公自动化系统");
  o->scope = DBO_SCOPE_LOCAL;
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  g_ptr_array_add (p->objects, o);

  dbo_set_str (&p->panel.date, "2021-04-10");
  dbo_set_str (&p->panel.organiser, "信息化中心");
  dbo_set_str (&p->panel.location, "矿办公楼三楼会议室");
  m = dbo_member_new ("m1");
  m->kind = DBO_MEMBER_INFOSEC;
  m->leader = TRUE;
  dbo_set_str (&m->name, "赵教授");
  dbo_set_str (&m->unit, "太原理工大学");
  dbo_set_str (&m->title, "教授");
  dbo_set_str (&m->phone, "0351-6000000");
  m->sig_width_mm = 60;
  m->sig_height_mm = 20;
  dbo_set_str (&m->sig_signed, "2021-04-10T10:30:00+08:00");
  m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (m->strokes, make_stroke (s1, G_N_ELEMENTS (s1)));
  g_ptr_array_add (m->strokes, make_stroke (s2, G_N_ELEMENTS (s2)));
  g_ptr_array_add (p->panel.members, m);
  m = dbo_member_new ("m2");
  m->kind = DBO_MEMBER_COAL_IT;
  dbo_set_str (&m->name, "钱工");
  dbo_set_str (&m->unit, "煤炭科学研究总院");
  g_ptr_array_add (p->panel.members, m);
  m = dbo_member_new ("m3");
  m->kind = DBO_MEMBER_COAL_IT;
  dbo_set_str (&m->name, "孙工");
  g_ptr_array_add (p->panel.members, m);
  g_ptr_array_add (p->panel.recommendations, dbo_recommendation_new ("o1", 3, "同意拟定等级"));
  g_ptr_array_add (p->panel.recommendations, dbo_recommendation_new ("o2", 1, NULL));
  {
    DboRecommendation *r1 = dbo_project_find_recommendation (p, "o1");
    DboRecommendation *r2 = dbo_project_find_recommendation (p, "o2");
    DboPreviousConclusion *prev = dbo_previous_conclusion_new ();

    g_ptr_array_add (r1->dissents, dbo_dissent_new ("m3", "应定为第二级：\n系统仅在矿内 & <本地> 运行。"));
    /* A dissent without a reason given, and one on a recommendation without a reason. */
    g_ptr_array_add (r1->dissents, dbo_dissent_new ("m2", NULL));
    g_ptr_array_add (r2->dissents, dbo_dissent_new ("m1", "不同意。"));
    prev->materials_complete = FALSE;
    prev->division_reasonable = TRUE;
    prev->concluded = g_strdup ("2021-04-09T15:00:00+08:00");
    prev->data_sha256 = g_strdup (SHA_A);
    prev->note = g_strdup ("材料不全。");
    prev->superseded = g_strdup ("2021-04-10T11:00:00+08:00");
    g_ptr_array_add (p->panel.history, prev);
  }
  p->panel.conclusion.present = TRUE;
  p->panel.conclusion.materials_complete = TRUE;
  p->panel.conclusion.division_reasonable = TRUE;
  dbo_set_str (&p->panel.conclusion.concluded, "2021-04-10T11:00:00+08:00");
  dbo_set_str (&p->panel.conclusion.data_sha256, SHA_B);
  dbo_set_str (&p->panel.conclusion.note, "定级对象划分合理。\n材料齐全。");

  review = dbo_review_new (1);
  dbo_set_str (&review->authority, "09");
  dbo_set_str (&review->submitted, "2021-04-12");
  dbo_set_str (&review->decided, "2021-04-16");
  review->has_outcome = TRUE;
  review->outcome = DBO_OUTCOME_APPROVED;
  dbo_set_str (&review->number, "09-2021-0042");
  level.object_id = g_strdup ("o1");
  level.value = 3;
  g_array_append_val (review->levels, level);
  dbo_set_str (&review->opinion, "同意定为第三级。");
  g_ptr_array_add (p->reviews, review);

  p->has_filing = TRUE;
  dbo_set_str (&p->filing.office, "晋城市公安局网安支队");
  dbo_set_str (&p->filing.submitted, "2021-04-20");
  dbo_set_str (&p->filing.certificate, "14050021001-00001");
  dbo_set_str (&p->filing.certificate_date, "2021-04-30");

  a = dbo_assessment_new ("o1");
  dbo_set_str (&a->date, "2022-03-15");
  dbo_set_str (&a->body, "山西某等级测评中心");
  dbo_set_str (&a->report, "CP-2022-015");
  g_ptr_array_add (p->assessments, a);

  att = dbo_attachment_new ("系统拓扑图.pdf", "application/pdf", NULL);
  dbo_set_str (&att->sha256, SHA_A);
  g_ptr_array_add (p->attachments, att);
  return p;
}

/* ---- round trips ---- */

static void
test_full_round_trip (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml1 = NULL, *xml2 = NULL;
  gsize len1 = 0, len2 = 0;
  DboObject *o;
  DboMember *m;
  DboReview *review;
  GArray *stroke;

  xml1 = dbo_project_xml_write (p, &len1);
  g_assert_cmpuint (len1, ==, strlen (xml1));
  g_assert_true (g_str_has_prefix (xml1, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project "));
  g_assert_true (g_str_has_suffix (xml1, "</project>\n"));

  back = dbo_project_xml_read (xml1, len1, "full.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  xml2 = dbo_project_xml_write (back, &len2);
  g_assert_cmpstr (xml2, ==, xml1);
  g_assert_cmpuint (len2, ==, len1);

  /* Spot checks, field by field. */
  g_assert_cmpstr (back->id, ==, "7d0f3c52-5a55-4c1e-9a57-3f0b8f3d2a11");
  g_assert_cmpstr (back->format_version, ==, "1");
  g_assert_cmpstr (back->ruleset, ==, "shanxi-coal-2021");
  g_assert_cmpstr (back->title, ==, p->title);
  g_assert_cmpint (back->enterprise.kind, ==, DBO_KIND_PRODUCTION);
  g_assert_cmpint (back->enterprise.standardization, ==, DBO_STD_LEVEL1);
  g_assert_cmpstr (back->enterprise.credit_code, ==, "91140500MA0GRXXX1X");
  g_assert_cmpstr (back->enterprise.city, ==, "09");
  g_assert_cmpstr (back->enterprise.address_detail, ==, "矿区路 1 号");
  g_assert_cmpstr (back->enterprise.division_code, ==, "140525");
  g_assert_cmpstr (back->enterprise.head.email, ==, "zhang@example.cn");
  g_assert_null (back->enterprise.head.mobile);
  g_assert_cmpstr (back->enterprise.contact.mobile, ==, "13800000000");
  g_assert_cmpstr (back->enterprise.unit_type_other, ==, "国有企业");
  g_assert_cmpstr (back->enterprise.industry_code, ==, "99");
  g_assert_cmpstr (back->enterprise.industry_other, ==, "煤炭");
  g_assert_cmpuint (back->enterprise.not_run, ==, 1u << DBO_PRESET_INTELLIGENT_FACE | 1u << DBO_PRESET_OUTPUT);
  g_assert_false (dbo_enterprise_runs_preset (&back->enterprise, DBO_PRESET_OUTPUT));
  g_assert_true (dbo_enterprise_runs_preset (&back->enterprise, DBO_PRESET_DISPATCH));

  g_assert_cmpuint (back->objects->len, ==, 2);
  o = dbo_project_find_object (back, "o1");
  g_assert_nonnull (o);
  g_assert_cmpint (o->type, ==, DBO_OBJ_ICS);
  g_assert_cmpint (o->preset, ==, DBO_PRESET_SAFETY_MONITORING);
  g_assert_cmpint (o->scope, ==, DBO_SCOPE_CROSS_CITY);
  g_assert_true (o->aggregation_platform);
  g_assert_cmpstr (o->number, ==, "JC-2021-01");
  g_assert_cmpstr (o->owner_phone, ==, "13900000000");
  g_assert_cmpstr (o->business_types, ==, "1 2 9");
  g_assert_cmpstr (o->business_description, ==, "监测井下瓦斯、一氧化碳 & 风速 <实时>");
  g_assert_cmpint (o->service_scope_count, ==, 2);
  g_assert_cmpstr (o->interconnection_codes, ==, "2 3");
  g_assert_cmpuint (o->products->len, ==, 2);
  g_assert_cmpint (((DboProduct *) o->products->pdata[0])->percent, ==, 60);
  g_assert_cmpint (((DboProduct *) o->products->pdata[0])->domestic, ==, DBO_DOMESTIC_PARTIAL);
  g_assert_cmpint (((DboProduct *) o->products->pdata[1])->percent, ==, -1);
  g_assert_cmpstr (((DboProduct *) o->products->pdata[1])->other, ==, "PLC 分站");
  g_assert_cmpuint (o->services->len, ==, 2);
  g_assert_true (((DboServiceUse *) o->services->pdata[0])->used);
  g_assert_cmpint (((DboServiceUse *) o->services->pdata[0])->provider, ==, DBO_PROVIDER_INDUSTRY);
  g_assert_cmpint (((DboServiceUse *) o->services->pdata[1])->provider, ==, DBO_PROVIDER_NONE);
  g_assert_false (((DboServiceUse *) o->services->pdata[1])->used);
  g_assert_cmpstr (o->parent_unit, ==, "示例煤业集团有限责任公司");
  g_assert_cmpstr (o->drafted, ==, "2021-04-01");
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL), ==, DBO_DEGREE_SERIOUS);
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN), ==,
                   DBO_DEGREE_ESPECIALLY_SERIOUS);
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_NATIONAL), ==, -1);
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_SOCIAL), ==, DBO_DEGREE_GENERAL);
  g_assert_cmpstr (o->aspects[DBO_ASPECT_SERVICE].description, ==, "服务中断将导致停产撤人");
  g_assert_cmpint (o->override_level, ==, 3);
  g_assert_cmpstr (o->override_reason, ==, "跨市联网的数据汇聚平台，按通知不低于第三级");
  g_assert_cmpuint (o->materials->len, ==, 2);
  g_assert_cmpint (((DboMaterial *) o->materials->pdata[0])->item, ==, 1);
  g_assert_true (((DboMaterial *) o->materials->pdata[0])->present);
  g_assert_cmpstr (((DboMaterial *) o->materials->pdata[0])->attachment, ==, SHA_A);
  g_assert_false (((DboMaterial *) o->materials->pdata[1])->present);
  g_assert_null (((DboMaterial *) o->materials->pdata[1])->attachment);

  o = dbo_project_find_object (back, "o2");
  g_assert_nonnull (o);
  g_assert_cmpint (o->status, ==, DBO_STATUS_PLANNED);
  g_assert_cmpint (o->preset, ==, DBO_PRESET_NONE);
  g_assert_cmpint (o->service_scope_count, ==, -1);
  g_assert_cmpint (o->override_level, ==, 0);
  g_assert_null (o->drafted);

  g_assert_cmpstr (back->panel.location, ==, "矿办公楼三楼会议室");
  g_assert_cmpuint (back->panel.members->len, ==, 3);
  m = dbo_project_find_member (back, "m1");
  g_assert_nonnull (m);
  g_assert_true (m->leader);
  g_assert_cmpint (m->kind, ==, DBO_MEMBER_INFOSEC);
  g_assert_cmpfloat_with_epsilon (m->sig_width_mm, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->sig_height_mm, 20.0, 1e-9);
  g_assert_cmpstr (m->sig_signed, ==, "2021-04-10T10:30:00+08:00");
  g_assert_nonnull (m->strokes);
  g_assert_cmpuint (m->strokes->len, ==, 2);
  stroke = g_ptr_array_index (m->strokes, 0);
  g_assert_cmpuint (stroke->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (stroke, DboPoint, 0).y, 2.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (stroke, DboPoint, 1).pressure, 0.625, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (stroke, DboPoint, 2).x, 5.13, 1e-9);
  m = dbo_project_find_member (back, "m3");
  g_assert_nonnull (m);
  g_assert_false (m->leader);
  g_assert_cmpint (m->kind, ==, DBO_MEMBER_COAL_IT);
  g_assert_null (m->strokes);
  g_assert_null (m->unit);

  g_assert_cmpuint (back->panel.recommendations->len, ==, 2);
  g_assert_cmpint (dbo_project_find_recommendation (back, "o1")->level, ==, 3);
  g_assert_cmpstr (dbo_project_find_recommendation (back, "o1")->reason, ==, "同意拟定等级");
  g_assert_null (dbo_project_find_recommendation (back, "o2")->reason);
  {
    const GPtrArray *d1 = dbo_project_find_recommendation (back, "o1")->dissents;
    const GPtrArray *d2 = dbo_project_find_recommendation (back, "o2")->dissents;
    const DboPreviousConclusion *prev;

    g_assert_cmpuint (d1->len, ==, 2);
    g_assert_cmpstr (((DboDissent *) d1->pdata[0])->member_id, ==, "m3");
    g_assert_cmpstr (((DboDissent *) d1->pdata[0])->text, ==, "应定为第二级：\n系统仅在矿内 & <本地> 运行。");
    g_assert_cmpstr (((DboDissent *) d1->pdata[1])->member_id, ==, "m2");
    g_assert_null (((DboDissent *) d1->pdata[1])->text);
    g_assert_cmpuint (d2->len, ==, 1);
    g_assert_cmpstr (((DboDissent *) d2->pdata[0])->text, ==, "不同意。");
    g_assert_cmpuint (back->panel.history->len, ==, 1);
    prev = g_ptr_array_index (back->panel.history, 0);
    g_assert_false (prev->materials_complete);
    g_assert_true (prev->division_reasonable);
    g_assert_cmpstr (prev->concluded, ==, "2021-04-09T15:00:00+08:00");
    g_assert_cmpstr (prev->data_sha256, ==, SHA_A);
    g_assert_cmpstr (prev->note, ==, "材料不全。");
    g_assert_cmpstr (prev->superseded, ==, "2021-04-10T11:00:00+08:00");
    g_assert_nonnull (strstr (xml1, "<dissent member=\"m2\"/>"));
  }
  g_assert_true (back->panel.conclusion.present);
  g_assert_true (back->panel.conclusion.division_reasonable);
  g_assert_cmpstr (back->panel.conclusion.data_sha256, ==, SHA_B);
  g_assert_cmpstr (back->panel.conclusion.note, ==, "定级对象划分合理。\n材料齐全。");

  review = dbo_project_latest_review (back);
  g_assert_nonnull (review);
  g_assert_cmpint (review->round, ==, 1);
  g_assert_true (review->has_outcome);
  g_assert_cmpint (review->outcome, ==, DBO_OUTCOME_APPROVED);
  g_assert_cmpstr (review->number, ==, "09-2021-0042");
  g_assert_cmpuint (review->levels->len, ==, 1);
  g_assert_cmpstr (g_array_index (review->levels, DboReviewLevel, 0).object_id, ==, "o1");
  g_assert_cmpint (g_array_index (review->levels, DboReviewLevel, 0).value, ==, 3);

  g_assert_true (back->has_filing);
  g_assert_cmpstr (back->filing.certificate_date, ==, "2021-04-30");
  g_assert_cmpuint (back->assessments->len, ==, 1);
  g_assert_cmpstr (((DboAssessment *) back->assessments->pdata[0])->report, ==, "CP-2022-015");
  g_assert_cmpuint (back->attachments->len, ==, 1);
  g_assert_cmpstr (((DboAttachment *) back->attachments->pdata[0])->sha256, ==, SHA_A);
  g_assert_cmpstr (((DboAttachment *) back->attachments->pdata[0])->media_type, ==, "application/pdf");
  g_assert_null (((DboAttachment *) back->attachments->pdata[0])->data);
  g_assert_nonnull (strstr (xml1, "path=\"attachments/" SHA_A "\""));
}

/* The full project's bytes are pinned: any change to the format shows up here
 * (and in the acceptance suite) rather than slipping through. */
static void
test_full_golden (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = dbo_project_xml_write (p, NULL);
  g_autofree char *golden = NULL;
  g_autofree char *again = NULL;
  gsize len = 0;

  if (g_getenv ("DBO_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *path = fixture_path ("full-project.xml");

      g_file_set_contents (path, xml, -1, &error);
      g_assert_no_error (error);
    }
  golden = load_fixture ("full-project.xml", &len);
  g_assert_cmpstr (xml, ==, golden);

  back = dbo_project_xml_read (golden, len, "full-project.xml", &error);
  g_assert_no_error (error);
  again = dbo_project_xml_write (back, NULL);
  g_assert_cmpstr (again, ==, golden);
}

static void
test_minimal (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL, *expected = NULL;

  /* Only what `dengbao-cli new` asks for. */
  p->enterprise.kind = DBO_KIND_CONSTRUCTION;
  dbo_set_str (&p->enterprise.name, "示例建设煤矿");
  dbo_set_str (&p->enterprise.city, "05");
  dbo_set_str (&p->enterprise.industry_code, NULL);

  xml = dbo_project_xml_write (p, NULL);
  expected = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"%s\" ruleset=\"shanxi-coal-2021\">\n"
    "  <enterprise kind=\"construction\" standardization=\"unrated\">\n"
    "    <name>示例建设煤矿</name>\n"
    "    <address city=\"05\"/>\n"
    "  </enterprise>\n"
    "  <objects/>\n"
    "</project>\n", p->id);
  g_assert_cmpstr (xml, ==, expected);

  back = read_string (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->enterprise.kind, ==, DBO_KIND_CONSTRUCTION);
  g_assert_cmpint (back->enterprise.standardization, ==, DBO_STD_UNRATED);
  g_assert_cmpstr (back->enterprise.name, ==, "示例建设煤矿");
  g_assert_cmpstr (back->enterprise.city, ==, "05");
  /* The file says there is no industry: the model's default is not added back. */
  g_assert_null (back->enterprise.industry_code);
  g_assert_null (back->title);
  g_assert_cmpuint (back->objects->len, ==, 0);
  g_assert_cmpuint (back->panel.members->len, ==, 0);
  g_assert_false (back->panel.conclusion.present);
  g_assert_false (back->has_filing);
  g_assert_cmpstr (back->id, ==, p->id);
  xml2 = dbo_project_xml_write (back, NULL);
  g_assert_cmpstr (xml2, ==, xml);
}

/* A project straight from dbo_project_new() with nothing else set still
 * writes a file that reads back (its enterprise name is empty). */
static void
test_fresh_project (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL;

  xml = dbo_project_xml_write (p, NULL);
  g_assert_nonnull (strstr (xml, "<name/>"));
  g_assert_nonnull (strstr (xml, "<industry code=\"38\"/>"));
  back = read_string (xml, &error);
  g_assert_no_error (error);
  g_assert_null (back->enterprise.name);
  g_assert_cmpstr (back->enterprise.industry_code, ==, "38");
  xml2 = dbo_project_xml_write (back, NULL);
  g_assert_cmpstr (xml2, ==, xml);
}

/* Optional attributes the application always writes take their documented
 * defaults when another producer leaves them out; token values are collapsed
 * as XSD does, text is taken as is; an override without reason is accepted. */
static void
test_defaults_and_whitespace (void)
{
  g_autofree char *xml = NULL;
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;
  DboObject *o;
  gsize len;

  xml = load_fixture ("override-no-reason.xml", &len);
  p = dbo_project_xml_read (xml, len, "override-no-reason.xml", &error);
  g_assert_no_error (error);
  o = dbo_project_find_object (p, "o1");
  g_assert_nonnull (o);
  g_assert_cmpstr (o->name, ==, "  煤矿安全监控系统  ");
  g_assert_cmpint (o->type, ==, DBO_OBJ_ICS);
  g_assert_cmpint (o->status, ==, DBO_STATUS_PLANNED);
  g_assert_cmpint (o->scope, ==, DBO_SCOPE_CROSS_CITY);
  g_assert_false (o->aggregation_platform);
  g_assert_cmpint (o->override_level, ==, 3);
  g_assert_null (o->override_reason);
  g_assert_cmpint (p->enterprise.standardization, ==, DBO_STD_LEVEL2);

  g_clear_pointer (&p, dbo_project_free);
  p = read_string ("<project xmlns='urn:dengbao:project:1' format-version=' 1 ' id='p1' ruleset='r'>"
                   "<enterprise kind='group'><name>集团</name></enterprise>"
                   "<objects><object id=' o1 '><name>x</name></object></objects>"
                   "<panel><member id='m1' kind='coal-it'/></panel>"
                   "<reviews><review round='2'/></reviews></project>", &error);
  g_assert_no_error (error);
  o = g_ptr_array_index (p->objects, 0);
  g_assert_cmpstr (o->id, ==, "o1");
  g_assert_cmpint (o->type, ==, DBO_OBJ_SYSTEM);
  g_assert_cmpint (o->status, ==, DBO_STATUS_OPERATING);
  g_assert_cmpint (o->scope, ==, DBO_SCOPE_LOCAL);
  g_assert_cmpint (p->enterprise.standardization, ==, DBO_STD_UNRATED);
  g_assert_false (((DboMember *) p->panel.members->pdata[0])->leader);
  g_assert_false (((DboReview *) p->reviews->pdata[0])->has_outcome);
  g_assert_cmpstr (p->format_version, ==, "1");
}

/* 服务范围 and 服务对象 (覆盖范围 and 网络性质) each have their own "其他"
 * text; a file without targets-other (nature-other) is an older one whose
 * other served both questions. */
typedef struct {
  const char *service, *network;    /* the attributes */
  const char *first, *second;       /* the texts read: scope's, targets' (coverage's, nature's) */
} OtherCase;

static void
assert_other_case (const DboProject *p, const OtherCase *c)
{
  const DboObject *o = g_ptr_array_index (p->objects, 0);

  g_assert_cmpstr (o->service_other, ==, c->first);
  g_assert_cmpstr (o->service_targets_other, ==, c->second);
  g_assert_cmpstr (o->network_other, ==, c->first);
  g_assert_cmpstr (o->network_nature_other, ==, c->second);
}

static void
test_other_texts (void)
{
  static const OtherCase cases[] = {
    /* older files: one text for both */
    { "scope='99' targets='9' other='集团'", "coverage='9' nature='9' other='集团'", "集团", "集团" },
    { "scope='30' targets='9' other='集团'", "coverage='1' nature='9' other='集团'", NULL, "集团" },
    { "scope='99' targets='1' other='集团'", "coverage='9' nature='1' other='集团'", "集团", NULL },
    { "scope='30' targets='1' other='集团'", "coverage='1' nature='2' other='集团'", "集团", NULL },
    /* each its own */
    { "scope='99' targets='9' other='集团' targets-other='外包'",
      "coverage='9' nature='9' other='集团' nature-other='外包'", "集团", "外包" },
    { "scope='99' targets='9' other='集团' targets-other=''",
      "coverage='9' nature='9' other='集团' nature-other=''", "集团", NULL },
    { "scope='30' targets='9' targets-other='外包'", "coverage='1' nature='9' nature-other='外包'",
      NULL, "外包" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const OtherCase *c = &cases[i];
      g_autofree char *xml = NULL;
      g_autofree char *written = NULL;
      g_autoptr(DboProject) p = NULL;
      g_autoptr(DboProject) back = NULL;
      g_autoptr(GError) error = NULL;

      xml = g_strdup_printf ("<project xmlns='urn:dengbao:project:1' format-version='1' id='p1' ruleset='r'>"
                             "<enterprise kind='group'><name>集团</name></enterprise>"
                             "<objects><object id='o1'><name>x</name><service %s/><network %s/></object>"
                             "</objects></project>", c->service, c->network);
      p = read_string (xml, &error);
      g_assert_no_error (error);
      assert_other_case (p, c);

      /* Written again, each text stays with its question, even where the
       * second has none (written empty, so as not to look older). */
      written = dbo_project_xml_write (p, NULL);
      back = read_string (written, &error);
      g_assert_no_error (error);
      assert_other_case (back, c);
    }
}

/* Text that XML must escape, or cannot carry at all. */
static void
test_escaping (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL;
  const char *tricky = "  A & B <c> \"d\" 'e' ]]> \t tab\nline\r\nCRLF  ";
  DboObject *o = dbo_object_new ("o1");

  dbo_set_str (&p->enterprise.name, tricky);
  dbo_set_str (&p->enterprise.county, tricky);
  dbo_set_str (&p->title, "bell\x07 nul-less \x1b[31m escape \xef\xbf\xbe end");
  /* Invalid UTF-8 in the model still gives a valid file. */
  dbo_set_str (&o->name, "bad \xc3\x28 bytes \xff");
  g_ptr_array_add (p->objects, o);

  xml = dbo_project_xml_write (p, NULL);
  g_assert_true (g_utf8_validate (xml, -1, NULL));
  g_assert_null (strchr (xml, '\x07'));
  g_assert_null (strchr (xml, '\x1b'));
  g_assert_nonnull (strstr (xml, "A &amp; B &lt;c&gt; \"d\" 'e' ]]&gt;"));
  g_assert_nonnull (strstr (xml, "county=\"  A &amp; B &lt;c&gt; &quot;d&quot; 'e' ]]&gt; &#9; tab&#10;line&#13;&#10;CRLF  \""));

  back = read_string (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->enterprise.name, ==, tricky);
  g_assert_cmpstr (back->enterprise.county, ==, tricky);
  g_assert_cmpstr (back->title, ==, "bell\xef\xbf\xbd nul-less \xef\xbf\xbd[31m escape \xef\xbf\xbd end");
  o = g_ptr_array_index (back->objects, 0);
  g_assert_true (g_utf8_validate (o->name, -1, NULL));
  g_assert_true (g_str_has_prefix (o->name, "bad "));
  xml2 = dbo_project_xml_write (back, NULL);
  g_assert_cmpstr (xml2, ==, xml);
}

/* Strokes that strayed out of the box are kept on its edge; what is written reads back. */
/* A member removed (the undo toast still holds them) takes their dissent
 * out of the written file, which stays valid; the model keeps it. */
static void
test_dissent_of_removed_member (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  guint pos;

  for (pos = 0; pos < p->panel.members->len; pos++)
    if (g_str_equal (((DboMember *) g_ptr_array_index (p->panel.members, pos))->id, "m3"))
      break;
  g_assert_cmpuint (pos, <, p->panel.members->len);
  g_ptr_array_remove_index (p->panel.members, pos);
  xml = dbo_project_xml_write (p, NULL);
  g_assert_null (strstr (xml, "member=\"m3\""));
  back = dbo_project_xml_read (xml, strlen (xml), "removed.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dbo_project_find_recommendation (back, "o1")->dissents->len, ==, 1);
  g_assert_cmpuint (dbo_project_find_recommendation (p, "o1")->dissents->len, ==, 2);
}

static void
test_signature_edges (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL;
  DboMember *m = dbo_member_new ("m1");
  static const DboPoint wild[] = { { -3, 5, 0.5 }, { 70, 25, 1.5 }, { NAN, 1, -1 }, { 59.999, 19.996, 0.9999 } };
  GArray *stroke;

  m->sig_width_mm = 60;
  m->sig_height_mm = 20;
  m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (m->strokes, make_stroke (wild, G_N_ELEMENTS (wild)));
  g_ptr_array_add (m->strokes, make_stroke (wild, 0));   /* draws nothing: left out */
  g_ptr_array_add (p->panel.members, m);

  xml = dbo_project_xml_write (p, NULL);
  g_assert_nonnull (strstr (xml, "<stroke>0.00,5.00,0.500 60.00,20.00,1.000 0.00,1.00,0.000 60.00,20.00,1.000</stroke>"));
  back = read_string (xml, &error);
  g_assert_no_error (error);
  m = g_ptr_array_index (back->panel.members, 0);
  g_assert_cmpuint (m->strokes->len, ==, 1);
  stroke = g_ptr_array_index (m->strokes, 0);
  g_assert_cmpuint (stroke->len, ==, 4);
  g_assert_cmpfloat (g_array_index (stroke, DboPoint, 1).x, ==, 60.0);
  xml2 = dbo_project_xml_write (back, NULL);
  g_assert_cmpstr (xml2, ==, xml);

  /* Signed on screen but no stroke kept: still a signature. */
  g_ptr_array_set_size (m->strokes, 0);
  g_clear_pointer (&xml, g_free);
  xml = dbo_project_xml_write (back, NULL);
  g_assert_nonnull (strstr (xml, "<signature width-mm=\"60.00\" height-mm=\"20.00\"/>"));
}

/* ---- refusals ---- */

typedef struct {
  const char *file;
  int code;
  int line;                     /* 0: the message need not name a line */
  const char *needle1;          /* each must appear in the message */
  const char *needle2;
} RefusalCase;

static const RefusalCase schema_cases[] = {
  { "bad-enum.xml", DBO_XML_ERROR_SCHEMA, 11, "object", "satellite" },
  { "missing-attribute.xml", DBO_XML_ERROR_SCHEMA, 8, "object", "'id' is required" },
  { "unknown-element.xml", DBO_XML_ERROR_SCHEMA, 6, "colour", "/project/enterprise/colour" },
  { "bad-not-run.xml", DBO_XML_ERROR_SCHEMA, 6, "not-run", "coffee" },
  { "bad-date.xml", DBO_XML_ERROR_SCHEMA, 10, "operation-date", "2021-02-30" },
  { "duplicate-object-id.xml", DBO_XML_ERROR_SCHEMA, 11, "object", "o1" },
  { "dangling-recommendation.xml", DBO_XML_ERROR_SCHEMA, 15, "recommendation", "o7" },
  { "dangling-dissent.xml", DBO_XML_ERROR_SCHEMA, 16, "dissent", "m9" },
  { "dissent-order.xml", DBO_XML_ERROR_SCHEMA, 17, "reason", NULL },
  { "dangling-review-level.xml", DBO_XML_ERROR_SCHEMA, 14, "level", "o2" },
  { "missing-name.xml", DBO_XML_ERROR_SCHEMA, 4, "name", "address" },
  { "bad-credit-code.xml", DBO_XML_ERROR_SCHEMA, 5, "credit-code", "91140500MA0GRXXXIO" },
  { "wrong-order.xml", DBO_XML_ERROR_SCHEMA, 3, "objects", "enterprise" },
  /* Valid by the schema, refused by the reader. */
  { "duplicate-harm.xml", DBO_XML_ERROR_INVALID, 14, "/project/objects/object/grading/business/harm[2]", "social" },
  { "bad-stroke.xml", DBO_XML_ERROR_INVALID, 13, "stroke[2]", "3.00,nan,0.600" },
  { "stroke-outside.xml", DBO_XML_ERROR_INVALID, 11, "stroke", "61.00,4.00,0.600" },
  { "attachment-path.xml", DBO_XML_ERROR_INVALID, 9, "attachment/@path", SHA_B },
};

static const RefusalCase hostile_cases[] = {
  { "xxe.xml", DBO_XML_ERROR_FORBIDDEN, 0, "DOCTYPE", NULL },
  { "billion-laughs.xml", DBO_XML_ERROR_FORBIDDEN, 0, "DOCTYPE", NULL },
  { "external-dtd.xml", DBO_XML_ERROR_FORBIDDEN, 0, "DOCTYPE", NULL },
  { "parameter-entity.xml", DBO_XML_ERROR_FORBIDDEN, 0, "DOCTYPE", NULL },
  { "undeclared-entity.xml", DBO_XML_ERROR_MALFORMED, 0, "nbsp", NULL },
  { "xinclude.xml", DBO_XML_ERROR_SCHEMA, 5, "include", NULL },
  { "wrong-namespace.xml", DBO_XML_ERROR_SCHEMA, 2, "wrong namespace", "urn:example:other" },
  { "no-namespace.xml", DBO_XML_ERROR_SCHEMA, 2, "wrong namespace", "no namespace" },
  { "not-a-project.xml", DBO_XML_ERROR_SCHEMA, 2, "not a Dengbao project", "<bundle>" },
  { "format-version-2.xml", DBO_XML_ERROR_SCHEMA, 2, "format-version 2 is newer than this application supports", NULL },
  { "invalid-utf8.xml", DBO_XML_ERROR_MALFORMED, 0, "UTF-8", NULL },
  { "not-xml.pdf", DBO_XML_ERROR_MALFORMED, 0, NULL, NULL },
  { "not-xml.txt", DBO_XML_ERROR_MALFORMED, 0, NULL, NULL },
  { "truncated.xml", DBO_XML_ERROR_MALFORMED, 0, NULL, NULL },
  { "empty.xml", DBO_XML_ERROR_MALFORMED, 0, "empty", NULL },
};

static void
check_refusal (const RefusalCase *c, gboolean through_file)
{
  g_autoptr(DboProject) p = NULL;
  g_autoptr(GError) error = NULL;

  if (through_file)
    {
      g_autofree char *path = fixture_path (c->file);

      p = dbo_project_xml_read_file (path, &error);
    }
  else
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      data = load_fixture (c->file, &len);
      p = dbo_project_xml_read (data, len, c->file, &error);
    }
  g_assert_null (p);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", c->file, error->message);
  g_assert_error (error, DBO_XML_ERROR, c->code);
  g_assert_nonnull (strstr (error->message, c->file));
  if (c->line > 0)
    {
      g_autofree char *line = g_strdup_printf ("line %d:", c->line);

      g_assert_nonnull (strstr (error->message, line));
    }
  if (c->needle1 != NULL)
    g_assert_nonnull (strstr (error->message, c->needle1));
  if (c->needle2 != NULL)
    g_assert_nonnull (strstr (error->message, c->needle2));
}

static void
test_refusal (gconstpointer data)
{
  check_refusal (data, FALSE);
  check_refusal (data, TRUE);
}

static void
test_newer_namespace (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) p = read_string (
    "<project xmlns='urn:dengbao:project:2' format-version='2' id='p1' ruleset='r'/>", &error);

  g_assert_null (p);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static char *
project_with_title (gsize title_len, gboolean as_attribute)
{
  GString *s = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" "
                             "id=\"p1\" ruleset=\"shanxi-coal-2021\">\n");

  if (as_attribute)
    {
      g_string_append (s, "  <enterprise kind=\"production\">\n    <name>n</name>\n"
                          "    <address detail=\"");
      for (gsize i = 0; i < title_len; i++)
        g_string_append_c (s, 'x');
      g_string_append (s, "\"/>\n  </enterprise>\n");
    }
  else
    {
      g_string_append (s, "  <title>");
      for (gsize i = 0; i < title_len; i++)
        g_string_append_c (s, 'x');
      g_string_append (s, "</title>\n  <enterprise kind=\"production\">\n    <name>n</name>\n"
                          "  </enterprise>\n");
    }
  g_string_append (s, "  <objects/>\n</project>\n");
  return g_string_free (s, FALSE);
}

static void
test_too_large (void)
{
  for (int as_attribute = 0; as_attribute <= 1; as_attribute++)
    {
      g_autofree char *big = project_with_title (2 * 1024 * 1024, as_attribute);
      g_autofree char *fine = project_with_title (1000, as_attribute);
      g_autoptr(GError) error = NULL;
      g_autoptr(DboProject) p = NULL;

      p = read_string (big, &error);
      g_assert_null (p);
      g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, as_attribute ? "address" : "title"));
      g_clear_error (&error);

      p = read_string (fine, &error);
      g_assert_no_error (error);
      g_assert_nonnull (p);
    }
}

/* The sample with @extra inserted into its <title> start tag. */
static char *
sample_with_title_attributes (const char *extra)
{
  g_autofree char *path = dbo_test_sample_path ();
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  char *at;
  GString *s;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  at = strstr (xml, "<title>");
  g_assert_nonnull (at);
  s = g_string_new_len (xml, at - xml);
  g_string_append (s, "<title");
  g_string_append (s, extra);
  g_string_append (s, at + strlen ("<title"));
  return g_string_free (s, FALSE);
}

/* " a0=\"1\" a1=\"1\" …" with @prefix for "a" and @quote around the values. */
static char *
numbered_attributes (const char *prefix, char quote, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, " %s%u=%c1%c", prefix, i, quote, quote);
  return g_string_free (s, FALSE);
}

static void
assert_refused_structure (const char *xml, const char *name, const char *needle1, const char *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) p = dbo_project_xml_read (xml, strlen (xml), name, &error);

  g_assert_null (p);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, name));
  g_assert_nonnull (strstr (error->message, needle1));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (error->message, needle2));
}

/* libxml2 2.9 spends half a minute on 100,000 attributes of one element
 * (issue 12, item 9): refused from the bytes, before it parses, naming the
 * file, the line, the element and the limit. */
static void
test_hostile_many_attributes (void)
{
  g_autofree char *attrs = numbered_attributes ("a", '"', 100000);
  g_autofree char *xml = sample_with_title_attributes (attrs);
  g_autofree char *limit = g_strdup_printf ("more than %d attributes", DBO_XML_MAX_ATTRIBUTES);
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "project.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) p = NULL;

  g_assert_cmpuint (strlen (xml), >, 1000000);
  assert_refused_structure (xml, "project.xml", "project.xml:3: the element <title>", limit);

  /* The same from a file, named as the user gave it. */
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  p = dbo_project_xml_read_file (path, &error);
  g_assert_null (p);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "project.xml:3:"));
  g_assert_nonnull (strstr (error->message, limit));
  g_clear_error (&error);
  g_remove (path);
  g_rmdir (dir);

  /* Namespace declarations count too: libxml2 compares them the same way. */
  {
    g_autofree char *ns = numbered_attributes ("xmlns:p", '"', 100000);
    g_autofree char *xml2 = sample_with_title_attributes (ns);

    assert_refused_structure (xml2, "project.xml", "project.xml:3: the element <title>", limit);
  }

  /* Up to the limit the parser reads it; the schema then refuses the attributes. */
  {
    g_autofree char *some = numbered_attributes ("a", '"', DBO_XML_MAX_ATTRIBUTES);
    g_autofree char *xml3 = sample_with_title_attributes (some);
    g_autoptr(DboProject) p3 = read_string (xml3, &error);

    g_assert_null (p3);
    g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_SCHEMA);
  }
}

static void
test_hostile_names_and_depth (void)
{
  g_autofree char *long_name = g_strnfill (DBO_XML_MAX_NAME + 1, 'n');
  g_autofree char *ok_name = g_strnfill (DBO_XML_MAX_NAME, 'n');
  g_autofree char *limit = g_strdup_printf ("longer than %d bytes", DBO_XML_MAX_NAME);
  g_autofree char *deep_limit = g_strdup_printf ("nested more than %d deep", DBO_XML_MAX_DEPTH);
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *xml = g_strdup_printf ("<project xmlns='urn:dengbao:project:1'>\n<%s/></project>", long_name);

    assert_refused_structure (xml, "test.xml", "test.xml:2: an element name", limit);
  }
  {
    g_autofree char *extra = g_strdup_printf ("\n  %s=\"1\"", long_name);
    g_autofree char *xml = sample_with_title_attributes (extra);

    assert_refused_structure (xml, "test.xml", "test.xml:4: an attribute name", limit);
  }
  {
    /* At the limit it is the schema that refuses. */
    g_autofree char *xml = g_strdup_printf ("<project xmlns='urn:dengbao:project:1'>\n<%s/></project>", ok_name);
    g_autoptr(DboProject) p = read_string (xml, &error);

    g_assert_null (p);
    g_assert_false (g_error_matches (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE));
    g_clear_error (&error);
  }
  for (guint n = DBO_XML_MAX_DEPTH; n <= DBO_XML_MAX_DEPTH + 1; n++)
    {
      GString *s = g_string_new ("<project xmlns='urn:dengbao:project:1'>\n");
      g_autofree char *xml = NULL;
      g_autoptr(DboProject) p = NULL;

      for (guint i = 1; i < n; i++)
        g_string_append (s, "<a>");
      g_string_append (s, "<b/>");
      for (guint i = 1; i < n; i++)
        g_string_append (s, "</a>");
      g_string_append (s, "</project>");
      xml = g_string_free (s, FALSE);
      if (n > DBO_XML_MAX_DEPTH)
        assert_refused_structure (xml, "test.xml", "test.xml:2: the elements are", deep_limit);
      else
        {
          p = read_string (xml, &error);
          g_assert_null (p);
          g_assert_false (g_error_matches (error, DBO_XML_ERROR, DBO_XML_ERROR_TOO_LARGE));
          g_clear_error (&error);
        }
    }
}

/* What only looks like attributes (in a comment, CDATA, a processing
 * instruction or an attribute value) is not counted. */
static void
test_structure_scan_lenient (void)
{
  g_autofree char *fake = numbered_attributes ("f", '\'', 200);
  g_autofree char *extra = g_strdup_printf (" xmlns:z=\"urn:z\" z:note=\"%s /> >\"", fake);
  g_autofree char *xml = sample_with_title_attributes (extra);
  g_autofree char *path = dbo_test_sample_path ();
  g_autofree char *sample = NULL;
  g_autofree char *hidden = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboProject) p = NULL;
  GString *s;
  char *at;

  /* Parsed: the schema, not the scan, refuses the foreign attribute. */
  p = read_string (xml, &error);
  g_assert_null (p);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_SCHEMA);
  g_clear_error (&error);

  g_file_get_contents (path, &sample, NULL, &error);
  g_assert_no_error (error);
  at = strstr (sample, "<title>");
  s = g_string_new_len (sample, at - sample);
  g_string_append_printf (s, "<!-- <x%s/> --><?pi <x%s/> ?>\n  <title><![CDATA[<x%s/>]]>", fake, fake, fake);
  g_string_append (s, at + strlen ("<title>"));
  hidden = g_string_free (s, FALSE);
  p = read_string (hidden, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_true (g_str_has_prefix (p->title, "<x f0='1'"));
}

/* Every prefix and many corrupted copies of a full file: refused or read,
 * never a crash (run under the sanitizers). */
static void
test_corrupted_input (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autofree char *xml = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20210301);
  gsize len = 0;
  guint read_ok = 0, refused = 0;

  xml = dbo_project_xml_write (p, &len);
  /* Up to, not including, the cut that drops only the final newline. */
  for (gsize cut = 0; cut + 1 < len; cut += 61)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DboProject) q = dbo_project_xml_read (xml, cut, "prefix.xml", &error);

      g_assert_null (q);
      g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED);
    }
  for (int i = 0; i < 400; i++)
    {
      g_autofree char *copy = g_memdup2 (xml, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(DboProject) q = NULL;
      int flips = g_rand_int_range (rand, 1, 4);

      for (int f = 0; f < flips; f++)
        {
          static const char junk[] = "<>&\"'=/ \n01xo-:;#\x80\xff";

          copy[g_rand_int_range (rand, 0, (gint32) len)] =
            junk[g_rand_int_range (rand, 0, sizeof junk - 1)];
        }
      q = dbo_project_xml_read (copy, len, "corrupt.xml", &error);
      if (q != NULL)
        {
          g_autofree char *again = dbo_project_xml_write (q, NULL);
          g_autoptr(DboProject) q2 = read_string (again, NULL);

          /* Whatever was accepted writes a file that reads back. */
          g_assert_nonnull (q2);
          g_assert_no_error (error);
          read_ok++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == DBO_XML_ERROR);
          refused++;
        }
    }
  g_test_message ("corrupted copies: %u read, %u refused", read_ok, refused);
  g_assert_cmpuint (refused, >, 0);
}

/* Many rows read in linear time: a hostile file within the size limit must
 * not keep the reader busy for hours (a quadratic reader took minutes here). */
static void
test_many_records (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
#ifdef __SANITIZE_ADDRESS__
  /* LeakSanitizer's slow unwinding makes every allocation costly there. */
  const guint n = 2000;
#else
  const guint n = 20000;
#endif
  g_autofree char *last = g_strdup_printf ("o%u", n);
  gint64 start;
  gsize len = 0;

  dbo_set_str (&p->enterprise.name, "大型集团");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%u", i + 1);
      DboObject *o = dbo_object_new (id);
      DboAssessment *a = dbo_assessment_new (id);

      dbo_set_str (&o->name, id);
      g_ptr_array_add (p->objects, o);
      g_ptr_array_add (p->panel.recommendations, dbo_recommendation_new (id, 2, NULL));
      g_ptr_array_add (p->assessments, a);
    }
  xml = dbo_project_xml_write (p, &len);
  start = g_get_monotonic_time ();
  back = dbo_project_xml_read (xml, len, "many.xml", &error);
  g_assert_no_error (error);
  g_test_message ("%u objects (%" G_GSIZE_FORMAT " bytes) read in %.2f s", n, len,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (back->objects->len, ==, n);
  g_assert_cmpuint (back->panel.recommendations->len, ==, n);
  g_assert_cmpstr (((DboObject *) back->objects->pdata[n - 1])->id, ==, last);
}

/* ---- files ---- */

static void
test_write_file (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "project.xml", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "project.xml", NULL);
  g_autofree char *written = NULL, *expected = NULL;
  g_autoptr(GDir) listing = NULL;
  struct stat st;
  guint entries = 0;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (dbo_project_xml_write_file (p, path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  expected = dbo_project_xml_write (p, NULL);
  g_assert_cmpstr (written, ==, expected);
  /* The personal data of the 0600 project: 0600 too (issue 12). */
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* No temporary file left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);

  back = dbo_project_xml_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->enterprise.name, ==, p->enterprise.name);

  g_assert_false (dbo_project_xml_write_file (p, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_remove (path);
  g_rmdir (dir);
}

static void
test_read_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autoptr(DboProject) p = NULL;

  p = dbo_project_xml_read_file (missing, &error);
  g_assert_null (p);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.xml"));
  g_clear_error (&error);

  p = dbo_project_xml_read_file (dir, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  g_clear_error (&error);

  p = dbo_project_xml_read_file ("/dev/null", &error);
  g_assert_null (p);
  g_assert_nonnull (error);

  g_rmdir (dir);
}

/* ---- canonical form ---- */

static void
test_canonical (void)
{
  g_autoptr(DboProject) p = build_full_project ();
  g_autoptr(DboProject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL, *xml2 = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL;
  gsize len = 0, len2 = 0, clen1 = 0, clen2 = 0;
  const char *a = "<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
                  "<project xmlns=\"urn:dengbao:project:1\" ruleset='r' id=\"p1\" format-version=\"1\">"
                  "<title>x &#x41; <![CDATA[<y>]]></title><objects/></project>";
  const char *b = "<project xmlns=\"urn:dengbao:project:1\" format-version=\"1\" id=\"p1\" ruleset=\"r\">"
                  "<title>x A &lt;y&gt;</title><objects></objects></project>";
  const char *dtd = "<!DOCTYPE p [<!ENTITY e 'x'>]><p>&e;</p>";

  xml = dbo_project_xml_write (p, &len);
  back = dbo_project_xml_read (xml, len, "export.xml", &error);
  g_assert_no_error (error);
  xml2 = dbo_project_xml_write (back, &len2);

  c1 = dbo_project_xml_canonical (xml, len, &clen1, &error);
  g_assert_no_error (error);
  c2 = dbo_project_xml_canonical (xml2, len2, &clen2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clen1, ==, strlen (c1));
  g_assert_cmpuint (clen1, ==, clen2);
  g_assert_cmpstr (c1, ==, c2);
  g_assert_false (g_str_has_prefix (c1, "<?xml"));

  /* Comments, attribute order, references, CDATA and empty-element syntax do not count. */
  c3 = dbo_project_xml_canonical (a, strlen (a), NULL, &error);
  g_assert_no_error (error);
  c4 = dbo_project_xml_canonical (b, strlen (b), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c3, ==, c4);
  g_assert_null (strstr (c3, "comment"));

  g_clear_pointer (&c3, g_free);
  c3 = dbo_project_xml_canonical (dtd, strlen (dtd), NULL, &error);
  g_assert_null (c3);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_FORBIDDEN);
  g_clear_error (&error);
  c3 = dbo_project_xml_canonical ("<p>", 3, NULL, &error);
  g_assert_null (c3);
  g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_MALFORMED);
}

/* A project.xml beside its attachments/ folder (an unpacked bundle, the
 * sample): the bytes are read and must match their SHA-256; an attachment
 * without its file stays described. */
static void
test_read_file_attachments (void)
{
  g_autofree char *sample = dbo_test_sample_path ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *xml_path = g_build_filename (dir, "project.xml", NULL);
  g_autofree char *att_dir = g_build_filename (dir, "attachments", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  const DboAttachment *first;

  {
    g_autoptr(DboProject) p = dbo_project_xml_read_file (sample, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (p->attachments->len, ==, 5);
    for (guint i = 0; i < p->attachments->len; i++)
      g_assert_nonnull (((DboAttachment *) g_ptr_array_index (p->attachments, i))->data);
  }

  /* Copied without its folder: described only. */
  g_assert_true (g_file_get_contents (sample, &xml, NULL, NULL));
  g_assert_true (g_file_set_contents (xml_path, xml, -1, NULL));
  {
    g_autoptr(DboProject) p = dbo_project_xml_read_file (xml_path, &error);

    g_assert_no_error (error);
    first = g_ptr_array_index (p->attachments, 0);
    g_assert_null (first->data);

    /* A file whose bytes are not the ones named: refused, naming it. */
    g_assert_cmpint (g_mkdir (att_dir, 0700), ==, 0);
    {
      g_autofree char *file = g_build_filename (att_dir, first->sha256, NULL);
      g_autoptr(DboProject) again = NULL;

      g_assert_true (g_file_set_contents (file, "not the scan", -1, NULL));
      again = dbo_project_xml_read_file (xml_path, &error);
      g_assert_null (again);
      g_assert_error (error, DBO_XML_ERROR, DBO_XML_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, first->sha256));
      g_assert_nonnull (strstr (error->message, "SHA-256"));
    }
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/project-xml/round-trip/full", test_full_round_trip);
  g_test_add_func ("/project-xml/store-rules-are-the-xsd-rules", test_store_rules_are_the_xsd_rules);
  g_test_add_func ("/project-xml/round-trip/golden", test_full_golden);
  g_test_add_func ("/project-xml/round-trip/minimal", test_minimal);
  g_test_add_func ("/project-xml/round-trip/fresh", test_fresh_project);
  g_test_add_func ("/project-xml/read/defaults-and-whitespace", test_defaults_and_whitespace);
  g_test_add_func ("/project-xml/write/escaping", test_escaping);
  g_test_add_func ("/project-xml/read/other-texts", test_other_texts);
  g_test_add_func ("/project-xml/write/signature-edges", test_signature_edges);
  g_test_add_func ("/project-xml/write/dissent-of-removed-member", test_dissent_of_removed_member);
  for (gsize i = 0; i < G_N_ELEMENTS (schema_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/project-xml/refuse/schema/%s", schema_cases[i].file);

      g_test_add_data_func (path, &schema_cases[i], test_refusal);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/project-xml/refuse/hostile/%s", hostile_cases[i].file);

      g_test_add_data_func (path, &hostile_cases[i], test_refusal);
    }
  g_test_add_func ("/project-xml/refuse/newer-namespace", test_newer_namespace);
  g_test_add_func ("/project-xml/refuse/too-large", test_too_large);
  g_test_add_func ("/project-xml/refuse/many-attributes-before-parsing", test_hostile_many_attributes);
  g_test_add_func ("/project-xml/refuse/long-names-and-deep-nesting", test_hostile_names_and_depth);
  g_test_add_func ("/project-xml/read/structure-scan-ignores-comments-and-values", test_structure_scan_lenient);
  g_test_add_func ("/project-xml/refuse/corrupted", test_corrupted_input);
  g_test_add_func ("/project-xml/read/many-records", test_many_records);
  g_test_add_func ("/project-xml/file/write", test_write_file);
  g_test_add_func ("/project-xml/file/read-errors", test_read_file_errors);
  g_test_add_func ("/project-xml/file/attachments", test_read_file_attachments);
  g_test_add_func ("/project-xml/canonical", test_canonical);

  return g_test_run ();
}
