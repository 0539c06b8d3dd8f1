/* kiosk-seal.h — sealing what a family gave to the aggregator.
 *
 * docs/domain.md §6 and docs/kiosk-core.md "Storage": every submission is
 * sealed on the tablet at Send, and every offer when the store writes it,
 * with libsodium's crypto_box_seal to the aggregator's public key, so
 * neither the tablet nor the keyworker holding it can read them back.
 * This module deliberately has no function to open a sealed box, and the
 * kiosk never holds the aggregator's secret key.
 *
 * kiosk_send_submission() (kiosk-send.h) and the store's offers call
 * this; the UI need not.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* crypto_box_PUBLICKEYBYTES, without making callers include sodium.h. */
#define KIOSK_SEAL_PUBLIC_KEY_BYTES 32

/* Initialises libsodium once; safe to call from any thread, any number of
 * times.  Fails only when libsodium cannot initialise (no entropy). */
gboolean  kiosk_seal_init              (GError      **error);

/* Seals @plaintext to @public_key (KIOSK_SEAL_PUBLIC_KEY_BYTES bytes).
 * The result is crypto_box_SEALBYTES (48) longer than the plaintext and
 * differs every time (a fresh ephemeral key pair per box). */
GBytes   *kiosk_seal                   (GBytes       *public_key,
                                        const void   *plaintext,
                                        gsize         length,
                                        GError      **error);

/* Decodes a base64 public key as the aggregator gives it at enrolment and
 * checks its length. */
GBytes   *kiosk_seal_decode_public_key (const char   *base64,
                                        GError      **error);

G_END_DECLS
