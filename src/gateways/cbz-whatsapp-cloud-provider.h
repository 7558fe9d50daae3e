/* cbz-whatsapp-cloud-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-provider.h"

G_BEGIN_DECLS

#define CBZ_TYPE_WHATSAPP_CLOUD_PROVIDER (cbz_whatsapp_cloud_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzWhatsappCloudProvider, cbz_whatsapp_cloud_provider, CBZ, WHATSAPP_CLOUD_PROVIDER, CbzProvider)

G_END_DECLS
