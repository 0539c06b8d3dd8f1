/* test-kiosk-client.c — the aggregator calls (kiosk-client.h) against a
 * fake aggregator on 127.0.0.1 (kiosk-test-server.c): enrolment, the forms,
 * children and one batch of the outbox, each request and what its reply
 * is read as.  What the uploader does with a batch's outcome is
 * test-kiosk-uploader.c's. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiosk-client.h"
#include "kiosk-test-server.h"

typedef struct
{
  KtServer    *server;
  char        *dir;
  KioskStore  *store;
  KioskClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = kt_server_new ();
  fixture->store = kt_server_open_store (fixture->server, "client", data == NULL,
                                         &fixture->dir);
  fixture->client = kiosk_client_new (fixture->store);
  /* As test-kiosk-uploader.c: quick against a server that never answers,
   * not too quick for a sanitized run. */
  kiosk_client_set_timeouts (fixture->client, 2 * kt_slowdown (), 5 * kt_slowdown ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Nothing of the client outlives its calls (no threads of its own). */
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->server, kt_server_free);
  g_free (fixture->dir);
}

/* Puts the store's next batch (of at most 100 entries) into @batch. */
static void
next_batch (KioskStore *store,
            KioskBatch *batch)
{
  g_autoptr(GError) error = NULL;
  KioskBatchText *text = kiosk_store_next_batch_text (store, 100, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  kiosk_batch_init (batch, text);
}

/* Sends the store's next batch through a session of its own. */
static gboolean
deliver_next (KioskClient *client,
              KioskStore  *store,
              KioskBatch  *batch,
              GError     **error)
{
  g_autoptr(GError) session_error = NULL;
  g_autoptr(KioskClientSession) session = kiosk_client_open_session (client, &session_error);

  g_assert_no_error (session_error);
  next_batch (store, batch);
  return kiosk_client_deliver (session, batch, NULL, error);
}

static KioskBatchEntry *
entry_at (KioskBatch *batch,
          guint       i)
{
  g_assert_cmpuint (i, <, batch->entries->len);
  return &g_array_index (batch->entries, KioskBatchEntry, i);
}

/* Every entry of @batch decided as @verdict with @status. */
static void
assert_all_decided (KioskBatch   *batch,
                    KioskVerdict  verdict,
                    const char   *status)
{
  g_assert_cmpuint (batch->entries->len, >, 0);
  for (guint i = 0; i < batch->entries->len; i++)
    {
      KioskBatchEntry *entry = entry_at (batch, i);

      g_assert_true (entry->decided);
      g_assert_cmpint (entry->verdict, ==, verdict);
      g_assert_cmpstr (entry->status, ==, status);
    }
}

static void
assert_none_decided (KioskBatch *batch)
{
  g_assert_cmpuint (batch->entries->len, >, 0);
  for (guint i = 0; i < batch->entries->len; i++)
    {
      g_assert_false (entry_at (batch, i)->decided);
      g_assert_null (entry_at (batch, i)->status);
      g_assert_null (entry_at (batch, i)->reason);
    }
}

/* A new entry, sent alone through @client, is stored by @server once. */
static void
assert_delivers_one (KioskClient *client,
                     KioskStore  *store,
                     KtServer    *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kt_add_qol (store, KT_CHILD);
  g_auto(KioskBatch) batch = { NULL, };

  g_assert_true (deliver_next (client, store, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch.entries->len, ==, 1);
  assert_all_decided (&batch, KIOSK_VERDICT_DELIVERED, "stored");
  g_assert_cmpuint (kt_server_times_received (server, id), ==, 1);
}

/* ---- Enrolment ---------------------------------------------------------- */

static void
test_enrol (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autofree char *token_path = g_build_filename (fixture->dir, "device-token", NULL);
  g_autofree char *url = g_strconcat (kt_server_get_url (fixture->server), "/", NULL);
  const KtKeyPair *pair = kt_server_get_keypair (fixture->server);
  GStatBuf st;

  g_assert_false (kiosk_client_enrol (fixture->client, url, "KT-WRONG", NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (kiosk_store_is_enrolled (fixture->store));

  g_assert_false (kiosk_client_enrol (fixture->client, "http://keyvoice.example.org",
                                      KT_ENROL_CODE, NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  kiosk_client_enrol (fixture->client, url, KT_ENROL_CODE, "Test tablet", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_is_enrolled (fixture->store));
  enrolment = kiosk_store_get_enrolment (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_aggregator_url (enrolment), ==,
                   kt_server_get_url (fixture->server));
  g_assert_cmpstr (kiosk_enrolment_get_service_id (enrolment), ==, "svc-test");
  g_assert_cmpmem (g_bytes_get_data (kiosk_enrolment_get_public_key (enrolment), NULL), 32,
                   pair->public_key, 32);
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* And the token works. */
  assert_delivers_one (fixture->client, fixture->store, fixture->server);
}

/* Tries to enrol against a devices endpoint answering @status and @body,
 * and asserts it fails with @code, leaving the tablet not enrolled. */
static void
assert_enrol_fails (Fixture    *fixture,
                    guint       status,
                    const char *body,
                    int         code,
                    const char *message_part)
{
  g_autoptr(GError) error = NULL;

  kt_server_set_reply (fixture->server, "/api/v1/devices", status, body);
  g_assert_false (kiosk_client_enrol (fixture->client, kt_server_get_url (fixture->server),
                                      KT_ENROL_CODE, NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  g_assert_false (kiosk_store_is_enrolled (fixture->store));
}

#define KT_DEVICE_START "{\"device_id\": \"device-1\", "
#define KT_SERVICE "\"service\": {\"id\": \"svc-test\", \"name\": \"Synthetic service\"}"

/* Only a reply with every part, and a token fit for a header line, enrols;
 * a 429 is the aggregator busy, not the code refused. */
static void
test_enrol_reply_shapes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_base64_encode (kt_server_get_keypair (fixture->server)->public_key, 32);
  g_autofree char *smuggling = g_strdup_printf (KT_DEVICE_START "\"token\": \"kt\\r\\nX-A: b\", "
                                                KT_SERVICE ", \"public_key\": \"%s\"}", key);
  g_autofree char *spaced = g_strdup_printf (KT_DEVICE_START "\"token\": \"kt synthetic\", "
                                             KT_SERVICE ", \"public_key\": \"%s\"}", key);
  g_autofree char *no_service = g_strdup_printf (KT_DEVICE_START "\"token\": \"kt-t\", "
                                                 "\"public_key\": \"%s\"}", key);
  g_autofree char *good = g_strdup_printf (KT_DEVICE_START "\"token\": \"kt-t\", "
                                           KT_SERVICE ", \"public_key\": \"%s\"}", key);

  g_assert_false (kiosk_client_enrol (fixture->client, kt_server_get_url (fixture->server),
                                      "", NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);

  assert_enrol_fails (fixture, 410, "{\"error\": {\"code\": \"gone\"}}",
                      KIOSK_ERROR_REFUSED, "(gone)");
  assert_enrol_fails (fixture, 429, "{\"error\": {\"code\": \"busy\"}}",
                      KIOSK_ERROR_BAD_REPLY, "HTTP 429, busy");
  assert_enrol_fails (fixture, 503, "<html>busy</html>", KIOSK_ERROR_BAD_REPLY, "HTTP 503");
  assert_enrol_fails (fixture, 201, "<html>Sign in</html>", KIOSK_ERROR_BAD_REPLY, NULL);
  assert_enrol_fails (fixture, 201, smuggling, KIOSK_ERROR_BAD_REPLY, "(token)");
  assert_enrol_fails (fixture, 201, spaced, KIOSK_ERROR_BAD_REPLY, "(token)");
  assert_enrol_fails (fixture, 201, no_service, KIOSK_ERROR_BAD_REPLY, "(devices)");
  assert_enrol_fails (fixture, 201, KT_DEVICE_START "\"token\": \"kt-t\", " KT_SERVICE
                      ", \"public_key\": \"c2hvcnQ=\"}", KIOSK_ERROR_SEAL, NULL);

  /* The same shape with a good token and key does enrol, with 200 too. */
  kt_server_set_reply (fixture->server, "/api/v1/devices", 200, good);
  g_clear_error (&error);
  g_assert_true (kiosk_client_enrol (fixture->client, kt_server_get_url (fixture->server),
                                     KT_ENROL_CODE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_store_is_enrolled (fixture->store));
}

/* Enrolled again, the tablet is a new device: the children it was told
 * about before are gone, even offline. */
static gint64
n_cached_children (sqlite3 *db)
{
  return kt_count (db, "SELECT count(*) FROM cached_children");
}

static void
test_reenrol_forgets_children (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *url = g_strconcat (kt_server_get_url (fixture->server), "/", NULL);
  sqlite3 *db = kt_open_raw (fixture->dir);

  child = kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&child, kiosk_child_unref);
  g_assert_cmpint (n_cached_children (db), ==, 1);

  kiosk_client_enrol (fixture->client, url, KT_ENROL_CODE, "Test tablet", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_cached_children (db), ==, 0);
  child = kiosk_store_lookup_child (fixture->store, KT_CHILD, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_assert_null (child);
  sqlite3_close (db);
}

/* ---- TLS ---------------------------------------------------------------- */

typedef struct
{
  KtServer    *server;
  KioskStore  *store;
  KioskClient *client;
  char        *ca;      /* the CA that issued the server's certificate */
  char        *other;   /* an unrelated CA */
} TlsFixture;

static void
tls_set_up (TlsFixture    *fixture,
            gconstpointer  data)
{
  fixture->server = kt_server_new_tls ();
  g_assert_true (g_str_has_prefix (kt_server_get_url (fixture->server), "https://"));
  fixture->store = kt_server_open_store (fixture->server, "tls", FALSE, NULL);
  fixture->client = kiosk_client_new (fixture->store);
  /* Generous: a TLS handshake is slow under valgrind and slower still
   * under the sanitizers (the first, against the system's CAs, took over
   * ten seconds there). */
  kiosk_client_set_timeouts (fixture->client, 10 * kt_slowdown (), 30 * kt_slowdown ());
  fixture->ca = kt_tls_file ("test-cert.pem");
  fixture->other = kt_tls_file ("other-ca.pem");
}

static void
tls_tear_down (TlsFixture    *fixture,
               gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->server, kt_server_free);
  g_free (fixture->ca);
  g_free (fixture->other);
}

/* Enrols @fixture's store, trusting @ca_file. */
static gboolean
tls_enrol (TlsFixture  *fixture,
           const char  *ca_file,
           GError     **error)
{
  kiosk_client_set_ca_file (fixture->client, ca_file);
  return kiosk_client_enrol (fixture->client, kt_server_get_url (fixture->server),
                             KT_ENROL_CODE, NULL, NULL, error);
}

/* TLS verification is always on: a certificate the configured CA did not
 * issue is refused; the right CA file, recorded at enrolment, is used for
 * every later request. */
static void
test_tls_verification (TlsFixture    *fixture,
                       gconstpointer  data)
{
  g_autoptr(KioskClient) later = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;

  /* The system's CAs did not issue the synthetic certificate. */
  g_assert_false (tls_enrol (fixture, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS);
  g_clear_error (&error);

  /* Nor did an unrelated CA. */
  g_assert_false (tls_enrol (fixture, fixture->other, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS);
  g_clear_error (&error);
  g_assert_false (kiosk_store_is_enrolled (fixture->store));

  tls_enrol (fixture, fixture->ca, &error);
  g_assert_no_error (error);
  enrolment = kiosk_store_get_enrolment (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_ca_file (enrolment), ==, fixture->ca);

  /* A later client (the next --sync) trusts the CA it enrolled with. */
  later = kiosk_client_new (fixture->store);
  kiosk_client_set_timeouts (later, 10 * kt_slowdown (), 30 * kt_slowdown ());
  assert_delivers_one (later, fixture->store, fixture->server);
}

/* A CA file set on the client wins over the one recorded at enrolment,
 * from the next session on, and "" goes back to the recorded one. */
static void
test_ca_file_overrides_enrolment (TlsFixture    *fixture,
                                  gconstpointer  data)
{
  g_autoptr(KioskClientSession) trusting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_auto(KioskBatch) batch = { NULL, };
  guint n = 0;

  tls_enrol (fixture, fixture->ca, &error);
  g_assert_no_error (error);
  trusting = kiosk_client_open_session (fixture->client, &error);
  g_assert_no_error (error);

  kiosk_client_set_ca_file (fixture->client, fixture->other);
  g_assert_false (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS);
  g_clear_error (&error);

  /* The session opened before still trusts what it was opened with. */
  id = kt_add_qol (fixture->store, KT_CHILD);
  next_batch (fixture->store, &batch);
  g_assert_true (kiosk_client_deliver (trusting, &batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kt_server_times_received (fixture->server, id), ==, 1);

  kiosk_client_set_ca_file (fixture->client, "");
  g_assert_true (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
}

/* ---- Forms -------------------------------------------------------------- */

static void
test_refresh_forms (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = NULL;
  guint n = 0;

  g_assert_true (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  form = kiosk_store_load_form (fixture->store, "kiosk-test-review", 2, &error);
  g_assert_no_error (error);

  /* Already cached: nothing fetched again. */
  g_assert_true (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  kt_server_set_mode (fixture->server, KT_REPLY_PORTAL);
  g_assert_false (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
assert_refresh_fails (Fixture    *fixture,
                      int         code,
                      const char *message_part)
{
  g_autoptr(GError) error = NULL;
  guint n = 7;

  g_assert_false (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_error (error, KIOSK_ERROR, code);
  g_assert_nonnull (strstr (error->message, message_part));
  g_assert_cmpuint (n, ==, 0);
}

/* A list with an id that is not a form id (it would go into the URL) or a
 * version that is not a positive integer is a bad reply; so is a form file
 * other than the one asked for, and it is not kept as that form. */
static void
test_refresh_forms_reply_shapes (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *review = kt_read_data ("review.xml");

  kt_server_set_reply (fixture->server, "/api/v1/forms", 200,
                       "{\"forms\": [{\"id\": \"../kiosk-test-qol\", \"version\": 1}]}");
  assert_refresh_fails (fixture, KIOSK_ERROR_BAD_REPLY, "(forms)");
  kt_server_set_reply (fixture->server, "/api/v1/forms", 200,
                       "{\"forms\": [{\"id\": \"kiosk-test-qol\", \"version\": \"1\"}]}");
  assert_refresh_fails (fixture, KIOSK_ERROR_BAD_REPLY, "(forms)");
  kt_server_set_reply (fixture->server, "/api/v1/forms", 200,
                       "{\"forms\": [{\"id\": \"kiosk-test-qol\", \"version\": 0}]}");
  assert_refresh_fails (fixture, KIOSK_ERROR_BAD_REPLY, "(forms)");
  kt_server_set_reply (fixture->server, "/api/v1/forms", 200, "{\"forms\": {}}");
  assert_refresh_fails (fixture, KIOSK_ERROR_BAD_REPLY, "(forms)");
  kt_server_set_reply (fixture->server, "/api/v1/forms", 401,
                       "{\"error\": {\"code\": \"unauthorized\"}}");
  assert_refresh_fails (fixture, KIOSK_ERROR_REFUSED, "enrol it again");

  kt_server_set_reply (fixture->server, "/api/v1/forms", 200,
                       "{\"forms\": [{\"id\": \"kiosk-test-qol\", \"version\": 1}]}");
  kt_server_set_reply (fixture->server, "/api/v1/forms/kiosk-test-qol", 200, review);
  assert_refresh_fails (fixture, KIOSK_ERROR_BAD_REPLY, "different form");
  g_assert_false (kiosk_store_has_form (fixture->store, "kiosk-test-qol", 1));
}

/* ---- Children ----------------------------------------------------------- */

static void
test_lookup_child (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *closed = kt_closed_url ();

  child = kiosk_client_lookup_child (fixture->client, "NOPE-0000", NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD);
  g_clear_error (&error);

  child = kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_clear_pointer (&child, kiosk_child_unref);

  /* Offline: the cached copy, marked as such. */
  kt_enrol (fixture->store, closed, kt_server_get_keypair (fixture->server));
  child = kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_clear_pointer (&child, kiosk_child_unref);

  /* Offline and never seen: the network error. */
  child = kiosk_client_lookup_child (fixture->client, "NOPE-0000", NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
}

/* Looks up KT_CHILD and asserts the answer came from the cache. */
static void
assert_child_from_cache (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = kiosk_client_lookup_child (fixture->client, KT_CHILD,
                                                           NULL, &error);

  g_assert_no_error (error);
  g_assert_true (kiosk_child_is_from_cache (child));
}

/* A failing aggregator or a portal falls back to the cache; a refused
 * token does not (the tablet must be enrolled again), and a code the
 * aggregator no longer knows drops the cached copy. */
static void
test_lookup_child_fallbacks (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *path = "/api/v1/children/" KT_CHILD;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;

  g_assert_null (kiosk_client_lookup_child (fixture->client, "", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  child = kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_child_is_from_cache (child));
  g_clear_pointer (&child, kiosk_child_unref);

  kt_server_set_reply (fixture->server, path, 500, "{\"error\": {\"code\": \"internal\"}}");
  assert_child_from_cache (fixture);
  kt_server_set_reply (fixture->server, path, 200, "<html>Sign in</html>");
  assert_child_from_cache (fixture);

  kt_server_set_reply (fixture->server, path, 401, "{\"error\": {\"code\": \"unauthorized\"}}");
  g_assert_null (kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_REFUSED);
  g_clear_error (&error);

  kt_server_set_reply (fixture->server, path, 404, "{\"error\": {\"code\": \"not-found\"}}");
  g_assert_null (kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD);
  g_clear_error (&error);
  child = kiosk_store_lookup_child (fixture->store, KT_CHILD, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_assert_null (child);
}

/* ---- Sessions ----------------------------------------------------------- */

static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskClientSession) session = NULL;
  g_autoptr(KioskChild) child = NULL;
  guint n = 7;

  session = kiosk_client_open_session (fixture->client, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_assert_null (session);
  g_clear_error (&error);

  g_assert_false (kiosk_client_refresh_forms (fixture->client, NULL, &n, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);

  child = kiosk_client_lookup_child (fixture->client, KT_CHILD, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_assert_null (child);
}

/* A session keeps the address it was opened with (a pass does not change
 * aggregator half-way); the next one reads the enrolment again. */
static void
test_session_reads_enrolment_once (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskClientSession) session = kiosk_client_open_session (fixture->client, &error);
  g_autofree char *closed = kt_closed_url ();
  g_autofree char *id = kt_add_qol (fixture->store, KT_CHILD);

  g_assert_no_error (error);
  kt_enrol (fixture->store, closed, kt_server_get_keypair (fixture->server));

  {
    g_auto(KioskBatch) batch = { NULL, };

    next_batch (fixture->store, &batch);
    g_assert_true (kiosk_client_deliver (session, &batch, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (kt_server_times_received (fixture->server, id), ==, 1);
  }
  {
    g_auto(KioskBatch) batch = { NULL, };

    g_assert_false (deliver_next (fixture->client, fixture->store, &batch, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
    g_assert_cmpint (batch.status, ==, 0);
    assert_none_decided (&batch);
  }
}

/* ---- Batches ------------------------------------------------------------ */

/* A batch lists the request's submissions, then its offers, and keeps the
 * request alive for the ids that point into it. */
static void
test_batch_lists_entries (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *first = kt_add_qol (fixture->store, KT_CHILD);
  g_autofree char *second = kt_add_qol (fixture->store, KT_CHILD);
  g_autoptr(GError) error = NULL;
  g_auto(KioskBatch) batch = { NULL, };

  kiosk_store_add_declined_offer (fixture->store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  next_batch (fixture->store, &batch);

  g_assert_cmpuint (batch.entries->len, ==, 3);
  g_assert_cmpint (entry_at (&batch, 0)->kind, ==, KIOSK_ITEM_SUBMISSION);
  g_assert_cmpstr (entry_at (&batch, 0)->id, ==, first);
  g_assert_cmpint (entry_at (&batch, 1)->kind, ==, KIOSK_ITEM_SUBMISSION);
  g_assert_cmpstr (entry_at (&batch, 1)->id, ==, second);
  g_assert_cmpint (entry_at (&batch, 2)->kind, ==, KIOSK_ITEM_OFFER);
  assert_none_decided (&batch);
  g_assert_cmpint (batch.status, ==, 0);
  g_assert_null (batch.error_code);

  g_assert_true (kiosk_batch_lookup (&batch, second) == entry_at (&batch, 1));
  g_assert_true (kiosk_batch_lookup (&batch, entry_at (&batch, 2)->id) == entry_at (&batch, 2));
  g_assert_null (kiosk_batch_lookup (&batch, "not-sent"));
}

/* Stored, then duplicate for the same entries sent again; the client
 * records nothing itself (the uploader does). */
static void
test_deliver_stored_then_duplicate (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(KioskClientSession) session = NULL;
  g_autofree char *id = kt_add_qol (fixture->store, KT_CHILD);
  g_auto(KioskBatch) batch = { NULL, };
  g_auto(KioskBatch) again = { NULL, };

  kiosk_store_add_declined_offer (fixture->store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (deliver_next (fixture->client, fixture->store, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (batch.status, ==, 200);
  g_assert_null (batch.error_code);
  g_assert_cmpuint (batch.entries->len, ==, 2);
  assert_all_decided (&batch, KIOSK_VERDICT_DELIVERED, "stored");
  g_assert_null (entry_at (&batch, 0)->reason);

  status = kiosk_store_get_outbox_status (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->queued, ==, 1);
  g_assert_cmpuint (status->offers_queued, ==, 1);
  g_assert_false (kiosk_store_has_receipt (fixture->store, id, NULL));

  session = kiosk_client_open_session (fixture->client, &error);
  g_assert_no_error (error);
  /* Nothing was recorded, so the store gives the same request again. */
  next_batch (fixture->store, &again);
  g_assert_cmpmem (g_bytes_get_data (again.text->body, NULL), g_bytes_get_size (again.text->body),
                   g_bytes_get_data (batch.text->body, NULL), g_bytes_get_size (batch.text->body));
  g_assert_true (kiosk_client_deliver (session, &again, NULL, &error));
  g_assert_no_error (error);
  assert_all_decided (&again, KIOSK_VERDICT_DELIVERED, "duplicate");
  g_assert_cmpuint (kt_server_times_received (fixture->server, id), ==, 2);
}

static void
test_deliver_needs_attention (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskBatch) conflict = { NULL, };
  g_auto(KioskBatch) rejected = { NULL, };

  g_free (kt_add_qol (fixture->store, KT_CHILD));
  kt_server_set_mode (fixture->server, KT_REPLY_CONFLICT);
  g_assert_true (deliver_next (fixture->client, fixture->store, &conflict, &error));
  g_assert_no_error (error);
  assert_all_decided (&conflict, KIOSK_VERDICT_NEEDS_ATTENTION, "conflict");
  g_assert_true (g_str_has_prefix (entry_at (&conflict, 0)->reason, "conflict"));

  kt_server_set_mode (fixture->server, KT_REPLY_REJECTED);
  g_assert_true (deliver_next (fixture->client, fixture->store, &rejected, &error));
  g_assert_no_error (error);
  assert_all_decided (&rejected, KIOSK_VERDICT_NEEDS_ATTENTION, "rejected");
  /* The aggregator's reason, kept on one line. */
  g_assert_cmpstr (entry_at (&rejected, 0)->reason, ==,
                   "item 'alpha': synthetic reason second line");
}

/* A reply that leaves ids out decides the others; one that says two
 * things of an id decides nothing of it.  Both are replies of the right
 * shape, so the call itself succeeds. */
static void
test_deliver_partial_and_contradictory (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskBatch) partial = { NULL, };
  g_auto(KioskBatch) contradictory = { NULL, };

  for (guint i = 0; i < 4; i++)
    g_free (kt_add_qol (fixture->store, KT_CHILD));
  kt_server_set_mode (fixture->server, KT_REPLY_MISSING_IDS);
  g_assert_true (deliver_next (fixture->client, fixture->store, &partial, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (partial.entries->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (entry_at (&partial, i)->decided, ==, i % 2 == 0);

  kt_server_set_mode (fixture->server, KT_REPLY_CONTRADICT);
  g_assert_true (deliver_next (fixture->client, fixture->store, &contradictory, &error));
  g_assert_no_error (error);
  assert_none_decided (&contradictory);
}

/* The aggregator's own error body with 400 or 500 refuses the request as
 * a whole: its code is given for the uploader to halve on. */
static void
assert_refused_as_a_whole (Fixture     *fixture,
                           KtReplyMode  mode,
                           long         status,
                           const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskBatch) batch = { NULL, };

  kt_server_set_mode (fixture->server, mode);
  g_assert_false (deliver_next (fixture->client, fixture->store, &batch, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  g_assert_cmpint (batch.status, ==, status);
  g_assert_cmpstr (batch.error_code, ==, code);
  assert_none_decided (&batch);
}

static void
test_deliver_refused_as_a_whole (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *id = kt_add_qol (fixture->store, KT_CHILD);

  kt_server_set_poison (fixture->server, id);
  assert_refused_as_a_whole (fixture, KT_REPLY_POISON, 400, "bad-request");
  assert_refused_as_a_whole (fixture, KT_REPLY_POISON_500, 500, "internal");
  assert_refused_as_a_whole (fixture, KT_REPLY_SERVER_ERROR, 500, "internal");
  g_assert_cmpuint (kt_server_times_received (fixture->server, id), ==, 0);
}

/* Whatever is not the aggregator's JSON of the right shape fails the call
 * with no entry decided and no error code to halve on, whatever its
 * status: a portal, a redirect, an empty, wrong, cut, deep or lenient
 * body, a proxy's 400, a 503. */
static void
test_deliver_not_the_aggregator (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const struct
  {
    KtReplyMode mode;
    long        status;
    int         code;
  } cases[] = {
    { KT_REPLY_PORTAL, 200, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_REDIRECT, 302, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_BARE_200, 200, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_WRONG_SHAPE, 200, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_TRUNCATED, 200, KIOSK_ERROR_BAD_REPLY },
    /* The server answers its even requests (here the sixth) with 400 and
     * its odd ones with 200. */
    { KT_REPLY_DEEP, 400, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_DEEP, 200, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_LENIENT, 200, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_PROXY_400, 400, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_UNAVAILABLE, 503, KIOSK_ERROR_BAD_REPLY },
    { KT_REPLY_UNAUTHORIZED, 401, KIOSK_ERROR_REFUSED },
  };

  g_free (kt_add_qol (fixture->store, KT_CHILD));
  g_free (kt_add_qol (fixture->store, KT_CHILD));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(KioskBatch) batch = { NULL, };

      g_test_message ("case %u", i);
      kt_server_set_mode (fixture->server, cases[i].mode);
      g_assert_false (deliver_next (fixture->client, fixture->store, &batch, &error));
      g_assert_error (error, KIOSK_ERROR, cases[i].code);
      g_assert_cmpint (batch.status, ==, cases[i].status);
      g_assert_null (batch.error_code);
      assert_none_decided (&batch);
    }
}

#define ADD(path, func) \
  g_test_add ("/kiosk/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_UNENROLLED(path, func) \
  g_test_add ("/kiosk/client/" path, Fixture, "unenrolled", fixture_set_up, func, \
              fixture_tear_down)
#define ADD_TLS(path, func) \
  g_test_add ("/kiosk/client/" path, TlsFixture, NULL, tls_set_up, func, tls_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD_UNENROLLED ("enrol", test_enrol);
  ADD_UNENROLLED ("enrol-reply-shapes", test_enrol_reply_shapes);
  ADD ("reenrol-forgets-children", test_reenrol_forgets_children);
  ADD_TLS ("tls-verification", test_tls_verification);
  ADD_TLS ("ca-file-overrides-enrolment", test_ca_file_overrides_enrolment);
  ADD ("refresh-forms", test_refresh_forms);
  ADD ("refresh-forms-reply-shapes", test_refresh_forms_reply_shapes);
  ADD ("lookup-child", test_lookup_child);
  ADD ("lookup-child-fallbacks", test_lookup_child_fallbacks);
  ADD_UNENROLLED ("not-enrolled", test_not_enrolled);
  ADD ("session-reads-enrolment-once", test_session_reads_enrolment_once);
  ADD ("batch-lists-entries", test_batch_lists_entries);
  ADD ("deliver-stored-then-duplicate", test_deliver_stored_then_duplicate);
  ADD ("deliver-needs-attention", test_deliver_needs_attention);
  ADD ("deliver-partial-and-contradictory", test_deliver_partial_and_contradictory);
  ADD ("deliver-refused-as-a-whole", test_deliver_refused_as_a_whole);
  ADD ("deliver-not-the-aggregator", test_deliver_not_the_aggregator);

  return g_test_run ();
}
