#define G_LOG_DOMAIN "dengbao-calendar"
#include "config.h"

#include "dbo-calendar.h"

#include <stdlib.h>

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dbo-core-resources.h"
#include "dbo-xml.h"

#define CALENDAR_NS "urn:dengbao:calendar:1"
#define CALENDAR_RESOURCE "/io/github/dengbao/Dengbao/core/calendar/cn-workdays.xml"

struct _DboCalendar
{
  gatomicrefcount ref_count;
  GHashTable *years;              /* year → document number (owned string) */
  GHashTable *rest;               /* julian day → TRUE */
  GHashTable *work;               /* julian day → TRUE (调休上班) */
  int first_year;
  int last_year;
};

G_DEFINE_QUARK (dbo-calendar-error-quark, dbo_calendar_error)

static DboCalendar *
calendar_new (void)
{
  DboCalendar *self = g_new0 (DboCalendar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->years = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->rest = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->work = g_hash_table_new (g_direct_hash, g_direct_equal);
  return self;
}

DboCalendar *
dbo_calendar_ref (DboCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dbo_calendar_unref (DboCalendar *self)
{
  if (self == NULL)
    return;
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_destroy (self->years);
  g_hash_table_destroy (self->rest);
  g_hash_table_destroy (self->work);
  g_free (self);
}

/* ---- dates ---- */

gboolean
dbo_date_parse (const char *text, GDate *date, GError **error)
{
  int y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_DATE,
                   _("No date given (expected YYYY-MM-DD)"));
      return FALSE;
    }

  /* Strictly ten characters: no sign, no time, no surrounding space. */
  for (int i = 0; i < 11; i++)
    {
      gboolean want_dash = (i == 4 || i == 7);
      char c = text[i];

      if (i == 10)
        {
          if (c != '\0')
            goto bad_form;
          break;
        }
      if (c == '\0')
        goto bad_form;
      if (want_dash ? c != '-' : !g_ascii_isdigit (c))
        goto bad_form;
    }

  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');

  if (y < 1 || m < 1 || m > 12 || d < 1 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_DATE,
                   _("“%s” is not a real date"), text);
      return FALSE;
    }

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;

bad_form:
  {
    /* Quote at most a sane amount of what we were given. */
    g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 40));

    g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_DATE,
                 _("“%s%s” is not a date in the form YYYY-MM-DD"),
                 shown, strlen (text) > 40 ? "…" : "");
    return FALSE;
  }
}

char *
dbo_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (unsigned) g_date_get_year (date),
                          (unsigned) g_date_get_month (date),
                          (unsigned) g_date_get_day (date));
}

/* ---- loading ---- */

typedef struct
{
  const char *name;               /* for errors */
  DboCalendar *cal;
  GHashTable *rest_line;          /* julian → line where it was declared rest */
  GHashTable *work_line;          /* julian → line where it was declared work */
} Loader;

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Loader *loader, xmlNode *node, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID,
               "%s:%ld: %s", loader->name, xmlGetLineNo (node), message);
  return FALSE;
}

/* Reads the date attribute @attr of @node; a date belongs to @year, or to the
 * last month of the year before (a notice may start its New Year break there). */
static gboolean
read_date (Loader *loader, xmlNode *node, const char *attr, int year, GDate *date,
           GError **error)
{
  g_autofree char *text = dbo_xml_get_attr (node, attr);
  g_autoptr(GError) local = NULL;
  int y;

  if (!dbo_date_parse (text, date, &local))
    return fail_at (loader, node, error, "%s: %s", attr, local->message);

  y = g_date_get_year (date);
  if (y != year && !(y == year - 1 && g_date_get_month (date) == G_DATE_DECEMBER))
    return fail_at (loader, node, error,
                    _("%s=\"%s\" is not in the year %d it is listed under"), attr, text, year);
  return TRUE;
}

static gboolean
add_rest_day (Loader *loader, xmlNode *node, guint32 julian, GError **error)
{
  gpointer key = GUINT_TO_POINTER (julian);
  gpointer other;

  if ((other = g_hash_table_lookup (loader->rest_line, key)) != NULL)
    {
      GDate date;
      g_autofree char *text = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, julian);
      text = dbo_date_format (&date);
      return fail_at (loader, node, error,
                      _("%s is already in the rest range on line %ld"), text,
                      (long) GPOINTER_TO_SIZE (other));
    }
  g_hash_table_insert (loader->rest_line, key, GSIZE_TO_POINTER ((gsize) xmlGetLineNo (node)));
  return TRUE;
}

static gboolean
load_holiday (Loader *loader, xmlNode *node, int year, GError **error)
{
  GDate start, end;
  guint32 j0, j1;

  if (!read_date (loader, node, "start", year, &start, error) ||
      !read_date (loader, node, "end", year, &end, error))
    return FALSE;

  /* A range belongs to the year it ends in; only its start may reach back. */
  if ((int) g_date_get_year (&end) != year)
    {
      g_autofree char *e = dbo_date_format (&end);

      return fail_at (loader, node, error, _("end=\"%s\" is not in the year %d it is listed under"),
                      e, year);
    }

  if (g_date_compare (&end, &start) < 0)
    {
      g_autofree char *s = dbo_date_format (&start);
      g_autofree char *e = dbo_date_format (&end);

      return fail_at (loader, node, error, _("the rest range ends (%s) before it starts (%s)"), e, s);
    }

  j0 = g_date_get_julian (&start);
  j1 = g_date_get_julian (&end);
  if (j1 - j0 > 31)
    return fail_at (loader, node, error, _("the rest range is longer than a month"));

  for (guint32 j = j0; j <= j1; j++)
    if (!add_rest_day (loader, node, j, error))
      return FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      GDate date;
      GDateWeekday wd;
      gpointer key;

      if (!dbo_xml_is_element (child, CALENDAR_NS, "workday"))
        continue;
      if (!read_date (loader, child, "date", year, &date, error))
        return FALSE;

      wd = g_date_get_weekday (&date);
      if (wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY)
        {
          g_autofree char *text = dbo_date_format (&date);

          return fail_at (loader, child, error,
                          "%s is a weekday: an adjusted working day (调休上班) is a Saturday or Sunday",
                          text);
        }

      key = GUINT_TO_POINTER (g_date_get_julian (&date));
      if (g_hash_table_contains (loader->work_line, key))
        {
          g_autofree char *text = dbo_date_format (&date);

          return fail_at (loader, child, error, _("%s is listed twice as a working day"), text);
        }
      g_hash_table_insert (loader->work_line, key, GSIZE_TO_POINTER ((gsize) xmlGetLineNo (child)));
    }
  return TRUE;
}

static DboCalendar *
calendar_from_doc (xmlDoc *doc, const char *name, GError **error)
{
  g_autoptr(GHashTable) rest_line = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) work_line = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(DboCalendar) cal = calendar_new ();
  Loader loader = { name, cal, rest_line, work_line };
  xmlNode *root = xmlDocGetRootElement (doc);
  GHashTableIter iter;
  gpointer key, value;

  if (root == NULL || !dbo_xml_is_element (root, CALENDAR_NS, "calendar"))
    {
      g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID,
                   _("%s: not a calendar (root element <calendar> in namespace %s expected)"),
                   name, CALENDAR_NS);
      return NULL;
    }

  cal->first_year = G_MAXINT;
  cal->last_year = G_MININT;

  for (xmlNode *ynode = root->children; ynode != NULL; ynode = ynode->next)
    {
      g_autofree char *value_text = NULL;
      gint64 year;

      if (!dbo_xml_is_element (ynode, CALENDAR_NS, "year"))
        continue;

      value_text = dbo_xml_get_attr (ynode, "value");
      if (!g_ascii_string_to_signed (value_text, 10, 1900, 9999, &year, NULL))
        {
          fail_at (&loader, ynode, error, _("year value=\"%s\" is not a year"), value_text);
          return NULL;
        }
      if (g_hash_table_contains (cal->years, GINT_TO_POINTER ((int) year)))
        {
          fail_at (&loader, ynode, error, _("the year %d is given twice"), (int) year);
          return NULL;
        }
      g_hash_table_insert (cal->years, GINT_TO_POINTER ((int) year), dbo_xml_get_attr (ynode, "document"));
      cal->first_year = MIN (cal->first_year, (int) year);
      cal->last_year = MAX (cal->last_year, (int) year);

      for (xmlNode *hnode = ynode->children; hnode != NULL; hnode = hnode->next)
        if (dbo_xml_is_element (hnode, CALENDAR_NS, "holiday") && !load_holiday (&loader, hnode, (int) year, error))
          return NULL;
    }

  if (g_hash_table_size (cal->years) == 0)
    {
      g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID,
                   _("%s: the calendar holds no year"), name);
      return NULL;
    }

  /* A day cannot be both off and worked. */
  g_hash_table_iter_init (&iter, work_line);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer rest = g_hash_table_lookup (rest_line, key);

      if (rest != NULL)
        {
          GDate date;
          g_autofree char *text = NULL;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, GPOINTER_TO_UINT (key));
          text = dbo_date_format (&date);
          g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID,
                       _("%s:%ld: %s is listed as a working day but is inside the rest range on line %ld"),
                       name, (long) GPOINTER_TO_SIZE (value), text, (long) GPOINTER_TO_SIZE (rest));
          return NULL;
        }
    }

  g_hash_table_iter_init (&iter, rest_line);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (cal->rest, key);
  g_hash_table_iter_init (&iter, work_line);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (cal->work, key);

  return g_steal_pointer (&cal);
}

DboCalendar *
dbo_calendar_load_bytes (GBytes *bytes, const char *name_for_errors, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  const char *name = name_for_errors != NULL ? name_for_errors : "calendar";

  g_return_val_if_fail (bytes != NULL, NULL);

  doc = dbo_xml_load_validated (bytes, "calendar.xsd", name, DBO_CALENDAR_ERROR,
                                DBO_CALENDAR_ERROR_INVALID, error);
  return doc != NULL ? calendar_from_doc (doc, name, error) : NULL;
}

DboCalendar *
dbo_calendar_load_file (const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = dbo_xml_read_file_bounded (path, &local);
  if (bytes == NULL)
    {
      g_set_error (error, DBO_CALENDAR_ERROR, DBO_CALENDAR_ERROR_INVALID,
                   _("cannot read the calendar: %s"), local->message);
      return NULL;
    }
  return dbo_calendar_load_bytes (bytes, path, error);
}

static gboolean
covers (const DboCalendar *candidate, const DboCalendar *base)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, base->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (candidate->years, key))
      return FALSE;
  return TRUE;
}

DboCalendar *
dbo_calendar_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DboCalendar) shipped = NULL;
  g_autofree char *user_file = NULL;
  const char *candidates[2];

  /* Through the resource itself: this also keeps its object (and the
   * constructor that registers it) from being dropped by the static linker. */
  bytes = g_resource_lookup_data (dbo_core_get_resource (), CALENDAR_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  shipped = dbo_calendar_load_bytes (bytes, "resource calendar/cn-workdays.xml", error);
  if (shipped == NULL)
    return NULL;

  /* A newer file replaces the shipped data, but only a sound one that
   * forgets none of the years we already know. */
  user_file = g_build_filename (g_get_user_data_dir (), "dengbao", "calendar.xml", NULL);
  candidates[0] = g_getenv ("DENGBAO_CALENDAR");
  candidates[1] = user_file;

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(DboCalendar) other = NULL;
      const char *path = candidates[i];

      if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      other = dbo_calendar_load_file (path, &local);
      if (other == NULL)
        {
          g_debug ("Ignoring the calendar %s: %s", path, local->message);
          continue;
        }
      if (!covers (other, shipped))
        {
          g_debug ("Ignoring the calendar %s: it lacks years the shipped calendar has (%d–%d)",
                   path, shipped->first_year, shipped->last_year);
          continue;
        }
      g_debug ("Using the calendar %s (%d–%d)", path, other->first_year, other->last_year);
      return g_steal_pointer (&other);
    }

  return g_steal_pointer (&shipped);
}

/* ---- queries ---- */

gboolean
dbo_calendar_has_year (const DboCalendar *self, int year)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->years, GINT_TO_POINTER (year));
}

void
dbo_calendar_get_range (const DboCalendar *self, int *first, int *last)
{
  g_return_if_fail (self != NULL);
  if (first != NULL)
    *first = self->first_year;
  if (last != NULL)
    *last = self->last_year;
}

static gboolean
is_working_julian (const DboCalendar *self, guint32 julian, const GDate *date, gboolean *fallback)
{
  gpointer key = GUINT_TO_POINTER (julian);
  GDateWeekday wd;

  *fallback = !dbo_calendar_has_year (self, g_date_get_year (date));
  /* Rest ranges and adjusted days are looked up whatever their year: a
   * holiday may reach into a year the notice is not listed under. */
  if (g_hash_table_contains (self->work, key))
    return TRUE;
  if (g_hash_table_contains (self->rest, key))
    return FALSE;
  wd = g_date_get_weekday (date);
  return wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY;
}

gboolean
dbo_calendar_is_working_day (const DboCalendar *self, const GDate *date, gboolean *fallback)
{
  gboolean fb = FALSE;
  gboolean working;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  working = is_working_julian (self, g_date_get_julian (date), date, &fb);
  if (fallback != NULL)
    *fallback = fb;
  return working;
}

DboCalendarResult
dbo_calendar_add_working_days (const DboCalendar *self, const GDate *from, int n)
{
  DboCalendarResult result = { 0 };
  int step = n < 0 ? -1 : 1;
  int remaining = ABS (n);

  g_date_clear (&result.date, 1);
  g_return_val_if_fail (self != NULL, result);
  g_return_val_if_fail (from != NULL && g_date_valid (from), result);

  result.date = *from;
  while (remaining > 0)
    {
      gboolean fb = FALSE;

      if (step > 0)
        {
          if (g_date_get_julian (&result.date) >= G_MAXUINT32 - 1 ||
              g_date_get_year (&result.date) >= G_MAXUINT16 - 1)
            break;
          g_date_add_days (&result.date, 1);
        }
      else
        {
          if (g_date_get_julian (&result.date) <= 1)
            break;
          g_date_subtract_days (&result.date, 1);
        }

      if (is_working_julian (self, g_date_get_julian (&result.date), &result.date, &fb))
        remaining--;
      result.fallback |= fb;
    }
  return result;
}

DboCalendarResult
dbo_calendar_add_days (const DboCalendar *self, const GDate *from, int n)
{
  DboCalendarResult result = { 0 };

  g_date_clear (&result.date, 1);
  g_return_val_if_fail (from != NULL && g_date_valid (from), result);

  result.date = *from;
  if (n > 0)
    g_date_add_days (&result.date, (guint) n);
  else if (n < 0)
    g_date_subtract_days (&result.date, (guint) -n);
  return result;
}

gboolean
dbo_date_parse_lenient (const char *text, GDate *date)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  int y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);
  if (text == NULL)
    return FALSE;
  if (dbo_date_parse (text, date, NULL))
    return TRUE;
  re = g_regex_new ("^\\s*([0-9]{4})\\s*(?:[-/.]|年)\\s*([0-9]{1,2})\\s*(?:[-/.]|月)\\s*([0-9]{1,2})\\s*日?\\s*$",
                    0, 0, NULL);
  if (!g_regex_match (re, text, 0, &match))
    return FALSE;
  {
    g_autofree char *ys = g_match_info_fetch (match, 1);
    g_autofree char *ms = g_match_info_fetch (match, 2);
    g_autofree char *ds = g_match_info_fetch (match, 3);

    y = atoi (ys);
    m = atoi (ms);
    d = atoi (ds);
  }
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}
