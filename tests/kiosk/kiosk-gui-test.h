/* kiosk-gui-test.h — helpers for tests that drive the real kiosk window.
 *
 * Every test gets a fresh temporary data directory, a
 * store enrolled to a closed port with a key pair the test keeps (so it
 * can open sealed answers as only the aggregator could), settings in
 * memory, and a window with no uploader: nothing ever leaves the machine.
 */
#pragma once

#include <adwaita.h>

#include "kiosk-core.h"
#include "kiosk-test-util.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

typedef struct
{
  char        *tmp_dir;
  char        *data_dir;
  KioskStore  *store;
  GSettings   *settings;
  KioskWindow *window;
  KtKeyPair    keys;
  char        *code;   /* a valid child code, "XXXX-XXXX" */
} KgtFixture;

/* g_test_init() with isolated directories, then GTK, libadwaita, the
 * kiosk's style, and the "keyvoice" text domain. */
void          kgt_init             (int         *argc,
                                    char      ***argv);

/* @child_json: the aggregator's reply about the fixture's child (with
 * "%s" where the code goes), cached in the store; NULL for none. */
void          kgt_setup            (KgtFixture  *f,
                                    const char  *child_json);
void          kgt_teardown         (KgtFixture  *f);
/* The kiosk window on @f->store with @uploader (NULL: none) and settings
 * in memory, presented at tablet size; kgt_setup() ends with it, and a
 * test with its own store and uploader calls it itself. */
void          kgt_open_window      (KgtFixture    *f,
                                    KioskUploader *uploader);
/* The size kgt_open_window() gives the window from now on (1280 × 900
 * unless told). */
void          kgt_set_window_size  (int            width,
                                    int            height);

/* Starts Xvfb at @width × @height × 24 on a display it picks itself and
 * points DISPLAY at it; before kgt_init(), for a test that needs a screen
 * of a certain size (kgt_init() starts one of 1920 × 1920 otherwise).
 * No window manager runs there, so a window is the size asked.  Returns
 * FALSE when there is no Xvfb: the test then uses the display there is.
 * The server stops when the program exits, or at kgt_stop_display(). */
gboolean      kgt_start_display    (guint        width,
                                    guint        height);
void          kgt_stop_display     (void);

/* Runs the main loop for @ms milliseconds. */
void          kgt_run              (guint        ms);
/* Runs the main loop until the page on screen is of @type (or @ms pass);
 * returns whether it is. */
gboolean      kgt_wait_for_page    (KgtFixture  *f,
                                    GType        type,
                                    guint        ms);
/* Runs the main loop until @widget's window has been laid out and painted
 * once more (or @ms pass); returns whether it was.  Focus moves by Tab
 * follow the allocation, which a page only has after that. */
gboolean      kgt_wait_for_paint   (GtkWidget   *widget,
                                    guint        ms);

GtkWidget    *kgt_page             (KgtFixture  *f);
/* Activates a kiosk action from the page on screen, as its buttons do;
 * fails the test when the action is missing or disabled. */
void          kgt_act              (KgtFixture  *f,
                                    const char  *action);
void          kgt_act_s            (KgtFixture  *f,
                                    const char  *action,
                                    const char  *arg);
gboolean      kgt_can              (KgtFixture  *f,
                                    const char  *action);
void          kgt_type_code        (KgtFixture  *f,
                                    const char  *code);

/* Finds a label (or button) showing exactly @text under @widget. */
GtkWidget    *kgt_find_text        (GtkWidget   *widget,
                                    const char  *text);
/* The first button (or other actionable) under @widget naming @action. */
GtkWidget    *kgt_find_actionable  (GtkWidget   *widget,
                                    const char  *action);
/* Whether a button under @widget naming @action can be pressed. */
gboolean      kgt_widget_can       (GtkWidget   *widget,
                                    const char  *action);

/* One of the forms shipped in forms/, by id. */

/* For a widget tested on its own: a presented window holding it alone.
 * Destroy the window before checking that the widget is finalized. */
GtkWidget    *kgt_show             (GtkWidget   *widget);
/* The same, with @actions standing in for the window's "kiosk" actions. */
GtkWidget    *kgt_show_with_actions (GtkWidget    *widget,
                                     GActionGroup *actions);
/* Adds one to *@count whenever @object notifies @property. */
void          kgt_count_notifies   (gpointer     object,
                                    const char  *property,
                                    guint       *count);
/* The template child @name of @widget (of @widget's own type). */
GtkWidget    *kgt_part             (GtkWidget   *widget,
                                    const char  *name);
/* Sends a key press to @widget's key controller, as a keyboard would;
 * returns whether the widget handled it. */
gboolean      kgt_press_key        (GtkWidget       *widget,
                                    guint            keyval,
                                    GdkModifierType  state);

/* The store's next upload body as the aggregator reads it, every box
 * opened (kt_outbox_opened()), or NULL when nothing is queued. */
JsonNode     *kgt_outbox           (KgtFixture  *f);
/* The submission for @form in an upload body, or NULL. */
JsonObject   *kgt_submission       (JsonNode    *batch,
                                    const char  *form);

/* @widget as it is on screen, drawn by its window's renderer. */
GdkTexture   *kgt_render           (GtkWidget   *widget);
/* Renders @widget as it is on screen into a PNG file. */
void          kgt_save_png         (GtkWidget   *widget,
                                    const char  *path);

G_END_DECLS
