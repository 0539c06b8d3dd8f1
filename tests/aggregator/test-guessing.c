/* test-guessing.c — a tablet token that guesses child codes through
 * uploads, the way a script would: batches naming made-up codes with
 * answers that can never be stored.  Each "not a known child code" answer
 * costs a child-code lookup, so the script gets no more of them than
 * docs/api.md allows (30 at once, then 20 a minute), then 429 for lookups
 * and uploads alike, and the audit trail says so once. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "kv-child-code.h"
#include "agg-test-util.h"

#define JSON "application/json"
#define UNKNOWN_REASON "not a known child code"
#define BURST 30
#define PER_MINUTE 20
#define PER_BATCH 7

/* A well-formed code (its check character right) that is almost surely
 * nobody's: what a guesser sends, since a wrong check character is
 * refused without a lookup anyway. */
static char *
guess_code (GRand *random)
{
  guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = g_rand_int_range (random, 0, 256);
  return kv_child_code_new_from_bytes (bytes, G_N_ELEMENTS (bytes));
}

/* A family-qol submission whose answers are always refused, so that the
 * reason is all it ever gets: about the child, or about the answers. */
static JsonObject *
bad_qol (const char *child)
{
  JsonObject *submission = agg_test_submission ("family-qol", child);
  JsonObject *answers = json_object_new ();

  json_object_set_string_member (answers, "enjoyment", "not-a-level");
  json_object_set_object_member (submission, "answers", answers);
  return submission;
}

static long
post (const char  *url,
      const char  *token,
      JsonObject **items,
      guint        n_items,
      char       **reply)
{
  g_autofree char *batch = agg_test_batch (items, n_items, NULL, 0);

  return agg_test_http ("POST", url, token, JSON, batch, strlen (batch), reply);
}

static void
test_guessing_through_uploads (void)
{
  g_auto(AggTestWorld) world;
  g_autoptr(GRand) random = g_rand_new_with_seed (20260504);
  g_autoptr(GPtrArray) guessed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = NULL;
  AggTestServer *server;
  guint n_unknown = 0;
  guint n_limited = 0;
  guint n_requests = 0;
  gint64 start;
  double minutes;

  agg_test_world_init (&world);
  server = agg_test_server_start (world.api);
  url = g_strconcat (agg_test_server_get_url (server), "api/v1/submissions", NULL);

  /* The script: batch after batch of guesses, until it has been refused
   * for a while.  The first item of each batch is a real child's, with
   * good answers, so that a refused batch visibly stores nothing. */
  start = g_get_monotonic_time ();
  while (n_limited < 5)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autofree char *reply = NULL;
      long status;

      g_ptr_array_add (items, agg_test_qol_submission (world.child_a));
      for (guint i = 1; i < PER_BATCH; i++)
        {
          char *code = guess_code (random);

          g_ptr_array_add (items, bad_qol (code));
          g_ptr_array_add (guessed, code);
        }
      status = post (url, world.device_a, (JsonObject **) items->pdata, items->len, &reply);
      n_requests++;
      g_assert_cmpuint (n_requests, <, 100);
      if (status == 429)
        {
          g_assert_nonnull (strstr (reply, "\"rate-limited\""));
          n_limited++;
          continue;
        }
      g_assert_cmpint (status, ==, 200);
      {
        g_autoptr(JsonObject) object = agg_test_parse_object (reply);

        g_assert_cmpstr (agg_test_item_status (object, "submissions", 0, NULL), ==, "stored");
        for (guint i = 1; i < items->len; i++)
          {
            const char *reason = NULL;

            g_assert_cmpstr (agg_test_item_status (object, "submissions", i, &reason), ==, "rejected");
            if (strstr (reason, UNKNOWN_REASON) != NULL)
              n_unknown++;
          }
        /* Well past the budget of a whole minute: nothing stops it. */
        g_assert_cmpuint (n_unknown, <=, BURST + PER_MINUTE);
      }
    }
  minutes = (g_get_monotonic_time () - start) / (60.0 * G_USEC_PER_SEC);

  /* No more answers than the documented budget, and the batch that ran
   * past it was refused whole. */
  g_assert_cmpuint (n_unknown, >=, BURST - PER_BATCH);
  g_assert_cmpuint (n_unknown, <=, BURST + (guint) (minutes * PER_MINUTE) + 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==,
                   n_requests - n_limited);

  /* Now even a real code with bad answers is not told apart from a guess,
   * and lookups are refused too, with the time to wait. */
  {
    g_autoptr(JsonObject) item = bad_qol (world.child_a);
    g_autofree char *batch = agg_test_batch (&item, 1, NULL, 0);
    g_autofree char *path = g_strconcat ("/api/v1/children/", world.child_a, NULL);
    g_auto(AggResponse) response = { 0 };

    agg_test_call (world.api, "POST", "/api/v1/submissions", world.device_a, JSON, batch,
                   &response);
    g_assert_cmpuint (response.status, ==, 429);
    g_assert_cmpuint (response.retry_after, >=, 1);
    g_assert_cmpuint (response.retry_after, <=, 2 * 60 / PER_MINUTE + 1);
    agg_test_call (world.api, "GET", path, world.device_a, NULL, NULL, &response);
    g_assert_cmpuint (response.status, ==, 429);
    g_assert_cmpuint (response.retry_after, >=, 1);
  }

  /* Another tablet has its own budget. */
  {
    g_autoptr(JsonObject) item = agg_test_qol_submission (world.child_b);
    g_autofree char *reply = NULL;

    g_assert_cmpint (post (url, world.device_b, &item, 1, &reply), ==, 200);
  }

  /* One audit record for the whole run, naming the token and no code. */
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM audit WHERE action = 'child-code-limit'"),
                   ==, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (world.db,
                                                   "SELECT actor, target, detail FROM audit"
                                                   " WHERE action = 'child-code-limit'", &error);

    g_assert_no_error (error);
    g_assert_cmpint (agg_db_step (world.db, stmt, &error), ==, SQLITE_ROW);
    g_assert_cmpstr (agg_db_column_text (stmt, 0), ==, world.device_a_id);
    g_assert_cmpstr (agg_db_column_text (stmt, 2), ==, "by=uploads");
    for (guint i = 0; i < guessed->len; i++)
      g_assert_null (strstr (agg_db_column_text (stmt, 2), g_ptr_array_index (guessed, i)));
  }

  agg_test_server_stop (server);
}

/* Lookups and uploads draw on one budget: a token that spent it on
 * lookups cannot go on guessing through uploads. */
static void
test_lookups_and_uploads_share_budget (void)
{
  g_auto(AggTestWorld) world;
  g_autoptr(GRand) random = g_rand_new_with_seed (7);
  g_autofree char *path = NULL;
  g_autofree char *code = guess_code (random);
  g_autoptr(JsonObject) item = bad_qol (code);
  g_autofree char *batch = agg_test_batch (&item, 1, NULL, 0);
  g_auto(AggResponse) response = { 0 };

  agg_test_world_init (&world);
  agg_api_set_lookup_limit (world.api, 2, 0.01);
  path = g_strconcat ("/api/v1/children/", world.child_a, NULL);

  /* One lookup, one guess by upload: the budget of two is spent. */
  agg_test_call (world.api, "GET", path, world.device_a, NULL, NULL, &response);
  g_assert_cmpuint (response.status, ==, 200);
  agg_test_call (world.api, "POST", "/api/v1/submissions", world.device_a, JSON, batch, &response);
  g_assert_cmpuint (response.status, ==, 200);
  agg_test_call (world.api, "GET", path, world.device_a, NULL, NULL, &response);
  g_assert_cmpuint (response.status, ==, 429);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM audit WHERE action = 'child-code-limit'"
                                   " AND detail = 'by=lookups'"), ==, 1);
  agg_test_call (world.api, "POST", "/api/v1/submissions", world.device_a, JSON, batch, &response);
  g_assert_cmpuint (response.status, ==, 429);
  /* Still the same run of refusals: no second record. */
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM audit WHERE action = 'child-code-limit'"),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/guessing/through-uploads", test_guessing_through_uploads);
  g_test_add_func ("/aggregator/guessing/lookups-and-uploads-share-budget",
                   test_lookups_and_uploads_share_budget);

  return g_test_run ();
}
