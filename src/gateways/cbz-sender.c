/* cbz-sender.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sender's settings and the start and end of a run: the lock, the
 * lanes, the messages an earlier run left in "sending", and the loop that
 * turns the run's main context on its worker connection's thread. Sending
 * itself is in cbz-sender-lanes.c.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "cbz-clock.h"
#include "cbz-sender-private.h"

#define DEFAULT_BACKOFF_BASE     (30 * G_TIME_SPAN_SECOND)
#define DEFAULT_BACKOFF_CAP      (30 * G_TIME_SPAN_MINUTE)
#define DEFAULT_MAX_WAIT         (5 * G_TIME_SPAN_MINUTE)
#define DEFAULT_RECONCILE_DELAY  (60 * G_TIME_SPAN_SECOND)
#define DEFAULT_POLL_DELAY       (60 * G_TIME_SPAN_SECOND)

static guint signals[CBZ_SENDER_N_SIGNALS];

G_DEFINE_FINAL_TYPE (CbzSender, cbz_sender, G_TYPE_OBJECT)

/* The lock */

static gboolean
take_lock (const char  *database_path,
           int         *fd_out,
           GError     **error)
{
  g_autofree char *path = g_strconcat (database_path, ".outbox-lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_BUSY,
                   _("Could not open the sending lock “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* The kernel drops the lock when the process dies, even by SIGKILL. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_BUSY,
                   _("Another Cobranza window or command is already sending messages from this portfolio"));
      return FALSE;
    }

  *fd_out = fd;
  return TRUE;
}

/* Signals, emitted on the thread that started the run */

typedef struct
{
  CbzSender      *sender;
  guint           signal_id;
  guint64         done;
  guint64         total;
  gint64          message_id;
  gint64          debtor_id;
  CbzOutboxState  state;
} Emission;

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->signal_id == signals[CBZ_SENDER_SIGNAL_PROGRESS])
    g_signal_emit (emission->sender, emission->signal_id, 0, emission->done, emission->total);
  else
    g_signal_emit (emission->sender, emission->signal_id, 0,
                   emission->message_id, emission->debtor_id, (int) emission->state);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->sender);
  g_free (emission);
}

static void
emit_in_owner (CbzSenderRun *run,
               Emission     *emission)
{
  emission->sender = g_object_ref (run->sender);
  g_main_context_invoke_full (run->owner_context, G_PRIORITY_DEFAULT, emit_cb, emission, emission_free);
}

void
_cbz_sender_emit_progress (CbzSenderRun *run)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = signals[CBZ_SENDER_SIGNAL_PROGRESS];
  emission->done = run->done;
  emission->total = run->total;
  emit_in_owner (run, emission);
}

void
_cbz_sender_emit_changed (CbzSenderRun           *run,
                          const CbzOutboxMessage *message)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = signals[CBZ_SENDER_SIGNAL_MESSAGE_CHANGED];
  emission->message_id = message->id;
  emission->debtor_id = message->debtor_id;
  emission->state = message->state;
  emit_in_owner (run, emission);
}

/* The run */

static gboolean
setup_run (CbzSenderRun  *run,
           GError       **error)
{
  CbzSender *self = run->sender;
  g_auto(GStrv) pending = NULL;
  g_autoptr(GPtrArray) sending = NULL;
  gint64 now = cbz_now ();
  gint64 n_pending;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      const CbzProviderAccount *account = g_ptr_array_index (self->accounts, i);
      CbzProvider *provider = cbz_provider_new_for_account (account, error);

      if (provider == NULL)
        return FALSE;
      g_hash_table_replace (run->lanes, g_strdup (account->provider),
                            _cbz_sender_lane_new (self, account->provider, provider));
    }

  /* Providers with work but no account: their dry runs can still be done. */
  pending = _cbz_outbox_pending_providers (run->outbox, error);
  if (pending == NULL)
    return FALSE;
  for (guint i = 0; pending[i] != NULL; i++)
    if (!g_hash_table_contains (run->lanes, pending[i]))
      g_hash_table_replace (run->lanes, g_strdup (pending[i]), _cbz_sender_lane_new (self, pending[i], NULL));

  /* We hold the lock: whatever is in "sending" was left by a run that ended
   * abruptly. Never resend it blindly. */
  sending = _cbz_outbox_list_sending (run->outbox, error);
  if (sending == NULL)
    return FALSE;
  for (guint i = 0; i < sending->len; i++)
    {
      CbzOutboxMessage *message = g_steal_pointer (&g_ptr_array_index (sending, i));

      _cbz_sender_add_orphan (run, message, MAX (now, message->sending_since + self->reconcile_delay));
    }

  n_pending = _cbz_outbox_count_pending (run->outbox, error);
  if (n_pending < 0)
    return FALSE;
  run->total = (guint64) n_pending;
  if (self->check_replies)
    _cbz_sender_check_replies (run);
  return TRUE;
}

static void
run_free (CbzSenderRun *run)
{
  /* A run that never started (the store refused the job) still has its
   * lanes; one that ran left nothing of its thread's behind. */
  g_assert (run->timer == NULL && run->outbox == NULL && run->store == NULL);

  g_clear_pointer (&run->lanes, g_hash_table_unref);
  g_clear_pointer (&run->settlements, g_ptr_array_unref);
  g_clear_pointer (&run->orphans, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->caller_cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->owner_context, g_main_context_unref);
  g_clear_error (&run->error);
  g_clear_object (&run->sender);
  g_free (run);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  CbzSenderRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  g_main_context_wakeup (run->context);
}

/* Turns the run's context until nothing is left to do or wait for. */
static void
turn (CbzSenderRun *run)
{
  gulong cancelled_id = 0;

  if (run->caller_cancellable != NULL)
    cancelled_id = g_cancellable_connect (run->caller_cancellable, G_CALLBACK (cancelled_cb), run, NULL);

  _cbz_sender_schedule_pump (run);
  while (!run->finished || run->in_flight > 0 || run->replies_pending > 0)
    {
      g_main_context_iteration (run->context, TRUE);
      /* Cancelled while waiting: wake the pump to wind down. */
      if (g_cancellable_is_cancelled (run->cancellable) && !run->finished && run->in_flight == 0)
        _cbz_sender_pump (run);
      if (run->finished && run->settlements->len > 0)
        _cbz_sender_commit_settlements (run);
    }

  if (run->caller_cancellable != NULL)
    g_cancellable_disconnect (run->caller_cancellable, cancelled_id);
}

/* The worker connection, the providers and their sessions belong to this
 * thread: all of it goes before the job returns. */
static void
tear_down (CbzSenderRun *run)
{
  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  g_clear_pointer (&run->lanes, g_hash_table_unref);
  g_clear_pointer (&run->orphans, g_ptr_array_unref);
  g_clear_object (&run->outbox);
  run->store = NULL;
  while (g_main_context_iteration (run->context, FALSE))
    ;
}

/* A store job: runs on a worker thread, on that worker's connection. */
static gboolean
run_work (CbzStore      *worker,
          gpointer       data,
          gpointer      *out_result,
          GCancellable  *cancellable,
          GError       **error)
{
  CbzSenderRun *run = data;
  gboolean ok = FALSE;
  int lock_fd = -1;

  g_main_context_push_thread_default (run->context);
  run->store = worker;
  run->outbox = cbz_outbox_new (worker);

  if (take_lock (cbz_store_get_path (worker), &lock_fd, error) && setup_run (run, error))
    {
      turn (run);
      /* Messages still in flight were waited for; what remains checkable is
       * either queued (not due) or an orphan left for the next run. */
      run->summary.waiting = (guint) MAX (0, _cbz_outbox_count_pending (run->outbox, NULL));
      ok = TRUE;
    }

  tear_down (run);
  g_main_context_pop_thread_default (run->context);
  if (lock_fd >= 0)
    close (lock_fd);

  if (!ok)
    return FALSE;
  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  if (g_cancellable_is_cancelled (run->caller_cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Sending was stopped; nothing was left half-sent"));
      return FALSE;
    }
  *out_result = g_memdup2 (&run->summary, sizeof run->summary);
  return TRUE;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gpointer summary = NULL;
  GError *error = NULL;

  if (!cbz_store_run_finish (CBZ_STORE (source), result, &summary, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, g_free);
}

/* GObject */

static void
cbz_sender_finalize (GObject *object)
{
  CbzSender *self = (CbzSender *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->limits, g_hash_table_unref);

  G_OBJECT_CLASS (cbz_sender_parent_class)->finalize (object);
}

static void
cbz_sender_class_init (CbzSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_sender_finalize;

  /**
   * CbzSender::progress:
   * @done: messages that reached a final state (or were held) in this run
   * @total: messages that were pending when the run started
   */
  signals[CBZ_SENDER_SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * CbzSender::message-changed:
   * @message_id: the outbox id
   * @debtor_id: the customer, whose timeline changed
   * @state: the new CbzOutboxState
   */
  signals[CBZ_SENDER_SIGNAL_MESSAGE_CHANGED] =
    g_signal_new ("message-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT);
}

static void
cbz_sender_init (CbzSender *self)
{
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_account_free);
  self->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->check_replies = TRUE;
  self->backoff_base = DEFAULT_BACKOFF_BASE;
  self->backoff_cap = DEFAULT_BACKOFF_CAP;
  self->max_wait = DEFAULT_MAX_WAIT;
  self->reconcile_delay = DEFAULT_RECONCILE_DELAY;
  self->poll_delay = DEFAULT_POLL_DELAY;
}

/* Public API */

/**
 * cbz_sender_new:
 * @store: the portfolio; each run borrows one of its worker connections
 *
 * Returns: (transfer full): a new sender
 */
CbzSender *
cbz_sender_new (CbzStore *store)
{
  CbzSender *self;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_SENDER, NULL);
  self->store = g_object_ref (store);
  return self;
}

CbzStore *
cbz_sender_get_store (CbzSender *self)
{
  g_return_val_if_fail (CBZ_IS_SENDER (self), NULL);
  return self->store;
}

void
cbz_sender_add_account (CbzSender                *self,
                        const CbzProviderAccount *account)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (account != NULL && account->provider != NULL);
  g_return_if_fail (!self->running);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      const CbzProviderAccount *other = g_ptr_array_index (self->accounts, i);
      if (g_str_equal (other->provider, account->provider))
        {
          g_ptr_array_remove_index (self->accounts, i);
          break;
        }
    }
  g_ptr_array_add (self->accounts, cbz_provider_account_copy (account));
}

void
cbz_sender_set_limits (CbzSender  *self,
                       const char *provider,
                       guint       concurrency,
                       double      rate,
                       double      burst)
{
  CbzSenderLimits *limits;

  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (provider != NULL);
  g_return_if_fail (!self->running);

  limits = g_new0 (CbzSenderLimits, 1);
  limits->concurrency = concurrency;
  limits->rate = rate;
  limits->burst = burst;
  g_hash_table_replace (self->limits, g_strdup (provider), limits);
}

void
cbz_sender_set_dry_run (CbzSender *self,
                        gboolean   dry_run)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);
  self->dry_run = !!dry_run;
}

void
cbz_sender_set_backoff (CbzSender *self,
                        gint64     base,
                        gint64     cap)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (base > 0 && cap >= base);
  g_return_if_fail (!self->running);
  self->backoff_base = base;
  self->backoff_cap = cap;
}

void
cbz_sender_set_max_wait (CbzSender *self,
                         gint64     max_wait)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);
  self->max_wait = MAX (max_wait, 0);
}

void
cbz_sender_set_reconcile_delay (CbzSender *self,
                                gint64     delay)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);
  self->reconcile_delay = MAX (delay, 0);
}

void
cbz_sender_set_poll_delay (CbzSender *self,
                           gint64     delay)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);
  self->poll_delay = MAX (delay, 0);
}

void
cbz_sender_set_check_replies (CbzSender *self,
                              gboolean   check)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (!self->running);
  self->check_replies = !!check;
}

/**
 * cbz_sender_compute_retry_at:
 * @self: a sender
 * @result: a temporary failure
 * @attempts: attempts made so far (1 after the first)
 * @now: the current time, µs since the epoch
 * @random01: the jitter draw, in [0, 1)
 *
 * A provider's hint (Retry-After, X-RateLimit-Reset) is followed as given
 * (at least one second); without one, exponential backoff with jitter.
 *
 * Returns: when to try again, µs since the epoch
 */
gint64
cbz_sender_compute_retry_at (CbzSender           *self,
                             const CbzSendResult *result,
                             guint                attempts,
                             gint64               now,
                             double               random01)
{
  gint64 backoff;

  g_return_val_if_fail (CBZ_IS_SENDER (self), now);
  g_return_val_if_fail (result != NULL, now);

  backoff = cbz_backoff_delay (MAX (attempts, 1), self->backoff_base, self->backoff_cap, random01);
  if (result->retry_after >= 0)
    {
      gint64 hinted = result->retry_after * G_USEC_PER_SEC;

      /* A hint of 0 still must not hammer the provider. */
      return now + MAX (hinted, G_USEC_PER_SEC);
    }
  return now + backoff;
}

void
cbz_sender_run_async (CbzSender           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  CbzSenderRun *run;

  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_sender_run_async);
  /* The run decides itself what to do when cancelled (finish what left). */
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_BUSY,
                               _("Messages are already being sent"));
      g_object_unref (task);
      return;
    }

  run = g_new0 (CbzSenderRun, 1);
  run->sender = g_object_ref (self);
  run->owner_context = g_main_context_ref_thread_default ();
  run->context = g_main_context_new ();
  run->cancellable = g_cancellable_new ();
  run->caller_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->lanes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _cbz_sender_lane_free);
  run->settlements = g_ptr_array_new_with_free_func ((GDestroyNotify) _cbz_sender_settlement_free);
  run->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) _cbz_sender_orphan_free);
  self->running = TRUE;

  /* Not cancellable from outside: cancelling winds the run down itself. */
  cbz_store_run_async (self->store, run_work, run, (GDestroyNotify) run_free, g_free,
                       NULL, run_done_cb, task);
}

gboolean
cbz_sender_run_finish (CbzSender         *self,
                       GAsyncResult      *result,
                       CbzSenderSummary  *summary,
                       GError           **error)
{
  g_autofree CbzSenderSummary *done = NULL;

  g_return_val_if_fail (CBZ_IS_SENDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = *done;
  return TRUE;
}
