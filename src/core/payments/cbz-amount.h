/* cbz-amount.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-money.h"

G_BEGIN_DECLS

/*
 * An amount a person typed for a payment, a promise or an agreement
 * (`cobranza-cli payment --amount 1.234,56`): read exactly like the
 * importer reads amounts (cbz_money_parse(): "1.234,56", "1,234.56",
 * "1234.5", "$1,234.56", "MXN 1,234.56", "1.234.567 CLP"), in
 * @default_currency unless the text names a currency itself, and more than
 * zero. Every error is a CBZ_PAYMENTS_ERROR_INVALID_AMOUNT naming the text.
 */
gboolean cbz_amount_parse (const char  *text,
                           const char  *default_currency,
                           CbzMoney    *amount,
                           GError     **error);

G_END_DECLS
