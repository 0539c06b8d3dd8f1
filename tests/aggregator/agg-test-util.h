/* agg-test-util.h — a small, obviously synthetic world for the aggregator
 * tests: two services, children, tokens of every role, and helpers to
 * call the API directly or over HTTP. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "agg-api.h"
#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-keys.h"
#include "agg-server.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;
  char            *db_path;
  AggDb           *db;
  AggFormRegistry *forms;
  AggKeys         *keys;
  AggApi          *api;

  /* "test-service-a" and "test-service-b" */
  const char      *service_a;
  const char      *service_b;
  char            *child_a;        /* under-18, red, service A */
  char            *child_a2;       /* 18-25, blue, service A */
  char            *child_b;        /* service B */

  char            *device_a_id;
  char            *device_a;       /* tokens */
  char            *device_b;
  char            *service_a_token;
  char            *service_b_token;
  char            *evaluator;
  char            *revoked;        /* a device token of service A, revoked */
} AggTestWorld;

void        agg_test_world_init      (AggTestWorld  *world);
void        agg_test_world_clear     (AggTestWorld  *world);
/* The same as the setup and teardown of a g_test_add() fixture that is an
 * AggTestWorld. */
void        agg_test_world_setup     (AggTestWorld  *world,
                                      gconstpointer  data);
void        agg_test_world_teardown  (AggTestWorld  *world,
                                      gconstpointer  data);

/* A fresh temporary directory (under the isolated test dirs). */
char       *agg_test_make_dir        (void);
/* A new, empty database in a fresh temporary directory. */
AggDb      *agg_test_open_db         (void);

/* How many times slower than usual everything runs (kv_test_slowdown() in
 * tests/kv-test-common.h).  A test that waits for something against the
 * clock multiplies its waits by it. */
guint       agg_test_slowdown        (void);

/* A valid submission with every envelope field; add answers yourself.
 * @child may be NULL. */
JsonObject *agg_test_submission      (const char    *form,
                                      const char    *child);
/* The body {"submissions": [@submissions…], "offers": [@offers…]}; either
 * may be NULL.  Takes ownership of neither. */
char       *agg_test_batch           (JsonObject   **submissions,
                                      guint          n_submissions,
                                      JsonObject   **offers,
                                      guint          n_offers);
JsonObject *agg_test_parse_object    (const char    *json);
/* A family-qol submission for @child with every answer "mostly-fine", and
 * the batch of that one submission. */
JsonObject *agg_test_qol_submission  (const char    *child);
char       *agg_test_qol_batch       (const char    *child);

/* Calls the API directly. */
void        agg_test_call            (AggApi        *api,
                                      const char    *method,
                                      const char    *path,
                                      const char    *token,
                                      const char    *content_type,
                                      const char    *body,
                                      AggResponse   *response);
JsonObject *agg_test_response_object (AggResponse   *response);
/* The status of item @index of list @list ("submissions"/"offers") in a
 * reply, and its reason (or NULL). */
const char *agg_test_item_status     (JsonObject    *reply,
                                      const char    *list,
                                      guint          index,
                                      const char   **reason);

/* The first column of the first row of a constant test query. */
gint64      agg_test_count           (AggDb         *db,
                                      const char    *sql);

/* A real SoupServer on 127.0.0.1, port 0, in its own thread. */
typedef struct _AggTestServer AggTestServer;

AggTestServer *agg_test_server_start (AggApi        *api);
AggTestServer *agg_test_server_start_with_limits (AggApi                *api,
                                                  const AggServerLimits *limits);
const char    *agg_test_server_get_url (AggTestServer *server);
void           agg_test_server_stop  (AggTestServer *server);

/* One HTTP request with libcurl; returns the status (0 when no answer).
 * @token and @content_type may be NULL. */
long        agg_test_http            (const char    *method,
                                      const char    *url,
                                      const char    *token,
                                      const char    *content_type,
                                      const char    *body,
                                      gsize          length,
                                      char         **response);
/* The same, and *@retry_after (when not NULL) gets the value of the
 * answer's Retry-After header, or NULL when it has none. */
long        agg_test_http_full       (const char    *method,
                                      const char    *url,
                                      const char    *token,
                                      const char    *content_type,
                                      const char    *body,
                                      gsize          length,
                                      char         **response,
                                      char         **retry_after);

/* One request on its own thread, as a tablet or an evaluator's client
 * sends it while the test does something else. */
typedef struct
{
  char       *url;
  const char *method;
  const char *token;
  char       *body;      /* sent, as JSON; or NULL */
  GThread    *thread;
  long        status;
  char       *reply;
  gint        done;      /* atomic: answered (or given up) */
} AggTestRequest;

/* Sends @method @path (with its leading "/") to @base_url on a new thread;
 * takes @body, which may be NULL. */
void        agg_test_request_start   (AggTestRequest *request,
                                      const char     *method,
                                      const char     *base_url,
                                      const char     *path,
                                      const char     *token,
                                      char           *body);
/* Whether @request was answered within @ms milliseconds (times the
 * slowdown). */
gboolean    agg_test_request_wait    (AggTestRequest *request,
                                      guint           ms);
/* Waits for the thread, however long it takes. */
void        agg_test_request_join    (AggTestRequest *request);
/* Joins the thread if that is not done yet, and frees everything. */
void        agg_test_request_finish  (AggTestRequest *request);

/* A gate that work waits at, as the hook of agg_api_set_ingest_hook() or
 * agg_api_set_report_hook(), until the test opens it. */
typedef struct
{
  GMutex   lock;
  GCond    changed;
  guint    held;        /* waiting at the gate now */
  guint    most_held;   /* the most that ever waited at once */
  guint    passed;      /* let through (or given up) */
  guint    give_up;     /* seconds (times the slowdown) a wait lasts at most; 0: no limit */
  gboolean open;
} AggTestGate;

/* With @give_up_seconds, a wait gives up after that long (times the
 * slowdown), so that a hook run where it must not be fails the test instead
 * of hanging it; 0 waits until the gate opens or the work is cancelled. */
void        agg_test_gate_init       (AggTestGate   *gate,
                                      guint          give_up_seconds);
void        agg_test_gate_clear      (AggTestGate   *gate);
/* The hook; @user_data is the gate. */
void        agg_test_gate_wait       (GCancellable  *cancellable,
                                      gpointer       user_data);
/* Whether @n are waiting at the gate within ten seconds (times the
 * slowdown of a sanitizer or valgrind run). */
gboolean    agg_test_gate_wait_for_held (AggTestGate *gate,
                                         guint        n);
void        agg_test_gate_open       (AggTestGate   *gate);
guint       agg_test_gate_passed     (AggTestGate   *gate);
guint       agg_test_gate_most_held  (AggTestGate   *gate);

/* From agg_test_capture_log() on (call it once, before g_test_run()),
 * every log message of the process is kept (warnings are printed too);
 * agg_test_take_log() returns those kept since it was last called. */
void        agg_test_capture_log     (void);
char       *agg_test_take_log        (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggTestWorld, agg_test_world_clear)

/* Spawns the real `keyvoice-aggregator serve` on 127.0.0.1 port 0 over
 * @db_path, with @envp (NULL: this process's environment), not reaped;
 * *@url gets the address it printed. */
GPid agg_test_start_server (const char  *db_path,
                            char       **envp,
                            char       **url);
/* The same, with @extra_args after the others (NULL: none) and
 * @child_setup run in the child before it starts (a resource limit). */
GPid agg_test_start_server_full (const char           *db_path,
                                 char                **envp,
                                 const char * const   *extra_args,
                                 GSpawnChildSetupFunc  child_setup,
                                 gpointer              child_data,
                                 char                **url);
/* Stops a server agg_test_start_server() spawned with SIGTERM and reaps
 * it; it must exit with 0. */
void agg_test_stop_server (GPid pid);

/* The port of @url. */
guint16 agg_test_url_port            (const char *url);
/* A TCP connection to 127.0.0.1:@port, as a raw client that speaks HTTP
 * itself: connecting (non-blocking; -1 when it failed at once), or
 * connected and blocking. */
int     agg_test_connect_nonblocking (guint16     port);
int     agg_test_connect             (guint16     port);

/* A health check as a raw client sends it. */
#define AGG_TEST_HEALTH_REQUEST "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

G_END_DECLS
