#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages MailMind needs: a C++ toolchain and
# libsecret to build keytar and better-sqlite3, and with --test the real peers
# the tests run against (Dovecot, gnome-keyring on D-Bus, Chromium).
# Packages already installed are not fetched again, so this is quick to rerun.
set -euo pipefail

packages=(build-essential python3 libsecret-1-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(dovecot-imapd gnome-keyring dbus dbus-x11 chromium)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "System packages present: ${packages[*]}"
  exit 0
fi

sudo=()
[[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
