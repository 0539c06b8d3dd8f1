/* agg-rate-limiter.c — token buckets in memory.
 *
 * Buckets live only as long as the process: a restart refills them, which
 * is harmless at these rates and keeps the database out of every read. */
#include "config.h"

#include <math.h>

#include "agg-rate-limiter.h"

/* Past this many buckets, full ones are dropped: a full bucket is the
 * same as no bucket. */
#define PRUNE_ABOVE 4096

typedef struct
{
  double   tokens;    /* below zero when agg_rate_limiter_charge() ran it into debt */
  gint64   updated;
  gboolean flagged;
} Bucket;

struct _AggRateLimiter
{
  GObject     parent_instance;

  guint       burst;
  double      per_microsecond;
  GHashTable *buckets;   /* key → Bucket */
  GMutex      lock;      /* tests call from more than one thread */
};

G_DEFINE_TYPE (AggRateLimiter, agg_rate_limiter, G_TYPE_OBJECT)

static void
agg_rate_limiter_finalize (GObject *object)
{
  AggRateLimiter *self = AGG_RATE_LIMITER (object);

  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (agg_rate_limiter_parent_class)->finalize (object);
}

static void
agg_rate_limiter_class_init (AggRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = agg_rate_limiter_finalize;
}

static void
agg_rate_limiter_init (AggRateLimiter *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->lock);
}

AggRateLimiter *
agg_rate_limiter_new (guint  burst,
                      double per_minute)
{
  AggRateLimiter *self;

  g_return_val_if_fail (burst >= 1, NULL);
  g_return_val_if_fail (per_minute > 0, NULL);

  self = g_object_new (AGG_TYPE_RATE_LIMITER, NULL);
  self->burst = burst;
  self->per_microsecond = per_minute / (60.0 * G_USEC_PER_SEC);
  return self;
}

static void
refill (AggRateLimiter *self,
        Bucket         *bucket,
        gint64          now)
{
  if (now > bucket->updated)
    {
      bucket->tokens = MIN ((double) self->burst,
                            bucket->tokens + (now - bucket->updated) * self->per_microsecond);
      bucket->updated = now;
    }
  if (bucket->tokens >= self->burst)
    bucket->flagged = FALSE;
}

static void
prune (AggRateLimiter *self,
       gint64          now)
{
  GHashTableIter iter;
  Bucket *bucket;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bucket))
    {
      refill (self, bucket, now);
      if (bucket->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

/* @key's bucket, refilled to @now; made full if there was none.  Call
 * with the lock held. */
static Bucket *
get_bucket (AggRateLimiter *self,
            const char     *key,
            gint64          now)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, key);

  if (bucket == NULL)
    {
      if (g_hash_table_size (self->buckets) >= PRUNE_ABOVE)
        prune (self, now);
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->updated = now;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  refill (self, bucket, now);
  return bucket;
}

gboolean
agg_rate_limiter_take (AggRateLimiter *self,
                       const char     *key,
                       gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Bucket *bucket;

  g_return_val_if_fail (AGG_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  bucket = get_bucket (self, key, now);
  if (bucket->tokens < 1.0)
    return FALSE;
  bucket->tokens -= 1.0;
  return TRUE;
}

gboolean
agg_rate_limiter_can_take (AggRateLimiter *self,
                           const char     *key,
                           gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (AGG_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return get_bucket (self, key, now)->tokens >= 1.0;
}

gboolean
agg_rate_limiter_charge (AggRateLimiter *self,
                         const char     *key,
                         gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Bucket *bucket;
  gboolean had_one;

  g_return_val_if_fail (AGG_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  bucket = get_bucket (self, key, now);
  had_one = bucket->tokens >= 1.0;
  /* The debt is bounded, so that a key is never shut out for longer than
   * an empty bucket takes to fill twice. */
  bucket->tokens = MAX (bucket->tokens - 1.0, -(double) self->burst);
  return had_one;
}

guint
agg_rate_limiter_get_wait (AggRateLimiter *self,
                           const char     *key,
                           gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Bucket *bucket;
  double missing;

  g_return_val_if_fail (AGG_IS_RATE_LIMITER (self), 0);
  g_return_val_if_fail (key != NULL, 0);

  locker = g_mutex_locker_new (&self->lock);
  bucket = get_bucket (self, key, now);
  missing = 1.0 - bucket->tokens;
  if (missing <= 0)
    return 0;
  return (guint) MIN (ceil (missing / self->per_microsecond / G_USEC_PER_SEC), (double) G_MAXUINT);
}

gboolean
agg_rate_limiter_is_flagged (AggRateLimiter *self,
                             const char     *key,
                             gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (AGG_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return get_bucket (self, key, now)->flagged;
}

void
agg_rate_limiter_flag (AggRateLimiter *self,
                       const char     *key,
                       gint64          now)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (AGG_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  locker = g_mutex_locker_new (&self->lock);
  get_bucket (self, key, now)->flagged = TRUE;
}
