/* test-outbox-fixture.c: the portfolio, fake provider and clock the outbox
 * tests share
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "test-outbox-fixture.h"

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

void
outbox_fixture_set_up (Fixture       *fixture,
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

void
outbox_fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->outbox);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->fake);
  g_clear_pointer (&fixture->path, g_free);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
}

CbzOutboxMessage *
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

gint64
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

CbzOutboxMessage *
get (Fixture *fixture,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  CbzOutboxMessage *message = cbz_outbox_get (fixture->outbox, id, &error);

  g_assert_no_error (error);
  return message;
}

CbzSender *
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

CbzSenderSummary
run_sender (CbzSender *sender)
{
  RunResult run = { 0 };

  cbz_sender_run_async (sender, NULL, run_done_cb, &run);
  g_assert_true (cbz_test_spin_until (run_is_done, &run, 30000));
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  return run.summary;
}

CbzEvent *
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

gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  /* A reader of its own, as any other program would read the file: what is
   * on disk, not what the store says. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

