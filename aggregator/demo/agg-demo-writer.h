/* agg-demo-writer.h — writing synthetic data straight into the database,
 * for the demo verb, benchmarks and tests.
 *
 * Each submission is checked and scored exactly as ingest does it
 * (kv_form_validate_answers(), agg_score_derive(), agg_json_content_hash()
 * on the wire form) and stored through the same agg_ingest_store_submission(),
 * offers and experience responses through the same store/ functions, but
 * many are written in one transaction, so a million take minutes, not
 * hours.  The caller opens and commits the transaction.
 *
 * Nothing here may ever write into a database that holds real data:
 * agg_demo_writer_new() refuses one that has any service already.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"

G_BEGIN_DECLS

typedef struct _AggDemoWriter AggDemoWriter;

/* @random makes every id (submission UUIDs, experience keys, device
 * tokens), so one seed gives one database.  It is borrowed. */
AggDemoWriter *agg_demo_writer_new             (AggDb            *db,
                                                AggFormRegistry  *forms,
                                                GRand            *random,
                                                GError          **error);
void           agg_demo_writer_free            (AggDemoWriter    *self);

/* A service and the one synthetic tablet its submissions come from.  The
 * tablet's token is revoked at once: nobody holds it. */
gboolean       agg_demo_writer_add_service     (AggDemoWriter    *self,
                                                const char       *id,
                                                const char       *name,
                                                const char       *created_at,
                                                GError          **error);
/* Returns the child's row id, or 0 with @error set.  @created_at is a
 * timestamp "YYYY-MM-DDTHH:MM:SSZ". */
gint64         agg_demo_writer_add_child       (AggDemoWriter    *self,
                                                const char       *code,
                                                const char       *service_id,
                                                const char       *age_band,
                                                const char       *created_at,
                                                GError          **error);
gboolean       agg_demo_writer_add_dsr         (AggDemoWriter    *self,
                                                gint64            child_id,
                                                const char       *rating,
                                                const char       *rated_on,
                                                GError          **error);
/* Validates, scores and stores one submission about child @child_id.
 * @completed_at is RFC 3339.  @goal_set is the version a gas-review rates
 * (0 otherwise); a gas-goals submission makes the next version and returns
 * it in @made_goal_set if not NULL.  An invalid submission is
 * AGG_ERROR_INVALID with ingest's reason, and nothing is written. */
gboolean       agg_demo_writer_add_submission  (AggDemoWriter    *self,
                                                gint64            child_id,
                                                const char       *form_id,
                                                const char       *respondent,
                                                const char       *completed_at,
                                                JsonNode         *answers,
                                                guint             goal_set,
                                                guint            *made_goal_set,
                                                GError          **error);
/* A 7.3 ledger entry: child @child_id's family was asked in @month. */
gboolean       agg_demo_writer_add_offer       (AggDemoWriter    *self,
                                                gint64            child_id,
                                                const char       *month,
                                                const char       *outcome,
                                                GError          **error);
/* Validates and stores one experience response of @service_id, given on
 * @completed_at (only its month is kept). */
gboolean       agg_demo_writer_add_experience  (AggDemoWriter    *self,
                                                const char       *service_id,
                                                const char       *completed_at,
                                                JsonNode         *answers,
                                                GError          **error);

guint          agg_demo_writer_get_n_submissions (AggDemoWriter  *self);
guint          agg_demo_writer_get_n_offers      (AggDemoWriter  *self);
guint          agg_demo_writer_get_n_responses   (AggDemoWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggDemoWriter, agg_demo_writer_free)

G_END_DECLS
