/* cbz-outbox-state.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-outbox-state.h"

G_DEFINE_ENUM_TYPE (CbzOutboxState, cbz_outbox_state,
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_SENT, "sent"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_DELIVERED, "delivered"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_DRY_RUN, "dry-run"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_STATE_CANCELLED, "cancelled"))

/* Kept for the life of the process: the names are read on every row. */
static GEnumClass *
get_enum_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (CBZ_TYPE_OUTBOX_STATE));
  return klass;
}

const char *
cbz_outbox_state_to_string (CbzOutboxState state)
{
  GEnumValue *value = g_enum_get_value (get_enum_class (), (int) state);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

gboolean
cbz_outbox_state_from_string (const char     *text,
                              CbzOutboxState *state)
{
  GEnumValue *value;

  g_return_val_if_fail (text != NULL, FALSE);

  value = g_enum_get_value_by_nick (get_enum_class (), text);
  if (value == NULL)
    return FALSE;
  if (state != NULL)
    *state = (CbzOutboxState) value->value;
  return TRUE;
}

const char *
cbz_outbox_state_get_label (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_QUEUED:
      return C_("message state", "Queued");
    case CBZ_OUTBOX_STATE_SENDING:
      return C_("message state", "Sending");
    case CBZ_OUTBOX_STATE_SENT:
      return C_("message state", "Sent");
    case CBZ_OUTBOX_STATE_DELIVERED:
      return C_("message state", "Delivered");
    case CBZ_OUTBOX_STATE_FAILED:
      return C_("message state", "Failed");
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return C_("message state", "Unknown — check before resending");
    case CBZ_OUTBOX_STATE_DRY_RUN:
      return C_("message state", "Not sent (dry run)");
    case CBZ_OUTBOX_STATE_CANCELLED:
      return C_("message state", "Cancelled");
    case CBZ_OUTBOX_N_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cbz_outbox_state_is_final (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_DRY_RUN:
    case CBZ_OUTBOX_STATE_CANCELLED:
      return TRUE;
    case CBZ_OUTBOX_STATE_QUEUED:
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_STATE_UNKNOWN:
    case CBZ_OUTBOX_N_STATES:
    default:
      return FALSE;
    }
}
