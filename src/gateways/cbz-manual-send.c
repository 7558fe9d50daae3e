/* cbz-manual-send.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-manual-send.h"
#include "cbz-provider.h"

/* "+52 (55) 1234-5678" -> "+525512345678"; NULL when it is not a number. */
static char *
normalize_number (const char *to,
                  gboolean    keep_plus)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint digits = 0;

  for (const char *p = to; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p);
          digits++;
        }
      else if (*p == '+' && out->len == 0)
        {
          if (keep_plus)
            g_string_append_c (out, '+');
        }
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.')
        return NULL;
    }

  /* E.164 numbers have at most 15 digits; fewer than 7 is not a phone. */
  if (digits < 7 || digits > 15)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_plausible_address (const char *to)
{
  const char *at = strchr (to, '@');

  if (at == NULL || at == to || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = to; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '?' || *p == '&' || *p == '<' || *p == '>' || *p == '"')
        return FALSE;
    }
  return TRUE;
}

/* RFC 6068: line breaks in mailto bodies are CRLF, percent-encoded. */
static char *
escape_mail_text (const char *text)
{
  g_autoptr(GString) crlf = g_string_new (text);

  g_string_replace (crlf, "\r\n", "\n", 0);
  g_string_replace (crlf, "\n", "\r\n", 0);
  return g_uri_escape_string (crlf->str, NULL, FALSE);
}

char *
cbz_manual_send_build_uri (CbzChannel   channel,
                           const char  *to,
                           const char  *subject,
                           const char  *body,
                           GError     **error)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) uri = NULL;

  g_return_val_if_fail (to != NULL, NULL);

  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      number = normalize_number (to, FALSE);
      if (number == NULL)
        break;
      uri = g_string_new ("https://wa.me/");
      g_string_append (uri, number);
      if (body != NULL && *body != '\0')
        {
          text = g_uri_escape_string (body, NULL, FALSE);
          g_string_append_printf (uri, "?text=%s", text);
        }
      return g_string_free (g_steal_pointer (&uri), FALSE);

    case CBZ_CHANNEL_SMS:
      number = normalize_number (to, TRUE);
      if (number == NULL)
        break;
      uri = g_string_new ("sms:");
      g_string_append (uri, number);
      if (body != NULL && *body != '\0')
        {
          text = g_uri_escape_string (body, NULL, FALSE);
          g_string_append_printf (uri, "?body=%s", text);
        }
      return g_string_free (g_steal_pointer (&uri), FALSE);

    case CBZ_CHANNEL_EMAIL:
      {
        g_autofree char *address = g_strstrip (g_strdup (to));
        char separator = '?';

        if (!is_plausible_address (address))
          {
            g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
                         _("“%s” is not an e-mail address."), to);
            return NULL;
          }
        uri = g_string_new ("mailto:");
        g_string_append (uri, address);
        if (subject != NULL && *subject != '\0')
          {
            g_autofree char *escaped = escape_mail_text (subject);

            g_string_append_printf (uri, "%csubject=%s", separator, escaped);
            separator = '&';
          }
        if (body != NULL && *body != '\0')
          {
            g_autofree char *escaped = escape_mail_text (body);

            g_string_append_printf (uri, "%cbody=%s", separator, escaped);
          }
        return g_string_free (g_steal_pointer (&uri), FALSE);
      }

    default:
      g_return_val_if_reached (NULL);
    }

  g_set_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL,
               _("“%s” is not a phone number."), to);
  return NULL;
}
