/* cbz-letter-template.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-letter-template.h"
#include "cbz-money.h"
#include "cbz-store-letters.h"

static const char *
normalize_language (const char *language)
{
  if (language != NULL && g_ascii_strncasecmp (language, "en", 2) == 0)
    return "en";
  return "es";
}

char *
cbz_letter_template_get_builtin (CbzLetterLevel  level,
                                 const char     *language)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (level >= CBZ_LETTER_LEVEL_REMINDER && level <= CBZ_LETTER_LEVEL_FINAL, NULL);

  path = g_strdup_printf ("/io/github/cobranza/Cobranza/letters/level-%d-%s.txt",
                          level, normalize_language (language));
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

char *
cbz_letter_template_load (CbzStore        *store,
                          CbzLetterLevel   level,
                          const char      *language,
                          gboolean        *out_custom,
                          GError         **error)
{
  char *text = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  if (!cbz_store_get_letter_template (store, level, normalize_language (language), &text, error))
    return NULL;
  if (out_custom != NULL)
    *out_custom = text != NULL;
  if (text == NULL)
    text = cbz_letter_template_get_builtin (level, language);
  return text;
}

gboolean
cbz_letter_template_save (CbzStore        *store,
                          CbzLetterLevel   level,
                          const char      *language,
                          const char      *text,
                          GError         **error)
{
  g_autoptr(CbzTemplate) tmpl = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  tmpl = cbz_template_new (text, error);
  if (tmpl == NULL)
    return FALSE;
  return cbz_store_set_letter_template (store, level, normalize_language (language), text, error);
}

gboolean
cbz_letter_template_reset (CbzStore        *store,
                           CbzLetterLevel   level,
                           const char      *language,
                           GError         **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  return cbz_store_reset_letter_template (store, level, normalize_language (language), error);
}

static char *
locale_for (const CbzLetter *letter)
{
  const char *language = cbz_letter_get_language (letter);

  if (letter->country != NULL && strlen (letter->country) == 2)
    return g_strdup_printf ("%s_%s", language, letter->country);
  return g_strdup (language);
}

/*
 * "$ 1,234.56" keeps its symbol and number on one line with a word joiner
 * after an ordinary space rather than with U+00A0: in the PDF a no-break
 * space shares the space's glyph, which pushes every bold and regular glyph
 * it meets into a second (CID) font subset — a tenth of the cost of a
 * letter written to a file of its own.
 */
char *
cbz_letter_format_money (const CbzLetter *letter,
                         gint64           minor)
{
  g_autofree char *locale = locale_for (letter);
  g_autofree char *text = cbz_money_format (cbz_money_init (minor, letter->currency), locale);
  GString *out = g_string_new (text);

  g_string_replace (out, "\u00a0", " \u2060", 0);
  return g_string_free (out, FALSE);
}

char *
cbz_letter_format_date_long (const CbzLetter *letter,
                             CbzDate          date)
{
  return cbz_date_format_long (date, cbz_letter_get_language (letter));
}

/* dd/mm/yyyy is how Latin America writes dates; in English the same digits
 * read as mm/dd to a US reader, so English letters spell the month out. */
char *
cbz_letter_format_date_short (const CbzLetter *letter,
                              CbzDate          date)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  if (!cbz_date_is_set (date))
    return g_strdup ("—");
  if (g_str_equal (cbz_letter_get_language (letter), "en"))
    return g_strdup_printf ("%s %d, %d", months[date.month - 1], date.day, date.year);
  return cbz_date_format_short (date, cbz_letter_get_language (letter));
}

/* A phone number never breaks across lines nor stretches. */
static char *
no_break_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      /* U+202F: Pango stretches U+00A0 like a space when justifying. */
      if (*p == ' ')
        g_string_append (out, "\u202f");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

gint64
cbz_letter_compute_late_fee (const CbzCompanyProfile *profile,
                             gint64                   balance,
                             gint32                   days_overdue)
{
  __int128 num;
  gint64 den;

  if (profile->late_fee_kind != CBZ_LATE_FEE_SIMPLE_INTEREST || profile->late_fee_rate_bp <= 0 ||
      balance <= 0 || days_overdue <= 0)
    return 0;

  den = 10000 * (profile->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL ? 365 : 30);
  num = (__int128) balance * profile->late_fee_rate_bp * days_overdue;
  /* Round half up: the customer never pays a fraction of a cent more than stated. */
  return (gint64) ((num + den / 2) / den);
}

int
cbz_letter_level_get_grace_days (CbzLetterLevel level)
{
  return level == CBZ_LETTER_LEVEL_FINAL ? 7 : 10;
}

const char *
cbz_letter_level_get_label (CbzLetterLevel level)
{
  switch (level)
    {
    case CBZ_LETTER_LEVEL_REMINDER:
      return _("Friendly reminder");
    case CBZ_LETTER_LEVEL_NOTICE:
      return _("Formal notice");
    case CBZ_LETTER_LEVEL_FINAL:
      return _("Final notice");
    default:
      g_return_val_if_reached ("");
    }
}

/* "A-1", "A-1 y A-2", "A-1, A-2 y A-3" — or "…and 12 more" past eight. */
static char *
join_invoice_numbers (const CbzLetter *letter)
{
  gboolean en = g_str_equal (cbz_letter_get_language (letter), "en");
  guint n = letter->invoices->len;
  guint shown = n > 8 ? 6 : n;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < shown; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (letter->invoices, i);

      if (i > 0 && (i < shown - 1 || shown < n))
        g_string_append (out, ", ");
      else if (i > 0)
        g_string_append (out, en ? " and " : " y ");
      g_string_append (out, inv->number);
    }
  if (shown < n)
    g_string_append_printf (out, en ? " and %u more" : " y %u más", n - shown);
  return g_string_free (out, FALSE);
}

/* Values put into a URL (payment link pattern) are escaped; the pattern itself is not. */
static char *
expand_pattern (const char         *pattern,
                CbzTemplateContext *context,
                gboolean            for_url)
{
  g_autoptr(CbzTemplateContext) escaped = NULL;
  CbzTemplateContext *ctx = context;

  if (pattern == NULL || *pattern == '\0')
    return g_strdup ("");

  if (for_url)
    {
      escaped = cbz_template_context_new ();
      for (guint i = 0; i < CBZ_TEMPLATE_N_VARS; i++)
        {
          const char *v = cbz_template_context_get (context, i);
          g_autofree char *e = v != NULL ? g_uri_escape_string (v, NULL, FALSE) : NULL;

          cbz_template_context_set (escaped, i, e);
        }
      ctx = escaped;
    }

  /* A pattern the profile editor let through but that names a variable we
   * cannot fill yields no link rather than a broken one. */
  {
    g_autofree char *out = cbz_template_expand (pattern, ctx, NULL);
    return out != NULL ? g_steal_pointer (&out) : g_strdup ("");
  }
}

CbzTemplateContext *
cbz_letter_build_context (const CbzLetter         *letter,
                          const CbzCompanyProfile *profile)
{
  CbzTemplateContext *ctx = cbz_template_context_new ();
  gboolean en = g_str_equal (cbz_letter_get_language (letter), "en");
  const CbzLetterInvoice *oldest = NULL;
  gint64 overdue = 0, fees = 0;
  g_autofree char *s = NULL;

  g_return_val_if_fail (letter != NULL && profile != NULL, ctx);

  for (guint i = 0; i < letter->invoices->len; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (letter->invoices, i);

      overdue += inv->balance;
      fees += cbz_letter_compute_late_fee (profile, inv->balance, inv->days_overdue);
      if (oldest == NULL || cbz_date_compare (inv->due_date, oldest->due_date) < 0)
        oldest = inv;
    }

#define SET(var, value) cbz_template_context_set (ctx, CBZ_TEMPLATE_VAR_##var, (value))
#define SET_OWNED(var, expr) G_STMT_START { g_free (s); s = (expr); SET (var, s); } G_STMT_END

  SET (NAME, letter->name != NULL ? letter->name : "");
  /* "Estimado(a) cliente:" reads better than the company's legal name. */
  SET (CONTACT, letter->contact_person != NULL && *letter->contact_person != '\0'
                  ? letter->contact_person : (en ? "Customer" : "cliente"));
  SET (TAX_ID, letter->tax_id != NULL ? letter->tax_id : "");
  SET_OWNED (OVERDUE_BALANCE, cbz_letter_format_money (letter, overdue));
  SET_OWNED (TOTAL_BALANCE, cbz_letter_format_money (letter, overdue));
  SET_OWNED (LATE_FEE, cbz_letter_format_money (letter, fees));
  SET_OWNED (TOTAL_DUE, cbz_letter_format_money (letter, overdue + fees));
  SET_OWNED (DAYS_OVERDUE, g_strdup_printf ("%d", oldest != NULL ? oldest->days_overdue : 0));
  SET_OWNED (DUE_DATE, oldest != NULL ? cbz_letter_format_date_long (letter, oldest->due_date) : g_strdup (""));
  SET_OWNED (INVOICES, join_invoice_numbers (letter));
  SET (INVOICE, oldest != NULL ? oldest->number : "");
  SET_OWNED (INVOICE_COUNT, g_strdup_printf ("%u", letter->invoices->len));
  SET (CURRENCY, letter->currency);
  SET (BANK, profile->bank != NULL ? profile->bank : "");
  SET (ACCOUNT, profile->account != NULL ? profile->account : "");
  SET (COMPANY, profile->name != NULL ? profile->name : "");
  SET_OWNED (COMPANY_PHONE, no_break_spaces (profile->phone));
  SET (COMPANY_EMAIL, profile->email != NULL ? profile->email : "");
  SET (SIGNER, profile->signer_name != NULL ? profile->signer_name : "");
  SET_OWNED (DATE, cbz_letter_format_date_long (letter, letter->date));
  SET_OWNED (DEADLINE, cbz_letter_format_date_long (letter,
                                                    cbz_date_add_days (letter->date,
                                                                       cbz_letter_level_get_grace_days (letter->level))));
  /* The reference and link patterns may use every variable above. */
  SET (PAYMENT_REFERENCE, "");
  SET (PAYMENT_LINK, "");
  SET_OWNED (PAYMENT_REFERENCE, expand_pattern (profile->reference_pattern, ctx, FALSE));
  if (s[0] == '\0' && letter->tax_id != NULL)
    SET (PAYMENT_REFERENCE, letter->tax_id);
  SET_OWNED (PAYMENT_LINK, expand_pattern (profile->payment_link_pattern, ctx, TRUE));

#undef SET_OWNED
#undef SET
  return ctx;
}
