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
  g_test_add_func ("/core/text/normalize-into", test_text_normalize_into);
  g_test_add_func ("/core/text/strip", test_text_strip);

  return g_test_run ();
}
