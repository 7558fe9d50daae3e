/* cbz-date.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A calendar date: no time, no zone (an invoice is due on a day, wherever the
 * reader is). A plain value; an all-zero CbzDate is "no date" (see
 * cbz_date_is_set()). Stored in sqlite as ISO text 'YYYY-MM-DD'.
 */
typedef struct
{
  guint16 year;   /* 1..9999 */
  guint8  month;  /* 1..12 */
  guint8  day;    /* 1..31 */
} CbzDate;

#define CBZ_DATE_ERROR (cbz_date_error_quark ())

typedef enum
{
  CBZ_DATE_ERROR_FORMAT,   /* not written like a date */
  CBZ_DATE_ERROR_INVALID,  /* looks like a date but does not exist (31/02/2024) */
} CbzDateError;

/* Which way round an all-numeric date like 03/04/2025 is read. */
typedef enum
{
  CBZ_DATE_ORDER_DMY,  /* day first: Latin America, Spain (the default) */
  CBZ_DATE_ORDER_MDY,  /* month first: the United States */
} CbzDateOrder;

#define CBZ_DATE_ISO_LENGTH 11  /* "YYYY-MM-DD" and the NUL */

GQuark    cbz_date_error_quark        (void);

gboolean  cbz_date_is_leap_year       (int          year);
int       cbz_date_days_in_month      (int          year,
                                       int          month);
gboolean  cbz_date_valid_dmy          (int          day,
                                       int          month,
                                       int          year);

/* Returns FALSE (and leaves @date unset) when the date does not exist. */
gboolean  cbz_date_set_dmy            (CbzDate     *date,
                                       int          day,
                                       int          month,
                                       int          year);
CbzDate   cbz_date_init               (int          year,
                                       int          month,
                                       int          day);
gboolean  cbz_date_is_set             (CbzDate      date);
/* Today on the local calendar. */
CbzDate   cbz_date_today              (void);
CbzDate   cbz_date_from_date_time     (GDateTime   *date_time);

int       cbz_date_compare            (CbzDate      a,
                                       CbzDate      b);
gboolean  cbz_date_equal              (CbzDate      a,
                                       CbzDate      b);
/* Days since 1970-01-01 (negative before) and back. */
gint32    cbz_date_to_days            (CbzDate      date);
CbzDate   cbz_date_from_days          (gint32       days);
/* @b - @a in days. */
gint32    cbz_date_days_between       (CbzDate      a,
                                       CbzDate      b);
CbzDate   cbz_date_add_days           (CbzDate      date,
                                       gint32       days);
/* Same day @months later (or earlier), clamped to the month's end:
 * 31 January + 1 month = 28 or 29 February. */
CbzDate   cbz_date_add_months         (CbzDate      date,
                                       int          months);
CbzDate   cbz_date_end_of_month       (CbzDate      date);
/* 1 = Monday .. 7 = Sunday. */
int       cbz_date_get_weekday        (CbzDate      date);
/* Days past @due as of @as_of; 0 when not yet due (or due that day). */
int       cbz_date_days_overdue       (CbzDate      due,
                                       CbzDate      as_of);

/* ISO 8601 'YYYY-MM-DD' (sqlite). @buffer holds CBZ_DATE_ISO_LENGTH bytes. */
char     *cbz_date_to_iso             (CbzDate      date,
                                       char        *buffer);
char     *cbz_date_dup_iso            (CbzDate      date);
/* Strict 'YYYY-MM-DD' only: what we wrote into the database. */
gboolean  cbz_date_from_iso           (const char  *text,
                                       CbzDate     *date);

/*
 * Reads a date as people write it: dd/mm/yyyy, d/m/yy, dd-mm-yyyy,
 * dd.mm.yyyy, yyyy-mm-dd, yyyy/mm/dd (and @order decides whether 03/04/2025
 * is 3 April or March 4). Two-digit years are 2000-2069 for 00-69 and
 * 1970-1999 for 70-99. A spreadsheet's trailing " 00:00:00" time is ignored.
 */
gboolean  cbz_date_parse              (const char  *text,
                                       CbzDateOrder order,
                                       CbzDate     *date,
                                       GError     **error);

/*
 * "23/11/2026" (or "11/23/2026" for a US English @language): @language is
 * "es", "en_US", "pt_BR"... or NULL for the current one.
 */
char     *cbz_date_format_short       (CbzDate      date,
                                       const char  *language);
/*
 * "23 de noviembre de 2026", "November 23, 2026", "23 de novembro de 2026".
 * With @language NULL, the user's language through the translation catalog;
 * otherwise the given language (a letter goes out in the customer's), with
 * English for languages we have no names for.
 */
char     *cbz_date_format_long        (CbzDate      date,
                                       const char  *language);
/* Translated month name, 1..12: "noviembre" / "November". */
const char *cbz_date_get_month_name   (int          month);

G_END_DECLS
