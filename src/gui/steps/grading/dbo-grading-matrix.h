/* dbo-grading-matrix.h — the 客体 × 程度 grid of one grading aspect */
#pragma once

#include <gtk/gtk.h>
#include "dbo-model.h"
#include "dbo-ruleset.h"

G_BEGIN_DECLS

#define DBO_TYPE_GRADING_MATRIX (dbo_grading_matrix_get_type ())
G_DECLARE_FINAL_TYPE (DboGradingMatrix, dbo_grading_matrix, DBO, GRADING_MATRIX, GtkWidget)

GtkWidget  *dbo_grading_matrix_new         (void);

/* The rule set whose matrix gives each cell its level (a reference is kept). */
void        dbo_grading_matrix_set_rules   (DboGradingMatrix *self,
                                            const DboRuleset *rules);
/* The aspect's name ("业务信息安全"), used in the accessible names. */
const char *dbo_grading_matrix_get_title   (DboGradingMatrix *self);
void        dbo_grading_matrix_set_title   (DboGradingMatrix *self,
                                            const char       *title);

/* Shows @harms (of DboHarm; NULL = none) without emitting "harm-changed". */
void        dbo_grading_matrix_set_harms   (DboGradingMatrix *self,
                                            const GArray     *harms);
/* The degree chosen on @target's row, or -1. */
int         dbo_grading_matrix_get_degree  (DboGradingMatrix *self,
                                            DboTarget         target);
/* The toggle button of one cell (for focus and tests). */
GtkWidget  *dbo_grading_matrix_get_cell    (DboGradingMatrix *self,
                                            DboTarget         target,
                                            DboDegree         degree);

G_END_DECLS
