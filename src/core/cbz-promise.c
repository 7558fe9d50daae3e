/* cbz-promise.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-enum.h"
#include "cbz-promise.h"

typedef struct
{
  CbzPromise      promise;
  gatomicrefcount ref_count;
} CbzPromisePrivate;

G_DEFINE_ENUM_TYPE (CbzPromiseStatus, cbz_promise_status,
  G_DEFINE_ENUM_VALUE (CBZ_PROMISE_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (CBZ_PROMISE_STATUS_KEPT, "kept"),
  G_DEFINE_ENUM_VALUE (CBZ_PROMISE_STATUS_BROKEN, "broken"),
  G_DEFINE_ENUM_VALUE (CBZ_PROMISE_STATUS_CANCELLED, "cancelled"))

G_DEFINE_BOXED_TYPE (CbzPromise, cbz_promise, cbz_promise_ref, cbz_promise_unref)

/* For people; the string form (the sqlite value) is the enum's nick. */
static const char * const labels[] = {
  [CBZ_PROMISE_STATUS_PENDING] = N_("Pending"),
  [CBZ_PROMISE_STATUS_KEPT] = N_("Kept"),
  [CBZ_PROMISE_STATUS_BROKEN] = N_("Broken"),
  [CBZ_PROMISE_STATUS_CANCELLED] = N_("Cancelled"),
};

const char *
cbz_promise_status_to_string (CbzPromiseStatus status)
{
  return cbz_enum_to_nick (CBZ_TYPE_PROMISE_STATUS, status);
}

gboolean
cbz_promise_status_from_string (const char       *str,
                                CbzPromiseStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  return cbz_enum_from_nick (CBZ_TYPE_PROMISE_STATUS, str, (int *) status);
}

const char *
cbz_promise_status_get_label (CbzPromiseStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (labels), NULL);

  /* Translators: state of a promise to pay */
  return _(labels[status]);
}

CbzPromise *
cbz_promise_new (void)
{
  CbzPromisePrivate *priv = g_new0 (CbzPromisePrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->promise.status = CBZ_PROMISE_STATUS_PENDING;
  return &priv->promise;
}

CbzPromise *
cbz_promise_ref (CbzPromise *promise)
{
  CbzPromisePrivate *priv = (CbzPromisePrivate *) promise;

  g_return_val_if_fail (promise != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return promise;
}

void
cbz_promise_unref (CbzPromise *promise)
{
  CbzPromisePrivate *priv = (CbzPromisePrivate *) promise;

  g_return_if_fail (promise != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (promise->promised_on);
  g_free (promise->currency);
  g_free (promise->note);
  g_free (priv);
}
