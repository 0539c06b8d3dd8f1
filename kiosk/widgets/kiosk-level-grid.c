/* kiosk-level-grid.c — the answers of a scale, in as many rows as fit.
 *
 * A row of faces reads well on a landscape screen, but six of them do not
 * fit across a tablet held upright, and a grid that insisted would make the
 * window wider than the screen.  So the grid asks only for the width of
 * one answer, and at the width it is given it puts as many side by side as
 * fit, then evens the rows out: six answers that do
 * not fit in one row become two rows of three, not four and two, and five
 * become three and two.  Children keep the order they were added in,
 * row by row in the reading direction (mirrored for right-to-left
 * languages), every cell is the same size so the faces line up, and a
 * last, shorter row is centred under the others.
 */
#include "config.h"

#include "kiosk-level-grid.h"

#define SPACING 16

struct _KioskLevelGrid
{
  GtkWidget parent_instance;

  guint     max_columns;
};

G_DEFINE_FINAL_TYPE (KioskLevelGrid, kiosk_level_grid, GTK_TYPE_WIDGET)

typedef struct
{
  guint n;
  int   child_min;   /* the widest child's minimum width */
  int   child_nat;   /* the widest child's natural width */
  guint columns;
  guint rows;
  int   cell;        /* the width of every cell */
} Layout;

static void
measure_children (KioskLevelGrid *self,
                  Layout         *layout)
{
  layout->n = 0;
  layout->child_min = layout->child_nat = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      layout->child_min = MAX (layout->child_min, min);
      layout->child_nat = MAX (layout->child_nat, nat);
      layout->n++;
    }
}

/* The fewest rows that fit @width, with the answers spread evenly over
 * them. */
static void
lay_out (KioskLevelGrid *self,
         int             width,
         Layout         *layout)
{
  guint most = 1;

  measure_children (self, layout);
  if (layout->n == 0)
    {
      layout->columns = layout->rows = 0;
      layout->cell = 0;
      return;
    }

  most = MIN (layout->n, self->max_columns);
  if (width >= 0)
    {
      guint fit = 1;

      /* Fitted at their minimum width: on a screen that is short of
       * height, one row of answers whose words wrap onto more lines is
       * better than two rows. */
      for (guint c = most; c > 1; c--)
        if ((int) c * layout->child_min + ((int) c - 1) * SPACING <= width)
          {
            fit = c;
            break;
          }
      most = fit;
    }

  layout->rows = (layout->n + most - 1) / most;
  layout->columns = (layout->n + layout->rows - 1) / layout->rows;

  if (width < 0)
    layout->cell = layout->child_nat;
  else
    layout->cell = CLAMP ((width - ((int) layout->columns - 1) * SPACING) / (int) layout->columns,
                          layout->child_min, MAX (layout->child_min, layout->child_nat));
}

static void
row_height (KioskLevelGrid *self,
            int             cell,
            int            *minimum,
            int            *natural)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, cell, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static GtkSizeRequestMode
kiosk_level_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kiosk_level_grid_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  KioskLevelGrid *self = KIOSK_LEVEL_GRID (widget);
  Layout layout;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* One answer's width is enough: the rest go into more rows.  This
       * is what keeps the window from growing past the screen. */
      lay_out (self, -1, &layout);
      *minimum = layout.child_min;
      *natural = layout.n > 0
                 ? (int) layout.columns * layout.child_nat + ((int) layout.columns - 1) * SPACING
                 : 0;
    }
  else
    {
      int row_min, row_nat;

      lay_out (self, for_size, &layout);
      if (layout.n == 0)
        {
          *minimum = *natural = 0;
          return;
        }
      row_height (self, layout.cell, &row_min, &row_nat);
      *minimum = (int) layout.rows * row_min + ((int) layout.rows - 1) * SPACING;
      *natural = (int) layout.rows * row_nat + ((int) layout.rows - 1) * SPACING;
    }
}

static void
kiosk_level_grid_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  KioskLevelGrid *self = KIOSK_LEVEL_GRID (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  Layout layout;
  int row_min, row_nat, row_h;
  guint index = 0;

  lay_out (self, width, &layout);
  if (layout.n == 0)
    return;

  row_height (self, layout.cell, &row_min, &row_nat);
  row_h = MAX (row_min, MIN (row_nat, (height - ((int) layout.rows - 1) * SPACING) / (int) layout.rows));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint row, column, in_row;
      int row_width, x;

      if (!gtk_widget_should_layout (child))
        continue;

      row = index / layout.columns;
      column = index % layout.columns;
      in_row = MIN (layout.columns, layout.n - row * layout.columns);
      row_width = (int) in_row * layout.cell + ((int) in_row - 1) * SPACING;
      x = (width - row_width) / 2 + (int) column * (layout.cell + SPACING);
      if (rtl)
        x = width - x - layout.cell;

      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { x, (int) row * (row_h + SPACING),
                                                   layout.cell, row_h },
                                -1);
      index++;
    }
}

static void
kiosk_level_grid_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kiosk_level_grid_parent_class)->dispose (object);
}

static void
kiosk_level_grid_class_init (KioskLevelGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_level_grid_dispose;
  widget_class->get_request_mode = kiosk_level_grid_get_request_mode;
  widget_class->measure = kiosk_level_grid_measure;
  widget_class->size_allocate = kiosk_level_grid_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "levelgrid");
}

static void
kiosk_level_grid_init (KioskLevelGrid *self)
{
  self->max_columns = 1;
}

GtkWidget *
kiosk_level_grid_new (guint max_columns)
{
  KioskLevelGrid *self = g_object_new (KIOSK_TYPE_LEVEL_GRID, NULL);

  self->max_columns = MAX (max_columns, 1);
  return GTK_WIDGET (self);
}

void
kiosk_level_grid_append (KioskLevelGrid *self,
                         GtkWidget      *child)
{
  g_return_if_fail (KIOSK_IS_LEVEL_GRID (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

guint
kiosk_level_grid_get_columns (KioskLevelGrid *self)
{
  Layout layout;

  g_return_val_if_fail (KIOSK_IS_LEVEL_GRID (self), 0);

  lay_out (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);
  return layout.columns;
}
