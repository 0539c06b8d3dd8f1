/* agg-children.h — what a tablet learns about a child from its code
 * (docs/api.md "GET /api/v1/children/{code}"): age band, DSR rating, the
 * current goal set and what is due now. */
#pragma once

#include <json-glib/json-glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"

G_BEGIN_DECLS

/* How recent a quality-of-life answer must be for it not to be due
 * again. */
#define AGG_QOL_INTERVAL_DAYS 28

/* Describes child @code of service @service_id as of @now.  An unknown
 * code, a malformed one and another service's code are all
 * AGG_ERROR_NOT_FOUND with the same message. */
JsonNode *agg_children_describe (AggDb            *db,
                                 AggFormRegistry  *forms,
                                 const char       *code,
                                 const char       *service_id,
                                 GDateTime        *now,
                                 GError          **error);

G_END_DECLS
