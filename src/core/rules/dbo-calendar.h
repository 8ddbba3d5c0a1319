/* dbo-calendar.h — China's working days (State Council holiday notices)
 *
 * Data: data/calendar/cn-workdays.xml (2021–2026), replaceable by a newer file.
 * A date in a year without data falls back to Monday–Friday, and every result
 * computed that way says so (DboCalendarResult.fallback).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DBO_CALENDAR_ERROR (dbo_calendar_error_quark ())
typedef enum {
  DBO_CALENDAR_ERROR_INVALID,
  DBO_CALENDAR_ERROR_DATE,        /* a date that is not YYYY-MM-DD */
} DboCalendarError;
GQuark dbo_calendar_error_quark (void);

typedef struct _DboCalendar DboCalendar;

typedef struct {
  GDate date;
  gboolean fallback;              /* some day counted lies in a year with no data */
} DboCalendarResult;

/* The calendar shipped with the application; a newer file in
 * $XDG_DATA_HOME/dengbao/calendar.xml (or $DENGBAO_CALENDAR) replaces it. */
DboCalendar *dbo_calendar_load_default  (GError **error);
DboCalendar *dbo_calendar_load_file     (const char *path, GError **error);
DboCalendar *dbo_calendar_load_bytes    (GBytes *bytes, const char *name_for_errors, GError **error);
DboCalendar *dbo_calendar_ref           (DboCalendar *self);
void         dbo_calendar_unref         (DboCalendar *self);

gboolean     dbo_calendar_has_year      (const DboCalendar *self, int year);
/* First and last year with data. */
void         dbo_calendar_get_range     (const DboCalendar *self, int *first, int *last);
/* Whether @date is a working day; *@fallback set when the year has no data. */
gboolean     dbo_calendar_is_working_day (const DboCalendar *self, const GDate *date,
                                          gboolean *fallback);
/* The date @n working days after @from (counting starts the day after). */
DboCalendarResult dbo_calendar_add_working_days (const DboCalendar *self, const GDate *from, int n);
/* The date @n calendar days after @from (fallback never set). */
DboCalendarResult dbo_calendar_add_days (const DboCalendar *self, const GDate *from, int n);

/* Parses a strict "YYYY-MM-DD" (a real date) into @date. */
gboolean     dbo_date_parse             (const char *text, GDate *date, GError **error);
/* A date as people type it: 2019-6-1, 2019/06/01, 2019.6.1, 2019年6月1日
 * (and YYYY-MM-DD). FALSE for anything else or a day that does not exist. */
gboolean     dbo_date_parse_lenient     (const char *text, GDate *date);
/* "YYYY-MM-DD"; free with g_free. */
char        *dbo_date_format            (const GDate *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboCalendar, dbo_calendar_unref)

G_END_DECLS
