/* cbz-message-templates-page-store.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Messages page's work with the store, all on its worker connections:
 * reading the user's saved wordings and a sample customer, and writing
 * saves and resets one after the other, in the order they were made, so a
 * reset never races a save. The writes outlive the page, so the last
 * edits before the window closes still reach the file.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-detail.h"
#include "cbz-message-templates-page-private.h"
#include "cbz-window.h"

static void start_next_write (CbzTemplateWriteQueue *queue);

/* Async callbacks hold the page weakly: a widget kept alive past its
 * window would be disposed twice. */
static GWeakRef *
weak_page_new (CbzMessageTemplatesPage *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* (transfer full) the page, or NULL when it is gone; frees @ref. */
static CbzMessageTemplatesPage *
weak_page_take (GWeakRef *ref)
{
  CbzMessageTemplatesPage *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
write_free (CbzTemplateWrite *write)
{
  g_clear_object (&write->store);
  g_clear_pointer (&write->template, cbz_message_template_free);
  g_free (write);
}

static void
write_queue_clear (CbzTemplateWriteQueue *queue)
{
  g_queue_clear_full (&queue->writes, (GDestroyNotify) write_free);
}

CbzTemplateWriteQueue *
_cbz_template_write_queue_new (CbzMessageTemplatesPage *page)
{
  CbzTemplateWriteQueue *queue = g_rc_box_new0 (CbzTemplateWriteQueue);

  queue->page = page;
  g_queue_init (&queue->writes);
  return queue;
}

void
_cbz_template_write_queue_close (CbzTemplateWriteQueue *queue)
{
  queue->page = NULL;
  g_rc_box_release_full (queue, (GDestroyNotify) write_queue_clear);
}

/* A save or reset came back: the page shows what the store now holds. */
static void
finish_write (CbzMessageTemplatesPage *self,
              CbzTemplateWrite        *write,
              const GError            *error)
{
  g_autofree char *key = _cbz_message_templates_page_key (write->template);
  gboolean shown = self->template != NULL && self->template->channel == write->template->channel &&
                   g_str_equal (self->template->language, write->template->language);

  if (error != NULL)
    {
      _cbz_message_templates_page_show_toast (self, error->message);
      /* Keep the text that could not be saved: shown, or as a draft. */
      if (!write->reset && !shown)
        g_hash_table_replace (self->drafts, g_steal_pointer (&key), cbz_message_template_copy (write->template));
      self->write_failed = shown;
      _cbz_message_templates_page_show_status (self);
      return;
    }

  if (shown)
    self->write_failed = FALSE;

  if (write->reset)
    {
      g_hash_table_remove (self->saved, key);
      g_hash_table_remove (self->drafts, key);
      if (shown)
        _cbz_message_templates_page_load_current (self);
      return;
    }

  g_hash_table_replace (self->saved, g_strdup (key), cbz_message_template_copy (write->template));
  if (shown)
    {
      g_autoptr(CbzMessageTemplate) current = _cbz_message_templates_page_collect (self);

      /* Typed on while it was written: still dirty, saved again soon. */
      if (_cbz_message_templates_page_same (current, write->template))
        {
          g_clear_pointer (&self->template, cbz_message_template_free);
          self->template = cbz_message_template_copy (write->template);
          self->dirty = FALSE;
        }
      _cbz_message_templates_page_show_status (self);
    }
}

static void
on_write_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CbzTemplateWriteQueue *queue = user_data;
  CbzTemplateWrite *write = g_queue_pop_head (&queue->writes);
  CbzMessageTemplatesPage *self = queue->page;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = write->reset ? cbz_message_template_reset_finish (CBZ_STORE (source), result, &error)
                    : cbz_message_template_save_finish (CBZ_STORE (source), result, &error);
  /* After a window closed, its last writes still go in, unseen. */
  if (self != NULL && write->store == self->store && self->saved != NULL)
    finish_write (self, write, ok ? NULL : error);
  else if (!ok)
    g_warning ("%s", error->message);
  write_free (write);
  start_next_write (queue);
  g_rc_box_release_full (queue, (GDestroyNotify) write_queue_clear);
}

static void
start_next_write (CbzTemplateWriteQueue *queue)
{
  CbzTemplateWrite *write = g_queue_peek_head (&queue->writes);

  if (write == NULL)
    return;
  /* Never cancelled: what the person typed must reach the file. */
  if (write->reset)
    cbz_message_template_reset_async (write->store, CBZ_MESSAGE_TEMPLATES_PAGE_NAME, write->template->channel,
                                      write->template->language, NULL, on_write_done_cb, g_rc_box_acquire (queue));
  else
    cbz_message_template_save_async (write->template, write->store, NULL, on_write_done_cb,
                                     g_rc_box_acquire (queue));
}

/* A save still waiting for the same wording is replaced by the newer one. */
void
_cbz_message_templates_page_queue_write (CbzMessageTemplatesPage *self,
                                         CbzMessageTemplate      *template,
                                         gboolean                 reset)
{
  CbzTemplateWrite *write = g_new0 (CbzTemplateWrite, 1);
  GQueue *writes = &self->queue->writes;

  write->store = g_object_ref (self->store);
  write->reset = reset;
  write->template = template;
  /* The head is running; only the ones behind it can be replaced. */
  for (GList *l = writes->head != NULL ? writes->head->next : NULL; l != NULL; l = l->next)
    {
      CbzTemplateWrite *waiting = l->data;

      if (!waiting->reset && !reset && waiting->store == write->store &&
          waiting->template->channel == template->channel &&
          g_str_equal (waiting->template->language, template->language))
        {
          write_free (waiting);
          l->data = write;
          return;
        }
    }
  g_queue_push_tail (writes, write);
  if (writes->length == 1)
    start_next_write (self->queue);
}

static void
on_saved_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CbzMessageTemplatesPage) self = weak_page_take (user_data);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;

  templates = cbz_message_template_list_saved_finish (CBZ_STORE (source), result, &error);
  /* Cancelled: another portfolio is shown now, or none. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->listing = FALSE;
  if (templates == NULL)
    {
      _cbz_message_templates_page_show_toast (self, error->message);
      return;
    }

  self->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cbz_message_template_free);
  for (guint i = 0; i < templates->len; i++)
    {
      CbzMessageTemplate *template = g_ptr_array_index (templates, i);

      g_hash_table_replace (self->saved, _cbz_message_templates_page_key (template),
                            cbz_message_template_copy (template));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  _cbz_message_templates_page_load_current (self);
}

static gint64
find_debtor_detail (GtkWidget *widget)
{
  if (CBZ_IS_DEBTOR_DETAIL (widget))
    return cbz_debtor_detail_get_debtor_id (CBZ_DEBTOR_DETAIL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 id = find_debtor_detail (child);

      if (id > 0)
        return id;
    }
  return 0;
}

/* The customer the main window shows, when Preferences were opened from it. */
static gint64
find_selected_debtor (CbzMessageTemplatesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

  return CBZ_IS_WINDOW (parent) ? find_debtor_detail (GTK_WIDGET (parent)) : 0;
}

static void
on_sample_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CbzMessageTemplatesPage) self = weak_page_take (user_data);
  g_autoptr(GError) error = NULL;
  CbzMessageSample *sample;

  sample = cbz_message_sample_load_finish (CBZ_STORE (source), result, &error);
  /* Cancelled: a newer sample is on its way. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&sample, cbz_message_sample_free);
      return;
    }
  g_clear_object (&self->sample_cancellable);
  if (sample == NULL)
    {
      /* The examples still show the wording. */
      g_debug ("No sample customer for the message preview: %s", error->message);
      return;
    }
  cbz_message_preview_group_set_sample (self->preview_group, sample, TRUE);
  _cbz_message_templates_page_update (self);
}

void
_cbz_message_templates_page_load_sample (CbzMessageTemplatesPage *self)
{
  g_cancellable_cancel (self->sample_cancellable);
  g_clear_object (&self->sample_cancellable);
  if (self->store == NULL)
    {
      cbz_message_preview_group_set_sample (self->preview_group, cbz_message_sample_new_example (), FALSE);
      return;
    }
  self->sample_cancellable = g_cancellable_new ();
  cbz_message_sample_load_async (self->store, find_selected_debtor (self), self->sample_cancellable,
                                 on_sample_loaded_cb, weak_page_new (self));
}

void
_cbz_message_templates_page_read_saved (CbzMessageTemplatesPage *self)
{
  /* Nothing to edit until the user's wordings are read. */
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  self->listing = TRUE;
  cbz_message_template_list_saved_async (self->store, CBZ_MESSAGE_TEMPLATES_PAGE_NAME, self->cancellable,
                                         on_saved_listed_cb, weak_page_new (self));
}
