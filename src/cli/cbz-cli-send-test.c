/* cbz-cli-send-test.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cobranza-cli send-test: one real request to a provider, and exactly what
 * it answered. Credentials come from the providers' environment variables
 * or the keyring; the secret is never printed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-clock.h"
#include "cbz-credentials.h"
#include "cbz-provider.h"

typedef struct
{
  GMainLoop     *loop;
  CbzSendResult *result;
  GError        *error;
} SendTest;

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SendTest *test = user_data;

  test->result = cbz_provider_send_finish (CBZ_PROVIDER (source), result, &test->error);
  g_main_loop_quit (test->loop);
}

static const char *
outcome_label (CbzSendOutcome outcome)
{
  switch (outcome)
    {
    case CBZ_SEND_ACCEPTED:
      return _("accepted");
    case CBZ_SEND_PERMANENT_FAILURE:
      return _("permanent failure (do not retry)");
    case CBZ_SEND_TEMPORARY_FAILURE:
      return _("temporary failure (try again later)");
    default:
      return "?";
    }
}

static void
print_result (CbzProvider         *provider,
              const CbzSendResult *result)
{
  printf ("%-14s %s\n", _("Provider:"), cbz_provider_get_display_name (provider));
  printf ("%-14s %s\n", _("Endpoint:"), cbz_provider_get_base_url (provider));
  printf ("%-14s %s\n", _("Result:"), outcome_label (result->outcome));
  if (result->http_status != 0)
    printf ("%-14s %u\n", _("HTTP status:"), result->http_status);
  else
    printf ("%-14s %s\n", _("HTTP status:"), _("no answer"));
  if (result->outcome == CBZ_SEND_ACCEPTED)
    {
      printf ("%-14s %s\n", _("Message id:"),
              result->provider_message_id ? result->provider_message_id : _("(none given)"));
      printf ("%-14s %s\n", _("Status:"), cbz_delivery_status_to_string (result->status));
      return;
    }
  printf ("%-14s %s\n", _("Reason:"), cbz_failure_code_to_string (result->failure));
  if (result->provider_code != NULL)
    printf ("%-14s %s\n", _("Error code:"), result->provider_code);
  if (result->reason != NULL)
    printf ("%-14s %s\n", _("Message:"), result->reason);
  if (result->outcome == CBZ_SEND_TEMPORARY_FAILURE)
    {
      if (result->retry_after >= 0)
        printf ("%-14s %" G_GINT64_FORMAT " s\n", _("Retry after:"), result->retry_after);
      else
        printf ("%-14s %s\n", _("Retry after:"), _("use backoff"));
    }
}

int
cbz_cli_send_test (const char  *database,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(CbzProvider) provider = NULL;
  g_autoptr(CbzOutgoingMessage) message = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *template_language = NULL;
  g_auto(GStrv) parameters = NULL;
  int timeout = 0;
  CbzChannel channel;
  SendTest test = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_id, N_("twilio, whatsapp, sendgrid, mailgun or postmark"), N_("NAME") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, N_("Recipient: +E.164 number or e-mail address"), N_("ADDRESS") },
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from, N_("Sender (default: the account’s sender)"), N_("ADDRESS") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("Provider endpoint (default: COBRANZA_<PROVIDER>_URL or the public one)"), N_("URL") },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel_name, N_("Twilio only: sms (default) or whatsapp"), N_("CHANNEL") },
    { "subject", 's', 0, G_OPTION_ARG_STRING, &subject, N_("E-mail subject"), N_("TEXT") },
    { "body", 'b', 0, G_OPTION_ARG_STRING, &body, N_("Message text"), N_("TEXT") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("WhatsApp template name or Twilio ContentSid"), N_("NAME") },
    { "template-language", 0, 0, G_OPTION_ARG_STRING, &template_language, N_("Template language code (default es_MX)"), N_("CODE") },
    { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &parameters, N_("Template parameter, in order (repeatable)"), N_("TEXT") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for the answer (default 30)"), N_("SECONDS") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Send one test message through a provider and print exactly what it answered."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }

  if (provider_id == NULL || to == NULL)
    {
      cbz_cli_print_error (_("send-test needs --provider and --to"));
      return 2;
    }

  account = cbz_credentials_load_account_sync (provider_id, NULL, &error);
  if (account == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }
  if (base_url != NULL)
    {
      g_free (account->base_url);
      account->base_url = g_strdup (base_url);
    }
  if (timeout > 0)
    account->timeout_seconds = (guint) timeout;

  provider = cbz_provider_new_for_account (account, &error);
  if (provider == NULL)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (g_str_equal (provider_id, "twilio"))
    channel = CBZ_CHANNEL_SMS;
  else if (g_str_equal (provider_id, "whatsapp"))
    channel = CBZ_CHANNEL_WHATSAPP;
  else
    channel = CBZ_CHANNEL_EMAIL;
  if (channel_name != NULL)
    {
      if (!cbz_channel_from_string (channel_name, &channel) || !cbz_provider_supports_channel (provider, channel))
        {
          cbz_cli_print_error (_("%s cannot send on channel “%s”"),
                               cbz_provider_get_display_name (provider), channel_name);
          return 2;
        }
    }

  if (body == NULL)
    body = g_strdup (_("Cobranza test message: this provider account can send reminders."));
  message = cbz_outgoing_message_new (channel, to, body);
  message->from = g_steal_pointer (&from);
  if (channel == CBZ_CHANNEL_EMAIL)
    message->subject = subject ? g_steal_pointer (&subject) : g_strdup (_("Cobranza test message"));
  if (template_name != NULL)
    cbz_outgoing_message_set_template (message, template_name,
                                       template_language ? template_language : "es_MX",
                                       (const char * const *) parameters);
  message->reference = g_strdup_printf ("send-test-%" G_GINT64_FORMAT, cbz_now ());

  loop = g_main_loop_new (NULL, FALSE);
  test.loop = loop;
  cbz_provider_send_async (provider, message, NULL, on_sent_cb, &test);
  g_main_loop_run (loop);

  if (test.result == NULL)
    {
      cbz_cli_print_error ("%s", test.error ? test.error->message : _("the send did not finish"));
      g_clear_error (&test.error);
      return 1;
    }

  print_result (provider, test.result);
  status = test.result->outcome == CBZ_SEND_ACCEPTED ? 0 : 1;
  cbz_send_result_free (test.result);
  return status;
}
