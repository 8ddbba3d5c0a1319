/* dbo-date-row.h — an entry row for a date, read through the core's date parser */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DBO_TYPE_DATE_ROW (dbo_date_row_get_type ())
G_DECLARE_FINAL_TYPE (DboDateRow, dbo_date_row, DBO, DATE_ROW, AdwEntryRow)

GtkWidget *dbo_date_row_new               (void);
/* Whether the text is empty or a whole date ("valid"). */
gboolean   dbo_date_row_get_valid         (DboDateRow *self);
/* The date typed, as YYYY-MM-DD; NULL when the
 * text is empty or not (yet) a date. */
char      *dbo_date_row_dup_date          (DboDateRow *self);
/* When the text is not a date, marks the row (error style, a tooltip saying
 * how to write one) and returns TRUE; else leaves the marks to the page. */
gboolean   dbo_date_row_mark_invalid      (DboDateRow *self);
/* Shows @date (YYYY-MM-DD, NULL for none), leaving the text and its cursor
 * alone when it already says it. */
void       dbo_date_row_set_date          (DboDateRow *self,
                                           const char *date);
/* Whether dates typed as 2019-6-1, 2019/06/01 or 2019年6月1日 are read too
 * ("lenient"; else only YYYY-MM-DD). */
void       dbo_date_row_set_lenient       (DboDateRow *self,
                                           gboolean    lenient);
/* Whether a button beside the text opens a calendar to pick the date from
 * ("show-calendar"). */
gboolean   dbo_date_row_get_show_calendar (DboDateRow *self);
void       dbo_date_row_set_show_calendar (DboDateRow *self,
                                           gboolean    show_calendar);

G_END_DECLS
