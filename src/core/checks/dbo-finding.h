/* dbo-finding.h — one thing the checks found, and how to say it
 *
 * A finding is a stable code, the path of the field it is about, the clause
 * of the rule and its words (a DboText: the msgid, its pinned Chinese and
 * the arguments). dbo_finding_describe () is the one way to show it: in the
 * user's language, through the catalogue. `check --json` prints it in the
 * pinned Chinese and in English (dbo_finding_describe_in), the same under
 * every locale.
 */
#pragma once

#include <glib.h>
#include "dbo-text.h"

G_BEGIN_DECLS

typedef enum {
  DBO_SEVERITY_ERROR,
  DBO_SEVERITY_WARNING,
} DboSeverity;

/* The documents whose printed data a finding is about, a bit per
 * DboDocKind (1 << kind, dbo-documents.h): an error blocks exactly these. */
typedef enum {
  DBO_PRINTS_ANNEX2     = 1 << 0,
  DBO_PRINTS_ANNEX3     = 1 << 1,
  DBO_PRINTS_ANNEX4     = 1 << 2,
  DBO_PRINTS_REPORT     = 1 << 3,
  DBO_PRINTS_SIGNATURES = 1 << 4,
} DboPrints;

typedef struct {
  DboSeverity severity;
  char *code;
  char *path;
  char *clause;                   /* the source of the rule, "" when the rule is the form itself */
  guint prints;                   /* DboPrints: the documents that print the data (0: none) */
  DboText *text;                  /* its words, with their arguments */
  char *description;              /* (private) dbo_finding_describe's, made on first use */
} DboFinding;

/* Takes @text. */
DboFinding *dbo_finding_new         (DboSeverity severity, const char *code, const char *path,
                                     const char *clause, guint prints, DboText *text);
void        dbo_finding_free        (DboFinding *finding);
const char *dbo_severity_token      (DboSeverity severity);   /* "error", "warning" */

/* The finding in the user's language; owned by @finding. */
const char *dbo_finding_describe    (const DboFinding *finding);
char       *dbo_finding_describe_in (const DboFinding *finding, DboLanguage language);

G_END_DECLS
