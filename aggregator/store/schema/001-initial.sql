-- 001-initial.sql — the first schema of the Keyvoice aggregator.
--
-- Migrations are numbered files in this folder, compiled into the program as
-- a GResource and applied in order at start; PRAGMA user_version holds the
-- number of the last one applied.  A migration is never edited once
-- released: a change is a new file.
--
-- Conventions.  Timestamps written by the aggregator are UTC,
-- "YYYY-MM-DDTHH:MM:SSZ".  Dates are "YYYY-MM-DD", months "YYYY-MM".
-- Every table is STRICT so that a wrong type is an error, not a surprise.
--
-- What each table holds, and why:
--
--   services             one row per keyworking service; id is a short slug.
--   tokens               every credential: tablets (role device, one per
--                        enrolled tablet, so a device id is its token id),
--                        service leads (role service) and evaluators (role
--                        evaluator, no service).  Only a SHA-256 of the token
--                        is kept; the token is shown once.  revoked_at stops
--                        it at once.
--   enrolment_codes      one-time codes a tablet exchanges for a device
--                        token; hashed like tokens, they expire and are used
--                        at most once.
--   children             pseudonymous children: the code on the family's card,
--                        their service and age band.  No names, ever.
--   dsr_ratings          Dynamic Support Register history with the date each
--                        rating applies from; the current rating is the latest
--                        (view child_dsr_current).  Reports stratify by it.
--   submissions          every identified submission (GAS goals, GAS reviews,
--                        quality of life, other forms): form, version, child,
--                        respondent, mode, device times and the validated
--                        answers as canonical JSON.  goal_set_version is the
--                        version a gas-review rates, or the version a
--                        gas-goals submission created.
--   goal_sets            a child's GAS goal sets, one row per version, made by
--                        gas-goals submissions; set_on is the date it was set.
--   scores               derived scores, one row per submission and measure,
--                        recomputed from submissions and goal_sets at will
--                        ("keyvoice-aggregator scores recompute").  Measure
--                        "gas": kind "baseline" on the gas-goals submission
--                        (every goal at its baseline) and kind "review" on each
--                        gas-review; a form's own total is kind "total" and is
--                        named after the form.  k of n = goals rated of goals in
--                        the set, or scored items answered of items shown.
--   offers               the standard 7.3 ledger: a child was asked on a month
--                        and the family completed or declined.  This is the
--                        only place an experience offer touches a child.
--   experience_responses experience-of-keyworking answers with service and
--                        month only: no child, no device, no time, and a random
--                        key so that not even storage order follows arrival
--                        order.  They cannot be joined back to offers.
--   experience_receipts  the submission id and content hash of each experience
--                        submission, so a resend is recognised as a duplicate
--                        (or a conflict).  Deliberately nothing else: no link to
--                        the response it produced, no service, no month.
--   audit                who did what when: enrolments, revocations, token and
--                        child creation, DSR changes and every report pulled.
--                        Never a token or an enrolment code.

CREATE TABLE services (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE tokens (
  id          TEXT PRIMARY KEY,
  role        TEXT NOT NULL CHECK (role IN ('device', 'service', 'evaluator')),
  service_id  TEXT REFERENCES services (id),
  name        TEXT NOT NULL DEFAULT '',
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT,
  CHECK ((role = 'evaluator') = (service_id IS NULL))
) STRICT;

CREATE TABLE enrolment_codes (
  code_hash   TEXT PRIMARY KEY,
  service_id  TEXT NOT NULL REFERENCES services (id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  device_id   TEXT REFERENCES tokens (id)
) STRICT;

CREATE TABLE children (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  service_id  TEXT NOT NULL REFERENCES services (id),
  age_band    TEXT NOT NULL CHECK (age_band IN ('under-18', '18-25')),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX children_by_service ON children (service_id);

CREATE TABLE dsr_ratings (
  id          INTEGER PRIMARY KEY,
  child_id    INTEGER NOT NULL REFERENCES children (id),
  rating      TEXT NOT NULL CHECK (rating IN ('red', 'amber', 'blue', 'green')),
  rated_on    TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX dsr_ratings_by_child ON dsr_ratings (child_id, rated_on);

-- The rating in force now: the one with the latest date, and of two on the
-- same date the one recorded last.
CREATE VIEW child_dsr_current AS
  SELECT d.child_id, d.rating, d.rated_on
    FROM dsr_ratings AS d
   WHERE d.id = (SELECT e.id FROM dsr_ratings AS e
                  WHERE e.child_id = d.child_id
                  ORDER BY e.rated_on DESC, e.id DESC LIMIT 1);

CREATE TABLE submissions (
  id               TEXT PRIMARY KEY,
  content_hash     TEXT NOT NULL,
  form_id          TEXT NOT NULL,
  form_version     INTEGER NOT NULL,
  form_kind        TEXT NOT NULL,
  child_id         INTEGER NOT NULL REFERENCES children (id),
  device_id        TEXT NOT NULL REFERENCES tokens (id),
  respondent       TEXT NOT NULL CHECK (respondent IN ('young-person', 'parent-carer', 'both',
                                                      'someone-helping', 'keyworker')),
  mode             TEXT NOT NULL CHECK (mode IN ('self', 'assisted', 'proxy')),
  locale           TEXT NOT NULL,
  easy_read        INTEGER NOT NULL CHECK (easy_read IN (0, 1)),
  started_at       TEXT NOT NULL,   -- as sent: device clock, RFC 3339
  completed_at     TEXT NOT NULL,   -- as sent: device clock, RFC 3339
  completed_utc    TEXT NOT NULL,   -- the same instant in UTC, for ordering
  completed_on     TEXT NOT NULL,   -- the device's local date of completed_at
  goal_set_version INTEGER,
  answers          TEXT NOT NULL,   -- canonical JSON object
  received_at      TEXT NOT NULL
) STRICT;
CREATE INDEX submissions_by_child ON submissions (child_id, form_id, completed_utc);

CREATE TABLE goal_sets (
  child_id      INTEGER NOT NULL REFERENCES children (id),
  version       INTEGER NOT NULL CHECK (version >= 1),
  set_on        TEXT NOT NULL,
  submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
  goals         TEXT NOT NULL,      -- canonical JSON array of goals
  n_goals       INTEGER NOT NULL,
  PRIMARY KEY (child_id, version)
) STRICT;

CREATE TABLE scores (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  measure       TEXT NOT NULL,      -- "gas", or the id of the form scored
  kind          TEXT NOT NULL CHECK (kind IN ('baseline', 'review', 'total')),
  score         REAL,               -- NULL when status is not "scored"
  k             INTEGER NOT NULL,
  n             INTEGER NOT NULL,
  pct_expected  REAL,               -- GAS: % of rated goals at 0 or above
  status        TEXT NOT NULL CHECK (status IN ('scored', 'incomplete', 'no-goals',
                                                'none-rated', 'zero-weight')),
  flags         TEXT NOT NULL DEFAULT '',  -- space-separated, e.g. "k-of-n partial"
  PRIMARY KEY (submission_id, measure)
) STRICT;

CREATE TABLE offers (
  id           TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  child_id     INTEGER NOT NULL REFERENCES children (id),
  month        TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('completed', 'declined')),
  device_id    TEXT NOT NULL REFERENCES tokens (id),
  received_at  TEXT NOT NULL
) STRICT;
CREATE INDEX offers_by_child_month ON offers (child_id, month);

CREATE TABLE experience_responses (
  id           BLOB PRIMARY KEY,    -- random bytes, never a sequence
  service_id   TEXT NOT NULL REFERENCES services (id),
  month        TEXT NOT NULL,
  form_id      TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  answers      TEXT NOT NULL        -- canonical JSON object, opened from the sealed box
) STRICT, WITHOUT ROWID;
CREATE INDEX experience_by_service_month ON experience_responses (service_id, month);

CREATE TABLE experience_receipts (
  submission_id TEXT PRIMARY KEY,
  content_hash  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,           -- a token id, or "cli:USER"
  action  TEXT NOT NULL,           -- e.g. "device-enrol", "token-revoke", "report"
  target  TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT ''
) STRICT;
