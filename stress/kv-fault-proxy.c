/* kv-fault-proxy.c — a TCP proxy for HTTP/1.1 that misbehaves on purpose.
 *
 *   kv-fault-proxy --upstream 127.0.0.1:PORT [--listen 127.0.0.1:0]
 *                  [--seed N] [--fault-rate PERCENT] [--stall-ms MS]
 *                  [--faults KIND,KIND…] [--verbose]
 *
 * Sits between the kiosk and the aggregator and, for a seeded random
 * share of connections, does what bad networks do (docs/stress.md "Network
 * faults": a network that drops, stalls or lies):
 *
 *   refuse          resets the connection at once and stops listening for
 *                   a moment, so the next attempts are refused outright
 *   reset-request   forwards part of the request, then resets both sides
 *   stall-request   takes the request and says nothing for --stall-ms
 *   slow-reply      passes the request and reply, the reply a while late
 *                   (within any sane timeout)
 *   stall-reply     passes the request (the aggregator commits) and holds
 *                   the reply for --stall-ms
 *   truncate-reply  the aggregator commits; only part of its reply is sent
 *   drop-reply      the aggregator commits; the client gets a reset
 *   html-before     answers 200 with an HTML page (a captive portal) and
 *                   never forwards the request
 *   html-after      forwards the request (the aggregator commits) and
 *                   answers 200 with the HTML page instead of its reply
 *
 * Which fault comes next is drawn from a shuffled deck of the enabled
 * kinds, so every kind turns up once a few faults have been dealt.  Each
 * connection carries one request (the proxy asks the upstream for
 * "Connection: close" and closes the client after the reply).  Only
 * loopback addresses are accepted, on both sides.
 *
 * The URL to use is printed alone on the first line of standard output.
 * On SIGTERM or SIGINT the counts are printed on one line,
 * "connections=N pass=N refuse=N …", and the proxy exits.
 */
#include <glib-unix.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef enum
{
  FAULT_PASS,
  FAULT_REFUSE,
  FAULT_RESET_REQUEST,
  FAULT_STALL_REQUEST,
  FAULT_SLOW_REPLY,
  FAULT_STALL_REPLY,
  FAULT_TRUNCATE_REPLY,
  FAULT_DROP_REPLY,
  FAULT_HTML_BEFORE,
  FAULT_HTML_AFTER,
  N_FAULTS
} Fault;

static const char * const fault_names[N_FAULTS] = {
  "pass", "refuse", "reset-request", "stall-request", "slow-reply", "stall-reply",
  "truncate-reply", "drop-reply", "html-before", "html-after",
};

/* What a captive portal or a misconfigured front end might say. */
static const char html_body[] =
  "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
  "<body><p>Please sign in to use this network.</p></body></html>\n";

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (16 * 1024 * 1024)
#define IO_TIMEOUT_SECONDS 120

typedef struct
{
  GMutex           lock;
  GRand           *rand;
  guint            fault_rate;        /* percent of connections */
  guint            stall_ms;
  gboolean         verbose;
  Fault            enabled[N_FAULTS];
  guint            n_enabled;
  Fault            deck[N_FAULTS];
  guint            deck_left;
  guint            counts[N_FAULTS];
  guint            connections;
  guint            upstream_down;

  GInetSocketAddress *upstream;
  GInetAddress    *listen_address;
  guint16          listen_port;
  GSocket         *listener;          /* only the accept thread touches it */
  GThreadPool     *workers;
} Proxy;

static Proxy proxy;

/* ---- Choosing a fault ---------------------------------------------------- */

static Fault
deal (void)
{
  Fault fault = FAULT_PASS;

  g_mutex_lock (&proxy.lock);
  proxy.connections++;
  if (proxy.n_enabled > 0
      && (guint) g_rand_int_range (proxy.rand, 0, 100) < proxy.fault_rate)
    {
      if (proxy.deck_left == 0)
        {
          /* A fresh deck, shuffled (Fisher–Yates). */
          memcpy (proxy.deck, proxy.enabled, sizeof proxy.enabled);
          for (guint i = proxy.n_enabled - 1; i > 0; i--)
            {
              guint j = g_rand_int_range (proxy.rand, 0, i + 1);
              Fault t = proxy.deck[i];

              proxy.deck[i] = proxy.deck[j];
              proxy.deck[j] = t;
            }
          proxy.deck_left = proxy.n_enabled;
        }
      fault = proxy.deck[--proxy.deck_left];
    }
  proxy.counts[fault]++;
  g_mutex_unlock (&proxy.lock);
  return fault;
}

static guint
random_below (guint n)
{
  guint value;

  if (n <= 1)
    return 0;
  g_mutex_lock (&proxy.lock);
  value = g_rand_int_range (proxy.rand, 0, n);
  g_mutex_unlock (&proxy.lock);
  return value;
}

/* ---- Sockets ------------------------------------------------------------- */

/* Closes with a TCP reset (SO_LINGER 0) rather than an orderly FIN: what
 * a peer sees when the other end crashes or a middlebox gives up. */
static void
reset_connection (GSocketConnection *connection)
{
  GSocket *socket;
  struct linger linger = { 1, 0 };

  if (connection == NULL)
    return;
  socket = g_socket_connection_get_socket (connection);
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gboolean
write_all (GSocketConnection *connection,
           const void        *data,
           gsize              length)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
}

/* Binds and listens on the proxy's address.  SO_REUSEADDR lets the port
 * be taken again at once after a refusal window. */
static GSocket *
listen_now (GError **error)
{
  g_autoptr(GSocketAddress) address =
    g_inet_socket_address_new (proxy.listen_address, proxy.listen_port);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_inet_address_get_family (proxy.listen_address),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL
      || !g_socket_bind (socket, address, TRUE, error)
      || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* For a moment nobody listens: connecting is refused by the kernel.
 * Called on the accept thread, which owns the listening socket. */
static void
refuse_for_a_while (void)
{
  g_socket_close (proxy.listener, NULL);
  g_clear_object (&proxy.listener);
  g_usleep ((150 + random_below (250)) * 1000);
  while (proxy.listener == NULL)
    {
      g_autoptr(GError) error = NULL;

      proxy.listener = listen_now (&error);
      if (proxy.listener == NULL)
        {
          /* The port is not free again yet: try a little later. */
          if (proxy.verbose)
            g_printerr ("listening again failed (%s); retrying\n", error->message);
          g_usleep (50 * 1000);
        }
    }
}

/* ---- HTTP framing -------------------------------------------------------- */

/* Reads the request head (through the blank line) and as much of the
 * body as came with it.  Returns FALSE if the client went away first. */
static gboolean
read_head (GSocketConnection *connection,
           GByteArray        *buffer,
           gsize             *head_length)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  guint8 chunk[16 * 1024];

  for (;;)
    {
      gssize n;

      for (gsize i = 3; i < buffer->len; i++)
        if (memcmp (buffer->data + i - 3, "\r\n\r\n", 4) == 0)
          {
            *head_length = i + 1;
            return TRUE;
          }
      if (buffer->len > MAX_HEAD)
        return FALSE;
      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);
      if (n <= 0)
        return FALSE;
      g_byte_array_append (buffer, chunk, n);
    }
}

/* The value of header @name in @head, or NULL. */
static char *
header_value (const char *head,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize) (colon - lines[i]) == strlen (name)
          && g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

/* The head as forwarded: the same request, one per connection, with no
 * "Expect" (the proxy already has the whole body). */
static char *
rewrite_head (const char *head)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  GString *out = g_string_new (lines[0]);

  g_string_append (out, "\r\n");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0'
          || g_ascii_strncasecmp (lines[i], "Connection:", 11) == 0
          || g_ascii_strncasecmp (lines[i], "Keep-Alive:", 11) == 0
          || g_ascii_strncasecmp (lines[i], "Expect:", 7) == 0)
        continue;
      g_string_append_printf (out, "%s\r\n", lines[i]);
    }
  g_string_append (out, "Connection: close\r\n\r\n");
  return g_string_free (out, FALSE);
}

/* Reads @in to the end (the upstream closes after its reply). */
static GByteArray *
read_to_end (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GByteArray *data = g_byte_array_new ();
  guint8 chunk[16 * 1024];
  gssize n;

  while ((n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL)) > 0
         && data->len < MAX_BODY)
    g_byte_array_append (data, chunk, n);
  return data;
}

static GSocketConnection *
connect_upstream (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, IO_TIMEOUT_SECONDS);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (proxy.upstream), NULL, NULL);
  if (connection == NULL)
    {
      g_mutex_lock (&proxy.lock);
      proxy.upstream_down++;
      g_mutex_unlock (&proxy.lock);
    }
  return connection;
}

/* ---- One connection ------------------------------------------------------ */

/* A plain 200 with an HTML page, as a captive portal answers anything. */
static void
send_html_page (GSocketConnection *client)
{
  g_autofree char *page = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                           "Content-Type: text/html; charset=utf-8\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n"
                                           "\r\n%s",
                                           strlen (html_body), html_body);

  write_all (client, page, strlen (page));
}

/* A connection and the fault dealt to it, for a worker thread. */
typedef struct
{
  GSocketConnection *client;
  Fault              fault;
} Job;

static void
serve (GSocketConnection *client,
       Fault              fault)
{
  g_autoptr(GByteArray) request = g_byte_array_new ();
  g_autoptr(GByteArray) reply = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *head = NULL;
  g_autofree char *forwarded = NULL;
  g_autofree char *length_text = NULL;
  g_autofree char *expect = NULL;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (client));
  gsize head_length = 0;
  guint64 body_length = 0;

  g_socket_set_timeout (g_socket_connection_get_socket (client), IO_TIMEOUT_SECONDS);

  if (!read_head (client, request, &head_length))
    return;
  head = g_strndup ((const char *) request->data, head_length);
  length_text = header_value (head, "Content-Length");
  if (length_text != NULL)
    body_length = g_ascii_strtoull (length_text, NULL, 10);
  if (body_length > MAX_BODY)
    {
      reset_connection (client);
      return;
    }
  expect = header_value (head, "Expect");
  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0)
    write_all (client, "HTTP/1.1 100 Continue\r\n\r\n", 25);

  if (fault == FAULT_RESET_REQUEST)
    {
      /* Part of the request reaches the aggregator, then both ends are
       * cut off: the client may still be sending. */
      gsize have = request->len;
      gsize total = head_length + body_length;
      gsize cut = head_length / 2 + random_below (total - head_length / 2);

      upstream = connect_upstream ();
      if (upstream != NULL)
        write_all (upstream, request->data, MIN (cut, have));
      reset_connection (upstream);
      reset_connection (client);
      if (proxy.verbose)
        g_printerr ("%s: cut after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes\n",
                    fault_names[fault], MIN (cut, have), total);
      return;
    }

  while (request->len < head_length + body_length)
    {
      guint8 chunk[16 * 1024];
      gssize n = g_input_stream_read (in, chunk, sizeof chunk, NULL, NULL);

      if (n <= 0)
        return;
      g_byte_array_append (request, chunk, n);
    }

  if (fault == FAULT_STALL_REQUEST)
    {
      g_usleep ((gulong) proxy.stall_ms * 1000);
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      return;
    }
  if (fault == FAULT_HTML_BEFORE)
    {
      send_html_page (client);
      g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
      return;
    }

  upstream = connect_upstream ();
  if (upstream == NULL)
    {
      reset_connection (client);
      return;
    }
  forwarded = rewrite_head (head);
  if (!write_all (upstream, forwarded, strlen (forwarded))
      || !write_all (upstream, request->data + head_length, request->len - head_length))
    {
      reset_connection (client);
      return;
    }
  reply = read_to_end (upstream);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);

  if (proxy.verbose)
    g_printerr ("%s: %.*s -> %.*s\n", fault_names[fault],
                (int) MIN (strcspn (head, "\r"), 60), head,
                (int) MIN (reply->len, 12), reply->data);

  switch (fault)
    {
    case FAULT_SLOW_REPLY:
      g_usleep ((gulong) proxy.stall_ms * 1000 / 5);
      write_all (client, reply->data, reply->len);
      break;
    case FAULT_STALL_REPLY:
      g_usleep ((gulong) proxy.stall_ms * 1000);
      write_all (client, reply->data, reply->len);
      break;
    case FAULT_TRUNCATE_REPLY:
      write_all (client, reply->data, random_below (reply->len));
      break;
    case FAULT_DROP_REPLY:
      reset_connection (client);
      return;
    case FAULT_HTML_AFTER:
      send_html_page (client);
      break;
    case FAULT_PASS:
    default:
      write_all (client, reply->data, reply->len);
      break;
    }
  g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
}

static void
work (gpointer data,
      gpointer user_data)
{
  Job *job = data;

  serve (job->client, job->fault);
  g_object_unref (job->client);
  g_free (job);
}

/* The accept thread: deals each connection its fault, refuses on the
 * spot, hands everything else to a worker. */
static gpointer
accept_loop (gpointer data)
{
  for (;;)
    {
      g_autoptr(GSocket) socket = g_socket_accept (proxy.listener, NULL, NULL);
      g_autoptr(GSocketConnection) client = NULL;
      Fault fault;
      Job *job;

      if (socket == NULL)
        continue;
      client = g_socket_connection_factory_create_connection (socket);
      fault = deal ();
      if (fault == FAULT_REFUSE)
        {
          reset_connection (client);
          refuse_for_a_while ();
          continue;
        }
      job = g_new0 (Job, 1);
      job->client = g_steal_pointer (&client);
      job->fault = fault;
      g_thread_pool_push (proxy.workers, job, NULL);
    }
  return NULL;
}

/* ---- Start and stop ------------------------------------------------------ */

static void
print_counts (void)
{
  g_autoptr(GString) line = g_string_new ("");

  g_mutex_lock (&proxy.lock);
  g_string_append_printf (line, "connections=%u", proxy.connections);
  for (guint f = 0; f < N_FAULTS; f++)
    g_string_append_printf (line, " %s=%u", fault_names[f], proxy.counts[f]);
  g_string_append_printf (line, " upstream-down=%u", proxy.upstream_down);
  g_mutex_unlock (&proxy.lock);
  printf ("%s\n", line->str);
  fflush (stdout);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* "127.0.0.1:8080" → address and port; loopback only. */
static gboolean
parse_loopback (const char    *text,
                GInetAddress **address,
                guint16       *port)
{
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;
  g_autofree char *host = NULL;
  guint64 number;

  if (colon == NULL)
    return FALSE;
  host = g_strndup (text, colon - text);
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  *address = g_inet_address_new_from_string (host);
  if (*address == NULL || !g_inet_address_get_is_loopback (*address))
    return FALSE;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL))
    return FALSE;
  *port = (guint16) number;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *upstream_text = NULL;
  g_autofree char *listen_text = NULL;
  g_autofree char *faults_text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) upstream_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GMainLoop) main_loop = NULL;
  guint16 upstream_port = 0;
  gint64 seed = 1;
  int fault_rate = 30;
  int stall_ms = 2500;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "upstream", 0, 0, G_OPTION_ARG_STRING, &upstream_text, "Where to forward to (loopback)", "HOST:PORT" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_text, "Where to listen (default 127.0.0.1:0)", "HOST:PORT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "N" },
    { "fault-rate", 0, 0, G_OPTION_ARG_INT, &fault_rate, "Percent of connections faulted (default 30)", "PERCENT" },
    { "stall-ms", 0, 0, G_OPTION_ARG_INT, &stall_ms, "How long a stall lasts (default 2500)", "MS" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults_text, "Kinds of fault to deal (default all)", "KIND,…" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "One line per connection on standard error", NULL },
    { NULL }
  };

  context = g_option_context_new ("— a misbehaving HTTP proxy for tests");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!parse_loopback (upstream_text, &upstream_address, &upstream_port))
    {
      g_printerr ("--upstream must be a loopback HOST:PORT\n");
      return 2;
    }
  if (!parse_loopback (listen_text != NULL ? listen_text : "127.0.0.1:0",
                       &proxy.listen_address, &proxy.listen_port))
    {
      g_printerr ("--listen must be a loopback HOST:PORT\n");
      return 2;
    }
  if (fault_rate < 0 || fault_rate > 100 || stall_ms < 0)
    {
      g_printerr ("--fault-rate is 0…100 and --stall-ms at least 0\n");
      return 2;
    }

  g_mutex_init (&proxy.lock);
  proxy.rand = g_rand_new_with_seed ((guint32) seed);
  proxy.fault_rate = fault_rate;
  proxy.stall_ms = stall_ms;
  proxy.verbose = verbose;
  proxy.upstream = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (upstream_address, upstream_port));
  for (Fault f = FAULT_PASS + 1; f < N_FAULTS; f++)
    {
      if (faults_text != NULL)
        {
          g_auto(GStrv) wanted = g_strsplit (faults_text, ",", -1);

          if (!g_strv_contains ((const char * const *) wanted, fault_names[f]))
            continue;
        }
      proxy.enabled[proxy.n_enabled++] = f;
    }

  proxy.listener = listen_now (&error);
  if (proxy.listener == NULL)
    {
      g_printerr ("cannot listen: %s\n", error->message);
      return 1;
    }
  /* From now on every re-listen uses the port we were given. */
  effective = g_socket_get_local_address (proxy.listener, &error);
  g_assert_no_error (error);
  proxy.listen_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  proxy.workers = g_thread_pool_new (work, NULL, 64, FALSE, NULL);
  g_thread_unref (g_thread_new ("accept", accept_loop, NULL));

  {
    g_autofree char *host = g_inet_address_to_string (proxy.listen_address);

    printf ("http://%s:%u/\n", host, proxy.listen_port);
    fflush (stdout);
  }

  main_loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, main_loop);
  g_unix_signal_add (SIGINT, quit_cb, main_loop);
  g_main_loop_run (main_loop);

  print_counts ();
  /* Connections still being served (a stall) are simply abandoned. */
  _exit (0);
}
