/* test-ingest.c — POST /api/v1/submissions through the handler itself:
 * stored, duplicate, conflict, every kind of bad input rejected with a
 * reason, nothing half-written, and experience feedback that cannot be
 * joined back to a child. */
#include "config.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-json.h"
#include "agg-report-experience.h"
#include "agg-scores.h"
#include "agg-test-util.h"

#define JSON "application/json"
#define SUBMIT "/api/v1/submissions"

static const char * const qol_items[] = {
  "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
};
static const char * const experience_items[] = {
  "listened", "kept-informed", "involved", "joined-up", "right-time", "understood",
  "easy-to-reach", "crisis", NULL
};

static JsonObject *
qol (const char *child,
     const char *level)
{
  JsonObject *submission = agg_test_submission ("family-qol", child);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; qol_items[i] != NULL; i++)
    json_object_set_string_member (answers, qol_items[i], level);
  json_object_set_object_member (submission, "answers", answers);
  return submission;
}

static JsonObject *
experience_answers (void)
{
  JsonObject *answers = json_object_new ();

  json_object_set_string_member (answers, "who", "parent-carer");
  json_object_set_string_member (answers, "fft", "good");
  json_object_set_string_member (answers, "what-was-good", "Test free text");
  for (guint i = 0; experience_items[i] != NULL; i++)
    json_object_set_string_member (answers, experience_items[i], "certainly-true");
  return answers;
}

/* A sealed experience submission, as the kiosk sends it. */
static JsonObject *
sealed_experience (AggTestWorld *world)
{
  JsonObject *submission = agg_test_submission ("experience", NULL);
  g_autoptr(JsonObject) object = experience_answers ();
  g_autoptr(JsonNode) answers = json_node_init_object (json_node_alloc (), object);
  g_autofree char *plain = json_to_string (answers, FALSE);
  const char *key_base64 = agg_keys_get_public_key_base64 (world->keys);
  guint8 key[crypto_box_PUBLICKEYBYTES];
  g_autofree guint8 *sealed = g_malloc (strlen (plain) + crypto_box_SEALBYTES);
  g_autofree char *encoded = NULL;
  gsize length;

  g_assert_cmpint (sodium_base642bin (key, sizeof key, key_base64, strlen (key_base64), NULL,
                                      &length, NULL, sodium_base64_VARIANT_ORIGINAL), ==, 0);
  g_assert_cmpint (crypto_box_seal (sealed, (const guint8 *) plain, strlen (plain), key), ==, 0);
  encoded = g_base64_encode (sealed, strlen (plain) + crypto_box_SEALBYTES);
  json_object_set_string_member (submission, "sealed", encoded);
  json_object_set_string_member (submission, "respondent", "someone-helping");
  return submission;
}

/* Seals @plain to the aggregator's public key, as base64. */
static char *
seal_to (AggTestWorld *world,
         const char   *plain)
{
  const char *key_base64 = agg_keys_get_public_key_base64 (world->keys);
  guint8 key[crypto_box_PUBLICKEYBYTES];
  g_autofree guint8 *sealed = g_malloc (strlen (plain) + crypto_box_SEALBYTES);
  gsize length;

  g_assert_cmpint (sodium_base642bin (key, sizeof key, key_base64, strlen (key_base64), NULL,
                                      &length, NULL, sodium_base64_VARIANT_ORIGINAL), ==, 0);
  g_assert_cmpint (crypto_box_seal (sealed, (const guint8 *) plain, strlen (plain), key), ==, 0);
  return g_base64_encode (sealed, strlen (plain) + crypto_box_SEALBYTES);
}

/* A sealed experience submission of sealed_version 2, as the kiosk now
 * sends it: in clear only id, form, form version and month; @box_extra
 * (JSON members, or "") goes inside the box after the usual ones. */
static JsonObject *
sealed_experience_v2 (AggTestWorld *world,
                      const char   *month,
                      const char   *box_extra)
{
  JsonObject *submission = json_object_new ();
  g_autoptr(JsonObject) object = experience_answers ();
  g_autoptr(JsonNode) answers = json_node_init_object (json_node_alloc (), object);
  g_autofree char *answers_text = json_to_string (answers, FALSE);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *plain = g_strdup_printf ("{\"answers\": %s, \"respondent\": \"someone-helping\", "
                                            "\"mode\": \"assisted\", \"locale\": \"en_GB\", "
                                            "\"easy_read\": true, "
                                            "\"started_at\": \"2026-05-04T10:00:00+01:00\", "
                                            "\"completed_at\": \"2026-05-04T10:06:40+01:00\"%s}",
                                            answers_text, box_extra);
  g_autofree char *encoded = seal_to (world, plain);

  json_object_set_string_member (submission, "id", id);
  json_object_set_string_member (submission, "form", "experience");
  json_object_set_int_member (submission, "form_version", 1);
  json_object_set_string_member (submission, "month", month);
  json_object_set_int_member (submission, "sealed_version", 2);
  json_object_set_string_member (submission, "sealed", encoded);
  return submission;
}

/* @n goals with baselines −1; weighted ones have importance 2 and
 * difficulty 1. */
static JsonObject *
goals (const char *child,
       guint       n,
       gboolean    weighted)
{
  JsonObject *submission = agg_test_submission ("gas-goals", child);
  JsonObject *answers = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonObject *goal = json_object_new ();
      g_autofree char *id = g_strdup_printf ("g%u", i + 1);
      g_autofree char *text = g_strdup_printf ("Test goal %u", i + 1);

      json_object_set_string_member (goal, "id", id);
      json_object_set_string_member (goal, "text", text);
      json_object_set_int_member (goal, "baseline", -1);
      if (weighted)
        {
          json_object_set_int_member (goal, "importance", 2);
          json_object_set_int_member (goal, "difficulty", 1);
        }
      json_array_add_object_element (list, goal);
    }
  json_object_set_array_member (answers, "goals", list);
  json_object_set_object_member (submission, "answers", answers);
  json_object_set_string_member (submission, "respondent", "keyworker");
  json_object_set_string_member (submission, "mode", "assisted");
  json_object_set_string_member (submission, "completed_at", "2026-03-04T10:20:00Z");
  return submission;
}

/* A review of @goal_set: "ratings" is a JSON object text. */
static JsonObject *
review (const char *child,
        gint64      goal_set,
        const char *ratings)
{
  JsonObject *submission = agg_test_submission ("gas-review", child);
  JsonObject *answers = json_object_new ();
  g_autoptr(JsonObject) parsed = agg_test_parse_object (ratings);

  json_object_set_object_member (answers, "ratings", json_object_ref (parsed));
  json_object_set_object_member (submission, "answers", answers);
  json_object_set_int_member (submission, "goal_set", goal_set);
  return submission;
}

static JsonObject *
offer (const char *child,
       const char *outcome,
       const char *month)
{
  JsonObject *object = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "child", child);
  json_object_set_string_member (object, "outcome", outcome);
  json_object_set_string_member (object, "month", month);
  return object;
}

/* Posts a batch and returns the reply object (the status must be 200). */
static JsonObject *
post (AggTestWorld *world,
      const char   *token,
      JsonObject  **submissions,
      guint         n_submissions,
      JsonObject  **offers,
      guint         n_offers)
{
  g_auto(AggResponse) response = { 0 };
  g_autofree char *body = agg_test_batch (submissions, n_submissions, offers, n_offers);

  agg_test_call (world->api, "POST", SUBMIT, token, JSON, body, &response);
  g_assert_cmpuint (response.status, ==, 200);
  return agg_test_response_object (&response);
}

static gint64
stored_rows (AggTestWorld *world)
{
  return agg_test_count (world->db,
                         "SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM goal_sets)"
                         " + (SELECT count(*) FROM scores) + (SELECT count(*) FROM offers)"
                         " + (SELECT count(*) FROM experience_responses)"
                         " + (SELECT count(*) FROM experience_receipts)");
}

static void
test_stored_then_duplicate (void)
{
  g_auto(AggTestWorld) world = { 0 };
  JsonObject *items[4];
  JsonObject *offers[1];
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  agg_test_world_init (&world);
  items[0] = goals (world.child_a, 3, FALSE);
  items[1] = review (world.child_a, 1, "{\"g1\": 1, \"g2\": 0, \"g3\": 2}");
  items[2] = qol (world.child_a, "as-wanted");
  items[3] = sealed_experience (&world);
  offers[0] = offer (world.child_a, "completed", "2026-05");

  first = post (&world, world.device_a, items, 4, offers, 1);
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
  second = post (&world, world.device_a, items, 4, offers, 1);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (agg_test_item_status (second, "submissions", i, NULL), ==, "duplicate");
  g_assert_cmpstr (agg_test_item_status (second, "offers", 0, NULL), ==, "duplicate");
  g_assert_cmpint (stored_rows (&world), ==, 3 + 1 + 3 + 1 + 1 + 1);

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
  submission = qol (world.child_a, "as-wanted");
  reply = post (&world, world.device_a, &submission, 1, NULL, 0);
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
  reply = post (&world, world.device_a, &reordered, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "duplicate");
  g_clear_pointer (&reply, json_object_unref);

  /* An edited answer under the same id is a conflict, and the stored
   * answers stay as they were. */
  json_object_set_string_member (json_object_get_object_member (submission, "answers"),
                                 "safety", "not-enough");
  reply = post (&world, world.device_a, &submission, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, &reason), ==, "conflict");
  g_assert_nonnull (reason);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT instr (answers, 'not-enough') FROM submissions"), ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT score FROM scores"), ==, 21);
}

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

static void
missing_required (AggTestWorld *w, JsonObject *s)
{
  json_object_remove_member (json_object_get_object_member (s, "answers"), "safety");
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
  { "missing-required", "family-qol", missing_required, "safety" },
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
    return qol (world->child_a, "mostly-fine");
  if (g_str_equal (form, "experience"))
    return sealed_experience (world);
  if (g_str_equal (form, "gas-review"))
    return review (world->child_a, 1, "{\"g1\": 1}");
  if (g_str_equal (form, "gas-goals"))
    return goals (world->child_a, 2, FALSE);
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
  setup = goals (world.child_a, 2, FALSE);
  reply = post (&world, world.device_a, &setup, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "stored");
  g_clear_pointer (&reply, json_object_unref);
  before = stored_rows (&world);

  submission = valid_submission (&world, bad->form);
  bad->mutate (&world, submission);
  /* The bad item travels with a good one, which must still be stored. */
  batch[0] = submission;
  batch[1] = qol (world.child_a2, "as-wanted");
  reply = post (&world, world.device_a, batch, 2, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, &reason), ==, "rejected");
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, bad->reason));
  /* Reasons never carry a child code. */
  g_assert_null (strstr (reason, world.child_a));
  g_assert_null (strstr (reason, world.child_b));
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 1, NULL), ==, "stored");

  /* Only the good item's rows (its submission and its score) were added. */
  g_assert_cmpint (stored_rows (&world), ==, before + 2);
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
  submission = qol (world.child_a, "as-wanted");
  json_object_set_string_member (submission, "started_at", completed_at);
  json_object_set_string_member (submission, "completed_at", completed_at);
  reply = post (&world, world.device_a, &submission, 1, NULL, 0);
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
  offers[0] = offer (world.child_a, "maybe", "2026-05");
  offers[1] = offer (world.child_a, "completed", "2026-13");
  offers[2] = offer (world.child_b, "completed", "2026-05");
  offers[3] = offer (world.child_a, "completed", "May 2026");
  offers[4] = offer (world.child_a, "declined", "2026-05");
  json_object_set_null_member (offers[4], "child");
  offers[5] = offer (world.child_a, "declined", "2026-05");
  json_object_remove_member (offers[5], "id");
  offers[6] = offer (world.child_a, "declined", "2026-05");
  offers[7] = offer (world.child_a, "declined", "2026-05");
  json_object_set_string_member (offers[7], "visit", "2026-05-04");

  reply = post (&world, world.device_a, NULL, 0, offers, 8);
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

typedef struct
{
  const char *name;
  const char *content_type;
  const char *body;        /* NULL: built by the test */
  guint       status;
  const char *code;
  const char *message;     /* a part of the error's message, or NULL */
} BadEnvelope;

static const BadEnvelope bad_envelopes[] = {
  { "malformed-json", JSON, "{\"submissions\": [", 400, "bad-request" },
  { "trailing-document", JSON, "{\"submissions\": []} {\"offers\": []}", 400, "bad-request" },
  { "error-does-not-quote-body", JSON, "{\"submissions\": [], \"note\": \"Test free text \\ude00\"}",
    400, "bad-request" },
  { "not-an-object", JSON, "[1, 2, 3]", 400, "bad-request" },
  /* json-glib 1.6 leaks on these three, so they must not reach it. */
  { "scalar-then-array", JSON, "7 [\"made-up\"]", 400, "bad-request" },
  { "half-surrogate-pair", JSON, "{\"note\": \"made-up \\ud83d\\u0041\"}", 400, "bad-request" },
  { "cut-short-escape", JSON, "{\"note\": \"made-up \\u12\"}", 400, "bad-request" },
  { "submissions-not-array", JSON, "{\"submissions\": {}}", 400, "bad-request" },
  { "offers-not-array", JSON, "{\"offers\": \"none\"}", 400, "bad-request" },
  { "empty-body", JSON, "", 400, "bad-request" },
  { "not-utf8", JSON, "{\"submissions\": [\"\xff\xfe\"]}", 400, "bad-request" },
  { "wrong-content-type", "text/plain", "{\"submissions\": []}", 415, "unsupported-media-type" },
  { "no-content-type", NULL, "{\"submissions\": []}", 415, "unsupported-media-type" },
  { "deep-nesting", JSON, NULL, 400, "bad-request" },
  { "too-many-items", JSON, NULL, 413, "too-large" },
  { "too-large-body", JSON, NULL, 413, "too-large" },
  /* Only RFC 8259 JSON with the members docs/api.md defines. */
  { "single-quotes", JSON, "{'submissions': []}", 400, "bad-request", "single quotes" },
  { "comment", JSON, "{\"submissions\": [] /* note */}", 400, "bad-request",
    "line 1, column 20 (byte 19): comments" },
  { "hex-number", JSON, "{\"submissions\": [0x1]}", 400, "bad-request", "hexadecimal" },
  { "leading-zero", JSON, "{\"submissions\": [01]}", 400, "bad-request", "start with a 0" },
  { "trailing-comma", JSON, "{\"submissions\": [],}", 400, "bad-request", "comma" },
  { "raw-control-character", JSON, "{\"submissions\": [{\"id\": \"a\x01\"}]}", 400,
    "bad-request", "U+0001" },
  { "escaped-nul", JSON, "{\"submissions\": [{\"id\": \"Test free text\\u0000\"}]}", 400,
    "bad-request", "\\u0000" },
  { "duplicate-key", JSON, "{\"submissions\": [],\n \"submissions\": [{}]}", 400, "bad-request",
    "line 2, column 2 (byte 21): the key “submissions” appears twice" },
  { "unknown-member-padded", JSON, NULL, 400, "bad-request", "member “padding”" },
  { "charset-latin1", "application/json; charset=latin1", "{\"submissions\": []}", 415,
    "unsupported-media-type", "utf-8" },
  { "charset-quoted-latin1", "application/json; charset=\"ISO-8859-1\"", "{\"submissions\": []}",
    415, "unsupported-media-type", "utf-8" },
  { "many-empty-objects", JSON, NULL, 413, "too-large", "more than 100000 values" },
};

/* A parse error says where, never what: the text around it may be a
 * family's words. */
static void
test_parse_error_says_where (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = agg_json_parse ("{\"note\": \"made-up words\",\n \"x\": tru}", -1, &error);
  g_autoptr(JsonNode) pair = NULL;

  g_assert_null (node);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "the body is not valid JSON: line 2, column 7 (byte 32): a value should start here");
  g_assert_null (strstr (error->message, "made-up"));
  g_clear_error (&error);

  /* A whole surrogate pair is a character like any other. */
  pair = agg_json_parse ("{\"note\": \"made-up \\ud83d\\ude00\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pair);
}

static void
test_bad_envelope (gconstpointer data)
{
  const BadEnvelope *bad = data;
  g_auto(AggTestWorld) world = { 0 };
  g_auto(AggResponse) response = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *built = NULL;
  gint64 before;

  agg_test_world_init (&world);
  before = stored_rows (&world);

  if (g_str_equal (bad->name, "deep-nesting"))
    {
      g_autofree char *open = g_strnfill (100000, '[');
      built = g_strconcat ("{\"submissions\": ", open, NULL);
    }
  else if (g_str_equal (bad->name, "too-many-items"))
    {
      GString *text = g_string_new ("{\"submissions\": [");

      for (guint i = 0; i <= AGG_INGEST_MAX_ITEMS; i++)
        g_string_append (text, i == 0 ? "{}" : ", {}");
      g_string_append (text, "]}");
      built = g_string_free (text, FALSE);
    }
  else if (g_str_equal (bad->name, "too-large-body"))
    {
      g_autofree char *padding = g_strnfill (AGG_API_MAX_BODY, ' ');
      built = g_strconcat ("{\"submissions\": []", padding, "}", NULL);
    }
  else if (g_str_equal (bad->name, "unknown-member-padded"))
    {
      g_autofree char *padding = g_strnfill (AGG_API_MAX_BODY - 100, 'x');
      built = g_strconcat ("{\"submissions\": [], \"padding\": \"", padding, "\"}", NULL);
    }
  else if (g_str_equal (bad->name, "many-empty-objects"))
    {
      /* About 2.8 million empty objects in 8 MiB: json-glib would need
       * most of a gigabyte for them. */
      gsize n = (AGG_API_MAX_BODY - 100) / 3;
      GString *text = g_string_sized_new (AGG_API_MAX_BODY);

      g_string_append (text, "{\"submissions\": [{}");
      for (gsize i = 1; i < n; i++)
        g_string_append (text, ",{}");
      g_string_append (text, "]}");
      built = g_string_free (text, FALSE);
    }

  agg_test_call (world.api, "POST", SUBMIT, world.device_a, bad->content_type,
                 built != NULL ? built : bad->body, &response);
  g_assert_cmpuint (response.status, ==, bad->status);
  reply = agg_test_response_object (&response);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "error"), "code"),
                   ==, bad->code);
  /* An error names where, never what the family wrote. */
  g_test_message ("%s", json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                       "message"));
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                        "message"), "Test free text"));
  if (bad->message != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                             "message"), bad->message));
  g_assert_cmpint (stored_rows (&world), ==, before);
}

/* UTF-8 may be said out loud, in any case and quoted. */
static void
test_charset_utf8 (void)
{
  static const char * const types[] = {
    "application/json; charset=utf-8", "application/json;charset=UTF-8",
    "Application/JSON; charset=\"utf-8\"", "application/json; version=1",
  };
  g_auto(AggTestWorld) world = { 0 };

  agg_test_world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_auto(AggResponse) response = { 0 };

      agg_test_call (world.api, "POST", SUBMIT, world.device_a, types[i],
                     "{\"submissions\": []}", &response);
      g_assert_cmpuint (response.status, ==, 200);
    }
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
  before = stored_rows (&world);

  items[0] = goals (world.child_a, 2, TRUE);
  items[1] = qol (world.child_a, "as-wanted");
  offers[0] = offer (world.child_a, "completed", "2031-01");
  body = agg_test_batch (items, 2, offers, 1);
  agg_test_call (world.api, "POST", SUBMIT, world.device_a, JSON, body, &response);
  g_assert_cmpuint (response.status, ==, 500);
  g_assert_cmpint (stored_rows (&world), ==, before);

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
  items[0] = review (world.child_a, 1, "{\"g1\": 1}");
  reply = post (&world, world.device_a, items, 1, NULL, 0);
  g_assert_cmpstr (agg_test_item_status (reply, "submissions", 0, NULL), ==, "rejected");
  g_clear_pointer (&reply, json_object_unref);
  json_object_unref (items[0]);

  /* Goals, then reviews in the same batch; a second goal set is version 2
   * and the first can still be rated. */
  items[0] = goals (world.child_a, 3, FALSE);
  items[1] = review (world.child_a, 1, "{\"g1\": 1, \"g2\": 0, \"g3\": 2}");
  items[2] = review (world.child_a, 1, "{\"g1\": 2, \"g3\": \"partial\"}");
  items[3] = goals (world.child_a, 2, TRUE);
  items[4] = review (world.child_a, 2, "{\"g1\": 2, \"g2\": 2}");
  reply = post (&world, world.device_a, items, 5, NULL, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (agg_test_item_status (reply, "submissions", i, NULL), ==, "stored");
  /* The reply tells the tablet which version each goal set became, and
   * says it again when the goals are resent. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (reply, "submissions"), 3), "goal_set"), ==, 2);
  g_assert_false (json_object_has_member (json_array_get_object_element (
    json_object_get_array_member (reply, "submissions"), 1), "goal_set"));
  g_clear_pointer (&reply, json_object_unref);
  reply = post (&world, world.device_a, &items[3], 1, NULL, 0);
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
  /* The weighted set's review (+2, +2), weights 2 and 2: the same as
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
  submission = goals (world.child_a, 2, FALSE);
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
  items[0] = goals (world.child_a, 3, TRUE);
  items[1] = review (world.child_a, 1, "{\"g1\": -1, \"g2\": 1}");
  items[2] = qol (world.child_a, "not-enough");
  items[3] = qol (world.child_a2, "serious-problem");
  reply = post (&world, world.device_a, items, 4, NULL, 0);

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
  items[0] = sealed_experience (&world);
  offers[0] = offer (world.child_a, "completed", "2026-05");
  reply = post (&world, world.device_a, items, 1, offers, 1);
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
    items[i] = sealed_experience_v2 (&world, "2026-05", "");
  for (guint i = 0; hidden[i] != NULL; i++)
    g_assert_false (json_object_has_member (items[0], hidden[i]));

  reply = post (&world, world.device_a, items, G_N_ELEMENTS (items), NULL, 0);
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
  reply = post (&world, world.device_a, items, 1, NULL, 0);
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
      items[i] = sealed_experience_v2 (&world, cases[i].month, cases[i].box_extra);
      if (cases[i].mutate != NULL)
        cases[i].mutate (items[i]);
    }
  items[G_N_ELEMENTS (cases)] = sealed_experience_v2 (&world, "2026-05", "");

  reply = post (&world, world.device_a, items, G_N_ELEMENTS (items), NULL, 0);
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

  g_test_add_func ("/aggregator/ingest/stored-then-duplicate", test_stored_then_duplicate);
  g_test_add_func ("/aggregator/ingest/edited-resend-conflict", test_edited_resend_conflict);
  for (guint i = 0; i < G_N_ELEMENTS (bad_submissions); i++)
    {
      g_autofree char *path = g_strconcat ("/aggregator/ingest/rejected/", bad_submissions[i].name, NULL);

      g_test_add_data_func (path, &bad_submissions[i], test_bad_submission);
    }
  g_test_add_func ("/aggregator/ingest/rejected/offers", test_bad_offers);
  g_test_add_func ("/aggregator/ingest/clock-ahead-within-a-day", test_clock_ahead_within_a_day);
  g_test_add_func ("/aggregator/ingest/envelope/parse-error-says-where", test_parse_error_says_where);
  for (guint i = 0; i < G_N_ELEMENTS (bad_envelopes); i++)
    {
      g_autofree char *path = g_strconcat ("/aggregator/ingest/envelope/", bad_envelopes[i].name, NULL);

      g_test_add_data_func (path, &bad_envelopes[i], test_bad_envelope);
    }
  g_test_add_func ("/aggregator/ingest/envelope/charset-utf8", test_charset_utf8);
  g_test_add_func ("/aggregator/ingest/database-failure-stores-nothing", test_database_failure_stores_nothing);
  g_test_add_func ("/aggregator/ingest/goal-sets-and-gas-scores", test_goal_sets_and_gas_scores);
  g_test_add_func ("/aggregator/ingest/scores-recompute-identical", test_scores_recompute_identical);
  g_test_add_func ("/aggregator/ingest/store-submission-shared", test_store_submission_shared);
  g_test_add_func ("/aggregator/ingest/experience-unlinkable", test_experience_unlinkable);
  g_test_add_func ("/aggregator/ingest/experience-sealed-v2", test_experience_sealed_v2);
  g_test_add_func ("/aggregator/ingest/experience-sealed-v2-rejected",
                   test_experience_sealed_v2_rejected);

  return g_test_run ();
}
