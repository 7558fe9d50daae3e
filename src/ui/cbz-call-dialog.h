/* cbz-call-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"
#include "payments/cbz-call-outcome.h"

G_BEGIN_DECLS

/*
 * The form for logging a call to a customer: the outcome, a note, and an
 * optional follow-up day that becomes a task; the customer's open tasks due
 * by today are done by the call. Written on the store's worker connections
 * in one transaction (cbz_store_log_call_async).
 *
 * What comes next is up to whoever shows the form, through signals emitted
 * after the call was logged and before the form closes:
 *   ::logged (gint64 event_id): the call is on the timeline;
 *   ::promise-requested (gint64 debtor_id, const char *date, gint64 amount,
 *     const char *currency): "Promised to pay", with the day ('YYYY-MM-DD')
 *     and amount (minor units) the customer gave, for the promise form;
 *   ::dispute-requested (gint64 debtor_id): "Disputes the debt";
 *   ::payment-requested (gint64 debtor_id): "Says it is paid already", so
 *     that the payment can be looked for and recorded.
 */
#define CBZ_TYPE_CALL_DIALOG (cbz_call_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzCallDialog, cbz_call_dialog, CBZ, CALL_DIALOG, AdwWindow)

CbzCallDialog *cbz_call_dialog_new          (GtkWindow       *parent,
                                             CbzStore        *store,
                                             gint64           debtor_id);
/* The customer's name and number to call, shown at the top. */
void           cbz_call_dialog_set_customer (CbzCallDialog   *self,
                                             const CbzDebtor *debtor);
gint64         cbz_call_dialog_get_debtor_id (CbzCallDialog  *self);
/* The note as typed. */
const char    *cbz_call_dialog_get_note     (CbzCallDialog   *self);
/* Chooses the outcome (as a person would in the list). */
void           cbz_call_dialog_set_outcome  (CbzCallDialog   *self,
                                             CbzCallOutcome   outcome);
/* TRUE once the form has read what it needs and Log can be pressed. */
gboolean       cbz_call_dialog_is_ready     (CbzCallDialog   *self);

G_END_DECLS
