/* cbz-debtor-detail.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_DEBTOR_DETAIL (cbz_debtor_detail_get_type ())

G_DECLARE_FINAL_TYPE (CbzDebtorDetail, cbz_debtor_detail, CBZ, DEBTOR_DETAIL, GtkWidget)

GtkWidget  *cbz_debtor_detail_new                (void);
CbzStore   *cbz_debtor_detail_get_store          (CbzDebtorDetail *self);
void        cbz_debtor_detail_set_store          (CbzDebtorDetail *self,
                                                  CbzStore        *store);
gint64      cbz_debtor_detail_get_debtor_id      (CbzDebtorDetail *self);
void        cbz_debtor_detail_set_debtor_id      (CbzDebtorDetail *self,
                                                  gint64           debtor_id);
/* The customer shown, or NULL. (transfer none) */
CbzDebtor  *cbz_debtor_detail_get_debtor         (CbzDebtorDetail *self);
/* Adds a button (or any widget) to the customer's action area, next to the
 * name: "Write letter", "Send reminder"… Use the debtor-id property or
 * cbz_debtor_detail_get_debtor() to know whom it is for. */
void        cbz_debtor_detail_add_action_widget  (CbzDebtorDetail *self,
                                                  GtkWidget       *widget);
GListModel *cbz_debtor_detail_get_invoices       (CbzDebtorDetail *self);
GListModel *cbz_debtor_detail_get_timeline       (CbzDebtorDetail *self);

G_END_DECLS
