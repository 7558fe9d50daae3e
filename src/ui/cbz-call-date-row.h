/* cbz-call-date-row.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-date.h"

G_BEGIN_DECLS

/*
 * A row that holds a day: its title on the left, the day on a button on the
 * right that opens a calendar ("Friday, March 19, 2027"). For the follow-up
 * of a call and the day a customer promised to pay.
 */
#define CBZ_TYPE_CALL_DATE_ROW (cbz_call_date_row_get_type ())
G_DECLARE_FINAL_TYPE (CbzCallDateRow, cbz_call_date_row, CBZ, CALL_DATE_ROW, AdwActionRow)

GtkWidget *cbz_call_date_row_new      (void);
CbzDate    cbz_call_date_row_get_date (CbzCallDateRow *self);
void       cbz_call_date_row_set_date (CbzCallDateRow *self,
                                       CbzDate         date);

G_END_DECLS
