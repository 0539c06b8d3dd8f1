/* agg-store-services.h — the services table: the keyworking services whose
 * children, tablets and tokens the database holds. */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* A service as "service list" shows it. */
typedef struct
{
  char   *id;
  char   *name;
  char   *created_at;
  gint64  n_children;
  gint64  n_devices;    /* device tokens not revoked */
} AggServiceRow;

void       agg_service_row_free       (AggServiceRow  *row);

/* Adds a service; an id already taken is AGG_ERROR_EXISTS. */
gboolean   agg_store_services_insert  (AggDb          *db,
                                       const char     *id,
                                       const char     *name,
                                       const char     *created_at,
                                       GError        **error);
/* Whether service @id exists: 1 or 0, or -1 with @error set. */
int        agg_store_services_exists  (AggDb          *db,
                                       const char     *id,
                                       GError        **error);
/* Every service, by id: a GPtrArray of AggServiceRow. */
GPtrArray *agg_store_services_list    (AggDb          *db,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggServiceRow, agg_service_row_free)

G_END_DECLS
