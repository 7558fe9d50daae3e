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
 * reminder is prepared and enqueued on the store's worker connections, a
 * CbzSender sends it on one of them, and the outcome is a toast; the
 * timeline follows every state change. The action is "reminder.send" with
 * the channel ("sms", "whatsapp", "email") as target; "reminder.by-hand"
 * opens the same reminder for the person to send without an account.
 */
void cbz_send_reminder_add_to_detail (CbzDebtorDetail *detail);

G_END_DECLS
