/* cbz-payments-error.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-payments-error.h"

G_DEFINE_QUARK (cbz-payments-error-quark, cbz_payments_error)
