/* agg-store-submissions.h — what an upload stores: submissions, the goal
 * sets gas-goals submissions make, offers, and the experience receipts and
 * responses (docs/api.md "POST /api/v1/submissions").
 *
 * Each table is written from one struct of its columns, so ingest and the
 * demo writer store a row the same way.  Strings in the structs are
 * borrowed.  An id stored before is AGG_ERROR_EXISTS, and nothing is
 * written.
 */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* One row of submissions. */
typedef struct
{
  const char *id;
  const char *content_hash;     /* agg_json_content_hash() of the item as sent */
  const char *form_id;
  int         form_version;
  const char *form_kind;        /* kv_form_kind_to_string() */
  gint64      child_id;
  const char *device_id;        /* the token id of the tablet that sent it */
  const char *respondent;
  const char *mode;
  const char *locale;
  gboolean    easy_read;
  const char *started_at;       /* RFC 3339, as sent */
  const char *completed_at;     /* RFC 3339, as sent */
  const char *completed_utc;    /* "YYYY-MM-DDTHH:MM:SSZ" */
  const char *completed_on;     /* the local date as sent, "YYYY-MM-DD" */
  gint64      goal_set_version; /* the set it makes or rates; 0 for none */
  const char *answers;          /* canonical JSON */
  const char *received_at;      /* "YYYY-MM-DDTHH:MM:SSZ" */
} AggStoredSubmission;

gboolean  agg_store_submission_insert     (AggDb                      *db,
                                           const AggStoredSubmission  *row,
                                           GError                    **error);
/* Sets *@content_hash to the hash stored under @id, whether a submission
 * or an experience receipt holds it, or to NULL when the id is new; and
 * *@goal_set_version to the goal set a gas-goals submission of that id
 * made (0 otherwise).  FALSE only when the database failed. */
gboolean  agg_store_submission_find       (AggDb                      *db,
                                           const char                 *id,
                                           char                      **content_hash,
                                           gint64                     *goal_set_version,
                                           GError                    **error);
/* The row id of the child with the normalized code @code if it is a child
 * of @service_id; 0 when there is no such child of that service (of
 * another or of none, the same answer); -1 with @error set. */
gint64    agg_store_submission_find_child (AggDb                      *db,
                                           const char                 *code,
                                           const char                 *service_id,
                                           GError                    **error);

/* Called by agg_store_submission_foreach() with a row whose id, form_id,
 * form_version, form_kind, child_id, goal_set_version and answers are set
 * (the rest NULL), valid during the call.  Returns FALSE with @error set
 * to stop. */
typedef gboolean (*AggStoredSubmissionFunc) (const AggStoredSubmission  *row,
                                             gpointer                    user_data,
                                             GError                    **error);
/* Calls @func for every submission, in storage order: scores do not
 * depend on the order, and sorting them all would cost a temporary
 * b-tree. */
gboolean  agg_store_submission_foreach    (AggDb                      *db,
                                           AggStoredSubmissionFunc     func,
                                           gpointer                    user_data,
                                           GError                    **error);

/* One row of goal_sets: the goals a gas-goals submission set. */
typedef struct
{
  gint64      child_id;
  gint64      version;
  const char *set_on;           /* the date of the submission, "YYYY-MM-DD" */
  const char *submission_id;
  const char *goals;            /* canonical JSON of the goal list */
  guint       n_goals;
} AggStoredGoalSet;

/* The version the child's next goal set gets (1 for the first); -1 with
 * @error set. */
gint64    agg_store_goal_set_next_version (AggDb                      *db,
                                           gint64                      child_id,
                                           GError                    **error);
gboolean  agg_store_goal_set_insert       (AggDb                      *db,
                                           const AggStoredGoalSet     *row,
                                           GError                    **error);
/* The goals (JSON) of goal set @version of child @child_id; NULL without
 * an error when there is no such goal set. */
char     *agg_store_goal_set_get_goals    (AggDb                      *db,
                                           gint64                      child_id,
                                           gint64                      version,
                                           GError                    **error);

/* One row of offers: the 7.3 ledger of families asked for feedback. */
typedef struct
{
  const char *id;
  const char *content_hash;
  gint64      child_id;
  const char *month;            /* "YYYY-MM" */
  const char *outcome;          /* "completed" or "declined" */
  const char *device_id;
  const char *received_at;
} AggStoredOffer;

gboolean  agg_store_offer_insert          (AggDb                      *db,
                                           const AggStoredOffer       *row,
                                           GError                    **error);
/* As agg_store_submission_find(), for offers. */
gboolean  agg_store_offer_find            (AggDb                      *db,
                                           const char                 *id,
                                           char                      **content_hash,
                                           GError                    **error);

/* An experience response, stored as two rows that say nothing about each
 * other: the receipt (the submission's id and hash, to tell a resent one)
 * and the response (service, month and answers).  Neither points at the
 * other, at the device, at a child or at the time. */
typedef struct
{
  const char   *submission_id;  /* the receipt */
  const char   *content_hash;
  const guint8 *key;            /* the response's 16-byte key, or NULL for a random one */
  const char   *service_id;     /* the response */
  const char   *month;          /* "YYYY-MM" */
  const char   *form_id;
  int           form_version;
  const char   *answers;        /* canonical JSON */
} AggStoredExperience;

#define AGG_STORED_EXPERIENCE_KEY_SIZE 16

gboolean  agg_store_experience_insert     (AggDb                      *db,
                                           const AggStoredExperience  *row,
                                           GError                    **error);

G_END_DECLS
