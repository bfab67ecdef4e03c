#!/usr/bin/env bash
# Installs Debian's systemd package if systemd-analyze is missing: the tests check the units with
# `systemd-analyze verify` and `security --offline`. Nothing is started. Idempotent and quiet.
set -euo pipefail

if ! command -v systemd-analyze > /dev/null || [ ! -d /usr/lib/systemd/system ]; then
  bash "$(dirname "$0")/apt-install.sh" systemd
fi
