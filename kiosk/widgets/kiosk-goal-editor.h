/* kiosk-goal-editor.h — the goal list of a gas-goals item. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "kv-gas.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_GOAL_EDITOR (kiosk_goal_editor_get_type ())

G_DECLARE_FINAL_TYPE (KioskGoalEditor, kiosk_goal_editor, KIOSK, GOAL_EDITOR, AdwBin)

/* Starts with one empty goal.  @max_goals and @max_length come from the
 * form's item (docs/form-format.md). */
GtkWidget  *kiosk_goal_editor_new        (guint             max_goals,
                                          guint             max_length);
/* Replaces the rows with the goals of a goal list answer. */
void        kiosk_goal_editor_load       (KioskGoalEditor  *self,
                                          JsonNode         *goals);
/* The goal list as far as it is filled in; NULL when every row is
 * still empty. */
JsonNode   *kiosk_goal_editor_dup_goals  (KioskGoalEditor  *self);
/* Appends an empty goal, unless the list is full. */
void        kiosk_goal_editor_add_goal   (KioskGoalEditor  *self);

/* Shows @set, the child's goals now (agreed on @set_on, "YYYY-MM-DD", or
 * NULL), until the keyworker starts from them ("goals.start-from-current":
 * their words, levels and weights, not their baselines) or writes new
 * ones ("goals.start-new").  Nothing happens for a set with no goals. */
void        kiosk_goal_editor_offer_current (KioskGoalEditor *self,
                                             KvGoalSet       *set,
                                             const char      *set_on);

/* Signal "changed": any goal was edited, added or removed.
 *
 * A touch on a goal's text field shows that field alone with the kiosk's
 * keyboard (the template child "typing"); Done, or Enter, goes back to
 * the goals ("goals.done-typing"). */

G_END_DECLS
