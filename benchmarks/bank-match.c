/* bank-match.c: figures for matching a bank statement against open invoices.
 *
 *   1. Builds 1,000,000 synthetic open invoices of 100,000 customers in
 *      memory and indexes them (cbz_match_index_build): the index build time.
 *   2. Writes a 5,000-line BBVA México statement and reads it back
 *      (cbz_bank_statement_new_from_data): the parse time.
 *   3. Proposes (cbz_bank_match), three runs: target < 1 s each.
 *
 * The statement mixes what banks show: credits naming an invoice, credits
 * with the customer's RFC, with the name, paying two invoices at once, a
 * few cents short, credits nothing explains, and debits. The figures end
 * with how many proposals found the invoice the line was written for.
 *
 *   bank-match [--invoices N] [--customers N] [--lines N] [--runs N]
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cbz-core.h"
#include "payments/cbz-bank-matcher.h"

static const char * const trades[] = {
  "Ferretería", "Abarrotes", "Papelería", "Transportes", "Constructora", "Farmacia",
  "Distribuidora", "Lácteos", "Refaccionaria", "Panadería", "Tlapalería", "Comercializadora",
  "Servicios", "Materiales", "Muebles", "Carnicería", "Mueblería", "Imprenta", "Taller", "Clínica",
};
static const char * const surnames[] = {
  "López", "García", "Hernández", "Martínez", "González", "Pérez", "Rodríguez", "Sánchez",
  "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
  "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
  "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina",
  "Castro", "Vargas", "Guzmán", "Velázquez", "Salazar", "Rojas", "Soto", "Contreras", "Luna",
  "Ríos", "Mejía", "Estrada", "Cervantes", "Navarro", "Campos",
};
static const char * const places[] = {
  "del Norte", "del Bajío", "de Occidente", "del Centro", "del Golfo", "del Pacífico",
  "de la Sierra", "del Valle", "de Oriente", "del Sur",
};

typedef struct
{
  gint64   id;
  guint    customer;
  gint64   balance;
  CbzDate  due;
} Invoice;

typedef struct
{
  guint     n_customers;
  guint     n_invoices;
  char    **names;
  char    **tax_ids;
  Invoice  *invoices;
  guint    *first;      /* each customer's invoices: first[c] .. first[c + 1] */
} Portfolio;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this process, ms: on a busy machine wall time also counts
 * other programs' turns. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* Peak resident memory, in MB (VmHWM), or 0 where /proc is missing. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

static char *
make_rfc (guint i)
{
  char letters[4];
  guint n = i;

  for (int k = 2; k >= 0; k--)
    {
      letters[k] = 'A' + n % 26;
      n /= 26;
    }
  letters[3] = '\0';
  /* Three letters, a date, a three-character homoclave: unique per customer. */
  return g_strdup_printf ("%s%02u%02u%02u%c%c%u", letters, 60 + (i / 3000) % 40, 1 + (i / 250) % 12,
                          1 + i % 28, 'A' + (i / 7) % 26, 'A' + (i / 11) % 26, i % 10);
}

static void
make_portfolio (Portfolio *portfolio,
                GRand     *rand)
{
  guint per = portfolio->n_invoices / portfolio->n_customers;

  portfolio->names = g_new (char *, portfolio->n_customers);
  portfolio->tax_ids = g_new (char *, portfolio->n_customers);
  portfolio->first = g_new (guint, portfolio->n_customers + 1);
  portfolio->invoices = g_new (Invoice, portfolio->n_invoices);

  for (guint c = 0; c < portfolio->n_customers; c++)
    {
      portfolio->names[c] = g_strdup_printf ("%s %s %s %s, S.A. de C.V.",
                                             trades[c % G_N_ELEMENTS (trades)],
                                             surnames[(c / 20) % G_N_ELEMENTS (surnames)],
                                             surnames[(c / 1000) % G_N_ELEMENTS (surnames)],
                                             places[(c / 50000) % G_N_ELEMENTS (places)]);
      portfolio->tax_ids[c] = make_rfc (c);
    }

  for (guint i = 0; i < portfolio->n_invoices; i++)
    {
      Invoice *invoice = &portfolio->invoices[i];

      invoice->id = i + 1;
      invoice->customer = MIN (i / per, portfolio->n_customers - 1);
      invoice->balance = g_rand_int_range (rand, 10000, 20000000);
      invoice->due = cbz_date_add_days (cbz_date_init (2026, 1, 1), g_rand_int_range (rand, 0, 450));
    }
  for (guint c = 0, i = 0; c <= portfolio->n_customers; c++)
    {
      while (i < portfolio->n_invoices && portfolio->invoices[i].customer < c)
        i++;
      portfolio->first[c] = i;
    }
}

static CbzMatchIndex *
build_index (const Portfolio *portfolio,
             double          *add_ms,
             double          *build_ms)
{
  CbzMatchIndex *index = cbz_match_index_new ();
  double start = now_ms ();
  double added;

  for (guint c = 0; c < portfolio->n_customers; c++)
    cbz_match_index_add_customer (index, c + 1, portfolio->names[c], portfolio->tax_ids[c]);
  for (guint i = 0; i < portfolio->n_invoices; i++)
    {
      const Invoice *invoice = &portfolio->invoices[i];
      char number[16];

      g_snprintf (number, sizeof number, "F-%07" G_GINT64_FORMAT, invoice->id);
      cbz_match_index_add_invoice (index, invoice->id, invoice->customer + 1, number,
                                   cbz_money_init (invoice->balance, "MXN"), invoice->due);
    }
  added = now_ms ();
  cbz_match_index_build (index);
  *add_ms = added - start;
  *build_ms = now_ms () - added;
  return index;
}

static void
append_amount (GString *out,
               gint64   minor)
{
  g_autofree char *text = cbz_money_format_full (cbz_money_init (minor, "MXN"), "es_MX",
                                                 CBZ_MONEY_FORMAT_NO_SYMBOL);

  g_string_append_printf (out, "\"%s\"", text);
}

/* The BBVA layout, and for each line the invoice it was written for (0: none). */
static char *
make_statement (const Portfolio *portfolio,
                guint            n_lines,
                GRand           *rand,
                gint64          *intended)
{
  GString *out = g_string_new ("Día,Concepto / Referencia,cargo,Abono,Saldo\r\n");
  gint64 balance = 100000000;

  for (guint l = 0; l < n_lines; l++)
    {
      guint kind = g_rand_int_range (rand, 0, 100);
      const Invoice *invoice = &portfolio->invoices[g_rand_int_range (rand, 0, portfolio->n_invoices)];
      guint c = invoice->customer;
      g_autofree char *upper = g_utf8_strup (portfolio->names[c], -1);
      char date[16];
      gint64 amount;

      g_snprintf (date, sizeof date, "%02u-03-2027", 1 + l % 28);
      g_string_append_printf (out, "%s,\"", date);
      intended[l] = invoice->id;
      if (kind < 30)
        {
          amount = invoice->balance;
          g_string_append_printf (out, "SPEI RECIBIDOBANAMEX/%07u PAGO FACT F-%07" G_GINT64_FORMAT,
                                  g_rand_int_range (rand, 0, 9999999), invoice->id);
        }
      else if (kind < 45)
        {
          amount = invoice->balance;
          /* The oldest of the customer's invoices with this balance is what gets proposed. */
          g_string_append_printf (out, "SPEI RECIBIDOSANTANDER/%07u %s",
                                  g_rand_int_range (rand, 0, 9999999), portfolio->tax_ids[c]);
        }
      else if (kind < 60)
        {
          g_autofree char *cut = g_utf8_substring (upper, 0, 40);

          /* Banks cut long names short. */
          amount = invoice->balance;
          g_string_append_printf (out, "DEPOSITO %s", cut);
        }
      else if (kind < 70)
        {
          const Invoice *second = &portfolio->invoices[invoice == &portfolio->invoices[portfolio->first[c]]
                                                       ? portfolio->first[c] + 1 : portfolio->first[c]];

          amount = invoice->balance + second->balance;
          intended[l] = -1;
          g_string_append_printf (out, "PAGO FACTURAS F-%07" G_GINT64_FORMAT " F-%07" G_GINT64_FORMAT,
                                  invoice->id, second->id);
        }
      else if (kind < 80)
        {
          amount = invoice->balance - 50;
          g_string_append_printf (out, "SPEI %s PAGO", upper);
        }
      else if (kind < 90)
        {
          amount = g_rand_int_range (rand, 100, 20000000);
          intended[l] = 0;
          g_string_append (out, "DEPOSITO EN EFECTIVO");
        }
      else
        {
          amount = -invoice->balance;
          intended[l] = 0;
          g_string_append_printf (out, "PAGO A PROVEEDOR FACT F-%07" G_GINT64_FORMAT, invoice->id);
        }

      balance += amount;
      g_string_append (out, "\",");
      if (amount < 0)
        append_amount (out, -amount);
      g_string_append_c (out, ',');
      if (amount > 0)
        append_amount (out, amount);
      g_string_append_c (out, ',');
      append_amount (out, balance);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(CbzMatchIndex) index = NULL;
  g_autoptr(CbzBankStatement) statement = NULL;
  g_autofree gint64 *intended = NULL;
  Portfolio portfolio = { 100000, 1000000 };
  int n_lines = 5000, runs = 3;
  GOptionEntry entries[] = {
    { "invoices", 0, 0, G_OPTION_ARG_INT, &portfolio.n_invoices, "Open invoices", "N" },
    { "customers", 0, 0, G_OPTION_ARG_INT, &portfolio.n_customers, "Customers", "N" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &n_lines, "Statement lines", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Matching runs", "N" },
    { NULL }
  };
  double add_ms, build_ms, start, parse_ms, build_cpu_ms;
  char *csv;
  const CbzBankLine *lines;
  guint n_parsed;

  context = g_option_context_new ("— bank statement matching figures");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      portfolio.n_customers < 1 || portfolio.n_invoices < 2 * portfolio.n_customers || n_lines < 1)
    {
      fprintf (stderr, "bank-match: %s\n", error != NULL ? error->message : "invalid sizes");
      return 1;
    }
  cbz_core_init ();

  printf ("Bank matching benchmark: %u open invoices of %u customers, a %d-line statement\n\n",
          portfolio.n_invoices, portfolio.n_customers, n_lines);
  make_portfolio (&portfolio, rand);

  build_cpu_ms = cpu_ms ();
  index = build_index (&portfolio, &add_ms, &build_ms);
  build_cpu_ms = cpu_ms () - build_cpu_ms;
  printf ("Index: adding %7.1f ms, building %7.1f ms (CPU for both %7.1f ms)\n",
          add_ms, build_ms, build_cpu_ms);

  intended = g_new (gint64, n_lines);
  csv = make_statement (&portfolio, n_lines, rand, intended);
  start = now_ms ();
  statement = cbz_bank_statement_new_from_data (csv, strlen (csv), NULL, NULL, &error);
  parse_ms = now_ms () - start;
  if (statement == NULL)
    {
      fprintf (stderr, "bank-match: %s\n", error->message);
      return 1;
    }
  lines = cbz_bank_statement_get_lines (statement, &n_parsed);
  printf ("Statement: %u lines read in %.1f ms (layout %s)\n\n", n_parsed, parse_ms,
          cbz_bank_layout_get_id (cbz_bank_statement_get_layout (statement)));

  for (int run = 1; run <= runs; run++)
    {
      g_autoptr(GPtrArray) matches = NULL;
      guint by_rule[CBZ_MATCH_RULE_N_VALUES] = { 0 };
      guint proposed = 0, right = 0, written_for = 0, debits = 0;
      double match_ms, match_cpu_ms, cpu_start;

      start = now_ms ();
      cpu_start = cpu_ms ();
      matches = cbz_bank_match (index, lines, n_parsed, NULL, NULL);
      match_ms = now_ms () - start;
      match_cpu_ms = cpu_ms () - cpu_start;

      for (guint i = 0; i < matches->len; i++)
        {
          const CbzBankLineMatch *match = g_ptr_array_index (matches, i);

          debits += match->status == CBZ_BANK_MATCH_DEBIT;
          written_for += intended[i] > 0;
          if (match->proposal == NULL)
            continue;
          proposed++;
          by_rule[match->proposal->rule]++;
          right += intended[i] > 0 && match->proposal->invoice_ids[0] == intended[i];
        }
      printf ("Run %d: proposals for %u lines in %7.1f ms (CPU %7.1f ms)   (target < 1000 ms)\n",
              run, n_parsed, match_ms, match_cpu_ms);
      if (run == runs)
        {
          printf ("  %u proposed, %u debits, %u unmatched\n", proposed, debits, n_parsed - proposed - debits);
          for (guint r = 0; r < CBZ_MATCH_RULE_N_VALUES; r++)
            printf ("    %-18s %5u\n", cbz_match_rule_to_string (r), by_rule[r]);
          printf ("  the invoice a single-invoice line was written for proposed: %u of %u\n",
                  right, written_for);
        }
    }

  printf ("Peak resident memory: %.0f MB (the portfolio's own arrays included)\n", peak_rss_mb ());

  for (guint c = 0; c < portfolio.n_customers; c++)
    {
      g_free (portfolio.names[c]);
      g_free (portfolio.tax_ids[c]);
    }
  g_free (portfolio.names);
  g_free (portfolio.tax_ids);
  g_free (portfolio.first);
  g_free (portfolio.invoices);
  return 0;
}
