/* agg-rate-limiter.h — token buckets, one per key (a device's token id,
 * or a remote address), so child-code lookups cannot be used to guess
 * codes and enrolment cannot be hammered. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AGG_TYPE_RATE_LIMITER (agg_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (AggRateLimiter, agg_rate_limiter, AGG, RATE_LIMITER, GObject)

/* A bucket holds at most @burst requests and refills @per_minute a
 * minute. */
AggRateLimiter *agg_rate_limiter_new  (guint           burst,
                                       double          per_minute);

/* Takes one request from @key's bucket at @now (monotonic µs).  FALSE
 * when it is empty: answer 429. */
gboolean        agg_rate_limiter_take (AggRateLimiter *self,
                                       const char     *key,
                                       gint64          now);

G_END_DECLS
