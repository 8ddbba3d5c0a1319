/* dbo-form-pack.h — the form data of a template pack
 *
 * A template pack is a set of forms filed together (the 2007 pack: the
 * 备案表 of Annex 4, the 定级报告 and the Annex 2 opinion that quotes them).
 * Its form data (data/forms/<pack>.xml, validated against
 * data/schema/forms.xsd, compiled into the core's resources) describes each
 * coded field once: see dbo-form-field.h. Nothing of a code list lives in C.
 */
#pragma once

#include <glib.h>
#include "dbo-form-field.h"

G_BEGIN_DECLS

#define DBO_FORM_PACK_ERROR (dbo_form_pack_error_quark ())
typedef enum {
  DBO_FORM_PACK_ERROR_NOT_FOUND,
  DBO_FORM_PACK_ERROR_INVALID,    /* not well-formed, fails the schema, or names what the model lacks */
} DboFormPackError;
GQuark dbo_form_pack_error_quark (void);

/* The pack of the 2007 forms, the one the application files with. */
#define DBO_FORM_PACK_2007 "mps-2007"

typedef struct _DboFormPack DboFormPack;

DboFormPack        *dbo_form_pack_load_bytes (GBytes *bytes, const char *name_for_errors, GError **error);
/* The pack shipped in the core's resources as forms/<id>.xml. */
DboFormPack        *dbo_form_pack_load_named (const char *id, GError **error);
void                dbo_form_pack_free       (DboFormPack *self);

/* The shipped pack @id, loaded once and kept for the life of the process
 * (safe from any thread). NULL, with a critical warning, when no such pack
 * is shipped: the shipped data is tested, so this is a programming error. */
const DboFormPack  *dbo_form_pack_get        (const char *id);

const char         *dbo_form_pack_get_id     (const DboFormPack *self);
/* The fields in the order of the data, of DboFormField. */
GPtrArray          *dbo_form_pack_get_fields (const DboFormPack *self);
/* The field @id ("network-coverage"), or NULL. */
const DboFormField *dbo_form_pack_find_field (const DboFormPack *self, const char *id);
/* The field of @record at @path ("network/@coverage"), or NULL. */
const DboFormField *dbo_form_pack_find_path  (const DboFormPack *self, DboFormRecord record, const char *path);
/* The Chinese name of the document @form_id ("附件4 备案表"), or NULL. */
const char         *dbo_form_pack_form_title (const DboFormPack *self, const char *form_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DboFormPack, dbo_form_pack_free)

G_END_DECLS
