/* kiosk-key-focus.c — the arrow keys among the keys of a keypad. */
#include "config.h"

#include "kiosk-key-focus.h"

static void
nearest (GtkWidget             *keys,
         GtkWidget             *widget,
         GtkWidget             *focus,
         const graphene_rect_t *here,
         GtkDirectionType       direction,
         GtkWidget            **best,
         float                 *best_distance)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t there;
      float dx, dy, along, across, distance;

      if (!GTK_IS_BUTTON (child))
        {
          nearest (keys, child, focus, here, direction, best, best_distance);
          continue;
        }
      if (child == focus || !gtk_widget_is_sensitive (child) || !gtk_widget_get_mapped (child)
          || !gtk_widget_compute_bounds (child, keys, &there))
        continue;

      dx = (there.origin.x + there.size.width / 2) - (here->origin.x + here->size.width / 2);
      dy = (there.origin.y + there.size.height / 2) - (here->origin.y + here->size.height / 2);
      switch (direction)
        {
        case GTK_DIR_LEFT:  along = -dx; across = dy; break;
        case GTK_DIR_RIGHT: along = dx;  across = dy; break;
        case GTK_DIR_UP:    along = -dy; across = dx; break;
        case GTK_DIR_DOWN:  along = dy;  across = dx; break;
        case GTK_DIR_TAB_FORWARD:
        case GTK_DIR_TAB_BACKWARD:
        default:
          return;
        }

      /* Only keys that way; along a row, only keys of that row. */
      if (along < 1)
        continue;
      if ((direction == GTK_DIR_LEFT || direction == GTK_DIR_RIGHT)
          && ABS (across) > here->size.height / 2)
        continue;

      distance = along * along + 4 * across * across;
      if (distance < *best_distance)
        {
          *best_distance = distance;
          *best = child;
        }
    }
}

gboolean
kiosk_key_focus_move (GtkWidget        *keys,
                      GtkWidget        *focus,
                      GtkDirectionType  direction)
{
  graphene_rect_t here;
  GtkWidget *best = NULL;
  float best_distance = G_MAXFLOAT;

  g_return_val_if_fail (GTK_IS_WIDGET (keys), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (focus), FALSE);

  if (!gtk_widget_compute_bounds (focus, keys, &here))
    return TRUE;

  nearest (keys, keys, focus, &here, direction, &best, &best_distance);
  if (best != NULL)
    gtk_widget_grab_focus (best);
  return TRUE;
}
