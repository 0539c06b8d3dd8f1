/* kiosk-error.h — the one error domain of the kiosk.
 *
 * Every kiosk function that can fail reports a GError in KIOSK_ERROR (or
 * G_IO_ERROR_CANCELLED when its GCancellable was cancelled).  Messages are
 * translated, written for a keyworker reading the staff screen, and never
 * carry a child code, a token, a name or an answer, so the edge may show or
 * log them as they are.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_ERROR (kiosk_error_quark ())

typedef enum
{
  /* The local database or a file in the data directory could not be read
   * or written.  Nothing was half-written: the transaction was rolled back. */
  KIOSK_ERROR_STORAGE,
  /* The tablet has no enrolment yet (no aggregator URL, token or key). */
  KIOSK_ERROR_NOT_ENROLLED,
  /* An argument is not acceptable: a URL that is not https (plain http is
   * allowed only for 127.0.0.1, ::1 and localhost), answers that do not fit
   * their form, a form file that does not parse, an empty PIN … */
  KIOSK_ERROR_INVALID,
  /* The aggregator could not be reached: DNS, connection refused, timeout,
   * reset, or a reply cut off before its end.  Worth retrying later. */
  KIOSK_ERROR_UNREACHABLE,
  /* TLS failed: the aggregator's certificate did not verify against the
   * configured CA file (or the system's).  Retrying will not help until the
   * certificate or the CA file changes. */
  KIOSK_ERROR_TLS,
  /* Something answered, but not with the aggregator's JSON of the expected
   * shape: a captive portal's HTML page, a truncated body, a proxy error
   * page, a 5xx.  Nothing counts as delivered; worth retrying later. */
  KIOSK_ERROR_BAD_REPLY,
  /* The aggregator refused the credential: an enrolment code that is wrong,
   * used or expired, or a device token that was revoked (401/403).
   * Re-enrolment is needed; retrying will not help. */
  KIOSK_ERROR_REFUSED,
  /* GET /api/v1/children/{code}: the aggregator does not know this code for
   * our service (404).  Shown to the family as "we could not find that
   * code", never as a network problem. */
  KIOSK_ERROR_UNKNOWN_CHILD,
  /* A form or a child's information is not in the tablet's cache (and the
   * aggregator could not be asked). */
  KIOSK_ERROR_NOT_CACHED,
  /* Sealing failed (no usable public key in the enrolment). */
  KIOSK_ERROR_SEAL,
} KioskError;

GQuark kiosk_error_quark (void);

G_END_DECLS
