/* kiosk-real-input.h — a pointer and a keyboard for tests, through the X server.
 *
 * The kiosk's other window tests press its buttons by their actions; these
 * helpers press them as a person does.  The test starts an Xvfb of its own
 * at the size it wants before gtk_init(), and every press, hold, release
 * and key goes through that X server (XTest, by running `xdotool`), so
 * GTK's own gestures, focus and key handling decide what happens, exactly
 * as on a tablet.  With no window manager the window sits at 0,0 and is
 * the size the test gives it.
 *
 * Waits are for conditions, never fixed sleeps, and their deadlines are
 * multiplied by KEYVOICE_TEST_SLOWDOWN (tests/kv-test-common.h).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop until @done says so or @ms milliseconds (times the
 * slowdown) pass; returns whether @done said so. */
typedef gboolean (*KriCondition) (gpointer data);
gboolean    kri_wait           (KriCondition  done,
                                gpointer      data,
                                guint         ms);
/* Whether @done becomes true within @ms of real time, never stretched by
 * KEYVOICE_TEST_SLOWDOWN: for checking that something does not happen
 * before the kiosk's own timer would make it (a hold let go early). */
gboolean    kri_happens_within (KriCondition  done,
                                gpointer      data,
                                guint         ms);
/* Lets GTK read and handle every event the X server has for it. */
void        kri_settle         (void);
/* Waits until @widget is on screen with a size: mapped and allocated. */
gboolean    kri_wait_shown     (GtkWidget    *widget);

/* Where the centre of @widget is on the screen, in root coordinates. */
void        kri_centre         (GtkWidget    *widget,
                                int          *x,
                                int          *y);
void        kri_move           (int           x,
                                int           y);
void        kri_button         (gboolean      down);
/* Moves the pointer to @widget's centre and clicks the first button;
 * fails the test when @widget is not on screen. */
void        kri_click          (GtkWidget    *widget);
/* Gives @window the keyboard (no window manager does it for us). */
void        kri_focus          (GtkWindow    *window);
/* Presses and releases @keys, xdotool's names ("Tab", "space", "Return",
 * "BackSpace", "shift+Tab"), one after the other. */
void        kri_keys           (const char   *keys,
                                ...) G_GNUC_NULL_TERMINATED;
/* Types @text (plain ASCII) on the keyboard. */
void        kri_type           (const char   *text);

/* The first sensitive button (or other actionable) under @root naming
 * @action, with string target @target (NULL: any or none), that is
 * on screen. */
GtkWidget  *kri_find_action    (GtkWidget    *root,
                                const char   *action,
                                const char   *target);

/* Appends to @report one line for every visible, sensitive control under
 * @root (buttons, toggles, check buttons, switches, entries, drop-downs,
 * text views) that does not lie wholly inside @window and inside every
 * scrolled window around it, that is, that could not be touched without
 * scrolling; returns how many. */
guint       kri_offscreen      (GtkWidget    *window,
                                GtkWidget    *root,
                                GString      *report);

/* With KIOSK_SCREENSHOT_DIR set, saves the whole screen there as
 * @name.png (ImageMagick's `import -window root`). */
void        kri_screenshot     (const char   *name);

G_END_DECLS
