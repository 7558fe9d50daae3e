/* cbz-debtor.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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
  g_free (debtor->tax_id_problem);
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

gboolean
cbz_debtor_set_tax_id (CbzDebtor   *debtor,
                       const char  *text,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *written = NULL;
  CbzTaxId parsed;

  g_return_val_if_fail (debtor != NULL, FALSE);

  g_clear_pointer (&debtor->tax_id, g_free);
  g_clear_pointer (&debtor->tax_id_kind, g_free);
  g_clear_pointer (&debtor->tax_id_problem, g_free);

  written = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (cbz_tax_id_parse (written, debtor->country, CBZ_TAX_ID_UNKNOWN, &parsed, &local_error))
    {
      debtor->tax_id = g_strdup (parsed.normalized);
      debtor->tax_id_kind = g_strdup (cbz_tax_id_kind_to_string (parsed.kind));
      return TRUE;
    }
  /* Nothing but separators ("", "-"): no tax ID. */
  if (g_error_matches (local_error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_EMPTY))
    return TRUE;

  debtor->tax_id = g_steal_pointer (&written);
  debtor->tax_id_kind = g_strdup (cbz_tax_id_kind_to_string (parsed.kind));
  debtor->tax_id_problem = g_strdup (cbz_tax_id_problem_to_string (local_error->code));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
cbz_debtor_tax_id_is_verified (const CbzDebtor *debtor)
{
  g_return_val_if_fail (debtor != NULL, FALSE);

  return debtor->tax_id_problem == NULL;
}

char *
cbz_debtor_describe_tax_id_problem (const CbzDebtor *debtor)
{
  g_autoptr(GError) error = NULL;
  CbzTaxId parsed;

  g_return_val_if_fail (debtor != NULL, NULL);

  if (debtor->tax_id == NULL || debtor->tax_id_problem == NULL)
    return NULL;
  /* Checked again, the way it was taken (the kind it was read as): the
   * reason comes out in today's language. */
  if (!cbz_tax_id_parse (debtor->tax_id, debtor->country, cbz_tax_id_kind_from_string (debtor->tax_id_kind),
                         &parsed, &error))
    return g_strdup (error->message);
  /* Translators: %s is a tax ID as it was written in an imported file. */
  return g_strdup_printf (_("“%s” has not been checked as a tax ID"), debtor->tax_id);
}
