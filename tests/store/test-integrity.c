/* test-integrity.c: which opens read the whole file, and what is refused
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with --hold PATH, the program opens the portfolio at PATH, says
 * "ready" on standard output and waits: the tests kill such a child with
 * SIGKILL to leave the file as a crash does.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>

#include "cbz-core.h"
#include "cbz-demo.h"
#include "cbz-store.h"
#include "cbz-store-session-private.h"
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

static CbzStore *
open_default (const char *path)
{
  return open_store_on (path, "2026-03-15");
}

/* A new, empty portfolio, closed cleanly. */
static void
create_closed (const char *path)
{
  g_autoptr(CbzStore) store = open_default (path);

  g_assert_cmpint (cbz_store_get_open_check (store), ==, CBZ_STORE_CHECK_NONE);
}

/* Drops Cobranza's record of @path, as for a file copied from elsewhere:
 * the next open reads it all. */
static void
forget (const char *path)
{
  g_autofree char *state = _cbz_store_session_state_path (path);

  g_assert_cmpint (g_unlink (state), ==, 0);
}

static void
add_debtor (CbzStore   *store,
            const char *name)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(GError) error = NULL;

  debtor->name = g_strdup (name);
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
}

static gboolean
read_file_checksum (const char  *path,
                    char       **checksum)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  return TRUE;
}

static void
test_migrations_too_new (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("future.sqlite");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 9999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (read_file_checksum (path, &before));

  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (read_file_checksum (path, &after));
  g_assert_cmpstr (before, ==, after);
}


static void
damage_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len, start;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 16 * 4096);
  start = (len / 2) & ~(gsize) 4095;
  for (gsize i = start; i < start + 8192; i++)
    contents[i] = (char) (0xA5 ^ (i * 31));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

static void
make_portfolio (const char *path,
                const char *today)
{
  g_autoptr(CbzStore) store = open_store_on (path, today);
  g_autoptr(GError) error = NULL;

  g_assert_true (cbz_demo_generate (store, 200, 3, &error));
  g_assert_no_error (error);
}

static void
test_integrity_corrupted (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("damaged.sqlite");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  
  /* A real portfolio with enough rows to span many pages, closed cleanly,
   * then garbage over two pages in the middle of the file. */
  make_portfolio (path, "2026-03-15");
  damage_file (path);
  g_assert_true (read_file_checksum (path, &before));

  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);

  g_assert_true (read_file_checksum (path, &after));
  g_assert_cmpstr (before, ==, after);
}

static void
test_integrity_not_a_database (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("notes.sqlite");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  CbzStore *store;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "cliente;factura;monto\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_assert_true (read_file_checksum (path, &before));

  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (read_file_checksum (path, &after));
  g_assert_cmpstr (before, ==, after);
}

static void
damaged_cb (CbzStore     *store,
            const GError *error,
            GError      **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static gboolean
error_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static gboolean
store_verified (gpointer data)
{
  return cbz_store_is_verified (data);
}

static void
test_integrity_background_damaged (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("bg-damaged.sqlite");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reported = NULL;
  g_autoptr(CbzStore) store = NULL;
  GDate day;

  make_portfolio (path, "2026-03-15");
  damage_file (path);
  g_assert_true (read_file_checksum (path, &before));

  set_date (&day, "2026-03-15");
  store = cbz_store_open_with_flags (path, &day, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  if (store == NULL)
    {
      /* The damage showed up while opening: refused at once. */
      g_test_message ("refused while opening: %s", error->message);
      g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
    }
  else
    {
      g_assert_false (cbz_store_is_verified (store));
      g_signal_connect (store, "damaged", G_CALLBACK (damaged_cb), &reported);
      g_assert_true (cbz_test_spin_until (error_set, &reported, 20000));
      g_assert_error (reported, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
      g_assert_nonnull (strstr (reported->message, path));
      g_test_message ("found in the background: %s", reported->message);

      /* Every write is refused. */
      g_assert_false (cbz_store_begin (store, &error));
      g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
      g_clear_error (&error);
      g_assert_false (cbz_store_set_meta (store, "x", "y", &error));
      g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
      g_clear_object (&store);
    }

  g_assert_true (read_file_checksum (path, &after));
  g_assert_cmpstr (before, ==, after);
}

static void
count_changed_cb (CbzStore *store,
                  guint    *count)
{
  (*count)++;
}

static void
test_integrity_background_ok (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("bg-ok.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autofree char *as_of = NULL;
  guint changed = 0;
  GDate day;

  make_portfolio (path, "2026-03-15");
  forget (path);

  /* Same day: nothing to write, so nothing waits for the check. */
  set_date (&day, "2026-03-15");
  store = cbz_store_open_with_flags (path, &day, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_assert_false (cbz_store_is_verified (store));
  g_assert_true (cbz_test_spin_until (store_verified, store, 20000));
  g_clear_object (&store);
  forget (path);

  /* Next day: the figures are yesterday's until the check passes, then the
   * recompute runs and says so. */
  set_date (&day, "2026-03-16");
  store = cbz_store_open_with_flags (path, &day, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "changed", G_CALLBACK (count_changed_cb), &changed);
  as_of = cbz_store_get_meta (store, "summaries_as_of", &error);
  g_assert_cmpstr (as_of, ==, "2026-03-15");
  g_clear_pointer (&as_of, g_free);

  g_assert_true (cbz_test_spin_until (store_verified, store, 20000));
  g_assert_cmpuint (changed, ==, 1);
  as_of = cbz_store_get_meta (store, "summaries_as_of", &error);
  g_assert_cmpstr (as_of, ==, "2026-03-16");
}

static void
test_integrity_background_first_write (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("bg-write.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  GDate day;

  make_portfolio (path, "2026-03-15");
  forget (path);

  /* A write before the background check finishes runs the check itself. */
  set_date (&day, "2026-03-15");
  store = cbz_store_open_with_flags (path, &day, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_assert_false (cbz_store_is_verified (store));
  g_assert_true (cbz_store_set_meta (store, "note", "escrito", &error));
  g_assert_no_error (error);
  g_assert_true (cbz_store_is_verified (store));
  /* Let the background task finish before the store goes. */
  g_assert_false (cbz_test_spin_until (error_set, &error, 200));
}


/* Writes @sql with plain sqlite, as another program would. */
static void
exec_outside (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Records @path as Cobranza leaves a file it closed cleanly, whatever is in
 * it: for files made here to reach the cheap checks. */
static void
vouch_for (const char *path)
{
  g_autofree char *dir = _cbz_store_session_dir_for (path);
  g_autofree char *state = _cbz_store_session_state_path (path);
  CbzStoreCheck check;

  g_unlink (state);
  _cbz_store_session_close (_cbz_store_session_open (path, TRUE, &check));
  g_assert_cmpint (check, ==, CBZ_STORE_CHECK_NONE);
}

static CbzStoreCheck
check_of_next_open (const char *path)
{
  g_autoptr(CbzStore) store = open_default (path);

  g_assert_true (cbz_store_is_verified (store));
  return cbz_store_get_open_check (store);
}

/* Starts a child that opens @path and holds it; returns once it has. */
static GSubprocess *
hold_in_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  GSubprocess *child;

  g_assert_nonnull (self_exe);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                            self_exe, "--hold", path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return child;
}

static void
kill_child (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static void
test_clean_close (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("clean.sqlite");
  g_autoptr(CbzStore) first = NULL;
  g_autoptr(CbzStore) second = NULL;
  g_autoptr(CbzStore) background = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;

  first = open_default (path);
  g_assert_cmpint (cbz_store_get_open_check (first), ==, CBZ_STORE_CHECK_NONE);
  g_assert_true (cbz_demo_generate (first, 50, 3, &error));
  g_assert_no_error (error);

  /* Open twice at once (the app and the command line): both trust it. */
  second = open_default (path);
  g_assert_cmpint (cbz_store_get_open_check (second), ==, CBZ_STORE_CHECK_QUICK);
  add_debtor (second, "Abarrotes La Esperanza");
  g_clear_object (&first);
  g_clear_object (&second);

  /* After a clean close: header and schema only, also for the window,
   * which then has nothing left to check in the background. */
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);
  set_date (&day, "2026-03-15");
  background = cbz_store_open_with_flags (path, &day, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cbz_store_get_open_check (background), ==, CBZ_STORE_CHECK_QUICK);
  g_assert_true (cbz_store_is_verified (background));
  g_clear_object (&background);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);
}

static void
test_killed_holder (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("killed.sqlite");
  g_autoptr(GSubprocess) child = NULL;

  create_closed (path);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);

  child = hold_in_child (path);
  kill_child (child);

  /* The next open reads it all, and once that passed, it is trusted again. */
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_FULL_UNCLEAN);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);
}

static void
test_killed_beside_others (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("killed-beside.sqlite");
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(CbzStore) app = NULL;
  g_autoptr(CbzStore) cli = NULL;

  create_closed (path);

  /* The app has it open; a command run beside it is killed. The app's own
   * open was fine, but the next open must read it all. */
  app = open_default (path);
  g_assert_cmpint (cbz_store_get_open_check (app), ==, CBZ_STORE_CHECK_QUICK);
  child = hold_in_child (path);
  kill_child (child);
  g_clear_object (&child);
  cli = open_default (path);
  g_assert_cmpint (cbz_store_get_open_check (cli), ==, CBZ_STORE_CHECK_FULL_UNCLEAN);
  g_clear_object (&cli);
  g_clear_object (&app);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);

  /* The same crash noticed only when the app closes: still checked next. */
  app = open_default (path);
  child = hold_in_child (path);
  kill_child (child);
  g_clear_object (&app);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_FULL_UNCLEAN);
}

static void
test_changed_outside (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("outside.sqlite");
  g_autofree char *sessions = _cbz_store_session_dir_for (path);
  g_autofree char *copy = cbz_test_build_tmp_path ("copy.sqlite");
  g_autofree char *contents = NULL;
  gsize len;

  create_closed (path);
  exec_outside (path, "INSERT INTO meta (key, value) VALUES ('written-by', 'sqlite3')");
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_FULL_UNKNOWN);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);

  /* A copy has no record of its own: read it all. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  g_assert_cmpint (check_of_next_open (copy), ==, CBZ_STORE_CHECK_FULL_UNKNOWN);

  /* A record deleted by hand: the same. */
  g_assert_true (g_file_test (sessions, G_FILE_TEST_IS_DIR));
  forget (path);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_FULL_UNKNOWN);
}

static void
test_upgrade (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("upgrade.sqlite");
  g_autofree char *state_path = _cbz_store_session_state_path (path);
  g_autoptr(GKeyFile) state = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *first = NULL;
  g_autofree char *checked_by = NULL;

  /* Last vouched for by another version of Cobranza. */
  create_closed (path);
  g_assert_true (g_key_file_load_from_file (state, state_path, G_KEY_FILE_KEEP_COMMENTS, &error));
  g_assert_no_error (error);
  checked_by = g_key_file_get_string (state, "portfolio", "checked-by", NULL);
  g_assert_cmpstr (checked_by, ==, PACKAGE_VERSION);
  g_key_file_set_string (state, "portfolio", "checked-by", "0.0.1");
  g_assert_true (g_key_file_save_to_file (state, state_path, &error));
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_FULL_UPGRADE);
  g_assert_cmpint (check_of_next_open (path), ==, CBZ_STORE_CHECK_QUICK);

  /* A migration is due on a file closed cleanly: read it all first. */
  g_unlink (path);
  bytes = g_resources_lookup_data ("/io/github/cobranza/Cobranza/sql/0001-initial.sql",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  first = g_strdup_printf ("%.*s; PRAGMA user_version = 1;", (int) g_bytes_get_size (bytes),
                           (const char *) g_bytes_get_data (bytes, NULL));
  exec_outside (path, first);
  vouch_for (path);
  store = open_default (path);
  g_assert_cmpint (cbz_store_get_open_check (store), ==, CBZ_STORE_CHECK_FULL_UPGRADE);
  g_assert_cmpint (cbz_store_get_schema_version (store), >, 1);
  g_assert_nonnull (cbz_store_get_backup_path (store));
}

static void
test_cheap_checks (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("cheap.sqlite");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  CbzStore *store;
  gsize len;

  /* A table gone, in a file that looks as Cobranza left it: refused,
   * naming it. */
  create_closed (path);
  exec_outside (path, "DROP TABLE promises");
  vouch_for (path);
  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "promises."));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* A header whose size is not the file's (cut short): read whole, and
   * refused by the full check. */
  g_unlink (path);
  make_portfolio (path, "2026-03-15");
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len - 8192, NULL));
  vouch_for (path);
  store = cbz_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
}

static int
hold (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  char line[16];

  cbz_core_init ();
  store = cbz_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  add_debtor (store, "Ferretería El Clavo");
  printf ("ready\n");
  fflush (stdout);
  /* Until killed (or the parent goes). */
  while (fgets (line, sizeof line, stdin) != NULL)
    ;
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--hold"))
    return hold (argv[2]);

  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/integrity/clean-close", test_clean_close);
  g_test_add_func ("/store/integrity/killed-holder", test_killed_holder);
  g_test_add_func ("/store/integrity/killed-beside-others", test_killed_beside_others);
  g_test_add_func ("/store/integrity/changed-outside", test_changed_outside);
  g_test_add_func ("/store/integrity/upgrade", test_upgrade);
  g_test_add_func ("/store/integrity/cheap-checks", test_cheap_checks);
  g_test_add_func ("/store/integrity/corrupted", test_integrity_corrupted);
  g_test_add_func ("/store/integrity/not-a-database", test_integrity_not_a_database);
  g_test_add_func ("/store/integrity/background-damaged", test_integrity_background_damaged);
  g_test_add_func ("/store/integrity/background-ok", test_integrity_background_ok);
  g_test_add_func ("/store/integrity/background-first-write", test_integrity_background_first_write);
  g_test_add_func ("/store/migrations/too-new", test_migrations_too_new);

  return g_test_run ();
}
