/* test-outbox-send.c: the sender against the in-process fake provider:
 * accepted sends, dry runs, delivery reports, opt-outs and disputed
 * invoices, permanent and temporary failures, 429 hints, maximum age,
 * reconciliation after an interrupted send, and time taken from the clock.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-outbox-fixture.h"

/* Tests */

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
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE kind = 'opt-out'"
                                            " AND body LIKE '%%No más, gracias%%' AND debtor_id = %" G_GINT64_FORMAT,
                                            fixture->debtors[0]);

    g_assert_cmpint (count_rows (fixture, sql), ==, 1);
  }

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

static void
test_bucket_waits_for_the_clock (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  CbzSenderSummary summary;

  /* One message a second, two saved up. The clock stands still, so the
   * third waits for the clock to move, not for the run: with no waiting
   * allowed, the run ends and leaves it queued. */
  cbz_sender_set_limits (sender, "twilio", 4, 1.0, 2.0);
  for (guint i = 0; i < 3; i++)
    enqueue (fixture, i, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 2);
  g_assert_cmpuint (summary.waiting, ==, 1);
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 2);

  cbz_clock_advance (fixture->clock, G_USEC_PER_SEC);
  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 1);
  g_assert_cmpuint (summary.waiting, ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 3);
}

typedef struct
{
  CbzClock *clock;
  gint64    step;
  guint     moves;
} Mover;

static void
on_retry_move_clock_cb (CbzSender *sender,
                        gint64     message_id,
                        gint64     debtor_id,
                        int        state,
                        Mover     *mover)
{
  /* The retry is on disk: time passes, as far as the sender can tell. */
  if (state == CBZ_OUTBOX_STATE_QUEUED && mover->moves++ == 0)
    cbz_clock_advance (mover->clock, mover->step);
}

static void
test_run_waits_for_the_clock (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzOutboxMessage) message = NULL;
  CbzFakeFault fault = { .provider = "twilio", .kind = CBZ_FAKE_FAULT_429, .count = 1,
                         .retry_after = 3, .reset_in = 0 };
  /* Past the hint: a provider's "slow down" also empties the bucket. */
  Mover mover = { fixture->clock, 4 * G_USEC_PER_SEC, 0 };
  CbzSenderSummary summary;
  gint64 id;

  /* Waiting is allowed: the run waits for the retry's instant on the
   * clock, and goes once the clock passes it. */
  cbz_fake_provider_add_fault (fixture->fake, &fault);
  id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  cbz_sender_set_max_wait (sender, 60 * G_USEC_PER_SEC);
  g_signal_connect (sender, "message-changed", G_CALLBACK (on_retry_move_clock_cb), &mover);
  summary = run_sender (sender);
  g_assert_cmpuint (mover.moves, >=, 1);
  g_assert_cmpuint (summary.retrying, ==, 1);
  g_assert_cmpuint (summary.sent, ==, 1);
  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpuint (message->attempts, ==, 2);
  g_assert_cmpint (message->sending_since, ==, message->created_at + 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fixture->fake, "twilio"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  OUTBOX_TEST_ADD ("/outbox/send/accepted", test_send_accepted);
  OUTBOX_TEST_ADD ("/outbox/send/dry-run", test_dry_run);
  OUTBOX_TEST_ADD ("/outbox/send/delivery-reports", test_delivery_reports);
  OUTBOX_TEST_ADD ("/outbox/send/opted-out-and-disputed", test_opted_out_and_disputed);
  OUTBOX_TEST_ADD ("/outbox/send/permanent-failure", test_permanent_failure);
  OUTBOX_TEST_ADD ("/outbox/send/429-hint", test_429_hint_honoured);
  OUTBOX_TEST_ADD ("/outbox/send/server-error-backoff", test_server_error_backoff);
  OUTBOX_TEST_ADD ("/outbox/send/max-age", test_max_age);
  OUTBOX_TEST_ADD ("/outbox/reconcile/found", test_reconcile_found);
  OUTBOX_TEST_ADD ("/outbox/reconcile/not-found", test_reconcile_not_found);
  OUTBOX_TEST_ADD ("/outbox/reconcile/unknown-without-listing", test_unknown_without_listing);
  OUTBOX_TEST_ADD ("/outbox/reconcile/dropped-without-listing", test_dropped_without_listing);
  OUTBOX_TEST_ADD ("/outbox/opt-out/inbound", test_inbound_opt_out);
  OUTBOX_TEST_ADD ("/outbox/clock/bucket", test_bucket_waits_for_the_clock);
  OUTBOX_TEST_ADD ("/outbox/clock/run-waits", test_run_waits_for_the_clock);

  return g_test_run ();
}
