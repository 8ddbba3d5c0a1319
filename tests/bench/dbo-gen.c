#include "config.h"

#include "dbo-gen.h"

#include "dbo-grading.h"

static const char *mines[] = { "东山", "西沟", "南岭", "北坡", "龙泉", "金鼎", "凤凰", "长兴" };

static void
set_harms (DboObject *o, guint i)
{
  /* A spread of cells over the matrix, both aspects. */
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, i % 3 == 0 ? DBO_TARGET_CITIZEN : DBO_TARGET_SOCIAL,
                       i % 5 == 0 ? DBO_DEGREE_SERIOUS : DBO_DEGREE_GENERAL);
  if (i % 4 == 0)
    dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL);
}

DboProject *
dbo_gen_group_project (const DboRuleset *rules, guint n_objects)
{
  DboProject *p = dbo_project_new ();
  DboEnterprise *e = &p->enterprise;
  static const struct { const char *name, *unit, *title; DboMemberKind kind; } members[] = {
    { "陈立新", "太原理工大学", "教授", DBO_MEMBER_INFOSEC },
    { "郭敏", "山西省信息安全等级保护测评中心", "高级工程师", DBO_MEMBER_INFOSEC },
    { "张伟", "晋能控股装备制造集团信息中心", "正高级工程师", DBO_MEMBER_COAL_IT },
    { "杨建华", "中国矿业大学（北京）", "副教授", DBO_MEMBER_COAL_IT },
    { "马文博", "国网山西省电力公司信息通信分公司", "高级工程师", DBO_MEMBER_INFOSEC },
  };

  dbo_set_str (&p->id, "00000000-0000-4000-8000-000000000001");
  p->title = g_strdup_printf ("山西某能源集团有限公司网络安全等级保护定级备案（%u 个对象）", n_objects);
  e->kind = DBO_KIND_GROUP;
  e->name = g_strdup ("山西某能源集团有限公司");
  e->credit_code = g_strdup ("91140000110014813L");
  e->city = g_strdup ("01");
  e->county = g_strdup ("小店区");
  e->town = g_strdup ("坞城街道");
  e->address_detail = g_strdup ("长风街 1 号");
  e->postcode = g_strdup ("030006");
  e->division_code = g_strdup ("140105");
  e->head.name = g_strdup ("李总");
  e->head.title = g_strdup ("总经理");
  e->head.office_phone = g_strdup ("0351-1234567");
  e->head.email = g_strdup ("head@example.cn");
  e->department = g_strdup ("信息化管理部");
  e->contact.name = g_strdup ("王工");
  e->contact.title = g_strdup ("部长");
  e->contact.office_phone = g_strdup ("0351-1234568");
  e->contact.mobile = g_strdup ("13900000000");
  e->contact.email = g_strdup ("it@example.cn");
  e->affiliation_code = g_strdup ("2");
  e->unit_type_code = g_strdup ("4");

  for (guint i = 0; i < n_objects; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%u", i + 1);
      DboObject *o = dbo_object_new (id);
      DboPreset preset = (DboPreset) (1 + i % 7);
      const char *mine = mines[(i / 7) % G_N_ELEMENTS (mines)];

      o->number = g_strdup_printf ("JT-%05u", i + 1);
      o->type = i % 7 == 2 ? DBO_OBJ_ICS : DBO_OBJ_SYSTEM;
      o->preset = preset;
      o->name = g_strdup_printf ("%s煤矿%u号%s", mine, i / 7 + 1, dbo_ruleset_preset_name (rules, preset));
      o->scope = i % 97 == 0 ? DBO_SCOPE_CROSS_CITY : DBO_SCOPE_LOCAL;
      o->aggregation_platform = i % 97 == 0;
      o->department = g_strdup_printf ("%s煤矿调度中心", mine);
      o->owner_name = g_strdup_printf ("责任人%u", i + 1);
      o->owner_phone = g_strdup_printf ("0351-%07u", 1000000 + i);
      o->operation_date = g_strdup ("2026-10-08");
      o->business_types = g_strdup ("1 3");
      o->business_description = g_strdup ("生产监测监控、数据采集与上传。");
      o->service_scope = g_strdup ("30");
      o->service_targets = g_strdup ("1");
      o->network_coverage = g_strdup ("1");
      o->network_nature = g_strdup ("1");
      o->interconnection_codes = g_strdup ("3");
      g_ptr_array_add (o->products, dbo_product_new (DBO_PRODUCT_NETWORK));
      ((DboProduct *) g_ptr_array_index (o->products, 0))->count = 4;
      g_ptr_array_add (o->services, dbo_service_use_new (DBO_SERVICE_INTEGRATION));
      ((DboServiceUse *) g_ptr_array_index (o->services, 0))->used = TRUE;
      ((DboServiceUse *) g_ptr_array_index (o->services, 0))->provider = DBO_PROVIDER_DOMESTIC;
      o->assessment_body = g_strdup ("山西省信息安全等级保护测评中心");
      o->drafted = g_strdup ("2026-09-10");
      o->aspects[DBO_ASPECT_BUSINESS].description = g_strdup ("监测数据及控制指令，遭篡改将影响安全生产。");
      o->aspects[DBO_ASPECT_SERVICE].description = g_strdup ("为矿井提供连续监测服务。");
      set_harms (o, i);
      if (o->aggregation_platform)
        {
          dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
          for (int item = 1; item <= 7; item++)
            g_ptr_array_add (o->materials, dbo_material_new (item, TRUE, NULL));
        }
      g_ptr_array_add (p->objects, o);
    }

  p->panel.date = g_strdup ("2026-09-28");
  p->panel.organiser = g_strdup (e->name);
  p->panel.location = g_strdup ("集团会议室");
  for (gsize m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_autofree char *id = g_strdup_printf ("m%" G_GSIZE_FORMAT, m + 1);
      DboMember *member = dbo_member_new (id);

      member->kind = members[m].kind;
      member->leader = m == 0;
      member->name = g_strdup (members[m].name);
      member->unit = g_strdup (members[m].unit);
      member->title = g_strdup (members[m].title);
      member->phone = g_strdup_printf ("1380351010%" G_GSIZE_FORMAT, m);
      g_ptr_array_add (p->panel.members, member);
    }
  for (guint i = 0; i < p->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (p->objects, i);

      g_ptr_array_add (p->panel.recommendations,
                       dbo_recommendation_new (o->id, dbo_grading_drafted_level (rules, o), "同意拟定等级。"));
    }
  p->panel.conclusion.present = TRUE;
  p->panel.conclusion.materials_complete = TRUE;
  p->panel.conclusion.division_reasonable = TRUE;
  p->panel.conclusion.concluded = g_strdup ("2026-09-28T16:30:00+08:00");
  return p;
}
