/* test-outbox-async.c: what the UI calls, on the store's worker
 * connections: a view of the outbox with its counts, the person's
 * decisions, enqueueing and reading one message, preparing a reminder, and
 * loading the accounts a run needs.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-outbox-fixture.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GAsyncResult *result;
  guint         changes_before;  /* ::changed on the main store when it came */
  guint        *changes;
} Waited;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waited *waited = user_data;

  waited->result = g_object_ref (result);
  if (waited->changes != NULL)
    waited->changes_before = *waited->changes;
}

static gboolean
has_result (gpointer data)
{
  return ((Waited *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Waited *waited)
{
  g_assert_true (cbz_test_spin_until (has_result, waited, TIMEOUT_MS));
  return waited->result;
}

static void
count_change_cb (CbzStore *store,
                 guint    *changes)
{
  (*changes)++;
}

/* queued -> sending -> @state, as a run (or a crash and its
 * reconciliation) would leave it. */
static void
move (Fixture        *fixture,
      gint64          id,
      CbzOutboxState  state,
      const char     *reason)
{
  g_autoptr(CbzOutboxMessage) message = get (fixture, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_SENDING,
                                         NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, state,
                                         state == CBZ_OUTBOX_STATE_SENT ? "SM0123" : NULL,
                                         reason, 0, &error));
  g_assert_no_error (error);
}

static CbzOutboxListing *
list_filter (Fixture         *fixture,
             CbzOutboxFilter  filter,
             guint            limit)
{
  Waited waited = { 0 };
  g_autoptr(GError) error = NULL;
  CbzOutboxListing *listing;

  cbz_outbox_list_filter_async (fixture->outbox, filter, limit, NULL, got_result_cb, &waited);
  listing = cbz_outbox_list_filter_finish (fixture->outbox, wait_result (&waited), &error);
  g_clear_object (&waited.result);
  g_assert_no_error (error);
  g_assert_nonnull (listing);
  g_assert_cmpint (listing->filter, ==, filter);
  return listing;
}

static gint64
listed_id (CbzOutboxListing *listing,
           guint             i)
{
  g_assert_cmpuint (i, <, listing->messages->len);
  return ((CbzOutboxMessage *) g_ptr_array_index (listing->messages, i))->id;
}

static void
test_list_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 failed = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:failed");
  gint64 held = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:held");
  gint64 queued = enqueue (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:queued");
  gint64 sent = enqueue (fixture, 0, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:sent");
  gint64 held_newer = enqueue (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:held-2");
  g_autoptr(CbzOutboxListing) attention = NULL;
  g_autoptr(CbzOutboxListing) first = NULL;
  g_autoptr(CbzOutboxListing) waiting = NULL;
  g_autoptr(CbzOutboxListing) done = NULL;
  g_autoptr(CbzOutboxListing) all = NULL;

  move (fixture, failed, CBZ_OUTBOX_STATE_FAILED, "The number cannot receive SMS (21614)");
  move (fixture, held, CBZ_OUTBOX_STATE_UNKNOWN, "check first");
  move (fixture, held_newer, CBZ_OUTBOX_STATE_UNKNOWN, "check first");
  move (fixture, sent, CBZ_OUTBOX_STATE_SENT, NULL);

  /* Held messages lead, newest first, then the failed one; the counts are
   * the whole outbox's, the names those of the listed customers. */
  attention = list_filter (fixture, CBZ_OUTBOX_FILTER_ATTENTION, 0);
  g_assert_cmpuint (attention->messages->len, ==, 3);
  g_assert_cmpint (listed_id (attention, 0), ==, held_newer);
  g_assert_cmpint (listed_id (attention, 1), ==, held);
  g_assert_cmpint (listed_id (attention, 2), ==, failed);
  g_assert_cmpuint (attention->counts[CBZ_OUTBOX_STATE_UNKNOWN], ==, 2);
  g_assert_cmpuint (attention->counts[CBZ_OUTBOX_STATE_FAILED], ==, 1);
  g_assert_cmpuint (attention->counts[CBZ_OUTBOX_STATE_QUEUED], ==, 1);
  g_assert_cmpuint (attention->counts[CBZ_OUTBOX_STATE_SENT], ==, 1);
  g_assert_cmpuint (cbz_outbox_filter_count (CBZ_OUTBOX_FILTER_ATTENTION, attention->counts), ==, 3);
  g_assert_cmpuint (cbz_outbox_filter_count (CBZ_OUTBOX_FILTER_ALL, attention->counts), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (attention->customer_names, &fixture->debtors[0]), ==, "Ferretería López");
  g_assert_cmpstr (g_hash_table_lookup (attention->customer_names, &fixture->debtors[1]), ==, "Acme Supplies");
  g_assert_null (g_hash_table_lookup (attention->customer_names, &fixture->debtors[3]));

  /* A limit keeps what waits for the person. */
  first = list_filter (fixture, CBZ_OUTBOX_FILTER_ATTENTION, 2);
  g_assert_cmpuint (first->messages->len, ==, 2);
  g_assert_cmpint (listed_id (first, 0), ==, held_newer);
  g_assert_cmpint (listed_id (first, 1), ==, held);

  waiting = list_filter (fixture, CBZ_OUTBOX_FILTER_QUEUED, 0);
  g_assert_cmpuint (waiting->messages->len, ==, 1);
  g_assert_cmpint (listed_id (waiting, 0), ==, queued);
  done = list_filter (fixture, CBZ_OUTBOX_FILTER_SENT, 0);
  g_assert_cmpuint (done->messages->len, ==, 1);
  g_assert_cmpint (listed_id (done, 0), ==, sent);
  all = list_filter (fixture, CBZ_OUTBOX_FILTER_ALL, 0);
  g_assert_cmpuint (all->messages->len, ==, 5);
  g_assert_cmpint (listed_id (all, 0), ==, held_newer);
  g_assert_cmpint (listed_id (all, 4), ==, failed);

  /* The views are named by their nicks. */
  for (CbzOutboxFilter filter = CBZ_OUTBOX_FILTER_ATTENTION; filter <= CBZ_OUTBOX_FILTER_ALL; filter++)
    {
      CbzOutboxFilter parsed;

      g_assert_true (cbz_outbox_filter_from_string (cbz_outbox_filter_to_string (filter), &parsed));
      g_assert_cmpint (parsed, ==, filter);
    }
  g_assert_cmpstr (cbz_outbox_filter_to_string (CBZ_OUTBOX_FILTER_ATTENTION), ==, "attention");
  g_assert_false (cbz_outbox_filter_from_string ("held", NULL));
}

static gboolean
decide (Fixture            *fixture,
        CbzOutboxDecision   decision,
        gint64              id,
        const char         *reason,
        guint              *changes_seen,
        GError            **error)
{
  Waited waited = { 0 };
  guint changes = 0;
  gulong handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (count_change_cb), &changes);
  gboolean ok;

  waited.changes = &changes;
  cbz_outbox_decide_async (fixture->outbox, decision, id, reason, NULL, got_result_cb, &waited);
  ok = cbz_outbox_decide_finish (fixture->outbox, wait_result (&waited), error);
  g_clear_object (&waited.result);
  g_signal_handler_disconnect (fixture->store, handler);
  if (changes_seen != NULL)
    *changes_seen = waited.changes_before;
  return ok;
}

static void
test_decide (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 held = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:held");
  gint64 queued = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:queued");
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  move (fixture, held, CBZ_OUTBOX_STATE_UNKNOWN, "check first");

  /* Don't resend, with the person's reason; the main store had told its
   * views before the answer came. */
  g_assert_true (decide (fixture, CBZ_OUTBOX_DECISION_DONT_RESEND, held, "Confirmed by phone", &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, >, 0);
  message = get (fixture, held);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (message->last_error, ==, "Confirmed by phone");

  /* Resend what failed: queued again, with a fresh expiry. */
  cbz_clock_advance (fixture->clock, G_TIME_SPAN_HOUR);
  g_assert_true (decide (fixture, CBZ_OUTBOX_DECISION_RESEND, held, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, held);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (message->expires_at, ==, cbz_now () + cbz_outbox_get_max_age (fixture->outbox));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'status'"
                                        " AND summary = 'SMS reminder queued again'"), ==, 1);

  g_assert_true (decide (fixture, CBZ_OUTBOX_DECISION_CANCEL, queued, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, cbz_outbox_message_free);
  message = get (fixture, queued);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_CANCELLED);

  /* What cannot be decided says so, and changes nothing. */
  g_assert_false (decide (fixture, CBZ_OUTBOX_DECISION_CANCEL, queued, NULL, NULL, &error));
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (decide (fixture, CBZ_OUTBOX_DECISION_RESEND, 9999, NULL, NULL, &error));
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_NOT_FOUND);
}

static void
test_enqueue_and_get (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzOutboxMessage) message = make_message (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  g_autoptr(CbzOutboxMessage) first = NULL;
  g_autoptr(CbzOutboxMessage) again = NULL;
  g_autoptr(CbzOutboxMessage) read = NULL;
  g_autoptr(CbzOutboxMessage) none = NULL;
  g_autoptr(GError) error = NULL;
  Waited waited = { 0 };
  gboolean inserted = FALSE;

  cbz_outbox_enqueue_async (fixture->outbox, message, NULL, got_result_cb, &waited);
  first = cbz_outbox_enqueue_finish (fixture->outbox, wait_result (&waited), &inserted, &error);
  g_clear_object (&waited.result);
  g_assert_no_error (error);
  g_assert_true (inserted);
  g_assert_cmpint (first->id, >, 0);
  g_assert_cmpint (first->state, ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (first->created_at, ==, cbz_now ());
  g_assert_cmpint (message->id, ==, 0);

  /* Asking twice enqueues once. */
  cbz_outbox_enqueue_async (fixture->outbox, message, NULL, got_result_cb, &waited);
  again = cbz_outbox_enqueue_finish (fixture->outbox, wait_result (&waited), &inserted, &error);
  g_clear_object (&waited.result);
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (again->id, ==, first->id);

  cbz_outbox_get_async (fixture->outbox, first->id, NULL, got_result_cb, &waited);
  read = cbz_outbox_get_finish (fixture->outbox, wait_result (&waited), &error);
  g_clear_object (&waited.result);
  g_assert_no_error (error);
  g_assert_cmpstr (read->body, ==, "Recordatorio para Ferretería López");
  g_assert_cmpint (read->event_id, ==, first->event_id);

  cbz_outbox_get_async (fixture->outbox, 9999, NULL, got_result_cb, &waited);
  none = cbz_outbox_get_finish (fixture->outbox, wait_result (&waited), &error);
  g_clear_object (&waited.result);
  g_assert_null (none);
  g_assert_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_NOT_FOUND);
}

static CbzTemplateContext *
load_company (CbzStore  *store,
              GError   **error)
{
  CbzTemplateContext *company = cbz_template_context_new ();

  g_assert_true (CBZ_IS_STORE (store));
  cbz_template_context_set (company, CBZ_TEMPLATE_VAR_COMPANY, "Distribuidora Álamo");
  return company;
}

static CbzTemplateContext *
load_no_company (CbzStore  *store,
                 GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No company profile yet");
  return NULL;
}

static CbzOutboxMessage *
prepare (Fixture               *fixture,
         guint                  debtor,
         CbzOutboxCompanyFunc   company,
         char                 **skip,
         GError               **error)
{
  Waited waited = { 0 };
  CbzOutboxMessage *message;

  cbz_outbox_prepare_reminder_async (fixture->outbox, fixture->debtors[debtor], CBZ_CHANNEL_SMS, "twilio",
                                     "reminder", company, NULL, got_result_cb, &waited);
  message = cbz_outbox_prepare_reminder_finish (fixture->outbox, wait_result (&waited), skip, error);
  g_clear_object (&waited.result);
  return message;
}

static void
test_prepare_reminder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(CbzOutboxMessage) disputed = NULL;
  g_autoptr(CbzOutboxMessage) anonymous = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  g_autofree char *expected_set = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->invoices[0]);

  /* Rendered and keyed for today (the store's day), not yet enqueued. */
  message = prepare (fixture, 0, load_company, &skip, &error);
  g_assert_no_error (error);
  g_assert_null (skip);
  g_assert_nonnull (message);
  g_assert_cmpstr (message->action, ==, "manual:reminder:sms");
  g_assert_cmpstr (message->invoice_set, ==, expected_set);
  g_assert_cmpstr (message->cycle, ==, "2026-11-23");
  g_assert_cmpstr (message->recipient, ==, "+5215511110001");
  g_assert_true (g_str_has_prefix (message->body, "Distribuidora Alamo: Ferreteria Lopez"));
  g_assert_cmpint (message->id, ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);

  /* Nothing to chase: the reason, and no error. */
  disputed = prepare (fixture, 3, load_company, &skip, &error);
  g_assert_no_error (error);
  g_assert_null (disputed);
  g_assert_nonnull (strstr (skip, "disputed"));

  /* The company's profile cannot be read: that error. */
  anonymous = prepare (fixture, 0, load_no_company, NULL, &error);
  g_assert_null (anonymous);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static CbzSenderAccounts *
load_accounts (CbzSender *sender)
{
  Waited waited = { 0 };
  g_autoptr(GError) error = NULL;
  CbzSenderAccounts *accounts;

  cbz_sender_load_accounts_async (sender, NULL, got_result_cb, &waited);
  accounts = cbz_sender_load_accounts_finish (sender, wait_result (&waited), &error);
  g_clear_object (&waited.result);
  g_assert_no_error (error);
  g_assert_nonnull (accounts);
  return accounts;
}

static void
test_load_accounts (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, NULL);
  g_autoptr(CbzSender) rehearsal = new_sender (fixture, NULL);
  g_autoptr(CbzSenderAccounts) accounts = NULL;
  g_autoptr(CbzSenderAccounts) rehearsed = NULL;
  g_autoptr(CbzOutboxMessage) dry = make_message (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  const CbzSenderMissingAccount *missing;
  g_autoptr(GError) error = NULL;
  CbzSenderSummary summary;

  /* Twilio from the environment, on the fake server; SendGrid nowhere. */
  g_setenv ("TWILIO_ACCOUNT_SID", CBZ_FAKE_TWILIO_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", CBZ_FAKE_TWILIO_TOKEN, TRUE);
  g_setenv ("TWILIO_FROM", CBZ_FAKE_TWILIO_FROM, TRUE);
  g_setenv ("COBRANZA_TWILIO_URL", cbz_fake_provider_get_url (fixture->fake), TRUE);
  g_unsetenv ("SENDGRID_API_KEY");

  cbz_sender_set_limits (sender, "twilio", 4, 1000, 10);
  enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  enqueue (fixture, 1, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:email");
  /* A rehearsal needs no account. */
  dry->dry_run = TRUE;
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, dry, NULL, &error));
  g_assert_no_error (error);

  accounts = load_accounts (sender);
  g_assert_cmpuint (accounts->n_queued, ==, 3);
  g_assert_cmpuint (accounts->n_without_account, ==, 1);
  g_assert_cmpuint (accounts->missing->len, ==, 1);
  missing = g_ptr_array_index (accounts->missing, 0);
  g_assert_cmpstr (missing->provider, ==, "sendgrid");
  g_assert_cmpuint (missing->n_messages, ==, 1);
  g_assert_nonnull (missing->reason);

  /* The account found was added: the Twilio message goes, the rehearsal
   * is recorded, the SendGrid one waits. */
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  g_assert_cmpuint (summary.dry_run, ==, 1);
  g_assert_cmpuint (summary.waiting, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);

  /* In dry-run mode nothing needs an account. */
  cbz_sender_set_dry_run (rehearsal, TRUE);
  rehearsed = load_accounts (rehearsal);
  g_assert_cmpuint (rehearsed->n_queued, ==, 1);
  g_assert_cmpuint (rehearsed->missing->len, ==, 0);

  g_unsetenv ("TWILIO_ACCOUNT_SID");
  g_unsetenv ("TWILIO_AUTH_TOKEN");
  g_unsetenv ("TWILIO_FROM");
  g_unsetenv ("COBRANZA_TWILIO_URL");
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CbzOutboxListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  Waited waited = { 0 };

  g_cancellable_cancel (cancellable);
  cbz_outbox_list_filter_async (fixture->outbox, CBZ_OUTBOX_FILTER_ALL, 0, cancellable, got_result_cb, &waited);
  listing = cbz_outbox_list_filter_finish (fixture->outbox, wait_result (&waited), &error);
  g_clear_object (&waited.result);
  g_assert_null (listing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  OUTBOX_TEST_ADD ("/outbox/async/list-filter", test_list_filter);
  OUTBOX_TEST_ADD ("/outbox/async/decide", test_decide);
  OUTBOX_TEST_ADD ("/outbox/async/enqueue-and-get", test_enqueue_and_get);
  OUTBOX_TEST_ADD ("/outbox/async/prepare-reminder", test_prepare_reminder);
  OUTBOX_TEST_ADD ("/outbox/async/load-accounts", test_load_accounts);
  OUTBOX_TEST_ADD ("/outbox/async/cancelled", test_cancelled);

  return g_test_run ();
}
