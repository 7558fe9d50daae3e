/* cbz-enum.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-enum.h"

/* The class of a static enum type lives as long as the process: the first
 * use takes a reference that is never dropped, later uses only look it up
 * (a reference per call would be an atomic write on every row read). */
static GEnumClass *
get_class (GType enum_type)
{
  gpointer klass = g_type_class_peek (enum_type);

  if (klass == NULL)
    klass = g_type_class_ref (enum_type);
  return klass;
}

const char *
cbz_enum_to_nick (GType enum_type,
                  int   value)
{
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  enum_value = g_enum_get_value (get_class (enum_type), value);
  return enum_value != NULL ? enum_value->value_nick : NULL;
}

gboolean
cbz_enum_from_nick (GType       enum_type,
                    const char *nick,
                    int        *value)
{
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;
  enum_value = g_enum_get_value_by_nick (get_class (enum_type), nick);
  if (enum_value == NULL)
    return FALSE;
  *value = enum_value->value;
  return TRUE;
}
