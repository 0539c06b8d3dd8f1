/* test-kiosk-goal-editor.c — the goal list of a gas-goals item
 * (kiosk/widgets/kiosk-goal-editor.c): rows added up to the item's
 * max-goals, removed and renumbered, ids never reused, and the list that
 * is sent. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-goal-editor.h"
#include "kiosk-goal-row.h"

static GtkWidget *
rows_box (GtkWidget *editor)
{
  return GTK_WIDGET (gtk_widget_get_template_child (editor, KIOSK_TYPE_GOAL_EDITOR, "rows"));
}

static GtkWidget *
row_at (GtkWidget *editor,
        guint      index)
{
  GtkWidget *row = gtk_widget_get_first_child (rows_box (editor));

  for (guint i = 0; row != NULL && i < index; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_true (KIOSK_IS_GOAL_ROW (row));
  return row;
}

/* The ids of the rows and the numbers they show, as "g1:Goal 1 g3:Goal 2". */
static char *
describe_rows (GtkWidget *editor)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (rows_box (editor)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GObject *number = gtk_widget_get_template_child (row, KIOSK_TYPE_GOAL_ROW, "number_label");

      g_string_append_printf (out, "%s%s:%s", out->len > 0 ? " " : "",
                              kiosk_goal_row_get_id (KIOSK_GOAL_ROW (row)),
                              gtk_label_get_label (GTK_LABEL (number)));
    }
  return g_string_free (out, FALSE);
}

#define assert_rows(editor, expected) \
  G_STMT_START { \
    g_autofree char *rows_ = describe_rows (editor); \
    g_assert_cmpstr (rows_, ==, (expected)); \
  } G_STMT_END

static void
set_goal_text (GtkWidget  *editor,
               guint       index,
               const char *text)
{
  GObject *entry = gtk_widget_get_template_child (row_at (editor, index), KIOSK_TYPE_GOAL_ROW,
                                                  "text_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
assert_goals (GtkWidget  *editor,
              const char *expected)
{
  g_autoptr(JsonNode) goals = kiosk_goal_editor_dup_goals (KIOSK_GOAL_EDITOR (editor));
  g_autoptr(JsonNode) want = expected != NULL ? kt_json (expected) : NULL;

  if (want == NULL)
    g_assert_null (goals);
  else if (goals == NULL || !json_node_equal (goals, want))
    g_error ("goals are %s, expected %s", goals ? json_to_string (goals, FALSE) : "NULL",
             expected);
}

static void
count_cb (GtkWidget *editor,
          guint     *count)
{
  (*count)++;
}

static void
test_add_and_remove (void)
{
  GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (3, 300));
  GtkWidget *window = kgt_show (editor);
  guint changed = 0;

  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &changed);

  /* One empty goal to start with, which is not a goal yet. */
  assert_rows (editor, "g1:Goal 1");
  assert_goals (editor, NULL);
  g_assert_true (kgt_widget_can (editor, "goals.add"));

  g_assert_true (gtk_widget_activate_action (editor, "goals.add", NULL));
  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
  assert_rows (editor, "g1:Goal 1 g2:Goal 2 g3:Goal 3");
  g_assert_cmpuint (changed, ==, 2);
  /* Full: the button goes and adding does nothing. */
  kgt_run (5);
  g_assert_false (kgt_widget_can (editor, "goals.add"));
  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
  assert_rows (editor, "g1:Goal 1 g2:Goal 2 g3:Goal 3");
  g_assert_cmpuint (changed, ==, 2);

  /* Removing renumbers what is left, and a new goal gets a new id. */
  g_assert_true (gtk_widget_activate_action (row_at (editor, 0), "goal.remove", NULL));
  assert_rows (editor, "g2:Goal 1 g3:Goal 2");
  g_assert_cmpuint (changed, ==, 3);
  kgt_run (5);
  g_assert_true (kgt_widget_can (editor, "goals.add"));
  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
  assert_rows (editor, "g2:Goal 1 g3:Goal 2 g4:Goal 3");

  /* Editing a row is a change of the list; untouched rows are left out. */
  changed = 0;
  set_goal_text (editor, 1, "Go to football");
  g_assert_cmpuint (changed, >, 0);
  assert_goals (editor, "[{\"id\": \"g3\", \"text\": \"Go to football\"}]");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (editor);
}

/* Whether the window's focus is in @widget (an entry's focus is in its
 * text, a child of it). */
static gboolean
focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A touch on a field shows it alone with the keyboard; what is typed
 * there is the goal's own text; Done goes back with the focus in it. */
static void
test_typing_view (void)
{
  GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (3, 12));
  GtkWidget *window = kgt_show (editor);
  GtkWidget *stack = kgt_part (editor, "stack");
  GtkWidget *typing = kgt_part (editor, "typing");
  GtkWidget *typing_entry = kgt_part (editor, "typing_entry");
  g_autoptr(JsonNode) other = kt_json ("[{\"id\": \"g7\", \"text\": \"Sleep\"}]");
  GtkWidget *field;
  guint changed = 0;

  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &changed);
  field = GTK_WIDGET (gtk_widget_get_template_child (row_at (editor, 1), KIOSK_TYPE_GOAL_ROW,
                                                     "text_entry"));
  gtk_editable_set_text (GTK_EDITABLE (field), "Go out");
  changed = 0;

  g_signal_emit_by_name (row_at (editor, 1), "type-in", field, "Goal 2, in the family’s own words");
  kgt_run (20);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == typing);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (editor, "typing_title"))), ==,
                   "Goal 2, in the family’s own words");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (typing_entry)), ==, "Go out");
  g_assert_true (focus_in (typing_entry));

  /* Typed there, it is the goal's text at once, within the form's limit. */
  gtk_editable_insert_text (GTK_EDITABLE (typing_entry), " to the park", -1,
                            &(int) { gtk_editable_get_position (GTK_EDITABLE (typing_entry)) });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "Go out to th");
  g_assert_cmpuint (changed, >, 0);

  /* Enter (or Done) goes back to the goals, in the field typed into. */
  g_signal_emit_by_name (typing_entry, "activate");
  kgt_run (20);
  g_assert_false (gtk_stack_get_visible_child (GTK_STACK (stack)) == typing);
  /* Once the list is laid out again. */
  for (guint i = 0; i < 100 && !focus_in (field); i++)
    kgt_run (20);
  g_assert_true (focus_in (field));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (typing_entry)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "Go out to th");
  assert_goals (editor, "[{\"id\": \"g2\", \"text\": \"Go out to th\"}]");

  /* Loading other goals while typing goes back to the list. */
  g_signal_emit_by_name (row_at (editor, 0), "type-in",
                         gtk_widget_get_template_child (row_at (editor, 0), KIOSK_TYPE_GOAL_ROW,
                                                        "text_entry"),
                         "Goal 1, in the family’s own words");
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), other);
  g_assert_false (gtk_stack_get_visible_child (GTK_STACK (stack)) == typing);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (editor);
}

/* A child's goals now are shown first; starting from them keeps their
 * words, levels and weights but asks the baseline again; writing new
 * ones starts from one empty goal. */
static void
test_current_goals (void)
{
  g_autoptr(JsonNode) json = kt_json ("[{\"id\": \"g1\", \"text\": \"Goal one of the test\","
                                      " \"baseline\": -1, \"importance\": 2, \"difficulty\": 3,"
                                      " \"levels\": {\"0\": \"Level zero of the test\"}},"
                                      " {\"id\": \"g4\", \"text\": \"Goal two of the test\","
                                      " \"baseline\": -2}]");
  g_autoptr(KvGoalSet) set = kv_goal_set_new_from_json (json, NULL);
  GtkWidget *stack;

  for (guint start_from = 0; start_from < 2; start_from++)
    {
      GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (6, 300));
      GtkWidget *window = kgt_show (editor);

      stack = kgt_part (editor, "stack");
      g_assert_nonnull (set);
      kiosk_goal_editor_offer_current (KIOSK_GOAL_EDITOR (editor), set, "2026-03-04");
      g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == kgt_part (editor, "current"));
      g_assert_nonnull (kgt_find_text (editor, "The goals now, agreed on 4 March 2026"));
      g_assert_nonnull (kgt_find_text (editor, "2. Goal two of the test"));
      assert_goals (editor, NULL);

      if (start_from)
        {
          g_assert_true (gtk_widget_activate_action (editor, "goals.start-from-current", NULL));
          assert_rows (editor, "g1:Goal 1 g4:Goal 2");
          assert_goals (editor, "[{\"id\": \"g1\", \"text\": \"Goal one of the test\","
                                " \"importance\": 2, \"difficulty\": 3,"
                                " \"levels\": {\"0\": \"Level zero of the test\"}},"
                                " {\"id\": \"g4\", \"text\": \"Goal two of the test\"}]");
          /* Both have words: neither says it is empty. */
          for (guint i = 0; i < 2; i++)
            g_assert_false (gtk_widget_get_visible (kgt_part (row_at (editor, i), "empty_note")));
          /* A goal added now gets an id of its own. */
          kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
          assert_rows (editor, "g1:Goal 1 g4:Goal 2 g5:Goal 3");
        }
      else
        {
          g_assert_true (gtk_widget_activate_action (editor, "goals.start-new", NULL));
          assert_rows (editor, "g1:Goal 1");
          assert_goals (editor, NULL);
        }
      g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) != kgt_part (editor, "current"));

      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_finalize_object (editor);
    }

  /* No goals, nothing to show. */
  {
    GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (6, 300));

    kiosk_goal_editor_offer_current (KIOSK_GOAL_EDITOR (editor), NULL, NULL);
    g_assert_true (gtk_stack_get_visible_child (GTK_STACK (kgt_part (editor, "stack")))
                   != kgt_part (editor, "current"));
    g_assert_finalize_object (editor);
  }
}

static void
test_load (void)
{
  static const char goals_json[] =
    "[{\"id\": \"g4\", \"text\": \"Sleep by ten\", \"baseline\": -1},"
    " {\"id\": \"g7\", \"text\": \"See friends\", \"baseline\": -2,"
    "  \"importance\": 2, \"difficulty\": 1, \"levels\": {\"0\": \"Once a week\"}}]";
  GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (4, 300));
  g_autoptr(JsonNode) goals = kt_json (goals_json);
  g_autoptr(JsonNode) not_a_list = kt_json ("{\"id\": \"g1\"}");
  guint changed = 0;

  g_signal_connect (editor, "changed", G_CALLBACK (count_cb), &changed);
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), goals);
  g_assert_cmpuint (changed, ==, 1);
  assert_rows (editor, "g4:Goal 1 g7:Goal 2");
  assert_goals (editor, goals_json);

  /* New goals follow the highest id loaded, so none is reused. */
  kiosk_goal_editor_add_goal (KIOSK_GOAL_EDITOR (editor));
  assert_rows (editor, "g4:Goal 1 g7:Goal 2 g8:Goal 3");

  /* Anything but a list leaves the goals as they are. */
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), not_a_list);
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), NULL);
  assert_rows (editor, "g4:Goal 1 g7:Goal 2 g8:Goal 3");

  g_assert_finalize_object (editor);
}

static void
test_load_limits (void)
{
  GtkWidget *editor = g_object_ref_sink (kiosk_goal_editor_new (2, 300));
  g_autoptr(JsonNode) three = kt_json ("[{\"id\": \"g1\", \"text\": \"One\", \"baseline\": -1},"
                                       " {\"id\": \"g2\", \"text\": \"Two\", \"baseline\": -1},"
                                       " {\"id\": \"g3\", \"text\": \"Three\", \"baseline\": -1}]");
  g_autoptr(JsonNode) none = kt_json ("[]");

  /* No more goals than the item allows, even from a stored list. */
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), three);
  assert_rows (editor, "g1:Goal 1 g2:Goal 2");

  /* An empty list still leaves one goal to fill in. */
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), none);
  assert_rows (editor, "g3:Goal 1");
  assert_goals (editor, NULL);

  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/goal-editor/add-and-remove", test_add_and_remove);
  g_test_add_func ("/kiosk/goal-editor/typing-view", test_typing_view);
  g_test_add_func ("/kiosk/goal-editor/current-goals", test_current_goals);
  g_test_add_func ("/kiosk/goal-editor/load", test_load);
  g_test_add_func ("/kiosk/goal-editor/load-limits", test_load_limits);

  return g_test_run ();
}
