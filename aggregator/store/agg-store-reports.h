/* agg-store-reports.h — what the reports read from the database
 * (docs/reports.md), as rows of plain C values.
 *
 * Every statement is a named query of agg-store.sql ("report-…") and only
 * reads; the service, the dates and every other value are bound as
 * parameters.  Nothing here decides what a report shows: report/ takes the
 * rows and does the arithmetic, the windows and the suppression.  A
 * service id of NULL is every service; a date or month of NULL leaves that
 * end of the window open.
 *
 * The functions that walk many rows call @func once per row, in the
 * query's order; a row's strings live until @func returns.  @func returns
 * FALSE with its @error set to stop the walk, and the walk then fails
 * with that error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* agg-db.h's AggDb, without SQLite's header. */
typedef struct _AggDb AggDb;

/* Opens a read transaction unless @db is in one already, so that every
 * query of one report sees the same snapshot while the server goes on
 * storing uploads (WAL lets it).  *@began says whether this call opened
 * it; pass it to agg_store_reports_end_read(). */
gboolean    agg_store_reports_begin_read        (AggDb        *db,
                                                 gboolean     *began,
                                                 GError      **error);
/* Ends the read transaction agg_store_reports_begin_read() opened (nothing
 * was written: it is rolled back); does nothing when @began is FALSE. */
void        agg_store_reports_end_read          (AggDb        *db,
                                                 gboolean      began);

/* Service id → name (both owned), for the pages. */
GHashTable *agg_store_reports_service_names     (AggDb        *db,
                                                 GError      **error);
/* The ids of the services, sorted: every one, or just @service_id. */
GStrv       agg_store_reports_service_ids       (AggDb        *db,
                                                 const char   *service_id,
                                                 GError      **error);

/* One score of one submission, as the change report reads it. */
typedef struct
{
  const char *code;
  const char *service_id;
  const char *service_name;
  const char *age_band;
  const char *dsr;            /* in force on @to (the latest if NULL); "unrated" if none */
  const char *measure;
  const char *kind;
  const char *respondent;
  const char *date;           /* a GAS baseline's is its goal set's */
  gboolean    scored;
  double      score;          /* as stored, not rounded; valid when scored */
  guint       k;
  guint       n;
  gboolean    has_pct_expected;
  double      pct_expected;
  const char *status;
  guint       goal_set;       /* 0 when the submission has none */
} AggStoreChangePoint;

typedef gboolean (*AggStoreChangePointFunc) (const AggStoreChangePoint  *point,
                                             gpointer                    user_data,
                                             GError                    **error);

/* Every score of every child of @service_id dated on or before @to, by
 * service, child, date and the order the submissions were completed.  The
 * start of the window is not applied: a GAS baseline set before it still
 * anchors the reviews inside it (docs/reports.md "change"). */
gboolean    agg_store_reports_change_points     (AggDb                    *db,
                                                 const char               *service_id,
                                                 const char               *to,
                                                 AggStoreChangePointFunc   func,
                                                 gpointer                  user_data,
                                                 GError                  **error);

/* The months (YYYY-MM, owned, NULL when there is none) of the service's
 * first and last standard 7.3 activity: a child registered, a family
 * asked, a response given. */
gboolean    agg_store_reports_experience_span   (AggDb        *db,
                                                 const char   *service_id,
                                                 char        **first_month,
                                                 char        **last_month,
                                                 GError      **error);
/* Children of the service registered on or before @last_day, or whose
 * family was asked in months @first_month…@last_month: a family asked was
 * evidently registered, whatever a tablet's clock said about the month. */
gboolean    agg_store_reports_experience_registered (AggDb      *db,
                                                     const char *service_id,
                                                     const char *last_day,
                                                     const char *first_month,
                                                     const char *last_month,
                                                     guint      *registered,
                                                     GError    **error);
/* Families of the service asked in months @first_month…@last_month, and of
 * those how many completed at least once. */
gboolean    agg_store_reports_experience_asked  (AggDb        *db,
                                                 const char   *service_id,
                                                 const char   *first_month,
                                                 const char   *last_month,
                                                 guint        *asked,
                                                 guint        *completed,
                                                 GError      **error);

/* One stored experience response. */
typedef struct
{
  const char *service_id;
  const char *month;
  const char *form_id;
  guint       form_version;
  const char *answers;        /* a JSON object, as stored */
} AggStoreExperienceResponse;

typedef gboolean (*AggStoreExperienceResponseFunc) (const AggStoreExperienceResponse  *response,
                                                    gpointer                           user_data,
                                                    GError                           **error);

/* The service's answers to the "experience" form in months
 * @first_month…@last_month. */
gboolean    agg_store_reports_experience_responses (AggDb                          *db,
                                                    const char                     *service_id,
                                                    const char                     *first_month,
                                                    const char                     *last_month,
                                                    AggStoreExperienceResponseFunc  func,
                                                    gpointer                        user_data,
                                                    GError                        **error);

/* One row of the scores export.  Integers are their decimal text, and
 * every field that may be missing is NULL (or has_… FALSE) when it is. */
typedef struct
{
  const char *code;
  const char *service_id;
  const char *age_band;
  const char *dsr;            /* in force on the day of the submission */
  const char *form_id;
  const char *form_version;
  const char *respondent;
  const char *mode;
  const char *date;
  const char *goal_set;
  const char *measure;
  const char *kind;
  gboolean    has_score;
  double      score;
  const char *k;
  const char *n;
  gboolean    has_pct_expected;
  double      pct_expected;
  const char *status;
  const char *flags;
} AggStoreExportScore;

typedef gboolean (*AggStoreExportScoreFunc) (const AggStoreExportScore  *row,
                                             gpointer                    user_data,
                                             GError                    **error);

/* Every score of the service's children completed from @from to @to
 * (dates), by service, child and the order they were completed. */
gboolean    agg_store_reports_export_scores     (AggDb                    *db,
                                                 const char               *service_id,
                                                 const char               *from,
                                                 const char               *to,
                                                 AggStoreExportScoreFunc   func,
                                                 gpointer                  user_data,
                                                 GError                  **error);
/* Every experience response of the service in months @from_month…
 * @to_month, by service, month, form and the random key, so the order
 * within a month says nothing about the order answers arrived in. */
gboolean    agg_store_reports_export_responses  (AggDb                          *db,
                                                 const char                     *service_id,
                                                 const char                     *from_month,
                                                 const char                     *to_month,
                                                 AggStoreExperienceResponseFunc  func,
                                                 gpointer                        user_data,
                                                 GError                         **error);

G_END_DECLS
