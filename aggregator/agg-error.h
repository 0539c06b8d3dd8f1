/* agg-error.h — the aggregator's one error domain.
 *
 * Library code in aggregator/ reports failures as GErrors in AGG_ERROR (or
 * passes on a KV_FORM_ERROR from libkvforms); the edges (CLI verbs, HTTP
 * handlers) decide how to show them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AGG_ERROR (agg_error_quark ())

typedef enum
{
  AGG_ERROR_DATABASE,         /* SQLite failed, or the file is not ours */
  AGG_ERROR_INVALID,          /* input that breaks a rule: a reason for a person */
  AGG_ERROR_NOT_FOUND,        /* no such service, child, token… */
  AGG_ERROR_EXISTS,           /* an id that is already taken */
  AGG_ERROR_UNAUTHORIZED,     /* missing, unknown, expired or revoked credential */
  AGG_ERROR_FORBIDDEN,        /* a credential whose role may not do this */
  AGG_ERROR_KEY,              /* the sealing key is missing, unsafe or unusable */
  AGG_ERROR_FORMS,            /* the forms directory cannot be loaded */
  AGG_ERROR_TOO_LARGE,        /* a body, batch or field over its limit */
  AGG_ERROR_RATE_LIMITED,     /* too many requests from one credential */
  AGG_ERROR_NOT_IMPLEMENTED,  /* a route that is declared but not built yet */
  AGG_ERROR_BUSY,             /* another connection holds the write lock: try again soon */
} AggError;

GQuark agg_error_quark (void);

G_END_DECLS
