/* cbz-send-reminder.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cbz-company-profile.h"
#include "cbz-credentials.h"
#include "cbz-message-template.h"
#include "cbz-outbox.h"
#include "cbz-provider-manual-send.h"
#include "cbz-send-reminder.h"
#include "cbz-sender.h"
#include "cbz-window.h"

/* One click, from the worker threads back to the page. */
typedef struct
{
  CbzDebtorDetail    *detail;   /* weak: the page may go away */
  GSimpleAction      *action;
  char               *database;
  gint64              debtor_id;
  CbzChannel          channel;
  /* Filled by the preparing thread. */
  gint64              message_id;
  gboolean            already_queued;
  gboolean            dry_run;
  CbzProviderAccount *account;
  char               *skip;
  /* Filled when sending is over. */
  CbzOutboxMessage   *outcome;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_clear_weak_pointer (&job->detail);
  g_clear_object (&job->action);
  g_free (job->database);
  g_clear_pointer (&job->account, cbz_provider_account_free);
  g_free (job->skip);
  g_clear_pointer (&job->outcome, cbz_outbox_message_free);
  g_free (job);
}

static void
show_toast (CbzDebtorDetail *detail,
            const char      *text)
{
  GtkRoot *root;
  AdwToast *toast;

  if (detail == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (detail));
  if (!CBZ_IS_WINDOW (root))
    return;
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 6);
  cbz_window_add_toast (CBZ_WINDOW (root), toast);
}

/* The page shows the main thread's connection: tell it the file changed. */
static void
refresh_page (SendJob *job)
{
  CbzStore *store;

  if (job->detail == NULL)
    return;
  store = cbz_debtor_detail_get_store (job->detail);
  if (store != NULL)
    cbz_store_mark_changed (store);
}

static void
finish_job (SendJob *job)
{
  g_simple_action_set_enabled (job->action, TRUE);
  send_job_free (job);
}

/* Worker threads */

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SendJob *job = task_data;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(CbzOutboxMessage) message = NULL;
  const char *provider = cbz_message_default_provider (job->channel);
  GError *error = NULL;
  gboolean inserted = FALSE;

  store = cbz_store_open (job->database, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  company = cbz_company_profile_load_sender_context (store, &error);
  if (company == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = cbz_message_build_reminder (store, job->debtor_id, job->channel, provider, "reminder",
                                        company, cbz_store_get_today (store), &job->skip, &error);
  if (message == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  /* No account and no dry run: say so, and queue nothing. */
  job->dry_run = cbz_credentials_get_dry_run ();
  if (!job->dry_run)
    {
      job->account = cbz_credentials_load_account_sync (provider, cancellable, &error);
      if (job->account == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  message->dry_run = job->dry_run;
  outbox = cbz_outbox_new (store);
  if (!cbz_outbox_enqueue (outbox, message, &inserted, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job->message_id = message->id;
  job->already_queued = !inserted;
  g_task_return_boolean (task, TRUE);
}

static void
outcome_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SendJob *job = task_data;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  GError *error = NULL;

  store = cbz_store_open (job->database, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  outbox = cbz_outbox_new (store);
  job->outcome = cbz_outbox_get (outbox, job->message_id, &error);
  if (job->outcome == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Back on the main thread */

static void
outcome_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const CbzOutboxMessage *message;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_toast (job->detail, error->message);
      finish_job (job);
      return;
    }

  message = job->outcome;
  switch (message->state)
    {
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
      text = g_strdup_printf (job->already_queued ? _("This reminder was already sent to %s today")
                                                  : _("Reminder sent to %s"),
                              message->recipient);
      break;
    case CBZ_OUTBOX_STATE_DRY_RUN:
      text = g_strdup (_("Reminder recorded on the timeline, not sent (dry run)"));
      break;
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_CANCELLED:
      text = g_strdup_printf (_("Reminder not sent: %s"),
                              message->last_error != NULL ? message->last_error : _("no reason given"));
      break;
    case CBZ_OUTBOX_STATE_UNKNOWN:
      text = g_strdup (_("Reminder held: check with the customer before resending"));
      break;
    case CBZ_OUTBOX_STATE_QUEUED:
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_N_STATES:
    default:
      text = g_strdup_printf (_("Reminder queued; it will be sent later: %s"),
                              message->last_error != NULL ? message->last_error : _("waiting for its turn"));
      break;
    }
  show_toast (job->detail, text);
  refresh_page (job);
  finish_job (job);
}

static void
on_message_changed_cb (CbzSender *sender,
                       gint64     message_id,
                       gint64     debtor_id,
                       int        state,
                       SendJob   *job)
{
  refresh_page (job);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  g_signal_handlers_disconnect_by_func (source, on_message_changed_cb, job);
  if (!cbz_sender_run_finish (CBZ_SENDER (source), result, NULL, &error))
    {
      show_toast (job->detail, error->message);
      refresh_page (job);
      finish_job (job);
      return;
    }

  task = g_task_new (NULL, NULL, outcome_ready_cb, job);
  g_task_set_source_tag (task, run_done_cb);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, outcome_thread);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzSender) sender = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_toast (job->detail, error->message);
      finish_job (job);
      return;
    }
  if (job->skip != NULL)
    {
      show_toast (job->detail, job->skip);
      finish_job (job);
      return;
    }

  refresh_page (job);
  sender = cbz_sender_new (job->database);
  cbz_sender_set_dry_run (sender, job->dry_run);
  /* The reminder goes now or waits in the outbox for the next run; the
   * page is not kept waiting for retries. */
  cbz_sender_set_max_wait (sender, 0);
  if (job->account != NULL)
    cbz_sender_add_account (sender, job->account);
  g_signal_connect (sender, "message-changed", G_CALLBACK (on_message_changed_cb), job);
  cbz_sender_run_async (sender, NULL, run_done_cb, job);
}

static void
send_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer      user_data)
{
  CbzDebtorDetail *detail = user_data;
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  gint64 debtor_id = cbz_debtor_detail_get_debtor_id (detail);
  g_autoptr(GTask) task = NULL;
  SendJob *job;
  CbzChannel channel;

  if (store == NULL || debtor_id <= 0 ||
      !cbz_channel_from_string (g_variant_get_string (parameter, NULL), &channel))
    return;

  job = g_new0 (SendJob, 1);
  g_set_weak_pointer (&job->detail, detail);
  job->action = g_object_ref (action);
  job->database = g_strdup (cbz_store_get_path (store));
  job->debtor_id = debtor_id;
  job->channel = channel;

  /* One reminder at a time from this page. */
  g_simple_action_set_enabled (action, FALSE);
  task = g_task_new (NULL, NULL, prepared_cb, job);
  g_task_set_source_tag (task, send_activated_cb);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, prepare_thread);
}

static void
by_hand_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzDebtorDetail) detail = user_data;
  g_autoptr(GError) error = NULL;

  if (cbz_provider_manual_send_finish (result, &error) <= 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (detail, error->message);
      return;
    }
  show_toast (detail, _("Reminder recorded on the timeline as sent by hand"));
  if (cbz_debtor_detail_get_store (detail) != NULL)
    cbz_store_mark_changed (cbz_debtor_detail_get_store (detail));
}

/* No provider account: the same reminder, opened in WhatsApp (wa.me), the
 * messages app (sms:) or the mail program (mailto:) for the person to send,
 * and recorded on the timeline as sent by hand. Reads one customer's rows
 * and writes one event on the page's own connection: milliseconds. */
static void
by_hand_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer      user_data)
{
  CbzDebtorDetail *detail = user_data;
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  gint64 debtor_id = cbz_debtor_detail_get_debtor_id (detail);
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GArray) invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  g_auto(GStrv) ids = NULL;
  GtkRoot *root;
  CbzChannel channel;

  if (store == NULL || debtor_id <= 0 ||
      !cbz_channel_from_string (g_variant_get_string (parameter, NULL), &channel))
    return;
  root = gtk_widget_get_root (GTK_WIDGET (detail));

  company = cbz_company_profile_load_sender_context (store, &error);
  if (company != NULL)
    message = cbz_message_build_reminder (store, debtor_id, channel,
                                          cbz_message_default_provider (channel), "reminder",
                                          company, cbz_store_get_today (store), &skip, &error);
  if (message == NULL)
    {
      show_toast (detail, skip != NULL ? skip : error->message);
      return;
    }

  ids = g_strsplit (message->invoice_set != NULL ? message->invoice_set : "", ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (ids[i], NULL, 10);

      if (id > 0)
        g_array_append_val (invoice_ids, id);
    }

  cbz_provider_manual_send_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store, debtor_id,
                                  channel, message->recipient, message->subject, message->body,
                                  (const gint64 *) (gpointer) invoice_ids->data, invoice_ids->len,
                                  NULL, by_hand_done_cb, g_object_ref (detail));
}

void
cbz_send_reminder_add_to_detail (CbzDebtorDetail *detail)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("send", G_VARIANT_TYPE_STRING);
  g_autoptr(GSimpleAction) by_hand = g_simple_action_new ("by-hand", G_VARIANT_TYPE_STRING);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) providers = g_menu_new ();
  g_autoptr(GMenu) hand = g_menu_new ();
  GtkWidget *button;

  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (detail));

  g_signal_connect_object (action, "activate", G_CALLBACK (send_activated_cb), detail, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  g_signal_connect_object (by_hand, "activate", G_CALLBACK (by_hand_activated_cb), detail, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (by_hand));

  g_menu_append (providers, _("By _SMS"), "reminder.send::sms");
  g_menu_append (providers, _("By _WhatsApp"), "reminder.send::whatsapp");
  g_menu_append (providers, _("By _Email"), "reminder.send::email");
  g_menu_append_section (menu, _("Through the Provider"), G_MENU_MODEL (providers));
  g_menu_append (hand, _("Open in W_hatsApp"), "reminder.by-hand::whatsapp");
  g_menu_append (hand, _("Open in the _Messages App"), "reminder.by-hand::sms");
  g_menu_append (hand, _("Open in the Email _Program"), "reminder.by-hand::email");
  g_menu_append_section (menu, _("By Hand, Without an Account"), G_MENU_MODEL (hand));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Send _Reminder"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("Queue a payment reminder in the outbox and send it"));
  gtk_widget_insert_action_group (button, "reminder", G_ACTION_GROUP (group));
  cbz_debtor_detail_add_action_widget (detail, button);
}
