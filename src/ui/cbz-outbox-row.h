/* cbz-outbox-row.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cbz-outbox-item.h"

G_BEGIN_DECLS

/*
 * CbzOutboxRow: one message in the Outbox window's list: customer, channel,
 * recipient, state, time and last error, the text in a popover, and the
 * buttons for what the person may decide now (outbox.resend,
 * outbox.dont-resend, outbox.cancel, with the message id as target).
 * Recycled by the list's factory: cbz_outbox_row_set_item () refills it.
 */

#define CBZ_TYPE_OUTBOX_ROW (cbz_outbox_row_get_type ())
G_DECLARE_FINAL_TYPE (CbzOutboxRow, cbz_outbox_row, CBZ, OUTBOX_ROW, GtkWidget)

GtkWidget     *cbz_outbox_row_new      (void);
void           cbz_outbox_row_set_item (CbzOutboxRow  *self,
                                        CbzOutboxItem *item);
CbzOutboxItem *cbz_outbox_row_get_item (CbzOutboxRow  *self);

G_END_DECLS
