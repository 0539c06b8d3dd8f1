/* kiosk-json-writer.h — JSON text written straight into a GString
 * (internal).
 *
 * The store writes the body of each upload with these instead of building
 * a json-glib tree and serialising it: the answers are already JSON text
 * in the outbox and go into the body as they are.  The text is what
 * json_to_string() (pretty = FALSE) writes for the same tree: no spaces,
 * members in the order they are added, strings escaped the same way, with
 * one exception — json-glib 1.6 leaves U+001F unescaped, which is not
 * JSON, and this writes it as \u001f.
 *
 * Commas are put in by looking at the last character written: a member or
 * an element that does not directly follow "{" or "[" gets one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A string value, escaped (RFC 8259 §7); NULL writes null.  @text must be
 * UTF-8, as everything the store keeps is. */
void  kiosk_json_append_string          (GString     *out,
                                         const char  *text);

/* Starts a member of the object being written: the comma if one is due,
 * then "name":.  The value follows. */
void  kiosk_json_begin_member           (GString     *out,
                                         const char  *name);
/* Starts an element of the array being written: the comma if one is due. */
void  kiosk_json_begin_element          (GString     *out);

/* A member and its value in one call. */
void  kiosk_json_add_string_member      (GString     *out,
                                         const char  *name,
                                         const char  *value);
void  kiosk_json_add_int_member         (GString     *out,
                                         const char  *name,
                                         gint64       value);
void  kiosk_json_add_boolean_member     (GString     *out,
                                         const char  *name,
                                         gboolean     value);
/* A member whose value is @json, JSON text written as it is: the caller
 * has checked it (kv_json_validate()). */
void  kiosk_json_add_raw_member         (GString     *out,
                                         const char  *name,
                                         const char  *json,
                                         gsize        length);

G_END_DECLS
