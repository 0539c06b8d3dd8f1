/* kiosk-enrolment.c — which aggregator this tablet belongs to. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kiosk-enrolment.h"
#include "kiosk-error.h"

struct _KioskEnrolment
{
  gatomicrefcount  ref_count;
  char            *aggregator_url;
  char            *device_id;
  char            *service_id;
  char            *service_name;
  GBytes          *public_key;
  char            *ca_file;
  GDateTime       *enrolled_at;
};

G_DEFINE_BOXED_TYPE (KioskEnrolment, kiosk_enrolment,
                     kiosk_enrolment_ref, kiosk_enrolment_unref)

KioskEnrolment *
kiosk_enrolment_new (const char *aggregator_url,
                     const char *device_id,
                     const char *service_id,
                     const char *service_name,
                     GBytes     *public_key,
                     const char *ca_file,
                     GDateTime  *enrolled_at)
{
  KioskEnrolment *self;

  g_return_val_if_fail (aggregator_url != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (service_id != NULL, NULL);
  g_return_val_if_fail (service_name != NULL, NULL);
  g_return_val_if_fail (public_key != NULL, NULL);

  self = g_new0 (KioskEnrolment, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->aggregator_url = g_strdup (aggregator_url);
  self->device_id = g_strdup (device_id);
  self->service_id = g_strdup (service_id);
  self->service_name = g_strdup (service_name);
  self->public_key = g_bytes_ref (public_key);
  self->ca_file = (ca_file != NULL && *ca_file != '\0') ? g_strdup (ca_file) : NULL;
  self->enrolled_at = enrolled_at != NULL ? g_date_time_ref (enrolled_at)
                                          : g_date_time_new_now_utc ();
  return self;
}

KioskEnrolment *
kiosk_enrolment_ref (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiosk_enrolment_unref (KioskEnrolment *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->aggregator_url);
  g_free (self->device_id);
  g_free (self->service_id);
  g_free (self->service_name);
  g_bytes_unref (self->public_key);
  g_free (self->ca_file);
  g_date_time_unref (self->enrolled_at);
  g_free (self);
}

const char *
kiosk_enrolment_get_aggregator_url (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->aggregator_url;
}

const char *
kiosk_enrolment_get_device_id (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->device_id;
}

const char *
kiosk_enrolment_get_service_id (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->service_id;
}

const char *
kiosk_enrolment_get_service_name (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->service_name;
}

GBytes *
kiosk_enrolment_get_public_key (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->public_key;
}

const char *
kiosk_enrolment_get_ca_file (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->ca_file;
}

GDateTime *
kiosk_enrolment_get_enrolled_at (KioskEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->enrolled_at;
}

/* Loopback hosts may use plain http: the traffic never leaves the
 * machine, and the local demo aggregator and the tests have no
 * certificate.  Anything else must be https, whose verification is never
 * turned off. */
static gboolean
is_loopback_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1");
}

char *
kiosk_enrolment_normalize_url (const char  *url,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *scheme, *host;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator address is not a valid URL."));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator address has no host name."));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (host)))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator address must start with https://."));
      return NULL;
    }
  /* Credentials in a URL would end up in the database and on screen. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator address must not contain a user name or password."));
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator address must not contain '?' or '#'."));
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);

    return g_uri_join (G_URI_FLAGS_NONE, lower_scheme, NULL, host,
                       g_uri_get_port (uri), path, NULL, NULL);
  }
}
