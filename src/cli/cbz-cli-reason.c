/* cbz-cli-reason.c: `cobranza-cli reason`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-cli-record.h"
#include "cbz-store-notes.h"

/* Records why a customer has not paid. */
int
cbz_cli_reason (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *customer = NULL, *tax_id = NULL, *note = NULL, *text = NULL;
  gboolean json = FALSE;
  CbzNonpaymentReason reason;
  gint64 debtor_id = 0;
  gint64 event_id;
  int status;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("The customer’s number, as the app shows it"), N_("NUMBER") },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &tax_id, N_("The customer’s tax ID, instead of the number"), N_("TAX-ID") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What the customer said"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("REASON — record why a customer has not paid: forgot, cash-flow, "
                                    "pay-day-mismatch, disputes-amount, lost-contact, other"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc < 2)
    {
      cbz_cli_print_error ("%s", _("Say the reason after the options, such as: reason --customer 12 cash-flow"));
      return 2;
    }
  /* "falta de liquidez" may come unquoted. */
  text = g_strjoinv (" ", argv + 1);
  if (!cbz_nonpayment_reason_parse (text, &reason, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  store = cbz_cli_record_open_customer (database, customer, tax_id, &debtor_id, &status);
  if (store == NULL)
    return status;
  event_id = cbz_store_set_nonpayment_reason (store, debtor_id, reason, note, &error);
  if (event_id == 0)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event_id");
      json_builder_add_int_value (builder, event_id);
      json_builder_set_member_name (builder, "customer");
      json_builder_add_int_value (builder, debtor_id);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, cbz_nonpayment_reason_to_string (reason));
      json_builder_end_object (builder);
      cbz_cli_record_print_json (builder);
    }
  else
    {
      g_autofree char *who = cbz_cli_record_describe_customer (store, debtor_id);

      /* Translators: first %s is a customer, second a reason such as "Cash-flow problems" */
      printf (_("Reason for non-payment of %s: %s.\n"), who, cbz_nonpayment_reason_get_label (reason));
    }
  return 0;
}
