/* agg-admin.c — services, tokens, enrolment, children and DSR ratings. */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "kv-child-code.h"
#include "agg-error.h"
#include "agg-store-enrolment.h"
#include "agg-token.h"

#define MAX_SERVICE_ID_LENGTH 32

void
agg_enrolment_clear (AggEnrolment *enrolment)
{
  if (enrolment->token != NULL)
    sodium_memzero (enrolment->token, strlen (enrolment->token));
  g_clear_pointer (&enrolment->device_id, g_free);
  g_clear_pointer (&enrolment->token, g_free);
  g_clear_pointer (&enrolment->service_id, g_free);
  g_clear_pointer (&enrolment->service_name, g_free);
}

gboolean
agg_admin_is_age_band (const char *string)
{
  return g_strcmp0 (string, "under-18") == 0 || g_strcmp0 (string, "18-25") == 0;
}

gboolean
agg_admin_is_dsr_rating (const char *string)
{
  /* docs/domain.md §5: red (high risk of admission now), amber (at risk
   * without the right support), blue (in hospital), green (managing well). */
  static const char * const ratings[] = { "red", "amber", "blue", "green" };

  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    if (g_strcmp0 (string, ratings[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
agg_admin_is_date (const char *string)
{
  guint year, month, day;
  char end;

  if (string == NULL || strlen (string) != 10 || string[4] != '-' || string[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (string[i]))
      return FALSE;
  if (sscanf (string, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3)
    return FALSE;
  return year >= 1900 && g_date_valid_dmy (day, month, year);
}

gboolean
agg_admin_is_service_id (const char *string)
{
  gsize length;

  if (string == NULL || !g_ascii_islower (string[0]))
    return FALSE;
  length = strlen (string);
  if (length > MAX_SERVICE_ID_LENGTH || string[length - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (string[i]) && !g_ascii_isdigit (string[i]) && string[i] != '-')
      return FALSE;
  return TRUE;
}

/* Names are shown in lists and sent to tablets: one line of printable
 * UTF-8. */
static gboolean
check_name (const char  *name,
            gboolean     may_be_empty,
            const char  *what,
            GError     **error)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, _("the %s is not valid UTF-8"), what);
      return FALSE;
    }
  if (!may_be_empty && *name == '\0')
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, _("the %s is empty"), what);
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > AGG_MAX_NAME_LENGTH)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the %s is longer than %d characters"), what, AGG_MAX_NAME_LENGTH);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                     _("the %s has a control character"), what);
        return FALSE;
      }
  return TRUE;
}

static char *
slug_from_name (const char *name)
{
  GString *slug = g_string_new (NULL);
  gboolean hyphen = FALSE;

  for (const char *p = name; *p != '\0' && slug->len < MAX_SERVICE_ID_LENGTH; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_islower (c) || (g_ascii_isdigit (c) && slug->len > 0))
        {
          if (hyphen && slug->len > 0)
            g_string_append_c (slug, '-');
          hyphen = FALSE;
          if (slug->len < MAX_SERVICE_ID_LENGTH)
            g_string_append_c (slug, c);
        }
      else
        {
          hyphen = TRUE;
        }
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

static gboolean
finish (AggDb     *db,
        gboolean   ok,
        GError   **error)
{
  if (ok && agg_db_commit (db, error))
    return TRUE;
  agg_db_rollback (db);
  return FALSE;
}

gboolean
agg_admin_service_exists (AggDb       *db,
                          const char  *service_id,
                          GError     **error)
{
  int exists = agg_store_services_exists (db, service_id, error);

  if (exists < 0)
    return FALSE;
  if (!exists)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no service “%s”"),
                   service_id);
      return FALSE;
    }
  return TRUE;
}

char *
agg_admin_add_service (AggDb       *db,
                       const char  *name,
                       const char  *id,
                       const char  *actor,
                       GError     **error)
{
  g_autofree char *service_id = NULL;
  g_autofree char *now = agg_db_timestamp_now ();
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  if (!check_name (name, FALSE, _("service name"), error))
    return NULL;
  service_id = id != NULL ? g_strdup (id) : slug_from_name (name);
  if (!agg_admin_is_service_id (service_id))
    {
      if (id != NULL)
        g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                     _("“%s” is not a service id: use a lower-case letter, then lower-case "
                       "letters, digits and hyphens (at most %d)"),
                     id, MAX_SERVICE_ID_LENGTH);
      else
        g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                             _("no service id can be made from this name; give one with --id"));
      return NULL;
    }

  if (!agg_db_begin (db, error))
    return NULL;
  ok = agg_store_services_insert (db, service_id, name, now, &local_error);
  if (g_error_matches (local_error, AGG_ERROR, AGG_ERROR_EXISTS))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, AGG_ERROR, AGG_ERROR_EXISTS,
                   _("there is already a service “%s”; choose another id with --id"),
                   service_id);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  ok = ok && agg_audit_record (db, actor, "service-add", service_id, NULL, error);
  if (!finish (db, ok, error))
    return NULL;
  return g_steal_pointer (&service_id);
}

static gboolean
insert_token (AggDb       *db,
              const char  *id,
              AggRole      role,
              const char  *service_id,
              const char  *name,
              const char  *token,
              GError     **error)
{
  g_autofree char *hash = agg_token_hash (token);
  g_autofree char *now = agg_db_timestamp_now ();

  return agg_store_tokens_insert (db, id, agg_role_to_string (role), service_id,
                                  name != NULL ? name : "", hash, now, error);
}

gboolean
agg_admin_add_token (AggDb       *db,
                     AggRole      role,
                     const char  *service_id,
                     const char  *name,
                     const char  *actor,
                     char       **token_id,
                     char       **token,
                     GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (token_id != NULL && token != NULL, FALSE);

  if (role == AGG_ROLE_SERVICE && service_id == NULL)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("a service token needs --service"));
      return FALSE;
    }
  if (role == AGG_ROLE_EVALUATOR && service_id != NULL)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("an evaluator token sees every service; leave out --service"));
      return FALSE;
    }
  if (role == AGG_ROLE_DEVICE)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("device tokens come from enrolment; use “device enrol-code”"));
      return FALSE;
    }
  if (name != NULL && !check_name (name, TRUE, _("token name"), error))
    return FALSE;

  if (!agg_db_begin (db, error))
    return FALSE;
  ok = service_id == NULL || agg_admin_service_exists (db, service_id, error);
  if (ok)
    {
      id = agg_token_generate_id ("tok");
      secret = agg_token_generate ();
      ok = insert_token (db, id, role, service_id, name, secret, error) &&
           agg_audit_record (db, actor, "token-add", id, agg_role_to_string (role), error);
    }
  if (!finish (db, ok, error))
    return FALSE;

  *token_id = g_steal_pointer (&id);
  *token = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
agg_admin_revoke_token (AggDb       *db,
                        const char  *token_id,
                        gboolean     only_devices,
                        const char  *actor,
                        GError     **error)
{
  g_autoptr(AggTokenRow) token = NULL;
  g_autofree char *now = agg_db_timestamp_now ();
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  if (!agg_db_begin (db, error))
    return FALSE;

  ok = agg_store_tokens_get (db, token_id, &token, error);
  if (ok && (token == NULL || (only_devices && g_strcmp0 (token->role, "device") != 0)))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND,
                   only_devices ? _("there is no device “%s”") : _("there is no token “%s”"),
                   token_id);
      ok = FALSE;
    }
  else if (ok && token->revoked_at != NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” was already revoked on %s"), token_id, token->revoked_at);
      ok = FALSE;
    }
  if (ok)
    {
      ok = agg_store_tokens_revoke (db, token_id, now, error) >= 0 &&
           agg_audit_record (db, actor, only_devices ? "device-revoke" : "token-revoke",
                             token_id, NULL, error);
    }
  return finish (db, ok, error);
}

char *
agg_admin_create_enrolment_code (AggDb       *db,
                                 const char  *service_id,
                                 guint        hours,
                                 const char  *actor,
                                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *created_at = agg_db_timestamp (now);
  g_autofree char *expires_at = NULL;
  g_autofree char *code = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  if (hours < 1 || hours > AGG_MAX_ENROLMENT_HOURS)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("an enrolment code lives from 1 to %d hours"), AGG_MAX_ENROLMENT_HOURS);
      return NULL;
    }
  expires = g_date_time_add_hours (now, hours);
  expires_at = agg_db_timestamp (expires);
  code = agg_token_generate_enrolment_code ();
  normal = agg_token_normalize_enrolment_code (code);
  hash = agg_token_hash (normal);

  if (!agg_db_begin (db, error))
    return NULL;
  ok = agg_admin_service_exists (db, service_id, error);
  if (ok)
    {
      detail = g_strdup_printf ("expires %s", expires_at);
      ok = agg_store_enrolment_insert (db, hash, service_id, created_at, expires_at, error) &&
           agg_audit_record (db, actor, "enrol-code", service_id, detail, error);
    }
  if (!finish (db, ok, error))
    return NULL;
  return g_steal_pointer (&code);
}

static gboolean
bad_enrolment_code (GError **error)
{
  g_set_error_literal (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED,
                       _("the enrolment code is unknown, used or expired"));
  return FALSE;
}

gboolean
agg_admin_enrol_device (AggDb         *db,
                        const char    *code,
                        const char    *name,
                        AggEnrolment  *enrolment,
                        GError       **error)
{
  g_autofree char *normal = agg_token_normalize_enrolment_code (code);
  g_autofree char *hash = NULL;
  g_autofree char *now = agg_db_timestamp_now ();
  g_autofree char *device_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(AggEnrolmentRow) found = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *service_name = NULL;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (enrolment != NULL, FALSE);

  if (normal == NULL)
    return bad_enrolment_code (error);
  if (!check_name (name != NULL ? name : "", TRUE, _("device name"), error))
    return FALSE;
  hash = agg_token_hash (normal);

  if (!agg_db_begin (db, error))
    return FALSE;

  ok = agg_store_enrolment_lookup (db, hash, &found, error);
  /* Timestamps are all "YYYY-MM-DDTHH:MM:SSZ", so they compare as
   * strings. */
  if (ok && (found == NULL || found->used_at != NULL ||
             g_strcmp0 (found->expires_at, now) <= 0))
    ok = bad_enrolment_code (error);
  if (ok)
    {
      service_id = g_strdup (found->service_id);
      service_name = g_strdup (found->service_name);
      device_id = agg_token_generate_id ("dev");
      token = agg_token_generate ();
      ok = insert_token (db, device_id, AGG_ROLE_DEVICE, service_id, name, token, error);
    }
  if (ok)
    {
      /* The transaction holds the write lock, so the code cannot have been
       * used since the lookup; check anyway rather than hand out two
       * tokens for one code. */
      int used = agg_store_enrolment_use (db, hash, now, device_id, error);

      ok = used >= 0;
      if (used == 0)
        ok = bad_enrolment_code (error);
    }
  ok = ok && agg_audit_record (db, device_id, "device-enrol", device_id, service_id, error);
  if (!finish (db, ok, error))
    {
      if (token != NULL)
        sodium_memzero (token, strlen (token));
      return FALSE;
    }

  enrolment->device_id = g_steal_pointer (&device_id);
  enrolment->token = g_steal_pointer (&token);
  enrolment->service_id = g_steal_pointer (&service_id);
  enrolment->service_name = g_steal_pointer (&service_name);
  return TRUE;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
insert_dsr (AggDb       *db,
            gint64       child_id,
            const char  *dsr,
            const char  *date,
            GError     **error)
{
  g_autofree char *now = agg_db_timestamp_now ();

  return agg_store_children_add_dsr (db, child_id, dsr, date, now, error);
}

static gboolean
check_dsr_and_date (const char  *dsr,
                    const char  *date,
                    GError     **error)
{
  if (dsr != NULL && !agg_admin_is_dsr_rating (dsr))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not a DSR rating: use red, amber, blue or green"), dsr);
      return FALSE;
    }
  if (date != NULL && !agg_admin_is_date (date))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not a date: use YYYY-MM-DD"), date);
      return FALSE;
    }
  return TRUE;
}

/* @code as the database keeps it, or NULL with AGG_ERROR_INVALID. */
static char *
normalize_code (const char  *code,
                GError     **error)
{
  char *normal = kv_child_code_normalize (code);

  if (normal == NULL)
    g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                 _("“%s” is not a child code (check the characters)"), code);
  return normal;
}

/* Child @code (normalized), or NULL with AGG_ERROR_NOT_FOUND. */
static AggChildRow *
find_child (AggDb       *db,
            const char  *code,
            GError     **error)
{
  AggChildRow *child = NULL;

  if (!agg_store_children_get (db, code, &child, error))
    return NULL;
  if (child == NULL)
    g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no child “%s”"), code);
  return child;
}

char *
agg_admin_add_child (AggDb       *db,
                     const char  *service_id,
                     const char  *age_band,
                     const char  *dsr,
                     const char  *date,
                     const char  *actor,
                     GError     **error)
{
  g_autofree char *code = NULL;
  g_autofree char *now = agg_db_timestamp_now ();
  g_autofree char *rated_on = date != NULL ? g_strdup (date) : today ();
  gint64 child_id = 0;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  if (!agg_admin_is_age_band (age_band))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not an age band: use under-18 or 18-25"), age_band);
      return NULL;
    }
  if (!check_dsr_and_date (dsr, date, error))
    return NULL;

  if (!agg_db_begin (db, error))
    return NULL;
  ok = agg_admin_service_exists (db, service_id, error);

  /* 32^7 codes: a clash is rare, but a handful of tries makes it
   * vanishingly so. */
  for (guint attempt = 0; ok && code == NULL; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *candidate = NULL;
      guint8 random[KV_CHILD_CODE_RANDOM_BYTES];

      agg_token_random_bytes (random, sizeof random);
      candidate = kv_child_code_new_from_bytes (random, sizeof random);
      if (agg_store_children_insert (db, candidate, service_id, age_band, now, &child_id,
                                     &local_error))
        code = g_steal_pointer (&candidate);
      else if (!g_error_matches (local_error, AGG_ERROR, AGG_ERROR_EXISTS) || attempt == 9)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }

  if (ok && dsr != NULL)
    ok = insert_dsr (db, child_id, dsr, rated_on, error);
  ok = ok && agg_audit_record (db, actor, "child-add", code, service_id, error);
  if (!finish (db, ok, error))
    return NULL;
  return g_steal_pointer (&code);
}

gboolean
agg_admin_set_dsr (AggDb       *db,
                   const char  *code,
                   const char  *dsr,
                   const char  *date,
                   const char  *actor,
                   GError     **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *rated_on = date != NULL ? g_strdup (date) : today ();
  g_autofree char *detail = NULL;
  g_autoptr(AggChildRow) child = NULL;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  if (dsr == NULL)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("give a DSR rating: red, amber, blue or green"));
      return FALSE;
    }
  if (!check_dsr_and_date (dsr, date, error))
    return FALSE;
  normal = normalize_code (code, error);
  if (normal == NULL)
    return FALSE;

  if (!agg_db_begin (db, error))
    return FALSE;
  child = find_child (db, normal, error);
  ok = child != NULL;
  if (ok)
    {
      detail = g_strdup_printf ("%s from %s", dsr, rated_on);
      ok = insert_dsr (db, child->id, dsr, rated_on, error) &&
           agg_audit_record (db, actor, "child-set-dsr", normal, detail, error);
    }
  return finish (db, ok, error);
}

GPtrArray *
agg_admin_list_services (AggDb   *db,
                         GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_services_list (db, error);
}

GPtrArray *
agg_admin_list_tokens (AggDb       *db,
                       AggRole      role,
                       const char  *service_id,
                       GError     **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_tokens_list (db, role != 0 ? agg_role_to_string (role) : NULL, service_id,
                                error);
}

GPtrArray *
agg_admin_list_children (AggDb       *db,
                         const char  *service_id,
                         GError     **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_children_list (db, service_id, error);
}

AggChildRow *
agg_admin_find_child (AggDb       *db,
                      const char  *code,
                      GError     **error)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  normal = normalize_code (code, error);
  if (normal == NULL)
    return NULL;
  return find_child (db, normal, error);
}

GPtrArray *
agg_admin_dsr_history (AggDb       *db,
                       const char  *code,
                       GError     **error)
{
  g_autoptr(AggChildRow) child = agg_admin_find_child (db, code, error);

  if (child == NULL)
    return NULL;
  return agg_store_children_dsr_history (db, child->id, error);
}
