/* cbz-demo-people.c: who the demo portfolio's customers are
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Companies and people from Mexico (most), Chile, Colombia, Peru and
 * Argentina, with tax IDs in their real shapes (valid check digits), E.164
 * phones from real area codes, addresses and e-mail addresses.
 */

#include "config.h"

#include <string.h>

#include "cbz-demo-private.h"
#include "cbz-tax-id.h"

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

static const CountryInfo countries[] = {
  [COUNTRY_MX] = { COUNTRY_MX, "MX", "MXN", "RFC", mx_cities, G_N_ELEMENTS (mx_cities), mx_suffixes, "com.mx", 500, 250000, TRUE },
  [COUNTRY_CL] = { COUNTRY_CL, "CL", "CLP", "RUT", cl_cities, G_N_ELEMENTS (cl_cities), cl_suffixes, "cl", 20000, 15000000, FALSE },
  [COUNTRY_CO] = { COUNTRY_CO, "CO", "COP", "NIT", co_cities, G_N_ELEMENTS (co_cities), co_suffixes, "com.co", 100000, 80000000, FALSE },
  [COUNTRY_PE] = { COUNTRY_PE, "PE", "PEN", "RUC", pe_cities, G_N_ELEMENTS (pe_cities), pe_suffixes, "com.pe", 100, 60000, TRUE },
  [COUNTRY_AR] = { COUNTRY_AR, "AR", "ARS", "CUIT", ar_cities, G_N_ELEMENTS (ar_cities), ar_suffixes, "com.ar", 10000, 20000000, TRUE },
};

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

const CountryInfo *
_cbz_demo_get_country (Country country)
{
  g_assert ((guint) country < G_N_ELEMENTS (countries));
  return &countries[country];
}

void
_cbz_demo_customer_clear (DemoCustomer *customer)
{
  g_clear_pointer (&customer->name, g_free);
  g_clear_pointer (&customer->name_key, g_free);
  g_clear_pointer (&customer->tax_id, g_free);
  g_clear_pointer (&customer->contact, g_free);
  g_clear_pointer (&customer->phone, g_free);
  g_clear_pointer (&customer->mobile, g_free);
  g_clear_pointer (&customer->email, g_free);
  g_clear_pointer (&customer->address, g_free);
  g_clear_pointer (&customer->postal_code, g_free);
}

/* The draws keep the order they always had: the same seed gives the same
 * customers as before this was a function of its own. */
void
_cbz_demo_make_customer (Demo         *demo,
                         guint         index,
                         DemoCustomer *out)
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
  gint64 created_at = demo->today_us - (gint64) rng_range (&demo->rng, 200, 900) * USEC_PER_DAY;

  memset (out, 0, sizeof *out);

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

  out->info = info;
  out->city = city;
  out->company = company;
  out->first = first;
  out->name = g_steal_pointer (&name);
  out->name_key = g_steal_pointer (&name_key);
  out->tax_id = g_steal_pointer (&tax_id);
  out->contact = g_steal_pointer (&contact);
  out->phone = g_steal_pointer (&phone);
  out->mobile = g_steal_pointer (&mobile);
  out->email = g_steal_pointer (&email);
  out->address = g_steal_pointer (&address);
  out->postal_code = g_steal_pointer (&postal_code);
  out->created_at = created_at;
  /* Most people use their mobile on WhatsApp; some have none listed. */
  out->on_whatsapp = rng_chance (&demo->rng, 85);
  out->opt_out_sms = rng_chance (&demo->rng, 3);
}
