/* cbz-bank-layout.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The CSV exports of the banks Cobranza reads, recognised by their header
 * row (which may come after a few lines about the account):
 *
 *   bbva-mx             BBVA México: Día, Concepto / Referencia, cargo, Abono, Saldo
 *   bbva-mx-net-cash    BBVA México Net Cash: Fecha Operación, Concepto, Referencia,
 *                       Importe (signed), Saldo
 *   banorte-mx          Banorte: Cuenta, Fecha De Operación, Fecha, Referencia,
 *                       Descripción, …, Depósitos, Retiros, Saldo, …, Descripción Detallada
 *   santander-mx        Santander México: Fecha ('ddmmyyyy), Hora, Sucursal, Descripcion,
 *                       Importe Cargo, Importe Abono, Saldo, Referencia, Concepto
 *   santander-mx-enlace Santander México Enlace: Cuenta, Fecha, Hora, Sucursal,
 *                       Descripción, Cargo/Abono (+ or -), Importe, Saldo, Referencia,
 *                       Concepto, …
 *   banco-chile         Banco de Chile: Fecha, Descripción, Canal o Sucursal,
 *                       Cargos (CLP), Abonos (CLP), Saldo (CLP)
 *   banco-chile-cartola Banco de Chile (cartola): Fecha, Detalle Movimiento,
 *                       Cheque o Cargo, Deposito o Abono, Saldo, Docto. Nro., …
 *
 * Headers are compared without case, accents or punctuation, so "Depósitos"
 * and "DEPOSITOS" are one header; a currency code in a header ("Abonos
 * (USD)") gives the account's currency.
 */
typedef struct _CbzBankLayout CbzBankLayout;

/* All layouts, in the order detection prefers them; do not free. */
const CbzBankLayout * const *cbz_bank_layout_list             (guint               *n_layouts);
const CbzBankLayout         *cbz_bank_layout_lookup           (const char          *id);

/* "bbva-mx": stable, for the store and the command line. */
const char                  *cbz_bank_layout_get_id           (const CbzBankLayout *layout);
/* "BBVA México": a name, not translated. */
const char                  *cbz_bank_layout_get_bank_name    (const CbzBankLayout *layout);
/* The currency of accounts whose export does not say: "MXN", "CLP". */
const char                  *cbz_bank_layout_get_currency     (const CbzBankLayout *layout);
/* TRUE when debits and credits share one signed amount column (or an
 * amount and a +/- column); FALSE for separate debit and credit columns. */
gboolean                     cbz_bank_layout_has_signed_amount (const CbzBankLayout *layout);

G_END_DECLS
