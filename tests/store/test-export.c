/* test-export.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "cbz-csv-import.h"
#include "cbz-demo.h"
#include "cbz-store-private.h"
#include "cbz-import-writer.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

static CbzStore *
open_on (const char *name)
{
  g_autofree char *path = cbz_test_build_tmp_path (name);
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, 3, 2026);
  store = cbz_store_open_full (path, &today, &error);
  g_assert_no_error (error);
  return store;
}

static char *
export_to (CbzStore   *store,
           const char *name,
           guint      *n_rows)
{
  g_autofree char *path = cbz_test_build_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_store_export_csv (store, G_OUTPUT_STREAM (out), n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  return g_steal_pointer (&path);
}

/* What must survive the trip: every open invoice with its customer. */
static char *
dump_open (CbzStore *store)
{
  static const char sql[] =
    "SELECT d.name, d.tax_id, d.tax_id_kind, d.contact_person, d.phone, d.mobile, d.whatsapp,"
    " d.email, d.address, d.city, d.region, d.postal_code, d.country, d.language,"
    " (SELECT group_concat (tag, ',') FROM (SELECT tag FROM debtor_tags t WHERE t.debtor_id = d.id ORDER BY tag)),"
    " i.number, i.issue_date, i.due_date, i.currency, i.amount, i.balance, i.status, i.description,"
    /* A customer owing only in another currency (in the demo, only USD is
     * foreign) comes back with that as their currency, since the CSV has no
     * column for it: their totals are in another currency. */
    " CASE WHEN EXISTS (SELECT 1 FROM invoices o WHERE o.debtor_id = d.id AND o.currency <> 'USD'"
    "   AND o.balance > 0 AND o.status IN ('open', 'partially-paid', 'disputed'))"
    "  THEN s.open_count || '/' || s.open_balance || '/' || s.overdue_balance || '/' || s.days_overdue"
    "  ELSE 'other currency only' END"
    " FROM invoices i JOIN debtors d ON d.id = i.debtor_id"
    " JOIN debtor_summaries s ON s.debtor_id = d.id"
    " WHERE i.balance > 0 AND i.status IN ('open', 'partially-paid', 'disputed')"
    " ORDER BY d.tax_id, i.number";
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
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
  return g_string_free (out, FALSE);
}

/* Compares line by line so a failure shows the one row that differs. */
static void
assert_same_lines (const char *expected,
                   const char *actual)
{
  g_auto(GStrv) a = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) b = g_strsplit (actual, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    {
      g_assert_nonnull (a[i]);
      g_assert_nonnull (b[i]);
      g_assert_cmpstr (b[i], ==, a[i]);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(CbzStore) original = open_on ("original.sqlite");
  g_autoptr(CbzStore) copy = open_on ("copy.sqlite");
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dump_original = NULL;
  g_autofree char *dump_copy = NULL;
  guint n_rows = 0, n_again = 0;

  g_assert_true (cbz_demo_generate (original, 150, 5, &error));
  g_assert_no_error (error);
  csv_path = export_to (original, "export.csv", &n_rows);
  g_assert_cmpuint (n_rows, >, 300);

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "cliente,id fiscal,contacto,telefono,celular,whatsapp,correo,"));

  file = g_file_new_for_path (csv_path);
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  if (cbz_csv_import_get_n_problems (import) > 0)
    {
      GPtrArray *problems = cbz_csv_import_get_problems (import);

      for (guint i = 0; i < MIN (problems->len, 5); i++)
        g_test_message ("%s", ((CbzImportProblem *) problems->pdata[i])->message);
    }
  g_assert_false (cbz_csv_import_has_file_problems (import));
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 0);
  g_assert_cmpuint (cbz_csv_import_get_n_rows (import), ==, n_rows);

  summary = cbz_import_writer_run (copy, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->invoices_created, ==, n_rows);

  dump_original = dump_open (original);
  dump_copy = dump_open (copy);
  assert_same_lines (dump_original, dump_copy);

  /* And the copy exports the same file. */
  again_path = export_to (copy, "again.csv", &n_again);
  g_assert_true (g_file_get_contents (again_path, &again, NULL, NULL));
  g_assert_cmpuint (n_again, ==, n_rows);
  assert_same_lines (csv, again);
}

static void
test_quoting (void)
{
  g_autoptr(CbzStore) store = open_on ("quoting.sqlite");
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(CbzInvoice) paid = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  guint n_rows = 0;

  debtor->name = g_strdup ("Comercial \"El Sol\", S.A.");
  debtor->address = g_strdup ("Calle 5 # 10-20\nPiso 3");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));

  invoice->debtor_id = debtor->id;
  invoice->number = g_strdup ("FE-1");
  invoice->due_date = g_strdup ("2026-02-01");
  invoice->currency = g_strdup ("COP");
  invoice->amount = invoice->balance = 1500000;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));

  paid->debtor_id = debtor->id;
  paid->number = g_strdup ("FE-2");
  paid->due_date = g_strdup ("2026-01-01");
  paid->currency = g_strdup ("MXN");
  paid->amount = 123456;
  paid->balance = 0;
  paid->status = CBZ_INVOICE_STATUS_PAID;
  g_assert_true (cbz_store_save_invoice (store, paid, &error));
  g_assert_no_error (error);

  path = export_to (store, "quoting.csv", &n_rows);
  g_assert_cmpuint (n_rows, ==, 1);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  /* Quotes doubled, commas and newlines inside quotes; whole pesos. */
  g_assert_nonnull (strstr (csv, "\r\n\"Comercial \"\"El Sol\"\", S.A.\","));
  g_assert_nonnull (strstr (csv, "\"Calle 5 # 10-20\nPiso 3\""));
  g_assert_nonnull (strstr (csv, ",FE-1,,2026-02-01,COP,1500000,1500000,open,"));
  g_assert_null (strstr (csv, "FE-2"));
}

/* Imports @csv_path into a new store (all or nothing, every row valid). */
static CbzStore *
import_into_new (const char *csv_path,
                 const char *name)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(CbzCsvImport) import = cbz_csv_import_new (file);
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  CbzStore *store = open_on (name);

  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 0);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return store;
}

static void
test_formulas (void)
{
  static const char * const names[] = {
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3 Abarrotes",
    "\t=1+2 Tabulador",
    "\r=3+4 Retorno",
    "Ferretería Normal",
  };
  static const char * const written[] = {
    "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",",
    "\"'+cmd|' /C calc'!A0\",",
    "\"'@SUM(1+1)\",",
    "\"'-2+3 Abarrotes\",",
    "\"'\t=1+2 Tabulador\",",
    "\"'\r=3+4 Retorno\",",
    "\r\nFerretería Normal,",
  };
  g_autoptr(CbzStore) store = open_on ("formulas.sqlite");
  g_autoptr(CbzStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *again = NULL;
  guint n_rows = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
      g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();

      debtor->name = g_strdup (names[i]);
      debtor->phone = g_strdup ("+525581253952");
      g_assert_true (cbz_store_save_debtor (store, debtor, &error));
      g_assert_no_error (error);
      invoice->debtor_id = debtor->id;
      invoice->number = g_strdup_printf ("NC-%u", i);
      invoice->due_date = g_strdup ("2026-02-01");
      invoice->currency = g_strdup ("MXN");
      /* A credit note's negative amount, with something still owed on it. */
      invoice->amount = -1250;
      invoice->balance = 500;
      invoice->description = g_strdup (i == 0 ? "=1+1" : NULL);
      g_assert_true (cbz_store_save_invoice (store, invoice, &error));
      g_assert_no_error (error);
    }

  path = export_to (store, "formulas.csv", &n_rows);
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (names));
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));

  /* No cell starts with a formula character; each such text is quoted
   * with an apostrophe before it. */
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      if (strstr (csv, written[i]) == NULL)
        g_error ("“%s” is not in the export:\n%s", written[i], csv);
    }
  g_assert_nonnull (strstr (csv, ",\"'=1+1\"\r\n"));
  /* A phone number is text a spreadsheet would also compute: kept as text. */
  g_assert_nonnull (strstr (csv, ",\"'+525581253952\","));
  /* Amounts stay numbers, negative ones too. */
  g_assert_nonnull (strstr (csv, ",MXN,-12.50,5.00,open,"));
  g_assert_null (strstr (csv, "'-12.50"));

  /* Imported again, the names are the names, not the neutralised text. */
  copy = import_into_new (path, "formulas-copy.sqlite");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      static const char sql[] = "SELECT COUNT(*) FROM debtors WHERE name = ?1";
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (copy), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("“%s” did not come back from the export", names[i]);
      sqlite3_finalize (stmt);
    }

  /* And the copy exports the same file. */
  again_path = export_to (copy, "formulas-again.csv", NULL);
  g_assert_true (g_file_get_contents (again_path, &again, NULL, NULL));
  assert_same_lines (csv, again);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/export/round-trip", test_round_trip);
  g_test_add_func ("/store/export/quoting", test_quoting);
  g_test_add_func ("/store/export/formulas", test_formulas);

  return g_test_run ();
}
