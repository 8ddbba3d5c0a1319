#define G_LOG_DOMAIN "dengbao-annex3"
#include "config.h"
#include "dbo-doc-private.h"

/* Annex 3 — 煤矿企业网络安全等级保护定级审核意见书 (data/forms/README.md §2).
 *
 * One form per part (dbo_doc_annex3_keys): a review round prints that
 * round's objects, levels, opinion, number and date; an enterprise part
 * prints the objects not decided yet that go to one bureau, with the
 * bureau's column, opinion, number and date blank. */

/* The notes, exactly as the seed prints them — its typo 主管门 included. */
static const char annex3_notes[] =
  "注：1.审核编号前 2 位为审核行业主管部门编号，4-6 位为年份，7-10 位为系统编号；"
  "2.地区编号为：00 省级，01 太原，02 大同，03 朔州，04 忻州，05 吕梁，06 晋中，07 阳泉，08 长治，09 晋城，10 临汾，11 运城；"
  "3.此意见书一式三份，煤矿企业、审核行业主管门、网络安全管理部门各一份。";

static char *
standardization_blank (const DboEnterprise *e)
{
  g_autofree char *value = NULL;

  /* "____级" filled with 一 / 二 / 未评; a construction mine has no grade yet. */
  if (e->kind == DBO_KIND_CONSTRUCTION)
    {
      g_autofree char *blank = dbo_doc_blank ("建设矿井", 4);
      return g_strdup_printf ("安全生产标准化等级 %s", blank);
    }
  switch (e->standardization)
    {
    case DBO_STD_LEVEL1:
      value = dbo_doc_blank ("一", 3);
      break;
    case DBO_STD_LEVEL2:
      value = dbo_doc_blank ("二", 3);
      break;
    case DBO_STD_UNRATED:
    default:
      value = dbo_doc_blank ("未评", 3);
      break;
    }
  return g_strdup_printf ("安全生产标准化等级 %s级", value);
}

/* The level @review gave @object (0: the round does not list it). */
static int
review_level (const DboReview *review, const DboObject *object)
{
  for (guint j = 0; review != NULL && review->levels != NULL && j < review->levels->len; j++)
    {
      const DboReviewLevel *rl = &g_array_index (review->levels, DboReviewLevel, j);

      if (g_strcmp0 (rl->object_id, object->id) == 0)
        return rl->value;
    }
  return 0;
}

gboolean
dbo_doc_render_annex3 (DboDocBuild *build, GError **error)
{
  const DboProject *p = build->project;
  const DboEnterprise *e = &p->enterprise;
  DboLayout *layout = build->layout;
  /* One bureau's answer to one application (or the enterprise's part for
   * one bureau): never two bureaus on one form. */
  const DboReview *review = dbo_doc_annex3_review (p, build->rules, build->part);
  g_autoptr(GPtrArray) objects = dbo_doc_annex3_objects (p, build->rules, build->part);
  DboTextStyle plain, title, line, heading, notes, cell_left, head;
  const double info_cols[] = { 111, 45 };
  const double cols[] = { 12, 16, 46, 27, 27, 28 };
  DboTable *info, *table;
  DboCell *cell;
  g_autofree char *submitted = NULL;
  g_autofree char *name_blank = NULL, *city = NULL, *county = NULL, *town = NULL, *std = NULL;
  g_autofree char *decided_date = NULL;
  GString *opinion = g_string_new (NULL);
  GString *numbers = g_string_new (NULL);
  guint row;

  /* Tighter margins than the default: the form is one page for a usual mine. */
  dbo_layout_set_margins (layout, 22, 21, 28, 26);

  dbo_text_style_init (&plain, DBO_FONT_BODY);
  plain.first_indent_em = 0;
  plain.align = DBO_ALIGN_LEFT;
  head = plain;
  head.role = DBO_FONT_HEADING;
  head.size_pt = DBO_SIZE_SAN_HAO;
  dbo_text_style_init (&title, DBO_FONT_TITLE);
  title.line_pitch_pt = DBO_SIZE_ER_HAO * 1.35;
  title.space_before_mm = 4;
  title.space_after_mm = 4;
  line = plain;
  line.markup = TRUE;
  line.size_pt = DBO_SIZE_XIAO_SI;
  line.line_pitch_pt = DBO_SIZE_XIAO_SI * 1.9;
  dbo_text_style_init (&heading, DBO_FONT_HEADING);
  heading.size_pt = DBO_SIZE_SI_HAO;
  heading.align = DBO_ALIGN_CENTER;
  heading.space_before_mm = 3;
  heading.space_after_mm = 2;
  dbo_text_style_init (&notes, DBO_FONT_BODY);
  notes.size_pt = DBO_SIZE_XIAO_WU;
  notes.line_pitch_pt = DBO_SIZE_XIAO_WU * 1.5;
  notes.first_indent_em = 0;
  notes.space_before_mm = 2;
  dbo_text_style_init (&cell_left, DBO_FONT_TABLE);
  cell_left.align = DBO_ALIGN_LEFT;

  dbo_layout_add_paragraph (layout, &head, "附件 3");
  dbo_layout_add_paragraph (layout, &title, "煤矿企业网络安全等级保护定级\n审核意见书");

  /* The enterprise block, with a clear seal square beside it. An
   * enterprise part is not submitted yet: its date stays blank. */
  if (review != NULL && dbo_doc_date_parts (review->submitted, NULL, NULL, NULL))
    submitted = g_strdup (review->submitted);
  {
    g_autofree char *when = dbo_doc_date_or_blank (submitted);
    g_autofree char *when_esc = dbo_doc_escape (when);
    g_autofree char *text = NULL;

    /* "泽州县" is printed "泽州" before the form's （县/区）, "金村镇" "金村"
     * before （乡/镇）: the unit is not doubled. */
    g_autofree char *county_name = dbo_doc_without_unit (e->county, "县区");
    g_autofree char *town_name = dbo_doc_without_unit (e->town, "乡镇");

    name_blank = dbo_doc_blank (e->name, 12);
    city = dbo_doc_blank (dbo_doc_region_name (build->rules, e->city), 3);
    county = dbo_doc_blank (county_name, 3);
    town = dbo_doc_blank (town_name, 3);
    std = standardization_blank (e);
    /* Fixed labels break nowhere: "（盖 章）" after the name, and each short
     * name of the address with its unit. */
    text = g_strdup_printf ("填报时间：%s\n企业名称 %s" DBO_WHOLE ("（盖 章）") "\n注册地址 "
                            DBO_WHOLE_OPEN "%s市" DBO_WHOLE_CLOSE DBO_WHOLE_OPEN "%s（县/区）" DBO_WHOLE_CLOSE
                            DBO_WHOLE_OPEN "%s（乡/镇）" DBO_WHOLE_CLOSE "\n%s",
                            when_esc, name_blank, city, county, town, std);
    info = dbo_layout_add_table (layout, info_cols, 2, &line);
    dbo_table_set_borderless (info, TRUE);
    row = dbo_table_add_row (info, 0);
    cell = dbo_table_set (info, row, 0, text);
    dbo_cell_set_align (cell, DBO_ALIGN_LEFT, DBO_VALIGN_MIDDLE);
    cell = dbo_table_set (info, row, 1, "");
    dbo_cell_reserve_seal (cell, 42);
  }

  dbo_layout_add_paragraph (layout, &heading, "信息系统网络安全等级保护定级情况");

  table = dbo_layout_add_table (layout, cols, G_N_ELEMENTS (cols), NULL);
  dbo_table_set_header_rows (table, 1);
  dbo_table_set_continued_caption (table, "信息系统网络安全等级保护定级情况（续）");
  row = dbo_table_add_row (table, 0);
  dbo_table_set (table, row, 0, "序号");
  dbo_cell_set_span (dbo_table_set (table, row, 1, "信息系统名称"), 1, 2);
  dbo_table_set (table, row, 3, "分类拟定\n安全等级");
  dbo_table_set (table, row, 4, "专家评审\n建议等级");
  dbo_table_set (table, row, 5, "审核安全\n保护等级");

  for (guint i = 0; i < objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (objects, i);
      int decided = review_level (review, o);

      row = dbo_table_add_row (table, 7);
      dbo_table_setf (table, row, 0, "%u", i + 1);
      dbo_cell_set_span (dbo_table_set (table, row, 1, dbo_doc_str (o->name)), 1, 2);
      dbo_table_set (table, row, 3, dbo_doc_level (dbo_grading_drafted_level (build->rules, o)));
      dbo_table_set (table, row, 4, dbo_doc_level (dbo_doc_recommended_level (p, o)));
      dbo_table_set (table, row, 5, dbo_doc_level (decided));
    }
  if (objects->len == 0)
    {
      row = dbo_table_add_row (table, 8);
      dbo_cell_set_span (dbo_table_set (table, row, 0, "（无第二级及以上定级对象）"), 1, G_N_ELEMENTS (cols));
    }

  /* The bureau's part: this round's opinion, number and date; blank on an
   * enterprise part. */
  if (review != NULL)
    {
      g_autofree char *op = dbo_doc_escape (review->opinion);
      g_autofree char *num = dbo_doc_escape (review->number);

      g_string_append (opinion, op);
      if (!dbo_str_empty (review->number))
        g_string_append (numbers, num);
      decided_date = dbo_doc_date_zh (review->decided);
    }
  g_string_append_printf (opinion, "%s审核编号：%s", opinion->len ? "\n\n" : "\n\n\n",
                          numbers->len ? numbers->str : "xx-xxxx-xxxx");
  if (decided_date == NULL)
    decided_date = g_strdup ("　　　年　　月　　日");

  /* The opinion is a table of its own under the level table, on the same
   * columns: a continuation page that starts with it repeats no level header
   * above it, and it keeps the notes under it on its page. */
  dbo_layout_begin_keep (layout);
  table = dbo_layout_add_table (layout, cols, G_N_ELEMENTS (cols), NULL);
  row = dbo_table_add_row (table, 0);
  cell = dbo_table_set (table, row, 0, "行业主管部门\n审核意见");
  dbo_cell_set_span (cell, 1, 2);
  cell = dbo_table_set (table, row, 2, opinion->str);
  dbo_cell_set_span (cell, 1, 4);
  cell_left.markup = TRUE;
  dbo_cell_set_style (cell, &cell_left);
  dbo_cell_set_align (cell, DBO_ALIGN_LEFT, DBO_VALIGN_TOP);
  /* The seal is pressed on （公章） and the date: they sit in the middle of
   * its clear square, which the cell holds whole above the notes. */
  {
    g_autofree char *bottom = g_strdup_printf ("（公章）\n%s", decided_date);
    dbo_cell_set_bottom_text (cell, bottom, DBO_ALIGN_CENTER);
  }
  dbo_cell_reserve_seal (cell, 42);

  dbo_layout_add_paragraph (layout, &notes, annex3_notes);
  dbo_layout_end_keep (layout);

  build->subject = g_strdup_printf ("煤矿企业网络安全等级保护定级审核意见书 · %s", dbo_doc_str (e->name));
  g_string_free (opinion, TRUE);
  g_string_free (numbers, TRUE);
  return TRUE;
}
