/* cbz-store-tasks.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"
#include "cbz-task.h"

G_BEGIN_DECLS

/*
 * Tasks (table tasks): calls back asked for on a call, follow-ups, and the
 * call steps of reminder cadences.
 */

/* Inserts @task (id 0), sets its id and created_at (and recorded_by when
 * NULL: the local user, except for cadence calls). A task with a key that
 * is already in the table is not added again: its id is returned and @task
 * gets it. Returns 0 with @error set on failure. */
gint64     cbz_store_add_task          (CbzStore     *self,
                                        CbzTask      *task,
                                        GError      **error);
/* Marks the task done now, by @done_event (0: none). Completing a task
 * that is already done changes nothing. */
gboolean   cbz_store_complete_task     (CbzStore     *self,
                                        gint64        task_id,
                                        gint64        done_event,
                                        GError      **error);
/* Open tasks (element-type CbzTask), by due date then id: of @debtor_id (0:
 * every customer), due on or before @due_until (NULL: any date). */
GPtrArray *cbz_store_list_open_tasks   (CbzStore      *self,
                                        gint64         debtor_id,
                                        const CbzDate *due_until,
                                        GError       **error);
CbzTask   *cbz_store_get_task          (CbzStore     *self,
                                        gint64        task_id,
                                        GError      **error);

G_END_DECLS
