/* DboCodeRow: an AdwComboRow of the codes of one field of the form data.
 *
 * Position 0 is the unset choice ("Not chosen", "Not filled": the step says
 * which); position i is the field's code i - 1. The code list is the form
 * data's, so a row never carries a copy of it. */
#define G_LOG_DOMAIN "dengbao-code-row"
#include "config.h"

#include "dbo-code-row.h"

#include <glib/gi18n.h>

struct _DboCodeRow
{
  AdwComboRow parent_instance;

  const DboFormField *field;      /* owned by the template pack, which outlives the rows */
};

G_DEFINE_FINAL_TYPE (DboCodeRow, dbo_code_row, ADW_TYPE_COMBO_ROW)

GtkWidget *
dbo_code_row_new (void)
{
  return g_object_new (DBO_TYPE_CODE_ROW, NULL);
}

void
dbo_code_row_set_field (DboCodeRow         *self,
                        const DboFormField *field,
                        const char         *unset_label)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_return_if_fail (DBO_IS_CODE_ROW (self));
  g_return_if_fail (field != NULL && !field->multiple);
  g_return_if_fail (unset_label != NULL);

  self->field = field;
  gtk_string_list_append (list, unset_label);
  for (guint i = 0; i < field->codes->len; i++)
    gtk_string_list_append (list, _(((const DboFormCode *) g_ptr_array_index (field->codes, i))->label));
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (list));
}

const DboFormField *
dbo_code_row_get_field (DboCodeRow *self)
{
  g_return_val_if_fail (DBO_IS_CODE_ROW (self), NULL);

  return self->field;
}

const DboFormCode *
dbo_code_row_get_code (DboCodeRow *self)
{
  guint selected;

  g_return_val_if_fail (DBO_IS_CODE_ROW (self), NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (self->field == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION
      || selected > self->field->codes->len)
    return NULL;
  return g_ptr_array_index (self->field->codes, selected - 1);
}

void
dbo_code_row_set_value (DboCodeRow *self,
                        const char *value)
{
  guint position = 0;

  g_return_if_fail (DBO_IS_CODE_ROW (self));

  for (guint i = 0; self->field != NULL && value != NULL && i < self->field->codes->len; i++)
    if (g_str_equal (((const DboFormCode *) g_ptr_array_index (self->field->codes, i))->value, value))
      position = i + 1;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), position);
}

static void
dbo_code_row_class_init (DboCodeRowClass *klass)
{
}

static void
dbo_code_row_init (DboCodeRow *self)
{
}
