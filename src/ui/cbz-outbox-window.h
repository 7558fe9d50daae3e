/* cbz-outbox-window.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-outbox.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * CbzOutboxWindow: the messages in the durable outbox, by state (Needs
 * Attention: held as unknown or failed; Queued; Sent; All), where the person
 * decides about the held ones (outbox.resend, outbox.dont-resend), withdraws
 * queued ones (outbox.cancel), and sends the queue now
 * (outbox.send-queued). Every read and write runs on the store's own worker
 * connections (the outbox's and the sender's _async functions); the store
 * tells the main window when the timeline changed.
 */

#define CBZ_TYPE_OUTBOX_WINDOW (cbz_outbox_window_get_type ())
G_DECLARE_FINAL_TYPE (CbzOutboxWindow, cbz_outbox_window, CBZ, OUTBOX_WINDOW, AdwWindow)

/* @store: the main thread's connection to the portfolio, whose worker
 * connections do the window's work. */
CbzOutboxWindow *cbz_outbox_window_new              (GtkWindow       *parent,
                                                     CbzStore        *store);

/* Installs "win.outbox" (Ctrl+Shift+O) on the main window's class. */
void             cbz_outbox_window_install_action   (GtkWidgetClass  *window_class);

/* The list shown (element-type CbzOutboxItem). */
GListModel      *cbz_outbox_window_get_model        (CbzOutboxWindow *self);
/* "attention", "queued", "sent" or "all". */
const char      *cbz_outbox_window_get_filter       (CbzOutboxWindow *self);
void             cbz_outbox_window_set_filter       (CbzOutboxWindow *self,
                                                     const char      *filter);
/* Messages in @state in the whole outbox, as last read. */
guint64          cbz_outbox_window_get_count        (CbzOutboxWindow *self,
                                                     CbzOutboxState   state);
/* "loading", "empty", "no-results", "error" or "list". */
const char      *cbz_outbox_window_get_state        (CbzOutboxWindow *self);
/* Whether a read, a decision or a send is still under way. */
gboolean         cbz_outbox_window_is_busy          (CbzOutboxWindow *self);

G_END_DECLS
