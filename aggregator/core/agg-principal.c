/* agg-principal.c — roles by name, and letting go of a principal. */
#include "config.h"

#include "agg-principal.h"

const char *
agg_role_to_string (AggRole role)
{
  switch (role)
    {
    case AGG_ROLE_DEVICE:
      return "device";
    case AGG_ROLE_SERVICE:
      return "service";
    case AGG_ROLE_EVALUATOR:
      return "evaluator";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
agg_role_from_string (const char *string,
                      AggRole    *role)
{
  static const AggRole roles[] = { AGG_ROLE_DEVICE, AGG_ROLE_SERVICE, AGG_ROLE_EVALUATOR };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (string, agg_role_to_string (roles[i])) == 0)
      {
        *role = roles[i];
        return TRUE;
      }
  return FALSE;
}

void
agg_principal_clear (AggPrincipal *principal)
{
  g_clear_pointer (&principal->token_id, g_free);
  g_clear_pointer (&principal->service_id, g_free);
  principal->role = 0;
}
