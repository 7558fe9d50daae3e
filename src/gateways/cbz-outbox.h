/* cbz-outbox.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-outbox-state.h"
#include "cbz-provider-types.h"
#include "cbz-store.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * CbzOutbox: the durable queue of messages (the store's table outbox). A
 * message is written with state "queued" and a unique key (customer, action,
 * invoice set, cycle) before anything is sent; enqueueing the same key again
 * does nothing. CbzSender drives the messages through their states:
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
 * The plain functions work on the outbox's own connection, on its thread.
 * The _async ones run on the store's worker connections
 * (cbz_store_run_async()) and report on the calling thread: the UI uses
 * those. Times come from the process's clock (cbz_now()).
 *
 * Errors are CBZ_OUTBOX_ERROR for what the outbox refuses, and
 * CBZ_STORE_ERROR when the portfolio file cannot be read or written.
 */

#define CBZ_OUTBOX_ERROR (cbz_outbox_error_quark ())

typedef enum
{
  CBZ_OUTBOX_ERROR_INVALID,      /* a message without recipient, body, … */
  CBZ_OUTBOX_ERROR_NOT_FOUND,
  CBZ_OUTBOX_ERROR_WRONG_STATE,  /* e.g. resending a message that was sent */
  CBZ_OUTBOX_ERROR_BUSY,         /* another sender is working on this portfolio */
} CbzOutboxError;

GQuark cbz_outbox_error_quark (void);

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

/* The views of the outbox a person works with. The nicks ("attention",
 * "queued", "sent", "all") name them. */
typedef enum
{
  CBZ_OUTBOX_FILTER_ATTENTION,  /* held as unknown (first), then failed */
  CBZ_OUTBOX_FILTER_QUEUED,     /* sending (first), then queued */
  CBZ_OUTBOX_FILTER_SENT,       /* sent and delivered */
  CBZ_OUTBOX_FILTER_ALL,
} CbzOutboxFilter;

#define CBZ_TYPE_OUTBOX_FILTER (cbz_outbox_filter_get_type ())
GType       cbz_outbox_filter_get_type    (void) G_GNUC_CONST;
const char *cbz_outbox_filter_to_string   (CbzOutboxFilter   filter);
gboolean    cbz_outbox_filter_from_string (const char       *text,
                                           CbzOutboxFilter  *filter);
/* How many of @counts[CBZ_OUTBOX_N_STATES] the view shows. */
guint64     cbz_outbox_filter_count       (CbzOutboxFilter   filter,
                                           const guint64    *counts);

/* What a view of the outbox holds when it was read. */
typedef struct
{
  CbzOutboxFilter  filter;
  guint64          counts[CBZ_OUTBOX_N_STATES];  /* the whole outbox, by state */
  GPtrArray       *messages;                      /* CbzOutboxMessage, in the view's order */
  GHashTable      *customer_names;                /* gint64 debtor id -> name */
} CbzOutboxListing;

void cbz_outbox_listing_free (CbzOutboxListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzOutboxListing, cbz_outbox_listing_free)

/* What the person decided about a message. */
typedef enum
{
  CBZ_OUTBOX_DECISION_RESEND,       /* unknown or failed -> queued */
  CBZ_OUTBOX_DECISION_DONT_RESEND,  /* unknown or queued -> failed, with a reason */
  CBZ_OUTBOX_DECISION_CANCEL,       /* queued -> cancelled */
} CbzOutboxDecision;

/* Fills a reminder's company values (empresa, telefono_empresa, …) from the
 * portfolio @store, on the thread of @store. Given by the caller, which knows
 * where the company profile lives. */
typedef CbzTemplateContext *(*CbzOutboxCompanyFunc) (CbzStore  *store,
                                                     GError   **error);

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
/* The messages of a view (each of its states' newest @limit, @limit 0: all),
 * with the counts of the whole outbox and the customers' names. */
CbzOutboxListing *cbz_outbox_list_filter      (CbzOutbox              *self,
                                               CbzOutboxFilter         filter,
                                               guint                   limit,
                                               GError                **error);

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
/* One of the three above. @reason is for DONT_RESEND only. */
gboolean          cbz_outbox_decide           (CbzOutbox              *self,
                                               CbzOutboxDecision       decision,
                                               gint64                  id,
                                               const char             *reason,
                                               GError                **error);

/* The same on the store's worker connections. */
void              cbz_outbox_list_filter_async   (CbzOutbox            *self,
                                                  CbzOutboxFilter       filter,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
CbzOutboxListing *cbz_outbox_list_filter_finish  (CbzOutbox            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void              cbz_outbox_decide_async        (CbzOutbox            *self,
                                                  CbzOutboxDecision     decision,
                                                  gint64                id,
                                                  const char           *reason,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          cbz_outbox_decide_finish       (CbzOutbox            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void              cbz_outbox_get_async           (CbzOutbox            *self,
                                                  gint64                id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
CbzOutboxMessage *cbz_outbox_get_finish          (CbzOutbox            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Takes a copy of @message; the finish function hands it back with its id
 * and state, *@inserted FALSE when its key was already there. */
void              cbz_outbox_enqueue_async       (CbzOutbox            *self,
                                                  const CbzOutboxMessage *message,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
CbzOutboxMessage *cbz_outbox_enqueue_finish      (CbzOutbox            *self,
                                                  GAsyncResult         *result,
                                                  gboolean             *inserted,
                                                  GError              **error);

/* Prepares today's reminder to @debtor_id by @channel through @provider with
 * template @template_name: the customer's overdue, undisputed invoices, the
 * company values from @company, rendered and keyed for the outbox (not yet
 * enqueued). When there is nothing to chase the finish function returns
 * NULL with *@skip saying why, and no error. */
void              cbz_outbox_prepare_reminder_async  (CbzOutbox             *self,
                                                      gint64                 debtor_id,
                                                      CbzChannel             channel,
                                                      const char            *provider,
                                                      const char            *template_name,
                                                      CbzOutboxCompanyFunc   company,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
CbzOutboxMessage *cbz_outbox_prepare_reminder_finish (CbzOutbox             *self,
                                                      GAsyncResult          *result,
                                                      char                 **skip,
                                                      GError               **error);

G_END_DECLS
