/* kiosk-goal-editor.c — the goal list of a gas-goals item.
 *
 * One KioskGoalRow per goal, up to the item's max-goals.  Goal ids are
 * "g1", "g2", … in the order goals were added; removing a goal never
 * reuses its id, so an id always means the same goal within a goal set.
 *
 * A touch on a goal's text field shows the typing view instead of the
 * list: that field alone, sharing the field's own text buffer, with the
 * kiosk's keyboard under it and Done to go back to the goal, because the
 * goal card and a keyboard do not both fit on a tablet's screen.
 *
 * For a child who has goals already, the editor first shows them
 * (kiosk_goal_editor_offer_current()): new goals replace them, so the
 * keyworker sees what is there and starts from it or afresh.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-editor.h"
#include "kiosk-goal-row.h"
#include "kiosk-text-keyboard.h"

struct _KioskGoalEditor
{
  AdwBin     parent_instance;

  GtkWidget *stack;
  GtkWidget *rows;
  GtkWidget *add_button;
  GtkWidget *current;
  GtkWidget *current_title;
  GtkWidget *current_list;
  GtkWidget *typing;
  GtkWidget *typing_title;
  GtkWidget *typing_entry;
  GtkWidget *typing_for;   /* weak: the goal's field being typed into */
  guint      refocus_tick;
  guint      refocus_frames;

  KvGoalSet *current_set;
  guint      max_goals;
  guint      max_length;
  guint      next_id;
};

G_DEFINE_FINAL_TYPE (KioskGoalEditor, kiosk_goal_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
count_rows (KioskGoalEditor *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* An empty goal is left out of what is saved; with more than one goal
 * on screen, the empty one says so, rather than vanishing at Send. */
static void
update_notes (KioskGoalEditor *self)
{
  gboolean several = count_rows (self) > 1;

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    kiosk_goal_row_set_empty_note (KIOSK_GOAL_ROW (row),
                                   several && kiosk_goal_row_is_blank (KIOSK_GOAL_ROW (row)));
}

static void
renumber (KioskGoalEditor *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    kiosk_goal_row_set_number (KIOSK_GOAL_ROW (row), ++n);

  update_notes (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "goals.add", n < self->max_goals);
}

static void
row_changed_cb (KioskGoalEditor *self)
{
  update_notes (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
row_remove_cb (KioskGoalEditor *self,
               GtkWidget       *row)
{
  gtk_box_remove (GTK_BOX (self->rows), row);
  renumber (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
cancel_refocus (KioskGoalEditor *self)
{
  if (self->refocus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refocus_tick);
  self->refocus_tick = 0;
}

static void
row_type_in_cb (KioskGoalEditor *self,
                GtkEntry        *field,
                const char      *title)
{
  cancel_refocus (self);
  g_set_weak_pointer (&self->typing_for, GTK_WIDGET (field));
  gtk_entry_set_buffer (GTK_ENTRY (self->typing_entry), gtk_entry_get_buffer (field));
  gtk_label_set_label (GTK_LABEL (self->typing_title), title);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->typing);
  gtk_widget_grab_focus (self->typing_entry);
  gtk_editable_set_position (GTK_EDITABLE (self->typing_entry), -1);
}

/* Scrolls the nearest scrolled window around @widget so that all of it
 * shows: the focus alone does not when it moves within one page. */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  if (scrolled == NULL
      || !gtk_widget_compute_bounds (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                     &bounds))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* Bounds are in the viewport's coordinates, that is, where the widget
   * shows now: inside 0 … page is in view. */
  if (bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= page)
    return;
  gtk_adjustment_set_value (adjustment, value + bounds.origin.y + bounds.size.height / 2 - page / 2);
}

/* The focus goes back into the field once the list has been laid out
 * again (two frames on): the page scrolls to what has the focus, and
 * before that it would scroll to where the field used to be. */
static gboolean
refocus_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  KioskGoalEditor *self = KIOSK_GOAL_EDITOR (widget);

  if (++self->refocus_frames < 2)
    return G_SOURCE_CONTINUE;
  self->refocus_tick = 0;
  if (self->typing_for != NULL && gtk_widget_get_mapped (self->typing_for))
    {
      gtk_widget_grab_focus (self->typing_for);
      gtk_editable_set_position (GTK_EDITABLE (self->typing_for), -1);
      scroll_into_view (self->typing_for);
    }
  g_clear_weak_pointer (&self->typing_for);
  return G_SOURCE_REMOVE;
}

/* Puts the focus in @field once it has its place, so that the page
 * scrolls it into view. */
static void
focus_when_laid_out (KioskGoalEditor *self,
                     GtkWidget       *field)
{
  if (field == NULL)
    return;
  g_set_weak_pointer (&self->typing_for, field);
  self->refocus_frames = 0;
  if (self->refocus_tick == 0)
    self->refocus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), refocus_tick,
                                                       NULL, NULL);
}

/* Back to the goal list, with the focus (and the cursor) in the field
 * that was being typed into, so it is in view. */
static void
leave_typing (KioskGoalEditor *self)
{
  g_autoptr(GtkEntryBuffer) spare = gtk_entry_buffer_new (NULL, 0);

  if (gtk_stack_get_visible_child (GTK_STACK (self->stack)) != self->typing)
    return;
  gtk_entry_set_buffer (GTK_ENTRY (self->typing_entry), spare);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  focus_when_laid_out (self, self->typing_for);
}

static void
typing_done_cb (KioskGoalEditor *self)
{
  leave_typing (self);
}

static void
done_typing_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  leave_typing (KIOSK_GOAL_EDITOR (widget));
}

/* The child's goals as a goal list to start from: their words, level
 * descriptions and weights, but not their baselines, which the keyworker
 * says again for the new set. */
static JsonNode *
current_as_start (KvGoalSet *set)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < kv_goal_set_get_n_goals (set); i++)
    {
      const KvGoal *goal = kv_goal_set_get_goal (set, i);
      gboolean any_level = FALSE;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, kv_goal_get_id (goal));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, kv_goal_get_text (goal));
      if (kv_goal_is_weighted (goal))
        {
          json_builder_set_member_name (builder, "importance");
          json_builder_add_int_value (builder, kv_goal_get_importance (goal));
          json_builder_set_member_name (builder, "difficulty");
          json_builder_add_int_value (builder, kv_goal_get_difficulty (goal));
        }
      for (int level = -2; level <= 2; level++)
        {
          const char *words = kv_goal_get_level_text (goal, level);
          g_autofree char *name = g_strdup_printf ("%d", level);

          if (words == NULL)
            continue;
          if (!any_level)
            {
              json_builder_set_member_name (builder, "levels");
              json_builder_begin_object (builder);
              any_level = TRUE;
            }
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, words);
        }
      if (any_level)
        json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
start_from_current_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KioskGoalEditor *self = KIOSK_GOAL_EDITOR (widget);
  g_autoptr(JsonNode) goals = NULL;

  if (self->current_set == NULL)
    return;
  goals = current_as_start (self->current_set);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  kiosk_goal_editor_load (self, goals);
}

static void
start_new_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskGoalEditor *self = KIOSK_GOAL_EDITOR (widget);

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}

static KioskGoalRow *
append_row (KioskGoalEditor *self,
            const char      *id)
{
  GtkWidget *row = kiosk_goal_row_new (id, self->max_length);

  g_signal_connect_swapped (row, "type-in", G_CALLBACK (row_type_in_cb), self);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (row, "remove", G_CALLBACK (row_remove_cb), self);
  gtk_box_append (GTK_BOX (self->rows), row);
  renumber (self);

  return KIOSK_GOAL_ROW (row);
}

void
kiosk_goal_editor_add_goal (KioskGoalEditor *self)
{
  g_autofree char *id = NULL;
  KioskGoalRow *row;

  g_return_if_fail (KIOSK_IS_GOAL_EDITOR (self));

  if (count_rows (self) >= self->max_goals)
    return;

  id = g_strdup_printf ("g%u", ++self->next_id);
  row = append_row (self, id);
  g_signal_emit (self, signals[CHANGED], 0);
  /* The new goal may be below the fold: the focus in its words brings it
   * into view. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    focus_when_laid_out (self, kiosk_goal_row_get_words_field (row));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (widget));
}

/* As wide as a goal card reads well (720 pixels) where there is room,
 * narrower where there is not (a tablet in portrait), rather than a fixed
 * width that makes the window grow past the screen. */
#define NATURAL_WIDTH 720

static void
kiosk_goal_editor_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GTK_WIDGET_CLASS (kiosk_goal_editor_parent_class)->measure (widget, orientation, for_size,
                                                              minimum, natural,
                                                              minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*natural, NATURAL_WIDTH);
}

static void
kiosk_goal_editor_dispose (GObject *object)
{
  KioskGoalEditor *self = KIOSK_GOAL_EDITOR (object);

  cancel_refocus (self);
  g_clear_weak_pointer (&self->typing_for);
  g_clear_pointer (&self->current_set, kv_goal_set_unref);

  G_OBJECT_CLASS (kiosk_goal_editor_parent_class)->dispose (object);
}

static void
kiosk_goal_editor_class_init (KioskGoalEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_goal_editor_dispose;
  widget_class->measure = kiosk_goal_editor_measure;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-goal-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, rows);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, current);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, current_title);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, current_list);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, typing);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, typing_title);
  gtk_widget_class_bind_template_child (widget_class, KioskGoalEditor, typing_entry);
  gtk_widget_class_bind_template_callback (widget_class, typing_done_cb);

  gtk_widget_class_install_action (widget_class, "goals.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "goals.done-typing", NULL, done_typing_action);
  gtk_widget_class_install_action (widget_class, "goals.start-from-current", NULL,
                                   start_from_current_action);
  gtk_widget_class_install_action (widget_class, "goals.start-new", NULL, start_new_action);
}

static void
kiosk_goal_editor_init (KioskGoalEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->typing), kiosk_text_keyboard_new (self->typing_entry));
}

GtkWidget *
kiosk_goal_editor_new (guint max_goals,
                       guint max_length)
{
  KioskGoalEditor *self = g_object_new (KIOSK_TYPE_GOAL_EDITOR, NULL);
  g_autofree char *id = NULL;

  self->max_goals = MAX (max_goals, 1);
  self->max_length = max_length;

  id = g_strdup_printf ("g%u", ++self->next_id);
  append_row (self, id);

  return GTK_WIDGET (self);
}

void
kiosk_goal_editor_load (KioskGoalEditor *self,
                        JsonNode        *goals)
{
  GtkWidget *child;
  JsonArray *array;

  g_return_if_fail (KIOSK_IS_GOAL_EDITOR (self));

  if (goals == NULL || !JSON_NODE_HOLDS_ARRAY (goals))
    return;

  leave_typing (self);
  while ((child = gtk_widget_get_first_child (self->rows)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows), child);

  array = json_node_get_array (goals);
  for (guint i = 0; i < json_array_get_length (array) && i < self->max_goals; i++)
    {
      JsonObject *goal = json_array_get_object_element (array, i);
      const char *id;
      guint number;

      if (goal == NULL)
        continue;
      id = json_object_get_string_member_with_default (goal, "id", "");
      if (id[0] == 'g' && (number = g_ascii_strtoull (id + 1, NULL, 10)) > self->next_id)
        self->next_id = number;
      kiosk_goal_row_load (append_row (self, id), goal);
    }
  /* Each row was numbered before it was filled: say again which are empty. */
  update_notes (self);

  if (count_rows (self) == 0)
    {
      g_autofree char *id = g_strdup_printf ("g%u", ++self->next_id);
      append_row (self, id);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

JsonNode *
kiosk_goal_editor_dup_goals (KioskGoalEditor *self)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (KIOSK_IS_GOAL_EDITOR (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonNode *goal = kiosk_goal_row_to_json (KIOSK_GOAL_ROW (row));
      JsonObject *object = json_node_get_object (goal);

      /* A row nobody has touched yet is not a goal. */
      if (*json_object_get_string_member (object, "text") == '\0'
          && !json_object_has_member (object, "baseline"))
        {
          json_node_unref (goal);
          continue;
        }
      json_array_add_element (array, goal);
    }

  if (json_array_get_length (array) == 0)
    return NULL;

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, g_steal_pointer (&array));
  return node;
}

/* "4 March 2026" for "2026-03-04"; NULL when @date is not a date. */
static char *
format_day (const char *date)
{
  g_autofree char *midnight = NULL;
  g_autoptr(GDateTime) day = NULL;

  if (date == NULL)
    return NULL;
  midnight = g_strdup_printf ("%sT00:00:00Z", date);
  day = g_date_time_new_from_iso8601 (midnight, NULL);
  /* TRANSLATORS: a day, as in "agreed on 4 March 2026"; see
   * g_date_time_format().  "%-d" is the day without a leading space. */
  return day != NULL ? g_date_time_format (day, _("%-d %B %Y")) : NULL;
}

void
kiosk_goal_editor_offer_current (KioskGoalEditor *self,
                                 KvGoalSet       *set,
                                 const char      *set_on)
{
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;

  g_return_if_fail (KIOSK_IS_GOAL_EDITOR (self));

  if (set == NULL || kv_goal_set_get_n_goals (set) == 0)
    return;

  g_clear_pointer (&self->current_set, kv_goal_set_unref);
  self->current_set = kv_goal_set_ref (set);

  day = format_day (set_on);
  if (day != NULL)
    title = g_strdup_printf (_("The goals now, agreed on %s"), day);
  gtk_label_set_label (GTK_LABEL (self->current_title),
                       title != NULL ? title : _("The goals now"));

  while ((child = gtk_widget_get_first_child (self->current_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->current_list), child);
  for (guint i = 0; i < kv_goal_set_get_n_goals (set); i++)
    {
      /* The family's own words, as written; two lines at most, so that six
       * goals and the choice below them fit on a tablet's screen. */
      g_autofree char *line = g_strdup_printf (_("%u. %s"), i + 1,
                                               kv_goal_get_text (kv_goal_set_get_goal (set, i)));
      GtkWidget *label = gtk_label_new (line);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (self->current_list), label);
    }
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->current);
}
