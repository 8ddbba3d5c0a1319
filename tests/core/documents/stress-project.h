/* stress-project.h — the stress project of issue 13, built from the sample:
 * a 60-character enterprise name with rare-ish characters, 300-character
 * descriptions, a panel of a leader and 20 members (21: an odd panel, so that it
 * stays valid), 12 objects of levels 1–4, every third with long 其他 texts in
 * 表二 04 and 05. Include after dbo-model.h. */
#pragma once

#include "dbo-model.h"

/* Repeats @unit until the text has @n characters. */
static inline char *
stress_text (const char *unit, guint n)
{
  GString *s = g_string_new (NULL);
  const char *p = unit;

  for (guint i = 0; i < n; i++)
    {
      if (*p == '\0')
        p = unit;
      g_string_append_unichar (s, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }
  return g_string_free (s, FALSE);
}

#define STRESS_NAME_CHARS 60

static inline DboProject *
stress_project (const DboProject *sample)
{
  DboProject *p = dbo_project_copy (sample);
  const DboObject *model = dbo_project_find_object (sample, "o1");
  const DboObject *model1 = dbo_project_find_object (sample, "o8");   /* level 1 allowed */
  g_autofree char *name = NULL;
  g_autofree char *desc = stress_text ("本系统承担矿井瓦斯、一氧化碳、风速、温度及设备开停状态的实时监测与超限断电控制，"
                                       "数据经井下环网上传至地面调度中心并同步至集团平台；", 300);
  /* (target, degree) per object: levels 1, 2, 3, 4, 1, 2 … */
  static const int harms[4][2] = {
    { DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL },
    { DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL },
    { DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS },
    { DBO_TARGET_SOCIAL, DBO_DEGREE_ESPECIALLY_SERIOUS },
  };
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_object_free);

  /* 60 characters, rare-ish ones included (all in the CJK base block). */
  name = stress_text ("山西省晋城市泽州县犇淼燚堃喆鑫垚焱煤业集团鄌郚沟龘靐矿井有限责任公司第二分公司", STRESS_NAME_CHARS);
  dbo_set_str (&p->enterprise.name, name);

  for (guint i = 0; i < 12; i++)
    {
      DboObject *o = dbo_object_copy (i % 4 == 0 ? model1 : model);
      g_autofree char *id = g_strdup_printf ("o%u", i + 1);
      g_autofree char *oname = g_strdup_printf ("第%u号井下安全监控及人员定位综合业务信息系统", i + 1);
      const int *h = harms[i % 4];

      dbo_set_str (&o->id, id);
      dbo_set_str (&o->name, oname);
      dbo_set_str (&o->business_description, desc);
      dbo_set_str (&o->aspects[DBO_ASPECT_BUSINESS].description, desc);
      dbo_set_str (&o->aspects[DBO_ASPECT_SERVICE].description, desc);
      o->override_level = 0;
      for (int a = 0; a < DBO_N_ASPECTS; a++)
        for (int t = 0; t < DBO_N_TARGETS; t++)
          dbo_object_set_harm (o, a, t, -1);
      dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, h[0], h[1]);
      dbo_object_set_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
      /* Every third object: each question of 表二 04 and 05 with 其他 and a long text of its own. */
      if (i % 3 == 2)
        {
          dbo_set_str (&o->service_scope, "99");
          dbo_set_str (&o->service_other, "集团公司所属各煤矿及其选煤厂、洗煤厂、坑口电厂和物流园区");
          dbo_set_str (&o->service_targets, "9");
          dbo_set_str (&o->service_targets_other, "驻矿监管人员、外包运维人员及集团调度中心值班人员");
          dbo_set_str (&o->network_coverage, "9");
          dbo_set_str (&o->network_other, "井下工业环网与地面千兆环网组成的双环冗余网络");
          dbo_set_str (&o->network_nature, "9");
          dbo_set_str (&o->network_nature_other, "与集团公司调度专网逻辑隔离的矿区生产控制专网");
        }
      g_ptr_array_add (objects, o);
    }
  g_ptr_array_unref (p->objects);
  p->objects = objects;
  g_ptr_array_set_size (p->panel.recommendations, 0);
  for (guint i = 0; i < objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (objects, i);
      g_ptr_array_add (p->panel.recommendations,
                       dbo_recommendation_new (o->id, 1 + (int) (i % 4), "同意拟定等级。"));
    }

  /* The leader and 20 members. */
  while (p->panel.members->len < 21)
    {
      const DboMember *last = g_ptr_array_index (p->panel.members, p->panel.members->len - 1);
      g_autofree char *id = dbo_project_next_member_id (p);
      g_autofree char *mname = g_strdup_printf ("专家%u", p->panel.members->len + 1);
      DboMember *m = dbo_member_new (id);

      m->kind = last->kind;
      dbo_set_str (&m->name, mname);
      dbo_set_str (&m->unit, last->unit);
      dbo_set_str (&m->title, last->title);
      dbo_set_str (&m->phone, last->phone);
      g_ptr_array_add (p->panel.members, m);
    }
  return p;
}
