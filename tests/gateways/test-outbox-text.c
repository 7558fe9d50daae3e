/* test-outbox-text.c: SMS encoding and part counting, accent replacement,
 * opt-out keywords.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-opt-out.h"
#include "cbz-sms-encoding.h"
#include "cbz-test-util.h"

static char *
repeat (const char *piece,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, piece);
  return g_string_free (text, FALSE);
}

static void
test_gsm7_limits (void)
{
  g_autofree char *t160 = repeat ("a", 160);
  g_autofree char *t161 = repeat ("a", 161);
  g_autofree char *t306 = repeat ("a", 306);
  g_autofree char *t307 = repeat ("a", 307);
  CbzSmsCount count;

  cbz_sms_count ("", &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (count.parts, ==, 0);

  cbz_sms_count (t160, &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (count.units, ==, 160);
  g_assert_cmpuint (count.parts, ==, 1);
  g_assert_cmpuint (count.remaining, ==, 0);
  g_assert_cmpuint (count.units_per_part, ==, 160);

  cbz_sms_count (t161, &count);
  g_assert_cmpuint (count.parts, ==, 2);
  g_assert_cmpuint (count.units_per_part, ==, 153);
  g_assert_cmpuint (count.remaining, ==, 153 - 8);

  cbz_sms_count (t306, &count);
  g_assert_cmpuint (count.parts, ==, 2);
  cbz_sms_count (t307, &count);
  g_assert_cmpuint (count.parts, ==, 3);
}

static void
test_gsm7_keeps_spanish_letters (void)
{
  CbzSmsCount count;

  /* ñ Ñ é É ü Ü ¿ ¡ à è ì ò ù are in the GSM-7 alphabet. */
  cbz_sms_count ("¿Señor Muñoz? ¡Pagué! Über Ñandú", &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_UCS2); /* the ú of Ñandú */
  g_assert_cmpuint (count.first_non_gsm, ==, 0x00FA);

  cbz_sms_count ("¿Señor Muñoz? ¡Pagué! Über Ñandu, è ì ò ù à É Ü", &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (count.first_non_gsm, ==, 0);
  g_assert_cmpuint (count.units, ==, g_utf8_strlen ("¿Señor Muñoz? ¡Pagué! Über Ñandu, è ì ò ù à É Ü", -1));
}

static void
test_one_accent_switches_to_ucs2 (void)
{
  g_autofree char *t159 = repeat ("a", 159);
  g_autofree char *with_accent = g_strconcat (t159, "á", NULL);
  g_autofree char *t70 = repeat ("b", 69);
  g_autofree char *t70a = g_strconcat (t70, "á", NULL);
  g_autofree char *t71a = g_strconcat (t70, "áb", NULL);
  g_autofree char *t134 = repeat ("á", 134);
  g_autofree char *t135 = repeat ("á", 135);
  CbzSmsCount count;

  cbz_sms_count (t159, &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (count.parts, ==, 1);

  /* 160 characters: one part in GSM-7, three in UCS-2 because of one "á". */
  cbz_sms_count (with_accent, &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_UCS2);
  g_assert_cmpuint (count.units, ==, 160);
  g_assert_cmpuint (count.parts, ==, 3);
  g_assert_cmpuint (count.units_per_part, ==, 67);

  cbz_sms_count (t70a, &count);
  g_assert_cmpuint (count.units, ==, 70);
  g_assert_cmpuint (count.parts, ==, 1);
  g_assert_cmpuint (count.remaining, ==, 0);

  cbz_sms_count (t71a, &count);
  g_assert_cmpuint (count.units, ==, 71);
  g_assert_cmpuint (count.parts, ==, 2);

  cbz_sms_count (t134, &count);
  g_assert_cmpuint (count.parts, ==, 2);
  cbz_sms_count (t135, &count);
  g_assert_cmpuint (count.parts, ==, 3);
}

static void
test_extension_chars_count_two (void)
{
  g_autofree char *t158 = repeat ("a", 158);
  g_autofree char *euro = g_strconcat (t158, "€", NULL);
  g_autofree char *euro2 = g_strconcat (t158, "a€", NULL);
  g_autofree char *t152 = repeat ("a", 152);
  g_autofree char *split = g_strconcat (t152, "[", t152, NULL);
  const char *extension = "€[]{}\\~^|";
  CbzSmsCount count;
  guint septets;

  for (const char *p = extension; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_assert_true (cbz_sms_char_is_gsm7 (g_utf8_get_char (p), &septets));
      g_assert_cmpuint (septets, ==, 2);
    }
  g_assert_true (cbz_sms_char_is_gsm7 ('a', &septets));
  g_assert_cmpuint (septets, ==, 1);
  g_assert_false (cbz_sms_char_is_gsm7 (0x00E1 /* á */, &septets));
  g_assert_false (cbz_sms_char_is_gsm7 ('`', NULL));

  cbz_sms_count (euro, &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
  g_assert_cmpuint (count.units, ==, 160);
  g_assert_cmpuint (count.parts, ==, 1);

  cbz_sms_count (euro2, &count);
  g_assert_cmpuint (count.units, ==, 161);
  g_assert_cmpuint (count.parts, ==, 2);

  /* The escape sequence is never split across parts: 152 + 2 does not fit
   * in 153, so "[" starts part two. */
  cbz_sms_count (split, &count);
  g_assert_cmpuint (count.units, ==, 306);
  g_assert_cmpuint (count.parts, ==, 3);
}

static void
test_replace_accents (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "Le recordamos que su factura vence el día 5", "Le recordamos que su factura vence el dia 5" },
    { "áéíóú ÁÉÍÓÚ", "aéiou AÉIOU" },
    { "Ñandú pingüino Über año", "Ñandu pingüino Über año" },
    { "¿Pagó? ¡Gracias!", "¿Pago? ¡Gracias!" },
    { "“Hola” — ‘adiós’…", "\"Hola\" - 'adios'..." },
    { "ç â ê ô ã õ", "c a e o a o" },
    { "Total: €10 [ref]", "Total: €10 [ref]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cbz_sms_replace_accents (cases[i].in);
      CbzSmsCount count;

      g_assert_cmpstr (out, ==, cases[i].out);
      cbz_sms_count (out, &count);
      g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_GSM7);
    }

  /* An emoji has no GSM-7 spelling: kept, and the message stays UCS-2. */
  {
    g_autofree char *out = cbz_sms_replace_accents ("Gracias 🙏");
    CbzSmsCount count;

    g_assert_cmpstr (out, ==, "Gracias 🙏");
    cbz_sms_count (out, &count);
    g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_UCS2);
    g_assert_cmpuint (count.units, ==, 10); /* a surrogate pair is two units */
  }
}

static void
test_opt_out_keywords (void)
{
  const char *opt_out[] = {
    "STOP", "stop", "Stop.", " STOP ", "UNSUBSCRIBE", "end", "Quit", "STOPALL", "revoke",
    "OPTOUT", "cancel", "BAJA", "baja", "Baja!", "ALTO", "alto", "CANCELAR", "cancelar",
    "NO MAS", "No más", "no más mensajes", "NO  MÁS", "STOP please", "Baja por favor",
    "Cancelar suscripción", "ALTO.", "bája",
  };
  const char *expected[] = {
    "STOP", "STOP", "STOP", "STOP", "UNSUBSCRIBE", "END", "QUIT", "STOPALL", "REVOKE",
    "OPTOUT", "CANCEL", "BAJA", "BAJA", "BAJA", "ALTO", "ALTO", "CANCELAR", "CANCELAR",
    "NO MAS", "NO MAS", "NO MAS", "NO MAS", "STOP", "BAJA",
    "CANCELAR", "ALTO", "BAJA",
  };
  const char *not_opt_out[] = {
    "", "Hola, ya pagué", "Stopped by the bank", "Mañana pago", "No, más tarde te pago",
    "Bajamos mañana a pagar", "Please stop by", "Gracias", "No", "Cancelaré mañana",
    "Yes I will pay Friday",
  };
  const char *opt_in[] = { "START", "start", "Yes", "YES!", "unstop" };

  G_STATIC_ASSERT (G_N_ELEMENTS (opt_out) == G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (opt_out); i++)
    {
      g_autofree char *keyword = NULL;

      g_test_message ("opt-out: “%s”", opt_out[i]);
      g_assert_cmpint (cbz_opt_out_classify (opt_out[i], &keyword), ==, CBZ_REPLY_INTENT_OPT_OUT);
      g_assert_cmpstr (keyword, ==, expected[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_opt_out); i++)
    {
      g_autofree char *keyword = NULL;

      g_test_message ("not an opt-out: “%s”", not_opt_out[i]);
      g_assert_cmpint (cbz_opt_out_classify (not_opt_out[i], &keyword), ==, CBZ_REPLY_INTENT_NONE);
      g_assert_null (keyword);
    }

  for (guint i = 0; i < G_N_ELEMENTS (opt_in); i++)
    g_assert_cmpint (cbz_opt_out_classify (opt_in[i], NULL), ==, CBZ_REPLY_INTENT_OPT_IN);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/sms/gsm7-limits", test_gsm7_limits);
  g_test_add_func ("/outbox/sms/gsm7-spanish-letters", test_gsm7_keeps_spanish_letters);
  g_test_add_func ("/outbox/sms/accent-switches-to-ucs2", test_one_accent_switches_to_ucs2);
  g_test_add_func ("/outbox/sms/extension-counts-two", test_extension_chars_count_two);
  g_test_add_func ("/outbox/sms/replace-accents", test_replace_accents);
  g_test_add_func ("/outbox/opt-out/keywords", test_opt_out_keywords);

  return g_test_run ();
}
