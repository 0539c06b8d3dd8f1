/* agg-ingest.c — validating and storing submissions and offers.
 *
 * Each item is checked completely before anything of it is written, so a
 * rejected item leaves no trace; a database failure rolls back the whole
 * batch and the client sends it again.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kv-child-code.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-ingest-sealed.h"
#include "agg-json.h"
#include "kv-answers.h"

#define MAX_FORM_ID_LENGTH   64
#define MAX_LOCALE_LENGTH    35
#define MAX_TIME_LENGTH      40

typedef enum
{
  STATUS_FAILED = -1,   /* the database failed: abandon the batch */
  STATUS_STORED,
  STATUS_DUPLICATE,
  STATUS_CONFLICT,
  STATUS_REJECTED,
} Status;

static const char * const status_names[] = { "stored", "duplicate", "conflict", "rejected" };

/* The members docs/api.md defines; any other is refused, so that nothing
 * the aggregator does not read travels with a family's answers. */
static const char * const envelope_members[] = { "submissions", "offers", NULL };
static const char * const submission_members[] = {
  "id", "form", "form_version", "goal_set", "child", "respondent", "mode", "locale",
  "easy_read", "started_at", "completed_at", "answers", "sealed", NULL
};
static const char * const offer_members[] = { "id", "child", "outcome", "month", NULL };
/* sealed_version 2: in clear only what routing needs; every other member
 * of a submission is inside the box, beside the answers. */
static const char * const sealed_clear_members[] = {
  "id", "form", "form_version", "month", "sealed_version", "sealed", NULL
};
static const char * const sealed_box_members[] = {
  "goal_set", "child", "respondent", "mode", "locale", "easy_read", "started_at",
  "completed_at", "answers", NULL
};
/* An offer of sealed_version 2: the month in clear, the child and the
 * outcome in the box. */
static const char * const sealed_offer_clear_members[] = {
  "id", "month", "sealed_version", "sealed", NULL
};
static const char * const sealed_offer_box_members[] = { "child", "outcome", NULL };

typedef struct
{
  AggDb              *db;
  AggFormRegistry    *forms;
  AggSealedBoxes     *boxes;      /* the batch's, opened before it is written */
  const AggPrincipal *device;
  char               *received_at;
  AggRateLimiter     *guesses;    /* or NULL */
} Ingest;

/* One item's outcome, as the reply will carry it. */
typedef struct
{
  char  *id;        /* as sent, when it was a short string; else NULL */
  char  *reason;    /* for rejected and conflict */
  gint64 goal_set;  /* the version a gas-goals submission made, or 0 */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->id, g_free);
  g_clear_pointer (&outcome->reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static Status G_GNUC_PRINTF (2, 3)
reject (Outcome    *outcome,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_free (outcome->reason);
  outcome->reason = g_strdup_vprintf (format, args);
  va_end (args);
  return STATUS_REJECTED;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* A required string member of at most @max_length characters. */
static const char *
get_string (JsonObject  *object,
            const char  *name,
            gsize        max_length,
            Outcome     *outcome)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL)
    {
      reject (outcome, _("“%s” is missing"), name);
      return NULL;
    }
  if (!is_string (node))
    {
      reject (outcome, _("“%s” must be a string"), name);
      return NULL;
    }
  value = json_node_get_string (node);
  if (*value == '\0')
    {
      reject (outcome, _("“%s” is empty"), name);
      return NULL;
    }
  if (g_utf8_strlen (value, -1) > (glong) max_length)
    {
      reject (outcome, _("“%s” is longer than %zu characters"), name, max_length);
      return NULL;
    }
  return value;
}

static gboolean
is_one_of (const char         *value,
           const char * const *allowed)
{
  return g_strv_contains (allowed, value);
}

static gboolean
is_locale (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-.@", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* RFC 3339 date-time with a time zone, as the tablet's clock gave it.
 * GLib's ISO 8601 parser accepts more (week dates, no seconds, an offset
 * of +24:00…), so the shape is checked first. */
static GDateTime *
parse_time (const char *value)
{
  static GRegex *shape = NULL;

  if (g_once_init_enter (&shape))
    g_once_init_leave (&shape,
                       g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}"
                                    "(\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (shape, value, 0, NULL))
    return NULL;
  return g_date_time_new_from_iso8601 (value, NULL);
}

/* 2000-01-01T00:00:00Z: no tablet answered before then, and offers'
 * months are held to the same year. */
#define EARLIEST_TIME G_GINT64_CONSTANT (946684800)
/* How far a tablet's clock may run ahead of the aggregator's.  A time
 * later than that would make the child look as if they had answered for
 * the days to come (GET /api/v1/children) and could not be turned into
 * UTC at all near the year 9999. */
#define MAX_CLOCK_AHEAD (24 * 60 * 60)

/* Reads the time member @name, which must be a plausible time of the
 * tablet's clock: between 2000 and one day after the aggregator's clock.
 * The result can always be turned into UTC. */
static GDateTime *
read_time (JsonObject  *object,
           const char  *name,
           const char **value,
           Outcome     *outcome)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 seconds;

  *value = get_string (object, name, MAX_TIME_LENGTH, outcome);
  if (*value == NULL)
    return NULL;
  time = parse_time (*value);
  if (time == NULL)
    {
      reject (outcome, _("“%s” must be an RFC 3339 date and time with a time zone"), name);
      return NULL;
    }
  /* The instant is worked out from the time as sent, without converting
   * it, so this holds even where UTC would fall outside the years 1 to
   * 9999 that GDateTime can represent. */
  seconds = g_date_time_to_unix (time);
  if (seconds < EARLIEST_TIME || g_date_time_get_year (time) < 2000)
    {
      reject (outcome, _("“%s” is before the year 2000"), name);
      return NULL;
    }
  if (seconds > g_get_real_time () / G_USEC_PER_SEC + MAX_CLOCK_AHEAD)
    {
      reject (outcome, _("“%s” is more than a day later than the aggregator’s clock"), name);
      return NULL;
    }
  return g_steal_pointer (&time);
}

static gboolean
is_month (const char *value)
{
  guint year, month;

  if (strlen (value) != 7 || value[4] != '-')
    return FALSE;
  for (guint i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (value[i]))
      return FALSE;
  year = g_ascii_strtoull (value, NULL, 10);
  month = g_ascii_strtoull (value + 5, NULL, 10);
  return year >= 2000 && month >= 1 && month <= 12;
}

/* Reads the item's id.  The reply echoes it when it is a short string,
 * whatever it holds, so the client can match the answer to its item. */
static const char *
get_id (JsonObject *object,
        Outcome    *outcome)
{
  JsonNode *node = json_object_get_member (object, "id");
  const char *id;

  if (is_string (node) && strlen (json_node_get_string (node)) <= 64 &&
      g_utf8_validate (json_node_get_string (node), -1, NULL))
    outcome->id = g_strdup (json_node_get_string (node));

  id = get_string (object, "id", 64, outcome);
  if (id == NULL)
    return NULL;
  if (!g_uuid_string_is_valid (id))
    {
      reject (outcome, _("“id” must be a UUID"));
      return NULL;
    }
  return id;
}

/* Compares the item's content with @stored, the hash stored under its id
 * (NULL if the id is new).  Returns STATUS_STORED when the id is new, to
 * mean "go on". */
static Status
check_existing (const char *stored,
                const char *hash,
                Outcome    *outcome)
{
  if (stored == NULL)
    return STATUS_STORED;
  if (g_strcmp0 (stored, hash) == 0)
    return STATUS_DUPLICATE;
  outcome->reason = g_strdup (_("an item with this id was stored before with other content"));
  return STATUS_CONFLICT;
}

/* Rejects an item for its child code.  The reason tells an unknown code
 * from a known one, so each such answer costs the device one child-code
 * lookup (agg_ingest_batch()); when it has none left, the whole batch is
 * refused instead.  Returns 0, or -1 with @error set. */
static gint64
reject_child (Ingest   *ingest,
              Outcome  *outcome,
              GError  **error)
{
  if (ingest->guesses != NULL &&
      !agg_rate_limiter_charge (ingest->guesses, ingest->device->token_id,
                                g_get_monotonic_time ()))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_RATE_LIMITED,
                           _("too many child lookups or unknown child codes; wait and try again"));
      return -1;
    }
  reject (outcome, _("“child” is not a known child code of this service"));
  return 0;
}

/* Finds a child of the device's own service.  An unknown code, a code with
 * a wrong check character and another service's code are the same
 * rejection, so an upload cannot probe for codes.  Returns 0 when
 * rejected, -1 on a database failure or when the device has guessed too
 * often. */
static gint64
find_child (Ingest      *ingest,
            const char  *code,
            Outcome     *outcome,
            GError     **error)
{
  g_autofree char *normal = kv_child_code_normalize (code);
  gint64 child_id;

  if (normal == NULL)
    return reject_child (ingest, outcome, error);
  child_id = agg_store_submission_find_child (ingest->db, normal, ingest->device->service_id,
                                              error);
  if (child_id == 0)
    return reject_child (ingest, outcome, error);
  return child_id;
}

/* Everything read from one submission before it is written. */
typedef struct
{
  const char *id;
  char       *hash;
  KvForm     *form;          /* borrowed from the registry */
  const char *respondent;
  const char *mode;
  const char *locale;
  gboolean    easy_read;
  const char *started_at;
  const char *completed_at;
  char       *completed_utc;
  char       *completed_on;
  const char *month;         /* in clear beside a sealed_version 2 box */
  gint64      child_id;      /* 0 for experience feedback */
  gint64      goal_set_version;
  JsonNode   *answers;
  KvGoalSet  *goal_set;
} Submission;

static void
submission_clear (Submission *submission)
{
  g_clear_pointer (&submission->hash, g_free);
  g_clear_pointer (&submission->completed_utc, g_free);
  g_clear_pointer (&submission->completed_on, g_free);
  g_clear_pointer (&submission->answers, json_node_unref);
  g_clear_pointer (&submission->goal_set, kv_goal_set_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Submission, submission_clear)

static Status
read_answers (Ingest     *ingest,
              JsonObject *object,
              Submission *submission,
              Outcome    *outcome)
{
  JsonNode *answers = json_object_get_member (object, "answers");
  JsonNode *sealed = json_object_get_member (object, "sealed");
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  if (!is_null (answers) && !is_null (sealed))
    return reject (outcome, _("give either “answers” or “sealed”, not both"));
  if (!is_null (answers))
    {
      submission->answers = json_node_ref (answers);
      return STATUS_STORED;
    }
  if (is_null (sealed))
    return reject (outcome, _("“answers” (or “sealed”) is missing"));
  /* The older shape: a box of the answers alone. */
  opened = agg_ingest_open_sealed (ingest->boxes, sealed, &local_error);
  if (opened == NULL)
    return reject (outcome, "%s", local_error->message);
  data = g_bytes_get_data (opened, &length);
  submission->answers = agg_json_parse (data, length, &local_error);
  if (submission->answers == NULL)
    return reject (outcome, _("the sealed answers are not valid JSON (%s)"),
                   local_error->message);
  return STATUS_STORED;
}

/* Opens a sealed_version 2 box into @fields, after checking the members
 * in clear; for any other submission, @fields is left NULL and the members
 * are checked as they are. */
static Status
open_sealed_members (Ingest      *ingest,
                     JsonObject  *object,
                     Submission  *submission,
                     JsonObject **fields,
                     Outcome     *outcome)
{
  JsonNode *version = json_object_get_member (object, "sealed_version");
  g_autoptr(GError) local_error = NULL;

  if (version == NULL)
    {
      if (!agg_json_check_members (object, submission_members, _("the submission"),
                                   &local_error))
        return reject (outcome, "%s", local_error->message);
      return STATUS_STORED;
    }
  *fields = agg_ingest_open_sealed_item (ingest->boxes, object, sealed_clear_members,
                                         _("a submission of sealed_version 2"),
                                         sealed_box_members, &local_error);
  if (*fields == NULL)
    return reject (outcome, "%s", local_error->message);
  submission->month = get_string (object, "month", 7, outcome);
  if (submission->month == NULL)
    return STATUS_REJECTED;
  if (!is_month (submission->month))
    return reject (outcome, _("“month” must be a month written YYYY-MM"));
  return STATUS_STORED;
}

/* Reads a submission: id, form and form version from @object as sent,
 * everything else from @fields (the same object, or the members inside a
 * sealed_version 2 box). */
static Status
read_submission (Ingest     *ingest,
                 JsonObject *object,
                 JsonObject *fields,
                 Submission *submission,
                 Outcome    *outcome,
                 GError    **error)
{
  static const char * const respondents[] = {
    "young-person", "parent-carer", "both", "someone-helping", "keyworker", NULL
  };
  static const char * const modes[] = { "self", "assisted", "proxy", NULL };
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) completed = NULL;
  g_autoptr(GDateTime) completed_utc = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *version_node;
  JsonNode *easy_read;
  JsonNode *child;
  JsonNode *goal_set;
  KvFormKind kind;
  const char *form_id;
  Status status;

  form_id = get_string (object, "form", MAX_FORM_ID_LENGTH, outcome);
  if (form_id == NULL)
    return STATUS_REJECTED;
  version_node = json_object_get_member (object, "form_version");
  if (!is_integer (version_node) || json_node_get_int (version_node) < 1 ||
      json_node_get_int (version_node) > G_MAXINT)
    return reject (outcome, _("“form_version” must be a positive integer"));
  submission->form = agg_form_registry_lookup (ingest->forms, form_id,
                                               json_node_get_int (version_node));
  if (submission->form == NULL)
    {
      if (agg_form_registry_lookup_latest (ingest->forms, form_id) != NULL)
        return reject (outcome, _("form “%s” has no version %" G_GINT64_FORMAT " here"),
                       form_id, json_node_get_int (version_node));
      return reject (outcome, _("there is no form with that id"));
    }
  kind = kv_form_get_kind (submission->form);

  submission->respondent = get_string (fields, "respondent", 32, outcome);
  if (submission->respondent == NULL)
    return STATUS_REJECTED;
  if (!is_one_of (submission->respondent, respondents))
    return reject (outcome, _("“respondent” must be young-person, parent-carer, both, "
                              "someone-helping or keyworker"));
  submission->mode = get_string (fields, "mode", 32, outcome);
  if (submission->mode == NULL)
    return STATUS_REJECTED;
  if (!is_one_of (submission->mode, modes))
    return reject (outcome, _("“mode” must be self, assisted or proxy"));
  submission->locale = get_string (fields, "locale", MAX_LOCALE_LENGTH, outcome);
  if (submission->locale == NULL)
    return STATUS_REJECTED;
  if (!is_locale (submission->locale))
    return reject (outcome, _("“locale” must look like en_GB"));
  easy_read = json_object_get_member (fields, "easy_read");
  if (easy_read == NULL || !JSON_NODE_HOLDS_VALUE (easy_read) ||
      json_node_get_value_type (easy_read) != G_TYPE_BOOLEAN)
    return reject (outcome, _("“easy_read” must be true or false"));
  submission->easy_read = json_node_get_boolean (easy_read);

  started = read_time (fields, "started_at", &submission->started_at, outcome);
  if (started == NULL)
    return STATUS_REJECTED;
  completed = read_time (fields, "completed_at", &submission->completed_at, outcome);
  if (completed == NULL)
    return STATUS_REJECTED;
  completed_utc = g_date_time_to_utc (completed);
  g_assert (completed_utc != NULL);
  submission->completed_utc = g_date_time_format (completed_utc, "%Y-%m-%dT%H:%M:%SZ");
  /* The date the family saw on the tablet: the local date as sent. */
  submission->completed_on = g_strndup (submission->completed_at, 10);
  if (submission->month != NULL && strncmp (submission->month, submission->completed_on, 7) != 0)
    return reject (outcome, _("“month” must be the month of “completed_at”"));

  child = json_object_get_member (fields, "child");
  if (kind == KV_FORM_KIND_EXPERIENCE)
    {
      /* Experience feedback is independent of the child (standard 7.3):
       * the child's part is the offer, never the answers. */
      if (!is_null (child))
        return reject (outcome, _("experience feedback must not name a child (“child” must be "
                                  "null); record the child’s part as an offer"));
    }
  else
    {
      const char *code;

      if (is_null (child))
        return reject (outcome, _("“child” is missing: form “%s” is about a child"),
                       kv_form_get_id (submission->form));
      code = get_string (fields, "child", 32, outcome);
      if (code == NULL)
        return STATUS_REJECTED;
      submission->child_id = find_child (ingest, code, outcome, error);
      if (submission->child_id < 0)
        return STATUS_FAILED;
      if (submission->child_id == 0)
        return STATUS_REJECTED;
    }

  status = read_answers (ingest, fields, submission, outcome);
  if (status != STATUS_STORED)
    return status;

  goal_set = json_object_get_member (fields, "goal_set");
  if (kind == KV_FORM_KIND_GAS_REVIEW)
    {
      if (!is_integer (goal_set) || json_node_get_int (goal_set) < 1)
        return reject (outcome, _("“goal_set” must be the positive version number of the goal "
                                  "set this review rates"));
      submission->goal_set_version = json_node_get_int (goal_set);
      submission->goal_set = agg_scores_load_goal_set (ingest->db, submission->child_id,
                                                       submission->goal_set_version, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return STATUS_FAILED;
        }
      if (submission->goal_set == NULL)
        return reject (outcome, _("goal set %" G_GINT64_FORMAT " does not exist for this child"),
                       submission->goal_set_version);
    }
  else if (!is_null (goal_set))
    {
      return reject (outcome, _("“goal_set” belongs only on a gas-review submission"));
    }

  if (!kv_form_validate_answers (submission->form, submission->answers, submission->goal_set,
                                 NULL, &local_error))
    return reject (outcome, "%s", local_error->message);

  if (kind == KV_FORM_KIND_GAS_GOALS)
    {
      submission->goal_set = agg_scores_goal_set_from_answers (submission->form,
                                                               submission->answers, &local_error);
      if (submission->goal_set == NULL)
        return reject (outcome, "%s", local_error->message);
    }
  return STATUS_STORED;
}

static gboolean
store_experience (Ingest      *ingest,
                  Submission  *submission,
                  GError     **error)
{
  g_autofree char *answers = agg_json_canonical (submission->answers);
  g_autofree char *month = g_strndup (submission->completed_on, 7);
  /* Only the month is kept of any time the tablet sent (it is the same
   * month as the one in clear beside a sealed_version 2 box), and nothing
   * of the device or the child: the receipt and the response are two
   * unlinked rows (agg-store-submissions.h). */
  AggStoredExperience row = {
    .submission_id = submission->id,
    .content_hash = submission->hash,
    .service_id = ingest->device->service_id,
    .month = month,
    .form_id = kv_form_get_id (submission->form),
    .form_version = kv_form_get_version (submission->form),
    .answers = answers,
  };

  return agg_store_experience_insert (ingest->db, &row, error);
}

gboolean
agg_ingest_store_submission (AggDb                      *db,
                             const AggStoredSubmission  *row,
                             const KvForm               *form,
                             JsonNode                   *answers,
                             const KvGoalSet            *goal_set,
                             const AggScore             *score,
                             gint64                     *made_goal_set,
                             GError                    **error)
{
  g_autofree char *canonical = NULL;
  AggStoredSubmission stored;
  KvFormKind kind;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL && form != NULL && answers != NULL, FALSE);

  kind = kv_form_get_kind (form);
  g_return_val_if_fail (kind != KV_FORM_KIND_GAS_GOALS || goal_set != NULL, FALSE);

  stored = *row;
  canonical = agg_json_canonical (answers);
  stored.form_id = kv_form_get_id (form);
  stored.form_version = kv_form_get_version (form);
  stored.form_kind = kv_form_kind_to_string (kind);
  stored.answers = canonical;
  if (made_goal_set != NULL)
    *made_goal_set = 0;

  if (kind == KV_FORM_KIND_GAS_GOALS)
    {
      stored.goal_set_version = agg_store_goal_set_next_version (db, row->child_id, error);
      if (stored.goal_set_version < 0)
        return FALSE;
    }
  if (!agg_store_submission_insert (db, &stored, error))
    return FALSE;

  if (kind == KV_FORM_KIND_GAS_GOALS)
    {
      const KvItem *item = kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS);
      JsonNode *goals = json_object_get_member (json_node_get_object (answers),
                                                kv_item_get_id (item));
      g_autofree char *goals_json = agg_json_canonical (goals);
      AggStoredGoalSet set = {
        .child_id = row->child_id,
        .version = stored.goal_set_version,
        .set_on = row->completed_on,
        .submission_id = row->id,
        .goals = goals_json,
        .n_goals = kv_goal_set_get_n_goals (goal_set),
      };

      if (!agg_store_goal_set_insert (db, &set, error))
        return FALSE;
      if (made_goal_set != NULL)
        *made_goal_set = stored.goal_set_version;
    }

  return score == NULL || agg_store_score_insert (db, row->id, score, error);
}

static Status
process_submission (Ingest    *ingest,
                    guint      index,
                    JsonNode  *node,
                    Outcome   *outcome,
                    GError   **error)
{
  g_auto(Submission) submission = { 0 };
  g_auto(AggScore) score = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *stored = NULL;
  gint64 stored_goal_set = 0;
  AggStoredSubmission row;
  gboolean has_score = FALSE;
  JsonObject *object;
  Status status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reject (outcome, _("submission %u is not an object"), index);
  object = json_node_get_object (node);

  submission.id = get_id (object, outcome);
  if (submission.id == NULL)
    return STATUS_REJECTED;
  submission.hash = agg_json_content_hash (node);
  if (!agg_store_submission_find (ingest->db, submission.id, &stored, &stored_goal_set, error))
    return STATUS_FAILED;
  status = check_existing (stored, submission.hash, outcome);
  /* A resent gas-goals submission names its goal set again, so a tablet
   * whose first reply was lost still learns the version. */
  if (status == STATUS_DUPLICATE)
    outcome->goal_set = stored_goal_set;
  if (status != STATUS_STORED)
    return status;
  status = open_sealed_members (ingest, object, &submission, &fields, outcome);
  if (status != STATUS_STORED)
    return status;

  status = read_submission (ingest, object, fields != NULL ? fields : object, &submission,
                            outcome, error);
  if (status != STATUS_STORED)
    return status;

  if (kv_form_get_kind (submission.form) == KV_FORM_KIND_EXPERIENCE)
    return store_experience (ingest, &submission, error) ? STATUS_STORED : STATUS_FAILED;

  if (!agg_score_derive (submission.form, submission.answers, submission.goal_set,
                         &score, &has_score, &local_error))
    return reject (outcome, "%s", local_error->message);

  row = (AggStoredSubmission) {
    .id = submission.id,
    .content_hash = submission.hash,
    .child_id = submission.child_id,
    .device_id = ingest->device->token_id,
    .respondent = submission.respondent,
    .mode = submission.mode,
    .locale = submission.locale,
    .easy_read = submission.easy_read,
    .started_at = submission.started_at,
    .completed_at = submission.completed_at,
    .completed_utc = submission.completed_utc,
    .completed_on = submission.completed_on,
    .goal_set_version = submission.goal_set_version,
    .received_at = ingest->received_at,
  };
  if (!agg_ingest_store_submission (ingest->db, &row, submission.form, submission.answers,
                                    submission.goal_set, has_score ? &score : NULL,
                                    &outcome->goal_set, error))
    return STATUS_FAILED;
  return STATUS_STORED;
}

/* Checks an offer's members in clear and, for sealed_version 2, opens its
 * box into @box (the child and the outcome); an offer in clear leaves
 * @box NULL. */
static Status
open_sealed_offer (Ingest      *ingest,
                   JsonObject  *object,
                   JsonObject **box,
                   Outcome     *outcome)
{
  JsonNode *version = json_object_get_member (object, "sealed_version");
  g_autoptr(GError) local_error = NULL;

  if (version == NULL)
    {
      if (!agg_json_check_members (object, offer_members, _("the offer"), &local_error))
        return reject (outcome, "%s", local_error->message);
      return STATUS_STORED;
    }
  *box = agg_ingest_open_sealed_item (ingest->boxes, object, sealed_offer_clear_members,
                                      _("an offer of sealed_version 2"),
                                      sealed_offer_box_members, &local_error);
  if (*box == NULL)
    return reject (outcome, "%s", local_error->message);
  return STATUS_STORED;
}

static Status
process_offer (Ingest    *ingest,
               guint      index,
               JsonNode  *node,
               Outcome   *outcome,
               GError   **error)
{
  static const char * const outcomes[] = { "completed", "declined", NULL };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(JsonObject) box = NULL;
  AggStoredOffer row;
  JsonObject *object;
  JsonObject *fields;
  const char *id;
  const char *code;
  const char *result;
  const char *month;
  gint64 child_id;
  Status status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reject (outcome, _("offer %u is not an object"), index);
  object = json_node_get_object (node);

  id = get_id (object, outcome);
  if (id == NULL)
    return STATUS_REJECTED;
  hash = agg_json_content_hash (node);
  if (!agg_store_offer_find (ingest->db, id, &stored, error))
    return STATUS_FAILED;
  status = check_existing (stored, hash, outcome);
  if (status != STATUS_STORED)
    return status;
  status = open_sealed_offer (ingest, object, &box, outcome);
  if (status != STATUS_STORED)
    return status;
  fields = box != NULL ? box : object;

  if (is_null (json_object_get_member (fields, "child")))
    return reject (outcome, _("“child” is missing: an offer records that a child’s family was asked"));
  code = get_string (fields, "child", 32, outcome);
  if (code == NULL)
    return STATUS_REJECTED;
  result = get_string (fields, "outcome", 32, outcome);
  if (result == NULL)
    return STATUS_REJECTED;
  if (!is_one_of (result, outcomes))
    return reject (outcome, _("“outcome” must be completed or declined"));
  month = get_string (object, "month", 7, outcome);
  if (month == NULL)
    return STATUS_REJECTED;
  if (!is_month (month))
    return reject (outcome, _("“month” must be a month written YYYY-MM"));

  child_id = find_child (ingest, code, outcome, error);
  if (child_id < 0)
    return STATUS_FAILED;
  if (child_id == 0)
    return STATUS_REJECTED;

  row = (AggStoredOffer) {
    .id = id,
    .content_hash = hash,
    .child_id = child_id,
    .month = month,
    .outcome = result,
    .device_id = ingest->device->token_id,
    .received_at = ingest->received_at,
  };
  return agg_store_offer_insert (ingest->db, &row, error) ? STATUS_STORED : STATUS_FAILED;
}

/* Reads "submissions" or "offers": absent is an empty list. */
static JsonArray *
get_list (JsonObject  *body,
          const char  *name,
          GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);
  JsonArray *array;

  if (is_null (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, _("“%s” must be an array"), name);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > AGG_INGEST_MAX_ITEMS)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_TOO_LARGE,
                   _("“%s” holds %u items; send at most %d in one batch"), name,
                   json_array_get_length (array), AGG_INGEST_MAX_ITEMS);
      return NULL;
    }
  return array;
}

typedef Status (*ProcessFunc) (Ingest *, guint, JsonNode *, Outcome *, GError **);

static gboolean
process_list (Ingest       *ingest,
              JsonArray    *array,
              ProcessFunc   process,
              JsonBuilder  *reply,
              GError      **error)
{
  json_builder_begin_array (reply);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_auto(Outcome) outcome = { 0 };
      Status status = process (ingest, i, json_array_get_element (array, i), &outcome, error);

      if (status == STATUS_FAILED)
        return FALSE;

      json_builder_begin_object (reply);
      json_builder_set_member_name (reply, "id");
      if (outcome.id != NULL)
        json_builder_add_string_value (reply, outcome.id);
      else
        json_builder_add_null_value (reply);
      if (outcome.id == NULL)
        {
          /* Without a usable id, the place in the list is the only way to
           * say which item this is. */
          json_builder_set_member_name (reply, "index");
          json_builder_add_int_value (reply, i);
        }
      json_builder_set_member_name (reply, "status");
      json_builder_add_string_value (reply, status_names[status]);
      if (outcome.goal_set > 0)
        {
          json_builder_set_member_name (reply, "goal_set");
          json_builder_add_int_value (reply, outcome.goal_set);
        }
      if (outcome.reason != NULL)
        {
          json_builder_set_member_name (reply, "reason");
          json_builder_add_string_value (reply, outcome.reason);
        }
      json_builder_end_object (reply);
    }
  json_builder_end_array (reply);
  return TRUE;
}

JsonNode *
agg_ingest_batch (AggDb               *db,
                  AggFormRegistry     *forms,
                  AggKeys             *keys,
                  const AggPrincipal  *device,
                  AggRateLimiter      *guesses,
                  JsonNode            *body,
                  GError             **error)
{
  g_autoptr(JsonBuilder) reply = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *received_at = agg_db_timestamp_now ();
  g_autoptr(AggSealedBoxes) boxes = NULL;
  Ingest ingest = { db, forms, NULL, device, received_at, guesses };
  JsonArray *submissions;
  JsonArray *offers;
  JsonObject *object;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), NULL);
  g_return_val_if_fail (AGG_IS_KEYS (keys), NULL);
  g_return_val_if_fail (device != NULL && device->role == AGG_ROLE_DEVICE, NULL);
  g_return_val_if_fail (device->service_id != NULL, NULL);

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("the body must be an object {\"submissions\": […], \"offers\": […]}"));
      return NULL;
    }
  object = json_node_get_object (body);
  if (!agg_json_check_members (object, envelope_members, _("the body"), error))
    return NULL;
  submissions = get_list (object, "submissions", &local_error);
  if (local_error == NULL)
    offers = get_list (object, "offers", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A device that has no guess left is refused before any code is read:
   * otherwise "stored" for a real code against 429 for an unknown one would
   * go on answering guesses for free. */
  if (guesses != NULL &&
      !agg_rate_limiter_can_take (guesses, device->token_id, g_get_monotonic_time ()))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_RATE_LIMITED,
                           _("too many child lookups or unknown child codes; wait and try again"));
      return NULL;
    }

  /* Every box at once, on every core, and outside the transaction: one
   * X25519 operation each is most of what a sealed item costs. */
  boxes = agg_sealed_boxes_new (keys);
  agg_sealed_boxes_open_all (boxes, submissions, offers);
  ingest.boxes = boxes;

  if (!agg_db_begin (db, error))
    return NULL;

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "submissions");
  if (!process_list (&ingest, submissions, process_submission, reply, error))
    goto failed;
  json_builder_set_member_name (reply, "offers");
  if (!process_list (&ingest, offers, process_offer, reply, error))
    goto failed;
  json_builder_end_object (reply);

  /* synchronous=FULL: once COMMIT returns, the batch is on disk.  Only
   * then does the caller see a reply to send. */
  if (!agg_db_commit (db, error))
    return NULL;
  return json_builder_get_root (reply);

failed:
  agg_db_rollback (db);
  return NULL;
}
