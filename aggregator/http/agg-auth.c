/* agg-auth.c — the token of an Authorization header. */
#include "config.h"

#include "agg-auth.h"
#include "agg-token.h"

gboolean
agg_auth_authenticate (AggDb         *db,
                       const char    *authorization,
                       AggPrincipal  *principal,
                       GError       **error)
{
  const char *token = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (principal != NULL, FALSE);

  /* The scheme is case-insensitive (RFC 9110 §11.1).  Any other header is
   * no token at all, which the lookup refuses like an unknown one. */
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      token = authorization + 7;
      while (*token == ' ')
        token++;
    }
  return agg_token_lookup (db, token, principal, error);
}
