/* test-ingest.c — POST /api/v1/submissions through the handler itself:
 * stored, duplicate, conflict, nothing half-written when the database
 * fails, and the goal sets and scores a batch makes.  Bad items are in
 * test-ingest-rejected.c, bad bodies in test-ingest-envelope.c and
 * experience feedback in test-ingest-experience.c. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-ingest-fixture.h"
#include "agg-scores.h"

static void
test_stored_then_duplicate (void)
{
  g_auto(AggTestWorld) world = { 0 };
  JsonObject *items[4];
  JsonObject *offers[1];
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  agg_test_world_init (&world);
  items[0] = ingest_goals (world.child_a, 3, FALSE);
  items[1] = ingest_review (world.child_a, 1, "{\"g1\": 1, \"g2\": 0, \"g3\": 2}");
  items[2] = ingest_qol (world.child_a, "as-wanted");
  items[3] = ingest_sealed_experience (&world);
  offers[0] = ingest_offer (world.child_a, "completed", "2026-05");

  first = ingest_post (&world, world.device_a, items, 4, offers, 1);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (agg_test_item_status (first, "submissions", i, NULL), ==, "stored");
  g_assert_cmpstr (agg_test_item_status (first, "offers", 0, NULL), ==, "stored");

  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 3);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM goal_sets"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores"), ==, 3);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM experience_responses"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM experience_receipts"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM offers"), ==, 1);
  /* family-qol: seven items at "as I want it" (3 each). */
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT score FROM scores WHERE measure = 'family-qol'"), ==, 21);

  /* The same batch again: everything is a duplicate and nothing new is
   * written. */
  second = ingest_post (&world, world.device_a, items, 4, offers, 1);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (agg_test_item_status (second, "submissions", i, NULL), ==, "duplicate");
  g_assert_cmpstr (agg_test_item_status (second, "offers", 0, NULL), ==, "duplicate");
  g_assert_cmpint (ingest_stored_rows (&world), ==, 3 + 1 + 3 + 1 + 1 + 1);

  for (guint i = 0; i < 4; i++)
    json_object_unref (items[i]);
  json_object_unref (offers[0]);
}

static void
test_edited_resend_conflict (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) submission = NULL;
  g_autoptr(JsonObject) reordered = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) copy = NULL;
  const char *reason;

  agg_test_world_init (&world);
  submission = ingest_qol (world.child_a, "as-wanted");
  reply = ingest_post (&world, world.device_a, &submission, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");
  g_clear_pointer (&reply, json_object_unref);

  /* The same content with its members in another order is the same
   * content. */
  reordered = json_object_new ();
  {
    g_autoptr(GList) members = json_object_get_members (submission);

    members = g_list_reverse (members);
    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (reordered, l->data,
                              json_node_copy (json_object_get_member (submission, l->data)));
  }
  reply = ingest_post (&world, world.device_a, &reordered, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "duplicate");
  g_clear_pointer (&reply, json_object_unref);

  /* An edited answer under the same id is a conflict, and the stored
   * answers stay as they were. */
  json_object_set_string_member (json_object_get_object_member (submission, "answers"),
                                 "safety", "not-enough");
  reply = ingest_post (&world, world.device_a, &submission, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, &reason), ==, "conflict");
  g_assert_nonnull (reason);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT instr (answers, 'not-enough') FROM submissions"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT score FROM scores"), ==, 21);
}

static void
test_database_failure_stores_nothing (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_auto(AggResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  JsonObject *items[2];
  JsonObject *offers[1];
  gint64 before;

  agg_test_world_init (&world);
  /* A trigger makes the last write of the batch fail, as a full disk
   * would: everything before it must be rolled back. */
  g_assert_true (agg_db_exec (world.db,
                              "CREATE TRIGGER fail_offer BEFORE INSERT ON offers"
                              " WHEN NEW.month = '2031-01'"
                              " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END",
                              &error));
  g_assert_no_error (error);
  before = ingest_stored_rows (&world);

  items[0] = ingest_goals (world.child_a, 2, TRUE);
  items[1] = ingest_qol (world.child_a, "as-wanted");
  offers[0] = ingest_offer (world.child_a, "completed", "2031-01");
  body = agg_test_batch (items, 2, offers, 1);
  agg_test_call (world.api, "POST", SUBMIT, world.device_a, JSON, body, &response);
  g_assert_cmpuint (response.status, ==, 500);
  g_assert_cmpint (ingest_stored_rows (&world), ==, before);

  for (guint i = 0; i < 2; i++)
    json_object_unref (items[i]);
  json_object_unref (offers[0]);
}

static double
score_of (AggTestWorld *world,
          const char   *id,
          gint64       *k,
          gint64       *n,
          char        **flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (world->db,
                                                 "SELECT score, k, n, flags FROM scores WHERE submission_id = ?1",
                                                 &error);
  double score;

  g_assert_no_error (error);
  agg_db_bind_text (stmt, 1, id);
  g_assert_cmpint (agg_db_step (world->db, stmt, &error), ==, SQLITE_ROW);
  score = sqlite3_column_double (stmt, 0);
  *k = sqlite3_column_int64 (stmt, 1);
  *n = sqlite3_column_int64 (stmt, 2);
  *flags = g_strdup (agg_db_column_text (stmt, 3));
  return score;
}

static void
test_goal_sets_and_gas_scores (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *flags = NULL;
  JsonObject *items[5];
  gint64 k, n;
  double t;

  agg_test_world_init (&world);
  /* A review cannot come before its goal set. */
  items[0] = ingest_review (world.child_a, 1, "{\"g1\": 1}");
  reply = ingest_post (&world, world.device_a, items, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "rejected");
  g_clear_pointer (&reply, json_object_unref);
  json_object_unref (items[0]);

  /* Goals, then reviews in the same batch; a second goal set is version 2
   * and the first can still be rated. */
  items[0] = ingest_goals (world.child_a, 3, FALSE);
  items[1] = ingest_review (world.child_a, 1, "{\"g1\": 1, \"g2\": 0, \"g3\": 2}");
  items[2] = ingest_review (world.child_a, 1, "{\"g1\": 2, \"g3\": \"partial\"}");
  items[3] = ingest_goals (world.child_a, 2, TRUE);
  items[4] = ingest_review (world.child_a, 2, "{\"g1\": 2, \"g2\": 2}");
  reply = ingest_post (&world, world.device_a, items, 5, NULL, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (agg_test_item_status (reply, "submissions", i, NULL), ==, "stored");
  /* The reply tells the tablet which version each goal set became, and
   * says it again when the goals are resent. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (reply, "submissions"), 3), "goal_set"), ==, 2);
  g_assert_false (json_object_has_member (json_array_get_object_element (
    json_object_get_array_member (reply, "submissions"), 1), "goal_set"));
  g_clear_pointer (&reply, json_object_unref);
  reply = ingest_post (&world, world.device_a, &items[3], 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (reply, "submissions"), 0), "goal_set"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db, "SELECT max (version) FROM goal_sets"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT goal_set_version FROM submissions WHERE form_id = 'gas-goals'"
                                   " ORDER BY goal_set_version DESC LIMIT 1"), ==, 2);

  /* Baseline: three goals at −1, unweighted: 50 + 10·(−3)/√(0.7·3 + 0.3·9)
   * = 36.31. */
  t = score_of (&world, json_object_get_string_member (items[0], "id"), &k, &n, &flags);
  g_assert_cmpfloat_with_epsilon (t, 36.31, 0.005);
  g_clear_pointer (&flags, g_free);
  /* (+1, 0, +2) unweighted is 63.69 (gasr README). */
  t = score_of (&world, json_object_get_string_member (items[1], "id"), &k, &n, &flags);
  g_assert_cmpfloat_with_epsilon (t, 63.69, 0.005);
  g_assert_cmpint (k, ==, 3);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpstr (flags, ==, "");
  g_clear_pointer (&flags, g_free);
  /* Two of three rated, one "partial" (scored −1): 50 + 10·(2 − 1)/√(0.7·2 + 0.3·4)
   * = 56.20, flagged k of n and partial. */
  t = score_of (&world, json_object_get_string_member (items[2], "id"), &k, &n, &flags);
  g_assert_cmpfloat_with_epsilon (t, 56.20, 0.005);
  g_assert_cmpint (k, ==, 2);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpstr (flags, ==, "partial k-of-n");
  g_clear_pointer (&flags, g_free);
  /* The weighted set's ingest_review (+2, +2), weights 2 and 2: the same as
   * unweighted, 50 + 10·4/√(0.7·2 + 0.3·4) = 74.81. */
  t = score_of (&world, json_object_get_string_member (items[4], "id"), &k, &n, &flags);
  g_assert_cmpfloat_with_epsilon (t, 74.81, 0.005);
  g_assert_cmpstr (flags, ==, "weighted");

  for (guint i = 0; i < 5; i++)
    json_object_unref (items[i]);
}

/* agg_ingest_store_submission(), which ingest and the demo writer share:
 * the form's columns and canonical answers go into the row, each gas-goals
 * submission makes the child's next goal set, and an id stored before
 * writes nothing more. */
static void
test_store_submission_shared (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) submission = NULL;
  g_autoptr(KvGoalSet) set = NULL;
  g_auto(AggScore) score = { 0 };
  g_autofree char *code = NULL;
  AggStoredSubmission row;
  JsonNode *answers;
  KvForm *form;
  gboolean has_score = FALSE;
  gint64 made = -1;

  agg_test_world_init (&world);
  form = agg_form_registry_lookup_latest (world.forms, "gas-goals");
  submission = ingest_goals (world.child_a, 2, FALSE);
  answers = json_object_get_member (submission, "answers");
  set = agg_scores_goal_set_from_answers (form, answers, &error);
  g_assert_no_error (error);
  g_assert_true (agg_score_derive (form, answers, set, &score, &has_score, &error));
  g_assert_true (has_score);
  code = g_strdup_printf ("SELECT id FROM children WHERE code = '%s'", world.child_a);
  row = (AggStoredSubmission) {
    .id = "5a0e7d2c-3b1f-4c6d-8e9a-0f1e2d3c4b5a",
    .content_hash = "hash",
    .child_id = agg_test_count (world.db, code),
    .device_id = world.device_a_id,
    .respondent = "keyworker",
    .mode = "assisted",
    .locale = "en_GB",
    .started_at = "2026-03-04T10:00:00Z",
    .completed_at = "2026-03-04T10:20:00Z",
    .completed_utc = "2026-03-04T10:20:00Z",
    .completed_on = "2026-03-04",
    .received_at = "2026-03-04T10:21:00Z",
  };

  g_assert_true (agg_ingest_store_submission (world.db, &row, form, answers, set, &score, &made,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (made, ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM submissions"
                                             " WHERE form_id = 'gas-goals' AND form_kind = 'gas-goals'"
                                             " AND goal_set_version = 1"
                                             " AND answers LIKE '{\"goals\":[{%'"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM goal_sets WHERE version = 1"
                                             " AND set_on = '2026-03-04' AND n_goals = 2"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"
                                             " WHERE kind = 'baseline'"), ==, 1);

  /* The same id again: refused before any goal set or score is added. */
  g_assert_false (agg_ingest_store_submission (world.db, &row, form, answers, set, &score, &made,
                                               &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM goal_sets"), ==, 1);

  /* Another gas-goals submission is the next version; without a score,
   * none is stored. */
  row.id = "6b1f8e3d-4c2a-4d7e-9f0b-1a2b3c4d5e6f";
  g_assert_true (agg_ingest_store_submission (world.db, &row, form, answers, set, NULL, &made,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (made, ==, 2);
  g_assert_cmpint (agg_test_count (world.db, "SELECT max (version) FROM goal_sets"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"), ==, 1);
}

static void
test_scores_recompute_identical (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *items[4];
  guint n_scores = 0;
  gint64 before;

  agg_test_world_init (&world);
  items[0] = ingest_goals (world.child_a, 3, TRUE);
  items[1] = ingest_review (world.child_a, 1, "{\"g1\": -1, \"g2\": 1}");
  items[2] = ingest_qol (world.child_a, "not-enough");
  items[3] = ingest_qol (world.child_a2, "serious-problem");
  reply = ingest_post (&world, world.device_a, items, 4, NULL, 0);

  g_assert_true (agg_db_exec (world.db, "CREATE TABLE scores_before AS SELECT * FROM scores", &error));
  before = agg_test_count (world.db, "SELECT count(*) FROM scores");
  g_assert_cmpint (before, ==, 4);
  /* Corrupt a score: recompute must put it right. */
  g_assert_true (agg_db_exec (world.db, "UPDATE scores SET score = -1", &error));

  g_assert_true (agg_scores_recompute (world.db, world.forms, &n_scores, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scores, ==, before);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM (SELECT * FROM scores EXCEPT"
                                   " SELECT * FROM scores_before)"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores"), ==, before);

  for (guint i = 0; i < 4; i++)
    json_object_unref (items[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/ingest/stored-then-duplicate", test_stored_then_duplicate);
  g_test_add_func ("/aggregator/ingest/edited-resend-conflict", test_edited_resend_conflict);
  g_test_add_func ("/aggregator/ingest/database-failure-stores-nothing", test_database_failure_stores_nothing);
  g_test_add_func ("/aggregator/ingest/goal-sets-and-gas-scores", test_goal_sets_and_gas_scores);
  g_test_add_func ("/aggregator/ingest/scores-recompute-identical", test_scores_recompute_identical);
  g_test_add_func ("/aggregator/ingest/store-submission-shared", test_store_submission_shared);

  return g_test_run ();
}
