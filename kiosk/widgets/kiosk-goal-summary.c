/* kiosk-goal-summary.c — the goals just agreed, for a last look before Send.
 *
 * Goal setting is done by the keyworker with the family, so unlike a
 * family's answers these are shown on the review: each goal in the
 * family's words, where things stand now, and how important and how hard
 * it is, if that was said.  A goal left empty is not among them (the
 * goal editor says so while it is on screen).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-summary.h"

struct _KioskGoalSummary
{
  AdwBin     parent_instance;

  GtkWidget *box;
  guint      n_goals;
};

G_DEFINE_FINAL_TYPE (KioskGoalSummary, kiosk_goal_summary, ADW_TYPE_BIN)

static const char *
importance_name (gint64 value)
{
  switch (value)
    {
    case 0: return _("Not important");
    case 1: return _("A little important");
    case 2: return _("Quite important");
    default: return _("Very important");
    }
}

static const char *
difficulty_name (gint64 value)
{
  switch (value)
    {
    case 0: return _("Not hard");
    case 1: return _("A little hard");
    case 2: return _("Quite hard");
    default: return _("Very hard");
    }
}

static GtkWidget *
line (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_goal (KioskGoalSummary *self,
          JsonObject       *goal)
{
  g_autofree char *title = NULL;
  g_autoptr(GString) about = g_string_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gint64 baseline = json_object_get_int_member_with_default (goal, "baseline", 0);

  gtk_widget_add_css_class (box, "kiosk-goal-summary-goal");
  /* TRANSLATORS: "Goal 2: <the goal in the family's words>" */
  title = g_strdup_printf (_("Goal %u: %s"), ++self->n_goals,
                           json_object_get_string_member_with_default (goal, "text", ""));
  gtk_box_append (GTK_BOX (box), line (title, "kiosk-goal-summary-title"));

  g_string_append (about, baseline == -1 ? _("Now: some of it already")
                          : baseline == -2 ? _("Now: none of it yet")
                          : _("Now: not said yet"));
  if (json_object_has_member (goal, "importance") && json_object_has_member (goal, "difficulty"))
    g_string_append_printf (about, " · %s · %s",
                            importance_name (json_object_get_int_member (goal, "importance")),
                            difficulty_name (json_object_get_int_member (goal, "difficulty")));
  if (json_object_has_member (goal, "levels"))
    {
      guint n = json_object_get_size (json_object_get_object_member (goal, "levels"));

      g_string_append (about, " · ");
      /* TRANSLATORS: how many of the five GAS levels have words */
      g_string_append_printf (about, ngettext ("%u level described", "%u levels described", n), n);
    }
  gtk_box_append (GTK_BOX (box), line (about->str, NULL));
  gtk_box_append (GTK_BOX (self->box), box);
}

static void
kiosk_goal_summary_class_init (KioskGoalSummaryClass *klass)
{
}

static void
kiosk_goal_summary_init (KioskGoalSummary *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_bin_set_child (ADW_BIN (self), self->box);
}

GtkWidget *
kiosk_goal_summary_new (JsonNode *goals)
{
  KioskGoalSummary *self = g_object_new (KIOSK_TYPE_GOAL_SUMMARY, NULL);
  JsonArray *array = goals != NULL && JSON_NODE_HOLDS_ARRAY (goals) ? json_node_get_array (goals) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *goal = json_array_get_object_element (array, i);

      if (goal != NULL)
        add_goal (self, goal);
    }
  if (self->n_goals == 0)
    gtk_box_append (GTK_BOX (self->box), line (_("No goals yet."), NULL));

  return GTK_WIDGET (self);
}

guint
kiosk_goal_summary_get_n_goals (KioskGoalSummary *self)
{
  g_return_val_if_fail (KIOSK_IS_GOAL_SUMMARY (self), 0);
  return self->n_goals;
}
