/* kiosk-test-server.h — a small fake aggregator on 127.0.0.1, port 0.
 *
 * A SoupServer on its own thread and main context, so a test can call the
 * uploader's blocking functions on its main thread (or run a main loop
 * there) while this answers.  Its replies are switched between the
 * aggregator's real shapes and the ways a network lies.
 */
#pragma once

#include "kiosk-test-util.h"

G_BEGIN_DECLS

typedef enum
{
  KT_REPLY_OK,            /* stored, or duplicate for an id seen before */
  KT_REPLY_PORTAL,        /* 200 text/html: a captive portal's sign-in page */
  KT_REPLY_TRUNCATED,     /* stores, then sends only half of its JSON reply */
  KT_REPLY_BARE_200,      /* 200 with an empty body */
  KT_REPLY_WRONG_SHAPE,   /* 200 {"status": "ok"} */
  KT_REPLY_MISSING_IDS,   /* stores and lists only every other id */
  KT_REPLY_SERVER_ERROR,  /* 500 with an error body */
  KT_REPLY_CONFLICT,      /* every id: conflict */
  KT_REPLY_REJECTED,      /* every id: rejected, with a reason */
  KT_REPLY_CONTRADICT,    /* every id twice: stored and rejected */
  KT_REPLY_UNAUTHORIZED,  /* 401 */
  KT_REPLY_POISON,        /* 400 for any batch holding a poison id, else OK */
  KT_REPLY_POISON_500,    /* 500 for any batch holding a poison id, else OK */
  KT_REPLY_UNAVAILABLE,   /* 503 with Retry-After, as a busy or stopping aggregator */
  KT_REPLY_REDIRECT,      /* 302 to a sign-in page */
  KT_REPLY_STALL,         /* never answers */
  KT_REPLY_PROXY_400,     /* 400 with an HTML page, as a middlebox might */
  KT_REPLY_DEEP,          /* 200 and 400 "JSON" of 100,000 "[" */
  KT_REPLY_LENIENT,       /* 200 JSON with each id's status given twice */
} KtReplyMode;

/* The token the fake accepts, and the enrolment code it accepts. */
#define KT_TOKEN "kt-synthetic-token"
#define KT_ENROL_CODE "KT-GOOD-CODE"

typedef struct _KtServer KtServer;

KtServer    *kt_server_new              (void);
/* The same over https with the synthetic certificate in data/tls/. */
KtServer    *kt_server_new_tls          (void);
/* The path of data/tls/@name. */
char        *kt_tls_file                (const char  *name);
void         kt_server_free             (KtServer    *server);
/* "http://127.0.0.1:PORT" (https for kt_server_new_tls()) */
const char  *kt_server_get_url          (KtServer    *server);
const KtKeyPair *kt_server_get_keypair  (KtServer    *server);
void         kt_server_set_mode         (KtServer    *server,
                                         KtReplyMode  mode);
/* The one poison id; kt_server_add_poison() adds another. */
void         kt_server_set_poison       (KtServer    *server,
                                         const char  *id);
void         kt_server_add_poison       (KtServer    *server,
                                         const char  *id);
/* A store in a fresh data directory named @name (its path in *@dir, may
 * be NULL), enrolled to @server when @enrolled. */
KioskStore  *kt_server_open_store       (KtServer    *server,
                                         const char  *name,
                                         gboolean     enrolled,
                                         char       **dir);
/* From now on, every request for @path (e.g. "/api/v1/devices", without
 * the query) gets @status with @body, whatever the mode: a reply of a shape
 * the modes do not cover. */
void         kt_server_set_reply        (KtServer    *server,
                                         const char  *path,
                                         guint        status,
                                         const char  *body);
/* How many times the server stored (or acknowledged as duplicate) @id. */
guint        kt_server_times_received   (KtServer    *server,
                                         const char  *id);
/* How many distinct ids it stored. */
guint        kt_server_n_stored         (KtServer    *server);
guint        kt_server_n_requests       (KtServer    *server);
guint        kt_server_max_batch        (KtServer    *server);
/* The last body of POST /api/v1/submissions, or NULL. */
JsonNode    *kt_server_dup_last_request (KtServer    *server);
/* Every body of POST /api/v1/submissions that parsed as JSON with a good
 * token, in the order received (JsonNode). */
GPtrArray   *kt_server_dup_requests     (KtServer    *server);

/* An unused port on 127.0.0.1, as a URL nothing listens on. */
char        *kt_closed_url              (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtServer, kt_server_free)

G_END_DECLS
