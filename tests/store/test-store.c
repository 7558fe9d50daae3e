/* test-store.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cbz-demo.h"
#include "cbz-store-private.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  int y, m, d;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static CbzStore *
open_store_on (const char *path,
               const char *today)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  CbzStore *store;

  set_date (&date, today);
  store = cbz_store_open_full (path, &date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static int
latest_schema_version (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children ("/io/github/cobranza/Cobranza/sql",
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  int latest = 0;

  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    latest = MAX (latest, atoi (names[i]));
  return latest;
}

static gint64
add_debtor (CbzStore   *store,
            const char *name,
            const char *tax_id,
            const char *currency)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(GError) error = NULL;

  debtor->name = g_strdup (name);
  debtor->tax_id = g_strdup (tax_id);
  g_free (debtor->currency);
  debtor->currency = g_strdup (currency);
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (debtor->id, >, 0);
  return debtor->id;
}

static gint64
add_invoice (CbzStore         *store,
             gint64            debtor_id,
             const char       *number,
             const char       *due_date,
             const char       *currency,
             gint64            amount,
             gint64            balance,
             CbzInvoiceStatus  status)
{
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;

  invoice->debtor_id = debtor_id;
  invoice->number = g_strdup (number);
  invoice->due_date = g_strdup (due_date);
  invoice->currency = g_strdup (currency);
  invoice->amount = amount;
  invoice->balance = balance;
  invoice->status = status;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

static void
test_open_creates_folder (void)
{
  g_autofree char *dir = cbz_test_build_tmp_path ("nested");
  g_autofree char *path = g_build_filename (dir, "deeper", "cobranza.sqlite", NULL);
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *journal = NULL;
  sqlite3 *db;

  store = open_store_on (path, "2026-03-15");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (cbz_store_get_path (store), ==, path);
  g_assert_cmpint (cbz_store_get_schema_version (store), ==, latest_schema_version ());
  g_assert_null (cbz_store_get_backup_path (store));
  g_assert_cmpstr (cbz_store_get_today (store), ==, "2026-03-15");

  db = cbz_store_get_handle (store);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int64 (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, latest_schema_version ());
}

/* Builds a file exactly as the first release left it: only 0001 applied. */
static void
make_v1_file (const char *path)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  bytes = g_resources_lookup_data ("/io/github/cobranza/Cobranza/sql/0001-initial.sql",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA user_version = 1;"
                                 "INSERT INTO debtors (id, name, name_key, tax_id, created_at, updated_at)"
                                 " VALUES (7, 'Ferretería Núñez', 'ferreteria nunez', 'FNU010101AB1', 0, 0);"
                                 "INSERT INTO invoices (id, debtor_id, number, due_date, currency, amount,"
                                 " balance, created_at, updated_at)"
                                 " VALUES (5, 7, 'A-900', '2026-01-01', 'MXN', 150000, 150000, 0, 0);"
                                 "INSERT INTO events (id, debtor_id, occurred_at, kind, summary)"
                                 " VALUES (3, 7, 0, 'note', 'Llamar el lunes');"
                                 "INSERT INTO event_invoices (event_id, invoice_id) VALUES (3, 5);"
                                 "INSERT INTO payments (debtor_id, invoice_id, paid_on, currency, amount, created_at)"
                                 " VALUES (7, 5, '2025-12-01', 'MXN', 100, 0);",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrations_from_v1 (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("v1.sqlite");
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_base = NULL;
  const char *backup;
  sqlite3 *copy = NULL;
  sqlite3 *db;

  make_v1_file (path);

  store = open_store_on (path, "2026-03-15");
  g_assert_cmpint (cbz_store_get_schema_version (store), ==, latest_schema_version ());

  /* The backup sits next to the file, named after the old version. */
  backup = cbz_store_get_backup_path (store);
  g_assert_nonnull (backup);
  backup_base = g_path_get_basename (backup);
  g_assert_true (g_str_has_prefix (backup, path));
  g_assert_true (g_str_has_prefix (backup_base + strlen (strrchr (path, '/') + 1), ".backup-v1-"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (sqlite3_open_v2 (backup, &copy, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int64 (copy, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int64 (copy, "SELECT COUNT(*) FROM invoices"), ==, 1);
  sqlite3_close (copy);

  /* The data came through, the new search index was filled from it and the
   * summaries were computed on open. */
  db = cbz_store_get_handle (store);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM debtor_search WHERE numbers LIKE '%a-900%'"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT overdue_balance FROM debtor_summaries WHERE debtor_id = 7"), ==, 150000);
  g_assert_cmpint (query_int64 (db, "SELECT days_overdue FROM debtor_summaries WHERE debtor_id = 7"), ==, 73);

  /* The rebuilt invoices and events (0005) kept their rows, the rows that
   * refer to them, and their indexes; foreign keys are on again; and the
   * CHECKs spelled with OR still refuse what the IN lists refused. */
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM event_invoices WHERE event_id = 3 AND invoice_id = 5"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM payments WHERE invoice_id = 5"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM events WHERE id = 3 AND direction = 'internal'"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (query_int64 (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                                    " ('invoices_debtor_due', 'events_debtor_time', 'events_provider_message')"),
                   ==, 3);
  /* 0007 dropped the index nothing read. */
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'invoices_number'"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE invoices SET status = 'closed' WHERE id = 5", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE invoices SET status = 'written-off' WHERE id = 5", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET direction = 'sideways' WHERE id = 3", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM debtors WHERE id = 7", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM invoices"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM event_invoices"), ==, 0);

  /* The migrated file has the schema a new file gets. */
  {
    g_autofree char *new_path = cbz_test_build_tmp_path ("new.sqlite");
    g_autoptr(CbzStore) fresh = open_store_on (new_path, "2026-03-15");
    static const char schema_sql[] =
      "SELECT group_concat (type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE (sql, ''), char (10))"
      " FROM (SELECT * FROM sqlite_master ORDER BY name)";
    g_autofree char *migrated_schema = query_text (db, schema_sql);
    g_autofree char *new_schema = query_text (cbz_store_get_handle (fresh), schema_sql);

    g_assert_cmpstr (migrated_schema, ==, new_schema);
  }

  /* Opening again finds nothing to migrate: no second backup. */
  g_clear_object (&store);
  store = open_store_on (path, "2026-03-15");
  g_assert_null (cbz_store_get_backup_path (store));
  g_assert_no_error (error);
}

/* A migration that rebuilds tables with foreign keys off checks them before
 * it commits: a file with a dangling reference is not updated past it. */
static void
test_migrations_foreign_key_check (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("dangling.sqlite");
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  sqlite3 *db = NULL;

  make_v1_file (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO invoices (debtor_id, number, due_date, currency, amount,"
                                 " balance, created_at, updated_at)"
                                 " VALUES (99, 'B-1', '2026-01-01', 'MXN', 1, 1, 0, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "0005-checks.sql"));
  g_assert_nonnull (strstr (error->message, "invoices"));

  /* Nothing of 0005 stayed; the earlier migrations did. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'invoices' AND sql LIKE '%status IN (%'"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT COUNT(*) FROM invoices"), ==, 2);
  sqlite3_close (db);
}

static void
count_changed_cb (CbzStore *store,
                  guint    *count)
{
  (*count)++;
}

static void
test_transactions_nested (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tx.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  guint changed = 0;
  gint64 id;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed_cb), &changed);

  g_assert_true (cbz_store_begin (store, &error));
  id = add_debtor (store, "Abarrotes La Esperanza", "AES010101AA1", "MXN");
  g_assert_cmpuint (changed, ==, 0);

  g_assert_true (cbz_store_begin (store, &error));
  add_invoice (store, id, "X-1", "2026-03-01", "MXN", 100, 100, CBZ_INVOICE_STATUS_OPEN);
  cbz_store_rollback (store);
  g_assert_true (cbz_store_in_transaction (store));

  g_assert_true (cbz_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (cbz_store_in_transaction (store));
  g_assert_cmpuint (changed, ==, 1);

  invoices = cbz_store_list_invoices (store, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 0);
  {
    g_autoptr(CbzDebtor) kept = cbz_store_get_debtor (store, id, &error);

    g_assert_nonnull (kept);
  }

  /* A rolled-back outer transaction leaves nothing and says nothing. */
  g_assert_true (cbz_store_begin (store, &error));
  add_debtor (store, "Transportes del Bajío", NULL, "MXN");
  cbz_store_rollback (store);
  g_assert_cmpint (cbz_store_count_debtors (store, &error), ==, 1);
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_debtor_round_trip (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("debtor.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(CbzDebtor) read = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  const char *wanted_tags[] = { "gobierno", "mayoreo", NULL };

  debtor->name = g_strdup ("Distribuidora Pérez-Soto, S.A. de C.V.");
  debtor->tax_id = g_strdup ("DPS050505AB1");
  debtor->tax_id_kind = g_strdup ("RFC");
  debtor->contact_person = g_strdup ("Lucía Ibáñez");
  debtor->phone = g_strdup ("+525512345678");
  debtor->whatsapp = g_strdup ("+525587654321");
  debtor->email = g_strdup ("pagos@perezsoto.com.mx, lucia@perezsoto.com.mx");
  debtor->city = g_strdup ("Ciudad de México");
  debtor->country = g_strdup ("MX");
  debtor->opt_out_sms = TRUE;
  g_strfreev (debtor->tags);
  debtor->tags = g_strdupv ((char **) (const char * const []) { "mayoreo", "gobierno", NULL });

  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);

  read = cbz_store_get_debtor (store, debtor->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, debtor->name);
  g_assert_cmpstr (read->name_key, ==, "distribuidora perez soto s a de c v");
  g_assert_cmpstr (read->tax_id, ==, "DPS050505AB1");
  g_assert_cmpstr (read->contact_person, ==, "Lucía Ibáñez");
  g_assert_cmpstr (read->whatsapp, ==, "+525587654321");
  g_assert_cmpstr (read->language, ==, "es");
  g_assert_cmpstr (read->currency, ==, "MXN");
  g_assert_true (cbz_debtor_get_opt_out (read, CBZ_EVENT_CHANNEL_SMS));
  g_assert_false (cbz_debtor_get_opt_out (read, CBZ_EVENT_CHANNEL_EMAIL));
  g_assert_cmpstrv (read->tags, wanted_tags);

  tags = cbz_store_list_tags (store, &error);
  g_assert_cmpstrv (tags, wanted_tags);

  g_assert_null (cbz_store_get_debtor (store, 999, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

typedef struct
{
  gint64  open_count;
  gint64  open_balance;
  gint64  overdue_balance;
  gint64  days_overdue;
  gint64  other_currencies;
  gint64  last_contact_at;
  char   *oldest_due_date;
} Summary;

static void
read_summary (CbzStore *store,
              gint64    debtor_id,
              Summary  *summary)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store),
                                       "SELECT open_count, open_balance, overdue_balance, days_overdue,"
                                       " other_currencies, COALESCE (last_contact_at, 0), oldest_due_date"
                                       " FROM debtor_summaries WHERE debtor_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  summary->open_count = sqlite3_column_int64 (stmt, 0);
  summary->open_balance = sqlite3_column_int64 (stmt, 1);
  summary->overdue_balance = sqlite3_column_int64 (stmt, 2);
  summary->days_overdue = sqlite3_column_int64 (stmt, 3);
  summary->other_currencies = sqlite3_column_int64 (stmt, 4);
  summary->last_contact_at = sqlite3_column_int64 (stmt, 5);
  g_free (summary->oldest_due_date);
  summary->oldest_due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  sqlite3_finalize (stmt);
}

static gint64
fill_aggregate_debtor (CbzStore *store)
{
  gint64 id = add_debtor (store, "Constructora Álvarez", "CAL990101XY2", "MXN");

  /* today 2026-03-15 */
  add_invoice (store, id, "A-1", "2026-03-20", "MXN", 100000, 100000, CBZ_INVOICE_STATUS_OPEN);        /* not due */
  add_invoice (store, id, "A-2", "2026-03-15", "MXN", 50000, 50000, CBZ_INVOICE_STATUS_OPEN);          /* due today: not overdue */
  add_invoice (store, id, "A-3", "2026-03-10", "MXN", 200000, 150000, CBZ_INVOICE_STATUS_PARTIALLY_PAID); /* 5 days */
  add_invoice (store, id, "A-4", "2025-12-01", "MXN", 300000, 300000, CBZ_INVOICE_STATUS_DISPUTED);    /* 104 days */
  add_invoice (store, id, "A-5", "2025-01-01", "MXN", 900000, 0, CBZ_INVOICE_STATUS_PAID);             /* paid */
  add_invoice (store, id, "A-6", "2024-06-01", "MXN", 700000, 700000, CBZ_INVOICE_STATUS_WRITTEN_OFF); /* written off */
  add_invoice (store, id, "U-1", "2026-01-01", "USD", 50000, 50000, CBZ_INVOICE_STATUS_OPEN);          /* other currency */
  return id;
}

static void
test_summaries_aggregates (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("agg.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(CbzEvent) call = NULL;
  g_autoptr(CbzEvent) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  Summary s = { 0 };
  gint64 id;

  id = fill_aggregate_debtor (store);
  read_summary (store, id, &s);
  g_assert_cmpint (s.open_count, ==, 5);
  g_assert_cmpint (s.open_balance, ==, 100000 + 50000 + 150000 + 300000);
  /* The disputed A-4 is owed but not chased: neither overdue nor aged. */
  g_assert_cmpint (s.overdue_balance, ==, 150000);
  g_assert_cmpstr (s.oldest_due_date, ==, "2026-01-01");
  g_assert_cmpint (s.days_overdue, ==, 73);
  g_assert_cmpint (s.other_currencies, ==, 1);
  g_assert_cmpint (s.last_contact_at, ==, 0);

  /* Last contact follows outbound/inbound events, not internal notes. */
  call = cbz_event_new (id, CBZ_EVENT_KIND_CALL, "Llamada a cuentas por pagar");
  cbz_event_set_direction (call, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_channel (call, CBZ_EVENT_CHANNEL_PHONE);
  cbz_event_set_occurred_at (call, 1773500000000000);
  g_assert_cmpint (cbz_store_add_event (store, call, &error), >, 0);
  note = cbz_event_new (id, CBZ_EVENT_KIND_NOTE, "Nota interna");
  cbz_event_set_occurred_at (note, 1773600000000000);
  g_assert_cmpint (cbz_store_add_event (store, note, &error), >, 0);
  g_assert_no_error (error);

  read_summary (store, id, &s);
  g_assert_cmpint (s.last_contact_at, ==, 1773500000000000);
  /* A full recompute agrees with the incremental update. */
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  read_summary (store, id, &s);
  g_assert_cmpint (s.last_contact_at, ==, 1773500000000000);

  open = cbz_store_list_invoices (store, id, TRUE, &error);
  g_assert_cmpuint (open->len, ==, 5);
  g_assert_cmpstr (((CbzInvoice *) open->pdata[0])->number, ==, "A-4");
  g_assert_cmpint (((CbzInvoice *) open->pdata[0])->days_overdue, ==, 104);
  g_assert_cmpint (((CbzInvoice *) open->pdata[4])->days_overdue, ==, 0);

  g_free (s.oldest_due_date);
}

static void
test_summaries_day_change (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("days.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  Summary s = { 0 };
  guint changed = 0;
  GDate later;
  gint64 id;

  id = fill_aggregate_debtor (store);
  g_clear_object (&store);

  /* Reopened 40 days later: everything is 40 days older, and are
   * now overdue too. */
  store = open_store_on (path, "2026-04-24");
  read_summary (store, id, &s);
  /* Aged from U-1 (2026-01-01): the disputed A-4 is not chased. */
  g_assert_cmpint (s.days_overdue, ==, 113);
  g_assert_cmpint (s.overdue_balance, ==, 100000 + 50000 + 150000);
  as_of = cbz_store_get_meta (store, "summaries_as_of", &error);
  g_assert_cmpstr (as_of, ==, "2026-04-24");

  /* The day changing under a running store. */
  g_signal_connect (store, "changed", G_CALLBACK (count_changed_cb), &changed);
  set_date (&later, "2026-04-25");
  g_assert_true (cbz_store_set_today (store, &later, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  read_summary (store, id, &s);
  g_assert_cmpint (s.days_overdue, ==, 114);

  /* Same day again: nothing to do. */
  g_assert_true (cbz_store_set_today (store, &later, &error));
  g_assert_cmpuint (changed, ==, 1);

  g_free (s.oldest_due_date);
}

static void
test_payments_apply (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("pay.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(CbzPayment) payment = cbz_payment_new ();
  g_autoptr(CbzPayment) targeted = cbz_payment_new ();
  g_autoptr(CbzPayment) bad = cbz_payment_new ();
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;
  Summary s = { 0 };
  gint64 id, i1, i2, i3;

  id = add_debtor (store, "Farmacia San José", "FSJ101010AB1", "MXN");
  i1 = add_invoice (store, id, "F-1", "2026-01-01", "MXN", 100000, 100000, CBZ_INVOICE_STATUS_OPEN);
  i2 = add_invoice (store, id, "F-2", "2026-02-01", "MXN", 100000, 100000, CBZ_INVOICE_STATUS_OPEN);
  i3 = add_invoice (store, id, "F-3", "2026-04-01", "MXN", 100000, 100000, CBZ_INVOICE_STATUS_OPEN);

  /* On account: oldest due first. */
  payment->debtor_id = id;
  payment->paid_on = g_strdup ("2026-03-14");
  payment->currency = g_strdup ("MXN");
  payment->amount = 150000;
  payment->reference = g_strdup ("SPEI 123456");
  g_assert_cmpint (cbz_store_add_payment (store, payment, &error), >, 0);
  g_assert_no_error (error);

  invoices = cbz_store_list_invoices (store, id, FALSE, &error);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[0])->balance, ==, 0);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[0])->status, ==, CBZ_INVOICE_STATUS_PAID);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[1])->balance, ==, 50000);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[1])->status, ==, CBZ_INVOICE_STATUS_PARTIALLY_PAID);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[2])->balance, ==, 100000);

  read_summary (store, id, &s);
  g_assert_cmpint (s.open_count, ==, 2);
  g_assert_cmpint (s.overdue_balance, ==, 50000);
  g_assert_cmpint (s.open_balance, ==, 150000);

  /* To one invoice. */
  targeted->debtor_id = id;
  targeted->invoice_id = i3;
  targeted->paid_on = g_strdup ("2026-03-15");
  targeted->currency = g_strdup ("MXN");
  targeted->amount = 100000;
  g_assert_cmpint (cbz_store_add_payment (store, targeted, &error), >, 0);
  g_clear_pointer (&invoices, g_ptr_array_unref);
  invoices = cbz_store_list_invoices (store, id, TRUE, &error);
  g_assert_cmpuint (invoices->len, ==, 1);
  g_assert_cmpint (((CbzInvoice *) invoices->pdata[0])->id, ==, i2);

  /* Wrong currency for the invoice: refused, nothing written. */
  bad->debtor_id = id;
  bad->invoice_id = i2;
  bad->paid_on = g_strdup ("2026-03-15");
  bad->currency = g_strdup ("USD");
  bad->amount = 100;
  g_assert_cmpint (cbz_store_add_payment (store, bad, &error), ==, 0);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  payments = cbz_store_list_payments (store, id, &error);
  g_assert_cmpuint (payments->len, ==, 2);
  g_assert_cmpint (((CbzPayment *) payments->pdata[0])->invoice_id, ==, i3);
  g_assert_cmpint (((CbzPayment *) payments->pdata[1])->invoice_id, ==, 0);

  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT COUNT(*) FROM events WHERE kind = 'payment'"), ==, 2);
  /* The first payment's event links both invoices it touched. */
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT COUNT(*) FROM event_invoices ei JOIN events e ON e.id = ei.event_id"
                                " WHERE e.kind = 'payment' AND e.body = 'SPEI 123456'"), ==, 2);
  (void) i1;
  g_free (s.oldest_due_date);
}

static void
test_promises_and_opt_out (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("promise.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(CbzPromise) promise = cbz_promise_new ();
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = add_debtor (store, "Panadería Peña", NULL, "CLP");
  promise->debtor_id = id;
  promise->promised_on = g_strdup ("2026-03-20");
  promise->currency = g_strdup ("CLP");
  promise->amount = 250000;
  promise->note = g_strdup ("Dice que paga el viernes");
  g_assert_cmpint (cbz_store_add_promise (store, promise, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (cbz_store_set_promise_status (store, promise->id, CBZ_PROMISE_STATUS_KEPT, &error));

  promises = cbz_store_list_promises (store, id, &error);
  g_assert_cmpuint (promises->len, ==, 1);
  g_assert_cmpint (((CbzPromise *) promises->pdata[0])->status, ==, CBZ_PROMISE_STATUS_KEPT);
  g_assert_cmpint (((CbzPromise *) promises->pdata[0])->amount, ==, 250000);

  g_assert_true (cbz_store_set_opt_out (store, id, CBZ_EVENT_CHANNEL_WHATSAPP, TRUE,
                                        "Respondió BAJA al mensaje del 14/03", &error));
  g_assert_no_error (error);
  debtor = cbz_store_get_debtor (store, id, &error);
  g_assert_true (debtor->opt_out_whatsapp);
  g_assert_false (debtor->opt_out_sms);
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT COUNT(*) FROM events WHERE kind = 'opt-out' AND channel = 'whatsapp'"
                                " AND body LIKE 'Respondió BAJA%'"), ==, 1);

  g_assert_false (cbz_store_set_opt_out (store, id, CBZ_EVENT_CHANNEL_IN_PERSON, TRUE, NULL, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
}

static void
test_events_delivery (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("events.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(CbzEvent) read = NULL;
  g_autoptr(CbzEvent) found = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 *ids;
  gsize n_ids;
  gint64 id, inv;

  id = add_debtor (store, "Lácteos del Sur", NULL, "PEN");
  inv = add_invoice (store, id, "F001-00000042", "2026-03-01", "PEN", 120000, 120000, CBZ_INVOICE_STATUS_OPEN);

  event = cbz_event_new (id, CBZ_EVENT_KIND_REMINDER, "Recordatorio por WhatsApp");
  cbz_event_set_channel (event, CBZ_EVENT_CHANNEL_WHATSAPP);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_QUEUED);
  cbz_event_add_invoice_id (event, inv);
  cbz_event_set_occurred_at (event, 1773500000000000);
  g_assert_cmpint (cbz_store_add_event (store, event, &error), >, 0);

  /* Queued is not contact yet; sent is; failed is not after all. */
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT COALESCE (last_contact_at, 0) FROM debtor_summaries"), ==, 0);
  g_assert_true (cbz_store_update_event_delivery (store, cbz_event_get_id (event),
                                                  CBZ_DELIVERY_STATE_FAILED, NULL, &error));
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT COALESCE (last_contact_at, 0) FROM debtor_summaries"), ==, 0);
  g_assert_true (cbz_store_update_event_delivery (store, cbz_event_get_id (event),
                                                  CBZ_DELIVERY_STATE_SENT, "wamid.ABC", &error));
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT last_contact_at FROM debtor_summaries"), ==, 1773500000000000);
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  g_assert_cmpint (query_int64 (cbz_store_get_handle (store),
                                "SELECT last_contact_at FROM debtor_summaries"), ==, 1773500000000000);
  g_assert_true (cbz_store_update_event_delivery (store, cbz_event_get_id (event),
                                                  CBZ_DELIVERY_STATE_DELIVERED, NULL, &error));
  g_assert_no_error (error);

  read = cbz_store_get_event (store, cbz_event_get_id (event), &error);
  g_assert_cmpint (cbz_event_get_delivery_state (read), ==, CBZ_DELIVERY_STATE_DELIVERED);
  g_assert_cmpstr (cbz_event_get_provider_message_id (read), ==, "wamid.ABC");
  g_assert_cmpint (cbz_event_get_channel (read), ==, CBZ_EVENT_CHANNEL_WHATSAPP);
  ids = cbz_event_get_invoice_ids (read, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, inv);

  found = cbz_store_find_event_by_provider_id (store, "wamid.ABC", &error);
  g_assert_nonnull (found);
  g_assert_cmpint (cbz_event_get_id (found), ==, cbz_event_get_id (event));
  g_assert_null (cbz_store_find_event_by_provider_id (store, "wamid.nope", &error));
  g_assert_no_error (error);
}


static char *
dump_summaries (CbzStore *store)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (cbz_store_get_handle (store),
                                       "SELECT * FROM debtor_summaries ORDER BY debtor_id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* The day-change shortcut (age everyone, recompute only debtors whose
 * invoices fell due) must give exactly what a full recompute gives. */
static void
test_summaries_day_change_matches_full (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("days-demo.sqlite");
  g_autoptr(CbzStore) store = open_store_on (path, "2026-03-15");
  g_autoptr(GError) error = NULL;
  g_autofree char *incremental = NULL;
  g_autofree char *full = NULL;
  g_autofree char *before = NULL;

  g_assert_true (cbz_demo_generate (store, 300, 11, &error));
  g_assert_no_error (error);
  before = dump_summaries (store);
  g_clear_object (&store);

  store = open_store_on (path, "2026-04-01");
  incremental = dump_summaries (store);
  g_assert_cmpstr (incremental, !=, before);
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  full = dump_summaries (store);
  g_assert_cmpstr (incremental, ==, full);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/creates-folder", test_open_creates_folder);
  g_test_add_func ("/store/migrations/from-v1", test_migrations_from_v1);
  g_test_add_func ("/store/migrations/foreign-key-check", test_migrations_foreign_key_check);
  g_test_add_func ("/store/transactions/nested", test_transactions_nested);
  g_test_add_func ("/store/debtors/round-trip", test_debtor_round_trip);
  g_test_add_func ("/store/summaries/aggregates", test_summaries_aggregates);
  g_test_add_func ("/store/summaries/day-change", test_summaries_day_change);
  g_test_add_func ("/store/summaries/day-change-matches-full", test_summaries_day_change_matches_full);
  g_test_add_func ("/store/payments/apply", test_payments_apply);
  g_test_add_func ("/store/promises/and-opt-out", test_promises_and_opt_out);
  g_test_add_func ("/store/events/delivery", test_events_delivery);

  return g_test_run ();
}
