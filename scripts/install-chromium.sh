#!/usr/bin/env bash
# Installs Debian's Chromium if /usr/bin/chromium is missing. Idempotent and quiet.
# The status page's browser tests drive it headless through PuppeteerSharp; nothing is downloaded by the tests.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium > /dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium installed but no /usr/bin/chromium found" >&2
  exit 1
fi
