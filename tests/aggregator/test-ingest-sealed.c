/* test-ingest-sealed.c — every kind of submission, and offers, sealed
 * (sealed_version 2, docs/api.md) through the ingest handler: opened and
 * checked exactly as in clear, duplicates still found by the box a resend
 * carries, and the shapes in clear still accepted from older tablets. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-ingest-fixture.h"

/* A canonical dump of what the batch wrote, for comparing a sealed batch
 * with the same batch in clear: everything but ids and times of receipt. */
static char *
stored_content (AggTestWorld *world)
{
  g_autoptr(GString) out = g_string_new (NULL);
  static const char * const queries[] = {
    "SELECT form_id || '|' || respondent || '|' || mode || '|' || locale || '|' || easy_read"
    " || '|' || completed_at || '|' || ifnull (goal_set_version, '') || '|' || answers"
    " FROM submissions ORDER BY form_id, answers",
    "SELECT version || '|' || goals FROM goal_sets ORDER BY version",
    "SELECT count(*) FROM scores",
    "SELECT month || '|' || outcome FROM offers ORDER BY month, outcome",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (world->db, queries[q], &error);

      g_assert_no_error (error);
      while (agg_db_step (world->db, stmt, &error) == SQLITE_ROW)
        g_string_append_printf (out, "%s\n", agg_db_column_text (stmt, 0));
      g_assert_no_error (error);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The visit a family and their keyworker make: goals, a review of them
 * with a comment, quality of life, and the feedback offer. */
static void
make_visit (AggTestWorld *world,
            JsonObject   *items[4],
            JsonObject   *offers[1])
{
  JsonObject *answers;

  items[0] = ingest_goals (world->child_a, 2, TRUE);
  items[1] = ingest_review (world->child_a, 1, "{\"g1\": 1, \"g2\": \"partial\"}");
  answers = json_object_get_object_member (items[1], "answers");
  json_object_set_string_member (answers, "comment", "Test comment text");
  items[2] = ingest_qol (world->child_a, "mostly-fine");
  items[3] = ingest_qol (world->child_a2, "not-enough");
  offers[0] = ingest_offer (world->child_a, "declined", "2026-05");
}

static void
free_items (JsonObject **items,
            guint        n)
{
  for (guint i = 0; i < n; i++)
    json_object_unref (items[i]);
}

/* The same visit sealed and in clear is stored the same, row for row. */
static void
test_every_kind_as_in_clear (void)
{
  g_auto(AggTestWorld) clear_world = { 0 };
  g_auto(AggTestWorld) sealed_world = { 0 };
  g_autoptr(JsonObject) clear_reply = NULL;
  g_autoptr(JsonObject) sealed_reply = NULL;
  g_autofree char *clear_content = NULL;
  g_autofree char *sealed_content = NULL;
  JsonObject *items[4], *offers[1], *sealed[4], *sealed_offers[1];

  agg_test_world_init (&clear_world);
  make_visit (&clear_world, items, offers);
  clear_reply = ingest_post (&clear_world, clear_world.device_a, items, 4, offers, 1);
  free_items (items, 4);
  free_items (offers, 1);

  agg_test_world_init (&sealed_world);
  make_visit (&sealed_world, items, offers);
  for (guint i = 0; i < 4; i++)
    sealed[i] = ingest_sealed (&sealed_world, items[i]);
  sealed_offers[0] = ingest_sealed (&sealed_world, offers[0]);
  /* In clear: nothing but routing. */
  g_assert_false (json_object_has_member (sealed[1], "child"));
  g_assert_false (json_object_has_member (sealed[1], "goal_set"));
  g_assert_false (json_object_has_member (sealed_offers[0], "child"));
  g_assert_cmpuint (json_object_get_size (sealed_offers[0]), ==, 4);
  sealed_reply = ingest_post (&sealed_world, sealed_world.device_a, sealed, 4, sealed_offers, 1);

  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (agg_test_item_status (sealed_reply, "submissions", i, NULL), ==, "stored");
  g_assert_cmpstr (agg_test_item_status (sealed_reply, "offers", 0, NULL), ==, "stored");
  /* The goals' version is given back, and the review rated it. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (sealed_reply, "submissions"), 0), "goal_set"), ==, 1);

  clear_content = stored_content (&clear_world);
  sealed_content = stored_content (&sealed_world);
  g_assert_cmpstr (sealed_content, ==, clear_content);
  g_assert_nonnull (strstr (sealed_content, "Test comment text"));

  free_items (items, 4);
  free_items (offers, 1);
  free_items (sealed, 4);
  free_items (sealed_offers, 1);
}

/* A resend carries the same box: duplicate.  The same id with another box
 * (sealed again, so other bytes, even of the same answers) is a conflict,
 * as any other content under a known id is. */
static void
test_resend_is_duplicate (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) qol = NULL;
  g_autoptr(JsonObject) offer = NULL;
  JsonObject *items[1], *offers[1];

  agg_test_world_init (&world);
  qol = ingest_qol (world.child_a, "as-wanted");
  offer = ingest_offer (world.child_a, "completed", "2026-05");
  items[0] = ingest_sealed (&world, qol);
  offers[0] = ingest_sealed (&world, offer);
  reply = ingest_post (&world, world.device_a, items, 1, offers, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, NULL), ==, "stored");
  g_clear_pointer (&reply, json_object_unref);

  reply = ingest_post (&world, world.device_a, items, 1, offers, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "duplicate");
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, NULL), ==, "duplicate");
  g_clear_pointer (&reply, json_object_unref);
  free_items (items, 1);
  free_items (offers, 1);

  items[0] = ingest_sealed (&world, qol);
  offers[0] = ingest_sealed (&world, offer);
  reply = ingest_post (&world, world.device_a, items, 1, offers, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "conflict");
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, NULL), ==, "conflict");
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM offers"), ==, 1);
  free_items (items, 1);
  free_items (offers, 1);
}

typedef void (*Spoil) (JsonObject *item);

static void
spoil_level (JsonObject *item)
{
  json_object_set_string_member (json_object_get_object_member (item, "answers"), "safety",
                                 "test-no-such-level");
}

static void
spoil_child (JsonObject *item)
{
  json_object_set_string_member (item, "child", "TEST-NONE");
}

static void
spoil_outcome (JsonObject *item)
{
  json_object_set_string_member (item, "outcome", "test-maybe");
}

static void
spoil_extra (JsonObject *item)
{
  json_object_set_string_member (item, "note", "test");
}

/* What is wrong inside a box is rejected with the reason it has in clear;
 * a box of the wrong shape, or a member in clear beside it, is rejected
 * too, each item alone. */
static void
test_rejected_as_in_clear (void)
{
  static const struct
  {
    gboolean    offer;
    Spoil       spoil;
    gboolean    same_reason;  /* the reason in clear and sealed is the same */
  } cases[] = {
    { FALSE, spoil_level, TRUE },
    { FALSE, spoil_child, TRUE },
    { TRUE, spoil_child, TRUE },
    { TRUE, spoil_outcome, TRUE },
    { TRUE, spoil_extra, FALSE },
    { FALSE, spoil_extra, FALSE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(AggTestWorld) world = { 0 };
      g_autoptr(JsonObject) clear_reply = NULL;
      g_autoptr(JsonObject) sealed_reply = NULL;
      JsonObject *item = cases[c].offer ? ingest_offer (NULL, "completed", "2026-05")
                                        : ingest_qol (NULL, "as-wanted");
      JsonObject *sealed;
      const char *list = cases[c].offer ? "offers" : "submissions";
      const char *clear_reason = NULL;
      const char *sealed_reason = NULL;

      agg_test_world_init (&world);
      json_object_set_string_member (item, "child", world.child_a);
      cases[c].spoil (item);
      sealed = ingest_sealed (&world, item);
      clear_reply = cases[c].offer ? ingest_post (&world, world.device_a, NULL, 0, &item, 1)
                                   : ingest_post (&world, world.device_a, &item, 1, NULL, 0);
      sealed_reply = cases[c].offer ? ingest_post (&world, world.device_a, NULL, 0, &sealed, 1)
                                    : ingest_post (&world, world.device_a, &sealed, 1, NULL, 0);
      g_assert_cmpstr (agg_test_item_status (clear_reply, list, 0, &clear_reason), ==, "rejected");
      g_assert_cmpstr (agg_test_item_status (sealed_reply, list, 0, &sealed_reason), ==,
                       "rejected");
      g_test_message ("case %u: %s / %s", c, clear_reason, sealed_reason);
      if (cases[c].same_reason)
        g_assert_cmpstr (sealed_reason, ==, clear_reason);
      else
        g_assert_nonnull (strstr (sealed_reason, "sealed box"));
      g_assert_cmpint (ingest_stored_rows (&world), ==, 0);
      json_object_unref (item);
      json_object_unref (sealed);
    }
}

/* A sealed offer may carry nothing in clear but its id and month. */
static void
test_sealed_offer_shape (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) offer = NULL;
  g_autoptr(JsonObject) reply = NULL;
  const char *reason = NULL;
  JsonObject *sealed;

  agg_test_world_init (&world);
  offer = ingest_offer (world.child_a, "completed", "2026-05");
  sealed = ingest_sealed (&world, offer);
  json_object_set_string_member (sealed, "child", world.child_a);
  reply = ingest_post (&world, world.device_a, NULL, 0, &sealed, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "sealed_version 2"));
  g_clear_pointer (&reply, json_object_unref);

  json_object_remove_member (sealed, "child");
  json_object_set_int_member (sealed, "sealed_version", 1);
  reply = ingest_post (&world, world.device_a, NULL, 0, &sealed, 1);
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "“sealed_version” must be 2"));
  g_assert_cmpint (ingest_stored_rows (&world), ==, 0);
  json_object_unref (sealed);
}

/* A batch of many boxes is opened on every processor before it is
 * written; each item still gets its own answer, in order, a box that
 * cannot be opened and a resent box included. */
static void
test_many_boxes (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *items[64];
  const char *reason = NULL;

  agg_test_world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(JsonObject) qol = ingest_qol (i % 2 ? world.child_a : world.child_a2,
                                              i % 3 ? "as-wanted" : "not-enough");

      items[i] = ingest_sealed (&world, qol);
    }
  /* Item 10: a box altered on the way. */
  {
    const char *text = json_object_get_string_member (items[10], "sealed");
    g_autofree guchar *bytes = NULL;
    gsize length = 0;
    g_autofree char *spoilt = NULL;

    bytes = g_base64_decode (text, &length);
    bytes[length - 1] ^= 1;
    spoilt = g_base64_encode (bytes, length);
    json_object_set_string_member (items[10], "sealed", spoilt);
  }
  /* Item 20 repeats item 19, id and box: a resend within the batch. */
  json_object_set_string_member (items[20], "id", json_object_get_string_member (items[19], "id"));
  json_object_set_string_member (items[20], "sealed",
                                 json_object_get_string_member (items[19], "sealed"));

  reply = ingest_post (&world, world.device_a, items, G_N_ELEMENTS (items), NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *expected = i == 10 ? "rejected" : i == 20 ? "duplicate" : "stored";

      g_assert_cmpstr (agg_test_item_status (reply, "submissions", i, i == 10 ? &reason : NULL),
                       ==, expected);
    }
  g_assert_nonnull (strstr (reason, "cannot be opened"));
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==,
                   G_N_ELEMENTS (items) - 2);
  free_items (items, G_N_ELEMENTS (items));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ingest/sealed/every-kind-as-in-clear", test_every_kind_as_in_clear);
  g_test_add_func ("/ingest/sealed/resend-is-duplicate", test_resend_is_duplicate);
  g_test_add_func ("/ingest/sealed/rejected-as-in-clear", test_rejected_as_in_clear);
  g_test_add_func ("/ingest/sealed/offer-shape", test_sealed_offer_shape);
  g_test_add_func ("/ingest/sealed/many-boxes", test_many_boxes);

  return g_test_run ();
}
