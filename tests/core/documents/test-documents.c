#include "dbo-test-utils.h"
#include "dbo-checks.h"
#include "dbo-documents.h"
#include "dbo-grading.h"
#include "dbo-layout.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"
#include "stress-project.h"
#include "pdf-glyphs.h"

#include <math.h>
#include <string.h>
#include <poppler.h>

/* ---- fixtures ---- */

static DboProject *
load_sample (void)
{
  g_autofree char *path = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  DboProject *project = dbo_project_xml_read_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

static DboRuleset *
load_rules (void)
{
  g_autoptr(GError) error = NULL;
  DboRuleset *rules = dbo_ruleset_load_default (&error);

  g_assert_no_error (error);
  return rules;
}

/* Text without white space (wrapped lines join again; en spaces go too). */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  DboDocument *doc;
  GBytes *pdf;
  PopplerDocument *poppler;
  char *pdf_text;              /* all pages, squeezed, from poppler */
  char **pdf_pages;            /* per page, raw, from poppler */
  char *laid_text;             /* all pages, squeezed, as laid out (cell lines in order) */
  char **laid_pages;           /* per page, squeezed */
} Rendered;

static void
rendered_free (Rendered *r)
{
  dbo_document_free (r->doc);
  g_bytes_unref (r->pdf);
  g_object_unref (r->poppler);
  g_free (r->pdf_text);
  g_strfreev (r->pdf_pages);
  g_free (r->laid_text);
  g_strfreev (r->laid_pages);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rendered, rendered_free)

/* @key: a report's object, an Annex 3 part; NULL for the others (and the
 * first Annex 3 part). */
static Rendered *
render_part (const DboProject *project, const DboRuleset *rules, DboDocKind kind, const char *key)
{
  g_autoptr(GError) error = NULL;
  Rendered *r = g_new0 (Rendered, 1);
  GString *all = g_string_new (NULL), *laid = g_string_new (NULL);
  int n;

  r->doc = dbo_document_build (project, rules, kind, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->doc);
  r->pdf = dbo_document_to_pdf_bytes (r->doc, &error);
  g_assert_no_error (error);
  r->poppler = poppler_document_new_from_bytes (r->pdf, NULL, &error);
  g_assert_no_error (error);
  n = dbo_document_get_n_pages (r->doc);
  g_assert_cmpint (poppler_document_get_n_pages (r->poppler), ==, n);
  r->pdf_pages = g_new0 (char *, n + 1);
  r->laid_pages = g_new0 (char *, n + 1);
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (r->poppler, i);
      g_autofree char *text = NULL;
      g_autofree char *squeezed = NULL;
      g_autofree char *raw_laid = dbo_document_get_page_text (r->doc, i);

      r->pdf_pages[i] = poppler_page_get_text (page);
      squeezed = squeeze (r->pdf_pages[i]);
      g_string_append (all, squeezed);
      r->laid_pages[i] = squeeze (raw_laid);
      g_string_append (laid, r->laid_pages[i]);
      g_object_unref (page);
    }
  r->pdf_text = g_string_free (all, FALSE);
  r->laid_text = g_string_free (laid, FALSE);
  return r;
}

static Rendered *
render (const DboProject *project, const DboRuleset *rules, DboDocKind kind)
{
  return render_part (project, rules, kind, NULL);
}

static guint
count_of (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

static void
assert_contains (const char *haystack, const char *needle)
{
  g_autofree char *squeezed = squeeze (needle);

  if (strstr (haystack, squeezed) == NULL)
    g_error ("“%s” is missing from the document", needle);
}

static void
assert_absent (const char *haystack, const char *needle)
{
  g_autofree char *squeezed = squeeze (needle);

  if (strstr (haystack, squeezed) != NULL)
    g_error ("“%s” should not be in the document", needle);
}

/* The index in @glyphs where the characters of @needle (white space
 * left out) follow one another, from @from on; -1 when they do not. */
static int
find_glyphs (const GArray *glyphs, const char *needle, guint from)
{
  g_autofree char *squeezed = squeeze (needle);
  glong n = g_utf8_strlen (squeezed, -1);

  for (guint i = from; i + n <= glyphs->len; i++)
    {
      const char *p = squeezed;
      glong k = 0;

      while (k < n && g_array_index (glyphs, Glyph, i + k).c == g_utf8_get_char (p))
        {
          k++;
          p = g_utf8_next_char (p);
        }
      if (k == n)
        return (int) i;
    }
  return -1;
}

/* ---- kinds ---- */

static void
test_kinds (void)
{
  static const struct { DboDocKind kind; const char *token, *title; } cases[] = {
    { DBO_DOC_ANNEX2, "annex2", "专家评审意见书" },
    { DBO_DOC_ANNEX3, "annex3", "定级审核意见书" },
    { DBO_DOC_ANNEX4, "annex4", "信息系统安全等级保护备案表" },
    { DBO_DOC_REPORT, "report", "定级报告" },
    { DBO_DOC_SIGNATURES, "signatures", "签字页" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DboDocKind kind;
      g_autofree char *file = dbo_doc_file_name (cases[i].kind, cases[i].kind == DBO_DOC_REPORT ? "o3" : NULL);

      g_assert_cmpstr (dbo_doc_kind_token (cases[i].kind), ==, cases[i].token);
      g_assert_cmpstr (dbo_doc_kind_title (cases[i].kind), ==, cases[i].title);
      g_assert_true (dbo_doc_kind_from_token (cases[i].token, &kind));
      g_assert_cmpint (kind, ==, cases[i].kind);
      if (cases[i].kind == DBO_DOC_REPORT)
        g_assert_cmpstr (file, ==, "report-o3.pdf");
      else
        {
          g_autofree char *expected = g_strdup_printf ("%s.pdf", cases[i].token);
          g_assert_cmpstr (file, ==, expected);
        }
    }
  g_assert_false (dbo_doc_kind_from_token ("annex5", NULL));
}

/* ---- Annex 2 ---- */

static const char *const annex2_labels[] = {
  "附件 2", "网络安全等级保护定级", "专家评审意见书", "评 审 单 位：", "（盖章）", "评 审 日 期：",
  "系统名称", "责任部门", "责任人", "联系电话", "分类拟定", "安全等级", "专家评审", "建议等级",
  "评 审 专 家 组 成 员", "姓 名", "单 位", "职称 / 职务",
  "评审专家组组长（签字）：", "评审专家组成员（签字）：",
  "注：1.此意见书一式三份，煤矿企业、审核行业主管部门、网络安全管理部门各一份。",
  "2.评审专家组详细意见附后。",
  "评审专家组意见：", "专家组听取了该系统情况介绍，审议了有关材料，经过认真讨论，形成如下评审意见：",
  "1.提交评审的资料基本齐全，符合等级保护定级评审要求；",
  "2.系统划分合理，并具有明确的安全责任部门和信息系统的基本要素；",
  "《信息安全技术 网络安全等级保护定级指南》（GB/T 22240-2020）",
  "经综合考虑上述要素，专家组讨论认为：",
};

static void
test_annex2_sample (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) r = render (project, rules, DBO_DOC_ANNEX2);
  g_autofree char *sha = dbo_grading_data_sha256 (project);
  g_autofree char *digest = g_strdup_printf ("评审数据摘要 SHA-256: %.16s", sha);
  g_autofree char *org = NULL;
  int n = dbo_document_get_n_pages (r->doc);
  guint reviewed = 0;

  g_assert_cmpint (n, >=, 3);
  for (guint i = 0; i < G_N_ELEMENTS (annex2_labels); i++)
    assert_contains (r->pdf_text, annex2_labels[i]);

  /* A multi-part document: bookmarks for the cover, the tables, the opinion. */
  {
    PopplerIndexIter *iter = poppler_index_iter_new (r->poppler);
    guint n_marks = 0;
    g_assert_nonnull (iter);
    do
      n_marks++;
    while (poppler_index_iter_next (iter));
    g_assert_cmpuint (n_marks, ==, 3);
    poppler_index_iter_free (iter);
  }

  /* Cover: the enterprise and the panel's date. */
  assert_contains (r->laid_pages[0], project->enterprise.name);
  assert_contains (r->laid_pages[0], "2026年9月28日");

  /* Table A: one row per reviewed object, its cells in order, levels from the grading. */
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      const DboRecommendation *rec = dbo_project_find_recommendation (project, o->id);
      int drafted = dbo_grading_drafted_level (rules, o);
      g_autofree char *row = g_strdup_printf ("%s%s%s%s%s%s", o->name, o->department, o->owner_name,
                                              o->owner_phone, dbo_level_zh (drafted),
                                              rec ? dbo_level_zh (rec->level) : "");
      g_autofree char *verdict = g_strdup_printf ("专家组讨论认为：%s安全保护等级为%s。", o->name,
                                                  dbo_level_zh (rec ? rec->level : drafted));

      if (drafted < 2 && (rec == NULL || rec->level < 2))
        {
          assert_absent (r->laid_text, row);
          continue;
        }
      reviewed++;
      assert_contains (r->laid_pages[1], row);
      /* The detailed opinion names the object and the panel's level. */
      assert_contains (r->laid_text, verdict);
    }
  g_assert_cmpuint (reviewed, >=, 2);
  assert_contains (r->pdf_text, "第二级");
  assert_contains (r->pdf_text, "第三级");

  /* Table B: the members, leader first. */
  for (guint i = 0; i < project->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (project->panel.members, i);
      g_autofree char *row = g_strdup_printf ("%s%s%s%s", m->name, m->unit, m->title, m->phone);
      assert_contains (r->laid_pages[1], row);
      if (m->leader)
        {
          g_autofree char *first = g_strdup_printf ("联系电话%s%s", m->name, m->unit);
          assert_contains (r->laid_pages[1], first);
        }
    }

  /* Harms and degrees of each aspect. */
  assert_contains (r->pdf_text, "所侵害的客体：社会秩序、公共利益，侵害程度：一般损害");
  org = g_strdup_printf ("2026年9月28日，%s组织网络安全等级保护专家组", project->panel.organiser);
  assert_contains (r->laid_text, org);

  /* The digest in every footer; not stale, so no mark. */
  for (int i = 0; i < n; i++)
    {
      g_autofree char *page = squeeze (r->pdf_pages[i]);
      g_autofree char *footer = g_strdup_printf ("第%d页共%d页", i + 1, n);
      assert_contains (page, digest);
      assert_contains (page, footer);
      assert_absent (page, "已失效");
    }
}

/* The 服务范围 sentence says what 表二 04 says: the scope and the targets,
 * each with its own "其他" text, never the service's grading description. */
static void
test_annex2_service_sentence (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboObject *o1 = dbo_project_find_object (project, "o1");
  DboObject *o9 = dbo_project_find_object (project, "o9");
  g_autoptr(Rendered) r = render (project, rules, DBO_DOC_ANNEX2);
  g_autoptr(Rendered) other = NULL;
  g_autoptr(Rendered) empty = NULL;

  assert_contains (r->pdf_text, "矿用有线调度通信系统的服务范围为地（市、区）内，服务对象为单位内部人员。");
  assert_contains (r->pdf_text, "集团安全生产数据汇聚平台（金鼎煤业节点）的服务范围为跨地（市、区），跨2个，"
                                "服务对象为单位内部人员。");
  g_assert_false (dbo_str_empty (o1->aspects[DBO_ASPECT_SERVICE].description));
  assert_absent (r->laid_text, o1->aspects[DBO_ASPECT_SERVICE].description);

  dbo_set_str (&o1->service_scope, "99");
  dbo_set_str (&o1->service_other, "集团各矿井");
  dbo_set_str (&o1->service_targets, "9");
  dbo_set_str (&o1->service_targets_other, "外包运维人员");
  other = render (project, rules, DBO_DOC_ANNEX2);
  assert_contains (other->pdf_text, "矿用有线调度通信系统的服务范围为集团各矿井，服务对象为外包运维人员。");

  /* Neither filled: the form's blank. */
  dbo_set_str (&o9->service_scope, NULL);
  dbo_set_str (&o9->service_targets, NULL);
  empty = render (project, rules, DBO_DOC_ANNEX2);
  assert_contains (empty->laid_text, "集团安全生产数据汇聚平台（金鼎煤业节点）的服务范围为。系统服务遭破坏后");
}

static void
test_annex2_variants (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboObject *o = g_ptr_array_index (project->objects, 0);
  DboRecommendation *rec = dbo_project_find_recommendation (project, o->id);
  g_autoptr(Rendered) r = NULL;

  /* The panel raises the level: its level and reason are printed. */
  rec->level = 3;
  dbo_set_str (&rec->reason, "该系统承担灾变时的应急通信，提高一级。");
  project->panel.conclusion.materials_complete = FALSE;
  dbo_set_str (&project->panel.conclusion.data_sha256,
               "0000000000000000000000000000000000000000000000000000000000000000");
  r = render (project, rules, DBO_DOC_ANNEX2);
  {
    g_autofree char *verdict = g_strdup_printf ("专家组讨论认为：%s安全保护等级为第三级。", o->name);
    assert_contains (r->laid_text, verdict);
  }
  assert_contains (r->laid_text, "分类拟定安全等级为第二级，专家组建议定为第三级，理由：该系统承担灾变时的应急通信，提高一级。");
  assert_contains (r->pdf_text, "1.提交评审的资料不齐全");
  assert_absent (r->pdf_text, "1.提交评审的资料基本齐全");
  /* The approved digest no longer matches: every page is marked. */
  for (int i = 0; i < dbo_document_get_n_pages (r->doc); i++)
    assert_contains (r->pdf_pages[i], "已失效");
}

static void
test_annex2_signatures (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) blank = render (project, rules, DBO_DOC_ANNEX2);
  g_autoptr(Rendered) signed_ = NULL;

  /* Captured strokes make the file bigger (vector paths), never add text. */
  for (guint i = 0; i < project->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (project->panel.members, i);
      GArray *stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));
      m->sig_width_mm = 60;
      m->sig_height_mm = 20;
      for (int k = 0; k < 40; k++)
        {
          DboPoint p = { 4 + k, 10 + (k % 7) - 3, 0.5 };
          g_array_append_val (stroke, p);
        }
      m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      g_ptr_array_add (m->strokes, stroke);
    }
  signed_ = render (project, rules, DBO_DOC_ANNEX2);
  g_assert_cmpuint (g_bytes_get_size (signed_->pdf), >, g_bytes_get_size (blank->pdf) + 500);
  g_assert_cmpstr (signed_->pdf_text, ==, blank->pdf_text);
}

/* A member's dissent is printed in the object's paragraph with the member's
 * name; a dissent of a member no longer on the panel is not. */
static void
test_annex2_dissent (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboObject *o = g_ptr_array_index (project->objects, 1);
  DboRecommendation *rec = dbo_project_find_recommendation (project, o->id);
  const DboMember *m3 = dbo_project_find_member (project, "m3");
  g_autoptr(Rendered) r = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *verdict = NULL;

  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m3", "该系统仅在井下局部使用，\n宜定为第一级。"));
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m9", "无此专家。"));
  r = render (project, rules, DBO_DOC_ANNEX2);
  sentence = g_strdup_printf ("专家%s持不同意见：该系统仅在井下局部使用， 宜定为第一级。", m3->name);
  verdict = g_strdup_printf ("专家组讨论认为：%s安全保护等级为第二级。%s", o->name, sentence);
  assert_contains (r->laid_text, verdict);
  assert_contains (r->pdf_text, sentence);
  assert_absent (r->pdf_text, "无此专家");
}

/* ---- the signature sheet ---- */

static void
test_signature_sheet (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) r = render (project, rules, DBO_DOC_SIGNATURES);
  g_autofree char *unit = g_strdup_printf ("评审单位：%s", project->enterprise.name);
  const DboMember *leader = NULL;

  g_assert_cmpint (dbo_document_get_n_pages (r->doc), ==, 1);
  assert_contains (r->pdf_text, "专家评审签字页");
  assert_contains (r->laid_text, unit);
  assert_contains (r->pdf_text, "评审日期：2026年9月28日");
  assert_contains (r->laid_text, "序号姓名单位职称/职务专家类别签字");
  for (guint i = 0; i < project->panel.members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (project->panel.members, i);
      g_autofree char *row = g_strdup_printf ("%s%s%s%s%s", m->name, m->leader ? "（组长）" : "", m->unit, m->title,
                                              m->kind == DBO_MEMBER_COAL_IT ? "煤炭行业信息化专家" : "信息安全专家");

      assert_contains (r->laid_text, row);
      if (m->leader)
        leader = m;
    }
  /* The leader signs first. */
  g_assert_nonnull (leader);
  {
    g_autofree char *first = g_strdup_printf ("签字1%s（组长）", leader->name);
    assert_contains (r->laid_text, first);
  }

  /* Even an empty project prints a sheet: five blank rows to fill by hand. */
  {
    g_autoptr(DboProject) empty = dbo_project_new ();
    g_autoptr(Rendered) blank = NULL;

    empty->enterprise.name = g_strdup ("测试煤矿");
    blank = render (empty, rules, DBO_DOC_SIGNATURES);
    assert_contains (blank->laid_text, "签字12345");
    assert_contains (blank->laid_text, "评审单位：测试煤矿");
  }
  {
    g_autoptr(DboProject) nameless = dbo_project_new ();
    g_autoptr(Rendered) blank = render (nameless, rules, DBO_DOC_SIGNATURES);

    assert_contains (blank->pdf_text, "专家评审签字页");
  }
}

/* ---- Annex 3 ---- */

static const char *const annex3_labels[] = {
  "附件 3", "煤矿企业网络安全等级保护定级", "审核意见书", "填报时间：", "企业名称", "（盖 章）", "注册地址",
  "（县/区）", "（乡/镇）", "安全生产标准化等级", "信息系统网络安全等级保护定级情况", "序号", "信息系统名称",
  "分类拟定", "专家评审", "审核安全", "保护等级", "行业主管部门", "审核意见", "审核编号：", "（公章）",
  /* the notes, exactly, typo included */
  "注：1.审核编号前 2 位为审核行业主管部门编号，4-6 位为年份，7-10 位为系统编号；"
  "2.地区编号为：00 省级，01 太原，02 大同，03 朔州，04 忻州，05 吕梁，06 晋中，07 阳泉，08 长治，09 晋城，10 临汾，11 运城；"
  "3.此意见书一式三份，煤矿企业、审核行业主管门、网络安全管理部门各一份。",
};

/* The part keys of @project, joined with spaces. */
static char *
annex3_keys (const DboProject *project, const DboRuleset *rules)
{
  g_autoptr(GPtrArray) keys = dbo_doc_annex3_keys (project, rules);

  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}

/* Exactly one review number on the form (the notes' "审核编号前" aside). */
static void
assert_one_number (const Rendered *r, const char *number)
{
  g_autofree char *expected = g_strdup_printf ("审核编号：%s", number);

  g_assert_cmpuint (count_of (r->pdf_text, "审核编号："), ==, 1);
  g_assert_cmpuint (count_of (r->pdf_text, "（公章）"), ==, 1);
  assert_contains (r->pdf_text, expected);
}

static void
test_annex3_sample (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autofree char *keys = annex3_keys (project, rules);
  g_autoptr(Rendered) r = render_part (project, rules, DBO_DOC_ANNEX3, "09-1");
  g_autoptr(Rendered) province = render_part (project, rules, DBO_DOC_ANNEX3, "00-1");
  const DboRegion *city = dbo_ruleset_find_region (rules, project->enterprise.city);
  const DboObject *o9 = dbo_project_find_object (project, "o9");
  /* "泽州县", "金村镇": printed "泽州（县/区）金村（乡/镇）", the unit once. */
  g_autofree char *address = g_strdup_printf ("注册地址%s市泽州（县/区）金村（乡/镇）", city->name);
  g_autofree char *name = g_strdup_printf ("企业名称%s（盖章）", project->enterprise.name);
  g_autofree char *o9_row = g_strdup_printf ("1%s第三级第三级第三级", o9->name);
  guint index = 0;

  /* One form per review round: the city's round 1 and the province's first
   * round (the project's round 2). */
  g_assert_cmpstr (keys, ==, "09-1 00-1");
  g_assert_cmpint (dbo_document_get_n_pages (r->doc), ==, 1);
  g_assert_cmpstr (dbo_document_get_title (r->doc), ==, "定级审核意见书（晋城市能源局 第1轮）");
  g_assert_cmpstr (dbo_document_get_title (province->doc), ==, "定级审核意见书（山西省能源局 第1轮）");
  for (guint i = 0; i < G_N_ELEMENTS (annex3_labels); i++)
    {
      assert_contains (r->pdf_text, annex3_labels[i]);
      assert_contains (province->pdf_text, annex3_labels[i]);
    }
  g_assert_cmpstr (project->enterprise.county, ==, "泽州县");
  g_assert_cmpstr (project->enterprise.town, ==, "金村镇");
  assert_contains (r->laid_text, name);
  assert_contains (r->laid_text, address);
  assert_absent (r->pdf_text, "县（县/区）");
  assert_absent (r->pdf_text, "镇（乡/镇）");
  assert_contains (r->laid_text, "安全生产标准化等级二级");
  assert_contains (r->laid_text, "填报时间：2026年9月30日");

  /* The city's form: one row per object it reviewed (o1–o7), with the three
   * levels, the bureau's from this round; never o9. */
  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      const DboRecommendation *rec = dbo_project_find_recommendation (project, o->id);
      int drafted = dbo_grading_drafted_level (rules, o);
      g_autofree char *row = NULL;

      if (o == o9 || (drafted < 2 && (rec == NULL || rec->level < 2)))
        {
          assert_absent (r->laid_text, o->name);
          continue;
        }
      row = g_strdup_printf ("%u%s%s%s%s", ++index, o->name, dbo_level_zh (drafted), dbo_level_zh (rec->level),
                             dbo_level_zh (dbo_grading_effective_level (rules, project, o)));
      assert_contains (r->laid_text, row);
      assert_absent (province->laid_text, o->name);
    }
  g_assert_cmpuint (index, ==, 7);
  /* Its own opinion, number, seal and date only. */
  assert_contains (r->laid_text, "定级准确，专家评审意见符合等级保护要求，同意定级结果。");
  assert_one_number (r, "09-2026-0042");
  assert_absent (r->pdf_text, "00-2026-0108");
  assert_absent (r->laid_text, "跨设区的市数据汇聚平台定为第三级");
  assert_contains (r->laid_text, "（公章）2026年10月12日");
  assert_absent (r->laid_text, "xx-xxxx-xxxx");

  /* The province's form: o9 only, its opinion, number and date. */
  assert_contains (province->laid_text, o9_row);
  assert_contains (province->laid_text, "跨设区的市数据汇聚平台定为第三级，同意。");
  assert_one_number (province, "00-2026-0108");
  assert_absent (province->pdf_text, "09-2026-0042");
  assert_absent (province->laid_text, "同意定级结果");
  assert_contains (province->laid_text, "（公章）2026年10月13日");
}

static void
test_annex3_enterprise_use (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) r = NULL;
  g_autoptr(Rendered) province = NULL;
  const DboObject *o1 = g_ptr_array_index (project->objects, 0);
  const DboObject *o9 = dbo_project_find_object (project, "o9");
  g_autofree char *row = NULL;
  g_autofree char *keys = NULL;

  /* Before the bureaus decide: an enterprise part per bureau the objects go
   * to, its column, opinion, number and date blank. */
  g_ptr_array_set_size (project->reviews, 0);
  project->enterprise.kind = DBO_KIND_CONSTRUCTION;
  keys = annex3_keys (project, rules);
  g_assert_cmpstr (keys, ==, "09 00");
  r = render (project, rules, DBO_DOC_ANNEX3);
  g_assert_cmpstr (dbo_document_get_title (r->doc), ==, "定级审核意见书（晋城市能源局 待审核）");
  row = g_strdup_printf ("1%s第二级第二级2", o1->name);
  assert_contains (r->laid_text, row);
  assert_absent (r->laid_text, o9->name);
  assert_one_number (r, "xx-xxxx-xxxx");
  assert_contains (r->laid_text, "（公章）年月日");
  assert_absent (r->laid_text, "同意定级结果");
  assert_contains (r->laid_text, "安全生产标准化等级建设矿井");
  assert_contains (r->laid_text, "填报时间：年月日");
  province = render_part (project, rules, DBO_DOC_ANNEX3, "00");
  assert_contains (province->laid_text, o9->name);
  assert_absent (province->laid_text, o1->name);
  assert_one_number (province, "xx-xxxx-xxxx");
}

/* A round that leaves an object out: that object goes on the enterprise
 * part for the bureau the rules route it to (annex3-09.pdf), blank; the
 * round's own form no longer lists it. */
static void
test_annex3_unreviewed_object (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboReview *city = g_ptr_array_index (project->reviews, 0);
  const DboObject *o7 = dbo_project_find_object (project, "o7");
  g_autoptr(Rendered) round = NULL;
  g_autoptr(Rendered) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) none = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *file = NULL;
  g_autofree char *row = NULL;

  g_assert_cmpstr (g_array_index (city->levels, DboReviewLevel, 6).object_id, ==, "o7");
  g_array_remove_index (city->levels, 6);
  keys = annex3_keys (project, rules);
  g_assert_cmpstr (keys, ==, "09-1 00-1 09");
  file = dbo_doc_file_name (DBO_DOC_ANNEX3, "09");
  g_assert_cmpstr (file, ==, "annex3-09.pdf");

  round = render_part (project, rules, DBO_DOC_ANNEX3, "09-1");
  assert_absent (round->laid_text, o7->name);
  assert_one_number (round, "09-2026-0042");

  part = render_part (project, rules, DBO_DOC_ANNEX3, "09");
  row = g_strdup_printf ("1%s第二级第二级", o7->name);
  assert_contains (part->laid_text, row);
  assert_absent (part->laid_text, ((DboObject *) g_ptr_array_index (project->objects, 0))->name);
  assert_one_number (part, "xx-xxxx-xxxx");
  assert_contains (part->laid_text, "（公章）年月日");
  assert_absent (part->laid_text, "同意定级结果");
  assert_absent (part->pdf_text, "09-2026-0042");

  /* A part the project does not have. */
  none = dbo_document_build (project, rules, DBO_DOC_ANNEX3, "00", &error);
  g_assert_null (none);
  g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND);
}

/* A round sent back for correction, then the resubmission: new rounds of
 * the same bureau, numbered by that bureau's count (09-2, 09-3) whatever
 * the project's round numbers; the sent-back round, naming no object,
 * lists the objects that go to its bureau with its level column blank. */
static void
test_annex3_resubmission (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboReview *back = dbo_review_new (5);
  DboReview *again = dbo_review_new (7);
  DboReviewLevel level = { g_strdup ("o7"), 3 };
  const DboObject *o1 = dbo_project_find_object (project, "o1");
  const DboObject *o7 = dbo_project_find_object (project, "o7");
  const DboObject *o9 = dbo_project_find_object (project, "o9");
  g_autoptr(Rendered) sent_back = NULL;
  g_autoptr(Rendered) third = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *row = NULL;

  dbo_set_str (&back->authority, "09");
  back->has_outcome = TRUE;
  back->outcome = DBO_OUTCOME_CORRECT;
  dbo_set_str (&back->decided, "2026-10-20");
  dbo_set_str (&back->opinion, "请补充拓扑图后重新报送。");
  dbo_set_str (&again->authority, "09");
  dbo_set_str (&again->number, "09-2026-0077");
  dbo_set_str (&again->decided, "2026-11-02");
  dbo_set_str (&again->opinion, "同意定为第三级。");
  g_array_append_val (again->levels, level);
  /* Recorded out of order: the round numbers decide. */
  g_ptr_array_insert (project->reviews, 0, again);
  g_ptr_array_add (project->reviews, back);

  keys = annex3_keys (project, rules);
  g_assert_cmpstr (keys, ==, "09-1 00-1 09-2 09-3");
  sent_back = render_part (project, rules, DBO_DOC_ANNEX3, "09-2");
  g_assert_cmpstr (dbo_document_get_title (sent_back->doc), ==, "定级审核意见书（晋城市能源局 第2轮）");
  assert_contains (sent_back->laid_text, o1->name);
  assert_absent (sent_back->laid_text, o9->name);
  assert_contains (sent_back->laid_text, "请补充拓扑图后重新报送。");
  assert_one_number (sent_back, "xx-xxxx-xxxx");
  assert_contains (sent_back->laid_text, "（公章）2026年10月20日");

  third = render_part (project, rules, DBO_DOC_ANNEX3, "09-3");
  row = g_strdup_printf ("1%s第二级第二级第三级", o7->name);
  assert_contains (third->laid_text, row);
  assert_absent (third->laid_text, o1->name);
  assert_one_number (third, "09-2026-0077");
  assert_contains (third->laid_text, "（公章）2026年11月2日");
}

static void
test_annex3_keys (void)
{
  g_autofree char *a = dbo_doc_file_name (DBO_DOC_ANNEX3, "09-1");
  g_autofree char *b = dbo_doc_file_name (DBO_DOC_ANNEX3, "00-12");
  g_autofree char *authority = NULL;
  int n = -1;

  g_assert_cmpstr (a, ==, "annex3-09-1.pdf");
  g_assert_cmpstr (b, ==, "annex3-00-12.pdf");
  for (guint i = 0; i < 8; i++)
    {
      static const char *bad[] = { "", "9", "9-1", "09-", "09-0", "09-1000", "09-1/..", "../x" };
      g_assert_false (dbo_doc_annex3_key_is_valid (bad[i]));
    }
  g_assert_true (dbo_doc_annex3_key_parse ("11-3", &authority, &n));
  g_assert_cmpstr (authority, ==, "11");
  g_assert_cmpint (n, ==, 3);
}

/* The distance from (@x, @y) to the box of @g. */
static double
distance_to (const Glyph *g, double x, double y)
{
  double dx = MAX (MAX (g->x1 - x, x - g->x2), 0), dy = MAX (MAX (g->y1 - y, y - g->y2), 0);

  return hypot (dx, dy);
}

/* The bureau's seal is pressed on （公章） and the date under it: on @page, a
 * 42 mm seal centred on the mark covers nothing else, and it stays inside the
 * square the layout keeps clear (around the mark, in the opinion's cell) and
 * above the notes. */
static void
assert_seal_mark_clear (const Rendered *r, int page)
{
  g_autoptr(GArray) glyphs = page_glyphs (r->poppler, page);
  g_autoptr(GArray) seals = dbo_document_get_seal_areas (r->doc, page);
  int mark = find_glyphs (glyphs, "（公章）", 0);
  int notes = find_glyphs (glyphs, "注：1.审核编号", 0);
  const cairo_rectangle_t *square = NULL;
  const double radius = DBO_MM (21);
  double cx = 0, cy = 0, notes_top;

  g_assert_cmpint (mark, >=, 0);
  g_assert_cmpint (notes, >, mark);
  for (int i = mark; i < mark + 4; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);

      cx += (g->x1 + g->x2) / 8;
      cy += (g->y1 + g->y2) / 8;
    }
  for (guint s = 0; s < seals->len; s++)
    {
      const cairo_rectangle_t *rect = &g_array_index (seals, cairo_rectangle_t, s);

      if (cx > rect->x && cx < rect->x + rect->width && cy > rect->y && cy < rect->y + rect->height)
        square = rect;
    }
  g_assert_nonnull (square);
  g_assert_cmpfloat (square->width, >=, DBO_MM (42) - 0.1);
  /* The mark at the centre of the square, the square above the notes. */
  g_assert_cmpfloat (fabs (square->x + square->width / 2 - cx), <, DBO_MM (2));
  g_assert_cmpfloat (fabs (square->y + square->height / 2 - cy), <, DBO_MM (2));
  notes_top = g_array_index (glyphs, Glyph, notes).y1;
  g_assert_cmpfloat (square->y + square->height, <, notes_top);
  g_assert_cmpfloat (notes_top - cy, >, radius + DBO_MM (2));
  /* Inside the circle: the mark and the date, nothing else. */
  for (guint i = 0; i < glyphs->len; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);
      gboolean inside_square = g->x1 >= square->x && g->x2 <= square->x + square->width
                               && g->y1 >= square->y && g->y2 <= square->y + square->height;

      if (distance_to (g, cx, cy) >= radius)
        continue;
      if ((int) i >= mark && (int) i < mark + 4)
        continue;
      if (inside_square && g_utf8_strchr ("0123456789年月日", -1, g->c) != NULL)
        continue;
      g_error ("page %d: U+%04X at (%.1f, %.1f) lies under a 42 mm seal pressed on （公章）", page + 1, g->c,
               g->x1, g->y1);
    }
}

static void
test_annex3_seal_clear (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) r = render (project, rules, DBO_DOC_ANNEX3);
  g_autoptr(Rendered) province = render_part (project, rules, DBO_DOC_ANNEX3, "00-1");
  g_autoptr(GArray) seals = dbo_document_get_seal_areas (r->doc, 0);
  g_autoptr(GArray) glyphs = page_glyphs (r->poppler, 0);

  /* The enterprise's seal and the bureau's seal; nothing but the bureau's
   * mark and date in either. */
  g_assert_cmpuint (seals->len, ==, 2);
  for (guint s = 0; s < seals->len; s++)
    {
      const cairo_rectangle_t *seal = &g_array_index (seals, cairo_rectangle_t, s);
      g_assert_cmpfloat (seal->width, >=, 42 * 72 / 25.4 - 0.1);
      for (guint i = 0; i < glyphs->len; i++)
        {
          const Glyph *g = &g_array_index (glyphs, Glyph, i);

          if (g->x2 > seal->x && g->x1 < seal->x + seal->width && g->y2 > seal->y && g->y1 < seal->y + seal->height
              && g_utf8_strchr ("（公章）0123456789年月日", -1, g->c) == NULL)
            g_error ("U+%04X inside a seal area", g->c);
        }
    }
  assert_seal_mark_clear (r, 0);
  assert_seal_mark_clear (province, 0);
  /* An enterprise part (the date blank) of the stress project. */
  {
    g_autoptr(DboProject) stress = stress_project (project);
    g_autoptr(Rendered) stressed = render_part (stress, rules, DBO_DOC_ANNEX3, "09");

    assert_seal_mark_clear (stressed, dbo_document_get_n_pages (stressed->doc) - 1);
  }
}

/* A long opinion moves to a page of its own with the notes; no level header
 * is repeated above it, as no level row follows. */
static void
test_annex3_long_opinion (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  DboReview *city = g_ptr_array_index (project->reviews, 0);
  g_autofree char *opinion = stress_text ("经审核，该企业提交的定级材料齐全，系统划分合理，定级依据充分，"
                                          "专家评审意见符合等级保护要求，同意定级结果。", 600);
  g_autoptr(Rendered) r = NULL;
  g_autofree char *first = NULL, *second = NULL;

  g_assert_cmpstr (city->authority, ==, "09");
  dbo_set_str (&city->opinion, opinion);
  r = render_part (project, rules, DBO_DOC_ANNEX3, "09-1");
  g_assert_cmpint (dbo_document_get_n_pages (r->doc), ==, 2);
  first = squeeze (r->pdf_pages[0]);
  second = squeeze (r->pdf_pages[1]);
  g_assert_nonnull (strstr (first, "信息系统名称"));
  g_assert_nonnull (strstr (first, "15102智能综采工作面工业控制系统"));
  g_assert_null (strstr (first, "审核编号：09"));
  assert_contains (second, "行业主管部门审核意见");
  assert_contains (second, "审核编号：09-2026-0042");
  assert_contains (second, "注：1.审核编号前");
  assert_absent (second, "信息系统名称");
  assert_absent (second, "分类拟定");
  assert_absent (second, "（续）");
  assert_contains (r->laid_text, opinion);
  assert_seal_mark_clear (r, 1);

  /* The stress project's long names: the notes stay with the opinion. */
  {
    g_autoptr(DboProject) sample = load_sample ();
    g_autoptr(DboProject) stress = stress_project (sample);
    g_autoptr(Rendered) s = render_part (stress, rules, DBO_DOC_ANNEX3, "09-1");

    for (int i = 0; s->pdf_pages[i] != NULL; i++)
      {
        g_autofree char *text = squeeze (s->pdf_pages[i]);

        g_assert_cmpint (strstr (text, "审核编号：09-2026-0042") != NULL, ==, strstr (text, "注：1.审核编号前") != NULL);
      }
  }
}

/* "泽州县" before the form's （县/区） prints "泽州", "金村镇" before （乡/镇）
 * "金村"; a name the unit would leave one character of, or of another unit,
 * prints whole. The labels never break, whatever the names' lengths. */
static void
test_annex3_address_units (void)
{
  static const struct { const char *county, *town, *printed; } cases[] = {
    { "泽州县", "金村镇", "泽州（县/区）金村（乡/镇）" },
    { "城区", "西上庄街道", "城区（县/区）西上庄街道（乡/镇）" },
    { "高平市", "北石店乡", "高平市（县/区）北石店（乡/镇）" },
  };
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Rendered) r = NULL;

      dbo_set_str (&project->enterprise.county, cases[i].county);
      dbo_set_str (&project->enterprise.town, cases[i].town);
      r = render_part (project, rules, DBO_DOC_ANNEX3, "09-1");
      assert_contains (r->laid_text, cases[i].printed);
    }
  /* Longer and longer names: each label whole on one line, and each short
   * name with the unit after it. */
  for (guint n = 0; n < 12; n++)
    {
      g_autofree char *name = stress_text ("山西泽州金鼎煤业有限公司第二分公司", 12 + 3 * n);
      g_autofree char *county = stress_text ("阳城沁水陵川", 1 + n % 6);
      g_autofree char *town = stress_text ("北留润城町店", 2 + n / 2);
      g_autofree char *county_unit = g_strdup_printf ("%s（县/区）", county);
      g_autofree char *town_unit = g_strdup_printf ("%s（乡/镇）", town);
      const char *whole[] = { "（盖章）", county_unit, town_unit };
      g_autoptr(Rendered) r = NULL;

      dbo_set_str (&project->enterprise.name, name);
      dbo_set_str (&project->enterprise.county, county);
      dbo_set_str (&project->enterprise.town, town);
      r = render_part (project, rules, DBO_DOC_ANNEX3, "09-1");
      for (guint w = 0; w < G_N_ELEMENTS (whole); w++)
        if (!page_line_holds (r->poppler, 0, whole[w]))
          g_error ("“%s” is broken over two lines:\n%s", whole[w], r->pdf_pages[0]);
    }
}

/* ---- PDF properties ---- */

static void
test_same_bytes_and_metadata (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autofree char *dir = dbo_test_mkdtemp ();
  static const DboDocKind kinds[] = { DBO_DOC_ANNEX2, DBO_DOC_ANNEX3 };
  g_autoptr(DboLayout) probe = dbo_layout_new ();
  gboolean compact = dbo_layout_use_compact_fonts (probe);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(Rendered) a = render (project, rules, kinds[k]);
      g_autoptr(Rendered) b = render (project, rules, kinds[k]);
      g_autofree char *file_name = dbo_doc_file_name (kinds[k], NULL);
      g_autofree char *path = g_build_filename (dir, file_name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autofree char *title = poppler_document_get_title (a->poppler);
      g_autofree char *author = poppler_document_get_author (a->poppler);
      g_autofree char *creator = poppler_document_get_creator (a->poppler);
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
      g_autoptr(GDateTime) concluded = g_date_time_new (tz, 2026, 9, 28, 16, 30, 0);

      /* Same project, same bytes: through memory and through a file. */
      g_assert_true (g_bytes_equal (a->pdf, b->pdf));
      g_assert_true (dbo_document_write_pdf (a->doc, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpmem (contents, len, g_bytes_get_data (a->pdf, NULL), g_bytes_get_size (a->pdf));

      if (kinds[k] == DBO_DOC_ANNEX3)
        g_assert_cmpstr (title, ==, "定级审核意见书（晋城市能源局 第1轮）");
      else
        g_assert_cmpstr (title, ==, dbo_doc_kind_title (kinds[k]));
      g_assert_cmpstr (author, ==, project->enterprise.name);
      g_assert_cmpstr (creator, ==, "Dengbao");
      /* The date is the panel's conclusion, never the clock. */
      g_assert_cmpint (poppler_document_get_creation_date (a->poppler), ==, g_date_time_to_unix (concluded));
      g_assert_cmpint (poppler_document_get_modification_date (a->poppler), ==, g_date_time_to_unix (concluded));
      g_test_message ("%s: %d pages, %" G_GSIZE_FORMAT " bytes", file_name, dbo_document_get_n_pages (a->doc),
                      g_bytes_get_size (a->pdf));
      /* With the font subsetter in the build, a form stays small (issue 3: < 150 KB). */
      if (compact)
        g_assert_cmpuint (g_bytes_get_size (a->pdf), <, 150 * 1024);
    }
}

static void
test_write_errors (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = dbo_document_build (project, rules, DBO_DOC_ANNEX3, NULL, &error);
  g_autofree char *dir = dbo_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "annex3.pdf", NULL);

  g_assert_no_error (error);
  g_assert_false (dbo_document_write_pdf (doc, missing, &error));
  g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* ---- refusal ---- */

typedef struct {
  const char *name;
  DboDocKind kind;
  void (*damage) (DboProject *project);
  const char *expect;          /* in the message */
} RefusalCase;

static void
damage_override (DboProject *p)
{
  DboObject *o = dbo_project_find_object (p, "o3");
  o->override_level = 3;
  dbo_set_str (&o->override_reason, NULL);
}

static void
damage_minimum (DboProject *p)
{
  /* The safety monitoring system must be at least 第二级. */
  DboObject *o = dbo_project_find_object (p, "o3");
  o->override_level = 1;
  dbo_set_str (&o->override_reason, "测试");
}

static void
damage_name (DboProject *p)
{
  dbo_set_str (&p->enterprise.name, NULL);
}

static void
damage_recommendation (DboProject *p)
{
  DboRecommendation *rec = dbo_project_find_recommendation (p, "o1");
  rec->level = 3;
  dbo_set_str (&rec->reason, NULL);
}

static const RefusalCase refusal_cases[] = {
  { "override-without-reason", DBO_DOC_ANNEX2, damage_override, "未写明理由" },
  { "below-minimum", DBO_DOC_ANNEX3, damage_minimum, "低于规定的最低等级第二级" },
  { "no-enterprise-name", DBO_DOC_ANNEX3, damage_name, "单位名称未填写" },
  { "recommendation-without-reason", DBO_DOC_ANNEX2, damage_recommendation, "专家组对“矿用有线调度通信系统”建议第三级" },
};

static void
test_refusal (gconstpointer data)
{
  const RefusalCase *c = data;
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = NULL;

  c->damage (project);
  doc = dbo_document_build (project, rules, c->kind, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED);
  g_assert_nonnull (strstr (error->message, dbo_doc_kind_title (c->kind)));
  if (strstr (error->message, c->expect) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, c->expect);
}

/* ---- each error blocks the documents that print its data (issue 13, item 9) ---- */

/* Whether @kind (@key: a report's object, an Annex 3 part) is refused, and
 * then that its message names @expect. */
static gboolean
is_refused (const DboProject *project, const DboRuleset *rules, DboDocKind kind, const char *key,
            const char *expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = dbo_document_build (project, rules, kind, key, &error);

  if (doc != NULL)
    {
      g_assert_no_error (error);
      return FALSE;
    }
  g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED);
  if (strstr (error->message, expect) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, expect);
  return TRUE;
}

static void
remove_member (DboProject *project, const char *id)
{
  for (guint i = 0; i < project->panel.members->len; i++)
    if (g_str_equal (((DboMember *) g_ptr_array_index (project->panel.members, i))->id, id))
      {
        g_ptr_array_remove_index (project->panel.members, i);
        return;
      }
  g_assert_not_reached ();
}

static void
test_blocked_by_printed_errors (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();

  /* A panel of four: Annex 2 and the signature sheet, not the rest. */
  {
    g_autoptr(DboProject) p = load_sample ();

    remove_member (p, "m5");
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, "专家组现有 4 名成员"));
    g_assert_true (is_refused (p, rules, DBO_DOC_SIGNATURES, NULL, "专家组现有 4 名成员"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX4, NULL, NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_REPORT, "o3", NULL));
  }
  /* A field of 表一: only Annex 4, which prints it. */
  {
    g_autoptr(DboProject) p = load_sample ();

    dbo_set_str (&p->enterprise.postcode, NULL);
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX4, NULL, "邮政编码"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_REPORT, "o3", NULL));
  }
  /* An object's phone: Annex 2 and that object's report; not another's
   * report, not Annex 4 (表二 has no such field). */
  {
    g_autoptr(DboProject) p = load_sample ();
    DboObject *o3 = dbo_project_find_object (p, "o3");

    dbo_set_str (&o3->owner_phone, NULL);
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, "objects/o3/owner/phone"));
    g_assert_true (is_refused (p, rules, DBO_DOC_REPORT, "o3", "objects/o3/owner/phone"));
    g_assert_false (is_refused (p, rules, DBO_DOC_REPORT, "o1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX4, NULL, NULL));
  }
  /* An object's grading prints its level everywhere, but only in the Annex 3
   * of its own round: o9 went to the province. */
  {
    g_autoptr(DboProject) p = load_sample ();
    DboObject *o9 = dbo_project_find_object (p, "o9");

    o9->override_level = 4;
    dbo_set_str (&o9->override_reason, NULL);
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX3, "00-1", "未写明理由"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", NULL));
    g_assert_true (is_refused (p, rules, DBO_DOC_REPORT, "o9", "未写明理由"));
    g_assert_false (is_refused (p, rules, DBO_DOC_REPORT, "o3", NULL));
  }
  /* A review's number: its own Annex 3 only. */
  {
    g_autoptr(DboProject) p = load_sample ();
    DboReview *province = NULL;

    for (guint i = 0; i < p->reviews->len; i++)
      if (g_strcmp0 (((DboReview *) g_ptr_array_index (p->reviews, i))->authority, "00") == 0)
        province = g_ptr_array_index (p->reviews, i);
    g_assert_nonnull (province);
    dbo_set_str (&province->number, "09-2026-999");
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX3, "00-1", "审核编号"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, NULL));
  }
  /* A panel dated before the grading (date-order): the documents printing
   * that date, Annex 2 and the signature sheet. */
  {
    g_autoptr(DboProject) p = load_sample ();

    dbo_set_str (&p->panel.date, "2026-09-05");
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, "专家评审日期（2026-09-05）早于"));
    g_assert_true (is_refused (p, rules, DBO_DOC_SIGNATURES, NULL, "专家评审日期"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX4, NULL, NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_REPORT, "o3", NULL));
  }
  /* A review decided before the grading: that round's Annex 3 only. */
  {
    g_autoptr(DboProject) p = load_sample ();
    DboReview *city = g_ptr_array_index (p->reviews, 0);

    g_assert_cmpstr (city->authority, ==, "09");
    dbo_set_str (&city->decided, "2026-09-08");
    g_assert_true (is_refused (p, rules, DBO_DOC_ANNEX3, "09-1", "第 1 轮审核的审核日期（2026-09-08）"));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX3, "00-1", NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX2, NULL, NULL));
    g_assert_false (is_refused (p, rules, DBO_DOC_ANNEX4, NULL, NULL));
  }
}

/* A draft is made whatever its errors, 草稿 on every page and in its title;
 * a clean document asked for as a draft is marked too. */
static void
test_draft (void)
{
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DboDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PopplerDocument *poppler;

  remove_member (p, "m5");
  doc = dbo_document_build_full (p, rules, DBO_DOC_ANNEX2, NULL, DBO_DOCUMENT_DRAFT, &error);
  g_assert_no_error (error);
  g_assert_true (dbo_document_is_draft (doc));
  g_assert_cmpuint (dbo_document_get_problems (doc)->len, ==, 1);
  g_assert_true (g_str_has_suffix (dbo_document_get_title (doc), "（草稿）"));
  pdf = dbo_document_to_pdf_bytes (doc, &error);
  g_assert_no_error (error);
  poppler = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (poppler), >, 1);
  for (int i = 0; i < poppler_document_get_n_pages (poppler); i++)
    {
      PopplerPage *page = poppler_document_get_page (poppler, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_assert_nonnull (strstr (text, "草稿"));
      g_object_unref (page);
    }
  g_object_unref (poppler);
  {
    g_autoptr(DboDocument) clean = dbo_document_build_full (p, rules, DBO_DOC_ANNEX4, NULL, DBO_DOCUMENT_DRAFT,
                                                            &error);
    g_autoptr(DboDocument) plain = dbo_document_build (p, rules, DBO_DOC_ANNEX4, NULL, &error);
    g_autofree char *first = dbo_document_get_page_text (clean, 0);
    g_autofree char *plain_first = dbo_document_get_page_text (plain, 0);

    g_assert_no_error (error);
    g_assert_cmpuint (dbo_document_get_problems (clean)->len, ==, 0);
    g_assert_nonnull (strstr (first, "草稿"));
    g_assert_null (strstr (plain_first, "草稿"));
    g_assert_false (dbo_document_is_draft (plain));
  }
}

/* ---- characters beyond the main fonts (issue 13, item 2) ---- */

#define RARE_NAME "山西泽州金鼎\xf0\xa0\x80\x80煤业有限公司"   /* 𠀀 U+20000, CJK Extension B */

/* The registered name with 𠀀 is printed whole: the fallback face draws the
 * character and the PDF's text layer has it. */
static void
test_glyph_fallback (void)
{
  g_autoptr(DboProject) project = load_sample ();
  g_autoptr(DboRuleset) rules = load_rules ();
  gunichar missing = 0;
  static const DboDocKind kinds[] = { DBO_DOC_ANNEX3, DBO_DOC_ANNEX4 };

  if (!dbo_layout_can_render (RARE_NAME, &missing))
    {
      g_test_message ("no installed font has U+%04X: install fonts-hanazono (build-aux/dev does)", missing);
      g_test_fail ();
      return;
    }
  /* The fallback face is among the files a bundle's manifest names. */
  {
    const GPtrArray *files = dbo_layout_font_files ();
    gboolean listed = FALSE;

    for (guint i = 0; i < files->len; i++)
      {
        const DboFontFile *f = g_ptr_array_index (files, i);

        if (g_str_has_prefix (f->family, "HanaMin"))
          {
            listed = TRUE;
            g_assert_true (g_str_has_prefix (f->file, "HanaMin"));   /* not the alternatives link */
          }
      }
    g_assert_true (listed);
  }
  dbo_set_str (&project->enterprise.name, RARE_NAME);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(Rendered) r = render (project, rules, kinds[k]);

      assert_contains (r->pdf_text, RARE_NAME);
      assert_contains (r->laid_text, RARE_NAME);
    }
  /* Nothing to report where a font has every character. */
  {
    g_autoptr(GPtrArray) findings = dbo_checks_run_for_forms (project, rules);

    for (guint i = 0; i < findings->len; i++)
      g_assert_cmpstr (((DboFinding *) g_ptr_array_index (findings, i))->code, !=, "glyph-missing");
  }
}

/* A finding's words as `check --json` gives them, freed with the test. */
static const char *
say (const DboFinding *f, DboLanguage language)
{
  char *text = dbo_finding_describe_in (f, language);

  g_test_queue_free (text);
  return text;
}

/* With the fallback faces hidden from fontconfig (in a child process, before
 * any font is loaded), the name cannot be printed: a blocking glyph-missing
 * finding names the character and the field, and the documents are refused. */
static void
test_glyph_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DboProject) project = load_sample ();
      g_autoptr(DboRuleset) rules = load_rules ();
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DboDocument) doc = NULL;
      g_autofree char *dir = dbo_test_mkdtemp ();
      g_autofree char *conf = g_build_filename (dir, "fonts.conf", NULL);
      const DboFinding *found = NULL;
      gunichar missing = 0;

      g_assert_true (g_file_set_contents (conf,
        "<?xml version=\"1.0\"?>\n<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        "  <selectfont><rejectfont><pattern><patelt name=\"family\"><string>HanaMinA</string></patelt></pattern>"
        "<pattern><patelt name=\"family\"><string>HanaMinB</string></patelt></pattern>"
        "<pattern><patelt name=\"family\"><string>BabelStone Han</string></patelt></pattern>"
        "</rejectfont></selectfont>\n</fontconfig>\n", -1, NULL));
      g_setenv ("FONTCONFIG_FILE", conf, TRUE);

      g_assert_false (dbo_layout_can_render ("中" RARE_NAME, &missing));
      g_assert_cmphex (missing, ==, 0x20000);
      g_assert_true (dbo_layout_can_render ("ABC 中文 ☐☑\xe2\x81\xa0", NULL));

      dbo_set_str (&project->enterprise.name, RARE_NAME);
      findings = dbo_checks_run_for_forms (project, rules);
      for (guint i = 0; i < findings->len; i++)
        if (g_strcmp0 (((DboFinding *) g_ptr_array_index (findings, i))->code, "glyph-missing") == 0)
          found = g_ptr_array_index (findings, i);
      g_assert_nonnull (found);
      g_assert_cmpint (found->severity, ==, DBO_SEVERITY_ERROR);
      g_assert_cmpstr (found->path, ==, "enterprise/name");
      g_assert_nonnull (strstr (say (found, DBO_LANGUAGE_ZH), "U+20000"));
      g_assert_nonnull (strstr (say (found, DBO_LANGUAGE_ZH), "\xf0\xa0\x80\x80"));
      g_assert_nonnull (strstr (say (found, DBO_LANGUAGE_ZH), "单位名称"));
      g_assert_nonnull (strstr (say (found, DBO_LANGUAGE_EN), "U+20000"));

      doc = dbo_document_build (project, rules, DBO_DOC_ANNEX3, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED);
      g_assert_nonnull (strstr (error->message, "U+20000"));

      /* A free text no form requires is printed whole too: an "other" answer
       * of 表二 blocks the documents that print it, not the others. */
      dbo_set_str (&project->enterprise.name, "山西泽州金鼎煤业有限公司");
      dbo_set_str (&dbo_project_find_object (project, "o9")->interconnection_other, "与" RARE_NAME "互联");
      g_clear_pointer (&findings, g_ptr_array_unref);
      g_clear_error (&error);
      findings = dbo_checks_run_for_forms (project, rules);
      found = NULL;
      for (guint i = 0; i < findings->len; i++)
        if (g_strcmp0 (((DboFinding *) g_ptr_array_index (findings, i))->code, "glyph-missing") == 0)
          found = g_ptr_array_index (findings, i);
      g_assert_nonnull (found);
      g_assert_cmpstr (found->path, ==, "objects/o9/interconnection/@other");
      g_assert_nonnull (strstr (say (found, DBO_LANGUAGE_ZH), "系统互联情况（其他）"));
      {
        g_autoptr(DboDocument) a4 = dbo_document_build (project, rules, DBO_DOC_ANNEX4, NULL, &error);
        g_autoptr(DboDocument) a2 = NULL;

        g_assert_null (a4);
        g_assert_error (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_BLOCKED);
        g_clear_error (&error);
        a2 = dbo_document_build (project, rules, DBO_DOC_ANNEX2, NULL, &error);
        g_assert_no_error (error);
        g_assert_nonnull (a2);
      }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ---- flow of a big panel (issue 13, item 9) ---- */

/* Ruled lines of @length_mm (± 1.5 mm) on @page: free-standing horizontal
 * strokes, drawn at 144 dpi and read back (table rules are longer and crossed). */
static guint
count_rules (PopplerDocument *pdf, int index, double length_mm)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  const double scale = 2.0;
  double w_pt, h_pt;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w, h, stride;
  const guint8 *data;
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (int) * 3);
  guint n = 0;
  int lo = (int) ((length_mm - 1.5) / 25.4 * 72 * scale), hi = (int) ((length_mm + 1.5) / 25.4 * 72 * scale);

  poppler_page_get_size (page, &w_pt, &h_pt);
  w = (int) (w_pt * scale);
  h = (int) (h_pt * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
#define DARK(x, y) ((((const guint32 *) (data + (y) * stride))[x] & 0xff) < 160)
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int x0 = x;
        while (x < w && DARK (x, y))
          x++;
        if (x - x0 >= lo && x - x0 <= hi)
          {
            int run[3] = { y, x0, x };
            gboolean again = FALSE;
            /* An anti-aliased rule covers two or three pixel rows: count it once. */
            for (guint i = 0; i < runs->len; i++)
              {
                const int *r = &g_array_index (runs, int, 3 * i);
                if (y - r[0] <= 3 && ABS (r[1] - x0) <= 3 && ABS (r[2] - x) <= 3)
                  again = TRUE;
              }
            g_array_append_vals (runs, run, 1);
            if (!again)
              n++;
          }
      }
#undef DARK
  g_array_unref (runs);
  cairo_surface_destroy (surface);
  g_object_unref (page);
  return n;
}

/* ---- table columns from their content (issue 13, item 14) ---- */

/* One line of one table cell: glyphs on one baseline with no gap wider than
 * a few spaces (the cells' padding and rules part two cells' lines). */
typedef struct {
  double x1, x2, y;
  guint n;
  char *text;
} CellLine;

static void
cell_line_clear (gpointer data)
{
  g_free (((CellLine *) data)->text);
}

#define CELL_GAP_PT 6.0
#define TABLE_PITCH_PT (DBO_SIZE_WU_HAO * 1.5)

/* The lines of @page's table cells that hold one CJK character of a longer
 * text: a line of one character with a line of the same cell right above it
 * (one line pitch up, overlapping it). Each is added to @found. */
static void
find_lone_chars (PopplerDocument *pdf, int index, GString *found)
{
  g_autoptr(GPtrArray) rows = page_rows (pdf, index);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (CellLine));

  g_array_set_clear_func (lines, cell_line_clear);
  for (guint r = 0; r < rows->len; r++)
    {
      const GArray *row = g_ptr_array_index (rows, r);
      guint start = 0;

      for (guint i = 1; i <= row->len; i++)
        if (i == row->len
            || g_array_index (row, Glyph, i).x1 - g_array_index (row, Glyph, i - 1).x2 > CELL_GAP_PT)
          {
            const Glyph *a = &g_array_index (row, Glyph, start), *b = &g_array_index (row, Glyph, i - 1);
            CellLine line = { a->x1, b->x2, (a->y1 + a->y2) / 2, i - start, glyphs_text (row, start, i) };

            g_array_append_val (lines, line);
            start = i;
          }
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const CellLine *lone = &g_array_index (lines, CellLine, i);

      if (lone->n != 1 || !g_unichar_iswide (g_utf8_get_char (lone->text)))
        continue;
      for (guint j = 0; j < lines->len; j++)
        {
          const CellLine *above = &g_array_index (lines, CellLine, j);
          double dy = lone->y - above->y;

          if (dy > 0.8 * TABLE_PITCH_PT && dy < 1.1 * TABLE_PITCH_PT && above->x1 < lone->x2 && above->x2 > lone->x1)
            g_string_append_printf (found, "page %d: “%s” / “%s”\n", index + 1, above->text, lone->text);
        }
    }
}

/* The pages of @r that hold Annex 2's object or panel table have no cell line
 * of one character under a line of the same text. */
static void
assert_no_lone_chars (const Rendered *r)
{
  g_autoptr(GString) found = g_string_new (NULL);
  guint tables = 0;

  for (int i = 0; r->pdf_pages[i] != NULL; i++)
    {
      g_autofree char *text = squeeze (r->pdf_pages[i]);

      if (strstr (text, "系统名称责任部门") == NULL && strstr (text, "评审专家组成员") == NULL)
        continue;
      tables++;
      find_lone_chars (r->poppler, i, found);
    }
  g_assert_cmpuint (tables, >, 0);
  if (found->len > 0)
    g_error ("table cells with a line of one character:\n%s", found->str);
}

/* Annex 2's two tables take their column widths from their text: on the
 * sample every system and unit name has the room for one line; with the
 * stress project's long names, none leaves one character on a line. */
static void
test_annex2_fitted_columns (void)
{
  g_autoptr(DboProject) sample = load_sample ();
  g_autoptr(DboProject) stress = stress_project (sample);
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(Rendered) r = render (sample, rules, DBO_DOC_ANNEX2);
  g_autoptr(Rendered) s = render (stress, rules, DBO_DOC_ANNEX2);
  g_autoptr(GArray) glyphs = page_glyphs (r->poppler, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  assert_no_lone_chars (r);
  assert_no_lone_chars (s);
  /* On the sample, each system's name and each member's unit is printed on
   * one line of its cell. */
  for (guint i = 0; i < sample->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (sample->objects, i);

      if (dbo_grading_drafted_level (rules, o) >= 2)
        g_ptr_array_add (names, o->name);
    }
  for (guint i = 0; i < sample->panel.members->len; i++)
    g_ptr_array_add (names, ((DboMember *) g_ptr_array_index (sample->panel.members, i))->unit);
  for (guint i = 0; i < names->len; i++)
    if (find_glyphs (glyphs, g_ptr_array_index (names, i), 0) < 0)
      g_error ("“%s” does not stay on one line", (const char *) g_ptr_array_index (names, i));
}

/* Annex 2 of a panel of 21, its closing note growing two lines at a time so
 * that the closing signatures start at every height of the page: every page
 * with member signature lines has their label; the closing signatures keep
 * text before them on their page (or say （此页无正文）). */
static void
test_annex2_big_panel (void)
{
  g_autoptr(DboProject) sample = load_sample ();
  g_autoptr(DboProject) project = stress_project (sample);
  g_autoptr(DboRuleset) rules = load_rules ();
  g_autoptr(GRegex) closing = g_regex_new ("评审专家组(组长|成员)（签字）：|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日"
                                           "|第[0-9]+页共[0-9]+页", 0, 0, NULL);
  guint split = 0;

  g_assert_cmpuint (project->panel.members->len, ==, 21);
  g_assert_true (project->panel.conclusion.present);
  for (guint step = 0; step < 12; step++)
    {
      g_autofree char *note = stress_text ("专家组建议企业在系统上线运行后按期开展等级测评，及时整改发现的问题，", 1 + 72 * step);
      g_autoptr(Rendered) r = NULL;
      g_autofree char *last = NULL;
      guint member_lines = 0, leader_lines = 0, pages_with_lines = 0;
      int n;

      dbo_set_str (&project->panel.conclusion.note, note);
      r = render (project, rules, DBO_DOC_ANNEX2);
      n = poppler_document_get_n_pages (r->poppler);
      /* Page 1 is the cover (its blanks are underlined): from page 2 on. */
      for (int i = 1; i < n; i++)
        {
          guint members = count_rules (r->poppler, i, 42.0);
          guint leader = count_rules (r->poppler, i, 50.0);
          g_autofree char *text = squeeze (r->pdf_pages[i]);

          if (members > 0 && strstr (text, "评审专家组成员（签字）") == NULL)
            g_error ("note of %u characters: page %d has %u member signature lines without their label",
                     1 + 72 * step, i + 1, members);
          if (leader > 0 && strstr (text, "评审专家组组长（签字）") == NULL)
            g_error ("note of %u characters: page %d has the leader's line without its label", 1 + 72 * step, i + 1);
          member_lines += members;
          leader_lines += leader;
          pages_with_lines += members > 0;
        }
      /* Two signature blocks (after the tables, at the end), 20 members each. */
      g_assert_cmpuint (member_lines, ==, 2 * 20);
      g_assert_cmpuint (leader_lines, ==, 2);
      if (pages_with_lines > 2)
        split++;

      /* The last page: the closing signatures and the date with text before them. */
      last = g_regex_replace_literal (closing, r->laid_pages[n - 1], -1, 0, "", 0, NULL);
      if (strstr (last, "（此页无正文）") == NULL && g_utf8_strlen (last, -1) < 20)
        g_error ("note of %u characters: the last page holds only the closing signatures: “%s”", 1 + 72 * step,
                 r->pdf_pages[n - 1]);
    }
  g_test_message ("%u of 12 renderings split a signature block over two pages", split);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/documents/kinds", test_kinds);
  g_test_add_func ("/documents/annex2/sample", test_annex2_sample);
  g_test_add_func ("/documents/annex2/variants", test_annex2_variants);
  g_test_add_func ("/documents/annex2/service-sentence", test_annex2_service_sentence);
  g_test_add_func ("/documents/annex2/signatures", test_annex2_signatures);
  g_test_add_func ("/documents/annex2/dissent", test_annex2_dissent);
  g_test_add_func ("/documents/annex2/big-panel", test_annex2_big_panel);
  g_test_add_func ("/documents/annex2/fitted-columns", test_annex2_fitted_columns);
  g_test_add_func ("/documents/signatures/sheet", test_signature_sheet);
  g_test_add_func ("/documents/annex3/sample", test_annex3_sample);
  g_test_add_func ("/documents/annex3/enterprise-use", test_annex3_enterprise_use);
  g_test_add_func ("/documents/annex3/unreviewed-object", test_annex3_unreviewed_object);
  g_test_add_func ("/documents/annex3/resubmission", test_annex3_resubmission);
  g_test_add_func ("/documents/annex3/keys", test_annex3_keys);
  g_test_add_func ("/documents/annex3/seal-clear", test_annex3_seal_clear);
  g_test_add_func ("/documents/annex3/long-opinion", test_annex3_long_opinion);
  g_test_add_func ("/documents/annex3/address-units", test_annex3_address_units);
  g_test_add_func ("/documents/pdf/same-bytes-and-metadata", test_same_bytes_and_metadata);
  g_test_add_func ("/documents/pdf/write-errors", test_write_errors);
  g_test_add_func ("/documents/glyph/fallback", test_glyph_fallback);
  g_test_add_func ("/documents/glyph/missing", test_glyph_missing);
  g_test_add_func ("/documents/refusal/by-document", test_blocked_by_printed_errors);
  g_test_add_func ("/documents/draft", test_draft);
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/documents/refusal/%s", refusal_cases[i].name);
      g_test_add_data_func (path, &refusal_cases[i], test_refusal);
    }
  return g_test_run ();
}
