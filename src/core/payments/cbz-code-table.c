/* cbz-code-table.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-text.h"

#include "cbz-code-table-private.h"

const char *
_cbz_code_table_to_string (const CbzCodeEntry *table,
                           guint               n_entries,
                           int                 value)
{
  g_return_val_if_fail (value >= 0 && (guint) value < n_entries, NULL);

  return table[value].nick;
}

gboolean
_cbz_code_table_from_string (const CbzCodeEntry *table,
                             guint               n_entries,
                             const char         *nick,
                             int                *value)
{
  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_str_equal (nick, table[i].nick))
        {
          *value = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
translate (const CbzCodeEntry *entry)
{
  if (entry->context != NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, entry->context, entry->label);
  return _(entry->label);
}

const char *
_cbz_code_table_get_label (const CbzCodeEntry *table,
                           guint               n_entries,
                           int                 value)
{
  g_return_val_if_fail (value >= 0 && (guint) value < n_entries, NULL);

  return translate (&table[value]);
}

static gboolean
same_words (const char *key,
            const char *candidate)
{
  g_autofree char *normalized = cbz_text_normalize_name (candidate);

  return g_str_equal (key, normalized);
}

gboolean
_cbz_code_table_parse (const CbzCodeEntry *table,
                       guint               n_entries,
                       const char         *text,
                       int                *value)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  key = cbz_text_normalize_name (text);
  for (guint i = 0; key[0] != '\0' && i < n_entries; i++)
    {
      gboolean found = same_words (key, table[i].nick) ||
                       same_words (key, table[i].label) ||
                       same_words (key, translate (&table[i]));

      if (!found && table[i].aliases != NULL)
        {
          g_auto(GStrv) aliases = g_strsplit (table[i].aliases, " ", -1);

          for (guint j = 0; !found && aliases[j] != NULL; j++)
            found = same_words (key, aliases[j]);
        }
      if (found)
        {
          *value = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

char *
_cbz_code_table_list_nicks (const CbzCodeEntry *table,
                            guint               n_entries)
{
  GString *nicks = g_string_new (NULL);

  for (guint i = 0; i < n_entries; i++)
    {
      if (i > 0)
        g_string_append (nicks, ", ");
      g_string_append (nicks, table[i].nick);
    }
  return g_string_free (nicks, FALSE);
}
