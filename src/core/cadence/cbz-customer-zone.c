/* cbz-customer-zone.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-customer-zone.h"
#include "cbz-text.h"

typedef struct
{
  const char *key;   /* normalised: lower case ASCII letters and digits only */
  const char *zone;
} RegionZone;

static const RegionZone mexico[] = {
  { "bajacalifornia", "America/Tijuana" },
  { "bajacalifornianorte", "America/Tijuana" },
  { "bc", "America/Tijuana" },
  { "bcn", "America/Tijuana" },
  { "sonora", "America/Hermosillo" },
  { "son", "America/Hermosillo" },
  { "sonr", "America/Hermosillo" },
  { "bajacaliforniasur", "America/Mazatlan" },
  { "bcs", "America/Mazatlan" },
  { "sinaloa", "America/Mazatlan" },
  { "sin", "America/Mazatlan" },
  { "nayarit", "America/Mazatlan" },
  { "nay", "America/Mazatlan" },
  { "chihuahua", "America/Chihuahua" },
  { "chih", "America/Chihuahua" },
  { "quintanaroo", "America/Cancun" },
  { "qroo", "America/Cancun" },
  { "qr", "America/Cancun" },
  { "qtr", "America/Cancun" },
  { NULL, NULL }
};

static const RegionZone chile[] = {
  { "magallanes", "America/Punta_Arenas" },
  { "magallanesylaantarticachilena", "America/Punta_Arenas" },
  { "regiondemagallanesydelaantarticachilena", "America/Punta_Arenas" },
  { "regiondemagallanes", "America/Punta_Arenas" },
  { "xii", "America/Punta_Arenas" },
  { "12", "America/Punta_Arenas" },
  { "aysen", "America/Coyhaique" },
  { "aisen", "America/Coyhaique" },
  { "aysendelgeneralcarlosibanezdelcampo", "America/Coyhaique" },
  { "regiondeaysen", "America/Coyhaique" },
  { "xi", "America/Coyhaique" },
  { "11", "America/Coyhaique" },
  { NULL, NULL }
};

static const RegionZone ecuador[] = {
  { "galapagos", "Pacific/Galapagos" },
  { "islasgalapagos", "Pacific/Galapagos" },
  { NULL, NULL }
};

/* Each state by name and by postal code. */
static const RegionZone united_states[] = {
  { "alabama", "America/Chicago" }, { "al", "America/Chicago" },
  { "alaska", "America/Anchorage" }, { "ak", "America/Anchorage" },
  { "arizona", "America/Phoenix" }, { "az", "America/Phoenix" },
  { "arkansas", "America/Chicago" }, { "ar", "America/Chicago" },
  { "california", "America/Los_Angeles" }, { "ca", "America/Los_Angeles" },
  { "colorado", "America/Denver" }, { "co", "America/Denver" },
  { "connecticut", "America/New_York" }, { "ct", "America/New_York" },
  { "delaware", "America/New_York" }, { "de", "America/New_York" },
  { "districtofcolumbia", "America/New_York" }, { "dc", "America/New_York" },
  { "washingtondc", "America/New_York" },
  { "florida", "America/New_York" }, { "fl", "America/New_York" },
  { "georgia", "America/New_York" }, { "ga", "America/New_York" },
  { "hawaii", "Pacific/Honolulu" }, { "hi", "Pacific/Honolulu" },
  { "idaho", "America/Boise" }, { "id", "America/Boise" },
  { "illinois", "America/Chicago" }, { "il", "America/Chicago" },
  { "indiana", "America/Indiana/Indianapolis" }, { "in", "America/Indiana/Indianapolis" },
  { "iowa", "America/Chicago" }, { "ia", "America/Chicago" },
  { "kansas", "America/Chicago" }, { "ks", "America/Chicago" },
  { "kentucky", "America/New_York" }, { "ky", "America/New_York" },
  { "louisiana", "America/Chicago" }, { "la", "America/Chicago" },
  { "maine", "America/New_York" }, { "me", "America/New_York" },
  { "maryland", "America/New_York" }, { "md", "America/New_York" },
  { "massachusetts", "America/New_York" }, { "ma", "America/New_York" },
  { "michigan", "America/Detroit" }, { "mi", "America/Detroit" },
  { "minnesota", "America/Chicago" }, { "mn", "America/Chicago" },
  { "mississippi", "America/Chicago" }, { "ms", "America/Chicago" },
  { "missouri", "America/Chicago" }, { "mo", "America/Chicago" },
  { "montana", "America/Denver" }, { "mt", "America/Denver" },
  { "nebraska", "America/Chicago" }, { "ne", "America/Chicago" },
  { "nevada", "America/Los_Angeles" }, { "nv", "America/Los_Angeles" },
  { "newhampshire", "America/New_York" }, { "nh", "America/New_York" },
  { "newjersey", "America/New_York" }, { "nj", "America/New_York" },
  { "newmexico", "America/Denver" }, { "nm", "America/Denver" },
  { "newyork", "America/New_York" }, { "ny", "America/New_York" },
  { "northcarolina", "America/New_York" }, { "nc", "America/New_York" },
  { "northdakota", "America/Chicago" }, { "nd", "America/Chicago" },
  { "ohio", "America/New_York" }, { "oh", "America/New_York" },
  { "oklahoma", "America/Chicago" }, { "ok", "America/Chicago" },
  { "oregon", "America/Los_Angeles" }, { "or", "America/Los_Angeles" },
  { "pennsylvania", "America/New_York" }, { "pa", "America/New_York" },
  { "rhodeisland", "America/New_York" }, { "ri", "America/New_York" },
  { "southcarolina", "America/New_York" }, { "sc", "America/New_York" },
  { "southdakota", "America/Chicago" }, { "sd", "America/Chicago" },
  { "tennessee", "America/Chicago" }, { "tn", "America/Chicago" },
  { "texas", "America/Chicago" }, { "tx", "America/Chicago" },
  { "utah", "America/Denver" }, { "ut", "America/Denver" },
  { "vermont", "America/New_York" }, { "vt", "America/New_York" },
  { "virginia", "America/New_York" }, { "va", "America/New_York" },
  { "washington", "America/Los_Angeles" }, { "wa", "America/Los_Angeles" },
  { "westvirginia", "America/New_York" }, { "wv", "America/New_York" },
  { "wisconsin", "America/Chicago" }, { "wi", "America/Chicago" },
  { "wyoming", "America/Denver" }, { "wy", "America/Denver" },
  { "puertorico", "America/Puerto_Rico" }, { "pr", "America/Puerto_Rico" },
  { NULL, NULL }
};

static const struct
{
  const char       *country;
  const char       *zone;       /* for a region not in the table */
  const RegionZone *regions;
} countries[] = {
  { "MX", "America/Mexico_City", mexico },
  { "CL", "America/Santiago", chile },
  { "CO", "America/Bogota", NULL },
  { "PE", "America/Lima", NULL },
  { "EC", "America/Guayaquil", ecuador },
  { "AR", "America/Argentina/Buenos_Aires", NULL },
  { "US", "America/New_York", united_states },
  { "BO", "America/La_Paz", NULL },
  { "BR", "America/Sao_Paulo", NULL },
  { "CR", "America/Costa_Rica", NULL },
  { "DO", "America/Santo_Domingo", NULL },
  { "ES", "Europe/Madrid", NULL },
  { "GT", "America/Guatemala", NULL },
  { "HN", "America/Tegucigalpa", NULL },
  { "NI", "America/Managua", NULL },
  { "PA", "America/Panama", NULL },
  { "PR", "America/Puerto_Rico", NULL },
  { "PY", "America/Asuncion", NULL },
  { "SV", "America/El_Salvador", NULL },
  { "UY", "America/Montevideo", NULL },
  { "VE", "America/Caracas", NULL },
};

/* "Q. Roo" -> "qroo", "Baja California Sur" -> "bajacaliforniasur". */
static char *
normalize_region (const char *region)
{
  g_autofree char *name = cbz_text_normalize_name (region);
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

gboolean
cbz_customer_zone_is_valid (const char *zone_id)
{
  GTimeZone *zone;

  if (zone_id == NULL || zone_id[0] == '\0')
    return FALSE;
  zone = g_time_zone_new_identifier (zone_id);
  if (zone == NULL)
    return FALSE;
  g_time_zone_unref (zone);
  return TRUE;
}

static const char *
lookup_region (const RegionZone *regions,
               const char       *key)
{
  for (guint i = 0; regions[i].key != NULL; i++)
    if (g_str_equal (regions[i].key, key))
      return regions[i].zone;
  return NULL;
}

const char *
cbz_customer_zone_for_region (const char *country,
                              const char *region)
{
  g_autofree char *key = NULL;

  if (country == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      const char *zone;

      if (g_ascii_strcasecmp (country, countries[i].country) != 0)
        continue;
      if (region == NULL || countries[i].regions == NULL)
        return countries[i].zone;

      key = normalize_region (region);
      zone = lookup_region (countries[i].regions, key);
      /* "Estado de Sonora", "Región de Aysén", "State of New York". */
      if (zone == NULL && g_str_has_prefix (key, "estadode"))
        zone = lookup_region (countries[i].regions, key + strlen ("estadode"));
      if (zone == NULL && g_str_has_prefix (key, "regionde"))
        zone = lookup_region (countries[i].regions, key + strlen ("regionde"));
      if (zone == NULL && g_str_has_prefix (key, "stateof"))
        zone = lookup_region (countries[i].regions, key + strlen ("stateof"));
      if (zone == NULL && g_str_has_suffix (key, "state") && strlen (key) > 5)
        {
          key[strlen (key) - 5] = '\0';
          zone = lookup_region (countries[i].regions, key);
        }
      /* A zone newer than the system's tzdata falls back to the country's. */
      if (zone != NULL && !cbz_customer_zone_is_valid (zone))
        zone = NULL;
      return zone != NULL ? zone : countries[i].zone;
    }
  return NULL;
}
