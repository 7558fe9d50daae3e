/* cbz-cli-company.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cbz-cli-commands.h"
#include "cbz-company-profile.h"
#include "cbz-letter-image.h"

/* Letters take PNG or SVG: anything else is refused now, not when printing. */
static gboolean
load_image (const char  *path,
            GBytes     **out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *data = NULL;
  cairo_surface_t *surface;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  surface = cbz_letter_image_decode (bytes, 100.0, 100.0, &local_error);
  if (surface == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("“%s” cannot be used in letters: %s"),
                   path, local_error->message);
      return FALSE;
    }
  cairo_surface_destroy (surface);
  g_clear_pointer (out, g_bytes_unref);
  *out = g_steal_pointer (&bytes);
  return TRUE;
}

static void
replace (char       **field,
         const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = *value != '\0' ? g_strcompress (value) : NULL;
}

/* What a logo or signature is, for a person; NULL when there is none. */
static const char *
image_kind (GBytes *image)
{
  if (image == NULL)
    return NULL;
  return cbz_letter_image_is_svg (image) ? _("SVG image") : _("PNG image");
}

static void
print_field (const char *label,
             const char *value)
{
  g_autoptr(GString) text = g_string_new (value != NULL ? value : "—");

  /* An address's further lines under its first. */
  g_string_replace (text, "\n", "\n                       ", 0);
  printf ("%s%*s %s\n", label, cbz_cli_padding (label, 22), "", text->str);
}

/* Shows or changes the company profile the letters are written with. */
int
cbz_cli_company (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzCompanyProfile) profile = NULL;
  g_autofree char *name = NULL, *tax_id = NULL, *address = NULL, *city = NULL, *phone = NULL;
  g_autofree char *email = NULL, *website = NULL, *logo = NULL, *signature = NULL, *signer = NULL;
  g_autofree char *signer_title = NULL, *bank = NULL, *holder = NULL, *account_label = NULL;
  g_autofree char *account = NULL, *reference = NULL, *link = NULL, *paper = NULL, *period = NULL;
  double rate = -1;
  gboolean changed = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Company name"), NULL },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &tax_id, N_("Tax ID"), NULL },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Address (\\n between lines)"), NULL },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("Place in the letter’s date line"), NULL },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone"), NULL },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("Email"), NULL },
    { "website", 0, 0, G_OPTION_ARG_STRING, &website, N_("Website"), NULL },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("Logo, a PNG or SVG file (\"\" removes it)"), "FILE" },
    { "signature", 0, 0, G_OPTION_ARG_FILENAME, &signature, N_("Signature image, a PNG or SVG file (\"\" removes it)"), "FILE" },
    { "signer", 0, 0, G_OPTION_ARG_STRING, &signer, N_("Who signs the letters"), NULL },
    { "signer-title", 0, 0, G_OPTION_ARG_STRING, &signer_title, N_("The signer’s title"), NULL },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank, N_("Bank"), NULL },
    { "account-holder", 0, 0, G_OPTION_ARG_STRING, &holder, N_("Account holder"), NULL },
    { "account-label", 0, 0, G_OPTION_ARG_STRING, &account_label, N_("Account label (CLABE, CBU, …)"), NULL },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("Account number"), NULL },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &reference, N_("Payment reference pattern, e.g. {{id_fiscal}}"), NULL },
    { "payment-link", 0, 0, G_OPTION_ARG_STRING, &link, N_("Payment link pattern, e.g. https://pay.example/{{factura}}"), NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("Paper size: a4 or letter"), NULL },
    { "late-fee-rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Simple late interest in percent per period (0: none)"), "PERCENT" },
    { "late-fee-period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Late interest period: monthly or annual"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— show or change the company profile used in letters"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (paper != NULL && !g_str_equal (paper, "a4") && !g_str_equal (paper, "letter"))
    {
      cbz_cli_print_error (_("--paper must be “a4” or “letter”, not “%s”"), paper);
      return 2;
    }
  if (period != NULL && !g_str_equal (period, "monthly") && !g_str_equal (period, "annual"))
    {
      cbz_cli_print_error (_("--late-fee-period must be “monthly” or “annual”, not “%s”"), period);
      return 2;
    }

  store = cbz_store_open (database, &error);
  if (store == NULL || (profile = cbz_company_profile_load (store, &error)) == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

#define SET(field, value) G_STMT_START { if ((value) != NULL) { replace (&profile->field, (value)); changed = TRUE; } } G_STMT_END
  SET (name, name);
  SET (tax_id, tax_id);
  SET (address, address);
  SET (city, city);
  SET (phone, phone);
  SET (email, email);
  SET (website, website);
  SET (signer_name, signer);
  SET (signer_title, signer_title);
  SET (bank, bank);
  SET (account_holder, holder);
  SET (account_label, account_label);
  SET (account, account);
  SET (reference_pattern, reference);
  SET (payment_link_pattern, link);
#undef SET

  if (logo != NULL)
    {
      if (*logo == '\0')
        g_clear_pointer (&profile->logo_png, g_bytes_unref);
      else if (!load_image (logo, &profile->logo_png, &error))
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
      changed = TRUE;
    }
  if (signature != NULL)
    {
      if (*signature == '\0')
        g_clear_pointer (&profile->signature_png, g_bytes_unref);
      else if (!load_image (signature, &profile->signature_png, &error))
        {
          cbz_cli_print_error ("%s", error->message);
          return 1;
        }
      changed = TRUE;
    }
  if (paper != NULL)
    {
      profile->paper = cbz_paper_size_from_string (paper);
      changed = TRUE;
    }
  if (rate >= 0)
    {
      profile->late_fee_rate_bp = (gint64) (rate * 100.0 + 0.5);
      profile->late_fee_kind = profile->late_fee_rate_bp > 0 ? CBZ_LATE_FEE_SIMPLE_INTEREST : CBZ_LATE_FEE_NONE;
      changed = TRUE;
    }
  if (period != NULL)
    {
      profile->late_fee_period = g_str_equal (period, "annual") ? CBZ_LATE_FEE_PERIOD_ANNUAL
                                                                 : CBZ_LATE_FEE_PERIOD_MONTHLY;
      changed = TRUE;
    }

  if (changed && !cbz_company_profile_save (profile, store, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  print_field (_("Name"), profile->name);
  print_field (_("Tax ID"), profile->tax_id);
  print_field (_("Address"), profile->address);
  print_field (_("Place"), profile->city);
  print_field (_("Phone"), profile->phone);
  print_field (_("Email"), profile->email);
  print_field (_("Website"), profile->website);
  print_field (_("Logo"), image_kind (profile->logo_png));
  print_field (_("Signature image"), image_kind (profile->signature_png));
  print_field (_("Signer"), profile->signer_name);
  print_field (_("Signer’s title"), profile->signer_title);
  print_field (_("Bank"), profile->bank);
  print_field (_("Account holder"), profile->account_holder);
  print_field (_("Account label"), profile->account_label);
  print_field (_("Account"), profile->account);
  print_field (_("Payment reference"), profile->reference_pattern);
  print_field (_("Payment link"), profile->payment_link_pattern);
  print_field (_("Paper"), profile->paper == CBZ_PAPER_LETTER ? "letter" : "a4");
  if (profile->late_fee_kind == CBZ_LATE_FEE_SIMPLE_INTEREST)
    {
      g_autofree char *percent = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", profile->late_fee_rate_bp / 100,
                                                  (int) (profile->late_fee_rate_bp % 100));
      /* Translators: %s is a rate, "1.50"; "%%" is the percent sign */
      g_autofree char *fee = profile->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL
        ? g_strdup_printf (_("%s %% per year, simple"), percent)
        : g_strdup_printf (_("%s %% per month, simple"), percent);
      print_field (_("Late interest"), fee);
    }
  else
    print_field (_("Late interest"), NULL);
  return 0;
}
