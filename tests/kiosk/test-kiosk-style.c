/* test-kiosk-style.c — the style sheet loads cleanly and every pictogram
 * a form or the GAS scale names is in the kiosk's resources. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-style.h"

static const char * const gas_pictograms[] = {
  "kv-face-very-sad", "kv-face-sad", "kv-face-neutral", "kv-face-happy", "kv-face-very-happy",
};

/* The names forms used before the kiosk had one set of faces: a form cached
 * on a tablet may still name them. */
static const char * const old_pictograms[] = {
  "kv-gas-minus2", "kv-gas-minus1", "kv-gas-0", "kv-gas-plus1", "kv-gas-plus2",
  "kv-qol-0", "kv-qol-1", "kv-qol-2", "kv-qol-3",
  "kv-fft-very-poor", "kv-fft-poor", "kv-fft-neither", "kv-fft-good", "kv-fft-very-good",
  "kv-fft-dont-know", "kv-true-dont-know",
};

static void
assert_icon (const char *name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autofree char *path = g_strdup_printf ("/org/keyvoice/Kiosk/icons/scalable/actions/%s.svg", name);
  g_autoptr(GtkIconPaintable) icon = NULL;

  g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
  g_assert_true (gtk_icon_theme_has_icon (theme, name));

  /* Loading it for real: fatal-warnings turns a broken SVG into a
   * failure here. */
  icon = gtk_icon_theme_lookup_icon (theme, name, NULL, 96, 1, GTK_TEXT_DIR_LTR, 0);
  g_assert_nonnull (icon);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (icon)), >, 0);
}

static void
test_pictograms (void)
{
  static const char * const forms[] = { "experience", "family-qol", "gas-goals", "gas-review" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (gas_pictograms); i++, n++)
    assert_icon (gas_pictograms[i]);
  for (guint i = 0; i < G_N_ELEMENTS (old_pictograms); i++, n++)
    assert_icon (old_pictograms[i]);

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      g_autofree char *file = g_strconcat (forms[f], ".xml", NULL);
      g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KvForm) form = kv_form_new_from_file (path, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < kv_form_get_n_items (form); i++)
        {
          const KvItem *item = kv_form_get_item (form, i);

          for (guint l = 0; l < kv_item_get_n_levels (item); l++)
            {
              const char *name = kv_level_get_pictogram (kv_item_get_level (item, l));

              if (name != NULL)
                {
                  assert_icon (name);
                  n++;
                }
            }
        }
    }

  g_test_message ("%u pictograms checked", n);
}

static void
test_style_sheet_parses (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GBytes) css = g_resources_lookup_data ("/org/keyvoice/Kiosk/kiosk.css", 0, NULL);
  guint errors = 0;

  g_assert_nonnull (css);
  g_signal_connect_swapped (provider, "parsing-error", G_CALLBACK (g_atomic_int_inc), &errors);
  gtk_css_provider_load_from_data (provider, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_assert_cmpuint (errors, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/style/pictograms-in-resources", test_pictograms);
  g_test_add_func ("/kiosk/style/style-sheet-parses", test_style_sheet_parses);

  return g_test_run ();
}
