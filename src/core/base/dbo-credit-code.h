/* dbo-credit-code.h — 统一社会信用代码 (GB 32100-2015) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DBO_CREDIT_CODE_ERROR (dbo_credit_code_error_quark ())
GQuark dbo_credit_code_error_quark (void);

/* TRUE when @code is 18 characters of the GB 32100 alphabet with a correct
 * check character. On failure *@expected (if non-NULL) receives the check
 * character the first 17 would need ('\0' when they are not even valid) and
 * @error says what is wrong, in Chinese and English. */
gboolean dbo_credit_code_validate (const char *code, char *expected, GError **error);

G_END_DECLS
