/* cadence-test-util.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cadence-test-util.h"
#include "cbz-clock.h"

gint64
ct_at (const char *iso)
{
  g_autoptr(GError) error = NULL;
  gint64 us = 0;

  g_assert_true (cbz_clock_parse_instant (iso, &us, &error));
  g_assert_no_error (error);
  return us;
}

CbzCadence *
ct_cadence (const char *json)
{
  g_autoptr(GError) error = NULL;
  CbzCadence *cadence = cbz_cadence_new_from_json (json, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cadence);
  return cadence;
}

CbzPlanCustomer *
ct_customer (gint64      id,
             const char *country,
             const char *region)
{
  CbzPlanCustomer *customer = cbz_plan_customer_new (id);

  customer->tax_id = g_strdup_printf ("TAX%" G_GINT64_FORMAT, id);
  customer->name = g_strdup_printf ("Customer %" G_GINT64_FORMAT, id);
  customer->country = g_strdup (country);
  customer->region = g_strdup (region);
  customer->language = g_strdup ("es");
  customer->reach = CBZ_REACH_MOBILE | CBZ_REACH_WHATSAPP | CBZ_REACH_EMAIL | CBZ_REACH_ADDRESS | CBZ_REACH_PHONE;
  return customer;
}

void
ct_invoice (CbzPlanCustomer *customer,
            gint64           id,
            const char      *due,
            gint64           balance,
            const char      *currency,
            gboolean         disputed,
            const char      *paid_on)
{
  CbzPlanInvoice invoice = { 0 };
  g_autofree char *number = g_strdup_printf ("F-%" G_GINT64_FORMAT, id);

  invoice.id = id;
  invoice.number = number;
  g_assert_true (cbz_date_from_iso (due, &invoice.due_on));
  invoice.balance = cbz_money_init (balance, currency != NULL ? currency : "MXN");
  invoice.disputed = disputed;
  if (paid_on != NULL)
    g_assert_true (cbz_date_from_iso (paid_on, &invoice.paid_on));
  cbz_plan_customer_add_invoice (customer, &invoice);
}

void
ct_record (CbzPlanCustomer *customer,
           const char      *cadence_id,
           guint            step,
           const char      *episode,
           guint            repeat,
           const char      *at,
           CbzPlanOutcome   outcome)
{
  CbzPlanRecord record = { (char *) cadence_id, step, (char *) episode, repeat, ct_at (at), outcome };

  cbz_plan_customer_add_record (customer, &record);
}

void
ct_contact (CbzPlanCustomer   *customer,
            const char        *at,
            CbzEventChannel    channel,
            CbzEventDirection  direction,
            CbzContactKind     kind)
{
  CbzContactRecord contact = { ct_at (at), channel, direction, kind, FALSE };

  cbz_plan_customer_add_contact (customer, &contact);
}

char *
ct_summary (GPtrArray *actions)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < actions->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (actions, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%u", action->step);
      if (action->repeat > 0)
        g_string_append_printf (out, ".%u", action->repeat);
      g_string_append_printf (out, ":%s", cbz_plan_status_to_string (action->status));
      if (action->reason != CBZ_PLAN_REASON_NONE)
        g_string_append_printf (out, ":%s", cbz_plan_reason_to_string (action->reason));
      g_string_append_printf (out, ":%s", cbz_cadence_channel_to_string (action->channel));
      /* Every status but due says why. */
      if (action->status != CBZ_PLAN_STATUS_DUE)
        {
          g_assert_nonnull (action->reason_text);
          g_assert_cmpstr (action->reason_text, !=, "");
        }
    }
  return g_string_free (out, FALSE);
}

CbzPlanAction *
ct_find (GPtrArray     *actions,
         CbzPlanStatus  status)
{
  for (guint i = 0; i < actions->len; i++)
    {
      CbzPlanAction *action = g_ptr_array_index (actions, i);

      if (action->status == status)
        return action;
    }
  return NULL;
}

char *
ct_local (const CbzPlanAction *action)
{
  return cbz_plan_action_format_at (action);
}
