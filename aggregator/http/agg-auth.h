/* agg-auth.h — who is calling an endpoint: the bearer token of a
 * request's Authorization header (docs/api.md "Roles"). */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-principal.h"

G_BEGIN_DECLS

/* Reads "Bearer TOKEN" from an Authorization header value (NULL: the
 * request has none) and finds the token (agg_token_lookup()).  A missing
 * or malformed header is AGG_ERROR_UNAUTHORIZED with the same message as
 * an unknown or revoked token, so that the answer says nothing about
 * which tokens exist. */
gboolean agg_auth_authenticate (AggDb         *db,
                                const char    *authorization,
                                AggPrincipal  *principal,
                                GError       **error);

G_END_DECLS
