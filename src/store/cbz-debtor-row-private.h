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
  "COALESCE (s.other_currencies, 0), COALESCE (s.overdue_balance, 0), " \
  "COALESCE (s.open_balance, 0), COALESCE (s.days_overdue, 0), COALESCE (s.open_count, 0), " \
  "s.oldest_due_date, COALESCE (s.last_contact_at, 0), s.next_action"

CbzDebtorRow *_cbz_debtor_row_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
