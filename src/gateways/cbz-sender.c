/* cbz-sender.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cbz-opt-out.h"
#include "cbz-outbox-private.h"
#include "cbz-rate-limit.h"
#include "cbz-sender.h"
#include "cbz-sms-encoding.h"

#define DEFAULT_BACKOFF_BASE     (30 * G_TIME_SPAN_SECOND)
#define DEFAULT_BACKOFF_CAP      (30 * G_TIME_SPAN_MINUTE)
#define DEFAULT_MAX_WAIT         (5 * G_TIME_SPAN_MINUTE)
#define DEFAULT_RECONCILE_DELAY  (60 * G_TIME_SPAN_SECOND)
#define DEFAULT_POLL_DELAY       (60 * G_TIME_SPAN_SECOND)
#define POLL_CHECK_INTERVAL      G_TIME_SPAN_SECOND
#define EXPIRY_CHECK_INTERVAL    G_TIME_SPAN_SECOND
#define MAX_TIMER_INTERVAL       G_TIME_SPAN_SECOND

typedef struct
{
  guint  concurrency;
  double rate;
  double burst;
} Limits;

struct _CbzSender
{
  GObject     parent_instance;

  char       *database_path;
  GPtrArray  *accounts;     /* CbzProviderAccount */
  GHashTable *limits;       /* provider id -> Limits */
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
  PROGRESS,
  MESSAGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CbzSender, cbz_sender, G_TYPE_OBJECT)

/* One provider's pipe: its client, its limits, what it has in flight. */
typedef struct
{
  char           *id;
  CbzProvider    *provider;   /* NULL: no account, only dry runs go through */
  guint           concurrency;
  guint           in_flight;
  CbzTokenBucket  bucket;
  gint64          last_poll_check;
} Lane;

/* A result waiting for the next batched commit. */
typedef struct
{
  CbzOutboxMessage *message;
  CbzOutboxState    state;
  char             *provider_message_id;
  char             *reason;
  gint64            next_attempt_at;
  gboolean          follow_up;  /* a delivery report on a message already counted */
} Settlement;

/* A message left in "sending" (by a crash, or by a request cut off mid-way)
 * to be checked with the provider once @check_at has passed. */
typedef struct
{
  CbzOutboxMessage *message;
  gint64            check_at;
  gboolean          checking;
} Orphan;

/* Everything of one run; lives on the run's thread only. */
typedef struct
{
  CbzSender        *sender;
  GMainContext     *owner_context;
  GMainContext     *context;
  GCancellable     *cancellable;
  CbzStore         *store;
  CbzOutbox        *outbox;
  GHashTable       *lanes;          /* id -> Lane */
  GPtrArray        *settlements;    /* Settlement */
  GPtrArray        *orphans;        /* Orphan */
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
  int               lock_fd;
} Run;

typedef struct
{
  Run              *run;
  Lane             *lane;
  CbzOutboxMessage *message;
} Flight;

static void pump          (Run *run);
static void schedule_pump (Run *run);

/* Helpers */

static void
lane_free (Lane *lane)
{
  g_clear_object (&lane->provider);
  g_free (lane->id);
  g_free (lane);
}

static void
settlement_free (Settlement *settlement)
{
  cbz_outbox_message_free (settlement->message);
  g_free (settlement->provider_message_id);
  g_free (settlement->reason);
  g_free (settlement);
}

static void
orphan_free (Orphan *orphan)
{
  cbz_outbox_message_free (orphan->message);
  g_free (orphan);
}

static gint64
now_usec (void)
{
  return g_get_real_time ();
}

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

/* Signals are emitted on the thread that started the run. */
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

  if (emission->signal_id == signals[PROGRESS])
    g_signal_emit (emission->sender, signals[PROGRESS], 0, emission->done, emission->total);
  else
    g_signal_emit (emission->sender, signals[MESSAGE_CHANGED], 0,
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
emit_in_owner (Run      *run,
               Emission *emission)
{
  emission->sender = g_object_ref (run->sender);
  g_main_context_invoke_full (run->owner_context, G_PRIORITY_DEFAULT, emit_cb, emission, emission_free);
}

static void
emit_progress (Run *run)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = signals[PROGRESS];
  emission->done = run->done;
  emission->total = run->total;
  emit_in_owner (run, emission);
}

static void
emit_changed (Run                    *run,
              const CbzOutboxMessage *message)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = signals[MESSAGE_CHANGED];
  emission->message_id = message->id;
  emission->debtor_id = message->debtor_id;
  emission->state = message->state;
  emit_in_owner (run, emission);
}

static void
count_outcome (Run            *run,
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

static void
fail_run (Run    *run,
          GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_cancellable_cancel (run->cancellable);
}

/* Batched commits: every result that arrived during one main-loop iteration
 * goes to disk in one transaction. */
static gboolean
commit_settlements (Run *run)
{
  g_autoptr(GPtrArray) batch = NULL;
  GError *error = NULL;

  if (run->settlements->len == 0)
    return TRUE;

  batch = g_steal_pointer (&run->settlements);
  run->settlements = g_ptr_array_new_with_free_func ((GDestroyNotify) settlement_free);

  if (!cbz_store_begin (run->store, &error))
    {
      fail_run (run, error);
      return FALSE;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Settlement *settlement = g_ptr_array_index (batch, i);

      if (!_cbz_outbox_transition (run->outbox, settlement->message, settlement->state,
                                   settlement->provider_message_id, settlement->reason,
                                   settlement->next_attempt_at, &error))
        {
          cbz_store_rollback (run->store);
          fail_run (run, error);
          return FALSE;
        }
    }

  if (!cbz_store_commit (run->store, &error))
    {
      fail_run (run, error);
      return FALSE;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Settlement *settlement = g_ptr_array_index (batch, i);

      if (!settlement->follow_up)
        count_outcome (run, settlement->state);
      else if (settlement->state == CBZ_OUTBOX_STATE_DELIVERED)
        run->summary.delivered++;
      else if (settlement->state == CBZ_OUTBOX_STATE_FAILED)
        run->summary.undelivered++;
      emit_changed (run, settlement->message);
    }
  emit_progress (run);
  return TRUE;
}

static Settlement *
settle (Run              *run,
        CbzOutboxMessage *message,
        CbzOutboxState    state,
        const char       *provider_message_id,
        const char       *reason,
        gint64            next_attempt_at)
{
  Settlement *settlement = g_new0 (Settlement, 1);

  settlement->message = message;
  settlement->state = state;
  settlement->provider_message_id = g_strdup (provider_message_id);
  settlement->reason = g_strdup (reason);
  settlement->next_attempt_at = next_attempt_at;
  g_ptr_array_add (run->settlements, settlement);
  schedule_pump (run);
  return settlement;
}

/* When to first ask the provider whether a message it accepted arrived. */
static gint64
first_poll_at (Run         *run,
               const char  *provider_id,
               gint64       now)
{
  Lane *lane = g_hash_table_lookup (run->lanes, provider_id);

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

static const char *
unknown_reason (void)
{
  return _("Cobranza stopped (or the connection broke) while this message was being sent, "
           "and the provider cannot tell whether it arrived. Check with the customer or in "
           "the provider’s console before resending.");
}

static void
add_orphan (Run              *run,
            CbzOutboxMessage *message,
            gint64            check_at)
{
  Orphan *orphan = g_new0 (Orphan, 1);

  orphan->message = message;
  orphan->check_at = check_at;
  g_ptr_array_add (run->orphans, orphan);
}

/* Removes @orphan from the run and hands back its message. */
static CbzOutboxMessage *
take_orphan (Run    *run,
             Orphan *orphan)
{
  CbzOutboxMessage *message = g_steal_pointer (&orphan->message);
  guint index;

  if (g_ptr_array_find (run->orphans, orphan, &index))
    g_ptr_array_remove_index_fast (run->orphans, index);
  return message;
}

/* Sending */

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Flight *flight = user_data;
  Run *run = flight->run;
  CbzSender *self = run->sender;
  CbzOutboxMessage *message = g_steal_pointer (&flight->message);
  g_autoptr(CbzSendResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_usec ();

  outcome = cbz_provider_send_finish (CBZ_PROVIDER (source), result, &error);
  flight->lane->in_flight--;
  run->in_flight--;
  g_free (flight);

  if (outcome == NULL)
    {
      /* Only cancellation; the request may have left: check it later. */
      add_orphan (run, message, now + self->reconcile_delay);
      schedule_pump (run);
      return;
    }

  switch (outcome->outcome)
    {
    case CBZ_SEND_ACCEPTED:
      settle (run, message, CBZ_OUTBOX_STATE_SENT, outcome->provider_message_id, NULL,
              first_poll_at (run, message->provider, now));
      break;

    case CBZ_SEND_PERMANENT_FAILURE:
      settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, outcome->reason, now);
      break;

    case CBZ_SEND_TEMPORARY_FAILURE:
    default:
      if (is_ambiguous (outcome->failure))
        {
          Lane *lane = g_hash_table_lookup (run->lanes, message->provider);

          if (lane != NULL && lane->provider != NULL && cbz_provider_supports_listing (lane->provider))
            add_orphan (run, message, now + self->reconcile_delay);
          else
            {
              g_autofree char *reason = g_strdup_printf ("%s (%s)", unknown_reason (), outcome->reason);
              settle (run, message, CBZ_OUTBOX_STATE_UNKNOWN, NULL, reason, now);
            }
        }
      else
        {
          gint64 retry_at = cbz_sender_compute_retry_at (self, outcome, message->attempts, now,
                                                         g_random_double ());

          if (outcome->failure == CBZ_FAILURE_RATE_LIMITED && outcome->retry_after >= 0)
            {
              Lane *lane = g_hash_table_lookup (run->lanes, message->provider);

              if (lane != NULL)
                cbz_token_bucket_block_until (&lane->bucket,
                                              g_get_monotonic_time () + outcome->retry_after * G_USEC_PER_SEC);
            }

          if (retry_at > message->expires_at)
            {
              g_autofree char *reason =
                g_strdup_printf (_("Gave up after %u attempts: %s"), message->attempts, outcome->reason);
              settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, now);
            }
          else
            {
              g_autofree char *when = format_time (retry_at);
              g_autofree char *reason =
                /* Translators: first %s is a date and time, second the provider's answer. */
                g_strdup_printf (_("Will try again at %s: %s"), when, outcome->reason);
              settle (run, message, CBZ_OUTBOX_STATE_QUEUED, NULL, reason, retry_at);
            }
        }
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
start_send (Run              *run,
            Lane             *lane,
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

/* Reconciliation */

static gboolean
same_number (const char *a,
             const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  if (g_str_has_prefix (a, "whatsapp:"))
    a += strlen ("whatsapp:");
  if (g_str_has_prefix (b, "whatsapp:"))
    b += strlen ("whatsapp:");
  return g_str_equal (a, b);
}

static gboolean
same_body (const char *provider_body,
           const char *our_body)
{
  if (provider_body == NULL || our_body == NULL)
    return FALSE;
  /* Trial accounts prefix the body ("Sent from your Twilio trial account - "). */
  return g_str_equal (provider_body, our_body) || g_str_has_suffix (provider_body, our_body);
}

typedef struct
{
  Run    *run;
  Orphan *orphan;
} Check;

static void
list_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Check *check = user_data;
  Run *run = check->run;
  Orphan *orphan = check->orphan;
  CbzOutboxMessage *message = orphan->message;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_usec ();
  const CbzProviderMessage *match = NULL;

  g_free (check);
  run->in_flight--;
  found = cbz_provider_list_messages_finish (CBZ_PROVIDER (source), result, &error);

  if (found == NULL)
    {
      if (g_error_matches (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY) &&
          now < message->expires_at)
        {
          orphan->checking = FALSE;
          orphan->check_at = now + run->sender->backoff_base;
        }
      else
        {
          g_autofree char *reason = g_strdup_printf ("%s (%s)", unknown_reason (), error->message);

          settle (run, take_orphan (run, orphan), CBZ_OUTBOX_STATE_UNKNOWN, NULL, reason, now);
          return;
        }
      schedule_pump (run);
      return;
    }

  for (guint i = 0; i < found->len && match == NULL; i++)
    {
      const CbzProviderMessage *candidate = g_ptr_array_index (found, i);

      /* Created before this attempt (less a minute of clock skew): an
       * earlier, separate reminder with the same words. */
      if (candidate->date_created != NULL &&
          g_date_time_to_unix (candidate->date_created) * G_USEC_PER_SEC < message->sending_since - G_TIME_SPAN_MINUTE)
        continue;
      if (!candidate->inbound && same_number (candidate->to, message->recipient) &&
          same_body (candidate->body, message->body))
        match = candidate;
    }

  message = take_orphan (run, orphan);
  if (match != NULL)
    settle (run, message, CBZ_OUTBOX_STATE_SENT, match->provider_message_id, NULL,
            first_poll_at (run, message->provider, now));
  else
    /* The provider has no such message: it never arrived, so sending it now
     * cannot make a duplicate. */
    settle (run, message, CBZ_OUTBOX_STATE_QUEUED, NULL,
            _("The provider never received it when sending was interrupted; sending again"), now);
}

static void
check_orphans (Run    *run,
               gint64  now,
               gint64 *next_wake)
{
  for (guint i = 0; i < run->orphans->len; i++)
    {
      Orphan *orphan = g_ptr_array_index (run->orphans, i);
      CbzOutboxMessage *message = orphan->message;
      Lane *lane = g_hash_table_lookup (run->lanes, message->provider);
      Check *check;

      if (orphan->checking || lane == NULL)
        continue;

      if (lane->provider == NULL || !cbz_provider_supports_listing (lane->provider))
        {
          settle (run, take_orphan (run, orphan), CBZ_OUTBOX_STATE_UNKNOWN, NULL, unknown_reason (), now);
          i--;
          continue;
        }

      if (now < orphan->check_at)
        {
          *next_wake = MIN (*next_wake, orphan->check_at);
          continue;
        }

      orphan->checking = TRUE;
      check = g_new0 (Check, 1);
      check->run = run;
      check->orphan = orphan;
      run->in_flight++;
      /* No date filter: Twilio filters on the day a message was *sent*, and
       * one still in its queue has none. Messages to one customer are few;
       * older ones are told apart by their creation time below. */
      cbz_provider_list_messages_async (lane->provider, message->recipient, NULL, NULL,
                                        NULL, list_sent_cb, check);
    }
}

/* Delivery reports */

typedef struct
{
  Run              *run;
  Lane             *lane;
  CbzOutboxMessage *message;
} Poll;

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Poll *poll = user_data;
  Run *run = poll->run;
  CbzOutboxMessage *message = poll->message;
  g_autoptr(CbzDeliveryReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_usec ();
  Settlement *settlement;

  poll->lane->in_flight--;
  run->in_flight--;
  g_free (poll);

  report = cbz_provider_poll_status_finish (CBZ_PROVIDER (source), result, &error);
  if (report == NULL)
    {
      /* Transport trouble: ask again later; anything else: stop asking. */
      gint64 next = g_error_matches (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_TEMPORARY)
                    ? now + run->sender->poll_delay : G_MAXINT64;
      settlement = settle (run, message, CBZ_OUTBOX_STATE_SENT, NULL, NULL, next);
    }
  else
    {
      switch (report->status)
        {
        case CBZ_DELIVERY_DELIVERED:
        case CBZ_DELIVERY_READ:
          settlement = settle (run, message, CBZ_OUTBOX_STATE_DELIVERED, NULL, NULL, G_MAXINT64);
          break;
        case CBZ_DELIVERY_UNDELIVERED:
        case CBZ_DELIVERY_FAILED:
        case CBZ_DELIVERY_CANCELED:
          {
            g_autofree char *reason =
              g_strdup_printf (_("The provider took the message but could not deliver it: %s"),
                               report->reason != NULL ? report->reason
                               : report->provider_code != NULL ? report->provider_code
                               : cbz_delivery_status_to_string (report->status));
            settlement = settle (run, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, G_MAXINT64);
          }
          break;
        case CBZ_DELIVERY_UNKNOWN:
        case CBZ_DELIVERY_QUEUED:
        case CBZ_DELIVERY_SENDING:
        case CBZ_DELIVERY_SENT:
        case CBZ_DELIVERY_RECEIVED:
        default:
          /* Still on its way: ask again, less and less often. */
          settlement = settle (run, message, CBZ_OUTBOX_STATE_SENT, NULL, NULL,
                               now + MAX (run->sender->poll_delay, now - message->sending_since));
          break;
        }
    }
  settlement->follow_up = TRUE;
}

static void
poll_lane (Run    *run,
           Lane   *lane,
           gint64  now)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  if (lane->provider == NULL || !cbz_provider_supports_status_polling (lane->provider) ||
      lane->in_flight >= lane->concurrency || now - lane->last_poll_check < POLL_CHECK_INTERVAL)
    return;

  lane->last_poll_check = now;
  due = _cbz_outbox_list_to_poll (run->outbox, lane->id, now, lane->concurrency - lane->in_flight, &error);
  if (due == NULL)
    {
      fail_run (run, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < due->len; i++)
    {
      Poll *poll = g_new0 (Poll, 1);

      poll->run = run;
      poll->lane = lane;
      poll->message = g_steal_pointer (&g_ptr_array_index (due, i));
      lane->in_flight++;
      run->in_flight++;
      cbz_provider_poll_status_async (lane->provider, poll->message->provider_message_id, NULL,
                                      poll_done_cb, poll);
    }
}

/* Inbound replies */

typedef struct
{
  Run  *run;
  Lane *lane;
} ReplyCheck;

static gint64
find_debtor_by_number (Run         *run,
                       const char  *number)
{
  sqlite3 *db = cbz_store_get_handle (run->store);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (db, "SELECT id FROM debtors WHERE mobile = ?1 OR whatsapp = ?1 OR phone = ?1"
                              " ORDER BY id LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static gboolean
record_reply (Run                       *run,
              Lane                      *lane,
              const CbzProviderMessage  *reply,
              GError                   **error)
{
  g_autoptr(CbzEvent) existing = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *keyword = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *number = reply->from;
  CbzEventChannel channel = CBZ_EVENT_CHANNEL_SMS;
  CbzReplyIntent intent;
  gint64 debtor_id;

  if (reply->provider_message_id == NULL || reply->from == NULL)
    return TRUE;

  existing = cbz_store_find_event_by_provider_id (run->store, reply->provider_message_id, &local_error);
  if (existing != NULL)
    return TRUE;

  if (g_str_has_prefix (number, "whatsapp:"))
    {
      number += strlen ("whatsapp:");
      channel = CBZ_EVENT_CHANNEL_WHATSAPP;
    }
  debtor_id = find_debtor_by_number (run, number);
  if (debtor_id == 0)
    return TRUE;

  intent = cbz_opt_out_classify (reply->body != NULL ? reply->body : "", &keyword);
  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REPLY,
                         channel == CBZ_EVENT_CHANNEL_WHATSAPP ? _("WhatsApp reply") : _("SMS reply"));
  if (reply->date_sent != NULL)
    cbz_event_set_occurred_at (event, g_date_time_to_unix (reply->date_sent) * G_USEC_PER_SEC);
  cbz_event_set_channel (event, channel);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_INBOUND);
  cbz_event_set_body (event, reply->body);
  cbz_event_set_provider_message_id (event, reply->provider_message_id);

  if (!cbz_store_begin (run->store, error))
    return FALSE;
  if (cbz_store_add_event (run->store, event, error) == 0)
    goto fail;

  if (intent != CBZ_REPLY_INTENT_NONE)
    {
      g_autofree char *when = reply->date_sent != NULL
        ? g_date_time_format (reply->date_sent, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");

      /* Translators: the customer's reply as evidence: 1 the text, 2 the number, 3 the date. */
      evidence = g_strdup_printf (_("Replied “%s” from %s on %s"),
                                  reply->body != NULL ? reply->body : "", number, when);
      if (!cbz_store_set_opt_out (run->store, debtor_id, channel,
                                  intent == CBZ_REPLY_INTENT_OPT_OUT, evidence, error))
        goto fail;
      if (intent == CBZ_REPLY_INTENT_OPT_OUT)
        run->summary.opt_outs++;
    }

  return cbz_store_commit (run->store, error);

fail:
  cbz_store_rollback (run->store);
  return FALSE;
}

static void
list_inbound_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReplyCheck *reply_check = user_data;
  Run *run = reply_check->run;
  Lane *lane = reply_check->lane;
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GError) error = NULL;

  g_free (reply_check);
  run->replies_pending--;

  replies = cbz_provider_list_inbound_finish (CBZ_PROVIDER (source), result, &error);
  if (replies == NULL)
    {
      /* Not fatal: sending goes on, opted-out flags already set still apply. */
      g_message ("Could not read replies from %s: %s", lane->id, error->message);
      schedule_pump (run);
      return;
    }

  for (guint i = 0; i < replies->len; i++)
    {
      if (!record_reply (run, lane, g_ptr_array_index (replies, i), &error))
        {
          fail_run (run, g_steal_pointer (&error));
          break;
        }
    }
  schedule_pump (run);
}

static void
check_replies (Run *run)
{
  GHashTableIter iter;
  Lane *lane;

  g_hash_table_iter_init (&iter, run->lanes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lane))
    {
      g_autoptr(GDateTime) since = NULL;
      ReplyCheck *reply_check;

      if (lane->provider == NULL || !cbz_provider_supports_listing (lane->provider))
        continue;

      reply_check = g_new0 (ReplyCheck, 1);
      reply_check->run = run;
      reply_check->lane = lane;
      run->replies_pending++;
      /* Replies of the last week; the ones already on the timeline are skipped. */
      since = g_date_time_new_from_unix_utc (now_usec () / G_USEC_PER_SEC - 7 * 24 * 3600);
      cbz_provider_list_inbound_async (lane->provider, NULL, since, NULL, list_inbound_cb, reply_check);
    }
}

/* The pump */

static gboolean
timer_cb (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->timer, g_source_unref);
  pump (run);
  return G_SOURCE_REMOVE;
}

static gboolean
pump_idle_cb (gpointer data)
{
  Run *run = data;

  run->pump_queued = FALSE;
  pump (run);
  return G_SOURCE_REMOVE;
}

static void
schedule_pump (Run *run)
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

static void
arm_timer (Run    *run,
           gint64  wake_at_mono)
{
  gint64 delay = wake_at_mono - g_get_monotonic_time ();

  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  delay = CLAMP (delay, 1000, MAX_TIMER_INTERVAL);
  run->timer = g_timeout_source_new ((guint) (delay / 1000));
  g_source_set_callback (run->timer, timer_cb, run, NULL);
  g_source_attach (run->timer, run->context);
}

static void
fill_lane (Run    *run,
           Lane   *lane,
           gint64  now,
           gint64 *next_wake_mono)
{
  CbzSender *self = run->sender;
  gboolean only_dry_runs = lane->provider == NULL && !self->dry_run;

  while (lane->in_flight < lane->concurrency && !g_cancellable_is_cancelled (run->cancellable))
    {
      g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
      g_autoptr(GPtrArray) settled = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
      guint free_slots = lane->concurrency - lane->in_flight;
      guint tokens = 0;
      GError *error = NULL;
      gint64 mono = g_get_monotonic_time ();

      while (tokens < free_slots)
        {
          gint64 wait = cbz_token_bucket_take (&lane->bucket, mono);

          if (wait > 0)
            {
              *next_wake_mono = MIN (*next_wake_mono, mono + wait);
              break;
            }
          tokens++;
        }
      if (tokens == 0)
        return;

      if (!_cbz_outbox_claim (run->outbox, lane->id, tokens, self->dry_run || lane->provider == NULL,
                              only_dry_runs, now, claimed, settled, &error))
        {
          fail_run (run, error);
          return;
        }

      /* Unused tokens go back: the bucket only pays for real requests. */
      lane->bucket.tokens = MIN (lane->bucket.burst, lane->bucket.tokens + (tokens - claimed->len));
      for (guint i = 0; i < settled->len; i++)
        {
          CbzOutboxMessage *message = g_ptr_array_index (settled, i);

          count_outcome (run, message->state);
          emit_changed (run, message);
        }
      if (settled->len > 0)
        emit_progress (run);

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

static gboolean
lanes_have_work (Run    *run,
                 gint64  now,
                 gint64 *next_due)
{
  GHashTableIter iter;
  Lane *lane;
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
      *next_due = MIN (*next_due, due);
    }
  return work;
}

static void
finish_run (Run *run)
{
  run->finished = TRUE;
  g_main_context_wakeup (run->context);
}

static void
pump (Run *run)
{
  CbzSender *self = run->sender;
  gint64 now = now_usec ();
  gint64 mono = g_get_monotonic_time ();
  gint64 next_wake_mono = mono + MAX_TIMER_INTERVAL;
  gint64 next_due = G_MAXINT64;
  GHashTableIter iter;
  Lane *lane;

  if (run->finished)
    return;

  if (!commit_settlements (run))
    {
      if (run->in_flight == 0)
        finish_run (run);
      return;
    }

  if (run->replies_pending > 0)
    {
      /* Opt-outs first: a STOP that arrived must block the next message. */
      arm_timer (run, next_wake_mono);
      return;
    }

  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      if (now - run->last_expiry_check >= EXPIRY_CHECK_INTERVAL)
        {
          guint n_failed = 0;
          GError *error = NULL;

          run->last_expiry_check = now;
          if (!_cbz_outbox_fail_expired (run->outbox, now, &n_failed, &error))
            {
              fail_run (run, error);
              return;
            }
          if (n_failed > 0)
            {
              run->summary.failed += n_failed;
              run->done += n_failed;
              emit_progress (run);
            }
        }

      check_orphans (run, now, &next_due);
      if (next_due != G_MAXINT64)
        next_wake_mono = MIN (next_wake_mono, mono + (next_due - now));

      g_hash_table_iter_init (&iter, run->lanes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lane))
        {
          fill_lane (run, lane, now, &next_wake_mono);
          /* Sending first; spare slots ask about earlier messages. */
          poll_lane (run, lane, now);
        }

      /* Results of claims that settled at once (opt-outs, dry runs). */
      if (run->settlements->len > 0)
        {
          schedule_pump (run);
          return;
        }
    }

  if (run->in_flight > 0)
    {
      arm_timer (run, next_wake_mono);
      return;
    }

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      finish_run (run);
      return;
    }

  next_due = G_MAXINT64;
  if (run->orphans->len > 0)
    {
      for (guint i = 0; i < run->orphans->len; i++)
        next_due = MIN (next_due, ((Orphan *) g_ptr_array_index (run->orphans, i))->check_at);
    }
  if (!lanes_have_work (run, now, &next_due) && run->orphans->len == 0)
    {
      finish_run (run);
      return;
    }
  if (next_due - now > self->max_wait)
    {
      finish_run (run);
      return;
    }
  if (next_due > now)
    next_wake_mono = MIN (next_wake_mono, mono + (next_due - now));
  arm_timer (run, next_wake_mono);
}

/* The run's thread */

static Lane *
lane_new (CbzSender   *self,
          const char  *id,
          CbzProvider *provider)
{
  Lane *lane = g_new0 (Lane, 1);
  Limits *limits = g_hash_table_lookup (self->limits, id);
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
  cbz_token_bucket_init (&lane->bucket, rate, burst, g_get_monotonic_time ());
  return lane;
}

static gboolean
setup_run (Run     *run,
           GError **error)
{
  CbzSender *self = run->sender;
  g_auto(GStrv) pending = NULL;
  g_autoptr(GPtrArray) sending = NULL;
  gint64 now = now_usec ();

  if (!take_lock (self->database_path, &run->lock_fd, error))
    return FALSE;

  run->store = cbz_store_open (self->database_path, error);
  if (run->store == NULL)
    return FALSE;
  run->outbox = cbz_outbox_new (run->store);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      const CbzProviderAccount *account = g_ptr_array_index (self->accounts, i);
      CbzProvider *provider = cbz_provider_new_for_account (account, error);

      if (provider == NULL)
        return FALSE;
      g_hash_table_replace (run->lanes, g_strdup (account->provider),
                            lane_new (self, account->provider, provider));
    }

  /* Providers with work but no account: their dry runs can still be done. */
  pending = _cbz_outbox_pending_providers (run->outbox, error);
  if (pending == NULL)
    return FALSE;
  for (guint i = 0; pending[i] != NULL; i++)
    if (!g_hash_table_contains (run->lanes, pending[i]))
      g_hash_table_replace (run->lanes, g_strdup (pending[i]), lane_new (self, pending[i], NULL));

  /* We hold the lock: whatever is in "sending" was left by a run that ended
   * abruptly. Never resend it blindly. */
  sending = _cbz_outbox_list_sending (run->outbox, error);
  if (sending == NULL)
    return FALSE;
  for (guint i = 0; i < sending->len; i++)
    {
      CbzOutboxMessage *message = g_steal_pointer (&g_ptr_array_index (sending, i));
      add_orphan (run, message, MAX (now, message->sending_since + self->reconcile_delay));
    }

  run->total = (guint64) MAX (0, _cbz_outbox_count_pending (run->outbox, NULL));
  if (self->check_replies)
    check_replies (run);
  return TRUE;
}

static void
run_free (Run *run)
{
  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_source_unref (run->timer);
    }
  g_clear_pointer (&run->settlements, g_ptr_array_unref);
  g_clear_pointer (&run->orphans, g_ptr_array_unref);
  g_clear_pointer (&run->lanes, g_hash_table_unref);
  g_clear_object (&run->outbox);
  g_clear_object (&run->store);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->owner_context, g_main_context_unref);
  g_clear_error (&run->error);
  if (run->lock_fd >= 0)
    close (run->lock_fd);
  g_clear_object (&run->sender);
  g_free (run);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);
  g_main_context_wakeup (run->context);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  gulong cancelled_id = 0;
  CbzSenderSummary *summary;

  g_main_context_push_thread_default (run->context);

  if (!setup_run (run, &error))
    {
      g_clear_pointer (&run->lanes, g_hash_table_unref);
      g_clear_object (&run->outbox);
      g_clear_object (&run->store);
      g_main_context_pop_thread_default (run->context);
      g_task_return_error (task, error);
      return;
    }

  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), run, NULL);

  schedule_pump (run);
  while (!run->finished || run->in_flight > 0 || run->replies_pending > 0)
    {
      g_main_context_iteration (run->context, TRUE);
      /* Cancelled while waiting: wake the pump to wind down. */
      if (g_cancellable_is_cancelled (run->cancellable) && !run->finished && run->in_flight == 0)
        pump (run);
      if (run->finished && run->settlements->len > 0)
        commit_settlements (run);
    }

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, cancelled_id);

  /* Messages still in flight were waited for; what remains checkable is
   * either queued (not due) or an orphan left for the next run. */
  run->summary.waiting = (guint) MAX (0, _cbz_outbox_count_pending (run->outbox, NULL));

  /* Providers (and their sessions) and the connection belong to this thread. */
  g_clear_pointer (&run->lanes, g_hash_table_unref);
  g_clear_pointer (&run->orphans, g_ptr_array_unref);
  g_clear_object (&run->outbox);
  g_clear_object (&run->store);
  while (g_main_context_iteration (run->context, FALSE))
    ;
  g_main_context_pop_thread_default (run->context);

  if (run->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Sending was stopped; nothing was left half-sent"));
      return;
    }

  summary = g_memdup2 (&run->summary, sizeof run->summary);
  g_task_return_pointer (task, summary, g_free);
}

/* GObject */

static void
cbz_sender_finalize (GObject *object)
{
  CbzSender *self = (CbzSender *) object;

  g_clear_pointer (&self->database_path, g_free);
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
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * CbzSender::message-changed:
   * @message_id: the outbox id
   * @debtor_id: the customer, whose timeline changed
   * @state: the new CbzOutboxState
   */
  signals[MESSAGE_CHANGED] = g_signal_new ("message-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT);
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
 * @database_path: the portfolio file; each run opens its own connection
 *
 * Returns: (transfer full): a new sender
 */
CbzSender *
cbz_sender_new (const char *database_path)
{
  CbzSender *self;

  g_return_val_if_fail (database_path != NULL, NULL);

  self = g_object_new (CBZ_TYPE_SENDER, NULL);
  self->database_path = g_strdup (database_path);
  return self;
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
  Limits *limits;

  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (provider != NULL);

  limits = g_new0 (Limits, 1);
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
  self->dry_run = !!dry_run;
}

void
cbz_sender_set_backoff (CbzSender *self,
                        gint64     base,
                        gint64     cap)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  g_return_if_fail (base > 0 && cap >= base);
  self->backoff_base = base;
  self->backoff_cap = cap;
}

void
cbz_sender_set_max_wait (CbzSender *self,
                         gint64     max_wait)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  self->max_wait = MAX (max_wait, 0);
}

void
cbz_sender_set_reconcile_delay (CbzSender *self,
                                gint64     delay)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  self->reconcile_delay = MAX (delay, 0);
}

void
cbz_sender_set_poll_delay (CbzSender *self,
                           gint64     delay)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
  self->poll_delay = MAX (delay, 0);
}

void
cbz_sender_set_check_replies (CbzSender *self,
                              gboolean   check)
{
  g_return_if_fail (CBZ_IS_SENDER (self));
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
  g_autoptr(GTask) task = NULL;
  Run *run;

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
      return;
    }

  run = g_new0 (Run, 1);
  run->sender = g_object_ref (self);
  run->owner_context = g_main_context_ref_thread_default ();
  run->context = g_main_context_new ();
  run->cancellable = g_cancellable_new ();
  run->lanes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) lane_free);
  run->settlements = g_ptr_array_new_with_free_func ((GDestroyNotify) settlement_free);
  run->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) orphan_free);
  run->lock_fd = -1;
  self->running = TRUE;

  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
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
