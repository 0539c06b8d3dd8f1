/* kiosk-goal-summary.h — the goals just agreed, for a last look before Send. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_GOAL_SUMMARY (kiosk_goal_summary_get_type ())

G_DECLARE_FINAL_TYPE (KioskGoalSummary, kiosk_goal_summary, KIOSK, GOAL_SUMMARY, AdwBin)

/* @goals: the "goals" answer of a gas-goals form (an array, as
 * kiosk-goal-editor.h gives it), or NULL for none yet. */
GtkWidget  *kiosk_goal_summary_new      (JsonNode          *goals);
guint       kiosk_goal_summary_get_n_goals (KioskGoalSummary *self);

G_END_DECLS
