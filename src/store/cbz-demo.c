/* cbz-demo.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-demo-private.h"

/*
 * A demo portfolio that looks like a small Latin-American distributor's:
 * companies and people from Mexico (most), Chile, Colombia, Peru and
 * Argentina, with tax IDs in their real shapes (valid check digits), E.164
 * phones, addresses, tags, invoices due across every aging bucket, partial
 * payments, promises and a few timeline events.
 *
 * Everything comes from one splitmix64 stream seeded by the caller and from
 * the store's today, never from the clock or GLib's PRNG, so the same seed
 * and day give byte-identical data on any machine. Timeline texts are in
 * Spanish because they are data (what a Spanish-speaking user would have
 * typed), not interface.
 */

static const char * const tags[] = {
  "mayoreo", "menudeo", "gobierno", "distribuidor", "contado", "crédito 30",
  "crédito 60", "exportación", "cliente nuevo", "preferente",
};

static const char * const descriptions[] = {
  "Mercancía según pedido", "Material de construcción", "Servicio de mantenimiento",
  "Refacciones", "Abarrotes surtidos", "Medicamentos", "Papelería y consumibles",
  "Flete", "Equipo de cómputo", "Renta mensual", "Productos lácteos", "Muebles de oficina",
};

static void
date_to_iso (const GDate *date,
             char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

/* today + @days (negative: in the past) */
static void
day_offset (Demo  *demo,
            gint64 days,
            char   out[11])
{
  GDate date = demo->today;

  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);
  date_to_iso (&date, out);
}

/* How many days past due, spread so every aging bucket is well populated. */
static gint64
pick_days_overdue (Rng *rng)
{
  guint r = (guint) (rng_next (rng) % 100);

  if (r < 28)
    return -rng_range (rng, 0, 45);   /* not yet due (or due today) */
  if (r < 52)
    return rng_range (rng, 1, 30);
  if (r < 67)
    return rng_range (rng, 31, 60);
  if (r < 78)
    return rng_range (rng, 61, 90);
  if (r < 86)
    return rng_range (rng, 91, 120);
  return rng_range (rng, 121, 540);
}

/* Between min and max whole units, skewed towards small amounts (most
 * invoices are small, a few are large), in minor units. Integer arithmetic
 * only, so every machine draws the same amounts. */
static gint64
pick_amount (Rng               *rng,
             const CountryInfo *info,
             gint64             min_units,
             gint64             max_units)
{
  guint64 r = rng_next (rng) % 1000000;
  guint64 t = r * r / 1000000 * r / 1000000;   /* r³, scaled to [0, 10⁶) */
  gint64 units = min_units + (gint64) ((guint64) (max_units - min_units) * t / 1000000);

  if (!info->decimals)
    {
      /* CLP/COP invoices are whole pesos, usually round to the hundred. */
      return MAX (units - units % 100, 100);
    }
  return units * 100 + (rng_chance (rng, 60) ? rng_range (rng, 0, 99) : 0);
}

static gboolean
step (Demo          *demo,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  gboolean ok = _cbz_store_step_done (demo->store, stmt, "demo insert", error);

  sqlite3_clear_bindings (stmt);
  return ok;
}

static gint64
add_event (Demo               *demo,
           gint64              debtor_id,
           gint64              occurred_at,
           const char         *kind,
           const char         *channel,
           const char         *direction,
           const char         *summary,
           const char         *body,
           const char         *delivery_state,
           gint64              invoice_id,
           GError            **error)
{
  sqlite3_stmt *stmt = demo->event_stmt;
  gint64 id;

  sqlite3_bind_int64 (stmt, 1, debtor_id);
  sqlite3_bind_int64 (stmt, 2, occurred_at);
  _cbz_bind_text (stmt, 3, kind);
  _cbz_bind_text (stmt, 4, channel);
  _cbz_bind_text (stmt, 5, direction);
  _cbz_bind_text (stmt, 6, summary);
  _cbz_bind_text (stmt, 7, body);
  _cbz_bind_text (stmt, 8, delivery_state);
  if (!step (demo, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (demo->db);

  if (invoice_id != 0)
    {
      sqlite3_bind_int64 (demo->link_stmt, 1, id);
      sqlite3_bind_int64 (demo->link_stmt, 2, invoice_id);
      if (!step (demo, demo->link_stmt, error))
        return 0;
    }
  return id;
}

typedef struct
{
  gint64 id;
  gint64 balance;
  gint64 days_overdue;
  char   number[32];
  char   currency[4];
} DemoInvoice;

static char *
make_invoice_number (Demo              *demo,
                     const CountryInfo *info)
{
  guint seq = ++demo->invoice_seq;

  switch (info->country)
    {
    case COUNTRY_MX:
      return g_strdup_printf ("A-%06u", seq);
    case COUNTRY_CL:
      return g_strdup_printf ("F-%07u", seq);
    case COUNTRY_CO:
      return g_strdup_printf ("FE-%06u", seq);
    case COUNTRY_PE:
      return g_strdup_printf ("F001-%08u", seq);
    case COUNTRY_AR:
      return g_strdup_printf ("A-0003-%08u", seq);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
add_customer (Demo     *demo,
              guint     index,
              guint     min_invoices,
              guint     max_invoices,
              GError  **error)
{
  g_auto(DemoCustomer) customer = { 0 };
  g_autoptr(GArray) invoices = g_array_new (FALSE, TRUE, sizeof (DemoInvoice));
  sqlite3_stmt *stmt = demo->debtor_stmt;
  const CountryInfo *info;
  gint64 debtor_id;
  guint n_invoices, n_tags;

  _cbz_demo_make_customer (demo, index, &customer);
  info = customer.info;

  sqlite3_bind_text (stmt, 1, customer.name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, customer.name_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, customer.tax_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, info->tax_kind, -1, SQLITE_STATIC);
  _cbz_bind_text (stmt, 5, customer.contact);
  sqlite3_bind_text (stmt, 6, customer.phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, customer.mobile, -1, SQLITE_STATIC);
  if (customer.on_whatsapp)
    sqlite3_bind_text (stmt, 8, customer.mobile, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, customer.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, customer.address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, customer.city->city, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, customer.city->region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, customer.postal_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, info->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, info->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 16, customer.opt_out_sms);
  sqlite3_bind_int64 (stmt, 17, customer.created_at);
  if (!step (demo, stmt, error))
    return FALSE;
  debtor_id = sqlite3_last_insert_rowid (demo->db);

  n_tags = (guint) rng_range (&demo->rng, 0, 2);
  for (guint i = 0; i < n_tags; i++)
    {
      sqlite3_bind_int64 (demo->tag_stmt, 1, debtor_id);
      sqlite3_bind_text (demo->tag_stmt, 2, PICK (&demo->rng, tags), -1, SQLITE_STATIC);
      if (!step (demo, demo->tag_stmt, error))
        return FALSE;
    }

  /* Invoices */
  n_invoices = (guint) rng_range (&demo->rng, min_invoices, max_invoices);
  for (guint i = 0; i < n_invoices; i++)
    {
      DemoInvoice inv = { 0 };
      g_autofree char *number = make_invoice_number (demo, info);
      gboolean usd = info->country != COUNTRY_CL && rng_chance (&demo->rng, 4);
      const char *currency = usd ? "USD" : info->currency;
      gint64 days = pick_days_overdue (&demo->rng);
      gint64 terms = PICK (&demo->rng, ((const gint64[]) { 0, 15, 30, 30, 45, 60 }));
      gint64 amount = usd ? pick_amount (&demo->rng, _cbz_demo_get_country (COUNTRY_MX), 100, 20000)
                          : pick_amount (&demo->rng, info, info->min_amount, info->max_amount);
      gint64 balance = amount;
      const char *status = "open";
      char due[11], issued[11];

      day_offset (demo, -days, due);
      day_offset (demo, -days - terms, issued);

      /* Older invoices are more often settled, and some were part paid. */
      if (days > 20 && rng_chance (&demo->rng, (guint) MIN (45, days / 6)))
        {
          balance = 0;
          status = "paid";
        }
      else if (rng_chance (&demo->rng, 18))
        {
          gint64 paid = amount * rng_range (&demo->rng, 15, 80) / 100;

          if (!info->decimals && !usd)
            paid -= paid % 100;
          if (paid > 0 && paid < amount)
            {
              balance = amount - paid;
              status = "partially-paid";
            }
        }
      else if (days > 30 && rng_chance (&demo->rng, 2))
        status = "disputed";
      else if (days > 300 && rng_chance (&demo->rng, 10))
        status = "written-off";

      stmt = demo->invoice_stmt;
      sqlite3_bind_int64 (stmt, 1, debtor_id);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, issued, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, due, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, currency, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, amount);
      sqlite3_bind_int64 (stmt, 7, balance);
      sqlite3_bind_text (stmt, 8, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, PICK (&demo->rng, descriptions), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, customer.created_at);
      if (!step (demo, stmt, error))
        return FALSE;

      inv.id = sqlite3_last_insert_rowid (demo->db);
      inv.balance = balance;
      inv.days_overdue = days;
      g_strlcpy (inv.number, number, sizeof inv.number);
      g_strlcpy (inv.currency, currency, sizeof inv.currency);

      if (balance < amount)
        {
          char paid_on[11];
          gint64 paid_days_ago = rng_range (&demo->rng, 1, MAX (2, MIN (days, 60)));

          day_offset (demo, -paid_days_ago, paid_on);
          stmt = demo->payment_stmt;
          sqlite3_bind_int64 (stmt, 1, debtor_id);
          sqlite3_bind_int64 (stmt, 2, inv.id);
          sqlite3_bind_text (stmt, 3, paid_on, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, currency, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 5, amount - balance);
          sqlite3_bind_text (stmt, 6, rng_chance (&demo->rng, 70) ? "transfer" : "cash", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 7, demo->today_us - paid_days_ago * USEC_PER_DAY);
          if (!step (demo, stmt, error))
            return FALSE;

          /* Only the recent part payments make it to the timeline. */
          if (balance > 0 && paid_days_ago <= 30)
            {
              g_autofree char *summary = g_strdup_printf ("Abono a la factura %s", number);

              if (add_event (demo, debtor_id, demo->today_us - paid_days_ago * USEC_PER_DAY,
                             "payment", NULL, "internal", summary, NULL, NULL, inv.id, error) == 0)
                return FALSE;
            }
        }

      g_array_append_val (invoices, inv);
    }

  /* A few timeline entries about the oldest open invoice. */
  {
    DemoInvoice *oldest = NULL;

    for (guint i = 0; i < invoices->len; i++)
      {
        DemoInvoice *inv = &g_array_index (invoices, DemoInvoice, i);

        if (inv->balance > 0 && inv->days_overdue > 0 &&
            (oldest == NULL || inv->days_overdue > oldest->days_overdue))
          oldest = inv;
      }

    if (oldest != NULL)
      {
        static const char * const channels[] = { "whatsapp", "whatsapp", "sms", "email" };
        static const char * const states[] = { "delivered", "read", "delivered", "sent", "failed" };
        const char *channel = PICK (&demo->rng, channels);
        gint64 when = demo->today_us - rng_range (&demo->rng, 1, MIN (oldest->days_overdue, 25) + 1) * USEC_PER_DAY;
        g_autofree char *summary = NULL;
        const char *via = g_str_equal (channel, "whatsapp") ? "WhatsApp" : g_str_equal (channel, "sms") ? "SMS" : "correo";

        summary = g_strdup_printf ("Recordatorio por %s: factura %s vencida", via, oldest->number);
        if (add_event (demo, debtor_id, when, "reminder", channel, "outbound", summary, NULL,
                       PICK (&demo->rng, states), oldest->id, error) == 0)
          return FALSE;

        if (rng_chance (&demo->rng, 35))
          {
            static const char * const replies[] = {
              "Buen día, ya lo turné a pagos, esta semana les deposito.",
              "¿Me pueden reenviar la factura? No la encuentro.",
              "Estamos revisando, hay una diferencia en el precio.",
              "Les pago el viernes sin falta.",
            };

            g_free (summary);
            summary = g_strdup_printf ("Respuesta por %s", via);
            if (add_event (demo, debtor_id, when + 3 * USEC_PER_HOUR, "reply", channel, "inbound",
                           summary, PICK (&demo->rng, replies), NULL, oldest->id, error) == 0)
              return FALSE;
          }

        if (oldest->days_overdue > 60 && rng_chance (&demo->rng, 40))
          {
            g_free (summary);
            summary = g_strdup_printf ("Llamada a %s: promete revisar la factura %s",
                                       customer.contact != NULL ? customer.contact : customer.first, oldest->number);
            if (add_event (demo, debtor_id, when + USEC_PER_DAY, "call", "phone", "outbound",
                           summary, NULL, NULL, oldest->id, error) == 0)
              return FALSE;
          }

        if (rng_chance (&demo->rng, 15))
          {
            char promised_on[11];
            gint64 in_days = rng_range (&demo->rng, -10, 14);
            gint64 promised = MAX (oldest->balance / 2, 1);
            const char *promise_status = in_days >= 0 ? "pending" : rng_chance (&demo->rng, 50) ? "kept" : "broken";

            day_offset (demo, in_days, promised_on);
            stmt = demo->promise_stmt;
            sqlite3_bind_int64 (stmt, 1, debtor_id);
            sqlite3_bind_text (stmt, 2, promised_on, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 3, oldest->currency, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 4, promised);
            sqlite3_bind_text (stmt, 5, promise_status, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 6, "Acordado por teléfono", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 7, when);
            if (!step (demo, stmt, error))
              return FALSE;

            g_free (summary);
            summary = g_strdup_printf ("Promesa de pago para el %s", promised_on);
            if (add_event (demo, debtor_id, when + 2 * USEC_PER_DAY, "promise", "phone", "inbound",
                           summary, NULL, NULL, oldest->id, error) == 0)
              return FALSE;
          }
      }
  }

  return TRUE;
}

static sqlite3_stmt *
prepare (Demo        *demo,
         const char  *sql,
         GError     **error)
{
  return _cbz_store_prepare (demo->store, sql, error);
}

gboolean
cbz_demo_generate (CbzStore  *store,
                   guint      n_customers,
                   guint64    seed,
                   GError   **error)
{
  return cbz_demo_generate_full (store, n_customers, 1, 12, seed, error);
}

gboolean
cbz_demo_generate_full (CbzStore  *store,
                        guint      n_customers,
                        guint      min_invoices,
                        guint      max_invoices,
                        guint64    seed,
                        GError   **error)
{
  g_autoptr(GDateTime) noon = NULL;
  Demo demo = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (min_invoices >= 1 && min_invoices <= max_invoices, FALSE);

  demo.store = store;
  demo.db = cbz_store_get_handle (store);
  demo.rng.state = seed;
  cbz_store_get_today_date (store, &demo.today);
  noon = g_date_time_new_utc ((int) g_date_get_year (&demo.today), (int) g_date_get_month (&demo.today),
                              (int) g_date_get_day (&demo.today), 12, 0, 0);
  demo.today_us = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  demo.tax_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!cbz_store_begin (store, error))
    goto out;

  /* Tax IDs and invoice numbers must not clash with what the file holds. */
  {
    sqlite3_stmt *existing = prepare (&demo, "SELECT tax_id FROM debtors WHERE tax_id IS NOT NULL", error);

    if (existing == NULL)
      goto rollback;
    while (sqlite3_step (existing) == SQLITE_ROW)
      g_hash_table_add (demo.tax_ids, g_strdup ((const char *) sqlite3_column_text (existing, 0)));
    sqlite3_reset (existing);
  }
  {
    sqlite3_stmt *count = prepare (&demo, "SELECT COUNT(*) FROM invoices", error);

    if (count == NULL || sqlite3_step (count) != SQLITE_ROW)
      goto rollback;
    demo.invoice_seq = (guint) sqlite3_column_int64 (count, 0);
    sqlite3_reset (count);
  }

  if ((demo.debtor_stmt = prepare (&demo,
         "INSERT INTO debtors (name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile,"
         " whatsapp, email, address, city, region, postal_code, country, currency, opt_out_sms,"
         " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
         " ?13, ?14, ?15, ?16, ?17, ?17)", error)) == NULL ||
      (demo.tag_stmt = prepare (&demo,
         "INSERT OR IGNORE INTO debtor_tags (debtor_id, tag) VALUES (?1, ?2)", error)) == NULL ||
      (demo.invoice_stmt = prepare (&demo,
         "INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency, amount, balance,"
         " status, description, created_at, updated_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error)) == NULL ||
      (demo.payment_stmt = prepare (&demo,
         "INSERT INTO payments (debtor_id, invoice_id, paid_on, currency, amount, method, created_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)) == NULL ||
      (demo.promise_stmt = prepare (&demo,
         "INSERT INTO promises (debtor_id, promised_on, currency, amount, status, note, created_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)) == NULL ||
      (demo.event_stmt = prepare (&demo,
         "INSERT INTO events (debtor_id, occurred_at, kind, channel, direction, summary, body,"
         " delivery_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)) == NULL ||
      (demo.link_stmt = prepare (&demo,
         "INSERT OR IGNORE INTO event_invoices (event_id, invoice_id) VALUES (?1, ?2)", error)) == NULL)
    goto rollback;

  for (guint i = 0; i < n_customers; i++)
    {
      if (!add_customer (&demo, i + 1, min_invoices, max_invoices, error))
        goto rollback;
    }

  if (!cbz_store_refresh_summaries (store, NULL, 0, error) || !cbz_store_commit (store, error))
    goto rollback;

  ok = TRUE;
  goto out;

rollback:
  cbz_store_rollback (store);
out:
  g_clear_pointer (&demo.tax_ids, g_hash_table_unref);
  return ok;
}

