#define G_LOG_DOMAIN "dengbao-text"
#include "config.h"

#include "dbo-text.h"

#include "dbo-ruleset.h"

#include <glib/gi18n-lib.h>

struct _DboText
{
  const char *context;
  const char *msgid;              /* NULL for a value or a pair */
  const char *zh;
  char *value_zh;                 /* a value's or a pair's own words */
  char *value_en;
  GPtrArray *args;                /* DboText* */
};

static DboText *
text_new_valist (const char *context, const char *msgid, const char *zh, va_list ap)
{
  DboText *text = g_new0 (DboText, 1);
  DboText *arg;

  text->context = context;
  text->msgid = msgid;
  text->zh = zh;
  text->args = g_ptr_array_new_with_free_func ((GDestroyNotify) dbo_text_free);
  while ((arg = va_arg (ap, DboText *)) != NULL)
    g_ptr_array_add (text->args, arg);
  return text;
}

DboText *
dbo_text_new (const char *msgid, const char *zh, ...)
{
  DboText *text;
  va_list ap;

  va_start (ap, zh);
  text = text_new_valist ("finding", msgid, zh, ap);
  va_end (ap);
  return text;
}

DboText *
dbo_text_new_in (const char *context, const char *msgid, const char *zh, ...)
{
  DboText *text;
  va_list ap;

  va_start (ap, zh);
  text = text_new_valist (context, msgid, zh, ap);
  va_end (ap);
  return text;
}

DboText *
dbo_text_pair (const char *zh, const char *en)
{
  DboText *text = g_new0 (DboText, 1);

  text->value_zh = g_strdup (zh ? zh : "");
  text->value_en = g_strdup (en ? en : text->value_zh);
  return text;
}

DboText *
dbo_text_literal (const char *value)
{
  return dbo_text_pair (value, value);
}

DboText *
dbo_text_printf (const char *format, ...)
{
  g_autofree char *value = NULL;
  va_list ap;

  va_start (ap, format);
  value = g_strdup_vprintf (format, ap);
  va_end (ap);
  return dbo_text_literal (value);
}

DboText *
dbo_text_copy (const DboText *text)
{
  DboText *copy = g_new0 (DboText, 1);

  copy->context = text->context;
  copy->msgid = text->msgid;
  copy->zh = text->zh;
  copy->value_zh = g_strdup (text->value_zh);
  copy->value_en = g_strdup (text->value_en);
  if (text->args != NULL)
    {
      copy->args = g_ptr_array_new_full (text->args->len, (GDestroyNotify) dbo_text_free);
      for (guint i = 0; i < text->args->len; i++)
        g_ptr_array_add (copy->args, dbo_text_copy (g_ptr_array_index (text->args, i)));
    }
  return copy;
}

void
dbo_text_free (DboText *text)
{
  if (text == NULL)
    return;
  g_free (text->value_zh);
  g_free (text->value_en);
  g_clear_pointer (&text->args, g_ptr_array_unref);
  g_free (text);
}

static void say_into (GString *out, const DboText *text, DboLanguage language);

/* @format with its %s and %N$s replaced by @text's arguments, said in
 * @language; anything else is copied as it stands, so a catalogue's typo
 * shows, it cannot crash. */
static void
format_into (GString *out, const char *format, const DboText *text, DboLanguage language)
{
  guint next = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *q = p + 1;
      guint n = 0, index;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (*q == '%')
        {
          g_string_append_c (out, '%');
          p = q;
          continue;
        }
      while (g_ascii_isdigit (*q) && n < 100)
        n = n * 10 + (guint) (*q++ - '0');
      if (n > 0 && q[0] == '$' && q[1] == 's')
        {
          index = n - 1;
          p = q + 1;
        }
      else if (p[1] == 's')
        {
          index = next++;
          p++;
        }
      else
        {
          g_string_append_c (out, '%');
          continue;
        }
      if (index < text->args->len)
        say_into (out, g_ptr_array_index (text->args, index), language);
    }
}

static void
say_into (GString *out, const DboText *text, DboLanguage language)
{
  if (text->msgid == NULL)
    {
      if (language == DBO_LANGUAGE_ZH)
        g_string_append (out, text->value_zh);
      else if (language == DBO_LANGUAGE_EN)
        g_string_append (out, text->value_en);
      else
        g_string_append (out, dbo_ruleset_pick_text (text->value_zh, text->value_en));
      return;
    }
  switch (language)
    {
    case DBO_LANGUAGE_ZH:
      format_into (out, text->zh, text, language);
      break;
    case DBO_LANGUAGE_EN:
      format_into (out, text->msgid, text, language);
      break;
    case DBO_LANGUAGE_UI:
    default:
      format_into (out, g_dpgettext2 (GETTEXT_PACKAGE, text->context, text->msgid), text, language);
      break;
    }
}

char *
dbo_text_say (const DboText *text, DboLanguage language)
{
  GString *out = g_string_new (NULL);

  say_into (out, text, language);
  return g_string_free (out, FALSE);
}
