/* agg-demo.h — a year of obviously synthetic keyworking data, for the demo
 * and for benchmarks ("keyvoice-aggregator demo"). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"

G_BEGIN_DECLS

#define AGG_DEMO_DEFAULT_CHILDREN 120
#define AGG_DEMO_DEFAULT_SEED     1

typedef struct
{
  guint  n_children;
  guint  seed;
  char  *end;        /* the last day of the year filled, YYYY-MM-DD; NULL: today */
} AggDemoOptions;

typedef struct
{
  guint n_services;
  guint n_children;
  guint n_submissions;
  guint n_offers;
  guint n_responses;
} AggDemoStats;

/* Fills the empty database @db in one transaction: synthetic services
 * ("Demo Service North"…), children with DSR history, goal sets, GAS
 * reviews, family quality of life, 7.3 offers and experience answers over
 * the year that ends on options->end.  The same options give the same
 * database.  A database that already has a service is AGG_ERROR_EXISTS
 * and is left alone. */
gboolean agg_demo_fill (AggDb                *db,
                        AggFormRegistry      *forms,
                        const AggDemoOptions *options,
                        AggDemoStats         *stats,
                        GError              **error);

/* The draws the demo and bench/bench-national.c make alike, from their
 * seeded @random.  agg_demo_chance() is TRUE with probability @p;
 * agg_demo_gaussian() is a normal deviate (Box–Muller), for the spread of
 * ratings. */
gboolean  agg_demo_chance        (GRand              *random,
                                  double              p);
double    agg_demo_gaussian      (GRand              *random);
/* The answers of a gas-goals submission of @n_goals goals: weighted (four
 * in ten, importance and difficulty from 1 to 3) or not, each baseline −1
 * (six in ten) or −2 (docs/domain.md §1), each text drawn from the
 * @n_texts @texts, or "Synthetic goal N" when @texts is NULL. */
JsonNode *agg_demo_goals_answers (GRand              *random,
                                  guint               n_goals,
                                  const char * const *texts,
                                  guint               n_texts);

G_END_DECLS
