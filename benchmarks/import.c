/* import.c — how long a big CSV import takes, next to sqlite3's bare .import
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a CSV of 1,000,000 invoice rows for 100,000 customers (the
 * columns an accounting export has: customer, RFC, phone, email, city,
 * invoice number, issue and due dates, amount, balance, currency, status),
 * then times in the same run:
 *
 *   ours:    cobranza's import into a new database — reading, decoding,
 *            parsing, validating every cell, matching customers, writing
 *            debtors, invoices, import events and summaries in one
 *            transaction, and closing the database (WAL checkpoint);
 *   sqlite3: `sqlite3 -csv NEW.db ".import FILE t"` of the same file (a bare
 *            table of text, no types, no indexes, no checks).
 *
 * Target: ours within 3x of sqlite3. Usage:
 *   benchmarks/import [--rows N] [--customers N] [--runs N] [--keep]
 *                     [--csv FILE] [--ours-only]
 */

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include "cbz-core.h"
#include "cbz-csv-import.h"
#include "cbz-import-writer.h"
#include "cbz-store.h"
#include "cbz-tax-id.h"

static const char * const first_words[] = {
  "Ferretería", "Abarrotes", "Distribuidora", "Comercializadora", "Papelería", "Farmacia",
  "Constructora", "Transportes", "Servicios", "Refaccionaria", "Panadería", "Textiles",
  "Muebles", "Importadora", "Agrícola", "Talleres",
};
static const char * const surnames[] = {
  "López", "García", "Martínez", "Hernández", "González", "Pérez", "Rodríguez", "Sánchez",
  "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
  "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Muñoz", "Núñez",
};
static const char * const suffixes[] = { "S.A. de C.V.", "S. de R.L.", "", "y Asociados", "e Hijos" };
static const char * const cities[] = {
  "Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida", "León",
  "Tijuana", "Toluca", "San Luis Potosí",
};
static const char * const statuses[] = { "abierta", "abierta", "abierta", "parcial", "pagada", "en disputa" };

static void
write_customer_rfc (GString *out,
                    guint    customer)
{
  char body[13];
  guint letters = customer % 17576;
  guint day = customer / 17576;  /* 0..5 for 100,000 customers */
  char check;

  body[0] = 'A' + letters / 676;
  body[1] = 'A' + letters / 26 % 26;
  body[2] = 'A' + letters % 26;
  g_snprintf (body + 3, 7, "%02u%02u%02u", 80 + day % 20, 1 + day / 20 % 12, 1 + customer % 28);
  body[9] = 'A' + customer % 23;
  body[10] = '0' + customer % 10;
  body[11] = '\0';
  check = cbz_tax_id_compute_check (CBZ_TAX_ID_RFC, body);
  g_string_append_printf (out, "%s%c", body, check);
}

static char *
generate_csv (const char *dir,
              guint       n_rows,
              guint       n_customers)
{
  g_autofree char *path = g_build_filename (dir, "facturas.csv", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(GString) line = g_string_sized_new (256);
  g_autofree guint *owner = g_new (guint, n_rows);
  FILE *out = fopen (path, "w");

  g_assert (out != NULL);

  /* Every customer gets n_rows / n_customers invoices, in shuffled order: an
   * export sorted by invoice number, not by customer. */
  for (guint i = 0; i < n_rows; i++)
    owner[i] = i % n_customers;
  for (guint i = n_rows - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      guint t = owner[i];

      owner[i] = owner[j];
      owner[j] = t;
    }

  fputs ("Cliente,RFC,Teléfono,Correo,Ciudad,Factura,Fecha,Vencimiento,Monto,Saldo,Moneda,Estado\r\n", out);
  for (guint i = 0; i < n_rows; i++)
    {
      guint c = owner[i];
      guint issue_day = g_rand_int_range (rand, 0, 540);
      GDate issue;
      GDate due;
      gint64 amount = g_rand_int_range (rand, 10000, 25000000);
      const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
      gint64 balance = g_str_equal (status, "pagada") ? 0
                       : g_str_equal (status, "parcial") ? amount / 2 : amount;
      const char *suffix = suffixes[c % G_N_ELEMENTS (suffixes)];

      g_date_clear (&issue, 1);
      g_date_set_dmy (&issue, 1, G_DATE_JANUARY, 2025);
      g_date_add_days (&issue, issue_day);
      due = issue;
      g_date_add_days (&due, 30);

      g_string_truncate (line, 0);
      g_string_append_printf (line, "\"%s %s %s %u%s%s\",",
                              first_words[c % G_N_ELEMENTS (first_words)],
                              surnames[c / 16 % G_N_ELEMENTS (surnames)],
                              surnames[c / 416 % G_N_ELEMENTS (surnames)],
                              c, suffix[0] != '\0' ? ", " : "", suffix);
      write_customer_rfc (line, c);
      g_string_append_printf (line, ",55 %04u %04u,pagos@cliente%u.mx,%s,F-%07u,",
                              c % 10000, (c * 7) % 10000, c, cities[c % G_N_ELEMENTS (cities)], i + 1);
      g_string_append_printf (line, "%02u/%02u/%04u,%02u/%02u/%04u,",
                              g_date_get_day (&issue), g_date_get_month (&issue), g_date_get_year (&issue),
                              g_date_get_day (&due), g_date_get_month (&due), g_date_get_year (&due));
      if (amount >= 100000)
        g_string_append_printf (line, "\"%" G_GINT64_FORMAT ",%03" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT "\",",
                                amount / 100000, amount / 100 % 1000, amount % 100);
      else
        g_string_append_printf (line, "%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT ",", amount / 100, amount % 100);
      g_string_append_printf (line, "%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT ",MXN,%s\r\n",
                              balance / 100, balance % 100, status);
      fwrite (line->str, 1, line->len, out);
    }
  g_assert (fclose (out) == 0);
  return g_steal_pointer (&path);
}

static double
cpu_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_stime.tv_sec +
         (usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1e6;
}

static gint64
count_rows (const char *database,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  /* Read-only, outside the store: the sqlite3 tool's file is no portfolio. */
  g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

typedef struct
{
  double wall, load, write, close, cpu;
} OursRun;

static void
remove_database (const char *path)
{
  const char *suffixes_[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes_); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes_[i], NULL);
      g_unlink (file);
    }
}

/* Ours: everything from opening the file to a closed database. */
static OursRun
run_ours (const char *csv,
          const char *database,
          int         n_rows,
          int         n_customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzCsvImport) import = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  struct rusage usage0, usage1;
  gint64 t0, t_loaded, t_written, t_closed;
  OursRun run;

  remove_database (database);
  getrusage (RUSAGE_SELF, &usage0);
  t0 = g_get_monotonic_time ();
  store = cbz_store_open (database, &error);
  g_assert_no_error (error);
  import = cbz_csv_import_new (file);
  cbz_csv_import_set_default_country (import, "MX");
  if (!cbz_csv_import_load (import, NULL, &error))
    g_error ("load: %s", error->message);
  t_loaded = g_get_monotonic_time ();
  summary = cbz_import_writer_run (store, import, CBZ_IMPORT_MODE_ALL_OR_NOTHING, FALSE, NULL, &error);
  if (summary == NULL)
    g_error ("import: %s", error->message);
  t_written = g_get_monotonic_time ();
  g_clear_object (&store);
  g_clear_object (&import);
  t_closed = g_get_monotonic_time ();
  getrusage (RUSAGE_SELF, &usage1);

  /* The work was real: every row is in the database. */
  g_assert_cmpint (count_rows (database, "invoices"), ==, n_rows);
  g_assert_cmpint (count_rows (database, "debtors"), ==, n_customers);
  g_assert_cmpint (count_rows (database, "events"), ==, n_customers);
  g_assert_cmpint (summary->invoices_created, ==, (guint) n_rows);
  g_assert_cmpint (summary->customers_created, ==, (guint) n_customers);

  run.wall = (t_closed - t0) / 1e6;
  run.load = (t_loaded - t0) / 1e6;
  run.write = (t_written - t_loaded) / 1e6;
  run.close = (t_closed - t_written) / 1e6;
  run.cpu = cpu_seconds (&usage1) - cpu_seconds (&usage0);
  return run;
}

/* sqlite3's own CSV import of the same file, into a new database. */
static void
run_sqlite3 (const char *csv,
             const char *database,
             int         n_rows,
             double     *wall,
             double     *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("sqlite3 -csv %s \".import %s t\"", database, csv);
  g_autofree char *err = NULL;
  struct rusage usage0, usage1;
  gint64 t0, t1;
  int status = 0;

  remove_database (database);
  getrusage (RUSAGE_CHILDREN, &usage0);
  t0 = g_get_monotonic_time ();
  if (!g_spawn_command_line_sync (command, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3: %s %s", error->message, err != NULL ? err : "");
  t1 = g_get_monotonic_time ();
  getrusage (RUSAGE_CHILDREN, &usage1);
  /* The header row becomes the table's columns. */
  g_assert_cmpint (count_rows (database, "t"), ==, n_rows);
  *wall = (t1 - t0) / 1e6;
  *cpu = cpu_seconds (&usage1) - cpu_seconds (&usage0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        int     n)
{
  g_qsort_with_data (values, n, sizeof (double), (GCompareDataFunc) compare_doubles, NULL);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *ours_db = NULL;
  g_autofree char *sqlite_db = NULL;
  g_autofree double *ratios = NULL;
  g_autofree double *cpu_ratios = NULL;
  int n_rows = 1000000;
  int n_customers = 100000;
  int n_runs = 3;
  gboolean keep = FALSE;
  gboolean ours_only = FALSE;
  g_autofree char *given_csv = NULL;
  OursRun best = { G_MAXDOUBLE, 0, 0, 0, G_MAXDOUBLE };
  double best_sqlite = G_MAXDOUBLE, best_sqlite_cpu = G_MAXDOUBLE;
  GStatBuf st;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Invoice rows (default 1000000)", "N" },
    { "customers", 0, 0, G_OPTION_ARG_INT, &n_customers, "Customers (default 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each, taken in turns (default 3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated files", NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &given_csv,
      "Import this file (one --keep made) instead of generating one", "FILE" },
    { "ours-only", 0, 0, G_OPTION_ARG_NONE, &ours_only,
      "Time only cobranza's import (for profiling it)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  cbz_core_init ();
  context = g_option_context_new ("— time a big CSV import against sqlite3 .import");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (n_rows < 1 || n_customers < 1 || n_customers > n_rows || n_runs < 1)
    g_error ("--rows, --customers and --runs must be positive, customers <= rows");

  dir = g_dir_make_tmp ("cobranza-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  if (given_csv != NULL)
    csv = g_strdup (given_csv);
  else
    {
      printf ("Generating %d invoice rows for %d customers in %s …\n", n_rows, n_customers, dir);
      csv = generate_csv (dir, n_rows, n_customers);
    }
  g_stat (csv, &st);
  printf ("CSV: %.1f MB\n", st.st_size / 1e6);

  ours_db = g_build_filename (dir, "ours.db", NULL);
  sqlite_db = g_build_filename (dir, "sqlite3.db", NULL);
  ratios = g_new (double, n_runs);
  cpu_ratios = g_new (double, n_runs);

  if (ours_only)
    {
      for (int i = 0; i < n_runs; i++)
        {
          OursRun ours = run_ours (csv, ours_db, n_rows, n_customers);

          printf ("run %d: ours %.2f s (read+parse+validate %.2f s, write %.2f s, close %.2f s; cpu %.2f s)\n",
                  i + 1, ours.wall, ours.load, ours.write, ours.close, ours.cpu);
        }
    }
  else
    {
      /* In turns, so a slow spell of a shared machine lands on both. */
      for (int i = 0; i < n_runs; i++)
        {
          OursRun ours = run_ours (csv, ours_db, n_rows, n_customers);
          double theirs, theirs_cpu;

          run_sqlite3 (csv, sqlite_db, n_rows, &theirs, &theirs_cpu);
          ratios[i] = ours.wall / theirs;
          cpu_ratios[i] = ours.cpu / theirs_cpu;
          printf ("run %d: ours %.2f s (read+parse+validate %.2f s, write %.2f s, close %.2f s; cpu %.2f s), "
                  "sqlite3 %.2f s (cpu %.2f s): %.2fx\n",
                  i + 1, ours.wall, ours.load, ours.write, ours.close, ours.cpu, theirs, theirs_cpu, ratios[i]);
          if (ours.wall < best.wall)
            best = ours;
          best_sqlite = MIN (best_sqlite, theirs);
          best_sqlite_cpu = MIN (best_sqlite_cpu, theirs_cpu);
        }

      printf ("ours:    %.2f s best of %d  (read+parse+validate %.2f s, write %.2f s, close %.2f s)\n",
              best.wall, n_runs, best.load, best.write, best.close);
      printf ("sqlite3: %.2f s best of %d  (sqlite3 -csv .import)\n", best_sqlite, n_runs);
      printf ("ratio:   %.2fx best against best, %.2fx median of the runs  (target: within 3x)\n",
              best.wall / best_sqlite, median (ratios, n_runs));
      /* On a shared machine wall time wanders with the load; CPU time (user +
       * system, of the import alone and of the sqlite3 child) less so. */
      printf ("cpu:     ours %.2f s, sqlite3 %.2f s best, ratio %.2fx; median of the runs %.2fx\n",
              best.cpu, best_sqlite_cpu, best.cpu / best_sqlite_cpu, median (cpu_ratios, n_runs));
    }

  if (!keep)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
  else
    printf ("Kept %s\n", dir);
  return 0;
}
