-- agg-store.sql: every SQL statement of the aggregator's store, by name.
--
-- "-- @query NAME" starts a statement; it runs to the next "-- @query" or
-- the end of the file.  Comments between them belong to the statement
-- below them.  store/agg-db.c reads this file from the program's
-- resources once and prepares each statement the first time a
-- connection asks for it by name (agg_db_query()), keeping it for the
-- next time; values are always bound as parameters, never pasted in.
-- The schema itself is in schema/NNN-*.sql.  Grouped by the table the
-- statements mostly touch.

-- == services ==

-- @query service-insert
INSERT INTO services (id, name, created_at) VALUES (?1, ?2, ?3)

-- @query service-get
SELECT id, name FROM services WHERE id = ?1

-- Whether there is any service at all: the demo never mixes synthetic
-- data into real data.
-- @query service-any
SELECT 1 FROM services LIMIT 1

-- @query service-list
SELECT s.id, s.name, s.created_at,
       (SELECT count(*) FROM children AS c WHERE c.service_id = s.id),
       (SELECT count(*) FROM tokens AS t WHERE t.service_id = s.id
                                           AND t.role = 'device' AND t.revoked_at IS NULL)
  FROM services AS s ORDER BY s.id

-- == tokens ==

-- @query token-insert
INSERT INTO tokens (id, role, service_id, name, token_hash, created_at)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6)

-- @query token-lookup
SELECT id, role, service_id FROM tokens WHERE token_hash = ?1 AND revoked_at IS NULL

-- @query token-get
SELECT id, role, service_id, revoked_at FROM tokens WHERE id = ?1

-- @query token-revoke
UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL

-- In the order of token-get's columns, then name and created_at
-- (store/agg-store-tokens.c reads them all alike).
-- @query token-list
SELECT id, role, ifnull (service_id, ''), ifnull (revoked_at, ''), name, created_at
  FROM tokens WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR service_id = ?2)
 ORDER BY created_at, id

-- == enrolment_codes ==

-- @query enrolment-insert
INSERT INTO enrolment_codes (code_hash, service_id, created_at, expires_at)
 VALUES (?1, ?2, ?3, ?4)

-- @query enrolment-lookup
SELECT e.service_id, s.name, e.expires_at, e.used_at
  FROM enrolment_codes AS e JOIN services AS s ON s.id = e.service_id
 WHERE e.code_hash = ?1

-- @query enrolment-use
UPDATE enrolment_codes SET used_at = ?2, device_id = ?3
 WHERE code_hash = ?1 AND used_at IS NULL

-- == children and dsr_ratings ==

-- @query child-insert
INSERT INTO children (code, service_id, age_band, created_at) VALUES (?1, ?2, ?3, ?4)

-- @query child-get
SELECT id, service_id, age_band FROM children WHERE code = ?1

-- @query child-list
SELECT c.code, c.service_id, c.age_band, ifnull (d.rating, ''), ifnull (d.rated_on, ''),
       (SELECT max (g.version) FROM goal_sets AS g WHERE g.child_id = c.id)
  FROM children AS c LEFT JOIN child_dsr_current AS d ON d.child_id = c.id
 WHERE ?1 IS NULL OR c.service_id = ?1 ORDER BY c.service_id, c.code

-- @query dsr-insert
INSERT INTO dsr_ratings (child_id, rating, rated_on, recorded_at) VALUES (?1, ?2, ?3, ?4)

-- @query dsr-current
SELECT rating, rated_on FROM child_dsr_current WHERE child_id = ?1

-- @query dsr-history
SELECT rating, rated_on, recorded_at FROM dsr_ratings WHERE child_id = ?1
 ORDER BY rated_on, id

-- == audit ==

-- @query audit-insert
INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)

-- @query audit-list
SELECT at, actor, action, target, detail FROM audit ORDER BY id

-- == submissions, goal_sets, scores ==

-- @query submission-hash
SELECT content_hash, CASE form_kind WHEN 'gas-goals' THEN goal_set_version END
  FROM submissions WHERE id = ?1
 UNION ALL SELECT content_hash, NULL FROM experience_receipts WHERE submission_id = ?1

-- @query submission-insert
INSERT INTO submissions (id, content_hash, form_id, form_version, form_kind, child_id,
                         device_id, respondent, mode, locale, easy_read, started_at,
                         completed_at, completed_utc, completed_on, goal_set_version,
                         answers, received_at)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)

-- In storage order: scores do not depend on the order, and sorting every
-- answer of a national database would cost a temporary b-tree.
-- @query submission-all
SELECT id, form_id, form_version, form_kind, child_id, goal_set_version, answers
  FROM submissions

-- @query submission-last-of-form
SELECT max (completed_utc) FROM submissions WHERE child_id = ?1 AND form_id = ?2

-- @query goal-set-next-version
SELECT ifnull (max (version), 0) + 1 FROM goal_sets WHERE child_id = ?1

-- @query goal-set-insert
INSERT INTO goal_sets (child_id, version, set_on, submission_id, goals, n_goals)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6)

-- @query goal-set-get
SELECT goals, set_on FROM goal_sets WHERE child_id = ?1 AND version = ?2

-- @query goal-set-current
SELECT version, set_on, goals FROM goal_sets WHERE child_id = ?1
 ORDER BY version DESC LIMIT 1

-- @query score-insert
INSERT INTO scores (submission_id, measure, kind, score, k, n, pct_expected, status, flags)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)

-- scores recompute: every score derived again into a table of the
-- connection's own temporary database, which takes no lock on the real
-- one, then written over the stored scores a chunk of rows at a time
-- (agg-scores.c).  A NULL measure is a submission that has no score.
-- @query recomputed-create
CREATE TEMP TABLE recomputed_scores (
  submission_id TEXT PRIMARY KEY,
  measure       TEXT,
  kind          TEXT,
  score         REAL,
  k             INTEGER,
  n             INTEGER,
  pct_expected  REAL,
  status        TEXT,
  flags         TEXT)

-- @query recomputed-drop
DROP TABLE IF EXISTS temp.recomputed_scores

-- @query recomputed-insert
INSERT INTO temp.recomputed_scores (submission_id, measure, kind, score, k, n, pct_expected,
                                    status, flags)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)

-- @query recomputed-count
SELECT ifnull (max (rowid), 0), count (measure) FROM temp.recomputed_scores

-- @query score-max-rowid
SELECT ifnull (max (rowid), 0) FROM main.scores

-- Rewritten in place, in storage order, so a chunk dirties a few
-- neighbouring pages and never the index.
-- @query recomputed-update
UPDATE main.scores AS s
   SET kind = r.kind, score = r.score, k = r.k, n = r.n, pct_expected = r.pct_expected,
       status = r.status, flags = r.flags
  FROM temp.recomputed_scores AS r
 WHERE s.rowid BETWEEN ?1 AND ?2 AND r.submission_id = s.submission_id
   AND r.measure = s.measure

-- A score of another measure than the one derived now, or of a submission
-- that has none any more.
-- @query recomputed-delete-stale
DELETE FROM main.scores AS s
 WHERE s.rowid BETWEEN ?1 AND ?2 AND EXISTS
 (SELECT 1 FROM temp.recomputed_scores AS r
   WHERE r.submission_id = s.submission_id AND r.measure IS NOT s.measure)

-- A score that was not there before.
-- @query recomputed-insert-new
INSERT INTO main.scores (submission_id, measure, kind, score, k, n, pct_expected, status,
                         flags)
 SELECT submission_id, measure, kind, score, k, n, pct_expected, status, flags
   FROM temp.recomputed_scores AS r
  WHERE r.rowid BETWEEN ?1 AND ?2 AND r.measure IS NOT NULL AND NOT EXISTS
  (SELECT 1 FROM main.scores AS s WHERE s.submission_id = r.submission_id
                                    AND s.measure = r.measure)

-- == offers and experience ==

-- @query offer-hash
SELECT content_hash FROM offers WHERE id = ?1

-- @query offer-insert
INSERT INTO offers (id, content_hash, child_id, month, outcome, device_id, received_at)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)

-- @query offer-exists-for-month
SELECT 1 FROM offers WHERE child_id = ?1 AND month = ?2 LIMIT 1

-- @query experience-receipt-insert
INSERT INTO experience_receipts (submission_id, content_hash) VALUES (?1, ?2)

-- ?1 is the response's key, or NULL for a random one: ingest leaves it
-- to SQLite, the demo writer gives one, so that one seed makes one
-- database.
-- @query experience-insert
INSERT INTO experience_responses (id, service_id, month, form_id, form_version, answers)
 VALUES (ifnull (?1, randomblob (16)), ?2, ?3, ?4, ?5, ?6)

-- == reports (store/agg-store-reports.c) ==
--
-- Reports only read.  Shared parameters: ?1 a service id, or NULL for
-- every service; ?2 and ?3 the first and last date or month, or NULL for
-- an open end.

-- @query report-services
SELECT id, name FROM services WHERE ?1 IS NULL OR id = ?1 ORDER BY id

-- Every score of every child, as a time point of the change report:
-- child, service, service name, age band, DSR as at ?3, measure, kind,
-- respondent, date, score, k, n, % of goals at 0 or above, status,
-- goal-set version.  The DSR in force is, of ratings on the same date, the
-- one recorded last, as the view child_dsr_current has it.  A GAS
-- baseline is dated by its goal set.  ?2 is not used: the start of the
-- window is applied per series (docs/reports.md), since a GAS baseline set
-- before it still anchors the reviews inside it.
-- @query report-change-points
WITH dsr AS (
  SELECT child_id, rating FROM (
    SELECT child_id, rating,
           row_number () OVER (PARTITION BY child_id
                               ORDER BY rated_on DESC, id DESC) AS rn
      FROM dsr_ratings WHERE ?3 IS NULL OR rated_on <= ?3)
   WHERE rn = 1)
SELECT c.code, c.service_id, v.name, c.age_band, ifnull (dsr.rating, 'unrated'),
       sc.measure, sc.kind, s.respondent, ifnull (g.set_on, s.completed_on),
       sc.score, sc.k, sc.n, sc.pct_expected, sc.status, ifnull (s.goal_set_version, 0)
  FROM scores AS sc
  JOIN submissions AS s ON s.id = sc.submission_id
  JOIN children AS c ON c.id = s.child_id
  JOIN services AS v ON v.id = c.service_id
  LEFT JOIN goal_sets AS g ON g.submission_id = s.id AND sc.kind = 'baseline'
  LEFT JOIN dsr ON dsr.child_id = c.id
 WHERE (?1 IS NULL OR c.service_id = ?1)
   AND (?3 IS NULL OR ifnull (g.set_on, s.completed_on) <= ?3)
 ORDER BY c.service_id, c.code, ifnull (g.set_on, s.completed_on), s.completed_utc, s.id

-- The months (YYYY-MM) of service ?1's first and last 7.3 activity: a
-- child registered, a family asked, a response given.
-- @query report-experience-span
SELECT min (m), max (m) FROM (
  SELECT substr (created_at, 1, 7) AS m FROM children WHERE service_id = ?1
  UNION ALL
  SELECT o.month FROM offers AS o JOIN children AS c ON c.id = o.child_id
   WHERE c.service_id = ?1
  UNION ALL
  SELECT month FROM experience_responses WHERE service_id = ?1)

-- Children of service ?1 registered on or before ?2 (a date), or whose
-- family was asked in months ?3…?4: a family asked was evidently
-- registered, whatever a tablet's clock said about the month.
-- @query report-experience-registered
SELECT count (*) FROM children AS c
 WHERE c.service_id = ?1
   AND (substr (c.created_at, 1, 10) <= ?2
        OR EXISTS (SELECT 1 FROM offers AS o
                    WHERE o.child_id = c.id AND o.month BETWEEN ?3 AND ?4))

-- Families of service ?1 asked in months ?2…?3, and of those how many
-- completed at least once (the rest declined every time).
-- @query report-experience-asked
SELECT count (*), ifnull (sum (completed), 0) FROM (
  SELECT o.child_id, max (o.outcome = 'completed') AS completed
    FROM offers AS o JOIN children AS c ON c.id = o.child_id
   WHERE c.service_id = ?1 AND o.month BETWEEN ?2 AND ?3
   GROUP BY o.child_id)

-- Experience answers of service ?1 in months ?2…?3 (the columns of
-- report-export-responses).
-- @query report-experience-responses
SELECT service_id, month, form_id, form_version, answers FROM experience_responses
 WHERE service_id = ?1 AND form_id = 'experience' AND month BETWEEN ?2 AND ?3

-- The export of every score: one row per score, the DSR rating in force
-- on the day of the submission.
-- @query report-export-scores
SELECT c.code, c.service_id, c.age_band,
       ifnull ((SELECT d.rating FROM dsr_ratings AS d
                 WHERE d.child_id = c.id AND d.rated_on <= s.completed_on
                 ORDER BY d.rated_on DESC, d.id DESC LIMIT 1), 'unrated'),
       s.form_id, s.form_version, s.respondent, s.mode, s.completed_on,
       s.goal_set_version, sc.measure, sc.kind, sc.score, sc.k, sc.n,
       sc.pct_expected, sc.status, sc.flags
  FROM scores AS sc
  JOIN submissions AS s ON s.id = sc.submission_id
  JOIN children AS c ON c.id = s.child_id
 WHERE (?1 IS NULL OR c.service_id = ?1)
   AND (?2 IS NULL OR s.completed_on >= ?2)
   AND (?3 IS NULL OR s.completed_on <= ?3)
 ORDER BY c.service_id, c.code, s.completed_utc, s.id, sc.measure

-- The row-level experience export, months ?2…?3 (YYYY-MM or NULL).  The
-- order within a month follows the random key, so it says nothing about
-- the order in which answers arrived.
-- @query report-export-responses
SELECT service_id, month, form_id, form_version, answers FROM experience_responses
 WHERE (?1 IS NULL OR service_id = ?1)
   AND (?2 IS NULL OR month >= ?2)
   AND (?3 IS NULL OR month <= ?3)
 ORDER BY service_id, month, form_id, id
