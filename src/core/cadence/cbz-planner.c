/* cbz-planner.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-cadence-assignment-private.h"
#include "cbz-customer-zone.h"
#include "cbz-planner-private.h"
#include "cbz-zone-time.h"

struct _CbzPlanner
{
  gatomicrefcount       ref_count;
  GMutex                lock;
  GHashTable           *cadences;        /* key -> CbzCadence */
  char                 *first_cadence;
  CbzCadenceAssignment *assignment;
  CbzContactRules      *policy;
  GHashTable           *laws;            /* country -> CbzContactRules, overrides */
  GHashTable           *merged;          /* country -> CbzContactRules, cache */
  GHashTable           *zones;           /* zone id -> GTimeZone, cache */
  GHashTable           *derived;         /* "country\x1fregion" -> zone id (interned), cache */
  char                 *default_country;
};

G_DEFINE_BOXED_TYPE (CbzPlanner, cbz_planner, cbz_planner_ref, cbz_planner_unref)

static void
unref_zone (GTimeZone *zone)
{
  if (zone != NULL)
    g_time_zone_unref (zone);
}

CbzPlanner *
cbz_planner_new (void)
{
  CbzPlanner *planner = g_new0 (CbzPlanner, 1);

  g_atomic_ref_count_init (&planner->ref_count);
  g_mutex_init (&planner->lock);
  planner->cadences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cbz_cadence_unref);
  planner->laws = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cbz_contact_rules_unref);
  planner->merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cbz_contact_rules_unref);
  /* Keys are interned strings; a NULL value remembers an unknown zone. */
  planner->zones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) unref_zone);
  planner->derived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  planner->default_country = g_strdup ("MX");
  return planner;
}

CbzPlanner *
cbz_planner_ref (CbzPlanner *planner)
{
  g_return_val_if_fail (planner != NULL, NULL);

  g_atomic_ref_count_inc (&planner->ref_count);
  return planner;
}

void
cbz_planner_unref (CbzPlanner *planner)
{
  g_return_if_fail (planner != NULL);

  if (!g_atomic_ref_count_dec (&planner->ref_count))
    return;

  g_hash_table_unref (planner->cadences);
  g_free (planner->first_cadence);
  g_clear_pointer (&planner->assignment, cbz_cadence_assignment_unref);
  g_clear_pointer (&planner->policy, cbz_contact_rules_unref);
  g_hash_table_unref (planner->laws);
  g_hash_table_unref (planner->merged);
  g_hash_table_unref (planner->zones);
  g_hash_table_unref (planner->derived);
  g_free (planner->default_country);
  g_mutex_clear (&planner->lock);
  g_free (planner);
}

void
cbz_planner_add_cadence (CbzPlanner *planner,
                         CbzCadence *cadence)
{
  g_return_if_fail (planner != NULL);
  g_return_if_fail (cadence != NULL);

  g_mutex_lock (&planner->lock);
  if (planner->first_cadence == NULL)
    planner->first_cadence = g_strdup (cbz_cadence_get_key (cadence));
  g_hash_table_replace (planner->cadences, g_strdup (cbz_cadence_get_key (cadence)), cbz_cadence_ref (cadence));
  g_mutex_unlock (&planner->lock);
}

CbzCadence *
cbz_planner_get_cadence (CbzPlanner *planner,
                         const char *cadence_id)
{
  CbzCadence *cadence;

  g_return_val_if_fail (planner != NULL, NULL);

  if (cadence_id == NULL)
    return NULL;
  g_mutex_lock (&planner->lock);
  cadence = g_hash_table_lookup (planner->cadences, cadence_id);
  g_mutex_unlock (&planner->lock);
  return cadence;
}

void
cbz_planner_set_assignment (CbzPlanner           *planner,
                            CbzCadenceAssignment *assignment)
{
  g_return_if_fail (planner != NULL);

  g_mutex_lock (&planner->lock);
  g_clear_pointer (&planner->assignment, cbz_cadence_assignment_unref);
  if (assignment != NULL)
    planner->assignment = cbz_cadence_assignment_ref (assignment);
  g_mutex_unlock (&planner->lock);
}

void
cbz_planner_set_policy (CbzPlanner      *planner,
                        CbzContactRules *policy)
{
  g_return_if_fail (planner != NULL);

  g_mutex_lock (&planner->lock);
  g_clear_pointer (&planner->policy, cbz_contact_rules_unref);
  if (policy != NULL)
    planner->policy = cbz_contact_rules_ref (policy);
  g_hash_table_remove_all (planner->merged);
  g_mutex_unlock (&planner->lock);
}

static char *
country_key (const char *country)
{
  return country != NULL ? g_ascii_strup (country, -1) : g_strdup ("");
}

void
cbz_planner_set_law (CbzPlanner      *planner,
                     const char      *country,
                     CbzContactRules *law)
{
  g_return_if_fail (planner != NULL);
  g_return_if_fail (country != NULL);
  g_return_if_fail (law != NULL);

  g_mutex_lock (&planner->lock);
  g_hash_table_replace (planner->laws, country_key (country), cbz_contact_rules_ref (law));
  g_hash_table_remove_all (planner->merged);
  g_mutex_unlock (&planner->lock);
}

void
cbz_planner_set_default_country (CbzPlanner *planner,
                                 const char *country)
{
  g_return_if_fail (planner != NULL);
  g_return_if_fail (country != NULL);

  g_mutex_lock (&planner->lock);
  g_free (planner->default_country);
  planner->default_country = country_key (country);
  g_mutex_unlock (&planner->lock);
}

/* "MX" for "mx"; "" for NULL or anything not two letters. */
static void
upper_country (const char *country,
               char        out[3])
{
  out[0] = out[1] = out[2] = '\0';
  if (country != NULL && country[0] != '\0' && country[1] != '\0' && country[2] == '\0')
    {
      out[0] = g_ascii_toupper (country[0]);
      out[1] = g_ascii_toupper (country[1]);
    }
}

const CbzContactRules *
cbz_planner_get_rules (CbzPlanner *planner,
                       const char *country)
{
  CbzContactRules *rules;
  char key[3];

  g_return_val_if_fail (planner != NULL, NULL);

  g_mutex_lock (&planner->lock);
  upper_country (country != NULL && country[0] != '\0' ? country : planner->default_country, key);
  rules = g_hash_table_lookup (planner->merged, key);
  if (rules == NULL)
    {
      CbzContactRules *law = g_hash_table_lookup (planner->laws, key);
      g_autoptr(CbzContactRules) preset = law == NULL ? cbz_contact_rules_new_for_country (key) : NULL;

      rules = cbz_contact_rules_merge (law != NULL ? law : preset, planner->policy);
      g_hash_table_insert (planner->merged, g_strdup (key), rules);
    }
  g_mutex_unlock (&planner->lock);
  return rules;
}

/* A zone by id, from the cache; NULL when the system does not know it. */
static GTimeZone *
lookup_zone_locked (CbzPlanner *planner,
                    const char *zone_id)
{
  GTimeZone *zone;

  if (g_hash_table_lookup_extended (planner->zones, zone_id, NULL, (gpointer *) &zone))
    return zone;
  zone = g_time_zone_new_identifier (zone_id);
  /* Unknown zones are remembered as NULL too. */
  g_hash_table_insert (planner->zones, (gpointer) g_intern_string (zone_id), zone);
  return zone;
}

GTimeZone *
cbz_planner_get_zone (CbzPlanner            *planner,
                      const CbzPlanCustomer *customer,
                      const char           **zone_id)
{
  const char *id = NULL;
  GTimeZone *zone = NULL;

  g_return_val_if_fail (planner != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  g_mutex_lock (&planner->lock);
  if (customer->zone != NULL && customer->zone[0] != '\0')
    {
      zone = lookup_zone_locked (planner, customer->zone);
      if (zone != NULL)
        id = customer->zone;
    }
  if (zone == NULL)
    {
      const char *country = customer->country != NULL ? customer->country : planner->default_country;
      g_autofree char *key = g_strconcat (country, "\x1f", customer->region != NULL ? customer->region : "", NULL);

      /* Matching a region loosely normalises its text: once per region. */
      if (!g_hash_table_lookup_extended (planner->derived, key, NULL, (gpointer *) &id))
        {
          id = cbz_customer_zone_for_region (country, customer->region);
          if (id == NULL)
            id = cbz_customer_zone_for_region (planner->default_country, NULL);
          g_hash_table_insert (planner->derived, g_steal_pointer (&key), (gpointer) id);
        }
      if (id == NULL || (zone = lookup_zone_locked (planner, id)) == NULL)
        {
          id = "UTC";
          zone = lookup_zone_locked (planner, id);
        }
    }
  g_mutex_unlock (&planner->lock);
  if (zone_id != NULL)
    *zone_id = g_intern_string (id);
  return zone;
}

CbzAssignmentResult *
cbz_planner_assign (CbzPlanner            *planner,
                    const CbzPlanCustomer *customer,
                    CbzDate                today)
{
  g_autoptr(CbzCadenceAssignment) assignment = NULL;
  CbzAssignmentResult *result;

  g_return_val_if_fail (planner != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  g_mutex_lock (&planner->lock);
  assignment = planner->assignment != NULL
                 ? cbz_cadence_assignment_ref (planner->assignment)
                 : cbz_cadence_assignment_new (planner->first_cadence);
  g_mutex_unlock (&planner->lock);

  result = cbz_cadence_assignment_resolve (assignment, customer, today, NULL);
  return result;
}

CbzCadence *
_cbz_planner_cadence_for (CbzPlanner            *planner,
                          const CbzPlanCustomer *customer,
                          CbzDate                today)
{
  CbzCadence *cadence = NULL;
  const char *id;

  if (customer->cadence_id != NULL && (cadence = cbz_planner_get_cadence (planner, customer->cadence_id)) != NULL)
    return cadence;
  id = planner->assignment != NULL ? _cbz_cadence_assignment_pick (planner->assignment, customer, today) : NULL;
  if (id != NULL)
    cadence = cbz_planner_get_cadence (planner, id);
  return cadence != NULL ? cadence : cbz_planner_get_cadence (planner, planner->first_cadence);
}

/* Plans one customer with @facts (filled again for it). */
static GPtrArray *
plan_with (CbzPlanner            *planner,
           CbzPlanFacts          *facts,
           const CbzPlanCustomer *customer,
           gint64                 now,
           gint64                *next_check)
{
  GTimeZone *zone = cbz_planner_get_zone (planner, customer, NULL);
  CbzCadence *cadence = _cbz_planner_cadence_for (planner, customer, cbz_zone_time_get_date (zone, now));

  if (!_cbz_plan_facts_fill (facts, planner, customer, cadence))
    {
      if (next_check != NULL)
        *next_check = G_MAXINT64;
      return g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_action_unref);
    }
  return _cbz_planner_run (planner, facts, now, TRUE, next_check);
}

GPtrArray *
cbz_planner_plan_customer (CbzPlanner            *planner,
                           const CbzPlanCustomer *customer,
                           gint64                 now,
                           gint64                *next_check)
{
  CbzPlanFacts *facts;
  GPtrArray *actions;

  g_return_val_if_fail (planner != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  facts = _cbz_plan_facts_new ();
  actions = plan_with (planner, facts, customer, now, next_check);
  _cbz_plan_facts_free (facts);
  return actions;
}

GPtrArray *
cbz_planner_plan (CbzPlanner *planner,
                  GPtrArray  *customers,
                  gint64      now)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_plan_action_unref);
  CbzPlanFacts *facts;

  g_return_val_if_fail (planner != NULL, all);
  g_return_val_if_fail (customers != NULL, all);

  /* One set of facts, filled again for each customer. */
  facts = _cbz_plan_facts_new ();
  for (guint i = 0; i < customers->len; i++)
    {
      g_autoptr(GPtrArray) actions = plan_with (planner, facts, g_ptr_array_index (customers, i), now, NULL);

      g_ptr_array_extend_and_steal (all, g_steal_pointer (&actions));
    }
  _cbz_plan_facts_free (facts);
  return all;
}
