/* agg-sql.h — every SQL statement of the aggregator, in one place.
 *
 * The schema itself is in schema/NNN-*.sql.  Each statement here is a
 * constant prepared with agg_db_prepare(); values are always bound as
 * parameters, never pasted in.  Grouped by the table they mostly touch.
 */
#pragma once

/* services */
#define AGG_SQL_SERVICE_INSERT \
  "INSERT INTO services (id, name, created_at) VALUES (?1, ?2, ?3)"
#define AGG_SQL_SERVICE_GET \
  "SELECT id, name FROM services WHERE id = ?1"
#define AGG_SQL_SERVICE_LIST \
  "SELECT s.id, s.name, s.created_at," \
  "       (SELECT count(*) FROM children AS c WHERE c.service_id = s.id)," \
  "       (SELECT count(*) FROM tokens AS t WHERE t.service_id = s.id" \
  "                                           AND t.role = 'device' AND t.revoked_at IS NULL)" \
  "  FROM services AS s ORDER BY s.id"

/* tokens */
#define AGG_SQL_TOKEN_INSERT \
  "INSERT INTO tokens (id, role, service_id, name, token_hash, created_at)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define AGG_SQL_TOKEN_LOOKUP \
  "SELECT id, role, service_id FROM tokens WHERE token_hash = ?1 AND revoked_at IS NULL"
#define AGG_SQL_TOKEN_GET \
  "SELECT id, role, service_id, revoked_at FROM tokens WHERE id = ?1"
#define AGG_SQL_TOKEN_REVOKE \
  "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL"
#define AGG_SQL_TOKEN_LIST \
  "SELECT id, role, ifnull (service_id, ''), name, created_at, ifnull (revoked_at, '')" \
  "  FROM tokens WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR service_id = ?2)" \
  " ORDER BY created_at, id"

/* enrolment_codes */
#define AGG_SQL_ENROLMENT_INSERT \
  "INSERT INTO enrolment_codes (code_hash, service_id, created_at, expires_at)" \
  " VALUES (?1, ?2, ?3, ?4)"
#define AGG_SQL_ENROLMENT_LOOKUP \
  "SELECT e.service_id, s.name, e.expires_at, e.used_at" \
  "  FROM enrolment_codes AS e JOIN services AS s ON s.id = e.service_id" \
  " WHERE e.code_hash = ?1"
#define AGG_SQL_ENROLMENT_USE \
  "UPDATE enrolment_codes SET used_at = ?2, device_id = ?3" \
  " WHERE code_hash = ?1 AND used_at IS NULL"

/* children and dsr_ratings */
#define AGG_SQL_CHILD_INSERT \
  "INSERT INTO children (code, service_id, age_band, created_at) VALUES (?1, ?2, ?3, ?4)"
#define AGG_SQL_CHILD_GET \
  "SELECT id, service_id, age_band FROM children WHERE code = ?1"
#define AGG_SQL_CHILD_LIST \
  "SELECT c.code, c.service_id, c.age_band, ifnull (d.rating, ''), ifnull (d.rated_on, '')," \
  "       (SELECT max (g.version) FROM goal_sets AS g WHERE g.child_id = c.id)" \
  "  FROM children AS c LEFT JOIN child_dsr_current AS d ON d.child_id = c.id" \
  " WHERE ?1 IS NULL OR c.service_id = ?1 ORDER BY c.service_id, c.code"
#define AGG_SQL_DSR_INSERT \
  "INSERT INTO dsr_ratings (child_id, rating, rated_on, recorded_at) VALUES (?1, ?2, ?3, ?4)"
#define AGG_SQL_DSR_CURRENT \
  "SELECT rating, rated_on FROM child_dsr_current WHERE child_id = ?1"
#define AGG_SQL_DSR_HISTORY \
  "SELECT rating, rated_on, recorded_at FROM dsr_ratings WHERE child_id = ?1" \
  " ORDER BY rated_on, id"

/* audit */
#define AGG_SQL_AUDIT_INSERT \
  "INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)"
#define AGG_SQL_AUDIT_LIST \
  "SELECT at, actor, action, target, detail FROM audit ORDER BY id"

/* submissions, goal_sets, scores */
#define AGG_SQL_SUBMISSION_HASH \
  "SELECT content_hash, CASE form_kind WHEN 'gas-goals' THEN goal_set_version END" \
  "  FROM submissions WHERE id = ?1" \
  " UNION ALL SELECT content_hash, NULL FROM experience_receipts WHERE submission_id = ?1"
#define AGG_SQL_SUBMISSION_INSERT \
  "INSERT INTO submissions (id, content_hash, form_id, form_version, form_kind, child_id," \
  "                         device_id, respondent, mode, locale, easy_read, started_at," \
  "                         completed_at, completed_utc, completed_on, goal_set_version," \
  "                         answers, received_at)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
/* In storage order: scores do not depend on the order, and sorting every
 * answer of a national database would cost a temporary b-tree. */
#define AGG_SQL_SUBMISSION_ALL \
  "SELECT id, form_id, form_version, form_kind, child_id, goal_set_version, answers" \
  "  FROM submissions"
#define AGG_SQL_SUBMISSION_LAST_OF_FORM \
  "SELECT max (completed_utc) FROM submissions WHERE child_id = ?1 AND form_id = ?2"
#define AGG_SQL_GOAL_SET_NEXT_VERSION \
  "SELECT ifnull (max (version), 0) + 1 FROM goal_sets WHERE child_id = ?1"
#define AGG_SQL_GOAL_SET_INSERT \
  "INSERT INTO goal_sets (child_id, version, set_on, submission_id, goals, n_goals)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define AGG_SQL_GOAL_SET_GET \
  "SELECT goals, set_on FROM goal_sets WHERE child_id = ?1 AND version = ?2"
#define AGG_SQL_GOAL_SET_CURRENT \
  "SELECT version, set_on, goals FROM goal_sets WHERE child_id = ?1" \
  " ORDER BY version DESC LIMIT 1"
#define AGG_SQL_SCORE_INSERT \
  "INSERT INTO scores (submission_id, measure, kind, score, k, n, pct_expected, status, flags)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
/* scores recompute: every score derived again into a table of the
 * connection's own temporary database, which takes no lock on the real
 * one, then written over the stored scores a chunk of rows at a time
 * (agg-scores.c).  A NULL measure is a submission that has no score. */
#define AGG_SQL_RECOMPUTED_CREATE \
  "CREATE TEMP TABLE recomputed_scores (" \
  "  submission_id TEXT PRIMARY KEY," \
  "  measure       TEXT," \
  "  kind          TEXT," \
  "  score         REAL," \
  "  k             INTEGER," \
  "  n             INTEGER," \
  "  pct_expected  REAL," \
  "  status        TEXT," \
  "  flags         TEXT)"
#define AGG_SQL_RECOMPUTED_DROP \
  "DROP TABLE IF EXISTS temp.recomputed_scores"
#define AGG_SQL_RECOMPUTED_INSERT \
  "INSERT INTO temp.recomputed_scores (submission_id, measure, kind, score, k, n, pct_expected," \
  "                                    status, flags)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
#define AGG_SQL_RECOMPUTED_COUNT \
  "SELECT ifnull (max (rowid), 0), count (measure) FROM temp.recomputed_scores"
#define AGG_SQL_SCORE_MAX_ROWID \
  "SELECT ifnull (max (rowid), 0) FROM main.scores"
/* Rewritten in place, in storage order, so a chunk dirties a few
 * neighbouring pages and never the index. */
#define AGG_SQL_RECOMPUTED_UPDATE \
  "UPDATE main.scores AS s" \
  "   SET kind = r.kind, score = r.score, k = r.k, n = r.n, pct_expected = r.pct_expected," \
  "       status = r.status, flags = r.flags" \
  "  FROM temp.recomputed_scores AS r" \
  " WHERE s.rowid BETWEEN ?1 AND ?2 AND r.submission_id = s.submission_id" \
  "   AND r.measure = s.measure"
/* A score of another measure than the one derived now, or of a submission
 * that has none any more. */
#define AGG_SQL_RECOMPUTED_DELETE_STALE \
  "DELETE FROM main.scores AS s" \
  " WHERE s.rowid BETWEEN ?1 AND ?2 AND EXISTS" \
  " (SELECT 1 FROM temp.recomputed_scores AS r" \
  "   WHERE r.submission_id = s.submission_id AND r.measure IS NOT s.measure)"
/* A score that was not there before. */
#define AGG_SQL_RECOMPUTED_INSERT_NEW \
  "INSERT INTO main.scores (submission_id, measure, kind, score, k, n, pct_expected, status," \
  "                         flags)" \
  " SELECT submission_id, measure, kind, score, k, n, pct_expected, status, flags" \
  "   FROM temp.recomputed_scores AS r" \
  "  WHERE r.rowid BETWEEN ?1 AND ?2 AND r.measure IS NOT NULL AND NOT EXISTS" \
  "  (SELECT 1 FROM main.scores AS s WHERE s.submission_id = r.submission_id" \
  "                                    AND s.measure = r.measure)"

/* offers and experience */
#define AGG_SQL_OFFER_HASH \
  "SELECT content_hash FROM offers WHERE id = ?1"
#define AGG_SQL_OFFER_INSERT \
  "INSERT INTO offers (id, content_hash, child_id, month, outcome, device_id, received_at)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
#define AGG_SQL_OFFER_EXISTS_FOR_MONTH \
  "SELECT 1 FROM offers WHERE child_id = ?1 AND month = ?2 LIMIT 1"
#define AGG_SQL_EXPERIENCE_RECEIPT_INSERT \
  "INSERT INTO experience_receipts (submission_id, content_hash) VALUES (?1, ?2)"
#define AGG_SQL_EXPERIENCE_INSERT \
  "INSERT INTO experience_responses (id, service_id, month, form_id, form_version, answers)" \
  " VALUES (randomblob (16), ?1, ?2, ?3, ?4, ?5)"
