/* Fixture: a plural form only. */
#include <glib/gi18n.h>

const char *
fixture_goals (unsigned long n)
{
  return ngettext ("%lu goal", "%lu goals", n);
}
