/* kv-echo.h — what an error message may repeat of its input (private to
 * libkvforms).
 *
 * Messages from validation end up in replies and logs, so they repeat a
 * key, level id or goal id only when it is shaped like an id: a broken or
 * hostile client could put a child's name or a sentence where an id
 * belongs, and that must never be written out again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_ECHO_MAX_CHARS 64

/* Whether @s is 1…KV_ECHO_MAX_CHARS of lower-case letters, digits, '-',
 * '_', '+' and '.'. */
gboolean  kv_echo_is_safe (const char *s);
/* "'@s'" when @s is safe to repeat, otherwise a copy of @fallback. */
char     *kv_echo_quote   (const char *s,
                           const char *fallback);

G_END_DECLS
