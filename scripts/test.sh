#!/usr/bin/env bash
# Runs every PortKeeper test on a fresh machine: installs PostgreSQL's server binaries if
# missing (the tests start a private instance of their own on loopback), systemd's tools
# (the tests check the units with systemd-analyze) and Debian's Chromium (the status page's
# browser tests), builds, runs all tests (one of which publishes the release archive), and
# fails when any test fails or is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-postgres.sh
bash scripts/install-systemd.sh
bash scripts/install-chromium.sh
dotnet build PortKeeper.sln -c Release --nologo -v q

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test PortKeeper.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per project.
read -r passed failed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
  awk -F'[:,] +' '{f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
if [ "$passed" -eq 0 ] || [ "$skipped" -ne 0 ]; then
  echo "every test must run: ${skipped} skipped, ${passed} passed" >&2
  exit 1
fi
