/* test-codes.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "payments/cbz-payments.h"
#include "cbz-test-util.h"

/* One row per kind of code: its GType, its nick and label functions. */
typedef struct
{
  const char  *name;
  GType      (*get_type) (void);
  const char *(*to_string) (int value);
  gboolean   (*from_string) (const char *str, int *value);
  const char *(*get_label) (int value);
  gboolean   (*parse) (const char *text, int *value, GError **error);
  const char  *nicks;      /* every nick, in order, space separated */
  const char  *labels;     /* every English label, in order, '|' separated */
  const char  *not_a;      /* the error's start */
} CodeKind;

#define KIND(prefix) \
  (GType (*) (void)) prefix##_get_type, \
  (const char *(*) (int)) prefix##_to_string, \
  (gboolean (*) (const char *, int *)) prefix##_from_string, \
  (const char *(*) (int)) prefix##_get_label, \
  (gboolean (*) (const char *, int *, GError **)) prefix##_parse

static CodeKind kinds[] = {
  { "payment method", KIND (cbz_payment_method),
    "transfer cash card check deposit other",
    "Transfer / SPEI|Cash|Card|Cheque|Deposit|Other", "is not a payment method" },
  { "call outcome", KIND (cbz_call_outcome),
    "no-answer wrong-number left-message promised-to-pay disputes call-back paid-already other",
    "No answer|Wrong number|Left a message|Promised to pay|Disputes the debt|Asked to call back|Says it is paid already|Other",
    "is not a call outcome" },
  { "dispute reason", KIND (cbz_dispute_reason),
    "wrong-amount not-received already-paid quality other",
    "Wrong amount|Goods or service not received|Already paid|Quality problem|Other",
    "is not a dispute reason" },
  { "dispute resolution", KIND (cbz_dispute_resolution),
    "upheld rejected", "Upheld with a credit|Rejected", "is not a way to resolve a dispute" },
  { "non-payment reason", KIND (cbz_nonpayment_reason),
    "forgot cash-flow pay-day-mismatch disputes-amount lost-contact other",
    "Forgot|Cash-flow problems|Pay-day mismatch|Disputes the amount|Lost contact|Other",
    "is not a reason for non-payment" },
  { "match rule", KIND (cbz_match_rule),
    "invoice-number tax-id several-numbers name several-invoices rounding amount-only",
    "Amount and invoice number|Amount and tax ID|Several invoices named|Amount and name|"
    "Several invoices of one customer|Amount within rounding|Amount only",
    "is not a matching rule" },
  { "instalment state", KIND (cbz_instalment_state), "paid due late", "Paid|Due|Late",
    "is not an instalment state" },
  { "agreement state", KIND (cbz_agreement_state), "on-track missed completed",
    "On track|Missed instalment|Completed", "is not an agreement state" },
};

static void
test_nicks_and_labels (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const CodeKind *kind = &kinds[k];
      g_auto(GStrv) nicks = g_strsplit (kind->nicks, " ", -1);
      g_auto(GStrv) labels = g_strsplit (kind->labels, "|", -1);
      g_autoptr(GEnumClass) klass = g_type_class_ref (kind->get_type ());
      guint n = g_strv_length (nicks);

      g_test_message ("%s", kind->name);
      g_assert_cmpuint (n, ==, g_strv_length (labels));
      g_assert_cmpuint (klass->n_values, ==, n);
      for (guint i = 0; i < n; i++)
        {
          int parsed = -1;

          g_assert_cmpstr (kind->to_string (i), ==, nicks[i]);
          /* The GType's nick and the stored nick are the same word. */
          g_assert_cmpstr (g_enum_get_value (klass, i)->value_nick, ==, nicks[i]);
          g_assert_cmpstr (kind->get_label (i), ==, labels[i]);
          g_assert_true (kind->from_string (nicks[i], &parsed));
          g_assert_cmpint (parsed, ==, i);
          /* People may type the label instead. */
          parsed = -1;
          g_assert_true (kind->parse (labels[i], &parsed, NULL));
          g_assert_cmpint (parsed, ==, i);
        }
      g_assert_false (kind->from_string (NULL, &(int) { 0 }));
      g_assert_false (kind->from_string ("Other", &(int) { 0 }));
    }
}

static void
test_parse (void)
{
  static const struct
  {
    const char      *text;
    CbzPaymentMethod method;
  } methods[] = {
    { "transfer", CBZ_PAYMENT_METHOD_TRANSFER },
    { "SPEI", CBZ_PAYMENT_METHOD_TRANSFER },
    { "Transferencia", CBZ_PAYMENT_METHOD_TRANSFER },
    { "  cash ", CBZ_PAYMENT_METHOD_CASH },
    { "Efectivo", CBZ_PAYMENT_METHOD_CASH },
    { "cheque", CBZ_PAYMENT_METHOD_CHECK },
    { "CHECK", CBZ_PAYMENT_METHOD_CHECK },
    { "depósito", CBZ_PAYMENT_METHOD_DEPOSIT },
    { "tarjeta", CBZ_PAYMENT_METHOD_CARD },
  };
  static const struct
  {
    const char    *text;
    CbzCallOutcome outcome;
  } outcomes[] = {
    { "no answer", CBZ_CALL_OUTCOME_NO_ANSWER },
    { "No-Answer", CBZ_CALL_OUTCOME_NO_ANSWER },
    { "promised_to_pay", CBZ_CALL_OUTCOME_PROMISED_TO_PAY },
    { "promesa", CBZ_CALL_OUTCOME_PROMISED_TO_PAY },
    { "número equivocado", CBZ_CALL_OUTCOME_WRONG_NUMBER },
    { "call-back", CBZ_CALL_OUTCOME_CALL_BACK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzPaymentMethod method;

      g_assert_true (cbz_payment_method_parse (methods[i].text, &method, &error));
      g_assert_no_error (error);
      g_assert_cmpint (method, ==, methods[i].method);
    }
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      CbzCallOutcome outcome;

      g_assert_true (cbz_call_outcome_parse (outcomes[i].text, &outcome, NULL));
      g_assert_cmpint (outcome, ==, outcomes[i].outcome);
    }
}

static void
test_parse_errors (void)
{
  static const char * const bad[] = { "bitcoin", "", "  ", "transfer cash" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) split = g_strsplit (kinds[k].nicks, " ", -1);
        g_autofree char *listed = g_strjoinv (", ", split);
        g_autofree char *expected = g_strdup_printf ("“%s” %s; use one of: %s", bad[i], kinds[k].not_a, listed);
        int value = -1;

        g_assert_false (kinds[k].parse (bad[i], &value, &error));
        g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE);
        g_assert_cmpstr (error->message, ==, expected);
        g_assert_cmpint (value, ==, -1);
      }
}

static void
test_match_rules (void)
{
  static const struct
  {
    CbzMatchRule       rule;
    CbzMatchConfidence confidence;
    gboolean           exact;
  } cases[] = {
    { CBZ_MATCH_RULE_INVOICE_NUMBER, CBZ_MATCH_CONFIDENCE_HIGH, TRUE },
    { CBZ_MATCH_RULE_TAX_ID, CBZ_MATCH_CONFIDENCE_HIGH, TRUE },
    { CBZ_MATCH_RULE_SEVERAL_NUMBERS, CBZ_MATCH_CONFIDENCE_HIGH, TRUE },
    { CBZ_MATCH_RULE_NAME, CBZ_MATCH_CONFIDENCE_MEDIUM, FALSE },
    { CBZ_MATCH_RULE_SEVERAL_INVOICES, CBZ_MATCH_CONFIDENCE_MEDIUM, FALSE },
    { CBZ_MATCH_RULE_ROUNDING, CBZ_MATCH_CONFIDENCE_LOW, FALSE },
    { CBZ_MATCH_RULE_AMOUNT_ONLY, CBZ_MATCH_CONFIDENCE_LOW, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (cbz_match_rule_get_confidence (cases[i].rule), ==, cases[i].confidence);
      g_assert_cmpint (cbz_match_rule_is_exact (cases[i].rule), ==, cases[i].exact);
    }
  g_assert_cmpstr (cbz_match_confidence_get_label (CBZ_MATCH_CONFIDENCE_HIGH), ==, "High");
  g_assert_cmpstr (cbz_match_confidence_get_label (CBZ_MATCH_CONFIDENCE_LOW), ==, "Low");
}

static void
test_amounts (void)
{
  static const struct
  {
    const char *text;
    const char *currency;
    gint64      minor;
    const char *parsed_currency;
  } good[] = {
    { "1.234,56", "MXN", 123456, "MXN" },
    { "1,234.56", "MXN", 123456, "MXN" },
    { "1234.5", "MXN", 123450, "MXN" },
    { "1234", "MXN", 123400, "MXN" },
    { "$1,234.56", "MXN", 123456, "MXN" },
    { "MXN 1,234.56", "MXN", 123456, "MXN" },
    { "1,234.56 MXN", "MXN", 123456, "MXN" },
    { "USD 10", "MXN", 1000, "USD" },
    { "US$ 12.50", "MXN", 1250, "USD" },
    { "1.234.567", "CLP", 1234567, "CLP" },
    { "1.234.567 CLP", "MXN", 1234567, "CLP" },
    { "0,01", "MXN", 1, "MXN" },
  };
  static const struct
  {
    const char *text;
    const char *currency;
    const char *message;
  } bad[] = {
    { "mil pesos", "MXN",
      "“mil pesos” is not an amount: write it like 1.234,56 or 1,234.56, with or without a currency code (MXN 1,234.56)" },
    { "", "MXN", "“” is not an amount: write it like 1.234,56 or 1,234.56, with or without a currency code (MXN 1,234.56)" },
    { "0", "MXN", "“0” is not more than zero: the amount must be positive" },
    { "-1.234,56", "MXN", "“-1.234,56” is not more than zero: the amount must be positive" },
    { "1,234.567", "MXN", "“1,234.567” has more decimals than MXN allows (2)" },
    { "12,50", "CLP", "“12,50” has decimals, but CLP amounts have none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzMoney amount;

      g_assert_true (cbz_amount_parse (good[i].text, good[i].currency, &amount, &error));
      g_assert_no_error (error);
      g_assert_cmpint (amount.minor, ==, good[i].minor);
      g_assert_cmpstr (amount.currency, ==, good[i].parsed_currency);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      CbzMoney amount;

      g_assert_false (cbz_amount_parse (bad[i].text, bad[i].currency, &amount, &error));
      g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/codes/nicks-and-labels", test_nicks_and_labels);
  g_test_add_func ("/payments/codes/parse", test_parse);
  g_test_add_func ("/payments/codes/parse-errors", test_parse_errors);
  g_test_add_func ("/payments/codes/match-rules", test_match_rules);
  g_test_add_func ("/payments/amount/parse", test_amounts);

  return g_test_run ();
}
