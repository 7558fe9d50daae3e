/* cbz-clock.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-clock.h"

typedef enum
{
  CLOCK_SYSTEM,
  CLOCK_RUNNING_FROM,
  CLOCK_MANUAL,
} ClockKind;

struct _CbzClock
{
  GObject   parent_instance;

  ClockKind kind;
  GMutex    lock;
  gint64    base_us;         /* the instant at base_monotonic (running), or now (manual) */
  gint64    base_monotonic;  /* g_get_monotonic_time () when base_us was set */
};

G_DEFINE_FINAL_TYPE (CbzClock, cbz_clock, G_TYPE_OBJECT)
G_DEFINE_QUARK (cbz-clock-error-quark, cbz_clock_error)

static GMutex default_lock;
static GPtrArray *retired_clocks;
static CbzClock *default_clock;

static CbzClock *
clock_new (ClockKind kind,
           gint64    base_us)
{
  CbzClock *self = g_object_new (CBZ_TYPE_CLOCK, NULL);

  self->kind = kind;
  self->base_us = base_us;
  self->base_monotonic = g_get_monotonic_time ();
  return self;
}

static void
cbz_clock_finalize (GObject *object)
{
  CbzClock *self = (CbzClock *) object;

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cbz_clock_parent_class)->finalize (object);
}

static void
cbz_clock_class_init (CbzClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cbz_clock_finalize;
}

static void
cbz_clock_init (CbzClock *self)
{
  g_mutex_init (&self->lock);
}

CbzClock *
cbz_clock_new_system (void)
{
  return clock_new (CLOCK_SYSTEM, 0);
}

CbzClock *
cbz_clock_new_from (gint64 start_us)
{
  return clock_new (CLOCK_RUNNING_FROM, start_us);
}

CbzClock *
cbz_clock_new_manual (gint64 now_us)
{
  return clock_new (CLOCK_MANUAL, now_us);
}

gint64
cbz_clock_now (CbzClock *self)
{
  gint64 now;

  g_return_val_if_fail (CBZ_IS_CLOCK (self), 0);

  switch (self->kind)
    {
    case CLOCK_SYSTEM:
      return g_get_real_time ();
    case CLOCK_RUNNING_FROM:
      g_mutex_lock (&self->lock);
      now = self->base_us + (g_get_monotonic_time () - self->base_monotonic);
      g_mutex_unlock (&self->lock);
      return now;
    case CLOCK_MANUAL:
      g_mutex_lock (&self->lock);
      now = self->base_us;
      g_mutex_unlock (&self->lock);
      return now;
    default:
      g_assert_not_reached ();
    }
}

GDateTime *
cbz_clock_now_utc (CbzClock *self)
{
  g_return_val_if_fail (CBZ_IS_CLOCK (self), NULL);

  return cbz_date_time_new_from_usec_utc (cbz_clock_now (self));
}

GDateTime *
cbz_clock_now_in (CbzClock  *self,
                  GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (CBZ_IS_CLOCK (self), NULL);

  utc = cbz_clock_now_utc (self);
  if (tz == NULL)
    return g_date_time_to_local (utc);
  return g_date_time_to_timezone (utc, tz);
}

void
cbz_clock_get_today (CbzClock  *self,
                     GTimeZone *tz,
                     GDate     *out_today)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (CBZ_IS_CLOCK (self));
  g_return_if_fail (out_today != NULL);

  now = cbz_clock_now_in (self, tz);
  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

gboolean
cbz_clock_is_system (CbzClock *self)
{
  g_return_val_if_fail (CBZ_IS_CLOCK (self), TRUE);

  return self->kind == CLOCK_SYSTEM;
}

void
cbz_clock_advance (CbzClock *self,
                   gint64    delta_us)
{
  g_return_if_fail (CBZ_IS_CLOCK (self));
  g_return_if_fail (self->kind != CLOCK_SYSTEM);

  g_mutex_lock (&self->lock);
  self->base_us += delta_us;
  g_mutex_unlock (&self->lock);
}

void
cbz_clock_set (CbzClock *self,
               gint64    now_us)
{
  g_return_if_fail (CBZ_IS_CLOCK (self));
  g_return_if_fail (self->kind != CLOCK_SYSTEM);

  g_mutex_lock (&self->lock);
  self->base_us = now_us;
  self->base_monotonic = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

CbzClock *
cbz_clock_get_default (void)
{
  CbzClock *clock;

  g_mutex_lock (&default_lock);
  if (default_clock == NULL)
    default_clock = cbz_clock_new_system ();
  clock = default_clock;
  g_mutex_unlock (&default_lock);
  return clock;
}

void
cbz_clock_set_default (CbzClock *clock)
{
  CbzClock *old;

  g_return_if_fail (clock == NULL || CBZ_IS_CLOCK (clock));

  g_mutex_lock (&default_lock);
  old = default_clock;
  default_clock = clock != NULL ? g_object_ref (clock) : cbz_clock_new_system ();
  g_mutex_unlock (&default_lock);

  /* Readers hold no reference (transfer none): the old clock is kept for
   * the life of the process rather than freed under a thread that is
   * still reading it. A process replaces its clock a handful of times. */
  if (old != NULL)
    {
      g_mutex_lock (&default_lock);
      if (retired_clocks == NULL)
        retired_clocks = g_ptr_array_new ();
      g_ptr_array_add (retired_clocks, old);
      g_mutex_unlock (&default_lock);
    }
}

GDateTime *
cbz_date_time_new_from_usec_utc (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (rest < 0)
    {
      seconds -= 1;
      rest += G_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, rest);
}

gint64
cbz_date_time_to_usec (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, 0);

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC + g_date_time_get_microsecond (date_time);
}

gint64
cbz_now (void)
{
  return cbz_clock_now (cbz_clock_get_default ());
}

static gboolean
is_date_only (const char *text)
{
  return strlen (text) == 10 && text[4] == '-' && text[7] == '-';
}

gboolean
cbz_clock_parse_instant (const char  *text,
                         gint64      *out_us,
                         GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_us != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (is_date_only (stripped))
    {
      g_autofree char *midnight = g_strconcat (stripped, "T00:00:00", NULL);

      when = g_date_time_new_from_iso8601 (midnight, local);
    }
  else
    when = g_date_time_new_from_iso8601 (stripped, local);

  if (when == NULL)
    {
      g_set_error (error, CBZ_CLOCK_ERROR, CBZ_CLOCK_ERROR_INVALID,
                   _("“%s” is not a date and time; write it like 2027-03-17T23:30:00-06:00 "
                     "or 2027-03-17"),
                   text);
      return FALSE;
    }

  *out_us = cbz_date_time_to_usec (when);
  return TRUE;
}

gboolean
cbz_clock_init_from_env (GError **error)
{
  const char *value = g_getenv ("COBRANZA_NOW");
  g_autoptr(CbzClock) clock = NULL;
  gint64 start;

  if (value == NULL || *value == '\0')
    return TRUE;

  if (!cbz_clock_parse_instant (value, &start, error))
    {
      g_prefix_error (error, _("COBRANZA_NOW: "));
      return FALSE;
    }

  clock = cbz_clock_new_from (start);
  cbz_clock_set_default (clock);
  return TRUE;
}
