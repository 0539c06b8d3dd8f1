/* test-kiosk-accessibility.c — every control on every screen can be
 * found, named and pressed.
 *
 * Walks the real screens of a family's journey and of staff mode, and
 * checks every button a person can see: at least 48 × 48 pixels
 * (docs/architecture.md "Quality bars"), words on it (so it has a name for a
 * screen reader and for someone who does not read pictures), and reachable
 * with the keyboard or a switch.  Also checks that nothing on screen is set to
 * animate. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"

#define CHILD \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 1, \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Go to school three mornings a week\", \"baseline\": -1}]}," \
  " \"due\": [\"gas-review\", \"family-qol\", \"experience\"]}"

#define MIN_TARGET 48

static gboolean
has_words (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_words (child))
      return TRUE;
  return FALSE;
}

static guint
check_controls (GtkWidget  *widget,
                const char *screen)
{
  guint n = 0;

  /* Only what a person can see and press: widgets not mapped, or folded
   * away to nothing (the hidden parts of libadwaita's rows), are not on
   * screen. */
  if (!gtk_widget_get_mapped (widget)
      || gtk_widget_get_width (widget) == 0 || gtk_widget_get_height (widget) == 0)
    return 0;

  if (GTK_IS_BUTTON (widget))
    {
      int width = gtk_widget_get_width (widget);
      int height = gtk_widget_get_height (widget);

      if (width < MIN_TARGET || height < MIN_TARGET)
        g_error ("%s: a button is %d × %d pixels, smaller than %d × %d",
                 screen, width, height, MIN_TARGET, MIN_TARGET);
      if (!has_words (widget))
        g_error ("%s: a button (%s in %s) has no words on it", screen,
                 G_OBJECT_TYPE_NAME (widget), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      if (!gtk_widget_get_focusable (widget))
        g_error ("%s: a button cannot be reached with the keyboard", screen);
      n++;
    }

  /* Text fields, check boxes and drop-downs are touched too. */
  if (GTK_IS_ENTRY (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)
      || GTK_IS_TEXT_VIEW (widget))
    {
      if (gtk_widget_get_height (widget) < MIN_TARGET)
        g_error ("%s: a %s is %d pixels high, less than %d", screen,
                 G_OBJECT_TYPE_NAME (widget), gtk_widget_get_height (widget), MIN_TARGET);
      n++;
    }

  if (GTK_IS_STACK (widget))
    g_assert_cmpint (gtk_stack_get_transition_type (GTK_STACK (widget)), ==,
                     GTK_STACK_TRANSITION_TYPE_NONE);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_controls (child, screen);

  return n;
}

static void
check_screen (KgtFixture *f,
              const char *screen)
{
  kgt_run (100);
  g_test_message ("%s: %u controls", screen, check_controls (GTK_WIDGET (f->window), screen));
}

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  kgt_setup (f, CHILD);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static void
test_family_screens (KgtFixture    *f,
                     gconstpointer  data)
{
  const char *languages[] = { "en", "cy", "pl", NULL };

  g_settings_set_strv (f->settings, "languages", languages);
  kiosk_window_reset (f->window);
  check_screen (f, "welcome");

  kgt_act (f, "kiosk.start");
  check_screen (f, "who is answering");
  kgt_act_s (f, "kiosk.respondent", "both");
  kgt_act (f, "kiosk.next");
  check_screen (f, "keypad");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  check_screen (f, "forms due");
  kgt_act (f, "kiosk.next");

  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      KioskSession *session = kiosk_window_get_session (f->window);
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      const KvItem *item = kiosk_session_get_step_item (session, step);
      g_autofree char *screen = g_strdup_printf ("%s/%s",
                                                 kv_form_get_id (kiosk_session_get_form (session, step->form)),
                                                 kv_item_get_id (item));

      check_screen (f, screen);
      if (kv_item_get_item_type (item) == KV_ITEM_SCALE || kv_item_get_item_type (item) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (item, 0)));
      else if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
        kgt_act_s (f, "kiosk.choose", "0");
      kgt_act (f, "kiosk.next");
    }
  check_screen (f, "review");
  kgt_act (f, "kiosk.send");
  check_screen (f, "thank you");
}

static void
test_still_there (KgtFixture    *f,
                  gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 1);
  kgt_act (f, "kiosk.start");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 3000));
  check_screen (f, "are you still there");
}

static void
test_staff_screens (KgtFixture    *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_store_set_staff_pin (f->store, "2468", &error);
  g_assert_no_error (error);
  kgt_act (f, "kiosk.staff");
  check_screen (f, "staff PIN");
  for (const char *p = "2468"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      kgt_act_s (f, "kiosk.key", key);
    }
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 10000));
  check_screen (f, "staff");

  kgt_act (f, "kiosk.set-goals");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
  check_screen (f, "goal setting");
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/accessibility/family-screens", KgtFixture, NULL,
              setup, test_family_screens, teardown);
  g_test_add ("/kiosk/accessibility/still-there", KgtFixture, NULL,
              setup, test_still_there, teardown);
  g_test_add ("/kiosk/accessibility/staff-screens", KgtFixture, NULL,
              setup, test_staff_screens, teardown);

  return g_test_run ();
}
