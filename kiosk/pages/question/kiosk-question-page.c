/* kiosk-question-page.c — one question on one screen.
 *
 * Nothing about a particular form is written here: the prompt, help,
 * levels, pictograms, limits and conditions all come from the form file,
 * so a service's own form is shown as well as ours.  The only words of
 * our own are the five GAS levels, which the format leaves to the kiosk
 * (a gas-rating item has no <level> children: its goals come from the
 * child's goal set).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-editor.h"
#include "kiosk-level-grid.h"
#include "kiosk-number-entry.h"
#include "kiosk-question-page.h"
#include "kiosk-text-keyboard.h"

struct _KioskQuestionPage
{
  AdwBin        parent_instance;

  GtkWidget    *heading;
  GtkWidget    *goal_card;
  GtkWidget    *goal_number;
  GtkWidget    *goal_text;
  GtkWidget    *prompt;
  GtkWidget    *help;
  GtkWidget    *answer;

  KioskSession *session;
  KioskStep     step;
  const KvItem *item;
  gboolean      easy_read;
  char         *choice;
  GHashTable   *toggles;    /* level id → GtkToggleButton, for multiple choice */
  GtkWidget    *editable;   /* GtkTextView or KioskNumberEntry */
  GtkWidget    *goal_editor;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (KioskQuestionPage, kiosk_question_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CHOICE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GAS levels −2 … +2 (docs/domain.md §1), then "partial".  The easy-read
 * words keep the meaning of the scale: it measures what happened against
 * what was expected when the goal was set, not whether things got better
 * or worse, so "less than we expected", never "worse than we hoped".  The
 * faces are the kiosk's one set (kv-face-*), the same face for the same
 * place on every scale. */
static const struct
{
  const char *id;
  const char *pictogram;
  const char *label;
  const char *easy_label;
} gas_levels[] = {
  { "-2", "kv-face-very-sad", N_("Much less than expected"), N_("A lot less than we expected") },
  { "-1", "kv-face-sad", N_("Somewhat less than expected"), N_("A bit less than we expected") },
  { "0", "kv-face-neutral", N_("As expected"), N_("What we expected") },
  { "1", "kv-face-happy", N_("Somewhat more than expected"), N_("A bit more than we expected") },
  { "2", "kv-face-very-happy", N_("Much more than expected"), N_("A lot more than we expected") },
};

/* An information screen shows one sentence to a line: a new line after a
 * full stop, question or exclamation mark (or the Urdu full stop) and a
 * space, unless what follows is a lower-case letter, as after "e.g.".
 * Several sentences run together are hard to take in for someone who
 * reads slowly, and the safety screens must be taken in at once. */
static char *
one_sentence_per_line (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      g_string_append_unichar (out, c);
      if ((c == '.' || c == '?' || c == '!' || c == 0x06D4) && *next == ' ')
        {
          const char *word = next;

          while (*word == ' ')
            word++;
          if (*word != '\0' && !g_unichar_islower (g_utf8_get_char (word)))
            {
              g_string_append_c (out, '\n');
              p = word;
              g_string_append_unichar (out, g_utf8_get_char (p));
            }
        }
    }
  return g_string_free (out, FALSE);
}

static void
emit_changed (KioskQuestionPage *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

/* The answer node for a choice: a level id, or for a GAS goal the rating
 * as an integer or "partial" (docs/form-format.md "Answers"). */
static JsonNode *
choice_to_node (KioskQuestionPage *self,
                const char        *choice)
{
  JsonNode *node;

  if (choice == NULL || *choice == '\0')
    return NULL;

  if (self->step.goal < 0)
    return string_node (choice);

  if (g_strcmp0 (choice, "partial") == 0)
    return string_node ("partial");

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, g_ascii_strtoll (choice, NULL, 10));
  return node;
}

static char *
node_to_choice (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static void
set_choice (KioskQuestionPage *self,
            const char        *choice)
{
  if (choice == NULL)
    choice = "";
  if (g_strcmp0 (self->choice, choice) == 0)
    return;

  g_free (self->choice);
  self->choice = g_strdup (choice);

  if (!self->loading)
    kiosk_session_set_answer (self->session, &self->step, choice_to_node (self, choice));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOICE]);
  emit_changed (self);
}

/* A big button with an optional pictogram above its words, and for a GAS
 * goal the family's own description of that level underneath. */
static GtkWidget *
level_button (const char *label,
              const char *pictogram,
              const char *description,
              gboolean    easy_read)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_add_css_class (button, "kiosk-level");
  /* Pictures start at the top, so the faces of a scale line up however
   * many lines their words take. */
  gtk_widget_set_valign (box, pictogram != NULL ? GTK_ALIGN_START : GTK_ALIGN_CENTER);

  if (pictogram != NULL)
    {
      /* The picture repeats the words for those who read pictures more
       * easily; a screen reader has the words already. */
      GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                       "icon-name", pictogram,
                                       "pixel-size", easy_read ? 96 : 80,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                       NULL);

      gtk_box_append (GTK_BOX (box), image);
      gtk_widget_add_css_class (button, "kiosk-level-picture");
    }

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (text), GTK_NATURAL_WRAP_WORD);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (text), pictogram != NULL ? 12 : 40);
  gtk_box_append (GTK_BOX (box), text);

  if (description != NULL)
    {
      GtkWidget *words = gtk_label_new (description);

      gtk_label_set_wrap (GTK_LABEL (words), TRUE);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (words), GTK_NATURAL_WRAP_WORD);
      gtk_label_set_justify (GTK_LABEL (words), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (words), 14);
      gtk_widget_add_css_class (words, "kiosk-level-words");
      gtk_box_append (GTK_BOX (box), words);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);

  if (description != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s: %s", label, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}

/* Pictogram scales go side by side, like a row of faces, in as many rows
 * as the screen needs (kiosk-level-grid.c); words-only choices go one
 * under the other, where long labels have room. */
static GtkWidget *
level_container (guint             n_levels,
                 gboolean          pictures,
                 GtkAccessibleRole role)
{
  GtkWidget *grid = kiosk_level_grid_new (pictures ? MIN (n_levels, 6) : 1);

  g_object_set (grid, "accessible-role", role, NULL);
  return grid;
}

/* The order a scale is shown in.  Every scale in the kiosk runs from worse
 * to better in reading order, as the goal scale does, whichever way its
 * form lists it, so that a family who has learnt where the happy face is
 * finds it there on every question (docs/form-format.md "Levels").  The
 * levels that make up the scale are those with a value (or a weight), or
 * else the run from the first to the last level with a polarity; when the
 * form lists them best first they are turned round, and the others (such
 * as "Don't know") stay where the form puts them.  Only the order on the
 * screen changes: each button still answers with its own level. */
static guint *
display_order (const KvItem *item)
{
  guint n = kv_item_get_n_levels (item);
  guint *order = g_new (guint, MAX (n, 1));
  g_autoptr(GArray) scale = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean by_value = FALSE, by_weight = FALSE, reverse = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const KvLevel *level = kv_item_get_level (item, i);

      order[i] = i;
      by_value |= kv_level_get_scored (level) && kv_level_has_value (level);
      by_weight |= kv_level_get_scored (level) && kv_level_has_weight (level);
    }

  if (by_value || by_weight)
    {
      for (guint i = 0; i < n; i++)
        {
          const KvLevel *level = kv_item_get_level (item, i);

          if (kv_level_get_scored (level)
              && (by_value ? kv_level_has_value (level) : kv_level_has_weight (level)))
            g_array_append_val (scale, i);
        }
      if (scale->len > 1)
        {
          const KvLevel *first = kv_item_get_level (item, g_array_index (scale, guint, 0));
          const KvLevel *last = kv_item_get_level (item, g_array_index (scale, guint, scale->len - 1));

          reverse = by_value ? kv_level_get_value (first) > kv_level_get_value (last)
                             : kv_level_get_weight (first) > kv_level_get_weight (last);
        }
    }
  else
    {
      int first = -1, last = -1;

      for (guint i = 0; i < n; i++)
        if (kv_level_get_polarity (kv_item_get_level (item, i)) != KV_POLARITY_NONE)
          {
            if (first < 0)
              first = (int) i;
            last = (int) i;
          }
      for (int i = first; first >= 0 && i <= last; i++)
        g_array_append_val (scale, i);
      reverse = first >= 0 && first != last
                && kv_level_get_polarity (kv_item_get_level (item, first)) == KV_POLARITY_POSITIVE
                && kv_level_get_polarity (kv_item_get_level (item, last)) == KV_POLARITY_NEGATIVE;
    }

  if (reverse)
    for (guint i = 0; i < scale->len; i++)
      order[g_array_index (scale, guint, i)] = g_array_index (scale, guint, scale->len - 1 - i);

  return order;
}

static gboolean
item_has_pictures (const KvItem *item)
{
  for (guint i = 0; i < kv_item_get_n_levels (item); i++)
    if (kv_level_get_pictogram (kv_item_get_level (item, i)) != NULL)
      return TRUE;
  return FALSE;
}

static GtkWidget *
build_choice (KioskQuestionPage *self)
{
  guint n = kv_item_get_n_levels (self->item);
  GtkWidget *grid = level_container (n, item_has_pictures (self->item), GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
  g_autofree guint *order = display_order (self->item);

  for (guint i = 0; i < n; i++)
    {
      const KvLevel *level = kv_item_get_level (self->item, order[i]);
      GtkWidget *button = level_button (g_dgettext (GETTEXT_PACKAGE,
                                                    kv_level_get_label (level, self->easy_read)),
                                        kv_level_get_pictogram (level), NULL, self->easy_read);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.choose");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", kv_level_get_id (level));
      kiosk_level_grid_append (KIOSK_LEVEL_GRID (grid), button);
    }

  return grid;
}

static GtkWidget *
build_rating (KioskQuestionPage *self)
{
  const KvGoal *goal = kiosk_session_get_step_goal (self->session, &self->step);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *grid = level_container (G_N_ELEMENTS (gas_levels), TRUE, GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
  GtkWidget *partial, *words;

  for (guint i = 0; i < G_N_ELEMENTS (gas_levels); i++)
    {
      const char *label = self->easy_read ? gas_levels[i].easy_label : gas_levels[i].label;
      const char *words = goal != NULL ? kv_goal_get_level_text (goal, (int) i - 2) : NULL;
      GtkWidget *button = level_button (_(label), gas_levels[i].pictogram, words, self->easy_read);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.choose");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", gas_levels[i].id);
      kiosk_level_grid_append (KIOSK_LEVEL_GRID (grid), button);
    }
  gtk_box_append (GTK_BOX (box), grid);

  /* "Partly achieved" (Turner-Stokes & Williams 2010) is a real answer
   * but a rarer one, so it sits under the five faces rather than among
   * them. */
  partial = gtk_toggle_button_new ();
  words = gtk_label_new (self->easy_read ? _("Part of the way there")
                                         : _("Partly achieved: some of the way to what we expected"));
  gtk_label_set_wrap (GTK_LABEL (words), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (words), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_justify (GTK_LABEL (words), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (partial), words);
  gtk_widget_add_css_class (partial, "kiosk-choice");
  gtk_widget_add_css_class (partial, "kiosk-partial");
  gtk_widget_set_halign (partial, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (partial), "kiosk.choose");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (partial), "s", "partial");
  gtk_box_append (GTK_BOX (box), partial);

  return box;
}

static void
toggle_toggled_cb (KioskQuestionPage *self,
                   GtkToggleButton   *button)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node = NULL;

  if (self->loading)
    return;

  /* The array keeps the form's order of levels, whatever order they were
   * pressed in, so two identical answers always look identical. */
  for (guint i = 0; i < kv_item_get_n_levels (self->item); i++)
    {
      const char *id = kv_level_get_id (kv_item_get_level (self->item, i));
      GtkToggleButton *toggle = g_hash_table_lookup (self->toggles, id);

      if (gtk_toggle_button_get_active (toggle))
        json_array_add_string_element (array, id);
    }

  if (json_array_get_length (array) > 0)
    {
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (node, array);
    }

  kiosk_session_set_answer (self->session, &self->step, node);
  emit_changed (self);
}

static void
update_toggle_limits (KioskQuestionPage *self)
{
  guint max = kv_item_get_max_choices (self->item);
  guint n_active = 0;
  GHashTableIter iter;
  gpointer button;

  if (max == 0)
    return;

  g_hash_table_iter_init (&iter, self->toggles);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    n_active += gtk_toggle_button_get_active (button);

  /* At the limit, the levels not chosen rest until one is let go. */
  g_hash_table_iter_init (&iter, self->toggles);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    gtk_widget_set_sensitive (button, n_active < max || gtk_toggle_button_get_active (button));
}

static GtkWidget *
build_multiple (KioskQuestionPage *self)
{
  guint n = kv_item_get_n_levels (self->item);
  GtkWidget *grid = level_container (n, item_has_pictures (self->item), GTK_ACCESSIBLE_ROLE_GROUP);
  JsonNode *answer = kiosk_session_get_answer (self->session, &self->step);
  g_autofree guint *order = display_order (self->item);

  self->toggles = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      const KvLevel *level = kv_item_get_level (self->item, order[i]);
      GtkWidget *button = level_button (g_dgettext (GETTEXT_PACKAGE,
                                                    kv_level_get_label (level, self->easy_read)),
                                        kv_level_get_pictogram (level), NULL, self->easy_read);

      g_hash_table_insert (self->toggles, (gpointer) kv_level_get_id (level), button);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (toggle_toggled_cb), self);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (update_toggle_limits), self);
      kiosk_level_grid_append (KIOSK_LEVEL_GRID (grid), button);
    }

  if (answer != NULL && JSON_NODE_HOLDS_ARRAY (answer))
    {
      JsonArray *array = json_node_get_array (answer);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          GtkToggleButton *button = g_hash_table_lookup (self->toggles,
                                                         json_array_get_string_element (array, i));
          if (button != NULL)
            gtk_toggle_button_set_active (button, TRUE);
        }
    }
  update_toggle_limits (self);

  return grid;
}

static void
text_changed_cb (KioskQuestionPage *self,
                 GtkTextBuffer     *buffer)
{
  guint max = kv_item_get_max_length (self->item);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;

  /* The form's limit is in characters; typing past it stops at it. */
  if (max > 0 && (guint) gtk_text_buffer_get_char_count (buffer) > max)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, max);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      return;
    }

  if (self->loading)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (text));

  kiosk_session_set_answer (self->session, &self->step,
                            *stripped != '\0' ? string_node (text) : NULL);
  emit_changed (self);
}

/* The on-screen keyboard (widgets/kiosk-text-keyboard.c) under the text
 * box, for a tablet whose compositor has none.  The box is kept short
 * enough for both to fit on a tablet held sideways; it scrolls inside
 * itself as the comment grows, so the keys never move. */
static GtkWidget *
with_text_keyboard (GtkWidget *frame,
                    GtkWidget *view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_set_size_request (frame, 640, 112);
  gtk_widget_set_hexpand (frame, TRUE);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), kiosk_text_keyboard_new (view));
  return box;
}

static GtkWidget *
build_text (KioskQuestionPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  JsonNode *answer = kiosk_session_get_answer (self->session, &self->step);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_input_hints (GTK_TEXT_VIEW (view), GTK_INPUT_HINT_SPELLCHECK);
  gtk_widget_add_css_class (view, "kiosk-text");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->prompt, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  if (answer != NULL && JSON_NODE_HOLDS_VALUE (answer))
    gtk_text_buffer_set_text (buffer, json_node_get_string (answer), -1);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (text_changed_cb), self);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 640, 200);
  gtk_widget_add_css_class (scrolled, "kiosk-text-frame");

  self->editable = view;
  return with_text_keyboard (scrolled, view);
}

static void
number_changed_cb (KioskQuestionPage *self,
                   KioskNumberEntry  *entry)
{
  JsonNode *node = NULL;
  gint64 value;

  if (self->loading)
    return;

  /* Only a whole number within the item's range is an answer; anything
   * else leaves the question unanswered, so Next waits. */
  if (kiosk_number_entry_get_value (entry, &value))
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, value);
    }

  kiosk_session_set_answer (self->session, &self->step, node);
  emit_changed (self);
}

static GtkWidget *
build_number (KioskQuestionPage *self)
{
  GtkWidget *entry = kiosk_number_entry_new (kv_item_get_min (self->item),
                                             kv_item_get_max (self->item), 1);
  JsonNode *answer = kiosk_session_get_answer (self->session, &self->step);

  kiosk_number_entry_set_labelled_by (KIOSK_NUMBER_ENTRY (entry), self->prompt);
  if (answer != NULL && JSON_NODE_HOLDS_VALUE (answer))
    kiosk_number_entry_set_value (KIOSK_NUMBER_ENTRY (entry), json_node_get_int (answer));
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (number_changed_cb), self);
  self->editable = entry;
  return entry;
}

static void
goals_changed_cb (KioskQuestionPage *self,
                  KioskGoalEditor   *editor)
{
  kiosk_session_set_answer (self->session, &self->step, kiosk_goal_editor_dup_goals (editor));
  emit_changed (self);
}

static GtkWidget *
build_goals (KioskQuestionPage *self)
{
  GtkWidget *editor = kiosk_goal_editor_new (kv_item_get_max_goals (self->item),
                                             kv_item_get_max_length (self->item));
  JsonNode *answer = kiosk_session_get_answer (self->session, &self->step);

  GtkWidget *clamp = adw_clamp_new ();

  if (answer != NULL)
    kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), answer);
  else if (kiosk_session_get_child (self->session) != NULL)
    {
      KioskChild *child = kiosk_session_get_child (self->session);

      /* New goals replace the child's goals now: they are seen first. */
      kiosk_goal_editor_offer_current (KIOSK_GOAL_EDITOR (editor),
                                       kiosk_child_get_goal_set (child),
                                       kiosk_child_get_goal_set_date (child));
    }
  g_signal_connect_swapped (editor, "changed", G_CALLBACK (goals_changed_cb), self);
  self->goal_editor = editor;

  /* As wide as the screen allows, up to a comfortable width for typing:
   * never a fixed width, which a tablet held upright does not have. */
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), editor);
  gtk_widget_set_halign (self->answer, GTK_ALIGN_FILL);
  return clamp;
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (widget);
  GtkToggleButton *button;

  if (self->toggles == NULL)
    return;

  button = g_hash_table_lookup (self->toggles, g_variant_get_string (parameter, NULL));
  if (button != NULL && gtk_widget_get_sensitive (GTK_WIDGET (button)))
    gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

/* Coming into the page forwards (as the window does when it shows it), the
 * focus stops at the heading before any answer: a stray Space or Enter
 * then answers nothing, and a screen reader starts at the question.  A
 * comment box is the exception: there the focus starts in the text, so
 * what is typed, on the kiosk's keyboard or a real one, goes in, and a
 * stray Space only adds a space. */
static gboolean
kiosk_question_page_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *first = GTK_IS_TEXT_VIEW (self->editable) ? self->editable : self->heading;

  if (direction == GTK_DIR_TAB_FORWARD
      && (focus == NULL || (focus != widget && !gtk_widget_is_ancestor (focus, widget)))
      && gtk_widget_grab_focus (first))
    return TRUE;

  return GTK_WIDGET_CLASS (kiosk_question_page_parent_class)->focus (widget, direction);
}

static void
kiosk_question_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHOICE:
      g_value_set_string (value, self->choice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_question_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHOICE:
      set_choice (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_question_page_dispose (GObject *object)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (object);

  g_clear_pointer (&self->toggles, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kiosk_question_page_parent_class)->dispose (object);
}

static void
kiosk_question_page_finalize (GObject *object)
{
  KioskQuestionPage *self = KIOSK_QUESTION_PAGE (object);

  g_free (self->choice);

  G_OBJECT_CLASS (kiosk_question_page_parent_class)->finalize (object);
}

static void
kiosk_question_page_class_init (KioskQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_question_page_get_property;
  object_class->set_property = kiosk_question_page_set_property;
  object_class->dispose = kiosk_question_page_dispose;
  object_class->finalize = kiosk_question_page_finalize;

  properties[PROP_CHOICE] =
    g_param_spec_string ("choice", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  widget_class->focus = kiosk_question_page_focus;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-question-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, heading);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, goal_card);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, goal_number);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, goal_text);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, prompt);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, help);
  gtk_widget_class_bind_template_child (widget_class, KioskQuestionPage, answer);

  gtk_widget_class_install_property_action (widget_class, "kiosk.choose", "choice");
  gtk_widget_class_install_action (widget_class, "kiosk.toggle", "s", toggle_action);
}

static void
kiosk_question_page_init (KioskQuestionPage *self)
{
  self->choice = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_question_page_new (KioskSession    *session,
                         const KioskStep *step)
{
  KioskQuestionPage *self;
  const char *help;
  GtkWidget *answer = NULL;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);
  g_return_val_if_fail (step != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_QUESTION_PAGE, NULL);
  self->session = g_object_ref (session);
  self->step = *step;
  self->item = kiosk_session_get_step_item (session, step);
  self->easy_read = kiosk_session_get_easy_read (session);

  if (self->easy_read)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");

  gtk_label_set_label (GTK_LABEL (self->prompt),
                       g_dgettext (GETTEXT_PACKAGE,
                                   kv_item_get_prompt (self->item, self->easy_read)));

  help = kv_item_get_help (self->item, self->easy_read);
  if (help != NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->help), g_dgettext (GETTEXT_PACKAGE, help));
      gtk_widget_set_visible (self->help, TRUE);
    }

  self->loading = TRUE;

  switch (kv_item_get_item_type (self->item))
    {
    case KV_ITEM_INFO:
      {
        g_autofree char *text = g_strdup (gtk_label_get_label (GTK_LABEL (self->prompt)));
        g_autofree char *lines = one_sentence_per_line (text);
        g_auto(GStrv) sentences = g_strsplit (lines, "\n", -1);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

        /* The prompt is the whole content: read at the pace of a page, not
         * shouted as a question, one sentence to a line and a little
         * space between them, every line starting at the same place. */
        g_object_ref (self->prompt);
        gtk_box_remove (GTK_BOX (self->heading), self->prompt);
        gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
        gtk_box_insert_child_after (GTK_BOX (self->heading), box, self->goal_card);
        gtk_box_append (GTK_BOX (box), self->prompt);
        g_object_unref (self->prompt);

        for (guint i = 0; sentences[i] != NULL; i++)
          {
            GtkWidget *line = i == 0 ? self->prompt : gtk_label_new (NULL);

            gtk_label_set_label (GTK_LABEL (line), sentences[i]);
            gtk_label_set_wrap (GTK_LABEL (line), TRUE);
            gtk_label_set_max_width_chars (GTK_LABEL (line), 45);
            gtk_label_set_justify (GTK_LABEL (line), GTK_JUSTIFY_LEFT);
            gtk_label_set_xalign (GTK_LABEL (line), 0);
            gtk_widget_set_halign (line, GTK_ALIGN_FILL);
            gtk_widget_remove_css_class (line, "kiosk-prompt");
            gtk_widget_add_css_class (line, "kiosk-info");
            if (i > 0)
              gtk_box_append (GTK_BOX (box), line);
          }

        /* A screen reader reads the whole text when the page opens. */
        gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->heading),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->heading),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

        /* A picture of what the screen is about (a telephone on the
         * screens of where to find help), for those who read pictures
         * more easily; the words say it all for a screen reader. */
        if (kv_item_get_pictogram (self->item) != NULL)
          {
            GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                             "icon-name", kv_item_get_pictogram (self->item),
                                             "pixel-size", self->easy_read ? 128 : 96,
                                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                             "halign", GTK_ALIGN_CENTER,
                                             NULL);

            gtk_widget_add_css_class (image, "kiosk-info-picture");
            gtk_box_insert_child_after (GTK_BOX (self->heading), image, self->goal_card);
          }
      }
      break;
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
      answer = build_choice (self);
      break;
    case KV_ITEM_MULTIPLE:
      answer = build_multiple (self);
      break;
    case KV_ITEM_TEXT:
      answer = build_text (self);
      break;
    case KV_ITEM_NUMBER:
      answer = build_number (self);
      break;
    case KV_ITEM_GAS_GOALS:
      answer = build_goals (self);
      break;
    case KV_ITEM_GAS_RATING:
      {
        const KvGoal *goal = kiosk_session_get_step_goal (session, step);
        KvGoalSet *set = kiosk_session_get_goal_set (session);
        g_autofree char *number = NULL;

        /* TRANSLATORS: which of the child's goals is being rated */
        number = g_strdup_printf (_("Goal %d of %u"), step->goal + 1,
                                  set != NULL ? kv_goal_set_get_n_goals (set) : 0);
        gtk_label_set_label (GTK_LABEL (self->goal_number), number);
        /* The goal is the family's own words: shown as written, never
         * looked up in a translation catalogue. */
        gtk_label_set_label (GTK_LABEL (self->goal_text),
                             goal != NULL ? kv_goal_get_text (goal) : "");
        gtk_widget_set_visible (self->goal_card, TRUE);
        answer = build_rating (self);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (answer != NULL)
    adw_bin_set_child (ADW_BIN (self->answer), answer);

  {
    g_autofree char *choice = node_to_choice (kiosk_session_get_answer (session, step));

    if (kv_item_get_item_type (self->item) == KV_ITEM_SCALE
        || kv_item_get_item_type (self->item) == KV_ITEM_CHOICE
        || kv_item_get_item_type (self->item) == KV_ITEM_GAS_RATING)
      set_choice (self, choice);
  }

  self->loading = FALSE;

  return GTK_WIDGET (self);
}

const KioskStep *
kiosk_question_page_get_step (KioskQuestionPage *self)
{
  g_return_val_if_fail (KIOSK_IS_QUESTION_PAGE (self), NULL);
  return &self->step;
}

void
kiosk_question_page_set_text (KioskQuestionPage *self,
                              const char        *text)
{
  g_return_if_fail (KIOSK_IS_QUESTION_PAGE (self));
  g_return_if_fail (self->editable != NULL);

  if (GTK_IS_TEXT_VIEW (self->editable))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editable)),
                              text, -1);
  else
    kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (self->editable), text);
}

GtkWidget *
kiosk_question_page_get_goal_editor (KioskQuestionPage *self)
{
  g_return_val_if_fail (KIOSK_IS_QUESTION_PAGE (self), NULL);
  return self->goal_editor;
}
