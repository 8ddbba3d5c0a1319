/* dbo-desk-report.h — a bureau's quarterly report (§五(四))
 *
 * Every enterprise the desk knows, as of the quarter's last working day (the
 * report's date): its latest submission received by then gives its kind,
 * standardisation level, objects by level, police filing and assessments;
 * the decisions taken by then give the reviews approved and returned.
 * Written as a CSV (UTF-8 with a BOM, so a spreadsheet reads it as Chinese)
 * and as a PDF to print and stamp, both from the same rows.
 */
#pragma once

#include <glib.h>
#include "dbo-calendar.h"
#include "dbo-desk.h"
#include "dbo-documents.h"

G_BEGIN_DECLS

typedef struct {
  char *enterprise;
  char *credit_code;
  char *city;                     /* "01".."11" */
  DboEnterpriseKind kind;
  DboStandardization standardization;
  guint objects;                  /* 定级对象数 */
  guint level2, level3, level4;
  guint approved, corrected, regraded;   /* decisions by the report's date */
  guint filed;                    /* objects filed with the police (a certificate recorded) */
  guint assessments_due;          /* assessments falling due in the quarter, not done */
  guint assessments_overdue;      /* assessments overdue on the report's date */
} DboDeskReportRow;

typedef struct {
  char *authority;                /* the desk's bureau */
  int year;
  int quarter;                    /* 1..4 */
  char *date;                     /* the quarter's last working day, YYYY-MM-DD */
  GPtrArray *rows;                /* of DboDeskReportRow*, by city then credit code */
  DboDeskReportRow total;         /* the sums (text fields NULL) */
} DboDeskReport;

void           dbo_desk_report_free   (DboDeskReport *report);
/* Parses "2026Q3"; FALSE for anything else. */
gboolean       dbo_desk_quarter_parse (const char *text, int *year, int *quarter);
/* The report of @quarter of @year. */
DboDeskReport *dbo_desk_report_build  (DboDesk *desk, const DboCalendar *calendar, int year, int quarter,
                                       GError **error);
/* The CSV: a BOM, the header row, one row per enterprise, a 合计 row; CRLF line ends. */
GBytes        *dbo_desk_report_csv    (const DboDeskReport *report);
/* The PDF's document: a table per row, the totals by category (Annex 1's columns). */
DboDocument   *dbo_desk_report_document (const DboDeskReport *report, const DboRuleset *rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboDeskReport, dbo_desk_report_free)

G_END_DECLS
