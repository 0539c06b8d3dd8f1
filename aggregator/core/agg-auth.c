/* agg-auth.c — finding the principal behind a bearer token. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-auth.h"
#include "agg-error.h"
#include "agg-sql.h"
#include "agg-token.h"

/* A token is "kv_" and 43 characters; anything much longer is not one of
 * ours and is not worth hashing. */
#define MAX_TOKEN_LENGTH 128

const char *
agg_role_to_string (AggRole role)
{
  switch (role)
    {
    case AGG_ROLE_DEVICE:
      return "device";
    case AGG_ROLE_SERVICE:
      return "service";
    case AGG_ROLE_EVALUATOR:
      return "evaluator";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
agg_role_from_string (const char *string,
                      AggRole    *role)
{
  static const AggRole roles[] = { AGG_ROLE_DEVICE, AGG_ROLE_SERVICE, AGG_ROLE_EVALUATOR };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (string, agg_role_to_string (roles[i])) == 0)
      {
        *role = roles[i];
        return TRUE;
      }
  return FALSE;
}

void
agg_principal_clear (AggPrincipal *principal)
{
  g_clear_pointer (&principal->token_id, g_free);
  g_clear_pointer (&principal->service_id, g_free);
  principal->role = 0;
}

static gboolean
unauthorized (GError **error)
{
  g_set_error_literal (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED,
                       _("the token is missing, unknown or revoked"));
  return FALSE;
}

gboolean
agg_auth_authenticate (AggDb         *db,
                       const char    *authorization,
                       AggPrincipal  *principal,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  const char *token;
  int rc;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (principal != NULL, FALSE);

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return unauthorized (error);
  token = authorization + 7;
  while (*token == ' ')
    token++;
  if (*token == '\0' || strlen (token) > MAX_TOKEN_LENGTH)
    return unauthorized (error);

  hash = agg_token_hash (token);
  stmt = agg_db_prepare (db, AGG_SQL_TOKEN_LOOKUP, error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, hash);
  rc = agg_db_step (db, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc != SQLITE_ROW)
    return unauthorized (error);

  if (!agg_role_from_string (agg_db_column_text (stmt, 1), &principal->role))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("token %s has an unknown role"), agg_db_column_text (stmt, 0));
      return FALSE;
    }
  principal->token_id = g_strdup (agg_db_column_text (stmt, 0));
  principal->service_id = g_strdup (agg_db_column_text (stmt, 2));
  return TRUE;
}
