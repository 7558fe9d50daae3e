/* cbz-outbox-state.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Where a message of the outbox is (column outbox.state). The nick of each
 * value ("queued", "dry-run", …) is what the column holds; the enum type is
 * the one place that pairs them.
 */
typedef enum
{
  CBZ_OUTBOX_STATE_QUEUED,
  CBZ_OUTBOX_STATE_SENDING,
  CBZ_OUTBOX_STATE_SENT,
  CBZ_OUTBOX_STATE_DELIVERED,
  CBZ_OUTBOX_STATE_FAILED,
  CBZ_OUTBOX_STATE_UNKNOWN,
  CBZ_OUTBOX_STATE_DRY_RUN,
  CBZ_OUTBOX_STATE_CANCELLED,
  CBZ_OUTBOX_N_STATES /*< skip >*/
} CbzOutboxState;

#define CBZ_TYPE_OUTBOX_STATE (cbz_outbox_state_get_type ())
GType       cbz_outbox_state_get_type    (void) G_GNUC_CONST;

/* "queued", "sending", "sent", "delivered", "failed", "unknown", "dry-run",
 * "cancelled": the values of outbox.state. */
const char *cbz_outbox_state_to_string   (CbzOutboxState  state);
gboolean    cbz_outbox_state_from_string (const char     *text,
                                          CbzOutboxState *state);
/* Translated, for a person ("Unknown — check before resending"). */
const char *cbz_outbox_state_get_label   (CbzOutboxState  state);
/* TRUE for sent, delivered, failed, dry-run, cancelled: the sender is done. */
gboolean    cbz_outbox_state_is_final    (CbzOutboxState  state);

G_END_DECLS
