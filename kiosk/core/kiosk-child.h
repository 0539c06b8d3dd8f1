/* kiosk-child.h — what the tablet knows about a child, by code.
 *
 * Parsed from the aggregator's reply to GET /api/v1/children/{code}
 * (docs/api.md): age band, DSR rating, the current GAS goal set and the
 * forms due now.  The same JSON is kept in the store's cache so the family
 * can still answer when the tablet is offline.  Immutable,
 * reference-counted.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "kv-gas.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHILD (kiosk_child_get_type ())

typedef struct _KioskChild KioskChild;

GType           kiosk_child_get_type              (void) G_GNUC_CONST;

/* Parses @node, the reply object.  @fetched_at is when the aggregator
 * said so (NULL: now); @from_cache says whether this came from the
 * tablet's cache rather than a live reply.  Fails with KIOSK_ERROR_INVALID
 * naming the member at fault, e.g. "goal_set.goals[1].baseline". */
KioskChild     *kiosk_child_new_from_json         (JsonNode     *node,
                                                   GDateTime    *fetched_at,
                                                   gboolean      from_cache,
                                                   GError      **error);
KioskChild     *kiosk_child_ref                   (KioskChild   *self);
void            kiosk_child_unref                 (KioskChild   *self);

const char     *kiosk_child_get_code              (KioskChild   *self);
/* "under-18" or "18-25". */
const char     *kiosk_child_get_age_band          (KioskChild   *self);
/* "red", "amber", "blue", "green", or NULL when the reply had none. */
const char     *kiosk_child_get_dsr               (KioskChild   *self);
/* The current goal set, or NULL before goals are set.  Its version goes
 * into kiosk_submission_set_goal_set(); its goals are what the family
 * rates and what kiosk_send_submission() checks a rating against. */
KvGoalSet      *kiosk_child_get_goal_set          (KioskChild   *self);
guint           kiosk_child_get_goal_set_version  (KioskChild   *self);
/* "YYYY-MM-DD" the goal set was agreed, or NULL. */
const char     *kiosk_child_get_goal_set_date     (KioskChild   *self);
/* Form ids due now, in the order to offer them, NULL-terminated. */
const char * const *kiosk_child_get_due           (KioskChild   *self);
gboolean        kiosk_child_is_due                (KioskChild   *self,
                                                   const char   *form_id);
GDateTime      *kiosk_child_get_fetched_at        (KioskChild   *self);
/* TRUE when the aggregator could not be asked and this is the tablet's
 * cached copy, which may be out of date (the UI may say so to staff). */
gboolean        kiosk_child_is_from_cache         (KioskChild   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskChild, kiosk_child_unref)

G_END_DECLS
