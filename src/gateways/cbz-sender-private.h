/* cbz-sender-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of CbzSender share: the sender's settings, and one run's
 * state with the functions that move it along. A run lives on one worker
 * thread of the store (cbz-sender.c starts it); cbz-sender-lanes.c sends
 * and commits, cbz-sender-reconcile.c settles messages an earlier run left
 * in "sending", cbz-sender-poll.c asks about deliveries and reads replies.
 * cbz-sender-accounts.c loads the accounts before a run.
 */

#pragma once

#include "cbz-outbox-private.h"
#include "cbz-rate-limit.h"
#include "cbz-sender.h"

G_BEGIN_DECLS

/* How often a waiting run looks at the clock again (µs of real time): a
 * clock set by hand (--now, tests) moves without telling anyone. */
#define CBZ_SENDER_MAX_TIMER_INTERVAL G_TIME_SPAN_SECOND

typedef struct
{
  guint  concurrency;
  double rate;
  double burst;
} CbzSenderLimits;

struct _CbzSender
{
  GObject     parent_instance;

  CbzStore   *store;
  GPtrArray  *accounts;     /* CbzProviderAccount */
  GHashTable *limits;       /* provider id -> CbzSenderLimits */
  gboolean    dry_run;
  gboolean    check_replies;
  gint64      backoff_base;
  gint64      backoff_cap;
  gint64      max_wait;
  gint64      reconcile_delay;
  gint64      poll_delay;
  gboolean    running;
};

enum {
  CBZ_SENDER_SIGNAL_PROGRESS,
  CBZ_SENDER_SIGNAL_MESSAGE_CHANGED,
  CBZ_SENDER_N_SIGNALS
};

/* One provider's pipe: its client, its limits, what it has in flight. */
typedef struct
{
  char           *id;
  CbzProvider    *provider;   /* NULL: no account, only dry runs go through */
  guint           concurrency;
  guint           in_flight;
  CbzTokenBucket  bucket;     /* on the clock's time */
  gint64          ready_at;   /* when the bucket has a token again; 0: now */
  gint64          last_poll_check;
} CbzSenderLane;

/* A result waiting for the next batched commit. */
typedef struct
{
  CbzOutboxMessage *message;
  CbzOutboxState    state;
  char             *provider_message_id;
  char             *reason;
  gint64            next_attempt_at;
  gboolean          follow_up;  /* a delivery report on a message already counted */
} CbzSenderSettlement;

/* A message left in "sending" (by a crash, or by a request cut off mid-way)
 * to be checked with the provider once @check_at has passed. */
typedef struct
{
  CbzOutboxMessage *message;
  gint64            check_at;
  gboolean          checking;
} CbzSenderOrphan;

/* Everything of one run; lives on the run's thread only, but for the
 * settings read from the sender (set before the run, not changed during). */
typedef struct
{
  CbzSender        *sender;
  GMainContext     *owner_context;
  GMainContext     *context;
  GCancellable     *cancellable;   /* the run's own: cancelling stops taking */
  GCancellable     *caller_cancellable;
  CbzStore         *store;         /* a worker connection, while the run lasts */
  CbzOutbox        *outbox;
  GHashTable       *lanes;          /* id -> CbzSenderLane */
  GPtrArray        *settlements;    /* CbzSenderSettlement */
  GPtrArray        *orphans;        /* CbzSenderOrphan */
  GSource          *timer;
  gboolean          pump_queued;
  gboolean          finished;
  guint             in_flight;
  guint             replies_pending;
  gint64            last_expiry_check;
  guint64           total;
  guint64           done;
  CbzSenderSummary  summary;
  GError           *error;
} CbzSenderRun;

/* cbz-sender.c */
void     _cbz_sender_emit_progress      (CbzSenderRun            *run);
void     _cbz_sender_emit_changed       (CbzSenderRun            *run,
                                         const CbzOutboxMessage  *message);

/* cbz-sender-lanes.c */
CbzSenderLane *_cbz_sender_lane_new     (CbzSender               *self,
                                         const char              *id,
                                         CbzProvider             *provider);
void     _cbz_sender_lane_free          (CbzSenderLane           *lane);
void     _cbz_sender_settlement_free    (CbzSenderSettlement     *settlement);
/* Queues @message's new state for the next batched commit (taking
 * @message); the settlement is returned for marking follow-ups. */
CbzSenderSettlement *_cbz_sender_settle (CbzSenderRun            *run,
                                         CbzOutboxMessage        *message,
                                         CbzOutboxState           state,
                                         const char              *provider_message_id,
                                         const char              *reason,
                                         gint64                   next_attempt_at);
/* Ends the run with @error (taken) once what is in flight came back. */
void     _cbz_sender_fail_run           (CbzSenderRun            *run,
                                         GError                  *error);
/* Commits the waiting settlements in one transaction. */
gboolean _cbz_sender_commit_settlements (CbzSenderRun            *run);
void     _cbz_sender_schedule_pump      (CbzSenderRun            *run);
void     _cbz_sender_pump               (CbzSenderRun            *run);
/* When to first ask the provider whether a message it accepted arrived. */
gint64   _cbz_sender_first_poll_at      (CbzSenderRun            *run,
                                         const char              *provider_id,
                                         gint64                   now);

/* cbz-sender-reconcile.c */
void     _cbz_sender_orphan_free        (CbzSenderOrphan         *orphan);
void     _cbz_sender_add_orphan         (CbzSenderRun            *run,
                                         CbzOutboxMessage        *message,
                                         gint64                   check_at);
/* Why a message is held as unknown; @detail (the provider's or the
 * connection's words) may be NULL. (transfer full) */
char    *_cbz_sender_unknown_reason     (const char              *detail);
/* Asks the providers about the orphans whose time came; the earliest of
 * the others lowers *@next_due. */
void     _cbz_sender_check_orphans      (CbzSenderRun            *run,
                                         gint64                   now,
                                         gint64                  *next_due);

/* cbz-sender-poll.c */
/* Asks @lane's provider about the delivery of messages it accepted, in the
 * lane's spare slots. */
void     _cbz_sender_poll_lane          (CbzSenderRun            *run,
                                         CbzSenderLane           *lane,
                                         gint64                   now);
/* Reads the providers' inbound replies for opt-outs. */
void     _cbz_sender_check_replies      (CbzSenderRun            *run);

G_END_DECLS
