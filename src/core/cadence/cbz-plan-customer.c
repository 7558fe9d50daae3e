/* cbz-plan-customer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-plan-customer.h"

typedef struct
{
  CbzPlanCustomer customer;
  gatomicrefcount ref_count;
} CbzPlanCustomerPrivate;

G_DEFINE_BOXED_TYPE (CbzPlanCustomer, cbz_plan_customer, cbz_plan_customer_ref, cbz_plan_customer_unref)

static void
clear_invoice (CbzPlanInvoice *invoice)
{
  g_clear_pointer (&invoice->number, g_free);
}

static void
clear_record (CbzPlanRecord *record)
{
  g_clear_pointer (&record->cadence_id, g_free);
  g_clear_pointer (&record->episode, g_free);
}

CbzPlanCustomer *
cbz_plan_customer_new (gint64 id)
{
  CbzPlanCustomerPrivate *priv = g_new0 (CbzPlanCustomerPrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->customer.id = id;
  return &priv->customer;
}

CbzPlanCustomer *
cbz_plan_customer_ref (CbzPlanCustomer *customer)
{
  CbzPlanCustomerPrivate *priv = (CbzPlanCustomerPrivate *) customer;

  g_return_val_if_fail (customer != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return customer;
}

void
cbz_plan_customer_unref (CbzPlanCustomer *customer)
{
  CbzPlanCustomerPrivate *priv = (CbzPlanCustomerPrivate *) customer;

  g_return_if_fail (customer != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (customer->tax_id);
  g_free (customer->name);
  g_free (customer->country);
  g_free (customer->region);
  g_free (customer->zone);
  g_free (customer->language);
  g_strfreev (customer->tags);
  g_free (customer->cadence_id);
  g_clear_pointer (&customer->invoices, g_array_unref);
  g_clear_pointer (&customer->payments, g_array_unref);
  g_clear_pointer (&customer->promises, g_array_unref);
  g_clear_pointer (&customer->instalments, g_array_unref);
  g_clear_pointer (&customer->contacts, g_array_unref);
  g_clear_pointer (&customer->records, g_array_unref);
  g_free (priv);
}

static GArray *
ensure (GArray         **array,
        guint            element_size,
        GDestroyNotify   clear)
{
  if (*array == NULL)
    {
      *array = g_array_new (FALSE, TRUE, element_size);
      if (clear != NULL)
        g_array_set_clear_func (*array, clear);
    }
  return *array;
}

void
cbz_plan_customer_add_invoice (CbzPlanCustomer      *customer,
                               const CbzPlanInvoice *invoice)
{
  CbzPlanInvoice copy;

  g_return_if_fail (customer != NULL && invoice != NULL);

  copy = *invoice;
  copy.number = g_strdup (invoice->number);
  g_array_append_val (ensure (&customer->invoices, sizeof copy, (GDestroyNotify) clear_invoice), copy);
}

void
cbz_plan_customer_add_payment (CbzPlanCustomer      *customer,
                               const CbzPlanPayment *payment)
{
  g_return_if_fail (customer != NULL && payment != NULL);

  g_array_append_vals (ensure (&customer->payments, sizeof *payment, NULL), payment, 1);
}

void
cbz_plan_customer_add_promise (CbzPlanCustomer      *customer,
                               const CbzPlanPromise *promise)
{
  g_return_if_fail (customer != NULL && promise != NULL);

  g_array_append_vals (ensure (&customer->promises, sizeof *promise, NULL), promise, 1);
}

void
cbz_plan_customer_add_instalment (CbzPlanCustomer         *customer,
                                  const CbzPlanInstalment *instalment)
{
  g_return_if_fail (customer != NULL && instalment != NULL);

  g_array_append_vals (ensure (&customer->instalments, sizeof *instalment, NULL), instalment, 1);
}

void
cbz_plan_customer_add_contact (CbzPlanCustomer        *customer,
                               const CbzContactRecord *contact)
{
  g_return_if_fail (customer != NULL && contact != NULL);

  g_array_append_vals (ensure (&customer->contacts, sizeof *contact, NULL), contact, 1);
}

void
cbz_plan_customer_add_record (CbzPlanCustomer     *customer,
                              const CbzPlanRecord *record)
{
  CbzPlanRecord copy;

  g_return_if_fail (customer != NULL && record != NULL);

  copy = *record;
  copy.cadence_id = g_strdup (record->cadence_id);
  copy.episode = g_strdup (record->episode);
  g_array_append_val (ensure (&customer->records, sizeof copy, (GDestroyNotify) clear_record), copy);
}

static GArray *
copy_plain (GArray *array)
{
  GArray *copy;

  if (array == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, TRUE, g_array_get_element_size (array), array->len);
  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

CbzPlanCustomer *
cbz_plan_customer_copy (const CbzPlanCustomer *customer)
{
  CbzPlanCustomer *copy;

  g_return_val_if_fail (customer != NULL, NULL);

  copy = cbz_plan_customer_new (customer->id);
  copy->tax_id = g_strdup (customer->tax_id);
  copy->name = g_strdup (customer->name);
  copy->country = g_strdup (customer->country);
  copy->region = g_strdup (customer->region);
  copy->zone = g_strdup (customer->zone);
  copy->language = g_strdup (customer->language);
  copy->reach = customer->reach;
  copy->opt_outs = customer->opt_outs;
  copy->tags = g_strdupv (customer->tags);
  copy->cadence_id = g_strdup (customer->cadence_id);
  for (guint i = 0; customer->invoices != NULL && i < customer->invoices->len; i++)
    cbz_plan_customer_add_invoice (copy, &g_array_index (customer->invoices, CbzPlanInvoice, i));
  copy->payments = copy_plain (customer->payments);
  copy->promises = copy_plain (customer->promises);
  copy->instalments = copy_plain (customer->instalments);
  copy->contacts = copy_plain (customer->contacts);
  for (guint i = 0; customer->records != NULL && i < customer->records->len; i++)
    cbz_plan_customer_add_record (copy, &g_array_index (customer->records, CbzPlanRecord, i));
  return copy;
}

void
cbz_plan_customer_set_opt_out (CbzPlanCustomer *customer,
                               CbzEventChannel  channel,
                               gboolean         opt_out)
{
  g_return_if_fail (customer != NULL);

  if (opt_out)
    customer->opt_outs |= CBZ_EVENT_CHANNEL_BIT (channel);
  else
    customer->opt_outs &= ~CBZ_EVENT_CHANNEL_BIT (channel);
}

gboolean
cbz_plan_customer_has_tag (const CbzPlanCustomer *customer,
                           const char            *tag)
{
  g_return_val_if_fail (customer != NULL, FALSE);

  if (customer->tags == NULL || tag == NULL)
    return FALSE;
  for (guint i = 0; customer->tags[i] != NULL; i++)
    if (g_utf8_collate (customer->tags[i], tag) == 0 || g_ascii_strcasecmp (customer->tags[i], tag) == 0)
      return TRUE;
  return FALSE;
}

gboolean
cbz_plan_customer_can_use (const CbzPlanCustomer *customer,
                           CbzCadenceChannel      channel)
{
  g_return_val_if_fail (customer != NULL, FALSE);

  if (!(customer->reach & cbz_cadence_channel_get_reach (channel)))
    return FALSE;
  return !(customer->opt_outs & CBZ_EVENT_CHANNEL_BIT (cbz_cadence_channel_get_event_channel (channel)));
}

static const char * const promise_states[] = { "open", "kept", "broken", "cancelled" };
static const char * const instalment_states[] = { "paid", "due", "late" };
static const char * const outcomes[] = { "done", "skipped", "approved" };

static gboolean
lookup_nick (const char * const *nicks,
             guint               n,
             const char         *text,
             int                *out)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (nicks[i], text))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cbz_plan_promise_state_to_string (CbzPlanPromiseState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (promise_states), NULL);
  return promise_states[state];
}

gboolean
cbz_plan_promise_state_from_string (const char          *text,
                                    CbzPlanPromiseState *state)
{
  int value;

  g_return_val_if_fail (state != NULL, FALSE);
  if (!lookup_nick (promise_states, G_N_ELEMENTS (promise_states), text, &value))
    return FALSE;
  *state = (CbzPlanPromiseState) value;
  return TRUE;
}

const char *
cbz_plan_instalment_state_to_string (CbzPlanInstalmentState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (instalment_states), NULL);
  return instalment_states[state];
}

gboolean
cbz_plan_instalment_state_from_string (const char             *text,
                                       CbzPlanInstalmentState *state)
{
  int value;

  g_return_val_if_fail (state != NULL, FALSE);
  if (!lookup_nick (instalment_states, G_N_ELEMENTS (instalment_states), text, &value))
    return FALSE;
  *state = (CbzPlanInstalmentState) value;
  return TRUE;
}

const char *
cbz_plan_outcome_to_string (CbzPlanOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcomes), NULL);
  return outcomes[outcome];
}

gboolean
cbz_plan_outcome_from_string (const char     *text,
                              CbzPlanOutcome *outcome)
{
  int value;

  g_return_val_if_fail (outcome != NULL, FALSE);
  if (!lookup_nick (outcomes, G_N_ELEMENTS (outcomes), text, &value))
    return FALSE;
  *outcome = (CbzPlanOutcome) value;
  return TRUE;
}

static gboolean
is_chased_overdue (const CbzPlanInvoice *invoice,
                   CbzDate               today)
{
  return !invoice->disputed && invoice->balance.minor > 0 && cbz_date_compare (invoice->due_on, today) < 0;
}

CbzMoney
cbz_plan_customer_get_overdue (const CbzPlanCustomer *customer,
                               CbzDate                today,
                               const char            *currency)
{
  CbzMoney total;

  g_return_val_if_fail (customer != NULL, cbz_money_init (0, NULL));
  g_return_val_if_fail (currency != NULL, cbz_money_init (0, NULL));

  total = cbz_money_init (0, currency);
  for (guint i = 0; customer->invoices != NULL && i < customer->invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (customer->invoices, CbzPlanInvoice, i);

      if (is_chased_overdue (invoice, today) && cbz_money_same_currency (invoice->balance, total) &&
          invoice->balance.minor <= G_MAXINT64 - total.minor)
        total.minor += invoice->balance.minor;
    }
  return total;
}

int
cbz_plan_customer_get_days_late (const CbzPlanCustomer *customer,
                                 CbzDate                today)
{
  int days = 0;

  g_return_val_if_fail (customer != NULL, 0);

  for (guint i = 0; customer->invoices != NULL && i < customer->invoices->len; i++)
    {
      const CbzPlanInvoice *invoice = &g_array_index (customer->invoices, CbzPlanInvoice, i);

      if (is_chased_overdue (invoice, today))
        days = MAX (days, cbz_date_days_between (invoice->due_on, today));
    }
  return days;
}
