/* agg-watchdog.c — systemd's notification protocol, and a health probe.
 *
 * The protocol is one datagram per state on the AF_UNIX socket named by
 * NOTIFY_SOCKET ("@" starts an abstract name), sd_notify(3); writing it
 * here keeps libsystemd out of the build.
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg-watchdog.h"

/* Never wait longer for a probe than this, whatever the interval. */
#define MAX_PROBE_MS (20 * 1000)

struct _AggWatchdog
{
  GObject         parent_instance;

  GSocket        *notify_socket;
  GSocketAddress *notify_address;

  GSocketConnectable *probe_target;
  gboolean        tls;
  AggWatchdogBusyFunc busy;
  gpointer        busy_data;
  guint           interval_ms;
  guint           timer;
  GCancellable   *probe;         /* the probe under way, or NULL */
};

G_DEFINE_TYPE (AggWatchdog, agg_watchdog, G_TYPE_OBJECT)

static void
agg_watchdog_dispose (GObject *object)
{
  AggWatchdog *self = AGG_WATCHDOG (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  g_clear_object (&self->probe);
  g_clear_object (&self->probe_target);
  g_clear_object (&self->notify_socket);
  g_clear_object (&self->notify_address);

  G_OBJECT_CLASS (agg_watchdog_parent_class)->dispose (object);
}

static void
agg_watchdog_class_init (AggWatchdogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = agg_watchdog_dispose;
}

static void
agg_watchdog_init (AggWatchdog *self)
{
}

static void
notify (AggWatchdog *self,
        const char  *state)
{
  g_autoptr(GError) error = NULL;

  if (self->notify_socket == NULL)
    return;
  if (g_socket_send_to (self->notify_socket, self->notify_address, state, strlen (state),
                        NULL, &error) < 0)
    g_message ("cannot notify systemd: %s", error->message);
}

typedef struct
{
  AggWatchdog       *watchdog;   /* a reference */
  GCancellable      *cancellable;
  GSocketConnection *connection;
  guint              timeout;
  char               reply[16];
  gsize              have;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->timeout, g_source_remove);
  if (probe->watchdog->probe == probe->cancellable)
    g_clear_object (&probe->watchdog->probe);
  g_clear_object (&probe->connection);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->watchdog);
  g_free (probe);
}

/* The server answered "HTTP/1.x 200": it is alive. */
static void
probe_done (Probe    *probe,
            gboolean  alive)
{
  if (alive)
    notify (probe->watchdog, "WATCHDOG=1");
  probe_free (probe);
}

static gboolean
probe_timed_out (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
read_status (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Probe *probe = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  static const char expected[] = "HTTP/1.1 200";

  if (n <= 0)
    {
      probe_done (probe, FALSE);
      return;
    }
  probe->have += n;
  if (probe->have < sizeof expected - 1)
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), probe->reply + probe->have,
                                 sizeof probe->reply - probe->have, G_PRIORITY_DEFAULT,
                                 probe->cancellable, read_status, probe);
      return;
    }
  probe_done (probe, memcmp (probe->reply, expected, sizeof expected - 1) == 0);
}

static void
wrote_request (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probe *probe = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      probe_done (probe, FALSE);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (probe->connection)),
                             probe->reply, sizeof probe->reply, G_PRIORITY_DEFAULT,
                             probe->cancellable, read_status, probe);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Probe *probe = user_data;
  static const char request[] = "GET /api/v1/health HTTP/1.1\r\n"
                                "Host: localhost\r\n"
                                "User-Agent: " AGG_WATCHDOG_USER_AGENT "\r\n"
                                "Connection: close\r\n\r\n";

  probe->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  if (probe->connection == NULL)
    {
      probe_done (probe, FALSE);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (probe->connection)),
                                   request, sizeof request - 1, G_PRIORITY_DEFAULT,
                                   probe->cancellable, wrote_request, probe);
}

/* The probe talks to this very server: its certificate needs no check. */
static gboolean
accept_own_certificate (GTlsConnection       *connection,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
client_event (GSocketClient      *client,
              GSocketClientEvent  event,
              GSocketConnectable *connectable,
              GIOStream          *connection,
              gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (accept_own_certificate), NULL);
}

static gboolean
start_probe (gpointer user_data)
{
  AggWatchdog *self = user_data;
  g_autoptr(GSocketClient) client = NULL;
  Probe *probe;

  /* A probe still waiting means the last interval went unanswered. */
  if (self->probe != NULL)
    return G_SOURCE_CONTINUE;
  if (self->busy != NULL && self->busy (self->busy_data))
    {
      notify (self, "WATCHDOG=1");
      return G_SOURCE_CONTINUE;
    }

  probe = g_new0 (Probe, 1);
  probe->watchdog = g_object_ref (self);
  probe->cancellable = g_cancellable_new ();
  self->probe = g_object_ref (probe->cancellable);
  probe->timeout = g_timeout_add (MIN (self->interval_ms, MAX_PROBE_MS), probe_timed_out, probe);

  client = g_socket_client_new ();
  /* Straight to the server, never through a proxy the environment names. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_tls (client, self->tls);
  g_signal_connect (client, "event", G_CALLBACK (client_event), NULL);
  g_socket_client_connect_async (client, self->probe_target, probe->cancellable, connected, probe);
  return G_SOURCE_CONTINUE;
}

/* The address the probe connects to: the server's own, on loopback when
 * it listens on every address. */
static GSocketConnectable *
probe_target_for (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL)
    return NULL;
  address = g_inet_address_new_from_string (g_uri_get_host (uri));
  if (address == NULL)
    return NULL;
  if (g_inet_address_get_is_any (address))
    {
      GSocketFamily family = g_inet_address_get_family (address);

      g_clear_object (&address);
      address = g_inet_address_new_loopback (family);
    }
  return G_SOCKET_CONNECTABLE (g_inet_socket_address_new (address, g_uri_get_port (uri)));
}

AggWatchdog *
agg_watchdog_start (const char          *url,
                    AggWatchdogBusyFunc  busy,
                    gpointer             busy_data)
{
  g_autoptr(AggWatchdog) self = g_object_new (AGG_TYPE_WATCHDOG, NULL);
  g_autoptr(GError) error = NULL;
  const char *socket_name = g_getenv ("NOTIFY_SOCKET");
  const char *usec = g_getenv ("WATCHDOG_USEC");
  const char *pid = g_getenv ("WATCHDOG_PID");
  guint64 interval_us = 0;

  g_return_val_if_fail (url != NULL, NULL);

  if (socket_name == NULL || socket_name[0] == '\0')
    return g_steal_pointer (&self);

  self->notify_socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (self->notify_socket == NULL)
    {
      g_message ("cannot notify systemd: %s", error->message);
      return g_steal_pointer (&self);
    }
  if (socket_name[0] == '@')
    self->notify_address = g_unix_socket_address_new_with_type (socket_name + 1, -1,
                                                                G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    self->notify_address = g_unix_socket_address_new (socket_name);
  notify (self, "READY=1\nSTATUS=serving");

  /* The watchdog is ours only when it names this process, or nobody. */
  if (usec == NULL || !g_ascii_string_to_unsigned (usec, 10, 1, G_MAXUINT64, &interval_us, NULL))
    return g_steal_pointer (&self);
  if (pid != NULL && g_ascii_strtoull (pid, NULL, 10) != (guint64) getpid ())
    return g_steal_pointer (&self);

  self->probe_target = probe_target_for (url);
  if (self->probe_target == NULL)
    {
      g_message ("cannot probe %s for the watchdog", url);
      return g_steal_pointer (&self);
    }
  self->tls = g_str_has_prefix (url, "https:");
  self->busy = busy;
  self->busy_data = busy_data;
  self->interval_ms = (guint) MAX (MIN (interval_us / 3000, G_MAXUINT), 1);
  self->timer = g_timeout_add (self->interval_ms, start_probe, self);
  start_probe (self);
  return g_steal_pointer (&self);
}

gboolean
agg_watchdog_is_active (AggWatchdog *self)
{
  g_return_val_if_fail (AGG_IS_WATCHDOG (self), FALSE);

  return self->notify_socket != NULL;
}

void
agg_watchdog_stop (AggWatchdog *self)
{
  g_return_if_fail (AGG_IS_WATCHDOG (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  notify (self, "STOPPING=1");
}
