/* cbz-import-writer-rows.c: new customers' invoices, read by sqlite as a table
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A first import writes a million invoices of customers it has just
 * created. Bound one statement at a time (even 32 rows to a statement),
 * that is ten sqlite3_bind_*() calls, a step and a reset per row: half the
 * time of the whole insert. Here the rows are a table-valued function over
 * the checked import, and one INSERT ... SELECT writes them all, sqlite
 * reading each value straight from the import's buffer.
 *
 * INSERT OR IGNORE: the one collision a checked file can still hold (the
 * same customer written two ways, by its tax ID and by name only, with the
 * same invoice number twice) is skipped here and counted; the caller writes
 * those rows again, one by one, as the updates they are.
 *
 * Without foreign key checks: every debtor_id is one this import has just
 * inserted (sqlite3_last_insert_rowid()), and looking each up again was a
 * quarter of the statement.
 */

#include "config.h"

#include <string.h>

#include "cbz-import-writer-private.h"

#define MODULE_NAME "cbz_import_invoices"
#define FEED_TYPE "cbz-import-invoices-feed"

enum
{
  COLUMN_DEBTOR_ID,
  COLUMN_NUMBER,
  COLUMN_ISSUE_DATE,
  COLUMN_DUE_DATE,
  COLUMN_CURRENCY,
  COLUMN_AMOUNT,
  COLUMN_BALANCE,
  COLUMN_STATUS,
  COLUMN_DESCRIPTION,
  COLUMN_NOW,
  COLUMN_FEED,         /* hidden: the function's argument */
};

/* What the statement reads: @invoices of customers @stats, in that order. */
typedef struct
{
  const CbzImportInvoice  *invoices;
  CbzImportDebtor *const  *stats;
  guint                    n_rows;
  gint64                   now;
  GCancellable            *cancellable;
} Feed;

typedef struct
{
  sqlite3_vtab_cursor  base;
  const Feed          *feed;
  guint                k;
  char                 issue[CBZ_DATE_ISO_LENGTH];
  char                 due[CBZ_DATE_ISO_LENGTH];
} Cursor;

static const char insert_sql[] =
  "INSERT OR IGNORE INTO invoices (debtor_id, number, issue_date, due_date, currency, amount, balance,"
  " status, description, created_at, updated_at)"
  " SELECT debtor_id, number, issue_date, due_date, currency, amount, balance, status, description, now, now"
  " FROM " MODULE_NAME " (?1)";

static int
rows_connect (sqlite3             *db,
              void                *aux,
              int                  argc,
              const char * const  *argv,
              sqlite3_vtab       **out_vtab,
              char               **error)
{
  sqlite3_vtab *vtab;
  int rc = sqlite3_declare_vtab (db,
                                 "CREATE TABLE x (debtor_id, number, issue_date, due_date, currency,"
                                 " amount, balance, status, description, now, feed HIDDEN)");

  if (rc != SQLITE_OK)
    return rc;
  vtab = sqlite3_malloc (sizeof *vtab);
  if (vtab == NULL)
    return SQLITE_NOMEM;
  memset (vtab, 0, sizeof *vtab);
  *out_vtab = vtab;
  return SQLITE_OK;
}

static int
rows_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

/* Without its argument the function has no rows. */
static int
rows_best_index (sqlite3_vtab       *vtab,
                 sqlite3_index_info *info)
{
  for (int i = 0; i < info->nConstraint; i++)
    {
      const struct sqlite3_index_constraint *c = &info->aConstraint[i];

      if (c->iColumn == COLUMN_FEED && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable)
        {
          info->aConstraintUsage[i].argvIndex = 1;
          info->aConstraintUsage[i].omit = 1;
          info->idxNum = 1;
          info->estimatedCost = 1.0;
          return SQLITE_OK;
        }
    }
  info->idxNum = 0;
  info->estimatedCost = 1e12;
  return SQLITE_OK;
}

static int
rows_open (sqlite3_vtab         *vtab,
           sqlite3_vtab_cursor **out_cursor)
{
  Cursor *cursor = sqlite3_malloc (sizeof *cursor);

  if (cursor == NULL)
    return SQLITE_NOMEM;
  memset (cursor, 0, sizeof *cursor);
  *out_cursor = &cursor->base;
  return SQLITE_OK;
}

static int
rows_close (sqlite3_vtab_cursor *base)
{
  sqlite3_free (base);
  return SQLITE_OK;
}

static int
load_row (Cursor *cursor)
{
  const Feed *feed = cursor->feed;
  const CbzImportInvoice *r;

  if (feed == NULL || cursor->k >= feed->n_rows)
    return SQLITE_OK;
  if (cursor->k % 16384 == 0 && g_cancellable_is_cancelled (feed->cancellable))
    return SQLITE_INTERRUPT;
  r = &feed->invoices[cursor->k];
  cursor->issue[0] = '\0';
  if (cbz_date_is_set (r->issue_date))
    cbz_date_to_iso (r->issue_date, cursor->issue);
  cbz_date_to_iso (r->due_date, cursor->due);
  return SQLITE_OK;
}

static int
rows_filter (sqlite3_vtab_cursor  *base,
             int                   idx_num,
             const char           *idx_str,
             int                   argc,
             sqlite3_value       **argv)
{
  Cursor *cursor = (Cursor *) base;

  cursor->feed = idx_num == 1 && argc == 1 ? sqlite3_value_pointer (argv[0], FEED_TYPE) : NULL;
  cursor->k = 0;
  return load_row (cursor);
}

static int
rows_next (sqlite3_vtab_cursor *base)
{
  Cursor *cursor = (Cursor *) base;

  cursor->k++;
  return load_row (cursor);
}

static int
rows_eof (sqlite3_vtab_cursor *base)
{
  Cursor *cursor = (Cursor *) base;

  return cursor->feed == NULL || cursor->k >= cursor->feed->n_rows;
}

/* Text that lives as long as the import: the statement need not copy it. */
static void
result_text (sqlite3_context *context,
             const char      *text)
{
  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, text, (int) strlen (text), SQLITE_STATIC);
}

static int
rows_column (sqlite3_vtab_cursor *base,
             sqlite3_context     *context,
             int                  column)
{
  Cursor *cursor = (Cursor *) base;
  const Feed *feed = cursor->feed;
  const CbzImportInvoice *r = &feed->invoices[cursor->k];

  switch (column)
    {
    case COLUMN_DEBTOR_ID:
      sqlite3_result_int64 (context, feed->stats[cursor->k]->id);
      break;
    case COLUMN_NUMBER:
      result_text (context, r->number);
      break;
    case COLUMN_ISSUE_DATE:
      /* The cursor's buffers change with the row: copied. */
      if (cursor->issue[0] != '\0')
        sqlite3_result_text (context, cursor->issue, -1, SQLITE_TRANSIENT);
      else
        sqlite3_result_null (context);
      break;
    case COLUMN_DUE_DATE:
      sqlite3_result_text (context, cursor->due, -1, SQLITE_TRANSIENT);
      break;
    case COLUMN_CURRENCY:
      sqlite3_result_text (context, r->currency, -1, SQLITE_TRANSIENT);
      break;
    case COLUMN_AMOUNT:
      sqlite3_result_int64 (context, r->amount);
      break;
    case COLUMN_BALANCE:
      sqlite3_result_int64 (context, r->balance);
      break;
    case COLUMN_STATUS:
      result_text (context, cbz_invoice_status_to_string (r->status));
      break;
    case COLUMN_DESCRIPTION:
      result_text (context, r->description);
      break;
    case COLUMN_NOW:
      sqlite3_result_int64 (context, feed->now);
      break;
    default:
      sqlite3_result_null (context);
      break;
    }
  return SQLITE_OK;
}

static int
rows_rowid (sqlite3_vtab_cursor *base,
            sqlite3_int64       *rowid)
{
  *rowid = ((Cursor *) base)->k;
  return SQLITE_OK;
}

/* Eponymous only (no xCreate): usable as a table-valued function. */
static const sqlite3_module rows_module = {
  .iVersion = 0,
  .xConnect = rows_connect,
  .xBestIndex = rows_best_index,
  .xDisconnect = rows_disconnect,
  .xOpen = rows_open,
  .xClose = rows_close,
  .xFilter = rows_filter,
  .xNext = rows_next,
  .xEof = rows_eof,
  .xColumn = rows_column,
  .xRowid = rows_rowid,
};

/**
 * _cbz_import_writer_insert_new_invoices:
 * @invoices: invoices of customers this import created, in the order to
 *   write them
 * @stats: the customer of each
 * @n_inserted: (out): how many were inserted; the others collided with an
 *   invoice of the same customer and number written before them
 */
gboolean
_cbz_import_writer_insert_new_invoices (CbzImportWriter         *w,
                                        const CbzImportInvoice  *invoices,
                                        CbzImportDebtor *const  *stats,
                                        guint                    n_rows,
                                        GCancellable            *cancellable,
                                        guint                   *n_inserted,
                                        GError                 **error)
{
  Feed feed = { invoices, stats, n_rows, w->now, cancellable };
  sqlite3_stmt *stmt = NULL;
  int foreign_keys = 1;
  int rc;

  *n_inserted = 0;
  if (n_rows == 0)
    return TRUE;

  /* Registered for this statement only: the connection outlives the
   * import, and nothing else should find the module. Unlike PRAGMA
   * foreign_keys, the setting below works inside a transaction; the
   * statement is prepared without the checks, and they are back after. */
  sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &foreign_keys);
  sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
  if (sqlite3_create_module_v2 (w->db, MODULE_NAME, &rows_module, NULL, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (w->db, insert_sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &feed, FEED_TYPE, NULL);
      rc = sqlite3_step (stmt);
    }
  else
    rc = sqlite3_errcode (w->db);
  if (rc == SQLITE_DONE)
    *n_inserted = (guint) sqlite3_changes (w->db);
  else if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    _cbz_store_set_error (w->store, error, insert_sql);
  sqlite3_finalize (stmt);
  sqlite3_create_module_v2 (w->db, MODULE_NAME, NULL, NULL, NULL);
  sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, foreign_keys, NULL);

  /* The insert bypassed _cbz_store_step_done(): tell the store. */
  cbz_store_mark_changed (w->store);
  return rc == SQLITE_DONE;
}
