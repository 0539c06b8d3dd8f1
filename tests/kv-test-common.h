/* kv-test-common.h — what the test programs of every component share.
 *
 * The aggregator's, the kiosk's and the end-to-end tests each have their
 * own helpers (agg-test-util.h, kiosk-test-util.h, e2e-util.h); what is
 * the same for all of them lives here, once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many times slower than usual everything runs:
 * KEYVOICE_TEST_SLOWDOWN (scripts/run-tests sets it for its sanitizer and
 * valgrind phases), from 1 to 1000, and 1 when it is unset or not a
 * number in that range.  It is read once, so that waits asked for from
 * several threads all agree. */
guint kv_test_slowdown (void);

G_END_DECLS
