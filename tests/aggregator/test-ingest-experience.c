/* test-ingest-experience.c — sealed experience feedback through the
 * ingest handler: opened and stored by service and month only, so that it
 * cannot be joined back to a child, in both sealed versions. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-ingest-fixture.h"
#include "agg-report-experience.h"

static void
test_experience_unlinkable (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *items[1];
  JsonObject *offers[1];
  static const char * const allowed[] = {
    "id", "service_id", "month", "form_id", "form_version", "answers", NULL
  };
  g_autoptr(sqlite3_stmt) columns = NULL;

  agg_test_world_init (&world);
  items[0] = ingest_sealed_experience (&world);
  offers[0] = ingest_offer (world.child_a, "completed", "2026-05");
  reply = ingest_post (&world, world.device_a, items, 1, offers, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");

  /* The response holds service and month only: no child, device or time. */
  columns = agg_db_prepare (world.db, "SELECT name FROM pragma_table_info ('experience_responses')", &error);
  while (agg_db_step (world.db, columns, &error) == SQLITE_ROW)
    g_assert_true (g_strv_contains (allowed, agg_db_column_text (columns, 0)));
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM pragma_table_info ('experience_receipts')"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM experience_responses"
                                   " WHERE service_id = 'test-service-a' AND month = '2026-05'"), ==, 1);
  /* The sealed answers were opened and stored; nothing went to the
   * identified submissions. */
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT instr (answers, 'Test free text') > 0 FROM experience_responses"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM scores"), ==, 0);

  json_object_unref (items[0]);
  json_object_unref (offers[0]);
}

/* sealed_version 2: nothing in clear pairs the feedback with the visit;
 * it is stored like the old shape (service and month only) and counted by
 * the experience report. */
static void
test_experience_sealed_v2 (void)
{
  static const char * const hidden[] = {
    "started_at", "completed_at", "respondent", "mode", "locale", "easy_read", "child", NULL
  };
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  AggReportTable *table;
  AggReportOptions options;
  JsonObject *items[10];
  int responses;

  agg_test_world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = ingest_sealed_experience_v2 (&world, "2026-05", "");
  for (guint i = 0; hidden[i] != NULL; i++)
    g_assert_false (json_object_has_member (items[0], hidden[i]));

  reply = ingest_post (&world, world.device_a, items, G_N_ELEMENTS (items), NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_assert_cmpstr (agg_test_item_status (reply, "submissions", i, NULL), ==, "stored");
  g_clear_pointer (&reply, json_object_unref);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM experience_responses"
                                   " WHERE service_id = 'test-service-a' AND month = '2026-05'"
                                   " AND instr (answers, 'Test free text') > 0"), ==, 10);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM experience_receipts"), ==, 10);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 0);

  /* A resend is a duplicate, like any other. */
  reply = ingest_post (&world, world.device_a, items, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "duplicate");

  agg_report_options_init (&options);
  options.service_id = world.service_a;
  options.from = "2026-04-01";
  options.to = "2026-06-30";
  table = agg_report_experience_to_table (world.db, &options, world.forms, &error);
  g_assert_no_error (error);
  responses = agg_report_table_find_column (table, "responses");
  g_assert_cmpint (responses, >=, 0);
  g_assert_cmpuint (agg_report_table_get_n_rows (table), ==, 1);
  g_assert_cmpstr (agg_report_table_get_text (table, 0, responses), ==, "10");
  agg_report_table_free (table);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    json_object_unref (items[i]);
}

static void
add_clear_respondent (JsonObject *s)
{
  json_object_set_string_member (s, "respondent", "parent-carer");
}

static void
set_sealed_version_3 (JsonObject *s)
{
  json_object_set_int_member (s, "sealed_version", 3);
}

static void
remove_month (JsonObject *s)
{
  json_object_remove_member (s, "month");
}

/* A sealed_version 2 item that breaks a rule is rejected alone, with a
 * reason, and leaves nothing behind. */
static void
test_experience_sealed_v2_rejected (void)
{
  static const struct
  {
    const char *month;
    const char *box_extra;
    void      (*mutate) (JsonObject *);
    const char *reason;
  } cases[] = {
    { "2026-06", "", NULL, "“month” must be the month of “completed_at”" },
    { "2026-05", ", \"note\": \"Test free text\"", NULL, "the sealed box has a member “note”" },
    { "2026-05", ", \"sealed\": \"AAAA\"", NULL, "the sealed box has a member “sealed”" },
    { "2026-05", "", add_clear_respondent, "sealed_version 2 has a member “respondent”" },
    { "2026-05", "", set_sealed_version_3, "“sealed_version” must be 2" },
    { "2026-05", "", remove_month, "“month” is missing" },
    { "2026-13", "", NULL, "“month” must be a month" },
  };
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *items[G_N_ELEMENTS (cases) + 1];
  const char *reason;

  agg_test_world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      items[i] = ingest_sealed_experience_v2 (&world, cases[i].month, cases[i].box_extra);
      if (cases[i].mutate != NULL)
        cases[i].mutate (items[i]);
    }
  items[G_N_ELEMENTS (cases)] = ingest_sealed_experience_v2 (&world, "2026-05", "");

  reply = ingest_post (&world, world.device_a, items, G_N_ELEMENTS (items), NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (agg_test_item_status (reply, "submissions", i, &reason), ==, "rejected");
      g_test_message ("reason: %s", reason);
      g_assert_nonnull (strstr (reason, cases[i].reason));
      g_assert_null (strstr (reason, "Test free text"));
    }
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", G_N_ELEMENTS (cases), NULL), ==,
                   "stored");
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM experience_responses"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM experience_receipts"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    json_object_unref (items[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/ingest/experience-unlinkable", test_experience_unlinkable);
  g_test_add_func ("/aggregator/ingest/experience-sealed-v2", test_experience_sealed_v2);
  g_test_add_func ("/aggregator/ingest/experience-sealed-v2-rejected",
                   test_experience_sealed_v2_rejected);

  return g_test_run ();
}
