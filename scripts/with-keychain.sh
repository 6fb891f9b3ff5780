#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a freshly unlocked gnome-keyring (a real Secret Service),
# so keytar talks to a real keychain without touching the user's own.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "KEYCHAIN SUITE CANNOT RUN: '$tool' is missing (apt-get install -y dbus dbus-x11 gnome-keyring libsecret-tools)" >&2
    exit 3
  fi
done
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export KEYCHAIN_TEST_HOME="$home"
HOME="$home" exec dbus-run-session -- bash -c \
  'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' _ npx "$@"
