/* cbz-frequency-cap.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-contact-rules-private.h"
#include "cbz-zone-time.h"

gboolean
cbz_frequency_cap_counts (const CbzFrequencyCap *cap,
                          CbzEventChannel        channel)
{
  g_return_val_if_fail (cap != NULL, FALSE);

  return channel != CBZ_EVENT_CHANNEL_NONE && (cap->channels & CBZ_EVENT_CHANNEL_BIT (channel)) != 0;
}

/* Whether any window of @window days that contains @day holds @limit
 * counted contacts already (so one more would exceed it). @days are the
 * local days (since the epoch) of the counted contacts near @day. */
static gboolean
window_is_full (const gint32 *days,
                guint         n_days,
                gint32        day,
                guint         window,
                guint         limit)
{
  for (gint32 start = day - (gint32) window + 1; start <= day; start++)
    {
      guint count = 0;

      for (guint i = 0; i < n_days; i++)
        if (days[i] >= start && days[i] < start + (gint32) window)
          count++;
      if (count + 1 > limit)
        return TRUE;
    }
  return FALSE;
}

/* Whether one more contact on @channel on @day would make more than @limit
 * different channels in some window of @window days containing it. */
static gboolean
too_many_channels (const gint32          *days,
                   const CbzEventChannel *channels,
                   guint                  n_days,
                   gint32                 day,
                   CbzEventChannel        channel,
                   guint                  window,
                   guint                  limit)
{
  for (gint32 start = day - (gint32) window + 1; start <= day; start++)
    {
      CbzEventChannels seen = CBZ_EVENT_CHANNEL_BIT (channel);
      guint distinct = 1;

      for (guint i = 0; i < n_days; i++)
        {
          if (days[i] < start || days[i] >= start + (gint32) window)
            continue;
          if (!(seen & CBZ_EVENT_CHANNEL_BIT (channels[i])))
            {
              seen |= CBZ_EVENT_CHANNEL_BIT (channels[i]);
              distinct++;
            }
        }
      if (distinct > limit)
        return TRUE;
    }
  return FALSE;
}

gboolean
_cbz_frequency_cap_allows_days (const CbzFrequencyCap  *cap,
                                gint32                  target,
                                CbzEventChannel         channel,
                                const CbzContactRecord *contacts,
                                const gint32           *contact_days,
                                gsize                   n_contacts)
{
  gint32 stack_days[32];
  CbzEventChannel stack_channels[32];
  g_autofree gint32 *heap_days = NULL;
  g_autofree CbzEventChannel *heap_channels = NULL;
  gint32 *days = stack_days;
  CbzEventChannel *channels = stack_channels;
  guint n = 0;
  gint32 reach;

  if (!cbz_frequency_cap_counts (cap, channel))
    return TRUE;

  if (n_contacts > G_N_ELEMENTS (stack_days))
    {
      days = heap_days = g_new (gint32, n_contacts);
      channels = heap_channels = g_new (CbzEventChannel, n_contacts);
    }

  reach = (gint32) MAX (MAX (cap->window_days, cap->min_gap_days), cap->quiet_days_after_conversation);

  for (gsize i = 0; i < n_contacts; i++)
    {
      const CbzContactRecord *contact = &contacts[i];
      gint32 contact_day = contact_days[i];

      if (ABS (contact_day - target) >= reach || !cbz_frequency_cap_counts (cap, contact->channel))
        continue;

      if (cap->quiet_days_after_conversation > 0 && contact->conversation &&
          target >= contact_day && target < contact_day + (gint32) cap->quiet_days_after_conversation)
        return FALSE;
      if (cap->min_gap_days > 0 && ABS (contact_day - target) < (gint32) cap->min_gap_days)
        return FALSE;

      days[n] = contact_day;
      channels[n] = contact->channel;
      n++;
    }

  if (cap->max_count > 0 && cap->window_days > 0 &&
      window_is_full (days, n, target, cap->window_days, cap->max_count))
    return FALSE;
  if (cap->max_channels > 0 && cap->window_days > 0 &&
      too_many_channels (days, channels, n, target, channel, cap->window_days, cap->max_channels))
    return FALSE;
  return TRUE;
}

gboolean
cbz_frequency_cap_allows (const CbzFrequencyCap  *cap,
                          GTimeZone              *zone,
                          CbzDate                 day,
                          CbzEventChannel         channel,
                          const CbzContactRecord *contacts,
                          gsize                   n_contacts)
{
  g_autofree gint32 *days = NULL;

  g_return_val_if_fail (cap != NULL, TRUE);
  g_return_val_if_fail (zone != NULL, TRUE);

  if (!cbz_frequency_cap_counts (cap, channel))
    return TRUE;

  days = g_new (gint32, MAX (n_contacts, 1));
  for (gsize i = 0; i < n_contacts; i++)
    days[i] = cbz_date_to_days (cbz_zone_time_get_date (zone, contacts[i].at));
  return _cbz_frequency_cap_allows_days (cap, cbz_date_to_days (day), channel, contacts, days, n_contacts);
}
