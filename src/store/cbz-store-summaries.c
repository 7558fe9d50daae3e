/* cbz-store-summaries.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-search-builder-private.h"
#include "cbz-store-private.h"

/*
 * debtor_summaries and the search index are derived data, recomputed here in
 * a few set-based statements for the debtors given (as a JSON array bound to
 * ?2, read with json_each) or for everyone.
 *
 * "Open" means owed: balance > 0 and status open, partially paid or disputed.
 * Money figures are in the debtor's main currency; open invoices in other
 * currencies count in open_count and oldest_due_date and raise
 * other_currencies. A disputed invoice is owed (open_count, open_balance)
 * but neither overdue nor aged (overdue_balance, oldest_due_date,
 * days_overdue): nobody chases it until the dispute is resolved.
 *
 * flags (CbzSummaryFlags) say what the list marks beside the customer.
 */

#define SUMMARY_SQL(INVOICE_FILTER, DEBTOR_FILTER)                                   \
  "WITH agg AS ("                                                                    \
  "  SELECT i.debtor_id AS debtor_id,"                                               \
  "         COUNT(*) AS open_count,"                                                 \
  "         SUM(CASE WHEN i.currency = d.currency THEN i.balance ELSE 0 END) AS open_balance," \
  "         SUM(CASE WHEN i.currency = d.currency AND i.due_date < ?1"               \
  "                       AND i.status <> 'disputed'"                                \
  "                  THEN i.balance ELSE 0 END) AS overdue_balance,"                 \
  "         MAX(i.currency <> d.currency) AS other_currencies,"                      \
  "         MIN(CASE WHEN i.status <> 'disputed' THEN i.due_date END) AS oldest_due_date," \
  "         MAX(i.status = 'disputed') AS disputed"                                  \
  "  FROM invoices i JOIN debtors d ON d.id = i.debtor_id"                           \
  "  WHERE i.balance > 0 AND i.status IN ('open', 'partially-paid', 'disputed')"     \
  INVOICE_FILTER                                                                     \
  "  GROUP BY i.debtor_id) "                                                         \
  "INSERT INTO debtor_summaries (debtor_id, currency, other_currencies, open_count,"  \
  "  open_balance, overdue_balance, oldest_due_date, days_overdue, last_contact_at," \
  "  flags) "                                                                        \
  "SELECT d.id, d.currency, COALESCE (a.other_currencies, 0), COALESCE (a.open_count, 0)," \
  "  COALESCE (a.open_balance, 0), COALESCE (a.overdue_balance, 0), a.oldest_due_date," \
  "  CASE WHEN a.oldest_due_date < ?1"                                               \
  "       THEN CAST (julianday (?1) - julianday (a.oldest_due_date) AS INTEGER) ELSE 0 END," \
  "  (SELECT MAX (e.occurred_at) FROM events e"                                      \
  "   WHERE e.debtor_id = d.id AND " CBZ_CONTACT_CONDITION "),"                      \
  "  CASE WHEN COALESCE (a.disputed, 0) THEN 1 ELSE 0 END"                           \
  "  | CASE WHEN EXISTS (SELECT 1 FROM promises p WHERE p.debtor_id = d.id"           \
  "                      AND p.status = 'pending') THEN 2 ELSE 0 END"                 \
  "  | CASE WHEN EXISTS (SELECT 1 FROM agreements g WHERE g.debtor_id = d.id"         \
  "                      AND g.status = 'active') THEN 4 ELSE 0 END"                  \
  "  | CASE WHEN EXISTS (SELECT 1 FROM agreements g JOIN agreement_instalments t"     \
  "                      ON t.agreement_id = g.id WHERE g.debtor_id = d.id"           \
  "                      AND g.status = 'active' AND t.state = 'late')"               \
  "         THEN 8 ELSE 0 END "                                                      \
  "FROM debtors d LEFT JOIN agg a ON a.debtor_id = d.id "                            \
  "WHERE 1 " DEBTOR_FILTER " "                                                       \
  "ON CONFLICT (debtor_id) DO UPDATE SET"                                            \
  "  currency = excluded.currency, other_currencies = excluded.other_currencies,"    \
  "  open_count = excluded.open_count, open_balance = excluded.open_balance,"        \
  "  overdue_balance = excluded.overdue_balance,"                                    \
  "  oldest_due_date = excluded.oldest_due_date, days_overdue = excluded.days_overdue," \
  "  last_contact_at = excluded.last_contact_at, flags = excluded.flags"

#define IDS "(SELECT value FROM json_each (?2))"

static const char summary_all_sql[] = SUMMARY_SQL ("", "");
static const char summary_ids_sql[] =
  SUMMARY_SQL (" AND i.debtor_id IN " IDS, "AND d.id IN " IDS);

#define SEARCH_INSERT_SQL(DEBTOR_FILTER)                                             \
  "INSERT INTO debtor_search (rowid, name, tax_id, numbers) "                        \
  "SELECT d.id, cbz_search_key (d.name), COALESCE (d.tax_id, ''),"                   \
  "  COALESCE ((SELECT group_concat (i.number, ' ') FROM invoices i"                 \
  "             WHERE i.debtor_id = d.id), '') "                                     \
  "FROM debtors d " DEBTOR_FILTER

static const char search_delete_all_sql[] = "DELETE FROM debtor_search";
static const char search_delete_ids_sql[] = "DELETE FROM debtor_search WHERE rowid IN " IDS;
static const char search_insert_all_sql[] = SEARCH_INSERT_SQL ("");
/* fts5's own setting, kept in debtor_search_config; 4 is its default. */
static const char search_automerge_off_sql[] =
  "INSERT INTO debtor_search (debtor_search, rank) VALUES ('automerge', 0)";
static const char search_automerge_on_sql[] =
  "INSERT INTO debtor_search (debtor_search, rank) VALUES ('automerge', 4)";
static const char search_insert_ids_sql[] = SEARCH_INSERT_SQL ("WHERE d.id IN " IDS);

static gboolean
run (CbzStore    *self,
     const char  *sql,
     const char  *today,
     const char  *ids_json,
     GError     **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (today != NULL)
    _cbz_bind_text (stmt, 1, today);
  if (ids_json != NULL)
    _cbz_bind_text (stmt, 2, ids_json);

  return _cbz_store_step_done (self, stmt, sql, error);
}

/* Rebuilding the whole index in one statement, fts5's incremental merging
 * after every flush of its in-memory terms does the work again and again
 * (a third of the time on 100,000 customers); the handful of segments left
 * unmerged read just as fast, and later writes merge them as usual. */
static gboolean
refresh_search_all (CbzStore    *self,
                    const char  *today,
                    GError     **error)
{
  return run (self, search_delete_all_sql, NULL, NULL, error) &&
         run (self, search_automerge_off_sql, NULL, NULL, error) &&
         run (self, search_insert_all_sql, NULL, NULL, error) &&
         run (self, search_automerge_on_sql, NULL, NULL, error) &&
         cbz_store_set_meta (self, "summaries_as_of", today, error);
}

/**
 * cbz_store_refresh_summaries:
 * @debtor_ids: (array length=n_ids) (nullable): the debtors whose invoices,
 *   payments, events or name/tax ID changed
 * @n_ids: how many; 0 recomputes every debtor (and records the day in meta
 *   'summaries_as_of')
 *
 * Recomputes debtor_summaries (keeping next_action, which the planner owns)
 * and the customer search index. Runs inside the caller's transaction when
 * one is open.
 */
gboolean
cbz_store_refresh_summaries (CbzStore      *self,
                             const gint64  *debtor_ids,
                             gsize          n_ids,
                             GError       **error)
{
  g_autoptr(GString) json = NULL;
  const char *today;
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (debtor_ids != NULL || n_ids == 0, FALSE);

  today = cbz_store_get_today (self);

  if (n_ids > 0)
    {
      json = g_string_sized_new (n_ids * 8 + 2);
      g_string_append_c (json, '[');
      for (gsize i = 0; i < n_ids; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", debtor_ids[i]);
      g_string_append_c (json, ']');
    }

  if (!cbz_store_begin (self, error))
    return FALSE;

  if (n_ids == 0)
    ok = run (self, summary_all_sql, today, NULL, error) &&
         refresh_search_all (self, today, error);
  else
    ok = run (self, summary_ids_sql, today, json->str, error) &&
         run (self, search_delete_ids_sql, NULL, json->str, error) &&
         run (self, search_insert_ids_sql, NULL, json->str, error);

  if (!ok || !cbz_store_commit (self, error))
    {
      cbz_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Only debtors with an open invoice that fell due since @previous_day see
 * their overdue balance change; everyone else just ages by the days passed,
 * which days_overdue gets from oldest_due_date without reading invoices. */
gboolean
_cbz_store_refresh_for_day (CbzStore    *self,
                            const char  *previous_day,
                            GError     **error)
{
  static const char crossed_sql[] =
    "SELECT DISTINCT debtor_id FROM invoices"
    " WHERE due_date >= ?1 AND due_date < ?2 AND balance > 0"
    " AND status IN ('open', 'partially-paid')";
  static const char days_sql[] =
    "UPDATE debtor_summaries SET days_overdue = CASE WHEN oldest_due_date < ?1"
    " THEN CAST (julianday (?1) - julianday (oldest_due_date) AS INTEGER) ELSE 0 END";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *today = cbz_store_get_today (self);
  sqlite3_stmt *stmt;
  int rc;

  /* Unknown or later than today (the clock went back): start over. */
  if (previous_day == NULL || strcmp (previous_day, today) > 0)
    return cbz_store_refresh_summaries (self, NULL, 0, error);

  stmt = _cbz_store_prepare (self, crossed_sql, error);
  if (stmt == NULL)
    return FALSE;
  _cbz_bind_text (stmt, 1, previous_day);
  _cbz_bind_text (stmt, 2, today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, crossed_sql);
      return FALSE;
    }

  if (!cbz_store_begin (self, error))
    return FALSE;
  if (!run (self, days_sql, today, NULL, error) ||
      (ids->len > 0 &&
       !cbz_store_refresh_summaries (self, (const gint64 *) (gpointer) ids->data, ids->len, error)) ||
      !cbz_store_set_meta (self, "summaries_as_of", today, error) ||
      !cbz_store_commit (self, error))
    {
      cbz_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* What summary_all_sql computes, for debtors whose invoices the caller has
 * just written and counted (every debtor of a portfolio that had none):
 * the summary statement's join, grouping and per-debtor events lookup cost
 * more than the import's own pass over the rows. last_contact_at is NULL:
 * such debtors have no events but the import's own, which are internal. */
gboolean
_cbz_store_write_new_summaries (CbzStore                 *self,
                                const CbzSummaryFigures  *figures,
                                gsize                     n_figures,
                                CbzSearchBuilder         *search,
                                GError                  **error)
{
  static const char insert_sql[] =
    "INSERT INTO debtor_summaries (debtor_id, currency, other_currencies, open_count,"
    " open_balance, overdue_balance, oldest_due_date, days_overdue, last_contact_at, flags)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9)";
  const char *today = cbz_store_get_today (self);
  CbzDate today_date;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (figures != NULL || n_figures == 0, FALSE);

  if (!cbz_date_from_iso (today, &today_date))
    g_return_val_if_reached (FALSE);
  if (!cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, insert_sql, error);
  ok = stmt != NULL;
  for (gsize i = 0; ok && i < n_figures; i++)
    {
      const CbzSummaryFigures *f = &figures[i];
      char oldest[CBZ_DATE_ISO_LENGTH];

      sqlite3_bind_int64 (stmt, 1, f->debtor_id);
      sqlite3_bind_text (stmt, 2, f->currency, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, f->other_currencies ? 1 : 0);
      sqlite3_bind_int64 (stmt, 4, f->open_count);
      sqlite3_bind_int64 (stmt, 5, f->open_balance);
      sqlite3_bind_int64 (stmt, 6, f->overdue_balance);
      if (cbz_date_is_set (f->oldest_due_date))
        {
          sqlite3_bind_text (stmt, 7, cbz_date_to_iso (f->oldest_due_date, oldest), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 8, cbz_date_days_overdue (f->oldest_due_date, today_date));
        }
      else
        {
          sqlite3_bind_null (stmt, 7);
          sqlite3_bind_int (stmt, 8, 0);
        }
      /* A new portfolio has no promises or agreements yet. */
      sqlite3_bind_int (stmt, 9, f->disputed ? CBZ_SUMMARY_FLAG_DISPUTED : 0);
      ok = _cbz_store_step_done (self, stmt, insert_sql, error);
    }

  if (ok && search != NULL)
    ok = _cbz_search_builder_finish (search, self, error) &&
         cbz_store_set_meta (self, "summaries_as_of", today, error);
  else if (ok)
    ok = refresh_search_all (self, today, error);
  if (!ok || !cbz_store_commit (self, error))
    {
      cbz_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_cbz_store_reload_search (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  /* fts5 forgets its picture of the index when a transaction that wrote
   * to it rolls back; this one writes nothing (there is no row 0). */
  g_return_if_fail (!cbz_store_in_transaction (self));

  if (!_cbz_store_exec (self, "BEGIN", NULL))
    return;
  if (!_cbz_store_exec (self, "DELETE FROM debtor_search WHERE rowid = 0", NULL))
    g_warning ("The customer search index could not be reloaded: %s",
               sqlite3_errmsg (cbz_store_get_handle (self)));
  _cbz_store_exec (self, "ROLLBACK", NULL);
}
