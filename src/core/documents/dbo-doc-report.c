#define G_LOG_DOMAIN "dengbao-report"
#include "config.h"
#include "dbo-doc-private.h"

#include <string.h>

/* 定级报告 (data/forms/README.md §4): the 2007 template of 公信安〔2007〕861号, one per object.
 *
 * The template's explanatory sentences ("简述确定该系统为定级对象的理由…") tell
 * the writer what to say; they are never printed. Each is replaced by the
 * object's own text and by sentences built from its grading data. Levels come
 * from the rule set (dbo-grading.h), never from this file. */

typedef struct {
  const DboProject *project;
  const DboRuleset *rules;
  const DboObject *object;
  DboLayout *layout;
  DboTextStyle body;               /* 仿宋 小四, justified, 2-character indent */
  DboTextStyle h1;                 /* 一、 */
  DboTextStyle h2;                 /* （一） */
  DboTextStyle h3;                 /* 1、 */
} Report;

/* ---------------------------------------------------------------- text helpers */

static void
para (Report *rp, const char *text)
{
  if (!dbo_str_empty (text))
    dbo_layout_add_paragraph (rp->layout, &rp->body, text);
}

/* The object's own text may hold several paragraphs: one layout paragraph each. */
static void
own_text (Report *rp, const char *text, const char *fallback)
{
  g_auto(GStrv) lines = NULL;
  gboolean any = FALSE;

  if (dbo_str_empty (text))
    {
      para (rp, fallback);
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line == '\0')
        continue;
      para (rp, line);
      any = TRUE;
    }
  if (!any)
    para (rp, fallback);
}

/* "“社会秩序、公共利益”和“公民、法人和其他组织的合法权益”" */
static char *
targets_text (const GArray *harms)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; harms != NULL && i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);
      if (i > 0)
        g_string_append (out, i + 1 == harms->len ? "和" : "、");
      g_string_append_printf (out, "“%s”", dbo_token_zh (dbo_target_tokens, h->target));
    }
  return g_string_free (out, FALSE);
}

/* "对社会秩序、公共利益造成一般损害，对…造成严重损害": each harmed object with its degree. */
static char *
degrees_text (const GArray *harms)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; harms != NULL && i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);
      if (i > 0)
        g_string_append (out, "，");
      g_string_append_printf (out, "对%s造成%s", dbo_token_zh (dbo_target_tokens, h->target),
                              dbo_token_zh (dbo_degree_tokens, h->degree));
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- 一 */

static void
render_description (Report *rp)
{
  const DboObject *o = rp->object;
  const DboEnterprise *e = &rp->project->enterprise;
  GString *s = g_string_new (NULL);
  g_autofree char *heading = g_strdup_printf ("一、%s描述", dbo_doc_str (o->name));

  dbo_layout_add_bookmark (rp->layout, heading, 1);
  dbo_layout_add_paragraph (rp->layout, &rp->h1, heading);

  /* First: who is responsible for it. */
  g_string_append_printf (s, "%s由%s%s负责建设、运行维护和安全管理", dbo_doc_str (o->name),
                          dbo_doc_str (e->name), dbo_doc_str (o->department));
  if (!dbo_str_empty (o->owner_name))
    {
      g_string_append_printf (s, "，责任人为%s", o->owner_name);
      if (!dbo_str_empty (o->owner_phone))
        g_string_append_printf (s, "（联系电话：%s）", o->owner_phone);
    }
  g_string_append_printf (s, "。%s对该系统具有信息安全保护责任，该系统为本单位的定级对象。", dbo_doc_str (e->name));
  para (rp, s->str);
  g_string_truncate (s, 0);

  /* Second: its basic elements and network. */
  g_string_append_printf (s, "该定级对象属于%s", dbo_token_zh (dbo_object_type_tokens, o->type));
  if (!dbo_str_empty (o->number))
    g_string_append_printf (s, "，系统编号%s", o->number);
  {
    g_autofree char *date = dbo_doc_date_zh (o->operation_date);
    if (o->status == DBO_STATUS_PLANNED)
      {
        g_string_append (s, "，为新建系统");
        if (date)
          g_string_append_printf (s, "，计划于%s投入运行", date);
      }
    else if (date)
      g_string_append_printf (s, "，于%s投入运行", date);
    else
      g_string_append (s, "，已投入运行");
  }
  {
    g_autofree char *coverage = dbo_doc_codes_text ("network-coverage", o);
    g_autofree char *nature = dbo_doc_codes_text ("network-nature", o);
    g_autofree char *links = dbo_doc_codes_text ("interconnection", o);
    if (*coverage)
      g_string_append_printf (s, "。系统网络覆盖范围为%s", coverage);
    if (*nature)
      g_string_append_printf (s, "%s网络性质为%s", *coverage ? "，" : "。", nature);
    if (*links)
      g_string_append_printf (s, "，%s", links);
  }
  g_string_append (s, "。");
  if (!dbo_str_empty (o->parent_name))
    {
      g_string_append_printf (s, "该系统是%s", o->parent_name);
      if (!dbo_str_empty (o->parent_unit))
        g_string_append_printf (s, "（%s）", o->parent_unit);
      g_string_append (s, "的分系统。");
    }
  para (rp, s->str);
  g_string_truncate (s, 0);

  /* Third: the business it carries, in the object's own words. */
  {
    g_autofree char *types = dbo_doc_codes_text ("business-types", o);
    if (*types)
      g_string_append_printf (s, "该系统承载%s业务，", types);
    g_string_append (s, "业务情况如下：");
    para (rp, s->str);
    own_text (rp, o->business_description, "（业务描述未填写）");
  }
  g_string_free (s, TRUE);
}

/* ---------------------------------------------------------------- 二 matrices */

/* 表n: the 3×3 matrix with row and column headers; only the hit cells shaded. */
static void
matrix_table (Report *rp, const char *caption, const char *corner, const GArray *harms)
{
  DboTextStyle cap, cell;
  DboTable *table;
  const double widths[] = { 54.0, 34.0, 34.0, 34.0 };
  guint r;

  dbo_text_style_init (&cap, DBO_FONT_TABLE);
  cap.bold = TRUE;
  cap.align = DBO_ALIGN_CENTER;
  cap.space_before_mm = 2;
  cap.space_after_mm = 1.5;
  cap.keep_with_next = TRUE;
  /* The caption and all the rows on one page. */
  dbo_layout_begin_keep (rp->layout);
  dbo_layout_add_paragraph (rp->layout, &cap, caption);

  dbo_text_style_init (&cell, DBO_FONT_TABLE);
  table = dbo_layout_add_table (rp->layout, widths, G_N_ELEMENTS (widths), &cell);
  dbo_table_set_header_rows (table, 2);
  r = dbo_table_add_row (table, 8);
  dbo_cell_set_span (dbo_table_set (table, r, 0, corner), 2, 1);
  dbo_cell_set_span (dbo_table_set (table, r, 1, "对相应客体的侵害程度"), 1, 3);
  r = dbo_table_add_row (table, 8);
  for (int d = 0; d < DBO_N_DEGREES; d++)
    dbo_table_set (table, r, 1 + d, dbo_token_zh (dbo_degree_tokens, d));
  for (int t = 0; t < DBO_N_TARGETS; t++)
    {
      r = dbo_table_add_row (table, 9);
      dbo_table_set (table, r, 0, dbo_token_zh (dbo_target_tokens, t));
      for (int d = 0; d < DBO_N_DEGREES; d++)
        {
          DboCell *c = dbo_table_set (table, r, 1 + d, dbo_level_zh (dbo_ruleset_matrix_level (rp->rules, t, d)));
          for (guint i = 0; harms != NULL && i < harms->len; i++)
            {
              const DboHarm *h = &g_array_index (harms, DboHarm, i);
              if ((int) h->target == t && (int) h->degree == d)
                dbo_cell_set_shade (c, 0.25);
            }
        }
    }
  dbo_layout_end_keep (rp->layout);
  dbo_layout_add_space (rp->layout, 2);
}

typedef struct {
  DboAspect aspect;
  const char *section;             /* （一） */
  const char *name;                /* 业务信息 / 系统服务 */
  const char *h1, *h2, *h3, *h4;   /* the template's four item titles */
  const char *table_caption;
  const char *corner;
} AspectText;

static const AspectText aspect_texts[DBO_N_ASPECTS] = {
  { DBO_ASPECT_BUSINESS, "（一）业务信息安全保护等级的确定", "业务信息",
    "1、业务信息描述",
    "2、业务信息受到破坏时所侵害客体的确定",
    "3、信息受到破坏后对侵害客体的侵害程度的确定",
    "4、业务信息安全等级的确定",
    "表1\u3000业务信息安全保护等级矩阵表",
    "业务信息安全被破坏时所侵害的客体" },
  { DBO_ASPECT_SERVICE, "（二）系统服务安全保护等级的确定", "系统服务",
    "1、系统服务描述",
    "2、系统服务受到破坏时所侵害客体的确定",
    "3、系统服务受到破坏后对侵害客体的侵害程度的确定",
    "4、系统服务安全等级的确定",
    "表2\u3000系统服务安全保护等级矩阵表",
    "系统服务安全被破坏时所侵害的客体" },
};

static void
render_aspect (Report *rp, const AspectText *at)
{
  const DboObject *o = rp->object;
  const GArray *harms = o->aspects[at->aspect].harms;
  int level = dbo_grading_aspect_level (rp->rules, harms);
  gboolean any = harms != NULL && harms->len > 0;
  const char *table_no = at->aspect == DBO_ASPECT_BUSINESS ? "表1" : "表2";

  dbo_layout_add_bookmark (rp->layout, at->section, 2);
  dbo_layout_add_paragraph (rp->layout, &rp->h2, at->section);

  dbo_layout_add_paragraph (rp->layout, &rp->h3, at->h1);
  if (at->aspect == DBO_ASPECT_BUSINESS)
    own_text (rp, o->aspects[at->aspect].description,
              dbo_str_empty (o->business_description) ? "（业务信息描述未填写）" : o->business_description);
  else
    {
      g_autofree char *service = dbo_doc_service_text (o);

      if (*service)
        dbo_layout_add_paragraphf (rp->layout, &rp->body, "该系统的%s。", service);
      own_text (rp, o->aspects[at->aspect].description, "（系统服务描述未填写）");
    }

  dbo_layout_add_paragraph (rp->layout, &rp->h3, at->h2);
  if (any)
    {
      g_autofree char *targets = targets_text (harms);
      dbo_layout_add_paragraphf (rp->layout, &rp->body, "%s受到破坏时，所侵害的客体为%s。", at->name, targets);
    }
  else
    dbo_layout_add_paragraphf (rp->layout, &rp->body, "未确定%s受到破坏时所侵害的客体。", at->name);

  dbo_layout_add_paragraph (rp->layout, &rp->h3, at->h3);
  if (any)
    {
      g_autofree char *degrees = degrees_text (harms);
      dbo_layout_add_paragraphf (rp->layout, &rp->body, "%s受到破坏后，%s。", at->name, degrees);
    }
  else
    dbo_layout_add_paragraphf (rp->layout, &rp->body, "未确定%s受到破坏后的侵害程度。", at->name);

  /* The level sentence, the caption and the matrix on one page. */
  dbo_layout_add_keep_space (rp->layout, 62);
  dbo_layout_add_paragraph (rp->layout, &rp->h3, at->h4);
  dbo_layout_add_paragraphf (rp->layout, &rp->body,
                             "依据%s受到破坏时所侵害的客体以及对侵害客体的侵害程度，对照%s，确定%s安全保护等级为%s。",
                             at->name, table_no, at->name, dbo_level_zh (level));
  matrix_table (rp, at->table_caption, at->corner, harms);
}

/* ---------------------------------------------------------------- 二（三） */

static void
render_final (Report *rp)
{
  const DboObject *o = rp->object;
  int business = dbo_grading_aspect_level (rp->rules, o->aspects[DBO_ASPECT_BUSINESS].harms);
  int service = dbo_grading_aspect_level (rp->rules, o->aspects[DBO_ASPECT_SERVICE].harms);
  int computed = dbo_grading_computed_level (rp->rules, o);
  int effective = dbo_grading_effective_level (rp->rules, rp->project, o);
  /* Why it differs from the matrix: the same text as 表三 and Annex 2. */
  g_autofree char *adjustment = dbo_grading_adjustment_text (rp->rules, rp->project, o, TRUE);
  const char *name = dbo_doc_str (o->name);
  DboTextStyle cell;
  DboTable *table;
  const double widths[] = { 57.0, 33.0, 33.0, 33.0 };
  guint r;

  /* The conclusion and its table together. */
  dbo_layout_add_keep_space (rp->layout, adjustment != NULL ? 85 : 62);
  dbo_layout_add_bookmark (rp->layout, "（三）安全保护等级的确定", 2);
  dbo_layout_add_paragraph (rp->layout, &rp->h2, "（三）安全保护等级的确定");
  dbo_layout_add_paragraphf (rp->layout, &rp->body,
                             "信息系统的安全保护等级由业务信息安全等级和系统服务安全等级较高者决定。"
                             "%s的业务信息安全保护等级为%s，系统服务安全保护等级为%s，按矩阵确定的安全保护等级为%s。",
                             name, dbo_level_zh (business), dbo_level_zh (service), dbo_level_zh (computed));

  /* An override or a panel or bureau change is shown as one, with its reason (data/rulesets/README.md §3). */
  para (rp, adjustment);
  dbo_layout_add_paragraphf (rp->layout, &rp->body, "最终确定%s安全保护等级为%s。", name, dbo_level_zh (effective));

  dbo_text_style_init (&cell, DBO_FONT_TABLE);
  table = dbo_layout_add_table (rp->layout, widths, G_N_ELEMENTS (widths), &cell);
  dbo_table_set_header_rows (table, 1);
  dbo_table_add_cells (table, 9, "信息系统名称", "安全保护等级", "业务信息安全等级", "系统服务安全等级", NULL);
  r = dbo_table_add_row (table, 10);
  dbo_table_set (table, r, 0, name);
  if (effective != computed)
    dbo_table_setf (table, r, 1, "%s\n（%s，按矩阵为%s）", dbo_level_zh (effective),
                    o->override_level == effective ? "调整定级" : "经评审、审核确定", dbo_level_zh (computed));
  else
    dbo_table_set (table, r, 1, dbo_level_zh (effective));
  dbo_table_set (table, r, 2, dbo_level_zh (business));
  dbo_table_set (table, r, 3, dbo_level_zh (service));
}

/* ---------------------------------------------------------------- closing */

static void
render_closing (Report *rp)
{
  const DboEnterprise *e = &rp->project->enterprise;
  double width = dbo_layout_get_text_width_mm (rp->layout);
  DboTextStyle style;
  /* Dated when the level was fixed, as 表三 04 定级时间: never before the panel it quotes. */
  g_autofree char *fixed = dbo_grading_level_fixed_date (rp->rules, rp->project, rp->object);
  g_autofree char *date = dbo_doc_date_or_blank (fixed);

  /* Seal square, name and date stay together on one page, with the last
   * paragraph (and the table after it); where that cannot be, （此页无正文）. */
  dbo_layout_begin_keep_with_last (rp->layout);
  dbo_layout_add_space (rp->layout, 6);
  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_CENTER;
  dbo_layout_add_alone_note (rp->layout, &style, "（此页无正文）");
  dbo_layout_begin_keep (rp->layout);
  dbo_layout_add_seal_area (rp->layout, width - 32.0, 42.0, 46.0);
  style.align = DBO_ALIGN_RIGHT;
  style.size_pt = DBO_SIZE_XIAO_SI;
  dbo_layout_add_paragraphf (rp->layout, &style, "%s（盖章）", dbo_doc_str (e->name));
  dbo_layout_add_paragraph (rp->layout, &style, date);
  dbo_layout_end_keep (rp->layout);
  dbo_layout_end_keep (rp->layout);
}

/* ---------------------------------------------------------------- entry */

gboolean
dbo_doc_render_report (DboDocBuild *build, GError **error)
{
  Report rp = { 0 };
  const DboObject *o = build->object;
  DboTextStyle style;
  g_autofree char *h2 = NULL;

  if (o == NULL)
    {
      g_set_error_literal (error, DBO_DOCUMENT_ERROR, DBO_DOCUMENT_ERROR_NOT_FOUND,
                           "无法生成《定级报告》：未指定定级对象");
      return FALSE;
    }
  rp.project = build->project;
  rp.rules = build->rules;
  rp.object = o;
  rp.layout = build->layout;

  dbo_text_style_init (&rp.body, DBO_FONT_BODY);
  dbo_text_style_init (&rp.h1, DBO_FONT_HEADING);
  rp.h1.space_before_mm = 4;
  rp.h1.space_after_mm = 1.5;
  dbo_text_style_init (&rp.h2, DBO_FONT_BODY);
  rp.h2.bold = TRUE;
  rp.h2.align = DBO_ALIGN_LEFT;
  rp.h2.space_before_mm = 2;
  rp.h2.keep_with_next = TRUE;
  dbo_text_style_init (&rp.h3, DBO_FONT_BODY);
  rp.h3.align = DBO_ALIGN_LEFT;
  rp.h3.space_before_mm = 1;
  rp.h3.keep_with_next = TRUE;

  g_free (build->subject);
  build->subject = g_strdup_printf ("%s · %s · 信息系统安全等级保护定级报告", dbo_doc_str (build->project->enterprise.name),
                                    dbo_doc_str (o->name));

  dbo_layout_add_bookmark (rp.layout, "信息系统安全等级保护定级报告", 1);
  dbo_text_style_init (&style, DBO_FONT_TITLE);
  dbo_layout_add_paragraph (rp.layout, &style, "《信息系统安全等级保护定级报告》");
  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.size_pt = DBO_SIZE_SAN_HAO;
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_CENTER;
  style.space_after_mm = 1;
  dbo_layout_add_paragraph (rp.layout, &style, dbo_doc_str (o->name));
  style.size_pt = DBO_SIZE_XIAO_SI;
  style.space_after_mm = 6;
  dbo_layout_add_paragraph (rp.layout, &style, dbo_doc_str (build->project->enterprise.name));

  render_description (&rp);

  h2 = g_strdup_printf ("二、%s安全保护等级确定", dbo_doc_str (o->name));
  dbo_layout_add_bookmark (rp.layout, h2, 1);
  dbo_layout_add_paragraph (rp.layout, &rp.h1, h2);
  render_aspect (&rp, &aspect_texts[DBO_ASPECT_BUSINESS]);
  render_aspect (&rp, &aspect_texts[DBO_ASPECT_SERVICE]);
  render_final (&rp);
  render_closing (&rp);
  return TRUE;
}
