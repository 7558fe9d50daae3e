/* cbz-cadence-json-export.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing the cadence format: the canonical form, stable across round trips.
 */

#include "config.h"

#include "cbz-cadence-json.h"

/* "500.00" for 50000 MXN: the amount as text, never through a double. */
static char *
format_amount (CbzMoney money)
{
  int digits = cbz_currency_get_digits (money.currency);
  guint64 magnitude = money.minor < 0 ? (guint64) -(money.minor + 1) + 1 : (guint64) money.minor;
  guint64 divisor = 1;

  for (int i = 0; i < digits; i++)
    divisor *= 10;
  if (digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, money.minor < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          money.minor < 0 ? "-" : "", magnitude / divisor, digits, magnitude % divisor);
}

static void
add_amount (JsonBuilder *builder,
            CbzMoney     money)
{
  g_autofree char *amount = format_amount (money);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, money.currency);
  json_builder_end_object (builder);
}

static void
add_step (JsonBuilder          *builder,
          const CbzCadenceStep *step)
{
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "offset_days");
  json_builder_add_int_value (builder, step->offset_days);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, cbz_cadence_channel_to_string (step->channel));

  if (step->channel == CBZ_CADENCE_CHANNEL_LETTER)
    {
      json_builder_set_member_name (builder, "letter_level");
      json_builder_add_int_value (builder, step->letter_level);
    }
  else if (cbz_cadence_channel_uses_template (step->channel) || step->template_name != NULL)
    {
      json_builder_set_member_name (builder, "template");
      if (step->template_name != NULL)
        json_builder_add_string_value (builder, step->template_name);
      else
        json_builder_add_null_value (builder);
    }

  if (step->has_window)
    {
      char buffer[6];

      json_builder_set_member_name (builder, "window");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, cbz_time_of_day_format (step->window.start, buffer));
      json_builder_add_string_value (builder, cbz_time_of_day_format (step->window.end, buffer));
      json_builder_end_array (builder);
    }
  if (step->weekdays != 0)
    {
      json_builder_set_member_name (builder, "weekdays");
      json_builder_begin_array (builder);
      for (int wd = 1; wd <= 7; wd++)
        if (step->weekdays & CBZ_WEEKDAY_BIT (wd))
          json_builder_add_string_value (builder, cbz_weekday_to_string (wd));
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "min_overdue");
  if (!cbz_cadence_step_has_min_overdue (step))
    json_builder_add_null_value (builder);
  else if (step->min_overdue->len == 1)
    add_amount (builder, g_array_index (step->min_overdue, CbzMoney, 0));
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < step->min_overdue->len; i++)
        add_amount (builder, g_array_index (step->min_overdue, CbzMoney, i));
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "unless_replied");
  json_builder_add_boolean_value (builder, step->unless_replied);

  json_builder_set_member_name (builder, "repeat");
  if (step->repeat_every_days == 0)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "every_days");
      json_builder_add_int_value (builder, step->repeat_every_days);
      json_builder_set_member_name (builder, "max");
      json_builder_add_int_value (builder, step->repeat_max);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "fallback");
  json_builder_begin_array (builder);
  for (guint i = 0; i < step->n_fallback; i++)
    json_builder_add_string_value (builder, cbz_cadence_channel_to_string (step->fallback[i]));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "automatic");
  json_builder_add_boolean_value (builder, step->automatic);

  json_builder_end_object (builder);
}

JsonNode *
cbz_cadence_to_json_node (const CbzCadence *cadence)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (cadence != NULL, NULL);

  json_builder_begin_object (builder);
  if (cadence->id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, cadence->id);
    }
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, cadence->name != NULL ? cadence->name : "");
  if (cadence->language != NULL)
    {
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, cadence->language);
    }
  if (cadence->description != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, cadence->description);
    }
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cadence->steps->len; i++)
    add_step (builder, g_ptr_array_index (cadence->steps, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cbz_cadence_to_json (const CbzCadence *cadence)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  g_autofree char *body = NULL;

  g_return_val_if_fail (cadence != NULL, NULL);

  root = cbz_cadence_to_json_node (cadence);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  body = json_generator_to_data (generator, NULL);
  text = g_strconcat (body, "\n", NULL);
  return text;
}
