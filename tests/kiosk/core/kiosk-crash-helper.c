/* kiosk-crash-helper.c — a stand-in kiosk for test-kiosk-crash.c to kill.
 *
 *   kiosk-crash-helper send DIR        — Send forms in a loop, printing each
 *                                        id only after its commit returned
 *   kiosk-crash-helper sync DIR BATCH  — sync in a loop with small batches
 *
 * Runs until it is killed (the test uses SIGKILL).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kiosk-test-util.h"

static int
send_forever (KioskStore *store)
{
  g_autoptr(KvForm) qol = kt_load_form ("qol.xml");
  g_autoptr(KvForm) experience = kt_load_form ("experience.xml");

  for (guint i = 0; ; i++)
    {
      gboolean sealed = i % 2 == 1;
      g_autoptr(KioskSubmission) submission =
        kiosk_submission_new (sealed ? "kiosk-test-experience" : "kiosk-test-qol", 1);
      g_autoptr(JsonNode) answers =
        kt_json (sealed ? "{\"overall\": \"good\", \"say\": \"synthetic\"}"
                        : "{\"alpha\": \"fine\", \"beta\": \"not-fine\"}");
      g_autoptr(GError) error = NULL;

      kiosk_submission_set_child (submission, KT_CHILD);
      if (!kiosk_send_submission (store, submission, sealed ? experience : qol,
                                  answers, NULL, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      /* Only now, after COMMIT returned, may the family be thanked. */
      printf ("%s %s\n", sealed ? "sealed" : "plain", kiosk_submission_get_id (submission));
      fflush (stdout);
    }
  return 0;
}

static int
sync_forever (KioskStore *store,
              guint       batch)
{
  g_autoptr(KioskUploader) uploader = kiosk_uploader_new (store);

  kiosk_uploader_set_batch_size (uploader, batch);
  /* Scaled like the test's waits (the helper inherits the variable), so
   * that a sanitized run does not turn uploads into timeouts. */
  kiosk_uploader_set_timeouts (uploader, 2 * kt_slowdown (), 5 * kt_slowdown ());
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      KioskSyncReport report;

      kiosk_uploader_sync (uploader, NULL, &report, &error);
      printf ("synced %u\n", report.queued);
      fflush (stdout);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 3)
    return 2;
  store = kiosk_store_open (argv[2], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (g_str_equal (argv[1], "send"))
    return send_forever (store);
  if (g_str_equal (argv[1], "sync") && argc == 4)
    return sync_forever (store, atoi (argv[3]));
  return 2;
}
