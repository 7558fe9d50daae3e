/* cbz-reason-status.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-reason-status.h"
#include "cbz-store-notes.h"
#include "cbz-ui-format.h"

struct _CbzReasonStatus
{
  AdwBin        parent_instance;

  CbzStore     *store;
  gint64        debtor_id;
  GCancellable *cancellable;   /* the reading under way */
  char         *text;

  GtkListBox   *list;
  AdwActionRow *row;
};

G_DEFINE_FINAL_TYPE (CbzReasonStatus, cbz_reason_status, ADW_TYPE_BIN)

static void
show_record (CbzReasonStatus *self,
             CbzReasonRecord *record)
{
  g_clear_pointer (&self->text, g_free);
  if (record == NULL || !record->known)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  self->text = g_strdup (cbz_nonpayment_reason_get_label (record->reason));
  adw_action_row_set_subtitle (self->row, self->text);
  if (record->recorded_at > 0)
    {
      g_autofree char *when = cbz_ui_format_date_time (record->recorded_at);
      g_autofree char *tooltip = NULL;

      if (record->recorded_by != NULL)
        /* Translators: when ("15 Mar 2027, 14:05") and who recorded the reason */
        tooltip = g_strdup_printf (_("Recorded on %s by %s"), when, record->recorded_by);
      else
        /* Translators: when the reason was recorded ("15 Mar 2027, 14:05") */
        tooltip = g_strdup_printf (_("Recorded on %s"), when);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->row), tooltip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
record_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CbzReasonStatus) self = user_data;
  g_autoptr(CbzReasonRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = cbz_store_get_nonpayment_reason_finish (CBZ_STORE (source), result, &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the customer’s reason for non-payment: %s", error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  show_record (self, record);
}

static void
reload (CbzReasonStatus *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->debtor_id <= 0)
    {
      show_record (self, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  cbz_store_get_nonpayment_reason_async (self->store, self->debtor_id, self->cancellable, record_read_cb,
                                         g_object_ref (self));
}

static void
cbz_reason_status_dispose (GObject *object)
{
  CbzReasonStatus *self = CBZ_REASON_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->text, g_free);
  /* AdwBin unparents its child itself: give it up first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_REASON_STATUS);

  G_OBJECT_CLASS (cbz_reason_status_parent_class)->dispose (object);
}

static void
cbz_reason_status_class_init (CbzReasonStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_reason_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-reason-status.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzReasonStatus, list);
}

static void
cbz_reason_status_init (CbzReasonStatus *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("C_hange…"));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), _("Reason for Non-payment"));
  adw_action_row_set_icon_name (self->row, "dialog-information-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->row), "property");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Record another reason for non-payment"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reason.record");
  adw_action_row_add_suffix (self->row, button);
  gtk_list_box_append (self->list, GTK_WIDGET (self->row));
}

GtkWidget *
cbz_reason_status_new (void)
{
  return g_object_new (CBZ_TYPE_REASON_STATUS, NULL);
}

void
cbz_reason_status_show (CbzReasonStatus *self,
                        CbzStore        *store,
                        gint64           debtor_id)
{
  g_return_if_fail (CBZ_IS_REASON_STATUS (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  if (self->debtor_id != debtor_id)
    {
      self->debtor_id = debtor_id;
      show_record (self, NULL);
    }
  reload (self);
}

const char *
cbz_reason_status_get_text (CbzReasonStatus *self)
{
  g_return_val_if_fail (CBZ_IS_REASON_STATUS (self), NULL);

  return self->text;
}
