/* cbz-outbox-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of CbzOutbox share, and what CbzSender needs from it that
 * nobody else should call.
 */

#pragma once

#include "cbz-outbox.h"
#include "cbz-store-outbox.h"

G_BEGIN_DECLS

/* Messages and the store's rows (cbz-outbox-message.c). */
CbzOutboxMessage *_cbz_outbox_message_new_from_record (const CbzOutboxRecord     *row);
/* A view of @message for writing; its strings stay @message's. */
void              _cbz_outbox_message_to_record       (const CbzOutboxMessage *message,
                                                    CbzOutboxRecord           *row);
/* @row's callback: appends a new message to the GPtrArray @user_data. */
void              _cbz_outbox_append_record_cb        (const CbzOutboxRecord     *row,
                                                    gpointer                user_data);

/* CBZ_STORE_ERROR_NOT_FOUND becomes CBZ_OUTBOX_ERROR_NOT_FOUND; the rest is
 * the store's to tell. */
void              _cbz_outbox_adopt_store_error    (GError                **error);

/* Takes up to @limit due queued messages of @provider in one transaction:
 * opted-out customers and disputed invoices fail with the reason, dry runs
 * become "dry-run" (all of them when @dry_run), the rest is committed as
 * "sending" and appended to @claimed. With @only_dry_runs, only messages
 * enqueued as dry runs are taken (no account to send the others with).
 * Those that reached a final state instead are appended to @settled. */
gboolean   _cbz_outbox_claim            (CbzOutbox         *self,
                                         const char        *provider,
                                         guint              limit,
                                         gboolean           dry_run,
                                         gboolean           only_dry_runs,
                                         gint64             now,
                                         GPtrArray         *claimed,
                                         GPtrArray         *settled,
                                         GError           **error);

/* Queued messages past their expiry fail visibly; *@n_failed counts them. */
gboolean   _cbz_outbox_fail_expired     (CbzOutbox         *self,
                                         gint64             now,
                                         guint             *n_failed,
                                         GError           **error);

/* The earliest next_attempt_at among queued messages of @provider
 * (NULL = any), or G_MAXINT64 when there are none. */
gint64     _cbz_outbox_next_due         (CbzOutbox         *self,
                                         const char        *provider,
                                         GError           **error);

/* Distinct providers of queued or sending messages. (transfer full) */
GStrv      _cbz_outbox_pending_providers (CbzOutbox        *self,
                                          GError          **error);

/* Messages in "sending" (element-type CbzOutboxMessage), oldest first. */
GPtrArray *_cbz_outbox_list_sending     (CbzOutbox         *self,
                                         GError           **error);

/* Sent messages of @provider whose delivery is due to be asked about
 * (next_attempt_at <= @now, sent less than three days ago), oldest first,
 * at most @limit. (element-type CbzOutboxMessage) */
GPtrArray *_cbz_outbox_list_to_poll     (CbzOutbox         *self,
                                         const char        *provider,
                                         gint64             now,
                                         guint              limit,
                                         GError           **error);

/* Number of queued + sending messages, -1 on error. */
gint64     _cbz_outbox_count_pending    (CbzOutbox         *self,
                                         GError           **error);

/*
 * Moves @message (whose ->state is the state it is in now) to @state, with
 * the provider's id, the reason for a person (failed/unknown/retry) and,
 * for queued or sending, when to act next. Updates @message, the row and the
 * timeline. Fails with WRONG_STATE when the row is no longer in ->state.
 * Runs inside the caller's transaction when one is open.
 */
gboolean   _cbz_outbox_transition       (CbzOutbox         *self,
                                         CbzOutboxMessage  *message,
                                         CbzOutboxState     state,
                                         const char        *provider_message_id,
                                         const char        *reason,
                                         gint64             next_attempt_at,
                                         GError           **error);

G_END_DECLS
