/* kv-json.c — a strict RFC 8259 validator, and the json-glib tree of what
 * it accepts.
 *
 * One pass over the bytes, without recursion: the open arrays and objects
 * are a fixed stack of KV_JSON_MAX_DEPTH frames.  Only keys are decoded
 * (to find duplicates, which must compare "a" and "\u0061" as equal); the
 * rest is only checked.  Memory is the keys of the open objects, which is
 * bounded by the text's length.
 *
 * kv_json_parse() then builds the tree itself from the text that passed,
 * in a second pass that needs no checks, instead of handing the text to
 * JsonParser: the aggregator parses every body it receives, and json-glib's
 * tokenizer was a fifth of its work per submission (docs/benchmarks.md).
 * The tree is the one JsonParser builds, node for node (integers as
 * gint64, other numbers as doubles read in the C locale, members in text
 * order, sealed), because duplicate detection hashes it and a resend must
 * hash as the first sending did; /forms/json/tree-as-json-glib-builds-it
 * compares the two.
 *
 * Every body the kiosk sends and the aggregator reads passes here, so the
 * keys cost no allocation of their own: the decoded keys of the open
 * objects are kept one after the other in one buffer, an object's last,
 * and a key is compared with the few others of its object directly; only
 * an object of many keys gets a hash table.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "kv-form.h"
#include "kv-json.h"

/* Up to this many keys an object's keys are compared one by one. */
#define LINEAR_KEYS 16

/* Where one decoded key is in Scanner.keys (NUL-terminated there). */
typedef struct
{
  gsize offset;
  gsize length;
} KeySpan;

typedef struct
{
  gboolean    is_object;
  guint       first_key;  /* its first key's index in Scanner.spans */
  GHashTable *index;      /* its keys, once it has more than LINEAR_KEYS */
} Frame;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  guint         values;
  guint         depth;
  GString      *keys;     /* the open objects' decoded keys; NULL until one */
  GArray       *spans;    /* of KeySpan, in the same order */
  Frame         stack[KV_JSON_MAX_DEPTH];
} Scanner;

/* Sets @error to "line L, column C (byte B): @what" for byte @at.  The
 * column counts characters, so a family's accented words do not shift it. */
static gboolean G_GNUC_PRINTF (4, 5)
fail (Scanner     *s,
      gsize        at,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  guint line = 1, column = 1;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  at = MIN (at, s->length);
  for (gsize i = 0; i < at; i++)
    {
      if (s->data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if ((s->data[i] & 0xC0) != 0x80)
        {
          column++;
        }
    }
  g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON,
               "line %u, column %u (byte %" G_GSIZE_FORMAT "): %s", line, column, at, what);
  return FALSE;
}

static gboolean
at_end (Scanner *s)
{
  return s->pos >= s->length;
}

static void
skip_space (Scanner *s)
{
  /* RFC 8259 §2: exactly these four. */
  while (!at_end (s) && (s->data[s->pos] == ' ' || s->data[s->pos] == '\t' ||
                         s->data[s->pos] == '\n' || s->data[s->pos] == '\r'))
    s->pos++;
}

/* The length of the UTF-8 sequence at @p, or 0 when it is not one whole
 * character in shortest form, or encodes a surrogate (RFC 3629 §3). */
static gsize
utf8_sequence (const guchar *p,
               gsize         left)
{
  guint32 c, min;
  gsize n;

  if (p[0] < 0x80)
    return 1;
  if ((p[0] & 0xE0) == 0xC0)
    n = 2, c = p[0] & 0x1F, min = 0x80;
  else if ((p[0] & 0xF0) == 0xE0)
    n = 3, c = p[0] & 0x0F, min = 0x800;
  else if ((p[0] & 0xF8) == 0xF0)
    n = 4, c = p[0] & 0x07, min = 0x10000;
  else
    return 0;
  if (left < n)
    return 0;
  for (gsize i = 1; i < n; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      c = (c << 6) | (p[i] & 0x3F);
    }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  return n;
}

static int
hex4 (Scanner *s,
      gsize    at)
{
  int value = 0;

  if (s->length - at < 4)
    return -1;
  for (gsize k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (s->data[at + k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Checks the string whose opening quote is at s->pos and moves past its
 * closing quote; appends its decoded text to @out when given.  Text with
 * no escape in it is appended a run at a time, not a character at a time:
 * every string of every body the aggregator reads is decoded here. */
static gboolean
scan_string (Scanner  *s,
             GString  *out,
             GError  **error)
{
  gsize start = s->pos;
  gsize run;

  s->pos++;
  run = s->pos;
  for (;;)
    {
      guchar c;

      if (at_end (s))
        return fail (s, start, error, "this string is never closed");
      c = s->data[s->pos];
      if (c == '"' || c == '\\')
        {
          if (out != NULL && s->pos > run)
            g_string_append_len (out, (const char *) s->data + run, s->pos - run);
        }
      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (s, s->pos, error,
                     "a control character (U+%04X) must be escaped in a string", c);
      if (c == '\\')
        {
          gsize escape = s->pos;
          int unit, low;

          if (s->length - s->pos < 2)
            return fail (s, start, error, "this string is never closed");
          c = s->data[s->pos + 1];
          if (c != 'u')
            {
              static const char from[] = "\"\\/bfnrt";
              static const char to[] = "\"\\/\b\f\n\r\t";
              const char *found = c != '\0' ? strchr (from, c) : NULL;

              if (found == NULL)
                return fail (s, escape, error, "“\\%c” is not a JSON escape",
                             g_ascii_isgraph (c) ? c : '?');
              if (out != NULL)
                g_string_append_c (out, to[found - from]);
              s->pos += 2;
              run = s->pos;
              continue;
            }
          unit = hex4 (s, s->pos + 2);
          if (unit < 0)
            return fail (s, escape, error, "a \\u escape needs four hexadecimal digits");
          s->pos += 6;
          if (unit == 0)
            return fail (s, escape, error, "\\u0000 is not allowed in a string");
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return fail (s, escape, error,
                         "\\u%04X is the second half of a surrogate pair without its first",
                         unit);
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              if (s->length - s->pos < 6 || s->data[s->pos] != '\\' ||
                  s->data[s->pos + 1] != 'u' || (low = hex4 (s, s->pos + 2)) < 0 ||
                  low < 0xDC00 || low > 0xDFFF)
                return fail (s, escape, error,
                             "\\u%04X is the first half of a surrogate pair without its second",
                             unit);
              s->pos += 6;
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
          if (out != NULL)
            g_string_append_unichar (out, unit);
          run = s->pos;
          continue;
        }

      if (c < 0x80)
        {
          s->pos++;
        }
      else
        {
          gsize n = utf8_sequence (s->data + s->pos, s->length - s->pos);

          if (n == 0)
            return fail (s, s->pos, error, "the text is not valid UTF-8");
          s->pos += n;
        }
    }
}

static gboolean
is_digit (Scanner *s)
{
  return !at_end (s) && g_ascii_isdigit (s->data[s->pos]);
}

/* RFC 8259 §6, within the range kv-json.h gives: the numbers every
 * implementation reads alike, and json-glib writes back out as JSON. */
static gboolean
scan_number (Scanner  *s,
             GError  **error)
{
  g_autofree char *text = NULL;
  gsize start = s->pos;
  gboolean integer = TRUE;

  if (s->data[s->pos] == '-')
    s->pos++;
  if (!is_digit (s))
    return fail (s, start, error, "a number needs a digit after “-”");
  if (s->data[s->pos] == '0')
    {
      s->pos++;
      if (!at_end (s) && (s->data[s->pos] == 'x' || s->data[s->pos] == 'X'))
        return fail (s, start, error, "hexadecimal numbers are not JSON");
      if (is_digit (s))
        return fail (s, start, error, "a number must not start with a 0 followed by digits");
    }
  else
    {
      while (is_digit (s))
        s->pos++;
    }
  if (!at_end (s) && s->data[s->pos] == '.')
    {
      integer = FALSE;
      s->pos++;
      if (!is_digit (s))
        return fail (s, start, error, "a number needs a digit after “.”");
      while (is_digit (s))
        s->pos++;
    }
  if (!at_end (s) && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      integer = FALSE;
      s->pos++;
      if (!at_end (s) && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (!is_digit (s))
        return fail (s, start, error, "a number needs a digit in its exponent");
      while (is_digit (s))
        s->pos++;
    }

  text = g_strndup ((const char *) s->data + start, s->pos - start);
  errno = 0;
  if (integer)
    {
      gint64 value = g_ascii_strtoll (text, NULL, 10);

      if (errno == ERANGE || value > KV_JSON_MAX_MAGNITUDE || value < -KV_JSON_MAX_MAGNITUDE)
        return fail (s, start, error, "this number is too large");
    }
  else
    {
      double value = fabs (g_ascii_strtod (text, NULL));

      if (!isfinite (value) || value > (double) KV_JSON_MAX_MAGNITUDE)
        return fail (s, start, error, "this number is too large");
      if (value != 0.0 && value < KV_JSON_MIN_FRACTION)
        return fail (s, start, error, "this number is too small");
    }
  return TRUE;
}

static gboolean
scan_literal (Scanner  *s,
              GError  **error)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (s->length - s->pos >= n && memcmp (s->data + s->pos, literals[i], n) == 0)
        {
          s->pos += n;
          return TRUE;
        }
    }
  return FALSE;
}

/* Says what is at s->pos where a value should start. */
static gboolean
fail_no_value (Scanner  *s,
               GError  **error)
{
  guchar c;

  if (at_end (s))
    return fail (s, s->pos, error, "the text ends where a value should be");
  c = s->data[s->pos];
  if (c == '\'')
    return fail (s, s->pos, error, "strings take double quotes, not single quotes");
  if (c == '/')
    return fail (s, s->pos, error, "comments are not JSON");
  if (c == ']' || c == '}')
    return fail (s, s->pos, error, "a comma must not come before “%c”", c);
  if (c == '+' || c == '.')
    return fail (s, s->pos, error, "a number starts with a digit or “-”");
  return fail (s, s->pos, error, "a value should start here");
}

static gboolean
push (Scanner   *s,
      gboolean   is_object,
      GError   **error)
{
  if (s->depth == KV_JSON_MAX_DEPTH)
    return fail (s, s->pos, error, "arrays and objects nest deeper than %d levels",
                 KV_JSON_MAX_DEPTH);
  s->stack[s->depth].is_object = is_object;
  s->stack[s->depth].first_key = s->spans != NULL ? s->spans->len : 0;
  s->stack[s->depth].index = NULL;
  s->depth++;
  s->pos++;
  return TRUE;
}

static void
pop (Scanner *s)
{
  Frame *frame;

  g_assert (s->depth > 0);
  s->depth--;
  frame = &s->stack[s->depth];
  /* Its keys are the last ones in the buffer. */
  if (s->spans != NULL && frame->first_key < s->spans->len)
    {
      g_string_truncate (s->keys, g_array_index (s->spans, KeySpan, frame->first_key).offset);
      g_array_set_size (s->spans, frame->first_key);
    }
  g_clear_pointer (&frame->index, g_hash_table_unref);
}

static gboolean
count_value (Scanner  *s,
             GError  **error)
{
  if (++s->values <= KV_JSON_MAX_VALUES)
    return TRUE;
  fail (s, s->pos, error, "the text holds more than %d values", KV_JSON_MAX_VALUES);
  (*error)->code = KV_FORM_ERROR_JSON_TOO_LARGE;
  return FALSE;
}

/* A key is repeated in an error only when it cannot be anyone's words. */
static gboolean
is_plain_key (const char *key)
{
  if (*key == '\0' || strlen (key) > 64)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-.", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Whether the object of @frame already has the key at @span (the last one
 * decoded, not yet in its list); keeps the object's index when it has
 * one. */
static gboolean
is_repeated_key (Scanner       *s,
                 Frame         *frame,
                 const KeySpan *span)
{
  const char *key = s->keys->str + span->offset;
  guint n = s->spans->len - frame->first_key;

  if (frame->index == NULL && n < LINEAR_KEYS)
    {
      for (guint i = frame->first_key; i < s->spans->len; i++)
        {
          const KeySpan *other = &g_array_index (s->spans, KeySpan, i);

          if (other->length == span->length &&
              memcmp (s->keys->str + other->offset, key, span->length) == 0)
            return TRUE;
        }
      return FALSE;
    }
  if (frame->index == NULL)
    {
      /* Copies: the buffer moves as it grows. */
      frame->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = frame->first_key; i < s->spans->len; i++)
        g_hash_table_add (frame->index,
                          g_strdup (s->keys->str + g_array_index (s->spans, KeySpan, i).offset));
    }
  if (g_hash_table_contains (frame->index, key))
    return TRUE;
  g_hash_table_add (frame->index, g_strdup (key));
  return FALSE;
}

/* Reads a key, its colon, and counts the member. */
static gboolean
scan_key (Scanner  *s,
          GError  **error)
{
  Frame *frame = &s->stack[s->depth - 1];
  KeySpan span;
  const char *key;
  gsize start;

  skip_space (s);
  start = s->pos;
  if (at_end (s))
    return fail (s, s->pos, error, "the text ends where a key should be");
  if (s->data[s->pos] != '"')
    {
      if (s->data[s->pos] == '\'')
        return fail (s, s->pos, error, "strings take double quotes, not single quotes");
      if (s->data[s->pos] == '/')
        return fail (s, s->pos, error, "comments are not JSON");
      if (s->data[s->pos] == '}')
        return fail (s, s->pos, error, "a comma must not come before “}”");
      return fail (s, s->pos, error, "a key (a string in double quotes) should start here");
    }
  if (s->keys == NULL)
    {
      s->keys = g_string_new (NULL);
      s->spans = g_array_new (FALSE, FALSE, sizeof (KeySpan));
    }
  span.offset = s->keys->len;
  if (!scan_string (s, s->keys, error))
    return FALSE;
  span.length = s->keys->len - span.offset;
  g_string_append_c (s->keys, '\0');
  key = s->keys->str + span.offset;

  if (is_repeated_key (s, frame, &span))
    {
      if (is_plain_key (key))
        return fail (s, start, error, "the key “%s” appears twice in one object", key);
      return fail (s, start, error, "a key appears twice in one object");
    }
  g_array_append_val (s->spans, span);
  if (!count_value (s, error))
    return FALSE;

  skip_space (s);
  if (at_end (s) || s->data[s->pos] != ':')
    return fail (s, s->pos, error, "a “:” should follow the key");
  s->pos++;
  return TRUE;
}

static gboolean
scan (Scanner  *s,
      GError  **error)
{
  skip_space (s);
  if (at_end (s))
    return fail (s, s->pos, error, "the text is empty");

  for (;;)
    {
      guchar c;

      /* A value. */
      skip_space (s);
      if (at_end (s))
        return fail_no_value (s, error);
      c = s->data[s->pos];
      if (c == '{')
        {
          if (!push (s, TRUE, error))
            return FALSE;
          skip_space (s);
          if (!at_end (s) && s->data[s->pos] == '}')
            {
              s->pos++;
              pop (s);
            }
          else
            {
              if (!scan_key (s, error))
                return FALSE;
              continue;
            }
        }
      else if (c == '[')
        {
          if (!push (s, FALSE, error))
            return FALSE;
          skip_space (s);
          if (!at_end (s) && s->data[s->pos] == ']')
            {
              s->pos++;
              pop (s);
            }
          else
            {
              if (!count_value (s, error))
                return FALSE;
              continue;
            }
        }
      else if (c == '"')
        {
          if (!scan_string (s, NULL, error))
            return FALSE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if (!scan_number (s, error))
            return FALSE;
        }
      else if (!scan_literal (s, error))
        {
          return fail_no_value (s, error);
        }

      /* After a value: close what it ends, or go on to the next. */
      for (;;)
        {
          Frame *frame;

          skip_space (s);
          if (s->depth == 0)
            {
              if (!at_end (s))
                return fail (s, s->pos, error, "there is more after the first value");
              return TRUE;
            }
          frame = &s->stack[s->depth - 1];
          if (at_end (s))
            return fail (s, s->pos, error, "the text ends before this %s is closed",
                         frame->is_object ? "object" : "array");
          c = s->data[s->pos];
          if (c == (frame->is_object ? '}' : ']'))
            {
              s->pos++;
              pop (s);
              continue;
            }
          if (c != ',')
            {
              if (c == '/')
                return fail (s, s->pos, error, "comments are not JSON");
              return fail (s, s->pos, error, "a “,” or “%c” should be here",
                           frame->is_object ? '}' : ']');
            }
          s->pos++;
          if (frame->is_object)
            {
              if (!scan_key (s, error))
                return FALSE;
            }
          else
            {
              skip_space (s);
              if (!at_end (s) && s->data[s->pos] == ']')
                return fail (s, s->pos, error, "a comma must not come before “]”");
              if (!count_value (s, error))
                return FALSE;
            }
          break;
        }
    }
}

gboolean
kv_json_validate (const char  *data,
                  gsize        length,
                  GError     **error)
{
  Scanner s = { (const guchar *) data, length, 0, 0, 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (error == NULL)
    {
      g_autoptr(GError) ignored = NULL;

      return kv_json_validate (data, length, &ignored);
    }

  ok = scan (&s, error);
  while (s.depth > 0)
    pop (&s);
  if (s.keys != NULL)
    {
      g_string_free (s.keys, TRUE);
      g_array_unref (s.spans);
    }
  return ok;
}

/* The number at s->pos, which scan_number() accepted. */
static JsonNode *
build_number (Scanner *s)
{
  gsize start = s->pos;
  gboolean integer = TRUE;
  char buffer[64];
  g_autofree char *long_text = NULL;
  const char *text;
  gsize n;

  while (!at_end (s) && s->data[s->pos] != '\0' &&
         strchr ("+-0123456789.eE", s->data[s->pos]) != NULL)
    {
      if (s->data[s->pos] == '.' || s->data[s->pos] == 'e' || s->data[s->pos] == 'E')
        integer = FALSE;
      s->pos++;
    }
  n = s->pos - start;
  if (n < sizeof buffer)
    {
      memcpy (buffer, s->data + start, n);
      buffer[n] = '\0';
      text = buffer;
    }
  else
    {
      text = long_text = g_strndup ((const char *) s->data + start, n);
    }
  if (integer)
    return json_node_init_int (json_node_alloc (), g_ascii_strtoll (text, NULL, 10));
  return json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
}

/* The value at s->pos (after any space) of a text kv_json_validate()
 * accepted, so nothing is checked; recursion is at most KV_JSON_MAX_DEPTH
 * deep.  @text is scratch space for decoding strings. */
static JsonNode *
build_value (Scanner *s,
             GString *text)
{
  guchar c;

  skip_space (s);
  c = s->data[s->pos];
  if (c == '{')
    {
      JsonObject *object = json_object_new ();
      JsonNode *node = json_node_alloc ();

      s->pos++;
      skip_space (s);
      if (s->data[s->pos] == '}')
        s->pos++;
      else
        for (;;)
          {
            g_autofree char *key = NULL;

            skip_space (s);
            g_string_truncate (text, 0);
            scan_string (s, text, NULL);
            key = g_strndup (text->str, text->len);
            skip_space (s);
            s->pos++;  /* the colon */
            json_object_set_member (object, key, build_value (s, text));
            skip_space (s);
            if (s->data[s->pos++] == '}')
              break;
          }
      json_node_init_object (node, object);
      json_object_unref (object);
      return node;
    }
  if (c == '[')
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_alloc ();

      s->pos++;
      skip_space (s);
      if (s->data[s->pos] == ']')
        s->pos++;
      else
        for (;;)
          {
            json_array_add_element (array, build_value (s, text));
            skip_space (s);
            if (s->data[s->pos++] == ']')
              break;
          }
      json_node_init_array (node, array);
      json_array_unref (array);
      return node;
    }
  if (c == '"')
    {
      g_string_truncate (text, 0);
      scan_string (s, text, NULL);
      return json_node_init_string (json_node_alloc (), text->str);
    }
  if (c == 't' || c == 'f')
    {
      s->pos += c == 't' ? 4 : 5;
      return json_node_init_boolean (json_node_alloc (), c == 't');
    }
  if (c == 'n')
    {
      s->pos += 4;
      return json_node_init_null (json_node_alloc ());
    }
  return build_number (s);
}

JsonNode *
kv_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  Scanner s = { (const guchar *) data, length, 0, 0, 0, };
  g_autoptr(GString) text = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kv_json_validate (data, length, error))
    return NULL;

  text = g_string_sized_new (64);
  root = build_value (&s, text);
  /* Immutable, as JsonParser's immutable mode gives it: sealing a node
   * seals everything below it. */
  json_node_seal (root);
  return root;
}
