/* cbz-task.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-enum.h"
#include "cbz-task.h"

G_DEFINE_ENUM_TYPE (CbzTaskKind, cbz_task_kind,
  G_DEFINE_ENUM_VALUE (CBZ_TASK_KIND_CALL_BACK, "call-back"),
  G_DEFINE_ENUM_VALUE (CBZ_TASK_KIND_FOLLOW_UP, "follow-up"),
  G_DEFINE_ENUM_VALUE (CBZ_TASK_KIND_CADENCE_CALL, "cadence-call"))

G_DEFINE_BOXED_TYPE (CbzTask, cbz_task, cbz_task_ref, cbz_task_unref)

static const char * const kind_labels[] = {
  [CBZ_TASK_KIND_CALL_BACK] = N_("Call back"),
  [CBZ_TASK_KIND_FOLLOW_UP] = N_("Follow up"),
  [CBZ_TASK_KIND_CADENCE_CALL] = N_("Call (reminder cadence)"),
};

const char *
cbz_task_kind_to_string (CbzTaskKind kind)
{
  return cbz_enum_to_nick (CBZ_TYPE_TASK_KIND, kind);
}

gboolean
cbz_task_kind_from_string (const char  *str,
                           CbzTaskKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  return cbz_enum_from_nick (CBZ_TYPE_TASK_KIND, str, (int *) kind);
}

const char *
cbz_task_kind_get_label (CbzTaskKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_labels), NULL);
  return _(kind_labels[kind]);
}

CbzTask *
cbz_task_new (void)
{
  return g_atomic_rc_box_new0 (CbzTask);
}

CbzTask *
cbz_task_ref (CbzTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);
  return g_atomic_rc_box_acquire (task);
}

static void
task_clear (CbzTask *task)
{
  g_free (task->note);
  g_free (task->key);
  g_free (task->recorded_by);
}

void
cbz_task_unref (CbzTask *task)
{
  g_return_if_fail (task != NULL);
  g_atomic_rc_box_release_full (task, (GDestroyNotify) task_clear);
}
