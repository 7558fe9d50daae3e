/* cbz-date.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-date.h"
#include "cbz-locale-private.h"

static const char * const month_names_en[] = {
  NC_("month name", "January"), NC_("month name", "February"), NC_("month name", "March"),
  NC_("month name", "April"), NC_("month name", "May"), NC_("month name", "June"),
  NC_("month name", "July"), NC_("month name", "August"), NC_("month name", "September"),
  NC_("month name", "October"), NC_("month name", "November"), NC_("month name", "December"),
};

/* Built-in names for writing a letter in a language other than the user's
 * (gettext only speaks the user's language). */
static const char * const month_names_es[] = {
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
  "septiembre", "octubre", "noviembre", "diciembre",
};
static const char * const month_names_pt[] = {
  "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
  "setembro", "outubro", "novembro", "dezembro",
};

/* Month words seen in spreadsheet dates ("23-nov-2024", "5 Jan 2025"). */
static const struct
{
  const char *word;
  int         month;
} month_words[] = {
  { "ene", 1 }, { "jan", 1 }, { "feb", 2 }, { "fev", 2 }, { "mar", 3 }, { "abr", 4 },
  { "apr", 4 }, { "may", 5 }, { "mai", 5 }, { "jun", 6 }, { "jul", 7 }, { "ago", 8 },
  { "aug", 8 }, { "sep", 9 }, { "set", 9 }, { "oct", 10 }, { "out", 10 }, { "nov", 11 },
  { "dic", 12 }, { "dec", 12 }, { "dez", 12 },
};

G_DEFINE_QUARK (cbz-date-error-quark, cbz_date_error)

static gboolean
set_format_error (const char  *text,
                  GError     **error)
{
  g_set_error (error, CBZ_DATE_ERROR, CBZ_DATE_ERROR_FORMAT,
               _("“%s” is not a date in a known format such as dd/mm/yyyy or yyyy-mm-dd"), text);
  return FALSE;
}

static gboolean
set_invalid_error (const char  *text,
                   GError     **error)
{
  g_set_error (error, CBZ_DATE_ERROR, CBZ_DATE_ERROR_INVALID,
               _("“%s” is not a valid date"), text);
  return FALSE;
}

/* Reads 1..@max digits; returns how many were read. */
static int
read_number (const char **p,
             int          max,
             int         *value)
{
  int n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return g_ascii_isdigit (**p) ? -1 : n;
}

static int
read_month_word (const char **p)
{
  char word[4] = { 0 };
  int n = 0;

  while (n < 3 && g_ascii_isalpha ((*p)[n]))
    {
      word[n] = g_ascii_tolower ((*p)[n]);
      n++;
    }
  if (n != 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (month_words); i++)
    {
      if (strcmp (month_words[i].word, word) == 0)
        {
          *p += 3;
          /* Allow the full word or an abbreviation dot: "nov.", "noviembre". */
          while (g_ascii_isalpha (**p))
            (*p)++;
          if (**p == '.')
            (*p)++;
          return month_words[i].month;
        }
    }
  return 0;
}

static gboolean
is_us_locale (const char *language)
{
  char country[3];

  if (language == NULL)
    language = setlocale (LC_TIME, NULL);
  _cbz_locale_get_country (language, country);
  return g_str_equal (country, "US");
}

gboolean
cbz_date_is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
cbz_date_days_in_month (int year,
                        int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  if (month == 2 && cbz_date_is_leap_year (year))
    return 29;
  return days[month - 1];
}

gboolean
cbz_date_valid_dmy (int day,
                    int month,
                    int year)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= cbz_date_days_in_month (year, month);
}

gboolean
cbz_date_set_dmy (CbzDate *date,
                  int      day,
                  int      month,
                  int      year)
{
  g_return_val_if_fail (date != NULL, FALSE);

  if (!cbz_date_valid_dmy (day, month, year))
    return FALSE;
  date->year = year;
  date->month = month;
  date->day = day;
  return TRUE;
}

/**
 * cbz_date_init:
 *
 * Returns: the date, or an unset date when it does not exist.
 */
CbzDate
cbz_date_init (int year,
               int month,
               int day)
{
  CbzDate date = { 0, 0, 0 };

  cbz_date_set_dmy (&date, day, month, year);
  return date;
}

gboolean
cbz_date_is_set (CbzDate date)
{
  return date.year != 0;
}

CbzDate
cbz_date_from_date_time (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, cbz_date_init (0, 0, 0));

  return cbz_date_init (g_date_time_get_year (date_time),
                        g_date_time_get_month (date_time),
                        g_date_time_get_day_of_month (date_time));
}

CbzDate
cbz_date_today (void)
{
  g_autoptr(GDateTime) now = cbz_clock_now_in (cbz_clock_get_default (), NULL);

  return cbz_date_from_date_time (now);
}

int
cbz_date_compare (CbzDate a,
                  CbzDate b)
{
  if (a.year != b.year)
    return a.year < b.year ? -1 : 1;
  if (a.month != b.month)
    return a.month < b.month ? -1 : 1;
  if (a.day != b.day)
    return a.day < b.day ? -1 : 1;
  return 0;
}

gboolean
cbz_date_equal (CbzDate a,
                CbzDate b)
{
  return cbz_date_compare (a, b) == 0;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables, no floating point. */
gint32
cbz_date_to_days (CbzDate date)
{
  int y = date.year - (date.month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int mp = (date.month + 9) % 12;
  int doy = (153 * mp + 2) / 5 + date.day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  g_return_val_if_fail (cbz_date_is_set (date), 0);

  return era * 146097 + doe - 719468;
}

CbzDate
cbz_date_from_days (gint32 days)
{
  int z = days + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp < 10 ? mp + 3 : mp - 9;

  return cbz_date_init (y + (m <= 2), m, d);
}

gint32
cbz_date_days_between (CbzDate a,
                       CbzDate b)
{
  return cbz_date_to_days (b) - cbz_date_to_days (a);
}

CbzDate
cbz_date_add_days (CbzDate date,
                   gint32  days)
{
  return cbz_date_from_days (cbz_date_to_days (date) + days);
}

CbzDate
cbz_date_add_months (CbzDate date,
                     int     months)
{
  int index = date.year * 12 + (date.month - 1) + months;
  int year = index / 12;
  int month = index % 12 + 1;
  int day;

  g_return_val_if_fail (cbz_date_is_set (date), date);

  if (index < 12)
    return cbz_date_init (0, 0, 0);
  day = MIN (date.day, cbz_date_days_in_month (year, month));
  return cbz_date_init (year, month, day);
}

CbzDate
cbz_date_end_of_month (CbzDate date)
{
  g_return_val_if_fail (cbz_date_is_set (date), date);

  return cbz_date_init (date.year, date.month, cbz_date_days_in_month (date.year, date.month));
}

int
cbz_date_get_weekday (CbzDate date)
{
  /* 1970-01-01 was a Thursday (4). */
  gint32 days = cbz_date_to_days (date);
  int wd = (int) (((days % 7) + 7 + 3) % 7);

  return wd + 1;
}

int
cbz_date_days_overdue (CbzDate due,
                       CbzDate as_of)
{
  gint32 days = cbz_date_days_between (due, as_of);

  return days > 0 ? days : 0;
}

char *
cbz_date_to_iso (CbzDate  date,
                 char    *buffer)
{
  g_return_val_if_fail (buffer != NULL, NULL);

  buffer[0] = '0' + date.year / 1000;
  buffer[1] = '0' + date.year / 100 % 10;
  buffer[2] = '0' + date.year / 10 % 10;
  buffer[3] = '0' + date.year % 10;
  buffer[4] = '-';
  buffer[5] = '0' + date.month / 10;
  buffer[6] = '0' + date.month % 10;
  buffer[7] = '-';
  buffer[8] = '0' + date.day / 10;
  buffer[9] = '0' + date.day % 10;
  buffer[10] = '\0';
  return buffer;
}

char *
cbz_date_dup_iso (CbzDate date)
{
  char buffer[CBZ_DATE_ISO_LENGTH];

  return g_strdup (cbz_date_to_iso (date, buffer));
}

gboolean
cbz_date_from_iso (const char *text,
                   CbzDate    *date)
{
  int y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }
  y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  m = (text[5] - '0') * 10 + (text[6] - '0');
  d = (text[8] - '0') * 10 + (text[9] - '0');
  return cbz_date_set_dmy (date, d, m, y);
}

gboolean
cbz_date_parse (const char    *text,
                CbzDateOrder   order,
                CbzDate       *date,
                GError       **error)
{
  const char *p;
  int a, b, c;
  int na, nb, nc;
  int day, month, year;
  char sep;
  int word_month = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  p = text;
  while (*p == ' ' || *p == '\t')
    p++;

  na = read_number (&p, 4, &a);
  if (na <= 0)
    return set_format_error (text, error);
  sep = *p;
  if (sep != '/' && sep != '-' && sep != '.' && sep != ' ')
    return set_format_error (text, error);
  p++;
  if (na != 4 && (word_month = read_month_word (&p)) > 0)
    {
      nb = 2;
      b = word_month;
    }
  else if ((nb = read_number (&p, 2, &b)) <= 0)
    return set_format_error (text, error);
  if (*p != sep)
    return set_format_error (text, error);
  p++;
  nc = read_number (&p, 4, &c);
  if (nc <= 0)
    return set_format_error (text, error);

  /* Spreadsheets append a midnight time to dates: "2024-05-31 00:00:00". */
  if ((*p == ' ' || *p == 'T') && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p) || *p == ':' || *p == '.')
        p++;
    }
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return set_format_error (text, error);

  if (na == 4)
    {
      if (nc > 2 || word_month > 0)
        return set_format_error (text, error);
      year = a;
      month = b;
      day = c;
    }
  else
    {
      if (na > 2 || (nc != 2 && nc != 4))
        return set_format_error (text, error);
      if (order == CBZ_DATE_ORDER_MDY && word_month == 0)
        {
          month = a;
          day = b;
        }
      else
        {
          day = a;
          month = b;
        }
      year = c;
      if (nc == 2)
        year += year < 70 ? 2000 : 1900;
    }

  if (!cbz_date_set_dmy (date, day, month, year))
    return set_invalid_error (text, error);
  return TRUE;
}

char *
cbz_date_format_short (CbzDate     date,
                       const char *language)
{
  g_return_val_if_fail (cbz_date_is_set (date), NULL);

  if (is_us_locale (language))
    return g_strdup_printf ("%02d/%02d/%04d", date.month, date.day, date.year);
  return g_strdup_printf ("%02d/%02d/%04d", date.day, date.month, date.year);
}

const char *
cbz_date_get_month_name (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "month name", month_names_en[month - 1]);
}

char *
cbz_date_format_long (CbzDate     date,
                      const char *language)
{
  char lang[4];

  g_return_val_if_fail (cbz_date_is_set (date), NULL);

  if (language == NULL)
    {
      /* Translators: a long date as written in a letter. %1$s is the month
       * name, %2$d the day, %3$d the year: "November 23, 2026". Reorder as
       * your language needs, e.g. "%2$d de %1$s de %3$d". */
      return g_strdup_printf (_("%1$s %2$d, %3$d"),
                              cbz_date_get_month_name (date.month), date.day, date.year);
    }

  _cbz_locale_get_language (language, lang);
  if (g_str_equal (lang, "es"))
    return g_strdup_printf ("%d de %s de %d", date.day, month_names_es[date.month - 1], date.year);
  if (g_str_equal (lang, "pt"))
    return g_strdup_printf ("%d de %s de %d", date.day, month_names_pt[date.month - 1], date.year);
  return g_strdup_printf ("%s %d, %d", month_names_en[date.month - 1],
                          date.day, date.year);
}
