#!/usr/bin/env bash
# The app started without its settings schema must say so in one sentence and
# exit with status 1, instead of aborting inside GIO; with the schema it starts.
#   check-missing-schema.sh PATH/TO/cobranza BUILD_ROOT APP_ID VERSION
# Output is TAP.
set -uo pipefail
app=$1
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
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3" "got:      $2"; fi
}

# No schema anywhere: neither the build's nor one installed on this machine.
run_without_schema () {
  env GSETTINGS_SCHEMA_DIR="$tmp/empty" XDG_DATA_DIRS="$tmp/empty" GSETTINGS_BACKEND=memory \
      COBRANZA_LOCALEDIR="$build/po" "$@" timeout 60 "$app" >"$tmp/out" 2>"$tmp/err"
}

run_without_schema env LANG=C.UTF-8 LANGUAGE=
expect "without its schema the app exits with status 1" "$?" 1
expect "it says what is missing, in one sentence" "$(cat "$tmp/err")" \
  "Cobranza cannot start: its settings schema $app_id is not installed. Run it from “meson devenv -C _build” or install it."
expect "it prints nothing else" "$(wc -c <"$tmp/out")" 0

run_without_schema env LANG=es_MX.UTF-8 LANGUAGE=
expect "in Spanish it exits with status 1 too" "$?" 1
expect "and says it in Spanish" "$(cat "$tmp/err")" \
  "Cobranza no puede iniciarse: falta instalar su esquema de configuración $app_id. Ejecútela desde “meson devenv -C _build” o instálela."

# With the schema compiled into the build folder the check lets it through.
env GSETTINGS_SCHEMA_DIR="$build/data" XDG_DATA_DIRS="$tmp/empty" GSETTINGS_BACKEND=memory \
    LANG=C.UTF-8 timeout 60 "$app" --version >"$tmp/out" 2>"$tmp/err"
expect "with the build's schema, --version exits 0" "$?" 0
expect "and prints the version" "$(cat "$tmp/out")" "cobranza $version"

echo "1..$n"
[ "$failed" -eq 0 ]
