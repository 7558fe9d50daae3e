/* cbz-customer-zone.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A customer's IANA time zone from their country and region, for when the
 * customer's row has none (it stays editable: the store keeps what a person
 * or the importer's time-zone column set).
 *
 * Mexico: Baja California -> America/Tijuana; Sonora -> America/Hermosillo;
 * Baja California Sur, Sinaloa and Nayarit (the Pacific zone) ->
 * America/Mazatlan; Chihuahua -> America/Chihuahua; Quintana Roo ->
 * America/Cancun; every other state (and an unknown one) ->
 * America/Mexico_City.
 * Chile -> America/Santiago; Magallanes -> America/Punta_Arenas; Aysén ->
 * America/Coyhaique when the system's tzdata has it.
 * Colombia -> America/Bogota; Peru -> America/Lima; Ecuador ->
 * America/Guayaquil (Galápagos -> Pacific/Galapagos); Argentina ->
 * America/Argentina/Buenos_Aires.
 * United States: each state (name or postal code) to its main zone:
 * America/New_York, America/Detroit, America/Indiana/Indianapolis,
 * America/Chicago, America/Denver, America/Boise, America/Phoenix,
 * America/Los_Angeles,
 * America/Anchorage, Pacific/Honolulu (and America/Puerto_Rico); an unknown
 * state gives America/New_York.
 * Other countries of the region get their capital's zone.
 *
 * Regions are matched loosely: case, accents, dots and spaces do not
 * matter, and common abbreviations are known ("BC", "B.C.", "BCS", "Q. Roo",
 * "NL", "CDMX", "Edo. Méx.", "RM", "XII", "CA", "N.Y.").
 */

/* The zone (a static string), or NULL for a country we know nothing of.
 * @region may be NULL. @country is ISO 3166-1 alpha-2, any case. */
const char *cbz_customer_zone_for_region  (const char *country,
                                           const char *region);
/* TRUE when the system's time zone database knows @zone_id. */
gboolean    cbz_customer_zone_is_valid    (const char *zone_id);

G_END_DECLS
