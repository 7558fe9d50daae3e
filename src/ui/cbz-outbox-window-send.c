/* cbz-outbox-window-send.c: Send Queued Now
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the accounts the queued messages need, says which providers have
 * none (their messages stay queued), and runs a CbzSender on the window's
 * portfolio with a progress bar; the list and the main window follow each
 * message as it changes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-credentials.h"
#include "cbz-outbox-window-private.h"

/* Each outcome a whole phrase with its count; the toast lists them. */
static char *
format_summary (const CbzSenderSummary *summary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (summary->sent > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u sent", "%u sent", summary->sent), summary->sent));
  if (summary->dry_run > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u recorded without sending (dry run)",
                                                       "%u recorded without sending (dry run)",
                                                       summary->dry_run), summary->dry_run));
  if (summary->failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed", summary->failed),
                                             summary->failed));
  if (summary->unknown > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u held: check before resending",
                                                       "%u held: check before resending",
                                                       summary->unknown), summary->unknown));
  if (summary->retrying + summary->waiting > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u still queued", "%u still queued",
                                                       summary->retrying + summary->waiting),
                                             summary->retrying + summary->waiting));
  if (parts->len == 0)
    return g_strdup (_("Nothing was sent"));
  g_ptr_array_add (parts, NULL);
  /* Translators: what goes between the outcomes: "12 sent, 1 failed". */
  return g_strjoinv (C_("list separator", ", "), (char **) parts->pdata);
}

/* One line per provider whose messages wait for an account. */
static char *
format_missing (const CbzSenderAccounts *accounts)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < accounts->missing->len; i++)
    {
      const CbzSenderMissingAccount *missing = g_ptr_array_index (accounts->missing, i);
      const char *name = cbz_provider_id_get_display_name (missing->provider);

      g_string_append_printf (lines,
                              /* Translators: "• Twilio: 12 messages wait. <why>" */
                              ngettext ("• %s: %u message waits. %s\n", "• %s: %u messages wait. %s\n",
                                        missing->n_messages),
                              name != NULL ? name : missing->provider, missing->n_messages, missing->reason);
    }
  return g_string_free (lines, FALSE);
}

static void
on_missing_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_strcmp0 (response, "preferences") == 0 && parent != NULL)
    gtk_widget_activate_action (parent, "app.preferences", NULL);
}

/* The messages stay queued: say for which provider and why, and offer the
 * place to set the account up. */
static void
show_missing_accounts (CbzOutboxWindow *self,
                       const char      *heading,
                       const char      *summary)
{
  GtkWidget *dialog;
  g_autofree char *missing = format_missing (self->accounts);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s%s%s\n%s", summary != NULL ? summary : "", summary != NULL ? "\n\n" : "",
                          _("These messages stay queued until an account is set up in Preferences:"),
                          missing);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "preferences", _("Open _Preferences"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (on_missing_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
finish_sending (CbzOutboxWindow *self)
{
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_clear_object (&self->sender);
  g_clear_object (&self->send_cancellable);
  g_clear_pointer (&self->accounts, cbz_sender_accounts_free);
  self->preparing = FALSE;
  if (self->disposed)
    return;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _cbz_outbox_window_update_actions (self);
  self->main_dirty = TRUE;
  _cbz_outbox_window_schedule_reload (self);
}

static void
on_send_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzOutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CbzSenderSummary summary = { 0 };

  if (!cbz_sender_run_finish (CBZ_SENDER (source), result, &summary, &error))
    {
      if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _cbz_outbox_window_show_toast (self, error->message);
      finish_sending (self);
      return;
    }
  if (!self->disposed)
    {
      text = format_summary (&summary);
      if (self->accounts->missing->len > 0)
        show_missing_accounts (self, _("Some Messages Were Not Sent"), text);
      else
        _cbz_outbox_window_show_toast (self, text);
    }
  finish_sending (self);
}

static void
on_send_progress_cb (CbzOutboxWindow *self,
                     guint64          done,
                     guint64          total)
{
  g_autofree char *text = NULL;

  if (self->disposed || g_cancellable_is_cancelled (self->send_cancellable))
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) MIN (done, total) / total : 0);
  /* Translators: progress of Send Queued Now. */
  text = g_strdup_printf (ngettext ("Sending… %llu of %llu message",
                                    "Sending… %llu of %llu messages", (gulong) total),
                          (unsigned long long) done, (unsigned long long) total);
  gtk_label_set_label (self->progress_label, text);
}

static void
on_send_message_changed_cb (CbzOutboxWindow *self,
                            gint64           message_id,
                            gint64           debtor_id,
                            int              state)
{
  /* The row and the customer's timeline follow, a few changes at a time. */
  self->main_dirty = TRUE;
  _cbz_outbox_window_schedule_reload (self);
}

static void
on_accounts_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CbzOutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->accounts = cbz_sender_load_accounts_finish (CBZ_SENDER (source), result, &error);
  if (self->accounts == NULL)
    {
      if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _cbz_outbox_window_show_toast (self, error->message);
      finish_sending (self);
      return;
    }
  if (self->disposed)
    {
      finish_sending (self);
      return;
    }
  if (self->accounts->n_queued == 0)
    {
      _cbz_outbox_window_show_toast (self, _("Nothing is queued"));
      finish_sending (self);
      return;
    }
  if (self->accounts->n_without_account == self->accounts->n_queued)
    {
      show_missing_accounts (self, _("No Account to Send With"), NULL);
      finish_sending (self);
      return;
    }

  self->preparing = FALSE;
  g_signal_connect_object (self->sender, "progress", G_CALLBACK (on_send_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "message-changed", G_CALLBACK (on_send_message_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_label_set_label (self->progress_label,
                       self->dry_run ? _("Recording the queued messages without sending them (dry run)…")
                                     : _("Sending the queued messages…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _cbz_outbox_window_update_actions (self);
  cbz_sender_run_async (self->sender, self->send_cancellable, on_send_done_cb, g_object_ref (self));
}

static void
send_queued_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);

  if (self->sender != NULL)
    return;

  self->preparing = TRUE;
  self->send_cancellable = g_cancellable_new ();
  self->sender = cbz_sender_new (self->store);
  self->dry_run = cbz_credentials_get_dry_run ();
  cbz_sender_set_dry_run (self->sender, self->dry_run);
  /* Temporary failures wait for the next send instead of keeping the
   * window busy through their backoff. */
  cbz_sender_set_max_wait (self->sender, 30 * G_USEC_PER_SEC);
  _cbz_outbox_window_update_actions (self);
  /* The keyring may ask questions over D-Bus: nothing here waits for it. */
  cbz_sender_load_accounts_async (self->sender, self->send_cancellable, on_accounts_loaded_cb,
                                  g_object_ref (self));
}

static void
stop_sending_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);

  if (self->send_cancellable == NULL)
    return;
  g_cancellable_cancel (self->send_cancellable);
  gtk_label_set_label (self->progress_label, _("Stopping: waiting for the messages already on their way…"));
  gtk_widget_action_set_enabled (widget, "outbox.stop-sending", FALSE);
}

gboolean
_cbz_outbox_window_is_sending (CbzOutboxWindow *self)
{
  return self->sender != NULL;
}

gboolean
_cbz_outbox_window_can_stop_sending (CbzOutboxWindow *self)
{
  return self->sender != NULL && !self->preparing;
}

void
_cbz_outbox_window_stop_sending (CbzOutboxWindow *self)
{
  if (self->send_cancellable != NULL)
    g_cancellable_cancel (self->send_cancellable);
}

void
_cbz_outbox_window_class_init_send (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "outbox.send-queued", NULL, send_queued_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.stop-sending", NULL, stop_sending_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "outbox.send-queued", NULL);
}
