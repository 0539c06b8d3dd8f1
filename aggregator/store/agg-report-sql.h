/* agg-report-sql.h — every statement the reports run, in one place beside
 * agg-sql.h.
 *
 * Report statements only read.  Each is a constant prepared with
 * agg_db_prepare(); the service, the dates and every other value are bound
 * as parameters, never pasted in.  Parameters shared by the report
 * queries: ?1 service id or NULL for every service, ?2 first date or month
 * or NULL, ?3 last date or month or NULL.
 */
#pragma once

/* The DSR rating in force on a date (?3, or NULL for the latest), per child:
 * of ratings on the same date, the one recorded last, as child_dsr_current
 * does. */
#define AGG_REPORT_SQL_DSR_AS_AT_CTE \
  "WITH dsr AS (" \
  "  SELECT child_id, rating FROM (" \
  "    SELECT child_id, rating," \
  "           row_number () OVER (PARTITION BY child_id" \
  "                               ORDER BY rated_on DESC, id DESC) AS rn" \
  "      FROM dsr_ratings WHERE ?3 IS NULL OR rated_on <= ?3)" \
  "   WHERE rn = 1) "

#define AGG_REPORT_SQL_SERVICE_EXISTS \
  "SELECT 1 FROM services WHERE id = ?1"

#define AGG_REPORT_SQL_SERVICES \
  "SELECT id, name FROM services WHERE ?1 IS NULL OR id = ?1 ORDER BY id"

/* Every score of every child, as a time point of the change report:
 * child, service, service name, age band, DSR as at ?3, measure, kind,
 * respondent, date, score, k, n, % of goals at 0 or above, status, goal-set
 * version.  A GAS baseline is dated by its goal set.  ?2 is not used here:
 * the start of the window is applied per series (docs/reports.md), since a
 * GAS baseline set before it still anchors the reviews inside it. */
#define AGG_REPORT_SQL_CHANGE_POINTS \
  AGG_REPORT_SQL_DSR_AS_AT_CTE \
  "SELECT c.code, c.service_id, v.name, c.age_band, ifnull (dsr.rating, 'unrated')," \
  "       sc.measure, sc.kind, s.respondent, ifnull (g.set_on, s.completed_on)," \
  "       sc.score, sc.k, sc.n, sc.pct_expected, sc.status, ifnull (s.goal_set_version, 0)" \
  "  FROM scores AS sc" \
  "  JOIN submissions AS s ON s.id = sc.submission_id" \
  "  JOIN children AS c ON c.id = s.child_id" \
  "  JOIN services AS v ON v.id = c.service_id" \
  "  LEFT JOIN goal_sets AS g ON g.submission_id = s.id AND sc.kind = 'baseline'" \
  "  LEFT JOIN dsr ON dsr.child_id = c.id" \
  " WHERE (?1 IS NULL OR c.service_id = ?1)" \
  "   AND (?3 IS NULL OR ifnull (g.set_on, s.completed_on) <= ?3)" \
  " ORDER BY c.service_id, c.code, ifnull (g.set_on, s.completed_on), s.completed_utc, s.id"

/* The months (YYYY-MM) of a service's first and last 7.3 activity: a child
 * registered, a family asked, a response given. */
#define AGG_REPORT_SQL_EXPERIENCE_SPAN \
  "SELECT min (m), max (m) FROM (" \
  "  SELECT substr (created_at, 1, 7) AS m FROM children WHERE service_id = ?1" \
  "  UNION ALL" \
  "  SELECT o.month FROM offers AS o JOIN children AS c ON c.id = o.child_id" \
  "   WHERE c.service_id = ?1" \
  "  UNION ALL" \
  "  SELECT month FROM experience_responses WHERE service_id = ?1)"

/* Children of service ?1 registered on or before ?2 (a date), or whose
 * family was asked in months ?3…?4: a family asked was evidently
 * registered, whatever a tablet's clock said about the month. */
#define AGG_REPORT_SQL_EXPERIENCE_REGISTERED \
  "SELECT count (*) FROM children AS c" \
  " WHERE c.service_id = ?1" \
  "   AND (substr (c.created_at, 1, 10) <= ?2" \
  "        OR EXISTS (SELECT 1 FROM offers AS o" \
  "                    WHERE o.child_id = c.id AND o.month BETWEEN ?3 AND ?4))"

/* Families of service ?1 asked in months ?2…?3, and of those how many
 * completed at least once (the rest declined every time). */
#define AGG_REPORT_SQL_EXPERIENCE_ASKED \
  "SELECT count (*), ifnull (sum (completed), 0) FROM (" \
  "  SELECT o.child_id, max (o.outcome = 'completed') AS completed" \
  "    FROM offers AS o JOIN children AS c ON c.id = o.child_id" \
  "   WHERE c.service_id = ?1 AND o.month BETWEEN ?2 AND ?3" \
  "   GROUP BY o.child_id)"

/* Experience answers of service ?1 in months ?2…?3. */
#define AGG_REPORT_SQL_EXPERIENCE_RESPONSES \
  "SELECT form_version, answers FROM experience_responses" \
  " WHERE service_id = ?1 AND form_id = 'experience' AND month BETWEEN ?2 AND ?3"

/* The export of every score: one row per score, the DSR rating in force on
 * the day of the submission. */
#define AGG_REPORT_SQL_EXPORT_SCORES \
  "SELECT c.code, c.service_id, c.age_band," \
  "       ifnull ((SELECT d.rating FROM dsr_ratings AS d" \
  "                 WHERE d.child_id = c.id AND d.rated_on <= s.completed_on" \
  "                 ORDER BY d.rated_on DESC, d.id DESC LIMIT 1), 'unrated')," \
  "       s.form_id, s.form_version, s.respondent, s.mode, s.completed_on," \
  "       s.goal_set_version, sc.measure, sc.kind, sc.score, sc.k, sc.n," \
  "       sc.pct_expected, sc.status, sc.flags" \
  "  FROM scores AS sc" \
  "  JOIN submissions AS s ON s.id = sc.submission_id" \
  "  JOIN children AS c ON c.id = s.child_id" \
  " WHERE (?1 IS NULL OR c.service_id = ?1)" \
  "   AND (?2 IS NULL OR s.completed_on >= ?2)" \
  "   AND (?3 IS NULL OR s.completed_on <= ?3)" \
  " ORDER BY c.service_id, c.code, s.completed_utc, s.id, sc.measure"

/* The row-level experience export, months ?2…?3 (YYYY-MM or NULL).  The
 * order within a month follows the random key, so it says nothing about
 * the order in which answers arrived. */
#define AGG_REPORT_SQL_EXPORT_RESPONSES \
  "SELECT service_id, month, form_id, form_version, answers FROM experience_responses" \
  " WHERE (?1 IS NULL OR service_id = ?1)" \
  "   AND (?2 IS NULL OR month >= ?2)" \
  "   AND (?3 IS NULL OR month <= ?3)" \
  " ORDER BY service_id, month, form_id, id"
