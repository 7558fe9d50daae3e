#!/usr/bin/env bash
# `meson devenv -C BUILD cobranza` runs the app uninstalled with nothing set
# by hand: the schema compiled into the build folder, the catalogs built
# there and the icons of the source tree. Starts from an environment with none
# of the variables the tests set, and no schema installed on the machine.
#   check-devenv.sh MESON BUILD_ROOT APP_ID VERSION
# Output is TAP.
set -uo pipefail
meson=$1
build=$2
app_id=$3
version=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/empty"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
expect () { # expect DESCRIPTION ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3" "got:      $2" "$(head -c 1500 "$tmp/err")"; fi
}

devenv () { # devenv LANG COMMAND...
  local lang=$1; shift
  env -u GSETTINGS_SCHEMA_DIR -u COBRANZA_LOCALEDIR -u LANGUAGE \
      XDG_DATA_DIRS="$tmp/empty" GSETTINGS_BACKEND=memory LANG="$lang" \
      timeout 120 "$meson" devenv -C "$build" "$@" >"$tmp/out" 2>"$tmp/err"
}

devenv C.UTF-8 cobranza --version
expect "meson devenv runs cobranza --version" "$?" 0
expect "it prints the version (the schema check passed)" "$(cat "$tmp/out")" "cobranza $version"

devenv C.UTF-8 sh -c 'echo "$GSETTINGS_SCHEMA_DIR"'
schemas=$(cat "$tmp/out")
expect "GSETTINGS_SCHEMA_DIR holds the compiled schema" \
  "$(test -f "$schemas/gschemas.compiled" && echo yes)" yes
expect "the compiled schema is the app's" \
  "$(GSETTINGS_SCHEMA_DIR="$schemas" XDG_DATA_DIRS="$tmp/empty" gsettings list-keys "$app_id" >/dev/null 2>&1 && echo yes)" yes

devenv C.UTF-8 sh -c 'echo "$XDG_DATA_DIRS"'
expect "XDG_DATA_DIRS finds the app icon" \
  "$(IFS=:; for d in $(cat "$tmp/out"); do test -f "$d/icons/hicolor/scalable/apps/$app_id.svg" && echo yes && break; done)" yes

devenv es_MX.UTF-8 cobranza --help
expect "meson devenv runs cobranza --help in Spanish" "$?" 0
expect "the catalogs built in the build folder are found" \
  "$(grep -c 'Mostrar la versión y salir' "$tmp/out")" 1

echo "1..$n"
[ "$failed" -eq 0 ]
