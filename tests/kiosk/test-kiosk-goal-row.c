/* test-kiosk-goal-row.c — one GAS goal being agreed
 * (kiosk/widgets/kiosk-goal-row.c): what staff fill in becomes the goal
 * object of a goal list, a goal list's object fills the row back, and the
 * row says when it changed or asks to be removed. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-goal-row.h"

/* The entry describing level @level (−2 … +2). */
static GtkWidget *
level_entry (GtkWidget *row,
             int        level)
{
  GtkWidget *entry = gtk_grid_get_child_at (GTK_GRID (kgt_part (row, "levels")), 1, level + 2);

  g_assert_true (GTK_IS_ENTRY (entry));
  return entry;
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
assert_json (GtkWidget  *row,
             const char *expected)
{
  g_autoptr(JsonNode) goal = kiosk_goal_row_to_json (KIOSK_GOAL_ROW (row));
  g_autoptr(JsonNode) want = kt_json (expected);

  if (!json_node_equal (goal, want))
    {
      g_autofree char *got = json_to_string (goal, FALSE);

      g_error ("goal is %s, expected %s", got, expected);
    }
}

static void
count_cb (GtkWidget *row,
          guint     *count)
{
  (*count)++;
}

static void
test_fill_in (void)
{
  GtkWidget *row = g_object_ref_sink (kiosk_goal_row_new ("g2", 20));
  guint changed = 0;

  g_signal_connect (row, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_cmpstr (kiosk_goal_row_get_id (KIOSK_GOAL_ROW (row)), ==, "g2");
  assert_json (row, "{\"id\": \"g2\", \"text\": \"\"}");

  kiosk_goal_row_set_number (KIOSK_GOAL_ROW (row), 3);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (row, "number_label"))), ==, "Goal 3");

  /* Spaces around the words are typing, not the family's words. */
  type_into (kgt_part (row, "text_entry"), "  Walk to school  ");
  g_assert_cmpuint (changed, >, 0);
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\"}");

  changed = 0;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (kgt_part (row, "some_button")), TRUE);
  g_assert_cmpuint (changed, >, 0);
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\", \"baseline\": -1}");
  /* The two baselines are one choice. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (kgt_part (row, "none_button")), TRUE);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (kgt_part (row, "some_button"))));
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\", \"baseline\": -2}");

  /* Importance and difficulty come together or not at all. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kgt_part (row, "importance")), 3);
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\", \"baseline\": -2}");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (kgt_part (row, "weigh_check")), TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kgt_part (row, "difficulty")), 1);
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\", \"baseline\": -2,"
                    " \"importance\": 3, \"difficulty\": 1}");

  /* Only the levels with words are sent. */
  type_into (level_entry (row, 0), " Walks most days ");
  type_into (level_entry (row, 2), "Walks every day");
  type_into (level_entry (row, -1), "   ");
  assert_json (row, "{\"id\": \"g2\", \"text\": \"Walk to school\", \"baseline\": -2,"
                    " \"importance\": 3, \"difficulty\": 1,"
                    " \"levels\": {\"0\": \"Walks most days\", \"2\": \"Walks every day\"}}");

  g_assert_finalize_object (row);
}

/* The form's limit holds for the goal and for each level's words. */
static void
test_max_length (void)
{
  GtkWidget *row = g_object_ref_sink (kiosk_goal_row_new ("g1", 5));

  type_into (kgt_part (row, "text_entry"), "Swimming");
  type_into (level_entry (row, -2), "Not at all");
  assert_json (row, "{\"id\": \"g1\", \"text\": \"Swimm\", \"levels\": {\"-2\": \"Not a\"}}");

  g_assert_finalize_object (row);
}

static void
test_load_round_trip (void)
{
  static const char goal_json[] =
    "{\"id\": \"g4\", \"text\": \"Sleep by ten\", \"baseline\": -1,"
    " \"importance\": 2, \"difficulty\": 3,"
    " \"levels\": {\"-2\": \"After midnight\", \"1\": \"By half nine\"}}";
  GtkWidget *row = g_object_ref_sink (kiosk_goal_row_new ("g4", 300));
  g_autoptr(JsonNode) goal = kt_json (goal_json);
  guint changed = 0;

  g_signal_connect (row, "changed", G_CALLBACK (count_cb), &changed);
  kiosk_goal_row_load (KIOSK_GOAL_ROW (row), json_node_get_object (goal));
  /* Filling the row from a goal list is not an edit. */
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (kgt_part (row, "weigh_check"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (level_entry (row, 1))), ==, "By half nine");
  assert_json (row, goal_json);

  /* Out-of-range weights are brought within 0–3 rather than lost. */
  {
    g_autoptr(JsonNode) odd = kt_json ("{\"id\": \"g4\", \"text\": \"Sleep\", \"baseline\": -2,"
                                       " \"importance\": 9, \"difficulty\": -1}");

    kiosk_goal_row_load (KIOSK_GOAL_ROW (row), json_node_get_object (odd));
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kgt_part (row, "importance"))), ==, 3);
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kgt_part (row, "difficulty"))), ==, 0);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (kgt_part (row, "none_button"))));
  }
  g_assert_cmpuint (changed, ==, 0);

  g_assert_finalize_object (row);
}

/* The remove button asks; the list around the row decides. */
static void
test_remove_asks (void)
{
  GtkWidget *row = g_object_ref_sink (kiosk_goal_row_new ("g1", 300));
  GtkWidget *window = kgt_show (row);
  guint removes = 0, changed = 0;

  g_signal_connect (row, "remove", G_CALLBACK (count_cb), &removes);
  g_signal_connect (row, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (kgt_widget_can (row, "goal.remove"));
  g_signal_emit_by_name (kgt_part (row, "remove_button"), "clicked");
  g_assert_cmpuint (removes, ==, 1);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (gtk_widget_get_parent (row) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (row);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/goal-row/fill-in", test_fill_in);
  g_test_add_func ("/kiosk/goal-row/max-length", test_max_length);
  g_test_add_func ("/kiosk/goal-row/load-round-trip", test_load_round_trip);
  g_test_add_func ("/kiosk/goal-row/remove-asks", test_remove_asks);

  return g_test_run ();
}
