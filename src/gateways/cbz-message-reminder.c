/* cbz-message-reminder.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payment reminder to one customer: the values its wording is filled
 * with, where it goes, and the outbox message it becomes. Declared in
 * cbz-message-template.h with the wordings it renders.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "cbz-credentials.h"
#include "cbz-message-template.h"
#include "cbz-money.h"

static char *
join_numbers (GPtrArray  *numbers,
              const char *language)
{
  gboolean english = g_str_has_prefix (language, "en");
  GString *out = g_string_new (NULL);
  guint shown = MIN (numbers->len, 3);

  /* A reminder that lists twenty invoices no longer fits in an SMS. */
  if (numbers->len > 3)
    shown = 2;

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (out, (i == shown - 1 && numbers->len == shown) ? (english ? " and " : " y ") : ", ");
      g_string_append (out, g_ptr_array_index (numbers, i));
    }
  if (numbers->len > shown)
    g_string_append_printf (out, english ? " and %u more" : " y %u más", numbers->len - shown);
  return g_string_free (out, FALSE);
}

static char *
format_date (const char *iso,
             const char *language)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso != NULL ? iso : "");
  if (g_str_has_prefix (language, "en"))
    return g_strdup (iso);
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

static void
set_default (CbzTemplateContext *context,
             CbzTemplateVar      var,
             const char         *value)
{
  if (cbz_template_context_get (context, var) == NULL)
    cbz_template_context_set (context, var, value);
}

CbzTemplateContext *
cbz_message_context_new_for_debtor (CbzStore            *store,
                                    gint64               debtor_id,
                                    CbzTemplateContext  *company,
                                    GArray             **invoice_ids,
                                    GError             **error)
{
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *locale = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *invoices_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *days_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *today_text = NULL;
  const char *language;
  const char *oldest_due = NULL;
  const char *oldest_number = NULL;
  gint64 overdue = 0;
  gint64 total = 0;
  gint64 max_days = 0;
  guint n_disputed = 0;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  debtor = cbz_store_get_debtor (store, debtor_id, error);
  if (debtor == NULL)
    return NULL;
  invoices = cbz_store_list_invoices (store, debtor_id, TRUE, error);
  if (invoices == NULL)
    return NULL;

  language = debtor->language != NULL ? debtor->language : "es";
  locale = g_strdup_printf ("%s_%s", language, debtor->country != NULL ? debtor->country : "MX");

  for (guint i = 0; i < invoices->len; i++)
    {
      CbzInvoice *invoice = g_ptr_array_index (invoices, i);

      /* Amounts are summed in the customer's main currency only. */
      if (g_strcmp0 (invoice->currency, debtor->currency) != 0 || invoice->balance <= 0)
        continue;
      total += invoice->balance;
      if (invoice->days_overdue <= 0)
        continue;
      if (invoice->status == CBZ_INVOICE_STATUS_DISPUTED)
        {
          n_disputed++;
          continue;
        }
      overdue += invoice->balance;
      max_days = MAX (max_days, invoice->days_overdue);
      if (oldest_due == NULL || g_strcmp0 (invoice->due_date, oldest_due) < 0)
        {
          oldest_due = invoice->due_date;
          oldest_number = invoice->number;
        }
      g_ptr_array_add (numbers, invoice->number);
      g_array_append_val (ids, invoice->id);
    }

  if (ids->len == 0)
    {
      if (n_disputed > 0)
        g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE,
                     _("%s: every overdue invoice is disputed; disputed invoices are not chased"),
                     debtor->name);
      else
        g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE,
                     _("%s has nothing overdue"), debtor->name);
      return NULL;
    }

  context = company != NULL ? cbz_template_context_copy (company) : cbz_template_context_new ();
  overdue_text = cbz_money_format (cbz_money_init (overdue, debtor->currency), locale);
  total_text = cbz_money_format (cbz_money_init (total, debtor->currency), locale);
  invoices_text = join_numbers (numbers, language);
  due_text = format_date (oldest_due, language);
  days_text = g_strdup_printf ("%" G_GINT64_FORMAT, max_days);
  count_text = g_strdup_printf ("%u", ids->len);
  today_text = format_date (cbz_store_get_today (store), language);

  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_NAME, debtor->name);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_CONTACT,
                            debtor->contact_person != NULL ? debtor->contact_person : debtor->name);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_TAX_ID, debtor->tax_id != NULL ? debtor->tax_id : "");
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_OVERDUE_BALANCE, overdue_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_TOTAL_BALANCE, total_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_DAYS_OVERDUE, days_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_DUE_DATE, due_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICES, invoices_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICE, oldest_number);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICE_COUNT, count_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_CURRENCY, debtor->currency);
  set_default (context, CBZ_TEMPLATE_VAR_DATE, today_text);
  set_default (context, CBZ_TEMPLATE_VAR_TOTAL_DUE, overdue_text);

  /* Optional company details: blank rather than an error when not set up.
   * The company's name is not optional: a reminder must say who sends it. */
  set_default (context, CBZ_TEMPLATE_VAR_COMPANY_PHONE, "");
  set_default (context, CBZ_TEMPLATE_VAR_COMPANY_EMAIL, "");
  set_default (context, CBZ_TEMPLATE_VAR_PAYMENT_LINK, "");
  set_default (context, CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE, "");
  set_default (context, CBZ_TEMPLATE_VAR_BANK, "");
  set_default (context, CBZ_TEMPLATE_VAR_ACCOUNT, "");
  set_default (context, CBZ_TEMPLATE_VAR_SIGNER, "");
  set_default (context, CBZ_TEMPLATE_VAR_LATE_FEE, "");
  set_default (context, CBZ_TEMPLATE_VAR_DEADLINE, "");

  if (invoice_ids != NULL)
    *invoice_ids = g_steal_pointer (&ids);
  return g_steal_pointer (&context);
}

/**
 * cbz_message_default_provider:
 * @channel: a channel
 *
 * Returns: the provider used for @channel when none is named
 */
const char *
cbz_message_default_provider (CbzChannel channel)
{
  static const char * const email_providers[] = { "sendgrid", "mailgun", "postmark" };

  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return "whatsapp";
    case CBZ_CHANNEL_EMAIL:
      /* The first e-mail provider with credentials in the environment or
       * turned on in Preferences. */
      for (guint i = 0; i < G_N_ELEMENTS (email_providers); i++)
        {
          g_autoptr(CbzProviderAccount) account = cbz_credentials_account_from_env (email_providers[i]);

          if (account != NULL || cbz_credentials_is_enabled (email_providers[i]))
            return email_providers[i];
        }
      return "sendgrid";
    case CBZ_CHANNEL_SMS:
    default:
      return "twilio";
    }
}

/**
 * cbz_message_pick_recipient:
 *
 * Returns: (transfer full) (nullable): where to reach @debtor on @channel
 */
char *
cbz_message_pick_recipient (const CbzDebtor *debtor,
                            CbzChannel       channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return g_strdup (debtor->whatsapp != NULL ? debtor->whatsapp : debtor->mobile);
    case CBZ_CHANNEL_EMAIL:
      if (debtor->email == NULL)
        return NULL;
      {
        g_auto(GStrv) addresses = g_strsplit (debtor->email, ",", 2);
        return g_strstrip (g_strdup (addresses[0]));
      }
    case CBZ_CHANNEL_SMS:
    default:
      return g_strdup (debtor->mobile != NULL ? debtor->mobile : debtor->phone);
    }
}

/* Why a customer gets no reminder on @channel, one sentence per channel. */
static char *
describe_no_address (const CbzDebtor *debtor,
                     CbzChannel       channel)
{
  long long id = (long long) debtor->id;

  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      /* Translators: 1 a customer's name; 2 its number in the portfolio. */
      return g_strdup_printf (_("%1$s (customer %2$lld) has no WhatsApp or mobile number"), debtor->name, id);
    case CBZ_CHANNEL_EMAIL:
      return g_strdup_printf (_("%1$s (customer %2$lld) has no e-mail address"), debtor->name, id);
    case CBZ_CHANNEL_SMS:
    default:
      return g_strdup_printf (_("%1$s (customer %2$lld) has no mobile or phone number for SMS"), debtor->name, id);
    }
}

/**
 * cbz_message_build_reminder:
 *
 * Renders @template_name for the customer into an outbox message keyed by
 * "manual:TEMPLATE:CHANNEL", its overdue undisputed invoices and @cycle, so
 * asking twice the same day for the same invoices gives the same key.
 *
 * Returns: (transfer full) (nullable): the message; NULL with a reason for a
 *   person in *@skip when the customer is skipped (nothing overdue, no
 *   address), NULL with @error on failure
 */
CbzOutboxMessage *
cbz_message_build_reminder (CbzStore            *store,
                            gint64               debtor_id,
                            CbzChannel           channel,
                            const char          *provider,
                            const char          *template_name,
                            CbzTemplateContext  *company,
                            const char          *cycle,
                            char               **skip,
                            GError             **error)
{
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzMessageTemplate) template = NULL;
  g_autoptr(CbzRenderedMessage) rendered = NULL;
  g_autoptr(GArray) invoice_ids = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *action = NULL;
  CbzOutboxMessage *message;

  debtor = cbz_store_get_debtor (store, debtor_id, error);
  if (debtor == NULL)
    return NULL;

  recipient = cbz_message_pick_recipient (debtor, channel);
  if (recipient == NULL || *recipient == '\0')
    {
      *skip = describe_no_address (debtor, channel);
      return NULL;
    }

  context = cbz_message_context_new_for_debtor (store, debtor_id, company, &invoice_ids, &local_error);
  if (context == NULL)
    {
      if (g_error_matches (local_error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE))
        {
          *skip = g_strdup (local_error->message);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  template = cbz_message_template_load (store, template_name, channel,
                                        debtor->language != NULL ? debtor->language : "es", error);
  if (template == NULL)
    return NULL;
  rendered = cbz_message_template_render (template, context, error);
  if (rendered == NULL)
    return NULL;

  message = cbz_outbox_message_new (debtor_id, channel, provider, recipient, rendered->body);
  action = g_strdup_printf ("manual:%s:%s", template_name, cbz_channel_to_string (channel));
  cbz_outbox_message_set_key (message, action, (const gint64 *) (gpointer) invoice_ids->data,
                              invoice_ids->len, cycle);
  message->template_name = g_strdup (template_name);
  message->language = g_strdup (template->language);
  message->subject = g_steal_pointer (&rendered->subject);
  message->html = g_steal_pointer (&rendered->html);
  /* Meta names templates ("recordatorio_pago"); Twilio wants the ContentSid
   * ("HX…") of its own copy. A Meta name is no use to Twilio: the text goes
   * instead (fine inside the 24-hour window, refused with a reason outside). */
  if (channel == CBZ_CHANNEL_WHATSAPP && template->wa_template != NULL &&
      (g_strcmp0 (provider, "twilio") != 0 || g_str_has_prefix (template->wa_template, "HX")))
    {
      message->wa_template = g_strdup (template->wa_template);
      message->wa_language = g_strdup (template->wa_language);
      message->wa_params = g_steal_pointer (&rendered->wa_params);
    }
  return message;
}
