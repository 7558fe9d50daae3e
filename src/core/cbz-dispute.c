/* cbz-dispute.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-dispute.h"

G_DEFINE_BOXED_TYPE (CbzDispute, cbz_dispute, cbz_dispute_ref, cbz_dispute_unref)

CbzDispute *
cbz_dispute_new (void)
{
  CbzDispute *dispute = g_atomic_rc_box_new0 (CbzDispute);

  dispute->prior_status = CBZ_INVOICE_STATUS_OPEN;
  return dispute;
}

CbzDispute *
cbz_dispute_ref (CbzDispute *dispute)
{
  g_return_val_if_fail (dispute != NULL, NULL);
  return g_atomic_rc_box_acquire (dispute);
}

static void
dispute_clear (CbzDispute *dispute)
{
  g_free (dispute->invoice_number);
  g_free (dispute->currency);
  g_free (dispute->note);
  g_free (dispute->recorded_by);
  g_free (dispute->resolution_note);
}

void
cbz_dispute_unref (CbzDispute *dispute)
{
  g_return_if_fail (dispute != NULL);
  g_atomic_rc_box_release_full (dispute, (GDestroyNotify) dispute_clear);
}

gboolean
cbz_dispute_is_open (const CbzDispute *dispute)
{
  g_return_val_if_fail (dispute != NULL, FALSE);
  return dispute->resolved_at == 0;
}
