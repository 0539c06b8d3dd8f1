/* agg-cli.h — the keyvoice-aggregator command line (DESIGN.md §4). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of every verb. */
enum
{
  AGG_EXIT_OK = 0,
  AGG_EXIT_FAILED = 1,   /* the verb ran and found errors, or could not finish */
  AGG_EXIT_USAGE = 2,    /* the command line itself is wrong */
};

int agg_cli_run   (int    argc,
                   char **argv);

/* Verbs, one per file agg-cli-<verb>.c; each gets argv from its own name on. */
int agg_cli_forms (int    argc,
                   char **argv);

G_END_DECLS
