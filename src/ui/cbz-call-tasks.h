/* cbz-call-tasks.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * The customer's open tasks (call back, follow up, a cadence's call), for
 * the status area of the customer page: one row each, with when it is due
 * and a "Done" button. Hidden when there are none; read again on the
 * store's ::changed, on its worker connections. Logging a call does the
 * tasks due by then (see cbz-store-calls.h).
 */
#define CBZ_TYPE_CALL_TASKS (cbz_call_tasks_get_type ())
G_DECLARE_FINAL_TYPE (CbzCallTasks, cbz_call_tasks, CBZ, CALL_TASKS, AdwBin)

GtkWidget *cbz_call_tasks_new       (void);
/* Follows @debtor_id's open tasks in @store (NULL or 0: shows nothing). */
void       cbz_call_tasks_show      (CbzCallTasks *self,
                                     CbzStore     *store,
                                     gint64        debtor_id);
guint      cbz_call_tasks_get_n_open (CbzCallTasks *self);

G_END_DECLS
