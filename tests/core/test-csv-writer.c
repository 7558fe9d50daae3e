/* test-csv-writer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-csv-writer.h"
#include "cbz-test-util.h"

static char *
cell (const char *text)
{
  GString *out = g_string_new (NULL);

  cbz_csv_append_text_cell (out, text);
  return g_string_free (out, FALSE);
}

static void
assert_cell (const char *text,
             const char *expected)
{
  g_autofree char *written = cell (text);

  g_assert_cmpstr (written, ==, expected);
}

static void
test_text_cells (void)
{
  assert_cell (NULL, "");
  assert_cell ("", "");
  assert_cell ("Abarrotes Núñez", "Abarrotes Núñez");
  assert_cell ("Pérez, Juan", "\"Pérez, Juan\"");
  assert_cell ("El \"Sol\"", "\"El \"\"Sol\"\"\"");
  assert_cell ("Piso 3\nOficina 2", "\"Piso 3\nOficina 2\"");

  /* OWASP's formula starts: an apostrophe, and quoted. */
  assert_cell ("=HYPERLINK(\"http://evil.example\",\"click\")",
               "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"");
  assert_cell ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"");
  assert_cell ("@SUM(1+1)", "\"'@SUM(1+1)\"");
  assert_cell ("-2+3", "\"'-2+3\"");
  assert_cell ("\t=1+2", "\"'\t=1+2\"");
  assert_cell ("\r=1+2", "\"'\r=1+2\"");
  assert_cell ("+525581253952", "\"'+525581253952\"");
  /* Only the first character counts. */
  assert_cell ("Total =SUM(A1)", "Total =SUM(A1)");
  assert_cell ("a-b@c", "a-b@c");

  g_assert_true (cbz_csv_text_is_formula ("=1"));
  g_assert_false (cbz_csv_text_is_formula ("1="));
  g_assert_false (cbz_csv_text_is_formula (NULL));
}

static void
test_unguard (void)
{
  const char *samples[] = { "=1+1", "+52 55", "@x", "-3", "\tx", "\rx", "plain", "'quoted'", "", "'" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *written = cell (samples[i]);
      g_autofree char *unquoted = NULL;

      /* What a CSV reader hands over: the cell without its quotes. */
      if (written[0] == '"')
        {
          g_autoptr(GString) inner = g_string_new (NULL);

          for (const char *p = written + 1; p[1] != '\0'; p++)
            {
              if (p[0] == '"' && p[1] == '"')
                p++;
              g_string_append_c (inner, *p);
            }
          unquoted = g_string_free (g_steal_pointer (&inner), FALSE);
        }
      else
        unquoted = g_strdup (written);
      g_assert_cmpstr (cbz_csv_cell_unguard (unquoted), ==, samples[i]);
    }
  /* An apostrophe before anything else is the text's own. */
  g_assert_cmpstr (cbz_csv_cell_unguard ("'Rock'n'roll"), ==, "'Rock'n'roll");
}

static void
test_rows (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CbzCsvWriter) writer = cbz_csv_writer_new (out);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;

  cbz_csv_writer_add_text (writer, "cliente");
  cbz_csv_writer_add_text (writer, "monto");
  cbz_csv_writer_add_text (writer, "piezas");
  g_assert_true (cbz_csv_writer_end_row (writer, NULL, &error));

  cbz_csv_writer_add_text (writer, "=1+1");
  cbz_csv_writer_add_amount (writer, -1250, "MXN");
  cbz_csv_writer_add_integer (writer, -3);
  g_assert_true (cbz_csv_writer_end_row (writer, NULL, &error));

  cbz_csv_writer_add_text (writer, NULL);
  cbz_csv_writer_add_amount (writer, 1500000, "CLP");
  cbz_csv_writer_add_integer (writer, 0);
  g_assert_true (cbz_csv_writer_end_row (writer, NULL, &error));

  cbz_csv_writer_add_text (writer, "Sin decimales");
  cbz_csv_writer_add_amount (writer, 5, "MXN");
  cbz_csv_writer_add_amount (writer, G_MININT64, "MXN");
  g_assert_true (cbz_csv_writer_end_row (writer, NULL, &error));

  /* Nothing reaches the stream until a flush or a full buffer. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
  g_assert_true (cbz_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));

  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), len);
  g_assert_cmpstr (text, ==,
                   "cliente,monto,piezas\r\n"
                   "\"'=1+1\",-12.50,-3\r\n"
                   ",1500000,0\r\n"
                   "Sin decimales,0.05,-92233720368547758.08\r\n");
}

static void
test_large (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CbzCsvWriter) writer = cbz_csv_writer_new (out);
  g_autoptr(GError) error = NULL;
  gsize written;

  /* Large output goes out in blocks, whole rows each. */
  for (guint i = 0; i < 20000; i++)
    {
      cbz_csv_writer_add_text (writer, "Distribuidora del Bajío, S.A. de C.V.");
      cbz_csv_writer_add_amount (writer, (gint64) i * 101, "MXN");
      g_assert_true (cbz_csv_writer_end_row (writer, NULL, &error));
      g_assert_no_error (error);
    }
  written = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (written, >, 0);
  g_assert_cmpint (((const char *) g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)))[written - 1], ==, '\n');
  g_assert_true (cbz_csv_writer_flush (writer, NULL, &error));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), >, written);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv-writer/text-cells", test_text_cells);
  g_test_add_func ("/core/csv-writer/unguard", test_unguard);
  g_test_add_func ("/core/csv-writer/rows", test_rows);
  g_test_add_func ("/core/csv-writer/large", test_large);

  return g_test_run ();
}
