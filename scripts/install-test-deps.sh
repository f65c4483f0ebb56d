#!/bin/sh
# Installs what the test suite needs beyond npm packages: Debian's Chromium for the browser tests.
# Never downloads a browser of its own (playwright-core drives /usr/bin/chromium).
set -eu
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and this is not a Debian/Ubuntu machine: install chromium and set CHROMIUM_PATH." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
