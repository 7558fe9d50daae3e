/* test-zones.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-clock.h"
#include "cbz-customer-zone.h"
#include "cbz-test-util.h"
#include "cbz-zone-time.h"

static void
test_zone_for_region (void)
{
  static const struct
  {
    const char *country;
    const char *region;
    const char *zone;
  } cases[] = {
    /* Mexico's four zones, and the Pacific states. */
    { "MX", "Baja California", "America/Tijuana" },
    { "MX", "BC", "America/Tijuana" },
    { "MX", "B.C.", "America/Tijuana" },
    { "mx", "baja california", "America/Tijuana" },
    { "MX", "Sonora", "America/Hermosillo" },
    { "MX", "Estado de Sonora", "America/Hermosillo" },
    { "MX", "Quintana Roo", "America/Cancun" },
    { "MX", "Q. Roo", "America/Cancun" },
    { "MX", "QROO", "America/Cancun" },
    { "MX", "Nuevo León", "America/Mexico_City" },
    { "MX", "NL", "America/Mexico_City" },
    { "MX", "CDMX", "America/Mexico_City" },
    { "MX", "Jalisco", "America/Mexico_City" },
    { "MX", NULL, "America/Mexico_City" },
    { "MX", "Baja California Sur", "America/Mazatlan" },
    { "MX", "B.C.S.", "America/Mazatlan" },
    { "MX", "Sinaloa", "America/Mazatlan" },
    { "MX", "Chihuahua", "America/Chihuahua" },
    /* Chile, Colombia, Peru, Ecuador, Argentina. */
    { "CL", "Región Metropolitana", "America/Santiago" },
    { "CL", "Magallanes", "America/Punta_Arenas" },
    { "CL", "Región de Magallanes y de la Antártica Chilena", "America/Punta_Arenas" },
    { "CL", "Aysén", "America/Coyhaique" },
    { "CO", "Antioquia", "America/Bogota" },
    { "PE", "Arequipa", "America/Lima" },
    { "EC", "Pichincha", "America/Guayaquil" },
    { "EC", "Galápagos", "Pacific/Galapagos" },
    { "AR", "Córdoba", "America/Argentina/Buenos_Aires" },
    /* United States, by name or postal code. */
    { "US", "NY", "America/New_York" },
    { "US", "N.Y.", "America/New_York" },
    { "US", "New York", "America/New_York" },
    { "US", "California", "America/Los_Angeles" },
    { "US", "AZ", "America/Phoenix" },
    { "US", "Hawaii", "Pacific/Honolulu" },
    { "US", "tx", "America/Chicago" },
    { "US", "Colorado", "America/Denver" },
    { "US", "Atlantis", "America/New_York" },
    { "BR", NULL, "America/Sao_Paulo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s %s", cases[i].country, cases[i].region);
      g_assert_cmpstr (cbz_customer_zone_for_region (cases[i].country, cases[i].region), ==, cases[i].zone);
      g_assert_true (cbz_customer_zone_is_valid (cases[i].zone));
    }
  g_assert_null (cbz_customer_zone_for_region ("ZZ", "Nowhere"));
  g_assert_null (cbz_customer_zone_for_region (NULL, NULL));
  g_assert_false (cbz_customer_zone_is_valid ("Mars/Olympus_Mons"));
  g_assert_false (cbz_customer_zone_is_valid (""));
}

static gint64
instant (const char *iso)
{
  gint64 us = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (cbz_clock_parse_instant (iso, &us, &error));
  g_assert_no_error (error);
  return us;
}

static void
test_four_mexican_zones (void)
{
  /* 09:00 local on 15 January and 15 July 2027, in UTC. Baja California
   * keeps daylight saving time with the United States; since 2022 the rest
   * of Mexico does not. */
  static const struct
  {
    const char *zone;
    const char *winter;
    const char *summer;
  } cases[] = {
    { "America/Tijuana", "2027-01-15T17:00:00Z", "2027-07-15T16:00:00Z" },
    { "America/Hermosillo", "2027-01-15T16:00:00Z", "2027-07-15T16:00:00Z" },
    { "America/Mexico_City", "2027-01-15T15:00:00Z", "2027-07-15T15:00:00Z" },
    { "America/Cancun", "2027-01-15T14:00:00Z", "2027-07-15T14:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (cases[i].zone);

      g_assert_nonnull (zone);
      g_assert_cmpint (cbz_zone_time_to_instant (zone, cbz_date_init (2027, 1, 15), 9 * 60), ==,
                       instant (cases[i].winter));
      g_assert_cmpint (cbz_zone_time_to_instant (zone, cbz_date_init (2027, 7, 15), 9 * 60), ==,
                       instant (cases[i].summer));
    }
}

static void
test_new_york_dst (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/New_York");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 gap;

  /* Clocks went forward at 02:00 on Sunday 14 March 2027. */
  g_assert_cmpint (cbz_zone_time_to_instant (zone, cbz_date_init (2027, 3, 13), 8 * 60), ==,
                   instant ("2027-03-13T13:00:00Z"));
  g_assert_cmpint (cbz_zone_time_to_instant (zone, cbz_date_init (2027, 3, 14), 8 * 60), ==,
                   instant ("2027-03-14T12:00:00Z"));
  g_assert_cmpint (cbz_zone_time_to_instant (zone, cbz_date_init (2027, 3, 15), 21 * 60), ==,
                   instant ("2027-03-16T01:00:00Z"));
  /* 02:30 does not exist that night: it becomes 03:00, the first instant
   * after the jump. */
  gap = cbz_zone_time_to_instant (zone, cbz_date_init (2027, 3, 14), 2 * 60 + 30);
  g_assert_cmpint (gap, ==, instant ("2027-03-14T07:00:00Z"));
  g_assert_cmpuint (cbz_zone_time_get_minutes (zone, gap), ==, 3 * 60);

  before = cbz_zone_time_format_iso (zone, instant ("2027-03-13T13:00:00Z"));
  after = cbz_zone_time_format_iso (zone, instant ("2027-03-15T12:00:00Z"));
  g_assert_cmpstr (before, ==, "2027-03-13T08:00:00-05:00");
  g_assert_cmpstr (after, ==, "2027-03-15T08:00:00-04:00");
  g_assert_true (cbz_date_equal (cbz_zone_time_get_date (zone, instant ("2027-03-14T04:59:59Z")),
                                 cbz_date_init (2027, 3, 13)));
  g_assert_true (cbz_date_equal (cbz_zone_time_get_date (zone, instant ("2027-03-14T05:00:00Z")),
                                 cbz_date_init (2027, 3, 14)));
}

static void
test_chile_and_colombia (void)
{
  g_autoptr(GTimeZone) santiago = g_time_zone_new_identifier ("America/Santiago");
  g_autoptr(GTimeZone) bogota = g_time_zone_new_identifier ("America/Bogota");
  g_autofree char *summer = cbz_zone_time_format_iso (santiago, instant ("2027-01-15T12:00:00Z"));
  g_autofree char *winter = cbz_zone_time_format_iso (santiago, instant ("2027-07-15T12:00:00Z"));
  g_autofree char *colombia = cbz_zone_time_format_iso (bogota, instant ("2027-07-15T12:00:00Z"));

  /* Chile is -03:00 in the southern summer, -04:00 in winter; Colombia
   * has no daylight saving time. */
  g_assert_cmpstr (summer, ==, "2027-01-15T09:00:00-03:00");
  g_assert_cmpstr (winter, ==, "2027-07-15T08:00:00-04:00");
  g_assert_cmpstr (colombia, ==, "2027-07-15T07:00:00-05:00");
}

int
main (int    argc,
      char **argv)
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cadence/zones/for-region", test_zone_for_region);
  g_test_add_func ("/cadence/zones/four-mexican-zones", test_four_mexican_zones);
  g_test_add_func ("/cadence/zones/new-york-dst", test_new_york_dst);
  g_test_add_func ("/cadence/zones/chile-and-colombia", test_chile_and_colombia);

  return g_test_run ();
}
