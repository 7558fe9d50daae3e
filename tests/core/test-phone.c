/* test-phone.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-phone.h"
#include "cbz-test-util.h"

static void
assert_phone (const char *text,
              const char *country,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = cbz_phone_normalize (text, country, &error);

  if (e164 == NULL)
    g_error ("“%s” (%s): %s", text, country, error->message);
  g_assert_cmpstr (e164, ==, expected);
}

static void
assert_phone_fails (const char *text,
                    const char *country,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = cbz_phone_normalize (text, country, &error);

  g_assert_null (e164);
  g_assert_error (error, CBZ_PHONE_ERROR, code);
  if (code != CBZ_PHONE_ERROR_EMPTY)
    g_assert_nonnull (strstr (error->message, text));
}

static void
test_phone_mexico (void)
{
  assert_phone ("55 1234 5678", "MX", "+525512345678");
  assert_phone ("(55) 1234-5678", "MX", "+525512345678");
  assert_phone ("044 55 1234 5678", "MX", "+525512345678");
  assert_phone ("045 33 1234 5678", "MX", "+523312345678");
  assert_phone ("01 81 1234 5678", "MX", "+528112345678");
  assert_phone ("+52 1 55 1234 5678", "CL", "+525512345678");
  assert_phone ("0052 55 1234 5678", "CL", "+525512345678");
  assert_phone ("+52 (55) 1234.5678", NULL, "+525512345678");
}

static void
test_phone_countries (void)
{
  assert_phone ("9 8765 4321", "CL", "+56987654321");
  assert_phone ("09 8765 4321", "CL", "+56987654321");
  assert_phone ("+56 2 2345 6789", "MX", "+56223456789");
  assert_phone ("300 123 4567", "CO", "+573001234567");
  assert_phone ("987 654 321", "PE", "+51987654321");
  assert_phone ("(01) 234-5678", "PE", "+5112345678");
  assert_phone ("011 15-4123-4567", "AR", "+5491141234567");
  assert_phone ("0351 15 123-4567", "AR", "+5493511234567");
  assert_phone ("+54 9 11 4123-4567", "MX", "+5491141234567");
  assert_phone ("11 4123 4567", "AR", "+541141234567");
  assert_phone ("(415) 555-0100", "US", "+14155550100");
  assert_phone ("1 415 555 0100", "us", "+14155550100");
  assert_phone ("+1 809 555 0100", "MX", "+18095550100");
  assert_phone ("5555 1234", "GT", "+50255551234");
  assert_phone ("\u00a0+34 612 34 56 78\u00a0", "MX", "+34612345678");
  /* A country we have no rules for still gets E.164's bounds. */
  assert_phone ("+49 30 1234567", "MX", "+49301234567");
}

static void
test_phone_errors (void)
{
  assert_phone_fails ("", "MX", CBZ_PHONE_ERROR_EMPTY);
  assert_phone_fails (" - ", "MX", CBZ_PHONE_ERROR_EMPTY);
  assert_phone_fails ("55 1234 567", "MX", CBZ_PHONE_ERROR_TOO_SHORT);
  assert_phone_fails ("55 1234 56789", "MX", CBZ_PHONE_ERROR_TOO_LONG);
  assert_phone_fails ("55-CALL-NOW", "MX", CBZ_PHONE_ERROR_INVALID_CHARACTERS);
  assert_phone_fails ("55 1234 5678 ext 12", "MX", CBZ_PHONE_ERROR_INVALID_CHARACTERS);
  assert_phone_fails ("1+5512345678", "MX", CBZ_PHONE_ERROR_INVALID_CHARACTERS);
  assert_phone_fails ("8765 4321", "CL", CBZ_PHONE_ERROR_TOO_SHORT);
  assert_phone_fails ("+99 123", "MX", CBZ_PHONE_ERROR_TOO_SHORT);
  assert_phone_fails ("+99 1234 5678 9012 345", "MX", CBZ_PHONE_ERROR_TOO_LONG);
  assert_phone_fails ("1234 5678", "ZZ", CBZ_PHONE_ERROR_NO_COUNTRY);
  assert_phone_fails ("1234 5678", NULL, CBZ_PHONE_ERROR_NO_COUNTRY);

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (cbz_phone_normalize ("55 1234 567", "MX", &error));
    g_assert_cmpstr (error->message, ==,
                     "“55 1234 567” is too short for a phone number in +52 "
                     "(it needs 10 digits after the country code)");
  }
}

static void
test_phone_into (void)
{
  char e164[CBZ_PHONE_E164_SIZE];

  g_assert_true (cbz_phone_normalize_into ("+598 9123 4567", "MX", e164, NULL));
  g_assert_cmpstr (e164, ==, "+59891234567");
  g_assert_cmpstr (cbz_phone_get_calling_code ("CO"), ==, "57");
  g_assert_null (cbz_phone_get_calling_code ("ZZ"));
}

static void
assert_format (const char *e164,
               const char *expected)
{
  g_autofree char *text = cbz_phone_format (e164);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_phone_format (void)
{
  /* Mexico: two-digit areas for the three big cities, three elsewhere. */
  assert_format ("+525581253952", "+52 55 8125 3952");
  assert_format ("+523312345678", "+52 33 1234 5678");
  assert_format ("+528112345678", "+52 81 1234 5678");
  assert_format ("+522221234567", "+52 222 123 4567");
  /* Chile: mobiles and Santiago 1 + 4 + 4, other areas 2 + 3 + 4. */
  assert_format ("+56987654321", "+56 9 8765 4321");
  assert_format ("+56223456789", "+56 2 2345 6789");
  assert_format ("+56322123456", "+56 32 212 3456");
  /* Colombia: mobiles and the 60x landlines, 3 + 3 + 4. */
  assert_format ("+573001234567", "+57 300 123 4567");
  assert_format ("+576012345678", "+57 601 234 5678");
  /* Peru: mobiles 3 + 3 + 3, Lima 1 + 3 + 4, other areas 2 + 3 + 3. */
  assert_format ("+51987654321", "+51 987 654 321");
  assert_format ("+5112345678", "+51 1 234 5678");
  assert_format ("+5144123456", "+51 44 123 456");
  /* Ecuador: mobiles 2 + 3 + 4, landlines 1 + 3 + 4. */
  assert_format ("+593991234567", "+593 99 123 4567");
  assert_format ("+59322345678", "+593 2 234 5678");
  /* Argentina: 9 before a mobile's area; Buenos Aires 11, Córdoba 351,
   * Río Gallegos 2966. */
  assert_format ("+5491141234567", "+54 9 11 4123 4567");
  assert_format ("+541141234567", "+54 11 4123 4567");
  assert_format ("+5493511234567", "+54 9 351 123 4567");
  assert_format ("+542966451234", "+54 2966 45 1234");
  /* The +1 countries. */
  assert_format ("+14155550100", "+1 415 555 0100");
  assert_format ("+18095550100", "+1 809 555 0100");
  /* Elsewhere: the code apart, then groups. */
  assert_format ("+34612345678", "+34 612 345 678");
  assert_format ("+50255551234", "+502 5555 1234");
  /* What we cannot read stays as it is. */
  assert_format ("+49301234567", "+49301234567");
  assert_format ("55 1234 5678", "55 1234 5678");
  assert_format ("", "");

  /* Every normalised number formats back to itself, digit for digit. */
  {
    static const char * const samples[] = { "55 1234 5678", "9 8765 4321", "300 123 4567", "987 654 321" };
    static const char * const countries[] = { "MX", "CL", "CO", "PE" };

    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      {
        g_autofree char *e164 = cbz_phone_normalize (samples[i], countries[i], NULL);
        g_autofree char *text = cbz_phone_format (e164);
        g_autofree char *again = cbz_phone_normalize (text, NULL, NULL);

        g_assert_cmpstr (again, ==, e164);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/phone/mexico", test_phone_mexico);
  g_test_add_func ("/core/phone/countries", test_phone_countries);
  g_test_add_func ("/core/phone/errors", test_phone_errors);
  g_test_add_func ("/core/phone/into", test_phone_into);
  g_test_add_func ("/core/phone/format", test_phone_format);

  return g_test_run ();
}
