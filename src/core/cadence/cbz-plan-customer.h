/* cbz-plan-customer.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-cadence-channel.h"
#include "cbz-contact-rules.h"
#include "cbz-date.h"
#include "cbz-money.h"

G_BEGIN_DECLS

/*
 * What the planner reads about one customer: a snapshot the store fills
 * (no database here). Plain structs: fill the fields directly; the add_*
 * functions copy what they are given.
 *
 * States of promises and agreement instalments are INPUTS: they are
 * computed elsewhere (core/payments) and the planner never recomputes them.
 */

/*
 * An invoice. Give every open invoice, and also the ones paid in the last
 * 400 days with their @paid_on date: the planner needs them to see whether
 * the customer's overdue balance went to zero in between (which ends an
 * overdue episode) and to judge how late the customer pays (risk).
 */
typedef struct
{
  gint64    id;
  char     *number;
  CbzDate   due_on;
  CbzMoney  balance;    /* what is still owed; zero once paid */
  gboolean  disputed;   /* not chased until the dispute is resolved */
  CbzDate   paid_on;    /* the day the balance reached zero; unset while open */
} CbzPlanInvoice;

typedef struct
{
  CbzDate   paid_on;
  CbzMoney  amount;
} CbzPlanPayment;

typedef enum
{
  CBZ_PLAN_PROMISE_OPEN,       /* the promised date has not passed yet */
  CBZ_PLAN_PROMISE_KEPT,
  CBZ_PLAN_PROMISE_BROKEN,     /* @broken_on says since when */
  CBZ_PLAN_PROMISE_CANCELLED,
} CbzPlanPromiseState;

typedef struct
{
  gint64               made_at;      /* µs since the epoch, UTC */
  CbzDate              promised_on;
  CbzMoney             amount;
  CbzPlanPromiseState  state;
  CbzDate              broken_on;    /* BROKEN: the day it broke */
} CbzPlanPromise;

typedef enum
{
  CBZ_PLAN_INSTALMENT_PAID,
  CBZ_PLAN_INSTALMENT_DUE,     /* not yet due, or due and not yet late */
  CBZ_PLAN_INSTALMENT_LATE,    /* missed */
} CbzPlanInstalmentState;

/* One instalment of a payment agreement (convenio de pago). An agreement
 * is on track while none of its instalments is late and one is still due. */
typedef struct
{
  gint64                  agreement_id;
  CbzDate                 due_on;
  CbzMoney                amount;
  CbzPlanInstalmentState  state;
} CbzPlanInstalment;

typedef enum
{
  CBZ_PLAN_OUTCOME_DONE,       /* handed to the outbox, the letters or the agenda */
  CBZ_PLAN_OUTCOME_SKIPPED,    /* decided not to, for good */
  CBZ_PLAN_OUTCOME_APPROVED,   /* a person approved it; it goes at the next lawful moment */
} CbzPlanOutcome;

/* A step already done or decided for this customer: the store keeps these
 * by idempotency key (see cbz-plan-action.h). */
typedef struct
{
  char            *cadence_id;  /* cbz_cadence_get_key() */
  guint            step;        /* 1-based */
  char            *episode;     /* as in the action's key */
  guint            repeat;      /* 0: the first send */
  gint64           at;          /* when it was done or decided, µs UTC */
  CbzPlanOutcome   outcome;
} CbzPlanRecord;

/*
 * The customer. @zone: the IANA zone on file; NULL (or unknown to the
 * system) means derived from @country and @region
 * (cbz_customer_zone_for_region()). @reach: the contact details on file.
 * @opt_outs: the timeline channels (CBZ_EVENT_CHANNEL_BIT) the customer
 * opted out of. @cadence_id: the cadence assigned by hand, or NULL.
 * @contacts: the timeline's contacts (messages, letters, calls, replies,
 * contacts recorded by hand) of at least the last 30 days, every one of
 * them, including those the cadence sent: frequency caps count them.
 */
typedef struct
{
  gint64            id;
  char             *tax_id;
  char             *name;
  char             *country;     /* ISO 3166-1 alpha-2 */
  char             *region;
  char             *zone;
  char             *language;
  CbzReach          reach;
  CbzEventChannels  opt_outs;
  GStrv             tags;
  char             *cadence_id;
  GArray           *invoices;     /* of CbzPlanInvoice, nullable */
  GArray           *payments;     /* of CbzPlanPayment, nullable */
  GArray           *promises;     /* of CbzPlanPromise, nullable */
  GArray           *instalments;  /* of CbzPlanInstalment, nullable */
  GArray           *contacts;     /* of CbzContactRecord, nullable */
  GArray           *records;      /* of CbzPlanRecord, nullable */
} CbzPlanCustomer;

#define CBZ_TYPE_PLAN_CUSTOMER (cbz_plan_customer_get_type ())
GType            cbz_plan_customer_get_type        (void) G_GNUC_CONST;

CbzPlanCustomer *cbz_plan_customer_new             (gint64                    id);
CbzPlanCustomer *cbz_plan_customer_ref             (CbzPlanCustomer          *customer);
void             cbz_plan_customer_unref           (CbzPlanCustomer          *customer);
/* A deep copy. */
CbzPlanCustomer *cbz_plan_customer_copy            (const CbzPlanCustomer    *customer);

/* Each copies its argument (and its strings). */
void             cbz_plan_customer_add_invoice     (CbzPlanCustomer          *customer,
                                                    const CbzPlanInvoice     *invoice);
void             cbz_plan_customer_add_payment     (CbzPlanCustomer          *customer,
                                                    const CbzPlanPayment     *payment);
void             cbz_plan_customer_add_promise     (CbzPlanCustomer          *customer,
                                                    const CbzPlanPromise     *promise);
void             cbz_plan_customer_add_instalment  (CbzPlanCustomer          *customer,
                                                    const CbzPlanInstalment  *instalment);
void             cbz_plan_customer_add_contact     (CbzPlanCustomer          *customer,
                                                    const CbzContactRecord   *contact);
void             cbz_plan_customer_add_record      (CbzPlanCustomer          *customer,
                                                    const CbzPlanRecord      *record);

void             cbz_plan_customer_set_opt_out     (CbzPlanCustomer          *customer,
                                                    CbzEventChannel           channel,
                                                    gboolean                  opt_out);
gboolean         cbz_plan_customer_has_tag         (const CbzPlanCustomer    *customer,
                                                    const char               *tag);
/* Whether @channel can reach the customer: the detail it needs is on file
 * (@reach) and the customer did not opt out of it. */
gboolean         cbz_plan_customer_can_use         (const CbzPlanCustomer    *customer,
                                                    CbzCadenceChannel         channel);

/* The overdue, undisputed balance in @currency as of the local date @today
 * (invoices due before @today with a balance). */
CbzMoney         cbz_plan_customer_get_overdue     (const CbzPlanCustomer    *customer,
                                                    CbzDate                   today,
                                                    const char               *currency);
/* How many days late the oldest overdue, undisputed invoice is as of
 * @today; 0 when nothing is overdue. */
int              cbz_plan_customer_get_days_late   (const CbzPlanCustomer    *customer,
                                                    CbzDate                   today);

/* "open", "kept", "broken", "cancelled"; "paid", "due", "late"; "done",
 * "skipped", "approved" (the forms the store keeps). */
const char      *cbz_plan_promise_state_to_string      (CbzPlanPromiseState     state);
gboolean         cbz_plan_promise_state_from_string    (const char             *text,
                                                        CbzPlanPromiseState    *state);
const char      *cbz_plan_instalment_state_to_string   (CbzPlanInstalmentState  state);
gboolean         cbz_plan_instalment_state_from_string (const char             *text,
                                                        CbzPlanInstalmentState *state);
const char      *cbz_plan_outcome_to_string            (CbzPlanOutcome          outcome);
gboolean         cbz_plan_outcome_from_string          (const char             *text,
                                                        CbzPlanOutcome         *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPlanCustomer, cbz_plan_customer_unref)

G_END_DECLS
