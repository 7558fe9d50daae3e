/* cbz-store-outbox-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of the outbox's store functions.
 */

#pragma once

#include "cbz-store-outbox.h"
#include "cbz-store-private.h"

G_BEGIN_DECLS

/* outbox.wa_params: a JSON array of strings; NULL for NULL. */
char  *_cbz_outbox_params_to_json   (const char * const *params);
/* Reads back what _cbz_outbox_params_to_json wrote. (transfer full) */
GStrv  _cbz_outbox_params_from_json (const char         *json);

G_END_DECLS
