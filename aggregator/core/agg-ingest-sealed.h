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

/* Longest "sealed" value, in base64 characters. */
#define AGG_INGEST_MAX_SEALED_LENGTH (1024 * 1024)

/* The boxes of one batch.  Opening a box costs an X25519 scalar
 * multiplication, the bulk of what a sealed item costs the aggregator, and
 * uploads are written one at a time; agg_sealed_boxes_open_all() opens
 * every box of a batch at once on all processors, before the batch's
 * write transaction begins, and the checks below then take each result. */
typedef struct _AggSealedBoxes AggSealedBoxes;

AggSealedBoxes *agg_sealed_boxes_new      (AggKeys             *keys);
void            agg_sealed_boxes_free     (AggSealedBoxes      *self);
/* Opens the "sealed" member of every object of @submissions and @offers
 * (either may be NULL) that is a string within the limit. */
void            agg_sealed_boxes_open_all (AggSealedBoxes      *self,
                                           JsonArray           *submissions,
                                           JsonArray           *offers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggSealedBoxes, agg_sealed_boxes_free)

/* The bytes inside @sealed, the "sealed" member of an item (a base64
 * string of at most AGG_INGEST_MAX_SEALED_LENGTH characters): opened
 * already by agg_sealed_boxes_open_all(), or now. */
GBytes     *agg_ingest_open_sealed       (AggSealedBoxes      *boxes,
                                          JsonNode            *sealed,
                                          GError             **error);

/* For an item of sealed_version 2 (@object, whose "sealed_version" member
 * is present): checks that the version is 2 and that in clear it has
 * @clear_members only (@what names it in the message), and opens its box,
 * which must hold a JSON object of @box_members only. */
JsonObject *agg_ingest_open_sealed_item  (AggSealedBoxes      *boxes,
                                          JsonObject          *object,
                                          const char * const  *clear_members,
                                          const char          *what,
                                          const char * const  *box_members,
                                          GError             **error);

G_END_DECLS
