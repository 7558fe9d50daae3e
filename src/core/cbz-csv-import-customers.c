/* cbz-csv-import-customers.c: the customer half of the rows
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-csv-import-private.h"

static const CbzImportField customer_fields[] = {
  CBZ_IMPORT_FIELD_CUSTOMER_NAME, CBZ_IMPORT_FIELD_TAX_ID, CBZ_IMPORT_FIELD_CONTACT,
  CBZ_IMPORT_FIELD_PHONE, CBZ_IMPORT_FIELD_MOBILE, CBZ_IMPORT_FIELD_WHATSAPP,
  CBZ_IMPORT_FIELD_EMAIL, CBZ_IMPORT_FIELD_ADDRESS, CBZ_IMPORT_FIELD_CITY,
  CBZ_IMPORT_FIELD_REGION, CBZ_IMPORT_FIELD_POSTAL_CODE, CBZ_IMPORT_FIELD_COUNTRY,
  CBZ_IMPORT_FIELD_LANGUAGE, CBZ_IMPORT_FIELD_TAGS, CBZ_IMPORT_FIELD_CURRENCY,
};

/* For the two tables validate_rows() fills, a million keys of 20 to 150
 * bytes: g_str_hash() takes them a byte at a time and was a fifth of the
 * checking. Eight bytes at a time, then mixed (murmur3's finaliser) so that
 * keys differing only in their last bytes (invoice numbers) spread. */
guint
_cbz_csv_import_hash_key (gconstpointer key)
{
  const char *p = key;
  gsize n = strlen (p);
  guint64 h = 0x9e3779b97f4a7c15ull ^ n;
  guint64 word;

  for (; n >= 8; p += 8, n -= 8)
    {
      memcpy (&word, p, 8);
      h = ((h << 5) | (h >> 59)) ^ word;
      h *= 0x517cc1b727220a95ull;
    }
  if (n > 0)
    {
      word = 0;
      memcpy (&word, p, n);
      h = ((h << 5) | (h >> 59)) ^ word;
      h *= 0x517cc1b727220a95ull;
    }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (guint) h;
}

/* Appends the customer cells of data row @index, each ended by \x1f. */
void
_cbz_csv_import_get_customer_cells (CbzCsvImport *self,
                                    guint         index,
                                    GString      *cells)
{
  g_string_truncate (cells, 0);
  for (guint f = 0; f < G_N_ELEMENTS (customer_fields); f++)
    {
      const char *value = _cbz_csv_import_cell (self, index, customer_fields[f]);

      if (value != NULL)
        g_string_append (cells, value);
      g_string_append_c (cells, '\x1f');
    }
}

/* The customer half of data row @index, @cells being its customer cells:
 * checked once per distinct set of cells, and again (each row gets its own
 * report) for cells known to be wrong. @problems may not be NULL. */
CustomerMemo *
_cbz_csv_import_check_customer (CbzCsvImport    *self,
                                guint            index,
                                GString         *cells,
                                GHashTable      *customers,
                                GStringChunk    *chunk,
                                GString         *key,
                                CbzImportRecord *record,
                                Problems        *problems)
{
  CustomerMemo *memo = g_hash_table_lookup (customers, cells->str);
  guint warnings_before = problems->n_warnings;
  gboolean customer_ok;

  /* A customer's warnings are told once, at its first row. */
  if (memo != NULL && memo->valid)
    return memo;
  customer_ok = _cbz_csv_import_convert_row (self, index, CBZ_IMPORT_RECORD_CUSTOMER, record, problems);
  if (memo == NULL)
    {
      memo = g_new0 (CustomerMemo, 1);
      memo->valid = customer_ok;
      memo->first_valid_row = G_MAXUINT32;
      memo->first_row = index;
      memo->n_warnings = problems->n_warnings - warnings_before;
      if (customer_ok)
        {
          g_string_truncate (key, 0);
          if (record->has_tax_id)
            g_string_append (key, record->tax_id.normalized);
          else
            g_string_append_printf (key, "\n%s", record->name_key->str);
          memo->customer_key = g_string_chunk_insert_len (chunk, key->str, key->len);
        }
      memo->cells = g_string_chunk_insert_len (chunk, cells->str, cells->len);
      g_hash_table_insert (customers, (char *) memo->cells, memo);
    }
  return memo;
}
