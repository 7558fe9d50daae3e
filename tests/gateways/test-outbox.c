/* test-outbox.c: the outbox and the sender against the in-process fake
 * provider: idempotent enqueueing, the state machine, dry runs, opt-outs,
 * disputed invoices, permanent and temporary failures, 429 hints, maximum
 * age, reconciliation after an interrupted send, secrets kept out of the
 * database file, and message templates.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-clock.h"
#include "cbz-fake-provider.h"
#include "cbz-message-template.h"
#include "cbz-outbox-private.h"
#include "cbz-outbox.h"
#include "cbz-sender.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

typedef struct
{
  char            *path;
  CbzClock        *clock;       /* the process's, standing still until moved */
  CbzStore        *store;
  CbzOutbox       *outbox;
  CbzFakeProvider *fake;
  gint64           debtors[4];
  gint64           invoices[4];
  gint64           disputed_invoice;
} Fixture;

/* Setup */

static gint64
add_debtor (Fixture    *fixture,
            const char *name,
            const char *mobile,
            const char *email,
            const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();

  debtor->name = g_strdup (name);
  debtor->mobile = g_strdup (mobile);
  debtor->whatsapp = g_strdup (mobile);
  debtor->email = g_strdup (email);
  debtor->country = g_strdup ("MX");
  /* cbz_debtor_new () starts with "es" and "MXN". */
  g_free (debtor->language);
  debtor->language = g_strdup (language);
  g_assert_true (cbz_store_save_debtor (fixture->store, debtor, &error));
  g_assert_no_error (error);
  return debtor->id;
}

static gint64
add_invoice (Fixture          *fixture,
             gint64            debtor_id,
             const char       *number,
             const char       *due_date,
             gint64            balance,
             CbzInvoiceStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();

  invoice->debtor_id = debtor_id;
  invoice->number = g_strdup (number);
  invoice->due_date = g_strdup (due_date);
  invoice->issue_date = g_strdup ("2026-08-01");
  invoice->currency = g_strdup ("MXN");
  invoice->amount = balance;
  invoice->balance = balance;
  invoice->status = status;
  g_assert_true (cbz_store_save_invoice (fixture->store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  /* Time moves only when a test says so. It starts at the real time: the
   * fake provider stamps what it receives with the system clock. */
  fixture->clock = cbz_clock_new_manual (g_get_real_time ());
  cbz_clock_set_default (fixture->clock);
  fixture->path = cbz_test_build_tmp_path ("outbox.sqlite");
  fixture->store = cbz_store_open_full (fixture->path, &today, &error);
  g_assert_no_error (error);
  fixture->outbox = cbz_outbox_new (fixture->store);
  fixture->fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);

  fixture->debtors[0] = add_debtor (fixture, "Ferretería López", "+5215511110001", "pagos@lopez.mx", "es");
  fixture->debtors[1] = add_debtor (fixture, "Acme Supplies", "+5215511110002", "ap@acme.example", "en");
  fixture->debtors[2] = add_debtor (fixture, "Panadería Sol", "+5215511110003", "sol@pan.mx", "es");
  fixture->debtors[3] = add_debtor (fixture, "Taller Ruiz", "+5215511110004", "ruiz@taller.mx", "es");
  fixture->invoices[0] = add_invoice (fixture, fixture->debtors[0], "A-101", "2026-10-01", 125000, CBZ_INVOICE_STATUS_OPEN);
  fixture->invoices[1] = add_invoice (fixture, fixture->debtors[1], "B-7", "2026-09-15", 9900, CBZ_INVOICE_STATUS_OPEN);
  fixture->invoices[2] = add_invoice (fixture, fixture->debtors[2], "C-1", "2026-10-20", 50000, CBZ_INVOICE_STATUS_OPEN);
  fixture->disputed_invoice = add_invoice (fixture, fixture->debtors[3], "D-9", "2026-10-10", 70000,
                                           CBZ_INVOICE_STATUS_DISPUTED);
  g_assert_true (cbz_store_refresh_summaries (fixture->store, NULL, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->outbox);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->fake);
  g_clear_pointer (&fixture->path, g_free);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
}

static CbzOutboxMessage *
make_message (Fixture    *fixture,
              guint       debtor,
              CbzChannel  channel,
              const char *provider,
              const char *action)
{
  g_autoptr(CbzDebtor) row = cbz_store_get_debtor (fixture->store, fixture->debtors[debtor], NULL);
  CbzOutboxMessage *message;
  g_autofree char *body = g_strdup_printf ("Recordatorio para %s", row->name);
  const char *recipient = channel == CBZ_CHANNEL_EMAIL ? row->email : row->mobile;

  message = cbz_outbox_message_new (row->id, channel, provider, recipient, body);
  if (channel == CBZ_CHANNEL_EMAIL)
    message->subject = g_strdup ("Recordatorio de pago");
  cbz_outbox_message_set_key (message, action, &fixture->invoices[debtor], debtor < 3 ? 1 : 0, "2026-11-23");
  return message;
}

static gint64
enqueue (Fixture    *fixture,
         guint       debtor,
         CbzChannel  channel,
         const char *provider,
         const char *action)
{
  g_autoptr(CbzOutboxMessage) message = make_message (fixture, debtor, channel, provider, action);
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;

  g_assert_true (cbz_outbox_enqueue (fixture->outbox, message, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  return message->id;
}

static CbzOutboxMessage *
get (Fixture *fixture,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  CbzOutboxMessage *message = cbz_outbox_get (fixture->outbox, id, &error);

  g_assert_no_error (error);
  return message;
}

static CbzSender *
new_sender (Fixture    *fixture,
            const char *provider)
{
  CbzSender *sender = cbz_sender_new (fixture->store);
  g_autoptr(CbzProviderAccount) account = NULL;

  cbz_sender_set_max_wait (sender, 0);
  cbz_sender_set_reconcile_delay (sender, 0);
  /* Faults target the sends; only the opt-out test reads replies. */
  cbz_sender_set_check_replies (sender, FALSE);
  cbz_sender_set_backoff (sender, G_USEC_PER_SEC, 4 * G_USEC_PER_SEC);
  if (provider == NULL)
    return sender;

  account = cbz_provider_account_new (provider);
  account->base_url = g_strdup (cbz_fake_provider_get_url (fixture->fake));
  if (g_str_equal (provider, "twilio"))
    {
      account->account = g_strdup (CBZ_FAKE_TWILIO_SID);
      account->secret = g_strdup (CBZ_FAKE_TWILIO_TOKEN);
      account->from = g_strdup (CBZ_FAKE_TWILIO_FROM);
    }
  else if (g_str_equal (provider, "sendgrid"))
    {
      account->account = g_strdup ("default");
      account->secret = g_strdup (CBZ_FAKE_SENDGRID_KEY);
      account->from = g_strdup ("cobranza@example.mx");
    }
  else
    g_assert_not_reached ();
  cbz_sender_add_account (sender, account);
  cbz_sender_set_limits (sender, provider, 4, 1000, 10);
  return sender;
}

typedef struct
{
  gboolean          done;
  gboolean          ok;
  CbzSenderSummary  summary;
  GError           *error;
} RunResult;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunResult *run = user_data;

  run->ok = cbz_sender_run_finish (CBZ_SENDER (source), result, &run->summary, &run->error);
  run->done = TRUE;
}

static gboolean
run_is_done (gpointer data)
{
  return ((RunResult *) data)->done;
}

static CbzSenderSummary
run_sender (CbzSender *sender)
{
  RunResult run = { 0 };

  cbz_sender_run_async (sender, NULL, run_done_cb, &run);
  g_assert_true (cbz_test_spin_until (run_is_done, &run, 30000));
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  return run.summary;
}

static CbzEvent *
reminder_event (Fixture *fixture,
                gint64   id)
{
  g_autoptr(CbzOutboxMessage) message = get (fixture, id);
  g_autoptr(GError) error = NULL;
  CbzEvent *event;

  g_assert_cmpint (message->event_id, >, 0);
  event = cbz_store_get_event (fixture->store, message->event_id, &error);
  g_assert_no_error (error);
  return event;
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Tests */

static void
test_enqueue_idempotent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CbzOutboxMessage) first = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) again = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) other_cycle = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;
  guint n_inserted = 0;
  gint64 events_before;

  g_assert_true (cbz_outbox_enqueue (fixture->outbox, first, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  g_assert_cmpint (first->id, >, 0);
  g_assert_cmpint (first->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  events_before = count_rows (fixture, "SELECT count(*) FROM events");

  /* Clicking twice: nothing new, the same message reported. */
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, again, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (again->id, ==, first->id);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, events_before);

  /* The invoice set is part of the key, in any order. */
  {
    gint64 ids[] = { fixture->invoices[0], fixture->invoices[0] };
    cbz_outbox_message_set_key (again, "manual:reminder:sms", ids, 2, "2026-11-23");
    g_assert_cmpstr (again->invoice_set, ==, first->invoice_set);
  }

  /* Another cycle is another message. */
  cbz_outbox_message_set_key (other_cycle, "manual:reminder:sms", &fixture->invoices[0], 1, "2026-11-24");
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, other_cycle, &inserted, &error));
  g_assert_true (inserted);
  g_assert_cmpint (other_cycle->id, !=, first->id);

  /* A batch with duplicates inside and against the table: one transaction. */
  g_ptr_array_add (batch, make_message (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "cadence:1:2"));
  g_ptr_array_add (batch, make_message (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "cadence:1:2"));
  g_ptr_array_add (batch, make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms"));
  g_ptr_array_add (batch, make_message (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "cadence:1:2"));
  g_assert_true (cbz_outbox_enqueue_many (fixture->outbox, batch, &n_inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_inserted, ==, 2);
  g_assert_cmpint (((CbzOutboxMessage *) batch->pdata[0])->id, ==, ((CbzOutboxMessage *) batch->pdata[1])->id);
  g_assert_cmpint (((CbzOutboxMessage *) batch->pdata[2])->id, ==, first->id);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 4);

  /* A dry run does not take the real message's key. */
  {
    g_autoptr(CbzOutboxMessage) rehearsal = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

    rehearsal->dry_run = TRUE;
    g_assert_true (cbz_outbox_enqueue (fixture->outbox, rehearsal, &inserted, &error));
    g_assert_true (inserted);
    g_assert_cmpint (rehearsal->id, !=, first->id);
  }

  /* A message without an address is refused, and the batch rolls back. */
  {
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
    CbzOutboxMessage *no_address = make_message (fixture, 3, CBZ_CHANNEL_SMS, "twilio", "cadence:9:9");

    g_ptr_array_add (bad, make_message (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "cadence:9:9"));
    g_clear_pointer (&no_address->recipient, g_free);
    g_ptr_array_add (bad, no_address);
    g_assert_false (cbz_outbox_enqueue_many (fixture->outbox, bad, &n_inserted, &error));
    g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID);
    g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE action = 'cadence:9:9'"), ==, 0);
  }
}

static void
test_state_machine (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  gint64 other = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GError) error = NULL;
  guint64 counts[CBZ_OUTBOX_N_STATES];

  /* Only unknown or failed messages can be resent. */
  g_assert_false (cbz_outbox_resend (fixture->outbox, id, &error));
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* queued -> sending -> unknown, as a crash would leave it, then the
   * user's two decisions. */
  message = get (fixture, id);
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_SENDING,
                                         NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (message->attempts, ==, 1);
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_UNKNOWN,
                                         NULL, "check first", 0, &error));
  g_assert_no_error (error);

  /* A stale view of the message cannot move it. */
  {
    g_autoptr(CbzOutboxMessage) stale = get (fixture, id);
    stale->state = CBZ_OUTBOX_STATE_QUEUED;
    g_assert_false (_cbz_outbox_transition (fixture->outbox, stale, CBZ_OUTBOX_STATE_SENDING,
                                            NULL, NULL, 0, &error));
    g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE);
    g_clear_error (&error);
  }

  unknown = cbz_outbox_list (fixture->outbox, CBZ_OUTBOX_STATE_UNKNOWN, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown->len, ==, 1);
  g_assert_cmpstr (((CbzOutboxMessage *) unknown->pdata[0])->last_error, ==, "check first");

  event = reminder_event (fixture, id);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_UNKNOWN);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_REMINDER);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_OUTBOUND);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'status'"), ==, 1);

  g_assert_true (cbz_outbox_resend (fixture->outbox, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  g_clear_object (&event);
  event = reminder_event (fixture, id);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_QUEUED);

  g_assert_true (cbz_outbox_mark_failed (fixture->outbox, id, "Customer confirmed it arrived by phone", &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (message->last_error, ==, "Customer confirmed it arrived by phone");

  g_assert_true (cbz_outbox_cancel (fixture->outbox, other, &error));
  g_assert_no_error (error);
  g_assert_false (cbz_outbox_cancel (fixture->outbox, other, &error));
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (cbz_outbox_cancel (fixture->outbox, 9999, &error));
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cbz_outbox_count_by_state (fixture->outbox, counts, &error));
  g_assert_cmpuint (counts[CBZ_OUTBOX_STATE_FAILED], ==, 1);
  g_assert_cmpuint (counts[CBZ_OUTBOX_STATE_CANCELLED], ==, 1);
  g_assert_cmpuint (counts[CBZ_OUTBOX_STATE_QUEUED], ==, 0);

  for (guint i = 0; i < CBZ_OUTBOX_N_STATES; i++)
    {
      CbzOutboxState parsed;
      g_assert_true (cbz_outbox_state_from_string (cbz_outbox_state_to_string (i), &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_nonnull (cbz_outbox_state_get_label (i));
    }
}

static void
test_send_accepted (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 ids[3];
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  CbzSenderSummary summary;

  for (guint i = 0; i < 3; i++)
    ids[i] = enqueue (fixture, i, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 3);
  g_assert_cmpuint (summary.failed, ==, 0);
  g_assert_cmpuint (summary.waiting, ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 3);
  g_assert_cmpuint (cbz_fake_provider_count_duplicates (fixture->fake), ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CbzOutboxMessage) message = get (fixture, ids[i]);
      g_autoptr(CbzEvent) event = reminder_event (fixture, ids[i]);

      g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);
      g_assert_cmpuint (message->attempts, ==, 1);
      g_assert_true (g_str_has_prefix (message->provider_message_id, "SM"));
      g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_SENT);
      g_assert_cmpstr (cbz_event_get_provider_message_id (event), ==, message->provider_message_id);
    }

  /* Running again sends nothing. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), >=, 3);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 3);
}

static void
test_delivery_reports (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) delivered = NULL;
  g_autoptr(CbzOutboxMessage) undelivered = NULL;
  g_autoptr(CbzEvent) event = NULL;
  guint n_delivered = 0, n_undelivered = 0, n_sent = 0;
  gint64 ok_id, bad_id;

  /* The carrier cannot reach the second customer: Twilio accepts the
   * message, and polling later says undelivered (30003). */
  cbz_fake_provider_set_recipient (fixture->fake, "+5215511110002", CBZ_FAKE_RECIPIENT_UNDELIVERABLE);
  cbz_fake_provider_set_poll_steps (fixture->fake, 1);
  cbz_sender_set_poll_delay (sender, 0);
  ok_id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  bad_id = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  /* A run asks about what is due without waiting for it: a few runs. */
  for (guint i = 0; i < 5 && n_delivered + n_undelivered < 2; i++)
    {
      CbzSenderSummary summary = run_sender (sender);

      n_sent += summary.sent;
      n_delivered += summary.delivered;
      n_undelivered += summary.undelivered;
      /* The next questions come later; no run waits for them. */
      cbz_clock_advance (fixture->clock, 2 * G_USEC_PER_SEC);
    }
  g_assert_cmpuint (n_sent, ==, 2);
  g_assert_cmpuint (n_delivered, ==, 1);
  g_assert_cmpuint (n_undelivered, ==, 1);

  delivered = get (fixture, ok_id);
  g_assert_cmpint (delivered->state, ==, CBZ_OUTBOX_STATE_DELIVERED);
  event = reminder_event (fixture, ok_id);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_DELIVERED);

  undelivered = get (fixture, bad_id);
  g_assert_cmpint (undelivered->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_true (g_str_has_prefix (undelivered->last_error, "The provider took the message but could not deliver it"));
  g_test_message ("undelivered: %s", undelivered->last_error);

  /* Sent once each, never again. */
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 2);
}

static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CbzOutboxMessage) message = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) real = NULL;
  g_autoptr(CbzSender) sender = new_sender (fixture, NULL);
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;
  gint64 real_id;

  message->dry_run = TRUE;
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, message, NULL, &error));
  g_assert_no_error (error);
  /* A real message for another customer, without an account: untouched. */
  real_id = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  summary = run_sender (sender);
  g_assert_cmpuint (summary.dry_run, ==, 1);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.waiting, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, 0);

  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, real_id - 1);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_DRY_RUN);
  g_assert_cmpstr (cbz_outbox_state_get_label (message->state), ==, "Not sent (dry run)");
  event = cbz_store_get_event (fixture->store, message->event_id, &error);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_DRY_RUN);
  g_assert_cmpstr (cbz_event_get_body (event), ==, "Recordatorio para Ferretería López");

  real = get (fixture, real_id);
  g_assert_cmpint (real->state, ==, CBZ_OUTBOX_STATE_QUEUED);

  /* Dry-run mode: everything is only recorded. */
  g_clear_object (&sender);
  sender = new_sender (fixture, "twilio");
  cbz_sender_set_dry_run (sender, TRUE);
  summary = run_sender (sender);
  g_assert_cmpuint (summary.dry_run, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 0);
}

static void
test_opted_out_and_disputed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) opted = NULL;
  g_autoptr(CbzOutboxMessage) disputed = NULL;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;
  gint64 opted_id, disputed_id, ok_id;

  g_assert_true (cbz_store_set_opt_out (fixture->store, fixture->debtors[0], CBZ_EVENT_CHANNEL_SMS, TRUE,
                                        "Replied BAJA", &error));
  g_assert_no_error (error);
  opted_id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  message = make_message (fixture, 3, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  cbz_outbox_message_set_key (message, "manual:reminder:sms", &fixture->disputed_invoice, 1, "2026-11-23");
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, message, NULL, &error));
  disputed_id = message->id;
  ok_id = enqueue (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  g_assert_cmpuint (summary.failed, ==, 2);

  opted = get (fixture, opted_id);
  g_assert_cmpint (opted->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (opted->attempts, ==, 0);
  g_assert_nonnull (strstr (opted->last_error, "opted out of SMS"));

  disputed = get (fixture, disputed_id);
  g_assert_cmpint (disputed->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (disputed->last_error, "D-9 is disputed"));

  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, ok_id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);

  /* Only the third customer's message reached the provider. */
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'status'"
                                        " AND summary = 'SMS reminder failed'"), ==, 2);
}

static void
test_permanent_failure (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzSenderSummary summary;
  gint64 id;

  cbz_fake_provider_set_recipient (fixture->fake, "+5215511110001", CBZ_FAKE_RECIPIENT_INVALID);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.failed, ==, 1);

  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (message->attempts, ==, 1);
  g_assert_nonnull (message->last_error);
  g_test_message ("reason: %s", message->last_error);
  /* Never retried. */
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 1);
}

static void
test_429_hint_honoured (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_429, .count = 1,
                         .retry_after = 3, .reset_in = 0 };
  CbzSenderSummary summary;
  gint64 id;

  cbz_fake_provider_add_fault (fixture->fake, &fault);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  /* max-wait 0: the run stops once only the retry is left. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.retrying, ==, 1);
  g_assert_cmpuint (summary.waiting, ==, 1);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (message->attempts, ==, 1);
  /* Retry-After: 3 -> three seconds after the answer, on the clock. */
  g_assert_cmpint (message->next_attempt_at - message->updated_at, ==, 3 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (message->last_error, "Will try again at"));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE summary = 'SMS reminder will be retried'"), ==, 1);

  /* Two seconds later it is not due yet: nothing goes out. */
  cbz_clock_advance (fixture->clock, 2 * G_USEC_PER_SEC);
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.waiting, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 1);

  /* At the hint it goes, once. */
  cbz_clock_advance (fixture->clock, G_USEC_PER_SEC);
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpuint (message->attempts, ==, 2);
  g_assert_cmpint (message->sending_since, ==, message->created_at + 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);
}

static void
test_server_error_backoff (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_503, .count = -1, .retry_after = -1 };
  CbzSenderSummary summary;
  gint64 id;

  cbz_fake_provider_add_fault (fixture->fake, &fault);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.retrying, ==, 1);

  /* Backoff base 1 s, attempt 1: between 0.5 and 1 s. */
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (message->next_attempt_at - message->updated_at, >=, G_USEC_PER_SEC / 2 - 1000);
  g_assert_cmpint (message->next_attempt_at - message->updated_at, <=, G_USEC_PER_SEC + 1000);
}

static void
test_max_age (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) stored = NULL;
  g_autoptr(CbzOutboxMessage) retried = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_500, .count = -1, .retry_after = -1 };
  CbzSenderSummary summary;
  gint64 retry_id;

  /* Queued long ago (expired a second ago): fails visibly, never sent. */
  message->expires_at = cbz_now () - G_USEC_PER_SEC;
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, message, NULL, &error));
  g_assert_no_error (error);

  summary = run_sender (sender);
  g_assert_cmpuint (summary.failed, ==, 1);
  stored = get (fixture, message->id);
  g_assert_cmpint (stored->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_true (g_str_has_prefix (stored->last_error, "Gave up"));
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, 0);
  event = reminder_event (fixture, message->id);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_FAILED);

  /* A retry that would land past the expiry fails at once, with the reason. */
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  cbz_outbox_set_max_age (fixture->outbox, G_USEC_PER_SEC / 4);
  retry_id = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.failed, ==, 1);
  retried = get (fixture, retry_id);
  g_assert_cmpint (retried->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_true (g_str_has_prefix (retried->last_error, "Gave up after 1 attempt:"));
}

static void
test_reconcile_found (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT, .count = 1 };
  CbzSenderSummary summary;
  gint64 id;

  /* The provider takes the message and the connection breaks before the
   * answer: retrying blindly would send it twice. */
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);

  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpuint (message->attempts, ==, 1);
  g_assert_true (g_str_has_prefix (message->provider_message_id, "SM"));
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_duplicates (fixture->fake), ==, 0);
}

static void
test_reconcile_not_found (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(GPtrArray) settled = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;
  gint64 id;

  /* A crash right after "sending" was committed, before the request left. */
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_assert_true (_cbz_outbox_claim (fixture->outbox, "twilio", 10, FALSE, FALSE, cbz_now (),
                                    claimed, settled, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);

  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpuint (message->attempts, ==, 2);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE summary = 'SMS reminder will be retried'"), ==, 1);
}

static void
test_unknown_without_listing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "sendgrid");
  g_autoptr(GPtrArray) claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(GPtrArray) settled = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;
  gint64 id;

  id = enqueue (fixture, 0, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:email");
  g_assert_true (_cbz_outbox_claim (fixture->outbox, "sendgrid", 10, FALSE, FALSE, cbz_now (),
                                    claimed, settled, &error));
  g_assert_cmpuint (claimed->len, ==, 1);

  /* SendGrid cannot say whether it got it: held for the user, not resent. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.unknown, ==, 1);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, 0);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_UNKNOWN);
  g_assert_nonnull (strstr (message->last_error, "Check with the customer"));
  event = reminder_event (fixture, id);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_UNKNOWN);

  /* Running again leaves it alone. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, NULL), ==, 0);

  /* The user decides to resend. */
  g_assert_true (cbz_outbox_resend (fixture->outbox, id, &error));
  g_assert_no_error (error);
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "sendgrid"), ==, 1);
}

static void
test_dropped_without_listing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "sendgrid");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzFakeFault fault = { .provider = "sendgrid", .kind = CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT, .count = 1 };
  CbzSenderSummary summary;
  gint64 id;

  cbz_fake_provider_add_fault (fixture->fake, &fault);
  id = enqueue (fixture, 0, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:email");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.unknown, ==, 1);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "sendgrid"), ==, 1);
}

static void
test_inbound_opt_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;
  gint64 id;
  sqlite3_stmt *stmt = NULL;

  cbz_sender_set_check_replies (sender, TRUE);
  cbz_fake_provider_add_inbound (fixture->fake, "+5215511110001", CBZ_FAKE_TWILIO_FROM, "No más, gracias", NULL);
  cbz_fake_provider_add_inbound (fixture->fake, "+5215511110002", CBZ_FAKE_TWILIO_FROM, "I will pay on Friday", NULL);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");

  summary = run_sender (sender);
  g_assert_cmpuint (summary.opt_outs, ==, 1);
  g_assert_cmpuint (summary.failed, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 0);

  debtor = cbz_store_get_debtor (fixture->store, fixture->debtors[0], &error);
  g_assert_true (debtor->opt_out_sms);
  g_assert_false (debtor->opt_out_email);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_FAILED);

  /* Both replies are on the timeline; the opt-out with its evidence. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'reply'"
                                        " AND direction = 'inbound'"), ==, 2);
  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (fixture->store),
                                       "SELECT body FROM events WHERE kind = 'opt-out' AND debtor_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, fixture->debtors[0]);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 0), "No más, gracias"));
  sqlite3_finalize (stmt);

  /* Read again: not recorded twice. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.opt_outs, ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'reply'"), ==, 2);

  /* START re-subscribes. */
  cbz_fake_provider_add_inbound (fixture->fake, "+5215511110001", CBZ_FAKE_TWILIO_FROM, "START", NULL);
  run_sender (sender);
  g_clear_pointer (&debtor, cbz_debtor_unref);
  debtor = cbz_store_get_debtor (fixture->store, fixture->debtors[0], &error);
  g_assert_false (debtor->opt_out_sms);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_secrets_not_in_database (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzSender) failing = new_sender (fixture, "sendgrid");
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *basic = NULL;
  g_autofree char *pair = g_strdup_printf ("%s:%s", CBZ_FAKE_TWILIO_SID, CBZ_FAKE_TWILIO_TOKEN);
  g_autoptr(CbzProviderAccount) bad = cbz_provider_account_new ("sendgrid");
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_500, .count = 1, .retry_after = -1 };

  /* A success, a retry with an error text, and a 401 whose reason quotes
   * what was sent. */
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  enqueue (fixture, 2, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:email");
  run_sender (sender);
  /* Past the backoff (1 s at most here): the retry goes. */
  cbz_clock_advance (fixture->clock, G_USEC_PER_SEC);
  run_sender (sender);

  bad->account = g_strdup ("default");
  bad->secret = g_strdup ("SG.wrong-key-that-must-not-leak.77");
  bad->from = g_strdup ("cobranza@example.mx");
  bad->base_url = g_strdup (cbz_fake_provider_get_url (fixture->fake));
  cbz_sender_add_account (failing, bad);
  run_sender (failing);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE state = 'sent'"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE state = 'failed'"), ==, 1);

  basic = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_true (file_contains (fixture->path, "outbox") || file_contains (wal, "outbox"));
  g_assert_true (file_contains (fixture->path, "Recordatorio para") || file_contains (wal, "Recordatorio para"));
  for (const char *const *secret = (const char *const[]) { CBZ_FAKE_TWILIO_TOKEN, CBZ_FAKE_SENDGRID_KEY,
                                                            "SG.wrong-key-that-must-not-leak.77", basic, NULL };
       *secret != NULL; secret++)
    {
      g_assert_false (file_contains (fixture->path, *secret));
      g_assert_false (file_contains (wal, *secret));
    }
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzTemplateContext) company = cbz_template_context_new ();
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzTemplateContext) english = NULL;
  g_autoptr(CbzMessageTemplate) sms = NULL;
  g_autoptr(CbzMessageTemplate) whatsapp = NULL;
  g_autoptr(CbzMessageTemplate) email = NULL;
  g_autoptr(CbzMessageTemplate) custom = NULL;
  g_autoptr(CbzMessageTemplate) loaded = NULL;
  g_autoptr(CbzRenderedMessage) rendered = NULL;
  g_autoptr(GArray) ids = NULL;

  cbz_template_context_set (company, CBZ_TEMPLATE_VAR_COMPANY, "Distribuidora Álamo");

  context = cbz_message_context_new_for_debtor (fixture->store, fixture->debtors[0], company, &ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->invoices[0]);

  /* The built-in Spanish SMS: accents GSM-7 lacks are replaced, so it
   * stays GSM-7; ñ and é would have stayed. */
  sms = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_SMS, "es", &error);
  g_assert_no_error (error);
  g_assert_true (sms->builtin);
  g_assert_true (sms->sms_plain);
  rendered = cbz_message_template_render (sms, context, &error);
  g_assert_no_error (error);
  g_test_message ("SMS: %s (%u parts)", rendered->body, rendered->sms.parts);
  g_assert_true (g_str_has_prefix (rendered->body, "Distribuidora Alamo: Ferreteria Lopez, su saldo vencido es"));
  g_assert_nonnull (strstr (rendered->body, "1,250.00"));
  g_assert_nonnull (strstr (rendered->body, "A-101"));
  g_assert_nonnull (strstr (rendered->body, "BAJA"));
  g_assert_cmpint (rendered->sms.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (rendered->sms.parts, ==, 1);
  g_clear_pointer (&rendered, cbz_rendered_message_free);

  /* WhatsApp: template name, language and parameters rendered in order. */
  whatsapp = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_WHATSAPP, "es", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (whatsapp->wa_template, ==, "recordatorio_pago");
  g_assert_cmpstr (whatsapp->wa_language, ==, "es_MX");
  rendered = cbz_message_template_render (whatsapp, context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rendered->wa_params), ==, 4);
  g_assert_cmpstr (rendered->wa_params[0], ==, "Ferretería López");
  g_assert_nonnull (strstr (rendered->wa_params[1], "1,250.00"));
  g_assert_cmpstr (rendered->wa_params[2], ==, "A-101");
  g_assert_cmpstr (rendered->wa_params[3], ==, "Distribuidora Álamo");
  g_clear_pointer (&rendered, cbz_rendered_message_free);

  /* Email in English for the English-speaking customer. */
  english = cbz_message_context_new_for_debtor (fixture->store, fixture->debtors[1], company, NULL, &error);
  g_assert_no_error (error);
  email = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_EMAIL, "en", &error);
  g_assert_no_error (error);
  rendered = cbz_message_template_render (email, english, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rendered->subject, "Payment reminder: overdue balance of"));
  g_assert_true (g_str_has_prefix (rendered->body, "Dear Acme Supplies,"));
  g_assert_nonnull (strstr (rendered->html, "<strong>Distribuidora Álamo</strong>"));
  g_assert_nonnull (strstr (rendered->body, "B-7"));
  g_clear_pointer (&rendered, cbz_rendered_message_free);

  /* The user's wording wins, and is checked before it is saved. */
  custom = cbz_message_template_new ("reminder", CBZ_CHANNEL_SMS, "es");
  custom->body = g_strdup ("{{empresa}}: {{nombre}}, debe {{saldo_vencido}} desde hace {{dias_mora}} días. {{sin_esto}}");
  g_assert_false (cbz_message_template_save (custom, fixture->store, &error));
  g_assert_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (custom->body);
  custom->body = g_strdup ("{{empresa}}: {{nombre}}, debe {{saldo_vencido}} desde hace {{dias_mora}} días.");
  g_assert_true (cbz_message_template_save (custom, fixture->store, &error));
  g_assert_no_error (error);
  loaded = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_SMS, "es", &error);
  g_assert_false (loaded->builtin);
  g_assert_false (loaded->sms_plain);
  rendered = cbz_message_template_render (loaded, context, &error);
  g_assert_no_error (error);
  /* The amount is formatted for Mexico, with a no-break space after "$". */
  g_assert_cmpstr (rendered->body, ==, "Distribuidora Álamo: Ferretería López, debe $\xc2\xa0" "1,250.00 desde hace 53 días.");
  /* Á and í push it to UCS-2: the counter says so. */
  g_assert_cmpint (rendered->sms.encoding, ==, CBZ_SMS_ENCODING_UCS2);
  g_assert_cmpuint (rendered->sms.parts, ==, 2);
  g_clear_pointer (&rendered, cbz_rendered_message_free);

  g_assert_true (cbz_message_template_reset (fixture->store, "reminder", CBZ_CHANNEL_SMS, "es", &error));
  g_clear_pointer (&loaded, cbz_message_template_free);
  loaded = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_SMS, "es", &error);
  g_assert_true (loaded->builtin);

  /* An unknown language falls back to Spanish. */
  g_clear_pointer (&loaded, cbz_message_template_free);
  loaded = cbz_message_template_load (fixture->store, "reminder", CBZ_CHANNEL_SMS, "pt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->language, ==, "es");

  /* Without the company's name a reminder cannot be rendered. */
  {
    g_autoptr(CbzTemplateContext) anonymous = cbz_message_context_new_for_debtor (fixture->store, fixture->debtors[0],
                                                                                   NULL, NULL, &error);
    g_autoptr(CbzRenderedMessage) none = cbz_message_template_render (sms, anonymous, &error);

    g_assert_null (none);
    g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_MISSING_VALUE);
    g_clear_error (&error);
  }

  /* A whole reminder, keyed for the outbox: asking twice enqueues once. */
  {
    g_autoptr(CbzOutboxMessage) first = NULL;
    g_autoptr(CbzOutboxMessage) second = NULL;
    g_autoptr(CbzOutboxMessage) meta = NULL;
    g_autoptr(CbzOutboxMessage) twilio = NULL;
    g_autofree char *expected_set = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->invoices[0]);
    g_autofree char *skip = NULL;
    gboolean inserted = FALSE;

    first = cbz_message_build_reminder (fixture->store, fixture->debtors[0], CBZ_CHANNEL_SMS, "twilio",
                                        "reminder", company, "2026-11-23", &skip, &error);
    g_assert_no_error (error);
    g_assert_null (skip);
    g_assert_cmpstr (first->action, ==, "manual:reminder:sms");
    g_assert_cmpstr (first->invoice_set, ==, expected_set);
    g_assert_cmpstr (first->recipient, ==, "+5215511110001");
    g_assert_true (g_str_has_prefix (first->body, "Distribuidora Alamo: Ferreteria Lopez"));
    g_assert_true (cbz_outbox_enqueue (fixture->outbox, first, &inserted, &error));
    g_assert_true (inserted);

    second = cbz_message_build_reminder (fixture->store, fixture->debtors[0], CBZ_CHANNEL_SMS, "twilio",
                                         "reminder", company, "2026-11-23", &skip, &error);
    g_assert_true (cbz_outbox_enqueue (fixture->outbox, second, &inserted, &error));
    g_assert_false (inserted);
    g_assert_cmpint (second->id, ==, first->id);

    /* WhatsApp: Meta's template name for the Cloud API; Twilio needs a
     * ContentSid, so it gets the text. */
    meta = cbz_message_build_reminder (fixture->store, fixture->debtors[0], CBZ_CHANNEL_WHATSAPP, "whatsapp",
                                       "reminder", company, "2026-11-23", &skip, &error);
    g_assert_cmpstr (meta->wa_template, ==, "recordatorio_pago");
    g_assert_cmpuint (g_strv_length (meta->wa_params), ==, 4);
    twilio = cbz_message_build_reminder (fixture->store, fixture->debtors[0], CBZ_CHANNEL_WHATSAPP, "twilio",
                                         "reminder", company, "2026-11-23", &skip, &error);
    g_assert_null (twilio->wa_template);
    g_assert_true (g_str_has_prefix (twilio->body, "Hola Ferretería López"));

    /* Nothing overdue but disputed: skipped with the reason, no error. */
    g_assert_null (cbz_message_build_reminder (fixture->store, fixture->debtors[3], CBZ_CHANNEL_SMS, "twilio",
                                               "reminder", company, "2026-11-23", &skip, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (skip, "disputed"));
  }

  /* Disputed invoices are not chased: nothing to remind Taller Ruiz of. */
  {
    g_autoptr(CbzTemplateContext) disputed = cbz_message_context_new_for_debtor (fixture->store, fixture->debtors[3],
                                                                                  company, NULL, &error);
    g_assert_null (disputed);
    g_assert_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE);
  }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/outbox/enqueue/idempotent", test_enqueue_idempotent);
  ADD ("/outbox/state-machine", test_state_machine);
  ADD ("/outbox/send/accepted", test_send_accepted);
  ADD ("/outbox/send/dry-run", test_dry_run);
  ADD ("/outbox/send/delivery-reports", test_delivery_reports);
  ADD ("/outbox/send/opted-out-and-disputed", test_opted_out_and_disputed);
  ADD ("/outbox/send/permanent-failure", test_permanent_failure);
  ADD ("/outbox/send/429-hint", test_429_hint_honoured);
  ADD ("/outbox/send/server-error-backoff", test_server_error_backoff);
  ADD ("/outbox/send/max-age", test_max_age);
  ADD ("/outbox/reconcile/found", test_reconcile_found);
  ADD ("/outbox/reconcile/not-found", test_reconcile_not_found);
  ADD ("/outbox/reconcile/unknown-without-listing", test_unknown_without_listing);
  ADD ("/outbox/reconcile/dropped-without-listing", test_dropped_without_listing);
  ADD ("/outbox/opt-out/inbound", test_inbound_opt_out);
  ADD ("/outbox/secrets-not-in-database", test_secrets_not_in_database);
  ADD ("/outbox/templates", test_templates);

#undef ADD

  return g_test_run ();
}
