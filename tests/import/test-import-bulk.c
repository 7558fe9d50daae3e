/* test-import-bulk.c: big first imports, their indexes, and kill -9
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <signal.h>

#include "cbz-csv-reader.h"
#include "import-test-util.h"

/* Big imports into a small table rebuild the secondary indexes at the end
 * instead of updating them row by row, and build the search index on a
 * second thread: they must all be back, and a second import of the same
 * file must find every invoice again. */
static void
test_import_bulk (void)
{
  g_autofree char *csv = cbz_test_build_tmp_path ("bulk.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("bulk.db");
  g_autoptr(GString) text = g_string_new ("Cliente;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) first = NULL;
  g_autoptr(CbzImportSummary) second = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  gint64 indexes_before = query_int (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices'");
  g_autofree char *all_indexes_before = query_text (store, "SELECT group_concat (name || ':' || COALESCE (sql, ''), char (10))"
                                                           " FROM (SELECT * FROM sqlite_master WHERE type = 'index' ORDER BY name)");
  g_autofree char *all_indexes_after = NULL;

  /* 12,000 invoices of 1,200 customers, the customers interleaved. */
  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente Número %u;F-%05u;%02u/%02u/2026;\"1.%03u,50\";%u,00\n",
                            i % 1200, i, 1 + i % 28, 1 + i % 12, i % 1000, i % 500);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  /* This connection reads the (empty) search index first, as a window
   * would have. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero%'"), ==, 0);

  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cbz_csv_import_get_n_valid_rows (import), ==, 12000);

  first = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->customers_created, ==, 1200);
  g_assert_cmpuint (first->invoices_created, ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices'"),
                   ==, indexes_before);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
  /* The customers' and summaries' indexes, dropped for the first import,
   * are all back as they were. */
  all_indexes_after = query_text (store, "SELECT group_concat (name || ':' || COALESCE (sql, ''), char (10))"
                                         " FROM (SELECT * FROM sqlite_master WHERE type = 'index' ORDER BY name)");
  g_assert_cmpstr (all_indexes_after, ==, all_indexes_before);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors INDEXED BY debtors_name_key WHERE name_key >= 'cliente numero 600'"),
                   ==, query_int (store, "SELECT count(*) FROM debtors WHERE name_key >= 'cliente numero 600'"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries INDEXED BY debtor_summaries_open_balance WHERE open_balance > 0"),
                   ==, query_int (store, "SELECT count(*) FROM debtor_summaries WHERE open_balance > 0"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE kind = 'import'"), ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_summaries"), ==, 1200);
  /* The events are the ones cbz_store_add_event() writes for the import. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE direction = 'internal'"
                                     " AND channel IS NULL AND delivery_state IS NULL"
                                     " AND provider_message_id IS NULL AND attachment IS NULL"
                                     " AND summary LIKE 'Imported from “%bulk.csv”'"
                                     " AND body = 'New customer' || char (10) || '10 new invoices'"
                                     " AND json_extract (data, '$.invoices_created') = 10"
                                     " AND json_extract (data, '$.file') LIKE '%bulk.csv'"), ==, 1200);
  /* The search index was built beside the writing (cbz-search-builder.c):
   * it holds what cbz_store_refresh_summaries() would have put in it, this
   * connection (which searched before the import) reads it, everyone is
   * found by name and by invoice number, fts5 agrees with itself, and
   * merging is back on. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors d JOIN debtor_search_content c ON c.id = d.id"
                                     " WHERE c.c0 = cbz_search_key (d.name) AND c.c1 = COALESCE (d.tax_id, '')"
                                     " AND c.c2 = COALESCE ((SELECT group_concat (number, ' ') FROM"
                                     "   (SELECT number FROM invoices WHERE debtor_id = d.id ORDER BY number)), '')"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search"), ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%F-01234%'"),
                   ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%F-0%'"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero 1199%'"),
                   ==, 1);
  g_assert_cmpint (query_int (store, "SELECT v FROM debtor_search_config WHERE k = 'automerge'"), ==, 4);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  second = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->invoices_created, ==, 0);
  g_assert_cmpuint (second->invoices_unchanged, ==, 12000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 12000);

  /* fts5 goes on from the copied index: a renamed customer is found by
   * the new name only, and the index still agrees with itself. */
  {
    const gint64 renamed[] = { 5 };

    g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                   "UPDATE debtors SET name = 'Zapatería Única' WHERE id = 5",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (cbz_store_refresh_summaries (store, renamed, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (query_int (store, "SELECT rowid FROM debtor_search WHERE name LIKE '%zapateria unica%'"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE name LIKE '%numero%'"), ==, 1199);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A first big import whose file names one invoice twice: the second row
 * updates the first, the summaries and the search index are computed in
 * SQL instead, and the index built beside the writing is dropped (its
 * thread stopped) without a trace. */
static void
test_import_bulk_repeated_invoice (void)
{
  g_autofree char *csv = cbz_test_build_tmp_path ("bulk-repeated.csv");
  g_autofree char *path = cbz_test_build_tmp_path ("bulk-repeated.db");
  g_autoptr(GString) text = g_string_new ("Cliente;RFC;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(GError) error = NULL;

  /* Customer 7 with its RFC... */
  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente %u;%s;R-%05u;%02u/%02u/2026;\"1.%03u,00\";%u,00\n",
                            i % 1200, i % 1200 == 7 ? "GODE561231GR8" : "", i, 1 + i % 28, 1 + i % 12,
                            i % 1000, 1 + i % 500);
  /* ...and by name only (checking cannot tell them apart), with its
   * invoice R-00007 again and a new balance. */
  g_string_append (text, "CLIENTE 7;;R-00007;08/08/2026;\"1.007,00\";99,00\n");
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);

  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_created, ==, 12000);
  g_assert_cmpuint (summary->invoices_updated, ==, 1);
  g_assert_cmpint (query_int (store, "SELECT balance FROM invoices WHERE number = 'R-00007'"), ==, 9900);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors d JOIN debtor_search_content c ON c.id = d.id"
                                     " WHERE c.c0 = cbz_search_key (d.name) AND c.c1 = COALESCE (d.tax_id, '')"
                                     " AND c.c2 = COALESCE ((SELECT group_concat (number, ' ') FROM"
                                     "   (SELECT number FROM invoices WHERE debtor_id = d.id ORDER BY number)), '')"),
                   ==, 1200);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtor_search WHERE numbers LIKE '%R-00007%'"), ==, 1);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store),
                                 "INSERT INTO debtor_search (debtor_search, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* 12,000 invoice rows of 1,200 new customers: enough to be a bulk import. */
static CbzCsvImport *
load_bulk_import (const char *name)
{
  g_autofree char *csv = cbz_test_build_tmp_path (name);
  g_autoptr(GString) text = g_string_new ("Cliente;Factura;Vencimiento;Monto;Saldo\n");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  CbzCsvImport *import;

  for (guint i = 0; i < 12000; i++)
    g_string_append_printf (text, "Cliente Nuevo %u;BK-%05u;%02u/%02u/2026;\"2.%03u,00\";%u,00\n",
                            i % 1200, i, 1 + i % 28, 1 + i % 12, i % 1000, i % 700);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  import = cbz_csv_import_new (file);
  g_assert_true (cbz_csv_import_load (import, NULL, &error));
  g_assert_no_error (error);
  return import;
}

/* A VFS that passes everything to the default one and kills the process
 * at the Nth write of a page beyond the database's size at the start: a
 * power cut halfway through writing a big commit into the file. */
typedef struct
{
  sqlite3_file  base;
  gboolean      main_db;
  sqlite3_file *real;      /* follows this struct in the same allocation */
} CrashFile;

static sqlite3_vfs *crash_real_vfs;
static int crash_writes_left;
static sqlite3_int64 crash_from_offset;

#define REAL(f) (((CrashFile *) (f))->real)

static int crash_close (sqlite3_file *f) { return REAL (f)->pMethods->xClose (REAL (f)); }
static int crash_read (sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return REAL (f)->pMethods->xRead (REAL (f), b, n, o); }
static int crash_truncate (sqlite3_file *f, sqlite3_int64 s) { return REAL (f)->pMethods->xTruncate (REAL (f), s); }
static int crash_sync (sqlite3_file *f, int flags) { return REAL (f)->pMethods->xSync (REAL (f), flags); }
static int crash_file_size (sqlite3_file *f, sqlite3_int64 *s) { return REAL (f)->pMethods->xFileSize (REAL (f), s); }
static int crash_lock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xLock (REAL (f), l); }
static int crash_unlock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int crash_check_reserved (sqlite3_file *f, int *r) { return REAL (f)->pMethods->xCheckReservedLock (REAL (f), r); }
static int crash_file_control (sqlite3_file *f, int op, void *a) { return REAL (f)->pMethods->xFileControl (REAL (f), op, a); }
static int crash_sector_size (sqlite3_file *f) { return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int crash_device (sqlite3_file *f) { return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }
static int crash_shm_map (sqlite3_file *f, int r, int s, int e, void volatile **p) { return REAL (f)->pMethods->xShmMap (REAL (f), r, s, e, p); }
static int crash_shm_lock (sqlite3_file *f, int o, int n, int fl) { return REAL (f)->pMethods->xShmLock (REAL (f), o, n, fl); }
static void crash_shm_barrier (sqlite3_file *f) { REAL (f)->pMethods->xShmBarrier (REAL (f)); }
static int crash_shm_unmap (sqlite3_file *f, int d) { return REAL (f)->pMethods->xShmUnmap (REAL (f), d); }

static int
crash_write (sqlite3_file  *f,
             const void    *buffer,
             int            n,
             sqlite3_int64  offset)
{
  if (((CrashFile *) f)->main_db && offset >= crash_from_offset && --crash_writes_left == 0)
    raise (SIGKILL);
  return REAL (f)->pMethods->xWrite (REAL (f), buffer, n, offset);
}

static const sqlite3_io_methods crash_io_methods = {
  2, crash_close, crash_read, crash_write, crash_truncate, crash_sync, crash_file_size,
  crash_lock, crash_unlock, crash_check_reserved, crash_file_control, crash_sector_size,
  crash_device, crash_shm_map, crash_shm_lock, crash_shm_barrier, crash_shm_unmap,
  NULL, NULL,
};

static int
crash_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *f,
            int           flags,
            int          *out_flags)
{
  CrashFile *file = (CrashFile *) f;
  int rc;

  file->real = (sqlite3_file *) (file + 1);
  file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = crash_real_vfs->xOpen (crash_real_vfs, name, file->real, flags, out_flags);
  /* sqlite calls xClose only when pMethods is set. */
  file->base.pMethods = file->real->pMethods != NULL ? &crash_io_methods : NULL;
  return rc;
}

static void
install_crash_vfs (const char *path,
                   int         writes)
{
  static sqlite3_vfs vfs;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  crash_from_offset = st.st_size;
  crash_real_vfs = sqlite3_vfs_find (NULL);
  vfs = *crash_real_vfs;
  vfs.szOsFile = sizeof (CrashFile) + crash_real_vfs->szOsFile;
  vfs.zName = "cbz-crash";
  vfs.xOpen = crash_open;
  crash_writes_left = writes;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 1), ==, SQLITE_OK);
}

/* A bulk import killed while its commit is being written into the file
 * leaves the portfolio as it was: the rollback journal it writes with
 * (instead of WAL) restores the pages, and the file goes back to WAL. */
static void
test_import_bulk_crash (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mode = NULL;

  /* The child has a temporary folder of its own: it is told the file. */
  if (g_test_subprocess ())
    {
      const char *child_path = g_getenv ("CBZ_TEST_CRASH_DB");
      g_autoptr(CbzStore) store = NULL;
      g_autoptr(CbzCsvImport) import = load_bulk_import ("bulk-crash.csv");

      install_crash_vfs (child_path, 10);
      store = open_store (child_path);
      cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, NULL);
      /* Not reached when the commit wrote to the file. */
      return;
    }

  path = cbz_test_build_tmp_path ("bulk-crash.db");
  {
    g_autoptr(CbzStore) store = open_store (path);
    g_autoptr(CbzImportSummary) first = import_into (store, "import-utf8.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);

    before = dump_database (store);
  }
  g_setenv ("CBZ_TEST_CRASH_DB", path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* The journal is hot: the crash came in the middle of the commit. */
  {
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (journal, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
  }

  {
    g_autoptr(CbzStore) store = open_store (path);

    g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
    after = dump_database (store);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices WHERE number LIKE 'BK-%'"), ==, 0);
    mode = query_text (store, "PRAGMA journal_mode");
    g_assert_cmpstr (mode, ==, "wal");
  }
}

/* A bulk import writes with a rollback journal only when it has the file to
 * itself; with another connection open it stays in WAL, and either way the
 * file is in WAL afterwards. */
static void
test_import_bulk_journal (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("bulk-journal.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzStore) other = open_store (path);
  g_autoptr(CbzCsvImport) import = load_bulk_import ("bulk-journal.csv");
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  /* The other connection has read the file: it holds it open. */
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM debtors"), ==, 0);
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_created, ==, 12000);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  /* The commit went through the WAL, and the other connection sees it. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM invoices"), ==, 12000);
  g_clear_object (&other);
  g_clear_pointer (&summary, cbz_import_summary_free);
  g_clear_pointer (&mode, g_free);

  /* Alone now: the re-import (all unchanged) runs with a journal and
   * leaves the file in WAL. */
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->invoices_unchanged, ==, 12000);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/import/bulk", test_import_bulk);
  g_test_add_func ("/import/bulk/crash", test_import_bulk_crash);
  g_test_add_func ("/import/bulk/journal", test_import_bulk_journal);
  g_test_add_func ("/import/bulk/repeated-invoice", test_import_bulk_repeated_invoice);

  return g_test_run ();
}
