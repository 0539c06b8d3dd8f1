/* kv-test-aggregator.h — the real aggregator as a child process, for the
 * kiosk's tests against it and the end-to-end tests.
 *
 * Everything runs on 127.0.0.1 in a directory the test made; the
 * aggregator is `keyvoice-aggregator` itself (AGGREGATOR_PATH), so what is
 * tested is what ships.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *db;        /* the aggregator's database */
  char        *log;       /* its standard error (one line per request) */
  char        *listen;    /* "127.0.0.1:PORT" once it has run */
  char        *url;       /* "http://127.0.0.1:PORT/" once it has run */
  GSubprocess *serve;     /* NULL while it is not running */
} KvTestAggregator;

/* Its database and log go in @dir, which must exist. */
void      kv_test_aggregator_init  (KvTestAggregator   *agg,
                                    const char         *dir);
/* Stops the server if it runs, and frees what init made. */
void      kv_test_aggregator_clear (KvTestAggregator   *agg);
/* Runs a verb on the database and returns everything it printed on
 * standard output; fails the test when the verb fails. */
char     *kv_test_aggregator_run   (KvTestAggregator   *agg,
                                    const char * const *args);
/* The same, returning only the last line: what a creating verb made. */
char     *kv_test_aggregator_verb  (KvTestAggregator   *agg,
                                    const char * const *args);
/* The verbs that set up what a tablet needs, each returning what it made:
 * a service's id, a tablet enrolment code for it, a child's code. */
char     *kv_test_aggregator_add_service (KvTestAggregator *agg,
                                          const char       *name);
char     *kv_test_aggregator_enrol_code  (KvTestAggregator *agg,
                                          const char       *service);
char     *kv_test_aggregator_add_child   (KvTestAggregator *agg,
                                          const char       *service,
                                          const char       *age_band,
                                          const char       *dsr);
/* `serve`: on port 0 the first time, then on the same port again, so a
 * tablet enrolled to it finds it after a restart. */
void      kv_test_aggregator_start (KvTestAggregator   *agg);
/* SIGKILL (no chance to tidy up) or SIGTERM (a clean stop). */
void      kv_test_aggregator_kill  (KvTestAggregator   *agg);
void      kv_test_aggregator_stop  (KvTestAggregator   *agg);

/* A launcher whose children die with the test: a failed assertion must
 * not leave servers behind (Linux; elsewhere they are merely orphaned). */
GSubprocessLauncher *kv_test_launcher_new (GSubprocessFlags flags);

/* Reads the first line a child process printed (a server's URL). */
char     *kv_test_read_first_line  (GSubprocess        *process);

G_END_DECLS
