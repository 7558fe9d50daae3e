/* cbz-dispute-resolve-dialog.h
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
 * The form for resolving an open dispute: upheld, with a credit note that
 * comes off the invoice (at most what it still owes), or rejected. Written
 * on the store's worker connections (cbz_store_resolve_dispute_async);
 * ::resolved (CbzDispute *) is emitted before the form closes.
 */
#define CBZ_TYPE_DISPUTE_RESOLVE_DIALOG (cbz_dispute_resolve_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzDisputeResolveDialog, cbz_dispute_resolve_dialog, CBZ, DISPUTE_RESOLVE_DIALOG, AdwWindow)

CbzDisputeResolveDialog *cbz_dispute_resolve_dialog_new (GtkWindow  *parent,
                                                         CbzStore   *store,
                                                         CbzDispute *dispute);

G_END_DECLS
