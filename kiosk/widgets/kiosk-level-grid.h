/* kiosk-level-grid.h — the answers of a scale, in as many rows as fit. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_LEVEL_GRID (kiosk_level_grid_get_type ())

G_DECLARE_FINAL_TYPE (KioskLevelGrid, kiosk_level_grid, KIOSK, LEVEL_GRID, GtkWidget)

/* At most @max_columns side by side (1: always one under the other). */
GtkWidget  *kiosk_level_grid_new          (guint           max_columns);
/* Adds @child after the others: children are read in the order added. */
void        kiosk_level_grid_append       (KioskLevelGrid *self,
                                           GtkWidget      *child);
/* How many children stand side by side at the grid's present width. */
guint       kiosk_level_grid_get_columns  (KioskLevelGrid *self);

G_END_DECLS
