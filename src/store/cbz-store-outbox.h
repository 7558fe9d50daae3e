/* cbz-store-outbox.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-outbox-state.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The outbox table (and what sending needs from the rest of the portfolio)
 * behind typed functions. The policy — which state may follow which, what a
 * failure says, when to try again — is CbzOutbox's and CbzSender's in
 * gateways/; the store keeps the rows and their durability: the unique key
 * (debtor, action, invoice set, cycle), the reminder's timeline entry written
 * in the same transaction as its message, and state changes that only apply
 * to a row still in the state the caller saw.
 *
 * Instants are µs since the epoch, UTC. Like every store function, these run
 * on the connection's own thread, in a transaction of their own or inside
 * the caller's.
 */

/* One row of table outbox. A view: its strings belong to whoever filled it
 * (the caller when writing; the store, for the duration of the callback,
 * when reading). */
typedef struct
{
  gint64              id;
  gint64              debtor_id;
  const char         *action;
  const char         *invoice_set;   /* sorted invoice ids, "," separated; "" for none */
  const char         *cycle;
  const char         *channel;       /* "sms", "whatsapp", "email" */
  const char         *provider;
  const char         *recipient;
  const char         *template_name;
  const char         *language;
  const char         *subject;
  const char         *body;
  const char         *html;
  const char         *wa_template;
  const char         *wa_language;
  const char * const *wa_params;     /* NULL-terminated or NULL */
  CbzOutboxState      state;
  gboolean            dry_run;
  guint               attempts;
  gint64              next_attempt_at;
  gint64              sending_since;
  const char         *last_error;
  const char         *provider_message_id;
  gint64              event_id;
  gint64              created_at;
  gint64              updated_at;
  gint64              expires_at;
} CbzOutboxRecord;

/* Called once per row read; @row is valid during the call only. */
typedef void (*CbzOutboxRecordFunc) (const CbzOutboxRecord *row,
                                  gpointer            user_data);

/* A message to enqueue with its reminder entry on the customer's timeline. */
typedef struct
{
  /* In: the message (state, attempts and the instants but expires_at are
   * the store's). Out: id, event_id, state, the instants. */
  CbzOutboxRecord  row;
  const char   *event_summary;  /* "SMS reminder" */
  const char   *event_body;     /* what the customer reads */
  gboolean      inserted;       /* out: FALSE when the key was there (row.id is that row's) */
} CbzOutboxInsert;

/* Writes every message of @inserts whose key is new, with its 'reminder'
 * event (delivery state queued) and links to its invoices, all in one
 * transaction; @now is created_at, updated_at and next_attempt_at.
 * *@n_inserted counts the new rows. All or nothing. */
gboolean    cbz_store_outbox_enqueue            (CbzStore          *self,
                                                 CbzOutboxInsert   *inserts,
                                                 gsize              n_inserts,
                                                 gint64             now,
                                                 guint             *n_inserted,
                                                 GError           **error);

/* Reads message @id; CBZ_STORE_ERROR_NOT_FOUND when there is none. */
gboolean    cbz_store_outbox_get                (CbzStore          *self,
                                                 gint64             id,
                                                 CbzOutboxRecordFunc   func,
                                                 gpointer           user_data,
                                                 GError           **error);
/* Messages in any of @states (@n_states 0: every state) of @debtor_id (0:
 * everyone), newest first, at most @limit (0: no limit). */
gboolean    cbz_store_outbox_list               (CbzStore             *self,
                                                 const CbzOutboxState *states,
                                                 gsize                 n_states,
                                                 gint64                debtor_id,
                                                 guint                 limit,
                                                 CbzOutboxRecordFunc      func,
                                                 gpointer              user_data,
                                                 GError              **error);
/* A view of the outbox in one pass over the table: fills
 * @counts[CBZ_OUTBOX_N_STATES] for the whole outbox and hands @func the
 * newest @limit messages (0: all) in @states (@n_states 0: every state),
 * newest first. With @grouped, the messages of @states[0] come first, then
 * those of @states[1], …, all within @limit. */
gboolean    cbz_store_outbox_read_view          (CbzStore             *self,
                                                 const CbzOutboxState *states,
                                                 gsize                 n_states,
                                                 gboolean              grouped,
                                                 guint                 limit,
                                                 guint64              *counts,
                                                 CbzOutboxRecordFunc   func,
                                                 gpointer              user_data,
                                                 GError              **error);
/* Fills @counts[CBZ_OUTBOX_N_STATES] with the messages in each state. */
gboolean    cbz_store_outbox_count_by_state     (CbzStore          *self,
                                                 guint64           *counts,
                                                 GError           **error);
/* The names of the customers @debtor_ids (repeats allowed): gint64 id ->
 * name, for those that still exist. (transfer full) */
GHashTable *cbz_store_outbox_get_customer_names (CbzStore          *self,
                                                 const gint64      *debtor_ids,
                                                 gsize              n_debtor_ids,
                                                 GError           **error);

/* Moves message @id from @from to @to with @last_error (NULL clears it),
 * @provider_message_id (NULL keeps it) and @next_attempt_at; "sending"
 * counts an attempt and stamps sending_since. *@moved is FALSE, and nothing
 * changes, when the row is no longer in @from. */
gboolean    cbz_store_outbox_set_state          (CbzStore          *self,
                                                 gint64             id,
                                                 CbzOutboxState     from,
                                                 CbzOutboxState     to,
                                                 const char        *last_error,
                                                 const char        *provider_message_id,
                                                 gint64             next_attempt_at,
                                                 gint64             now,
                                                 gboolean          *moved,
                                                 GError           **error);
/* A message queued again gets a fresh expiry. */
gboolean    cbz_store_outbox_set_expiry         (CbzStore          *self,
                                                 gint64             id,
                                                 gint64             expires_at,
                                                 GError           **error);

/* A queued message due to be sent, and whether its customer opted out of
 * its channel. */
typedef struct
{
  gint64   id;
  gboolean opted_out;
} CbzOutboxDue;

/* Up to @limit queued messages of @provider due at @now, oldest due first
 * (only those enqueued as dry runs when @only_dry_runs).
 * (element-type CbzOutboxDue) (transfer full) */
GArray     *cbz_store_outbox_list_due           (CbzStore          *self,
                                                 const char        *provider,
                                                 gint64             now,
                                                 guint              limit,
                                                 gboolean           only_dry_runs,
                                                 GError           **error);
/* The numbers of @debtor_id's disputed invoices among @invoice_set
 * ("12,40"), ", " separated, or NULL (no error) when none is. */
char       *cbz_store_outbox_find_disputed      (CbzStore          *self,
                                                 gint64             debtor_id,
                                                 const char        *invoice_set,
                                                 GError           **error);
/* Ids of up to @limit queued messages whose expiry passed at @now, oldest
 * first. (element-type gint64) (transfer full) */
GArray     *cbz_store_outbox_list_expired       (CbzStore          *self,
                                                 gint64             now,
                                                 guint              limit,
                                                 GError           **error);
/* The earliest next attempt among queued messages of @provider (NULL: any
 * provider) in *@next_due, G_MAXINT64 when none is queued. */
gboolean    cbz_store_outbox_next_due           (CbzStore          *self,
                                                 const char        *provider,
                                                 gint64            *next_due,
                                                 GError           **error);
/* Providers of queued or sending messages, sorted. (transfer full) */
GStrv       cbz_store_outbox_pending_providers  (CbzStore          *self,
                                                 GError           **error);
/* Queued + sending messages. */
gboolean    cbz_store_outbox_count_pending      (CbzStore          *self,
                                                 guint64           *count,
                                                 GError           **error);
/* Queued messages that need an account to go (not enqueued as dry runs),
 * per provider: provider -> GUINT_TO_POINTER (count); *@n_queued counts
 * every queued message. (transfer full) */
GHashTable *cbz_store_outbox_count_queued_by_provider (CbzStore    *self,
                                                       guint64     *n_queued,
                                                       GError     **error);
/* Messages in "sending", oldest attempt first. */
gboolean    cbz_store_outbox_list_sending       (CbzStore          *self,
                                                 CbzOutboxRecordFunc   func,
                                                 gpointer           user_data,
                                                 GError           **error);
/* Sent messages of @provider with a provider id whose delivery is due to be
 * asked about at @now (and were sent less than three days before it),
 * oldest question first, at most @limit. */
gboolean    cbz_store_outbox_list_to_poll       (CbzStore          *self,
                                                 const char        *provider,
                                                 gint64             now,
                                                 guint              limit,
                                                 CbzOutboxRecordFunc   func,
                                                 gpointer           user_data,
                                                 GError           **error);

/* The customer whose mobile, WhatsApp or phone number is @number (E.164),
 * the oldest when several share it; 0 (no error) when nobody has it. */
gint64      cbz_store_find_debtor_by_number     (CbzStore          *self,
                                                 const char        *number,
                                                 GError           **error);
/* Customers with an overdue balance, by id. (element-type gint64) */
GArray     *cbz_store_list_overdue_debtor_ids   (CbzStore          *self,
                                                 GError           **error);

G_END_DECLS
