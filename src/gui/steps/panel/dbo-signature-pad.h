/* dbo-signature-pad.h — a panel member signs on screen: see the class comment in the .c file */
#pragma once

#include <adwaita.h>
#include "dbo-session.h"

G_BEGIN_DECLS

/* The signature box, as stored with the strokes and scaled into Annex 2's lines. */
#define DBO_SIGNATURE_WIDTH_MM  60.0
#define DBO_SIGNATURE_HEIGHT_MM 20.0

#define DBO_TYPE_SIGNATURE_PAD (dbo_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (DboSignaturePad, dbo_signature_pad, DBO, SIGNATURE_PAD, AdwWindow)

/* A pad for the member @member_id of @session's panel, showing their current signature. */
GtkWidget  *dbo_signature_pad_new            (DboSession *session, const char *member_id);
DboSession *dbo_signature_pad_get_session    (DboSignaturePad *self);
const char *dbo_signature_pad_get_member_id  (DboSignaturePad *self);
/* The drawing area the strokes are drawn on (white, 3:1). */
GtkWidget  *dbo_signature_pad_get_canvas     (DboSignaturePad *self);
/* Strokes on the pad now (not yet confirmed): "n-strokes". */
guint       dbo_signature_pad_get_n_strokes  (DboSignaturePad *self);
/* The strokes on the pad, in millimetres inside the box (GArray* of DboPoint). */
const GPtrArray *dbo_signature_pad_get_strokes (DboSignaturePad *self);

/* What the gestures do, in the canvas's coordinates; @pressure 0..1, or < 0
 * when the device gives none. */
void        dbo_signature_pad_stroke_begin   (DboSignaturePad *self, double x, double y, double pressure);
void        dbo_signature_pad_stroke_extend  (DboSignaturePad *self, double x, double y, double pressure);
void        dbo_signature_pad_stroke_end     (DboSignaturePad *self);

/* 清除: empties the pad (the member's stored signature stays until confirmed). */
void        dbo_signature_pad_clear          (DboSignaturePad *self);
/* 确认: stores the strokes in the member (signed now), saves and closes the pad.
 * With no strokes the member's on-screen signature is removed. */
void        dbo_signature_pad_confirm        (DboSignaturePad *self);

G_END_DECLS
