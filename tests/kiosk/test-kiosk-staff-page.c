/* test-kiosk-staff-page.c — what a keyworker sees behind the PIN
 * (kiosk/pages/staff/kiosk-staff-page.c): the outbox as counts and
 * reasons only, entries that need attention with Try again and Give up,
 * the enrolment, and the kiosk's settings.  No uploader: nothing leaves
 * the machine, so syncing and enrolling stay off. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-number-entry.h"
#include "kiosk-staff-page.h"

typedef struct
{
  KgtFixture  f;
  GtkWidget  *page;
  GtkWidget  *window;
} StaffFixture;

static void
setup (StaffFixture  *s,
       gconstpointer  data)
{
  kgt_setup (&s->f, NULL);
}

static void
show_page (StaffFixture *s)
{
  s->page = g_object_ref_sink (kiosk_staff_page_new (s->f.store, NULL, s->f.settings));
  s->window = kgt_show (s->page);
}

static void
teardown (StaffFixture  *s,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (s->window));
  g_assert_finalize_object (s->page);
  kgt_teardown (&s->f);
}

static GtkWidget *
part (StaffFixture *s,
      const char   *name)
{
  GObject *child = gtk_widget_get_template_child (s->page, KIOSK_TYPE_STAFF_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
subtitle (StaffFixture *s,
          const char   *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (part (s, row)));
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
park (StaffFixture *s,
      const char   *id)
{
  g_autoptr(GError) error = NULL;
  KioskOutcome outcome = {
    KIOSK_ITEM_SUBMISSION, id, KIOSK_VERDICT_NEEDS_ATTENTION, "rejected",
    "item 'alpha': synthetic reason",
  };

  kiosk_store_record_outcomes (s->f.store, &outcome, 1, &error);
  g_assert_no_error (error);
}

static void
test_outbox_counts (StaffFixture  *s,
                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;

  show_page (s);
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "0");
  g_assert_cmpstr (subtitle (s, "attention_row"), ==, "0");
  g_assert_cmpstr (subtitle (s, "success_row"), ==, "Never");
  g_assert_cmpstr (subtitle (s, "error_row"), ==, "None");
  g_assert_false (gtk_widget_get_visible (part (s, "attention_group")));

  first = kt_add_qol (s->f.store, s->f.code);
  second = kt_add_qol (s->f.store, s->f.code);
  kiosk_store_record_sync (s->f.store, "The aggregator did not answer", &error);
  g_assert_no_error (error);
  /* The page shows the outbox as it was read, until it is refreshed. */
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "0");
  kiosk_staff_page_refresh (KIOSK_STAFF_PAGE (s->page));
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "2");
  g_assert_cmpstr (subtitle (s, "error_row"), ==, "The aggregator did not answer");
  g_assert_cmpstr (subtitle (s, "attempt_row"), !=, "Never");
  g_assert_cmpstr (subtitle (s, "success_row"), ==, "Never");
  /* Counts only: nothing of the child's code is on the page. */
  g_assert_null (kgt_find_text (s->page, s->f.code));
}

static void
test_needs_attention (StaffFixture  *s,
                      gconstpointer  data)
{
  g_autofree char *id = kt_add_qol (s->f.store, s->f.code);
  GtkWidget *retry, *discard;
  GVariant *target;

  park (s, id);
  show_page (s);
  g_assert_cmpstr (subtitle (s, "attention_row"), ==, "1");
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "0");
  g_assert_true (gtk_widget_get_visible (part (s, "attention_group")));
  g_assert_nonnull (kgt_find_text (s->page, "item 'alpha': synthetic reason"));

  retry = kgt_find_actionable (part (s, "attention_group"), "kiosk.retry-item");
  discard = kgt_find_actionable (part (s, "attention_group"), "kiosk.discard-item");
  g_assert_nonnull (retry);
  g_assert_nonnull (discard);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (retry)), ==, "Try again");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (discard)), ==, "Give up");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (retry));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, id);

  /* Try again puts it back in the queue. */
  g_signal_emit_by_name (retry, "clicked");
  kgt_run (5);
  g_assert_cmpstr (subtitle (s, "attention_row"), ==, "0");
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "1");
  g_assert_false (gtk_widget_get_visible (part (s, "attention_group")));

  /* Give up takes it out of the outbox altogether. */
  park (s, id);
  kiosk_staff_page_refresh (KIOSK_STAFF_PAGE (s->page));
  g_assert_true (gtk_widget_activate_action (s->page, "kiosk.discard-item", "s", id));
  g_assert_cmpstr (subtitle (s, "attention_row"), ==, "0");
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "0");
  g_assert_null (kgt_find_actionable (part (s, "attention_group"), "kiosk.retry-item"));
}

/* A row that was already dealt with (a sync got there first) says so,
 * rather than the error flashing past under a refresh. */
static void
test_stale_entry_explained (StaffFixture  *s,
                            gconstpointer  data)
{
  g_autofree char *id = kt_add_qol (s->f.store, s->f.code);

  show_page (s);
  g_assert_true (gtk_widget_activate_action (s->page, "kiosk.retry-item", "s", id));
  g_assert_cmpstr (subtitle (s, "error_row"), ==, "This entry does not need attention.");
  g_assert_true (gtk_widget_activate_action (s->page, "kiosk.discard-item", "s", id));
  g_assert_cmpstr (subtitle (s, "error_row"), ==, "This entry does not need attention.");
  g_assert_cmpstr (subtitle (s, "queued_row"), ==, "1");
}

static void
test_enrolment (StaffFixture  *s,
                gconstpointer  data)
{
  show_page (s);
  g_assert_true (g_str_has_prefix (subtitle (s, "enrolment_row"), "Enrolled to "));
  g_assert_nonnull (strstr (subtitle (s, "enrolment_row"), " at http://127.0.0.1:9 on "));
  /* Enrolling again is the set-up page's (the window's kiosk.enrol-again). */
  g_assert_nonnull (kgt_find_actionable (s->page, "kiosk.enrol-again"));
  /* No uploader: nothing to sync with. */
  g_assert_false (kgt_widget_can (s->page, "kiosk.sync-now"));
}

static void
test_settings (StaffFixture  *s,
               gconstpointer  data)
{
  GtkWidget *idle, *countdown;

  g_settings_set_uint (s->f.settings, "still-there-countdown", 45);
  show_page (s);
  idle = find_of_type (part (s, "idle_row"), KIOSK_TYPE_NUMBER_ENTRY);
  countdown = find_of_type (part (s, "countdown_row"), KIOSK_TYPE_NUMBER_ENTRY);
  g_assert_nonnull (idle);
  g_assert_nonnull (countdown);

  {
    gint64 value = 0;

    g_assert_true (kiosk_number_entry_get_value (KIOSK_NUMBER_ENTRY (countdown), &value));
    g_assert_cmpint (value, ==, 45);
  }

  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (idle), "300");
  g_assert_cmpuint (g_settings_get_uint (s->f.settings, "idle-timeout"), ==, 300);
  /* Half-typed or out of the schema's range: the setting stays. */
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (idle), "");
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (idle), "0");
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (idle), "3601");
  g_assert_cmpuint (g_settings_get_uint (s->f.settings, "idle-timeout"), ==, 300);
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (countdown), "15");
  g_assert_cmpuint (g_settings_get_uint (s->f.settings, "still-there-countdown"), ==, 15);

  /* The switches are the settings, both ways. */
  gtk_switch_set_active (GTK_SWITCH (part (s, "easy_read_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (s->f.settings, "easy-read-default"));
  g_settings_set_boolean (s->f.settings, "high-contrast", TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (part (s, "contrast_switch"))));
}

/* The mean colour of @widget as drawn, as 0–255 red, green and blue. */
static void
mean_colour (GtkWidget *widget,
             double     rgb[3])
{
  g_autoptr(GdkTexture) texture = kgt_render (widget);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  double sum[3] = { 0, 0, 0 };

  /* GDK_MEMORY_DEFAULT: B8G8R8A8, premultiplied; the page is opaque. */
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    for (int c = 0; c < 3; c++)
      sum[c] += pixels[i * 4 + 2 - c];
  for (int c = 0; c < 3; c++)
    rgb[c] = sum[c] / ((double) width * height);
}

/* The section on show is marked on its button, by more than the focus
 * ring: its button looks unlike every other section's, whichever is
 * chosen, in both styles. */
static void
test_section_marked (StaffFixture  *s,
                     gconstpointer  data)
{
  GtkWidget *buttons[8];
  guint n = 0;
  int switcher_width = 0;

  show_page (s);
  /* Styled as in the kiosk's own window. */
  gtk_widget_add_css_class (s->window, "kiosk");
  for (GtkWidget *child = gtk_widget_get_first_child (find_of_type (s->page, GTK_TYPE_STACK_SWITCHER));
       child != NULL && n < G_N_ELEMENTS (buttons); child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      buttons[n++] = child;
  g_assert_cmpuint (n, ==, 4);

  for (guint contrast = 0; contrast < 2; contrast++)
    {
      if (contrast)
        gtk_widget_add_css_class (s->window, "kiosk-high-contrast");
      /* High contrast's borders are a pixel thicker: each style its own. */
      switcher_width = 0;
      for (guint chosen = 0; chosen < n; chosen++)
        {
          double on[3];

          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (buttons[chosen]), TRUE);
          g_assert_true (kgt_wait_for_paint (s->window, 2000));
          /* Choosing a section widens nothing: the row of sections fits a
           * tablet held upright whichever is chosen. */
          {
            int minimum;

            gtk_widget_measure (gtk_widget_get_parent (buttons[0]), GTK_ORIENTATION_HORIZONTAL, -1,
                                &minimum, NULL, NULL, NULL);
            if (switcher_width == 0)
              switcher_width = minimum;
            else if (minimum != switcher_width)
              g_test_fail_printf ("with section %u chosen%s the sections need %d px, not %d",
                                  chosen + 1, contrast ? " in high contrast" : "",
                                  minimum, switcher_width);
          }
          if (g_getenv ("KIOSK_SCREENSHOT_DIR") != NULL)
            {
              g_autofree char *name = g_strdup_printf ("staff-section-%u%s.png", chosen + 1,
                                                       contrast ? "-high-contrast" : "");
              g_autofree char *path = g_build_filename (g_getenv ("KIOSK_SCREENSHOT_DIR"),
                                                        name, NULL);

              kgt_save_png (s->window, path);
            }
          mean_colour (buttons[chosen], on);
          for (guint other = 0; other < n; other++)
            {
              double off[3], distance = 0;

              if (other == chosen)
                continue;
              g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (buttons[other])));
              mean_colour (buttons[other], off);
              for (int c = 0; c < 3; c++)
                distance += (on[c] - off[c]) * (on[c] - off[c]);
              if (distance < 15.0 * 15.0)
                g_test_fail_printf ("with section %u chosen%s, its button looks like section %u's"
                                    " (mean colours %.0f,%.0f,%.0f and %.0f,%.0f,%.0f)",
                                    chosen + 1, contrast ? " in high contrast" : "", other + 1,
                                    on[0], on[1], on[2], off[0], off[1], off[2]);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/staff-page/outbox-counts", StaffFixture, NULL,
              setup, test_outbox_counts, teardown);
  g_test_add ("/kiosk/staff-page/needs-attention", StaffFixture, NULL,
              setup, test_needs_attention, teardown);
  g_test_add ("/kiosk/staff-page/stale-entry-explained", StaffFixture, NULL,
              setup, test_stale_entry_explained, teardown);
  g_test_add ("/kiosk/staff-page/enrolment", StaffFixture, NULL,
              setup, test_enrolment, teardown);
  g_test_add ("/kiosk/staff-page/settings", StaffFixture, NULL,
              setup, test_settings, teardown);
  g_test_add ("/kiosk/staff-page/section-shown-is-marked", StaffFixture, NULL,
              setup, test_section_marked, teardown);

  return g_test_run ();
}
