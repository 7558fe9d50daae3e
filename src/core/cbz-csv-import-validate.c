/* cbz-csv-import-validate.c: every row, and the same invoice twice
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-import-private.h"
#include "cbz-money.h"

/* From this many rows on, the rows are checked by two threads ahead of
 * validate_rows()'s loop. Each thread takes one half of the file: the
 * customer half of its rows (memoised by cells, each thread with its own
 * memos) and the invoice half (numbers, dates, amounts). Checking a row only
 * reads the table, the mapping and the options; each thread keeps its own
 * record, memos and problems. Then the invoices seen twice are found by
 * sorting the rows by the hash of their keys (find_duplicates()). The loop
 * merges it all in row order, so the report is the same as on one thread;
 * a customer's first valid row is still found there. */
#define PARALLEL_MIN_ROWS 20000

enum
{
  ROW_CHECK_N_PROBLEMS = 0x1f,  /* mask: the row's problems, customer cells first */
  ROW_CHECK_EXTRA      = 0x20,  /* the row has values beyond the header's columns */
  ROW_CHECK_INVOICE_OK = 0x40,  /* the invoice cells have no problem */
  ROW_CHECK_BLANK      = 0x80,  /* the row is blank */
};

typedef struct
{
  CbzCsvImport  *self;
  GCancellable  *cancellable;
  guint          start;
  guint          end;
  guint8        *state;           /* per data row: ROW_CHECK_* */
  CustomerMemo **memo;            /* per data row: its customer cells' memo */
  guint32       *duplicate_of;    /* per data row: the row number of the same invoice before, or 0 */
  guint32       *key_hash;        /* per data row valid so far: _cbz_csv_import_hash_key() of its invoice's key */
  GHashTable    *customers;       /* cells -> CustomerMemo */
  GStringChunk  *chunk;
  Problems       problems;
  guint          next;            /* the first of problems.array not merged yet */
  gboolean       stopped;         /* cancelled before the end */
  gboolean       report_progress; /* the thread running validate_rows() only */
  double         progress_from;
  double         progress_to;
} RowCheck;

/* Fills check->state, check->memo and, for rows whose invoice cells have
 * no problem, self->invoice_cache. */
static gpointer
check_rows (gpointer data)
{
  RowCheck *check = data;
  CbzCsvImport *self = check->self;
  g_autoptr(GString) cells = g_string_sized_new (256);
  g_autoptr(GString) key = g_string_sized_new (128);
  CbzImportRecord record;

  cbz_import_record_init (&record);
  for (guint i = check->start; i < check->end; i++)
    {
      guint before;
      gboolean ok;
      guint extra;

      if ((i - check->start) % PROGRESS_ROWS == 0)
        {
          if (g_cancellable_is_cancelled (check->cancellable))
            {
              check->stopped = TRUE;
              break;
            }
          if (check->report_progress)
            _cbz_csv_import_set_progress (self, check->progress_from + (check->progress_to - check->progress_from) *
                                (i - check->start) / MAX (check->end - check->start, 1));
        }

      if (_cbz_csv_import_row_is_blank (self, i))
        {
          check->state[i] = ROW_CHECK_BLANK;
          continue;
        }

      before = check->problems.n;
      _cbz_csv_import_get_customer_cells (self, i, cells);
      check->memo[i] = _cbz_csv_import_check_customer (self, i, cells, check->customers, check->chunk, key,
                                       &record, &check->problems);
      ok = _cbz_csv_import_convert_row (self, i, CBZ_IMPORT_RECORD_INVOICE, &record, &check->problems);
      /* At most eight problems for the customer cells and ten for the invoice's. */
      check->state[i] = MIN (check->problems.n - before, ROW_CHECK_N_PROBLEMS) | (ok ? ROW_CHECK_INVOICE_OK : 0);
      extra = cbz_csv_table_get_n_fields (self->table, i + 1);
      for (guint c = self->n_columns; c < extra; c++)
        {
          if (cbz_csv_table_get_cell (self->table, i + 1, c)[0] != '\0')
            {
              check->state[i] |= ROW_CHECK_EXTRA;
              break;
            }
        }

      /* For the invoices given twice: see find_duplicates(). */
      if (ok && check->memo[i]->valid && !(check->state[i] & ROW_CHECK_EXTRA))
        {
          g_string_truncate (key, 0);
          g_string_append (key, check->memo[i]->customer_key);
          g_string_append_c (key, '\x1f');
          g_string_append (key, record.invoice_number);
          check->key_hash[i] = _cbz_csv_import_hash_key (key->str);
        }
      if (ok)
        {
          InvoiceCache *c = &self->invoice_cache[i];

          c->number = record.invoice_number;
          c->description = record.description;
          c->amount = record.amount;
          c->balance = record.balance;
          c->issue_date = record.issue_date;
          c->due_date = record.due_date;
          memcpy (c->currency, record.currency, sizeof c->currency);
          c->status = record.status;
        }
    }
  cbz_import_record_clear (&record);
  return NULL;
}

typedef struct
{
  guint32 hash;
  guint32 row;
} KeyedRow;

/* A stable sort by hash, a byte at a time: rows with the same hash stay
 * in row order. */
static void
sort_by_hash (KeyedRow *rows,
              guint     n)
{
  g_autofree KeyedRow *other = g_new (KeyedRow, MAX (n, 1));
  KeyedRow *from = rows;
  KeyedRow *to = other;

  for (guint shift = 0; shift < 32; shift += 8)
    {
      guint count[257] = { 0 };

      for (guint i = 0; i < n; i++)
        count[((from[i].hash >> shift) & 0xff) + 1]++;
      for (guint b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (guint i = 0; i < n; i++)
        to[count[(from[i].hash >> shift) & 0xff]++] = from[i];
      from = to;
      to = to == rows ? other : rows;
    }
  /* Four passes: the result is back in @rows. */
  g_assert (from == rows);
}

static gboolean
same_invoice (RowCheck *checks,
              guint     a,
              guint     b)
{
  CbzCsvImport *self = checks[0].self;

  return strcmp (checks[0].memo[a]->customer_key, checks[0].memo[b]->customer_key) == 0 &&
         strcmp (self->invoice_cache[a].number, self->invoice_cache[b].number) == 0;
}

/* The same invoice twice (customer and number), for the rows valid so far:
 * sorted by the hash of their keys, the rows with one key are together, in
 * row order; the first of them is the one the others repeat. A million rows
 * take a few milliseconds, where a table of every key took half a second. */
static void
find_duplicates (RowCheck *checks)
{
  CbzCsvImport *self = checks[0].self;
  guint n_rows = cbz_csv_import_get_n_rows (self);
  g_autofree KeyedRow *keyed = g_new (KeyedRow, MAX (n_rows, 1));
  guint n = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      if ((checks[0].state[i] & (ROW_CHECK_BLANK | ROW_CHECK_EXTRA | ROW_CHECK_INVOICE_OK)) == ROW_CHECK_INVOICE_OK &&
          checks[0].memo[i]->valid)
        {
          keyed[n].hash = checks[0].key_hash[i];
          keyed[n].row = i;
          n++;
        }
    }
  sort_by_hash (keyed, n);

  for (guint start = 0, end; start < n; start = end)
    {
      for (end = start + 1; end < n && keyed[end].hash == keyed[start].hash; end++)
        ;
      /* Equal hashes are nearly always equal keys; check. */
      for (guint j = start + 1; j < end; j++)
        {
          for (guint k = start; k < j; k++)
            {
              if (same_invoice (checks, keyed[k].row, keyed[j].row))
                {
                  checks[0].duplicate_of[keyed[j].row] = keyed[k].row + 2;
                  break;
                }
            }
        }
    }
}

/* Moves the problems of data row @index from its check to @problems, as
 * the checking on one thread would have added them. @own is the row's memo
 * in its check; @warned_before, whether an earlier row of the file (in the
 * other half) already told the warnings of the same customer cells.
 * Returns how many warnings it left out for that. */
static guint
merge_row_problems (RowCheck     *check,
                    guint         index,
                    CustomerMemo *own,
                    gboolean      warned_before,
                    Problems     *problems)
{
  /* A customer's warnings come first among a row's problems, at the row
   * where its check met it first (every row, for cells with errors). */
  guint skip = warned_before && own->valid && own->first_row == index ? own->n_warnings : 0;
  guint n = check->state[index] & ROW_CHECK_N_PROBLEMS;

  for (guint k = 0; k < n; k++)
    {
      CbzImportProblem *problem = NULL;

      /* A check keeps no more problems than @problems does: one it dropped
       * comes after the first CBZ_CSV_IMPORT_MAX_PROBLEMS here too. */
      if (check->next < check->problems.array->len)
        problem = g_ptr_array_index (check->problems.array, check->next++);
      if (k < skip)
        {
          g_clear_pointer (&problem, cbz_import_problem_free);
          continue;
        }
      problems->n++;
      if (problem == NULL)
        continue;
      if (problems->array->len < CBZ_CSV_IMPORT_MAX_PROBLEMS)
        g_ptr_array_add (problems->array, problem);
      else
        cbz_import_problem_free (problem);
    }
  return skip;
}

/* The memo of the first half for the cells of a memo of either half. */
static CustomerMemo *
merge_customer (RowCheck     *checks,
                CustomerMemo *memo)
{
  if (memo->merged == NULL)
    {
      memo->merged = g_hash_table_lookup (checks[0].customers, memo->cells);
      if (memo->merged == NULL)
        memo->merged = memo;
    }
  return memo->merged;
}

static void
row_checks_free (RowCheck *checks)
{
  if (checks == NULL)
    return;
  for (guint t = 0; t < 2; t++)
    {
      GPtrArray *array = checks[t].problems.array;

      for (guint j = checks[t].next; j < array->len; j++)
        cbz_import_problem_free (g_ptr_array_index (array, j));
      g_ptr_array_unref (array);
      g_hash_table_unref (checks[t].customers);
      g_string_chunk_free (checks[t].chunk);
    }
  g_free (checks[0].state);
  g_free (checks[0].memo);
  g_free (checks[0].duplicate_of);
  g_free (checks[0].key_hash);
  g_free (checks);
}

/* @work on @checks[1] on a second thread while this one does @checks[0]
 * (both on this thread when no thread can be started). */
static void
run_on_two_threads (GThreadFunc  work,
                    RowCheck    *checks)
{
  GThread *thread = g_thread_try_new ("cbz-import-check", work, &checks[1], NULL);

  work (&checks[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    work (&checks[1]);
}

/* Checks the rows on two threads. Returns NULL when cancelled. */
static RowCheck *
check_rows_in_parallel (CbzCsvImport  *self,
                        GCancellable  *cancellable,
                        double         progress_from,
                        double         progress_to,
                        GError       **error)
{
  RowCheck *checks = g_new0 (RowCheck, 2);
  guint n_rows = cbz_csv_import_get_n_rows (self);
  guint8 *state = g_malloc0 (n_rows);
  CustomerMemo **memo = g_new0 (CustomerMemo *, n_rows);
  guint32 *duplicate_of = g_new0 (guint32, n_rows);
  guint32 *key_hash = g_new (guint32, n_rows);

  /* The error domains a row's problems come in: G_DEFINE_QUARK's first
   * call registers the quark unlocked, so not on two threads at once. */
  (void) CBZ_DATE_ERROR;
  (void) CBZ_MONEY_ERROR;
  (void) CBZ_PHONE_ERROR;
  (void) CBZ_TAX_ID_ERROR;

  for (guint t = 0; t < 2; t++)
    {
      checks[t].self = self;
      checks[t].cancellable = cancellable;
      checks[t].start = t == 0 ? 0 : n_rows / 2;
      checks[t].end = t == 0 ? n_rows / 2 : n_rows;
      checks[t].state = state;
      checks[t].memo = memo;
      checks[t].duplicate_of = duplicate_of;
      checks[t].key_hash = key_hash;
      checks[t].customers = g_hash_table_new_full (_cbz_csv_import_hash_key, g_str_equal, NULL, g_free);
      checks[t].chunk = g_string_chunk_new (1 << 20);
      checks[t].problems.array = g_ptr_array_new ();
    }
  checks[0].report_progress = TRUE;
  checks[0].progress_from = progress_from;
  checks[0].progress_to = progress_to;

  run_on_two_threads (check_rows, checks);

  if (!checks[0].stopped && !checks[1].stopped)
    find_duplicates (checks);

  if (checks[0].stopped || checks[1].stopped)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, g_dgettext ("glib20", "Operation was cancelled"));
      row_checks_free (checks);
      return NULL;
    }
  return checks;
}

gboolean
_cbz_csv_import_validate_rows (CbzCsvImport  *self,
                               GCancellable  *cancellable,
                               double         progress_from,
                               GError       **error)
{
  g_autoptr(GPtrArray) problem_array = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (_cbz_csv_import_hash_key, g_str_equal);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (_cbz_csv_import_hash_key, g_str_equal, NULL, g_free);
  g_autoptr(GString) key = g_string_sized_new (128);
  g_autoptr(GString) cells = g_string_sized_new (256);
  GStringChunk *chunk = g_string_chunk_new (1 << 20);
  Problems problems = { problem_array, 0 };
  RowCheck *checks = NULL;
  CbzImportRecord record;
  guint n_rows = cbz_csv_import_get_n_rows (self);
  guint warnings_told_twice = 0;
  gboolean columns_ok;

  self->validated = FALSE;
  self->n_problems = 0;
  self->n_warnings = 0;
  self->n_valid = self->n_invalid = self->n_blank = 0;
  g_clear_pointer (&self->row_state, g_free);
  self->row_state = g_malloc0 (MAX (n_rows, 1));
  g_clear_pointer (&self->invoice_cache, g_free);
  self->invoice_cache = g_new0 (InvoiceCache, MAX (n_rows, 1));
  g_clear_pointer (&self->customer_row, g_free);
  self->customer_row = g_new (guint32, MAX (n_rows, 1));

  _cbz_csv_import_update_tax_id_hint (self);
  columns_ok = _cbz_csv_import_check_required_columns (self, problem_array);
  self->has_file_problems = !columns_ok;

  if (columns_ok && n_rows >= PARALLEL_MIN_ROWS && g_get_num_processors () > 1)
    {
      /* Most of the checking. */
      double progress_to = progress_from + (1.0 - progress_from) * 0.9;

      checks = check_rows_in_parallel (self, cancellable, progress_from, progress_to, error);
      if (checks == NULL)
        {
          g_string_chunk_free (chunk);
          return FALSE;
        }
      progress_from = progress_to;
    }

  cbz_import_record_init (&record);
  for (guint i = 0; i < n_rows; i++)
    {
      CustomerMemo *memo;
      const char *invoice_number;
      guint extra;

      if (i % PROGRESS_ROWS == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              cbz_import_record_clear (&record);
              g_string_chunk_free (chunk);
              row_checks_free (checks);
              return FALSE;
            }
          _cbz_csv_import_set_progress (self, progress_from + (1.0 - progress_from) * i / MAX (n_rows, 1));
        }

      if (checks != NULL ? (checks[0].state[i] & ROW_CHECK_BLANK) != 0 : _cbz_csv_import_row_is_blank (self, i))
        {
          self->row_state[i] = ROW_BLANK;
          self->n_blank++;
          continue;
        }
      if (!columns_ok)
        {
          self->row_state[i] = ROW_INVALID;
          self->n_invalid++;
          continue;
        }

      if (checks != NULL)
        {
          /* The whole row checked ahead. */
          RowCheck *check = &checks[i < checks[1].start ? 0 : 1];
          CustomerMemo *own = check->memo[i];

          memo = check == &checks[0] ? own : merge_customer (checks, own);
          self->row_state[i] = memo->valid ? ROW_VALID : ROW_INVALID;
          warnings_told_twice += merge_row_problems (check, i, own, memo != own, &problems);
          if (!(check->state[i] & ROW_CHECK_INVOICE_OK))
            self->row_state[i] = ROW_INVALID;
          invoice_number = self->invoice_cache[i].number;
        }
      else
        {
          _cbz_csv_import_get_customer_cells (self, i, cells);
          memo = _cbz_csv_import_check_customer (self, i, cells, customers, chunk, key, &record, &problems);
          self->row_state[i] = memo->valid ? ROW_VALID : ROW_INVALID;
          if (!_cbz_csv_import_convert_row (self, i, CBZ_IMPORT_RECORD_INVOICE, &record, &problems))
            self->row_state[i] = ROW_INVALID;
          invoice_number = record.invoice_number;
        }

      /* Values beyond the header's columns belong nowhere. */
      extra = checks == NULL || (checks[0].state[i] & ROW_CHECK_EXTRA) != 0
              ? cbz_csv_table_get_n_fields (self->table, i + 1) : 0;
      for (guint c = self->n_columns; c < extra; c++)
        {
          if (cbz_csv_table_get_cell (self->table, i + 1, c)[0] != '\0')
            {
              /* More values than columns: always two values or more. */
              g_autofree char *reason =
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "the row has %u values but the header has only %u column (is a value with a delimiter in it missing its quotes?)",
                                              "the row has %u values but the header has only %u columns (is a value with a delimiter in it missing its quotes?)",
                                              self->n_columns),
                                 extra, self->n_columns);

              _cbz_csv_import_add_problem (self, &problems, i, CBZ_IMPORT_FIELD_NONE, CBZ_IMPORT_ERROR_BAD_ROW, reason);
              self->row_state[i] = ROW_INVALID;
              break;
            }
        }

      /* The same invoice twice would be imported twice, or once silently. */
      if (self->row_state[i] == ROW_VALID)
        {
          gpointer first_row;

          if (checks != NULL)
            first_row = GUINT_TO_POINTER (checks[0].duplicate_of[i]);
          else
            {
              g_string_truncate (key, 0);
              g_string_append (key, memo->customer_key);
              g_string_append_c (key, '\x1f');
              g_string_append (key, invoice_number);
              first_row = g_hash_table_lookup (seen, key->str);
            }

          if (first_row != NULL)
            {
              g_autofree char *reason =
                g_strdup_printf (_("invoice “%s” of this customer is already in row %u"),
                                 invoice_number, GPOINTER_TO_UINT (first_row));

              _cbz_csv_import_add_problem (self, &problems, i, CBZ_IMPORT_FIELD_INVOICE_NUMBER,
                           CBZ_IMPORT_ERROR_DUPLICATE_INVOICE, reason);
              self->row_state[i] = ROW_INVALID;
            }
          else if (checks == NULL)
            g_hash_table_insert (seen, g_string_chunk_insert_len (chunk, key->str, key->len),
                                 GUINT_TO_POINTER (i + 2));
        }

      self->customer_row[i] = i;
      if (self->row_state[i] == ROW_VALID)
        {
          InvoiceCache *c = &self->invoice_cache[i];

          if (memo->first_valid_row == G_MAXUINT32)
            memo->first_valid_row = i;
          self->customer_row[i] = memo->first_valid_row;

          if (checks == NULL)
            {
              c->number = record.invoice_number;
              c->description = record.description;
              c->amount = record.amount;
              c->balance = record.balance;
              c->issue_date = record.issue_date;
              c->due_date = record.due_date;
              memcpy (c->currency, record.currency, sizeof c->currency);
              c->status = record.status;
            }
          self->n_valid++;
        }
      else
        {
          /* The cache holds valid rows only. */
          if (checks != NULL)
            memset (&self->invoice_cache[i], 0, sizeof self->invoice_cache[i]);
          self->n_invalid++;
        }
    }
  cbz_import_record_clear (&record);
  g_hash_table_remove_all (seen);
  g_string_chunk_free (chunk);
  /* Checked ahead, every warning went into one of the checks. */
  if (checks != NULL)
    problems.n_warnings = checks[0].problems.n_warnings + checks[1].problems.n_warnings - warnings_told_twice;
  row_checks_free (checks);

  self->n_problems += problems.n;
  self->n_warnings = problems.n_warnings;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&problem_array);
  self->validated = TRUE;
  _cbz_csv_import_set_progress (self, 1.0);
  return TRUE;
}
