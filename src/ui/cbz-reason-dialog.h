/* cbz-reason-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"
#include "payments/cbz-nonpayment-reason.h"

G_BEGIN_DECLS

/*
 * The form for recording why a customer has not paid (and what they said).
 * Written on the store's worker connections
 * (cbz_store_set_nonpayment_reason_async); ::recorded (gint64 event_id) is
 * emitted before the form closes.
 */
#define CBZ_TYPE_REASON_DIALOG (cbz_reason_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzReasonDialog, cbz_reason_dialog, CBZ, REASON_DIALOG, AdwWindow)

CbzReasonDialog *cbz_reason_dialog_new          (GtkWindow           *parent,
                                                 CbzStore            *store,
                                                 gint64               debtor_id);
void             cbz_reason_dialog_set_customer (CbzReasonDialog     *self,
                                                 const CbzDebtor     *debtor);
void             cbz_reason_dialog_set_reason   (CbzReasonDialog     *self,
                                                 CbzNonpaymentReason  reason);

G_END_DECLS
