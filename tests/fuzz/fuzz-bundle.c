/* libFuzzer target: the bundle reader (dbo_bundle_verify_bytes) on any bytes.
 * It must refuse or accept, never crash, leak or trip a sanitizer. */
#include "config.h"

#include <glib.h>
#include <stdint.h>

#include "dbo-bundle.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical or a warning is a bug the fuzzer should stop on. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(DboBundleReport) report = dbo_bundle_verify_bytes (bytes, "fuzz.zip", &error);

  /* Exactly one of the two, and a refusal always names its check. */
  if ((report == NULL) == (error == NULL))
    __builtin_trap ();
  if (error != NULL && dbo_bundle_error_get_check (error) == NULL)
    __builtin_trap ();
  if (report != NULL && (report->project == NULL || report->files->len == 0))
    __builtin_trap ();
  return 0;
}
