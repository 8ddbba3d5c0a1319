/* The rows the steps share: DboCodeRow and DboFieldRow on their own. */
#include "dbo-test-utils.h"
#include <adwaita.h>
#include <glib/gstdio.h>
#include "dbo-code-row.h"
#include "dbo-field-row.h"
#include "dbo-findings-box.h"
#include "dbo-form-pack.h"
#include "dbo-gui-test-utils.h"
#include "dbo-session.h"

static const DboFormField *
coverage_field (void)
{
  const DboFormField *field = dbo_form_pack_find_field (dbo_form_pack_get (DBO_FORM_PACK_2007), "network-coverage");

  g_assert_nonnull (field);
  g_assert_cmpuint (field->codes->len, >, 1);
  return field;
}

static void
test_code_row (void)
{
  const DboFormField *field = coverage_field ();
  const DboFormCode *second = g_ptr_array_index (field->codes, 1);
  GtkWidget *row = g_object_ref_sink (dbo_code_row_new ());
  DboCodeRow *code_row = DBO_CODE_ROW (row);
  GListModel *model;

  dbo_code_row_set_field (code_row, field, "unset");
  g_assert_true (dbo_code_row_get_field (code_row) == field);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  /* The unset choice, then every code of the form data in its order. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, field->codes->len + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "unset");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, g_dgettext (GETTEXT_PACKAGE, second->label));
  g_assert_null (dbo_code_row_get_code (code_row));

  dbo_code_row_set_value (code_row, second->value);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 2);
  g_assert_true (dbo_code_row_get_code (code_row) == second);

  /* A value the form does not have, or none, is the unset choice. */
  dbo_code_row_set_value (code_row, "no such code");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  g_assert_null (dbo_code_row_get_code (code_row));
  dbo_code_row_set_value (code_row, second->value);
  dbo_code_row_set_value (code_row, NULL);
  g_assert_null (dbo_code_row_get_code (code_row));

  g_object_unref (row);
}

static void
test_field_row_text (void)
{
  GtkWidget *row = g_object_ref_sink (dbo_field_row_new ());

  dbo_field_row_set_text (DBO_FIELD_ROW (row), "泽州县");
  gtk_editable_set_position (GTK_EDITABLE (row), 1);
  /* The same text again leaves the cursor where it is. */
  dbo_field_row_set_text (DBO_FIELD_ROW (row), "泽州县");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (row)), ==, 1);
  dbo_field_row_set_text (DBO_FIELD_ROW (row), NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_object_unref (row);
}

static void
test_field_row_marks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dengbao-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "rows.dengbao", NULL);
  DboProject *project = dbo_project_new ();
  DboSession *session;
  GtkWidget *row = g_object_ref_sink (dbo_field_row_new ());
  GtkWidget *unbound = g_object_ref_sink (dbo_field_row_new ());
  const DboFinding *finding;

  g_assert_no_error (error);
  session = dbo_session_create (path, project, &error);
  g_assert_no_error (error);
  dbo_session_set_save_delay (session, 20);

  /* A new project has no name: the core finds it. */
  finding = dbo_findings_box_find_for_path (session, "enterprise/name");
  g_assert_nonnull (finding);
  dbo_field_row_set_path (DBO_FIELD_ROW (row), "enterprise/name");
  dbo_field_row_set_warning_as_error (DBO_FIELD_ROW (row), TRUE);
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  dbo_field_row_set_session (DBO_FIELD_ROW (row), session);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==, dbo_finding_describe (finding));

  /* Without a path the row leaves its mark to its step. */
  gtk_widget_add_css_class (unbound, "error");
  dbo_field_row_set_session (DBO_FIELD_ROW (unbound), session);

  /* Fixed: the mark goes when the session announces its findings. */
  dbo_set_str (&dbo_session_get_project (session)->enterprise.name, "山西泽州金鼎煤业有限公司");
  dbo_session_changed (session, DBO_PART_ENTERPRISE, NULL);
  dbo_test_settle_session (session);
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_has_css_class (row, "warning"));
  g_assert_null (gtk_widget_get_tooltip_text (row));
  g_assert_true (gtk_widget_has_css_class (unbound, "error"));

  g_assert_true (dbo_session_flush (session, &error));
  g_assert_no_error (error);
  g_object_unref (unbound);
  g_object_unref (row);
  g_assert_finalize_object (session);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/widgets/code-row", test_code_row);
  g_test_add_func ("/widgets/field-row/text", test_field_row_text);
  g_test_add_func ("/widgets/field-row/marks", test_field_row_marks);
  return g_test_run ();
}
