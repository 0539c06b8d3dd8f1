/* kiosk-window-private.h — what kiosk-window.c and kiosk-window-actions.c
 * share: the window's struct and the few functions each offers the other.
 *
 * kiosk-window.c builds the window and shows what the journey
 * (kiosk-journey.h) says: the page, the header and the bottom bar.
 * kiosk-window-actions.c installs the widget actions and hands each one
 * on to the journey.
 */
#pragma once

#include "kiosk-journey.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

struct _KioskWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template. */
  GtkWidget            *header;
  GtkWidget            *form_title;
  GtkWidget            *progress_label;
  GtkWidget            *progress_bar;
  GtkWidget            *stack;
  GtkWidget            *bottom_bar;
  GtkWidget            *back_button;
  GtkWidget            *skip_button;
  GtkWidget            *decline_button;
  GtkWidget            *next_button;
  GtkWidget            *staff_corner;

  KioskStore           *store;
  KioskUploader        *uploader;
  GSettings            *settings;
  KioskJourney         *journey;

  /* What is on screen. */
  GtkWidget            *page;
  GtkWidget            *page_holder;
  GtkWidget            *still_there;
  GtkWidget            *still_there_holder;
  guint                 welcome_source;
  /* Whether the last press was of a key rather than a finger or a button:
   * a new page shows where the focus is only to someone using keys. */
  gboolean              keyboard_in_use;
};

/* kiosk-window.c */
void  _kiosk_window_sync_entry          (KioskWindow      *self);
void  _kiosk_window_focus_page          (KioskWindow      *self);

/* kiosk-window-actions.c */
void  _kiosk_window_class_actions_init  (GtkWidgetClass   *widget_class);
void  _kiosk_window_actions_update      (KioskWindow      *self,
                                         const KioskChrome *chrome);

G_END_DECLS
