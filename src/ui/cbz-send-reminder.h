/* cbz-send-reminder.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-debtor-detail.h"

G_BEGIN_DECLS

/*
 * Adds "Send Reminder" (by SMS, WhatsApp or email) to the customer page: the
 * reminder is rendered and enqueued in the outbox on a worker thread, the
 * outbox is drained by a CbzSender on its own thread, and the outcome is a
 * toast; the timeline follows every state change. The action is
 * "reminder.send" with the channel ("sms", "whatsapp", "email") as target.
 */
void cbz_send_reminder_add_to_detail (CbzDebtorDetail *detail);

G_END_DECLS
