/* kiosk-uploader.c — when to deliver the outbox, and the operations built
 * on KioskClient (docs/kiosk-core.md "Delivery"; the wire format is
 * docs/api.md).
 *
 * The uploader decides; the client talks.  One sync pass (the batches,
 * halving, the entries the aggregator keeps failing) is in
 * kiosk-uploader-delivery.c; every request goes through the KioskClient
 * the uploader owns.
 *
 * Threads: every network call runs on a GTask worker thread (or on the
 * caller's thread for the synchronous variants).  The scheduling state —
 * timers, backoff, the "state" property — belongs to the main context the
 * uploader was made on and is only touched there.  Configuration is read
 * under config_lock, and passes are serialised by pass_lock so two never
 * send the same entries at once from one process.  (Two processes may;
 * the aggregator answers "duplicate" to the second, which also counts as
 * delivered.)
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "kiosk-client.h"
#include "kiosk-error.h"
#include "kiosk-task.h"
#include "kiosk-uploader-delivery.h"
#include "kiosk-uploader.h"

#define MAX_BATCH 100
#define DEFAULT_MIN_BACKOFF 5
#define DEFAULT_MAX_BACKOFF (15 * 60)
#define DEFAULT_SYNC_INTERVAL (5 * 60)
/* After the network comes back, wait a moment for DHCP and DNS to settle. */
#define NETWORK_SETTLE_SECONDS 2
/* Automatic passes also refresh the cached forms, at most this often. */
#define FORMS_REFRESH_SECONDS (60 * 60)

struct _KioskUploader
{
  GObject                parent_instance;

  KioskStore            *store;
  KioskClient           *client;
  GMainContext          *context;

  GMutex                 config_lock;
  guint                  batch_size;
  guint                  min_backoff;
  guint                  max_backoff;
  guint                  sync_interval;
  gint64                 forms_refreshed_at;   /* monotonic µs; 0 = never */

  GMutex                 pass_lock;
  /* Under pass_lock: what the passes learnt about entries the aggregator
   * keeps failing. */
  KioskUploaderDelivery *delivery;

  /* Main-context state. */
  gboolean               started;
  gboolean               running;
  gboolean               again;
  guint                  failures;
  GSource               *timer;
  gint64                 next_attempt;
  KioskUploaderState     state;
  char                  *last_error;
  GNetworkMonitor       *monitor;
  gulong                 network_changed_id;
};

G_DEFINE_FINAL_TYPE (KioskUploader, kiosk_uploader, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KioskUploaderState, kiosk_uploader_state,
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_NOT_ENROLLED, "not-enrolled"))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SYNC_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Sync passes -------------------------------------------------------- */

static void
fill_counts (KioskUploader   *self,
             KioskSyncReport *report)
{
  g_autoptr(KioskOutboxStatus) status = kiosk_store_get_outbox_status (self->store, NULL);

  if (status == NULL)
    return;
  report->queued = status->queued + status->offers_queued;
  report->needs_attention = status->needs_attention;
}

gboolean
kiosk_uploader_sync (KioskUploader    *self,
                     GCancellable     *cancellable,
                     KioskSyncReport  *report,
                     GError          **error)
{
  g_autoptr(GMutexLocker) pass_locker = NULL;
  g_autoptr(KioskClientSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  KioskDeliveryCounts counts = { 0, };
  KioskSyncReport local_report = { 0, };
  guint batch_size;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pass_locker = g_mutex_locker_new (&self->pass_lock);

  g_mutex_lock (&self->config_lock);
  batch_size = self->batch_size;
  g_mutex_unlock (&self->config_lock);

  /* Every pass, periodic ones included, also lets yesterday's cached
   * children go, so a tablet left on overnight does not keep them until
   * someone looks one up. */
  ok = kiosk_store_expire_children (self->store, &local_error) &&
       (session = kiosk_client_open_session (self->client, &local_error)) != NULL &&
       kiosk_uploader_delivery_run (self->delivery, session, batch_size, cancellable,
                                    &counts, &local_error);

  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) record_error = NULL;

      if (!kiosk_store_record_sync (self->store, ok ? NULL : local_error->message,
                                    &record_error) && ok)
        {
          ok = FALSE;
          local_error = g_steal_pointer (&record_error);
        }
    }

  local_report.delivered = counts.delivered;
  local_report.offers_delivered = counts.offers_delivered;
  local_report.refused = counts.refused;
  fill_counts (self, &local_report);
  if (report != NULL)
    *report = local_report;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* The report is wanted on failure too, so it travels as the task's data
 * (a KioskSyncReport) and the boolean result carries the error. */
static gboolean
sync_call (gpointer       source_object,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return kiosk_uploader_sync (source_object, cancellable, data, error);
}

void
kiosk_uploader_sync_async (KioskUploader       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  kiosk_task_run_async (self, kiosk_uploader_sync_async, sync_call,
                        g_new0 (KioskSyncReport, 1), g_free,
                        cancellable, callback, user_data);
}

gboolean
kiosk_uploader_sync_finish (KioskUploader    *self,
                            GAsyncResult     *result,
                            KioskSyncReport  *report,
                            GError          **error)
{
  KioskSyncReport *task_report = NULL;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);

  ok = kiosk_task_finish (self, result, kiosk_uploader_sync_async,
                          (gpointer *) &task_report, error);
  if (report != NULL)
    {
      if (task_report != NULL)
        *report = *task_report;
      else
        memset (report, 0, sizeof *report);
    }
  return ok;
}

/* ---- Enrolment ---------------------------------------------------------- */

gboolean
kiosk_uploader_enrol (KioskUploader  *self,
                      const char     *url,
                      const char     *code,
                      const char     *device_name,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kiosk_client_enrol (self->client, url, code, device_name, cancellable, error);
}

typedef struct
{
  char *url;
  char *code;
  char *name;
} EnrolData;

static void
enrol_data_free (EnrolData *data)
{
  g_free (data->url);
  if (data->code != NULL)
    sodium_memzero (data->code, strlen (data->code));
  g_free (data->code);
  g_free (data->name);
  g_free (data);
}

static gboolean
enrol_call (gpointer       source_object,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  KioskUploader *self = source_object;
  EnrolData *enrol = data;

  return kiosk_client_enrol (self->client, enrol->url, enrol->code, enrol->name,
                             cancellable, error);
}

void
kiosk_uploader_enrol_async (KioskUploader       *self,
                            const char          *url,
                            const char          *code,
                            const char          *device_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  EnrolData *data;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (url != NULL);

  data = g_new0 (EnrolData, 1);
  data->url = g_strdup (url);
  data->code = g_strdup (code);
  data->name = g_strdup (device_name);
  kiosk_task_run_async (self, kiosk_uploader_enrol_async, enrol_call,
                        data, (GDestroyNotify) enrol_data_free,
                        cancellable, callback, user_data);
}

gboolean
kiosk_uploader_enrol_finish (KioskUploader  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);

  return kiosk_task_finish (self, result, kiosk_uploader_enrol_async, NULL, error);
}

/* ---- Forms -------------------------------------------------------------- */

gboolean
kiosk_uploader_refresh_forms (KioskUploader  *self,
                              GCancellable   *cancellable,
                              guint          *n_fetched,
                              GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return kiosk_client_refresh_forms (self->client, cancellable, n_fetched, error);
}

/* The task's data is the count (a guint). */
static gboolean
refresh_forms_call (gpointer       source_object,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  KioskUploader *self = source_object;

  return kiosk_client_refresh_forms (self->client, cancellable, data, error);
}

void
kiosk_uploader_refresh_forms_async (KioskUploader       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  kiosk_task_run_async (self, kiosk_uploader_refresh_forms_async, refresh_forms_call,
                        g_new0 (guint, 1), g_free, cancellable, callback, user_data);
}

gboolean
kiosk_uploader_refresh_forms_finish (KioskUploader  *self,
                                     GAsyncResult   *result,
                                     guint          *n_fetched,
                                     GError        **error)
{
  guint *fetched = NULL;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);

  ok = kiosk_task_finish (self, result, kiosk_uploader_refresh_forms_async,
                          (gpointer *) &fetched, error);
  if (n_fetched != NULL)
    *n_fetched = ok && fetched != NULL ? *fetched : 0;
  return ok;
}

/* ---- Children ----------------------------------------------------------- */

KioskChild *
kiosk_uploader_lookup_child (KioskUploader  *self,
                             const char     *code,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return kiosk_client_lookup_child (self->client, code, cancellable, error);
}

typedef struct
{
  char       *code;
  KioskChild *child;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->code);
  g_clear_pointer (&data->child, kiosk_child_unref);
  g_free (data);
}

static gboolean
lookup_child_call (gpointer       source_object,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  KioskUploader *self = source_object;
  LookupData *lookup = data;

  lookup->child = kiosk_client_lookup_child (self->client, lookup->code, cancellable, error);
  return lookup->child != NULL;
}

void
kiosk_uploader_lookup_child_async (KioskUploader       *self,
                                   const char          *code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  LookupData *data;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  data = g_new0 (LookupData, 1);
  data->code = g_strdup (code);
  kiosk_task_run_async (self, kiosk_uploader_lookup_child_async, lookup_child_call,
                        data, (GDestroyNotify) lookup_data_free,
                        cancellable, callback, user_data);
}

KioskChild *
kiosk_uploader_lookup_child_finish (KioskUploader  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  LookupData *data = NULL;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);

  if (!kiosk_task_finish (self, result, kiosk_uploader_lookup_child_async,
                          (gpointer *) &data, error))
    return NULL;
  return g_steal_pointer (&data->child);
}

/* ---- Automatic syncing (main context only) ------------------------------ */

static void start_pass (KioskUploader *self);

static void
set_state (KioskUploader      *self,
           KioskUploaderState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (KioskUploader *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
cancel_timer (KioskUploader *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->next_attempt != 0)
    {
      self->next_attempt = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
    }
}

static gboolean
timer_cb (gpointer user_data)
{
  KioskUploader *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  self->next_attempt = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
  start_pass (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (KioskUploader *self,
          guint          delay_ms)
{
  cancel_timer (self);
  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[keyvoice] kiosk uploader");
  g_source_attach (self->timer, self->context);
  self->next_attempt = g_get_real_time () + (gint64) delay_ms * 1000;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

/* Exponential backoff with jitter: the nth consecutive failure waits a
 * random time in the upper half of min·2ⁿ⁻¹, capped at max, so a room full
 * of tablets coming back online does not knock on the aggregator in step. */
static guint
backoff_ms (KioskUploader *self)
{
  double step;

  g_mutex_lock (&self->config_lock);
  step = self->min_backoff * 1000.0;
  for (guint i = 1; i < self->failures && step < self->max_backoff * 1000.0; i++)
    step *= 2;
  step = MIN (step, self->max_backoff * 1000.0);
  g_mutex_unlock (&self->config_lock);

  return (guint) g_random_double_range (step / 2, step);
}

static void
pass_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KioskUploader *self = KIOSK_UPLOADER (source);
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;
  gboolean ok;
  guint interval;

  ok = kiosk_uploader_sync_finish (self, result, &report, &error);
  self->running = FALSE;

  g_mutex_lock (&self->config_lock);
  interval = self->sync_interval;
  g_mutex_unlock (&self->config_lock);

  if (ok)
    {
      self->failures = 0;
      set_last_error (self, NULL);
    }
  else
    set_last_error (self, error->message);

  if (self->again)
    {
      self->again = FALSE;
      g_signal_emit (self, signals[SYNC_FINISHED], 0, ok);
      start_pass (self);
      return;
    }

  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED))
    {
      /* Nothing to do until someone enrols the tablet (and then calls
       * kiosk_uploader_sync_now()). */
      set_state (self, KIOSK_UPLOADER_NOT_ENROLLED);
    }
  else if (!ok)
    {
      self->failures++;
      /* WAITING promises a next attempt; without start() there is none,
       * and last-error tells the story. */
      if (self->started)
        {
          set_state (self, KIOSK_UPLOADER_WAITING);
          schedule (self, backoff_ms (self));
        }
      else
        set_state (self, KIOSK_UPLOADER_IDLE);
    }
  else
    {
      set_state (self, KIOSK_UPLOADER_IDLE);
      /* A pass with nothing queued makes no request, so ticking while idle
       * costs nothing and catches entries written by another process. */
      if (self->started && interval > 0)
        schedule (self, interval * 1000);
    }

  g_signal_emit (self, signals[SYNC_FINISHED], 0, ok);
}

/* An automatic pass: deliver, then keep the forms cache fresh so that a
 * newly enrolled tablet, or a form the aggregator updated, is ready for
 * the next family without anyone running --sync. */
static gboolean
auto_pass_call (gpointer       source_object,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  KioskUploader *self = source_object;
  gboolean ok, refresh;
  gint64 now = g_get_monotonic_time ();

  ok = kiosk_uploader_sync (self, cancellable, data, error);

  g_mutex_lock (&self->config_lock);
  refresh = ok &&
            (self->forms_refreshed_at == 0 ||
             now - self->forms_refreshed_at >= (gint64) FORMS_REFRESH_SECONDS * G_USEC_PER_SEC);
  g_mutex_unlock (&self->config_lock);

  /* A failed refresh is not the pass's failure: the outbox is what the
   * state reports on, and the next pass tries the forms again. */
  if (refresh && kiosk_client_refresh_forms (self->client, cancellable, NULL, NULL))
    {
      g_mutex_lock (&self->config_lock);
      self->forms_refreshed_at = now;
      g_mutex_unlock (&self->config_lock);
    }
  return ok;
}

static void
start_pass (KioskUploader *self)
{
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  cancel_timer (self);
  self->running = TRUE;
  set_state (self, KIOSK_UPLOADER_SYNCING);

  /* Tagged as a sync task so kiosk_uploader_sync_finish() reads it. */
  kiosk_task_run_async (self, kiosk_uploader_sync_async, auto_pass_call,
                        g_new0 (KioskSyncReport, 1), g_free, NULL, pass_done, NULL);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  KioskUploader *self = user_data;

  /* Only a waiting uploader cares: an idle one has nothing to send, and a
   * running one will find out for itself. */
  if (available && self->started && self->state == KIOSK_UPLOADER_WAITING)
    schedule (self, NETWORK_SETTLE_SECONDS * 1000);
}

void
kiosk_uploader_start (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  if (!self->running)
    schedule (self, 0);
}

void
kiosk_uploader_stop (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  self->started = FALSE;
  cancel_timer (self);
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_changed_id, self->monitor);
      g_clear_object (&self->monitor);
    }
  if (!self->running && self->state == KIOSK_UPLOADER_WAITING)
    set_state (self, KIOSK_UPLOADER_IDLE);
}

void
kiosk_uploader_sync_now (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  start_pass (self);
}

KioskUploaderState
kiosk_uploader_get_state (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), KIOSK_UPLOADER_IDLE);
  return self->state;
}

const char *
kiosk_uploader_get_last_error (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  return self->last_error;
}

gint64
kiosk_uploader_get_next_attempt (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), 0);
  return self->next_attempt;
}

/* ---- Configuration ------------------------------------------------------ */

void
kiosk_uploader_set_ca_file (KioskUploader *self,
                            const char    *ca_file)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  kiosk_client_set_ca_file (self->client, ca_file);
}

void
kiosk_uploader_set_timeouts (KioskUploader *self,
                             guint          connect_seconds,
                             guint          total_seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (connect_seconds > 0 && total_seconds > 0);

  kiosk_client_set_timeouts (self->client, connect_seconds, total_seconds);
}

void
kiosk_uploader_set_batch_size (KioskUploader *self,
                               guint          max_items)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (max_items >= 1 && max_items <= MAX_BATCH);

  g_mutex_lock (&self->config_lock);
  self->batch_size = max_items;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_backoff (KioskUploader *self,
                            guint          min_seconds,
                            guint          max_seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (min_seconds > 0 && min_seconds <= max_seconds);

  g_mutex_lock (&self->config_lock);
  self->min_backoff = min_seconds;
  self->max_backoff = max_seconds;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_sync_interval (KioskUploader *self,
                                  guint          seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  g_mutex_lock (&self->config_lock);
  self->sync_interval = seconds;
  g_mutex_unlock (&self->config_lock);
}

/* ---- GObject ------------------------------------------------------------ */

KioskUploader *
kiosk_uploader_new (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  return g_object_new (KIOSK_TYPE_UPLOADER, "store", store, NULL);
}

KioskStore *
kiosk_uploader_get_store (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  return self->store;
}

static void
kiosk_uploader_dispose (GObject *object)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  /* The last reference may be dropped by a GTask on a worker thread, so
   * only thread-safe calls here and no notifications. */
  self->started = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_changed_id, self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->delivery, kiosk_uploader_delivery_free);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kiosk_uploader_parent_class)->dispose (object);
}

static void
kiosk_uploader_finalize (GObject *object)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  g_free (self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->config_lock);
  g_mutex_clear (&self->pass_lock);

  G_OBJECT_CLASS (kiosk_uploader_parent_class)->finalize (object);
}

static void
kiosk_uploader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_uploader_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_uploader_constructed (GObject *object)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  G_OBJECT_CLASS (kiosk_uploader_parent_class)->constructed (object);

  self->client = kiosk_client_new (self->store);
  self->delivery = kiosk_uploader_delivery_new (self->store);
}

static void
kiosk_uploader_class_init (KioskUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiosk_uploader_constructed;
  object_class->dispose = kiosk_uploader_dispose;
  object_class->finalize = kiosk_uploader_finalize;
  object_class->get_property = kiosk_uploader_get_property;
  object_class->set_property = kiosk_uploader_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KIOSK_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KIOSK_TYPE_UPLOADER_STATE, KIOSK_UPLOADER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_ATTEMPT] =
    g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kiosk_uploader_init (KioskUploader *self)
{
  g_mutex_init (&self->config_lock);
  g_mutex_init (&self->pass_lock);
  self->context = g_main_context_ref_thread_default ();
  self->batch_size = MAX_BATCH;
  self->min_backoff = DEFAULT_MIN_BACKOFF;
  self->max_backoff = DEFAULT_MAX_BACKOFF;
  self->sync_interval = DEFAULT_SYNC_INTERVAL;
  self->state = KIOSK_UPLOADER_IDLE;
}
