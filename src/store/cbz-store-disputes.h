/* cbz-store-disputes.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-dispute.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Disputed invoices (table disputes).
 *
 * Opening a dispute, in one transaction: the dispute row (reason, note, the
 * invoice's status before), the invoice's status becomes 'disputed', a
 * 'dispute' event "opened" (internal, linked to the invoice) and the
 * customer's summary: the invoice stays owed but leaves the overdue
 * figures, the letters and the reminders (see cbz-store-summaries.c).
 * Only an invoice still owed (balance > 0, open or partially paid, or
 * marked disputed by an import with no dispute recorded) can be disputed,
 * and only once at a time.
 *
 * Resolving it, in one transaction:
 * - upheld, with a credit (0 ≤ credit ≤ what the invoice still owes): the
 *   credit note comes off the invoice's balance directly and is kept in
 *   disputes.credit. It is not a payment: no payment or allocation row (so
 *   it is never counted as money collected, and undoing a payment never
 *   touches it) and no credit_entries row (the customer gets no credit to
 *   spend elsewhere). Not a cent is made or lost: the balance goes down by
 *   exactly the credit, and what the customer owes plus the credits of
 *   upheld disputes is what they owed before;
 * - rejected (or upheld with no credit): the balance stays;
 * - the status then follows the balance: paid at 0, partially paid below
 *   the invoice's amount (the credit, or payments made during the dispute),
 *   otherwise the status from before the dispute;
 * - either way a 'dispute' event ("upheld" or "rejected") and the summary.
 * If the invoice's status was changed meanwhile by something else (written
 * off, paid in full), resolving leaves that status as it is.
 *
 * Event data: {"dispute_id", "invoice_id", "number", "reason", "state"
 * ("opened", "upheld", "rejected"), "credit", "amount" (what the invoice
 * owed when the event was written), "currency"}.
 */

/* Opens a dispute on @invoice_id. (transfer full): the dispute, or NULL
 * with @error set (CBZ_STORE_ERROR_NOT_FOUND, _INVALID naming the invoice)
 * and nothing written. */
CbzDispute *cbz_store_open_dispute         (CbzStore              *self,
                                            gint64                 invoice_id,
                                            CbzDisputeReason       reason,
                                            const char            *note,
                                            GError               **error);
/* Resolves dispute @dispute_id (see above); @credit only with
 * CBZ_DISPUTE_RESOLUTION_UPHELD. (transfer full): the dispute as resolved,
 * or NULL with @error set and nothing written. */
CbzDispute *cbz_store_resolve_dispute      (CbzStore              *self,
                                            gint64                 dispute_id,
                                            CbzDisputeResolution   resolution,
                                            gint64                 credit,
                                            const char            *note,
                                            GError               **error);
/* Takes back a dispute opened by mistake (the toast's Undo): while it is
 * still open, removes it and its "opened" event and gives the invoice its
 * status back, in one transaction. */
gboolean    cbz_store_undo_dispute         (CbzStore              *self,
                                            gint64                 dispute_id,
                                            GError               **error);

CbzDispute *cbz_store_get_dispute          (CbzStore              *self,
                                            gint64                 dispute_id,
                                            GError               **error);
/* (transfer full) (element-type CbzDispute): of @debtor_id (0: everyone),
 * only the open ones when @open_only, oldest first. */
GPtrArray  *cbz_store_list_disputes        (CbzStore              *self,
                                            gint64                 debtor_id,
                                            gboolean               open_only,
                                            GError               **error);
/* The open dispute of @invoice_id: its id, 0 when there is none, -1 with
 * @error set on failure. */
gint64      cbz_store_find_open_dispute    (CbzStore              *self,
                                            gint64                 invoice_id,
                                            GError               **error);
/* The customer's invoices that can be disputed now (owed, not disputed),
 * oldest due date first: (transfer full) (element-type CbzInvoice). */
GPtrArray  *cbz_store_list_disputable_invoices (CbzStore          *self,
                                                gint64             debtor_id,
                                                GError           **error);

/* The invoices numbered exactly @number: of @debtor_id, or of any customer
 * when 0 (numbers are unique per customer only). (transfer full)
 * (element-type CbzInvoice), by customer; empty when there is none. */
GPtrArray  *cbz_store_list_invoices_by_number (CbzStore           *self,
                                               const char         *number,
                                               gint64              debtor_id,
                                               GError            **error);

/* The same on the store's worker connections. */
void        cbz_store_open_dispute_async   (CbzStore              *self,
                                            gint64                 invoice_id,
                                            CbzDisputeReason       reason,
                                            const char            *note,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
CbzDispute *cbz_store_open_dispute_finish  (CbzStore              *self,
                                            GAsyncResult          *result,
                                            GError               **error);
void        cbz_store_resolve_dispute_async  (CbzStore            *self,
                                              gint64               dispute_id,
                                              CbzDisputeResolution resolution,
                                              gint64               credit,
                                              const char          *note,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CbzDispute *cbz_store_resolve_dispute_finish (CbzStore            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void        cbz_store_undo_dispute_async   (CbzStore              *self,
                                            gint64                 dispute_id,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean    cbz_store_undo_dispute_finish  (CbzStore              *self,
                                            GAsyncResult          *result,
                                            GError               **error);
void        cbz_store_list_disputes_async  (CbzStore              *self,
                                            gint64                 debtor_id,
                                            gboolean               open_only,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
GPtrArray  *cbz_store_list_disputes_finish (CbzStore              *self,
                                            GAsyncResult          *result,
                                            GError               **error);
void        cbz_store_list_disputable_invoices_async  (CbzStore            *self,
                                                       gint64               debtor_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray  *cbz_store_list_disputable_invoices_finish (CbzStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
