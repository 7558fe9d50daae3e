/* cbz-twilio-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-provider.h"

G_BEGIN_DECLS

#define CBZ_TYPE_TWILIO_PROVIDER (cbz_twilio_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzTwilioProvider, cbz_twilio_provider, CBZ, TWILIO_PROVIDER, CbzProvider)

G_END_DECLS
