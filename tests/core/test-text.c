/* test-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-test-util.h"
#include "cbz-text.h"

static void
assert_key (const char *name,
            const char *expected)
{
  g_autofree char *key = cbz_text_normalize_name (name);

  g_assert_cmpstr (key, ==, expected);
}

static void
test_text_normalize_name (void)
{
  assert_key ("  Ferretería  LÓPEZ, S.A. de C.V.", "ferreteria lopez s a de c v");
  assert_key ("FERRETERIA LOPEZ SA DE CV", "ferreteria lopez sa de cv");
  assert_key ("Muñoz & Peña Ltda.", "munoz pena ltda");
  assert_key ("MUÑOZ Y PEÑA", "munoz y pena");
  assert_key ("São Paulo Comércio", "sao paulo comercio");
  assert_key ("Straße", "strasse");
  assert_key ("Ｔｅｘｔｉｌｅｓ　Ｎｏｒｔｅ", "textiles norte");  /* full-width */
  assert_key ("Distribuidora\tdel\nNorte", "distribuidora del norte");
  assert_key ("", "");
  assert_key (" --- ", "");
  assert_key ("Café\xff Roma", "cafe roma");  /* invalid UTF-8 is not fatal */
  assert_key ("Año 2000", "ano 2000");
}

/* Latin-1 letters are folded without Unicode normalisation; a name with
 * one character outside that range takes the slow path. Both must agree, or
 * the same customer would get two keys. */
static void
test_text_fast_path_agrees (void)
{
  static const char * const names[] = {
    "ÀÁÂÃÄÅ àáâãäå ÇçÈÉÊË èéêë ÌÍÎÏ ìíîï Ññ ÒÓÔÕÖ òóôõö ÙÚÛÜ ùúûü Ýýÿ",
    "Æsir Ðanish Øster Þórr Straße ×÷ ª º ¹²³ «Cía.» ¿Qué? ¡Sí!", "µ-Electrónica",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *fast = cbz_text_normalize_name (names[i]);
      g_autofree char *slow_input = g_strconcat (names[i], " \u2019", NULL);  /* ’ forces the slow path */
      g_autofree char *slow = cbz_text_normalize_name (slow_input);

      g_assert_cmpstr (fast, ==, slow);
    }
}

static void
test_text_normalize_into (void)
{
  g_autoptr(GString) out = g_string_new ("prefix:");

  cbz_text_normalize_name_into ("Ópticas  Ruiz", 11, out);
  g_assert_cmpstr (out->str, ==, "prefix:opticas r");
}

static void
test_text_strip (void)
{
  char a[] = "\u00a0 hola mundo \t\u2003";
  char b[] = "   ";
  char c[] = "x";

  g_assert_cmpstr (cbz_text_strip (a), ==, "hola mundo");
  g_assert_cmpstr (cbz_text_strip (b), ==, "");
  g_assert_cmpstr (cbz_text_strip (c), ==, "x");
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text/normalize-name", test_text_normalize_name);
  g_test_add_func ("/core/text/fast-path-agrees", test_text_fast_path_agrees);
  g_test_add_func ("/core/text/normalize-into", test_text_normalize_into);
  g_test_add_func ("/core/text/strip", test_text_strip);

  return g_test_run ();
}
