/* test-kiosk-level-grid.c — the answers of a scale in as many rows as fit
 * (kiosk/widgets/kiosk-level-grid.c): never wider than one answer needs,
 * rows evened out, reading order kept, mirrored right to left. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-level-grid.h"

#define CELL 100
#define GAP 16

static GtkWidget *
grid_of (guint n,
         guint max_columns)
{
  GtkWidget *grid = kiosk_level_grid_new (max_columns);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *child = gtk_button_new ();

      /* A child of exactly CELL × CELL pixels, however the theme pads a
       * button. */
      gtk_widget_set_size_request (child, CELL, CELL);
      gtk_widget_set_css_classes (child, NULL);
      gtk_widget_set_name (child, "cell");
      kiosk_level_grid_append (KIOSK_LEVEL_GRID (grid), child);
    }
  return grid;
}

/* Lays @grid out at @width and gives the column and row of each child, in
 * the order they were added, as "c,r c,r …". */
static char *
cells_at (GtkWidget *grid,
          int        width)
{
  GString *out = g_string_new (NULL);
  int height;

  gtk_widget_measure (grid, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  gtk_widget_size_allocate (grid, &(GtkAllocation) { 0, 0, width, height }, -1);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (child, grid, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%d,%d", (int) bounds.origin.x, (int) bounds.origin.y / (CELL + GAP));
    }
  return g_string_free (out, FALSE);
}

static void
test_never_wider_than_one (void)
{
  GtkWidget *grid = grid_of (6, 6);
  GtkWidget *window = kgt_show (grid);
  int min, nat;

  g_object_ref (grid);
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  /* One answer wide at least, all six side by side at best. */
  g_assert_cmpint (min, ==, CELL);
  g_assert_cmpint (nat, ==, 6 * CELL + 5 * GAP);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (grid);
}

static void
test_rows_evened_out (void)
{
  GtkWidget *six = grid_of (6, 6);
  GtkWidget *five = grid_of (5, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *window;
  g_autofree char *one_row = NULL, *three_three = NULL, *two_rows = NULL;
  g_autofree char *one_column = NULL, *three_two = NULL;

  gtk_box_append (GTK_BOX (box), six);
  gtk_box_append (GTK_BOX (box), five);
  window = kgt_show (box);
  g_object_ref (six);
  g_object_ref (five);

  one_row = cells_at (six, 6 * CELL + 5 * GAP);
  g_assert_cmpstr (one_row, ==, "0,0 116,0 232,0 348,0 464,0 580,0");
  g_assert_cmpuint (kiosk_level_grid_get_columns (KIOSK_LEVEL_GRID (six)), ==, 6);

  /* Room for four: three and three, not four and two, centred in the
   * width (no cell grows past its natural size). */
  three_three = cells_at (six, 4 * CELL + 3 * GAP);
  g_assert_cmpstr (three_three, ==, "58,0 174,0 290,0 58,1 174,1 290,1");

  /* Room for two: three rows of two. */
  two_rows = cells_at (six, 2 * CELL + GAP);
  g_assert_cmpstr (two_rows, ==, "0,0 116,0 0,1 116,1 0,2 116,2");

  one_column = cells_at (six, CELL);
  g_assert_cmpstr (one_column, ==, "0,0 0,1 0,2 0,3 0,4 0,5");

  /* Five in room for four: three, then two centred under them. */
  three_two = cells_at (five, 3 * CELL + 2 * GAP);
  g_assert_cmpstr (three_two, ==, "0,0 116,0 232,0 58,1 174,1");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (six);
  g_assert_finalize_object (five);
}

/* Right to left, the first answer is on the right: reading order, not
 * screen order, is what stays the same. */
static void
test_mirrored_right_to_left (void)
{
  GtkWidget *grid = grid_of (3, 6);
  GtkWidget *window = kgt_show (grid);
  g_autofree char *ltr = NULL, *rtl = NULL;

  g_object_ref (grid);
  ltr = cells_at (grid, 3 * CELL + 2 * GAP);
  g_assert_cmpstr (ltr, ==, "0,0 116,0 232,0");
  gtk_widget_set_direction (grid, GTK_TEXT_DIR_RTL);
  rtl = cells_at (grid, 3 * CELL + 2 * GAP);
  g_assert_cmpstr (rtl, ==, "232,0 116,0 0,0");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (grid);
}

/* One column when asked for: words-only choices, one under the other. */
static void
test_one_column (void)
{
  GtkWidget *grid = grid_of (3, 1);
  GtkWidget *window = kgt_show (grid);
  g_autofree char *cells = NULL;
  int nat;

  g_object_ref (grid);
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, CELL);
  cells = cells_at (grid, 1000);
  g_assert_cmpstr (cells, ==, "450,0 450,1 450,2");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (grid);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/level-grid/never-wider-than-one", test_never_wider_than_one);
  g_test_add_func ("/kiosk/level-grid/rows-evened-out", test_rows_evened_out);
  g_test_add_func ("/kiosk/level-grid/mirrored-right-to-left", test_mirrored_right_to_left);
  g_test_add_func ("/kiosk/level-grid/one-column", test_one_column);

  return g_test_run ();
}
