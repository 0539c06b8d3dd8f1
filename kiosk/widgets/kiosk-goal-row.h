/* kiosk-goal-row.h — one GAS goal being agreed with a family. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_GOAL_ROW (kiosk_goal_row_get_type ())

G_DECLARE_FINAL_TYPE (KioskGoalRow, kiosk_goal_row, KIOSK, GOAL_ROW, AdwBin)

/* @id is the goal's id in the goal list; @max_length the characters the
 * form allows for the goal's wording and each level description. */
GtkWidget   *kiosk_goal_row_new       (const char    *id,
                                       guint          max_length);
const char  *kiosk_goal_row_get_id    (KioskGoalRow  *self);
/* "Goal 2": rows are renumbered when one is removed. */
void         kiosk_goal_row_set_number (KioskGoalRow *self,
                                        guint         number);
/* Fills the row from a goal object of a goal list (docs/form-format.md
 * "Answers"). */
void         kiosk_goal_row_load      (KioskGoalRow  *self,
                                       JsonObject    *goal);
/* The goal object, as far as it is filled in (it may not be valid yet). */
JsonNode    *kiosk_goal_row_to_json   (KioskGoalRow  *self);

/* Signals: "changed" (anything edited), "remove" (the row asks to go),
 * "type-in" (GtkEntry *field, const char *title: a text field was
 * touched, and the editor offers its typing view). */

/* The field for the goal's own words. */
GtkWidget   *kiosk_goal_row_get_words_field (KioskGoalRow *self);
/* Nothing written and no baseline chosen: the editor leaves the row out. */
gboolean     kiosk_goal_row_is_blank        (KioskGoalRow *self);
/* Says on the row that, empty, it will not be saved. */
void         kiosk_goal_row_set_empty_note  (KioskGoalRow *self,
                                             gboolean      shown);

G_END_DECLS
