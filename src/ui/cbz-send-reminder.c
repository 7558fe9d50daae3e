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

/* One click, from preparing the reminder to the toast with the outcome.
 * Every step runs on the store's worker connections or in libsecret. */
typedef struct
{
  CbzDebtorDetail    *detail;   /* weak: the page may go away */
  GSimpleAction      *action;
  CbzStore           *store;    /* the page's, opened by the window */
  CbzOutbox          *outbox;
  gint64              debtor_id;
  CbzChannel          channel;
  char               *provider;
  CbzOutboxMessage   *message;
  gboolean            already_queued;
  CbzProviderAccount *account;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_clear_weak_pointer (&job->detail);
  g_clear_object (&job->action);
  g_clear_object (&job->outbox);
  g_clear_object (&job->store);
  g_free (job->provider);
  g_clear_pointer (&job->message, cbz_outbox_message_free);
  g_clear_pointer (&job->account, cbz_provider_account_free);
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

/* Ends the click: the toast, and the action back on. */
static void
finish_job (SendJob    *job,
            const char *text)
{
  show_toast (job->detail, text);
  g_simple_action_set_enabled (job->action, TRUE);
  send_job_free (job);
}

static char *
describe_outcome (const SendJob          *job,
                  const CbzOutboxMessage *message)
{
  switch (message->state)
    {
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
      if (job->already_queued)
        return g_strdup_printf (_("This reminder was already sent to %s today"), message->recipient);
      return g_strdup_printf (_("Reminder sent to %s"), message->recipient);
    case CBZ_OUTBOX_STATE_DRY_RUN:
      return g_strdup (_("Reminder recorded on the timeline, not sent (dry run)"));
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_CANCELLED:
      return g_strdup_printf (_("Reminder not sent: %s"),
                              message->last_error != NULL ? message->last_error : _("no reason given"));
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return g_strdup (_("Reminder held: check with the customer before resending"));
    case CBZ_OUTBOX_STATE_QUEUED:
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_N_STATES:
    default:
      return g_strdup_printf (_("Reminder queued; it will be sent later: %s"),
                              message->last_error != NULL ? message->last_error : _("waiting for its turn"));
    }
}

static void
outcome_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  message = cbz_outbox_get_finish (CBZ_OUTBOX (source), result, &error);
  if (message == NULL)
    {
      finish_job (job, error->message);
      return;
    }
  text = describe_outcome (job, message);
  finish_job (job, text);
}

/* The page shows the main connection: a sender's worker writes, so tell it
 * the file changed as each state lands (the run's end tells it again). */
static void
on_message_changed_cb (CbzSender *sender,
                       gint64     message_id,
                       gint64     debtor_id,
                       int        state,
                       SendJob   *job)
{
  cbz_store_mark_changed (job->store);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (source, on_message_changed_cb, job);
  if (!cbz_sender_run_finish (CBZ_SENDER (source), result, NULL, &error))
    {
      finish_job (job, error->message);
      return;
    }
  cbz_outbox_get_async (job->outbox, job->message->id, NULL, outcome_read_cb, job);
}

static void
send_now (SendJob *job)
{
  g_autoptr(CbzSender) sender = cbz_sender_new (job->store);

  cbz_sender_set_dry_run (sender, job->message->dry_run);
  /* The reminder goes now or waits in the outbox for the next run; the
   * page is not kept waiting for retries. */
  cbz_sender_set_max_wait (sender, 0);
  if (job->account != NULL)
    cbz_sender_add_account (sender, job->account);
  g_signal_connect (sender, "message-changed", G_CALLBACK (on_message_changed_cb), job);
  cbz_sender_run_async (sender, NULL, run_done_cb, job);
}

static void
enqueued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;
  CbzOutboxMessage *message;

  message = cbz_outbox_enqueue_finish (CBZ_OUTBOX (source), result, &inserted, &error);
  if (message == NULL)
    {
      finish_job (job, error->message);
      return;
    }
  cbz_outbox_message_free (job->message);
  job->message = message;
  job->already_queued = !inserted;
  send_now (job);
}

static void
account_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;

  /* No account and no dry run: say so, and queue nothing. */
  job->account = cbz_credentials_load_account_finish (result, &error);
  if (job->account == NULL)
    {
      finish_job (job, error->message);
      return;
    }
  cbz_outbox_enqueue_async (job->outbox, job->message, NULL, enqueued_cb, job);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;

  job->message = cbz_outbox_prepare_reminder_finish (CBZ_OUTBOX (source), result, &skip, &error);
  if (job->message == NULL)
    {
      finish_job (job, skip != NULL ? skip : error->message);
      return;
    }

  job->message->dry_run = cbz_credentials_get_dry_run ();
  if (job->message->dry_run)
    cbz_outbox_enqueue_async (job->outbox, job->message, NULL, enqueued_cb, job);
  else
    cbz_credentials_load_account_async (job->provider, NULL, account_loaded_cb, job);
}

static void
send_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer      user_data)
{
  CbzDebtorDetail *detail = user_data;
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  gint64 debtor_id = cbz_debtor_detail_get_debtor_id (detail);
  SendJob *job;
  CbzChannel channel;

  if (store == NULL || debtor_id <= 0 ||
      !cbz_channel_from_string (g_variant_get_string (parameter, NULL), &channel))
    return;

  job = g_new0 (SendJob, 1);
  g_set_weak_pointer (&job->detail, detail);
  job->action = g_object_ref (action);
  job->store = g_object_ref (store);
  job->outbox = cbz_outbox_new (store);
  job->debtor_id = debtor_id;
  job->channel = channel;
  job->provider = g_strdup (cbz_message_default_provider (channel));

  /* One reminder at a time from this page. */
  g_simple_action_set_enabled (action, FALSE);
  cbz_outbox_prepare_reminder_async (job->outbox, debtor_id, channel, job->provider, "reminder",
                                     cbz_company_profile_load_sender_context, NULL, prepared_cb, job);
}

/* By hand */

typedef struct
{
  CbzDebtorDetail *detail;
  CbzStore        *store;
  CbzChannel       channel;
} ByHand;

static void
by_hand_free (ByHand *by_hand)
{
  g_clear_object (&by_hand->detail);
  g_clear_object (&by_hand->store);
  g_free (by_hand);
}

static void
by_hand_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ByHand *by_hand = user_data;
  g_autoptr(GError) error = NULL;

  if (cbz_provider_manual_send_finish (result, &error) <= 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (by_hand->detail, error->message);
      by_hand_free (by_hand);
      return;
    }
  show_toast (by_hand->detail, _("Reminder recorded on the timeline as sent by hand"));
  cbz_store_mark_changed (by_hand->store);
  by_hand_free (by_hand);
}

static void
by_hand_prepared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ByHand *by_hand = user_data;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autoptr(GArray) invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *skip = NULL;
  g_auto(GStrv) ids = NULL;
  GtkRoot *root;

  message = cbz_outbox_prepare_reminder_finish (CBZ_OUTBOX (source), result, &skip, &error);
  if (message == NULL)
    {
      show_toast (by_hand->detail, skip != NULL ? skip : error->message);
      by_hand_free (by_hand);
      return;
    }

  ids = g_strsplit (message->invoice_set != NULL ? message->invoice_set : "", ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (ids[i], NULL, 10);

      if (id > 0)
        g_array_append_val (invoice_ids, id);
    }

  root = gtk_widget_get_root (GTK_WIDGET (by_hand->detail));
  cbz_provider_manual_send_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, by_hand->store,
                                  message->debtor_id, by_hand->channel, message->recipient,
                                  message->subject, message->body,
                                  (const gint64 *) (gpointer) invoice_ids->data, invoice_ids->len,
                                  NULL, by_hand_done_cb, by_hand);
}

/* No provider account: the same reminder, opened in WhatsApp (wa.me), the
 * messages app (sms:) or the mail program (mailto:) for the person to send,
 * and recorded on the timeline as sent by hand. */
static void
by_hand_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer      user_data)
{
  CbzDebtorDetail *detail = user_data;
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  gint64 debtor_id = cbz_debtor_detail_get_debtor_id (detail);
  g_autoptr(CbzOutbox) outbox = NULL;
  ByHand *by_hand;
  CbzChannel channel;

  if (store == NULL || debtor_id <= 0 ||
      !cbz_channel_from_string (g_variant_get_string (parameter, NULL), &channel))
    return;

  by_hand = g_new0 (ByHand, 1);
  by_hand->detail = g_object_ref (detail);
  by_hand->store = g_object_ref (store);
  by_hand->channel = channel;
  outbox = cbz_outbox_new (store);
  cbz_outbox_prepare_reminder_async (outbox, debtor_id, channel, cbz_message_default_provider (channel),
                                     "reminder", cbz_company_profile_load_sender_context, NULL,
                                     by_hand_prepared_cb, by_hand);
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
