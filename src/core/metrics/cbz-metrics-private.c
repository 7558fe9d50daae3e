/* cbz-metrics-private.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-money.h"

#include "cbz-metrics-private.h"

gpointer
_cbz_metrics_for_currency (GArray     *results,
                           const char *currency)
{
  guint size = g_array_get_element_size (results);
  char code[4] = { 0 };

  for (guint i = 0; i < 3 && currency[i] != '\0'; i++)
    code[i] = g_ascii_toupper (currency[i]);
  for (guint i = 0; i < results->len; i++)
    {
      char *element = results->data + (gsize) i * size;

      if (memcmp (element, code, 4) == 0)
        return element;
    }
  g_array_set_size (results, results->len + 1);
  {
    char *element = results->data + (gsize) (results->len - 1) * size;

    memset (element, 0, size);
    memcpy (element, code, 4);
    return element;
  }
}

static int
compare_currency_cb (const void *a,
                     const void *b)
{
  return memcmp (a, b, 4);
}

void
_cbz_metrics_sort_by_currency (GArray *results)
{
  g_array_sort (results, compare_currency_cb);
}
