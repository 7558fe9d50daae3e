/* cbz-debtor-detail-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-debtor-detail.h"
#include "cbz-event-list-model.h"

G_BEGIN_DECLS

/*
 * What the files of CbzDebtorDetail share:
 *   cbz-debtor-detail.c           the page: the customer, contact data, timeline;
 *   cbz-debtor-detail-invoices.c  the invoices tab and the totals above it;
 *   cbz-debtor-detail-tax-id.c    the tax ID's unverified mark, and editing it.
 */

struct _CbzDebtorDetail
{
  GtkWidget          parent_instance;

  CbzStore          *store;
  gint64             debtor_id;
  CbzDebtor         *debtor;
  GListStore        *invoices;
  CbzEventListModel *timeline;
  gboolean           show_back_button;
  GCancellable      *cancellable;

  AdwWindowTitle    *window_title;
  GtkStack          *stack;
  AdwStatusPage     *error_page;
  GtkLabel          *name_label;
  GtkLabel          *tax_id_label;
  GtkWidget         *tax_id_mark;
  GtkLabel          *aging_badge;
  GtkBox            *action_box;
  GtkBox            *status_box;
  GtkWidget         *record_button;
  GMenu             *record_sections[CBZ_DEBTOR_DETAIL_N_RECORD_SECTIONS];
  GtkLabel          *overdue_label;
  GtkLabel          *balance_label;
  AdwViewStackPage  *invoices_page;
  GtkLabel          *currencies_label;
  AdwViewStack      *view_stack;
  AdwViewSwitcher   *view_switcher;
  GtkStack          *invoices_stack;
  GtkColumnView     *invoice_view;
  GtkStack          *timeline_stack;
  GtkListView       *timeline_view;
  AdwActionRow      *tax_id_row;
  AdwActionRow      *tax_id_problem_row;
  AdwActionRow      *contact_person_row;
  AdwActionRow      *phone_row;
  AdwActionRow      *mobile_row;
  AdwActionRow      *whatsapp_row;
  AdwActionRow      *email_row;
  AdwActionRow      *address_row;
  AdwActionRow      *language_row;
  AdwActionRow      *opt_out_row;
  AdwActionRow      *tags_row;
};

/* cbz-debtor-detail-invoices.c */
void  _cbz_debtor_detail_init_invoices  (CbzDebtorDetail *self);
void  _cbz_debtor_detail_show_invoices  (CbzDebtorDetail *self,
                                         GPtrArray       *invoices);

/* cbz-debtor-detail-tax-id.c */
void  _cbz_debtor_detail_show_tax_id    (CbzDebtorDetail *self);
void  _cbz_debtor_detail_class_init_tax_id (GtkWidgetClass *widget_class);

G_END_DECLS
