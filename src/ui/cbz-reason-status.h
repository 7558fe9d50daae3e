/* cbz-reason-status.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The customer's reason for non-payment, for the status area of the
 * customer page: the reason, when and by whom it was recorded, and
 * "Change…" (the action "reason.record"). Hidden while nobody recorded one;
 * read again on the store's ::changed, on its worker connections.
 */
#define CBZ_TYPE_REASON_STATUS (cbz_reason_status_get_type ())
G_DECLARE_FINAL_TYPE (CbzReasonStatus, cbz_reason_status, CBZ, REASON_STATUS, AdwBin)

GtkWidget  *cbz_reason_status_new   (void);
void        cbz_reason_status_show  (CbzReasonStatus *self,
                                     CbzStore        *store,
                                     gint64           debtor_id);
/* The reason shown (translated), or NULL when none is. */
const char *cbz_reason_status_get_text (CbzReasonStatus *self);

G_END_DECLS
