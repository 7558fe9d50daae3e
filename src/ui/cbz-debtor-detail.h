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
/* The sections of the customer's Record menu. */
typedef enum
{
  CBZ_DEBTOR_DETAIL_RECORD_MONEY,     /* payment, promise, agreement */
  CBZ_DEBTOR_DETAIL_RECORD_CONTACT,   /* call, note */
  CBZ_DEBTOR_DETAIL_RECORD_INVOICE,   /* dispute, write-off */
  CBZ_DEBTOR_DETAIL_RECORD_CUSTOMER,  /* reason for non-payment, opt-out */
  CBZ_DEBTOR_DETAIL_N_RECORD_SECTIONS
} CbzDebtorDetailRecordSection;

/* Adds an item to the customer's "Record" menu (a menu button in the action
 * area, shown once it has an item): @detailed_action names an action the
 * caller inserted on the detail widget (gtk_widget_insert_action_group),
 * e.g. "payment.record". @label has a mnemonic. */
void        cbz_debtor_detail_add_record_item    (CbzDebtorDetail              *self,
                                                  CbzDebtorDetailRecordSection  section,
                                                  const char                   *label,
                                                  const char                   *detailed_action);
/* Adds a widget to the customer's status area, under the name and actions:
 * a promise awaiting its day, an agreement and its instalments, an open
 * dispute. The widget shows and hides itself as the customer changes
 * (listen to notify::debtor-id / the store's ::changed). */
void        cbz_debtor_detail_add_status_widget  (CbzDebtorDetail *self,
                                                  GtkWidget       *widget);
GListModel *cbz_debtor_detail_get_invoices       (CbzDebtorDetail *self);
GListModel *cbz_debtor_detail_get_timeline       (CbzDebtorDetail *self);

G_END_DECLS
