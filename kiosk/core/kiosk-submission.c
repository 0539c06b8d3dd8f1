/* kiosk-submission.c — one form's hand-in, before Send. */
#include "config.h"

#include "kiosk-submission.h"

struct _KioskSubmission
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *form;
  guint            form_version;
  GDateTime       *started_at;
  char            *child;
  KioskRespondent  respondent;
  KioskMode        mode;
  char            *locale;
  gboolean         easy_read;
  guint            goal_set;
};

G_DEFINE_BOXED_TYPE (KioskSubmission, kiosk_submission,
                     kiosk_submission_ref, kiosk_submission_unref)

/* Wire names, indexed by the enums (docs/api.md). */
static const char * const respondent_names[] = {
  [KIOSK_RESPONDENT_YOUNG_PERSON] = "young-person",
  [KIOSK_RESPONDENT_PARENT_CARER] = "parent-carer",
  [KIOSK_RESPONDENT_BOTH] = "both",
  [KIOSK_RESPONDENT_SOMEONE_HELPING] = "someone-helping",
  [KIOSK_RESPONDENT_KEYWORKER] = "keyworker",
};

static const char * const mode_names[] = {
  [KIOSK_MODE_SELF] = "self",
  [KIOSK_MODE_ASSISTED] = "assisted",
  [KIOSK_MODE_PROXY] = "proxy",
};

KioskSubmission *
kiosk_submission_new (const char *form_id,
                      guint       form_version)
{
  KioskSubmission *self;

  g_return_val_if_fail (form_id != NULL && *form_id != '\0', NULL);
  g_return_val_if_fail (form_version > 0, NULL);

  self = g_new0 (KioskSubmission, 1);
  g_atomic_ref_count_init (&self->ref_count);
  /* The id is made now, when the session starts, so that a retry of the
   * same Send can never mint a second id for the same answers. */
  self->id = g_uuid_string_random ();
  self->form = g_strdup (form_id);
  self->form_version = form_version;
  self->started_at = g_date_time_new_now_utc ();
  self->respondent = KIOSK_RESPONDENT_PARENT_CARER;
  self->mode = KIOSK_MODE_SELF;
  self->locale = g_strdup ("en_GB");
  return self;
}

KioskSubmission *
kiosk_submission_ref (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiosk_submission_unref (KioskSubmission *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->form);
  g_date_time_unref (self->started_at);
  g_free (self->child);
  g_free (self->locale);
  g_free (self);
}

const char *
kiosk_submission_get_id (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
kiosk_submission_get_form (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->form;
}

guint
kiosk_submission_get_form_version (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->form_version;
}

GDateTime *
kiosk_submission_get_started_at (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->started_at;
}

void
kiosk_submission_set_child (KioskSubmission *self,
                            const char      *child)
{
  g_return_if_fail (self != NULL);

  if (child != NULL && *child == '\0')
    child = NULL;
  g_free (self->child);
  self->child = g_strdup (child);
}

const char *
kiosk_submission_get_child (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->child;
}

void
kiosk_submission_set_respondent (KioskSubmission *self,
                                 KioskRespondent  respondent)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) respondent < G_N_ELEMENTS (respondent_names));
  self->respondent = respondent;
}

KioskRespondent
kiosk_submission_get_respondent (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, KIOSK_RESPONDENT_PARENT_CARER);
  return self->respondent;
}

void
kiosk_submission_set_mode (KioskSubmission *self,
                           KioskMode        mode)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) mode < G_N_ELEMENTS (mode_names));
  self->mode = mode;
}

KioskMode
kiosk_submission_get_mode (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, KIOSK_MODE_SELF);
  return self->mode;
}

void
kiosk_submission_set_locale (KioskSubmission *self,
                             const char      *locale)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (locale != NULL && *locale != '\0');

  g_free (self->locale);
  self->locale = g_strdup (locale);
}

const char *
kiosk_submission_get_locale (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->locale;
}

void
kiosk_submission_set_easy_read (KioskSubmission *self,
                                gboolean         easy_read)
{
  g_return_if_fail (self != NULL);
  self->easy_read = !!easy_read;
}

gboolean
kiosk_submission_get_easy_read (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->easy_read;
}

void
kiosk_submission_set_goal_set (KioskSubmission *self,
                               guint            goal_set_version)
{
  g_return_if_fail (self != NULL);
  self->goal_set = goal_set_version;
}

guint
kiosk_submission_get_goal_set (KioskSubmission *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->goal_set;
}

const char *
kiosk_respondent_to_string (KioskRespondent respondent)
{
  g_return_val_if_fail ((guint) respondent < G_N_ELEMENTS (respondent_names), NULL);
  return respondent_names[respondent];
}

gboolean
kiosk_respondent_from_string (const char      *name,
                              KioskRespondent *respondent)
{
  g_return_val_if_fail (respondent != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (respondent_names); i++)
    if (g_str_equal (name, respondent_names[i]))
      {
        *respondent = i;
        return TRUE;
      }
  return FALSE;
}

const char *
kiosk_mode_to_string (KioskMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);
  return mode_names[mode];
}

gboolean
kiosk_mode_from_string (const char *name,
                        KioskMode  *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (name, mode_names[i]))
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}
