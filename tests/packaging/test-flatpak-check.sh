#!/usr/bin/env bash
# The manifest check must fail, naming what is wrong, when the manifests drift
# from meson.build or the runtime: each case breaks a copy of the tree one way.
#   test-flatpak-check.sh SOURCE_ROOT CHECKER [FLATPAK_BUILDER]
# Output is TAP.
set -uo pipefail
source=$1
checker=$2
flatpak_builder=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

fresh () {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree"
  cp -r "$source/meson.build" "$source/flatpak" "$tmp/tree/"
  mkdir -p "$tmp/tree/data"
  cp "$source/data/meson.build" "$tmp/tree/data/"
}

edit_json () { # edit_json FILE PYTHON-EXPRESSION-ON-d
  python3 - "$1" "$2" <<'PY'
import json, sys
path, code = sys.argv[1], sys.argv[2]
d = json.load(open(path))
exec(code)
json.dump(d, open(path, "w"), indent=2)
PY
}

expect_failure () { # expect_failure DESCRIPTION TEXT-THE-REPORT-MUST-NAME
  python3 "$checker" "$tmp/tree" "$flatpak_builder" >"$tmp/report" 2>&1
  local status=$?
  if [ "$status" -ne 0 ] && grep -q '^not ok' "$tmp/report" && grep -qF -- "$2" "$tmp/report"; then
    ok "$1"
  else
    not_ok "$1" "exit status $status; the report should fail and name “$2”:" \
      "$(grep -A3 '^not ok' "$tmp/report" | head -20)"
  fi
}

fresh
if python3 "$checker" "$tmp/tree" "$flatpak_builder" >"$tmp/report" 2>&1; then
  ok "the unchanged copy passes"
else
  not_ok "the unchanged copy passes" "$(grep -A3 '^not ok' "$tmp/report" | head -20)"
fi

fresh
edit_json "$tmp/tree/flatpak/io.github.cobranza.Cobranza.json" \
  'd["modules"] = [m for m in d["modules"] if m != "modules/poppler.json"]'
expect_failure "a manifest without the poppler module fails on poppler-glib" \
  "meson.build asks for dependency('poppler-glib')"

fresh
sed -i "s/qrencode_dep = dependency('libqrencode')/&\nzint_dep = dependency('zint')/" "$tmp/tree/meson.build"
expect_failure "a new dependency() no module builds fails, named" "dependency('zint')"

fresh
sed -i "s/dependency('libadwaita-1', version: '>= 1.2')/dependency('libadwaita-1', version: '>= 1.7')/" "$tmp/tree/meson.build"
expect_failure "a version the runtime does not ship fails, named" "it ships 1.6.10"

fresh
edit_json "$tmp/tree/flatpak/modules/libqrencode.json" \
  'd["sources"] = [{"type": "git", "url": "https://github.com/fukuchi/libqrencode.git", "tag": "v4.1.1"}]'
expect_failure "a git source instead of a pinned archive fails" "its source is of type “git”"

fresh
edit_json "$tmp/tree/flatpak/modules/poppler-data.json" 'd["sources"][0]["sha256"] = "abc"'
expect_failure "a missing or short sha256 fails" "module “poppler-data” pins poppler-data-0.4.12.tar.gz with a sha256"

fresh
edit_json "$tmp/tree/flatpak/io.github.cobranza.Cobranza.json" \
  'd["finish-args"] += ["--talk-name=org.freedesktop.secrets", "--filesystem=home"]'
expect_failure "the keyring's bus name is refused" "finish-arg --talk-name=org.freedesktop.secrets"
expect_failure "filesystem access is refused" "finish-arg --filesystem=home"

fresh
edit_json "$tmp/tree/flatpak/io.github.cobranza.Cobranza.Devel.json" \
  'd["modules"][-1]["config-opts"] = ["-Dbenchmarks=false"]'
expect_failure "a Devel manifest without the development profile fails" "uses -Dprofile=development"

fresh
edit_json "$tmp/tree/flatpak/io.github.cobranza.Cobranza.json" 'd["runtime-version"] = "48"'
expect_failure "a runtime with no list of what it ships fails" "flatpak/org.gnome.Platform-48.txt"

fresh
edit_json "$tmp/tree/flatpak/modules/libqrencode.json" 'd["x-provides-pkg-config"] = ["libqrencode", "json-glib-1.0"]'
expect_failure "a module that rebuilds what the runtime ships fails" "does not rebuild json-glib-1.0"

fresh
echo '{ "id": ' > "$tmp/tree/flatpak/io.github.cobranza.Cobranza.json"
expect_failure "a manifest flatpak-builder cannot parse fails" "--show-manifest"

echo "1..$n"
[ "$failed" -eq 0 ]
