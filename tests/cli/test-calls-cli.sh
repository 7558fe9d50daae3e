#!/usr/bin/env bash
# cobranza-cli call, dispute, note, reason and opt-out as people and scripts
# run them, always with --now: what each writes (read back with the sqlite3
# tool), errors that name the value and change nothing, Spanish messages.
#   test-calls-cli.sh PATH/TO/cobranza-cli FIXTURES_DIR
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
q () { sqlite3 "$db" "$1"; }
contains () { grep -qF -- "$2" "$1"; }
equals () { [ "$1" = "$2" ] || { echo "expected “$2”, got “$1”"; return 1; }; }
# Everything a refused command must leave as it was.
snapshot () { q "SELECT count(*) FROM events; SELECT count(*) FROM tasks WHERE done_at IS NULL;
                 SELECT count(*) FROM disputes; SELECT group_concat(status || balance) FROM invoices;
                 SELECT group_concat(coalesce(nonpayment_reason, '-') || opt_out_whatsapp) FROM debtors"; }

db="$tmp/calls.sqlite"
monday="--now 2026-11-23T10:00:00-06:00"
wednesday="--now 2026-11-25T10:00:00-06:00"
run () { "$cli" --database "$db" "$@" >"$tmp/out" 2>"$tmp/err"; }

"$cli" --database "$db" $monday import "$fixtures/import-utf8.csv" >/dev/null 2>&1
check "the fixture imports" equals "$?" 0
lopez=$(q "SELECT id FROM debtors WHERE tax_id = 'GODE561231GR8'")

# call
run $monday call --tax-id GODE561231GR8 --outcome "sin respuesta" --note "Nadie contestó" --follow-up 2026-11-25
check "call exits 0" equals "$?" 0
check "call says what it logged" contains "$tmp/out" "logged: No answer"
check "call names the follow-up task" contains "$tmp/out" "on 2026-11-25"
check "the call is on the timeline: phone, outbound, who" \
  equals "$(q "SELECT channel || '|' || direction || '|' || (recorded_by IS NOT NULL) || '|' || body FROM events WHERE kind = 'call'")" \
         "phone|outbound|1|Nadie contestó"
check "the call's data names the outcome" \
  equals "$(q "SELECT json_extract(data, '$.outcome') || ' ' || json_extract(data, '$.follow_up') FROM events WHERE kind = 'call'")" \
         "no-answer 2026-11-25"
check "the follow-up is an open task from the call" \
  equals "$(q "SELECT t.kind || ' ' || t.due_on FROM tasks t JOIN events e ON e.id = t.source_event WHERE t.done_at IS NULL AND e.kind = 'call'")" \
         "follow-up 2026-11-25"
check "the call counts as contact" \
  equals "$(q "SELECT last_contact_at IS NOT NULL FROM debtor_summaries WHERE debtor_id = $lopez")" 1

run $wednesday call --customer "$lopez" --outcome call-back --json
check "call --json exits 0" equals "$?" 0
check "call --json prints one object with the tasks it did" \
  equals "$(python3 -c 'import json,sys; o=json.loads(open(sys.argv[1]).read()); print(o["outcome"], o["follow_up"], o["completed_tasks"])' "$tmp/out")" \
         "call-back None [1]"
check "Wednesday's call did Wednesday's task" equals "$(q "SELECT count(*) FROM tasks WHERE done_at IS NOT NULL")" 1

before=$(snapshot)
run $monday call --customer "$lopez" --outcome maybe
check "an unknown outcome is a usage error" equals "$?" 2
check "it names the outcome" contains "$tmp/err" "“maybe” is not a call outcome"
run $wednesday call --customer "$lopez" --outcome other --follow-up 24/11/2026
check "a follow-up in the past is refused" equals "$?" 1
check "it names the day" contains "$tmp/err" "2026-11-24"
run $monday call --customer "$lopez" --outcome other --follow-up 31/11/2026
check "a day that does not exist is a usage error" equals "$?" 2
check "it names the option and the text" contains "$tmp/err" "--follow-up: “31/11/2026” is not a date"
run $monday call --customer 999 --outcome other
check "an unknown customer is refused" equals "$?" 1
check "it names the customer number" contains "$tmp/err" "no customer number 999"
run $monday call --outcome other
check "no customer is a usage error" equals "$?" 2
check "refused calls change nothing" equals "$(snapshot)" "$before"

# dispute
run $monday dispute --invoice F-001 --reason wrong-amount --note "Son 40 piezas, no 50"
check "dispute exits 0" equals "$?" 0
check "dispute says the invoice is not chased" contains "$tmp/out" "not chased until resolved"
check "the invoice is disputed" equals "$(q "SELECT status FROM invoices WHERE number = 'F-001'")" disputed
check "it leaves the overdue balance (F-002's 1,000.00 stays)" \
  equals "$(q "SELECT overdue_balance || ' ' || open_balance FROM debtor_summaries WHERE debtor_id = $lopez")" "100000 223456"
check "the dispute is on the timeline, linked to the invoice" \
  equals "$(q "SELECT json_extract(e.data, '$.state') || ' ' || i.number FROM events e JOIN event_invoices l ON l.event_id = e.id JOIN invoices i ON i.id = l.invoice_id WHERE e.kind = 'dispute'")" \
         "opened F-001"
before=$(snapshot)
run $monday dispute --invoice F-001 --reason other
check "the same invoice cannot be disputed twice" equals "$?" 1
check "it says so" contains "$tmp/err" "F-001 is already disputed"
run $monday dispute --invoice F-404 --reason other
check "an unknown invoice number is refused" equals "$?" 1
check "it names the number" contains "$tmp/err" "“F-404”"
run $monday dispute --invoice F-002 --reason rubbish
check "an unknown reason is a usage error" equals "$?" 2
run $monday dispute --resolve 1 --upheld --credit 2.000,00
check "a credit above the balance is refused" equals "$?" 1
check "it names both amounts" contains "$tmp/err" "The credit (MXN 2,000.00) is more than invoice F-001 still owes (MXN 1,234.56)"
run $monday dispute --resolve 1 --upheld --credit 12,3,4
check "an amount that is not one is a usage error" equals "$?" 2
check "it names the amount" contains "$tmp/err" "--credit:"
run $monday dispute --resolve 1 --rejected --credit 10
check "a rejection with a credit is a usage error" equals "$?" 2
check "refused disputes change nothing" equals "$(snapshot)" "$before"

run $monday dispute --list --json
check "dispute --list --json exits 0" equals "$?" 0
check "it lists the open dispute as one object per line" \
  equals "$(python3 -c 'import json,sys; print([(o["number"], o["state"], o["balance"]) for o in map(json.loads, open(sys.argv[1]))])' "$tmp/out")" \
         "[('F-001', 'open', 123456)]"

run $monday dispute --resolve 1 --upheld --credit "234,56" --note "Nota de crédito NC-7"
check "resolve --upheld exits 0" equals "$?" 0
check "the credit comes off, to the cent" \
  equals "$(q "SELECT balance || ' ' || status FROM invoices WHERE number = 'F-001'")" "100000 partially-paid"
check "no payment, allocation or credit was made" \
  equals "$(q "SELECT (SELECT count(*) FROM payments) + (SELECT count(*) FROM payment_allocations) + (SELECT count(*) FROM credit_entries)")" 0
check "F-001 is overdue again for what is left" \
  equals "$(q "SELECT overdue_balance FROM debtor_summaries WHERE debtor_id = $lopez")" 200000
run $monday dispute --resolve 1 --rejected
check "a resolved dispute cannot be resolved again" equals "$?" 1

run $monday dispute --invoice F-002 --customer "$lopez" --reason quality
run $monday dispute --resolve 2 --rejected --note "Sin daño"
check "a rejected dispute gives the status back" \
  equals "$(q "SELECT balance || ' ' || status FROM invoices WHERE number = 'F-002'")" "100000 partially-paid"
run $monday dispute --list
check "no open disputes are left" contains "$tmp/out" "No open disputes."
run $monday dispute --list --all
check "--all lists the resolved ones" contains "$tmp/out" "upheld with a credit of"

# The same number for two customers: say which.
printf 'Cliente,Factura,Vencimiento,Monto,Saldo,Moneda\n"Papelería ""El Lápiz""",N-9,01/10/2026,50.00,50.00,MXN\n' >"$tmp/n9.csv"
"$cli" --database "$db" $monday import "$tmp/n9.csv" >/dev/null 2>&1
check "another customer gets an invoice N-9" equals "$(q "SELECT count(*) FROM invoices WHERE number = 'N-9'")" 2
run $monday dispute --invoice N-9 --reason other
check "an invoice number two customers have is refused" equals "$?" 1
check "it asks which customer" contains "$tmp/err" "say which with --customer"

# note, reason, opt-out
run $monday note --customer "$lopez" El dueño paga los viernes
check "note exits 0" equals "$?" 0
check "the note is on the timeline" equals "$(q "SELECT body FROM events WHERE kind = 'note'")" "El dueño paga los viernes"
run $monday note --customer "$lopez"
check "a note without text is a usage error" equals "$?" 2

run $monday reason --customer "$lopez" cash-flow --note "Espera un pago grande"
check "reason exits 0" equals "$?" 0
check "the reason is kept on the customer" equals "$(q "SELECT nonpayment_reason FROM debtors WHERE id = $lopez")" cash-flow
check "and on the timeline" equals "$(q "SELECT json_extract(data, '$.reason') FROM events WHERE kind = 'reason'")" cash-flow
before=$(snapshot)
run $monday reason --customer "$lopez" laziness
check "an unknown reason is a usage error" equals "$?" 2
check "it names the reason" contains "$tmp/err" "“laziness”"

run $monday opt-out --customer "$lopez" --channel WhatsApp --channel teléfono --evidence "Lo pidió por teléfono el 23/11"
check "opt-out exits 0" equals "$?" 0
check "both channels are off" \
  equals "$(q "SELECT opt_out_whatsapp || opt_out_call FROM debtors WHERE id = $lopez")" 11
run $monday opt-out --customer "$lopez" --channel whatsapp --evidence "Llamó para pedirlos otra vez" --undo
check "opt-out --undo exits 0" equals "$?" 0
check "WhatsApp is on again" equals "$(q "SELECT opt_out_whatsapp FROM debtors WHERE id = $lopez")" 0
check "each change is on the timeline with its evidence and who" \
  equals "$(q "SELECT count(*) FROM events WHERE kind = 'opt-out' AND body IS NOT NULL AND recorded_by IS NOT NULL")" 3
before=$(snapshot)
run $monday opt-out --customer "$lopez" --channel sms
check "an opt-out without evidence is a usage error" equals "$?" 2
run $monday opt-out --customer "$lopez" --channel fax --evidence "x"
check "an unknown channel is a usage error" equals "$?" 2
check "it names the channel" contains "$tmp/err" "“fax”"
check "refused opt-outs change nothing" equals "$(snapshot)" "$before"

# In Spanish.
LANG=es_MX.UTF-8 LANGUAGE= "$cli" --database "$db" $monday call --customer "$lopez" --outcome quizas >"$tmp/out" 2>"$tmp/err"
check "the errors are told in Spanish" contains "$tmp/err" "“quizas” no es un resultado de llamada"
LANG=es_MX.UTF-8 LANGUAGE= "$cli" --database "$db" $monday call --customer "$lopez" --outcome "se dejo recado" >"$tmp/out" 2>"$tmp/err"
check "a Spanish outcome is understood" equals "$?" 0
check "and the result is told in Spanish" contains "$tmp/out" "Llamada a Ferretería López, S.A. de C.V. (cliente $lopez) registrada: Se dejó recado."
LANG=es_MX.UTF-8 LANGUAGE= "$cli" --database "$db" $monday dispute --list --all >"$tmp/out" 2>"$tmp/err"
check "dispute --list speaks Spanish" contains "$tmp/out" "rechazada"

echo "1..$n"
[ "$failed" -eq 0 ]
