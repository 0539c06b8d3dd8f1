/* agg-ingest-fixture.h — the submissions the ingest tests
 * (tests/aggregator/test-ingest*.c) post through the handler itself, in
 * the world of agg-test-util.h. */
#pragma once

#include "agg-test-util.h"

G_BEGIN_DECLS

#define JSON "application/json"
#define SUBMIT "/api/v1/submissions"

/* A family-qol submission for @child with every item at @level. */
JsonObject *ingest_qol                  (const char    *child,
                                         const char    *level);
/* A sealed experience submission (sealed_version 1), as the kiosk sent
 * it: the envelope in clear, the answers sealed to the world's key. */
JsonObject *ingest_sealed_experience    (AggTestWorld  *world);
/* A sealed experience submission of sealed_version 2: in clear only id,
 * form, form version and @month; @box_extra (JSON members, or "") goes
 * inside the box after the usual ones. */
JsonObject *ingest_sealed_experience_v2 (AggTestWorld  *world,
                                         const char    *month,
                                         const char    *box_extra);
/* A gas-goals submission of @n goals with baselines −1; weighted ones
 * have importance 2 and difficulty 1. */
JsonObject *ingest_goals                (const char    *child,
                                         guint          n,
                                         gboolean       weighted);
/* A gas-review of @goal_set; @ratings is a JSON object text. */
JsonObject *ingest_review               (const char    *child,
                                         gint64         goal_set,
                                         const char    *ratings);
JsonObject *ingest_offer                (const char    *child,
                                         const char    *outcome,
                                         const char    *month);
/* @item (a submission or an offer in clear) as the kiosk now sends it,
 * sealed_version 2: a submission keeps id, form and form version in clear,
 * with the month of its completed_at; an offer keeps id and month; every
 * other member goes into a box sealed to @world's key.  A new object. */
JsonObject *ingest_sealed               (AggTestWorld  *world,
                                         JsonObject    *item);
/* Posts a batch with @token and returns the reply object (the status
 * must be 200). */
JsonObject *ingest_post                 (AggTestWorld  *world,
                                         const char    *token,
                                         JsonObject   **submissions,
                                         guint          n_submissions,
                                         JsonObject   **offers,
                                         guint          n_offers);
/* The rows of every table a batch writes to, together. */
gint64      ingest_stored_rows          (AggTestWorld  *world);

G_END_DECLS
