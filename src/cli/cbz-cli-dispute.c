/* cbz-cli-dispute.c: `cobranza-cli dispute`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-cli-customer.h"
#include "cbz-cli-record.h"
#include "cbz-clock.h"
#include "cbz-money.h"
#include "cbz-store-disputes.h"
#include "payments/cbz-amount.h"

typedef struct
{
  char     *customer;
  char     *tax_id;
  char     *invoice;
  char     *reason;
  char     *note;
  gint64    resolve;
  gboolean  upheld;
  gboolean  rejected;
  char     *credit;
  gboolean  list;
  gboolean  all;
  gboolean  json;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->customer);
  g_free (options->tax_id);
  g_free (options->invoice);
  g_free (options->reason);
  g_free (options->note);
  g_free (options->credit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static char *
format_money (gint64      minor,
              const char *currency)
{
  return cbz_money_format (cbz_money_init (minor, currency), NULL);
}

static void
add_dispute_members (JsonBuilder      *builder,
                     const CbzDispute *dispute)
{
  char day[CBZ_DATE_ISO_LENGTH];
  g_autoptr(GDateTime) opened = cbz_date_time_new_from_usec_utc (dispute->opened_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (opened);

  json_builder_set_member_name (builder, "dispute_id");
  json_builder_add_int_value (builder, dispute->id);
  json_builder_set_member_name (builder, "customer");
  json_builder_add_int_value (builder, dispute->debtor_id);
  json_builder_set_member_name (builder, "invoice_id");
  json_builder_add_int_value (builder, dispute->invoice_id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, dispute->invoice_number);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, cbz_dispute_reason_to_string (dispute->reason));
  json_builder_set_member_name (builder, "state");
  if (cbz_dispute_is_open (dispute))
    json_builder_add_string_value (builder, "open");
  else
    json_builder_add_string_value (builder, cbz_dispute_resolution_to_string (dispute->resolution));
  json_builder_set_member_name (builder, "opened_on");
  json_builder_add_string_value (builder, cbz_date_to_iso (cbz_date_from_date_time (local), day));
  json_builder_set_member_name (builder, "balance");
  json_builder_add_int_value (builder, dispute->invoice_balance);
  json_builder_set_member_name (builder, "credit");
  json_builder_add_int_value (builder, dispute->credit);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, dispute->currency);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, dispute->note);
}

static void
print_dispute (const CbzDispute *dispute,
               gboolean          json)
{
  g_autofree char *balance = NULL;
  g_autofree char *id = NULL;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_dispute_members (builder, dispute);
      json_builder_end_object (builder);
      cbz_cli_record_print_json (builder);
      return;
    }

  balance = format_money (dispute->invoice_balance, dispute->currency);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, dispute->id);
  if (cbz_dispute_is_open (dispute))
    /* Translators: a dispute number, an invoice number, a reason such as "Wrong amount", an amount */
    printf (_("Dispute %s: invoice %s, %s; %s owed, not chased until resolved\n"), id,
            dispute->invoice_number, cbz_dispute_reason_get_label (dispute->reason), balance);
  else if (dispute->resolution == CBZ_DISPUTE_RESOLUTION_UPHELD)
    {
      g_autofree char *credit = format_money (dispute->credit, dispute->currency);

      /* Translators: a dispute number, an invoice number, the credit, what is still owed */
      printf (_("Dispute %s: invoice %s, upheld with a credit of %s; %s still owed\n"), id,
              dispute->invoice_number, credit, balance);
    }
  else
    /* Translators: a dispute number, an invoice number, what is owed */
    printf (_("Dispute %s: invoice %s, rejected; %s owed\n"), id, dispute->invoice_number, balance);
}

/* --invoice NUMBER, within the customer when given: exactly one. */
static gint64
find_invoice (CbzStore       *store,
              const Options  *options,
              GError        **error)
{
  g_autoptr(GPtrArray) invoices = NULL;
  gint64 debtor_id = 0;

  if (options->customer != NULL || options->tax_id != NULL)
    {
      debtor_id = cbz_cli_resolve_customer (store, options->customer, options->tax_id, error);
      if (debtor_id == 0)
        return 0;
    }
  invoices = cbz_store_list_invoices_by_number (store, options->invoice, debtor_id, error);
  if (invoices == NULL)
    return 0;
  if (invoices->len == 0)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   debtor_id != 0 ? _("--invoice: this customer has no invoice numbered “%s”")
                                  : _("--invoice: no invoice is numbered “%s”"),
                   options->invoice);
      return 0;
    }
  if (invoices->len > 1)
    {
      g_autoptr(GString) customers = g_string_new (NULL);

      for (guint i = 0; i < invoices->len; i++)
        g_string_append_printf (customers, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                                ((CbzInvoice *) invoices->pdata[i])->debtor_id);
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("--invoice: customers %s each have an invoice numbered “%s”; say which with --customer"),
                   customers->str, options->invoice);
      return 0;
    }
  return ((CbzInvoice *) invoices->pdata[0])->id;
}

static int
open_dispute (CbzStore      *store,
              const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  CbzDisputeReason reason;
  gint64 invoice_id;

  if (!cbz_dispute_reason_parse (options->reason, &reason, &error))
    {
      cbz_cli_print_error ("--reason: %s", error->message);
      return 2;
    }
  invoice_id = find_invoice (store, options, &error);
  if (invoice_id == 0)
    {
      cbz_cli_print_error ("%s", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? 2 : 1;
    }
  dispute = cbz_store_open_dispute (store, invoice_id, reason, options->note, &error);
  if (dispute == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  print_dispute (dispute, options->json);
  return 0;
}

static int
resolve_dispute (CbzStore      *store,
                 const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(CbzDispute) resolved = NULL;
  CbzMoney credit = { 0, };

  if (options->upheld == options->rejected)
    {
      cbz_cli_print_error ("%s", _("--resolve needs --upheld or --rejected (one of them)"));
      return 2;
    }
  if (options->credit != NULL && options->rejected)
    {
      cbz_cli_print_error ("%s", _("--credit goes with --upheld: a rejected dispute gives no credit"));
      return 2;
    }

  dispute = cbz_store_get_dispute (store, options->resolve, &error);
  if (dispute == NULL)
    {
      cbz_cli_print_error ("--resolve: %s", error->message);
      return 1;
    }
  if (options->credit != NULL)
    {
      if (!cbz_amount_parse (options->credit, dispute->currency, &credit, &error))
        {
          cbz_cli_print_error ("--credit: %s", error->message);
          return 2;
        }
      if (g_strcmp0 (credit.currency, dispute->currency) != 0)
        {
          cbz_cli_print_error (_("--credit: “%s” is in %s, but invoice %s is in %s"), options->credit,
                               credit.currency, dispute->invoice_number, dispute->currency);
          return 2;
        }
    }

  resolved = cbz_store_resolve_dispute (store, options->resolve,
                                        options->upheld ? CBZ_DISPUTE_RESOLUTION_UPHELD
                                                        : CBZ_DISPUTE_RESOLUTION_REJECTED,
                                        credit.minor, options->note, &error);
  if (resolved == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  print_dispute (resolved, options->json);
  return 0;
}

static int
list_disputes (CbzStore      *store,
               const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  gint64 debtor_id = 0;

  if (options->customer != NULL || options->tax_id != NULL)
    {
      debtor_id = cbz_cli_resolve_customer (store, options->customer, options->tax_id, &error);
      if (debtor_id == 0)
        {
          cbz_cli_print_error ("%s", error->message);
          return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? 2 : 1;
        }
    }
  disputes = cbz_store_list_disputes (store, debtor_id, !options->all, &error);
  if (disputes == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < disputes->len; i++)
    print_dispute (disputes->pdata[i], options->json);
  if (disputes->len == 0 && !options->json)
    printf ("%s\n", options->all ? _("No disputes.") : _("No open disputes."));
  return 0;
}

/* Disputes an invoice, resolves a dispute, or lists them. */
int
cbz_cli_dispute (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_auto(Options) options = { NULL, };
  guint n_modes;
  GOptionEntry entries[] = {
    { "invoice", 0, 0, G_OPTION_ARG_STRING, &options.invoice, N_("Dispute the invoice with this number"), N_("NUMBER") },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &options.customer, N_("The customer’s number, as the app shows it"), N_("NUMBER") },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &options.tax_id, N_("The customer’s tax ID, instead of the number"), N_("TAX-ID") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &options.reason,
      N_("Why: wrong-amount, not-received, already-paid, quality, other (or their names in English or Spanish)"),
      N_("REASON") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &options.note, N_("What the customer said, or how it was resolved"), N_("TEXT") },
    { "resolve", 0, 0, G_OPTION_ARG_INT64, &options.resolve, N_("Resolve the dispute with this number"), N_("DISPUTE-ID") },
    { "upheld", 0, 0, G_OPTION_ARG_NONE, &options.upheld, N_("The customer was right"), NULL },
    { "credit", 0, 0, G_OPTION_ARG_STRING, &options.credit,
      N_("With --upheld: the credit that comes off the invoice, such as 1.234,56"), N_("AMOUNT") },
    { "rejected", 0, 0, G_OPTION_ARG_NONE, &options.rejected, N_("The invoice is owed as it is"), NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &options.list, N_("List the open disputes"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_("With --list: the resolved ones too"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print one JSON object per dispute"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— dispute an invoice, resolve a dispute, or list them"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      cbz_cli_print_error (_("unexpected argument “%s”"), argv[1]);
      return 2;
    }

  n_modes = (options.invoice != NULL) + (options.resolve != 0) + (options.list != FALSE);
  if (n_modes != 1)
    {
      cbz_cli_print_error ("%s", _("Say what to do: --invoice NUMBER --reason REASON to dispute an invoice, "
                                   "--resolve DISPUTE-ID with --upheld or --rejected, or --list"));
      return 2;
    }
  if (options.invoice != NULL && options.reason == NULL)
    {
      cbz_cli_print_error ("%s", _("Say why the customer disputes the invoice with --reason"));
      return 2;
    }
  if (options.resolve < 0)
    {
      cbz_cli_print_error ("%s", _("--resolve: a dispute number is a positive number"));
      return 2;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (options.invoice != NULL)
    return open_dispute (store, &options);
  if (options.resolve != 0)
    return resolve_dispute (store, &options);
  return list_disputes (store, &options);
}
