/* cbz-letter-batch.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-letter.h"

G_BEGIN_DECLS

/*
 * Many letters at once, off the main thread: for chosen customers, or for
 * everyone whose oldest overdue invoice puts them at a level on the store's
 * today (the day the letters are dated and counted from). Output is one
 * combined PDF for printing and/or one PDF per customer in a folder
 * (rendered on every core), and each letter is kept as sent on the
 * customer's timeline.
 *
 * The portfolio is read and written through the store it is given: the
 * calling thread's own connection (cbz_letter_batch_run, for the command
 * line) or one of the store's worker connections (the _async pair, for the
 * app, which never opens the file again).
 */

typedef struct
{
  CbzLetterLevel  level;
  char           *language;          /* "es", "en" or NULL: each customer's own */
  GArray         *debtor_ids;        /* (element-type gint64) or NULL: everyone at @level today,
                                      * or with @min_days_overdue or more when that is set */
  int             min_days_overdue;  /* invoices overdue fewer days are left out (0: none) */
  char           *combined_path;     /* NULL: no combined PDF */
  char           *folder;            /* NULL: no per-customer PDFs */
  gboolean        record;            /* keep each letter and add it to the timeline */
  guint           n_threads;         /* 0: one per processor */
} CbzLetterBatchOptions;

typedef struct
{
  guint      n_letters;
  guint      n_pages;
  guint      n_skipped;              /* opted out or nothing overdue */
  GPtrArray *skipped;                /* (element-type utf8) why, one line per customer */
  GPtrArray *files;                  /* (element-type filename) per-customer PDFs written */
} CbzLetterBatchResult;

/* Called from worker threads with the letters done so far; cbz_letter_batch_run_async
 * delivers it on the caller's thread-default main context instead. */
typedef void (*CbzLetterBatchProgress) (guint    done,
                                        guint    total,
                                        gpointer user_data);

CbzLetterBatchOptions *cbz_letter_batch_options_new      (CbzLetterLevel          level);
void                   cbz_letter_batch_options_free     (CbzLetterBatchOptions  *options);
void                   cbz_letter_batch_result_free      (CbzLetterBatchResult   *result);

/* The least days overdue of @level's customers (1, 30, 60). */
int                    cbz_letter_level_get_min_days     (CbzLetterLevel          level);

/* On @store's own thread. */
CbzLetterBatchResult  *cbz_letter_batch_run              (CbzStore               *store,
                                                          const CbzLetterBatchOptions *options,
                                                          GCancellable           *cancellable,
                                                          CbzLetterBatchProgress  progress,
                                                          gpointer                progress_data,
                                                          GError                **error);

/* On a worker connection of @store (a main store); @options is copied. */
void                   cbz_letter_batch_run_async        (CbzStore               *store,
                                                          const CbzLetterBatchOptions *options,
                                                          GCancellable           *cancellable,
                                                          CbzLetterBatchProgress  progress,
                                                          gpointer                progress_data,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
CbzLetterBatchResult  *cbz_letter_batch_run_finish       (GAsyncResult           *result,
                                                          GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterBatchOptions, cbz_letter_batch_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterBatchResult, cbz_letter_batch_result_free)

G_END_DECLS
