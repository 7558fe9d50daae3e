/* test-demo.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "cbz-aging.h"
#include "cbz-demo.h"
#include "cbz-store-private.h"
#include "cbz-test-util.h"

static CbzStore *
make_demo (guint    customers,
           guint64  seed)
{
  g_autofree char *path = cbz_test_build_tmp_path ("demo.sqlite");
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, 3, 2026);
  store = cbz_store_open_full (path, &today, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_demo_generate (store, customers, seed, &error));
  g_assert_no_error (error);
  return store;
}

/* Every row of the tables the demo writes, timestamps included. */
static char *
dump (CbzStore *store)
{
  static const char * const queries[] = {
    "SELECT * FROM debtors ORDER BY id",
    "SELECT * FROM debtor_tags ORDER BY debtor_id, tag",
    "SELECT * FROM invoices ORDER BY id",
    "SELECT * FROM payments ORDER BY id",
    "SELECT * FROM promises ORDER BY id",
    "SELECT * FROM events ORDER BY id",
    "SELECT * FROM event_invoices ORDER BY event_id, invoice_id",
    "SELECT * FROM debtor_summaries ORDER BY debtor_id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append (out, text != NULL ? text : "∅");
              g_string_append_c (out, '|');
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

static void
test_deterministic (void)
{
  g_autoptr(CbzStore) a = make_demo (120, 42);
  g_autoptr(CbzStore) b = make_demo (120, 42);
  g_autoptr(CbzStore) c = make_demo (120, 43);
  g_autofree char *dump_a = dump (a);
  g_autofree char *dump_b = dump (b);
  g_autofree char *dump_c = dump (c);

  g_assert_cmpuint (strlen (dump_a), >, 10000);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, !=, dump_c);
}

static gint64
count (CbzStore   *store,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
rut_valid (const char *rut)
{
  gsize len = strlen (rut);
  guint sum = 0, weight = 2;
  guint rest;
  char expected;

  for (gssize i = (gssize) len - 2; i >= 0; i--)
    {
      sum += (guint) (rut[i] - '0') * weight;
      weight = weight == 7 ? 2 : weight + 1;
    }
  rest = 11 - sum % 11;
  expected = rest == 11 ? '0' : rest == 10 ? 'K' : (char) ('0' + rest);
  return rut[len - 1] == expected;
}

static gboolean
cuit_valid (const char *cuit)
{
  static const guint weights[] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  guint sum = 0, check;

  if (strlen (cuit) != 11)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    sum += (guint) (cuit[i] - '0') * weights[i];
  check = 11 - sum % 11;
  check = check == 11 ? 0 : check;
  return check != 10 && (guint) (cuit[10] - '0') == check;
}

static void
test_realistic (void)
{
  g_autoptr(CbzStore) store = make_demo (300, 7);
  sqlite3_stmt *stmt = NULL;
  gint64 n_invoices;
  guint buckets[CBZ_AGING_N_BUCKETS] = { 0 };

  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors"), ==, 300);
  n_invoices = count (store, "SELECT COUNT(*) FROM invoices");
  g_assert_cmpint (n_invoices, >=, 300);
  g_assert_cmpint (n_invoices, <=, 300 * 12);
  g_assert_cmpint (count (store, "SELECT MIN(n) FROM (SELECT COUNT(*) AS n FROM invoices GROUP BY debtor_id)"), >=, 1);
  g_assert_cmpint (count (store, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM invoices GROUP BY debtor_id)"), <=, 12);

  /* Open invoices due in every aging bucket. */
  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store),
                                       "SELECT CAST (julianday ('2026-03-15') - julianday (due_date) AS INTEGER)"
                                       " FROM invoices WHERE balance > 0", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    buckets[cbz_aging_bucket_for_days (sqlite3_column_int64 (stmt, 0))]++;
  sqlite3_finalize (stmt);
  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    g_assert_cmpuint (buckets[b], >, 5);

  /* And debtors in every bucket, which is what the list filters on. */
  for (guint b = 0; b < CBZ_AGING_N_BUCKETS; b++)
    {
      gint64 lo, hi;
      g_autofree char *sql = NULL;

      cbz_aging_bucket_get_range (b, &lo, &hi);
      sql = g_strdup_printf ("SELECT COUNT(*) FROM debtor_summaries WHERE days_overdue >= %" G_GINT64_FORMAT
                             " AND days_overdue <= %" G_GINT64_FORMAT, lo, hi < 0 ? G_MAXINT64 : hi);
      g_assert_cmpint (count (store, sql), >, 0);
    }

  /* MXN is the default; the other countries' currencies appear; CLP and COP
   * have no decimals (whole pesos, in hundreds). */
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors WHERE currency = 'MXN'"), >, 100);
  for (guint i = 0; i < 5; i++)
    {
      static const char * const currencies[] = { "CLP", "COP", "PEN", "ARS", "USD" };
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM invoices WHERE currency = '%s'", currencies[i]);

      g_assert_cmpint (count (store, sql), >, 0);
    }
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM invoices WHERE currency IN ('CLP', 'COP')"
                                 " AND (amount % 100 != 0 OR balance % 100 != 0)"), ==, 0);

  /* Partial payments with their payment rows; promises; timelines. */
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM invoices WHERE status = 'partially-paid'"
                                 " AND balance > 0 AND balance < amount"), >, 10);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM invoices i WHERE balance < amount AND"
                                 " amount - balance != (SELECT SUM(amount) FROM payments p WHERE p.invoice_id = i.id)"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM promises"), >, 5);
  g_assert_cmpint (count (store, "SELECT COUNT(DISTINCT debtor_id) FROM events"), >, 150);

  /* Accents, E.164 phones, tax ID shapes and check digits. */
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors WHERE name GLOB '*[áéíóúñÁÉÍÓÚÑ]*'"), >, 50);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors WHERE phone NOT GLOB '+[1-9]*'"
                                 " OR length (phone) < 11 OR length (phone) > 14"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors WHERE tax_id_kind = 'RFC'"
                                 " AND length (tax_id) NOT IN (12, 13)"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtors WHERE tax_id_kind = 'RUC'"
                                 " AND (length (tax_id) != 11 OR substr (tax_id, 1, 2) NOT IN ('10', '20'))"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(DISTINCT tax_id_kind) FROM debtors"), ==, 5);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM debtor_tags WHERE tag IN ('mayoreo', 'menudeo', 'gobierno')"), >, 20);

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store),
                                       "SELECT tax_id_kind, tax_id FROM debtors WHERE tax_id_kind IN ('RUT', 'CUIT')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *tax_id = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_equal (kind, "RUT"))
        g_assert_true (rut_valid (tax_id));
      else
        g_assert_true (cuit_valid (tax_id));
    }
  sqlite3_finalize (stmt);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/demo/deterministic", test_deterministic);
  g_test_add_func ("/store/demo/realistic", test_realistic);

  return g_test_run ();
}
