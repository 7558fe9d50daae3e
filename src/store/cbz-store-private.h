/* cbz-store-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-date.h"
#include <sqlite3.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/* The raw connection, for the store's own files (import writer, outbox, …)
 * on the same thread. Use cbz_store_begin/commit around writes and call
 * cbz_store_refresh_summaries for the debtors you touched. Nothing outside
 * src/store/ sees sqlite: tests/check-store-owns-sql.sh keeps it so. */
sqlite3         *cbz_store_get_handle        (CbzStore        *self);

/* Worker connections: the pool a main store runs cbz_store_run_async() jobs
 * on (cbz-store-worker.c). */
typedef struct _CbzStoreWorkers CbzStoreWorkers;

CbzStoreWorkers *_cbz_store_workers_new      (void);
void             _cbz_store_workers_free     (CbzStoreWorkers *workers);
/* The main store's pool, made on first use. */
CbzStoreWorkers *_cbz_store_get_workers      (CbzStore        *self);
/* A connection to @path that its main store already checked and migrated:
 * no integrity check, no migration, no summary refresh. */
CbzStore        *_cbz_store_open_worker      (const char      *path,
                                              GError         **error);
/* Before each job: the main store's today and verified state. */
void             _cbz_store_sync_worker      (CbzStore        *worker,
                                              const GDate     *today,
                                              gboolean         verified);
/* Times ::changed was emitted on this connection. */
guint            _cbz_store_get_change_count (CbzStore        *self);
/* Emits ::changed now, or after the outermost commit. */
void             _cbz_store_emit_changed     (CbzStore        *self);
/* A worker ran the integrity check and it passed. */
void             _cbz_store_adopt_verified   (CbzStore        *self);

/* A cached prepared statement, reset and with bindings cleared; owned by the
 * store (do not finalize). NULL with @error set when the SQL is invalid. */
sqlite3_stmt *_cbz_store_prepare        (CbzStore      *self,
                                         const char    *sql,
                                         GError       **error);
/* Sets a CBZ_STORE_ERROR_SQL error from the connection's last failure. */
void          _cbz_store_set_error      (CbzStore      *self,
                                         GError       **error,
                                         const char    *doing);
/* Runs @sql (no parameters, possibly several statements). */
gboolean      _cbz_store_exec           (CbzStore      *self,
                                         const char    *sql,
                                         GError       **error);
/* Steps a statement that returns no rows. */
gboolean      _cbz_store_step_done      (CbzStore      *self,
                                         sqlite3_stmt  *stmt,
                                         const char    *doing,
                                         GError       **error);

/* Binds UTF-8 text (NULL binds NULL) / a value that is NULL when 0. */
void          _cbz_bind_text            (sqlite3_stmt  *stmt,
                                         int            index,
                                         const char    *text);
void          _cbz_bind_id_or_null      (sqlite3_stmt  *stmt,
                                         int            index,
                                         gint64         id);
char         *_cbz_column_dup           (sqlite3_stmt  *stmt,
                                         int            column);

/* Around one big write transaction: a rollback journal instead of WAL while
 * no other connection has the file open (FALSE and no change otherwise). */
gboolean      _cbz_store_begin_bulk_write (CbzStore   *self);
void          _cbz_store_end_bulk_write   (CbzStore   *self);

/* One debtor's debtor_summaries figures, counted by the caller over the
 * debtor's invoices the way cbz_store_refresh_summaries() does. */
typedef struct
{
  gint64      debtor_id;
  const char *currency;           /* the debtor's */
  gboolean    other_currencies;
  gint64      open_count;
  gint64      open_balance;
  gint64      overdue_balance;
  CbzDate     oldest_due_date;    /* unset when nothing is overdue-able (open and undisputed) */
  gboolean    disputed;           /* an open invoice is disputed */
} CbzSummaryFigures;

typedef struct _CbzSearchBuilder CbzSearchBuilder;

/* cbz_store_refresh_summaries (self, NULL, 0) for a portfolio whose every
 * debtor is in @figures and has no events but internal ones; the search
 * index is @search's when given (see cbz-search-builder-private.h). */
gboolean      _cbz_store_write_new_summaries (CbzStore                 *self,
                                              const CbzSummaryFigures  *figures,
                                              gsize                     n_figures,
                                              CbzSearchBuilder         *search,
                                              GError                  **error);

/* After debtor_search's tables were written other than through fts5 on
 * this connection (and outside any transaction): makes fts5 read its index
 * again. It keeps what it read of the index's layout from one transaction
 * to the next, and only notices other connections' changes. */
void          _cbz_store_reload_search       (CbzStore                 *self);

/* Brings the summaries from @previous_day (NULL: unknown) to the store's
 * today: days_overdue for everyone, the full figures for debtors with
 * invoices that fell due in between; records summaries_as_of. */
gboolean      _cbz_store_refresh_for_day (CbzStore    *self,
                                          const char  *previous_day,
                                          GError     **error);

/* Lowercase, accent-free, punctuation-free form of @text for searching
 * ("Distribuidora Pérez-Soto, S.A." → "distribuidora perez soto s a"). */
char         *_cbz_search_key           (const char    *text);
/* Uppercase letters and digits only ("20.123.456-k" → "20123456K"). */
char         *_cbz_alnum_key            (const char    *text);

/* Which events count as contact with the customer (debtor_summaries
 * .last_contact_at): anything inbound, and outbound messages that left
 * (calls and letters by hand have no delivery state); a reminder still
 * queued, failed or only simulated is not contact. Events table alias e. */
#define CBZ_CONTACT_CONDITION \
  "(e.direction = 'inbound' OR (e.direction = 'outbound' AND (e.delivery_state IS NULL" \
  " OR e.delivery_state IN ('sending', 'sent', 'delivered', 'read', 'by-hand', 'unknown'))))"

/* Reads the event at the statement's current row (columns in the order of
 * CBZ_EVENT_COLUMNS). */
#define CBZ_EVENT_COLUMNS \
  "e.id, e.debtor_id, e.occurred_at, e.kind, e.channel, e.direction, e.summary, " \
  "e.body, e.delivery_state, e.provider_message_id, e.attachment, e.data, e.recorded_by"
CbzEvent     *_cbz_event_from_row       (sqlite3_stmt  *stmt);
/* An amount for a timeline summary, e.g. "MXN 1,234.56": no locale, since
 * the summary is stored once and read in any language. */
char         *_cbz_store_format_amount  (gint64         minor,
                                         const char    *currency);

G_END_DECLS
