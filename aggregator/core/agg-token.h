/* agg-token.h — secrets the aggregator hands out: bearer tokens, enrolment
 * codes and the ids that name them in logs.
 *
 * Tokens and enrolment codes are drawn from libsodium's CSPRNG, shown once,
 * and stored only as SHA-256 digests: with 256 (tokens) or 80 (codes) bits
 * of entropy a plain digest cannot be reversed by guessing, so no slow
 * password hash is needed.  A token is looked up by that digest.
 */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-principal.h"

G_BEGIN_DECLS

/* Initialises libsodium once; every function here calls it. */
void   agg_token_init             (void);

/* "kv_" and 43 characters of URL-safe base64 (32 random bytes). */
char  *agg_token_generate         (void);
/* An id safe for logs: @prefix, "-" and 10 characters of the child-code
 * alphabet (50 bits), e.g. "dev-7K3QMX2PAB". */
char  *agg_token_generate_id      (const char   *prefix);
/* A one-time enrolment code, typed on a tablet: 16 characters of the
 * child-code alphabet in groups of four (80 bits). */
char  *agg_token_generate_enrolment_code (void);
/* The enrolment code as typed, upper-cased and without spaces or hyphens,
 * so that it hashes the same however it was written; NULL if it cannot be
 * a code. */
char  *agg_token_normalize_enrolment_code (const char *input);

/* Lower-case hex SHA-256 of @secret. */
char  *agg_token_hash             (const char   *secret);

void   agg_token_random_bytes     (guint8       *buffer,
                                   gsize         length);

/* Finds the principal behind @token.  No token (NULL or ""), one too long
 * to be ours, an unknown and a revoked one are all AGG_ERROR_UNAUTHORIZED
 * with the same message, so that the answer says nothing about which
 * tokens exist; a caller that found no token in a request passes NULL to
 * be refused the same way. */
gboolean agg_token_lookup         (AggDb         *db,
                                   const char    *token,
                                   AggPrincipal  *principal,
                                   GError       **error);

G_END_DECLS
