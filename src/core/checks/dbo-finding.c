#define G_LOG_DOMAIN "dengbao-finding"
#include "config.h"

#include "dbo-finding.h"

DboFinding *
dbo_finding_new (DboSeverity severity, const char *code, const char *path, const char *clause, guint prints,
                 DboText *text)
{
  DboFinding *f = g_new0 (DboFinding, 1);

  f->severity = severity;
  f->code = g_strdup (code);
  f->path = g_strdup (path);
  f->clause = g_strdup (clause ? clause : "");
  f->prints = prints;
  f->text = text;
  return f;
}

void
dbo_finding_free (DboFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->code);
  g_free (f->path);
  g_free (f->clause);
  dbo_text_free (f->text);
  g_free (f->description);
  g_free (f);
}

const char *
dbo_severity_token (DboSeverity severity)
{
  return severity == DBO_SEVERITY_ERROR ? "error" : "warning";
}

const char *
dbo_finding_describe (const DboFinding *finding)
{
  DboFinding *f = (DboFinding *) finding;
  char *text = g_atomic_pointer_get (&f->description);

  /* Said once, on first use: the findings of a session are read by the
   * main thread, the bundle's and the documents' threads alike. */
  if (text == NULL)
    {
      text = dbo_text_say (f->text, DBO_LANGUAGE_UI);
      if (!g_atomic_pointer_compare_and_exchange (&f->description, NULL, text))
        {
          g_free (text);
          text = g_atomic_pointer_get (&f->description);
        }
    }
  return text;
}

char *
dbo_finding_describe_in (const DboFinding *finding, DboLanguage language)
{
  return dbo_text_say (finding->text, language);
}
