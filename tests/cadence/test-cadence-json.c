/* test-cadence-json.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-cadence-builtin.h"
#include "cbz-cadence-json.h"
#include "cbz-test-util.h"

/* The example of issue 11, as written there. */
static const char *issue_example =
  "{\"name\": \"Estándar\", \"language\": \"es\", \"steps\": [{\"offset_days\": -3, \"channel\": \"sms\","
  " \"template\": \"reminder-before\", \"window\": [\"09:00\", \"10:00\"], \"weekdays\": [\"mon\", \"tue\", \"wed\","
  " \"thu\", \"fri\"], \"min_overdue\": null, \"unless_replied\": false, \"repeat\": null, \"fallback\": [],"
  " \"automatic\": false}, {\"offset_days\": 15, \"channel\": \"letter\", \"letter_level\": 2}, {\"offset_days\":"
  " 45, \"channel\": \"email\", \"template\": \"final\", \"repeat\": {\"every_days\": 7, \"max\": 3}}]}";

static void
test_json_issue_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (issue_example, -1, &warnings, &error);
  CbzCadenceStep *step;

  g_assert_no_error (error);
  g_assert_nonnull (cadence);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpstr (cadence->name, ==, "Estándar");
  g_assert_cmpstr (cadence->language, ==, "es");
  g_assert_cmpuint (cbz_cadence_get_n_steps (cadence), ==, 3);

  step = cbz_cadence_get_step (cadence, 1);
  g_assert_cmpint (step->offset_days, ==, -3);
  g_assert_cmpint (step->channel, ==, CBZ_CADENCE_CHANNEL_SMS);
  g_assert_cmpstr (step->template_name, ==, "reminder-before");
  g_assert_true (step->has_window);
  g_assert_cmpuint (step->window.start, ==, 9 * 60);
  g_assert_cmpuint (step->window.end, ==, 10 * 60);
  g_assert_cmpuint (step->weekdays, ==, CBZ_WEEKDAYS_MON_FRI);
  g_assert_false (step->automatic);
  g_assert_false (cbz_cadence_step_has_min_overdue (step));

  step = cbz_cadence_get_step (cadence, 2);
  g_assert_cmpint (step->channel, ==, CBZ_CADENCE_CHANNEL_LETTER);
  g_assert_cmpint (step->letter_level, ==, 2);
  g_assert_false (step->has_window);
  g_assert_cmpuint (step->weekdays, ==, 0);
  g_assert_null (cbz_cadence_step_get_template (step));

  step = cbz_cadence_get_step (cadence, 3);
  g_assert_cmpstr (cbz_cadence_step_get_template (step), ==, "final");
  g_assert_cmpuint (step->repeat_every_days, ==, 7);
  g_assert_cmpuint (step->repeat_max, ==, 3);
  g_assert_cmpstr (cbz_cadence_get_key (cadence), ==, "Estándar");
}

static char *
round_trip (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (json, -1, NULL, &error);

  g_assert_no_error (error);
  return cbz_cadence_to_json (cadence);
}

static void
test_json_round_trip (void)
{
  g_autofree char *once = round_trip (issue_example);
  g_autofree char *twice = round_trip (once);
  g_autoptr(CbzCadence) a = cbz_cadence_new_from_json (issue_example, -1, NULL, NULL);
  g_autoptr(CbzCadence) b = cbz_cadence_new_from_json (once, -1, NULL, NULL);

  g_assert_cmpstr (once, ==, twice);
  g_assert_true (cbz_cadence_equal (a, b));
  /* The canonical form writes every core key of every step. */
  g_assert_nonnull (strstr (once, "\"letter_level\" : 2"));
  g_assert_nonnull (strstr (once, "\"every_days\" : 7"));
  g_assert_nonnull (strstr (once, "\"unless_replied\" : false"));
}

static void
test_json_builtin_files_are_canonical (void)
{
  const char * const *ids = cbz_cadence_builtin_list_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *languages[] = { "es", "en" };

      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          g_autofree char *path = g_strdup_printf ("/io/github/cobranza/Cobranza/cadences/%s-%s.json",
                                                   ids[i], languages[l]);
          g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
          g_autofree char *text = NULL;
          g_autofree char *again = NULL;

          g_assert_nonnull (bytes);
          text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          again = round_trip (text);
          g_assert_cmpstr (again, ==, text);
        }
    }
}

typedef struct
{
  const char      *json;
  CbzCadenceError  code;
  const char      *words[3];   /* each must be in the message */
} ErrorCase;

static void
test_json_errors (void)
{
  static const ErrorCase cases[] = {
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\"},{\"offset_days\":2,\"channel\":\"fax\"}]}",
      CBZ_CADENCE_ERROR_CHANNEL, { "Step 2", "\"fax\"", "whatsapp-link" } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"window\":[\"9am\",\"10:00\"]}]}",
      CBZ_CADENCE_ERROR_TIME, { "Step 1", "\"9am\"", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"window\":[\"10:00\",\"09:00\"]}]}",
      CBZ_CADENCE_ERROR_TIME, { "Step 1", "ends before it starts", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"window\":[\"25:00\",\"26:00\"]}]}",
      CBZ_CADENCE_ERROR_TIME, { "Step 1", "25:00", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"window\":[\"09:00\"]}]}",
      CBZ_CADENCE_ERROR_TIME, { "Step 1", "two times", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\"},{\"offset_days\":3,\"channel\":\"sms\","
      "\"weekdays\":[\"mon\",\"funday\"]}]}",
      CBZ_CADENCE_ERROR_WEEKDAY, { "Step 2", "\"funday\"", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"weekdays\":[]}]}",
      CBZ_CADENCE_ERROR_WEEKDAY, { "Step 1", "empty", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":400,\"channel\":\"sms\"}]}",
      CBZ_CADENCE_ERROR_OFFSET, { "Step 1", "400", "-60..365" } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\"},{\"offset_days\":-61,\"channel\":\"sms\"}]}",
      CBZ_CADENCE_ERROR_OFFSET, { "Step 2", "-61", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1.5,\"channel\":\"sms\"}]}",
      CBZ_CADENCE_ERROR_OFFSET, { "Step 1", "1.5", "whole number" } },
    { "{\"name\":\"X\",\"steps\":[{\"channel\":\"sms\"}]}",
      CBZ_CADENCE_ERROR_OFFSET, { "Step 1", "offset_days", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1}]}",
      CBZ_CADENCE_ERROR_CHANNEL, { "Step 1", "channel", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"fallback\":[\"sms\"]}]}",
      CBZ_CADENCE_ERROR_CHANNEL, { "Step 1", "own channel", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":1,\"channel\":\"sms\",\"fallback\":[\"email\",\"pigeon\"]}]}",
      CBZ_CADENCE_ERROR_CHANNEL, { "Step 1", "\"pigeon\"", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":9,\"channel\":\"sms\",\"repeat\":{\"every_days\":7,\"max\":3}},"
      "{\"offset_days\":20,\"channel\":\"email\"}]}",
      CBZ_CADENCE_ERROR_VALUE, { "Step 1", "last step", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":9,\"channel\":\"sms\",\"repeat\":{\"every_days\":0,\"max\":3}}]}",
      CBZ_CADENCE_ERROR_VALUE, { "Step 1", "every_days", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":9,\"channel\":\"letter\",\"letter_level\":5}]}",
      CBZ_CADENCE_ERROR_VALUE, { "Step 1", "5", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":9,\"channel\":\"sms\",\"min_overdue\":{\"amount\":10.5,\"currency\":\"MXN\"}}]}",
      CBZ_CADENCE_ERROR_VALUE, { "Step 1", "10.5", NULL } },
    { "{\"name\":\"X\",\"steps\":[{\"offset_days\":9,\"channel\":\"sms\",\"automatic\":\"yes\"}]}",
      CBZ_CADENCE_ERROR_STRUCTURE, { "Step 1", "automatic", "\"yes\"" } },
    { "{\"steps\":[{\"offset_days\":9,\"channel\":\"sms\"}]}",
      CBZ_CADENCE_ERROR_STRUCTURE, { "name", NULL, NULL } },
    { "{\"name\":\"X\",\"steps\":[]}",
      CBZ_CADENCE_ERROR_STRUCTURE, { "steps", NULL, NULL } },
    { "[1, 2]", CBZ_CADENCE_ERROR_STRUCTURE, { "object", NULL, NULL } },
    { "{\"name\": \"X\", ", CBZ_CADENCE_ERROR_SYNTAX, { "JSON", NULL, NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (cases[i].json, -1, NULL, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (cadence);
      g_assert_error (error, CBZ_CADENCE_ERROR, (int) cases[i].code);
      for (guint w = 0; w < G_N_ELEMENTS (cases[i].words) && cases[i].words[w] != NULL; w++)
        {
          if (strstr (error->message, cases[i].words[w]) == NULL)
            g_test_message ("message: %s", error->message);
          g_assert_nonnull (strstr (error->message, cases[i].words[w]));
        }
    }
}

static void
test_json_warnings (void)
{
  const char *json =
    "{\"name\": \"X\", \"author\": \"someone\", \"steps\": ["
    " {\"offset_days\": 20, \"channel\": \"email\", \"colour\": \"red\","
    "  \"repeat\": {\"every_days\": 3, \"max\": 2, \"until\": \"paid\"}},"
    " {\"offset_days\": -2, \"channel\": \"sms\", \"letter_level\": 2}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (json, -1, &warnings, &error);
  gboolean seen_author = FALSE, seen_colour = FALSE, seen_until = FALSE, seen_level = FALSE, seen_order = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (cadence);
  for (guint i = 0; i < warnings->len; i++)
    {
      CbzCadenceWarning *warning = g_ptr_array_index (warnings, i);

      if (g_strcmp0 (warning->key, "author") == 0)
        {
          seen_author = TRUE;
          g_assert_cmpuint (warning->step, ==, 0);
          g_assert_nonnull (strstr (warning->message, "author"));
        }
      else if (g_strcmp0 (warning->key, "colour") == 0)
        {
          seen_colour = TRUE;
          g_assert_cmpuint (warning->step, ==, 1);
          g_assert_nonnull (strstr (warning->message, "Step 1"));
        }
      else if (g_strcmp0 (warning->key, "until") == 0)
        seen_until = TRUE;
      else if (g_strcmp0 (warning->key, "letter_level") == 0)
        {
          seen_level = TRUE;
          g_assert_cmpuint (warning->step, ==, 2);
        }
      else if (g_strcmp0 (warning->key, "steps") == 0)
        seen_order = TRUE;
    }
  g_assert_true (seen_author && seen_colour && seen_until && seen_level && seen_order);
  g_assert_cmpuint (warnings->len, ==, 5);

  /* Put in order: the -2 SMS is now step 1, and the repeating email last. */
  g_assert_cmpint (cbz_cadence_get_step (cadence, 1)->offset_days, ==, -2);
  g_assert_cmpint (cbz_cadence_get_step (cadence, 1)->letter_level, ==, 0);
  g_assert_cmpint (cbz_cadence_get_step (cadence, 2)->offset_days, ==, 20);
}

static void
test_json_min_overdue (void)
{
  const char *json =
    "{\"name\": \"X\", \"steps\": [{\"offset_days\": 5, \"channel\": \"sms\","
    " \"min_overdue\": [{\"amount\": \"1.500,50\", \"currency\": \"MXN\"}, {\"amount\": 20000, \"currency\": \"CLP\"}]},"
    " {\"offset_days\": 6, \"channel\": \"sms\", \"min_overdue\": {\"amount\": 300, \"currency\": \"usd\"}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCadence) cadence = cbz_cadence_new_from_json (json, -1, NULL, &error);
  g_autofree char *out = NULL;
  CbzMoney money;

  g_assert_no_error (error);
  g_assert_true (cbz_cadence_step_get_min_overdue (cbz_cadence_get_step (cadence, 1), "MXN", &money));
  g_assert_cmpint (money.minor, ==, 150050);
  g_assert_true (cbz_cadence_step_get_min_overdue (cbz_cadence_get_step (cadence, 1), "CLP", &money));
  g_assert_cmpint (money.minor, ==, 20000);
  g_assert_false (cbz_cadence_step_get_min_overdue (cbz_cadence_get_step (cadence, 1), "USD", NULL));
  g_assert_true (cbz_cadence_step_get_min_overdue (cbz_cadence_get_step (cadence, 2), "USD", &money));
  g_assert_cmpint (money.minor, ==, 30000);

  out = cbz_cadence_to_json (cadence);
  g_assert_nonnull (strstr (out, "\"1500.50\""));
  g_assert_nonnull (strstr (out, "\"20000\""));
  g_assert_nonnull (strstr (out, "\"300.00\""));
}

static void
test_model_move_step (void)
{
  g_autoptr(CbzCadence) cadence = cbz_cadence_new ("Test");
  g_autoptr(CbzCadence) copy = NULL;
  g_autoptr(GError) error = NULL;
  guint number;

  g_assert_cmpuint (cbz_cadence_add_step (cadence, cbz_cadence_step_new (7, CBZ_CADENCE_CHANNEL_EMAIL)), ==, 1);
  g_assert_cmpuint (cbz_cadence_add_step (cadence, cbz_cadence_step_new (-3, CBZ_CADENCE_CHANNEL_SMS)), ==, 1);
  g_assert_cmpuint (cbz_cadence_add_step (cadence, cbz_cadence_step_new (30, CBZ_CADENCE_CHANNEL_CALL)), ==, 3);
  g_assert_true (cbz_cadence_validate (cadence, &error));
  g_assert_no_error (error);

  copy = cbz_cadence_copy (cadence);
  g_assert_true (cbz_cadence_equal (cadence, copy));

  /* Dragging the SMS past the email renumbers them. */
  number = cbz_cadence_move_step (cadence, 1, 10);
  g_assert_cmpuint (number, ==, 2);
  g_assert_cmpint (cbz_cadence_get_step (cadence, 1)->channel, ==, CBZ_CADENCE_CHANNEL_EMAIL);
  g_assert_cmpint (cbz_cadence_get_step (cadence, 2)->offset_days, ==, 10);
  g_assert_false (cbz_cadence_equal (cadence, copy));

  /* Changed directly, then sorted. */
  cbz_cadence_get_step (cadence, 3)->offset_days = -10;
  g_assert_false (cbz_cadence_validate (cadence, &error));
  g_assert_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET);
  g_clear_error (&error);
  g_assert_true (cbz_cadence_sort_steps (cadence));
  g_assert_cmpint (cbz_cadence_get_step (cadence, 1)->channel, ==, CBZ_CADENCE_CHANNEL_CALL);
  g_assert_true (cbz_cadence_validate (cadence, NULL));
}

static void
test_builtin_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCadence) standard = cbz_cadence_builtin_load ("standard", "es_MX", &error);
  g_autoptr(CbzCadence) standard_en = NULL;
  g_autoptr(CbzCadence) missing = NULL;
  static const struct { int offset; CbzCadenceChannel channel; } expected[] = {
    { -3, CBZ_CADENCE_CHANNEL_SMS }, { 0, CBZ_CADENCE_CHANNEL_WHATSAPP }, { 7, CBZ_CADENCE_CHANNEL_EMAIL },
    { 15, CBZ_CADENCE_CHANNEL_LETTER }, { 30, CBZ_CADENCE_CHANNEL_CALL },
  };
  const char * const *ids = cbz_cadence_builtin_list_ids ();

  g_assert_no_error (error);
  g_assert_cmpstr (standard->name, ==, "Estándar");
  g_assert_cmpstr (standard->id, ==, "standard");
  g_assert_cmpuint (cbz_cadence_get_n_steps (standard), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CbzCadenceStep *step = cbz_cadence_get_step (standard, i + 1);

      g_assert_cmpint (step->offset_days, ==, expected[i].offset);
      g_assert_cmpint (step->channel, ==, expected[i].channel);
      g_assert_false (step->automatic);
    }
  g_assert_cmpint (cbz_cadence_get_step (standard, 4)->letter_level, ==, 2);

  standard_en = cbz_cadence_builtin_load ("standard", "en_US", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (standard_en->name, ==, "Standard");
  g_assert_cmpstr (cbz_cadence_get_key (standard_en), ==, cbz_cadence_get_key (standard));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(CbzCadence) es = cbz_cadence_builtin_load (ids[i], "es", &error);
      g_autoptr(CbzCadence) en = cbz_cadence_builtin_load (ids[i], "en", &error);

      g_assert_no_error (error);
      g_assert_cmpuint (cbz_cadence_get_n_steps (es), ==, cbz_cadence_get_n_steps (en));
      g_assert_true (cbz_cadence_validate (es, NULL));
      g_assert_nonnull (cbz_cadence_builtin_get_name (ids[i]));
    }
  g_assert_cmpstr (cbz_cadence_builtin_get_name ("gentle"), ==, "Gentle reminders");

  missing = cbz_cadence_builtin_load ("harsh", "es", &error);
  g_assert_null (missing);
  g_assert_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "harsh"));
}

static void
test_json_documented_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "cadence-format.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(CbzCadence) cadence = NULL;
  const char *start, *end;

  /* The first JSON block of docs/cadence-format.md imports cleanly. */
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  start = strstr (text, "```json\n");
  g_assert_nonnull (start);
  start += strlen ("```json\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  json = g_strndup (start, end - start);

  cadence = cbz_cadence_new_from_json (json, -1, &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (cbz_cadence_get_n_steps (cadence), ==, 6);
  g_assert_cmpuint (cbz_cadence_get_step (cadence, 6)->repeat_max, ==, 3);
  g_assert_true (cbz_cadence_step_has_min_overdue (cbz_cadence_get_step (cadence, 6)));
}

static void
test_day_time (void)
{
  guint16 minutes = 0;
  char buffer[6];
  g_autofree char *days = cbz_weekdays_format (CBZ_WEEKDAY_BIT (1) | CBZ_WEEKDAY_BIT (5));
  g_autofree char *all = cbz_weekdays_format (CBZ_WEEKDAYS_ALL);
  int weekday = 0;

  g_assert_true (cbz_time_of_day_parse ("07:05", FALSE, &minutes));
  g_assert_cmpuint (minutes, ==, 425);
  g_assert_false (cbz_time_of_day_parse ("24:00", FALSE, &minutes));
  g_assert_true (cbz_time_of_day_parse ("24:00", TRUE, &minutes));
  g_assert_cmpuint (minutes, ==, 1440);
  g_assert_false (cbz_time_of_day_parse ("7:05", FALSE, &minutes));
  g_assert_false (cbz_time_of_day_parse ("07:60", FALSE, &minutes));
  g_assert_cmpstr (cbz_time_of_day_format (425, buffer), ==, "07:05");
  g_assert_cmpstr (days, ==, "Mon, Fri");
  g_assert_cmpstr (all, ==, "every day");
  g_assert_true (cbz_weekday_from_string ("Sunday", &weekday));
  g_assert_cmpint (weekday, ==, 7);
  g_assert_false (cbz_weekday_from_string ("dom", &weekday));
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/json/issue-example", test_json_issue_example);
  g_test_add_func ("/cadence/json/round-trip", test_json_round_trip);
  g_test_add_func ("/cadence/json/builtin-files-are-canonical", test_json_builtin_files_are_canonical);
  g_test_add_func ("/cadence/json/errors", test_json_errors);
  g_test_add_func ("/cadence/json/warnings", test_json_warnings);
  g_test_add_func ("/cadence/json/min-overdue", test_json_min_overdue);
  g_test_add_func ("/cadence/json/documented-example", test_json_documented_example);
  g_test_add_func ("/cadence/model/move-step", test_model_move_step);
  g_test_add_func ("/cadence/model/day-time", test_day_time);
  g_test_add_func ("/cadence/builtin/load", test_builtin_load);

  return g_test_run ();
}
