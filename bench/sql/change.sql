-- change.sql — prints the change report as CSV from change_rows (read
-- change-rows.sql first; see there).  Scores and change have two decimals; a
-- change that rounds to zero is published as 0.00, never -0.00.
-- RFC 4180, as the report: CRLF after every record.
.mode csv
.headers on
.separator , "\r\n"

SELECT child, service, age_band, dsr, measure, respondent,
       baseline_date,
       CASE WHEN baseline_score IS NOT NULL THEN printf ('%.2f', baseline_score) END AS baseline_score,
       latest_date,
       CASE WHEN latest_score IS NOT NULL THEN printf ('%.2f', latest_score) END AS latest_score,
       CASE WHEN change IS NULL THEN NULL
            WHEN printf ('%.2f', change) = '-0.00' THEN '0.00'
            ELSE printf ('%.2f', change) END AS change,
       points,
       nullif (flags, '') AS flags
  FROM change_rows
 ORDER BY service, child, measure <> 'gas', measure, respondent_rank, respondent;
