/* dbo-object-editor.h — one protected object's 表二 fields */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

#define DBO_TYPE_OBJECT_EDITOR (dbo_object_editor_get_type ())
G_DECLARE_FINAL_TYPE (DboObjectEditor, dbo_object_editor, DBO, OBJECT_EDITOR, AdwPreferencesPage)

GtkWidget  *dbo_object_editor_new           (void);
DboSession *dbo_object_editor_get_session   (DboObjectEditor *self);
void        dbo_object_editor_set_session   (DboObjectEditor *self,
                                             DboSession      *session);
/* The object edited (NULL: none); the fields follow the live model. */
const char *dbo_object_editor_get_object_id (DboObjectEditor *self);
void        dbo_object_editor_set_object_id (DboObjectEditor *self,
                                             const char      *object_id);
/* Focuses the field @field_path names inside the object ("owner/phone",
 * "business/@types"); FALSE when the editor has no such field. */
gboolean    dbo_object_editor_focus_field   (DboObjectEditor *self,
                                             const char      *field_path);

G_END_DECLS
