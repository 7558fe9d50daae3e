/* test-bank-statement.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-csv-reader.h"
#include "cbz-import.h"
#include "payments/cbz-bank-statement.h"
#include "cbz-test-util.h"

static CbzBankStatement *
load_fixture (const char *name,
              const char *currency)
{
  g_autofree char *path = cbz_test_get_fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CbzBankStatement *statement;

  statement = cbz_bank_statement_new_from_file (file, NULL, currency, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (statement);
  return statement;
}

static CbzBankStatement *
load_text (const char  *text,
           GError     **error)
{
  return cbz_bank_statement_new_from_data (g_strdup (text), strlen (text), NULL, NULL, error);
}

typedef struct
{
  guint       line;
  const char *date;
  gint64      amount;
  gint64      balance;
  const char *description;
  const char *reference;
} ExpectedLine;

static void
assert_lines (CbzBankStatement   *statement,
              const ExpectedLine *expected,
              guint               n_expected)
{
  guint n_lines;
  const CbzBankLine *lines = cbz_bank_statement_get_lines (statement, &n_lines);

  g_assert_cmpuint (n_lines, ==, n_expected);
  for (guint i = 0; i < n_lines; i++)
    {
      char date[CBZ_DATE_ISO_LENGTH];

      g_assert_cmpuint (lines[i].line, ==, expected[i].line);
      g_assert_cmpstr (cbz_date_to_iso (lines[i].date, date), ==, expected[i].date);
      g_assert_cmpint (lines[i].amount.minor, ==, expected[i].amount);
      g_assert_cmpstr (lines[i].amount.currency, ==, cbz_bank_statement_get_currency (statement));
      g_assert_true (lines[i].has_balance);
      g_assert_cmpint (lines[i].balance.minor, ==, expected[i].balance);
      g_assert_cmpstr (lines[i].description, ==, expected[i].description);
      g_assert_cmpstr (lines[i].reference, ==, expected[i].reference);
      g_assert_cmpuint (strlen (lines[i].fingerprint), ==, CBZ_BANK_FINGERPRINT_SIZE - 1);
    }
}

static void
test_bbva (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/bbva-mx.txt", NULL);
  static const ExpectedLine expected[] = {
    { 2, "2027-03-02", 1250000, 11250000, "SPEI RECIBIDOBANAMEX/0098765 PAGO FACT A-1021", "" },
    { 3, "2027-03-02", -580, 11249420, "COMISION SPEI", "" },
    { 4, "2027-03-03", 87050, 11336470, "DEPOSITO EN EFECTIVO ref f0153", "" },
    { 5, "2027-03-03", -348000, 10988470, "PAGO A PROVEEDOR FACT A-1022", "" },
    { 6, "2027-03-04", 348000, 11336470, "SPEI RECIBIDOSANTANDER/0044120 FLO850101AB1", "" },
    { 7, "2027-03-04", 348000, 11684470, "SPEI RECIBIDOSANTANDER/0044120 FLO850101AB1", "" },
    { 8, "2027-03-05", 2500000, 14184470, "SPEI RECIBIDOBAJIO/7712 CONSTRUCTORA DEL BAJIO SAPI PAGO", "" },
    { 9, "2027-03-05", 234500, 14418970, "DEPOSITO PAPELERIA EL SOL", "" },
    { 10, "2027-03-08", 777700, 15196670, "SPEI RECIBIDOBANORTE/0012 TRANSPORTES NORTE", "" },
    { 11, "2027-03-08", 99999, 15296669, "ABONO SIN REFERENCIA", "" },
    { 12, "2027-03-09", 120000, 15416669, "DEPOSITO", "" },
    { 13, "2027-03-09", 125025, 15541694, "PAGO LSJ-1 LSJ-2 LACTEOS SAN JUAN", "" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "bbva-mx");
  g_assert_cmpstr (cbz_bank_layout_get_bank_name (cbz_bank_statement_get_layout (statement)), ==, "BBVA México");
  g_assert_cmpstr (cbz_bank_statement_get_encoding (statement), ==, "WINDOWS-1252");
  g_assert_cmpstr (cbz_bank_statement_get_currency (statement), ==, "MXN");
  g_assert_cmpuint (cbz_bank_statement_get_header_line (statement), ==, 1);
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (cbz_bank_statement_get_credits (statement).minor, ==,
                   1250000 + 87050 + 348000 * 2 + 2500000 + 234500 + 777700 + 99999 + 120000 + 125025);
  g_assert_cmpint (cbz_bank_statement_get_debits (statement).minor, ==, 580 + 348000);
}

static void
test_bbva_net_cash (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/bbva-mx-net-cash.csv", NULL);
  static const ExpectedLine expected[] = {
    { 2, "2027-03-15", 1250000, 11250000, "SPEI RECIBIDO / PAGO FACT A-1021", "0098765" },
    { 3, "2027-03-15", -300000, 10950000, "PAGO TARJETA DE CREDITO", "0000001" },
    { 4, "2027-03-16", 87050, 11037050, "DEPOSITO EN EFECTIVO", "" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "bbva-mx-net-cash");
  g_assert_true (cbz_bank_layout_has_signed_amount (cbz_bank_statement_get_layout (statement)));
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_banorte (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/banorte-mx.txt", NULL);
  static const ExpectedLine expected[] = {
    { 2, "2027-03-01", 1250000, 11250000,
      "SPEI RECIBIDO / ORDENANTE FERRETERIA LOPEZ SA DE CV CONCEPTO PAGO FACT A-1021", "0000158" },
    { 3, "2027-03-01", -580, 11249420, "COMISION POR TRANSFERENCIA", "0000000" },
    { 4, "2027-03-02", 87050, 11336470, "DEPOSITO EFECTIVO / DEPOSITO EN VENTANILLA", "4471902" },
    { 5, "2027-03-03", -348000, 10988470, "PAGO CHEQUE / CHEQUE 0000159", "0000159" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "banorte-mx");
  g_assert_cmpstr (cbz_bank_statement_get_encoding (statement), ==, "UTF-8");
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_santander (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/santander-mx.csv", NULL);
  static const ExpectedLine expected[] = {
    { 5, "2027-03-01", 1250000, 11250000, "ABONO TRANSF SPEI / PAGO FACTURA A-1021 FERRETERÍA LÓPEZ", "8812345" },
    { 6, "2027-03-01", -580, 11249420, "CARGO POR COMISION / REF 0000000", "0000000" },
    { 7, "2027-03-02", 87050, 11336470, "DEPOSITO EN EFECTIVO / FOLIO F-0153", "4471902" },
    { 8, "2027-03-03", -348000, 10988470, "PAGO A TERCEROS / PROVEEDOR", "1234567" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "santander-mx");
  g_assert_cmpstr (cbz_bank_statement_get_encoding (statement), ==, "WINDOWS-1252");
  g_assert_cmpuint (cbz_bank_statement_get_header_line (statement), ==, 4);
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_santander_enlace (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/santander-mx-enlace.csv", NULL);
  static const ExpectedLine expected[] = {
    { 2, "2027-03-01", 1250000, 11250000, "ABONO TRANSFERENCIA SPEI / PAGO A-1021", "8812345" },
    { 3, "2027-03-01", -580, 11249420, "COMISION SPEI", "0000000" },
    { 4, "2027-03-02", 87050, 11336470, "DEPOSITO EN EFECTIVO / F-0153", "4471902" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "santander-mx-enlace");
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_banco_chile (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/banco-chile.csv", NULL);
  static const ExpectedLine expected[] = {
    { 8, "2027-03-01", 1250000, 11250000, "TRASPASO DE: COMERCIAL ÑUÑOA LTDA 77.555.666-4 / Internet", "" },
    { 9, "2027-03-02", -345000, 10905000, "PAGO PROVEEDOR / Internet", "" },
    { 10, "2027-03-03", 89990, 10994990, "DEPOSITO CHEQUE FACT 4471 / Oficina Central", "" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "banco-chile");
  g_assert_cmpstr (cbz_bank_statement_get_currency (statement), ==, "CLP");
  g_assert_cmpstr (cbz_bank_statement_get_encoding (statement), ==, "WINDOWS-1252");
  g_assert_cmpuint (cbz_bank_statement_get_header_line (statement), ==, 7);
  /* The "Total" row after the movements is not one. */
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_banco_chile_cartola (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/banco-chile-cartola.csv", NULL);
  static const ExpectedLine expected[] = {
    { 2, "2027-02-12", -1500000, 750000, "CHEQUE PAGADO POR CAJA", "12345" },
    { 3, "2027-02-12", 600000, 1350000, "DEPOSITO CON CHEQUE MISMO BANCO", "54321" },
    { 4, "2027-02-13", 250000, 1600000, "TRANSFERENCIA DE COMERCIAL NUNOA 775556664", "99881" },
  };

  g_assert_cmpstr (cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)), ==, "banco-chile-cartola");
  g_assert_cmpstr (cbz_bank_statement_get_currency (statement), ==, "CLP");
  assert_lines (statement, expected, G_N_ELEMENTS (expected));
}

static void
test_currency_from_header (void)
{
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/banco-chile-usd.csv", NULL);
  g_autoptr(CbzBankStatement) forced = load_fixture ("bank/bbva-mx-net-cash.csv", "USD");
  static const ExpectedLine expected[] = {
    { 2, "2027-03-05", 123456, 1123456, "TRANSFERENCIA DEL EXTERIOR EXP-44 ANDES TRADING / Internet", "" },
    { 3, "2027-03-06", -1500, 1121956, "COMISION TRANSFERENCIA / Internet", "" },
  };
  guint n;

  /* "Abonos (USD)" with decimal commas: a dollar account. */
  g_assert_cmpstr (cbz_bank_statement_get_currency (statement), ==, "USD");
  assert_lines (statement, expected, G_N_ELEMENTS (expected));

  g_assert_cmpstr (cbz_bank_statement_get_currency (forced), ==, "USD");
  g_assert_cmpstr (cbz_bank_statement_get_lines (forced, &n)[0].amount.currency, ==, "USD");
}

static void
test_unknown_layout (void)
{
  g_autofree char *path = cbz_test_get_fixture ("bank/unknown-bank.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzBankStatement) statement = NULL;

  statement = cbz_bank_statement_new_from_file (file, NULL, NULL, NULL, &error);
  g_assert_null (statement);
  g_assert_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_UNKNOWN_LAYOUT);
  g_assert_cmpstr (error->message, ==,
                   "This is not a statement export Cobranza knows (from BBVA México, BBVA México Net Cash, "
                   "Banorte, Santander México, Santander México Enlace, Banco de Chile). "
                   "The headers found are: “Date”, “Payee”, “Memo”, “Amount”");
}

static void
test_line_errors (void)
{
  static const struct
  {
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "Día,Concepto / Referencia,cargo,Abono,Saldo\n"
      "02-03-2027,PAGO,,100.00,100.00\n"
      "31-02-2027,PAGO,,100.00,200.00\n",
      CBZ_BANK_STATEMENT_ERROR_BAD_DATE, "Line 3, column “Día”: “31-02-2027” is not a date" },
    { "Día,Concepto / Referencia,cargo,Abono,Saldo\n"
      "02-03-2027,PAGO,,cien pesos,100.00\n",
      CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT, "Line 2, column “Abono”: “cien pesos” is not an amount" },
    { "Día,Concepto / Referencia,cargo,Abono,Saldo\n"
      "02-03-2027,PAGO,,US$ 100.00,100.00\n",
      CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT, "Line 2, column “Abono”: “US$ 100.00” is in USD, and the statement in MXN" },
    { "Día,Concepto / Referencia,cargo,Abono,Saldo\n"
      "02-03-2027,PAGO,50.00,100.00,100.00\n",
      CBZ_BANK_STATEMENT_ERROR_BOTH_AMOUNTS,
      "Line 2 has both a debit (“50.00”) and a credit (“100.00”): a movement is one or the other" },
    { "Cuenta,Fecha,Hora,Sucursal,Descripción,Cargo/Abono,Importe,Saldo\n"
      "1,01/03/2027,09:12,1,ABONO,*,100.00,100.00\n",
      CBZ_BANK_STATEMENT_ERROR_BAD_SIGN,
      "Line 2, column “Cargo/Abono”: “*” says neither + (money in) nor - (money out)" },
    { "Día,Concepto / Referencia,cargo,Abono,Saldo\n"
      "02-03-2027,PAGO,,100.00,saldo\n",
      CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT, "Line 2, column “Saldo”: “saldo” is not an amount" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzBankStatement) statement = load_text (cases[i].text, &error);

      g_assert_null (statement);
      g_assert_error (error, CBZ_BANK_STATEMENT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_dates (void)
{
  static const struct
  {
    const char *cell;
    const char *date;
  } cases[] = {
    { "02/03/2027", "2027-03-02" },
    { "2/3/27", "2027-03-02" },
    { "02-03-2027", "2027-03-02" },
    { "02.03.2027", "2027-03-02" },
    { "2027-03-02", "2027-03-02" },
    { "'02032027'", "2027-03-02" },
    { "02032027", "2027-03-02" },
    { "20270302", "2027-03-02" },
    { "02-MAR-2027", "2027-03-02" },
    { "2-ene-27", "2027-01-02" },
    { "02/03/2027 10:15:00", "2027-03-02" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("Día;Concepto / Referencia;cargo;Abono;Saldo\n"
                                               "%s;PAGO;;100,00;100,00\n", cases[i].cell);
      g_autoptr(CbzBankStatement) statement = load_text (text, &error);
      char date[CBZ_DATE_ISO_LENGTH];
      guint n;

      g_assert_no_error (error);
      g_assert_cmpstr (cbz_date_to_iso (cbz_bank_statement_get_lines (statement, &n)[0].date, date), ==,
                       cases[i].date);
      g_assert_cmpint (cbz_bank_statement_get_lines (statement, &n)[0].amount.minor, ==, 10000);
    }
}

static void
test_fingerprints (void)
{
  g_autoptr(CbzBankStatement) first = load_fixture ("bank/bbva-mx.txt", NULL);
  g_autoptr(CbzBankStatement) again = load_fixture ("bank/bbva-mx.txt", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzBankStatement) twins = NULL;
  guint n, n_again, n_twins;
  const CbzBankLine *lines = cbz_bank_statement_get_lines (first, &n);
  const CbzBankLine *lines_again = cbz_bank_statement_get_lines (again, &n_again);
  const CbzBankLine *twin_lines;

  /* Stable from one reading to the next, distinct within a statement. */
  g_assert_cmpuint (n, ==, n_again);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (lines[i].fingerprint, ==, lines_again[i].fingerprint);
      g_assert_false (g_hash_table_contains (seen, lines[i].fingerprint));
      g_hash_table_add (seen, (gpointer) lines[i].fingerprint);
    }

  /* Two identical transfers on one day, without a running balance, are
   * still two lines. */
  twins = load_text ("Fecha;Descripción;Canal o Sucursal;Cargos (CLP);Abonos (CLP)\n"
                     "01/03/2027;TRASPASO;Internet;;1.000\n"
                     "01/03/2027;TRASPASO;Internet;;1.000\n", &error);
  g_assert_no_error (error);
  twin_lines = cbz_bank_statement_get_lines (twins, &n_twins);
  g_assert_cmpuint (n_twins, ==, 2);
  g_assert_false (twin_lines[0].has_balance);
  g_assert_cmpstr (twin_lines[0].fingerprint, !=, twin_lines[1].fingerprint);
}

static void
test_layouts (void)
{
  guint n;
  const CbzBankLayout * const *layouts = cbz_bank_layout_list (&n);
  static const char * const ids[] = {
    "bbva-mx", "bbva-mx-net-cash", "banorte-mx", "santander-mx", "santander-mx-enlace",
    "banco-chile", "banco-chile-cartola",
  };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (cbz_bank_layout_get_id (layouts[i]), ==, ids[i]);
      g_assert_true (cbz_bank_layout_lookup (ids[i]) == layouts[i]);
      g_assert_true (cbz_currency_is_known (cbz_bank_layout_get_currency (layouts[i])));
    }
  g_assert_null (cbz_bank_layout_lookup ("hsbc-mx"));
  g_assert_cmpstr (cbz_bank_layout_get_currency (cbz_bank_layout_lookup ("banco-chile")), ==, "CLP");
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzBankStatement) statement = load_text ("", &error);

  /* The CSV reader's own error. */
  g_assert_null (statement);
  g_assert_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_EMPTY_FILE);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/bank-statement/bbva", test_bbva);
  g_test_add_func ("/payments/bank-statement/bbva-net-cash", test_bbva_net_cash);
  g_test_add_func ("/payments/bank-statement/banorte", test_banorte);
  g_test_add_func ("/payments/bank-statement/santander", test_santander);
  g_test_add_func ("/payments/bank-statement/santander-enlace", test_santander_enlace);
  g_test_add_func ("/payments/bank-statement/banco-chile", test_banco_chile);
  g_test_add_func ("/payments/bank-statement/banco-chile-cartola", test_banco_chile_cartola);
  g_test_add_func ("/payments/bank-statement/currency-from-header", test_currency_from_header);
  g_test_add_func ("/payments/bank-statement/unknown-layout", test_unknown_layout);
  g_test_add_func ("/payments/bank-statement/line-errors", test_line_errors);
  g_test_add_func ("/payments/bank-statement/dates", test_dates);
  g_test_add_func ("/payments/bank-statement/fingerprints", test_fingerprints);
  g_test_add_func ("/payments/bank-statement/layouts", test_layouts);
  g_test_add_func ("/payments/bank-statement/empty", test_empty);

  return g_test_run ();
}
