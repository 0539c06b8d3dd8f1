/* kiosk-enrolment.h — which aggregator this tablet belongs to.
 *
 * Made by enrolment (kiosk_uploader_enrol()) from the aggregator's reply to
 * POST /api/v1/devices and kept in the store.  An immutable,
 * reference-counted value.  It holds nothing secret: the device token is
 * kept apart (see kiosk_store_set_enrolment()) and the public key is
 * public by nature.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_ENROLMENT (kiosk_enrolment_get_type ())

typedef struct _KioskEnrolment KioskEnrolment;

GType            kiosk_enrolment_get_type             (void) G_GNUC_CONST;

/* @public_key must be crypto_box_PUBLICKEYBYTES (32) bytes, @enrolled_at
 * may be NULL for now.  @ca_file is the CA bundle that verified the
 * aggregator at enrolment (NULL: the system's), remembered so that later
 * syncs trust the same authority. */
KioskEnrolment  *kiosk_enrolment_new                  (const char      *aggregator_url,
                                                       const char      *device_id,
                                                       const char      *service_id,
                                                       const char      *service_name,
                                                       GBytes          *public_key,
                                                       const char      *ca_file,
                                                       GDateTime       *enrolled_at);
KioskEnrolment  *kiosk_enrolment_ref                  (KioskEnrolment  *self);
void             kiosk_enrolment_unref                (KioskEnrolment  *self);

/* The base URL the tablet was enrolled to, without a trailing '/',
 * e.g. "https://keyvoice.example.nhs.uk" or "http://127.0.0.1:8080". */
const char      *kiosk_enrolment_get_aggregator_url   (KioskEnrolment  *self);
const char      *kiosk_enrolment_get_device_id        (KioskEnrolment  *self);
const char      *kiosk_enrolment_get_service_id       (KioskEnrolment  *self);
/* The service's display name, for the staff screen ("Enrolled to …"). */
const char      *kiosk_enrolment_get_service_name     (KioskEnrolment  *self);
/* The aggregator's crypto_box public key (32 bytes) that experience
 * answers are sealed to. */
GBytes          *kiosk_enrolment_get_public_key       (KioskEnrolment  *self);
/* NULL when the system's CA bundle is used. */
const char      *kiosk_enrolment_get_ca_file          (KioskEnrolment  *self);
GDateTime       *kiosk_enrolment_get_enrolled_at      (KioskEnrolment  *self);

/* Checks that @url is acceptable as an aggregator URL and returns it
 * normalised (no trailing '/', no query or fragment).  https is required,
 * except for the loopback hosts 127.0.0.1, [::1] and localhost, which may
 * use http (the local demo aggregator and tests).  Never follows or
 * contacts the URL. */
char            *kiosk_enrolment_normalize_url        (const char      *url,
                                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskEnrolment, kiosk_enrolment_unref)

G_END_DECLS
