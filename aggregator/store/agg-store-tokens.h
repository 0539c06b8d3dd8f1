/* agg-store-tokens.h — the tokens table: every device, service and
 * evaluator token, kept as the digest of its secret (agg_token_hash()),
 * never the secret itself. */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* A token.  @role is "device", "service" or "evaluator".  What each
 * function fills is said beside it; the rest is NULL. */
typedef struct
{
  char *id;
  char *role;
  char *service_id;
  char *name;
  char *created_at;
  char *revoked_at;
} AggTokenRow;

void       agg_token_row_free        (AggTokenRow   *row);

/* Adds a token; @service_id is NULL for an evaluator's. */
gboolean   agg_store_tokens_insert   (AggDb         *db,
                                      const char    *id,
                                      const char    *role,
                                      const char    *service_id,
                                      const char    *name,
                                      const char    *hash,
                                      const char    *created_at,
                                      GError       **error);
/* Token @id (id, role, service_id and revoked_at, each NULL when unset)
 * into *@row, or NULL when there is none.  FALSE on a database failure. */
gboolean   agg_store_tokens_get      (AggDb         *db,
                                      const char    *id,
                                      AggTokenRow  **row,
                                      GError       **error);
/* The token whose secret has digest @hash, if it is not revoked (id, role
 * and service_id) into *@row, or NULL.  FALSE on a database failure. */
gboolean   agg_store_tokens_lookup   (AggDb         *db,
                                      const char    *hash,
                                      AggTokenRow  **row,
                                      GError       **error);
/* Marks token @id revoked at @revoked_at.  Returns 1, or 0 when there is
 * no such token or it was already revoked, or -1 with @error set. */
int        agg_store_tokens_revoke   (AggDb         *db,
                                      const char    *id,
                                      const char    *revoked_at,
                                      GError       **error);
/* The tokens of @role and of @service_id (either NULL: any), oldest first:
 * a GPtrArray of AggTokenRow with every field, service_id and revoked_at ""
 * when unset. */
GPtrArray *agg_store_tokens_list     (AggDb         *db,
                                      const char    *role,
                                      const char    *service_id,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggTokenRow, agg_token_row_free)

G_END_DECLS
