#define G_LOG_DOMAIN "dengbao-desk"
#include "config.h"

#include "dbo-desk-report.h"

#include "dbo-deadlines.h"
#include "dbo-grading.h"
#include "dbo-layout.h"

#include <stdio.h>
#include <string.h>

/* The CSV's header row, in the order the province asked for. */
static const char *const csv_header[] = {
  "企业名称", "统一社会信用代码", "地市", "企业类型", "安全生产标准化等级", "定级对象数", "第二级", "第三级", "第四级",
  "已审核通过", "通知改正", "重新定级", "已备案", "测评到期", "测评逾期",
};
#define N_COLUMNS G_N_ELEMENTS (csv_header)
#define N_COUNTS 10             /* the columns from 定级对象数 on */

static void
row_free (DboDeskReportRow *row)
{
  g_free (row->enterprise);
  g_free (row->credit_code);
  g_free (row->city);
  g_free (row);
}

void
dbo_desk_report_free (DboDeskReport *report)
{
  if (report == NULL)
    return;
  g_free (report->authority);
  g_free (report->date);
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report);
}

gboolean
dbo_desk_quarter_parse (const char *text, int *year, int *quarter)
{
  guint64 y;

  if (text == NULL || strlen (text) != 6 || (text[4] != 'Q' && text[4] != 'q') || text[5] < '1' || text[5] > '4')
    return FALSE;
  {
    g_autofree char *digits = g_strndup (text, 4);

    if (!g_ascii_string_to_unsigned (digits, 10, 2000, 2999, &y, NULL))
      return FALSE;
  }
  *year = (int) y;
  *quarter = text[5] - '0';
  return TRUE;
}

/* The row's counts, in the CSV's order. */
static void
row_counts (const DboDeskReportRow *row, guint out[N_COUNTS])
{
  const guint counts[N_COUNTS] = { row->objects, row->level2, row->level3, row->level4, row->approved,
                                   row->corrected, row->regraded, row->filed, row->assessments_due,
                                   row->assessments_overdue };

  memcpy (out, counts, sizeof counts);
}

/* What the enterprise's latest project says: objects by level, filing, assessments. */
static void
count_project (DboDeskReportRow *row, const DboProject *p, const DboRuleset *rules, const DboCalendar *calendar,
               const GDate *first, const GDate *date)
{
  g_autoptr(GPtrArray) deadlines = dbo_deadlines_compute (p, rules, calendar, date);
  g_autofree char *from = dbo_date_format (first);
  g_autofree char *to = dbo_date_format (date);
  gboolean certified = p->has_filing && !dbo_str_empty (p->filing.certificate);
  int min = dbo_ruleset_filing_min_level (rules);

  row->objects = p->objects->len;
  for (guint i = 0; i < p->objects->len; i++)
    {
      int level = dbo_grading_effective_level (rules, p, g_ptr_array_index (p->objects, i));

      row->level2 += level == 2;
      row->level3 += level == 3;
      row->level4 += level == 4;
      row->filed += certified && level >= min;
    }
  for (guint i = 0; i < deadlines->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (deadlines, i);

      if (g_strcmp0 (d->id, "assessment") != 0 || d->due == NULL)
        continue;
      if (d->status == DBO_DEADLINE_OVERDUE)
        row->assessments_overdue++;
      else if (d->status == DBO_DEADLINE_PENDING && strcmp (d->due, from) >= 0 && strcmp (d->due, to) <= 0)
        row->assessments_due++;
    }
}

static void
add_row (DboDeskReportRow *total, const DboDeskReportRow *row)
{
  total->objects += row->objects;
  total->level2 += row->level2;
  total->level3 += row->level3;
  total->level4 += row->level4;
  total->approved += row->approved;
  total->corrected += row->corrected;
  total->regraded += row->regraded;
  total->filed += row->filed;
  total->assessments_due += row->assessments_due;
  total->assessments_overdue += row->assessments_overdue;
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const DboDeskReportRow *ra = *(const DboDeskReportRow * const *) a;
  const DboDeskReportRow *rb = *(const DboDeskReportRow * const *) b;
  int c = g_strcmp0 (ra->city, rb->city);

  return c != 0 ? c : g_strcmp0 (ra->credit_code, rb->credit_code);
}

DboDeskReport *
dbo_desk_report_build (DboDesk *desk, const DboCalendar *calendar, int year, int quarter, GError **error)
{
  g_autoptr(DboDeskReport) report = g_new0 (DboDeskReport, 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  /* Each row's latest submission, and each rule set loaded once (a desk's
   * hundreds of enterprises share one or two). */
  g_autoptr(GHashTable) row_latest = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) rule_sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) dbo_ruleset_unref);
  GDate first, date;
  gboolean fallback;
  g_autofree char *day = NULL;

  g_return_val_if_fail (desk != NULL && calendar != NULL && quarter >= 1 && quarter <= 4, NULL);

  /* The report's date: the quarter's last working day. */
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, (GDateMonth) (quarter * 3 - 2), (GDateYear) year);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) (quarter * 3), (GDateYear) year);
  g_date_set_day (&date, g_date_get_days_in_month ((GDateMonth) (quarter * 3), (GDateYear) year));
  while (!dbo_calendar_is_working_day (calendar, &date, &fallback))
    g_date_subtract_days (&date, 1);
  day = dbo_date_format (&date);

  report->authority = g_strdup (dbo_desk_get_authority (desk));
  report->year = year;
  report->quarter = quarter;
  report->date = g_strdup (day);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  list = dbo_desk_list (desk, error);
  if (list == NULL)
    return NULL;

  /* One row per enterprise (its credit code), from what was received by the date. */
  for (guint i = 0; i < list->len; i++)
    {
      DboDeskSubmission *s = g_ptr_array_index (list, i);
      const char *key = s->credit_code ? s->credit_code : s->project_id;
      DboDeskReportRow *row;

      if (strcmp (s->received, day) > 0)
        continue;
      row = g_hash_table_lookup (rows, key);
      if (row == NULL)
        {
          row = g_new0 (DboDeskReportRow, 1);
          row->credit_code = g_strdup (s->credit_code);
          g_ptr_array_add (report->rows, row);
          g_hash_table_insert (rows, (gpointer) key, row);
        }
      /* The list is in received order: the last one seen is the latest. */
      g_hash_table_insert (row_latest, row, s);
      if (s->has_outcome && strcmp (s->decided, day) <= 0)
        {
          row->approved += s->outcome == DBO_OUTCOME_APPROVED;
          row->corrected += s->outcome == DBO_OUTCOME_CORRECT;
          row->regraded += s->outcome == DBO_OUTCOME_REGRADE;
        }
    }
  for (guint i = 0; i < report->rows->len; i++)
    {
      DboDeskReportRow *row = g_ptr_array_index (report->rows, i);
      DboDeskSubmission *s = g_hash_table_lookup (row_latest, row);
      g_autoptr(DboProject) p = NULL;
      const char *name;
      DboRuleset *rules;

      row->enterprise = g_strdup (s->enterprise);
      row->city = g_strdup (s->city);
      row->kind = s->kind;
      row->standardization = s->standardization;
      p = dbo_desk_submitted_project (desk, s->id, error);
      if (p == NULL)
        return NULL;
      name = dbo_str_empty (p->ruleset) ? DBO_DEFAULT_RULESET : p->ruleset;
      rules = g_hash_table_lookup (rule_sets, name);
      if (rules == NULL)
        {
          rules = dbo_ruleset_load_named (name, error);
          if (rules == NULL)
            return NULL;
          g_hash_table_insert (rule_sets, g_strdup (name), rules);
        }
      count_project (row, p, rules, calendar, &first, &date);
    }
  g_ptr_array_sort (report->rows, compare_rows);
  for (guint i = 0; i < report->rows->len; i++)
    add_row (&report->total, g_ptr_array_index (report->rows, i));
  return g_steal_pointer (&report);
}

/* ---- CSV ---- */

/* RFC 4180: a field with a comma, quote or line end is quoted. */
static void
csv_field (GString *out, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (text != NULL && strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *c = text; *c; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);
}

static void
csv_counts (GString *out, const DboDeskReportRow *row)
{
  guint counts[N_COUNTS];

  row_counts (row, counts);
  for (guint k = 0; k < N_COUNTS; k++)
    g_string_append_printf (out, ",%u", counts[k]);
  g_string_append (out, "\r\n");
}

GBytes *
dbo_desk_report_csv (const DboDeskReport *report)
{
  GString *out = g_string_new ("\xef\xbb\xbf");

  for (guint k = 0; k < N_COLUMNS; k++)
    csv_field (out, csv_header[k], k == 0);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < report->rows->len; i++)
    {
      const DboDeskReportRow *row = g_ptr_array_index (report->rows, i);

      csv_field (out, row->enterprise, TRUE);
      csv_field (out, row->credit_code, FALSE);
      csv_field (out, row->city, FALSE);
      csv_field (out, dbo_token_zh (dbo_enterprise_kind_tokens, row->kind), FALSE);
      csv_field (out, row->kind == DBO_KIND_CONSTRUCTION ? "" : dbo_token_zh (dbo_standardization_tokens,
                                                                                row->standardization), FALSE);
      csv_counts (out, row);
    }
  g_string_append (out, "合计,,,,");
  csv_counts (out, &report->total);
  return g_string_free_to_bytes (out);
}

/* ---- PDF ---- */

typedef struct {
  const char *label;
  DboEnterpriseKind kind;
  int standardization;          /* -1: any */
} Category;

/* Annex 1's columns: production mines by standardisation, construction mines, groups. */
static const Category categories[] = {
  { "生产煤矿（安全生产标准化一级）", DBO_KIND_PRODUCTION, DBO_STD_LEVEL1 },
  { "生产煤矿（安全生产标准化二级）", DBO_KIND_PRODUCTION, DBO_STD_LEVEL2 },
  { "生产煤矿（未评级）", DBO_KIND_PRODUCTION, DBO_STD_UNRATED },
  { "建设煤矿", DBO_KIND_CONSTRUCTION, -1 },
  { "集团公司（主体企业）", DBO_KIND_GROUP, -1 },
};

static void
table_counts (DboTable *table, guint row, guint first_col, const DboDeskReportRow *r)
{
  guint counts[N_COUNTS];

  row_counts (r, counts);
  for (guint k = 0; k < N_COUNTS; k++)
    dbo_table_setf (table, row, first_col + k, "%u", counts[k]);
}

/* The two header rows over the counts (columns 4 on): groups above, their
 * columns below, every label on lines of at most two characters but 已备案.
 * Returns the first row; the caller fills columns 0–3 (each two rows tall). */
static guint
add_count_headers (DboTable *table)
{
  static const char *below[] = { "合计", "二级", "三级", "四级", "通过", "改正", "重新\n定级", NULL, "到期", "逾期" };
  guint top = dbo_table_add_row (table, 0);
  guint bottom = dbo_table_add_row (table, 0);

  dbo_cell_set_span (dbo_table_set (table, top, 4, "定级对象"), 1, 4);
  dbo_cell_set_span (dbo_table_set (table, top, 8, "审核"), 1, 3);
  dbo_cell_set_span (dbo_table_set (table, top, 11, "已备案"), 2, 1);
  dbo_cell_set_span (dbo_table_set (table, top, 12, "等级测评"), 1, 2);
  for (guint k = 0; k < N_COUNTS; k++)
    if (below[k] != NULL)
      dbo_table_set (table, bottom, 4 + k, below[k]);
  return top;
}

DboDocument *
dbo_desk_report_document (const DboDeskReport *report, const DboRuleset *rules)
{
  DboLayout *layout = dbo_layout_new ();
  const DboRegion *region = dbo_ruleset_find_region (rules, report->authority);
  const char *bureau = region != NULL ? region->authority : report->authority;
  /* The name wide enough for a credit code on one line, the counts for two
   * characters (mm, 172 in all: the side margins are 19 mm for this table). */
  const double cols[] = { 40, 10, 10, 13, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 13.5, 9.5, 9.5 };
  const char *heads[] = { "企业名称\n统一社会信用代码", "地市", "类型", "标准化等级" };
  g_autofree char *title = g_strdup_printf ("%s %d 年第 %d 季度网络安全等级保护定级备案情况报告", bureau,
                                            report->year, report->quarter);
  /* On the page the title breaks after the quarter, not wherever it fills the line. */
  g_autofree char *heading_text = g_strdup_printf ("%s %d 年第 %d 季度\n网络安全等级保护定级备案情况报告", bureau,
                                                   report->year, report->quarter);
  g_autofree char *date_zh = NULL;
  g_autofree char *pdf_date = g_strdup_printf ("%sT00:00:00+08:00", report->date);
  DboTextStyle heading, plain, cell;
  DboTable *table;
  guint row;

  dbo_text_style_init (&heading, DBO_FONT_TITLE);
  heading.size_pt = DBO_SIZE_XIAO_ER;
  heading.align = DBO_ALIGN_CENTER;
  dbo_text_style_init (&plain, DBO_FONT_BODY);
  dbo_text_style_init (&cell, DBO_FONT_TABLE);
  cell.size_pt = DBO_SIZE_XIAO_WU;
  dbo_layout_set_page_numbers (layout, TRUE);
  dbo_layout_set_margins (layout, 30, 28, 19, 19);
  dbo_layout_add_paragraph (layout, &heading, heading_text);
  dbo_layout_add_space (layout, 4);
  {
    int y, m, d;

    sscanf (report->date, "%d-%d-%d", &y, &m, &d);
    date_zh = g_strdup_printf ("%d年%d月%d日", y, m, d);
  }
  dbo_layout_add_paragraphf (layout, &plain, "报告日期：%s（本季度最后一个工作日）", date_zh);
  dbo_layout_add_space (layout, 3);

  table = dbo_layout_add_table (layout, cols, G_N_ELEMENTS (cols), &cell);
  dbo_table_set_header_rows (table, 2);
  row = add_count_headers (table);
  for (guint k = 0; k < G_N_ELEMENTS (heads); k++)
    dbo_cell_set_span (dbo_table_set (table, row, k, heads[k]), 2, 1);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const DboDeskReportRow *r = g_ptr_array_index (report->rows, i);

      row = dbo_table_add_row (table, 0);
      dbo_table_setf (table, row, 0, "%s\n%s", r->enterprise ? r->enterprise : "", r->credit_code ? r->credit_code : "");
      {
        const DboRegion *city = r->city ? dbo_ruleset_find_region (rules, r->city) : NULL;

        dbo_table_set (table, row, 1, city != NULL ? city->name : (r->city ? r->city : ""));
      }
      dbo_table_set (table, row, 2, dbo_token_zh (dbo_enterprise_kind_tokens, r->kind));
      dbo_table_set (table, row, 3, r->kind == DBO_KIND_CONSTRUCTION ? ""
                                    : dbo_token_zh (dbo_standardization_tokens, r->standardization));
      table_counts (table, row, 4, r);
    }
  row = dbo_table_add_row (table, 0);
  dbo_cell_set_span (dbo_table_set (table, row, 0, "合计"), 1, 4);
  table_counts (table, row, 4, &report->total);

  /* The totals per category, as Annex 1 counts the enterprises. */
  dbo_layout_add_space (layout, 5);
  dbo_layout_add_paragraph (layout, &plain, "按企业类别合计：");
  table = dbo_layout_add_table (layout, cols, G_N_ELEMENTS (cols), &cell);
  dbo_table_set_header_rows (table, 2);
  row = add_count_headers (table);
  dbo_cell_set_span (dbo_table_set (table, row, 0, "类别（企业数）"), 2, 4);
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      DboDeskReportRow sum = { 0 };
      guint n = 0;

      for (guint i = 0; i < report->rows->len; i++)
        {
          const DboDeskReportRow *r = g_ptr_array_index (report->rows, i);

          if (r->kind != categories[c].kind
              || (categories[c].standardization >= 0 && (int) r->standardization != categories[c].standardization))
            continue;
          add_row (&sum, r);
          n++;
        }
      row = dbo_table_add_row (table, 0);
      dbo_cell_set_span (dbo_table_setf (table, row, 0, "%s（%u）", categories[c].label, n), 1, 4);
      table_counts (table, row, 4, &sum);
    }
  dbo_layout_add_space (layout, 12);
  dbo_layout_add_paragraphf (layout, &plain, "%s（盖章）        %s", bureau, date_zh);
  return dbo_document_new_for_layout (layout, title, bureau, pdf_date);
}
