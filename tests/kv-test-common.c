/* kv-test-common.c — helpers every component's tests share (kv-test-common.h). */
#include "config.h"

#include "kv-test-common.h"

guint
kv_test_slowdown (void)
{
  static gsize factor = 0;

  if (g_once_init_enter (&factor))
    {
      const char *text = g_getenv ("KEYVOICE_TEST_SLOWDOWN");
      guint64 value = 1;

      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 1000, &value, NULL))
        value = 1;
      g_once_init_leave (&factor, (gsize) value);
    }
  return (guint) factor;
}
