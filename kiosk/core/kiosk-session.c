/* kiosk-session.c — one family's visit, in memory only.
 *
 * See kiosk-session.h.  Nothing here is written to disk: the store only
 * sees a session at Send, through the submissions it hands over.
 */
#include "config.h"

#include <string.h>

#include "kiosk-session.h"

typedef struct
{
  KvForm          *form;
  KioskSubmission *submission;
  JsonObject      *answers;
  /* The steps the family chose to leave out (step_key ()). */
  GHashTable      *skipped;
  gboolean         declined;
  gboolean         sent;
} SessionForm;

struct _KioskSession
{
  GObject          parent_instance;

  char            *language;
  gboolean         easy_read;
  gboolean         has_respondent;
  KioskRespondent  respondent;
  KioskMode        mode;
  char            *code;
  KioskChild      *child;
  GPtrArray       *forms;   /* of SessionForm */
};

G_DEFINE_FINAL_TYPE (KioskSession, kiosk_session, G_TYPE_OBJECT)

static void
session_form_free (SessionForm *entry)
{
  g_clear_pointer (&entry->form, kv_form_unref);
  g_clear_pointer (&entry->submission, kiosk_submission_unref);
  g_clear_pointer (&entry->answers, json_object_unref);
  g_clear_pointer (&entry->skipped, g_hash_table_unref);
  g_free (entry);
}

/* The code is the one thing in a session that identifies a child, so its
 * bytes are overwritten rather than merely handed back to the allocator. */
static void
wipe_string (char **string)
{
  if (*string != NULL)
    memset (*string, 0, strlen (*string));
  g_clear_pointer (string, g_free);
}

static void
kiosk_session_finalize (GObject *object)
{
  KioskSession *self = KIOSK_SESSION (object);

  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_clear_pointer (&self->child, kiosk_child_unref);
  wipe_string (&self->code);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (kiosk_session_parent_class)->finalize (object);
}

static void
kiosk_session_class_init (KioskSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_session_finalize;
}

static void
kiosk_session_init (KioskSession *self)
{
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) session_form_free);
  self->mode = KIOSK_MODE_SELF;
}

KioskSession *
kiosk_session_new (const char *language,
                   gboolean    easy_read)
{
  KioskSession *self = g_object_new (KIOSK_TYPE_SESSION, NULL);

  self->language = g_strdup (language != NULL ? language : "en");
  self->easy_read = easy_read;

  return self;
}

const char *
kiosk_session_get_language (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->language;
}

/* The kiosk works in England, so a bare language code is taken as that
 * language as used in the UK ("cy" → "cy_GB"); a full locale name given in
 * the settings is kept as it is. */
char *
kiosk_session_dup_locale (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);

  if (strchr (self->language, '_') != NULL)
    return g_strdup (self->language);
  return g_strdup_printf ("%s_GB", self->language);
}

gboolean
kiosk_session_get_easy_read (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  return self->easy_read;
}

void
kiosk_session_set_easy_read (KioskSession *self,
                             gboolean      easy_read)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  self->easy_read = !!easy_read;
}

gboolean
kiosk_session_has_respondent (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  return self->has_respondent;
}

KioskRespondent
kiosk_session_get_respondent (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), KIOSK_RESPONDENT_PARENT_CARER);
  return self->respondent;
}

/* A form may ask who is answering (answer-from="respondent"): the family
 * said so at the start, so the answer is filled in and never asked again. */
static void
fill_respondent_items (KioskSession *self,
                       SessionForm  *entry)
{
  const char *name = kiosk_respondent_to_string (self->respondent);

  if (!self->has_respondent)
    return;

  for (guint i = 0; i < kv_form_get_n_items (entry->form); i++)
    {
      const KvItem *item = kv_form_get_item (entry->form, i);

      if (!kv_item_get_answer_from_respondent (item))
        continue;
      if (kv_item_lookup_level (item, name) != NULL)
        json_object_set_string_member (entry->answers, kv_item_get_id (item), name);
      else if (json_object_has_member (entry->answers, kv_item_get_id (item)))
        json_object_remove_member (entry->answers, kv_item_get_id (item));
    }
}

void
kiosk_session_set_respondent (KioskSession    *self,
                              KioskRespondent  respondent)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  self->respondent = respondent;
  self->has_respondent = TRUE;

  for (guint i = 0; i < self->forms->len; i++)
    fill_respondent_items (self, g_ptr_array_index (self->forms, i));
}

KioskMode
kiosk_session_get_mode (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), KIOSK_MODE_SELF);
  return self->mode;
}

void
kiosk_session_set_mode (KioskSession *self,
                        KioskMode     mode)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  self->mode = mode;
}

const char *
kiosk_session_get_code (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->code;
}

KioskChild *
kiosk_session_get_child (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->child;
}

void
kiosk_session_set_child (KioskSession *self,
                         const char   *code,
                         KioskChild   *child)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));

  wipe_string (&self->code);
  self->code = g_strdup (code);
  g_clear_pointer (&self->child, kiosk_child_unref);
  if (child != NULL)
    self->child = kiosk_child_ref (child);
}

gboolean
kiosk_session_form_suits (KioskSession *self,
                          const KvForm *form)
{
  KioskRespondent who;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form != NULL, FALSE);

  who = self->has_respondent ? self->respondent : KIOSK_RESPONDENT_PARENT_CARER;

  switch (kv_form_get_audience (form))
    {
    case KV_AUDIENCE_PARENT_CARER:
      return who != KIOSK_RESPONDENT_YOUNG_PERSON;
    case KV_AUDIENCE_YOUNG_PERSON:
      return who != KIOSK_RESPONDENT_PARENT_CARER;
    case KV_AUDIENCE_KEYWORKER:
      return who == KIOSK_RESPONDENT_KEYWORKER;
    case KV_AUDIENCE_ANYONE:
    default:
      return TRUE;
    }
}

KvGoalSet *
kiosk_session_get_goal_set (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);

  if (self->child == NULL)
    return NULL;
  return kiosk_child_get_goal_set (self->child);
}

gboolean
kiosk_session_add_form (KioskSession *self,
                        KvForm       *form)
{
  SessionForm *entry;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form != NULL, FALSE);

  /* A review without goals would have nothing to rate. */
  if (kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) != NULL)
    {
      KvGoalSet *set = kiosk_session_get_goal_set (self);

      if (set == NULL || kv_goal_set_get_n_goals (set) == 0)
        return FALSE;
    }

  entry = g_new0 (SessionForm, 1);
  entry->form = kv_form_ref (form);
  entry->submission = kiosk_submission_new (kv_form_get_id (form),
                                            kv_form_get_version (form));
  entry->answers = json_object_new ();
  entry->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add (self->forms, entry);
  fill_respondent_items (self, entry);

  return TRUE;
}

void
kiosk_session_clear_forms (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_ptr_array_set_size (self->forms, 0);
}

guint
kiosk_session_get_n_forms (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), 0);
  return self->forms->len;
}

static SessionForm *
get_entry (KioskSession *self,
           guint         index)
{
  g_return_val_if_fail (index < self->forms->len, NULL);
  return g_ptr_array_index (self->forms, index);
}

KvForm *
kiosk_session_get_form (KioskSession *self,
                        guint         index)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  g_return_val_if_fail (index < self->forms->len, NULL);
  return get_entry (self, index)->form;
}

KioskSubmission *
kiosk_session_get_submission (KioskSession *self,
                              guint         index)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  g_return_val_if_fail (index < self->forms->len, NULL);
  return get_entry (self, index)->submission;
}

gboolean
kiosk_session_can_decline (KioskSession *self,
                           guint         form)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form < self->forms->len, FALSE);
  return kv_form_get_kind (get_entry (self, form)->form) == KV_FORM_KIND_EXPERIENCE;
}

void
kiosk_session_decline (KioskSession *self,
                       guint         form)
{
  SessionForm *entry;

  g_return_if_fail (kiosk_session_can_decline (self, form));

  /* Whatever was typed before declining goes at once: a declined form
   * must not leave answers behind in memory either. */
  entry = get_entry (self, form);
  entry->declined = TRUE;
  g_clear_pointer (&entry->answers, json_object_unref);
  entry->answers = json_object_new ();
  g_hash_table_remove_all (entry->skipped);
}

void
kiosk_session_undecline (KioskSession *self,
                         guint         form)
{
  SessionForm *entry;

  g_return_if_fail (kiosk_session_can_decline (self, form));
  entry = get_entry (self, form);
  entry->declined = FALSE;
  /* Declining dropped every answer, the one taken from who is answering
   * too; that one was never asked, so it comes back. */
  fill_respondent_items (self, entry);
}

gboolean
kiosk_session_is_declined (KioskSession *self,
                           guint         form)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form < self->forms->len, FALSE);
  return get_entry (self, form)->declined;
}

void
kiosk_session_mark_sent (KioskSession *self,
                         guint         form)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_return_if_fail (form < self->forms->len);
  get_entry (self, form)->sent = TRUE;
}

gboolean
kiosk_session_is_sent (KioskSession *self,
                       guint         form)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form < self->forms->len, FALSE);
  return get_entry (self, form)->sent;
}

const KvItem *
kiosk_session_get_step_item (KioskSession    *self,
                             const KioskStep *step)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  g_return_val_if_fail (step != NULL && step->form < self->forms->len, NULL);
  return kv_form_get_item (get_entry (self, step->form)->form, step->item);
}

const KvGoal *
kiosk_session_get_step_goal (KioskSession    *self,
                             const KioskStep *step)
{
  KvGoalSet *set;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);

  set = kiosk_session_get_goal_set (self);
  if (step->goal < 0 || set == NULL)
    return NULL;
  return kv_goal_set_get_goal (set, step->goal);
}

static guint
n_goals (KioskSession *self)
{
  KvGoalSet *set = kiosk_session_get_goal_set (self);

  return set != NULL ? kv_goal_set_get_n_goals (set) : 0;
}

/* The key of a step in a form's skipped set: the item id, and for a GAS
 * rating the goal's id too. */
static char *
step_key (KioskSession    *self,
          const KioskStep *step)
{
  const KvItem *item = kiosk_session_get_step_item (self, step);
  const KvGoal *goal = kiosk_session_get_step_goal (self, step);

  if (goal == NULL)
    return g_strdup (kv_item_get_id (item));
  return g_strdup_printf ("%s\x1f%s", kv_item_get_id (item), kv_goal_get_id (goal));
}

/* The same rule as kv_form_validate_answers(): an item is shown when its
 * condition holds and the item its condition names is itself shown, so a
 * chain of conditions collapses as soon as one link is hidden. */
static gboolean
item_is_shown (const KvForm *form,
               const KvItem *item,
               JsonObject   *answers)
{
  const char *condition_item;

  if (!kv_item_is_shown (item, answers))
    return FALSE;

  condition_item = kv_item_get_condition_item (item);
  if (condition_item == NULL)
    return TRUE;

  return item_is_shown (form, kv_form_lookup_item (form, condition_item), answers);
}

/* How many screens an item takes: none when hidden or answered from the
 * respondent, one per goal for a GAS rating, one otherwise. */
static guint
item_n_screens (KioskSession *self,
                SessionForm  *entry,
                const KvItem *item)
{
  if (kv_item_get_answer_from_respondent (item)
      || !item_is_shown (entry->form, item, entry->answers))
    return 0;
  if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
    return n_goals (self);
  return 1;
}

static gboolean
first_step_from (KioskSession *self,
                 guint         form,
                 guint         item,
                 KioskStep    *step)
{
  for (; form < self->forms->len; form++, item = 0)
    {
      SessionForm *entry = get_entry (self, form);

      if (entry->declined)
        continue;

      for (; item < kv_form_get_n_items (entry->form); item++)
        {
          const KvItem *it = kv_form_get_item (entry->form, item);

          if (item_n_screens (self, entry, it) == 0)
            continue;

          step->form = form;
          step->item = item;
          step->goal = kv_item_get_item_type (it) == KV_ITEM_GAS_RATING ? 0 : -1;
          return TRUE;
        }
    }

  return FALSE;
}

/* Looks backwards from just before (form, item), where @item may be one
 * past the end of its form. */
static gboolean
last_step_before (KioskSession *self,
                  guint         form,
                  guint         item,
                  KioskStep    *step)
{
  for (int f = form; f >= 0; f--)
    {
      SessionForm *entry = get_entry (self, f);
      int i = ((guint) f == form) ? (int) item - 1
                                  : (int) kv_form_get_n_items (entry->form) - 1;

      if (entry->declined)
        continue;

      for (; i >= 0; i--)
        {
          const KvItem *it = kv_form_get_item (entry->form, i);
          guint n = item_n_screens (self, entry, it);

          if (n == 0)
            continue;

          step->form = f;
          step->item = i;
          step->goal = kv_item_get_item_type (it) == KV_ITEM_GAS_RATING ? (int) n - 1 : -1;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
kiosk_session_first_step (KioskSession *self,
                          KioskStep    *step)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);
  return first_step_from (self, 0, 0, step);
}

gboolean
kiosk_session_last_step (KioskSession *self,
                         KioskStep    *step)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  if (self->forms->len == 0)
    return FALSE;
  return last_step_before (self, self->forms->len - 1,
                           kv_form_get_n_items (get_entry (self, self->forms->len - 1)->form),
                           step);
}

gboolean
kiosk_session_next_step (KioskSession *self,
                         KioskStep    *step)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step != NULL && step->form < self->forms->len, FALSE);

  if (step->goal >= 0 && (guint) step->goal + 1 < n_goals (self))
    {
      step->goal++;
      return TRUE;
    }

  return first_step_from (self, step->form, step->item + 1, step);
}

gboolean
kiosk_session_previous_step (KioskSession *self,
                             KioskStep    *step)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step != NULL && step->form < self->forms->len, FALSE);

  if (step->goal > 0)
    {
      step->goal--;
      return TRUE;
    }

  return last_step_before (self, step->form, step->item, step);
}

void
kiosk_session_get_progress (KioskSession    *self,
                            const KioskStep *step,
                            guint           *position,
                            guint           *total)
{
  SessionForm *entry;
  guint before = 0, all = 0;

  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_return_if_fail (step != NULL && step->form < self->forms->len);

  /* Only questions count: an information screen (a word about privacy,
   * or where to find help after a worrying answer) is not one, so the
   * count neither includes it nor jumps when it appears. */
  entry = get_entry (self, step->form);
  for (guint i = 0; i < kv_form_get_n_items (entry->form); i++)
    {
      const KvItem *item = kv_form_get_item (entry->form, i);
      guint n = kv_item_get_item_type (item) == KV_ITEM_INFO ? 0 : item_n_screens (self, entry, item);

      if (i < step->item)
        before += n;
      all += n;
    }

  if (position != NULL)
    *position = before + (kiosk_session_step_is_question (self, step)
                          ? (step->goal > 0 ? step->goal : 0) + 1 : 0);
  if (total != NULL)
    *total = all;
}

JsonNode *
kiosk_session_get_answer (KioskSession    *self,
                          const KioskStep *step)
{
  SessionForm *entry;
  const KvItem *item;
  const KvGoal *goal;
  JsonNode *node;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  g_return_val_if_fail (step != NULL && step->form < self->forms->len, NULL);

  entry = get_entry (self, step->form);
  item = kv_form_get_item (entry->form, step->item);
  node = json_object_get_member (entry->answers, kv_item_get_id (item));
  if (node == NULL || step->goal < 0)
    return node;

  goal = kiosk_session_get_step_goal (self, step);
  if (goal == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_member (json_node_get_object (node), kv_goal_get_id (goal));
}

void
kiosk_session_set_answer (KioskSession    *self,
                          const KioskStep *step,
                          JsonNode        *value)
{
  SessionForm *entry;
  const char *item_id;
  const KvGoal *goal;
  JsonNode *ratings;
  JsonObject *object;

  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_return_if_fail (step != NULL && step->form < self->forms->len);

  entry = get_entry (self, step->form);
  item_id = kv_item_get_id (kv_form_get_item (entry->form, step->item));

  /* Answering after all undoes a skip; clearing the answer does not mark
   * one (kiosk_session_skip_step () does). */
  if (value != NULL)
    {
      g_autofree char *key = step_key (self, step);
      g_hash_table_remove (entry->skipped, key);
    }

  if (step->goal < 0)
    {
      if (value != NULL)
        json_object_set_member (entry->answers, item_id, value);
      else
        json_object_remove_member (entry->answers, item_id);
      return;
    }

  goal = kiosk_session_get_step_goal (self, step);
  g_return_if_fail (goal != NULL);

  ratings = json_object_get_member (entry->answers, item_id);
  if (ratings == NULL || !JSON_NODE_HOLDS_OBJECT (ratings))
    {
      json_object_set_object_member (entry->answers, item_id, json_object_new ());
      ratings = json_object_get_member (entry->answers, item_id);
    }
  object = json_node_get_object (ratings);

  if (value != NULL)
    json_object_set_member (object, kv_goal_get_id (goal), value);
  else if (json_object_has_member (object, kv_goal_get_id (goal)))
    json_object_remove_member (object, kv_goal_get_id (goal));

  /* An empty rating object would read as "answered" to nobody; leave the
   * item unanswered instead. */
  if (json_object_get_size (object) == 0)
    json_object_remove_member (entry->answers, item_id);
}

static gboolean
node_has_answer (const KvItem *item,
                 JsonNode     *node)
{
  if (node == NULL)
    return FALSE;

  switch (kv_item_get_item_type (item))
    {
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
    case KV_ITEM_TEXT:
      return JSON_NODE_HOLDS_VALUE (node)
             && json_node_get_value_type (node) == G_TYPE_STRING
             && *json_node_get_string (node) != '\0';
    case KV_ITEM_MULTIPLE:
    case KV_ITEM_GAS_GOALS:
      return JSON_NODE_HOLDS_ARRAY (node)
             && json_array_get_length (json_node_get_array (node)) > 0;
    case KV_ITEM_GAS_RATING:
      return JSON_NODE_HOLDS_OBJECT (node)
             && json_object_get_size (json_node_get_object (node)) > 0;
    case KV_ITEM_NUMBER:
      return JSON_NODE_HOLDS_VALUE (node);
    case KV_ITEM_INFO:
    default:
      return FALSE;
    }
}

JsonNode *
kiosk_session_dup_answers (KioskSession *self,
                           guint         form)
{
  SessionForm *entry;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  g_return_val_if_fail (form < self->forms->len, NULL);

  entry = get_entry (self, form);
  for (guint i = 0; i < kv_form_get_n_items (entry->form); i++)
    {
      const KvItem *item = kv_form_get_item (entry->form, i);
      JsonNode *answer = json_object_get_member (entry->answers, kv_item_get_id (item));

      /* An answer given before the family went back and changed the one it
       * depended on belongs to a question that is no longer asked. */
      if (!node_has_answer (item, answer)
          || !item_is_shown (entry->form, item, entry->answers))
        continue;

      json_object_set_member (out, kv_item_get_id (item), json_node_copy (answer));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&out));
  return node;
}

void
kiosk_session_count_answers (KioskSession *self,
                             guint         form,
                             guint        *n_answered,
                             guint        *n_shown)
{
  SessionForm *entry;
  guint answered = 0, shown = 0;

  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_return_if_fail (form < self->forms->len);

  entry = get_entry (self, form);
  for (guint i = 0; i < kv_form_get_n_items (entry->form); i++)
    {
      const KvItem *item = kv_form_get_item (entry->form, i);
      JsonNode *answer;

      if (kv_item_get_item_type (item) == KV_ITEM_INFO
          || kv_item_get_answer_from_respondent (item)
          || !item_is_shown (entry->form, item, entry->answers))
        continue;

      answer = json_object_get_member (entry->answers, kv_item_get_id (item));
      if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
        {
          shown += n_goals (self);
          if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
            answered += json_object_get_size (json_node_get_object (answer));
          continue;
        }

      shown++;
      if (node_has_answer (item, answer))
        answered++;
    }

  if (n_answered != NULL)
    *n_answered = answered;
  if (n_shown != NULL)
    *n_shown = shown;
}

gboolean
kiosk_session_step_can_skip (KioskSession    *self,
                             const KioskStep *step)
{
  const KvItem *item;

  item = kiosk_session_get_step_item (self, step);
  g_return_val_if_fail (item != NULL, FALSE);

  if (kv_item_get_item_type (item) == KV_ITEM_INFO)
    return FALSE;
  if (!kv_item_get_required (item))
    return TRUE;

  /* Every goal may be skipped, the last one too: a review needs one
   * rating at least, and one without any is simply not sent
   * (kiosk_session_has_answers ()), so nobody is stuck on a goal they do
   * not want to rate. */
  return step->goal >= 0;
}

gboolean
kiosk_session_step_is_answered (KioskSession    *self,
                                const KioskStep *step)
{
  const KvItem *item;
  JsonNode *node;

  item = kiosk_session_get_step_item (self, step);
  g_return_val_if_fail (item != NULL, FALSE);

  if (kv_item_get_item_type (item) == KV_ITEM_INFO)
    return TRUE;

  node = kiosk_session_get_answer (self, step);
  if (step->goal >= 0)
    return node != NULL;

  if (!node_has_answer (item, node))
    return FALSE;

  switch (kv_item_get_item_type (item))
    {
    case KV_ITEM_MULTIPLE:
      return json_array_get_length (json_node_get_array (node))
             >= MAX (kv_item_get_min_choices (item), 1);
    case KV_ITEM_GAS_GOALS:
      {
        g_autoptr(KvGoalSet) set = kv_goal_set_new_from_json (node, NULL);
        return set != NULL;
      }
    default:
      return TRUE;
    }
}

gboolean
kiosk_session_step_is_question (KioskSession    *self,
                                const KioskStep *step)
{
  const KvItem *item = kiosk_session_get_step_item (self, step);

  g_return_val_if_fail (item != NULL, FALSE);
  return kv_item_get_item_type (item) != KV_ITEM_INFO;
}

void
kiosk_session_skip_step (KioskSession    *self,
                         const KioskStep *step)
{
  g_return_if_fail (kiosk_session_step_can_skip (self, step));

  kiosk_session_set_answer (self, step, NULL);
  g_hash_table_add (get_entry (self, step->form)->skipped, step_key (self, step));
}

KioskStepStatus
kiosk_session_get_step_status (KioskSession    *self,
                               const KioskStep *step)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), KIOSK_STEP_NOT_ANSWERED);
  g_return_val_if_fail (step != NULL && step->form < self->forms->len, KIOSK_STEP_NOT_ANSWERED);

  if (kiosk_session_step_is_answered (self, step))
    return KIOSK_STEP_ANSWERED;
  key = step_key (self, step);
  if (g_hash_table_contains (get_entry (self, step->form)->skipped, key))
    return KIOSK_STEP_SKIPPED;
  return KIOSK_STEP_NOT_ANSWERED;
}

gboolean
kiosk_session_step_is_shown (KioskSession    *self,
                             const KioskStep *step)
{
  SessionForm *entry;
  const KvItem *item;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  if (step->form >= self->forms->len)
    return FALSE;
  entry = get_entry (self, step->form);
  if (entry->declined || step->item >= kv_form_get_n_items (entry->form))
    return FALSE;
  item = kv_form_get_item (entry->form, step->item);
  if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING
      ? step->goal < 0 || (guint) step->goal >= n_goals (self)
      : step->goal != -1)
    return FALSE;
  return item_n_screens (self, entry, item) > 0;
}

GArray *
kiosk_session_list_questions (KioskSession *self,
                              guint         form)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (KioskStep));
  SessionForm *entry;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), steps);
  g_return_val_if_fail (form < self->forms->len, steps);

  entry = get_entry (self, form);
  if (entry->declined)
    return steps;

  for (guint i = 0; i < kv_form_get_n_items (entry->form); i++)
    {
      const KvItem *item = kv_form_get_item (entry->form, i);
      gboolean rating = kv_item_get_item_type (item) == KV_ITEM_GAS_RATING;
      guint n;

      if (kv_item_get_item_type (item) == KV_ITEM_INFO)
        continue;
      n = item_n_screens (self, entry, item);
      for (guint g = 0; g < n; g++)
        {
          KioskStep step = { form, i, rating ? (int) g : -1 };
          g_array_append_val (steps, step);
        }
    }

  return steps;
}

gboolean
kiosk_session_has_answers (KioskSession *self,
                           guint         form)
{
  g_autoptr(JsonNode) answers = NULL;

  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (form < self->forms->len, FALSE);

  /* An answer taken from who is answering was never given here. */
  answers = kiosk_session_dup_answers (self, form);
  {
    g_autoptr(GList) members = json_object_get_members (json_node_get_object (answers));
    const KvForm *kv_form = get_entry (self, form)->form;

    for (GList *l = members; l != NULL; l = l->next)
      {
        const KvItem *item = kv_form_lookup_item (kv_form, l->data);

        if (item == NULL || !kv_item_get_answer_from_respondent (item))
          return TRUE;
      }
  }
  return FALSE;
}
