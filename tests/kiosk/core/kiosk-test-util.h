/* kiosk-test-util.h — small helpers shared by the kiosk core tests. */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "kiosk-core.h"
#include "kv-form.h"

G_BEGIN_DECLS

/* Obviously synthetic child code used throughout (not a real code's shape
 * on purpose, except where the real aggregator needs one). */
#define KT_CHILD "TEST-0001"
/* A marker that must never appear on disk in clear for sealed answers. */
#define KT_SECRET_MARKER "kt-synthetic-secret-text-7f3a"

typedef struct
{
  guchar public_key[32];
  guchar secret_key[32];
} KtKeyPair;

/* A fresh data directory under the isolated user data dir. */
char        *kt_data_dir            (const char   *name);
/* How many times slower than usual everything runs (kv_test_slowdown() in
 * tests/kv-test-common.h).  A test that waits for something against the
 * clock (an uploader's timeouts too) multiplies its waits by it. */
guint        kt_slowdown            (void);
/* Opens the store in @data_dir, asserting that it opens. */
KioskStore  *kt_open_store          (const char   *data_dir);
/* Puts the tablet in time zone @tz; returns the TZ it had before (NULL:
 * none), for kt_restore_tz(). */
char        *kt_set_tz              (const char   *tz);
void         kt_restore_tz          (const char   *saved);
KvForm      *kt_load_form           (const char   *file);
/* A form file shipped in forms/ by its id ("family-qol"). */
KvForm      *kt_shipped_form        (const char   *id);
char        *kt_read_data           (const char   *file);
JsonNode    *kt_json                (const char   *text);
void         kt_keypair             (KtKeyPair    *pair);
/* Enrols @store to @url (a test server, or a closed port) without any
 * network, with a keypair the test keeps. */
void         kt_enrol               (KioskStore   *store,
                                     const char   *url,
                                     const KtKeyPair *pair);
/* One key pair for the whole test program, made on first use. */
const KtKeyPair *kt_test_pair        (void);
/* Enrols @store with kt_test_pair() (to a closed port) unless it is
 * enrolled already: Send seals everything, so it needs a key. */
void         kt_ensure_enrolled     (KioskStore   *store);
/* Adds a valid kiosk-test-qol submission for @child and returns its id
 * (enrolling the store with kt_test_pair() first if need be). */
char        *kt_add_qol             (KioskStore   *store,
                                     const char   *child);
/* Answers for any form: the first level of every scale/choice item, one
 * level for multiple choice, @text for text items, min for numbers.  Good
 * enough for forms without conditions or GAS items. */
JsonNode    *kt_answers_for_form    (const KvForm *form,
                                     const char   *text);
/* Caches data/child.json as KT_CHILD's information. */
void         kt_cache_child         (KioskStore   *store);
/* Asserts that KT_CHILD is (or is not) in the store's cache. */
void         kt_assert_child_cached (KioskStore   *store,
                                     gboolean      cached);
/* A raw SQLite connection to @data_dir's kiosk.db, to look behind the
 * store's back. */
sqlite3     *kt_open_raw            (const char   *data_dir);
gint64       kt_count               (sqlite3      *db,
                                     const char   *sql);
/* A fresh temporary directory of its own, for tests that do not isolate
 * their XDG directories (GTK needs the system's MIME data, and the
 * sanitizer phase cannot suppress GLib's per-test directory strings
 * without full stacks); kt_remove_tree() removes it with everything in it. */
char        *kt_tmp_dir             (void);
void         kt_remove_tree         (const char   *path);
/* A valid child code made from random bytes ("XXXX-XXXX"). */
char        *kt_child_code          (void);
/* The store's next upload body, or NULL when nothing is queued. */
JsonNode    *kt_outbox              (KioskStore   *store);
/* The store's next upload body as the aggregator reads it: every item
 * through kt_opened(), with the key pair the store was enrolled with
 * (kt_enrol() remembers it); NULL when nothing is queued. */
JsonNode    *kt_outbox_opened       (KioskStore   *store);
/* The submission for @form in an upload body, or NULL. */
JsonObject  *kt_submission          (JsonNode     *batch,
                                     const char   *form);
/* Opens a sealed submission's box as only the aggregator could, with
 * @pair's secret key: the JSON inside it. */
JsonNode    *kt_open_sealed         (JsonObject   *submission,
                                     const KtKeyPair *pair);
/* An upload item as if it had come in clear: its members in clear (not
 * "sealed", "sealed_version" or "month") with, for an item of
 * sealed_version 2, the members of its box opened with @pair (NULL:
 * kt_test_pair()).  A new object. */
JsonObject  *kt_opened              (JsonObject   *item,
                                     const KtKeyPair *pair);
/* Whether @needle occurs anywhere in the files of @data_dir (db, WAL …). */
gboolean     kt_dir_contains        (const char   *data_dir,
                                     const char   *needle);

G_END_DECLS
