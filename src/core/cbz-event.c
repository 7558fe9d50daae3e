/* cbz-event.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-clock.h"
#include "cbz-enum.h"
#include "cbz-event.h"

struct _CbzEvent
{
  GObject            parent_instance;

  gint64             id;
  gint64             debtor_id;
  gint64             occurred_at;
  CbzEventKind       kind;
  CbzEventChannel    channel;
  CbzEventDirection  direction;
  char              *summary;
  char              *body;
  CbzDeliveryState   delivery_state;
  char              *provider_message_id;
  char              *attachment;
  char              *data;
  char              *recorded_by;
  GArray            *invoice_ids;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DEBTOR_ID,
  PROP_OCCURRED_AT,
  PROP_KIND,
  PROP_CHANNEL,
  PROP_DIRECTION,
  PROP_SUMMARY,
  PROP_BODY,
  PROP_DELIVERY_STATE,
  PROP_PROVIDER_MESSAGE_ID,
  PROP_ATTACHMENT,
  PROP_DATA,
  PROP_RECORDED_BY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzEvent, cbz_event, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (CbzEventKind, cbz_event_kind,
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_IMPORT, "import"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_REMINDER, "reminder"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_LETTER, "letter"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_REPLY, "reply"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_CALL, "call"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_PAYMENT, "payment"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_PROMISE, "promise"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_NOTE, "note"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_OPT_OUT, "opt-out"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_AGREEMENT, "agreement"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_DISPUTE, "dispute"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_WRITE_OFF, "write-off"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_REASON, "reason"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_KIND_CADENCE, "cadence"))

G_DEFINE_ENUM_TYPE (CbzEventChannel, cbz_event_channel,
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_SMS, "sms"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_WHATSAPP, "whatsapp"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_LETTER, "letter"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_PHONE, "phone"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_CHANNEL_IN_PERSON, "in-person"))

G_DEFINE_ENUM_TYPE (CbzEventDirection, cbz_event_direction,
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_DIRECTION_INTERNAL, "internal"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_DIRECTION_OUTBOUND, "outbound"),
  G_DEFINE_ENUM_VALUE (CBZ_EVENT_DIRECTION_INBOUND, "inbound"))

G_DEFINE_ENUM_TYPE (CbzDeliveryState, cbz_delivery_state,
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_SENT, "sent"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_DELIVERED, "delivered"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_READ, "read"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_DRY_RUN, "dry-run"),
  G_DEFINE_ENUM_VALUE (CBZ_DELIVERY_STATE_BY_HAND, "by-hand"))

/* Labels for people and icons; the string forms (the sqlite values) are
 * the enums' nicks, "none" standing for NULL. */
static const struct
{
  const char *label;
  const char *icon_name;
} kinds[] = {
  [CBZ_EVENT_KIND_IMPORT] = { N_("Import"), "document-open-symbolic" },
  [CBZ_EVENT_KIND_REMINDER] = { N_("Reminder"), "mail-send-symbolic" },
  [CBZ_EVENT_KIND_LETTER] = { N_("Letter"), "x-office-document-symbolic" },
  [CBZ_EVENT_KIND_REPLY] = { N_("Reply"), "mail-reply-sender-symbolic" },
  [CBZ_EVENT_KIND_CALL] = { N_("Call"), "call-start-symbolic" },
  [CBZ_EVENT_KIND_PAYMENT] = { N_("Payment"), "emblem-ok-symbolic" },
  [CBZ_EVENT_KIND_PROMISE] = { N_("Promise to pay"), "x-office-calendar-symbolic" },
  [CBZ_EVENT_KIND_NOTE] = { N_("Note"), "document-edit-symbolic" },
  [CBZ_EVENT_KIND_OPT_OUT] = { N_("Opt-out"), "action-unavailable-symbolic" },
  [CBZ_EVENT_KIND_STATUS] = { N_("Status change"), "emblem-synchronizing-symbolic" },
  [CBZ_EVENT_KIND_AGREEMENT] = { N_("Payment agreement"), "view-list-ordered-symbolic" },
  [CBZ_EVENT_KIND_DISPUTE] = { N_("Dispute"), "dialog-question-symbolic" },
  [CBZ_EVENT_KIND_WRITE_OFF] = { N_("Write-off"), "edit-clear-all-symbolic" },
  [CBZ_EVENT_KIND_REASON] = { N_("Reason for non-payment"), "dialog-information-symbolic" },
  [CBZ_EVENT_KIND_CADENCE] = { N_("Reminder cadence"), "alarm-symbolic" },
};

static const char * const channel_labels[] = {
  [CBZ_EVENT_CHANNEL_NONE] = N_("None"),
  [CBZ_EVENT_CHANNEL_SMS] = N_("SMS"),
  [CBZ_EVENT_CHANNEL_WHATSAPP] = N_("WhatsApp"),
  [CBZ_EVENT_CHANNEL_EMAIL] = N_("Email"),
  [CBZ_EVENT_CHANNEL_LETTER] = N_("Letter"),
  [CBZ_EVENT_CHANNEL_PHONE] = N_("Phone"),
  [CBZ_EVENT_CHANNEL_IN_PERSON] = N_("In person"),
};

static const char * const delivery_labels[] = {
  [CBZ_DELIVERY_STATE_NONE] = N_("Not a message"),
  [CBZ_DELIVERY_STATE_QUEUED] = N_("Queued"),
  [CBZ_DELIVERY_STATE_SENDING] = N_("Sending"),
  [CBZ_DELIVERY_STATE_SENT] = N_("Sent"),
  [CBZ_DELIVERY_STATE_DELIVERED] = N_("Delivered"),
  [CBZ_DELIVERY_STATE_READ] = N_("Read"),
  [CBZ_DELIVERY_STATE_FAILED] = N_("Failed"),
  [CBZ_DELIVERY_STATE_UNKNOWN] = N_("Unknown"),
  [CBZ_DELIVERY_STATE_DRY_RUN] = N_("Dry run (not sent)"),
  [CBZ_DELIVERY_STATE_BY_HAND] = N_("Sent by hand"),
};

/* The nick, with the "none" value as NULL (what sqlite stores). */
static const char *
nick_or_null (GType type,
              int   value)
{
  return value == 0 ? NULL : cbz_enum_to_nick (type, value);
}

/* NULL parses as the "none" value (0); the nick "none" itself is not a
 * stored value. */
static gboolean
parse_nick_or_null (GType       type,
                    const char *str,
                    int        *value)
{
  if (str == NULL)
    {
      *value = 0;
      return TRUE;
    }
  if (g_str_equal (str, "none"))
    return FALSE;
  return cbz_enum_from_nick (type, str, value);
}

const char *
cbz_event_kind_to_string (CbzEventKind kind)
{
  return cbz_enum_to_nick (CBZ_TYPE_EVENT_KIND, kind);
}

gboolean
cbz_event_kind_from_string (const char   *str,
                            CbzEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  return cbz_enum_from_nick (CBZ_TYPE_EVENT_KIND, str, (int *) kind);
}

const char *
cbz_event_kind_get_label (CbzEventKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return _(kinds[kind].label);
}

const char *
cbz_event_kind_get_icon_name (CbzEventKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return kinds[kind].icon_name;
}

const char *
cbz_event_channel_to_string (CbzEventChannel channel)
{
  return nick_or_null (CBZ_TYPE_EVENT_CHANNEL, channel);
}

gboolean
cbz_event_channel_from_string (const char      *str,
                               CbzEventChannel *channel)
{
  g_return_val_if_fail (channel != NULL, FALSE);
  return parse_nick_or_null (CBZ_TYPE_EVENT_CHANNEL, str, (int *) channel);
}

const char *
cbz_event_channel_get_label (CbzEventChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_labels), NULL);
  /* Translators: a way of reaching a customer */
  return _(channel_labels[channel]);
}

const char *
cbz_event_direction_to_string (CbzEventDirection direction)
{
  return cbz_enum_to_nick (CBZ_TYPE_EVENT_DIRECTION, direction);
}

gboolean
cbz_event_direction_from_string (const char        *str,
                                 CbzEventDirection *direction)
{
  g_return_val_if_fail (direction != NULL, FALSE);
  return cbz_enum_from_nick (CBZ_TYPE_EVENT_DIRECTION, str, (int *) direction);
}

const char *
cbz_delivery_state_to_string (CbzDeliveryState state)
{
  return nick_or_null (CBZ_TYPE_DELIVERY_STATE, state);
}

gboolean
cbz_delivery_state_from_string (const char       *str,
                                CbzDeliveryState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);
  return parse_nick_or_null (CBZ_TYPE_DELIVERY_STATE, str, (int *) state);
}

const char *
cbz_delivery_state_get_label (CbzDeliveryState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (delivery_labels), NULL);
  /* Translators: what happened to a message sent to a customer */
  return _(delivery_labels[state]);
}

/* g_set_str() is GLib 2.76; this is the same for 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cbz_event_finalize (GObject *object)
{
  CbzEvent *self = (CbzEvent *) object;

  g_free (self->summary);
  g_free (self->body);
  g_free (self->provider_message_id);
  g_free (self->attachment);
  g_free (self->data);
  g_free (self->recorded_by);
  g_clear_pointer (&self->invoice_ids, g_array_unref);

  G_OBJECT_CLASS (cbz_event_parent_class)->finalize (object);
}

static void
cbz_event_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CbzEvent *self = CBZ_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_DEBTOR_ID:
      g_value_set_int64 (value, self->debtor_id);
      break;
    case PROP_OCCURRED_AT:
      g_value_set_int64 (value, self->occurred_at);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_DELIVERY_STATE:
      g_value_set_enum (value, self->delivery_state);
      break;
    case PROP_PROVIDER_MESSAGE_ID:
      g_value_set_string (value, self->provider_message_id);
      break;
    case PROP_ATTACHMENT:
      g_value_set_string (value, self->attachment);
      break;
    case PROP_DATA:
      g_value_set_string (value, self->data);
      break;
    case PROP_RECORDED_BY:
      g_value_set_string (value, self->recorded_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_event_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CbzEvent *self = CBZ_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      cbz_event_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_DEBTOR_ID:
      cbz_event_set_debtor_id (self, g_value_get_int64 (value));
      break;
    case PROP_OCCURRED_AT:
      cbz_event_set_occurred_at (self, g_value_get_int64 (value));
      break;
    case PROP_KIND:
      cbz_event_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_CHANNEL:
      cbz_event_set_channel (self, g_value_get_enum (value));
      break;
    case PROP_DIRECTION:
      cbz_event_set_direction (self, g_value_get_enum (value));
      break;
    case PROP_SUMMARY:
      cbz_event_set_summary (self, g_value_get_string (value));
      break;
    case PROP_BODY:
      cbz_event_set_body (self, g_value_get_string (value));
      break;
    case PROP_DELIVERY_STATE:
      cbz_event_set_delivery_state (self, g_value_get_enum (value));
      break;
    case PROP_PROVIDER_MESSAGE_ID:
      cbz_event_set_provider_message_id (self, g_value_get_string (value));
      break;
    case PROP_ATTACHMENT:
      cbz_event_set_attachment (self, g_value_get_string (value));
      break;
    case PROP_DATA:
      cbz_event_set_data (self, g_value_get_string (value));
      break;
    case PROP_RECORDED_BY:
      cbz_event_set_recorded_by (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_event_class_init (CbzEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cbz_event_finalize;
  object_class->get_property = cbz_event_get_property;
  object_class->set_property = cbz_event_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DEBTOR_ID] = g_param_spec_int64 ("debtor-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OCCURRED_AT] = g_param_spec_int64 ("occurred-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CBZ_TYPE_EVENT_KIND, CBZ_EVENT_KIND_NOTE, flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL, CBZ_TYPE_EVENT_CHANNEL, CBZ_EVENT_CHANNEL_NONE, flags);
  properties[PROP_DIRECTION] = g_param_spec_enum ("direction", NULL, NULL, CBZ_TYPE_EVENT_DIRECTION, CBZ_EVENT_DIRECTION_INTERNAL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_DELIVERY_STATE] = g_param_spec_enum ("delivery-state", NULL, NULL, CBZ_TYPE_DELIVERY_STATE, CBZ_DELIVERY_STATE_NONE, flags);
  properties[PROP_PROVIDER_MESSAGE_ID] = g_param_spec_string ("provider-message-id", NULL, NULL, NULL, flags);
  properties[PROP_ATTACHMENT] = g_param_spec_string ("attachment", NULL, NULL, NULL, flags);
  properties[PROP_DATA] = g_param_spec_string ("data", NULL, NULL, NULL, flags);
  properties[PROP_RECORDED_BY] = g_param_spec_string ("recorded-by", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_event_init (CbzEvent *self)
{
  self->kind = CBZ_EVENT_KIND_NOTE;
  self->direction = CBZ_EVENT_DIRECTION_INTERNAL;
  self->invoice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

CbzEvent *
cbz_event_new (gint64        debtor_id,
               CbzEventKind  kind,
               const char   *summary)
{
  CbzEvent *self = g_object_new (CBZ_TYPE_EVENT, NULL);

  self->debtor_id = debtor_id;
  self->kind = kind;
  self->summary = g_strdup (summary);
  self->occurred_at = cbz_now ();
  return self;
}

#define DEFINE_INT64_ACCESSORS(field, PROP)                             \
  gint64                                                                \
  cbz_event_get_##field (CbzEvent *self)                                \
  {                                                                     \
    g_return_val_if_fail (CBZ_IS_EVENT (self), 0);                      \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  cbz_event_set_##field (CbzEvent *self,                                \
                         gint64    value)                               \
  {                                                                     \
    g_return_if_fail (CBZ_IS_EVENT (self));                             \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define DEFINE_ENUM_ACCESSORS(field, Type, PROP)                        \
  Type                                                                  \
  cbz_event_get_##field (CbzEvent *self)                                \
  {                                                                     \
    g_return_val_if_fail (CBZ_IS_EVENT (self), 0);                      \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  cbz_event_set_##field (CbzEvent *self,                                \
                         Type      value)                               \
  {                                                                     \
    g_return_if_fail (CBZ_IS_EVENT (self));                             \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define DEFINE_STRING_ACCESSORS(field, PROP)                            \
  const char *                                                          \
  cbz_event_get_##field (CbzEvent *self)                                \
  {                                                                     \
    g_return_val_if_fail (CBZ_IS_EVENT (self), NULL);                   \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  cbz_event_set_##field (CbzEvent   *self,                              \
                         const char *value)                             \
  {                                                                     \
    g_return_if_fail (CBZ_IS_EVENT (self));                             \
    if (set_str (&self->field, value))                                \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);     \
  }

DEFINE_INT64_ACCESSORS (id, PROP_ID)
DEFINE_INT64_ACCESSORS (debtor_id, PROP_DEBTOR_ID)
DEFINE_INT64_ACCESSORS (occurred_at, PROP_OCCURRED_AT)
DEFINE_ENUM_ACCESSORS (kind, CbzEventKind, PROP_KIND)
DEFINE_ENUM_ACCESSORS (channel, CbzEventChannel, PROP_CHANNEL)
DEFINE_ENUM_ACCESSORS (direction, CbzEventDirection, PROP_DIRECTION)
DEFINE_ENUM_ACCESSORS (delivery_state, CbzDeliveryState, PROP_DELIVERY_STATE)
DEFINE_STRING_ACCESSORS (summary, PROP_SUMMARY)
DEFINE_STRING_ACCESSORS (body, PROP_BODY)
DEFINE_STRING_ACCESSORS (provider_message_id, PROP_PROVIDER_MESSAGE_ID)
DEFINE_STRING_ACCESSORS (attachment, PROP_ATTACHMENT)
DEFINE_STRING_ACCESSORS (data, PROP_DATA)
DEFINE_STRING_ACCESSORS (recorded_by, PROP_RECORDED_BY)

const char *
cbz_event_get_local_user (void)
{
  const char *real = g_get_real_name ();

  /* GLib answers "Unknown" when the account has no full name. */
  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return real;
  return g_get_user_name ();
}

/**
 * cbz_event_get_invoice_ids:
 * @n_ids: (out): how many
 *
 * Returns: (array length=n_ids): the related invoice ids, owned by @self.
 */
const gint64 *
cbz_event_get_invoice_ids (CbzEvent *self,
                           gsize    *n_ids)
{
  g_return_val_if_fail (CBZ_IS_EVENT (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = self->invoice_ids->len;
  return (const gint64 *) (gpointer) self->invoice_ids->data;
}

void
cbz_event_set_invoice_ids (CbzEvent     *self,
                           const gint64 *ids,
                           gsize         n_ids)
{
  g_return_if_fail (CBZ_IS_EVENT (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_array_set_size (self->invoice_ids, 0);
  if (n_ids > 0)
    g_array_append_vals (self->invoice_ids, ids, n_ids);
}

void
cbz_event_add_invoice_id (CbzEvent *self,
                          gint64    invoice_id)
{
  g_return_if_fail (CBZ_IS_EVENT (self));

  g_array_append_val (self->invoice_ids, invoice_id);
}
