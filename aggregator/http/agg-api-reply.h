/* agg-api-reply.h — a request to the API of agg-api.h, free of any HTTP
 * library, the response that answers it, and how every route and the
 * server write an answer: JSON, or an error {"error": {"code", "message"}}
 * whose status follows from a GError.  agg-api.h includes this.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *method;
  const char *path;           /* decoded path, without the query */
  GHashTable *query;          /* name → value, or NULL */
  const char *authorization;  /* the Authorization header, or NULL */
  const char *content_type;   /* the Content-Type header, or NULL */
  GBytes     *body;           /* NULL when there is none */
  const char *remote;         /* the client's address, for enrolment limits */
} AggRequest;

typedef struct
{
  guint   status;
  char   *content_type;
  GBytes *body;
  /* For the request log: the route with every child code replaced by
   * "{code}", and the id of the token used (never the token). */
  char   *log_path;
  char   *token_id;
  char   *allow;              /* the Allow header of a 405 */
  guint   retry_after;        /* seconds, for the Retry-After header of a 429 or 503 */
} AggResponse;

void      agg_response_clear          (AggResponse      *response);

/* How long a request waits for a write lock another connection holds (an
 * admin verb), and the Retry-After of the 503 it gets when that was not
 * enough. */
#define AGG_API_BUSY_TIMEOUT_MS   5
#define AGG_API_BUSY_RETRY_AFTER  1

/* Fills @response with the 413 "too-large" refusal of a body over
 * @max_body bytes (0: a route that takes none). */
void      agg_api_too_large_reply     (AggResponse      *response,
                                       gsize             max_body);

/* The body of an error reply: {"error": {"code": …, "message": …}}. */
GBytes   *agg_api_error_body          (const char       *code,
                                       const char       *message);

/* Fills @response with @node as application/json. */
void      agg_api_reply_json          (AggResponse      *response,
                                       guint             status,
                                       JsonNode         *node);
/* Fills @response with an error reply. */
void      agg_api_reply_error         (AggResponse      *response,
                                       guint             status,
                                       const char       *code,
                                       const char       *message);
/* The edge: @error becomes a status and its reply.  Database and other
 * internal failures are logged (their messages name no person) and
 * answered 500 without detail. */
void      agg_api_reply_gerror        (AggResponse      *response,
                                       const GError     *error);
/* The answer to work the server took away and could not finish: 503
 * "unavailable" when it was cancelled because the server is stopping,
 * otherwise as agg_api_reply_gerror(). */
void      agg_api_reply_unfinished    (AggResponse      *response,
                                       const GError     *error);
/* Checks the content type and size of @request's body and parses it.
 * NULL when @response already says what is wrong. */
JsonNode *agg_api_read_json_body      (const AggRequest *request,
                                       AggResponse      *response);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggResponse, agg_response_clear)

G_END_DECLS
