/* kv-echo.c — see kv-echo.h. */
#include "kv-echo.h"

#include <string.h>

gboolean
kv_echo_is_safe (const char *s)
{
  gsize len = 0;

  g_return_val_if_fail (s != NULL, FALSE);

  for (const char *p = s; *p != '\0'; p++, len++)
    if (len >= KV_ECHO_MAX_CHARS ||
        !(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("-_+.", *p)))
      return FALSE;
  return len > 0;
}

char *
kv_echo_quote (const char *s,
               const char *fallback)
{
  if (kv_echo_is_safe (s))
    return g_strdup_printf ("'%s'", s);
  return g_strdup (fallback);
}
