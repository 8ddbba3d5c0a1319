/* Annex 4 (备案表) and the grading report (定级报告), checked through the PDF
 * with poppler and through the layout's own text (which shows the tick boxes
 * as ☐/☑, since boxes are vector shapes and have no text in the PDF). */
#include "dbo-test-utils.h"

#include <locale.h>
#include <string.h>
#include <cairo.h>
#include <poppler.h>

#include "dbo-documents.h"
#include "dbo-grading.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"
#include "stress-project.h"
#include "pdf-glyphs.h"

typedef struct {
  DboProject *project;
  DboRuleset *rules;
} Fixture;

/* Read and validated once; each test case gets its own copy to change. */
static DboProject *sample_project;
static DboRuleset *default_rules;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (sample_project == NULL)
    {
      g_autofree char *path = dbo_test_sample_path ();
      sample_project = dbo_project_xml_read_file (path, &error);
      g_assert_no_error (error);
      default_rules = dbo_ruleset_load_default (&error);
      g_assert_no_error (error);
    }
  f->project = dbo_project_copy (sample_project);
  f->rules = dbo_ruleset_ref (default_rules);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  dbo_project_free (f->project);
  dbo_ruleset_unref (f->rules);
}

/* ---------------------------------------------------------------- helpers */

/* @text without white space (ASCII, U+3000, U+2002 …) and word joiners, so that
 * a label wrapped over lines or cells is found whole. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == 0x2060 || c == 0x3000 || c == 0x2002)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static DboDocument *
build (const DboProject *project, const DboRuleset *rules, DboDocKind kind, const char *object_id)
{
  g_autoptr(GError) error = NULL;
  DboDocument *doc = dbo_document_build (project, rules, kind, object_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static PopplerDocument *
to_poppler (DboDocument *doc, GBytes **bytes_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dbo_document_to_pdf_bytes (doc, &error);
  PopplerDocument *pdf;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  if (bytes_out)
    *bytes_out = g_bytes_ref (bytes);
  return pdf;
}

/* The PDF text of one page (from poppler), squeezed. */
static char *
pdf_page_text (PopplerDocument *pdf, int index)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  g_autofree char *text = NULL;
  char *out;

  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  out = squeeze (text);
  g_object_unref (page);
  return out;
}

static char *
pdf_all_text (PopplerDocument *pdf)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      g_autofree char *t = pdf_page_text (pdf, i);
      g_string_append (all, t);
      g_string_append_c (all, '\n');
    }
  return g_string_free (all, FALSE);
}

/* The layout text of one page, with ☐/☑, squeezed. */
static char *
layout_text (DboDocument *doc, int page)
{
  g_autofree char *text = dbo_document_get_page_text (doc, page);

  return squeeze (text);
}

static char *
layout_all_text (DboDocument *doc)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < dbo_document_get_n_pages (doc); i++)
    {
      g_autofree char *t = layout_text (doc, i);
      g_string_append (all, t);
      g_string_append_c (all, '\n');
    }
  return g_string_free (all, FALSE);
}

#define assert_has(haystack, needle) \
  G_STMT_START { \
    const char *h__ = (haystack), *n__ = (needle); \
    if (strstr (h__, n__) == NULL) \
      g_error ("“%s” not found in: %s", n__, h__); \
  } G_STMT_END

#define assert_lacks(haystack, needle) \
  G_STMT_START { \
    const char *h__ = (haystack), *n__ = (needle); \
    if (strstr (h__, n__) != NULL) \
      g_error ("“%s” unexpectedly found in: %s", n__, h__); \
  } G_STMT_END

/* @label in the PDF's text. Poppler orders the text of a page by its own
 * reading order, which may put something between the two lines of a wrapped
 * cell: the label may then be found as two pieces. */
static void
assert_pdf_has (const char *pdf_text, const char *label)
{
  if (strstr (pdf_text, label) != NULL)
    return;
  for (const char *cut = g_utf8_next_char (label); *cut != '\0'; cut = g_utf8_next_char (cut))
    {
      g_autofree char *head = g_strndup (label, cut - label);
      if (strstr (pdf_text, head) != NULL && strstr (pdf_text, cut) != NULL)
        return;
    }
  g_error ("“%s” is not in the PDF text", label);
}

/* The PDF page holds exactly the characters the layout drew (boxes aside). */
static void
assert_same_characters (const char *pdf_text, const char *drawn)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);

  for (const char *p = drawn; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == 0x2610 || c == 0x2611 || c == 0x25A1 || c == '\n')
        continue;
      g_hash_table_insert (counts, GUINT_TO_POINTER (c),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, GUINT_TO_POINTER (c))) + 1));
    }
  for (const char *p = pdf_text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int n = GPOINTER_TO_INT (g_hash_table_lookup (counts, GUINT_TO_POINTER (c)));
      if (c == '\n')
        continue;
      if (n <= 0)
        {
          char buf[8] = { 0 };
          g_unichar_to_utf8 (c, buf);
          g_error ("the PDF has a “%s” the layout did not draw", buf);
        }
      g_hash_table_insert (counts, GUINT_TO_POINTER (c), GINT_TO_POINTER (n - 1));
    }
  {
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_INT (value) != 0)
        {
          char buf[8] = { 0 };
          g_unichar_to_utf8 (GPOINTER_TO_UINT (key), buf);
          g_error ("“%s” drawn %d more times than the PDF text has it", buf, GPOINTER_TO_INT (value));
        }
  }
}

/* The text of @text between @from and @to (exclusive), or all that follows @from. */
static char *
between (const char *text, const char *from, const char *to)
{
  const char *a = strstr (text, from);
  const char *b;

  g_assert_nonnull (a);
  b = to ? strstr (a + strlen (from), to) : NULL;
  return b ? g_strndup (a, b - a) : g_strdup (a);
}

/* A cheap digest of how a page looks: its pixels at 24 dpi (where a tick
 * still changes a few pixels). */
static char *
page_digest (PopplerDocument *pdf, int index)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  char *digest;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w / 3), (int) (h / 3));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 1.0 / 3, 1.0 / 3);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, cairo_image_surface_get_data (surface),
                                        cairo_image_surface_get_stride (surface)
                                        * cairo_image_surface_get_height (surface));
  cairo_surface_destroy (surface);
  g_object_unref (page);
  return digest;
}

/* Connected areas of print shade (mid grey) larger than a few mm² on a page:
 * the shaded cells of the report's matrices. */
static int
count_shaded_areas (PopplerDocument *pdf, int index)
{
  PopplerPage *page = poppler_document_get_page (pdf, index);
  double w, h;
  int width, height, stride, count = 0;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint8 *data;
  g_autofree guint8 *seen = NULL;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (int));

  poppler_page_get_size (page, &w, &h);
  width = (int) w;
  height = (int) h;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  seen = g_new0 (guint8, width * height);

#define GREYISH(x, y) \
  ({ guint8 g__ = data[(y) * stride + (x) * 4 + 1]; g__ > 160 && g__ < 220; })
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int area = 0;
        if (seen[y * width + x] || !GREYISH (x, y))
          continue;
        seen[y * width + x] = 1;
        g_array_set_size (stack, 0);
        g_array_append_val (stack, (int) { y * width + x });
        while (stack->len > 0)
          {
            int p = g_array_index (stack, int, stack->len - 1);
            int px = p % width, py = p / width;
            g_array_set_size (stack, stack->len - 1);
            area++;
            for (int d = 0; d < 4; d++)
              {
                int nx = px + (d == 0) - (d == 1), ny = py + (d == 2) - (d == 3);
                if (nx < 0 || ny < 0 || nx >= width || ny >= height || seen[ny * width + nx]
                    || !GREYISH (nx, ny))
                  continue;
                seen[ny * width + nx] = 1;
                g_array_append_val (stack, (int) { ny * width + nx });
              }
          }
        /* A shaded cell is ~34 × 9 mm (≈ 96 × 25 pt); text anti-aliasing is tiny. */
        if (area > 600)
          count++;
      }
#undef GREYISH
  cairo_surface_destroy (surface);
  g_object_unref (page);
  return count;
}

/* The sample's Annex 4 as a PDF, made once per run: producing a PDF with
 * embedded CJK fonts is the slow part (and slower still under sanitizers). */
static DboDocument *sample_doc;
static GBytes *sample_pdf;
static GPtrArray *sample_digests;      /* of char*, one per page */
static char *sample_text;              /* pdf_all_text() of it */

/* The sample's Annex 4 as laid out (read-only once paginated). Only for
 * tests that have not changed their copy of the project yet. */
static DboDocument *
sample_annex4 (Fixture *f)
{
  if (sample_doc == NULL)
    sample_doc = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  return sample_doc;
}

static PopplerDocument *
sample_annex4_pdf (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *pdf;

  if (sample_pdf == NULL)
    {
      sample_pdf = dbo_document_to_pdf_bytes (sample_annex4 (f), &error);
      g_assert_no_error (error);
    }
  pdf = poppler_document_new_from_bytes (sample_pdf, NULL, &error);
  g_assert_no_error (error);
  return pdf;
}

static const char *
sample_annex4_text (Fixture *f)
{
  if (sample_text == NULL)
    {
      PopplerDocument *pdf = sample_annex4_pdf (f);
      sample_text = pdf_all_text (pdf);
      g_object_unref (pdf);
    }
  return sample_text;
}

static int
expected_annex4_pages (const DboProject *project, const DboRuleset *rules)
{
  int pages = 3;   /* cover, 填表说明, 表一 */

  for (guint i = 0; i < project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (project->objects, i);
      int level = dbo_grading_effective_level (rules, project, o);
      if (level >= dbo_ruleset_filing_min_level (rules))
        pages += 2;
      if (level >= dbo_ruleset_materials_min_level (rules, NULL))
        pages += 1;
    }
  return pages;
}

/* ---------------------------------------------------------------- Annex 4 */

static void
test_annex4_pages (Fixture *f, gconstpointer data)
{
  DboDocument *doc = sample_annex4 (f);
  PopplerDocument *pdf = sample_annex4_pdf (f);
  /* The sample: 9 objects, 8 filed (o8 is 第一级), one of them (o9) 第三级. */
  const char *expected[] = {
    "附件4", "填表说明", "表一单位基本情况",
    "表二（1/8）", "表三（1/8）", "表二（2/8）", "表三（2/8）", "表二（3/8）", "表三（3/8）",
    "表二（4/8）", "表三（4/8）", "表二（5/8）", "表三（5/8）", "表二（6/8）", "表三（6/8）",
    "表二（7/8）", "表三（7/8）", "表二（8/8）", "表三（8/8）", "表四（8/8）",
  };

  g_assert_cmpint (expected_annex4_pages (f->project, f->rules), ==, 20);
  g_assert_cmpint (dbo_document_get_n_pages (doc), ==, 20);
  g_auto(GStrv) texts = g_strsplit (sample_annex4_text (f), "\n", -1);

  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 20);
  g_assert_cmpint (g_strv_length (texts), ==, 21);     /* a '\n' after each page */
  for (int i = 0; i < 20; i++)
    {
      const char *text = texts[i];
      g_autofree char *footer = g_strdup_printf ("第%d页共20页", i + 1);
      g_autofree char *drawn = layout_text (doc, i);
      assert_has (drawn, expected[i]);
      assert_has (text, footer);
      assert_same_characters (text, drawn);
    }
  /* Only o9 has a 表四, numbered as its 表二. */
  assert_lacks (sample_annex4_text (f), "表四（1/8）");
  assert_lacks (sample_annex4_text (f), "表四（7/8）");
  g_object_unref (pdf);
}

static void
test_annex4_labels (Fixture *f, gconstpointer data)
{
  DboDocument *doc = sample_annex4 (f);
  const char *all = sample_annex4_text (f);
  g_autofree char *drawn = layout_all_text (doc);
  static const char *const labels[] = {
    /* cover */
    "备案表编号：", "信息系统安全等级保护", "备案表", "备案单位：", "备案日期：", "受理备案单位：", "受理日期：",
    "（盖章）", "中华人民共和国公安部监制",
    /* 表一 */
    "01单位名称", "02单位地址", "省（自治区、直辖市）", "地（区、市、州、盟）", "县（区、市、旗）",
    "03邮政编码", "04行政区划代码", "05单位负责人", "姓名", "职务/职称", "办公电话", "电子邮件",
    "06责任部门", "07责任部门联系人", "移动电话", "08隶属关系", "1中央", "2省（自治区、直辖市）",
    "3地（区、市、州、盟）", "4县（区、市、旗）", "9其他", "09单位类型", "1党委机关", "2政府机关",
    "3事业单位", "4企业", "10行业类别", "11信息系统总数", "12第二级信息系统数", "13第三级信息系统数",
    "14第四级信息系统数", "15第五级信息系统数",
    "11电信", "12广电", "13经营性公众互联网", "21铁路", "22银行", "23海关", "24税务", "25民航", "26电力",
    "27证券", "28保险", "31国防科技工业", "32公安", "33人事劳动和社会保障", "34财政", "35审计",
    "36商业贸易", "37国土资源", "38能源", "39交通", "40统计", "41工商行政管理", "42邮政", "43教育",
    "44文化", "45卫生", "46农业", "47水利", "48外交", "49发展改革", "50科技", "51宣传",
    "52质量监督检验检疫", "99其他",
    /* 表二 */
    "信息系统情况", "01系统名称", "02系统编号", "03系统承载业务情况", "业务类型", "1生产作业", "2指挥调度",
    "3管理控制", "4内部办公", "5公众服务", "业务描述", "04系统服务情况", "服务范围", "10全国",
    "11跨省（区、市）跨", "20全省（区、市）", "21跨地（市、区）跨", "30地（市、区）内", "99其他",
    "服务对象", "1单位内部人员", "2社会公众人员", "3两者均包括", "05系统网络平台", "覆盖范围",
    "1局域网", "2城域网", "3广域网", "网络性质", "1业务专网", "2互联网", "06系统互联情况",
    "1与其他行业系统连接", "2与本行业其他单位系统连接", "3与本单位其他系统连接", "07关键产品使用情况",
    "序号", "产品类型", "数量", "使用国产品率", "全部使用", "全部未使用", "部分使用及使用率",
    "安全专用产品", "网络产品", "操作系统", "数据库", "服务器", "08系统采用服务情况", "服务类型",
    "服务责任方类型", "本行业（单位）", "国内其他服务商", "国外服务商", "等级测评", "风险评估", "灾难恢复",
    "应急响应", "系统集成", "安全咨询", "安全培训", "09等级测评单位名称", "10何时投入运行使用",
    "11系统是否是分系统", "否（如选择是请填下两项）", "12上级系统名称", "13上级系统所属单位名称",
    /* 表三 */
    "信息系统定级情况", "损害客体及损害程度", "级别", "01确定业务信息安全保护等级",
    "02确定系统服务安全保护等级", "仅对公民、法人和其他组织的合法权益造成损害",
    "对公民、法人和其他组织的合法权益造成严重损害", "对社会秩序和公共利益造成损害",
    "对社会秩序和公共利益造成严重损害", "对国家安全造成损害", "对社会秩序和公共利益造成特别严重损害",
    "对国家安全造成严重损害", "对国家安全造成特别严重损害", "第一级", "第二级", "第三级", "第四级", "第五级",
    "03信息系统安全保护等级", "04定级时间", "05专家评审情况", "已评审", "未评审", "06是否有主管部门",
    "无（如选择有请填下两项）", "07主管部门名称", "08主管部门审批定级情况", "已审批", "未审批",
    "09系统定级报告", "附件名称", "填表人：", "填表日期：", "备案审核民警：", "审核日期：",
    /* 表四 */
    "第三级以上信息系统提交材料情况", "01系统拓扑结构及说明", "02系统安全组织机构及管理制度",
    "03系统安全保护设施设计实施方案或改建实施方案", "04系统使用的安全产品清单及认证、销售许可证明",
    "05系统等级测评报告", "06专家评审情况", "07上级主管部门审批意见",
  };
  static const char *const instructions[] = {
    "一、制表依据。根据《信息安全等级保护管理办法》（公通字[2007]43号）之规定，制作本表；",
    "二、填表范围。本表由第二级以上信息系统运营使用单位或主管部门（以下简称“备案单位”）填写；本表由四张表单构成，表一为单位信息，每个填表单位填写一张；表二为信息系统基本信息，表三为信息系统定级信息，表二、表三每个信息系统填写一张；表四为第三级以上信息系统需要同时提交的内容，由每个第三级以上信息系统填写一张，并在完成系统建设、整改、测评等工作，投入运行后三十日内向受理备案公安机关提交；表二、表三、表四可以复印使用；",
    "三、保存方式。本表一式二份，一份由备案单位保存，一份由受理备案公安机关存档；",
    /* the quoted □ is drawn as a box, so it is not in the PDF text */
    "四、本表中有选择的地方请在选项左侧“”划“√”，如选择“其他”，请在其后的横线中注明详细内容；",
    "五、封面中备案表编号（由受理备案的公安机关填写并校验）：分两部分共11位，第一部分6位，为受理备案公安机关代码前六位（可参照行标GA380-2002）。第二部分5位，为受理备案的公安机关给出的备案单位的顺序编号；",
    "六、封面中备案单位：是指负责运营使用信息系统的法人单位全称；",
    "七、封面中受理备案单位：是指受理备案的公安机关公共信息网络安全监察部门名称。此项由受理备案的公安机关负责填写并盖章；",
    "八、表一04行政区划代码：是指备案单位所在的地(区、市、州、盟)行政区划代码；",
    "九、表一05单位负责人：是指主管本单位信息安全工作的领导；",
    "十、表一06责任部门：是指单位内负责信息系统安全工作的部门；",
    "十一、表一08隶属关系：是指信息系统运营使用单位与上级行政机构的从属关系，须按照单位隶属关系代码（GB/T12404―1997）填写；",
    "十二、表二02系统编号：是由运营使用单位给出的本单位备案信息系统的编号；",
    "十三、表二05系统网络平台：是指系统所处的网络环境和网络构架情况；",
    "十四、表二07关键产品使用情况：国产品是指系统中该类产品的研制、生产单位是由中国公民、法人投资或者国家投资或者控股，在中华人民共和国境内具有独立的法人资格，产品的核心技术、关键部件具有我国自主知识产权；",
    "十五、表二08系统采用服务情况：国内服务商是指服务机构在中华人民共和国境内注册成立（港澳台地区除外），由中国公民、法人或国家投资的企事业单位；",
    "十六、解释：本表由公安部公共信息网络安全监察局监制并负责解释，未经允许，任何单位和个人不得对本表进行改动。",
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      assert_has (drawn, labels[i]);
      assert_pdf_has (all, labels[i]);
    }
  {
    g_auto(GStrv) pages = g_strsplit (all, "\n", -1);
    const char *page2 = pages[1];
    assert_has (page2, "填表说明");
    for (guint i = 0; i < G_N_ELEMENTS (instructions); i++)
      {
        g_autofree char *item = squeeze (instructions[i]);
        assert_has (page2, item);
      }
  }
  /* The broadcast variant's line is not part of the generic form (data/forms/README.md §3.1). */
  assert_lacks (all, "主管部门：（盖章）");
}

/* 表一 on the sample: "07责任部门联系人", too long for its cell, breaks
 * between its words; each name of 02 keeps its unit on its line. Read back
 * line by line from poppler. */
static void
test_annex4_label_words (Fixture *f, gconstpointer data)
{
  PopplerDocument *pdf = sample_annex4_pdf (f);
  static const char *const whole[] = { "07责任部门", "联系人", "山西省（自治区、直辖市）", "晋城地（区、市、州、盟）",
                                       "泽州县（区、市、旗）" };

  for (guint w = 0; w < G_N_ELEMENTS (whole); w++)
    if (!page_line_holds (pdf, 2, whole[w]))
      g_error ("“%s” is broken over two lines", whole[w]);
  g_object_unref (pdf);
}

static void
test_annex4_values (Fixture *f, gconstpointer data)
{
  DboDocument *doc = sample_annex4 (f);
  const char *all = sample_annex4_text (f);
  g_autofree char *cover = g_strndup (all, strchr (all, '\n') - all);
  g_autofree char *t1 = layout_text (doc, 2);

  /* Cover: the enterprise and the filing date; the police's part blank. */
  assert_has (cover, "备案单位：山西泽州金鼎煤业有限公司（盖章）");
  assert_has (cover, "备案日期：2026年10月16日");
  assert_has (cover, "受理备案单位：（盖章）");

  /* 表一 */
  assert_has (t1, "01单位名称山西泽州金鼎煤业有限公司");
  assert_has (t1, "山西省（自治区、直辖市）晋城地（区、市、州、盟）泽州县（区、市、旗）");
  assert_has (t1, "03邮政编码048012");
  assert_has (t1, "140500");
  assert_has (t1, "李建国");
  assert_has (t1, "矿长");
  assert_has (t1, "0356-3861001");
  assert_has (t1, "lijianguo@jdmy.example.cn");
  assert_has (t1, "06责任部门信息中心");
  assert_has (t1, "王志强");
  assert_has (t1, "13935601818");
  assert_has (t1, "11信息系统总数8个");
  assert_has (t1, "12第二级信息系统数7个");
  assert_has (t1, "13第三级信息系统数1个");
  assert_has (t1, "14第四级信息系统数0个");

  /* 表二（1/8）: o1 */
  {
    g_autofree char *t = layout_text (doc, 3);
    assert_has (t, "表二（1/8）");
    assert_has (t, "01系统名称矿用有线调度通信系统");
    assert_has (t, "02系统编号JD-XT-01");
    assert_has (t, "矿井生产调度指挥，井上下有线语音调度、会议及录音，灾变时紧急呼叫。");
    assert_has (t, "山西省信息安全等级保护测评中心");
    assert_has (t, "10何时投入运行使用2026年9月25日");
    /* products: 操作系统 2, partly domestic at 50% */
    assert_has (t, "3操作系统2☐☐☑50%");
    assert_has (t, "1安全专用产品2☑☐☐%");
    assert_has (t, "4数据库☐☐☐%");
  }
  /* 表三（1/8）: o1, reviewed by the city bureau */
  {
    g_autofree char *t = layout_text (doc, 4);
    /* the panel concluded on 2026-09-28 (drafted 09-10) */
    assert_has (t, "04定级时间2026年9月28日");
    assert_has (t, "07主管部门名称晋城市能源局");
    assert_has (t, "附件名称矿用有线调度通信系统定级报告");
    assert_has (t, "填表人：王志强");
    assert_has (t, "填表日期：2026年10月16日");
  }
  /* 表三（8/8）: o9, cross-city, reviewed by the province */
  {
    g_autofree char *t = layout_text (doc, 18);
    assert_has (t, "表三（8/8）");
    assert_has (t, "07主管部门名称山西省能源局");
    assert_has (t, "附件名称集团安全生产数据汇聚平台（金鼎煤业节点）定级报告");
  }
  /* No 合法权益 × 特别严重损害 and no adjusted level in the sample: no notes. */
  assert_lacks (all, "实为特别严重损害");
  assert_lacks (all, "调整");
  /* The 第一级 object is graded but not filed. */
  assert_lacks (all, "矿区办公网络");
  assert_lacks (all, "JD-XT-08");
}

static void
test_annex4_ticks (Fixture *f, gconstpointer data)
{
  DboDocument *doc = sample_annex4 (f);
  g_autofree char *t1 = layout_text (doc, 2);
  g_autofree char *o1_t2 = layout_text (doc, 3);
  g_autofree char *o1_t3 = layout_text (doc, 4);
  g_autofree char *o9_t2 = layout_text (doc, 17);
  g_autofree char *o9_t3 = layout_text (doc, 18);
  g_autofree char *o9_t4 = layout_text (doc, 19);

  /* 表一: 08 地, 09 企业, 10 能源 (code 38) and nothing else ticked there. */
  assert_has (t1, "☐1中央☐2省（自治区、直辖市）☑3地（区、市、州、盟）☐4县（区、市、旗）☐9其他");
  assert_has (t1, "☐1党委机关☐2政府机关☐3事业单位☑4企业☐9其他");
  assert_has (t1, "☑38能源");
  {
    g_autofree char *industry = between (t1, "10行业类别", "11信息系统总数");
    const char *p = industry;
    int ticks = 0;
    while ((p = strstr (p, "☑")) != NULL)
      {
        ticks++;
        p += strlen ("☑");
      }
    g_assert_cmpint (ticks, ==, 1);
    assert_has (industry, "☐99其他");
  }

  /* 表二 of o1: 2指挥调度; 30 地内; 单位内部人员; 局域网; 业务专网; 3 本单位. */
  assert_has (o1_t2, "☐1生产作业☑2指挥调度☐3管理控制");
  assert_has (o1_t2, "☑30地（市、区）内");
  assert_has (o1_t2, "☐21跨地（市、区）跨个");
  assert_has (o1_t2, "☑1单位内部人员☐2社会公众人员");
  assert_has (o1_t2, "☑1局域网☐2城域网☐3广域网");
  assert_has (o1_t2, "☑1业务专网☐2互联网");
  assert_has (o1_t2, "☐1与其他行业系统连接☐2与本行业其他单位系统连接☑3与本单位其他系统连接");
  /* services: 等级测评 by a domestic provider, 安全培训 by the industry, 风险评估 none */
  assert_has (o1_t2, "1等级测评☑有☐无☐☑☐");
  assert_has (o1_t2, "2风险评估☐有☑无☐☐☐");
  assert_has (o1_t2, "7安全培训☑有☐无☑☐☐");
  assert_has (o1_t2, "☐是☑否（如选择是请填下两项）");

  /* 表二 of o9: across two cities, wide-area network, two interconnections. */
  assert_has (o9_t2, "☑21跨地（市、区）跨2个");
  assert_has (o9_t2, "☐11跨省（区、市）跨个");
  assert_has (o9_t2, "☐1局域网☐2城域网☑3广域网");
  assert_has (o9_t2, "☐1与其他行业系统连接☑2与本行业其他单位系统连接☑3与本单位其他系统连接");

  /* 表三 of o1: both aspects 社会秩序 × 一般 → 第二级; level 2, reviewed, approved. */
  {
    g_autofree char *b01 = between (o1_t3, "01确定业务信息安全保护等级", "02确定系统服务安全保护等级");
    g_autofree char *b02 = between (o1_t3, "02确定系统服务安全保护等级", "03信息系统安全保护等级");
    assert_has (b01, "☑对社会秩序和公共利益造成损害");
    assert_has (b01, "☐对公民、法人和其他组织的合法权益造成严重损害");
    assert_has (b01, "☑第二级");
    assert_lacks (b01, "☑第一级");
    assert_lacks (b01, "☑第三级");
    assert_has (b02, "☑对社会秩序和公共利益造成损害");
    assert_has (b02, "☑第二级");
  }
  assert_has (o1_t3, "03信息系统安全保护等级☐第一级☑第二级☐第三级☐第四级☐第五级");
  assert_has (o1_t3, "05专家评审情况☑已评审☐未评审");
  assert_has (o1_t3, "06是否有主管部门☑有☐无（如选择有请填下两项）");
  assert_has (o1_t3, "08主管部门审批定级情况☑已审批☐未审批");
  assert_has (o1_t3, "09系统定级报告☑有☐无");

  /* 表三 of o9: business 社会秩序 × 严重 → 第三级, service → 第二级, level 3. */
  {
    g_autofree char *b01 = between (o9_t3, "01确定业务信息安全保护等级", "02确定系统服务安全保护等级");
    assert_has (b01, "☑对社会秩序和公共利益造成严重损害");
    assert_has (b01, "☑第三级");
  }
  assert_has (o9_t3, "☐第二级☑第三级☐第四级");

  /* 表四 of o9: every item present, each naming its attachment; 06 and 07
   * are the project's own Annex 2 and the province's Annex 3, with its number. */
  assert_has (o9_t4, "表四（8/8）");
  assert_has (o9_t4, "01系统拓扑结构及说明☑有☐无附件名称拓扑结构图及说明");
  assert_has (o9_t4, "05系统等级测评报告☑有☐无附件名称等级测评报告");
  assert_has (o9_t4, "06专家评审情况☑有☐无附件名称专家评审意见书");
  assert_has (o9_t4, "07上级主管部门审批意见☑有☐无附件名称定级审核意见书（审核编号：00-2026-0108）");
}

/* One field changed → only the page that shows it changes. */
typedef struct {
  const char *name;
  void (*change) (DboProject *project);
  int page;                     /* 0-based */
  const char *page_text;        /* what the changed page now shows (layout text) */
  gboolean compare_pdf;         /* also compare the rendered pages (slow) */
} ChangeCase;

static void
change_nature (DboProject *p)
{
  dbo_set_str (&((DboObject *) g_ptr_array_index (p->objects, 0))->network_nature, "2");
}

static void
change_affiliation (DboProject *p)
{
  dbo_set_str (&p->enterprise.affiliation_code, "9");
  dbo_set_str (&p->enterprise.affiliation_other, "集团直属");
}

static void
change_material (DboProject *p)
{
  DboObject *o9 = dbo_project_find_object (p, "o9");
  DboMaterial *m = g_ptr_array_index (o9->materials, 2);

  g_assert_cmpint (m->item, ==, 3);
  m->present = FALSE;
}

static void
change_subsystem (DboProject *p)
{
  DboObject *o2 = dbo_project_find_object (p, "o2");

  dbo_set_str (&o2->parent_name, "矿井综合调度系统");
  dbo_set_str (&o2->parent_unit, "山西晋城金鼎能源集团有限公司");
}

static void
change_service (DboProject *p)
{
  DboObject *o3 = dbo_project_find_object (p, "o3");
  DboServiceUse *s = dbo_service_use_new (DBO_SERVICE_RISK);

  s->used = TRUE;
  s->provider = DBO_PROVIDER_FOREIGN;
  g_ptr_array_add (o3->services, s);
}

static const ChangeCase change_cases[] = {
  { "network-nature", change_nature, 3, "☐1业务专网☑2互联网", TRUE },
  { "affiliation", change_affiliation, 2, "☐3地（区、市、州、盟）☐4县（区、市、旗）☑9其他集团直属", FALSE },
  { "material", change_material, 19, "03系统安全保护设施设计实施方案或改建实施方案☐有☑无", TRUE },
  { "subsystem", change_subsystem, 5, "☑是☐否（如选择是请填下两项）12上级系统名称矿井综合调度系统13上级系统所属单位名称山西晋城金鼎能源集团有限公司", FALSE },
  { "service", change_service, 7, "2风险评估☑有☐无☐☐☑", FALSE },
};

static void
test_annex4_change (Fixture *f, gconstpointer data)
{
  const ChangeCase *c = data;
  DboDocument *base = sample_annex4 (f);
  g_autoptr(DboDocument) changed = NULL;
  int n = dbo_document_get_n_pages (base);
  /* the unchanged sample's PDF, made before the change */
  PopplerDocument *pdf_a = c->compare_pdf ? sample_annex4_pdf (f) : NULL;

  c->change (f->project);
  changed = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  g_assert_cmpint (dbo_document_get_n_pages (changed), ==, n);

  /* What is laid out: only that page's text changes… */
  for (int i = 0; i < n; i++)
    {
      g_autofree char *a = dbo_document_get_page_text (base, i);
      g_autofree char *b = dbo_document_get_page_text (changed, i);
      if (i == c->page)
        g_assert_cmpstr (a, !=, b);
      else
        g_assert_cmpstr (a, ==, b);
    }
  {
    g_autofree char *text = layout_text (changed, c->page);
    assert_has (text, c->page_text);
  }

  /* …and what is printed: only that page looks different. */
  if (c->compare_pdf)
    {
      PopplerDocument *pdf_b = to_poppler (changed, NULL);

      if (sample_digests == NULL)
        {
          sample_digests = g_ptr_array_new_with_free_func (g_free);
          for (int i = 0; i < n; i++)
            g_ptr_array_add (sample_digests, page_digest (pdf_a, i));
        }
      g_assert_cmpint (poppler_document_get_n_pages (pdf_b), ==, n);
      for (int i = 0; i < n; i++)
        {
          g_autofree char *b = page_digest (pdf_b, i);
          if (i == c->page)
            g_assert_cmpstr (g_ptr_array_index (sample_digests, i), !=, b);
          else
            g_assert_cmpstr (g_ptr_array_index (sample_digests, i), ==, b);
        }
      g_object_unref (pdf_a);
      g_object_unref (pdf_b);
    }
}

/* Each question of 表二 04 and 05 with its own "其他" text ticked. */
static void
set_other_texts (DboObject *o)
{
  dbo_set_str (&o->service_scope, "99");
  dbo_set_str (&o->service_other, "集团各矿井");
  dbo_set_str (&o->service_targets, "9");
  dbo_set_str (&o->service_targets_other, "外包运维人员");
  dbo_set_str (&o->network_coverage, "9");
  dbo_set_str (&o->network_other, "井下工业环网");
  dbo_set_str (&o->network_nature, "9");
  dbo_set_str (&o->network_nature_other, "矿区无线专网");
}

/* @row (the text from @label to @next) has @want and none of the other texts. */
static void
assert_row (const char *text, const char *label, const char *next, const char *want)
{
  static const char *const texts[] = { "集团各矿井", "外包运维人员", "井下工业环网", "矿区无线专网" };
  g_autofree char *row = between (text, label, next);

  assert_has (row, want);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (strstr (want, texts[i]) == NULL)
      assert_lacks (row, texts[i]);
}

/* Each question prints its own "其他" text, on paper and in the report. */
static void
test_other_texts (Fixture *f, gconstpointer data)
{
  g_autoptr(DboDocument) doc = NULL;
  g_autoptr(DboDocument) report = NULL;
  PopplerDocument *pdf;
  g_autofree char *drawn = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *report_text = NULL;

  set_other_texts (dbo_project_find_object (f->project, "o1"));
  doc = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  drawn = layout_text (doc, 3);
  assert_has (drawn, "01系统名称矿用有线调度通信系统");
  assert_row (drawn, "服务范围", "服务对象", "☑99其他集团各矿井");
  assert_row (drawn, "服务对象", "覆盖范围", "☑9其他外包运维人员");
  assert_row (drawn, "覆盖范围", "网络性质", "☑9其他井下工业环网");
  assert_row (drawn, "网络性质", "06系统互联情况", "☑9其他矿区无线专网");

  /* What is printed (the boxes are shapes, not text). */
  pdf = to_poppler (doc, NULL);
  printed = pdf_page_text (pdf, 3);
  assert_row (printed, "服务范围", "服务对象", "99其他集团各矿井");
  assert_row (printed, "服务对象", "覆盖范围", "9其他外包运维人员");
  assert_row (printed, "覆盖范围", "网络性质", "9其他井下工业环网");
  assert_row (printed, "网络性质", "06系统互联情况", "9其他矿区无线专网");
  g_object_unref (pdf);

  report = build (f->project, f->rules, DBO_DOC_REPORT, "o1");
  pdf = to_poppler (report, NULL);
  report_text = pdf_all_text (pdf);
  assert_pdf_has (report_text, "系统网络覆盖范围为井下工业环网，网络性质为矿区无线专网");
  assert_pdf_has (report_text, "该系统的服务范围为集团各矿井，服务对象为外包运维人员。");
  g_object_unref (pdf);
}

/* 合法权益 × 特别严重损害 has no statement of its own in the 2007 wording. */
static void
test_annex4_citizen_especially (Fixture *f, gconstpointer data)
{
  DboObject *o1 = dbo_project_find_object (f->project, "o1");
  g_autoptr(DboDocument) doc = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *b01 = NULL;

  dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, -1);
  dbo_object_set_harm (o1, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_ESPECIALLY_SERIOUS);
  g_assert_cmpint (dbo_grading_aspect_level (f->rules, o1->aspects[DBO_ASPECT_BUSINESS].harms), ==, 2);
  doc = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  t3 = layout_text (doc, 4);
  b01 = between (t3, "01确定业务信息安全保护等级", "02确定系统服务安全保护等级");
  assert_has (b01, "☐仅对公民、法人和其他组织的合法权益造成损害");
  /* The tick stays on 严重损害 with a note, so that 表三 agrees with Annex 2 and the report. */
  assert_has (b01, "☑对公民、法人和其他组织的合法权益造成严重损害（注：实为特别严重损害）");
  {
    g_autofree char *b02 = between (t3, "02确定系统服务安全保护等级", "03信息系统安全保护等级");
    assert_lacks (b02, "实为特别严重损害");
  }
  {
    PopplerDocument *pdf = to_poppler (doc, NULL);
    g_autofree char *page = pdf_page_text (pdf, 4);
    assert_pdf_has (page, "对公民、法人和其他组织的合法权益造成严重损害（注：实为特别严重损害）");
    g_object_unref (pdf);
  }
  assert_has (b01, "☐对社会秩序和公共利益造成损害");
  assert_has (b01, "☑第二级");
}

/* A material with an attachment names it; a project without a panel
 * conclusion or approval says so. */
static void
test_annex4_attachment_and_pending (Fixture *f, gconstpointer data)
{
  DboObject *o9 = dbo_project_find_object (f->project, "o9");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("topology", 8);
  DboAttachment *att = dbo_attachment_new ("金鼎煤业汇聚平台拓扑图.pdf", "application/pdf", bytes);
  DboMaterial *m = g_ptr_array_index (o9->materials, 0);
  g_autoptr(DboDocument) doc = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *t4 = NULL;

  g_assert_nonnull (att->sha256);
  g_free (m->attachment);
  m->attachment = g_strdup (att->sha256);
  g_ptr_array_add (f->project->attachments, att);
  f->project->panel.conclusion.present = FALSE;
  ((DboReview *) g_ptr_array_index (f->project->reviews, 1))->outcome = DBO_OUTCOME_CORRECT;

  doc = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  t4 = layout_text (doc, 19);
  assert_has (t4, "01系统拓扑结构及说明☑有☐无附件名称金鼎煤业汇聚平台拓扑图.pdf");
  t3 = layout_text (doc, 18);
  assert_has (t3, "05专家评审情况☐已评审☑未评审");
  assert_has (t3, "08主管部门审批定级情况☐已审批☑未审批");
}

/* Values are text, never markup; a long description continues on a 续页. */
static void
test_annex4_escaping_and_overflow (Fixture *f, gconstpointer data)
{
  DboObject *o1 = dbo_project_find_object (f->project, "o1");
  g_autoptr(DboDocument) doc = NULL;
  GString *longer = g_string_new (NULL);
  g_autofree char *t2 = NULL;
  g_autofree char *cont = NULL;

  dbo_set_str (&f->project->enterprise.name, "金鼎<煤业>&矿山有限公司");
  dbo_set_str (&o1->number, "<b>JD&01</b>");
  for (int i = 0; i < 140; i++)
    g_string_append_printf (longer, "第%d段：井上下有线语音调度、会议及录音，灾变时紧急呼叫。", i + 1);
  dbo_set_str (&o1->business_description, longer->str);
  g_string_free (longer, TRUE);

  doc = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  {
    g_autofree char *cover = layout_text (doc, 0);
    assert_has (cover, "金鼎<煤业>&矿山有限公司（盖章）");
  }
  t2 = layout_text (doc, 3);
  assert_has (t2, "表二（1/8）");
  assert_has (t2, "02系统编号<b>JD&01</b>");
  assert_has (t2, "03系统承载业务情况业务类型");
  assert_has (t2, "业务描述第1段：");
  cont = layout_text (doc, 4);
  assert_has (cont, "表二（1/8）（续）");
  assert_lacks (cont, "第1段：");
  {
    /* The description runs over two 续页 or more, whole to its last
     * paragraph, and 表二 ends before 表三 starts on a page of its own. */
    int last_paragraph = -1, table_end = -1;

    for (int i = 4; i < dbo_document_get_n_pages (doc); i++)
      {
        g_autofree char *text = layout_text (doc, i);

        if (strstr (text, "第140段：井上下有线语音调度、会议及录音，灾变时紧急呼叫。"))
          last_paragraph = i;
        if (table_end < 0 && strstr (text, "13上级系统所属单位名称"))
          table_end = i;
        if (i <= MAX (last_paragraph, table_end))
          assert_has (text, "表二（1/8）（续）");
      }
    g_assert_cmpint (last_paragraph, >=, 5);
    g_assert_cmpint (table_end, >=, last_paragraph);
    {
      g_autofree char *t3 = layout_text (doc, table_end + 1);
      assert_has (t3, "表三（1/8）");
    }
    /* 20 pages of the sample and the 续页 the long description takes. */
    g_assert_cmpint (dbo_document_get_n_pages (doc), ==, 20 + table_end - 3);
  }
}

static void
test_annex4_identical (Fixture *f, gconstpointer data)
{
  PopplerDocument *cached = sample_annex4_pdf (f);
  g_autoptr(DboDocument) again = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dbo_document_to_pdf_bytes (again, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sample_pdf, bytes));
  g_object_unref (cached);
}

static void
assert_fonts_embedded (PopplerDocument *pdf)
{
  PopplerFontInfo *info = poppler_font_info_new (pdf);
  PopplerFontsIter *iter = NULL;
  int n = 0;

  g_assert_true (poppler_font_info_scan (info, poppler_document_get_n_pages (pdf), &iter));
  g_assert_nonnull (iter);
  do
    {
      g_assert_true (poppler_fonts_iter_is_embedded (iter));
      g_assert_true (poppler_fonts_iter_is_subset (iter));
      n++;
    }
  while (poppler_fonts_iter_next (iter));
  /* Few faces: each one embedded costs space (data/forms/README.md §0). */
  g_assert_cmpint (n, >=, 1);
  g_assert_cmpint (n, <=, 3);
  poppler_fonts_iter_free (iter);
  g_object_unref (info);
}

static void
test_annex4_fonts (Fixture *f, gconstpointer data)
{
  PopplerDocument *pdf = sample_annex4_pdf (f);

  assert_fonts_embedded (pdf);
  g_object_unref (pdf);
}

/* ---------------------------------------------------------------- 定级报告 */

static void
test_report_labels_values (Fixture *f, gconstpointer data)
{
  g_autoptr(DboDocument) doc = build (f->project, f->rules, DBO_DOC_REPORT, "o9");
  PopplerDocument *pdf = to_poppler (doc, NULL);
  g_autofree char *all = pdf_all_text (pdf);
  g_autofree char *drawn = layout_all_text (doc);
  static const char *const labels[] = {
    "《信息系统安全等级保护定级报告》",
    "一、集团安全生产数据汇聚平台（金鼎煤业节点）描述",
    "二、集团安全生产数据汇聚平台（金鼎煤业节点）安全保护等级确定",
    "（一）业务信息安全保护等级的确定", "1、业务信息描述", "2、业务信息受到破坏时所侵害客体的确定",
    "3、信息受到破坏后对侵害客体的侵害程度的确定", "4、业务信息安全等级的确定",
    "表1业务信息安全保护等级矩阵表", "业务信息安全被破坏时所侵害的客体",
    "（二）系统服务安全保护等级的确定", "1、系统服务描述", "2、系统服务受到破坏时所侵害客体的确定",
    "3、系统服务受到破坏后对侵害客体的侵害程度的确定", "4、系统服务安全等级的确定",
    "表2系统服务安全保护等级矩阵表", "系统服务安全被破坏时所侵害的客体", "对相应客体的侵害程度",
    "一般损害", "严重损害", "特别严重损害", "公民、法人和其他组织的合法权益", "社会秩序、公共利益", "国家安全",
    "（三）安全保护等级的确定", "信息系统名称", "安全保护等级", "业务信息安全等级", "系统服务安全等级",
    "山西泽州金鼎煤业有限公司（盖章）", "2026年9月28日",
  };
  /* The template's instructions to the writer are never printed. */
  static const char *const instructions[] = {
    "简述确定该系统为定级对象的理由", "描述信息系统处理的主要业务信息等", "说明信息受到破坏时侵害的客体是什么",
    "描述信息系统的服务范围、服务对象等", "XXX", "依据信息受到破坏时所侵害的客体以及侵害程度，确定业务信息安全等级。",
  };

  g_assert_cmpint (dbo_document_get_n_pages (doc), ==, 3);
  for (int i = 0; i < dbo_document_get_n_pages (doc); i++)
    {
      g_autofree char *text = pdf_page_text (pdf, i);
      g_autofree char *page = layout_text (doc, i);
      assert_same_characters (text, page);
    }
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      assert_has (drawn, labels[i]);
      assert_pdf_has (all, labels[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (instructions); i++)
    {
      assert_lacks (drawn, instructions[i]);
      assert_lacks (all, instructions[i]);
    }

  /* The object's own text where the template had its instructions. */
  assert_has (drawn, "汇聚本矿安全监控、人员定位、产量等数据，与集团公司跨设区的市统一联网的数据汇聚平台交换。");
  assert_has (drawn, "集团各矿安全生产汇聚数据，遭篡改或泄露将严重影响跨市安全生产监管秩序。");
  assert_has (drawn, "为集团及各矿提供跨设区的市数据汇聚和交换服务，中断影响集团统一调度。");
  assert_has (drawn, "信息中心负责建设、运行维护和安全管理，责任人为王志强");
  assert_has (drawn, "所侵害的客体为“社会秩序、公共利益”");
  assert_has (drawn, "对社会秩序、公共利益造成严重损害");
  assert_has (drawn, "确定业务信息安全保护等级为第三级");
  assert_has (drawn, "确定系统服务安全保护等级为第二级");
  assert_has (drawn, "最终确定集团安全生产数据汇聚平台（金鼎煤业节点）安全保护等级为第三级");
  assert_has (drawn, "集团安全生产数据汇聚平台（金鼎煤业节点）第三级第三级第二级");
  assert_lacks (drawn, "调整");
  assert_fonts_embedded (pdf);
  g_object_unref (pdf);
}

/* Only the hit cells are shaded: one per harm, never a row or a column. */
typedef struct {
  const char *object;
  int shaded;                   /* over the whole report */
} ShadeCase;

static const ShadeCase shade_cases[] = {
  { "o4", 3 },                  /* business: 合法权益×严重 + 社会秩序×一般; service: one */
  { "o9", 2 },                  /* 社会秩序×严重 in 表1, 社会秩序×一般 in 表2 */
};

static void
test_report_shading (Fixture *f, gconstpointer data)
{
  const ShadeCase *c = data;
  g_autoptr(DboDocument) doc = build (f->project, f->rules, DBO_DOC_REPORT, c->object);
  PopplerDocument *pdf = to_poppler (doc, NULL);
  int shaded = 0;

  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    shaded += count_shaded_areas (pdf, i);
  g_assert_cmpint (shaded, ==, c->shaded);
  g_object_unref (pdf);
}

static void
test_report_override (Fixture *f, gconstpointer data)
{
  DboObject *o1 = dbo_project_find_object (f->project, "o1");
  g_autoptr(DboDocument) doc = NULL;
  PopplerDocument *pdf;
  g_autofree char *all = NULL;

  /* Drafted 第三级 over the matrix's 第二级, with a reason; the panel and the
   * bureau records name o1 at 第二级, so drop them to keep the override in force. */
  o1->override_level = 3;
  dbo_set_str (&o1->override_reason, "该系统承担全矿灾变应急通信，经综合评估提高一级保护。");
  g_ptr_array_set_size (f->project->reviews, 0);
  for (guint i = 0; i < f->project->panel.recommendations->len; i++)
    {
      DboRecommendation *rec = g_ptr_array_index (f->project->panel.recommendations, i);
      if (g_strcmp0 (rec->object_id, "o1") == 0)
        {
          g_ptr_array_remove_index (f->project->panel.recommendations, i);
          break;
        }
    }
  g_assert_cmpint (dbo_grading_effective_level (f->rules, f->project, o1), ==, 3);

  doc = build (f->project, f->rules, DBO_DOC_REPORT, "o1");
  pdf = to_poppler (doc, NULL);
  all = layout_all_text (doc);
  assert_has (all, "按矩阵确定的安全保护等级为第二级");
  assert_has (all, "调整定级：");
  assert_has (all, "由按矩阵确定的第二级调整为第三级");
  assert_has (all, "调整理由：该系统承担全矿灾变应急通信，经综合评估提高一级保护。");
  assert_has (all, "最终确定矿用有线调度通信系统安全保护等级为第三级");
  assert_has (all, "第三级（调整定级，按矩阵为第二级）");
  g_object_unref (pdf);

  /* Annex 4 files it at 第三级 and adds its 表四. */
  {
    g_autoptr(DboDocument) a4 = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
    g_autofree char *t3 = layout_text (a4, 4);
    g_autofree char *t4 = layout_text (a4, 5);
    g_assert_cmpint (dbo_document_get_n_pages (a4), ==, 21);
    assert_has (t3, "☐第二级☑第三级☐第四级");
    assert_has (t4, "表四（1/8）");
    /* no material recorded: both boxes left for the pen */
    assert_has (t4, "01系统拓扑结构及说明☐有☐无");
  }
}

/* A level that is not max (01, 02) is explained where it is printed: 表三 03,
 * Annex 2's paragraph for the object and the report (issue 13, item 4). */
static void
test_adjusted_override (Fixture *f, gconstpointer data)
{
  DboObject *o1 = dbo_project_find_object (f->project, "o1");
  DboRecommendation *rec = dbo_project_find_recommendation (f->project, "o1");
  const char *reason = "该系统承担全矿灾变应急通信，经综合评估提高一级保护。";
  g_autoptr(DboDocument) a4 = NULL;
  g_autoptr(DboDocument) a2 = NULL;
  g_autofree char *t3 = NULL;

  /* Drafted 第三级 over the matrix's 第二级; the panel agrees; no bureau yet. */
  o1->override_level = 3;
  dbo_set_str (&o1->override_reason, reason);
  rec->level = 3;
  g_ptr_array_set_size (f->project->reviews, 0);

  a4 = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  t3 = layout_text (a4, 4);
  assert_has (t3, "表三（1/8）");
  {
    g_autofree char *row03 = between (t3, "03信息系统安全保护等级", "04定级时间");
    assert_has (row03, "☐第二级☑第三级☐第四级");
    assert_has (row03, "注：01、02中较高者为第二级，安全保护等级经调整。");
    assert_has (row03, "调整定级：");
    assert_has (row03, "由按矩阵确定的第二级调整为第三级");
    assert_has (row03, "调整理由：该系统承担全矿灾变应急通信，经综合评估提高一级保护。");
  }
  {
    PopplerDocument *pdf = to_poppler (a4, NULL);
    g_autofree char *page = pdf_page_text (pdf, 4);
    g_autofree char *drawn = layout_text (a4, 4);
    assert_pdf_has (page, "安全保护等级经调整");
    assert_pdf_has (page, "调整理由：");
    assert_same_characters (page, drawn);
    g_object_unref (pdf);
  }
  /* The other sheets say nothing of it. */
  {
    g_autofree char *other = layout_text (a4, 7);
    assert_has (other, "表三（2/8）");
    assert_lacks (other, "调整");
  }

  a2 = build (f->project, f->rules, DBO_DOC_ANNEX2, NULL);
  {
    PopplerDocument *pdf = to_poppler (a2, NULL);
    g_autofree char *all = pdf_all_text (pdf);
    g_autofree char *drawn = layout_all_text (a2);
    g_autofree char *para = between (drawn, "1）矿用有线调度通信系统", "2）");
    assert_has (para, "专家组讨论认为：矿用有线调度通信系统安全保护等级为第三级。");
    assert_has (para, "调整定级：本单位综合考虑以下理由，将安全保护等级由按矩阵确定的第二级调整为第三级。");
    assert_has (para, "调整理由：该系统承担全矿灾变应急通信，经综合评估提高一级保护。");
    assert_pdf_has (all, "调整理由：该系统承担全矿灾变应急通信，经综合评估提高一级保护。");
    /* Only o1's paragraph. */
    {
      g_autofree char *rest = between (drawn, "2）", NULL);
      assert_lacks (rest, "调整");
    }
    g_object_unref (pdf);
  }
}

/* A bureau that changes the level: 表三 says so, and 04 and the report carry
 * the date of that decision (items 4 and 7). */
static void
test_adjusted_by_bureau (Fixture *f, gconstpointer data)
{
  DboReview *r1 = g_ptr_array_index (f->project->reviews, 0);
  g_autoptr(DboDocument) a4 = NULL;
  g_autoptr(DboDocument) report = NULL;
  g_autofree char *t3 = NULL;

  g_assert_cmpstr (g_array_index (r1->levels, DboReviewLevel, 0).object_id, ==, "o1");
  g_array_index (r1->levels, DboReviewLevel, 0).value = 3;
  dbo_set_str (&r1->opinion, "该系统承担全矿灾变应急通信，应定为第三级。");

  a4 = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  t3 = layout_text (a4, 4);
  assert_has (t3, "表三（1/8）");
  assert_has (t3, "☐第二级☑第三级");
  assert_has (t3, "经晋城市能源局审核，安全保护等级由第二级调整为第三级，审核意见：该系统承担全矿灾变应急通信，应定为第三级。");
  assert_has (t3, "04定级时间2026年10月12日");

  report = build (f->project, f->rules, DBO_DOC_REPORT, "o1");
  {
    g_autofree char *all = layout_all_text (report);
    assert_has (all, "经晋城市能源局审核，安全保护等级由第二级调整为第三级");
    assert_has (all, "最终确定矿用有线调度通信系统安全保护等级为第三级");
    assert_has (all, "山西泽州金鼎煤业有限公司（盖章）2026年10月12日");
  }
}

/* 表一 11 = 12 + 13 + 14 + 15: the objects filed on this form (item 5). */
static void
test_annex4_total (Fixture *f, gconstpointer data)
{
  g_autofree char *t1 = layout_text (sample_annex4 (f), 2);
  static const char *const items[] = { "11信息系统总数", "12第二级信息系统数", "13第三级信息系统数",
                                       "14第四级信息系统数", "15第五级信息系统数" };
  int n[G_N_ELEMENTS (items)];

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *at = strstr (t1, items[i]);
      g_assert_nonnull (at);
      g_assert_cmpint (sscanf (at + strlen (items[i]), "%d个", &n[i]), ==, 1);
    }
  g_assert_cmpint (n[0], ==, n[1] + n[2] + n[3] + n[4]);
  /* as many as there are 表二 sheets */
  g_assert_cmpint (n[0], ==, 8);
  assert_has (sample_annex4_text (f), "表二（8/8）");
  assert_lacks (sample_annex4_text (f), "表二（9/");
}

/* 表三 07 names the bureau whose review decided the level, as Annex 3 does,
 * even where the rules route the object elsewhere (item 6). */
static void
test_annex4_reviewing_bureau (Fixture *f, gconstpointer data)
{
  DboReview *r1 = g_ptr_array_index (f->project->reviews, 0);
  g_autoptr(DboDocument) a4 = NULL;
  g_autofree char *t3 = NULL;

  dbo_set_str (&r1->authority, "00");
  dbo_set_str (&r1->number, "00-2026-0042");
  a4 = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
  t3 = layout_text (a4, 4);
  assert_has (t3, "表三（1/8）");
  assert_has (t3, "06是否有主管部门☑有");
  assert_has (t3, "07主管部门名称山西省能源局");
  assert_lacks (t3, "晋城市能源局");
  {
    /* Not reviewed yet: the bureau the rules route it to. */
    g_autoptr(DboDocument) again = NULL;
    g_autofree char *t = NULL;
    g_ptr_array_set_size (f->project->reviews, 0);
    again = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
    t = layout_text (again, 4);
    assert_has (t, "07主管部门名称晋城市能源局");
  }
}

/* 表三 04 定级时间 and the report's date: the day the panel concluded, else its
 * meeting day, never the draft (item 7). */
static void
test_annex4_fixed_date (Fixture *f, gconstpointer data)
{
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(DboDocument) a4 = NULL;
      g_autoptr(DboDocument) report = NULL;
      g_autofree char *t3 = NULL;
      g_autofree char *all = NULL;
      const char *want = pass == 0 ? "2026年9月28日" : "2026年9月27日";
      g_autofree char *row = g_strdup_printf ("04定级时间%s", want);
      g_autofree char *signed_on = g_strdup_printf ("山西泽州金鼎煤业有限公司（盖章）%s", want);

      if (pass == 1)
        {
          /* The conclusion's time not recorded: the meeting date. */
          dbo_set_str (&f->project->panel.conclusion.concluded, NULL);
          dbo_set_str (&f->project->panel.date, "2026-09-27");
        }
      a4 = build (f->project, f->rules, DBO_DOC_ANNEX4, NULL);
      t3 = layout_text (a4, 18);
      assert_has (t3, "表三（8/8）");
      assert_has (t3, row);
      report = build (f->project, f->rules, DBO_DOC_REPORT, "o9");
      all = layout_all_text (report);
      assert_has (all, signed_on);
      assert_lacks (all, "2026年9月10日");
      {
        PopplerDocument *pdf = to_poppler (report, NULL);
        g_autofree char *text = pdf_all_text (pdf);
        assert_pdf_has (text, want);
        g_object_unref (pdf);
      }
    }
}

static void
test_report_identical (Fixture *f, gconstpointer data)
{
  g_autoptr(DboDocument) a = build (f->project, f->rules, DBO_DOC_REPORT, "o4");
  g_autoptr(DboDocument) b = build (f->project, f->rules, DBO_DOC_REPORT, "o4");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ba = dbo_document_to_pdf_bytes (a, &error);
  g_autoptr(GBytes) bb = dbo_document_to_pdf_bytes (b, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ba, bb));
}

/* ---------------------------------------------------------------- flow (issue 13, items 3 and 8) */

/* The cover is one page at 60 characters: 公安部监制 on page 1, 填表说明 starts page 2. */
static void
test_annex4_cover_one_page (Fixture *f, gconstpointer data)
{
  g_autoptr(DboProject) stress = stress_project (f->project);
  g_autoptr(DboDocument) doc = NULL;
  PopplerDocument *pdf;
  g_autofree char *p1 = NULL, *p2 = NULL, *name = NULL;

  g_assert_cmpuint (g_utf8_strlen (stress->enterprise.name, -1), ==, STRESS_NAME_CHARS);
  doc = build (stress, f->rules, DBO_DOC_ANNEX4, NULL);
  pdf = to_poppler (doc, NULL);
  p1 = pdf_page_text (pdf, 0);
  p2 = pdf_page_text (pdf, 1);
  name = layout_text (doc, 0);
  g_assert_nonnull (strstr (p1, "备案表"));
  g_assert_nonnull (strstr (p1, "中华人民共和国公安部监制"));
  g_assert_nonnull (strstr (name, stress->enterprise.name));
  g_assert_true (g_str_has_prefix (p2, "填表说明"));
  g_object_unref (pdf);
}

/* The reports to check: the sample's and the stress project's, level 2 and above. */
static GPtrArray *
flow_reports (Fixture *f, DboProject *stress)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_document_free);
  DboProject *projects[] = { f->project, stress };

  for (guint k = 0; k < G_N_ELEMENTS (projects); k++)
    for (guint i = 0; i < projects[k]->objects->len; i++)
      {
        const DboObject *o = g_ptr_array_index (projects[k]->objects, i);
        if (dbo_grading_effective_level (f->rules, projects[k], o) >= 2)
          g_ptr_array_add (docs, build (projects[k], f->rules, DBO_DOC_REPORT, o->id));
      }
  return docs;
}

/* No report page holds only the seal: the page with “…（盖章）” and the date also
 * holds body text, or says （此页无正文）. */
static void
test_report_seal_with_text (Fixture *f, gconstpointer data)
{
  g_autoptr(DboProject) stress = stress_project (f->project);
  g_autoptr(GPtrArray) docs = flow_reports (f, stress);
  g_autoptr(GRegex) rest = g_regex_new ("[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|_+|第[0-9]+页共[0-9]+页", 0, 0, NULL);

  g_assert_cmpuint (docs->len, >=, 8 + 9);
  for (guint d = 0; d < docs->len; d++)
    {
      DboDocument *doc = g_ptr_array_index (docs, d);
      PopplerDocument *pdf = to_poppler (doc, NULL);
      int n = poppler_document_get_n_pages (pdf), seal_pages = 0;

      for (int i = 0; i < n; i++)
        {
          g_autofree char *text = pdf_page_text (pdf, i);
          const char *seal = strstr (text, "（盖章）");
          g_autofree char *before = NULL;
          g_autofree char *others = NULL;

          if (seal == NULL)
            continue;
          seal_pages++;
          /* What is left without the unit's name, （盖章）, the date and the footer. */
          before = g_strndup (text, seal - text);
          others = g_regex_replace_literal (rest, seal + strlen ("（盖章）"), -1, 0, "", 0, NULL);
          if (strstr (text, "（此页无正文）") == NULL)
            {
              g_autofree char *name = squeeze (f->project->enterprise.name);
              g_autofree char *sname = squeeze (stress->enterprise.name);
              gsize body = strlen (before);
              if (g_str_has_suffix (before, name))
                body -= strlen (name);
              else if (g_str_has_suffix (before, sname))
                body -= strlen (sname);
              if (body + strlen (others) < 30)
                g_error ("page %d of %s holds only the seal: “%s”", i + 1, dbo_document_get_title (doc), text);
            }
        }
      g_assert_cmpint (seal_pages, ==, 1);
      g_object_unref (pdf);
    }
}

/* Each grading matrix — its caption and its three rows — is on one page. */
static void
test_report_matrix_one_page (Fixture *f, gconstpointer data)
{
  g_autoptr(DboProject) stress = stress_project (f->project);
  g_autoptr(GPtrArray) docs = flow_reports (f, stress);
  /* Poppler reads the caption's "表n" before the corner cell and the rest after it. */
  static const char *const captions[] = { "业务信息安全保护等级矩阵表", "系统服务安全保护等级矩阵表" };

  for (guint d = 0; d < docs->len; d++)
    {
      DboDocument *doc = g_ptr_array_index (docs, d);
      PopplerDocument *pdf = to_poppler (doc, NULL);
      int n = poppler_document_get_n_pages (pdf);

      for (guint c = 0; c < G_N_ELEMENTS (captions); c++)
        {
          int found = 0;
          for (int i = 0; i < n; i++)
            {
              g_autofree char *text = pdf_page_text (pdf, i);
              const char *cap = strstr (text, captions[c]);
              if (cap == NULL)
                continue;
              found++;
              /* Rows 1–3 (the first one's label may wrap around its cells). */
              if (strstr (cap, "合法") == NULL || strstr (cap, "社会秩序、公共利益第二级第三级第四级") == NULL
                  || strstr (cap, "国家安全第三级第四级第五级") == NULL)
                g_error ("%s of %s is split: page %d holds “%s”", captions[c], dbo_document_get_title (doc), i + 1,
                         cap);
            }
          if (found != 1)
            g_error ("report %u: %s found on %d pages", d, captions[c], found);
        }
      g_object_unref (pdf);
    }
}

int
main (int argc, char *argv[])
{
  /* UTF-8 messages when a label is missing. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/annex4/pages", test_annex4_pages);
  ADD ("/annex4/labels", test_annex4_labels);
  ADD ("/annex4/label-words", test_annex4_label_words);
  ADD ("/annex4/values", test_annex4_values);
  ADD ("/annex4/ticks", test_annex4_ticks);
  ADD ("/annex4/citizen-especially-serious", test_annex4_citizen_especially);
  ADD ("/annex4/attachment-and-pending", test_annex4_attachment_and_pending);
  ADD ("/annex4/escaping-and-overflow", test_annex4_escaping_and_overflow);
  ADD ("/annex4/identical", test_annex4_identical);
  ADD ("/annex4/fonts", test_annex4_fonts);
  ADD ("/annex4/other-texts", test_other_texts);
  ADD ("/report/labels-values", test_report_labels_values);
  ADD ("/report/override", test_report_override);
  ADD ("/report/identical", test_report_identical);
  ADD ("/adjusted/override", test_adjusted_override);
  ADD ("/adjusted/bureau", test_adjusted_by_bureau);
  ADD ("/annex4/total", test_annex4_total);
  ADD ("/annex4/reviewing-bureau", test_annex4_reviewing_bureau);
  ADD ("/annex4/fixed-date", test_annex4_fixed_date);
  ADD ("/annex4/cover-one-page", test_annex4_cover_one_page);
  ADD ("/report/seal-with-text", test_report_seal_with_text);
  ADD ("/report/matrix-one-page", test_report_matrix_one_page);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (change_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/annex4/change/%s", change_cases[i].name);
      g_test_add (path, Fixture, &change_cases[i], fixture_set_up, test_annex4_change, fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shade_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/report/shading/%s", shade_cases[i].object);
      g_test_add (path, Fixture, &shade_cases[i], fixture_set_up, test_report_shading, fixture_tear_down);
    }
  {
    int status = g_test_run ();
    g_clear_pointer (&sample_pdf, g_bytes_unref);
    g_clear_pointer (&sample_digests, g_ptr_array_unref);
    g_clear_pointer (&sample_text, g_free);
    g_clear_pointer (&sample_doc, dbo_document_free);
    g_clear_pointer (&sample_project, dbo_project_free);
    g_clear_pointer (&default_rules, dbo_ruleset_unref);
    return status;
  }
}
