/* test-outbox.c: the outbox itself: idempotent enqueueing, the state
 * machine, secrets kept out of the database file, message templates, and
 * the store's rows behind it.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-store-outbox.h"
#include "test-outbox-fixture.h"

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


static void
count_record_cb (const CbzOutboxRecord *record,
                 gpointer               user_data)
{
  g_array_append_val ((GArray *) user_data, record->id);
}

/* The store's side of the outbox, below the policy. */
static void
test_store_records (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 held = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:held");
  gint64 failed = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:failed");
  gint64 queued = enqueue (fixture, 2, CBZ_CHANNEL_EMAIL, "sendgrid", "manual:reminder:email");
  g_autoptr(CbzOutboxMessage) dry = make_message (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:dry");
  CbzOutboxState attention[] = { CBZ_OUTBOX_STATE_UNKNOWN, CBZ_OUTBOX_STATE_FAILED };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) needed = NULL;
  g_autoptr(GArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *disputed = NULL;
  gint64 lookup[] = { fixture->debtors[0], fixture->debtors[0], 9999 };
  gboolean moved = TRUE;
  guint64 n_queued = 0;

  dry->dry_run = TRUE;
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, dry, NULL, &error));
  g_assert_no_error (error);

  /* A change applies only from the state the caller saw. */
  g_assert_true (cbz_store_outbox_set_state (fixture->store, held, CBZ_OUTBOX_STATE_SENDING,
                                             CBZ_OUTBOX_STATE_UNKNOWN, "x", NULL, 0, cbz_now (), &moved, &error));
  g_assert_no_error (error);
  g_assert_false (moved);
  g_assert_true (cbz_store_outbox_set_state (fixture->store, held, CBZ_OUTBOX_STATE_QUEUED,
                                             CBZ_OUTBOX_STATE_UNKNOWN, "check first", NULL, 0, cbz_now (),
                                             &moved, &error));
  g_assert_true (moved);
  g_assert_true (cbz_store_outbox_set_state (fixture->store, failed, CBZ_OUTBOX_STATE_QUEUED,
                                             CBZ_OUTBOX_STATE_FAILED, "no", NULL, 0, cbz_now (), &moved, &error));
  g_assert_true (moved);

  /* By states, newest first; a limit counts across them. */
  g_assert_true (cbz_store_outbox_list (fixture->store, attention, 2, 0, 0, count_record_cb, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, failed);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, held);
  g_array_set_size (ids, 0);
  g_assert_true (cbz_store_outbox_list (fixture->store, NULL, 0, fixture->debtors[2], 1, count_record_cb, ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, queued);

  /* Names of the customers asked about, repeats and strangers allowed. */
  names = cbz_store_outbox_get_customer_names (fixture->store, lookup, G_N_ELEMENTS (lookup), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (names, &fixture->debtors[0]), ==, "Ferretería López");

  /* What needs an account: not the rehearsal. */
  needed = cbz_store_outbox_count_queued_by_provider (fixture->store, &n_queued, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_queued, ==, 2);
  g_assert_cmpuint (g_hash_table_size (needed), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (needed, "sendgrid")), ==, 1);

  /* The customer a reply comes from, and who owes. */
  g_assert_cmpint (cbz_store_find_debtor_by_number (fixture->store, "+5215511110002", &error), ==, fixture->debtors[1]);
  g_assert_cmpint (cbz_store_find_debtor_by_number (fixture->store, "+5215500000000", &error), ==, 0);
  g_assert_no_error (error);
  overdue = cbz_store_list_overdue_debtor_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, >=, 3);
  g_assert_cmpint (g_array_index (overdue, gint64, 0), ==, fixture->debtors[0]);

  /* Disputed invoices among a message's. */
  {
    g_autofree char *set = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                            fixture->invoices[2], fixture->disputed_invoice);

    disputed = cbz_store_outbox_find_disputed (fixture->store, fixture->debtors[3], set, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (disputed, ==, "D-9");
    g_clear_pointer (&disputed, g_free);
    disputed = cbz_store_outbox_find_disputed (fixture->store, fixture->debtors[0], set, &error);
    g_assert_null (disputed);
  }

  /* The column's words are the enum's nicks, written once. */
  for (CbzOutboxState state = 0; state < CBZ_OUTBOX_N_STATES; state++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (CBZ_TYPE_OUTBOX_STATE);

      g_assert_cmpstr (cbz_outbox_state_to_string (state), ==, g_enum_get_value (klass, state)->value_nick);
    }
  g_assert_cmpstr (cbz_outbox_state_to_string (CBZ_OUTBOX_STATE_DRY_RUN), ==, "dry-run");
  g_assert_false (cbz_outbox_state_from_string ("held", NULL));
}

static char *
run_cli (Fixture     *fixture,
         int          expected_status,
         char       **err_out,
         ...)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "cobranza-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, fixture->path);
  va_start (args, err_out);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  *err_out = err;
  return out;
}

/* `cobranza-cli outbox` lists what a run left, delivered messages (asked
 * about for the last time) included, and takes the person's decisions. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  gint64 delivered = enqueue (fixture, 0, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:delivered");
  gint64 held = enqueue (fixture, 1, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:held");
  g_autoptr(CbzOutboxMessage) message = get (fixture, delivered);
  g_autoptr(CbzOutboxMessage) holding = get (fixture, held);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, held);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  enqueue (fixture, 2, CBZ_CHANNEL_SMS, "twilio", "manual:reminder:queued");
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_SENDING, NULL, NULL, 0, &error));
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_SENT, "SM1", NULL, 0, &error));
  /* Nothing more to ask: no next attempt. */
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_DELIVERED, NULL, NULL,
                                         G_MAXINT64, &error));
  g_assert_true (_cbz_outbox_transition (fixture->outbox, holding, CBZ_OUTBOX_STATE_SENDING, NULL, NULL, 0, &error));
  g_assert_true (_cbz_outbox_transition (fixture->outbox, holding, CBZ_OUTBOX_STATE_UNKNOWN, NULL,
                                         "check first", 0, &error));
  g_assert_no_error (error);

  out = run_cli (fixture, 0, &err, "outbox", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "queued 1, sending 0, sent 0, delivered 1, failed 0, unknown 1, dry-run 0, cancelled 0"));
  g_assert_nonnull (strstr (out, "delivered"));
  g_assert_nonnull (strstr (out, "check first"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, 0, &err, "outbox", "--resend", id, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "is queued again"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, 0, &err, "outbox", "--state", "unknown", NULL);
  g_assert_nonnull (strstr (out, "No messages."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, 2, &err, "outbox", "--state", "held", NULL);
  g_assert_nonnull (strstr (err, "“held” is not a state"));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  OUTBOX_TEST_ADD ("/outbox/enqueue/idempotent", test_enqueue_idempotent);
  OUTBOX_TEST_ADD ("/outbox/state-machine", test_state_machine);
  OUTBOX_TEST_ADD ("/outbox/secrets-not-in-database", test_secrets_not_in_database);
  OUTBOX_TEST_ADD ("/outbox/templates", test_templates);
  OUTBOX_TEST_ADD ("/outbox/store/records", test_store_records);
  OUTBOX_TEST_ADD ("/outbox/cli", test_cli);

  return g_test_run ();
}
