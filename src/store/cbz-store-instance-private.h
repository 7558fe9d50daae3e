/* cbz-store-instance-private.h: what the files of CbzStore itself share
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CbzStore is written in several files along its seams: cbz-store.c (the
 * object, opening, statements, meta), cbz-store-integrity.c (the checks
 * before anything is written), cbz-store-migrations.c (schema versions and
 * backups), cbz-store-transactions.c (begin, commit, rollback) and
 * cbz-store-session.c (which opens need the full check). Only they include
 * this header; the rest of the store layer uses cbz-store-private.h.
 */

#pragma once

#include "cbz-store-private.h"
#include "cbz-store-session-private.h"

G_BEGIN_DECLS

#define CBZ_STORE_BUSY_TIMEOUT_MS 5000

struct _CbzStore
{
  GObject     parent_instance;

  char       *path;
  char       *backup_path;
  sqlite3    *db;
  GHashTable *statements;    /* SQL text → sqlite3_stmt */
  GDate       today;
  char        today_str[11];
  guint       depth;         /* open transaction levels */
  gboolean    dirty;         /* written since the outermost begin */
  int         schema_version;

  /* Integrity: verified once the file is known sound (a full check passed
   * on it, or it is as Cobranza left it: see open_check); damaged holds
   * the failure. Nothing writes before verified. */
  gboolean    verified;
  GError     *damaged;
  CbzStoreCheck open_check;
  CbzStoreSession *session;  /* NULL on worker connections */
  gboolean    day_refresh_pending;
  gint64      verify_started;

  /* Times ::changed was emitted (read by the worker pool, see
   * cbz-store-worker.c) and the pool of worker connections of a main store. */
  guint       change_count;
  CbzStoreWorkers *workers;
};

/* cbz-store.c */
void          _cbz_store_notify_verified        (CbzStore      *self);
void          _cbz_store_emit_damaged           (CbzStore      *self);
/* Emits ::changed now (outside any transaction). */
void          _cbz_store_emit_changed_now       (CbzStore      *self);
gboolean      _cbz_store_query_int              (CbzStore      *self,
                                                 const char    *sql,
                                                 int           *out,
                                                 GError       **error);
/* Registers the store's SQL functions (cbz_search_key) on @db. */
void          _cbz_store_add_functions          (sqlite3       *db);
/* days_overdue and overdue_balance depend on today: brings everyone's to
 * the store's today when they were computed on another day (after the
 * integrity check, when one is pending). */
gboolean      _cbz_store_ensure_summaries_current (CbzStore    *self,
                                                   GError     **error);

/* cbz-store-integrity.c */
/* Reads the whole file through sqlite (PRAGMA integrity_check) on @db, any
 * connection to @path; safe on a worker thread with its own connection. */
gboolean      _cbz_store_check_integrity_on     (sqlite3       *db,
                                                 const char    *path,
                                                 GError       **error);
/* Called before every write: runs the full check now when the file is not
 * known sound yet. FALSE (with the damage) when it is damaged. */
gboolean      _cbz_store_ensure_verified        (CbzStore      *self,
                                                 GError       **error);
/* The file is sound: notifies :verified, records it for later opens and
 * runs the day's recompute that waited for it. */
void          _cbz_store_set_verified           (CbzStore      *self);
void          _cbz_store_set_damaged            (CbzStore      *self,
                                                 const GError  *error);
/* The full check on a worker thread; ::damaged or :verified when done. */
void          _cbz_store_start_background_verify (CbzStore     *self);
/* What a sound file shows without reading it all: an sqlite header whose
 * sizes agree with the file's. FALSE: read it all to know. */
gboolean      _cbz_store_header_is_sane         (const char    *path);
/* The tables and columns the migrations make are all there (run after
 * migrating). A missing index is not checked: it slows, it does not
 * break, and its absence is no damage. */
gboolean      _cbz_store_check_schema           (CbzStore      *self,
                                                 GError       **error);

/* cbz-store-migrations.c */
/* Brings the file to the newest schema: checks it fully first when a
 * migration is due (or it must switch to WAL), backs it up, migrates. */
gboolean      _cbz_store_migrate                (CbzStore      *self,
                                                 gboolean       existed,
                                                 GError       **error);
/* The journal mode in force after "PRAGMA journal_mode = @mode", or NULL
 * when the switch failed (another connection has the file open). */
char         *_cbz_store_switch_journal_mode    (CbzStore      *self,
                                                 const char    *mode);
/* Every table and column of a portfolio at the newest schema, as
 * "table.column", sorted; built once per process by running the
 * migrations on an empty database in memory. */
GStrv         _cbz_store_get_expected_schema    (GError       **error);

G_END_DECLS
