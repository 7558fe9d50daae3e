/* test-import.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "cbz-csv-import.h"
#include "cbz-csv-reader.h"
#include "cbz-import-writer.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

#define NBSP "\u00a0"

static CbzCsvImport *
load_fixture (const char *name,
              const char *country)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_get_fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CbzCsvImport *import = cbz_csv_import_new (file);

  cbz_csv_import_set_default_country (import, country != NULL ? country : "MX");
  cbz_csv_import_set_default_currency (import, "MXN");
  if (!cbz_csv_import_load (import, NULL, &error))
    g_error ("%s: %s", name, error->message);
  return import;
}

static CbzStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CbzStore *store = cbz_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static CbzImportSummary *
import_into (CbzStore     *store,
             const char   *fixture,
             CbzImportMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCsvImport) import = load_fixture (fixture, NULL);
  CbzImportSummary *summary = cbz_import_writer_run (store, import, mode, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

/* The rows @sql returns, one line each, columns ending in "|". */
static void
dump_query (CbzStore   *store,
            const char *sql,
            GString    *out)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

/* Every row of every portfolio table, in a stable order: two databases
 * with the same dump hold the same rows. */
static char *
dump_database (CbzStore *store)
{
  static const char * const queries[] = {
    "SELECT * FROM debtors ORDER BY id",
    "SELECT * FROM debtor_tags ORDER BY debtor_id, tag",
    "SELECT * FROM invoices ORDER BY id",
    "SELECT * FROM payments ORDER BY id",
    "SELECT * FROM events ORDER BY id",
    "SELECT * FROM event_invoices ORDER BY event_id, invoice_id",
    "SELECT * FROM debtor_summaries ORDER BY debtor_id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_string_append_printf (out, "-- %s\n", queries[q]);
      dump_query (store, queries[q], out);
    }
  return g_string_free (out, FALSE);
}

static gint64
query_int (CbzStore   *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (CbzStore   *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static gboolean
has_problem (CbzCsvImport   *import,
             CbzImportError  code,
             const char     *message)
{
  GPtrArray *problems = cbz_csv_import_get_problems (import);

  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *p = g_ptr_array_index (problems, i);

      if (p->code == code && g_str_equal (p->message, message))
        return TRUE;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("problem %d: %s", p->code, p->message);
    }
  return FALSE;
}

static void
test_import_headers (void)
{
  static const struct
  {
    const char     *header;
    CbzImportField  field;
  } cases[] = {
    { "Cliente", CBZ_IMPORT_FIELD_CUSTOMER_NAME },
    { "RAZÓN SOCIAL", CBZ_IMPORT_FIELD_CUSTOMER_NAME },
    { "Nombre del cliente", CBZ_IMPORT_FIELD_CUSTOMER_NAME },
    { "Customer", CBZ_IMPORT_FIELD_CUSTOMER_NAME },
    { "Número de cliente", CBZ_IMPORT_FIELD_NONE },
    { "RFC", CBZ_IMPORT_FIELD_TAX_ID },
    { "R.U.T.", CBZ_IMPORT_FIELD_TAX_ID },
    { "CUIT", CBZ_IMPORT_FIELD_TAX_ID },
    { "NIT cliente", CBZ_IMPORT_FIELD_TAX_ID },
    { "RUC", CBZ_IMPORT_FIELD_TAX_ID },
    { "Tax ID", CBZ_IMPORT_FIELD_TAX_ID },
    { "Teléfono", CBZ_IMPORT_FIELD_PHONE },
    { "Teléfono de contacto", CBZ_IMPORT_FIELD_PHONE },
    { "Celular", CBZ_IMPORT_FIELD_MOBILE },
    { "WhatsApp", CBZ_IMPORT_FIELD_WHATSAPP },
    { "Correo electrónico", CBZ_IMPORT_FIELD_EMAIL },
    { "E-mail", CBZ_IMPORT_FIELD_EMAIL },
    { "Contacto", CBZ_IMPORT_FIELD_CONTACT },
    { "Dirección", CBZ_IMPORT_FIELD_ADDRESS },
    { "Ciudad", CBZ_IMPORT_FIELD_CITY },
    { "Factura", CBZ_IMPORT_FIELD_INVOICE_NUMBER },
    { "Folio", CBZ_IMPORT_FIELD_INVOICE_NUMBER },
    { "No.", CBZ_IMPORT_FIELD_INVOICE_NUMBER },
    { "Número", CBZ_IMPORT_FIELD_INVOICE_NUMBER },
    { "Invoice No.", CBZ_IMPORT_FIELD_INVOICE_NUMBER },
    { "Fecha", CBZ_IMPORT_FIELD_ISSUE_DATE },
    { "Fecha de emisión", CBZ_IMPORT_FIELD_ISSUE_DATE },
    { "Fecha factura", CBZ_IMPORT_FIELD_ISSUE_DATE },
    { "Invoice date", CBZ_IMPORT_FIELD_ISSUE_DATE },
    { "Vencimiento", CBZ_IMPORT_FIELD_DUE_DATE },
    { "Fecha de vencimiento", CBZ_IMPORT_FIELD_DUE_DATE },
    { "Due Date", CBZ_IMPORT_FIELD_DUE_DATE },
    { "Monto", CBZ_IMPORT_FIELD_AMOUNT },
    { "Importe", CBZ_IMPORT_FIELD_AMOUNT },
    { "Total factura", CBZ_IMPORT_FIELD_AMOUNT },
    { "Amount", CBZ_IMPORT_FIELD_AMOUNT },
    { "Saldo", CBZ_IMPORT_FIELD_BALANCE },
    { "Saldo pendiente", CBZ_IMPORT_FIELD_BALANCE },
    { "Amount Due", CBZ_IMPORT_FIELD_BALANCE },
    { "Moneda", CBZ_IMPORT_FIELD_CURRENCY },
    { "Estado", CBZ_IMPORT_FIELD_STATUS },
    { "Status", CBZ_IMPORT_FIELD_STATUS },
    { "Etiquetas", CBZ_IMPORT_FIELD_TAGS },
    { "Idioma", CBZ_IMPORT_FIELD_LANGUAGE },
    { "Concepto", CBZ_IMPORT_FIELD_DESCRIPTION },
    { "Código postal", CBZ_IMPORT_FIELD_POSTAL_CODE },
    { "País", CBZ_IMPORT_FIELD_COUNTRY },
    { "Días vencidos", CBZ_IMPORT_FIELD_NONE },
    { "", CBZ_IMPORT_FIELD_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CbzImportField field = cbz_import_field_from_header (cases[i].header);

      if (field != cases[i].field)
        g_error ("header “%s”: got %d, expected %d", cases[i].header, field, cases[i].field);
    }
  g_assert_cmpstr (cbz_import_field_get_label (CBZ_IMPORT_FIELD_DUE_DATE), ==, "Due date");
}

static void
test_import_reader_quoting (void)
{
  g_autoptr(GError) error = NULL;
  const char csv[] = "a;\"b;c\";\"d \"\"e\"\"\"\r\n  1 ;\"two\nlines\";\r\n\"x\"\"\";;\"\"\n";
  g_autoptr(CbzCsvTable) table = cbz_csv_table_new_from_data (g_memdup2 (csv, sizeof csv), sizeof csv - 1,
                                                                NULL, 0, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cbz_csv_table_get_delimiter (table), ==, ';');
  g_assert_cmpuint (cbz_csv_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 0, 1), ==, "b;c");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 0, 2), ==, "d \"e\"");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 1, 0), ==, "1");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 1, 1), ==, "two\nlines");
  g_assert_cmpuint (cbz_csv_table_get_n_fields (table, 1), ==, 3);
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 1, 2), ==, "");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 2, 0), ==, "x\"");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 2, 2), ==, "");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 2, 7), ==, "");
}

static void
test_import_reader_errors (void)
{
  g_autoptr(GError) error = NULL;
  const char xlsx[] = "PK\003\004 whatever";
  const char latin1[] = "a,b\nRaz\xf3n,1\n";
  const char utf16[] = "\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0";
  g_autoptr(CbzCsvTable) table = NULL;

  table = cbz_csv_table_new_from_data (g_memdup2 (xlsx, sizeof xlsx), sizeof xlsx - 1, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING);
  g_clear_error (&error);

  table = cbz_csv_table_new_from_data (g_memdup2 ("", 1), 0, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_EMPTY_FILE);
  g_clear_error (&error);

  /* Forcing UTF-8 on Windows-1252 bytes says which line is wrong. */
  table = cbz_csv_table_new_from_data (g_memdup2 (latin1, sizeof latin1), sizeof latin1 - 1, "UTF-8", 0,
                                       NULL, NULL, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  /* Excel's "Unicode text" is UTF-16 with a BOM. */
  table = cbz_csv_table_new_from_data (g_memdup2 (utf16, sizeof utf16), sizeof utf16 - 1, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cbz_csv_table_get_encoding (table), ==, "UTF-16LE");
  g_assert_cmpstr (cbz_csv_table_get_cell (table, 1, 1), ==, "2");
}

static void
test_import_encodings (void)
{
  g_autoptr(CbzCsvImport) utf8 = load_fixture ("import-utf8.csv", NULL);
  g_autoptr(CbzCsvImport) bom = load_fixture ("import-utf8-bom.csv", NULL);
  g_autoptr(CbzCsvImport) cp1252 = load_fixture ("import-cp1252.csv", NULL);
  g_autoptr(CbzCsvImport) tab = load_fixture ("import-tab.csv", NULL);

  g_assert_cmpstr (cbz_csv_import_get_encoding (utf8), ==, "UTF-8");
  g_assert_false (cbz_csv_import_get_had_bom (utf8));
  g_assert_cmpint (cbz_csv_import_get_delimiter (utf8), ==, ',');

  g_assert_cmpstr (cbz_csv_import_get_encoding (bom), ==, "UTF-8");
  g_assert_true (cbz_csv_import_get_had_bom (bom));
  g_assert_cmpint (cbz_csv_import_get_delimiter (bom), ==, ';');
  /* The BOM is not part of the first header. */
  g_assert_cmpstr (cbz_csv_import_get_header (bom, 0), ==, "Razón social");
  g_assert_cmpint (cbz_csv_import_get_column_field (bom, 0), ==, CBZ_IMPORT_FIELD_CUSTOMER_NAME);

  g_assert_cmpstr (cbz_csv_import_get_encoding (cp1252), ==, "WINDOWS-1252");
  g_assert_cmpint (cbz_csv_import_get_delimiter (cp1252), ==, ';');
  g_assert_cmpstr (cbz_csv_import_get_header (cp1252, 0), ==, "Razón social");
  g_assert_cmpstr (cbz_csv_import_get_cell (cp1252, 1, 0), ==, "Óptica Núñez");
  g_assert_cmpstr (cbz_csv_import_get_cell (cp1252, 2, 0), ==, "Café “El Águila”");

  g_assert_cmpstr (cbz_csv_import_get_encoding (tab), ==, "UTF-8");
  g_assert_cmpint (cbz_csv_import_get_delimiter (tab), ==, '\t');
  g_assert_cmpint (cbz_csv_import_get_date_order (tab), ==, CBZ_DATE_ORDER_MDY);
  g_assert_cmpint (cbz_csv_import_get_date_order (cp1252), ==, CBZ_DATE_ORDER_DMY);

  for (CbzCsvImport **i = (CbzCsvImport *[]) { utf8, bom, cp1252, tab, NULL }; *i != NULL; i++)
    {
      g_assert_cmpuint (cbz_csv_import_get_n_problems (*i), ==, 0);
      g_assert_false (cbz_csv_import_has_file_problems (*i));
    }
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (utf8), ==, 5);
  g_assert_cmpuint (cbz_csv_import_get_n_blank_rows (utf8), ==, 1);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (bom), ==, 4);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (cp1252), ==, 3);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (tab), ==, 3);
}

static void
test_import_records (void)
{
  g_autoptr(CbzCsvImport) utf8 = load_fixture ("import-utf8.csv", NULL);
  g_autoptr(CbzCsvImport) bom = load_fixture ("import-utf8-bom.csv", NULL);
  g_autoptr(CbzCsvImport) tab = load_fixture ("import-tab.csv", NULL);
  CbzImportRecord r;
  char iso[CBZ_DATE_ISO_LENGTH];

  cbz_import_record_init (&r);

  /* Quoted name with a comma; "1,234.56"; dd/mm/yyyy; tags. */
  g_assert_true (cbz_csv_import_get_record (utf8, 0, &r));
  g_assert_cmpuint (r.row, ==, 2);
  g_assert_cmpstr (r.customer_name, ==, "Ferretería López, S.A. de C.V.");
  g_assert_cmpstr (r.name_key->str, ==, "ferreteria lopez s a de c v");
  g_assert_true (r.has_tax_id);
  g_assert_cmpstr (r.tax_id.normalized, ==, "GODE561231GR8");
  g_assert_cmpint (r.tax_id.kind, ==, CBZ_TAX_ID_RFC);
  g_assert_cmpstr (r.phone, ==, "+525512345678");
  g_assert_cmpstr (r.address, ==, "Av. Juárez 10, Col. Centro");
  g_assert_cmpstr (r.invoice_number, ==, "F-001");
  g_assert_cmpstr (cbz_date_to_iso (r.issue_date, iso), ==, "2026-10-01");
  g_assert_cmpstr (cbz_date_to_iso (r.due_date, iso), ==, "2026-10-31");
  g_assert_cmpint (r.amount, ==, 123456);
  g_assert_cmpint (r.balance, ==, 123456);
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_OPEN);
  {
    g_auto(GStrv) tags = cbz_import_record_split_tags (&r);

    g_assert_cmpuint (g_strv_length (tags), ==, 2);
    g_assert_cmpstr (tags[0], ==, "vip");
    g_assert_cmpstr (tags[1], ==, "mayoreo");
  }

  /* yyyy-mm-dd; "$ 2 500"; partial. */
  g_assert_true (cbz_csv_import_get_record (utf8, 1, &r));
  g_assert_cmpstr (cbz_date_to_iso (r.due_date, iso), ==, "2026-11-04");
  g_assert_cmpint (r.amount, ==, 250000);
  g_assert_cmpint (r.balance, ==, 100000);
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);

  /* Doubled quotes, a line break inside the address, d/m/yy, (negative), old
   * 044 mobile prefix. */
  g_assert_true (cbz_csv_import_get_record (utf8, 2, &r));
  g_assert_cmpuint (r.row, ==, 4);
  g_assert_cmpstr (r.customer_name, ==, "Papelería \"El Lápiz\"");
  g_assert_false (r.has_tax_id);
  g_assert_cmpstr (r.address, ==, "Calle 5 #20\nInt. 3");
  g_assert_cmpstr (r.phone, ==, "+523312345678");
  g_assert_cmpstr (cbz_date_to_iso (r.issue_date, iso), ==, "2026-09-05");
  g_assert_cmpint (r.amount, ==, -123456);
  g_assert_cmpint (r.balance, ==, 0);
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_PAID);

  /* dd-mm-yyyy, "1.234" (thousands), two emails, status from the figures. */
  g_assert_true (cbz_csv_import_get_record (utf8, 3, &r));
  g_assert_cmpstr (cbz_date_to_iso (r.issue_date, iso), ==, "2026-08-15");
  g_assert_cmpint (r.amount, ==, 123400);
  g_assert_cmpstr (r.email->str, ==, "cobranza@norte.mx, ana@norte.mx");
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_OPEN);

  /* Row 6 is blank; dd.mm.yyyy; "3.000,50"; lowercase currency. */
  g_assert_false (cbz_csv_import_get_record (utf8, 4, &r));
  g_assert_true (cbz_csv_import_get_record (utf8, 5, &r));
  g_assert_cmpuint (r.row, ==, 7);
  g_assert_cmpstr (cbz_date_to_iso (r.issue_date, iso), ==, "2026-08-15");
  g_assert_cmpstr (r.currency, ==, "USD");
  g_assert_cmpint (r.amount, ==, 300050);

  /* Chilean: RUT, a national mobile read as Chilean because of the RUT,
   * CLP without decimals, the language column. */
  g_assert_true (cbz_csv_import_get_record (bom, 0, &r));
  g_assert_cmpint (r.tax_id.kind, ==, CBZ_TAX_ID_RUT);
  g_assert_cmpstr (r.tax_id.normalized, ==, "760864285");
  g_assert_cmpstr (r.mobile, ==, "+56987654321");
  g_assert_cmpstr (r.currency, ==, "CLP");
  g_assert_cmpint (r.amount, ==, 1234567);
  g_assert_cmpstr (r.language, ==, "es");
  g_assert_true (cbz_csv_import_get_record (bom, 3, &r));
  g_assert_cmpstr (r.tax_id.normalized, ==, "10000013K");
  g_assert_cmpstr (r.currency, ==, "USD");
  g_assert_cmpint (r.amount, ==, 123450);
  g_assert_cmpstr (r.language, ==, "en");

  /* English, month first. */
  g_assert_true (cbz_csv_import_get_record (tab, 0, &r));
  g_assert_cmpstr (r.phone, ==, "+14155550100");
  g_assert_cmpstr (cbz_date_to_iso (r.issue_date, iso), ==, "2026-10-25");
  g_assert_cmpint (r.amount, ==, 123456);
  g_assert_true (cbz_csv_import_get_record (tab, 2, &r));
  g_assert_cmpstr (r.customer_name, ==, "Bolt & Nut, Inc.");
  g_assert_cmpstr (cbz_date_to_iso (r.due_date, iso), ==, "2026-09-30");
  g_assert_cmpint (r.status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);

  cbz_import_record_clear (&r);
}

static void
test_import_problems (void)
{
  g_autoptr(CbzCsvImport) import = load_fixture ("import-bad.csv", NULL);
  GPtrArray *problems = cbz_csv_import_get_problems (import);
  const CbzImportProblem *first;

  /* Row 20's tax ID does not check out: a warning, the row is valid. */
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 16);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 12);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, 14);
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (import), ==, 1);
  g_assert_cmpuint (problems->len, ==, 14);

  first = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (first->row, ==, 17);
  g_assert_cmpint (first->column, ==, 6);
  g_assert_cmpstr (first->column_name, ==, "vencimiento");
  g_assert_cmpstr (first->value, ==, "31/02/2024");
  g_assert_cmpint (first->code, ==, CBZ_IMPORT_ERROR_BAD_DATE);
  g_assert_cmpstr (first->message, ==, "row 17, column “vencimiento”: “31/02/2024” is not a valid date");

  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_AMOUNT,
                              "row 18, column “monto”: “12,34,5” is not a valid amount"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_MISSING_VALUE,
                              "row 19, column “cliente”: the customer’s name is empty"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_TAX_ID,
                              "row 20, column “rfc”: “ABC123” is not a valid RFC"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_PHONE,
                              "row 21, column “teléfono”: “55-CALL-NOW” has characters that are not part of a phone number"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_EMAIL,
                              "row 22, column “correo”: “pagos@@x” is not a valid email address"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_CURRENCY,
                              "row 23, column “moneda”: “PESOS” is not a currency code such as MXN, USD or CLP"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_STATUS,
                              "row 24, column “estado”: “quizás” is not an invoice status (open, partially paid, paid, disputed or written off)"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_DUPLICATE_INVOICE,
                              "row 25, column “factura”: invoice “B-001” of this customer is already in row 2"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_ROW,
                              "row 26: the row has 12 values but the header has only 11 columns (is a value with a delimiter in it missing its quotes?)"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_AMOUNT,
                              "row 27, column “saldo”: the balance ($" NBSP "250.00) is larger than the invoice amount ($" NBSP "100.00)"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_DATE,
                              "row 28, column “fecha”: “ayer” is not a date in a known format such as dd/mm/yyyy or yyyy-mm-dd"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_DATE,
                              "row 29, column “vencimiento”: “30/02/2026” is not a valid date"));
  g_assert_true (has_problem (import, CBZ_IMPORT_ERROR_BAD_AMOUNT,
                              "row 29, column “monto”: “-x-” is not a valid amount"));

  g_assert_true (cbz_csv_import_row_is_valid (import, 0));
  g_assert_false (cbz_csv_import_row_is_valid (import, 15));
  g_assert_true (cbz_csv_import_row_is_valid (import, 18));
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *p = g_ptr_array_index (problems, i);

      g_assert_cmpint (p->warning, ==, p->row == 20);
    }
}

/* A file big enough to be checked on two threads, with problems in both
 * halves and across the middle: they come out in row order, customer cells
 * before invoice cells, as on one thread; the invoice half each thread
 * kept for the writer is the one the cells give. */
static void
test_import_problems_parallel (void)
{
  static const char * const expected[] = {
    "row 12, column “Vencimiento”: “31/02/2026” is not a valid date",
    "row 102, column “Cliente”: the customer’s name is empty",
    "row 102, column “Monto”: “-x-” is not a valid amount",
    "row 1002, column “Factura”: invoice “F-00000” of this customer is already in row 2",
    "row 25001, column “Vencimiento”: “ayer” is not a date in a known format such as dd/mm/yyyy or yyyy-mm-dd",
    "row 25002, column “Cliente”: the customer’s name is empty",
    "row 25002, column “Monto”: “-x-” is not a valid amount",
    "row 25002: the row has 5 values but the header has only 4 columns (is a value with a delimiter in it missing its quotes?)",
    "row 30002, column “Factura”: invoice “F-00000” of this customer is already in row 2",
    "row 40002, column “Factura”: invoice “F-39000” of this customer is already in row 39002",
    "row 50001, column “Vencimiento”: the due date is empty",
  };
  g_autofree char *csv = cbz_test_build_tmp_path ("parallel.csv");
  g_autoptr(GString) text = g_string_new ("Cliente,Factura,Vencimiento,Monto\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(GError) error = NULL;
  CbzImportRecord whole;
  CbzImportRecord invoice;
  GPtrArray *problems;

  for (guint i = 0; i < 50000; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Cliente %u", i % 1000);
      g_autofree char *number = g_strdup_printf ("F-%05u", i);
      g_autofree char *due = g_strdup_printf ("%02u/%02u/2026", 1 + i % 28, 1 + i % 12);
      g_autofree char *amount = g_strdup_printf ("%u.50", i);
      const char *extra = "";

      switch (i)
        {
        case 10: g_free (due); due = g_strdup ("31/02/2026"); break;
        case 100: customer[0] = '\0'; g_free (amount); amount = g_strdup ("-x-"); break;
        case 200: customer[0] = number[0] = due[0] = amount[0] = '\0'; break;
        case 24999: g_free (due); due = g_strdup ("ayer"); break;
        case 25000: customer[0] = '\0'; g_free (amount); amount = g_strdup ("-x-"); extra = ",sobra"; break;
        case 1000: case 30000: g_free (number); number = g_strdup ("F-00000"); break;
        case 40000: g_free (number); number = g_strdup ("F-39000"); break;
        case 49999: due[0] = '\0'; break;
        default: break;
        }
      g_string_append_printf (text, "%s,%s,%s,%s%s\n", customer, number, due, amount, extra);
    }
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));

  import = cbz_csv_import_new (file);
  cbz_csv_import_set_default_country (import, "MX");
  cbz_csv_import_set_default_currency (import, "MXN");
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);

  problems = cbz_csv_import_get_problems (import);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((CbzImportProblem *) g_ptr_array_index (problems, i))->message, ==, expected[i]);
  g_assert_cmpuint (cbz_csv_import_get_n_blank_rows (import), ==, 1);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 8);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 49991);
  /* A customer's rows in both halves point to its first. */
  g_assert_cmpuint (cbz_csv_import_get_customer_row (import, 30001), ==, 1);
  g_assert_cmpuint (cbz_csv_import_get_customer_row (import, 25100), ==, 100 + 1000);

  cbz_import_record_init (&whole);
  cbz_import_record_init (&invoice);
  for (guint i = 0; i < 50000; i += 7)
    {
      if (!cbz_csv_import_row_is_valid (import, i))
        continue;
      g_assert_true (cbz_csv_import_get_record (import, i, &whole));
      g_assert_true (cbz_csv_import_get_record_parts (import, i, CBZ_IMPORT_RECORD_INVOICE, &invoice));
      g_assert_cmpstr (invoice.invoice_number, ==, whole.invoice_number);
      g_assert_cmpint (invoice.amount, ==, whole.amount);
      g_assert_cmpint (invoice.amount, ==, (gint64) i * 100 + 50);
      g_assert_cmpint (invoice.balance, ==, whole.balance);
      g_assert_true (cbz_date_compare (invoice.due_date, whole.due_date) == 0);
      g_assert_cmpstr (invoice.currency, ==, whole.currency);
      g_assert_cmpint (invoice.status, ==, whole.status);
    }
  cbz_import_record_clear (&invoice);
  cbz_import_record_clear (&whole);
  g_clear_object (&import);

  /* Every row wrong twice: the first CBZ_CSV_IMPORT_MAX_PROBLEMS are kept,
   * all counted. */
  g_string_assign (text, "Cliente,Factura,Vencimiento,Monto\n");
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (text, "Cliente %u,F-%05u,ayer,-x-\n", i % 1000, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  problems = cbz_csv_import_get_problems (import);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, 100000);
  g_assert_cmpuint (problems->len, ==, CBZ_CSV_IMPORT_MAX_PROBLEMS);
  g_assert_cmpstr (((CbzImportProblem *) g_ptr_array_index (problems, CBZ_CSV_IMPORT_MAX_PROBLEMS - 2))->message, ==,
                   "row 5001, column “Vencimiento”: “ayer” is not a date in a known format such as dd/mm/yyyy or yyyy-mm-dd");
  g_assert_cmpstr (((CbzImportProblem *) g_ptr_array_index (problems, CBZ_CSV_IMPORT_MAX_PROBLEMS - 1))->message, ==,
                   "row 5001, column “Monto”: “-x-” is not a valid amount");
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 50000);
}

/* A failed import leaves the portfolio exactly as it was: the same rows, and
 * (with the file closed) the same bytes. */
static void
assert_import_refused (const char     *fixture,
                       CbzImportError  code,
                       const char     *message)
{
  g_autofree char *path = cbz_test_build_tmp_path ("refused.db");
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *bytes_before = NULL;
  g_autofree char *bytes_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCsvImport) import = NULL;
  CbzImportSummary *summary;
  CbzStore *store;

  store = open_store (path);
  cbz_import_summary_free (import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING));
  rows_before = dump_database (store);
  g_object_unref (store);
  bytes_before = file_checksum (path);

  store = open_store (path);
  import = load_fixture (fixture, NULL);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, CBZ_IMPORT_ERROR, (int) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  rows_after = dump_database (store);
  g_object_unref (store);
  bytes_after = file_checksum (path);

  g_assert_cmpstr (rows_after, ==, rows_before);
  g_assert_cmpstr (bytes_after, ==, bytes_before);
}

static void
test_import_all_or_nothing (void)
{
  assert_import_refused ("import-bad.csv", CBZ_IMPORT_ERROR_HAS_PROBLEMS,
                         "12 rows have problems, so nothing was imported");
}

static void
test_import_missing_column (void)
{
  g_autoptr(CbzCsvImport) import = load_fixture ("import-missing-column.csv", NULL);
  const CbzImportProblem *problem;

  g_assert_true (cbz_csv_import_has_file_problems (import));
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 0);
  problem = g_ptr_array_index (cbz_csv_import_get_problems (import), 0);
  g_assert_cmpuint (problem->row, ==, 0);
  g_assert_cmpint (problem->code, ==, CBZ_IMPORT_ERROR_MISSING_COLUMN);
  g_assert_cmpstr (problem->message, ==,
                   "No column holds the due date (a header such as “vencimiento” or “due date”)");

  /* Refused even when only valid rows are wanted: no row can be valid. */
  assert_import_refused ("import-missing-column.csv", CBZ_IMPORT_ERROR_MISSING_COLUMN,
                         "No column holds the due date (a header such as “vencimiento” or “due date”)");

  /* The person says which column holds it; now it imports. */
  cbz_csv_import_set_column_field (import, 2, CBZ_IMPORT_FIELD_DUE_DATE);
  g_assert_cmpint (cbz_csv_import_find_field (import, CBZ_IMPORT_FIELD_DUE_DATE), ==, 2);
  g_assert_cmpint (cbz_csv_import_find_field (import, CBZ_IMPORT_FIELD_ISSUE_DATE), ==, -1);
  g_assert_false (cbz_csv_import_is_validated (import));
  g_assert_true (cbz_csv_import_validate (import, NULL, NULL));
  g_assert_false (cbz_csv_import_has_file_problems (import));
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 1);
}

static void
test_import_unclosed_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_get_fixture ("import-unclosed-quote.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CbzCsvImport) import = cbz_csv_import_new (file);

  g_assert_false (cbz_csv_import_load (import, NULL, &error));
  g_assert_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_BAD_QUOTING);
  g_assert_cmpstr (error->message, ==, "row 3: a quoted value is never closed (a \" is missing)");
}

static void
test_import_valid_rows_only (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("valid-only.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-bad.csv", CBZ_IMPORT_MODE_VALID_ROWS_ONLY);

  g_assert_cmpuint (summary->rows_imported, ==, 16);
  g_assert_cmpuint (summary->rows_skipped, ==, 12);
  g_assert_cmpuint (summary->skipped->len, ==, 13);
  g_assert_cmpuint (summary->n_warnings, ==, 1);
  g_assert_cmpuint (summary->warnings->len, ==, 1);
  g_assert_cmpuint (summary->customers_created, ==, 16);
  g_assert_cmpuint (summary->invoices_created, ==, 16);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 16);
  /* Only M-20, whose tax ID did not check out, of the rows with anything wrong. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number LIKE 'M-%'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors"), ==, 16);
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
}

typedef struct
{
  GAsyncResult *result;
  guint         progress_notifications;
} AsyncData;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = g_object_ref (result);
}

static void
progress_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  AsyncData *data = user_data;

  data->progress_notifications++;
}

static gboolean
has_result (gpointer user_data)
{
  AsyncData *data = user_data;

  return data->result != NULL;
}

static gboolean
has_progress (gpointer user_data)
{
  AsyncData *data = user_data;

  return data->progress_notifications > 0;
}

static void
test_import_async (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("async.db");
  g_autofree char *fixture = cbz_test_get_fixture ("import-tab.csv");
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  g_autoptr(CbzCsvImport) import = cbz_csv_import_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  AsyncData data = { NULL, 0 };

  g_signal_connect (import, "notify::progress", G_CALLBACK (progress_cb), &data);
  cbz_csv_import_load_async (import, NULL, async_done_cb, &data);
  g_assert_true (cbz_test_spin_until (has_result, &data, 10000));
  g_assert_true (cbz_csv_import_load_finish (import, data.result, &error));
  g_assert_no_error (error);
  g_clear_object (&data.result);
  g_assert_true (cbz_test_spin_until (has_progress, &data, 5000));
  g_assert_cmpfloat (cbz_csv_import_get_progress (import), ==, 1.0);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 3);

  /* Re-validate after a mapping change, off the main thread too. */
  cbz_csv_import_set_column_field (import, 11, CBZ_IMPORT_FIELD_NONE);
  cbz_csv_import_validate_async (import, NULL, async_done_cb, &data);
  g_assert_true (cbz_test_spin_until (has_result, &data, 10000));
  g_assert_true (cbz_csv_import_validate_finish (import, data.result, &error));
  g_clear_object (&data.result);

  cbz_import_writer_commit_async (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, NULL, async_done_cb, &data);
  g_assert_true (cbz_test_spin_until (has_result, &data, 10000));
  summary = cbz_import_writer_commit_finish (store, data.result, &error);
  g_assert_no_error (error);
  g_clear_object (&data.result);
  g_assert_cmpuint (summary->invoices_created, ==, 3);
  /* The tags column was switched off. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_tags"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 3);
}

static void
test_import_cancel (void)
{
  g_autofree char *fixture = cbz_test_get_fixture ("import-utf8.csv");
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  g_autoptr(CbzCsvImport) import = cbz_csv_import_new (file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (cbz_csv_import_load (import, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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

/* Big imports into a small table rebuild the secondary indexes at the end
 * instead of updating them row by row, and build the search index on a
 * second thread: they must all be back, and a second import of the same
 * file must find every invoice again. */
static void
test_import_bulk (void)
{
  g_autofree char *csv = cbz_test_build_tmp_path ("bulk.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("bulk.db");
  g_autoptr(GString) text = g_string_new ("Cliente;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) first = NULL;
  g_autoptr(CbzImportSummary) second = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  gint64 indexes_before = query_int (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices'");
  g_autofree char *all_indexes_before = query_text (store, "SELECT group_concat (name || ':' || COALESCE (sql, ''), char (10))"
                                                           " FROM (SELECT * FROM sqlite_master WHERE type = 'index' ORDER BY name)");
  g_autofree char *all_indexes_after = NULL;

  /* 12,000 invoices of 1,200 customers, the customers interleaved. */
  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente Número %u;F-%05u;%02u/%02u/2026;\"1.%03u,50\";%u,00\n",
                            i % 1200, i, 1 + i % 28, 1 + i % 12, i % 1000, i % 500);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  /* This connection reads the (empty) search index first, as a window
   * would have. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero%'"), ==, 0);

  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 12000);

  first = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->customers_created, ==, 1200);
  g_assert_cmpuint (first->invoices_created, ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices'"),
                   ==, indexes_before);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
  /* The customers' and summaries' indexes, dropped for the first import,
   * are all back as they were. */
  all_indexes_after = query_text (store, "SELECT group_concat (name || ':' || COALESCE (sql, ''), char (10))"
                                         " FROM (SELECT * FROM sqlite_master WHERE type = 'index' ORDER BY name)");
  g_assert_cmpstr (all_indexes_after, ==, all_indexes_before);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors INDEXED BY debtors_name_key WHERE name_key >= 'cliente numero 600'"),
                   ==, query_int (store, "SELECT count(*) FROM debtors WHERE name_key >= 'cliente numero 600'"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries INDEXED BY debtor_summaries_open_balance WHERE open_balance > 0"),
                   ==, query_int (store, "SELECT count(*) FROM debtor_summaries WHERE open_balance > 0"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE kind = 'import'"), ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries"), ==, 1200);
  /* The events are the ones cbz_store_add_event() writes for the import. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE direction = 'internal'"
                                     " AND channel IS NULL AND delivery_state IS NULL"
                                     " AND provider_message_id IS NULL AND attachment IS NULL"
                                     " AND summary LIKE 'Imported from “%bulk.csv”'"
                                     " AND body = 'New customer' || char (10) || '10 new invoices'"
                                     " AND json_extract (data, '$.invoices_created') = 10"
                                     " AND json_extract (data, '$.file') LIKE '%bulk.csv'"), ==, 1200);
  /* The search index was built beside the writing (cbz-search-builder.c):
   * it holds what cbz_store_refresh_summaries() would have put in it, this
   * connection (which searched before the import) reads it, everyone is
   * found by name and by invoice number, fts5 agrees with itself, and
   * merging is back on. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors d JOIN debtor_search_content c ON c.id = d.id"
                                     " WHERE c.c0 = cbz_search_key (d.name) AND c.c1 = COALESCE (d.tax_id, '')"
                                     " AND c.c2 = COALESCE ((SELECT group_concat (number, ' ') FROM"
                                     "   (SELECT number FROM invoices WHERE debtor_id = d.id ORDER BY number)), '')"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search"), ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%F-01234%'"),
                   ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%F-0%'"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero 1199%'"),
                   ==, 1);
  g_assert_cmpint (query_int (store, "SELECT v FROM debtor_search_config WHERE k = 'automerge'"), ==, 4);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  second = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->invoices_created, ==, 0);
  g_assert_cmpuint (second->invoices_unchanged, ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 12000);

  /* fts5 goes on from the copied index: a renamed customer is found by
   * the new name only, and the index still agrees with itself. */
  {
    const gint64 renamed[] = { 5 };

    g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                   "UPDATE debtors SET name = 'Zapatería Única' WHERE id = 5",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (cbz_store_refresh_summaries (store, renamed, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (query_int (store, "SELECT rowid FROM debtor_search WHERE name LIKE '%zapateria unica%'"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero%'"), ==, 1199);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A first big import whose file names one invoice twice: the second row
 * updates the first, the summaries and the search index are computed in
 * SQL instead, and the index built beside the writing is dropped (its
 * thread stopped) without a trace. */
static void
test_import_bulk_repeated_invoice (void)
{
  g_autofree char *csv = cbz_test_build_tmp_path ("bulk-repeated.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("bulk-repeated.db");
  g_autoptr(GString) text = g_string_new ("Cliente;RFC;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(GError) error = NULL;

  /* Customer 7 with its RFC... */
  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente %u;%s;R-%05u;%02u/%02u/2026;\"1.%03u,00\";%u,00\n",
                            i % 1200, i % 1200 == 7 ? "GODE561231GR8" : "", i, 1 + i % 28, 1 + i % 12,
                            i % 1000, 1 + i % 500);
  /* ...and by name only (checking cannot tell them apart), with its
   * invoice R-00007 again and a new balance. */
  g_string_append (text, "CLIENTE 7;;R-00007;08/08/2026;\"1.007,00\";99,00\n");
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);

  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_created, ==, 12000);
  g_assert_cmpuint (summary->invoices_updated, ==, 1);
  g_assert_cmpint (query_int (store, "SELECT balance FROM invoices WHERE number = 'R-00007'"), ==, 9900);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors d JOIN debtor_search_content c ON c.id = d.id"
                                     " WHERE c.c0 = cbz_search_key (d.name) AND c.c1 = COALESCE (d.tax_id, '')"
                                     " AND c.c2 = COALESCE ((SELECT group_concat (number, ' ') FROM"
                                     "   (SELECT number FROM invoices WHERE debtor_id = d.id ORDER BY number)), '')"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%R-00007%'"), ==, 1);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* 12,000 invoice rows of 1,200 new customers: enough to be a bulk import. */
static CbzCsvImport *
load_bulk_import (const char *name)
{
  g_autofree char *csv = cbz_test_build_tmp_path (name);
  g_autoptr(GString) text = g_string_new ("Cliente;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  CbzCsvImport *import;

  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente Nuevo %u;BK-%05u;%02u/%02u/2026;\"2.%03u,00\";%u,00\n",
                            i % 1200, i, 1 + i % 28, 1 + i % 12, i % 1000, i % 700);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  return import;
}

/* A VFS that passes everything to the default one and kills the process
 * at the Nth write of a page beyond the database's size at the start: a
 * power cut halfway through writing a big commit into the file. */
typedef struct
{
  sqlite3_file  base;
  gboolean      main_db;
  sqlite3_file *real;      /* follows this struct in the same allocation */
} CrashFile;

static sqlite3_vfs *crash_real_vfs;
static int crash_writes_left;
static sqlite3_int64 crash_from_offset;

#define REAL(f) (((CrashFile *) (f))->real)

static int crash_close (sqlite3_file *f) { return REAL (f)->pMethods->xClose (REAL (f)); }
static int crash_read (sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return REAL (f)->pMethods->xRead (REAL (f), b, n, o); }
static int crash_truncate (sqlite3_file *f, sqlite3_int64 s) { return REAL (f)->pMethods->xTruncate (REAL (f), s); }
static int crash_sync (sqlite3_file *f, int flags) { return REAL (f)->pMethods->xSync (REAL (f), flags); }
static int crash_file_size (sqlite3_file *f, sqlite3_int64 *s) { return REAL (f)->pMethods->xFileSize (REAL (f), s); }
static int crash_lock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xLock (REAL (f), l); }
static int crash_unlock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int crash_check_reserved (sqlite3_file *f, int *r) { return REAL (f)->pMethods->xCheckReservedLock (REAL (f), r); }
static int crash_file_control (sqlite3_file *f, int op, void *a) { return REAL (f)->pMethods->xFileControl (REAL (f), op, a); }
static int crash_sector_size (sqlite3_file *f) { return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int crash_device (sqlite3_file *f) { return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }
static int crash_shm_map (sqlite3_file *f, int r, int s, int e, void volatile **p) { return REAL (f)->pMethods->xShmMap (REAL (f), r, s, e, p); }
static int crash_shm_lock (sqlite3_file *f, int o, int n, int fl) { return REAL (f)->pMethods->xShmLock (REAL (f), o, n, fl); }
static void crash_shm_barrier (sqlite3_file *f) { REAL (f)->pMethods->xShmBarrier (REAL (f)); }
static int crash_shm_unmap (sqlite3_file *f, int d) { return REAL (f)->pMethods->xShmUnmap (REAL (f), d); }

static int
crash_write (sqlite3_file  *f,
             const void    *buffer,
             int            n,
             sqlite3_int64  offset)
{
  if (((CrashFile *) f)->main_db && offset >= crash_from_offset && --crash_writes_left == 0)
    raise (SIGKILL);
  return REAL (f)->pMethods->xWrite (REAL (f), buffer, n, offset);
}

static const sqlite3_io_methods crash_io_methods = {
  2, crash_close, crash_read, crash_write, crash_truncate, crash_sync, crash_file_size,
  crash_lock, crash_unlock, crash_check_reserved, crash_file_control, crash_sector_size,
  crash_device, crash_shm_map, crash_shm_lock, crash_shm_barrier, crash_shm_unmap,
  NULL, NULL,
};

static int
crash_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *f,
            int           flags,
            int          *out_flags)
{
  CrashFile *file = (CrashFile *) f;
  int rc;

  file->real = (sqlite3_file *) (file + 1);
  file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = crash_real_vfs->xOpen (crash_real_vfs, name, file->real, flags, out_flags);
  /* sqlite calls xClose only when pMethods is set. */
  file->base.pMethods = file->real->pMethods != NULL ? &crash_io_methods : NULL;
  return rc;
}

static void
install_crash_vfs (const char *path,
                   int         writes)
{
  static sqlite3_vfs vfs;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  crash_from_offset = st.st_size;
  crash_real_vfs = sqlite3_vfs_find (NULL);
  vfs = *crash_real_vfs;
  vfs.szOsFile = sizeof (CrashFile) + crash_real_vfs->szOsFile;
  vfs.zName = "cbz-crash";
  vfs.xOpen = crash_open;
  crash_writes_left = writes;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 1), ==, SQLITE_OK);
}

/* A bulk import killed while its commit is being written into the file
 * leaves the portfolio as it was: the rollback journal it writes with
 * (instead of WAL) restores the pages, and the file goes back to WAL. */
static void
test_import_bulk_crash (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mode = NULL;

  /* The child has a temporary folder of its own: it is told the file. */
  if (g_test_subprocess ())
    {
      const char *child_path = g_getenv ("CBZ_TEST_CRASH_DB");
      g_autoptr(CbzStore) store = NULL;
      g_autoptr(CbzCsvImport) import = load_bulk_import ("bulk-crash.csv");

      install_crash_vfs (child_path, 10);
      store = open_store (child_path);
      cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, NULL);
      /* Not reached when the commit wrote to the file. */
      return;
    }

  path = cbz_test_build_tmp_path ("bulk-crash.db");
  {
    g_autoptr(CbzStore) store = open_store (path);
    g_autoptr(CbzImportSummary) first = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);

    before = dump_database (store);
  }
  g_setenv ("CBZ_TEST_CRASH_DB", path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* The journal is hot: the crash came in the middle of the commit. */
  {
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (journal, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
  }

  {
    g_autoptr(CbzStore) store = open_store (path);

    g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
    after = dump_database (store);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number LIKE 'BK-%'"), ==, 0);
    mode = query_text (store, "PRAGMA journal_mode");
    g_assert_cmpstr (mode, ==, "wal");
  }
}

/* A bulk import writes with a rollback journal only when it has the file to
 * itself; with another connection open it stays in WAL, and either way the
 * file is in WAL afterwards. */
static void
test_import_bulk_journal (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("bulk-journal.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzStore) other = open_store (path);
  g_autoptr(CbzCsvImport) import = load_bulk_import ("bulk-journal.csv");
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  /* The other connection has read the file: it holds it open. */
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM debtors"), ==, 0);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_created, ==, 12000);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  /* The commit went through the WAL, and the other connection sees it. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM invoices"), ==, 12000);
  g_clear_object (&other);
  g_clear_pointer (&summary, cbz_import_summary_free);
  g_clear_pointer (&mode, g_free);

  /* Alone now: the re-import (all unchanged) runs with a journal and
   * leaves the file in WAL. */
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_unchanged, ==, 12000);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
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

  g_test_add_func ("/import/headers", test_import_headers);
  g_test_add_func ("/import/reader/quoting", test_import_reader_quoting);
  g_test_add_func ("/import/reader/errors", test_import_reader_errors);
  g_test_add_func ("/import/encodings", test_import_encodings);
  g_test_add_func ("/import/records", test_import_records);
  g_test_add_func ("/import/problems", test_import_problems);
  g_test_add_func ("/import/problems/parallel", test_import_problems_parallel);
  g_test_add_func ("/import/all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/import/missing-column", test_import_missing_column);
  g_test_add_func ("/import/unclosed-quote", test_import_unclosed_quote);
  g_test_add_func ("/import/valid-rows-only", test_import_valid_rows_only);
  g_test_add_func ("/import/writes", test_import_writes);
  g_test_add_func ("/import/encodings-stored", test_import_encodings_stored);
  g_test_add_func ("/import/reimport/idempotent", test_import_reimport_idempotent);
  g_test_add_func ("/import/reimport/changed", test_import_reimport_changed);
  g_test_add_func ("/import/reimport/not-in-file", test_import_not_in_file);
  g_test_add_func ("/import/dry-run", test_import_dry_run);
  g_test_add_func ("/import/rollback", test_import_rollback);
  g_test_add_func ("/import/async", test_import_async);
  g_test_add_func ("/import/cancel", test_import_cancel);
  g_test_add_func ("/import/bulk", test_import_bulk);
  g_test_add_func ("/import/bulk/crash", test_import_bulk_crash);
  g_test_add_func ("/import/bulk/journal", test_import_bulk_journal);
  g_test_add_func ("/import/bulk/repeated-invoice", test_import_bulk_repeated_invoice);
  g_test_add_func ("/import/summaries/counted", test_import_counted_summaries);
  g_test_add_func ("/import/summaries/counted-update", test_import_counted_summaries_update);
  g_test_add_func ("/import/same-customer-two-ways", test_import_same_customer_two_ways);

  return g_test_run ();
}
