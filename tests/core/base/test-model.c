#include "dbo-test-utils.h"
#include "dbo-model.h"

static void
test_tokens (void)
{
  g_assert_cmpint (dbo_token_lookup (dbo_target_tokens, "social"), ==, DBO_TARGET_SOCIAL);
  g_assert_cmpint (dbo_token_lookup (dbo_degree_tokens, "especially-serious"), ==, DBO_DEGREE_ESPECIALLY_SERIOUS);
  g_assert_cmpint (dbo_token_lookup (dbo_preset_tokens, "intelligent-face"), ==, DBO_PRESET_INTELLIGENT_FACE);
  g_assert_cmpint (dbo_token_lookup (dbo_scope_tokens, "nowhere"), ==, -1);
  g_assert_cmpint (dbo_token_lookup (dbo_scope_tokens, NULL), ==, -1);
  g_assert_cmpstr (dbo_token_name (dbo_object_type_tokens, DBO_OBJ_ICS), ==, "ics");
  g_assert_cmpstr (dbo_token_name (dbo_object_type_tokens, 99), ==, "");
  g_assert_cmpstr (dbo_token_zh (dbo_target_tokens, DBO_TARGET_CITIZEN), ==, "公民、法人和其他组织的合法权益");
  g_assert_cmpstr (dbo_level_zh (2), ==, "第二级");
  g_assert_cmpstr (dbo_level_zh (6), ==, "");
}

static void
test_harms (void)
{
  g_autoptr(DboObject) o = dbo_object_new ("o1");

  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_GENERAL);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, DBO_DEGREE_SERIOUS);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_CITIZEN, DBO_DEGREE_GENERAL);
  g_assert_cmpuint (o->aspects[DBO_ASPECT_BUSINESS].harms->len, ==, 2);
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL), ==, DBO_DEGREE_SERIOUS);
  g_assert_cmpint (dbo_object_get_harm (o, DBO_ASPECT_SERVICE, DBO_TARGET_SOCIAL), ==, -1);
  dbo_object_set_harm (o, DBO_ASPECT_BUSINESS, DBO_TARGET_SOCIAL, -1);
  g_assert_cmpuint (o->aspects[DBO_ASPECT_BUSINESS].harms->len, ==, 1);
}

static void
test_ids_and_copy (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) c = NULL;
  g_autofree char *id = NULL;
  DboMember *m;
  GArray *stroke;
  DboPoint pt = { 1.5, 2.5, 0.5 };

  g_assert_true (g_uuid_string_is_valid (p->id));
  g_assert_cmpstr (p->enterprise.industry_code, ==, "38");
  id = dbo_project_next_object_id (p);
  g_assert_cmpstr (id, ==, "o1");
  g_ptr_array_add (p->objects, dbo_object_new ("o1"));
  g_ptr_array_add (p->objects, dbo_object_new ("o7"));
  g_clear_pointer (&id, g_free);
  id = dbo_project_next_object_id (p);
  g_assert_cmpstr (id, ==, "o8");

  m = dbo_member_new ("m1");
  dbo_set_str (&m->name, "张三");
  m->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  stroke = g_array_new (FALSE, FALSE, sizeof (DboPoint));
  g_array_append_val (stroke, pt);
  g_ptr_array_add (m->strokes, stroke);
  g_ptr_array_add (p->panel.members, m);
  g_ptr_array_add (p->panel.recommendations, dbo_recommendation_new ("o7", 3, "理由"));
  dbo_object_set_harm (g_ptr_array_index (p->objects, 1), DBO_ASPECT_SERVICE,
                       DBO_TARGET_NATIONAL, DBO_DEGREE_GENERAL);

  c = dbo_project_copy (p);
  g_assert_cmpstr (c->id, ==, p->id);
  g_assert_cmpuint (c->objects->len, ==, 2);
  g_assert_nonnull (dbo_project_find_object (c, "o7"));
  g_assert_null (dbo_project_find_object (c, "o2"));
  g_assert_cmpint (dbo_object_get_harm (dbo_project_find_object (c, "o7"), DBO_ASPECT_SERVICE,
                                        DBO_TARGET_NATIONAL), ==, DBO_DEGREE_GENERAL);
  g_assert_cmpstr (dbo_project_find_member (c, "m1")->name, ==, "张三");
  stroke = g_ptr_array_index (dbo_project_find_member (c, "m1")->strokes, 0);
  g_assert_cmpfloat (g_array_index (stroke, DboPoint, 0).y, ==, 2.5);
  g_assert_cmpint (dbo_project_find_recommendation (c, "o7")->level, ==, 3);
}

static void
test_set_str (void)
{
  char *s = NULL;

  dbo_set_str (&s, "x");
  g_assert_cmpstr (s, ==, "x");
  dbo_set_str (&s, "");
  g_assert_null (s);
  g_assert_true (dbo_str_empty ("  \t"));
  g_assert_false (dbo_str_empty (" a "));
}

/* One old "其他" text for two questions: who gets it. */
typedef struct {
  const char *scope, *targets, *shared, *own;   /* in */
  const char *scope_other, *targets_other;      /* out */
} SplitCase;

static void
test_split_other (void)
{
  static const SplitCase cases[] = {
    { "99", "9", "集团", NULL, "集团", "集团" },       /* both ticked: both print it */
    { "30", "9", "集团", NULL, NULL, "集团" },         /* only the second: it moves */
    { "99", "1", "集团", NULL, "集团", NULL },         /* only the first: it stays */
    { "30", "1", "集团", NULL, "集团", NULL },         /* neither: nothing is lost */
    { "99", "9", "集团", "矿区", "集团", "矿区" },     /* already its own text: untouched */
    { "99", "9", NULL, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SplitCase *c = &cases[i];
      g_autoptr(DboObject) o = dbo_object_new ("o1");
      g_autoptr(DboObject) copy = NULL;

      /* The same rule for both pairs of questions. */
      dbo_set_str (&o->service_scope, c->scope);
      dbo_set_str (&o->service_targets, c->targets);
      dbo_set_str (&o->service_other, c->shared);
      dbo_set_str (&o->service_targets_other, c->own);
      dbo_set_str (&o->network_coverage, g_strcmp0 (c->scope, "99") == 0 ? "9" : "1");
      dbo_set_str (&o->network_nature, c->targets);
      dbo_set_str (&o->network_other, c->shared);
      dbo_set_str (&o->network_nature_other, c->own);
      dbo_object_split_service_other (o);
      dbo_object_split_network_other (o);
      copy = dbo_object_copy (o);
      g_assert_cmpstr (copy->service_other, ==, c->scope_other);
      g_assert_cmpstr (copy->service_targets_other, ==, c->targets_other);
      g_assert_cmpstr (copy->network_other, ==, c->scope_other);
      g_assert_cmpstr (copy->network_nature_other, ==, c->targets_other);
    }
}

/* Dissents travel with copies; re-confirming moves the conclusion into the history. */
static void
test_dissents_and_history (void)
{
  g_autoptr(DboProject) p = dbo_project_new ();
  g_autoptr(DboProject) copy = NULL;
  DboRecommendation *rec = dbo_recommendation_new ("o1", 3, "提高一级");
  const DboRecommendation *crec;
  const DboPreviousConclusion *prev;

  g_assert_nonnull (rec->dissents);
  g_assert_cmpuint (rec->dissents->len, ==, 0);
  g_ptr_array_add (rec->dissents, dbo_dissent_new ("m2", "应为第二级"));
  g_ptr_array_add (p->panel.recommendations, rec);

  /* Nothing to supersede before the panel concluded. */
  g_assert_null (dbo_panel_supersede_conclusion (&p->panel, "2026-09-29T10:00:00+08:00"));
  g_assert_cmpuint (p->panel.history->len, ==, 0);

  p->panel.conclusion.present = TRUE;
  p->panel.conclusion.materials_complete = TRUE;
  dbo_set_str (&p->panel.conclusion.concluded, "2026-09-28T16:30:00+08:00");
  dbo_set_str (&p->panel.conclusion.data_sha256, "aa");
  dbo_set_str (&p->panel.conclusion.note, "一致同意");
  prev = dbo_panel_supersede_conclusion (&p->panel, "2026-09-29T10:00:00+08:00");
  g_assert_nonnull (prev);
  g_assert_cmpuint (p->panel.history->len, ==, 1);
  g_assert_true (prev->materials_complete);
  g_assert_false (prev->division_reasonable);
  g_assert_cmpstr (prev->concluded, ==, "2026-09-28T16:30:00+08:00");
  g_assert_cmpstr (prev->data_sha256, ==, "aa");
  g_assert_cmpstr (prev->note, ==, "一致同意");
  g_assert_cmpstr (prev->superseded, ==, "2026-09-29T10:00:00+08:00");
  /* The current conclusion is left for the caller to renew. */
  g_assert_true (p->panel.conclusion.present);
  g_assert_cmpstr (p->panel.conclusion.data_sha256, ==, "aa");

  copy = dbo_project_copy (p);
  crec = dbo_project_find_recommendation (copy, "o1");
  g_assert_true (crec != rec);
  g_assert_cmpuint (crec->dissents->len, ==, 1);
  g_assert_true (g_ptr_array_index (crec->dissents, 0) != g_ptr_array_index (rec->dissents, 0));
  g_assert_cmpstr (((DboDissent *) g_ptr_array_index (crec->dissents, 0))->text, ==, "应为第二级");
  g_assert_cmpuint (copy->panel.history->len, ==, 1);
  g_assert_cmpstr (((DboPreviousConclusion *) g_ptr_array_index (copy->panel.history, 0))->superseded, ==,
                   "2026-09-29T10:00:00+08:00");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/model/tokens", test_tokens);
  g_test_add_func ("/core/model/harms", test_harms);
  g_test_add_func ("/core/model/ids-and-copy", test_ids_and_copy);
  g_test_add_func ("/core/model/set-str", test_set_str);
  g_test_add_func ("/core/model/split-other", test_split_other);
  g_test_add_func ("/core/model/dissents-and-history", test_dissents_and_history);
  return g_test_run ();
}
