/* dbo-test-project.h — a project with every field filled, and a deep comparison */
#pragma once

#include "dbo-model.h"

G_BEGIN_DECLS

/* What a comparison leaves out: what one side cannot hold. */
typedef enum {
  DBO_TEST_COMPARE_ALL = 0,
  /* project.xml holds no 单位负责人 mobile (表一 05 has none)... */
  DBO_TEST_COMPARE_NO_HEAD_MOBILE = 1 << 0,
  /* ...and names attachments without their bytes (a bundle carries them). */
  DBO_TEST_COMPARE_NO_ATTACHMENT_DATA = 1 << 1,
} DboTestCompareFlags;

/* Every field of the model set, each to a value no other field has (and
 * none of them the default a new record gets), valid for project.xsd. */
DboProject *dbo_test_project_full   (void);

/* Asserts that @a and @b hold the same values, field by field, naming the
 * first field that differs. */
void        dbo_test_project_assert_equal (const DboProject *a, const DboProject *b,
                                           DboTestCompareFlags flags);

G_END_DECLS
