/* cbz-demo.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-demo.h"
#include "cbz-store-private.h"
#include "cbz-tax-id.h"

#define USEC_PER_HOUR G_GINT64_CONSTANT (3600000000)
#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

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

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static gint64
rng_range (Rng    *rng,
           gint64  lo,
           gint64  hi)
{
  return lo + (gint64) (rng_next (rng) % (guint64) (hi - lo + 1));
}

static gboolean
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

static const City mx_cities[] = {
  { "Ciudad de México", "CDMX", "55" },
  { "Guadalajara", "Jalisco", "33" },
  { "Monterrey", "Nuevo León", "81" },
  { "Puebla", "Puebla", "222" },
  { "Querétaro", "Querétaro", "442" },
  { "León", "Guanajuato", "477" },
  { "Mérida", "Yucatán", "999" },
  { "San Luis Potosí", "San Luis Potosí", "444" },
  { "Toluca", "Estado de México", "722" },
  { "Culiacán", "Sinaloa", "667" },
};

static const City cl_cities[] = {
  { "Santiago", "Región Metropolitana", "2" },
  { "Valparaíso", "Valparaíso", "32" },
  { "Concepción", "Biobío", "41" },
  { "Temuco", "La Araucanía", "45" },
  { "Antofagasta", "Antofagasta", "55" },
};

static const City co_cities[] = {
  { "Bogotá", "Bogotá D.C.", "601" },
  { "Medellín", "Antioquia", "604" },
  { "Cali", "Valle del Cauca", "602" },
  { "Barranquilla", "Atlántico", "605" },
  { "Bucaramanga", "Santander", "607" },
};

static const City pe_cities[] = {
  { "Lima", "Lima", "1" },
  { "Arequipa", "Arequipa", "54" },
  { "Trujillo", "La Libertad", "44" },
  { "Chiclayo", "Lambayeque", "74" },
  { "Cusco", "Cusco", "84" },
};

static const City ar_cities[] = {
  { "Buenos Aires", "CABA", "11" },
  { "Córdoba", "Córdoba", "351" },
  { "Rosario", "Santa Fe", "341" },
  { "Mendoza", "Mendoza", "261" },
  { "San Miguel de Tucumán", "Tucumán", "381" },
};

static const char * const first_names_f[] = {
  "María", "Lucía", "Sofía", "Verónica", "Inés", "Mónica", "Begoña", "Ximena",
  "Guadalupe", "Fernanda", "Valentina", "Camila", "Andrea", "Rocío", "Beatriz", "Maricruz",
  "Araceli", "Paola", "Daniela", "Itzel",
};

static const char * const first_names_m[] = {
  "José", "Andrés", "Martín", "Ramón", "Héctor", "Óscar", "Raúl", "Sebastián",
  "Joaquín", "Jesús", "Tomás", "Julián", "Agustín", "Germán", "Iván", "Rubén",
  "Nicolás", "Matías", "Santiago", "Emiliano",
};

static const char * const surnames[] = {
  "Pérez", "Hernández", "González", "Rodríguez", "Martínez", "López", "García", "Sánchez",
  "Ramírez", "Gómez", "Díaz", "Muñoz", "Rojas", "Núñez", "Castañeda", "Ibáñez",
  "Peña", "Álvarez", "Fernández", "Jiménez", "Ortiz", "Vázquez", "Gutiérrez", "Chávez",
  "Domínguez", "Suárez", "Montoya", "Quiñones", "Aguilar", "Córdova", "Villaseñor", "Zúñiga",
  "Cárdenas", "Benítez", "Espinoza", "Fuentes", "Salazar", "Valdés", "Morán", "Echeverría",
};

static const char * const company_kinds[] = {
  "Distribuidora", "Comercializadora", "Ferretería", "Abarrotes", "Farmacia", "Constructora",
  "Transportes", "Panadería", "Papelería", "Refaccionaria", "Importadora", "Servicios Integrales",
  "Grupo", "Industrias", "Agroquímicos", "Lácteos", "Materiales", "Muebles", "Textiles",
  "Tecnología", "Climas y Refrigeración", "Alimentos", "Laboratorios", "Plásticos",
};

static const char * const company_cores[] = {
  "del Bajío", "La Esperanza", "San José", "El Águila", "Los Andes", "del Pacífico",
  "Santa Lucía", "El Sol", "La Montaña", "del Norte", "Río Bravo", "Las Palmas",
  "La Huerta", "San Martín", "El Roble", "Nueva Era", "Cóndor", "Del Valle",
  "Tres Hermanos", "La Ceiba", "Patagonia", "Cordillera", "Caribe", "Altiplano",
};

static const char * const mx_suffixes[] = { "S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V." };
static const char * const cl_suffixes[] = { "SpA", "Ltda.", "S.A." };
static const char * const co_suffixes[] = { "S.A.S.", "Ltda.", "S.A." };
static const char * const pe_suffixes[] = { "S.A.C.", "E.I.R.L.", "S.A." };
static const char * const ar_suffixes[] = { "S.R.L.", "S.A.", "S.A.S." };

static const char * const streets[] = {
  "Av. Insurgentes Sur", "Calle Hidalgo", "Av. Juárez", "Calle Morelos", "Av. Revolución",
  "Av. Providencia", "Calle Los Aromos", "Av. Libertador", "Calle San Martín", "Av. Arequipa",
  "Jr. de la Unión", "Calle Bolívar", "Av. Corrientes", "Calle Sarmiento", "Av. Santa Fe",
  "Carrera Séptima", "Av. Las Américas", "Calle Real", "Av. Universidad", "Calle Colón",
};

static const char * const tags[] = {
  "mayoreo", "menudeo", "gobierno", "distribuidor", "contado", "crédito 30",
  "crédito 60", "exportación", "cliente nuevo", "preferente",
};

static const char * const descriptions[] = {
  "Mercancía según pedido", "Material de construcción", "Servicio de mantenimiento",
  "Refacciones", "Abarrotes surtidos", "Medicamentos", "Papelería y consumibles",
  "Flete", "Equipo de cómputo", "Renta mensual", "Productos lácteos", "Muebles de oficina",
};

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

static const CountryInfo countries[] = {
  [COUNTRY_MX] = { COUNTRY_MX, "MX", "MXN", "RFC", mx_cities, G_N_ELEMENTS (mx_cities), mx_suffixes, "com.mx", 500, 250000, TRUE },
  [COUNTRY_CL] = { COUNTRY_CL, "CL", "CLP", "RUT", cl_cities, G_N_ELEMENTS (cl_cities), cl_suffixes, "cl", 20000, 15000000, FALSE },
  [COUNTRY_CO] = { COUNTRY_CO, "CO", "COP", "NIT", co_cities, G_N_ELEMENTS (co_cities), co_suffixes, "com.co", 100000, 80000000, FALSE },
  [COUNTRY_PE] = { COUNTRY_PE, "PE", "PEN", "RUC", pe_cities, G_N_ELEMENTS (pe_cities), pe_suffixes, "com.pe", 100, 60000, TRUE },
  [COUNTRY_AR] = { COUNTRY_AR, "AR", "ARS", "CUIT", ar_cities, G_N_ELEMENTS (ar_cities), ar_suffixes, "com.ar", 10000, 20000000, TRUE },
};

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

static Country
pick_country (Rng *rng)
{
  guint r = (guint) (rng_next (rng) % 100);

  if (r < 55)
    return COUNTRY_MX;
  if (r < 70)
    return COUNTRY_CL;
  if (r < 83)
    return COUNTRY_CO;
  if (r < 92)
    return COUNTRY_PE;
  return COUNTRY_AR;
}

/* First letter of the text without its accent, uppercase ASCII. */
static char
initial (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        return g_ascii_toupper (*p);
    }
  return 'X';
}

static char
first_inner_vowel (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  for (const char *p = ascii + 1; *p != '\0'; p++)
    {
      if (strchr ("aeiouAEIOU", *p) != NULL)
        return g_ascii_toupper (*p);
    }
  return 'X';
}

static void
append_rfc_tail (Demo    *demo,
                 GString *rfc)
{
  static const char homoclave[] = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  gint64 year = rng_range (&demo->rng, 1960, 2015);
  gint64 month = rng_range (&demo->rng, 1, 12);
  gint64 day = rng_range (&demo->rng, 1, 28);

  g_string_append_printf (rfc, "%02d%02d%02d", (int) (year % 100), (int) month, (int) day);
  for (guint i = 0; i < 2; i++)
    g_string_append_c (rfc, homoclave[rng_next (&demo->rng) % (sizeof homoclave - 1)]);
  /* The last character is the SAT's check digit over the rest. */
  g_string_append_c (rfc, cbz_tax_id_compute_check (CBZ_TAX_ID_RFC, rfc->str));
}

/* RUT check digit: weights 2..7 from the right, mod 11. */
static char
rut_check_digit (guint64 body)
{
  guint sum = 0, weight = 2;

  for (; body > 0; body /= 10)
    {
      sum += (guint) (body % 10) * weight;
      weight = weight == 7 ? 2 : weight + 1;
    }
  switch (11 - sum % 11)
    {
    case 11:
      return '0';
    case 10:
      return 'K';
    default:
      return (char) ('0' + 11 - sum % 11);
    }
}

/* DIAN's NIT check digit. */
static guint
nit_check_digit (guint64 body)
{
  static const guint weights[] = { 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 };
  guint sum = 0;

  for (guint i = 0; body > 0 && i < G_N_ELEMENTS (weights); i++, body /= 10)
    sum += (guint) (body % 10) * weights[i];
  sum %= 11;
  return sum > 1 ? 11 - sum : sum;
}

/* CUIT and RUC share the 5432765432 weights. Returns the 11 - mod result. */
static guint
weighted_5432765432 (const char *ten_digits)
{
  static const guint weights[] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  guint sum = 0;

  for (guint i = 0; i < 10; i++)
    sum += (guint) (ten_digits[i] - '0') * weights[i];
  return 11 - sum % 11;
}

static char *
make_tax_id (Demo          *demo,
             const CountryInfo *info,
             gboolean       company,
             const char    *name_a,
             const char    *name_b,
             const char    *name_c)
{
  for (;;)
    {
      GString *id = g_string_new (NULL);
      char *result;

      switch (info->country)
        {
        case COUNTRY_MX:
          if (company)
            {
              /* Initials of the first three words of the name (or first
               * word's initial and the second's first two letters), date,
               * homoclave: 12 characters. */
              g_auto(GStrv) words = g_strsplit (name_a, " ", 4);
              guint n_words = g_strv_length (words);
              g_autofree char *second = n_words > 1 ? g_str_to_ascii (words[1], "C") : g_strdup ("X");

              g_string_append_c (id, initial (words[0]));
              if (n_words >= 3 && strlen (words[2]) > 1 && g_ascii_isupper (words[2][0]))
                {
                  g_string_append_c (id, initial (words[1]));
                  g_string_append_c (id, initial (words[2]));
                }
              else
                {
                  g_string_append_c (id, g_ascii_toupper (second[0]));
                  g_string_append_c (id, strlen (second) > 1 && g_ascii_isalpha (second[1]) ? g_ascii_toupper (second[1]) : 'X');
                }
            }
          else
            {
              /* Surname initial + its first inner vowel, second surname, name: 13. */
              g_string_append_c (id, initial (name_b));
              g_string_append_c (id, first_inner_vowel (name_b));
              g_string_append_c (id, initial (name_c));
              g_string_append_c (id, initial (name_a));
            }
          append_rfc_tail (demo, id);
          break;

        case COUNTRY_CL:
          {
            guint64 body = company ? (guint64) rng_range (&demo->rng, 76000000, 77999999)
                                   : (guint64) rng_range (&demo->rng, 5000000, 25999999);

            g_string_append_printf (id, "%" G_GUINT64_FORMAT "%c", body, rut_check_digit (body));
          }
          break;

        case COUNTRY_CO:
          {
            guint64 body = company ? (guint64) rng_range (&demo->rng, 800000000, 901999999)
                                   : (guint64) rng_range (&demo->rng, 100000000, 799999999);

            /* Nine digits and the check digit, like a company's: shorter
             * numbers read as a NIT without its check digit. */
            g_string_append_printf (id, "%" G_GUINT64_FORMAT "%u", body, nit_check_digit (body));
          }
          break;

        case COUNTRY_PE:
          {
            guint check;

            g_string_append_printf (id, "%s%08u", company ? "20" : "10",
                                    (guint) rng_range (&demo->rng, 10000000, 99999999));
            check = weighted_5432765432 (id->str);
            g_string_append_printf (id, "%u", check == 10 ? 0 : check == 11 ? 1 : check);
          }
          break;

        case COUNTRY_AR:
          {
            static const char * const person_prefixes[] = { "20", "27" };
            guint check;

            g_string_append_printf (id, "%s%08u",
                                    company ? "30" : PICK (&demo->rng, person_prefixes),
                                    (guint) rng_range (&demo->rng, company ? 50000000 : 10000000,
                                                       company ? 71999999 : 45999999));
            check = weighted_5432765432 (id->str);
            if (check == 10)
              {
                /* No valid CUIT with this body: draw another. */
                g_string_free (id, TRUE);
                continue;
              }
            g_string_append_printf (id, "%u", check == 11 ? 0 : check);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      /* Stored exactly as the importer would read it back (same kind, same
       * normalised form), so export → import finds the same customer. */
      {
        CbzTaxId parsed;

        if (!cbz_tax_id_parse (id->str, info->code, CBZ_TAX_ID_UNKNOWN, &parsed, NULL) ||
            !g_str_equal (parsed.normalized, id->str) ||
            g_strcmp0 (cbz_tax_id_kind_to_string (parsed.kind), info->tax_kind) != 0)
          {
            g_string_free (id, TRUE);
            continue;
          }
      }

      result = g_string_free (id, FALSE);
      if (g_hash_table_add (demo->tax_ids, result))
        return g_strdup (result);
    }
}

static char *
make_phone (Demo              *demo,
            const CountryInfo *info,
            const City        *city,
            gboolean           mobile)
{
  switch (info->country)
    {
    case COUNTRY_MX:
      {
        /* 10 national digits: area code + subscriber. */
        gsize area_len = strlen (city->area);
        guint64 max = area_len == 2 ? 99999999 : 9999999;
        guint64 min = area_len == 2 ? 20000000 : 2000000;

        return g_strdup_printf ("+52%s%0*" G_GUINT64_FORMAT, city->area, (int) (10 - area_len),
                                (guint64) rng_range (&demo->rng, (gint64) min, (gint64) max));
      }
    case COUNTRY_CL:
      /* 9 national digits: mobiles 9 + 8; Santiago 2 2 + 7; regions area + 2 + 6. */
      if (mobile)
        return g_strdup_printf ("+569%08u", (guint) rng_range (&demo->rng, 20000000, 99999999));
      return g_strdup_printf ("+56%s2%0*u", city->area, (int) (8 - strlen (city->area)),
                              (guint) rng_range (&demo->rng, strlen (city->area) == 1 ? 1000000 : 100000,
                                                 strlen (city->area) == 1 ? 9999999 : 999999));
    case COUNTRY_CO:
      if (mobile)
        return g_strdup_printf ("+573%02u%07u", (guint) rng_range (&demo->rng, 0, 50),
                                (guint) rng_range (&demo->rng, 1000000, 9999999));
      return g_strdup_printf ("+57%s%07u", city->area, (guint) rng_range (&demo->rng, 2000000, 7999999));
    case COUNTRY_PE:
      if (mobile)
        return g_strdup_printf ("+519%08u", (guint) rng_range (&demo->rng, 10000000, 99999999));
      return g_strdup_printf ("+51%s%0*u", city->area, (int) (strlen (city->area) == 1 ? 7 : 6),
                              (guint) rng_range (&demo->rng, 200000, strlen (city->area) == 1 ? 7999999 : 799999));
    case COUNTRY_AR:
      {
        /* Mobiles carry a 9 after the country code; 10 national digits. */
        gsize area_len = strlen (city->area);
        guint64 subscriber = (guint64) rng_range (&demo->rng, area_len == 2 ? 20000000 : 2000000,
                                                  area_len == 2 ? 69999999 : 6999999);

        return g_strdup_printf ("+54%s%s%0*" G_GUINT64_FORMAT, mobile ? "9" : "", city->area,
                                (int) (10 - area_len), subscriber);
      }
    default:
      g_assert_not_reached ();
    }
}

static char *
make_slug (const char *text,
           char        separator)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *slug = g_string_new (NULL);
  gboolean pending = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending && slug->len > 0 && separator != '\0')
            g_string_append_c (slug, separator);
          g_string_append_c (slug, g_ascii_tolower (*p));
          pending = FALSE;
        }
      else
        pending = TRUE;
    }
  return g_string_free (slug, FALSE);
}

static char *
make_postal_code (Demo              *demo,
                  const CountryInfo *info)
{
  switch (info->country)
    {
    case COUNTRY_MX:
      return g_strdup_printf ("%05u", (guint) rng_range (&demo->rng, 1000, 99999));
    case COUNTRY_CL:
      return g_strdup_printf ("%07u", (guint) rng_range (&demo->rng, 1000000, 9999999));
    case COUNTRY_CO:
      return g_strdup_printf ("%06u", (guint) rng_range (&demo->rng, 110000, 999999));
    case COUNTRY_PE:
      return g_strdup_printf ("15%03u", (guint) rng_range (&demo->rng, 1, 999));
    case COUNTRY_AR:
      return g_strdup_printf ("C%04u%c%c%c", (guint) rng_range (&demo->rng, 1000, 1499),
                              (char) ('A' + rng_next (&demo->rng) % 26),
                              (char) ('A' + rng_next (&demo->rng) % 26),
                              (char) ('A' + rng_next (&demo->rng) % 26));
    default:
      g_assert_not_reached ();
    }
}

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
  const CountryInfo *info = &countries[pick_country (&demo->rng)];
  const City *city = &info->cities[rng_next (&demo->rng) % info->n_cities];
  gboolean company = rng_chance (&demo->rng, 65);
  gboolean female = rng_chance (&demo->rng, 50);
  const char *first = female ? PICK (&demo->rng, first_names_f) : PICK (&demo->rng, first_names_m);
  const char *second_first = female ? PICK (&demo->rng, first_names_f) : PICK (&demo->rng, first_names_m);
  const char *surname1 = PICK (&demo->rng, surnames);
  const char *surname2 = PICK (&demo->rng, surnames);
  const char *kind = PICK (&demo->rng, company_kinds);
  const char *core = PICK (&demo->rng, company_cores);
  const char *suffix = info->suffixes[rng_next (&demo->rng) % 3];
  g_autofree char *name = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *tax_id = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *email = NULL;
  g_autofree char *address = NULL;
  g_autofree char *postal_code = NULL;
  g_autofree char *slug = NULL;
  g_autoptr(GArray) invoices = g_array_new (FALSE, TRUE, sizeof (DemoInvoice));
  gint64 created_at = demo->today_us - (gint64) rng_range (&demo->rng, 200, 900) * USEC_PER_DAY;
  sqlite3_stmt *stmt = demo->debtor_stmt;
  gint64 debtor_id;
  guint n_invoices, n_tags;

  if (company)
    {
      /* "Ferretería Núñez S.A. de C.V." or "Distribuidora del Bajío SpA" */
      g_autofree char *base = NULL;

      if (rng_chance (&demo->rng, 50))
        base = g_strdup_printf ("%s %s", kind, surname1);
      else
        base = g_strdup_printf ("%s %s", kind, core);
      name = g_strdup_printf ("%s %s", base, suffix);
      tax_id = make_tax_id (demo, info, TRUE, base, NULL, NULL);
      contact = g_strdup_printf ("%s %s", first, surname2);
    }
  else
    {
      if (rng_chance (&demo->rng, 40))
        name = g_strdup_printf ("%s %s %s %s", first, second_first, surname1, surname2);
      else
        name = g_strdup_printf ("%s %s %s", first, surname1, surname2);
      tax_id = make_tax_id (demo, info, FALSE, first, surname1, surname2);
    }

  name_key = _cbz_search_key (name);
  phone = make_phone (demo, info, city, FALSE);
  mobile = make_phone (demo, info, city, TRUE);
  postal_code = make_postal_code (demo, info);
  address = g_strdup_printf ("%s %u%s", PICK (&demo->rng, streets),
                             (guint) rng_range (&demo->rng, 10, 4999),
                             rng_chance (&demo->rng, 30) ? ", Local 3" : "");
  if (company)
    {
      /* "pagos@nunez123.com.mx": the legal suffix stays out of the domain. */
      g_autofree char *name_slug = make_slug (rng_chance (&demo->rng, 50) ? surname1 : core, '\0');
      g_autofree char *contact_slug = make_slug (first, '\0');

      email = g_strdup_printf ("pagos@%s%u.%s, %s@%s%u.%s",
                               name_slug, index, info->domain_tld,
                               contact_slug, name_slug, index, info->domain_tld);
    }
  else
    {
      static const char * const providers[] = { "gmail.com", "hotmail.com", "outlook.com", "yahoo.com" };
      g_autofree char *person = g_strdup_printf ("%s %s %u", first, surname1, index);

      slug = make_slug (person, '.');
      email = g_strdup_printf ("%s@%s", slug, PICK (&demo->rng, providers));
    }

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tax_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, info->tax_kind, -1, SQLITE_STATIC);
  _cbz_bind_text (stmt, 5, contact);
  sqlite3_bind_text (stmt, 6, phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, mobile, -1, SQLITE_STATIC);
  /* Most people use their mobile on WhatsApp; some have none listed. */
  if (rng_chance (&demo->rng, 85))
    sqlite3_bind_text (stmt, 8, mobile, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, city->city, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, city->region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, postal_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, info->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, info->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 16, rng_chance (&demo->rng, 3));
  sqlite3_bind_int64 (stmt, 17, created_at);
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
      gint64 amount = usd ? pick_amount (&demo->rng, &countries[COUNTRY_MX], 100, 20000)
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
      sqlite3_bind_int64 (stmt, 10, created_at);
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
                                       contact != NULL ? contact : first, oldest->number);
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
