/* kiosk-form-source.h — where the kiosk's forms come from.
 *
 * A form is taken from the tablet's cache (what the aggregator serves
 * now), or else from the copy shipped with the program when the tablet
 * has never fetched one.  Which folder holds the shipped copies is
 * decided once, by whoever makes the source, so nothing that walks a
 * family through the forms reads the environment or picks a folder
 * itself.
 */
#pragma once

#include <glib-object.h>

#include "keyvoice-forms.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FORM_SOURCE (kiosk_form_source_get_type ())

G_DECLARE_FINAL_TYPE (KioskFormSource, kiosk_form_source, KIOSK, FORM_SOURCE, GObject)

/* @shipped_dir holds the shipped forms as "<id>.xml". */
KioskFormSource *kiosk_form_source_new              (KioskStore      *store,
                                                     const char      *shipped_dir);
/* The program's shipped forms: KEYVOICE_FORMS_DIR when set (tests and a
 * build tree), else the installed folder, else the source tree's. */
KioskFormSource *kiosk_form_source_new_shipped      (KioskStore      *store);
const char      *kiosk_form_source_get_shipped_dir  (KioskFormSource *self);

/* The current version of @form_id, cached first, shipped second.  Fails
 * with the shipped file's error when neither has it. */
KvForm          *kiosk_form_source_load             (KioskFormSource *self,
                                                     const char      *form_id,
                                                     GError         **error);

G_END_DECLS
