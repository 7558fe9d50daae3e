/* cbz-bank-text-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * How bank text is compared with invoice numbers, tax IDs and names, shared
 * by the match index (which prepares the keys once) and the matcher (which
 * prepares each line).
 *
 * "Compact" text keeps only letters and digits, in upper case, accents
 * folded: "Pago fact. f-2024/153" -> "PAGOFACTF2024153". A key is found in
 * it only between two word boundaries: where the original text had a
 * separator, or where letters turn to digits or back. So invoice "F-153"
 * is found in "PAGO F153", "f 153" and "FACT.F-153", but not in "F1530";
 * "153" is found in "FAC153" but not in "21530".
 */

/* Compact keys longer than this are never looked up in bank text. */
#define CBZ_BANK_TEXT_MAX_KEY 32

typedef struct
{
  GString   *compact;
  GArray    *boundaries;  /* guint8 per position 0..len: 1 where a word starts or ends */
  GString   *words;       /* normalised words, one space between them */
  GPtrArray *word_list;   /* (element-type utf8) the same, split */
  GPtrArray *key_words;   /* (element-type utf8) (transfer none) the words a name key keeps */
} CbzBankText;

void     _cbz_bank_text_init     (CbzBankText *text);
void     _cbz_bank_text_clear    (CbzBankText *text);
/* Prepares @description and @reference (either may be NULL). */
void     _cbz_bank_text_set      (CbzBankText *text,
                                  const char  *description,
                                  const char  *reference);
gboolean _cbz_bank_text_is_boundary (const CbzBankText *text,
                                     gsize              position);
/* TRUE when @key (compact) occurs between two boundaries. */
gboolean _cbz_bank_text_contains (const CbzBankText *text,
                                  const char        *key,
                                  gsize              key_length);

/* Appends the compact form of @text to @out. */
void     _cbz_bank_compact_into  (const char  *text,
                                  GString     *out);

/* FNV-1a: keys of a million invoices in sorted arrays, no hash table. */
#define CBZ_HASH64_INIT G_GUINT64_CONSTANT (0xcbf29ce484222325)
static inline guint64
_cbz_hash64_step (guint64 hash,
                  guchar  c)
{
  return (hash ^ c) * G_GUINT64_CONSTANT (0x100000001b3);
}
guint64  _cbz_hash64             (const char  *data,
                                  gsize        length);

/*
 * The words of a customer's name that identify it: normalised, without
 * legal forms (S.A. de C.V., SpA, Ltda.), articles and single letters:
 * "Ferretería López, S.A. de C.V." -> "ferreteria lopez". "" when nothing
 * is left.
 */
char    *_cbz_bank_name_key      (const char  *name);

/* TRUE when every word of @name_key is a word of @text; the text's last
 * word may be a cut-off start of a name word (banks truncate descriptions),
 * when it has at least 3 letters. A single-word key needs 4 letters or more. */
gboolean _cbz_bank_text_has_name (const CbzBankText *text,
                                  const char        *name_key);

G_END_DECLS
