/* cbz-cli-customer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-cli-customer.h"

/**
 * cbz_cli_resolve_customer:
 *
 * Returns: the customer's id, or 0 with @error set (G_OPTION_ERROR for a
 *   value that is missing or not a number, CBZ_STORE_ERROR_NOT_FOUND for
 *   nobody).
 */
gint64
cbz_cli_resolve_customer (CbzStore    *store,
                          const char  *customer,
                          const char  *tax_id,
                          GError     **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), 0);

  if ((customer == NULL) == (tax_id == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Say which customer with --customer NUMBER or --tax-id TAX-ID (one of them)"));
      return 0;
    }

  if (customer != NULL)
    {
      guint64 id = 0;
      g_autoptr(CbzDebtor) debtor = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_ascii_string_to_unsigned (customer, 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--customer: “%s” is not a customer number (the number the app shows, "
                         "such as 42)"), customer);
          return 0;
        }
      debtor = cbz_store_get_debtor (store, (gint64) id, &local_error);
      if (debtor == NULL)
        {
          if (g_error_matches (local_error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND))
            g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                         _("There is no customer number %s in the portfolio"), customer);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return 0;
        }
      return (gint64) id;
    }
  else
    {
      gint64 id = cbz_store_find_debtor_by_tax_id (store, tax_id, error);

      if (id < 0)
        return 0;
      if (id == 0)
        g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                     _("No customer has the tax ID “%s”"), tax_id);
      return id;
    }
}
