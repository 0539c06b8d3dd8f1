/* e2e-family.c — families handing in forms on a headless kiosk. */
#include "config.h"

#include "e2e-family.h"

gboolean
e2e_families_init (E2eFamilies  *families,
                   KioskStore   *store,
                   GRand        *rand,
                   const char   *child_a,
                   const char   *child_b,
                   GError      **error)
{
  memset (families, 0, sizeof *families);
  families->store = g_object_ref (store);
  families->rand = rand;
  families->child_a = g_strdup (child_a);
  families->child_b = g_strdup (child_b);
  if ((families->qol = kiosk_store_load_form (store, "family-qol", 0, error)) == NULL
      || (families->experience = kiosk_store_load_form (store, "experience", 0, error)) == NULL
      || (families->goals = kiosk_store_load_form (store, "gas-goals", 0, error)) == NULL
      || (families->review = kiosk_store_load_form (store, "gas-review", 0, error)) == NULL
      || (families->cached_a = kiosk_store_lookup_child (store, child_a, error)) == NULL)
    return FALSE;
  if (kiosk_child_get_goal_set (families->cached_a) == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID, "child A has no goal set");
      return FALSE;
    }
  return TRUE;
}

void
e2e_families_clear (E2eFamilies *families)
{
  g_clear_object (&families->store);
  g_clear_pointer (&families->child_a, g_free);
  g_clear_pointer (&families->child_b, g_free);
  g_clear_pointer (&families->qol, kv_form_unref);
  g_clear_pointer (&families->experience, kv_form_unref);
  g_clear_pointer (&families->goals, kv_form_unref);
  g_clear_pointer (&families->review, kv_form_unref);
  g_clear_pointer (&families->cached_a, kiosk_child_unref);
}

/* Answers a family might give: a random level for every choice and
 * scale item, sometimes a line of obviously synthetic text. */
static JsonNode *
random_answers (const KvForm *form,
                GRand        *rand)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      const char *id = kv_item_get_id (item);
      guint level;

      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          level = g_rand_int_range (rand, 0, kv_item_get_n_levels (item));
          json_object_set_string_member (object, id,
                                         kv_level_get_id (kv_item_get_level (item, level)));
          break;
        case KV_ITEM_TEXT:
          if (g_rand_boolean (rand))
            {
              g_autofree char *text = g_strdup_printf ("Synthetic comment %u", g_rand_int (rand));

              json_object_set_string_member (object, id, text);
            }
          break;
        default:
          break;
        }
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}

/* A review of @set: each goal −2…+2, "partially achieved", or left out;
 * at least one rated. */
static JsonNode *
random_ratings (KvGoalSet *set,
                GRand     *rand)
{
  g_autoptr(GString) json = g_string_new ("{\"ratings\": {");
  guint n_goals = kv_goal_set_get_n_goals (set);
  guint n = 0;

  for (guint i = 0; i < n_goals; i++)
    {
      const KvGoal *goal = kv_goal_set_get_goal (set, i);
      int pick = g_rand_int_range (rand, 0, 7);

      if (pick == 6 && (n > 0 || i + 1 < n_goals))
        continue;
      g_string_append_printf (json, "%s\"%s\": ", n++ > 0 ? ", " : "", kv_goal_get_id (goal));
      if (pick == 5)
        g_string_append (json, "\"partial\"");
      else
        g_string_append_printf (json, "%d", pick < 5 ? pick - 2 : 0);
    }
  g_string_append (json, "}}");
  return json_from_string (json->str, NULL);
}

static const KioskRespondent respondents[] = {
  KIOSK_RESPONDENT_YOUNG_PERSON, KIOSK_RESPONDENT_PARENT_CARER,
  KIOSK_RESPONDENT_BOTH, KIOSK_RESPONDENT_SOMEONE_HELPING,
};

const char *
e2e_families_send (E2eFamilies  *f,
                   char        **id,
                   GError      **error)
{
  g_autoptr(KioskSubmission) submission = NULL;
  g_autoptr(JsonNode) answers = NULL;
  KvGoalSet *goal_set = NULL;
  KvForm *form;
  const char *kind = "plain";
  int pick = g_rand_int_range (f->rand, 0, 100);

  *id = NULL;
  if (pick < 5)
    {
      /* Declined feedback: only the ledger learns of it. */
      return kiosk_store_add_declined_offer (f->store, f->child_b, NULL, error) ? "declined" : NULL;
    }

  if (pick < 40)
    {
      form = f->qol;
      answers = random_answers (form, f->rand);
    }
  else if (pick < 65)
    {
      form = f->review;
      goal_set = kiosk_child_get_goal_set (f->cached_a);
      answers = random_ratings (goal_set, f->rand);
    }
  else if (pick < 97)
    {
      form = f->experience;
      answers = random_answers (form, f->rand);
      kind = "sealed";
    }
  else
    {
      g_autofree char *json = g_strdup_printf ("{\"goals\": [{\"id\": \"g1\", \"text\": "
                                               "\"Synthetic goal %u\", \"baseline\": -1}]}",
                                               g_rand_int (f->rand));
      form = f->goals;
      answers = json_from_string (json, NULL);
      kind = "goals";
    }

  submission = kiosk_submission_new (kv_form_get_id (form), kv_form_get_version (form));
  kiosk_submission_set_respondent (submission,
                                   respondents[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (respondents))]);
  if (form == f->goals)
    {
      kiosk_submission_set_child (submission, f->child_b);
      kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_KEYWORKER);
      kiosk_submission_set_mode (submission, KIOSK_MODE_ASSISTED);
    }
  else if (form == f->review)
    {
      kiosk_submission_set_child (submission, f->child_a);
      kiosk_submission_set_goal_set (submission, kiosk_child_get_goal_set_version (f->cached_a));
    }
  else if (form == f->qol)
    {
      kiosk_submission_set_child (submission, g_rand_boolean (f->rand) ? f->child_a : f->child_b);
      kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_PARENT_CARER);
    }
  else if (g_rand_int_range (f->rand, 0, 3) > 0)
    {
      /* Feedback given with a code also writes the offer "completed". */
      kiosk_submission_set_child (submission, f->child_a);
    }

  if (!kiosk_send_submission (f->store, submission, form, answers, goal_set, error))
    return NULL;
  *id = g_strdup (kiosk_submission_get_id (submission));
  return kind;
}

char *
e2e_families_set_goals (KioskStore  *store,
                        const char  *child,
                        GError     **error)
{
  g_autoptr(KvForm) form = kiosk_store_load_form (store, "gas-goals", 0, error);
  g_autoptr(KioskSubmission) goals = NULL;
  g_autoptr(JsonNode) answers = NULL;

  if (form == NULL)
    return NULL;
  goals = kiosk_submission_new ("gas-goals", kv_form_get_version (form));
  kiosk_submission_set_child (goals, child);
  kiosk_submission_set_respondent (goals, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_submission_set_mode (goals, KIOSK_MODE_ASSISTED);
  answers = json_from_string ("{\"goals\": ["
                              "{\"id\": \"g1\", \"text\": \"Synthetic goal one\", \"baseline\": -1,"
                              " \"importance\": 2, \"difficulty\": 3},"
                              "{\"id\": \"g2\", \"text\": \"Synthetic goal two\", \"baseline\": -2,"
                              " \"importance\": 1, \"difficulty\": 1},"
                              "{\"id\": \"g3\", \"text\": \"Synthetic goal three\", \"baseline\": -1,"
                              " \"importance\": 3, \"difficulty\": 2}]}", NULL);
  if (!kiosk_send_submission (store, goals, form, answers, NULL, error))
    return NULL;
  return g_strdup (kiosk_submission_get_id (goals));
}
