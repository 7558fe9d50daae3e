/* import-test-util.c: what the import tests share
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "import-test-util.h"

CbzCsvImport *
load_fixture (const char *name,
              const char *country)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_get_fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CbzCsvImport *import = cbz_csv_import_new (file);

  cbz_csv_import_set_default_country (import, country != NULL ? country : "MX");
  cbz_csv_import_set_default_currency (import, "MXN");
  if (!cbz_csv_import_load (import, NULL, &error))
    g_error ("%s: %s", name, error->message);
  return import;
}

CbzStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CbzStore *store = cbz_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

CbzImportSummary *
import_into (CbzStore     *store,
             const char   *fixture,
             CbzImportMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCsvImport) import = load_fixture (fixture, NULL);
  CbzImportSummary *summary = cbz_import_writer_run (store, import, mode, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

/* The rows @sql returns, one line each, columns ending in "|". */
void
dump_query (CbzStore   *store,
            const char *sql,
            GString    *out)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

/* Every row of every portfolio table, in a stable order: two databases
 * with the same dump hold the same rows. */
char *
dump_database (CbzStore *store)
{
  static const char * const queries[] = {
    "SELECT * FROM debtors ORDER BY id",
    "SELECT * FROM debtor_tags ORDER BY debtor_id, tag",
    "SELECT * FROM invoices ORDER BY id",
    "SELECT * FROM payments ORDER BY id",
    "SELECT * FROM events ORDER BY id",
    "SELECT * FROM event_invoices ORDER BY event_id, invoice_id",
    "SELECT * FROM debtor_summaries ORDER BY debtor_id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_string_append_printf (out, "-- %s\n", queries[q]);
      dump_query (store, queries[q], out);
    }
  return g_string_free (out, FALSE);
}

gint64
query_int (CbzStore   *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
query_text (CbzStore   *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

gboolean
has_problem (CbzCsvImport   *import,
             CbzImportError  code,
             const char     *message)
{
  GPtrArray *problems = cbz_csv_import_get_problems (import);

  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *p = g_ptr_array_index (problems, i);

      if (p->code == code && g_str_equal (p->message, message))
        return TRUE;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("problem %d: %s", p->code, p->message);
    }
  return FALSE;
}


/* A failed import leaves the portfolio exactly as it was: the same rows, and
 * (with the file closed) the same bytes. */
void
assert_import_refused (const char     *fixture,
                       CbzImportError  code,
                       const char     *message)
{
  g_autofree char *path = cbz_test_build_tmp_path ("refused.db");
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *bytes_before = NULL;
  g_autofree char *bytes_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCsvImport) import = NULL;
  CbzImportSummary *summary;
  CbzStore *store;

  store = open_store (path);
  cbz_import_summary_free (import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING));
  rows_before = dump_database (store);
  g_object_unref (store);
  bytes_before = file_checksum (path);

  store = open_store (path);
  import = load_fixture (fixture, NULL);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, CBZ_IMPORT_ERROR, (int) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  rows_after = dump_database (store);
  g_object_unref (store);
  bytes_after = file_checksum (path);

  g_assert_cmpstr (rows_after, ==, rows_before);
  g_assert_cmpstr (bytes_after, ==, bytes_before);
}

CbzCsvImport *
load_text (const char *name,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_build_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CbzCsvImport *import;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  import = cbz_csv_import_new (file);
  cbz_csv_import_set_default_country (import, "MX");
  cbz_csv_import_set_default_currency (import, "MXN");
  if (!cbz_csv_import_load (import, NULL, &error))
    g_error ("%s: %s", name, error->message);
  return import;
}
