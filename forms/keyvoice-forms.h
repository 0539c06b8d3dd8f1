/* keyvoice-forms.h — everything libkvforms offers. */
#pragma once

#include "kv-form.h"
#include "kv-gas.h"
#include "kv-answers.h"
#include "kv-child-code.h"
#include "kv-json.h"
#include "kv-score.h"
#include "kv-sdc.h"
