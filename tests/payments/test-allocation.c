/* test-allocation.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "payments/cbz-allocation.h"
#include "payments/cbz-payments-error.h"
#include "cbz-test-util.h"

#define MXN(minor) cbz_money_init ((minor), "MXN")
#define USD(minor) cbz_money_init ((minor), "USD")

/* Four invoices of one customer; B is the oldest, D is disputed, E in dollars. */
static CbzAllocationInvoice *
make_invoices (gsize *n)
{
  static const CbzAllocationInvoice invoices[] = {
    { 1, "A-1", { 2026, 3, 10 }, { 100000, "MXN" }, FALSE },
    { 2, "B-2", { 2026, 1, 15 }, { 50000, "MXN" }, FALSE },
    { 3, "C-3", { 2026, 2, 20 }, { 30000, "MXN" }, FALSE },
    { 4, "D-4", { 2025, 12, 1 }, { 70000, "MXN" }, TRUE },
    { 5, "E-5", { 2025, 11, 1 }, { 9900, "USD" }, FALSE },
  };

  *n = G_N_ELEMENTS (invoices);
  return g_memdup2 (invoices, sizeof invoices);
}

static void
assert_line (const CbzAllocation *allocation,
             guint                i,
             gint64               invoice_id,
             gint64               amount,
             gint64               before,
             gint64               after)
{
  const CbzAllocationLine *line;

  g_assert_cmpuint (i, <, allocation->n_lines);
  line = &allocation->lines[i];
  g_assert_cmpint (line->invoice_id, ==, invoice_id);
  g_assert_cmpint (line->amount.minor, ==, amount);
  g_assert_cmpint (line->balance_before.minor, ==, before);
  g_assert_cmpint (line->balance_after.minor, ==, after);
  g_assert_cmpstr (line->amount.currency, ==, allocation->total.currency);
}

static void
test_oldest_first (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;

  /* 700.00: B (500.00, oldest non-disputed) then 200.00 of C; D is
   * disputed and skipped, E is in dollars. */
  allocation = cbz_allocation_new_for_payment (MXN (70000), invoices, n, NULL, 0,
                                               CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allocation->n_lines, ==, 2);
  assert_line (allocation, 0, 2, 50000, 50000, 0);
  assert_line (allocation, 1, 3, 20000, 30000, 10000);
  g_assert_cmpint (allocation->unapplied.minor, ==, 0);
  g_assert_cmpint (allocation->credit_change.minor, ==, 0);
  g_assert_cmpint (cbz_allocation_get_applied (allocation).minor, ==, 70000);
  g_assert_cmpint (allocation->source, ==, CBZ_ALLOCATION_SOURCE_PAYMENT);
}

static void
test_partial (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;
  CbzMoney credit = MXN (0);

  allocation = cbz_allocation_new_for_payment (MXN (12345), invoices, n, NULL, 0,
                                               CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allocation->n_lines, ==, 1);
  assert_line (allocation, 0, 2, 12345, 50000, 37655);

  g_assert_true (cbz_allocation_apply (allocation, invoices, n, &credit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (invoices[1].balance.minor, ==, 37655);
  g_assert_cmpint (credit.minor, ==, 0);
}

static void
test_chosen (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) only = NULL;
  g_autoptr(CbzAllocation) then_oldest = NULL;
  const gint64 chosen[] = { 1, 4 };

  /* Ticked A then D (disputed, but chosen): 1,000.00 to A, 500.00 to D,
   * the remaining 100.00 becomes credit. */
  only = cbz_allocation_new_for_payment (MXN (160000), invoices, n, chosen, G_N_ELEMENTS (chosen),
                                         CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (only->n_lines, ==, 2);
  assert_line (only, 0, 1, 100000, 100000, 0);
  assert_line (only, 1, 4, 60000, 70000, 10000);
  g_assert_cmpint (only->unapplied.minor, ==, 0);

  /* The same with more money and "then oldest first": after A and D, B
   * (oldest) then C. */
  then_oldest = cbz_allocation_new_for_payment (MXN (260000), invoices, n, chosen, G_N_ELEMENTS (chosen),
                                                CBZ_ALLOCATION_FLAGS_THEN_OLDEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (then_oldest->n_lines, ==, 4);
  assert_line (then_oldest, 0, 1, 100000, 100000, 0);
  assert_line (then_oldest, 1, 4, 70000, 70000, 0);
  assert_line (then_oldest, 2, 2, 50000, 50000, 0);
  assert_line (then_oldest, 3, 3, 30000, 30000, 0);
  g_assert_cmpint (then_oldest->unapplied.minor, ==, 10000);
  g_assert_cmpint (then_oldest->credit_change.minor, ==, 10000);
}

static void
test_chosen_only_leaves_credit (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;
  const gint64 chosen[] = { 3 };

  /* Without "then oldest", what the ticked invoice does not take is credit,
   * even though B is still open. */
  allocation = cbz_allocation_new_for_payment (MXN (40000), invoices, n, chosen, 1,
                                               CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allocation->n_lines, ==, 1);
  assert_line (allocation, 0, 3, 30000, 30000, 0);
  g_assert_cmpint (allocation->unapplied.minor, ==, 10000);
}

static void
test_overpayment_then_credit (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) payment = NULL;
  g_autoptr(CbzAllocation) later = NULL;
  CbzMoney credit = MXN (0);
  CbzAllocationInvoice next = { 9, "F-9", { 2026, 4, 30 }, { 25000, "MXN" }, FALSE };

  /* 2,000.00 against 1,800.00 owed (not counting the disputed D): 200.00 credit. */
  payment = cbz_allocation_new_for_payment (MXN (200000), invoices, n, NULL, 0,
                                            CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (payment->n_lines, ==, 3);
  g_assert_cmpint (payment->unapplied.minor, ==, 20000);
  g_assert_true (cbz_allocation_apply (payment, invoices, n, &credit, &error));
  g_assert_cmpint (credit.minor, ==, 20000);
  g_assert_cmpstr (credit.currency, ==, "MXN");

  /* A new invoice of 250.00 arrives: the 200.00 credit pays most of it. */
  invoices = g_renew (CbzAllocationInvoice, invoices, n + 1);
  invoices[n++] = next;
  later = cbz_allocation_new_for_credit (credit, invoices, n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->source, ==, CBZ_ALLOCATION_SOURCE_CREDIT);
  g_assert_cmpuint (later->n_lines, ==, 1);
  assert_line (later, 0, 9, 20000, 25000, 5000);
  g_assert_cmpint (later->unapplied.minor, ==, 0);
  g_assert_cmpint (later->credit_change.minor, ==, -20000);
  g_assert_true (cbz_allocation_apply (later, invoices, n, &credit, &error));
  g_assert_cmpint (credit.minor, ==, 0);
  g_assert_cmpint (invoices[n - 1].balance.minor, ==, 5000);
}

static void
test_credit_nothing_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;
  CbzAllocationInvoice disputed = { 1, "A", { 2026, 1, 1 }, { 5000, "MXN" }, TRUE };

  allocation = cbz_allocation_new_for_credit (MXN (3000), &disputed, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allocation->n_lines, ==, 0);
  g_assert_cmpint (allocation->unapplied.minor, ==, 3000);
  g_assert_cmpint (allocation->credit_change.minor, ==, 0);
}

static void
test_errors (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  static const struct
  {
    gint64      amount;
    const char *currency;
    gint64      chosen[2];
    gsize       n_chosen;
    int         code;
    const char *message;
  } cases[] = {
    { 0, "MXN", { 0 }, 0, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT, "A payment must be more than zero, not MXN 0.00" },
    { -500, "MXN", { 0 }, 0, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT, "A payment must be more than zero, not MXN -5.00" },
    { 100, "MXN", { 77 }, 1, CBZ_PAYMENTS_ERROR_UNKNOWN_INVOICE, "Invoice #77 is not one of this customer’s open invoices" },
    { 100, "MXN", { 1, 1 }, 2, CBZ_PAYMENTS_ERROR_DUPLICATE_INVOICE, "Invoice A-1 was chosen twice" },
    { 100, "MXN", { 5 }, 1, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,
      "Invoice E-5 is in USD and the payment in MXN: a payment only pays invoices in its own currency" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzAllocation) allocation = NULL;

      allocation = cbz_allocation_new_for_payment (cbz_money_init (cases[i].amount, cases[i].currency),
                                                   invoices, n, cases[i].chosen, cases[i].n_chosen,
                                                   CBZ_ALLOCATION_FLAGS_NONE, &error);
      g_assert_null (allocation);
      g_assert_error (error, CBZ_PAYMENTS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_never_across_currencies (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;

  /* Dollars only pay the dollar invoice; the rest is dollar credit. */
  allocation = cbz_allocation_new_for_payment (USD (10000), invoices, n, NULL, 0,
                                               CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allocation->n_lines, ==, 1);
  assert_line (allocation, 0, 5, 9900, 9900, 0);
  g_assert_cmpint (allocation->unapplied.minor, ==, 100);
  g_assert_cmpstr (allocation->unapplied.currency, ==, "USD");
}

static void
test_undo (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autofree CbzAllocationInvoice *original = g_memdup2 (invoices, n * sizeof *invoices);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) payment = NULL;
  g_autoptr(CbzAllocation) undo = NULL;
  g_autoptr(CbzAllocation) again = NULL;
  CbzMoney credit = MXN (1000);

  payment = cbz_allocation_new_for_payment (MXN (190000), invoices, n, NULL, 0,
                                            CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_allocation_apply (payment, invoices, n, &credit, &error));
  g_assert_cmpint (credit.minor, ==, 11000);

  undo = cbz_allocation_invert (payment);
  g_assert_true (undo->inverted);
  g_assert_cmpuint (undo->n_lines, ==, payment->n_lines);
  for (guint i = 0; i < undo->n_lines; i++)
    {
      g_assert_cmpint (undo->lines[i].amount.minor, ==, -payment->lines[i].amount.minor);
      g_assert_cmpint (undo->lines[i].balance_after.minor, ==, payment->lines[i].balance_before.minor);
    }
  g_assert_true (cbz_allocation_apply (undo, invoices, n, &credit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (credit.minor, ==, 1000);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (invoices[i].balance.minor, ==, original[i].balance.minor);

  /* Inverting twice gives the payment back. */
  again = cbz_allocation_invert (undo);
  g_assert_false (again->inverted);
  g_assert_cmpint (again->credit_change.minor, ==, payment->credit_change.minor);
  g_assert_cmpint (again->lines[0].amount.minor, ==, payment->lines[0].amount.minor);

  /* Once the credit it left has been spent (on an invoice of another
   * day), the payment cannot be undone: the error says what to undo first,
   * and nothing changes. */
  g_assert_true (cbz_allocation_apply (payment, invoices, n, &credit, &error));
  credit = MXN (0);
  g_assert_false (cbz_allocation_apply (undo, invoices, n, &credit, &error));
  g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE);
  g_assert_cmpstr (error->message, ==,
                   "This payment left MXN 100.00 of credit and only MXN 0.00 is left: undo what used the credit first");
  g_assert_cmpint (invoices[1].balance.minor, ==, 0);
}

static void
test_apply_checks (void)
{
  gsize n;
  g_autofree CbzAllocationInvoice *invoices = make_invoices (&n);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzAllocation) allocation = NULL;
  CbzMoney credit = MXN (0);

  allocation = cbz_allocation_new_for_payment (MXN (60000), invoices, n, NULL, 0,
                                               CBZ_ALLOCATION_FLAGS_NONE, &error);
  g_assert_true (cbz_allocation_apply (allocation, invoices, n, &credit, &error));
  /* Applying the same plan twice would take B below zero: refused whole. */
  g_assert_false (cbz_allocation_apply (allocation, invoices, n, &credit, &error));
  g_assert_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE);
  g_assert_cmpstr (error->message, ==, "Invoice B-2 owes MXN 0.00, less than the MXN 500.00 this would apply to it");
  g_assert_cmpint (invoices[2].balance.minor, ==, 20000);
}

/* Thousands of random portfolios and payments: not a cent created or lost,
 * no balance below zero, credit only when every eligible invoice is paid,
 * and the undo restores everything. */
static void
test_random_invariants (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260317);

  for (guint round = 0; round < 5000; round++)
    {
      CbzAllocationInvoice invoices[12];
      CbzAllocationInvoice before[12];
      gint64 chosen[12];
      gsize n = g_rand_int_range (rand, 0, 12);
      gsize n_chosen = 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzAllocation) allocation = NULL;
      g_autoptr(CbzAllocation) undo = NULL;
      CbzMoney payment = MXN (g_rand_int_range (rand, 1, 3000000));
      CbzMoney credit = MXN (g_rand_int_range (rand, 0, 5000));
      CbzMoney credit_before = credit;
      gint64 eligible_open = 0;
      gint64 sum = 0;
      CbzAllocationFlags flags = g_rand_boolean (rand) ? CBZ_ALLOCATION_FLAGS_THEN_OLDEST
                                                       : CBZ_ALLOCATION_FLAGS_NONE;

      for (gsize i = 0; i < n; i++)
        {
          invoices[i].invoice_id = (gint64) i * 7 + 3;
          invoices[i].number = NULL;
          invoices[i].due_date = cbz_date_add_days (cbz_date_init (2025, 1, 1), g_rand_int_range (rand, 0, 400));
          invoices[i].balance = cbz_money_init (g_rand_int_range (rand, 0, 900000),
                                                g_rand_int_range (rand, 0, 10) == 0 ? "USD" : "MXN");
          invoices[i].disputed = g_rand_int_range (rand, 0, 6) == 0;
          if (g_str_equal (invoices[i].balance.currency, "MXN") && g_rand_int_range (rand, 0, 4) == 0)
            chosen[n_chosen++] = invoices[i].invoice_id;
        }
      memcpy (before, invoices, sizeof invoices);

      allocation = cbz_allocation_new_for_payment (payment, invoices, n, chosen, n_chosen, flags, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < allocation->n_lines; i++)
        {
          g_assert_cmpint (allocation->lines[i].amount.minor, >, 0);
          g_assert_cmpint (allocation->lines[i].balance_after.minor, >=, 0);
          g_assert_cmpint (allocation->lines[i].balance_before.minor - allocation->lines[i].amount.minor, ==,
                           allocation->lines[i].balance_after.minor);
          sum += allocation->lines[i].amount.minor;
        }
      g_assert_cmpint (allocation->unapplied.minor, >=, 0);
      g_assert_cmpint (sum + allocation->unapplied.minor, ==, payment.minor);

      g_assert_true (cbz_allocation_apply (allocation, invoices, n, &credit, &error));
      g_assert_cmpint (credit.minor, ==, credit_before.minor + allocation->unapplied.minor);
      for (gsize i = 0; i < n; i++)
        {
          gboolean was_chosen = FALSE;

          g_assert_cmpint (invoices[i].balance.minor, >=, 0);
          for (gsize c = 0; c < n_chosen; c++)
            was_chosen |= chosen[c] == invoices[i].invoice_id;
          if (g_str_equal (invoices[i].balance.currency, "MXN") &&
              (was_chosen || ((n_chosen == 0 || flags != 0) && !invoices[i].disputed)))
            eligible_open += invoices[i].balance.minor;
        }
      if (allocation->unapplied.minor > 0)
        g_assert_cmpint (eligible_open, ==, 0);

      undo = cbz_allocation_invert (allocation);
      g_assert_true (cbz_allocation_apply (undo, invoices, n, &credit, &error));
      g_assert_no_error (error);
      g_assert_cmpint (credit.minor, ==, credit_before.minor);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpint (invoices[i].balance.minor, ==, before[i].balance.minor);
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payments/allocation/oldest-first", test_oldest_first);
  g_test_add_func ("/payments/allocation/partial", test_partial);
  g_test_add_func ("/payments/allocation/chosen", test_chosen);
  g_test_add_func ("/payments/allocation/chosen-only-leaves-credit", test_chosen_only_leaves_credit);
  g_test_add_func ("/payments/allocation/overpayment-then-credit", test_overpayment_then_credit);
  g_test_add_func ("/payments/allocation/credit-nothing-open", test_credit_nothing_open);
  g_test_add_func ("/payments/allocation/errors", test_errors);
  g_test_add_func ("/payments/allocation/never-across-currencies", test_never_across_currencies);
  g_test_add_func ("/payments/allocation/undo", test_undo);
  g_test_add_func ("/payments/allocation/apply-checks", test_apply_checks);
  g_test_add_func ("/payments/allocation/random-invariants", test_random_invariants);

  return g_test_run ();
}
