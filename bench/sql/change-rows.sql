-- change-rows.sql — the change report's rows (docs/reports.md "change"), in
-- plain SQL, as the temporary view change_rows.
--
-- This is the limit the report benchmark measures against: what the sqlite3
-- command computes from the same database with one query.  change.sql prints
-- it as the report's CSV and cohort.sql aggregates it, so
--
--   cat change-rows.sql change.sql | sqlite3 DB
--   cat change-rows.sql cohort.sql | sqlite3 DB
--
-- print the same table as `keyvoice-aggregator report change|cohort --format
-- csv` for the whole database (no service, no window), value for value; the
-- only difference in the bytes is that sqlite3 also quotes fields that hold a
-- space, which RFC 4180 allows.  bench/run checks this on every run.  The
-- rules, as the report applies them:
--
--  * every score is a time point; a GAS baseline is dated by its goal set,
--    everything else by the day the family completed it; scores are rounded to
--    two decimals once, here, so that change = latest − baseline adds up;
--  * GAS: only the child's latest goal set counts.  One row per respondent who
--    reviewed it: the set's baseline, the latest scored review by that
--    respondent, the scored points; a set with no review yet gives one row
--    under the respondent who set it;
--  * a form's total: one row per respondent, from the first scored answer to
--    the last (when there are two or more);
--  * flags: goal-set-changed (goal set 2 or later), rated-K-of-N (the latest
--    review rated fewer goals than the set has), then the status of every
--    point without a score, each once, in order.
--
-- DSR is the rating in force now: the latest rated_on, of equal ones the one
-- recorded last.
--
-- The query is written to be fast, since it is the limit our report is
-- measured against: one pass over the scores joined to their submissions, one
-- sort (the window that numbers each series' points, scored ones first), and
-- sorts kept in memory rather than spilled to temporary files.

PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;

CREATE TEMP VIEW change_rows AS
WITH
dsr AS (
  SELECT child_id, rating
    FROM (SELECT child_id, rating,
                 row_number () OVER (PARTITION BY child_id
                                     ORDER BY rated_on DESC, id DESC) AS rn
            FROM dsr_ratings)
   WHERE rn = 1),

-- GAS: the baseline of each child's latest goal set.  With max (), SQLite
-- takes the other columns from the row that has the maximum.
baselines AS (
  SELECT g.child_id, max (g.version) AS goal_set, g.set_on AS date, s.respondent,
         round (sc.score * 100) / 100.0 AS score, sc.status
    FROM goal_sets AS g
    JOIN scores AS sc ON sc.submission_id = g.submission_id
                     AND sc.measure = 'gas' AND sc.kind = 'baseline'
    JOIN submissions AS s ON s.id = g.submission_id
   GROUP BY g.child_id),

-- The series after a baseline: reviews of the latest goal set, and every
-- form total, each with its place in time (date, then time, then id).
series AS (
  SELECT s.child_id, sc.measure, s.respondent,
         s.completed_on || s.completed_utc || s.id AS place,
         s.completed_on AS date,
         round (sc.score * 100) / 100.0 AS score,
         sc.k, sc.n, sc.pct_expected, sc.status
    FROM scores AS sc
    JOIN submissions AS s ON s.id = sc.submission_id
    LEFT JOIN baselines AS b ON b.child_id = s.child_id
   WHERE sc.kind = 'total'
      OR (sc.kind = 'review' AND sc.measure = 'gas' AND s.goal_set_version = b.goal_set)),

-- One sort: scored points first, in time order, so the first scored point
-- is number 1 and the last is number n_scored.
numbered AS (
  SELECT *,
         row_number () OVER w AS number,
         count (score) OVER (PARTITION BY child_id, measure, respondent) AS n_scored
    FROM series
  WINDOW w AS (PARTITION BY child_id, measure, respondent ORDER BY score IS NULL, place)),

groups AS (
  SELECT child_id, measure, respondent, n_scored,
         max (CASE WHEN number = 1 AND n_scored > 0 THEN date END) AS first_date,
         max (CASE WHEN number = 1 AND n_scored > 0 THEN score END) AS first_score,
         max (CASE WHEN number = n_scored THEN date END) AS last_date,
         max (CASE WHEN number = n_scored THEN score END) AS last_score,
         max (CASE WHEN number = n_scored THEN k END) AS last_k,
         max (CASE WHEN number = n_scored THEN n END) AS last_n,
         max (CASE WHEN number = n_scored THEN pct_expected END) AS last_pct_expected
    FROM numbered
   WHERE number = 1 OR number = n_scored
   GROUP BY child_id, measure, respondent),

-- Every group, including those whose points are all unscored.
all_groups AS (
  SELECT DISTINCT child_id, measure, respondent FROM series),

unscored AS (
  SELECT child_id, measure, respondent, status, min (place) AS place
    FROM (SELECT child_id, measure, respondent, status, place
            FROM series WHERE score IS NULL
          UNION ALL
          SELECT g.child_id, g.measure, g.respondent, b.status, ''
            FROM all_groups AS g JOIN baselines AS b ON b.child_id = g.child_id
           WHERE g.measure = 'gas' AND b.score IS NULL)
   GROUP BY child_id, measure, respondent, status),

statuses AS (
  SELECT child_id, measure, respondent, group_concat (status, ' ') AS flags
    FROM (SELECT * FROM unscored ORDER BY child_id, measure, respondent, place)
   GROUP BY child_id, measure, respondent),

row_keys AS (
  SELECT child_id, measure, respondent FROM all_groups
  UNION ALL
  SELECT child_id, 'gas', respondent FROM baselines AS b
   WHERE NOT EXISTS (SELECT 1 FROM series AS s
                      WHERE s.child_id = b.child_id AND s.measure = 'gas')),

rows AS (
  SELECT k.child_id, k.measure, k.respondent,
         CASE WHEN k.measure = 'gas' THEN b.date ELSE g.first_date END AS baseline_date,
         CASE WHEN k.measure = 'gas' THEN b.score ELSE g.first_score END AS baseline_score,
         CASE WHEN k.measure = 'gas' OR g.n_scored >= 2 THEN g.last_date END AS latest_date,
         CASE WHEN k.measure = 'gas' OR g.n_scored >= 2 THEN g.last_score END AS latest_score,
         CASE WHEN k.measure = 'gas' OR g.n_scored >= 2 THEN g.last_k END AS latest_k,
         CASE WHEN k.measure = 'gas' OR g.n_scored >= 2 THEN g.last_pct_expected END
           AS latest_pct_expected,
         ifnull (g.n_scored, 0)
           + (CASE WHEN k.measure = 'gas' AND b.score IS NOT NULL THEN 1 ELSE 0 END) AS points,
         trim (replace (
           CASE WHEN k.measure = 'gas' AND b.goal_set > 1 THEN 'goal-set-changed' ELSE '' END
           || ' ' ||
           CASE WHEN k.measure = 'gas' AND g.last_score IS NOT NULL AND g.last_k < g.last_n
                THEN 'rated-' || g.last_k || '-of-' || g.last_n ELSE '' END
           || ' ' || ifnull (st.flags, ''), '  ', ' ')) AS flags
    FROM row_keys AS k
    LEFT JOIN groups AS g USING (child_id, measure, respondent)
    LEFT JOIN statuses AS st USING (child_id, measure, respondent)
    LEFT JOIN baselines AS b ON b.child_id = k.child_id AND k.measure = 'gas')

SELECT c.code AS child, c.service_id AS service, c.age_band,
       ifnull (d.rating, 'unrated') AS dsr,
       r.measure, r.respondent,
       CASE WHEN r.baseline_score IS NOT NULL THEN r.baseline_date END AS baseline_date,
       r.baseline_score,
       r.latest_date, r.latest_score,
       r.latest_score - r.baseline_score AS change,
       r.points,
       r.flags,
       r.latest_k, r.latest_pct_expected,
       CASE r.respondent WHEN 'young-person' THEN 0 WHEN 'parent-carer' THEN 1
                         WHEN 'both' THEN 2 WHEN 'someone-helping' THEN 3
                         WHEN 'keyworker' THEN 4 ELSE 5 END AS respondent_rank
  FROM rows AS r
  JOIN children AS c ON c.id = r.child_id
  LEFT JOIN dsr AS d ON d.child_id = r.child_id;
