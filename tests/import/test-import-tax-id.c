/* test-import-tax-id.c: tax IDs that do not check out, and the "Estado" column
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "import-test-util.h"

static const char * const fixture_warnings[] = {
  "row 2, column “Identificación fiscal”: “GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)",
  "row 4, column “Identificación fiscal”: “12.345.678-9” is not a valid RUT: its check digit does not match (is a character mistyped?)",
  "row 5, column “Identificación fiscal”: “900.123.456-1” is not a valid NIT: its check digit does not match (is a character mistyped?)",
  "row 6, column “Identificación fiscal”: “pendiente” is not a valid RFC, RUT, CUIT, NIT or RUC",
  "row 7, column “Identificación fiscal”: “pendiente” is not a valid RFC, RUT, CUIT, NIT or RUC",
};

/* Mistyped RFC, RUT and NIT, and "pendiente" twice: every row is valid,
 * each of those customers has one warning (Ferretería López has two rows),
 * with row, column, value and reason. */
static void
test_tax_id_warnings (void)
{
  g_autoptr(CbzCsvImport) import = load_fixture ("import-tax-id-warnings.csv", NULL);
  GPtrArray *problems = cbz_csv_import_get_problems (import);
  const CbzImportProblem *first;

  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 7);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 0);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, G_N_ELEMENTS (fixture_warnings));
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (import), ==, G_N_ELEMENTS (fixture_warnings));
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (fixture_warnings));
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *problem = g_ptr_array_index (problems, i);

      g_assert_true (problem->warning);
      g_assert_cmpint (problem->code, ==, CBZ_IMPORT_ERROR_BAD_TAX_ID);
      g_assert_cmpstr (problem->message, ==, fixture_warnings[i]);
    }
  first = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (first->row, ==, 2);
  g_assert_cmpint (first->column, ==, 1);
  g_assert_cmpstr (first->column_name, ==, "Identificación fiscal");
  g_assert_cmpstr (first->value, ==, "GODE561231GR9");
  g_assert_cmpstr (first->reason, ==, "“GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)");

  /* The record carries the ID as written and why it is unverified. */
  {
    CbzImportRecord r;

    cbz_import_record_init (&r);
    g_assert_true (cbz_csv_import_get_record (import, 2, &r));
    g_assert_false (r.has_tax_id);
    g_assert_cmpstr (r.unverified_tax_id, ==, "12.345.678-9");
    g_assert_cmpint (r.tax_id_problem, ==, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
    g_assert_cmpint (r.tax_id.kind, ==, CBZ_TAX_ID_RUT);
    g_assert_true (cbz_csv_import_get_record (import, 6, &r));
    g_assert_true (r.has_tax_id);
    g_assert_null (r.unverified_tax_id);
    cbz_import_record_clear (&r);
  }
}

/* All or nothing imports them, without --valid-rows-only: the IDs as
 * written, marked unverified; the two "pendiente" are two customers. */
static void
test_tax_id_stored (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tax-id-stored.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-tax-id-warnings.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(GString) rows = g_string_new (NULL);

  g_assert_cmpuint (summary->rows_imported, ==, 7);
  g_assert_cmpuint (summary->rows_skipped, ==, 0);
  g_assert_cmpuint (summary->n_warnings, ==, G_N_ELEMENTS (fixture_warnings));
  g_assert_cmpuint (summary->tax_ids_unverified, ==, 5);
  g_assert_cmpuint (summary->warnings->len, ==, G_N_ELEMENTS (fixture_warnings));
  g_assert_cmpuint (summary->skipped->len, ==, 0);
  g_assert_cmpuint (summary->customers_created, ==, 6);
  g_assert_cmpuint (summary->invoices_created, ==, 7);

  dump_query (store, "SELECT name, tax_id, tax_id_kind, tax_id_problem, region FROM debtors ORDER BY id", rows);
  g_assert_cmpstr (rows->str, ==,
                   "Ferretería López|GODE561231GR9|RFC|check-digit|Jalisco|\n"
                   "Comercial Ñuble Ltda.|12.345.678-9|RUT|check-digit|Nuevo León|\n"
                   "Constructora Andina|900.123.456-1|NIT|check-digit|Coahuila|\n"
                   "Abarrotes La Esquina|pendiente|∅|invalid|Puebla|\n"
                   "Abarrotes El Centro|pendiente|∅|invalid|Yucatán|\n"
                   "Distribuidora del Norte|EKU9003173C9|RFC|∅|Nuevo León|\n");
  /* Found by the ID as written, as the search indexes it. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE tax_id LIKE '%GODE561231GR9%'"), ==, 1);

  /* Through the store, the customer knows it is unverified and why. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CbzDebtor) debtor = cbz_store_get_debtor (store, 1, &error);
    g_autofree char *reason = NULL;

    g_assert_no_error (error);
    g_assert_false (cbz_debtor_tax_id_is_verified (debtor));
    reason = cbz_debtor_describe_tax_id_problem (debtor);
    g_assert_cmpstr (reason, ==, "“GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)");
  }

  /* The same file again: the same customers, nothing new. */
  {
    g_autoptr(CbzImportSummary) again = import_into (store, "import-tax-id-warnings.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);

    g_assert_cmpuint (again->customers_created, ==, 0);
    g_assert_cmpuint (again->customers_unchanged, ==, 6);
    g_assert_cmpuint (again->invoices_unchanged, ==, 7);
  }
}

/* The ID that checks out replaces the unverified one, found by name, and
 * clears its mark; a typo never replaces one that checked out. */
static void
test_tax_id_corrected (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tax-id-corrected.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) first = import_into (store, "import-tax-id-warnings.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(CbzCsvImport) fixed = load_text ("tax-id-fixed.csv",
                                             "Cliente,RFC,Factura,Vencimiento,Monto\n"
                                             "FERRETERIA LOPEZ,GODE561231GR8,F-003,31/12/2026,10.00\n"
                                             "Distribuidora del Norte,EKU9003173C8,D-2,31/12/2026,20.00\n");
  g_autoptr(CbzImportSummary) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);

  /* The second row's typo matches nobody by ID: a different RFC under the
   * same name is a different company only when both check out. */
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (fixed), ==, 1);
  second = cbz_import_writer_run (store, fixed, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->customers_created, ==, 0);
  g_assert_cmpuint (second->customers_updated, ==, 1);
  g_assert_cmpuint (second->invoices_created, ==, 2);

  dump_query (store, "SELECT name, tax_id, tax_id_kind, tax_id_problem FROM debtors"
                     " WHERE name IN ('Ferretería López', 'Distribuidora del Norte') ORDER BY id", rows);
  g_assert_cmpstr (rows->str, ==,
                   "Ferretería López|GODE561231GR8|RFC|∅|\n"
                   "Distribuidora del Norte|EKU9003173C9|RFC|∅|\n");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number = 'F-003' AND debtor_id = 1"), ==, 1);
}

/* One file with the customer's typo first and the right ID later: the
 * customer ends up with the right one. */
static void
test_tax_id_corrected_in_file (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tax-id-in-file.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzCsvImport) import = load_text ("tax-id-in-file.csv",
                                              "Cliente,RFC,Factura,Vencimiento,Monto\n"
                                              "Ferretería López,GODE561231GR9,F-001,31/12/2026,10.00\n"
                                              "Ferretería López,GODE561231GR8,F-002,31/12/2026,20.00\n");
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);

  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->customers_created, ==, 1);
  g_assert_cmpuint (summary->n_warnings, ==, 1);
  dump_query (store, "SELECT name, tax_id, tax_id_problem FROM debtors", rows);
  g_assert_cmpstr (rows->str, ==, "Ferretería López|GODE561231GR8|∅|\n");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE debtor_id = 1"), ==, 2);
}

/* Checked on two threads, a customer whose rows are in both halves is
 * warned about once, at its first row, as on one thread; one that is only
 * in the second half at its own first row. */
static void
test_tax_id_parallel (void)
{
  g_autoptr(GString) text = g_string_new ("Cliente,RFC,Factura,Vencimiento,Monto\n");
  g_autoptr(CbzCsvImport) import = NULL;
  GPtrArray *problems;

  for (guint i = 0; i < 40000; i++)
    {
      const char *rfc = "";

      if (i % 1000 == 3)
        rfc = "GODE561231GR9";
      else if (i >= 30000 && i % 1000 == 4)
        rfc = "EKU9003173C8";
      g_string_append_printf (text, "Cliente %u,%s,F-%05u,31/12/2026,%u.00\n", i % 1000, rfc, i, 1 + i);
    }
  import = load_text ("tax-id-parallel.csv", text->str);

  problems = cbz_csv_import_get_problems (import);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 40000);
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (import), ==, 2);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, 2);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((CbzImportProblem *) g_ptr_array_index (problems, 0))->message, ==,
                   "row 5, column “RFC”: “GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)");
  g_assert_cmpstr (((CbzImportProblem *) g_ptr_array_index (problems, 1))->message, ==,
                   "row 30006, column “RFC”: “EKU9003173C8” is not a valid RFC: its check digit does not match (is a character mistyped?)");
}

/* With an error in the same row, the warning is told too, and only the
 * error refuses the row. */
static void
test_tax_id_with_error (void)
{
  g_autoptr(CbzCsvImport) import = load_text ("tax-id-error.csv",
                                              "Cliente,RFC,Factura,Vencimiento,Monto\n"
                                              "Ferretería López,GODE561231GR9,F-001,31/02/2026,10.00\n"
                                              "Ferretería López,GODE561231GR9,F-002,28/02/2026,10.00\n");
  GPtrArray *problems = cbz_csv_import_get_problems (import);

  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 1);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 1);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (((CbzImportProblem *) g_ptr_array_index (problems, 0))->warning);
  g_assert_false (((CbzImportProblem *) g_ptr_array_index (problems, 1))->warning);
  g_assert_cmpint (((CbzImportProblem *) g_ptr_array_index (problems, 1))->code, ==, CBZ_IMPORT_ERROR_BAD_DATE);
}

/* "Estado" is decided from its values: Mexican states are the address's
 * region, invoice statuses the status, anything else neither. */
static void
test_estado_column (void)
{
  g_autoptr(CbzCsvImport) states = load_text ("estado-states.csv",
                                              "Cliente,Factura,Vencimiento,Monto,Estado\n"
                                              "Uno,F-1,31/12/2026,10.00,Jalisco\n"
                                              "Dos,F-2,31/12/2026,10.00,Nuevo León\n"
                                              "Tres,F-3,31/12/2026,10.00,CDMX\n"
                                              "Cuatro,F-4,31/12/2026,10.00,\n"
                                              "Cinco,F-5,31/12/2026,10.00,Estado de México\n");
  g_autoptr(CbzCsvImport) statuses = load_text ("estado-statuses.csv",
                                                "Cliente,Factura,Vencimiento,Monto,Estado\n"
                                                "Uno,F-1,31/12/2026,10.00,pagada\n"
                                                "Dos,F-2,31/12/2026,10.00,Pendiente\n"
                                                "Tres,F-3,31/12/2026,10.00,vencida\n"
                                                "Cuatro,F-4,31/12/2026,10.00,Jalisco\n");
  g_autoptr(CbzCsvImport) other = load_text ("estado-other.csv",
                                             "Cliente,Factura,Vencimiento,Monto,Estado\n"
                                             "Uno,F-1,31/12/2026,10.00,Activo\n"
                                             "Dos,F-2,31/12/2026,10.00,Inactivo\n");
  g_autoptr(CbzCsvImport) state = load_text ("state-english.csv",
                                             "Customer,Invoice,Due date,Amount,State\n"
                                             "One,F-1,12/31/2026,10.00,Open\n"
                                             "Two,F-2,12/31/2026,10.00,Paid\n");
  CbzImportRecord r;

  g_assert_cmpint (cbz_csv_import_get_column_field (states, 4), ==, CBZ_IMPORT_FIELD_REGION);
  g_assert_cmpint (cbz_csv_import_find_field (states, CBZ_IMPORT_FIELD_STATUS), ==, -1);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (states), ==, 0);
  cbz_import_record_init (&r);
  g_assert_true (cbz_csv_import_get_record (states, 1, &r));
  g_assert_cmpstr (r.region, ==, "Nuevo León");
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_OPEN);

  /* Mostly statuses: the status, and the odd state name is a warning (the
   * figures say the status). */
  g_assert_cmpint (cbz_csv_import_get_column_field (statuses, 4), ==, CBZ_IMPORT_FIELD_STATUS);
  g_assert_cmpint (cbz_csv_import_find_field (statuses, CBZ_IMPORT_FIELD_REGION), ==, -1);
  g_assert_true (cbz_csv_import_get_record (statuses, 0, &r));
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_PAID);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (statuses), ==, 0);
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (statuses), ==, 1);
  g_assert_true (has_problem (statuses, CBZ_IMPORT_ERROR_BAD_STATUS,
                              "row 5, column “Estado”: “Jalisco” is not an invoice status (open, partially paid, paid, disputed or written off)"));
  g_assert_true (cbz_csv_import_get_record (statuses, 3, &r));
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_OPEN);
  cbz_import_record_clear (&r);

  g_assert_cmpint (cbz_csv_import_get_column_field (other, 4), ==, CBZ_IMPORT_FIELD_NONE);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (other), ==, 2);
  g_assert_cmpint (cbz_csv_import_get_column_field (state, 4), ==, CBZ_IMPORT_FIELD_STATUS);
}

/* Editing the ID on the customer page: checked, stored, and the mark
 * cleared by one that checks out; one that belongs to another customer is
 * refused. */
static void
test_tax_id_edit (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tax-id-edit.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-tax-id-warnings.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *problem = NULL;

  /* Still wrong: kept as typed, still marked, and said why. */
  g_assert_true (cbz_store_set_debtor_tax_id (store, 1, "GODE561231GR7", &problem, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (problem, ==, "“GODE561231GR7” is not a valid RFC: its check digit does not match (is a character mistyped?)");
  g_clear_pointer (&problem, g_free);

  /* Another customer's (verified) RFC: refused, nothing changes. */
  g_assert_false (cbz_store_set_debtor_tax_id (store, 1, "EKU9003173C9", &problem, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The tax ID EKU9003173C9 already belongs to another customer, “Distribuidora del Norte”");
  g_clear_error (&error);
  g_assert_false (cbz_store_in_transaction (store));

  /* Right: normalised, unmarked, and found by the search. */
  g_assert_true (cbz_store_set_debtor_tax_id (store, 1, "gode-561231-gr8", &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  dump_query (store, "SELECT tax_id, tax_id_kind, tax_id_problem FROM debtors WHERE id = 1", rows);
  g_assert_cmpstr (rows->str, ==, "GODE561231GR8|RFC|∅|\n");
  g_assert_cmpint (query_int (store, "SELECT rowid FROM debtor_search WHERE tax_id LIKE '%GODE561231GR8%'"), ==, 1);

  /* Empty: no tax ID. */
  g_assert_true (cbz_store_set_debtor_tax_id (store, 1, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE id = 1 AND tax_id IS NULL"
                                     " AND tax_id_kind IS NULL AND tax_id_problem IS NULL"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/import/tax-id/warnings", test_tax_id_warnings);
  g_test_add_func ("/import/tax-id/stored", test_tax_id_stored);
  g_test_add_func ("/import/tax-id/corrected", test_tax_id_corrected);
  g_test_add_func ("/import/tax-id/corrected-in-file", test_tax_id_corrected_in_file);
  g_test_add_func ("/import/tax-id/parallel", test_tax_id_parallel);
  g_test_add_func ("/import/tax-id/with-error", test_tax_id_with_error);
  g_test_add_func ("/import/tax-id/edit", test_tax_id_edit);
  g_test_add_func ("/import/estado", test_estado_column);

  return g_test_run ();
}
