/* cbz-plan-action.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-plan-action-private.h"
#include "cbz-zone-time.h"

typedef struct
{
  CbzPlanAction   action;
  gatomicrefcount ref_count;
} CbzPlanActionPrivate;

G_DEFINE_BOXED_TYPE (CbzPlanAction, cbz_plan_action, cbz_plan_action_ref, cbz_plan_action_unref)

static const struct
{
  const char *nick;
  const char *label;
} statuses[] = {
  [CBZ_PLAN_STATUS_DUE] = { "due", NC_("plan status", "Due") },
  [CBZ_PLAN_STATUS_DEFERRED] = { "deferred", NC_("plan status", "Deferred") },
  [CBZ_PLAN_STATUS_SKIPPED] = { "skipped", NC_("plan status", "Skipped") },
  [CBZ_PLAN_STATUS_HELD] = { "held", NC_("plan status", "Held") },
};

static const char * const reasons[] = {
  [CBZ_PLAN_REASON_NONE] = NULL,
  [CBZ_PLAN_REASON_OUTSIDE_HOURS] = "outside-hours",
  [CBZ_PLAN_REASON_OUTSIDE_WINDOW] = "outside-window",
  [CBZ_PLAN_REASON_DAY_NOT_ALLOWED] = "day-not-allowed",
  [CBZ_PLAN_REASON_STEP_WEEKDAY] = "step-weekday",
  [CBZ_PLAN_REASON_HOLIDAY] = "holiday",
  [CBZ_PLAN_REASON_CLOSED_DAY] = "closed-day",
  [CBZ_PLAN_REASON_ONE_PER_DAY] = "one-per-day",
  [CBZ_PLAN_REASON_LATER_TODAY] = "later-today",
  [CBZ_PLAN_REASON_FREQUENCY_CAP] = "frequency-cap",
  [CBZ_PLAN_REASON_PROMISE_OPEN] = "promise-open",
  [CBZ_PLAN_REASON_AGREEMENT_ON_TRACK] = "agreement-on-track",
  [CBZ_PLAN_REASON_WAITING_APPROVAL] = "waiting-approval",
  [CBZ_PLAN_REASON_NO_LAWFUL_MOMENT] = "no-lawful-moment",
  [CBZ_PLAN_REASON_SUPERSEDED] = "superseded",
  [CBZ_PLAN_REASON_COMBINED] = "combined",
  [CBZ_PLAN_REASON_PAID] = "paid",
  [CBZ_PLAN_REASON_DISPUTED] = "disputed",
  [CBZ_PLAN_REASON_BELOW_MINIMUM] = "below-minimum",
  [CBZ_PLAN_REASON_REPLIED] = "replied",
  [CBZ_PLAN_REASON_PAID_SINCE] = "paid-since",
  [CBZ_PLAN_REASON_OPTED_OUT] = "opted-out",
  [CBZ_PLAN_REASON_NO_CONTACT_DETAILS] = "no-contact-details",
};

CbzPlanAction *
cbz_plan_action_new (void)
{
  CbzPlanActionPrivate *priv = g_new0 (CbzPlanActionPrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->action.invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return &priv->action;
}

CbzPlanAction *
cbz_plan_action_ref (CbzPlanAction *action)
{
  CbzPlanActionPrivate *priv = (CbzPlanActionPrivate *) action;

  g_return_val_if_fail (action != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return action;
}

void
cbz_plan_action_unref (CbzPlanAction *action)
{
  CbzPlanActionPrivate *priv = (CbzPlanActionPrivate *) action;

  g_return_if_fail (action != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (action->tax_id);
  g_free (action->episode);
  g_array_unref (action->invoice_ids);
  g_free (action->reason_detail);
  g_free (action->reason_text);
  g_free (action->key);
  g_free (priv);
}

CbzPlanAction *
cbz_plan_action_copy (const CbzPlanAction *action)
{
  CbzPlanAction *copy;
  GArray *ids;

  g_return_val_if_fail (action != NULL, NULL);

  copy = cbz_plan_action_new ();
  ids = copy->invoice_ids;
  *copy = *action;
  copy->invoice_ids = ids;
  g_array_append_vals (ids, action->invoice_ids->data, action->invoice_ids->len);
  copy->tax_id = g_strdup (action->tax_id);
  copy->episode = g_strdup (action->episode);
  copy->reason_detail = g_strdup (action->reason_detail);
  copy->reason_text = g_strdup (action->reason_text);
  copy->key = g_strdup (action->key);
  return copy;
}

const char *
cbz_plan_status_to_string (CbzPlanStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);

  return statuses[status].nick;
}

gboolean
cbz_plan_status_from_string (const char    *text,
                             CbzPlanStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (text, statuses[i].nick))
      {
        *status = (CbzPlanStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cbz_plan_status_get_label (CbzPlanStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "plan status", statuses[status].label);
}

const char *
cbz_plan_reason_to_string (CbzPlanReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reasons), NULL);

  return reasons[reason];
}

gboolean
cbz_plan_reason_from_string (const char    *text,
                             CbzPlanReason *reason)
{
  g_return_val_if_fail (reason != NULL, FALSE);

  for (guint i = 1; text != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (text, reasons[i]))
      {
        *reason = (CbzPlanReason) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cbz_plan_note_to_string (CbzPlanNote note)
{
  switch (note)
    {
    case CBZ_PLAN_NOTE_NONE:
      return NULL;
    case CBZ_PLAN_NOTE_RESUMED_PROMISE_BROKEN:
      return "resumed-promise-broken";
    case CBZ_PLAN_NOTE_RESUMED_INSTALMENT_MISSED:
      return "resumed-instalment-missed";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Decimal digits without printf: keys are made for every action planned.
 * Returns the end of what was written. */
static char *
put_number (char    *out,
            guint64  value)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    *out++ = digits[--n];
  return out;
}

char *
cbz_plan_make_key (gint64      customer_id,
                   const char *cadence_id,
                   guint       step,
                   const char *episode,
                   guint       repeat)
{
  gsize cadence_length, episode_length;
  char *key, *p;

  g_return_val_if_fail (cadence_id != NULL && episode != NULL, NULL);

  cadence_length = strlen (cadence_id);
  episode_length = strlen (episode);
  /* Numbers of up to 20 digits and a sign, each ':' and '%' three bytes. */
  key = p = g_malloc (21 + 1 + cadence_length * 3 + 1 + 10 + 1 + episode_length + 1 + 10 + 1);
  if (customer_id < 0)
    *p++ = '-';
  p = put_number (p, customer_id < 0 ? (guint64) -(customer_id + 1) + 1 : (guint64) customer_id);
  *p++ = ':';
  for (const char *c = cadence_id; *c != '\0'; c++)
    {
      if (*c == ':' || *c == '%')
        {
          memcpy (p, *c == ':' ? "%3A" : "%25", 3);
          p += 3;
        }
      else
        *p++ = *c;
    }
  *p++ = ':';
  p = put_number (p, step);
  *p++ = ':';
  memcpy (p, episode, episode_length);
  p += episode_length;
  *p++ = ':';
  p = put_number (p, repeat);
  *p = '\0';
  return key;
}

char *
cbz_plan_action_format_at (const CbzPlanAction *action)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  if (action->zone != NULL)
    zone = g_time_zone_new_identifier (action->zone);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  return cbz_zone_time_format_iso (zone, action->at);
}

/* A date from the ISO text of @detail, formatted for a person. */
static char *
format_detail_date (const char *detail)
{
  CbzDate date;

  if (detail != NULL && cbz_date_from_iso (detail, &date))
    return cbz_date_format_long (date, NULL);
  return g_strdup (detail != NULL ? detail : "");
}

static char *
default_text (const CbzPlanAction *action,
              CbzPlanReason        reason,
              const char          *detail)
{
  switch (reason)
    {
    case CBZ_PLAN_REASON_NONE:
      return NULL;
    case CBZ_PLAN_REASON_OUTSIDE_HOURS:
      return g_strdup (_("Outside contact hours"));
    case CBZ_PLAN_REASON_OUTSIDE_WINDOW:
      return g_strdup (_("Outside the step’s send window"));
    case CBZ_PLAN_REASON_DAY_NOT_ALLOWED:
      return g_strdup (_("Not a day contact is allowed"));
    case CBZ_PLAN_REASON_STEP_WEEKDAY:
      return g_strdup (_("Not a weekday the step goes out on"));
    case CBZ_PLAN_REASON_HOLIDAY:
      return g_strdup (_("A public holiday"));
    case CBZ_PLAN_REASON_CLOSED_DAY:
      return g_strdup (_("A day the business makes no contact"));
    case CBZ_PLAN_REASON_ONE_PER_DAY:
      return g_strdup (_("One message per customer and day: another step already went out today"));
    case CBZ_PLAN_REASON_LATER_TODAY:
      return g_strdup_printf (_("Scheduled for %s today"), detail != NULL ? detail : "");
    case CBZ_PLAN_REASON_FREQUENCY_CAP:
      return g_strdup (_("A frequency cap is reached"));
    case CBZ_PLAN_REASON_PROMISE_OPEN:
      {
        g_autofree char *date = format_detail_date (detail);

        return g_strdup_printf (_("Held: the customer promised to pay by %s"), date);
      }
    case CBZ_PLAN_REASON_AGREEMENT_ON_TRACK:
      return g_strdup (_("Held: a payment agreement is on track"));
    case CBZ_PLAN_REASON_WAITING_APPROVAL:
      return g_strdup (_("Waiting for approval"));
    case CBZ_PLAN_REASON_NO_LAWFUL_MOMENT:
      return g_strdup (_("No lawful moment within a year: the step’s window and days never meet the contact hours"));
    case CBZ_PLAN_REASON_SUPERSEDED:
      if (action->superseded_by == action->step)
        return g_strdup_printf (_("Superseded by a later repeat of step %u"), action->superseded_by);
      return g_strdup_printf (_("Superseded by step %u"), action->superseded_by);
    case CBZ_PLAN_REASON_COMBINED:
      return g_strdup_printf (_("Combined into step %u: one message per customer and day"), action->superseded_by);
    case CBZ_PLAN_REASON_PAID:
      if (detail != NULL)
        {
          g_autofree char *date = format_detail_date (detail);

          return g_strdup_printf (_("Paid on %s"), date);
        }
      return g_strdup (_("Paid in full"));
    case CBZ_PLAN_REASON_DISPUTED:
      return g_strdup_printf (_("Disputed: %s"), detail != NULL ? detail : "");
    case CBZ_PLAN_REASON_BELOW_MINIMUM:
      return g_strdup (_("The overdue balance is below the step’s minimum"));
    case CBZ_PLAN_REASON_REPLIED:
      {
        g_autofree char *date = format_detail_date (detail);

        return g_strdup_printf (_("The customer replied on %s, after the previous step"), date);
      }
    case CBZ_PLAN_REASON_PAID_SINCE:
      {
        g_autofree char *date = format_detail_date (detail);

        return g_strdup_printf (_("The customer paid on %s, after the previous step"), date);
      }
    case CBZ_PLAN_REASON_OPTED_OUT:
      return g_strdup_printf (_("The customer opted out of %s and no fallback channel can reach them"),
                              cbz_cadence_channel_get_label (action->step_channel));
    case CBZ_PLAN_REASON_NO_CONTACT_DETAILS:
      return g_strdup_printf (_("No contact details for %s and no fallback channel can reach the customer"),
                              cbz_cadence_channel_get_label (action->step_channel));
    default:
      g_return_val_if_reached (NULL);
    }
}

void
_cbz_plan_action_set_reason (CbzPlanAction *action,
                             CbzPlanStatus  status,
                             CbzPlanReason  reason,
                             const char    *detail,
                             char          *text,
                             gboolean       with_text)
{
  action->status = status;
  action->reason = reason;
  g_free (action->reason_detail);
  action->reason_detail = g_strdup (detail);
  g_free (action->reason_text);
  action->reason_text = NULL;
  if (!with_text)
    {
      g_free (text);
      return;
    }
  action->reason_text = text != NULL ? text : default_text (action, reason, detail);
}

JsonNode *
cbz_plan_action_to_json_node (const CbzPlanAction *action)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *at = NULL;
  char date[CBZ_DATE_ISO_LENGTH];

  g_return_val_if_fail (action != NULL, NULL);

  at = cbz_plan_action_format_at (action);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customer_id");
  json_builder_add_int_value (builder, action->customer_id);
  json_builder_set_member_name (builder, "tax_id");
  if (action->tax_id != NULL)
    json_builder_add_string_value (builder, action->tax_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "cadence");
  json_builder_add_string_value (builder, action->cadence_name != NULL ? action->cadence_name : action->cadence_id);
  json_builder_set_member_name (builder, "cadence_id");
  json_builder_add_string_value (builder, action->cadence_id);
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, action->step);
  json_builder_set_member_name (builder, "repeat");
  json_builder_add_int_value (builder, action->repeat);
  json_builder_set_member_name (builder, "episode");
  json_builder_add_string_value (builder, action->episode);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, cbz_cadence_channel_to_string (action->channel));
  json_builder_set_member_name (builder, "step_channel");
  json_builder_add_string_value (builder, cbz_cadence_channel_to_string (action->step_channel));
  if (action->channel == CBZ_CADENCE_CHANNEL_LETTER)
    {
      json_builder_set_member_name (builder, "letter_level");
      json_builder_add_int_value (builder, action->letter_level);
    }
  else if (action->template_name != NULL)
    {
      json_builder_set_member_name (builder, "template");
      json_builder_add_string_value (builder, action->template_name);
    }
  json_builder_set_member_name (builder, "invoices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < action->invoice_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (action->invoice_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nominal_date");
  json_builder_add_string_value (builder, cbz_date_to_iso (action->nominal_date, date));
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, cbz_plan_status_to_string (action->status));
  if (action->status != CBZ_PLAN_STATUS_DUE || action->reason != CBZ_PLAN_REASON_NONE)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, action->reason_text != NULL ? action->reason_text : "");
      json_builder_set_member_name (builder, "reason_code");
      json_builder_add_string_value (builder, cbz_plan_reason_to_string (action->reason));
    }
  json_builder_set_member_name (builder, "automatic");
  json_builder_add_boolean_value (builder, action->automatic);
  if (action->note != CBZ_PLAN_NOTE_NONE)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, cbz_plan_note_to_string (action->note));
      json_builder_set_member_name (builder, "note_date");
      json_builder_add_string_value (builder, cbz_date_to_iso (action->note_date, date));
    }
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, action->key);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cbz_plan_action_to_json (const CbzPlanAction *action)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  root = cbz_plan_action_to_json_node (action);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
