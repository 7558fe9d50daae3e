/* cbz-promise.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CBZ_PROMISE_STATUS_PENDING,
  CBZ_PROMISE_STATUS_KEPT,
  CBZ_PROMISE_STATUS_BROKEN,
  CBZ_PROMISE_STATUS_CANCELLED,
} CbzPromiseStatus;

#define CBZ_TYPE_PROMISE_STATUS (cbz_promise_status_get_type ())
GType        cbz_promise_status_get_type    (void) G_GNUC_CONST;

/* 'pending', 'kept', 'broken', 'cancelled' (the sqlite values). */
const char  *cbz_promise_status_to_string   (CbzPromiseStatus  status);
gboolean     cbz_promise_status_from_string (const char       *str,
                                             CbzPromiseStatus *status);
const char  *cbz_promise_status_get_label   (CbzPromiseStatus  status);

/* A promise to pay: the customer said they would pay @amount on @promised_on.
 * Reference-counted plain struct. */
typedef struct
{
  gint64            id;
  gint64            debtor_id;
  char             *promised_on;  /* 'YYYY-MM-DD' */
  char             *currency;
  gint64            amount;       /* minor units, > 0 */
  CbzPromiseStatus  status;
  char             *note;         /* nullable */
  gint64            created_at;
} CbzPromise;

#define CBZ_TYPE_PROMISE (cbz_promise_get_type ())
GType        cbz_promise_get_type (void) G_GNUC_CONST;

CbzPromise  *cbz_promise_new      (void);
CbzPromise  *cbz_promise_ref      (CbzPromise *promise);
void         cbz_promise_unref    (CbzPromise *promise);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPromise, cbz_promise_unref)

G_END_DECLS
