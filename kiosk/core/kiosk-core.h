/* kiosk-core.h — everything libkvkioskcore offers (no GTK). */
#pragma once

#include "kiosk-child.h"
#include "kiosk-enrolment.h"
#include "kiosk-error.h"
#include "kiosk-headless.h"
#include "kiosk-outbox-item.h"
#include "kiosk-outbox-status.h"
#include "kiosk-seal.h"
#include "kiosk-send.h"
#include "kiosk-store.h"
#include "kiosk-submission.h"
#include "kiosk-uploader.h"
