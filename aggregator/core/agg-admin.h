/* agg-admin.h — what the admin verbs (and enrolment over HTTP) change and
 * list: services, tokens, enrolment codes, devices, children and DSR
 * ratings.  The statements themselves are the store's
 * (store/agg-store-services.c, -tokens.c, -enrolment.c, -children.c).
 *
 * Every change runs in one transaction together with its audit record.
 * @actor is who asks: "cli:USER" or a token id.
 */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-principal.h"
#include "agg-store-children.h"
#include "agg-store-services.h"
#include "agg-store-tokens.h"

G_BEGIN_DECLS

/* The longest service name, device name or token label we keep. */
#define AGG_MAX_NAME_LENGTH 200
/* The longest an enrolment code may be asked to live: 30 days. */
#define AGG_MAX_ENROLMENT_HOURS (24 * 30)

typedef struct
{
  char *device_id;
  char *token;          /* shown once, never stored */
  char *service_id;
  char *service_name;
} AggEnrolment;

void      agg_enrolment_clear          (AggEnrolment  *enrolment);

/* Returns the new service's id: @id, or a slug made from @name. */
char     *agg_admin_add_service        (AggDb         *db,
                                        const char    *name,
                                        const char    *id,
                                        const char    *actor,
                                        GError       **error);
gboolean  agg_admin_service_exists     (AggDb         *db,
                                        const char    *service_id,
                                        GError       **error);

/* A service or evaluator token.  @service_id is required for a service
 * token and must be NULL for an evaluator's. */
gboolean  agg_admin_add_token          (AggDb         *db,
                                        AggRole        role,
                                        const char    *service_id,
                                        const char    *name,
                                        const char    *actor,
                                        char         **token_id,
                                        char         **token,
                                        GError       **error);
/* Revokes token @token_id at once.  With @only_devices, a token that is
 * not a device's is AGG_ERROR_NOT_FOUND.  Revoking twice is an error, so
 * a typo cannot look like success. */
gboolean  agg_admin_revoke_token       (AggDb         *db,
                                        const char    *token_id,
                                        gboolean       only_devices,
                                        const char    *actor,
                                        GError       **error);

/* Returns a one-time code a tablet exchanges for a device token. */
char     *agg_admin_create_enrolment_code (AggDb      *db,
                                        const char    *service_id,
                                        guint          hours,
                                        const char    *actor,
                                        GError       **error);
/* Exchanges @code for a device token.  An unknown, used or expired code
 * is AGG_ERROR_UNAUTHORIZED, all with the same message. */
gboolean  agg_admin_enrol_device       (AggDb         *db,
                                        const char    *code,
                                        const char    *name,
                                        AggEnrolment  *enrolment,
                                        GError       **error);

/* Returns the new child's code ("K7Q3-MX2P").  @dsr and @date may be
 * NULL; @date defaults to today. */
char     *agg_admin_add_child          (AggDb         *db,
                                        const char    *service_id,
                                        const char    *age_band,
                                        const char    *dsr,
                                        const char    *date,
                                        const char    *actor,
                                        GError       **error);
gboolean  agg_admin_set_dsr            (AggDb         *db,
                                        const char    *code,
                                        const char    *dsr,
                                        const char    *date,
                                        const char    *actor,
                                        GError       **error);

/* What the list verbs show.  Every service, by id: a GPtrArray of
 * AggServiceRow. */
GPtrArray   *agg_admin_list_services (AggDb       *db,
                                      GError     **error);
/* The tokens of @role (0: of every role) and of @service_id (NULL: of
 * every service), oldest first, never their secrets: a GPtrArray of
 * AggTokenRow. */
GPtrArray   *agg_admin_list_tokens   (AggDb       *db,
                                      AggRole      role,
                                      const char  *service_id,
                                      GError     **error);
/* The children of @service_id (NULL: of every service) with their current
 * DSR rating and goal set version: a GPtrArray of AggChildRow. */
GPtrArray   *agg_admin_list_children (AggDb       *db,
                                      const char  *service_id,
                                      GError     **error);
/* Child @code: a malformed code is AGG_ERROR_INVALID, an unknown one
 * AGG_ERROR_NOT_FOUND. */
AggChildRow *agg_admin_find_child    (AggDb       *db,
                                      const char  *code,
                                      GError     **error);
/* Every DSR rating of child @code, by the date it applies from: a
 * GPtrArray of AggDsrRow.  Errors as agg_admin_find_child(). */
GPtrArray   *agg_admin_dsr_history   (AggDb       *db,
                                      const char  *code,
                                      GError     **error);

gboolean  agg_admin_is_age_band        (const char    *string);
gboolean  agg_admin_is_dsr_rating      (const char    *string);
/* Whether @string is a real calendar date written YYYY-MM-DD. */
gboolean  agg_admin_is_date            (const char    *string);
/* Whether @string is a service id: a lower-case letter, then lower-case
 * letters, digits and hyphens, at most 32 in all. */
gboolean  agg_admin_is_service_id      (const char    *string);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggEnrolment, agg_enrolment_clear)

G_END_DECLS
