/* e2e-family.h — families handing in forms on a headless kiosk, through
 * the kiosk's own Send (kiosk_send_submission(), one transaction per
 * form, as the window's Send).  Shared by the crash loop's helper and the
 * network-fault test. */
#pragma once

#include "kiosk-core.h"

G_BEGIN_DECLS

typedef struct
{
  KioskStore *store;
  GRand      *rand;
  char       *child_a;          /* has a goal set: reviews rate it */
  char       *child_b;
  KvForm     *qol;
  KvForm     *experience;
  KvForm     *goals;
  KvForm     *review;
  KioskChild *cached_a;
} E2eFamilies;

/* The store must be enrolled, its forms cached and @child_a's goal set
 * cached (e2e_families_set_goals() then a lookup does that). */
gboolean    e2e_families_init      (E2eFamilies  *families,
                                    KioskStore   *store,
                                    GRand        *rand,
                                    const char   *child_a,
                                    const char   *child_b,
                                    GError      **error);
void        e2e_families_clear     (E2eFamilies  *families);

/* One family's Send, chosen at random: a quality-of-life form, a review
 * of child A's goals, independent feedback (sealed; with a code it also
 * writes the offer "completed"), new goals for child B, or declined
 * feedback (an offer only).  Returns the kind — "plain", "sealed" or
 * "goals" — and the submission's id in *@id, or NULL for a declined offer,
 * whose id the store makes itself.  Returns NULL with @error set when Send
 * failed. */
const char *e2e_families_send      (E2eFamilies  *families,
                                    char        **id,
                                    GError      **error);

/* Staff set three weighted goals for @child (gas-goals, keyworker,
 * assisted); returns the submission's id. */
char       *e2e_families_set_goals (KioskStore   *store,
                                    const char   *child,
                                    GError      **error);

G_END_DECLS
