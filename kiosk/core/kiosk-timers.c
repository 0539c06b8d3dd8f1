/* kiosk-timers.c — the kiosk's clocks, on the GLib main loop. */
#include "config.h"

#include "kiosk-timers.h"

struct _KioskTimers
{
  GObject  parent_instance;

  gint64   last_activity;
  guint    idle_timeout_ms;
  guint    idle_source;
  guint    countdown_source;
  guint    countdown_left;
  guint    thanks_source;
  guint    staff_hold_source;
};

G_DEFINE_FINAL_TYPE (KioskTimers, kiosk_timers, G_TYPE_OBJECT)

enum {
  SIGNAL_IDLE,
  SIGNAL_COUNTDOWN,
  SIGNAL_THANKS_OVER,
  SIGNAL_STAFF_HOLD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_source (guint *source)
{
  if (*source != 0)
    {
      g_source_remove (*source);
      *source = 0;
    }
}

static gboolean
idle_cb (gpointer data)
{
  KioskTimers *self = data;
  gint64 timeout = (gint64) self->idle_timeout_ms * 1000;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;

  /* Someone touched the screen since this timer was set: wait for what
   * is left of the timeout from their last touch. */
  if (idle < timeout)
    {
      self->idle_source = g_timeout_add (MAX ((timeout - idle) / 1000, 1), idle_cb, self);
      return G_SOURCE_REMOVE;
    }

  g_signal_emit (self, signals[SIGNAL_IDLE], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
countdown_cb (gpointer data)
{
  KioskTimers *self = data;

  if (--self->countdown_left == 0)
    self->countdown_source = 0;
  g_signal_emit (self, signals[SIGNAL_COUNTDOWN], 0, self->countdown_left);
  return self->countdown_left == 0 ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
thanks_cb (gpointer data)
{
  KioskTimers *self = data;

  self->thanks_source = 0;
  g_signal_emit (self, signals[SIGNAL_THANKS_OVER], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
staff_hold_cb (gpointer data)
{
  KioskTimers *self = data;

  self->staff_hold_source = 0;
  g_signal_emit (self, signals[SIGNAL_STAFF_HOLD], 0);
  return G_SOURCE_REMOVE;
}

static void
kiosk_timers_dispose (GObject *object)
{
  kiosk_timers_stop_all (KIOSK_TIMERS (object));

  G_OBJECT_CLASS (kiosk_timers_parent_class)->dispose (object);
}

static void
kiosk_timers_class_init (KioskTimersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_timers_dispose;

  signals[SIGNAL_IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_COUNTDOWN] =
    g_signal_new ("countdown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_THANKS_OVER] =
    g_signal_new ("thanks-over", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_STAFF_HOLD] =
    g_signal_new ("staff-hold", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_timers_init (KioskTimers *self)
{
  self->last_activity = g_get_monotonic_time ();
}

KioskTimers *
kiosk_timers_new (void)
{
  return g_object_new (KIOSK_TYPE_TIMERS, NULL);
}

void
kiosk_timers_note_activity (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  self->last_activity = g_get_monotonic_time ();
}

void
kiosk_timers_start_idle (KioskTimers *self,
                         guint        timeout_ms)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));

  if (self->idle_source != 0)
    return;
  self->idle_timeout_ms = timeout_ms;
  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT, timeout_ms, idle_cb, self, NULL);
}

void
kiosk_timers_stop_idle (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  clear_source (&self->idle_source);
}

gboolean
kiosk_timers_is_idle_running (KioskTimers *self)
{
  g_return_val_if_fail (KIOSK_IS_TIMERS (self), FALSE);
  return self->idle_source != 0;
}

void
kiosk_timers_start_countdown (KioskTimers *self,
                              guint        seconds,
                              guint        tick_ms)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  g_return_if_fail (seconds > 0);

  clear_source (&self->countdown_source);
  self->countdown_left = seconds;
  self->countdown_source = g_timeout_add (tick_ms, countdown_cb, self);
}

void
kiosk_timers_stop_countdown (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  clear_source (&self->countdown_source);
}

gboolean
kiosk_timers_is_countdown_running (KioskTimers *self)
{
  g_return_val_if_fail (KIOSK_IS_TIMERS (self), FALSE);
  return self->countdown_source != 0;
}

void
kiosk_timers_start_thanks (KioskTimers *self,
                           guint        seconds)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));

  clear_source (&self->thanks_source);
  self->thanks_source = g_timeout_add_seconds (seconds, thanks_cb, self);
}

void
kiosk_timers_stop_thanks (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  clear_source (&self->thanks_source);
}

void
kiosk_timers_start_staff_hold (KioskTimers *self,
                               guint        timeout_ms)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));

  clear_source (&self->staff_hold_source);
  self->staff_hold_source = g_timeout_add (timeout_ms, staff_hold_cb, self);
}

void
kiosk_timers_stop_staff_hold (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));
  clear_source (&self->staff_hold_source);
}

void
kiosk_timers_stop_all (KioskTimers *self)
{
  g_return_if_fail (KIOSK_IS_TIMERS (self));

  clear_source (&self->idle_source);
  clear_source (&self->countdown_source);
  clear_source (&self->thanks_source);
  clear_source (&self->staff_hold_source);
}
