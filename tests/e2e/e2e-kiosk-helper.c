/* e2e-kiosk-helper.c — a headless kiosk for the crash loop to kill.
 *
 *   e2e-kiosk-helper DATA_DIR LOG SEED CHILD_A CHILD_B
 *
 * Does what the tablet does, through the same API: Send (e2e-family.c,
 * the store's own one-transaction Send) and sync passes with a
 * KioskUploader, in a loop, until it is killed.  The tablet must already
 * be enrolled, its forms cached and CHILD_A's goal set cached (the crash
 * loop does that first).
 *
 * What a family would be thanked for is appended to LOG as "KIND ID" —
 * written and fsync'ed only after the commit returned, as the Thank-you
 * screen only shows after it.  A kill between the two leaves a committed
 * submission out of the log; never the reverse.
 *
 * Standard output says where it is, one word a line, for the crash loop
 * to aim at: "ready", then "send", "sync", "synced" round after round.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e-family.h"

static void
say (const char *word)
{
  g_autofree char *line = g_strconcat (word, "\n", NULL);

  /* write(2) rather than stdio: nothing may wait in a buffer when the
   * SIGKILL comes. */
  if (write (STDOUT_FILENO, line, strlen (line)) < 0)
    exit (1);
}

static void
log_thanked (int         fd,
             const char *kind,
             const char *id)
{
  g_autofree char *line = g_strdup_printf ("%s %s\n", kind, id);

  if (write (fd, line, strlen (line)) != (ssize_t) strlen (line) || fsync (fd) != 0)
    g_error ("cannot write the log: %s", g_strerror (errno));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  E2eFamilies families;
  int log;

  if (argc != 6)
    {
      fprintf (stderr, "usage: %s DATA_DIR LOG SEED CHILD_A CHILD_B\n", argv[0]);
      return 2;
    }

  store = kiosk_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  log = open (argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (log < 0)
    g_error ("%s: %s", argv[2], g_strerror (errno));
  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[3], NULL, 10));
  if (!e2e_families_init (&families, store, rand, argv[4], argv[5], &error))
    g_error ("%s", error->message);

  /* Mostly small batches, so one pass is several requests and a kill
   * can fall between them, sometimes the uploader's full 100, so that
   * the aggregator dies inside long transactions too; short timeouts,
   * since the aggregator is often dead. */
  uploader = kiosk_uploader_new (store);
  kiosk_uploader_set_batch_size (uploader, g_rand_int_range (rand, 0, 4) == 0 ? 100 : 5);
  kiosk_uploader_set_timeouts (uploader, 1, 5);

  say ("ready");
  for (;;)
    {
      guint n = g_rand_int_range (rand, 1, 7);

      say ("send");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) send_error = NULL;
          g_autofree char *id = NULL;
          const char *kind = e2e_families_send (&families, &id, &send_error);

          if (kind == NULL)
            g_error ("Send failed: %s", send_error->message);
          if (id != NULL)
            log_thanked (log, kind, id);
        }
      say ("sync");
      /* A failed pass is normal here: the aggregator is often dead. */
      kiosk_uploader_sync (uploader, NULL, NULL, NULL);
      say ("synced");
    }

  e2e_families_clear (&families);
  close (log);
  return 0;
}
