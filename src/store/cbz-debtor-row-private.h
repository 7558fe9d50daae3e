/* cbz-debtor-row-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cbz-debtor-row.h"

G_BEGIN_DECLS

/* The columns _cbz_debtor_row_new_from_stmt() reads, in order; d = debtors,
 * s = debtor_summaries (LEFT JOIN: a debtor without a summary yet reads as
 * owing nothing). */
#define CBZ_DEBTOR_ROW_COLUMNS \
  "d.id, d.name, d.tax_id, d.tax_id_kind, COALESCE (s.currency, d.currency), " \
  CBZ_DEBTOR_ROW_OTHER_CURRENCIES ", COALESCE (s.overdue_balance, 0), " \
  "COALESCE (s.open_balance, 0), COALESCE (s.days_overdue, 0), COALESCE (s.open_count, 0), " \
  "s.oldest_due_date, COALESCE (s.last_contact_at, 0), s.next_action, " \
  "COALESCE (d.mobile, d.phone, d.whatsapp), COALESCE (s.flags, 0)"

/* The codes of the other currencies the debtor owes in, space-separated
 * and sorted, for the few rows whose summary says there are some (one
 * look-up of the debtor's invoices each); NULL for the others. */
#define CBZ_DEBTOR_ROW_OTHER_CURRENCIES \
  "CASE WHEN s.other_currencies THEN (SELECT group_concat (c, ' ') FROM" \
  " (SELECT DISTINCT i.currency AS c FROM invoices i WHERE i.debtor_id = d.id" \
  "  AND i.balance > 0 AND i.status IN ('open', 'partially-paid', 'disputed')" \
  "  AND i.currency <> s.currency ORDER BY 1)) END"

CbzDebtorRow *_cbz_debtor_row_new_from_stmt    (sqlite3_stmt *stmt);
CbzDebtorRow *_cbz_debtor_row_new_placeholder  (gint64        id);

G_END_DECLS
