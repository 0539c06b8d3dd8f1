-- cohort.sql — prints the cohort report (docs/reports.md "cohort") as CSV
-- from change_rows (read change-rows.sql first; see there).
--
--  * each child counts once per measure: of its rows, the one with the most
--    points, of equal ones the first in respondent order;
--  * a group is service × age band × DSR × measure; its children are those
--    with a change; mean, median (of the middle two for an even number), and
--    the 95% confidence interval mean ± t(0.975, n − 1) · s / √n with s the
--    sample standard deviation; % improved (change > 0); for GAS, % of rated
--    goals at 0 or above at each child's latest review;
--  * small-number suppression (NHS secondary care): a count of 0 stays 0,
--    1–7 is *, others round to the nearest 5; percentages come from the
--    rounded counts; statistics over fewer than 8 children are * (so is the
--    goals percentage, which counts goals, not people);
--  * one decimal, rounded as C's printf rounds the binary value (see
--    "rounded" below).
--
-- Sums run over the values in ascending order (window frames ordered by the
-- change), as the report sums its sorted values, so the figures agree to the
-- last bit, not merely to the published decimal.
-- RFC 4180, as the report: CRLF after every record.
.mode csv
.headers on
.separator , "\r\n"

WITH
-- Student's t, 0.975 quantile, by degrees of freedom (1–100).
t_table (df, t) AS (
  VALUES
    (1, 12.706204736174705), (2, 4.3026527297494639), (3, 3.1824463052837096), (4, 2.7764451051977944),
    (5, 2.5705818356363155), (6, 2.44691185114497), (7, 2.3646242515927853), (8, 2.3060041352041667),
    (9, 2.2621571627982055), (10, 2.2281388519862747), (11, 2.2009851600916399), (12, 2.1788128296672289),
    (13, 2.1603686564627925), (14, 2.1447866879178038), (15, 2.1314495455597757), (16, 2.1199052992212547),
    (17, 2.1098155778333171), (18, 2.1009220402410385), (19, 2.0930240544083098), (20, 2.0859634472658648),
    (21, 2.0796138447276804), (22, 2.0738730679040262), (23, 2.0686576104190487), (24, 2.0638985616280258),
    (25, 2.0595385527532977), (26, 2.0555294386428732), (27, 2.0518305164802856), (28, 2.0484071417952452),
    (29, 2.0452296421327043), (30, 2.0422724563012383), (31, 2.0395134463964085), (32, 2.036933343460102),
    (33, 2.0345152974493387), (34, 2.032244509317719), (35, 2.0301079282503432), (36, 2.0280940009804509),
    (37, 2.0261924630291098), (38, 2.0243941639119696), (39, 2.0226909200367611), (40, 2.0210753903062734),
    (41, 2.019540970441376), (42, 2.0180817028184447), (43, 2.0166921992278244), (44, 2.0153675744437638),
    (45, 2.0141033888808467), (46, 2.0128955989194292), (47, 2.0117405137297659), (48, 2.0106347576242322),
    (49, 2.0095752371292397), (50, 2.0085591121007611), (51, 2.007583770315836), (52, 2.0066468050616883),
    (53, 2.005745995317869), (54, 2.004879288188057), (55, 2.0040447832891459), (56, 2.0032407188478722),
    (57, 2.0024654592910073), (58, 2.0017174841452361), (59, 2.0009953780882677), (60, 2.0002978220142605),
    (61, 1.9996235849949397), (62, 1.998971517033379), (63, 1.9983405425207416), (64, 1.997729654317693),
    (65, 1.9971379083920041), (66, 1.996564418952312), (67, 1.9960083540252967), (68, 1.9954689314298439),
    (69, 1.994945415107238), (70, 1.9944371117711866), (71, 1.9939433678456258), (72, 1.9934635666618724),
    (73, 1.9929971258898551), (74, 1.9925434951809327), (75, 1.9921021540022421), (76, 1.9916726096446645),
    (77, 1.991254395388385), (78, 1.9908470688116909), (79, 1.9904502102301289), (80, 1.9900634212544462),
    (81, 1.9896863234569029), (82, 1.9893185571365725), (83, 1.9889597801751628), (84, 1.9886096669757091),
    (85, 1.988267907477222), (86, 1.9879342062390206), (87, 1.9876082815890711), (88, 1.9872898648311697),
    (89, 1.9869786995062815), (90, 1.9866745407037684), (91, 1.9863771544186181), (92, 1.9860863169511304),
    (93, 1.9858018143458234), (94, 1.9855234418666044), (95, 1.9852510035054982), (96, 1.9849843115224575),
    (97, 1.9847231860139847), (98, 1.9844674545084818), (99, 1.9842169515864175), (100, 1.9839715185235523)
),

chosen AS (
  SELECT *
    FROM (SELECT r.*,
                 row_number () OVER (PARTITION BY child, measure
                                     ORDER BY points DESC, respondent_rank, respondent) AS pick
            FROM change_rows AS r)
   WHERE pick = 1),

strata AS (
  SELECT service, age_band, dsr, measure,
         count (change) AS n,
         count (CASE WHEN change > 0 THEN 1 END) AS n_improved,
         sum (CASE WHEN change IS NOT NULL AND latest_pct_expected IS NOT NULL
                   THEN latest_k END) AS goals_rated,
         sum (CASE WHEN change IS NOT NULL AND latest_pct_expected IS NOT NULL
                   THEN CAST (round (latest_pct_expected * latest_k / 100.0) AS INTEGER) END)
           AS goals_achieved
    FROM chosen
   GROUP BY service, age_band, dsr, measure),

sorted AS (
  SELECT service, age_band, dsr, measure, change,
         row_number () OVER w AS i,
         count (*) OVER p AS n,
         sum (change) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
           / count (*) OVER p AS mean
    FROM chosen
   WHERE change IS NOT NULL
  WINDOW p AS (PARTITION BY service, age_band, dsr, measure),
         w AS (PARTITION BY service, age_band, dsr, measure ORDER BY change)),

summaries AS (
  SELECT service, age_band, dsr, measure, n, mean,
         CASE WHEN n % 2 = 1 THEN max (CASE WHEN i = n / 2 + 1 THEN change END)
              ELSE 0.5 * (max (CASE WHEN i = n / 2 THEN change END)
                          + max (CASE WHEN i = n / 2 + 1 THEN change END)) END AS median,
         sqrt (max (squares) / (n - 1)) AS sd
    FROM (SELECT *,
                 sum ((change - mean) * (change - mean))
                   OVER (PARTITION BY service, age_band, dsr, measure ORDER BY change
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS squares
            FROM sorted)
   GROUP BY service, age_band, dsr, measure),

-- t(0.975, n − 1): from the table, or beyond it from the Cornish–Fisher
-- expansion (Abramowitz & Stegun 26.7.5), within 1e-10 of the quantile from
-- 100 degrees of freedom on.
quantiles AS (
  SELECT m.service, m.age_band, m.dsr, m.measure,
         ifnull (t.t,
                 z + (z*z*z + z) / 4 / v
                   + (5*z*z*z*z*z + 16*z*z*z + 3*z) / 96 / (v*v)
                   + (3*z*z*z*z*z*z*z + 19*z*z*z*z*z + 17*z*z*z - 15*z) / 384 / (v*v*v)
                   + (79*z*z*z*z*z*z*z*z*z + 776*z*z*z*z*z*z*z + 1482*z*z*z*z*z
                      - 1920*z*z*z - 945*z) / 92160 / (v*v*v*v)) AS t
    FROM (SELECT *, n - 1.0 AS v, 1.959963984540054 AS z FROM summaries) AS m
    LEFT JOIN t_table AS t ON t.df = m.n - 1),

figures AS (
  SELECT s.service, s.age_band, s.dsr, s.measure, s.n, s.n_improved,
         ifnull (s.goals_rated, 0) AS goals_rated,
         ifnull (s.goals_achieved, 0) AS goals_achieved,
         m.mean, m.median,
         m.mean - q.t * m.sd / sqrt (m.n) AS ci_lower,
         m.mean + q.t * m.sd / sqrt (m.n) AS ci_upper
    FROM strata AS s
    LEFT JOIN summaries AS m USING (service, age_band, dsr, measure)
    LEFT JOIN quantiles AS q USING (service, age_band, dsr, measure)),

-- Suppression and one-decimal formatting, value by value: kind is the
-- suppression (0 nothing to publish, 1 suppressed, 2 shown).
published AS (
  SELECT f.*,
         CASE WHEN n = 0 THEN '0' WHEN n < 8 THEN '*' ELSE (n + 2) / 5 * 5 END AS children,
         CASE WHEN n = 0 THEN 0 WHEN n < 8 THEN 1 ELSE 2 END AS stat_kind,
         CASE WHEN n = 0 THEN 0
              WHEN n_improved BETWEEN 1 AND 7 OR n < 8 THEN 1 ELSE 2 END AS improved_kind,
         CASE WHEN n = 0 OR n_improved = 0 THEN 0.0
              ELSE 100.0 * ((n_improved + 2) / 5 * 5) / ((n + 2) / 5 * 5) END AS improved_pct,
         CASE WHEN goals_rated = 0 THEN 0
              WHEN goals_achieved BETWEEN 1 AND 7 OR goals_rated < 8 THEN 1 ELSE 2 END AS goals_kind,
         CASE WHEN goals_rated = 0 OR goals_achieved = 0 THEN 0.0
              ELSE 100.0 * ((goals_achieved + 2) / 5 * 5) / ((goals_rated + 2) / 5 * 5) END
           AS goals_pct
    FROM figures AS f),

-- Every published decimal, in one column, so the tie rule is written once.
decimals (service, age_band, dsr, measure, col, kind, x) AS (
  SELECT service, age_band, dsr, measure, 1, stat_kind, mean FROM published
  UNION ALL SELECT service, age_band, dsr, measure, 2, stat_kind, median FROM published
  UNION ALL SELECT service, age_band, dsr, measure, 3, stat_kind, ci_lower FROM published
  UNION ALL SELECT service, age_band, dsr, measure, 4, stat_kind, ci_upper FROM published
  UNION ALL SELECT service, age_band, dsr, measure, 5, improved_kind, improved_pct FROM published
  UNION ALL SELECT service, age_band, dsr, measure, 6,
                   CASE WHEN measure <> 'gas' OR stat_kind = 0 THEN 0
                        WHEN stat_kind = 1 THEN 1 ELSE goals_kind END,
                   goals_pct FROM published),

-- One decimal exactly as C's printf rounds the binary value, ties to even:
-- N = 10x rounded to an integer.  10x = 8x + 2x, both exact, and their sum
-- s with its rounding error e (Knuth's TwoSum) is 10x exactly, so a value
-- that only looks like a tie (s ending in .5) is settled by the sign of e.
-- SQLite's own printf cannot be used: it keeps about 16 digits, so 2.55
-- (2.5499999999999998…) would print as 2.6 where C prints 2.5.
rounded AS (
  SELECT *,
         CAST (CASE WHEN s - floor (s) = 0.5
                    THEN CASE WHEN e > 0 THEN floor (s) + 1
                              WHEN e < 0 THEN floor (s)
                              WHEN CAST (floor (s) AS INTEGER) % 2 = 0 THEN floor (s)
                              ELSE floor (s) + 1 END
                    ELSE round (s) END AS INTEGER) AS tenths
    FROM (SELECT *, (a - (s - (s - a))) + (b - (s - a)) AS e
            FROM (SELECT *, a + b AS s
                    FROM (SELECT *, x * 8 AS a, x * 2 AS b FROM decimals)))),

formatted AS (
  SELECT service, age_band, dsr, measure, col,
         CASE kind
           WHEN 0 THEN NULL
           WHEN 1 THEN '*'
           ELSE (CASE WHEN tenths < 0 THEN '-' ELSE '' END)
                || (abs (tenths) / 10) || '.' || (abs (tenths) % 10)
         END AS text
    FROM rounded)

SELECT p.service, p.age_band, p.dsr, p.measure, p.children,
       max (CASE WHEN f.col = 1 THEN f.text END) AS mean_change,
       max (CASE WHEN f.col = 2 THEN f.text END) AS median_change,
       max (CASE WHEN f.col = 3 THEN f.text END) AS ci_lower,
       max (CASE WHEN f.col = 4 THEN f.text END) AS ci_upper,
       max (CASE WHEN f.col = 5 THEN f.text END) AS pct_improved,
       max (CASE WHEN f.col = 6 THEN f.text END) AS pct_goals_achieved
  FROM published AS p
  JOIN formatted AS f USING (service, age_band, dsr, measure)
 GROUP BY p.service, p.age_band, p.dsr, p.measure
 ORDER BY p.service,
          CASE p.age_band WHEN 'under-18' THEN 0 WHEN '18-25' THEN 1 ELSE 2 END, p.age_band,
          CASE p.dsr WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'blue' THEN 2
                     WHEN 'green' THEN 3 WHEN 'unrated' THEN 4 ELSE 5 END, p.dsr,
          p.measure <> 'gas', p.measure;
