/* cbz-cli-demo.c: `cobranza-cli demo`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-company-profile.h"
#include "cbz-demo.h"
#include "cbz-store.h"

static gboolean
parse_today (const char  *text,
             GDate       *date,
             GError     **error)
{
  unsigned y, m, d;
  char extra;

  g_date_clear (date, 1);
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &extra) == 3 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
      return TRUE;
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--today needs a date as YYYY-MM-DD, not “%s”"), text);
  return FALSE;
}

/* The demo's own business, so letters and reminders work on the demo at
 * once. Written only when no company was set up: a real profile is kept. */
static gboolean
write_demo_company (CbzStore  *store,
                    GError   **error)
{
  g_autoptr(CbzCompanyProfile) profile = cbz_company_profile_load (store, error);

  if (profile == NULL)
    return FALSE;
  if (cbz_company_profile_is_set (profile))
    return TRUE;

  cbz_company_profile_free (g_steal_pointer (&profile));
  profile = cbz_company_profile_new ();
  profile->name = g_strdup ("Distribuidora del Bajío, S.A. de C.V.");
  profile->tax_id = g_strdup ("DBA980312KX4");
  profile->address = g_strdup ("Av. Constituyentes 1450, Col. El Pueblito\n76904 Corregidora, Qro.");
  profile->city = g_strdup ("Querétaro");
  profile->phone = g_strdup ("+52 442 215 3300");
  profile->email = g_strdup ("cobranza@bajio.example");
  profile->signer_name = g_strdup ("Laura Gómez Ibarra");
  profile->signer_title = g_strdup ("Gerente de Crédito y Cobranza");
  profile->bank = g_strdup ("BBVA México");
  profile->account_label = g_strdup ("CLABE");
  profile->account = g_strdup ("012180001234567897");
  profile->reference_pattern = g_strdup ("{{id_fiscal}}");
  profile->payment_link_pattern = g_strdup ("https://pay.example/{{factura}}");
  profile->late_fee_kind = CBZ_LATE_FEE_SIMPLE_INTEREST;
  profile->late_fee_rate_bp = 150;
  profile->late_fee_period = CBZ_LATE_FEE_PERIOD_MONTHLY;
  return cbz_company_profile_save (profile, store, error);
}

int
cbz_cli_demo (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *today_text = NULL;
  gint customers = 300;
  gint64 seed = 1;
  gint64 before, after;
  GDate today;
  const GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &customers, N_("How many customers to write (default 300)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Seed: the same seed and day give the same portfolio (default 1)"), N_("S") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Date the due dates are spread around (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Writes a realistic demo portfolio (Mexican, Chilean, Colombian, "
                                           "Peruvian and Argentine customers) into the database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (customers < 1)
    {
      cbz_cli_print_error (_("--customers must be at least 1"));
      return 2;
    }
  if (today_text != NULL && !parse_today (today_text, &today, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  store = cbz_store_open_full (database, today_text != NULL ? &today : NULL, &error);
  if (store == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  before = cbz_store_count_debtors (store, NULL);
  if (!cbz_demo_generate (store, (guint) customers, (guint64) seed, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  after = cbz_store_count_debtors (store, NULL);
  if (!write_demo_company (store, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  /* Translators: %d customers, then the database path */
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %d demo customer to %s\n", "Wrote %d demo customers to %s\n",
                       (gulong) (after - before)),
          (int) (after - before), database);
  return 0;
}
