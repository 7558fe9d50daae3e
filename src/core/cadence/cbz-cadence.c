/* cbz-cadence.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-cadence.h"

typedef struct
{
  CbzCadence      cadence;
  gatomicrefcount ref_count;
} CbzCadencePrivate;

G_DEFINE_QUARK (cbz-cadence-error-quark, cbz_cadence_error)
G_DEFINE_BOXED_TYPE (CbzCadence, cbz_cadence, cbz_cadence_ref, cbz_cadence_unref)

CbzCadence *
cbz_cadence_new (const char *name)
{
  CbzCadencePrivate *priv = g_new0 (CbzCadencePrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->cadence.name = g_strdup (name);
  priv->cadence.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_cadence_step_free);
  return &priv->cadence;
}

CbzCadence *
cbz_cadence_ref (CbzCadence *cadence)
{
  CbzCadencePrivate *priv = (CbzCadencePrivate *) cadence;

  g_return_val_if_fail (cadence != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return cadence;
}

void
cbz_cadence_unref (CbzCadence *cadence)
{
  CbzCadencePrivate *priv = (CbzCadencePrivate *) cadence;

  g_return_if_fail (cadence != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (cadence->id);
  g_free (cadence->name);
  g_free (cadence->language);
  g_free (cadence->description);
  g_ptr_array_unref (cadence->steps);
  g_free (priv);
}

CbzCadence *
cbz_cadence_copy (const CbzCadence *cadence)
{
  CbzCadence *copy;

  g_return_val_if_fail (cadence != NULL, NULL);

  copy = cbz_cadence_new (cadence->name);
  copy->id = g_strdup (cadence->id);
  copy->language = g_strdup (cadence->language);
  copy->description = g_strdup (cadence->description);
  for (guint i = 0; i < cadence->steps->len; i++)
    g_ptr_array_add (copy->steps, cbz_cadence_step_copy (g_ptr_array_index (cadence->steps, i)));
  return copy;
}

gboolean
cbz_cadence_equal (const CbzCadence *a,
                   const CbzCadence *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->id, b->id) != 0 ||
      g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->language, b->language) != 0 ||
      g_strcmp0 (a->description, b->description) != 0 ||
      a->steps->len != b->steps->len)
    return FALSE;

  for (guint i = 0; i < a->steps->len; i++)
    if (!cbz_cadence_step_equal (g_ptr_array_index (a->steps, i), g_ptr_array_index (b->steps, i)))
      return FALSE;
  return TRUE;
}

const char *
cbz_cadence_get_key (const CbzCadence *cadence)
{
  g_return_val_if_fail (cadence != NULL, NULL);

  if (cadence->id != NULL && cadence->id[0] != '\0')
    return cadence->id;
  return cadence->name != NULL ? cadence->name : "";
}

guint
cbz_cadence_get_n_steps (const CbzCadence *cadence)
{
  g_return_val_if_fail (cadence != NULL, 0);

  return cadence->steps->len;
}

CbzCadenceStep *
cbz_cadence_get_step (const CbzCadence *cadence,
                      guint             number)
{
  g_return_val_if_fail (cadence != NULL, NULL);
  g_return_val_if_fail (number >= 1 && number <= cadence->steps->len, NULL);

  return g_ptr_array_index (cadence->steps, number - 1);
}

static guint
insertion_index (const CbzCadence *cadence,
                 int               offset_days)
{
  guint index = 0;

  while (index < cadence->steps->len &&
         ((CbzCadenceStep *) g_ptr_array_index (cadence->steps, index))->offset_days <= offset_days)
    index++;
  return index;
}

guint
cbz_cadence_add_step (CbzCadence     *cadence,
                      CbzCadenceStep *step)
{
  guint index;

  g_return_val_if_fail (cadence != NULL, 0);
  g_return_val_if_fail (step != NULL, 0);

  index = insertion_index (cadence, step->offset_days);
  g_ptr_array_insert (cadence->steps, (int) index, step);
  return index + 1;
}

CbzCadenceStep *
cbz_cadence_take_step (CbzCadence *cadence,
                       guint       number)
{
  g_return_val_if_fail (cadence != NULL, NULL);
  g_return_val_if_fail (number >= 1 && number <= cadence->steps->len, NULL);

  return g_ptr_array_steal_index (cadence->steps, number - 1);
}

guint
cbz_cadence_move_step (CbzCadence *cadence,
                       guint       number,
                       int         offset_days)
{
  CbzCadenceStep *step;

  g_return_val_if_fail (cadence != NULL, 0);
  g_return_val_if_fail (number >= 1 && number <= cadence->steps->len, 0);

  step = cbz_cadence_take_step (cadence, number);
  step->offset_days = offset_days;
  return cbz_cadence_add_step (cadence, step);
}

gboolean
cbz_cadence_sort_steps (CbzCadence *cadence)
{
  gboolean moved = FALSE;

  g_return_val_if_fail (cadence != NULL, FALSE);

  /* Insertion sort: stable, and the lists are a handful of steps long. */
  for (guint i = 1; i < cadence->steps->len; i++)
    {
      CbzCadenceStep *step = g_ptr_array_index (cadence->steps, i);
      guint j = i;

      while (j > 0 && ((CbzCadenceStep *) g_ptr_array_index (cadence->steps, j - 1))->offset_days > step->offset_days)
        {
          cadence->steps->pdata[j] = cadence->steps->pdata[j - 1];
          j--;
        }
      if (j != i)
        {
          cadence->steps->pdata[j] = step;
          moved = TRUE;
        }
    }
  return moved;
}

guint
cbz_cadence_get_last_number (const CbzCadence *cadence)
{
  g_return_val_if_fail (cadence != NULL, 0);

  return cadence->steps->len;
}

gboolean
cbz_cadence_validate (const CbzCadence  *cadence,
                      GError           **error)
{
  g_return_val_if_fail (cadence != NULL, FALSE);

  if (cadence->name == NULL || cadence->name[0] == '\0')
    {
      g_set_error_literal (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                           _("The cadence has no name"));
      return FALSE;
    }
  if (cadence->steps->len == 0)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                   _("The cadence “%s” has no steps"), cadence->name);
      return FALSE;
    }
  for (guint i = 0; i < cadence->steps->len; i++)
    {
      CbzCadenceStep *step = g_ptr_array_index (cadence->steps, i);

      if (!cbz_cadence_step_validate (step, i + 1, error))
        return FALSE;
      if (i > 0 && ((CbzCadenceStep *) g_ptr_array_index (cadence->steps, i - 1))->offset_days > step->offset_days)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET,
                       _("Step %u: the offset %d comes before the previous step’s; steps go in order of their offset"),
                       i + 1, step->offset_days);
          return FALSE;
        }
      if (step->repeat_every_days > 0 && i + 1 < cadence->steps->len)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: only the last step may repeat"), i + 1);
          return FALSE;
        }
    }
  return TRUE;
}
