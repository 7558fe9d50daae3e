/* cbz-task.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * Something to do for a customer on a day: call back (asked for on a call),
 * a follow-up, or a cadence's call step. Open until someone records what
 * happened (done_at).
 */
typedef enum
{
  CBZ_TASK_KIND_CALL_BACK,     /* 'call-back' */
  CBZ_TASK_KIND_FOLLOW_UP,     /* 'follow-up' */
  CBZ_TASK_KIND_CADENCE_CALL,  /* 'cadence-call' */
} CbzTaskKind;

#define CBZ_TYPE_TASK_KIND (cbz_task_kind_get_type ())
GType        cbz_task_kind_get_type     (void) G_GNUC_CONST;

const char  *cbz_task_kind_to_string    (CbzTaskKind  kind);
gboolean     cbz_task_kind_from_string  (const char  *str,
                                         CbzTaskKind *kind);
/* "Call back", "Follow up", "Call (cadence)": translated. */
const char  *cbz_task_kind_get_label    (CbzTaskKind  kind);

/* Reference-counted plain struct. */
typedef struct
{
  gint64       id;
  gint64       debtor_id;
  CbzTaskKind  kind;
  CbzDate      due_on;        /* the customer's local date */
  char        *note;          /* nullable */
  gint64       source_event;  /* the event that asked for it (a call), or 0 */
  char        *key;           /* idempotency key (a cadence step), or NULL */
  gint64       created_at;
  gint64       done_at;       /* 0 while open */
  gint64       done_event;    /* the event that did it, or 0 */
  char        *recorded_by;   /* nullable */
} CbzTask;

#define CBZ_TYPE_TASK (cbz_task_get_type ())
GType        cbz_task_get_type          (void) G_GNUC_CONST;

CbzTask     *cbz_task_new               (void);
CbzTask     *cbz_task_ref               (CbzTask     *task);
void         cbz_task_unref             (CbzTask     *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTask, cbz_task_unref)

G_END_DECLS
