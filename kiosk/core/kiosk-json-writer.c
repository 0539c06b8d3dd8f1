/* kiosk-json-writer.c — JSON text straight into a GString
 * (kiosk-json-writer.h). */
#include "config.h"

#include "kiosk-json-writer.h"

void
kiosk_json_append_string (GString    *out,
                          const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  run = text;
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char escape;

      /* Everything else, UTF-8 sequences included, is written as it is,
       * in runs. */
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': escape = '"'; break;
        case '\\': escape = '\\'; break;
        case '\b': escape = 'b'; break;
        case '\f': escape = 'f'; break;
        case '\n': escape = 'n'; break;
        case '\r': escape = 'r'; break;
        case '\t': escape = 't'; break;
        default: escape = 0; break;
        }
      g_string_append_c (out, '\\');
      if (escape != 0)
        {
          g_string_append_c (out, escape);
          continue;
        }
      g_string_append (out, "u00");
      g_string_append_c (out, hex[c >> 4]);
      g_string_append_c (out, hex[c & 0xf]);
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
separate (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '\0' && last != '{' && last != '[')
    g_string_append_c (out, ',');
}

void
kiosk_json_begin_member (GString    *out,
                         const char *name)
{
  separate (out);
  kiosk_json_append_string (out, name);
  g_string_append_c (out, ':');
}

void
kiosk_json_begin_element (GString *out)
{
  separate (out);
}

void
kiosk_json_add_string_member (GString    *out,
                              const char *name,
                              const char *value)
{
  kiosk_json_begin_member (out, name);
  kiosk_json_append_string (out, value);
}

void
kiosk_json_add_int_member (GString    *out,
                           const char *name,
                           gint64      value)
{
  kiosk_json_begin_member (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
kiosk_json_add_boolean_member (GString    *out,
                               const char *name,
                               gboolean    value)
{
  kiosk_json_begin_member (out, name);
  g_string_append (out, value ? "true" : "false");
}

void
kiosk_json_add_raw_member (GString    *out,
                           const char *name,
                           const char *json,
                           gsize       length)
{
  kiosk_json_begin_member (out, name);
  g_string_append_len (out, json, length);
}
