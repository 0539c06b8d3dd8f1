/* agg-ingest-fixture.c — the submissions the ingest tests post: every
 * form's valid shape, sealed experience feedback, offers, and the batch
 * post that expects a 200. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "agg-ingest-fixture.h"

static const char * const qol_items[] = {
  "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
};
static const char * const experience_items[] = {
  "listened", "kept-informed", "involved", "joined-up", "right-time", "understood",
  "easy-to-reach", "crisis", NULL
};

JsonObject *
ingest_qol (const char *child,
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

/* A sealed experience submission, as the kiosk sends it. */
JsonObject *
ingest_sealed_experience (AggTestWorld *world)
{
  JsonObject *submission = agg_test_submission ("experience", NULL);
  g_autoptr(JsonObject) object = experience_answers ();
  g_autoptr(JsonNode) answers = json_node_init_object (json_node_alloc (), object);
  g_autofree char *plain = json_to_string (answers, FALSE);
  g_autofree char *encoded = seal_to (world, plain);

  json_object_set_string_member (submission, "sealed", encoded);
  json_object_set_string_member (submission, "respondent", "someone-helping");
  return submission;
}

/* A sealed experience submission of sealed_version 2, as the kiosk now
 * sends it: in clear only id, form, form version and month; @box_extra
 * (JSON members, or "") goes inside the box after the usual ones. */
JsonObject *
ingest_sealed_experience_v2 (AggTestWorld *world,
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

JsonObject *
ingest_sealed (AggTestWorld *world,
               JsonObject   *item)
{
  static const char * const clear_submission[] = { "id", "form", "form_version", NULL };
  static const char * const clear_offer[] = { "id", "month", NULL };
  gboolean offer = json_object_has_member (item, "outcome");
  const char * const *clear = offer ? clear_offer : clear_submission;
  JsonObject *sealed = json_object_new ();
  g_autoptr(JsonObject) box = json_object_new ();
  g_autoptr(JsonNode) box_node = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, item);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (g_strv_contains (clear, name) ? sealed : box, name,
                            json_node_copy (value));
  if (!offer)
    {
      g_autofree char *month = g_strndup (json_object_get_string_member (item, "completed_at"), 7);

      json_object_set_string_member (sealed, "month", month);
    }
  box_node = json_node_init_object (json_node_alloc (), box);
  plain = json_to_string (box_node, FALSE);
  encoded = seal_to (world, plain);
  json_object_set_int_member (sealed, "sealed_version", 2);
  json_object_set_string_member (sealed, "sealed", encoded);
  return sealed;
}

/* @n goals with baselines −1; weighted ones have importance 2 and
 * difficulty 1. */
JsonObject *
ingest_goals (const char *child,
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
JsonObject *
ingest_review (const char *child,
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

JsonObject *
ingest_offer (const char *child,
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
JsonObject *
ingest_post (AggTestWorld *world,
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

gint64
ingest_stored_rows (AggTestWorld *world)
{
  return agg_test_count (world->db,
                         "SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM goal_sets)"
                         " + (SELECT count(*) FROM scores) + (SELECT count(*) FROM offers)"
                         " + (SELECT count(*) FROM experience_responses)"
                         " + (SELECT count(*) FROM experience_receipts)");
}
