/* e2e-util.h — the exactly-once audit shared by the end-to-end,
 * crash-loop and network-fault tests, and their throw-away directories.
 *
 * Everything runs on 127.0.0.1 in a directory the test made; the
 * aggregator is run by tests/kv-test-aggregator.h.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "kv-test-aggregator.h"

G_BEGIN_DECLS

/* How much slower than usual everything runs (kv_test_slowdown() in
 * tests/kv-test-common.h).  Waits against the clock are multiplied by it. */
guint     e2e_slowdown             (void);

/* A whole-number option of a long run ("--kills 200"), which the stress
 * scripts pass on. */
typedef struct
{
  const char *name;
  guint      *value;
} E2eOption;

/* Reads each of @options (up to the one named NULL) and --random-seed
 * from the command line left after g_test_init(); an option not given
 * keeps its value.  Returns the seed: the one given, or else one from the
 * clock, which the test prints so that a failing run can be repeated. */
guint32   e2e_parse_options        (int                 argc,
                                    char               *argv[],
                                    const E2eOption    *options);

/* A throw-away directory for one test, under the system's temporary
 * directory; e2e_remove_tree() removes it. */
char     *e2e_make_dir             (const char         *prefix);
void      e2e_remove_tree          (const char         *path);

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
