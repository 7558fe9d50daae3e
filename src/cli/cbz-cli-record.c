/* cbz-cli-record.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-customer.h"
#include "cbz-cli-record.h"
#include "cbz-cli.h"

CbzStore *
cbz_cli_record_open_customer (const char  *database,
                              const char  *customer,
                              const char  *tax_id,
                              gint64      *out_debtor_id,
                              int         *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;

  /* Which customer is a usage question: answer it before opening. */
  if ((customer == NULL) == (tax_id == NULL))
    {
      cbz_cli_print_error ("%s", _("Say which customer with --customer NUMBER or --tax-id TAX-ID (one of them)"));
      *out_status = 2;
      return NULL;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      *out_status = 1;
      return NULL;
    }
  *out_debtor_id = cbz_cli_resolve_customer (store, customer, tax_id, &error);
  if (*out_debtor_id == 0)
    {
      cbz_cli_print_error ("%s", error->message);
      *out_status = g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? 2 : 1;
      return NULL;
    }
  *out_status = 0;
  return g_steal_pointer (&store);
}

gboolean
cbz_cli_record_parse_day (const char  *option,
                          const char  *text,
                          CbzDate     *out_day,
                          GError     **error)
{
  if (cbz_date_from_iso (text, out_day) || cbz_date_parse (text, CBZ_DATE_ORDER_DMY, out_day, NULL))
    return TRUE;

  /* Translators: first %s is an option such as "--follow-up", second what was typed */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s: “%s” is not a date (write it as 2027-03-19 or 19/03/2027)"), option, text);
  return FALSE;
}

char *
cbz_cli_record_describe_customer (CbzStore *store,
                                  gint64    debtor_id)
{
  g_autoptr(CbzDebtor) debtor = cbz_store_get_debtor (store, debtor_id, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, debtor_id);

  if (debtor == NULL || debtor->name == NULL)
    /* Translators: %s is the customer's number */
    return g_strdup_printf (_("customer %s"), number);
  /* Translators: first %s is the customer's name, second their number */
  return g_strdup_printf (_("%s (customer %s)"), debtor->name, number);
}

void
cbz_cli_record_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}
