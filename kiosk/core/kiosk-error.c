/* kiosk-error.c — the kiosk's error domain. */
#include "config.h"

#include "kiosk-error.h"

G_DEFINE_QUARK (kiosk-error-quark, kiosk_error)
