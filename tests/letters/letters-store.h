/* letters-store.h: a small portfolio for the letters' store tests.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-event-list-model.h"
#include "cbz-store.h"
#include "cbz-test-util.h"
#include "letters-sample.h"

static inline gint64
add_debtor (CbzStore   *store,
            const char *name,
            const char *contact,
            const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();

  debtor->name = g_strdup (name);
  debtor->contact_person = g_strdup (contact);
  debtor->tax_id = g_strdup_printf ("XAX%06d%s", g_str_hash (name) % 1000000, "AB1");
  debtor->tax_id_kind = g_strdup ("RFC");
  debtor->address = g_strdup ("Av. Juárez 100");
  debtor->city = g_strdup ("Guadalajara");
  debtor->region = g_strdup ("Jal.");
  debtor->postal_code = g_strdup ("44100");
  debtor->country = g_strdup ("MX");
  g_free (debtor->language);
  debtor->language = g_strdup (language);
  g_free (debtor->currency);
  debtor->currency = g_strdup ("MXN");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
  return debtor->id;
}

static inline gint64
add_invoice (CbzStore         *store,
             gint64            debtor_id,
             const char       *number,
             const char       *due_date,
             const char       *currency,
             gint64            balance,
             CbzInvoiceStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();

  invoice->debtor_id = debtor_id;
  invoice->number = g_strdup (number);
  invoice->issue_date = g_strdup ("2026-08-01");
  invoice->due_date = g_strdup (due_date);
  invoice->currency = g_strdup (currency);
  invoice->amount = balance;
  invoice->balance = balance;
  invoice->status = status;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

/* The sample portfolio's customers, by name. */
typedef struct
{
  gint64 nunez;
  gint64 ortega;
  gint64 quiroz;
} SampleDebtors;

static inline gint64
sample_debtor (const SampleDebtors *debtors,
               const char          *name)
{
  if (g_str_equal (name, "Comercializadora Núñez"))
    return debtors->nunez;
  if (g_str_equal (name, "Ortega Hermanos"))
    return debtors->ortega;
  g_assert_cmpstr (name, ==, "Talleres Quiroz");
  return debtors->quiroz;
}

/* Letters on the sample customers' timelines. */
static inline int
count_sample_letters (CbzStore            *store,
                      const SampleDebtors *debtors)
{
  const gint64 ids[] = { debtors->nunez, debtors->ortega, debtors->quiroz };
  int n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzEventListModel) events = cbz_event_list_model_new (store, ids[i]);

      g_assert_true (cbz_event_list_model_reload (events, &error));
      g_assert_no_error (error);
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (events)); k++)
        {
          g_autoptr(CbzEvent) event = g_list_model_get_item (G_LIST_MODEL (events), k);

          if (cbz_event_get_kind (event) == CBZ_EVENT_KIND_LETTER &&
              cbz_event_get_channel (event) == CBZ_EVENT_CHANNEL_LETTER)
            n++;
        }
    }
  return n;
}

/* A portfolio dated 2026-11-23 in @dir: Núñez (2 overdue MXN, 1 disputed, 1
 * in USD, 1 not yet due: level 2), Ortega (level 1, English), Quiroz (opted
 * out of letters), and the sample company profile. */
static inline CbzStore *
open_sample_store (const char    *path,
                   SampleDebtors *debtors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  GDate today;
  CbzStore *store;
  gint64 nunez, ortega, quiroz;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  store = cbz_store_open_full (path, &today, &error);
  g_assert_no_error (error);

  nunez = add_debtor (store, "Comercializadora Núñez", "María José Peña", "es");
  add_invoice (store, nunez, "A-101", "2026-10-09", "MXN", 1234567, CBZ_INVOICE_STATUS_OPEN);
  add_invoice (store, nunez, "A-117", "2026-10-30", "MXN", 250000, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
  add_invoice (store, nunez, "A-120", "2026-10-01", "MXN", 99900, CBZ_INVOICE_STATUS_DISPUTED);
  add_invoice (store, nunez, "U-7", "2026-10-01", "USD", 50000, CBZ_INVOICE_STATUS_OPEN);
  add_invoice (store, nunez, "A-130", "2026-12-15", "MXN", 70000, CBZ_INVOICE_STATUS_OPEN);

  ortega = add_debtor (store, "Ortega Hermanos", "Luis Ortega", "en");
  add_invoice (store, ortega, "B-9", "2026-11-13", "MXN", 88000, CBZ_INVOICE_STATUS_OPEN);

  quiroz = add_debtor (store, "Talleres Quiroz", NULL, "es");
  add_invoice (store, quiroz, "C-1", "2026-09-01", "MXN", 500000, CBZ_INVOICE_STATUS_OPEN);
  g_assert_true (cbz_store_set_opt_out (store, quiroz, CBZ_EVENT_CHANNEL_LETTER, TRUE,
                                        "Carta del cliente del 2 de noviembre", &error));
  g_assert_no_error (error);

  debtors->nunez = nunez;
  debtors->ortega = ortega;
  debtors->quiroz = quiroz;
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (cbz_company_profile_save (profile, store, &error));
  g_assert_no_error (error);
  return store;
}
