#include "dbo-test-utils.h"
#include "dbo-credit-code.h"

typedef struct {
  const char *code;
  gboolean valid;
  char expected;          /* the check character reported, '\0' when none */
} CreditCase;

static const CreditCase cases[] = {
  { "91350100M000100Y43", TRUE, '3' },   /* the example printed in GB 32100 guides */
  { "91140500MA0K5XKT1T", TRUE, 'T' },
  { "91140000110014813L", TRUE, 'L' },
  { "91350100M000100Y44", FALSE, '3' },  /* wrong check character */
  { "91140500MA0K5XKT10", FALSE, 'T' },
  { "91350100M000100Y4", FALSE, '\0' },  /* 17 characters */
  { "91350100M000100Y433", FALSE, '\0' },/* 19 characters */
  { "91350100M00O100Y43", FALSE, '\0' }, /* O is not in the alphabet */
  { "91350100m000100Y43", FALSE, '\0' }, /* lower case */
  { "", FALSE, '\0' },
};

static void
test_credit_code (gconstpointer data)
{
  const CreditCase *c = data;
  g_autoptr(GError) error = NULL;
  char expected = 'x';
  gboolean ok = dbo_credit_code_validate (c->code, &expected, &error);

  g_assert_cmpint (ok, ==, c->valid);
  g_assert_cmpint (expected, ==, c->expected);
  if (c->valid)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, DBO_CREDIT_CODE_ERROR, 0);
      g_assert_nonnull (strstr (error->message, "统一社会信用代码"));
    }
}

static void
test_credit_code_null (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dbo_credit_code_validate (NULL, NULL, &error));
  g_assert_error (error, DBO_CREDIT_CODE_ERROR, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/credit-code/case-%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &cases[i], test_credit_code);
    }
  g_test_add_func ("/core/credit-code/null", test_credit_code_null);
  return g_test_run ();
}
