/* kiosk-timers.h — the kiosk's clocks, on the GLib main loop.
 *
 * Four timers, each of which is either running or not:
 *
 *   idle        "idle" once the given time has passed since the last
 *               activity (kiosk_timers_note_activity()); a touch while it
 *               runs pushes it back rather than restarting it
 *   countdown   "countdown" once a tick with the seconds still left, the
 *               last time with 0 ("Are you still there?")
 *   thanks      "thanks-over" once (the Thank-you screen)
 *   staff hold  "staff-hold" once (a long press on the top corner)
 *
 * What each means is decided by whoever listens (kiosk-journey.h); the
 * timers only count, so they are tested with short times and no window.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_TIMERS (kiosk_timers_get_type ())

G_DECLARE_FINAL_TYPE (KioskTimers, kiosk_timers, KIOSK, TIMERS, GObject)

KioskTimers *kiosk_timers_new                  (void);

/* Someone is there: idle time is counted from now. */
void         kiosk_timers_note_activity        (KioskTimers *self);
/* Starts the idle timer unless it runs already. */
void         kiosk_timers_start_idle           (KioskTimers *self,
                                                guint        timeout_ms);
void         kiosk_timers_stop_idle            (KioskTimers *self);
gboolean     kiosk_timers_is_idle_running      (KioskTimers *self);

/* Counts @seconds down, one tick every @tick_ms (1000 on the kiosk);
 * restarts it when it runs already. */
void         kiosk_timers_start_countdown      (KioskTimers *self,
                                                guint        seconds,
                                                guint        tick_ms);
void         kiosk_timers_stop_countdown       (KioskTimers *self);
gboolean     kiosk_timers_is_countdown_running (KioskTimers *self);

/* Whole seconds, on GLib's once-a-second clock (no need to wake up the
 * tablet more precisely for a screen that only says thank you). */
void         kiosk_timers_start_thanks         (KioskTimers *self,
                                                guint        seconds);
void         kiosk_timers_stop_thanks          (KioskTimers *self);

/* Restarts it when it runs already: letting go and pressing again starts
 * from nothing. */
void         kiosk_timers_start_staff_hold     (KioskTimers *self,
                                                guint        timeout_ms);
void         kiosk_timers_stop_staff_hold      (KioskTimers *self);

/* Stops every timer (dispose does it too). */
void         kiosk_timers_stop_all             (KioskTimers *self);

G_END_DECLS
