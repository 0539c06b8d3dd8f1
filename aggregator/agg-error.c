/* agg-error.c — the aggregator's error domain. */
#include "config.h"

#include "agg-error.h"

G_DEFINE_QUARK (agg-error-quark, agg_error)
