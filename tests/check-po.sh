#!/usr/bin/env bash
# Fails when a source string has no Spanish translation (or a fuzzy one), or
# when POTFILES.in misses a file that has translatable strings.
set -euo pipefail
podir="$1"
top="$podir/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$top"
missing=0
while IFS= read -r f; do
  case "$f" in *.c|*.ui|*.in) ;; *) continue ;; esac
  if grep -qE '_\(|N_\(|C_\(|NC_\(|g_dngettext|ngettext|translatable="yes"' "$f" &&
     ! grep -qxF "$f" po/POTFILES.in; then
    echo "po/POTFILES.in does not list $f"
    missing=1
  fi
done < <(git ls-files src resources data 2>/dev/null || find src resources data -type f)

grep -vE '^\s*(#|$)' po/POTFILES.in > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --keyword=g_dpgettext2:2c,3 -f "$tmp/files" -o "$tmp/cobranza.pot"

msgmerge --quiet --no-fuzzy-matching "po/es.po" "$tmp/cobranza.pot" -o "$tmp/es.po"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1)
echo "es: $stats"
untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/es.po" | grep -c '^msgid ' || true)
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "Strings without a Spanish translation:"
  msgattrib --untranslated --no-obsolete --no-wrap "$tmp/es.po" | grep -A1 '^msgid ' | grep '^msgid ' | head -50
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/es.po" | grep '^msgid ' | head -50
  exit 1
fi
exit "$missing"
