/* cbz-letter-pipeline.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cbz-letter-renderer.h"

/*
 * Many letters into one PDF, on two cores: a helper thread lays the letters
 * out (its own renderer: Pango is per thread) while the calling thread
 * draws them into the PDF, which only one thread can write. Laid-out letters
 * hold no Pango object (cbz-letter-text.h), so drawing them needs nothing of
 * the helper. The helper keeps its renderer, whose images and fonts the
 * letters use, until the last letter is drawn; a few letters wait between
 * the two at most, so a batch of thousands holds a handful in memory.
 */

#define AHEAD 16

typedef struct
{
  const CbzCompanyProfile *profile;
  CbzLetter * const       *letters;
  guint                    n_letters;
  CbzLetterTemplateFunc    template_func;
  gpointer                 template_data;
  GCancellable            *cancellable;

  GMutex                   lock;
  GCond                    cond;
  GQueue                   ready;      /* CbzLetterDocument*, in order */
  gboolean                 finished;   /* the helper lays out no more */
  gboolean                 stop;       /* the drawing side is done, or failed */
  GError                  *error;      /* why the helper finished early */
} Pipeline;

static gpointer
layout_thread (gpointer data)
{
  Pipeline *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (p->profile, &error);

  for (guint i = 0; renderer != NULL && i < p->n_letters; i++)
    {
      const CbzLetter *letter = p->letters[i];
      const char *template_text = p->template_func != NULL ? p->template_func (letter, p->template_data) : NULL;
      CbzLetterDocument *doc;

      g_mutex_lock (&p->lock);
      while (!p->stop && p->ready.length >= AHEAD)
        g_cond_wait (&p->cond, &p->lock);
      if (p->stop)
        {
          g_mutex_unlock (&p->lock);
          break;
        }
      g_mutex_unlock (&p->lock);

      if (g_cancellable_set_error_if_cancelled (p->cancellable, &error))
        break;
      doc = cbz_letter_renderer_layout (renderer, letter, template_text, &error);
      if (doc == NULL)
        {
          g_prefix_error (&error, "%s: ", letter->name);
          break;
        }

      g_mutex_lock (&p->lock);
      g_queue_push_tail (&p->ready, doc);
      g_cond_broadcast (&p->cond);
      g_mutex_unlock (&p->lock);
    }

  /* Report, then keep the renderer until every letter is drawn. */
  g_mutex_lock (&p->lock);
  if (error != NULL)
    p->error = g_steal_pointer (&error);
  p->finished = TRUE;
  g_cond_broadcast (&p->cond);
  while (!p->stop)
    g_cond_wait (&p->cond, &p->lock);
  g_mutex_unlock (&p->lock);
  return NULL;
}

/**
 * cbz_letter_pdf_add_letters:
 * @letters: (array length=n_letters): the letters, in the order of the PDF
 * @template_func: (nullable): the template text of each letter
 * @added_func: (nullable): called on this thread after each letter is added
 *
 * Adds every letter to the PDF, laying them out on a helper thread.
 *
 * Returns: %FALSE with @error set when a letter could not be laid out or
 *   the operation was cancelled; the letters before it are in the PDF.
 */
gboolean
cbz_letter_pdf_add_letters (CbzLetterPdf            *self,
                            const CbzCompanyProfile *profile,
                            CbzLetter * const       *letters,
                            guint                    n_letters,
                            CbzLetterTemplateFunc    template_func,
                            gpointer                 template_data,
                            CbzLetterAddedFunc       added_func,
                            gpointer                 added_data,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  Pipeline p = { profile, letters, n_letters, template_func, template_data, cancellable, };
  GThread *thread;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (letters != NULL || n_letters == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_letters == 0)
    return TRUE;

  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  g_queue_init (&p.ready);
  thread = g_thread_new ("cbz-letter-layout", layout_thread, &p);

  for (guint i = 0; i < n_letters; i++)
    {
      CbzLetterDocument *doc;

      g_mutex_lock (&p.lock);
      while (p.ready.length == 0 && !p.finished)
        g_cond_wait (&p.cond, &p.lock);
      doc = g_queue_pop_head (&p.ready);
      g_cond_broadcast (&p.cond);
      g_mutex_unlock (&p.lock);

      /* The helper finished early: its error says why (failing to lay a
       * letter out, or being cancelled). */
      if (doc == NULL)
        {
          ok = FALSE;
          break;
        }
      cbz_letter_pdf_add (self, doc);
      if (added_func != NULL)
        added_func (i, doc, added_data);
      cbz_letter_document_free (doc);
    }

  g_mutex_lock (&p.lock);
  p.stop = TRUE;
  g_cond_broadcast (&p.cond);
  g_mutex_unlock (&p.lock);
  g_thread_join (thread);

  /* Letters laid out but not drawn, after a failure. */
  g_queue_clear_full (&p.ready, (GDestroyNotify) cbz_letter_document_free);
  g_assert (ok || p.error != NULL);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&p.error));
  g_clear_error (&p.error);
  g_cond_clear (&p.cond);
  g_mutex_clear (&p.lock);
  return ok;
}
