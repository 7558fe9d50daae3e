/* cbz-letter-page.c: letterhead, recipient, paragraphs and signature
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-letter-renderer-private.h"

static char *
one_line (const char *text)
{
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  parts = g_strsplit (text, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);

      if (*p == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, p);
    }
  return g_string_free (out, FALSE);
}

/* Page 1: letterhead, return address, recipient block, place and date. */
void
_cbz_letter_layout_first_page (CbzLetterDocument *doc,
                               double            *body_top)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const CbzLetter *l = doc->letter;
  const CbzLetterWords *w = doc->words;
  double cw = content_width (doc);
  double right = doc->width - MARGIN_RIGHT;
  double recipient_y = l != NULL && p->paper == CBZ_PAPER_LETTER ? 2.0 * 72.0 : 50.0 * MM;
  double date_w = cw - WINDOW_WIDTH - 5.0 * MM;
  double y, name_w;
  g_autofree char *address = one_line (p->address);
  g_autofree char *contact = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *details = NULL;
  g_autofree char *return_line = NULL;
  g_autofree char *dateline = NULL;
  g_autofree char *date = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *locality = NULL;
  g_autofree char *debtor_tax = NULL;
  CbzTextBlock *block;
  gboolean has_logo = r->logo != NULL;
  PangoAlignment head_align = has_logo ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;

  /* Letterhead: logo on the left and the company on the right, or the
   * company alone on the left. */
  if (has_logo)
    {
      double iw = cairo_image_surface_get_width (r->logo);
      double ih = cairo_image_surface_get_height (r->logo);
      double scale = MIN (LOGO_WIDTH / iw, LOGO_HEIGHT / ih);
      Item *item = _cbz_letter_add_item (doc, ITEM_IMAGE, MARGIN_LEFT, LETTERHEAD_TOP, iw * scale, ih * scale);

      item->image = r->logo;
    }

  name_w = has_logo ? cw - 52.0 * MM : cw;
  block = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_HEADING, p->name != NULL ? p->name : "", name_w,
                                   head_align);
  _cbz_letter_add_text (doc, block, has_logo ? right - name_w : MARGIN_LEFT, LETTERHEAD_TOP - 1.0,
                        _cbz_letter_accent);
  y = LETTERHEAD_TOP - 1.0 + text_height (block) + 0.8 * MM;

  if (p->tax_id != NULL)
    tax = g_strdup_printf ("%s %s", w->tax_id, p->tax_id);
  if (p->phone != NULL)
    contact = g_strdup_printf ("%s %s", w->phone, p->phone);
  {
    g_autofree char *line2 = _cbz_letter_join_nonempty ("  ·  ", contact, p->email, p->website, (const char *) -1);
    details = _cbz_letter_join_nonempty ("\n", address, line2, tax, (const char *) -1);
  }
  /* A profile with only a name has no details line at all. */
  if (*details != '\0')
    {
      TextStyle style = STYLE (CBZ_LETTER_FONT_SMALL, name_w, head_align);

      style.spacing = 1.15;
      block = _cbz_letter_shared_block (doc, &style, details);
      _cbz_letter_add_text (doc, block, has_logo ? right - name_w : MARGIN_LEFT, y, _cbz_letter_muted);
      y += text_height (block);
    }

  y = MAX (y, has_logo ? LETTERHEAD_TOP + LOGO_HEIGHT : y) + 2.5 * MM;
  _cbz_letter_add_item (doc, ITEM_RULE, MARGIN_LEFT, y, cw, 0.9)->color = _cbz_letter_accent;

  /* Return address, the small line above the recipient in the window:
   * the company and the last line of its address (postcode and town). */
  if (p->address != NULL)
    {
      const char *last = strrchr (p->address, '\n');
      g_autofree char *town = g_strstrip (g_strdup (last != NULL ? last + 1 : p->address));

      return_line = _cbz_letter_join_nonempty (" · ", p->name, town, (const char *) -1);
    }
  else
    return_line = g_strdup (p->name);
  {
    TextStyle style = STYLE (CBZ_LETTER_FONT_TINY, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.ellipsize = PANGO_ELLIPSIZE_END;
    block = _cbz_letter_shared_block (doc, &style, return_line);
  }
  _cbz_letter_add_text (doc, block, MARGIN_LEFT, recipient_y - 5.0 * MM, _cbz_letter_muted);
  _cbz_letter_add_item (doc, ITEM_RULE, MARGIN_LEFT, recipient_y - 5.0 * MM + text_height (block) + 0.3 * MM,
                        MIN (text_width (block), WINDOW_WIDTH), 0.3)->color = _cbz_letter_muted;

  /* Recipient. */
  if (l->contact_person != NULL && *l->contact_person != '\0')
    contact = (g_free (contact), g_strdup_printf ("%s %s", w->attention, l->contact_person));
  else
    g_clear_pointer (&contact, g_free);
  {
    g_autofree char *pc_city = _cbz_letter_join_nonempty (" ", l->postal_code, l->city, (const char *) -1);
    locality = _cbz_letter_join_nonempty (", ", pc_city, l->region, (const char *) -1);
  }
  if (l->tax_id != NULL && *l->tax_id != '\0')
    debtor_tax = g_strdup_printf ("%s: %s", l->tax_id_kind != NULL ? l->tax_id_kind : w->tax_id, l->tax_id);
  recipient = _cbz_letter_join_nonempty ("\n", contact, l->address, locality, debtor_tax, (const char *) -1);

  {
    TextStyle style = STYLE (CBZ_LETTER_FONT_BODY_BOLD, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.wrap = PANGO_WRAP_WORD_CHAR;
    block = _cbz_letter_text_block (doc, &style, l->name != NULL ? l->name : "");
  }
  _cbz_letter_add_text (doc, block, MARGIN_LEFT, recipient_y, _cbz_letter_ink);
  y = recipient_y + text_height (block);
  {
    TextStyle style = STYLE (CBZ_LETTER_FONT_BODY, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.spacing = 1.1;
    block = _cbz_letter_text_block (doc, &style, recipient);
  }
  _cbz_letter_add_text (doc, block, MARGIN_LEFT, y, _cbz_letter_ink);
  y += text_height (block);

  /* Place and date, on the right, level with the recipient's name. */
  date = cbz_letter_format_date_long (l, l->date);
  dateline = p->city != NULL ? g_strdup_printf ("%s, %s", p->city, date) : g_strdup (date);
  block = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY, dateline, date_w, PANGO_ALIGN_RIGHT);
  _cbz_letter_add_text (doc, block, right - date_w, recipient_y, _cbz_letter_ink);

  /* Our reference, under the date: what to quote when the customer writes. */
  if (l->debtor_id > 0)
    {
      double date_h = text_height (block);
      g_autofree char *number = w->english
        ? g_strdup_printf ("Customer no. %" G_GINT64_FORMAT, l->debtor_id)
        : g_strdup_printf ("Cliente n.º %" G_GINT64_FORMAT, l->debtor_id);

      block = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_SMALL, number, date_w, PANGO_ALIGN_RIGHT);
      _cbz_letter_add_text (doc, block, right - date_w, recipient_y + date_h + 0.8 * MM, _cbz_letter_muted);
    }

  /* The text starts below the envelope's window. */
  *body_top = MAX (y, recipient_y + (p->paper == CBZ_PAPER_LETTER ? 30.0 : 40.0) * MM) + 4.0 * MM;
}

/* Spanish syllable breaks, for hyphenating justified paragraphs: Pango 1.50
 * hyphenates at soft hyphens but has no dictionary of its own. Breaks only
 * before a consonant (or an inseparable pair like "br", "ch") that starts a
 * syllable, never inside a vowel group; keeps two letters before and three
 * after any break; leaves alone anything that is not a plain lowercase word
 * (numbers, e-mail addresses, links, names). */
static gboolean
is_vowel (gunichar c)
{
  return g_utf8_strchr ("aeiouáéíóúü", -1, g_unichar_tolower (c)) != NULL;
}

static gboolean
inseparable (gunichar a,
             gunichar b)
{
  if ((b == 'l' || b == 'r') && (a == 'b' || a == 'c' || a == 'f' || a == 'g' ||
                                 a == 'k' || a == 'p' || a == 't' || (a == 'd' && b == 'r')))
    return TRUE;
  return (a == 'c' && b == 'h') || (a == 'l' && b == 'l') || (a == 'r' && b == 'r');
}

static void
append_hyphenated (GString        *out,
                   const gunichar *w,
                   guint           n)
{
  gboolean breaks[64] = { FALSE, };
  guint last = 0;

  if (n >= 6 && n < G_N_ELEMENTS (breaks))
    {
      for (guint i = 1; i < n; i++)
        {
          guint c = 0, start;

          if (!is_vowel (w[i]) || is_vowel (w[i - 1]))
            continue;
          while (c < i && !is_vowel (w[i - 1 - c]))
            c++;
          if (c == i) /* no vowel before: the word's first syllable */
            continue;
          start = (c >= 2 && inseparable (w[i - 2], w[i - 1])) ? i - 2 : i - 1;
          if (start >= 2 && n - start >= 3 && start - last >= 2)
            {
              breaks[start] = TRUE;
              last = start;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (breaks[i])
        g_string_append (out, "\u00ad");
      g_string_append_unichar (out, w[i]);
    }
}

static char *
hyphenate_spanish (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 64);
  gunichar word[64];
  guint n = 0;
  gboolean plain = TRUE;
  const char *p = text;

  for (;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalpha (c))
        {
          if (n < G_N_ELEMENTS (word))
            word[n++] = c;
          else
            plain = FALSE;
          if (!g_unichar_islower (c))
            plain = FALSE;
          continue;
        }

      /* a word ends; it is plain unless glued to digits, '@', '/', '.' + letter */
      if (n > 0)
        {
          if (plain && c != '@' && c != '/' && !g_unichar_isdigit (c) &&
              !(c == '.' && g_unichar_isalpha (g_utf8_get_char (g_utf8_next_char (p)))))
            append_hyphenated (out, word, n);
          else
            for (guint i = 0; i < n; i++)
              g_string_append_unichar (out, word[i]);
          n = 0;
        }
      if (c == 0)
        break;
      plain = !(c == '@' || c == '/' || c == '.' || c == ':' || g_unichar_isdigit (c));
      if (c == ' ' || c == '\n' || c == '(' || c == '"' || c == 0x201C || c == 0xAB)
        plain = TRUE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

void
_cbz_letter_layout_paragraph (CbzLetterDocument *doc,
                              const char        *text)
{
  const char *language = cbz_letter_get_language (doc->letter);
  g_autofree char *hyphenated = g_str_equal (language, "es") ? hyphenate_spanish (text) : NULL;
  CbzTextBlock *block;
  double h;

  /* Justified, hyphenated at the soft hyphens, word by word. */
  block = cbz_text_shaper_layout_paragraph (doc->renderer->shaper, doc->renderer->fonts[CBZ_LETTER_FONT_BODY],
                                            pango_language_from_string (language),
                                            hyphenated != NULL ? hyphenated : text,
                                            content_width (doc), doc->spacing->line_spacing, PANGO_ALIGN_LEFT, TRUE);
  if (block == NULL)
    {
      /* What the shaper leaves to Pango (see cbz-letter-text.h), with the
       * language set so it breaks and hyphenates (at soft hyphens) by the
       * letter's rules. */
      PangoLayout *layout = _cbz_letter_make_layout (doc, CBZ_LETTER_FONT_BODY,
                                                     hyphenated != NULL ? hyphenated : text,
                                                     content_width (doc), PANGO_ALIGN_LEFT);
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (language)));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_justify (layout, TRUE);
      pango_layout_set_line_spacing (layout, (float) doc->spacing->line_spacing);
      block = _cbz_letter_block_from_layout (doc, layout);
    }

  h = text_height (block);
  _cbz_letter_ensure_space (doc, h);
  _cbz_letter_add_text (doc, block, MARGIN_LEFT, doc->y, _cbz_letter_ink);
  doc->y += h + doc->spacing->para_gap;
}


void
_cbz_letter_layout_signature (CbzLetterDocument *doc,
                              const char        *closing)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  CbzTextBlock *close_block, *name = NULL, *title;
  /* The company is in the letterhead; under the name goes the signer's title. */
  g_autofree char *title_text = g_strdup (p->signer_title != NULL ? p->signer_title : p->name);
  double sig_h = doc->spacing->signature_space, sig_w = 0;
  double h, y;

  close_block = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY, closing != NULL ? closing : "",
                                         content_width (doc), PANGO_ALIGN_LEFT);
  if (r->signature != NULL)
    {
      double iw = cairo_image_surface_get_width (r->signature);
      double ih = cairo_image_surface_get_height (r->signature);
      double scale = MIN (SIGNATURE_WIDTH / iw, SIGNATURE_HEIGHT / ih);

      sig_w = iw * scale;
      sig_h = ih * scale;
    }
  if (p->signer_name != NULL)
    name = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY_BOLD, p->signer_name, 80.0 * MM, PANGO_ALIGN_LEFT);
  title = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY, title_text, 80.0 * MM, PANGO_ALIGN_LEFT);

  h = text_height (close_block) + 1.5 * MM + sig_h + 1.5 * MM +
      (name != NULL ? text_height (name) : 0) + text_height (title);
  _cbz_letter_ensure_space (doc, h);

  y = doc->y;
  _cbz_letter_add_text (doc, close_block, MARGIN_LEFT, y, _cbz_letter_ink);
  y += text_height (close_block) + 1.5 * MM;
  if (r->signature != NULL)
    {
      Item *item = _cbz_letter_add_item (doc, ITEM_IMAGE, MARGIN_LEFT, y, sig_w, sig_h);

      item->image = r->signature;
    }
  y += sig_h;
  _cbz_letter_add_item (doc, ITEM_RULE, MARGIN_LEFT, y, 60.0 * MM, 0.5)->color = _cbz_letter_muted;
  y += 1.5 * MM;
  if (name != NULL)
    {
      _cbz_letter_add_text (doc, name, MARGIN_LEFT, y, _cbz_letter_ink);
      y += text_height (name);
    }
  _cbz_letter_add_text (doc, title, MARGIN_LEFT, y, _cbz_letter_muted);
  doc->y = y + text_height (title);
}

/* What only the page count decides: the running head of continuation
 * pages and the page numbers. */
void
_cbz_letter_layout_page_furniture (CbzLetterDocument *doc)
{
  CbzLetterRenderer *r = doc->renderer;
  double cw = content_width (doc);
  TextStyle style;

  if (doc->n_pages < 2)
    return;

  style = STYLE (CBZ_LETTER_FONT_SMALL_BOLD, cw * 0.4, PANGO_ALIGN_LEFT);
  style.ellipsize = PANGO_ELLIPSIZE_END;
  doc->head_left = _cbz_letter_shared_block (doc, &style, r->profile->name != NULL ? r->profile->name : "");
  style = STYLE (CBZ_LETTER_FONT_SMALL, cw * 0.6, PANGO_ALIGN_RIGHT);
  style.ellipsize = PANGO_ELLIPSIZE_START;
  doc->head_right = _cbz_letter_text_block (doc, &style, doc->running_head);

  doc->page_numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_text_block_unref);
  for (guint page = 0; page < doc->n_pages; page++)
    {
      g_autofree char *text = doc->words->english
        ? g_strdup_printf ("Page %u of %u", page + 1, doc->n_pages)
        : g_strdup_printf ("Página %u de %u", page + 1, doc->n_pages);

      g_ptr_array_add (doc->page_numbers,
                       _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_SMALL, text, 26.0 * MM, PANGO_ALIGN_RIGHT));
    }
}
