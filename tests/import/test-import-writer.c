/* test-import-writer.c: writing a checked file into the portfolio
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "cbz-csv-reader.h"
#include "import-test-util.h"

static void
test_import_all_or_nothing (void)
{
  assert_import_refused ("import-bad.csv", CBZ_IMPORT_ERROR_HAS_PROBLEMS,
                         "9 rows have problems, so nothing was imported");
}

static void
test_import_valid_rows_only (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("valid-only.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-bad.csv", CBZ_IMPORT_MODE_VALID_ROWS_ONLY);

  g_assert_cmpuint (summary->rows_imported, ==, 19);
  g_assert_cmpuint (summary->rows_skipped, ==, 9);
  g_assert_cmpuint (summary->skipped->len, ==, 10);
  g_assert_cmpuint (summary->n_warnings, ==, 4);
  g_assert_cmpuint (summary->warnings->len, ==, 4);
  g_assert_cmpuint (summary->customers_created, ==, 19);
  g_assert_cmpuint (summary->invoices_created, ==, 19);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 19);
  /* Of the rows with anything wrong, those with only warnings: M-20 (tax
   * ID kept, unverified), M-21 (no phone), M-22 (no email), M-24 (status
   * from the figures). */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number LIKE 'M-%'"), ==, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Cliente Malo 20'"
                                     " AND tax_id = 'ABC123' AND tax_id_problem = 'invalid'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Cliente Malo 21' AND phone IS NULL"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Cliente Malo 22' AND email IS NULL"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number = 'M-24' AND status = 'open'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors"), ==, 19);
}

static void
test_import_writes (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("writes.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *data = NULL;
  g_autofree char *summary_text = NULL;

  g_assert_false (summary->dry_run);
  g_assert_cmpuint (summary->rows_imported, ==, 5);
  g_assert_cmpuint (summary->rows_blank, ==, 1);
  /* "Distribuidora del Norte" and "distribuidora del norte" share an RFC: one customer. */
  g_assert_cmpuint (summary->customers_created, ==, 3);
  g_assert_cmpuint (summary->invoices_created, ==, 5);

  name = query_text (store, "SELECT name FROM debtors WHERE tax_id = 'GODE561231GR8'");
  g_assert_cmpstr (name, ==, "Ferretería López, S.A. de C.V.");
  email = query_text (store, "SELECT email FROM debtors WHERE tax_id = 'EKU9003173C9'");
  g_assert_cmpstr (email, ==, "cobranza@norte.mx, ana@norte.mx");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_tags"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT amount FROM invoices WHERE number = 'F-002'"), ==, 250000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE currency = 'USD'"), ==, 1);

  /* One import event per customer, naming the file, with the counts. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE kind = 'import'"), ==, 3);
  summary_text = query_text (store, "SELECT summary FROM events e JOIN debtors d ON d.id = e.debtor_id"
                                    " WHERE d.tax_id = 'GODE561231GR8'");
  g_assert_cmpstr (summary_text, ==, "Imported from “import-utf8.csv”");
  data = query_text (store, "SELECT data FROM events e JOIN debtors d ON d.id = e.debtor_id"
                            " WHERE d.tax_id = 'GODE561231GR8'");
  g_assert_cmpstr (data, ==, "{\"file\":\"import-utf8.csv\",\"customer_created\":true,\"customer_updated\":false,"
                             "\"invoices_created\":2,\"invoices_updated\":0,\"invoices_unchanged\":0}");

  /* The summaries were refreshed for the list. */
  g_assert_cmpint (query_int (store, "SELECT open_count FROM debtor_summaries s JOIN debtors d ON d.id = s.debtor_id"
                                     " WHERE d.tax_id = 'GODE561231GR8'"), ==, 2);

  /* A first import writes without looking up every customer again; the
   * connection checks foreign keys again afterwards. */
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO invoices (debtor_id, number, due_date, currency, amount, balance,"
                                 " created_at, updated_at) VALUES (999, 'X', '2026-01-01', 'MXN', 1, 1, 0, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_import_encodings_stored (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("encodings.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) a = import_into (store, "import-cp1252.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzImportSummary) b = import_into (store, "import-utf8-bom.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzImportSummary) c = import_into (store, "import-tab.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Óptica Núñez'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Comercial Ñuble Ltda.'"
                                     " AND tax_id = '760864285' AND tax_id_kind = 'RUT' AND country = 'CL'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE name = 'Acme Supplies'"
                                     " AND language = 'en' AND phone = '+14155550100'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT amount FROM invoices WHERE number = '1001'"), ==, 1234567);
  g_assert_cmpint (query_int (store, "SELECT balance FROM invoices WHERE number = 'M-2'"), ==, 99999);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_tags d JOIN debtors x ON x.id = d.debtor_id"
                                     " WHERE x.name = 'Acme Supplies'"), ==, 2);
  g_assert_cmpuint (a->invoices_created + b->invoices_created + c->invoices_created, ==, 10);
}

static void
test_import_reimport_idempotent (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("idempotent.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) first = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autofree char *after_first = dump_database (store);
  g_autoptr(CbzImportSummary) second = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autofree char *after_second = dump_database (store);

  g_assert_cmpuint (second->customers_created, ==, 0);
  g_assert_cmpuint (second->customers_updated, ==, 0);
  g_assert_cmpuint (second->customers_unchanged, ==, 3);
  g_assert_cmpuint (second->invoices_created, ==, 0);
  g_assert_cmpuint (second->invoices_updated, ==, 0);
  g_assert_cmpuint (second->invoices_unchanged, ==, 5);
  g_assert_cmpuint (second->invoices_not_in_file, ==, 0);
  /* Nothing changed, so nothing was written, not even an event. */
  g_assert_cmpstr (after_second, ==, after_first);
}

static void
test_import_reimport_changed (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("changed.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) first = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzImportSummary) second = NULL;
  g_autofree char *body = NULL;
  gint64 f002_id = query_int (store, "SELECT id FROM invoices WHERE number = 'F-002'");

  second = import_into (store, "import-reimport.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_assert_cmpuint (second->customers_created, ==, 0);
  g_assert_cmpuint (second->invoices_created, ==, 1);    /* F-003 */
  g_assert_cmpuint (second->invoices_updated, ==, 1);    /* F-002: a payment came in */
  g_assert_cmpuint (second->invoices_unchanged, ==, 3);
  g_assert_cmpuint (second->invoices_not_in_file, ==, 0);

  /* Updated in place, not duplicated. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number = 'F-002'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT id FROM invoices WHERE number = 'F-002'"), ==, f002_id);
  g_assert_cmpint (query_int (store, "SELECT balance FROM invoices WHERE number = 'F-002'"), ==, 40000);

  /* The paid invoice of the papelería is not in the new file: it stays. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number = 'A-17' AND status = 'paid'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 6);

  /* Only the customer that changed gets a second import event. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE kind = 'import'"), ==, 4);
  body = query_text (store, "SELECT body FROM events ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (body, ==, "1 new invoice\n1 invoice updated\n1 invoice unchanged");
}

static void
test_import_not_in_file (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("not-in-file.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) first = import_into (store, "import-reimport.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzImportSummary) second = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);

  /* F-003 of the ferretería is missing from the older file: reported, kept. */
  g_assert_cmpuint (second->invoices_not_in_file, ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number = 'F-003'"), ==, 1);
  g_assert_cmpuint (second->customers_created, ==, 1);   /* the papelería */
}

static void
test_import_dry_run (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("dry-run.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzCsvImport) import = load_fixture ("import-utf8.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_database (store);
  g_autofree char *after = NULL;
  g_autoptr(CbzImportSummary) summary =
    cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, TRUE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (summary->dry_run);
  g_assert_cmpuint (summary->invoices_created, ==, 5);
  after = dump_database (store);
  g_assert_cmpstr (after, ==, before);
}

/* A failure halfway through the writing (here a trigger refusing one row)
 * rolls back everything written before it. */
static void
test_import_rollback (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("rollback.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) first = import_into (store, "import-cp1252.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzCsvImport) import = load_fixture ("import-utf8.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CbzImportSummary *summary;

  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "CREATE TEMP TRIGGER refuse BEFORE INSERT ON invoices"
                                 " WHEN NEW.number = 'N-10' BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  before = dump_database (store);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_null (summary);
  g_assert_nonnull (error);
  after = dump_database (store);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (cbz_store_in_transaction (store));
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
}

/* One new customer written two ways (with its RFC, and by name only) with
 * the same invoice number twice: validation cannot tell (the keys differ),
 * the writer finds the collision and treats the second row as the same
 * invoice instead of failing. Enough rows for the batched insert. */
static void
test_import_same_customer_two_ways (void)
{
  g_autofree char *csv = cbz_test_build_tmp_path ("two-ways.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("two-ways.db");
  g_autoptr(GString) text = g_string_new ("Cliente,RFC,Factura,Vencimiento,Monto\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (text, "Ferretería López,GODE561231GR8,F-%03u,31/12/2026,%u00\n", i, i + 1);
      /* Inside the first batch of inserts: the whole batch collides. */
      if (i == 1)
        g_string_append (text, "FERRETERIA LOPEZ,,F-007,31/12/2026,999\n");
    }
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));

  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 41);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->customers_created, ==, 1);
  g_assert_cmpuint (summary->invoices_created, ==, 40);
  g_assert_cmpuint (summary->invoices_updated, ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 40);
  /* The later row (in file order) is the one that stays. */
  g_assert_cmpint (query_int (store, "SELECT amount FROM invoices WHERE number = 'F-007'"), ==, 80000);
}

static int
count_summary_sql_cb (unsigned  type,
                      void     *user_data,
                      void     *p,
                      void     *x)
{
  const char *sql = sqlite3_sql (p);

  if (sql != NULL && g_str_has_prefix (sql, "WITH agg AS"))
    (*(guint *) user_data)++;
  return 0;
}

static char *
dump_summaries (CbzStore *store)
{
  GString *out = g_string_new (NULL);

  dump_query (store, "SELECT * FROM debtor_summaries ORDER BY debtor_id", out);
  return g_string_free (out, FALSE);
}

/* A first import into an empty portfolio counts the summaries as it writes
 * the invoices instead of running the summary statement; they are the
 * summary statement's to the byte: several currencies, every status, zero
 * balances, due before, on and after today, customers with nothing open.
 * With @duplicate the file gives one invoice twice, which is written as an
 * update: then the statement computes them. */
static void
check_counted_summaries (gboolean duplicate)
{
  static const char * const statuses[] = { "abierta", "parcial", "pagada", "en disputa", "castigada", "abierta" };
  g_autofree char *csv = cbz_test_build_tmp_path ("summaries.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("summaries.db");
  g_autoptr(GString) text = g_string_new ("Cliente;RFC;Factura;Vencimiento;Monto;Saldo;Moneda;Estado\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counted = NULL;
  g_autofree char *computed = NULL;
  guint summary_statements = 0;
  GDate today;

  for (guint i = 0; i < 3000; i++)
    {
      guint c = i % 300;
      const char *status = c >= 290 ? "pagada" : statuses[i / 300 % G_N_ELEMENTS (statuses)];
      guint amount = 1000 + i;
      guint balance = g_str_equal (status, "pagada") || i % 7 == 0 ? 0 : amount / (1 + i % 2);

      g_string_append_printf (text, "Cliente Resumen %u;;R-%05u;%02u/%02u/%u;%u,00;%u,00;%s;%s\n",
                              c, i, 1 + i % 28, 1 + i % 12, 2025 + i / 84 % 3, amount, balance,
                              (i / 300 + c) % 5 == 0 ? "USD" : "MXN", status);
    }
  if (duplicate)
    g_string_append (text, "CLIENTE RESUMEN 5;GODE561231GR8;R-00005;01/01/2026;99,00;99,00;MXN;abierta\n");
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2026);
  store = cbz_store_open_full (path, &today, &error);
  g_assert_no_error (error);
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 0);

  sqlite3_trace_v2 (cbz_store_get_handle (store), SQLITE_TRACE_STMT, count_summary_sql_cb, &summary_statements);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->customers_created, ==, 300);
  g_assert_cmpuint (summary_statements, ==, duplicate ? 1 : 0);
  counted = dump_summaries (store);

  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  g_assert_no_error (error);
  sqlite3_trace_v2 (cbz_store_get_handle (store), 0, NULL, NULL);
  computed = dump_summaries (store);
  g_assert_cmpstr (counted, ==, computed);

  /* The data had all it was meant to have. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries"), ==, 300);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries WHERE other_currencies = 1"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries WHERE currency = 'USD'"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries WHERE open_count = 0"), ==, 10);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries WHERE days_overdue > 0"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries WHERE oldest_due_date > '2026-03-15'"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE due_date = '2026-03-15'"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search"), ==, 300);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%R-02999%'"), ==, 1);
}

static void
test_import_counted_summaries (void)
{
  check_counted_summaries (FALSE);
}

static void
test_import_counted_summaries_update (void)
{
  check_counted_summaries (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/import/all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/import/valid-rows-only", test_import_valid_rows_only);
  g_test_add_func ("/import/writes", test_import_writes);
  g_test_add_func ("/import/encodings-stored", test_import_encodings_stored);
  g_test_add_func ("/import/reimport/idempotent", test_import_reimport_idempotent);
  g_test_add_func ("/import/reimport/changed", test_import_reimport_changed);
  g_test_add_func ("/import/reimport/not-in-file", test_import_not_in_file);
  g_test_add_func ("/import/dry-run", test_import_dry_run);
  g_test_add_func ("/import/rollback", test_import_rollback);
  g_test_add_func ("/import/summaries/counted", test_import_counted_summaries);
  g_test_add_func ("/import/summaries/counted-update", test_import_counted_summaries_update);
  g_test_add_func ("/import/same-customer-two-ways", test_import_same_customer_two_ways);

  return g_test_run ();
}
