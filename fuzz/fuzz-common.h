/* fuzz-common.h — what the Keyvoice fuzz harnesses share.
 *
 * Each harness is a libFuzzer target (LLVMFuzzerTestOneInput) and is also
 * compiled into tests/fuzz/test-fuzz-regressions.c, which replays every input
 * that once crashed it; so everything here is static and guarded, and a
 * harness keeps its own helpers under its own prefix.
 */
#pragma once

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

static void
kv_fuzz_on_trap (int signal_number)
{
  abort ();
}

/* A critical or a warning means that a public entry point was called
 * against its contract, or that GLib found something wrong: either way the
 * input has shown a bug, so it must abort and be kept, not scroll past.
 * GLib ends a fatal message with a breakpoint (SIGTRAP), which libFuzzer
 * does not watch for, so the trap is turned into the abort it does. */
static inline void
kv_fuzz_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL
                              | G_LOG_LEVEL_WARNING);
      signal (SIGTRAP, kv_fuzz_on_trap);
      g_once_init_leave (&initialised, 1);
    }
}

static inline gboolean
kv_fuzz_is_json_space (uint8_t c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The value of the four hex digits at @data[@at], or G_MAXUINT32. */
static inline gunichar
kv_fuzz_read_hex4 (const uint8_t *data,
                   size_t         size,
                   size_t         at)
{
  gunichar value = 0;

  if (at + 4 > size)
    return G_MAXUINT32;
  for (size_t i = at; i < at + 4; i++)
    {
      if (!g_ascii_isxdigit (data[i]))
        return G_MAXUINT32;
      value = value * 16 + g_ascii_xdigit_value (data[i]);
    }

  return value;
}

/* Whether json-glib can parse @data without leaking.
 *
 * json-glib 1.6 (Debian 12) leaks in two places, whatever the caller does:
 * it accepts a document followed by an object or an array ("{} {}",
 * "1 [2]"), parses the trailing value too and drops it; and it drops the
 * string it was reading when a "\\u" escape is cut short or is half of a
 * surrogate pair without the other half.  Those are json-glib's bugs, not
 * ours, and the code under test here only ever sees the parsed node, so
 * such inputs are passed over rather than reported again and again.  The
 * scan is rough on purpose: anything it is unsure of (a comment, a bracket
 * in one) counts as trailing content and is passed over too.
 * fuzz-ingest.c does not use this: code that parses a request body itself
 * has to cope with such bodies. */
static inline gboolean
kv_fuzz_is_single_json_value (const uint8_t *data,
                              size_t         size)
{
  size_t i = 0;
  guint depth = 0;

  while (i < size && kv_fuzz_is_json_space (data[i]))
    i++;

  do
    {
      if (i >= size)
        return TRUE;

      if (data[i] == '"')
        {
          for (i++; i < size && data[i] != '"'; i++)
            {
              if (data[i] != '\\')
                continue;
              i++;
              if (i < size && data[i] == 'u')
                {
                  gunichar unit = kv_fuzz_read_hex4 (data, size, i + 1);
                  gunichar low;

                  if (unit == G_MAXUINT32 || (unit >= 0xdc00 && unit <= 0xdfff))
                    return FALSE;
                  i += 4;
                  if (unit < 0xd800 || unit > 0xdbff)
                    continue;
                  low = kv_fuzz_read_hex4 (data, size, i + 3);
                  if (i + 2 >= size || data[i + 1] != '\\' || data[i + 2] != 'u'
                      || low < 0xdc00 || low > 0xdfff)
                    return FALSE;
                  i += 6;
                }
            }
          i++;
        }
      else if (data[i] == '{' || data[i] == '[')
        {
          depth++;
          i++;
        }
      else if (data[i] == '}' || data[i] == ']')
        {
          if (depth == 0)
            return FALSE;
          depth--;
          i++;
        }
      else
        {
          /* Inside a container anything goes; at the top a scalar ends at
           * the first byte that cannot be part of it. */
          for (i++; i < size && depth == 0; i++)
            if (kv_fuzz_is_json_space (data[i]) || strchr ("{}[]\",:", data[i]))
              break;
        }
    }
  while (depth > 0);

  while (i < size && kv_fuzz_is_json_space (data[i]))
    i++;

  return i >= size;
}

/* Parses @data as the aggregator parses a request body: with json-glib,
 * from exactly @size bytes, with no terminating NUL to lean on.  Returns
 * NULL for anything that is not JSON, and for the few inputs that
 * kv_fuzz_is_single_json_value() passes over. */
static inline JsonNode *
kv_fuzz_parse_json (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;

  /* json-glib takes a gssize, and an empty buffer is refused by its
   * preconditions rather than reported as an error. */
  if (size == 0 || size > G_MAXSSIZE)
    return NULL;
  if (!kv_fuzz_is_single_json_value (data, size))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size,
                                   NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

/* Reads every byte of @s, so that a dangling or unterminated string shows
 * up under AddressSanitizer here rather than in whoever reads it later. */
static volatile size_t kv_fuzz_sink;

static inline void
kv_fuzz_touch (const char *s)
{
  if (s != NULL)
    kv_fuzz_sink += strlen (s);
}

/* Aborts with @what when @condition does not hold.  g_assert() is not used
 * because G_DISABLE_ASSERT would make it vanish, and these checks are the
 * point of the harness. */
#define kv_fuzz_check(condition, what) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      g_error ("%s:%d: %s", __FILE__, __LINE__, (what)); \
  } G_STMT_END
