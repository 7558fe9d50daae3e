/* test-dispute-reminders.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dispute opened with the store's function stops the reminders at once:
 * today's reminder is not prepared, one queued before the dispute is not
 * sent, and rejecting the dispute lets the reminder go again.
 */

#include "config.h"

#include <string.h>

#include "cbz-store-disputes.h"
#include "test-outbox-fixture.h"

static CbzTemplateContext *
load_company (CbzStore  *store,
              GError   **error)
{
  CbzTemplateContext *company = cbz_template_context_new ();

  cbz_template_context_set (company, CBZ_TEMPLATE_VAR_COMPANY, "Distribuidora Álamo");
  return company;
}

typedef struct
{
  GAsyncResult *result;
} Waited;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ((Waited *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result_cb (gpointer data)
{
  return ((Waited *) data)->result != NULL;
}

static CbzOutboxMessage *
prepare (Fixture  *fixture,
         char    **skip)
{
  Waited waited = { NULL };
  g_autoptr(GError) error = NULL;
  CbzOutboxMessage *message;

  cbz_outbox_prepare_reminder_async (fixture->outbox, fixture->debtors[0], CBZ_CHANNEL_SMS, "twilio",
                                     "reminder", load_company, NULL, got_result_cb, &waited);
  g_assert_true (cbz_test_spin_until (has_result_cb, &waited, 10000));
  message = cbz_outbox_prepare_reminder_finish (fixture->outbox, waited.result, skip, &error);
  g_assert_no_error (error);
  g_clear_object (&waited.result);
  return message;
}

static void
test_dispute_stops_reminders (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CbzSender) sender = new_sender (fixture, "twilio");
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) rejected = NULL;
  g_autoptr(CbzOutboxMessage) queued = NULL;
  g_autoptr(CbzOutboxMessage) held = NULL;
  g_autoptr(CbzOutboxMessage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  CbzSenderSummary summary;
  gint64 queued_id;

  /* Queued yesterday, before the customer disputed A-101. */
  queued_id = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:sms");
  dispute = cbz_store_open_dispute (fixture->store, fixture->invoices[0], CBZ_DISPUTE_REASON_NOT_RECEIVED,
                                    "Dice que no le llegó la mercancía", &error);
  g_assert_no_error (error);

  summary = run_sender (sender);
  g_assert_cmpuint (summary.sent, ==, 0);
  g_assert_cmpuint (summary.failed, ==, 1);
  queued = get (fixture, queued_id);
  g_assert_cmpint (queued->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (queued->last_error, "A-101 is disputed"));
  g_assert_cmpuint (cbz_fake_provider_count_received (fixture->fake, "twilio"), ==, 0);

  /* Today's reminder: nothing to chase, and it says why. */
  held = prepare (fixture, &skip);
  g_assert_null (held);
  g_assert_nonnull (strstr (skip, "disputed"));
  g_clear_pointer (&skip, g_free);

  /* Rejected: A-101 is chased again. */
  rejected = cbz_store_resolve_dispute (fixture->store, dispute->id, CBZ_DISPUTE_RESOLUTION_REJECTED, 0, NULL,
                                        &error);
  g_assert_no_error (error);
  again = prepare (fixture, &skip);
  g_assert_null (skip);
  g_assert_nonnull (again);
  {
    g_autofree char *set = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->invoices[0]);

    g_assert_cmpstr (again->invoice_set, ==, set);
  }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add ("/outbox/dispute/stops-reminders", Fixture, NULL, outbox_fixture_set_up,
              test_dispute_stops_reminders, outbox_fixture_tear_down);

  return g_test_run ();
}
