/* cbz-debtor-row.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-aging.h"

G_BEGIN_DECLS

/*
 * One line of the customer list: the debtor's identity and its summary
 * (debtor_summaries). Immutable once made; read-only properties for
 * GtkExpression binding. Money in minor units of :currency.
 */
#define CBZ_TYPE_DEBTOR_ROW (cbz_debtor_row_get_type ())
G_DECLARE_FINAL_TYPE (CbzDebtorRow, cbz_debtor_row, CBZ, DEBTOR_ROW, GObject)

gint64          cbz_debtor_row_get_id               (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_name             (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_tax_id           (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_tax_id_kind      (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_currency         (CbzDebtorRow *self);
/* TRUE when open invoices exist in currencies other than :currency (their
 * amounts are not in the totals). */
gboolean        cbz_debtor_row_get_other_currencies (CbzDebtorRow *self);
/* Those currencies' codes, sorted ("EUR", "USD"), or NULL. */
const char * const *cbz_debtor_row_get_other_currency_codes (CbzDebtorRow *self);
/* The number to call (mobile, else phone, else WhatsApp), E.164, or NULL. */
const char     *cbz_debtor_row_get_phone            (CbzDebtorRow *self);
/* CbzSummaryFlags (cbz-store.h): open dispute, pending promise, agreement,
 * late instalment. */
guint           cbz_debtor_row_get_flags            (CbzDebtorRow *self);
gint64          cbz_debtor_row_get_overdue_balance  (CbzDebtorRow *self);
gint64          cbz_debtor_row_get_open_balance     (CbzDebtorRow *self);
gint64          cbz_debtor_row_get_days_overdue     (CbzDebtorRow *self);
CbzAgingBucket  cbz_debtor_row_get_bucket           (CbzDebtorRow *self);
gint64          cbz_debtor_row_get_open_count       (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_oldest_due_date  (CbzDebtorRow *self);
/* µs since the epoch, 0 = never contacted */
gint64          cbz_debtor_row_get_last_contact_at  (CbzDebtorRow *self);
const char     *cbz_debtor_row_get_next_action      (CbzDebtorRow *self);
/* TRUE when every field equals @other's. */
gboolean        cbz_debtor_row_equal                (CbzDebtorRow *self,
                                                     CbzDebtorRow *other);

G_END_DECLS
