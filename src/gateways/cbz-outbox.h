/* cbz-outbox.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-provider-types.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * CbzOutbox: the durable queue of messages (table outbox). A message is
 * written with state "queued" and a unique key (customer, action, invoice set,
 * cycle) before anything is sent; enqueueing the same key again does nothing.
 * CbzSender drives the messages through their states:
 *
 *   queued -> sending -> sent -> delivered
 *                     -> queued (temporary failure, after a backoff)
 *                     -> failed (permanent failure, opted out, too old)
 *                     -> unknown (the app stopped mid-request and the
 *                                 provider cannot tell: the user decides)
 *   queued -> dry-run | cancelled
 *   unknown -> queued (cbz_outbox_resend) | failed (cbz_outbox_mark_failed)
 *
 * Every change is reflected on the customer's timeline: the message's
 * 'reminder' event follows the state, and failures, held messages and the
 * user's decisions add a 'status' event with the reason.
 *
 * Bound to one CbzStore, hence to one thread.
 */

#define CBZ_OUTBOX_ERROR (cbz_outbox_error_quark ())

typedef enum
{
  CBZ_OUTBOX_ERROR_INVALID,      /* a message without recipient, body, … */
  CBZ_OUTBOX_ERROR_NOT_FOUND,
  CBZ_OUTBOX_ERROR_WRONG_STATE,  /* e.g. resending a message that was sent */
  CBZ_OUTBOX_ERROR_BUSY,         /* another sender is working on this portfolio */
  CBZ_OUTBOX_ERROR_NO_PROVIDER,  /* no account configured for a queued message's provider */
  CBZ_OUTBOX_ERROR_SQL,
} CbzOutboxError;

GQuark cbz_outbox_error_quark (void);

typedef enum
{
  CBZ_OUTBOX_STATE_QUEUED,
  CBZ_OUTBOX_STATE_SENDING,
  CBZ_OUTBOX_STATE_SENT,
  CBZ_OUTBOX_STATE_DELIVERED,
  CBZ_OUTBOX_STATE_FAILED,
  CBZ_OUTBOX_STATE_UNKNOWN,
  CBZ_OUTBOX_STATE_DRY_RUN,
  CBZ_OUTBOX_STATE_CANCELLED,
  CBZ_OUTBOX_N_STATES
} CbzOutboxState;

/* "queued", "sending", "sent", "delivered", "failed", "unknown", "dry-run",
 * "cancelled": the values of outbox.state. */
const char *cbz_outbox_state_to_string   (CbzOutboxState  state);
gboolean    cbz_outbox_state_from_string (const char     *text,
                                          CbzOutboxState *state);
/* Translated, for a person ("Unknown — check before resending"). */
const char *cbz_outbox_state_get_label   (CbzOutboxState  state);
/* TRUE for sent, delivered, failed, dry-run, cancelled: the sender is done. */
gboolean    cbz_outbox_state_is_final    (CbzOutboxState  state);

/* One row of the outbox. Plain struct with owned strings. */
typedef struct
{
  gint64          id;
  gint64          debtor_id;
  char           *action;        /* "cadence:<cadence>:<step>" or "manual:<what>" */
  char           *invoice_set;   /* sorted invoice ids, "," separated; "" for none */
  char           *cycle;         /* "2026-11-23" */
  CbzChannel      channel;
  char           *provider;      /* "twilio", … */
  char           *recipient;
  char           *template_name;
  char           *language;
  char           *subject;
  char           *body;
  char           *html;
  char           *wa_template;
  char           *wa_language;
  char          **wa_params;     /* NULL-terminated or NULL */
  CbzOutboxState  state;
  gboolean        dry_run;
  guint           attempts;
  gint64          next_attempt_at;
  gint64          sending_since;
  char           *last_error;
  char           *provider_message_id;
  gint64          event_id;
  gint64          created_at;
  gint64          updated_at;
  gint64          expires_at;    /* 0 when enqueueing: now + the outbox's max age */
} CbzOutboxMessage;

#define CBZ_TYPE_OUTBOX_MESSAGE (cbz_outbox_message_get_type ())
GType             cbz_outbox_message_get_type (void) G_GNUC_CONST;
CbzOutboxMessage *cbz_outbox_message_new      (gint64                  debtor_id,
                                               CbzChannel              channel,
                                               const char             *provider,
                                               const char             *recipient,
                                               const char             *body);
CbzOutboxMessage *cbz_outbox_message_copy     (const CbzOutboxMessage *message);
void              cbz_outbox_message_free     (CbzOutboxMessage       *message);
/* Sets the idempotency key. @invoice_ids are sorted into the key. */
void              cbz_outbox_message_set_key  (CbzOutboxMessage       *message,
                                               const char             *action,
                                               const gint64           *invoice_ids,
                                               gsize                   n_invoice_ids,
                                               const char             *cycle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzOutboxMessage, cbz_outbox_message_free)

#define CBZ_TYPE_OUTBOX (cbz_outbox_get_type ())
G_DECLARE_FINAL_TYPE (CbzOutbox, cbz_outbox, CBZ, OUTBOX, GObject)

CbzOutbox        *cbz_outbox_new              (CbzStore               *store);
CbzStore         *cbz_outbox_get_store        (CbzOutbox              *self);

/* How long a message may wait before it fails visibly (default 24 h). */
gint64            cbz_outbox_get_max_age      (CbzOutbox              *self);
void              cbz_outbox_set_max_age      (CbzOutbox              *self,
                                               gint64                  max_age_usec);

/* Enqueues @message (state queued, or a dry run when message->dry_run) with
 * its 'reminder' event. When its key is already in the outbox nothing is
 * written, *@inserted is FALSE and message->id is the existing row's id. */
gboolean          cbz_outbox_enqueue          (CbzOutbox              *self,
                                               CbzOutboxMessage       *message,
                                               gboolean               *inserted,
                                               GError                **error);
/* Enqueues every CbzOutboxMessage of @messages in one transaction (all or
 * nothing); sets each id; *@n_inserted counts the new rows. */
gboolean          cbz_outbox_enqueue_many     (CbzOutbox              *self,
                                               GPtrArray              *messages,
                                               guint                  *n_inserted,
                                               GError                **error);

CbzOutboxMessage *cbz_outbox_get              (CbzOutbox              *self,
                                               gint64                  id,
                                               GError                **error);
/* (element-type CbzOutboxMessage): newest first. @state -1 = any state,
 * @debtor_id 0 = everyone, @limit 0 = no limit. */
GPtrArray        *cbz_outbox_list             (CbzOutbox              *self,
                                               int                     state,
                                               gint64                  debtor_id,
                                               guint                   limit,
                                               GError                **error);
/* Fills @counts[CBZ_OUTBOX_N_STATES]. */
gboolean          cbz_outbox_count_by_state   (CbzOutbox              *self,
                                               guint64                *counts,
                                               GError                **error);

/* The names of the customers who have messages in the outbox: gint64 id ->
 * name (both owned by the table). (transfer full) */
GHashTable       *cbz_outbox_list_customer_names (CbzOutbox        *self,
                                                  GError          **error);

/* The user's decisions on a message held as unknown (or failed): send it
 * again, or record it as failed with @reason (NULL: "Marked as failed"). */
gboolean          cbz_outbox_resend           (CbzOutbox              *self,
                                               gint64                  id,
                                               GError                **error);
gboolean          cbz_outbox_mark_failed      (CbzOutbox              *self,
                                               gint64                  id,
                                               const char             *reason,
                                               GError                **error);
/* Withdraws a queued message. */
gboolean          cbz_outbox_cancel           (CbzOutbox              *self,
                                               gint64                  id,
                                               GError                **error);

G_END_DECLS
