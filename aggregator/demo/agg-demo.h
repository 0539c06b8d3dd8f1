/* agg-demo.h — a year of obviously synthetic keyworking data, for the demo
 * and for benchmarks ("keyvoice-aggregator demo"). */
#pragma once

#include <glib.h>

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

G_END_DECLS
