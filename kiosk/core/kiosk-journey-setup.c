/* kiosk-journey-setup.c — a new tablet's first start: enrol, then the PIN.
 *
 * On a tablet with no staff PIN, whoever opened staff mode first used to
 * choose the PIN.  Now a tablet that is not enrolled either asks for the
 * service's address and enrolment code first (docs/kiosk.md "First
 * start"): only someone the service gave a code to can set the tablet up,
 * and the PIN is chosen straight after, in the same sitting.  Staff may
 * enrol the tablet again from staff mode through the same page (a new
 * code, or a service that moved); then the PIN stays as it is and both
 * Cancel and success go back to staff mode.
 */
#include "config.h"

#include "kiosk-journey-private.h"

gboolean
_kiosk_journey_needs_setup (KioskJourney *self)
{
  return !kiosk_store_has_staff_pin (self->store) && !kiosk_store_is_enrolled (self->store);
}

static void
enrol_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KioskJourney) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kiosk_uploader_enrol_finish (KIOSK_UPLOADER (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->enrolling);
  if (self->page != KIOSK_PAGE_SETUP)
    return;

  if (error != NULL)
    {
      /* Core errors are written for staff and carry no secret. */
      g_free (self->setup_error);
      self->setup_error = g_strdup (error->message);
      _kiosk_journey_notice (self, KIOSK_NOTICE_ENROL_FAILED);
      _kiosk_journey_changed (self);
      return;
    }

  g_clear_pointer (&self->setup_error, g_free);
  g_settings_set_string (self->settings, "aggregator-url", self->setup_url);
  kiosk_uploader_sync_now (self->uploader);
  if (self->staff)
    {
      _kiosk_journey_show (self, KIOSK_PAGE_STAFF);
      return;
    }
  /* Enrolled with the service's code: now, and only now, the PIN. */
  self->choose_pin = TRUE;
  _kiosk_journey_show (self, KIOSK_PAGE_PIN);
}

void
kiosk_journey_enrol_again (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page == KIOSK_PAGE_STAFF && self->staff)
    _kiosk_journey_show (self, KIOSK_PAGE_SETUP);
}

gboolean
kiosk_journey_is_enrolling_again (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->page == KIOSK_PAGE_SETUP && self->staff;
}

void
_kiosk_journey_back_from_setup (KioskJourney *self)
{
  if (self->staff)
    {
      _kiosk_journey_cancel_setup (self);
      _kiosk_journey_show (self, KIOSK_PAGE_STAFF);
    }
  else
    kiosk_journey_reset (self);
}

void
kiosk_journey_enrol (KioskJourney *self,
                     const char   *url,
                     const char   *code)
{
  g_autofree char *name = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *clean_code = NULL;

  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_SETUP || self->enrolling != NULL)
    return;

  clean_url = g_strstrip (g_strdup (url != NULL ? url : ""));
  clean_code = g_strstrip (g_strdup (code != NULL ? code : ""));
  if (*clean_url == '\0' || *clean_code == '\0')
    {
      _kiosk_journey_notice (self, KIOSK_NOTICE_SETUP_INCOMPLETE);
      return;
    }
  if (self->uploader == NULL)
    {
      _kiosk_journey_notice (self, KIOSK_NOTICE_ENROL_FAILED);
      return;
    }

  g_free (self->setup_url);
  self->setup_url = g_steal_pointer (&clean_url);
  self->enrolling = g_cancellable_new ();
  _kiosk_journey_notice (self, KIOSK_NOTICE_ENROLLING);
  _kiosk_journey_changed (self);

  name = g_settings_get_string (self->settings, "device-name");
  kiosk_uploader_enrol_async (self->uploader, self->setup_url, clean_code, name,
                              self->enrolling, enrol_done_cb, g_object_ref (self));
}

void
_kiosk_journey_cancel_setup (KioskJourney *self)
{
  if (self->enrolling != NULL)
    {
      g_cancellable_cancel (self->enrolling);
      g_clear_object (&self->enrolling);
    }
  g_clear_pointer (&self->setup_error, g_free);
}

gboolean
kiosk_journey_is_enrolling (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->enrolling != NULL;
}

const char *
kiosk_journey_get_setup_error (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return self->setup_error;
}
