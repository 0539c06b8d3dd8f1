/* kiosk-headless.h — `keyvoice-kiosk --enrol URL CODE` and `--sync`.
 *
 * For provisioning, cron and tests: no GTK is loaded.  Each function
 * prints one line of summary on stdout (counts only: never a code, an
 * answer or a token), a reason on stderr when something went wrong, and
 * returns the process exit status below.
 *
 * The CA bundle used to verify the aggregator is the one recorded at
 * enrolment, or the file named by the environment variable
 * KEYVOICE_CA_FILE when set (which --enrol then records).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_EXIT_OK              = 0,  /* enrolled; or everything queued was delivered */
  KIOSK_EXIT_NEEDS_ATTENTION = 1,  /* --sync: delivered what it could, but some
                                    * entries need attention (conflict, rejected) */
  KIOSK_EXIT_UNREACHABLE     = 2,  /* the aggregator could not be reached, or the
                                    * reply was not its JSON (captive portal,
                                    * TLS failure, server error); entries stay
                                    * queued */
  KIOSK_EXIT_NOT_ENROLLED    = 3,  /* --sync before --enrol */
  KIOSK_EXIT_USAGE           = 4,  /* bad arguments: e.g. a URL that is not https */
  KIOSK_EXIT_REFUSED         = 5,  /* the aggregator refused the enrolment code or
                                    * the device token: enrol again */
  KIOSK_EXIT_STORAGE         = 6,  /* the data directory or database failed */
} KioskExitStatus;

/* Enrols the tablet whose data lives in @data_dir (created if needed) to
 * the aggregator at @url with enrolment @code, then caches the forms the
 * aggregator offers.  A failure to fetch the forms after a successful
 * enrolment is reported but still exits KIOSK_EXIT_OK: the kiosk fetches
 * them again on its next sync. */
int  kiosk_headless_enrol  (const char *data_dir,
                            const char *url,
                            const char *code);

/* One sync pass (kiosk_uploader_sync()), then, if it succeeded, a refresh
 * of the cached forms — which also shows whether the aggregator can be
 * reached and accepts this tablet when nothing was queued.  When several
 * statuses apply, the most serious wins, in this order: STORAGE,
 * NOT_ENROLLED, REFUSED, UNREACHABLE, NEEDS_ATTENTION. */
int  kiosk_headless_sync   (const char *data_dir);

G_END_DECLS
