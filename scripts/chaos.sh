#!/usr/bin/env bash
# Runs the chaos run against three node processes on a private PostgreSQL: frps-like load of
# 10,000 proxies of 2,000 users through random nodes, a node killed with kill -9 every 5-10 s
# and started again, PostgreSQL stopped in the middle, every answer checked, the map audited.
#   scripts/chaos.sh            5 minutes, a 30 s database outage
#   scripts/chaos.sh 120 0      2 minutes, no outage
# More settings (PORTKEEPER_CHAOS_PROXIES, _USERS, _WORKERS, _SEED): docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-postgres.sh
dotnet build PortKeeper.sln -c Release --nologo -v q
PORTKEEPER_CHAOS_SECONDS="${1:-300}" PORTKEEPER_CHAOS_OUTAGE_SECONDS="${2:-30}" \
  dotnet test tests/PortKeeper.Integration.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Chaos.ChaosTests" --logger "console;verbosity=detailed"
