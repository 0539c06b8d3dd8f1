/* test-kiosk-child.c — what the tablet knows about a child
 * (kiosk/core/kiosk-child.c), read from the aggregator's reply to
 * GET /api/v1/children/{code}: every member as sent, the optional ones
 * absent or null, and a reply of the wrong shape refused with the member
 * at fault named and nothing of the child in the message. */
#include "config.h"

#include <string.h>

#include "kiosk-test-util.h"

static KioskChild *
parse (const char *text,
       GDateTime  *fetched_at,
       gboolean    from_cache)
{
  g_autoptr(JsonNode) node = kt_json (text);
  g_autoptr(GError) error = NULL;
  KioskChild *child = kiosk_child_new_from_json (node, fetched_at, from_cache, &error);

  g_assert_no_error (error);
  g_assert_nonnull (child);
  return child;
}

/* tests/kiosk/core/data/child.json: every member there is. */
static void
test_full_reply (void)
{
  g_autofree char *text = kt_read_data ("child.json");
  g_autoptr(GDateTime) fetched_at = g_date_time_new_utc (2026, 2, 3, 9, 30, 0);
  g_autoptr(KioskChild) child = parse (text, fetched_at, TRUE);
  const char * const *due = kiosk_child_get_due (child);
  KvGoalSet *set = kiosk_child_get_goal_set (child);

  g_assert_cmpstr (kiosk_child_get_code (child), ==, KT_CHILD);
  g_assert_cmpstr (kiosk_child_get_age_band (child), ==, "under-18");
  g_assert_cmpstr (kiosk_child_get_dsr (child), ==, "amber");
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_assert_cmpstr (kiosk_child_get_goal_set_date (child), ==, "2026-01-02");
  g_assert_nonnull (set);
  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 2);
  g_assert_cmpstr (kv_goal_get_id (kv_goal_set_get_goal (set, 1)), ==, "g2");
  g_assert_cmpint (kv_goal_get_baseline (kv_goal_set_get_goal (set, 1)), ==, -2);

  /* Due in the order the aggregator gave. */
  g_assert_cmpuint (g_strv_length ((char **) due), ==, 3);
  g_assert_cmpstr (due[0], ==, "kiosk-test-review");
  g_assert_cmpstr (due[2], ==, "kiosk-test-experience");
  g_assert_true (kiosk_child_is_due (child, "kiosk-test-qol"));
  g_assert_false (kiosk_child_is_due (child, "kiosk-test"));
  g_assert_false (kiosk_child_is_due (child, "gas-goals"));

  g_assert_true (kiosk_child_get_fetched_at (child) == fetched_at);
  g_assert_true (kiosk_child_is_from_cache (child));
}

/* Only the code and the age band are needed: a child without a DSR
 * rating, goals or anything due yet. */
static void
test_minimal_reply (void)
{
  static const char * const replies[] = {
    "{\"code\": \"TEST-0002\", \"age_band\": \"18-25\"}",
    "{\"code\": \"TEST-0002\", \"age_band\": \"18-25\", \"dsr\": null,"
    " \"goal_set\": null, \"due\": null}",
    "{\"code\": \"TEST-0002\", \"age_band\": \"18-25\", \"due\": [],"
    " \"later\": \"a member a newer aggregator adds\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
      g_autoptr(KioskChild) child = parse (replies[i], NULL, FALSE);
      g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
      GDateTime *fetched_at = kiosk_child_get_fetched_at (child);

      g_assert_cmpstr (kiosk_child_get_code (child), ==, "TEST-0002");
      g_assert_cmpstr (kiosk_child_get_age_band (child), ==, "18-25");
      g_assert_null (kiosk_child_get_dsr (child));
      g_assert_null (kiosk_child_get_goal_set (child));
      g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 0);
      g_assert_null (kiosk_child_get_goal_set_date (child));
      /* Nothing due is an empty list, never NULL. */
      g_assert_nonnull (kiosk_child_get_due (child));
      g_assert_null (kiosk_child_get_due (child)[0]);
      g_assert_false (kiosk_child_is_due (child, "family-qol"));
      /* No time given: now. */
      g_assert_cmpint (g_date_time_compare (before, fetched_at), <=, 0);
      g_assert_cmpint (g_date_time_compare (fetched_at, after), <=, 0);
      g_assert_false (kiosk_child_is_from_cache (child));
    }
}

/* A goal set without the date it was agreed. */
static void
test_goal_set_without_date (void)
{
  g_autoptr(KioskChild) child = parse ("{\"code\": \"TEST-0002\", \"age_band\": \"under-18\","
                                       " \"goal_set\": {\"version\": 1, \"goals\": ["
                                       "{\"id\": \"g1\", \"text\": \"Test goal\","
                                       " \"baseline\": -1}]}}", NULL, FALSE);

  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 1);
  g_assert_null (kiosk_child_get_goal_set_date (child));
  g_assert_cmpuint (kv_goal_set_get_n_goals (kiosk_child_get_goal_set (child)), ==, 1);
}

typedef struct
{
  const char *reply;
  const char *member;   /* what the message names, in its parentheses */
} Refusal;

#define HEAD "\"code\": \"TEST-0003\", \"age_band\": \"under-18\""
#define GOAL "{\"id\": \"g1\", \"text\": \"Test goal\", \"baseline\": -1}"

static const Refusal refusals[] = {
  { "[\"TEST-0003\"]", "(/)" },
  { "\"TEST-0003\"", "(/)" },
  { "{\"age_band\": \"under-18\"}", "(code)" },
  { "{\"code\": null, \"age_band\": \"under-18\"}", "(code)" },
  { "{\"code\": 3, \"age_band\": \"under-18\"}", "(code)" },
  { "{\"code\": \"TEST-0003\"}", "(age_band)" },
  { "{\"code\": \"TEST-0003\", \"age_band\": [\"under-18\"]}", "(age_band)" },
  { "{" HEAD ", \"dsr\": 2}", "(dsr)" },
  { "{" HEAD ", \"dsr\": {\"rating\": \"red\"}}", "(dsr)" },
  { "{" HEAD ", \"goal_set\": [" GOAL "]}", "(goal_set)" },
  { "{" HEAD ", \"goal_set\": {\"goals\": [" GOAL "]}}", "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": \"1\", \"goals\": [" GOAL "]}}",
    "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 1.5, \"goals\": [" GOAL "]}}",
    "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 0, \"goals\": [" GOAL "]}}", "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": -1, \"goals\": [" GOAL "]}}",
    "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 2147483648, \"goals\": [" GOAL "]}}",
    "(goal_set.version)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 1, \"set_at\": 20260102, \"goals\": [" GOAL "]}}",
    "set_at)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 1}}", "(goal_set.goals)" },
  { "{" HEAD ", \"goal_set\": {\"version\": 1, \"goals\": [" GOAL ", {\"id\": \"g2\","
    " \"text\": \"Test goal two\", \"baseline\": 2}]}}", "(goal_set: goals[1].baseline" },
  { "{" HEAD ", \"due\": \"family-qol\"}", "(due)" },
  { "{" HEAD ", \"due\": {\"family-qol\": true}}", "(due)" },
  { "{" HEAD ", \"due\": [\"family-qol\", 7]}", "(due[1])" },
  { "{" HEAD ", \"due\": [\"family-qol\", \"gas-review\", null]}", "(due[2])" },
};

/* The reply is data from the network: a member of the wrong type is
 * refused, named so that a kiosk and an aggregator of different versions
 * are easy to tell apart, and the child's code is not repeated. */
static void
test_refused (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autoptr(JsonNode) node = kt_json (refusal->reply);
  g_autoptr(GError) error = NULL;

  g_assert_null (kiosk_child_new_from_json (node, NULL, FALSE, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The aggregator's information about this child is not valid"));
  g_assert_nonnull (strstr (error->message, refusal->member));
  g_assert_null (strstr (error->message, "TEST-0003"));
  g_assert_null (strstr (error->message, "Test goal"));
}

/* A child is shared by the session, the pages and the cache: a reference
 * outlives the one it was taken from. */
static void
test_ref (void)
{
  g_autofree char *text = kt_read_data ("child.json");
  KioskChild *child = parse (text, NULL, FALSE);
  KioskChild *copy = g_boxed_copy (KIOSK_TYPE_CHILD, child);

  g_assert_true (copy == child);
  kiosk_child_unref (child);
  g_assert_cmpstr (kiosk_child_get_code (copy), ==, KT_CHILD);
  g_assert_cmpuint (kv_goal_set_get_n_goals (kiosk_child_get_goal_set (copy)), ==, 2);
  g_boxed_free (KIOSK_TYPE_CHILD, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/child/full-reply", test_full_reply);
  g_test_add_func ("/kiosk/child/minimal-reply", test_minimal_reply);
  g_test_add_func ("/kiosk/child/goal-set-without-date", test_goal_set_without_date);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/child/refused/%u", i);

      g_test_add_data_func (path, &refusals[i], test_refused);
    }
  g_test_add_func ("/kiosk/child/ref", test_ref);

  return g_test_run ();
}
