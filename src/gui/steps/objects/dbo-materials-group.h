/* DboMaterialsGroup: 表四, the materials an object of level 3 or above
 * files with the police — for each item, whether it is provided and the
 * scan that is its 附件 (the form prints the attachment's name). */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_MATERIALS_GROUP (dbo_materials_group_get_type ())
G_DECLARE_FINAL_TYPE (DboMaterialsGroup, dbo_materials_group, DBO, MATERIALS_GROUP, AdwPreferencesGroup)

GtkWidget  *dbo_materials_group_new        (void);
/* Shows @object_id's materials of @session (NULL: none) and follows them. */
void        dbo_materials_group_set_object (DboMaterialsGroup *self,
                                            DboSession        *session,
                                            const char        *object_id);
/* Marks each item's row with the session's findings about it. */
void        dbo_materials_group_update_marks (DboMaterialsGroup *self);
/* Scrolls to and focuses item @item (1–7); FALSE when it is not shown. */
gboolean    dbo_materials_group_focus_item (DboMaterialsGroup *self,
                                            int                item);
/* Attaches @file (a scan, photo or PDF) to item @item and marks it provided. */
gboolean    dbo_materials_group_attach     (DboMaterialsGroup *self,
                                            int                item,
                                            GFile             *file,
                                            GError           **error);
/* The row of item @item (for tests). */
GtkWidget  *dbo_materials_group_get_row    (DboMaterialsGroup *self,
                                            int                item);

G_END_DECLS
