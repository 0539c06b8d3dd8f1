/* test-kiosk-enrolment.c — KioskEnrolment (kiosk-enrolment.c): the rules an
 * aggregator's address must follow. */
#include "config.h"


#include "kiosk-test-util.h"

static void
test_url_rules (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "https://agg.example.org/", "https://agg.example.org" },
    { "HTTPS://agg.example.org:8443/keyvoice//", "https://agg.example.org:8443/keyvoice" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://localhost:1/", "http://localhost:1" },
    { "http://[::1]:8080", "http://[::1]:8080" },
    { "http://agg.example.org", NULL },
    { "ftp://agg.example.org", NULL },
    { "https://user:pw@agg.example.org", NULL },
    { "https://agg.example.org/?x=1", NULL },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = kiosk_enrolment_normalize_url (cases[i].in, &error);

      g_assert_cmpstr (url, ==, cases[i].out);
      if (cases[i].out == NULL)
        g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/enrolment/url-rules", test_url_rules);

  return g_test_run ();
}
