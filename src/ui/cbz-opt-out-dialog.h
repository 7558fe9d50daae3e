/* cbz-opt-out-dialog.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The channels a customer accepts (SMS, WhatsApp, email, letters, calls),
 * for recording by hand a request to stop, or to start again, with how the
 * customer asked. Written on the store's worker connections in one
 * transaction (cbz_store_record_opt_outs_async); ::recorded (int, the
 * channels changed) is emitted before the form closes.
 */
#define CBZ_TYPE_OPT_OUT_DIALOG (cbz_opt_out_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbzOptOutDialog, cbz_opt_out_dialog, CBZ, OPT_OUT_DIALOG, AdwWindow)

/* Starts from @debtor's opt-outs. */
CbzOptOutDialog *cbz_opt_out_dialog_new         (GtkWindow       *parent,
                                                 CbzStore        *store,
                                                 const CbzDebtor *debtor);
/* Sets a channel's switch, as a person would: TRUE = accepts it. */
void             cbz_opt_out_dialog_set_accepts (CbzOptOutDialog *self,
                                                 CbzEventChannel  channel,
                                                 gboolean         accepts);
void             cbz_opt_out_dialog_set_evidence (CbzOptOutDialog *self,
                                                  const char      *evidence);

G_END_DECLS
