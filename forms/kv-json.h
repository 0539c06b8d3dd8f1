/* kv-json.h — the one gate for JSON text from outside.
 *
 * Everything the kiosk or the aggregator reads as JSON from the network or
 * from a file passes here before json-glib sees it.  The text must be
 * RFC 8259 JSON and nothing more: UTF-8 in shortest form with no encoded
 * surrogates, no comments, no single quotes, no hexadecimal numbers or
 * leading zeros, no trailing commas, no raw control characters in strings,
 * only the escapes RFC 8259 lists, \u surrogates only in pairs, no
 * \u0000, no key twice in one object, and one value with nothing after it.
 * On top of that, two limits that json-glib does not have: nesting (it
 * parses recursively, so deep text would exhaust the stack) and the number
 * of values (its tree costs some 300 bytes a value, so a body of 8 MiB of
 * "{}," would cost nearly a gigabyte).  docs/api.md documents both.
 *
 * Errors are KV_FORM_ERROR_JSON (or KV_FORM_ERROR_JSON_TOO_LARGE for the
 * value count) and say where: "line L, column C (byte B): what".  They
 * never quote the text, which may be a family's words; a duplicate key is
 * named only when it is a short identifier.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects accepted; the top-level value
 * is level 1. */
#define KV_JSON_MAX_DEPTH  64

/* The most values one text may hold, counting every array element and
 * every object member (the top-level value itself is not counted).  The
 * largest legitimate body, a batch of 500 gas-goals submissions of six
 * goals with all their levels and 500 offers, holds about 45,000. */
#define KV_JSON_MAX_VALUES 100000

/* Numbers are kept to what RFC 8259 §6 calls interoperable: no larger in
 * magnitude than 2^53 − 1 (beyond it doubles skip integers), and, when
 * not 0, no smaller than 10^-6.  Outside that range json-glib 1.6 writes
 * some numbers back out as text that is not JSON ("1e+17.0"), so what the
 * kiosk stores could not be read again.  No member of the wire format
 * needs more. */
#define KV_JSON_MAX_MAGNITUDE G_GINT64_CONSTANT (9007199254740991)
#define KV_JSON_MIN_FRACTION  1e-6

gboolean  kv_json_validate (const char  *data,
                            gsize        length,
                            GError     **error);

/* kv_json_validate(), then json-glib; the tree is immutable. */
JsonNode *kv_json_parse    (const char  *data,
                            gsize        length,
                            GError     **error);

G_END_DECLS
