/* cbz-letter-batch.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-company-profile.h"
#include "cbz-letter-archive.h"
#include "cbz-letter-batch.h"
#include "cbz-letter-renderer.h"
#include "cbz-letter-template.h"
#include "cbz-store-letters.h"

typedef struct
{
  const CbzLetterBatchOptions *options;
  const char                  *database;     /* the portfolio's path: the archive is next to it */
  const CbzCompanyProfile     *profile;
  GPtrArray                   *letters;      /* CbzLetter */
  char                        *templates[CBZ_LETTER_N_LEVELS + 1][2];
  char                       **attachments;  /* per letter, when recording */
  char                       **subjects;
  char                       **files;
  guint                       *pages;
  gint                         next;
  gint                         done;
  guint                        total_steps;
  GCancellable                *cancellable;
  CbzLetterBatchProgress       progress;
  gpointer                     progress_data;
  GMutex                       lock;
  GError                      *error;        /* the first one, under lock */
} Batch;

CbzLetterBatchOptions *
cbz_letter_batch_options_new (CbzLetterLevel level)
{
  CbzLetterBatchOptions *options = g_new0 (CbzLetterBatchOptions, 1);

  options->level = level;
  return options;
}

static CbzLetterBatchOptions *
options_copy (const CbzLetterBatchOptions *options)
{
  CbzLetterBatchOptions *copy = cbz_letter_batch_options_new (options->level);

  copy->language = g_strdup (options->language);
  if (options->debtor_ids != NULL)
    {
      copy->debtor_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), options->debtor_ids->len);
      g_array_append_vals (copy->debtor_ids, options->debtor_ids->data, options->debtor_ids->len);
    }
  copy->min_days_overdue = options->min_days_overdue;
  copy->combined_path = g_strdup (options->combined_path);
  copy->folder = g_strdup (options->folder);
  copy->record = options->record;
  copy->n_threads = options->n_threads;
  return copy;
}

void
cbz_letter_batch_options_free (CbzLetterBatchOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->language);
  g_clear_pointer (&options->debtor_ids, g_array_unref);
  g_free (options->combined_path);
  g_free (options->folder);
  g_free (options);
}

void
cbz_letter_batch_result_free (CbzLetterBatchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->skipped, g_ptr_array_unref);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_free (result);
}

int
cbz_letter_level_get_min_days (CbzLetterLevel level)
{
  switch (level)
    {
    case CBZ_LETTER_LEVEL_REMINDER:
      return 1;
    case CBZ_LETTER_LEVEL_NOTICE:
      return 30;
    case CBZ_LETTER_LEVEL_FINAL:
      return 60;
    default:
      g_return_val_if_reached (1);
    }
}

static int
language_index (const CbzLetter *letter)
{
  return g_str_equal (cbz_letter_get_language (letter), "en") ? 1 : 0;
}

/* "000042-comercializadora-nunez.pdf": sorts by customer, safe on every file system. */
static char *
file_name_for (const CbzLetter *letter)
{
  g_autofree char *ascii = g_str_to_ascii (letter->name != NULL ? letter->name : "", "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  return g_strdup_printf ("%06" G_GINT64_FORMAT "-%s.pdf", letter->debtor_id, slug->str);
}

static void
batch_fail (Batch  *batch,
            GError *error)
{
  g_mutex_lock (&batch->lock);
  if (batch->error == NULL)
    batch->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&batch->lock);
  g_cancellable_cancel (batch->cancellable);
}

static void
step_done (Batch *batch)
{
  guint done = (guint) g_atomic_int_add (&batch->done, 1) + 1;

  if (batch->progress != NULL)
    batch->progress (done, batch->total_steps, batch->progress_data);
}

/* One per thread: its own renderer (Pango is per thread), taking the next
 * letter until none is left. */
static gpointer
render_separate_thread (gpointer data)
{
  Batch *batch = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (batch->profile, &error);

  if (renderer == NULL)
    {
      batch_fail (batch, g_steal_pointer (&error));
      return NULL;
    }

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&batch->next, 1);
      CbzLetter *letter;
      g_autoptr(CbzLetterDocument) doc = NULL;
      g_autoptr(GBytes) pdf = NULL;

      if (i >= batch->letters->len || g_cancellable_is_cancelled (batch->cancellable))
        break;

      letter = g_ptr_array_index (batch->letters, i);
      doc = cbz_letter_renderer_layout (renderer, letter,
                                        batch->templates[letter->level][language_index (letter)], &error);
      if (doc != NULL)
        pdf = cbz_letter_document_to_pdf (doc, &error);
      if (pdf == NULL)
        {
          g_prefix_error (&error, "%s: ", letter->name);
          batch_fail (batch, g_steal_pointer (&error));
          break;
        }

      batch->pages[i] = cbz_letter_document_get_n_pages (doc);
      batch->subjects[i] = g_strdup (cbz_letter_document_get_subject (doc));

      if (batch->options->folder != NULL)
        {
          g_autofree char *name = file_name_for (letter);
          char *path = g_build_filename (batch->options->folder, name, NULL);

          batch->files[i] = path;
          /* Copies for the user to print or mail: no fsync per file (that
           * was a third of the cost of a letter). The copy kept as sent
           * (cbz_letter_archive_store_pdf) is written durably. */
          if (!g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                         G_FILE_SET_CONTENTS_NONE, 0644, &error))
            {
              batch_fail (batch, g_steal_pointer (&error));
              break;
            }
        }

      if (batch->options->record)
        {
          batch->attachments[i] = cbz_letter_archive_store_pdf (batch->database, pdf, &error);
          if (batch->attachments[i] == NULL)
            {
              batch_fail (batch, g_steal_pointer (&error));
              break;
            }
        }

      step_done (batch);
    }

  return NULL;
}

static const char *
template_for (const CbzLetter *letter,
              gpointer         data)
{
  Batch *batch = data;

  return batch->templates[letter->level][language_index (letter)];
}

static void
combined_added (guint              index,
                CbzLetterDocument *doc,
                gpointer           data)
{
  Batch *batch = data;

  if (batch->pages[index] == 0)
    {
      batch->pages[index] = cbz_letter_document_get_n_pages (doc);
      batch->subjects[index] = g_strdup (cbz_letter_document_get_subject (doc));
    }
  step_done (batch);
}

/* Laid out on a second thread while this one writes (cbz-letter-pipeline.c). */
static gboolean
render_combined (Batch   *batch,
                 GError **error)
{
  g_autoptr(CbzLetterPdf) pdf = NULL;

  /* Translators: the title of a PDF holding many collection letters */
  pdf = cbz_letter_pdf_new (batch->options->combined_path, _("Collection letters"), batch->profile->name);
  return cbz_letter_pdf_add_letters (pdf, batch->profile, (CbzLetter * const *) batch->letters->pdata,
                                     batch->letters->len, template_for, batch, combined_added, batch,
                                     batch->cancellable, error) &&
         cbz_letter_pdf_finish (pdf, NULL, error);
}

/* Everyone at @level today, or with @min_days overdue or more when set. */
static GArray *
select_debtors (CbzStore        *store,
                CbzLetterLevel   level,
                int              min_days,
                GError         **error)
{
  if (min_days > 0)
    return cbz_store_list_letter_recipients (store, min_days, G_MAXINT, error);
  return cbz_store_list_letter_recipients (store, cbz_letter_level_get_min_days (level),
                                           level == CBZ_LETTER_LEVEL_FINAL ? G_MAXINT
                                                                           : cbz_letter_level_get_min_days (level + 1),
                                           error);
}

static gboolean
record_events (Batch     *batch,
               CbzStore  *store,
               GError   **error)
{
  if (!cbz_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < batch->letters->len; i++)
    {
      if (cbz_letter_archive_record (store, g_ptr_array_index (batch->letters, i), batch->subjects[i],
                                     batch->pages[i], batch->attachments[i], error) == 0)
        {
          cbz_store_rollback (store);
          return FALSE;
        }
    }
  return cbz_store_commit (store, error);
}

/* The caller's cancellable stops the batch; the batch's own also stops it on
 * the first error, without touching the caller's. */
static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      own)
{
  g_cancellable_cancel (own);
}

/**
 * cbz_letter_batch_run:
 *
 * Produces the letters synchronously (call it from a worker thread, or use
 * cbz_letter_batch_run_async()). Nothing is recorded on the timelines unless
 * every letter was produced.
 *
 * Returns: (transfer full) (nullable): what was done.
 */
CbzLetterBatchResult *
cbz_letter_batch_run (CbzStore                     *store,
                      const CbzLetterBatchOptions  *options,
                      GCancellable                 *cancellable,
                      CbzLetterBatchProgress        progress,
                      gpointer                      progress_data,
                      GError                      **error)
{
  g_autoptr(CbzCompanyProfile) profile = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CbzLetterBatchResult) result = NULL;
  g_autoptr(GCancellable) own_cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Batch batch = { 0, };
  gboolean separate;
  gboolean ok = TRUE;
  guint n_threads;
  gulong cancel_id = 0;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->combined_path != NULL || options->folder != NULL, NULL);

  profile = cbz_company_profile_load (store, error);
  if (profile == NULL)
    return NULL;
  if (!cbz_company_profile_is_set (profile))
    {
      g_set_error_literal (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NO_COMPANY,
                           _("Letters need your company’s name: fill in the company profile in Preferences"));
      return NULL;
    }

  if (options->debtor_ids != NULL)
    ids = g_array_ref (options->debtor_ids);
  else if ((ids = select_debtors (store, options->level, options->min_days_overdue, error)) == NULL)
    return NULL;

  result = g_new0 (CbzLetterBatchResult, 1);
  result->skipped = g_ptr_array_new_with_free_func (g_free);
  result->files = g_ptr_array_new_with_free_func (g_free);

  batch.options = options;
  batch.database = cbz_store_get_path (store);
  batch.profile = profile;
  batch.letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_letter_free);
  batch.cancellable = own_cancellable;
  batch.progress = progress;
  batch.progress_data = progress_data;
  g_mutex_init (&batch.lock);

  for (guint lvl = CBZ_LETTER_LEVEL_REMINDER; lvl <= CBZ_LETTER_LEVEL_FINAL; lvl++)
    for (guint lang = 0; lang < 2; lang++)
      {
        batch.templates[lvl][lang] = cbz_letter_template_load (store, lvl, lang == 1 ? "en" : "es", NULL, error);
        if (batch.templates[lvl][lang] == NULL)
          {
            ok = FALSE;
            goto out;
          }
      }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      CbzLetter *letter = cbz_letter_new_from_store (store, g_array_index (ids, gint64, i), options->level,
                                                     options->language, options->min_days_overdue,
                                                     &local_error);

      if (letter != NULL)
        g_ptr_array_add (batch.letters, letter);
      else if (g_error_matches (local_error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_OPTED_OUT) ||
               g_error_matches (local_error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NOTHING_OVERDUE))
        g_ptr_array_add (result->skipped, g_strdup (local_error->message));
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          goto out;
        }
    }
  result->n_skipped = result->skipped->len;

  if (batch.letters->len == 0)
    goto out;

  if (options->folder != NULL && g_mkdir_with_parents (options->folder, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder “%s” could not be created: %s"), options->folder, g_strerror (saved));
      ok = FALSE;
      goto out;
    }

  batch.attachments = g_new0 (char *, batch.letters->len);
  batch.subjects = g_new0 (char *, batch.letters->len);
  batch.files = g_new0 (char *, batch.letters->len);
  batch.pages = g_new0 (guint, batch.letters->len);

  separate = options->folder != NULL || options->record;
  batch.total_steps = batch.letters->len * ((separate ? 1 : 0) + (options->combined_path != NULL ? 1 : 0));

  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                       own_cancellable, NULL);

  if (separate)
    {
      n_threads = options->n_threads > 0 ? options->n_threads : g_get_num_processors ();
      n_threads = CLAMP (n_threads, 1, MAX (batch.letters->len, 1));
      for (guint t = 1; t < n_threads; t++)
        g_ptr_array_add (threads, g_thread_new ("cbz-letters", render_separate_thread, &batch));
      render_separate_thread (&batch);
      for (guint t = 0; t < threads->len; t++)
        g_thread_join (g_ptr_array_index (threads, t));
    }

  if (batch.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&batch.error));
      ok = FALSE;
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (own_cancellable, error))
    {
      ok = FALSE;
      goto out;
    }

  if (options->combined_path != NULL && !render_combined (&batch, error))
    {
      ok = FALSE;
      goto out;
    }

  if (options->record && !record_events (&batch, store, error))
    {
      ok = FALSE;
      goto out;
    }

  result->n_letters = batch.letters->len;
  for (guint i = 0; i < batch.letters->len; i++)
    {
      result->n_pages += batch.pages[i];
      if (batch.files[i] != NULL)
        g_ptr_array_add (result->files, g_steal_pointer (&batch.files[i]));
    }

out:
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  for (guint lvl = 0; lvl <= CBZ_LETTER_N_LEVELS; lvl++)
    for (guint lang = 0; lang < 2; lang++)
      g_free (batch.templates[lvl][lang]);
  if (batch.attachments != NULL)
    for (guint i = 0; i < batch.letters->len; i++)
      {
        g_free (batch.attachments[i]);
        g_free (batch.subjects[i]);
        g_free (batch.files[i]);
      }
  g_free (batch.attachments);
  g_free (batch.subjects);
  g_free (batch.files);
  g_free (batch.pages);
  g_ptr_array_unref (batch.letters);
  g_clear_error (&batch.error);
  g_mutex_clear (&batch.lock);

  return ok ? g_steal_pointer (&result) : NULL;
}

/* A batch on one of the store's worker connections. Shared by the job and
 * the progress reports on their way to the caller's main context, which may
 * arrive after the job is done. */
typedef struct
{
  CbzLetterBatchOptions  *options;
  CbzLetterBatchProgress  progress;
  gpointer                progress_data;
  GMainContext           *context;
  gint                    pending;      /* progress reports not yet delivered */
} AsyncJob;

typedef struct
{
  AsyncJob *job;
  guint     done;
  guint     total;
} ProgressReport;

static void
async_job_clear (gpointer data)
{
  AsyncJob *job = data;

  cbz_letter_batch_options_free (job->options);
  g_main_context_unref (job->context);
}

static void
async_job_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, async_job_clear);
}

static void
progress_report_free (ProgressReport *report)
{
  async_job_release (report->job);
  g_free (report);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->job->progress (report->done, report->total, report->job->progress_data);
  g_atomic_int_dec_and_test (&report->job->pending);
  return G_SOURCE_REMOVE;
}

/* From worker threads: hand the figure to the caller's main context, but
 * never queue more than one report at a time (the UI only needs the latest). */
static void
forward_progress_cb (guint    done,
                     guint    total,
                     gpointer user_data)
{
  AsyncJob *job = user_data;
  ProgressReport *report;

  if (job->progress == NULL)
    return;
  if (done < total && !g_atomic_int_compare_and_exchange (&job->pending, 0, 1))
    return;
  if (done == total)
    g_atomic_int_inc (&job->pending);

  report = g_new (ProgressReport, 1);
  report->job = g_atomic_rc_box_acquire (job);
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_progress_cb, report,
                              (GDestroyNotify) progress_report_free);
}

static gboolean
run_job (CbzStore      *worker,
         gpointer       data,
         gpointer      *out_result,
         GCancellable  *cancellable,
         GError       **error)
{
  AsyncJob *job = data;
  CbzLetterBatchResult *result;

  result = cbz_letter_batch_run (worker, job->options, cancellable, forward_progress_cb, job, error);
  *out_result = result;
  return result != NULL;
}

/**
 * cbz_letter_batch_run_async:
 * @store: a main store (the one the window opened)
 *
 * Runs the batch on one of @store's worker connections; @callback gets
 * @store as its source object.
 */
void
cbz_letter_batch_run_async (CbzStore                    *store,
                            const CbzLetterBatchOptions *options,
                            GCancellable                *cancellable,
                            CbzLetterBatchProgress       progress,
                            gpointer                     progress_data,
                            GAsyncReadyCallback          callback,
                            gpointer                     user_data)
{
  AsyncJob *job;

  g_return_if_fail (CBZ_IS_STORE (store));
  g_return_if_fail (options != NULL);

  job = g_atomic_rc_box_new0 (AsyncJob);
  job->options = options_copy (options);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  cbz_store_run_async (store, run_job, job, async_job_release, (GDestroyNotify) cbz_letter_batch_result_free,
                       cancellable, callback, user_data);
}

CbzLetterBatchResult *
cbz_letter_batch_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GObject) store = NULL;
  gpointer done = NULL;

  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  store = g_async_result_get_source_object (result);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  if (!cbz_store_run_finish (CBZ_STORE (store), result, &done, error))
    return NULL;
  return done;
}
