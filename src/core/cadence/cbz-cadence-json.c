/* cbz-cadence-json.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-cadence-json.h"

G_DEFINE_BOXED_TYPE (CbzCadenceWarning, cbz_cadence_warning, cbz_cadence_warning_copy, cbz_cadence_warning_free)

static const char * const cadence_keys[] = { "id", "name", "language", "description", "steps", NULL };
static const char * const step_keys[] = {
  "offset_days", "channel", "template", "letter_level", "window", "weekdays", "min_overdue",
  "unless_replied", "repeat", "fallback", "automatic", NULL
};
static const char * const repeat_keys[] = { "every_days", "max", NULL };
static const char * const amount_keys[] = { "amount", "currency", NULL };

CbzCadenceWarning *
cbz_cadence_warning_copy (const CbzCadenceWarning *warning)
{
  CbzCadenceWarning *copy = g_new0 (CbzCadenceWarning, 1);

  copy->step = warning->step;
  copy->key = g_strdup (warning->key);
  copy->message = g_strdup (warning->message);
  return copy;
}

void
cbz_cadence_warning_free (CbzCadenceWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->key);
  g_free (warning->message);
  g_free (warning);
}

static void
add_warning (GPtrArray  *warnings,
             guint       step,
             const char *key,
             char       *message)
{
  CbzCadenceWarning *warning = g_new0 (CbzCadenceWarning, 1);

  warning->step = step;
  warning->key = g_strdup (key);
  warning->message = message;
  g_ptr_array_add (warnings, warning);
}

static void
warn_unknown_keys (JsonObject         *object,
                   const char * const *known,
                   guint               step,
                   const char         *parent,
                   GPtrArray          *warnings)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (g_strv_contains (known, key))
        continue;
      if (step == 0)
        add_warning (warnings, 0, key, g_strdup_printf (_("Unknown key “%s” was ignored"), key));
      else if (parent == NULL)
        add_warning (warnings, step, key,
                     g_strdup_printf (_("Step %u: unknown key “%s” was ignored"), step, key));
      else
        add_warning (warnings, step, key,
                     g_strdup_printf (_("Step %u: unknown key “%s” in “%s” was ignored"), step, key, parent));
    }
}

/* TRUE when the member is absent or null. */
static gboolean
member_is_null (JsonObject *object,
                const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* A short rendering of any node for error messages. */
static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *key,
                      guint        step,
                      char       **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_string (node))
    {
      g_autofree char *text = node_to_text (node);

      if (step == 0)
        g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                     _("“%s” must be text, not %s"), key, text);
      else
        g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                     _("Step %u: “%s” must be text, not %s"), step, key, text);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *key,
              guint        step,
              gboolean    *out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_boolean (node))
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                   _("Step %u: “%s” must be true or false, not %s"), step, key, text);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_channel (JsonNode           *node,
              guint               step,
              CbzCadenceChannel  *channel,
              GError            **error)
{
  if (!node_is_string (node) || !cbz_cadence_channel_from_string (json_node_get_string (node), channel))
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                   _("Step %u: unknown channel %s (expected one of %s)"),
                   step, text, cbz_cadence_channel_list_names ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_window (JsonNode        *node,
             guint            step,
             CbzCadenceStep  *out,
             GError         **error)
{
  JsonArray *array;
  guint16 times[2];

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 2)
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_TIME,
                   _("Step %u: the window %s must be two times, like [\"09:00\", \"10:00\"]"), step, text);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element) ||
          !cbz_time_of_day_parse (json_node_get_string (element), i == 1, &times[i]))
        {
          g_autofree char *text = node_to_text (element);

          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_TIME,
                       _("Step %u: the window time %s is not a time like “09:00”"), step, text);
          return FALSE;
        }
    }
  if (times[0] >= times[1])
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_TIME,
                   _("Step %u: the window %s ends before it starts"), step, text);
      return FALSE;
    }
  out->has_window = TRUE;
  out->window = cbz_time_window_init (times[0], times[1]);
  return TRUE;
}

static gboolean
read_weekdays (JsonNode        *node,
               guint            step,
               CbzCadenceStep  *out,
               GError         **error)
{
  JsonArray *array;
  CbzWeekdays days = 0;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_WEEKDAY,
                   _("Step %u: the weekdays %s must be a list, like [\"mon\", \"tue\"]"), step, text);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      int weekday;

      if (!node_is_string (element) || !cbz_weekday_from_string (json_node_get_string (element), &weekday))
        {
          g_autofree char *text = node_to_text (element);

          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_WEEKDAY,
                       _("Step %u: unknown weekday %s (expected mon, tue, wed, thu, fri, sat or sun)"),
                       step, text);
          return FALSE;
        }
      days |= CBZ_WEEKDAY_BIT (weekday);
    }
  if (days == 0)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_WEEKDAY,
                   _("Step %u: the list of weekdays is empty (leave it out for every day the law allows)"), step);
      return FALSE;
    }
  out->weekdays = days;
  return TRUE;
}

static gboolean
read_amount (JsonNode        *node,
             guint            step,
             CbzCadenceStep  *out,
             GPtrArray       *warnings,
             GError         **error)
{
  JsonObject *object;
  JsonNode *amount, *currency;
  g_autoptr(GError) local_error = NULL;
  CbzMoney money;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  object = json_node_get_object (node);
  warn_unknown_keys (object, amount_keys, step, "min_overdue", warnings);
  amount = json_object_get_member (object, "amount");
  currency = json_object_get_member (object, "currency");
  if (amount == NULL || currency == NULL || !node_is_string (currency) ||
      !cbz_currency_is_known (json_node_get_string (currency)))
    goto bad;

  if (node_is_integer (amount))
    {
      gint64 factor = 1;

      for (int i = 0; i < cbz_currency_get_digits (json_node_get_string (currency)); i++)
        factor *= 10;
      if (json_node_get_int (amount) < 0 || json_node_get_int (amount) > G_MAXINT64 / factor)
        goto bad;
      money = cbz_money_init (json_node_get_int (amount) * factor, json_node_get_string (currency));
    }
  else if (node_is_string (amount))
    {
      if (!cbz_money_parse (json_node_get_string (amount), json_node_get_string (currency), &money, &local_error) ||
          g_ascii_strcasecmp (money.currency, json_node_get_string (currency)) != 0 ||
          money.minor < 0)
        goto bad;
    }
  else
    goto bad;

  cbz_cadence_step_set_min_overdue (out, money);
  return TRUE;

bad:
  {
    g_autofree char *text = node_to_text (node);

    g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                 _("Step %u: the minimum overdue balance %s must be like {\"amount\": \"500.00\", \"currency\": \"MXN\"}"),
                 step, text);
    return FALSE;
  }
}

static gboolean
read_min_overdue (JsonNode        *node,
                  guint            step,
                  CbzCadenceStep  *out,
                  GPtrArray       *warnings,
                  GError         **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_amount (json_array_get_element (array, i), step, out, warnings, error))
          return FALSE;
      return TRUE;
    }
  return read_amount (node, step, out, warnings, error);
}

static gboolean
read_repeat (JsonNode        *node,
             guint            step,
             CbzCadenceStep  *out,
             GPtrArray       *warnings,
             GError         **error)
{
  JsonObject *object;
  JsonNode *every, *max;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      warn_unknown_keys (object, repeat_keys, step, "repeat", warnings);
      every = json_object_get_member (object, "every_days");
      max = json_object_get_member (object, "max");
      if (every != NULL && max != NULL && node_is_integer (every) && node_is_integer (max) &&
          json_node_get_int (every) >= 1 && json_node_get_int (every) <= CBZ_CADENCE_MAX_REPEAT_EVERY &&
          json_node_get_int (max) >= 1 && json_node_get_int (max) <= CBZ_CADENCE_MAX_REPEATS)
        {
          out->repeat_every_days = (guint) json_node_get_int (every);
          out->repeat_max = (guint) json_node_get_int (max);
          return TRUE;
        }
    }

  {
    g_autofree char *text = node_to_text (node);

    g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                 _("Step %u: the repeat %s must be like {\"every_days\": 7, \"max\": 3} (every 1..%u days, 1..%u times)"),
                 step, text, CBZ_CADENCE_MAX_REPEAT_EVERY, CBZ_CADENCE_MAX_REPEATS);
    return FALSE;
  }
}

static gboolean
read_fallback (JsonNode        *node,
               guint            step,
               CbzCadenceStep  *out,
               GError         **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                   _("Step %u: the fallback %s must be a list of channels"), step, text);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      CbzCadenceChannel channel;

      if (!read_channel (json_array_get_element (array, i), step, &channel, error))
        return FALSE;
      if (!cbz_cadence_step_add_fallback (out, channel))
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                       channel == out->channel
                         ? _("Step %u: the fallback “%s” is the step’s own channel")
                         : _("Step %u: the fallback “%s” is listed twice"),
                       step, cbz_cadence_channel_to_string (channel));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_offset (JsonObject  *object,
             guint        step,
             int         *offset,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "offset_days");
  gint64 value;

  if (node == NULL)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET,
                   _("Step %u has no “offset_days”"), step);
      return FALSE;
    }
  if (!node_is_integer (node))
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET,
                   _("Step %u: the offset %s is not a whole number of days"), step, text);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < CBZ_CADENCE_MIN_OFFSET || value > CBZ_CADENCE_MAX_OFFSET)
    {
      g_autofree char *text = node_to_text (node);

      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_OFFSET,
                   _("Step %u: the offset %s is outside %d..%d days from the due date"),
                   step, text, CBZ_CADENCE_MIN_OFFSET, CBZ_CADENCE_MAX_OFFSET);
      return FALSE;
    }
  *offset = (int) value;
  return TRUE;
}

static CbzCadenceStep *
read_step (JsonNode   *node,
           guint       number,
           GPtrArray  *warnings,
           GError    **error)
{
  g_autoptr(CbzCadenceStep) step = NULL;
  JsonObject *object;
  JsonNode *member;
  CbzCadenceChannel channel;
  int offset;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                   _("Step %u is not an object with “offset_days” and “channel”"), number);
      return NULL;
    }
  object = json_node_get_object (node);
  warn_unknown_keys (object, step_keys, number, NULL, warnings);

  if (!read_offset (object, number, &offset, error))
    return NULL;
  member = json_object_get_member (object, "channel");
  if (member == NULL)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_CHANNEL,
                   _("Step %u has no “channel” (expected one of %s)"), number, cbz_cadence_channel_list_names ());
      return NULL;
    }
  if (!read_channel (member, number, &channel, error))
    return NULL;

  step = cbz_cadence_step_new (offset, channel);

  if (!read_optional_string (object, "template", number, &step->template_name, error))
    return NULL;
  if (step->template_name != NULL && channel == CBZ_CADENCE_CHANNEL_LETTER)
    {
      add_warning (warnings, number, "template",
                   g_strdup_printf (_("Step %u: a letter takes a letter level; the template “%s” was ignored"),
                                    number, step->template_name));
      g_clear_pointer (&step->template_name, g_free);
    }

  member = json_object_get_member (object, "letter_level");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (channel != CBZ_CADENCE_CHANNEL_LETTER)
        add_warning (warnings, number, "letter_level",
                     g_strdup_printf (_("Step %u: only letters have a letter level; it was ignored"), number));
      else if (!node_is_integer (member) || json_node_get_int (member) < 1 ||
               json_node_get_int (member) > CBZ_CADENCE_MAX_LETTER_LEVEL)
        {
          g_autofree char *text = node_to_text (member);

          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: the letter level %s is not 1, 2 or 3"), number, text);
          return NULL;
        }
      else
        step->letter_level = (int) json_node_get_int (member);
    }

  if (!member_is_null (object, "window") &&
      !read_window (json_object_get_member (object, "window"), number, step, error))
    return NULL;
  if (!member_is_null (object, "weekdays") &&
      !read_weekdays (json_object_get_member (object, "weekdays"), number, step, error))
    return NULL;
  if (!member_is_null (object, "min_overdue") &&
      !read_min_overdue (json_object_get_member (object, "min_overdue"), number, step, warnings, error))
    return NULL;
  if (!read_boolean (object, "unless_replied", number, &step->unless_replied, error))
    return NULL;
  if (!member_is_null (object, "repeat") &&
      !read_repeat (json_object_get_member (object, "repeat"), number, step, warnings, error))
    return NULL;
  if (!member_is_null (object, "fallback") &&
      !read_fallback (json_object_get_member (object, "fallback"), number, step, error))
    return NULL;
  if (!read_boolean (object, "automatic", number, &step->automatic, error))
    return NULL;

  if (!cbz_cadence_step_validate (step, number, error))
    return NULL;
  return g_steal_pointer (&step);
}

CbzCadence *
cbz_cadence_new_from_json_node (JsonNode   *node,
                                GPtrArray **out_warnings,
                                GError    **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_cadence_warning_free);
  g_autoptr(CbzCadence) cadence = NULL;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonObject *object;
  JsonNode *steps_node;
  JsonArray *steps;
  gboolean in_order = TRUE;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                           _("A cadence is a JSON object with “name” and “steps”"));
      return NULL;
    }
  object = json_node_get_object (node);
  warn_unknown_keys (object, cadence_keys, 0, NULL, warnings);

  cadence = cbz_cadence_new (NULL);
  if (!read_optional_string (object, "name", 0, &cadence->name, error) ||
      !read_optional_string (object, "id", 0, &cadence->id, error) ||
      !read_optional_string (object, "language", 0, &cadence->language, error) ||
      !read_optional_string (object, "description", 0, &cadence->description, error))
    return NULL;
  if (cadence->name == NULL || g_strstrip (cadence->name)[0] == '\0')
    {
      g_set_error_literal (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                           _("The cadence has no “name”"));
      return NULL;
    }

  steps_node = json_object_get_member (object, "steps");
  if (steps_node == NULL || !JSON_NODE_HOLDS_ARRAY (steps_node) ||
      json_array_get_length (steps = json_node_get_array (steps_node)) == 0)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_STRUCTURE,
                   _("The cadence “%s” has no “steps” (a list of at least one step)"), cadence->name);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      CbzCadenceStep *step = read_step (json_array_get_element (steps, i), i + 1, warnings, error);
      guint number, position = i + 1;

      if (step == NULL)
        return NULL;
      if (i > 0 && step->offset_days < ((CbzCadenceStep *) g_ptr_array_index (cadence->steps, cadence->steps->len - 1))->offset_days)
        in_order = FALSE;
      number = cbz_cadence_add_step (cadence, step);
      g_array_insert_val (positions, number - 1, position);
    }

  /* Only the last step (in offset order) may repeat; name it as the file does. */
  for (guint i = 0; i + 1 < cadence->steps->len; i++)
    {
      CbzCadenceStep *step = g_ptr_array_index (cadence->steps, i);

      if (step->repeat_every_days > 0)
        {
          g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_VALUE,
                       _("Step %u: only the last step (the one with the highest offset) may repeat"),
                       g_array_index (positions, guint, i));
          return NULL;
        }
    }
  if (!in_order)
    add_warning (warnings, 0, "steps",
                 g_strdup (_("The steps were put in order of their offset")));

  if (!cbz_cadence_validate (cadence, error))
    return NULL;

  if (out_warnings != NULL)
    *out_warnings = g_steal_pointer (&warnings);
  return g_steal_pointer (&cadence);
}

CbzCadence *
cbz_cadence_new_from_json (const char  *json,
                           gssize       length,
                           GPtrArray  **warnings,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_SYNTAX,
                   _("The cadence is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return cbz_cadence_new_from_json_node (json_parser_get_root (parser), warnings, error);
}
