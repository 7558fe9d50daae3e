#!/usr/bin/env bash
# Installs everything Cobranza needs to build, test and run on Debian 12 / Ubuntu.
# Used by README's commands and by .ci/run; safe to run again.
set -euo pipefail

PACKAGES=(
  # build
  gcc meson ninja-build pkg-config gettext itstool appstream desktop-file-utils
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libsqlite3-dev libjson-glib-dev libsecret-1-dev libcairo2-dev libpango1.0-dev
  libpoppler-glib-dev libqrencode-dev librsvg2-dev libxml2-utils libharfbuzz-dev libfreetype-dev libjpeg-dev
  # run and test headless
  xvfb xauth dbus dbus-x11 gnome-keyring at-spi2-core sqlite3 qpdf poppler-utils
  zbar-tools imagemagick xdotool jq python3 fonts-cantarell fonts-dejavu-core fonts-liberation2
  hicolor-icon-theme adwaita-icon-theme locales
  # packaging checks: the Flatpak manifests (parsed offline) and the Mallard help
  flatpak-builder yelp-tools
  # benchmarks' comparison tools
  wkhtmltopdf weasyprint
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The tests and the README's Spanish screenshots need these locales generated.
if ! locale -a 2>/dev/null | grep -qi '^es_MX.utf8$'; then
  $SUDO sed -i -e 's/^# *\(es_MX.UTF-8\)/\1/' -e 's/^# *\(en_US.UTF-8\)/\1/' /etc/locale.gen 2>/dev/null || true
  grep -q '^es_MX.UTF-8' /etc/locale.gen 2>/dev/null || echo 'es_MX.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  grep -q '^en_US.UTF-8' /etc/locale.gen 2>/dev/null || echo 'en_US.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
