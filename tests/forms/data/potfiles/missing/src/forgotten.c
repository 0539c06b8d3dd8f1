/* Fixture: translatable, but not in POTFILES.in. */
#include <glib/gi18n.h>

static const char *fixture_names[] = { N_("First"), N_("Second") };
