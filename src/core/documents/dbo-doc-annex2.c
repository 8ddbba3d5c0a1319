#define G_LOG_DOMAIN "dengbao-annex2"
#include "config.h"
#include "dbo-doc-private.h"

#include <string.h>

/* Annex 2 — 网络安全等级保护定级专家评审意见书 (data/forms/README.md §1).
 *
 * Cover; the object table and the panel table with signature lines and the
 * notes; then the detailed opinion generated from the seed's template, one
 * numbered paragraph group per object, closed by the signatures and the date.
 * Every level comes from dbo-grading.h or the panel's recommendation. */

#define GUIDE "《信息安全技术 网络安全等级保护定级指南》（GB/T 22240-2020）"

typedef struct {
  DboDocBuild *build;
  const DboProject *p;
  GPtrArray *objects;          /* reviewed objects */
  GPtrArray *members;          /* leader first */
  DboTextStyle body, plain, line, heading, notes;
} Annex2;

static void
add_signature_block (Annex2 *a)
{
  DboLayout *layout = a->build->layout;
  g_autofree DboSignatureInk *inks = g_new0 (DboSignatureInk, MAX (a->members->len, 1));
  const DboMember *leader = a->members->len > 0 ? g_ptr_array_index (a->members, 0) : NULL;
  guint n_others = 0;

  if (leader != NULL && leader->leader)
    {
      inks[0].strokes = leader->strokes;
      inks[0].box_width_mm = leader->sig_width_mm;
      inks[0].box_height_mm = leader->sig_height_mm;
    }
  else
    leader = NULL;
  dbo_layout_add_signatures (layout, &a->plain, "评审专家组组长（签字）：", 50, 12, inks, 1);

  for (guint i = leader ? 1 : 0; i < a->members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (a->members, i);
      inks[n_others].strokes = m->strokes;
      inks[n_others].box_width_mm = m->sig_width_mm;
      inks[n_others].box_height_mm = m->sig_height_mm;
      n_others++;
    }
  if (n_others == 0)
    {
      /* No panel entered yet: lines for ink. */
      memset (inks, 0, sizeof (DboSignatureInk));
      n_others = 1;
    }
  dbo_layout_add_space (layout, 2);
  dbo_layout_add_signatures (layout, &a->plain, "评审专家组成员（签字）：", 42, 12, inks, n_others);
}

static void
add_cover (Annex2 *a)
{
  DboLayout *layout = a->build->layout;
  const DboProject *p = a->p;
  DboTextStyle title, head, line;
  g_autofree char *unit = dbo_doc_blank (p->enterprise.name, 14);
  g_autofree char *date_zh = dbo_doc_date_zh (p->panel.date);
  g_autofree char *date = dbo_doc_blank (date_zh, 14);

  head = a->plain;
  head.role = DBO_FONT_HEADING;
  head.size_pt = DBO_SIZE_SAN_HAO;
  dbo_text_style_init (&title, DBO_FONT_TITLE);
  title.size_pt = 26;                          /* 一号 */
  title.line_pitch_pt = 26 * 1.6;
  line = a->line;
  line.size_pt = DBO_SIZE_SI_HAO;
  line.line_pitch_pt = DBO_SIZE_SI_HAO * 1.8;
  line.left_indent_mm = 10;

  dbo_layout_add_bookmark (layout, "封面", 1);
  dbo_layout_add_paragraph (layout, &head, "附件 2");
  dbo_layout_add_space (layout, 45);
  dbo_layout_add_paragraph (layout, &title, "网络安全等级保护定级\n专家评审意见书");
  dbo_layout_add_space (layout, 55);
  dbo_layout_add_paragraphf (layout, &line, "评 审 单 位：%s" DBO_WHOLE ("（盖章）"), unit);
  /* The seal lands under （盖章）: keep the area clear. */
  dbo_layout_add_seal_area (layout, 112, 42, 44);
  dbo_layout_add_paragraphf (layout, &line, "评 审 日 期：%s", date);
  dbo_layout_add_page_break (layout);
}

static void
add_tables (Annex2 *a)
{
  DboLayout *layout = a->build->layout;
  const DboProject *p = a->p;
  const double cols_a[] = { 38, 26, 20, 28, 22, 22 };
  const double cols_b[] = { 24, 62, 34, 36 };
  DboTable *ta, *tb;
  DboTextStyle title_cell;
  DboCell *cell;
  guint row;

  dbo_layout_add_bookmark (layout, "评审对象及专家组成员", 1);
  /* Both tables take their column widths from what they hold: a long system
   * or unit name gets the room, a name or a level stays on one line. */
  ta = dbo_layout_add_table (layout, cols_a, G_N_ELEMENTS (cols_a), NULL);
  dbo_table_fit_columns (ta);
  dbo_table_set_header_rows (ta, 1);
  dbo_table_set_continued_caption (ta, "专家评审意见书（续）");
  dbo_table_add_cells (ta, 0, "系统名称", "责任部门", "责任人", "联系电话", "分类拟定\n安全等级",
                       "专家评审\n建议等级", NULL);
  for (guint i = 0; i < a->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (a->objects, i);
      dbo_table_add_cells (ta, 7, dbo_doc_str (o->name), dbo_doc_str (o->department), dbo_doc_str (o->owner_name),
                           dbo_doc_str (o->owner_phone),
                           dbo_doc_level (dbo_grading_drafted_level (a->build->rules, o)),
                           dbo_doc_level (dbo_doc_recommended_level (p, o)), NULL);
    }
  if (a->objects->len == 0)
    {
      row = dbo_table_add_row (ta, 9);
      dbo_cell_set_span (dbo_table_set (ta, row, 0, "（无第二级及以上定级对象）"), 1, G_N_ELEMENTS (cols_a));
    }

  dbo_layout_add_space (layout, 6);
  tb = dbo_layout_add_table (layout, cols_b, G_N_ELEMENTS (cols_b), NULL);
  dbo_table_fit_columns (tb);
  dbo_table_set_header_rows (tb, 2);
  dbo_table_set_continued_caption (tb, "评审专家组成员（续）");
  dbo_text_style_init (&title_cell, DBO_FONT_HEADING);
  title_cell.size_pt = DBO_SIZE_XIAO_SI;
  title_cell.align = DBO_ALIGN_CENTER;
  title_cell.keep_with_next = FALSE;
  row = dbo_table_add_row (tb, 9);
  cell = dbo_table_set (tb, row, 0, "评 审 专 家 组 成 员");
  dbo_cell_set_style (cell, &title_cell);
  dbo_cell_set_span (cell, 1, 4);
  dbo_table_add_cells (tb, 0, "姓   名", "单   位", "职称 / 职务", "联系电话", NULL);
  for (guint i = 0; i < a->members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (a->members, i);
      dbo_table_add_cells (tb, 7, dbo_doc_str (m->name), dbo_doc_str (m->unit), dbo_doc_str (m->title),
                           dbo_doc_str (m->phone), NULL);
    }
  if (a->members->len == 0)
    for (int i = 0; i < 5; i++)
      dbo_table_add_cells (tb, 9, "", "", "", "", NULL);

  dbo_layout_add_space (layout, 6);
  dbo_layout_add_keep_space (layout, 40);
  add_signature_block (a);
  dbo_layout_add_space (layout, 4);
  dbo_layout_add_paragraph (layout, &a->notes,
                            "注：1.此意见书一式三份，煤矿企业、审核行业主管部门、网络安全管理部门各一份。\n"
                            "\u3000\u30002.评审专家组详细意见附后。");
  dbo_layout_add_page_break (layout);
}

/* "所侵害的客体：A，侵害程度：一般损害；B，侵害程度：严重损害" for one aspect. */
static char *
harm_clause (const DboObject *o, DboAspect aspect, const char *intro)
{
  const GArray *harms = o->aspects[aspect].harms;
  GString *out = g_string_new (intro);

  if (harms == NULL || harms->len == 0)
    {
      g_string_append (out, "未选择受侵害的客体");
      return g_string_free (out, FALSE);
    }
  for (guint i = 0; i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);
      g_autofree char *target = dbo_doc_escape (dbo_token_zh (dbo_target_tokens, h->target));
      g_string_append_printf (out, "%s%s，侵害程度：%s", i > 0 ? "；" : "", target,
                              dbo_token_zh (dbo_degree_tokens, h->degree));
    }
  return g_string_free (out, FALSE);
}

static void
add_object_opinion (Annex2 *a, const DboObject *o, guint index)
{
  DboLayout *layout = a->build->layout;
  const DboRuleset *rules = a->build->rules;
  const DboRecommendation *rec = dbo_project_find_recommendation (a->p, o->id);
  int business = dbo_grading_aspect_level (rules, o->aspects[DBO_ASPECT_BUSINESS].harms);
  int service = dbo_grading_aspect_level (rules, o->aspects[DBO_ASPECT_SERVICE].harms);
  int panel = dbo_grading_proposed_level (rules, a->p, o);
  g_autofree char *name = dbo_doc_escape (o->name);
  g_autofree char *bdesc = NULL, *sdesc = NULL, *bharm = NULL, *sharm = NULL;
  g_autofree char *bdesc_raw = dbo_str_without_stop (!dbo_str_empty (o->aspects[DBO_ASPECT_BUSINESS].description)
                                           ? o->aspects[DBO_ASPECT_BUSINESS].description
                                           : o->business_description);
  g_autofree char *sdesc_raw = dbo_doc_service_text (o);
  GString *last = g_string_new (NULL);

  bdesc = dbo_doc_escape (bdesc_raw);
  /* 表二 04 服务范围 and 服务对象; the form's blank when neither is filled. */
  if (*sdesc_raw != '\0')
    sdesc = dbo_doc_escape (sdesc_raw);
  else
    {
      g_autofree char *blank = dbo_doc_blank (NULL, 8);

      sdesc = g_strconcat ("服务范围为", blank, NULL);
    }
  bharm = harm_clause (o, DBO_ASPECT_BUSINESS, "业务信息遭到破坏后，所侵害的客体：");
  sharm = harm_clause (o, DBO_ASPECT_SERVICE, "系统服务遭破坏后所侵害客体：");

  dbo_layout_add_paragraphf (layout, &a->body,
                             "%u）%s的业务信息主要包括：%s。%s。根据" GUIDE "，业务信息安全保护等级为%s；",
                             index + 1, name, bdesc, bharm, dbo_level_zh (business));
  dbo_layout_add_paragraphf (layout, &a->body,
                             "%s的%s。%s。根据" GUIDE "，系统服务安全保护等级为%s。",
                             name, sdesc, sharm, dbo_level_zh (service));
  g_string_append_printf (last, "经综合考虑上述要素，专家组讨论认为：%s安全保护等级为%s。", name,
                          dbo_level_zh (panel));
  /* An override or a panel change, with its reason, as 表三 and the 定级报告 print it. */
  {
    g_autofree char *adjustment = dbo_grading_adjustment_text (rules, a->p, o, FALSE);
    g_autofree char *escaped = dbo_doc_escape (adjustment);

    g_string_append (last, escaped);
  }
  /* A dissent is recorded with the expert's name (data/forms/README.md §1); one whose
   * member has left the panel is not printed, as project.xml drops it too. */
  for (guint i = 0; rec != NULL && rec->dissents != NULL && i < rec->dissents->len; i++)
    {
      const DboDissent *d = g_ptr_array_index (rec->dissents, i);
      const DboMember *m = dbo_project_find_member (a->p, d->member_id);
      g_autofree char *who = NULL;
      g_autofree char *text_raw = NULL;
      g_autofree char *text = NULL;

      if (m == NULL)
        continue;
      who = dbo_doc_escape (!dbo_str_empty (m->name) ? m->name : m->id);
      text_raw = dbo_str_without_stop (d->text);
      g_strdelimit (text_raw, "\r\n", ' ');
      text = dbo_doc_escape (text_raw);
      if (*text != '\0')
        g_string_append_printf (last, "专家%s持不同意见：%s。", who, text);
      else
        g_string_append_printf (last, "专家%s持不同意见。", who);
    }
  dbo_layout_add_paragraph (layout, &a->body, last->str);
  g_string_free (last, TRUE);
}

static void
add_opinion (Annex2 *a)
{
  DboLayout *layout = a->build->layout;
  const DboProject *p = a->p;
  const DboConclusion *c = &p->panel.conclusion;
  g_autofree char *date = dbo_doc_date_or_blank (p->panel.date);
  g_autofree char *organiser = dbo_doc_escape (!dbo_str_empty (p->panel.organiser) ? p->panel.organiser
                                                                                     : p->enterprise.name);
  GString *names = g_string_new (NULL);
  DboTextStyle right;

  for (guint i = 0; i < a->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (a->objects, i);
      g_autofree char *n = dbo_doc_escape (o->name);
      if (i > 0)
        g_string_append (names, i + 1 == a->objects->len ? "和" : "、");
      g_string_append (names, n);
    }
  if (names->len == 0)
    g_string_append (names, "信息系统");

  dbo_layout_add_bookmark (layout, "评审专家组意见", 1);
  dbo_layout_add_paragraph (layout, &a->heading, "评审专家组意见：");
  dbo_layout_add_paragraphf (layout, &a->body,
                             "%s，%s组织网络安全等级保护专家组对本单位拟备案的%s进行了安全等级定级评审。"
                             "专家组听取了该系统情况介绍，审议了有关材料，经过认真讨论，形成如下评审意见：",
                             date, organiser, names->str);
  g_string_free (names, TRUE);

  /* Items 1 and 2 are the panel's own conclusions. */
  if (c->present && !c->materials_complete)
    dbo_layout_add_paragraph (layout, &a->body, "1.提交评审的资料不齐全，不符合等级保护定级评审要求，需补充完善后重新评审；");
  else
    dbo_layout_add_paragraph (layout, &a->body, "1.提交评审的资料基本齐全，符合等级保护定级评审要求；");
  if (c->present && !c->division_reasonable)
    dbo_layout_add_paragraph (layout, &a->body,
                              "2.系统划分不合理，或不具有明确的安全责任部门和信息系统的基本要素，需调整后重新评审；");
  else
    dbo_layout_add_paragraph (layout, &a->body, "2.系统划分合理，并具有明确的安全责任部门和信息系统的基本要素；");

  if (a->objects->len == 1)
    {
      g_autofree char *n = dbo_doc_escape (((const DboObject *) g_ptr_array_index (a->objects, 0))->name);
      dbo_layout_add_paragraphf (layout, &a->body, "3.%s定级", n);
    }
  else
    dbo_layout_add_paragraph (layout, &a->body, "3.系统定级");
  for (guint i = 0; i < a->objects->len; i++)
    add_object_opinion (a, g_ptr_array_index (a->objects, i), i);

  if (c->present && !dbo_str_empty (c->note))
    {
      g_autofree char *note = dbo_doc_escape (c->note);
      dbo_layout_add_paragraph (layout, &a->body, note);
    }

  /* The signatures and the date stay with the last paragraph; where they
   * cannot, their page says （此页无正文）. */
  dbo_layout_begin_keep_with_last (layout);
  dbo_layout_add_space (layout, 8);
  right = a->plain;
  right.align = DBO_ALIGN_CENTER;
  dbo_layout_add_alone_note (layout, &right, "（此页无正文）");
  dbo_layout_begin_keep (layout);
  add_signature_block (a);
  right.align = DBO_ALIGN_RIGHT;
  right.space_before_mm = 6;
  dbo_layout_add_paragraph (layout, &right, date);
  dbo_layout_end_keep (layout);
  dbo_layout_end_keep (layout);
}

gboolean
dbo_doc_render_annex2 (DboDocBuild *build, GError **error)
{
  const DboProject *p = build->project;
  Annex2 a = { build, p };
  g_autofree char *sha = dbo_grading_data_sha256 (p);
  g_autofree char *note = NULL;
  const char *then = p->panel.conclusion.data_sha256;

  a.objects = dbo_doc_reviewed_objects (p, build->rules);
  a.members = g_ptr_array_new ();
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (p->panel.members, i);
      if (m->leader)
        g_ptr_array_insert (a.members, 0, m);
      else
        g_ptr_array_add (a.members, m);
    }

  dbo_text_style_init (&a.body, DBO_FONT_BODY);
  a.body.markup = TRUE;
  a.body.size_pt = DBO_SIZE_XIAO_SI;
  a.body.line_pitch_pt = 22;
  a.plain = a.body;
  a.plain.first_indent_em = 0;
  a.plain.align = DBO_ALIGN_LEFT;
  a.line = a.plain;
  dbo_text_style_init (&a.heading, DBO_FONT_HEADING);
  a.heading.size_pt = DBO_SIZE_SI_HAO;
  dbo_text_style_init (&a.notes, DBO_FONT_BODY);
  a.notes.size_pt = DBO_SIZE_WU_HAO;
  a.notes.first_indent_em = 0;
  a.notes.align = DBO_ALIGN_LEFT;
  a.notes.line_pitch_pt = DBO_SIZE_WU_HAO * 1.7;

  /* What the panel approved, identifiable on paper; a changed project voids it. */
  if (sha != NULL)
    {
      note = g_strdup_printf ("评审数据摘要 SHA-256: %.16s", sha);
      dbo_layout_set_footer_note (build->layout, note);
    }
  if (!dbo_str_empty (then) && sha != NULL && g_ascii_strcasecmp (then, sha) != 0)
    dbo_layout_add_stamp (build->layout, "已失效");

  add_cover (&a);
  add_tables (&a);
  add_opinion (&a);

  build->subject = g_strdup_printf ("网络安全等级保护定级专家评审意见书 · %s", dbo_doc_str (p->enterprise.name));
  g_ptr_array_unref (a.objects);
  g_ptr_array_unref (a.members);
  return TRUE;
}
