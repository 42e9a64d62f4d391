#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a Secret Service of its own: GNOME Keyring on a private D-Bus session
# bus, its login keyring (password "test") made afresh in $XDG_DATA_HOME/keyrings, which the
# test environment puts in the build tree. Usage: with-secret-service.sh COMMAND [ARG...]
set -eu

: "${XDG_DATA_HOME:?must point into the build tree}"
rm -rf "$XDG_DATA_HOME/keyrings"
# The daemon's control socket: not in the user's runtime folder, where their own keyring
# daemon listens, and in a short path (a socket's path has at most 107 bytes).
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_RUNTIME_DIR
# No screen for an unlock prompt: a locked keyring fails at once rather than waiting for a
# window on the desktop the tests happen to run in.
unset DISPLAY WAYLAND_DISPLAY

status=0
dbus-run-session -- sh -c '
  printf test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  # The daemon takes its bus name after it has daemonized.
  gdbus wait --session --timeout 10 org.freedesktop.secrets
  exec "$@"' with-secret-service "$@" || status=$?
rm -rf "$XDG_RUNTIME_DIR"
exit "$status"
