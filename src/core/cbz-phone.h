/* cbz-phone.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CBZ_PHONE_ERROR (cbz_phone_error_quark ())

typedef enum
{
  CBZ_PHONE_ERROR_EMPTY,
  CBZ_PHONE_ERROR_INVALID_CHARACTERS,
  CBZ_PHONE_ERROR_TOO_SHORT,
  CBZ_PHONE_ERROR_TOO_LONG,
  CBZ_PHONE_ERROR_NO_COUNTRY,  /* a national number and no default country to read it in */
} CbzPhoneError;

/* "+" and up to 15 digits (E.164), and the NUL. */
#define CBZ_PHONE_E164_SIZE 17

GQuark      cbz_phone_error_quark       (void);

/*
 * Normalises a phone number as people write it ("(55) 1234-5678",
 * "044 55 1234 5678", "+56 9 8765 4321", "0052 1 55 1234 5678",
 * "011 15-4123-4567") to E.164 ("+525512345678"). A number without a
 * country code is read as a national number of @default_country (ISO 3166-1
 * alpha-2: "MX", "CL", "CO", "PE", "AR", "US"...), dropping trunk prefixes
 * (0, 01, 044/045, 15) the way that country dials.
 *
 * Returns: (transfer full): the E.164 number, or NULL with @error saying why.
 */
char       *cbz_phone_normalize         (const char *text,
                                         const char *default_country,
                                         GError    **error);
/* The same into a caller's buffer, without allocating (for imports). */
gboolean    cbz_phone_normalize_into    (const char *text,
                                         const char *default_country,
                                         char        e164[CBZ_PHONE_E164_SIZE],
                                         GError    **error);
/* An E.164 number grouped for people: "+525581253952" → "+52 55 8125 3952"
 * (per country: MX, CL, CO, PE, EC, AR, US and the other +1 countries;
 * elsewhere the country code apart and groups of three or four). Other
 * text is returned unchanged. (transfer full) */
char       *cbz_phone_format            (const char *e164);
/* "52" for "MX"; NULL for a country we have no rules for. */
const char *cbz_phone_get_calling_code  (const char *country);

G_END_DECLS
