/* dbo-code-row.h — a combo row choosing one code of a field of the form data */
#pragma once

#include <adwaita.h>
#include "dbo-form-field.h"

G_BEGIN_DECLS

#define DBO_TYPE_CODE_ROW (dbo_code_row_get_type ())
G_DECLARE_FINAL_TYPE (DboCodeRow, dbo_code_row, DBO, CODE_ROW, AdwComboRow)

GtkWidget          *dbo_code_row_new       (void);
/* Offers @unset_label (already translated) first, then the UI labels of the
 * codes of @field (a single-choice field of the form data), in the form's
 * order; nothing is chosen. */
void                dbo_code_row_set_field (DboCodeRow         *self,
                                            const DboFormField *field,
                                            const char         *unset_label);
const DboFormField *dbo_code_row_get_field (DboCodeRow         *self);
/* The code chosen, or NULL for the unset choice. */
const DboFormCode  *dbo_code_row_get_code  (DboCodeRow         *self);
/* Chooses the code @value (the unset choice for NULL or a value the field
 * does not have). */
void                dbo_code_row_set_value (DboCodeRow         *self,
                                            const char         *value);

G_END_DECLS
