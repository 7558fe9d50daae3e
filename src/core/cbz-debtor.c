/* cbz-debtor.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-debtor.h"

typedef struct
{
  CbzDebtor       debtor;
  gatomicrefcount ref_count;
} CbzDebtorPrivate;

G_DEFINE_BOXED_TYPE (CbzDebtor, cbz_debtor, cbz_debtor_ref, cbz_debtor_unref)

CbzDebtor *
cbz_debtor_new (void)
{
  CbzDebtorPrivate *priv = g_new0 (CbzDebtorPrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->debtor.language = g_strdup ("es");
  priv->debtor.currency = g_strdup ("MXN");
  priv->debtor.tags = g_new0 (char *, 1);
  return &priv->debtor;
}

CbzDebtor *
cbz_debtor_ref (CbzDebtor *debtor)
{
  CbzDebtorPrivate *priv = (CbzDebtorPrivate *) debtor;

  g_return_val_if_fail (debtor != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return debtor;
}

void
cbz_debtor_unref (CbzDebtor *debtor)
{
  CbzDebtorPrivate *priv = (CbzDebtorPrivate *) debtor;

  g_return_if_fail (debtor != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (debtor->name);
  g_free (debtor->name_key);
  g_free (debtor->tax_id);
  g_free (debtor->tax_id_kind);
  g_free (debtor->contact_person);
  g_free (debtor->phone);
  g_free (debtor->mobile);
  g_free (debtor->whatsapp);
  g_free (debtor->email);
  g_free (debtor->address);
  g_free (debtor->city);
  g_free (debtor->region);
  g_free (debtor->postal_code);
  g_free (debtor->country);
  g_free (debtor->language);
  g_free (debtor->currency);
  g_free (debtor->notes);
  g_strfreev (debtor->tags);
  g_free (priv);
}

static gboolean *
opt_out_field (CbzDebtor       *debtor,
               CbzEventChannel  channel)
{
  switch (channel)
    {
    case CBZ_EVENT_CHANNEL_SMS:
      return &debtor->opt_out_sms;
    case CBZ_EVENT_CHANNEL_WHATSAPP:
      return &debtor->opt_out_whatsapp;
    case CBZ_EVENT_CHANNEL_EMAIL:
      return &debtor->opt_out_email;
    case CBZ_EVENT_CHANNEL_LETTER:
      return &debtor->opt_out_letter;
    case CBZ_EVENT_CHANNEL_PHONE:
      return &debtor->opt_out_call;
    case CBZ_EVENT_CHANNEL_NONE:
    case CBZ_EVENT_CHANNEL_IN_PERSON:
    default:
      return NULL;
    }
}

gboolean
cbz_debtor_get_opt_out (const CbzDebtor *debtor,
                        CbzEventChannel  channel)
{
  gboolean *field;

  g_return_val_if_fail (debtor != NULL, FALSE);

  field = opt_out_field ((CbzDebtor *) debtor, channel);
  return field != NULL && *field;
}

void
cbz_debtor_set_opt_out (CbzDebtor       *debtor,
                        CbzEventChannel  channel,
                        gboolean         opt_out)
{
  gboolean *field;

  g_return_if_fail (debtor != NULL);

  field = opt_out_field (debtor, channel);
  g_return_if_fail (field != NULL);
  *field = !!opt_out;
}

gboolean
cbz_debtor_has_tag (const CbzDebtor *debtor,
                    const char      *tag)
{
  g_return_val_if_fail (debtor != NULL, FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  return debtor->tags != NULL && g_strv_contains ((const char * const *) debtor->tags, tag);
}
