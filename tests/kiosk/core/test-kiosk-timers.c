/* test-kiosk-timers.c — the kiosk's clocks on a real main loop, with short
 * times: idle pushed back by activity, the countdown's ticks, the
 * one-shot timers, and stopping. */
#include "config.h"

#include "kiosk-test-util.h"
#include "kiosk-timers.h"

typedef struct
{
  guint   idle;
  guint   thanks;
  guint   staff_hold;
  GArray *ticks;
  gint64  idle_at;
} Seen;

static void
idle_cb (KioskTimers *timers,
         Seen        *seen)
{
  seen->idle++;
  seen->idle_at = g_get_monotonic_time ();
}

static void
countdown_cb (KioskTimers *timers,
              guint        left,
              Seen        *seen)
{
  g_array_append_val (seen->ticks, left);
}

static void
thanks_cb (KioskTimers *timers,
           Seen        *seen)
{
  seen->thanks++;
}

static void
staff_hold_cb (KioskTimers *timers,
               Seen        *seen)
{
  seen->staff_hold++;
}

static KioskTimers *
watched_timers (Seen *seen)
{
  KioskTimers *timers = kiosk_timers_new ();

  seen->ticks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (timers, "idle", G_CALLBACK (idle_cb), seen);
  g_signal_connect (timers, "countdown", G_CALLBACK (countdown_cb), seen);
  g_signal_connect (timers, "thanks-over", G_CALLBACK (thanks_cb), seen);
  g_signal_connect (timers, "staff-hold", G_CALLBACK (staff_hold_cb), seen);
  return timers;
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A touch while the idle timer runs pushes it back to a full timeout
 * from that touch; starting it again while it runs changes nothing. */
static void
test_idle_pushed_back (void)
{
  Seen seen = { 0 };
  g_autoptr(KioskTimers) timers = watched_timers (&seen);
  guint ms = 200 * kt_slowdown ();
  gint64 touched;

  kiosk_timers_note_activity (timers);
  kiosk_timers_start_idle (timers, ms);
  g_assert_true (kiosk_timers_is_idle_running (timers));

  run (ms / 2);
  kiosk_timers_note_activity (timers);
  touched = g_get_monotonic_time ();
  kiosk_timers_start_idle (timers, ms);

  run (ms * 3 / 4);
  g_assert_cmpuint (seen.idle, ==, 0);

  run (ms * 2);
  g_assert_cmpuint (seen.idle, ==, 1);
  g_assert_cmpint (seen.idle_at - touched, >=, (gint64) ms * 1000);
  g_assert_false (kiosk_timers_is_idle_running (timers));

  /* Stopped, it never fires. */
  kiosk_timers_start_idle (timers, ms / 4);
  kiosk_timers_stop_idle (timers);
  run (ms / 2);
  g_assert_cmpuint (seen.idle, ==, 1);
  g_array_unref (seen.ticks);
}

/* The countdown says how many seconds are left at every tick, ending
 * with 0, then stops by itself. */
static void
test_countdown_ticks (void)
{
  Seen seen = { 0 };
  g_autoptr(KioskTimers) timers = watched_timers (&seen);
  guint tick = 20 * kt_slowdown ();

  kiosk_timers_start_countdown (timers, 3, tick);
  g_assert_true (kiosk_timers_is_countdown_running (timers));
  run (tick * 10);

  g_assert_cmpuint (seen.ticks->len, ==, 3);
  g_assert_cmpuint (g_array_index (seen.ticks, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (seen.ticks, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (seen.ticks, guint, 2), ==, 0);
  g_assert_false (kiosk_timers_is_countdown_running (timers));

  /* Stopped halfway ("I'm still here"), it says no more. */
  g_array_set_size (seen.ticks, 0);
  kiosk_timers_start_countdown (timers, 5, tick * 2);
  run (tick * 3);
  kiosk_timers_stop_countdown (timers);
  run (tick * 10);
  g_assert_cmpuint (seen.ticks->len, ==, 1);
  g_assert_cmpuint (g_array_index (seen.ticks, guint, 0), ==, 4);
  g_array_unref (seen.ticks);
}

/* The staff hold fires once after its time; pressing again restarts it
 * from nothing, and letting go stops it. */
static void
test_staff_hold (void)
{
  Seen seen = { 0 };
  g_autoptr(KioskTimers) timers = watched_timers (&seen);
  guint ms = 100 * kt_slowdown ();

  kiosk_timers_start_staff_hold (timers, ms);
  run (ms * 3 / 4);
  kiosk_timers_start_staff_hold (timers, ms);
  run (ms * 3 / 4);
  g_assert_cmpuint (seen.staff_hold, ==, 0);
  run (ms);
  g_assert_cmpuint (seen.staff_hold, ==, 1);

  kiosk_timers_start_staff_hold (timers, ms);
  run (ms / 2);
  kiosk_timers_stop_staff_hold (timers);
  run (ms * 2);
  g_assert_cmpuint (seen.staff_hold, ==, 1);
  g_array_unref (seen.ticks);
}

/* The Thank-you timer counts whole seconds; stop_all stops every timer,
 * and so does dropping the timers. */
static void
test_thanks_and_stop_all (void)
{
  Seen seen = { 0 };
  KioskTimers *timers = watched_timers (&seen);

  kiosk_timers_start_thanks (timers, 1);
  run (2200);
  g_assert_cmpuint (seen.thanks, ==, 1);

  kiosk_timers_start_thanks (timers, 1);
  kiosk_timers_start_idle (timers, 10);
  kiosk_timers_start_countdown (timers, 2, 10);
  kiosk_timers_start_staff_hold (timers, 10);
  kiosk_timers_stop_all (timers);
  g_assert_false (kiosk_timers_is_idle_running (timers));
  g_assert_false (kiosk_timers_is_countdown_running (timers));

  kiosk_timers_start_idle (timers, 10);
  kiosk_timers_start_staff_hold (timers, 10);
  g_assert_finalize_object (timers);
  run (1500);
  g_assert_cmpuint (seen.thanks, ==, 1);
  g_assert_cmpuint (seen.idle, ==, 0);
  g_assert_cmpuint (seen.staff_hold, ==, 0);
  g_assert_cmpuint (seen.ticks->len, ==, 0);
  g_array_unref (seen.ticks);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/timers/idle-pushed-back-by-activity", test_idle_pushed_back);
  g_test_add_func ("/kiosk/timers/countdown-ticks", test_countdown_ticks);
  g_test_add_func ("/kiosk/timers/staff-hold-restarts", test_staff_hold);
  g_test_add_func ("/kiosk/timers/thanks-and-stop-all", test_thanks_and_stop_all);

  return g_test_run ();
}
