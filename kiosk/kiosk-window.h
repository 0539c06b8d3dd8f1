/* kiosk-window.h — the kiosk's one window.
 *
 * The window shows the family's journey from Welcome to Thank you
 * (docs/kiosk.md "The journey"; docs/domain.md §6 for independent
 * feedback), staff mode behind a long press and a PIN (docs/domain.md §1),
 * and the wipe when nobody is there; what each step means is decided by
 * its journey (kiosk-journey.h).  Everything it does is a widget action,
 * so tests drive the real window exactly as the buttons do:
 *
 *   kiosk.start            Welcome → who is answering
 *   kiosk.language (s)     stateful: the session's language
 *   kiosk.easy-read        stateful: easy-read wording and pictures
 *   kiosk.respondent (s)   stateful: who is answering (wire name)
 *   kiosk.no-code          experience feedback only, without a code
 *   kiosk.next, kiosk.back, kiosk.skip
 *   kiosk.decline          "I'd rather not" on independent feedback
 *   kiosk.send, kiosk.finish
 *   kiosk.still-here       answers "Are you still there?"
 *   kiosk.staff            the PIN screen (also Ctrl+Alt+S, or a long
 *                          press on the top corner)
 *   kiosk.set-goals, kiosk.change-pin, kiosk.leave-fullscreen  (staff)
 *
 * Pages add their own: kiosk.key and kiosk.delete (keypads),
 * kiosk.choose and kiosk.toggle (questions), kiosk.sync-now and
 * kiosk.enrol-again (staff).
 */
#pragma once

#include <adwaita.h>

#include "kiosk-journey.h"
#include "kiosk-session.h"
#include "kiosk-store.h"
#include "kiosk-uploader.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, AdwApplicationWindow)

/* @app and @uploader may be NULL (tests): without an uploader the kiosk
 * works offline from its cache and never syncs. */
KioskWindow   *kiosk_window_new          (GtkApplication *app,
                                          KioskStore     *store,
                                          KioskUploader  *uploader,
                                          GSettings      *settings);
/* The page on screen now ("Are you still there?" included). */
GtkWidget     *kiosk_window_get_page     (KioskWindow    *self);
/* The session in progress, or NULL on a blank kiosk. */
KioskSession  *kiosk_window_get_session  (KioskWindow    *self);
/* What decides the screens this window shows. */
KioskJourney  *kiosk_window_get_journey  (KioskWindow    *self);
/* Clears the session and everything chosen in it, and shows Welcome. */
void           kiosk_window_reset        (KioskWindow    *self);

G_END_DECLS
