/* cbz-sendgrid-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-email-provider.h"

G_BEGIN_DECLS

#define CBZ_TYPE_SENDGRID_PROVIDER (cbz_sendgrid_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzSendgridProvider, cbz_sendgrid_provider, CBZ, SENDGRID_PROVIDER, CbzEmailProvider)

G_END_DECLS
