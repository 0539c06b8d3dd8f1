/* test-network-faults.c — "a network that drops, stalls or lies: every
 * completed submission arrives exactly once" (docs/stress.md
 * "Network faults").
 *
 * kv-fault-proxy sits between the kiosk and the real `keyvoice-aggregator
 * serve`.  For a seeded share of connections it refuses, resets
 * mid-request, stalls, truncates the reply, drops the reply after the
 * aggregator committed, or answers 200 with an HTML page (before or after
 * forwarding).  Families keep handing in forms (the store's own Send) and
 * the kiosk keeps syncing until its outbox is empty.  Then:
 *
 *  - every submission is on the aggregator exactly once (the audit of
 *    e2e-util.c), nothing is parked as conflict or rejected;
 *  - after every pass that stopped early, the outbox status said why, in
 *    words staff can act on, and every entry left queued by it carried a
 *    reason; a pass that delivered everything left no error behind.
 *
 *   test-network-faults [--submissions N] [--fault-rate PERCENT]
 *                       [--random-seed S]
 *
 * The suite runs a short version; stress/fault-run a long one.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "e2e-family.h"
#include "e2e-util.h"

#define SUITE_SUBMISSIONS 200
#define SUITE_FAULT_RATE 50
#define BATCH 10
/* The kinds of fault kv-fault-proxy deals. */
#define N_FAULT_KINDS 9

static guint submissions_wanted = SUITE_SUBMISSIONS;
static guint fault_rate = SUITE_FAULT_RATE;
static guint32 random_seed;
/* The kiosk gives up on a request after timeout seconds; a stall lasts
 * longer than that, a slow reply (a fifth of a stall) does not.  Both grow
 * a little when everything runs slower (sanitizers), so that an ordinary
 * request still fits. */
static guint timeout_seconds = 1;
static guint stall_ms = 1400;

/* The words the kiosk may use when a pass stops early, for the tally:
 * each names what it is waiting for. */
static const char * const explanations[] = {
  "The aggregator could not be reached",
  "The reply was not the aggregator's",
  "Something other than the aggregator answered",
  "The aggregator's reply did not acknowledge",
  "The aggregator's reply does not have the expected shape",
  NULL,
};

typedef struct
{
  char          *dir;
  char          *kiosk_dir;
  KvTestAggregator agg;
  GSubprocess   *proxy;
  char          *proxy_url;
  KioskStore    *store;
  KioskUploader *uploader;
  char          *child_a;      /* has goals: reviews rate them */
  char          *child_b;
  GHashTable    *thanked;      /* id → kind */
  GHashTable    *messages;     /* last_error → how often */
  guint          passes;
  guint          failed_passes;
  guint          declined;
} Run;

static void
start_proxy (Run *run)
{
  g_autofree char *upstream = g_strdup (run->agg.listen);
  g_autofree char *seed = g_strdup_printf ("%u", random_seed);
  g_autofree char *rate = g_strdup_printf ("%u", fault_rate);
  g_autofree char *stall = g_strdup_printf ("%u", stall_ms);
  const char *argv[] = { KV_FAULT_PROXY, "--upstream", upstream, "--seed", seed,
                         "--fault-rate", rate, "--stall-ms", stall, NULL };
  g_autoptr(GSubprocessLauncher) launcher = kv_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;

  run->proxy = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  run->proxy_url = kv_test_read_first_line (run->proxy);
  g_assert_nonnull (run->proxy_url);
  g_assert_true (g_str_has_prefix (run->proxy_url, "http://127.0.0.1:"));
}

/* Stops the proxy and returns its counts, "connections=N pass=N …". */
static GHashTable *
stop_proxy (Run *run)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;

  g_subprocess_send_signal (run->proxy, SIGTERM);
  line = kv_test_read_first_line (run->proxy);
  g_subprocess_wait_check (run->proxy, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&run->proxy);

  g_assert_nonnull (line);
  fields = g_strsplit (line, " ", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (fields[i], "=", 2);

      g_assert_cmpuint (g_strv_length (pair), ==, 2);
      g_hash_table_insert (counts, g_strdup (pair[0]),
                           GUINT_TO_POINTER ((guint) g_ascii_strtoull (pair[1], NULL, 10)));
    }
  g_test_message ("proxy: %s", line);
  return counts;
}

static void
run_init (Run *run)
{
  g_autofree char *service = NULL;
  g_autofree char *code = NULL;
  g_autofree char *goals = NULL;
  g_autofree char *token = NULL;
  g_autofree char *proxy_url = NULL;
  g_autoptr(KioskEnrolment) direct = NULL;
  g_autoptr(KioskEnrolment) proxied = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;

  memset (run, 0, sizeof *run);
  run->dir = e2e_make_dir ("keyvoice-faults");
  run->kiosk_dir = g_build_filename (run->dir, "kiosk", NULL);
  run->thanked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kv_test_aggregator_init (&run->agg, run->dir);

  service = kv_test_aggregator_add_service (&run->agg, "Synthetic Network Service");
  code = kv_test_aggregator_enrol_code (&run->agg, service);
  run->child_a = kv_test_aggregator_add_child (&run->agg, service, "under-18", "amber");
  run->child_b = kv_test_aggregator_add_child (&run->agg, service, "under-18", "red");
  kv_test_aggregator_start (&run->agg);

  /* Enrolment, forms and the goals to review go straight to the
   * aggregator: an enrolment code works once, and a reply lost on the way
   * would only prove that. */
  run->store = kiosk_store_open (run->kiosk_dir, &error);
  g_assert_no_error (error);
  run->uploader = kiosk_uploader_new (run->store);
  kiosk_uploader_set_timeouts (run->uploader, timeout_seconds, timeout_seconds);
  kiosk_uploader_set_batch_size (run->uploader, BATCH);
  kiosk_uploader_enrol (run->uploader, run->agg.url, code, "Synthetic test tablet", NULL, &error);
  g_assert_no_error (error);
  kiosk_uploader_refresh_forms (run->uploader, NULL, NULL, &error);
  g_assert_no_error (error);
  goals = e2e_families_set_goals (run->store, run->child_a, &error);
  g_assert_no_error (error);
  g_hash_table_insert (run->thanked, g_strdup (goals), g_strdup ("goals"));
  kiosk_uploader_sync (run->uploader, NULL, NULL, &error);
  g_assert_no_error (error);
  child = kiosk_uploader_lookup_child (run->uploader, run->child_a, NULL, &error);
  g_assert_no_error (error);

  /* From here on the tablet talks to the aggregator through the proxy. */
  start_proxy (run);
  direct = kiosk_store_get_enrolment (run->store, &error);
  g_assert_no_error (error);
  token = kiosk_store_dup_device_token (run->store, &error);
  g_assert_no_error (error);
  proxy_url = kiosk_enrolment_normalize_url (run->proxy_url, &error);
  g_assert_no_error (error);
  proxied = kiosk_enrolment_new (proxy_url,
                                 kiosk_enrolment_get_device_id (direct),
                                 kiosk_enrolment_get_service_id (direct),
                                 kiosk_enrolment_get_service_name (direct),
                                 kiosk_enrolment_get_public_key (direct),
                                 NULL, NULL);
  kiosk_store_set_enrolment (run->store, proxied, token, &error);
  g_assert_no_error (error);
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->uploader);
  g_clear_object (&run->store);
  kv_test_aggregator_clear (&run->agg);
  e2e_remove_tree (run->dir);
  g_free (run->dir);
  g_free (run->kiosk_dir);
  g_free (run->proxy_url);
  g_free (run->child_a);
  g_free (run->child_b);
  g_hash_table_unref (run->thanked);
  g_hash_table_unref (run->messages);
}

static gboolean
explains (const char *message)
{
  for (guint i = 0; explanations[i] != NULL; i++)
    if (g_str_has_prefix (message, explanations[i]))
      return TRUE;
  return FALSE;
}

static gboolean
some_message_contains (Run        *run,
                       const char *text)
{
  GHashTableIter iter;
  gpointer message;

  g_hash_table_iter_init (&iter, run->messages);
  while (g_hash_table_iter_next (&iter, &message, NULL))
    if (strstr (message, text) != NULL)
      return TRUE;
  return FALSE;
}

/* One sync pass, and what the staff screen would show after it. */
static gboolean
sync_pass (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;
  gboolean ok;

  ok = kiosk_uploader_sync (run->uploader, NULL, &report, &error);
  run->passes++;
  status = kiosk_store_get_outbox_status (run->store, NULL);
  g_assert_nonnull (status);
  g_assert_cmpuint (status->needs_attention, ==, 0);

  if (ok)
    {
      g_assert_no_error (error);
      g_assert_null (status->last_error);
      g_assert_cmpuint (report.queued, ==, 0);
      return TRUE;
    }

  run->failed_passes++;
  g_assert_nonnull (error);
  /* The outbox says what it is waiting for, in the words of the error. */
  g_assert_nonnull (status->last_error);
  g_assert_cmpstr (status->last_error, ==, error->message);
  if (!explains (status->last_error))
    g_error ("a pass stopped without a clear reason: %s", status->last_error);
  g_hash_table_insert (run->messages, g_strdup (status->last_error),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (run->messages,
                                                                                status->last_error)) + 1));

  /* And each entry still queued that this pass carried says so too. */
  if (status->queued + status->offers_queued > 0)
    {
      g_autoptr(GPtrArray) items = kiosk_store_list_outbox (run->store, NULL);
      guint with_reason = 0;

      g_assert_nonnull (items);
      for (guint i = 0; i < items->len; i++)
        {
          KioskOutboxItem *item = items->pdata[i];

          if (item->reason != NULL && *item->reason != '\0')
            with_reason++;
        }
      g_assert_cmpuint (with_reason, >, 0);
    }
  return FALSE;
}

static void
test_faults (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (random_seed);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kiosk_db = NULL;
  g_autofree char *kiosk_check = NULL;
  g_autofree char *agg_check = NULL;
  gint64 start = g_get_monotonic_time ();
  guint added = 0, faults = 0, drain_passes = 0, after_commit;
  gint64 duplicates;
  sqlite3 *db;
  E2eFamilies families;
  E2eAudit audit;
  Run run;
  GHashTableIter iter;
  gpointer key, value;

  run_init (&run);
  g_assert_true (e2e_families_init (&families, run.store, rand, run.child_a, run.child_b,
                                    &error));
  g_assert_no_error (error);

  /* Families keep coming while the kiosk syncs now and then. */
  while (added < submissions_wanted)
    {
      guint burst = g_rand_int_range (rand, 1, 4 * BATCH);

      for (guint i = 0; i < burst && added < submissions_wanted; i++)
        {
          g_autofree char *id = NULL;
          const char *kind = e2e_families_send (&families, &id, &error);

          g_assert_no_error (error);
          if (id == NULL)
            {
              run.declined++;
              continue;
            }
          g_hash_table_insert (run.thanked, g_steal_pointer (&id), g_strdup (kind));
          added++;
        }
      sync_pass (&run);
    }

  /* Then sync until the outbox is empty.  The kiosk itself would back
   * off for seconds after a failure; a tenth of one keeps the run short
   * and still outlasts most of the proxy's refusal windows. */
  while (!sync_pass (&run))
    {
      g_assert_cmpuint (++drain_passes, <, 10000);
      g_usleep (G_USEC_PER_SEC / 10);
    }

  counts = stop_proxy (&run);
  kv_test_aggregator_stop (&run.agg);
  e2e_families_clear (&families);
  g_clear_object (&run.uploader);
  g_clear_object (&run.store);

  kiosk_db = g_build_filename (run.kiosk_dir, "kiosk.db", NULL);
  kiosk_check = e2e_integrity_check (kiosk_db);
  agg_check = e2e_integrity_check (run.agg.db);
  e2e_audit (run.kiosk_dir, run.agg.db, run.thanked, &audit);
  db = e2e_open_db (kiosk_db);
  duplicates = e2e_count (db, "SELECT count(*) FROM receipts WHERE status = 'duplicate'");
  sqlite3_close (db);
  after_commit = GPOINTER_TO_UINT (g_hash_table_lookup (counts, "stall-reply"))
                 + GPOINTER_TO_UINT (g_hash_table_lookup (counts, "truncate-reply"))
                 + GPOINTER_TO_UINT (g_hash_table_lookup (counts, "drop-reply"))
                 + GPOINTER_TO_UINT (g_hash_table_lookup (counts, "html-after"));

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_str_equal (key, "connections") && !g_str_equal (key, "pass")
        && !g_str_equal (key, "upstream-down"))
      faults += GPOINTER_TO_UINT (value);

  g_test_message ("network faults (random seed %u, fault rate %u%%): %u submissions thanked "
                  "and %u declined offers in %.1f s; %u sync passes, %u stopped by a fault; "
                  "%u connections, %u faults (%u after the aggregator had the request)",
                  random_seed, fault_rate, audit.completed, run.declined,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  run.passes, run.failed_passes,
                  GPOINTER_TO_UINT (g_hash_table_lookup (counts, "connections")), faults,
                  after_commit);
  g_hash_table_iter_init (&iter, run.messages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_test_message ("  %4u x last error: %s", GPOINTER_TO_UINT (value), (const char *) key);
  g_test_message ("kiosk acknowledged %u entries (%" G_GINT64_FORMAT " as duplicate: resent "
                  "after the reply was lost), aggregator holds %u; lost %u, doubled %u, "
                  "still queued %u, needs attention %u; integrity_check: kiosk %s, aggregator %s",
                  audit.delivered, duplicates, audit.on_aggregator, audit.lost, audit.doubled,
                  audit.still_queued, audit.needs_attention, kiosk_check, agg_check);

  g_assert_cmpstr (kiosk_check, ==, "ok");
  g_assert_cmpstr (agg_check, ==, "ok");
  g_assert_cmpuint (audit.completed, ==, submissions_wanted + 1);
  g_assert_cmpuint (audit.lost, ==, 0);
  g_assert_cmpuint (audit.doubled, ==, 0);
  g_assert_cmpuint (audit.still_queued, ==, 0);
  g_assert_cmpuint (audit.needs_attention, ==, 0);
  g_assert_cmpuint (audit.on_aggregator, ==, audit.delivered);

  /* The faults really happened: every kind was dealt (the proxy deals
   * from a shuffled deck), and passes stopped because of them. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "upstream-down")), ==, 0);
  if (faults >= 2 * N_FAULT_KINDS)
    {
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_str_equal (key, "upstream-down"))
          g_assert_cmpuint (GPOINTER_TO_UINT (value), >, 0);
    }
  if (fault_rate > 0)
    g_assert_cmpuint (run.failed_passes, >, 0);
  /* A reply lost after the commit was made good by a resend. */
  if (after_commit > 0)
    g_assert_cmpint (duplicates, >, 0);
  /* A lying network is called what it is, and a stall a time-out. */
  if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "html-before"))
      + GPOINTER_TO_UINT (g_hash_table_lookup (counts, "html-after")) > 0)
    g_assert_true (some_message_contains (&run, "the network may need a sign-in"));
  if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "stall-request"))
      + GPOINTER_TO_UINT (g_hash_table_lookup (counts, "stall-reply")) > 0)
    g_assert_true (some_message_contains (&run, "Timeout"));

  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  {
    const E2eOption options[] = {
      { "--submissions", &submissions_wanted },
      { "--fault-rate", &fault_rate },
      { NULL, NULL },
    };

    random_seed = e2e_parse_options (argc, argv, options);
  }
  g_assert_cmpuint (submissions_wanted, >, 0);
  g_assert_cmpuint (fault_rate, <=, 100);
  timeout_seconds *= MIN (e2e_slowdown (), 3);
  stall_ms *= MIN (e2e_slowdown (), 3);

  g_test_add_func ("/e2e/network-faults/exactly-once-through-kv-fault-proxy", test_faults);

  return g_test_run ();
}
