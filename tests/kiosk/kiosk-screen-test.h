/* kiosk-screen-test.h — the screen, pointer and keyboard for tests that
 * look at the kiosk as a person does.
 *
 * The test program starts an X server of its own, big enough for a
 * tablet held either way (kgt_start_display (KST_SCREEN, KST_SCREEN)),
 * with no window manager, so a window is the size asked.  Clicks and
 * keys go through that server
 * (XTest, by running xdotool), so GTK's own gestures, focus and key
 * handling decide what happens. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-gui-test.h"

G_BEGIN_DECLS

/* The screen's side, in pixels: room for a tablet either way up. */
#define KST_SCREEN 1600

/* Whether xdotool and an X11 display are there; skips the test if not. */
gboolean    kst_can_use_real_input  (void);
/* Runs xdotool with the arguments, then lets GTK handle what came. */
void        kst_xdotool             (const char *first,
                                     ...) G_GNUC_NULL_TERMINATED;
/* A click at the centre of @widget. */
void        kst_click               (GtkWidget  *widget);
/* Gives @window the keyboard (no window manager does). */
void        kst_give_keyboard       (GtkWidget  *window);

/* With KIOSK_SCREENSHOT_DIR set, saves @window as NAME-WxH.png there. */
void        kst_shoot               (GtkWidget  *window,
                                     const char *name);
/* The page's scrolled window: what shows without scrolling. */
GtkWidget  *kst_viewport_of         (GtkWidget  *page);
/* Fails when a visible control under @widget is not wholly inside
 * @viewport; returns how many controls there are. */
guint       kst_assert_on_screen    (GtkWidget  *viewport,
                                     GtkWidget  *widget);
/* The screens a test looks at: a 10" tablet either way up, and a small
 * landscape one. */
typedef struct
{
  int width;
  int height;
} KstSize;

extern const KstSize kst_landscape;
extern const KstSize kst_portrait;
extern const KstSize kst_small;

/* kgt_setup() for a child whose family is due independent feedback, in
 * an undecorated window of @size, as full screen on the tablet. */
void        kst_setup_window        (KgtFixture    *f,
                                     const KstSize *size);

/* Fails when @page needs more than @width pixels (less a frame). */
void        kst_assert_fits_width   (GtkWidget  *page,
                                     int         width);

G_END_DECLS
