/* agg-auth.h — who is calling: bearer tokens and their roles (docs/api.md
 * "Roles"). */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* Roles are bits so an endpoint can name every role it admits in one
 * mask. */
typedef enum
{
  AGG_ROLE_DEVICE    = 1 << 0,  /* an enrolled tablet: submit, read forms, look up its children */
  AGG_ROLE_SERVICE   = 1 << 1,  /* a service lead: their own service's children and reports */
  AGG_ROLE_EVALUATOR = 1 << 2,  /* every service, pseudonymous rows */
} AggRole;

typedef struct
{
  char    *token_id;
  AggRole  role;
  char    *service_id;   /* NULL for an evaluator */
} AggPrincipal;

const char *agg_role_to_string    (AggRole        role);
gboolean    agg_role_from_string  (const char    *string,
                                   AggRole       *role);

void        agg_principal_clear   (AggPrincipal  *principal);

/* Reads "Bearer TOKEN" from an Authorization header value and finds the
 * token.  A missing, malformed, unknown or revoked token is
 * AGG_ERROR_UNAUTHORIZED, all with the same message, so that the answer
 * says nothing about which tokens exist. */
gboolean    agg_auth_authenticate (AggDb         *db,
                                   const char    *authorization,
                                   AggPrincipal  *principal,
                                   GError       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggPrincipal, agg_principal_clear)

G_END_DECLS
