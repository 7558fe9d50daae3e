/* cbz-sender-lanes.c: sending, one lane per provider
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pump of a run: claims due messages per provider within its
 * concurrency and token bucket, sends them, turns the answers into
 * settlements committed in batches, and decides when to wake next or end.
 * Every instant is the clock's (cbz_now()); only the timer that wakes the
 * pump counts real time, and it is computed from the clock each time.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-clock.h"
#include "cbz-sender-private.h"
#include "cbz-sms-encoding.h"

#define EXPIRY_CHECK_INTERVAL G_TIME_SPAN_SECOND

typedef struct
{
  CbzSenderRun     *run;
  CbzSenderLane    *lane;
  CbzOutboxMessage *message;
} Flight;

CbzSenderLane *
_cbz_sender_lane_new (CbzSender   *self,
                      const char  *id,
                      CbzProvider *provider)
{
  CbzSenderLane *lane = g_new0 (CbzSenderLane, 1);
  CbzSenderLimits *limits = g_hash_table_lookup (self->limits, id);
  double rate = provider != NULL ? cbz_provider_get_default_rate (provider) : 1000.0;
  double burst;

  lane->id = g_strdup (id);
  lane->provider = provider;
  lane->concurrency = provider != NULL ? cbz_provider_get_default_concurrency (provider) : 16;
  if (limits != NULL && limits->concurrency > 0)
    lane->concurrency = limits->concurrency;
  if (limits != NULL && limits->rate > 0)
    rate = limits->rate;
  if (rate <= 0)
    rate = 1.0;
  burst = limits != NULL && limits->burst > 0 ? limits->burst : MAX (1.0, MIN (rate, (double) lane->concurrency));
  lane->concurrency = MAX (lane->concurrency, 1);
  cbz_token_bucket_init (&lane->bucket, rate, burst, cbz_now ());
  return lane;
}

void
_cbz_sender_lane_free (CbzSenderLane *lane)
{
  g_clear_object (&lane->provider);
  g_free (lane->id);
  g_free (lane);
}

void
_cbz_sender_settlement_free (CbzSenderSettlement *settlement)
{
  cbz_outbox_message_free (settlement->message);
  g_free (settlement->provider_message_id);
  g_free (settlement->reason);
  g_free (settlement);
}

static void
count_outcome (CbzSenderRun   *run,
               CbzOutboxState  state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
      run->summary.sent++;
      break;
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_CANCELLED:
      run->summary.failed++;
      break;
    case CBZ_OUTBOX_STATE_UNKNOWN:
      run->summary.unknown++;
      break;
    case CBZ_OUTBOX_STATE_DRY_RUN:
      run->summary.dry_run++;
      break;
    case CBZ_OUTBOX_STATE_QUEUED:
      run->summary.retrying++;
      return;
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_N_STATES:
    default:
      return;
    }
  run->done++;
}

void
_cbz_sender_fail_run (CbzSenderRun *run,
                      GError       *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_cancellable_cancel (run->cancellable);
}

/* Batched commits: every result that arrived during one main-loop iteration
 * goes to disk in one transaction. */
gboolean
_cbz_sender_commit_settlements (CbzSenderRun *run)
{
  g_autoptr(GPtrArray) batch = NULL;
  GError *error = NULL;

  if (run->settlements->len == 0)
    return TRUE;

  batch = g_steal_pointer (&run->settlements);
  run->settlements = g_ptr_array_new_with_free_func ((GDestroyNotify) _cbz_sender_settlement_free);

  if (!cbz_store_begin (run->store, &error))
    {
      _cbz_sender_fail_run (run, error);
      return FALSE;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      CbzSenderSettlement *settlement = g_ptr_array_index (batch, i);

      if (!_cbz_outbox_transition (run->outbox, settlement->message, settlement->state,
                                   settlement->provider_message_id, settlement->reason,
                                   settlement->next_attempt_at, &error))
        {
          cbz_store_rollback (run->store);
          _cbz_sender_fail_run (run, error);
          return FALSE;
        }
    }

  if (!cbz_store_commit (run->store, &error))
    {
      cbz_store_rollback (run->store);
      _cbz_sender_fail_run (run, error);
      return FALSE;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      CbzSenderSettlement *settlement = g_ptr_array_index (batch, i);

      if (!settlement->follow_up)
        count_outcome (run, settlement->state);
      else if (settlement->state == CBZ_OUTBOX_STATE_DELIVERED)
        run->summary.delivered++;
      else if (settlement->state == CBZ_OUTBOX_STATE_FAILED)
        run->summary.undelivered++;
      _cbz_sender_emit_changed (run, settlement->message);
    }
  _cbz_sender_emit_progress (run);
  return TRUE;
}

CbzSenderSettlement *
_cbz_sender_settle (CbzSenderRun     *run,
                    CbzOutboxMessage *message,
                    CbzOutboxState    state,
                    const char       *provider_message_id,
                    const char       *reason,
                    gint64            next_attempt_at)
{
  CbzSenderSettlement *settlement = g_new0 (CbzSenderSettlement, 1);

  settlement->message = message;
  settlement->state = state;
  settlement->provider_message_id = g_strdup (provider_message_id);
  settlement->reason = g_strdup (reason);
  settlement->next_attempt_at = next_attempt_at;
  g_ptr_array_add (run->settlements, settlement);
  _cbz_sender_schedule_pump (run);
  return settlement;
}

gint64
_cbz_sender_first_poll_at (CbzSenderRun *run,
                           const char   *provider_id,
                           gint64        now)
{
  CbzSenderLane *lane = g_hash_table_lookup (run->lanes, provider_id);

  if (lane == NULL || lane->provider == NULL || !cbz_provider_supports_status_polling (lane->provider))
    return G_MAXINT64;
  return now + run->sender->poll_delay;
}

static gboolean
is_ambiguous (CbzFailureCode failure)
{
  /* The request may have reached the provider: a timeout, a connection cut
   * after sending, an answer we could not read. */
  switch (failure)
    {
    case CBZ_FAILURE_TIMEOUT:
    case CBZ_FAILURE_NETWORK:
    case CBZ_FAILURE_MALFORMED_RESPONSE:
      return TRUE;
    case CBZ_FAILURE_NONE:
    case CBZ_FAILURE_BAD_CREDENTIALS:
    case CBZ_FAILURE_FORBIDDEN:
    case CBZ_FAILURE_INVALID_NUMBER:
    case CBZ_FAILURE_NOT_MOBILE:
    case CBZ_FAILURE_OPTED_OUT:
    case CBZ_FAILURE_TEMPLATE_NOT_APPROVED:
    case CBZ_FAILURE_TEMPLATE_MISMATCH:
    case CBZ_FAILURE_OUTSIDE_WINDOW:
    case CBZ_FAILURE_UNDELIVERABLE:
    case CBZ_FAILURE_TOO_LARGE:
    case CBZ_FAILURE_INVALID_REQUEST:
    case CBZ_FAILURE_UNSUPPORTED:
    case CBZ_FAILURE_INSECURE_URL:
    case CBZ_FAILURE_RATE_LIMITED:
    case CBZ_FAILURE_SERVER_ERROR:
    case CBZ_FAILURE_UNKNOWN:
    default:
      return FALSE;
    }
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

/* A temporary failure: again after the backoff, or failed for good when
 * that would be past the message's expiry. */
static void
settle_temporary (CbzSenderRun        *run,
                  CbzOutboxMessage    *message,
                  const CbzSendResult *outcome,
                  gint64               now)
{
  CbzSender *self = run->sender;
  gint64 retry_at = cbz_sender_compute_retry_at (self, outcome, message->attempts, now, g_random_double ());

  if (outcome->failure == CBZ_FAILURE_RATE_LIMITED && outcome->retry_after >= 0)
    {
      CbzSenderLane *lane = g_hash_table_lookup (run->lanes, message->provider);

      if (lane != NULL)
        cbz_token_bucket_block_until (&lane->bucket, now + outcome->retry_after * G_USEC_PER_SEC);
    }

  if (retry_at > message->expires_at)
    {
      g_autofree char *reason =
        /* Translators: %u attempts, then the provider's answer. */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gave up after %u attempt: %s",
                                      "Gave up after %u attempts: %s", message->attempts),
                         message->attempts, outcome->reason);

      _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, now);
    }
  else
    {
      g_autofree char *when = format_time (retry_at);
      g_autofree char *reason =
        /* Translators: first %s is a date and time, second the provider's answer. */
        g_strdup_printf (_("Will try again at %s: %s"), when, outcome->reason);

      _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_QUEUED, NULL, reason, retry_at);
    }
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Flight *flight = user_data;
  CbzSenderRun *run = flight->run;
  CbzSender *self = run->sender;
  CbzOutboxMessage *message = g_steal_pointer (&flight->message);
  g_autoptr(CbzSendResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = cbz_now ();

  outcome = cbz_provider_send_finish (CBZ_PROVIDER (source), result, &error);
  flight->lane->in_flight--;
  run->in_flight--;
  g_free (flight);

  if (outcome == NULL)
    {
      /* Only cancellation; the request may have left: check it later. */
      _cbz_sender_add_orphan (run, message, now + self->reconcile_delay);
      _cbz_sender_schedule_pump (run);
      return;
    }

  switch (outcome->outcome)
    {
    case CBZ_SEND_ACCEPTED:
      _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_SENT, outcome->provider_message_id, NULL,
                          _cbz_sender_first_poll_at (run, message->provider, now));
      break;

    case CBZ_SEND_PERMANENT_FAILURE:
      _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, outcome->reason, now);
      break;

    case CBZ_SEND_TEMPORARY_FAILURE:
    default:
      if (is_ambiguous (outcome->failure))
        {
          CbzSenderLane *lane = g_hash_table_lookup (run->lanes, message->provider);

          if (lane != NULL && lane->provider != NULL && cbz_provider_supports_listing (lane->provider))
            _cbz_sender_add_orphan (run, message, now + self->reconcile_delay);
          else
            {
              g_autofree char *reason = _cbz_sender_unknown_reason (outcome->reason);

              _cbz_sender_settle (run, message, CBZ_OUTBOX_STATE_UNKNOWN, NULL, reason, now);
            }
        }
      else
        settle_temporary (run, message, outcome, now);
      break;
    }
}

static CbzOutgoingMessage *
build_outgoing (const CbzOutboxMessage *message)
{
  CbzOutgoingMessage *outgoing = cbz_outgoing_message_new (message->channel, message->recipient,
                                                           message->body);

  outgoing->subject = g_strdup (message->subject);
  outgoing->html = g_strdup (message->html);
  if (message->wa_template != NULL)
    cbz_outgoing_message_set_template (outgoing, message->wa_template, message->wa_language,
                                       (const char * const *) message->wa_params);
  outgoing->reference = g_strdup_printf ("cobranza-outbox-%" G_GINT64_FORMAT, message->id);
  return outgoing;
}

static void
start_send (CbzSenderRun     *run,
            CbzSenderLane    *lane,
            CbzOutboxMessage *message)
{
  g_autoptr(CbzOutgoingMessage) outgoing = build_outgoing (message);
  Flight *flight = g_new0 (Flight, 1);

  flight->run = run;
  flight->lane = lane;
  flight->message = message;
  lane->in_flight++;
  run->in_flight++;
  /* No cancellable: a request that left is seen through to its answer. */
  cbz_provider_send_async (lane->provider, outgoing, NULL, send_done_cb, flight);
}

/* The pump */

static gboolean
timer_cb (gpointer data)
{
  CbzSenderRun *run = data;

  g_clear_pointer (&run->timer, g_source_unref);
  _cbz_sender_pump (run);
  return G_SOURCE_REMOVE;
}

static gboolean
pump_idle_cb (gpointer data)
{
  CbzSenderRun *run = data;

  run->pump_queued = FALSE;
  _cbz_sender_pump (run);
  return G_SOURCE_REMOVE;
}

void
_cbz_sender_schedule_pump (CbzSenderRun *run)
{
  GSource *source;

  if (run->pump_queued || run->finished)
    return;
  run->pump_queued = TRUE;
  source = g_idle_source_new ();
  g_source_set_callback (source, pump_idle_cb, run, NULL);
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* Wakes the pump at the clock's @wake_at, or sooner to look at the clock
 * again (see CBZ_SENDER_MAX_TIMER_INTERVAL). */
static void
arm_timer (CbzSenderRun *run,
           gint64        wake_at)
{
  gint64 delay = wake_at == G_MAXINT64 ? CBZ_SENDER_MAX_TIMER_INTERVAL : wake_at - cbz_now ();

  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  delay = CLAMP (delay, 1000, CBZ_SENDER_MAX_TIMER_INTERVAL);
  run->timer = g_timeout_source_new ((guint) (delay / 1000));
  g_source_set_callback (run->timer, timer_cb, run, NULL);
  g_source_attach (run->timer, run->context);
}

/* Takes tokens for the lane's free slots; when the bucket is dry, notes
 * when it has one again. */
static guint
take_tokens (CbzSenderLane *lane,
             guint          wanted,
             gint64         now,
             gint64        *next_wake)
{
  guint tokens = 0;

  lane->ready_at = 0;
  while (tokens < wanted)
    {
      gint64 wait = cbz_token_bucket_take (&lane->bucket, now);

      if (wait > 0)
        {
          lane->ready_at = now + wait;
          *next_wake = MIN (*next_wake, lane->ready_at);
          break;
        }
      tokens++;
    }
  return tokens;
}

static void
fill_lane (CbzSenderRun  *run,
           CbzSenderLane *lane,
           gint64         now,
           gint64        *next_wake)
{
  CbzSender *self = run->sender;
  gboolean only_dry_runs = lane->provider == NULL && !self->dry_run;

  while (lane->in_flight < lane->concurrency && !g_cancellable_is_cancelled (run->cancellable))
    {
      g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
      g_autoptr(GPtrArray) settled = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
      guint tokens = take_tokens (lane, lane->concurrency - lane->in_flight, now, next_wake);
      GError *error = NULL;

      if (tokens == 0)
        return;

      if (!_cbz_outbox_claim (run->outbox, lane->id, tokens, self->dry_run || lane->provider == NULL,
                              only_dry_runs, now, claimed, settled, &error))
        {
          _cbz_sender_fail_run (run, error);
          return;
        }

      /* Unused tokens go back: the bucket only pays for real requests. */
      lane->bucket.tokens = MIN (lane->bucket.burst, lane->bucket.tokens + (tokens - claimed->len));
      for (guint i = 0; i < settled->len; i++)
        {
          CbzOutboxMessage *message = g_ptr_array_index (settled, i);

          count_outcome (run, message->state);
          _cbz_sender_emit_changed (run, message);
        }
      if (settled->len > 0)
        _cbz_sender_emit_progress (run);

      for (guint i = 0; i < claimed->len; i++)
        {
          CbzOutboxMessage *message = g_ptr_array_index (claimed, i);

          /* Carriers count SMS parts: a three-part reminder costs three. */
          if (message->channel == CBZ_CHANNEL_SMS && message->wa_template == NULL)
            {
              CbzSmsCount count;

              cbz_sms_count (message->body, &count);
              if (count.parts > 1)
                cbz_token_bucket_charge (&lane->bucket, count.parts - 1);
            }
          start_send (run, lane, g_steal_pointer (&g_ptr_array_index (claimed, i)));
        }

      if (claimed->len + settled->len < tokens)
        return;
    }
}

/* Whether a lane has queued work it can do, and when the first of it is
 * due (no earlier than its bucket has a token). */
static gboolean
lanes_have_work (CbzSenderRun *run,
                 gint64       *next_due)
{
  GHashTableIter iter;
  CbzSenderLane *lane;
  gboolean work = FALSE;

  g_hash_table_iter_init (&iter, run->lanes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lane))
    {
      gint64 due = _cbz_outbox_next_due (run->outbox, lane->id, NULL);

      if (due == G_MAXINT64)
        continue;
      if (lane->provider == NULL && !run->sender->dry_run)
        continue; /* only its dry runs could go; fill_lane took them */
      work = TRUE;
      *next_due = MIN (*next_due, MAX (due, lane->ready_at));
    }
  return work;
}

static void
finish_run (CbzSenderRun *run)
{
  run->finished = TRUE;
  g_main_context_wakeup (run->context);
}

static void
fail_expired (CbzSenderRun *run,
              gint64        now)
{
  guint n_failed = 0;
  GError *error = NULL;

  if (now - run->last_expiry_check < EXPIRY_CHECK_INTERVAL)
    return;
  run->last_expiry_check = now;
  if (!_cbz_outbox_fail_expired (run->outbox, now, &n_failed, &error))
    {
      _cbz_sender_fail_run (run, error);
      return;
    }
  if (n_failed > 0)
    {
      run->summary.failed += n_failed;
      run->done += n_failed;
      _cbz_sender_emit_progress (run);
    }
}

void
_cbz_sender_pump (CbzSenderRun *run)
{
  CbzSender *self = run->sender;
  gint64 now = cbz_now ();
  gint64 next_wake = G_MAXINT64;
  gint64 next_due = G_MAXINT64;
  GHashTableIter iter;
  CbzSenderLane *lane;

  if (run->finished)
    return;

  if (!_cbz_sender_commit_settlements (run))
    {
      if (run->in_flight == 0)
        finish_run (run);
      return;
    }

  if (run->replies_pending > 0)
    {
      /* Opt-outs first: a STOP that arrived must block the next message. */
      arm_timer (run, next_wake);
      return;
    }

  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      fail_expired (run, now);
      if (run->error != NULL)
        return;

      _cbz_sender_check_orphans (run, now, &next_wake);

      g_hash_table_iter_init (&iter, run->lanes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lane))
        {
          fill_lane (run, lane, now, &next_wake);
          /* Sending first; spare slots ask about earlier messages. */
          _cbz_sender_poll_lane (run, lane, now);
        }

      /* Results of claims that settled at once (opt-outs, dry runs). */
      if (run->settlements->len > 0)
        {
          _cbz_sender_schedule_pump (run);
          return;
        }
    }

  if (run->in_flight > 0)
    {
      arm_timer (run, next_wake);
      return;
    }

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      finish_run (run);
      return;
    }

  for (guint i = 0; i < run->orphans->len; i++)
    next_due = MIN (next_due, ((CbzSenderOrphan *) g_ptr_array_index (run->orphans, i))->check_at);
  if (!lanes_have_work (run, &next_due) && run->orphans->len == 0)
    {
      finish_run (run);
      return;
    }
  /* What is left waits longer than the run may: it stays for the next. */
  if (next_due - now > self->max_wait)
    {
      finish_run (run);
      return;
    }
  arm_timer (run, MIN (next_wake, next_due));
}
