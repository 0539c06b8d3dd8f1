/* e2e-util.h — the real aggregator as a child process, and the
 * exactly-once audit shared by the end-to-end, crash-loop and
 * network-fault tests.
 *
 * Everything runs on 127.0.0.1 in a directory the test made; the
 * aggregator is `keyvoice-aggregator` itself (AGGREGATOR_PATH), so what is
 * tested is what ships.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  char        *db;        /* the aggregator's database */
  char        *log;       /* its standard error (one line per request) */
  char        *listen;    /* "127.0.0.1:PORT" once it has run */
  char        *url;       /* "http://127.0.0.1:PORT/" once it has run */
  GSubprocess *serve;     /* NULL while it is not running */
} E2eAggregator;

void      e2e_aggregator_init      (E2eAggregator      *agg,
                                    const char         *dir);
void      e2e_aggregator_clear     (E2eAggregator      *agg);
/* Runs a verb on the database and returns everything it printed on
 * standard output; fails the test when the verb fails. */
char     *e2e_aggregator_run       (E2eAggregator      *agg,
                                    const char * const *args);
/* The same, returning only the last line: what a creating verb made. */
char     *e2e_aggregator_verb      (E2eAggregator      *agg,
                                    const char * const *args);
/* `serve`: on port 0 the first time, then on the same port again, so a
 * tablet enrolled to it finds it after a restart. */
void      e2e_aggregator_start     (E2eAggregator      *agg);
/* SIGKILL (no chance to tidy up) or SIGTERM (a clean stop). */
void      e2e_aggregator_kill      (E2eAggregator      *agg);
void      e2e_aggregator_stop      (E2eAggregator      *agg);

/* How much slower than usual everything runs (kv_test_slowdown() in
 * tests/kv-test-common.h).  Waits against the clock are multiplied by it. */
guint     e2e_slowdown             (void);

/* A launcher whose children die with the test: a failed assertion must
 * not leave servers behind (Linux; elsewhere they are merely orphaned). */
GSubprocessLauncher *e2e_launcher_new (GSubprocessFlags flags);

/* A throw-away directory for one test, under the system's temporary
 * directory; e2e_remove_tree() removes it. */
char     *e2e_make_dir             (const char         *prefix);
void      e2e_remove_tree          (const char         *path);

/* Reads the first line a child process printed (a server's URL). */
char     *e2e_read_first_line      (GSubprocess        *process);

sqlite3  *e2e_open_db              (const char         *path);
/* The first column of the first row of a constant query. */
gint64    e2e_count                (sqlite3            *db,
                                    const char         *sql);
/* How many rows of a constant query with one text parameter ?1. */
gint64    e2e_count_with           (sqlite3            *db,
                                    const char         *sql,
                                    const char         *value);
/* PRAGMA integrity_check's answer ("ok" when the file is sound). */
char     *e2e_integrity_check      (const char         *path);

/* What the audit of a run found. */
typedef struct
{
  guint completed;        /* ids the families were thanked for */
  guint delivered;        /* kiosk receipts: submissions and offers */
  guint on_aggregator;    /* submissions (plain and sealed) and offers held */
  guint lost;             /* thanked or acknowledged, yet not on the aggregator */
  guint doubled;          /* held more than once, or held without the kiosk
                           * ever having made it */
  guint still_queued;     /* left in the kiosk's outbox */
  guint needs_attention;  /* parked as conflict or rejected */
} E2eAudit;

/* Compares the kiosk in @kiosk_dir with the aggregator's @agg_db.
 * @completed maps each submission id a family was thanked for to its
 * kind: "plain" (a form stored with the child), "sealed" (experience
 * feedback) or "goals" (a gas-goals set).  Offers are counted through the
 * kiosk's receipts, since the store makes their ids itself.  Both
 * databases must be closed by their programs (or at least quiescent). */
void      e2e_audit                (const char         *kiosk_dir,
                                    const char         *agg_db,
                                    GHashTable         *completed,
                                    E2eAudit           *audit);

G_END_DECLS
