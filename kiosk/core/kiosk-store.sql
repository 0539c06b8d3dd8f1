-- kiosk-store.sql: every SQL statement of the kiosk's store, in one place.
--
-- "-- @migration N" starts migration N (numbered from 1, applied in order,
-- each in its own transaction, recorded in PRAGMA user_version).
-- "-- @query NAME" starts a named statement, run with bound parameters
-- only; no SQL is ever built from strings at run time.  kiosk-store.c
-- prepares each once per connection, on its first use, and keeps it.
-- A migration is never edited once released: add a new one instead.

-- @migration 1
-- Key/value settings: the sync status (last_attempt, last_success,
-- last_error) and the staff PIN hash.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
);

-- At most one row: which aggregator the tablet belongs to.  The device
-- token is not here but in data_dir/device-token (0600).
CREATE TABLE enrolment (
  singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
  aggregator_url TEXT NOT NULL,
  device_id      TEXT NOT NULL,
  service_id     TEXT NOT NULL,
  service_name   TEXT NOT NULL,
  public_key     BLOB NOT NULL CHECK (length (public_key) = 32),
  ca_file        TEXT,
  enrolled_at    TEXT NOT NULL
);

-- Completed submissions not yet acknowledged.  Exactly one of answers (the
-- JSON text) and sealed (a crypto_box_seal box) is set, and a sealed row
-- never names a child: the child's part of independent feedback is an
-- offer, with nothing on disk linking the two.
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  form         TEXT NOT NULL,
  form_version INTEGER NOT NULL CHECK (form_version > 0),
  goal_set     INTEGER CHECK (goal_set IS NULL OR goal_set > 0),
  child        TEXT,
  respondent   TEXT NOT NULL,
  mode         TEXT NOT NULL CHECK (mode IN ('self', 'assisted', 'proxy')),
  locale       TEXT NOT NULL,
  easy_read    INTEGER NOT NULL CHECK (easy_read IN (0, 1)),
  started_at   TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  answers      TEXT,
  sealed       BLOB,
  state        TEXT NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'needs-attention')),
  last_error   TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  CHECK ((answers IS NULL) <> (sealed IS NULL)),
  CHECK (sealed IS NULL OR child IS NULL)
);

-- The offers ledger ("asked in <month>: completed/declined") not yet
-- acknowledged.  Only the month is kept, not the time, so the ledger
-- cannot be lined up with a sealed submission by its clock.
CREATE TABLE offers (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  child      TEXT NOT NULL,
  outcome    TEXT NOT NULL CHECK (outcome IN ('completed', 'declined')),
  month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  state      TEXT NOT NULL DEFAULT 'queued'
             CHECK (state IN ('queued', 'needs-attention')),
  last_error TEXT,
  attempts   INTEGER NOT NULL DEFAULT 0
);

-- What remains of a delivered (or deliberately discarded) entry.
CREATE TABLE receipts (
  id              TEXT PRIMARY KEY NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('submission', 'offer')),
  form            TEXT,
  status          TEXT NOT NULL CHECK (status IN ('stored', 'duplicate', 'discarded')),
  acknowledged_at TEXT NOT NULL
);

CREATE TABLE cached_forms (
  id         TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version > 0),
  xml        BLOB NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE cached_children (
  code       TEXT PRIMARY KEY NOT NULL,
  json       TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

-- @migration 2
-- Sealed feedback keeps in clear only what the aggregator needs to route
-- it (docs/api.md, "sealed_version" 2): id, form, form version and the
-- month.  Respondent, mode, locale, easy read and both times go inside the
-- box, so their columns are empty for such a row, and nothing on the
-- tablet dates it closer than its month.  Rows sealed before this
-- migration (sealed_version NULL) keep their clear columns and travel in
-- the old shape, which the aggregator still accepts.  SQLite cannot relax
-- NOT NULL in place, hence the copy.
CREATE TABLE outbox_2 (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,
  form           TEXT NOT NULL,
  form_version   INTEGER NOT NULL CHECK (form_version > 0),
  goal_set       INTEGER CHECK (goal_set IS NULL OR goal_set > 0),
  child          TEXT,
  respondent     TEXT,
  mode           TEXT CHECK (mode IS NULL OR mode IN ('self', 'assisted', 'proxy')),
  locale         TEXT,
  easy_read      INTEGER CHECK (easy_read IS NULL OR easy_read IN (0, 1)),
  started_at     TEXT,
  completed_at   TEXT,
  answers        TEXT,
  sealed         BLOB,
  sealed_version INTEGER CHECK (sealed_version IS NULL OR sealed_version = 2),
  month          TEXT CHECK (month IS NULL OR month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  state          TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'needs-attention')),
  last_error     TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  CHECK ((answers IS NULL) <> (sealed IS NULL)),
  CHECK (sealed IS NULL OR child IS NULL),
  CHECK (CASE WHEN sealed_version IS NULL
         THEN respondent IS NOT NULL AND mode IS NOT NULL AND locale IS NOT NULL
              AND easy_read IS NOT NULL AND started_at IS NOT NULL
              AND completed_at IS NOT NULL AND month IS NULL
         ELSE sealed IS NOT NULL AND goal_set IS NULL AND respondent IS NULL
              AND mode IS NULL AND locale IS NULL AND easy_read IS NULL
              AND started_at IS NULL AND completed_at IS NULL AND month IS NOT NULL
         END)
);
INSERT INTO outbox_2 (seq, id, form, form_version, goal_set, child, respondent, mode,
                      locale, easy_read, started_at, completed_at, answers, sealed,
                      state, last_error, attempts)
  SELECT seq, id, form, form_version, goal_set, child, respondent, mode, locale,
         easy_read, started_at, completed_at, answers, sealed, state, last_error,
         attempts
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_2 RENAME TO outbox;

-- @migration 3
-- A receipt is written for every item the aggregator acknowledges.  The
-- CHECK on its status listed three values with IN, for which SQLite builds
-- a temporary index each time the insert runs (it does for any list of
-- more than two constants); the same rule as plain comparisons costs
-- nothing.  SQLite cannot change a CHECK in place, hence the copy.
CREATE TABLE receipts_3 (
  id              TEXT PRIMARY KEY NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('submission', 'offer')),
  form            TEXT,
  status          TEXT NOT NULL CHECK (status = 'stored' OR status = 'duplicate'
                                       OR status = 'discarded'),
  acknowledged_at TEXT NOT NULL
);
INSERT INTO receipts_3 (id, kind, form, status, acknowledged_at)
  SELECT id, kind, form, status, acknowledged_at FROM receipts;
DROP TABLE receipts;
ALTER TABLE receipts_3 RENAME TO receipts;

-- @migration 4
-- Everything a family gives the tablet is sealed at Send (docs/api.md,
-- "sealed_version" 2), not only experience feedback.  A sealed row names
-- no child in clear, so the rule that independent feedback never shares a
-- request with anything naming a child needs its own column: independent
-- is 1 for experience feedback (until now, the only sealed rows).  A copy
-- rather than ALTER TABLE, so that a CHECK can tie it to the sealed box.
CREATE TABLE outbox_4 (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,
  form           TEXT NOT NULL,
  form_version   INTEGER NOT NULL CHECK (form_version > 0),
  goal_set       INTEGER CHECK (goal_set IS NULL OR goal_set > 0),
  child          TEXT,
  respondent     TEXT,
  mode           TEXT CHECK (mode IS NULL OR mode IN ('self', 'assisted', 'proxy')),
  locale         TEXT,
  easy_read      INTEGER CHECK (easy_read IS NULL OR easy_read IN (0, 1)),
  started_at     TEXT,
  completed_at   TEXT,
  answers        TEXT,
  sealed         BLOB,
  sealed_version INTEGER CHECK (sealed_version IS NULL OR sealed_version = 2),
  month          TEXT CHECK (month IS NULL OR month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  independent    INTEGER NOT NULL DEFAULT 0 CHECK (independent IN (0, 1)),
  state          TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'needs-attention')),
  last_error     TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  CHECK ((answers IS NULL) <> (sealed IS NULL)),
  CHECK (sealed IS NULL OR child IS NULL),
  CHECK (independent = 0 OR sealed IS NOT NULL),
  CHECK (CASE WHEN sealed_version IS NULL
         THEN respondent IS NOT NULL AND mode IS NOT NULL AND locale IS NOT NULL
              AND easy_read IS NOT NULL AND started_at IS NOT NULL
              AND completed_at IS NOT NULL AND month IS NULL
         ELSE sealed IS NOT NULL AND goal_set IS NULL AND respondent IS NULL
              AND mode IS NULL AND locale IS NULL AND easy_read IS NULL
              AND started_at IS NULL AND completed_at IS NULL AND month IS NOT NULL
         END)
);
INSERT INTO outbox_4 (seq, id, form, form_version, goal_set, child, respondent, mode,
                      locale, easy_read, started_at, completed_at, answers, sealed,
                      sealed_version, month, independent, state, last_error, attempts)
  SELECT seq, id, form, form_version, goal_set, child, respondent, mode, locale,
         easy_read, started_at, completed_at, answers, sealed, sealed_version, month,
         sealed IS NOT NULL, state, last_error, attempts
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_4 RENAME TO outbox;

-- The offers ledger is sealed too: the box holds the child's code and the
-- outcome, and only the month stays in clear (the staff screen lists it).
-- Offers written before this migration keep their clear columns and
-- travel in the old shape.  SQLite cannot relax NOT NULL in place, hence
-- the copy.
CREATE TABLE offers_4 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  child      TEXT,
  outcome    TEXT CHECK (outcome IS NULL OR outcome IN ('completed', 'declined')),
  month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  sealed     BLOB,
  state      TEXT NOT NULL DEFAULT 'queued'
             CHECK (state IN ('queued', 'needs-attention')),
  last_error TEXT,
  attempts   INTEGER NOT NULL DEFAULT 0,
  CHECK (CASE WHEN sealed IS NULL THEN child IS NOT NULL AND outcome IS NOT NULL
         ELSE child IS NULL AND outcome IS NULL END)
);
INSERT INTO offers_4 (seq, id, child, outcome, month, state, last_error, attempts)
  SELECT seq, id, child, outcome, month, state, last_error, attempts FROM offers;
DROP TABLE offers;
ALTER TABLE offers_4 RENAME TO offers;

-- Cached children are kept under a keyed hash of the code, and what the
-- aggregator said is in a secret box whose key comes from the same code
-- (kiosk-store-cache.c): nothing in the database names a child, and a
-- cached entry can be read only by someone who types the code.  A cache
-- is only a cache: the old rows go.
DROP TABLE cached_children;
CREATE TABLE cached_children (
  key        TEXT PRIMARY KEY NOT NULL,
  box        BLOB NOT NULL,
  fetched_at TEXT NOT NULL
);

-- @query setting_get
SELECT value FROM settings WHERE key = ?1;

-- @query setting_set
INSERT INTO settings (key, value) VALUES (?1, ?2)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- @query setting_delete
DELETE FROM settings WHERE key = ?1;

-- @query enrolment_get
SELECT aggregator_url, device_id, service_id, service_name, public_key,
       ca_file, enrolled_at
  FROM enrolment WHERE singleton = 1;

-- @query enrolment_set
INSERT OR REPLACE INTO enrolment (singleton, aggregator_url, device_id,
                                  service_id, service_name, public_key,
                                  ca_file, enrolled_at)
  VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- @query outbox_insert
INSERT INTO outbox (id, form, form_version, goal_set, child, respondent,
                    mode, locale, easy_read, started_at, completed_at,
                    answers, sealed, sealed_version, month, independent)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);

-- @query id_known
SELECT 1 FROM outbox WHERE id = ?1
UNION ALL SELECT 1 FROM offers WHERE id = ?1
UNION ALL SELECT 1 FROM receipts WHERE id = ?1;

-- @query offer_insert
INSERT INTO offers (id, month, sealed) VALUES (?1, ?2, ?3);

-- @query outbox_queued_batch
-- ?2 = 1 picks experience feedback, ?2 = 0 everything else: the two never
-- travel in one request (kiosk_store_next_batch).
SELECT id, form, form_version, goal_set, child, respondent, mode, locale,
       easy_read, started_at, completed_at, answers, sealed, sealed_version,
       month
  FROM outbox WHERE state = 'queued' AND independent = ?2
  ORDER BY seq LIMIT ?1;

-- @query offers_queued_batch
SELECT id, child, outcome, month, sealed
  FROM offers WHERE state = 'queued' ORDER BY seq LIMIT ?1;

-- @query outbox_get_form
SELECT form FROM outbox WHERE id = ?1;

-- @query outbox_delete
DELETE FROM outbox WHERE id = ?1;

-- @query offer_delete
DELETE FROM offers WHERE id = ?1;

-- @query receipt_insert
INSERT OR IGNORE INTO receipts (id, kind, form, status, acknowledged_at)
  VALUES (?1, ?2, ?3, ?4, ?5);

-- @query receipt_get
SELECT status FROM receipts WHERE id = ?1;

-- @query outbox_set_needs_attention
UPDATE outbox SET state = 'needs-attention', last_error = ?2,
                  attempts = attempts + 1
  WHERE id = ?1 AND state = 'queued';

-- @query offer_set_needs_attention
UPDATE offers SET state = 'needs-attention', last_error = ?2,
                  attempts = attempts + 1
  WHERE id = ?1 AND state = 'queued';

-- @query outbox_note_retry
UPDATE outbox SET last_error = ?2, attempts = attempts + 1
  WHERE id = ?1 AND state = 'queued';

-- @query offer_note_retry
UPDATE offers SET last_error = ?2, attempts = attempts + 1
  WHERE id = ?1 AND state = 'queued';

-- @query outbox_requeue
UPDATE outbox SET state = 'queued', last_error = NULL
  WHERE id = ?1 AND state = 'needs-attention';

-- @query offer_requeue
UPDATE offers SET state = 'queued', last_error = NULL
  WHERE id = ?1 AND state = 'needs-attention';

-- @query outbox_delete_needing_attention
DELETE FROM outbox WHERE id = ?1 AND state = 'needs-attention'
  RETURNING form;

-- @query offer_delete_needing_attention
DELETE FROM offers WHERE id = ?1 AND state = 'needs-attention'
  RETURNING id;

-- @query count_outbox_by_state
SELECT count(*) FROM outbox WHERE state = ?1;

-- @query count_offers_by_state
SELECT count(*) FROM offers WHERE state = ?1;

-- @query count_receipts
SELECT count(*) FROM receipts WHERE status <> 'discarded';

-- @query list_outbox
SELECT 0 AS kind, id, form, state, last_error, attempts, completed_at, month, seq
  FROM outbox
UNION ALL
SELECT 1 AS kind, id, NULL, state, last_error, attempts, NULL, month, seq
  FROM offers
ORDER BY kind, seq;

-- @query form_cache
INSERT OR REPLACE INTO cached_forms (id, version, xml, fetched_at)
  VALUES (?1, ?2, ?3, ?4);

-- @query form_has
SELECT 1 FROM cached_forms WHERE id = ?1 AND version = ?2;

-- @query form_load_version
SELECT xml FROM cached_forms WHERE id = ?1 AND version = ?2;

-- @query form_load_newest
SELECT xml FROM cached_forms WHERE id = ?1 ORDER BY version DESC LIMIT 1;

-- @query child_cache
INSERT OR REPLACE INTO cached_children (key, box, fetched_at)
  VALUES (?1, ?2, ?3);

-- @query child_lookup
SELECT box, fetched_at FROM cached_children WHERE key = ?1;

-- @query child_forget
DELETE FROM cached_children WHERE key = ?1;

-- @query children_forget_all
DELETE FROM cached_children;

-- @query children_expire
-- ?1 and ?2: the start of the tablet's local day and of the next, in UTC
-- as fetched_at is kept.  A time after today's (the clock was put back)
-- goes too.
DELETE FROM cached_children WHERE fetched_at < ?1 OR fetched_at >= ?2;

-- @query children_forget_for_new_device
-- Before an enrolment is written: unless it is the same device of the same
-- service (only the address or CA changed), the cached children go.
DELETE FROM cached_children
  WHERE NOT EXISTS (SELECT 1 FROM enrolment
                     WHERE device_id = ?1 AND service_id = ?2);
