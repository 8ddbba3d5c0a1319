#define G_LOG_DOMAIN "dengbao-credit-code"
#include "config.h"

#include "dbo-credit-code.h"

#include <string.h>

G_DEFINE_QUARK (dbo-credit-code-error-quark, dbo_credit_code_error)

/* GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^i mod 31. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

static int
char_value (char c)
{
  const char *p = c != '\0' ? strchr (alphabet, c) : NULL;

  return p ? (int) (p - alphabet) : -1;
}

gboolean
dbo_credit_code_validate (const char *code, char *expected, GError **error)
{
  gsize len = code ? strlen (code) : 0;
  int sum = 0;
  char check;

  if (expected != NULL)
    *expected = '\0';
  if (len != 18)
    {
      g_set_error (error, DBO_CREDIT_CODE_ERROR, 0,
                   "统一社会信用代码应为 18 位，现为 %" G_GSIZE_FORMAT " 位 / "
                   "the credit code must have 18 characters, it has %" G_GSIZE_FORMAT,
                   len, len);
      return FALSE;
    }
  for (int i = 0; i < 18; i++)
    if (char_value (code[i]) < 0)
      {
        g_set_error (error, DBO_CREDIT_CODE_ERROR, 0,
                     "统一社会信用代码第 %d 位“%c”不是允许的字符（数字或除 I、O、S、V、Z 外的大写字母） / "
                     "character %d ('%c') is not allowed (digits, capitals except I O S V Z)",
                     i + 1, g_ascii_isprint (code[i]) ? code[i] : '?',
                     i + 1, g_ascii_isprint (code[i]) ? code[i] : '?');
        return FALSE;
      }
  for (int i = 0; i < 17; i++)
    sum += char_value (code[i]) * weights[i];
  check = alphabet[(31 - sum % 31) % 31];
  if (expected != NULL)
    *expected = check;
  if (code[17] != check)
    {
      g_set_error (error, DBO_CREDIT_CODE_ERROR, 0,
                   "统一社会信用代码校验位错误：应为“%c”，现为“%c” / "
                   "wrong check character: expected '%c', found '%c'",
                   check, code[17], check, code[17]);
      return FALSE;
    }
  return TRUE;
}
