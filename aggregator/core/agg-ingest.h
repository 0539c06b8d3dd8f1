/* agg-ingest.h — storing an upload batch exactly once (docs/api.md
 * "POST /api/v1/submissions").
 *
 * Every submission and offer gets a status: stored, duplicate (same id,
 * same content), conflict (same id, other content) or rejected (with a
 * reason).  The whole batch is one transaction: the reply exists only
 * once it is committed, and a failure stores nothing.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-keys.h"
#include "agg-principal.h"
#include "agg-rate-limiter.h"
#include "agg-scores.h"
#include "agg-store-submissions.h"

G_BEGIN_DECLS

/* Most submissions, and most offers, in one batch. */
#define AGG_INGEST_MAX_ITEMS         500
/* The longest "sealed" value, AGG_INGEST_MAX_SEALED_LENGTH, is in
 * agg-ingest-sealed.h. */

/* Stores @body from @device.  Returns the reply object.  Errors:
 * AGG_ERROR_INVALID when the envelope itself is broken (not an object,
 * "submissions" not an array…), AGG_ERROR_TOO_LARGE when a list is over
 * AGG_INGEST_MAX_ITEMS, AGG_ERROR_RATE_LIMITED when @device has used up
 * @guesses, anything else when the database failed; in every error case
 * nothing was stored.
 *
 * @guesses (NULL: no limit) is the budget of child-code lookups, keyed by
 * token id: an item rejected because its child is not a known child of the
 * device's service tells an unknown code from a real one, so each costs
 * one lookup.  A batch from a device with no lookup left, or whose unknown
 * children run past what it has left, is refused as a whole. */
JsonNode *agg_ingest_batch (AggDb              *db,
                            AggFormRegistry    *forms,
                            AggKeys            *keys,
                            const AggPrincipal *device,
                            AggRateLimiter     *guesses,
                            JsonNode           *body,
                            GError            **error);

/* Stores one submission that has been validated and scored, as
 * agg_ingest_batch() does for each and the demo writer for its synthetic
 * ones: @row, with its form and answers columns taken from @form and
 * @answers (canonical); for a gas-goals submission, @goal_set as the
 * child's next version, returned in *@made_goal_set (0 for any other
 * form) unless it is NULL; and @score unless it is NULL.  Runs inside the
 * caller's transaction. */
gboolean  agg_ingest_store_submission (AggDb                      *db,
                                       const AggStoredSubmission  *row,
                                       const KvForm               *form,
                                       JsonNode                   *answers,
                                       const KvGoalSet            *goal_set,
                                       const AggScore             *score,
                                       gint64                     *made_goal_set,
                                       GError                    **error);

G_END_DECLS
