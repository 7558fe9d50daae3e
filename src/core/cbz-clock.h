/* cbz-clock.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * CbzClock: where "now" comes from. Everything that records or plans asks
 * the process's default clock (cbz_clock_get_default(), cbz_now()) instead
 * of the system, so a scenario can be replayed at any instant
 * (`cobranza-cli --now`, COBRANZA_NOW for the app) and tests move time
 * forward instead of sleeping.
 *
 * Three kinds:
 * - the system clock;
 * - a clock that starts at a given instant and then runs with real time
 *   (what --now gives a command: time still passes while it works);
 * - a manual clock that stands still until cbz_clock_advance() or
 *   cbz_clock_set() moves it (for tests).
 *
 * Instants are microseconds since the Unix epoch, UTC. Thread-safe: a clock
 * can be read from any thread while another moves it.
 */

#define CBZ_CLOCK_ERROR (cbz_clock_error_quark ())

typedef enum
{
  CBZ_CLOCK_ERROR_INVALID, /* not an ISO 8601 instant or date */
} CbzClockError;

GQuark cbz_clock_error_quark (void);

#define CBZ_TYPE_CLOCK (cbz_clock_get_type ())
G_DECLARE_FINAL_TYPE (CbzClock, cbz_clock, CBZ, CLOCK, GObject)

CbzClock  *cbz_clock_new_system      (void);
/* Starts at @start_us and runs with real time from there. */
CbzClock  *cbz_clock_new_from        (gint64       start_us);
/* Stands at @now_us until moved. */
CbzClock  *cbz_clock_new_manual      (gint64       now_us);

/* µs since the epoch, UTC. */
gint64     cbz_clock_now             (CbzClock    *self);
/* (transfer full) now, in UTC */
GDateTime *cbz_clock_now_utc         (CbzClock    *self);
/* (transfer full) now, in @tz (NULL: the local zone) */
GDateTime *cbz_clock_now_in          (CbzClock    *self,
                                      GTimeZone   *tz);
/* The calendar date it is now in @tz (NULL: the local zone). */
void       cbz_clock_get_today       (CbzClock    *self,
                                      GTimeZone   *tz,
                                      GDate       *out_today);
gboolean   cbz_clock_is_system       (CbzClock    *self);

/* Moves the clock forward by @delta_us (manual and started clocks). */
void       cbz_clock_advance         (CbzClock    *self,
                                      gint64       delta_us);
/* Sets now to @now_us (manual and started clocks). */
void       cbz_clock_set             (CbzClock    *self,
                                      gint64       now_us);

/* The process's clock (transfer none); the system clock until set. */
CbzClock  *cbz_clock_get_default     (void);
/* Replaces the process's clock (NULL: back to the system clock). Set it
 * before starting threads that read it. */
void       cbz_clock_set_default     (CbzClock    *clock);
/* cbz_clock_now (cbz_clock_get_default ()). */
gint64     cbz_now                   (void);

/* Parses "2027-03-17T23:30:00-06:00", "2027-03-17T23:30:00Z",
 * "2027-03-17T23:30" (local time) or "2027-03-17" (local midnight) into µs
 * since the epoch. The error names the text. */
gboolean   cbz_clock_parse_instant   (const char  *text,
                                      gint64      *out_us,
                                      GError     **error);
/* When COBRANZA_NOW is set: a clock started at that instant becomes the
 * default. FALSE with @error naming the value when it cannot be read. */
gboolean   cbz_clock_init_from_env   (GError     **error);

/* GLib 2.74 lacks the µs forms of these. */
GDateTime *cbz_date_time_new_from_usec_utc (gint64      us);
gint64     cbz_date_time_to_usec           (GDateTime  *date_time);

G_END_DECLS
