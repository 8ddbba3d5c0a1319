/* DboRegionRow: an AdwComboRow of the cities of the rule set's regions, and
 * "Not chosen" first. The province itself (the rule set's province region) is not a city and is
 * not offered. */
#define G_LOG_DOMAIN "dengbao-region-row"
#include "config.h"

#include "dbo-region-row.h"

#include <glib/gi18n.h>

struct _DboRegionRow
{
  AdwComboRow parent_instance;

  GPtrArray *codes;               /* position - 1 → region code */
};

G_DEFINE_FINAL_TYPE (DboRegionRow, dbo_region_row, ADW_TYPE_COMBO_ROW)

GtkWidget *
dbo_region_row_new (void)
{
  return g_object_new (DBO_TYPE_REGION_ROW, NULL);
}

void
dbo_region_row_set_rules (DboRegionRow     *self,
                          const DboRuleset *rules)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_return_if_fail (DBO_IS_REGION_ROW (self));

  g_ptr_array_set_size (self->codes, 0);
  gtk_string_list_append (list, _("Not chosen"));
  if (rules != NULL)
    {
      GPtrArray *regions = dbo_ruleset_get_regions (rules);

      for (guint i = 0; i < regions->len; i++)
        {
          const DboRegion *region = g_ptr_array_index (regions, i);

          if (region == dbo_ruleset_province_region (rules))
            continue;
          gtk_string_list_append (list, region->name);
          g_ptr_array_add (self->codes, g_strdup (region->code));
        }
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (list));
}

const char *
dbo_region_row_get_code (DboRegionRow *self)
{
  guint selected;

  g_return_val_if_fail (DBO_IS_REGION_ROW (self), NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > self->codes->len)
    return NULL;
  return g_ptr_array_index (self->codes, selected - 1);
}

void
dbo_region_row_set_code (DboRegionRow *self,
                         const char   *code)
{
  guint position = 0;

  g_return_if_fail (DBO_IS_REGION_ROW (self));

  for (guint i = 0; code != NULL && i < self->codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->codes, i), code))
      position = i + 1;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), position);
}

static void
dbo_region_row_finalize (GObject *object)
{
  DboRegionRow *self = DBO_REGION_ROW (object);

  g_ptr_array_unref (self->codes);
  G_OBJECT_CLASS (dbo_region_row_parent_class)->finalize (object);
}

static void
dbo_region_row_class_init (DboRegionRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dbo_region_row_finalize;
}

static void
dbo_region_row_init (DboRegionRow *self)
{
  self->codes = g_ptr_array_new_with_free_func (g_free);
  dbo_region_row_set_rules (self, NULL);
}
