/* cbz-provider-manual-send.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cbz-provider-types.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The "no account" channel: opens WhatsApp (wa.me), the SMS app or the mail
 * client with the message ready for the user to send and, once the system
 * has started the app, records it on @debtor_id's timeline as an outbound
 * reminder sent by hand (delivery_state 'by-hand'). @invoice_ids (may be
 * NULL, @n_invoices 0) link the event to the invoices it was about.
 *
 * Launches with gtk_show_uri_full() (GtkUriLauncher needs GTK 4.10). When
 * the number or address cannot make a link, or no app could open it,
 * nothing is recorded and _finish() says why. The event is written on the
 * store's worker connections.
 */
void   cbz_provider_manual_send_async  (GtkWindow           *parent,
                                        CbzStore            *store,
                                        gint64               debtor_id,
                                        CbzChannel           channel,
                                        const char          *to,
                                        const char          *subject,
                                        const char          *body,
                                        const gint64        *invoice_ids,
                                        guint                n_invoices,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* Returns the event id, or 0 with @error set. */
gint64 cbz_provider_manual_send_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
