/* agg-principal.h — who is calling: the token, its role and its service
 * (docs/api.md "Roles").  http/agg-auth.h finds the principal behind a
 * request; core/ takes it as it is. */
#pragma once

#include <glib.h>

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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggPrincipal, agg_principal_clear)

G_END_DECLS
