/* test-tax-id.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-debtor.h"
#include "cbz-tax-id.h"
#include "cbz-test-util.h"

static void
assert_tax_id (const char   *text,
               const char   *country_hint,
               CbzTaxIdKind  kind_hint,
               CbzTaxIdKind  kind,
               const char   *country,
               const char   *normalized,
               const char   *formatted)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  CbzTaxId id;

  if (!cbz_tax_id_parse (text, country_hint, kind_hint, &id, &error))
    g_error ("“%s”: %s", text, error->message);
  g_assert_cmpint (id.kind, ==, kind);
  g_assert_cmpstr (id.country, ==, country);
  g_assert_cmpstr (id.normalized, ==, normalized);
  display = cbz_tax_id_format (&id);
  g_assert_cmpstr (display, ==, formatted);
}

static void
assert_tax_id_fails (const char   *text,
                     const char   *country_hint,
                     CbzTaxIdKind  kind_hint,
                     int           code)
{
  g_autoptr(GError) error = NULL;
  CbzTaxId id;

  g_assert_false (cbz_tax_id_parse (text, country_hint, kind_hint, &id, &error));
  g_assert_error (error, CBZ_TAX_ID_ERROR, code);
  if (code != CBZ_TAX_ID_ERROR_EMPTY)
    g_assert_nonnull (strstr (error->message, text));
}

static void
test_tax_id_rfc (void)
{
  assert_tax_id ("GODE561231GR8", NULL, 0, CBZ_TAX_ID_RFC, "MX", "GODE561231GR8", "GODE561231GR8");
  assert_tax_id ("gode-561231-gr8", "CL", 0, CBZ_TAX_ID_RFC, "MX", "GODE561231GR8", "GODE561231GR8");
  assert_tax_id ("EKU 900317 3C9", "MX", 0, CBZ_TAX_ID_RFC, "MX", "EKU9003173C9", "EKU9003173C9");
  assert_tax_id ("CACX7605101P8", "MX", CBZ_TAX_ID_RFC, CBZ_TAX_ID_RFC, "MX", "CACX7605101P8", "CACX7605101P8");
  assert_tax_id ("XAXX010101000", "MX", 0, CBZ_TAX_ID_RFC, "MX", "XAXX010101000", "XAXX010101000");
  /* Ñ and & are RFC letters. */
  {
    char body[16] = "ÑAÑ850101AB";
    char check = cbz_tax_id_compute_check (CBZ_TAX_ID_RFC, body);
    g_autofree char *rfc = NULL;
    g_autofree char *lower = NULL;

    g_assert_cmpint (check, !=, 0);
    rfc = g_strdup_printf ("%s%c", body, check);
    lower = g_utf8_strdown (rfc, -1);
    assert_tax_id (lower, "MX", 0, CBZ_TAX_ID_RFC, "MX", rfc, rfc);
  }
  assert_tax_id_fails ("GODE561231GR9", "MX", 0, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  assert_tax_id_fails ("GODE561331GR8", "MX", 0, CBZ_TAX_ID_ERROR_INVALID);   /* month 13 */
  assert_tax_id_fails ("GODE230229GR8", "MX", 0, CBZ_TAX_ID_ERROR_INVALID);   /* 29 Feb 2023 */
  assert_tax_id_fails ("GOD1561231GR8", "MX", CBZ_TAX_ID_RFC, CBZ_TAX_ID_ERROR_INVALID);
}

static void
test_tax_id_rut (void)
{
  assert_tax_id ("12.345.678-5", NULL, 0, CBZ_TAX_ID_RUT, "CL", "123456785", "12.345.678-5");
  assert_tax_id ("10000013-k", "CL", 0, CBZ_TAX_ID_RUT, "CL", "10000013K", "10.000.013-K");
  assert_tax_id ("7.654.321-6", "CL", 0, CBZ_TAX_ID_RUT, "CL", "76543216", "7.654.321-6");
  assert_tax_id ("76086428-5", "MX", 0, CBZ_TAX_ID_RUT, "CL", "760864285", "76.086.428-5");
  assert_tax_id_fails ("12.345.678-9", "CL", 0, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  assert_tax_id_fails ("12.345.678-9", "CL", CBZ_TAX_ID_RUT, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  assert_tax_id_fails ("1-9", "CL", CBZ_TAX_ID_RUT, CBZ_TAX_ID_ERROR_INVALID);
  g_assert_cmpint (cbz_tax_id_compute_check (CBZ_TAX_ID_RUT, "12345678"), ==, '5');
}

static void
test_tax_id_cuit_ruc (void)
{
  assert_tax_id ("20-12345678-6", NULL, 0, CBZ_TAX_ID_CUIT, "AR", "20123456786", "20-12345678-6");
  assert_tax_id ("30712345671", "AR", 0, CBZ_TAX_ID_CUIT, "AR", "30712345671", "30-71234567-1");
  assert_tax_id ("10456789124", NULL, 0, CBZ_TAX_ID_RUC, "PE", "10456789124", "10456789124");
  assert_tax_id ("20100123453", "PE", 0, CBZ_TAX_ID_RUC, "PE", "20100123453", "20100123453");
  /* Valid both as a CUIT and as a Peruvian RUC: the country decides. */
  assert_tax_id ("20387654322", "AR", 0, CBZ_TAX_ID_CUIT, "AR", "20387654322", "20-38765432-2");
  assert_tax_id ("20387654322", "PE", 0, CBZ_TAX_ID_RUC, "PE", "20387654322", "20387654322");
  assert_tax_id ("20387654322", NULL, 0, CBZ_TAX_ID_CUIT, "AR", "20387654322", "20-38765432-2");
  /* Ecuador: a company's RUC and a person's (cédula + 001). */
  assert_tax_id ("1790011674001", NULL, 0, CBZ_TAX_ID_RUC, "EC", "1790011674001", "1790011674001");
  assert_tax_id ("1710034065001", "EC", 0, CBZ_TAX_ID_RUC, "EC", "1710034065001", "1710034065001");
  assert_tax_id_fails ("20-12345678-7", "AR", 0, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  assert_tax_id_fails ("1790011675001", "EC", 0, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  assert_tax_id_fails ("99123456789", "PE", CBZ_TAX_ID_RUC, CBZ_TAX_ID_ERROR_INVALID);
}

static void
test_tax_id_nit (void)
{
  assert_tax_id ("900.123.456-8", NULL, 0, CBZ_TAX_ID_NIT, "CO", "9001234568", "900.123.456-8");
  assert_tax_id ("800197268-4", "CO", 0, CBZ_TAX_ID_NIT, "CO", "8001972684", "800.197.268-4");
  /* Colombian spreadsheets often leave the check digit out: we add it. */
  assert_tax_id ("860001022", "CO", 0, CBZ_TAX_ID_NIT, "CO", "8600010227", "860.001.022-7");
  assert_tax_id ("860.001.022", NULL, CBZ_TAX_ID_NIT, CBZ_TAX_ID_NIT, "CO", "8600010227", "860.001.022-7");
  assert_tax_id_fails ("900.123.456-1", "CO", 0, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  g_assert_cmpint (cbz_tax_id_compute_check (CBZ_TAX_ID_NIT, "1020304050"), ==, '8');
}

static void
test_tax_id_errors (void)
{
  g_autoptr(GError) error = NULL;
  CbzTaxId id;

  assert_tax_id_fails ("", NULL, 0, CBZ_TAX_ID_ERROR_EMPTY);
  assert_tax_id_fails (" .- ", NULL, 0, CBZ_TAX_ID_ERROR_EMPTY);
  assert_tax_id_fails ("hola", NULL, 0, CBZ_TAX_ID_ERROR_INVALID);
  assert_tax_id_fails ("123", NULL, 0, CBZ_TAX_ID_ERROR_INVALID);
  assert_tax_id_fails ("RFC: GODE561231GR8", NULL, 0, CBZ_TAX_ID_ERROR_INVALID);

  g_assert_false (cbz_tax_id_parse ("12.345.678-9", NULL, CBZ_TAX_ID_UNKNOWN, &id, &error));
  g_assert_cmpstr (error->message, ==,
                   "“12.345.678-9” is not a valid RUT: its check digit does not match "
                   "(is a character mistyped?)");
  g_clear_error (&error);
  g_assert_false (cbz_tax_id_parse ("hola", NULL, CBZ_TAX_ID_UNKNOWN, &id, &error));
  g_assert_cmpstr (error->message, ==, "“hola” is not a valid RFC, RUT, CUIT, NIT or RUC");

  g_assert_cmpstr (cbz_tax_id_kind_to_string (CBZ_TAX_ID_CUIT), ==, "CUIT");
  g_assert_null (cbz_tax_id_kind_to_string (CBZ_TAX_ID_UNKNOWN));
  g_assert_cmpint (cbz_tax_id_kind_from_string ("nit"), ==, CBZ_TAX_ID_NIT);
  g_assert_cmpint (cbz_tax_id_kind_from_string ("VAT"), ==, CBZ_TAX_ID_UNKNOWN);
}

/* A tax ID that does not check out still says what it was taken for, so
 * that it can be kept as written and described later. */
static void
test_tax_id_taken_for (void)
{
  g_autoptr(GError) error = NULL;
  CbzTaxId id;

  g_assert_false (cbz_tax_id_parse ("GODE561231GR9", "MX", CBZ_TAX_ID_UNKNOWN, &id, &error));
  g_assert_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  g_assert_cmpint (id.kind, ==, CBZ_TAX_ID_RFC);
  g_assert_cmpstr (id.country, ==, "MX");
  g_assert_cmpstr (id.normalized, ==, "");
  g_clear_error (&error);

  g_assert_false (cbz_tax_id_parse ("900.123.456-1", NULL, CBZ_TAX_ID_UNKNOWN, &id, &error));
  g_assert_cmpint (id.kind, ==, CBZ_TAX_ID_NIT);
  g_assert_cmpstr (id.country, ==, "CO");
  g_clear_error (&error);

  /* A shape no kind has: taken for nothing, unless the column said. */
  g_assert_false (cbz_tax_id_parse ("pendiente", "MX", CBZ_TAX_ID_UNKNOWN, &id, &error));
  g_assert_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_INVALID);
  g_assert_cmpint (id.kind, ==, CBZ_TAX_ID_UNKNOWN);
  g_assert_cmpstr (id.country, ==, "");
  g_clear_error (&error);
  g_assert_false (cbz_tax_id_parse ("1-9", "CL", CBZ_TAX_ID_RUT, &id, &error));
  g_assert_cmpint (id.kind, ==, CBZ_TAX_ID_RUT);
  g_assert_cmpstr (id.country, ==, "CL");
  g_clear_error (&error);

  g_assert_cmpstr (cbz_tax_id_problem_to_string (CBZ_TAX_ID_ERROR_CHECK_DIGIT), ==, "check-digit");
  g_assert_cmpstr (cbz_tax_id_problem_to_string (CBZ_TAX_ID_ERROR_INVALID), ==, "invalid");
  g_assert_null (cbz_tax_id_problem_to_string (CBZ_TAX_ID_ERROR_EMPTY));
  {
    CbzTaxIdError problem = CBZ_TAX_ID_ERROR_EMPTY;

    g_assert_true (cbz_tax_id_problem_from_string ("check-digit", &problem));
    g_assert_cmpint (problem, ==, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
    g_assert_true (cbz_tax_id_problem_from_string ("invalid", &problem));
    g_assert_cmpint (problem, ==, CBZ_TAX_ID_ERROR_INVALID);
    g_assert_false (cbz_tax_id_problem_from_string ("ok", &problem));
  }
}

/* Editing a customer's tax ID: one that checks out is stored normalised and
 * verified; one that does not is kept as written, marked, with a reason. */
static void
test_tax_id_debtor (void)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  debtor->country = g_strdup ("MX");
  g_assert_false (cbz_debtor_set_tax_id (debtor, "  GODE561231GR9 ", &error));
  g_assert_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  g_assert_cmpstr (debtor->tax_id, ==, "GODE561231GR9");
  g_assert_cmpstr (debtor->tax_id_kind, ==, "RFC");
  g_assert_cmpstr (debtor->tax_id_problem, ==, "check-digit");
  g_assert_false (cbz_debtor_tax_id_is_verified (debtor));
  reason = cbz_debtor_describe_tax_id_problem (debtor);
  g_assert_cmpstr (reason, ==, "“GODE561231GR9” is not a valid RFC: its check digit does not match "
                               "(is a character mistyped?)");
  g_clear_pointer (&reason, g_free);

  g_assert_false (cbz_debtor_set_tax_id (debtor, "pendiente", &error));
  g_assert_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (debtor->tax_id, ==, "pendiente");
  g_assert_null (debtor->tax_id_kind);
  g_assert_cmpstr (debtor->tax_id_problem, ==, "invalid");
  reason = cbz_debtor_describe_tax_id_problem (debtor);
  g_assert_cmpstr (reason, ==, "“pendiente” is not a valid RFC, RUT, CUIT, NIT or RUC");
  g_clear_pointer (&reason, g_free);

  g_assert_true (cbz_debtor_set_tax_id (debtor, "gode-561231-gr8", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (debtor->tax_id, ==, "GODE561231GR8");
  g_assert_cmpstr (debtor->tax_id_kind, ==, "RFC");
  g_assert_null (debtor->tax_id_problem);
  g_assert_true (cbz_debtor_tax_id_is_verified (debtor));
  g_assert_null (cbz_debtor_describe_tax_id_problem (debtor));

  g_assert_true (cbz_debtor_set_tax_id (debtor, " - ", &error));
  g_assert_no_error (error);
  g_assert_null (debtor->tax_id);
  g_assert_null (debtor->tax_id_kind);
  g_assert_null (debtor->tax_id_problem);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/tax-id/rfc", test_tax_id_rfc);
  g_test_add_func ("/core/tax-id/rut", test_tax_id_rut);
  g_test_add_func ("/core/tax-id/cuit-ruc", test_tax_id_cuit_ruc);
  g_test_add_func ("/core/tax-id/nit", test_tax_id_nit);
  g_test_add_func ("/core/tax-id/errors", test_tax_id_errors);
  g_test_add_func ("/core/tax-id/taken-for", test_tax_id_taken_for);
  g_test_add_func ("/core/tax-id/debtor", test_tax_id_debtor);

  return g_test_run ();
}
