/* cbz-sender.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-outbox.h"
#include "cbz-provider.h"

G_BEGIN_DECLS

/*
 * CbzSender: drives the outbox with the providers. A run works on one of the
 * store's worker connections, on that worker's thread, with a main context
 * of its own for libsoup, so the caller's main loop never waits; signals are
 * emitted on the thread that started the run. Nothing opens the portfolio
 * file again.
 *
 * A run: takes a lock so only one sender works on a portfolio, reads replies
 * for opt-outs (providers that can list them), reconciles messages left in
 * "sending" by a previous run, then sends what is due with a per-provider
 * concurrency limit and token bucket, retrying temporary failures with
 * exponential backoff and jitter (or when the provider says), until nothing
 * is left or what is left waits longer than the maximum wait.
 *
 * Every instant (when a retry is due, the maximum wait, the reconcile and
 * poll delays, the token buckets) is the process's clock (cbz_now()). A run
 * that has to wait computes how long from the clock and looks at it again
 * at least once a second, so a clock set by hand (tests, --now) moves it
 * along; with no waiting allowed (maximum wait 0) it ends and leaves what
 * is not due yet for the next run.
 */

typedef struct
{
  guint sent;       /* accepted by the provider */
  guint failed;     /* failed for good, with a reason */
  guint unknown;    /* held: check before resending */
  guint dry_run;    /* rendered and recorded, not sent */
  guint retrying;   /* temporary failures waiting for their next attempt */
  guint opt_outs;   /* opt-out replies recorded */
  guint delivered;  /* earlier messages the provider now reports delivered */
  guint undelivered;/* earlier messages the provider could not deliver (now failed) */
  guint waiting;    /* still queued when the run ended (not yet due, or no account) */
} CbzSenderSummary;

#define CBZ_TYPE_SENDER (cbz_sender_get_type ())
G_DECLARE_FINAL_TYPE (CbzSender, cbz_sender, CBZ, SENDER, GObject)

/* @store: the portfolio, as opened on the calling thread; runs borrow one of
 * its worker connections. */
CbzSender *cbz_sender_new                 (CbzStore                 *store);
CbzStore  *cbz_sender_get_store           (CbzSender                *self);

/* The accounts to send with (copied; secrets stay in memory only). Messages
 * for a provider without an account stay queued. */
void       cbz_sender_add_account         (CbzSender                *self,
                                           const CbzProviderAccount *account);
/* Overrides the provider's documented limits: at most @concurrency requests
 * at once and @rate per second on average, bursts of @burst. 0 keeps the
 * default. */
void       cbz_sender_set_limits          (CbzSender                *self,
                                           const char               *provider,
                                           guint                     concurrency,
                                           double                    rate,
                                           double                    burst);
/* Every message taken is only rendered and recorded ("not sent (dry run)"). */
void       cbz_sender_set_dry_run         (CbzSender                *self,
                                           gboolean                  dry_run);
/* Backoff: first retry after about @base, doubling up to @cap (µs). */
void       cbz_sender_set_backoff         (CbzSender                *self,
                                           gint64                    base,
                                           gint64                    cap);
/* How long a run keeps waiting for messages that are not yet due (µs,
 * default 5 minutes); past it the run ends and they stay queued. */
void       cbz_sender_set_max_wait        (CbzSender                *self,
                                           gint64                    max_wait);
/* How long after an interrupted attempt to ask the provider whether it got
 * the message (µs, default 60 s): a request cut off mid-way may still be
 * processed for a moment. */
void       cbz_sender_set_reconcile_delay (CbzSender                *self,
                                           gint64                    delay);
/* How long after a provider accepts a message to ask it whether the message
 * was delivered (µs, default 60 s), where the provider can be asked; the
 * next questions come less and less often, for three days. A run asks
 * about what is due while it works; it does not wait for reports. */
void       cbz_sender_set_poll_delay      (CbzSender                *self,
                                           gint64                    delay);
/* Whether the run first reads inbound replies for opt-outs (default TRUE). */
void       cbz_sender_set_check_replies   (CbzSender                *self,
                                           gboolean                  check);

/* One provider whose queued messages have no account to go with. */
typedef struct
{
  char  *provider;    /* "twilio" */
  guint  n_messages;
  char  *reason;      /* why no account could be loaded, for a person */
} CbzSenderMissingAccount;

/* What cbz_sender_load_accounts_async() found. */
typedef struct
{
  guint64    n_queued;           /* every queued message */
  guint64    n_without_account;  /* of those, the ones that cannot go */
  GPtrArray *missing;            /* CbzSenderMissingAccount, by provider */
} CbzSenderAccounts;

void       cbz_sender_accounts_free       (CbzSenderAccounts        *accounts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzSenderAccounts, cbz_sender_accounts_free)

/* Before a run: reads which providers the queued messages need (on a worker
 * connection) and loads their accounts (environment, GSettings and the
 * keyring), adding each one found to the sender. In dry-run mode no
 * account is needed. */
void       cbz_sender_load_accounts_async (CbzSender                *self,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
CbzSenderAccounts *cbz_sender_load_accounts_finish (CbzSender       *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

void       cbz_sender_run_async           (CbzSender                *self,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
/* Cancelling stops taking new messages; requests already sent are waited
 * for, so nothing is left half-done. */
gboolean   cbz_sender_run_finish          (CbzSender                *self,
                                           GAsyncResult             *result,
                                           CbzSenderSummary         *summary,
                                           GError                  **error);

/* For the tests of the retry policy. */
gint64     cbz_sender_compute_retry_at    (CbzSender                *self,
                                           const CbzSendResult      *result,
                                           guint                     attempts,
                                           gint64                    now,
                                           double                    random01);

G_END_DECLS
