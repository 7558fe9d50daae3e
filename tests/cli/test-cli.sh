#!/usr/bin/env bash
# Runs cobranza-cli as people and scripts run it: import (clean, bad, re-import,
# valid rows only, Spanish messages), demo, export and re-import, letters.
# Checks the database with the sqlite3 tool and the PDFs with qpdf/pdftotext.
#   test-cli.sh PATH/TO/cobranza-cli FIXTURES_DIR
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
equals () { [ "$1" = "$2" ] || { echo "expected “$2”, got “$1”"; return 1; }; }

db="$tmp/a.sqlite"

# A clean file: rows in, one transaction, import event on each customer.
"$cli" --database "$db" import "$fixtures/import-utf8.csv" >"$tmp/out" 2>"$tmp/err"
check "import of a clean CSV exits 0" equals "$?" 0
check "it reports the invoices created" contains "$tmp/out" "Invoices created:            5"
check "the invoices are in the file" equals "$(q "$db" 'SELECT count(*) FROM invoices')" 5
check "every customer has the import on the timeline" \
  equals "$(q "$db" "SELECT count(DISTINCT debtor_id) FROM events WHERE kind = 'import'")" \
         "$(q "$db" 'SELECT count(*) FROM debtors')"

# The same file again: nothing duplicated.
before=$(q "$db" 'SELECT count(*), sum(balance) FROM invoices')
"$cli" --database "$db" import "$fixtures/import-utf8.csv" >"$tmp/out" 2>"$tmp/err"
check "re-import exits 0" equals "$?" 0
check "re-import reports the invoices as unchanged" contains "$tmp/out" "Invoices unchanged:          5"
check "re-import duplicates nothing" equals "$(q "$db" 'SELECT count(*), sum(balance) FROM invoices')" "$before"

# A bad file: every problem named, nothing written.
snapshot=$(q "$db" 'SELECT count(*) FROM invoices; SELECT count(*) FROM debtors; SELECT count(*) FROM events')
"$cli" --database "$db" import "$fixtures/import-bad.csv" >"$tmp/out" 2>"$tmp/err"
check "a bad file exits 1" equals "$?" 1
check "the bad date is named with row and column" contains "$tmp/err" "row 17, column “vencimiento”: “31/02/2024” is not a valid date"
check "the bad amount is named" contains "$tmp/err" "row 18, column “monto”: “12,34,5” is not a valid amount"
check "it says nothing was imported" contains "$tmp/err" "nothing was imported"
check "a bad file writes nothing" equals "$(q "$db" 'SELECT count(*) FROM invoices; SELECT count(*) FROM debtors; SELECT count(*) FROM events')" "$snapshot"

# In Spanish.
LANG=es_MX.UTF-8 LANGUAGE= "$cli" --database "$db" import "$fixtures/import-bad.csv" >"$tmp/out" 2>"$tmp/err"
check "the problems are told in Spanish" contains "$tmp/err" "fila 17, columna “vencimiento”: “31/02/2024” no es una fecha válida"

# Only the valid rows, when asked.
"$cli" --database "$db" import --valid-rows-only "$fixtures/import-bad.csv" >"$tmp/out" 2>"$tmp/err"
check "--valid-rows-only exits 0" equals "$?" 0
check "--valid-rows-only imports the good rows" test "$(q "$db" "SELECT count(*) FROM invoices WHERE number LIKE 'B-%'")" -gt 0

# Windows-1252 from Excel.
"$cli" --database "$tmp/b.sqlite" import "$fixtures/import-cp1252.csv" >"$tmp/out" 2>"$tmp/err"
check "a Windows-1252 file imports" equals "$?" 0
check "its accents arrive intact" test "$(q "$tmp/b.sqlite" "SELECT count(*) FROM debtors WHERE name GLOB '*[áéíóúñÁÉÍÓÚÑ]*'")" -gt 0

# A missing file is a clear error, not a crash.
"$cli" --database "$db" import "$tmp/nope.csv" >"$tmp/out" 2>"$tmp/err"
check "a missing file exits non-zero" test "$?" -ne 0
check "a missing file is named" contains "$tmp/err" "nope.csv"

# Demo, export, and the export read back into a new portfolio.
demo="$tmp/demo.sqlite"
"$cli" --database "$demo" demo --customers 40 --seed 7 --today 2026-11-23 >"$tmp/out" 2>"$tmp/err"
check "demo exits 0" equals "$?" 0
check "demo writes 40 customers" equals "$(q "$demo" 'SELECT count(*) FROM debtors')" 40
check "demo sets up a company for letters and reminders" test -n "$("$cli" --database "$demo" company | head -1)"
"$cli" --database "$demo" export --out "$tmp/export.csv" >"$tmp/out" 2>"$tmp/err"
check "export exits 0" equals "$?" 0
"$cli" --database "$tmp/round.sqlite" import "$tmp/export.csv" >"$tmp/out" 2>"$tmp/err"
check "the export imports back" equals "$?" 0
open_sum="SELECT currency, count(*), sum(balance) FROM invoices WHERE status NOT IN ('paid', 'written-off', 'written_off') GROUP BY currency ORDER BY currency"
check "open invoices and balances survive the round trip" equals "$(q "$tmp/round.sqlite" "$open_sum")" "$(q "$demo" "$open_sum")"
(cd "$tmp" && "$cli" --database "$demo" export --out - >"$tmp/stdout.csv" 2>"$tmp/err")
check "export --out - exits 0" equals "$?" 0
check "export --out - writes the CSV to standard output" cmp "$tmp/stdout.csv" "$tmp/export.csv"
check "export --out - makes no file named “-”" test ! -e "$tmp/-"
"$cli" --database "$demo" export >"$tmp/plain.csv" 2>"$tmp/err"
check "export without --out writes to standard output too" cmp "$tmp/plain.csv" "$tmp/export.csv"

# A customer whose name a spreadsheet would run as a formula.
sqlite3 "$demo" "UPDATE debtors SET name = '=HYPERLINK(\"http://evil.example\",\"click\")' WHERE id = (SELECT MIN(id) FROM debtors)"
"$cli" --database "$demo" export --out "$tmp/formula.csv" >"$tmp/out" 2>"$tmp/err"
check "a formula name is exported behind an apostrophe, quoted" \
  contains "$tmp/formula.csv" '"'"'"'=HYPERLINK(""http://evil.example"",""click"")",'
check "no cell starts a formula" test -z "$(grep -E '(^|,)([=+@]|-[^0-9])' "$tmp/formula.csv" | head -3)"

# Letters: one combined PDF that qpdf finds sound and that names the customers.
"$cli" --database "$demo" letters --level 2 --min-days-overdue 1 --out "$tmp/letters.pdf" >"$tmp/out" 2>"$tmp/err"
check "letters exits 0" equals "$?" 0
check "the letters PDF passes qpdf --check" qpdf --check "$tmp/letters.pdf"
pdftotext "$tmp/letters.pdf" "$tmp/letters.txt" 2>/dev/null
first=$(q "$demo" "SELECT d.name FROM debtors d JOIN debtor_summaries s ON s.debtor_id = d.id WHERE s.overdue_balance > 0 AND d.opt_out_letter = 0 ORDER BY d.name_key LIMIT 1")
check "the letters name the first overdue customer" contains "$tmp/letters.txt" "$first"
check "each letter is on its customer's timeline" \
  test "$(q "$demo" "SELECT count(*) FROM events WHERE kind = 'letter'")" -gt 0

# Unknown command: help, non-zero.
"$cli" --database "$db" frobnicate >"$tmp/out" 2>"$tmp/err"
check "an unknown command exits non-zero" test "$?" -ne 0

echo "1..$n"
[ "$failed" -eq 0 ]
