/* cbz-postmark-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-email-provider.h"

G_BEGIN_DECLS

#define CBZ_TYPE_POSTMARK_PROVIDER (cbz_postmark_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzPostmarkProvider, cbz_postmark_provider, CBZ, POSTMARK_PROVIDER, CbzEmailProvider)

G_END_DECLS
