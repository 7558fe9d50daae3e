/* cbz-debtor-compact-row.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cbz-debtor-row.h"

G_BEGIN_DECLS

/*
 * A customer as the list shows it when it is narrow (a phone, a window at
 * one side of the screen): the name, the amount overdue (and how many
 * other currencies they owe in) and the age of the debt, on one line.
 */
#define CBZ_TYPE_DEBTOR_COMPACT_ROW (cbz_debtor_compact_row_get_type ())
G_DECLARE_FINAL_TYPE (CbzDebtorCompactRow, cbz_debtor_compact_row, CBZ, DEBTOR_COMPACT_ROW, GtkWidget)

GtkWidget    *cbz_debtor_compact_row_new     (void);
/* Shows @row (NULL: nothing, while the list recycles the widget). */
void          cbz_debtor_compact_row_set_row (CbzDebtorCompactRow *self,
                                              CbzDebtorRow        *row);
CbzDebtorRow *cbz_debtor_compact_row_get_row (CbzDebtorCompactRow *self);

G_END_DECLS
