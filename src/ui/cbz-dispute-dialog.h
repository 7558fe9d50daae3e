/* cbz-dispute-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-dispute.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The form for disputing one of a customer's invoices: which invoice (those
 * still owed and not disputed), the reason, what the customer says. Written
 * on the store's worker connections (cbz_store_open_dispute_async);
 * ::opened (CbzDispute *) is emitted before the form closes.
 */
#define CBZ_TYPE_DISPUTE_DIALOG (cbz_dispute_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzDisputeDialog, cbz_dispute_dialog, CBZ, DISPUTE_DIALOG, AdwWindow)

CbzDisputeDialog *cbz_dispute_dialog_new            (GtkWindow        *parent,
                                                     CbzStore         *store,
                                                     gint64            debtor_id);
void              cbz_dispute_dialog_set_customer   (CbzDisputeDialog *self,
                                                     const CbzDebtor  *debtor);
/* Fills in what the customer says (from a call, say). */
void              cbz_dispute_dialog_set_note       (CbzDisputeDialog *self,
                                                     const char       *note);
/* Chooses the invoice and the reason, as a person would in the lists:
 * FALSE when @invoice_id is not one that can be disputed. */
gboolean          cbz_dispute_dialog_select_invoice (CbzDisputeDialog *self,
                                                     gint64            invoice_id);
void              cbz_dispute_dialog_set_reason     (CbzDisputeDialog *self,
                                                     CbzDisputeReason  reason);
/* TRUE once the invoices are read and one can be disputed. */
gboolean          cbz_dispute_dialog_is_ready       (CbzDisputeDialog *self);

G_END_DECLS
