/* cbz-import-writer-invoices.c: the invoices, and the summaries they add up to
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-import-writer-private.h"

static const char select_invoice_sql[] =
  "SELECT id, issue_date, due_date, currency, amount, balance, status, description"
  " FROM invoices WHERE debtor_id = ?1 AND number = ?2";
static const char insert_invoice_sql[] =
  "INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency, amount, balance,"
  " status, description, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char update_invoice_sql[] =
  "UPDATE invoices SET issue_date = COALESCE (?2, issue_date), due_date = ?3, currency = ?4,"
  " amount = ?5, balance = ?6, status = ?7, description = COALESCE (?8, description),"
  " updated_at = ?9 WHERE id = ?1";

/* What summary_all_sql in cbz-store-summaries.c computes, one invoice at a
 * time: open means a positive balance and status open, partially paid or
 * disputed; money in the debtor's currency only; the count over every
 * currency; a disputed invoice is owed but neither overdue nor aged. */
static void
count_invoice (CbzImportWriter  *w,
               CbzImportDebtor  *stats,
               CbzInvoiceStatus  status,
               gint64            balance,
               const char       *currency,
               CbzDate           due_date)
{
  const char *nick = cbz_invoice_status_to_string (status);

  if (!w->count_summaries || balance <= 0 ||
      !(g_str_equal (nick, "open") || g_str_equal (nick, "partially-paid") || g_str_equal (nick, "disputed")))
    return;

  stats->open_count++;
  if (status == CBZ_INVOICE_STATUS_DISPUTED)
    stats->disputed = TRUE;
  else if (!cbz_date_is_set (stats->oldest_due_date) || cbz_date_compare (due_date, stats->oldest_due_date) < 0)
    stats->oldest_due_date = due_date;
  if (strcmp (currency, stats->currency) != 0)
    {
      stats->other_currencies = TRUE;
      return;
    }
  /* sqlite's SUM fails on overflow: let it say so. */
  if (__builtin_add_overflow (stats->open_balance, balance, &stats->open_balance))
    w->count_summaries = FALSE;
  if (status != CBZ_INVOICE_STATUS_DISPUTED && cbz_date_compare (due_date, w->today) < 0 &&
      __builtin_add_overflow (stats->overdue_balance, balance, &stats->overdue_balance))
    w->count_summaries = FALSE;
}

static gboolean
insert_invoice (CbzImportWriter         *w,
                gint64                   debtor_id,
                const CbzImportInvoice  *r,
                gboolean                *inserted,
                GError                 **error)
{
  sqlite3_stmt *stmt = w->insert_invoice;
  char issue[CBZ_DATE_ISO_LENGTH];
  char due[CBZ_DATE_ISO_LENGTH];
  int rc;

  sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_import_writer_bind_static (stmt, 2, r->number);
  _cbz_import_writer_bind_static (stmt, 3, cbz_date_is_set (r->issue_date) ? cbz_date_to_iso (r->issue_date, issue) : NULL);
  _cbz_import_writer_bind_static (stmt, 4, cbz_date_to_iso (r->due_date, due));
  _cbz_import_writer_bind_static (stmt, 5, r->currency);
  sqlite3_bind_int64 (stmt, 6, r->amount);
  sqlite3_bind_int64 (stmt, 7, r->balance);
  _cbz_import_writer_bind_static (stmt, 8, cbz_invoice_status_to_string (r->status));
  _cbz_import_writer_bind_static (stmt, 9, r->description);
  sqlite3_bind_int64 (stmt, 10, w->now);

  /* A plain INSERT (an upsert clause costs a third more per row); the rare
   * collision, two spellings of one customer with the same invoice number,
   * comes back as a constraint failure and is handled as an update. */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    rc = sqlite3_extended_errcode (w->db);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      *inserted = FALSE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (w->store, error, insert_invoice_sql);
      return FALSE;
    }
  *inserted = TRUE;
  return TRUE;
}

static gboolean
upsert_invoice (CbzImportWriter         *w,
                CbzImportDebtor         *stats,
                const CbzImportInvoice  *r,
                GError                 **error)
{
  sqlite3_stmt *stmt;
  char issue[CBZ_DATE_ISO_LENGTH];
  char due[CBZ_DATE_ISO_LENGTH];
  const char *status = cbz_invoice_status_to_string (r->status);
  gboolean inserted = FALSE;
  gint64 invoice_id;
  gboolean same;

  /* A customer created by this import has only the invoices this import
   * gave it: insert straight away, and look only if that collides. */
  if (stats->created)
    {
      if (!insert_invoice (w, stats->id, r, &inserted, error))
        return FALSE;
      if (inserted)
        {
          stats->invoices_created++;
          count_invoice (w, stats, r->status, r->balance, r->currency, r->due_date);
          return TRUE;
        }
    }

  stmt = w->select_invoice;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  _cbz_import_writer_bind_static (stmt, 2, r->number);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_DONE:
      sqlite3_reset (stmt);
      if (!insert_invoice (w, stats->id, r, &inserted, error))
        return FALSE;
      stats->invoices_created++;
      count_invoice (w, stats, r->status, r->balance, r->currency, r->due_date);
      return TRUE;
    case SQLITE_ROW:
      break;
    default:
      _cbz_store_set_error (w->store, error, select_invoice_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }

  if (cbz_date_is_set (r->issue_date))
    cbz_date_to_iso (r->issue_date, issue);
  cbz_date_to_iso (r->due_date, due);
  invoice_id = sqlite3_column_int64 (stmt, 0);
  same = (!cbz_date_is_set (r->issue_date) ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), issue) == 0) &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), due) == 0 &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), r->currency) == 0 &&
         sqlite3_column_int64 (stmt, 4) == r->amount &&
         sqlite3_column_int64 (stmt, 5) == r->balance &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), status) == 0 &&
         (r->description == NULL ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), r->description) == 0);
  sqlite3_reset (stmt);
  /* The invoice was already written: counting it again would be wrong. */
  w->count_summaries = FALSE;

  if (same)
    {
      stats->invoices_unchanged++;
      return TRUE;
    }

  stmt = _cbz_store_prepare (w->store, update_invoice_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  _cbz_bind_text (stmt, 2, cbz_date_is_set (r->issue_date) ? issue : NULL);
  _cbz_bind_text (stmt, 3, due);
  _cbz_bind_text (stmt, 4, r->currency);
  sqlite3_bind_int64 (stmt, 5, r->amount);
  sqlite3_bind_int64 (stmt, 6, r->balance);
  _cbz_bind_text (stmt, 7, status);
  _cbz_bind_text (stmt, 8, r->description);
  sqlite3_bind_int64 (stmt, 9, w->now);
  if (!_cbz_import_writer_step_done (w, stmt, update_invoice_sql, error))
    return FALSE;
  stats->invoices_updated++;
  return TRUE;
}

/* Statements cached by the store, so valid for its lifetime; each use
 * rebinds every parameter and resets. */
gboolean
_cbz_import_writer_prepare_invoices (CbzImportWriter  *w,
                                     GError          **error)
{
  w->insert_invoice = _cbz_store_prepare (w->store, insert_invoice_sql, error);
  w->select_invoice = w->insert_invoice != NULL ? _cbz_store_prepare (w->store, select_invoice_sql, error) : NULL;
  return w->select_invoice != NULL;
}

/* A counting sort by customer slot: no comparisons, file order kept within
 * each customer. Then the rows' invoices are gathered in that order, their
 * numbers and descriptions copied together: every later pass (the insert,
 * the counts, the search index) reads them one after the other instead of
 * from all over the file. */
void
_cbz_import_writer_group_rows (CbzImportWriter *w,
                               CbzCsvImport    *import)
{
  /* Far enough ahead for the memory to answer before the row is reached. */
  const guint ahead = 8;
  guint n_rows = cbz_csv_import_get_n_rows (import);
  guint n_groups = w->stats_order->len;
  g_autofree guint32 *next = NULL;
  guint n;

  w->group_start = g_new0 (guint32, n_groups + 1);
  for (guint i = 0; i < n_rows; i++)
    {
      if (w->row_stats[i] != NULL)
        w->group_start[w->row_stats[i]->slot + 1]++;
    }
  for (guint k = 0; k < n_groups; k++)
    w->group_start[k + 1] += w->group_start[k];

  n = w->group_start[n_groups];
  w->order = g_new (guint32, MAX (n, 1));
  next = g_memdup2 (w->group_start, sizeof (guint32) * (n_groups + 1));
  for (guint i = 0; i < n_rows; i++)
    {
      if (w->row_stats[i] != NULL)
        w->order[next[w->row_stats[i]->slot]++] = i;
    }

  w->invoices = g_new (CbzImportInvoice, MAX (n, 1));
  cbz_csv_import_get_invoices (import, w->order, n, w->invoices);
  w->texts = g_string_chunk_new (1 << 20);
  for (guint k = 0; k < n; k++)
    {
      CbzImportInvoice *invoice = &w->invoices[k];

      if (k + ahead < n)
        __builtin_prefetch (w->invoices[k + ahead].number);
      invoice->number = g_string_chunk_insert (w->texts, invoice->number);
      if (invoice->description != NULL)
        invoice->description = g_string_chunk_insert (w->texts, invoice->description);
    }

  w->position_stats = g_new (CbzImportDebtor *, MAX (n, 1));
  for (guint slot = 0; slot < n_groups; slot++)
    {
      for (guint k = w->group_start[slot]; k < w->group_start[slot + 1]; k++)
        w->position_stats[k] = g_ptr_array_index (w->stats_order, slot);
    }
}

/* After the big insert: every inserted row counts for its customer; a row
 * the insert skipped repeats (by customer and number) one written before
 * it, and is written again now as the update it is. */
static gboolean
count_new_invoices (CbzImportWriter         *w,
                    const CbzImportInvoice  *invoices,
                    CbzImportDebtor *const  *stats,
                    guint                    n,
                    guint                    n_inserted,
                    GError                 **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) key = NULL;
  guint n_skipped = 0;
  gboolean ok = TRUE;

  if (n_inserted < n)
    {
      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      key = g_string_new (NULL);
    }

  for (guint k = 0; k < n && ok; k++)
    {
      const CbzImportInvoice *r = &invoices[k];

      if (seen != NULL)
        {
          g_string_printf (key, "%" G_GINT64_FORMAT "\x1f%s", stats[k]->id, r->number);
          if (!g_hash_table_add (seen, g_strdup (key->str)))
            {
              n_skipped++;
              ok = upsert_invoice (w, stats[k], r, error);
              continue;
            }
        }
      stats[k]->invoices_created++;
      count_invoice (w, stats[k], r->status, r->balance, r->currency, r->due_date);
    }

  /* Nothing else may have been skipped: every value was checked. */
  if (ok && n_inserted + n_skipped != n)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   g_dngettext (GETTEXT_PACKAGE, "%u invoice could not be written", "%u invoices could not be written",
                                n - n_inserted - n_skipped),
                   n - n_inserted - n_skipped);
      return FALSE;
    }
  return ok;
}

/* Pass 2: the invoices, customer by customer. Known customers' are looked
 * up and inserted or updated one by one; new customers' have nothing to be
 * compared with and go in with one statement. */
gboolean
_cbz_import_writer_write_invoices (CbzImportWriter   *w,
                                   CbzCsvImport      *import,
                                   CbzImportSummary  *summary,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  g_autoptr(GPtrArray) index_definitions = NULL;
  g_autofree CbzImportInvoice *mixed_invoices = NULL;
  g_autofree CbzImportDebtor **mixed_stats = NULL;
  guint n_written = w->group_start[w->stats_order->len];
  const CbzImportInvoice *new_invoices = w->invoices;
  CbzImportDebtor *const *new_stats = w->position_stats;
  guint n_new = 0;
  guint n_inserted = 0;
  gint64 existing = 0;
  gboolean ok = TRUE;

  if (n_written >= 10000)
    {
      if (!_cbz_import_writer_query_int64 (w, "SELECT count(*) FROM invoices", &existing, error))
        return FALSE;
      if ((gint64) n_written > existing * 2)
        {
          index_definitions = _cbz_import_writer_drop_secondary_indexes (w, "invoices", "debtor_id", error);
          if (index_definitions == NULL)
            return FALSE;
        }
    }

  /* Known customers' invoices, one by one; new customers' are collected,
   * in place when every customer is new. */
  if (w->had_debtors)
    {
      mixed_invoices = g_new (CbzImportInvoice, MAX (n_written, 1));
      mixed_stats = g_new (CbzImportDebtor *, MAX (n_written, 1));
      new_invoices = mixed_invoices;
      new_stats = mixed_stats;
    }
  for (guint slot = 0; slot < w->stats_order->len && ok; slot++)
    {
      CbzImportDebtor *stats = g_ptr_array_index (w->stats_order, slot);
      guint start = w->group_start[slot];
      guint end = w->group_start[slot + 1];

      if (stats->created)
        {
          if (mixed_invoices != NULL)
            {
              memcpy (mixed_invoices + n_new, w->invoices + start, (end - start) * sizeof (CbzImportInvoice));
              memcpy (mixed_stats + n_new, w->position_stats + start, (end - start) * sizeof (CbzImportDebtor *));
            }
          n_new += end - start;
          continue;
        }
      for (guint k = start; k < end && ok; k++)
        {
          if (k % 16384 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else
            ok = upsert_invoice (w, stats, &w->invoices[k], error);
        }
    }

  ok = ok && _cbz_import_writer_insert_new_invoices (w, new_invoices, new_stats, n_new, cancellable, &n_inserted, error);
  g_debug ("import: invoice rows inserted at %.3f s", (g_get_monotonic_time () - w->started) / 1e6);
  ok = ok && count_new_invoices (w, new_invoices, new_stats, n_new, n_inserted, error);
  if (ok)
    summary->rows_imported += n_written;

  /* The inserts above bypass _cbz_store_step_done(): tell the store. */
  cbz_store_mark_changed (w->store);
  if (ok && index_definitions != NULL)
    ok = _cbz_import_writer_create_indexes (w, index_definitions, error);
  return ok;
}

/* Every debtor is new and in stats_order, counted as its invoices went in. */
gboolean
_cbz_import_writer_write_counted_summaries (CbzImportWriter  *w,
                                            GError          **error)
{
  g_autoptr(GArray) figures = g_array_sized_new (FALSE, FALSE, sizeof (CbzSummaryFigures),
                                                 w->stats_order->len);

  for (guint i = 0; i < w->stats_order->len; i++)
    {
      const CbzImportDebtor *stats = g_ptr_array_index (w->stats_order, i);
      CbzSummaryFigures f = {
        stats->id, stats->currency, stats->other_currencies, stats->open_count,
        stats->open_balance, stats->overdue_balance, stats->oldest_due_date,
        stats->disputed,
      };

      g_assert (stats->created);
      g_array_append_val (figures, f);
    }
  w->search_copied = w->search != NULL;
  return _cbz_store_write_new_summaries (w->store, (const CbzSummaryFigures *) (gpointer) figures->data,
                                         figures->len, w->search, error);
}
