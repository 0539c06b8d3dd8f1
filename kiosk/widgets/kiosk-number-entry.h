/* kiosk-number-entry.h — a whole number typed, or stepped with big − and +. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_NUMBER_ENTRY (kiosk_number_entry_get_type ())

G_DECLARE_FINAL_TYPE (KioskNumberEntry, kiosk_number_entry, KIOSK, NUMBER_ENTRY, GtkWidget)

/* Starts empty.  − and + move by @step within @min…@max. */
GtkWidget  *kiosk_number_entry_new            (gint64             min,
                                               gint64             max,
                                               gint64             step);
/* FALSE while the text is empty or not a whole number in range. */
gboolean    kiosk_number_entry_get_value      (KioskNumberEntry  *self,
                                               gint64            *value);
void        kiosk_number_entry_set_value      (KioskNumberEntry  *self,
                                               gint64             value);
/* Sets the text as if typed. */
void        kiosk_number_entry_set_text       (KioskNumberEntry  *self,
                                               const char        *text);
/* Names the entry for assistive technology after @label. */
void        kiosk_number_entry_set_labelled_by (KioskNumberEntry *self,
                                                GtkWidget        *label);

/* Signal "changed": the text changed (the value may now be valid or not). */

G_END_DECLS
