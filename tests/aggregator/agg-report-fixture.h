/* agg-report-fixture.h — the small data set the report tests share, built
 * by hand, whose every figure is worked out by hand below; each
 * tests/aggregator/test-report-*.c checks one report against it.
 *
 * THE DATA SET (all synthetic; every date is 2025)
 *
 * Service test-alpha ("Test Service Alpha"): TEST-A01…TEST-A13, under 18,
 * registered 5 Jan, DSR amber from 5 Jan.  A01–A09 have a goal set made by
 * the keyworker on 20 Jan: three unweighted goals, every baseline −1.
 *
 *   GAS T (docs/domain.md §1, ρ = 0.3, unweighted, n = 3):
 *   T = 50 + 10·Σx / √(0.7·3 + 0.3·9) = 50 + 10·Σx / √4.8 = 50 + 4.5644·Σx
 *   Σx = −5 → 27.18   −4 → 31.74   −3 → 36.31   −2 → 40.87   −1 → 45.44
 *          0 → 50.00    1 → 54.56    2 → 59.13    3 → 63.69    6 → 77.39
 *   Baseline of A01–A09 (Σx = −3): 36.31.  Change = latest − baseline, both
 *   rounded to 2 decimals first.
 *
 *   child  review(s) by parent carer              latest T  change  ≥0 goals
 *   A01    15 Mar (−1,−1,0); 15 Sep (0,0,0)        50.00    13.69   3 of 3
 *   A02    15 Sep (1,1,0)                          59.13    22.82   3 of 3
 *   A03    15 Sep (2,0,0)                          59.13    22.82   3 of 3
 *   A04    15 Sep (1,1,1)                          63.69    27.38   3 of 3
 *   A05    15 Sep (−1,0,0)                         45.44     9.13   2 of 3
 *   A06    15 Sep (−1,−1,−1)                       36.31     0.00   0 of 3
 *   A07    15 Sep (2,2,2)                          77.39    41.08   3 of 3
 *   A08    15 Sep (2,1,0)                          63.69    27.38   3 of 3
 *   A09    15 Sep (partial, 1, not rated)          50.00    13.69   1 of 2
 *          "partial" is scored −1 (Turner-Stokes & Williams 2010), the
 *          unrated goal is dropped: Σx = 0 over 2 goals → T = 50;
 *          flagged rated-2-of-3.
 *   A10–A13 have no answers at all (they only count as registered).
 *
 *   Family quality of life (7 items scored 3/2/1/0, total = sum), by the
 *   parent carer on 10 Feb and 10 Aug:
 *   A01  all "not enough" (7) → all "mostly fine" (14)        change  7.00
 *   A02  3 "mostly fine" + 4 "not enough" (10) → the same     change  0.00
 *   A03  all "mostly fine" (14) → safety "a serious problem",
 *        the rest "not enough" (0 + 6 = 6)                    change −8.00
 *
 * Service test-beta ("Test Service Beta"), registered 10 Jan unless said:
 *   B01  under 18, red.  Goal set 1 on 25 Jan (2 weighted goals), reviewed
 *        1 Mar; goal set 2 on 10 Apr: 3 unweighted goals, baselines
 *        (−2,−2,−1), Σx = −5 → 27.18.  Reviews of set 2: parent carer 1 Jul
 *        (1,0,0) → 54.56, change 27.38; young person 2 Jul (−1,0,0) →
 *        45.44, change 18.26.  Both rows flagged goal-set-changed; the
 *        review of set 1 is not used.
 *   B02  18–25, blue.  Goal set on 1 Feb (Σx = −3 → 36.31), never reviewed:
 *        one point, under the keyworker who set it.
 *   B03  under 18, red from 10 Jan, green from 1 Jun.  Goal set 25 Jan,
 *        baselines (−2,−1,−1), Σx = −4 → 31.74; review 20 Apr (1,1,1) →
 *        63.69, change 31.95.
 *   B04  under 18, red, registered 20 May.  One quality of life answer on
 *        15 Jun, every item "as I want it": 21; one point, no change.
 *   B05  under 18, amber.  Goal set 25 Jan whose goals all have importance
 *        0: every weight is 0, so neither the baseline nor the review of
 *        5 Mar has a score; zero points, flagged zero-weight.
 *
 * COHORT (one change per child and measure; for B01 the young person's,
 * first in respondent order at equal points).  Suppression (kv-sdc.c):
 * 0 stays 0, 1–7 is *, other counts round to 5, % from rounded counts,
 * mean/median/CI * under 8 people.
 *
 *   alpha · under 18 · amber · gas: 9 children with a change
 *     changes 0.00, 9.13, 13.69, 13.69, 22.82, 22.82, 27.38, 27.38, 41.08
 *     children 9 → 10; Σ = 177.99, mean = 19.776… → 19.8;
 *     median = 5th of 9 = 22.82 → 22.8;
 *     sd = √(Σ(x − mean)² / 8) = √(1166.54 / 8) = 12.0755;
 *     se = 12.0755 / 3 = 4.0252; t(0.975, 8 df) = 2.3060;
 *     95% CI = 19.777 ± 9.282 = 10.49 … 29.06 → 10.5, 29.1;
 *     improved (change > 0): 8 of 9 → rounded 10 of 10 → 100.0;
 *     goals at 0 or above at the latest review: 3+3+3+3+2+0+3+3+1 = 21 of
 *     3·8 + 2 = 26 → rounded 20 of 25 → 80.0.
 *   alpha · under 18 · amber · family-qol: 3 children → all *; not GAS, so
 *     no % goals achieved (null).
 *   beta · under 18 · red · gas: B01 alone → *.
 *   beta · under 18 · red · family-qol: B04 has no change → 0 children,
 *     every statistic null.
 *   beta · under 18 · amber · gas: B05, no change → 0, nulls.
 *   beta · under 18 · green · gas: B03 alone → *.
 *   beta · 18–25 · blue · gas: B02, no change → 0, nulls.
 *
 * STANDARD 7.3, 1 Apr – 30 Sep 2025 (2025/26 Q1 and Q2):
 *   alpha Q1: registered 13 → 15.  Asked in May: A01–A06 completed,
 *     A07–A09 declined; A01 asked again in June and declined (still
 *     completed).  Asked 9 → 10; % asked 10/15 = 66.7 → amber (≥ 50,
 *     < 90); completed 6 → *; declined 3 → *.
 *     10 responses (6 in May, 4 in June): FFT very good 5, good 3, neither
 *     1, don't know 1 → n 10; positive 8 → 10/10 = 100.0; negative 0/10 →
 *     0.0.  Who: parent carer 7, young person 2, both 1 → n 10; young
 *     person *, parent carer *, both *, someone helping 0/10 = 0.0.
 *     "listened": certainly 8, partly 1, don't know 1 → n (don't know
 *     excluded) 9 → 10; certainly 8 → 10/10 = 100.0; partly *; not 0.0.
 *     Every other item: certainly 10 → n 10; 100.0, 0.0, 0.0.
 *   alpha Q2: registered 15; asked A01–A04 in August (2 completed, 2
 *     declined) → *; % asked *; RAG * (rated only on a published %);
 *     2 responses → every count and % *.
 *   beta Q1: registered B01, B02, B03, B05 and B04 (20 May) = 5 → *;
 *     B01 asked in April, completed → asked *, completed *, declined 0;
 *     1 response → *.
 *   beta Q2: registered 5 → *; nobody asked → 0, % 0/5 → * (the
 *     denominator is suppressed); no responses → 0 and null percentages.
 */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-error.h"
#include "agg-form-registry.h"
#include "agg-report.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;
  char            *db_path;
  AggDb           *db;
  AggFormRegistry *forms;
} Fixture;

/* The one free text of the data set: alpha's first experience answer, in
 * May, gives it as its FFT reason. */
#define HOSTILE_REASON "Demo: \"quoted\", with comma\r\n=HYPERLINK(\"x\")"

#define COHORT_HEADER \
  "service,age_band,dsr,measure,children,mean_change,median_change,ci_lower,ci_upper," \
  "pct_improved,pct_goals_achieved\n"

/* A fresh database in a temporary directory, holding the data set. */
void  report_fixture_set_up      (Fixture                *fixture,
                                  gconstpointer           data);
void  report_fixture_tear_down   (Fixture                *fixture,
                                  gconstpointer           data);

/* Runs report @kind in @format with @given (NULL: the defaults), the
 * fixture's forms and "2026-01-01" as the day pages are made, and returns
 * what it wrote; asserts it succeeded. */
char *report_run                 (Fixture                *fixture,
                                  AggReportKind           kind,
                                  AggReportFormat         format,
                                  const AggReportOptions *given);
/* CSV lines are written with CRLF; the expectations are written with "\n"
 * and turned into CRLF here. */
char *report_crlf                (const char             *text);
/* The defaults, over 1 April to 30 September 2025 (2025/26 Q1 and Q2). */
void  report_experience_options  (AggReportOptions       *options);

#define REPORT_TEST_ADD(path, func) \
  g_test_add ("/aggregator/report/" path, Fixture, NULL, report_fixture_set_up, func, \
              report_fixture_tear_down)

G_END_DECLS
