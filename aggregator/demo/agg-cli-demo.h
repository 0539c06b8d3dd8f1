/* agg-cli-demo.h — the "demo" verb, which lives with the demo generator
 * outside the production library; main.c hands it to agg_cli_run(). */
#pragma once

#include "agg-cli.h"

G_BEGIN_DECLS

extern const AggVerb agg_cli_demo_verb;

G_END_DECLS
