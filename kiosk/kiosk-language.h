/* kiosk-language.h — the language of one session.
 *
 * A family picks a language on the welcome screen; it applies to the
 * interface and to the forms (every string is looked up in the "keyvoice"
 * gettext domain) until the session ends, when the kiosk goes back to the
 * language it started in.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes gettext answer in @language (a code such as "cy" or "pl_PL") from
 * now on; NULL goes back to the language the process started with.  Call
 * it once with NULL before starting other threads: the first call may add
 * a variable to the environment, later calls only replace it.
 * Widgets already built keep their text: the kiosk builds its pages
 * afresh after a change. */
void          kiosk_language_apply       (const char *language);

/* The language the kiosk is in now (what was last applied, or NULL for
 * the one it started with). */
const char   *kiosk_language_get_current (void);

/* The language's name in that language ("Cymraeg" for "cy"), so a family
 * can find their own language whatever the kiosk shows now; the code
 * itself when it is not one we know. */
const char   *kiosk_language_get_name    (const char *language);

G_END_DECLS
