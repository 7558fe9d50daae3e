/* test-import.c: reading and checking a file
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "cbz-csv-import-private.h"
#include "cbz-csv-reader.h"
#include "cbz-money.h"
#include "import-test-util.h"

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

  /* Row 20's tax ID, row 21's phone, row 22's email and row 24's status
   * cannot be read: warnings, the rows are valid. */
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 19);
  g_assert_cmpuint (cbz_csv_import_get_n_invalid_rows (import), ==, 9);
  g_assert_cmpuint (cbz_csv_import_get_n_problems (import), ==, 14);
  g_assert_cmpuint (cbz_csv_import_get_n_warnings (import), ==, 4);
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

      g_assert_cmpint (p->warning, ==, p->row == 20 || p->row == 21 || p->row == 22 || p->row == 24);
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

/* The shortcut for plain amounts reads what cbz_money_parse() reads, or
 * leaves the text to it: every string of digits, commas and dots up to
 * seven characters, in a currency with cents and in one without. */
static void
test_import_plain_amounts (void)
{
  static const char alphabet[] = "0159,.";
  static const char * const currencies[] = { "MXN", "CLP" };
  guint n_taken = 0;

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    {
      int digits = cbz_currency_get_digits (currencies[c]);

      for (guint length = 1; length <= 7; length++)
        {
          guint n = 1;

          for (guint i = 0; i < length; i++)
            n *= sizeof alphabet - 1;
          for (guint k = 0; k < n; k++)
            {
              char text[8];
              gint64 fast = 0;
              CbzMoney money;
              guint v = k;

              for (guint i = 0; i < length; i++, v /= sizeof alphabet - 1)
                text[i] = alphabet[v % (sizeof alphabet - 1)];
              text[length] = '\0';
              if (!_cbz_csv_import_parse_plain_amount (text, digits, &fast))
                continue;
              n_taken++;
              if (!cbz_money_parse (text, currencies[c], &money, NULL) || money.minor != fast)
                g_error ("“%s” in %s: the shortcut reads %" G_GINT64_FORMAT, text, currencies[c], fast);
            }
        }
    }
  /* It did take the usual shapes. */
  g_assert_cmpuint (n_taken, >, 1000);
  {
    gint64 minor = 0;

    g_assert_true (_cbz_csv_import_parse_plain_amount ("1,234,567.89", 2, &minor));
    g_assert_cmpint (minor, ==, 123456789);
    g_assert_false (_cbz_csv_import_parse_plain_amount ("1.234,56", 2, &minor));
    g_assert_false (_cbz_csv_import_parse_plain_amount ("1,234", 2, &minor));
    g_assert_false (_cbz_csv_import_parse_plain_amount ("-12.00", 2, &minor));
  }
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
  g_test_add_func ("/import/missing-column", test_import_missing_column);
  g_test_add_func ("/import/unclosed-quote", test_import_unclosed_quote);
  g_test_add_func ("/import/amounts/plain", test_import_plain_amounts);
  g_test_add_func ("/import/async", test_import_async);
  g_test_add_func ("/import/cancel", test_import_cancel);

  return g_test_run ();
}
