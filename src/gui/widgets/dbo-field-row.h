/* dbo-field-row.h — an entry row for one field that shows the findings about it */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_FIELD_ROW (dbo_field_row_get_type ())
G_DECLARE_FINAL_TYPE (DboFieldRow, dbo_field_row, DBO, FIELD_ROW, AdwEntryRow)

GtkWidget  *dbo_field_row_new                  (void);
/* The findings' path of the field ("enterprise/head/name"); the row shows
 * the first finding about it, its message as tooltip. Without a path (NULL)
 * the row leaves its mark to its step. */
void        dbo_field_row_set_path             (DboFieldRow *self,
                                                const char  *path);
const char *dbo_field_row_get_path             (DboFieldRow *self);
/* Marks a warning like an error (style "error" rather than "warning"). */
void        dbo_field_row_set_warning_as_error (DboFieldRow *self,
                                                gboolean     warning_as_error);
/* The session whose findings the row follows (NULL: none, no mark). */
void        dbo_field_row_set_session          (DboFieldRow *self,
                                                DboSession  *session);
/* Shows @text (NULL is "") without moving the cursor of a row being typed in
 * when it already shows it. */
void        dbo_field_row_set_text             (DboFieldRow *self,
                                                const char  *text);

G_END_DECLS
