/* test-bank-match.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "payments/cbz-bank-matcher.h"
#include "cbz-test-util.h"

/* A small portfolio in pesos, and one dollar customer in Chile. */
static CbzMatchIndex *
make_index (void)
{
  static const struct
  {
    gint64      id;
    const char *name;
    const char *tax_id;
  } customers[] = {
    { 1, "Ferretería López, S.A. de C.V.", "FLO-850101-AB1" },
    { 2, "Abarrotes Doña Mary", "ADM9001015K2" },
    { 3, "Constructora del Bajío, S.A.P.I. de C.V.", "CBA1203157T9" },
    { 4, "Papelería El Sol", NULL },
    { 5, "Transportes Norteños", "TNO0506089Q1" },
    { 6, "Lácteos San Juan", NULL },
    { 7, "Andes Trading SpA", "76.543.210-3" },
  };
  static const struct
  {
    gint64      id;
    gint64      customer;
    const char *number;
    gint64      balance;
    const char *currency;
    CbzDate     due;
  } invoices[] = {
    { 101, 1, "A-1021", 1250000, "MXN", { 2027, 1, 10 } },
    { 102, 1, "A-1022", 348000, "MXN", { 2027, 1, 25 } },
    { 103, 1, "A-1023", 348000, "MXN", { 2027, 2, 10 } },
    { 201, 2, "F-0153", 87050, "MXN", { 2027, 1, 5 } },
    { 202, 2, "F-0160", 120000, "MXN", { 2027, 2, 1 } },
    { 301, 3, "CB-77", 4500000, "MXN", { 2026, 12, 15 } },
    { 302, 3, "CB-78", 1500000, "MXN", { 2027, 1, 15 } },
    { 303, 3, "CB-79", 1000000, "MXN", { 2027, 2, 15 } },
    { 401, 4, "P-9", 234567, "MXN", { 2027, 1, 20 } },
    { 501, 5, "TN-500", 777700, "MXN", { 2027, 1, 30 } },
    { 502, 5, "TN-501", 777700, "MXN", { 2027, 2, 28 } },
    { 601, 6, "LSJ-1", 50000, "MXN", { 2027, 2, 1 } },
    { 602, 6, "LSJ-2", 75025, "MXN", { 2027, 2, 15 } },
    { 701, 7, "EXP-44", 123456, "USD", { 2027, 2, 28 } },
    { 702, 7, "EXP-45", 1250000, "MXN", { 2027, 2, 28 } },  /* pesos: never for a dollar credit */
  };
  CbzMatchIndex *index = cbz_match_index_new ();

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    cbz_match_index_add_customer (index, customers[i].id, customers[i].name, customers[i].tax_id);
  for (guint i = 0; i < G_N_ELEMENTS (invoices); i++)
    cbz_match_index_add_invoice (index, invoices[i].id, invoices[i].customer, invoices[i].number,
                                 cbz_money_init (invoices[i].balance, invoices[i].currency),
                                 invoices[i].due);
  /* Paid invoices are not open: ignored. */
  cbz_match_index_add_invoice (index, 999, 1, "A-0999", cbz_money_init (0, "MXN"), cbz_date_init (2027, 1, 1));
  cbz_match_index_build (index);
  g_assert_cmpuint (cbz_match_index_get_n_invoices (index), ==, G_N_ELEMENTS (invoices));
  g_assert_cmpuint (cbz_match_index_get_n_customers (index), ==, G_N_ELEMENTS (customers));
  return index;
}

static CbzBankStatement *
load_fixture (const char *name)
{
  g_autofree char *path = cbz_test_get_fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CbzBankStatement *statement = cbz_bank_statement_new_from_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return statement;
}

typedef struct
{
  CbzBankMatchStatus status;
  CbzMatchRule       rule;
  gint64             customer;
  gint64             invoices[3];
  gint64             difference;
  const char        *reason;
} Expected;

static void
assert_match (const CbzBankLineMatch *match,
              const Expected         *expected)
{
  const CbzMatchProposal *proposal = match->proposal;
  guint n = 0;

  g_assert_cmpint (match->status, ==, expected->status);
  if (expected->status != CBZ_BANK_MATCH_PROPOSED)
    {
      g_assert_null (proposal);
      return;
    }
  while (n < G_N_ELEMENTS (expected->invoices) && expected->invoices[n] != 0)
    n++;
  g_assert_nonnull (proposal);
  g_assert_cmpint (proposal->rule, ==, expected->rule);
  g_assert_cmpint (proposal->customer_id, ==, expected->customer);
  g_assert_cmpuint (proposal->n_invoices, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (proposal->invoice_ids[i], ==, expected->invoices[i]);
  g_assert_cmpint (proposal->difference.minor, ==, expected->difference);
  g_assert_cmpstr (proposal->reason, ==, expected->reason);
}

/* The BBVA fixture: every rule, the same amount twice, a reference in lower
 * case, a debit that looks like a payment, a line nothing explains. */
static void
test_statement (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/bbva-mx.txt");
  g_autoptr(GPtrArray) matches = NULL;
  const Expected expected[] = {
    /* "PAGO FACT A-1021" */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_INVOICE_NUMBER, 1, { 101 }, 0,
      "The amount equals the balance of invoice A-1021, and its number is in the description or reference" },
    /* A bank fee. */
    { CBZ_BANK_MATCH_DEBIT },
    /* "ref f0153": lower case, no dash. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_INVOICE_NUMBER, 2, { 201 }, 0,
      "The amount equals the balance of invoice F-0153, and its number is in the description or reference" },
    /* Money out naming A-1022 for its exact balance: never a payment. */
    { CBZ_BANK_MATCH_DEBIT },
    /* The same 3,480.00 twice with the tax ID: the older invoice, then the other. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_TAX_ID, 1, { 102 }, 0,
      "The amount equals the balance of invoice A-1022 of Ferretería López, S.A. de C.V., "
      "whose tax ID FLO850101AB1 is in the description or reference" },
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_TAX_ID, 1, { 103 }, 0,
      "The amount equals the balance of invoice A-1023 of Ferretería López, S.A. de C.V., "
      "whose tax ID FLO850101AB1 is in the description or reference" },
    /* 25,000.00 from the Bajío: CB-78 + CB-79, the only pair that adds up. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_SEVERAL_INVOICES, 3, { 302, 303 }, 0,
      "The amount equals the balances of 2 invoices of Constructora del Bajío, S.A.P.I. de C.V., "
      "the only combination that adds up: CB-78, CB-79" },
    /* 2,345.00 for a balance of 2,345.67: within rounding, by name. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_ROUNDING, 4, { 401 }, -67,
      "The amount is MXN 0.67 away from the balance of invoice P-9, and the description or "
      "reference names Papelería El Sol" },
    /* "TRANSPORTES NORTE": the bank cut the name short. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_NAME, 5, { 501 }, 0,
      "The amount equals the balance of invoice TN-500, and the description or reference names "
      "Transportes Norteños" },
    /* Nothing owes 999.99. */
    { CBZ_BANK_MATCH_UNMATCHED },
    /* 1,200.00 and a bare "DEPOSITO": the only invoice for that amount. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_AMOUNT_ONLY, 2, { 202 }, 0,
      "Invoice F-0160 is the only open invoice for exactly this amount; nothing in the "
      "description or reference confirms it" },
    /* "PAGO LSJ-1 LSJ-2": two invoices named, adding up. */
    { CBZ_BANK_MATCH_PROPOSED, CBZ_MATCH_RULE_SEVERAL_NUMBERS, 6, { 601, 602 }, 0,
      "The amount equals the balances of the 2 invoices named in the description or reference: "
      "LSJ-1, LSJ-2" },
  };
  guint n_lines;
  const CbzBankLine *lines = cbz_bank_statement_get_lines (statement, &n_lines);

  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (expected));
  matches = cbz_bank_match (index, lines, n_lines, NULL, NULL);
  g_assert_nonnull (matches);
  g_assert_cmpuint (matches->len, ==, n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      const CbzBankLineMatch *match = g_ptr_array_index (matches, i);

      g_test_message ("line %u: %s", lines[i].line, lines[i].description);
      g_assert_cmpuint (match->line_index, ==, i);
      assert_match (match, &expected[i]);
    }
}

static void
test_same_amount_twice (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GPtrArray) matches = NULL;
  /* Two payments of 12,500.00 both naming A-1021: the first line gets it,
   * the second cannot claim it again. */
  CbzBankLine lines[] = {
    { 2, { 2027, 3, 1 }, { 1250000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "PAGO A-1021", (char *) "", "a" },
    { 3, { 2027, 3, 2 }, { 1250000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "PAGO A-1021", (char *) "", "b" },
  };
  const CbzBankLineMatch *first, *second;

  matches = cbz_bank_match (index, lines, G_N_ELEMENTS (lines), NULL, NULL);
  first = g_ptr_array_index (matches, 0);
  second = g_ptr_array_index (matches, 1);
  g_assert_cmpint (first->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (first->proposal->invoice_ids[0], ==, 101);
  g_assert_cmpint (second->status, ==, CBZ_BANK_MATCH_UNMATCHED);
  /* Nor is it offered to the second line as an alternative. */
  for (guint i = 0; i < second->alternatives->len; i++)
    {
      const CbzMatchProposal *alternative = g_ptr_array_index (second->alternatives, i);

      g_assert_cmpint (alternative->invoice_ids[0], !=, 101);
    }
}

static void
test_surer_line_served_first (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GPtrArray) matches = NULL;
  /* A bare 1,200.00 comes first in the file, but a later line names F-0160:
   * the named one keeps the invoice. */
  CbzBankLine lines[] = {
    { 2, { 2027, 3, 1 }, { 120000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "DEPOSITO", (char *) "", "a" },
    { 3, { 2027, 3, 2 }, { 120000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "PAGO", (char *) "F 0160", "b" },
  };
  const CbzBankLineMatch *first, *second;

  matches = cbz_bank_match (index, lines, G_N_ELEMENTS (lines), NULL, NULL);
  first = g_ptr_array_index (matches, 0);
  second = g_ptr_array_index (matches, 1);
  g_assert_cmpint (second->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (second->proposal->rule, ==, CBZ_MATCH_RULE_INVOICE_NUMBER);
  g_assert_cmpint (second->proposal->invoice_ids[0], ==, 202);
  g_assert_cmpint (first->status, ==, CBZ_BANK_MATCH_UNMATCHED);
}

static void
test_alternatives (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GPtrArray) matches = NULL;
  /* The name alone, for an amount two invoices share: the older proposed,
   * the other offered. */
  CbzBankLine line = {
    2, { 2027, 3, 1 }, { 777700, "MXN" }, FALSE, { 0, "MXN" }, (char *) "TRANSPORTES NORTEÑOS", (char *) "", "a"
  };
  const CbzBankLineMatch *match;
  const CbzMatchProposal *alternative;

  matches = cbz_bank_match (index, &line, 1, NULL, NULL);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (match->proposal->rule, ==, CBZ_MATCH_RULE_NAME);
  g_assert_cmpint (match->proposal->invoice_ids[0], ==, 501);
  g_assert_cmpuint (match->alternatives->len, >=, 1);
  alternative = g_ptr_array_index (match->alternatives, 0);
  g_assert_cmpint (alternative->rule, ==, CBZ_MATCH_RULE_NAME);
  g_assert_cmpint (alternative->invoice_ids[0], ==, 502);
}

static void
test_oldest_invoices_together (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GPtrArray) matches = NULL;
  /* 28,260.00 = A-1021 + A-1022 + A-1023, the customer's three oldest. */
  CbzBankLine line = {
    2, { 2027, 3, 1 }, { 1946000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "SPEI FERRETERIA LOPEZ", (char *) "", "a"
  };
  const CbzBankLineMatch *match;

  matches = cbz_bank_match (index, &line, 1, NULL, NULL);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (match->proposal->rule, ==, CBZ_MATCH_RULE_SEVERAL_INVOICES);
  g_assert_cmpuint (match->proposal->n_invoices, ==, 3);
  g_assert_cmpint (match->proposal->invoice_ids[0], ==, 101);
  g_assert_cmpint (match->proposal->invoice_ids[2], ==, 103);
  g_assert_cmpint (match->proposal->invoiced.minor, ==, 1946000);
  g_assert_cmpstr (match->proposal->reason, ==,
                   "The amount equals the balances of the 3 oldest invoices of Ferretería López, S.A. de C.V.: "
                   "A-1021, A-1022, A-1023");
}

static void
test_decimal_commas_and_currency (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/banco-chile-usd.csv");
  g_autoptr(GPtrArray) matches = NULL;
  guint n_lines;
  const CbzBankLine *lines = cbz_bank_statement_get_lines (statement, &n_lines);
  const CbzBankLineMatch *credit, *fee;

  /* "1.234,56" in a dollar account pays the dollar invoice EXP-44. */
  matches = cbz_bank_match (index, lines, n_lines, NULL, NULL);
  credit = g_ptr_array_index (matches, 0);
  fee = g_ptr_array_index (matches, 1);
  g_assert_cmpint (credit->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (credit->proposal->rule, ==, CBZ_MATCH_RULE_INVOICE_NUMBER);
  g_assert_cmpint (credit->proposal->invoice_ids[0], ==, 701);
  g_assert_cmpstr (credit->proposal->invoiced.currency, ==, "USD");
  g_assert_cmpint (fee->status, ==, CBZ_BANK_MATCH_DEBIT);
}

static void
test_other_currency_never (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GPtrArray) matches = NULL;
  /* EXP-45 is owed in pesos: 12,500.00 dollars naming it is not its payment. */
  CbzBankLine line = {
    2, { 2027, 3, 1 }, { 1250000, "USD" }, FALSE, { 0, "USD" }, (char *) "PAGO EXP-45", (char *) "", "a"
  };
  const CbzBankLineMatch *match;

  matches = cbz_bank_match (index, &line, 1, NULL, NULL);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->status, ==, CBZ_BANK_MATCH_UNMATCHED);
  g_assert_cmpuint (match->alternatives->len, ==, 0);
}

static void
test_imported_twice (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(CbzBankStatement) statement = load_fixture ("bank/bbva-mx.txt");
  g_autoptr(CbzBankStatement) again = load_fixture ("bank/bbva-mx.txt");
  g_autoptr(GHashTable) recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  guint n_lines;
  const CbzBankLine *lines = cbz_bank_statement_get_lines (statement, &n_lines);
  const CbzBankLine *lines_again;

  /* What the store does: remember every line it was shown. */
  first = cbz_bank_match (index, lines, n_lines, recorded, NULL);
  for (guint i = 0; i < n_lines; i++)
    g_hash_table_add (recorded, g_strdup (lines[i].fingerprint));

  lines_again = cbz_bank_statement_get_lines (again, &n_lines);
  second = cbz_bank_match (index, lines_again, n_lines, recorded, NULL);
  for (guint i = 0; i < n_lines; i++)
    {
      const CbzBankLineMatch *match = g_ptr_array_index (second, i);

      g_assert_cmpint (match->status, ==, CBZ_BANK_MATCH_ALREADY_IMPORTED);
      g_assert_null (match->proposal);
      g_assert_cmpuint (match->alternatives->len, ==, 0);
    }
  g_assert_cmpint (((CbzBankLineMatch *) g_ptr_array_index (first, 0))->status, ==, CBZ_BANK_MATCH_PROPOSED);
}

static void
test_number_boundaries (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  static const struct
  {
    const char *text;
    gboolean    matches;
  } cases[] = {
    { "PAGO A-1021", TRUE },
    { "pago a1021", TRUE },
    { "FACT.A-1021.", TRUE },
    { "REF:A 1021", TRUE },
    { "A-10210", FALSE },       /* another number that starts the same */
    { "XA-1021", FALSE },       /* letters run on before it */
    { "A-102", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) matches = NULL;
      CbzBankLine line = {
        2, { 2027, 3, 1 }, { 1250000, "MXN" }, FALSE, { 0, "MXN" }, (char *) cases[i].text, (char *) "", "a"
      };
      const CbzBankLineMatch *match;
      gboolean by_number;

      matches = cbz_bank_match (index, &line, 1, NULL, NULL);
      match = g_ptr_array_index (matches, 0);
      by_number = match->proposal != NULL && match->proposal->rule == CBZ_MATCH_RULE_INVOICE_NUMBER;
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (by_number, ==, cases[i].matches);
    }
}

static void
test_invoice_without_customer (void)
{
  g_autoptr(CbzMatchIndex) index = cbz_match_index_new ();
  g_autoptr(GPtrArray) matches = NULL;
  CbzBankLine line = {
    2, { 2027, 3, 1 }, { 55000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "PAGO FACTURA 88-X", (char *) "", "a"
  };
  const CbzBankLineMatch *match;

  /* The store may know an invoice's number but not (yet) its customer's
   * details: the number still finds it. */
  cbz_match_index_add_invoice (index, 880, 42, "88-X", cbz_money_init (55000, "MXN"), cbz_date_init (2027, 2, 1));
  cbz_match_index_build (index);
  g_assert_true (cbz_match_index_is_built (index));
  g_assert_cmpuint (cbz_match_index_get_n_customers (index), ==, 1);

  matches = cbz_bank_match (index, &line, 1, NULL, NULL);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->status, ==, CBZ_BANK_MATCH_PROPOSED);
  g_assert_cmpint (match->proposal->rule, ==, CBZ_MATCH_RULE_INVOICE_NUMBER);
  g_assert_cmpint (match->proposal->customer_id, ==, 42);
  g_assert_cmpint (match->proposal->invoice_ids[0], ==, 880);
}

static void
test_cancelled (void)
{
  g_autoptr(CbzMatchIndex) index = make_index ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CbzBankLine line = {
    2, { 2027, 3, 1 }, { 1250000, "MXN" }, FALSE, { 0, "MXN" }, (char *) "PAGO A-1021", (char *) "", "a"
  };

  g_cancellable_cancel (cancellable);
  g_assert_null (cbz_bank_match (index, &line, 1, NULL, cancellable));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/bank-match/statement", test_statement);
  g_test_add_func ("/payments/bank-match/same-amount-twice", test_same_amount_twice);
  g_test_add_func ("/payments/bank-match/surer-line-served-first", test_surer_line_served_first);
  g_test_add_func ("/payments/bank-match/alternatives", test_alternatives);
  g_test_add_func ("/payments/bank-match/oldest-invoices-together", test_oldest_invoices_together);
  g_test_add_func ("/payments/bank-match/decimal-commas-and-currency", test_decimal_commas_and_currency);
  g_test_add_func ("/payments/bank-match/other-currency-never", test_other_currency_never);
  g_test_add_func ("/payments/bank-match/imported-twice", test_imported_twice);
  g_test_add_func ("/payments/bank-match/number-boundaries", test_number_boundaries);
  g_test_add_func ("/payments/bank-match/invoice-without-customer", test_invoice_without_customer);
  g_test_add_func ("/payments/bank-match/cancelled", test_cancelled);

  return g_test_run ();
}
