#!/bin/sh
# Installs what the test suite needs beyond npm packages: Debian's Chromium for the browser tests
# and a font for their screenshots, and PostgreSQL for the storage contract and the integration
# tests on PostgreSQL (the tests run their own throwaway cluster: scripts/pg.mjs; the package's
# own cluster is not used). Only what is missing: a Chromium or PostgreSQL already there is used
# as it is, never upgraded. Never downloads a browser of its own (playwright-core drives
# /usr/bin/chromium, or CHROMIUM_PATH).
set -eu
here=$(dirname "$0")
PACKAGES="fonts-dejavu-core postgresql"
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium: $CHROMIUM_PATH"
else
  PACKAGES="chromium $PACKAGES"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  status=0
  case "$PACKAGES" in
    chromium*)
      if [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ]; then
        echo "Chromium is missing and this is not a Debian/Ubuntu machine: install chromium and set CHROMIUM_PATH." >&2
        status=1
      fi
      ;;
  esac
  if ! node "$here/pg.mjs" bin >/dev/null; then
    echo "PostgreSQL is missing and this is not a Debian/Ubuntu machine: install its server (initdb, pg_ctl) and set PG_BIN to their folder, or set TEST_DATABASE_URL." >&2
    status=1
  fi
  exit $status
fi

missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $package"
done
if [ -z "$missing" ]; then
  echo "test dependencies present: $(chromium --version 2>/dev/null || echo chromium), PostgreSQL in $(node "$here/pg.mjs" bin)"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# .ci/run refreshes the package lists first and says so.
[ "${APT_LISTS_FRESH:-}" = 1 ] || $SUDO apt-get update
echo "installing:$missing"
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
