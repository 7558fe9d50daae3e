/* cbz-bank-layout.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-money.h"
#include "cbz-text.h"

#include "cbz-bank-layout-private.h"

/* Statements put a few lines about the account before the header. */
#define MAX_HEADER_ROW 40
#define MAX_SPECS 8

typedef struct
{
  CbzBankColumn column;
  gboolean      required;
  const char   *names;  /* normalised headers (cbz_text_normalize_name), '|' between them */
} ColumnSpec;

struct _CbzBankLayout
{
  const char *id;
  const char *bank_name;
  const char *currency;
  gboolean    signed_amount;
  ColumnSpec  specs[MAX_SPECS];  /* up to the first with names == NULL */
};

/* The header names come from the exports themselves; each layout requires
 * the columns that set it apart from the others. */
static const CbzBankLayout layouts[] = {
  { "bbva-mx", "BBVA México", "MXN", FALSE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "dia|fecha" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "concepto referencia" },
      { CBZ_BANK_COLUMN_DEBIT, TRUE, "cargo|cargos" },
      { CBZ_BANK_COLUMN_CREDIT, TRUE, "abono|abonos" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
  } },
  { "bbva-mx-net-cash", "BBVA México Net Cash", "MXN", TRUE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha operacion|fecha de operacion" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "concepto" },
      { CBZ_BANK_COLUMN_REFERENCE, FALSE, "referencia" },
      { CBZ_BANK_COLUMN_DETAIL, FALSE, "referencia ampliada" },
      { CBZ_BANK_COLUMN_AMOUNT, TRUE, "importe" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
  } },
  { "banorte-mx", "Banorte", "MXN", FALSE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha de operacion|fecha operacion" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "descripcion" },
      { CBZ_BANK_COLUMN_REFERENCE, FALSE, "referencia" },
      { CBZ_BANK_COLUMN_DETAIL, FALSE, "descripcion detallada" },
      { CBZ_BANK_COLUMN_CREDIT, TRUE, "depositos|deposito" },
      { CBZ_BANK_COLUMN_DEBIT, TRUE, "retiros|retiro" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
  } },
  { "santander-mx", "Santander México", "MXN", FALSE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "descripcion" },
      { CBZ_BANK_COLUMN_DEBIT, TRUE, "importe cargo" },
      { CBZ_BANK_COLUMN_CREDIT, TRUE, "importe abono" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
      { CBZ_BANK_COLUMN_REFERENCE, FALSE, "referencia" },
      { CBZ_BANK_COLUMN_DETAIL, FALSE, "concepto" },
  } },
  { "santander-mx-enlace", "Santander México Enlace", "MXN", TRUE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "descripcion" },
      { CBZ_BANK_COLUMN_SIGN, TRUE, "cargo abono" },
      { CBZ_BANK_COLUMN_AMOUNT, TRUE, "importe" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
      { CBZ_BANK_COLUMN_REFERENCE, FALSE, "referencia" },
      { CBZ_BANK_COLUMN_DETAIL, FALSE, "concepto" },
  } },
  { "banco-chile", "Banco de Chile", "CLP", FALSE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "descripcion" },
      { CBZ_BANK_COLUMN_DETAIL, TRUE, "canal o sucursal" },
      { CBZ_BANK_COLUMN_DEBIT, TRUE, "cargos" },
      { CBZ_BANK_COLUMN_CREDIT, TRUE, "abonos" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo" },
  } },
  { "banco-chile-cartola", "Banco de Chile", "CLP", FALSE, {
      { CBZ_BANK_COLUMN_DATE, TRUE, "fecha" },
      { CBZ_BANK_COLUMN_DESCRIPTION, TRUE, "detalle movimiento|detalle de movimiento" },
      { CBZ_BANK_COLUMN_DEBIT, TRUE, "cheque o cargo|cheques o cargos" },
      { CBZ_BANK_COLUMN_CREDIT, TRUE, "deposito o abono|depositos o abonos" },
      { CBZ_BANK_COLUMN_BALANCE, FALSE, "saldo|saldo diario" },
      { CBZ_BANK_COLUMN_REFERENCE, FALSE, "docto nro|n documento|nro documento" },
  } },
};

static const CbzBankLayout * const layout_list[] = {
  &layouts[0], &layouts[1], &layouts[2], &layouts[3], &layouts[4], &layouts[5], &layouts[6],
};

G_STATIC_ASSERT (G_N_ELEMENTS (layout_list) == G_N_ELEMENTS (layouts));

const CbzBankLayout * const *
cbz_bank_layout_list (guint *n_layouts)
{
  if (n_layouts != NULL)
    *n_layouts = G_N_ELEMENTS (layout_list);
  return layout_list;
}

const CbzBankLayout *
cbz_bank_layout_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_str_equal (layouts[i].id, id))
      return &layouts[i];
  return NULL;
}

const char *
cbz_bank_layout_get_id (const CbzBankLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return layout->id;
}

const char *
cbz_bank_layout_get_bank_name (const CbzBankLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return layout->bank_name;
}

const char *
cbz_bank_layout_get_currency (const CbzBankLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return layout->currency;
}

gboolean
cbz_bank_layout_has_signed_amount (const CbzBankLayout *layout)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  return layout->signed_amount;
}

/* A header normalised, without a trailing currency code ("abonos clp"),
 * which goes to @currency. */
static char *
normalize_header (const char *cell,
                  char        currency[4])
{
  char *name = cbz_text_normalize_name (cell);
  char *space = strrchr (name, ' ');

  currency[0] = '\0';
  if (space != NULL && strlen (space + 1) == 3 && cbz_currency_is_known (space + 1))
    {
      for (guint i = 0; i < 3; i++)
        currency[i] = g_ascii_toupper (space[1 + i]);
      currency[3] = '\0';
      *space = '\0';
    }
  return name;
}

static gboolean
name_matches (const char *names,
              const char *header)
{
  gsize len = strlen (header);

  for (const char *p = names; p != NULL; p = strchr (p, '|'))
    {
      if (*p == '|')
        p++;
      if (strncmp (p, header, len) == 0 && (p[len] == '|' || p[len] == '\0'))
        return TRUE;
    }
  return FALSE;
}

/* How many columns of @layout the row has (0 when a required one is
 * missing), filling @header. */
static guint
match_layout (const CbzBankLayout *layout,
              char               **headers,
              guint                n_headers,
              CbzBankHeader       *header)
{
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n_headers, 1));
  guint matched = 0;

  for (guint c = 0; c < CBZ_BANK_N_COLUMNS; c++)
    header->columns[c] = -1;

  for (guint s = 0; s < MAX_SPECS && layout->specs[s].names != NULL; s++)
    {
      const ColumnSpec *spec = &layout->specs[s];
      int found = -1;

      for (guint i = 0; i < n_headers && found < 0; i++)
        if (!used[i] && headers[i][0] != '\0' && name_matches (spec->names, headers[i]))
          found = (int) i;
      if (found < 0)
        {
          if (spec->required)
            return 0;
          continue;
        }
      used[found] = TRUE;
      header->columns[spec->column] = found;
      matched++;
    }
  header->layout = layout;
  return matched;
}

gboolean
_cbz_bank_layout_detect (CbzCsvTable   *table,
                         CbzBankHeader *header)
{
  guint n_rows = MIN (cbz_csv_table_get_n_rows (table), MAX_HEADER_ROW);
  guint best_score = 0;

  for (guint row = 0; row < n_rows; row++)
    {
      guint n_fields = cbz_csv_table_get_n_fields (table, row);
      g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
      char currency[4] = { 0 };

      for (guint f = 0; f < n_fields; f++)
        {
          char cell_currency[4];

          g_ptr_array_add (headers, normalize_header (cbz_csv_table_get_cell (table, row, f),
                                                      cell_currency));
          if (cell_currency[0] != '\0')
            memcpy (currency, cell_currency, sizeof currency);
        }

      for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
        {
          CbzBankHeader candidate = { 0 };
          guint score = match_layout (&layouts[l], (char **) headers->pdata, headers->len,
                                      &candidate);

          if (score > best_score)
            {
              best_score = score;
              *header = candidate;
              header->header_row = row;
              memcpy (header->currency, currency, sizeof currency);
            }
        }
    }
  return best_score > 0;
}
