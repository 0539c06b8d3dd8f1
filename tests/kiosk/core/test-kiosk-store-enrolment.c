/* test-kiosk-store-enrolment.c — the store's enrolment, device token and
 * staff PIN (kiosk-store-enrolment.c). */
#include "config.h"


#include "kiosk-test-util.h"

static void
test_enrolment (void)
{
  g_autofree char *dir = kt_data_dir ("enrolment");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  KtKeyPair pair;

  g_assert_false (kiosk_store_is_enrolled (store));
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);
  token = kiosk_store_dup_device_token (store, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  g_assert_true (kiosk_store_is_enrolled (store));

  g_clear_object (&store);
  store = kt_open_store (dir);
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_aggregator_url (enrolment), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (kiosk_enrolment_get_service_name (enrolment), ==, "Test service");
  g_assert_cmpmem (g_bytes_get_data (kiosk_enrolment_get_public_key (enrolment), NULL), 32,
                   pair.public_key, 32);
  token = kiosk_store_dup_device_token (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "kt-synthetic-token");
}

/* Enrolling the tablet again makes it a new device, perhaps of another
 * service: every cached child goes.  The same device moving to another
 * address keeps them. */
static void
test_reenrolment_forgets_children (void)
{
  g_autofree char *dir = kt_data_dir ("children-reenrol");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(KioskEnrolment) again = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  KtKeyPair pair;

  kt_keypair (&pair);
  kt_enrol (store, "https://aggregator.invalid", &pair);
  kt_cache_child (store);
  kt_enrol (store, "https://moved-aggregator.invalid", &pair);
  kt_assert_child_cached (store, TRUE);

  key = g_bytes_new (pair.public_key, sizeof pair.public_key);
  again = kiosk_enrolment_new ("https://moved-aggregator.invalid", "device-test-2",
                               "service-test", "Test service", key, NULL, NULL);
  kiosk_store_set_enrolment (store, again, "kt-synthetic-token-2", &error);
  g_assert_no_error (error);
  kt_assert_child_cached (store, FALSE);
}

static void
test_staff_pin (void)
{
  g_autofree char *dir = kt_data_dir ("pin");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_store_has_staff_pin (store));
  g_assert_false (kiosk_store_check_staff_pin (store, "2468"));
  g_assert_false (kiosk_store_set_staff_pin (store, "12", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  kiosk_store_set_staff_pin (store, "2468", &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_has_staff_pin (store));
  g_assert_true (kiosk_store_check_staff_pin (store, "2468"));
  g_assert_false (kiosk_store_check_staff_pin (store, "2469"));
  g_clear_object (&store);
  g_assert_false (kt_dir_contains (dir, "2468"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/enrolment/enrolment", test_enrolment);
  g_test_add_func ("/kiosk/store/enrolment/reenrolment-forgets-children",
                   test_reenrolment_forgets_children);
  g_test_add_func ("/kiosk/store/enrolment/staff-pin", test_staff_pin);

  return g_test_run ();
}
