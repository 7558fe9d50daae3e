/* test-store-templates.c: the user's message wordings (cbz-store-templates.h)
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-clock.h"
#include "cbz-store-templates.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

/* 2026-11-23 10:00 UTC */
#define NOW_US G_GINT64_CONSTANT (1795428000000000)

typedef struct
{
  CbzStore *store;
  CbzClock *clock;
  guint     changed;
} Fixture;

static void
changed_cb (CbzStore *store,
            Fixture  *fixture)
{
  fixture->changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_build_tmp_path ("templates.cobranza");

  fixture->clock = cbz_clock_new_manual (NOW_US);
  cbz_clock_set_default (fixture->clock);
  fixture->store = cbz_store_open (path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
}

static CbzStoreMessageTemplate *
new_whatsapp (const char *language,
              const char *body)
{
  CbzStoreMessageTemplate *template = cbz_store_message_template_new ("reminder", CBZ_EVENT_CHANNEL_WHATSAPP,
                                                                      language);
  const char *params[] = { "{{nombre}}", "{{saldo_vencido}}", NULL };

  template->body = g_strdup (body);
  template->wa_template = g_strdup ("recordatorio_pago");
  template->wa_language = g_strdup ("es_MX");
  template->wa_params = g_strdupv ((char **) params);
  return template;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CbzStoreMessageTemplate) template = new_whatsapp ("es", "Hola {{nombre}}");
  g_autoptr(CbzStoreMessageTemplate) read = NULL;
  g_autoptr(CbzStoreMessageTemplate) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cbz_store_lookup_message_template (fixture->store, "reminder", CBZ_EVENT_CHANNEL_WHATSAPP, "es",
                                                    &missing, &error));
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (cbz_store_save_message_template (fixture->store, template, &error));
  g_assert_no_error (error);
  g_assert_cmpint (template->updated_at, ==, NOW_US);
  g_assert_cmpuint (fixture->changed, ==, 1);

  g_assert_true (cbz_store_lookup_message_template (fixture->store, "reminder", CBZ_EVENT_CHANNEL_WHATSAPP, "es",
                                                    &read, &error));
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpstr (read->body, ==, "Hola {{nombre}}");
  g_assert_cmpint (read->channel, ==, CBZ_EVENT_CHANNEL_WHATSAPP);
  g_assert_cmpstr (read->wa_template, ==, "recordatorio_pago");
  g_assert_cmpuint (g_strv_length (read->wa_params), ==, 2);
  g_assert_cmpstr (read->wa_params[1], ==, "{{saldo_vencido}}");
  g_assert_null (read->subject);
  g_assert_false (read->sms_plain);
  g_assert_cmpint (read->updated_at, ==, NOW_US);

  /* Saving again replaces the row. */
  g_free (template->body);
  template->body = g_strdup ("Buen día {{nombre}}");
  g_clear_pointer (&template->wa_params, g_strfreev);
  g_assert_true (cbz_store_save_message_template (fixture->store, template, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, cbz_store_message_template_free);
  g_assert_true (cbz_store_lookup_message_template (fixture->store, "reminder", CBZ_EVENT_CHANNEL_WHATSAPP, "es",
                                                    &read, &error));
  g_assert_cmpstr (read->body, ==, "Buen día {{nombre}}");
  g_assert_null (read->wa_params);
}

static void
test_list_and_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzStoreMessageTemplate) english = new_whatsapp ("en", "Hello {{name}}");
  g_autoptr(CbzStoreMessageTemplate) spanish = new_whatsapp ("es", "Hola {{nombre}}");
  g_autoptr(CbzStoreMessageTemplate) sms = cbz_store_message_template_new ("reminder", CBZ_EVENT_CHANNEL_SMS, "es");
  g_autoptr(CbzStoreMessageTemplate) other = cbz_store_message_template_new ("final-notice", CBZ_EVENT_CHANNEL_SMS, "es");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  CbzStoreMessageTemplate *row;

  sms->body = g_strdup ("Saldo {{saldo_vencido}}");
  sms->sms_plain = TRUE;
  other->body = g_strdup ("Último aviso");
  g_assert_true (cbz_store_save_message_template (fixture->store, spanish, &error));
  g_assert_true (cbz_store_save_message_template (fixture->store, sms, &error));
  g_assert_true (cbz_store_save_message_template (fixture->store, english, &error));
  g_assert_true (cbz_store_save_message_template (fixture->store, other, &error));
  g_assert_no_error (error);

  /* By channel then language, only the name asked for. */
  list = cbz_store_list_message_templates (fixture->store, "reminder", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  row = g_ptr_array_index (list, 0);
  g_assert_cmpint (row->channel, ==, CBZ_EVENT_CHANNEL_SMS);
  g_assert_true (row->sms_plain);
  row = g_ptr_array_index (list, 1);
  g_assert_cmpint (row->channel, ==, CBZ_EVENT_CHANNEL_WHATSAPP);
  g_assert_cmpstr (row->language, ==, "en");
  row = g_ptr_array_index (list, 2);
  g_assert_cmpstr (row->language, ==, "es");
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (cbz_store_delete_message_template (fixture->store, "reminder", CBZ_EVENT_CHANNEL_WHATSAPP, "en",
                                                    &error));
  g_assert_no_error (error);
  /* Deleting what is not there is not a failure. */
  g_assert_true (cbz_store_delete_message_template (fixture->store, "reminder", CBZ_EVENT_CHANNEL_EMAIL, "en",
                                                    &error));
  g_assert_no_error (error);
  list = cbz_store_list_message_templates (fixture->store, "reminder", &error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CbzStoreMessageTemplate) letter = cbz_store_message_template_new ("reminder", CBZ_EVENT_CHANNEL_LETTER, "es");
  g_autoptr(CbzStoreMessageTemplate) empty = cbz_store_message_template_new ("reminder", CBZ_EVENT_CHANNEL_EMAIL, "es");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  letter->body = g_strdup ("Estimado cliente");
  g_assert_false (cbz_store_save_message_template (fixture->store, letter, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Letter"));
  g_clear_error (&error);

  empty->body = g_strdup ("");
  g_assert_false (cbz_store_save_message_template (fixture->store, empty, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = cbz_store_list_message_templates (fixture->store, "reminder", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (fixture->changed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add ("/store/templates/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/store/templates/list-and-delete", Fixture, NULL, fixture_set_up, test_list_and_delete,
              fixture_tear_down);
  g_test_add ("/store/templates/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);

  return g_test_run ();
}
