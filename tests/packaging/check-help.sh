#!/usr/bin/env bash
# Validates the user guide the way Yelp will read it: the English Mallard
# pages, their links and IDs, that every language in help/LINGUAS translates
# every paragraph of them (no missing, untranslated or fuzzy message), and
# that the pages itstool builds from each translation are valid Mallard too.
#   check-help.sh HELP_DIR
# Output is TAP.
set -uo pipefail
help=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" | head -40; }
check () { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >"$tmp/out" 2>&1; then ok "$what"; else not_ok "$what"; fi
}
empty () { [ ! -s "$1" ] || { cat "$1"; return 1; }; }

pages=$(sed -n "s/^ *'\([a-z0-9-]*\.page\)',\$/\1/p" "$help/meson.build")
on_disk=$(cd "$help/C" && ls -- *.page)
check "help/meson.build installs every page in help/C" \
  test "$(printf '%s\n' $pages | sort)" = "$(printf '%s\n' $on_disk | sort)"

cd "$help/C"
check "yelp-check validate: the English pages are valid Mallard" yelp-check validate $pages
yelp-check links . >"$tmp/links" 2>&1
check "yelp-check links: every xref leads to a page or section" empty "$tmp/links"
yelp-check ids . >"$tmp/ids" 2>&1
check "yelp-check ids: each page's ID is its file name" empty "$tmp/ids"
yelp-check orphans . >"$tmp/orphans" 2>&1
check "yelp-check orphans: every page is reachable from index" empty "$tmp/orphans"

check "itstool extracts the English text" itstool -o "$tmp/help.pot" $pages

for lang in $(grep -vE '^\s*(#|$)' "$help/LINGUAS"); do
  po="$help/$lang/$lang.po"
  check "$lang: $lang/$lang.po compiles" msgfmt --check -o "$tmp/$lang.mo" "$po"
  check "$lang: every paragraph of the English pages is translated (msgcmp)" \
    msgcmp "$po" "$tmp/help.pot"
  mkdir -p "$tmp/$lang"
  check "$lang: itstool builds the translated pages" \
    itstool -m "$tmp/$lang.mo" -o "$tmp/$lang/" $pages
  check "$lang: the translated pages are valid Mallard" \
    bash -c 'cd "$1" && yelp-check validate *.page' _ "$tmp/$lang"
done

echo "1..$n"
[ "$failed" -eq 0 ]
