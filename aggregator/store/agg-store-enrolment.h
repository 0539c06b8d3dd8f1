/* agg-store-enrolment.h — the enrolment_codes table: one-time codes a
 * tablet exchanges for a device token, kept as the digest of the code. */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* An enrolment code and the service it enrols into. */
typedef struct
{
  char *service_id;
  char *service_name;
  char *expires_at;
  char *used_at;        /* NULL until a tablet used it */
} AggEnrolmentRow;

void      agg_enrolment_row_free       (AggEnrolmentRow   *row);

gboolean  agg_store_enrolment_insert   (AggDb             *db,
                                        const char        *hash,
                                        const char        *service_id,
                                        const char        *created_at,
                                        const char        *expires_at,
                                        GError           **error);
/* The code whose digest is @hash into *@row, or NULL when there is none.
 * FALSE on a database failure. */
gboolean  agg_store_enrolment_lookup   (AggDb             *db,
                                        const char        *hash,
                                        AggEnrolmentRow  **row,
                                        GError           **error);
/* Marks the code used at @used_at by @device_id.  Returns 1, or 0 when
 * there is no such code or it was used already, or -1 with @error set. */
int       agg_store_enrolment_use      (AggDb             *db,
                                        const char        *hash,
                                        const char        *used_at,
                                        const char        *device_id,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggEnrolmentRow, agg_enrolment_row_free)

G_END_DECLS
