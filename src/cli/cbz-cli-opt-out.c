/* cbz-cli-opt-out.c: `cobranza-cli opt-out`
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-cli-commands.h"
#include "cbz-cli-record.h"
#include "cbz-store-notes.h"

/* The channels a customer can ask not to be contacted on, as people type
 * them, in English or Spanish, with or without accents. */
static const struct
{
  const char      *word;
  CbzEventChannel  channel;
} channel_words[] = {
  { "sms", CBZ_EVENT_CHANNEL_SMS },
  { "text", CBZ_EVENT_CHANNEL_SMS },
  { "mensaje", CBZ_EVENT_CHANNEL_SMS },
  { "whatsapp", CBZ_EVENT_CHANNEL_WHATSAPP },
  { "email", CBZ_EVENT_CHANNEL_EMAIL },
  { "e-mail", CBZ_EVENT_CHANNEL_EMAIL },
  { "correo", CBZ_EVENT_CHANNEL_EMAIL },
  { "letter", CBZ_EVENT_CHANNEL_LETTER },
  { "letters", CBZ_EVENT_CHANNEL_LETTER },
  { "carta", CBZ_EVENT_CHANNEL_LETTER },
  { "cartas", CBZ_EVENT_CHANNEL_LETTER },
  { "call", CBZ_EVENT_CHANNEL_PHONE },
  { "calls", CBZ_EVENT_CHANNEL_PHONE },
  { "phone", CBZ_EVENT_CHANNEL_PHONE },
  { "llamada", CBZ_EVENT_CHANNEL_PHONE },
  { "llamadas", CBZ_EVENT_CHANNEL_PHONE },
  { "telefono", CBZ_EVENT_CHANNEL_PHONE },
};

static gboolean
parse_channel (const char       *text,
               CbzEventChannel  *channel,
               GError          **error)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *plain = g_str_to_ascii (folded, "C");

  g_strstrip (plain);
  for (guint i = 0; i < G_N_ELEMENTS (channel_words); i++)
    {
      if (g_str_equal (plain, channel_words[i].word))
        {
          *channel = channel_words[i].channel;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--channel: “%s” is not a channel; use sms, whatsapp, email, letter or call"), text);
  return FALSE;
}

/* Records a customer's request to stop (or, with --undo, start again)
 * being contacted on some channels, with the evidence. */
int
cbz_cli_opt_out (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (CbzOptOutChange));
  g_autofree char *customer = NULL, *tax_id = NULL, *evidence = NULL;
  g_auto(GStrv) channels = NULL;
  gboolean undo = FALSE;
  gboolean json = FALSE;
  gint64 debtor_id = 0;
  int status;
  int n_changed;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("The customer’s number, as the app shows it"), N_("NUMBER") },
    { "tax-id", 0, 0, G_OPTION_ARG_STRING, &tax_id, N_("The customer’s tax ID, instead of the number"), N_("TAX-ID") },
    { "channel", 0, 0, G_OPTION_ARG_STRING_ARRAY, &channels,
      N_("sms, whatsapp, email, letter or call; repeat for several"), N_("CHANNEL") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence,
      N_("How the customer asked: by phone on a day, a letter, an email…"), N_("TEXT") },
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo, N_("The customer asks to be contacted there again"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— record a customer’s request not to be contacted on a channel"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      cbz_cli_print_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      cbz_cli_print_error (_("unexpected argument “%s”"), argv[1]);
      return 2;
    }
  if (channels == NULL || channels[0] == NULL)
    {
      cbz_cli_print_error ("%s", _("Say which channel with --channel: sms, whatsapp, email, letter or call"));
      return 2;
    }
  if (evidence == NULL || *g_strstrip (evidence) == '\0')
    {
      cbz_cli_print_error ("%s", _("Say how the customer asked with --evidence"));
      return 2;
    }
  for (guint i = 0; channels[i] != NULL; i++)
    {
      CbzOptOutChange change = { CBZ_EVENT_CHANNEL_NONE, !undo };

      if (!parse_channel (channels[i], &change.channel, &error))
        {
          cbz_cli_print_error ("%s", error->message);
          return 2;
        }
      g_array_append_val (changes, change);
    }

  store = cbz_cli_record_open_customer (database, customer, tax_id, &debtor_id, &status);
  if (store == NULL)
    return status;
  n_changed = cbz_store_record_opt_outs (store, debtor_id, (const CbzOptOutChange *) (gpointer) changes->data,
                                         changes->len, evidence, &error);
  if (n_changed < 0)
    {
      cbz_cli_print_error ("%s", error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "customer");
      json_builder_add_int_value (builder, debtor_id);
      json_builder_set_member_name (builder, "opt_out");
      json_builder_add_boolean_value (builder, !undo);
      json_builder_set_member_name (builder, "channels");
      json_builder_begin_array (builder);
      for (guint i = 0; i < changes->len; i++)
        json_builder_add_string_value (builder,
                                       cbz_event_channel_to_string (g_array_index (changes, CbzOptOutChange, i).channel));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_int_value (builder, n_changed);
      json_builder_end_object (builder);
      cbz_cli_record_print_json (builder);
      return 0;
    }

  {
    g_autofree char *who = cbz_cli_record_describe_customer (store, debtor_id);

    for (guint i = 0; i < changes->len; i++)
      {
        const char *label = cbz_event_channel_get_label (g_array_index (changes, CbzOptOutChange, i).channel);

        if (undo)
          /* Translators: first %s is a customer, second a channel such as "WhatsApp" */
          printf (_("%s may be contacted by %s again.\n"), who, label);
        else
          /* Translators: first %s is a customer, second a channel such as "WhatsApp" */
          printf (_("%s will not be contacted by %s.\n"), who, label);
      }
    if (n_changed == 0)
      printf ("%s\n", _("Nothing changed: it was so already."));
  }
  return 0;
}
