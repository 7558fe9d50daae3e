/* cbz-outbox-item.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-outbox-item.h"

struct _CbzOutboxItem
{
  GObject           parent_instance;

  CbzOutboxMessage *message;
  char             *customer_name;
};

G_DEFINE_FINAL_TYPE (CbzOutboxItem, cbz_outbox_item, G_TYPE_OBJECT)

static void
cbz_outbox_item_finalize (GObject *object)
{
  CbzOutboxItem *self = CBZ_OUTBOX_ITEM (object);

  g_clear_pointer (&self->message, cbz_outbox_message_free);
  g_clear_pointer (&self->customer_name, g_free);

  G_OBJECT_CLASS (cbz_outbox_item_parent_class)->finalize (object);
}

static void
cbz_outbox_item_class_init (CbzOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_outbox_item_finalize;
}

static void
cbz_outbox_item_init (CbzOutboxItem *self)
{
}

CbzOutboxItem *
cbz_outbox_item_new (CbzOutboxMessage *message,
                     const char       *customer_name)
{
  CbzOutboxItem *self;

  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (CBZ_TYPE_OUTBOX_ITEM, NULL);
  self->message = message;
  if (customer_name != NULL && *customer_name != '\0')
    self->customer_name = g_strdup (customer_name);
  else
    /* Translators: %lld is the customer's number, for a customer deleted since. */
    self->customer_name = g_strdup_printf (_("Customer %lld"), (long long) message->debtor_id);
  return self;
}

const CbzOutboxMessage *
cbz_outbox_item_get_message (CbzOutboxItem *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (self), NULL);

  return self->message;
}

gint64
cbz_outbox_item_get_id (CbzOutboxItem *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (self), 0);

  return self->message->id;
}

CbzOutboxState
cbz_outbox_item_get_state (CbzOutboxItem *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (self), CBZ_OUTBOX_STATE_QUEUED);

  return self->message->state;
}

const char *
cbz_outbox_item_get_customer_name (CbzOutboxItem *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (self), NULL);

  return self->customer_name;
}

gboolean
cbz_outbox_item_equal (CbzOutboxItem *self,
                       CbzOutboxItem *other)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (self), FALSE);
  g_return_val_if_fail (CBZ_IS_OUTBOX_ITEM (other), FALSE);

  return self->message->id == other->message->id &&
         self->message->state == other->message->state &&
         self->message->updated_at == other->message->updated_at &&
         self->message->attempts == other->message->attempts &&
         g_strcmp0 (self->customer_name, other->customer_name) == 0;
}
