/* test-model.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-debtor.h"
#include "cbz-enum.h"
#include "cbz-event.h"
#include "cbz-invoice.h"
#include "cbz-payment.h"
#include "cbz-promise.h"
#include "cbz-test-util.h"

/* Every value of an enum type has a string form that parses back to it. */
#define ASSERT_ROUND_TRIP(TYPE, to_string, from_string, Enum, skip_null)   \
  G_STMT_START {                                                          \
    GEnumClass *klass = g_type_class_ref (TYPE);                          \
    for (guint i = 0; i < klass->n_values; i++)                           \
      {                                                                   \
        Enum value = klass->values[i].value, parsed;                      \
        const char *str = to_string (value);                              \
        if (str == NULL && skip_null)                                     \
          continue;                                                       \
        g_assert_nonnull (str);                                           \
        g_assert_true (from_string (str, &parsed));                       \
        g_assert_cmpint (parsed, ==, value);                              \
      }                                                                   \
    g_type_class_unref (klass);                                           \
  } G_STMT_END

static void
test_enum_strings (void)
{
  CbzInvoiceStatus status;
  CbzEventChannel channel;
  CbzDeliveryState state;
  CbzEventKind kind;

  ASSERT_ROUND_TRIP (CBZ_TYPE_INVOICE_STATUS, cbz_invoice_status_to_string, cbz_invoice_status_from_string, CbzInvoiceStatus, FALSE);
  ASSERT_ROUND_TRIP (CBZ_TYPE_PROMISE_STATUS, cbz_promise_status_to_string, cbz_promise_status_from_string, CbzPromiseStatus, FALSE);
  ASSERT_ROUND_TRIP (CBZ_TYPE_EVENT_KIND, cbz_event_kind_to_string, cbz_event_kind_from_string, CbzEventKind, FALSE);
  ASSERT_ROUND_TRIP (CBZ_TYPE_EVENT_CHANNEL, cbz_event_channel_to_string, cbz_event_channel_from_string, CbzEventChannel, TRUE);
  ASSERT_ROUND_TRIP (CBZ_TYPE_EVENT_DIRECTION, cbz_event_direction_to_string, cbz_event_direction_from_string, CbzEventDirection, FALSE);
  ASSERT_ROUND_TRIP (CBZ_TYPE_DELIVERY_STATE, cbz_delivery_state_to_string, cbz_delivery_state_from_string, CbzDeliveryState, TRUE);

  /* The sqlite values named in 0001-initial.sql. */
  g_assert_cmpstr (cbz_invoice_status_to_string (CBZ_INVOICE_STATUS_PARTIALLY_PAID), ==, "partially-paid");
  g_assert_cmpstr (cbz_invoice_status_to_string (CBZ_INVOICE_STATUS_WRITTEN_OFF), ==, "written-off");
  g_assert_cmpstr (cbz_event_kind_to_string (CBZ_EVENT_KIND_OPT_OUT), ==, "opt-out");
  g_assert_cmpstr (cbz_event_channel_to_string (CBZ_EVENT_CHANNEL_IN_PERSON), ==, "in-person");
  g_assert_cmpstr (cbz_delivery_state_to_string (CBZ_DELIVERY_STATE_DRY_RUN), ==, "dry-run");
  g_assert_null (cbz_event_channel_to_string (CBZ_EVENT_CHANNEL_NONE));
  g_assert_null (cbz_delivery_state_to_string (CBZ_DELIVERY_STATE_NONE));

  /* NULL columns read as NONE; unknown words are refused. */
  g_assert_true (cbz_event_channel_from_string (NULL, &channel));
  g_assert_cmpint (channel, ==, CBZ_EVENT_CHANNEL_NONE);
  g_assert_true (cbz_delivery_state_from_string (NULL, &state));
  g_assert_cmpint (state, ==, CBZ_DELIVERY_STATE_NONE);
  g_assert_false (cbz_invoice_status_from_string ("pagada", &status));
  g_assert_false (cbz_event_kind_from_string ("fax", &kind));
  g_assert_false (cbz_event_channel_from_string ("fax", &channel));
  /* "none" is the enum's nick for NULL, not a value stored in sqlite. */
  g_assert_false (cbz_event_channel_from_string ("none", &channel));
  g_assert_false (cbz_delivery_state_from_string ("none", &state));
  /* The string forms are the GEnumClass nicks, nothing else. */
  g_assert_cmpstr (cbz_enum_to_nick (CBZ_TYPE_PROMISE_STATUS, CBZ_PROMISE_STATUS_CANCELLED), ==, "cancelled");
  g_assert_null (cbz_enum_to_nick (CBZ_TYPE_INVOICE_STATUS, 99));

  g_assert_cmpstr (cbz_invoice_status_get_label (CBZ_INVOICE_STATUS_PAID), ==, "Paid");
  g_assert_cmpstr (cbz_event_kind_get_icon_name (CBZ_EVENT_KIND_CALL), ==, "call-start-symbolic");
}

static void
test_debtor (void)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  CbzDebtor *extra;

  /* New debtors default to Spanish and pesos, with an empty tag list. */
  g_assert_cmpstr (debtor->language, ==, "es");
  g_assert_cmpstr (debtor->currency, ==, "MXN");
  g_assert_nonnull (debtor->tags);
  g_assert_cmpuint (g_strv_length (debtor->tags), ==, 0);

  cbz_debtor_set_opt_out (debtor, CBZ_EVENT_CHANNEL_WHATSAPP, TRUE);
  cbz_debtor_set_opt_out (debtor, CBZ_EVENT_CHANNEL_PHONE, TRUE);
  g_assert_true (debtor->opt_out_whatsapp);
  g_assert_true (debtor->opt_out_call);
  g_assert_true (cbz_debtor_get_opt_out (debtor, CBZ_EVENT_CHANNEL_WHATSAPP));
  g_assert_false (cbz_debtor_get_opt_out (debtor, CBZ_EVENT_CHANNEL_SMS));
  g_assert_false (cbz_debtor_get_opt_out (debtor, CBZ_EVENT_CHANNEL_IN_PERSON));

  g_strfreev (debtor->tags);
  debtor->tags = g_strsplit ("gobierno,mayoreo", ",", -1);
  g_assert_true (cbz_debtor_has_tag (debtor, "mayoreo"));
  g_assert_false (cbz_debtor_has_tag (debtor, "menudeo"));

  /* Reference counting: the struct outlives the first owner. */
  extra = cbz_debtor_ref (debtor);
  debtor->name = g_strdup ("Ñandú Textil");
  cbz_debtor_unref (extra);
  g_assert_cmpstr (debtor->name, ==, "Ñandú Textil");
  g_assert_true (G_TYPE_IS_BOXED (CBZ_TYPE_DEBTOR));
}

static void
test_invoice_open (void)
{
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  static const struct
  {
    CbzInvoiceStatus status;
    gint64           balance;
    gboolean         open;
  } cases[] = {
    { CBZ_INVOICE_STATUS_OPEN, 100, TRUE },
    { CBZ_INVOICE_STATUS_PARTIALLY_PAID, 50, TRUE },
    { CBZ_INVOICE_STATUS_DISPUTED, 100, TRUE },
    { CBZ_INVOICE_STATUS_PAID, 0, FALSE },
    { CBZ_INVOICE_STATUS_WRITTEN_OFF, 100, FALSE },
    { CBZ_INVOICE_STATUS_OPEN, 0, FALSE },
  };

  g_assert_cmpint (invoice->status, ==, CBZ_INVOICE_STATUS_OPEN);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      invoice->status = cases[i].status;
      invoice->balance = cases[i].balance;
      g_assert_cmpint (cbz_invoice_is_open (invoice), ==, cases[i].open);
    }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_event (void)
{
  g_autoptr(CbzEvent) event = cbz_event_new (7, CBZ_EVENT_KIND_REMINDER, "Recordatorio");
  g_autoptr(CbzPayment) payment = cbz_payment_new ();
  g_autoptr(CbzPromise) promise = cbz_promise_new ();
  const gint64 *ids;
  const gint64 two[] = { 3, 4 };
  gsize n_ids;
  guint notified = 0;
  char *summary = NULL;

  g_assert_cmpint (cbz_event_get_debtor_id (event), ==, 7);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_INTERNAL);
  g_assert_cmpint (cbz_event_get_occurred_at (event), >, 0);

  g_signal_connect (event, "notify", G_CALLBACK (notify_cb), &notified);
  cbz_event_set_summary (event, "Recordatorio");       /* same: no notify */
  cbz_event_set_summary (event, "Recordatorio enviado");
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_SENT);
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_SENT);
  g_assert_cmpuint (notified, ==, 2);

  g_object_get (event, "summary", &summary, NULL);
  g_assert_cmpstr (summary, ==, "Recordatorio enviado");
  g_free (summary);

  cbz_event_add_invoice_id (event, 10);
  cbz_event_add_invoice_id (event, 11);
  ids = cbz_event_get_invoice_ids (event, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[1], ==, 11);
  cbz_event_set_invoice_ids (event, two, 2);
  ids = cbz_event_get_invoice_ids (event, &n_ids);
  g_assert_cmpint (ids[0], ==, 3);

  g_assert_cmpint (promise->status, ==, CBZ_PROMISE_STATUS_PENDING);
  g_assert_cmpint (payment->invoice_id, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/enum-strings", test_enum_strings);
  g_test_add_func ("/core/model/debtor", test_debtor);
  g_test_add_func ("/core/model/invoice-open", test_invoice_open);
  g_test_add_func ("/core/model/event", test_event);

  return g_test_run ();
}
