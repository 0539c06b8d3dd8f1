/* kiosk-review-page.c — "Check your answers" before Send.
 *
 * One card per part: its title, how many of its questions were answered,
 * then a grid of tiles, every question a button straight to it with where
 * it stands, small enough that a whole visit fits on a tablet screen
 * either way up without scrolling (docs/kiosk.md "Check your answers").
 * Never an answer: the tablet may be looked at over someone's shoulder,
 * and a list of answers is far more to see at a glance than one question
 * at a time; independent feedback must never be shown back at all
 * (docs/kiosk.md "The journey").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-summary.h"
#include "kiosk-review-page.h"

struct _KioskReviewPage
{
  KioskScreen   parent_instance;

  GtkWidget    *title;
  GtkWidget    *note;
  GtkWidget    *unanswered;
  GtkWidget    *list;
  GtkWidget    *message;

  KioskSession *session;
  guint         n_unanswered;

  /* kiosk_review_page_focus_step (): the row to bring into view once the
   * page is laid out, and the frames left to wait for that. */
  GtkWidget    *focus_row;
  guint         scroll_tick;
  guint         frames_left;
};

G_DEFINE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, KIOSK_TYPE_SCREEN)

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* What the family sees of a question: its title, never its answer.  A
 * goal is named in the family's own words, as written. */
static char *
question_title (KioskReviewPage *self,
                const KioskStep *step)
{
  const KvGoal *goal = kiosk_session_get_step_goal (self->session, step);

  if (goal != NULL)
    /* TRANSLATORS: a goal on the review, e.g. "Goal 2: <the goal's words>" */
    return g_strdup_printf (_("Goal %d: %s"), step->goal + 1, kv_goal_get_text (goal));
  return g_strdup (g_dgettext (GETTEXT_PACKAGE,
                               kv_item_get_prompt (kiosk_session_get_step_item (self->session, step),
                                                   kiosk_screen_get_easy_read (KIOSK_SCREEN (self)))));
}

static const char *
status_text (KioskReviewPage *self,
             const KioskStep *step,
             KioskStepStatus  status)
{
  switch (status)
    {
    case KIOSK_STEP_ANSWERED:
      return kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "You answered") : _("Answered");
    case KIOSK_STEP_SKIPPED:
      if (kv_item_get_skip (kiosk_session_get_step_item (self->session, step)) == KV_SKIP_PREFER_NOT_TO_SAY)
        return kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "You did not want to say") : _("You chose not to say");
      return _("Skipped");
    case KIOSK_STEP_NOT_ANSWERED:
    default:
      return kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "Not answered") : _("Not answered yet");
    }
}

static const char *
status_icon (KioskStepStatus status)
{
  switch (status)
    {
    case KIOSK_STEP_ANSWERED:
      return "kv-review-answered";
    case KIOSK_STEP_SKIPPED:
      return "kv-review-left-out";
    case KIOSK_STEP_NOT_ANSWERED:
    default:
      return "kv-review-not-answered";
    }
}

/* One tile of the grid: where the question stands (a picture and its
 * words) above its title, at most two lines of it; the whole title is
 * what a screen reader says. */
static GtkWidget *
question_tile (KioskReviewPage *self,
               const KioskStep *step)
{
  KioskStepStatus status = kiosk_session_get_step_status (self->session, step);
  g_autofree char *title = question_title (self, step);
  g_autofree char *accessible = NULL;
  const char *state = status_text (self, step, status);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (status));
  GtkWidget *status_label = wrapped_label (state, "kiosk-review-status");
  GtkWidget *label = wrapped_label (title, "kiosk-review-title");

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 20);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (line), icon);
  gtk_label_set_max_width_chars (GTK_LABEL (status_label), 6);
  gtk_widget_set_hexpand (status_label, TRUE);
  gtk_box_append (GTK_BOX (line), status_label);
  gtk_box_append (GTK_BOX (box), line);

  /* Two lines of the title are enough to know the question again. */
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 6);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);

  /* Every tile as wide as every other, in every part, so that the
   * columns line up down the page: seven across a landscape tablet, four
   * in portrait. */
  gtk_widget_set_size_request (button, 150, -1);
  gtk_widget_add_css_class (button, "kiosk-review-tile");
  if (status == KIOSK_STEP_NOT_ANSWERED)
    gtk_widget_add_css_class (button, "kiosk-review-unanswered");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.go-to");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new ("(uui)", step->form, step->item, step->goal));

  /* TRANSLATORS: what a screen reader says of a question on the review,
   * e.g. "Do you feel safe?: Skipped" */
  accessible = g_strdup_printf (_("%s: %s"), title, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

/* The tiles of a part, as many to a line as the width holds (seven on a
 * landscape tablet, four in portrait), in the order they were asked. */
static GtkWidget *
tile_grid (void)
{
  GtkWidget *grid = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (grid), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (grid), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (grid), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (grid), 7);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (grid), 8);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (grid), 8);
  gtk_widget_add_css_class (grid, "kiosk-review-grid");
  return grid;
}

static void
add_tile (GtkWidget *grid,
          GtkWidget *tile)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  /* The tile is the one thing to focus and press, not its place. */
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), tile);
  gtk_flow_box_append (GTK_FLOW_BOX (grid), child);
}

static GtkWidget *
form_card (KioskReviewPage *self,
           guint            index)
{
  KioskSession *session = self->session;
  KvForm *form = kiosk_session_get_form (session, index);
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 6,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                 NULL);
  g_autoptr(GArray) steps = NULL;
  g_autofree char *count = NULL;
  GtkWidget *heading, *title, *count_label, *note, *grid;
  guint answered, shown;

  gtk_widget_add_css_class (box, "kiosk-card");
  gtk_widget_add_css_class (box, "kiosk-review-part");
  heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  title = wrapped_label (g_dgettext (GETTEXT_PACKAGE, kv_form_get_title (form, kiosk_screen_get_easy_read (KIOSK_SCREEN (self)))),
                         "kiosk-card-title");
  gtk_widget_set_valign (title, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (heading), title);
  gtk_box_append (GTK_BOX (box), heading);

  if (kiosk_session_is_declined (session, index))
    {
      GtkWidget *again;

      gtk_box_append (GTK_BOX (box),
                      wrapped_label (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "You chose not to answer these. That is OK.")
                                                     : _("You chose not to answer these. That is fine."),
                                     NULL));
      again = gtk_button_new_with_mnemonic (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "I want to _answer them")
                                                            : _("_Answer them after all"));
      gtk_widget_set_halign (again, GTK_ALIGN_START);
      gtk_widget_add_css_class (again, "kiosk-quiet");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (again), "kiosk.undecline");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (again), g_variant_new_uint32 (index));
      gtk_box_append (GTK_BOX (box), again);
      return box;
    }

  kiosk_session_count_answers (session, index, &answered, &shown);
  /* TRANSLATORS: "5 of 7 questions answered" */
  count = g_strdup_printf (ngettext ("%u of %u question answered",
                                     "%u of %u questions answered", shown),
                           answered, shown);
  /* Beside the part's name, not under it: a line less for every part. */
  count_label = wrapped_label (count, "kiosk-review-count");
  gtk_widget_set_valign (count_label, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (heading), count_label);

  grid = tile_grid ();
  steps = kiosk_session_list_questions (session, index);
  for (guint i = 0; i < steps->len; i++)
    {
      const KioskStep *step = &g_array_index (steps, KioskStep, i);

      if (kiosk_session_get_step_status (session, step) == KIOSK_STEP_NOT_ANSWERED)
        self->n_unanswered++;
      add_tile (grid, question_tile (self, step));
    }
  gtk_box_append (GTK_BOX (box), grid);

  /* What will become of the part, on the same line as its name too. */
  note = NULL;
  if (!kiosk_session_has_answers (session, index))
    note = wrapped_label (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "You did not answer any of these, so we will not send them.")
                                          : _("Nothing here is answered, so nothing of it will be sent."),
                          "kiosk-review-count");
  else if (kv_form_get_kind (form) == KV_FORM_KIND_EXPERIENCE)
    note = wrapped_label (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "Your answers are locked when you press Send. Your keyworker will not see them.")
                                          : _("These answers are locked when you press Send. Your keyworker will not see them."),
                          "kiosk-private");
  if (note != NULL)
    {
      gtk_widget_set_valign (note, GTK_ALIGN_BASELINE);
      gtk_widget_set_hexpand (note, TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
      gtk_widget_add_css_class (note, "kiosk-review-note");
      gtk_box_append (GTK_BOX (heading), note);
    }

  /* Goals are the keyworker's and the family's together: the one form
   * whose answers the review shows, for a last look before Send. */
  if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
    {
      g_autoptr(JsonNode) answers = kiosk_session_dup_answers (session, index);
      JsonNode *goals = answers != NULL && JSON_NODE_HOLDS_OBJECT (answers)
                        ? json_object_get_member (json_node_get_object (answers), "goals") : NULL;

      gtk_box_append (GTK_BOX (box), kiosk_goal_summary_new (goals));
    }

  return box;
}

static void
rebuild (KioskReviewPage *self)
{
  GtkWidget *child;
  g_autofree char *unanswered = NULL;

  gtk_label_set_label (GTK_LABEL (self->title),
                       kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "Check your answers") : _("Check your answers"));
  gtk_label_set_label (GTK_LABEL (self->note),
                       kiosk_screen_get_easy_read (KIOSK_SCREEN (self))
                       ? C_("easy read", "Tap a question to change it. Press Send when you are ready.")
                       : _("Tap a question to answer or change it. Press Send when you are happy. After that, the answers cannot be changed."));

  self->focus_row = NULL;
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);

  self->n_unanswered = 0;
  if (self->session != NULL)
    for (guint i = 0; i < kiosk_session_get_n_forms (self->session); i++)
      gtk_box_append (GTK_BOX (self->list), form_card (self, i));

  /* Said before the list, so that nobody sends without seeing it. */
  if (self->n_unanswered > 0)
    unanswered = kiosk_screen_get_easy_read (KIOSK_SCREEN (self))
                 ? g_strdup (C_("easy read", "Some questions are not answered. You can answer them, or send without them."))
                 : g_strdup_printf (ngettext ("%u question is not answered yet. Tap it to answer it, or press Send without it.",
                                              "%u questions are not answered yet. Tap one to answer it, or press Send without them.",
                                              self->n_unanswered),
                                    self->n_unanswered);
  gtk_label_set_label (GTK_LABEL (self->unanswered), unanswered != NULL ? unanswered : "");
  gtk_widget_set_visible (self->unanswered, unanswered != NULL);
}

static void
update_easy_read (KioskScreen *page)
{
  rebuild (KIOSK_REVIEW_PAGE (page));
}

guint
kiosk_review_page_get_n_unanswered (KioskReviewPage *self)
{
  g_return_val_if_fail (KIOSK_IS_REVIEW_PAGE (self), 0);
  return self->n_unanswered;
}

static GtkWidget *
find_row (GtkWidget *widget,
          GVariant  *target)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "kiosk.go-to") == 0
      && g_variant_equal (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)), target))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page is built before it is laid out, so the row is brought into
 * view on the first frame that knows where it is. */
static gboolean
scroll_to_row_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  KioskReviewPage *self = KIOSK_REVIEW_PAGE (widget);
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  if (self->focus_row == NULL || scrolled == NULL || self->frames_left-- == 0)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (!gtk_widget_compute_bounds (self->focus_row, widget, &bounds)
      || bounds.size.height <= 0
      || gtk_adjustment_get_upper (adjustment) < bounds.origin.y + bounds.size.height)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_clamp_page (adjustment, bounds.origin.y - 24,
                             bounds.origin.y + bounds.size.height + 24);
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

void
kiosk_review_page_focus_step (KioskReviewPage *self,
                              const KioskStep *step)
{
  g_autoptr(GVariant) target = NULL;

  g_return_if_fail (KIOSK_IS_REVIEW_PAGE (self));
  g_return_if_fail (step != NULL);

  target = g_variant_ref_sink (g_variant_new ("(uui)", step->form, step->item, step->goal));
  self->focus_row = find_row (self->list, target);
  if (self->focus_row == NULL)
    return;

  gtk_widget_grab_focus (self->focus_row);
  self->frames_left = 30;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_row_cb, NULL, NULL);
}

void
kiosk_review_page_set_message (KioskReviewPage *self,
                               const char      *message)
{
  g_return_if_fail (KIOSK_IS_REVIEW_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->message), message != NULL ? message : "");
  gtk_widget_set_visible (self->message, message != NULL);
}

static void
kiosk_review_page_dispose (GObject *object)
{
  KioskReviewPage *self = KIOSK_REVIEW_PAGE (object);

  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  self->focus_row = NULL;
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kiosk_review_page_parent_class)->dispose (object);
}

static void
kiosk_review_page_class_init (KioskReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_review_page_dispose;
  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, note);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, unanswered);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, list);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, message);
}

static void
kiosk_review_page_init (KioskReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_review_page_new (KioskSession *session)
{
  KioskReviewPage *self;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);

  self = g_object_new (KIOSK_TYPE_REVIEW_PAGE, NULL);
  self->session = g_object_ref (session);
  rebuild (self);

  return GTK_WIDGET (self);
}
