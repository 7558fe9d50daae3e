/* cbz-outbox-row.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-outbox-row.h"
#include "cbz-ui-format.h"

struct _CbzOutboxRow
{
  GtkWidget      parent_instance;

  CbzOutboxItem *item;

  GtkLabel      *name_label;
  GtkLabel      *state_label;
  GtkLabel      *details_label;
  GtkLabel      *error_label;
  GtkLabel      *subject_label;
  GtkLabel      *body_label;
  GtkWidget     *message_button;
  GtkWidget     *resend_button;
  GtkWidget     *dont_resend_button;
  GtkWidget     *cancel_button;
};

G_DEFINE_FINAL_TYPE (CbzOutboxRow, cbz_outbox_row, GTK_TYPE_WIDGET)

static const char *state_classes[] = { "queued", "sending", "sent", "delivered", "failed",
                                       "unknown", "dry-run", "cancelled" };

static const char *
channel_label (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_SMS:
      return C_("channel", "SMS");
    case CBZ_CHANNEL_WHATSAPP:
      return C_("channel", "WhatsApp");
    case CBZ_CHANNEL_EMAIL:
      return C_("channel", "Email");
    default:
      g_return_val_if_reached ("");
    }
}

/* The moment that matters for the state: when it was queued, or when it last
 * changed. */
static char *
format_details (const CbzOutboxMessage *message)
{
  g_autofree char *when = cbz_ui_format_short_time (message->updated_at > 0 ? message->updated_at
                                                                            : message->created_at);
  g_autofree char *next = NULL;

  if (message->state == CBZ_OUTBOX_STATE_QUEUED && message->attempts > 0 &&
      message->next_attempt_at > 0)
    {
      next = cbz_ui_format_short_time (message->next_attempt_at);
      /* Translators: channel · recipient · time · when the next attempt is due. */
      return g_strdup_printf (_("%s · %s · %s · next attempt %s"), channel_label (message->channel),
                              message->recipient, when, next);
    }
  /* Translators: channel · recipient · time, e.g. "SMS · +5215512345678 · 14:05". */
  return g_strdup_printf (_("%s · %s · %s"), channel_label (message->channel),
                          message->recipient, when);
}

static void
update_buttons (CbzOutboxRow           *self,
                const CbzOutboxMessage *message)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (message->id));
  gboolean held = message->state == CBZ_OUTBOX_STATE_UNKNOWN;

  gtk_widget_set_visible (self->resend_button, held || message->state == CBZ_OUTBOX_STATE_FAILED);
  gtk_widget_set_visible (self->dont_resend_button, held);
  gtk_widget_set_visible (self->cancel_button, message->state == CBZ_OUTBOX_STATE_QUEUED);
  /* Held messages are the ones waiting for a decision: that button leads. */
  if (held)
    gtk_widget_add_css_class (self->resend_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->resend_button, "suggested-action");

  /* The target first: an action taking an id must never see the button
   * without one. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->resend_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->dont_resend_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->cancel_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resend_button), "outbox.resend");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->dont_resend_button), "outbox.dont-resend");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "outbox.cancel");
}

static void
update_state (CbzOutboxRow           *self,
              const CbzOutboxMessage *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state_classes[message->state]);
  gtk_label_set_label (self->state_label, cbz_outbox_state_get_label (message->state));

  gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "dim-label");
  /* A held message is a question, not a failure. */
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label),
                            message->state == CBZ_OUTBOX_STATE_FAILED ? "error" :
                            message->state == CBZ_OUTBOX_STATE_UNKNOWN ? "warning" : "dim-label");
  gtk_label_set_label (self->error_label, message->last_error != NULL ? message->last_error : "");
  /* Two lines in the row; all of it on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), message->last_error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          message->last_error != NULL && *message->last_error != '\0');
}

static void
update (CbzOutboxRow *self)
{
  const CbzOutboxMessage *message;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  if (self->item == NULL)
    return;
  message = cbz_outbox_item_get_message (self->item);

  gtk_label_set_label (self->name_label, cbz_outbox_item_get_customer_name (self->item));
  details = format_details (message);
  gtk_label_set_label (self->details_label, details);
  update_state (self, message);

  gtk_label_set_label (self->subject_label, message->subject != NULL ? message->subject : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subject_label),
                          message->subject != NULL && *message->subject != '\0');
  gtk_label_set_label (self->body_label, message->body != NULL ? message->body : "");

  update_buttons (self, message);

  accessible = g_strdup_printf ("%s, %s, %s", cbz_outbox_item_get_customer_name (self->item),
                                cbz_outbox_state_get_label (message->state), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
cbz_outbox_row_dispose (GObject *object)
{
  CbzOutboxRow *self = CBZ_OUTBOX_ROW (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_OUTBOX_ROW);
  /* The template's outer box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (cbz_outbox_row_parent_class)->dispose (object);
}

static void
cbz_outbox_row_class_init (CbzOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_outbox_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, message_button);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, resend_button);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, dont_resend_button);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxRow, cancel_button);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cbz_outbox_row_init (CbzOutboxRow *self)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (state_classes) == CBZ_OUTBOX_N_STATES);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cbz_outbox_row_new (void)
{
  return g_object_new (CBZ_TYPE_OUTBOX_ROW, NULL);
}

void
cbz_outbox_row_set_item (CbzOutboxRow  *self,
                         CbzOutboxItem *item)
{
  g_return_if_fail (CBZ_IS_OUTBOX_ROW (self));
  g_return_if_fail (item == NULL || CBZ_IS_OUTBOX_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  update (self);
}

CbzOutboxItem *
cbz_outbox_row_get_item (CbzOutboxRow *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ROW (self), NULL);

  return self->item;
}
