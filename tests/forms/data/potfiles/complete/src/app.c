/* Fixture: a source file with a translatable string. */
#include <glib/gi18n.h>

const char *
fixture_greeting (void)
{
  return _("Hello");
}
