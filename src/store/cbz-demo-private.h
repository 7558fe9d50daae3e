/* cbz-demo-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-demo.h"
#include "cbz-store-private.h"

G_BEGIN_DECLS

/*
 * The demo generator in two parts: who the customers are
 * (cbz-demo-people.c: names, tax IDs, phones, addresses) and what they owe
 * and what happened with them (cbz-demo.c). Both draw from one splitmix64
 * stream, in a fixed order, so a seed gives the same portfolio everywhere.
 */

typedef struct
{
  guint64 state;
} Rng;

static inline guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static inline gint64
rng_range (Rng    *rng,
           gint64  lo,
           gint64  hi)
{
  return lo + (gint64) (rng_next (rng) % (guint64) (hi - lo + 1));
}

static inline gboolean
rng_chance (Rng  *rng,
            guint percent)
{
  return rng_next (rng) % 100 < percent;
}

#define PICK(rng, array) ((array)[rng_next (rng) % G_N_ELEMENTS (array)])

typedef enum
{
  COUNTRY_MX,
  COUNTRY_CL,
  COUNTRY_CO,
  COUNTRY_PE,
  COUNTRY_AR,
} Country;

typedef struct
{
  const char *city;
  const char *region;
  const char *area;     /* landline area code, national digits */
} City;

typedef struct
{
  Country      country;
  const char  *code;         /* ISO 3166-1 */
  const char  *currency;
  const char  *tax_kind;
  const City  *cities;
  guint        n_cities;
  const char * const *suffixes;
  const char  *domain_tld;
  gint64       min_amount;   /* minor units, whole currency */
  gint64       max_amount;
  gboolean     decimals;
} CountryInfo;

typedef struct
{
  CbzStore   *store;
  sqlite3    *db;
  Rng         rng;
  GDate       today;
  gint64      today_us;      /* today 12:00 UTC, µs */
  GHashTable *tax_ids;       /* already used */
  guint       invoice_seq;
  sqlite3_stmt *debtor_stmt;
  sqlite3_stmt *tag_stmt;
  sqlite3_stmt *invoice_stmt;
  sqlite3_stmt *payment_stmt;
  sqlite3_stmt *promise_stmt;
  sqlite3_stmt *event_stmt;
  sqlite3_stmt *link_stmt;
} Demo;

/* One customer's identity, drawn by _cbz_demo_make_customer(). */
typedef struct
{
  const CountryInfo *info;
  const City        *city;
  gboolean           company;
  const char        *first;        /* a person's first name, or the contact's */
  char              *name;
  char              *name_key;
  char              *tax_id;
  char              *contact;      /* companies: the person to talk to */
  char              *phone;
  char              *mobile;
  gboolean           on_whatsapp;  /* the mobile is their WhatsApp */
  char              *email;
  char              *address;
  char              *postal_code;
  gboolean           opt_out_sms;
  gint64             created_at;
} DemoCustomer;

void               _cbz_demo_customer_clear  (DemoCustomer *customer);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoCustomer, _cbz_demo_customer_clear)

/* Draws the next customer (the @index-th, for unique e-mail addresses). */
void               _cbz_demo_make_customer   (Demo         *demo,
                                              guint         index,
                                              DemoCustomer *out);
const CountryInfo *_cbz_demo_get_country     (Country       country);

#define USEC_PER_HOUR G_GINT64_CONSTANT (3600000000)
#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

G_END_DECLS
