/* agg-ingest-sealed.h — opening the sealed items of an upload (internal to
 * agg-ingest.c).
 *
 * docs/api.md: a submission or an offer may come sealed to the
 * aggregator's public key.  These open what a tablet sealed, with one
 * crypto_box_seal_open each, and check the shapes of the box; what is
 * inside is then checked by agg-ingest.c exactly as if it had come in
 * clear.  Every error is AGG_ERROR_INVALID with the reason the reply
 * gives for the item.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "agg-keys.h"

G_BEGIN_DECLS

/* The bytes inside @sealed, the "sealed" member of an item (a base64
 * string of at most AGG_INGEST_MAX_SEALED_LENGTH characters). */
GBytes     *agg_ingest_open_sealed       (AggKeys             *keys,
                                          JsonNode            *sealed,
                                          GError             **error);

/* For an item of sealed_version 2 (@object, whose "sealed_version" member
 * is present): checks that the version is 2 and that in clear it has
 * @clear_members only (@what names it in the message), and opens its box,
 * which must hold a JSON object of @box_members only. */
JsonObject *agg_ingest_open_sealed_item  (AggKeys             *keys,
                                          JsonObject          *object,
                                          const char * const  *clear_members,
                                          const char          *what,
                                          const char * const  *box_members,
                                          GError             **error);

G_END_DECLS
