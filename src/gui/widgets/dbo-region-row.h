/* dbo-region-row.h — a combo row choosing the city (the region) of an enterprise */
#pragma once

#include <adwaita.h>
#include "dbo-ruleset.h"

G_BEGIN_DECLS

#define DBO_TYPE_REGION_ROW (dbo_region_row_get_type ())
G_DECLARE_FINAL_TYPE (DboRegionRow, dbo_region_row, DBO, REGION_ROW, AdwComboRow)

GtkWidget  *dbo_region_row_new       (void);
/* Offers "Not chosen" and the cities of @rules (NULL: none), in its order. */
void        dbo_region_row_set_rules (DboRegionRow     *self,
                                      const DboRuleset *rules);
/* The region code of the city chosen, or NULL. */
const char *dbo_region_row_get_code  (DboRegionRow     *self);
/* Chooses the city of @code ("Not chosen" for NULL or a code not offered). */
void        dbo_region_row_set_code  (DboRegionRow     *self,
                                      const char       *code);

G_END_DECLS
