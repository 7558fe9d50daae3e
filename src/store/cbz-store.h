/* cbz-store.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-debtor.h"
#include "cbz-event.h"
#include "cbz-invoice.h"
#include "cbz-payment.h"
#include "cbz-promise.h"

G_BEGIN_DECLS

/*
 * CbzStore: one connection to the portfolio file (sqlite). Threads: one
 * connection per thread. A worker thread opens its own CbzStore on the same
 * path (WAL lets readers and one writer work side by side); never pass a
 * CbzStore or its handle to another thread.
 *
 * Writes: every public write function runs in a transaction of its own, or
 * inside the caller's when one is open (cbz_store_begin nests through
 * savepoints). After the outermost commit of a transaction that wrote,
 * the store emits ::changed (on the thread that wrote).
 *
 * "Today": the day the store computes days overdue against. It is the local
 * date when the store was opened unless given to cbz_store_open_full(); when
 * the day changes while the app runs, call cbz_store_set_today() (it
 * recomputes the summaries and emits ::changed).
 */

#define CBZ_STORE_ERROR (cbz_store_error_quark ())

typedef enum
{
  CBZ_STORE_ERROR_OPEN,         /* the file or its folder cannot be opened/created */
  CBZ_STORE_ERROR_DAMAGED,      /* integrity_check failed, or not a database */
  CBZ_STORE_ERROR_TOO_NEW,      /* written by a newer Cobranza (unknown schema version) */
  CBZ_STORE_ERROR_BACKUP,       /* the copy made before migrating could not be written */
  CBZ_STORE_ERROR_MIGRATION,    /* a migration failed (nothing of it was applied) */
  CBZ_STORE_ERROR_SQL,          /* any other sqlite failure */
  CBZ_STORE_ERROR_NOT_FOUND,    /* no row with that id */
  CBZ_STORE_ERROR_INVALID,      /* a value the store refuses (amount <= 0, …) */
  CBZ_STORE_ERROR_BUSY,         /* another program holds the file locked for too long */
} CbzStoreError;

GQuark cbz_store_error_quark (void);

#define CBZ_TYPE_STORE (cbz_store_get_type ())
G_DECLARE_FINAL_TYPE (CbzStore, cbz_store, CBZ, STORE, GObject)

typedef enum
{
  CBZ_STORE_OPEN_DEFAULT = 0,
  /* When opening needs the full integrity check (see CbzStoreCheck) and
   * writes nothing (no migration due, already WAL), run the check on a
   * worker thread instead, so a large portfolio shows at once. Nothing is
   * written to the file before the check passes: the first write waits for
   * it (runs it), a damaged file emits ::damaged and refuses every write,
   * and the day's summary recompute runs once it passes. For the GUI;
   * needs a main loop. */
  CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND = 1 << 0,
} CbzStoreOpenFlags;

/*
 * How opening made sure the file is sound before writing to it. The full
 * check (PRAGMA integrity_check) reads the whole file, seconds on a large
 * portfolio: it runs only when Cobranza cannot vouch for the file. Every
 * open checks the sqlite header and the schema.
 */
typedef enum
{
  CBZ_STORE_CHECK_NONE,          /* a new, empty file */
  CBZ_STORE_CHECK_QUICK,         /* header and schema: the file is as Cobranza left it */
  CBZ_STORE_CHECK_FULL_UNCLEAN,  /* full: a program that had it open ended without closing it */
  CBZ_STORE_CHECK_FULL_UNKNOWN,  /* full: changed by another program, or never checked here */
  CBZ_STORE_CHECK_FULL_UPGRADE,  /* full: a migration is due, or a new version of Cobranza */
} CbzStoreCheck;

#define CBZ_TYPE_STORE_CHECK (cbz_store_check_get_type ())
GType cbz_store_check_get_type (void) G_GNUC_CONST;

/* Opens (or creates, with its folder) the database at @path, checks its
 * integrity (see CbzStoreCheck), backs it up and migrates it when needed,
 * and recomputes the summaries when they are from another day. Today is
 * the local date. */
CbzStore     *cbz_store_open                 (const char        *path,
                                              GError           **error);
/* Same, with an explicit today (for tests, `demo --today`); NULL = local date. */
CbzStore     *cbz_store_open_full            (const char        *path,
                                              GDate             *today,
                                              GError           **error);
CbzStore     *cbz_store_open_with_flags      (const char        *path,
                                              GDate             *today,
                                              CbzStoreOpenFlags  flags,
                                              GError           **error);
/* TRUE once the file is known sound (see :verified, ::damaged). */
gboolean      cbz_store_is_verified          (CbzStore          *self);
/* What this open checked, or is checking in the background. */
CbzStoreCheck cbz_store_get_open_check       (CbzStore          *self);
/* Why the background integrity check refused the file, or NULL. */
const GError *cbz_store_get_damage           (CbzStore          *self);

const char   *cbz_store_get_path             (CbzStore          *self);
/* schema version (PRAGMA user_version) */
int           cbz_store_get_schema_version   (CbzStore          *self);
/* Path of the backup made before migrating when this open migrated an
 * existing file, else NULL. */
const char   *cbz_store_get_backup_path      (CbzStore          *self);

/* Today as 'YYYY-MM-DD'. */
const char   *cbz_store_get_today            (CbzStore          *self);
void          cbz_store_get_today_date       (CbzStore          *self,
                                              GDate             *out_today);
/* Changes today (NULL = the local date now); when it differs from the day the
 * summaries were computed for, recomputes them all and emits ::changed. */
gboolean      cbz_store_set_today            (CbzStore          *self,
                                              GDate             *today,
                                              GError           **error);

/* Transactions. begin nests (savepoints inside one BEGIN IMMEDIATE). */
gboolean      cbz_store_begin                (CbzStore          *self,
                                              GError           **error);
gboolean      cbz_store_commit               (CbzStore          *self,
                                              GError           **error);
/* Rolls back the innermost open level. Never fails in a way the caller can
 * act on; errors are logged. */
void          cbz_store_rollback             (CbzStore          *self);
gboolean      cbz_store_in_transaction       (CbzStore          *self);
/* Tells the store its data was written through the raw handle, so ::changed
 * is emitted after the outermost commit (or now, outside a transaction). */
void          cbz_store_mark_changed         (CbzStore          *self);

/* What the customer list marks beside a customer (debtor_summaries.flags). */
typedef enum
{
  CBZ_SUMMARY_FLAG_DISPUTED         = 1 << 0,  /* an open invoice is disputed */
  CBZ_SUMMARY_FLAG_PROMISE_PENDING  = 1 << 1,  /* a promise to pay not yet decided */
  CBZ_SUMMARY_FLAG_AGREEMENT        = 1 << 2,  /* an active payment agreement */
  CBZ_SUMMARY_FLAG_INSTALMENT_LATE  = 1 << 3,  /* an instalment of an active agreement is late */
} CbzSummaryFlags;

/* Recomputes debtor_summaries (and the search index) for @debtor_ids, or for
 * every debtor when @n_ids is 0. Set-based; keeps next_action. */
gboolean      cbz_store_refresh_summaries    (CbzStore          *self,
                                              const gint64      *debtor_ids,
                                              gsize              n_ids,
                                              GError           **error);

/* Debtors */
CbzDebtor    *cbz_store_get_debtor           (CbzStore          *self,
                                              gint64             id,
                                              GError           **error);
/* Inserts (id 0: sets debtor->id) or updates every column and the tags. */
gboolean      cbz_store_save_debtor          (CbzStore          *self,
                                              CbzDebtor         *debtor,
                                              GError           **error);
/* Checks and stores a customer's tax ID as the person typed it: one that
 * checks out clears the unverified mark, one that does not is kept as
 * written, marked, with *@out_problem saying why. */
gboolean      cbz_store_set_debtor_tax_id    (CbzStore          *self,
                                              gint64             debtor_id,
                                              const char        *text,
                                              char             **out_problem,
                                              GError           **error);
gint64        cbz_store_count_debtors        (CbzStore          *self,
                                              GError           **error);
/* The customer whose tax ID is @tax_id (spaces, dots and dashes ignored):
 * its id, 0 when nobody has it, -1 with @error set on failure. */
gint64        cbz_store_find_debtor_by_tax_id (CbzStore         *self,
                                               const char       *tax_id,
                                               GError          **error);
/* All tags in use, sorted. (transfer full) */
GStrv         cbz_store_list_tags            (CbzStore          *self,
                                              GError           **error);
/* Records opt-out (or opt-in) for @channel with an 'opt-out' event whose body
 * is @evidence (what the customer said, where). */
gboolean      cbz_store_set_opt_out          (CbzStore          *self,
                                              gint64             debtor_id,
                                              CbzEventChannel    channel,
                                              gboolean           opt_out,
                                              const char        *evidence,
                                              GError           **error);
/* The same, recorded by the person at this computer (recorded_by). */
gboolean      cbz_store_set_opt_out_by_hand  (CbzStore          *self,
                                              gint64             debtor_id,
                                              CbzEventChannel    channel,
                                              gboolean           opt_out,
                                              const char        *evidence,
                                              GError           **error);

/* Invoices: (element-type CbzInvoice) ordered by due date, oldest first. */
GPtrArray    *cbz_store_list_invoices        (CbzStore          *self,
                                              gint64             debtor_id,
                                              gboolean           open_only,
                                              GError           **error);
CbzInvoice   *cbz_store_get_invoice          (CbzStore          *self,
                                              gint64             id,
                                              GError           **error);
/* Inserts (id 0: sets invoice->id) or updates; refreshes the summary. */
gboolean      cbz_store_save_invoice         (CbzStore          *self,
                                              CbzInvoice        *invoice,
                                              GError           **error);
gboolean      cbz_store_set_invoice_status   (CbzStore          *self,
                                              gint64             invoice_id,
                                              CbzInvoiceStatus   status,
                                              GError           **error);

/* Payments: records the payment, reduces the invoice balance (or, with
 * invoice_id 0, the debtor's open invoices in the payment's currency, oldest
 * due first), sets statuses, adds a 'payment' event and refreshes the
 * summary. Sets payment->id. */
gint64        cbz_store_add_payment          (CbzStore          *self,
                                              CbzPayment        *payment,
                                              GError           **error);
/* (element-type CbzPayment), newest first */
GPtrArray    *cbz_store_list_payments        (CbzStore          *self,
                                              gint64             debtor_id,
                                              GError           **error);

/* Promises: add records a 'promise' event too. */
gint64        cbz_store_add_promise          (CbzStore          *self,
                                              CbzPromise        *promise,
                                              GError           **error);
gboolean      cbz_store_set_promise_status   (CbzStore          *self,
                                              gint64             promise_id,
                                              CbzPromiseStatus   status,
                                              GError           **error);
/* (element-type CbzPromise), by promised date, newest first */
GPtrArray    *cbz_store_list_promises        (CbzStore          *self,
                                              gint64             debtor_id,
                                              GError           **error);

/* Events: inserts the event and its event_invoices links, sets its id, and
 * keeps the debtor's last contact current. Returns the id, 0 on error. */
gint64        cbz_store_add_event            (CbzStore          *self,
                                              CbzEvent          *event,
                                              GError           **error);
CbzEvent     *cbz_store_get_event            (CbzStore          *self,
                                              gint64             id,
                                              GError           **error);
/* Updates delivery_state, and provider_message_id when non-NULL. */
gboolean      cbz_store_update_event_delivery (CbzStore         *self,
                                               gint64            event_id,
                                               CbzDeliveryState  state,
                                               const char       *provider_message_id,
                                               GError          **error);
/* The event a provider's message id belongs to (for delivery receipts). */
CbzEvent     *cbz_store_find_event_by_provider_id (CbzStore     *self,
                                                   const char   *provider_message_id,
                                                   GError      **error);

/* Writes the open invoices with their customers' data as CSV, under the
 * headers the importer recognises (export → import round-trips). */
gboolean      cbz_store_export_csv           (CbzStore          *self,
                                              GOutputStream     *out,
                                              guint             *n_rows,
                                              GCancellable      *cancellable,
                                              GError           **error);

/* Meta key/value (table meta). get returns NULL when absent. */
char         *cbz_store_get_meta             (CbzStore          *self,
                                              const char        *key,
                                              GError           **error);
gboolean      cbz_store_set_meta             (CbzStore          *self,
                                              const char        *key,
                                              const char        *value,
                                              GError           **error);

/* Work on the store's own worker connections.
 *
 * @func runs on a worker thread with a connection of its own to the same
 * file (opened once and reused; it inherits this store's today and verified
 * state, so it never runs the integrity check or migrations again). It may
 * read, or write in transactions of its own; when it wrote, this store
 * emits ::changed on the main thread before @callback runs. It returns
 * FALSE with @error set, or TRUE with an optional result in @out_result
 * (freed with @result_free when nobody takes it).
 *
 * Jobs may run side by side on different connections (readers never wait;
 * sqlite lets one writer at a time, the others wait up to the busy
 * timeout). */
typedef gboolean (*CbzStoreWorkFunc) (CbzStore      *worker,
                                      gpointer       data,
                                      gpointer      *out_result,
                                      GCancellable  *cancellable,
                                      GError       **error);

void          cbz_store_run_async            (CbzStore             *self,
                                              CbzStoreWorkFunc      func,
                                              gpointer              data,
                                              GDestroyNotify        data_free,
                                              GDestroyNotify        result_free,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* @out_result: (optional): the job's result (transfer full); when NULL, the
 * result is freed. */
gboolean      cbz_store_run_finish           (CbzStore             *self,
                                              GAsyncResult         *result,
                                              gpointer             *out_result,
                                              GError              **error);
/* The same job, on the calling thread's own connection (this store): for
 * the command line and for code already on a worker. */
gboolean      cbz_store_run_sync             (CbzStore             *self,
                                              CbzStoreWorkFunc      func,
                                              gpointer              data,
                                              gpointer             *out_result,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* Current time in µs since the epoch (for created_at/updated_at/occurred_at):
 * the process's clock (cbz_now()), so --now and tests can set it. */
gint64        cbz_store_now                  (void);

G_END_DECLS
