/* test-kiosk-aggregator.c — the kiosk core against the real
 * `keyvoice-aggregator serve` on 127.0.0.1, port 0:
 * queued submissions arrive once; with the aggregator stopped they wait
 * and arrive after it returns; a rejected one lands in "needs attention";
 * goals set on the tablet come back as the goal set a review rates. */
#include "config.h"

#include "kiosk-test-util.h"
#include "kv-test-aggregator.h"

typedef struct
{
  char          *dir;          /* everything of this test */
  KvTestAggregator agg;
  char          *service;
  char          *child;
  KioskStore    *store;
  KioskUploader *uploader;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *kiosk_dir = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = kt_data_dir ("aggregator");
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  kv_test_aggregator_init (&fixture->agg, fixture->dir);

  fixture->service = kv_test_aggregator_add_service (&fixture->agg, "Synthetic Test Service");
  code = kv_test_aggregator_enrol_code (&fixture->agg, fixture->service);
  fixture->child = kv_test_aggregator_add_child (&fixture->agg, fixture->service,
                                                 "under-18", "amber");
  kv_test_aggregator_start (&fixture->agg);

  kiosk_dir = g_build_filename (fixture->dir, "kiosk", NULL);
  fixture->store = kiosk_store_open (kiosk_dir, &error);
  g_assert_no_error (error);
  fixture->uploader = kiosk_uploader_new (fixture->store);
  /* The aggregator is sanitized too on a sanitized run. */
  kiosk_uploader_set_timeouts (fixture->uploader, 2 * kt_slowdown (), 10 * kt_slowdown ());
  kiosk_uploader_enrol (fixture->uploader, fixture->agg.url, code, "Synthetic test tablet",
                        NULL, &error);
  g_assert_no_error (error);
  kiosk_uploader_refresh_forms (fixture->uploader, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kv_test_aggregator_clear (&fixture->agg);
  g_clear_object (&fixture->uploader);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
  g_free (fixture->service);
  g_free (fixture->child);
}

/* How many rows the aggregator holds for @id in @table (by @column). */
static gint64
aggregator_count (Fixture    *fixture,
                  const char *table,
                  const char *column,
                  const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = ?1", table, column);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (fixture->agg.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* A family quality-of-life form for the fixture's child, answered with
 * the first level of every item of the form the aggregator gave us. */
static char *
add_family_qol (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kiosk_store_load_form (fixture->store, "family-qol", 0, &error);
  g_autoptr(KioskSubmission) submission = NULL;
  g_autoptr(JsonNode) answers = NULL;

  g_assert_no_error (error);
  submission = kiosk_submission_new ("family-qol", kv_form_get_version (form));
  answers = kt_answers_for_form (form, NULL);
  kiosk_submission_set_child (submission, fixture->child);
  kiosk_send_submission (fixture->store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (kiosk_submission_get_id (submission));
}

static char *
add_experience (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kiosk_store_load_form (fixture->store, "experience", 0, &error);
  g_autoptr(KioskSubmission) submission = NULL;
  g_autoptr(JsonNode) answers = NULL;

  g_assert_no_error (error);
  submission = kiosk_submission_new ("experience", kv_form_get_version (form));
  answers = kt_answers_for_form (form, "Synthetic feedback text.");
  kiosk_submission_set_child (submission, fixture->child);
  kiosk_send_submission (fixture->store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (kiosk_submission_get_id (submission));
}

static void
sync_ok (Fixture         *fixture,
         KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_uploader_sync (fixture->uploader, NULL, report, &error));
  g_assert_no_error (error);
}

static void
test_arrive_once (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *qol = add_family_qol (fixture);
  g_autofree char *experience = add_experience (fixture);
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;

  child = kiosk_uploader_lookup_child (fixture->uploader, fixture->child, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_child_is_from_cache (child));
  g_assert_cmpstr (kiosk_child_get_age_band (child), ==, "under-18");

  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  g_assert_cmpuint (report.offers_delivered, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (report.needs_attention, ==, 0);

  g_assert_cmpint (aggregator_count (fixture, "submissions", "id", qol), ==, 1);
  g_assert_cmpint (aggregator_count (fixture, "experience_receipts", "submission_id", experience),
                   ==, 1);
  /* The sealed answers were not linked to the child. */
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id", experience), ==, 0);

  /* Nothing is sent twice. */
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 0);
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id", qol), ==, 1);
}

static void
test_wait_while_stopped (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (ids, add_family_qol (fixture));

  kv_test_aggregator_stop (&fixture->agg);

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, &report, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpuint (report.queued, ==, 5);
  status = kiosk_store_get_outbox_status (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status->last_error);

  /* The same address again after the restart, as a real aggregator has. */
  kv_test_aggregator_start (&fixture->agg);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 5);
  g_assert_cmpuint (report.queued, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (aggregator_count (fixture, "submissions", "id", ids->pdata[i]), ==, 1);
}

/* A submission the aggregator cannot accept (a form it does not know) is
 * parked with the aggregator's reason; the others still go through. */
static void
test_rejected_needs_attention (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *good = add_family_qol (fixture);
  g_autofree char *unknown_form = kt_add_qol (fixture->store, fixture->child);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;
  KioskOutboxItem *item;

  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id", good), ==, 1);
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id", unknown_form), ==, 0);

  items = kiosk_store_list_outbox (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = items->pdata[0];
  g_assert_cmpstr (item->id, ==, unknown_form);
  g_assert_cmpint (item->state, ==, KIOSK_ITEM_NEEDS_ATTENTION);
  g_assert_nonnull (item->reason);
  g_test_message ("the aggregator's reason: %s", item->reason);
}

/* Goals set on the tablet (gas-goals, assisted) become the child's goal
 * set, which a later review on the tablet rates. */
static void
test_goals_then_review (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) goals_form = kiosk_store_load_form (fixture->store, "gas-goals", 0, &error);
  g_autoptr(KvForm) review_form = NULL;
  g_autoptr(KioskSubmission) goals = NULL;
  g_autoptr(KioskSubmission) review = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(JsonNode) goal_answers = kt_json (
      "{\"goals\": [{\"id\": \"g1\", \"text\": \"Synthetic goal one\", \"baseline\": -1, "
      "\"importance\": 2, \"difficulty\": 1}, {\"id\": \"g2\", \"text\": \"Synthetic goal two\", "
      "\"baseline\": -2}]}");
  g_autoptr(JsonNode) ratings = kt_json ("{\"ratings\": {\"g1\": 1, \"g2\": \"partial\"}}");
  KioskSyncReport report;

  g_assert_no_error (error);
  goals = kiosk_submission_new ("gas-goals", kv_form_get_version (goals_form));
  kiosk_submission_set_child (goals, fixture->child);
  kiosk_submission_set_respondent (goals, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_submission_set_mode (goals, KIOSK_MODE_ASSISTED);
  kiosk_send_submission (fixture->store, goals, goals_form, goal_answers, NULL, &error);
  g_assert_no_error (error);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);

  child = kiosk_uploader_lookup_child (fixture->uploader, fixture->child, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kiosk_child_get_goal_set (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), >=, 1);
  g_assert_true (kiosk_child_is_due (child, "gas-review"));

  review_form = kiosk_store_load_form (fixture->store, "gas-review", 0, &error);
  g_assert_no_error (error);
  review = kiosk_submission_new ("gas-review", kv_form_get_version (review_form));
  kiosk_submission_set_child (review, fixture->child);
  kiosk_submission_set_goal_set (review, kiosk_child_get_goal_set_version (child));
  kiosk_send_submission (fixture->store, review, review_form, ratings,
                         kiosk_child_get_goal_set (child), &error);
  g_assert_no_error (error);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id",
                                     kiosk_submission_get_id (review)), ==, 1);
}

static void
test_declined_offer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;

  kiosk_store_add_declined_offer (fixture->store, fixture->child, NULL, &error);
  g_assert_no_error (error);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.offers_delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 0);
}

/* Distinctive synthetic text, in the family's own words as the forms take
 * them: none of it may be readable in the kiosk's files after Send. */
#define GOAL_TEXT    "kt-synthetic-goal-wording-5e0c"
#define COMMENT_TEXT "kt-synthetic-review-comment-91d4"
#define FEEDBACK_TEXT "kt-synthetic-feedback-text-c27a"

/* How many rows of the aggregator's @table have @column containing
 * @needle. */
static gint64
aggregator_count_like (Fixture    *fixture,
                       const char *table,
                       const char *column,
                       const char *needle)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE instr (%s, ?1) > 0",
                                          table, column);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (fixture->agg.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, needle, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* None of @needles is in the kiosk's files: kiosk.db and whatever of
 * kiosk.db-wal, -shm and -journal exists, read as raw bytes while the
 * store is open (and the device token and cache key beside them). */
static void
assert_nothing_readable (Fixture           *fixture,
                         const char        *when,
                         const char * const *needles)
{
  g_autofree char *kiosk_dir = g_build_filename (fixture->dir, "kiosk", NULL);
  g_autofree char *db_path = g_build_filename (kiosk_dir, "kiosk.db", NULL);

  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; needles[i] != NULL; i++)
    if (kt_dir_contains (kiosk_dir, needles[i]))
      g_error ("%s: “%s” is readable in %s", when, needles[i], kiosk_dir);
}

/* Issue 10: after Send nothing a family said, and no family's code, is
 * readable on the tablet — not in kiosk.db, not in its WAL — before the
 * sync, after it, and after a look-up cached the child; and the
 * aggregator, which alone can open the boxes, stored every word. */
static void
test_nothing_readable_at_rest (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) goals_form = kiosk_store_load_form (fixture->store, "gas-goals", 0, &error);
  g_autoptr(KvForm) review_form = kiosk_store_load_form (fixture->store, "gas-review", 0, &error);
  g_autoptr(KvForm) qol_form = kiosk_store_load_form (fixture->store, "family-qol", 0, &error);
  g_autoptr(KvForm) experience_form = kiosk_store_load_form (fixture->store, "experience", 0,
                                                             &error);
  g_autoptr(KioskSubmission) goals = NULL;
  g_autoptr(KioskSubmission) review = NULL;
  g_autoptr(KioskSubmission) qol = NULL;
  g_autoptr(KioskSubmission) experience = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(JsonNode) goal_answers = kt_json (
      "{\"goals\": [{\"id\": \"g1\", \"text\": \"" GOAL_TEXT "\", \"baseline\": -1}]}");
  g_autoptr(JsonNode) ratings = kt_json ("{\"ratings\": {\"g1\": 1}, \"comment\": \""
                                         COMMENT_TEXT "\"}");
  g_autoptr(JsonNode) qol_answers = NULL;
  g_autoptr(JsonNode) feedback = NULL;
  g_autofree char *qol_text = NULL;
  g_autofree char *ratings_text = json_to_string (ratings, FALSE);
  g_autofree char *code_unbroken = NULL;
  g_auto(GStrv) code_parts = g_strsplit (fixture->child, "-", -1);
  KioskSyncReport report;

  g_assert_no_error (error);
  code_unbroken = g_strjoinv ("", code_parts);
  qol_answers = kt_answers_for_form (qol_form, NULL);
  qol_text = json_to_string (qol_answers, FALSE);
  feedback = kt_answers_for_form (experience_form, FEEDBACK_TEXT);

  /* The keyworker sets goals; they reach the aggregator. */
  goals = kiosk_submission_new ("gas-goals", kv_form_get_version (goals_form));
  kiosk_submission_set_child (goals, fixture->child);
  kiosk_submission_set_respondent (goals, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_submission_set_mode (goals, KIOSK_MODE_ASSISTED);
  kiosk_send_submission (fixture->store, goals, goals_form, goal_answers, NULL, &error);
  g_assert_no_error (error);
  {
    const char * const needles[] = { GOAL_TEXT, fixture->child, code_unbroken, NULL };

    assert_nothing_readable (fixture, "goals sent", needles);
    sync_ok (fixture, &report);
    g_assert_cmpuint (report.delivered, ==, 1);
    assert_nothing_readable (fixture, "goals delivered", needles);

    /* A look-up caches the child, goal wording and all, for offline use. */
    child = kiosk_uploader_lookup_child (fixture->uploader, fixture->child, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (kiosk_child_get_goal_set (child));
    assert_nothing_readable (fixture, "child cached", needles);
    g_clear_pointer (&child, kiosk_child_unref);
    /* … and the cache still finds it by its code. */
    child = kiosk_store_lookup_child (fixture->store, fixture->child, &error);
    g_assert_no_error (error);
    g_assert_true (kiosk_child_is_from_cache (child));
  }

  /* The family's visit: the review with a comment, quality of life and
   * feedback with words of its own. */
  review = kiosk_submission_new ("gas-review", kv_form_get_version (review_form));
  kiosk_submission_set_child (review, fixture->child);
  kiosk_submission_set_goal_set (review, kiosk_child_get_goal_set_version (child));
  kiosk_send_submission (fixture->store, review, review_form, ratings,
                         kiosk_child_get_goal_set (child), &error);
  g_assert_no_error (error);
  qol = kiosk_submission_new ("family-qol", kv_form_get_version (qol_form));
  kiosk_submission_set_child (qol, fixture->child);
  kiosk_send_submission (fixture->store, qol, qol_form, qol_answers, NULL, &error);
  g_assert_no_error (error);
  experience = kiosk_submission_new ("experience", kv_form_get_version (experience_form));
  kiosk_submission_set_child (experience, fixture->child);
  kiosk_send_submission (fixture->store, experience, experience_form, feedback, NULL, &error);
  g_assert_no_error (error);
  {
    const char * const needles[] = {
      COMMENT_TEXT, FEEDBACK_TEXT, GOAL_TEXT, ratings_text, qol_text, fixture->child,
      code_unbroken, NULL
    };

    assert_nothing_readable (fixture, "visit sent", needles);
    sync_ok (fixture, &report);
    g_assert_cmpuint (report.delivered, ==, 3);
    g_assert_cmpuint (report.offers_delivered, ==, 1);
    g_assert_cmpuint (report.needs_attention, ==, 0);
    assert_nothing_readable (fixture, "visit delivered", needles);
  }

  /* The aggregator opened every box: each word arrived. */
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id",
                                     kiosk_submission_get_id (review)), ==, 1);
  g_assert_cmpint (aggregator_count_like (fixture, "submissions", "answers", COMMENT_TEXT), ==, 1);
  g_assert_cmpint (aggregator_count_like (fixture, "goal_sets", "goals", GOAL_TEXT), ==, 1);
  g_assert_cmpint (aggregator_count_like (fixture, "experience_responses", "answers",
                                          FEEDBACK_TEXT), ==, 1);
  g_assert_cmpint (aggregator_count (fixture, "submissions", "id",
                                     kiosk_submission_get_id (qol)), ==, 1);
}

#define ADD(path, func) \
  g_test_add ("/kiosk/aggregator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("arrive-once", test_arrive_once);
  ADD ("wait-while-stopped", test_wait_while_stopped);
  ADD ("rejected-needs-attention", test_rejected_needs_attention);
  ADD ("goals-then-review", test_goals_then_review);
  ADD ("declined-offer", test_declined_offer);
  ADD ("nothing-readable-at-rest", test_nothing_readable_at_rest);

  return g_test_run ();
}
