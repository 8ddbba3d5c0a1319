#define G_LOG_DOMAIN "dengbao-signatures"
#include "config.h"
#include "dbo-doc-private.h"

/* 签字页 — the sheet the panel signs in ink.
 *
 * Not one of the notice's annexes: a working paper printed for the meeting,
 * pre-filled with the review date, the enterprise and every member's name,
 * unit and title, with a ruled box per member to sign in. The signed sheet is
 * scanned and attached to the project (its SHA-256 in project.xml). Nothing
 * on it is computed, so no finding ever blocks it: blanks print as blanks. */

#define SIGN_ROW_MM 17.0     /* room for a signature written by hand */
#define BLANK_ROWS 5         /* a panel not entered yet: the smallest valid panel */

static const char *
member_kind_zh (const DboMember *m)
{
  return m->kind == DBO_MEMBER_COAL_IT ? "煤炭行业信息化专家" : "信息安全专家";
}

gboolean
dbo_doc_render_signatures (DboDocBuild *build, GError **error)
{
  const DboProject *p = build->project;
  DboLayout *layout = build->layout;
  const double cols[] = { 12, 20, 36, 24, 24, 40 };
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GPtrArray) objects = dbo_doc_reviewed_objects (p, build->rules);
  g_autofree char *unit = dbo_doc_blank (p->enterprise.name, 22);
  g_autofree char *date_zh = dbo_doc_date_zh (p->panel.date);
  g_autofree char *date = dbo_doc_blank (date_zh, 22);
  g_autofree char *location = dbo_doc_blank (p->panel.location, 22);
  g_autofree char *sign_date = dbo_doc_date_or_blank (p->panel.date);
  DboTextStyle title, line, notes, right, cell_style;
  DboTable *table;
  GString *names = g_string_new (NULL);

  /* The leader signs first, as on Annex 2. */
  for (guint i = 0; i < p->panel.members->len; i++)
    {
      DboMember *m = g_ptr_array_index (p->panel.members, i);

      if (m->leader)
        g_ptr_array_insert (members, 0, m);
      else
        g_ptr_array_add (members, m);
    }

  dbo_text_style_init (&title, DBO_FONT_TITLE);
  title.size_pt = DBO_SIZE_XIAO_ER;
  title.line_pitch_pt = DBO_SIZE_XIAO_ER * 1.5;
  title.space_after_mm = 6;
  dbo_text_style_init (&line, DBO_FONT_BODY);
  line.markup = TRUE;
  line.size_pt = DBO_SIZE_SI_HAO;
  line.first_indent_em = 0;
  line.align = DBO_ALIGN_LEFT;
  line.line_pitch_pt = DBO_SIZE_SI_HAO * 1.9;
  notes = line;
  notes.markup = FALSE;
  notes.size_pt = DBO_SIZE_WU_HAO;
  notes.line_pitch_pt = DBO_SIZE_WU_HAO * 1.7;
  right = line;
  right.align = DBO_ALIGN_RIGHT;
  right.space_before_mm = 8;
  dbo_text_style_init (&cell_style, DBO_FONT_TABLE);
  cell_style.size_pt = DBO_SIZE_XIAO_SI;

  dbo_layout_add_bookmark (layout, "专家评审签字页", 1);
  dbo_layout_add_paragraph (layout, &title, "网络安全等级保护定级\n专家评审签字页");
  dbo_layout_add_paragraphf (layout, &line, "评审单位：%s", unit);
  dbo_layout_add_paragraphf (layout, &line, "评审日期：%s", date);
  dbo_layout_add_paragraphf (layout, &line, "评审地点：%s", location);

  for (guint i = 0; i < objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (objects, i);
      g_autofree char *n = dbo_doc_escape (!dbo_str_empty (o->name) ? o->name : o->id);

      if (i > 0)
        g_string_append (names, "、");
      g_string_append (names, n);
    }
  if (names->len > 0)
    dbo_layout_add_paragraphf (layout, &line, "评审对象：%s", names->str);
  g_string_free (names, TRUE);
  dbo_layout_add_space (layout, 4);

  table = dbo_layout_add_table (layout, cols, G_N_ELEMENTS (cols), &cell_style);
  dbo_table_set_header_rows (table, 1);
  dbo_table_set_continued_caption (table, "专家评审签字页（续）");
  dbo_table_add_cells (table, 10, "序号", "姓  名", "单  位", "职称/职务", "专家类别", "签  字", NULL);
  for (guint i = 0; i < members->len; i++)
    {
      const DboMember *m = g_ptr_array_index (members, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = g_strdup_printf ("%s%s", dbo_doc_str (m->name), m->leader ? "\n（组长）" : "");

      dbo_table_add_cells (table, SIGN_ROW_MM, number, name, dbo_doc_str (m->unit), dbo_doc_str (m->title),
                           member_kind_zh (m), "", NULL);
    }
  if (members->len == 0)
    for (guint i = 0; i < BLANK_ROWS; i++)
      {
        g_autofree char *number = g_strdup_printf ("%u", i + 1);

        dbo_table_add_cells (table, SIGN_ROW_MM, number, "", "", "", "", "", NULL);
      }

  dbo_layout_add_space (layout, 4);
  dbo_layout_add_paragraph (layout, &notes,
                            "注：1.请评审专家本人用黑色或蓝黑色签字笔在“签字”栏内签字。\n"
                            "\u3000\u30002.签字后扫描或拍照存档，随项目材料一并保存。");
  dbo_layout_add_paragraph (layout, &right, sign_date);

  build->subject = g_strdup_printf ("网络安全等级保护定级专家评审签字页 · %s", dbo_doc_str (p->enterprise.name));
  return TRUE;
}
