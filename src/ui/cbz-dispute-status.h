/* cbz-dispute-status.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The customer's open disputes, for the status area of the customer page:
 * one row each (invoice, reason, what it owes, since when) with "Resolve…",
 * which opens the resolve form. Hidden when there are none; read again on
 * the store's ::changed, on its worker connections.
 */
#define CBZ_TYPE_DISPUTE_STATUS (cbz_dispute_status_get_type ())
G_DECLARE_FINAL_TYPE (CbzDisputeStatus, cbz_dispute_status, CBZ, DISPUTE_STATUS, AdwBin)

GtkWidget *cbz_dispute_status_new        (void);
/* Follows @debtor_id's disputes in @store (NULL or 0: shows nothing). */
void       cbz_dispute_status_show       (CbzDisputeStatus *self,
                                          CbzStore         *store,
                                          gint64            debtor_id);
/* How many open disputes it lists now. */
guint      cbz_dispute_status_get_n_open (CbzDisputeStatus *self);

G_END_DECLS
