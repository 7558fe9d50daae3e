#!/usr/bin/env bash
# cobranza-cli import of tax IDs that do not check out: warnings, not a
# refusal. Exit codes, what is said on stdout and stderr (in English and in
# Spanish), and what lands in the database.
#   test-import-cli.sh PATH/TO/cobranza-cli FIXTURES_DIR
# Output is TAP.
set -uo pipefail
cli=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check () { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >"$tmp/check.out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -c 2000 "$tmp/check.out")"; fi
}
q () { sqlite3 "$1" "$2"; }
contains () { grep -qF -- "$2" "$1"; }
lacks () { ! grep -qF -- "$2" "$1"; }
equals () { [ "$1" = "$2" ] || { echo "expected “$2”, got “$1”"; return 1; }; }

db="$tmp/a.sqlite"

# Mistyped RFC, RUT and NIT: imported, with a warning each.
"$cli" --database "$db" import "$fixtures/import-tax-id-warnings.csv" >"$tmp/out" 2>"$tmp/err"
check "an import with mistyped tax IDs exits 0" equals "$?" 0
check "the mistyped RFC is named with row, column, value and reason" contains "$tmp/err" \
  "warning: row 2, column “Identificación fiscal”: “GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)"
check "the mistyped RUT is named" contains "$tmp/err" \
  "warning: row 4, column “Identificación fiscal”: “12.345.678-9” is not a valid RUT: its check digit does not match (is a character mistyped?)"
check "the mistyped NIT is named" contains "$tmp/err" \
  "warning: row 5, column “Identificación fiscal”: “900.123.456-1” is not a valid NIT: its check digit does not match (is a character mistyped?)"
check "a customer with two rows is warned about once" equals "$(grep -c GODE561231GR9 "$tmp/err")" 1
check "it says the rows were imported" contains "$tmp/err" "5 warnings: their rows were imported all the same."
check "it says what became of the tax IDs" contains "$tmp/err" \
  "A tax ID that does not check out is kept as written and marked as unverified until someone corrects it on the customer’s page;"
check "it says nothing was refused" lacks "$tmp/err" "nothing was imported"
check "the summary counts the warnings" contains "$tmp/out" "Warnings:                    5"
check "the summary counts the unverified tax IDs" contains "$tmp/out" "Unverified tax IDs:          5"
check "every row is in" contains "$tmp/out" "Rows imported:               7"
check "the IDs are stored as written and marked" equals \
  "$(q "$db" "SELECT group_concat (tax_id || ':' || COALESCE (tax_id_problem, 'ok'), ' ') FROM (SELECT * FROM debtors ORDER BY id)")" \
  "GODE561231GR9:check-digit 12.345.678-9:check-digit 900.123.456-1:check-digit pendiente:invalid pendiente:invalid EKU9003173C9:ok"
check "the “Estado” of Mexican states is the region" equals \
  "$(q "$db" "SELECT region FROM debtors WHERE tax_id = 'GODE561231GR9'")" "Jalisco"

# In Spanish.
LANG=es_MX.UTF-8 LANGUAGE= "$cli" --database "$tmp/es.sqlite" import "$fixtures/import-tax-id-warnings.csv" >"$tmp/out" 2>"$tmp/err"
check "in Spanish it exits 0 too" equals "$?" 0
check "the warnings are told in Spanish" contains "$tmp/err" \
  "aviso: fila 2, columna “Identificación fiscal”: “GODE561231GR9” no es un RFC válido: su dígito verificador no coincide (¿hay un carácter mal escrito?)"
check "what became of them, in Spanish" contains "$tmp/err" "5 avisos: sus filas se importaron de todos modos."
check "the summary in Spanish" contains "$tmp/out" "Identificadores sin verificar: 5"

# A file with real problems is still refused; its warnings are told apart.
"$cli" --database "$tmp/bad.sqlite" import "$fixtures/import-bad.csv" >"$tmp/out" 2>"$tmp/err"
check "a file with problems exits 1" equals "$?" 1
check "its tax ID is a warning among the problems" contains "$tmp/err" \
  "warning: row 20, column “rfc”: “ABC123” is not a valid RFC"
check "its problems are not warnings" contains "$tmp/err" \
  "row 17, column “vencimiento”: “31/02/2024” is not a valid date"
check "its unreadable phone is a warning too" contains "$tmp/err" \
  "warning: row 21, column “teléfono”: “55-CALL-NOW” has characters that are not part of a phone number"
check "the refusal counts the rows with problems only" contains "$tmp/err" \
  "9 rows have problems, so nothing was imported."
"$cli" --database "$tmp/bad.sqlite" import --valid-rows-only "$fixtures/import-bad.csv" >"$tmp/out" 2>"$tmp/err"
check "--valid-rows-only exits 0" equals "$?" 0
check "--valid-rows-only imports the row with the unverified tax ID" equals \
  "$(q "$tmp/bad.sqlite" "SELECT tax_id || ':' || tax_id_problem FROM debtors WHERE name = 'Cliente Malo 20'")" "ABC123:invalid"

echo "1..$n"
[ "$failed" -eq 0 ]
