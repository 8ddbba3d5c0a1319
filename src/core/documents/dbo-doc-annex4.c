#define G_LOG_DOMAIN "dengbao-annex4"
#include "config.h"
#include "dbo-doc-private.h"

#include <string.h>

/* Annex 4: 信息系统安全等级保护备案表 (MPS 2007 form, data/forms/README.md §3).
 *
 * Cover, 填表说明, 表一 once, then for each filed object (effective level ≥ the
 * filing minimum) in project order 表二（i/N） and 表三（i/N）, followed by
 * 表四（i/N） when the object needs the materials (level ≥ 3). Every table
 * starts on its own page, as the paper sheets do.
 *
 * The coded fields' boxes (表一 08–10, 表二 03–06) print the codes and texts
 * of the pack's form data (data/forms/mps-2007.xml); the rest of the form's
 * wording lives in the string literals of this file, one per cell, so that a
 * cell's 其他/其它 glyph or a label can be corrected where it is printed
 * (data/forms/README.md §3.4). */

/* Margins for these dense sheets: 表二 must fit on one A4 page at 五号. */
#define A4_TOP_MM     18.0
#define A4_BOTTOM_MM  20.0
#define A4_LEFT_MM    25.0
#define A4_RIGHT_MM   20.0
#define A4_WIDTH_MM   (210.0 - A4_LEFT_MM - A4_RIGHT_MM)   /* 165 */

#define ROW_MM        6.4          /* the least height of a form row */
#define SEAL_MM       42.0
#define LONG_TEXT_CHARS 600        /* a cell text that may not fit what is left of a page */
#define WJ            "\u2060"     /* word joiner: keeps a box with its label */
#define SEP           "\u3000"     /* between options */

typedef struct {
  const DboProject *project;
  const DboRuleset *rules;
  DboLayout *layout;
  int materials_min;
  DboTextStyle cell;               /* table text: 五号, markup */
  DboTextStyle title;              /* 表一 单位基本情况 … */
} Annex4;

/* ---------------------------------------------------------------- small helpers */

/* Appends "☑label" (or ☐) to @out; @label is markup. */
static void
add_option (GString *out, gboolean ticked, const char *label)
{
  if (out->len > 0)
    g_string_append (out, SEP);
  g_string_append (out, DBO_BOX (ticked));
  g_string_append (out, WJ);
  /* The code too: "9" alone at a line end reads as a stray digit. */
  if (g_ascii_isdigit (*label))
    {
      while (g_ascii_isdigit (*label))
        g_string_append_c (out, *label++);
      g_string_append (out, WJ);
    }
  g_string_append (out, label);
}

/* dbo_doc_blank() closed by a word joiner: a blank that ends a line would
 * otherwise be trailing white space, which Pango lets run past the cell. */
static char *
blank (const char *value, int min_chars)
{
  g_autofree char *b = dbo_doc_blank (value, min_chars);

  return g_strconcat (b, WJ, NULL);
}

/* "其他" followed by the filled blank, for an option list. */
static char *
other_label (const char *prefix, const char *other, gboolean ticked)
{
  g_autofree char *b = blank (ticked ? other : NULL, 4);

  return g_strdup_printf ("%s%s", prefix, b);
}

static const DboFormField *
form_field (const char *id)
{
  return dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007), id);
}

/* A code as the form prints it in its box: "1局域网", "99其他___" with the
 * other text, "11跨省（区、市） 跨___个" with @count. */
static char *
code_label (const DboFormCode *code, gboolean ticked, const char *other, const char *count)
{
  g_autofree char *text = g_strconcat (code->value, code->zh, NULL);

  if (code->other)
    return other_label (text, other, ticked);
  if (code->counted)
    {
      g_autofree char *b = blank (ticked ? count : NULL, 3);

      return g_strdup_printf ("%s\u2002跨%s个", text, b);
    }
  return g_steal_pointer (&text);
}

/* Every code of the field @id in @record, boxed and ticked as @record
 * answers it; @count is the number a counted code asks for (or NULL). */
static void
add_field_options (GString *out, const char *id, gconstpointer record, const char *count)
{
  const DboFormField *field = form_field (id);
  const char *value = dbo_form_field_get (field, record);

  for (guint i = 0; i < field->codes->len; i++)
    {
      const DboFormCode *code = g_ptr_array_index (field->codes, i);
      gboolean ticked = dbo_form_value_has_code (value, code->value);
      g_autofree char *text = code_label (code, ticked, dbo_form_field_get_other (field, record), count);

      add_option (out, ticked, text);
    }
}

/* The label of a field's item: "08隶属关系" for 表一08. */
static char *
item_label (const DboFormField *field)
{
  const char *number = field->item;

  while (*number != '\0' && !g_ascii_isdigit (*number))
    number = g_utf8_next_char (number);
  return g_strconcat (number, field->zh, NULL);
}

/* "<u> 2026 </u>年<u> 10 </u>月<u> 8 </u>日", or the blank runs (data/forms/README.md §3.7). */
static char *
date_blanks (const char *date)
{
  int y, m, d;

  if (dbo_doc_date_parts (date, &y, &m, &d))
    return g_strdup_printf ("<u>\u2002%d\u2002</u>年<u>\u2002%d\u2002</u>月<u>\u2002%d\u2002</u>日", y, m, d);
  return g_strdup ("<u>\u3000\u3000\u3000</u>年<u>\u3000\u3000</u>月<u>\u3000\u3000</u>日" WJ);
}

/* Sets a cell from markup, with its span and alignment. */
static DboCell *
put (DboTable *table, guint row, guint col, guint rowspan, guint colspan, DboAlign align,
     const char *markup)
{
  DboCell *cell = dbo_table_set (table, row, col, markup);

  dbo_cell_set_span (cell, rowspan, colspan);
  dbo_cell_set_align (cell, align, DBO_VALIGN_MIDDLE);
  return cell;
}

/* A label cell (static text: markup only to keep its words whole, DBO_WHOLE()). */
static DboCell *
label (DboTable *table, guint row, guint col, guint rowspan, guint colspan, const char *text)
{
  return put (table, row, col, rowspan, colspan, DBO_ALIGN_LEFT, text);
}

/* A value cell: @value is escaped. */
static DboCell *
value (DboTable *table, guint row, guint col, guint rowspan, guint colspan, const char *text)
{
  g_autofree char *escaped = dbo_doc_escape (text);

  return put (table, row, col, rowspan, colspan, DBO_ALIGN_LEFT, escaped);
}

/* A digit or two centred in a cell narrower than 13 mm. The layer lays out
 * cell text at least 10 mm wide (dbo-layout.c, measure_table), so centring
 * there would push the digit over the cell's right rule: the text is left-
 * aligned behind an en space sized to centre it (digits are ~0.55 em). */
static DboCell *
narrow_centered (DboTable *table, guint row, guint col, double cell_mm, const char *digits)
{
  double inner = DBO_MM (cell_mm) - 2 * DBO_MM (1.5);
  double lead = MAX (0.0, (inner - 0.55 * DBO_SIZE_WU_HAO * g_utf8_strlen (digits, -1)) / 2);
  g_autofree char *escaped = dbo_doc_escape (digits);
  g_autofree char *markup = NULL;

  if (*digits == '\0')
    return put (table, row, col, 1, 1, DBO_ALIGN_LEFT, "");
  /* An en space is half its size wide. */
  markup = g_strdup_printf ("<span size=\"%d\">\u2002</span>%s", (int) (2 * lead * PANGO_SCALE), escaped);
  return put (table, row, col, 1, 1, DBO_ALIGN_LEFT, markup);
}

static DboTable *
add_table (Annex4 *a4, const double *widths, guint n_cols)
{
  return dbo_layout_add_table (a4->layout, widths, n_cols, &a4->cell);
}

/* The sheet title, e.g. "表二（2/6）　信息系统情况", on a new page. */
static void
add_sheet_title (Annex4 *a4, const char *bookmark, int bookmark_level, const char *title)
{
  dbo_layout_add_page_break (a4->layout);
  if (bookmark != NULL)
    dbo_layout_add_bookmark (a4->layout, bookmark, bookmark_level);
  dbo_layout_add_paragraph (a4->layout, &a4->title, title);
}

/* The province's name for 表一 02: the rule set's provincial bureau ("山西省能源局")
 * up to "省", so that the name is data, not code. */
static char *
province_name (const DboRuleset *rules)
{
  const DboRegion *region = dbo_ruleset_province_region (rules);
  const char *sheng;

  if (region == NULL || region->authority == NULL)
    return g_strdup ("");
  sheng = strstr (region->authority, "省");
  if (sheng == NULL)
    return g_strdup ("");
  return g_strndup (region->authority, sheng - region->authority);
}

/* ---------------------------------------------------------------- cover */

/* A label pair of the cover, "（盖章）" after the first value, and the seal
 * square below it at the right. Labels are right-aligned: the colons line up. */
static void
cover_pair (Annex4 *a4, const char *label1, const char *value1, const char *label2, const char *value2)
{
  DboTextStyle style;
  const double widths[] = { 38.0, A4_WIDTH_MM - 38.0 };
  g_autofree char *first = g_strdup_printf ("%s（" WJ "盖" WJ "章" WJ "）", value1);
  DboTable *table;
  guint r;

  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.size_pt = DBO_SIZE_SI_HAO;
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_LEFT;
  style.markup = TRUE;
  table = dbo_layout_add_table (a4->layout, widths, G_N_ELEMENTS (widths), &style);
  dbo_table_set_borderless (table, TRUE);
  r = dbo_table_add_row (table, 11);
  put (table, r, 0, 1, 1, DBO_ALIGN_RIGHT, label1);
  put (table, r, 1, 1, 1, DBO_ALIGN_LEFT, first);
  r = dbo_table_add_row (table, 11);
  put (table, r, 0, 1, 1, DBO_ALIGN_RIGHT, label2);
  put (table, r, 1, 1, 1, DBO_ALIGN_LEFT, value2);
  dbo_layout_add_seal_area (a4->layout, A4_WIDTH_MM - 30.0, SEAL_MM, SEAL_MM + 4.0);
}

static void
render_cover (Annex4 *a4)
{
  const DboProject *project = a4->project;
  DboTextStyle style;
  g_autofree char *filed_zh = project->has_filing ? dbo_doc_date_zh (project->filing.submitted) : NULL;
  g_autofree char *name = blank (project->enterprise.name, 12);
  g_autofree char *filed = blank (filed_zh, 12);
  g_autofree char *bl = blank (NULL, 12);

  dbo_layout_add_bookmark (a4->layout, "封面", 1);

  dbo_text_style_init (&style, DBO_FONT_HEADING);
  style.size_pt = DBO_SIZE_SAN_HAO;
  style.space_before_mm = 0;
  style.keep_with_next = FALSE;
  dbo_layout_add_paragraph (a4->layout, &style, "附件 4");

  /* 备案表编号: 6 digits of the police office's code and a 5-digit serial, filled
   * by the police (填表说明 五): eleven empty boxes, a gap after the sixth. */
  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.size_pt = DBO_SIZE_SI_HAO;
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_RIGHT;
  style.space_before_mm = 4;
  dbo_layout_add_paragraph (a4->layout, &style,
                            "备案表编号：" DBO_BOX_EMPTY DBO_BOX_EMPTY DBO_BOX_EMPTY DBO_BOX_EMPTY
                            DBO_BOX_EMPTY DBO_BOX_EMPTY "\u2002" DBO_BOX_EMPTY DBO_BOX_EMPTY
                            DBO_BOX_EMPTY DBO_BOX_EMPTY DBO_BOX_EMPTY);

  /* The spaces give way to a long unit name: the cover stays one page. */
  dbo_layout_add_flex_space (a4->layout, 34, 8);
  dbo_text_style_init (&style, DBO_FONT_TITLE);
  style.size_pt = 26.0;            /* 一号 */
  style.line_pitch_pt = 26.0 * 1.7;
  style.keep_with_next = FALSE;
  dbo_layout_add_paragraph (a4->layout, &style, "信息系统安全等级保护");
  style.letter_spacing_pt = 13.0;
  dbo_layout_add_paragraph (a4->layout, &style, "备案表");
  dbo_layout_add_flex_space (a4->layout, 16, 6);

  /* Two pairs of lines, each followed by a clear square for its seal at the
   * right, under the "（盖章）" it belongs to. */
  cover_pair (a4, "备 案 单 位：", name, "备 案 日 期：", filed);
  cover_pair (a4, "受理备案单位：", bl, "受 理 日 期：", bl);

  dbo_layout_add_flex_space (a4->layout, 4, 0);
  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.size_pt = DBO_SIZE_SAN_HAO;
  style.first_indent_em = 0;
  style.align = DBO_ALIGN_CENTER;
  dbo_layout_add_paragraph (a4->layout, &style, "中华人民共和国公安部监制");
}

/* ---------------------------------------------------------------- 填表说明 */

/* Verbatim (data/forms/README.md §3.2), without the broadcast variant's own item. */
static const char *const instructions[] = {
  "一、制表依据。根据《信息安全等级保护管理办法》（公通字[2007]43号）之规定，制作本表；",
  "二、填表范围。本表由第二级以上信息系统运营使用单位或主管部门（以下简称“备案单位”）填写；本表由四张表单构成，表一为单位信息，每个填表单位填写一张；表二为信息系统基本信息，表三为信息系统定级信息，表二、表三每个信息系统填写一张；表四为第三级以上信息系统需要同时提交的内容，由每个第三级以上信息系统填写一张，并在完成系统建设、整改、测评等工作，投入运行后三十日内向受理备案公安机关提交；表二、表三、表四可以复印使用；",
  "三、保存方式。本表一式二份，一份由备案单位保存，一份由受理备案公安机关存档；",
  "四、本表中有选择的地方请在选项左侧“□”划“√”，如选择“其他”，请在其后的横线中注明详细内容；",
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

static void
render_instructions (Annex4 *a4)
{
  DboTextStyle style;

  dbo_layout_add_page_break (a4->layout);
  dbo_layout_add_bookmark (a4->layout, "填表说明", 1);
  dbo_text_style_init (&style, DBO_FONT_TITLE);
  style.size_pt = DBO_SIZE_XIAO_ER;
  style.line_pitch_pt = DBO_SIZE_XIAO_ER * 1.6;
  style.space_after_mm = 4;
  dbo_layout_add_paragraph (a4->layout, &style, "填\u3000表\u3000说\u3000明");

  dbo_text_style_init (&style, DBO_FONT_BODY);
  style.line_pitch_pt = DBO_SIZE_XIAO_SI * 1.55;
  style.space_after_mm = 0.6;
  /* Item 四 quotes "□": the layer draws it as an empty box, as the paper shows. */
  for (guint i = 0; i < G_N_ELEMENTS (instructions); i++)
    dbo_layout_add_paragraph (a4->layout, &style, instructions[i]);
}

/* ---------------------------------------------------------------- 表一 */

/* Columns of 表一 (mm): the item labels, then a grid fine enough for the six
 * digit boxes of 03 and 04 and the person sub-grid of 05 and 07. */
static const double table1_widths[] = {
  30.0,                                  /* 0 item label */
  7.0, 7.0, 7.0, 7.0, 7.0, 7.0,          /* 1–6 postcode digits */
  21.0, 21.0,                            /* 7–8 label 04 / person label */
  8.5, 8.5, 8.5, 8.5, 8.5, 8.5,          /* 9–14 division code digits */
};
#define T1_COLS  G_N_ELEMENTS (table1_widths)
#define T1_REST  (T1_COLS - 1)            /* everything right of the label */

/* The six digit cells of a code, starting at @col. */
static void
digit_cells (DboTable *table, guint row, guint col, const char *code)
{
  const char *p = code ? code : "";

  for (guint i = 0; i < 6; i++)
    {
      char digit[8] = "";
      if (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);
          memcpy (digit, p, MIN ((gsize) (next - p), sizeof digit - 1));
          p = next;
        }
      narrow_centered (table, row, col + i, table1_widths[col + i], digit);
    }
}

/* 05 / 07: 姓名 · 职务/职称 / 办公电话 · 电子邮件 [/ 移动电话]. */
static void
person_rows (DboTable *table, const char *item, const DboPerson *person, gboolean with_mobile)
{
  guint r0 = dbo_table_add_row (table, ROW_MM);
  guint r1 = dbo_table_add_row (table, ROW_MM);
  guint r2 = with_mobile ? dbo_table_add_row (table, ROW_MM) : r1;

  label (table, r0, 0, r2 - r0 + 1, 1, item);
  put (table, r0, 1, 1, 3, DBO_ALIGN_CENTER, "姓\u3000\u3000名");
  value (table, r0, 4, 1, 4, person->name);
  put (table, r0, 8, 1, 1, DBO_ALIGN_CENTER, "职务/职称");
  value (table, r0, 9, 1, 6, person->title);
  put (table, r1, 1, 1, 3, DBO_ALIGN_CENTER, "办公电话");
  value (table, r1, 4, 1, 4, person->office_phone);
  put (table, r1, 8, r2 - r1 + 1, 1, DBO_ALIGN_CENTER, "电子邮件");
  value (table, r1, 9, r2 - r1 + 1, 6, person->email);
  if (with_mobile)
    {
      put (table, r2, 1, 1, 3, DBO_ALIGN_CENTER, "移动电话");
      value (table, r2, 4, 1, 4, person->mobile);
    }
}

static void
render_table1 (Annex4 *a4)
{
  const DboEnterprise *e = &a4->project->enterprise;
  DboTable *table;
  GString *s;
  guint r;
  int counts[6] = { 0 };
  g_autofree char *province = province_name (a4->rules);
  const char *industry = dbo_str_empty (e->industry_code) ? "38" : e->industry_code;

  /* 11–15 from the levels the objects have now (never stored). */
  for (guint i = 0; i < a4->project->objects->len; i++)
    {
      const DboObject *o = g_ptr_array_index (a4->project->objects, i);
      int level = dbo_grading_effective_level (a4->rules, a4->project, o);
      if (level >= 1 && level <= 5)
        counts[level]++;
    }

  static const char *const one_line_items[] = { "affiliation", "unit-type" };

  add_sheet_title (a4, "表一　单位基本情况", 1, "表一\u3000单位基本情况");
  table = add_table (a4, table1_widths, G_N_ELEMENTS (table1_widths));

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "01单位名称");
  value (table, r, 1, 1, T1_REST, e->name);

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "02单位地址");
  {
    g_autofree char *b1 = blank (province, 4);
    g_autofree char *b2 = blank (dbo_doc_region_name (a4->rules, e->city), 4);
    /* "泽州县" → "泽州": the form prints 县（区、市、旗） after the blank. */
    g_autofree char *county = dbo_doc_without_unit (e->county, "县区市旗");
    g_autofree char *b3 = blank (county, 4);
    /* A name and the unit after it move to the next line together. */
    g_autofree char *text = g_strdup_printf (DBO_WHOLE_OPEN "%s省（自治区、直辖市）" DBO_WHOLE_CLOSE
                                             DBO_WHOLE_OPEN "%s地（区、市、州、盟）" DBO_WHOLE_CLOSE
                                             DBO_WHOLE_OPEN "%s县（区、市、旗）" DBO_WHOLE_CLOSE, b1, b2, b3);
    put (table, r, 1, 1, T1_REST, DBO_ALIGN_LEFT, text);
  }

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "03邮政编码");
  digit_cells (table, r, 1, e->postcode);
  put (table, r, 7, 1, 2, DBO_ALIGN_CENTER, "04行政区划代码");
  digit_cells (table, r, 9, e->division_code);

  person_rows (table, "05单位负责人", &e->head, FALSE);

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "06责任部门");
  value (table, r, 1, 1, T1_REST, e->department);

  /* Too long for its cell: it breaks between its words, never in 联系人. */
  person_rows (table, DBO_WHOLE ("07责任部门") DBO_WHOLE ("联系人"), &e->contact, TRUE);

  /* 08, 09: one line of boxes each. */
  s = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (one_line_items); i++)
    {
      g_autofree char *item = item_label (form_field (one_line_items[i]));

      add_field_options (s, one_line_items[i], e, NULL);
      r = dbo_table_add_row (table, ROW_MM + 1);
      label (table, r, 0, 1, 1, item);
      put (table, r, 1, 1, T1_REST, DBO_ALIGN_LEFT, s->str);
      g_string_truncate (s, 0);
    }

  /* 10: the full 2007 list, four per line as the form breaks it (the 1x
   * codes alone on the first; data/forms/README.md §3.3), then 其他 on a line
   * of its own. A coal enterprise with no code ticks 38能源, the model's
   * default code. */
  {
    const DboFormField *field = form_field ("industry");
    g_autofree char *item = item_label (field);
    GString *line = g_string_new (NULL);
    guint on_line = 0;
    char first = '\0';

    for (guint i = 0; i < field->codes->len; i++)
      {
        const DboFormCode *code = g_ptr_array_index (field->codes, i);
        gboolean ticked = dbo_form_value_has_code (industry, code->value);
        g_autofree char *text = code_label (code, ticked, e->industry_other, NULL);

        if (on_line > 0 && (on_line == 4 || code->other || (first == '1' && code->value[0] != '1')))
          {
            g_string_append (s, line->str);
            g_string_append_c (s, '\n');
            g_string_truncate (line, 0);
            on_line = 0;
          }
        if (on_line == 0)
          first = code->value[0];
        if (code->other)
          {
            /* Alone on its line: the box, then the label with no joiner after the code. */
            g_string_append (s, DBO_BOX (ticked));
            g_string_append (s, WJ);
            g_string_append (s, text);
            continue;
          }
        add_option (line, ticked, text);
        on_line++;
      }
    g_string_free (line, TRUE);
    r = dbo_table_add_row (table, ROW_MM);
    label (table, r, 0, 1, 1, item);
  }
  put (table, r, 1, 1, T1_REST, DBO_ALIGN_LEFT, s->str);
  g_string_free (s, TRUE);

  /* 11 on the left over four rows, 12–15 beside it, as on the paper form. */
  {
    static const char *const items[] = { "12第二级信息系统数", "13第三级信息系统数",
                                          "14第四级信息系统数", "15第五级信息系统数" };
    guint first = 0;
    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_autofree char *count = g_strdup_printf ("%d", counts[i + 2]);
        g_autofree char *bl = blank (count, 3);
        g_autofree char *text = g_strdup_printf ("%s个", bl);
        r = dbo_table_add_row (table, ROW_MM + 1);
        if (i == 0)
          first = r;
        put (table, r, 7, 1, 2, DBO_ALIGN_LEFT, items[i]);
        put (table, r, 9, 1, 6, DBO_ALIGN_CENTER, text);
      }
    {
      /* 11 = 12 + 13 + 14 + 15: the objects filed on this form, not the level-1 ones. */
      g_autofree char *count = g_strdup_printf ("%d", counts[2] + counts[3] + counts[4] + counts[5]);
      g_autofree char *bl = blank (count, 3);
      g_autofree char *text = g_strdup_printf ("%s个", bl);
      label (table, first, 0, 4, 1, "11信息系统总数");
      put (table, first, 1, 4, 6, DBO_ALIGN_CENTER, text);
    }
  }
}

/* ---------------------------------------------------------------- 表二 */

/* Columns of 表二 (mm): item label, then the products / services sub-tables
 * (序号 | 类型 | 数量 or 有/无 | three answer columns). */
static const double table2_widths[] = { 23.0, 8.0, 27.0, 22.0, 30.5, 30.5, 24.0 };

static const DboProduct *
find_product (const DboObject *o, DboProductKind kind)
{
  for (guint i = 0; o->products != NULL && i < o->products->len; i++)
    {
      const DboProduct *p = g_ptr_array_index (o->products, i);
      if (p->kind == kind)
        return p;
    }
  return NULL;
}

static const DboServiceUse *
find_service (const DboObject *o, DboServiceKind kind)
{
  for (guint i = 0; o->services != NULL && i < o->services->len; i++)
    {
      const DboServiceUse *s = g_ptr_array_index (o->services, i);
      if (s->kind == kind)
        return s;
    }
  return NULL;
}

/* A row of 表二 for one field of an item: the form's label for the field,
 * then its boxes over the rest of the row (@s is scratch space). */
static guint
field_row (DboTable *table, GString *s, const char *id, const DboObject *o, const char *count)
{
  guint row;

  add_field_options (s, id, o, count);
  row = dbo_table_add_row (table, ROW_MM);
  put (table, row, 1, 1, 2, DBO_ALIGN_CENTER, form_field (id)->zh);
  put (table, row, 3, 1, 4, DBO_ALIGN_LEFT, s->str);
  g_string_truncate (s, 0);
  return row;
}

/* A row of 07 or 08 for kind @k of @tokens: its number, then its name, or
 * 其他 with what was written for @is_other. */
static guint
kind_row (DboTable *table, const DboToken *tokens, int k, gboolean is_other, const char *other)
{
  g_autofree char *no = g_strdup_printf ("%d", k + 1);
  g_autofree char *kind = NULL;
  guint r;

  if (is_other)
    {
      g_autofree char *bl = blank (other, 3);
      kind = g_strdup_printf ("其他%s", bl);
    }
  else
    kind = g_strdup (dbo_token_zh (tokens, k));
  r = dbo_table_add_row (table, ROW_MM - 0.6);
  narrow_centered (table, r, 1, table2_widths[1], no);
  put (table, r, 2, 1, 1, DBO_ALIGN_CENTER, kind);
  return r;
}

static void
render_table2 (Annex4 *a4, const DboObject *o, guint index, guint total)
{
  DboTable *table;
  GString *s = g_string_new (NULL);
  guint r, r0;
  g_autofree char *title = g_strdup_printf ("表二（%u/%u）\u3000信息系统情况", index, total);
  g_autofree char *mark = g_strdup_printf ("表二（%u/%u）　信息系统情况", index, total);
  g_autofree char *cont = g_strdup_printf ("表二（%u/%u）（续）", index, total);

  add_sheet_title (a4, mark, 2, title);
  table = add_table (a4, table2_widths, G_N_ELEMENTS (table2_widths));
  dbo_table_set_continued_caption (table, cont);

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "01系统名称");
  value (table, r, 1, 1, 4, o->name);
  label (table, r, 5, 1, 1, "02系统编号");
  value (table, r, 6, 1, 1, o->number);

  /* 03 */
  r0 = field_row (table, s, "business-types", o, NULL);
  r = dbo_table_add_row (table, ROW_MM + 3);
  put (table, r, 1, 1, 2, DBO_ALIGN_CENTER, "业务描述");
  value (table, r, 3, 1, 4, o->business_description);
  /* The item label spans both rows, as on the paper, unless the description
   * is long enough to need cutting over pages: a row under a spanning cell
   * cannot be cut. */
  if (g_utf8_strlen (dbo_doc_str (o->business_description), -1) <= LONG_TEXT_CHARS)
    label (table, r0, 0, 2, 1, "03系统承载业务情况");
  else
    {
      label (table, r0, 0, 1, 1, "03系统承载业务情况");
      label (table, r, 0, 1, 1, "");
    }

  /* 04 */
  {
    g_autofree char *count = o->service_scope_count >= 0 ? g_strdup_printf ("%d", o->service_scope_count) : NULL;

    r0 = field_row (table, s, "service-scope", o, count);
  }
  field_row (table, s, "service-targets", o, NULL);
  label (table, r0, 0, 2, 1, "04系统服务情况");

  /* 05 */
  r0 = field_row (table, s, "network-coverage", o, NULL);
  field_row (table, s, "network-nature", o, NULL);
  label (table, r0, 0, 2, 1, "05系统网络平台");

  /* 06 */
  add_field_options (s, "interconnection", o, NULL);
  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 1, "06系统互联情况");
  put (table, r, 1, 1, 6, DBO_ALIGN_LEFT, s->str);
  g_string_truncate (s, 0);

  /* 07: 序号, 产品类型, 数量 over two header rows; 使用国产品率 over three. */
  r0 = dbo_table_add_row (table, ROW_MM);
  /* Upright, top to bottom: the column is one character wide. */
  dbo_cell_set_vertical (put (table, r0, 1, 2, 1, DBO_ALIGN_CENTER, "序号"), TRUE);
  put (table, r0, 2, 2, 1, DBO_ALIGN_CENTER, "产品类型");
  put (table, r0, 3, 2, 1, DBO_ALIGN_CENTER, "数量");
  put (table, r0, 4, 1, 3, DBO_ALIGN_CENTER, "使用国产品率");
  r = dbo_table_add_row (table, ROW_MM);
  put (table, r, 4, 1, 1, DBO_ALIGN_CENTER, "全部使用");
  put (table, r, 5, 1, 1, DBO_ALIGN_CENTER, "全部未使用");
  put (table, r, 6, 1, 1, DBO_ALIGN_CENTER, "部分使用及使用率");
  for (int k = 0; k < DBO_N_PRODUCT_KINDS; k++)
    {
      const DboProduct *p = find_product (o, k);
      gboolean partial = p && p->domestic == DBO_DOMESTIC_PARTIAL;
      g_autofree char *count = p && p->count >= 0 ? g_strdup_printf ("%d", p->count) : g_strdup ("");
      g_autofree char *pct = partial && p->percent >= 0 ? g_strdup_printf ("%d", p->percent) : NULL;
      g_autofree char *pct_blank = blank (pct, 3);
      g_autofree char *part = g_strdup_printf ("%s" WJ "%s%%", DBO_BOX (partial), pct_blank);

      r = kind_row (table, dbo_product_kind_tokens, k, k == DBO_PRODUCT_OTHER, p ? p->other : NULL);
      put (table, r, 3, 1, 1, DBO_ALIGN_CENTER, count);
      put (table, r, 4, 1, 1, DBO_ALIGN_CENTER, DBO_BOX (p && p->domestic == DBO_DOMESTIC_ALL));
      put (table, r, 5, 1, 1, DBO_ALIGN_CENTER, DBO_BOX (p && p->domestic == DBO_DOMESTIC_NONE));
      put (table, r, 6, 1, 1, DBO_ALIGN_CENTER, part);
    }
  label (table, r0, 0, 2 + DBO_N_PRODUCT_KINDS, 1, "07关键产品使用情况");

  /* 08: 服务类型 with its 有/无 (no header of its own, data/forms/README.md §3.4), then
   * 服务责任方类型 over three columns. A kind not recorded in a filled list is
   * 无; with no list at all both boxes stay empty for the pen. */
  r0 = dbo_table_add_row (table, ROW_MM);
  /* Upright, top to bottom: the column is one character wide. */
  dbo_cell_set_vertical (put (table, r0, 1, 2, 1, DBO_ALIGN_CENTER, "序号"), TRUE);
  put (table, r0, 2, 2, 2, DBO_ALIGN_CENTER, "服务类型");
  put (table, r0, 4, 1, 3, DBO_ALIGN_CENTER, "服务责任方类型");
  r = dbo_table_add_row (table, ROW_MM);
  put (table, r, 4, 1, 1, DBO_ALIGN_CENTER, "本行业（单位）");
  put (table, r, 5, 1, 1, DBO_ALIGN_CENTER, "国内其他服务商");
  put (table, r, 6, 1, 1, DBO_ALIGN_CENTER, "国外服务商");
  for (int k = 0; k < DBO_N_SERVICE_KINDS; k++)
    {
      const DboServiceUse *sv = find_service (o, k);
      gboolean known = o->services != NULL && o->services->len > 0;
      gboolean used = sv != NULL && sv->used;
      DboProvider provider = used ? sv->provider : DBO_PROVIDER_NONE;
      g_autofree char *yes_no = g_strdup_printf ("%s" WJ "有\u2002%s" WJ "无", DBO_BOX (used),
                                                 DBO_BOX (known && !used));

      r = kind_row (table, dbo_service_kind_tokens, k, k == DBO_SERVICE_OTHER, sv ? sv->other : NULL);
      put (table, r, 3, 1, 1, DBO_ALIGN_CENTER, yes_no);
      put (table, r, 4, 1, 1, DBO_ALIGN_CENTER, DBO_BOX (provider == DBO_PROVIDER_INDUSTRY));
      put (table, r, 5, 1, 1, DBO_ALIGN_CENTER, DBO_BOX (provider == DBO_PROVIDER_DOMESTIC));
      put (table, r, 6, 1, 1, DBO_ALIGN_CENTER, DBO_BOX (provider == DBO_PROVIDER_FOREIGN));
    }
  label (table, r0, 0, 2 + DBO_N_SERVICE_KINDS, 1, "08系统采用服务情况");

  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 3, "09等级测评单位名称");
  value (table, r, 3, 1, 4, o->assessment_body);

  {
    g_autofree char *date = date_blanks (o->operation_date);
    r = dbo_table_add_row (table, ROW_MM + 1);
    label (table, r, 0, 1, 3, "10何时投入运行使用");
    put (table, r, 3, 1, 4, DBO_ALIGN_LEFT, date);
  }

  {
    gboolean sub = !dbo_str_empty (o->parent_name);
    add_option (s, sub, "是");
    add_option (s, !sub, "否（如选择是请填下两项）");
    r = dbo_table_add_row (table, ROW_MM + 1);
    label (table, r, 0, 1, 3, "11系统是否是分系统");
    put (table, r, 3, 1, 4, DBO_ALIGN_LEFT, s->str);
    g_string_truncate (s, 0);
  }
  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 3, "12上级系统名称");
  value (table, r, 3, 1, 4, o->parent_name);
  r = dbo_table_add_row (table, ROW_MM + 1);
  label (table, r, 0, 1, 3, "13上级系统所属单位名称");
  value (table, r, 3, 1, 4, o->parent_name ? o->parent_unit : NULL);

  g_string_free (s, TRUE);
}

/* ---------------------------------------------------------------- 表三 */

/* The eight statements of the 2007 matrix block, in the printed order, with
 * the level each belongs to (data/forms/README.md §3.5). */
static const struct {
  const char *text;
  int level;
} statements[] = {
  { "仅对公民、法人和其他组织的合法权益造成损害", 1 },
  { "对公民、法人和其他组织的合法权益造成严重损害", 2 },
  { "对社会秩序和公共利益造成损害", 2 },
  { "对社会秩序和公共利益造成严重损害", 3 },
  { "对国家安全造成损害", 3 },
  { "对社会秩序和公共利益造成特别严重损害", 4 },
  { "对国家安全造成严重损害", 4 },
  { "对国家安全造成特别严重损害", 5 },
};

/* The statement a harm ticks. The 2007 wording has no statement for
 * 合法权益 × 特别严重损害 (data/forms/README.md §3.5); GB/T 22240 puts that cell at
 * 第二级, the same level as 合法权益 × 严重损害, so the nearest statement the
 * form offers, with the level the matrix gives, is "…合法权益造成严重损害". */
static int
statement_for (DboTarget target, DboDegree degree)
{
  static const int map[DBO_N_TARGETS][DBO_N_DEGREES] = {
    [DBO_TARGET_CITIZEN]  = { 0, 1, 1 },
    [DBO_TARGET_SOCIAL]   = { 2, 3, 5 },
    [DBO_TARGET_NATIONAL] = { 4, 6, 7 },
  };

  if ((int) target < 0 || target >= DBO_N_TARGETS || (int) degree < 0 || degree >= DBO_N_DEGREES)
    return -1;
  return map[target][degree];
}

/* The statement "…合法权益造成严重损害" (index in statements[]). */
#define CITIZEN_SERIOUS 1

/* Columns of 表三 (mm): the vertical item cell, labels, statements, level. */
static const double table3_widths[] = { 14.0, 36.0, 45.0, 44.0, 26.0 };

static void
matrix_block (DboTable *table, const char *item, const DboRuleset *rules, const GArray *harms)
{
  gboolean hit[G_N_ELEMENTS (statements)] = { FALSE };
  gboolean citizen_especially = FALSE;
  int level = dbo_grading_aspect_level (rules, harms);
  guint r0 = dbo_table_add_row (table, ROW_MM + 0.6);
  guint s = 0;
  DboCell *cell;

  for (guint i = 0; harms != NULL && i < harms->len; i++)
    {
      const DboHarm *h = &g_array_index (harms, DboHarm, i);
      int k = statement_for (h->target, h->degree);
      if (k >= 0)
        hit[k] = TRUE;
      if (h->target == DBO_TARGET_CITIZEN && h->degree == DBO_DEGREE_ESPECIALLY_SERIOUS)
        citizen_especially = TRUE;
    }

  put (table, r0, 1, 1, 3, DBO_ALIGN_CENTER, "损害客体及损害程度");
  put (table, r0, 4, 1, 1, DBO_ALIGN_CENTER, "级别");
  while (s < G_N_ELEMENTS (statements))
    {
      guint first = s;
      guint r_first = 0;

      /* The level box spans the statements of its level. */
      while (s < G_N_ELEMENTS (statements) && statements[s].level == statements[first].level)
        {
          /* The form has no 特别严重损害 line for 合法权益: the tick is on 严重损害
           * (the same level), with a note so that it agrees with Annex 2 and the report. */
          gboolean note = citizen_especially && s == CITIZEN_SERIOUS;
          g_autofree char *text = g_strdup_printf ("%s" WJ "%s%s", DBO_BOX (hit[s]), statements[s].text,
                                                   note ? "（注：实为特别严重损害）" : "");
          guint r = dbo_table_add_row (table, ROW_MM + 0.6);
          if (s == first)
            r_first = r;
          put (table, r, 1, 1, 3, DBO_ALIGN_LEFT, text);
          s++;
        }
      {
        g_autofree char *text = g_strdup_printf ("%s" WJ "%s", DBO_BOX (level == statements[first].level),
                                                 dbo_level_zh (statements[first].level));
        put (table, r_first, 4, s - first, 1, DBO_ALIGN_CENTER, text);
      }
    }
  cell = put (table, r0, 0, 1 + G_N_ELEMENTS (statements), 1, DBO_ALIGN_CENTER, item);
  dbo_cell_set_vertical (cell, TRUE);
}

/* The newest review round that lists @o, approved or not. */
static gboolean
review_approved (const DboProject *project, const DboObject *o)
{
  const DboReview *review = dbo_doc_deciding_review (project, o, NULL);

  return review != NULL && review->has_outcome && review->outcome == DBO_OUTCOME_APPROVED;
}

static void
render_table3 (Annex4 *a4, const DboObject *o, guint index, guint total)
{
  DboTable *table;
  DboTextStyle style;
  GString *s = g_string_new (NULL);
  int level = dbo_grading_effective_level (a4->rules, a4->project, o);
  DboRoute route;
  const DboRegion *bureau = NULL;
  const DboReview *deciding;
  g_autofree char *adjustment = dbo_grading_adjustment_text (a4->rules, a4->project, o, TRUE);
  g_autofree char *fixed = dbo_grading_level_fixed_date (a4->rules, a4->project, o);
  gboolean reviewed_by_panel = a4->project->panel.conclusion.present;
  guint r;
  g_autofree char *title = g_strdup_printf ("表三（%u/%u）\u3000信息系统定级情况", index, total);
  g_autofree char *mark = g_strdup_printf ("表三（%u/%u）　信息系统定级情况", index, total);
  g_autofree char *cont = g_strdup_printf ("表三（%u/%u）（续）", index, total);

  /* 07: the bureau whose review decided the level (as Annex 3 shows it),
   * else the one the rules route the object to. */
  deciding = dbo_doc_deciding_review (a4->project, o, NULL);
  if (deciding != NULL && !dbo_str_empty (deciding->authority))
    bureau = dbo_ruleset_find_region (a4->rules, deciding->authority);
  if (bureau == NULL)
    {
      dbo_ruleset_route_object (a4->rules, &a4->project->enterprise, o, level, &route);
      if (route.reviewed && route.authority != NULL)
        bureau = dbo_ruleset_find_region (a4->rules, route.authority);
    }

  add_sheet_title (a4, mark, 2, title);
  table = add_table (a4, table3_widths, G_N_ELEMENTS (table3_widths));
  dbo_table_set_continued_caption (table, cont);

  matrix_block (table, "01确定业务信息安全保护等级", a4->rules, o->aspects[DBO_ASPECT_BUSINESS].harms);
  matrix_block (table, "02确定系统服务安全保护等级", a4->rules, o->aspects[DBO_ASPECT_SERVICE].harms);

  for (int l = 1; l <= 5; l++)
    add_option (s, level == l, dbo_level_zh (l));
  /* 03 ≠ max (01, 02): say that it was adjusted and why, as the report does. */
  if (adjustment != NULL)
    {
      g_autofree char *escaped = dbo_doc_escape (adjustment);
      g_string_append_printf (s, "\n注：01、02中较高者为%s，安全保护等级经调整。%s",
                              dbo_level_zh (dbo_grading_computed_level (a4->rules, o)), escaped);
    }
  r = dbo_table_add_row (table, ROW_MM + 2.6);
  label (table, r, 0, 1, 2, "03信息系统安全保护等级");
  put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, s->str);
  g_string_truncate (s, 0);

  {
    /* The date the level was fixed, as the report is dated. */
    g_autofree char *date = date_blanks (fixed);
    r = dbo_table_add_row (table, ROW_MM + 2.6);
    label (table, r, 0, 1, 2, "04定级时间");
    put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, date);
  }

  add_option (s, reviewed_by_panel, "已评审");
  add_option (s, !reviewed_by_panel, "未评审");
  r = dbo_table_add_row (table, ROW_MM + 2.6);
  label (table, r, 0, 1, 2, "05专家评审情况");
  put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, s->str);
  g_string_truncate (s, 0);

  add_option (s, bureau != NULL, "有");
  add_option (s, bureau == NULL, "无（如选择有请填下两项）");
  r = dbo_table_add_row (table, ROW_MM + 2.6);
  label (table, r, 0, 1, 2, "06是否有主管部门");
  put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, s->str);
  g_string_truncate (s, 0);

  r = dbo_table_add_row (table, ROW_MM + 2.6);
  label (table, r, 0, 1, 2, "07主管部门名称");
  value (table, r, 2, 1, 3, bureau ? bureau->authority : NULL);

  {
    gboolean approved = bureau != NULL && review_approved (a4->project, o);
    add_option (s, approved, "已审批");
    add_option (s, !approved, "未审批");
    r = dbo_table_add_row (table, ROW_MM + 2.6);
    label (table, r, 0, 1, 2, "08主管部门审批定级情况");
    put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, s->str);
    g_string_truncate (s, 0);
  }

  {
    /* The application renders the report itself (report-<id>.pdf). */
    g_autofree char *report_name = g_strdup_printf ("%s定级报告", dbo_doc_str (o->name));
    g_autofree char *bl = blank (report_name, 8);
    add_option (s, TRUE, "有");
    add_option (s, FALSE, "无");
    g_string_append_printf (s, "\u3000附件名称%s", bl);
    r = dbo_table_add_row (table, ROW_MM + 2.6);
    label (table, r, 0, 1, 2, "09系统定级报告");
    put (table, r, 2, 1, 3, DBO_ALIGN_LEFT, s->str);
    g_string_truncate (s, 0);
  }

  {
    g_autofree char *who = blank (a4->project->enterprise.contact.name, 8);
    g_autofree char *date = date_blanks (a4->project->has_filing ? a4->project->filing.submitted : NULL);
    g_autofree char *left = g_strdup_printf ("填表人：%s", who);
    g_autofree char *right = g_strdup_printf ("填表日期：%s", date);
    r = dbo_table_add_row (table, ROW_MM + 3);
    put (table, r, 0, 1, 3, DBO_ALIGN_LEFT, left);
    put (table, r, 3, 1, 2, DBO_ALIGN_LEFT, right);
  }
  g_string_free (s, TRUE);

  /* Below the table, for the police. */
  dbo_text_style_init (&style, DBO_FONT_TABLE);
  style.align = DBO_ALIGN_LEFT;
  style.markup = TRUE;
  style.space_before_mm = 4;
  {
    g_autofree char *police = blank (NULL, 8);
    g_autofree char *date = date_blanks (NULL);
    dbo_layout_add_paragraphf (a4->layout, &style, "备案审核民警：%s\u3000\u3000\u3000\u3000审核日期：%s",
                               police, date);
  }
}

/* ---------------------------------------------------------------- 表四 */


static const double table4_widths[] = { 72.0, 27.0, 66.0 };

static void
render_table4 (Annex4 *a4, const DboObject *o, guint index, guint total)
{
  DboTable *table;
  g_autofree char *title = g_strdup_printf ("表四（%u/%u）\u3000第三级以上信息系统提交材料情况", index, total);
  g_autofree char *mark = g_strdup_printf ("表四（%u/%u）　第三级以上信息系统提交材料情况", index, total);

  add_sheet_title (a4, mark, 2, title);
  table = add_table (a4, table4_widths, G_N_ELEMENTS (table4_widths));
  for (int item = 1; item <= 7; item++)
    {
      const DboMaterial *m = dbo_object_find_material (o, item);
      g_autofree char *known = NULL;
      gboolean present = m && m->present, absent = m && !m->present;
      const DboAttachment *att = present ? dbo_project_find_attachment (a4->project, m->attachment) : NULL;
      g_autofree char *yes_no = NULL;
      g_autofree char *bl = NULL;

      /* 06 and 07 from the project where it knows them; otherwise the
       * user's tick, and where none is recorded both boxes empty, for the pen. */
      if (dbo_project_known_material (a4->project, o, item, &known))
        {
          present = TRUE;
          absent = FALSE;
        }
      yes_no = g_strdup_printf ("%s" WJ "有\u3000%s" WJ "无", DBO_BOX (present), DBO_BOX (absent));
      bl = blank (known ? known : att ? att->name : NULL, 10);
      g_autofree char *att_text = g_strdup_printf ("附件名称%s", bl);
      guint r = dbo_table_add_row (table, 15);

      {
        g_autofree char *numbered = g_strdup_printf ("%02d%s", item, dbo_material_label (item));

        label (table, r, 0, 1, 1, numbered);
      }
      put (table, r, 1, 1, 1, DBO_ALIGN_CENTER, yes_no);
      put (table, r, 2, 1, 1, DBO_ALIGN_LEFT, att_text);
    }
}

/* ---------------------------------------------------------------- entry */

gboolean
dbo_doc_render_annex4 (DboDocBuild *build, GError **error)
{
  Annex4 a4 = { 0 };
  g_autoptr(GPtrArray) filed = dbo_doc_filed_objects (build->project, build->rules);
  guint n = filed->len;

  a4.project = build->project;
  a4.rules = build->rules;
  a4.layout = build->layout;
  a4.materials_min = dbo_ruleset_materials_min_level (build->rules, NULL);

  dbo_layout_set_margins (a4.layout, A4_TOP_MM, A4_BOTTOM_MM, A4_LEFT_MM, A4_RIGHT_MM);

  dbo_text_style_init (&a4.cell, DBO_FONT_TABLE);
  a4.cell.markup = TRUE;
  a4.cell.align = DBO_ALIGN_LEFT;
  /* Single-spaced as the Word form is: 表二 then fits one sheet. */
  a4.cell.line_pitch_pt = DBO_SIZE_WU_HAO * 1.2;

  dbo_text_style_init (&a4.title, DBO_FONT_HEADING);
  a4.title.size_pt = DBO_SIZE_SI_HAO;
  a4.title.line_pitch_pt = DBO_SIZE_SI_HAO * 1.5;
  a4.title.align = DBO_ALIGN_CENTER;
  a4.title.space_before_mm = 0;
  a4.title.space_after_mm = 2;
  a4.title.keep_with_next = TRUE;

  g_free (build->subject);
  build->subject = g_strdup_printf ("%s · 信息系统安全等级保护备案表（%u 个第二级以上信息系统）",
                                    dbo_doc_str (build->project->enterprise.name), n);

  render_cover (&a4);
  render_instructions (&a4);
  render_table1 (&a4);

  for (guint i = 0; i < n; i++)
    {
      const DboObject *o = g_ptr_array_index (filed, i);
      int level = dbo_grading_effective_level (a4.rules, a4.project, o);
      g_autofree char *mark = g_strdup_printf ("%u/%u　%s（%s）", i + 1, n, dbo_doc_str (o->name),
                                               dbo_level_zh (level));

      dbo_layout_add_page_break (a4.layout);
      dbo_layout_add_bookmark (a4.layout, mark, 1);
      render_table2 (&a4, o, i + 1, n);
      render_table3 (&a4, o, i + 1, n);
      if (a4.materials_min > 0 && level >= a4.materials_min)
        render_table4 (&a4, o, i + 1, n);
    }
  return TRUE;
}
