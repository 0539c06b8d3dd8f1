/* test-ingest-rejected.c — every kind of bad submission and offer in a
 * batch is rejected alone, with a reason that never carries a child
 * code, and leaves nothing behind; the good items beside it are stored.
 * Dates are believed up to a day ahead of the aggregator's clock. */
#include "config.h"

#include <string.h>

#include "agg-ingest-fixture.h"

typedef void (*Mutation) (AggTestWorld *world, JsonObject *submission);

typedef struct
{
  const char *name;
  const char *form;        /* the valid submission to start from */
  Mutation    mutate;
  const char *reason;      /* a part of the reason the reply must give */
} BadSubmission;

#define SET_STRING(name, member, value) \
  static void name (AggTestWorld *w, JsonObject *s) { json_object_set_string_member (s, member, value); }
#define SET_INT(name, member, value) \
  static void name (AggTestWorld *w, JsonObject *s) { json_object_set_int_member (s, member, value); }
#define REMOVE(name, member) \
  static void name (AggTestWorld *w, JsonObject *s) { json_object_remove_member (s, member); }
#define SET_ANSWER(name, item, value) \
  static void name (AggTestWorld *w, JsonObject *s) \
  { json_object_set_string_member (json_object_get_object_member (s, "answers"), item, value); }

REMOVE (no_id, "id")
SET_STRING (id_not_uuid, "id", "not-a-uuid")
SET_INT (id_number, "id", 7)
SET_STRING (unknown_form, "form", "no-such-form")
SET_INT (unknown_version, "form_version", 9)
SET_STRING (version_string, "form_version", "1")
SET_INT (version_zero, "form_version", 0)
REMOVE (no_child, "child")
SET_STRING (child_unknown, "child", "2222-2222")
SET_STRING (child_malformed, "child", "K7Q3-MX29")
SET_STRING (respondent_bad, "respondent", "neighbour")
SET_STRING (mode_bad, "mode", "telepathy")
SET_STRING (locale_bad, "locale", "en GB")
SET_STRING (easy_read_string, "easy_read", "no")
SET_STRING (started_bad, "started_at", "yesterday")
SET_STRING (completed_no_zone, "completed_at", "2026-05-04T10:06:40")
SET_STRING (completed_week_date, "completed_at", "2026-W18-1T10:06:40Z")
/* In UTC this is in the year 10000, which GDateTime cannot hold. */
SET_STRING (completed_after_9999, "completed_at", "9999-12-31T23:59:59-23:59")
SET_STRING (started_after_9999, "started_at", "9999-12-31T23:59:59-23:59")
/* In UTC this is in the year 0. */
SET_STRING (completed_before_year_1, "completed_at", "0001-01-01T00:00:00+01:00")
SET_STRING (completed_year_0, "completed_at", "0000-06-01T10:06:40Z")
SET_STRING (completed_1999, "completed_at", "1999-12-31T23:59:59Z")
SET_STRING (completed_offset_99, "completed_at", "2026-05-04T10:06:40+99:99")
SET_STRING (completed_offset_24, "completed_at", "2026-05-04T10:06:40+24:00")
SET_STRING (started_offset_minutes, "started_at", "2026-05-04T10:00:00+01:60")
REMOVE (no_answers, "answers")
SET_ANSWER (unknown_level, "safety", "fabulous")
SET_ANSWER (unknown_item, "hobbies", "as-wanted")
SET_STRING (sealed_not_base64, "sealed", "@@@@")
SET_STRING (sealed_not_a_box, "sealed", "dGhpcyBpcyBub3QgYSBzZWFsZWQgYm94IGF0IGFsbCBhdCBhbGwgYXQgYWxsIGF0IGFsbA==")
SET_INT (goal_set_on_qol, "goal_set", 1)
SET_INT (review_missing_goal_set, "goal_set", 5)
SET_STRING (review_goal_set_string, "goal_set", "1")
SET_STRING (unknown_member, "note", "Test free text")
SET_STRING (unknown_member_strange, "Test free text", "x")

/* Two days after now on this machine's clock, in a far time zone. */
static void
set_two_days_ahead (JsonObject *s,
                    const char *member)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("-11:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *text = g_date_time_format (later, "%Y-%m-%dT%H:%M:%S%:z");

  json_object_set_string_member (s, member, text);
}

static void
completed_in_two_days (AggTestWorld *w, JsonObject *s)
{
  set_two_days_ahead (s, "completed_at");
}

static void
started_in_two_days (AggTestWorld *w, JsonObject *s)
{
  set_two_days_ahead (s, "started_at");
}

static void
child_of_other_service (AggTestWorld *w, JsonObject *s)
{
  json_object_set_string_member (s, "child", w->child_b);
}

static void
child_in_experience (AggTestWorld *w, JsonObject *s)
{
  json_object_set_string_member (s, "child", w->child_a);
}

static void
answers_array (AggTestWorld *w, JsonObject *s)
{
  json_object_set_array_member (s, "answers", json_array_new ());
}

/* Every quality-of-life question may be left out; a review's ratings may
 * not (docs/domain.md §1). */
static void
missing_required (AggTestWorld *w, JsonObject *s)
{
  json_object_remove_member (json_object_get_object_member (s, "answers"), "ratings");
}

static void
answers_and_sealed (AggTestWorld *w, JsonObject *s)
{
  json_object_set_string_member (s, "sealed", "AAAA");
}

static void
locale_too_long (AggTestWorld *w, JsonObject *s)
{
  g_autofree char *locale = g_strnfill (100, 'x');

  json_object_set_string_member (s, "locale", locale);
}

static void
rating_unknown_goal (AggTestWorld *w, JsonObject *s)
{
  json_object_set_int_member (json_object_get_object_member (json_object_get_object_member (s, "answers"),
                                                             "ratings"), "g9", 1);
}

static void
rating_out_of_range (AggTestWorld *w, JsonObject *s)
{
  json_object_set_int_member (json_object_get_object_member (json_object_get_object_member (s, "answers"),
                                                             "ratings"), "g1", -3);
}

static void
baseline_invalid (AggTestWorld *w, JsonObject *s)
{
  JsonArray *list = json_object_get_array_member (json_object_get_object_member (s, "answers"), "goals");

  json_object_set_int_member (json_array_get_object_element (list, 0), "baseline", 0);
}

static void
goal_text_hostile (AggTestWorld *w, JsonObject *s)
{
  JsonArray *list = json_object_get_array_member (json_object_get_object_member (s, "answers"), "goals");
  g_autofree char *huge = g_strnfill (5000, 'x');

  json_object_set_string_member (json_array_get_object_element (list, 0), "text", huge);
}

static const BadSubmission bad_submissions[] = {
  { "no-id", "family-qol", no_id, "“id” is missing" },
  { "id-not-uuid", "family-qol", id_not_uuid, "UUID" },
  { "id-number", "family-qol", id_number, "“id” must be a string" },
  { "unknown-form", "family-qol", unknown_form, "no form with that id" },
  { "unknown-version", "family-qol", unknown_version, "has no version 9" },
  { "version-string", "family-qol", version_string, "form_version" },
  { "version-zero", "family-qol", version_zero, "form_version" },
  { "no-child", "family-qol", no_child, "“child” is missing" },
  { "child-unknown", "family-qol", child_unknown, "not a known child code" },
  { "child-malformed", "family-qol", child_malformed, "not a known child code" },
  { "child-other-service", "family-qol", child_of_other_service, "not a known child code" },
  { "respondent", "family-qol", respondent_bad, "respondent" },
  { "mode", "family-qol", mode_bad, "mode" },
  { "locale", "family-qol", locale_bad, "locale" },
  { "locale-too-long", "family-qol", locale_too_long, "longer than 35" },
  { "easy-read-string", "family-qol", easy_read_string, "easy_read" },
  { "started-at", "family-qol", started_bad, "started_at" },
  { "completed-no-zone", "family-qol", completed_no_zone, "completed_at" },
  { "completed-week-date", "family-qol", completed_week_date, "completed_at" },
  { "completed-after-9999", "family-qol", completed_after_9999,
    "“completed_at” is more than a day later than the aggregator’s clock" },
  { "started-after-9999", "family-qol", started_after_9999,
    "“started_at” is more than a day later than the aggregator’s clock" },
  { "completed-in-two-days", "family-qol", completed_in_two_days,
    "“completed_at” is more than a day later than the aggregator’s clock" },
  { "started-in-two-days", "family-qol", started_in_two_days,
    "“started_at” is more than a day later than the aggregator’s clock" },
  { "completed-before-year-1", "family-qol", completed_before_year_1,
    "“completed_at” is before the year 2000" },
  { "completed-1999", "family-qol", completed_1999, "“completed_at” is before the year 2000" },
  { "completed-year-0", "family-qol", completed_year_0, "“completed_at” must be an RFC 3339" },
  { "completed-offset-99", "family-qol", completed_offset_99, "“completed_at” must be an RFC 3339" },
  { "completed-offset-24", "family-qol", completed_offset_24, "“completed_at” must be an RFC 3339" },
  { "started-offset-minutes", "family-qol", started_offset_minutes, "“started_at” must be an RFC 3339" },
  { "no-answers", "family-qol", no_answers, "“answers” (or “sealed”) is missing" },
  { "answers-array", "family-qol", answers_array, "object" },
  { "answers-and-sealed", "family-qol", answers_and_sealed, "not both" },
  { "unknown-level", "family-qol", unknown_level, "safety" },
  { "unknown-item", "family-qol", unknown_item, "hobbies" },
  { "missing-required", "gas-review", missing_required, "ratings" },
  { "goal-set-on-qol", "family-qol", goal_set_on_qol, "only on a gas-review" },
  { "unknown-member", "family-qol", unknown_member, "member “note” that docs/api.md does not define" },
  { "unknown-member-not-quoted", "family-qol", unknown_member_strange,
    "has a member that docs/api.md does not define" },
  { "unknown-member-sealed", "experience", unknown_member, "member “note”" },
  { "sealed-not-base64", "experience", sealed_not_base64, "base64" },
  { "sealed-not-a-box", "experience", sealed_not_a_box, "cannot be opened" },
  { "experience-names-child", "experience", child_in_experience, "must not name a child" },
  { "review-missing-goal-set", "gas-review", review_missing_goal_set, "goal set 5 does not exist" },
  { "review-goal-set-string", "gas-review", review_goal_set_string, "goal_set" },
  { "rating-unknown-goal", "gas-review", rating_unknown_goal, "g9" },
  { "rating-out-of-range", "gas-review", rating_out_of_range, "g1" },
  { "baseline-invalid", "gas-goals", baseline_invalid, "baseline" },
  { "goal-text-too-long", "gas-goals", goal_text_hostile, "goals" },
};

static JsonObject *
valid_submission (AggTestWorld *world,
                  const char   *form)
{
  if (g_str_equal (form, "family-qol"))
    return ingest_qol (world->child_a, "mostly-fine");
  if (g_str_equal (form, "experience"))
    return ingest_sealed_experience (world);
  if (g_str_equal (form, "gas-review"))
    return ingest_review (world->child_a, 1, "{\"g1\": 1}");
  if (g_str_equal (form, "gas-goals"))
    return ingest_goals (world->child_a, 2, FALSE);
  g_assert_not_reached ();
}

static void
test_bad_submission (gconstpointer data)
{
  const BadSubmission *bad = data;
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) setup = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) submission = NULL;
  JsonObject *batch[2];
  gint64 before;
  const char *reason = NULL;

  agg_test_world_init (&world);
  /* Reviews need a goal set 1 to exist. */
  setup = ingest_goals (world.child_a, 2, FALSE);
  reply = ingest_post (&world, world.device_a, &setup, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");
  g_clear_pointer (&reply, json_object_unref);
  before = ingest_stored_rows (&world);

  submission = valid_submission (&world, bad->form);
  bad->mutate (&world, submission);
  /* The bad item travels with a good one, which must still be stored. */
  batch[0] = submission;
  batch[1] = ingest_qol (world.child_a2, "as-wanted");
  reply = ingest_post (&world, world.device_a, batch, 2, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, &reason), ==, "rejected");
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, bad->reason));
  /* Reasons never carry a child code. */
  g_assert_null (strstr (reason, world.child_a));
  g_assert_null (strstr (reason, world.child_b));
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 1, NULL), ==, "stored");

  /* Only the good item's rows (its submission and its score) were added. */
  g_assert_cmpint (ingest_stored_rows (&world), ==, before + 2);
  json_object_unref (batch[1]);
}

/* A tablet in the furthest time zone whose clock runs some hours fast is
 * still believed: its local date may already be tomorrow's. */
static void
test_clock_ahead_within_a_day (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+14:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) ahead = g_date_time_add_hours (now, 20);
  g_autoptr(GDateTime) ahead_utc = g_date_time_to_utc (ahead);
  g_autofree char *completed_at = g_date_time_format (ahead, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *completed_utc = g_date_time_format (ahead_utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) submission = NULL;
  g_autoptr(JsonObject) reply = NULL;

  agg_test_world_init (&world);
  submission = ingest_qol (world.child_a, "as-wanted");
  json_object_set_string_member (submission, "started_at", completed_at);
  json_object_set_string_member (submission, "completed_at", completed_at);
  reply = ingest_post (&world, world.device_a, &submission, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");
  sql = g_strdup_printf ("SELECT count(*) FROM submissions WHERE completed_utc = '%s'",
                         completed_utc);
  g_assert_cmpint (agg_test_count (world.db, sql), ==, 1);
}

static void
test_bad_offers (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *offers[8];
  const char *reason;

  agg_test_world_init (&world);
  offers[0] = ingest_offer (world.child_a, "maybe", "2026-05");
  offers[1] = ingest_offer (world.child_a, "completed", "2026-13");
  offers[2] = ingest_offer (world.child_b, "completed", "2026-05");
  offers[3] = ingest_offer (world.child_a, "completed", "May 2026");
  offers[4] = ingest_offer (world.child_a, "declined", "2026-05");
  json_object_set_null_member (offers[4], "child");
  offers[5] = ingest_offer (world.child_a, "declined", "2026-05");
  json_object_remove_member (offers[5], "id");
  offers[6] = ingest_offer (world.child_a, "declined", "2026-05");
  offers[7] = ingest_offer (world.child_a, "declined", "2026-05");
  json_object_set_string_member (offers[7], "visit", "2026-05-04");

  reply = ingest_post (&world, world.device_a, NULL, 0, offers, 8);
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 0, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "outcome"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 1, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "month"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 2, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "not a known child code"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 3, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "month"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 4, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "child"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 5, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "id"));
  g_assert_true (json_object_has_member (json_array_get_object_element (
    json_object_get_array_member (reply, "offers"), 5), "index"));
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 6, NULL), ==, "stored");
  g_assert_cmpstr (agg_test_item_status (reply, "offers", 7, &reason), ==, "rejected");
  g_assert_nonnull (strstr (reason, "member “visit”"));
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM offers"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (offers); i++)
    json_object_unref (offers[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_submissions); i++)
    {
      g_autofree char *path = g_strconcat ("/aggregator/ingest/rejected/", bad_submissions[i].name, NULL);

      g_test_add_data_func (path, &bad_submissions[i], test_bad_submission);
    }
  g_test_add_func ("/aggregator/ingest/rejected/offers", test_bad_offers);
  g_test_add_func ("/aggregator/ingest/clock-ahead-within-a-day", test_clock_ahead_within_a_day);

  return g_test_run ();
}
