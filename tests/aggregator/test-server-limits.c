/* test-server-limits.c — an AggServer on 127.0.0.1 port 0 with small
 * limits holds its clients to its deadlines: silent, aborted and
 * trickling clients are cut off and logged as such, a refused body is not
 * waited for, the request log writes only its own words, and past
 * max_connections a client waits in the backlog. */
#include "config.h"

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agg-test-util.h"

typedef struct
{
  AggTestWorld   world;
  AggTestServer *server;
  guint16        port;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  AggServerLimits limits;

  agg_server_limits_init (&limits);
  limits.max_connections = 2;
  limits.header_timeout_ms = 400 * agg_test_slowdown ();
  limits.idle_timeout_ms = 400 * agg_test_slowdown ();
  limits.request_timeout_ms = 1200 * agg_test_slowdown ();
  limits.refused_body_timeout_ms = 300 * agg_test_slowdown ();
  agg_test_world_init (&fixture->world);
  fixture->server = agg_test_server_start_with_limits (fixture->world.api, &limits);
  fixture->port = agg_test_url_port (agg_test_server_get_url (fixture->server));
  g_free (agg_test_take_log ());
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  agg_test_server_stop (fixture->server);
  agg_test_world_clear (&fixture->world);
}


/* Whether the server closes @fd within @ms (all it sends is read and
 * dropped). */
static gboolean
closed_within (int   fd,
               guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char buffer[512];

      if (poll (&pfd, 1, 50) == 1)
        {
          ssize_t n = recv (fd, buffer, sizeof buffer, 0);

          if (n <= 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The headers and the first bytes of a tablet's upload of 100 bytes. */
static char *
partial_upload (Fixture *fixture)
{
  return g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: 100\r\n\r\n{\"submi",
                          fixture->world.device_a);
}

/* A client that connects and says nothing, or stops in the middle of
 * its body, is cut off; the log says so, and does not call it a 500. */
static void
test_silent_clients_cut_off (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = partial_upload (fixture);
  int silent = agg_test_connect (fixture->port);
  int slow = agg_test_connect (fixture->port);

  g_assert_cmpint (send (slow, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  g_assert_true (closed_within (silent, 3000 * agg_test_slowdown ()));
  g_assert_true (closed_within (slow, 3000 * agg_test_slowdown ()));
  close (silent);
  close (slow);

  g_usleep (100 * 1000);
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (timed out)"));
  g_assert_null (strstr (log, " 500 "));
}

/* A client that goes away in the middle of its body is logged as an
 * abort, not as the aggregator's failure. */
static void
test_client_abort_logged (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = partial_upload (fixture);
  int fd = agg_test_connect (fixture->port);

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  g_usleep (100 * 1000);
  close (fd);
  g_usleep (200 * 1000 * agg_test_slowdown ());

  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (by the client)"));
  g_assert_null (strstr (log, " 500 "));
}

/* Sends a byte every @every_ms until the server closes @fd; returns how
 * long that took (ms), or -1 after @max_ms. */
static gint64
trickle_until_closed (int   fd,
                      guint every_ms,
                      guint max_ms)
{
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () - start < (gint64) max_ms * 1000)
    {
      if (send (fd, " ", 1, MSG_NOSIGNAL) != 1 || closed_within (fd, every_ms))
        return (g_get_monotonic_time () - start) / 1000;
    }
  return -1;
}

/* A body that trickles in, a byte at a time, each in time for the idle
 * time-out, is still cut off when the whole request has taken too long:
 * otherwise 512 such clients hold the server for as long as they like. */
static void
test_trickling_body_cut_off (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                                           "Authorization: Bearer %s\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 100000\r\n\r\n",
                                           fixture->world.device_a);
  int fd = agg_test_connect (fixture->port);
  gint64 took;

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  took = trickle_until_closed (fd, 150 * agg_test_slowdown (), 6000 * agg_test_slowdown ());
  close (fd);
  g_assert_cmpint (took, >=, 0);
  g_usleep (100 * 1000);
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (timed out)"));
}

/* A body refused at its headers is not waited for: the client that
 * declared 100 MB without a token and sends it slowly is let go soon. */
static void
test_refused_body_not_waited_for (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char head[] = "POST /api/v1/devices HTTP/1.1\r\nHost: x\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 104857600\r\n\r\n";
  int fd = agg_test_connect (fixture->port);
  gint64 took;

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  took = trickle_until_closed (fd, 100 * agg_test_slowdown (), 3000 * agg_test_slowdown ());
  close (fd);
  g_assert_cmpint (took, >=, 0);
  g_assert_cmpint (took, <, 1200 * agg_test_slowdown ());
  g_free (agg_test_take_log ());
}

/* The request log writes only what it chose: a method the client made up
 * (a child code, say) is not copied into it, and a request refused before
 * its handler still names the token id that sent it. */
static void
test_log_writes_only_its_own_words (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *token_field = g_strdup_printf ("token=%s", fixture->world.device_a_id);
  g_autofree char *too_big = g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 99999999\r\n\r\n",
                                              fixture->world.device_a);
  static const char odd[] = "K7Q3-MX28 /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  int fd = agg_test_connect (fixture->port);

  g_assert_cmpint (send (fd, odd, strlen (odd), MSG_NOSIGNAL), ==, (ssize_t) strlen (odd));
  g_assert_true (closed_within (fd, 3000 * agg_test_slowdown ()));
  close (fd);
  fd = agg_test_connect (fixture->port);
  g_assert_cmpint (send (fd, too_big, strlen (too_big), MSG_NOSIGNAL), ==, (ssize_t) strlen (too_big));
  g_assert_true (closed_within (fd, 3000 * agg_test_slowdown ()));
  close (fd);
  g_usleep (100 * 1000);

  log = agg_test_take_log ();
  g_assert_null (strstr (log, "K7Q3"));
  g_assert_nonnull (strstr (log, "(other method)"));
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions"));
  g_assert_nonnull (strstr (log, token_field));
}

/* Past max_connections a client waits its turn in the backlog, and is
 * served as soon as one ends; nobody's descriptors run out. */
static void
test_connections_capped (Fixture       *fixture,
                         gconstpointer  data)
{
  int first = agg_test_connect (fixture->port);
  int second = agg_test_connect (fixture->port);
  int third = agg_test_connect (fixture->port);
  struct pollfd pfd = { .fd = third, .events = POLLIN };
  char reply[256] = "";

  g_assert_cmpint (send (third, AGG_TEST_HEALTH_REQUEST, strlen (AGG_TEST_HEALTH_REQUEST),
                         MSG_NOSIGNAL), >, 0);
  /* Two idle connections are all this server serves at once. */
  g_assert_cmpint (poll (&pfd, 1, 150), ==, 0);
  close (first);
  g_assert_cmpint (poll (&pfd, 1, 5000 * agg_test_slowdown ()), ==, 1);
  g_assert_cmpint (recv (third, reply, sizeof reply - 1, 0), >, 0);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (reply, "Connection: close"));
  close (second);
  close (third);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  agg_test_capture_log ();

  g_test_add ("/aggregator/server/silent-clients-cut-off", Fixture, NULL,
              setup, test_silent_clients_cut_off, teardown);
  g_test_add ("/aggregator/server/client-abort-logged", Fixture, NULL,
              setup, test_client_abort_logged, teardown);
  g_test_add ("/aggregator/server/trickling-body-cut-off", Fixture, NULL,
              setup, test_trickling_body_cut_off, teardown);
  g_test_add ("/aggregator/server/refused-body-not-waited-for", Fixture, NULL,
              setup, test_refused_body_not_waited_for, teardown);
  g_test_add ("/aggregator/server/log-writes-only-its-own-words", Fixture, NULL,
              setup, test_log_writes_only_its_own_words, teardown);
  g_test_add ("/aggregator/server/connections-capped", Fixture, NULL,
              setup, test_connections_capped, teardown);
  return g_test_run ();
}
