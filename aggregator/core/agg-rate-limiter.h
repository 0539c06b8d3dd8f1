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

/* Whether @key's bucket holds a whole request at @now; takes nothing. */
gboolean        agg_rate_limiter_can_take (AggRateLimiter *self,
                                           const char     *key,
                                           gint64          now);
/* Takes one request from @key's bucket even when it is empty, for one that
 * has already been answered: the bucket then owes it, and refills from
 * below zero.  FALSE when the bucket was empty. */
gboolean        agg_rate_limiter_charge (AggRateLimiter *self,
                                         const char     *key,
                                         gint64          now);
/* Whole seconds until @key's bucket holds a request again (0: now), for
 * Retry-After. */
guint           agg_rate_limiter_get_wait (AggRateLimiter *self,
                                           const char     *key,
                                           gint64          now);

/* A flag on @key's bucket that lasts until the bucket is full again, so
 * that the edge can record a run of refusals once rather than each
 * refusal. */
gboolean        agg_rate_limiter_is_flagged (AggRateLimiter *self,
                                             const char     *key,
                                             gint64          now);
void            agg_rate_limiter_flag       (AggRateLimiter *self,
                                             const char     *key,
                                             gint64          now);

G_END_DECLS
