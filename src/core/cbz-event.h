/* cbz-event.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * One entry of the bitácora (a debtor's timeline). Each enum has a fixed
 * string form, the value stored in sqlite, with _to_string/_from_string.
 */
typedef enum
{
  CBZ_EVENT_KIND_IMPORT,     /* 'import' */
  CBZ_EVENT_KIND_REMINDER,   /* 'reminder' */
  CBZ_EVENT_KIND_LETTER,     /* 'letter' */
  CBZ_EVENT_KIND_REPLY,      /* 'reply' */
  CBZ_EVENT_KIND_CALL,       /* 'call' */
  CBZ_EVENT_KIND_PAYMENT,    /* 'payment' */
  CBZ_EVENT_KIND_PROMISE,    /* 'promise' */
  CBZ_EVENT_KIND_NOTE,       /* 'note' */
  CBZ_EVENT_KIND_OPT_OUT,    /* 'opt-out' */
  CBZ_EVENT_KIND_STATUS,     /* 'status' */
  CBZ_EVENT_KIND_AGREEMENT,  /* 'agreement': a payment agreement made, an instalment missed, … */
  CBZ_EVENT_KIND_DISPUTE,    /* 'dispute': an invoice disputed, or the dispute resolved */
  CBZ_EVENT_KIND_WRITE_OFF,  /* 'write-off' */
  CBZ_EVENT_KIND_REASON,     /* 'reason': a reason for non-payment */
  CBZ_EVENT_KIND_CADENCE,    /* 'cadence': reminders held, resumed or skipped by the planner */
} CbzEventKind;

typedef enum
{
  CBZ_EVENT_CHANNEL_NONE,       /* NULL in sqlite */
  CBZ_EVENT_CHANNEL_SMS,        /* 'sms' */
  CBZ_EVENT_CHANNEL_WHATSAPP,   /* 'whatsapp' */
  CBZ_EVENT_CHANNEL_EMAIL,      /* 'email' */
  CBZ_EVENT_CHANNEL_LETTER,     /* 'letter' */
  CBZ_EVENT_CHANNEL_PHONE,      /* 'phone' */
  CBZ_EVENT_CHANNEL_IN_PERSON,  /* 'in-person' */
} CbzEventChannel;

typedef enum
{
  CBZ_EVENT_DIRECTION_INTERNAL,  /* 'internal' */
  CBZ_EVENT_DIRECTION_OUTBOUND,  /* 'outbound' */
  CBZ_EVENT_DIRECTION_INBOUND,   /* 'inbound' */
} CbzEventDirection;

typedef enum
{
  CBZ_DELIVERY_STATE_NONE,       /* NULL in sqlite: not a message */
  CBZ_DELIVERY_STATE_QUEUED,     /* 'queued' */
  CBZ_DELIVERY_STATE_SENDING,    /* 'sending' */
  CBZ_DELIVERY_STATE_SENT,       /* 'sent' */
  CBZ_DELIVERY_STATE_DELIVERED,  /* 'delivered' */
  CBZ_DELIVERY_STATE_READ,       /* 'read' */
  CBZ_DELIVERY_STATE_FAILED,     /* 'failed' */
  CBZ_DELIVERY_STATE_UNKNOWN,    /* 'unknown' */
  CBZ_DELIVERY_STATE_DRY_RUN,    /* 'dry-run' */
  CBZ_DELIVERY_STATE_BY_HAND,    /* 'by-hand' */
} CbzDeliveryState;

#define CBZ_TYPE_EVENT_KIND (cbz_event_kind_get_type ())
#define CBZ_TYPE_EVENT_CHANNEL (cbz_event_channel_get_type ())
#define CBZ_TYPE_EVENT_DIRECTION (cbz_event_direction_get_type ())
#define CBZ_TYPE_DELIVERY_STATE (cbz_delivery_state_get_type ())
GType        cbz_event_kind_get_type             (void) G_GNUC_CONST;
GType        cbz_event_channel_get_type          (void) G_GNUC_CONST;
GType        cbz_event_direction_get_type        (void) G_GNUC_CONST;
GType        cbz_delivery_state_get_type         (void) G_GNUC_CONST;

const char  *cbz_event_kind_to_string            (CbzEventKind       kind);
gboolean     cbz_event_kind_from_string          (const char        *str,
                                                  CbzEventKind      *kind);
const char  *cbz_event_kind_get_label            (CbzEventKind       kind);
/* A symbolic icon name for the timeline. */
const char  *cbz_event_kind_get_icon_name        (CbzEventKind       kind);

/* NONE gives NULL; NULL parses as NONE. */
const char  *cbz_event_channel_to_string         (CbzEventChannel    channel);
gboolean     cbz_event_channel_from_string       (const char        *str,
                                                  CbzEventChannel   *channel);
const char  *cbz_event_channel_get_label         (CbzEventChannel    channel);

const char  *cbz_event_direction_to_string       (CbzEventDirection  direction);
gboolean     cbz_event_direction_from_string     (const char        *str,
                                                  CbzEventDirection *direction);

/* NONE gives NULL; NULL parses as NONE. */
const char  *cbz_delivery_state_to_string        (CbzDeliveryState   state);
gboolean     cbz_delivery_state_from_string      (const char        *str,
                                                  CbzDeliveryState  *state);
const char  *cbz_delivery_state_get_label        (CbzDeliveryState   state);

#define CBZ_TYPE_EVENT (cbz_event_get_type ())
G_DECLARE_FINAL_TYPE (CbzEvent, cbz_event, CBZ, EVENT, GObject)

/* A new, unsaved event (id 0) for @debtor_id, occurred now. */
CbzEvent          *cbz_event_new                     (gint64             debtor_id,
                                                      CbzEventKind       kind,
                                                      const char        *summary);

gint64             cbz_event_get_id                  (CbzEvent          *self);
void               cbz_event_set_id                  (CbzEvent          *self,
                                                      gint64             id);
gint64             cbz_event_get_debtor_id           (CbzEvent          *self);
void               cbz_event_set_debtor_id           (CbzEvent          *self,
                                                      gint64             debtor_id);
/* µs since the Unix epoch, UTC */
gint64             cbz_event_get_occurred_at         (CbzEvent          *self);
void               cbz_event_set_occurred_at         (CbzEvent          *self,
                                                      gint64             occurred_at);
CbzEventKind       cbz_event_get_kind                (CbzEvent          *self);
void               cbz_event_set_kind                (CbzEvent          *self,
                                                      CbzEventKind       kind);
CbzEventChannel    cbz_event_get_channel             (CbzEvent          *self);
void               cbz_event_set_channel             (CbzEvent          *self,
                                                      CbzEventChannel    channel);
CbzEventDirection  cbz_event_get_direction           (CbzEvent          *self);
void               cbz_event_set_direction           (CbzEvent          *self,
                                                      CbzEventDirection  direction);
const char        *cbz_event_get_summary             (CbzEvent          *self);
void               cbz_event_set_summary             (CbzEvent          *self,
                                                      const char        *summary);
const char        *cbz_event_get_body                (CbzEvent          *self);
void               cbz_event_set_body                (CbzEvent          *self,
                                                      const char        *body);
CbzDeliveryState   cbz_event_get_delivery_state      (CbzEvent          *self);
void               cbz_event_set_delivery_state      (CbzEvent          *self,
                                                      CbzDeliveryState   state);
const char        *cbz_event_get_provider_message_id (CbzEvent          *self);
void               cbz_event_set_provider_message_id (CbzEvent          *self,
                                                      const char        *provider_message_id);
const char        *cbz_event_get_attachment          (CbzEvent          *self);
void               cbz_event_set_attachment          (CbzEvent          *self,
                                                      const char        *attachment);
/* Who recorded it (the system user's name for events people record; NULL
 * for what the program did on its own). */
const char        *cbz_event_get_recorded_by         (CbzEvent          *self);
void               cbz_event_set_recorded_by         (CbzEvent          *self,
                                                      const char        *recorded_by);
/* The name cbz_event_set_recorded_by() takes for what the person at this
 * computer records: their full name, else their login. */
const char        *cbz_event_get_local_user          (void);
/* JSON text with kind-specific details, or NULL. */
const char        *cbz_event_get_data                (CbzEvent          *self);
void               cbz_event_set_data                (CbzEvent          *self,
                                                      const char        *data);
/* Ids of the invoices the event concerns (event_invoices). */
const gint64      *cbz_event_get_invoice_ids         (CbzEvent          *self,
                                                      gsize             *n_ids);
void               cbz_event_set_invoice_ids         (CbzEvent          *self,
                                                      const gint64      *ids,
                                                      gsize              n_ids);
void               cbz_event_add_invoice_id          (CbzEvent          *self,
                                                      gint64             invoice_id);

G_END_DECLS
