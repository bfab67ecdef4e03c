#!/usr/bin/env bash
# Installs Debian's Chromium if /usr/bin/chromium is missing. Idempotent and quiet.
# The status page's browser tests drive it headless through PuppeteerSharp; nothing is downloaded by the tests.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" chromium

if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium installed but no /usr/bin/chromium found" >&2
  exit 1
fi
