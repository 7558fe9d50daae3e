/* cbz-mailgun-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-email-provider.h"

G_BEGIN_DECLS

#define CBZ_TYPE_MAILGUN_PROVIDER (cbz_mailgun_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzMailgunProvider, cbz_mailgun_provider, CBZ, MAILGUN_PROVIDER, CbzEmailProvider)

G_END_DECLS
