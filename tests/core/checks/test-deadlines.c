/* Deadlines of the sample project, counted over the 2026 National Day holiday. */
#include "dbo-test-utils.h"

#include "dbo-calendar.h"
#include "dbo-deadlines.h"
#include "dbo-project-xml.h"
#include "dbo-ruleset.h"

static DboRuleset *rules;
static DboCalendar *calendar;

static DboProject *
load_sample (void)
{
  g_autofree char *path = dbo_test_sample_path ();
  g_autoptr(GError) error = NULL;
  DboProject *p = dbo_project_xml_read_file (path, &error);

  g_assert_no_error (error);
  return p;
}

static GPtrArray *
compute (const DboProject *p, const char *today_text)
{
  GDate today;

  g_assert_true (dbo_date_parse (today_text, &today, NULL));
  return dbo_deadlines_compute (p, rules, calendar, &today);
}

/* The n-th deadline with @id (and @object_id when non-NULL). */
static const DboDeadline *
find (GPtrArray *list, const char *id, const char *object_id, guint nth)
{
  for (guint i = 0; i < list->len; i++)
    {
      const DboDeadline *d = g_ptr_array_index (list, i);

      if (g_strcmp0 (d->id, id) == 0 && (object_id == NULL || g_strcmp0 (d->object_id, object_id) == 0))
        {
          if (nth == 0)
            return d;
          nth--;
        }
    }
  return NULL;
}

typedef struct {
  const char *id;
  const char *object_id;
  guint nth;
  const char *start;
  const char *due;
  const char *done;
  DboDeadlineStatus status;
} Expect;

static const Expect sample_expect[] = {
  /* Concluded Mon 2026-09-28: 09-29, 09-30, (10-01…07 国庆), 10-08, 10-09, Sat 10-10 (调休上班). */
  { "apply-review", NULL, 0, "2026-09-28", "2026-10-10", "2026-09-30", DBO_DEADLINE_MET },
  /* Applied 09-30: 10-08, 10-09, 10-10, 10-12, 10-13. */
  { "review-answer", NULL, 0, "2026-09-30", "2026-10-13", "2026-10-12", DBO_DEADLINE_MET },
  { "review-answer", NULL, 1, "2026-09-30", "2026-10-13", "2026-10-13", DBO_DEADLINE_MET },
  /* 30 calendar days from the level being fixed. */
  { "filing", NULL, 0, "2026-09-28", "2026-10-28", "2026-10-16", DBO_DEADLINE_MET },
  /* Filed Fri 10-16: ten working days → Fri 10-30. */
  { "police-answer", NULL, 0, "2026-10-16", "2026-10-30", "2026-10-27", DBO_DEADLINE_MET },
  { "assessment", "o1", 0, "2026-10-27", "2028-10-27", NULL, DBO_DEADLINE_PENDING },
  { "assessment", "o7", 0, "2026-10-27", "2028-10-27", NULL, DBO_DEADLINE_PENDING },
  { "assessment", "o9", 0, "2026-10-27", "2027-10-27", NULL, DBO_DEADLINE_PENDING },
};

static void
check_expect (GPtrArray *list, const Expect *e)
{
  const DboDeadline *d = find (list, e->id, e->object_id, e->nth);

  g_test_message ("%s %s", e->id, e->object_id ? e->object_id : "");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->start, ==, e->start);
  g_assert_cmpstr (d->due, ==, e->due);
  g_assert_cmpstr (d->done, ==, e->done);
  g_assert_cmpint (d->status, ==, e->status);
  g_assert_false (d->fallback);
  g_assert_nonnull (d->clause);
  g_assert_cmpstr (d->clause, !=, "");
}

static void
test_sample (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) list = compute (p, "2026-11-24");

  for (gsize i = 0; i < G_N_ELEMENTS (sample_expect); i++)
    check_expect (list, &sample_expect[i]);
  /* The level-1 office network is neither reviewed, filed nor assessed. */
  g_assert_null (find (list, "assessment", "o8", 0));
  g_assert_null (find (list, "campaign", NULL, 0));
}

static void
test_assessment_periods (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GPtrArray) after = NULL;
  DboAssessment *a;
  const DboDeadline *d;

  /* A year after the certificate, the level-3 platform is overdue, the level-2 systems are not. */
  later = compute (p, "2027-11-01");
  g_assert_cmpint (find (later, "assessment", "o9", 0)->status, ==, DBO_DEADLINE_OVERDUE);
  g_assert_cmpint (find (later, "assessment", "o1", 0)->status, ==, DBO_DEADLINE_PENDING);

  /* After an assessment the next one counts from it. */
  a = dbo_assessment_new ("o9");
  dbo_set_str (&a->date, "2027-09-01");
  dbo_set_str (&a->body, "山西省信息安全等级保护测评中心");
  g_ptr_array_add (p->assessments, a);
  after = compute (p, "2027-11-01");
  d = find (after, "assessment", "o9", 0);
  g_assert_cmpstr (d->start, ==, "2027-09-01");
  g_assert_cmpstr (d->due, ==, "2028-09-01");
  g_assert_cmpint (d->status, ==, DBO_DEADLINE_PENDING);
}

static void
test_level_four_and_five (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) list = NULL;
  DboObject *o9 = dbo_project_find_object (p, "o9");
  DboObject *o1 = dbo_project_find_object (p, "o1");

  /* The bureau's decided level rules: make o9 level 4 and o1 level 5. */
  for (guint i = 0; i < p->reviews->len; i++)
    {
      DboReview *r = g_ptr_array_index (p->reviews, i);

      for (guint k = 0; k < r->levels->len; k++)
        {
          DboReviewLevel *l = &g_array_index (r->levels, DboReviewLevel, k);

          if (g_strcmp0 (l->object_id, o9->id) == 0)
            l->value = 4;
          if (g_strcmp0 (l->object_id, o1->id) == 0)
            l->value = 5;
        }
    }
  dbo_project_find_recommendation (p, "o9")->level = 4;
  dbo_project_find_recommendation (p, "o1")->level = 5;
  list = compute (p, "2026-11-24");
  g_assert_cmpstr (find (list, "assessment", "o9", 0)->due, ==, "2027-04-27");
  /* Level 5: by special security needs, no fixed date. */
  g_assert_null (find (list, "assessment", "o1", 0)->due);
  g_assert_cmpint (find (list, "assessment", "o1", 0)->status, ==, DBO_DEADLINE_PENDING);
}

static void
test_pending_and_overdue (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) late = NULL;

  g_ptr_array_set_size (p->reviews, 0);
  p->has_filing = FALSE;
  early = compute (p, "2026-10-09");
  g_assert_cmpint (find (early, "apply-review", NULL, 0)->status, ==, DBO_DEADLINE_PENDING);
  g_assert_null (find (early, "apply-review", NULL, 0)->done);
  g_assert_cmpint (find (early, "filing", NULL, 0)->status, ==, DBO_DEADLINE_PENDING);
  g_assert_null (find (early, "police-answer", NULL, 0));
  g_assert_null (find (early, "assessment", NULL, 0));
  late = compute (p, "2026-10-11");
  g_assert_cmpint (find (late, "apply-review", NULL, 0)->status, ==, DBO_DEADLINE_OVERDUE);
}

static void
test_new_network (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) list = NULL;
  DboObject *o7 = dbo_project_find_object (p, "o7");
  const DboDeadline *d;

  o7->status = DBO_STATUS_PLANNED;
  dbo_set_str (&o7->operation_date, "2026-12-01");
  p->has_filing = FALSE;
  list = compute (p, "2026-12-20");
  d = find (list, "filing-new", "o7", 0);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, "2026-12-31");
  g_assert_cmpint (d->status, ==, DBO_DEADLINE_PENDING);
}

static void
test_campaign (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) list = NULL;
  const DboDeadline *d;

  dbo_set_str (&dbo_project_find_object (p, "o3")->operation_date, "2018-06-01");
  dbo_set_str (&p->filing.submitted, "2021-07-20");
  list = compute (p, "2026-11-24");
  d = find (list, "campaign", "o3", 0);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, "2021-07-31");
  g_assert_cmpint (d->status, ==, DBO_DEADLINE_MET);
  g_assert_null (find (list, "campaign", "o1", 0));
}

static void
test_fallback (void)
{
  g_autoptr(DboProject) p = load_sample ();
  g_autoptr(GPtrArray) list = NULL;
  const DboDeadline *d;

  g_ptr_array_set_size (p->reviews, 0);
  p->has_filing = FALSE;
  /* Concluded Mon 2026-12-28: 12-29, 12-30, 12-31, then 2027 has no data, so Mon–Fri:
   * Fri 01-01 counts (no holiday known), then Mon 01-04. */
  dbo_set_str (&p->panel.conclusion.concluded, "2026-12-28T10:00:00+08:00");
  list = compute (p, "2026-12-29");
  d = find (list, "apply-review", NULL, 0);
  g_assert_cmpstr (d->due, ==, "2027-01-04");
  g_assert_true (d->fallback);
  g_assert_false (find (list, "filing", NULL, 0)->fallback);
}

static void
test_status_tokens (void)
{
  g_assert_cmpstr (dbo_deadline_status_token (DBO_DEADLINE_MET), ==, "met");
  g_assert_cmpstr (dbo_deadline_status_token (DBO_DEADLINE_OVERDUE), ==, "overdue");
  g_assert_cmpstr (dbo_deadline_status_token (DBO_DEADLINE_PENDING), ==, "pending");
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  rules = dbo_ruleset_load_default (&error);
  g_assert_no_error (error);
  calendar = dbo_calendar_load_default (&error);
  g_assert_no_error (error);
  g_test_add_func ("/core/deadlines/sample", test_sample);
  g_test_add_func ("/core/deadlines/assessment-periods", test_assessment_periods);
  g_test_add_func ("/core/deadlines/level-four-and-five", test_level_four_and_five);
  g_test_add_func ("/core/deadlines/pending-and-overdue", test_pending_and_overdue);
  g_test_add_func ("/core/deadlines/new-network", test_new_network);
  g_test_add_func ("/core/deadlines/campaign", test_campaign);
  g_test_add_func ("/core/deadlines/fallback", test_fallback);
  g_test_add_func ("/core/deadlines/status-tokens", test_status_tokens);
  rc = g_test_run ();
  dbo_ruleset_unref (rules);
  dbo_calendar_unref (calendar);
  return rc;
}
