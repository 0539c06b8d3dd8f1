/* kiosk-goal-row.c — one GAS goal being agreed with a family.
 *
 * Everything docs/domain.md §1 asks at goal setting: the goal in the family's
 * own words, the baseline (−1 when there is some ability already, −2
 * when there is none), optionally importance and difficulty 0–3 (they come
 * together or not at all, so one check box turns both on), and optionally
 * what each of the five levels would look like.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-row.h"

struct _KioskGoalRow
{
  AdwBin     parent_instance;

  GtkWidget *number_label;
  GtkWidget *remove_button;
  GtkWidget *text_entry;
  GtkWidget *some_button;
  GtkWidget *none_button;
  GtkWidget *weigh_check;
  GtkWidget *importance;
  GtkWidget *difficulty;
  GtkWidget *levels_button;
  GtkWidget *levels;
  GtkWidget *level_entries[5];   /* −2 … +2 */
  GtkWidget *empty_note;

  char      *id;
  guint      number;
  gboolean   loading;
};

G_DEFINE_FINAL_TYPE (KioskGoalRow, kiosk_goal_row, ADW_TYPE_BIN)

enum {
  CHANGED,
  REMOVE,
  TYPE_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed_cb (KioskGoalRow *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static const char *level_name (int level);

/* What a text field of the row is for, in words that stand on their own
 * (the typing view shows the field without the rest of the row). */
static char *
field_title (KioskGoalRow *self,
             GtkWidget    *entry)
{
  for (int level = -2; level <= 2; level++)
    if (entry == self->level_entries[level + 2])
      /* Translators: "Goal 2 · Much less than expected: what it would look like" */
      return g_strdup_printf (_("Goal %u · %s: what it would look like"),
                              self->number, level_name (level));
  return g_strdup_printf (_("Goal %u, in the family’s own words"), self->number);
}

/* A touch (or click) on a text field asks for the typing view with the
 * kiosk's own keyboard: a tablet may have no keyboard of any other kind.
 * Tab and a physical keyboard type in the field where it is. */
static void
field_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   KioskGoalRow    *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  g_autofree char *title = field_title (self, entry);

  g_signal_emit (self, signals[TYPE_IN], 0, entry, title);
}

/* The press is ours: the entry's own gestures, which would otherwise
 * claim it (and so cancel this one) once the entry has the focus, do not
 * see it. */
static void
field_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  KioskGoalRow    *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
watch_touches (KioskGoalRow *self,
               GtkWidget    *entry)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  /* Seen before the entry's own gestures. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (field_pressed_cb), self);
  g_signal_connect (gesture, "released", G_CALLBACK (field_released_cb), self);
  gtk_widget_add_controller (entry, GTK_EVENT_CONTROLLER (gesture));
}

static void
kiosk_goal_row_finalize (GObject *object)
{
  KioskGoalRow *self = KIOSK_GOAL_ROW (object);

  g_free (self->id);

  G_OBJECT_CLASS (kiosk_goal_row_parent_class)->finalize (object);
}

static void
kiosk_goal_row_class_init (KioskGoalRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_goal_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::type-in (GtkEntry *field, const char *title): a text field was
   * touched; @title says what it is for. */
  signals[TYPE_IN] = g_signal_new ("type-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   GTK_TYPE_ENTRY, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-goal-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, text_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, some_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, none_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, weigh_check);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, importance);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, difficulty);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, levels_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, levels);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalRow, empty_note);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  gtk_widget_class_install_action (widget_class, "goal.remove", NULL, remove_action);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static const char *
level_name (int level)
{
  switch (level)
    {
    case -2: return _("Much less than expected");
    case -1: return _("Somewhat less than expected");
    case 0:  return _("The expected outcome");
    case 1:  return _("Somewhat more than expected");
    case 2:  return _("Much more than expected");
    default: g_assert_not_reached ();
    }
}

static void
kiosk_goal_row_init (KioskGoalRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  watch_touches (self, self->text_entry);

  for (int level = -2; level <= 2; level++)
    {
      GtkWidget *label = gtk_label_new (level_name (level));
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, level_name (level),
                                      -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (changed_cb), self);
      gtk_grid_attach (GTK_GRID (self->levels), label, 0, level + 2, 1, 1);
      gtk_grid_attach (GTK_GRID (self->levels), entry, 1, level + 2, 1, 1);
      self->level_entries[level + 2] = entry;
      watch_touches (self, entry);
    }
}

GtkWidget *
kiosk_goal_row_new (const char *id,
                    guint       max_length)
{
  KioskGoalRow *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_GOAL_ROW, NULL);
  self->id = g_strdup (id);
  gtk_entry_set_max_length (GTK_ENTRY (self->text_entry), MIN (max_length, G_MAXINT));
  for (guint i = 0; i < G_N_ELEMENTS (self->level_entries); i++)
    gtk_entry_set_max_length (GTK_ENTRY (self->level_entries[i]), MIN (max_length, G_MAXINT));

  return GTK_WIDGET (self);
}

const char *
kiosk_goal_row_get_id (KioskGoalRow *self)
{
  g_return_val_if_fail (KIOSK_IS_GOAL_ROW (self), NULL);
  return self->id;
}

void
kiosk_goal_row_set_number (KioskGoalRow *self,
                           guint         number)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_GOAL_ROW (self));

  self->number = number;
  text = g_strdup_printf (_("Goal %u"), number);
  gtk_label_set_label (GTK_LABEL (self->number_label), text);
}

void
kiosk_goal_row_load (KioskGoalRow *self,
                     JsonObject   *goal)
{
  JsonObject *levels;

  g_return_if_fail (KIOSK_IS_GOAL_ROW (self));
  g_return_if_fail (goal != NULL);

  self->loading = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->text_entry),
                         json_object_get_string_member_with_default (goal, "text", ""));

  switch (json_object_get_int_member_with_default (goal, "baseline", 0))
    {
    case -1:
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->some_button), TRUE);
      break;
    case -2:
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->none_button), TRUE);
      break;
    default:
      break;
    }

  if (json_object_has_member (goal, "importance") && json_object_has_member (goal, "difficulty"))
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->weigh_check), TRUE);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->importance),
                                  CLAMP (json_object_get_int_member (goal, "importance"), 0, 3));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->difficulty),
                                  CLAMP (json_object_get_int_member (goal, "difficulty"), 0, 3));
    }

  levels = json_object_has_member (goal, "levels")
           ? json_object_get_object_member (goal, "levels") : NULL;
  /* Levels already described are shown, not hidden behind the button. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->levels_button), levels != NULL);
  for (int level = -2; levels != NULL && level <= 2; level++)
    {
      g_autofree char *key = g_strdup_printf ("%d", level);

      gtk_editable_set_text (GTK_EDITABLE (self->level_entries[level + 2]),
                             json_object_get_string_member_with_default (levels, key, ""));
    }

  self->loading = FALSE;
}

JsonNode *
kiosk_goal_row_to_json (KioskGoalRow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;
  gboolean any_level = FALSE;

  g_return_val_if_fail (KIOSK_IS_GOAL_ROW (self), NULL);

  /* Stray spaces at either end are an artefact of typing, not the
   * family's words. */
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry))));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->some_button)))
    {
      json_builder_set_member_name (builder, "baseline");
      json_builder_add_int_value (builder, -1);
    }
  else if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->none_button)))
    {
      json_builder_set_member_name (builder, "baseline");
      json_builder_add_int_value (builder, -2);
    }

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->weigh_check)))
    {
      json_builder_set_member_name (builder, "importance");
      json_builder_add_int_value (builder, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->importance)));
      json_builder_set_member_name (builder, "difficulty");
      json_builder_add_int_value (builder, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->difficulty)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->level_entries); i++)
    if (!is_blank (gtk_editable_get_text (GTK_EDITABLE (self->level_entries[i]))))
      any_level = TRUE;

  if (any_level)
    {
      json_builder_set_member_name (builder, "levels");
      json_builder_begin_object (builder);
      for (int level = -2; level <= 2; level++)
        {
          g_autofree char *words =
            g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->level_entries[level + 2]))));
          g_autofree char *key = NULL;

          if (*words == '\0')
            continue;
          key = g_strdup_printf ("%d", level);
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, words);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

GtkWidget *
kiosk_goal_row_get_words_field (KioskGoalRow *self)
{
  g_return_val_if_fail (KIOSK_IS_GOAL_ROW (self), NULL);
  return self->text_entry;
}

gboolean
kiosk_goal_row_is_blank (KioskGoalRow *self)
{
  g_return_val_if_fail (KIOSK_IS_GOAL_ROW (self), TRUE);

  return is_blank (gtk_editable_get_text (GTK_EDITABLE (self->text_entry)))
         && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->some_button))
         && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->none_button));
}

void
kiosk_goal_row_set_empty_note (KioskGoalRow *self,
                               gboolean      shown)
{
  g_return_if_fail (KIOSK_IS_GOAL_ROW (self));
  gtk_widget_set_visible (self->empty_note, shown);
}
