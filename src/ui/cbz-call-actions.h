/* cbz-call-actions.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-debtor-detail.h"

G_BEGIN_DECLS

/*
 * What a collector records on the customer page besides money: calls,
 * disputes, notes, reasons for non-payment and opt-outs by hand.
 *
 * cbz_call_actions_add_to_detail() adds to the page:
 * - a "Log Call" button and, in the Record menu, "Log Call…" and "Add
 *   Note…" (contact), "Dispute an Invoice…" (invoice), "Reason for
 *   Non-payment…" and "Channels…" (customer), as the actions "call.log",
 *   "note.add", "dispute.open", "reason.record" and "opt-out.edit";
 * - in the status area: the customer's open tasks (with "Done"), open
 *   disputes (with "Resolve…") and reason for non-payment (with "Change…");
 * - a toast after each, with Undo where it can be taken back (a call, a
 *   note, a dispute just opened).
 *
 * A call whose outcome asks for more goes on: "Disputes the debt" opens the
 * dispute form; "Promised to pay" and "Says it is paid already" are for the
 * promise and payment forms, which this object does not own: it emits
 *   ::promise-requested (gint64 debtor_id, const char *date, gint64 amount,
 *     const char *currency) with the day ('YYYY-MM-DD') and amount (minor
 *     units) the customer gave, and
 *   ::payment-requested (gint64 debtor_id),
 * for the window to open them.
 */
#define CBZ_TYPE_CALL_ACTIONS (cbz_call_actions_get_type ())
G_DECLARE_FINAL_TYPE (CbzCallActions, cbz_call_actions, CBZ, CALL_ACTIONS, GObject)

/* (transfer none): the page keeps it. */
CbzCallActions *cbz_call_actions_add_to_detail (CbzDebtorDetail *detail);
/* The object added to @detail, or NULL. (transfer none) */
CbzCallActions *cbz_call_actions_get_for_detail (CbzDebtorDetail *detail);

/* The status widgets it added, for tests. (transfer none) */
GtkWidget      *cbz_call_actions_get_tasks     (CbzCallActions  *self);
GtkWidget      *cbz_call_actions_get_disputes  (CbzCallActions  *self);
GtkWidget      *cbz_call_actions_get_reason    (CbzCallActions  *self);

G_END_DECLS
