/* test-busy.c — the server beside an admin verb that holds the write lock:
 * an upload is answered 503 with Retry-After at once, stores nothing and
 * goes through once the lock is free; health answers meanwhile; and
 * `scores recompute` lets other writers in between short transactions. */
#include "config.h"

#include <curl/curl.h>
#include <string.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-scores.h"
#include "agg-test-util.h"

#define JSON "application/json"

/* A second connection to the test database, as an admin verb has. */
static sqlite3 *
open_other (const char *path)
{
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return other;
}

typedef struct
{
  long    status;
  char   *retry_after;   /* the header's value, or NULL */
  gint64  microseconds;  /* from sending to the whole answer */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->retry_after, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* One request that also reads Retry-After and times the answer. */
static void
http (const char *method,
      const char *url,
      const char *token,
      const char *body,
      Answer     *answer)
{
  gint64 start = g_get_monotonic_time ();

  answer->status = agg_test_http_full (method, url, token, body != NULL ? JSON : NULL, body,
                                       body != NULL ? strlen (body) : 0, NULL,
                                       &answer->retry_after);
  answer->microseconds = g_get_monotonic_time () - start;
}

static void
test_upload_while_locked (void)
{
  g_auto(AggTestWorld) world;
  g_autoptr(JsonObject) submission = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *submissions_url = NULL;
  g_autofree char *health_url = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  AggTestServer *server;
  sqlite3 *other;

  agg_test_world_init (&world);
  server = agg_test_server_start (world.api);
  submissions_url = g_strconcat (agg_test_server_get_url (server), "api/v1/submissions", NULL);
  health_url = g_strconcat (agg_test_server_get_url (server), "api/v1/health", NULL);
  submission = agg_test_qol_submission (world.child_a);
  batch = agg_test_batch (&submission, 1, NULL, 0);

  /* An admin verb in the middle of a long transaction. */
  other = open_other (world.db_path);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  {
    g_auto(Answer) answer = { 0 };

    http ("POST", submissions_url, world.device_a, batch, &answer);
    g_assert_cmpint (answer.status, ==, 503);
    g_assert_cmpstr (answer.retry_after, ==, G_STRINGIFY (AGG_API_BUSY_RETRY_AFTER));
    /* Not SQLite's five-second wait: a second is generous even on a
     * loaded machine. */
    g_assert_cmpint (answer.microseconds, <, G_USEC_PER_SEC * agg_test_slowdown ());
  }
  {
    g_auto(Answer) answer = { 0 };

    http ("GET", health_url, NULL, NULL, &answer);
    g_assert_cmpint (answer.status, ==, 200);
    g_assert_cmpint (answer.microseconds, <, G_USEC_PER_SEC * agg_test_slowdown ());
  }
  {
    g_auto(AggResponse) response = { 0 };
    g_autoptr(JsonObject) error = NULL;

    agg_test_call (world.api, "POST", "/api/v1/submissions", world.device_a, JSON, batch,
                   &response);
    g_assert_cmpuint (response.status, ==, 503);
    g_assert_cmpuint (response.retry_after, ==, AGG_API_BUSY_RETRY_AFTER);
    error = agg_test_response_object (&response);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (error, "error"),
                                                    "code"), ==, "unavailable");
  }
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores"), ==, 0);

  /* The verb commits; the tablet sends the same batch again. */
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (agg_test_http ("POST", submissions_url, world.device_a, JSON, batch,
                                  strlen (batch), &reply), ==, 200);
  object = agg_test_parse_object (reply);
  g_assert_cmpstr (agg_test_item_status (object, "submissions", 0, NULL), ==, "stored");
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 1);

  sqlite3_close (other);
  agg_test_server_stop (server);
}

/* The recompute test: after each of its commits (sqlite3_wal_hook runs once
 * the write lock is released), another connection that does not wait at
 * all must get the lock and write. */
typedef struct
{
  sqlite3 *other;
  guint    n_commits;
  guint    n_written;
} Between;

static int
write_between (void       *user_data,
               sqlite3    *db,
               const char *name,
               int         n_pages)
{
  Between *between = user_data;

  between->n_commits++;
  if (sqlite3_exec (between->other,
                    "BEGIN IMMEDIATE;"
                    "INSERT INTO audit (at, actor, action) VALUES ('2026-05-04T10:00:00Z', 'cli:test', 'between');"
                    "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    between->n_written++;
  else
    sqlite3_exec (between->other, "ROLLBACK", NULL, NULL, NULL);
  return SQLITE_OK;
}

/* Fills the world with @n family-qol submissions of child A, each with its
 * score as an old scoring rule left it (-1), which recompute must replace.
 * One goes through ingest; the others are copies made in SQL, which is
 * quicker under valgrind than validating each. */
static void
fill (AggTestWorld *world,
      guint         n)
{
  g_autoptr(JsonObject) item = agg_test_qol_submission (world->child_a);
  g_autofree char *batch = agg_test_batch (&item, 1, NULL, 0);
  g_autofree char *copies = NULL;
  g_auto(AggResponse) response = { 0 };

  agg_test_call (world->api, "POST", "/api/v1/submissions", world->device_a, JSON, batch,
                 &response);
  g_assert_cmpuint (response.status, ==, 200);
  copies = g_strdup_printf ("WITH RECURSIVE copies (i) AS"
                            "  (SELECT 2 UNION ALL SELECT i + 1 FROM copies WHERE i < %u)"
                            " INSERT INTO submissions"
                            "  SELECT printf ('copy-%%d', i), content_hash, form_id, form_version,"
                            "         form_kind, child_id, device_id, respondent, mode, locale,"
                            "         easy_read, started_at, completed_at, completed_utc,"
                            "         completed_on, goal_set_version, answers, received_at"
                            "    FROM submissions, copies;"
                            "INSERT INTO scores"
                            "  SELECT s.id, measure, kind, score, k, n, pct_expected, status, flags"
                            "    FROM scores, submissions AS s WHERE s.id LIKE 'copy-%%';"
                            "UPDATE scores SET score = -1", n);
  g_assert_cmpint (sqlite3_exec (agg_db_get_handle (world->db), copies, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (agg_test_count (world->db, "SELECT count(*) FROM submissions"), ==, n);
  g_assert_cmpint (agg_test_count (world->db, "SELECT count(*) FROM scores WHERE score = -1"),
                   ==, n);
}

static void
test_recompute_short_transactions (void)
{
  g_auto(AggTestWorld) world;
  g_autoptr(GError) error = NULL;
  Between between = { 0 };
  guint n_submissions = 3 * AGG_SCORES_RECOMPUTE_CHUNK + 7;
  guint n_scores = 0;

  agg_test_world_init (&world);
  fill (&world, n_submissions);
  /* And one it must take away: a measure the form does not have. */
  g_assert_cmpint (sqlite3_exec (agg_db_get_handle (world.db),
                                 "INSERT INTO scores (submission_id, measure, kind, k, n, status)"
                                 "  SELECT submission_id, 'stale', 'total', 0, 0, 'incomplete'"
                                 "    FROM scores WHERE rowid = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* The admin verb's connection waits politely, the other one not at all. */
  agg_db_set_busy_timeout (world.db, AGG_DB_BUSY_TIMEOUT_MS);
  between.other = open_other (world.db_path);
  sqlite3_wal_hook (agg_db_get_handle (world.db), write_between, &between);

  g_assert_true (agg_scores_recompute (world.db, world.forms, &n_scores, &error));
  g_assert_no_error (error);
  sqlite3_wal_hook (agg_db_get_handle (world.db), NULL, NULL);

  g_assert_cmpuint (n_scores, ==, n_submissions);
  g_assert_cmpuint (between.n_commits, >=, n_submissions / AGG_SCORES_RECOMPUTE_CHUNK);
  g_assert_cmpuint (between.n_written, ==, between.n_commits);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM audit WHERE action = 'between'"),
                   ==, between.n_written);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores"), ==, n_submissions);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores WHERE score < 0"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM submissions AS s"
                                   " WHERE NOT EXISTS (SELECT 1 FROM scores WHERE submission_id = s.id)"),
                   ==, 0);

  sqlite3_close (between.other);
}

/* All scores are derived before any is written: a submission whose form
 * is not loaded stops the recompute with every stored score as it was. */
static void
test_recompute_form_missing (void)
{
  g_auto(AggTestWorld) world;
  g_autoptr(GError) error = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *source = g_build_filename (KV_SOURCE_FORMS_DIR, "experience.xml", NULL);
  g_autofree char *copy = g_build_filename (dir, "experience.xml", NULL);
  g_autofree char *text = NULL;
  gsize length;

  agg_test_world_init (&world);
  fill (&world, AGG_SCORES_RECOMPUTE_CHUNK + 1);

  /* A forms directory without family-qol. */
  g_assert_true (g_file_get_contents (source, &text, &length, NULL));
  g_assert_true (g_file_set_contents (copy, text, length, NULL));
  forms = agg_form_registry_new_from_dir (dir, &error);
  g_assert_no_error (error);

  g_assert_false (agg_scores_recompute (world.db, forms, NULL, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_FORMS);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores WHERE score = -1"),
                   ==, AGG_SCORES_RECOMPUTE_CHUNK + 1);
  /* The connection writes durably again, for whatever it does next. */
  g_assert_cmpint (agg_test_count (world.db, "PRAGMA synchronous"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/aggregator/busy/upload-while-locked", test_upload_while_locked);
  g_test_add_func ("/aggregator/busy/recompute-short-transactions",
                   test_recompute_short_transactions);
  g_test_add_func ("/aggregator/busy/recompute-form-missing", test_recompute_form_missing);

  return g_test_run ();
}
