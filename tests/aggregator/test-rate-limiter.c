/* test-rate-limiter.c — the token buckets behind the child-code and
 * enrolment limits of docs/api.md: a full bucket at first, one request a
 * take, refilled at the rate asked and never past the burst, a debt for
 * requests already answered, Retry-After in whole seconds, and a flag that
 * lasts until the bucket is full again.  Every time is passed in, so
 * nothing here sleeps. */
#include "config.h"

#include "agg-rate-limiter.h"

/* Some monotonic time, in µs; the buckets only compare times. */
#define T0         (G_GINT64_CONSTANT (1000) * G_USEC_PER_SEC)
#define SECONDS(n) ((gint64) ((n) * (double) G_USEC_PER_SEC))

static void
test_burst_then_refused (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (3, 60.0);

  for (guint i = 0; i < 3; i++)
    g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_can_take (limiter, "tok-A", T0));

  /* Another key has a bucket of its own, full. */
  g_assert_true (agg_rate_limiter_can_take (limiter, "tok-B", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-B", T0));
}

static void
test_refill_over_time (void)
{
  /* 60 a minute: one a second. */
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (2, 60.0);

  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0));

  /* Half a request is not a request. */
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (0.5)));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (1)));
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (1)));

  /* A long pause fills the bucket to its burst and no further. */
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (3600)));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (3600)));
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (3600)));
}

static void
test_slow_rate (void)
{
  /* The enrolment limit's rate: one every six minutes. */
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (1, 1.0 / 6.0);

  g_assert_true (agg_rate_limiter_take (limiter, "192.0.2.1", T0));
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "192.0.2.1", T0), ==, 360);
  g_assert_false (agg_rate_limiter_take (limiter, "192.0.2.1", T0 + SECONDS (350)));
  g_assert_true (agg_rate_limiter_take (limiter, "192.0.2.1", T0 + SECONDS (361)));
}

static void
test_time_going_back (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (1, 60.0);

  /* A time before the bucket's last refill adds nothing, and takes
   * nothing away. */
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0 - SECONDS (60)));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (1)));
}

static void
test_can_take_takes_nothing (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (1, 60.0);

  for (guint i = 0; i < 5; i++)
    g_assert_true (agg_rate_limiter_can_take (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_can_take (limiter, "tok-A", T0));
}

static void
test_charge_runs_into_debt (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (2, 60.0);

  /* A charge takes like a take while there is something to take... */
  g_assert_true (agg_rate_limiter_charge (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_charge (limiter, "tok-A", T0));
  /* ...and past that it still takes, and says the bucket was empty. */
  g_assert_false (agg_rate_limiter_charge (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_charge (limiter, "tok-A", T0));

  /* Two requests owed: two seconds pay them back, the third refills one. */
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0), ==, 3);
  g_assert_false (agg_rate_limiter_can_take (limiter, "tok-A", T0 + SECONDS (2)));
  g_assert_true (agg_rate_limiter_can_take (limiter, "tok-A", T0 + SECONDS (3)));
}

static void
test_debt_is_bounded (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (2, 60.0);

  for (guint i = 0; i < 100; i++)
    agg_rate_limiter_charge (limiter, "tok-A", T0);

  /* However much was charged, the bucket owes at most one burst: an empty
   * bucket's fill twice over. */
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0), ==, 3);
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (3)));
}

static void
test_wait (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (1, 20.0);

  /* A request is there: no wait. */
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0), ==, 0);
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  /* 20 a minute is one every three seconds. */
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0), ==, 3);
  /* Whole seconds, rounded up: 1.5 s to go is 2. */
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0 + SECONDS (1.5)), ==, 2);
  g_assert_cmpuint (agg_rate_limiter_get_wait (limiter, "tok-A", T0 + SECONDS (3)), ==, 0);
}

static void
test_flag_lasts_until_full (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (2, 60.0);

  g_assert_false (agg_rate_limiter_is_flagged (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  agg_rate_limiter_flag (limiter, "tok-A", T0);
  g_assert_true (agg_rate_limiter_is_flagged (limiter, "tok-A", T0));
  g_assert_false (agg_rate_limiter_is_flagged (limiter, "tok-B", T0));

  /* One request back is not a full bucket: the run of refusals goes on. */
  g_assert_true (agg_rate_limiter_is_flagged (limiter, "tok-A", T0 + SECONDS (1)));
  /* Full again: the run is over. */
  g_assert_false (agg_rate_limiter_is_flagged (limiter, "tok-A", T0 + SECONDS (2)));
  /* And it stays over when the bucket is emptied again. */
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (2)));
  g_assert_false (agg_rate_limiter_is_flagged (limiter, "tok-A", T0 + SECONDS (2)));
}

static void
test_many_keys_keep_empty_buckets (void)
{
  g_autoptr(AggRateLimiter) limiter = agg_rate_limiter_new (1, 60.0);

  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0));
  /* Thousands of other keys make the limiter drop full buckets; an empty
   * one is not forgiven on the way. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("198.51.100.%u:%u", i % 256, i);

      g_assert_true (agg_rate_limiter_can_take (limiter, key, T0));
    }
  g_assert_false (agg_rate_limiter_take (limiter, "tok-A", T0));
  g_assert_true (agg_rate_limiter_take (limiter, "tok-A", T0 + SECONDS (1)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/rate-limiter/burst-then-refused", test_burst_then_refused);
  g_test_add_func ("/aggregator/rate-limiter/refill-over-time", test_refill_over_time);
  g_test_add_func ("/aggregator/rate-limiter/slow-rate", test_slow_rate);
  g_test_add_func ("/aggregator/rate-limiter/time-going-back", test_time_going_back);
  g_test_add_func ("/aggregator/rate-limiter/can-take-takes-nothing", test_can_take_takes_nothing);
  g_test_add_func ("/aggregator/rate-limiter/charge-runs-into-debt", test_charge_runs_into_debt);
  g_test_add_func ("/aggregator/rate-limiter/debt-is-bounded", test_debt_is_bounded);
  g_test_add_func ("/aggregator/rate-limiter/wait", test_wait);
  g_test_add_func ("/aggregator/rate-limiter/flag-lasts-until-full", test_flag_lasts_until_full);
  g_test_add_func ("/aggregator/rate-limiter/many-keys-keep-empty-buckets",
                   test_many_keys_keep_empty_buckets);

  return g_test_run ();
}
