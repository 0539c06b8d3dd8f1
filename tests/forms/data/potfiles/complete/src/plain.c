/* Fixture: no translatable text, so it need not be listed. */
#include <glib.h>

void
fixture_log (const char *name)
{
  g_debug ("opened %s", name);
}
