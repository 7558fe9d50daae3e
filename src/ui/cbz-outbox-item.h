/* cbz-outbox-item.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-outbox.h"

G_BEGIN_DECLS

/*
 * CbzOutboxItem: one message of the outbox as the Outbox window lists it,
 * with its customer's name. Immutable: when the message changes, the list
 * gets a new item.
 */

#define CBZ_TYPE_OUTBOX_ITEM (cbz_outbox_item_get_type ())
G_DECLARE_FINAL_TYPE (CbzOutboxItem, cbz_outbox_item, CBZ, OUTBOX_ITEM, GObject)

/* Takes @message. */
CbzOutboxItem          *cbz_outbox_item_new               (CbzOutboxMessage *message,
                                                           const char       *customer_name);
const CbzOutboxMessage *cbz_outbox_item_get_message       (CbzOutboxItem    *self);
gint64                  cbz_outbox_item_get_id            (CbzOutboxItem    *self);
CbzOutboxState          cbz_outbox_item_get_state         (CbzOutboxItem    *self);
/* The customer's name, or "Customer 12" when the customer was deleted. */
const char             *cbz_outbox_item_get_customer_name (CbzOutboxItem    *self);
/* Whether @self and @other show the same thing (same message, same update). */
gboolean                cbz_outbox_item_equal             (CbzOutboxItem    *self,
                                                           CbzOutboxItem    *other);

G_END_DECLS
